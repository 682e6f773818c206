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

// ---------------------------------------------------------------------------------------
// Normalisation of large finite coordinates.

use nnviz::data::{Dataset, LabeledPoint};
use nnviz::nn::features::{InputTransform, mean_and_std};
use nnviz::nn::{Feature, Model, ModelConfig};

fn dataset(points: &[[f64; 2]]) -> Dataset {
    Dataset {
        points: points
            .iter()
            .enumerate()
            .map(|(i, p)| LabeledPoint::new(p[0], p[1], i % 2))
            .collect(),
        num_classes: 2,
        problem: nnviz::data::Problem::Classification,
    }
}

const E300: [[f64; 2]; 4] = [
    [1e300, 2e300],
    [3e300, -1e300],
    [-2e300, 1e300],
    [4e300, 0.0],
];
const MAX: [[f64; 2]; 4] = [
    [1.7e308, -1.7e308],
    [-1.7e308, 1.7e308],
    [1.7e308, 1.7e308],
    [-1.7e308, -1.7e308],
];

#[test]
fn statistics_are_finite_and_correct_for_1e300_and_1_7e308() {
    // 1e300: mean 1.5e300, spread sqrt(mean of squares of (-0.5, 1.5, -3.5, 2.5)e300).
    let (m, s) = mean_and_std(E300.iter().map(|p| p[0])).unwrap();
    assert!((m / 1.5e300 - 1.0).abs() < 1e-12, "{m}");
    let want = ((0.25 + 2.25 + 12.25 + 6.25) / 4.0f64).sqrt() * 1e300;
    assert!((s / want - 1.0).abs() < 1e-12, "{s} vs {want}");
    // ±1.7e308: mean 0, spread 1.7e308 (the sum alone would overflow to NaN).
    for axis in 0..2 {
        let (m, s) = mean_and_std(MAX.iter().map(|p| p[axis])).unwrap();
        assert_eq!(m, 0.0);
        assert!((s / 1.7e308 - 1.0).abs() < 1e-12, "{s}");
    }
    // Ordinary data: the same bits as the direct formula.
    let xs = [3.0, 2.0, 4.0, 3.0, 3.5, 2.0, 5.5, 1.0];
    let mean = xs.iter().sum::<f64>() / 8.0;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 8.0;
    assert_eq!(mean_and_std(xs.into_iter()), Some((mean, var.sqrt())));
}

#[test]
fn normalised_inputs_of_huge_coordinates_are_finite_and_not_all_zero() {
    for points in [&E300[..], &MAX[..]] {
        let t = InputTransform::fit(Feature::ALL.to_vec(), true, points.iter());
        let mut sum = [0.0; 2];
        let mut sq = [0.0; 2];
        for p in points {
            let v = t.inputs(*p);
            assert!(v.iter().all(|x| x.is_finite()), "{p:?}: {v:?}");
            assert!(v[0] != 0.0 || v[1] != 0.0, "{p:?}: {v:?}");
            for a in 0..2 {
                sum[a] += v[a];
                sq[a] += v[a] * v[a];
            }
        }
        let n = points.len() as f64;
        for a in 0..2 {
            assert!((sum[a] / n).abs() < 1e-9, "mean {}", sum[a] / n);
            assert!((sq[a] / n - 1.0).abs() < 1e-9, "variance {}", sq[a] / n);
        }
        assert!(t.check_finite(points.iter()).is_ok());
        // Trained, the weights stay finite.
        let mut config = ModelConfig::playground();
        config.features = Feature::ALL.to_vec();
        let mut m = Model::new(config, &dataset(points), 1).unwrap();
        for _ in 0..20 {
            let s = m.step().unwrap();
            assert!(s.loss.is_finite() && s.error.is_finite());
        }
        assert!(m.mlp().is_finite());
    }
    // A point beyond the others by more than f64::MAX from the mean still maps finitely.
    let t = InputTransform::fit(
        vec![Feature::X],
        true,
        [[-1.7e308, 0.0], [-1.0e308, 0.0]].iter(),
    );
    assert!(t.inputs([1.7e308, 0.0])[0].is_finite());
}

