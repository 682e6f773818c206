//! Metrics: train/test loss and accuracy, the confusion matrix and the stop condition.
//!
//! The confusion matrices come with the worker's stats (computed from the same forward pass
//! as the loss), so showing them costs the UI thread nothing, however many points there are.

use super::super::action::Action;
use super::super::format::{fmt_num, percent};
use super::super::state::PersistedState;
use super::super::theme::class_color;
use super::super::worker_link::WorkerLink;
use crate::tr;
use crate::train::Confusion;
use egui::{Color32, RichText, vec2};

/// Runtime state of the metrics panel.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    /// Show the test points' matrix instead of the training points'.
    show_test: bool,
}

impl Metrics {
    /// The metrics section: numbers, confusion matrix and stop condition.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        link: &WorkerLink,
        test_points: usize,
        out: &mut Vec<Action>,
    ) {
        if state.dataset.is_regression() {
            // No classes, so no accuracy or confusion matrix: the regression figures.
            regression_numbers_ui(ui, link);
            stop_condition_ui(ui, state, out);
            return;
        }
        numbers_ui(ui, state, link, test_points);
        ui.add_space(4.0);
        egui::CollapsingHeader::new(tr!("metrics-confusion"))
            .id_salt("Confusion matrix")
            .default_open(true)
            .show(ui, |ui| self.confusion_ui(ui, state, link));
        stop_condition_ui(ui, state, out);
    }

    fn confusion_ui(&mut self, ui: &mut egui::Ui, state: &PersistedState, link: &WorkerLink) {
        ui.horizontal(|ui| {
            let m = &mut *self;
            ui.selectable_value(&mut m.show_test, false, tr!("metrics-train-points"))
                .on_hover_text(tr!("metrics-train-points-tip"));
            ui.selectable_value(&mut m.show_test, true, tr!("metrics-test-points"))
                .on_hover_text(tr!("metrics-test-points-tip"));
        });
        // Computed by the worker with the stats, from the same forward pass as the loss.
        let s = link.stats.unwrap_or_default();
        let m = if self.show_test {
            s.test_confusion
        } else {
            s.train_confusion
        };
        if m.classes() == 0 || m.total() == 0 {
            ui.label(RichText::new(tr!("metrics-no-points")).weak());
            return;
        }
        confusion_grid_ui(ui, &m, state);
    }
}

/// Loss and accuracy on the training and test points.
fn numbers_ui(ui: &mut egui::Ui, state: &PersistedState, link: &WorkerLink, test_points: usize) {
    let s = link.stats.unwrap_or_default();
    let has_test = test_points > 0;
    let has_train = state.dataset.points.len() > test_points;
    egui::Grid::new("metrics_numbers")
        .num_columns(3)
        .spacing(vec2(18.0, 2.0))
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr!("metrics-loss")).weak())
                .on_hover_text(tr!("metrics-loss-tip"));
            ui.label(RichText::new(tr!("metrics-accuracy")).weak())
                .on_hover_text(tr!("metrics-accuracy-tip"));
            ui.end_row();
            ui.label(tr!("metrics-train"))
                .on_hover_text(tr!("metrics-train-tip"));
            let (l, a) = if has_train {
                (fmt_num(s.loss), percent(s.train_accuracy, 1))
            } else {
                ("—".to_owned(), "—".to_owned())
            };
            ui.label(RichText::new(l).monospace().strong());
            ui.label(RichText::new(a).monospace().strong());
            ui.end_row();
            ui.label(tr!("metrics-test"))
                .on_hover_text(tr!("metrics-test-tip"));
            let (l, a) = match (s.test_loss, s.test_accuracy) {
                (Some(l), Some(a)) if has_test => (fmt_num(l), percent(a, 1)),
                _ => ("—".to_owned(), "—".to_owned()),
            };
            ui.label(RichText::new(l).monospace().strong());
            ui.label(RichText::new(a).monospace().strong());
            ui.end_row();
        });
}

/// MSE, RMSE and R² on the training and test points, in the target's units.
fn regression_numbers_ui(ui: &mut egui::Ui, link: &WorkerLink) {
    let figures = link.stats.and_then(|s| s.regression).unwrap_or_default();
    egui::Grid::new("metrics_regression")
        .num_columns(4)
        .spacing(vec2(14.0, 2.0))
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr!("metrics-mse")).weak())
                .on_hover_text(tr!("metrics-mse-tip"));
            ui.label(RichText::new(tr!("metrics-rmse")).weak())
                .on_hover_text(tr!("metrics-rmse-tip"));
            ui.label(RichText::new(tr!("metrics-r2")).weak())
                .on_hover_text(tr!("metrics-r2-tip"));
            ui.end_row();
            for (name, tip, stats) in [
                (
                    tr!("metrics-train"),
                    tr!("metrics-train-tip"),
                    figures.train,
                ),
                (tr!("metrics-test"), tr!("metrics-test-tip"), figures.test),
            ] {
                ui.label(name).on_hover_text(tip);
                let cells = match stats {
                    Some(s) => [fmt_num(s.mse), fmt_num(s.rmse), format!("{:.3}", s.r2)],
                    None => ["—".to_owned(), "—".to_owned(), "—".to_owned()],
                };
                for c in cells {
                    ui.label(RichText::new(c).monospace().strong());
                }
                ui.end_row();
            }
        });
}

