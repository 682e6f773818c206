//! The hidden space: the data points and the input plane's grid lines as one layer of the
//! network sees them (the ConvNetJS 2-D demo's view of "each layer re-draws the data until
//! the classes come apart").
//!
//! A layer is a map from the plane to `width` numbers; two of them (two chosen units, or the
//! first two principal components of the layer's activations over the data points) become
//! the picture's axes. Grid lines of the view, sampled densely, bend under that map. One
//! batched `f64` forward pass computes everything, with the same formula as
//! [`Mlp::forward_trace`] (so a point's place is the layer's activations, to rounding), and
//! reuses its buffers from frame to frame.

use super::features::InputTransform;
use super::mlp::Mlp;
use crate::data::{Bounds, LabeledPoint};
use nalgebra::{DMatrix, SymmetricEigen};
use serde::{Deserialize, Serialize};

/// Grid lines of the input plane each way (across the view, both edges included).
pub const GRID_LINES: usize = 21;
/// Samples along each grid line (enough that the lines bend smoothly).
pub const LINE_SAMPLES: usize = 64;

/// Which layer's space to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpaceLayer {
    /// Hidden layer `i` (0 = the first), after its activation.
    Hidden(usize),
    /// The output layer's scores before its sigmoid or softmax.
    OutputScores,
}

impl SpaceLayer {
    /// Index of the layer in [`Mlp::layers`], `None` when the network has no such layer.
    pub fn layer_index(self, mlp: &Mlp) -> Option<usize> {
        let outputs = mlp.layers.len().checked_sub(1)?;
        match self {
            SpaceLayer::Hidden(i) => (i < outputs).then_some(i),
            SpaceLayer::OutputScores => Some(outputs),
        }
    }

    /// Units of the layer, `None` when the network has no such layer.
    pub fn width(self, mlp: &Mlp) -> Option<usize> {
        self.layer_index(mlp)
            .and_then(|l| mlp.layers.get(l))
            .map(|l| l.units())
    }

    /// Every layer a network offers: its hidden layers, then the output scores.
    pub fn all(mlp: &Mlp) -> Vec<SpaceLayer> {
        let hidden = mlp.layers.len().saturating_sub(1);
        (0..hidden)
            .map(SpaceLayer::Hidden)
            .chain((!mlp.layers.is_empty()).then_some(SpaceLayer::OutputScores))
            .collect()
    }
}

/// How the layer's `width` numbers become two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Projection {
    /// Two units of the layer as the axes (0-based; equal units, or a one-unit layer, draw
    /// the points on a line).
    Units([usize; 2]),
    /// The first two principal components of the activations over the data points.
    Pca,
}

impl Projection {
    /// The default for a layer of `width` units: PCA when wider than two, else units 1 and 2.
    pub fn default_for(width: usize) -> Self {
        if width > 2 {
            Projection::Pca
        } else {
            Projection::Units([0, 1.min(width.saturating_sub(1))])
        }
    }
}

/// What to compute: a layer and a projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HiddenSpaceSpec {
    /// The layer.
    pub layer: SpaceLayer,
    /// The projection to two axes.
    pub projection: Projection,
}

/// What one axis of the picture is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SpaceAxis {
    /// A unit's activation (0-based unit of the layer).
    Unit(usize),
    /// Principal component `component` (0-based), with the share of the layer's variance
    /// over the data points it carries (0..=1).
    Pca {
        /// 0 for the first component.
        component: usize,
        /// Share of the total variance along it.
        share: f64,
    },
    /// Nothing varies along it (a layer of one unit): every value is 0.
    Flat,
}

/// One data point in the hidden space, with what the picture colours it by.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpacePoint {
    /// Position in the hidden space (the picture's axes).
    pub pos_in_space: [f32; 2],
    /// The point's class.
    pub class: usize,
    /// The point's value (regression; ignored for classification).
    pub value: f64,
    /// A held-out test point (drawn hollow).
    pub test: bool,
}

/// The data points and grid lines mapped into a layer's space, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct HiddenSpace {
    /// What was computed (the projection as used: units clamped to the layer).
    pub spec: HiddenSpaceSpec,
    /// Units of the layer.
    pub width: usize,
    /// The data points, in the dataset's order.
    pub points: Vec<SpacePoint>,
    /// Grid lines of the input plane: first the [`GRID_LINES`] lines of constant y (top to
    /// bottom), then those of constant x (left to right), each [`LINE_SAMPLES`] long.
    pub lines: Vec<Vec<[f32; 2]>>,
    /// The two axes.
    pub axes: [SpaceAxis; 2],
    /// Smallest `[x, y]` of everything drawn (finite values only), with a margin.
    pub min: [f32; 2],
    /// Largest `[x, y]`, with a margin.
    pub max: [f32; 2],
}

