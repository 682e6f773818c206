//! Branch-free `exp`, `sigmoid` and `tanh` that the compiler can vectorise.
//!
//! The standard library's `exp` is a scalar libm call per element, which keeps activation
//! loops from being vectorised. These versions use Cody–Waite range reduction, a polynomial,
//! and build `2^n` from its bits, so a loop over a slice becomes SIMD code.
//!
//! Accuracy: [`exp_f64`] is within a few ulp of the exact result on `[-708, 709]` (inputs
//! outside are clamped, so it never returns `inf` or a subnormal); [`exp_f32`] is within about
//! 2e-7 relative. That is what lets `nnviz train` match the numpy tutorial to 1e-9.
//! The `f32` sigmoid and tanh, used only for pictures, trade that for speed: `2^t` with a
//! degree-5 polynomial, within 1e-6 absolute of the exact value (measured 1.1e-7 and 2.2e-7).

const LOG2E: f64 = std::f64::consts::LOG2_E;
// fdlibm's split of ln 2: the high part has trailing zero bits, so `n * LN2_HI` is exact.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
// Adding 1.5 * 2^52 rounds to the nearest integer and leaves it in the low mantissa bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// `e^x` for `f64`, branch-free.
#[inline(always)]
pub fn exp_f64(x: f64) -> f64 {
    let x = x.clamp(-708.0, 709.0);
    let t = x * LOG2E + ROUND_MAGIC;
    let n = t - ROUND_MAGIC;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // Taylor series to degree 13: the remainder is below 1e-17 for |r| <= ln2 / 2.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The low 11 bits of `t`'s bit pattern hold n (two's complement); shift n + 1023 into
    // the exponent field. The clamp above keeps n + 1023 within 1..=2046.
    let scale = f64::from_bits(t.to_bits().wrapping_add(1023) << 52);
    p * scale
}

/// [`exp_f64`] with fused multiply-adds when `FMA` (call it only from code compiled with
/// the `fma` target feature, where `mul_add` is one instruction). The degree-13 Taylor
/// polynomial is then split into its even and odd halves, `E(r²) + r·O(r²)`: two Horner
/// chains half as long run side by side, which halves the latency (what a tiny network's
/// step waits on) at one extra operation. Within a few ulp of [`exp_f64`].
#[inline(always)]
pub fn exp_f64_k<const FMA: bool>(x: f64) -> f64 {
    if !FMA {
        return exp_f64(x);
    }
    let x = x.clamp(-708.0, 709.0);
    let t = x.mul_add(LOG2E, ROUND_MAGIC);
    let n = t - ROUND_MAGIC;
    let r = (-n).mul_add(LN2_LO, (-n).mul_add(LN2_HI, x));
    let r2 = r * r;
    // Even coefficients 1/0!, 1/2!, …, 1/12!; odd ones 1/1!, 1/3!, …, 1/13!.
    let mut e: f64 = 1.0 / 479_001_600.0;
    let mut o: f64 = 1.0 / 6_227_020_800.0;
    e = e.mul_add(r2, 1.0 / 3_628_800.0);
    o = o.mul_add(r2, 1.0 / 39_916_800.0);
    e = e.mul_add(r2, 1.0 / 40_320.0);
    o = o.mul_add(r2, 1.0 / 362_880.0);
    e = e.mul_add(r2, 1.0 / 720.0);
    o = o.mul_add(r2, 1.0 / 5_040.0);
    e = e.mul_add(r2, 1.0 / 24.0);
    o = o.mul_add(r2, 1.0 / 120.0);
    e = e.mul_add(r2, 0.5);
    o = o.mul_add(r2, 1.0 / 6.0);
    e = e.mul_add(r2, 1.0);
    o = o.mul_add(r2, 1.0);
    let p = o.mul_add(r, e);
    let scale = f64::from_bits(t.to_bits().wrapping_add(1023) << 52);
    p * scale
}

/// [`sigmoid_f64`] on [`exp_f64_k`].
#[inline(always)]
pub fn sigmoid_f64_k<const FMA: bool>(x: f64) -> f64 {
    1.0 / (1.0 + exp_f64_k::<FMA>(-x))
}

