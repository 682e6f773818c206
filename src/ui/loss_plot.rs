//! The loss plot (the tutorial's Error and the loss against step) and the readout column.

use super::app::NnvizApp;
use super::canvas::{class_color, probs_at};
use egui::{Color32, RichText, vec2};
use egui_plot::{AxisHints, GridInput, GridMark, Line, Plot, PlotPoints};

const ERROR_COLOR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
const LOSS_COLOR: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
const TEST_LOSS_COLOR: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);

/// Name of the test-loss series (legend and hover).
pub(crate) const TEST_LOSS_NAME: &str = "Test loss";

/// Grid lines closer than this (in points) are hidden: the plot's `grid_spacing` minimum
/// (egui_plot's default), set explicitly because [`step_grid_marks`] turns
/// `GridInput::base_step_size` back into steps per point with it.
const GRID_MIN_SPACING: f32 = 8.0;

/// Labelled steps on the x axis are at least this far apart (in points): room for the
/// widest compact label ("12.5k", "1.25M") and a clear gap.
const STEP_LABEL_SPACING: f32 = 64.0;

/// Marks closer than this get no label; only the labelled step of [`step_grid_marks`]
/// (never closer than [`STEP_LABEL_SPACING`]) and its multiples are that far apart.
const STEP_LABEL_MIN_SPACING: f32 = 48.0;

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
        // The test curve only while there are test points.
        let has_test = self.test_point_count() > 0;
        ui.horizontal(|ui| {
            legend_entry_ui(ui, ERROR_COLOR, "Error = mean |y − out|").on_hover_text(
                "The tutorial's Error: mean |y − out| over the training points, at every step.",
            );
            ui.add_space(6.0);
            legend_entry_ui(ui, LOSS_COLOR, "Loss").on_hover_text(
                "The loss the network minimises, on the training points, at every step.",
            );
            if has_test {
                ui.add_space(6.0);
                legend_entry_ui(ui, TEST_LOSS_COLOR, TEST_LOSS_NAME).on_hover_text(
                    "The same loss on the held-out test points (never trained on), measured a \
                     few times a second. Rising while the training loss falls: overfitting.",
                );
            }
        });
        let log_y = self.state.log_y;
        let tf = move |v: f64| if log_y { v.max(1e-12).log10() } else { v };
        let (mut error, mut loss, mut test_loss) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(h) = &self.loss {
            if has_test {
                test_loss.extend(
                    h.test_samples()
                        .iter()
                        .filter(|s| s.loss.is_finite())
                        .map(|s| [s.step as f64, tf(s.loss)]),
                );
            }
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
        let test_loss = min_max_decimate(test_loss, max_points);
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
            .grid_spacing(GRID_MIN_SPACING..=300.0)
            .x_grid_spacer(step_grid_marks)
            .custom_x_axes(vec![
                AxisHints::new_x()
                    .label("step")
                    .formatter(|m, _| format_step(m.value, m.step_size))
                    .label_spacing(STEP_LABEL_MIN_SPACING..=STEP_LABEL_SPACING),
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
                if has_test {
                    plot_ui.line(
                        Line::new(TEST_LOSS_NAME, PlotPoints::new(test_loss))
                            .color(TEST_LOSS_COLOR)
                            .width(1.5),
                    );
                }
            })
            .response
            .on_hover_text(
                "The tutorial's Error (mean |y − out| over the training points) and the loss the \
                 network minimises, against the training step. Both should go down. With test \
                 points, the test loss shows how well the network does on points it never \
                 trained on.",
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

/// A short coloured line and a name; the name's response (for its tooltip).
fn legend_entry_ui(ui: &mut egui::Ui, color: Color32, name: &str) -> egui::Response {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(18.0, 10.0), egui::Sense::hover());
        ui.painter().hline(
            rect.x_range(),
            rect.center().y,
            egui::Stroke::new(2.5, color),
        );
        ui.label(RichText::new(name).size(12.0))
    })
    .inner
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `x` (steps are whole numbers),
/// and into how many finer grid intervals it divides: fifths for 1 and 5, quarters for 2.
fn nice_step(x: f64) -> (f64, f64) {
    let mut decade = 1.0;
    loop {
        for mantissa in [1.0, 2.0, 5.0] {
            let step = mantissa * decade;
            if step >= x || decade >= 1e18 {
                return (step, if mantissa == 2.0 { 4.0 } else { 5.0 });
            }
        }
        decade *= 10.0;
    }
}

/// Grid marks of the step axis: every [`nice_step`] at least [`STEP_LABEL_SPACING`] points
/// apart (these carry the labels), finer unlabelled lines between them, and stronger lines
/// every ten labels. Steps are whole numbers, so lines are never closer than one step.
fn step_grid_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let per_point = input.base_step_size / f64::from(GRID_MIN_SPACING);
    if !per_point.is_finite() || per_point <= 0.0 || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    let (major, divisions) = nice_step(per_point * f64::from(STEP_LABEL_SPACING));
    // No finer lines than one step.
    let minor = if major / divisions >= 1.0 {
        major / divisions
    } else {
        major
    };
    let per_major = (major / minor).round() as i64;
    let first = (lo.max(0.0) / minor).ceil() as i64;
    let last = (hi / minor).floor() as i64;
    if last < first || last - first > 10_000 {
        return Vec::new();
    }
    (first..=last)
        .map(|i| GridMark {
            value: i as f64 * minor,
            step_size: if i % (10 * per_major) == 0 {
                10.0 * major
            } else if i % per_major == 0 {
                major
            } else {
                minor
            },
        })
        .collect()
}

