//! Headless UI tests of the playground controls (egui_kittest): the network editor, the
//! training options, the dataset generator, class counts, metrics (confusion matrix, test
//! loss curve) and the stop condition — and that every change reaches the training worker.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::nn::{Activation, Loss, Optimizer};
use nnviz::ui::{NnvizApp, PersistedState, StopSettings};

mod common;
use common::{harness, wait_until};

/// Clicks the widget labelled `label` (through AccessKit: works while scrolled out of view).
fn click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
}

/// Layer sizes of the network behind the latest heatmap.
fn sizes(a: &NnvizApp) -> Option<Vec<usize>> {
    a.heatmap().map(|f| f.model.mlp.sizes())
}

fn last_message(a: &NnvizApp) -> String {
    a.messages()
        .last()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn layer_and_unit_buttons_rebuild_the_workers_network() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "the tutorial network", |a| {
        sizes(a) == Some(vec![2, 4, 1])
    });

    click(&mut h, "+ layer");
    assert_eq!(h.state().persisted().model_config.hidden, vec![4, 4]);
    assert!(last_message(h.state()).contains("weights were reset"));
    wait_until(&mut h, "a second hidden layer", |a| {
        sizes(a) == Some(vec![2, 4, 4, 1])
    });

    // The first "+"/"−" pair belongs to layer 1.
    h.get_all_by_label("+").next().unwrap().click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "5 units in layer 1", |a| {
        sizes(a) == Some(vec![2, 5, 4, 1])
    });
    h.get_all_by_label("−").nth(1).unwrap().click_accesskit();
    h.run_steps(2);
    wait_until(&mut h, "3 units in layer 2", |a| {
        sizes(a) == Some(vec![2, 5, 3, 1])
    });

    click(&mut h, "− layer");
    wait_until(&mut h, "one hidden layer again", |a| {
        sizes(a) == Some(vec![2, 5, 1])
    });
    // A new network starts from step 0.
    wait_until(&mut h, "a fresh start", |a| {
        a.heatmap().is_some_and(|f| f.model.step < 5_000)
    });
}

#[test]
fn activation_bias_init_and_features_reach_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());

    click(&mut h, "tanh");
    wait_until(&mut h, "tanh hidden layer", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[0].activation == Activation::Tanh)
    });
    assert!(last_message(h.state()).contains("activation tanh"));

    click(&mut h, "Bias");
    wait_until(&mut h, "biases", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers.iter().all(|l| l.biases.is_some()))
    });

    click(&mut h, "x²");
    wait_until(&mut h, "three inputs", |a| {
        sizes(a).is_some_and(|s| s[0] == 3)
    });
    click(&mut h, "x");
    click(&mut h, "y");
    wait_until(&mut h, "only x² left", |a| {
        sizes(a).is_some_and(|s| s[0] == 1)
    });
    // The last input cannot be switched off.
    click(&mut h, "x²");
    assert_eq!(h.state().persisted().model_config.features.len(), 1);

    click(&mut h, "He");
    assert_eq!(h.state().persisted().model_config.init, nnviz::nn::Init::He);
}

#[test]
fn optimiser_batch_and_regularisation_change_live_without_reset() {
    // Paused, so the weights can only change by a reset.
    let paused = PersistedState {
        running: false,
        ..PersistedState::tutorial()
    };
    let mut h = harness(paused);
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let weights = h.state().heatmap().unwrap().model.mlp.clone();
    let same_weights = |a: &NnvizApp| a.heatmap().is_some_and(|f| f.model.mlp == weights);

    click(&mut h, "Adam");
    wait_until(&mut h, "the worker uses Adam", |a| {
        a.last_stats()
            .is_some_and(|s| matches!(s.train.optimizer, Optimizer::Adam { .. }))
    });

    click(&mut h, "momentum");
    wait_until(&mut h, "the worker uses momentum", |a| {
        a.last_stats()
            .is_some_and(|s| s.train.optimizer == Optimizer::MOMENTUM)
    });
    h.get_by_role_and_label(Role::Slider, "Momentum β")
        .set_value_accesskit(0.5);
    h.run_steps(2);
    wait_until(&mut h, "β 0.5", |a| {
        a.last_stats()
            .is_some_and(|s| s.train.optimizer == Optimizer::Momentum { beta: 0.5 })
    });

    click(&mut h, "full");
    wait_until(&mut h, "mini-batches", |a| {
        a.last_stats().is_some_and(|s| s.train.batch_size > 0)
    });
    h.get_by_role_and_label(Role::Slider, "Batch")
        .set_value_accesskit(3.0);
    h.run_steps(2);
    wait_until(&mut h, "batch 3", |a| {
        a.last_stats().is_some_and(|s| s.train.batch_size == 3)
    });

    h.get_by_role_and_label(Role::Slider, "L2")
        .set_value_accesskit(0.001);
    h.run_steps(2);
    wait_until(&mut h, "L2 0.001", |a| {
        a.last_stats()
            .is_some_and(|s| (s.train.l2 - 0.001).abs() < 1e-12)
    });

    // The learning rate still works live with these settings.
    h.get_by_role_and_label(Role::Slider, "Learning rate")
        .set_value_accesskit(0.2);
    h.run_steps(2);
    wait_until(&mut h, "lr 0.2", |a| {
        a.last_stats()
            .is_some_and(|s| (s.learning_rate - 0.2).abs() < 1e-9 && s.train.batch_size == 3)
    });
    assert!(same_weights(h.state()), "the weights were never reset");

    // The loss changes the output layer: a new network, said so.
    click(&mut h, "cross-entropy");
    assert!(last_message(h.state()).contains("weights were reset"));
    wait_until(&mut h, "softmax outputs", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.mlp.outputs() == 2
                && f.model.mlp.layers.last().unwrap().activation == Activation::Softmax
        }) && a
            .last_stats()
            .is_some_and(|s| s.train.loss == Loss::SoftmaxCrossEntropy)
    });
}