/// [`tanh_f64`] on [`exp_f64_k`].
#[inline(always)]
pub fn tanh_f64_k<const FMA: bool>(x: f64) -> f64 {
    1.0 - 2.0 / (exp_f64_k::<FMA>(2.0 * x) + 1.0)
}

/// Logistic sigmoid `1 / (1 + e^-x)` for `f64`.
#[inline(always)]
pub fn sigmoid_f64(x: f64) -> f64 {
    1.0 / (1.0 + exp_f64(-x))
}

/// Hyperbolic tangent for `f64` as `1 - 2 / (e^2x + 1)`: absolute error about 1e-16.
#[inline(always)]
pub fn tanh_f64(x: f64) -> f64 {
    1.0 - 2.0 / (exp_f64(2.0 * x) + 1.0)
}

// fdlibm's `log` (as in FreeBSD and musl): `ln(1 + f) = f − f²/2 + s·(f²/2 + R(s²))` with
// `s = f / (2 + f)`, `R` of degree 14 (its coefficients below), error under 1 ulp.
const LG1: f64 = 6.666_666_666_666_735e-1;
const LG2: f64 = 3.999_999_999_940_942e-1;
const LG3: f64 = 2.857_142_874_366_239e-1;
const LG4: f64 = 2.222_219_843_214_978_4e-1;
const LG5: f64 = 1.818_357_216_161_805e-1;
const LG6: f64 = 1.531_383_769_920_937_3e-1;
const LG7: f64 = 1.479_819_860_511_658_6e-1;
/// The high word of √2/2: mantissas are brought into `[√2/2, √2)`.
const SQRT_HALF_HI: u64 = 0x3fe6_a09e;
/// `2^52` with a biased exponent added into its low bits, minus the bias, is that exponent.
const EXPONENT_MAGIC: f64 = 4_503_599_627_370_496.0;

/// Natural logarithm for `f64`, branch-free, so that a loop over a slice (the
/// cross-entropy of a batch) becomes SIMD code where libm's `ln` is a call per value.
/// Within 1 ulp of the exact result (fdlibm's method); `ln 0 = −∞`, `ln ∞ = ∞`, NaN for
/// negative numbers and NaN, as `f64::ln`.
#[inline(always)]
pub fn ln_f64(x: f64) -> f64 {
    // Subnormals are scaled into the normal range first.
    let tiny = x < f64::MIN_POSITIVE;
    let (xs, k0) = if tiny {
        (x * 18_014_398_509_481_984.0, -54.0)
    } else {
        (x, 0.0)
    };
    // x = 2^k · m with m in [√2/2, √2): shift the mantissa's cut into the exponent.
    let ix = xs
        .to_bits()
        .wrapping_add((0x3ff0_0000 - SQRT_HALF_HI) << 32);
    let biased = (ix >> 52) & 0x7ff;
    // k as f64 without an int → float conversion (which AVX2 has no instruction for).
    let k = f64::from_bits(biased | EXPONENT_MAGIC.to_bits()) - (EXPONENT_MAGIC + 1023.0) + k0;
    let m = f64::from_bits((ix & 0x000f_ffff_ffff_ffff) + (SQRT_HALF_HI << 32));
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let y = s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI;
    if x > 0.0 && x < f64::INFINITY {
        y
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        x
    } else {
        f64::NAN
    }
}

const LOG2E_F32: f32 = std::f32::consts::LOG2_E;
const LN2_HI_F32: f32 = 0.693_145_75;
const LN2_LO_F32: f32 = 1.428_606_8e-6;
const ROUND_MAGIC_F32: f32 = 12_582_912.0;

/// `e^x` for `f32`, branch-free, about 2e-7 relative error; inputs clamped to `[-87, 88]`.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let t = x * LOG2E_F32 + ROUND_MAGIC_F32;
    let n = t - ROUND_MAGIC_F32;
    let r = (x - n * LN2_HI_F32) - n * LN2_LO_F32;
    let mut p = 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    let scale = f32::from_bits(t.to_bits().wrapping_add(127) << 23);
    p * scale
}

