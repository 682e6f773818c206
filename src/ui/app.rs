//! [`NnvizApp`]: persisted settings, runtime state, the worker connection and shortcuts.
//!
//! What survives a restart lives in [`PersistedState`]; everything else (the worker, the
//! texture, drag state, messages) is runtime state that is rebuilt on start.

use crate::data::{Bounds, Dataset, LabeledPoint, MAX_CLASSES, PointEdit};
use crate::nn::ModelConfig;
use crate::train::{Command, HeatmapFrame, LossHistory, Speed, Stats, Update, Worker};
use egui::Color32;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::measure::ScriptedMode;

/// Key of [`PersistedState`] in eframe's storage.
pub const STORAGE_KEY: &str = "nnviz_state_v1";

/// Default training speed: the tutorial's boundary forms over about five seconds.
pub const DEFAULT_STEPS_PER_SECOND: f64 = 2000.0;

/// Smallest and largest learning rate the controls offer.
pub const LEARNING_RATE_RANGE: std::ops::RangeInclusive<f64> = 1e-5..=10.0;

/// This many worker crashes within [`CRASH_WINDOW`] stop the automatic restarts.
pub const MAX_CRASHES: usize = 3;

/// The window in which [`MAX_CRASHES`] crashes stop the automatic restarts.
pub const CRASH_WINDOW: Duration = Duration::from_secs(10);

/// Slowest and fastest finite speed (steps per second).
pub const SPEED_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1e6;

/// Everything that survives a restart (stored with eframe's persistence).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    /// The user's points and class count.
    pub dataset: Dataset,
    /// The network and training settings (its learning rate is kept equal to
    /// [`Self::learning_rate`]).
    pub model_config: ModelConfig,
    /// Learning rate.
    pub learning_rate: f64,
    /// Training speed.
    pub speed: Speed,
    /// The speed slider's value, kept while "Unlimited" is on.
    pub steps_per_second: f64,
    /// Class that a click on the canvas adds.
    pub selected_class: usize,
    /// Whether training runs.
    pub running: bool,
    /// The visible part of the plane; `None` fits the data.
    pub view: Option<Bounds>,
    /// Loss plot on a log scale.
    pub log_y: bool,
    /// The dataset generator's preset and parameters.
    pub generator: super::dataset_panel::GeneratorSettings,
    /// When training stops by itself.
    pub stop: super::metrics::StopSettings,
}

impl Default for PersistedState {
    fn default() -> Self {
        Self::tutorial()
    }
}

impl PersistedState {
    /// The first-launch state: the tutorial's 8 points and 2-4-1 sigmoid network at 0.01.
    pub fn tutorial() -> Self {
        let model_config = ModelConfig::tutorial();
        Self {
            dataset: Dataset::seed(),
            learning_rate: model_config.train.learning_rate,
            model_config,
            speed: Speed::StepsPerSecond(DEFAULT_STEPS_PER_SECOND),
            steps_per_second: DEFAULT_STEPS_PER_SECOND,
            selected_class: 1,
            running: true,
            view: None,
            log_y: false,
            generator: Default::default(),
            stop: Default::default(),
        }
    }

    /// Repairs whatever a stored state may have got wrong; returns what was wrong, if anything.
    pub fn sanitize(&mut self) -> Option<String> {
        let mut problems = Vec::new();
        let d = &mut self.dataset;
        if !(2..=MAX_CLASSES).contains(&d.num_classes) {
            problems.push(format!("class count {}", d.num_classes));
            d.num_classes = d.num_classes.clamp(2, MAX_CLASSES);
        }
        let before = d.points.len();
        let classes = d.num_classes;
        d.points.retain(|p| {
            p.class < classes && p.pos_in_data.iter().all(|v| v.is_finite() && v.abs() < 1e9)
        });
        if d.points.len() != before {
            problems.push(format!("{} invalid points", before - d.points.len()));
        }
        if !(self.learning_rate.is_finite() && LEARNING_RATE_RANGE.contains(&self.learning_rate)) {
            problems.push(format!("learning rate {}", self.learning_rate));
            self.learning_rate = 0.01;
        }
        self.model_config.train.learning_rate = self.learning_rate;
        if let Err(e) = self.model_config.validate() {
            problems.push(format!("network ({e})"));
            self.model_config = ModelConfig::tutorial();
            self.model_config.train.learning_rate = self.learning_rate;
        }
        if !(self.steps_per_second.is_finite() && SPEED_RANGE.contains(&self.steps_per_second)) {
            self.steps_per_second = DEFAULT_STEPS_PER_SECOND;
        }
        if let Speed::StepsPerSecond(s) = self.speed
            && !(s.is_finite() && SPEED_RANGE.contains(&s))
        {
            problems.push(format!("speed {s}"));
            self.speed = Speed::StepsPerSecond(self.steps_per_second);
        }
        if self.selected_class >= self.dataset.num_classes {
            self.selected_class = 0;
        }
        if let Some(v) = self.view
            && !valid_bounds(&v)
        {
            self.view = None;
        }
        (!problems.is_empty()).then(|| problems.join(", "))
    }
}

