//! Training health: signs that training went wrong without the loss overflowing.
//!
//! Three conditions, each a fact with its numbers (the UI and the CLI word them):
//! - **saturated**: most sigmoid/tanh units (hidden, and a sigmoid output) are pinned at their
//!   limits on almost every training point *and* the loss has stopped moving (their
//!   gradients are near zero, so training cannot get them out: the tutorial at rate 10);
//! - **dead ReLUs**: ReLU units whose output is exactly 0 on every training point (their
//!   gradient is 0 for good: lowering the rate cannot bring them back);
//! - **oscillating**: the loss does not go down over the recent window although it swings a
//!   lot, while the learning rate is high for the optimiser (a ReLU net at rate 10).
//!
//! The rule lives here once: the app's worker and `nnviz train` both call
//! [`HealthStats::measure`] and [`HealthStats::health`]. It is pure and cheap: one forward
//! pass over at most [`MAX_POINTS`] training points and a look at a window of losses.
//!
//! # Thresholds
//!
//! Chosen from the statistics `examples/health_table.rs` prints for constructed bad runs and
//! healthy runs (the tutorial at 0.01 for seeds 1..20 over 20,000 steps and its plateau, the
//! quality tests' runs, the playground's presets with ReLU, tanh, sigmoid, mini-batches);
//! each keeps a margin both ways (`tests/health.rs` checks the cases):
//! - a unit is *pinned* on a point when its output is within [`PIN_MARGIN`] of a limit (its
//!   derivative is then below ~0.002). The net is *saturated* when at least
//!   [`SATURATED_PAIRS`] of the (unit, point) pairs are pinned, some sampled point is
//!   classified wrong (pinned at the right answers is a net that has learnt: the tutorial
//!   at rate 10 for seed 1), and the loss moved by at most [`FLAT_LOSS`] over the window
//!   (its gradients are near zero). The stuck tutorial at rate 10 (seed 3) has 0.93 of its
//!   pairs pinned and a loss that moves by ~1e-5; healthy runs pin at most 0.61 (a sigmoid
//!   net on the checkerboard, whose loss still moves by 2-4 %), the tutorial at 0.01 at
//!   most 0.25. Once raised it stays while the pairs stay pinned and a point wrong: the
//!   stuck net's loss has bursts of ~3 % now and then;
//! - a ReLU unit is *dead* when its output is exactly 0 on every sampled point; the hint
//!   appears when at least [`DEAD_UNITS`] of the ReLU units are (healthy 8,8 nets lose up to
//!   2 of 16, three layers of 8 up to 6 of 24; at rate 10 on the spiral 8-12 of 16 die);
//! - the loss *oscillates* when over a full window ([`WINDOW`] losses) it swings by at least
//!   [`SWING`] of its mean a step, its last quarter's mean is not below its first quarter's
//!   by [`DECREASE_MARGIN`], and the rate is at least [`high_rate`] for the optimiser; it
//!   stays while the swing is at least [`KEEP_SWING`]. Tanh at rate 10 on the spiral swings
//!   by 0.42-0.53; healthy full-batch runs by at most 0.005, the stuck tutorial's bursts by
//!   0.06; mini-batches of 10 swing by up to 1.5 at ordinary rates, which the rate excludes.

use super::activation::Activation;
use super::features::InputTransform;
use super::mlp::Mlp;
use super::optimizer::Optimizer;
use super::trainer::TrainConfig;
use crate::data::LabeledPoint;
use nalgebra::DMatrix;

/// Most training points the check looks at (more are sampled evenly, deterministically).
pub const MAX_POINTS: usize = 2000;
/// Losses in a full window (the most recent ones, oldest first).
pub const WINDOW: usize = 64;
/// An output this close to a limit of its activation is pinned there.
pub const PIN_MARGIN: f64 = 1e-3;
/// At least this fraction of the (saturating unit, point) pairs must be pinned ("most").
pub const SATURATED_PAIRS: f64 = 0.8;
/// Largest relative change of the loss over the window (and mean step-to-step change) that
/// counts as "stopped moving".
pub const FLAT_LOSS: f64 = 0.01;
/// At least this fraction of the ReLU units must be dead for the hint.
pub const DEAD_UNITS: f64 = 0.4;
/// The last quarter of the window must be below the first by this (relative) to count as
/// decreasing (a loss swinging by 15 % a step moves its quarters' means by a few % by chance).
pub const DECREASE_MARGIN: f64 = 0.25;
/// Smallest mean step-to-step change of the loss, relative to its mean, that is a swing.
pub const SWING: f64 = 0.15;
/// Once oscillating, the hint stays while the loss swings by at least this (and the rate
/// stays high).
pub const KEEP_SWING: f64 = 0.05;