/// Logistic sigmoid for `f32`: [`sigmoid_f32_with`] without fused multiply-adds.
#[inline(always)]
pub fn sigmoid_f32(x: f32) -> f32 {
    sigmoid_f32_with::<false>(x)
}

/// Hyperbolic tangent for `f32`: [`tanh_f32_with`] without fused multiply-adds.
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    tanh_f32_with::<false>(x)
}

/// `a · b + c`, fused (one rounding) when `FMA`. Only call with `FMA = true` where the CPU has
/// FMA enabled (a `#[target_feature(enable = "fma")]` function); elsewhere it is a libm call.
#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

// Near-minimax (Chebyshev) fit of 2^f on [-1/2, 1/2], degree 5: 8e-8 absolute error there.
const EXP2_C5: f32 = 0.001_339_086_3;
const EXP2_C4: f32 = 0.009_676_032;
const EXP2_C3: f32 = 0.055_503_57;
const EXP2_C2: f32 = 0.240_221_07;
// The fit's 0.693_147_188 rounds to the same f32 as ln 2.
const EXP2_C1: f32 = std::f32::consts::LN_2;
const EXP2_C0: f32 = 1.000_000_1;

/// `2^t` for `t` in `[-126, 126]` (not checked): `t = n + f` with `n` rounded to nearest,
/// a degree-5 polynomial for `2^f` and `2^n` built from its bits. About 2e-7 relative error
/// (the polynomial's 1e-7 plus rounding).
#[inline(always)]
fn exp2_f32<const FMA: bool>(t: f32) -> f32 {
    let shifted = t + ROUND_MAGIC_F32;
    let n = shifted - ROUND_MAGIC_F32;
    let f = t - n;
    let mut p = EXP2_C5;
    p = madd::<FMA>(p, f, EXP2_C4);
    p = madd::<FMA>(p, f, EXP2_C3);
    p = madd::<FMA>(p, f, EXP2_C2);
    p = madd::<FMA>(p, f, EXP2_C1);
    p = madd::<FMA>(p, f, EXP2_C0);
    // The low bits of `shifted` hold n (two's complement); n + 127 lies in 1..=253.
    let scale = f32::from_bits(shifted.to_bits().wrapping_add(127) << 23);
    p * scale
}

/// Logistic sigmoid `1 / (1 + 2^(-x log2 e))` for `f32`, fused multiply-adds when `FMA`.
/// Absolute error below 1e-6 (measured 1.1e-7; tested against `f64`).
#[inline(always)]
pub fn sigmoid_f32_with<const FMA: bool>(x: f32) -> f32 {
    let t = x.clamp(-87.0, 87.0) * -LOG2E_F32;
    1.0 / (1.0 + exp2_f32::<FMA>(t))
}

/// Hyperbolic tangent `1 - 2 / (e^2x + 1)` for `f32`, fused multiply-adds when `FMA`.
/// Inputs are clamped to `[-9, 9]` (where `tanh` is within 3e-8 of ±1). Absolute error
/// below 1e-6 (measured 2.2e-7; tested against `f64`). No division is avoided: on Zen 4 the
/// divider runs beside the FMA pipes, and a bit-trick reciprocal with three Newton steps
/// measured 7–20% slower on the grid benchmarks (`vrcp14ps` plus one Newton step on AVX-512:
/// 1–4% slower).
#[inline(always)]
pub fn tanh_f32_with<const FMA: bool>(x: f32) -> f32 {
    let t = x.clamp(-9.0, 9.0) * (2.0 * LOG2E_F32);
    madd::<FMA>(-2.0, 1.0 / (exp2_f32::<FMA>(t) + 1.0), 1.0)
}

