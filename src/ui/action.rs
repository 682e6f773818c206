//! [`Action`]: everything a user (or the worker link) can ask the app to change, and
//! `NnvizApp::apply_actions`, the one place that applies them.
//!
//! Parts never change shared state or talk to the worker: they push actions, which are
//! applied once, at the end of the frame, in order. Applying is where the invariants live
//! (a reset clears the loss curve and the divergence banner; a class-count change clears
//! what depends on the classes; new points drop the old names; every change to the points
//! is seen by undo) and where worker commands are built. Besides `worker_link.rs` (which
//! keeps the view and the diagram maps in step) no other UI file builds one.

use super::app::NnvizApp;
use super::message::MessageKind;
use super::parts::files::{Purpose, session_from_state};
use super::state::{LEARNING_RATE_RANGE, PersistedState, SPEED_RANGE};
use super::words::points_word;
use super::worker_link::stop_command;
use crate::data::{
    Bounds, Dataset, LabeledPoint, MAX_CLASSES, PointEdit, Preset, generate, split_test,
};
use crate::nn::{ModelConfig, TrainConfig};
use crate::session::Session;
use crate::tr;
use crate::train::{Command, Speed};
use std::path::PathBuf;

/// Zoom factor of one key press or zoom button.
pub const KEY_ZOOM: f64 = 1.25;
/// Fraction of the view one Shift+arrow pans.
pub const KEY_PAN: f64 = 0.1;

/// Something to change. Built by the parts (buttons, shortcuts, the canvas) and the worker
/// link; applied at the end of the frame by `NnvizApp::apply_actions`.
#[derive(Clone, Debug)]
pub enum Action {
    // ---- training ----
    /// Starts or stops training.
    SetRunning(bool),
    /// Play or pause.
    TogglePlay,
    /// One training step (pauses first).
    Step,
    /// New random weights, step 0.
    ResetWeights,
    /// The tutorial's points, network, learning rate and speed.
    BackToTutorial,
    /// New learning rate (clamped to the offered range).
    SetLearningRate(f64),
    /// New training speed.
    SetSpeed(Speed),
    /// New network with new weights; the message says what changed.
    ReplaceModel {
        /// The network (its learning rate is replaced by the current one).
        config: Box<ModelConfig>,
        /// What to tell the user.
        message: String,
    },
    /// New training settings (a new loss resets the weights).
    SetTrainConfig(TrainConfig),
    /// New stop condition.
    SetStop(super::state::StopSettings),
    /// Sets one weight (`row: Some`) or bias (`row: None`) of layer `layer`, unit `unit`.
    SetParameter {
        /// Layer.
        layer: usize,
        /// Input of the layer, `None` for the bias.
        row: Option<usize>,
        /// Unit of the layer.
        unit: usize,
        /// New value.
        value: f64,
    },
    /// Goes back to the timeline's snapshot of `step` and trains on from there.
    RestoreSnapshot {
        /// Step of the snapshot.
        step: u64,
    },

    // ---- points ----
    /// Class that clicks add.
    SelectClass(usize),
    /// Adds a point of the selected class.
    AddPoint([f64; 2]),
    /// Moves a point.
    MovePoint {
        /// Index of the point.
        index: usize,
        /// New position in data space.
        pos_in_data: [f64; 2],
    },
    /// Removes a point.
    RemovePoint(usize),
    /// Removes every point.
    ClearPoints,
    /// Changes the class count: a generated set is generated again, others drop points of
    /// removed classes.
    ChangeNumClasses(usize),
    /// Names a class (empty: its number again).
    RenameClass {
        /// The class.
        class: usize,
        /// Its new name.
        name: String,
    },
    /// Generates a preset and switches to a network that suits it.
    ChoosePreset(Preset),
    /// Switches between classification and regression: generates a preset of that kind
    /// (`plane`, or the classification preset used before) with a network that suits it.
    SetProblem(crate::data::Problem),
    /// Sets the value a click gives a new regression point.
    SetNewPointValue(f64),
    /// Sets the value of one regression point (undoable, as every point edit).
    SetPointValue {
        /// The point.
        index: usize,
        /// Its new value.
        value: f64,
    },
    /// New generator settings (preset, points, noise, test share, seed); nothing is
    /// generated until [`Action::RegenerateDataset`] or [`Action::SplitPoints`].
    SetGenerator(super::state::GeneratorSettings),
    /// New points for the current preset; the network keeps its shape.
    RegenerateDataset,
    /// Draws again which points are test points.
    SplitPoints,
    /// Replaces the points with imported ones (own data: textbook order, fitted loss).
    ImportPoints {
        /// The points.
        dataset: Dataset,
        /// Names of the classes.
        class_names: Vec<String>,
        /// What to say ("Imported 150 points …").
        message: String,
    },
    /// The lesson's progress (open, step, tasks done).
    SetLesson(super::lesson::LessonProgress),
    /// Switches the interface's language (and remembers it).
    SetLanguage(crate::i18n::Language),
    /// Undoes the last change to the points.
    Undo,
    /// Redoes it.
    Redo,

