//! Lesson step 1, one neuron: the sliders and the canvas handle reach the worker's neuron,
//! and the task ticks when the neuron separates the step's two points, not before.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::lesson::{at_step, lesson, settle_frames};
use common::{drag, screen_of, wait_until};
use egui::PointerButton;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::neuron::Neuron;
use nnviz::ui::NnvizApp;
use nnviz::ui::lesson::LessonStep;

const TASK: &str = "neuron-separate";

/// The worker's neuron (w₁, w₂, b).
fn worker_neuron(h: &Harness<'_, NnvizApp>) -> Neuron {
    Neuron::from_mlp(&h.state().heatmap().unwrap().model.mlp).expect("a single neuron")
}

fn set_slider(h: &mut Harness<'_, NnvizApp>, label: &str, value: f64) {
    h.get_by_role_and_label(Role::Slider, label)
        .set_value_accesskit(value);
    h.run_steps(2);
    settle_frames(h);
}

fn ready() -> Harness<'static, NnvizApp> {
    let mut h = at_step(LessonStep::Neuron);
    wait_until(&mut h, "the neuron", |a| {
        a.heatmap()
            .is_some_and(|f| Neuron::from_mlp(&f.model.mlp).is_some())
    });
    settle_frames(&mut h);
    h
}

#[test]
fn the_step_starts_with_a_neuron_that_does_not_separate_its_points() {
    let h = ready();
    assert_eq!(
        worker_neuron(&h),
        Neuron {
            w: [0.0, 1.0],
            b: 0.5
        }
    );
    assert_eq!(h.state().dataset().points.len(), 2);
    assert!(!lesson(&h).is_ticked(TASK));
    assert!(h.query_by_label("excites").is_some(), "w₂ > 0 excites");
    assert!(h.query_by_label("no effect").is_some(), "w₁ = 0");
}

#[test]
fn the_sliders_set_the_weights_and_the_task_ticks_once_the_points_are_separated() {
    let mut h = ready();
    // w₁ = 1: s = x + y − 0.5 is positive at both points: not yet.
    set_slider(&mut h, "w₁ (x)", 1.0);
    assert_eq!(worker_neuron(&h).w, [1.0, 1.0]);
    assert!(
        !lesson(&h).is_ticked(TASK),
        "ticked before the points are separated"
    );
    // w₂ = −1: s = x − y − 0.5 is −2.5 at (1, 3) (class 0) and 1.5 at (3, 1) (class 1).
    set_slider(&mut h, "w₂ (y)", -1.0);
    let n = worker_neuron(&h);
    assert_eq!(n.w, [1.0, -1.0]);
    assert!((n.b - 0.5).abs() < 1e-12);
    assert!(h.query_by_label("inhibits").is_some(), "w₂ < 0 inhibits");
    assert!(lesson(&h).is_ticked(TASK));
    // A tick stays: the points together again do not untick it.
    set_slider(&mut h, "w₂ (y)", 1.0);
    assert!(lesson(&h).is_ticked(TASK));
}

#[test]
fn the_threshold_slider_moves_the_line() {
    let mut h = ready();
    set_slider(&mut h, "b (threshold)", 2.0);
    let n = worker_neuron(&h);
    assert!((n.b - 2.0).abs() < 1e-12);
    // The bias of the 2→1 network is −b.
    let bias = h.state().heatmap().unwrap().model.mlp.layers[0]
        .biases
        .as_ref()
        .unwrap()[0];
    assert!((bias + 2.0).abs() < 1e-12);
}

#[test]
fn dragging_the_line_handle_moves_the_line_through_the_cursor() {
    let mut h = ready();
    // The line y = 0.5 across the view x ∈ [0, 4]: its handle is in the middle, (2, 0.5).
    let from = screen_of(&h, [2.0, 0.5]);
    let to = screen_of(&h, [2.0, 2.0]);
    drag(&mut h, from, to, PointerButton::Primary, 6);
    settle_frames(&mut h);
    let n = worker_neuron(&h);
    assert_eq!(n.w, [0.0, 1.0], "moving the line keeps w");
    assert!((n.b - 2.0).abs() < 0.05, "b = {}", n.b);
    assert_eq!(
        h.state().dataset().points.len(),
        2,
        "the drag added no point"
    );
}