/// AVX-512 versions of [`sigmoid_f32_with::<true>`] and [`tanh_f32_with::<true>`] over
/// slices, bit for bit the same answers: `vrndscaleps` rounds `t` to the nearest integer
/// (what the magic-number add and subtract do) and `vscalefps` multiplies by `2^n` exactly
/// (what building `2^n` from bits and multiplying does), three instructions fewer per vector.
#[cfg(target_arch = "x86_64")]
pub mod avx512 {
    use super::{
        EXP2_C0, EXP2_C1, EXP2_C2, EXP2_C3, EXP2_C4, EXP2_C5, LOG2E_F32, sigmoid_f32_with,
        tanh_f32_with,
    };
    use std::arch::x86_64::*;

    /// `2^t` for `t` in `[-126, 126]`, as [`super::exp2_f32`] with FMA.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn exp2(t: __m512) -> __m512 {
        let n = _mm512_roundscale_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(t);
        let f = _mm512_sub_ps(t, n);
        let mut p = _mm512_set1_ps(EXP2_C5);
        p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(EXP2_C4));
        p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(EXP2_C3));
        p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(EXP2_C2));
        p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(EXP2_C1));
        p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(EXP2_C0));
        _mm512_scalef_ps(p, n)
    }

    /// `x.clamp(lo, hi)`, NaN staying NaN like `f32::clamp` (`max`/`min` return their second
    /// operand when either is NaN).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn clamp(x: __m512, lo: f32, hi: f32) -> __m512 {
        _mm512_min_ps(_mm512_set1_ps(hi), _mm512_max_ps(_mm512_set1_ps(lo), x))
    }

    /// Applies `g` to every 16 values of `v` and `tail` to the rest.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn map(v: &mut [f32], g: impl Fn(__m512) -> __m512, tail: impl Fn(f32) -> f32) {
        let mut chunks = v.chunks_exact_mut(16);
        for c in &mut chunks {
            let p = c.as_mut_ptr();
            // SAFETY: `c` holds exactly 16 floats; unaligned load and store.
            unsafe { _mm512_storeu_ps(p, g(_mm512_loadu_ps(p))) };
        }
        chunks
            .into_remainder()
            .iter_mut()
            .for_each(|x| *x = tail(*x));
    }

    /// [`super::sigmoid_f32_with`] (fused) on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F.
    #[target_feature(enable = "avx512f")]
    pub fn sigmoid_slice(v: &mut [f32]) {
        let one = _mm512_set1_ps(1.0);
        map(
            v,
            |x| {
                let t = _mm512_mul_ps(clamp(x, -87.0, 87.0), _mm512_set1_ps(-LOG2E_F32));
                _mm512_div_ps(one, _mm512_add_ps(one, exp2(t)))
            },
            sigmoid_f32_with::<true>,
        );
    }

    /// [`super::tanh_f32_with`] (fused) on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F.
    #[target_feature(enable = "avx512f")]
    pub fn tanh_slice(v: &mut [f32]) {
        let one = _mm512_set1_ps(1.0);
        map(
            v,
            |x| {
                let t = _mm512_mul_ps(clamp(x, -9.0, 9.0), _mm512_set1_ps(2.0 * LOG2E_F32));
                let q = _mm512_div_ps(one, _mm512_add_ps(exp2(t), one));
                _mm512_fmadd_ps(_mm512_set1_ps(-2.0), q, one)
            },
            tanh_f32_with::<true>,
        );
    }
}

/// [`sigmoid_f64_k::<true>`] and [`tanh_f64_k::<true>`] on one unit's 8 samples with explicit
/// vectors: one AVX-512 register or two AVX2 ones. Left to itself LLVM splits an unrolled
/// 8-lane `exp` into 4 + 2 + 1 + 1 lanes (the tutorial's step spent most of its time there).
/// The same operations in the same order on every lane, so bit for bit the scalar answers.
#[cfg(target_arch = "x86_64")]
pub mod f64x8 {
    use super::{LN2_HI, LN2_LO, LOG2E, ROUND_MAGIC};
    use std::arch::x86_64::*;