#[test]
fn more_than_two_classes_use_softmax() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.get_by_role_and_label(Role::Slider, "Classes")
        .set_value_accesskit(4.0);
    h.run_steps(2);
    assert_eq!(h.state().dataset().num_classes, 4);
    assert_eq!(
        h.state().persisted().model_config.train.loss,
        Loss::SoftmaxCrossEntropy
    );
    wait_until(&mut h, "4 softmax outputs", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.mlp.outputs() == 4
                && f.model.mlp.layers.last().unwrap().activation == Activation::Softmax
        })
    });
    // Only cross-entropy is offered for 4 classes.
    assert!(h.get_by_label("MSE").accesskit_node().is_disabled());
}

#[test]
fn choosing_a_preset_replaces_points_and_network() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());

    click(&mut h, "spiral");
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 400);
    assert_eq!(d.points.iter().filter(|p| p.test).count(), 120);
    assert_eq!(h.state().persisted().model_config.hidden, vec![8, 8]);
    wait_until(&mut h, "the worker has the spiral", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.sizes() == vec![2, 8, 8, 2])
            && a.last_stats()
                .is_some_and(|s| s.test_accuracy.is_some() && s.test_loss.is_some())
    });

    // A generated set is generated again with more classes.
    h.get_by_role_and_label(Role::Slider, "Classes")
        .set_value_accesskit(4.0);
    h.run_steps(2);
    let d = h.state().dataset();
    assert_eq!((d.num_classes, d.points.len()), (4, 400));
    assert_eq!(d.class_counts(), vec![100; 4]);
    wait_until(&mut h, "4 outputs", |a| {
        a.heatmap().is_some_and(|f| f.model.mlp.outputs() == 4)
    });

    h.get_by_role_and_label(Role::Slider, "Points")
        .set_value_accesskit(200.0);
    h.run_steps(2);
    assert_eq!(h.state().dataset().points.len(), 200);
    h.get_by_role_and_label(Role::Slider, "Test points")
        .set_value_accesskit(50.0);
    h.run_steps(2);
    assert_eq!(
        h.state().dataset().points.iter().filter(|p| p.test).count(),
        100
    );

    // Back to the tutorial's points and network.
    h.get_all_by_label("seed")
        .find(|n| n.accesskit_node().role() != Role::SpinButton)
        .unwrap()
        .click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &nnviz::data::Dataset::seed());
    wait_until(&mut h, "the tutorial network", |a| {
        sizes(a) == Some(vec![2, 4, 1])
    });
}

#[test]
fn confusion_matrix_counts_train_and_test_points() {
    // Paused, so the stats and the heatmap come from the same weights.
    let paused = PersistedState {
        running: false,
        ..PersistedState::tutorial()
    };
    let mut h = harness(paused);
    click(&mut h, "gauss");
    // Computed by the worker with the stats: no need to scroll the section into view.
    wait_until(&mut h, "confusion matrices of the gauss set", |a| {
        let (train, test) = a.confusion_matrices();
        let n = |m: &[Vec<u32>]| m.iter().flatten().sum::<u32>();
        n(&train) == 280 && n(&test) == 120
    });
    // What the panel shows is a point-by-point classification with the worker's weights.
    wait_until(&mut h, "the matrices of the heatmap's weights", |a| {
        let Some(f) = a.heatmap() else { return false };
        let d = a.dataset();
        let direct = (
            f.model.confusion(d.train_points()),
            f.model.confusion(d.test_points()),
        );
        a.last_stats().is_some_and(|s| s.step == f.model.step) && a.confusion_matrices() == direct
    });
    let (train, _) = h.state().confusion_matrices();
    assert_eq!(train.len(), h.state().dataset().num_classes);
}

