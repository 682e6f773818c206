//! The legend of an exported picture: a card with each class's colour and name.
//!
//! Text is laid out with egui's own fonts and copied from its glyph atlas, so pictures need no
//! system fonts. One code path for the app's export and `nnviz train --png --legend`.

use super::palette::Palette;
use super::raster::Rgba8Image;
use crate::tr;

/// The legend's names: the file's class names where there are some, else "class 0", …
pub fn legend_names(names: &[String], classes: usize) -> Vec<String> {
    (0..classes)
        .map(|c| {
            names
                .get(c)
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map_or_else(
                    || tr!("legend-class", class = c),
                    |n| n.chars().take(32).collect(),
                )
        })
        .collect()
}

/// A rectangle in picture pixels: columns `x .. x + width`, rows `y .. y + height`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelRect {
    /// Left column.
    pub x: usize,
    /// Top row.
    pub y: usize,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
}

impl PixelRect {
    /// Whether a disc of `radius` around `centre` (continuous pixel coordinates, pixel
    /// `(x, y)` covering `[x, x + 1) × [y, y + 1)`) reaches into the rectangle.
    pub fn touches_disc(&self, centre: [f32; 2], radius: f32) -> bool {
        let [cx, cy] = centre;
        if !cx.is_finite() || !cy.is_finite() {
            return false;
        }
        let (x0, y0) = (self.x as f32, self.y as f32);
        let (x1, y1) = (x0 + self.width as f32, y0 + self.height as f32);
        let dx = (x0 - cx).max(cx - x1).max(0.0);
        let dy = (y0 - cy).max(cy - y1).max(0.0);
        dx * dx + dy * dy < radius * radius
    }
}

/// Extra pixels around a point's disc that its outline and halo may colour.
const MARKER_MARGIN_PX: f32 = 2.5;

/// The legend: one row per class, a colour swatch and the class name, on a white card with
/// a grey border, placed where it covers no point. `points` are the points' centres in
/// picture pixels (as [`draw_points`](super::draw_points) placed them, e.g. with
/// [`picture_pixel`](super::picture_pixel)) and `radius` their radius.
///
/// The card goes into the first corner (top-left, top-right, bottom-left, bottom-right)
/// where it touches no point's disc; when every corner has one, the picture grows by a white
/// strip on its right as wide as the card and its margins, and the card goes there. Returns
/// the card's rectangle. Text is laid out with egui's own fonts and copied from its glyph
/// atlas, so the picture needs no system fonts.
pub fn draw_legend(
    img: &mut Rgba8Image,
    names: &[String],
    palette: &Palette,
    points: &[[f32; 2]],
    radius: f32,
) -> PixelRect {
    let s = (img.width.min(img.height) / 30).max(8);
    let pad = (s / 2).max(3);
    let (galleys, atlas) = card_text(names, s);
    let rows = names.len().min(palette.classes.len());
    let text_w = galleys
        .iter()
        .take(rows)
        .map(|g| g.size().x.ceil() as usize)
        .max()
        .unwrap_or(0);
    let card_w = pad + s + pad + text_w + pad;
    let card_h = pad + rows * (s + pad);
    let card = legend_place(img, [card_w, card_h], pad, points, radius);
    let (x0, y0) = (card.x, card.y);
    fill_card(img, x0, y0, card_w, card_h);
    for (c, (rgb, galley)) in palette.classes.iter().zip(&galleys).take(rows).enumerate() {
        let y = y0 + pad + c * (s + pad);
        fill_rect(img, x0 + pad, y, s, s, *rgb);
        // Centre the text's row on the swatch.
        let text_y = y as f32 + (s as f32 - galley.size().y) / 2.0;
        blit_text(
            img,
            &atlas,
            galley,
            [(x0 + 2 * pad + s) as f32, text_y],
            [30, 30, 30],
        );
    }
    card
}

/// Where a `size` card goes (see [`draw_legend`]); grows `img` when no corner is free.
pub(super) fn legend_place(
    img: &mut Rgba8Image,
    [w, h]: [usize; 2],
    pad: usize,
    points: &[[f32; 2]],
    radius: f32,
) -> PixelRect {
    let (iw, ih) = (img.width, img.height);
    let fits = w + 2 * pad <= iw && h + 2 * pad <= ih;
    let reach = if radius.is_finite() {
        radius.max(0.0)
    } else {
        0.0
    } + MARKER_MARGIN_PX;
    let corners = [
        (pad, pad),
        (iw.saturating_sub(w + pad), pad),
        (pad, ih.saturating_sub(h + pad)),
        (iw.saturating_sub(w + pad), ih.saturating_sub(h + pad)),
    ];
    let candidates = corners.into_iter().map(|(x, y)| PixelRect {
        x,
        y,
        width: w,
        height: h,
    });
    if fits
        && let Some(r) = candidates
            .clone()
            .find(|r| !points.iter().any(|&p| r.touches_disc(p, reach)))
    {
        return r;
    }
    grow_right(img, w + 2 * pad, [255, 255, 255]);
    PixelRect {
        x: iw + pad,
        y: pad,
        width: w,
        height: h,
    }
}