    /// Taylor coefficients of [`super::exp_f64_k`]: even ones 1/12!, …, 1/0!; odd ones
    /// 1/13!, …, 1/1!.
    const EVEN: [f64; 7] = [
        1.0 / 479_001_600.0,
        1.0 / 3_628_800.0,
        1.0 / 40_320.0,
        1.0 / 720.0,
        1.0 / 24.0,
        0.5,
        1.0,
    ];
    const ODD: [f64; 7] = [
        1.0 / 6_227_020_800.0,
        1.0 / 39_916_800.0,
        1.0 / 362_880.0,
        1.0 / 5_040.0,
        1.0 / 120.0,
        1.0 / 6.0,
        1.0,
    ];

    /// [`super::exp_f64_k::<true>`] on 8 lanes. `max`/`min` return their second operand on
    /// NaN, so the clamp lets NaN through like `f64::clamp`.
    #[inline]
    #[target_feature(enable = "avx512f,fma")]
    fn exp512(x: __m512d) -> __m512d {
        let x = _mm512_max_pd(_mm512_set1_pd(-708.0), x);
        let x = _mm512_min_pd(_mm512_set1_pd(709.0), x);
        let t = _mm512_fmadd_pd(x, _mm512_set1_pd(LOG2E), _mm512_set1_pd(ROUND_MAGIC));
        let n = _mm512_sub_pd(t, _mm512_set1_pd(ROUND_MAGIC));
        // (-n)·hi + x, then (-n)·lo + that: negating is exact, so these are the scalar FMAs.
        let r = _mm512_fnmadd_pd(n, _mm512_set1_pd(LN2_HI), x);
        let r = _mm512_fnmadd_pd(n, _mm512_set1_pd(LN2_LO), r);
        let r2 = _mm512_mul_pd(r, r);
        let mut e = _mm512_set1_pd(EVEN[0]);
        let mut o = _mm512_set1_pd(ODD[0]);
        for i in 1..7 {
            e = _mm512_fmadd_pd(e, r2, _mm512_set1_pd(EVEN[i]));
            o = _mm512_fmadd_pd(o, r2, _mm512_set1_pd(ODD[i]));
        }
        let p = _mm512_fmadd_pd(o, r, e);
        let bits = _mm512_add_epi64(_mm512_castpd_si512(t), _mm512_set1_epi64(1023));
        let scale = _mm512_castsi512_pd(_mm512_slli_epi64::<52>(bits));
        _mm512_mul_pd(p, scale)
    }

    /// [`super::exp_f64_k::<true>`] on 4 lanes, as [`exp512`].
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn exp256(x: __m256d) -> __m256d {
        let x = _mm256_max_pd(_mm256_set1_pd(-708.0), x);
        let x = _mm256_min_pd(_mm256_set1_pd(709.0), x);
        let t = _mm256_fmadd_pd(x, _mm256_set1_pd(LOG2E), _mm256_set1_pd(ROUND_MAGIC));
        let n = _mm256_sub_pd(t, _mm256_set1_pd(ROUND_MAGIC));
        let r = _mm256_fnmadd_pd(n, _mm256_set1_pd(LN2_HI), x);
        let r = _mm256_fnmadd_pd(n, _mm256_set1_pd(LN2_LO), r);
        let r2 = _mm256_mul_pd(r, r);
        let mut e = _mm256_set1_pd(EVEN[0]);
        let mut o = _mm256_set1_pd(ODD[0]);
        for i in 1..7 {
            e = _mm256_fmadd_pd(e, r2, _mm256_set1_pd(EVEN[i]));
            o = _mm256_fmadd_pd(o, r2, _mm256_set1_pd(ODD[i]));
        }
        let p = _mm256_fmadd_pd(o, r, e);
        let bits = _mm256_add_epi64(_mm256_castpd_si256(t), _mm256_set1_epi64x(1023));
        let scale = _mm256_castsi256_pd(_mm256_slli_epi64::<52>(bits));
        _mm256_mul_pd(p, scale)
    }

