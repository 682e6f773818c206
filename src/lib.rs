//! # nnviz — a live playground for small neural networks
//!
//! nnviz turns the classic "2-4-1 sigmoid network on 8 points" lesson into a live tool:
//! the network trains on a background thread while you add, drag and delete points and
//! watch the decision boundary move.
//!
//! The crate is split so that the maths never depends on the UI:
//!
//! - [`nn`]: multi-layer perceptrons on nalgebra matrices — activations, losses, optimisers,
//!   forward/backward passes and fast grid prediction.
//! - [`data`]: labelled 2-D points, presets (the tutorial's `seed` set and generators) and CSV input.
//! - [`render`]: model outputs on a grid → RGBA heatmap, one code path for the UI and PNG export.
//! - [`train`]: the training worker thread, driven by [`train::Command`]s, publishing [`train::Update`]s.
//! - [`ui`]: the eframe/egui application.
//! - [`cli`]: the headless `nnviz train` command.
//! - [`i18n`]: the interface in English and Simplified Chinese ([`tr!`]).
//! - [`mod@format`]: numbers as the user reads them (e.g. [`format::percent`]).

pub mod cli;
mod cli_progress;
pub mod data;
pub mod export;
pub mod format;
pub mod fsutil;
pub mod i18n;
pub(crate) mod json;
pub mod nn;
pub mod render;
pub mod session;
pub mod train;
pub mod ui;
