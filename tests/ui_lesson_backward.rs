//! Lesson step 5, Loss and backward pass (egui_kittest): "Next" walks E₂, D₂, ΔW₁, E₁, D₁,
//! ΔW₀ one at a time, and "Apply this step" changes the app's weights by exactly the ΔW
//! shown, checked against a direct computation of the tutorial's step.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui_kittest::kittest::Queryable;
use nalgebra::DMatrix;
use nnviz::ui::lesson::LessonStep;

mod common;
use common::lesson::{at_step, click, ticked};
use common::settle;

/// The tutorial's step written out directly: W₀ + lr·L₀^TD₁ and W₁ + lr·L₁^TD₂, with E₁ sent
/// back through the updated W₁ (no library code).
fn tutorial_step(
    l0: &DMatrix<f64>,
    y: &DMatrix<f64>,
    w0: &DMatrix<f64>,
    w1: &DMatrix<f64>,
    lr: f64,
) -> (DMatrix<f64>, DMatrix<f64>) {
    let s = |m: DMatrix<f64>| m.map(|v| 1.0 / (1.0 + (-v).exp()));
    let l1 = s(l0 * w0);
    let l2 = s(&l1 * w1);
    let d2 = (y - &l2).component_mul(&l2.map(|a| a * (1.0 - a)));
    let w1_new = w1 + (l1.transpose() * &d2) * lr;
    let e1 = &d2 * w1_new.transpose();
    let d1 = e1.component_mul(&l1.map(|a| a * (1.0 - a)));
    let w0_new = w0 + (l0.transpose() * d1) * lr;
    (w0_new, w1_new)
}

#[test]
fn next_walks_the_backward_pass_and_apply_changes_the_weights_by_the_shown_delta() {
    let mut h = at_step(LessonStep::Backward);
    // The live part: the diagram is open.
    assert!(h.state().inside().diagram_open());
    assert!(
        h.query_by_label_contains("Loss and backward pass")
            .is_some()
    );
    let names = [
        "E₂ = Y − L₂",
        "D₂ = E₂ * L₂(1 − L₂)",
        "ΔW₁ = lr · L₁^T D₂",
        "E₁ = D₂ W₁^T with the updated W₁",
        "D₁ = E₁ * L₁(1 − L₁)",
        "ΔW₀ = lr · L₀^T D₁",
    ];
    let shapes = ["8 × 1", "8 × 1", "4 × 1", "8 × 4", "8 × 4", "2 × 4"];
    for (i, (name, shape)) in names.iter().zip(shapes).enumerate() {
        assert!(!ticked(&h, "backward-walk"), "ticked after {i} quantities");
        assert!(
            h.query_by_label_contains(name).is_none(),
            "{name} shown early"
        );
        click(&mut h, "Next");
        h.get_by_label_contains(name);
        let with_shape = format!("  ({shape})");
        assert!(
            h.query_all_by_label_contains(&with_shape).next().is_some(),
            "{name}: {shape}"
        );
    }
    h.run_steps(2);
    assert!(ticked(&h, "backward-walk"));
    assert!(
        h.query_by_label_contains("the textbook uses W₁ from before")
            .is_some()
    );

    // Apply: the app's weights become the directly computed ones.
    let before = h.state().heatmap().unwrap().model.mlp.clone();
    assert_eq!(h.state().heatmap().unwrap().model.step, 0);
    let data = h.state().dataset().clone();
    let l0 = DMatrix::from_fn(8, 2, |r, c| data.points[r].pos_in_data[c]);
    let y = DMatrix::from_fn(8, 1, |r, _| data.points[r].class as f64);
    let (w0, w1) = tutorial_step(
        &l0,
        &y,
        &before.layers[0].weights,
        &before.layers[1].weights,
        0.01,
    );
    assert!(!ticked(&h, "backward-apply"));
    click(&mut h, "Apply this step");
    settle(&mut h);
    settle(&mut h);
    let after = &h.state().heatmap().unwrap().model;
    assert_eq!(after.step, 1);
    assert!((&after.mlp.layers[0].weights - &w0).abs().max() < 1e-12);
    assert!((&after.mlp.layers[1].weights - &w1).abs().max() < 1e-12);
    assert!(
        (&after.mlp.layers[0].weights - &before.layers[0].weights)
            .abs()
            .max()
            > 1e-6,
        "the step moved the weights"
    );
    h.run_steps(2);
    assert!(ticked(&h, "backward-apply"));
}