    /// [`super::sigmoid_f64_k::<true>`] on 8 lanes (AVX-512 F).
    ///
    /// # Safety
    /// The CPU must have AVX-512 F and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,fma")]
    pub fn sigmoid512(x: __m512d) -> __m512d {
        let one = _mm512_set1_pd(1.0);
        let neg = _mm512_castsi512_pd(_mm512_xor_si512(
            _mm512_castpd_si512(x),
            _mm512_set1_epi64(i64::MIN),
        ));
        _mm512_div_pd(one, _mm512_add_pd(one, exp512(neg)))
    }

    /// [`super::tanh_f64_k::<true>`] on 8 lanes (AVX-512 F).
    ///
    /// # Safety
    /// The CPU must have AVX-512 F and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,fma")]
    pub fn tanh512(x: __m512d) -> __m512d {
        let one = _mm512_set1_pd(1.0);
        let e = exp512(_mm512_mul_pd(_mm512_set1_pd(2.0), x));
        let q = _mm512_div_pd(_mm512_set1_pd(2.0), _mm512_add_pd(e, one));
        _mm512_sub_pd(one, q)
    }

    /// [`super::sigmoid_f64_k::<true>`] on 4 lanes (AVX2 + FMA).
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    pub fn sigmoid256(x: __m256d) -> __m256d {
        let one = _mm256_set1_pd(1.0);
        let neg = _mm256_xor_pd(x, _mm256_set1_pd(-0.0));
        _mm256_div_pd(one, _mm256_add_pd(one, exp256(neg)))
    }

    /// [`super::tanh_f64_k::<true>`] on 4 lanes (AVX2 + FMA).
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    pub fn tanh256(x: __m256d) -> __m256d {
        let one = _mm256_set1_pd(1.0);
        let e = exp256(_mm256_mul_pd(_mm256_set1_pd(2.0), x));
        let q = _mm256_div_pd(_mm256_set1_pd(2.0), _mm256_add_pd(e, one));
        _mm256_sub_pd(one, q)
    }

    /// [`sigmoid512`] on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,fma")]
    pub fn sigmoid_avx512(v: &mut [f64; 8]) {
        let p = v.as_mut_ptr();
        // SAFETY: `v` holds exactly 8 doubles; unaligned load and store.
        unsafe { _mm512_storeu_pd(p, sigmoid512(_mm512_loadu_pd(p))) };
    }

    /// [`tanh512`] on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,fma")]
    pub fn tanh_avx512(v: &mut [f64; 8]) {
        let p = v.as_mut_ptr();
        // SAFETY: `v` holds exactly 8 doubles; unaligned load and store.
        unsafe { _mm512_storeu_pd(p, tanh512(_mm512_loadu_pd(p))) };
    }

