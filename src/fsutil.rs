//! File helpers shared by every writer: atomic replacement.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a fresh temporary file in the same directory,
/// flushed to disk, then renamed over `path`. A crash mid-write leaves the previous file
/// intact (and at worst a stray `*.tmp` file beside it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (tmp_path, mut file) = create_temp_beside(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp_path, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp_path);
    }
    written
}

/// Creates a new temporary file next to `path` (same directory, so the rename is atomic).
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    for n in 0..1000u32 {
        let tmp = dir.join(format!(".{name}-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "could not create a temporary file",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("nnviz-fsutil-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        let path = dir.join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(write_atomic(&dir.join("missing/b.txt"), b"x").is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
