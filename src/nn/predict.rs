//! Fast prediction over a grid of points, for heatmaps.
//!
//! The network is copied to `f32` once per grid, then points are pushed through it in
//! tiles of [`TILE`] samples laid out unit by unit (structure of arrays, each unit's lane
//! 64-byte aligned). Coordinates are computed inside the loop; nothing is allocated per
//! point. Like the trainer, the kernel is compiled for the baseline CPU, for AVX2 + FMA and
//! for AVX-512 and picked at run time ([`super::simd::KernelPath`]).
//!
//! A dense layer runs register-blocked: a block of units × the whole tile is accumulated in
//! vector registers (6 units × 64 samples = 24 zmm on AVX-512, 6 units × 16 samples = 12 ymm
//! on AVX2) while each input is loaded once per block, so the loop is bound by the FMA units
//! rather than by loads. Every output is `b + Σ_k w_k x_k` summed in input order, fused on
//! both FMA paths, so AVX2 and AVX-512 agree bit for bit and the baseline (unfused) within
//! rounding. Activations are plain `f32` code ([`super::fastmath`]) shared by all paths.
//!
//! Why not a GEMM library: per tile a layer is a 64 × inputs by inputs × units product, too
//! small for packing to pay. Measured on Zen 4 for one 64 → 64 layer over 40,000 samples,
//! this blocked loop took 2.84 ms (115 GFLOP/s, about one zmm FMA per cycle: the FMA bound)
//! against `matrixmultiply::sgemm` (AVX-512 kernel) at 3.45 ms with 64 samples per call,
//! 3.39 ms with 256 and 4.8–5.0 ms with 1,024 or all 40,000 (activations then leave L1/L2).
//! The blocked loop also keeps the bias-first, input-order sum that makes paths agree.
//!
//! Grids of at least [`PARALLEL_MIN_SAMPLES`] samples (and [`PARALLEL_MIN_WORK`]) are split
//! into bands of rows shared between the caller and the helper thread of [`super::pool`]; a
//! sample's value does not depend on which tile or thread computed it, so one and two threads
//! agree bit for bit.

use super::activation::Activation;
use super::fastmath::{sigmoid_f32, sigmoid_f32_with, tanh_f32, tanh_f32_with};
use super::features::{Feature, InputTransform};
use super::grid::{GridPrediction, GridSpec};
use super::mlp::Mlp;
use super::pool;
use super::simd::{Kernel, KernelPath};
use std::sync::Mutex;

/// Samples per tile.
pub const TILE: usize = 64;

/// Grids with at least this many samples are split across [`pool::threads`] threads.
pub const PARALLEL_MIN_SAMPLES: usize = 40_000;

/// …and at least this much work ([`GridPredictor::work_per_sample`] × samples, about 0.2 ms
/// on one Zen 4 core), below which waking the helper costs more than it saves. Measured
/// (criterion, one vs two threads forced, the other core free): tutorial 500×500 (work
/// 1.6e7) 0.48 → 0.26 ms, 6×8 200×200 (3.3e7) 0.74 → 0.40 ms, 8×64 200×200 (1.4e9) 25.1 →
/// 14.4 ms. With the other core busy (other builds) the helper often wakes too late for the
/// small grids and the split costs about 2%.
pub const PARALLEL_MIN_WORK: usize = 10_000_000;

/// Bands of rows a parallel grid is cut into (more than threads, so a thread slowed down by
/// other work just takes fewer).
const BANDS: usize = 16;

/// Largest magnitude of a weight or activation in the `f32` copy: with at most 64 inputs a
/// unit's sum stays below `64 · 1e18 · 1e18 < f32::MAX`.
const F32_LIMIT: f32 = 1e18;

/// One unit's values over a tile, aligned to a cache line (a zmm load never splits one).
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct Lane([f32; TILE]);

impl Lane {
    const ZERO: Lane = Lane([0.0; TILE]);
}

impl std::ops::Deref for Lane {
    type Target = [f32; TILE];
    fn deref(&self) -> &[f32; TILE] {
        &self.0
    }
}