/// A step number as an axis label: `950`, `1.5k`, `1.05k`, `35k`, `1.2M`, `3G`. Labels that
/// are `step` apart stay distinct: the unit is the largest one that needs at most two
/// decimals for `step`, and only the decimals `step` needs are shown. Negative: no label.
fn format_step(value: f64, step: f64) -> String {
    const UNITS: [(f64, &str); 5] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, "")];
    if !value.is_finite() || value < 0.0 {
        return String::new();
    }
    let step = if step.is_finite() { step.max(1.0) } else { 1.0 };
    let (unit, suffix) = UNITS
        .into_iter()
        .find(|&(unit, _)| value >= unit && step >= unit / 100.0)
        .unwrap_or((1.0, ""));
    let decimals = (0..=2)
        .find(|&d| {
            let scaled = step / unit * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled
        })
        .unwrap_or(2) as usize;
    let text = format!("{:.*}", decimals, value / unit);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}{suffix}")
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

#[cfg(test)]
mod step_axis_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn step_labels_are_compact_and_tell_neighbours_apart() {
        for (value, step, label) in [
            (0.0, 100.0, "0"),
            (900.0, 100.0, "900"),
            (1000.0, 1000.0, "1k"),
            (1000.0, 50.0, "1k"),
            (1050.0, 50.0, "1.05k"),
            (1100.0, 50.0, "1.1k"),
            (1200.0, 100.0, "1.2k"),
            (35_000.0, 5000.0, "35k"),
            (90_000.0, 10_000.0, "90k"),
            (100_000.0, 10_000.0, "100k"),
            (1_200_000.0, 100_000.0, "1.2M"),
            (1_250_000.0, 50_000.0, "1.25M"),
            (3e9, 1e9, "3G"),
            (1_000_001.0, 1.0, "1000001"),
            (-10.0, 10.0, ""),
            (f64::NAN, 1.0, ""),
        ] {
            assert_eq!(format_step(value, step), label, "{value} every {step}");
        }
    }

    #[test]
    fn nice_steps_are_one_two_five() {
        let steps: Vec<f64> = [0.3, 1.0, 1.5, 3.0, 7.0, 11.0, 4e5, 1e30]
            .into_iter()
            .map(|x| nice_step(x).0)
            .collect();
        assert_eq!(steps, [1.0, 1.0, 2.0, 5.0, 10.0, 20.0, 5e5, 1e18]);
    }

    /// The step labels egui_plot draws for a plot `width` points wide showing steps
    /// `lo..hi`: the marks whose spacing passes `label_spacing`'s minimum and fits their
    /// own text (see `egui_plot::axis`), as (x in points, text, width in points).
    fn drawn_labels(
        width: f64,
        lo: f64,
        hi: f64,
        text_width: &dyn Fn(&str) -> f32,
    ) -> Vec<(f32, String, f32)> {
        let per_point = (hi - lo) / width;
        let marks = step_grid_marks(GridInput {
            bounds: (lo, hi),
            base_step_size: per_point * f64::from(GRID_MIN_SPACING),
        });
        marks
            .iter()
            .filter_map(|m| {
                let spacing = (m.step_size / per_point) as f32;
                let text = format_step(m.value, m.step_size);
                if text.is_empty() || spacing <= STEP_LABEL_MIN_SPACING {
                    return None;
                }
                let w = text_width(&text);
                (spacing >= w).then(|| (((m.value - lo) / per_point) as f32, text, w))
            })
            .collect()
    }

    #[test]
    fn step_labels_never_crowd_at_any_step_count() {
        let counts = [
            5.0, 37.0, 100.0, 999.0, 1234.0, 9_999.0, 10_764.0, 90_100.0, 123_456.0, 1e6, 1.2e6,
            5e7, 1e9, 3e12,
        ];
        let mut views = Vec::new();
        for width in [150.0, 300.0, 480.0, 1200.0] {
            for n in counts {
                for (lo, hi) in [(0.0, n), (-0.05 * n, 1.05 * n), (0.9 * n, n)] {
                    views.push((width, lo, hi));
                }
            }
        }
        // Every label's width as egui lays it out (the axis uses the body font).
        let mut texts: Vec<String> = views
            .iter()
            .flat_map(|&(width, lo, hi)| drawn_labels(width, lo, hi, &|_| 0.0))
            .map(|(_, text, _)| text)
            .collect();
        texts.sort();
        texts.dedup();
        let ctx = egui::Context::default();
        let font = egui::TextStyle::Body.resolve(&egui::Style::default());
        let mut widths = std::collections::HashMap::new();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            for text in &texts {
                let galley =
                    ui.fonts_mut(|f| f.layout_no_wrap(text.clone(), font.clone(), Color32::BLACK));
                widths.insert(text.clone(), galley.size().x);
            }
        });
        out.textures_delta.clear();
        assert!(widths["10k"] > 15.0, "{widths:?}");

        for (width, lo, hi) in views {
            let labels = drawn_labels(width, lo, hi, &|t| widths[t]);
            let what = format!("{width} pt wide, steps {lo}..{hi}: {labels:?}");
            if lo <= 0.0 {
                assert!(labels.len() >= 2, "{what}");
            }
            for pair in labels.windows(2) {
                let gap = pair[1].0 - pair[0].0 - (pair[0].2 + pair[1].2) / 2.0;
                assert!(gap >= 10.0, "{what}");
                assert_ne!(pair[0].1, pair[1].1, "{what}");
            }
        }
    }
}
