//! Generated datasets: the tutorial's `seed` points and TF-Playground-style shapes.
//!
//! Every generator is deterministic for a given [`PresetParams::seed`] (it draws only from a
//! [`StdRng`] seeded with it), fills roughly `[-6, 6]²`, gives every class the same number of
//! points (counts differ by at most 1), and shuffles the result so classes are interleaved
//! (mini-batches then see every class).
//!
//! `noise` is a fraction of each shape's feature size (quadrant half-width, ring width, cell
//! size, ...): points get Gaussian jitter with standard deviation `noise × feature size`.
//! Labels are decided *before* jitter, so with noise some points cross into the other class,
//! as in TF Playground. With `noise = 0` every shape is clean: classes do not overlap.

use std::f64::consts::{FRAC_PI_4, PI, TAU};
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::regression::{peaks_value, plane_value};
use super::{DataError, Dataset, LabeledPoint, MAX_CLASSES, Problem};

/// Half-width of the square the shapes fill: points lie roughly in `[-EXTENT, EXTENT]²`.
const EXTENT: f64 = 6.0;
/// Gap kept between XOR points and the axes, so the clean shape has visible quadrants.
const XOR_PAD: f64 = 0.3;
/// Radius of the circle the Gauss blob centres sit on.
const GAUSS_RADIUS: f64 = 4.0;
/// Blob standard deviation at `noise = 0`.
const GAUSS_BASE_STD: f64 = 0.4;
/// Extra blob standard deviation per unit of noise.
const GAUSS_NOISE_STD: f64 = 3.0;
/// Blobs are cut at this many standard deviations so that clean blobs never overlap
/// (the closest centres, for 8 classes, are `2·4·sin(π/8) ≈ 3.06` apart; `2·3·0.4 = 2.4`).
const GAUSS_CUTOFF_SIGMAS: f64 = 3.0;
/// Innermost spiral radius (arms start apart, not all at the origin).
const SPIRAL_R0: f64 = 0.5;
/// How many turns each spiral arm makes.
const SPIRAL_TURNS: f64 = 1.5;
/// Scale from the unit moons (`x ∈ [-1, 2]`) to data space.
const MOON_SCALE: f64 = 3.5;
/// Fraction of a ring's width (circle) or a cell's size (checkerboard) kept empty at each
/// edge, so the clean classes are visibly apart.
const EDGE_GAP: f64 = 0.1;

/// A named dataset generator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// The tutorial's 8 points, exactly (ignores all parameters).
    #[default]
    Seed,
    /// Two classes by the sign of `x·y`.
    Xor,
    /// An inner disk and concentric rings, one class per band.
    Circle,
    /// One Gaussian blob per class.
    Gauss,
    /// One spiral arm per class.
    Spiral,
    /// Two interleaving half-moons.
    Moons,
    /// A board of square cells, class `(row + column) mod K`.
    Checkerboard,
    /// Regression: a tilted plane, value `(x + y) / 10` (see [`super::regression`]).
    Plane,
    /// Regression: two positive and two negative Gaussian bumps.
    Peaks,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Preset; 7] = [
        Preset::Seed,
        Preset::Xor,
        Preset::Circle,
        Preset::Gauss,
        Preset::Spiral,
        Preset::Moons,
        Preset::Checkerboard,
    ];

    /// The regression presets, in menu order (not in [`Self::ALL`], which lists the
    /// classification shapes).
    pub const REGRESSION: [Preset; 2] = [Preset::Plane, Preset::Peaks];

    /// The presets of one problem kind, in menu order.
    pub fn for_problem(problem: Problem) -> &'static [Preset] {
        match problem {
            Problem::Classification => &Self::ALL,
            Problem::Regression => &Self::REGRESSION,
        }
    }

    /// Whether this preset makes classes or values.
    pub fn problem(self) -> Problem {
        match self {
            Preset::Plane | Preset::Peaks => Problem::Regression,
            _ => Problem::Classification,
        }
    }

    /// Lowercase name, as accepted by [`FromStr`] and written by serde.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Seed => "seed",
            Preset::Xor => "xor",
            Preset::Circle => "circle",
            Preset::Gauss => "gauss",
            Preset::Spiral => "spiral",
            Preset::Moons => "moons",
            Preset::Checkerboard => "checkerboard",
            Preset::Plane => "plane",
            Preset::Peaks => "peaks",
        }
    }

    /// One sentence on what the preset is, in the interface's language (its tooltip).
    pub fn description(self) -> String {
        match self {
            Preset::Seed => crate::tr!("preset-seed-tip"),
            Preset::Xor => crate::tr!("preset-xor-tip"),
            Preset::Circle => crate::tr!("preset-circle-tip"),
            Preset::Gauss => crate::tr!("preset-gauss-tip"),
            Preset::Spiral => crate::tr!("preset-spiral-tip"),
            Preset::Moons => crate::tr!("preset-moons-tip"),
            Preset::Checkerboard => crate::tr!("preset-checkerboard-tip"),
            Preset::Plane => crate::tr!("preset-plane-tip"),
            Preset::Peaks => crate::tr!("preset-peaks-tip"),
        }
    }

    /// Class counts this preset can generate. The UI can clamp its class slider to it.
    pub fn class_range(self) -> RangeInclusive<usize> {
        match self {
            Preset::Seed | Preset::Xor | Preset::Moons | Preset::Plane | Preset::Peaks => 2..=2,
            Preset::Circle | Preset::Gauss | Preset::Spiral | Preset::Checkerboard => {
                2..=MAX_CLASSES
            }
        }
    }

    /// Comma-separated list of every preset name (for error messages and help text).
    pub fn names() -> String {
        Self::all().map(Preset::name).collect::<Vec<_>>().join(", ")
    }

    /// Every preset of both problem kinds.
    fn all() -> impl Iterator<Item = Preset> {
        Self::ALL.into_iter().chain(Self::REGRESSION)
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = DataError;

    /// Parses a preset name; case and surrounding whitespace are ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Self::all()
            .find(|p| p.name() == wanted)
            .ok_or_else(|| DataError::UnknownPreset {
                name: s.trim().to_owned(),
                valid: Self::names(),
            })
    }
}

