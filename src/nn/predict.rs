//! Fast prediction over a grid of points, for heatmaps.
//!
//! The network is copied to `f32` once per grid, then points are pushed through it in
//! tiles of [`TILE`] samples laid out unit by unit (structure of arrays), so every inner
//! loop runs over a fixed-length contiguous array and becomes SIMD code. Coordinates are
//! computed inside the loop; nothing is allocated per point. Like the trainer, the kernel is
//! compiled for the baseline CPU, for AVX2 + FMA and for AVX-512 and picked at run time
//! ([`super::simd::KernelPath`]).

use super::activation::Activation;
use super::features::{Feature, InputTransform};
use super::grid::{GridPrediction, GridSpec};
use super::mlp::Mlp;
use super::simd::{Kernel, KernelPath};

/// Samples per tile.
pub const TILE: usize = 64;

/// Largest magnitude of a weight or activation in the `f32` copy: with at most 64 inputs a
/// unit's sum stays below `64 · 1e18 · 1e18 < f32::MAX`.
const F32_LIMIT: f32 = 1e18;

type Lane = [f32; TILE];

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
    pub fn predict_grid(&self, grid: &GridSpec, out: &mut GridPrediction) {
        out.nx = grid.nx;
        out.ny = grid.ny;
        out.classes = self.classes;
        out.probs.clear();
        out.probs.resize(grid.len() * self.classes, 0.0);
        if grid.is_empty() || self.layers.is_empty() {
            return;
        }
        self.run(grid, &mut out.probs, None);
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
        self.run(grid, &mut probs, Some(maps));
    }

    fn run(&self, grid: &GridSpec, probs: &mut [f32], maps: Option<&mut UnitMaps>) {
        match KernelPath::current(Kernel::GridPredict) {
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            // SAFETY: `current` only returns a path the CPU supports.
            KernelPath::Avx512 => unsafe { self.predict_avx512(grid, probs, maps) },
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            // SAFETY: as above.
            KernelPath::Avx2Fma => unsafe { self.predict_avx2(grid, probs, maps) },
            _ => self.predict_impl::<false>(grid, probs, maps),
        }
    }

    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
    fn predict_avx512(&self, grid: &GridSpec, probs: &mut [f32], maps: Option<&mut UnitMaps>) {
        self.predict_impl::<true>(grid, probs, maps);
    }

    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[target_feature(enable = "avx2,fma")]
    fn predict_avx2(&self, grid: &GridSpec, probs: &mut [f32], maps: Option<&mut UnitMaps>) {
        self.predict_impl::<true>(grid, probs, maps);
    }

    #[inline(always)]
    fn predict_impl<const FMA: bool>(
        &self,
        grid: &GridSpec,
        probs: &mut [f32],
        mut maps: Option<&mut UnitMaps>,
    ) {
        let width = self
            .layers
            .iter()
            .map(|l| l.units)
            .chain([self.features.len()])
            .max()
            .unwrap_or(1);
        let mut a: Vec<Lane> = vec![[0.0; TILE]; width];
        let mut b: Vec<Lane> = vec![[0.0; TILE]; width];
        let mut xs: Lane = [0.0; TILE];
        let mut ys: Lane = [0.0; TILE];
        // Normalised coordinates of every column and row, computed once.
        let xrow: Vec<f32> = (0..grid.nx)
            .map(|c| ((grid.x0 + c as f64 * grid.dx) as f32 - self.mean[0]) * self.inv_std[0])
            .collect();
        let ycol: Vec<f32> = (0..grid.ny)
            .map(|r| ((grid.y0 + r as f64 * grid.dy) as f32 - self.mean[1]) * self.inv_std[1])
            .collect();
        let total = grid.len();
        let (mut col, mut row) = (0usize, 0usize);
        let mut start = 0;
        while start < total {
            let count = TILE.min(total - start);
            // This tile's coordinates: one or more row segments, then zero padding.
            let mut i = 0;
            while i < count {
                let len = (grid.nx - col).min(count - i);
                xs[i..i + len].copy_from_slice(&xrow[col..col + len]);
                ys[i..i + len].fill(ycol.get(row).copied().unwrap_or(0.0));
                i += len;
                col += len;
                if col == grid.nx {
                    col = 0;
                    row += 1;
                }
            }
            xs[count..].fill(0.0);
            ys[count..].fill(0.0);
            for (f, lane) in self.features.iter().zip(a.iter_mut()) {
                feature_lane(*f, &xs, &ys, lane);
            }
            if let Some(m) = maps.as_deref_mut() {
                m.record(0, &a, start, count);
            }
            // Layers ping-pong between `a` and `b`.
            let mut src = &mut a;
            let mut dst = &mut b;
            for (l, layer) in self.layers.iter().enumerate() {
                dense_tile::<FMA>(layer, src, dst);
                if let Some(m) = maps.as_deref_mut() {
                    m.record(l + 1, dst, start, count);
                }
                std::mem::swap(&mut src, &mut dst);
            }
            let (last, outputs) = self
                .layers
                .last()
                .map_or((Activation::Linear, 0), |l| (l.act, l.units));
            let outputs = &src[..outputs.min(src.len())];
            write_probs(
                outputs,
                last,
                self.classes,
                count,
                &mut probs[start * self.classes..],
            );
            start += count;
        }
    }
}

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
fn dense_tile<const FMA: bool>(layer: &LayerF32, src: &[Lane], dst: &mut [Lane]) {
    let mut j = 0;
    while j + 4 <= layer.units {
        unit_block::<FMA, 4>(layer, j, src, dst);
        j += 4;
    }
    while j < layer.units {
        unit_block::<FMA, 1>(layer, j, src, dst);
        j += 1;
    }
    for o in dst.iter_mut().take(layer.units) {
        layer.act.apply_slice_f32(o);
        // Saturate instead of overflowing f32 (an f64 model with huge weights is still
        // finite; inf · 0 here would paint NaN).
        o.iter_mut()
            .for_each(|v| *v = v.clamp(-F32_LIMIT, F32_LIMIT));
    }
}

