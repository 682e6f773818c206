//! Numbers as the user reads them, shared by the command line and the app.

/// A fraction as a percentage with `decimals` decimals, `0.875` → `87.5%`. Rounding never
/// shows `100%` or `0%` for a fraction that is not exactly 1 or 0 (99.96 % is not "all").
pub fn percent(fraction: f64, decimals: usize) -> String {
    let least = 10f64.powi(-(decimals.min(6) as i32));
    let mut p = fraction * 100.0;
    if fraction < 1.0 {
        p = p.min(100.0 - least);
    }
    if fraction > 0.0 {
        p = p.max(least);
    }
    format!("{p:.decimals$}%")
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn accuracy_is_a_percentage_that_never_rounds_to_all_or_none() {
        assert_eq!(percent(1.0, 1), "100.0%");
        assert_eq!(percent(0.875, 1), "87.5%");
        assert_eq!(percent(2.0 / 3.0, 1), "66.7%");
        assert_eq!(percent(0.0, 1), "0.0%");
        assert_eq!(percent(0.9996, 1), "99.9%");
        assert_eq!(percent(0.0004, 1), "0.1%");
        assert_eq!(percent(0.996, 0), "99%");
        assert_eq!(percent(1.0, 0), "100%");
        assert_eq!(percent(0.004, 0), "1%");
    }
}
