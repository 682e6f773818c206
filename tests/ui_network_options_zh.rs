//! The network editor's per-layer rows in Chinese (its own binary: the language is global):
//! the activation box and dropout field of every layer fit the side panel of a 1024×700
//! window and carry their Chinese names.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::i18n::{Language, set_language};
use nnviz::nn::{Activation, ModelConfig};
use nnviz::ui::{NnvizApp, PersistedState};

#[test]
fn the_layer_rows_fit_a_small_window_in_chinese() {
    set_language(Language::SimplifiedChinese);
    let mut config = ModelConfig::playground();
    config.hidden = vec![8; 8];
    config.activations = vec![Activation::LeakyRelu; 8];
    config.dropout = vec![0.9; 8];
    let state = PersistedState {
        running: false,
        model_config: config,
        ..PersistedState::tutorial()
    };
    let mut h = Harness::builder()
        .with_size([1024.0, 700.0])
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(
            |ui, app: &mut NnvizApp| app.ui_root(ui),
            NnvizApp::new_for_test(state),
        );
    h.run_steps(3);
    h.state_mut().advance_worker(0);
    h.step();
    let canvas = h.state().layout_rects().canvas.expect("a canvas");
    for layer in 1..=8 {
        let combo = h
            .get_by_role_and_label(Role::ComboBox, &format!("第 {layer} 层激活函数"))
            .rect();
        let drop = h
            .get_by_role_and_label(Role::SpinButton, &format!("第 {layer} 层丢弃率"))
            .rect();
        assert!(
            combo.min.x >= 0.0 && combo.max.x <= drop.min.x,
            "{combo:?} {drop:?}"
        );
        assert!(drop.max.x <= canvas.min.x, "layer {layer}: {drop:?}");
    }
}
