//! The tutorial's maths as the lesson's steps 5 and 6 show it, computed once here and used by
//! the lesson and the CLI alike: one full-batch training step of the 2-4-1 network written out
//! quantity by quantity ([`BatchStep`]), and the `Error:` printout ([`error_line`],
//! [`prints_error_at`], [`error_lines`]).

use super::{Activation, Mlp};
use crate::data::Dataset;
use nalgebra::DMatrix;

/// How often the tutorial prints its error, in steps.
pub const ERROR_EVERY: u64 = 100;

/// The tutorial's printout of the mean |y − out|: `Error:<value>` (the value in Rust's
/// shortest round-trip form, as `nnviz train` has always printed it).
pub fn error_line(error: f64) -> String {
    format!("Error:{error:?}")
}

/// Whether the `Error:` line is printed after step `step` (counted from 0) when printing
/// every `every` steps (0 = never).
pub fn prints_error_at(step: u64, every: u64) -> bool {
    every > 0 && step.is_multiple_of(every)
}

/// The `Error:` lines of a run from its `(step, error)` samples: one per sample whose step
/// is printed (see [`prints_error_at`]), in the samples' order.
pub fn error_lines(samples: impl IntoIterator<Item = (u64, f64)>, every: u64) -> Vec<String> {
    samples
        .into_iter()
        .filter(|&(step, _)| prints_error_at(step, every))
        .map(|(_, e)| error_line(e))
        .collect()
}

/// The quantities of one backward pass, in the order the tutorial computes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// `E₂ = Y − L₂`, the output error (n×1).
    E2,
    /// `D₂ = E₂ ⊙ L₂(1 − L₂)`, the output delta (n×1).
    D2,
    /// `ΔW₁ = lr · L₁ᵀ D₂` (4×1), added to W₁.
    W1Update,
    /// `E₁ = D₂ W₁ᵀ` with the W₁ already updated (the tutorial's order), n×4.
    E1,
    /// `D₁ = E₁ ⊙ L₁(1 − L₁)` (n×4).
    D1,
    /// `ΔW₀ = lr · L₀ᵀ D₁` (2×4), added to W₀.
    W0Update,
}

impl Quantity {
    /// Every quantity, in the tutorial's order.
    pub const ALL: [Quantity; 6] = [
        Quantity::E2,
        Quantity::D2,
        Quantity::W1Update,
        Quantity::E1,
        Quantity::D1,
        Quantity::W0Update,
    ];
}

/// One full-batch step of the tutorial's network (two sigmoid layers, no biases, the loss
/// `0.5 Σ (y − out)²`), every intermediate matrix kept. Rows are points.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchStep {
    /// `L₀`: the training points' inputs (n×2).
    pub l0: DMatrix<f64>,
    /// `Y`: their labels, 0 or 1 (n×1).
    pub y: DMatrix<f64>,
    /// The weights before the step: `W₀` (2×4) and `W₁` (4×1).
    pub w0: DMatrix<f64>,
    /// See [`Self::w0`].
    pub w1: DMatrix<f64>,
    /// `L₁ = s(L₀ W₀)` (n×4).
    pub l1: DMatrix<f64>,
    /// `L₂ = s(L₁ W₁)` (n×1).
    pub l2: DMatrix<f64>,
    /// `E₂ = Y − L₂`.
    pub e2: DMatrix<f64>,
    /// `D₂ = E₂ ⊙ L₂(1 − L₂)`.
    pub d2: DMatrix<f64>,
    /// `ΔW₁ = lr · L₁ᵀ D₂`.
    pub dw1: DMatrix<f64>,
    /// `E₁ = D₂ (W₁ + ΔW₁)ᵀ`: the tutorial sends the error back through the updated W₁.
    pub e1: DMatrix<f64>,
    /// `E₁` as the textbook computes it, `D₂ W₁ᵀ` with the old W₁.
    pub e1_textbook: DMatrix<f64>,
    /// `D₁ = E₁ ⊙ L₁(1 − L₁)`.
    pub d1: DMatrix<f64>,
    /// `ΔW₀ = lr · L₀ᵀ D₁`.
    pub dw0: DMatrix<f64>,
}

