//! The step for tiny networks on exactly one vector of samples (the tutorial's 2-4-1 on its
//! 8 points): every unit's batch column is one `[f64; 8]` (one AVX-512 register, two AVX2
//! ones), held in fixed arrays instead of `n × units` matrices, so the whole step is a
//! short run of vector instructions with no row loops, remainders or shape checks.
//!
//! Each value is computed with the very operations, in the same order, as the general path
//! ([`super::step`]) on 8 rows: the dense sums run over the inputs from the bias (or 0) up,
//! the weight gradients use the general path's eight lanes and their reduction
//! ([`crate::nn::kernels::reduce8`]), and the loss, output gradient, update and statistics are the
//! general path's own functions. So the two paths agree bit for bit (`tests/kernels.rs`).

use super::step::{apply_update, count_correct, loss_and_error, output_gradient};
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::activation::Activation;
use crate::nn::kernels::{madd, reduce8, sum};
use crate::nn::mlp::{MAX_HIDDEN_LAYERS, Mlp};

/// Samples the tiny path takes: exactly one 8-lane vector.
pub(super) const LANES: usize = 8;
/// Widest layer (inputs or units) the tiny path takes.
pub(super) const MAX_WIDTH: usize = 8;
const MAX_LAYERS: usize = MAX_HIDDEN_LAYERS + 1;

/// One unit's values over the 8 samples.
type Col = [f64; LANES];

/// The tiny path's buffers (kept between steps, so nothing is cleared or allocated per step).
#[derive(Clone, Debug)]
pub(super) struct TinyBuffers {
    input: [Col; MAX_WIDTH],
    acts: [[Col; MAX_WIDTH]; MAX_LAYERS],
    /// Weighted sums, kept only for layers whose derivative needs them (GELU).
    pre: [[Col; MAX_WIDTH]; MAX_LAYERS],
    deltas: [[Col; MAX_WIDTH]; MAX_LAYERS],
    grad_w: [f64; MAX_WIDTH * MAX_WIDTH],
    grad_b: [f64; MAX_WIDTH],
}

impl Default for TinyBuffers {
    fn default() -> Self {
        Self {
            input: [[0.0; LANES]; MAX_WIDTH],
            acts: [[[0.0; LANES]; MAX_WIDTH]; MAX_LAYERS],
            pre: [[[0.0; LANES]; MAX_WIDTH]; MAX_LAYERS],
            deltas: [[[0.0; LANES]; MAX_WIDTH]; MAX_LAYERS],
            grad_w: [0.0; MAX_WIDTH * MAX_WIDTH],
            grad_b: [0.0; MAX_WIDTH],
        }
    }
}

/// Whether the tiny path takes a batch of `n` samples for `mlp`: exactly [`LANES`] samples,
/// at most [`MAX_WIDTH`] inputs and units in every layer, no softmax.
#[inline(always)]
pub(super) fn fits(mlp: &Mlp, n: usize) -> bool {
    n == LANES
        && mlp.layers.len() <= MAX_LAYERS
        && mlp.layers.iter().all(|l| {
            l.inputs() <= MAX_WIDTH && l.units() <= MAX_WIDTH && l.activation != Activation::Softmax
        })
}

/// `Σ_r a[r] · g[r]` in the general path's order for 8 rows (see [`crate::nn::kernels::gram`]):
/// one product per lane, then [`reduce8`].
#[inline(always)]
fn dot8<const FMA: bool>(a: &Col, g: &Col) -> f64 {
    let mut acc = [0.0f64; LANES];
    for l in 0..LANES {
        acc[l] = madd::<FMA>(a[l], g[l], acc[l]);
    }
    reduce8(&acc)
}

