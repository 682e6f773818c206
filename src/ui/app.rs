//! [`NnvizApp`]: the persisted state, the link to the worker, the parts, and the frame's
//! order. Nothing else lives here.
//!
//! A frame: the worker's updates become actions; the shortcuts are read from their table; the
//! parts draw and push actions; at the end every action is applied in one place
//! (`action.rs`), undo records what changed, and the worker is told the new view.

use super::action::{Action, KEY_PAN, KEY_ZOOM};
use super::shortcuts::{self, Shortcut, SpaceKey};
use super::state::{PersistedState, load_state};
use super::worker_link::WorkerLink;
use crate::data::{Bounds, Dataset};
use crate::train::{HeatmapFrame, LossHistory, Stats};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use super::parts::status::{Message, MessageKind};
pub use super::state::STORAGE_KEY;
pub use super::worker_link::{CRASH_WINDOW, MAX_CRASHES};

/// The parts of the window, each with its own runtime state.
#[derive(Default)]
pub(crate) struct Parts {
    /// Play, step, reset, the counters, learning rate and speed (always visible).
    pub transport: super::parts::transport::Transport,
    /// The side panel's sections.
    pub side: super::parts::side::SidePanel,
    /// The heatmap with the points.
    pub canvas: super::canvas::Canvas,
    /// Error and loss against step.
    pub loss_plot: super::parts::loss_plot::LossPlot,
    /// Diagram, explain, timeline, unit inspector.
    pub inside: super::network_view::Inside,
    /// Sessions, CSV, pictures, dialogs, autosave.
    pub files: super::parts::files::Files,
    /// Undo and redo of the points.
    pub undo: super::undo::Undo,
    /// The status bar and its messages.
    pub status: super::parts::status::StatusBar,
    /// Space: tap to play, hold to pan.
    pub space: SpaceKey,
    /// Presentation mode (F11): canvas and plot fill the window.
    pub presenting: bool,
    /// `--screenshot` / `--measure`.
    pub scripted: Option<super::measure::ScriptedMode>,
}

/// The nnviz application.
pub struct NnvizApp {
    /// What survives a restart.
    pub(crate) state: PersistedState,
    /// The training worker and what it last reported.
    pub(crate) link: WorkerLink,
    /// The window's parts.
    pub(crate) parts: Parts,
    /// Actions pushed this frame, applied at its end.
    pub(crate) actions: Vec<Action>,
}

impl NnvizApp {
    /// An app with the given state; the worker starts on the first frame.
    pub fn new(mut state: PersistedState) -> Self {
        let repaired = state.sanitize();
        let mut app = Self {
            state,
            link: WorkerLink::default(),
            parts: Parts::default(),
            actions: Vec::new(),
        };
        if let Some(what) = repaired {
            app.parts.status.post(
                MessageKind::Warning,
                format!("Saved settings were partly invalid ({what}) and were repaired."),
            );
        }
        app
    }

    /// An app for headless tests: never saves, starts the worker on the first frame.
    pub fn new_for_test(state: PersistedState) -> Self {
        Self::new(state)
    }

    /// An app with the state stored in `storage` (the tutorial without one), repaired where
    /// needed; a store that cannot be read or had to be repaired leaves a warning in the
    /// status bar. Never saves (see [`Self::from_creation_context`] for that).
    pub fn from_storage(storage: Option<&dyn eframe::Storage>) -> Self {
        let (state, load_problem) = load_state(storage);
        let mut app = Self::new(state);
        if let Some(text) = load_problem {
            app.parts.status.post(MessageKind::Warning, text);
        }
        app
    }

