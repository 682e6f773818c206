//! Export as code: the numpy and PyTorch scripts hold the session's numbers exactly, and run
//! with Python they predict (and, for the numpy script, train) as nnviz does.
//!
//! Python: `NNVIZ_PYTHON` if set (then it must have numpy), else `python3` if it imports
//! numpy; otherwise the runs print "skipped: no numpy" and only the pure checks run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use nnviz::data::presets::{Preset, PresetParams, generate};
use nnviz::data::{Dataset, LabeledPoint};
use nnviz::export::{
    ExportError, ExportInput, PyActivation, PyOptimizer, numpy_script, py_float, torch_script,
};
use nnviz::nn::{Activation, Feature, Loss, Model, ModelConfig, Optimizer, Snapshot, UpdateOrder};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---- Python ----

/// A Python that imports `module`: `NNVIZ_PYTHON` (which must), else `python3` if it does.
fn python_with(module: &str) -> Option<PathBuf> {
    if let Ok(p) = std::env::var("NNVIZ_PYTHON") {
        let p = PathBuf::from(p);
        let imports = imports(&p, module);
        if module == "numpy" {
            assert!(imports, "NNVIZ_PYTHON={} cannot import numpy", p.display());
        }
        return imports.then_some(p);
    }
    let p = PathBuf::from("python3");
    imports(&p, module).then_some(p)
}

