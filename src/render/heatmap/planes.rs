//! The heatmap's pixel loop for any number of classes, in SIMD.
//!
//! The prediction stores a cell's `k` probabilities together, which keeps a pixel's work in
//! scalar code: a loop over its classes, another over each neighbour's. Here each grid row is
//! first split into planes (one per class, plus each cell's arg-max and top two), with a
//! sentinel column on each side, and the row's pixels are then worked on in passes, a class
//! at a time: every loop runs along the row over plain slices, which the compiler turns into
//! vector code on every path (one path per instruction set, chosen at run time).
//!
//! Each pixel gets exactly the operations of the one-pixel-at-a-time definition, in the same
//! order (the module above describes them), so the picture is the same to the bit.

use super::{Consts, LINE_HALF_WIDTH, LINE_OPACITY, MAX_TINT};
use crate::nn::simd::{Kernel, KernelPath};
use crate::render::palette::PALETTE_SIZE;

/// The class of a sentinel (no class has it).
const NO_CLASS: f32 = -1.0;

/// One grid row as planes. Index `col + 1` holds column `col`; indices 0 and `nx + 1` are
/// sentinels: no class, and every probability `+∞`, so a sentinel's margin for any class is
/// `+∞` and a missing neighbour changes nothing (`s − ∞` loses every `max`).
#[derive(Default)]
struct RowPlanes {
    /// Plane width: `nx` and the two sentinels.
    width: usize,
    /// Probabilities, class after class (`width` values each).
    p: Vec<f32>,
    /// Arg-max class (the first of equal largest) as a number, [`NO_CLASS`] for a sentinel.
    class: Vec<f32>,
    /// The largest probability.
    first: Vec<f32>,
    /// The largest probability of the other classes.
    second: Vec<f32>,
}

impl RowPlanes {
    /// Fills the planes from one row of interleaved probabilities (`None`: a row outside the
    /// grid, all sentinels).
    #[inline(always)]
    fn fill(&mut self, row: Option<&[f32]>, nx: usize, k: usize) {
        self.width = nx + 2;
        let w = self.width;
        self.p.clear();
        self.p.resize(w * k, f32::INFINITY);
        self.class.clear();
        self.class.resize(w, NO_CLASS);
        self.first.clear();
        self.first.resize(w, 0.0);
        self.second.clear();
        self.second.resize(w, 0.0);
        let Some(row) = row else {
            return;
        };
        for (c, plane) in self.p.chunks_exact_mut(w).enumerate() {
            for (d, cell) in plane[1..=nx].iter_mut().zip(row.chunks_exact(k)) {
                *d = cell[c];
            }
        }
        // The arg-max and top two, a class at a time: the comparisons of one cell at a time
        // (a larger value takes the lead, the old lead becomes the runner-up), in class order.
        let cols = 1..=nx;
        self.class[cols.clone()].fill(0.0);
        self.first[cols.clone()].copy_from_slice(&self.p[cols.clone()]);
        self.second[cols.clone()].fill(f32::NEG_INFINITY);
        for (c, plane) in self.p.chunks_exact(w).enumerate().skip(1) {
            let cells = self.class[cols.clone()]
                .iter_mut()
                .zip(&mut self.first[cols.clone()])
                .zip(&mut self.second[cols.clone()])
                .zip(&plane[cols.clone()]);
            for (((class, first), second), &v) in cells {
                let gt = v > *first;
                *second = if gt {
                    *first
                } else if v > *second {
                    v
                } else {
                    *second
                };
                *first = if gt { v } else { *first };
                *class = if gt { c as f32 } else { *class };
            }
        }
    }

    /// Probability plane `c`, cells `from..from + n`.
    #[inline(always)]
    fn plane(&self, c: usize, from: usize, n: usize) -> &[f32] {
        &self.p[c * self.width + from..][..n]
    }
}

/// Per-pixel values of the row being drawn, `nx` each.
#[derive(Default)]
struct RowWork {
    rgb: [Vec<f32>; 3],
    w_sum: Vec<f32>,
    acc: [Vec<f32>; 3],
    s: Vec<f32>,
    gx: Vec<f32>,
    gy: Vec<f32>,
    pa: Vec<f32>,
    /// The finished pixels as little-endian RGBA words.
    packed: Vec<u32>,
}

