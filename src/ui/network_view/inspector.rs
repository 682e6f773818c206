//! The unit inspector (`W`): the highlighted unit's incoming weights and bias, each
//! editable, also those too faint to be drawn; and the small popup where one clicked weight
//! or bias is typed. Both push [`Action::SetParameter`]; a drag sends at most one value per
//! parameter at a time (see [`inspector_send`]).

use super::super::action::Action;
use super::layout::DiagramModel;
use crate::tr;
use egui::{Color32, Pos2, Rect, RichText, vec2};

/// A weight `(layer, Some(row), unit)` or a bias `(layer, None, unit)`.
pub(crate) type ParamKey = (usize, Option<usize>, usize);

/// A weight or bias being typed in the popup.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EditState {
    /// `(layer, Some(row), col)` for a weight, `(layer, None, unit)` for a bias.
    pub target: (usize, Option<usize>, usize),
    /// "W0\[1,3\]: y → hidden 1.4".
    pub title: String,
    /// The text typed so far.
    pub text: String,
    /// Where the popup opens.
    pub at: Pos2,
    /// Focus the text field on the next frame.
    pub focus: bool,
}

/// The inspector window and the weight popup.
#[derive(Debug, Default)]
pub(crate) struct Inspector {
    /// The inspector window (`W`) is open.
    pub open: bool,
    /// Values sent that the worker's frames do not show yet: `(parameter, value, command
    /// sequence number)`.
    pub pending: Vec<(ParamKey, f64, u64)>,
    /// Values dragged while the previous value of the same parameter was still on its way:
    /// sent once it is applied or the drag ends.
    pub unsent: Vec<(ParamKey, f64)>,
    /// The weight/bias popup.
    pub edit: Option<EditState>,
}

impl Inspector {
    /// A value was sent to the worker as command `seq`.
    pub(crate) fn note_sent(&mut self, key: ParamKey, value: f64, seq: u64) {
        self.pending.retain(|(k, _, _)| *k != key);
        self.pending.push((key, value, seq));
    }

    /// A new worker numbers its commands from 1 again: the old numbers mean nothing.
    pub(crate) fn forget_sent(&mut self) {
        self.pending.clear();
    }

