//! Session files: exact round trips, CLI ↔ library interchange, version 1, refusal of bad
//! files with a reason, and atomic saving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{self, Bounds, Dataset, Preset, PresetParams};
use nnviz::nn::{Model, ModelConfig, Optimizer};
use nnviz::session::{MAX_FILE_BYTES, Session, SessionError, SessionLossSample};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

mod common;
use common::nnviz;

fn tmp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnviz-session-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stdout(o: &std::process::Output) -> String {
    assert!(
        o.status.success(),
        "nnviz failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Every weight and bias as raw bits, for bit-for-bit comparisons.
fn weight_bits(model: &Model) -> Vec<u64> {
    model
        .mlp()
        .layers
        .iter()
        .flat_map(|l| {
            l.weights
                .iter()
                .chain(l.biases.iter().flat_map(|b| b.iter()))
                .map(|v| v.to_bits())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A three-class spiral with test points, a biased tanh network, Adam: every part of a
/// session is non-trivial.
fn playground() -> (Model, Dataset) {
    let dataset = data::generate(
        Preset::Spiral,
        &PresetParams {
            points: 90,
            classes: 3,
            noise: 0.1,
            test_ratio: 0.2,
            seed: 5,
        },
    )
    .unwrap();
    let mut config = ModelConfig::playground();
    config.train.optimizer = Optimizer::ADAM;
    let mut model = Model::new(config, &dataset, 9).unwrap();
    for _ in 0..25 {
        model.step().unwrap();
    }
    (model, dataset)
}

fn full_session() -> (Session, Model) {
    let (model, dataset) = playground();
    let mut s = Session::from_model(&model, &dataset, 9);
    s.class_names = vec!["red".into(), "green".into(), "blue ✓".into()];
    s.speed = Some(60.0);
    s.view = Some(Bounds {
        x_min: -1.5,
        x_max: 1.25,
        y_min: -0.1,
        y_max: 0.1 + 0.2,
    });
    for step in 0..25 {
        s.push_loss_sample(SessionLossSample {
            step,
            error: 1.0 / (step as f64 + 3.0),
            loss: (step as f64).sqrt() * 0.1,
            lr: None,
        });
    }
    (s, model)
}

#[test]
fn save_then_load_gives_the_same_session_bit_for_bit_and_trains_identically() {
    let dir = tmp_dir("roundtrip");
    let path = dir.join("s.json");
    let (session, mut original) = full_session();
    session.save(&path).unwrap();
    let loaded = Session::load(&path).unwrap();
    assert_eq!(loaded, session);
    assert_eq!(loaded.dataset.points, session.dataset.points);
    assert!(loaded.dataset.points.iter().any(|p| p.test));
    assert_eq!(loaded.model.train.learning_rate, 0.03);

    let mut restored = loaded.to_model().unwrap();
    assert_eq!(weight_bits(&restored), weight_bits(&original));
    assert_eq!(restored.trainer_state(), original.trainer_state());
    assert_eq!(restored.steps(), 25);
    assert_eq!(restored.config(), original.config());

    // The optimiser state came along: 10 more steps agree exactly.
    for _ in 0..10 {
        let a = original.step().unwrap();
        let b = restored.step().unwrap();
        assert_eq!(a.loss.to_bits(), b.loss.to_bits());
        assert_eq!(a.error.to_bits(), b.error.to_bits());
    }
    assert_eq!(weight_bits(&restored), weight_bits(&original));

    // Saving the loaded session again writes the same bytes.
    let again = dir.join("again.json");
    loaded.save(&again).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_keeps_the_step_count_apart_from_the_optimizers_own() {
    // 25 Adam steps, 3 with momentum, then 4 with Adam again: 32 steps in all, and the
    // optimiser (Adam's `t`) is 4 steps old.
    let dir = tmp_dir("optimizer-steps");
    let (mut original, dataset) = playground();
    let mut train = original.config().train;
    for (optimizer, steps) in [(Optimizer::MOMENTUM, 3), (Optimizer::ADAM, 4)] {
        train.optimizer = optimizer;
        original.set_train_config(train).unwrap();
        for _ in 0..steps {
            original.step().unwrap();
        }
    }
    assert_eq!((original.steps(), original.optimizer_steps()), (32, 4));
    let path = dir.join("s.json");
    Session::from_model(&original, &dataset, 9)
        .save(&path)
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#""steps":32,"#), "{text}");
    assert!(text.contains(r#""t":4}"#), "{text}");

    let mut restored = Session::load(&path).unwrap().to_model().unwrap();
    assert_eq!((restored.steps(), restored.optimizer_steps()), (32, 4));
    assert_eq!(restored.trainer_state(), original.trainer_state());
    // The CLI goes on from there too.
    let end = dir.join("end.json");
    let out = nnviz(&[
        "train",
        "--session",
        path.to_str().unwrap(),
        "--steps",
        "10",
        "--print-every",
        "0",
        "--save",
        end.to_str().unwrap(),
    ]);
    assert!(stdout(&out).starts_with("final: steps=42 "));
    for _ in 0..10 {
        assert_eq!(original.step(), restored.step());
    }
    assert_eq!(weight_bits(&restored), weight_bits(&original));
    let end = Session::load(&end).unwrap().to_model().unwrap();
    assert_eq!(weight_bits(&end), weight_bits(&original));
    assert_eq!(end.trainer_state(), original.trainer_state());
    assert_eq!((end.steps(), end.optimizer_steps()), (42, 14));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_without_the_optimizers_step_count_continues_as_before() {
    // Files written before `t` existed: Adam's `t` is the step count.
    let (session, mut original) = full_session();
    let mut value = serde_json::to_value(&session).unwrap();
    let layers = value["trainer_state"]["layers"].as_array_mut().unwrap();
    assert!(!layers.is_empty());
    for layer in layers {
        assert_eq!(layer.as_object_mut().unwrap().remove("t"), Some(json!(25)));
    }
    let mut restored = Session::from_json_str(&value.to_string())
        .unwrap()
        .to_model()
        .unwrap();
    assert_eq!((restored.steps(), restored.optimizer_steps()), (25, 25));
    for _ in 0..10 {
        assert_eq!(original.step(), restored.step());
    }
    assert_eq!(weight_bits(&restored), weight_bits(&original));

    // A `t` beyond the steps trained is refused with the reason.
    let mut value = serde_json::to_value(&session).unwrap();
    for layer in value["trainer_state"]["layers"].as_array_mut().unwrap() {
        layer["t"] = json!(26);
    }
    let e = Session::from_json_str(&value.to_string()).unwrap_err();
    assert!(e.to_string().contains("t = 26"), "{e}");
}

#[test]
fn cli_session_with_another_optimizer_counts_on_from_the_sessions_step() {
    let dir = tmp_dir("cli-optimizer");
    let half = dir.join("half.json");
    let end = dir.join("end.json");
    stdout(&nnviz(&[
        "train",
        "--steps",
        "100",
        "--save",
        half.to_str().unwrap(),
    ]));
    let out = stdout(&nnviz(&[
        "train",
        "--session",
        half.to_str().unwrap(),
        "--optimizer",
        "adam",
        "--steps",
        "20",
        "--print-every",
        "10",
        "--save",
        end.to_str().unwrap(),
    ]));
    assert!(final_line(&out).starts_with("final: steps=120 "), "{out}");
    assert_eq!(error_lines(&out).len(), 2, "steps 100 and 110: {out}");
    let s = Session::load(&end).unwrap();
    assert_eq!(s.trainer_state.steps, 120);
    assert!(s.trainer_state.layers.iter().all(|l| l.t == Some(20)));
    let steps: Vec<u64> = s.loss_history.iter().map(|x| x.step).collect();
    assert_eq!(steps, (0..120).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&dir);
}

fn error_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("Error:")).collect()
}

fn final_line(text: &str) -> &str {
    text.lines().find(|l| l.starts_with("final:")).unwrap()
}

#[test]
fn cli_session_continues_exactly_like_an_uninterrupted_run() {
    let dir = tmp_dir("continue");
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    for extra in [
        // The tutorial (SGD, tutorial order) and a playground network with Adam, whose
        // moments must survive the file.
        &[][..],
        &[
            "--preset",
            "moons",
            "--points",
            "120",
            "--optimizer",
            "adam",
        ][..],
    ] {
        let run = |more: &[&str]| {
            let mut args = vec!["train", "--print-every", "10"];
            args.extend_from_slice(extra);
            args.extend_from_slice(more);
            stdout(&nnviz(&args))
        };
        let whole = run(&["--steps", "200", "--save-weights", &p("whole.json")]);
        let first = run(&["--steps", "100", "--save", &p("half.json")]);

        // A session saved by the CLI is a valid session (so the app opens it).
        let half = Session::load(p("half.json")).unwrap();
        assert_eq!(half.trainer_state.steps, 100);
        assert!(!half.loss_history.is_empty());

        let mut args = vec!["train", "--print-every", "10", "--session"];
        let half_path = p("half.json");
        args.push(&half_path);
        let weights_path = p("second.json");
        let end_path = p("end.json");
        args.extend_from_slice(&[
            "--steps",
            "100",
            "--save-weights",
            &weights_path,
            "--save",
            &end_path,
        ]);
        let second = stdout(&nnviz(&args));

        let mut joined = error_lines(&first);
        joined.extend(error_lines(&second));
        assert_eq!(joined, error_lines(&whole), "{extra:?}");
        assert_eq!(final_line(&second), final_line(&whole), "{extra:?}");
        assert_eq!(
            std::fs::read_to_string(p("second.json")).unwrap(),
            std::fs::read_to_string(p("whole.json")).unwrap(),
            "{extra:?}"
        );
        let end = Session::load(p("end.json")).unwrap();
        assert_eq!(end.trainer_state.steps, 200);
        let steps: Vec<u64> = end.loss_history.iter().map(|s| s.step).collect();
        assert_eq!(steps, (0..200).collect::<Vec<_>>());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_from_the_library_continues_in_the_cli_and_keeps_its_settings() {
    let dir = tmp_dir("app-to-cli");
    let (session, mut model) = full_session();
    let start = dir.join("app.json");
    session.save(&start).unwrap();
    let end = dir.join("cli.json");
    let out = nnviz(&[
        "train",
        "--session",
        start.to_str().unwrap(),
        "--steps",
        "40",
        "--print-every",
        "0",
        "--save",
        end.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(text.starts_with("final: steps=65 "), "{text}");
    for _ in 0..40 {
        model.step().unwrap();
    }
    let cli = Session::load(&end).unwrap();
    assert_eq!(weight_bits(&cli.to_model().unwrap()), weight_bits(&model));
    assert_eq!(cli.trainer_state, model.trainer_state());
    assert_eq!(cli.class_names, session.class_names);
    assert_eq!(cli.speed, session.speed);
    assert_eq!(cli.view, session.view);
    assert_eq!(cli.seed, session.seed);
    assert_eq!(cli.dataset, session.dataset);
    assert_eq!(cli.loss_history.len(), 25 + 40);

    // --lr applies on top; --steps 0 only loads (and still saves).
    let same = dir.join("same.json");
    let out = nnviz(&[
        "train",
        "--session",
        start.to_str().unwrap(),
        "--steps",
        "0",
        "--lr",
        "0.5",
        "--save",
        same.to_str().unwrap(),
    ]);
    stdout(&out);
    let mut expected = session.clone();
    expected.model.train.learning_rate = 0.5;
    assert_eq!(Session::load(&same).unwrap(), expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_refuses_data_and_network_options_with_a_session_and_bad_session_files() {
    let dir = tmp_dir("cli-refuse");
    let good = dir.join("good.json");
    let (session, _) = full_session();
    session.save(&good).unwrap();
    let out_path = dir.join("out.json");
    let out = nnviz(&[
        "train",
        "--session",
        good.to_str().unwrap(),
        "--hidden",
        "8",
        "--preset",
        "xor",
        "--save",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--preset, --hidden cannot be used with --session"),
        "{err}"
    );
    assert!(!out_path.exists());

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"version": 7}"#).unwrap();
    let out = nnviz(&[
        "train",
        "--session",
        bad.to_str().unwrap(),
        "--save",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.json"), "{err}");
    assert!(
        err.contains("unknown session version 7 (this nnviz reads 1, 2 and 3)"),
        "{err}"
    );
    assert!(!out_path.exists());

    let out = nnviz(&[
        "train",
        "--session",
        dir.join("none.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_1_files_still_load() {
    let s = Session::load(fixture("session_v1.json")).unwrap();
    assert_eq!(s.version, 3);
    assert_eq!(s.dataset.points.len(), 8);
    assert!(s.dataset.points[7].test);
    assert_eq!(s.class_names, ["circle", "cross"]);
    // Version 1 kept the learning rate at the top level.
    assert_eq!(s.model.train.learning_rate, 0.1);
    assert_eq!(s.speed, Some(30.0));
    assert_eq!(s.view, None);
    assert!(s.loss_history.is_empty());
    assert_eq!(s.trainer_state.steps, 0);
    let model = s.to_model().unwrap();
    assert_eq!(model.mlp().layers[0].weights[(0, 0)], -0.165955990594852);
    // It is written back as version 3, which reads back the same.
    let text = s.to_json_string().unwrap();
    assert!(text.starts_with(r#"{"version":3,"#), "{text}");
    assert_eq!(Session::from_json_str(&text).unwrap(), s);

    // And the CLI trains it: the tutorial's points with lr 0.1 from the fixture weights.
    let out = nnviz(&[
        "train",
        "--session",
        fixture("session_v1.json").to_str().unwrap(),
        "--steps",
        "300",
    ]);
    assert_eq!(error_lines(&stdout(&out)).len(), 3);
}

/// The tutorial session as a JSON value, to break in one place at a time.
fn valid_value() -> Value {
    let d = Dataset::seed();
    let mut config = ModelConfig::tutorial();
    config.hidden = vec![8, 8];
    let model = Model::new(config, &d, 1).unwrap();
    serde_json::from_str(&Session::from_model(&model, &d, 1).to_json_string().unwrap()).unwrap()
}

fn refused(text: &str) -> String {
    match Session::from_json_str(text) {
        Ok(_) => panic!("accepted: {}", &text[..text.len().min(300)]),
        Err(e) => e.to_string(),
    }
}

fn refused_value(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = valid_value();
    edit(&mut v);
    refused(&v.to_string())
}

#[test]
fn invalid_files_are_refused_with_what_is_wrong() {
    let valid = valid_value().to_string();
    assert!(Session::from_json_str(&valid).is_ok());

    let cases: Vec<(String, &str)> = vec![
        (
            refused(&valid[..valid.len() / 2]),
            "file is truncated: weights[1][1][7]: the file ends in the middle (line 1, column",
        ),
        (refused(""), "file is truncated"),
        (refused("hello"), "file is not valid JSON"),
        (
            refused(r#"{"version": 2, "x": NaN}"#),
            "file is not valid JSON",
        ),
        (refused("[1, 2]"), "file is not a session"),
        (
            refused(r#"{"version": 2}"#),
            "file is not a session: the field \"dataset\" is missing (line 1, column 14)",
        ),
        (
            refused(r#"{"dataset": 1}"#),
            "the field \"version\" is missing",
        ),
        (
            refused(r#"{"version": 7, "dataset": 1}"#),
            "unknown session version 7 (this nnviz reads 1, 2 and 3)",
        ),
        (
            refused_value(|v| v["dataset"]["num_classes"] = json!("two")),
            "file is not a session: dataset.num_classes: expected a whole number, 0 or more, found the text \"two\"",
        ),
        (
            refused(&valid.replacen("[3.0,1.0,0]", "[3.0,1e999,0]", 1)),
            "file is not",
        ),
        (
            refused_value(|v| v["dataset"]["points"][2] = json!([1.0, 2.0])),
            "dataset.points[2]: expected a point [x, y, class] or [x, y, class, \"test\"], found a list of 2",
        ),
        (
            refused_value(|v| v["dataset"]["points"][2] = json!([1.0, 2.0, 1, "maybe"])),
            "dataset.points[2][3]: expected one of train or test, found \"maybe\"",
        ),
        (
            refused_value(|v| v["dataset"]["points"][3][2] = json!(5)),
            "point 3: class 5 but the dataset has 2 classes",
        ),
        (
            refused_value(|v| v["dataset"]["num_classes"] = json!(9)),
            "num_classes is 9 (must be 2..=8)",
        ),
        (
            refused_value(|v| v["dataset"]["num_classes"] = json!(1)),
            "num_classes is 1",
        ),
        (
            refused_value(|v| v["model"]["hidden"] = json!(vec![4; 1_000_000])),
            "1000000 hidden layers (at most 8)",
        ),
        (
            refused_value(|v| v["model"]["hidden"] = json!([4, 100])),
            "hidden layer of 100 units",
        ),
        (
            refused_value(|v| v["model"]["train"]["learning_rate"] = json!(0.0)),
            "learning rate must be a positive number",
        ),
        (
            refused_value(|v| v["model"]["train"]["learning_rate"] = json!(-1)),
            "learning rate must be a positive number",
        ),
        (
            refused_value(|v| v["model"]["activation"] = json!("swish")),
            "model.activation: expected one of sigmoid, tanh, relu, leaky_relu, linear, softmax, gelu, elu, found \"swish\"",
        ),
        (
            refused_value(|v| v["weights"][1] = json!(vec![vec![0.5; 7]; 8])),
            "layer 1: expected a 8x8 weight matrix, got 8x7",
        ),
        (
            refused_value(|v| {
                v["weights"].as_array_mut().unwrap().pop();
            }),
            "expected 3 weight matrices, got 2",
        ),
        (
            refused_value(|v| v["weights"][0][0] = json!(vec![0.5; 100])),
            "100 numbers in a weight row (at most 64)",
        ),
        (
            refused_value(|v| v["weights"] = json!(vec![json!([[1.0]]); 50])),
            "50 weight matrices (at most 9)",
        ),
        (
            refused_value(|v| v["weights"][0][1][1] = json!("x")),
            "file is not a session: weights[0][1][1]: expected a number, found the text \"x\"",
        ),
        (
            refused_value(|v| v["weights"][0][1] = json!([1.0])),
            "layer 0: rows of the weight matrix have different lengths",
        ),
        (
            refused_value(|v| {
                v["trainer_state"] =
                    json!({"steps": 3, "layers": [{"w1": [0.0], "w2": [], "b1": [], "b2": []}]})
            }),
            "optimiser state does not fit the network: it has 1 layers, the network 3",
        ),
        (
            refused_value(|v| {
                let layer = json!({"w1": [], "w2": [], "b1": [], "b2": []});
                v["trainer_state"]["layers"] = json!(vec![layer; 100_000])
            }),
            "100000 optimiser layers (at most 9)",
        ),
        (
            refused_value(|v| v["trainer_state"] = json!({"steps": u64::MAX, "layers": []})),
            "trainer_state.steps is 18446744073709551615 (at most 9007199254740992)",
        ),
        (
            refused_value(|v| v["speed"] = json!(-1.0)),
            "speed must be a positive number",
        ),
        (
            refused_value(|v| v["view"] = json!({"x_min": 1, "x_max": 0, "y_min": 0, "y_max": 1})),
            "view must be a finite rectangle",
        ),
        (
            refused_value(|v| v["class_names"] = json!(["a", "b", "c"])),
            "3 class names for 2 classes",
        ),
        (
            refused_value(|v| v["class_names"] = json!(vec!["a"; 20])),
            "20 class names (at most 8)",
        ),
        (
            refused_value(|v| {
                v["loss_history"] = json!(vec![json!({"step": 1, "error": 0, "loss": 0}); 100_001])
            }),
            "100001 loss samples (at most 100000)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(message, expected)| !message.contains(expected))
        .map(|(message, expected)| format!("expected «{expected}» in «{message}»"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for (message, _) in &cases {
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

#[test]
fn absurd_sizes_are_refused_before_allocating_them() {
    // Ten million points do not fit in a file: refused by size, before reading.
    let dir = tmp_dir("sizes");
    let big = dir.join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let e = Session::load(&big).unwrap_err();
    assert!(matches!(e.inner(), SessionError::TooLarge { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("is 67108865 bytes (at most 67108864)"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    // One point over the limit, in a file that fits: counted, not kept.
    let mut text = String::from(r#"{"version":2,"dataset":{"num_classes":2,"points":["#);
    for i in 0..1_000_001 {
        text.push_str(if i == 0 { "[0,0,0]" } else { ",[0,0,0]" });
    }
    text.push_str("]}}");
    let e = refused(&text);
    assert!(e.contains("1000001 points (at most 1000000)"), "{e}");

    // A session built in memory is checked too (the app's path into a file).
    let (mut s, _) = full_session();
    let p = s.dataset.points[0];
    s.dataset.points.resize(1_000_001, p);
    let e = s.to_json_string().unwrap_err().to_string();
    assert_eq!(e, "1000001 points (at most 1000000)");
}

#[test]
fn invalid_sessions_are_never_written() {
    let dir = tmp_dir("never-written");
    let path = dir.join("s.json");
    let (good, _) = full_session();
    good.save(&path).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut nan = good.clone();
    nan.dataset.points[17].pos_in_data[1] = f64::NAN;
    let e = nan.save(&path).unwrap_err();
    assert_eq!(e.to_string(), "point 17: coordinate is not a finite number");

    let mut inf = good.clone();
    inf.model.train.learning_rate = f64::INFINITY;
    assert!(inf.save(&path).is_err());

    let mut shape = good.clone();
    shape.model.hidden = vec![8, 3];
    let e = shape.save(&path).unwrap_err().to_string();
    assert_eq!(e, "layer 1: expected a 8x3 weight matrix, got 8x8");

    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "no temporary files are left behind");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_crash_mid_save_leaves_the_previous_file_intact() {
    use nnviz::fsutil::write_atomic_with;
    use std::io::Error;

    let dir = tmp_dir("crash");
    let path = dir.join("session.json");
    let (old, _) = full_session();
    old.save(&path).unwrap();
    let old_bytes = std::fs::read(&path).unwrap();

    let (mut new, _) = full_session();
    new.speed = None;
    let new_text = new.to_json_string().unwrap();
    let new_bytes = new_text.as_bytes();
    let intact = |what: &str| {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            old_bytes,
            "{what}: target changed"
        );
        assert_eq!(
            file_names(&dir),
            ["session.json"],
            "{what}: temporary file left"
        );
    };

    // The writer dies a third of the way through the new session.
    let e = write_atomic_with(&path, |w| {
        w.write_all(&new_bytes[..new_bytes.len() / 3])?;
        Err(Error::other("simulated crash mid-write"))
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "simulated crash mid-write");
    intact("failure mid-write");

    // It writes everything and fails just before the rename.
    write_atomic_with(&path, |w| {
        w.write_all(new_bytes)?;
        w.flush()?;
        Err(Error::other("simulated crash before the rename"))
    })
    .unwrap_err();
    intact("failure before the rename");

    // It panics partway.
    let panicked = std::panic::catch_unwind(|| {
        let _ = write_atomic_with(&path, |w| {
            w.write_all(&new_bytes[..new_bytes.len() / 2])?;
            panic!("simulated panic mid-write");
        });
    });
    assert!(panicked.is_err());
    intact("panic mid-write");
    assert_eq!(Session::load(&path).unwrap(), old);

    // A writer that succeeds replaces the target whole.
    write_atomic_with(&path, |w| w.write_all(new_bytes)).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), new_bytes);
    assert_eq!(file_names(&dir), ["session.json"]);
    old.save(&path).unwrap();

    // A process killed mid-write leaves its torn temporary file beside the target; the
    // loader refuses such a file with a reason, not half-loaded.
    let temp = dir.join(format!(".session.json-{}-0.tmp", std::process::id()));
    std::fs::write(&temp, &new_bytes[..new_bytes.len() / 3]).unwrap();
    let e = Session::load(&temp).unwrap_err();
    assert!(matches!(e.inner(), SessionError::Truncated(_)), "{e}");

    // The next save works despite the stray file and replaces the target whole.
    new.save(&path).unwrap();
    assert_eq!(Session::load(&path).unwrap(), new);

    // A save that fails at the rename (the target is now a directory) reports it, keeps
    // the directory and leaves no temporary file.
    let blocked = dir.join("blocked.json");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), b"x").unwrap();
    let e = old.save(&blocked).unwrap_err();
    assert!(matches!(e, SessionError::Write { .. }), "{e}");
    assert!(e.to_string().starts_with("cannot write"), "{e}");
    assert_eq!(std::fs::read(blocked.join("keep")).unwrap(), b"x");
    let stray: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".blocked.json"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_cli_save_is_atomic_too() {
    // A training run that fails (diverges) before saving leaves the old session alone.
    let dir = tmp_dir("cli-atomic");
    let path = dir.join("s.json");
    stdout(&nnviz(&[
        "train",
        "--activation",
        "linear",
        "--steps",
        "10",
        "--save",
        path.to_str().unwrap(),
    ]));
    let before = std::fs::read(&path).unwrap();
    let out = nnviz(&[
        "train",
        "--session",
        path.to_str().unwrap(),
        "--lr",
        "1e300",
        "--steps",
        "50",
        "--save",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("diverged"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_readme_example_is_a_valid_session() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("### Session files").nth(1).unwrap();
    let example = section
        .split("```json")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .unwrap();
    let s = Session::from_json_str(example).unwrap();
    assert_eq!(s.dataset.points.len(), 3);
    assert_eq!(s.model.train.learning_rate, 0.1);
    assert_eq!(s.trainer_state.steps, 300);
    assert_eq!(s.to_model().unwrap().steps(), 300);
}

#[test]
fn csv_class_names_are_saved_and_the_app_takes_a_session_argument() {
    let dir = tmp_dir("csv-names");
    let csv = dir.join("iris.csv");
    std::fs::write(
        &csv,
        "x,y,species\n1,2,setosa\n3,4,virginica\n5,1,setosa\n2,2,versicolor\n",
    )
    .unwrap();
    let saved = dir.join("iris.json");
    stdout(&nnviz(&[
        "train",
        "--data",
        csv.to_str().unwrap(),
        "--steps",
        "5",
        "--save",
        saved.to_str().unwrap(),
    ]));
    let s = Session::load(&saved).unwrap();
    assert_eq!(s.class_names, ["setosa", "virginica", "versicolor"]);
    assert_eq!(s.dataset.num_classes, 3);
    let _ = std::fs::remove_dir_all(&dir);

    use clap::Parser;
    use nnviz::cli::{Cli, Command};
    let cli = Cli::try_parse_from(["nnviz", "run.json"]).unwrap();
    assert_eq!(cli.app.session, Some(PathBuf::from("run.json")));
    assert!(cli.command.is_none());
    let cli =
        Cli::try_parse_from(["nnviz", "train", "--session", "a.json", "--save", "b.json"]).unwrap();
    let Some(Command::Train(t)) = cli.command else {
        panic!("not train")
    };
    assert_eq!(t.session, Some(PathBuf::from("a.json")));
    assert_eq!(t.save, Some(PathBuf::from("b.json")));
}

#[test]
fn the_cli_picture_of_a_session_shows_its_saved_view() {
    let dir = tmp_dir("picture-view");
    let (session, model) = full_session();
    let view = session.view.unwrap();
    let path = dir.join("s.json");
    session.save(&path).unwrap();
    let png = dir.join("s.png");
    // `nnviz train --session s.json --steps 0 --png s.png`, read back.
    let cli_picture = || {
        stdout(&nnviz(&[
            "train",
            "--session",
            path.to_str().unwrap(),
            "--steps",
            "0",
            "--size",
            "64",
            "--png",
            png.to_str().unwrap(),
        ]));
        image::open(&png).unwrap().to_rgba8()
    };
    let ours = cli_picture();

    // The same picture, drawn by the library over the session's view...
    let picture = |bounds: &Bounds| {
        let grid = nnviz::nn::grid::GridSpec::linspace(bounds, 64, 64);
        let mut pred = nnviz::nn::GridPrediction::default();
        model.predict_grid(&grid, &mut pred);
        nnviz::render::render_picture(&pred, &grid, &session.dataset.points, &Default::default())
            .pixels
    };
    assert_eq!(ours.dimensions(), (64, 64));
    assert!(
        ours.as_raw() == &picture(&view),
        "the picture is not the session's view"
    );
    // ... which is not the data's own bounds (what a session without a view shows).
    let data_bounds = session.dataset.view_bounds();
    assert_ne!(data_bounds, view);
    assert!(ours.as_raw() != &picture(&data_bounds));

    let mut no_view = session.clone();
    no_view.view = None;
    no_view.save(&path).unwrap();
    let theirs = cli_picture();
    assert!(theirs.as_raw() == &picture(&data_bounds));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_3_takes_its_objects_only_as_objects() {
    // serde would also read a struct from a list of its values in field order; nnviz never
    // writes that form, so version 3 refuses it (found by the mutation fuzz test).
    let mut v = valid_value();
    v["loss_history"] = json!([[0, 0.5, 1.25]]);
    let e = refused(&v.to_string());
    assert!(e.contains("loss_history") && e.contains("an object"), "{e}");
    let mut v = valid_value();
    v["view"] = json!([0.0, 7.0, -2.0, 9.0]);
    refused(&v.to_string());
    let mut v = valid_value();
    v["model"]["train"] = json!(["tutorial_sse", 0.01, {"kind": "sgd"}, "tutorial", 0, 0.0, 0.0]);
    refused(&v.to_string());
    // The written form still loads.
    assert!(Session::from_json_str(&valid_value().to_string()).is_ok());
}