/// Reads [`PersistedState`] from eframe's storage. No storage or no stored state gives the
/// tutorial; a stored string that cannot be read (corrupt, or from another version) gives the
/// tutorial and a message saying so. Values are not checked here: [`NnvizApp::new`] repairs
/// them ([`PersistedState::sanitize`]).
pub fn load_state(storage: Option<&dyn eframe::Storage>) -> (PersistedState, Option<String>) {
    let Some(storage) = storage else {
        return (PersistedState::tutorial(), None);
    };
    match eframe::get_value::<PersistedState>(storage, STORAGE_KEY) {
        Some(s) => (s, None),
        None => {
            let problem = storage.get_string(STORAGE_KEY).map(|_| {
                "Saved settings could not be read (corrupt or from another version); \
                 starting from the tutorial."
                    .to_owned()
            });
            (PersistedState::tutorial(), problem)
        }
    }
}

/// `true` for a finite, non-empty rectangle.
pub(crate) fn valid_bounds(b: &Bounds) -> bool {
    [b.x_min, b.x_max, b.y_min, b.y_max]
        .iter()
        .all(|v| v.is_finite() && v.abs() < 1e12)
        && b.width() > 1e-9
        && b.height() > 1e-9
}

/// How loud a status message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// Neutral information.
    Info,
    /// Something the user should know about (e.g. a repaired store).
    Warning,
    /// Something went wrong (divergence, crash).
    Error,
}

/// A message in the status bar.
#[derive(Clone, Debug)]
pub struct Message {
    /// How loud.
    pub kind: MessageKind,
    /// What to say.
    pub text: String,
    /// When it was posted.
    pub at: Instant,
}

/// Counts events in the last second.
#[derive(Debug, Default)]
pub(crate) struct RateCounter {
    times: VecDeque<Instant>,
}

impl RateCounter {
    pub(crate) fn hit(&mut self, now: Instant) {
        self.times.push_back(now);
        self.trim(now);
    }

    pub(crate) fn per_second(&mut self, now: Instant) -> f64 {
        self.trim(now);
        self.times.len() as f64
    }

    fn trim(&mut self, now: Instant) {
        while let Some(&t) = self.times.front() {
            if now.duration_since(t) > Duration::from_secs(1) {
                self.times.pop_front();
            } else {
                break;
            }
        }
    }
}

/// State of the canvas between frames (hover, drags, pans).
#[derive(Default)]
pub(crate) struct CanvasState {
    /// Index of the point under the cursor.
    pub hovered_point: Option<usize>,
    /// Point being dragged and the grab offset (screen, point centre − cursor).
    pub dragging: Option<(usize, egui::Vec2)>,
    /// A pan drag is in progress.
    pub panning: bool,
    /// Last point added by a click: index, time and screen position (a double click undoes it).
    pub last_added: Option<(usize, Instant, egui::Pos2)>,
    /// Cursor position in data space while over the canvas.
    pub hover_data: Option<[f64; 2]>,
    /// Heatmap resolution asked for by the last layout.
    pub resolution: usize,
    /// Pre-drawn point disks (see `canvas::PointSprites`).
    pub sprites: Option<super::canvas::PointSprites>,
}

impl CanvasState {
    /// Forgets hover, drags and pans (after the points were replaced); keeps the heatmap
    /// resolution and the sprites.
    pub fn reset_interaction(&mut self) {
        *self = Self {
            resolution: self.resolution,
            sprites: self.sprites.take(),
            ..Default::default()
        };
    }
}