fn imports(python: &Path, module: &str) -> bool {
    Command::new(python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn numpy_python() -> Option<PathBuf> {
    let p = python_with("numpy");
    if p.is_none() {
        println!("skipped: no numpy (set NNVIZ_PYTHON to a Python with numpy)");
    }
    p
}

/// Any Python at all (for `ast.parse`).
fn any_python() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("NNVIZ_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let p = PathBuf::from("python3");
    Command::new(&p)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(p)
}

/// Runs `python script args…`; panics with its stderr when it fails. Returns stdout.
fn run(python: &Path, script: &Path, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{} {} failed:\n{}",
        script.display(),
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn parses_as_python(python: &Path, script: &Path) {
    let code = "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read())";
    let out = Command::new(python)
        .args(["-c", code])
        .arg(script)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{} does not parse:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- models ----

fn trained(config: ModelConfig, data: &Dataset, seed: u64, steps: usize) -> Model {
    let mut model = Model::new(config, data, seed).unwrap();
    for _ in 0..steps {
        model.step().unwrap();
    }
    assert!(model.mlp().is_finite());
    model
}

/// The tutorial: the seed preset, 2-4-1 sigmoid, tutorial order, lr 0.1.
fn tutorial_model() -> (Model, Dataset) {
    let data = Dataset::seed();
    let mut config = ModelConfig::tutorial();
    config.train.learning_rate = 0.1;
    (trained(config, &data, 1, 2000), data)
}

/// A 3-class softmax tanh network with biases, normalisation and every extra feature.
fn softmax_model() -> (Model, Dataset) {
    let params = PresetParams {
        points: 150,
        classes: 3,
        ..PresetParams::default()
    };
    let data = generate(Preset::Gauss, &params).unwrap();
    let mut config = ModelConfig::playground();
    config.features = Feature::ALL.to_vec();
    config.hidden = vec![6, 5];
    (trained(config, &data, 2, 150), data)
}

/// A relu network: bce, momentum, mini-batches, L1 and L2.
fn relu_model() -> (Model, Dataset) {
    let data = generate(Preset::Xor, &PresetParams::default()).unwrap();
    let mut config = ModelConfig::playground();
    config.activation = Activation::Relu;
    config.hidden = vec![8, 4];
    config.features = vec![Feature::X, Feature::Y, Feature::XTimesY];
    config.train.loss = Loss::BinaryCrossEntropy;
    config.train.optimizer = Optimizer::MOMENTUM;
    config.train.learning_rate = 0.05;
    config.train.batch_size = 32;
    config.train.l1 = 1e-4;
    config.train.l2 = 1e-3;
    (trained(config, &data, 3, 200), data)
}

fn export(model: &Model, data: &Dataset) -> ExportInput {
    ExportInput::from_model(model, data, 7).unwrap()
}

// ---- reading the scripts back ----

/// Every number between `start` and the `end` that follows it.
fn numbers_after(text: &str, start: &str, end: &str) -> Vec<f64> {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let to = from + text[from..].find(end).unwrap();
    text[from..to]
        .split(|c: char| c == '[' || c == ']' || c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<f64>()
                .unwrap_or_else(|_| panic!("not a number: {t}"))
        })
        .collect()
}

/// nnviz's weights of layer `l`, row by row (inputs × units).
fn weights_rows(model: &Model, l: usize) -> Vec<f64> {
    let w = &model.mlp().layers[l].weights;
    (0..w.nrows())
        .flat_map(|r| (0..w.ncols()).map(move |c| w[(r, c)]))
        .collect()
}

/// nnviz's weights of layer `l`, unit by unit (PyTorch's units × inputs).
fn weights_cols(model: &Model, l: usize) -> Vec<f64> {
    let w = &model.mlp().layers[l].weights;
    (0..w.ncols())
        .flat_map(|c| (0..w.nrows()).map(move |r| w[(r, c)]))
        .collect()
}

fn biases(model: &Model, l: usize) -> Option<Vec<f64>> {
    (model.mlp().layers[l].biases.as_ref()).map(|b| b.iter().copied().collect())
}

fn tmp(name: &str) -> PathBuf {
    common::tmp("export", name)
}

// ---- pure ----

#[test]
fn numbers_are_written_so_python_reads_them_back_exactly() {
    for v in [
        0.1,
        0.1 + 0.2,
        -0.0,
        1.0,
        1e-8,
        5e-324,
        1e22,
        -1.7976931348623157e308,
    ] {
        let text = py_float(v);
        let back: f64 = text.parse().unwrap();
        assert_eq!(back.to_bits(), v.to_bits(), "{v} written as {text}");
        assert!(!text.contains("inf") && !text.contains("NaN"));
    }
}

#[test]
fn the_numpy_script_holds_the_weights_points_and_settings_exactly() {
    for (model, data) in [tutorial_model(), softmax_model(), relu_model()] {
        let text = numpy_script(&export(&model, &data));
        for l in 0..model.mlp().layers.len() {
            let w = numbers_after(&text, &format!("\nW{l} = np.array("), ")");
            assert_eq!(w, weights_rows(&model, l), "W{l}");
            match biases(&model, l) {
                Some(b) => assert_eq!(numbers_after(&text, &format!("\nb{l} = np.array("), ")"), b),
                None => assert!(text.contains(&format!("\nb{l} = None"))),
            }
        }
        let points: Vec<f64> = data.train_points().flat_map(|p| p.pos_in_data).collect();
        assert_eq!(numbers_after(&text, "POINTS = np.array(", ")"), points);
        let lr = model.config().train.learning_rate;
        assert!(text.contains(&format!("\nLEARNING_RATE = {lr:?}\n")));
        let t = model.transform();
        if t.mean != [0.0; 2] {
            assert_eq!(numbers_after(&text, "MEAN = ", "\n"), t.mean.to_vec());
            assert_eq!(numbers_after(&text, "INV_STD = ", "\n"), t.inv_std.to_vec());
        }
        assert!(text.contains("if __name__ == \"__main__\":"));
    }
}

#[test]
fn the_torch_script_holds_the_weights_transposed_for_nn_linear() {
    for (model, data) in [tutorial_model(), softmax_model(), relu_model()] {
        let text = torch_script(&export(&model, &data));
        for l in 0..model.mlp().layers.len() {
            let w = numbers_after(
                &text,
                &format!("LINEAR[{l}].weight.copy_(torch.tensor("),
                ")",
            );
            assert_eq!(w, weights_cols(&model, l), "layer {l}");
            let tag = format!("LINEAR[{l}].bias.copy_(torch.tensor(");
            match biases(&model, l) {
                Some(b) => assert_eq!(numbers_after(&text, &tag, ")"), b),
                None => assert!(!text.contains(&tag)),
            }
        }
        let bias = model.config().bias;
        assert_eq!(text.contains("bias=False"), !bias);
        assert!(text.contains("torch.set_default_dtype(torch.float64)"));
    }
}

#[test]
fn non_finite_numbers_are_refused_by_name() {
    let (model, data) = tutorial_model();
    let mut input = export(&model, &data);
    input.layers[1].weights[2][0] = f64::INFINITY;
    let err = input.check_finite().unwrap_err();
    assert_eq!(err, ExportError::NonFinite { what: "W1".into() });
    assert!(err.to_string().contains("W1"), "{err}");
    let mut input = export(&model, &data);
    input.learning_rate = f64::NAN;
    assert!(input.check_finite().is_err());
}

#[test]
fn the_scripts_parse_as_python() {
    let Some(python) = any_python() else {
        println!("skipped: no python");
        return;
    };
    for (i, (model, data)) in [tutorial_model(), softmax_model(), relu_model()]
        .into_iter()
        .enumerate()
    {
        let input = export(&model, &data);
        for (kind, text) in [
            ("np", numpy_script(&input)),
            ("torch", torch_script(&input)),
        ] {
            let path = tmp(&format!("parse-{kind}-{i}.py"));
            std::fs::write(&path, text).unwrap();
            parses_as_python(&python, &path);
        }
    }
}

// ---- the numpy run ----

/// A 100×100 grid over the data's view, both ends included.
fn grid_points(data: &Dataset) -> Vec<[f64; 2]> {
    let b = data.view_bounds();
    let (nx, ny) = (100, 100);
    let mut pts = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let x = b.x_min + (b.x_max - b.x_min) * i as f64 / (nx - 1) as f64;
            let y = b.y_min + (b.y_max - b.y_min) * j as f64 / (ny - 1) as f64;
            pts.push([x, y]);
        }
    }
    pts
}

/// Runs `script --grid` on `points`: per point the class and the probabilities.
fn script_grid(python: &Path, script: &Path, points: &[[f64; 2]]) -> Vec<(usize, Vec<f64>)> {
    let stem = script.file_stem().unwrap().to_string_lossy().into_owned();
    let (input, output) = (
        tmp(&format!("{stem}-in.csv")),
        tmp(&format!("{stem}-out.csv")),
    );
    let csv: String = points
        .iter()
        .map(|p| format!("{:?},{:?}\n", p[0], p[1]))
        .collect();
    std::fs::write(&input, csv).unwrap();
    run(
        python,
        script,
        &["--grid", input.to_str().unwrap(), output.to_str().unwrap()],
    );
    std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|line| {
            let mut parts = line.split(',');
            let class = parts.next().unwrap().parse().unwrap();
            (class, parts.map(|v| v.parse().unwrap()).collect())
        })
        .collect()
}