/// How many of how many units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Units {
    /// Units in the condition.
    pub units: usize,
    /// Units that could be in it (e.g. all ReLU units).
    pub of: usize,
}

/// What is wrong with training, as facts; [`Health::default`] is healthy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// Most sigmoid/tanh units are pinned at their limits and the loss stopped moving.
    pub saturated: Option<Units>,
    /// ReLU units that output 0 on every training point.
    pub dead_relu: Option<Units>,
    /// The loss swings without going down while the rate is high.
    pub oscillating: bool,
}

impl Health {
    /// No condition holds.
    pub fn is_healthy(&self) -> bool {
        *self == Self::default()
    }
}

/// Which activations the health rules know (new activations are neither until told).
impl Activation {
    /// Whether the activation has limits it can be pinned at (sigmoid, tanh).
    pub fn saturates(self) -> bool {
        self.limits().is_some()
    }

    /// Whether a unit with this activation can die: output exactly 0 with zero gradient
    /// everywhere (ReLU; not leaky ReLU).
    pub fn can_die(self) -> bool {
        matches!(self, Activation::Relu)
    }

    /// The limits a saturating activation approaches, lower first.
    fn limits(self) -> Option<(f64, f64)> {
        match self {
            Activation::Sigmoid => Some((0.0, 1.0)),
            Activation::Tanh => Some((-1.0, 1.0)),
            _ => None,
        }
    }
}

/// The learning rate from which a rate counts as high for `optimizer`: 1 for plain SGD, an
/// effective `rate / (1 - β)` of 1 for momentum, 0.5 for Adam and any other adaptive
/// optimiser (their steps are about `rate` whatever the gradient; mini-batches of 10 at
/// Adam's 0.1 swing by more than [`SWING`] from batch to batch without anything wrong).
pub fn high_rate(optimizer: Optimizer) -> f64 {
    match optimizer {
        Optimizer::Sgd => 1.0,
        // Nesterov's step is momentum's plus β·v: the same effective-rate rule.
        Optimizer::Momentum { beta } | Optimizer::Nesterov { beta } => (1.0 - beta).max(0.01),
        _ => 0.5,
    }
}

/// A rate to suggest instead of `rate`: about ten times lower, rounded down to 1, 2 or 5
/// times a power of ten (10 → 1, 3 → 0.2, 0.03 → 0.002).
pub fn lower_rate(rate: f64) -> f64 {
    let target = rate / 10.0;
    if !(target.is_finite() && target > 0.0) {
        return 0.01;
    }
    let power = 10f64.powf(target.log10().floor());
    let mantissa = target / power;
    // A hair of slack so 10 / 10 lands on 1, not on 0.5 after rounding.
    let step = if mantissa >= 5.0 - 1e-9 {
        5.0
    } else if mantissa >= 2.0 - 1e-9 {
        2.0
    } else {
        1.0
    };
    // Round through a string: 0.2 rather than 0.20000000000000004.
    format!("{:.6e}", step * power)
        .parse()
        .unwrap_or(step * power)
}

/// The rate the hints suggest instead of `train`'s: about ten times lower ([`lower_rate`]),
/// and below [`high_rate`] for the optimiser (SGD at 10 → 0.5, Adam at 10 → 0.2).
pub fn suggested_rate(train: &TrainConfig) -> f64 {
    // `lower_rate(x · 9.99)` is the largest 1-2-5 value strictly below `x`.
    lower_rate(train.learning_rate).min(lower_rate(high_rate(train.optimizer) * 9.99))
}

/// At most [`MAX_POINTS`] training points as the network sees them: inputs (`transform`
/// applied, one row a point) and classes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HealthSample {
    /// One row of network inputs a point.
    pub inputs: DMatrix<f64>,
    /// The class of each row.
    pub classes: Vec<usize>,
}

impl HealthSample {
    /// Every point of `points` when there are few, else [`MAX_POINTS`] evenly spaced ones.
    pub fn new<'a>(
        transform: &InputTransform,
        points: impl Iterator<Item = &'a LabeledPoint> + Clone,
    ) -> Self {
        let n = points.clone().count();
        let take = n.min(MAX_POINTS);
        let f = transform.len();
        let mut inputs = DMatrix::zeros(take, f);
        let mut classes = Vec::with_capacity(take);
        let mut xy = Vec::with_capacity(take);
        for (i, p) in points.enumerate() {
            // Row `r` takes point `r * n / take`: evenly spread, the first point included.
            let r = classes.len();
            if r >= take || i != r * n / take {
                continue;
            }
            xy.push(transform.normalized(p.pos_in_data));
            classes.push(p.class);
        }
        // A feature (a column) at a time, as the model's own inputs are filled.
        for (feature, mut col) in transform.features.iter().zip(inputs.column_iter_mut()) {
            feature.eval_column(&xy, col.as_mut_slice());
        }
        Self { inputs, classes }
    }
}