impl BatchStep {
    /// The step of `mlp` on `dataset`'s training points at learning rate `lr`; `None` unless
    /// `mlp` is the tutorial's kind of network (2 inputs, two bias-free sigmoid layers, one
    /// output) and there are training points.
    pub fn tutorial(mlp: &Mlp, dataset: &Dataset, lr: f64) -> Option<Self> {
        let [hidden, out] = mlp.layers.as_slice() else {
            return None;
        };
        let plain = |l: &super::Layer| l.biases.is_none() && l.activation == Activation::Sigmoid;
        if !(plain(hidden) && plain(out)) || hidden.inputs() != 2 || out.units() != 1 {
            return None;
        }
        let train: Vec<_> = dataset.points.iter().filter(|p| !p.test).collect();
        if train.is_empty() {
            return None;
        }
        let n = train.len();
        let l0 = DMatrix::from_fn(n, 2, |r, c| train[r].pos_in_data[c]);
        let y = DMatrix::from_fn(n, 1, |r, _| if train[r].class == 1 { 1.0 } else { 0.0 });
        let s = |m: DMatrix<f64>| m.map(|v| Activation::Sigmoid.apply(v));
        let ds = |m: &DMatrix<f64>| m.map(|a| a * (1.0 - a));
        let (w0, w1) = (hidden.weights.clone(), out.weights.clone());
        let l1 = s(&l0 * &w0);
        let l2 = s(&l1 * &w1);
        let e2 = &y - &l2;
        let d2 = e2.component_mul(&ds(&l2));
        let dw1 = (l1.transpose() * &d2) * lr;
        let e1 = &d2 * (&w1 + &dw1).transpose();
        let e1_textbook = &d2 * w1.transpose();
        let d1 = e1.component_mul(&ds(&l1));
        let dw0 = (l0.transpose() * &d1) * lr;
        Some(Self {
            l0,
            y,
            w0,
            w1,
            l1,
            l2,
            e2,
            d2,
            dw1,
            e1,
            e1_textbook,
            d1,
            dw0,
        })
    }

    /// The matrix of `q` (for the updates, the change ΔW).
    pub fn matrix(&self, q: Quantity) -> &DMatrix<f64> {
        match q {
            Quantity::E2 => &self.e2,
            Quantity::D2 => &self.d2,
            Quantity::W1Update => &self.dw1,
            Quantity::E1 => &self.e1,
            Quantity::D1 => &self.d1,
            Quantity::W0Update => &self.dw0,
        }
    }

    /// `W₀` after the step.
    pub fn w0_after(&self) -> DMatrix<f64> {
        &self.w0 + &self.dw0
    }

    /// `W₁` after the step.
    pub fn w1_after(&self) -> DMatrix<f64> {
        &self.w1 + &self.dw1
    }

    /// The tutorial's error of the step, mean |E₂| (what its `Error:` line prints).
    pub fn error(&self) -> f64 {
        self.e2.iter().map(|e| e.abs()).sum::<f64>() / self.e2.len() as f64
    }
}

/// Whether training blew up: the latest loss is not finite or half again the first one
/// (with sigmoid outputs the loss is bounded, so a too-high rate shows as a loss that rises
/// instead of going to infinity).
pub fn loss_blew_up(first: f64, latest: f64) -> bool {
    !latest.is_finite() || latest > 1.5 * first
}

/// Whether the loss of a run (oldest first) ever rose to half again its best value so far:
/// the sign of a too-high rate even when, as with sigmoid outputs, it stays bounded.
pub fn loss_rose(losses: impl IntoIterator<Item = f64>) -> bool {
    let mut best = f64::INFINITY;
    for l in losses {
        if !l.is_finite() || l > 1.5 * best {
            return true;
        }
        best = best.min(l);
    }
    false
}