/// Parameters for [`generate`]. Missing fields deserialize to their [`Default`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresetParams {
    /// Total number of points, `1..=`[`PresetParams::MAX_POINTS`].
    pub points: usize,
    /// Number of classes, `2..=`[`MAX_CLASSES`] (see [`Preset::class_range`]).
    pub classes: usize,
    /// Jitter as a fraction of the shape's feature size, `0.0..=`[`PresetParams::MAX_NOISE`].
    pub noise: f64,
    /// Fraction of points held out as test points, `0.0..=`[`PresetParams::MAX_TEST_RATIO`].
    pub test_ratio: f64,
    /// Random seed: the same seed always gives the same dataset.
    pub seed: u64,
}

impl Default for PresetParams {
    /// 400 points, 2 classes, 5 % noise, 30 % test points, seed 1.
    ///
    /// 400 points train in real time and draw a clear shape; 5 % noise is visible but keeps
    /// the classes apart, so the test accuracy measures the network rather than label overlap
    /// (at 10 % noise and 200 points, a circle's test accuracy already varied from 93 % to
    /// 98 % between seeds with a perfectly fitted training set); 30 % test (TF Playground
    /// holds out 50 %) leaves 280 points to train on.
    fn default() -> Self {
        Self {
            points: 400,
            classes: 2,
            noise: 0.05,
            test_ratio: 0.3,
            seed: 1,
        }
    }
}

impl PresetParams {
    /// Largest accepted [`points`](Self::points).
    pub const MAX_POINTS: usize = 100_000;
    /// Largest accepted [`noise`](Self::noise).
    pub const MAX_NOISE: f64 = 0.5;
    /// Largest accepted [`test_ratio`](Self::test_ratio) (some points must be left to train on).
    pub const MAX_TEST_RATIO: f64 = 0.9;

    /// Checks every field's range (not the preset-specific class count).
    pub fn validate(&self) -> Result<(), DataError> {
        if !(1..=Self::MAX_POINTS).contains(&self.points) {
            return Err(DataError::InvalidParam {
                name: "points",
                value: self.points.to_string(),
                range: "1..=100000",
            });
        }
        if !(2..=MAX_CLASSES).contains(&self.classes) {
            return Err(DataError::InvalidParam {
                name: "classes",
                value: self.classes.to_string(),
                range: "2..=8",
            });
        }
        // `contains` is false for NaN, so NaN is refused too.
        if !(0.0..=Self::MAX_NOISE).contains(&self.noise) {
            return Err(DataError::InvalidParam {
                name: "noise",
                value: self.noise.to_string(),
                range: "0.0..=0.5",
            });
        }
        check_test_ratio(self.test_ratio)
    }
}