impl std::ops::DerefMut for Lane {
    fn deref_mut(&mut self) -> &mut [f32; TILE] {
        &mut self.0
    }
}

#[derive(Clone, Debug)]
struct LayerF32 {
    /// `wt[k * units + j]`: the weights of input `k` to every unit, contiguous.
    wt: Vec<f32>,
    b: Vec<f32>,
    inputs: usize,
    units: usize,
    act: Activation,
}

/// An `f32` copy of a network plus its input transform, ready to evaluate many points.
#[derive(Clone, Debug)]
pub struct GridPredictor {
    layers: Vec<LayerF32>,
    features: Vec<Feature>,
    mean: [f32; 2],
    inv_std: [f32; 2],
    /// Number of classes reported (a single output means two classes).
    classes: usize,
}

/// Each input feature's values along a grid's columns or rows, computed once per call and
/// shared by every thread.
struct Axes {
    nx: usize,
    features: Vec<FeatureAxis>,
}

/// Where one feature's values come from.
enum FeatureAxis {
    /// A function of x only: one value per column.
    Cols(Vec<f32>),
    /// A function of y only: one value per row.
    Rows(Vec<f32>),
    /// `x · y` of the normalised coordinates (per sample).
    Product { xrow: Vec<f32>, ycol: Vec<f32> },
}

/// A thread's working tiles, reused from tile to tile.
struct Scratch {
    a: Vec<Lane>,
    b: Vec<Lane>,
}

impl GridPredictor {
    /// Copies `mlp` and `transform` to `f32`.
    pub fn new(mlp: &Mlp, transform: &InputTransform) -> Self {
        let layers = mlp
            .layers
            .iter()
            .map(|l| LayerF32 {
                wt: l.weights.transpose().iter().map(|&v| to_f32(v)).collect(),
                b: l.biases.as_ref().map_or_else(
                    || vec![0.0; l.units()],
                    |b| b.iter().map(|&v| to_f32(v)).collect(),
                ),
                inputs: l.inputs(),
                units: l.units(),
                act: l.activation,
            })
            .collect();
        let outputs = mlp.outputs();
        Self {
            layers,
            features: transform.features.clone(),
            mean: transform.mean.map(|v| v as f32),
            inv_std: transform.inv_std.map(|v| v as f32),
            classes: if outputs <= 1 { 2 } else { outputs },
        }
    }

    /// Class probabilities at every sample of `grid`, written into `out` (reusing its buffer).
    ///
    /// Grids of at least [`PARALLEL_MIN_SAMPLES`] samples and [`PARALLEL_MIN_WORK`] work use
    /// the second core ([`super::pool`]); the answer is the same bit for bit with one thread
    /// or two.
    pub fn predict_grid(&self, grid: &GridSpec, out: &mut GridPrediction) {
        out.nx = grid.nx;
        out.ny = grid.ny;
        out.classes = self.classes;
        let len = grid.len() * self.classes;
        if out.probs.len() != len {
            // Every value is overwritten below, so a buffer of the right size is not cleared.
            out.probs.clear();
            out.probs.resize(len, 0.0);
        }
        if grid.is_empty() || self.layers.is_empty() {
            out.probs.fill(0.0);
            return;
        }
        let path = KernelPath::current(Kernel::GridPredict);
        let axes = self.axes(grid);
        // A forced thread count (tests, benchmarks) skips the work test, not the size test.
        let small = grid.len() < PARALLEL_MIN_SAMPLES
            || (pool::forced_threads().is_none()
                && grid.len().saturating_mul(self.work_per_sample()) < PARALLEL_MIN_WORK);
        if small || pool::threads() < 2 {
            let mut scratch = self.scratch();
            self.run(
                path,
                &axes,
                0,
                grid.len(),
                &mut out.probs,
                None,
                &mut scratch,
            );
            return;
        }
        // Bands of whole rows, taken in order by whichever thread is free.
        let rows_per_band = grid.ny.div_ceil(BANDS).max(1);
        let band_len = rows_per_band * grid.nx * self.classes;
        let bands = Mutex::new(out.probs.chunks_mut(band_len).enumerate());
        pool::run_split(|_| {
            let mut scratch = self.scratch();
            loop {
                let next = bands.lock().map(|mut it| it.next());
                let Ok(Some((i, probs))) = next else { break };
                let start = i * rows_per_band * grid.nx;
                let count = probs.len() / self.classes;
                self.run(path, &axes, start, count, probs, None, &mut scratch);
            }
        });
    }

