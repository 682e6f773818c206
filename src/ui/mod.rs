//! The eframe/egui application: the live playground window.
//!
//! - [`app`]: [`NnvizApp`] (implements [`eframe::App`]), the persisted settings
//!   ([`PersistedState`]) and everything that talks to the training worker.
//! - `canvas`: the heatmap with the points on top, in data coordinates with axes.
//! - `controls`: the side panel (Data, Training, Network, View).
//! - `loss_plot`: error and loss against step.
//! - `status`: the status bar and messages.
//! - `measure`: the `--screenshot` and `--measure` modes.
//! - `words`: the worker's facts ([`crate::train::Refusal`], …) as sentences.

pub mod app;
mod canvas;
mod controls;
mod dataset_panel;
pub mod diagram;
pub mod explain;
mod file_dialog;
mod files;
mod loss_plot;
mod measure;
mod menu;
mod metrics;
mod network_editor;
mod status;
mod timeline;
mod training_options;
mod undo;
mod words;

pub use app::{NnvizApp, PersistedState, load_state, setup_context};
pub use dataset_panel::GeneratorSettings;
pub use metrics::StopSettings;

use crate::cli::{AppArgs, Renderer};
use std::sync::{Arc, Mutex};

/// Window title and storage key of the app.
pub const APP_ID: &str = "nnviz";

/// Opens the app window and runs it until it is closed.
///
/// `--screenshot FILE` and `--measure SECONDS` run the real window in a scripted mode and
/// exit by themselves (see `measure`).
pub fn run_app(args: AppArgs) -> anyhow::Result<()> {
    keep_freed_memory();
    let scripted = args.screenshot.is_some() || args.measure.is_some();
    let viewport = egui::ViewportBuilder::default()
        .with_title("nnviz — neural network playground")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([820.0, 560.0]);
    let options = eframe::NativeOptions {
        viewport,
        renderer: match args.renderer {
            Renderer::Glow => eframe::Renderer::Glow,
            Renderer::Wgpu => eframe::Renderer::Wgpu,
        },
        persist_window: !scripted,
        ..Default::default()
    };

    let outcome: Arc<Mutex<Option<anyhow::Result<()>>>> = Arc::new(Mutex::new(None));
    let outcome_for_app = Arc::clone(&outcome);
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            Ok(Box::new(NnvizApp::from_creation_context(
                cc,
                &args,
                outcome_for_app,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;

    let result = outcome.lock().map(|mut o| o.take()).unwrap_or(None);
    result.unwrap_or(Ok(()))
}

/// Tells glibc's allocator to keep freed memory instead of handing it back to the kernel.
///
/// Every frame the renderer (Mesa's vertex buffers, egui's meshes, texture uploads) frees and
/// reallocates a few MB; with glibc's defaults the heap is trimmed after each free and the next
/// frame page-faults it back in: measured, 40 % of the UI thread's time was spent in the kernel
/// doing that. A desktop app can afford to keep its peak heap. Blocks up to 32 MiB (glibc's
/// largest allowed threshold) come from the heap, not from a fresh `mmap` each time: setting
/// the trim threshold also freezes the otherwise adaptive mmap threshold at 128 KiB.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets allocator parameters; it is called before any other
        // thread of ours exists. A refusal (return 0) leaves that default, which only costs
        // speed, so it is reported on stderr and otherwise ignored.
        let (trim, mmap) = unsafe {
            (
                libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30),
                libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20),
            )
        };
        if trim == 0 || mmap == 0 {
            eprintln!("nnviz: the allocator refused a setting (trim {trim}, mmap {mmap})");
        }
    }
}
