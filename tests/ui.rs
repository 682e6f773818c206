//! Headless UI tests of the live app (egui_kittest): every canvas interaction, the
//! learning-rate controls reaching the worker, the shortcuts, divergence and crash recovery.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::data::Dataset;
use nnviz::nn::{Activation, Loss, ModelConfig};
use nnviz::ui::PersistedState;
use std::time::Duration;

mod common;
use common::{click_data, harness, press, screen_of, wait_until};

fn close(a: [f64; 2], b: [f64; 2], tol: f64) -> bool {
    (a[0] - b[0]).abs() < tol && (a[1] - b[1]).abs() < tol
}

fn paused_state() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

#[test]
fn first_launch_is_the_tutorial_and_trains() {
    let mut h = harness(PersistedState::tutorial());
    assert_eq!(h.state().dataset(), &Dataset::seed());
    assert!(h.state().is_running());
    wait_until(&mut h, "training steps", |a| {
        a.last_stats().is_some_and(|s| s.step > 100)
    });
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.get_by_label_contains("2 → 4 → 1, sigmoid, no bias");
}

#[test]
fn click_on_empty_canvas_adds_point_of_selected_class() {
    let mut h = harness(paused_state());
    h.key_press(Key::Num0);
    h.step();
    assert_eq!(h.state().selected_class(), 0);
    let target = [6.0, 8.0];
    click_data(&mut h, target, PointerButton::Primary);
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 9);
    let p = d.points[8];
    assert_eq!(p.class, 0);
    assert!(
        close(p.pos_in_data, target, 0.05),
        "added at {:?}",
        p.pos_in_data
    );

    h.key_press(Key::Num1);
    h.step();
    // Wait so the next click is not taken as a double click.
    h.run_steps(3);
    click_data(&mut h, [1.0, 0.0], PointerButton::Primary);
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 10);
    assert_eq!(d.points[9].class, 1);
}

#[test]
fn clicking_on_a_point_adds_nothing() {
    let mut h = harness(paused_state());
    click_data(&mut h, [3.0, 1.0], PointerButton::Primary);
    assert_eq!(h.state().dataset().points.len(), 8);
}

#[test]
fn dragging_a_point_moves_it() {
    let mut h = harness(PersistedState::tutorial());
    let start = screen_of(&h, [3.0, 1.0]);
    h.hover_at(start);
    h.step();
    press(&mut h, start, PointerButton::Primary, true);
    let end = start + Vec2::new(60.0, -45.0);
    for k in 1..=6 {
        h.hover_at(start + (end - start) * (k as f32 / 6.0));
        h.step();
    }
    press(&mut h, end, PointerButton::Primary, false);
    let v = h.state().view();
    let rect = h.get_by_label("Canvas").rect();
    let expect = [
        3.0 + 60.0 / rect.width() as f64 * v.width(),
        1.0 + 45.0 / rect.height() as f64 * v.height(),
    ];
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 8);
    assert!(
        close(d.points[0].pos_in_data, expect, 0.05),
        "moved to {:?}, expected {expect:?}",
        d.points[0].pos_in_data
    );
    // Training went on while dragging, and the heatmap follows the moved point.
    wait_until(&mut h, "training continues", |a| {
        a.last_stats().is_some_and(|s| s.running && s.step > 0)
    });
}

#[test]
fn right_click_removes_a_point() {
    let mut h = harness(paused_state());
    click_data(&mut h, [2.0, 5.0], PointerButton::Secondary);
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 7);
    assert!(!d.points.iter().any(|p| p.pos_in_data == [2.0, 5.0]));
}

#[test]
fn delete_and_backspace_remove_the_hovered_point() {
    let mut h = harness(paused_state());
    h.hover_at(screen_of(&h, [1.0, 8.0]));
    h.step();
    h.key_press(Key::Delete);
    h.step();
    assert_eq!(h.state().dataset().points.len(), 7);
    assert!(
        !h.state()
            .dataset()
            .points
            .iter()
            .any(|p| p.pos_in_data == [1.0, 8.0])
    );

    h.hover_at(screen_of(&h, [6.0, 4.0]));
    h.step();
    h.key_press(Key::Backspace);
    h.step();
    assert_eq!(h.state().dataset().points.len(), 6);
    assert!(
        !h.state()
            .dataset()
            .points
            .iter()
            .any(|p| p.pos_in_data == [6.0, 4.0])
    );

    // Not hovering a point: nothing happens.
    h.hover_at(screen_of(&h, [6.0, 8.5]));
    h.step();
    h.key_press(Key::Delete);
    h.step();
    assert_eq!(h.state().dataset().points.len(), 6);
}

#[test]
fn clear_button_removes_every_point() {
    let mut h = harness(paused_state());
    h.get_by_label("Clear").click();
    h.run_steps(2);
    assert!(h.state().dataset().points.is_empty());
    // The side panel scrolls (the button may be out of view): click through AccessKit.
    h.get_by_label("◀ Back to the tutorial").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &Dataset::seed());
    assert_eq!(h.state().learning_rate(), 0.01);
}

#[test]
fn learning_rate_slider_reaches_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "first stats", |a| a.last_stats().is_some());
    h.get_by_role_and_label(Role::Slider, "Learning rate")
        .set_value_accesskit(0.5);
    h.run_steps(2);
    assert!(
        (h.state().learning_rate() - 0.5).abs() < 1e-9,
        "lr = {}",
        h.state().learning_rate()
    );
    wait_until(&mut h, "the worker's learning rate 0.5", |a| {
        a.last_stats()
            .is_some_and(|s| (s.learning_rate - 0.5).abs() < 1e-9)
    });
}

