//! `nnviz train` against the tutorial's numpy program, and its handling of bad input.
//!
//! The reference files in `tests/fixtures/` were made by `tests/fixtures/make_reference.py`,
//! an independent numpy transcription of the tutorial (run once by hand; the tests only read
//! its output): initial weights from `np.random.seed(1)`, then 10,000 steps for each learning
//! rate (0.01, 0.1) and update order (tutorial, textbook).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

mod common;
use common::nnviz;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn parse_errors(text: &str) -> Vec<f64> {
    text.lines()
        .filter_map(|l| l.strip_prefix("Error:"))
        .map(|v| v.parse().unwrap())
        .collect()
}

fn assert_close(ours: &[f64], numpy: &[f64], what: &str) {
    assert_eq!(ours.len(), numpy.len(), "{what}: number of Error lines");
    for (i, (a, b)) in ours.iter().zip(numpy).enumerate() {
        let rel = ((a - b) / b).abs();
        assert!(
            rel < 1e-9,
            "{what}: line {i}: ours {a}, numpy {b} (relative {rel:e})"
        );
    }
}

#[test]
fn error_lines_match_numpy_in_both_update_orders() {
    let weights = fixture("seed_initial_weights.json");
    for lr in ["0.01", "0.1"] {
        for order in ["tutorial", "textbook"] {
            let out = nnviz(&[
                "train",
                "--weights",
                weights.to_str().unwrap(),
                "--lr",
                lr,
                "--update-order",
                order,
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8(out.stdout).unwrap();
            let numpy =
                std::fs::read_to_string(fixture(&format!("seed_{order}_lr{lr}.txt"))).unwrap();
            let ours = parse_errors(&stdout);
            assert_eq!(ours.len(), 100);
            assert_close(&ours, &parse_errors(&numpy), &format!("lr {lr}, {order}"));
            let last = stdout.lines().last().unwrap();
            assert!(last.starts_with("final: steps=10000 error="), "{last}");
        }
    }
}

#[test]
fn final_weights_match_numpy() {
    let weights = fixture("seed_initial_weights.json");
    let saved = tmp("w.json");
    let out = nnviz(&[
        "train",
        "--weights",
        weights.to_str().unwrap(),
        "--save-weights",
        saved.to_str().unwrap(),
        "--print-every",
        "0",
    ]);
    assert!(out.status.success());
    let ours: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    let numpy: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("seed_tutorial_lr0.01_weights.json")).unwrap(),
    )
    .unwrap();
    let flat = |v: &serde_json::Value| -> Vec<f64> {
        let mut out = Vec::new();
        for m in v.as_array().unwrap() {
            for r in m.as_array().unwrap() {
                out.extend(r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()));
            }
        }
        out
    };
    let (a, b) = (flat(&ours), flat(&numpy));
    assert_eq!(a.len(), 12);
    for (x, y) in a.iter().zip(&b) {
        assert!(((x - y) / y).abs() < 1e-9, "{x} vs {y}");
    }
    // Only the final line when printing is off.
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn the_default_run_is_the_tutorial_and_is_deterministic() {
    let a = nnviz(&["train", "--seed", "9"]);
    let b = nnviz(&["train", "--seed", "9"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert_eq!(parse_errors(&text).len(), 100);
    assert!(
        text.lines().last().unwrap().ends_with(" accuracy=100.0%"),
        "{text}"
    );
    let c = nnviz(&["train", "--seed", "10"]);
    assert_ne!(text.as_bytes(), c.stdout.as_slice());
}

#[test]
fn accuracies_are_printed_as_percentages() {
    let out = nnviz(&[
        "train",
        "--preset",
        "xor",
        "--points",
        "80",
        "--test-ratio",
        "0.25",
        "--steps",
        "3",
        "--print-every",
        "0",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<(&str, &str)> = text
        .trim_end()
        .strip_prefix("final: ")
        .unwrap()
        .split(' ')
        .map(|f| f.split_once('=').unwrap())
        .collect();
    let keys: Vec<&str> = fields.iter().map(|f| f.0).collect();
    assert_eq!(
        keys,
        ["steps", "error", "loss", "accuracy", "test_accuracy"],
        "{text}"
    );
    for (_, v) in &fields[3..] {
        // A percentage with one decimal.
        let number = v.strip_suffix('%').unwrap();
        assert_eq!(number.split_once('.').unwrap().1.len(), 1, "{text}");
        assert!((0.0..=100.0).contains(&number.parse::<f64>().unwrap()));
    }
}

#[test]
fn writes_the_picture() {
    let png = tmp("seed.png");
    let out = nnviz(&[
        "train",
        "--png",
        png.to_str().unwrap(),
        "--size",
        "120",
        "--print-every",
        "0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = image::open(&png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (120, 120));
    // Not a flat picture: both classes' regions are there.
    let first = img.get_pixel(0, 0);
    assert!(img.pixels().any(|p| p != first));
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let missing = tmp("missing.json");
    let bad_json = tmp("bad.json");
    std::fs::write(&bad_json, "[[[1, 2, 3]]]").unwrap();
    let bad_csv = tmp("bad.csv");
    std::fs::write(&bad_csv, "x,y,label\n1,2,0\n3,oops,1\n").unwrap();
    let empty_csv = tmp("empty.csv");
    std::fs::write(&empty_csv, "x,y,label\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--weights", missing.to_str().unwrap()], "missing.json"),
        (
            vec!["--weights", bad_json.to_str().unwrap()],
            "weight matrices",
        ),
        (vec!["--data", bad_csv.to_str().unwrap()], "line 3"),
        (vec!["--data", empty_csv.to_str().unwrap()], "no points"),
        (vec!["--preset", "nope"], "nope"),
        (vec!["--activation", "swish"], "swish"),
        (vec!["--lr", "0"], "learning rate"),
        (vec!["--lr", "-1"], "learning rate"),
        (vec!["--lr", "NaN"], "learning rate"),
        (vec!["--lr", "inf"], "learning rate"),
        (vec!["--hidden", "4,x"], "hidden"),
        (vec!["--hidden", "100"], "hidden"),
    ];
    for (args, needle) in cases {
        let mut full = vec!["train", "--steps", "10"];
        full.extend(&args);
        let out = nnviz(&full);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn divergence_stops_with_a_message() {
    let out = nnviz(&[
        "train",
        "--activation",
        "relu",
        "--hidden",
        "16,16",
        "--bias",
        "--loss",
        "bce",
        "--lr",
        "1000",
        "--steps",
        "2000",
        "--print-every",
        "0",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("diverged"), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("final:"));
}

fn tmp(name: &str) -> PathBuf {
    common::tmp("cli", name)
}