fn write_csv(name: &str, points: &[[f64; 2]]) -> PathBuf {
    let path = tmp(name);
    let mut text = String::from("x,y,label\n");
    for (i, p) in points.iter().enumerate() {
        text += &format!("{:?},{:?},{}\n", p[0], p[1], i % 2);
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn steps_0_save_on_huge_coordinates_never_writes_a_nan_session() {
    for (name, points) in [("e300.csv", &E300[..]), ("max.csv", &MAX[..])] {
        let csv = write_csv(name, points);
        let save = tmp(&format!("{name}.json"));
        let _ = std::fs::remove_file(&save);
        let (c, s) = (csv.to_str().unwrap(), save.to_str().unwrap());
        // Normalised: trains, and the saved session holds finite numbers.
        let out = nnviz_within(&[
            "train",
            "--data",
            c,
            "--normalize",
            "--features",
            "x,y,x2,xy",
            "--steps",
            "0",
            "--save",
            s,
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !stdout.contains("NaN") && !stdout.contains("inf"),
            "{stdout}"
        );
        let session = Session::load(&save).unwrap();
        let mut m = session.to_model().unwrap();
        let train = m.evaluate().train.unwrap();
        assert!(train.loss.is_finite() && train.error.is_finite());
        // Raw x² of these coordinates overflows: refused, naming the problem, nothing saved
        // (own data is normalised unless `--no-normalize` asks for raw inputs).
        let _ = std::fs::remove_file(&save);
        let err = refused(&[
            "train",
            "--data",
            c,
            "--no-normalize",
            "--features",
            "x,y,x2",
            "--steps",
            "0",
            "--save",
            s,
        ]);
        assert!(err.contains("the input x² is not a finite number"), "{err}");
        assert!(!save.exists());
    }
}

// ---------------------------------------------------------------------------------------
// Strict loaders: version 3 refuses missing and unknown fields; versions 1 and 2 load as
// before.

use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A session of version 3 (Adam, biases, normalised, test points) as a JSON value.
fn v3_value() -> Value {
    let s = Session::load(fixture("session_v2.json")).unwrap();
    serde_json::from_str(&s.to_json_string().unwrap()).unwrap()
}

fn session_refused(v: &Value) -> String {
    match Session::from_json_str(&v.to_string()) {
        Ok(_) => panic!("accepted: {}", &v.to_string()[..300]),
        Err(e) => e.to_string(),
    }
}

/// Every setting of `model` and `model.train`, and a misspelling of each.
const SETTINGS: [(&str, &str, &str); 14] = [
    ("model", "hidden", "hiden"),
    ("model", "activation", "activaton"),
    ("model", "bias", "biases"),
    ("model", "init", "initialisation"),
    ("model", "features", "feature"),
    ("model", "normalize", "normalise"),
    ("model", "train", "training"),
    ("model.train", "loss", "los"),
    ("model.train", "learning_rate", "learningrate"),
    ("model.train", "optimizer", "optimiser"),
    ("model.train", "update_order", "update-order"),
    ("model.train", "batch_size", "batch"),
    ("model.train", "l1", "L1"),
    ("model.train", "l2", "l_2"),
];

fn object_at<'a>(v: &'a mut Value, path: &str) -> &'a mut serde_json::Map<String, Value> {
    let mut o = v;
    for k in path.split('.') {
        o = &mut o[k];
    }
    o.as_object_mut().unwrap()
}

#[test]
fn version_3_refuses_each_setting_removed_or_misspelled() {
    assert!(Session::from_json_str(&v3_value().to_string()).is_ok());
    assert_eq!(v3_value()["version"], json!(3));
    for (at, key, typo) in SETTINGS {
        let mut v = v3_value();
        let value = object_at(&mut v, at).remove(key).unwrap();
        let e = session_refused(&v);
        assert!(
            e.contains(&format!(
                "{at}: the field \"{key}\" is missing (line 1, column"
            )),
            "{e}"
        );
        object_at(&mut v, at).insert(typo.into(), value);
        let e = session_refused(&v);
        assert!(
            e.contains(&format!(
                "{at}: unknown field \"{typo}\" (expected one of: "
            )),
            "{e}"
        );
        assert!(e.contains(key), "{e}");
    }
    // The optimiser's constants, the top-level fields and an unknown top-level field.
    for key in ["beta1", "beta2", "eps"] {
        let mut v = v3_value();
        object_at(&mut v, "model.train.optimizer").remove(key);
        let e = session_refused(&v);
        assert!(
            e.contains(&format!(
                "model.train.optimizer: the field \"{key}\" is missing"
            )),
            "{e}"
        );
    }
    for key in [
        "dataset",
        "model",
        "weights",
        "trainer_state",
        "seed",
        "speed",
        "view",
        "loss_history",
    ] {
        let mut v = v3_value();
        v.as_object_mut().unwrap().remove(key);
        let e = session_refused(&v);
        assert!(
            e.contains(&format!("the field \"{key}\" is missing")),
            "{e}"
        );
    }
    let mut v = v3_value();
    v["colour"] = json!("red");
    assert!(session_refused(&v).contains("unknown field \"colour\""));
    let mut v = v3_value();
    v["model"]["train"]["optimizer"]["momentum"] = json!(0.5);
    let e = session_refused(&v);
    assert!(
        e.contains("model.train.optimizer: unknown field \"momentum\""),
        "{e}"
    );
    let mut v = v3_value();
    v["weights"]["scale"] = json!(1);
    let e = session_refused(&v);
    assert!(e.contains("weights: unknown field \"scale\""), "{e}");
}

#[test]
fn a_version_2_file_from_before_loads_the_same_with_its_defaults() {
    let text = std::fs::read_to_string(fixture("session_v2.json")).unwrap();
    let s = Session::from_json_str(&text).unwrap();
    assert_eq!(s.version, 3);
    assert_eq!(s.trainer_state.steps, 30);
    assert_eq!(s.model.train.optimizer, nnviz::nn::Optimizer::ADAM);
    // Written as version 3, it reads back the same.
    let again = Session::from_json_str(&s.to_json_string().unwrap()).unwrap();
    assert_eq!(again, s);
    // Version 2 still takes the tutorial's value for a missing setting, and skips unknown
    // ones, exactly as before.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    object_at(&mut v, "model").remove("activation");
    object_at(&mut v, "model").remove("normalize");
    v["model"]["normalise"] = json!(true);
    v["extra"] = json!(1);
    let s = Session::from_json_str(&v.to_string()).unwrap();
    assert_eq!(s.model.activation, nnviz::nn::Activation::Sigmoid);
    assert!(!s.model.normalize);
}

#[test]
fn optimiser_and_training_values_are_range_checked_in_every_version() {
    let cases: [(&str, Value, &str); 6] = [
        (
            "optimizer",
            json!({"kind": "momentum", "beta": 5.0}),
            "the momentum optimizer's beta must be at least 0 and below 1, got 5",
        ),
        (
            "optimizer",
            json!({"kind": "adam", "beta1": 0.9, "beta2": 0.999, "eps": -1.0}),
            "the adam optimizer's eps must be a number above 0, got -1",
        ),
        (
            "optimizer",
            json!({"kind": "adam", "beta1": 1.0, "beta2": 0.999, "eps": 1e-8}),
            "beta1 must be at least 0 and below 1, got 1",
        ),
        (
            "optimizer",
            json!({"kind": "adam", "beta1": 0.9, "beta2": -0.1, "eps": 1e-8}),
            "beta2 must be at least 0 and below 1, got -0.1",
        ),
        (
            "batch_size",
            json!(2_000_000),
            "batch size must be at most 1000000",
        ),
        ("l2", json!(-0.5), "l2 must be ≥ 0, got -0.5"),
    ];
    for version in [2, 3] {
        for (key, value, expected) in &cases {
            let mut v = v3_value();
            v["version"] = json!(version);
            // The momentum case has no Adam state to fit: start the optimiser afresh.
            v["trainer_state"]["layers"] = json!([]);
            v["model"]["train"][key] = value.clone();
            let e = session_refused(&v);
            assert!(e.contains(expected), "v{version}: {e}");
        }
    }
    // The CLI refuses such a session too (and the same β on its command line).
    let path = tmp("beta5.json");
    let mut v = v3_value();
    v["trainer_state"]["layers"] = json!([]);
    v["model"]["train"]["optimizer"] = json!({"kind": "momentum", "beta": 5.0});
    std::fs::write(&path, v.to_string()).unwrap();
    let e = refused(&["train", "--session", path.to_str().unwrap(), "--steps", "1"]);
    assert!(
        e.contains("beta must be at least 0 and below 1, got 5"),
        "{e}"
    );
    assert!(e.contains("beta5.json"), "{e}");
    let e = refused(&["train", "--optimizer", "momentum", "--momentum-beta", "5"]);
    assert!(e.contains("must be at least 0 and below 1, got 5"), "{e}");
}

#[test]
fn a_byte_order_mark_is_accepted_in_json_as_in_csv() {
    let text = format!("\u{feff}{}", v3_value());
    assert!(Session::from_json_str(&text).is_ok());
    let path = tmp("bom-session.json");
    std::fs::write(&path, &text).unwrap();
    assert!(Session::load(&path).is_ok());
    let weights = tmp("bom-weights.json");
    let w = std::fs::read_to_string(fixture("seed_initial_weights.json")).unwrap();
    std::fs::write(&weights, format!("\u{feff}{w}")).unwrap();
    let out = nnviz_within(&[
        "train",
        "--weights",
        weights.to_str().unwrap(),
        "--steps",
        "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = tmp("bom.csv");
    std::fs::write(&csv, "\u{feff}x,y,label\n1,2,0\n3,4,1\n").unwrap();
    assert!(data::read_csv_file(&csv, &CsvColumns::default()).is_ok());
}

#[test]
fn a_duplicated_key_is_refused_everywhere() {
    use nnviz::nn::io::weights_from_json;
    let e = weights_from_json(r#"{"weights": [[[1.0]]], "weights": [[[2.0]]]}"#).unwrap_err();
    assert!(
        e.to_string()
            .contains("the field \"weights\" appears twice"),
        "{e}"
    );
    let e = weights_from_json(r#"{"weights": [[[1.0]]], "biases": [[0]], "biases": [[0]]}"#)
        .unwrap_err();
    assert!(e.to_string().contains("\"biases\" appears twice"), "{e}");
    let e = weights_from_json(r#"{"weights": [[[1.0]]], "bias": [[0]]}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field \"bias\""), "{e}");
    // Sessions: at the top, in the model and in the weights.
    let text = v3_value().to_string();
    for (at, dup) in [
        ("{", r#""seed": 7, "#),
        (r#""model":{"#, r#""bias": false, "#),
        (r#""train":{"#, r#""l1": 0.5, "#),
        (r#""weights":{"#, r#""weights": [], "#),
    ] {
        let t = text.replacen(at, &format!("{at}{dup}"), 1);
        assert_ne!(t, text);
        let e = Session::from_json_str(&t).unwrap_err().to_string();
        assert!(e.contains("appears twice"), "{dup}: {e}");
    }
}

#[test]
fn the_optimiser_state_mismatch_names_the_layer_and_both_shapes() {
    let mut v = v3_value();
    let w1 = v["trainer_state"]["layers"][1]["w1"]
        .as_array_mut()
        .unwrap();
    w1.pop();
    let e = session_refused(&v);
    assert!(
        e.contains("optimiser state does not fit the network: layer 1: w1 has 63 values where the layer's 8x8 weight matrix needs 64"),
        "{e}"
    );
    let mut v = v3_value();
    v["trainer_state"]["layers"][2]["b2"] = json!([0.0]);
    let e = session_refused(&v);
    assert!(
        e.contains("layer 2: b2 has 1 values where the layer's 2 biases need 2"),
        "{e}"
    );
}

#[test]
fn weights_file_messages_name_the_place() {
    use nnviz::nn::io::weights_from_json;
    let e = weights_from_json("[[[1, 2], [3, \"x\"]]]")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "weights JSON: weights[0][1][1]: expected a number, found the text \"x\" (line 1, column 17)"
    );
    let e = weights_from_json(r#"{"weights": [[[1]], [[1], 5]]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("weights[1][1]: expected a list of at most 64 numbers in a weight row, found the number 5"), "{e}");
    let many = format!("[{}]", ["[[1]]"; 12].join(","));
    let e = weights_from_json(&many).unwrap_err().to_string();
    assert!(e.contains("12 weight matrices (at most 9)"), "{e}");
}
