//! The hidden-space plot as one picture: the warped grid lines and the points drawn on the
//! CPU into a texture when the worker's picture, the plot's place or its bounds change, and
//! shown as one quad.
//!
//! Drawn as egui shapes, the 42 grid lines of 63 segments were ~5,300 thin triangles a
//! frame. A software renderer (Mesa's llvmpipe, what a machine without a GPU driver uses)
//! sets up and blends every one of them, and the frames came further apart: measured under
//! Xvfb on a 2-core AMD EPYC (Zen 4) with the tutorial training flat out, 62 fps and an edit
//! latency of 17.5 ms with the view open, against 74 fps and 14.8 ms with it closed. The
//! points reuse the canvas's sprites ([`super::super::canvas::layer::Stamps`]).

use super::super::canvas::layer::{Stamps, show_picture};
use super::super::canvas::paint::{POINT_RADIUS as CANVAS_POINT_RADIUS, PointSprites};
use crate::nn::HiddenSpace;
use crate::nn::hidden_space::SpacePoint;
use crate::render::ValueScale;
use egui::{Color32, Rect};
use std::sync::Arc;

/// Radius of a drawn point, in points (smaller than the canvas's: the plot is small).
const POINT_RADIUS: f32 = 4.0;
/// Half the width of a grid line, in points (a line one point wide).
const LINE_HALF_WIDTH: f32 = 0.5;
/// The grid lines' grey.
const LINE_GREY: u8 = 200;

/// What a picture was drawn from.
#[derive(Clone, Debug)]
struct PictureKey {
    space: Arc<HiddenSpace>,
    rect: Rect,
    bounds: [[f32; 2]; 2],
    values: Option<ValueScale>,
    pixels_per_point: f32,
}

impl PictureKey {
    fn same(&self, other: &PictureKey) -> bool {
        Arc::ptr_eq(&self.space, &other.space)
            && self.rect == other.rect
            && self.bounds == other.bounds
            && self.values == other.values
            && self.pixels_per_point == other.pixels_per_point
    }
}

/// The plot's picture, its texture and what it was drawn from.
#[derive(Default)]
pub(crate) struct SpacePicture {
    key: Option<PictureKey>,
    texture: Option<(egui::TextureHandle, Rect)>,
    /// The point sprites at the size drawn, and that size in pixels a point.
    sprite: Option<(f32, egui::ColorImage)>,
    /// Line coverage of each pixel (kept between pictures: no allocation per picture).
    coverage: Vec<f32>,
}

impl std::fmt::Debug for SpacePicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpacePicture")
            .field("drawn", &self.key.is_some())
            .finish()
    }
}

