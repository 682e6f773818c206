//! Issue 10: `nnviz train --save FILE` killed (SIGKILL) at random moments, 60 times. After
//! every kill FILE is a complete session — the old one or the new one, never a torn one —
//! and after the next save that runs to its end no temporary file is left in the folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::session::Session;
use rand::{RngExt, SeedableRng};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn train(dir: &Path, seed: u64) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nnviz"));
    c.args([
        "train", "--preset", "xor", "--points", "20000", "--steps", "20",
    ])
    .args(["--print-every", "0", "--seed", &seed.to_string()])
    .arg("--save")
    .arg(dir.join("s.json"))
    .arg("--save-weights")
    .arg(dir.join("w.json"))
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    c
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file_and_no_temporary_file() {
    let dir = std::env::temp_dir().join(format!("nnviz-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.json");
    let weights = dir.join("w.json");

    // The old files, and how long a whole run takes.
    let start = Instant::now();
    assert!(train(&dir, 0).status().unwrap().success());
    let run = start.elapsed();
    let mut seed_on_disk = Session::load(&file).unwrap().seed;
    assert_eq!(seed_on_disk, 0);

    let mut rng = rand::rngs::StdRng::seed_from_u64(10);
    let (mut old, mut new, mut finished) = (0, 0, 0);
    let began = Instant::now();
    for seed in 1..=60u64 {
        let mut child = train(&dir, seed).spawn().unwrap();
        // Spread over the whole run, a little beyond its usual end.
        let micros = run.as_micros() as u64 * 6 / 5;
        std::thread::sleep(Duration::from_micros(rng.random_range(0..micros.max(1))));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        }
        let s = Session::load(&file)
            .unwrap_or_else(|e| panic!("kill {seed}: the session file is not whole: {e}"));
        nnviz::nn::io::weights_from_json(&std::fs::read_to_string(&weights).unwrap())
            .unwrap_or_else(|e| panic!("kill {seed}: the weights file is not whole: {e}"));
        if s.seed == seed {
            new += 1;
        } else {
            assert_eq!(
                s.seed, seed_on_disk,
                "kill {seed}: neither the old nor the new file"
            );
            old += 1;
        }
        seed_on_disk = s.seed;
    }
    let left = temp_files(&dir).len();
    // The next save, run to its end, removes what the killed ones left.
    assert!(train(&dir, 100).status().unwrap().success());
    assert_eq!(Session::load(&file).unwrap().seed, 100);
    assert_eq!(temp_files(&dir), Vec::<String>::new());
    eprintln!(
        "60 kills in {:.1?} (a run takes {run:.1?}): {old} left the old file, {new} the new one \
         ({finished} runs had finished); {left} temporary files left, none after the next save",
        began.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