#[test]
fn the_loss_plot_shows_a_test_loss_curve_only_with_test_points() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a loss history", |a| {
        a.loss_history().is_some_and(|l| !l.samples().is_empty())
    });
    assert!(h.query_by_label("Test loss").is_none(), "no test points");
    assert!(h.state().loss_history().unwrap().test_samples().is_empty());

    click(&mut h, "gauss");
    wait_until(&mut h, "test losses while training", |a| {
        a.loss_history()
            .is_some_and(|l| l.test_samples().iter().filter(|t| t.step > 0).count() >= 2)
    });
    h.run_steps(2);
    assert!(
        h.query_by_label("Test loss").is_some(),
        "the legend names it"
    );
    let l = h.state().loss_history().unwrap();
    assert!(l.test_samples().iter().all(|t| t.loss.is_finite()));
    assert!(l.test_samples().windows(2).all(|w| w[0].step < w[1].step));
}

#[test]
fn stop_after_n_steps_pauses_training() {
    let state = PersistedState {
        stop: StopSettings {
            max_steps: 300,
            ..Default::default()
        },
        ..PersistedState::tutorial()
    };
    let mut h = harness(state);
    click(&mut h, "Stop after");
    wait_until(&mut h, "training to stop", |a| !a.is_running());
    assert!(
        last_message(h.state()).contains("Stopped: reached 300 steps"),
        "{}",
        last_message(h.state())
    );
    wait_until(&mut h, "paused stats", |a| {
        a.last_stats().is_some_and(|s| !s.running && s.step == 300)
    });
}

#[test]
fn stop_at_loss_threshold_pauses_training() {
    let state = PersistedState {
        stop: StopSettings {
            max_loss: 0.1,
            ..Default::default()
        },
        ..PersistedState::tutorial()
    };
    let mut h = harness(state);
    click(&mut h, "Unlimited");
    click(&mut h, "Stop at loss <");
    wait_until(&mut h, "training to stop", |a| !a.is_running());
    let msg = last_message(h.state());
    assert!(msg.starts_with("Stopped: loss"), "{msg}");
    assert!(msg.contains("< 0.1"), "{msg}");
    wait_until(&mut h, "paused stats", |a| {
        a.last_stats().is_some_and(|s| !s.running && s.loss < 0.1)
    });
}

#[test]
fn big_networks_get_a_coarser_heatmap() {
    use nnviz::train::adaptive_resolution;
    let mut state = PersistedState::tutorial();
    state.model_config.hidden = vec![64; 8];
    let mut h = harness(state);
    // The first view shows as a preview; the full heatmap follows.
    wait_until(&mut h, "the 8 × 64 network's full heatmap", |a| {
        sizes(a).is_some_and(|s| s.len() == 10) && a.heatmap().is_some_and(|f| !f.preview)
    });
    // Predicted on a coarser grid (the manual worker's cost model: 16 ms at ~1 µs a cell
    // gives 112 a side), shown at the view's resolution (interpolated).
    let frame = h.state().heatmap().unwrap();
    let coarse = adaptive_resolution(200, &frame.model.mlp);
    assert_eq!(coarse, 112, "{coarse} cells a side");
    assert_eq!(frame.predicted, coarse);
    assert!(!frame.preview);
    assert!(
        frame.prediction.nx > coarse,
        "{} shown",
        frame.prediction.nx
    );
    assert_eq!(frame.image.width, frame.prediction.nx);
    assert!(
        frame
            .prediction
            .probs
            .iter()
            .all(|p| (0.0..=1.0).contains(p))
    );

    // The tutorial's network keeps the resolution it asks for.
    click(&mut h, "◀ Back to the tutorial");
    wait_until(&mut h, "the tutorial network", |a| {
        sizes(a) == Some(vec![2, 4, 1])
    });
    let frame = h.state().heatmap().unwrap();
    assert_eq!(adaptive_resolution(500, &frame.model.mlp), 500);
    assert!(frame.prediction.nx > 48);
    assert_eq!(frame.predicted, frame.prediction.nx);
}