/// Adds a strip `extra` pixels wide of colour `rgb` to the right of `img`.
fn grow_right(img: &mut Rgba8Image, extra: usize, rgb: [u8; 3]) {
    let (w, h) = (img.width, img.height);
    let nw = w + extra;
    let mut pixels = Vec::with_capacity(nw * h * 4);
    let fill = [rgb[0], rgb[1], rgb[2], 255];
    for row in img.pixels.chunks_exact(w * 4).take(h) {
        pixels.extend_from_slice(row);
        for _ in 0..extra {
            pixels.extend_from_slice(&fill);
        }
    }
    pixels.resize(nw * h * 4, 255);
    img.width = nw;
    img.pixels = pixels;
}

/// `texts` laid out in one line each at `size` pixels with egui's own fonts (the window's,
/// Chinese included), and the glyph atlas [`blit_text`] copies them from.
pub(super) fn card_text(
    texts: &[String],
    size: usize,
) -> (Vec<std::sync::Arc<egui::Galley>>, egui::ColorImage) {
    use egui::epaint::text::{Fonts, TextOptions};
    let mut fonts = Fonts::new(TextOptions::default(), super::fonts::font_definitions());
    let galleys = {
        let mut view = fonts.with_pixels_per_point(1.0);
        texts
            .iter()
            .map(|t| {
                view.layout_no_wrap(
                    t.clone(),
                    egui::FontId::proportional(size as f32),
                    egui::Color32::BLACK,
                )
            })
            .collect()
    };
    (galleys, fonts.image())
}

/// A legend card: white, with a one-pixel dark frame.
pub(super) fn fill_card(img: &mut Rgba8Image, x0: usize, y0: usize, w: usize, h: usize) {
    fill_rect(img, x0, y0, w, h, [60, 60, 60]);
    fill_rect(
        img,
        x0 + 1,
        y0 + 1,
        w.saturating_sub(2),
        h.saturating_sub(2),
        [255, 255, 255],
    );
}

/// An opaque rectangle, clipped to the image.
pub(super) fn fill_rect(
    img: &mut Rgba8Image,
    x0: usize,
    y0: usize,
    w: usize,
    h: usize,
    rgb: [u8; 3],
) {
    for y in y0..(y0 + h).min(img.height) {
        for x in x0..(x0 + w).min(img.width) {
            let i = (y * img.width + x) * 4;
            if let Some(px) = img.pixels.get_mut(i..i + 4) {
                px.copy_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
            }
        }
    }
}

