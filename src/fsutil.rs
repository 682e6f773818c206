//! File helpers shared by every writer: atomic replacement.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a fresh temporary file in the same directory,
/// flushed to disk, then renamed over `path`. A crash mid-write leaves the previous file
/// intact (and at worst a stray `*.tmp` file beside it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the contents written by `write` into the temporary file.
///
/// When `write` fails (or panics) partway, nothing is renamed: `path` keeps its previous
/// contents and the temporary file is removed. This is also the seam through which tests
/// simulate a writer that dies mid-save.
pub fn write_atomic_with<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let (tmp_path, file) = create_temp_beside(path)?;
    // Declared before `file`, so the file is closed before the guard removes it.
    let mut guard = RemoveOnDrop(Some(tmp_path));
    let mut file = file;
    write(&mut file)?;
    file.flush()?;
    file.sync_all()?;
    drop(file);
    if let Some(tmp) = &guard.0 {
        fs::rename(tmp, path)?;
    }
    guard.0 = None;
    Ok(())
}

/// Removes the temporary file unless the write got as far as renaming it, including when
/// the writer panics.
struct RemoveOnDrop(Option<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = fs::remove_file(p);
        }
    }
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
