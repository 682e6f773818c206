//! Small slice kernels for the training hot loop, written so LLVM vectorises them.
//!
//! Matrices are nalgebra column-major `batch × units`, so a unit's values for the whole
//! batch are one contiguous column: every kernel here runs along that column.
//! `FMA` selects fused multiply-add; it is only `true` inside functions compiled with
//! `#[target_feature(enable = "fma")]` (see [`super::trainer`]), where `mul_add` is one
//! instruction instead of a libm call.

/// `a * b + c`, fused when `FMA`.
#[inline(always)]
pub fn madd<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

/// `y += alpha * x`.
#[inline(always)]
pub fn axpy<const FMA: bool>(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (y, &x) in y.iter_mut().zip(x) {
        *y = madd::<FMA>(alpha, x, *y);
    }
}

/// `Σ x[i] * y[i]`, with four independent accumulators so the sum vectorises.
#[inline(always)]
pub fn dot<const FMA: bool>(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let xc = x.chunks_exact(4);
    let yc = y.chunks_exact(4);
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for l in 0..4 {
            acc[l] = madd::<FMA>(a[l], b[l], acc[l]);
        }
    }
    let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    for (&a, &b) in xr.iter().zip(yr) {
        s = madd::<FMA>(a, b, s);
    }
    s
}

/// `Σ x[i]`, four accumulators.
#[inline(always)]
pub fn sum(x: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let xc = x.chunks_exact(4);
    let xr = xc.remainder();
    for a in xc {
        for l in 0..4 {
            acc[l] += a[l];
        }
    }
    let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
    for &a in xr {
        s += a;
    }
    s
}

/// Column `j` of a column-major buffer with `n` rows.
#[inline(always)]
pub fn col(buf: &[f64], n: usize, j: usize) -> &[f64] {
    &buf[j * n..(j + 1) * n]
}

/// Mutable column `j` of a column-major buffer with `n` rows.
#[inline(always)]
pub fn col_mut(buf: &mut [f64], n: usize, j: usize) -> &mut [f64] {
    &mut buf[j * n..(j + 1) * n]
}

/// Largest fan-in the blocked kernels handle (the network limit, 64 units).
pub const MAX_FAN: usize = 64;

/// Length of the scratch buffer [`dense_cols`] needs.
pub const DENSE_SCRATCH: usize = MAX_FAN * 4;

