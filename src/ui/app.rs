//! [`NnvizApp`]: the persisted state, the link to the worker, the parts, and the frame's
//! order. Nothing else lives here.
//!
//! A frame: the worker's updates become actions; the shortcuts are read from their table; the
//! parts draw and push actions; at the end every action is applied in one place
//! (`action.rs`), undo records what changed, and the worker is told the new view.

use super::action::{Action, KEY_PAN, KEY_ZOOM};
use super::settings_file::{SettingsFile, WINDOW_SIZE_KEY, settings_path};
use super::shortcuts::{self, Shortcut, SpaceKey};
use super::state::{PersistedState, ViewSettings, load_state};
use super::worker_link::WorkerLink;
use crate::data::{Bounds, Dataset};
use crate::tr;
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
    /// The training-health banner over the canvas' top edge.
    pub health: super::parts::health::HealthBanner,
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
    /// Where the parts were drawn in the last frame.
    pub rects: super::layout::LayoutRects,
    /// The settings file (written atomically by `save`).
    pub settings: SettingsFile,
    /// The window's inner size in the last frame (saved with the settings).
    pub window_size: Option<[f32; 2]>,
    /// The language the window's title was last set in.
    pub title_language: Option<crate::i18n::Language>,
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
            app.parts
                .status
                .post(MessageKind::Warning, tr!("settings-repaired", what = what));
        }
        app
    }

    #[cfg(feature = "test-hooks")]
    /// An app for headless tests: never saves, starts the worker on the first frame. The
    /// worker trains only when told ([`Self::advance_worker`]), so tests are deterministic.
    pub fn new_for_test(state: PersistedState) -> Self {
        let mut app = Self::new(state);
        app.link.manual = true;
        // Fixed weights (the CLI's default seed): about 1 in 250 random inits of the
        // tutorial's network sticks at loss 0.5, and a test must not depend on luck.
        app.link.seed = 1;
        app
    }

    #[cfg(feature = "test-hooks")]
    /// An app for headless tests whose worker trains on its own, as in the real window.
    pub fn new_for_test_free_running(state: PersistedState) -> Self {
        let mut app = Self::new(state);
        app.link.seed = 1;
        app
    }

    #[cfg(feature = "test-hooks")]
    /// Tests: lets the (manual) worker train `steps` steps when it is running, and waits
    /// until every command sent so far is applied and its stats, loss curve and heatmap are
    /// published; the next frame shows them. `false` without a worker or after 20 s.
    pub fn advance_worker(&mut self, steps: u64) -> bool {
        self.link.advance(steps)
    }

    /// An app with the state stored in `storage` (the tutorial without one), repaired where
    /// needed; a store that cannot be read or had to be repaired leaves a warning in the
    /// status bar. Never saves (the window eframe creates does).
    pub fn from_storage(storage: Option<&dyn eframe::Storage>) -> Self {
        let (state, load_problem) = load_state(storage);
        Self::from_loaded(state, load_problem)
    }

    /// An app with a loaded state, repaired where needed; `load_problem` (what loading said)
    /// goes to the status bar as a warning.
    fn from_loaded(state: PersistedState, load_problem: Option<String>) -> Self {
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
        lang: Option<crate::i18n::Language>,
        outcome: Arc<Mutex<Option<anyhow::Result<()>>>>,
    ) -> Self {
        let scripted = super::measure::ScriptedMode::from_args(args, outcome);
        let ignore_store = args.fresh || args.measure.is_some();
        if ignore_store || scripted.is_some() {
            // Also forget egui's own remembered widget state (open sections, plot zoom…).
            cc.egui_ctx.memory_mut(|m| *m = Default::default());
        }
        super::theme::setup_context(&cc.egui_ctx);
        // Our own settings file, written atomically; eframe's `app.ron` only once, to carry
        // over the settings of a version that kept them there.
        let use_store = !ignore_store && scripted.is_none();
        let (mut settings, settings_problem) = match settings_path().filter(|_| use_store) {
            Some(path) => SettingsFile::load(&path),
            None => (SettingsFile::in_memory(), None),
        };
        if use_store
            && settings.is_empty()
            && settings_problem.is_none()
            && let Some(old) = cc.storage
        {
            settings.copy_from(old, &[STORAGE_KEY, super::parts::files::RECENT_KEY]);
        }
        // The state is read once; its language is set before anything is worded.
        let store = use_store.then_some(&settings as &dyn eframe::Storage);
        let (state, unreadable) = super::state::read_state(store);
        crate::i18n::set_language(crate::i18n::choose(lang, state.language));
        let load_problem = unreadable.then(super::state::unreadable_state_text);
        let mut app = Self::from_loaded(state, load_problem);
        if let Some(text) = settings_problem {
            app.parts.status.post(MessageKind::Warning, text);
        }
        app.parts.files.save_enabled = !args.fresh && scripted.is_none();
        app.parts.inside.hidden_space.open |= args.hidden_space;
        let mut out = Vec::new();
        app.parts
            .files
            .startup(args, Some(&settings), use_store, &mut out);
        app.parts.settings = settings;
        app.actions.extend(out);
        app.apply_actions();
        app.parts.undo = Default::default();
        if let Some(mode) = scripted {
            mode.prepare(&mut app.state);
            if mode.is_measure() {
                // The measured frames include the autosave's work, into a folder of its own.
                let dir =
                    std::env::temp_dir().join(format!("nnviz-measure-{}", std::process::id()));
                app.parts
                    .files
                    .begin_autosave(dir.join("autosave.json"), Default::default());
            }
            app.parts.scripted = Some(mode);
        }
        app
    }

    // ---- the frame ----

    /// Draws the whole app into `ui` (also used by the headless tests).
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.parts.window_size = ctx.input(|i| i.viewport().inner_rect.map(|r| r.size().into()));
        let language = crate::i18n::language();
        if self.parts.title_language != Some(language) {
            self.parts.title_language = Some(language);
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(tr!("window-title")));
        }
        let mut out = std::mem::take(&mut self.actions);
        self.link.pump(&ctx, &self.state, &mut out);

        let dialog = self.modal_open();
        let keys = shortcuts::Context {
            // A rename field owns Escape even in the frame egui takes its focus away.
            typing: ctx.text_edit_focused() || self.parts.side.data.renaming(),
            dialog,
            diagram_focused: self.parts.inside.diagram_focused(&ctx),
            explain: self.parts.inside.explain_open(),
            hovered_point: self.parts.canvas.hovered_point().is_some(),
        };
        if self.parts.space.read(&ctx, keys) {
            out.push(Action::TogglePlay);
        }
        for s in shortcuts::read(&ctx, keys) {
            self.dispatch_shortcut(s, &mut out);
        }

        self.parts
            .files
            .frame_ui(&ctx, &self.state, &self.link, &mut out);
        self.parts.inside.frame(&ctx, &self.state, &self.link);
        super::layout::layout_ui(ui, self, &mut out);
        let generation = self.parts.undo.generation();
        self.parts
            .files
            .autosave_tick(&self.state, &self.link, generation, &mut out);

        self.actions.extend(out);
        self.apply_actions();
        self.parts
            .undo
            .checkpoint(&self.state.dataset, self.parts.canvas.is_dragging());
        let wish = self.parts.inside.wish(&self.link);
        let view = self.state.view();
        self.link.sync(view, self.parts.canvas.resolution(), wish);
        self.link
            .sync_style(self.state.view_settings.heatmap_style());

        if self.parts.canvas.is_interacting() {
            ctx.request_repaint();
        }
        // Messages fade after a while, and unsaved changes wait for the autosave: wake up.
        if self.parts.status.has_fresh_message() || self.parts.files.has_unsaved_changes() {
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
            Shortcut::SaveAs => p
                .files
                .open_dialog(super::parts::files::FileAction::SaveSession),
            Shortcut::Open => p
                .files
                .open_dialog(super::parts::files::FileAction::OpenSession),
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
            Shortcut::PanLeft => out.push(Action::PanView {
                fx: -KEY_PAN,
                fy: 0.0,
            }),
            Shortcut::PanRight => out.push(Action::PanView {
                fx: KEY_PAN,
                fy: 0.0,
            }),
            Shortcut::PanUp => out.push(Action::PanView {
                fx: 0.0,
                fy: KEY_PAN,
            }),
            Shortcut::PanDown => out.push(Action::PanView {
                fx: 0.0,
                fy: -KEY_PAN,
            }),
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
            Shortcut::ToggleDiscretize => {
                let v = self.state.view_settings;
                out.push(Action::SetViewSettings(ViewSettings {
                    discretize: !v.discretize,
                    ..v
                }));
            }
            Shortcut::ToggleTestPoints => {
                let v = self.state.view_settings;
                out.push(Action::SetViewSettings(ViewSettings {
                    show_test_points: !v.show_test_points,
                    ..v
                }));
            }
            Shortcut::ToggleHiddenSpace => p.inside.toggle_hidden_space(),
            Shortcut::ExplainNext | Shortcut::ExplainPrev | Shortcut::ExplainPin => {
                let cx = p.inside.explain_input(
                    &self.state,
                    &self.link,
                    p.canvas.hovered_point(),
                    p.canvas.hover_data(),
                    p.undo.generation(),
                );
                p.inside.explain_key(s, &cx);
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

    /// What the worker last found wrong with training (the health banner's facts).
    pub fn health(&self) -> crate::train::Health {
        self.link.health
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

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.parts.undo.can_undo(&self.state.dataset)
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        self.parts.undo.can_redo()
    }

    /// The diagram's model of the network on screen (the scrubbed snapshot's, or the latest).
    pub fn diagram_model(&self) -> Option<super::network_view::DiagramModel> {
        self.parts
            .inside
            .shown_snapshot(&self.link)
            .map(|s| super::network_view::layout(&s))
    }

    /// Screen position on connection `W{layer}[row, col]`, as drawn in the last frame.
    pub fn diagram_edge_pos(&self, layer: usize, row: usize, col: usize) -> Option<egui::Pos2> {
        self.parts.inside.edge_pos(layer, row, col)
    }

    /// Screen centre of unit `(layer, unit)` in the last frame.
    pub fn diagram_node_pos(&self, layer: usize, unit: usize) -> Option<egui::Pos2> {
        self.parts.inside.node_pos(layer, unit)
    }

    /// The unit shown large on the canvas.
    pub fn selected_unit(&self) -> Option<(usize, usize)> {
        self.parts.inside.selected_unit()
    }

    /// The unit highlighted by the keyboard in the diagram.
    pub fn diagram_key_unit(&self) -> Option<(usize, usize)> {
        self.parts.inside.key_unit()
    }

    /// Whether the network diagram is visible.
    pub fn diagram_open(&self) -> bool {
        self.parts.inside.diagram_open()
    }

    /// Whether explain mode is open.
    pub fn explain_open(&self) -> bool {
        self.parts.inside.explain_open()
    }

    /// Whether the timeline bar is showing.
    pub fn timeline_open(&self) -> bool {
        self.parts.inside.timeline_open()
    }

    /// Whether the hidden-space view is open.
    pub fn hidden_space_open(&self) -> bool {
        self.parts.inside.hidden_space().open
    }

    /// Whether the unit inspector is open.
    pub fn unit_inspector_open(&self) -> bool {
        self.parts.inside.inspector_open()
    }

    /// How many times explain mode replayed a training step (it is cached).
    pub fn explain_replays(&self) -> u64 {
        self.parts.inside.explain_replays()
    }

    /// The explanation explain mode shows now.
    pub fn current_explanation(&self) -> Option<super::network_view::Explanation> {
        let cx = self.parts.inside.explain_input(
            &self.state,
            &self.link,
            self.parts.canvas.hovered_point(),
            self.parts.canvas.hover_data(),
            self.parts.undo.generation(),
        );
        self.parts.inside.current_explanation(&cx)
    }

    /// The worker's timeline of snapshots.
    pub fn timeline(&self) -> Option<&crate::train::Timeline> {
        self.parts.inside.timeline(&self.link)
    }

    /// The step of what the canvas shows (the scrubbed snapshot's, or the latest heatmap's).
    pub fn canvas_step(&self) -> Option<u64> {
        self.parts.inside.canvas_step(&self.link)
    }

    /// The cursor in data space and the class probabilities there (see
    /// [`Canvas::hover_readout`](super::canvas::Canvas::hover_readout)).
    pub fn hover_readout(&self) -> Option<([f64; 2], Vec<f64>)> {
        self.parts.canvas.hover_readout(&self.link)
    }

    /// The confusion matrices of the latest stats (training points, test points).
    pub fn confusion_matrices(&self) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let s = self.link.stats.unwrap_or_default();
        (s.train_confusion.to_vecs(), s.test_confusion.to_vecs())
    }

    /// Names of the classes (from a file, or typed by the user).
    pub fn class_names(&self) -> &[String] {
        &self.state.class_names
    }

    /// The session file in use.
    pub fn current_session_path(&self) -> Option<&std::path::Path> {
        self.parts.files.current_session_path()
    }

    /// Recently opened or saved sessions, most recent first.
    pub fn recent_files(&self) -> &[std::path::PathBuf] {
        self.parts.files.recent_files()
    }

    /// Whether a file dialog (or the CSV column chooser) is open.
    pub fn file_dialog_open(&self) -> bool {
        self.parts.files.dialog_open()
    }

    /// Whether a save waits for the worker's answer.
    pub fn is_saving(&self) -> bool {
        self.parts.files.is_saving()
    }

    /// Whether a picture is being exported.
    pub fn is_exporting(&self) -> bool {
        self.parts.files.is_exporting()
    }

    /// Where the parts were drawn in the last frame.
    pub fn layout_rects(&self) -> super::layout::LayoutRects {
        self.parts.rects
    }

    /// The loss plot's marks where data or settings changed: (step, what).
    pub fn loss_marks(&self) -> &[(u64, &'static str)] {
        self.parts.loss_plot.marks()
    }

    // ---- doing things from outside a frame (tests, scripts): one action, applied now ----

    /// Play or pause.
    pub fn toggle_play(&mut self) {
        self.act(Action::TogglePlay);
    }

    /// Starts or stops training.
    pub fn set_running(&mut self, running: bool) {
        self.act(Action::SetRunning(running));
    }

    /// One training step.
    pub fn step_once(&mut self) {
        self.act(Action::Step);
    }

    /// New random weights.
    pub fn reset_weights(&mut self) {
        self.act(Action::ResetWeights);
    }

    /// The learning rate.
    pub fn set_learning_rate(&mut self, lr: f64) {
        self.act(Action::SetLearningRate(lr));
    }

    /// The interface's language (as View ▸ Language).
    pub fn set_language(&mut self, language: crate::i18n::Language) {
        self.act(Action::SetLanguage(language));
    }

    /// The class of new points.
    pub fn select_class(&mut self, class: usize) {
        self.act(Action::SelectClass(class));
    }

    /// Adds a point of the selected class; returns its index.
    pub fn add_point(&mut self, pos_in_data: [f64; 2]) -> usize {
        self.act(Action::AddPoint(pos_in_data));
        self.state.dataset.points.len().saturating_sub(1)
    }

    /// Removes every point.
    pub fn clear_points(&mut self) {
        self.act(Action::ClearPoints);
    }

    /// Changes the class count (as the slider does).
    pub fn set_num_classes(&mut self, n: usize) {
        self.act(Action::ChangeNumClasses(n));
    }

    /// Generates a preset.
    pub fn choose_preset(&mut self, preset: crate::data::Preset) {
        self.act(Action::ChoosePreset(preset));
    }

    /// Undoes the last change to the points.
    pub fn undo(&mut self) {
        self.act(Action::Undo);
    }

    /// Redoes it.
    pub fn redo(&mut self) {
        self.act(Action::Redo);
    }

    #[cfg(feature = "test-hooks")]
    /// Makes the worker panic (to test crash recovery).
    pub fn crash_worker_for_test(&mut self) {
        self.act(Action::CrashWorkerForTest);
    }

    /// Runs a file operation of the files part, then applies what it asked for.
    fn with_files<R>(
        &mut self,
        f: impl FnOnce(
            &mut super::parts::files::Files,
            &PersistedState,
            &WorkerLink,
            &mut Vec<Action>,
        ) -> R,
    ) -> R {
        let mut out = Vec::new();
        let r = f(&mut self.parts.files, &self.state, &self.link, &mut out);
        self.actions.extend(out);
        self.apply_actions();
        r
    }

    /// Opens a session file (an invalid one changes nothing; the message is returned).
    pub fn open_session_path(&mut self, path: &std::path::Path) -> Result<(), String> {
        self.with_files(|f, _, _, out| f.open_session_path(path, out))
    }

    /// Saves the session to `path` (written when the worker answers).
    pub fn save_session_path(&mut self, path: &std::path::Path) {
        self.act(Action::SaveSession(path.to_path_buf()));
    }

    /// Imports points from a CSV file.
    pub fn import_csv_path(
        &mut self,
        path: &std::path::Path,
        cols: &crate::data::CsvColumns,
    ) -> Result<(), String> {
        self.with_files(|f, state, _, out| f.import_csv_path(path, cols, state, out))
    }

    /// Writes the points as CSV.
    pub fn export_csv_path(&mut self, path: &std::path::Path) -> Result<(), String> {
        self.with_files(|f, state, _, out| f.export_csv_path(path, state, out))
    }

    /// Writes the loss curve as CSV.
    pub fn export_loss_csv_path(&mut self, path: &std::path::Path) -> Result<(), String> {
        self.with_files(|f, _, link, out| f.export_loss_csv_path(path, link, out))
    }

    /// Starts exporting the view as a PNG.
    pub fn export_png_path(
        &mut self,
        path: &std::path::Path,
        size: usize,
        legend: bool,
    ) -> Result<(), String> {
        self.with_files(|f, state, link, out| {
            f.export_png_path(path, size, legend, state, link, out)
        })
    }

    #[cfg(feature = "test-hooks")]
    /// Makes the next picture export wait until the returned sender sends or is dropped.
    #[doc(hidden)]
    pub fn hold_next_export_for_test(&mut self) -> std::sync::mpsc::Sender<()> {
        self.parts.files.hold_next_export_for_test()
    }

    /// Autosaves to `path` from now on, with these delays, as the real window does: for
    /// tests. Returns whether the last run that used this folder ended without a clean exit.
    pub fn begin_autosave(
        &mut self,
        path: std::path::PathBuf,
        delays: super::parts::files::autosave::AutosaveDelays,
    ) -> bool {
        self.parts.files.begin_autosave(path, delays)
    }

    #[cfg(feature = "test-hooks")]
    /// Waits until an autosave being written in the background is on disk.
    pub fn wait_for_autosave(&mut self) {
        self.parts.files.wait_for_autosave();
    }

    /// When the autosave last wrote the session.
    pub fn last_autosave(&self) -> Option<std::time::SystemTime> {
        self.parts.files.last_autosave()
    }

    /// A clean exit, as closing the window does: the last save, and the "running" marker goes.
    pub fn exit_cleanly(&mut self) -> Result<std::path::PathBuf, String> {
        self.parts.files.exit_cleanly(&self.state, &mut self.link)
    }

    /// Uses `path` as the autosave file.
    pub fn set_autosave_path(&mut self, path: std::path::PathBuf) {
        self.parts.files.set_autosave_path(path);
    }

    /// Restores the autosaved session, if there is one (undo starts afresh).
    pub fn restore_autosave(&mut self) -> bool {
        let r = self.with_files(|f, _, _, out| f.restore_autosave(out));
        self.parts.undo = Default::default();
        r
    }

    /// Writes the whole session to the autosave file now (what exit does); a failure is
    /// also posted.
    pub fn autosave(&mut self) -> Result<std::path::PathBuf, String> {
        let r = self.parts.files.autosave(&self.state, &mut self.link);
        if let Err(e) = &r {
            self.parts.status.post(MessageKind::Error, e.clone());
        }
        r
    }

    #[cfg(feature = "test-hooks")]
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
        // A panic anywhere in the frame still ends with a last save of the user's work.
        let frame = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.ui_root(ui)));
        if let Err(panic) = frame {
            self.last_save_after_a_crash();
            std::panic::resume_unwind(panic);
        }
        if let Some(mut mode) = self.parts.scripted.take() {
            mode.after_frame(self, ui.ctx());
            self.parts.scripted = Some(mode);
        }
    }

    /// The central panel's colour: the panel itself paints no background.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.extreme_bg_color.to_normalized_gamma_f32()
    }

    /// Nothing goes into eframe's `app.ron` (written in place): see `settings_file`.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    /// Every 30 s and on exit: the settings, atomically, to nnviz's own file.
    fn save(&mut self, _eframe_storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.parts.files.save_enabled {
            let (files, state, link) = (&mut self.parts.files, &self.state, &mut self.link);
            if let Err(e) = files.exit_cleanly(state, link) {
                // The window may be gone already: also say it on the terminal.
                eprintln!("nnviz: {e}");
            }
        }
    }
}

