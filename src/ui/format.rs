//! Numbers as the window shows them: one formatter each.

/// A loss or error value readable at every magnitude.
pub(crate) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        format!("{v}")
    } else if v == 0.0 {
        "0".to_owned()
    } else if v.abs() >= 0.001 {
        format!("{v:.4}")
    } else {
        format!("{v:.2e}")
    }
}

/// Learning rate with enough digits to read on a log scale.
pub(crate) fn format_lr(v: f64) -> String {
    if v >= 0.1 {
        format!("{v:.2}")
    } else if v >= 0.001 {
        format!("{v:.4}")
    } else {
        format!("{v:.1e}")
    }
}

/// 1234567 → "1.23 M", 25000 → "25 k", 2000 → "2000".
pub(crate) fn format_count(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2} M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.0} k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// A share as a percentage that never rounds to 0 % or 100 % unless it is exactly that.
pub(crate) fn percent(fraction: f64, decimals: usize) -> String {
    crate::cli::percent(fraction, decimals)
}

/// The nearest value of the 1-2-5 sequence (…, 0.01, 0.02, 0.05, 0.1, …) to `v` on a log
/// scale: where a dragged learning-rate slider lands.
pub(crate) fn snap_125(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return v;
    }
    let e = v.log10().floor();
    let base = 10f64.powf(e);
    let candidates = [1.0, 2.0, 5.0, 10.0].map(|m| m * base);
    let mut best = candidates[0];
    for c in candidates {
        if (c.ln() - v.ln()).abs() < (best.ln() - v.ln()).abs() {
            best = c;
        }
    }
    // Print-clean: 0.1 * 2 is 0.2, not 0.20000000000000004.
    format!("{best:.0e}").parse().unwrap_or(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_lands_on_one_two_five() {
        assert_eq!(snap_125(0.011), 0.01);
        assert_eq!(snap_125(0.017), 0.02);
        assert_eq!(snap_125(0.04), 0.05);
        assert_eq!(snap_125(0.08), 0.1);
        assert_eq!(snap_125(3.3), 5.0);
        assert_eq!(snap_125(1.2e-5), 1e-5);
    }

    #[test]
    fn counts_are_short() {
        assert_eq!(format_count(2000.0), "2000");
        assert_eq!(format_count(25_000.0), "25 k");
        assert_eq!(format_count(1_234_567.0), "1.23 M");
    }
}