/// The script's grid against `reference` (probabilities per point): the same class at every
/// point, probabilities within 1e-6. Returns the largest difference.
fn compare_grid(
    python: &Path,
    script: &Path,
    points: &[[f64; 2]],
    reference: impl Fn([f64; 2]) -> Vec<f64>,
) -> f64 {
    let got = script_grid(python, script, points);
    assert_eq!(got.len(), points.len());
    let mut worst: f64 = 0.0;
    for (p, (class, probs)) in points.iter().zip(&got) {
        let want = reference(*p);
        assert_eq!(probs.len(), want.len());
        assert_eq!(*class, nnviz::nn::model::argmax(&want), "class at {p:?}");
        for (a, b) in probs.iter().zip(&want) {
            worst = worst.max((a - b).abs());
        }
    }
    assert!(worst < 1e-6, "{}: off by {worst}", script.display());
    worst
}

#[test]
fn the_numpy_script_predicts_what_nnviz_predicts_on_a_grid() {
    let Some(python) = numpy_python() else { return };
    for (name, (model, data)) in [
        ("tutorial", tutorial_model()),
        ("softmax", softmax_model()),
        ("relu", relu_model()),
    ] {
        let path = tmp(&format!("grid-{name}.py"));
        std::fs::write(&path, numpy_script(&export(&model, &data))).unwrap();
        let snap: Snapshot = model.snapshot();
        let worst = compare_grid(&python, &path, &grid_points(&data), |p| {
            snap.predict_point(p)
        });
        println!("{name}: largest probability difference {worst:e}");
    }
}

