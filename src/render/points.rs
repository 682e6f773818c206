//! Data points drawn as anti-aliased markers on top of a heatmap.

use super::palette::Palette;
use super::raster::Rgba8Image;
use crate::data::LabeledPoint;

/// Markers larger than this are clamped, so a silly radius cannot stall the frame.
const MAX_RADIUS_PX: f32 = 512.0;
/// Opacity of the light halo just outside the dark outline (lifts points off dark regions).
const HALO_OPACITY: f32 = 0.55;
/// Halo colour.
const HALO: [f32; 3] = [255.0, 255.0, 255.0];

/// Draws `points` into `img` as filled disks in their class colour with a dark outline
/// and a faint light halo; test points are drawn hollow (a ring in the class colour).
///
/// `pixel_from_data` maps a data position to continuous pixel coordinates in which pixel
/// `(x, y)` covers `[x, x + 1) × [y, y + 1)` (so its centre is at `x + 0.5, y + 0.5`).
/// Points off the image are clipped; non-finite positions or radii are skipped.
pub fn draw_points(
    img: &mut Rgba8Image,
    points: &[LabeledPoint],
    pixel_from_data: impl Fn([f64; 2]) -> [f32; 2],
    radius_px: f32,
    palette: &Palette,
) {
    if !radius_px.is_finite() || radius_px <= 0.0 || !img.is_consistent() {
        return;
    }
    draw_points_coloured(
        img,
        points,
        pixel_from_data,
        radius_px,
        palette.outline,
        |p| palette.color(p.class),
    );
}

/// [`draw_points`] with each point's fill colour from `fill` (regression points take their
/// value's colour) and the outline colour `outline`.
pub fn draw_points_coloured(
    img: &mut Rgba8Image,
    points: &[LabeledPoint],
    pixel_from_data: impl Fn([f64; 2]) -> [f32; 2],
    radius_px: f32,
    outline: [u8; 3],
    fill: impl Fn(&LabeledPoint) -> [u8; 3],
) {
    if !radius_px.is_finite() || radius_px <= 0.0 || !img.is_consistent() {
        return;
    }
    let radius = radius_px.min(MAX_RADIUS_PX);
    let outline = outline.map(f32::from);
    for p in points {
        let [cx, cy] = pixel_from_data(p.pos_in_data);
        if !cx.is_finite() || !cy.is_finite() {
            continue;
        }
        let marker = Marker::new(radius, fill(p).map(f32::from), outline, p.test);
        marker.draw(img, cx, cy);
    }
}

/// Concentric annuli, outermost first: `(inner radius, outer radius, colour, opacity)`.
struct Marker {
    rings: [(f32, f32, [f32; 3], f32); 4],
    outer: f32,
}

impl Marker {
    fn new(radius: f32, fill: [f32; 3], outline: [f32; 3], hollow: bool) -> Self {
        // Outline ~1 px on small markers, a little thicker on big ones.
        let ow = (radius * 0.2).clamp(1.0, 2.5);
        let halo = (radius * 0.15).clamp(0.75, 1.5);
        let inside = (radius - ow).max(0.0);
        let rings = if hollow {
            let ring = (radius * 0.24).max(1.25).min(inside);
            let hole = (inside - ring).max(0.0);
            [
                (radius, radius + halo, HALO, HALO_OPACITY),
                (inside, radius, outline, 1.0),
                (hole, inside, fill, 1.0),
                // Thin inner edge so the hole reads as a hole on a same-coloured region.
                ((hole - 0.5 * ow).max(0.0), hole, outline, 0.6),
            ]
        } else {
            [
                (radius, radius + halo, HALO, HALO_OPACITY),
                (inside, radius, outline, 1.0),
                (0.0, inside, fill, 1.0),
                (0.0, 0.0, fill, 0.0),
            ]
        };
        Self {
            rings,
            outer: radius + halo,
        }
    }

    /// Composites the marker centred at `(cx, cy)`, touching only pixels on the image.
    fn draw(&self, img: &mut Rgba8Image, cx: f32, cy: f32) {
        let reach = self.outer + 1.0;
        // Saturating float→int casts clip far-away points to an empty range.
        let x_lo = (cx - reach).floor().max(0.0) as usize;
        let y_lo = (cy - reach).floor().max(0.0) as usize;
        let x_hi = ((cx + reach).ceil().max(0.0) as usize).min(img.width);
        let y_hi = ((cy + reach).ceil().max(0.0) as usize).min(img.height);
        let width = img.width;
        for y in y_lo..y_hi {
            let dy = y as f32 + 0.5 - cy;
            for x in x_lo..x_hi {
                let dx = x as f32 + 0.5 - cx;
                let dist = (dx * dx + dy * dy).sqrt();
                if dist > reach {
                    continue;
                }
                let i = (y * width + x) * 4;
                let Some(px) = img.pixels.get_mut(i..i + 4) else {
                    continue;
                };
                blend_pixel(px, &self.rings, dist);
            }
        }
    }
}

/// Share of a pixel whose centre is `dist` away covered by the disk of radius `r`
/// (1 px linear ramp; capped by the disk's own area so tiny or zero radii cover nothing).
#[inline]
fn coverage(r: f32, dist: f32) -> f32 {
    (r - dist + 0.5)
        .clamp(0.0, 1.0)
        .min(std::f32::consts::PI * r * r)
}

