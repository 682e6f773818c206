//! The lesson's framework in the real app (egui_kittest): opening it by its button and by
//! its shortcut, leaving it, Previous / Next and the jump list, its progress surviving a
//! restart, "Reset this step's example" reaching the worker, and the first-launch rule.
//!
//! Each step's own checks live in `tests/ui_lesson_<step>.rs` (one file per step), and the
//! Chinese check of every step in `tests/ui_lesson_zh.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::ui::lesson::{LessonProgress, LessonStep, opens_on_first_launch};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::lesson::{at_step, click, lesson};
use common::{harness, wait_until};

type H = Harness<'static, NnvizApp>;

/// The paused tutorial, lesson closed.
fn closed() -> H {
    harness(PersistedState {
        running: false,
        ..PersistedState::tutorial()
    })
}

#[test]
fn the_lesson_button_opens_the_lesson_at_its_step() {
    let mut h = closed();
    assert!(!lesson(&h).open);
    assert!(h.query_by_label("Leave lesson (L)").is_none());
    click(&mut h, "Lesson");
    assert!(lesson(&h).open);
    assert_eq!(lesson(&h).current(), LessonStep::Neuron);
    assert!(lesson(&h).seen);
    assert!(h.query_by_label("Leave lesson (L)").is_some());
    assert!(h.query_by_label("Step 1 of 8").is_some());
    assert!(h.query_by_label("One neuron").is_some());
    // The lesson takes the side panel's place.
    assert!(h.state().layout_rects().side.is_none());
    assert!(h.state().layout_rects().lesson.is_some());
}

#[test]
fn the_shortcut_opens_and_leaves_the_lesson() {
    let mut h = closed();
    h.key_press_modifiers(Modifiers::NONE, Key::L);
    h.run_steps(2);
    assert!(lesson(&h).open);
    assert!(h.query_by_label("Leave lesson (L)").is_some());
    h.key_press_modifiers(Modifiers::NONE, Key::L);
    h.run_steps(2);
    assert!(!lesson(&h).open);
    assert!(h.query_by_label("Leave lesson (L)").is_none());
    assert!(h.state().layout_rects().side.is_some());
}

#[test]
fn the_leave_button_closes_the_lesson_and_keeps_the_step() {
    let mut h = at_step(LessonStep::Layers);
    click(&mut h, "Leave lesson (L)");
    assert!(!lesson(&h).open);
    assert_eq!(lesson(&h).current(), LessonStep::Layers);
    // Opening again resumes at the same step.
    click(&mut h, "Lesson");
    assert_eq!(lesson(&h).current(), LessonStep::Layers);
    assert!(h.query_by_label("Step 3 of 8").is_some());
}

#[test]
fn next_previous_and_the_jump_list_change_the_step() {
    let mut h = at_step(LessonStep::Neuron);
    assert!(
        h.get_by_label("◀ Previous").accesskit_node().is_disabled(),
        "no step before the first"
    );
    click(&mut h, "Next ▶");
    assert_eq!(lesson(&h).current(), LessonStep::Activations);
    assert!(h.query_by_label("Step 2 of 8").is_some());
    click(&mut h, "Next ▶");
    assert_eq!(lesson(&h).current(), LessonStep::Layers);
    click(&mut h, "◀ Previous");
    assert_eq!(lesson(&h).current(), LessonStep::Activations);
    h.get_all_by_role(Role::ComboBox)
        .find(|n| n.accesskit_node().value().as_deref() == Some("Go to step…"))
        .expect("the jump list")
        .click();
    h.run_steps(2);
    click(&mut h, "8. Features are learned");
    assert_eq!(lesson(&h).current(), LessonStep::Features);
    assert!(h.query_by_label("Step 8 of 8").is_some());
    assert!(
        h.get_by_label("Next ▶").accesskit_node().is_disabled(),
        "no step after the last"
    );
}

