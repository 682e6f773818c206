//! The tiny step ([`super::tiny`]) with the network's shape known at compile time, for the
//! tutorial's family: one hidden layer of 1–8 units on 2 inputs, one output, 8 samples.
//!
//! Why a second copy: with the widths as run-time numbers the tiny step's loops over inputs
//! and units stay loops (bounds, remainders, values spilled to its buffers between them), and
//! that overhead, not the maths, was most of the tutorial's step. With `I`, `H` and `O` as
//! constants every loop unrolls, each unit's 8 samples stay in one register (AVX-512) or two
//! (AVX2), and nothing is copied into buffers: the inputs are read straight from the batch.
//!
//! The operations and their order are exactly the tiny step's (and so the general step's):
//! the dense sums from the bias (or 0) over the inputs in order, the activations, loss,
//! output gradient, statistics and updates through the very same functions, the weight
//! gradients as eight lanes and [`reduce8`]. So all three paths agree bit for bit
//! (`tests/kernels.rs`).

use super::step::{apply_update, count_correct, loss_and_error, output_gradient};
use super::tiny::LANES;
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::activation::Activation;
use crate::nn::kernels::{madd, reduce8, sum};
use crate::nn::mlp::Mlp;
use crate::nn::simd::{Kernel, KernelPath};

/// One unit's values over the 8 samples.
type Col = [f64; LANES];

/// Inputs the shaped step takes (the plane's two coordinates); it has one output.
const INPUTS: usize = 2;