/// The Space key: a tap toggles play, holding it while dragging pans.
#[derive(Debug, Default)]
pub(crate) struct SpaceKey {
    pub down: bool,
    pub used_for_pan: bool,
}

/// The nnviz application.
pub struct NnvizApp {
    /// What survives a restart.
    pub(crate) state: PersistedState,
    /// The training worker (`None` until the first frame, or after a crash).
    pub(crate) worker: Option<Worker>,
    pub(crate) spawn_error_at: Option<Instant>,
    /// When the worker crashed recently (within `crash_window`).
    pub(crate) crash_times: VecDeque<Instant>,
    /// [`CRASH_WINDOW`], unless a test set another one.
    pub(crate) crash_window: Duration,
    /// Set after [`MAX_CRASHES`] quick crashes: no automatic restart until Play is pressed.
    pub(crate) respawn_paused: bool,
    /// Sequence number of the last command sent to the worker.
    pub(crate) last_seq: Option<u64>,
    pub(crate) seed: u64,
    /// Latest stats from the worker.
    pub(crate) stats: Option<Stats>,
    /// Latest loss history.
    pub(crate) loss: Option<Arc<LossHistory>>,
    /// Latest heatmap shown (its image is also in `texture`).
    pub(crate) heatmap: Option<HeatmapFrame>,
    pub(crate) texture: Option<egui::TextureHandle>,
    pub(crate) heatmap_rate: RateCounter,
    pub(crate) heatmaps_received: u64,
    pub(crate) messages: Vec<Message>,
    /// Set while training is stopped because the loss became NaN/inf.
    pub(crate) diverged: Option<String>,
    pub(crate) sent_view: Option<(Bounds, usize)>,
    pub(crate) canvas: CanvasState,
    pub(crate) space: SpaceKey,
    /// Save to eframe storage on exit.
    pub(crate) save_enabled: bool,
    pub(crate) scripted: Option<ScriptedMode>,
    /// Last frame's CPU time from eframe (seconds).
    pub(crate) last_cpu_usage: Option<f32>,
    /// Metrics panel state (which confusion matrix is shown).
    pub(crate) metrics: super::metrics::MetricsState,
    /// Network diagram, explain mode and timeline (runtime only).
    pub(crate) inside: super::diagram::InsideState,
    /// Session file, dialogs, recent files (see `files`).
    pub(crate) files: super::files::FilesState,
    /// Undo/redo of the points (see `undo`).
    pub(crate) undo: super::undo::UndoState,
    /// Number of test points, with the undo change counter and point count it was
    /// counted at (see `dataset_panel::test_point_count`).
    pub(crate) test_count: Option<(u64, usize, usize)>,
}

impl NnvizApp {
    /// An app with the given state; the worker starts on the first frame.
    pub fn new(mut state: PersistedState) -> Self {
        let repaired = state.sanitize();
        let mut app = Self {
            state,
            worker: None,
            spawn_error_at: None,
            crash_times: VecDeque::new(),
            crash_window: CRASH_WINDOW,
            respawn_paused: false,
            last_seq: None,
            seed: fresh_seed(0),
            stats: None,
            loss: None,
            heatmap: None,
            texture: None,
            heatmap_rate: RateCounter::default(),
            heatmaps_received: 0,
            messages: Vec::new(),
            diverged: None,
            sent_view: None,
            canvas: CanvasState {
                resolution: 200,
                ..Default::default()
            },
            space: SpaceKey::default(),
            save_enabled: false,
            scripted: None,
            last_cpu_usage: None,
            metrics: Default::default(),
            inside: Default::default(),
            files: Default::default(),
            undo: Default::default(),
            test_count: None,
        };
        if let Some(what) = repaired {
            app.post(
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
            app.post(MessageKind::Warning, text);
        }
        app
    }

    /// The app as eframe creates it: loads the stored state unless `--fresh`, and sets up
    /// the screenshot / measure modes.
    pub(crate) fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        args: &crate::cli::AppArgs,
        outcome: Arc<Mutex<Option<anyhow::Result<()>>>>,
    ) -> Self {
        let scripted = ScriptedMode::from_args(args, outcome);
        let ignore_store = args.fresh || args.measure.is_some();
        if ignore_store || scripted.is_some() {
            // Also forget egui's own remembered widget state (open sections, plot zoom…).
            cc.egui_ctx.memory_mut(|m| *m = Default::default());
        }
        setup_context(&cc.egui_ctx);
        let mut app = Self::from_storage(if ignore_store { None } else { cc.storage });
        app.save_enabled = !args.fresh && scripted.is_none();
        app.files_startup(args, cc.storage, !ignore_store && scripted.is_none());
        if let Some(mode) = scripted {
            mode.prepare(&mut app);
            app.scripted = Some(mode);
        }
        app
    }