    /// The app as eframe creates it: loads the stored state unless `--fresh`, and sets up
    /// the screenshot / measure modes.
    pub(crate) fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        args: &super::AppArgs,
        outcome: Arc<Mutex<Option<anyhow::Result<()>>>>,
    ) -> Self {
        let scripted = super::measure::ScriptedMode::from_args(args, outcome);
        let ignore_store = args.fresh || args.measure.is_some();
        if ignore_store || scripted.is_some() {
            // Also forget egui's own remembered widget state (open sections, plot zoom…).
            cc.egui_ctx.memory_mut(|m| *m = Default::default());
        }
        super::theme::setup_context(&cc.egui_ctx);
        let mut app = Self::from_storage(if ignore_store { None } else { cc.storage });
        app.parts.files.save_enabled = !args.fresh && scripted.is_none();
        let use_store = !ignore_store && scripted.is_none();
        let mut out = Vec::new();
        app.parts
            .files
            .startup(args, cc.storage, use_store, &app.state, &mut out);
        app.actions.extend(out);
        app.apply_actions();
        app.parts.undo = Default::default();
        if let Some(mode) = scripted {
            mode.prepare(&mut app.state);
            app.parts.scripted = Some(mode);
        }
        app
    }

    // ---- the frame ----

    /// Draws the whole app into `ui` (also used by the headless tests).
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut out = std::mem::take(&mut self.actions);
        self.link.pump(&ctx, &self.state, &mut out);

        let dialog = self.modal_open();
        let keys = shortcuts::Context {
            typing: ctx.text_edit_focused(),
            dialog,
            diagram_focused: self.parts.inside.diagram_focused(&ctx),
            explain: self.parts.inside.explain_open,
            hovered_point: self.parts.canvas.hovered_point().is_some(),
        };
        if self.parts.space.read(&ctx, keys) {
            out.push(Action::TogglePlay);
        }
        for s in shortcuts::read(&ctx, keys) {
            self.dispatch_shortcut(s, &mut out);
        }

        self.parts.files.frame_ui(&ctx, &self.state, &self.link, &mut out);
        self.parts.inside.frame(&ctx, &self.state, &self.link, &mut out);
        super::layout::layout_ui(ui, self, &mut out);

        self.actions.extend(out);
        self.apply_actions();
        self.parts
            .undo
            .checkpoint(&self.state.dataset, self.parts.canvas.is_dragging());
        let wish = self.parts.inside.wish(&self.link);
        let view = self.state.view();
        self.link.sync(view, self.parts.canvas.resolution(), wish);

        if self.parts.canvas.is_interacting() {
            ctx.request_repaint();
        }
        // Messages fade after a while; wake up to remove them.
        if self.parts.status.has_fresh_message() {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
    }

    /// Turns a shortcut into actions, or into a change of the part it belongs to.
    fn dispatch_shortcut(&mut self, s: Shortcut, out: &mut Vec<Action>) {
        let p = &mut self.parts;
        match s {
            Shortcut::Undo => out.push(Action::Undo),
            Shortcut::Redo => out.push(Action::Redo),
            Shortcut::Save => p.files.save_shortcut(out),
            Shortcut::SaveAs => p.files.open_dialog(super::parts::files::FileAction::SaveSession),
            Shortcut::Open => p.files.open_dialog(super::parts::files::FileAction::OpenSession),
            Shortcut::Escape => {
                p.inside.escape();
                p.presenting = false;
            }
            Shortcut::Presentation => p.presenting = !p.presenting,
            Shortcut::DiagramUp
            | Shortcut::DiagramDown
            | Shortcut::DiagramLeft
            | Shortcut::DiagramRight
            | Shortcut::DiagramShowUnit
            | Shortcut::DiagramWeights => p.inside.diagram_key(s),
            Shortcut::ZoomIn => out.push(Action::ZoomView {
                factor: 1.0 / KEY_ZOOM,
                centre: None,
            }),
            Shortcut::ZoomOut => out.push(Action::ZoomView {
                factor: KEY_ZOOM,
                centre: None,
            }),
            Shortcut::Fit => out.push(Action::FitView),
            Shortcut::PanLeft => out.push(Action::PanView { fx: -KEY_PAN, fy: 0.0 }),
            Shortcut::PanRight => out.push(Action::PanView { fx: KEY_PAN, fy: 0.0 }),
            Shortcut::PanUp => out.push(Action::PanView { fx: 0.0, fy: KEY_PAN }),
            Shortcut::PanDown => out.push(Action::PanView { fx: 0.0, fy: -KEY_PAN }),
            Shortcut::AddPoint => {
                let view = self.state.view();
                let at = p.canvas.hover_data().unwrap_or([
                    (view.x_min + view.x_max) / 2.0,
                    (view.y_min + view.y_max) / 2.0,
                ]);
                out.push(Action::AddPoint(at));
            }
            Shortcut::DeleteHovered => {
                if let Some(i) = p.canvas.hovered_point()
                    && !p.canvas.is_dragging()
                {
                    out.push(Action::RemovePoint(i));
                }
            }
            Shortcut::Step => out.push(Action::Step),
            Shortcut::Reset => out.push(Action::ResetWeights),
            Shortcut::Class(c) => out.push(Action::SelectClass(c)),
            Shortcut::ToggleDiagram => p.inside.toggle_diagram(),
            Shortcut::ToggleExplain => p.inside.toggle_explain(),
            Shortcut::ToggleTimeline => p.inside.toggle_timeline(),
            Shortcut::ExplainNext | Shortcut::ExplainPrev | Shortcut::ExplainPin => {
                p.inside
                    .explain_key(s, &self.state, &self.link, p.canvas.hover_data())
            }
        }
    }

    /// Whether a dialog that owns the keyboard is showing: a file dialog, the CSV column
    /// chooser or the weight/bias popup. Single-key shortcuts are off meanwhile.
    pub(crate) fn modal_open(&self) -> bool {
        self.parts.files.dialog_open() || self.parts.inside.edit_open()
    }

    // ---- reading the state (tests, the scripted modes) ----

    /// The window's copy of the points.
    pub fn dataset(&self) -> &Dataset {
        &self.state.dataset
    }

    /// Class a click adds.
    pub fn selected_class(&self) -> usize {
        self.state.selected_class
    }

    /// The learning rate (stored once, in the training settings).
    pub fn learning_rate(&self) -> f64 {
        self.state.learning_rate()
    }

    /// The last stats the worker published.
    pub fn last_stats(&self) -> Option<Stats> {
        self.link.stats
    }

    /// The persisted part of the state.
    pub fn persisted(&self) -> &PersistedState {
        &self.state
    }

    /// Whether training is (supposed to be) running.
    pub fn is_running(&self) -> bool {
        self.state.running
    }

    /// The message shown while training is stopped by a NaN/inf loss.
    pub fn diverged_message(&self) -> Option<&str> {
        self.link.diverged.as_deref()
    }

    /// All messages posted so far (newest last).
    pub fn messages(&self) -> &[Message] {
        self.parts.status.messages()
    }

    /// The loss history the plot shows.
    pub fn loss_history(&self) -> Option<&LossHistory> {
        self.link.loss.as_deref()
    }

    /// The latest heatmap from the worker.
    pub fn heatmap(&self) -> Option<&HeatmapFrame> {
        self.link.heatmap.as_ref()
    }

    /// The visible data rectangle.
    pub fn view(&self) -> Bounds {
        self.state.view()
    }

    /// Sequence number of the last command sent to the (current) worker; a heatmap whose
    /// `applied_seq` is at least this was computed after the worker applied it.
    pub fn last_command_seq(&self) -> Option<u64> {
        self.link.last_seq
    }

    /// Whether automatic restarts of the worker stopped after repeated crashes (Play retries).
    pub fn worker_restarts_paused(&self) -> bool {
        self.link.respawn_paused
    }

    /// Whether a training thread is running.
    pub fn has_worker(&self) -> bool {
        self.link.has_worker()
    }

    /// Whether presentation mode is on.
    pub fn presenting(&self) -> bool {
        self.parts.presenting
    }

    /// The canvas part (tests read its geometry and hover).
    pub fn canvas(&self) -> &super::canvas::Canvas {
        &self.parts.canvas
    }

    /// The diagram/explain/timeline part.
    pub fn inside(&self) -> &super::network_view::Inside {
        &self.parts.inside
    }

    /// The files part (current file, recent files, saving, exporting).
    pub fn files(&self) -> &super::parts::files::Files {
        &self.parts.files
    }

    /// The files part, to start file operations from tests.
    pub fn files_mut(&mut self) -> (&mut super::parts::files::Files, &PersistedState, &WorkerLink) {
        (&mut self.parts.files, &self.state, &self.link)
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.parts.undo.can_undo(&self.state.dataset)
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        self.parts.undo.can_redo()
    }

    /// Sets the window in which [`MAX_CRASHES`] crashes stop the automatic restarts
    /// (tests use a long one, so that slow machines count every crash).
    #[doc(hidden)]
    pub fn set_crash_window_for_test(&mut self, window: Duration) {
        self.link.crash_window = window;
    }
}

impl eframe::App for NnvizApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let cpu = frame.info().cpu_usage;
        if let Some(mut mode) = self.parts.scripted.take() {
            mode.before_frame(self, ui.ctx(), cpu);
            self.parts.scripted = Some(mode);
        }
        self.ui_root(ui);
        if let Some(mut mode) = self.parts.scripted.take() {
            mode.after_frame(self, ui.ctx());
            self.parts.scripted = Some(mode);
        }
    }

    /// The central panel's colour: the panel itself paints no background.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.extreme_bg_color.to_normalized_gamma_f32()
    }

    fn persist_egui_memory(&self) -> bool {
        self.parts.files.save_enabled
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.parts.files.save_enabled {
            eframe::set_value(storage, STORAGE_KEY, &self.state);
            self.parts.files.save_recent(storage);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.parts.files.save_enabled {
            let (files, state, link) = (&mut self.parts.files, &self.state, &mut self.link);
            if let Err(e) = files.autosave(state, link) {
                // The window may be gone already: also say it on the terminal.
                eprintln!("nnviz: {e}");
            }
        }
    }
}