#[test]
fn learning_rate_number_box_reaches_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "first stats", |a| a.last_stats().is_some());
    let boxes = h.get_all_by_label("Learning rate").collect::<Vec<_>>();
    let number_box = boxes
        .into_iter()
        .find(|n| n.accesskit_node().role() != Role::Slider)
        .expect("a number box labelled 'Learning rate'");
    number_box.set_value_accesskit(0.003);
    h.run_steps(2);
    assert!(
        (h.state().learning_rate() - 0.003).abs() < 1e-12,
        "lr = {}",
        h.state().learning_rate()
    );
    wait_until(&mut h, "the worker's learning rate 0.003", |a| {
        a.last_stats()
            .is_some_and(|s| (s.learning_rate - 0.003).abs() < 1e-12)
    });
}

#[test]
fn space_pauses_s_steps_once() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.step > 10)
    });
    h.key_press(Key::Space);
    h.step();
    assert!(!h.state().is_running());
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    let paused_at = h.state().last_stats().unwrap().step;
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert_eq!(
        h.state().last_stats().unwrap().step,
        paused_at,
        "steps went on while paused"
    );

    h.key_press(Key::S);
    h.step();
    wait_until(&mut h, "one step", |a| {
        a.last_stats().is_some_and(|s| s.step == paused_at + 1)
    });
    h.key_press(Key::ArrowRight);
    h.step();
    wait_until(&mut h, "another step", |a| {
        a.last_stats().is_some_and(|s| s.step == paused_at + 2)
    });
    assert!(!h.state().is_running());

    h.key_press(Key::Space);
    h.step();
    assert!(h.state().is_running());
    wait_until(&mut h, "training resumes", |a| {
        a.last_stats().is_some_and(|s| s.step > paused_at + 10)
    });
}

#[test]
fn r_resets_the_step_count() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.step > 50)
    });
    h.key_press(Key::Space);
    h.step();
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    h.key_press(Key::R);
    h.step();
    wait_until(&mut h, "step 0", |a| {
        a.last_stats().is_some_and(|s| s.step == 0)
    });
}

#[test]
fn class_keys_choose_the_class() {
    let mut ds = Dataset::seed();
    ds.num_classes = 4;
    let mut h = harness(PersistedState {
        dataset: ds,
        running: false,
        ..PersistedState::tutorial()
    });
    for (key, class) in [
        (Key::Num3, 3),
        (Key::Num0, 0),
        (Key::Num2, 2),
        (Key::Num1, 1),
    ] {
        h.key_press(key);
        h.step();
        assert_eq!(h.state().selected_class(), class);
    }
    // Out of range for 4 classes: ignored.
    h.key_press(Key::Num7);
    h.step();
    assert_eq!(h.state().selected_class(), 1);
    h.key_press(Key::Num3);
    h.step();
    click_data(&mut h, [6.0, 8.0], PointerButton::Primary);
    assert_eq!(h.state().dataset().points.last().unwrap().class, 3);
}

#[test]
fn diverging_rate_shows_message_and_reset_recovers() {
    let mut config = ModelConfig::tutorial();
    config.hidden = vec![16, 16];
    config.activation = Activation::Relu;
    config.bias = true;
    config.train.learning_rate = 10.0;
    config.train.loss = Loss::SoftmaxCrossEntropy;
    let ds = Dataset::seed();
    let mut h = harness(PersistedState {
        dataset: ds,
        model_config: config,
        learning_rate: 10.0,
        ..PersistedState::tutorial()
    });
    wait_until(&mut h, "the divergence message", |a| {
        a.diverged_message().is_some()
    });
    let msg = h.state().diverged_message().unwrap().to_owned();
    assert!(!msg.is_empty());
    assert!(!h.state().is_running());
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    assert!(
        h.state().heatmap().is_some(),
        "the last good heatmap is kept"
    );

    h.key_press(Key::R);
    h.step();
    assert!(h.state().diverged_message().is_none());
    wait_until(&mut h, "step 0 after reset", |a| {
        a.last_stats().is_some_and(|s| s.step == 0)
    });
    // Lower the rate and play again: training goes on without diverging.
    h.get_by_role_and_label(Role::Slider, "Learning rate")
        .set_value_accesskit(0.001);
    h.step();
    h.key_press(Key::Space);
    h.step();
    wait_until(&mut h, "training after recovery", |a| {
        a.last_stats().is_some_and(|s| s.step > 20)
    });
}

#[test]
fn crashed_worker_is_restarted_with_the_points() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.step > 10)
    });
    click_data(&mut h, [6.0, 8.0], PointerButton::Primary);
    assert_eq!(h.state().dataset().points.len(), 9);
    h.state_mut().crash_worker_for_test();
    wait_until(&mut h, "the crash message", |a| {
        a.messages()
            .iter()
            .any(|m| m.text.contains("crashed") || m.text.contains("stopped"))
    });
    assert_eq!(h.state().dataset().points.len(), 9);
    wait_until(&mut h, "training after restart", |a| {
        a.last_stats().is_some_and(|s| s.step > 10)
    });
}

#[test]
fn scroll_zooms_and_fit_button_fits() {
    let mut h = harness(paused_state());
    let before = h.state().view();
    let centre = screen_of(&h, [3.5, 3.5]);
    h.hover_at(centre);
    h.step();
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, 120.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run_steps(4);
    let after = h.state().view();
    assert!(after.width() < before.width(), "zoomed in: {after:?}");
    h.get_by_label("Fit to data").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().view(), Dataset::seed().view_bounds());
}
