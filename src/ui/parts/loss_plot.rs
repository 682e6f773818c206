//! The loss plot: the tutorial's Error, the loss and the test loss against step.
//!
//! Options (persisted): log y, log x, or a window of the most recent steps, so that a long
//! run keeps its learning phase visible. On a log axis the labels sit on decades (or on
//! 1-2-5 values within one decade), and a single sample still gets a sensible range.
//! Vertical marks show where the data or the training settings changed while the curve
//! went on. The learning rate, when it changes, is a fourth line with its own axis on the
//! right ([`super::lr_axis`]).

use super::super::action::Action;
use super::super::format::fmt_num;
use super::super::state::{PersistedState, PlotSettings};
use super::super::worker_link::WorkerLink;
use super::lr_axis::{LR_COLOR, RateScale, rate_points, worth_showing};
use crate::tr;
use egui::{Color32, RichText, vec2};
use egui_plot::{AxisHints, GridInput, GridMark, HPlacement, Line, Plot, PlotPoints, VLine};

const ERROR_COLOR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
const LOSS_COLOR: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
const TEST_LOSS_COLOR: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
const MARK_COLOR: Color32 = Color32::from_rgb(0x70, 0x70, 0x70);

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

/// The windows of recent steps offered (`None`: the whole run).
const WINDOWS: [Option<u64>; 5] = [
    None,
    Some(1_000),
    Some(10_000),
    Some(100_000),
    Some(1_000_000),
];

/// The loss plot's runtime state: where the data or settings changed.
#[derive(Debug, Default)]
pub(crate) struct LossPlot {
    /// Steps at which something changed while the curve went on, and what.
    marks: Vec<(u64, &'static str)>,
}

impl LossPlot {
    /// The curve restarts (new weights): old marks mean nothing now.
    pub(crate) fn mark_reset(&mut self) {
        self.marks.clear();
    }

    /// The points changed at `step` while the weights were kept.
    pub(crate) fn mark_data_changed(&mut self, step: u64) {
        self.mark(step, "data changed");
    }

    /// The training settings changed at `step`.
    pub(crate) fn mark_settings_changed(&mut self, step: u64) {
        self.mark(step, "settings changed");
    }

    fn mark(&mut self, step: u64, what: &'static str) {
        if step > 0 && self.marks.last().is_none_or(|m| m.0 != step) {
            self.marks.push((step, what));
            if self.marks.len() > 100 {
                self.marks.remove(0);
            }
        }
    }

