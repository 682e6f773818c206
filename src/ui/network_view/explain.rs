//! Explain mode (`E`): the forward pass at the cursor, layer by layer, next to the
//! tutorial's equations — and, for a training point, the errors and deltas of the backward
//! step (`E2 = Y − L2`, `D2 = E2 ⊙ L2(1−L2)`, `E1 = D2·W1ᵀ`, `D1 = E1 ⊙ L1(1−L1)`).
//!
//! The backward rows are those of the training step taken from the shown weights, in the
//! model's update order: in the tutorial's order (its default) `E1` is sent back through `W1`
//! as already updated in that step, exactly as the trainer does; in textbook order through
//! the shown `W1`. The window says which.
//!
//! [`explain`] builds the rows (pure, tested against `Mlp::forward_one`); the window shows
//! them as a monospace grid, docked beside the canvas so it never covers the point it
//! explains,, 4 significant digits, the first 8 units of wide layers.

use super::super::shortcuts::Shortcut;
use super::super::state::PersistedState;
use crate::data::LabeledPoint;
use crate::nn::{Activation, Loss, Mlp, Optimizer, Snapshot, UpdateOrder};
use crate::tr;
use egui::RichText;
use std::sync::Arc;

/// Units shown per layer; wider layers end with "…".
pub const SHOWN_UNITS: usize = 8;

/// `v` with 4 significant digits ("0.9341", "3.000", "-12.35", "1.234e-5").
pub fn fmt4(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    if !v.is_finite() {
        return format!("{v}");
    }
    let mag = v.abs().log10().floor();
    if !(-3.0..5.0).contains(&mag) {
        return format!("{v:.3e}");
    }
    let decimals = (3.0 - mag).max(0.0) as usize;
    format!("{v:.decimals$}")
}

/// Subscript digits: 12 → "₁₂".
pub fn sub(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '0' => '₀',
            '1' => '₁',
            '2' => '₂',
            '3' => '₃',
            '4' => '₄',
            '5' => '₅',
            '6' => '₆',
            '7' => '₇',
            '8' => '₈',
            '9' => '₉',
            other => other,
        })
        .collect()
}

/// One row of the explanation: an equation and the numbers it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainRow {
    /// "layer₁ = σ(layer₀·W₀)".
    pub equation: String,
    /// What the row is, in words ("weighted sums", "activations").
    pub note: String,
    /// One number per unit.
    pub values: Vec<f64>,
}

/// Everything explain mode shows for one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// Forward pass: the input, then weighted sums and activations of each layer.
    pub forward: Vec<ExplainRow>,
    /// Backward step (for a training point): errors and deltas, output layer first.
    pub backward: Vec<ExplainRow>,
    /// Which order and which weights the backward rows use, in words (empty without rows).
    pub backward_note: String,
    /// Class probabilities at the input.
    pub probabilities: Vec<f64>,
    /// A regression network's predicted value at the input, in the target's units
    /// (`None` for classification).
    pub value: Option<f64>,
}

/// A regression's loss in explain mode's backward rows, and the batch it averages over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueLoss {
    /// The squared loss trained on (MSE or the tutorial's ½·Σ(y − out)²).
    pub loss: Loss,
    /// Samples in a step's batch (MSE divides by it).
    pub batch: usize,
}

/// Which weights send the errors back in the backward rows.
#[derive(Clone, Copy, Debug)]
pub enum Backward<'a> {
    /// Textbook order: every error goes back through the shown weights.
    Textbook,
    /// The tutorial's order: each layer is updated first, so its error goes back through
    /// its weights after the step — those of this network, the shown one after one step
    /// ([`crate::nn::step_from`]).
    Tutorial(&'a Mlp),
    /// Tutorial order, but the step could not be replayed (no backward rows).
    Unavailable,
}

fn act_symbol(a: Activation) -> &'static str {
    match a {
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Relu => "relu",
        Activation::LeakyRelu => "leaky_relu",
        Activation::Linear => "",
        Activation::Softmax => "softmax",
        Activation::Gelu => "gelu",
        Activation::Elu => "elu",
    }
}

