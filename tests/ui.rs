//! Headless UI tests of the live app (egui_kittest): every canvas interaction, the
//! learning-rate controls reaching the worker, the shortcuts, divergence and crash recovery.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::data::Dataset;
use nnviz::nn::{Activation, Loss, ModelConfig};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{
    click_data, drag, harness, key_with, press, screen_of, settle, wait_until, worker_dataset,
};

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
    // The worker is offered steps: paused, it takes none.
    for _ in 0..10 {
        h.state_mut().advance_worker(200);
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
        ..PersistedState::tutorial()
    });
    wait_until(&mut h, "the divergence message", |a| {
        a.diverged_message().is_some()
    });
    let msg = h.state().diverged_message().unwrap().to_owned();
    // The message names the step (a number) and suggests a lower learning rate.
    let step: u64 = msg
        .split("at step ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no step in {msg:?}"));
    assert!(step >= 1, "{msg}");
    assert!(msg.contains("lower the learning rate"), "{msg}");
    // The status bar shows it too.
    assert!(
        h.query_all_by_label_contains(&format!("at step {step}"))
            .next()
            .is_some()
    );
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

fn view_centre(v: &nnviz::data::Bounds) -> [f64; 2] {
    [(v.x_min + v.x_max) / 2.0, (v.y_min + v.y_max) / 2.0]
}

#[test]
fn middle_drag_pans_the_view() {
    let mut h = harness(paused_state());
    let before = h.state().view();
    let rect = h.get_by_label("Canvas").rect();
    let from = screen_of(&h, [5.5, 6.5]);
    drag(
        &mut h,
        from,
        from + Vec2::new(80.0, 40.0),
        PointerButton::Middle,
        8,
    );
    let after = h.state().view();
    let dx = -80.0 / rect.width() as f64 * before.width();
    let dy = 40.0 / rect.height() as f64 * before.height();
    assert!(
        close(
            [after.x_min, after.y_min],
            [before.x_min + dx, before.y_min + dy],
            1e-3
        ),
        "view {after:?}, expected a shift of ({dx}, {dy}) from {before:?}"
    );
    assert!((after.width() - before.width()).abs() < 1e-9);
    assert_eq!(
        h.state().dataset(),
        &Dataset::seed(),
        "panning edits no point"
    );
}

#[test]
fn space_drag_pans_without_toggling_play_or_adding_points() {
    let mut h = harness(paused_state());
    let before = h.state().view();
    let rect = h.get_by_label("Canvas").rect();
    let space = |pressed| Event::Key {
        key: Key::Space,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    let from = screen_of(&h, [5.5, 6.5]);
    h.hover_at(from);
    h.event(space(true));
    h.step();
    drag(
        &mut h,
        from,
        from + Vec2::new(-60.0, -30.0),
        PointerButton::Primary,
        6,
    );
    h.event(space(false));
    h.run_steps(2);
    let after = h.state().view();
    let dx = 60.0 / rect.width() as f64 * before.width();
    let dy = -30.0 / rect.height() as f64 * before.height();
    assert!(
        close(
            [after.x_min, after.y_min],
            [before.x_min + dx, before.y_min + dy],
            1e-3
        ),
        "view {after:?}, expected a shift of ({dx}, {dy}) from {before:?}"
    );
    assert!(
        !h.state().is_running(),
        "a Space used for panning does not toggle play"
    );
    assert_eq!(
        h.state().dataset(),
        &Dataset::seed(),
        "panning adds no point"
    );
}

#[test]
fn double_click_fits_the_view_to_the_data() {
    let mut h = harness(paused_state());
    let fitted = Dataset::seed().view_bounds();
    h.key_press(Key::Plus);
    h.step();
    assert_ne!(h.state().view(), fitted);
    let pos = screen_of(&h, [5.5, 6.5]);
    h.hover_at(pos);
    h.step();
    // The harness's clock advances a quarter of a second a pass (and a frame may take two
    // passes); a double click is two releases within 0.3 s: allow more time.
    h.ctx
        .options_mut(|o| o.input_options.max_double_click_delay = 2.0);
    let button = |pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    h.event(button(true));
    h.step();
    h.event(button(false));
    h.event(button(true));
    h.step();
    h.event(button(false));
    h.step();
    h.step();
    assert_eq!(h.state().view(), fitted);
    assert_eq!(
        h.state().dataset(),
        &Dataset::seed(),
        "the double click leaves no point behind"
    );
}

#[test]
fn hover_readout_is_the_heatmap_models_forward_pass_at_the_cursor() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let target = [5.3, 6.7];
    h.hover_at(screen_of(&h, target));
    h.run_steps(2);
    let (at, probs) = h
        .state()
        .hover_readout()
        .expect("a readout over the canvas");
    assert!(close(at, target, 0.05), "readout at {at:?}");
    let frame = h.state().heatmap().unwrap();
    assert_eq!(probs, frame.model.predict_point(at));
    assert_eq!(probs.len(), 2);
    assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{probs:?}");
    // Off the canvas there is no readout.
    h.hover_at(egui::pos2(100.0, 400.0));
    h.run_steps(2);
    assert!(h.state().hover_readout().is_none());
}

