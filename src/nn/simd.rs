//! Which compiled copy of the hot kernels runs: baseline, AVX2 + FMA or AVX-512.
//!
//! The trainer step ([`super::trainer`]) and the grid predictor ([`super::predict`]) are
//! generic code compiled several times with different `#[target_feature]`s; one is picked at
//! run time from what the CPU has (never `target-cpu=native`, so one binary runs everywhere).
//! [`force`] overrides the choice process-wide, for tests and benchmarks.

use std::sync::atomic::{AtomicU8, Ordering};

/// One compiled copy of the kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KernelPath {
    /// The target's baseline instruction set (SSE2 on x86-64), no fused multiply-add.
    Baseline,
    /// AVX2 with fused multiply-add (256-bit vectors).
    Avx2Fma,
    /// AVX-512 F + VL with AVX2 and fused multiply-add (512-bit vectors where LLVM uses them).
    /// Same FMA order as [`KernelPath::Avx2Fma`], so the same answers bit for bit.
    Avx512,
}

/// A kernel whose path is chosen separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// One training step (`f64`): forward, backward, update.
    TrainStep,
    /// Prediction over a grid (`f32`), for heatmaps and unit maps.
    GridPredict,
    /// Colouring a grid prediction into a heatmap picture (`f32`).
    Heatmap,
}

impl KernelPath {
    /// Every path, slowest first.
    pub const ALL: [KernelPath; 3] = [
        KernelPath::Baseline,
        KernelPath::Avx2Fma,
        KernelPath::Avx512,
    ];

    /// Short name, for benchmark and test labels.
    pub fn name(self) -> &'static str {
        match self {
            KernelPath::Baseline => "baseline",
            KernelPath::Avx2Fma => "avx2fma",
            KernelPath::Avx512 => "avx512",
        }
    }

    /// Whether this CPU can run the path.
    pub fn supported(self) -> bool {
        match self {
            KernelPath::Baseline => true,
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            KernelPath::Avx2Fma => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
            }
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            KernelPath::Avx512 => {
                KernelPath::Avx2Fma.supported()
                    && std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512vl")
            }
            #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
            _ => false,
        }
    }

    /// The widest path this CPU has.
    pub fn widest() -> KernelPath {
        KernelPath::ALL
            .into_iter()
            .rev()
            .find(|p| p.supported())
            .unwrap_or(KernelPath::Baseline)
    }

    /// The path `kernel` runs by default on this CPU. Today the widest it has for every
    /// kernel: on Zen 4 (512-bit FMAs at half rate) AVX-512 still beat AVX2 + FMA on every
    /// workload of `cargo bench --bench nn -- path/` (1.1–1.9×). A kernel where AVX-512
    /// loses would get its own arm here.
    pub fn best(kernel: Kernel) -> KernelPath {
        match kernel {
            Kernel::TrainStep | Kernel::GridPredict | Kernel::Heatmap => {
                KernelPath::widest_cached()
            }
        }
    }

    /// [`KernelPath::widest`], detected once: the tutorial's whole step takes about 100 ns,
    /// and asking the CPU's features again costs a few of them at every step.
    fn widest_cached() -> KernelPath {
        static WIDEST: AtomicU8 = AtomicU8::new(0);
        match from_code(WIDEST.load(Ordering::Relaxed)) {
            Some(p) => p,
            None => {
                let p = KernelPath::widest();
                WIDEST.store(p.code(), Ordering::Relaxed);
                p
            }
        }
    }

    /// The path `kernel` runs now: the [`force`]d one if any, else [`KernelPath::best`].
    pub fn current(kernel: Kernel) -> KernelPath {
        forced().unwrap_or_else(|| KernelPath::best(kernel))
    }

    fn code(self) -> u8 {
        match self {
            KernelPath::Baseline => 1,
            KernelPath::Avx2Fma => 2,
            KernelPath::Avx512 => 3,
        }
    }
}

impl std::fmt::Display for KernelPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// [`force`] was asked for a path this CPU lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::tr!("simd-unsupported", path = .0.to_string()))]
pub struct Unsupported(pub KernelPath);

/// 0: no override; otherwise [`KernelPath::code`].
static FORCED: AtomicU8 = AtomicU8::new(0);

/// Makes every kernel run `path` (or, with `None`, its [`KernelPath::best`] again), for the
/// whole process. Refuses, changing nothing, a path the CPU lacks.
pub fn force(path: Option<KernelPath>) -> Result<(), Unsupported> {
    match path {
        Some(p) if !p.supported() => Err(Unsupported(p)),
        Some(p) => {
            FORCED.store(p.code(), Ordering::Relaxed);
            Ok(())
        }
        None => {
            FORCED.store(0, Ordering::Relaxed);
            Ok(())
        }
    }
}

/// The path set by [`force`], if any.
pub fn forced() -> Option<KernelPath> {
    from_code(FORCED.load(Ordering::Relaxed))
}

/// The path of a [`KernelPath::code`]; `None` for 0 (or anything else).
fn from_code(code: u8) -> Option<KernelPath> {
    match code {
        1 => Some(KernelPath::Baseline),
        2 => Some(KernelPath::Avx2Fma),
        3 => Some(KernelPath::Avx512),
        _ => None,
    }
}
