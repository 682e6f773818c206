//! The app's command-line options (`nnviz [SESSION.json] [--fresh] …`); `cli` parses them
//! with the rest of the command line.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Which graphics backend the window uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Renderer {
    /// OpenGL (fastest on software rendering).
    #[default]
    Glow,
    /// wgpu (Vulkan/GL/Metal).
    Wgpu,
}

/// Options of the interactive app.
#[derive(Clone, Debug, Default, Args)]
pub struct AppArgs {
    /// Save a screenshot of the window to FILE (PNG) after --after-frames frames, then exit.
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// Frames to render before the screenshot is taken.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub after_frames: u64,
    /// Run at full training speed with a scripted drag for SECONDS, then print frame statistics.
    #[arg(long, value_name = "SECONDS")]
    pub measure: Option<f64>,
    /// With --measure or --screenshot: generate this many points first (the current preset's,
    /// or 3-class Gaussian blobs instead of the tutorial's points) and, without a session
    /// file, train a 2-8-8-3 network on them.
    #[arg(long, value_name = "N")]
    pub measure_points: Option<usize>,
    /// Graphics backend.
    #[arg(long, value_enum, default_value_t = Renderer::Glow)]
    pub renderer: Renderer,
    /// Start from the tutorial, ignoring (and not overwriting) the saved state.
    #[arg(long)]
    pub fresh: bool,
    /// Open the hidden-space view at start (also for --measure and --screenshot).
    #[arg(long)]
    pub hidden_space: bool,
    /// Open the lesson at STEP (1-8; without a number: step 1).
    #[arg(long, value_name = "STEP", num_args = 0..=1, default_missing_value = "1",
          value_parser = clap::value_parser!(u8).range(1..=8))]
    pub lesson: Option<u8>,
    /// Open this session file (saved by the app or by `nnviz train --save`) instead of the
    /// state saved on exit.
    #[arg(value_name = "SESSION.json")]
    pub session: Option<PathBuf>,
}
