//! The loss plot (the tutorial's Error and the loss against step) and the readout column.

use super::app::NnvizApp;
use super::canvas::{class_color, probs_at};
use egui::{Color32, RichText, vec2};
use egui_plot::{AxisHints, Line, Plot, PlotPoints};

const ERROR_COLOR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
const LOSS_COLOR: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);

impl NnvizApp {
    /// The column beside (or below) the canvas: the loss plot, then the readout at the cursor.
    pub(crate) fn side_column_ui(&mut self, ui: &mut egui::Ui) {
        let full = ui.available_rect_before_wrap();
        let readout_h = (full.height() * 0.4).clamp(110.0, 300.0);
        let wide = full.width() > 2.2 * full.height();
        if wide {
            // Stacked layout (plot below the canvas): plot only, with the readout on its right.
            let readout_w = 240.0_f32.min(full.width() * 0.3);
            let plot_rect = egui::Rect::from_min_max(
                full.min,
                egui::pos2(full.max.x - readout_w - 10.0, full.max.y),
            );
            let read_rect =
                egui::Rect::from_min_max(egui::pos2(plot_rect.max.x + 10.0, full.min.y), full.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
                self.loss_plot_ui(ui)
            });
            ui.scope_builder(egui::UiBuilder::new().max_rect(read_rect), |ui| {
                self.readout_ui(ui)
            });
        } else {
            let plot_rect = egui::Rect::from_min_max(
                full.min,
                egui::pos2(full.max.x, full.max.y - readout_h - 10.0),
            );
            let read_rect =
                egui::Rect::from_min_max(egui::pos2(full.min.x, plot_rect.max.y + 10.0), full.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
                self.loss_plot_ui(ui)
            });
            ui.scope_builder(egui::UiBuilder::new().max_rect(read_rect), |ui| {
                self.readout_ui(ui)
            });
        }
        ui.advance_cursor_after_rect(full);
    }

    /// Error and loss against step (log-y optional), from the worker's decimated history.
    pub(crate) fn loss_plot_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Error while training").strong().size(14.5));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let mut log_y = self.state.log_y;
                if ui
                    .checkbox(&mut log_y, "log y")
                    .on_hover_text(
                        "Logarithmic error axis: small improvements late in training stay visible.",
                    )
                    .changed()
                {
                    self.state.log_y = log_y;
                }
            });
        });
        ui.horizontal(|ui| {
            legend_entry_ui(ui, ERROR_COLOR, "Error = mean |y − out|");
            ui.add_space(6.0);
            legend_entry_ui(ui, LOSS_COLOR, "Loss");
        });
        let log_y = self.state.log_y;
        let tf = move |v: f64| if log_y { v.max(1e-12).log10() } else { v };
        let (mut error, mut loss) = (Vec::new(), Vec::new());
        if let Some(h) = &self.loss {
            error.reserve(h.samples().len());
            loss.reserve(h.samples().len());
            for s in h.samples() {
                let x = s.step as f64;
                if s.error.is_finite() {
                    error.push([x, tf(s.error)]);
                }
                if s.loss.is_finite() {
                    loss.push([x, tf(s.loss)]);
                }
            }
        }
        // About two points per pixel: thousands more only cost the renderer vertices.
        let max_points = (ui.available_width().max(100.0) * 2.0) as usize;
        let error = min_max_decimate(error, max_points);
        let loss = min_max_decimate(loss, max_points);
        let y_fmt = move |v: f64| {
            if log_y {
                format!("{:.0e}", 10f64.powf(v))
            } else {
                format!("{v:.3}")
            }
        };
        Plot::new("loss_plot")
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .auto_bounds(egui::Vec2b::TRUE)
            .include_y(if log_y { -4.0 } else { 0.0 })
            .custom_x_axes(vec![
                AxisHints::new_x()
                    .label("step")
                    .formatter(|m, _| format_step(m.value))
                    .label_spacing(16.0..=24.0),
            ])
            .y_axis_formatter(move |m, _| y_fmt(m.value))
            .label_formatter(move |pos| {
                let (name, p) = match pos {
                    egui_plot::HoverPosition::NearDataPoint {
                        plot_name,
                        position,
                        ..
                    } => (*plot_name, *position),
                    egui_plot::HoverPosition::Elsewhere { position } => ("", *position),
                };
                let v = if log_y { 10f64.powf(p.y) } else { p.y };
                Some(if name.is_empty() {
                    format!("step {:.0}\n{v:.4}", p.x)
                } else {
                    format!("{name}\nstep {:.0}\n{v:.5}", p.x)
                })
            })
            .show(ui, |plot_ui| {
                plot_ui.line(
                    Line::new("Error = mean |y − out|", PlotPoints::new(error))
                        .color(ERROR_COLOR)
                        .width(2.0),
                );
                plot_ui.line(
                    Line::new("Loss", PlotPoints::new(loss))
                        .color(LOSS_COLOR)
                        .width(1.5),
                );
            })
            .response
            .on_hover_text(
                "The tutorial's Error (mean |y − out| over the training points) and the loss the \
                 network minimises, against the training step. Both should go down.",
            );
    }

    /// The network's output at the cursor, one bar per class, and what the colours mean.
    fn readout_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(RichText::new("Network output at the cursor").strong());
        let probs = self
            .canvas
            .hover_data
            .and_then(|d| self.heatmap.as_ref().and_then(|f| probs_at(f, d)));
        match probs {
            Some(probs) => probability_bars_ui(ui, &probs),
            None => {
                ui.label(
                    RichText::new(
                        "Move the mouse over the canvas to see what the network predicts there.",
                    )
                    .weak(),
                );
            }
        }
        ui.add_space(10.0);
        ui.label(
            RichText::new(
                "The background shows the network's answer at every spot: the colour of the class \
                 it picks, paler where it is unsure. The dark line is the decision boundary, where \
                 it is exactly undecided.",
            )
            .weak(),
        );
    }
}

