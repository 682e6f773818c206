//! The hot loop of one step: forward, loss, backward and update over preallocated
//! column-major buffers, compiled once per [`KernelPath`] and dispatched at run time.

use super::tiny;
use super::workspace::Workspace;
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::activation::Activation;
use crate::nn::gemm;
use crate::nn::kernels::{ROW_BLOCK, arg_max_rows, dense_cols, gram, sum_cols, wide_dense_blocks};
use crate::nn::loss::Loss;
use crate::nn::mlp::Mlp;
use crate::nn::simd::{Kernel, KernelPath};
use nalgebra::DMatrix;

/// Defines `$name`, which runs `$imp::<FMA>` on the path [`KernelPath::current`] picks for
/// the training step: `$avx512` and `$avx2` are `$imp::<true>` compiled with AVX-512 and with
/// AVX2 + FMA, and the baseline is `$imp::<false>`.
macro_rules! on_step_path {
    ($(#[$doc:meta])* $vis:vis fn $name:ident, $avx512:ident, $avx2:ident = $imp:ident
        ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty) => {
        $(#[$doc])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            match KernelPath::current(Kernel::TrainStep) {
                #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
                // SAFETY: `current` only returns a path the CPU supports.
                KernelPath::Avx512 => unsafe { $avx512($($arg),*) },
                #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
                // SAFETY: as above.
                KernelPath::Avx2Fma => unsafe { $avx2($($arg),*) },
                _ => $imp::<false>($($arg),*),
            }
        }

        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
        fn $avx512($($arg: $ty),*) -> $ret {
            $imp::<true>($($arg),*)
        }

        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        #[target_feature(enable = "avx2,fma")]
        fn $avx2($($arg: $ty),*) -> $ret {
            $imp::<true>($($arg),*)
        }
    };
}

on_step_path! {
    /// One step on the path [`KernelPath::current`] picks.
    pub(super) fn run_step, run_step_avx512, run_step_avx2 = step_impl(
        cfg: &TrainConfig,
        t: u64,
        mlp: &mut Mlp,
        ws: &mut Workspace,
        state: &mut [LayerState],
        x: &DMatrix<f64>,
        y: &DMatrix<f64>,
    ) -> StepStats
}

on_step_path! {
    /// Forward pass, loss sum, `Σ|y − a|` and samples classified correctly of `x` against
    /// `y`, without a step, on the path [`KernelPath::current`] picks: the numbers the step's
    /// own forward pass would give.
    pub(super) fn run_evaluate, evaluate_avx512, evaluate_avx2 = evaluate_impl(
        loss: Loss,
        mlp: &Mlp,
        ws: &mut Workspace,
        x: &DMatrix<f64>,
        y: &DMatrix<f64>,
    ) -> (f64, f64, usize)
}

