//! Regular grids over the input plane and the model's outputs on them.

use crate::data::Bounds;

/// A regular grid of sample positions in data space, stored row by row from the top.
///
/// Sample `(col, row)` sits at `x = x0 + col * dx`, `y = y0 + row * dy`; row 0 is the top
/// of the picture, so `dy` is normally negative.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridSpec {
    /// Number of columns.
    pub nx: usize,
    /// Number of rows.
    pub ny: usize,
    /// x of column 0.
    pub x0: f64,
    /// Step between columns.
    pub dx: f64,
    /// y of row 0 (the top row).
    pub y0: f64,
    /// Step between rows (negative: rows go down).
    pub dy: f64,
}

impl GridSpec {
    /// The tutorial's grid: `nx` × `ny` samples with both ends of each axis included
    /// (numpy's `linspace(min, max, n)`).
    pub fn linspace(bounds: &Bounds, nx: usize, ny: usize) -> Self {
        let step = |lo: f64, hi: f64, n: usize| {
            if n > 1 {
                (hi - lo) / (n - 1) as f64
            } else {
                0.0
            }
        };
        Self {
            nx,
            ny,
            x0: bounds.x_min,
            dx: step(bounds.x_min, bounds.x_max, nx),
            y0: bounds.y_max,
            dy: -step(bounds.y_min, bounds.y_max, ny),
        }
    }

    /// `nx` × `ny` pixel centres covering `bounds` exactly (for textures drawn over `bounds`).
    pub fn cell_centers(bounds: &Bounds, nx: usize, ny: usize) -> Self {
        let dx = bounds.width() / nx.max(1) as f64;
        let dy = bounds.height() / ny.max(1) as f64;
        Self {
            nx,
            ny,
            x0: bounds.x_min + 0.5 * dx,
            dx,
            y0: bounds.y_max - 0.5 * dy,
            dy: -dy,
        }
    }

    /// Data-space position of sample `(col, row)`.
    pub fn pos_in_data(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.x0 + col as f64 * self.dx,
            self.y0 + row as f64 * self.dy,
        ]
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.nx * self.ny
    }

    /// `true` when the grid has no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Class probabilities of a model on every sample of a [`GridSpec`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridPrediction {
    /// Number of columns.
    pub nx: usize,
    /// Number of rows.
    pub ny: usize,
    /// Number of classes `k` (at least 2; a single sigmoid output gives `[1 - p, p]`).
    pub classes: usize,
    /// `probs[(row * nx + col) * classes + c]` = probability of class `c` at that sample.
    pub probs: Vec<f32>,
}

impl GridPrediction {
    /// Probabilities of all classes at `(col, row)`.
    pub fn at(&self, col: usize, row: usize) -> &[f32] {
        let start = (row * self.nx + col) * self.classes;
        self.probs.get(start..start + self.classes).unwrap_or(&[])
    }

    /// Bilinear interpolation of this prediction (sampled on `from`) at the samples of `to`,
    /// into `out`. Outside `from`'s samples the nearest edge value is used. Probabilities stay
    /// probabilities (a convex combination of distributions is one).
    ///
    /// A big network's heatmap is predicted on a coarse grid and shown through this at the
    /// canvas's resolution, so the decision boundary drawn from it is smooth, not blocky.
    pub fn resample_into(&self, from: &GridSpec, to: &GridSpec, out: &mut GridPrediction) {
        let k = self.classes;
        out.nx = to.nx;
        out.ny = to.ny;
        out.classes = k;
        out.probs.clear();
        if self.nx == 0 || self.ny == 0 || self.probs.len() != self.nx * self.ny * k {
            out.probs.resize(to.len() * k, 0.0);
            return;
        }
        // Fractional source index of each target column / row, and its two neighbours.
        let axis = |n_to: usize, o_to: f64, d_to: f64, n_from: usize, o_from: f64, d_from: f64| {
            (0..n_to)
                .map(|i| {
                    let f = if d_from != 0.0 {
                        (o_to + i as f64 * d_to - o_from) / d_from
                    } else {
                        0.0
                    };
                    let f = if f.is_finite() {
                        f.clamp(0.0, (n_from - 1) as f64)
                    } else {
                        0.0
                    };
                    let i0 = f.floor() as usize;
                    let i1 = (i0 + 1).min(n_from - 1);
                    (i0, i1, (f - i0 as f64) as f32)
                })
                .collect::<Vec<_>>()
        };
        let cols = axis(to.nx, to.x0, to.dx, self.nx, from.x0, from.dx);
        let rows = axis(to.ny, to.y0, to.dy, self.ny, from.y0, from.dy);
        out.probs.reserve(to.len() * k);
        for &(r0, r1, ty) in &rows {
            let (top, bottom) = (r0 * self.nx, r1 * self.nx);
            for &(c0, c1, tx) in &cols {
                let (a, b, c, d) = (
                    self.at_index(top + c0),
                    self.at_index(top + c1),
                    self.at_index(bottom + c0),
                    self.at_index(bottom + c1),
                );
                for j in 0..k {
                    let get = |v: &[f32]| v.get(j).copied().unwrap_or(0.0);
                    let upper = get(a) + (get(b) - get(a)) * tx;
                    let lower = get(c) + (get(d) - get(c)) * tx;
                    out.probs.push(upper + (lower - upper) * ty);
                }
            }
        }
    }

