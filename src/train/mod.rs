//! The training worker: a background thread that owns the model and trains it live.
//!
//! The UI talks to it through a [`Worker`] handle:
//!
//! - [`Worker::send`] queues a [`Command`] (point edits, settings, pause/step/reset, the
//!   heatmap's view) and returns its sequence number. Commands are applied strictly in order.
//! - [`Worker::try_recv`] hands back [`Update`]s: [`Stats`] (≤ 30×/s while training), the
//!   decimated [`LossHistory`] (≤ 20×/s and on every reset), and facts: a stop
//!   ([`StopReason`]), a divergence ([`DivergeCause`]), a refusal ([`Refusal`]), a crash.
//!   The worker writes no sentences; the UI words the facts. Stats and loss updates nobody has read yet are replaced by newer ones, so a
//!   hidden window never makes the queue grow.
//! - [`Worker::take_heatmap`] takes the newest [`HeatmapFrame`] from a latest-wins slot
//!   (≤ 60×/s while training).
//!
//! After every command the worker publishes fresh stats and then a heatmap whose
//! `applied_seq` is that command's (when running, after one slice of training on it), so
//! an edit shows within one slice plus one heatmap. After an edit of the points or the view
//! whose full heatmap would be slow, that heatmap is first a coarse preview
//! ([`HeatmapFrame::preview`], [`PREVIEW_RESOLUTION`] cells a side) and the full one
//! follows; the full heatmap's resolution follows the grid predictor's measured speed within
//! [`HEATMAP_BUDGET`] (a manual worker uses the fixed cost model, [`adaptive_resolution`]). Stats queued when a heatmap with
//! `applied_seq ≥ n` arrives were computed after command `n`.
//!
//! The thread trains in slices of about 2 ms (or the step budget of the current
//! [`Speed`]), checking the clock only every 256 steps, so the tutorial's network runs at
//! millions of steps per second. A non-finite loss restores the last finite weights, pauses
//! and sends [`Update::Diverged`]; a panic sends [`Update::Crashed`] and ends the thread.
//! Dropping the [`Worker`] stops and joins the thread.
//!
//! For tests, [`Worker::spawn_with`] and [`WorkerOptions::manual`] give a worker that never
//! trains by itself (only on [`Command::Advance`] and [`Command::Step`]), and
//! [`Worker::flush`] waits until everything sent so far is applied and published.

mod command;
mod facts;
mod history;
mod inside;
mod worker;

pub use command::{Command, Confusion, HeatmapFrame, Speed, Stats, Update};
pub use facts::{DivergeCause, Health, Parameter, Refusal, StopReason, Units};
pub use history::{LossHistory, LossSample, TestLossSample};
pub use inside::{
    DivergingTable, Timeline, TimelineEntry, UnitColours, UnitImage, diverging, layer_activation,
    unit_image, unit_range,
};
pub use worker::{
    HEATMAP_BUDGET, PREVIEW_RESOLUTION, Worker, WorkerOptions, adaptive_resolution,
    fitting_resolution, madds_per_cell, model_ns_per_cell, wants_preview,
    windowless_steps_per_second,
};
