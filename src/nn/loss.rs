//! Loss functions and their gradients with respect to the output layer's weighted sums.

use super::activation::Activation;
use super::fastmath::ln_f64;
use serde::{Deserialize, Serialize};

/// What training minimises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// The tutorial's `0.5 * Σ (y - out)²`, summed (not averaged) over the batch.
    #[default]
    TutorialSse,
    /// Mean squared error: `mean over batch and outputs of (y - out)²`.
    Mse,
    /// Binary cross-entropy on sigmoid outputs, averaged over the batch.
    BinaryCrossEntropy,
    /// Softmax + categorical cross-entropy (one output per class), averaged over the batch.
    SoftmaxCrossEntropy,
}

impl Loss {
    /// All losses.
    pub const ALL: [Loss; 4] = [
        Loss::TutorialSse,
        Loss::Mse,
        Loss::BinaryCrossEntropy,
        Loss::SoftmaxCrossEntropy,
    ];

    /// Whether this loss can train a network for `classes` classes: more than 2 classes need
    /// one output per class, so only softmax + cross-entropy fits them (the app and
    /// `nnviz train` both follow this rule).
    pub fn suits_classes(self, classes: usize) -> bool {
        classes <= 2 || self == Loss::SoftmaxCrossEntropy
    }

    /// Whether this loss can train a regression network (one linear output): the squared
    /// errors can, cross-entropy needs probabilities.
    pub fn suits_regression(self) -> bool {
        matches!(self, Loss::TutorialSse | Loss::Mse)
    }

    /// Name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Loss::TutorialSse => "sse",
            Loss::Mse => "mse",
            Loss::BinaryCrossEntropy => "bce",
            Loss::SoftmaxCrossEntropy => "cross_entropy",
        }
    }

    /// Loss of one output value `a` against its target `y` (before batch scaling).
    /// Softmax cross-entropy uses only the `-y ln a` term. The logarithm is
    /// [`ln_f64`] (within 1 ulp of `f64::ln`), which vectorises.
    #[inline(always)]
    pub fn element(self, a: f64, y: f64) -> f64 {
        match self {
            Loss::TutorialSse => 0.5 * (y - a) * (y - a),
            Loss::Mse => (y - a) * (y - a),
            Loss::BinaryCrossEntropy => {
                let a = a.clamp(1e-15, 1.0 - 1e-15);
                -(y * ln_f64(a) + (1.0 - y) * ln_f64(1.0 - a))
            }
            Loss::SoftmaxCrossEntropy => {
                // Computed for every output and then chosen, so a batch's loop is SIMD code
                // (a one-hot target's zeros contribute nothing).
                let term = -y * ln_f64(a.max(1e-300));
                if y > 0.0 { term } else { 0.0 }
            }
        }
    }

    /// Factor that turns the sum of [`Self::element`] over a batch of `n` samples with `m`
    /// outputs into the loss value.
    #[inline(always)]
    pub fn scale(self, n: usize, m: usize) -> f64 {
        match self {
            Loss::TutorialSse => 1.0,
            Loss::Mse => 1.0 / (n * m).max(1) as f64,
            Loss::BinaryCrossEntropy | Loss::SoftmaxCrossEntropy => 1.0 / n.max(1) as f64,
        }
    }

    /// `dLoss/dz` for one output, where `a = g(z)` is the output activation's value, `y` the
    /// target and `scale` from [`Self::scale`].
    #[inline(always)]
    pub fn grad_z(self, a: f64, y: f64, out_act: Activation, scale: f64) -> f64 {
        match self {
            Loss::TutorialSse => (a - y) * out_act.derivative_from_output(a) * scale,
            Loss::Mse => 2.0 * (a - y) * out_act.derivative_from_output(a) * scale,
            Loss::BinaryCrossEntropy => {
                if out_act == Activation::Sigmoid {
                    // The sigmoid's derivative cancels the loss's denominator.
                    (a - y) * scale
                } else {
                    let c = a.clamp(1e-15, 1.0 - 1e-15);
                    (c - y) / (c * (1.0 - c)) * out_act.derivative_from_output(a) * scale
                }
            }
            // Softmax + cross-entropy: the Jacobian product collapses to p - y.
            Loss::SoftmaxCrossEntropy => (a - y) * scale,
        }
    }
}

impl std::fmt::Display for Loss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Loss {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "sse" | "tutorial" => Ok(Loss::TutorialSse),
            "mse" => Ok(Loss::Mse),
            "bce" | "binary_cross_entropy" => Ok(Loss::BinaryCrossEntropy),
            "cross_entropy" | "ce" | "softmax" => Ok(Loss::SoftmaxCrossEntropy),
            _ => Err(format!(
                "unknown loss '{s}' (expected sse, mse, bce or cross_entropy)"
            )),
        }
    }
}
