//! Class probabilities on a grid → soft region colours with an anti-aliased boundary.
//!
//! Per pixel: the colour is a blend of the class colours weighted by how far each class's
//! probability exceeds chance (`1/k`), faded towards the neutral background as the
//! confidence `(p_max − 1/k) / (1 − 1/k)` drops. Weighting by the excess rather than the
//! raw probability keeps two-class regions free of the muddy orange-blue mix.
//!
//! The boundary is where the arg-max class changes. For pixel class `a` and runner-up
//! margin `s = p_a − p_second ≥ 0`, the margin of class `a` at the four neighbours gives
//! how fast `s` falls per pixel (`g`), so `s / g` is the distance to the boundary in pixels.
//! That distance drives the line's coverage, giving a smooth line of constant pixel width
//! for both soft sigmoids and hard steps, at any resolution.

mod planes;

use super::palette::{PALETTE_SIZE, Palette};
use super::raster::Rgba8Image;
use crate::nn::grid::GridPrediction;

/// How far confident regions move from the background towards the class colour
/// (below 1 so regions stay calm and points drawn on top stand out).
const MAX_TINT: f32 = 0.5;
/// Half the boundary line's width in pixels.
const LINE_HALF_WIDTH: f32 = 0.6;
/// Opacity of the boundary line at its centre.
const LINE_OPACITY: f32 = 0.85;

/// Options for [`heatmap`] and [`heatmap_into`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeatmapStyle {
    /// Class, background and line colours.
    pub palette: Palette,
    /// Draw the decision boundary (where the arg-max class changes) as a thin dark line.
    pub show_boundary: bool,
    /// Fade towards the background where the model is unsure; when `false` every pixel
    /// gets the flat tint of its arg-max class (the tutorial's look).
    pub confidence_shading: bool,
    /// "Discretize output" (TF Playground's toggle): every pixel is its arg-max class's
    /// colour, whatever `confidence_shading` says; a regression map shows
    /// [`Self::value_bands`] bands instead of a smooth scale.
    pub discretize: bool,
}

impl Default for HeatmapStyle {
    fn default() -> Self {
        Self {
            palette: Palette::default(),
            show_boundary: true,
            confidence_shading: true,
            discretize: false,
        }
    }
}

/// Bands a discretized regression map is cut into.
pub const DISCRETE_BANDS: usize = 5;

impl HeatmapStyle {
    /// Whether pixels fade with the model's confidence (not when discretized).
    pub fn shaded(&self) -> bool {
        self.confidence_shading && !self.discretize
    }

    /// How many flat bands a regression map's values fall into (`None`: a smooth scale).
    pub fn value_bands(&self) -> Option<usize> {
        self.discretize.then_some(DISCRETE_BANDS)
    }
}

/// Renders `pred` as a new `nx` × `ny` image (one pixel per grid sample).
pub fn heatmap(pred: &GridPrediction, style: &HeatmapStyle) -> Rgba8Image {
    let mut out = Rgba8Image::default();
    heatmap_into(pred, style, &mut out);
    out
}

/// Renders `pred` into `out`, resizing it to `nx` × `ny` and reusing its buffer.
///
/// A prediction whose `probs` is too short or that has no classes renders as plain
/// background; one with a single class is read as a sigmoid output `p` = P(class 1).
pub fn heatmap_into(pred: &GridPrediction, style: &HeatmapStyle, out: &mut Rgba8Image) {
    let (nx, ny, k) = (pred.nx, pred.ny, pred.classes);
    // Every product formed below (cells × k, cells × 4 bytes) must fit in usize; a grid
    // that large cannot exist in memory, so it renders as an empty image.
    let Some(cells) = nx
        .checked_mul(ny)
        .filter(|n| n.checked_mul(k.max(4)).is_some())
    else {
        out.resize(0, 0);
        return;
    };
    out.resize(nx, ny);
    if cells == 0 {
        return;
    }
    let [br, bg, bb] = style.palette.background;
    if k == 0 || pred.probs.len() < cells * k {
        out.fill([br, bg, bb, 255]);
        return;
    }
    if k == 1 {
        // Rare path (producers should already store [1 - p, p]): one allocation per call.
        let two = GridPrediction {
            nx,
            ny,
            classes: 2,
            probs: pred
                .probs
                .iter()
                .take(cells)
                .flat_map(|&p| [1.0 - p, p])
                .collect(),
        };
        heatmap_into(&two, style, out);
        return;
    }
    let consts = Consts::new(style, k);
    match k {
        2 => render_two(&pred.probs, nx, ny, &consts, &mut out.pixels),
        _ => planes::render(&pred.probs, nx, ny, k, &consts, &mut out.pixels),
    }
}

