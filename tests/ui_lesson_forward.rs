//! Lesson step 4, forward pass: a point chosen by a click on the canvas goes through the
//! network one layer per "Next layer", with the numbers of the network's own forward pass;
//! the task ticks at the output, not before.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::lesson::{at_step, click, lesson, settle_frames};
use common::{click_data, wait_until};
use egui::PointerButton;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::ui::explain::fmt4;
use nnviz::ui::lesson::LessonStep;

const TASK: &str = "forward-output";

/// Whether the point list shows `text` as the chosen point.
fn chosen(h: &egui_kittest::Harness<'_, nnviz::ui::NnvizApp>, text: &str) -> bool {
    h.get_all_by_role(Role::ComboBox)
        .any(|n| n.accesskit_node().value().as_deref() == Some(text))
}

#[test]
fn stepping_a_clicked_point_to_the_output_ticks_the_task() {
    let mut h = at_step(LessonStep::Forward);
    wait_until(&mut h, "the tutorial's network", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.sizes() == vec![2, 4, 1])
    });
    settle_frames(&mut h);
    assert!(chosen(&h, "Point 1: (3, 1), class 0"));
    // A click on the point (2, 5) chooses it (and adds no point).
    click_data(&mut h, [2.0, 5.0], PointerButton::Primary);
    settle_frames(&mut h);
    assert_eq!(h.state().dataset().points.len(), 8);
    let values: Vec<String> = h
        .get_all_by_role(Role::ComboBox)
        .filter_map(|n| n.accesskit_node().value().map(|v| v.to_string()))
        .collect();
    assert!(chosen(&h, "Point 2: (2, 5), class 1"), "{values:?}");
    assert!(
        h.query_by_label("layer₀ = [2.000, 5.000]   (1×2)")
            .is_some()
    );
    click(&mut h, "Next layer ▶");
    assert!(
        !lesson(&h).is_ticked(TASK),
        "the hidden layer is not the output"
    );
    assert!(
        h.query_by_label("W₀: a 2×4 matrix (one row per input, one column per neuron)")
            .is_some()
    );
    // The numbers are the network's own forward pass at (2, 5).
    let model = h.state().heatmap().unwrap().model.clone();
    let trace = model.explain([2.0, 5.0]);
    let hidden: Vec<String> = trace.layers[0].a.iter().map(|v| fmt4(*v)).collect();
    let text = format!("layer₁ = sigmoid(z₁) = [{}]   (1×4)", hidden.join(", "));
    assert!(h.query_by_label(&text).is_some(), "no row {text:?}");
    click(&mut h, "Next layer ▶");
    settle_frames(&mut h);
    assert!(lesson(&h).is_ticked(TASK));
    let out = trace.output()[0];
    let value = fmt4(out);
    let class = usize::from(out > 0.5);
    let result = format!("Output {value}: the network says class {class}.");
    assert!(h.query_by_label(&result).is_some(), "no {result:?}");
}
