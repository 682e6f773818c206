//! A plain RGBA8 raster that the renderer draws into.

/// An RGBA image with 8 bits per channel: unmultiplied alpha, row-major, top row first.
///
/// `pixels` holds `width * height * 4` bytes. The fields are public so the UI can hand the
/// buffer straight to a texture; the accessors never panic, even if a caller breaks that
/// length invariant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rgba8Image {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `[r, g, b, a]` of pixel `(x, y)` at byte `(y * width + x) * 4`.
    pub pixels: Vec<u8>,
}

impl Rgba8Image {
    /// A `width` × `height` image with every pixel set to `fill`.
    pub fn new(width: usize, height: usize, fill: [u8; 4]) -> Self {
        let mut img = Self::default();
        img.resize(width, height);
        img.fill(fill);
        img
    }

    /// Changes the size to `width` × `height`, reusing the allocation when it is big
    /// enough. Pixel contents are unspecified afterwards (callers repaint everything).
    pub fn resize(&mut self, width: usize, height: usize) {
        self.width = width;
        self.height = height;
        self.pixels.resize(byte_len(width, height), 0);
    }

    /// Sets every pixel to `color`.
    pub fn fill(&mut self, color: [u8; 4]) {
        for px in self.pixels.chunks_exact_mut(4) {
            px.copy_from_slice(&color);
        }
    }

    /// The pixel at `(x, y)`, or `None` outside the image.
    pub fn get(&self, x: usize, y: usize) -> Option<[u8; 4]> {
        let i = self.offset(x, y)?;
        let px = self.pixels.get(i..i + 4)?;
        Some([px[0], px[1], px[2], px[3]])
    }

    /// Writes the pixel at `(x, y)`; returns `false` (and does nothing) outside the image.
    pub fn put(&mut self, x: usize, y: usize, color: [u8; 4]) -> bool {
        let Some(i) = self.offset(x, y) else {
            return false;
        };
        match self.pixels.get_mut(i..i + 4) {
            Some(px) => {
                px.copy_from_slice(&color);
                true
            }
            None => false,
        }
    }

    /// `true` when `pixels` has exactly `width * height * 4` bytes.
    pub fn is_consistent(&self) -> bool {
        self.width
            .checked_mul(self.height)
            .and_then(|n| n.checked_mul(4))
            .is_some_and(|n| n == self.pixels.len())
    }

    /// Byte offset of `(x, y)`, `None` when out of range.
    fn offset(&self, x: usize, y: usize) -> Option<usize> {
        if x >= self.width || y >= self.height {
            return None;
        }
        y.checked_mul(self.width)?.checked_add(x)?.checked_mul(4)
    }
}

/// Bytes needed for `width` × `height` RGBA; saturates rather than overflowing
/// (an absurd size then fails to allocate instead of silently wrapping).
fn byte_len(width: usize, height: usize) -> usize {
    width.saturating_mul(height).saturating_mul(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_fills_and_get_put_round_trip() {
        let mut img = Rgba8Image::new(3, 2, [1, 2, 3, 4]);
        assert_eq!(img.pixels.len(), 24);
        assert!(img.is_consistent());
        assert_eq!(img.get(2, 1), Some([1, 2, 3, 4]));
        assert!(img.put(2, 1, [9, 8, 7, 6]));
        assert_eq!(img.get(2, 1), Some([9, 8, 7, 6]));
        assert_eq!(&img.pixels[20..24], &[9, 8, 7, 6]);
    }

    #[test]
    fn out_of_range_access_is_harmless() {
        let mut img = Rgba8Image::new(2, 2, [0; 4]);
        assert_eq!(img.get(2, 0), None);
        assert_eq!(img.get(0, 2), None);
        assert_eq!(img.get(usize::MAX, usize::MAX), None);
        assert!(!img.put(5, 0, [1; 4]));
        assert!(!img.put(usize::MAX, 1, [1; 4]));
        assert!(img.pixels.iter().all(|&b| b == 0));
        // A caller that broke the length invariant still gets no panic.
        img.pixels.truncate(5);
        assert_eq!(img.get(1, 1), None);
        assert!(!img.put(1, 1, [1; 4]));
        assert!(!img.is_consistent());
    }

    #[test]
    fn resize_reuses_and_fits() {
        let mut img = Rgba8Image::new(4, 4, [5; 4]);
        img.resize(2, 3);
        assert_eq!((img.width, img.height, img.pixels.len()), (2, 3, 24));
        img.resize(0, 7);
        assert!(img.pixels.is_empty());
        assert_eq!(img.get(0, 0), None);
    }
}
