//! A crowd of points as one picture: drawn on the CPU into a texture when the points or the
//! view change, and shown as one quad in every other frame.
//!
//! With a software renderer (Mesa's llvmpipe, what a machine without a GPU driver uses) each
//! of 10,000 point quads costs triangle setup and blending every frame: measured on a 2-core
//! AMD EPYC under Xvfb, the points took more of llvmpipe's time than the whole rest of the
//! window. A hardware renderer gains too (one quad instead of 20,000 triangles, no mesh
//! upload). The point being dragged changes in every frame; it is left out of the picture
//! and drawn on its own ([`PointLayer::prepare`] returns it), so a drag does not redraw the
//! other 9,999.

use super::paint::PointSprites;
use crate::data::{Bounds, LabeledPoint};
use egui::emath::RectTransform;
use egui::{Color32, Rect, pos2};

/// From this many points on, the canvas draws them as a layer (below, a mesh of sprites is
/// cheaper than a canvas-sized picture).
pub(crate) const LAYER_MIN_POINTS: usize = 1_000;

/// What the picture depends on besides the points.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayerKey {
    rect: Rect,
    view: Bounds,
    pixels_per_point: f32,
    size: f32,
    show_test_points: bool,
    values: Option<crate::render::ValueScale>,
}

/// The points' picture and what it was drawn from.
#[derive(Default)]
pub(crate) struct PointLayer {
    key: Option<LayerKey>,
    /// The points as they were drawn.
    points: Vec<LabeledPoint>,
    /// The point left out of the picture (drawn on its own).
    live: Option<usize>,
    /// The picture and its rectangle on screen (the plot, out to whole pixels).
    texture: Option<(egui::TextureHandle, Rect)>,
    /// The sprites' image at the size drawn, and that size in pixels a point.
    sprite: Option<(f32, egui::ColorImage)>,
}

/// How the points look: their fill colour.
pub(crate) type Colour<'a> = &'a dyn Fn(&LabeledPoint) -> Color32;

impl PointLayer {
    /// Brings the picture up to date with `points` shown in `rect` through `tf`, at `size`
    /// times their normal size; returns its texture and rectangle, and the point left out
    /// of it, which the caller draws. A picture is redrawn when the view or the look
    /// changed, or when points other than the left-out one did; when exactly one point
    /// moved, that one is left out of the new picture.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn prepare(
        &mut self,
        ctx: &egui::Context,
        points: &[LabeledPoint],
        rect: Rect,
        tf: &RectTransform,
        view: Bounds,
        size: f32,
        show_test_points: bool,
        values: Option<crate::render::ValueScale>,
        colour: Colour<'_>,
    ) -> Option<(egui::TextureId, Rect, Option<usize>)> {
        let key = LayerKey {
            rect,
            view,
            pixels_per_point: ctx.pixels_per_point(),
            size,
            show_test_points,
            values,
        };
        let redraw = if self.key == Some(key) && self.points.len() == points.len() {
            match changed_points(&self.points, points, self.live) {
                Changed::None => None,
                Changed::One(i) => Some(Some(i)),
                Changed::Many => Some(None),
            }
        } else {
            Some(None)
        };
        if let Some(live) = redraw {
            self.draw(ctx, points, tf, key, live, colour);
        }
        let (texture, r) = self.texture.as_ref()?;
        Some((texture.id(), *r, self.live))
    }

    fn draw(
        &mut self,
        ctx: &egui::Context,
        points: &[LabeledPoint],
        tf: &RectTransform,
        key: LayerKey,
        live: Option<usize>,
        colour: Colour<'_>,
    ) {
        let ppp = key.pixels_per_point;
        let px_min = (key.rect.min.to_vec2() * ppp).floor();
        let px_max = (key.rect.max.to_vec2() * ppp).ceil();
        let (w, h) = (
            (px_max.x - px_min.x) as usize,
            (px_max.y - px_min.y) as usize,
        );
        let sprite_ppp = ppp * key.size;
        if self.sprite.as_ref().is_none_or(|(p, _)| *p != sprite_ppp) {
            self.sprite = Some((sprite_ppp, PointSprites::image(sprite_ppp)));
        }
        let Some((_, sprite)) = &self.sprite else {
            return;
        };
        let mut image = egui::ColorImage::filled([w.max(1), h.max(1)], Color32::TRANSPARENT);
        let mut stamps = Stamps::new(sprite);
        for (i, p) in points.iter().enumerate() {
            if Some(i) == live || (p.test && !key.show_test_points) {
                continue;
            }
            let c = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            let at = [c.x * ppp - px_min.x, c.y * ppp - px_min.y];
            stamps.stamp(&mut image, at, p.test, colour(p));
        }
        show_picture(
            ctx,
            &mut self.texture,
            "nnviz-point-layer",
            image,
            [px_min, px_max],
            ppp,
        );
        self.points.clear();
        self.points.extend_from_slice(points);
        self.key = Some(key);
        self.live = live;
    }
}

