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
fn the_picture_can_carry_a_legend_with_the_class_names() {
    let csv = three_class_csv();
    let picture = |legend: bool| {
        let png = tmp(if legend { "legend.png" } else { "plain.png" });
        let mut args = vec![
            "train",
            "--data",
            csv.to_str().unwrap(),
            "--steps",
            "10",
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
        let out = nnviz(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        image::open(&png).unwrap().to_rgba8()
    };
    let (plain, legend) = (picture(false), picture(true));
    assert_eq!(legend.dimensions(), (300, 300));
    // The card sits in the top-left corner; the rest of the picture is the same.
    let differs = |x0: u32, y0: u32, x1: u32, y1: u32| {
        (y0..y1).any(|y| (x0..x1).any(|x| plain.get_pixel(x, y) != legend.get_pixel(x, y)))
    };
    assert!(differs(0, 0, 100, 60), "no legend in the corner");
    assert!(
        !differs(150, 150, 300, 300),
        "the legend changed the rest of the picture"
    );
    // Three rows: a swatch of each class colour (10 px rows from y = 10, 15 px apart).
    let palette = nnviz::render::Palette::default();
    for (c, rgb) in palette.classes.iter().take(3).enumerate() {
        let y = 10 + c as u32 * 15 + 5;
        let px = legend.get_pixel(15, y);
        assert_eq!(&px.0[..3], rgb, "class {c}'s swatch");
    }
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

/// A CSV file of 3 classes.
fn three_class_csv() -> PathBuf {
    let path = tmp("three.csv");
    std::fs::write(
        &path,
        "x,y,label\n0,0,a\n1,0,b\n0,1,c\n1,1,a\n2,2,b\n3,1,c\n",
    )
    .unwrap();
    path
}

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

#[test]
fn more_than_two_classes_train_softmax_cross_entropy() {
    let csv = three_class_csv();
    let csv = csv.to_str().unwrap();
    // The default loss for 3 classes is cross-entropy: the same run as asking for it.
    let default = nnviz(&["train", "--data", csv, "--steps", "20"]);
    assert!(
        default.status.success(),
        "{}",
        String::from_utf8_lossy(&default.stderr)
    );
    let explicit = nnviz(&[
        "train",
        "--data",
        csv,
        "--steps",
        "20",
        "--loss",
        "cross_entropy",
    ]);
    assert!(explicit.status.success());
    assert_eq!(default.stdout, explicit.stdout);
    // The session saved from it says so.
    let saved = tmp("three.json");
    let out = nnviz(&[
        "train",
        "--data",
        csv,
        "--steps",
        "1",
        "--save",
        saved.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let session: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(session["model"]["train"]["loss"], "softmax_cross_entropy");

    // Any other loss is refused, for CSV data and for generated presets alike.
    for (data, loss) in [
        (vec!["--data", csv], "sse"),
        (vec!["--data", csv], "mse"),
        (vec!["--preset", "gauss", "--classes", "3"], "bce"),
        (vec!["--preset", "spiral", "--classes", "4"], "sse"),
    ] {
        let mut args = vec!["train", "--steps", "5", "--loss", loss];
        args.extend(&data);
        let out = nnviz(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("--loss {loss}")) && stderr.contains("cross_entropy"),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Two classes keep every loss.
    let out = nnviz(&["train", "--preset", "xor", "--loss", "bce", "--steps", "5"]);
    assert!(out.status.success());
}

#[test]
fn a_diverging_run_never_prints_a_non_finite_error_line() {
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
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("diverged"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let errors = parse_errors(&stdout);
    assert!(!errors.is_empty(), "{stdout}");
    assert!(errors.iter().all(|e| e.is_finite()), "{stdout}");
    // The run stopped at the step that diverged: one line per step before it.
    let step: usize = stderr
        .split("at step ")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(errors.len(), step, "{stdout}{stderr}");
}

#[test]
fn csv_data_trains_with_the_playground_network() {
    let csv = tmp("two.csv");
    std::fs::write(
        &csv,
        "x,y,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.2,1\n0.9,0.4,0\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["train", "--data", csv.to_str().unwrap(), "--steps", "300"];
        args.extend(extra);
        let out = nnviz(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let default = run(&[]);
    assert_eq!(default, run(&["--update-order", "textbook"]));
    assert_ne!(default, run(&["--update-order", "tutorial"]));
    assert_ne!(default, run(&["--no-bias"]));
    assert_ne!(default, run(&["--no-normalize"]));
    // Everything else is the playground's: 2-8-8-2 tanh with biases, Xavier, normalised
    // inputs, cross-entropy, Adam at 0.03.
    assert_eq!(
        default,
        run(&[
            "--update-order",
            "textbook",
            "--hidden",
            "8,8",
            "--activation",
            "tanh",
            "--bias",
            "--loss",
            "cross_entropy",
            "--lr",
            "0.03",
            "--normalize",
            "--init",
            "xavier",
            "--optimizer",
            "adam",
        ])
    );
    // The seed preset keeps the tutorial's order.
    let seed = nnviz(&["train", "--steps", "300"]);
    let tutorial = nnviz(&["train", "--steps", "300", "--update-order", "tutorial"]);
    assert_eq!(seed.stdout, tutorial.stdout);
}

#[test]
fn stop_loss_stops_early_and_says_why() {
    // The tutorial at lr 0.1 gets below 0.1 loss well within 10,000 steps.
    let out = nnviz(&[
        "train",
        "--lr",
        "0.1",
        "--stop-loss",
        "0.1",
        "--print-every",
        "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fields = final_fields(&out.stdout);
    let get = |k: &str| &fields.iter().find(|f| f.0 == k).unwrap().1;
    let steps: usize = get("steps").parse().unwrap();
    assert!(steps > 1 && steps < 10_000, "{fields:?}");
    assert_eq!(get("stopped"), "loss<0.1");
    assert!(get("loss").parse::<f64>().unwrap() < 0.1, "{fields:?}");
    // One Error line per step taken, and the same lines as the run without the threshold.
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(parse_errors(&text).len(), steps);
    let full = nnviz(&["train", "--lr", "0.1", "--print-every", "1"]);
    let full = parse_errors(&String::from_utf8(full.stdout).unwrap());
    assert_eq!(parse_errors(&text)[..], full[..steps]);
    // The run before it did not stop: the threshold was not reached one step earlier.
    let shorter = nnviz(&[
        "train",
        "--lr",
        "0.1",
        "--steps",
        &(steps - 1).to_string(),
        "--stop-loss",
        "0.1",
        "--print-every",
        "0",
    ]);
    let fields = final_fields(&shorter.stdout);
    assert_eq!(
        fields.iter().find(|f| f.0 == "stopped").unwrap().1,
        "steps",
        "{fields:?}"
    );

    for bad in ["0", "-1", "NaN", "inf"] {
        let out = nnviz(&["train", "--steps", "5", "--stop-loss", bad]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("--stop-loss"), "{bad}: {stderr}");
    }
}

#[test]
fn momentum_beta_is_an_option_like_the_apps_slider() {
    let run = |extra: &[&str]| {
        let mut args = vec!["train", "--optimizer", "momentum", "--steps", "50"];
        args.extend(extra);
        nnviz(&args)
    };
    let default = run(&[]);
    assert!(default.status.success());
    assert_eq!(default.stdout, run(&["--momentum-beta", "0.9"]).stdout);
    let half = run(&["--momentum-beta", "0.5"]);
    assert!(half.status.success());
    assert_ne!(default.stdout, half.stdout);
    // β = 0 is plain gradient descent.
    let zero = run(&["--momentum-beta", "0"]);
    let sgd = nnviz(&["train", "--steps", "50"]);
    assert_eq!(zero.stdout, sgd.stdout);
    // The session records it.
    let saved = tmp("beta.json");
    let out = run(&["--momentum-beta", "0.5", "--save", saved.to_str().unwrap()]);
    assert!(out.status.success());
    let session: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(session["model"]["train"]["optimizer"]["beta"], 0.5);

    for (args, needle) in [
        (vec!["--momentum-beta", "1"], "--momentum-beta"),
        (vec!["--momentum-beta", "-0.1"], "--momentum-beta"),
        (vec!["--momentum-beta", "NaN"], "--momentum-beta"),
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    let out = nnviz(&["train", "--momentum-beta", "0.5", "--optimizer", "adam"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--optimizer momentum"), "{stderr}");
}

#[test]
fn the_same_seed_writes_byte_identical_weight_files() {
    let save = |name: &str, seed: &str| {
        let path = tmp(name);
        let out = nnviz(&[
            "train",
            "--preset",
            "spiral",
            "--classes",
            "3",
            "--points",
            "120",
            "--batch",
            "16",
            "--steps",
            "200",
            "--seed",
            seed,
            "--print-every",
            "0",
            "--save-weights",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(path).unwrap()
    };
    let a = save("seed-a.json", "5");
    let b = save("seed-b.json", "5");
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(a, save("seed-c.json", "6"));
}

#[test]
fn the_language_changes_the_messages_but_never_the_machine_output() {
    let run = |args: &[&str]| {
        let out = common::nnviz(args);
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let train = ["train", "--steps", "300", "--print-every", "100"];
    let (en, _) = run(&[&train[..], &["--lang", "en"]].concat());
    let (zh, _) = run(&[&train[..], &["--lang", "zh-CN"]].concat());
    assert!(
        en.contains("Error:") && en.contains("final: steps=300"),
        "{en}"
    );
    assert_eq!(en, zh, "stdout is the same in every language");

    let (_, en_err) = run(&["train", "--lang", "en", "--size", "0"]);
    let (_, zh_err) = run(&["train", "--lang", "zh-CN", "--size", "0"]);
    assert!(
        en_err.contains("--size must be 1..=8192, got 0"),
        "{en_err}"
    );
    assert!(
        zh_err.contains("--size 必须在 1..=8192 之内，实际为 0"),
        "{zh_err}"
    );

    let (_, bad) = run(&["train", "--lang", "fr"]);
    assert!(bad.contains("choose en or zh-CN"), "{bad}");
}

#[test]
fn the_help_is_translated_option_by_option() {
    // Every translated help names a real option, and every option has a translation.
    let zh = nnviz::i18n::message_file(nnviz::i18n::Language::SimplifiedChinese).unwrap();
    let ids: Vec<&str> = zh
        .lines()
        .filter_map(|l| l.strip_prefix("cli-help-"))
        .filter_map(|l| l.split(" = ").next())
        .collect();
    use clap::CommandFactory;
    let cmd = nnviz::cli::Cli::command();
    let train = cmd.find_subcommand("train").unwrap().clone();
    let name = |a: &clap::Arg| a.get_id().as_str().replace('_', "-");
    let mut options: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.get_id() != "help" && a.get_id() != "version")
        .map(name)
        .collect();
    options.extend(
        train
            .get_arguments()
            .filter(|a| a.get_id() != "help" && a.get_id() != "lang")
            .map(|a| format!("train-{}", name(a))),
    );
    options.extend(["about".to_owned(), "train-about".to_owned()]);
    for id in &ids {
        assert!(
            options.iter().any(|o| o == id),
            "cli-help-{id} names no option"
        );
    }
    for o in &options {
        assert!(ids.contains(&o.as_str()), "--{o} has no Chinese help");
    }
    let out = common::nnviz(&["train", "--help", "--lang", "zh-CN"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("学习率（> 0）。"), "{text}");
    let out = common::nnviz(&["train", "--help", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Learning rate (> 0)"));
}

#[test]
fn discretize_paints_the_picture_in_pure_class_colours() {
    let picture = |discretize: bool| {
        let png = tmp(if discretize {
            "discrete.png"
        } else {
            "shaded.png"
        });
        let mut args = vec![
            "train",
            "--steps",
            "200",
            "--print-every",
            "0",
            "--size",
            "120",
            "--png",
            png.to_str().unwrap(),
        ];
        if discretize {
            args.push("--discretize");
        }
        let out = nnviz(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        image::open(&png).unwrap().to_rgba8()
    };
    // A pure class colour: halfway from the background to the class's colour, rounded.
    let palette = nnviz::render::Palette::default();
    let pure: Vec<[u8; 3]> = (0..2)
        .map(|c| {
            let (bg, cl) = (palette.background, palette.color(c));
            [0, 1, 2].map(|i| ((f32::from(bg[i]) + f32::from(cl[i])) / 2.0 + 0.5) as u8)
        })
        .collect();
    let share = |img: &image::RgbaImage| {
        let n = img
            .pixels()
            .filter(|p| pure.iter().any(|c| p.0[..3] == c[..]))
            .count();
        n as f64 / f64::from(img.width() * img.height())
    };
    // The tutorial after 200 steps is unsure almost everywhere: shaded, hardly a pixel is a
    // pure class colour; discretized, all but the points and the boundary line are.
    let (shaded, discrete) = (share(&picture(false)), share(&picture(true)));
    assert!(shaded < 0.2, "shaded: {shaded}");
    assert!(discrete > 0.8, "discretized: {discrete}");
}
