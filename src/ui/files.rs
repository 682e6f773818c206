//! Files: open and save sessions, recent files, drag-and-drop, CSV import/export, loss
//! CSV, PNG pictures, the session autosaved on exit.
//!
//! Saving asks the worker for its weights and optimiser state ([`Command::RequestSession`])
//! and writes the answer ([`Update::Session`](crate::train::Update::Session)) atomically
//! with [`Session::save`]. Opening reads the whole file with [`Session::load`] first: an
//! invalid file changes nothing and its message goes to the status bar.

use super::app::{MessageKind, NnvizApp, valid_bounds};
use super::file_dialog::{DialogMode, DialogResult, FileDialog};
use crate::data::{Bounds, Column, CsvColumns, LabeledPoint, read_csv_file, to_csv};
use crate::nn::UpdateOrder;
use crate::nn::{GridPrediction, GridPredictor, GridSpec, Snapshot};
use crate::render::{
    HeatmapStyle, Rgba8Image, draw_legend, draw_points, heatmap, legend_names, point_radius_for,
    write_png,
};
use crate::session::{Session, SessionError};
use crate::train::{Command, Speed};
use std::io::Read;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Key of the recent-files list in eframe's storage.
pub const RECENT_KEY: &str = "nnviz_recent_files_v1";
/// Most files in the recent-files list.
pub const MAX_RECENT: usize = 10;
/// Name of the session autosaved on exit, in eframe's storage folder.
pub const AUTOSAVE_FILE: &str = "autosave.json";
/// Picture sizes "Export PNG…" accepts (pixels per side).
pub const PNG_SIZE_RANGE: RangeInclusive<usize> = 100..=8000;
/// The picture size offered first.
pub const DEFAULT_PNG_SIZE: usize = 1000;

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAction {
    /// Open a session (`.json`).
    OpenSession,
    /// Save the session under a new name.
    SaveSession,
    /// Import points from CSV (a column dialog follows).
    ImportCsv,
    /// Export the points as CSV.
    ExportCsv,
    /// Export the loss curve as CSV.
    ExportLoss,
    /// Export the canvas as PNG.
    ExportPng,
}

impl FileAction {
    fn dialog(self, dir: Option<PathBuf>, name: String) -> FileDialog {
        let (title, accept, mode, ext): (&str, &str, DialogMode, &[&'static str]) = match self {
            FileAction::OpenSession => ("Open session", "Open", DialogMode::Open, &["json"]),
            FileAction::SaveSession => ("Save session as", "Save", DialogMode::Save, &["json"]),
            FileAction::ImportCsv => (
                "Import points from CSV",
                "Import",
                DialogMode::Open,
                &["csv", "tsv", "txt"],
            ),
            FileAction::ExportCsv => ("Export points as CSV", "Export", DialogMode::Save, &["csv"]),
            FileAction::ExportLoss => (
                "Export the loss curve as CSV",
                "Export",
                DialogMode::Save,
                &["csv"],
            ),
            FileAction::ExportPng => (
                "Export picture as PNG",
                "Export",
                DialogMode::Save,
                &["png"],
            ),
        };
        FileDialog::new(title, accept, mode, ext, dir, name)
    }
}

/// The column chooser shown after picking a CSV file.
#[derive(Clone, Debug)]
struct CsvChoice {
    path: PathBuf,
    /// The first row's fields (a header, or the first data row).
    header: Vec<String>,
    /// The first few lines, as text.
    preview: Vec<String>,
    x: usize,
    y: usize,
    label: usize,
}

/// Runtime state of the file features (the recent list is persisted separately).
#[derive(Debug)]
pub(crate) struct FilesState {
    /// The session file in use (Ctrl+S writes it).
    current: Option<PathBuf>,
    /// Most recent first.
    recent: Vec<PathBuf>,
    /// Class names from a session or a CSV file.
    class_names: Vec<String>,
    dialog: Option<(FileAction, FileDialog)>,
    csv: Option<CsvChoice>,
    /// Where the session the worker is asked for goes.
    pending_save: Option<PathBuf>,
    /// A session opened before the worker started.
    pending_load: Option<Box<Session>>,
    png_size: usize,
    png_legend: bool,
    /// The picture being exported, if any.
    png_job: Option<PngJob>,
    /// Makes the next export wait (tests).
    png_gate: Option<mpsc::Receiver<()>>,
    last_dir: Option<PathBuf>,
    /// The autosave file to use instead of the one in eframe's storage folder.
    autosave_override: Option<PathBuf>,
    /// A damaged autosave file could not be moved aside: leave it, do not write over it.
    autosave_blocked: bool,
}

impl Default for FilesState {
    fn default() -> Self {
        Self {
            current: None,
            recent: Vec::new(),
            class_names: Vec::new(),
            dialog: None,
            csv: None,
            pending_save: None,
            pending_load: None,
            png_size: DEFAULT_PNG_SIZE,
            png_legend: true,
            png_job: None,
            png_gate: None,
            last_dir: None,
            autosave_override: None,
            autosave_blocked: false,
        }
    }
}

/// The path of the autosaved session, if the platform has a storage folder.
pub fn autosave_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|d| d.join(AUTOSAVE_FILE))
}

