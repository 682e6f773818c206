//! The network editor's per-layer options as a user meets them: a layer's own activation
//! box and its dropout field reach the worker (the activation with new weights, dropout on
//! the running network), and the all-layers row still sets every layer in one click.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::{Activation, ModelConfig};
use nnviz::session::Session;
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{harness, settle, tmp, wait_until};

fn paused_playground() -> PersistedState {
    let mut config = ModelConfig::playground();
    config.hidden = vec![6, 4];
    PersistedState {
        running: false,
        model_config: config,
        ..PersistedState::tutorial()
    }
}

/// The worker's own session (its model settings and weights), saved and read back.
fn worker_session(h: &mut Harness<'_, NnvizApp>, name: &str) -> Session {
    let path = tmp("ui-network-options", &format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    h.state_mut().save_session_path(&path);
    wait_until(h, "the session to be saved", |a| !a.is_saving());
    Session::load(&path).unwrap_or_else(|e| panic!("saved file does not load: {e}"))
}

/// Opens layer `layer`'s activation box and picks `label` in it.
fn choose_layer_activation(h: &mut Harness<'_, NnvizApp>, layer: usize, label: &str) {
    let before: Vec<_> = h.query_all_by_label(label).map(|n| n.rect()).collect();
    h.get_by_role_and_label(Role::ComboBox, &format!("layer {layer} activation"))
        .click();
    h.run_steps(2);
    // The open box's entry: the one with this label that was not there before.
    let entries = h.query_all_by_label(label).collect::<Vec<_>>();
    assert_eq!(entries.len(), before.len() + 1, "the box is open");
    entries
        .iter()
        .find(|n| !before.contains(&n.rect()))
        .expect("the entry in the open box")
        .click();
    h.run_steps(2);
    settle(h);
}

#[test]
fn a_layers_own_activation_reaches_the_worker_with_new_weights() {
    let mut h = harness(paused_playground());
    settle(&mut h);
    let before = worker_session(&mut h, "before");
    assert!(before.model.activations.is_empty());
    choose_layer_activation(&mut h, 2, "GELU");
    let after = worker_session(&mut h, "after");
    assert_eq!(after.model.hidden_activation(0), Activation::Tanh);
    assert_eq!(after.model.hidden_activation(1), Activation::Gelu);
    let model = after.to_model().unwrap();
    let acts: Vec<_> = model.mlp().layers.iter().map(|l| l.activation).collect();
    assert_eq!(acts[..2], [Activation::Tanh, Activation::Gelu]);
    assert_ne!(
        after.weights, before.weights,
        "an activation change draws new weights"
    );
    // The network's caption and the status message name both.
    assert!(h.query_all_by_label_contains("tanh/gelu").count() >= 2);
    // One click in the all-layers row sets every layer again.
    let all = h.query_all_by_label("ELU").collect::<Vec<_>>();
    assert_eq!(all.len(), 1, "the box is closed: only the all-layers entry");
    all[0].click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    let all = worker_session(&mut h, "all");
    assert!(all.model.activations.is_empty());
    assert_eq!(all.model.activation, Activation::Elu);
    assert!((0..2).all(|i| all.model.hidden_activation(i) == Activation::Elu));
}

#[test]
fn dropout_reaches_the_worker_and_keeps_the_weights() {
    let mut h = harness(paused_playground());
    settle(&mut h);
    let before = worker_session(&mut h, "dropout-before");
    h.get_by_role_and_label(Role::SpinButton, "layer 1 dropout")
        .set_value_accesskit(0.35);
    h.run_steps(2);
    settle(&mut h);
    let after = worker_session(&mut h, "dropout-after");
    assert_eq!(after.model.dropout_rates(), [0.35, 0.0]);
    assert_eq!(after.weights, before.weights, "dropout keeps the weights");
    assert_eq!(
        h.state().persisted().model_config.dropout_rates(),
        [0.35, 0.0]
    );
    // Above 0.9 is clamped to the range.
    h.get_by_role_and_label(Role::SpinButton, "layer 2 dropout")
        .set_value_accesskit(5.0);
    h.run_steps(2);
    settle(&mut h);
    let clamped = worker_session(&mut h, "dropout-clamped");
    assert_eq!(clamped.model.dropout_rates(), [0.35, 0.9]);
}

#[test]
fn the_layer_rows_fit_the_side_panel_of_a_small_window() {
    let mut state = paused_playground();
    state.model_config.hidden = vec![8; 8];
    state.model_config.activations = vec![Activation::LeakyRelu; 8];
    let mut h = Harness::builder()
        .with_size([1024.0, 700.0])
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(
            |ui, app: &mut NnvizApp| app.ui_root(ui),
            NnvizApp::new_for_test(state),
        );
    h.run_steps(3);
    settle(&mut h);
    let canvas = h.state().layout_rects().canvas.expect("a canvas");
    for layer in 1..=8 {
        for (role, what) in [
            (Role::ComboBox, "activation"),
            (Role::SpinButton, "dropout"),
        ] {
            let r = h
                .get_by_role_and_label(role, &format!("layer {layer} {what}"))
                .rect();
            assert!(
                r.max.x <= canvas.min.x && r.min.x >= 0.0,
                "layer {layer} {what} at {r:?}, canvas from {}",
                canvas.min.x
            );
        }
        let combo = h
            .get_by_role_and_label(Role::ComboBox, &format!("layer {layer} activation"))
            .rect();
        let drop = h
            .get_by_role_and_label(Role::SpinButton, &format!("layer {layer} dropout"))
            .rect();
        assert!(combo.max.x <= drop.min.x, "{combo:?} overlaps {drop:?}");
    }
}

#[test]
fn a_rate_between_hundredths_from_a_file_is_left_alone() {
    let mut state = paused_playground();
    state.model_config.dropout = vec![0.333];
    let mut h = harness(state);
    for _ in 0..3 {
        settle(&mut h);
    }
    let s = worker_session(&mut h, "odd-rate");
    assert_eq!(s.model.dropout, [0.333]);
    assert_eq!(h.state().persisted().model_config.dropout, [0.333]);
    assert!(
        h.state()
            .messages()
            .iter()
            .all(|m| !m.text.contains("Dropout of layer")),
        "no change was made"
    );
}