    // ---- accessors for tests and the panels ----

    /// The UI's copy of the points.
    pub fn dataset(&self) -> &Dataset {
        &self.state.dataset
    }

    /// Class a click adds.
    pub fn selected_class(&self) -> usize {
        self.state.selected_class
    }

    /// Learning rate the UI asked for.
    pub fn learning_rate(&self) -> f64 {
        self.state.learning_rate
    }

    /// The last stats the worker published.
    pub fn last_stats(&self) -> Option<Stats> {
        self.stats
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
        self.diverged.as_deref()
    }

    /// All messages posted so far (newest last).
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The loss history the plot shows.
    pub fn loss_history(&self) -> Option<&LossHistory> {
        self.loss.as_deref()
    }

    /// The latest heatmap on screen.
    pub fn heatmap(&self) -> Option<&HeatmapFrame> {
        self.heatmap.as_ref()
    }

    /// The visible data rectangle.
    pub fn view(&self) -> Bounds {
        self.state
            .view
            .unwrap_or_else(|| self.state.dataset.view_bounds())
    }

    /// Sets the window in which [`MAX_CRASHES`] crashes stop the automatic restarts
    /// (tests use a long one, so that slow machines count every crash).
    #[doc(hidden)]
    pub fn set_crash_window_for_test(&mut self, window: Duration) {
        self.crash_window = window;
    }

    /// Makes the worker panic (to test crash recovery).
    pub fn crash_worker_for_test(&mut self) {
        self.send(Command::CrashForTest);
    }

    // ---- worker ----

    /// Sends a command to the worker (dropped if there is none; it is respawned from the
    /// UI's state, which already includes the edit). Returns its sequence number.
    pub(crate) fn send(&mut self, cmd: Command) -> Option<u64> {
        self.undo.note_command(&cmd);
        let seq = self.worker.as_mut().map(|w| w.send(cmd));
        if seq.is_some() {
            self.last_seq = seq;
        }
        seq
    }

    /// Sequence number of the last command sent to the (current) worker; a heatmap whose
    /// `applied_seq` is at least this was computed after the worker applied it.
    pub fn last_command_seq(&self) -> Option<u64> {
        self.last_seq
    }

    /// Whether automatic restarts of the worker stopped after repeated crashes (Play retries).
    pub fn worker_restarts_paused(&self) -> bool {
        self.respawn_paused
    }

    /// Whether a training thread is running.
    pub fn has_worker(&self) -> bool {
        self.worker.is_some()
    }

