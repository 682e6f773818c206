//! Computing and publishing heatmaps on the training thread.
//!
//! After an edit (points or view) whose full heatmap would be slow, a coarse preview
//! ([`super::PREVIEW_RESOLUTION`] cells a side, shown as it is) goes out
//! first, so the boundary follows a dragged point at once; the full heatmap follows after the
//! usual gap. A full heatmap of the free-running worker is predicted in bands of rows and
//! gives way as soon as a command waits (it is computed again after it), so a slow map never
//! delays the next edit. Its resolution follows the predictor's measured speed
//! (`resolution`); a manual worker uses the fixed cost model and never gives way.

use super::super::command::HeatmapFrame;
use super::super::facts::DivergeCause;
use super::resolution::{
    PREVIEW_RESOLUTION, ThreadClock, adaptive_resolution, model_ns_per_cell, wants_preview,
};
use super::train_loop::TrainLoop;
use super::{HEATMAP_INTERVAL, HEATMAP_MIN_GAP, lock};
use crate::nn::{GridPrediction, GridSpec, UnitMaps};
use crate::render::{Rgba8Image, ValueScale, heatmap_into, value_heatmap_into};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Prediction time of one band of a full heatmap (the longest a waiting command waits).
const BAND_TIME: Duration = Duration::from_micros(2_500);

/// A full heatmap older than this no longer gives way to a waiting command.
const MAX_FULL_AGE: Duration = Duration::from_millis(150);

/// What [`publish_heatmap`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeatmapOutcome {
    /// Published a preview; the full heatmap is still due.
    Preview,
    /// Published the full heatmap.
    Full,
    /// Computed one that must not be shown (non-finite outputs).
    Withheld,
    /// Stopped because a command waits; nothing published.
    GaveWay,
    /// Nothing was due (an edit that needs no preview waits for the usual pacing).
    NotDue,
}

/// The diagram's maps of the last full heatmap, shown again with a preview.
#[derive(Clone, Debug, Default)]
pub(super) struct LastInside {
    unit_maps: Option<Arc<UnitMaps>>,
    unit_image: Option<Arc<crate::train::UnitImage>>,
    hidden_space: Option<Arc<crate::nn::HiddenSpace>>,
    hidden_space_step: Option<u64>,
}

// Free functions over the training loop (not methods), so that `TrainLoop`'s own
// behaviour stays in `train_loop.rs` and `apply.rs`.

