//! The small things the UI rebuild fixed, each as a user meets it: explain-mode clicks pin
//! instead of adding points, the timeline's step in the transport bar and a step that goes
//! live, "—" without points, undo messages that say the result, marks where the data
//! changed, a learning-rate drag that lands on 1-2-5 values, class names on the buttons and
//! in the readout, and the hint that never covers or swallows a click on the data.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui::{Key, PointerButton};
use egui_kittest::kittest::Queryable;
use nnviz::data::{Column, CsvColumns, Dataset};
use nnviz::ui::PersistedState;

mod common;
use common::{click_data, drag, harness, screen_of, settle, tmp, wait_until};

fn paused() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

#[test]
fn in_explain_mode_a_click_pins_a_point_and_adds_none() {
    let mut h = harness(paused());
    settle(&mut h);
    h.key_press(Key::E);
    h.step();
    // Empty canvas: nothing is added, the preset stays the tutorial's.
    click_data(&mut h, [6.5, 8.0], PointerButton::Primary);
    settle(&mut h);
    assert_eq!(h.state().dataset(), &Dataset::seed());
    // A training point: pinned, explained after the cursor leaves the canvas.
    click_data(&mut h, [2.0, 5.0], PointerButton::Primary);
    h.hover_at(egui::pos2(5.0, 5.0));
    h.step();
    let ex = h
        .state()
        .current_explanation()
        .expect("the pinned point is explained");
    assert!(
        !ex.backward.is_empty(),
        "a training point gets its backward pass"
    );
    assert_eq!(h.state().dataset(), &Dataset::seed());
}

#[test]
fn a_scrubbed_timeline_shows_its_step_and_a_step_goes_live() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a timeline", |a| {
        a.timeline().is_some_and(|t| t.len() > 10)
    });
    h.key_press(Key::T);
    h.step();
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(2.0);
    h.run_steps(2);
    settle(&mut h);
    let shown = h.state().canvas_step().unwrap();
    h.get_by_label(&format!("step {shown} (timeline)"));
    // → steps the live network: the timeline goes back to live, the step is seen.
    let live = h.state().last_stats().unwrap().step;
    h.key_press(Key::ArrowRight);
    h.step();
    settle(&mut h);
    h.step();
    assert_eq!(h.state().last_stats().unwrap().step, live + 1);
    assert_eq!(h.state().canvas_step(), Some(live + 1));
    h.get_by_label(&format!("step {}", live + 1));
}

#[test]
fn without_points_the_numbers_are_dashes() {
    let mut h = harness(paused());
    settle(&mut h);
    h.state_mut().clear_points();
    settle(&mut h);
    h.step();
    // Error, loss and accuracy: "—", not "0" or "0 %".
    assert!(h.query_all_by_label("—").count() >= 3);
    assert!(h.query_by_label("0%").is_none());
}

#[test]
fn undo_says_what_it_did_to_the_points() {
    let mut h = harness(paused());
    settle(&mut h);
    click_data(&mut h, [6.5, 8.0], PointerButton::Primary);
    settle(&mut h);
    assert_eq!(h.state().dataset().points.len(), 9);
    h.state_mut().undo();
    let text = h.state().messages().last().unwrap().text.clone();
    assert_eq!(text, "Took away 1 point — now 8 points.");
    h.state_mut().redo();
    let text = h.state().messages().last().unwrap().text.clone();
    assert_eq!(text, "Brought back 1 point — now 9 points.");
}

#[test]
fn an_import_while_training_leaves_a_mark_on_the_loss_curve() {
    // A network the user chose keeps training on the imported points (the tutorial's would
    // be replaced by the playground's, which starts a new curve).
    let mut state = PersistedState::tutorial();
    state.model_config.bias = true;
    let mut h = harness(state);
    wait_until(&mut h, "some training", |a| {
        a.last_stats().is_some_and(|s| s.step > 1000)
    });
    let path = tmp("rebuild", "two-classes.csv");
    std::fs::write(&path, "x,y,label\n0,0,a\n1,1,b\n2,0,a\n0,2,b\n").unwrap();
    let cols = CsvColumns {
        x: Column::Index(0),
        y: Column::Index(1),
        label: Column::Index(2),
    };
    let step = h.state().last_stats().unwrap().step;
    h.state_mut().import_csv_path(&path, &cols).unwrap();
    let marks = h.state().loss_marks();
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0], (step, "data changed"));
    // A reset starts a new curve: the old marks go.
    h.state_mut().reset_weights();
    assert!(h.state().loss_marks().is_empty());
}

#[test]
fn dragging_the_learning_rate_lands_on_one_two_five() {
    let mut h = harness(paused());
    settle(&mut h);
    let slider = h
        .get_by_role_and_label(Role::Slider, "Learning rate")
        .rect();
    let y = slider.center().y;
    for frac in [0.3f32, 0.55, 0.8] {
        let to = egui::pos2(slider.min.x + slider.width() * frac, y);
        drag(&mut h, slider.center(), to, PointerButton::Primary, 4);
        let lr = h.state().learning_rate();
        let mantissa = lr / 10f64.powf(lr.log10().floor());
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-9),
            "dragged to {lr}"
        );
    }
    // Typed values stay exact.
    h.state_mut().set_learning_rate(0.0123);
    assert_eq!(h.state().learning_rate(), 0.0123);
}

#[test]
fn class_names_from_a_csv_are_on_the_buttons_and_in_the_readout() {
    let mut h = harness(paused());
    settle(&mut h);
    let path = tmp("rebuild", "pets.csv");
    std::fs::write(&path, "x,y,kind\n0,0,cat\n1,1,dog\n2,0,cat\n0,2,dog\n").unwrap();
    let cols = CsvColumns {
        x: Column::Index(0),
        y: Column::Index(1),
        label: Column::Index(2),
    };
    h.state_mut().import_csv_path(&path, &cols).unwrap();
    settle(&mut h);
    h.step();
    h.get_by_role_and_label(Role::Button, "cat");
    h.get_by_role_and_label(Role::Button, "dog");
    // The readout at the cursor names the classes.
    let at = screen_of(&h, [1.0, 1.0]) + egui::vec2(6.0, 6.0);
    h.hover_at(at);
    h.step();
    h.step();
    h.get_by_label_contains("cat:");
    h.get_by_label_contains("dog:");
}

#[test]
fn the_hint_is_outside_the_plot() {
    let mut h = harness(paused());
    settle(&mut h);
    let canvas = h.get_by_label("Canvas").rect();
    // The tutorial's top-left point (1, 8) is on the plot and clickable: a click on it adds
    // nothing (it is a point), and no hint is painted over the plot's top rows.
    let p = screen_of(&h, [1.0, 8.0]);
    assert!(canvas.contains(p));
    let hint = h.get_by_label_contains("Click to add a point").rect();
    assert!(
        hint.max.y <= canvas.min.y + 0.5,
        "the hint {hint:?} is above the plot {canvas:?}"
    );
}