    /// The marks (for tests).
    pub fn marks(&self) -> &[(u64, &'static str)] {
        &self.marks
    }

    /// Title, options, legend and the plot, in all of `ui`.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        link: &WorkerLink,
        test_points: usize,
        out: &mut Vec<Action>,
    ) {
        let mut p = state.plot;
        // Options first, on the right, so the title truncates before them.
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.checkbox(&mut p.log_y, tr!("plot-log-y"))
                    .on_hover_text(tr!("plot-log-y-tip"));
                ui.add_enabled_ui(p.recent_steps.is_none(), |ui| {
                    ui.checkbox(&mut p.log_x, tr!("plot-log-x"))
                        .on_hover_text(tr!("plot-log-x-tip"))
                });
                egui::ComboBox::from_id_salt("loss_window")
                    .width(78.0)
                    .selected_text(window_name(p.recent_steps))
                    .show_ui(ui, |ui| {
                        for w in WINDOWS {
                            ui.selectable_value(&mut p.recent_steps, w, window_name(w));
                        }
                    })
                    .response
                    .on_hover_text(tr!("plot-window-tip"));
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(tr!("plot-title")).strong().size(14.5))
                            .truncate(),
                    );
                });
            });
        });
        if p != state.plot {
            out.push(Action::SetPlot(p));
        }
        let has_test = test_points > 0;
        let scheduled = !state.model_config.train.schedule.is_constant();
        let rates = link.loss.as_ref().and_then(|h| {
            let (from, log_x) = window(h.samples(), &p);
            let tx = move |s: f64| if log_x { (s + 1.0).log10() } else { s };
            let points = rate_points(h.samples(), from, tx);
            worth_showing(scheduled, &points).then_some(points)
        });
        ui.horizontal_wrapped(|ui| {
            legend_entry_ui(ui, ERROR_COLOR, &tr!("plot-error"))
                .on_hover_text(tr!("plot-error-tip"));
            ui.add_space(6.0);
            legend_entry_ui(ui, LOSS_COLOR, &tr!("plot-loss")).on_hover_text(tr!("plot-loss-tip"));
            if has_test {
                ui.add_space(6.0);
                legend_entry_ui(ui, TEST_LOSS_COLOR, &tr!("plot-test-loss"))
                    .on_hover_text(tr!("plot-test-loss-tip"));
            }
            if rates.is_some() {
                ui.add_space(6.0);
                legend_entry_ui(ui, LR_COLOR, &tr!("plot-lr")).on_hover_text(tr!("plot-lr-tip"));
            }
        });
        self.plot_ui(ui, &p, link, has_test, rates);
    }

    /// The plot; `rates` (step on the plot's x, rate) is the learning-rate line, if shown.
    fn plot_ui(
        &self,
        ui: &mut egui::Ui,
        p: &PlotSettings,
        link: &WorkerLink,
        has_test: bool,
        rates: Option<Vec<[f64; 2]>>,
    ) {
        let PlotSettings {
            log_y,
            recent_steps,
            ..
        } = *p;
        let ty = move |v: f64| if log_y { v.max(1e-12).log10() } else { v };
        let samples = link.loss.as_ref().map_or(&[][..], |h| h.samples());
        let last = samples.last().map_or(0, |s| s.step);
        let (from, log_x) = window(samples, p);
        let tx = move |s: f64| if log_x { (s + 1.0).log10() } else { s };
        let (mut error, mut loss, mut test_loss) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(h) = &link.loss {
            if has_test {
                test_loss.extend(
                    h.test_samples()
                        .iter()
                        .filter(|s| s.loss.is_finite() && s.step >= from)
                        .map(|s| [tx(s.step as f64), ty(s.loss)]),
                );
            }
            error.reserve(h.samples().len());
            loss.reserve(h.samples().len());
            for s in h.samples().iter().filter(|s| s.step >= from) {
                let x = tx(s.step as f64);
                if s.error.is_finite() {
                    error.push([x, ty(s.error)]);
                }
                if s.loss.is_finite() {
                    loss.push([x, ty(s.loss)]);
                }
            }
        }
        // About two points per pixel: thousands more only cost the renderer vertices.
        let max_points = (ui.available_width().max(100.0) * 2.0) as usize;
        let error = min_max_decimate(error, max_points);
        let loss = min_max_decimate(loss, max_points);
        let test_loss = min_max_decimate(test_loss, max_points);
        // The y range: a log axis always spans whole decades (so it has labels, also with a
        // single sample); a linear one starts at 0.
        let (lo, hi) = error
            .iter()
            .chain(&loss)
            .chain(&test_loss)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), q| {
                (lo.min(q[1]), hi.max(q[1]))
            });
        let (y_lo, y_hi) = y_range(lo, hi, log_y);
        let rates = rates.map(|r| {
            let max = r.iter().fold(0.0f64, |m, q| m.max(q[1]));
            let scale = RateScale::new(y_lo, y_hi, max);
            let line = r.iter().map(|q| [q[0], scale.to_y(q[1])]).collect();
            (scale, min_max_decimate(line, max_points))
        });
        let rate_scale = rates.as_ref().map(|r| r.0);
        let rate_name = tr!("plot-lr-axis");
        let hover_rate_name = tr!("plot-lr");
        let x_hi = match (error.last(), recent_steps) {
            (Some(q), _) if q[0] > 0.0 => q[0],
            _ => tx(from as f64 + 10.0),
        };
        let x_fmt = move |v: f64, step: f64| {
            if log_x {
                format_step((10f64.powf(v) - 1.0).round(), 1.0)
            } else {
                format_step(v, step)
            }
        };
        let marks: Vec<f64> = self
            .marks
            .iter()
            .filter(|m| m.0 >= from && m.0 <= last)
            .map(|m| tx(m.0 as f64))
            .collect();
        let step_word = tr!("plot-step");
        let hover_step = step_word.clone();
        let plot = Plot::new("loss_plot")
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .auto_bounds(egui::Vec2b::new(false, false))
            .grid_spacing(GRID_MIN_SPACING..=300.0)
            .custom_x_axes(vec![
                AxisHints::new_x()
                    .label(step_word)
                    .formatter(move |m, _| x_fmt(m.value, m.step_size))
                    .label_spacing(STEP_LABEL_MIN_SPACING..=STEP_LABEL_SPACING),
            ])
            .custom_y_axes(y_axes(rate_scale, log_y, rate_name))
            .label_formatter(move |pos| {
                let (name, p) = match pos {
                    egui_plot::HoverPosition::NearDataPoint {
                        plot_name,
                        position,
                        ..
                    } => (*plot_name, *position),
                    egui_plot::HoverPosition::Elsewhere { position } => ("", *position),
                };
                let v = match rate_scale {
                    Some(r) if name == hover_rate_name => r.rate_of(p.y),
                    _ if log_y => 10f64.powf(p.y),
                    _ => p.y,
                };
                let s = if log_x { 10f64.powf(p.x) - 1.0 } else { p.x };
                let s = s.max(0.0);
                Some(if name.is_empty() {
                    format!("{hover_step} {s:.0}\n{}", fmt_num(v))
                } else {
                    format!("{name}\n{hover_step} {s:.0}\n{}", fmt_num(v))
                })
            });
        let plot = if log_x {
            plot.x_grid_spacer(log_grid_marks)
        } else {
            plot.x_grid_spacer(step_grid_marks)
        };
        let plot = if log_y {
            plot.y_grid_spacer(log_grid_marks)
        } else {
            plot
        };
        let x_lo = tx(from as f64);
        let x_hi = if x_hi > x_lo { x_hi } else { x_lo + 1.0 };
        plot.show(ui, |plot_ui| {
            // The range is ours, every frame: the plot does not remember an old one.
            plot_ui.set_plot_bounds(egui_plot::PlotBounds::from_min_max(
                [x_lo, y_lo],
                [x_hi, y_hi],
            ));
            for x in marks {
                plot_ui.vline(VLine::new("", x).color(MARK_COLOR).width(1.0));
            }
            plot_ui.line(
                Line::new(tr!("plot-error"), PlotPoints::new(error))
                    .color(ERROR_COLOR)
                    .width(2.0),
            );
            plot_ui.line(
                Line::new(tr!("plot-loss"), PlotPoints::new(loss))
                    .color(LOSS_COLOR)
                    .width(1.5),
            );
            if has_test {
                plot_ui.line(
                    Line::new(tr!("plot-test-loss"), PlotPoints::new(test_loss))
                        .color(TEST_LOSS_COLOR)
                        .width(1.5),
                );
            }
            if let Some((_, line)) = rates {
                plot_ui.line(
                    Line::new(tr!("plot-lr"), PlotPoints::new(line))
                        .color(LR_COLOR)
                        .width(1.5),
                );
            }
        })
        .response
        .on_hover_text(tr!("plot-tip"));
    }
}