    /// Rough cost of one sample in multiply-adds: every weight, plus 10 per sigmoid or tanh
    /// unit (a 16-lane `tanh` costs about ten FMA slots), 12 per GELU or ELU unit (a guess,
    /// not measured) and 1 per other unit.
    pub fn work_per_sample(&self) -> usize {
        self.layers
            .iter()
            .map(|l| {
                let act = match l.act {
                    // GELU's tanh and ELU's exp are scalar code here: a little dearer.
                    Activation::Sigmoid | Activation::Tanh => 10,
                    Activation::Gelu | Activation::Elu => 12,
                    _ => 1,
                };
                l.inputs * l.units + act * l.units
            })
            .sum()
    }

    /// Every unit's activation over `grid` (for per-neuron maps): `maps.layers[0]` holds the
    /// input features, `maps.layers[l]` the units of layer `l` (the last is the output layer,
    /// before softmax). Values are raw activations, not probabilities.
    pub fn unit_maps(&self, grid: &GridSpec, maps: &mut UnitMaps) {
        maps.nx = grid.nx;
        maps.ny = grid.ny;
        let widths =
            std::iter::once(self.features.len()).chain(self.layers.iter().map(|l| l.units));
        maps.layers.resize_with(self.layers.len() + 1, Vec::new);
        for (units, layer) in widths.zip(maps.layers.iter_mut()) {
            layer.resize_with(units, Vec::new);
            for unit in layer.iter_mut() {
                unit.clear();
                unit.resize(grid.len(), 0.0);
            }
        }
        let mut probs = vec![0.0; grid.len() * self.classes];
        if grid.is_empty() || self.layers.is_empty() {
            return;
        }
        let path = KernelPath::current(Kernel::GridPredict);
        let axes = self.axes(grid);
        let mut scratch = self.scratch();
        self.run(
            path,
            &axes,
            0,
            grid.len(),
            &mut probs,
            Some(maps),
            &mut scratch,
        );
    }

    fn axes(&self, grid: &GridSpec) -> Axes {
        let xrow: Vec<f32> = (0..grid.nx)
            .map(|c| ((grid.x0 + c as f64 * grid.dx) as f32 - self.mean[0]) * self.inv_std[0])
            .collect();
        let ycol: Vec<f32> = (0..grid.ny)
            .map(|r| ((grid.y0 + r as f64 * grid.dy) as f32 - self.mean[1]) * self.inv_std[1])
            .collect();
        let map = |v: &[f32], g: fn(f32) -> f32| v.iter().map(|&x| g(x)).collect();
        let features = self
            .features
            .iter()
            .map(|f| match f {
                Feature::X => FeatureAxis::Cols(xrow.clone()),
                Feature::Y => FeatureAxis::Rows(ycol.clone()),
                Feature::XSquared => FeatureAxis::Cols(map(&xrow, |x| x * x)),
                Feature::YSquared => FeatureAxis::Rows(map(&ycol, |y| y * y)),
                Feature::SinX => FeatureAxis::Cols(map(&xrow, f32::sin)),
                Feature::SinY => FeatureAxis::Rows(map(&ycol, f32::sin)),
                Feature::XTimesY => FeatureAxis::Product {
                    xrow: xrow.clone(),
                    ycol: ycol.clone(),
                },
            })
            .collect();
        Axes {
            nx: grid.nx,
            features,
        }
    }

    fn scratch(&self) -> Scratch {
        let width = self
            .layers
            .iter()
            .map(|l| l.units)
            .chain([self.features.len()])
            .max()
            .unwrap_or(1);
        Scratch {
            a: vec![Lane::ZERO; width],
            b: vec![Lane::ZERO; width],
        }
    }