/// Everything the per-pixel loop needs, precomputed once per frame as `f32`.
struct Consts {
    background: [f32; 3],
    /// `class colour − background`, per palette slot.
    delta: [[f32; 3]; PALETTE_SIZE],
    /// Flat region colour per palette slot (when confidence shading is off).
    flat: [[f32; 3]; PALETTE_SIZE],
    boundary: [f32; 3],
    inv_k: f32,
    /// `1 / (1 − 1/k)`: maps `p_max − 1/k` to a confidence in `[0, 1]`.
    conf_scale: f32,
    show_boundary: bool,
    shading: bool,
}

impl Consts {
    fn new(style: &HeatmapStyle, k: usize) -> Self {
        let f = |c: [u8; 3]| c.map(f32::from);
        let background = f(style.palette.background);
        let delta = style.palette.classes.map(|c| {
            let c = f(c);
            [
                c[0] - background[0],
                c[1] - background[1],
                c[2] - background[2],
            ]
        });
        let flat = delta.map(|d| {
            [
                background[0] + MAX_TINT * d[0],
                background[1] + MAX_TINT * d[1],
                background[2] + MAX_TINT * d[2],
            ]
        });
        let inv_k = 1.0 / k as f32;
        Self {
            background,
            delta,
            flat,
            boundary: f(style.palette.boundary),
            inv_k,
            conf_scale: 1.0 / (1.0 - inv_k),
            show_boundary: style.show_boundary,
            shading: style.shaded(),
        }
    }
}

/// Boundary coverage for a pixel `s` (≥ 0) away from the boundary in margin units whose
/// margin falls by `gx`, `gy` per pixel along the axes; 0 when out of reach.
#[inline(always)]
fn line_alpha(s: f32, gx: f32, gy: f32) -> f32 {
    let reach = LINE_HALF_WIDTH + 0.5;
    let g2 = gx * gx + gy * gy;
    // Only pixels within reach of the line pay for the square root.
    if g2 > 1e-12 && s * s < reach * reach * g2 {
        (reach - s / g2.sqrt()).clamp(0.0, 1.0) * LINE_OPACITY
    } else {
        0.0
    }
}

/// Writes one opaque pixel.
#[inline(always)]
fn store(px: &mut [u8], rgb: [f32; 3]) {
    px[0] = (rgb[0] + 0.5) as u8;
    px[1] = (rgb[1] + 0.5) as u8;
    px[2] = (rgb[2] + 0.5) as u8;
    px[3] = 255;
}

