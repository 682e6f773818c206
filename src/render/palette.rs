//! Class colours: colour-blind-safe by default, plus the tutorial's grey look.

/// Number of distinct class colours; classes beyond it reuse colours cyclically.
pub const PALETTE_SIZE: usize = 8;

/// Colours for classes, the empty background, the decision boundary and point outlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Full-strength colour of each class (points are drawn in it, regions in a tint of it).
    pub classes: [[u8; 3]; PALETTE_SIZE],
    /// Neutral colour shown where the model is undecided.
    pub background: [u8; 3],
    /// Colour of the decision-boundary line.
    pub boundary: [u8; 3],
    /// Outline around points, so they stand out on any region colour.
    pub outline: [u8; 3],
}

impl Default for Palette {
    fn default() -> Self {
        Self::tol_vibrant()
    }
}

impl Palette {
    /// Paul Tol's colour-blind-safe "vibrant" scheme, plus his high-contrast yellow and a
    /// mid grey to make eight. Classes 0 and 1 are the orange/blue pair, distinguishable
    /// under every common colour-vision deficiency.
    pub const fn tol_vibrant() -> Self {
        Self {
            classes: [
                [0xEE, 0x77, 0x33], // orange
                [0x00, 0x77, 0xBB], // blue
                [0x00, 0x99, 0x88], // teal
                [0xEE, 0x33, 0x77], // magenta
                [0x33, 0xBB, 0xEE], // cyan
                [0xCC, 0x33, 0x11], // red
                [0xDD, 0xAA, 0x33], // yellow
                [0x88, 0x88, 0x88], // grey
            ],
            background: [0xF7, 0xF7, 0xF5],
            boundary: [0x22, 0x25, 0x2B],
            outline: [0x1E, 0x1E, 0x24],
        }
    }

    /// The tutorial's grey-scale picture: class 0 dark, class 1 light, further classes
    /// on greys in between.
    pub const fn grayscale() -> Self {
        Self {
            classes: [
                [0x30, 0x30, 0x30],
                [0xE8, 0xE8, 0xE8],
                [0x80, 0x80, 0x80],
                [0xB4, 0xB4, 0xB4],
                [0x58, 0x58, 0x58],
                [0xCC, 0xCC, 0xCC],
                [0x6C, 0x6C, 0x6C],
                [0x9A, 0x9A, 0x9A],
            ],
            background: [0x9C, 0x9C, 0x9C],
            boundary: [0x10, 0x10, 0x10],
            outline: [0x00, 0x00, 0x00],
        }
    }

    /// Colour of `class` (wraps around after [`PALETTE_SIZE`] classes; never panics).
    pub fn color(&self, class: usize) -> [u8; 3] {
        self.classes[class % PALETTE_SIZE]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_0_and_1_are_warm_and_cool() {
        let p = Palette::default();
        let [r0, _, b0] = p.color(0);
        let [r1, _, b1] = p.color(1);
        assert!(r0 > b0 + 100, "class 0 should be warm");
        assert!(b1 > r1 + 100, "class 1 should be cool");
    }

    #[test]
    fn colours_are_distinct_and_wrap() {
        let p = Palette::default();
        for a in 0..PALETTE_SIZE {
            for b in a + 1..PALETTE_SIZE {
                assert_ne!(p.color(a), p.color(b));
            }
        }
        assert_eq!(p.color(PALETTE_SIZE + 1), p.color(1));
        assert_eq!(p.color(usize::MAX), p.color(usize::MAX % PALETTE_SIZE));
    }

    #[test]
    fn grayscale_is_grey() {
        let p = Palette::grayscale();
        for c in 0..PALETTE_SIZE {
            let [r, g, b] = p.color(c);
            assert!(r == g && g == b);
        }
        assert_ne!(p.color(0), p.color(1));
    }
}