/// Puts a CPU-drawn picture whose corners are the whole pixels `px_min` and `px_max` into
/// `slot`'s texture (made on first use, named `name`), with the rectangle it covers in points.
/// One texel a pixel: nearest sampling is exact, and cheaper for a software renderer.
pub(crate) fn show_picture(
    ctx: &egui::Context,
    slot: &mut Option<(egui::TextureHandle, Rect)>,
    name: &str,
    image: egui::ColorImage,
    [px_min, px_max]: [egui::Vec2; 2],
    ppp: f32,
) {
    let options = egui::TextureOptions::NEAREST;
    let r = Rect::from_min_max(
        pos2(px_min.x / ppp, px_min.y / ppp),
        pos2(px_max.x / ppp, px_max.y / ppp),
    );
    match slot {
        Some((t, rect)) => {
            t.set(image, options);
            *rect = r;
        }
        None => *slot = Some((ctx.load_texture(name, image, options), r)),
    }
}

/// Which points differ between two lists of the same length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Changed {
    None,
    One(usize),
    Many,
}

/// The points of `now` that differ from `drawn`, not counting `live`.
fn changed_points(drawn: &[LabeledPoint], now: &[LabeledPoint], live: Option<usize>) -> Changed {
    let mut found = Changed::None;
    for (i, (a, b)) in drawn.iter().zip(now).enumerate() {
        if a != b && Some(i) != live {
            if found != Changed::None {
                return Changed::Many;
            }
            found = Changed::One(i);
        }
    }
    found
}

/// Draws points' sprites (the disk, or for a test point the ring) tinted their colour over
/// an image, premultiplied "over", keeping each colour's tinted sprite: tinting every pixel
/// of every point took 0.29 ms for 400 points, against 0.12 ms now.
pub(crate) struct Stamps<'a> {
    sprite: &'a egui::ColorImage,
    /// Tinted sprites by colour and kind (test or not), `side × side` premultiplied.
    tinted: Vec<(Color32, bool, Vec<Color32>)>,
}

impl<'a> Stamps<'a> {
    /// Tinted sprites kept at most: the classes' colours fit; a regression's many values
    /// start the list again when it is full.
    const KEPT: usize = 32;

    /// Stamps of `sprite` (an image of the disk and, right of it, the ring; see
    /// [`super::paint::PointSprites::image`]).
    pub(crate) fn new(sprite: &'a egui::ColorImage) -> Self {
        Self {
            sprite,
            tinted: Vec::new(),
        }
    }

    /// The sprite of `test` tinted `colour`: `(t · c + 127) / 255` per channel.
    fn tinted(&mut self, test: bool, colour: Color32) -> usize {
        if let Some(i) = self
            .tinted
            .iter()
            .position(|(c, t, _)| *c == colour && *t == test)
        {
            return i;
        }
        if self.tinted.len() >= Self::KEPT {
            self.tinted.clear();
        }
        let side = self.sprite.size[1];
        let offset = if test { side } else { 0 };
        let tint = colour.to_array();
        let mut pixels = Vec::with_capacity(side * side);
        for sy in 0..side {
            let row = &self.sprite.pixels[sy * self.sprite.size[0] + offset..][..side];
            pixels.extend(row.iter().map(|s| {
                let src = s.to_array();
                let t = |k: usize| ((src[k] as u32 * tint[k] as u32 + 127) / 255) as u8;
                Color32::from_rgba_premultiplied(t(0), t(1), t(2), s.a())
            }));
        }
        self.tinted.push((colour, test, pixels));
        self.tinted.len() - 1
    }

