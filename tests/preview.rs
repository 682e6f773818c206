//! Instant edits: after an edit whose full heatmap would be slow, the worker first publishes a
//! coarse preview, then the full heatmap. Manual workers, so every step is deterministic: a
//! manual worker publishes a heatmap only for a flush and uses the fixed cost model.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{Bounds, Dataset, LabeledPoint, PointEdit};
use nnviz::nn::ModelConfig;
use nnviz::train::{
    Command, HeatmapFrame, PREVIEW_RESOLUTION, Speed, Worker, WorkerOptions, adaptive_resolution,
};
use std::sync::Arc;
use std::time::Duration;

const FLUSH: Duration = Duration::from_secs(20);

fn spawn(hidden: Vec<usize>) -> Worker {
    let mut config = ModelConfig::tutorial();
    config.hidden = hidden;
    Worker::spawn_with(
        WorkerOptions { manual: true },
        Dataset::seed(),
        config,
        7,
        Speed::Unlimited,
        true,
        || {},
    )
    .expect("spawn the worker")
}

/// The heatmap published by a flush.
fn flushed(w: &Worker) -> HeatmapFrame {
    assert!(w.flush(FLUSH), "the worker did not flush");
    w.take_heatmap().expect("a heatmap after a flush")
}

const VIEW: Bounds = Bounds {
    x_min: -1.0,
    x_max: 8.0,
    y_min: -1.0,
    y_max: 8.0,
};

#[test]
fn a_big_network_shows_an_edit_first_as_a_preview_then_in_full() {
    let mut w = spawn(vec![64; 8]);
    w.send(Command::SetView {
        bounds: VIEW,
        resolution: 256,
    });
    w.send(Command::SetUnitMaps {
        enabled: true,
        resolution: 16,
    });
    // The view changed: its first heatmap is a preview too.
    assert!(flushed(&w).preview);
    let first = flushed(&w);
    let full = adaptive_resolution(256, &first.model.mlp);
    assert!(!first.preview);
    assert_eq!(first.predicted, full);
    assert!(full > PREVIEW_RESOLUTION && full < 256, "{full}");
    assert_eq!(first.prediction.nx, 256, "interpolated to the shown size");
    let maps = first.unit_maps.clone().expect("unit maps");

    for edit in [
        PointEdit::Move {
            index: 0,
            pos_in_data: [2.0, 3.0],
        },
        PointEdit::Add(LabeledPoint::new(4.0, 4.0, 1)),
        PointEdit::Remove { index: 1 },
    ] {
        let seq = w.send(Command::EditPoints(edit));
        w.send(Command::Advance { steps: 3 });
        let preview = flushed(&w);
        assert!(
            preview.preview,
            "{edit:?}: the first heatmap is the preview"
        );
        assert!(preview.applied_seq >= seq);
        assert_eq!(preview.predicted, PREVIEW_RESOLUTION);
        assert_eq!(preview.prediction.nx, PREVIEW_RESOLUTION);
        assert_eq!(preview.image.width, PREVIEW_RESOLUTION);
        assert_eq!(preview.bounds, VIEW);
        // The diagram keeps the last full heatmap's maps meanwhile.
        assert!(preview.unit_maps.is_some());

        let next = flushed(&w);
        assert!(!next.preview, "{edit:?}: then the full heatmap");
        assert_eq!(next.predicted, full);
        assert_eq!(next.prediction.nx, 256);
        assert_eq!(next.step, preview.step, "the same weights, finer");
        assert!(next.unit_maps.is_some());
    }
    // The first full heatmap's maps were the preview's until a full one replaced them.
    assert_eq!(maps.nx, 16);
    // No edit, no preview.
    w.send(Command::Advance { steps: 3 });
    assert!(!flushed(&w).preview);
    // The preview's unit maps are the very maps of the full heatmap before it.
    let full_maps = flushed(&w).unit_maps.expect("maps");
    w.send(Command::EditPoints(PointEdit::Move {
        index: 0,
        pos_in_data: [3.0, 3.0],
    }));
    let preview = flushed(&w);
    assert!(preview.preview);
    assert!(Arc::ptr_eq(&full_maps, &preview.unit_maps.expect("maps")));
}

#[test]
fn a_small_network_needs_no_preview() {
    let mut w = spawn(vec![4]);
    w.send(Command::SetView {
        bounds: VIEW,
        resolution: 256,
    });
    let first = flushed(&w);
    assert!(!first.preview);
    assert_eq!(first.predicted, 256);
    let seq = w.send(Command::EditPoints(PointEdit::Move {
        index: 0,
        pos_in_data: [2.0, 3.0],
    }));
    let f = flushed(&w);
    assert!(f.applied_seq >= seq);
    assert!(!f.preview, "the full heatmap at once");
    assert_eq!(f.prediction.nx, 256);
}

#[test]
fn the_cost_model_gives_big_networks_fewer_cells() {
    let mut config = ModelConfig::tutorial();
    let data = Dataset::seed();
    let res = |hidden: Vec<usize>, config: &mut ModelConfig| {
        config.hidden = hidden;
        let model = nnviz::nn::Model::new(config.clone(), &data, 1).expect("model");
        adaptive_resolution(256, model.mlp())
    };
    assert_eq!(res(vec![4], &mut config), 256);
    assert_eq!(res(vec![8; 6], &mut config), 256);
    let big = res(vec![64; 8], &mut config);
    assert_eq!(big, 112);
    assert_eq!(big % 16, 0);
}

mod common;

#[test]
fn the_canvas_shows_a_click_first_as_a_preview_then_in_full() {
    use common::{click_data, harness, settle, wait_until};
    let mut state = nnviz::ui::PersistedState::tutorial();
    state.model_config.hidden = vec![64; 8];
    let mut h = harness(state);
    wait_until(&mut h, "the full heatmap", |a| {
        a.heatmap().is_some_and(|f| !f.preview)
    });
    let before = h.state().heatmap().map(|f| f.prediction.nx);
    click_data(&mut h, [2.5, 2.5], egui::PointerButton::Primary);
    settle(&mut h);
    let f = h.state().heatmap().expect("a heatmap");
    assert!(f.preview, "the click shows first as a preview");
    assert_eq!(f.prediction.nx, PREVIEW_RESOLUTION);
    settle(&mut h);
    let f = h.state().heatmap().expect("a heatmap");
    assert!(!f.preview, "then the full heatmap");
    assert_eq!(Some(f.prediction.nx), before);
}
