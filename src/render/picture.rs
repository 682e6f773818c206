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
    let (width, height) = (img.width, img.height);
    let to_pixel = |pos: [f64; 2]| picture_pixel(grid, width, height, pos);
    let radius = point_radius_for(img.width, img.height);
    draw_points(&mut img, points, to_pixel, radius, &style.palette);
    img
}

/// Where [`render_picture`] puts data position `[x, y]` in a `width` × `height` picture of
/// `grid`, in continuous pixel coordinates (sample `(col, row)` is the centre of pixel
/// `(col, row)`). The legend uses it to stay clear of the points.
pub fn picture_pixel(grid: &GridSpec, width: usize, height: usize, [x, y]: [f64; 2]) -> [f32; 2] {
    let col = sample_index(x, grid.x0, grid.dx);
    let row = sample_index(y, grid.y0, grid.dy);
    [
        ((col + 0.5) * axis_scale(width, grid.nx)) as f32,
        ((row + 0.5) * axis_scale(height, grid.ny)) as f32,
    ]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Bounds;

    #[test]
    fn radius_grows_with_size_but_not_below_3() {
        assert_eq!(point_radius_for(50, 50), 3.0);
        assert!(point_radius_for(500, 400) > 6.0);
        assert_eq!(point_radius_for(640, 1000), 10.0);
    }

    #[test]
    fn point_lands_on_its_sample_pixel() {
        let bounds = Bounds {
            x_min: 0.0,
            x_max: 7.0,
            y_min: -2.0,
            y_max: 9.0,
        };
        let grid = GridSpec::linspace(&bounds, 71, 111);
        let pred = GridPrediction {
            nx: 71,
            ny: 111,
            classes: 2,
            probs: vec![0.5; 71 * 111 * 2],
        };
        let style = HeatmapStyle::default();
        // Sample (30, 40) sits at x = 3.0, y = 9 - 40 * 0.1 = 5.0.
        let pt = LabeledPoint::new(3.0, 5.0, 1);
        let img = render_picture(&pred, &grid, &[pt], &style);
        let [r, g, b] = style.palette.color(1);
        assert_eq!(img.get(30, 40), Some([r, g, b, 255]));
        assert_eq!(
            img.get(30, 60).map(|p| [p[0], p[1], p[2]]),
            Some(style.palette.background)
        );
    }

    #[test]
    fn mismatched_or_degenerate_grids_do_not_panic() {
        let pred = GridPrediction {
            nx: 20,
            ny: 10,
            classes: 2,
            probs: vec![0.3; 400],
        };
        let flat = GridSpec {
            nx: 0,
            ny: 5,
            x0: 0.0,
            dx: 0.0,
            y0: f64::NAN,
            dy: f64::INFINITY,
        };
        let img = render_picture(
            &pred,
            &flat,
            &[LabeledPoint::new(1.0, 1.0, 0)],
            &HeatmapStyle::default(),
        );
        assert_eq!((img.width, img.height), (20, 10));
    }
}
