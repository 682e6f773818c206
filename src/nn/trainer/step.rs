//! The hot loop of one step: forward, loss, backward and update over preallocated
//! column-major buffers, compiled once per [`KernelPath`] and dispatched at run time.

use super::tiny;
use super::workspace::Workspace;
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::activation::{Activation, softmax_in_place};
use crate::nn::gemm;
use crate::nn::kernels::{dense_cols, gram, sum_cols, wide_dense_blocks};
use crate::nn::loss::Loss;
use crate::nn::mlp::Mlp;
use crate::nn::simd::{Kernel, KernelPath};
use nalgebra::DMatrix;

/// One step on the path [`KernelPath::current`] picks.
pub(super) fn run_step(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    ws: &mut Workspace,
    state: &mut [LayerState],
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> StepStats {
    match KernelPath::current(Kernel::TrainStep) {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        // SAFETY: `current` only returns a path the CPU supports.
        KernelPath::Avx512 => unsafe { run_step_avx512(cfg, t, mlp, ws, state, x, y) },
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        // SAFETY: as above.
        KernelPath::Avx2Fma => unsafe { run_step_avx2(cfg, t, mlp, ws, state, x, y) },
        _ => step_impl::<false>(cfg, t, mlp, ws, state, x, y),
    }
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn run_step_avx512(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    ws: &mut Workspace,
    state: &mut [LayerState],
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> StepStats {
    step_impl::<true>(cfg, t, mlp, ws, state, x, y)
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,fma")]
fn run_step_avx2(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    ws: &mut Workspace,
    state: &mut [LayerState],
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> StepStats {
    step_impl::<true>(cfg, t, mlp, ws, state, x, y)
}

#[inline(always)]
pub(super) fn step_impl<const FMA: bool>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    ws: &mut Workspace,
    state: &mut [LayerState],
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> StepStats {
    let n = x.nrows();
    // Dropout masks are drawn for the whole batch and applied on this path only: the tiny
    // and parallel paths decline them. (Both keep GELU's pre-activations themselves.)
    if tiny::fits(mlp, n) && !super::general_path_forced() && !ws.dropout {
        let (xs, ys) = (x.as_slice(), y.as_slice());
        return tiny::step::<FMA>(cfg, t, mlp, &mut ws.tiny, state, xs, ys);
    }
    if super::parallel::splits(mlp, n) && !ws.dropout {
        return super::parallel::step(
            KernelPath::current(Kernel::TrainStep),
            cfg,
            t,
            mlp,
            ws,
            state,
            x,
            y,
        );
    }
    let (loss, abs_err, correct) = forward_and_loss::<FMA>(cfg, n, mlp, ws, x, y);
    let (m, scale) = output_scale(cfg, mlp, n);
    let nl = mlp.layers.len();
    // Backward, output layer first.
    for l in (0..nl).rev() {
        layer_gradients::<FMA>(mlp, ws, x, l);
        if cfg.update_order == UpdateOrder::Tutorial {
            apply_update(
                cfg,
                t,
                &mut mlp.layers[l],
                ws.grad_w[l].as_mut_slice(),
                &ws.grad_b[l],
                &mut state[l],
            );
        }
        if l > 0 {
            send_back::<FMA>(mlp, ws, l);
        }
        if cfg.update_order == UpdateOrder::Textbook {
            apply_update(
                cfg,
                t,
                &mut mlp.layers[l],
                ws.grad_w[l].as_mut_slice(),
                &ws.grad_b[l],
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

/// Output units and the loss's scale for a batch of `n`.
#[inline(always)]
pub(super) fn output_scale(cfg: &TrainConfig, mlp: &Mlp, n: usize) -> (usize, f64) {
    let m = mlp.layers[mlp.layers.len() - 1].units();
    (m, cfg.loss.scale(n, m))
}

/// Forward pass of `x`, then the unscaled loss sum, `Σ|y − a|` and the samples classified
/// correctly, and `dLoss/dz` of the output layer (scaled for a batch of `n_total` rows: the
/// whole batch when `x` is one part of it) into `ws.deltas`.
#[inline(always)]
pub(super) fn forward_and_loss<const FMA: bool>(
    cfg: &TrainConfig,
    n_total: usize,
    mlp: &Mlp,
    ws: &mut Workspace,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> (f64, f64, usize) {
    let n = x.nrows();
    forward::<FMA>(mlp, ws, x);
    let out_layer = mlp.layers.len() - 1;
    let (m, scale) = output_scale(cfg, mlp, n_total);
    let out_act = mlp.layers[out_layer].activation;
    let a = ws.acts[out_layer].as_slice();
    let ys = y.as_slice();
    let g = ws.deltas[out_layer].as_mut_slice();
    let (loss, abs_err) = loss_and_error(cfg.loss, a, ys);
    output_gradient(cfg.loss, out_act, scale, a, ys, g);
    (loss, abs_err, count_correct(a, ys, n, m))
}

/// Weight and bias gradients of layer `l` from its deltas and its input (`x` for layer 0).
#[inline(always)]
pub(super) fn layer_gradients<const FMA: bool>(
    mlp: &Mlp,
    ws: &mut Workspace,
    x: &DMatrix<f64>,
    l: usize,
) {
    let n = x.nrows();
    let input = if l == 0 {
        x.as_slice()
    } else {
        ws.acts[l - 1].as_slice()
    };
    let fan_in = mlp.layers[l].inputs();
    let g = ws.deltas[l].as_slice();
    let gw = ws.grad_w[l].as_mut_slice();
    let units = ws.grad_b[l].len();
    if !(FMA && gemm::takes(fan_in, units) && gemm::gram(input, n, fan_in, g, units, gw)) {
        gram::<FMA>(
            input,
            fan_in,
            g,
            units,
            n,
            gw,
            KernelPath::current(Kernel::TrainStep),
        );
    }
    sum_cols(g, n, &mut ws.grad_b[l]);
}

/// Sends layer `l`'s error back through its current weights:
/// `g_prev_k = Σ_j w_kj g_j`, times `g'(a_prev)`, into `ws.deltas[l - 1]`.
#[inline(always)]
pub(super) fn send_back<const FMA: bool>(mlp: &Mlp, ws: &mut Workspace, l: usize) {
    let n = ws.acts[l].nrows();
    let fan_in = mlp.layers[l].inputs();
    let masked = ws.masked(l - 1);
    let (lower, upper) = ws.deltas.split_at_mut(l);
    let g = upper[0].as_slice();
    let gp = lower[l - 1].as_mut_slice();
    let w = mlp.layers[l].weights.as_slice();
    let prev_act = mlp.layers[l - 1].activation;
    let units = ws.grad_b[l].len();
    if !(FMA && gemm::takes(fan_in, units) && gemm::back(g, n, units, w, fan_in, gp)) {
        let wide = wide_dense_blocks(KernelPath::current(Kernel::TrainStep));
        let scratch = &mut ws.scratch;
        dense_cols::<FMA>(wide, g, n, units, w, 1, fan_in, None, gp, fan_in, scratch);
    }
    // Through the dropout mask (the kept units' scale), then g' at the unmasked values.
    let a_prev = if masked {
        let m = ws.mask[l - 1].as_slice();
        gp.iter_mut().zip(m).for_each(|(g, m)| *g *= m);
        ws.raw[l - 1].as_slice()
    } else {
        ws.acts[l - 1].as_slice()
    };
    prev_act.mul_derivative_slice(gp, a_prev, ws.pre[l - 1].as_slice());
}

/// Forward pass of the batch `x` into `ws.acts`.
#[inline(always)]
pub(super) fn forward<const FMA: bool>(mlp: &Mlp, ws: &mut Workspace, x: &DMatrix<f64>) {
    let n = x.nrows();
    ws.fit(mlp, n);
    let path = KernelPath::current(Kernel::TrainStep);
    let nl = mlp.layers.len();
    for l in 0..nl {
        let layer = &mlp.layers[l];
        let masked = ws.masked(l);
        let (done, rest) = ws.acts.split_at_mut(l);
        let input = if l == 0 {
            x.as_slice()
        } else {
            done[l - 1].as_slice()
        };
        let out = rest[0].as_mut_slice();
        let fan_in = layer.inputs();
        let w = layer.weights.as_slice();
        // z_j = b_j + Σ_k w_kj · a_k for a block of units and rows at a time.
        let bias = layer.biases.as_ref().map(|b| b.as_slice());
        let units = layer.units();
        let wide = FMA && gemm::takes(fan_in, units);
        if !(wide && gemm::forward(input, n, fan_in, w, units, bias, out)) {
            let (scratch, w8) = (&mut ws.scratch, wide_dense_blocks(path));
            dense_cols::<FMA>(
                w8, input, n, fan_in, w, fan_in, 1, bias, out, units, scratch,
            );
        }
        if layer.activation.needs_pre_activation() {
            ws.pre[l].as_mut_slice().copy_from_slice(out);
        }
        // The whole layer at once: one long vectorised loop instead of one per unit.
        layer.activation.apply_slice::<FMA>(out);
        if layer.activation == Activation::Softmax {
            softmax_rows(out, n, layer.units(), &mut ws.row);
        }
        if masked {
            // Inverted dropout: the kept units scaled by 1 / (1 − p), the others 0.
            ws.raw[l].as_mut_slice().copy_from_slice(out);
            let m = ws.mask[l].as_slice();
            out.iter_mut().zip(m).for_each(|(a, m)| *a *= m);
        }
    }
}

#[inline(always)]
pub(super) fn apply_update(
    cfg: &TrainConfig,
    t: u64,
    layer: &mut crate::nn::mlp::Layer,
    grad_w: &mut [f64],
    grad_b: &[f64],
    st: &mut LayerState,
) {
    let lr = cfg.learning_rate;
    let w = layer.weights.as_mut_slice();
    let g = grad_w;
    if cfg.l1 != 0.0 || cfg.l2 != 0.0 {
        // Regularisation adds a term of the weight itself (biases are not regularised).
        for (g, &wv) in g.iter_mut().zip(w.iter()) {
            let sign = if wv > 0.0 {
                1.0
            } else if wv < 0.0 {
                -1.0
            } else {
                0.0
            };
            *g += cfg.l2 * wv + cfg.l1 * sign;
        }
    }
    cfg.optimizer.update(lr, t, w, g, &mut st.w1, &mut st.w2);
    if let Some(b) = layer.biases.as_mut() {
        cfg.optimizer
            .update(lr, t, b.as_mut_slice(), grad_b, &mut st.b1, &mut st.b2);
    }
}

/// Sum of the loss elements and of |y − a| over a batch. The match is outside the loops so
/// each loss gets its own (vectorisable) loop.
#[inline(always)]
pub(super) fn loss_and_error(loss: Loss, a: &[f64], y: &[f64]) -> (f64, f64) {
    let abs_err = sum_pairs(a, y, |a, y| (y - a).abs());
    let total = match loss {
        Loss::TutorialSse => sum_pairs(a, y, |a, y| 0.5 * (y - a) * (y - a)),
        Loss::Mse => sum_pairs(a, y, |a, y| (y - a) * (y - a)),
        Loss::BinaryCrossEntropy => sum_pairs(a, y, |a, y| Loss::BinaryCrossEntropy.element(a, y)),
        Loss::SoftmaxCrossEntropy => {
            sum_pairs(a, y, |a, y| Loss::SoftmaxCrossEntropy.element(a, y))
        }
    };
    (total, abs_err)
}

/// `Σ f(a[i], y[i])` with four accumulators.
#[inline(always)]
fn sum_pairs(a: &[f64], y: &[f64], f: impl Fn(f64, f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ac, yc) = (a.chunks_exact(4), y.chunks_exact(4));
    let (ar, yr) = (ac.remainder(), yc.remainder());
    for (a4, y4) in ac.zip(yc) {
        for l in 0..4 {
            acc[l] += f(a4[l], y4[l]);
        }
    }
    let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    for (&a, &y) in ar.iter().zip(yr) {
        s += f(a, y);
    }
    s
}

/// `dLoss/dz` of the output layer into `g`.
#[inline(always)]
pub(super) fn output_gradient(
    loss: Loss,
    out_act: Activation,
    scale: f64,
    a: &[f64],
    y: &[f64],
    g: &mut [f64],
) {
    let simple = |c: f64, g: &mut [f64]| {
        for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
            *g = (a - y) * c;
        }
    };
    match loss {
        Loss::TutorialSse | Loss::Mse => {
            simple(
                if loss == Loss::Mse {
                    2.0 * scale
                } else {
                    scale
                },
                g,
            );
            // The output layer is sigmoid or softmax: no pre-activations needed.
            out_act.mul_derivative_slice(g, a, &[]);
        }
        Loss::SoftmaxCrossEntropy => simple(scale, g),
        Loss::BinaryCrossEntropy if out_act == Activation::Sigmoid => simple(scale, g),
        Loss::BinaryCrossEntropy => {
            for ((g, &a), &y) in g.iter_mut().zip(a).zip(y) {
                *g = loss.grad_z(a, y, out_act, scale);
            }
        }
    }
}

/// Softmax along each row of a column-major `n × m` buffer.
fn softmax_rows(buf: &mut [f64], n: usize, m: usize, row: &mut Vec<f64>) {
    row.resize(m, 0.0);
    for i in 0..n {
        for (j, r) in row.iter_mut().enumerate() {
            *r = buf[j * n + i];
        }
        softmax_in_place(row);
        for (j, r) in row.iter().enumerate() {
            buf[j * n + i] = *r;
        }
    }
}

/// Samples whose predicted class equals the target class. One output: threshold 0.5;
/// several: arg-max.
#[inline(always)]
pub(super) fn count_correct(a: &[f64], y: &[f64], n: usize, m: usize) -> usize {
    if m == 1 {
        a.iter()
            .zip(y)
            .filter(|&(&a, &y)| (a > 0.5) == (y > 0.5))
            .count()
    } else {
        (0..n)
            .filter(|&i| {
                let arg = |v: &[f64]| {
                    (0..m).fold(0, |best, j| {
                        if v[j * n + i] > v[best * n + i] {
                            j
                        } else {
                            best
                        }
                    })
                };
                arg(a) == arg(y)
            })
            .count()
    }
}