/// `g'(L)` written on the activation `L`, as the tutorial writes `L2(1−L2)`.
fn derivative(a: Activation, l: &str) -> Option<String> {
    match a {
        Activation::Sigmoid => Some(format!("{l}(1−{l})")),
        Activation::Tanh => Some(format!("(1−{l}²)")),
        Activation::Relu => Some(format!("[{l}>0]")),
        Activation::LeakyRelu => Some(format!("[{l}>0 ? 1 : 0.01]")),
        Activation::Elu => Some(format!("[{l}>0 ? 1 : {l}+1]")),
        // GELU's slope needs the weighted sum Z, not the activation L.
        Activation::Gelu => Some(format!("gelu′({})", l.replacen('L', "Z", 1))),
        Activation::Linear | Activation::Softmax => None,
    }
}

/// The forward pass of `snapshot` at `pos` and, when `point` is a training point, the
/// errors and deltas of the training step from these weights, sent back as `backward` says.
pub fn explain(
    snapshot: &Snapshot,
    pos: [f64; 2],
    point: Option<&LabeledPoint>,
    backward: Backward<'_>,
) -> Explanation {
    explain_with(snapshot, pos, point, backward, None)
}

/// [`explain`] for either problem: a regression network's forward rows end in the
/// predicted value (in the target's units, after the standardisation is undone) and its
/// backward rows use `loss`'s own gradient (MSE: `D = 2·E/n`; the tutorial's ½·Σ(y − out)²:
/// `D = E`). `loss` is ignored for classification; `None` for a regression means the
/// tutorial's loss.
pub fn explain_with(
    snapshot: &Snapshot,
    pos: [f64; 2],
    point: Option<&LabeledPoint>,
    backward: Backward<'_>,
    loss: Option<ValueLoss>,
) -> Explanation {
    let regression = snapshot.problem == crate::data::Problem::Regression;
    let loss = loss.filter(|_| regression);
    let factor = loss.map_or(1.0, |l| {
        crate::nn::explain::output_factor(l.loss, l.batch, snapshot.mlp.outputs())
    });
    let trace = snapshot.explain(pos);
    let mlp = &snapshot.mlp;
    let names: Vec<&str> = snapshot
        .transform
        .features
        .iter()
        .map(|f| f.label())
        .collect();
    let mut forward = vec![ExplainRow {
        equation: format!("layer{} = ({})", sub(0), names.join(", ")),
        note: tr!("explain-note-input"),
        values: trace.input.iter().copied().collect(),
    }];
    let n = trace.layers.len();
    for (l, (t, layer)) in trace.layers.iter().zip(&mlp.layers).enumerate() {
        let bias = if layer.biases.is_some() {
            format!(" + b{}", sub(l))
        } else {
            String::new()
        };
        let sum = format!("layer{}·W{}{bias}", sub(l), sub(l));
        forward.push(ExplainRow {
            equation: sum.clone(),
            note: tr!("explain-note-sums"),
            values: t.z.iter().copied().collect(),
        });
        let g = act_symbol(layer.activation);
        let rhs = if g.is_empty() {
            sum
        } else {
            format!("{g}({sum})")
        };
        forward.push(ExplainRow {
            equation: format!("layer{} = {rhs}", sub(l + 1)),
            note: if l + 1 == n && regression {
                tr!("explain-note-output-value")
            } else if l + 1 == n {
                tr!("explain-note-output")
            } else {
                tr!(
                    "explain-note-activations",
                    activation = layer.activation.to_string()
                )
            },
            values: t.a.iter().copied().collect(),
        });
    }
    let value = regression.then(|| snapshot.predict_value(pos));
    // The network's output in the target's units, when the target is standardised.
    if let Some(v) = value
        && snapshot.target != crate::nn::TargetTransform::IDENTITY
    {
        let (std, mean) = (fmt4(snapshot.target.std), fmt4(snapshot.target.mean));
        let m = snapshot.target.mean;
        let shift = if m < 0.0 {
            format!("− {}", fmt4(-m))
        } else {
            format!("+ {mean}")
        };
        forward.push(ExplainRow {
            equation: format!("value = layer{}·{std} {shift}", sub(n)),
            note: tr!("explain-note-unstandardised", std = std, mean = mean),
            values: vec![v],
        });
    }
    let mut rows = Vec::new();
    let mut backward_note = String::new();
    let step = snapshot.step;
    let bt = match (point.filter(|p| !p.test), backward) {
        (None, _) | (Some(_), Backward::Unavailable) => None,
        (Some(p), order) => {
            let (after, order) = match order {
                Backward::Tutorial(after) => {
                    backward_note = tr!("explain-tutorial-order", step = step);
                    (after, UpdateOrder::Tutorial)
                }
                _ => {
                    backward_note = tr!("explain-textbook-order", step = step);
                    (mlp, UpdateOrder::Textbook)
                }
            };
            let trace = snapshot.explain(p.pos_in_data);
            let y = snapshot.target_for(p);
            Some(crate::nn::explain::backward_in_order_scaled(
                mlp, after, &trace, &y, order, factor,
            ))
        }
    };
    let updated = matches!(backward, Backward::Tutorial(_));
    if let Some(bt) = bt {
        for l in (1..=n).rev() {
            let (Some(e), Some(d), Some(layer)) = (
                bt.errors.get(l - 1),
                bt.deltas.get(l - 1),
                mlp.layers.get(l - 1),
            ) else {
                continue;
            };
            let (el, dl, ll) = (
                format!("E{}", sub(l)),
                format!("D{}", sub(l)),
                format!("L{}", sub(l)),
            );
            let prime = if updated { "′" } else { "" };
            let e_eq = if l == n && regression {
                format!("{el} = y − {ll}")
            } else if l == n {
                format!("{el} = Y − {ll}")
            } else {
                format!("{el} = D{}·W{}{prime}^T", sub(l + 1), sub(l))
            };
            rows.push(ExplainRow {
                equation: e_eq,
                note: if l == n && regression {
                    tr!("explain-note-value-error")
                } else if l == n {
                    tr!("explain-note-output-error")
                } else if updated {
                    tr!(
                        "explain-note-error-updated",
                        weights = format!("W{}", sub(l))
                    )
                } else {
                    tr!(
                        "explain-note-error-before",
                        weights = format!("W{}", sub(l))
                    )
                },
                values: e.iter().copied().collect(),
            });
            let (d_eq, note) = match (loss, derivative(layer.activation, &ll)) {
                // A regression's linear output: the loss's own gradient.
                (Some(v), None) if l == n && v.loss == Loss::Mse => {
                    let batch = v.batch;
                    (
                        format!("{dl} = 2·{el}/{batch}"),
                        tr!("explain-note-mse-delta", batch = batch),
                    )
                }
                (_, None) if l == n && regression => {
                    (format!("{dl} = {el}"), tr!("explain-note-sse-delta"))
                }
                (_, Some(g)) => (format!("{dl} = {el} ⊙ {g}"), tr!("explain-note-delta")),
                (_, None) => (format!("{dl} = {el}"), tr!("explain-note-delta")),
            };
            rows.push(ExplainRow {
                equation: d_eq,
                note,
                values: d.iter().copied().collect(),
            });
        }
    }
    Explanation {
        forward,
        backward: rows,
        backward_note,
        probabilities: if regression {
            Vec::new()
        } else {
            snapshot.predict_point(pos)
        },
        value,
    }
}