    /// Samples `start..start + count` (row-major) into `probs` (their probabilities only).
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        path: KernelPath,
        axes: &Axes,
        start: usize,
        count: usize,
        probs: &mut [f32],
        maps: Option<&mut UnitMaps>,
        scratch: &mut Scratch,
    ) {
        let job = Job {
            axes,
            start,
            count,
            probs,
            maps,
            scratch,
        };
        match path {
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            // SAFETY: `current` only returns a path the CPU supports.
            KernelPath::Avx512 => unsafe { self.predict_avx512(job) },
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            // SAFETY: as above.
            KernelPath::Avx2Fma => unsafe { self.predict_avx2(job) },
            _ => self.predict_impl::<BASELINE>(job),
        }
    }

    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    fn predict_avx512(&self, job: Job<'_>) {
        self.predict_impl::<AVX512>(job);
    }

    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[target_feature(enable = "avx2,fma")]
    fn predict_avx2(&self, job: Job<'_>) {
        self.predict_impl::<AVX2>(job);
    }

    #[inline(always)]
    fn predict_impl<const P: u8>(&self, job: Job<'_>) {
        let Job {
            axes,
            start: first,
            count: total,
            probs,
            mut maps,
            scratch,
        } = job;
        let nx = axes.nx.max(1);
        let (mut col, mut row) = (first % nx, first / nx);
        let mut done = 0;
        while done < total {
            let count = TILE.min(total - done);
            // This tile's features: one or more row segments, then zero padding.
            let mut i = 0;
            while i < count {
                let len = (nx - col).min(count - i);
                for (f, lane) in axes.features.iter().zip(scratch.a.iter_mut()) {
                    feature_segment(f, col, row, &mut lane[i..i + len]);
                }
                i += len;
                col += len;
                if col == nx {
                    col = 0;
                    row += 1;
                }
            }
            for lane in scratch.a.iter_mut().take(axes.features.len()) {
                lane[count..].fill(0.0);
            }
            if let Some(m) = maps.as_deref_mut() {
                m.record(0, &scratch.a, first + done, count);
            }
            // Layers ping-pong between `a` and `b`.
            let mut src = &mut scratch.a;
            let mut dst = &mut scratch.b;
            for (l, layer) in self.layers.iter().enumerate() {
                dense_tile::<P>(layer, src, dst);
                if let Some(m) = maps.as_deref_mut() {
                    m.record(l + 1, dst, first + done, count);
                }
                std::mem::swap(&mut src, &mut dst);
            }
            let (last, outputs) = self
                .layers
                .last()
                .map_or((Activation::Linear, 0), |l| (l.act, l.units));
            let n = outputs.min(src.len());
            let outputs = &mut src[..n];
            if let Some(dst) = probs.get_mut(done * self.classes..) {
                write_probs(outputs, last, self.classes, count, dst);
            }
            done += count;
        }
    }
}

/// The parts of a call one kernel run needs.
struct Job<'a> {
    axes: &'a Axes,
    start: usize,
    count: usize,
    probs: &'a mut [f32],
    maps: Option<&'a mut UnitMaps>,
    scratch: &'a mut Scratch,
}

/// Kernel shapes, one per compiled path.
const BASELINE: u8 = 0;
const AVX2: u8 = 1;
const AVX512: u8 = 2;

/// A weight in `f32`, saturated at ±[`F32_LIMIT`].
fn to_f32(v: f64) -> f32 {
    (v as f32).clamp(-F32_LIMIT, F32_LIMIT)
}

/// Activation of every unit over a grid: `layers[l][unit][row * nx + col]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitMaps {
    /// Columns of the grid.
    pub nx: usize,
    /// Rows of the grid.
    pub ny: usize,
    /// Layer 0 = input features, then each layer's units.
    pub layers: Vec<Vec<Vec<f32>>>,
}

impl UnitMaps {
    fn record(&mut self, layer: usize, lanes: &[Lane], start: usize, count: usize) {
        if let Some(units) = self.layers.get_mut(layer) {
            for (unit, lane) in units.iter_mut().zip(lanes) {
                if let Some(dst) = unit.get_mut(start..start + count) {
                    dst.copy_from_slice(&lane[..count]);
                }
            }
        }
    }