    /// Notes a worker crash: restarts it, unless it crashed [`MAX_CRASHES`] times within
    /// [`CRASH_WINDOW`]; then training stops until the user presses Play.
    fn on_worker_crash(&mut self, ctx: &egui::Context, what: &str) {
        self.worker = None;
        // A save that waited for the lost worker is written from the UI's state.
        self.finish_pending_save_without_worker();
        let now = Instant::now();
        self.crash_times.push_back(now);
        while self
            .crash_times
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.crash_window)
        {
            self.crash_times.pop_front();
        }
        if self.crash_times.len() >= MAX_CRASHES {
            self.respawn_paused = true;
            self.state.running = false;
            self.post(
                MessageKind::Error,
                format!(
                    "{what} It crashed {} times within {} seconds, so it was not restarted \
                     and training is stopped. Your points are kept, and saving still works. \
                     Press Play to try again.",
                    self.crash_times.len(),
                    self.crash_window.as_secs()
                ),
            );
        } else {
            self.post(
                MessageKind::Error,
                format!("{what} It was restarted with your points."),
            );
            self.spawn_worker(ctx);
        }
    }

    fn spawn_worker(&mut self, ctx: &egui::Context) {
        if let Some(t) = self.spawn_error_at
            && t.elapsed() < Duration::from_secs(1)
        {
            return;
        }
        let repaint_ctx = ctx.clone();
        let mut config = self.state.model_config.clone();
        config.train.learning_rate = self.state.learning_rate;
        match Worker::spawn(
            self.state.dataset.clone(),
            config,
            self.seed,
            self.state.speed,
            self.state.running && self.diverged.is_none(),
            move || repaint_ctx.request_repaint(),
        ) {
            Ok(w) => {
                self.worker = Some(w);
                // A new worker numbers its commands from 1 again: forget the old numbers.
                self.last_seq = None;
                self.inside.inspector_pending.clear();
                self.spawn_error_at = None;
                self.sent_view = None;
                self.loss = None;
                self.send(self.state.stop.command());
            }
            Err(e) => {
                self.spawn_error_at = Some(Instant::now());
                self.post(
                    MessageKind::Error,
                    format!("Could not start the training thread: {e}"),
                );
            }
        }
    }

    /// Starts or restarts the worker when needed, then drains its updates.
    fn pump_worker(&mut self, ctx: &egui::Context) {
        if let Some(w) = &self.worker
            && !w.is_alive()
        {
            self.on_worker_crash(ctx, "The training thread stopped unexpectedly.");
        }
        if self.worker.is_none() && !self.respawn_paused {
            self.spawn_worker(ctx);
        }
        let mut crashed = None;
        if let Some(w) = &self.worker {
            let mut updates = Vec::new();
            while let Some(u) = w.try_recv() {
                updates.push(u);
                if updates.len() > 10_000 {
                    break;
                }
            }
            let frame = w.take_heatmap();
            for u in updates {
                match u {
                    Update::Stats(s) => self.stats = Some(s),
                    Update::Loss(h) => self.loss = Some(h),
                    Update::Diverged {
                        step,
                        cause,
                        learning_rate,
                    } => {
                        let message = super::words::diverged_text(step, cause, learning_rate);
                        self.state.running = false;
                        self.post(MessageKind::Error, message.clone());
                        self.diverged = Some(message);
                    }
                    Update::Crashed { panic } => crashed = Some(panic),
                    Update::Stopped { reason } => {
                        // A stop condition paused the worker.
                        self.state.running = false;
                        self.post(MessageKind::Info, super::words::stop_text(&reason));
                    }
                    Update::Refused { kind } => {
                        self.post(MessageKind::Info, super::words::refusal_text(&kind))
                    }
                    Update::ClassesChanged { classes } => self.post(
                        MessageKind::Info,
                        super::words::classes_changed_text(classes),
                    ),
                    Update::Session(s) => self.on_session_reply(*s),
                }
            }
            if let Some(frame) = frame {
                self.show_heatmap(ctx, frame);
            }
        }
        if let Some(msg) = crashed {
            self.on_worker_crash(ctx, &format!("The training thread crashed ({msg})."));
        }
    }

    fn show_heatmap(&mut self, ctx: &egui::Context, frame: HeatmapFrame) {
        let img = &frame.image;
        if img.width > 0 && img.height > 0 && img.pixels.len() == img.width * img.height * 4 {
            let color =
                egui::ColorImage::from_rgba_unmultiplied([img.width, img.height], &img.pixels);
            let options = egui::TextureOptions::LINEAR;
            match &mut self.texture {
                Some(t) => t.set(color, options),
                None => self.texture = Some(ctx.load_texture("nnviz-heatmap", color, options)),
            }
        }
        let now = Instant::now();
        self.heatmap_rate.hit(now);
        self.heatmaps_received += 1;
        if let Some(mode) = &mut self.scripted {
            mode.on_heatmap(&frame, now);
        }
        self.heatmap = Some(frame);
    }

    /// Keeps the worker's heatmap view equal to the canvas view.
    pub(crate) fn sync_view(&mut self) {
        let view = self.view();
        let res = self.canvas.resolution.clamp(16, 512);
        if self.sent_view != Some((view, res)) && self.worker.is_some() {
            self.send(Command::SetView {
                bounds: view,
                resolution: res,
            });
            self.sent_view = Some((view, res));
        }
    }

    /// Posts a status-bar message.
    pub(crate) fn post(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.messages.push(Message {
            kind,
            text: text.into(),
            at: Instant::now(),
        });
        if self.messages.len() > 50 {
            self.messages.remove(0);
        }
    }

    // ---- actions (shared by buttons, shortcuts and tests) ----

    /// Play or pause.
    pub fn toggle_play(&mut self) {
        self.set_running(!self.state.running);
    }

    /// Starts or stops training.
    pub fn set_running(&mut self, running: bool) {
        if running && self.diverged.is_some() {
            // Resuming after a divergence starts from the restored weights; the banner goes.
            self.diverged = None;
        }
        if running && self.respawn_paused {
            // Play after repeated crashes: try again with a fresh worker (next frame).
            self.respawn_paused = false;
            self.crash_times.clear();
        }
        self.state.running = running;
        self.send(if running {
            Command::Resume
        } else {
            Command::Pause
        });
    }

    /// One training step (pauses first if running).
    pub fn step_once(&mut self) {
        if self.state.running {
            self.set_running(false);
        }
        self.send(Command::Step);
    }

    /// New random weights, step 0. After a divergence training stays paused.
    pub fn reset_weights(&mut self) {
        self.seed = fresh_seed(self.seed);
        let was_diverged = self.diverged.take().is_some();
        self.send(Command::ResetWeights { seed: self.seed });
        self.loss = None;
        if was_diverged {
            self.state.running = false;
            self.send(Command::Pause);
            self.post(
                MessageKind::Info,
                "Weights reset. Lower the learning rate if needed, then press Play.",
            );
        }
    }

    /// Restores the tutorial's 8 points, network, learning rate 0.01 and default speed.
    pub fn back_to_tutorial(&mut self) {
        let log_y = self.state.log_y;
        self.state = PersistedState {
            log_y,
            ..PersistedState::tutorial()
        };
        self.diverged = None;
        self.seed = fresh_seed(self.seed);
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.send(Command::ReplaceModel {
            config: self.state.model_config.clone(),
            seed: self.seed,
        });
        self.send(Command::SetLearningRate(self.state.learning_rate));
        self.send(Command::SetSpeed(self.state.speed));
        self.send(Command::Resume);
        self.loss = None;
        self.post(
            MessageKind::Info,
            "Back to the tutorial: 8 points, 2 → 4 → 1 sigmoid, learning rate 0.01.",
        );
    }

    /// Sets the learning rate (takes effect on the worker's next step).
    pub fn set_learning_rate(&mut self, lr: f64) {
        if !lr.is_finite() || lr <= 0.0 {
            return;
        }
        let lr = lr.clamp(*LEARNING_RATE_RANGE.start(), *LEARNING_RATE_RANGE.end());
        self.state.learning_rate = lr;
        self.state.model_config.train.learning_rate = lr;
        self.send(Command::SetLearningRate(lr));
    }

    /// Sets the training speed.
    pub fn set_speed(&mut self, speed: Speed) {
        let speed = match speed {
            Speed::StepsPerSecond(s) => {
                let s = if s.is_finite() {
                    s.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end())
                } else {
                    DEFAULT_STEPS_PER_SECOND
                };
                self.state.steps_per_second = s;
                Speed::StepsPerSecond(s)
            }
            Speed::Unlimited => Speed::Unlimited,
        };
        self.state.speed = speed;
        self.send(Command::SetSpeed(speed));
    }

    /// Chooses the class that clicks add (ignored when out of range).
    pub fn select_class(&mut self, class: usize) {
        if class < self.state.dataset.num_classes {
            self.state.selected_class = class;
        }
    }

    /// Adds a point of the selected class; returns its index.
    pub fn add_point(&mut self, pos_in_data: [f64; 2]) -> usize {
        let p = LabeledPoint::new(pos_in_data[0], pos_in_data[1], self.state.selected_class);
        self.state.dataset.points.push(p);
        self.send(Command::EditPoints(PointEdit::Add(p)));
        self.state.dataset.points.len() - 1
    }

    /// Moves point `index`; returns the command's sequence number.
    pub fn move_point(&mut self, index: usize, pos_in_data: [f64; 2]) -> Option<u64> {
        let p = self.state.dataset.points.get_mut(index)?;
        if p.pos_in_data == pos_in_data {
            return None;
        }
        p.pos_in_data = pos_in_data;
        self.send(Command::EditPoints(PointEdit::Move { index, pos_in_data }))
    }

    /// Removes point `index`.
    pub fn remove_point(&mut self, index: usize) {
        if index < self.state.dataset.points.len() {
            self.state.dataset.points.remove(index);
            self.send(Command::EditPoints(PointEdit::Remove { index }));
            self.canvas.hovered_point = None;
            self.canvas.dragging = None;
            self.canvas.last_added = None;
        }
    }

    /// Removes every point.
    pub fn clear_points(&mut self) {
        self.state.dataset.points.clear();
        self.send(Command::EditPoints(PointEdit::Clear));
        self.canvas.reset_interaction();
        self.post(
            MessageKind::Info,
            "All points removed. Click on the canvas to add new ones.",
        );
    }

    /// Changes the number of classes (2..=8); points of removed classes are deleted.
    pub fn set_num_classes(&mut self, n: usize) {
        let n = n.clamp(2, MAX_CLASSES);
        if n == self.state.dataset.num_classes {
            return;
        }
        let before = self.state.dataset.points.len();
        self.state.dataset.num_classes = n;
        self.state.dataset.points.retain(|p| p.class < n);
        // The remaining classes keep their names; added classes have none yet.
        self.keep_class_names(n);
        let removed = before - self.state.dataset.points.len();
        if self.state.selected_class >= n {
            self.state.selected_class = n - 1;
        }
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.loss = None;
        self.canvas.hovered_point = None;
        self.canvas.dragging = None;
        let mut text =
            format!("{n} classes: the network's output changed, so its weights were reset.");
        if removed > 0 {
            text.push_str(&format!(
                " Removed {removed} points of the dropped classes."
            ));
        }
        self.post(MessageKind::Info, text);
    }

    /// Fits the view to the data (the tutorial's margin of 1).
    pub fn fit_view(&mut self) {
        self.state.view = None;
        self.sync_view();
    }

    /// Sets the visible data rectangle.
    pub(crate) fn set_view(&mut self, view: Bounds) {
        if valid_bounds(&view) {
            self.state.view = Some(view);
            self.sync_view();
        }
    }

    // ---- frame ----

    /// Whether a dialog that owns the keyboard is showing: a file dialog (open, save,
    /// import, export, the picture's export dialog), the CSV column chooser or the
    /// weight/bias popup. The app's single-key shortcuts are off meanwhile.
    pub(crate) fn modal_open(&self) -> bool {
        self.file_dialog_open() || self.inside.edit.is_some()
    }

    /// Global keyboard shortcuts (not while typing in a text field or a dialog is open).
    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        if ctx.text_edit_focused() || self.modal_open() {
            self.space = SpaceKey::default();
            return;
        }
        let mut space_released = false;
        ctx.input_mut(|i| {
            while i.consume_key(Modifiers::NONE, Key::Space) {
                self.space.down = true;
            }
            for e in &i.events {
                if let egui::Event::Key {
                    key: Key::Space,
                    pressed: false,
                    ..
                } = e
                {
                    space_released = true;
                }
            }
        });
        if space_released {
            if self.space.down && !self.space.used_for_pan {
                self.toggle_play();
            }
            self.space = SpaceKey::default();
        }
        // Before the step keys: Shift+→ pans rather than stepping.
        self.canvas_shortcuts(ctx);
        let (step, reset, digits) = ctx.input_mut(|i| {
            let step = i.consume_key(Modifiers::NONE, Key::ArrowRight)
                | i.consume_key(Modifiers::NONE, Key::S);
            let reset = i.consume_key(Modifiers::NONE, Key::R);
            let keys = [
                Key::Num0,
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ];
            let mut digit = None;
            for (d, k) in keys.iter().enumerate() {
                if i.consume_key(Modifiers::NONE, *k) {
                    digit = Some(d);
                }
            }
            (step, reset, digit)
        });
        if step {
            self.step_once();
        }
        if reset {
            self.reset_weights();
        }
        if let Some(d) = digits {
            self.select_class(d);
        }
    }

    /// Draws the whole app into `ui` (also used by the headless tests).
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.pump_worker(&ctx);
        self.files_frame(&ctx);
        if !self.modal_open() {
            self.diagram_keys(&ctx);
        }
        self.shortcuts(&ctx);
        self.inside_frame(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 4)),
            )
            .show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("controls")
            .resizable(false)
            .exact_size(300.0)
            .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::same(12)))
            .show(ui, |ui| self.controls_ui(ui));
        egui::CentralPanel::default_margins()
            .frame(
                // No fill: the window is cleared to this colour (`clear_color`), and every
                // pixel painted twice costs a software renderer real time.
                egui::Frame::central_panel(ui.style())
                    .inner_margin(egui::Margin::same(10))
                    .fill(Color32::TRANSPARENT),
            )
            .show(ui, |ui| self.central_ui(ui));
        self.explain_window_ui(&ctx);

        self.sync_view();
        if self.canvas.dragging.is_some() || self.canvas.panning {
            ctx.request_repaint();
        }
        // Messages fade after a while; wake up to remove them.
        if self
            .messages
            .last()
            .is_some_and(|m| m.at.elapsed() < Duration::from_secs(10))
        {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
    }

    /// Canvas and loss plot side by side (wide window) or stacked.
    fn central_ui(&mut self, ui: &mut egui::Ui) {
        let rect = ui.available_rect_before_wrap();
        // The diagram/explain/timeline toggles, then the diagram layout when it is on.
        let rect = self.inside_toolbar_ui(ui, rect);
        if self.inside.diagram_open {
            self.inside_central_ui(ui, rect);
            return;
        }
        let gap = 10.0;
        let column_min = 250.0;
        let (canvas_rect, plot_rect) = if rect.width() - rect.height() >= column_min * 0.6 {
            // Square-ish canvas on the left, loss plot and readout in a column on the right.
            let side = rect.height().min(rect.width() - column_min - gap);
            let c = egui::Rect::from_min_size(rect.min, egui::vec2(side, rect.height()));
            let p = egui::Rect::from_min_max(egui::pos2(c.max.x + gap, rect.min.y), rect.max);
            (c, p)
        } else {
            let plot_h = (rect.height() * 0.3).clamp(160.0, 260.0);
            let c = egui::Rect::from_min_max(
                rect.min,
                egui::pos2(rect.max.x, rect.max.y - plot_h - gap),
            );
            let p = egui::Rect::from_min_max(egui::pos2(rect.min.x, rect.max.y - plot_h), rect.max);
            (c, p)
        };
        ui.scope_builder(egui::UiBuilder::new().max_rect(canvas_rect), |ui| {
            self.canvas_ui(ui)
        });
        ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
            self.side_column_ui(ui)
        });
        ui.advance_cursor_after_rect(rect);
    }
}