/// The numbers the conditions are decided on (printed by the threshold experiments).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HealthStats {
    /// Sigmoid/tanh units (hidden, and a sigmoid output).
    pub saturating_units: usize,
    /// Of those, units pinned on at least half of the points.
    pub saturated_units: usize,
    /// Fraction of (saturating unit, point) pairs pinned.
    pub pinned_pairs: f64,
    /// ReLU units.
    pub relu_units: usize,
    /// Of those, units whose output is 0 on every point.
    pub dead_units: usize,
    /// Fraction of the sampled points classified correctly.
    pub accuracy: f64,
    /// Losses in the window.
    pub window: usize,
    /// Relative change of the loss over the window: `(last quarter's mean - first quarter's
    /// mean) / first quarter's mean` (negative: going down).
    pub change: f64,
    /// Mean step-to-step change of the loss relative to its mean.
    pub swing: f64,
    /// The learning rate over [`high_rate`] for the optimiser.
    pub rate_ratio: f64,
}

impl HealthStats {
    /// Measures `mlp` on `sample` with `losses`, the most recent training losses oldest
    /// first (the last [`WINDOW`] are used), trained as `train` says.
    pub fn measure(mlp: &Mlp, sample: &HealthSample, losses: &[f64], train: &TrainConfig) -> Self {
        let mut s = Self::default();
        s.measure_units(mlp, sample);
        let window = losses
            .get(losses.len().saturating_sub(WINDOW)..)
            .unwrap_or(&[]);
        s.window = window.len();
        if window.len() >= 4 {
            let q = window.len() / 4;
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
            let first = mean(window.get(..q).unwrap_or(&[]));
            let last = mean(window.get(window.len() - q..).unwrap_or(&[]));
            let all = mean(window);
            s.change = if first > 0.0 {
                (last - first) / first
            } else {
                0.0
            };
            let steps: f64 = window.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
            s.swing = if all > 0.0 {
                steps / (window.len() - 1) as f64 / all
            } else {
                0.0
            };
        }
        s.rate_ratio = train.learning_rate / high_rate(train.optimizer);
        s
    }

    /// One forward pass over the sample, counting pinned and dead units and right answers.
    fn measure_units(&mut self, mlp: &Mlp, sample: &HealthSample) {
        let n = sample.inputs.nrows();
        if n == 0 || sample.inputs.ncols() != mlp.inputs() || sample.classes.len() != n {
            return;
        }
        let mut pinned_pairs = 0usize;
        let mut a = sample.inputs.clone();
        for layer in &mlp.layers {
            let act = layer.activation;
            let mut z = &a * &layer.weights;
            if let Some(b) = &layer.biases {
                for (mut col, bias) in z.column_iter_mut().zip(b.iter()) {
                    col.add_scalar_mut(*bias);
                }
            }
            // Softmax is left as logits: the same argmax, and it neither saturates nor dies.
            z.apply(|v| *v = act.apply(*v));
            for col in z.column_iter() {
                if let Some((lo, hi)) = act.limits() {
                    self.saturating_units += 1;
                    let pinned = col
                        .iter()
                        .filter(|&&v| v - lo < PIN_MARGIN || hi - v < PIN_MARGIN)
                        .count();
                    pinned_pairs += pinned;
                    if 2 * pinned >= n {
                        self.saturated_units += 1;
                    }
                } else if act.can_die() {
                    self.relu_units += 1;
                    if col.iter().all(|&v| v == 0.0) {
                        self.dead_units += 1;
                    }
                }
            }
            a = z;
        }
        if self.saturating_units > 0 {
            self.pinned_pairs = pinned_pairs as f64 / (self.saturating_units * n) as f64;
        }
        let right = a
            .row_iter()
            .zip(&sample.classes)
            .filter(|(out, class)| {
                let predicted = match out.len() {
                    1 => usize::from(out[0] > 0.5),
                    _ => out.transpose().argmax().0,
                };
                predicted == **class
            })
            .count();
        self.accuracy = right as f64 / n as f64;
    }

    /// The conditions these numbers show (thresholds in the module docs), for a first check.
    pub fn health(&self) -> Health {
        self.health_after(&Health::default())
    }

