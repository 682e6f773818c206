//! The numbers behind one prediction, in the tutorial's notation.
//!
//! Forward: `layer₁ = g(layer₀ · W₀ + b₀)`, `layer₂ = g(layer₁ · W₁ + b₁)`, …
//! Backward for one labelled point (the tutorial's names for the 2-4-1 network):
//! `E2 = Y − L2`, `D2 = E2 ⊙ g'(L2)`, `E1 = D2 · W1ᵀ`, `D1 = E1 ⊙ g'(L1)` — generalised to
//! any depth, written plainly with nalgebra so they can be checked against the fast paths.
//!
//! Which weights send an error back depends on the trainer's [`UpdateOrder`]: textbook order
//! uses the weights from before the step ([`backward`]); the tutorial's order updates a layer
//! first and sends the error back through its *updated* weights ([`backward_in_order`] with
//! the network after the step, from [`step_from`](super::step_from)).
//!
//! The output delta is `E ⊙ g'` times a factor: 1 for the tutorial's ½·Σ(y − out)², as the
//! tutorial writes it; for a squared loss on a regression's linear output the loss's own
//! gradient ([`output_factor`]: MSE's `2·(y − out)/n`), so the rows are the trainer's.

use super::activation::{Activation, softmax_in_place};
use super::loss::Loss;
use super::mlp::Mlp;
use super::trainer::UpdateOrder;
use nalgebra::DVector;

/// One layer of a forward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerTrace {
    /// Weighted sums `z = a_prev · W + b`, one per unit.
    pub z: DVector<f64>,
    /// Activations `a = g(z)`.
    pub a: DVector<f64>,
}

/// A whole forward pass for one input.
#[derive(Clone, Debug, PartialEq)]
pub struct ForwardTrace {
    /// The network's input vector (layer₀).
    pub input: DVector<f64>,
    /// Each layer after the input.
    pub layers: Vec<LayerTrace>,
}

impl ForwardTrace {
    /// The network's output.
    pub fn output(&self) -> &DVector<f64> {
        self.layers.last().map_or(&self.input, |l| &l.a)
    }

    /// Activations of layer `l`, where 0 is the input.
    pub fn activations(&self, l: usize) -> Option<&DVector<f64>> {
        if l == 0 {
            Some(&self.input)
        } else {
            self.layers.get(l - 1).map(|t| &t.a)
        }
    }
}

/// Errors and deltas of each layer for one labelled point (index 0 = first layer after the
/// input, as in [`ForwardTrace::layers`]).
#[derive(Clone, Debug, PartialEq)]
pub struct BackwardTrace {
    /// `E_l`: for the output `Y − out`, for hidden layers `D_{l+1} · W_{l+1}ᵀ`.
    pub errors: Vec<DVector<f64>>,
    /// `D_l = E_l ⊙ g'(z_l)` (for a softmax output, `D = E`), the network without dropout.
    pub deltas: Vec<DVector<f64>>,
}

/// The forward pass of `input` through `mlp`, keeping every weighted sum and activation.
pub fn forward(mlp: &Mlp, input: &[f64]) -> ForwardTrace {
    let input = DVector::from_column_slice(input);
    let mut layers: Vec<LayerTrace> = Vec::with_capacity(mlp.layers.len());
    for layer in &mlp.layers {
        let prev = layers.last().map_or(&input, |t| &t.a);
        if prev.len() != layer.inputs() {
            break;
        }
        let mut z = layer.weights.transpose() * prev;
        if let Some(b) = &layer.biases {
            z += b;
        }
        let mut a = z.clone();
        if layer.activation == Activation::Softmax {
            softmax_in_place(a.as_mut_slice());
        } else {
            a.apply(|v| *v = layer.activation.apply(*v));
        }
        layers.push(LayerTrace { z, a });
    }
    ForwardTrace { input, layers }
}

/// Errors and deltas for `trace` against the target vector `y` (one-hot, or a single 0/1),
/// every error sent back through `mlp`'s own weights (textbook order).
pub fn backward(mlp: &Mlp, trace: &ForwardTrace, y: &[f64]) -> BackwardTrace {
    backward_through(mlp, trace, y, mlp, 1.0)
}

/// Errors and deltas of one training step from `before` (whose forward pass is `trace`) as
/// the trainer computes them in `order`: textbook sends every error back through `before`'s
/// weights; the tutorial's order through each layer's weights as already updated in the same
/// step — `after`'s, the network the step produced (see [`step_from`](super::step_from)).
pub fn backward_in_order(
    before: &Mlp,
    after: &Mlp,
    trace: &ForwardTrace,
    y: &[f64],
    order: UpdateOrder,
) -> BackwardTrace {
    backward_in_order_scaled(before, after, trace, y, order, 1.0)
}

/// The factor on the output delta `E ⊙ g'` that makes it the negative gradient of `loss`'s
/// share for one point of a batch of `batch` samples with `outputs` outputs: MSE's
/// `2 / (batch · outputs)`; 1 for every other loss (the tutorial's ½·Σ(y − out)² has no
/// factor, and the other rows keep the tutorial's notation).
pub fn output_factor(loss: Loss, batch: usize, outputs: usize) -> f64 {
    match loss {
        Loss::Mse => 2.0 * loss.scale(batch, outputs),
        _ => 1.0,
    }
}

/// [`backward_in_order`] with the output delta times `factor` (see [`output_factor`]); the
/// hidden layers' errors follow from it.
pub fn backward_in_order_scaled(
    before: &Mlp,
    after: &Mlp,
    trace: &ForwardTrace,
    y: &[f64],
    order: UpdateOrder,
    factor: f64,
) -> BackwardTrace {
    match order {
        UpdateOrder::Textbook => backward_through(before, trace, y, before, factor),
        UpdateOrder::Tutorial => backward_through(before, trace, y, after, factor),
    }
}

/// [`backward`] with the activations' derivatives from `mlp`, the weights that send the
/// errors back from `through` (same shapes) and the output delta times `factor`.
fn backward_through(
    mlp: &Mlp,
    trace: &ForwardTrace,
    y: &[f64],
    through: &Mlp,
    factor: f64,
) -> BackwardTrace {
    let n = trace.layers.len();
    let mut errors = vec![DVector::zeros(0); n];
    let mut deltas = vec![DVector::zeros(0); n];
    let Some(last) = trace.layers.last() else {
        return BackwardTrace { errors, deltas };
    };
    let mut e = DVector::from_fn(last.a.len(), |i, _| {
        y.get(i).copied().unwrap_or(0.0) - last.a[i]
    });
    for l in (0..n).rev() {
        let (Some(layer), Some(t)) = (mlp.layers.get(l), trace.layers.get(l)) else {
            break;
        };
        let f = if l + 1 == n { factor } else { 1.0 };
        let d = DVector::from_fn(e.len(), |i, _| {
            f * e[i] * layer.activation.derivative(t.z[i], t.a[i])
        });
        let w = through
            .layers
            .get(l)
            .filter(|t| t.weights.shape() == layer.weights.shape())
            .map_or(&layer.weights, |t| &t.weights);
        let next_e = w * &d;
        errors[l] = e;
        deltas[l] = d;
        e = next_e;
    }
    BackwardTrace { errors, deltas }
}
