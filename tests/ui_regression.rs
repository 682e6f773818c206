//! Headless UI tests of regression (egui_kittest): the Problem switch, value points added,
//! dragged and re-valued on the canvas, and the value-coloured heatmap with its colour bar —
//! each checked where it matters, on the training worker.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{Dataset, LabeledPoint, Preset, Problem};
use nnviz::nn::{Activation, ModelConfig};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{click_data, drag, harness, screen_of, wait_until, worker_dataset};

fn click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
}

fn regression_net(a: &NnvizApp) -> bool {
    a.heatmap().is_some_and(|f| {
        f.model.problem == Problem::Regression
            && f.model.mlp.layers.last().map(|l| l.activation) == Some(Activation::Linear)
    })
}

#[test]
fn switching_to_regression_and_back_reaches_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());

    assert!(h.query_by_label("Colour bar").is_none());
    click(&mut h, "Regression");
    let s = h.state().persisted();
    assert_eq!(s.dataset.problem, Problem::Regression);
    assert_eq!(s.generator.preset, Preset::Plane);
    assert_eq!(s.classification_preset, Preset::Seed);
    wait_until(&mut h, "a regression network", regression_net);
    let d = worker_dataset(&mut h, "switch-regression");
    assert_eq!(d.problem, Problem::Regression);
    assert_eq!(d.points.len(), 400);
    // The plane's values: (x + y) / 10 up to the 5 % noise.
    assert!(d.points.iter().all(|p| {
        let [x, y] = p.pos_in_data;
        (p.value - (x + y) / 10.0).abs() < 0.3
    }));
    // The presets offered are the regression ones.
    assert!(h.query_by_label("peaks").is_some());
    assert!(h.query_by_label("xor").is_none());
    // The status bar gives R² where classification gives accuracy.
    wait_until(&mut h, "regression figures", |a| {
        a.last_stats().is_some_and(|s| s.regression.is_some())
    });
    h.run_steps(2);
    // The Metrics table's R² row and the status bar's.
    assert_eq!(h.query_all_by_label("R²").count(), 2);
    assert_eq!(h.query_all_by_label("Accuracy").count(), 0);

    click(&mut h, "Classification");
    assert_eq!(h.state().persisted().dataset, Dataset::seed());
    h.run_steps(2);
    assert!(h.query_all_by_label("Accuracy").count() >= 1);
    assert_eq!(h.query_all_by_label("R²").count(), 0);
    wait_until(&mut h, "the tutorial network again", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.problem == Problem::Classification && f.model.mlp.sizes() == vec![2, 4, 1]
        })
    });
    assert_eq!(worker_dataset(&mut h, "switch-back"), Dataset::seed());
}

/// Two regression points in a paused app whose new points get `-0.75`.
fn two_value_points() -> PersistedState {
    let mut s = PersistedState::tutorial();
    s.dataset = Dataset {
        points: vec![
            LabeledPoint::with_value(0.0, 0.0, 0.2),
            LabeledPoint::with_value(2.0, 2.0, -0.4),
        ],
        num_classes: 2,
        problem: Problem::Regression,
    };
    s.model_config = ModelConfig::regression();
    s.new_point_value = -0.75;
    s.running = false;
    s
}

#[test]
fn a_click_adds_a_value_point_a_drag_moves_it_and_shift_click_sets_a_value() {
    let mut h = harness(two_value_points());
    wait_until(&mut h, "a regression network", regression_net);
    // The view is the points' box grown by 1: [-1, 3]².
    click_data(&mut h, [2.0, 0.0], PointerButton::Primary);
    let d = worker_dataset(&mut h, "value-added");
    assert_eq!(d.points.len(), 3);
    let added = d.points[2];
    assert_eq!(added.value, -0.75);
    assert!((added.pos_in_data[0] - 2.0).abs() < 0.05 && added.pos_in_data[1].abs() < 0.05);

    let (from, to) = (screen_of(&h, [2.0, 0.0]), screen_of(&h, [1.0, 1.0]));
    drag(&mut h, from, to, PointerButton::Primary, 6);
    let d = worker_dataset(&mut h, "value-dragged");
    let moved = d.points[2].pos_in_data;
    assert!(
        (moved[0] - 1.0).abs() < 0.05 && (moved[1] - 1.0).abs() < 0.05,
        "{moved:?}"
    );
    assert_eq!(d.points[2].value, -0.75);

    // Shift+click on the first point gives it the value of new points; undo takes it back.
    let at = screen_of(&h, [0.0, 0.0]);
    h.hover_at(at);
    h.step();
    for pressed in [true, false] {
        h.event_modifiers(
            Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::SHIFT,
            },
            Modifiers::SHIFT,
        );
        h.step();
    }
    h.step();
    let d = worker_dataset(&mut h, "value-set");
    assert_eq!(d.points.len(), 3, "shift+click must not add a point");
    assert_eq!(d.points[0].value, -0.75);
    assert!(h.state().can_undo());
    common::key_with(&mut h, Modifiers::COMMAND, egui::Key::Z);
    let d = worker_dataset(&mut h, "value-undone");
    assert_eq!(d.points[0].value, 0.2);
}

#[test]
fn the_heatmap_shows_values_on_the_diverging_scale_with_a_colour_bar() {
    let mut s = two_value_points();
    s.running = true;
    let mut h = harness(s);
    // Trained, the network predicts about 0.2 at (0, 0) and −0.4 at (2, 2): on the scale of
    // ±0.4, orange-ish towards (0, 0) and blue towards (2, 2).
    wait_until(&mut h, "a fitted regression network", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.problem == Problem::Regression
                && (f.model.predict_value([0.0, 0.0]) - 0.2).abs() < 0.05
                && (f.model.predict_value([2.0, 2.0]) + 0.4).abs() < 0.05
        })
    });
    h.run_steps(2);
    let f = h.state().heatmap().unwrap();
    let (w, ht) = (f.image.width, f.image.height);
    let at = |x: f64, y: f64| {
        let b = f.bounds;
        let col = ((x - b.x_min) / b.width() * w as f64) as usize;
        let row = ((b.y_max - y) / b.height() * ht as f64) as usize;
        f.image.get(col.min(w - 1), row.min(ht - 1)).unwrap()
    };
    let scale = nnviz::render::ValueScale { half_range: 0.4 };
    let near = |px: [u8; 4], want: [u8; 3]| px.iter().zip(want).all(|(&a, b)| a.abs_diff(b) <= 20);
    assert!(near(at(0.0, 0.0), scale.colour(0.2)), "{:?}", at(0.0, 0.0));
    assert!(near(at(2.0, 2.0), scale.colour(-0.4)), "{:?}", at(2.0, 2.0));
    // The colour bar explains the scale, in regression only.
    assert!(h.query_by_label("Colour bar").is_some());
}
