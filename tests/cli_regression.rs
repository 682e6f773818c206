//! `nnviz train` on regression data: `--problem`, the `plane`/`peaks` presets, CSV files
//! with a numeric target, the `final:` line's figures and the PNG with its colour bar.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

mod common;
use common::{nnviz, nnviz_ok};

fn tmp(name: &str) -> PathBuf {
    common::tmp("cli_regression", name)
}

/// The `final:` line's `key=value` fields, in order.
fn final_fields(stdout: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(stdout);
    let last = text.lines().last().unwrap_or_default().to_owned();
    last.strip_prefix("final: ")
        .unwrap_or_else(|| panic!("no final line: {text}"))
        .split(' ')
        .map(|f| {
            let (k, v) = f.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn field(fields: &[(String, String)], key: &str) -> f64 {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no {key} in {fields:?}"))
        .1
        .parse()
        .unwrap()
}

#[test]
fn peaks_trains_and_the_final_line_gives_mse_and_r2_for_train_and_test() {
    let out = nnviz_ok(&[
        "train",
        "--preset",
        "peaks",
        "--hidden",
        "8",
        "--steps",
        "2000",
        "--print-every",
        "0",
    ]);
    let fields = final_fields(&out.stdout);
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "steps", "error", "loss", "mse", "rmse", "r2", "test_mse", "test_r2"
        ]
    );
    let (mse, rmse) = (field(&fields, "mse"), field(&fields, "rmse"));
    assert!((rmse - mse.sqrt()).abs() < 1e-12);
    assert!(field(&fields, "r2") >= 0.9, "{fields:?}");
    assert!(field(&fields, "test_r2") >= 0.9, "{fields:?}");
    // The same run twice gives the same line.
    let again = nnviz(&[
        "train",
        "--preset",
        "peaks",
        "--hidden",
        "8",
        "--steps",
        "2000",
        "--print-every",
        "0",
    ]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn the_problem_must_fit_the_preset_and_cross_entropy_is_refused_for_regression() {
    let out = nnviz(&["train", "--preset", "plane", "--problem", "classification"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plane") && err.contains("classification"),
        "{err}"
    );
    let out = nnviz(&["train", "--preset", "plane", "--loss", "cross_entropy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cross_entropy"));
    let out = nnviz(&["train", "--preset", "seed", "--problem", "guess"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("guess"));
}

#[test]
fn a_csv_with_a_numeric_target_trains_and_a_word_in_it_is_refused_with_line_and_column() {
    // value = x + 2y exactly: a linear network with no hidden layer fits it exactly.
    let mut text = String::from("x,y,height\n");
    for i in 0..20 {
        let (x, y) = (f64::from(i % 5), f64::from(i / 5));
        text.push_str(&format!("{x},{y},{}\n", x + 2.0 * y));
    }
    let good = tmp("good.csv");
    std::fs::write(&good, &text).unwrap();
    let out = nnviz_ok(&[
        "train",
        "--data",
        good.to_str().unwrap(),
        "--problem",
        "regression",
        "--label",
        "height",
        "--hidden",
        "none",
        "--normalize",
        "--lr",
        "0.05",
        "--steps",
        "2000",
        "--print-every",
        "0",
    ]);
    let fields = final_fields(&out.stdout);
    assert!(field(&fields, "r2") > 0.9999, "{fields:?}");
    // In the target's units: the MSE of a near-perfect fit is near 0, not scaled.
    assert!(field(&fields, "mse") < 1e-3, "{fields:?}");

    let bad = tmp("bad.csv");
    std::fs::write(&bad, "x,y,height\n1,2,3\n4,5,tall\n").unwrap();
    let out = nnviz(&[
        "train",
        "--data",
        bad.to_str().unwrap(),
        "--problem",
        "regression",
        "--label",
        "height",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3") && err.contains("tall") && err.contains("value"),
        "{err}"
    );
}

#[test]
fn the_regression_picture_shows_the_scale_and_the_legend_is_a_colour_bar() {
    let picture = |legend: bool| {
        let png = tmp(if legend { "bar.png" } else { "plain.png" });
        let mut args = vec![
            "train",
            "--preset",
            "plane",
            "--steps",
            "200",
            "--print-every",
            "0",
            "--size",
            "300",
            "--png",
            png.to_str().unwrap(),
        ];
        if legend {
            args.push("--legend");
        }
        nnviz_ok(&args);
        image::open(&png).unwrap().to_rgba8()
    };
    let plain = picture(false);
    // The plane rises towards the top right: orange there, blue at the bottom left.
    let top_right = plain.get_pixel(295, 4).0;
    let bottom_left = plain.get_pixel(4, 295).0;
    assert!(top_right[0] > 200 && top_right[2] < 150, "{top_right:?}");
    assert!(
        bottom_left[2] > 150 && bottom_left[0] < 120,
        "{bottom_left:?}"
    );
    let legend = picture(true);
    // 400 points leave no corner free: the bar goes on a strip added on the right.
    assert!(legend.width() > plain.width() && legend.height() == plain.height());
    // The bar: among the pixels the legend changed or added, both ends of the scale (near-full
    // orange at its top, near-full blue at its bottom) and the white card.
    let changed: Vec<[u8; 3]> = (legend.enumerate_pixels())
        .filter(|(x, y, p)| plain.get_pixel_checked(*x, *y) != Some(*p))
        .map(|(_, _, p)| [p.0[0], p.0[1], p.0[2]])
        .collect();
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= 12);
    for want in [
        nnviz::render::diverging(1.0),
        nnviz::render::diverging(-1.0),
        [255, 255, 255],
    ] {
        assert!(
            changed.iter().any(|&c| near(c, want)),
            "no {want:?} in the legend"
        );
    }
}

#[test]
fn a_csv_of_many_numbers_read_as_classes_hints_problem_regression() {
    let path = tmp("numbers.csv");
    let text: String = std::iter::once("x,y,target\n".to_owned())
        .chain((0..20).map(|i| format!("{i},{},{}\n", i % 5, i as f64 * 0.37)))
        .collect();
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let out = nnviz(&["train", "--data", p, "--steps", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("numbers.csv"), "{err}");
    assert!(err.contains("more than 8 different values"), "{err}");
    assert!(err.contains("add --problem regression"), "{err}");
    // With the hint followed, it trains.
    nnviz_ok(&[
        "train",
        "--data",
        p,
        "--problem",
        "regression",
        "--steps",
        "1",
    ]);
    // Text labels beyond 8 classes get no such hint.
    let names = tmp("names.csv");
    let text: String = (0..9).map(|i| format!("{i},0,c{i}\n")).collect();
    std::fs::write(&names, text).unwrap();
    let out = nnviz(&["train", "--data", names.to_str().unwrap(), "--steps", "1"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("too many classes"),
        "{err}"
    );
    assert!(!err.contains("--problem regression"), "{err}");
}