#[test]
fn a_drag_reaches_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let start = screen_of(&h, [3.0, 1.0]);
    drag(
        &mut h,
        start,
        start + Vec2::new(70.0, -50.0),
        PointerButton::Primary,
        6,
    );
    let moved = h.state().dataset().points[0];
    assert_ne!(moved.pos_in_data, [3.0, 1.0]);
    let seq = h.state().last_command_seq().expect("commands were sent");
    wait_until(&mut h, "a heatmap trained on the moved point", |a| {
        a.heatmap().is_some_and(|f| f.applied_seq >= seq)
    });
    let ui_points = h.state().dataset().clone();
    let worker = worker_dataset(&mut h, "drag");
    assert_eq!(worker.points, ui_points.points);
    assert!(
        worker
            .points
            .iter()
            .any(|p| p.pos_in_data == moved.pos_in_data)
    );
}

#[test]
fn right_click_and_delete_remove_the_point_from_the_worker_too() {
    let mut h = harness(paused_state());
    click_data(&mut h, [2.0, 5.0], PointerButton::Secondary);
    h.hover_at(screen_of(&h, [1.0, 8.0]));
    h.step();
    h.key_press(Key::Delete);
    h.step();
    assert_eq!(h.state().dataset().points.len(), 6);
    let worker = worker_dataset(&mut h, "delete");
    assert_eq!(worker.points.len(), 6);
    for gone in [[2.0, 5.0], [1.0, 8.0]] {
        assert!(
            !worker.points.iter().any(|p| p.pos_in_data == gone),
            "{gone:?} still there"
        );
    }
    assert_eq!(&worker.points, &h.state().dataset().points);
}

#[test]
fn plus_equals_minus_zoom_and_f_fits() {
    let mut h = harness(paused_state());
    let fitted = h.state().view();
    h.key_press(Key::Plus);
    h.step();
    let v1 = h.state().view();
    assert!((v1.width() - fitted.width() / 1.25).abs() < 1e-9, "{v1:?}");
    assert!(close(view_centre(&v1), view_centre(&fitted), 1e-9));
    h.key_press(Key::Equals);
    h.step();
    let v2 = h.state().view();
    assert!((v2.width() - v1.width() / 1.25).abs() < 1e-9, "{v2:?}");
    h.key_press(Key::Minus);
    h.step();
    let v3 = h.state().view();
    assert!((v3.width() - v1.width()).abs() < 1e-9, "{v3:?}");
    h.key_press(Key::F);
    h.step();
    assert_eq!(h.state().view(), fitted);
}

#[test]
fn zoom_buttons_zoom_about_the_centre() {
    let mut h = harness(paused_state());
    let fitted = h.state().view();
    h.get_by_label("Zoom in").click_accesskit();
    h.run_steps(2);
    let v = h.state().view();
    assert!((v.width() - fitted.width() / 1.25).abs() < 1e-9, "{v:?}");
    h.get_by_label("Zoom out").click_accesskit();
    h.get_by_label("Zoom out").click_accesskit();
    h.run_steps(2);
    let v = h.state().view();
    assert!((v.width() - fitted.width() * 1.25).abs() < 1e-9, "{v:?}");
    assert!(close(view_centre(&v), view_centre(&fitted), 1e-9));
}

#[test]
fn shift_arrows_pan_instead_of_stepping() {
    let mut h = harness(paused_state());
    wait_until(&mut h, "the paused worker's stats", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    let step = h.state().last_stats().unwrap().step;
    let v0 = h.state().view();
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    let v1 = h.state().view();
    assert!(
        (v1.x_min - (v0.x_min + 0.1 * v0.width())).abs() < 1e-9,
        "{v1:?}"
    );
    assert_eq!(v1.y_min, v0.y_min);
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowUp);
    let v2 = h.state().view();
    assert!(
        (v2.y_min - (v0.y_min + 0.1 * v0.height())).abs() < 1e-9,
        "{v2:?}"
    );
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    let v3 = h.state().view();
    assert!(
        close([v3.x_min, v3.y_min], [v0.x_min, v0.y_min], 1e-9),
        "{v3:?}"
    );
    for _ in 0..5 {
        settle(&mut h);
    }
    assert_eq!(
        h.state().last_stats().unwrap().step,
        step,
        "Shift+→ must not step"
    );
}