#[test]
fn the_progress_survives_a_restart_and_old_settings_load_without_it() {
    let mut progress = LessonProgress::default().opened_at(LessonStep::Forward);
    progress.ticked.insert("neuron-separate".into());
    let state = PersistedState {
        lesson: progress.clone(),
        ..PersistedState::tutorial()
    };
    let json = serde_json::to_string(&state).unwrap();
    let back: PersistedState = serde_json::from_str(&json).unwrap();
    assert_eq!(back.lesson, progress);
    // Settings written before the lesson existed: no "lesson" key at all.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value.as_object_mut().unwrap().remove("lesson");
    let old: PersistedState = serde_json::from_value(value).unwrap();
    assert_eq!(old.lesson, LessonProgress::default());
    assert!(!old.lesson.open);
    // The app started from the saved state opens the lesson where it was left.
    let h = at_step(LessonStep::Forward);
    assert!(h.query_by_label("Step 4 of 8").is_some());
    let mut h2 = harness(back);
    h2.run_steps(2);
    assert!(h2.query_by_label("Step 4 of 8").is_some());
    assert!(h2.state().persisted().lesson.is_ticked("neuron-separate"));
}

#[test]
fn reset_sends_the_steps_example_to_the_worker() {
    let mut h = at_step(LessonStep::Neuron);
    // Step 1's example: one neuron (a 2→1 network with bias), the step's two points.
    wait_until(&mut h, "the neuron's example", |a| {
        a.heatmap().is_some_and(|f| f.model.mlp.layers.len() == 1)
    });
    assert_eq!(h.state().dataset().points.len(), 2);
    // The learner changes the network and the points…
    h.state_mut().act(nnviz::ui::action::Action::ReplaceModel {
        config: Box::new(nnviz::nn::ModelConfig::tutorial()),
        message: String::new(),
    });
    h.state_mut().add_point([2.0, 2.0]);
    wait_until(&mut h, "the tutorial's network", |a| {
        a.heatmap().is_some_and(|f| f.model.mlp.layers.len() == 2)
    });
    // …and resets the step's example: the worker gets the neuron again, with its weights.
    click(&mut h, "Reset this step's example");
    wait_until(&mut h, "the neuron again", |a| {
        a.heatmap().is_some_and(|f| f.model.mlp.layers.len() == 1)
    });
    let f = h.state().heatmap().unwrap();
    let w = &f.model.mlp.layers[0].weights;
    assert_eq!((w[(0, 0)], w[(1, 0)]), (0.0, 1.0));
    assert_eq!(f.model.mlp.layers[0].biases.as_ref().unwrap()[0], -0.5);
    assert_eq!(h.state().dataset().points.len(), 2);
    assert!(!h.state().is_running(), "the example starts paused");
}

#[test]
fn only_a_true_first_launch_opens_the_lesson() {
    // No stored settings, a normal start: the lesson opens.
    assert!(opens_on_first_launch(false, false, false));
    // Stored settings: the learner has been here before.
    assert!(!opens_on_first_launch(true, false, false));
    // --fresh, and the scripted modes (--screenshot, --measure), start without stored
    // settings on purpose.
    assert!(!opens_on_first_launch(false, true, false));
    assert!(!opens_on_first_launch(false, false, true));
    // Tests build the app without `from_creation_context`: the lesson stays closed.
    let h = closed();
    assert!(!lesson(&h).open);
}

#[test]
fn steps_number_in_order_and_out_of_range_numbers_read_as_the_nearest() {
    for (i, s) in LessonStep::ALL.iter().enumerate() {
        assert_eq!(s.number(), i + 1);
        assert_eq!(LessonStep::from_number(i + 1), *s);
    }
    assert_eq!(LessonStep::from_number(0), LessonStep::Neuron);
    assert_eq!(LessonStep::from_number(99), LessonStep::Features);
    assert_eq!(LessonStep::Neuron.previous(), None);
    assert_eq!(LessonStep::Features.next(), None);
    let stored = LessonProgress {
        step: 42,
        ..Default::default()
    };
    assert_eq!(stored.current(), LessonStep::Features);
}

#[test]
fn a_tick_is_added_once() {
    let p = LessonProgress::default();
    let p = p.with_ticks(&["a"]).unwrap();
    assert!(p.is_ticked("a"));
    assert!(p.with_ticks(&["a"]).is_none(), "already ticked");
    assert!(p.with_ticks(&[]).is_none());
}