    /// Draws one point tinted `colour` over `image`, centred at pixel position `at` (rounded
    /// to whole pixels).
    pub(crate) fn stamp(
        &mut self,
        image: &mut egui::ColorImage,
        at: [f32; 2],
        test: bool,
        colour: Color32,
    ) {
        let side = self.sprite.size[1];
        // Clamped far outside any image, so that no sum below overflows.
        let corner = |v: f32| ((v - side as f32 / 2.0).round() as isize).clamp(-LIMIT, LIMIT);
        let (x0, y0) = (corner(at[0]), corner(at[1]));
        let [w, h] = image.size;
        // The sprite's columns inside the image.
        let sx_from = (-x0).clamp(0, side as isize) as usize;
        let sx_to = (w as isize - x0).clamp(0, side as isize) as usize;
        if sx_from >= sx_to {
            return;
        }
        let i = self.tinted(test, colour);
        let tinted = &self.tinted[i].2;
        for sy in 0..side {
            let y = y0 + sy as isize;
            if y < 0 || y >= h as isize {
                continue;
            }
            let start = y as usize * w + (x0 + sx_from as isize) as usize;
            let dst = &mut image.pixels[start..start + (sx_to - sx_from)];
            let src = &tinted[sy * side + sx_from..sy * side + sx_to];
            for (d, s) in dst.iter_mut().zip(src) {
                match s.a() {
                    0 => {}
                    255 => *d = *s,
                    a => *d = over(*s, *d, a),
                }
            }
        }
    }
}

/// A sprite's corner is clamped to ±this many pixels (beyond any image, short of overflow).
const LIMIT: isize = 1 << 40;

