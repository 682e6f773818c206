//! Maths tests: gradients against finite differences, the tutorial's claims, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nalgebra::DMatrix;
use nnviz::data::Dataset;
use nnviz::nn::{
    Activation, GridPrediction, GridSpec, Init, Loss, Mlp, Model, ModelConfig, NetworkSpec,
    Optimizer, TrainConfig, Trainer, UpdateOrder,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Loss of `mlp` on `x`/`y` computed with the plain reference forward pass.
fn reference_loss(
    mlp: &Mlp,
    loss: Loss,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    l1: f64,
    l2: f64,
) -> f64 {
    let (n, m) = (x.nrows(), y.ncols());
    let mut total = 0.0;
    for i in 0..n {
        let input: Vec<f64> = x.row(i).iter().copied().collect();
        let out = mlp.forward_one(&input);
        for j in 0..m {
            total += loss.element(out[j], y[(i, j)]);
        }
    }
    let reg: f64 = mlp
        .layers
        .iter()
        .flat_map(|l| l.weights.iter())
        .map(|w| l1 * w.abs() + 0.5 * l2 * w * w)
        .sum();
    total * loss.scale(n, m) + reg
}

/// Analytic gradient recovered from one SGD step: g = (w_before - w_after) / lr.
fn analytic_gradient(mlp: &Mlp, cfg: TrainConfig, x: &DMatrix<f64>, y: &DMatrix<f64>) -> Vec<f64> {
    let mut after = mlp.clone();
    let mut trainer = Trainer::new(cfg, 0);
    trainer.step(&mut after, x, y).unwrap();
    params(mlp)
        .iter()
        .zip(params(&after))
        .map(|(b, a)| (b - a) / cfg.learning_rate)
        .collect()
}

fn params(mlp: &Mlp) -> Vec<f64> {
    let mut v = Vec::new();
    for l in &mlp.layers {
        v.extend(l.weights.iter());
        if let Some(b) = &l.biases {
            v.extend(b.iter());
        }
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
fn gradients_match_finite_differences_for_every_activation_and_loss() {
    let mut checked = 0;
    let shapes: [&[usize]; 3] = [&[], &[3], &[4, 3]];
    for activation in Activation::HIDDEN {
        for loss in Loss::ALL {
            for bias in [false, true] {
                for hidden in shapes {
                    let (outputs, out_act) = match loss {
                        Loss::SoftmaxCrossEntropy => (3, Activation::Softmax),
                        Loss::BinaryCrossEntropy => (2, Activation::Sigmoid),
                        Loss::TutorialSse => (1, Activation::Sigmoid),
                        Loss::Mse => (2, Activation::Tanh),
                    };
                    let spec = NetworkSpec {
                        inputs: 2,
                        hidden: hidden.to_vec(),
                        outputs,
                        activation,
                        activations: Vec::new(),
                        output_activation: out_act,
                        bias,
                        init: Init::Xavier,
                    };
                    let seed = checked as u64;
                    let mut rng = StdRng::seed_from_u64(seed);
                    let mut mlp = Mlp::new(&spec, &mut rng).unwrap();
                    for l in &mut mlp.layers {
                        if let Some(b) = &mut l.biases {
                            b.iter_mut().for_each(|v| *v = rng.random_range(-0.5..0.5));
                        }
                    }
                    let n = 6;
                    let x = DMatrix::from_fn(n, 2, |_, _| rng.random_range(-2.0..2.0));
                    let mut y = DMatrix::zeros(n, outputs);
                    for i in 0..n {
                        let c = rng.random_range(0..outputs);
                        y[(i, c)] = 1.0;
                    }
                    let (l1, l2) = if checked % 3 == 0 {
                        (0.01, 0.02)
                    } else {
                        (0.0, 0.0)
                    };
                    let cfg = TrainConfig {
                        loss,
                        learning_rate: 1e-3,
                        optimizer: Optimizer::Sgd,
                        update_order: UpdateOrder::Textbook,
                        batch_size: 0,
                        l1,
                        l2,
                        schedule: Default::default(),
                    };
                    let analytic = analytic_gradient(&mlp, cfg, &x, &y);
                    let h = 1e-6;
                    for (i, &g) in analytic.iter().enumerate() {
                        let mut plus = mlp.clone();
                        *param_mut(&mut plus, i) += h;
                        let mut minus = mlp.clone();
                        *param_mut(&mut minus, i) -= h;
                        let numeric = (reference_loss(&plus, loss, &x, &y, l1, l2)
                            - reference_loss(&minus, loss, &x, &y, l1, l2))
                            / (2.0 * h);
                        let tol = 1e-6 + 1e-5 * numeric.abs().max(g.abs());
                        assert!(
                            (numeric - g).abs() < tol,
                            "{activation} / {loss} / bias {bias} / {hidden:?}: parameter {i}: analytic {g}, numeric {numeric}"
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, Activation::HIDDEN.len() * 4 * 2 * 3);
}

#[test]
fn tutorial_reaches_full_accuracy_from_twenty_seeds() {
    let data = Dataset::seed();
    for seed in 0..20 {
        let mut model = Model::new(ModelConfig::tutorial(), &data, seed).unwrap();
        for _ in 0..10_000 {
            model.step().unwrap();
        }
        let train = model.evaluate().train.unwrap();
        assert_eq!(
            train.correct,
            8,
            "seed {seed}: accuracy {}",
            train.accuracy()
        );
    }
}

#[test]
fn same_seed_same_weights_and_outputs() {
    let data = Dataset::seed();
    let run = |seed| {
        let mut model = Model::new(ModelConfig::tutorial(), &data, seed).unwrap();
        let errors: Vec<f64> = (0..500).map(|_| model.step().unwrap().error).collect();
        (model.mlp().clone(), errors)
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5).0, run(6).0);
}

#[test]
fn grid_prediction_matches_the_reference_forward_pass() {
    let mut config = ModelConfig::playground();
    config.hidden = vec![5, 4];
    for loss in [Loss::SoftmaxCrossEntropy, Loss::BinaryCrossEntropy] {
        config.train.loss = loss;
        let mut data = Dataset::seed();
        data.num_classes = 3;
        data.points[0].class = 2;
        let mut model = Model::new(config.clone(), &data, 3).unwrap();
        check_grid_against_points(&mut model, &data);
    }
    // The tutorial: one sigmoid output, raw inputs, no bias.
    let data = Dataset::seed();
    let mut model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    check_grid_against_points(&mut model, &data);
}

fn check_grid_against_points(model: &mut Model, data: &Dataset) {
    {
        let classes = data.num_classes;
        for _ in 0..2000 {
            model.step();
        }
        let grid = GridSpec::linspace(&data.view_bounds(), 37, 23);
        let mut pred = GridPrediction::default();
        model.predict_grid(&grid, &mut pred);
        assert_eq!((pred.nx, pred.ny, pred.classes), (37, 23, classes));
        for row in 0..23 {
            for col in 0..37 {
                let exact = model.predict_point(grid.pos_in_data(col, row));
                for (c, &p) in pred.at(col, row).iter().enumerate() {
                    assert!(
                        (p as f64 - exact[c]).abs() < 1e-4,
                        "({col},{row}) class {c}: {p} vs {}",
                        exact[c]
                    );
                }
            }
        }
    }
}

#[test]
fn mini_batches_and_optimizers_train_xor() {
    use nnviz::data::{Preset, PresetParams, generate};
    let params = PresetParams {
        points: 200,
        noise: 0.0,
        test_ratio: 0.0,
        ..Default::default()
    };
    let data = generate(Preset::Xor, &params).unwrap();
    for optimizer in [Optimizer::Sgd, Optimizer::MOMENTUM, Optimizer::ADAM] {
        let mut config = ModelConfig::playground();
        config.train.optimizer = optimizer;
        config.train.batch_size = 16;
        config.train.learning_rate = if optimizer == Optimizer::Sgd {
            0.3
        } else {
            0.03
        };
        let mut model = Model::new(config, &data, 2).unwrap();
        for _ in 0..3000 {
            model.step();
        }
        let acc = model.evaluate().train.unwrap().accuracy();
        assert!(acc > 0.95, "{optimizer}: accuracy {acc}");
    }
}

#[test]
fn changing_the_learning_rate_keeps_the_weights() {
    let data = Dataset::seed();
    let mut model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    for _ in 0..10 {
        model.step();
    }
    let before = model.mlp().clone();
    model.set_learning_rate(0.5).unwrap();
    assert_eq!(model.mlp(), &before);
    assert_eq!(model.steps(), 10);
    assert!(model.set_learning_rate(0.0).is_err());
    assert!(model.set_learning_rate(f64::NAN).is_err());
    assert_eq!(model.config().train.learning_rate, 0.5);
}

#[test]
fn saved_optimizer_state_resumes_bit_for_bit() {
    use nnviz::nn::io::{weights_from_json, weights_to_json};
    let mut config = ModelConfig::playground();
    config.train.optimizer = Optimizer::ADAM;
    let data = Dataset::seed();
    let mut original = Model::new(config.clone(), &data, 3).unwrap();
    for _ in 0..10 {
        original.step();
    }
    let weights = weights_to_json(original.mlp()).to_string();
    let state = original.trainer_state();
    assert_eq!(state.steps, 10);

    let mut resumed = Model::new(config, &data, 99).unwrap();
    resumed
        .set_parameters(weights_from_json(&weights).unwrap())
        .unwrap();
    resumed.set_trainer_state(state.clone()).unwrap();
    for _ in 0..10 {
        assert_eq!(original.step(), resumed.step());
    }
    assert_eq!(original.mlp(), resumed.mlp());

    let mut wrong = state;
    wrong.layers.pop();
    assert!(resumed.set_trainer_state(wrong).is_err());
}

/// The weights and biases of `model`, for [`Model::set_parameters`].
fn parameters_of(model: &Model) -> nnviz::nn::io::LayerParameters {
    model
        .mlp()
        .layers
        .iter()
        .map(|l| (l.weights.clone(), l.biases.clone()))
        .collect()
}

/// A fresh model with `config` and the weights of `model`: what a first optimiser step
/// from these weights must look like.
fn fresh_copy(model: &Model, config: ModelConfig, data: &Dataset) -> Model {
    let mut fresh = Model::new(config, data, 12345).unwrap();
    fresh.set_parameters(parameters_of(model)).unwrap();
    assert_eq!(fresh.steps(), 0);
    fresh
}

#[test]
fn switching_the_optimizer_keeps_the_step_count_and_starts_it_afresh() {
    let data = Dataset::seed();
    let mut config = ModelConfig::playground();
    config.train.optimizer = Optimizer::Sgd;
    let mut model = Model::new(config.clone(), &data, 5).unwrap();
    for _ in 0..30 {
        model.step().unwrap();
    }
    let mut adam = config.train;
    adam.optimizer = Optimizer::ADAM;
    model.set_train_config(adam).unwrap();
    assert_eq!(model.steps(), 30, "the step count goes on");
    assert_eq!(model.optimizer_steps(), 0, "Adam starts at t = 0");

    // Adam's steps from here are a fresh Adam's steps from the same weights.
    let mut fresh_config = config.clone();
    fresh_config.train = adam;
    let mut fresh = fresh_copy(&model, fresh_config.clone(), &data);
    for _ in 0..5 {
        assert_eq!(model.step(), fresh.step());
        assert_eq!(model.mlp(), fresh.mlp());
    }
    assert_eq!(model.steps(), 35);
    assert_eq!(model.optimizer_steps(), 5);

    // And back to momentum: fresh velocity, steps still counted.
    let mut momentum = adam;
    momentum.optimizer = Optimizer::MOMENTUM;
    model.set_train_config(momentum).unwrap();
    fresh_config.train = momentum;
    let mut fresh = fresh_copy(&model, fresh_config, &data);
    assert_eq!(model.step(), fresh.step());
    assert_eq!(model.mlp(), fresh.mlp());
    assert_eq!((model.steps(), model.optimizer_steps()), (36, 1));

    // A new learning rate is not a new optimiser: Adam's state is kept.
    model.set_learning_rate(0.01).unwrap();
    assert_eq!((model.steps(), model.optimizer_steps()), (36, 1));
}

#[test]
fn editing_a_weight_keeps_the_step_count_and_restarts_the_optimizer() {
    let data = Dataset::seed();
    let config = ModelConfig::playground(); // Adam
    let mut model = Model::new(config.clone(), &data, 6).unwrap();
    for _ in 0..20 {
        model.step().unwrap();
    }
    let mut params = parameters_of(&model);
    params[0].0[(1, 3)] = -0.82;
    model.set_parameters(params).unwrap();
    assert_eq!(model.steps(), 20, "an edit is not a restart of training");
    assert_eq!(model.optimizer_steps(), 0);
    let mut fresh = fresh_copy(&model, config, &data);
    for _ in 0..3 {
        assert_eq!(model.step(), fresh.step());
    }
    assert_eq!(model.mlp(), fresh.mlp());
    assert_eq!(model.steps(), 23);

    // Going back to a timeline snapshot: its weights and its step count, optimiser afresh
    // (as the worker does it: new weights, then the step count with the fresh state).
    model.set_parameters(parameters_of(&fresh)).unwrap();
    let mut state = model.trainer_state();
    state.steps = 7;
    model.set_trainer_state(state).unwrap();
    assert_eq!((model.steps(), model.optimizer_steps()), (7, 0));
    // With an empty optimiser state, as files written before `t` existed say it.
    model.set_parameters(parameters_of(&fresh)).unwrap();
    model
        .set_trainer_state(nnviz::nn::TrainerState {
            steps: 7,
            layers: Vec::new(),
        })
        .unwrap();
    assert_eq!((model.steps(), model.optimizer_steps()), (7, 7));
}

#[test]
fn an_optimizer_state_with_an_impossible_step_count_is_refused() {
    let data = Dataset::seed();
    let mut model = Model::new(ModelConfig::playground(), &data, 2).unwrap();
    for _ in 0..4 {
        model.step().unwrap();
    }
    let good = model.trainer_state();
    assert!(good.layers.iter().all(|l| l.t == Some(4)));
    let mut ahead = good.clone();
    for l in &mut ahead.layers {
        l.t = Some(5);
    }
    let e = model.set_trainer_state(ahead).unwrap_err();
    assert!(e.to_string().contains("t = 5"), "{e}");
    let mut mixed = good.clone();
    mixed.layers[0].t = Some(1);
    assert!(model.set_trainer_state(mixed).is_err());
    assert_eq!(model.trainer_state(), good, "nothing changed");
    // Older files: no `t`, which means t = steps.
    let mut old = good.clone();
    for l in &mut old.layers {
        l.t = None;
    }
    model.set_trainer_state(old).unwrap();
    assert_eq!(model.trainer_state(), good);
}

#[test]
fn explain_matches_the_forward_pass_and_the_gradient() {
    let data = Dataset::seed();
    let mut model = Model::new(ModelConfig::tutorial(), &data, 4).unwrap();
    for _ in 0..300 {
        model.step();
    }
    let point = data.points[2];
    let trace = model.explain(point.pos_in_data);
    assert_eq!(trace.layers.len(), 2);
    assert_eq!(trace.input.as_slice(), &point.pos_in_data);
    let p = model.predict_point(point.pos_in_data);
    assert!((trace.output()[0] - p[1]).abs() < 1e-15);
    for t in &trace.layers {
        for (z, a) in t.z.iter().zip(t.a.iter()) {
            assert!((1.0 / (1.0 + (-z).exp()) - a).abs() < 1e-15);
        }
    }
    // The tutorial's update for one point: W_l += lr · a_{l-1}ᵀ D_l (textbook order).
    let back = model.explain_backward(&point);
    let one = Dataset {
        points: vec![point],
        num_classes: 2,
    };
    let mut config = ModelConfig::tutorial();
    config.train.update_order = UpdateOrder::Textbook;
    config.train.learning_rate = 1e-3;
    let mut single = Model::new(config, &one, 4).unwrap();
    let params = model
        .mlp()
        .layers
        .iter()
        .map(|l| (l.weights.clone(), None))
        .collect();
    single.set_parameters(params).unwrap();
    single.step();
    for l in 0..2 {
        let before = &model.mlp().layers[l].weights;
        let after = &single.mlp().layers[l].weights;
        let a_prev = trace.activations(l).unwrap();
        for k in 0..before.nrows() {
            for j in 0..before.ncols() {
                let expected = 1e-3 * a_prev[k] * back.deltas[l][j];
                let got = after[(k, j)] - before[(k, j)];
                assert!(
                    (expected - got).abs() < 1e-15,
                    "layer {l} ({k},{j}): {expected} vs {got}"
                );
            }
        }
    }
}

#[test]
fn unit_maps_match_explain_at_grid_points() {
    let mut config = ModelConfig::playground();
    config.hidden = vec![3, 2];
    let data = Dataset::seed();
    let mut model = Model::new(config, &data, 8).unwrap();
    for _ in 0..100 {
        model.step();
    }
    let grid = GridSpec::cell_centers(&data.view_bounds(), 9, 70);
    let mut maps = nnviz::nn::UnitMaps::default();
    model.unit_maps(&grid, &mut maps);
    assert_eq!(maps.layers.len(), 4);
    assert_eq!(
        maps.layers.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![2, 3, 2, 2]
    );
    for (col, row) in [(0, 0), (8, 69), (4, 33), (3, 64)] {
        let trace = model.explain(grid.pos_in_data(col, row));
        let i = row * grid.nx + col;
        for l in 0..4 {
            let exact = if l == 0 {
                &trace.input
            } else if l == 3 {
                &trace.layers[2].z
            } else {
                &trace.layers[l - 1].a
            };
            for (u, map) in maps.layers[l].iter().enumerate() {
                assert!(
                    (map[i] as f64 - exact[u]).abs() < 1e-4,
                    "layer {l} unit {u} at ({col},{row})"
                );
            }
        }
    }
}

#[test]
fn grid_prediction_saturates_instead_of_overflowing() {
    // Finite f64 weights far beyond f32's range: the heatmap must stay finite.
    let mut config = ModelConfig::playground();
    config.activation = Activation::Relu;
    let data = Dataset::seed();
    let mut model = Model::new(config, &data, 1).unwrap();
    let params = model
        .mlp()
        .layers
        .iter()
        .map(|l| (l.weights.map(|w| w.signum() * 1e200), l.biases.clone()))
        .collect();
    model.set_parameters(params).unwrap();
    let mut pred = GridPrediction::default();
    model.predict_grid(&GridSpec::linspace(&data.view_bounds(), 20, 20), &mut pred);
    assert!(
        pred.probs
            .iter()
            .all(|p| p.is_finite() && (0.0..=1.0).contains(p))
    );
}