/// The last training step explain mode replayed and what it was replayed from.
#[derive(Debug)]
pub(crate) struct ReplayEntry {
    snapshot: Arc<Snapshot>,
    config: crate::nn::ModelConfig,
    /// The points it trained on: the undo state's change counter and their count (cheap to
    /// compare every frame, unlike the points themselves).
    points: (u64, usize, usize),
    after: Option<Mlp>,
}

/// Cache of explain mode's replayed training step.
#[derive(Debug, Default)]
pub(crate) struct ReplayCache {
    entry: Option<ReplayEntry>,
    /// Replays computed so far.
    replays: u64,
}

/// What explain mode looks at this frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    /// A spot under the cursor.
    Spot([f64; 2]),
    /// A data point (hovered or pinned).
    Point(usize),
}

/// What explain mode reads this frame.
pub(crate) struct ExplainInput<'a> {
    /// The points and settings.
    pub state: &'a PersistedState,
    /// The weights shown (the timeline's or the latest).
    pub snapshot: Option<Arc<Snapshot>>,
    /// The point under the cursor on the canvas.
    pub hovered: Option<usize>,
    /// The cursor in data space on the canvas.
    pub hover_data: Option<[f64; 2]>,
    /// Undo's change counter (equal: the points did not change).
    pub points_generation: u64,
}

