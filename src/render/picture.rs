//! The complete exported picture: heatmap, boundary and points.

use super::heatmap::{HeatmapStyle, heatmap};
use super::points::draw_points;
use super::raster::Rgba8Image;
use crate::data::LabeledPoint;
use crate::nn::grid::{GridPrediction, GridSpec};

/// Point radius in pixels for a `width` × `height` picture: grows with the picture,
/// never below 3 px.
pub fn point_radius_for(width: usize, height: usize) -> f32 {
    (width.min(height) as f32 / 64.0).max(3.0)
}

/// Renders `pred` (one pixel per sample) with `points` placed by `grid`'s own
/// data→pixel mapping: sample `(col, row)` is the centre of pixel `(col, row)`.
///
/// `grid` should have the same size as `pred`; if not, positions are scaled to the image.
pub fn render_picture(
    pred: &GridPrediction,
    grid: &GridSpec,
    points: &[LabeledPoint],
    style: &HeatmapStyle,
) -> Rgba8Image {
    let mut img = heatmap(pred, style);
    let scale_x = axis_scale(img.width, grid.nx);
    let scale_y = axis_scale(img.height, grid.ny);
    let to_pixel = |[x, y]: [f64; 2]| {
        let col = sample_index(x, grid.x0, grid.dx);
        let row = sample_index(y, grid.y0, grid.dy);
        [
            ((col + 0.5) * scale_x) as f32,
            ((row + 0.5) * scale_y) as f32,
        ]
    };
    let radius = point_radius_for(img.width, img.height);
    draw_points(&mut img, points, to_pixel, radius, &style.palette);
    img
}

/// Fractional sample index of `v` on an axis starting at `v0` with step `step`
/// (a degenerate step puts everything on sample 0).
fn sample_index(v: f64, v0: f64, step: f64) -> f64 {
    if step != 0.0 && step.is_finite() {
        (v - v0) / step
    } else {
        0.0
    }
}

/// Pixels per grid sample along one axis.
fn axis_scale(pixels: usize, samples: usize) -> f64 {
    if samples == 0 {
        1.0
    } else {
        pixels as f64 / samples as f64
    }
}
