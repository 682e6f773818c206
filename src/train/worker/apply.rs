//! What each [`Command`] does on the training thread.

use super::super::command::{Command, Update};
use super::super::facts::{DivergeCause, Parameter, Refusal};
use super::RESOLUTION_RANGE;
use super::train_loop::{TrainLoop, loss_cause};
use crate::nn::Model;
use std::time::Instant;

impl TrainLoop<'_> {
    pub(super) fn apply(&mut self, seq: u64, cmd: Command) {
        self.applied_seq = seq;
        // Whatever a command changed shows at once: stats, then the heatmap (see `publish`).
        self.heatmap.now = true;
        self.stats.now = true;
        match cmd {
            Command::EditPoints(edit) => match self.dataset.apply_edit(&edit) {
                Ok(()) => {
                    self.preview_pending = true;
                    self.load_data();
                }
                Err(e) => self.refuse(e.into()),
            },
            Command::ReplaceDataset(dataset) => {
                self.preview_pending = true;
                self.dataset = dataset;
                self.load_data();
            }
            Command::ReplaceModel { config, seed } => match Model::new(config, &self.dataset, seed)
            {
                Ok(model) => {
                    self.model = model;
                    self.seed = seed;
                    self.weights_replaced();
                }
                Err(e) => self.refuse(Refusal::InvalidNetworkSettings {
                    detail: e.to_string(),
                }),
            },
            Command::SetTrainConfig(train) => match self.model.set_train_config(train) {
                Ok(()) => {}
                Err(e) => self.refuse(Refusal::InvalidTrainSettings {
                    detail: e.to_string(),
                }),
            },
            Command::SetDropout(rates) => {
                if let Err(e) = self.model.set_dropout(rates) {
                    self.refuse(Refusal::InvalidNetworkSettings {
                        detail: e.to_string(),
                    });
                }
            }
            Command::SetLearningRate(lr) => {
                if lr.is_finite() && lr > 0.0 {
                    if let Err(e) = self.model.set_learning_rate(lr) {
                        self.refuse(Refusal::LearningRateNotSet {
                            rate: lr,
                            detail: e.to_string(),
                        });
                    }
                } else {
                    self.refuse(Refusal::InvalidLearningRate { rate: lr });
                }
            }
            Command::SetSpeed(speed) => match speed.clamped() {
                Some(speed) => {
                    self.speed = speed;
                    self.restart_pacing();
                }
                None => self.refuse(Refusal::NanSpeed),
            },
            Command::Pause => {
                self.running = false;
            }
            Command::Resume => {
                if !self.running {
                    self.running = true;
                    self.restart_pacing();
                }
            }
            Command::Step => {
                match self.model.step() {
                    Some(s) if s.loss.is_finite() => {
                        let step = self.model.steps() - 1;
                        let lr = self.model.config().train.rate_at(step);
                        self.history.push_rated(step, s.error, s.loss, Some(lr));
                        if self.model.mlp().is_finite() {
                            self.trained();
                        } else {
                            self.diverge(DivergeCause::WeightsInfinite);
                        }
                    }
                    Some(s) => self.diverge(loss_cause(s.loss)),
                    None => self.refuse(Refusal::NoTrainingPoints),
                }
                self.loss.now = true;
            }
            Command::Advance { steps } => self.advance(steps),
            Command::ResetWeights { seed } => match self.model.reset_weights(seed) {
                Ok(()) => {
                    self.seed = seed;
                    self.weights_replaced();
                }
                Err(e) => self.refuse(Refusal::ResetFailed {
                    detail: e.to_string(),
                }),
            },
            Command::SetView { bounds, resolution } => {
                if bounds.is_valid_view() {
                    let res = resolution.clamp(*RESOLUTION_RANGE.start(), *RESOLUTION_RANGE.end());
                    // Panning and zooming show at once, too.
                    self.preview_pending |= self.view != Some((bounds, res));
                    self.view = Some((bounds, res));
                } else {
                    self.refuse(Refusal::InvalidView { bounds });
                }
            }
            #[cfg(feature = "test-hooks")]
            Command::CrashForTest => {
                panic!("CrashForTest: the training worker panicked on purpose")
            }
            Command::SetStopCondition {
                max_loss,
                max_steps,
            } => {
                self.stop_max_loss = max_loss.filter(|l| l.is_finite() && *l > 0.0);
                self.stop_max_steps = max_steps;
            }
            Command::RequestSession => {
                let mut session =
                    crate::session::Session::from_model(&self.model, &self.dataset, self.seed);
                for s in self.history.samples() {
                    session.push_loss_sample(crate::session::SessionLossSample {
                        step: s.step,
                        error: s.error,
                        loss: s.loss,
                        lr: s.lr,
                    });
                }
                for s in self.history.test_samples() {
                    session.push_test_loss_sample(crate::session::SessionTestLossSample {
                        step: s.step,
                        loss: s.loss,
                    });
                }
                self.shared.post(Update::Session(Box::new(session)));
                (self.repaint)();
            }
            Command::LoadSession(session) => match session.to_model() {
                Ok(model) => {
                    self.model = model;
                    self.dataset = session.dataset.clone();
                    self.seed = session.seed;
                    self.weights_replaced();
                    for s in &session.loss_history {
                        self.history.push_rated(s.step, s.error, s.loss, s.lr);
                    }
                    for s in &session.test_loss_history {
                        self.history.push_test(s.step, s.loss);
                    }
                }
                Err(e) => self.refuse(Refusal::SessionNotLoaded {
                    detail: e.to_string(),
                }),
            },
            Command::SetWeight {
                layer,
                row,
                col,
                value,
            } => self.set_parameter(layer, Some(row), col, value),
            Command::SetBias { layer, unit, value } => self.set_parameter(layer, None, unit, value),
            Command::SetUnitMaps {
                enabled,
                resolution,
            } => self.inside.unit_maps_res = enabled.then(|| resolution.clamp(8, 64)),
            Command::ShowUnit(unit) => self.inside.show_unit = unit,
            Command::SetHiddenSpace(spec) => self.inside.hidden_space = spec,
            Command::SetHiddenSpaceStep(step) => self.inside.hidden_space_step = step,
            Command::RestoreSnapshot { step } => self.restore_snapshot(step),
            Command::SetHeatmapStyle(style) => self.style = style,
        }
    }

    /// Sets weight `W{layer}[row, unit]`, or bias `b{layer}[unit]` when `row` is `None`,
    /// keeping the step count and optimiser state.
    fn set_parameter(&mut self, layer: usize, row: Option<usize>, unit: usize, value: f64) {
        let parameter = match row {
            Some(row) => Parameter::Weight {
                layer,
                row,
                col: unit,
            },
            None => Parameter::Bias { layer, unit },
        };
        if !value.is_finite() {
            self.refuse(Refusal::NonFiniteParameter { parameter, value });
            return;
        }
        let mut params = self.model.mlp().parameters();
        let mut no_biases = false;
        let slot = params.get_mut(layer).and_then(|(w, b)| match row {
            Some(r) => w.get_mut((r, unit)),
            None => {
                no_biases = b.is_none();
                b.as_mut().and_then(|b| b.get_mut(unit))
            }
        });
        let Some(slot) = slot else {
            self.refuse(if no_biases {
                Refusal::NoBiases { parameter }
            } else {
                Refusal::NoSuchParameter {
                    parameter,
                    sizes: self.model.mlp().sizes(),
                }
            });
            return;
        };
        *slot = value;
        let state = self.model.trainer_state();
        if let Err(e) = self.model.set_parameters(params) {
            self.refuse(Refusal::ParameterNotSet {
                parameter,
                detail: e.to_string(),
            });
            return;
        }
        if let Err(e) = self.model.set_trainer_state(state) {
            self.refuse(Refusal::OptimizerRestarted {
                detail: e.to_string(),
            });
        }
        self.snapshot.clone_from(&self.model);
        self.trained();
    }

    /// Goes back to the timeline's snapshot of `step` (see [`Command::RestoreSnapshot`]).
    fn restore_snapshot(&mut self, step: u64) {
        // The exact step, or (when the timeline thinned it out meanwhile) the one before.
        let t = &self.inside.timeline;
        let found = t
            .find(step)
            .or_else(|| t.entries().iter().rev().find(|e| e.step <= step));
        let Some(entry) = found.cloned() else {
            self.refuse(Refusal::SnapshotNotFound { step });
            return;
        };
        if entry.step != step {
            self.refuse(Refusal::SnapshotReplaced {
                asked: step,
                used: entry.step,
            });
        }
        let step = entry.step;
        if let Err(e) = self.model.set_parameters(entry.model.mlp.parameters()) {
            self.refuse(Refusal::SnapshotNotRestored {
                step,
                detail: e.to_string(),
            });
            return;
        }
        // The optimiser restarts (set_parameters made it fresh, with t = 0); only the step
        // count goes back to the snapshot's.
        let mut state = self.model.trainer_state();
        state.steps = step;
        if let Err(e) = self.model.set_trainer_state(state) {
            self.refuse(Refusal::OptimizerRestarted {
                detail: e.to_string(),
            });
        }
        match step.checked_sub(1) {
            Some(last) => self.history.truncate_after(last),
            None => self.history.clear(),
        }
        self.inside.timeline.truncate_after(step);
        self.inside.timeline_changed = true;
        self.snapshot.clone_from(&self.model);
        self.snapshot_at = Instant::now();
        self.restart_pacing();
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
    }
}