    // ---- view ----
    /// New view toggles (discretize output, show test points).
    SetViewSettings(super::state::ViewSettings),
    /// Fits the view to the data.
    FitView,
    /// Sets the visible rectangle.
    SetView(Bounds),
    /// Zooms by `factor` (below 1 zooms in) about `centre` (the view's centre when `None`).
    ZoomView {
        /// Scale factor.
        factor: f64,
        /// Fixed point in data space.
        centre: Option<[f64; 2]>,
    },
    /// Pans by a fraction of the view's width and height.
    PanView {
        /// Fraction of the width, to the right.
        fx: f64,
        /// Fraction of the height, up.
        fy: f64,
    },
    /// The loss plot's axes and window.
    SetPlot(super::state::PlotSettings),

    // ---- files ----
    /// Replaces everything with a session's (already read and checked).
    LoadSession {
        /// The session.
        session: Box<Session>,
        /// The file it came from, to become the current file (`None`: keep the current one).
        path: Option<PathBuf>,
    },
    /// Saves the session to `path`: asks the worker for its weights (written when the answer
    /// comes), or writes the window's copy when there is no worker.
    SaveSession(PathBuf),
    /// Writes the crash-safe autosave (in the background, from the worker's session).
    Autosave,
    /// Exports the network as a numpy or PyTorch script to `path`, from the worker's
    /// session (its current weights), or the window's copy when there is no worker.
    ExportCode(PathBuf, crate::export::ScriptKind),

    // ---- from the worker link ----
    /// The worker paused itself (stop condition, divergence, crashes).
    WorkerPaused,
    /// A new worker started (the old one's numbers mean nothing now).
    WorkerStarted,
    /// The worker is gone (a save that waited for it is written from the window's state).
    WorkerLost,
    /// The worker's answer to a session request.
    SessionArrived(Box<Session>),
    /// A status-bar message.
    Post(MessageKind, String),
    /// Makes the worker panic (tests of the crash recovery).
    #[cfg(feature = "test-hooks")]
    CrashWorkerForTest,
}

impl NnvizApp {
    /// Applies every queued action, in order (actions may queue more; those run too).
    pub(crate) fn apply_actions(&mut self) {
        let mut guard = 0;
        while !self.actions.is_empty() && guard < 64 {
            guard += 1;
            let batch = std::mem::take(&mut self.actions);
            for a in batch {
                self.apply(a);
            }
        }
    }