/// Refuses a test ratio outside `0.0..=0.9` (or NaN).
fn check_test_ratio(ratio: f64) -> Result<(), DataError> {
    if (0.0..=PresetParams::MAX_TEST_RATIO).contains(&ratio) {
        Ok(())
    } else {
        Err(DataError::InvalidParam {
            name: "test_ratio",
            value: ratio.to_string(),
            range: "0.0..=0.9",
        })
    }
}

/// Generates a dataset.
///
/// [`Preset::Seed`] always returns the tutorial's 8 training points and ignores `params`.
/// For the other presets, `params` is validated first, including the preset's
/// [`class_range`](Preset::class_range) (`xor` and `moons` are 2-class shapes and refuse
/// other counts with [`DataError::UnsupportedClasses`]).
///
/// Exactly `params.points` points are made, class counts differ by at most 1, and exactly
/// `round(points × test_ratio)` of them are test points, spread over the classes in
/// proportion to their sizes.
pub fn generate(preset: Preset, params: &PresetParams) -> Result<Dataset, DataError> {
    match preset {
        Preset::Seed => return Ok(Dataset::seed()),
        Preset::Plane => return super::regression::generate_values(plane_value, params),
        Preset::Peaks => return super::regression::generate_values(peaks_value, params),
        _ => {}
    }
    params.validate()?;
    let k = params.classes;
    let range = preset.class_range();
    if !range.contains(&k) {
        return Err(DataError::UnsupportedClasses {
            preset: preset.name(),
            classes: k,
            supported: if range.start() == range.end() {
                range.start().to_string()
            } else {
                format!("{}..={}", range.start(), range.end())
            },
        });
    }

    let mut rng = StdRng::seed_from_u64(params.seed);
    let shape = Shape::new(preset, k);
    let jitter = params.noise * shape.feature_size();
    let mut points = Vec::with_capacity(params.points);
    for (class, count) in balanced_counts(params.points, k).into_iter().enumerate() {
        for i in 0..count {
            let [x, y] = shape.sample(class, i, params.noise, &mut rng);
            let (dx, dy) = if jitter > 0.0 {
                (jitter * std_normal(&mut rng), jitter * std_normal(&mut rng))
            } else {
                (0.0, 0.0)
            };
            points.push(LabeledPoint::new(x + dx, y + dy, class));
        }
    }
    points.shuffle(&mut rng);
    mark_test(&mut points, params.test_ratio, &mut rng);
    Ok(Dataset {
        points,
        num_classes: k,
        problem: Problem::Classification,
    })
}

/// Re-draws which points are test points: exactly `round(len × test_ratio)` of them,
/// stratified by class, chosen by an RNG seeded with `seed`. Positions and classes are kept.
///
/// Useful after a CSV import or after the user edited the points.
pub fn split_test(dataset: &mut Dataset, test_ratio: f64, seed: u64) -> Result<(), DataError> {
    check_test_ratio(test_ratio)?;
    let mut rng = StdRng::seed_from_u64(seed);
    mark_test(&mut dataset.points, test_ratio, &mut rng);
    Ok(())
}

/// `n` split into `k` counts that differ by at most 1 (the first classes get the extras).
fn balanced_counts(n: usize, k: usize) -> Vec<usize> {
    let k = k.max(1);
    (0..k).map(|c| n / k + usize::from(c < n % k)).collect()
}