/// `script --train steps --weights-out` against nnviz's `steps` further steps; returns the
/// largest difference of a weight or bias.
fn compare_training(
    python: &Path,
    name: &str,
    model: &mut Model,
    data: &Dataset,
    steps: usize,
) -> f64 {
    let path = tmp(&format!("train-{name}.py"));
    let json = tmp(&format!("train-{name}.json"));
    std::fs::write(&path, numpy_script(&export(model, data))).unwrap();
    let n = steps.to_string();
    run(
        python,
        &path,
        &[
            "--train",
            &n,
            "--print-every",
            "0",
            "--weights-out",
            json.to_str().unwrap(),
        ],
    );
    for _ in 0..steps {
        model.step().unwrap();
    }
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut worst: f64 = 0.0;
    for l in 0..model.mlp().layers.len() {
        let w: Vec<f64> = got["W"][l]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()))
            .collect();
        let want = weights_rows(model, l);
        assert_eq!(w.len(), want.len());
        for (a, b) in w.iter().zip(&want) {
            worst = worst.max((a - b).abs());
        }
        match biases(model, l) {
            Some(want) => {
                let b = got["b"][l].as_array().unwrap();
                for (a, b) in b.iter().zip(&want) {
                    worst = worst.max((a.as_f64().unwrap() - b).abs());
                }
            }
            None => assert!(got["b"][l].is_null()),
        }
    }
    worst
}

#[test]
fn the_numpy_training_loop_is_nnvizs_tutorial_step() {
    let Some(python) = numpy_python() else { return };
    // The tutorial: full-batch SGD in the tutorial's update order, from trained weights.
    let (mut model, data) = tutorial_model();
    let worst = compare_training(&python, "tutorial", &mut model, &data, 300);
    println!("tutorial, 300 steps: largest weight difference {worst:e}");
    assert!(worst < 1e-9, "off by {worst}");

    // The script's update order matters: the same weights trained in the textbook order
    // end elsewhere (so the comparison above can fail).
    let (mut other, data) = tutorial_model();
    let mut t = other.config().train;
    t.update_order = UpdateOrder::Textbook;
    other.set_train_config(t).unwrap();
    let before = export(&other, &data);
    let mut tutorial_input = before.clone();
    tutorial_input.update_order = UpdateOrder::Tutorial;
    let path = tmp("train-order.py");
    std::fs::write(&path, numpy_script(&tutorial_input)).unwrap();
    let json = tmp("train-order.json");
    run(
        &python,
        &path,
        &[
            "--train",
            "300",
            "--print-every",
            "0",
            "--weights-out",
            json.to_str().unwrap(),
        ],
    );
    for _ in 0..300 {
        other.step().unwrap();
    }
    let got: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let w0 = got["W"][0][0][0].as_f64().unwrap();
    assert!((w0 - other.mlp().layers[0].weights[(0, 0)]).abs() > 1e-9);
}

#[test]
fn the_numpy_training_loop_matches_adam_and_momentum_with_regularisation() {
    let Some(python) = numpy_python() else { return };
    // Full batches (the script's mini-batches are drawn by numpy) and a fresh optimiser
    // (the script's starts afresh): set_parameters restarts nnviz's.
    let (mut model, data) = softmax_model();
    model.set_parameters(model.mlp().parameters()).unwrap();
    let worst = compare_training(&python, "adam", &mut model, &data, 40);
    println!("softmax adam, 40 steps: {worst:e}");
    assert!(worst < 1e-9, "adam off by {worst}");

    let (mut model, data) = relu_model();
    let mut t = model.config().train;
    t.batch_size = 0;
    model.set_train_config(t).unwrap();
    model.set_parameters(model.mlp().parameters()).unwrap();
    let worst = compare_training(&python, "momentum", &mut model, &data, 40);
    println!("relu momentum l1 l2, 40 steps: {worst:e}");
    assert!(worst < 1e-9, "momentum off by {worst}");
}

