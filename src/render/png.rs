//! PNG encoding and crash-safe file writing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use super::raster::Rgba8Image;

/// Why a picture could not be encoded or saved.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The pixel buffer does not match the stated size.
    #[error("image buffer holds {len} bytes, but {width}×{height} RGBA needs width × height × 4")]
    InvalidImage {
        /// Stated width.
        width: usize,
        /// Stated height.
        height: usize,
        /// Actual buffer length in bytes.
        len: usize,
    },
    /// The image is empty or too large for PNG.
    #[error("cannot encode a {width}×{height} image as PNG (each side must be 1..=4294967295)")]
    BadSize {
        /// Width in pixels.
        width: usize,
        /// Height in pixels.
        height: usize,
    },
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] image::ImageError),
    /// Writing the file failed; `path` is the file the caller asked for.
    #[error("cannot {action} PNG file {}: {source}", path.display())]
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

/// Saves `img` as a PNG at `path` atomically: the data goes to a temporary file in the
/// same directory, is flushed to disk, then renamed over `path`. A crash mid-write leaves
/// any existing file untouched.
pub fn write_png(path: &Path, img: &Rgba8Image) -> Result<(), RenderError> {
    let bytes = encode_png(img)?;
    let io_err = |action: &'static str| {
        move |source: io::Error| RenderError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    };
    let (tmp_path, mut file) =
        create_temp_beside(path).map_err(io_err("create a temporary file for"))?;
    let written = file
        .write_all(&bytes)
        .and_then(|()| file.sync_all())
        .map_err(io_err("write"));
    drop(file);
    let result = written.and_then(|()| fs::rename(&tmp_path, path).map_err(io_err("replace")));
    if result.is_err() {
        // Best effort: the write already failed, a leftover temp file is the lesser problem.
        let _ = fs::remove_file(&tmp_path);
    }
    result
}

/// Creates a fresh temporary file next to `path` (same directory, so the rename is atomic).
/// Its name ends in `.png.tmp` so stray copies are easy to spot and ignore.
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let stem = path
        .file_stem()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?
        .to_string_lossy();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{stem}-{}-{n}.png.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            // Leftover from a crashed run with a recycled pid: try the next name.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}
