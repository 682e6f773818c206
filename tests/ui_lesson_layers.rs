//! Lesson step 3, layers: the tutorial's 2-4-1 network with 2·4 + 4·1 = 12 connections; the
//! "+ Hidden neuron" button gives the worker a 2-5-1 network, the count follows, and the task
//! ticks then, not before.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::lesson::{at_step, click, lesson, settle_frames};
use common::wait_until;
use egui_kittest::kittest::Queryable;
use nnviz::ui::lesson::LessonStep;

const TASK: &str = "layers-add-unit";

#[test]
fn adding_a_hidden_neuron_changes_the_count_and_ticks_the_task() {
    let mut h = at_step(LessonStep::Layers);
    wait_until(&mut h, "the tutorial's network", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.sizes() == vec![2, 4, 1])
    });
    settle_frames(&mut h);
    assert!(h.state().diagram_open(), "the step is about the diagram");
    assert!(
        h.query_by_label("Connections (weights): 2·4 + 4·1 = 12")
            .is_some()
    );
    assert!(!lesson(&h).is_ticked(TASK));
    // Removing one is not the task.
    click(&mut h, "− Hidden neuron");
    settle_frames(&mut h);
    assert_eq!(h.state().persisted().model_config.hidden, vec![3]);
    assert!(
        h.query_by_label("Connections (weights): 2·3 + 3·1 = 9")
            .is_some()
    );
    assert!(!lesson(&h).is_ticked(TASK));
    click(&mut h, "+ Hidden neuron");
    settle_frames(&mut h);
    assert_eq!(h.state().persisted().model_config.hidden, vec![4]);
    assert!(
        !lesson(&h).is_ticked(TASK),
        "back at 4 neurons: not more yet"
    );
    click(&mut h, "+ Hidden neuron");
    wait_until(&mut h, "the 2-5-1 network", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.sizes() == vec![2, 5, 1])
    });
    settle_frames(&mut h);
    assert!(
        h.query_by_label("Connections (weights): 2·5 + 5·1 = 15")
            .is_some()
    );
    assert!(lesson(&h).is_ticked(TASK));
}