/// The highest learning rate a recovered run may train at.
pub const RECOVERED_MAX_RATE: f64 = 1.0;

/// Whether a run has recovered: at least [`ERROR_EVERY`] steps in at a rate of at most
/// [`RECOVERED_MAX_RATE`], its latest loss finite and below the first one.
pub fn loss_recovered(first: f64, latest: f64, step: u64, lr: f64) -> bool {
    step >= ERROR_EVERY && lr <= RECOVERED_MAX_RATE && latest.is_finite() && latest < first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Model, ModelConfig};

    #[test]
    fn the_written_out_step_is_the_trainers_step() {
        let data = Dataset::seed();
        let mut model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
        let b = BatchStep::tutorial(model.mlp(), &data, 0.01).unwrap();
        assert_eq!(b.l0.shape(), (8, 2));
        assert_eq!(b.e2.shape(), (8, 1));
        assert_eq!(b.dw1.shape(), (4, 1));
        assert_eq!(b.e1.shape(), (8, 4));
        assert_eq!(b.dw0.shape(), (2, 4));
        let stats = model.step().unwrap();
        assert!((stats.error - b.error()).abs() < 1e-15);
        let after = model.mlp();
        for (got, want) in [
            (&after.layers[0].weights, b.w0_after()),
            (&after.layers[1].weights, b.w1_after()),
        ] {
            assert!((got - &want).abs().max() < 1e-14, "{got} vs {want}");
        }
        // The tutorial's E₁ differs from the textbook's by D₂ ΔW₁ᵀ.
        let diff = &b.e1 - &b.e1_textbook - &b.d2 * b.dw1.transpose();
        assert!(diff.abs().max() < 1e-15);
    }

    #[test]
    fn the_first_quantity_is_hand_computed() {
        // One point (1, 0) of class 1, all weights 0: L₁ = 0.5, L₂ = 0.5, E₂ = 0.5,
        // D₂ = 0.5 · 0.25 = 0.125, ΔW₁ = lr · 0.5 · 0.125 = 0.0625 at lr = 1.
        let data = Dataset {
            points: vec![crate::data::LabeledPoint::new(1.0, 0.0, 1)],
            ..Dataset::seed()
        };
        let mut mlp = Model::new(ModelConfig::tutorial(), &data, 1)
            .unwrap()
            .mlp()
            .clone();
        for l in &mut mlp.layers {
            l.weights.fill(0.0);
        }
        let b = BatchStep::tutorial(&mlp, &data, 1.0).unwrap();
        assert_eq!(b.e2[(0, 0)], 0.5);
        assert_eq!(b.d2[(0, 0)], 0.125);
        assert!(b.dw1.iter().all(|&v| v == 0.0625));
        // E₁ through the updated W₁ (0.0625), textbook through 0.
        assert!(b.e1.iter().all(|&v| v == 0.125 * 0.0625));
        assert!(b.e1_textbook.iter().all(|&v| v == 0.0));
        assert_eq!(b.error(), 0.5);
    }

    #[test]
    fn error_lines_are_printed_every_hundred_steps() {
        let lines = error_lines((0..250).map(|s| (s, s as f64 / 1000.0)), ERROR_EVERY);
        assert_eq!(lines, ["Error:0.0", "Error:0.1", "Error:0.2"]);
        assert!(!prints_error_at(5, 0));
        assert!(loss_blew_up(1.0, 1.6) && !loss_blew_up(1.0, 1.4));
        assert!(loss_blew_up(1.0, f64::NAN));
        assert!(loss_rose([1.0, 0.2, 0.31]) && !loss_rose([1.0, 0.2, 0.29, 0.1]));
        assert!(loss_recovered(1.0, 0.9, 100, 0.01) && !loss_recovered(1.0, 0.9, 99, 0.01));
        assert!(!loss_recovered(1.0, 0.9, 100, 10.0) && !loss_recovered(1.0, 1.1, 100, 0.01));
    }
}