#[test]
fn the_numpy_script_prints_the_tutorials_error_lines() {
    let Some(python) = numpy_python() else { return };
    let (mut model, data) = tutorial_model();
    let path = tmp("error-lines.py");
    std::fs::write(&path, numpy_script(&export(&model, &data))).unwrap();
    let out = run(&python, &path, &["--train", "201"]);
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("Error:")).collect();
    // Steps 2000, 2100 and 2200 print, as `nnviz train` counts them.
    assert_eq!(lines.len(), 3, "{out}");
    let first = model.step().unwrap();
    let ours: f64 = lines[0]["Error:".len()..].parse().unwrap();
    assert!(
        (ours - first.error).abs() < 1e-12,
        "{ours} vs {}",
        first.error
    );
}

// ---- snippets nnviz does not use yet: GELU, ELU, RMSProp, Nesterov ----

/// Runs `code` after the numpy definitions `defs`; returns the floats it prints.
fn python_floats(python: &Path, defs: &str, code: &str) -> Vec<f64> {
    let path = tmp(&format!("snippet-{}.py", defs.len() + code.len()));
    std::fs::write(&path, format!("import numpy as np\n\n{defs}\n{code}\n")).unwrap();
    run(python, &path, &[])
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}

fn gelu(z: f64) -> f64 {
    let k = (2.0 / std::f64::consts::PI).sqrt();
    0.5 * z * (1.0 + (k * (z + 0.044715 * z.powi(3))).tanh())
}

fn elu(z: f64) -> f64 {
    if z > 0.0 { z } else { z.exp() - 1.0 }
}

#[test]
fn gelu_and_elu_snippets_compute_their_formulas_and_derivatives() {
    let Some(python) = numpy_python() else { return };
    let zs = [-3.0, -0.5, 0.0, 0.7, 2.5];
    let zlist = format!("{zs:?}");
    for (act, f) in [
        (PyActivation::Gelu, gelu as fn(f64) -> f64),
        (PyActivation::Elu, elu),
    ] {
        let name = act.py_name();
        let code = format!(
            "z = np.array({zlist})\na = {name}(z)\nfor v in list(a) + list(d_{name}(z, a)):\n    print(repr(float(v)))"
        );
        let got = python_floats(&python, act.numpy_defs(), &code);
        assert_eq!(got.len(), 2 * zs.len());
        for (i, &z) in zs.iter().enumerate() {
            assert!((got[i] - f(z)).abs() < 1e-15, "{name}({z}) = {}", got[i]);
            // The derivative against a central difference of the formula.
            let h = 1e-6;
            let slope = (f(z + h) - f(z - h)) / (2.0 * h);
            let d = got[zs.len() + i];
            if z != 0.0 || act == PyActivation::Gelu {
                assert!(
                    (d - slope).abs() < 1e-7,
                    "d_{name}({z}) = {d}, slope {slope}"
                );
            }
        }
    }
    // ELU's value below 0 by hand: e^-3 - 1.
    assert!((elu(-3.0) - (-0.950212931632136)).abs() < 1e-15);
}

