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
