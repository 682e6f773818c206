//! Regression values → colours: a diverging blue–white–orange scale (TF Playground's), the
//! heatmap of predicted values, value-coloured points and the colour bar that explains them.
//!
//! The scale is **symmetric about 0**: white is 0, orange positive, blue negative, full
//! colour at `±half_range`. Symmetric so that the sign of a value reads off its colour
//! alone (the presets' targets lie in about `[-1, 1]` around 0); the half-range is the
//! largest `|value|` of the dataset ([`ValueScale::of_values`]), so every point is inside it.

use super::legend::{PixelRect, blit_text, card_text, fill_card, fill_rect, legend_place};
use super::raster::Rgba8Image;
use crate::data::LabeledPoint;
use crate::nn::TargetTransform;
use crate::nn::grid::GridPrediction;

/// Colour of the most negative values (TF Playground's blue, `#0877bd`).
pub const NEGATIVE: [u8; 3] = [8, 119, 189];
/// Colour of 0 (TF Playground's off-white, `#e8eaeb`).
pub const ZERO: [u8; 3] = [232, 234, 235];
/// Colour of the most positive values (TF Playground's orange, `#f59322`).
pub const POSITIVE: [u8; 3] = [245, 147, 34];
/// Outline of value-coloured points: dark, so a white (zero) point shows on white.
pub const POINT_OUTLINE: [u8; 3] = [40, 40, 40];

/// The range of the colour scale: values from `-half_range` to `half_range`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueScale {
    /// Values at or beyond `±half_range` get the full colour (always finite and > 0).
    pub half_range: f64,
}

impl Default for ValueScale {
    /// `[-1, 1]`, the presets' range.
    fn default() -> Self {
        Self { half_range: 1.0 }
    }
}

impl ValueScale {
    /// The scale covering every value: half-range = the largest `|value|` (1 when there is
    /// none or all are 0).
    pub fn of_values(values: impl Iterator<Item = f64>) -> Self {
        let max = values
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        Self {
            half_range: if max > 1e-12 { max } else { 1.0 },
        }
    }

    /// The colour of `value`.
    pub fn colour(&self, value: f64) -> [u8; 3] {
        diverging((value / self.half_range) as f32)
    }
}

/// The diverging colour at `t ∈ [-1, 1]` (clamped; NaN is white): a straight blend from
/// white to blue below 0 and to orange above.
pub fn diverging(t: f32) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(-1.0, 1.0) };
    let end = if t < 0.0 { NEGATIVE } else { POSITIVE };
    let a = t.abs();
    let mut out = [0u8; 3];
    for ((o, z), e) in out.iter_mut().zip(ZERO).zip(end) {
        *o = (f32::from(z) + (f32::from(e) - f32::from(z)) * a).round() as u8;
    }
    out
}

/// Renders a regression network's grid prediction into `out` (`nx × ny`, buffer reused):
/// the network's output in channel 1 of `pred` (a single linear output), mapped back to
/// the target's units by `target`, coloured by `scale`. Too short a prediction renders white.
pub fn value_heatmap_into(
    pred: &GridPrediction,
    target: TargetTransform,
    scale: ValueScale,
    out: &mut Rgba8Image,
) {
    let (nx, ny) = (pred.nx, pred.ny);
    out.resize(nx, ny);
    let k = pred.classes.max(1);
    // One colour per output value: 256 steps over `[-half, half]` keep the loop cheap.
    let lut: Vec<[u8; 4]> = (0..=255)
        .map(|i| {
            let [r, g, b] = diverging(i as f32 / 127.5 - 1.0);
            [r, g, b, 255]
        })
        .collect();
    let white = [ZERO[0], ZERO[1], ZERO[2], 255];
    // value = out · std + mean; index = (value / half + 1) · 127.5.
    let a = (target.std / scale.half_range * 127.5) as f32;
    let b = ((target.mean / scale.half_range + 1.0) * 127.5) as f32;
    for (i, px) in out.pixels.chunks_exact_mut(4).enumerate() {
        let colour = pred
            .probs
            .get(i * k + usize::from(k > 1))
            .map_or(white, |&o| {
                let idx = (o * a + b).clamp(0.0, 255.0);
                lut.get(idx as usize).copied().unwrap_or(white)
            });
        px.copy_from_slice(&colour);
    }
}

