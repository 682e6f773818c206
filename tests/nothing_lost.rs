//! Issue 10, "Nothing lost, whatever happens": the loaders read only regular files of a
//! bounded size, strictly; normalisation stays finite; interrupted saves leave nothing behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{self, CsvColumns};
use nnviz::fsutil;
use nnviz::session::Session;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnviz-lost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs `nnviz` with `args`; fails the test if it has not ended within 20 s (it is killed).
fn nnviz_within(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nnviz"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nnviz {args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn refused(args: &[&str]) -> String {
    let out = nnviz_within(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    stderr
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let _ = std::fs::remove_file(path);
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    let r = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(r, 0, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_as_session_data_or_weights() {
    let fifo = tmp("pipe.json");
    mkfifo(&fifo);
    let f = fifo.to_str().unwrap();
    for option in ["--session", "--data", "--weights"] {
        let start = Instant::now();
        let err = refused(&["train", "--steps", "1", option, f]);
        assert!(err.contains("FIFO"), "{option}: {err}");
        assert!(err.contains("pipe.json"), "{option}: {err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    // The library refuses it as well, without blocking.
    let e = Session::load(&fifo).unwrap_err().to_string();
    assert!(e.contains("FIFO (named pipe), not a regular file"), "{e}");
    let e = data::read_csv_file(&fifo, &CsvColumns::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("FIFO"), "{e}");
    let _ = std::fs::remove_file(&fifo);
}

#[test]
fn a_directory_is_refused_as_session_data_or_weights() {
    let dir = tmp("a-folder.json");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    for option in ["--session", "--data", "--weights"] {
        let err = refused(&["train", "--steps", "1", option, d]);
        assert!(err.contains("a directory, not a regular file"), "{err}");
    }
    #[cfg(unix)]
    {
        let e = fsutil::read_regular_file(Path::new("/dev/null"), 10).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
    }
}

#[test]
fn a_150_mb_weights_file_is_refused_by_its_size_before_reading() {
    let path = tmp("huge-weights.json");
    // Sparse: 150 MB long, no disk used.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(150_000_000).unwrap();
    drop(f);
    let start = Instant::now();
    let err = refused(&["train", "--steps", "1", "--weights", path.to_str().unwrap()]);
    assert!(err.contains("150000000 bytes"), "{err}");
    assert!(err.contains("huge-weights.json"), "{err}");
    // Reading 150 MB of zeros would take longer and would then fail as JSON.
    assert!(!err.contains("JSON"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
    // The same for the library reader (no allocation of the size).
    match fsutil::read_regular_file(&path, data::MAX_FILE_BYTES) {
        Err(fsutil::ReadError::TooLarge { size, .. }) => assert_eq!(size, 150_000_000),
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn stray_temporary_files_are_removed_by_the_next_save() {
    let dir = tmp("stray");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A process id that is not running: the largest possible, above any pid_max.
    let dead = u32::MAX / 2;
    let stray = dir.join(format!(".s.json-{dead}-0.tmp"));
    let another = dir.join(format!(".w.json-{dead}-3.tmp"));
    // This process's own temporary file of a save under way is kept.
    let live = dir.join(format!(".s.json-{}-9.tmp", std::process::id()));
    // Not ours: kept.
    let foreign = [dir.join(".s.json.tmp"), dir.join("notes-1-2.tmp")];
    for p in [&stray, &another, &live].into_iter().chain(&foreign) {
        std::fs::write(p, b"partial").unwrap();
    }
    fsutil::write_atomic(&dir.join("s.json"), b"{}").unwrap();
    assert!(!stray.exists() && !another.exists());
    assert!(live.exists());
    assert!(foreign.iter().all(|p| p.exists()));
    let _ = std::fs::remove_dir_all(&dir);
}
