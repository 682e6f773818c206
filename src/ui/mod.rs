//! The eframe/egui application: the live playground window.
//!
//! Where things live (each part owns its runtime state and pushes [`action::Action`]s; they
//! are applied once, at the end of the frame, in `action.rs`):
//!
//! - [`app`]: [`NnvizApp`] — persisted state, worker link, parts; the frame's order.
//! - [`state`]: [`PersistedState`] (what survives a restart), its repair and loading.
//! - [`action`]: the one `Action` enum and the one place that applies actions and builds
//!   worker commands (with `worker_link`, which keeps the view in step).
//! - `worker_link`: spawning the worker, the crash policy, draining its updates.
//! - [`shortcuts`]: every keyboard shortcut in one table, in order of precedence.
//! - `layout`: where the parts go; presentation mode.
//! - parts: `parts/` (transport bar, side panel and its sections, loss plot, status bar,
//!   menu, files), [`canvas`], [`network_view`] (diagram, explain, timeline, inspector).
//! - `theme`, `format`, `words`: colours and fonts, numbers, the worker's facts as sentences.
//! - `undo`, `measure`: undo of the points; the `--screenshot` and `--measure` modes.

pub mod action;
pub mod app;
pub mod args;
pub mod canvas;
mod format;
pub mod layout;
pub mod lesson;
mod measure;
pub mod message;
pub mod network_view;
pub mod parts;
pub mod settings_file;
pub mod shortcuts;
pub mod state;
mod theme;
mod undo;
mod words;
pub mod worker_link;

pub use app::NnvizApp;
pub use args::{AppArgs, Renderer};
pub use network_view::{explain, layout as diagram};
pub use state::{GeneratorSettings, PersistedState, StopSettings, ViewSettings, load_state};
pub use theme::setup_context;

use std::sync::{Arc, Mutex};

/// Window title and storage key of the app.
pub const APP_ID: &str = "nnviz";

/// Opens the app window and runs it until it is closed.
///
/// `--screenshot FILE` and `--measure SECONDS` run the real window in a scripted mode and
/// exit by themselves (see `measure`). `lang` (the `--lang` flag) overrides the language saved
/// in View ▸ Language and the system's.
pub fn run_app(args: AppArgs, lang: Option<crate::i18n::Language>) -> anyhow::Result<()> {
    keep_freed_memory();
    let scripted = args.screenshot.is_some() || args.measure.is_some();
    let viewport = egui::ViewportBuilder::default()
        .with_title(crate::tr!("window-title"))
        .with_app_id(APP_ID)
        .with_inner_size(
            settings_file::saved_window_size()
                .filter(|_| !scripted && !args.fresh)
                .unwrap_or([1280.0, 800.0]),
        )
        .with_min_inner_size([820.0, 560.0]);
    let options = eframe::NativeOptions {
        viewport,
        renderer: match args.renderer {
            Renderer::Glow => eframe::Renderer::Glow,
            Renderer::Wgpu => eframe::Renderer::Wgpu,
        },
        // The window's size goes into nnviz's own settings file (`settings_file`).
        persist_window: false,
        // No dithering: every colour nnviz draws is already 8-bit (the heatmaps are 8-bit
        // textures), and its noise is computed for every pixel of every shape, which a
        // software renderer (Mesa's llvmpipe, what a machine without a GPU driver uses) pays
        // on the CPU. Measured under Xvfb on a 2-core AMD EPYC (Zen 4), the tutorial training
        // with the hidden-space view open: 48 → 59 fps, edit latency 22.5 → 19.2 ms
        // (interleaved runs).
        dithering: false,
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
                lang,
                outcome_for_app,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!(crate::tr!("window-not-opened", detail = e.to_string())))?;

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