/// Draws regression points: each filled with its value's colour, a dark outline (test points
/// hollow), as [`draw_points`](super::draw_points) places them.
pub fn draw_value_points(
    img: &mut Rgba8Image,
    points: &[LabeledPoint],
    pixel_from_data: impl Fn([f64; 2]) -> [f32; 2],
    radius_px: f32,
    scale: ValueScale,
) {
    super::points::draw_points_coloured(
        img,
        points,
        pixel_from_data,
        radius_px,
        POINT_OUTLINE,
        |p| scale.colour(p.value),
    );
}

/// The colour bar for a PNG: a vertical strip from `+half_range` (top, orange) through 0
/// (white) to `-half_range` (bottom, blue), labelled at both ends and at 0, on a white card
/// placed where it covers no point (as [`draw_legend`](super::draw_legend) places its card).
pub fn draw_colour_bar(
    img: &mut Rgba8Image,
    scale: ValueScale,
    points: &[[f32; 2]],
    radius: f32,
) -> PixelRect {
    let s = (img.width.min(img.height) / 30).max(8);
    let pad = (s / 2).max(3);
    let bar_h = 6 * s;
    let labels = [
        format_tick(scale.half_range),
        format_tick(0.0),
        format_tick(-scale.half_range),
    ];
    let (galleys, atlas) = card_text(&labels, s);
    let text_w = galleys
        .iter()
        .map(|g| g.size().x.ceil() as usize)
        .max()
        .unwrap_or(0);
    let text_h = galleys.first().map_or(s, |g| g.size().y.ceil() as usize);
    let card_w = pad + s + pad + text_w + pad;
    let card_h = pad + text_h / 2 + bar_h + text_h / 2 + pad;
    let card = legend_place(img, [card_w, card_h], pad, points, radius);
    let (x0, y0) = (card.x, card.y);
    fill_card(img, x0, y0, card_w, card_h);
    let bar_top = y0 + pad + text_h / 2;
    for row in 0..bar_h {
        // Top row is +1, bottom row −1.
        let t = 1.0 - 2.0 * (row as f32 + 0.5) / bar_h as f32;
        fill_rect(img, x0 + pad, bar_top + row, s, 1, diverging(t));
    }
    for (i, galley) in galleys.iter().enumerate() {
        let centre = bar_top as f32 + bar_h as f32 * i as f32 / 2.0;
        blit_text(
            img,
            &atlas,
            galley,
            [(x0 + 2 * pad + s) as f32, centre - galley.size().y / 2.0],
            [30, 30, 30],
        );
    }
    card
}

/// A tick label: up to 3 significant digits, no trailing zeros.
pub fn format_tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn the_scale_is_white_at_zero_and_full_colour_at_its_ends() {
        let s = ValueScale { half_range: 2.0 };
        assert_eq!(s.colour(0.0), ZERO);
        assert_eq!(s.colour(2.0), POSITIVE);
        assert_eq!(s.colour(-5.0), NEGATIVE);
        // Half way to orange: (232 + 245) / 2 = 238.5 → 239 (rounded), (234 + 147) / 2.
        assert_eq!(s.colour(1.0), [239, 191, 135]);
        assert_eq!(
            ValueScale::of_values([0.5, -3.0, 1.0].into_iter()).half_range,
            3.0
        );
        assert_eq!(ValueScale::of_values(std::iter::empty()).half_range, 1.0);
    }

    #[test]
    fn the_heatmap_maps_outputs_back_to_values_before_colouring() {
        // Outputs 0, 1, -1 with mean 1, std 2 → values 1, 3, -1; half-range 3.
        let pred = GridPrediction {
            nx: 3,
            ny: 1,
            classes: 2,
            probs: vec![1.0, 0.0, 0.0, 1.0, 2.0, -1.0],
        };
        let mut img = Rgba8Image::default();
        let t = TargetTransform {
            mean: 1.0,
            std: 2.0,
        };
        value_heatmap_into(&pred, t, ValueScale { half_range: 3.0 }, &mut img);
        assert_eq!(img.get(1, 0), Some([245, 147, 34, 255]));
        let near = |px: [u8; 4], want: [u8; 3]| {
            px.iter()
                .zip(want)
                .all(|(&a, b)| (i16::from(a) - i16::from(b)).abs() <= 2)
        };
        assert!(near(
            img.get(0, 0).unwrap(),
            ValueScale { half_range: 3.0 }.colour(1.0)
        ));
        assert!(near(
            img.get(2, 0).unwrap(),
            ValueScale { half_range: 3.0 }.colour(-1.0)
        ));
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(format_tick(1.0), "1");
        assert_eq!(format_tick(-0.25), "-0.25");
        assert_eq!(format_tick(123.456), "123");
        assert_eq!(format_tick(0.0), "0");
    }
}