/// The per-pixel loop. `probs` holds at least `nx * ny * k` values and `k >= 2` (checked by
/// the caller); `pixels` holds `nx * ny * 4` bytes. Runs on the CPU's widest path
/// ([`Kernel::Heatmap`]); every path gives the same bytes.
pub(super) fn render(probs: &[f32], nx: usize, ny: usize, k: usize, c: &Consts, pixels: &mut [u8]) {
    match KernelPath::current(Kernel::Heatmap) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `current` only returns a path the CPU supports.
        KernelPath::Avx512 => unsafe { render_avx512(probs, nx, ny, k, c, pixels) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        KernelPath::Avx2Fma => unsafe { render_avx2(probs, nx, ny, k, c, pixels) },
        _ => render_on_path(probs, nx, ny, k, c, pixels),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
fn render_avx512(probs: &[f32], nx: usize, ny: usize, k: usize, c: &Consts, pixels: &mut [u8]) {
    render_on_path(probs, nx, ny, k, c, pixels);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn render_avx2(probs: &[f32], nx: usize, ny: usize, k: usize, c: &Consts, pixels: &mut [u8]) {
    render_on_path(probs, nx, ny, k, c, pixels);
}

/// [`render`]'s body, inlined into each path's function so it is compiled for that path.
/// Nothing here fuses a multiply and an add, so the paths agree to the bit.
#[inline(always)]
fn render_on_path(probs: &[f32], nx: usize, ny: usize, k: usize, c: &Consts, pixels: &mut [u8]) {
    let row_len = nx * k;
    if row_len == 0 {
        return;
    }
    let row_at = |r: usize| {
        if r < ny {
            probs.get(r * row_len..(r + 1) * row_len)
        } else {
            None
        }
    };
    // Rows `r − 1`, `r` and `r + 1` while row `r` is drawn.
    let (mut up, mut cur, mut down) = (
        RowPlanes::default(),
        RowPlanes::default(),
        RowPlanes::default(),
    );
    up.fill(None, nx, k);
    cur.fill(row_at(0), nx, k);
    let mut work = RowWork::default();
    for v in work.rgb.iter_mut().chain(work.acc.iter_mut()).chain([
        &mut work.w_sum,
        &mut work.s,
        &mut work.gx,
        &mut work.gy,
        &mut work.pa,
    ]) {
        v.resize(nx, 0.0);
    }
    work.packed.resize(nx, 0);
    for (row, out_row) in pixels.chunks_exact_mut(nx * 4).enumerate().take(ny) {
        down.fill(row_at(row + 1), nx, k);
        row_colours(&up, &cur, &down, nx, k, c, &mut work);
        pack(&work.rgb, &mut work.packed);
        for (px, v) in out_row.chunks_exact_mut(4).zip(&work.packed) {
            px.copy_from_slice(&v.to_le_bytes());
        }
        // Row r + 1 becomes the current row; row r the one above.
        std::mem::swap(&mut up, &mut cur);
        std::mem::swap(&mut cur, &mut down);
    }
}

/// The colours of the current row's pixels, into `work.rgb`.
///
/// Each pass is a function of its own: its slices arrive as distinct borrows, which tells
/// the compiler they do not overlap, so it vectorises the loop without run-time checks.
#[inline(always)]
fn row_colours(
    up: &RowPlanes,
    cur: &RowPlanes,
    down: &RowPlanes,
    nx: usize,
    k: usize,
    c: &Consts,
    work: &mut RowWork,
) {
    let cols = 1..=nx;
    let a = &cur.class[cols.clone()];
    let (p1, p2) = (&cur.first[cols.clone()], &cur.second[cols]);
    let RowWork {
        rgb,
        w_sum,
        acc,
        s,
        gx,
        gy,
        pa,
        ..
    } = work;
    if c.shading {
        // Blend weighted by each class's excess over chance.
        w_sum.fill(0.0);
        acc.iter_mut().for_each(|v| v.fill(0.0));
        for ci in 0..k {
            let [a0, a1, a2] = acc;
            let d = c.delta[ci % PALETTE_SIZE];
            add_excess(cur.plane(ci, 1, nx), c.inv_k, d, w_sum, a0, a1, a2);
        }
        for ch in 0..3 {
            tint(&mut rgb[ch], p1, w_sum, &acc[ch], c.background[ch], c);
        }
    } else {
        for ci in 0..k {
            let f = c.flat[ci % PALETTE_SIZE];
            for (out, f) in rgb.iter_mut().zip(f) {
                set_where(out, a, ci as f32, f);
            }
        }
    }
    if !c.show_boundary {
        return;
    }
    difference(s, p1, p2);
    // Fastest fall of class a's margin towards each axis neighbour, per pixel: left and
    // right (cells `col` and `col + 2` of this row's planes), then above and below.
    gx.fill(0.0);
    gy.fill(0.0);
    for (n, from, vertical) in [
        (cur, 0, false),
        (cur, 2, false),
        (up, 1, true),
        (down, 1, true),
    ] {
        // Class a's probability at the neighbour.
        pa.fill(0.0);
        for ci in 0..k {
            copy_where(pa, a, ci as f32, n.plane(ci, from, nx));
        }
        let g = if vertical { &mut *gy } else { &mut *gx };
        let at = from..from + nx;
        fall(
            g,
            s,
            pa,
            a,
            &n.class[at.clone()],
            &n.first[at.clone()],
            &n.second[at],
        );
    }
    // `pa` is free again: the line's coverage.
    coverage(pa, s, gx, gy);
    for (out, b) in rgb.iter_mut().zip(c.boundary) {
        blend(out, pa, b);
    }
}

/// Each class's weight (its excess over chance `inv_k`) into the sum and the colour sums.
#[inline(always)]
fn add_excess(
    p: &[f32],
    inv_k: f32,
    d: [f32; 3],
    w_sum: &mut [f32],
    a0: &mut [f32],
    a1: &mut [f32],
    a2: &mut [f32],
) {
    let sums = w_sum
        .iter_mut()
        .zip(a0.iter_mut().zip(a1.iter_mut()).zip(a2.iter_mut()));
    for (&v, (ws, ((a0, a1), a2))) in p.iter().zip(sums) {
        let w = (v - inv_k).max(0.0);
        *ws += w;
        *a0 += w * d[0];
        *a1 += w * d[1];
        *a2 += w * d[2];
    }
}

/// One channel of the confidence-shaded colour.
#[inline(always)]
fn tint(out: &mut [f32], p1: &[f32], w_sum: &[f32], acc: &[f32], bg: f32, c: &Consts) {
    for ((out, &p1), (&ws, &acc)) in out.iter_mut().zip(p1).zip(w_sum.iter().zip(acc)) {
        let conf = ((p1 - c.inv_k) * c.conf_scale).clamp(0.0, 1.0);
        // Ease-out: regions reach a calm colour quickly instead of staying washed out.
        let t = if ws > 0.0 {
            MAX_TINT * conf * (2.0 - conf) / ws
        } else {
            0.0
        };
        *out = bg + t * acc;
    }
}

/// `out = value` where `class == which`.
#[inline(always)]
fn set_where(out: &mut [f32], class: &[f32], which: f32, value: f32) {
    for (o, &a) in out.iter_mut().zip(class) {
        *o = if a == which { value } else { *o };
    }
}

/// `out = v` where `class == which`. As a mask on the bits: written as a choice, the compiler
/// makes it a conditional store and leaves the loop scalar.
#[inline(always)]
fn copy_where(out: &mut [f32], class: &[f32], which: f32, v: &[f32]) {
    for ((o, &v), &a) in out.iter_mut().zip(v).zip(class) {
        let mask = u32::from(a == which).wrapping_neg();
        *o = f32::from_bits((v.to_bits() & mask) | (o.to_bits() & !mask));
    }
}

/// `s = p1 − p2`.
#[inline(always)]
fn difference(s: &mut [f32], p1: &[f32], p2: &[f32]) {
    for ((s, &p1), &p2) in s.iter_mut().zip(p1).zip(p2) {
        *s = p1 - p2;
    }
}

/// `g = max(g, s − m)` with `m` class `a`'s margin at the neighbour (its probability there
/// `pa`): the runner-up's gap where `a` wins there, else `a`'s gap to the winner.
#[inline(always)]
fn fall(
    g: &mut [f32],
    s: &[f32],
    pa: &[f32],
    a: &[f32],
    class: &[f32],
    first: &[f32],
    second: &[f32],
) {
    let here = g.iter_mut().zip(s).zip(pa).zip(a);
    let there = class.iter().zip(first).zip(second);
    for ((((g, &s), &pa), &a), ((&class, &first), &second)) in here.zip(there) {
        let m = if class == a {
            first - second
        } else {
            pa - first
        };
        *g = g.max(s - m);
    }
}

/// The boundary line's coverage ([`super::line_alpha`], with the square root taken
/// everywhere and kept where in reach, so the loop has no branch).
#[inline(always)]
fn coverage(alpha: &mut [f32], s: &[f32], gx: &[f32], gy: &[f32]) {
    let reach = LINE_HALF_WIDTH + 0.5;
    for (alpha, ((&s, &gx), &gy)) in alpha.iter_mut().zip(s.iter().zip(gx).zip(gy)) {
        let g2 = gx * gx + gy * gy;
        let near = g2 > 1e-12 && s * s < reach * reach * g2;
        *alpha = if near {
            (reach - s / g2.sqrt()).clamp(0.0, 1.0) * LINE_OPACITY
        } else {
            0.0
        };
    }
}

/// Opaque RGBA words from the channels, each rounded as `super::store` does: `as u8`
/// saturates, truncates and sends NaN to 0, and so does this, in a form that vectorises
/// (`max` drops NaN, and adding 2²³ to a whole number below it leaves it in the low bits).
#[inline(always)]
fn pack([r, g, b]: &[Vec<f32>; 3], out: &mut [u32]) {
    const TWO_23: f32 = 8_388_608.0;
    // Not `clamp`: it keeps NaN, and NaN must become 0.
    #[allow(clippy::manual_clamp)]
    let byte =
        |v: f32| ((v + 0.5).max(0.0).min(255.0).floor() + TWO_23).to_bits() - TWO_23.to_bits();
    for (o, ((&r, &g), &b)) in out.iter_mut().zip(r.iter().zip(g).zip(b)) {
        *o = byte(r) | byte(g) << 8 | byte(b) << 16 | 0xff00_0000;
    }
}

/// One channel blended towards the line's colour `b` by `alpha`.
#[inline(always)]
fn blend(out: &mut [f32], alpha: &[f32], b: f32) {
    for (out, &alpha) in out.iter_mut().zip(alpha) {
        let v = *out;
        *out = if alpha > 0.0 { v + alpha * (b - v) } else { v };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_rounds_like_the_one_pixel_store() {
        let edge = [
            f32::NAN,
            f32::NEG_INFINITY,
            -3.0,
            -0.6,
            -0.5,
            -0.0,
            0.0,
            0.49,
            0.5,
            1.5,
            127.499_99,
            254.49,
            254.5,
            255.0,
            255.4,
            300.0,
            f32::INFINITY,
        ];
        let values: Vec<f32> = edge
            .into_iter()
            .chain((0..2600).map(|i| i as f32 * 0.1 - 2.0))
            .collect();
        let n = values.len();
        let rgb = [
            values.clone(),
            values.iter().rev().copied().collect(),
            values.clone(),
        ];
        let mut packed = vec![0u32; n];
        pack(&rgb, &mut packed);
        for (i, word) in packed.iter().enumerate() {
            let mut want = [0u8; 4];
            super::super::store(&mut want, [rgb[0][i], rgb[1][i], rgb[2][i]]);
            assert_eq!(word.to_le_bytes(), want, "{:?}", [rgb[0][i], rgb[1][i]]);
        }
    }
}
