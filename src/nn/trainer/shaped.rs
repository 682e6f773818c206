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
//! gradients as eight lanes and [`reduce8`](crate::nn::kernels::reduce8). So all three paths
//! agree bit for bit (`tests/kernels.rs`).

#[cfg(target_arch = "x86_64")]
use super::lanes::{Avx2, Avx512};
use super::lanes::{Plain, V8};
use super::step::{apply_update, count_correct, loss_and_error, output_gradient};
use super::tiny::LANES;
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::activation::Activation;
use crate::nn::kernels::sum;
use crate::nn::loss::Loss;
use crate::nn::mlp::Mlp;
use crate::nn::simd::{Kernel, KernelPath};

/// Inputs the shaped step takes (the plane's two coordinates); it has one output.
const INPUTS: usize = 2;

/// One step on the shaped path when `mlp` and the batch (`x`: `n × inputs`, `y`:
/// `n × outputs`, column-major) have its shape: 8 samples, 2 inputs, one hidden layer of 1–8
/// units, one output, no softmax. `None` (nothing changed) otherwise. Inlined into
/// `Trainer::step`: a call less on a step of ~150 ns.
#[inline(always)]
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
                #[cfg(target_arch = "x86_64")]
                // SAFETY: `current` only returns a path the CPU supports.
                KernelPath::Avx512 => unsafe { step_avx512::<$h>(cfg, t, mlp, state, x, y) },
                #[cfg(target_arch = "x86_64")]
                // SAFETY: as above.
                KernelPath::Avx2Fma => unsafe { step_avx2::<$h>(cfg, t, mlp, state, x, y) },
                _ => step::<Plain, $h>(cfg, t, mlp, state, x, y),
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

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn step_avx512<const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    step::<Avx512, H>(cfg, t, mlp, state, x, y)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn step_avx2<const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    step::<Avx2, H>(cfg, t, mlp, state, x, y)
}

/// Column `i` of a column-major `8 × k` buffer (the caller checked its length; 0 past it),
/// loaded in place: a copy first had the vector load wait on narrower stores.
#[inline(always)]
fn col<V: V8>(v: &[f64], i: usize) -> V {
    match v.get(i * LANES..).and_then(|c| c.first_chunk::<LANES>()) {
        Some(c) => V::load(c),
        None => V::splat(0.0),
    }
}

/// A layer's bias `u`, or 0 without biases (where the general path's sums start).
#[inline(always)]
fn bias_of(layer: &crate::nn::mlp::Layer, u: usize) -> f64 {
    layer
        .biases
        .as_ref()
        .and_then(|b| b.as_slice().get(u))
        .copied()
        .unwrap_or(0.0)
}

/// `z_u = b_u + Σ_i w_iu · a_i` over `i` in order for every unit `u` of `layer`.
#[inline(always)]
fn dense<V: V8, const N: usize, const M: usize>(
    layer: &crate::nn::mlp::Layer,
    inp: &[V; N],
) -> [V; M] {
    // One bounds check here instead of one per weight.
    let w = &layer.weights.as_slice()[..N * M];
    let mut out = [V::splat(0.0); M];
    for (u, o) in out.iter_mut().enumerate() {
        let mut acc = V::splat(bias_of(layer, u));
        for i in 0..N {
            acc = V::madd(V::splat(w[u * N + i]), inp[i], acc);
        }
        *o = acc;
    }
    out
}

/// The activation on every unit, matched once for the layer (a match per unit kept every
/// column in memory). Plain loops, no closures, here and below: a closure is compiled
/// without the copy's target features, and the vector operations in it were not inlined.
#[inline(always)]
fn activate<V: V8, const M: usize>(act: Activation, z: &[V; M]) -> [V; M] {
    let mut a = *z;
    match act {
        Activation::Sigmoid => {
            for v in &mut a {
                *v = v.activate(Activation::Sigmoid);
            }
        }
        Activation::Tanh => {
            for v in &mut a {
                *v = v.activate(Activation::Tanh);
            }
        }
        other => {
            for v in &mut a {
                *v = v.activate(other);
            }
        }
    }
    a
}

/// Weight gradients `Σ_r a_k[r] · g_j[r]` (`N × M`, column-major, as the general path:
/// one product per lane, then [`crate::nn::kernels::reduce8`]) and bias gradients (the
/// general path's [`sum`], only when the layer has biases).
#[inline(always)]
fn gradients<V: V8, const N: usize, const M: usize, const NM: usize>(
    inp: &[V; N],
    g: &[V; M],
    biases: bool,
) -> ([f64; NM], [f64; M]) {
    let zero = V::splat(0.0);
    let mut gw = [0.0; NM];
    let mut gb = [0.0; M];
    for j in 0..M {
        for k in 0..N {
            gw[j * N + k] = V::madd(inp[k], g[j], zero).reduce();
        }
        if biases {
            gb[j] = sum(&g[j].store());
        }
    }
    (gw, gb)
}