#[test]
fn rmsprop_and_nesterov_snippets_match_hand_computed_steps() {
    let Some(python) = numpy_python() else { return };
    let steps = |opt: PyOptimizer| {
        let defs = format!(
            "LEARNING_RATE = 0.1\n{}\n{}",
            opt.constant_lines(),
            opt.numpy_update()
        );
        let code = "w = np.array([1.0])\ns = {}\nupdate(w, np.array([1.0]), s, 1)\nprint(repr(float(w[0])))\n\
                    update(w, np.array([0.5]), s, 2)\nprint(repr(float(w[0])))";
        python_floats(&python, &defs, code)
    };
    // RMSProp, rho 0.9: s1 = 0.1, w1 = 1 - 0.1 / (√0.1 + eps); s2 = 0.09 + 0.025 = 0.115.
    let got = steps(PyOptimizer::RmsProp {
        rho: 0.9,
        eps: 1e-8,
    });
    let w1 = 1.0 - 0.1 * 1.0 / (0.1f64.sqrt() + 1e-8);
    let w2 = w1 - 0.1 * 0.5 / (0.115f64.sqrt() + 1e-8);
    assert!(
        (got[0] - w1).abs() < 1e-12 && (got[1] - w2).abs() < 1e-12,
        "{got:?}"
    );
    // Nesterov, beta 0.9: v1 = 1, w1 = 1 - 0.1 (1 + 0.9) = 0.81; v2 = 0.9 + 0.5 = 1.4,
    // w2 = 0.81 - 0.1 (0.5 + 1.26) = 0.634.
    let got = steps(PyOptimizer::Nesterov { beta: 0.9 });
    assert!(
        (got[0] - 0.81).abs() < 1e-12 && (got[1] - 0.634).abs() < 1e-12,
        "{got:?}"
    );
    // The ones nnviz has, the same way: momentum v2 = 1.4, w2 = 0.9 - 0.14 = 0.76.
    let got = steps(PyOptimizer::from_optimizer(Optimizer::MOMENTUM));
    assert!(
        (got[0] - 0.9).abs() < 1e-12 && (got[1] - 0.76).abs() < 1e-12,
        "{got:?}"
    );
}

#[test]
fn a_network_with_gelu_and_elu_layers_predicts_its_reference_forward_pass() {
    let Some(python) = numpy_python() else { return };
    let (model, data) = relu_model();
    let mut input = export(&model, &data);
    input.layers[0].activation = PyActivation::Gelu;
    input.layers[1].activation = PyActivation::Elu;
    let path = tmp("gelu-elu.py");
    std::fs::write(&path, numpy_script(&input)).unwrap();
    let transform = model.transform().clone();
    let layers = input.layers.clone();
    let reference = |p: [f64; 2]| {
        let mut a = transform.inputs(p);
        for (l, layer) in layers.iter().enumerate() {
            let z: Vec<f64> = (0..layer.units())
                .map(|j| {
                    let s: f64 = a
                        .iter()
                        .zip(&layer.weights)
                        .map(|(v, row)| v * row[j])
                        .sum();
                    s + layer.biases.as_ref().map_or(0.0, |b| b[j])
                })
                .collect();
            a = match l {
                0 => z.into_iter().map(gelu).collect(),
                1 => z.into_iter().map(elu).collect(),
                _ => z.into_iter().map(|v| 1.0 / (1.0 + (-v).exp())).collect(),
            };
        }
        vec![1.0 - a[0], a[0]]
    };
    compare_grid(&python, &path, &grid_points(&data), reference);
}

// ---- torch ----

#[test]
fn the_torch_script_predicts_what_nnviz_predicts_where_torch_is_installed() {
    let Some(python) = python_with("torch") else {
        println!("skipped: no torch (the structural checks above still ran)");
        return;
    };
    for (name, (model, data)) in [
        ("tutorial", tutorial_model()),
        ("softmax", softmax_model()),
        ("relu", relu_model()),
    ] {
        let path = tmp(&format!("torch-{name}.py"));
        std::fs::write(&path, torch_script(&export(&model, &data))).unwrap();
        let snap = model.snapshot();
        let worst = compare_grid(&python, &path, &grid_points(&data), |p| {
            snap.predict_point(p)
        });
        println!("torch {name}: {worst:e}");
        // Its training loop runs and writes weights.
        let json = tmp(&format!("torch-{name}.json"));
        run(
            &python,
            &path,
            &[
                "--train",
                "3",
                "--print-every",
                "0",
                "--weights-out",
                json.to_str().unwrap(),
            ],
        );
        assert!(std::fs::read_to_string(&json).unwrap().contains("\"W\""));
    }
}