/// Explain mode: the forward pass at the cursor and, for a training point, the backward
/// pass, docked beside the canvas.
#[derive(Debug, Default)]
pub(crate) struct Explain {
    /// Shown (`E`).
    pub open: bool,
    /// Training point explained while the cursor is off the canvas.
    pub pinned_point: Option<usize>,
    /// The pinned point was picked with the keyboard: it is explained even with the cursor
    /// resting on the canvas, until the mouse moves.
    pub key_pinned: bool,
    /// The replayed training step (read from `&self` while drawing).
    pub replay: std::cell::RefCell<ReplayCache>,
}

impl Explain {
    /// Once a frame: moving the mouse hands explain mode back to the cursor; a pinned point
    /// that no longer exists is forgotten.
    pub(crate) fn frame(&mut self, ctx: &egui::Context, points: usize) {
        if ctx.input(|i| i.pointer.delta() != egui::Vec2::ZERO) {
            self.key_pinned = false;
        }
        if self.pinned_point.is_some_and(|i| i >= points) {
            self.pinned_point = None;
        }
    }

    fn target(&self, cx: &ExplainInput<'_>) -> Option<Target> {
        if let Some(i) = cx.hovered {
            return Some(Target::Point(i));
        }
        // A point picked with the keyboard wins over the spot under a resting cursor.
        if self.key_pinned
            && let Some(i) = self.pinned_point
        {
            return Some(Target::Point(i));
        }
        if let Some(d) = cx.hover_data {
            return Some(Target::Spot(d));
        }
        self.pinned_point.map(Target::Point)
    }

    /// The network after the training step from `snapshot` when the model trains in the
    /// tutorial's order (its backward rows need the updated weights); `None` in textbook
    /// order. `Some(None)` when the step cannot be replayed.
    ///
    /// The replay is a full-batch step on the whole dataset, so its result is cached and
    /// recomputed only when the snapshot's weights, the training settings or the points change.
    fn stepped(&self, cx: &ExplainInput<'_>, snapshot: &Arc<Snapshot>) -> Option<Option<Mlp>> {
        let config = cx.state.model_config.clone();
        if config.train.update_order != UpdateOrder::Tutorial {
            return None;
        }
        let points = (
            cx.points_generation,
            cx.state.dataset.points.len(),
            cx.state.dataset.num_classes,
        );
        let mut cache = self.replay.borrow_mut();
        if let Some(r) = cache.entry.as_mut()
            && r.config == config
            && r.points == points
            // A new heatmap frame of unchanged weights (a paused worker answering a view
            // change, say) is the same snapshot: compared once, then remembered.
            && (Arc::ptr_eq(&r.snapshot, snapshot) || *r.snapshot == **snapshot)
        {
            r.snapshot = Arc::clone(snapshot);
            return Some(r.after.clone());
        }
        let after = crate::nn::step_from(&config, &cx.state.dataset, &snapshot.mlp);
        cache.replays += 1;
        cache.entry = Some(ReplayEntry {
            snapshot: Arc::clone(snapshot),
            config,
            points,
            after: after.clone(),
        });
        Some(after)
    }

    /// How many times explain mode has replayed a training step (for tests: the replay is
    /// cached while nothing it depends on changes).
    pub fn replays(&self) -> u64 {
        self.replay.borrow().replays
    }

    /// The explanation of `point` (or the spot `pos`) with `snapshot`, backward rows in the
    /// model's update order.
    fn explanation_of(
        &self,
        cx: &ExplainInput<'_>,
        snapshot: &Arc<Snapshot>,
        pos: [f64; 2],
        point: Option<&LabeledPoint>,
    ) -> Explanation {
        let stepped = match point {
            Some(p) if !p.test => self.stepped(cx, snapshot),
            _ => None,
        };
        let backward = match &stepped {
            None => Backward::Textbook,
            Some(Some(after)) => Backward::Tutorial(after),
            Some(None) => Backward::Unavailable,
        };
        let t = &cx.state.model_config.train;
        let training = cx.state.dataset.train_points().count();
        let batch = match t.batch_size {
            0 => training,
            b => b.min(training),
        };
        let loss = ValueLoss {
            loss: t.loss,
            batch: batch.max(1),
        };
        explain_with(snapshot, pos, point, backward, Some(loss))
    }