/// Buffers and the last principal axes, kept from frame to frame (the worker owns one).
#[derive(Clone, Debug, Default)]
pub struct HiddenSpaceWork {
    /// Sample positions: the data points, then the grid lines' samples.
    positions: Vec<[f64; 2]>,
    /// Activations of the current and the next layer, unit-major (`a[unit * n + sample]`).
    a: Vec<f64>,
    b: Vec<f64>,
    /// The last PCA directions and the layer they belong to (for sign stability).
    previous: Option<(SpaceLayer, [Vec<f64>; 2])>,
}

impl HiddenSpaceWork {
    /// Maps `points` and the grid lines of `view` into the space of `spec`'s layer.
    /// `None` when the network has no such layer or no finite view.
    pub fn compute(
        &mut self,
        mlp: &Mlp,
        transform: &InputTransform,
        points: &[LabeledPoint],
        view: &Bounds,
        spec: HiddenSpaceSpec,
    ) -> Option<HiddenSpace> {
        let layer = spec.layer.layer_index(mlp)?;
        let width = spec.layer.width(mlp)?;
        if width == 0 || !view.is_valid_view() {
            return None;
        }
        self.positions.clear();
        self.positions.extend(points.iter().map(|p| p.pos_in_data));
        push_grid_lines(view, &mut self.positions);
        let n = self.positions.len();
        let pre_activation = spec.layer == SpaceLayer::OutputScores;
        layer_activations(
            mlp,
            transform,
            &self.positions,
            layer,
            pre_activation,
            &mut self.a,
            &mut self.b,
        );
        let acts = &self.a;
        let column = |u: usize| acts.get(u * n..(u + 1) * n).unwrap_or(&[]);
        let (spec, axes, coords): (_, _, [Vec<f64>; 2]) = match spec.projection {
            Projection::Pca if width >= 2 => {
                // The data points decide the axes; without two of them, the grid does.
                let fit = if points.len() >= 2 {
                    0..points.len()
                } else {
                    0..n
                };
                let previous = self
                    .previous
                    .as_ref()
                    .filter(|(l, _)| *l == spec.layer)
                    .map(|(_, v)| v);
                let pca = principal_axes(acts, n, width, fit, previous);
                let coords = pca.dirs.clone().map(|dir| {
                    (0..n)
                        .map(|i| {
                            (0..width)
                                .map(|u| (acts[u * n + i] - pca.mean[u]) * dir[u])
                                .sum()
                        })
                        .collect()
                });
                self.previous = Some((spec.layer, pca.dirs));
                let axes = [0, 1].map(|component| SpaceAxis::Pca {
                    component,
                    share: pca.shares[component],
                });
                (spec, axes, coords)
            }
            _ => {
                let (u, v) = match spec.projection {
                    Projection::Units([u, v]) => (u.min(width - 1), v.min(width - 1)),
                    Projection::Pca => (0, 0),
                };
                let flat = width == 1;
                let x = column(u).to_vec();
                let y = if flat {
                    vec![0.0; n]
                } else {
                    column(v).to_vec()
                };
                let axes = [
                    SpaceAxis::Unit(u),
                    if flat {
                        SpaceAxis::Flat
                    } else {
                        SpaceAxis::Unit(v)
                    },
                ];
                let spec = HiddenSpaceSpec {
                    projection: Projection::Units([u, if flat { u } else { v }]),
                    ..spec
                };
                (spec, axes, [x, y])
            }
        };
        let at = |i: usize| [coords[0][i] as f32, coords[1][i] as f32];
        let space_points = points
            .iter()
            .enumerate()
            .map(|(i, p)| SpacePoint {
                pos_in_space: at(i),
                class: p.class,
                value: p.value,
                test: p.test,
            })
            .collect();
        let lines = (0..2 * GRID_LINES)
            .map(|l| {
                let start = points.len() + l * LINE_SAMPLES;
                (start..start + LINE_SAMPLES).map(at).collect()
            })
            .collect();
        let (min, max) = fitted_bounds(&coords);
        Some(HiddenSpace {
            spec,
            width,
            points: space_points,
            lines,
            axes,
            min,
            max,
        })
    }
}

/// Appends the samples of the view's grid lines: [`GRID_LINES`] of constant y from the top,
/// then as many of constant x from the left, each [`LINE_SAMPLES`] long.
pub fn push_grid_lines(view: &Bounds, out: &mut Vec<[f64; 2]>) {
    let at = |lo: f64, hi: f64, i: usize, n: usize| lo + (hi - lo) * i as f64 / (n - 1) as f64;
    for l in 0..GRID_LINES {
        let y = at(view.y_max, view.y_min, l, GRID_LINES);
        out.extend((0..LINE_SAMPLES).map(|s| [at(view.x_min, view.x_max, s, LINE_SAMPLES), y]));
    }
    for l in 0..GRID_LINES {
        let x = at(view.x_min, view.x_max, l, GRID_LINES);
        out.extend((0..LINE_SAMPLES).map(|s| [x, at(view.y_min, view.y_max, s, LINE_SAMPLES)]));
    }
}