// ---- the command line ----

#[test]
fn nnviz_train_exports_both_scripts_and_names_a_file_it_cannot_write() {
    let (py, torch) = (tmp("cli.py"), tmp("cli-torch.py"));
    let out = common::nnviz(&[
        "train",
        "--steps",
        "50",
        "--print-every",
        "0",
        "--export-py",
        py.to_str().unwrap(),
        "--export-torch",
        torch.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The same model trained here gives the same script, byte for byte.
    let data = Dataset::seed();
    let model = trained(ModelConfig::tutorial(), &data, 1, 50);
    let input = ExportInput::from_model(&model, &data, 1).unwrap();
    assert_eq!(std::fs::read_to_string(&py).unwrap(), numpy_script(&input));
    assert_eq!(
        std::fs::read_to_string(&torch).unwrap(),
        torch_script(&input)
    );

    let missing = tmp("no-such-dir").join("x.py");
    let out = common::nnviz(&[
        "train",
        "--steps",
        "1",
        "--export-py",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(missing.to_str().unwrap()), "{err}");
}

#[test]
fn an_exported_session_keeps_its_test_points_apart() {
    let mut data = Dataset::seed();
    data.points.push(LabeledPoint {
        test: true,
        ..LabeledPoint::new(2.5, 2.5, 0)
    });
    let model = trained(ModelConfig::tutorial(), &data, 1, 10);
    let text = numpy_script(&export(&model, &data));
    assert_eq!(
        numbers_after(&text, "TEST_POINTS = np.array(", ")"),
        vec![2.5, 2.5]
    );
    assert_eq!(numbers_after(&text, "POINTS = np.array(", ")").len(), 16);
}

// ---- the app ----

/// File ▸ Export as …, a name typed into the app's own dialog, Enter: the script of the
/// worker's current session is written and the status bar names the file.
#[test]
fn the_file_menu_exports_the_workers_network_as_numpy_and_pytorch() {
    use egui::Key;
    use egui_kittest::kittest::Queryable;
    let state = nnviz::ui::PersistedState {
        running: false,
        ..nnviz::ui::PersistedState::tutorial()
    };
    let mut h = common::harness(state);
    common::settle(&mut h);
    let session_path = tmp("ui-session.json");
    let _ = std::fs::remove_file(&session_path);
    h.state_mut().save_session_path(&session_path);
    common::wait_until(&mut h, "the session to be saved", |a| !a.is_saving());
    let session = nnviz::session::Session::load(&session_path).unwrap();
    let input = ExportInput::from_session(&session).unwrap();
    for (entry, name, want) in [
        (
            "Export as Python (numpy)…",
            "ui-numpy.py",
            numpy_script(&input),
        ),
        ("Export as PyTorch…", "ui-torch.py", torch_script(&input)),
    ] {
        let path = tmp(name);
        let _ = std::fs::remove_file(&path);
        h.get_by_label("File").click();
        h.run_steps(2);
        h.get_by_label(entry).click();
        h.run_steps(2);
        assert!(h.state().file_dialog_open(), "{entry} opens the dialog");
        h.run_steps(2);
        h.get_by_label("File name:").click();
        h.run_steps(2);
        // Replace the offered name with the whole path.
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        h.get_by_label("File name:")
            .type_text(path.to_str().unwrap());
        h.run_steps(2);
        h.key_press(Key::Enter);
        h.run_steps(2);
        common::wait_until(&mut h, "the script to be written", |_| path.exists());
        h.run_steps(2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), want, "{entry}");
        let said = format!("Exported {}.", path.display());
        assert!(
            h.state().messages().iter().any(|m| m.text == said),
            "status bar: {:?}",
            h.state()
                .messages()
                .iter()
                .map(|m| &m.text)
                .collect::<Vec<_>>()
        );
    }
}