/// Weighted sums of `U` units over a tile, two 8-sample chunks at a time, so the `2U`
/// accumulators stay in registers while each input is loaded once per chunk.
// Indices address several arrays in lockstep; iterators would obscure the blocking.
#[allow(clippy::needless_range_loop)]
#[inline(always)]
fn unit_block<const FMA: bool, const U: usize>(
    layer: &LayerF32,
    j0: usize,
    src: &[Lane],
    dst: &mut [Lane],
) {
    const C: usize = 2;
    let units = layer.units;
    let mut bias = [0.0f32; U];
    for (u, b) in bias.iter_mut().enumerate() {
        *b = layer.b.get(j0 + u).copied().unwrap_or(0.0);
    }
    for c0 in (0..TILE / 8).step_by(C) {
        let mut acc = [[[0.0f32; 8]; C]; U];
        for (u, acc_u) in acc.iter_mut().enumerate() {
            *acc_u = [[bias[u]; 8]; C];
        }
        for (k, s) in src.iter().take(layer.inputs).enumerate() {
            let Some(wk) = layer.wt.get(k * units + j0..k * units + j0 + U) else {
                continue;
            };
            for c in 0..C {
                let base = (c0 + c) * 8;
                let Some(sv) = s.get(base..base + 8) else {
                    continue;
                };
                for (u, &w) in wk.iter().enumerate() {
                    for i in 0..8 {
                        acc[u][c][i] = madd::<FMA>(w, sv[i], acc[u][c][i]);
                    }
                }
            }
        }
        for (u, acc_u) in acc.iter().enumerate() {
            if let Some(o) = dst.get_mut(j0 + u) {
                for (c, v) in acc_u.iter().enumerate() {
                    let base = (c0 + c) * 8;
                    o[base..base + 8].copy_from_slice(v);
                }
            }
        }
    }
}

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

#[inline(always)]
fn feature_lane(f: Feature, xs: &Lane, ys: &Lane, out: &mut Lane) {
    let pairs = out.iter_mut().zip(xs.iter().zip(ys));
    match f {
        Feature::X => out.copy_from_slice(xs),
        Feature::Y => out.copy_from_slice(ys),
        Feature::XSquared => pairs.for_each(|(o, (x, _))| *o = x * x),
        Feature::YSquared => pairs.for_each(|(o, (_, y))| *o = y * y),
        Feature::XTimesY => pairs.for_each(|(o, (x, y))| *o = x * y),
        Feature::SinX => pairs.for_each(|(o, (x, _))| *o = x.sin()),
        Feature::SinY => pairs.for_each(|(o, (_, y))| *o = y.sin()),
    }
}

/// Turns the output units of one tile into interleaved class probabilities.
#[inline(always)]
fn write_probs(outputs: &[Lane], act: Activation, classes: usize, count: usize, probs: &mut [f32]) {
    if outputs.len() == 1 {
        let p = &outputs[0];
        for (i, dst) in probs.chunks_exact_mut(2).take(count).enumerate() {
            let v = p[i].clamp(0.0, 1.0);
            dst[0] = 1.0 - v;
            dst[1] = v;
        }
        return;
    }
    for (i, dst) in probs.chunks_exact_mut(classes).take(count).enumerate() {
        for (c, d) in dst.iter_mut().enumerate() {
            *d = outputs.get(c).map_or(0.0, |o| o[i]);
        }
        if act == Activation::Softmax {
            let max = dst.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0;
            for d in dst.iter_mut() {
                *d = super::fastmath::exp_f32(*d - max);
                sum += *d;
            }
            dst.iter_mut().for_each(|d| *d /= sum);
        } else {
            // Independent sigmoid outputs: normalise so they read as a distribution.
            let sum: f32 = dst.iter().map(|d| d.max(0.0)).sum();
            if sum > 0.0 {
                dst.iter_mut().for_each(|d| *d = d.max(0.0) / sum);
            } else {
                dst.iter_mut().for_each(|d| *d = 1.0 / classes as f32);
            }
        }
    }
}
