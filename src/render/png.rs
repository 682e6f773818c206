//! PNG encoding and crash-safe file writing.

use std::io;
use std::path::{Path, PathBuf};

use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use super::raster::Rgba8Image;

/// Why a picture could not be encoded or saved.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The pixel buffer does not match the stated size.
    #[error("{}", crate::tr!("png-invalid-image", len = .len, width = .width, height = .height))]
    InvalidImage {
        /// Stated width.
        width: usize,
        /// Stated height.
        height: usize,
        /// Actual buffer length in bytes.
        len: usize,
    },
    /// The image is empty or too large for PNG.
    #[error("{}", crate::tr!("png-bad-size", width = .width, height = .height))]
    BadSize {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
    },
    /// The PNG encoder failed.
    #[error("{}", crate::tr!("png-encode", detail = .0.to_string()))]
    Encode(#[from] image::ImageError),
    /// Writing the file failed; `path` is the file the caller asked for.
    #[error("{}", match *.action {
        "replace" => crate::tr!("png-io-replace", path = .path.display().to_string(), detail = .source.to_string()),
        _ => crate::tr!("png-io-write", path = .path.display().to_string(), detail = .source.to_string()),
    })]
    Io {
        /// What was being done (e.g. "write", "replace").
        action: &'static str,
        /// Target file.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: io::Error,
    },
}

/// Encodes `img` as an RGBA PNG in memory.
pub fn encode_png(img: &Rgba8Image) -> Result<Vec<u8>, RenderError> {
    if !img.is_consistent() {
        return Err(RenderError::InvalidImage {
            width: img.width,
            height: img.height,
            len: img.pixels.len(),
        });
    }
    let bad_size = || RenderError::BadSize {
        width: img.width,
        height: img.height,
    };
    let w = u32::try_from(img.width).map_err(|_| bad_size())?;
    let h = u32::try_from(img.height).map_err(|_| bad_size())?;
    if w == 0 || h == 0 {
        return Err(bad_size());
    }
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes).write_image(&img.pixels, w, h, image::ExtendedColorType::Rgba8)?;
    Ok(bytes)
}

/// Saves `img` as a PNG at `path` atomically (see [`crate::fsutil::write_atomic`]):
/// a crash mid-write leaves any existing file untouched.
pub fn write_png(path: &Path, img: &Rgba8Image) -> Result<(), RenderError> {
    let bytes = encode_png(img)?;
    crate::fsutil::write_atomic(path, &bytes).map_err(|source| RenderError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_rejects_bad_images() {
        let mut img = Rgba8Image::new(2, 2, [1, 2, 3, 4]);
        img.pixels.pop();
        assert!(matches!(
            encode_png(&img),
            Err(RenderError::InvalidImage { len: 15, .. })
        ));
        assert!(matches!(
            encode_png(&Rgba8Image::default()),
            Err(RenderError::BadSize { .. })
        ));
    }

    #[test]
    fn encode_produces_a_png() {
        let bytes = encode_png(&Rgba8Image::new(3, 2, [9, 8, 7, 255]));
        assert!(bytes.is_ok_and(|b| b.starts_with(b"\x89PNG\r\n\x1a\n")));
    }

    #[test]
    fn path_without_file_name_is_an_error_naming_it() {
        let img = Rgba8Image::new(1, 1, [0; 4]);
        let err = write_png(Path::new("/"), &img);
        let msg = err
            .map(|()| String::new())
            .unwrap_or_else(|e| e.to_string());
        assert!(msg.contains("PNG file /"), "{msg}");
    }
}