/// Blocked dense layer over column-major buffers:
/// `out[:, o] = bias[o] + Σ_i coef[o * so + i * si] · a[:, i]` for `o < n_out`,
/// where every column has `n` rows and `a` has `n_in` columns.
///
/// Four outputs × eight rows are accumulated in registers while each input column is read
/// once per block — about three times fewer memory operations than one `axpy` per weight.
/// Per output element the sum runs over `i` in order, as `axpy` did. `scratch` (at least
/// [`DENSE_SCRATCH`] long) holds a block's coefficients; the caller keeps it between calls
/// so nothing is allocated or cleared per call.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn dense_cols<const FMA: bool>(
    a: &[f64],
    n: usize,
    n_in: usize,
    coef: &[f64],
    so: usize,
    si: usize,
    bias: Option<&[f64]>,
    out: &mut [f64],
    n_out: usize,
    scratch: &mut [f64],
) {
    if n_in > MAX_FAN || scratch.len() < DENSE_SCRATCH {
        // Beyond the network limits: the plain path.
        for (o, col) in out.chunks_exact_mut(n).take(n_out).enumerate() {
            col.fill(bias.and_then(|b| b.get(o)).copied().unwrap_or(0.0));
            for (i, x) in a.chunks_exact(n).take(n_in).enumerate() {
                axpy::<FMA>(coef[o * so + i * si], x, col);
            }
        }
        return;
    }
    let mut o = 0;
    while o + 4 <= n_out {
        dense_block::<FMA, 4>(a, n, n_in, coef, so, si, bias, out, o, scratch);
        o += 4;
    }
    while o < n_out {
        dense_block::<FMA, 1>(a, n, n_in, coef, so, si, bias, out, o, scratch);
        o += 1;
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn dense_block<const FMA: bool, const U: usize>(
    a: &[f64],
    n: usize,
    n_in: usize,
    coef: &[f64],
    so: usize,
    si: usize,
    bias: Option<&[f64]>,
    out: &mut [f64],
    o0: usize,
    scratch: &mut [f64],
) {
    let (w, _) = scratch[..n_in * U].as_chunks_mut::<U>();
    for (i, wi) in w.iter_mut().enumerate() {
        for (u, v) in wi.iter_mut().enumerate() {
            *v = coef[(o0 + u) * so + i * si];
        }
    }
    let w: &[[f64; U]] = w;
    let mut b = [0.0f64; U];
    for (u, v) in b.iter_mut().enumerate() {
        *v = bias.and_then(|b| b.get(o0 + u)).copied().unwrap_or(0.0);
    }
    let full = n / 8 * 8;
    let mut r = 0;
    while r < full {
        let mut acc = [[0.0f64; 8]; U];
        for (u, acc_u) in acc.iter_mut().enumerate() {
            *acc_u = [b[u]; 8];
        }
        for (i, wi) in w.iter().enumerate() {
            let Some(x) = a.get(i * n + r..i * n + r + 8) else {
                continue;
            };
            for (u, acc_u) in acc.iter_mut().enumerate() {
                for l in 0..8 {
                    acc_u[l] = madd::<FMA>(wi[u], x[l], acc_u[l]);
                }
            }
        }
        for (u, acc_u) in acc.iter().enumerate() {
            let start = (o0 + u) * n + r;
            if let Some(dst) = out.get_mut(start..start + 8) {
                dst.copy_from_slice(acc_u);
            }
        }
        r += 8;
    }
    for r in full..n {
        for (u, &bu) in b.iter().enumerate() {
            let mut s = bu;
            for (i, wi) in w.iter().enumerate() {
                s = madd::<FMA>(wi[u], a[i * n + r], s);
            }
            out[(o0 + u) * n + r] = s;
        }
    }
}

/// All dot products between the columns of `a` (`n × p`) and of `g` (`n × m`):
/// `out[j * p + k] = Σ_r a[r, k] · g[r, j]` — a layer's weight gradient `aᵀ g`.
///
/// Blocks of 2 × 4 column pairs share their loads; each sum uses four lanes (as [`dot`]).
#[inline(always)]
pub fn gram<const FMA: bool>(a: &[f64], p: usize, g: &[f64], m: usize, n: usize, out: &mut [f64]) {
    let mut j = 0;
    while j + 4 <= m {
        let mut k = 0;
        while k + 2 <= p {
            gram_block::<FMA, 2, 4>(a, p, g, n, k, j, out);
            k += 2;
        }
        while k < p {
            gram_block::<FMA, 1, 4>(a, p, g, n, k, j, out);
            k += 1;
        }
        j += 4;
    }
    while j < m {
        for k in 0..p {
            gram_block::<FMA, 1, 1>(a, p, g, n, k, j, out);
        }
        j += 1;
    }
}

// Indices address several arrays in lockstep; iterators would obscure the blocking.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn gram_block<const FMA: bool, const KB: usize, const JB: usize>(
    a: &[f64],
    p: usize,
    g: &[f64],
    n: usize,
    k0: usize,
    j0: usize,
    out: &mut [f64],
) {
    let mut acc = [[[0.0f64; 4]; JB]; KB];
    let full = n / 4 * 4;
    let mut r = 0;
    while r < full {
        let mut av = [[0.0f64; 4]; KB];
        for (kb, v) in av.iter_mut().enumerate() {
            let start = (k0 + kb) * n + r;
            if let Some(src) = a.get(start..start + 4) {
                v.copy_from_slice(src);
            }
        }
        for jb in 0..JB {
            let start = (j0 + jb) * n + r;
            let Some(gv) = g.get(start..start + 4) else {
                continue;
            };
            for kb in 0..KB {
                for l in 0..4 {
                    acc[kb][jb][l] = madd::<FMA>(av[kb][l], gv[l], acc[kb][jb][l]);
                }
            }
        }
        r += 4;
    }
    for kb in 0..KB {
        for jb in 0..JB {
            let v = &acc[kb][jb];
            let mut s = (v[0] + v[2]) + (v[1] + v[3]);
            for r in full..n {
                s = madd::<FMA>(a[(k0 + kb) * n + r], g[(j0 + jb) * n + r], s);
            }
            if let Some(dst) = out.get_mut((j0 + jb) * p + k0 + kb) {
                *dst = s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_sum_match_naive_for_all_remainders() {
        for len in 0..13 {
            let x: Vec<f64> = (0..len).map(|i| i as f64 * 0.5 - 1.0).collect();
            let y: Vec<f64> = (0..len).map(|i| 2.0 - i as f64 * 0.25).collect();
            let naive: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
            assert!((dot::<false>(&x, &y) - naive).abs() < 1e-12);
            assert!((dot::<true>(&x, &y) - naive).abs() < 1e-12);
            assert!((sum(&x) - x.iter().sum::<f64>()).abs() < 1e-12);
        }
    }

    #[test]
    fn axpy_adds_scaled() {
        let x = [1.0, 2.0, 3.0];
        let mut y = [1.0, 1.0, 1.0];
        axpy::<false>(2.0, &x, &mut y);
        assert_eq!(y, [3.0, 5.0, 7.0]);
    }
}
