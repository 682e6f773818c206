//! Regression: the generators, the MSE gradient, learning `plane` and `peaks`, the figures
//! in the target's own units, sessions and CSV files with values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nalgebra::DMatrix;
use nnviz::data::regression::{peaks_value, plane_value};
use nnviz::data::{
    CsvColumns, Dataset, LabeledPoint, Preset, PresetParams, Problem, generate, parse_csv_for,
    to_csv,
};
use nnviz::nn::{
    Activation, Init, Loss, Mlp, Model, ModelConfig, NetworkSpec, Optimizer, RegressionStats,
    TargetTransform, Trainer, UpdateOrder,
};
use nnviz::session::Session;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn params(points: usize, noise: f64, test_ratio: f64, seed: u64) -> PresetParams {
    PresetParams {
        points,
        noise,
        test_ratio,
        seed,
        ..PresetParams::default()
    }
}

#[test]
fn regression_presets_make_the_asked_counts_and_are_deterministic() {
    for preset in Preset::REGRESSION {
        assert_eq!(preset.problem(), Problem::Regression);
        let d = generate(preset, &params(250, 0.1, 0.3, 7)).unwrap();
        assert_eq!(d.problem, Problem::Regression);
        assert_eq!(d.points.len(), 250);
        // round(250 × 0.3) = 75 test points.
        assert_eq!(d.test_points().count(), 75, "{preset}");
        assert!(
            d.points
                .iter()
                .all(|p| p.pos_in_data.iter().all(|v| v.abs() <= 6.0))
        );
        assert_eq!(d, generate(preset, &params(250, 0.1, 0.3, 7)).unwrap());
        assert_ne!(d, generate(preset, &params(250, 0.1, 0.3, 8)).unwrap());
        assert_eq!(preset.name().parse::<Preset>().unwrap(), preset);
    }
    for preset in Preset::ALL {
        assert_eq!(preset.problem(), Problem::Classification);
    }
}

#[test]
fn noise_zero_gives_the_clean_function_and_noise_moves_the_values_only() {
    for (preset, f) in [
        (Preset::Plane, plane_value as fn(f64, f64) -> f64),
        (Preset::Peaks, peaks_value),
    ] {
        let clean = generate(preset, &params(300, 0.0, 0.0, 3)).unwrap();
        for p in &clean.points {
            let [x, y] = p.pos_in_data;
            assert_eq!(p.value, f(x, y), "{preset} at ({x}, {y})");
        }
        let noisy = generate(preset, &params(300, 0.2, 0.0, 3)).unwrap();
        let mut moved = 0;
        for p in &noisy.points {
            let [x, y] = p.pos_in_data;
            let off = p.value - f(x, y);
            assert!(off.abs() < 0.2 * 6.0, "{preset}: noise {off}");
            moved += usize::from(off != 0.0);
        }
        assert_eq!(moved, 300);
    }
    // Hand values: the plane is (x + y) / 10; a peak's centre is ±1 (the others add ~0).
    assert_eq!(plane_value(3.0, 2.0), 0.5);
    assert!((peaks_value(-2.5, 2.5) - 1.0).abs() < 0.01);
    assert!((peaks_value(2.5, 2.5) + 1.0).abs() < 0.01);
    assert!(peaks_value(0.0, 0.0).abs() < 1e-12);
}

/// Loss of `mlp` on `x`/`y` with the plain forward pass.
fn reference_loss(mlp: &Mlp, loss: Loss, x: &DMatrix<f64>, y: &DMatrix<f64>) -> f64 {
    let n = x.nrows();
    let mut total = 0.0;
    for i in 0..n {
        let input: Vec<f64> = x.row(i).iter().copied().collect();
        total += loss.element(mlp.forward_one(&input)[0], y[(i, 0)]);
    }
    total * loss.scale(n, 1)
}

fn params_of(mlp: &Mlp) -> Vec<f64> {
    let mut v = Vec::new();
    for l in &mlp.layers {
        v.extend(l.weights.iter());
        v.extend(l.biases.iter().flat_map(|b| b.iter()));
    }
    v
}