/// Premultiplied `src` (of alpha `a`) over `dst`, each channel rounded and capped at 255.
fn over(src: Color32, dst: Color32, a: u8) -> Color32 {
    let keep = 255 - a as u32;
    let (s, d) = (src.to_array(), dst.to_array());
    let c = |k: usize| (s[k] as u32 + (d[k] as u32 * keep + 127) / 255).min(255) as u8;
    Color32::from_rgba_premultiplied(c(0), c(1), c(2), c(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64) -> LabeledPoint {
        LabeledPoint {
            pos_in_data: [x, 0.0],
            class: 0,
            test: false,
            value: 0.0,
        }
    }

    #[test]
    fn one_moved_point_is_found_and_the_live_one_does_not_count() {
        let drawn: Vec<_> = (0..5).map(|i| point(i as f64)).collect();
        let mut now = drawn.clone();
        assert_eq!(changed_points(&drawn, &now, None), Changed::None);
        now[3].pos_in_data[1] = 1.0;
        assert_eq!(changed_points(&drawn, &now, None), Changed::One(3));
        // The left-out point moving again changes nothing drawn.
        assert_eq!(changed_points(&drawn, &now, Some(3)), Changed::None);
        now[1].class = 1;
        assert_eq!(changed_points(&drawn, &now, Some(3)), Changed::One(1));
        assert_eq!(changed_points(&drawn, &now, None), Changed::Many);
    }

    #[test]
    fn a_stamp_tints_the_sprite_and_composites_over() {
        // A 2 × 1 sprite image of side 1: an opaque white disk pixel, a half-covered ring one.
        let sprite = egui::ColorImage::new(
            [2, 1],
            vec![
                Color32::from_rgba_premultiplied(255, 255, 255, 255),
                Color32::from_rgba_premultiplied(128, 128, 128, 128),
            ],
        );
        let mut image = egui::ColorImage::filled([3, 1], Color32::TRANSPARENT);
        let red = Color32::from_rgb(200, 0, 0);
        let mut stamps = Stamps::new(&sprite);
        stamps.stamp(&mut image, [0.5, 0.5], false, red);
        assert_eq!(
            image.pixels[0],
            Color32::from_rgba_premultiplied(200, 0, 0, 255)
        );
        // The ring's half-covered pixel over an opaque blue one: 128·200/255 = 100 red over
        // 255·(127/255) = 127 blue, alpha 128 + 255·127/255 = 255.
        image.pixels[2] = Color32::from_rgba_premultiplied(0, 0, 255, 255);
        stamps.stamp(&mut image, [2.5, 0.5], true, red);
        assert_eq!(
            image.pixels[2],
            Color32::from_rgba_premultiplied(100, 0, 127, 255)
        );
        // Off the image: nothing happens (and nothing panics).
        stamps.stamp(&mut image, [-4.0, 9.0], false, red);
        assert_eq!(image.pixels[1], Color32::TRANSPARENT);
    }

    /// The stamp as first written: tint and composite pixel by pixel, every bound checked.
    fn stamp_pixel_by_pixel(
        image: &mut egui::ColorImage,
        sprite: &egui::ColorImage,
        at: [f32; 2],
        test: bool,
        colour: Color32,
    ) {
        let side = sprite.size[1];
        let x0 = (at[0] - side as f32 / 2.0).round() as isize;
        let y0 = (at[1] - side as f32 / 2.0).round() as isize;
        let [w, h] = image.size;
        let tint = colour.to_array();
        for sy in 0..side {
            for sx in 0..side {
                let (x, y) = (x0 + sx as isize, y0 + sy as isize);
                let s = sprite.pixels[sy * sprite.size[0] + sx + if test { side } else { 0 }];
                if s.a() == 0 || x < 0 || y < 0 || x >= w as isize || y >= h as isize {
                    continue;
                }
                let d = &mut image.pixels[y as usize * w + x as usize];
                let (src, dst) = (s.to_array(), d.to_array());
                let keep = 255 - s.a() as u32;
                let mut out = [0u8; 4];
                for k in 0..3 {
                    let t = (src[k] as u32 * tint[k] as u32 + 127) / 255;
                    out[k] = (t + (dst[k] as u32 * keep + 127) / 255).min(255) as u8;
                }
                out[3] = (s.a() as u32 + (dst[3] as u32 * keep + 127) / 255).min(255) as u8;
                *d = Color32::from_rgba_premultiplied(out[0], out[1], out[2], out[3]);
            }
        }
    }

    #[test]
    fn kept_tints_give_the_pixels_of_tinting_each_pixel_also_at_the_edges() {
        let sprite = super::super::paint::PointSprites::image(1.3);
        let colours = [
            Color32::from_rgb(230, 120, 40),
            Color32::from_rgb(30, 110, 190),
            Color32::from_rgba_premultiplied(20, 60, 90, 128),
        ];
        let mut kept = egui::ColorImage::filled([40, 30], Color32::TRANSPARENT);
        let mut each = kept.clone();
        let mut stamps = Stamps::new(&sprite);
        // Overlapping points, some cut by each of the four edges.
        for i in 0..60 {
            let at = [(i * 7 % 46) as f32 - 3.0, (i * 11 % 36) as f32 - 3.0];
            let (test, colour) = (i % 4 == 0, colours[i % 3]);
            stamps.stamp(&mut kept, at, test, colour);
            stamp_pixel_by_pixel(&mut each, &sprite, at, test, colour);
        }
        assert!(kept.pixels.iter().any(|p| p.a() > 0));
        assert_eq!(kept.pixels, each.pixels);
        // Points far off every edge change nothing (and nothing overflows).
        let before = kept.pixels.clone();
        for at in [
            [-1e30, 5.0],
            [1e30, 5.0],
            [5.0, f32::MAX],
            [-f32::MAX, -f32::MAX],
        ] {
            stamps.stamp(&mut kept, at, false, colours[0]);
        }
        assert_eq!(kept.pixels, before);
    }

    #[test]
    fn a_dragged_point_is_left_out_and_the_picture_kept_while_it_moves() {
        let ctx = egui::Context::default();
        let view = Bounds {
            x_min: 0.0,
            x_max: 100.0,
            y_min: 0.0,
            y_max: 100.0,
        };
        let rect = Rect::from_min_max(pos2(10.0, 20.0), pos2(210.0, 220.0));
        let tf = super::super::paint::screen_from_data(&view, rect);
        let mut points: Vec<_> = (0..1200).map(|i| point((i % 100) as f64)).collect();
        let mut layer = PointLayer::default();
        let colour = |_: &LabeledPoint| Color32::RED;
        let prepare = |layer: &mut PointLayer, points: &[LabeledPoint]| {
            layer.prepare(&ctx, points, rect, &tf, view, 0.6, true, None, &colour)
        };
        let Some((_, r, live)) = prepare(&mut layer, &points) else {
            panic!("no picture of 1,200 points");
        };
        // The plot's rectangle (whole pixels already), nothing left out.
        assert_eq!((r, live), (rect, None));
        // A drag of point 7: the next picture leaves it out.
        points[7].pos_in_data = [50.5, 50.5];
        assert_eq!(prepare(&mut layer, &points).map(|p| p.2), Some(Some(7)));
        // It keeps moving: the picture is not redrawn (its points are those of the last
        // redraw), and point 7 stays out.
        points[7].pos_in_data = [60.5, 40.5];
        assert_eq!(prepare(&mut layer, &points).map(|p| p.2), Some(Some(7)));
        assert_eq!(layer.points[7].pos_in_data, [50.5, 50.5]);
        // Another point moves: redrawn with that one out (and 7 where it is now).
        points[3].class = 1;
        assert_eq!(prepare(&mut layer, &points).map(|p| p.2), Some(Some(3)));
        assert_eq!(layer.points[7].pos_in_data, [60.5, 40.5]);
        // A new view redraws everything.
        let wider = Bounds {
            x_max: 200.0,
            ..view
        };
        let tf = super::super::paint::screen_from_data(&wider, rect);
        let again = layer.prepare(&ctx, &points, rect, &tf, wider, 0.6, true, None, &colour);
        assert_eq!(again.map(|p| p.2), Some(None));
    }
}