/// Draws `galley` at `origin` in colour `rgb`, using the glyph coverage in `atlas` (what
/// egui's tessellator does for text, on the CPU).
pub(super) fn blit_text(
    img: &mut Rgba8Image,
    atlas: &egui::ColorImage,
    galley: &egui::Galley,
    origin: [f32; 2],
    rgb: [u8; 3],
) {
    let [aw, _] = atlas.size;
    for placed in &galley.rows {
        for glyph in &placed.row.glyphs {
            let uv = glyph.uv_rect;
            if uv.is_nothing() {
                continue;
            }
            let left = (origin[0] + placed.pos.x + glyph.pos.x + uv.offset.x).round();
            let top = (origin[1] + placed.pos.y + glyph.pos.y + uv.offset.y).round();
            if !left.is_finite() || !top.is_finite() {
                continue;
            }
            for ay in uv.min[1]..uv.max[1] {
                for ax in uv.min[0]..uv.max[0] {
                    let x = left + f32::from(ax - uv.min[0]);
                    let y = top + f32::from(ay - uv.min[1]);
                    if x < 0.0 || y < 0.0 || x as usize >= img.width || y as usize >= img.height {
                        continue;
                    }
                    let Some(cover) = atlas.pixels.get(usize::from(ay) * aw + usize::from(ax))
                    else {
                        continue;
                    };
                    let a = u16::from(cover.a());
                    let i = (y as usize * img.width + x as usize) * 4;
                    if let Some(px) = img.pixels.get_mut(i..i + 3) {
                        for (p, c) in px.iter_mut().zip(rgb) {
                            *p = ((u16::from(*p) * (255 - a) + u16::from(c) * a) / 255) as u8;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::HeatmapStyle;

    /// Pixels drawn in (almost) the text colour, right of the swatches.
    fn text_pixels(img: &Rgba8Image, from_x: usize) -> usize {
        img.pixels
            .chunks_exact(4)
            .enumerate()
            .filter(|(i, px)| i % img.width >= from_x && px[0] < 50 && px[1] < 50)
            .count()
    }

    fn blank() -> Rgba8Image {
        Rgba8Image {
            width: 600,
            height: 600,
            pixels: vec![200; 600 * 600 * 4],
        }
    }

    #[test]
    fn the_legend_writes_each_class_name_next_to_its_colour() {
        let palette = HeatmapStyle::default().palette;
        // 600 px: swatches of 20 px from x = 20, names from x = 50.
        let mut short = blank();
        draw_legend(
            &mut short,
            &["a".to_owned(), "b".to_owned()],
            &palette,
            &[],
            5.0,
        );
        let mut long = blank();
        draw_legend(
            &mut long,
            &["setosa".to_owned(), "versicolor".to_owned()],
            &palette,
            &[],
            5.0,
        );
        let (s, l) = (text_pixels(&short, 45), text_pixels(&long, 45));
        assert!(s > 10, "names are drawn: {s}");
        assert!(l > 2 * s, "longer names, more text: {l} vs {s}");
        // The first swatch has the first class's colour.
        let [r, g, b] = palette.classes[0];
        let i = (30 * 600 + 30) * 4;
        assert_eq!(&long.pixels[i..i + 3], &[r, g, b]);
        // The card grows with the names: white to the right of "versicolor", not of "b".
        let at = |img: &Rgba8Image, x: usize| img.pixels[(45 * 600 + x) * 4];
        assert_eq!(at(&long, 120), 255);
        assert_eq!(at(&short, 120), 200);
    }

    #[test]
    fn the_legend_avoids_points_and_grows_the_picture_when_no_corner_is_free() {
        let palette = HeatmapStyle::default().palette;
        let names = ["a".to_owned(), "b".to_owned()];
        // A point in the top-left corner: the card goes top-right.
        let mut img = blank();
        let card = draw_legend(&mut img, &names, &palette, &[[30.0, 30.0]], 10.0);
        assert_eq!((img.width, img.height), (600, 600));
        assert_eq!(card.y, 10);
        assert_eq!(card.x + card.width, 590);
        assert!(!card.touches_disc([30.0, 30.0], 10.0));
        // A point in every corner: a strip on the right holds the card.
        let corners = [[30.0, 30.0], [570.0, 30.0], [30.0, 570.0], [570.0, 570.0]];
        let mut img = blank();
        let card = draw_legend(&mut img, &names, &palette, &corners, 10.0);
        assert_eq!(img.width, 600 + card.width + 20);
        assert_eq!(img.height, 600);
        assert_eq!(img.pixels.len(), img.width * 600 * 4);
        assert_eq!((card.x, card.y), (610, 10));
        // The old picture is unchanged on the left, the strip white below the card.
        assert_eq!(img.get(300, 300), Some([200, 200, 200, 200]));
        assert_eq!(img.get(615, 500), Some([255, 255, 255, 255]));
    }

    #[test]
    fn unnamed_classes_are_numbered_in_the_legend() {
        let names = legend_names(&["red".to_owned(), " ".to_owned()], 3);
        assert_eq!(names, ["red", "class 1", "class 2"]);
    }

    #[test]
    fn chinese_class_names_are_drawn_with_real_glyphs() {
        let palette = HeatmapStyle::default().palette;
        let draw = |a: &str, b: &str| {
            let mut img = blank();
            let card = draw_legend(&mut img, &[a.to_owned(), b.to_owned()], &palette, &[], 5.0);
            (img, card)
        };
        let (cat_dog, card1) = draw("猫", "狗");
        let (bird_fish, card2) = draw("鸟", "鱼");
        // Two private-use characters: no font has them, so both draw the same box.
        let (boxes, _) = draw("\u{E000}", "\u{E001}");
        assert_eq!(card1, card2, "same length, same card");
        assert!(text_pixels(&cat_dog, 45) > 10, "the names leave ink");
        assert_ne!(
            cat_dog.pixels, bird_fish.pixels,
            "different characters, different pixels"
        );
        assert_ne!(cat_dog.pixels, boxes.pixels, "not the missing-glyph box");
    }
}