    /// Probabilities of sample `i` (row-major).
    fn at_index(&self, i: usize) -> &[f32] {
        let start = i * self.classes;
        self.probs.get(start..start + self.classes).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-class prediction whose class-1 probability is affine in the data position.
    fn affine(grid: &GridSpec, f: impl Fn(f64, f64) -> f64) -> GridPrediction {
        let mut probs = Vec::new();
        for row in 0..grid.ny {
            for col in 0..grid.nx {
                let [x, y] = grid.pos_in_data(col, row);
                let p = f(x, y) as f32;
                probs.extend([1.0 - p, p]);
            }
        }
        GridPrediction {
            nx: grid.nx,
            ny: grid.ny,
            classes: 2,
            probs,
        }
    }

    #[test]
    fn resampling_is_exact_for_affine_maps_and_keeps_probabilities() {
        let bounds = Bounds {
            x_min: -2.0,
            x_max: 6.0,
            y_min: -1.0,
            y_max: 3.0,
        };
        let f = |x: f64, y: f64| 0.5 + 0.04 * x - 0.07 * y;
        let coarse = GridSpec::cell_centers(&bounds, 13, 9);
        let fine = GridSpec::cell_centers(&bounds, 200, 150);
        let mut out = GridPrediction::default();
        affine(&coarse, f).resample_into(&coarse, &fine, &mut out);
        assert_eq!((out.nx, out.ny, out.classes), (200, 150, 2));
        assert_eq!(out.probs.len(), 200 * 150 * 2);
        let hull_x = (coarse.x0, coarse.x0 + 12.0 * coarse.dx);
        let hull_y = (coarse.y0 + 8.0 * coarse.dy, coarse.y0);
        for row in 0..fine.ny {
            for col in 0..fine.nx {
                let [x, y] = fine.pos_in_data(col, row);
                // Outside the coarse samples the edge value holds.
                let (cx, cy) = (x.clamp(hull_x.0, hull_x.1), y.clamp(hull_y.0, hull_y.1));
                let p = out.at(col, row);
                assert!(
                    (p[1] as f64 - f(cx, cy)).abs() < 1e-5,
                    "({col},{row}): {p:?}"
                );
                assert!((p[0] + p[1] - 1.0).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn resampling_onto_the_same_grid_changes_nothing() {
        let bounds = Bounds {
            x_min: 0.0,
            x_max: 1.0,
            y_min: 0.0,
            y_max: 1.0,
        };
        let grid = GridSpec::cell_centers(&bounds, 7, 5);
        let pred = affine(&grid, |x, y| (x * 7.0).sin().abs() * y);
        let mut out = GridPrediction::default();
        pred.resample_into(&grid, &grid, &mut out);
        for (a, b) in out.probs.iter().zip(&pred.probs) {
            assert!((a - b).abs() < 1e-6);
        }
        assert_eq!(out.probs.len(), pred.probs.len());
    }
}