impl NnvizApp {
    /// After a panic (ours, or the windowing library's as the app unwinds): the whole session
    /// to the autosave file. The "running" marker stays, so the next start says it recovered.
    fn last_save_after_a_crash(&mut self) {
        if !self.parts.files.save_enabled || self.parts.files.has_exited() {
            return;
        }
        self.save_settings();
        match self.parts.files.autosave(&self.state, &mut self.link) {
            Ok(path) => eprintln!("nnviz: saved your session to {}", path.display()),
            Err(e) => eprintln!("nnviz: {e}"),
        }
    }
}

impl NnvizApp {
    /// The settings (state, recent files, window size), atomically, to nnviz's own file.
    fn save_settings(&mut self) {
        if self.parts.files.save_enabled {
            let settings = &mut self.parts.settings;
            eframe::set_value(settings, STORAGE_KEY, &self.state);
            if let Some(size) = self.parts.window_size {
                eframe::set_value(settings, WINDOW_SIZE_KEY, &size);
            }
            self.parts.files.save_recent(settings);
            eframe::Storage::flush(settings);
        }
    }
}

/// The app can end without `on_exit`: a panic in the windowing library unwinds through
/// eframe and drops it. The user's work is saved then too.
impl Drop for NnvizApp {
    fn drop(&mut self) {
        self.last_save_after_a_crash();
    }
}