    /// Explain mode's keys (while it is open): `]` / `[` pin the next / previous
    /// training point, `P` pins the training point nearest the cursor (or unpins without
    /// a cursor on the canvas). Moving the mouse hands the window back to the cursor.
    pub(crate) fn key(&mut self, s: Shortcut, cx: &ExplainInput<'_>) {
        let (next, prev, pin) = (
            s == Shortcut::ExplainNext,
            s == Shortcut::ExplainPrev,
            s == Shortcut::ExplainPin,
        );
        if !self.open || !(next || prev || pin) {
            return;
        }
        let points = &cx.state.dataset.points;
        let training: Vec<usize> = (0..points.len())
            .filter(|&i| points.get(i).is_some_and(|p| !p.test))
            .collect();
        let chosen = if next || prev {
            let current = self.pinned_point;
            let pos = current.and_then(|c| training.iter().position(|&i| i == c));
            let n = training.len();
            let k = match (pos, next) {
                _ if n == 0 => None,
                (None, true) => Some(0),
                (None, false) => Some(n - 1),
                (Some(k), true) => Some((k + 1) % n),
                (Some(k), false) => Some((k + n - 1) % n),
            };
            k.and_then(|k| training.get(k).copied()).map(Some)
        } else if pin {
            Some(cx.hover_data.and_then(|d| {
                training.iter().copied().min_by(|&a, &b| {
                    let dist = |i: usize| {
                        points.get(i).map_or(f64::INFINITY, |p| {
                            (p.pos_in_data[0] - d[0]).hypot(p.pos_in_data[1] - d[1])
                        })
                    };
                    dist(a).total_cmp(&dist(b))
                })
            }))
        } else {
            None
        };
        if let Some(c) = chosen {
            self.pinned_point = c;
            self.key_pinned = c.is_some();
        }
    }

    /// The explanation shown now (for tests): `None` without a target or a network.
    pub fn current(&self, cx: &ExplainInput<'_>) -> Option<Explanation> {
        let snapshot = cx.snapshot.clone()?;
        Some(match self.target(cx)? {
            Target::Spot(p) => self.explanation_of(cx, &snapshot, p, None),
            Target::Point(i) => {
                let p = cx.state.dataset.points.get(i)?;
                self.explanation_of(cx, &snapshot, p.pos_in_data, Some(p))
            }
        })
    }