fn lower_ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl NnvizApp {
    // ---- accessors ----

    /// The session file in use (saved by Ctrl+S), if any.
    pub fn current_session_path(&self) -> Option<&Path> {
        self.files.current.as_deref()
    }

    /// Recently opened or saved sessions, most recent first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.files.recent
    }

    /// Whether a save is waiting for the worker's answer.
    pub fn is_saving(&self) -> bool {
        self.files.pending_save.is_some()
    }

    /// Whether a file dialog (or the CSV column chooser) is open.
    pub fn file_dialog_open(&self) -> bool {
        self.files.dialog.is_some() || self.files.csv.is_some()
    }

    /// Class names from the last opened session or imported CSV.
    pub fn class_names(&self) -> &[String] {
        &self.files.class_names
    }

    /// Keeps the class names of the first `classes` classes only: `0` after the points
    /// were replaced by generated ones, the new count after classes were dropped.
    pub(crate) fn keep_class_names(&mut self, classes: usize) {
        self.files.class_names.truncate(classes);
    }

    /// Uses `path` as the autosave file instead of `autosave.json` in the storage folder
    /// (tests, portable setups).
    pub fn set_autosave_path(&mut self, path: PathBuf) {
        self.files.autosave_override = Some(path);
    }

    /// The autosave file in use, if there is a storage folder.
    pub fn autosave_file(&self) -> Option<PathBuf> {
        self.files.autosave_override.clone().or_else(autosave_path)
    }

    // ---- sessions ----

    /// Opens the session in `path`. An invalid file changes nothing; its message is posted
    /// and returned.
    pub fn open_session_path(&mut self, path: &Path) -> Result<(), String> {
        match Session::load(path) {
            Ok(session) => {
                self.apply_session(session);
                self.files.current = Some(path.to_path_buf());
                self.remember_recent(path);
                self.post(MessageKind::Info, format!("Opened {}.", file_name(path)));
                Ok(())
            }
            Err(e) => {
                let text = format!("Not opened (nothing changed): {e}");
                self.post(MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Replaces points, network, weights, learning rate, speed and view with `session`'s.
    fn apply_session(&mut self, session: Session) {
        self.undo.note_dataset_change();
        let st = &mut self.state;
        st.dataset = session.dataset.clone();
        st.model_config = session.model.clone();
        st.learning_rate = session.model.train.learning_rate;
        st.speed = match session.speed {
            Some(s) => {
                let s = s.clamp(
                    *super::app::SPEED_RANGE.start(),
                    *super::app::SPEED_RANGE.end(),
                );
                st.steps_per_second = s;
                Speed::StepsPerSecond(s)
            }
            None => Speed::Unlimited,
        };
        st.view = session.view.filter(valid_bounds);
        if st.selected_class >= st.dataset.num_classes {
            st.selected_class = 0;
        }
        self.seed = session.seed;
        self.files.class_names = session.class_names.clone();
        self.diverged = None;
        self.loss = None;
        self.sent_view = None;
        self.canvas.reset_interaction();
        self.files.pending_load = Some(Box::new(session));
        self.send_pending_load();
    }

    fn send_pending_load(&mut self) {
        if self.worker.is_none() {
            return;
        }
        if let Some(s) = self.files.pending_load.take() {
            let speed = self.state.speed;
            self.send(Command::LoadSession(s));
            self.send(Command::SetSpeed(speed));
            if self.state.running && self.diverged.is_none() {
                self.send(Command::Resume);
            }
        }
    }

    /// Saves the session to `path`: asks the worker for its weights; the file is written
    /// (atomically) when the answer arrives, a frame or two later.
    ///
    /// Without a training thread (e.g. after repeated crashes) the session is built from
    /// the UI's own copy of the points and network and written at once (see
    /// [`NnvizApp::session_from_ui`]).
    pub fn save_session_path(&mut self, path: &Path) {
        if self.worker.is_none() {
            self.save_session_from_ui(path);
            return;
        }
        self.files.pending_save = Some(path.to_path_buf());
        self.send(Command::RequestSession);
    }

    /// Writes the session built from the UI's state to `path` and says how it went.
    fn save_session_from_ui(&mut self, path: &Path) {
        let result = self
            .session_from_ui()
            .and_then(|s| s.save(path).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                self.files.current = Some(path.to_path_buf());
                self.remember_recent(path);
                self.post(
                    MessageKind::Info,
                    format!(
                        "Saved {} from the window's copy of the session (the training thread \
                         is not running, so the optimiser state and loss curve were not saved).",
                        path.display()
                    ),
                );
            }
            Err(e) => self.post(MessageKind::Error, format!("Not saved: {e}")),
        }
    }

    /// A save that was waiting for a worker that is gone: written from the UI's state.
    pub(crate) fn finish_pending_save_without_worker(&mut self) {
        if let Some(path) = self.files.pending_save.take() {
            self.save_session_from_ui(&path);
        }
    }

    /// The session as the UI knows it, for when the training thread cannot answer: its
    /// points, network, class names, speed and view; the weights of the last heatmap shown
    /// (fresh weights from the seed if there is none, or it does not fit the network); a
    /// fresh optimiser state and no loss curve.
    pub fn session_from_ui(&self) -> Result<Session, String> {
        let mut config = self.state.model_config.clone();
        config.train.learning_rate = self.state.learning_rate;
        let mut model = crate::nn::Model::new(config, &self.state.dataset, self.seed)
            .map_err(|e| format!("the network cannot be built ({e})"))?;
        if let Some(frame) = &self.heatmap {
            // A snapshot of another network shape is refused whole: fresh weights stay.
            let _ = model.set_parameters(frame.model.mlp.parameters());
        }
        let mut session = Session::from_model(&model, &self.state.dataset, self.seed);
        self.fill_session(&mut session);
        Ok(session)
    }

    /// Ctrl+S: saves to the current file, or asks for a name.
    pub fn save_session(&mut self) {
        match self.files.current.clone() {
            Some(p) => self.save_session_path(&p),
            None => self.open_file_dialog(FileAction::SaveSession),
        }
    }

    /// The worker's answer to [`Command::RequestSession`]: fills in what the UI owns and
    /// writes the file.
    pub(crate) fn on_session_reply(&mut self, mut session: Session) {
        let Some(path) = self.files.pending_save.take() else {
            return;
        };
        self.fill_session(&mut session);
        match session.save(&path) {
            Ok(()) => {
                self.files.current = Some(path.clone());
                self.remember_recent(&path);
                self.post(MessageKind::Info, format!("Saved {}.", path.display()));
            }
            Err(e) => self.post(MessageKind::Error, format!("Not saved: {e}")),
        }
    }

    /// Speed, view and class names: the UI's part of a session.
    fn fill_session(&self, session: &mut Session) {
        session.speed = match self.state.speed {
            Speed::StepsPerSecond(s) => Some(s),
            Speed::Unlimited => None,
        };
        session.view = self.state.view;
        session.class_names = self
            .files
            .class_names
            .iter()
            .take(session.dataset.num_classes)
            .map(|n| {
                n.chars()
                    .take(crate::session::MAX_CLASS_NAME_CHARS)
                    .collect()
            })
            .collect();
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.files.last_dir = path.parent().map(Path::to_path_buf);
        self.files.recent.retain(|p| *p != path);
        self.files.recent.insert(0, path);
        self.files.recent.truncate(MAX_RECENT);
    }

    /// Opens a recent file; a missing one is dropped from the list with a message.
    pub fn open_recent(&mut self, path: &Path) {
        if !path.is_file() {
            self.files.recent.retain(|p| p != path);
            self.post(
                MessageKind::Warning,
                format!(
                    "{} no longer exists; removed it from the recent files.",
                    path.display()
                ),
            );
            return;
        }
        // Errors are posted by `open_session_path`.
        let _ = self.open_session_path(path);
    }

    // ---- data ----

    /// Imports points from a CSV file with the given columns (replaces the points).
    pub fn import_csv_path(&mut self, path: &Path, cols: &CsvColumns) -> Result<(), String> {
        match read_csv_file(path, cols) {
            Ok(import) => {
                let d = import.dataset;
                let classes_changed = d.num_classes != self.state.dataset.num_classes;
                let (n, k) = (d.points.len(), d.num_classes);
                self.state.dataset = d;
                if self.state.selected_class >= k {
                    self.state.selected_class = 0;
                }
                self.state.view = None;
                self.files.class_names = import.class_names;
                self.canvas.reset_interaction();
                if classes_changed {
                    self.loss = None;
                }
                self.send(Command::ReplaceDataset(self.state.dataset.clone()));
                self.files.last_dir = path.parent().map(Path::to_path_buf);
                let mut text = format!(
                    "Imported {n} points in {k} classes from {} (Ctrl+Z undoes).",
                    file_name(path)
                );
                // Own data trains with textbook back-propagation, as `nnviz train --data`
                // does; the tutorial's update order is for its own 8 points.
                let mut config = self.state.model_config.clone();
                config.train.learning_rate = self.state.learning_rate;
                if config.train.update_order != UpdateOrder::Textbook {
                    config.train.update_order = UpdateOrder::Textbook;
                    text.push_str(
                        " Training now uses the textbook update order (every gradient from \
                         the weights before the step), as `nnviz train --data` does.",
                    );
                }
                // As the class-count slider does: more than 2 classes need softmax outputs
                // trained with cross-entropy, not K sigmoids with the tutorial's loss.
                let loss_fixed = super::network_editor::fit_loss_to_classes(&mut config, k);
                match config.validate() {
                    Ok(()) if loss_fixed => self.replace_model_config(
                        config,
                        format!(
                            "{text} More than 2 classes: the loss is now cross-entropy \
                             (one softmax output per class); weights were reset."
                        ),
                    ),
                    Ok(()) => {
                        self.set_train_config(config.train);
                        self.post(MessageKind::Info, text);
                    }
                    Err(e) => {
                        self.post(MessageKind::Info, text);
                        self.post(
                            MessageKind::Warning,
                            format!(
                                "The network was left as it was: it cannot be adapted to \
                                 these points ({e})."
                            ),
                        );
                    }
                }
                Ok(())
            }
            Err(e) => {
                let text = format!("Not imported (nothing changed): {e}");
                self.post(MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Writes the points as CSV (`x,y,label,split`).
    pub fn export_csv_path(&mut self, path: &Path) -> Result<(), String> {
        let text = to_csv(&self.state.dataset);
        self.write_file(path, text.as_bytes(), "points")
    }

    /// Writes the loss curve as CSV (`step,error,loss`).
    pub fn export_loss_csv_path(&mut self, path: &Path) -> Result<(), String> {
        let mut text = String::from("step,error,loss\n");
        if let Some(h) = &self.loss {
            for s in h.samples() {
                text.push_str(&format!("{},{},{}\n", s.step, s.error, s.loss));
            }
        }
        self.write_file(path, text.as_bytes(), "loss curve")
    }

    fn write_file(&mut self, path: &Path, bytes: &[u8], what: &str) -> Result<(), String> {
        match crate::fsutil::write_atomic(path, bytes) {
            Ok(()) => {
                self.files.last_dir = path.parent().map(Path::to_path_buf);
                self.post(
                    MessageKind::Info,
                    format!("Saved the {what} to {}.", path.display()),
                );
                Ok(())
            }
            Err(e) => {
                let text = format!("Could not write {}: {e}", path.display());
                self.post(MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    // ---- pictures ----

    /// Starts exporting the current view as a `size`×`size` PNG (`size` is clamped to
    /// [`PNG_SIZE_RANGE`]): the heatmap at that resolution, the points and (with `legend`)
    /// each class's colour and name in the top-left corner.
    ///
    /// The picture is computed and written on its own thread, so the window stays
    /// responsive; [`NnvizApp::is_exporting`] is true until it is done, and the result (or
    /// what went wrong) arrives as a message. Returns an error at once when there is no
    /// heatmap yet or another picture is being exported.
    pub fn export_png_path(
        &mut self,
        path: &Path,
        size: usize,
        legend: bool,
    ) -> Result<(), String> {
        let size = size.clamp(*PNG_SIZE_RANGE.start(), *PNG_SIZE_RANGE.end());
        if let Some(job) = &self.files.png_job {
            let text = format!(
                "Not exported: {} is still being exported; wait for it to finish.",
                file_name(&job.path)
            );
            self.post(MessageKind::Warning, text.clone());
            return Err(text);
        }
        let Some(model) = self.heatmap.as_ref().map(|h| Arc::clone(&h.model)) else {
            let text = "No picture yet: wait for the first heatmap.".to_owned();
            self.post(MessageKind::Error, text.clone());
            return Err(text);
        };
        let classes = self.state.dataset.num_classes;
        let request = PictureRequest {
            model,
            view: self.view(),
            points: self.state.dataset.points.clone(),
            size,
            legend: legend.then(|| legend_names(&self.files.class_names, classes)),
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let gate = self.files.png_gate.take();
        let (thread_path, thread_cancel) = (path.to_path_buf(), Arc::clone(&cancel));
        let spawned = std::thread::Builder::new()
            .name("nnviz-export-png".to_owned())
            .spawn(move || {
                if let Some(gate) = gate {
                    wait_for_gate(&gate, &thread_cancel);
                }
                let img = render_picture_in_strips(&request, &thread_cancel)?;
                // The encoding cannot be interrupted: do not start it once cancelled (the
                // window is closing and waits for this thread).
                if thread_cancel.load(Ordering::Relaxed) {
                    return Err("cancelled".to_owned());
                }
                write_png(&thread_path, &img).map_err(|e| e.to_string())
            });
        match spawned {
            Ok(handle) => {
                self.files.last_dir = path.parent().map(Path::to_path_buf);
                self.files.png_job = Some(PngJob {
                    path: path.to_path_buf(),
                    size,
                    cancel,
                    handle: Some(handle),
                });
                Ok(())
            }
            Err(e) => {
                let text = format!("Could not start exporting the picture: {e}");
                self.post(MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Whether a picture is being exported.
    pub fn is_exporting(&self) -> bool {
        self.files.png_job.is_some()
    }

    /// Makes the next picture export wait, before computing anything, until the returned
    /// sender sends or is dropped: lets tests see the window while an export runs.
    #[doc(hidden)]
    pub fn hold_next_export_for_test(&mut self) -> mpsc::Sender<()> {
        let (tx, rx) = mpsc::channel();
        self.files.png_gate = Some(rx);
        tx
    }

    /// Once a frame: collects a finished export and says how it went; while one runs, shows
    /// "Exporting…" and keeps frames coming so its end is seen.
    fn png_job_ui(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.files.png_job else {
            return;
        };
        let finished = job.handle.as_ref().is_none_or(|h| h.is_finished());
        if !finished {
            let label = format!(
                "Exporting {} ({}×{} px)…",
                file_name(&job.path),
                job.size,
                job.size
            );
            egui::Area::new(egui::Id::unique("nnviz-exporting"))
                .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -40.0))
                .order(egui::Order::Foreground)
                .show(ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(label);
                        });
                    });
                });
            ctx.request_repaint_after(Duration::from_millis(100));
            return;
        }
        let result = job
            .handle
            .take()
            .map_or(Err("the export thread is gone".to_owned()), |h| {
                h.join()
                    .unwrap_or_else(|_| Err("the export thread crashed".to_owned()))
            });
        let (path, size) = (job.path.clone(), job.size);
        self.files.png_job = None;
        match result {
            Ok(()) => self.post(
                MessageKind::Info,
                format!("Saved a {size}×{size} picture to {}.", path.display()),
            ),
            Err(e) => self.post(
                MessageKind::Error,
                format!("Could not export the picture to {}: {e}", path.display()),
            ),
        }
    }

    // ---- dialogs ----

    /// Opens the in-app file dialog for `action`.
    pub fn open_file_dialog(&mut self, action: FileAction) {
        let name = match action {
            FileAction::SaveSession => self
                .files
                .current
                .as_deref()
                .map_or_else(|| "session.json".to_owned(), file_name),
            FileAction::ExportCsv => "points.csv".to_owned(),
            FileAction::ExportLoss => "loss.csv".to_owned(),
            FileAction::ExportPng => "picture.png".to_owned(),
            FileAction::OpenSession | FileAction::ImportCsv => String::new(),
        };
        let dir = self.files.last_dir.clone().or_else(|| {
            self.files
                .current
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        });
        self.files.csv = None;
        self.files.dialog = Some((action, action.dialog(dir, name)));
    }

    /// Does what `action` does with the chosen file.
    pub fn file_chosen(&mut self, action: FileAction, path: &Path) {
        // Errors are posted to the status bar by each action.
        match action {
            FileAction::OpenSession => drop(self.open_session_path(path)),
            FileAction::SaveSession => self.save_session_path(path),
            FileAction::ImportCsv => self.choose_csv_columns(path),
            FileAction::ExportCsv => drop(self.export_csv_path(path)),
            FileAction::ExportLoss => drop(self.export_loss_csv_path(path)),
            FileAction::ExportPng => {
                let (size, legend) = (self.files.png_size, self.files.png_legend);
                drop(self.export_png_path(path, size, legend));
            }
        }
    }

    /// Shows the column chooser for the CSV file `path`.
    pub fn choose_csv_columns(&mut self, path: &Path) {
        let mut text = String::new();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(64 * 1024).read_to_string(&mut text).map(drop));
        if let Err(e) = read {
            // A cut in the middle of a UTF-8 character is fine for a preview.
            if text.is_empty() {
                self.post(
                    MessageKind::Error,
                    format!("Cannot read {}: {e}", path.display()),
                );
                return;
            }
        }
        let lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .take(6)
            .map(|l| l.chars().take(120).collect())
            .collect();
        let first = lines.first().cloned().unwrap_or_default();
        let sep = if first.contains(',') {
            ','
        } else if first.contains(';') {
            ';'
        } else {
            '\t'
        };
        let header: Vec<String> = first
            .split(sep)
            .map(|f| f.trim().trim_matches('"').to_owned())
            .take(64)
            .collect();
        let last = header.len().saturating_sub(1);
        self.files.dialog = None;
        self.files.csv = Some(CsvChoice {
            path: path.to_path_buf(),
            header,
            preview: lines,
            x: 0,
            y: 1.min(last),
            label: 2.min(last),
        });
    }

    fn csv_choice_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = &mut self.files.csv else {
            return;
        };
        let mut import = false;
        let mut cancel = false;
        let modal = egui::Modal::new(egui::Id::unique("nnviz-csv-columns")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(format!("Import {}", file_name(&choice.path)));
            ui.label("The first lines of the file:");
            egui::Frame::group(ui.style()).show(ui, |ui| {
                for l in &choice.preview {
                    ui.monospace(l);
                }
            });
            let names: Vec<String> = choice
                .header
                .iter()
                .enumerate()
                .map(|(i, h)| format!("{i}: {h}"))
                .collect();
            egui::Grid::new("csv-cols").num_columns(2).show(ui, |ui| {
                for (label, tip, value) in [
                    (
                        "x column",
                        "The column with the horizontal coordinate.",
                        &mut choice.x,
                    ),
                    (
                        "y column",
                        "The column with the vertical coordinate.",
                        &mut choice.y,
                    ),
                    (
                        "label column",
                        "The column with each point's class (numbers 0, 1, … or names).",
                        &mut choice.label,
                    ),
                ] {
                    egui::ComboBox::from_label(label)
                        .selected_text(names.get(*value).cloned().unwrap_or_default())
                        .show_ui(ui, |ui| {
                            for (i, n) in names.iter().enumerate() {
                                ui.selectable_value(value, i, n);
                            }
                        })
                        .response
                        .on_hover_text(tip);
                    ui.end_row();
                }
            });
            ui.weak("The points replace the current ones; Ctrl+Z brings them back.");
            ui.horizontal(|ui| {
                import = ui
                    .button("Import")
                    .on_hover_text("Read the points from these columns (Enter).")
                    .clicked();
                cancel = ui
                    .button("Cancel")
                    .on_hover_text("Close without importing (Esc).")
                    .clicked();
            });
            let (enter, esc) = ui.input_mut(|i| {
                (
                    i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
                    i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
                )
            });
            import |= enter;
            cancel |= esc;
        });
        cancel |= modal.should_close();
        if import {
            let cols = CsvColumns {
                x: Column::Index(choice.x),
                y: Column::Index(choice.y),
                label: Column::Index(choice.label),
            };
            let path = choice.path.clone();
            self.files.csv = None;
            if self.import_csv_path(&path, &cols).is_err() {
                // Keep the chooser closed; the message says what was wrong.
            }
        } else if cancel {
            self.files.csv = None;
        }
    }

    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some((action, mut dialog)) = self.files.dialog.take() else {
            return;
        };
        let (mut size, mut legend) = (self.files.png_size, self.files.png_legend);
        let result = dialog.show(ctx, |ui| {
            if action == FileAction::ExportPng {
                ui.horizontal(|ui| {
                    ui.label("Size:");
                    ui.add(
                        egui::DragValue::new(&mut size)
                            .range(PNG_SIZE_RANGE)
                            .speed(10.0)
                            .suffix(" px"),
                    )
                    .on_hover_text(format!(
                        "Width and height of the square picture, {} to {} pixels. Drag or \
                         type a number.",
                        PNG_SIZE_RANGE.start(),
                        PNG_SIZE_RANGE.end()
                    ));
                    ui.checkbox(&mut legend, "Legend").on_hover_text(
                        "Add a legend in a corner free of points: each class's colour and name.",
                    );
                });
            }
        });
        self.files.png_size = size;
        self.files.png_legend = legend;
        match result {
            DialogResult::Open => self.files.dialog = Some((action, dialog)),
            DialogResult::Cancelled => {}
            DialogResult::Chosen(path) => {
                self.files.last_dir = path.parent().map(Path::to_path_buf);
                self.file_chosen(action, &path);
            }
        }
    }

    // ---- drag and drop ----

    /// Opens a dropped file: a `.json` session, or a `.csv` file to import.
    pub fn open_dropped(&mut self, path: &Path) {
        match lower_ext(path).as_str() {
            "json" => drop(self.open_session_path(path)),
            "csv" | "tsv" | "txt" => self.choose_csv_columns(path),
            _ => self.post(
                MessageKind::Warning,
                format!(
                    "Cannot open {}: drop a session (.json) or points (.csv).",
                    file_name(path)
                ),
            ),
        }
    }

    fn drop_ui(&mut self, ctx: &egui::Context) {
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw.dropped_files.first().map(|f| f.path().to_path_buf()),
            )
        });
        if let Some(path) = dropped {
            self.open_dropped(&path);
        }
        if hovering {
            let rect = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("nnviz-drop"),
            ));
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a session (.json) or points (.csv) to open it",
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
    }

    // ---- per frame ----

    /// Undo bookkeeping, file shortcuts, dropped files and dialogs (once a frame, before the
    /// other shortcuts).
    pub(crate) fn files_frame(&mut self, ctx: &egui::Context) {
        self.undo_checkpoint();
        self.send_pending_load();
        if !self.file_dialog_open() {
            self.file_shortcuts(ctx);
            self.undo_shortcuts(ctx);
        }
        self.drop_ui(ctx);
        self.dialog_ui(ctx);
        self.csv_choice_ui(ctx);
        self.png_job_ui(ctx);
    }

    fn file_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let save_as = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        let save = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let (save_as, save, open) = ctx.input_mut(|i| {
            let a = i.consume_shortcut(&save_as);
            (a, i.consume_shortcut(&save), i.consume_shortcut(&open))
        });
        if save_as {
            self.open_file_dialog(FileAction::SaveSession);
        } else if save {
            self.save_session();
        } else if open {
            self.open_file_dialog(FileAction::OpenSession);
        }
    }

    // ---- start and exit ----

    /// At start: the recent list, then `nnviz FILE.json`, else the autosaved session
    /// (unless `--fresh`).
    pub(crate) fn files_startup(
        &mut self,
        args: &crate::cli::AppArgs,
        storage: Option<&dyn eframe::Storage>,
        use_store: bool,
    ) {
        if use_store && let Some(s) = storage {
            let recent: Vec<PathBuf> = eframe::get_value(s, RECENT_KEY).unwrap_or_default();
            let before = recent.len();
            self.files.recent = recent
                .into_iter()
                .filter(|p| p.is_file())
                .take(MAX_RECENT)
                .collect();
            let gone = before - self.files.recent.len();
            if gone > 0 {
                self.post(
                    MessageKind::Info,
                    format!("{gone} recent files no longer exist and were removed from the list."),
                );
            }
        }
        if let Some(dir) = args.session.as_ref().filter(|p| p.is_dir()) {
            // `nnviz FOLDER` shows the Open dialog in that folder.
            self.files.last_dir = Some(dir.clone());
            self.open_file_dialog(FileAction::OpenSession);
        } else if let Some(path) = &args.session {
            // An invalid file is reported in the status bar; the app starts as usual.
            let _ = self.open_session_path(path);
            self.undo = Default::default();
        } else if use_store {
            self.restore_autosave();
        }
    }

    /// Restores the session autosaved on exit, if there is one; returns whether it did.
    ///
    /// A damaged file is not read and never silently overwritten: it is renamed to
    /// `autosave.damaged.json` (or `…damaged-2.json`, …) next to it, and the warning says
    /// where. If it cannot be renamed it stays where it is and this run does not autosave.
    pub fn restore_autosave(&mut self) -> bool {
        let Some(path) = self.autosave_file().filter(|p| p.is_file()) else {
            return false;
        };
        let restored = match Session::load(&path) {
            Ok(s) => {
                let current = self.files.current.take();
                self.apply_session(s);
                self.files.current = current;
                true
            }
            Err(e @ SessionError::Read { .. }) => {
                // Not damaged, just unreadable now (permissions, a disk error): leave it
                // alone, and do not write over it on exit either.
                self.files.autosave_blocked = true;
                self.post(
                    MessageKind::Warning,
                    format!(
                        "The session saved on exit could not be read ({e}); starting without \
                         it. The file was left as it is and will not be overwritten on exit."
                    ),
                );
                false
            }
            Err(e) => {
                let kept = match move_aside(&path) {
                    Ok(to) => format!("The damaged file was kept as {}.", to.display()),
                    Err(move_err) => {
                        self.files.autosave_blocked = true;
                        format!(
                            "The damaged file stays at {} ({move_err}) and will not be \
                             overwritten on exit.",
                            path.display()
                        )
                    }
                };
                self.post(
                    MessageKind::Warning,
                    format!(
                        "The session saved on exit could not be restored ({e}); starting \
                         without it. {kept}"
                    ),
                );
                false
            }
        };
        self.undo = Default::default();
        restored
    }

    /// Persists the recent-files list.
    pub(crate) fn files_save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.files.recent);
    }

    /// On exit: writes the whole session (with weights) to the autosave file.
    pub(crate) fn files_on_exit(&mut self) {
        if let Err(e) = self.autosave() {
            // The window may be gone already: also say it on the terminal.
            eprintln!("nnviz: {e}");
        }
    }

    /// Writes the whole session (with weights) to the autosave file now, waiting at most a
    /// second for the worker (without an answer, the session is built from the window's
    /// state). What exit does; returns the file written. A failure is also posted.
    pub fn autosave(&mut self) -> Result<PathBuf, String> {
        let result = self.write_autosave();
        if let Err(e) = &result {
            self.post(MessageKind::Error, e.clone());
        }
        result
    }

    fn write_autosave(&mut self) -> Result<PathBuf, String> {
        let Some(path) = self.autosave_file() else {
            return Err("Not autosaved: this system has no storage folder.".to_owned());
        };
        if self.files.autosave_blocked {
            return Err(format!(
                "Not autosaved: the damaged {} was left in place.",
                path.display()
            ));
        }
        let session = match self.session_from_worker() {
            Some(s) => s,
            // No training thread, or no answer within a second: the UI's own copy.
            None => self
                .session_from_ui()
                .map_err(|e| format!("Could not autosave the session: {e}"))?,
        };
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
        match session.save(&path) {
            Ok(()) => Ok(path),
            Err(e) => Err(format!("Could not autosave the session: {e}")),
        }
    }

    /// Asks the worker for its session and waits at most a second for the answer (filled
    /// in with the UI's part); `None` without a worker or an answer.
    fn session_from_worker(&mut self) -> Option<Session> {
        let w = self.worker.as_mut()?;
        w.send(Command::RequestSession);
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            match w.try_recv() {
                Some(crate::train::Update::Session(mut s)) => {
                    self.fill_session(&mut s);
                    return Some(*s);
                }
                Some(_) => {}
                None => {
                    if !w.is_alive() {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        None
    }
}

/// Renames a damaged `dir/name.json` to a free `dir/name.damaged.json` (then
/// `name.damaged-2.json`, …) and returns the new path.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stem = path.file_stem().map_or_else(
        || "autosave".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let dir = path.parent().unwrap_or(Path::new("."));
    for k in 1..1000 {
        let name = if k == 1 {
            format!("{stem}.damaged.json")
        } else {
            format!("{stem}.damaged-{k}.json")
        };
        let to = dir.join(name);
        if !to.exists() {
            std::fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(std::io::Error::other("too many damaged copies already"))
}

/// What the export thread needs: a copy of everything, nothing shared with the UI.
struct PictureRequest {
    model: Arc<Snapshot>,
    view: Bounds,
    points: Vec<LabeledPoint>,
    size: usize,
    /// Class names for the legend (`None`: no legend).
    legend: Option<Vec<String>>,
}

/// A picture being exported on its own thread; dropping it cancels and joins the thread.
#[derive(Debug)]
struct PngJob {
    path: PathBuf,
    size: usize,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<(), String>>>,
}

impl Drop for PngJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Waits until `gate` sends or its sender is gone, or the export is cancelled.
fn wait_for_gate(gate: &mpsc::Receiver<()>, cancel: &AtomicBool) {
    while !cancel.load(Ordering::Relaxed) {
        match gate.recv_timeout(Duration::from_millis(20)) {
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Most class probabilities held at once while rendering (a strip of rows at a time, so
/// an 8000 px picture of 8 classes needs 16 MB instead of 2 GB).
const STRIP_PROBS: usize = 4 << 20;

/// Renders the picture: the heatmap a strip of rows at a time (each strip's grid is the
/// whole picture's, shifted, so strips join seamlessly), checking `cancel` between strips;
/// then the points and the legend.
fn render_picture_in_strips(
    req: &PictureRequest,
    cancel: &AtomicBool,
) -> Result<Rgba8Image, String> {
    let size = req.size;
    let full = GridSpec::cell_centers(&req.view, size, size);
    let predictor = GridPredictor::new(&req.model.mlp, &req.model.transform);
    let style = HeatmapStyle::default();
    let rows_per_strip = (STRIP_PROBS / (size * req.model.classes.max(2))).clamp(1, size);
    let mut img = Rgba8Image {
        width: size,
        height: size,
        pixels: vec![0; size * size * 4],
    };
    let mut pred = GridPrediction::default();
    let mut row = 0;
    while row < size {
        if cancel.load(Ordering::Relaxed) {
            return Err("cancelled".to_owned());
        }
        let rows = rows_per_strip.min(size - row);
        let strip = GridSpec {
            ny: rows,
            y0: full.y0 + row as f64 * full.dy,
            ..full
        };
        predictor.predict_grid(&strip, &mut pred);
        let part = heatmap(&pred, &style);
        let start = row * size * 4;
        match img.pixels.get_mut(start..start + part.pixels.len()) {
            Some(dst) if part.width == size => dst.copy_from_slice(&part.pixels),
            _ => return Err("a strip of the picture had the wrong size".to_owned()),
        }
        row += rows;
    }
    if cancel.load(Ordering::Relaxed) {
        return Err("cancelled".to_owned());
    }
    // The points on the whole picture (as `render_picture` places them).
    let index = |v: f64, v0: f64, step: f64| {
        if step != 0.0 && step.is_finite() {
            ((v - v0) / step + 0.5) as f32
        } else {
            0.5
        }
    };
    let to_pixel = |[x, y]: [f64; 2]| [index(x, full.x0, full.dx), index(y, full.y0, full.dy)];
    draw_points(
        &mut img,
        &req.points,
        to_pixel,
        point_radius_for(size, size),
        &style.palette,
    );
    if let Some(names) = &req.legend {
        let centres: Vec<_> = req.points.iter().map(|p| to_pixel(p.pos_in_data)).collect();
        let radius = point_radius_for(size, size);
        draw_legend(&mut img, names, &style.palette, &centres, radius);
    }
    Ok(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_in_strips_is_the_picture_in_one_piece() {
        let dataset = crate::data::Dataset::seed();
        let model = crate::nn::Model::new(crate::nn::ModelConfig::tutorial(), &dataset, 3).unwrap();
        // 2100 px of 2 classes: strips of 998 rows, the last one shorter.
        let req = PictureRequest {
            model: Arc::new(model.snapshot()),
            view: dataset.view_bounds(),
            points: dataset.points.clone(),
            size: 2100,
            legend: None,
        };
        let strips = render_picture_in_strips(&req, &AtomicBool::new(false)).unwrap();
        let grid = GridSpec::cell_centers(&req.view, req.size, req.size);
        let mut pred = GridPrediction::default();
        GridPredictor::new(&req.model.mlp, &req.model.transform).predict_grid(&grid, &mut pred);
        let whole =
            crate::render::render_picture(&pred, &grid, &req.points, &HeatmapStyle::default());
        assert_eq!((strips.width, strips.height), (2100, 2100));
        assert!(
            strips.pixels == whole.pixels,
            "the strips differ from the whole picture"
        );
        // Cancelled: no picture.
        assert!(render_picture_in_strips(&req, &AtomicBool::new(true)).is_err());
    }
}
