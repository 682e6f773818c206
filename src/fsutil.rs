//! File helpers shared by every reader and writer: bounded reading of regular files only,
//! atomic replacement, and removal of the temporary files of interrupted saves.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Why [`read_regular_file`] read nothing.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read, or is not a regular file (the message says
    /// what it is: a directory, a FIFO, a device, …).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file is larger than the limit; nothing was read.
    #[error("{}", crate::tr!("file-too-large", size = .size, max = .max))]
    TooLarge {
        /// Its size in bytes (at least this many when it grew while being read).
        size: u64,
        /// The limit.
        max: u64,
    },
}

/// What a file system entry is, in words, when it is not a regular file.
fn not_regular(ft: fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn refuse_kind(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file"),
    )
}

/// Reads the whole of `path`, at most `max` bytes, and only if it is a regular file: a
/// directory, FIFO, device or socket is refused at once (its type is checked before it is
/// opened, and again on the opened file, so a swap in between is caught), and a file larger
/// than `max` is refused by its size before anything is read. It never reads more than
/// `max + 1` bytes, even if the file grows meanwhile.
pub fn read_regular_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    if let Some(what) = not_regular(fs::metadata(path)?.file_type()) {
        return Err(refuse_kind(what).into());
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // A FIFO swapped in after the check must not block the open; regular files
        // ignore the flag.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(refuse_kind(what).into());
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    // Grows as bytes arrive; the size in the metadata only bounds the first guess.
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` atomically: into a fresh temporary file in the same directory,
/// flushed to disk, then renamed over `path`. A crash mid-write leaves the previous file
/// intact (and at worst a stray `.NAME-PID-N.tmp` file beside it, which the next save into
/// the same folder removes: see [`remove_stale_temps`]).
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
    remove_stale_temps(&dir_of(path));
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

/// The folder `path` is in (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files older than this are removed whoever wrote them.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// The process id in a name of our temporary-file pattern, `.NAME-PID-N.tmp`.
pub fn temp_file_pid(file_name: &str) -> Option<u32> {
    let stem = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, n) = stem.rsplit_once('-')?;
    let (name, pid) = rest.rsplit_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if name.is_empty() || !digits(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running (always `false` off Unix, where only age counts).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Removes the temporary files that interrupted saves left in `dir`: regular files named
/// by our pattern (`.NAME-PID-N.tmp`) whose process is no longer running, or that are older
/// than [`STALE_TEMP_AGE`]. Files of a save still under way (this process's, or another
/// live one's, and recent) are left alone; so is every other file. Errors are ignored: this
/// is tidying, not part of the save. Returns how many files were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        let ours = pid == std::process::id();
        if (old || (!ours && !process_alive(pid))) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Creates a new temporary file next to `path` (same directory, so the rename is atomic).
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let dir = dir_of(path);
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

    #[test]
    fn temp_names_are_recognised() {
        assert_eq!(temp_file_pid(".s.json-123-0.tmp"), Some(123));
        assert_eq!(temp_file_pid(".a-b-c.json-77-12.tmp"), Some(77));
        assert_eq!(temp_file_pid("s.json-123-0.tmp"), None);
        assert_eq!(temp_file_pid(".s.json-12x-0.tmp"), None);
        assert_eq!(temp_file_pid(".-1-0.tmp"), None);
        assert_eq!(temp_file_pid(".s.json.tmp"), None);
    }
}