/// Marks exactly `round(len × ratio)` points as test, stratified by class.
///
/// Each class gets its proportional share, rounded by the largest-remainder method so the
/// shares add up to the exact total; the points within a class are picked at random.
pub(super) fn mark_test(points: &mut [LabeledPoint], ratio: f64, rng: &mut StdRng) {
    let total = points.len();
    // `ratio` is validated to 0..=0.9, the `min` only guards against misuse.
    let target = ((total as f64 * ratio).round() as usize).min(total);
    let num_classes = points.iter().map(|p| p.class + 1).max().unwrap_or(0);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); num_classes];
    for (i, p) in points.iter_mut().enumerate() {
        p.test = false;
        if let Some(members) = by_class.get_mut(p.class) {
            members.push(i);
        }
    }
    if target == 0 {
        return;
    }

    // Largest remainder: floor(n_c · target / total), then +1 for the biggest remainders.
    // u64: n_c · target ≤ 10¹² fits even where usize is 32-bit.
    let (total64, target64) = (total as u64, target as u64);
    let mut shares: Vec<(usize, u64)> = by_class
        .iter()
        .map(|m| {
            let exact = m.len() as u64 * target64;
            ((exact / total64) as usize, exact % total64)
        })
        .collect();
    let given: usize = shares.iter().map(|&(s, _)| s).sum();
    let mut order: Vec<usize> = (0..num_classes).collect();
    // Biggest remainder first; ties go to the lower class index (stable sort).
    order.sort_by(|&a, &b| shares[b].1.cmp(&shares[a].1));
    for &c in order.iter().take(target.saturating_sub(given)) {
        shares[c].0 += 1;
    }

    for (members, &(share, _)) in by_class.iter_mut().zip(&shares) {
        members.shuffle(rng);
        for &i in members.iter().take(share) {
            if let Some(p) = points.get_mut(i) {
                p.test = true;
            }
        }
    }
}

/// A standard normal sample (Box–Muller; one of the pair is enough here).
pub(super) fn std_normal(rng: &mut StdRng) -> f64 {
    // 1 - [0, 1) = (0, 1], so the logarithm is finite.
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (TAU * u2).cos()
}

/// A preset's clean shape for a fixed class count, with its derived sizes.
#[derive(Clone, Debug)]
enum Shape {
    Xor,
    Circle {
        band: f64,
    },
    Gauss {
        centres: Vec<[f64; 2]>,
    },
    Spiral {
        arms: usize,
    },
    Moons,
    Checkerboard {
        cells: Vec<Vec<(usize, usize)>>,
        cell: f64,
    },
}

impl Shape {
    fn new(preset: Preset, k: usize) -> Self {
        match preset {
            // `generate` handles `Seed` and the regression presets before getting here;
            // XOR is their closest shape.
            Preset::Seed | Preset::Xor | Preset::Plane | Preset::Peaks => Shape::Xor,
            Preset::Circle => Shape::Circle {
                band: EXTENT / k as f64,
            },
            Preset::Gauss => Shape::Gauss {
                centres: (0..k)
                    .map(|c| {
                        // Start at 45° so two blobs sit on the diagonal, as in TF Playground.
                        let a = FRAC_PI_4 + TAU * c as f64 / k as f64;
                        [GAUSS_RADIUS * a.cos(), GAUSS_RADIUS * a.sin()]
                    })
                    .collect(),
            },
            Preset::Spiral => Shape::Spiral { arms: k },
            Preset::Moons => Shape::Moons,
            Preset::Checkerboard => {
                // A 4×4 board, or K×K for K > 4 so every class gets whole diagonals.
                let n = k.max(4);
                let mut cells = vec![Vec::new(); k];
                for i in 0..n {
                    for j in 0..n {
                        if let Some(class_cells) = cells.get_mut((i + j) % k) {
                            class_cells.push((i, j));
                        }
                    }
                }
                Shape::Checkerboard {
                    cells,
                    cell: 2.0 * EXTENT / n as f64,
                }
            }
        }
    }

    /// Standard deviation of the jitter at `noise = 1` (Gauss widens its blobs instead).
    fn feature_size(&self) -> f64 {
        match self {
            Shape::Xor => EXTENT / 2.0,
            Shape::Circle { band } => *band,
            Shape::Gauss { .. } => 0.0,
            // Neighbouring arms get closer as their number grows.
            Shape::Spiral { arms } => 3.0 / *arms as f64,
            Shape::Moons => MOON_SCALE,
            Shape::Checkerboard { cell, .. } => *cell,
        }
    }

