//! The lesson's examples replace the points and the network; the user's own work is put
//! aside when the lesson opens and comes back, weights and all, when it is left.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::lesson::lesson;
use common::{harness, settle};
use egui::{Key, Modifiers};
use nnviz::data::LabeledPoint;
use nnviz::session::Session;
use nnviz::ui::PersistedState;

fn saved(h: &mut egui_kittest::Harness<'_, nnviz::ui::NnvizApp>, name: &str) -> Session {
    let dir = std::env::temp_dir().join(format!("nnviz-lesson-work-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    h.state_mut().save_session_path(&path);
    settle(h);
    settle(h);
    Session::load(&path).expect("the session was saved")
}

#[test]
fn leaving_the_lesson_brings_back_the_points_network_and_weights_it_replaced() {
    let mut state = PersistedState {
        running: false,
        ..PersistedState::tutorial()
    };
    // Work of the user's own: a ninth point and a 2-3-1 network.
    state.dataset.points.push(LabeledPoint::new(0.25, 0.75, 1));
    state.model_config.hidden = vec![3];
    let mut h = harness(state);
    settle(&mut h);
    h.state_mut().advance_worker(50);
    settle(&mut h);
    let before = saved(&mut h, "before.json");
    assert_eq!(before.dataset.points.len(), 9);

    h.key_press_modifiers(Modifiers::NONE, Key::L);
    h.run_steps(2);
    for _ in 0..3 {
        settle(&mut h);
    }
    assert!(lesson(&h).open);
    let during = h.state().persisted();
    assert!(
        during.dataset != before.dataset || during.model_config != before.model,
        "the lesson's first step loads its own example"
    );
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.text.contains("put aside")),
        "the user is told the work is put aside"
    );

    h.key_press_modifiers(Modifiers::NONE, Key::L);
    h.run_steps(2);
    settle(&mut h);
    assert!(!lesson(&h).open);
    let after = saved(&mut h, "after.json");
    assert_eq!(after.dataset, before.dataset);
    assert_eq!(after.model, before.model);
    assert_eq!(
        after.weights, before.weights,
        "the trained weights come back"
    );
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.text.contains("are back"))
    );
}