    /// The conditions these numbers show when the last check found `previous`: a condition
    /// already raised stays while its lasting part holds (saturation: the units pinned and
    /// points wrong; oscillation: the rate high and the loss still swinging), so the bursts
    /// a stuck network's loss has now and then do not make the hint come and go.
    pub fn health_after(&self, previous: &Health) -> Health {
        let full = self.window >= WINDOW;
        let pinned =
            self.saturated_units > 0 && self.pinned_pairs >= SATURATED_PAIRS && self.accuracy < 1.0;
        let flat = self.change.abs() <= FLAT_LOSS && self.swing <= FLAT_LOSS;
        let saturated = pinned && (previous.saturated.is_some() || (full && flat));
        let dead =
            self.dead_units > 0 && self.dead_units as f64 >= DEAD_UNITS * self.relu_units as f64;
        let swinging = full && self.rate_ratio >= 1.0;
        let oscillating = swinging
            && if previous.oscillating {
                self.swing >= KEEP_SWING
            } else {
                self.change > -DECREASE_MARGIN && self.swing >= SWING
            };
        Health {
            saturated: saturated.then_some(Units {
                units: self.saturated_units,
                of: self.saturating_units,
            }),
            dead_relu: dead.then_some(Units {
                units: self.dead_units,
                of: self.relu_units,
            }),
            oscillating,
        }
    }
}

/// The most recent losses, at most [`WINDOW`] (what `nnviz train` keeps for the check).
#[derive(Clone, Debug, Default)]
pub struct LossWindow {
    losses: std::collections::VecDeque<f64>,
}

impl LossWindow {
    /// Adds the newest loss (the oldest goes once there are [`WINDOW`]).
    #[inline]
    pub fn push(&mut self, loss: f64) {
        if self.losses.len() == WINDOW {
            self.losses.pop_front();
        }
        self.losses.push_back(loss);
    }

    /// The losses, oldest first.
    pub fn as_slice(&mut self) -> &[f64] {
        self.losses.make_contiguous()
    }

    /// Forgets them.
    pub fn clear(&mut self) {
        self.losses.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn lower_rate_rounds_down_to_one_two_five() {
        assert_eq!(lower_rate(10.0), 1.0);
        assert_eq!(lower_rate(3.0), 0.2);
        assert_eq!(lower_rate(0.03), 0.002);
        assert_eq!(lower_rate(7.0), 0.5);
        assert_eq!(lower_rate(f64::NAN), 0.01);
    }

    #[test]
    fn the_suggested_rate_is_below_the_high_rate() {
        let sgd = TrainConfig {
            learning_rate: 10.0,
            ..TrainConfig::tutorial()
        };
        assert_eq!(suggested_rate(&sgd), 0.5);
        let adam = TrainConfig {
            optimizer: Optimizer::ADAM,
            ..sgd
        };
        assert_eq!(suggested_rate(&adam), 0.2);
        let small = TrainConfig {
            learning_rate: 0.03,
            ..adam
        };
        assert_eq!(suggested_rate(&small), 0.002);
    }

    #[test]
    fn sampling_spreads_evenly_and_keeps_few_points() {
        let t = InputTransform::raw(vec![super::super::Feature::X]);
        let pts: Vec<LabeledPoint> = (0..5000)
            .map(|i| LabeledPoint {
                pos_in_data: [i as f64, 0.0],
                class: 0,
                test: false,
                value: 0.0,
            })
            .collect();
        let x = HealthSample::new(&t, pts.iter()).inputs;
        assert_eq!(x.nrows(), MAX_POINTS);
        // Row r is point r * 5000 / 2000 = 2.5 r, rounded down.
        assert_eq!(x[(0, 0)], 0.0);
        assert_eq!(x[(1, 0)], 2.0);
        assert_eq!(x[(2, 0)], 5.0);
        assert_eq!(x[(MAX_POINTS - 1, 0)], 4997.0);
        let few = HealthSample::new(&t, pts.iter().take(3));
        assert_eq!(few.inputs.as_slice(), &[0.0, 1.0, 2.0]);
        assert_eq!(few.classes, vec![0, 0, 0]);
    }

    #[test]
    fn window_statistics_match_a_hand_computed_window() {
        // 64 losses alternating 10, 16: the quarters' means are both 13, every step moves 6.
        let losses: Vec<f64> = (0..WINDOW)
            .map(|i| if i % 2 == 0 { 10.0 } else { 16.0 })
            .collect();
        let mlp = Mlp { layers: vec![] };
        let train = TrainConfig {
            learning_rate: 10.0,
            optimizer: Optimizer::ADAM,
            ..TrainConfig::tutorial()
        };
        let s = HealthStats::measure(&mlp, &HealthSample::default(), &losses, &train);
        assert_eq!(s.window, WINDOW);
        assert_eq!(s.change, 0.0);
        assert!((s.swing - 6.0 / 13.0).abs() < 1e-12);
        assert_eq!(s.rate_ratio, 20.0);
        assert!(s.health().oscillating);
        // The same window at Adam's ordinary rate is not the rate's fault.
        let calm = TrainConfig {
            learning_rate: 0.03,
            ..train
        };
        let s = HealthStats::measure(&mlp, &HealthSample::default(), &losses, &calm);
        assert!(!s.health().oscillating);
    }
}