/// The stop condition: a loss to reach, a number of steps.
fn stop_condition_ui(ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
    let old = state.stop;
    let mut s = old;
    ui.horizontal(|ui| {
        ui.checkbox(&mut s.loss_on, tr!("metrics-stop-at-loss"))
            .on_hover_text(tr!("metrics-stop-at-loss-tip"));
        ui.add_enabled(
            s.loss_on,
            egui::DragValue::new(&mut s.max_loss)
                .range(1e-6..=10.0)
                .speed(0.001)
                .max_decimals(6),
        )
        .on_hover_text(tr!("metrics-stop-loss-value-tip"));
    });
    ui.horizontal(|ui| {
        ui.checkbox(&mut s.steps_on, tr!("metrics-stop-after"))
            .on_hover_text(tr!("metrics-stop-after-tip"));
        ui.add_enabled(
            s.steps_on,
            egui::DragValue::new(&mut s.max_steps)
                .range(1..=1_000_000_000u64)
                .speed(50.0)
                .suffix(tr!("metrics-steps-suffix")),
        )
        .on_hover_text(tr!("metrics-stop-steps-value-tip"));
    });
    if s != old {
        out.push(Action::SetStop(s));
    }
}

/// The matrix as coloured cells: rows = true class, columns = predicted class.
fn confusion_grid_ui(ui: &mut egui::Ui, m: &Confusion, state: &PersistedState) {
    let k = m.classes();
    let head = 26.0;
    let cell = ((ui.available_width() - head - 4.0) / k as f32).clamp(18.0, 34.0);
    let (rect, resp) = ui.allocate_exact_size(
        vec2(
            ui.available_width().max(head + cell * k as f32),
            head + cell * k as f32 + 16.0,
        ),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect.expand(2.0));
    let font = egui::FontId::monospace(if cell < 24.0 { 9.5 } else { 11.0 });
    let origin = rect.min + vec2(head, head);
    // Column headers (predicted) and row headers (true): the class colours.
    for c in 0..k {
        let x = origin.x + cell * (c as f32 + 0.5);
        let y = origin.y + cell * (c as f32 + 0.5);
        let color = class_color(c);
        painter.circle_filled(egui::pos2(x, rect.min.y + head * 0.5), 6.0, color);
        painter.circle_filled(egui::pos2(rect.min.x + head * 0.5, y), 6.0, color);
    }
    let green = Color32::from_rgb(0x2E, 0x9E, 0x5B);
    let red = Color32::from_rgb(0xD9, 0x4A, 0x3A);
    for t in 0..k {
        let row_total: u32 = (0..k).map(|p| m.get(t, p)).sum();
        for p in 0..k {
            let n = m.get(t, p);
            let r = egui::Rect::from_min_size(
                origin + vec2(cell * p as f32, cell * t as f32),
                vec2(cell, cell),
            )
            .shrink(1.0);
            let frac = if row_total > 0 {
                n as f32 / row_total as f32
            } else {
                0.0
            };
            let base = if t == p { green } else { red };
            let fill = if n == 0 {
                Color32::from_gray(246)
            } else {
                lerp_color(Color32::from_gray(246), base, 0.18 + 0.82 * frac)
            };
            painter.rect_filled(r, 3.0, fill);
            let dark = frac > 0.55;
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                n.to_string(),
                font.clone(),
                if dark {
                    Color32::WHITE
                } else {
                    Color32::from_gray(60)
                },
            );
        }
    }
    painter.text(
        egui::pos2(rect.min.x, rect.max.y),
        egui::Align2::LEFT_BOTTOM,
        tr!("metrics-confusion-axes"),
        egui::FontId::proportional(10.5),
        ui.visuals().weak_text_color(),
    );
    let mut tip = tr!("metrics-confusion-tip");
    if !state.class_names.is_empty() {
        let names: Vec<String> = (0..k)
            .map(|c| format!("{c} = {}", state.class_name(c)))
            .collect();
        tip.push('\n');
        tip.push_str(&tr!("metrics-confusion-classes", names = names.join(", ")));
    }
    resp.on_hover_text(tip);
}

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}