#[inline(always)]
fn evaluate_impl<const FMA: bool>(
    loss: Loss,
    mlp: &Mlp,
    ws: &mut Workspace,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> (f64, f64, usize) {
    forward::<FMA>(mlp, ws, x);
    let last = mlp.layers.len() - 1;
    let a = ws.acts[last].as_slice();
    let ys = y.as_slice();
    let (total, abs_err) = loss_and_error(loss, a, ys);
    (total, abs_err, count_correct(a, ys, x.nrows(), y.ncols()))
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
            softmax_rows(out, n, layer.units());
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

/// Softmax along each row of a column-major `n × m` buffer. Each row gets the operations of
/// [`softmax_in_place`](crate::nn::activation::softmax_in_place) in its order (max, `exp` of
/// the differences summed from the first column on, one division each), so the numbers are
/// the same, but they run down blocks of [`ROW_BLOCK`] rows a column at a time: a row's `m`
/// values are `n` apart, and one row at a time ran the `exp` one value at a time.
#[inline(always)]
fn softmax_rows(buf: &mut [f64], n: usize, m: usize) {
    let mut max = [0.0f64; ROW_BLOCK];
    let mut sum = [0.0f64; ROW_BLOCK];
    for r0 in (0..n).step_by(ROW_BLOCK) {
        let len = ROW_BLOCK.min(n - r0);
        let (max, sum) = (&mut max[..len], &mut sum[..len]);
        max.fill(f64::NEG_INFINITY);
        sum.fill(0.0);
        for j in 0..m {
            let z = &buf[j * n + r0..j * n + r0 + len];
            max.iter_mut().zip(z).for_each(|(mx, &z)| *mx = mx.max(z));
        }
        for j in 0..m {
            let z = &mut buf[j * n + r0..j * n + r0 + len];
            for ((z, &mx), s) in z.iter_mut().zip(&*max).zip(sum.iter_mut()) {
                *z = crate::nn::fastmath::exp_f64(*z - mx);
                *s += *z;
            }
        }
        for j in 0..m {
            let z = &mut buf[j * n + r0..j * n + r0 + len];
            z.iter_mut().zip(&*sum).for_each(|(z, &s)| *z /= s);
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
        let mut hits = 0;
        let (mut best_a, mut best_y) = ([0usize; ROW_BLOCK], [0usize; ROW_BLOCK]);
        for r0 in (0..n).step_by(ROW_BLOCK) {
            let len = ROW_BLOCK.min(n - r0);
            arg_max_rows(a, n, m, r0, &mut best_a[..len]);
            arg_max_rows(y, n, m, r0, &mut best_y[..len]);
            hits += best_a[..len]
                .iter()
                .zip(&best_y[..len])
                .filter(|(a, y)| a == y)
                .count();
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::{ROW_BLOCK, count_correct, softmax_rows};
    use crate::nn::activation::softmax_in_place;
    use rand::{RngExt, SeedableRng};

    /// A column-major `n × m` buffer of logits with ties, NaN, infinities and large values.
    fn logits(rng: &mut rand::rngs::StdRng, n: usize, m: usize) -> Vec<f64> {
        (0..n * m)
            .map(|_| match rng.random_range(0..40) {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => f64::NEG_INFINITY,
                3 => 800.0,
                4..=9 => 1.5,
                _ => rng.random_range(-30.0..30.0),
            })
            .collect()
    }

    /// Row counts around the block size, and class counts from 2 to 8.
    fn shapes() -> impl Iterator<Item = (usize, usize)> {
        let rows = [
            1,
            2,
            ROW_BLOCK - 1,
            ROW_BLOCK,
            ROW_BLOCK + 1,
            3 * ROW_BLOCK + 7,
        ];
        rows.into_iter().flat_map(|n| (2..=8).map(move |m| (n, m)))
    }

    #[test]
    fn softmax_down_the_columns_gives_the_bits_of_one_row_at_a_time() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for (n, m) in shapes() {
            let mut buf = logits(&mut rng, n, m);
            let mut expected = buf.clone();
            for i in 0..n {
                let mut row: Vec<f64> = (0..m).map(|j| expected[j * n + i]).collect();
                softmax_in_place(&mut row);
                for (j, v) in row.into_iter().enumerate() {
                    expected[j * n + i] = v;
                }
            }
            softmax_rows(&mut buf, n, m);
            // Bit for bit; a NaN may come out with another sign (vector and scalar
            // instructions make different default NaNs), which no number depends on.
            let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
            let wrong = buf.iter().zip(&expected).position(|(&a, &b)| !same(a, b));
            assert_eq!(
                wrong, None,
                "{n} rows × {m} columns: {buf:?} against {expected:?}"
            );
        }
    }

    #[test]
    fn correct_counts_follow_the_first_largest_column_of_each_row() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(8);
        for (n, m) in shapes() {
            let (a, y) = (logits(&mut rng, n, m), logits(&mut rng, n, m));
            // The arg-max as a fold over the columns: strictly greater replaces, so ties
            // keep the first column and a NaN in column 0 is never replaced.
            let arg = |v: &[f64], i: usize| {
                (0..m).fold(0, |best, j| {
                    if v[j * n + i] > v[best * n + i] {
                        j
                    } else {
                        best
                    }
                })
            };
            let expected = (0..n).filter(|&i| arg(&a, i) == arg(&y, i)).count();
            assert_eq!(
                count_correct(&a, &y, n, m),
                expected,
                "{n} rows × {m} columns"
            );
            // Every row agrees with itself.
            assert_eq!(count_correct(&a, &a, n, m), n);
        }
    }
}