/// Blends the annuli over one pixel. Annuli are disjoint, so their coverages add up to at
/// most 1 and one weighted sum composites them all.
fn blend_pixel(px: &mut [u8], rings: &[(f32, f32, [f32; 3], f32)], dist: f32) {
    let mut total = 0.0f32;
    let mut acc = [0.0f32; 3];
    for &(inner, outer, color, opacity) in rings {
        if opacity <= 0.0 || outer <= inner {
            continue;
        }
        let a = (coverage(outer, dist) - coverage(inner, dist)).max(0.0) * opacity;
        total += a;
        for (s, c) in acc.iter_mut().zip(color) {
            *s += a * c;
        }
    }
    if total <= 0.0 {
        return;
    }
    let total = total.min(1.0);
    for (v, s) in px.iter_mut().zip(acc) {
        *v = (f32::from(*v) * (1.0 - total) + s + 0.5) as u8;
    }
    if let Some(alpha) = px.get_mut(3) {
        *alpha = (f32::from(*alpha) * (1.0 - total) + 255.0 * total + 0.5) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BG: [u8; 4] = [200, 200, 200, 255];

    fn identity(p: [f64; 2]) -> [f32; 2] {
        [p[0] as f32, p[1] as f32]
    }

    fn rgb(img: &Rgba8Image, x: usize, y: usize) -> [u8; 3] {
        let [r, g, b, _] = img.get(x, y).unwrap_or([0; 4]);
        [r, g, b]
    }

    #[test]
    fn filled_point_has_class_centre_dark_rim_and_clean_surroundings() {
        let mut img = Rgba8Image::new(40, 40, BG);
        let palette = Palette::default();
        let pt = LabeledPoint::new(20.5, 10.0, 1);
        draw_points(&mut img, &[pt], identity, 6.0, &palette);
        assert_eq!(rgb(&img, 20, 10), palette.color(1));
        assert_eq!(rgb(&img, 22, 11), palette.color(1));
        // 5.5 px out lies fully inside the outline ring (4.8..6 px).
        assert_eq!(rgb(&img, 20, 15), palette.outline);
        assert_eq!(rgb(&img, 20, 4), palette.outline);
        // Far away untouched; alpha stays opaque.
        assert_eq!(img.get(20, 25), Some(BG));
        assert_eq!(img.get(5, 10), Some(BG));
        assert!(img.pixels.chunks_exact(4).all(|p| p[3] == 255));
    }

    #[test]
    fn symmetric_and_smooth_edges() {
        let mut img = Rgba8Image::new(30, 30, BG);
        draw_points(
            &mut img,
            &[LabeledPoint::new(15.0, 15.0, 0)],
            identity,
            5.0,
            &Palette::default(),
        );
        // Centred on a pixel corner: the four quadrants are mirror images.
        for d in 0..8 {
            assert_eq!(rgb(&img, 15 + d, 15), rgb(&img, 14 - d, 15));
            assert_eq!(rgb(&img, 15, 15 + d), rgb(&img, 15, 14 - d));
        }
        // Anti-aliased: off-grid centre gives many blended edge pixels, not a staircase.
        let mut img = Rgba8Image::new(30, 30, BG);
        let palette = Palette::default();
        draw_points(
            &mut img,
            &[LabeledPoint::new(15.3, 14.8, 0)],
            identity,
            5.0,
            &palette,
        );
        let pure = [palette.color(0), palette.outline, [200; 3]];
        let blended = (0..30)
            .flat_map(|y| (0..30).map(move |x| (x, y)))
            .filter(|&(x, y)| !pure.contains(&rgb(&img, x, y)))
            .count();
        assert!(blended >= 30, "only {blended} blended pixels");
    }

    #[test]
    fn test_point_is_hollow() {
        let mut img = Rgba8Image::new(40, 40, BG);
        let palette = Palette::default();
        let pt = LabeledPoint {
            pos_in_data: [20.5, 20.5],
            class: 0,
            test: true,
            value: 0.0,
        };
        draw_points(&mut img, &[pt], identity, 8.0, &palette);
        assert_eq!(img.get(20, 20), Some(BG), "centre shows the background");
        // The ring (between outline and hole) is in the class colour.
        assert_eq!(rgb(&img, 20 + 5, 20), palette.color(0));
    }

    #[test]
    fn off_image_and_degenerate_points_never_panic() {
        let palette = Palette::default();
        let mut img = Rgba8Image::new(16, 16, BG);
        let far = [
            [-1e30, 5.0],
            [5.0, 1e30],
            [f64::NAN, 1.0],
            [f64::INFINITY, f64::NEG_INFINITY],
            [-100.0, -100.0],
            [1e9, 8.0],
        ];
        let pts: Vec<_> = far
            .iter()
            .enumerate()
            .map(|(i, &[x, y])| LabeledPoint {
                pos_in_data: [x, y],
                class: i * 1000,
                test: i % 2 == 0,
                value: 0.0,
            })
            .collect();
        draw_points(&mut img, &pts, identity, 4.0, &palette);
        assert!(img.pixels.chunks_exact(4).all(|p| p == BG));
        for r in [0.0, -3.0, f32::NAN, f32::INFINITY, 1e30, 0.1] {
            draw_points(
                &mut img,
                &[LabeledPoint::new(8.0, 8.0, 0)],
                identity,
                r,
                &palette,
            );
        }
        // Partly clipped at a corner: the visible part is still drawn.
        let mut img = Rgba8Image::new(16, 16, BG);
        draw_points(
            &mut img,
            &[LabeledPoint::new(0.0, 0.0, 1)],
            identity,
            5.0,
            &palette,
        );
        assert_eq!(rgb(&img, 0, 0), palette.color(1));
        // Empty and inconsistent images are left alone.
        let mut empty = Rgba8Image::default();
        draw_points(&mut empty, &pts, identity, 4.0, &palette);
        let mut broken = Rgba8Image::new(4, 4, BG);
        broken.pixels.truncate(10);
        draw_points(
            &mut broken,
            &[LabeledPoint::new(2.0, 2.0, 0)],
            identity,
            3.0,
            &palette,
        );
        assert_eq!(broken.pixels.len(), 10);
    }
}