    pub(crate) fn ui(&mut self, ui: &mut egui::Ui, cx: &ExplainInput<'_>) {
        let target = self.target(cx);
        let snapshot = cx.snapshot.clone();
        let (Some(target), Some(snapshot)) = (target, snapshot) else {
            ui.label(RichText::new(tr!("explain-empty")).weak());
            return;
        };
        let (pos, point) = match target {
            Target::Spot(p) => (p, None),
            Target::Point(i) => match cx.state.dataset.points.get(i) {
                Some(p) => (p.pos_in_data, Some((i, *p))),
                None => return,
            },
        };
        let ex = self.explanation_of(cx, &snapshot, pos, point.as_ref().map(|(_, p)| p));
        let regression = ex.value.is_some();
        ui.horizontal_wrapped(|ui| {
            let title = match point {
                Some((i, p)) if regression => {
                    let (value, x, y) = (fmt4(p.value), fmt4(pos[0]), fmt4(pos[1]));
                    if p.test {
                        tr!(
                            "explain-test-value-point",
                            index = i,
                            value = value,
                            x = x,
                            y = y
                        )
                    } else {
                        tr!(
                            "explain-training-value-point",
                            index = i,
                            value = value,
                            x = x,
                            y = y
                        )
                    }
                }
                Some((i, p)) => {
                    let (class, x, y) = (cx.state.class_name(p.class), fmt4(pos[0]), fmt4(pos[1]));
                    if p.test {
                        tr!("explain-test-point", index = i, class = class, x = x, y = y)
                    } else {
                        tr!(
                            "explain-training-point",
                            index = i,
                            class = class,
                            x = x,
                            y = y
                        )
                    }
                }
                None => tr!("explain-at", x = fmt4(pos[0]), y = fmt4(pos[1])),
            };
            ui.label(RichText::new(title).strong());
            let step = snapshot.step;
            ui.label(RichText::new(tr!("explain-weights-of-step", step = step)).weak());
            if self.pinned_point.is_some()
                && ui
                    .small_button(tr!("explain-unpin"))
                    .on_hover_text(tr!("explain-unpin-tip"))
                    .clicked()
            {
                self.pinned_point = None;
            }
        });
        ui.label(RichText::new(tr!("explain-forward")).weak().size(11.5));
        rows_ui(ui, "explain_forward", &ex.forward);
        if let Some(v) = ex.value {
            ui.label(tr!("explain-predicted-value", value = fmt4(v)));
        } else {
            let best = crate::nn::model::argmax(&ex.probabilities);
            ui.label(tr!(
                "explain-prediction",
                class = cx.state.class_name(best),
                percent = format!(
                    "{:.1}",
                    ex.probabilities.get(best).copied().unwrap_or(0.0) * 100.0
                )
            ));
        }
        ui.label(RichText::new(tr!("explain-keys")).weak().size(11.0));
        if !ex.backward.is_empty() {
            ui.separator();
            match point {
                Some((_, p)) if regression => {
                    let value = fmt4(p.value);
                    ui.label(
                        RichText::new(tr!("explain-backward-title-value", value = value)).strong(),
                    );
                    if snapshot.target != crate::nn::TargetTransform::IDENTITY {
                        let y = fmt4(snapshot.target.to_model(p.value));
                        ui.label(
                            RichText::new(tr!("explain-standardised-target", y = y)).size(11.5),
                        );
                    }
                }
                _ => {
                    let y = point.map_or(0, |(_, p)| p.class);
                    ui.label(RichText::new(tr!("explain-backward-title", class = y)).strong());
                }
            }
            ui.label(RichText::new(tr!("explain-backward")).weak().size(11.5));
            ui.label(RichText::new(&ex.backward_note).size(11.5))
                .on_hover_text(tr!("explain-order-tip"));
            let t = &cx.state.model_config.train;
            if t.update_order == UpdateOrder::Tutorial
                && (t.optimizer != Optimizer::Sgd || t.batch_size > 0)
            {
                ui.label(RichText::new(tr!("explain-replayed")).weak().size(11.5));
            }
            rows_ui(ui, "explain_backward", &ex.backward);
        } else if point.is_some_and(|(_, p)| p.test) {
            ui.label(RichText::new(tr!("explain-test-no-backward")).weak());
        } else if point.is_some() {
            ui.label(RichText::new(tr!("explain-no-replay")).weak());
        }
    }
}

/// A monospace grid: equation, note, then up to [`SHOWN_UNITS`] numbers.
fn rows_ui(ui: &mut egui::Ui, id: &str, rows: &[ExplainRow]) {
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        egui::Grid::new(id)
            .striped(true)
            .spacing(egui::vec2(10.0, 3.0))
            .show(ui, |ui| {
                for r in rows {
                    ui.label(RichText::new(&r.equation).monospace())
                        .on_hover_text(&r.note);
                    for v in r.values.iter().take(SHOWN_UNITS) {
                        ui.label(RichText::new(fmt4(*v)).monospace());
                    }
                    if r.values.len() > SHOWN_UNITS {
                        ui.label(RichText::new(format!(
                            "… (+{})",
                            r.values.len() - SHOWN_UNITS
                        )))
                        .on_hover_text(tr!("explain-first-units"));
                    }
                    ui.end_row();
                }
            });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits() {
        assert_eq!(fmt4(0.934_12), "0.9341");
        assert_eq!(fmt4(3.0), "3.000");
        assert_eq!(fmt4(-12.345_6), "-12.35");
        assert_eq!(fmt4(0.0), "0");
        assert_eq!(fmt4(1.234_5e-5), "1.234e-5");
        assert_eq!(sub(10), "₁₀");
    }
}