/// One step on `x` (8 × inputs) and `y` (8 × outputs), column-major. The caller checked
/// [`fits`].
#[inline(always)]
pub(super) fn step<const FMA: bool>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    buf: &mut TinyBuffers,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    let n = LANES;
    let nl = mlp.layers.len();
    let TinyBuffers {
        input,
        acts,
        pre,
        deltas,
        grad_w,
        grad_b,
    } = buf;
    for (col, src) in input.iter_mut().zip(x.chunks_exact(LANES)) {
        col.copy_from_slice(src);
    }

    // Forward: z_u = b_u + Σ_i w_iu · a_i, over i in order, then the activation.
    for l in 0..nl {
        let layer = &mlp.layers[l];
        let (done, rest) = acts.split_at_mut(l);
        let inp: &[Col] = if l == 0 { &input[..] } else { &done[l - 1][..] };
        let (fan_in, units) = (layer.inputs(), layer.units());
        let w = layer.weights.as_slice();
        let bias = layer.biases.as_ref().map(|b| b.as_slice());
        for (u, out) in rest[0].iter_mut().enumerate().take(units) {
            let mut acc = [bias.and_then(|b| b.get(u)).copied().unwrap_or(0.0); LANES];
            for (&wi, xi) in w[u * fan_in..(u + 1) * fan_in].iter().zip(inp) {
                for r in 0..LANES {
                    acc[r] = madd::<FMA>(wi, xi[r], acc[r]);
                }
            }
            if layer.activation.needs_pre_activation() {
                pre[l][u] = acc;
            }
            layer.activation.apply_slice::<FMA>(&mut acc);
            *out = acc;
        }
    }

    // Loss, error and accuracy on the pre-update outputs; dLoss/dz of the output layer.
    let out = nl - 1;
    let m = mlp.layers[out].units();
    let scale = cfg.loss.scale(n, m);
    let a = acts[out][..m].as_flattened();
    let ys = &y[..n * m];
    let (loss, abs_err) = loss_and_error(cfg.loss, a, ys);
    let g = deltas[out][..m].as_flattened_mut();
    output_gradient(cfg.loss, mlp.layers[out].activation, scale, a, ys, g);
    let correct = count_correct(a, ys, n, m);

    for l in (0..nl).rev() {
        let (fan_in, units) = (mlp.layers[l].inputs(), mlp.layers[l].units());
        let inp: &[Col] = if l == 0 { &input[..] } else { &acts[l - 1][..] };
        let (lower, upper) = deltas.split_at_mut(l);
        let g = &upper[0][..units];
        for (j, gj) in g.iter().enumerate() {
            for (k, ak) in inp[..fan_in].iter().enumerate() {
                grad_w[j * fan_in + k] = dot8::<FMA>(ak, gj);
            }
            grad_b[j] = sum(gj);
        }
        let (gw, gb) = (&mut grad_w[..fan_in * units], &grad_b[..units]);
        if cfg.update_order == UpdateOrder::Tutorial {
            apply_update(cfg, t, &mut mlp.layers[l], gw, gb, &mut state[l]);
        }
        if l > 0 {
            // g_prev_k = Σ_j w_kj g_j from 0 over j in order, times g'(a_prev).
            let w = mlp.layers[l].weights.as_slice();
            let prev_act = mlp.layers[l - 1].activation;
            for (k, gp) in lower[l - 1].iter_mut().enumerate().take(fan_in) {
                let mut acc = [0.0f64; LANES];
                for (j, gj) in g.iter().enumerate() {
                    let c = w[j * fan_in + k];
                    for r in 0..LANES {
                        acc[r] = madd::<FMA>(c, gj[r], acc[r]);
                    }
                }
                prev_act.mul_derivative_slice(&mut acc, &acts[l - 1][k], &pre[l - 1][k]);
                *gp = acc;
            }
        }
        if cfg.update_order == UpdateOrder::Textbook {
            let gw = &mut grad_w[..fan_in * units];
            apply_update(
                cfg,
                t,
                &mut mlp.layers[l],
                gw,
                &grad_b[..units],
                &mut state[l],
            );
        }
    }

    StepStats {
        loss: loss * scale,
        error: abs_err / (n * m) as f64,
        correct,
        samples: n,
    }
}
