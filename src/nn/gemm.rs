//! Products of wide layers (at least [`MIN_WIDTH`] inputs and units) through the
//! `matrixmultiply` crate (nalgebra's own dependency): packed panels and a register-blocked
//! micro-kernel that it picks at run time (AVX-512, AVX2 + FMA, …).
//!
//! Why a kept GEMM and not the own kernels for these layers: on the 8×64 tanh network
//! (200 points) a step took 1.52 ms with it against 2.51 ms with the own blocked kernels
//! ([`crate::nn::kernels`]), measured in the same benchmark run on a Zen 4 EPYC (load ~6 on
//! its 2 cores, so only the ratio means much). The own kernels stay for narrow layers (the
//! tutorial's, 6×8), where the GEMM's packing costs more than it saves; `matrixmultiply`
//! rather than `gemm` because it is already built for nalgebra and adds nothing to compile.
//!
//! The trainer uses it on its FMA paths only (the baseline path keeps its own kernels and no
//! fused multiply-adds), and [`set_enabled`] switches it off to compare with the trainer's
//! own kernels (`cargo bench --bench nn -- 8x64`). Its sums are grouped differently from the
//! own kernels', so results differ in the last bits; it is the same code on both FMA paths,
//! so those two still agree bit for bit.

use std::sync::atomic::{AtomicBool, Ordering};

/// Narrowest layer (inputs and units both) sent to the GEMM.
pub const MIN_WIDTH: usize = 16;

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Sends wide layers to the GEMM (`true`, the default) or to the trainer's own kernels.
/// Process-wide, for benchmarks and tests.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether a layer of `fan_in` inputs and `units` units goes to the GEMM.
#[inline(always)]
pub fn takes(fan_in: usize, units: usize) -> bool {
    fan_in >= MIN_WIDTH && units >= MIN_WIDTH && ENABLED.load(Ordering::Relaxed)
}

/// Elements a strided `rows × cols` view reaches.
fn reach(rows: usize, cols: usize, (rs, cs): (usize, usize)) -> usize {
    if rows == 0 || cols == 0 {
        0
    } else {
        (rows - 1) * rs + (cols - 1) * cs + 1
    }
}

/// `c = a · b + beta · c` for an `m × k` view `a`, `k × n` view `b` and `m × n` view `c`,
/// each with (row, column) strides. `false` (nothing done) when a slice is too short.
#[allow(clippy::too_many_arguments)]
fn mul(
    (m, k, n): (usize, usize, usize),
    a: &[f64],
    sa: (usize, usize),
    b: &[f64],
    sb: (usize, usize),
    beta: f64,
    c: &mut [f64],
    sc: (usize, usize),
) -> bool {
    if a.len() < reach(m, k, sa) || b.len() < reach(k, n, sb) || c.len() < reach(m, n, sc) {
        return false;
    }
    let s = |v: usize| isize::try_from(v).ok();
    let (Some(rsa), Some(csa), Some(rsb), Some(csb), Some(rsc), Some(csc)) =
        (s(sa.0), s(sa.1), s(sb.0), s(sb.1), s(sc.0), s(sc.1))
    else {
        return false;
    };
    // SAFETY: each slice holds every element its view reaches (checked above); `c` is a
    // unique borrow, so it overlaps neither `a` nor `b`.
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            rsa,
            csa,
            b.as_ptr(),
            rsb,
            csb,
            beta,
            c.as_mut_ptr(),
            rsc,
            csc,
        );
    }
    true
}

/// `z = bias + x · w` for column-major `x` (`n × fan_in`), `w` (`fan_in × units`) and `z`
/// (`n × units`). `false` (nothing done) on a size mismatch.
pub fn forward(
    x: &[f64],
    n: usize,
    fan_in: usize,
    w: &[f64],
    units: usize,
    bias: Option<&[f64]>,
    z: &mut [f64],
) -> bool {
    if z.len() < n * units {
        return false;
    }
    let beta = match bias {
        Some(b) if b.len() >= units => {
            for (col, &bj) in z.chunks_exact_mut(n).zip(b) {
                col.fill(bj);
            }
            1.0
        }
        _ => 0.0,
    };
    mul(
        (n, fan_in, units),
        x,
        (1, n),
        w,
        (1, fan_in),
        beta,
        z,
        (1, n),
    )
}

/// `gw = xᵀ · g` for column-major `x` (`n × fan_in`), `g` (`n × units`) and `gw`
/// (`fan_in × units`): a layer's weight gradient.
pub fn gram(x: &[f64], n: usize, fan_in: usize, g: &[f64], units: usize, gw: &mut [f64]) -> bool {
    mul(
        (fan_in, n, units),
        x,
        (n, 1),
        g,
        (1, n),
        0.0,
        gw,
        (1, fan_in),
    )
}

/// `gp = g · wᵀ` for column-major `g` (`n × units`), `w` (`fan_in × units`) and `gp`
/// (`n × fan_in`): the error sent back through a layer.
pub fn back(g: &[f64], n: usize, units: usize, w: &[f64], fan_in: usize, gp: &mut [f64]) -> bool {
    mul(
        (n, units, fan_in),
        g,
        (1, n),
        w,
        (fan_in, 1),
        0.0,
        gp,
        (1, n),
    )
}