/// `g_prev_k = Σ_j w_kj g_j` from 0 over `j` in order (one output: `j = 0`), times `g'` of
/// hidden unit `k` (sigmoid and tanh written out as `mul_derivative_slice` computes them).
#[inline(always)]
fn send_back<V: V8, const H: usize>(
    w: &[f64],
    g: V,
    act: Activation,
    hid: &[V; H],
    hid_pre: &[V; H],
) -> [V; H] {
    let w = &w[..H];
    let zero = V::splat(0.0);
    let one = V::splat(1.0);
    let mut e = [zero; H];
    for k in 0..H {
        e[k] = V::madd(V::splat(w[k]), g, zero);
    }
    match act {
        Activation::Sigmoid => {
            for k in 0..H {
                e[k] = V::mul(e[k], V::mul(hid[k], V::sub(one, hid[k])));
            }
        }
        Activation::Tanh => {
            for k in 0..H {
                e[k] = V::mul(e[k], V::sub(one, V::mul(hid[k], hid[k])));
            }
        }
        other => {
            for k in 0..H {
                let mut c = e[k].store();
                other.mul_derivative_slice(&mut c, &hid[k].store(), &hid_pre[k].store());
                e[k] = V::load(&c);
            }
        }
    }
    e
}

/// The step itself: the tiny step's sequence with every width a constant.
#[inline(always)]
fn step<V: V8, const H: usize>(
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    x: &[f64],
    y: &[f64],
) -> StepStats {
    const I: usize = INPUTS;
    let n = LANES;
    let input: [V; I] = [col::<V>(x, 0), col::<V>(x, 1)];
    let l0 = &mlp.layers[0];
    let hid_pre = dense::<V, I, H>(l0, &input);
    let hid = activate(l0.activation, &hid_pre);
    let l1 = &mlp.layers[1];
    let a = dense::<V, H, 1>(l1, &hid)[0].activate(l1.activation);
    let out = a.store();

    // Loss, error and accuracy on the pre-update outputs; dLoss/dz of the output layer.
    let scale = cfg.loss.scale(n, 1);
    let ys = &y[..n];
    let (loss, abs_err) = loss_and_error(cfg.loss, &out, ys);
    let correct = count_correct(&out, ys, n, 1);
    // `output_gradient`'s expressions on the vectors for a sigmoid output: written to memory
    // lane by lane and read back as one vector, its result waited for a failed store
    // forwarding on the step's critical path.
    let y_v = col::<V>(y, 0);
    let d_out = match (cfg.loss, l1.activation) {
        (Loss::TutorialSse | Loss::Mse, Activation::Sigmoid) => {
            let c = if cfg.loss == Loss::Mse {
                2.0 * scale
            } else {
                scale
            };
            let g = V::mul(V::sub(a, y_v), V::splat(c));
            V::mul(g, V::mul(a, V::sub(V::splat(1.0), a)))
        }
        (Loss::BinaryCrossEntropy, Activation::Sigmoid) => V::mul(V::sub(a, y_v), V::splat(scale)),
        _ => {
            let mut d_out = [0.0; LANES];
            output_gradient(cfg.loss, l1.activation, scale, &out, ys, &mut d_out);
            V::load(&d_out)
        }
    };

    // Output layer: its gradients, then (tutorial order) its update before the error goes
    // back through it, or (textbook order) after.
    let b1 = l1.biases.is_some();
    let (mut gw1, gb1) = gradients::<V, H, 1, H>(&hid, &[d_out], b1);
    let tutorial = cfg.update_order == UpdateOrder::Tutorial;
    if tutorial {
        apply_update(cfg, t, &mut mlp.layers[1], &mut gw1, &gb1, &mut state[1]);
    }
    let act0 = mlp.layers[0].activation;
    let w1 = mlp.layers[1].weights.as_slice();
    let d_hid = send_back::<V, H>(w1, d_out, act0, &hid, &hid_pre);
    if !tutorial {
        apply_update(cfg, t, &mut mlp.layers[1], &mut gw1, &gb1, &mut state[1]);
    }

    // Hidden layer (the input layer has no error to send back: the order does not matter).
    let b0 = mlp.layers[0].biases.is_some();
    let (mut gw0, gb0) = gradients::<V, I, H, { INPUTS * 8 }>(&input, &d_hid, b0);
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
        error: abs_err / n as f64,
        correct,
        samples: n,
    }
}
