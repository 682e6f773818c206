//! One unit's 8 samples as one value, [`V8`], in three forms: an array (baseline, no fused
//! multiply-add), two AVX2 registers and one AVX-512 register. The shaped step
//! ([`super::shaped`]) is written once over [`V8`].
//!
//! Why explicit vectors: left to itself LLVM vectorised the unrolled 8-sample code along the
//! wrong axis (across units, with shuffles) or split it into 4 + 2 + 1 + 1 lanes. Every
//! operation here is the one the general path does on each sample, in the same order, so the
//! three forms give the same bits as the scalar code (`tests/kernels.rs`).

use crate::nn::activation::Activation;
use crate::nn::kernels::{madd, reduce8};

/// One unit's values over the 8 samples.
pub(super) type Col = [f64; 8];

/// 8 samples of one unit. Each implementation is used only inside code compiled with its
/// target features (the AVX copies are only reached where the CPU has them).
pub(super) trait V8: Copy {
    /// The 8 values of `c`.
    fn load(c: &Col) -> Self;
    /// The 8 values as an array.
    fn store(self) -> Col;
    /// `x` in every lane.
    fn splat(x: f64) -> Self;
    /// `a · b + c` per lane, fused on the AVX forms (as the general path's `madd::<FMA>`).
    fn madd(a: Self, b: Self, c: Self) -> Self;
    /// `a · b` per lane.
    fn mul(a: Self, b: Self) -> Self;
    /// `a − b` per lane.
    fn sub(a: Self, b: Self) -> Self;
    /// The lanes summed in [`reduce8`]'s order.
    fn reduce(self) -> f64;
    /// The activation per lane, as [`Activation::apply_slice`] (sigmoid and tanh on the
    /// vectors themselves).
    fn activate(self, act: Activation) -> Self;
}

/// The baseline form: a plain array, unfused arithmetic.
#[derive(Clone, Copy)]
pub(super) struct Plain(Col);

impl V8 for Plain {
    #[inline(always)]
    fn load(c: &Col) -> Self {
        Plain(*c)
    }
    #[inline(always)]
    fn store(self) -> Col {
        self.0
    }
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Plain([x; 8])
    }
    #[inline(always)]
    fn madd(a: Self, b: Self, c: Self) -> Self {
        let mut o = c.0;
        for ((o, &a), &b) in o.iter_mut().zip(&a.0).zip(&b.0) {
            *o = madd::<false>(a, b, *o);
        }
        Plain(o)
    }
    #[inline(always)]
    fn mul(a: Self, b: Self) -> Self {
        let mut o = a.0;
        for (o, &b) in o.iter_mut().zip(&b.0) {
            *o *= b;
        }
        Plain(o)
    }
    #[inline(always)]
    fn sub(a: Self, b: Self) -> Self {
        let mut o = a.0;
        for (o, &b) in o.iter_mut().zip(&b.0) {
            *o -= b;
        }
        Plain(o)
    }
    #[inline(always)]
    fn reduce(self) -> f64 {
        reduce8(&self.0)
    }
    #[inline(always)]
    fn activate(mut self, act: Activation) -> Self {
        act.apply_slice::<false>(&mut self.0);
        self
    }
}

