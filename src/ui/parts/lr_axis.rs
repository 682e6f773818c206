//! The learning rate on the loss plot: a second line with its own axis on the right.
//!
//! The rate is drawn linearly from 0 at the bottom of the plot to a round rate at the top
//! ([`RateScale`]), whatever the loss axis is (log or linear), and the right axis labels the
//! plot's y values with the rates they stand for. It is shown when the schedule is not
//! constant or the recorded rate changed within the shown steps (the slider moved): a
//! constant rate would only be a flat line at the top.

use super::super::format::format_lr;
use crate::train::LossSample;
use egui::Color32;

/// Colour of the rate line (Okabe–Ito bluish green, apart from the loss curves' colours).
pub(crate) const LR_COLOR: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);

/// Maps rates to the plot's y values (`y_lo..=y_hi`, exponents on a log loss axis) and back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RateScale {
    y_lo: f64,
    y_hi: f64,
    /// The rate at the top of the plot.
    top: f64,
}

impl RateScale {
    /// The scale for rates up to `max_rate` on a plot spanning `y_lo..=y_hi`: the top is the
    /// smallest of 1, 2, 5 × 10ⁿ at or above `max_rate`.
    pub(crate) fn new(y_lo: f64, y_hi: f64, max_rate: f64) -> Self {
        let top = if max_rate.is_finite() && max_rate > 0.0 {
            let decade = 10f64.powf(max_rate.log10().floor());
            [1.0, 2.0, 5.0, 10.0]
                .into_iter()
                .map(|m| m * decade)
                .find(|&t| t >= max_rate * (1.0 - 1e-12))
                .unwrap_or(10.0 * decade)
        } else {
            1.0
        };
        Self { y_lo, y_hi, top }
    }

    /// The plot's y value of `rate`.
    pub(crate) fn to_y(self, rate: f64) -> f64 {
        self.y_lo + rate / self.top * (self.y_hi - self.y_lo)
    }

    /// The rate a plot y value stands for.
    pub(crate) fn rate_of(self, y: f64) -> f64 {
        let span = self.y_hi - self.y_lo;
        if span > 0.0 {
            (y - self.y_lo) / span * self.top
        } else {
            0.0
        }
    }

    /// The right axis' label at plot value `y` (nothing below 0 or above the top).
    pub(crate) fn label(self, y: f64) -> String {
        let r = self.rate_of(y);
        if !r.is_finite() || r < -1e-12 * self.top || r > self.top * (1.0 + 1e-9) {
            return String::new();
        }
        if r.abs() <= 1e-12 * self.top {
            "0".to_owned()
        } else {
            format_lr(r)
        }
    }
}

/// The samples' known rates from step `from` on, at x = `tx(step)` (not yet scaled).
pub(crate) fn rate_points(
    samples: &[LossSample],
    from: u64,
    tx: impl Fn(f64) -> f64,
) -> Vec<[f64; 2]> {
    samples
        .iter()
        .filter(|s| s.step >= from)
        .filter_map(|s| {
            s.lr.filter(|r| r.is_finite())
                .map(|r| [tx(s.step as f64), r])
        })
        .collect()
}

/// Whether the rate line is worth showing: a schedule that is not constant, or rates that
/// differ among `points`.
pub(crate) fn worth_showing(scheduled: bool, points: &[[f64; 2]]) -> bool {
    if points.is_empty() {
        return false;
    }
    scheduled || {
        let (lo, hi) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |a, p| {
                (a.0.min(p[1]), a.1.max(p[1]))
            });
        hi > lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_map_to_the_plot_and_back() {
        // Rates up to 0.03 on a log axis of three decades: the top is 0.05.
        let s = RateScale::new(-3.0, 0.0, 0.03);
        assert!((s.to_y(0.0) + 3.0).abs() < 1e-12);
        assert!((s.to_y(0.05) - 0.0).abs() < 1e-12);
        assert!((s.to_y(0.025) + 1.5).abs() < 1e-12);
        assert!((s.rate_of(-1.5) - 0.025).abs() < 1e-15);
        assert_eq!(s.label(-3.0), "0");
        assert_eq!(s.label(0.0), "0.0500");
        assert_eq!(s.label(0.5), "");
        assert_eq!(RateScale::new(0.0, 1.0, 0.1).top, 0.1);
        assert_eq!(RateScale::new(0.0, 1.0, 0.11).top, 0.2);
    }

    #[test]
    fn a_constant_rate_is_shown_only_with_a_schedule() {
        let flat = [[0.0, 0.1], [1.0, 0.1]];
        assert!(!worth_showing(false, &flat));
        assert!(worth_showing(true, &flat));
        assert!(worth_showing(false, &[[0.0, 0.1], [1.0, 0.2]]));
        assert!(!worth_showing(true, &[]));
    }
}