/// A short coloured line and a name.
fn legend_entry_ui(ui: &mut egui::Ui, color: Color32, name: &str) {
    let (rect, _) = ui.allocate_exact_size(vec2(18.0, 10.0), egui::Sense::hover());
    ui.painter().hline(
        rect.x_range(),
        rect.center().y,
        egui::Stroke::new(2.5, color),
    );
    ui.label(RichText::new(name).size(12.0));
}

/// 0, 500, 2k, 1.5M …
fn format_step(v: f64) -> String {
    let short = |x: f64, unit: &str| {
        let t = format!("{x:.1}");
        format!("{}{unit}", t.strip_suffix(".0").unwrap_or(&t))
    };
    if v < 0.0 {
        String::new()
    } else if v >= 1e6 {
        short(v / 1e6, "M")
    } else if v >= 1e3 {
        short(v / 1e3, "k")
    } else {
        format!("{v:.0}")
    }
}

/// One bar per class, the most likely one in bold.
fn probability_bars_ui(ui: &mut egui::Ui, probs: &[f32]) {
    let best = probs
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(c, _)| c)
        .unwrap_or(0);
    for (c, p) in probs.iter().enumerate().take(8) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("class {c}")).monospace());
            let w = (ui.available_width() - 60.0).max(20.0);
            let (rect, _) = ui.allocate_exact_size(vec2(w, 12.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, ui.visuals().faint_bg_color);
            let mut bar = rect;
            bar.set_width(rect.width() * p.clamp(0.0, 1.0));
            ui.painter().rect_filled(bar, 3.0, class_color(c));
            let txt = RichText::new(format!("{:5.1}%", p * 100.0)).monospace();
            ui.label(if c == best { txt.strong() } else { txt });
        });
    }
}

/// Thins a curve to at most about `max` points, keeping each bucket's lowest and highest
/// value (in x order) so spikes stay visible.
fn min_max_decimate(points: Vec<[f64; 2]>, max: usize) -> Vec<[f64; 2]> {
    let buckets = (max / 2).max(1);
    if points.len() <= max {
        return points;
    }
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(2 * buckets);
    for chunk in points.chunks(size) {
        let lo = chunk
            .iter()
            .enumerate()
            .min_by(|a, b| a.1[1].total_cmp(&b.1[1]));
        let hi = chunk
            .iter()
            .enumerate()
            .max_by(|a, b| a.1[1].total_cmp(&b.1[1]));
        if let (Some((i, &a)), Some((j, &b))) = (lo, hi) {
            if i == j {
                out.push(a);
            } else if i < j {
                out.extend([a, b]);
            } else {
                out.extend([b, a]);
            }
        }
    }
    out
}

#[cfg(test)]
mod decimate_tests {
    use super::min_max_decimate;

    #[test]
    fn keeps_short_curves_and_the_extremes_of_long_ones() {
        let short: Vec<[f64; 2]> = (0..10).map(|i| [i as f64, 1.0]).collect();
        assert_eq!(min_max_decimate(short.clone(), 100), short);
        let mut long: Vec<[f64; 2]> = (0..4096).map(|i| [i as f64, 1.0]).collect();
        long[1234][1] = 50.0; // a spike
        long[3000][1] = -5.0; // a dip
        let thin = min_max_decimate(long, 500);
        assert!(thin.len() <= 500);
        assert!(thin.contains(&[1234.0, 50.0]) && thin.contains(&[3000.0, -5.0]));
        assert!(thin.windows(2).all(|w| w[0][0] < w[1][0]));
    }
}