    /// The `i`-th clean point of `class`, before jitter.
    fn sample(&self, class: usize, i: usize, noise: f64, rng: &mut StdRng) -> [f64; 2] {
        match self {
            Shape::Xor => {
                // Class 0: same signs (quadrants I, III); class 1: opposite signs.
                let sx = if rng.random::<bool>() { 1.0 } else { -1.0 };
                let sy = if class == 0 { sx } else { -sx };
                [
                    sx * rng.random_range(XOR_PAD..EXTENT),
                    sy * rng.random_range(XOR_PAD..EXTENT),
                ]
            }
            Shape::Circle { band } => {
                let gap = EDGE_GAP * band;
                let r0 = if class == 0 {
                    0.0
                } else {
                    class as f64 * band + gap
                };
                let r1 = (class as f64 + 1.0) * band - gap;
                // Uniform in area: draw r² uniformly.
                let r = rng.random_range(r0 * r0..r1 * r1).sqrt();
                let a = rng.random_range(0.0..TAU);
                [r * a.cos(), r * a.sin()]
            }
            Shape::Gauss { centres } => {
                let [cx, cy] = centres.get(class).copied().unwrap_or([0.0, 0.0]);
                let std = GAUSS_BASE_STD + noise * GAUSS_NOISE_STD;
                // Radially truncated normal (rejection: ~1 % of draws are redone).
                loop {
                    let (zx, zy) = (std_normal(rng), std_normal(rng));
                    if zx * zx + zy * zy <= GAUSS_CUTOFF_SIGMAS * GAUSS_CUTOFF_SIGMAS {
                        return [cx + std * zx, cy + std * zy];
                    }
                }
            }
            Shape::Spiral { arms } => {
                let s = rng.random::<f64>();
                let (r, a) = spiral_polar(class, *arms, s);
                [r * a.cos(), r * a.sin()]
            }
            Shape::Moons => {
                let t = rng.random_range(0.0..PI);
                // scikit-learn's moons (x ∈ [-1, 2], y ∈ [-0.5, 1]), centred and scaled.
                let (ux, uy) = if class == 0 {
                    (t.cos(), t.sin())
                } else {
                    (1.0 - t.cos(), 0.5 - t.sin())
                };
                [MOON_SCALE * (ux - 0.5), MOON_SCALE * (uy - 0.25)]
            }
            Shape::Checkerboard { cells, cell } => {
                // Round-robin over the class's cells so they fill evenly.
                let class_cells = cells.get(class).map(Vec::as_slice).unwrap_or(&[]);
                let (ci, cj) = match class_cells.len() {
                    0 => (0, 0),
                    len => class_cells.get(i % len).copied().unwrap_or((0, 0)),
                };
                let pad = EDGE_GAP * cell;
                let x0 = -EXTENT + ci as f64 * cell;
                let y0 = -EXTENT + cj as f64 * cell;
                [
                    rng.random_range(x0 + pad..x0 + cell - pad),
                    rng.random_range(y0 + pad..y0 + cell - pad),
                ]
            }
        }
    }
}