impl Clone for SpacePicture {
    /// A clone starts without a picture (the next frame draws one).
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl SpacePicture {
    /// Brings the picture up to date with `space` drawn in `rect` with the data bounds
    /// `bounds` (`[min, max]`, mapped to `rect` shrunk by a small margin); returns its
    /// texture and rectangle (`rect` out to whole pixels).
    pub(crate) fn prepare(
        &mut self,
        ctx: &egui::Context,
        space: &Arc<HiddenSpace>,
        rect: Rect,
        bounds: [[f32; 2]; 2],
        values: Option<ValueScale>,
        colour: &dyn Fn(&SpacePoint, Option<ValueScale>) -> Color32,
    ) -> Option<(egui::TextureId, Rect)> {
        let key = PictureKey {
            space: Arc::clone(space),
            rect,
            bounds,
            values,
            pixels_per_point: ctx.pixels_per_point(),
        };
        if !self.key.as_ref().is_some_and(|k| k.same(&key)) {
            self.draw(ctx, key, colour);
        }
        self.texture.as_ref().map(|(t, r)| (t.id(), *r))
    }

    fn draw(
        &mut self,
        ctx: &egui::Context,
        key: PictureKey,
        colour: &dyn Fn(&SpacePoint, Option<ValueScale>) -> Color32,
    ) {
        let ppp = key.pixels_per_point;
        let (image, px_min, px_max) = self.paint(&key, colour);
        show_picture(
            ctx,
            &mut self.texture,
            "nnviz-hidden-space",
            image,
            [px_min, px_max],
            ppp,
        );
        self.key = Some(key);
    }

    /// The picture of `key` (premultiplied), and its corners in whole pixels.
    fn paint(
        &mut self,
        key: &PictureKey,
        colour: &dyn Fn(&SpacePoint, Option<ValueScale>) -> Color32,
    ) -> (egui::ColorImage, egui::Vec2, egui::Vec2) {
        let ppp = key.pixels_per_point;
        let px_min = (key.rect.min.to_vec2() * ppp).floor();
        let px_max = (key.rect.max.to_vec2() * ppp).ceil();
        let w = ((px_max.x - px_min.x) as usize).max(1);
        let h = ((px_max.y - px_min.y) as usize).max(1);
        // The margin inside the plot's frame, as the shapes had it.
        let inner = key.rect.shrink(6.0);
        let [min, max] = key.bounds;
        let to_pixels = |p: [f32; 2]| -> Option<[f32; 2]> {
            let x = (p[0] - min[0]) / (max[0] - min[0]).max(1e-12);
            let y = (p[1] - min[1]) / (max[1] - min[1]).max(1e-12);
            (x.is_finite() && y.is_finite()).then(|| {
                [
                    (inner.min.x + x * inner.width()) * ppp - px_min.x,
                    (inner.max.y - y * inner.height()) * ppp - px_min.y,
                ]
            })
        };
        self.coverage.clear();
        self.coverage.resize(w * h, 0.0);
        let half = LINE_HALF_WIDTH * ppp.max(1.0);
        for line in &key.space.lines {
            let mut prev = None;
            for p in line {
                let here = to_pixels(*p);
                if let (Some(a), Some(b)) = (prev, here) {
                    segment_coverage(&mut self.coverage, w, h, a, b, half);
                }
                prev = here;
            }
        }
        // One pass from coverage to colour through a table of the 256 alphas, without a
        // branch per pixel (whether a pixel is on a line is not predictable).
        let shades: Vec<Color32> = (0..=255u8)
            .map(|a| Color32::from_gray(LINE_GREY).gamma_multiply_u8(a))
            .collect();
        // `as u8` saturates (NaN gives 0); + 0.5 rounds without `round`'s library call.
        let pixels = self
            .coverage
            .iter()
            .map(|c| shades[(c * 255.0 + 0.5) as u8 as usize])
            .collect();
        let mut image = egui::ColorImage::new([w, h], pixels);
        let sprite_ppp = ppp * POINT_RADIUS / CANVAS_POINT_RADIUS;
        if self.sprite.as_ref().is_none_or(|(p, _)| *p != sprite_ppp) {
            self.sprite = Some((sprite_ppp, PointSprites::image(sprite_ppp)));
        }
        if let Some((_, sprite)) = &self.sprite {
            let mut stamps = Stamps::new(sprite);
            for p in &key.space.points {
                if let Some(at) = to_pixels(p.pos_in_space) {
                    stamps.stamp(&mut image, at, p.test, colour(p, key.values));
                }
            }
        }
        (image, px_min, px_max)
    }
}

/// Raises `coverage` (a `w × h` image, row-major) to the anti-aliased coverage of the
/// segment from `a` to `b` (pixel coordinates), a line `2 × half` pixels wide. The maximum,
/// not a sum: where two segments of a line meet the joint is not drawn darker.
///
/// Xiaolin Wu's lines: each pixel row along the segment's major axis shades the two pixels
/// whose centres lie either side of the line, by their distance to it, scaled so that a
/// diagonal looks as heavy as a horizontal line (coverage may exceed 1: the caller clamps).
/// No branch on the data and no library call per pixel: ~11 ns a row here, against ~21 ns
/// for covering 3–4 pixels a row by their exact distance and ~1.5 ms a picture with a
/// square root a pixel.
fn segment_coverage(coverage: &mut [f32], w: usize, h: usize, a: [f32; 2], b: [f32; 2], half: f32) {
    let d = [b[0] - a[0], b[1] - a[1]];
    if !(d[0].is_finite() && d[1].is_finite() && a[0].is_finite() && a[1].is_finite()) {
        return;
    }
    // Axis 0 = x: `major` is the axis the segment runs along more.
    let major = usize::from(d[1].abs() > d[0].abs());
    let minor = 1 - major;
    if d[major] == 0.0 {
        return;
    }
    let slope = d[minor] / d[major];
    // 1 / cos of the line's angle to the major axis: a diagonal's rows are further apart.
    let weight = 2.0 * half * (1.0 + slope * slope).sqrt();
    let size = [w as isize, h as isize];
    // Strides of one step along the major and the minor axis.
    let (step_major, step_minor) = if major == 0 { (1, w) } else { (w, 1) };
    let (lo, hi) = (a[major].min(b[major]), a[major].max(b[major]));
    let first = ceil_to_int(lo - 0.5).max(0);
    let last = floor_to_int(hi - 0.5).min(size[major] - 1);
    for m in first..=last {
        // The line's place across the row, in pixel units from the first pixel's centre.
        let at = a[minor] + (m as f32 + 0.5 - a[major]) * slope - 0.5;
        let n0 = floor_to_int(at);
        let f = at - n0 as f32;
        let row = m as usize * step_major;
        // Saturating: an end far off the image puts `at` beyond any pixel.
        for (n, c) in [(n0, 1.0 - f), (n0.saturating_add(1), f)] {
            if (0..size[minor]).contains(&n) {
                let cell = &mut coverage[row + n as usize * step_minor];
                *cell = cell.max(c * weight);
            }
        }
    }
}

/// `x.floor()` as an integer (saturating at the ends of `isize`), without the library call
/// `floor` is on the baseline x86-64 build (no SSE4.1).
fn floor_to_int(x: f32) -> isize {
    let t = x as isize;
    t.saturating_sub(isize::from((t as f32) > x))
}

/// `x.ceil()` as an integer (saturating); see [`floor_to_int`].
fn ceil_to_int(x: f32) -> isize {
    let t = x as isize;
    t.saturating_add(isize::from((t as f32) < x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn covered(coverage: &[f32], w: usize) -> Vec<(usize, usize)> {
        coverage
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0.5)
            .map(|(i, _)| (i % w, i / w))
            .collect()
    }

    #[test]
    fn the_picture_puts_lines_and_points_where_the_bounds_say() {
        use crate::nn::hidden_space::SpaceAxis;
        use crate::nn::{HiddenSpaceSpec, Projection, SpaceLayer};
        let point = |pos_in_space, class, test| SpacePoint {
            pos_in_space,
            class,
            value: 0.0,
            test,
        };
        let space = Arc::new(HiddenSpace {
            spec: HiddenSpaceSpec {
                layer: SpaceLayer::Hidden(0),
                projection: Projection::Units([0, 1]),
            },
            width: 2,
            points: vec![point([0.25, 0.75], 0, false), point([0.75, 0.25], 1, true)],
            // One line of constant y, across the plot at pixel row 55 (centre 55.5).
            lines: vec![vec![[0.0, 0.505], [1.0, 0.505]]],
            axes: [SpaceAxis::Unit(0), SpaceAxis::Unit(1)],
            min: [0.0, 0.0],
            max: [1.0, 1.0],
        });
        // 112 × 112 points at 1 pixel a point: the data's 0..1 maps to pixels 6..106.
        let key = PictureKey {
            space: Arc::clone(&space),
            rect: Rect::from_min_max(pos2(0.0, 0.0), pos2(112.0, 112.0)),
            bounds: [[0.0, 0.0], [1.0, 1.0]],
            values: None,
            pixels_per_point: 1.0,
        };
        let colour =
            |p: &SpacePoint, _: Option<ValueScale>| [Color32::RED, Color32::BLUE][p.class.min(1)];
        let mut picture = SpacePicture::default();
        let (image, min, max) = picture.paint(&key, &colour);
        assert_eq!(
            (image.size, min, max),
            ([112, 112], egui::Vec2::ZERO, egui::vec2(112.0, 112.0))
        );
        // The line: opaque grey on its row, nothing two rows off.
        assert_eq!(image[(20, 55)], Color32::from_gray(LINE_GREY));
        assert_eq!(image[(20, 58)], Color32::TRANSPARENT);
        // Point 0 at (31, 31): a filled disk of its colour.
        assert_eq!(image[(31, 31)], Color32::RED);
        // The test point at (81, 81): a ring, empty in the middle, its colour on the ring.
        assert_eq!(image[(81, 81)], Color32::TRANSPARENT);
        let ring = image[(81 + 4, 81)];
        assert!(ring.b() > 100 && ring.r() < 60, "ring pixel {ring:?}");
    }

    #[test]
    fn a_horizontal_segment_covers_its_row_of_pixels() {
        let (w, h) = (10, 5);
        let mut c = vec![0.0; w * h];
        // Along the middle of row 2, from the centre of pixel 2 to the centre of pixel 6.
        segment_coverage(&mut c, w, h, [2.5, 2.5], [6.5, 2.5], 0.5);
        assert_eq!(covered(&c, w), (2..=6).map(|x| (x, 2)).collect::<Vec<_>>());
        // Fully covered on the line, untouched two rows away.
        assert_eq!(c[2 * w + 4], 1.0);
        assert_eq!(c[4 * w + 4], 0.0);
    }

    #[test]
    fn a_steep_segment_covers_its_column_and_joints_are_not_summed() {
        let (w, h) = (5, 10);
        let mut c = vec![0.0; w * h];
        segment_coverage(&mut c, w, h, [1.5, 1.5], [1.5, 5.5], 0.5);
        segment_coverage(&mut c, w, h, [1.5, 5.5], [1.5, 8.5], 0.5);
        assert_eq!(covered(&c, w), (1..=8).map(|y| (1, y)).collect::<Vec<_>>());
        // The joint at (1, 5): the maximum of the two, not their sum.
        assert_eq!(c[5 * w + 1], 1.0);
    }

    #[test]
    fn a_diagonal_segment_is_continuous_and_off_image_parts_are_cut() {
        let (w, h) = (8, 8);
        let mut c = vec![0.0; w * h];
        // From far outside the image through it: no panic, and the diagonal is drawn.
        segment_coverage(&mut c, w, h, [-20.5, -20.5], [20.5, 20.5], 0.5);
        for i in 0..w {
            assert!(
                c[i * w + i] > 0.9,
                "pixel ({i}, {i}) on the diagonal: {}",
                c[i * w + i]
            );
        }
        // An end so far off that the line's place saturates the pixel index: nothing drawn,
        // no overflow.
        let mut e = vec![0.0; w * h];
        segment_coverage(&mut e, w, h, [0.5, 1e30], [1e31, 0.5], 0.5);
        segment_coverage(&mut e, w, h, [0.5, -1e30], [1e31, 0.5], 0.5);
        assert!(e.iter().all(|v| *v == 0.0));
        // Non-finite ends draw nothing.
        let mut d = vec![0.0; w * h];
        segment_coverage(&mut d, w, h, [0.0, 0.0], [f32::NAN, 3.0], 0.5);
        assert!(d.iter().all(|v| *v == 0.0));
    }
}
