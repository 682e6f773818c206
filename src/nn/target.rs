//! Regression targets: the standardisation the network trains on ([`TargetTransform`]) and
//! the figures shown to the user ([`RegressionStats`]), always in the target's own units.

use serde::{Deserialize, Serialize};

/// How a regression target is scaled for the network: `model = (value − mean) / std`.
///
/// With normalised inputs the target is standardised too (mean and standard deviation of
/// the training targets), so that a linear output unit starts near the right scale; without
/// it the transform is the identity. Every prediction is mapped back with
/// [`Self::to_data`] before anyone sees it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetTransform {
    /// Subtracted from a value.
    pub mean: f64,
    /// A value is divided by it after subtracting the mean (always finite and > 0).
    pub std: f64,
}

impl Default for TargetTransform {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl TargetTransform {
    /// No scaling.
    pub const IDENTITY: TargetTransform = TargetTransform {
        mean: 0.0,
        std: 1.0,
    };

    /// The standardisation of `values` when `standardize` is on (the population standard
    /// deviation; a constant or empty set keeps `std = 1`), else [`Self::IDENTITY`].
    pub fn fit(standardize: bool, values: impl Iterator<Item = f64> + Clone) -> Self {
        let n = values.clone().count();
        if !standardize || n == 0 {
            return Self::IDENTITY;
        }
        let mean = values.clone().sum::<f64>() / n as f64;
        let var = values.map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        let std = var.sqrt();
        if !mean.is_finite() {
            return Self::IDENTITY;
        }
        Self {
            mean,
            std: if std.is_finite() && std > 1e-12 {
                std
            } else {
                1.0
            },
        }
    }

    /// A value in the target's units → what the network is trained to output.
    pub fn to_model(&self, value: f64) -> f64 {
        (value - self.mean) / self.std
    }

    /// A network output → the target's units.
    pub fn to_data(&self, out: f64) -> f64 {
        out * self.std + self.mean
    }
}

/// Regression figures on one set of points, in the target's units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegressionStats {
    /// Mean squared error `Σ (y − ŷ)² / n`.
    pub mse: f64,
    /// Root of [`Self::mse`].
    pub rmse: f64,
    /// Coefficient of determination `1 − SS_res / SS_tot`. For targets that are all equal
    /// (`SS_tot = 0`) it is 1 when every prediction is exact and 0 otherwise.
    pub r2: f64,
    /// Number of points.
    pub samples: usize,
}

impl RegressionStats {
    /// The figures of `(target, prediction)` pairs; `None` without any pair.
    pub fn of(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> Option<Self> {
        let n = pairs.clone().count();
        if n == 0 {
            return None;
        }
        let mean = pairs.clone().map(|(y, _)| y).sum::<f64>() / n as f64;
        let (ss_res, ss_tot) = pairs.fold((0.0, 0.0), |(res, tot), (y, p)| {
            (res + (y - p).powi(2), tot + (y - mean).powi(2))
        });
        let mse = ss_res / n as f64;
        let r2 = if ss_tot > 0.0 {
            1.0 - ss_res / ss_tot
        } else if ss_res == 0.0 {
            1.0
        } else {
            0.0
        };
        Some(Self {
            mse,
            rmse: mse.sqrt(),
            r2,
            samples: n,
        })
    }
}

/// [`RegressionStats`] on the training and the test points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegressionMetrics {
    /// On the training points (`None` without any).
    pub train: Option<RegressionStats>,
    /// On the test points (`None` without any).
    pub test: Option<RegressionStats>,
}