/// Polar coordinates `(radius, angle)` of the point at fraction `s ∈ [0, 1)` along `class`'s arm.
fn spiral_polar(class: usize, arms: usize, s: f64) -> (f64, f64) {
    let r = SPIRAL_R0 + (EXTENT - SPIRAL_R0) * s;
    let a = TAU * class as f64 / arms as f64 + TAU * SPIRAL_TURNS * s;
    (r, a)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn params(points: usize, classes: usize, noise: f64, test_ratio: f64) -> PresetParams {
        PresetParams {
            points,
            classes,
            noise,
            test_ratio,
            seed: 7,
        }
    }

    #[test]
    fn names_round_trip_through_from_str_display_and_serde() {
        for p in Preset::ALL {
            assert_eq!(p.to_string().parse::<Preset>().unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.name()));
            assert_eq!(serde_json::from_str::<Preset>(&json).unwrap(), p);
            assert!(!p.description().is_empty());
        }
        assert_eq!(" Spiral ".parse::<Preset>().unwrap(), Preset::Spiral);
    }

    #[test]
    fn unknown_preset_lists_valid_names() {
        let msg = "donut".parse::<Preset>().unwrap_err().to_string();
        assert_eq!(
            msg,
            "unknown preset 'donut'; valid presets are: \
             seed, xor, circle, gauss, spiral, moons, checkerboard, plane, peaks"
        );
    }

    #[test]
    fn params_default_and_partial_serde() {
        let p: PresetParams = serde_json::from_str(r#"{"points": 50}"#).unwrap();
        assert_eq!(
            p,
            PresetParams {
                points: 50,
                ..PresetParams::default()
            }
        );
        assert!(PresetParams::default().validate().is_ok());
    }

    #[test]
    fn invalid_params_are_refused_with_the_field_name() {
        let cases = [
            (
                params(0, 2, 0.1, 0.3),
                "points must be in 1..=100000, got 0",
            ),
            (params(100_001, 2, 0.1, 0.3), "points"),
            (params(10, 1, 0.1, 0.3), "classes must be in 2..=8, got 1"),
            (params(10, 9, 0.1, 0.3), "classes"),
            (
                params(10, 2, 0.6, 0.3),
                "noise must be in 0.0..=0.5, got 0.6",
            ),
            (params(10, 2, f64::NAN, 0.3), "noise"),
            (params(10, 2, -0.1, 0.3), "noise"),
            (params(10, 2, 0.1, 0.95), "test_ratio must be in 0.0..=0.9"),
        ];
        for (p, want) in cases {
            let err = generate(Preset::Gauss, &p).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err:?} should start with {want:?}");
        }
    }

    #[test]
    fn two_class_shapes_refuse_more_classes() {
        for preset in [Preset::Xor, Preset::Moons] {
            let err = generate(preset, &params(10, 3, 0.0, 0.0)).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("preset '{preset}' supports 2 classes, got 3")
            );
        }
    }

    #[test]
    fn balanced_counts_differ_by_at_most_one_and_sum_up() {
        assert_eq!(balanced_counts(10, 3), vec![4, 3, 3]);
        assert_eq!(balanced_counts(1, 2), vec![1, 0]);
        assert_eq!(balanced_counts(16, 8), vec![2; 8]);
    }

    #[test]
    fn mark_test_is_exact_and_stratified() {
        let mut rng = StdRng::seed_from_u64(3);
        // 7 of class 0, 3 of class 1; 50 % → 5 test points: 3.5 / 1.5 → 4 + 1 (ties: class 0).
        let mut pts: Vec<_> = (0..10)
            .map(|i| LabeledPoint::new(i as f64, 0.0, usize::from(i >= 7)))
            .collect();
        mark_test(&mut pts, 0.5, &mut rng);
        let test0 = pts.iter().filter(|p| p.test && p.class == 0).count();
        let test1 = pts.iter().filter(|p| p.test && p.class == 1).count();
        assert_eq!((test0, test1), (4, 1));
        // Re-marking clears old flags.
        mark_test(&mut pts, 0.0, &mut rng);
        assert!(pts.iter().all(|p| !p.test));
    }

    #[test]
    fn std_normal_has_unit_moments() {
        let mut rng = StdRng::seed_from_u64(11);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| std_normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "var {var}");
    }

    #[test]
    fn clean_spiral_points_lie_on_their_arm() {
        for k in [2, 3, 8] {
            let ds = generate(Preset::Spiral, &params(300, k, 0.0, 0.0)).unwrap();
            for p in &ds.points {
                let [x, y] = p.pos_in_data;
                let r = x.hypot(y);
                let s = (r - SPIRAL_R0) / (EXTENT - SPIRAL_R0);
                assert!((0.0..1.0).contains(&s), "radius {r}");
                let (_, a) = spiral_polar(p.class, k, s);
                assert!((x - r * a.cos()).abs() < 1e-9 && (y - r * a.sin()).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn clean_moons_lie_on_their_half_circle() {
        let ds = generate(Preset::Moons, &params(200, 2, 0.0, 0.0)).unwrap();
        for p in &ds.points {
            let [x, y] = p.pos_in_data;
            let (ux, uy) = (x / MOON_SCALE + 0.5, y / MOON_SCALE + 0.25);
            let (cx, cy, up) = if p.class == 0 {
                (0.0, 0.0, true)
            } else {
                (1.0, 0.5, false)
            };
            assert!(((ux - cx).hypot(uy - cy) - 1.0).abs() < 1e-9);
            assert_eq!(uy >= cy, up, "point {ux},{uy} of class {}", p.class);
        }
    }

    #[test]
    fn noise_moves_points_off_the_clean_shape() {
        let clean = generate(Preset::Circle, &params(200, 2, 0.0, 0.0)).unwrap();
        let noisy = generate(Preset::Circle, &params(200, 2, 0.5, 0.0)).unwrap();
        let band = EXTENT / 2.0;
        let crossed = |ds: &Dataset| {
            ds.points
                .iter()
                .filter(|p| {
                    let r = p.pos_in_data[0].hypot(p.pos_in_data[1]);
                    usize::from(r >= band) != p.class
                })
                .count()
        };
        assert_eq!(crossed(&clean), 0);
        assert!(crossed(&noisy) > 10, "noise 0.5 should mix the classes");
    }
}
