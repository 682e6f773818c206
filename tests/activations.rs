//! GELU and ELU, per-layer activations and dropout: the functions against their formulas,
//! the trainer's gradients against finite differences, the tiny and general paths against
//! each other, dropout's masks (reproducible, absent at prediction) and the settings' checks.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::needless_range_loop,
    missing_docs
)]

use nalgebra::DMatrix;
use nnviz::data::Dataset;
use nnviz::nn::trainer::force_general_path;
use nnviz::nn::{
    Activation, Init, Loss, Mlp, Model, ModelConfig, NetworkSpec, NnError, TrainConfig, Trainer,
    UpdateOrder,
};
use rand::SeedableRng;

/// GELU's tanh approximation written out with the standard library's `tanh`.
fn gelu_reference(y: f64) -> f64 {
    0.5 * y * (1.0 + (f64::sqrt(2.0 / std::f64::consts::PI) * (y + 0.044715 * y.powi(3))).tanh())
}

fn elu_reference(y: f64) -> f64 {
    if y > 0.0 { y } else { y.exp() - 1.0 }
}

const SAMPLES: [f64; 9] = [-6.0, -2.5, -1.0, -0.3, -1e-3, 0.2, 0.9, 2.0, 5.5];

#[test]
fn gelu_and_elu_follow_their_formulas() {
    for y in SAMPLES {
        let g = Activation::Gelu.apply(y);
        assert!((g - gelu_reference(y)).abs() < 1e-14, "gelu({y}) = {g}");
        let e = Activation::Elu.apply(y);
        assert!((e - elu_reference(y)).abs() < 1e-15, "elu({y}) = {e}");
    }
    // Hand-computed values: gelu(1) = 0.5 (1 + tanh(0.79788456 · 1.044715)) ≈ 0.8411920;
    // elu(−1) = e^−1 − 1.
    assert!((Activation::Gelu.apply(1.0) - 0.841_191_990_607_477_2).abs() < 1e-12);
    assert!((Activation::Elu.apply(-1.0) - (-0.632_120_558_828_557_7)).abs() < 1e-15);
    // The f32 grid versions agree to ~1e-6.
    for y in SAMPLES {
        let mut v = [y as f32];
        Activation::Gelu.apply_slice_f32(&mut v);
        assert!(
            (v[0] as f64 - gelu_reference(y)).abs() < 2e-6,
            "gelu f32 {y}"
        );
        let mut v = [y as f32];
        Activation::Elu.apply_slice_f32(&mut v);
        assert!((v[0] as f64 - elu_reference(y)).abs() < 2e-6, "elu f32 {y}");
    }
    assert_eq!("gelu".parse::<Activation>(), Ok(Activation::Gelu));
    assert_eq!("ELU".parse::<Activation>(), Ok(Activation::Elu));
    assert!(Activation::HIDDEN.contains(&Activation::Gelu));
    assert!(Activation::HIDDEN.contains(&Activation::Elu));
    assert_eq!(
        serde_json::to_string(&Activation::Gelu).unwrap(),
        "\"gelu\""
    );
    assert_eq!(serde_json::to_string(&Activation::Elu).unwrap(), "\"elu\"");
}

#[test]
fn derivatives_match_finite_differences_of_the_functions() {
    let h = 1e-6;
    for act in [Activation::Gelu, Activation::Elu] {
        for y in SAMPLES {
            let fd = (act.apply(y + h) - act.apply(y - h)) / (2.0 * h);
            let d = act.derivative(y, act.apply(y));
            assert!((d - fd).abs() < 1e-8, "{act} at {y}: {d} vs {fd}");
            // The slice form, as the trainer calls it.
            let mut g = [1.0];
            act.mul_derivative_slice(&mut g, &[act.apply(y)], &[y]);
            assert_eq!(g[0], d);
        }
    }
    assert!(Activation::Gelu.needs_pre_activation());
    assert!(!Activation::Elu.needs_pre_activation());
}

/// A 2 → 4 → 3 → 1 network with biases and the given hidden activations.
fn net(acts: [Activation; 2], seed: u64) -> Mlp {
    let spec = NetworkSpec {
        inputs: 2,
        hidden: vec![4, 3],
        outputs: 1,
        activation: Activation::Sigmoid,
        activations: acts.to_vec(),
        output_activation: Activation::Sigmoid,
        bias: true,
        init: Init::Xavier,
    };
    Mlp::new(&spec, &mut rand::rngs::StdRng::seed_from_u64(seed)).unwrap()
}