/// Sample mean and standard deviation.
fn mean_std(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

#[test]
fn he_init_reaches_the_worker_with_the_he_scale() {
    // Paused, so the weights are the freshly drawn ones; a 64 × 64 layer has 4096 of them.
    let mut state = PersistedState {
        running: false,
        ..PersistedState::tutorial()
    };
    state.model_config.hidden = vec![64, 64];
    let mut h = harness(state);
    // He normal: N(0, 2 / fan_in). Its sample deviation over 4096 weights is within ~1.1 %
    // (one sigma) of sqrt(2/64), and a normal sample goes well past Xavier's uniform limit.
    let he_scaled = |a: &NnvizApp| {
        let Some(f) = a.heatmap() else { return false };
        let Some(layer) = f.model.mlp.layers.get(1) else {
            return false;
        };
        let w: Vec<f64> = layer.weights.iter().copied().collect();
        let (mean, std) = mean_std(&w);
        let fan_in = layer.inputs() as f64;
        let he_std = (2.0 / fan_in).sqrt();
        let xavier_limit = (6.0 / (fan_in + layer.units() as f64)).sqrt();
        let max = w.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        w.len() == 4096
            && mean.abs() < 0.1 * he_std
            && (std / he_std - 1.0).abs() < 0.06
            && max > 1.5 * xavier_limit
    };
    wait_until(&mut h, "the 64 × 64 network", |a| {
        sizes(a) == Some(vec![2, 64, 64, 1])
    });
    assert!(!he_scaled(h.state()), "the tutorial's uniform ±1 weights");

    click(&mut h, "Xavier");
    wait_until(&mut h, "Xavier weights", |a| {
        a.heatmap().is_some_and(|f| {
            let l = &f.model.mlp.layers[1];
            let limit = (6.0 / (l.inputs() + l.units()) as f64).sqrt();
            l.weights.iter().all(|w| w.abs() <= limit)
        })
    });
    assert!(!he_scaled(h.state()), "Xavier's narrower uniform weights");

    click(&mut h, "He");
    assert_eq!(h.state().persisted().model_config.init, nnviz::nn::Init::He);
    wait_until(&mut h, "weights with the He scale", he_scaled);
}

#[test]
fn normalise_inputs_changes_the_workers_input_transform() {
    use nnviz::nn::InputTransform;
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let features = h.state().persisted().model_config.features.clone();
    let raw = InputTransform::raw(features.clone());
    assert_eq!(h.state().heatmap().unwrap().model.transform, raw);

    click(&mut h, "Normalise inputs");
    assert!(h.state().persisted().model_config.normalize);
    let fitted = InputTransform::fit(
        features,
        true,
        h.state().dataset().train_points().map(|p| &p.pos_in_data),
    );
    assert_ne!(fitted, raw);
    wait_until(&mut h, "normalised inputs on the worker", |a| {
        a.heatmap().is_some_and(|f| f.model.transform == fitted)
    });
    // The tutorial's points are not centred at 0: the transform really moves them.
    assert!(fitted.mean[0] > 1.0 && fitted.inv_std[0] != 1.0);

    click(&mut h, "Normalise inputs");
    wait_until(&mut h, "raw inputs again", |a| {
        a.heatmap().is_some_and(|f| f.model.transform == raw)
    });
}

#[test]
fn l1_regularisation_changes_training() {
    use nnviz::nn::{Mlp, Model};
    let paused = PersistedState {
        running: false,
        ..PersistedState::tutorial()
    };
    let mut h = harness(paused);
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let start = h.state().heatmap().unwrap().model.mlp.clone();

    h.get_by_role_and_label(Role::Slider, "L1")
        .set_value_accesskit(0.1);
    h.run_steps(2);
    wait_until(&mut h, "L1 0.1 on the worker", |a| {
        a.last_stats()
            .is_some_and(|s| (s.train.l1 - 0.1).abs() < 1e-12)
    });
    const STEPS: u64 = 20;
    for _ in 0..STEPS {
        click(&mut h, "▶▮ Step");
    }
    wait_until(&mut h, "20 steps", |a| {
        a.heatmap().is_some_and(|f| f.model.step == STEPS)
    });
    let trained = h.state().heatmap().unwrap().model.mlp.clone();
    let train = h.state().last_stats().unwrap().train;

    // The same start trained without the UI, with and without L1.
    let run = |l1: f64| -> Mlp {
        let mut config = h.state().persisted().model_config.clone();
        config.train = train;
        config.train.l1 = l1;
        let mut m = Model::new(config, h.state().dataset(), 0).unwrap();
        let params = start
            .layers
            .iter()
            .map(|l| (l.weights.clone(), l.biases.clone()))
            .collect();
        m.set_parameters(params).unwrap();
        for _ in 0..STEPS {
            m.step().unwrap();
        }
        m.mlp().clone()
    };
    let with_l1 = run(0.1);
    let without = run(0.0);
    let abs_sum = |m: &Mlp| -> f64 {
        m.layers
            .iter()
            .flat_map(|l| l.weights.iter())
            .map(|w| w.abs())
            .sum()
    };
    assert_eq!(trained, with_l1, "the worker trained with L1");
    assert!(
        abs_sum(&trained) < abs_sum(&without) - 0.01,
        "L1 shrinks the weights: {} vs {} without",
        abs_sum(&trained),
        abs_sum(&without)
    );
}
