//! Headless UI tests of the playground controls (egui_kittest): the network editor, the
//! training options, the dataset generator, class counts, metrics and the stop condition —
//! and that every change reaches the training worker.
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
    click(&mut h, "Unlimited speed");
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
    wait_until(&mut h, "the 8 × 64 network's heatmap", |a| {
        sizes(a).is_some_and(|s| s.len() == 10)
    });
    // Predicted on a coarser grid, shown at the view's resolution (interpolated).
    let frame = h.state().heatmap().unwrap();
    let coarse = adaptive_resolution(200, &frame.model.mlp);
    assert!((48..100).contains(&coarse), "{coarse} cells a side");
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
}