/// One step on the shaped path when `mlp` and the batch (`x`: `n × inputs`, `y`:
/// `n × outputs`, column-major) have its shape: 8 samples, 2 inputs, one hidden layer of 1–8
/// units, one output, no softmax. `None` (nothing changed) otherwise.
#[inline]
pub(super) fn try_step(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> Option<StepStats> {
    let [l0, l1] = mlp.layers.as_slice() else {
        return None;
    };
    let hidden = l0.units();
    let fits = x.len() == LANES * INPUTS
        && y.len() == LANES
        && l0.inputs() == INPUTS
        && l1.inputs() == hidden
        && l1.units() == 1
        && state.len() == 2
        && l0.activation != Activation::Softmax
        && l1.activation != Activation::Softmax;
    if !fits {
        return None;
    }
    let path = KernelPath::current(Kernel::TrainStep);
    macro_rules! on_path {
        ($h:literal) => {
            match path {
                #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
                // SAFETY: `current` only returns a path the CPU supports.
                KernelPath::Avx512 => unsafe { step_avx512::<$h>(cfg, t, mlp, state, x, y) },
                #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
                // SAFETY: as above.
                KernelPath::Avx2Fma => unsafe { step_avx2::<$h>(cfg, t, mlp, state, x, y) },
                _ => step::<false, BASE, $h>(cfg, t, mlp, state, x, y),
            }
        };
    }
    Some(match hidden {
        1 => on_path!(1),
        2 => on_path!(2),
        3 => on_path!(3),
        4 => on_path!(4),
        5 => on_path!(5),
        6 => on_path!(6),
        7 => on_path!(7),
        8 => on_path!(8),
        _ => return None,
    })
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn step_avx512<const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    step::<true, AVX512, H>(cfg, t, mlp, state, x, y)
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,fma")]
fn step_avx2<const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    step::<true, AVX2, H>(cfg, t, mlp, state, x, y)
}

/// The 8 columns of a column-major `8 × N` buffer (the caller checked its length).
#[inline(always)]
fn cols<const N: usize>(v: &[f64]) -> [Col; N] {
    std::array::from_fn(|i| {
        let mut c = [0.0; LANES];
        c.copy_from_slice(&v[i * LANES..(i + 1) * LANES]);
        c
    })
}

/// Which compiled copy runs, for [`activate`]'s explicit vectors.
const BASE: u8 = 0;
const AVX2: u8 = 1;
const AVX512: u8 = 2;

/// The activation on one unit's 8 samples: sigmoid and tanh on explicit vectors on the
/// AVX2 and AVX-512 copies ([`crate::nn::fastmath::f64x8`], the same bits as
/// [`Activation::apply_slice`]), the rest through `apply_slice` itself.
#[inline(always)]
fn activate<const FMA: bool, const P: u8>(act: Activation, v: &mut Col) {
    #[cfg(target_arch = "x86_64")]
    {
        use crate::nn::fastmath::f64x8;
        // SAFETY: `P` names the copy being compiled, which only runs where the CPU has its
        // features (checked by `KernelPath::current`).
        match (P, act) {
            (AVX512, Activation::Sigmoid) => return unsafe { f64x8::sigmoid_avx512(v) },
            (AVX512, Activation::Tanh) => return unsafe { f64x8::tanh_avx512(v) },
            (AVX2, Activation::Sigmoid) => return unsafe { f64x8::sigmoid_avx2(v) },
            (AVX2, Activation::Tanh) => return unsafe { f64x8::tanh_avx2(v) },
            _ => {}
        }
    }
    act.apply_slice::<FMA>(v);
}

/// `z_u = b_u + Σ_i w_iu · a_i` over `i` in order, then `act` (the layer's activation,
/// matched once by the caller: a match per unit kept every column in memory); the weighted
/// sums too where the derivative needs them.
#[inline(always)]
fn dense<const FMA: bool, const N: usize, const M: usize>(
    layer: &crate::nn::mlp::Layer,
    inp: &[Col; N],
    act: impl Fn(&mut Col),
) -> ([Col; M], [Col; M]) {
    // One bounds check here instead of one per weight.
    let w = &layer.weights.as_slice()[..N * M];
    let bias = layer.biases.as_ref().map(|b| b.as_slice());
    let mut out = [[0.0; LANES]; M];
    let mut pre = [[0.0; LANES]; M];
    for u in 0..M {
        let mut acc = [bias.and_then(|b| b.get(u)).copied().unwrap_or(0.0); LANES];
        for i in 0..N {
            let wi = w[u * N + i];
            for r in 0..LANES {
                acc[r] = madd::<FMA>(wi, inp[i][r], acc[r]);
            }
        }
        if layer.activation.needs_pre_activation() {
            pre[u] = acc;
        }
        act(&mut acc);
        out[u] = acc;
    }
    (out, pre)
}

/// `Σ_r a[r] · g[r]` as the general path sums 8 rows: one product per lane, then
/// [`reduce8`].
#[inline(always)]
fn dot8<const FMA: bool>(a: &Col, g: &Col) -> f64 {
    let mut acc = [0.0f64; LANES];
    for l in 0..LANES {
        acc[l] = madd::<FMA>(a[l], g[l], acc[l]);
    }
    reduce8(&acc)
}

/// Weight (`N × M`, column-major) and bias gradients of a layer from its input and deltas.
#[inline(always)]
fn gradients<const FMA: bool, const N: usize, const M: usize, const NM: usize>(
    inp: &[Col; N],
    g: &[Col; M],
) -> ([f64; NM], [f64; M]) {
    let mut gw = [0.0; NM];
    let mut gb = [0.0; M];
    for j in 0..M {
        for k in 0..N {
            gw[j * N + k] = dot8::<FMA>(&inp[k], &g[j]);
        }
        gb[j] = sum(&g[j]);
    }
    (gw, gb)
}

/// `g_prev_k = Σ_j w_kj g_j` from 0 over `j` in order, then `deriv(g_prev_k, k)` (times
/// `g'` of the hidden layer's unit `k`).
#[inline(always)]
fn send_back<const FMA: bool, const H: usize, const O: usize>(
    w: &[f64],
    g: &[Col; O],
    deriv: impl Fn(&mut Col, usize),
) -> [Col; H] {
    let w = &w[..H * O];
    std::array::from_fn(|k| {
        let mut acc = [0.0f64; LANES];
        for j in 0..O {
            let c = w[j * H + k];
            for r in 0..LANES {
                acc[r] = madd::<FMA>(c, g[j][r], acc[r]);
            }
        }
        deriv(&mut acc, k);
        acc
    })
}

/// The step itself: the tiny step's sequence with every width a constant.
#[inline(always)]
fn step<const FMA: bool, const P: u8, const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    const I: usize = INPUTS;
    const O: usize = 1;
    let n = LANES;
    let input: [Col; I] = cols(x);
    let l0 = &mlp.layers[0];
    let (hid, hid_pre) = match l0.activation {
        Activation::Sigmoid => {
            dense::<FMA, I, H>(l0, &input, |v| activate::<FMA, P>(Activation::Sigmoid, v))
        }
        Activation::Tanh => {
            dense::<FMA, I, H>(l0, &input, |v| activate::<FMA, P>(Activation::Tanh, v))
        }
        other => dense::<FMA, I, H>(l0, &input, |v| other.apply_slice::<FMA>(v)),
    };
    let l1 = &mlp.layers[1];
    let (outp, _) = dense::<FMA, H, O>(l1, &hid, |v| activate::<FMA, P>(l1.activation, v));

    // Loss, error and accuracy on the pre-update outputs; dLoss/dz of the output layer.
    let scale = cfg.loss.scale(n, O);
    let a = outp.as_flattened();
    let ys = &y[..n * O];
    let (loss, abs_err) = loss_and_error(cfg.loss, a, ys);
    let mut d_out = [[0.0; LANES]; O];
    output_gradient(
        cfg.loss,
        mlp.layers[1].activation,
        scale,
        a,
        ys,
        d_out.as_flattened_mut(),
    );
    let correct = count_correct(a, ys, n, O);

    // Output layer: its gradients, then (tutorial order) its update before the error goes
    // back through it, or (textbook order) after.
    let (mut gw1, gb1) = gradients::<FMA, H, O, H>(&hid, &d_out);
    let tutorial = cfg.update_order == UpdateOrder::Tutorial;
    if tutorial {
        apply_update(cfg, t, &mut mlp.layers[1], &mut gw1, &gb1, &mut state[1]);
    }
    // g_prev_k = Σ_j w_kj g_j from 0 over j in order, times g'(a_prev).
    // The derivative matched once, as the activation (sigmoid and tanh written out: the
    // same expressions as `mul_derivative_slice`, kept in registers).
    let w1 = mlp.layers[1].weights.as_slice();
    let d_hid = match mlp.layers[0].activation {
        Activation::Sigmoid => send_back::<FMA, H, O>(w1, &d_out, |g, k| {
            let a = &hid[k];
            for r in 0..LANES {
                g[r] *= a[r] * (1.0 - a[r]);
            }
        }),
        Activation::Tanh => send_back::<FMA, H, O>(w1, &d_out, |g, k| {
            let a = &hid[k];
            for r in 0..LANES {
                g[r] *= 1.0 - a[r] * a[r];
            }
        }),
        other => send_back::<FMA, H, O>(w1, &d_out, |g, k| {
            other.mul_derivative_slice(g, &hid[k], &hid_pre[k]);
        }),
    };
    if !tutorial {
        apply_update(cfg, t, &mut mlp.layers[1], &mut gw1, &gb1, &mut state[1]);
    }

    // Hidden layer (the input layer has no error to send back: the order does not matter).
    let (mut gw0, gb0) = gradients::<FMA, I, H, { INPUTS * 8 }>(&input, &d_hid);
    apply_update(
        cfg,
        t,
        &mut mlp.layers[0],
        &mut gw0[..I * H],
        &gb0,
        &mut state[0],
    );

    StepStats {
        loss: loss * scale,
        error: abs_err / (n * O) as f64,
        correct,
        samples: n,
    }
}