    /// [`sigmoid256`] on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    pub fn sigmoid_avx2(v: &mut [f64; 8]) {
        for half in v.chunks_exact_mut(4) {
            let p = half.as_mut_ptr();
            // SAFETY: `half` holds exactly 4 doubles; unaligned load and store.
            unsafe { _mm256_storeu_pd(p, sigmoid256(_mm256_loadu_pd(p))) };
        }
    }

    /// [`tanh256`] on every value of `v`.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    pub fn tanh_avx2(v: &mut [f64; 8]) {
        for half in v.chunks_exact_mut(4) {
            let p = half.as_mut_ptr();
            // SAFETY: `half` holds exactly 4 doubles; unaligned load and store.
            unsafe { _mm256_storeu_pd(p, tanh256(_mm256_loadu_pd(p))) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn exp_f64_matches_std_to_a_few_ulp() {
        let mut worst: f64 = 0.0;
        let mut x = -700.0;
        while x < 700.0 {
            worst = worst.max(rel(exp_f64(x), x.exp()));
            x += 0.0137;
        }
        assert!(worst < 1e-15, "worst relative error {worst}");
        assert_eq!(exp_f64(0.0), 1.0);
    }

    #[test]
    fn the_fma_exp_matches_std_to_a_few_ulp() {
        let mut worst: f64 = 0.0;
        let mut x = -700.0;
        while x < 700.0 {
            worst = worst.max(rel(exp_f64_k::<true>(x), x.exp()));
            assert!((tanh_f64_k::<true>(x / 20.0) - (x / 20.0).tanh()).abs() < 4e-16);
            assert!(
                (sigmoid_f64_k::<true>(x / 20.0) - 1.0 / (1.0 + (-x / 20.0).exp())).abs() < 4e-16
            );
            x += 0.0137;
        }
        assert!(worst < 1e-15, "worst relative error {worst}");
        assert_eq!(exp_f64_k::<true>(0.0), 1.0);
        assert!(exp_f64_k::<true>(1e6).is_finite() && exp_f64_k::<true>(-1e6) > 0.0);
    }

    #[test]
    fn exp_f64_clamps_instead_of_overflowing() {
        assert!(exp_f64(1e6).is_finite());
        assert!(exp_f64(-1e6) > 0.0);
        assert!(sigmoid_f64(-1e6) >= 0.0 && sigmoid_f64(1e6) == 1.0);
    }

    #[test]
    fn tanh_and_sigmoid_f64_close_to_std() {
        let mut x = -30.0;
        while x < 30.0 {
            assert!((tanh_f64(x) - x.tanh()).abs() < 4e-16, "tanh {x}");
            assert!(
                (sigmoid_f64(x) - 1.0 / (1.0 + (-x).exp())).abs() < 4e-16,
                "sigmoid {x}"
            );
            x += 0.0173;
        }
    }

    #[test]
    fn ln_f64_is_within_an_ulp_of_std_and_keeps_its_special_values() {
        let ulps = |a: f64, b: f64| (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs();
        // Every binade from subnormals to the largest numbers, many mantissas each, and
        // the neighbourhood of 1 (where ln is small and the relative error shows most).
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..200_000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = match i % 3 {
                0 => f64::from_bits(state >> 1 & 0x7fef_ffff_ffff_ffff),
                1 => 1.0 + (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5,
                _ => f64::from_bits((state >> 12) | 1),
            };
            if x.ln() == 0.0 {
                assert_eq!(ln_f64(x), 0.0, "ln {x:e}");
                continue;
            }
            let u = ulps(ln_f64(x), x.ln());
            assert!(
                u <= 1,
                "ln {x:e}: {} against {} ({u} ulp)",
                ln_f64(x),
                x.ln()
            );
        }
        assert_eq!(ln_f64(1.0), 0.0);
        assert_eq!(ln_f64(std::f64::consts::E), 1.0);
        assert_eq!(ln_f64(0.0), f64::NEG_INFINITY);
        assert_eq!(ln_f64(-0.0), f64::NEG_INFINITY);
        assert_eq!(ln_f64(f64::INFINITY), f64::INFINITY);
        assert!(ln_f64(-1.0).is_nan() && ln_f64(f64::NAN).is_nan());
        assert!(ln_f64(f64::NEG_INFINITY).is_nan());
        assert_eq!(ln_f64(f64::MAX), f64::MAX.ln());
        assert_eq!(ln_f64(f64::from_bits(1)), f64::from_bits(1).ln());
    }

    #[test]
    fn f32_versions_close_to_std() {
        let mut x = -80.0f32;
        while x < 80.0 {
            let e = exp_f32(x);
            assert!(((e - x.exp()) / x.exp()).abs() < 5e-7, "exp {x}");
            assert!((tanh_f32(x) - x.tanh()).abs() < 1e-6, "tanh {x}");
            x += 0.0071;
        }
    }

    /// Largest absolute error of `g` against the exact `f` (in `f64`) over `[-lo, lo]`.
    fn worst_f32(g: impl Fn(f32) -> f32, f: impl Fn(f64) -> f64, lo: f32) -> f64 {
        let mut worst: f64 = 0.0;
        let mut x = -lo;
        while x < lo {
            worst = worst.max((g(x) as f64 - f(x as f64)).abs());
            x += 0.000_731;
        }
        worst
    }

    #[test]
    fn fast_sigmoid_and_tanh_f32_within_1e_6_absolute() {
        let sig = |x: f64| 1.0 / (1.0 + (-x).exp());
        let errors = [
            ("sigmoid", worst_f32(sigmoid_f32, sig, 100.0)),
            (
                "sigmoid fma",
                worst_f32(sigmoid_f32_with::<true>, sig, 100.0),
            ),
            ("tanh", worst_f32(tanh_f32, f64::tanh, 30.0)),
            (
                "tanh fma",
                worst_f32(tanh_f32_with::<true>, f64::tanh, 30.0),
            ),
        ];
        for (name, e) in errors {
            eprintln!("{name}: worst absolute error {e:e}");
            // Measured: 1.1e-7 (sigmoid), 2.2e-7 (tanh); 9e-8 and 2e-7 fused.
            assert!(e < 1e-6, "{name}: {e:e}");
        }
        assert_eq!(sigmoid_f32(0.0), 0.5);
        assert_eq!(tanh_f32(0.0).abs(), 0.0);
        assert!(sigmoid_f32(-1e30) >= 0.0 && sigmoid_f32(1e30) <= 1.0);
        assert!(tanh_f32(-1e30) >= -1.0 && tanh_f32(1e30) <= 1.0);
        assert!(tanh_f32(f32::NAN).is_nan() && sigmoid_f32(f32::NAN).is_nan());
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx512_slices_match_the_fused_scalar_functions_bit_for_bit() {
        if !(std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("fma"))
        {
            eprintln!("SKIPPED: this CPU lacks AVX-512 F");
            return;
        }
        let xs: Vec<f32> = (0..100_003)
            .map(|i| (i as f32 - 50_000.0) * 0.002_1)
            .chain([f32::NAN, 1e30, -1e30, 0.0, -0.0])
            .collect();
        let (mut s, mut t) = (xs.clone(), xs.clone());
        // SAFETY: AVX-512 F detected above.
        unsafe {
            avx512::sigmoid_slice(&mut s);
            avx512::tanh_slice(&mut t);
        }
        for ((x, s), t) in xs.iter().zip(&s).zip(&t) {
            assert_eq!(
                s.to_bits(),
                sigmoid_f32_with::<true>(*x).to_bits(),
                "sigmoid {x}"
            );
            assert_eq!(t.to_bits(), tanh_f32_with::<true>(*x).to_bits(), "tanh {x}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_f64x8_vectors_match_the_fused_scalar_functions_bit_for_bit() {
        let xs: Vec<f64> = (0..40_000)
            .map(|i| (i as f64 - 20_000.0) * 0.003_7)
            .chain([
                f64::NAN,
                1e300,
                -1e300,
                0.0,
                -0.0,
                800.0,
                -800.0,
                354.6,
                -354.0,
            ])
            .chain(std::iter::repeat_n(0.25, 7))
            .collect();
        type Lanes = fn(&mut [f64; 8]);
        let mut paths: Vec<(&str, Lanes, Lanes)> = Vec::new();
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: AVX-512 F and FMA detected just above.
            paths.push((
                "avx512",
                |v| unsafe { f64x8::sigmoid_avx512(v) },
                |v| unsafe { f64x8::tanh_avx512(v) },
            ));
        } else {
            eprintln!("SKIPPED: this CPU lacks AVX-512 F");
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: AVX2 and FMA detected just above.
            paths.push((
                "avx2",
                |v| unsafe { f64x8::sigmoid_avx2(v) },
                |v| unsafe { f64x8::tanh_avx2(v) },
            ));
        } else {
            eprintln!("SKIPPED: this CPU lacks AVX2 + FMA");
        }
        for (name, sig, tanh) in paths {
            for chunk in xs.chunks_exact(8) {
                let mut s: [f64; 8] = chunk.try_into().unwrap();
                let mut t = s;
                sig(&mut s);
                tanh(&mut t);
                for ((x, s), t) in chunk.iter().zip(s).zip(t) {
                    let (ws, wt) = (sigmoid_f64_k::<true>(*x), tanh_f64_k::<true>(*x));
                    assert_eq!(s.to_bits(), ws.to_bits(), "{name} sigmoid {x}");
                    assert_eq!(t.to_bits(), wt.to_bits(), "{name} tanh {x}");
                }
            }
        }
    }
}
