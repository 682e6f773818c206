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

/// `out[j] = sum(column j)` for the columns of a column-major buffer with `n` rows (as many
/// columns as `out` holds), each column summed in [`sum`]'s order, bit for bit. Eight
/// columns go side by side: [`sum`] on one column waits on its adds' latency (about 10 µs a
/// step of the 6×8 network on 1,000 points, measured with perf), eight independent chains
/// keep the adders busy.
#[inline(always)]
pub fn sum_cols(g: &[f64], n: usize, out: &mut [f64]) {
    if n == 0 {
        out.fill(0.0);
        return;
    }
    let mut blocks = out.chunks_exact_mut(8);
    let mut c0 = 0;
    for ob in blocks.by_ref() {
        sum_block::<8>(g, n, c0, ob);
        c0 += 8;
    }
    for o in blocks.into_remainder() {
        *o = g.get(c0 * n..(c0 + 1) * n).map_or(0.0, sum);
        c0 += 1;
    }
}

/// [`sum`] of the `K` columns `c0..c0 + K` into `out`, their chains interleaved.
#[inline(always)]
fn sum_block<const K: usize>(g: &[f64], n: usize, c0: usize, out: &mut [f64]) {
    let Some(block) = g.get(c0 * n..(c0 + K) * n) else {
        return;
    };
    let cols: [&[f64]; K] = std::array::from_fn(|c| &block[c * n..(c + 1) * n]);
    let quads: [&[[f64; 4]]; K] = std::array::from_fn(|c| cols[c].as_chunks::<4>().0);
    let mut acc = [[0.0f64; 4]; K];
    for i in 0..n / 4 {
        for (acc_c, q) in acc.iter_mut().zip(&quads) {
            let v = q[i];
            for l in 0..4 {
                acc_c[l] += v[l];
            }
        }
    }
    for ((o, a), col) in out.iter_mut().zip(&acc).zip(&cols) {
        let mut s = (a[0] + a[2]) + (a[1] + a[3]);
        for &v in &col[n / 4 * 4..] {
            s += v;
        }
        *o = s;
    }
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

/// Rows the row-wise kernels ([`arg_max_rows`], the trainer's softmax) take at a time: each
/// column's stretch of a block is one contiguous run that vectorises.
pub const ROW_BLOCK: usize = 64;

/// For the rows `r0 .. r0 + best.len()` (at most [`ROW_BLOCK`]) of a column-major `n × m`
/// buffer (`m ≥ 1`), the column of each row's largest value: the first on a tie, and column
/// 0 when the first value is NaN (nothing compares greater), as
/// [`argmax`](crate::nn::model::argmax) picks for one row.
#[inline(always)]
pub fn arg_max_rows(v: &[f64], n: usize, m: usize, r0: usize, best: &mut [usize]) {
    let len = best.len();
    let mut top = [0.0f64; ROW_BLOCK];
    let top = &mut top[..len];
    top.copy_from_slice(&v[r0..r0 + len]);
    best.fill(0);
    for j in 1..m {
        let col = &v[j * n + r0..j * n + r0 + len];
        for ((t, b), &x) in top.iter_mut().zip(best.iter_mut()).zip(col) {
            if x > *t {
                *t = x;
                *b = j;
            }
        }
    }
}

/// Largest fan-in the blocked kernels handle (the network limit, 64 units).
pub const MAX_FAN: usize = 64;

/// Length of the scratch buffer [`dense_cols`] needs.
pub const DENSE_SCRATCH: usize = MAX_FAN * 8;

/// Whether [`dense_cols`] should use blocks of eight outputs on `path`: on AVX-512 only
/// (32 vector registers).
#[inline(always)]
pub fn wide_dense_blocks(path: crate::nn::simd::KernelPath) -> bool {
    path == crate::nn::simd::KernelPath::Avx512
}

/// Blocked dense layer over column-major buffers:
/// `out[:, o] = bias[o] + Σ_i coef[o * so + i * si] · a[:, i]` for `o < n_out`,
/// where every column has `n` rows and `a` has `n_in` columns.
///
/// Eight (or four) outputs × eight rows are accumulated in registers while each input
/// column is read once per block — about three times fewer memory operations than one
/// `axpy` per weight. Per output element the sum runs over `i` in order, as `axpy` did. `scratch` (at least
/// [`DENSE_SCRATCH`] long) holds a block's coefficients; the caller keeps it between calls
/// so nothing is allocated or cleared per call. `wide` allows blocks of eight outputs (see
/// [`wide_dense_blocks`]); the sums are the same bits either way.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn dense_cols<const FMA: bool>(
    wide: bool,
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
    // Eight outputs share each input load where the layer has them (the 6×8 network's) and
    // the registers hold them: 8 × 8 rows is 8 AVX-512 registers, but all 16 of AVX2's
    // (there it spilled and made the 6×8 step ~1.4× slower, so AVX2 keeps blocks of four).
    while wide && o + 8 <= n_out {
        dense_block::<FMA, 8>(a, n, n_in, coef, so, si, bias, out, o, scratch);
        o += 8;
    }
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
/// Each sum runs in eight lanes (lane `l` takes the rows `r ≡ l mod 8`, one AVX-512 register
/// or two AVX2 ones), reduced by [`reduce8`], then the last `n mod 8` rows in order. Blocks
/// of column pairs share their loads: 4 × 4 pairs (16 accumulators) on AVX-512 (32 vector
/// registers), 2 × 2 otherwise (16 registers). The block size does not change any sum's
/// order, so every FMA path gives the same bits. The FMA paths are written with intrinsics:
/// LLVM left the portable version's 3-D accumulator array scalar.
#[inline(always)]
pub fn gram<const FMA: bool>(
    a: &[f64],
    p: usize,
    g: &[f64],
    m: usize,
    n: usize,
    out: &mut [f64],
    path: crate::nn::simd::KernelPath,
) {
    #[cfg(target_arch = "x86_64")]
    if FMA && a.len() >= n * p && g.len() >= n * m && out.len() >= p * m {
        use crate::nn::simd::KernelPath;
        // `supported` is a cached flag test, checked here so that no caller can run a path
        // the CPU lacks.
        match path {
            // SAFETY: the CPU has the path (checked), and the slices hold the `n × p`,
            // `n × m` and `p × m` values read and written (checked above).
            KernelPath::Avx512 if path.supported() => unsafe {
                x86::gram_avx512(a, p, g, m, n, out)
            },
            // SAFETY: as above.
            KernelPath::Avx2Fma if path.supported() => unsafe {
                x86::gram_avx2(a, p, g, m, n, out)
            },
            _ => gram_tiles::<FMA, 2, 2>(a, p, g, m, n, out),
        }
        return;
    }
    let _ = path;
    gram_tiles::<FMA, 2, 2>(a, p, g, m, n, out);
}

/// The eight lanes of one [`gram`] sum added as AVX-512 halves them:
/// `((v0 + v4) + (v2 + v6)) + ((v1 + v5) + (v3 + v7))`.
#[inline(always)]
pub fn reduce8(v: &[f64; 8]) -> f64 {
    ((v[0] + v[4]) + (v[2] + v[6])) + ((v[1] + v[5]) + (v[3] + v[7]))
}

#[inline(always)]
fn gram_tiles<const FMA: bool, const KB: usize, const JB: usize>(
    a: &[f64],
    p: usize,
    g: &[f64],
    m: usize,
    n: usize,
    out: &mut [f64],
) {
    let mut j = 0;
    while j + JB <= m {
        let mut k = 0;
        while k + KB <= p {
            gram_block::<FMA, KB, JB>(a, p, g, n, k, j, out);
            k += KB;
        }
        while k < p {
            gram_block::<FMA, 1, JB>(a, p, g, n, k, j, out);
            k += 1;
        }
        j += JB;
    }
    while j < m {
        let mut k = 0;
        while k + KB <= p {
            gram_block::<FMA, KB, 1>(a, p, g, n, k, j, out);
            k += KB;
        }
        while k < p {
            gram_block::<FMA, 1, 1>(a, p, g, n, k, j, out);
            k += 1;
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
    let mut acc = [[[0.0f64; 8]; JB]; KB];
    let full = n / 8 * 8;
    let mut r = 0;
    while r < full {
        let mut av = [[0.0f64; 8]; KB];
        for (kb, v) in av.iter_mut().enumerate() {
            let start = (k0 + kb) * n + r;
            if let Some(src) = a.get(start..start + 8) {
                v.copy_from_slice(src);
            }
        }
        for jb in 0..JB {
            let start = (j0 + jb) * n + r;
            let Some(gv) = g.get(start..start + 8) else {
                continue;
            };
            for kb in 0..KB {
                for l in 0..8 {
                    acc[kb][jb][l] = madd::<FMA>(av[kb][l], gv[l], acc[kb][jb][l]);
                }
            }
        }
        r += 8;
    }
    for kb in 0..KB {
        for jb in 0..JB {
            let mut s = reduce8(&acc[kb][jb]);
            for r in full..n {
                s = madd::<FMA>(a[(k0 + kb) * n + r], g[(j0 + jb) * n + r], s);
            }
            if let Some(dst) = out.get_mut((j0 + jb) * p + k0 + kb) {
                *dst = s;
            }
        }
    }
}

/// The FMA paths of [`gram`] with explicit vectors: one `__m512d`, or two `__m256d` (lanes
/// 0–3 and 4–7), per sum's eight lanes, the same operations lane by lane.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{madd, reduce8};
    use std::arch::x86_64::*;

    /// Rows `0..n / 8 * 8` done in vectors, the rest and the reduction in scalars.
    macro_rules! tiles {
        ($a:ident, $p:ident, $g:ident, $m:ident, $n:ident, $out:ident, $block:ident, $kb:literal, $jb:literal) => {{
            let mut j = 0;
            while j + $jb <= $m {
                let mut k = 0;
                while k + $kb <= $p {
                    $block::<$kb, $jb>($a, $p, $g, $n, k, j, $out);
                    k += $kb;
                }
                while k < $p {
                    $block::<1, $jb>($a, $p, $g, $n, k, j, $out);
                    k += 1;
                }
                j += $jb;
            }
            while j < $m {
                let mut k = 0;
                while k + $kb <= $p {
                    $block::<$kb, 1>($a, $p, $g, $n, k, j, $out);
                    k += $kb;
                }
                while k < $p {
                    $block::<1, 1>($a, $p, $g, $n, k, j, $out);
                    k += 1;
                }
                j += 1;
            }
        }};
    }

    /// The reduction and the last rows of one sum, as the portable version.
    #[inline(always)]
    fn finish(lanes: &[f64; 8], a: &[f64], g: &[f64], (k, j): (usize, usize), n: usize) -> f64 {
        let mut s = reduce8(lanes);
        for r in n / 8 * 8..n {
            s = madd::<true>(a[k * n + r], g[j * n + r], s);
        }
        s
    }

    /// # Safety
    /// The CPU must have AVX-512 F; `a`, `g` and `out` hold `n × p`, `n × m` and `p × m`.
    #[target_feature(enable = "avx512f,avx2,fma")]
    pub(super) unsafe fn gram_avx512(
        a: &[f64],
        p: usize,
        g: &[f64],
        m: usize,
        n: usize,
        out: &mut [f64],
    ) {
        tiles!(a, p, g, m, n, out, block512, 4, 4);
    }

    // Indices address several arrays in lockstep, as in the portable block.
    #[allow(clippy::needless_range_loop)]
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn block512<const KB: usize, const JB: usize>(
        a: &[f64],
        p: usize,
        g: &[f64],
        n: usize,
        k0: usize,
        j0: usize,
        out: &mut [f64],
    ) {
        let mut acc = [[_mm512_setzero_pd(); JB]; KB];
        let (ap, gp) = (a.as_ptr(), g.as_ptr());
        let mut r = 0;
        while r + 8 <= n {
            let mut av = [_mm512_setzero_pd(); KB];
            for (kb, v) in av.iter_mut().enumerate() {
                // SAFETY: column k0 + kb < p of `a` (n × p) holds rows r..r + 8.
                *v = unsafe { _mm512_loadu_pd(ap.add((k0 + kb) * n + r)) };
            }
            for jb in 0..JB {
                // SAFETY: as above, in `g` (n × m).
                let gv = unsafe { _mm512_loadu_pd(gp.add((j0 + jb) * n + r)) };
                for kb in 0..KB {
                    acc[kb][jb] = _mm512_fmadd_pd(av[kb], gv, acc[kb][jb]);
                }
            }
            r += 8;
        }
        for (kb, acc_k) in acc.iter().enumerate() {
            for (jb, v) in acc_k.iter().enumerate() {
                let mut lanes = [0.0f64; 8];
                // SAFETY: `lanes` holds 8 values.
                unsafe { _mm512_storeu_pd(lanes.as_mut_ptr(), *v) };
                let (k, j) = (k0 + kb, j0 + jb);
                out[j * p + k] = finish(&lanes, a, g, (k, j), n);
            }
        }
    }

    /// # Safety
    /// The CPU must have AVX2 and FMA; `a`, `g` and `out` hold `n × p`, `n × m` and `p × m`.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn gram_avx2(
        a: &[f64],
        p: usize,
        g: &[f64],
        m: usize,
        n: usize,
        out: &mut [f64],
    ) {
        tiles!(a, p, g, m, n, out, block256, 2, 2);
    }

    // Indices address several arrays in lockstep, as in the portable block.
    #[allow(clippy::needless_range_loop)]
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn block256<const KB: usize, const JB: usize>(
        a: &[f64],
        p: usize,
        g: &[f64],
        n: usize,
        k0: usize,
        j0: usize,
        out: &mut [f64],
    ) {
        let zero = _mm256_setzero_pd();
        let mut acc = [[[zero; 2]; JB]; KB];
        let (ap, gp) = (a.as_ptr(), g.as_ptr());
        let mut r = 0;
        while r + 8 <= n {
            let mut av = [[zero; 2]; KB];
            for (kb, v) in av.iter_mut().enumerate() {
                let c = (k0 + kb) * n + r;
                // SAFETY: column k0 + kb < p of `a` (n × p) holds rows r..r + 8.
                *v = unsafe { [_mm256_loadu_pd(ap.add(c)), _mm256_loadu_pd(ap.add(c + 4))] };
            }
            for jb in 0..JB {
                let c = (j0 + jb) * n + r;
                // SAFETY: as above, in `g` (n × m).
                let gv = unsafe { [_mm256_loadu_pd(gp.add(c)), _mm256_loadu_pd(gp.add(c + 4))] };
                for kb in 0..KB {
                    for h in 0..2 {
                        acc[kb][jb][h] = _mm256_fmadd_pd(av[kb][h], gv[h], acc[kb][jb][h]);
                    }
                }
            }
            r += 8;
        }
        for (kb, acc_k) in acc.iter().enumerate() {
            for (jb, v) in acc_k.iter().enumerate() {
                let mut lanes = [0.0f64; 8];
                // SAFETY: `lanes` holds 8 values.
                unsafe {
                    _mm256_storeu_pd(lanes.as_mut_ptr(), v[0]);
                    _mm256_storeu_pd(lanes.as_mut_ptr().add(4), v[1]);
                }
                let (k, j) = (k0 + kb, j0 + jb);
                out[j * p + k] = finish(&lanes, a, g, (k, j), n);
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
