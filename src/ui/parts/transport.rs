//! The transport bar, always on top (as TF Playground keeps its controls): play/pause,
//! step, reset, the step counter, the learning rate, the speed, and presentation mode.

use super::super::action::Action;
use super::super::format::{format_count, format_lr, snap_125};
use super::super::shortcuts::{Shortcut, key_text};
use super::super::state::{LEARNING_RATE_RANGE, PersistedState, SPEED_RANGE};
use super::super::worker_link::WorkerLink;
use crate::tr;
use crate::train::Speed;
use egui::{Color32, RichText, vec2};

/// The transport bar (it keeps nothing between frames).
#[derive(Debug, Default)]
pub(crate) struct Transport;

impl Transport {
    /// One row (it wraps on a narrow window rather than cutting anything off).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        link: &WorkerLink,
        scrubbed_step: Option<u64>,
        presenting: &mut bool,
        out: &mut Vec<Action>,
    ) {
        let ctx = ui.ctx().clone();
        let key = |s| key_text(&ctx, s);
        // Narrow windows (or a zoomed UI) get a tighter bar that still fits on one line.
        let compact = ui.available_width() < 1100.0;
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(if compact { 6.0 } else { 8.0 }, 6.0);
            if !compact {
                ui.label(RichText::new("nnviz").size(20.0).strong())
                    .on_hover_text(tr!("transport-app-tip"));
                ui.add_space(6.0);
            }
            let size = vec2(if compact { 62.0 } else { 74.0 }, 28.0);
            let running = state.running && !link.respawn_paused;
            let (label, tip) = if running {
                (tr!("transport-pause"), tr!("transport-pause-tip"))
            } else {
                (tr!("transport-play"), tr!("transport-play-tip"))
            };
            let play = egui::Button::new(RichText::new(label).size(14.0))
                .min_size(size)
                .fill(if running {
                    ui.visuals().widgets.inactive.weak_bg_fill
                } else {
                    Color32::from_rgb(0xD8, 0xEA, 0xF7)
                });
            if ui
                .add(play)
                .on_hover_text(tr!("transport-play-key-tip", tip = tip, key = "Space"))
                .clicked()
            {
                out.push(Action::TogglePlay);
            }
            if ui
                .add(
                    egui::Button::new(RichText::new(tr!("transport-step")).size(14.0))
                        .min_size(size),
                )
                .on_hover_text(tr!("transport-step-tip", key = key(Shortcut::Step)))
                .clicked()
            {
                out.push(Action::Step);
            }
            if ui
                .add(
                    egui::Button::new(RichText::new(tr!("transport-reset")).size(14.0))
                        .min_size(size),
                )
                .on_hover_text(tr!("transport-reset-tip", key = key(Shortcut::Reset)))
                .clicked()
            {
                out.push(Action::ResetWeights);
            }
            let step_text = match scrubbed_step {
                Some(s) => tr!("transport-step-count-timeline", step = s),
                None => tr!(
                    "transport-step-count",
                    step = link.stats.map_or(0, |s| s.step)
                ),
            };
            ui.label(RichText::new(step_text).monospace().strong().size(14.0))
                .on_hover_text(tr!("transport-step-count-tip"));
            ui.separator();
            self.learning_rate_ui(ui, state, compact, out);
            ui.separator();
            self.speed_ui(ui, state, compact, out);
            ui.separator();
            let label = if *presenting {
                tr!("transport-leave-presentation")
            } else {
                tr!("transport-present")
            };
            if ui
                .selectable_label(*presenting, label)
                .on_hover_text(tr!(
                    "transport-present-tip",
                    key = key(Shortcut::Presentation)
                ))
                .clicked()
            {
                *presenting = !*presenting;
            }
        });
    }

    /// The learning-rate slider: a drag lands on 1-2-5 values, a typed value stays exact.
    fn learning_rate_ui(
        &self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        compact: bool,
        out: &mut Vec<Action>,
    ) {
        let old = state.learning_rate();
        let mut lr = old;
        ui.spacing_mut().slider_width = if compact { 64.0 } else { 90.0 };
        let resp = ui
            .add(
                egui::Slider::new(&mut lr, LEARNING_RATE_RANGE)
                    .logarithmic(true)
                    .smallest_positive(*LEARNING_RATE_RANGE.start())
                    .custom_formatter(|v, _| format_lr(v))
                    .text(tr!("transport-learning-rate")),
            )
            .on_hover_text(tr!("transport-learning-rate-tip"));
        if resp.changed() {
            // A drag (and the frame it ends on) snaps; a typed value stays exact.
            if resp.dragged() || resp.drag_stopped() {
                lr = snap_125(lr);
            }
            if lr != old {
                out.push(Action::SetLearningRate(lr));
            }
        }
    }

    /// Steps per second (log slider) and "unlimited".
    fn speed_ui(
        &self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        compact: bool,
        out: &mut Vec<Action>,
    ) {
        let unlimited = state.speed == Speed::Unlimited;
        let mut sps = state.steps_per_second;
        ui.add_enabled_ui(!unlimited, |ui| {
            ui.spacing_mut().slider_width = if compact { 50.0 } else { 70.0 };
            let resp = ui
                .add(
                    egui::Slider::new(&mut sps, SPEED_RANGE)
                        .logarithmic(true)
                        .custom_formatter(|v, _| format_count(v))
                        .text(tr!("transport-steps-per-second")),
                )
                .on_hover_text(tr!("transport-speed-tip"));
            if resp.changed() {
                out.push(Action::SetSpeed(Speed::StepsPerSecond(sps)));
            }
        });
        let mut unl = unlimited;
        if ui
            .checkbox(&mut unl, tr!("transport-unlimited"))
            .on_hover_text(tr!("transport-unlimited-tip"))
            .changed()
        {
            out.push(Action::SetSpeed(if unl {
                Speed::Unlimited
            } else {
                Speed::StepsPerSecond(state.steps_per_second)
            }));
        }
    }
}