/// Eight points (one tiny-path vector) with 0/1 targets.
fn data() -> (DMatrix<f64>, DMatrix<f64>) {
    let x = DMatrix::from_row_slice(
        8,
        2,
        &[
            0.3, -1.2, 1.5, 0.4, -0.7, -0.9, 2.1, 1.7, -1.8, 0.6, 0.1, 0.05, -0.4, 1.1, 0.9, -2.0,
        ],
    );
    let y = DMatrix::from_row_slice(8, 1, &[1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
    (x, y)
}

/// Plain full-batch SGD at learning rate 1 on the mean squared error, textbook order: one
/// step changes every parameter by exactly minus its gradient.
fn sgd() -> TrainConfig {
    TrainConfig {
        loss: Loss::Mse,
        learning_rate: 1.0,
        update_order: UpdateOrder::Textbook,
        ..TrainConfig::tutorial()
    }
}

/// Every weight and bias, in a fixed order.
fn flat(mlp: &Mlp) -> Vec<f64> {
    mlp.layers
        .iter()
        .flat_map(|l| {
            l.weights
                .iter()
                .copied()
                .chain(l.biases.iter().flat_map(|b| b.iter().copied()))
        })
        .collect()
}

/// Sets parameter `k` (in [`flat`]'s order).
fn set_flat(mlp: &mut Mlp, k: usize, v: f64) {
    let mut i = 0;
    for l in &mut mlp.layers {
        for w in l.weights.iter_mut() {
            if i == k {
                *w = v;
            }
            i += 1;
        }
        if let Some(b) = &mut l.biases {
            for w in b.iter_mut() {
                if i == k {
                    *w = v;
                }
                i += 1;
            }
        }
    }
}

/// Largest difference between the trainer's gradient (minus one SGD step's change) and
/// the central finite difference of the loss [`Trainer::evaluate`] reports.
fn worst_gradient_error(acts: [Activation; 2]) -> f64 {
    let (x, y) = data();
    let mlp = net(acts, 5);
    let mut trained = mlp.clone();
    let mut trainer = Trainer::new(sgd(), 1);
    trainer.step(&mut trained, &x, &y).unwrap();
    let grad: Vec<f64> = flat(&mlp)
        .iter()
        .zip(flat(&trained))
        .map(|(b, a)| b - a)
        .collect();
    let mut loss_at = |m: &Mlp| trainer.evaluate(m, &x, &y).unwrap().loss;
    let h = 1e-6;
    let mut worst: f64 = 0.0;
    for (k, &w) in flat(&mlp).iter().enumerate() {
        let (mut plus, mut minus) = (mlp.clone(), mlp.clone());
        set_flat(&mut plus, k, w + h);
        set_flat(&mut minus, k, w - h);
        let fd = (loss_at(&plus) - loss_at(&minus)) / (2.0 * h);
        worst = worst.max((fd - grad[k]).abs());
    }
    // The gradients are not all tiny (the check would pass for anything then).
    assert!(grad.iter().any(|g| g.abs() > 1e-3), "{acts:?}: {grad:?}");
    worst
}

#[test]
fn trainer_gradients_match_finite_differences_for_gelu_and_elu() {
    for acts in [
        [Activation::Gelu, Activation::Gelu],
        [Activation::Elu, Activation::Elu],
        [Activation::Gelu, Activation::Elu],
        [Activation::Elu, Activation::Gelu],
        [Activation::Relu, Activation::Gelu],
    ] {
        for general in [false, true] {
            force_general_path(general);
            let worst = worst_gradient_error(acts);
            force_general_path(false);
            assert!(worst < 1e-8, "{acts:?}, general {general}: off by {worst}");
            println!("{acts:?}, general path {general}: gradient off by {worst:e}");
        }
    }
}

#[test]
fn per_layer_activations_are_built_into_the_network() {
    let mlp = net([Activation::Gelu, Activation::Elu], 1);
    let acts: Vec<_> = mlp.layers.iter().map(|l| l.activation).collect();
    assert_eq!(
        acts,
        [Activation::Gelu, Activation::Elu, Activation::Sigmoid]
    );
    // A shorter list: the rest take the all-layers activation.
    let mut config = ModelConfig::playground();
    config.hidden = vec![8, 8, 4];
    config.activations = vec![Activation::Relu];
    assert_eq!(config.hidden_activation(0), Activation::Relu);
    assert_eq!(config.hidden_activation(1), Activation::Tanh);
    let model = Model::new(config, &Dataset::seed(), 2).unwrap();
    let acts: Vec<_> = model.mlp().layers.iter().map(|l| l.activation).collect();
    assert_eq!(
        acts,
        [
            Activation::Relu,
            Activation::Tanh,
            Activation::Tanh,
            Activation::Softmax
        ]
    );
    // The forward pass applies each layer's own function: layer 1 by hand.
    let (x, _) = data();
    let l0 = &mlp.layers[0];
    let input = [x[(0, 0)], x[(0, 1)]];
    let trace = mlp.forward_trace(&input);
    for u in 0..4 {
        let z = l0.biases.as_ref().unwrap()[u]
            + input[0] * l0.weights[(0, u)]
            + input[1] * l0.weights[(1, u)];
        assert!((trace[1][u] - gelu_reference(z)).abs() < 1e-14);
    }
}

#[test]
fn tiny_and_general_paths_agree_for_gelu_and_elu() {
    let (x, y) = data();
    for acts in [
        [Activation::Gelu, Activation::Elu],
        [Activation::Elu, Activation::Gelu],
    ] {
        let run = |general: bool| {
            force_general_path(general);
            let mut mlp = net(acts, 9);
            let mut trainer = Trainer::new(
                TrainConfig {
                    learning_rate: 0.3,
                    ..sgd()
                },
                1,
            );
            let losses: Vec<f64> = (0..200)
                .map(|_| trainer.step(&mut mlp, &x, &y).unwrap().loss)
                .collect();
            force_general_path(false);
            (flat(&mlp), losses)
        };
        let (tiny, tiny_loss) = run(false);
        let (general, general_loss) = run(true);
        // The tiny path does the general path's operations in the same order: same bits.
        assert_eq!(tiny, general, "{acts:?}: weights");
        assert!(tiny_loss.last() < tiny_loss.first(), "{acts:?} learns");
        assert_eq!(tiny_loss, general_loss, "{acts:?}: losses");
    }
}

/// A model on the seed points trained `steps` steps with `dropout`, its trainer seeded
/// from `seed`.
fn trained(dropout: Vec<f64>, seed: u64, steps: usize) -> Model {
    let mut config = ModelConfig::playground();
    config.dropout = dropout;
    let mut model = Model::new(config, &Dataset::seed(), seed).unwrap();
    for _ in 0..steps {
        model.step().unwrap();
    }
    model
}

#[test]
fn dropout_is_reproducible_per_seed_and_zero_is_no_dropout() {
    let a = trained(vec![0.5, 0.3], 4, 30);
    let b = trained(vec![0.5, 0.3], 4, 30);
    assert_eq!(a.mlp(), b.mlp(), "same seed, same run");
    let none = trained(Vec::new(), 4, 30);
    assert_ne!(a.mlp(), none.mlp(), "dropout changes training");
    // Another seed draws other weights; keep the weights and change only the trainer's
    // seed by giving both runs the same weights.
    let mut c = trained(vec![0.5, 0.3], 5, 0);
    let start = trained(vec![0.5, 0.3], 4, 0);
    c.set_parameters(start.mlp().parameters()).unwrap();
    let mut d = trained(vec![0.5, 0.3], 4, 0);
    d.set_parameters(start.mlp().parameters()).unwrap();
    for _ in 0..30 {
        c.step().unwrap();
        d.step().unwrap();
    }
    assert_eq!(d.mlp(), a.mlp(), "set_parameters keeps the dropout stream");
    assert_ne!(c.mlp(), d.mlp(), "another seed, other masks");
    // Rates of 0 are exactly no dropout, bit for bit.
    let zero = trained(vec![0.0, 0.0], 4, 30);
    assert_eq!(zero.mlp(), none.mlp());
}

#[test]
fn predictions_and_evaluation_do_not_apply_dropout() {
    let mut with = trained(vec![0.9, 0.9], 3, 0);
    let mut without = trained(Vec::new(), 3, 0);
    assert_eq!(with.mlp(), without.mlp());
    // Evaluating twice gives the same numbers (no mask is drawn) and the same as the
    // network without dropout.
    let m1 = with.evaluate();
    let m2 = with.evaluate();
    assert_eq!(m1, m2);
    assert_eq!(m1, without.evaluate());
    for p in Dataset::seed().points {
        assert_eq!(
            with.predict_point(p.pos_in_data),
            without.predict_point(p.pos_in_data)
        );
        assert_eq!(with.explain(p.pos_in_data), without.explain(p.pos_in_data));
    }
    let bounds = nnviz::data::Bounds {
        x_min: 0.0,
        x_max: 10.0,
        y_min: 0.0,
        y_max: 10.0,
    };
    let grid = nnviz::nn::GridSpec::linspace(&bounds, 24, 24);
    let (mut pa, mut pb) = (
        nnviz::nn::GridPrediction::default(),
        nnviz::nn::GridPrediction::default(),
    );
    with.predict_grid(&grid, &mut pa);
    without.predict_grid(&grid, &mut pb);
    assert_eq!(pa, pb);
    // A training step does apply it: the step's own loss (on the masked network) is not
    // the whole network's.
    let masked = with.step().unwrap().loss;
    let whole = without.step().unwrap().loss;
    assert_ne!(masked, whole);
    assert_eq!(whole, m1.train.unwrap().loss);
}

/// Mean squared error on one output; the hidden unit is linear.
fn one_unit_step(m: f64, w0: f64, w1: f64, x: f64, y: f64) -> (f64, f64) {
    let h = w0 * x;
    let z = w1 * m * h;
    let a = 1.0 / (1.0 + (-z).exp());
    let dz = 2.0 * (a - y) * a * (1.0 - a);
    (w0 - x * w1 * m * dz, w1 - m * h * dz)
}

#[test]
fn the_mask_keeps_a_unit_scaled_by_one_over_one_minus_p_or_drops_it() {
    // 1 → 1 → 1, a linear hidden unit with dropout 0.5, one sample: each step either drops
    // the unit (mask 0: nothing changes) or keeps it doubled (mask 2) — both by hand.
    let spec = NetworkSpec {
        inputs: 1,
        hidden: vec![1],
        outputs: 1,
        activation: Activation::Linear,
        activations: Vec::new(),
        output_activation: Activation::Sigmoid,
        bias: false,
        init: Init::Xavier,
    };
    let mut mlp = Mlp::new(&spec, &mut rand::rngs::StdRng::seed_from_u64(2)).unwrap();
    let mut trainer = Trainer::new(sgd(), 11);
    trainer.set_dropout(&[0.5]);
    let (x, y) = (
        DMatrix::from_element(1, 1, 0.7),
        DMatrix::from_element(1, 1, 1.0),
    );
    let (mut kept, mut dropped) = (0, 0);
    for _ in 0..60 {
        let (w0, w1) = (mlp.layers[0].weights[(0, 0)], mlp.layers[1].weights[(0, 0)]);
        trainer.step(&mut mlp, &x, &y).unwrap();
        let got = (mlp.layers[0].weights[(0, 0)], mlp.layers[1].weights[(0, 0)]);
        let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() + (a.1 - b.1).abs() < 1e-12;
        if close(got, (w0, w1)) {
            dropped += 1;
        } else {
            assert!(
                close(got, one_unit_step(2.0, w0, w1, 0.7, 1.0)),
                "kept unit scaled by 2: {got:?}"
            );
            kept += 1;
        }
    }
    assert!(kept > 15 && dropped > 15, "kept {kept}, dropped {dropped}");
}

#[test]
fn settings_refuse_bad_rates_and_too_many_layers() {
    let mut c = ModelConfig::playground();
    c.dropout = vec![0.2, 0.95];
    assert!(matches!(
        c.validate(),
        Err(NnError::DropoutRate { layer: 2, .. })
    ));
    c.dropout = vec![-0.1];
    assert!(matches!(
        c.validate(),
        Err(NnError::DropoutRate { layer: 1, .. })
    ));
    c.dropout = vec![f64::NAN];
    assert!(c.validate().is_err());
    c.dropout = vec![0.9, 0.0];
    assert_eq!(c.validate(), Ok(()));
    assert_eq!(c.dropout_of(0), 0.9);
    assert_eq!(c.dropout_of(5), 0.0);
    c.dropout = vec![0.1; 3];
    assert_eq!(
        c.validate(),
        Err(NnError::DropoutCount {
            rates: 3,
            layers: 2
        })
    );
    c.dropout.clear();
    c.activations = vec![Activation::Relu; 3];
    let e = c.validate().unwrap_err();
    assert_eq!(
        e,
        NnError::ActivationCount {
            activations: 3,
            layers: 2
        }
    );
    assert!(e.to_string().contains('3') && e.to_string().contains('2'));
    c.activations = vec![Activation::Softmax];
    assert!(c.validate().is_err(), "softmax is for the output only");
    // A model refuses a bad dropout change and keeps what it had.
    let mut model = Model::new(ModelConfig::playground(), &Dataset::seed(), 1).unwrap();
    assert!(model.set_dropout(vec![1.0]).is_err());
    assert!(model.config().dropout.is_empty());
    let before = model.mlp().clone();
    model.set_dropout(vec![0.25, 0.5]).unwrap();
    assert_eq!(model.config().dropout, [0.25, 0.5]);
    assert_eq!(model.mlp(), &before, "the weights are kept");
}

#[test]
fn the_two_half_path_of_big_batches_has_the_right_gelu_and_elu_gradients() {
    // A batch above the parallel path's threshold, cut into halves.
    let n = nnviz::nn::trainer::PARALLEL_MIN_ROWS + 16;
    let x = DMatrix::from_fn(n, 2, |i, j| ((i * 7 + j * 3) % 23) as f64 / 5.0 - 2.2);
    let y = DMatrix::from_fn(n, 1, |i, _| ((i % 3) == 0) as u8 as f64);
    for acts in [
        [Activation::Gelu, Activation::Elu],
        [Activation::Elu, Activation::Gelu],
    ] {
        let mlp = net(acts, 4);
        let mut trained = mlp.clone();
        let mut trainer = Trainer::new(sgd(), 1);
        trainer.step(&mut trained, &x, &y).unwrap();
        let grad: Vec<f64> = flat(&mlp)
            .iter()
            .zip(flat(&trained))
            .map(|(b, a)| b - a)
            .collect();
        let h = 1e-5;
        for (k, &w) in flat(&mlp).iter().enumerate() {
            let (mut plus, mut minus) = (mlp.clone(), mlp.clone());
            set_flat(&mut plus, k, w + h);
            set_flat(&mut minus, k, w - h);
            let fd = (trainer.evaluate(&plus, &x, &y).unwrap().loss
                - trainer.evaluate(&minus, &x, &y).unwrap().loss)
                / (2.0 * h);
            assert!(
                (fd - grad[k]).abs() < 1e-8,
                "{acts:?} parameter {k}: {} vs {fd}",
                grad[k]
            );
        }
    }
}

#[test]
fn explain_modes_deltas_are_the_trainers_for_gelu_and_elu() {
    // Full-batch SGD on the tutorial's loss in textbook order: each layer's weights change
    // by lr · Σ_points a_prevᵀ · D from the explained deltas.
    let mut config = ModelConfig::tutorial();
    config.hidden = vec![4, 3];
    config.activations = vec![Activation::Gelu, Activation::Elu];
    config.bias = true;
    config.train.learning_rate = 0.5;
    config.train.update_order = UpdateOrder::Textbook;
    let data = Dataset::seed();
    let mut model = Model::new(config.clone(), &data, 3).unwrap();
    for _ in 0..5 {
        model.step().unwrap();
    }
    let before = model.mlp().clone();
    let after = nnviz::nn::step_from(&config, &data, &before).unwrap();
    let mut worst: f64 = 0.0;
    for (l, (lb, la)) in before.layers.iter().zip(&after.layers).enumerate() {
        let mut dw = lb.weights.clone() * 0.0;
        for p in data.train_points() {
            let bt = model.explain_backward(p);
            let t = model.explain(p.pos_in_data);
            dw += t.activations(l).unwrap() * bt.deltas[l].transpose() * 0.5;
        }
        worst = worst.max(((&la.weights - &lb.weights) - dw).abs().max());
    }
    assert!(worst < 1e-12, "off by {worst}");
    // With dropout in the settings the replayed step is the same: explain mode follows the
    // whole network.
    let mut dropped = config.clone();
    dropped.dropout = vec![0.5, 0.5];
    assert_eq!(
        nnviz::nn::step_from(&dropped, &data, &before).unwrap(),
        after
    );
}

#[test]
fn the_grid_predictor_matches_the_network_for_gelu_and_elu() {
    let mut config = ModelConfig::playground();
    config.hidden = vec![8, 8, 8];
    config.activations = vec![Activation::Gelu, Activation::Elu, Activation::Gelu];
    let mut model = Model::new(config, &Dataset::seed(), 6).unwrap();
    for _ in 0..200 {
        model.step().unwrap();
    }
    let bounds = nnviz::data::Bounds {
        x_min: -2.0,
        x_max: 12.0,
        y_min: -2.0,
        y_max: 12.0,
    };
    let grid = nnviz::nn::GridSpec::linspace(&bounds, 33, 29);
    let mut p = nnviz::nn::GridPrediction::default();
    model.predict_grid(&grid, &mut p);
    let mut worst: f64 = 0.0;
    for row in 0..grid.ny {
        for col in 0..grid.nx {
            let pos = [
                grid.x0 + col as f64 * grid.dx,
                grid.y0 + row as f64 * grid.dy,
            ];
            let exact = model.predict_point(pos);
            for (a, b) in p.at(col, row).iter().zip(&exact) {
                worst = worst.max((*a as f64 - b).abs());
            }
        }
    }
    assert!(worst < 1e-5, "grid off by {worst}");
    println!("grid vs f64 network, gelu/elu: {worst:e}");
}
