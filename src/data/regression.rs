//! Regression: the [`Problem`] kind and the generators of the regression presets
//! ([`Preset::Plane`](super::Preset::Plane), [`Preset::Peaks`](super::Preset::Peaks)).
//!
//! Points are drawn uniformly in `[-6, 6]²` (the square the classification shapes fill); the
//! clean target lies in about `[-1, 1]`, as in TF Playground's regression sets. `noise` adds
//! Gaussian noise of standard deviation `noise` to the value (the target's half-range is 1),
//! so with `noise = 0` every value is exactly the clean function [`plane_value`] or
//! [`peaks_value`]. Test points are a random `round(points × test_ratio)` of them.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::presets::{mark_test, std_normal};
use super::{DataError, Dataset, LabeledPoint, PresetParams};

/// Half-width of the square the points fill.
const EXTENT: f64 = 6.0;
/// The plane's value is `(x + y) / PLANE_SCALE`: `[-1, 1]` on the diagonal corners' range
/// of `x + y ∈ [-10, 10]`, as TF Playground's reg-plane maps it.
const PLANE_SCALE: f64 = 10.0;
/// Centres `(x, y)` and signs of the bumps of [`peaks_value`]: two positive and two negative
/// bumps, like TF Playground's reg-gauss but fewer, so that a small network can fit them.
const PEAKS: [(f64, f64, f64); 4] = [
    (-2.5, 2.5, 1.0),
    (2.5, 2.5, -1.0),
    (-2.5, -2.5, -1.0),
    (2.5, -2.5, 1.0),
];
/// Standard deviation of each bump.
const PEAK_STD: f64 = 1.5;

/// What the points' labels mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Every point has a class; the network outputs class probabilities.
    #[default]
    Classification,
    /// Every point has a real value; the network ends in one linear unit.
    Regression,
}

impl Problem {
    /// Both kinds, in menu order.
    pub const ALL: [Problem; 2] = [Problem::Classification, Problem::Regression];

    /// Lowercase name, as `nnviz train --problem` accepts it.
    pub fn name(self) -> &'static str {
        match self {
            Problem::Classification => "classification",
            Problem::Regression => "regression",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Problem {
    type Err = DataError;

    /// `classification` or `regression` (case and surrounding whitespace ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|p| p.name() == wanted)
            .ok_or_else(|| DataError::UnknownProblem {
                name: s.trim().to_owned(),
            })
    }
}

/// The clean value of the `plane` preset at `(x, y)`: `(x + y) / 10`.
pub fn plane_value(x: f64, y: f64) -> f64 {
    (x + y) / PLANE_SCALE
}

/// The clean value of the `peaks` preset at `(x, y)`: the sum of four Gaussian bumps of
/// height ±1 (standard deviation 1.5) centred at `(±2.5, ±2.5)`, positive where `x·y < 0`.
pub fn peaks_value(x: f64, y: f64) -> f64 {
    PEAKS
        .iter()
        .map(|&(cx, cy, sign)| {
            let d2 = (x - cx).powi(2) + (y - cy).powi(2);
            sign * (-d2 / (2.0 * PEAK_STD * PEAK_STD)).exp()
        })
        .sum()
}

/// Generates a regression dataset of `params.points` points with values from `f` plus noise
/// (`params.classes` is ignored). Validated like the classification presets.
pub(super) fn generate_values(
    f: fn(f64, f64) -> f64,
    params: &PresetParams,
) -> Result<Dataset, DataError> {
    params.validate()?;
    let mut rng = StdRng::seed_from_u64(params.seed);
    let mut points = Vec::with_capacity(params.points);
    for _ in 0..params.points {
        let x = rng.random_range(-EXTENT..=EXTENT);
        let y = rng.random_range(-EXTENT..=EXTENT);
        let noise = if params.noise > 0.0 {
            params.noise * std_normal(&mut rng)
        } else {
            0.0
        };
        points.push(LabeledPoint::with_value(x, y, f(x, y) + noise));
    }
    // All points are "class 0": the stratified split is a plain random one.
    mark_test(&mut points, params.test_ratio, &mut rng);
    Ok(Dataset {
        points,
        num_classes: 2,
        problem: Problem::Regression,
    })
}
