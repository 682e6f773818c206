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
}