/// The first step shown (by the window of recent steps) and whether the x axis is log (not
/// with a window), for `samples` (oldest first).
fn window(samples: &[crate::train::LossSample], p: &PlotSettings) -> (u64, bool) {
    let last = samples.last().map_or(0, |s| s.step);
    let from = p.recent_steps.map_or(0, |w| last.saturating_sub(w));
    (from, p.log_x && p.recent_steps.is_none())
}

/// The loss axis on the left and, with a rate line (`rate`), the rate's axis on the right,
/// labelled `rate_name`.
fn y_axes(rate: Option<RateScale>, log_y: bool, rate_name: String) -> Vec<AxisHints<'static>> {
    let mut axes = vec![
        AxisHints::new_y()
            .formatter(move |m, _| {
                if log_y {
                    log_label(m.value)
                } else {
                    linear_label(m.value, m.step_size)
                }
            })
            .label_spacing(18.0..=50.0)
            .min_thickness(38.0),
    ];
    if let Some(r) = rate {
        axes.push(
            AxisHints::new_y()
                .label(rate_name)
                .placement(HPlacement::Right)
                .formatter(move |m, _| r.label(m.value))
                .label_spacing(18.0..=50.0)
                .min_thickness(38.0),
        );
    }
    axes
}

/// The y range for values `lo..=hi` (exponents on a log axis): a log axis spans whole
/// decades, at least one, so a single sample or a flat curve still gets labels; a linear
/// one starts at 0. No values: a default range.
fn y_range(lo: f64, hi: f64, log_y: bool) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return if log_y { (-3.0, 0.0) } else { (0.0, 1.0) };
    }
    if log_y {
        let (a, b) = (lo.floor(), hi.ceil());
        (a, if b > a { b } else { a + 1.0 })
    } else {
        (0.0, if hi > 0.0 { hi * 1.05 } else { 1.0 })
    }
}