    /// Smallest and largest value of one unit's map (for colour scaling).
    pub fn range(&self, layer: usize, unit: usize) -> (f32, f32) {
        self.layers
            .get(layer)
            .and_then(|l| l.get(unit))
            .map_or((0.0, 0.0), |v| {
                v.iter()
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| {
                        (lo.min(x), hi.max(x))
                    })
            })
    }
}

/// One dense layer on one tile: `dst[j] = g(b_j + Σ_k w_kj src[k])`.
#[inline(always)]
fn dense_tile<const P: u8>(layer: &LayerF32, src: &[Lane], dst: &mut [Lane]) {
    let units = layer.units;
    let inputs = layer.inputs.min(src.len());
    let (Some(src), Some(wt)) = (src.get(..inputs), layer.wt.get(..inputs * units)) else {
        return;
    };
    let mut j = 0;
    // Blocks of 6 units, then 4, 2 and 1 for the rest; the shape never changes a sum.
    macro_rules! blocks {
        ($($u:literal),*) => {$(
            while units - j >= $u {
                unit_block::<P, $u>(wt, &layer.b, units, j, src, dst);
                j += $u;
            }
        )*};
    }
    blocks!(6, 4, 2, 1);
    let bounded = matches!(layer.act, Activation::Sigmoid | Activation::Tanh);
    for o in dst.iter_mut().take(units) {
        activate::<P>(layer.act, o);
        if !bounded {
            // Saturate instead of overflowing f32 (an f64 model with huge weights is still
            // finite; inf · 0 here would paint NaN).
            o.iter_mut()
                .for_each(|v| *v = v.clamp(-F32_LIMIT, F32_LIMIT));
        }
    }
}

/// `g` over one lane (the grid's own copy of [`Activation::apply_slice_f32`], on the fast
/// division-free [`super::fastmath`] functions).
#[inline(always)]
fn activate<const P: u8>(act: Activation, v: &mut Lane) {
    // Fused on both FMA paths (the same operations, so the same bits), unfused on baseline.
    #[cfg(target_arch = "x86_64")]
    if P == AVX512 {
        use super::fastmath::avx512;
        match act {
            // SAFETY: `P == AVX512` only inside `predict_avx512`, compiled with AVX-512 F.
            Activation::Sigmoid => return unsafe { avx512::sigmoid_slice(&mut v[..]) },
            // SAFETY: as above.
            Activation::Tanh => return unsafe { avx512::tanh_slice(&mut v[..]) },
            _ => {}
        }
    }
    match (act, P != BASELINE) {
        (Activation::Sigmoid, true) => v.iter_mut().for_each(|x| *x = sigmoid_f32_with::<true>(*x)),
        (Activation::Sigmoid, false) => v.iter_mut().for_each(|x| *x = sigmoid_f32(*x)),
        (Activation::Tanh, true) => v.iter_mut().for_each(|x| *x = tanh_f32_with::<true>(*x)),
        (Activation::Tanh, false) => v.iter_mut().for_each(|x| *x = tanh_f32(*x)),
        (other, _) => other.apply_slice_f32(&mut v[..]),
    }
}

