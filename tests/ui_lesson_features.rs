//! Lesson step 8, Features are learned (egui_kittest): the spiral and a 2-8-8-8 network
//! with the diagram open; opening the hidden space (H) ticks the first task, training until
//! the test accuracy reaches 90 % the second.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use nnviz::ui::PersistedState;
use nnviz::ui::lesson::{LessonProgress, LessonStep};

mod common;
use common::lesson::ticked;
use common::{harness, settle, wait_until};

#[test]
fn the_hidden_space_and_the_accuracy_tick_the_tasks() {
    let mut h = harness(PersistedState {
        running: false,
        lesson: LessonProgress::default().opened_at(LessonStep::Features),
        ..PersistedState::tutorial()
    });
    settle(&mut h);
    settle(&mut h);
    let p = h.state().persisted();
    assert_eq!(p.model_config.hidden, vec![8, 8, 8]);
    assert!(
        p.dataset.points.iter().any(|q| q.test),
        "test points held out"
    );
    assert!(h.state().inside().diagram_open());
    assert!(!ticked(&h, "features-hidden-space"));
    assert!(!ticked(&h, "features-accuracy"));
    let acc = h
        .state()
        .last_stats()
        .and_then(|s| s.test_accuracy)
        .unwrap_or(0.0);
    assert!(acc < 0.9, "untrained: {acc}");

    h.key_press_modifiers(Modifiers::NONE, Key::H);
    h.run_steps(3);
    assert!(ticked(&h, "features-hidden-space"));

    // Nothing trains until the learner starts it.
    for _ in 0..3 {
        settle(&mut h);
    }
    assert!(!ticked(&h, "features-accuracy"), "paused: not yet trained");
    h.get_by_label("Train").click();
    h.run_steps(2);
    wait_until(&mut h, "90 % test accuracy", |a| {
        a.persisted().lesson.is_ticked("features-accuracy")
    });
    let acc = h
        .state()
        .last_stats()
        .and_then(|s| s.test_accuracy)
        .unwrap();
    assert!(acc >= 0.9, "{acc}");
}