/// "all steps", "last 10k".
fn window_name(w: Option<u64>) -> String {
    match w {
        None => tr!("plot-all-steps"),
        Some(n) => tr!("plot-last-steps", steps = format_step(n as f64, n as f64)),
    }
}

/// A value of a log axis (the exponent `v`): `1e-3`, `2e-4`, `0.5`, `1`, `20`.
fn log_label(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let x = 10f64.powf(v);
    let e = v.floor();
    let mantissa = (x / 10f64.powf(e)).round();
    if (-2.0..=3.0).contains(&e) {
        let decimals = (-e).max(0.0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{mantissa:.0}e{e:.0}")
    }
}

/// A value of a linear axis, with the decimals its spacing needs.
fn linear_label(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e5) {
        return format!("{v:.1e}");
    }
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).clamp(0.0, 6.0) as usize
    } else {
        3
    };
    format!("{v:.decimals$}")
}

/// Grid marks of a log axis (values are exponents): every decade once the range spans more
/// than about one, with every second or fifth decade labelled when there are many; within a
/// decade or two, also at 2 and 5 times each decade.
fn log_grid_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let span = hi - lo;
    let mut marks = Vec::new();
    let (first, last) = (lo.floor() as i64, hi.ceil() as i64);
    if last - first > 400 {
        return marks;
    }
    let every = if span > 24.0 {
        5
    } else if span > 12.0 {
        2
    } else {
        1
    };
    for e in first..=last {
        let v = e as f64;
        if v >= lo && v <= hi {
            let labelled = e.rem_euclid(every) == 0;
            marks.push(GridMark {
                value: v,
                step_size: if labelled { 1.0 * every as f64 } else { 0.5 },
            });
        }
        if span <= 2.5 {
            for m in [2.0f64, 5.0] {
                let w = v + m.log10();
                if w >= lo && w <= hi {
                    // Shown as a label when the range is small enough to fit it.
                    marks.push(GridMark {
                        value: w,
                        step_size: if span <= 1.2 { 1.0 } else { 0.3 },
                    });
                }
            }
        }
    }
    marks
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
mod log_axis_tests {
    use super::*;

    fn labelled(lo: f64, hi: f64) -> Vec<String> {
        log_grid_marks(GridInput {
            bounds: (lo, hi),
            base_step_size: 0.01,
        })
        .into_iter()
        .filter(|m| m.step_size >= 1.0)
        .map(|m| log_label(m.value))
        .collect()
    }

    #[test]
    fn log_labels_sit_on_decades_at_every_range() {
        // From 7e-7 to 1: every decade once, each label different.
        let l = labelled(-7.0, 0.0);
        assert_eq!(
            l,
            ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "0.01", "0.1", "1"]
        );
        // Many decades: every second or fifth is labelled, still all distinct.
        let l = labelled(-30.0, 2.0);
        assert!(l.len() >= 5 && l.len() <= 17, "{l:?}");
        let mut d = l.clone();
        d.dedup();
        assert_eq!(d, l);
    }

    #[test]
    fn a_single_sample_gets_a_whole_decade() {
        // One sample of 1.5e-4 (exponent -3.82): from 1e-4 to 1e-3, labelled 1-2-5.
        let v = 1.5e-4f64.log10();
        let (lo, hi) = y_range(v, v, true);
        assert_eq!((lo, hi), (-4.0, -3.0));
        assert_eq!(labelled(lo, hi), ["1e-4", "2e-4", "5e-4", "1e-3"]);
        // A sample on a decade still spans one.
        assert_eq!(y_range(-2.0, -2.0, true), (-2.0, -1.0));
        assert_eq!(y_range(f64::INFINITY, f64::NEG_INFINITY, false), (0.0, 1.0));
    }

    #[test]
    fn within_one_decade_the_labels_are_one_two_five() {
        assert_eq!(labelled(-4.0, -3.0), ["1e-4", "2e-4", "5e-4", "1e-3"]);
    }

    #[test]
    fn linear_labels_switch_to_scientific_when_small() {
        assert_eq!(linear_label(0.5, 0.1), "0.5");
        assert_eq!(linear_label(2e-4, 1e-4), "2.0e-4");
        assert_eq!(linear_label(0.0, 0.1), "0.0");
    }
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