#[test]
fn a_adds_a_point_at_the_cursor_or_the_view_centre() {
    let mut h = harness(paused_state());
    h.key_press(Key::Num0);
    h.step();
    let target = [5.5, 6.5];
    h.hover_at(screen_of(&h, target));
    h.step();
    h.key_press(Key::A);
    h.step();
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 9);
    assert_eq!(d.points[8].class, 0);
    assert!(
        close(d.points[8].pos_in_data, target, 0.05),
        "{:?}",
        d.points[8]
    );

    // Off the canvas: at the centre of the view.
    h.hover_at(egui::pos2(100.0, 400.0));
    h.step();
    h.key_press(Key::A);
    h.step();
    let d = h.state().dataset();
    assert_eq!(d.points.len(), 10);
    let centre = view_centre(&h.state().view());
    assert!(
        close(d.points[9].pos_in_data, centre, 1e-9),
        "{:?}",
        d.points[9]
    );
}

/// A key typed into a focused text field, as a real keyboard sends it: the key going down,
/// the character it makes, the key going up; then a frame.
fn type_key(h: &mut Harness<'_, NnvizApp>, key: Key, text: &str) {
    h.event(Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.event(Event::Text(text.to_owned()));
    h.event(Event::Key {
        key,
        physical_key: None,
        pressed: false,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
}

/// Double-clicks the Data section's button of the class named `name`: its inline rename
/// field opens and takes the keyboard.
fn start_renaming(h: &mut Harness<'_, NnvizApp>, name: &str) {
    // The harness's clock advances a quarter of a second a pass; a double click is two
    // releases within `max_double_click_delay`: allow more time.
    h.ctx
        .options_mut(|o| o.input_options.max_double_click_delay = 2.0);
    let pos = h.get_by_role_and_label(Role::Button, name).rect().center();
    h.hover_at(pos);
    h.step();
    let button = |pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    h.event(button(true));
    h.step();
    h.event(button(false));
    h.event(button(true));
    h.step();
    h.event(button(false));
    h.run_steps(2);
    assert!(
        h.ctx.text_edit_focused(),
        "the rename field of class {name} has the keyboard"
    );
    assert!(!h.state().file_dialog_open(), "no dialog is open");
}

/// The text of the one text field in the window.
fn text_field_value(h: &Harness<'_, NnvizApp>) -> String {
    h.get_by_role(Role::TextInput)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

#[test]
fn canvas_keys_leave_a_focused_text_field_alone() {
    let mut h = harness(paused_state());
    wait_until(&mut h, "the paused worker's stats", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    // Zoomed in, so that `F` (fit) would change the view too.
    h.key_press(Key::Plus);
    h.step();
    assert_ne!(h.state().view(), Dataset::seed().view_bounds());
    let view = h.state().view();
    let step = h.state().last_stats().unwrap().step;
    assert!(
        h.state().class_names().is_empty(),
        "the tutorial's classes have no names"
    );

    // (The double click's first click selects class 1.)
    start_renaming(&mut h, "1");
    assert_eq!(h.state().selected_class(), 1);
    // A, +, -, F, Shift+← (selects the "f"), R (replaces it), S, Space, 0.
    for (key, text) in [
        (Key::A, "a"),
        (Key::Plus, "+"),
        (Key::Minus, "-"),
        (Key::F, "f"),
    ] {
        type_key(&mut h, key, text);
    }
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    for (key, text) in [
        (Key::R, "r"),
        (Key::S, "s"),
        (Key::Space, " "),
        (Key::Num0, "0"),
    ] {
        type_key(&mut h, key, text);
    }
    settle(&mut h);
    assert_eq!(
        text_field_value(&h),
        "a+-rs 0",
        "the keys went to the text field"
    );
    assert_eq!(h.state().dataset(), &Dataset::seed(), "A added no point");
    assert_eq!(
        h.state().view(),
        view,
        "+, -, F and Shift+← left the view alone"
    );
    assert_eq!(
        h.state().last_stats().unwrap().step,
        step,
        "S did not step, R did not reset"
    );
    assert!(!h.state().is_running(), "Space did not play");
    assert_eq!(h.state().selected_class(), 1, "0 did not pick class 0");

    // Enter renames the class (the name is trimmed).
    key_with(&mut h, Modifiers::NONE, Key::Enter);
    h.step();
    assert_eq!(h.state().class_names(), ["", "a+-rs 0"]);
    h.get_by_role_and_label(Role::Button, "a+-rs 0");
    assert_eq!(h.state().selected_class(), 1);
}

#[test]
fn escape_cancels_a_class_rename() {
    let mut h = harness(paused_state());
    h.state_mut().select_class(0);
    h.step();
    start_renaming(&mut h, "1");
    type_key(&mut h, Key::X, "x");
    assert_eq!(text_field_value(&h), "x");
    key_with(&mut h, Modifiers::NONE, Key::Escape);
    h.run_steps(3);
    assert!(
        h.query_all_by_role(Role::TextInput).next().is_none(),
        "Escape closed the rename field"
    );
    h.get_by_role_and_label(Role::Button, "1");
    assert!(h.state().class_names().is_empty(), "the name is unchanged");
    assert_eq!(h.state().dataset(), &Dataset::seed());
}

#[test]
fn shortcuts_work_again_once_a_rename_ends() {
    let mut h = harness(paused_state());
    let fitted = h.state().view();
    for (end, name) in [(Key::Enter, "1"), (Key::Escape, "z")] {
        h.key_press(Key::Plus);
        h.step();
        assert_ne!(h.state().view(), fitted);
        start_renaming(&mut h, name);
        type_key(&mut h, Key::Z, "z");
        key_with(&mut h, Modifiers::NONE, end);
        h.run_steps(3);
        assert!(
            !h.ctx.text_edit_focused(),
            "after {end:?} the rename field still has the keyboard"
        );
        key_with(&mut h, Modifiers::NONE, Key::F);
        assert_eq!(h.state().view(), fitted, "F fits the view after {end:?}");
        h.run_steps(3);
    }
    assert_eq!(h.state().class_names(), ["", "z"]);
}

#[test]
fn a_worker_that_keeps_crashing_is_not_restarted_forever() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.step > 10)
    });
    click_data(&mut h, [6.0, 8.0], PointerButton::Primary);
    let points = h.state().dataset().clone();
    common::crash_until_restarts_pause(&mut h);
    assert!(h.state().worker_restarts_paused());
    assert!(!h.state().is_running());
    let last = h.state().messages().last().unwrap().text.clone();
    assert!(last.contains("3 times within 3600 seconds"), "{last}");
    assert!(last.contains("Press Play"), "{last}");
    assert!(last.contains("points are kept"), "{last}");
    h.get_by_label_contains("crashed repeatedly");
    // No restart while paused; the points stay.
    h.run_steps(10);
    assert!(!h.state().has_worker());
    assert_eq!(h.state().dataset(), &points);

    // Play tries again with the user's points.
    h.key_press(Key::Space);
    h.step();
    h.run_steps(2);
    assert!(h.state().has_worker());
    assert!(h.state().is_running());
    let worker = worker_dataset(&mut h, "after-crashes");
    assert_eq!(worker.points, points.points);
    wait_until(&mut h, "training after the retry", |a| {
        a.last_stats().is_some_and(|s| s.running && s.step > 10)
    });
}

#[test]
fn single_keys_do_nothing_behind_the_open_dialog() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.step > 0)
    });
    h.state_mut().select_class(1);
    // Zoomed in, so that `F` (fit) would change the view.
    h.key_press(Key::Plus);
    h.run_steps(2);
    assert_ne!(h.state().view(), Dataset::seed().view_bounds());
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    h.run_steps(2);
    assert!(h.state().file_dialog_open());
    // The user clicks the dialog's title: the name box no longer has the keyboard.
    h.get_by_label("Open session").click();
    h.run_steps(2);
    assert!(!h.ctx.text_edit_focused());
    let view = h.state().view();
    let seq = h.state().last_command_seq();
    let panels = (
        h.state().diagram_open(),
        h.state().explain_open(),
        h.state().timeline_open(),
    );
    for key in [
        Key::A,
        Key::Space,
        Key::F,
        Key::Plus,
        Key::Minus,
        Key::R,
        Key::Num0,
        Key::D,
        Key::E,
        Key::T,
    ] {
        h.key_press(key);
        h.step();
    }
    key_with(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    h.run_steps(2);
    assert!(h.state().file_dialog_open());
    assert_eq!(h.state().dataset(), &Dataset::seed());
    assert!(
        h.state().is_running(),
        "Space paused training behind the dialog"
    );
    assert_eq!(h.state().selected_class(), 1);
    assert_eq!(h.state().view(), view);
    assert_eq!(
        (
            h.state().diagram_open(),
            h.state().explain_open(),
            h.state().timeline_open()
        ),
        panels,
        "D/E/T toggled a panel behind the dialog"
    );
    assert_eq!(
        h.state().last_command_seq(),
        seq,
        "a key reached the worker"
    );
}
