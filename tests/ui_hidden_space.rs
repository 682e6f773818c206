//! The hidden-space view through the UI (issue 13, egui_kittest): its toolbar toggle opens
//! it, the layer picker, the PCA switch and the unit pickers reach the worker, and the view
//! draws the worker's picture with its axes named.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::{HiddenSpaceSpec, Projection, SpaceLayer};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{harness, wait_until};

type H = Harness<'static, NnvizApp>;

/// The paused tutorial, its first heatmap in.
fn ready() -> H {
    let mut h = harness(PersistedState {
        running: false,
        ..PersistedState::tutorial()
    });
    wait_until(&mut h, "the first heatmap", |a| a.heatmap().is_some());
    h
}

/// Waits until the worker's latest picture is of `spec`, and returns its point count.
fn wait_for(h: &mut H, spec: HiddenSpaceSpec) -> usize {
    wait_until(h, &format!("the hidden space of {spec:?}"), |a| {
        a.heatmap()
            .and_then(|f| f.hidden_space.as_ref())
            .is_some_and(|s| s.spec == spec)
    });
    h.state()
        .heatmap()
        .and_then(|f| f.hidden_space.as_ref())
        .map_or(0, |s| s.points.len())
}

#[test]
fn the_pickers_reach_the_worker_and_the_view_draws() {
    let mut h = ready();
    assert!(h.state().heatmap().unwrap().hidden_space.is_none());
    h.get_by_label("Hidden space (H)").click();
    h.run_steps(2);
    assert!(h.state().hidden_space_open());
    // The tutorial's hidden layer has four units: PCA by default.
    let pca = HiddenSpaceSpec {
        layer: SpaceLayer::Hidden(0),
        projection: Projection::Pca,
    };
    assert_eq!(wait_for(&mut h, pca), 8, "the tutorial's eight points");
    h.run_steps(2);
    assert!(h.query_by_label_contains("PCA 1 (").is_some(), "the x axis");
    assert!(h.query_by_label_contains("PCA 2 (").is_some(), "the y axis");

    // The output layer's single score.
    h.get_by_label("Output scores").click();
    h.run_steps(2);
    wait_for(
        &mut h,
        HiddenSpaceSpec {
            layer: SpaceLayer::OutputScores,
            projection: Projection::Units([0, 0]),
        },
    );
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("output score 1").is_some(),
        "the axis names the output score"
    );

    // Back to the hidden layer, PCA off: units 1 and 2.
    h.get_by_label("Layer 1").click();
    h.run_steps(2);
    wait_for(&mut h, pca);
    h.run_steps(2);
    h.get_by_label("PCA").click();
    h.run_steps(2);
    let units = |u, v| HiddenSpaceSpec {
        layer: SpaceLayer::Hidden(0),
        projection: Projection::Units([u, v]),
    };
    wait_for(&mut h, units(0, 1));
    h.run_steps(2);
    assert!(h.query_by_label_contains("unit 1 of layer 1").is_some());
    assert!(h.query_by_label_contains("unit 2 of layer 1").is_some());

    // The x axis's unit picker: unit 1 → unit 4.
    h.get_by_value("unit 1").click();
    h.run_steps(2);
    h.get_by_label("unit 4").click();
    h.run_steps(2);
    wait_for(&mut h, units(3, 1));
    // The y axis's: unit 2 → unit 3.
    h.get_by_value("unit 2").click();
    h.run_steps(2);
    h.get_by_label("unit 3").click();
    h.run_steps(2);
    wait_for(&mut h, units(3, 2));
    h.run_steps(2);
    assert!(h.query_by_label_contains("unit 4 of layer 1").is_some());

    // Closing the view stops the work.
    h.get_by_label("Hidden space (H)").click();
    h.run_steps(2);
    assert!(!h.state().hidden_space_open());
    wait_until(&mut h, "no hidden space once closed", |a| {
        a.heatmap().is_some_and(|f| f.hidden_space.is_none())
    });
}

#[test]
fn the_view_menu_opens_it() {
    let mut h = ready();
    h.get_by_role_and_label(Role::Button, "View").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Hidden space H")
        .click();
    h.run_steps(2);
    assert!(h.state().hidden_space_open());
}

#[test]
fn scrubbing_the_timeline_shows_that_snapshots_hidden_space() {
    use egui::Key;
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a timeline with history", |a| {
        a.timeline().is_some_and(|t| t.len() > 3) && a.heatmap().is_some_and(|f| f.step > 500)
    });
    h.get_by_label("Hidden space (H)").click();
    h.key_press(Key::T);
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(1.0);
    h.run_steps(3);
    let step = h.state().inside().scrubbed_step().expect("scrubbed back");
    wait_until(&mut h, "the snapshot's hidden space", |a| {
        a.heatmap()
            .is_some_and(|f| f.hidden_space_step == Some(step) && f.hidden_space.is_some())
    });
    h.run_steps(2);
    let f = h.state().heatmap().unwrap();
    let entry = h.state().timeline().unwrap().find(step).unwrap().clone();
    assert!(
        entry.step < f.model.step,
        "an older snapshot than the live one"
    );
    let space = f.hidden_space.as_ref().unwrap();
    // The snapshot's own hidden layer, not the live network's.
    let points = &h.state().dataset().points;
    assert_eq!(space.spec.projection, Projection::Pca);
    let want = nnviz::nn::hidden_space::HiddenSpaceWork::default()
        .compute(
            &entry.model.mlp,
            &entry.model.transform,
            points,
            &f.bounds,
            space.spec,
        )
        .unwrap();
    // PCA's signs follow the previous picture; the variance shares do not.
    assert_eq!(space.axes, want.axes);
    let live = nnviz::nn::hidden_space::HiddenSpaceWork::default()
        .compute(
            &f.model.mlp,
            &f.model.transform,
            points,
            &f.bounds,
            space.spec,
        )
        .unwrap();
    assert_ne!(space.axes, live.axes, "not the live network's");
    assert!(
        h.query_by_label_contains(&format!("Timeline: the weights of step {step}"))
            .is_some()
    );
    // Live again: the live weights' hidden space.
    h.get_by_label("Live").click();
    h.run_steps(2);
    wait_until(&mut h, "the live hidden space", |a| {
        a.heatmap()
            .is_some_and(|f| f.hidden_space_step.is_none() && f.hidden_space.is_some())
    });
}