/// Light visuals (they suit the heatmap's soft colours) and fonts: the monospace font
/// (Hack) becomes a fallback of the proportional one, for arrows and play/pause symbols.
pub fn setup_context(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional)
        && !family.iter().any(|f| f == "Hack")
        && fonts.font_data.contains_key("Hack")
    {
        family.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// A new seed different from `previous`.
pub(crate) fn fresh_seed(previous: u64) -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let s = std::collections::hash_map::RandomState::new().hash_one((t, previous));
    if s == previous { s.wrapping_add(1) } else { s }
}

impl eframe::App for NnvizApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.last_cpu_usage = frame.info().cpu_usage;
        if let Some(mut mode) = self.scripted.take() {
            mode.before_frame(self, ui.ctx());
            self.scripted = Some(mode);
        }
        self.ui_root(ui);
        if let Some(mut mode) = self.scripted.take() {
            mode.after_frame(self, ui.ctx());
            self.scripted = Some(mode);
        }
    }

    /// The central panel's colour: the panel itself paints no background.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.extreme_bg_color.to_normalized_gamma_f32()
    }

    fn persist_egui_memory(&self) -> bool {
        self.save_enabled
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.save_enabled {
            eframe::set_value(storage, STORAGE_KEY, &self.state);
            self.files_save(storage);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.save_enabled {
            self.files_on_exit();
        }
    }
}