#[cfg(target_arch = "x86_64")]
pub(super) use x86::{Avx2, Avx512};

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Col, V8};
    use crate::nn::activation::Activation;
    use crate::nn::fastmath::f64x8;
    use std::arch::x86_64::*;

    // SAFETY (every `unsafe` block below): these types are only made inside the shaped
    // step's AVX2 or AVX-512 copy, which `KernelPath::current` only runs where the CPU has
    // the features; the loads and stores touch exactly the 8 doubles of a `Col`.

    /// `[q0 + q2, q1 + q3]`, then their sum: the last two halvings of [`super::reduce8`]'s
    /// order, shared by both forms.
    ///
    /// # Safety
    /// The CPU must have AVX (only called from the AVX2 and AVX-512 forms).
    #[inline(always)]
    unsafe fn sum_halves(q: __m256d) -> f64 {
        // SAFETY: the caller's.
        unsafe {
            let h = _mm_add_pd(_mm256_castpd256_pd128(q), _mm256_extractf128_pd::<1>(q));
            _mm_cvtsd_f64(h) + _mm_cvtsd_f64(_mm_unpackhi_pd(h, h))
        }
    }

    /// An activation without a vector form, through the array: as the general path's
    /// fused [`Activation::apply_slice`].
    #[inline(always)]
    fn by_array<V: V8>(v: V, act: Activation) -> V {
        let mut c = v.store();
        act.apply_slice::<true>(&mut c);
        V::load(&c)
    }

    /// Two AVX2 registers: samples 0–3 and 4–7.
    #[derive(Clone, Copy)]
    pub(in crate::nn::trainer) struct Avx2([__m256d; 2]);

    impl V8 for Avx2 {
        #[inline(always)]
        fn load(c: &Col) -> Self {
            let p = c.as_ptr();
            // SAFETY: see the module's note.
            unsafe { Avx2([_mm256_loadu_pd(p), _mm256_loadu_pd(p.add(4))]) }
        }
        #[inline(always)]
        fn store(self) -> Col {
            let mut c = [0.0; 8];
            let p = c.as_mut_ptr();
            // SAFETY: see the module's note.
            unsafe {
                _mm256_storeu_pd(p, self.0[0]);
                _mm256_storeu_pd(p.add(4), self.0[1]);
            }
            c
        }
        #[inline(always)]
        fn splat(x: f64) -> Self {
            // SAFETY: see the module's note.
            let v = unsafe { _mm256_set1_pd(x) };
            Avx2([v, v])
        }
        #[inline(always)]
        fn madd(a: Self, b: Self, c: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe {
                Avx2([
                    _mm256_fmadd_pd(a.0[0], b.0[0], c.0[0]),
                    _mm256_fmadd_pd(a.0[1], b.0[1], c.0[1]),
                ])
            }
        }
        #[inline(always)]
        fn mul(a: Self, b: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx2([_mm256_mul_pd(a.0[0], b.0[0]), _mm256_mul_pd(a.0[1], b.0[1])]) }
        }
        #[inline(always)]
        fn sub(a: Self, b: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx2([_mm256_sub_pd(a.0[0], b.0[0]), _mm256_sub_pd(a.0[1], b.0[1])]) }
        }
        #[inline(always)]
        fn reduce(self) -> f64 {
            // [v0+v4, v1+v5, v2+v6, v3+v7], then [(v0+v4)+(v2+v6), (v1+v5)+(v3+v7)], then
            // their sum: `reduce8`'s order.
            // SAFETY: see the module's note.
            unsafe { sum_halves(_mm256_add_pd(self.0[0], self.0[1])) }
        }
        #[inline(always)]
        fn activate(self, act: Activation) -> Self {
            // SAFETY: see the module's note.
            unsafe {
                match act {
                    Activation::Sigmoid => {
                        Avx2([f64x8::sigmoid256(self.0[0]), f64x8::sigmoid256(self.0[1])])
                    }
                    Activation::Tanh => {
                        Avx2([f64x8::tanh256(self.0[0]), f64x8::tanh256(self.0[1])])
                    }
                    other => by_array(self, other),
                }
            }
        }
    }

    /// One AVX-512 register.
    #[derive(Clone, Copy)]
    pub(in crate::nn::trainer) struct Avx512(__m512d);

    impl V8 for Avx512 {
        #[inline(always)]
        fn load(c: &Col) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx512(_mm512_loadu_pd(c.as_ptr())) }
        }
        #[inline(always)]
        fn store(self) -> Col {
            let mut c = [0.0; 8];
            // SAFETY: see the module's note.
            unsafe { _mm512_storeu_pd(c.as_mut_ptr(), self.0) };
            c
        }
        #[inline(always)]
        fn splat(x: f64) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx512(_mm512_set1_pd(x)) }
        }
        #[inline(always)]
        fn madd(a: Self, b: Self, c: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx512(_mm512_fmadd_pd(a.0, b.0, c.0)) }
        }
        #[inline(always)]
        fn mul(a: Self, b: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx512(_mm512_mul_pd(a.0, b.0)) }
        }
        #[inline(always)]
        fn sub(a: Self, b: Self) -> Self {
            // SAFETY: see the module's note.
            unsafe { Avx512(_mm512_sub_pd(a.0, b.0)) }
        }
        #[inline(always)]
        fn reduce(self) -> f64 {
            // The same halvings as `Avx2::reduce`.
            // SAFETY: see the module's note.
            unsafe {
                sum_halves(_mm256_add_pd(
                    _mm512_castpd512_pd256(self.0),
                    _mm512_extractf64x4_pd::<1>(self.0),
                ))
            }
        }
        #[inline(always)]
        fn activate(self, act: Activation) -> Self {
            // SAFETY: see the module's note.
            unsafe {
                match act {
                    Activation::Sigmoid => Avx512(f64x8::sigmoid512(self.0)),
                    Activation::Tanh => Avx512(f64x8::tanh512(self.0)),
                    other => by_array(self, other),
                }
            }
        }
    }
}