    /// The unit inspector: the highlighted unit's incoming weights and bias, each editable
    /// (the same commands as the click popup), also those the diagram does not draw.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn window_ui(
        &mut self,
        ctx: &egui::Context,
        m: &DiagramModel,
        rect: Rect,
        (l, u): (usize, usize),
        live: bool,
        applied: u64,
        out: &mut Vec<Action>,
    ) {
        if !self.open {
            // Held values of a closed inspector are dropped, not sent later.
            self.unsent.clear();
            return;
        }
        self.pending.retain(|(_, _, seq)| *seq > applied);
        let mut open = true;
        let mut sends: Vec<(ParamKey, f64)> = Vec::new();
        let mut dragged: Vec<ParamKey> = Vec::new();
        egui::Window::new(tr!("inspector-title"))
            .id(egui::Id::unique("nnviz-weights-of-a-unit"))
            .open(&mut open)
            .default_pos(rect.left_top() + vec2(8.0, 24.0))
            .default_width(260.0)
            .resizable(false)
            .show(ctx, |ui| {
                let Some(node) = m.node_index(l, u).and_then(|i| m.nodes.get(i)) else {
                    return;
                };
                ui.label(RichText::new(&node.name).strong());
                if l == 0 {
                    ui.label(RichText::new(tr!("inspector-input-has-no-weights")).weak());
                    return;
                }
                if !live {
                    ui.label(
                        RichText::new({
                            let step = m.step;
                            tr!("inspector-read-only", step = step)
                        })
                        .color(Color32::from_rgb(150, 90, 0)),
                    );
                }
                let wl = l - 1;
                let pending = |key: ParamKey| {
                    let mut unsent = self.unsent.iter().rev();
                    unsent
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| *v)
                        .or_else(|| {
                            self.pending
                                .iter()
                                .rev()
                                .find(|(k, _, _)| *k == key)
                                .map(|(_, v, _)| *v)
                        })
                };
                let hint = tr!("inspector-hint");
                let too_weak = tr!("inspector-too-weak");
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        egui::Grid::new("nnviz_unit_inspector")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for row in 0..m.sizes.get(wl).copied().unwrap_or(0) {
                                    let Some((i, e)) = m
                                        .edge_index(wl, row, u)
                                        .and_then(|i| Some((i, m.edges.get(i)?)))
                                    else {
                                        continue;
                                    };
                                    let from = m.nodes.get(e.from).map_or("?", |n| n.name.as_str());
                                    let name = tr!(
                                        "inspector-weight-from",
                                        layer = wl,
                                        row = row,
                                        unit = u,
                                        from = from
                                    );
                                    let weak = (!m.drawn.contains(&i)).then_some(too_weak.as_str());
                                    let key = (wl, Some(row), u);
                                    let value = pending(key).unwrap_or(e.weight);
                                    let (v, drag) =
                                        param_row_ui(ui, &name, value, live, &hint, weak);
                                    sends.extend(v.map(|v| (key, v)));
                                    if drag {
                                        dragged.push(key);
                                    }
                                }
                                if let Some(b) = node.bias {
                                    let name = tr!("inspector-bias", layer = wl, unit = u);
                                    let key = (wl, None, u);
                                    let value = pending(key).unwrap_or(b);
                                    let (v, drag) =
                                        param_row_ui(ui, &name, value, live, &hint, None);
                                    sends.extend(v.map(|v| (key, v)));
                                    if drag {
                                        dragged.push(key);
                                    }
                                }
                            });
                    });
            });
        if !open {
            self.open = false;
        }
        // Held values whose drag ended (or whose previous value arrived) go out first,
        // then this frame's edits.
        let unsent = std::mem::take(&mut self.unsent);
        for (key, v) in unsent.into_iter().chain(sends) {
            let in_flight = self
                .pending
                .iter()
                .rev()
                .find(|(k, _, _)| *k == key)
                .map(|(_, v, _)| *v);
            self.unsent.retain(|(k, _)| *k != key);
            match inspector_send(in_flight, dragged.contains(&key), v) {
                InspectorSend::Skip => {}
                InspectorSend::Hold => self.unsent.push((key, v)),
                InspectorSend::Now => {
                    let (layer, row, unit) = key;
                    // The sequence number comes back through `note_sent` when it is sent.
                    self.pending.retain(|(k, _, _)| *k != key);
                    out.push(Action::SetParameter {
                        layer,
                        row,
                        unit,
                        value: v,
                    });
                }
            }
        }
    }

    /// The small popup where a new weight or bias is typed; Enter applies, Escape cancels.
    pub(crate) fn popup_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Action>) {
        let Some(mut edit) = self.edit.take() else {
            return;
        };
        let mut apply = false;
        let mut cancel = false;
        let mut error = None;
        egui::Area::new(egui::Id::unique("nnviz_edit_weight"))
            .order(egui::Order::Foreground)
            .fixed_pos(edit.at)
            .constrain(true)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new(&edit.title).strong());
                    ui.horizontal(|ui| {
                        let label = ui.label(tr!("inspector-new-value"));
                        let te = ui
                            .add(egui::TextEdit::singleline(&mut edit.text).desired_width(90.0))
                            .labelled_by(label.id)
                            .on_hover_text(tr!("inspector-new-value-tip"));
                        if edit.focus {
                            te.request_focus();
                            edit.focus = false;
                        }
                        if te.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            apply = true;
                        }
                        if ui
                            .button(tr!("inspector-set"))
                            .on_hover_text(tr!("inspector-set-tip"))
                            .clicked()
                        {
                            apply = true;
                        }
                        if ui
                            .button(tr!("dialog-cancel"))
                            .on_hover_text(tr!("inspector-cancel-tip"))
                            .clicked()
                        {
                            cancel = true;
                        }
                    });
                    let value = edit.text.trim().replace('−', "-").parse::<f64>();
                    if !matches!(value, Ok(v) if v.is_finite()) {
                        error = Some(tr!("inspector-not-a-number"));
                    }
                    if let Some(e) = error {
                        ui.label(
                            RichText::new(e)
                                .small()
                                .color(Color32::from_rgb(180, 40, 40)),
                        );
                    }
                });
            });
        if cancel || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        if apply
            && let Ok(v) = edit.text.trim().replace('−', "-").parse::<f64>()
            && v.is_finite()
        {
            let (layer, row, unit) = edit.target;
            out.push(Action::SetParameter {
                layer,
                row,
                unit,
                value: v,
            });
            return;
        }
        self.edit = Some(edit);
    }
}

/// What the unit inspector does with a value edited this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InspectorSend {
    /// Send it to the worker now.
    Now,
    /// Keep it until the value sent before is applied or the drag ends: a drag sends at
    /// most one value per parameter at a time, however many frames it lasts.
    Hold,
    /// The worker already has it on its way: nothing to send.
    Skip,
}

/// The inspector's decision for `value` of a parameter whose last sent value not yet
/// applied is `in_flight`, while the widget is `dragging` or not.
pub(crate) fn inspector_send(in_flight: Option<f64>, dragging: bool, value: f64) -> InspectorSend {
    match in_flight {
        Some(v) if v == value => InspectorSend::Skip,
        Some(_) if dragging => InspectorSend::Hold,
        _ => InspectorSend::Now,
    }
}

/// One row of the unit inspector's grid: the parameter's name (with `note` as its hover text)
/// and its value to drag or type, disabled unless `live`. Returns a new finite value, if
/// any, and whether the value is being dragged.
pub(crate) fn param_row_ui(
    ui: &mut egui::Ui,
    name: &str,
    value: f64,
    live: bool,
    hint: &str,
    note: Option<&str>,
) -> (Option<f64>, bool) {
    let label = ui.label(RichText::new(name).monospace());
    if let Some(note) = note {
        label.clone().on_hover_text(note);
    }
    let mut v = value;
    let resp = ui
        .add_enabled(
            live,
            egui::DragValue::new(&mut v).speed(0.01).max_decimals(6),
        )
        .labelled_by(label.id)
        .on_hover_text(hint);
    ui.end_row();
    (
        (resp.changed() && v.is_finite()).then_some(v),
        resp.dragged(),
    )
}