/// Weighted sums of `U` units `j0..j0 + U` over a tile, on path `P`.
#[inline(always)]
fn unit_block<const P: u8, const U: usize>(
    wt: &[f32],
    b: &[f32],
    units: usize,
    j0: usize,
    src: &[Lane],
    dst: &mut [Lane],
) {
    let mut bias = [0.0f32; U];
    for (u, v) in bias.iter_mut().enumerate() {
        *v = b.get(j0 + u).copied().unwrap_or(0.0);
    }
    let Some(dst) = dst.get_mut(j0..j0 + U) else {
        return;
    };
    match P {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `P == AVX512` only inside `predict_avx512`, compiled with AVX-512 F.
        AVX512 => unsafe { x86::block_avx512::<U>(wt, &bias, units, j0, src, dst) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `P == AVX2` only inside `predict_avx2`, compiled with AVX2 + FMA.
        AVX2 => unsafe { x86::block_avx2::<U>(wt, &bias, units, j0, src, dst) },
        _ => block_scalar::<U>(wt, &bias, units, j0, src, dst),
    }
}

/// The baseline block: 8 samples × `U` units at a time, unfused `w · x + acc`.
// Indices address several arrays in lockstep; iterators would obscure the blocking.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn block_scalar<const U: usize>(
    wt: &[f32],
    bias: &[f32; U],
    units: usize,
    j0: usize,
    src: &[Lane],
    dst: &mut [Lane],
) {
    const S: usize = 8;
    for c in 0..TILE / S {
        let mut acc = [[0.0f32; S]; U];
        for u in 0..U {
            acc[u] = [bias[u]; S];
        }
        for (x, wrow) in src.iter().zip(wt.chunks_exact(units)) {
            let Some(w) = wrow.get(j0..j0 + U) else {
                continue;
            };
            let x = &x[c * S..c * S + S];
            for u in 0..U {
                for i in 0..S {
                    acc[u][i] += w[u] * x[i];
                }
            }
        }
        for u in 0..U {
            dst[u][c * S..c * S + S].copy_from_slice(&acc[u]);
        }
    }
}

/// The FMA blocks, on explicit vector registers so the accumulators never leave them.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Lane, TILE};
    use std::arch::x86_64::*;

    /// `U` units × the whole tile (4 zmm each) in `4U` accumulators; each input's 4 zmm are
    /// loaded once and each weight is broadcast once.
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    pub(super) fn block_avx512<const U: usize>(
        wt: &[f32],
        bias: &[f32; U],
        units: usize,
        j0: usize,
        src: &[Lane],
        dst: &mut [Lane],
    ) {
        const V: usize = TILE / 16;
        let mut acc = [[_mm512_setzero_ps(); V]; U];
        for u in 0..U {
            acc[u] = [_mm512_set1_ps(bias[u]); V];
        }
        for (x, wrow) in src.iter().zip(wt.chunks_exact(units)) {
            let Some(w) = wrow.get(j0..j0 + U) else {
                continue;
            };
            let p = x.0.as_ptr();
            // SAFETY: a lane holds TILE = 4 · 16 floats, 64-byte aligned.
            let xv: [__m512; V] = std::array::from_fn(|v| unsafe { _mm512_load_ps(p.add(16 * v)) });
            for u in 0..U {
                let wv = _mm512_set1_ps(w[u]);
                for v in 0..V {
                    acc[u][v] = _mm512_fmadd_ps(wv, xv[v], acc[u][v]);
                }
            }
        }
        for (o, a) in dst.iter_mut().zip(&acc) {
            let p = o.0.as_mut_ptr();
            for (v, a) in a.iter().enumerate() {
                // SAFETY: as above, for the destination lane.
                unsafe { _mm512_store_ps(p.add(16 * v), *a) };
            }
        }
    }

    /// `U` units × 16 samples (2 ymm each) at a time in `2U` accumulators.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn block_avx2<const U: usize>(
        wt: &[f32],
        bias: &[f32; U],
        units: usize,
        j0: usize,
        src: &[Lane],
        dst: &mut [Lane],
    ) {
        const V: usize = 2;
        for c in 0..TILE / (8 * V) {
            let mut acc = [[_mm256_setzero_ps(); V]; U];
            for u in 0..U {
                acc[u] = [_mm256_set1_ps(bias[u]); V];
            }
            for (x, wrow) in src.iter().zip(wt.chunks_exact(units)) {
                let Some(w) = wrow.get(j0..j0 + U) else {
                    continue;
                };
                // SAFETY: c · 16 + 16 <= TILE floats, 32-byte aligned (lanes are 64-aligned).
                let p = unsafe { x.0.as_ptr().add(c * 8 * V) };
                // SAFETY: as above.
                let xv: [__m256; V] =
                    std::array::from_fn(|v| unsafe { _mm256_load_ps(p.add(8 * v)) });
                for u in 0..U {
                    let wv = _mm256_set1_ps(w[u]);
                    for v in 0..V {
                        acc[u][v] = _mm256_fmadd_ps(wv, xv[v], acc[u][v]);
                    }
                }
            }
            for (o, a) in dst.iter_mut().zip(&acc) {
                // SAFETY: as above, for the destination lane.
                let p = unsafe { o.0.as_mut_ptr().add(c * 8 * V) };
                for (v, a) in a.iter().enumerate() {
                    // SAFETY: as above.
                    unsafe { _mm256_store_ps(p.add(8 * v), *a) };
                }
            }
        }
    }
}