/// Activations of layer `layer` (index into [`Mlp::layers`]) at every position, unit-major in
/// `out` (`out[unit * n + sample]`); before the activation when `pre_activation`. `spare` is
/// a second buffer. The same sums and activation as [`Mlp::forward_trace`], batched so the
/// loops vectorise.
pub fn layer_activations(
    mlp: &Mlp,
    transform: &InputTransform,
    positions: &[[f64; 2]],
    layer: usize,
    pre_activation: bool,
    out: &mut Vec<f64>,
    spare: &mut Vec<f64>,
) {
    let n = positions.len();
    let features = transform.len();
    out.clear();
    out.resize(features * n, 0.0);
    let mut row = vec![0.0; features];
    for (i, &p) in positions.iter().enumerate() {
        transform.apply(p, &mut row);
        for (f, &v) in row.iter().enumerate() {
            out[f * n + i] = v;
        }
    }
    for (l, dense) in mlp.layers.iter().enumerate().take(layer + 1) {
        let units = dense.units();
        spare.clear();
        spare.resize(units * n, 0.0);
        for j in 0..units {
            let z = &mut spare[j * n..(j + 1) * n];
            let bias = dense.biases.as_ref().map_or(0.0, |b| b[j]);
            z.fill(bias);
            for k in 0..dense.inputs() {
                let w = dense.weights[(k, j)];
                let Some(src) = out.get(k * n..(k + 1) * n) else {
                    break;
                };
                z.iter_mut().zip(src).for_each(|(z, &a)| *z += w * a);
            }
            if !(pre_activation && l == layer) {
                dense.activation.apply_slice::<false>(z);
            }
        }
        std::mem::swap(out, spare);
    }
}

/// The first two principal axes of a layer's activations.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalAxes {
    /// Mean activation of each unit over the fitted samples.
    pub mean: Vec<f64>,
    /// Two orthonormal directions (each `width` long), largest variance first.
    pub dirs: [Vec<f64>; 2],
    /// Share of the total variance along each direction.
    pub shares: [f64; 2],
}

/// The first two principal axes of the samples `fit` of `acts` (unit-major, `n` samples,
/// `width ≥ 2` units): eigenvectors of the units' covariance. Each direction is turned to
/// point the way `previous`'s does (so the picture does not flip from frame to frame), or
/// else so that its largest component is positive.
pub fn principal_axes(
    acts: &[f64],
    n: usize,
    width: usize,
    fit: std::ops::Range<usize>,
    previous: Option<&[Vec<f64>; 2]>,
) -> PrincipalAxes {
    let count = fit.len().max(1) as f64;
    let value = |u: usize, i: usize| acts.get(u * n + i).copied().unwrap_or(0.0);
    let mean: Vec<f64> = (0..width)
        .map(|u| fit.clone().map(|i| value(u, i)).sum::<f64>() / count)
        .collect();
    let mut cov = DMatrix::zeros(width, width);
    for r in 0..width {
        for c in r..width {
            let s: f64 = fit
                .clone()
                .map(|i| (value(r, i) - mean[r]) * (value(c, i) - mean[c]))
                .sum::<f64>()
                / count;
            let s = if s.is_finite() { s } else { 0.0 };
            cov[(r, c)] = s;
            cov[(c, r)] = s;
        }
    }
    let eig = SymmetricEigen::new(cov);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let total: f64 = eig.eigenvalues.iter().map(|v| v.max(0.0)).sum();
    let pick = |k: usize| {
        let c = order.get(k).copied().unwrap_or(0);
        let mut dir: Vec<f64> = eig.eigenvectors.column(c).iter().copied().collect();
        let reference = previous.and_then(|p| p.get(k)).filter(|p| p.len() == width);
        let flip = match reference {
            Some(p) => dir.iter().zip(p).map(|(a, b)| a * b).sum::<f64>() < 0.0,
            None => {
                let big = dir.iter().copied().fold(
                    0.0,
                    |m: f64, v| {
                        if v.abs() > m.abs() { v } else { m }
                    },
                );
                big < 0.0
            }
        };
        if flip {
            dir.iter_mut().for_each(|v| *v = -*v);
        }
        let share = if total > 0.0 {
            eig.eigenvalues[c].max(0.0) / total
        } else {
            0.0
        };
        (dir, share)
    };
    let (d0, s0) = pick(0);
    let (d1, s1) = pick(1);
    PrincipalAxes {
        mean,
        dirs: [d0, d1],
        shares: [s0, s1],
    }
}

/// The smallest and largest finite coordinates, widened by 5 % (and to at least ±0.5 around
/// a single value).
fn fitted_bounds(coords: &[Vec<f64>; 2]) -> ([f32; 2], [f32; 2]) {
    let mut min = [0f32; 2];
    let mut max = [0f32; 2];
    for (axis, values) in coords.iter().enumerate() {
        let (lo, hi) = values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (-1.0, 1.0) };
        let margin = ((hi - lo) * 0.05).max(if hi - lo < 1e-9 { 0.5 } else { 0.0 });
        min[axis] = (lo - margin) as f32;
        max[axis] = (hi + margin) as f32;
    }
    (min, max)
}