/// Two-class fast path (the common case): everything follows from the signed margin
/// `d = p_1 − p_0`, so each sample is one subtraction. Produces exactly what
/// [`planes::render`] does for `k = 2`.
fn render_two(probs: &[f32], nx: usize, ny: usize, c: &Consts, pixels: &mut [u8]) {
    let row_at = |r: usize| {
        if r < ny {
            probs.get(r * 2 * nx..(r + 1) * 2 * nx)
        } else {
            None
        }
    };
    let d = |row: &[f32], col: usize| row[2 * col + 1] - row[2 * col];
    for (row, out_row) in pixels.chunks_exact_mut(nx * 4).enumerate().take(ny) {
        let Some(cur) = row_at(row) else {
            return;
        };
        let up = row.checked_sub(1).and_then(row_at);
        let down = row_at(row + 1);
        for (col, px) in out_row.chunks_exact_mut(4).enumerate() {
            let dc = d(cur, col);
            // Class 1 only when strictly more likely (ties go to class 0, like arg-max).
            let (a, sign) = if dc > 0.0 { (1, 1.0) } else { (0, -1.0) };
            let s = sign * dc;
            let mut rgb = if c.shading {
                let conf = s.clamp(0.0, 1.0);
                let t = MAX_TINT * conf * (2.0 - conf);
                let dl = &c.delta[a];
                [
                    c.background[0] + t * dl[0],
                    c.background[1] + t * dl[1],
                    c.background[2] + t * dl[2],
                ]
            } else {
                c.flat[a]
            };
            if c.show_boundary {
                let mut gx = 0.0f32;
                if col > 0 {
                    gx = gx.max(s - sign * d(cur, col - 1));
                }
                if col + 1 < nx {
                    gx = gx.max(s - sign * d(cur, col + 1));
                }
                let mut gy = 0.0f32;
                if let Some(u) = up {
                    gy = gy.max(s - sign * d(u, col));
                }
                if let Some(dn) = down {
                    gy = gy.max(s - sign * d(dn, col));
                }
                let alpha = line_alpha(s, gx, gy);
                if alpha > 0.0 {
                    for (v, b) in rgb.iter_mut().zip(c.boundary) {
                        *v += alpha * (b - *v);
                    }
                }
            }
            store(px, rgb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `nx` × `ny` two-class prediction with P(class 1) = `f(col, row)`.
    fn two_class(nx: usize, ny: usize, f: impl Fn(usize, usize) -> f32) -> GridPrediction {
        let mut probs = Vec::with_capacity(nx * ny * 2);
        for row in 0..ny {
            for col in 0..nx {
                let p = f(col, row);
                probs.extend([1.0 - p, p]);
            }
        }
        GridPrediction {
            nx,
            ny,
            classes: 2,
            probs,
        }
    }

    fn rgb(img: &Rgba8Image, x: usize, y: usize) -> [u8; 3] {
        let [r, g, b, _] = img.get(x, y).unwrap_or([0; 4]);
        [r, g, b]
    }

    fn luma([r, g, b]: [u8; 3]) -> f32 {
        0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
    }

    #[test]
    fn split_gives_class_colours_and_a_dark_seam() {
        let pred = two_class(10, 4, |c, _| if c < 5 { 0.0 } else { 1.0 });
        let img = heatmap(&pred, &HeatmapStyle::default());
        assert_eq!((img.width, img.height), (10, 4));
        assert!(img.pixels.chunks_exact(4).all(|p| p[3] == 255));
        let [r, _, b] = rgb(&img, 1, 2);
        assert!(
            r > b + 80,
            "left should be orange-ish, got {:?}",
            rgb(&img, 1, 2)
        );
        let [r, _, b] = rgb(&img, 8, 2);
        assert!(
            b > r + 80,
            "right should be blue-ish, got {:?}",
            rgb(&img, 8, 2)
        );
        for row in 0..4 {
            assert!(luma(rgb(&img, 4, row)) < luma(rgb(&img, 2, row)) - 60.0);
            assert!(luma(rgb(&img, 5, row)) < luma(rgb(&img, 7, row)) - 40.0);
            // Away from the seam nothing is darkened.
            assert_eq!(rgb(&img, 3, row), rgb(&img, 0, row));
            assert_eq!(rgb(&img, 6, row), rgb(&img, 9, row));
        }
        let plain = heatmap(
            &pred,
            &HeatmapStyle {
                show_boundary: false,
                ..HeatmapStyle::default()
            },
        );
        assert_eq!(rgb(&plain, 4, 0), rgb(&plain, 0, 0));
        assert_eq!(rgb(&plain, 5, 0), rgb(&plain, 9, 0));
    }

    #[test]
    fn undecided_everywhere_is_plain_background() {
        let pred = two_class(6, 5, |_, _| 0.5);
        let style = HeatmapStyle::default();
        let img = heatmap(&pred, &style);
        for y in 0..5 {
            for x in 0..6 {
                assert_eq!(rgb(&img, x, y), style.palette.background);
            }
        }
    }

    #[test]
    fn tint_grows_with_confidence() {
        let pred = two_class(3, 1, |c, _| [0.5, 0.75, 1.0][c]);
        let style = HeatmapStyle {
            show_boundary: false,
            ..HeatmapStyle::default()
        };
        let img = heatmap(&pred, &style);
        let blue = |x| i32::from(rgb(&img, x, 0)[2]) - i32::from(rgb(&img, x, 0)[0]);
        assert!(blue(0) < blue(1) && blue(1) < blue(2));
        // Confident regions stay calm: clearly lighter than the raw class colour.
        assert!(luma(rgb(&img, 2, 0)) > luma(style.palette.color(1)) + 40.0);
    }

    #[test]
    fn flat_mode_ignores_confidence() {
        let pred = two_class(2, 1, |c, _| [0.6, 1.0][c]);
        let style = HeatmapStyle {
            show_boundary: false,
            confidence_shading: false,
            ..HeatmapStyle::default()
        };
        let img = heatmap(&pred, &style);
        assert_eq!(rgb(&img, 0, 0), rgb(&img, 1, 0));
    }

    /// Boundary darkness summed across a row, in "pixels of full-opacity line".
    fn line_mass(nx: usize, steepness: f32) -> f32 {
        // The same data-space function sampled at different resolutions.
        let pred = two_class(nx, 3, |c, _| {
            let x = (c as f32 + 0.5) / nx as f32 - 0.43;
            1.0 / (1.0 + (-steepness * x).exp())
        });
        let style = HeatmapStyle {
            confidence_shading: false,
            ..HeatmapStyle::default()
        };
        let img = heatmap(&pred, &style);
        let line = style.palette.boundary.map(f32::from);
        let flat0 = heatmap(
            &pred,
            &HeatmapStyle {
                show_boundary: false,
                ..style
            },
        );
        (0..nx)
            .map(|x| {
                let (a, b) = (rgb(&img, x, 1), rgb(&flat0, x, 1));
                (f32::from(b[0]) - f32::from(a[0])) / (f32::from(b[0]) - line[0])
            })
            .sum::<f32>()
            / LINE_OPACITY
    }

    #[test]
    fn boundary_width_is_independent_of_resolution_and_sharpness() {
        for nx in [40, 200, 500] {
            for steepness in [8.0, 60.0, 1e4] {
                let mass = line_mass(nx, steepness);
                assert!(
                    (0.9..=1.5).contains(&mass),
                    "nx={nx} steepness={steepness}: line mass {mass}"
                );
            }
        }
    }

    #[test]
    fn three_classes_use_their_colours() {
        let (nx, ny) = (9, 2);
        let mut probs = Vec::new();
        for _ in 0..ny {
            for col in 0..nx {
                let mut p = [0.0f32; 3];
                p[col / 3] = 1.0;
                probs.extend(p);
            }
        }
        let pred = GridPrediction {
            nx,
            ny,
            classes: 3,
            probs,
        };
        let style = HeatmapStyle::default();
        let img = heatmap(&pred, &style);
        let [r, g, b] = rgb(&img, 7, 0);
        let [cr, cg, cb] = style.palette.color(2);
        // Tinted towards class 2's colour from the background.
        let bg = style.palette.background;
        assert!(
            (i32::from(g) - i32::from(bg[1])).signum()
                == (i32::from(cg) - i32::from(bg[1])).signum()
        );
        assert!(i32::from(r) < i32::from(bg[0]) && i32::from(cr) < i32::from(bg[0]));
        assert!(i32::from(b) < i32::from(bg[2]) && i32::from(cb) < i32::from(bg[2]));
        // Seams between classes 0|1 and 1|2.
        assert!(luma(rgb(&img, 2, 0)) < luma(rgb(&img, 0, 0)) - 40.0);
        assert!(luma(rgb(&img, 6, 0)) < luma(rgb(&img, 8, 0)) - 40.0);
    }

    #[test]
    fn malformed_predictions_do_not_panic() {
        let style = HeatmapStyle::default();
        let bg = style.palette.background;
        let short = GridPrediction {
            nx: 4,
            ny: 4,
            classes: 2,
            probs: vec![0.5; 7],
        };
        let img = heatmap(&short, &style);
        assert_eq!((img.width, img.height), (4, 4));
        assert_eq!(rgb(&img, 3, 3), bg);
        let none = GridPrediction {
            nx: 2,
            ny: 2,
            classes: 0,
            probs: vec![],
        };
        assert_eq!(rgb(&heatmap(&none, &style), 1, 1), bg);
        // Sizes whose products overflow must not panic (zero height: nothing to allocate).
        let mut out = Rgba8Image::default();
        let overflowing = GridPrediction {
            nx: usize::MAX,
            ny: 0,
            classes: 2,
            probs: vec![],
        };
        heatmap_into(&overflowing, &style, &mut out);
        assert!(out.pixels.is_empty());
        let nan = two_class(3, 3, |c, r| if c == r { f32::NAN } else { 2.0 });
        let img = heatmap(&nan, &style);
        assert_eq!(img.pixels.len(), 36);
        let empty = heatmap(&GridPrediction::default(), &style);
        assert!(empty.pixels.is_empty());
    }

    #[test]
    fn single_sigmoid_output_is_read_as_class_1() {
        let single = GridPrediction {
            nx: 2,
            ny: 1,
            classes: 1,
            probs: vec![0.0, 1.0],
        };
        let pair = two_class(2, 1, |c, _| c as f32);
        let style = HeatmapStyle::default();
        assert_eq!(heatmap(&single, &style), heatmap(&pair, &style));
    }

    #[test]
    fn two_class_fast_path_matches_general_kernel() {
        // Smooth field, hard steps and exact ties in one picture.
        let pred = two_class(37, 23, |c, r| {
            let v = ((c as f32 * 0.37).sin() + (r as f32 * 0.21).cos()) * 0.8;
            match (c + r) % 11 {
                0 => 0.5,
                1 => 1.0,
                _ => 1.0 / (1.0 + (-3.0 * v).exp()),
            }
        });
        for show_boundary in [false, true] {
            for confidence_shading in [false, true] {
                let style = HeatmapStyle {
                    show_boundary,
                    confidence_shading,
                    ..HeatmapStyle::default()
                };
                let fast = heatmap(&pred, &style);
                let mut general = vec![0u8; fast.pixels.len()];
                planes::render(
                    &pred.probs,
                    37,
                    23,
                    2,
                    &Consts::new(&style, 2),
                    &mut general,
                );
                for (i, (a, b)) in fast.pixels.iter().zip(&general).enumerate() {
                    assert!(a.abs_diff(*b) <= 1, "byte {i}: fast {a} vs general {b}");
                }
            }
        }
    }

    /// A class's margin straight from its definition: `p_a − max_{c≠a} p_c`.
    fn margin_by_definition(p: &[f32], a: usize) -> f32 {
        let other = p
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != a)
            .map(|(_, &v)| v)
            .fold(f32::NEG_INFINITY, f32::max);
        p[a] - other
    }

    /// The pixel at `(col, row)` one pixel at a time, straight from the module's definition.
    fn pixel_by_definition(pred: &GridPrediction, c: &Consts, col: usize, row: usize) -> [u8; 4] {
        let (nx, ny, k) = (pred.nx, pred.ny, pred.classes);
        let cell = |col: usize, row: usize| &pred.probs[(row * nx + col) * k..][..k];
        let p = cell(col, row);
        let a = (1..k).fold(0, |a, ci| if p[ci] > p[a] { ci } else { a });
        let s = margin_by_definition(p, a);
        let mut rgb = if c.shading {
            let w: Vec<f32> = p.iter().map(|&v| (v - c.inv_k).max(0.0)).collect();
            let w_sum = w.iter().fold(0.0f32, |sum, &w| sum + w);
            let acc = |ch: usize| {
                (0..k).fold(0.0f32, |acc, ci| {
                    acc + w[ci] * c.delta[ci % PALETTE_SIZE][ch]
                })
            };
            let conf = ((p[a] - c.inv_k) * c.conf_scale).clamp(0.0, 1.0);
            let t = if w_sum > 0.0 {
                MAX_TINT * conf * (2.0 - conf) / w_sum
            } else {
                0.0
            };
            [0, 1, 2].map(|ch| c.background[ch] + t * acc(ch))
        } else {
            c.flat[a % PALETTE_SIZE]
        };
        if c.show_boundary {
            let fall = |nb: Option<(usize, usize)>| {
                nb.map_or(f32::NEG_INFINITY, |(x, y)| {
                    s - margin_by_definition(cell(x, y), a)
                })
            };
            let gx = 0.0f32
                .max(fall(col.checked_sub(1).map(|x| (x, row))))
                .max(fall((col + 1 < nx).then_some((col + 1, row))));
            let gy = 0.0f32
                .max(fall(row.checked_sub(1).map(|y| (col, y))))
                .max(fall((row + 1 < ny).then_some((col, row + 1))));
            let alpha = line_alpha(s, gx, gy);
            if alpha > 0.0 {
                for (v, b) in rgb.iter_mut().zip(c.boundary) {
                    *v += alpha * (b - *v);
                }
            }
        }
        let mut px = [0u8; 4];
        store(&mut px, rgb);
        px
    }

    #[test]
    fn every_pixel_of_many_classes_is_its_definition_bit_for_bit() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32
        };
        // Sizes around the 16-pixel blocks, one-pixel rows and columns among them.
        for (nx, ny, k) in [
            (37, 23, 3),
            (16, 5, 4),
            (1, 7, 3),
            (33, 1, 5),
            (20, 9, 8),
            (17, 3, 2),
        ] {
            let mut probs = Vec::with_capacity(nx * ny * k);
            for cell in 0..nx * ny {
                let sharp = [0.0, 1.0, 8.0, 60.0][cell % 4];
                let z: Vec<f32> = (0..k).map(|_| (next() * 4.0).floor() * sharp).collect();
                let e: Vec<f32> = z.iter().map(|v| (v - 240.0).exp()).collect();
                let sum: f32 = e.iter().sum();
                // Steps of the logits make ties (two or more equal largest) common.
                probs.extend(e.iter().map(|v| v / sum));
            }
            let pred = GridPrediction {
                nx,
                ny,
                classes: k,
                probs,
            };
            for (show_boundary, confidence_shading) in
                [(false, false), (false, true), (true, false), (true, true)]
            {
                let style = HeatmapStyle {
                    show_boundary,
                    confidence_shading,
                    ..HeatmapStyle::default()
                };
                let consts = Consts::new(&style, k);
                let mut img = vec![0u8; nx * ny * 4];
                planes::render(&pred.probs, nx, ny, k, &consts, &mut img);
                for row in 0..ny {
                    for col in 0..nx {
                        let got = &img[(row * nx + col) * 4..][..4];
                        let want = pixel_by_definition(&pred, &consts, col, row);
                        assert_eq!(
                            got, want,
                            "{nx}×{ny}, {k} classes, {style:?}: ({col}, {row})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn heatmap_into_reuses_the_buffer() {
        let pred = two_class(20, 20, |c, r| (c + r) as f32 / 40.0);
        let style = HeatmapStyle::default();
        let mut out = Rgba8Image::new(20, 20, [0; 4]);
        let ptr = out.pixels.as_ptr();
        heatmap_into(&pred, &style, &mut out);
        assert_eq!(out.pixels.as_ptr(), ptr);
        assert_eq!(out, heatmap(&pred, &style));
    }

    #[test]
    fn discretized_pixels_are_pure_class_colours() {
        // Three classes with soft, uneven probabilities: shaded, they would blend and fade.
        let (nx, ny) = (12, 3);
        let mut probs = Vec::new();
        let mut winners = Vec::new();
        for row in 0..ny {
            for col in 0..nx {
                let a = (col / 4 + row) % 3;
                let mut p = [0.3f32; 3];
                p[a] = 0.4 + 0.05 * (col % 4) as f32;
                let rest = (1.0 - p[a]) / 2.0;
                for (c, v) in p.iter_mut().enumerate() {
                    if c != a {
                        *v = rest;
                    }
                }
                probs.extend(p);
                winners.push(a);
            }
        }
        let pred = GridPrediction {
            nx,
            ny,
            classes: 3,
            probs,
        };
        let style = HeatmapStyle {
            show_boundary: false,
            discretize: true,
            ..HeatmapStyle::default()
        };
        assert!(!style.shaded());
        let img = heatmap(&pred, &style);
        // Pure class colour: background + MAX_TINT · (class − background), rounded.
        let pure = |c: usize| {
            let (bg, cl) = (style.palette.background, style.palette.color(c));
            [0, 1, 2].map(|i| {
                let v = f32::from(bg[i]) + MAX_TINT * (f32::from(cl[i]) - f32::from(bg[i]));
                (v + 0.5) as u8
            })
        };
        for row in 0..ny {
            for col in 0..nx {
                let a = winners[row * nx + col];
                assert_eq!(rgb(&img, col, row), pure(a), "pixel ({col}, {row})");
            }
        }
        // The same picture shaded is not made of pure colours.
        let shaded = heatmap(
            &pred,
            &HeatmapStyle {
                discretize: false,
                ..style
            },
        );
        assert_ne!(rgb(&shaded, 0, 0), pure(winners[0]));
        // Two classes take the fast path: pure colours there too.
        let two = two_class(4, 1, |c, _| [0.45, 0.55, 0.7, 0.2][c]);
        let img = heatmap(&two, &style);
        for (col, a) in [0, 1, 1, 0].into_iter().enumerate() {
            assert_eq!(rgb(&img, col, 0), pure(a));
        }
        assert_eq!(style.value_bands(), Some(DISCRETE_BANDS));
        assert_eq!(HeatmapStyle::default().value_bands(), None);
    }
}