/// One feature at samples `col..col + out.len()` of row `row`.
#[inline(always)]
fn feature_segment(f: &FeatureAxis, col: usize, row: usize, out: &mut [f32]) {
    let cols = col..col + out.len();
    match f {
        FeatureAxis::Cols(v) => {
            if let Some(v) = v.get(cols) {
                out.copy_from_slice(v);
            }
        }
        FeatureAxis::Rows(v) => out.fill(v.get(row).copied().unwrap_or(0.0)),
        FeatureAxis::Product { xrow, ycol } => {
            let y = ycol.get(row).copied().unwrap_or(0.0);
            if let Some(xs) = xrow.get(cols) {
                out.iter_mut().zip(xs).for_each(|(o, &x)| *o = x * y);
            }
        }
    }
}

/// Turns the output units of one tile into interleaved class probabilities (softmax outputs
/// are overwritten with their probabilities on the way).
#[inline(always)]
fn write_probs(
    outputs: &mut [Lane],
    act: Activation,
    classes: usize,
    count: usize,
    probs: &mut [f32],
) {
    if let [p] = outputs {
        // A linear output (regression) is a value, not a probability: kept as it is.
        let (lo, hi) = if act == Activation::Linear {
            (f32::NEG_INFINITY, f32::INFINITY)
        } else {
            (0.0, 1.0)
        };
        if count == TILE && classes == 2 {
            // A full tile: a fixed-length loop the compiler turns into interleaving stores.
            if let Some(dst) = probs.get_mut(..2 * TILE) {
                for (d, &v) in dst.chunks_exact_mut(2).zip(p.iter()) {
                    let v = v.clamp(lo, hi);
                    d[0] = 1.0 - v;
                    d[1] = v;
                }
            }
            return;
        }
        for (d, &v) in probs.chunks_exact_mut(2).zip(p.iter()).take(count) {
            let v = v.clamp(lo, hi);
            d[0] = 1.0 - v;
            d[1] = v;
        }
        return;
    }
    if act == Activation::Softmax && outputs.len() == classes {
        // Down the tile's lanes a class at a time, so the exponentials and divisions run in
        // SIMD; each sample gets the operations of one sample at a time, in the same order.
        let (mut max, mut sum) = ([f32::NEG_INFINITY; TILE], [0.0f32; TILE]);
        for o in outputs.iter() {
            for (m, &v) in max.iter_mut().zip(o.iter()) {
                *m = m.max(v);
            }
        }
        for o in outputs.iter_mut() {
            for ((v, &m), s) in o.iter_mut().zip(&max).zip(&mut sum) {
                *v = super::fastmath::exp_f32(*v - m);
                *s += *v;
            }
        }
        for (c, o) in outputs.iter_mut().enumerate() {
            for (v, &s) in o.iter_mut().zip(&sum) {
                *v /= s;
            }
            for (dst, &v) in probs.chunks_exact_mut(classes).take(count).zip(o.iter()) {
                dst[c] = v;
            }
        }
        return;
    }
    // Independent sigmoid outputs: normalised so they read as a distribution. (A softmax
    // layer always has `classes` outputs, `GridPredictor::new` takes the count from it, so
    // it never gets here.)
    for (i, dst) in probs.chunks_exact_mut(classes).take(count).enumerate() {
        for (c, d) in dst.iter_mut().enumerate() {
            *d = outputs.get(c).map_or(0.0, |o| o[i]);
        }
        let sum: f32 = dst.iter().map(|d| d.max(0.0)).sum();
        if sum > 0.0 {
            dst.iter_mut().for_each(|d| *d = d.max(0.0) / sum);
        } else {
            dst.iter_mut().for_each(|d| *d = 1.0 / classes as f32);
        }
    }
}