    /// Queues `action` and applies the queue now (for calls from outside a frame: tests,
    /// start-up).
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
        self.apply_actions();
    }

    /// Sends a command, noting changes to the points for undo.
    fn send(&mut self, cmd: Command) -> Option<u64> {
        if matches!(
            cmd,
            Command::EditPoints(_) | Command::ReplaceDataset(_) | Command::LoadSession(_)
        ) {
            self.parts.undo.note_dataset_change();
        }
        self.link.send(cmd)
    }

    /// Applies a point edit to the window's copy with the same rule the worker uses
    /// ([`Dataset::apply_edit`]), then sends it; a refused edit is said and not sent.
    fn edit_points(&mut self, edit: PointEdit) -> bool {
        match self.state.dataset.apply_edit(&edit) {
            Ok(()) => {
                self.send(Command::EditPoints(edit));
                true
            }
            Err(e) => {
                let text = super::words::refusal_text(&e.into());
                self.post(MessageKind::Warning, text);
                false
            }
        }
    }

    fn post(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.parts.status.post(kind, text);
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::SetRunning(r) => self.apply_set_running(r),
            Action::TogglePlay => self.apply_set_running(!self.state.running),
            Action::Step => {
                // A step trains the live network: leave the timeline's snapshot first, so
                // the step is seen.
                self.parts.inside.go_live();
                if self.state.running {
                    self.apply_set_running(false);
                }
                self.send(Command::Step);
            }
            Action::ResetWeights => self.apply_reset_weights(),
            Action::BackToTutorial => self.back_to_tutorial(),
            Action::SetLearningRate(lr) => {
                if !lr.is_finite() || lr <= 0.0 {
                    return;
                }
                let lr = lr.clamp(*LEARNING_RATE_RANGE.start(), *LEARNING_RATE_RANGE.end());
                self.state.model_config.train.learning_rate = lr;
                self.send(Command::SetLearningRate(lr));
            }
            Action::SetSpeed(speed) => self.set_speed(speed),
            Action::ReplaceModel { config, message } => self.replace_model(*config, message),
            Action::SetTrainConfig(train) => self.set_train_config(train),
            Action::SetStop(stop) => {
                self.state.stop = stop;
                self.send(stop_command(&stop));
            }
            Action::SetParameter {
                layer,
                row,
                unit,
                value,
            } => {
                let cmd = match row {
                    Some(row) => Command::SetWeight {
                        layer,
                        row,
                        col: unit,
                        value,
                    },
                    None => Command::SetBias { layer, unit, value },
                };
                if let Some(seq) = self.send(cmd) {
                    self.parts
                        .inside
                        .note_parameter_sent((layer, row, unit), value, seq);
                }
            }
            Action::RestoreSnapshot { step } => {
                self.send(Command::RestoreSnapshot { step });
                self.parts.inside.go_live();
                self.link.forget_loss();
                self.post(MessageKind::Info, tr!("action-went-back", step = step));
                self.apply_set_running(true);
            }

            Action::SelectClass(c) => {
                if c < self.state.dataset.num_classes {
                    self.state.selected_class = c;
                }
            }
            Action::AddPoint(pos_in_data) => {
                let [x, y] = pos_in_data;
                let p = if self.state.dataset.is_regression() {
                    LabeledPoint::with_value(x, y, self.state.new_point_value)
                } else {
                    LabeledPoint::new(x, y, self.state.selected_class)
                };
                self.edit_points(PointEdit::Add(p));
            }
            Action::MovePoint { index, pos_in_data } => {
                let same = self
                    .state
                    .dataset
                    .points
                    .get(index)
                    .is_some_and(|p| p.pos_in_data == pos_in_data);
                if !same {
                    self.edit_points(PointEdit::Move { index, pos_in_data });
                }
            }
            Action::RemovePoint(index) => {
                if self.edit_points(PointEdit::Remove { index }) {
                    self.parts.canvas.forget_points();
                }
            }
            Action::ClearPoints => {
                self.edit_points(PointEdit::Clear);
                self.parts.canvas.forget_points();
                self.post(MessageKind::Info, tr!("action-cleared"));
            }
            Action::ChangeNumClasses(n) => self.change_num_classes(n),
            Action::RenameClass { class, name } => self.state.rename_class(class, &name),
            Action::ChoosePreset(preset) => self.apply_choose_preset(preset),
            Action::SetProblem(problem) => self.apply_set_problem(problem),
            Action::SetNewPointValue(v) => {
                if v.is_finite() {
                    self.state.new_point_value = v;
                }
            }
            Action::SetPointValue { index, value } => {
                let same = (self.state.dataset.points.get(index)).is_some_and(|p| p.value == value);
                if !same {
                    self.edit_points(PointEdit::SetValue { index, value });
                }
            }
            Action::SetGenerator(g) => self.state.generator = g,
            Action::RegenerateDataset => self.regenerate(),
            Action::SplitPoints => self.split_points(),
            Action::ImportPoints {
                dataset,
                class_names,
                message,
            } => self.import_points(dataset, class_names, message),
            Action::Undo | Action::Redo => {
                let redo = matches!(action, Action::Redo);
                self.parts.canvas.forget_points();
                self.parts.undo.checkpoint(&self.state.dataset, false);
                let current = self.state.dataset.clone();
                let restored = if redo {
                    self.parts.undo.redo(current)
                } else {
                    self.parts.undo.undo(current)
                };
                match restored {
                    Some(d) => self.restore_dataset(d),
                    None => self.post(
                        MessageKind::Info,
                        if redo {
                            tr!("action-nothing-to-redo")
                        } else {
                            tr!("action-nothing-to-undo")
                        },
                    ),
                }
            }

            Action::SetLesson(progress) => {
                let (was, now) = (self.state.lesson.open, progress.open);
                self.state.lesson = progress;
                // The lesson's examples replace the work: it is put aside, and comes back.
                if now && !was && !self.parts.files.set_aside.holds_work() {
                    self.ask_session(Purpose::SetAside);
                } else if was && !now {
                    self.bring_work_back();
                }
            }
            Action::SetLanguage(language) => {
                self.state.language = Some(language);
                crate::i18n::set_language(language);
            }
            Action::SetViewSettings(v) => self.state.view_settings = v,
            Action::FitView => self.state.view = None,
            Action::SetView(v) => {
                if v.is_valid_view() {
                    self.state.view = Some(v);
                }
            }
            Action::ZoomView { factor, centre } => {
                if let Some(v) = self.state.view().zoomed(factor, centre) {
                    self.state.view = Some(v);
                }
            }
            Action::PanView { fx, fy } => {
                if let Some(v) = self.state.view().panned(fx, fy) {
                    self.state.view = Some(v);
                }
            }
            Action::SetPlot(p) => self.state.plot = p,

            Action::LoadSession { session, path } => self.load_session(*session, path),
            Action::Autosave => self.ask_session(Purpose::Autosave),
            Action::SaveSession(path) => self.ask_session(Purpose::Save(path)),
            Action::ExportCode(path, kind) => self.ask_session(Purpose::Export(path, kind)),

            Action::WorkerPaused => self.state.running = false,
            Action::WorkerStarted => {
                self.parts.inside.worker_restarted();
                if let Some(s) = self.link.pending_load.take() {
                    self.send_loaded_session(s);
                }
            }
            Action::WorkerLost => {
                for (kind, text) in self.parts.files.worker_lost(&self.state, &self.link) {
                    self.post(kind, text);
                }
            }
            Action::SessionArrived(session) => {
                if let Some((kind, text)) = self.parts.files.on_session_reply(*session, &self.state)
                {
                    self.post(kind, text);
                }
            }
            Action::Post(kind, text) => self.post(kind, text),
            #[cfg(feature = "test-hooks")]
            Action::CrashWorkerForTest => {
                self.send(Command::CrashForTest);
            }
        }
    }

    // ---- the rules behind the actions ----

    fn apply_set_running(&mut self, running: bool) {
        if running && self.link.diverged.is_some() {
            // Resuming after a divergence starts from the restored weights; the banner goes.
            self.link.diverged = None;
        }
        if running {
            self.link.allow_respawn();
        }
        self.state.running = running;
        self.send(if running {
            Command::Resume
        } else {
            Command::Pause
        });
    }

    /// New random weights, step 0. After a divergence training stays paused.
    fn apply_reset_weights(&mut self) {
        let seed = self.link.next_seed();
        let was_diverged = self.link.diverged.take().is_some();
        self.send(Command::ResetWeights { seed });
        self.link.forget_loss();
        self.parts.loss_plot.mark_reset();
        if was_diverged {
            self.state.running = false;
            self.send(Command::Pause);
            self.post(
                MessageKind::Info,
                tr!("action-weights-reset-after-divergence"),
            );
        }
    }

    fn back_to_tutorial(&mut self) {
        self.state = PersistedState {
            plot: self.state.plot,
            lesson: std::mem::take(&mut self.state.lesson),
            ..PersistedState::tutorial()
        };
        self.link.diverged = None;
        let seed = self.link.next_seed();
        self.parts.canvas.forget_points();
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.send(Command::ReplaceModel {
            config: self.state.model_config.clone(),
            seed,
        });
        self.send(Command::SetSpeed(self.state.speed));
        self.send(Command::Resume);
        self.link.forget_loss();
        self.parts.loss_plot.mark_reset();
        self.post(MessageKind::Info, tr!("action-back-to-tutorial"));
    }

    fn set_speed(&mut self, speed: Speed) {
        let speed = match speed {
            Speed::StepsPerSecond(s) => {
                let s = if s.is_finite() {
                    s.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end())
                } else {
                    super::state::DEFAULT_STEPS_PER_SECOND
                };
                self.state.steps_per_second = s;
                Speed::StepsPerSecond(s)
            }
            Speed::Unlimited => Speed::Unlimited,
        };
        self.state.speed = speed;
        self.send(Command::SetSpeed(speed));
    }

    /// Installs a new network with new random weights and says so (a change of the dropout
    /// rates alone keeps the weights: [`Command::SetDropout`]).
    fn replace_model(&mut self, mut config: ModelConfig, message: String) {
        config.train.learning_rate = self.state.learning_rate();
        if let Err(e) = config.validate() {
            self.post(
                MessageKind::Warning,
                tr!("action-network-settings-refused", detail = e.to_string()),
            );
            return;
        }
        if self.state.model_config.differs_only_in_dropout(&config) {
            // Dropout masks units in training steps only: the running network takes it.
            let step = self.current_step();
            self.parts.loss_plot.mark_settings_changed(step);
            self.state.model_config = config.clone();
            self.send(Command::SetDropout(config.dropout));
            self.post(MessageKind::Info, message);
            return;
        }
        self.state.model_config = config.clone();
        let seed = self.link.next_seed();
        if self.link.diverged.take().is_some() {
            self.state.running = false;
        }
        self.send(Command::ReplaceModel { config, seed });
        self.link.forget_loss();
        self.parts.loss_plot.mark_reset();
        self.post(MessageKind::Info, message);
    }

    /// New training settings, live (the weights are kept; the learning rate stays).
    fn set_train_config(&mut self, mut train: TrainConfig) {
        train.learning_rate = self.state.learning_rate();
        if train.loss != self.state.model_config.train.loss {
            let mut config = self.state.model_config.clone();
            config.train = train;
            self.replace_model(config, tr!("action-loss-changed"));
            return;
        }
        if self.state.model_config.train != train {
            let step = self.current_step();
            self.parts.loss_plot.mark_settings_changed(step);
        }
        self.state.model_config.train = train;
        self.send(Command::SetTrainConfig(train));
    }

    /// The worker's step count as last reported.
    fn current_step(&self) -> u64 {
        self.link.stats.map_or(0, |s| s.step)
    }

    /// Changes the number of classes (2..=8); points of removed classes are deleted.
    fn apply_set_num_classes(&mut self, n: usize) {
        let n = n.clamp(2, MAX_CLASSES);
        if n == self.state.dataset.num_classes {
            return;
        }
        let before = self.state.dataset.points.len();
        self.state.dataset.num_classes = n;
        self.state.dataset.points.retain(|p| p.class < n);
        // The remaining classes keep their names; added classes have none yet.
        self.state.class_names.truncate(n);
        let removed = before - self.state.dataset.points.len();
        if self.state.selected_class >= n {
            self.state.selected_class = n - 1;
        }
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.link.forget_loss();
        self.parts.loss_plot.mark_reset();
        self.parts.canvas.forget_points();
        let mut text = tr!("classes-changed", classes = n);
        if removed > 0 {
            text.push(' ');
            text.push_str(&tr!("action-removed-dropped-classes", count = removed));
        }
        self.post(MessageKind::Info, text);
    }

    fn change_num_classes(&mut self, n: usize) {
        if n == self.state.dataset.num_classes {
            return;
        }
        if super::parts::data_panel::dataset_is_generated(&self.state)
            && self.state.generator.preset.class_range().contains(&n)
        {
            self.state.generator.params.classes = n;
            self.regenerate();
            return;
        }
        self.apply_set_num_classes(n);
        let mut config = self.state.model_config.clone();
        if config.fit_loss_to_classes(n) {
            self.replace_model(config, tr!("action-classes-cross-entropy", classes = n));
        }
    }

    /// Regression ↔ classification: `plane` (remembering the classification preset), or
    /// back to that preset; each with the network its preset gets.
    fn apply_set_problem(&mut self, problem: crate::data::Problem) {
        if self.state.dataset.problem == problem {
            return;
        }
        let preset = match problem {
            crate::data::Problem::Regression => {
                let current = self.state.generator.preset;
                if current.problem() == crate::data::Problem::Classification {
                    self.state.classification_preset = current;
                }
                Preset::Plane
            }
            crate::data::Problem::Classification => self.state.classification_preset,
        };
        self.apply_choose_preset(preset);
    }

    fn apply_choose_preset(&mut self, preset: Preset) {
        self.state.generator.preset = preset;
        let range = preset.class_range();
        let p = &mut self.state.generator.params;
        p.classes = p.classes.clamp(*range.start(), *range.end());
        let config = if preset == Preset::Seed {
            ModelConfig::tutorial()
        } else if preset.problem() == crate::data::Problem::Regression {
            ModelConfig::regression()
        } else {
            ModelConfig::playground()
        };
        // The network's own learning rate comes with it.
        self.state.model_config.train.learning_rate = config.train.learning_rate;
        self.generate_with(config, true);
    }

    fn regenerate(&mut self) {
        let config = self.state.model_config.clone();
        self.generate_with(config, false);
    }

    /// Generates the current preset and installs it with `config` (its loss fixed for the
    /// class count); `switched` says the network was chosen for the preset.
    fn generate_with(&mut self, mut config: ModelConfig, switched: bool) {
        let g = self.state.generator;
        let dataset = match generate(g.preset, &g.params) {
            Ok(d) => d,
            Err(e) => {
                self.post(
                    MessageKind::Warning,
                    tr!("action-generate-failed", detail = e.to_string()),
                );
                return;
            }
        };
        let loss_fixed = config.fit_loss_to_classes(dataset.num_classes);
        let what = super::parts::data_panel::describe_dataset(g.preset, &dataset);
        self.install_dataset(dataset);
        let net = super::parts::network::describe_network(&config, self.state.dataset.num_classes);
        let mut text = if switched {
            tr!("action-generated-new-network", what = what, network = net)
        } else {
            tr!("action-generated-same-network", what = what)
        };
        if loss_fixed {
            text.push(' ');
            text.push_str(&tr!("action-more-classes-cross-entropy"));
        }
        self.replace_model(config, text);
    }

    /// Replaces the points (the worker gets them at once) and fits the view to them.
    fn install_dataset(&mut self, dataset: Dataset) {
        self.state.dataset = dataset;
        // Names from an imported or opened file do not describe generated points.
        self.state.class_names.clear();
        if self.state.selected_class >= self.state.dataset.num_classes {
            self.state.selected_class = 0;
        }
        self.parts.canvas.forget_points();
        self.state.view = None;
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
    }

    fn split_points(&mut self) {
        let p = self.state.generator.params;
        let mut dataset = self.state.dataset.clone();
        if let Err(e) = split_test(&mut dataset, p.test_ratio, p.seed) {
            self.post(
                MessageKind::Warning,
                tr!("action-split-failed", detail = e.to_string()),
            );
            return;
        }
        let test = dataset.test_points().count();
        let train = dataset.points.len() - test;
        self.state.dataset = dataset;
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        let step = self.current_step();
        self.parts.loss_plot.mark_data_changed(step);
        self.post(
            MessageKind::Info,
            tr!(
                "action-split",
                train = points_word(train),
                test = points_word(test)
            ),
        );
    }

    fn import_points(&mut self, dataset: Dataset, class_names: Vec<String>, message: String) {
        let classes_changed = dataset.num_classes != self.state.dataset.num_classes;
        let k = dataset.num_classes;
        self.state.dataset = dataset;
        if self.state.selected_class >= k {
            self.state.selected_class = 0;
        }
        self.state.view = None;
        self.state.class_names = class_names;
        self.parts.canvas.forget_points();
        if classes_changed {
            self.link.forget_loss();
        }
        let step = self.current_step();
        self.parts.loss_plot.mark_data_changed(step);
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        let mut text = message;
        // Own data gets the presets' network (biases, normalised inputs, textbook order), as
        // `nnviz train --data` does; the tutorial's network is for its own 8 points. A
        // network the user chose is kept and only trains in the textbook order.
        let mut config = self.state.model_config.clone();
        let new_network = config.is_tutorial_network();
        if config.for_own_data() && !new_network {
            text.push(' ');
            text.push_str(&tr!("action-own-data-textbook-order"));
        }
        // As the class-count slider does: more than 2 classes need softmax outputs trained
        // with cross-entropy, not K sigmoids with the tutorial's loss.
        let loss_fixed = config.fit_loss_to_classes(k);
        let mse = config.fit_loss_to_problem(self.state.dataset.problem);
        match config.validate() {
            Ok(()) if new_network => {
                let network = super::parts::network::describe_network(&config, k);
                let text = tr!(
                    "action-imported-playground-network",
                    text = text,
                    network = network
                );
                // The network's own learning rate comes with it, as with a preset.
                self.state.model_config.train.learning_rate = config.train.learning_rate;
                self.replace_model(config, text);
            }
            Ok(()) if loss_fixed => {
                self.replace_model(config, tr!("action-imported-cross-entropy", text = text))
            }
            Ok(()) if mse => self.replace_model(config, text),
            Ok(()) => {
                self.set_train_config(config.train);
                self.post(MessageKind::Info, text);
            }
            Err(e) => {
                self.post(MessageKind::Info, text);
                self.post(
                    MessageKind::Warning,
                    tr!("action-network-not-adapted", detail = e.to_string()),
                );
            }
        }
    }

    fn restore_dataset(&mut self, dataset: Dataset) {
        let classes_changed = dataset.num_classes != self.state.dataset.num_classes;
        let before = self.state.dataset.points.len();
        self.parts.undo.set_recorded(dataset.clone());
        self.state.dataset = dataset;
        if self.state.selected_class >= self.state.dataset.num_classes {
            self.state.selected_class = self.state.dataset.num_classes.saturating_sub(1);
        }
        self.state
            .class_names
            .truncate(self.state.dataset.num_classes);
        self.parts.canvas.forget_points();
        if classes_changed {
            self.link.forget_loss();
        }
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.parts.undo.mark_recorded();
        let n = self.state.dataset.points.len();
        let text = match n.cmp(&before) {
            std::cmp::Ordering::Greater => tr!(
                "action-brought-back",
                points = points_word(n - before),
                now = points_word(n)
            ),
            std::cmp::Ordering::Less => tr!(
                "action-took-away",
                points = points_word(before - n),
                now = points_word(n)
            ),
            std::cmp::Ordering::Equal => tr!("action-put-back", points = points_word(n)),
        };
        self.post(MessageKind::Info, text);
    }

    /// Asks the worker for the session `purpose` needs (answered in order with the commands).
    fn ask_session(&mut self, purpose: Purpose) {
        if self.link.has_worker() {
            self.parts.files.expect_session(purpose);
            self.send(Command::RequestSession);
        } else if let Some((kind, text)) =
            (self.parts.files).answer_from_state(purpose, &self.state, &self.link)
        {
            self.post(kind, text);
        }
    }

    /// The work put aside when the lesson opened comes back.
    fn bring_work_back(&mut self) {
        match self.parts.files.set_aside.take() {
            Ok(Some((session, path))) => self.load_session(session, path),
            Ok(None) => return,
            Err(text) => return self.post(MessageKind::Error, text),
        }
        self.post(MessageKind::Info, tr!("lesson-work-back"));
    }

    /// Replaces points, network, weights, learning rate, speed and view with `session`'s.
    fn load_session(&mut self, session: Session, path: Option<PathBuf>) {
        self.parts.undo.note_dataset_change();
        let st = &mut self.state;
        st.dataset = session.dataset.clone();
        st.model_config = session.model.clone();
        st.speed = match session.speed {
            Some(s) => {
                let s = s.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end());
                st.steps_per_second = s;
                Speed::StepsPerSecond(s)
            }
            None => Speed::Unlimited,
        };
        st.view = session.view.filter(Bounds::is_valid_view);
        if st.selected_class >= st.dataset.num_classes {
            st.selected_class = 0;
        }
        st.class_names = session.class_names.clone();
        self.link.seed = session.seed;
        self.link.diverged = None;
        self.link.forget_loss();
        self.parts.loss_plot.mark_reset();
        self.parts.canvas.forget_points();
        if let Some(p) = path {
            self.parts.files.set_current(&p);
        }
        if self.link.has_worker() {
            self.send_loaded_session(Box::new(session));
        } else {
            self.link.pending_load = Some(Box::new(session));
        }
    }

    fn send_loaded_session(&mut self, session: Box<Session>) {
        let speed = self.state.speed;
        self.send(Command::LoadSession(session));
        self.send(Command::SetSpeed(speed));
        if self.state.running && self.link.diverged.is_none() {
            self.send(Command::Resume);
        }
    }

    /// The session as the window knows it: points, network, the last heatmap's weights, a
    /// fresh optimiser state.
    pub fn session_from_ui(&self) -> Result<Session, String> {
        session_from_state(&self.state, &self.link)
    }
}
