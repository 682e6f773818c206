//! Lesson step 2, activations: the radio buttons switch the hidden neuron's activation in
//! the worker and keep its weights; the canvas shows that neuron's map; the tasks tick when
//! tanh is chosen and when the sum at the chosen point is in a flat part, not before.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::lesson::{at_step, click, lesson, settle_frames};
use common::wait_until;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::Activation;
use nnviz::nn::neuron::Neuron;
use nnviz::ui::NnvizApp;
use nnviz::ui::lesson::LessonStep;

const TANH: &str = "activations-tanh";
const FLAT: &str = "activations-flat";

/// The worker's hidden neuron and its activation.
fn hidden(h: &Harness<'_, NnvizApp>) -> (Neuron, Activation) {
    let mlp = &h.state().heatmap().unwrap().model.mlp;
    (
        Neuron::from_layer(&mlp.layers[0]).unwrap(),
        mlp.layers[0].activation,
    )
}

fn ready() -> Harness<'static, NnvizApp> {
    let mut h = at_step(LessonStep::Activations);
    wait_until(&mut h, "the 2-1-1 network", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.sizes() == vec![2, 1, 1])
    });
    settle_frames(&mut h);
    h
}

#[test]
fn switching_to_tanh_keeps_the_weights_and_ticks_its_task() {
    let mut h = ready();
    assert_eq!(
        hidden(&h),
        (
            Neuron {
                w: [1.0, -1.0],
                b: 0.0
            },
            Activation::Sigmoid
        )
    );
    assert_eq!(
        h.state().selected_unit(),
        Some((1, 0)),
        "the neuron's map on the canvas"
    );
    assert!(!lesson(&h).is_ticked(TANH));
    click(&mut h, "tanh");
    settle_frames(&mut h);
    let (n, g) = hidden(&h);
    assert_eq!(g, Activation::Tanh);
    assert_eq!(n.w, [1.0, -1.0], "the weights stay");
    assert_eq!(n.b, 0.0);
    let out = &h.state().heatmap().unwrap().model.mlp.layers[1];
    assert_eq!(out.weights[(0, 0)], 1.0, "the output weight stays");
    assert!(lesson(&h).is_ticked(TANH));
    // tanh′(−2) = 0.07: the sum at point 1 is not in a flat part yet.
    assert!(!lesson(&h).is_ticked(FLAT));
}

#[test]
fn a_large_sum_at_the_chosen_point_ticks_the_flat_task() {
    let mut h = ready();
    // σ′(−2) = 0.105: not flat.
    assert!(!lesson(&h).is_ticked(FLAT));
    // w₂ = −3: the sum at (1, 3) is 1 − 9 = −8, where σ′ is 0.0003.
    h.get_by_role_and_label(Role::Slider, "w₂ (y)")
        .set_value_accesskit(-3.0);
    h.run_steps(2);
    settle_frames(&mut h);
    assert_eq!(hidden(&h).0.w, [1.0, -3.0]);
    assert!(lesson(&h).is_ticked(FLAT));
    assert!(!lesson(&h).is_ticked(TANH), "only what was done is ticked");
}