/// Computes a heatmap and puts it in the slot: a preview right after a slow edit, else
/// the full one (which gives way to a waiting command unless `all` or manual).
pub(super) fn publish_heatmap(tl: &mut TrainLoop<'_>, all: bool) -> HeatmapOutcome {
    let started = Instant::now();
    tl.timeline_tick();
    let (bounds, shown) = tl.view();
    let mlp = tl.model.mlp();
    let (full, ns_per_cell) = if tl.manual {
        (adaptive_resolution(shown, mlp), model_ns_per_cell(mlp))
    } else {
        (
            tl.grid_speed.resolution(shown, mlp),
            tl.grid_speed.ns_per_cell(mlp),
        )
    };
    let slow = wants_preview(full, ns_per_cell);
    let preview = tl.preview_pending && slow;
    tl.preview_pending = false;
    if !(preview || all || tl.heatmap.due(started)) {
        // An edit whose full heatmap is quick: the usual pacing shows it.
        return HeatmapOutcome::NotDue;
    }
    // A preview is shown at its own resolution; a full heatmap predicted on a coarser
    // grid is interpolated to the shown one (a smooth boundary).
    let (res, shown) = if preview {
        (PREVIEW_RESOLUTION, PREVIEW_RESOLUTION)
    } else {
        (full, shown)
    };
    let grid = GridSpec::cell_centers(&bounds, res, res);
    let mut frame = tl.spare.take().unwrap_or_else(|| HeatmapFrame {
        image: Rgba8Image::default(),
        prediction: GridPrediction::default(),
        bounds,
        step: 0,
        applied_seq: 0,
        model: Arc::new(tl.model.snapshot()),
        unit_maps: None,
        unit_image: None,
        predicted: 0,
        preview: false,
        hidden_space: None,
        hidden_space_step: None,
        published: started,
    });
    let coarse = res < shown;
    let mut target = if coarse {
        std::mem::take(&mut tl.coarse)
    } else {
        std::mem::take(&mut frame.prediction)
    };
    // Only a slow map gives way (the edit that interrupts it then shows as a preview), and
    // not when the last full one is old: a steady stream of edits must not starve them.
    let starved = tl
        .last_full
        .is_some_and(|t| started.duration_since(t) > MAX_FULL_AGE);
    let band_rows = if all || tl.manual || preview || !slow || starved {
        res
    } else {
        let per_row = res as f64 * ns_per_cell.max(1e-3);
        ((BAND_TIME.as_nanos() as f64 / per_row) as usize).clamp(1, res)
    };
    let predict_start = ThreadClock::start();
    let done = predict_bands(tl, &grid, &mut target, band_rows);
    if !tl.manual && done {
        tl.grid_speed
            .record(tl.model.mlp(), grid.len(), predict_start.elapsed());
    }
    let finite = target.probs.iter().all(|p| p.is_finite());
    if coarse {
        tl.coarse = target;
    } else {
        frame.prediction = target;
    }
    if !done {
        tl.spare = Some(frame);
        tl.preview_pending |= preview;
        return HeatmapOutcome::GaveWay;
    }
    if !finite {
        // Finite weights can still overflow the f32 heatmap: never show that picture;
        // keep the last good one, and stop training as for a NaN loss.
        tl.spare = Some(frame);
        if tl.running {
            tl.diverge(DivergeCause::OutputsOverflowed);
        }
        return HeatmapOutcome::Withheld;
    }
    if coarse {
        let fine = GridSpec::cell_centers(&bounds, shown, shown);
        tl.coarse.resample_into(&grid, &fine, &mut frame.prediction);
    }
    frame.model = Arc::new(tl.model.snapshot());
    paint_prediction(
        &tl.model,
        &tl.dataset,
        &tl.style,
        &frame.prediction,
        &mut frame.image,
    );
    frame.bounds = bounds;
    frame.step = tl.model.steps();
    frame.applied_seq = tl.applied_seq;
    frame.predicted = res;
    frame.preview = preview;
    if preview {
        frame.unit_maps.clone_from(&tl.last_inside.unit_maps);
        frame.unit_image.clone_from(&tl.last_inside.unit_image);
        frame.hidden_space.clone_from(&tl.last_inside.hidden_space);
        frame.hidden_space_step = tl.last_inside.hidden_space_step;
    } else {
        // Let go of the kept maps first, so the frame's own can be reused.
        tl.last_inside = LastInside::default();
        tl.publish_inside(&mut frame, &bounds, res);
        tl.last_inside = LastInside {
            unit_maps: frame.unit_maps.clone(),
            unit_image: frame.unit_image.clone(),
            hidden_space: frame.hidden_space.clone(),
            hidden_space_step: frame.hidden_space_step,
        };
        tl.last_full = Some(started);
        if !tl.manual {
            // Full heatmaps take at most about half of the thread's time, also while
            // edits keep coming (they show as previews meanwhile).
            let cost = started.elapsed() * 2;
            tl.heatmap.interval = HEATMAP_INTERVAL.max(cost);
            tl.heatmap.min_gap = HEATMAP_MIN_GAP.max(cost);
        }
    }
    frame.published = Instant::now();
    // The frame the UI did not take comes back and is reused next time.
    tl.spare = lock(&tl.shared.heatmap).replace(frame);
    if preview {
        HeatmapOutcome::Preview
    } else {
        HeatmapOutcome::Full
    }
}

/// Colours a grid prediction of `model` (the canvas's heatmap and the timeline's pictures):
/// class regions for classification; for regression the predicted values on the diverging
/// scale of `data`'s values, as the canvas draws the points.
pub(super) fn paint_prediction(
    model: &crate::nn::Model,
    data: &crate::data::Dataset,
    style: &crate::render::HeatmapStyle,
    pred: &GridPrediction,
    out: &mut Rgba8Image,
) {
    if model.problem() == crate::data::Problem::Regression {
        let scale = ValueScale::of_values(data.points.iter().map(|p| p.value));
        value_heatmap_into(pred, model.target_transform(), scale, out);
    } else {
        heatmap_into(pred, style, out);
    }
}

/// Predicts `grid` into `out`, `band_rows` rows at a time; returns `false` as soon as a
/// message waits between two bands (`out` is then incomplete).
fn predict_bands(
    tl: &mut TrainLoop<'_>,
    grid: &GridSpec,
    out: &mut GridPrediction,
    band_rows: usize,
) -> bool {
    if band_rows >= grid.ny {
        tl.model.predict_grid(grid, out);
        return true;
    }
    let predictor = tl.model.predictor();
    out.nx = grid.nx;
    out.ny = grid.ny;
    out.probs.clear();
    let mut row = 0;
    while row < grid.ny {
        if tl.message_waiting() {
            return false;
        }
        let rows = band_rows.min(grid.ny - row);
        let band = GridSpec {
            ny: rows,
            y0: grid.y0 + row as f64 * grid.dy,
            ..*grid
        };
        predictor.predict_grid(&band, &mut tl.band);
        out.classes = tl.band.classes;
        out.probs.extend_from_slice(&tl.band.probs);
        row += rows;
    }
    true
}