fn param_mut(mlp: &mut Mlp, mut index: usize) -> &mut f64 {
    for l in &mut mlp.layers {
        if index < l.weights.len() {
            return &mut l.weights.as_mut_slice()[index];
        }
        index -= l.weights.len();
        if let Some(b) = &mut l.biases {
            if index < b.len() {
                return &mut b.as_mut_slice()[index];
            }
            index -= b.len();
        }
    }
    panic!("parameter index out of range")
}

#[test]
fn squared_error_gradients_on_a_linear_output_match_finite_differences() {
    let mut checked = 0;
    for loss in [Loss::Mse, Loss::TutorialSse] {
        for activation in [Activation::Tanh, Activation::Sigmoid, Activation::Relu] {
            let spec = NetworkSpec {
                inputs: 2,
                hidden: vec![5, 3],
                outputs: 1,
                activation,
                activations: Vec::new(),
                output_activation: Activation::Linear,
                bias: true,
                init: Init::Xavier,
            };
            let mut rng = StdRng::seed_from_u64(checked);
            let mlp = Mlp::new(&spec, &mut rng).unwrap();
            let x = DMatrix::from_fn(7, 2, |_, _| rng.random_range(-2.0..2.0));
            let y = DMatrix::from_fn(7, 1, |_, _| rng.random_range(-3.0..3.0));
            let mut cfg = ModelConfig::regression().train;
            cfg.loss = loss;
            cfg.optimizer = Optimizer::Sgd;
            cfg.learning_rate = 1e-3;
            cfg.update_order = UpdateOrder::Textbook;
            let mut after = mlp.clone();
            Trainer::new(cfg, 0).step(&mut after, &x, &y).unwrap();
            let before = params_of(&mlp);
            for (i, (b, a)) in before.iter().zip(params_of(&after)).enumerate() {
                let analytic = (b - a) / cfg.learning_rate;
                let h = 1e-6;
                let mut plus = mlp.clone();
                *param_mut(&mut plus, i) += h;
                let mut minus = mlp.clone();
                *param_mut(&mut minus, i) -= h;
                let numeric = (reference_loss(&plus, loss, &x, &y)
                    - reference_loss(&minus, loss, &x, &y))
                    / (2.0 * h);
                let tol = 1e-5 * (1.0 + numeric.abs());
                assert!(
                    (analytic - numeric).abs() < tol,
                    "{loss} {activation} param {i}: {analytic} vs {numeric}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

/// A 2-8-1 tanh network (the playground's regression settings with one hidden layer of 8),
/// trained `steps` full-batch steps on `preset`; returns its test R².
fn test_r2_after(preset: Preset, steps: usize) -> f64 {
    let data = generate(preset, &params(400, 0.02, 0.3, 5)).unwrap();
    let mut config = ModelConfig::regression();
    config.hidden = vec![8];
    let mut model = Model::new(config, &data, 11).unwrap();
    assert_eq!(model.mlp().outputs(), 1);
    assert_eq!(
        model.mlp().layers.last().unwrap().activation,
        Activation::Linear
    );
    for _ in 0..steps {
        model.step().unwrap();
    }
    model.regression_metrics().test.unwrap().r2
}

#[test]
fn a_2_8_1_tanh_network_learns_plane_and_peaks() {
    let plane = test_r2_after(Preset::Plane, 300);
    assert!(plane >= 0.95, "plane: test R² {plane}");
    let peaks = test_r2_after(Preset::Peaks, 3000);
    assert!(peaks >= 0.9, "peaks: test R² {peaks}");
}

#[test]
fn r2_and_mse_match_a_hand_computation() {
    // Targets 1, 2, 3, 6 (mean 3, SS_tot = 4 + 1 + 0 + 9 = 14); predictions 1.5, 2, 2, 5:
    // residuals 0.5, 0, 1, 1 → SS_res = 2.25, MSE = 0.5625, R² = 1 − 2.25/14.
    let s =
        RegressionStats::of([(1.0, 1.5), (2.0, 2.0), (3.0, 2.0), (6.0, 5.0)].into_iter()).unwrap();
    assert_eq!(s.mse, 0.5625);
    assert_eq!(s.rmse, 0.75);
    assert!((s.r2 - (1.0 - 2.25 / 14.0)).abs() < 1e-15);
    // All targets equal: exact predictions score 1, others 0.
    assert_eq!(
        RegressionStats::of([(2.0, 2.0)].into_iter()).unwrap().r2,
        1.0
    );
    assert_eq!(
        RegressionStats::of([(2.0, 2.5)].into_iter()).unwrap().r2,
        0.0
    );
    assert!(RegressionStats::of(std::iter::empty()).is_none());
}

#[test]
fn a_models_figures_are_in_the_targets_own_units() {
    // Values in the hundreds; normalised inputs standardise the target.
    let points: Vec<LabeledPoint> = [
        (0.0, 0.0, 100.0),
        (1.0, 0.0, 200.0),
        (0.0, 1.0, 300.0),
        (1.0, 1.0, 600.0),
    ]
    .iter()
    .map(|&(x, y, v)| LabeledPoint::with_value(x, y, v))
    .collect();
    let data = Dataset {
        points,
        num_classes: 2,
        problem: Problem::Regression,
    };
    let mut config = ModelConfig::regression();
    config.hidden = vec![3];
    let mut model = Model::new(config, &data, 2).unwrap();
    for _ in 0..5 {
        model.step().unwrap();
    }
    let t = model.target_transform();
    // Mean 300, population std sqrt((40000 + 10000 + 0 + 90000) / 4) = sqrt(35000).
    assert_eq!(t.mean, 300.0);
    assert!((t.std - 35000f64.sqrt()).abs() < 1e-9);
    let by_hand = RegressionStats::of(
        data.points
            .iter()
            .map(|p| (p.value, model.predict_value(p.pos_in_data))),
    )
    .unwrap();
    let m = model.regression_metrics().train.unwrap();
    assert!(
        (m.mse - by_hand.mse).abs() <= 1e-9 * by_hand.mse,
        "{m:?} vs {by_hand:?}"
    );
    assert!((m.r2 - by_hand.r2).abs() < 1e-12);
    assert!(model.regression_metrics().test.is_none());
    // The prediction is the network's output mapped back: out · std + mean.
    let snap = model.snapshot();
    let out = snap.mlp.forward_one(&snap.transform.inputs([1.0, 1.0]))[0];
    assert_eq!(snap.predict_value([1.0, 1.0]), t.to_data(out));
    assert_eq!(TargetTransform::IDENTITY.to_data(out), out);
}

#[test]
fn cross_entropy_becomes_mse_for_regression_and_stays_for_classification() {
    let mut c = ModelConfig::playground();
    assert!(!c.fit_loss_to_problem(Problem::Classification));
    assert_eq!(c.train.loss, Loss::SoftmaxCrossEntropy);
    assert!(c.fit_loss_to_problem(Problem::Regression));
    assert_eq!(c.train.loss, Loss::Mse);
    let mut t = ModelConfig::tutorial();
    assert!(!t.fit_loss_to_problem(Problem::Regression));
    assert_eq!(t.train.loss, Loss::TutorialSse);
    // A model built from a cross-entropy config on regression data trains MSE.
    let data = generate(Preset::Plane, &params(20, 0.0, 0.0, 1)).unwrap();
    let model = Model::new(ModelConfig::playground(), &data, 1).unwrap();
    assert_eq!(model.config().train.loss, Loss::Mse);
    // Classification data on the same model reshapes it back to a sigmoid output (the loss
    // stays MSE: the app picks a classification network itself).
    let mut model = model;
    assert!(model.set_data(&Dataset::seed(), 1).unwrap());
    assert_eq!(
        model.mlp().layers.last().unwrap().activation,
        Activation::Sigmoid
    );
}

#[test]
fn a_regression_session_round_trips_and_an_old_file_loads_as_classification() {
    let data = generate(Preset::Peaks, &params(30, 0.1, 0.2, 4)).unwrap();
    let model = Model::new(ModelConfig::regression(), &data, 9).unwrap();
    let session = Session::from_model(&model, &data, 9);
    let json = session.to_json_string().unwrap();
    assert!(
        json.contains("\"problem\":\"regression\"") || json.contains("\"problem\": \"regression\"")
    );
    let back = Session::from_json_str(&json).unwrap();
    assert_eq!(back.dataset, data);
    let restored = back.to_model().unwrap();
    assert_eq!(restored.problem(), Problem::Regression);
    assert_eq!(
        restored.predict_value([1.0, 2.0]),
        model.predict_value([1.0, 2.0])
    );

    // A classification session has no problem field, as before; one without it loads as
    // classification.
    let old = Session::from_model(
        &Model::new(ModelConfig::tutorial(), &Dataset::seed(), 1).unwrap(),
        &Dataset::seed(),
        1,
    )
    .to_json_string()
    .unwrap();
    assert!(!old.contains("problem"));
    assert_eq!(
        Session::from_json_str(&old).unwrap().dataset.problem,
        Problem::Classification
    );

    // Values missing for a regression dataset: refused.
    let broken = json.replacen("\"values\"", "\"values_gone\"", 1);
    assert!(Session::from_json_str(&broken).is_err());
}

#[test]
fn csv_with_a_numeric_target_reads_back_and_a_bad_value_names_line_and_column() {
    let data = generate(Preset::Plane, &params(12, 0.1, 0.25, 2)).unwrap();
    let text = to_csv(&data);
    assert!(text.starts_with("x,y,value,split\n"));
    let back = parse_csv_for(&text, &CsvColumns::default(), Problem::Regression).unwrap();
    assert_eq!(back.dataset, data);

    let cols = CsvColumns {
        label: "height".parse().unwrap(),
        ..CsvColumns::default()
    };
    let ok = parse_csv_for(
        "x,y,height\n1,2,3.5\n4,5,-0.25\n",
        &cols,
        Problem::Regression,
    )
    .unwrap();
    let values: Vec<f64> = ok.dataset.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [3.5, -0.25]);
    let err = parse_csv_for(
        "x,y,height\n1,2,3.5\n4,5,tall\n",
        &cols,
        Problem::Regression,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("line 3") && err.contains("tall") && err.contains("value"),
        "{err}"
    );
}

#[test]
fn explain_modes_backward_step_on_a_value_point_is_the_trainers_step() {
    // One point of value 3, not normalised (so the target is 3 itself); the tutorial's
    // ½(y − out)² with plain SGD: the weight change is lr · a_prevᵀ · delta of explain
    // mode's backward trace.
    let data = Dataset {
        points: vec![LabeledPoint::with_value(0.5, -1.0, 3.0)],
        num_classes: 2,
        problem: Problem::Regression,
    };
    let mut config = ModelConfig::regression();
    config.hidden = vec![3];
    config.normalize = false;
    config.train.loss = Loss::TutorialSse;
    config.train.optimizer = Optimizer::Sgd;
    config.train.update_order = UpdateOrder::Textbook;
    config.train.learning_rate = 0.1;
    let mut model = Model::new(config, &data, 4).unwrap();
    let snap = model.snapshot();
    let p = data.points[0];
    assert_eq!(snap.target_for(&p), vec![3.0]);
    let trace = snap.explain(p.pos_in_data);
    let back = snap.explain_backward(&p);
    // The output error is y − out, in the network's (here unscaled) units.
    let out = trace.layers.last().unwrap().a[0];
    assert!((back.errors[1][0] - (3.0 - out)).abs() < 1e-12);
    model.step().unwrap();
    let after = model.mlp();
    for l in 0..2 {
        let a_prev = trace.activations(l).unwrap();
        let expected = a_prev * back.deltas[l].transpose() * 0.1;
        let change = &after.layers[l].weights - &snap.mlp.layers[l].weights;
        assert!((change - expected).abs().max() < 1e-12, "layer {l}");
    }
}

/// Largest difference of two colours' channels.
fn colour_gap(a: [u8; 4], b: [u8; 3]) -> u8 {
    (0..3).map(|c| a[c].abs_diff(b[c])).max().unwrap_or(0)
}

#[test]
fn a_regression_outputs_unit_map_shows_the_predicted_values_on_the_heatmaps_scale() {
    use nnviz::nn::{GridSpec, UnitMaps};
    use nnviz::render::ValueScale;
    use nnviz::train::{diverging, layer_activation, unit_image, unit_range};
    let data = generate(Preset::Peaks, &params(200, 0.0, 0.0, 3)).unwrap();
    let mut config = ModelConfig::regression();
    config.hidden = vec![4];
    let mut model = Model::new(config, &data, 2).unwrap();
    for _ in 0..300 {
        model.step().unwrap();
    }
    let snap = model.snapshot();
    // Normalised inputs: the target is standardised, so the map must undo it.
    assert_ne!(snap.target, TargetTransform::IDENTITY);
    let scale = ValueScale::of_values(data.points.iter().map(|p| p.value));
    let bounds = data.view_bounds();
    let mut buf = UnitMaps::default();
    let out = unit_image(&snap, (2, 0), &bounds, 16, scale, &mut buf).unwrap();
    assert!(out.values, "the output shows values");
    let half = scale.half_range as f32;
    assert_eq!(out.range, (-half, half), "in the target's own units");
    let grid = GridSpec::cell_centers(&bounds, 16, 16);
    assert_eq!((out.image.width, out.image.height), (16, 16));
    let mut worst = 0;
    for row in 0..16 {
        for col in 0..16 {
            let value = model.predict_value(grid.pos_in_data(col, row));
            let want = scale.colour(value);
            worst = worst.max(colour_gap(out.image.get(col, row).unwrap(), want));
        }
    }
    // The map is predicted in f32, the reference in f64: a level of rounding at most.
    assert!(worst <= 1, "off by {worst} levels");

    // A hidden unit keeps its activation's shading.
    let hidden = unit_image(&snap, (1, 2), &bounds, 16, scale, &mut buf).unwrap();
    assert!(!hidden.values);
    let act = layer_activation(&snap.mlp, 1);
    let mut worst = 0;
    for row in 0..16 {
        for col in 0..16 {
            let p = grid.pos_in_data(col, row);
            let a = snap.mlp.forward_trace(&snap.transform.inputs(p))[1][2] as f32;
            let want = diverging(a, unit_range(act, a, a));
            let got = hidden.image.get(col, row).unwrap();
            worst = worst.max(colour_gap(got, [want[0], want[1], want[2]]));
        }
    }
    assert!(worst <= 1, "hidden unit off by {worst} levels");

    // A classification network's output is an activation, however the scale is set.
    let seed = Model::new(ModelConfig::tutorial(), &Dataset::seed(), 1).unwrap();
    let img = unit_image(&seed.snapshot(), (2, 0), &bounds, 16, scale, &mut buf).unwrap();
    assert!(!img.values);
    assert_eq!(img.range, (0.0, 1.0));
}

#[test]
fn explain_modes_mse_rows_are_the_hand_computed_gradient_and_speak_of_values() {
    use nnviz::ui::explain::{Backward, ValueLoss, explain_with};
    let data = Dataset {
        points: vec![
            LabeledPoint::with_value(0.5, -1.0, 3.0),
            LabeledPoint::with_value(-1.0, 0.5, -2.0),
            LabeledPoint::with_value(1.0, 1.0, 0.5),
        ],
        num_classes: 2,
        problem: Problem::Regression,
    };
    let mut config = ModelConfig::regression();
    config.hidden = vec![3];
    config.normalize = false;
    config.train.loss = Loss::Mse;
    config.train.optimizer = Optimizer::Sgd;
    config.train.update_order = UpdateOrder::Textbook;
    config.train.learning_rate = 0.1;
    let mut model = Model::new(config, &data, 4).unwrap();
    let snap = model.snapshot();
    let mse = Some(ValueLoss {
        loss: Loss::Mse,
        batch: 3,
    });
    let p = data.points[0];
    let ex = explain_with(&snap, p.pos_in_data, Some(&p), Backward::Textbook, mse);
    // By hand: out = the linear output; E₂ = y − out; MSE over 3 points: D₂ = 2·E₂/3;
    // E₁ = D₂·W₁ᵀ; D₁ = E₁ ⊙ (1 − L₁²) for tanh.
    let acts = snap
        .mlp
        .forward_trace(&snap.transform.inputs(p.pos_in_data));
    let out = acts[2][0];
    let e2 = 3.0 - out;
    let d2 = 2.0 * e2 / 3.0;
    let w1 = &snap.mlp.layers[1].weights;
    let e1: Vec<f64> = (0..3).map(|j| d2 * w1[(j, 0)]).collect();
    let d1: Vec<f64> = (0..3).map(|j| e1[j] * (1.0 - acts[1][j].powi(2))).collect();
    let b = &ex.backward;
    assert_eq!(b[0].equation, "E₂ = y − L₂");
    assert_eq!(b[1].equation, "D₂ = 2·E₂/3");
    let near = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    };
    assert!(near(&b[0].values, &[e2]));
    assert!(near(&b[1].values, &[d2]), "{:?} vs {d2}", b[1].values);
    assert!(near(&b[2].values, &e1));
    assert!(near(&b[3].values, &d1));
    // The forward pass ends in the predicted value; nothing speaks of classes.
    assert_eq!(ex.value, Some(out));
    assert!(ex.probabilities.is_empty());
    for r in ex.forward.iter().chain(&ex.backward) {
        let note = r.note.to_lowercase();
        assert!(
            !note.contains("class") && !note.contains("probab"),
            "{}",
            r.note
        );
    }
    assert!(b[1].note.contains("2·(y − out) / n"), "{}", b[1].note);

    // The trainer's SGD step over the 3 points is lr · Σ a_prevᵀ · D of these rows.
    let mut expected: Vec<DMatrix<f64>> = snap
        .mlp
        .layers
        .iter()
        .map(|l| l.weights.clone() * 0.0)
        .collect();
    for q in &data.points {
        let ex = explain_with(&snap, q.pos_in_data, Some(q), Backward::Textbook, mse);
        let acts = snap
            .mlp
            .forward_trace(&snap.transform.inputs(q.pos_in_data));
        // Backward rows: E₂, D₂, E₁, D₁ → deltas of layer 1 (index 1) and layer 0 (index 3).
        for (l, row) in [(1, 1), (0, 3)] {
            let d = nalgebra::DVector::from_vec(ex.backward[row].values.clone());
            expected[l] += &acts[l] * d.transpose() * 0.1;
        }
    }
    model.step().unwrap();
    for (l, e) in expected.iter().enumerate() {
        let change = &model.mlp().layers[l].weights - &snap.mlp.layers[l].weights;
        assert!((change - e).abs().max() < 1e-12, "layer {l}");
    }

    // The tutorial's ½·Σ(y − out)²: D₂ = E₂.
    let sse = Some(ValueLoss {
        loss: Loss::TutorialSse,
        batch: 3,
    });
    let ex = explain_with(&snap, p.pos_in_data, Some(&p), Backward::Textbook, sse);
    assert_eq!(ex.backward[1].equation, "D₂ = E₂");
    assert!(near(&ex.backward[1].values, &[e2]));
}

#[test]
fn explain_mode_scales_a_standardised_output_back_to_the_targets_units() {
    use nnviz::ui::explain::{Backward, explain_with};
    let data = generate(Preset::Plane, &params(50, 0.0, 0.0, 1)).unwrap();
    let model = Model::new(ModelConfig::regression(), &data, 3).unwrap();
    let snap = model.snapshot();
    let t = snap.target;
    assert_ne!(t, TargetTransform::IDENTITY);
    let pos = [1.5, -2.0];
    let ex = explain_with(&snap, pos, None, Backward::Textbook, None);
    let last = ex.forward.last().unwrap();
    // Two hidden layers: the output is layer₃; the mean is subtracted with a minus sign.
    assert_eq!(snap.mlp.layers.len(), 3);
    assert!(
        last.equation.starts_with("value = layer₃·"),
        "{}",
        last.equation
    );
    assert!(
        t.mean >= 0.0 || last.equation.contains(" − "),
        "{}",
        last.equation
    );
    let out = snap.mlp.forward_one(&snap.transform.inputs(pos))[0];
    let want = out * t.std + t.mean;
    assert!((last.values[0] - want).abs() < 1e-12);
    assert!((ex.value.unwrap() - model.predict_value(pos)).abs() < 1e-12);
}
