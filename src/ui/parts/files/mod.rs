//! Files: open and save sessions, recent files, drag-and-drop, the file dialogs, the
//! session autosaved on exit; CSV import and export (`csv`); PNG pictures (`picture`).
//!
//! Saving asks the worker for its weights and optimiser state and writes the answer
//! atomically with [`Session::save`]. Opening reads the whole file with [`Session::load`]
//! first: an invalid file changes nothing and its message goes to the status bar. What a
//! file changes in the window goes through actions ([`Action::LoadSession`],
//! [`Action::ImportPoints`]), like every other change.

pub mod autosave;
mod code;
mod csv;
pub(crate) mod dialog;
pub(crate) mod lesson_hook;
mod picture;
pub mod set_aside;

use super::super::action::Action;
use super::super::state::PersistedState;
use super::super::worker_link::WorkerLink;
use super::status::MessageKind;
use crate::session::{Session, SessionError};
use crate::train::Speed;
use dialog::{DialogMode, DialogResult, FileDialog};
use std::collections::VecDeque;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use crate::tr;
use std::time::{Duration, Instant};

/// Why the network's inputs for `dataset` would not be finite numbers (x² of 1e300
/// overflows), if they would not: such points would train NaN weights.
pub(crate) fn inputs_overflow(
    config: crate::nn::ModelConfig,
    dataset: &crate::data::Dataset,
) -> Option<String> {
    let model = crate::nn::Model::new(config, dataset, 0).ok()?;
    model
        .transform()
        .check_finite(dataset.points.iter().map(|p| &p.pos_in_data))
        .err()
}

/// Posts a status-bar message.
fn post(out: &mut Vec<Action>, kind: MessageKind, text: impl Into<String>) {
    out.push(Action::Post(kind, text.into()));
}

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
    /// Export the network as a numpy script.
    ExportPy,
    /// Export the network as a PyTorch script.
    ExportTorch,
}

impl FileAction {
    fn dialog(self, dir: Option<PathBuf>, name: String) -> FileDialog {
        let (title, accept, mode, ext): (String, String, DialogMode, &[&'static str]) = match self {
            FileAction::OpenSession => (
                tr!("files-open-title"),
                tr!("files-open"),
                DialogMode::Open,
                &["json"],
            ),
            FileAction::SaveSession => (
                tr!("files-save-title"),
                tr!("files-save"),
                DialogMode::Save,
                &["json"],
            ),
            FileAction::ImportCsv => (
                tr!("files-import-csv-title"),
                tr!("files-import"),
                DialogMode::Open,
                &["csv", "tsv", "txt"],
            ),
            FileAction::ExportCsv => (
                tr!("files-export-csv-title"),
                tr!("files-export"),
                DialogMode::Save,
                &["csv"],
            ),
            FileAction::ExportLoss => (
                tr!("files-export-loss-title"),
                tr!("files-export"),
                DialogMode::Save,
                &["csv"],
            ),
            FileAction::ExportPng => (
                tr!("files-export-png-title"),
                tr!("files-export"),
                DialogMode::Save,
                &["png"],
            ),
            FileAction::ExportPy => (
                tr!("files-export-py-title"),
                tr!("files-export"),
                DialogMode::Save,
                &["py"],
            ),
            FileAction::ExportTorch => (
                tr!("files-export-torch-title"),
                tr!("files-export"),
                DialogMode::Save,
                &["py"],
            ),
        };
        FileDialog::new(title, accept, mode, ext, dir, name)
    }
}

/// What a session asked of the worker is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The user's save to this file.
    Save(PathBuf),
    /// The crash-safe autosave.
    Autosave,
    /// Export as code to this file.
    Export(PathBuf, crate::export::ScriptKind),
    /// The user's work, put aside while the lesson runs.
    SetAside,
}

/// Runtime state of the file features (the recent list is persisted separately).
#[derive(Debug, Default)]
pub struct Files {
    /// The session file in use (Ctrl+S writes it).
    current: Option<PathBuf>,
    /// Most recent first.
    recent: Vec<PathBuf>,
    dialog: Option<(FileAction, FileDialog)>,
    csv: Option<csv::CsvChoice>,
    /// What each session asked of the worker is for, in the order asked.
    requests: VecDeque<Purpose>,
    /// The crash-safe autosave.
    autosaver: autosave::Autosaver,
    /// The last run ended without a clean exit (its autosave is announced when restored).
    recovered: bool,
    /// The clean exit's last save happened.
    exited: bool,
    /// The picture export (size, legend, the running job).
    png: picture::PngExport,
    last_dir: Option<PathBuf>,
    /// The autosave file to use instead of the one in eframe's storage folder.
    autosave_override: Option<PathBuf>,
    /// A damaged autosave file could not be moved aside: leave it, do not write over it.
    autosave_blocked: bool,
    /// Save to eframe storage and autosave on exit (off for `--fresh` and scripted runs).
    pub(crate) save_enabled: bool,
    /// The user's work while the lesson runs.
    pub(crate) set_aside: set_aside::SetAside,
}

impl Files {
    // ---- what the window reads ----

    /// The session file in use (saved by Ctrl+S), if any.
    pub fn current_session_path(&self) -> Option<&Path> {
        self.current.as_deref()
    }

    /// Recently opened or saved sessions, most recent first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Whether a save is waiting for the worker's answer.
    pub fn is_saving(&self) -> bool {
        self.requests.iter().any(|p| matches!(p, Purpose::Save(_)))
    }

    /// Whether a change waits for the autosave.
    pub(crate) fn has_unsaved_changes(&self) -> bool {
        self.save_enabled && self.autosaver.has_unsaved_changes()
    }

    #[cfg(feature = "test-hooks")]
    /// Waits until an autosave being written in the background is on disk.
    pub fn wait_for_autosave(&mut self) {
        self.autosaver.wait_and_note();
    }

    /// When the autosave last wrote the session.
    pub fn last_autosave(&self) -> Option<std::time::SystemTime> {
        self.autosaver.last_written
    }

    /// The autosave's delays (tests make them zero).
    pub fn set_autosave_delays(&mut self, delays: autosave::AutosaveDelays) {
        self.autosaver.delays = delays;
    }

    /// A session is asked of the worker for `purpose` (the answers come in order).
    pub(crate) fn expect_session(&mut self, purpose: Purpose) {
        if purpose == Purpose::Autosave {
            self.autosaver.requested = true;
        }
        self.requests.push_back(purpose);
    }

    /// The worker is gone: what waited for its answer is written from the window's state.
    pub(crate) fn worker_lost(
        &mut self,
        state: &PersistedState,
        link: &WorkerLink,
    ) -> Vec<(MessageKind, String)> {
        let mut said = Vec::new();
        while let Some(p) = self.requests.pop_front() {
            said.extend(self.answer_from_state(p, state, link));
        }
        said
    }

    /// Once a frame: collects a finished autosave, and says when the next one is due.
    pub(crate) fn autosave_tick(
        &mut self,
        state: &PersistedState,
        link: &WorkerLink,
        points_generation: u64,
        out: &mut Vec<Action>,
    ) {
        if let Some(e) = self.autosaver.poll() {
            post(out, MessageKind::Error, e);
        }
        if !self.save_enabled || self.autosave_blocked || self.autosave_file().is_none() {
            return;
        }
        if self
            .autosaver
            .tick(Instant::now(), state, link, points_generation)
        {
            out.push(Action::Autosave);
        }
    }

    /// Autosaves the window's own copy of the session, in the background (no worker).
    pub(crate) fn autosave_from_state(&mut self, state: &PersistedState, link: &WorkerLink) {
        let Some(path) = self.autosave_file() else {
            return;
        };
        if let Ok(s) = session_from_state(state, link) {
            self.autosaver.write_in_background(s, path);
        }
    }

    /// Whether a file dialog (or the CSV column chooser) is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some() || self.csv.is_some()
    }

    /// Whether a picture is being exported.
    pub fn is_exporting(&self) -> bool {
        self.png.is_running()
    }

    /// Uses `path` as the autosave file instead of `autosave.json` in the storage folder
    /// (tests, portable setups).
    pub fn set_autosave_path(&mut self, path: PathBuf) {
        self.autosave_override = Some(path);
    }

    /// The autosave file in use, if there is a storage folder.
    pub fn autosave_file(&self) -> Option<PathBuf> {
        self.autosave_override.clone().or_else(autosave_path)
    }

    #[cfg(feature = "test-hooks")]
    /// Makes the next picture export wait, before computing anything, until the returned
    /// sender sends or is dropped: lets tests see the window while an export runs.
    #[doc(hidden)]
    pub fn hold_next_export_for_test(&mut self) -> std::sync::mpsc::Sender<()> {
        self.png.hold_next()
    }

    /// Makes `path` the current session file and remembers it.
    pub(crate) fn set_current(&mut self, path: &Path) {
        self.current = Some(path.to_path_buf());
        self.remember_recent(path);
    }

    // ---- sessions ----

    /// Opens the session in `path`. An invalid file changes nothing; its message is posted
    /// and returned.
    pub fn open_session_path(&mut self, path: &Path, out: &mut Vec<Action>) -> Result<(), String> {
        match Session::load(path) {
            Ok(session) => {
                if let Some(e) = inputs_overflow(session.model.clone(), &session.dataset) {
                    let text = tr!(
                        "files-not-opened-path",
                        path = path.display().to_string(),
                        detail = e.to_string()
                    );
                    post(out, MessageKind::Error, text.clone());
                    return Err(text);
                }
                out.push(Action::LoadSession {
                    session: Box::new(session),
                    path: Some(path.to_path_buf()),
                });
                post(
                    out,
                    MessageKind::Info,
                    tr!("files-opened", name = file_name(path)),
                );
                Ok(())
            }
            Err(e) => {
                let text = tr!("files-not-opened", detail = e.to_string());
                post(out, MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Ctrl+S: saves to the current file, or asks for a name.
    pub(crate) fn save_shortcut(&mut self, out: &mut Vec<Action>) {
        match self.current.clone() {
            Some(p) => out.push(Action::SaveSession(p)),
            None => self.open_dialog(FileAction::SaveSession),
        }
    }

    /// Answers a session request from the window's state (the worker cannot); returns
    /// what to tell the user, if anything.
    pub(crate) fn answer_from_state(
        &mut self,
        purpose: Purpose,
        state: &PersistedState,
        link: &WorkerLink,
    ) -> Option<(MessageKind, String)> {
        match purpose {
            Purpose::Save(path) => Some(self.save_from_state(&path, state, link)),
            Purpose::Export(path, kind) => Some(code::export_from_state(&path, kind, state, link)),
            Purpose::Autosave => {
                self.autosaver.requested = false;
                self.autosave_from_state(state, link);
                None
            }
            Purpose::SetAside => {
                let path = self.current.clone();
                Some(self.set_aside.keep_from_state(state, link, path))
            }
        }
    }

    /// Writes the session built from the window's state to `path` (when the worker cannot
    /// answer) and says how it went.
    pub(crate) fn save_from_state(
        &mut self,
        path: &Path,
        state: &PersistedState,
        link: &WorkerLink,
    ) -> (MessageKind, String) {
        let result =
            session_from_state(state, link).and_then(|s| s.save(path).map_err(|e| e.to_string()));
        match result {
            Ok(()) => {
                self.set_current(path);
                (
                    MessageKind::Info,
                    tr!("files-saved-window-copy", path = path.display().to_string()),
                )
            }
            Err(e) => (MessageKind::Error, tr!("files-not-saved", detail = e)),
        }
    }

    /// The worker's answer to a session request: fills in what the window owns and writes
    /// the file; returns the message.
    pub(crate) fn on_session_reply(
        &mut self,
        mut session: Session,
        state: &PersistedState,
    ) -> Option<(MessageKind, String)> {
        let path = match self.requests.pop_front()? {
            Purpose::Save(path) => path,
            Purpose::Export(path, kind) => {
                return Some(code::export_session(&session, &path, kind));
            }
            Purpose::SetAside => {
                fill_session(&mut session, state);
                let path = self.current.clone();
                return Some(self.set_aside.keep(session, path));
            }
            Purpose::Autosave => {
                self.autosaver.requested = false;
                fill_session(&mut session, state);
                if let Some(path) = self.autosave_file()
                    && !self.autosave_blocked
                {
                    self.autosaver.write_in_background(session, path);
                }
                return None;
            }
        };
        fill_session(&mut session, state);
        Some(match session.save(&path) {
            Ok(()) => {
                self.set_current(&path);
                let path = path.display().to_string();
                (MessageKind::Info, tr!("files-saved", path = path))
            }
            Err(e) => (
                MessageKind::Error,
                tr!("files-not-saved", detail = e.to_string()),
            ),
        })
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.last_dir = path.parent().map(Path::to_path_buf);
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Opens a recent file; a missing one is dropped from the list with a message.
    pub fn open_recent(&mut self, path: &Path, out: &mut Vec<Action>) {
        if !path.is_file() {
            self.recent.retain(|p| p != path);
            post(
                out,
                MessageKind::Warning,
                tr!("files-recent-gone", path = path.display().to_string()),
            );
            return;
        }
        // Errors are posted by `open_session_path`.
        let _ = self.open_session_path(path, out);
    }

    // ---- dialogs ----

    /// Opens the in-app file dialog for `action`.
    pub fn open_dialog(&mut self, action: FileAction) {
        let name = match action {
            FileAction::SaveSession => self
                .current
                .as_deref()
                .map_or_else(|| "session.json".to_owned(), file_name),
            FileAction::ExportCsv => "points.csv".to_owned(),
            FileAction::ExportLoss => "loss.csv".to_owned(),
            FileAction::ExportPng => "picture.png".to_owned(),
            FileAction::ExportPy => "network.py".to_owned(),
            FileAction::ExportTorch => "network_torch.py".to_owned(),
            FileAction::OpenSession | FileAction::ImportCsv => String::new(),
        };
        let dir = self.last_dir.clone().or_else(|| {
            self.current
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        });
        self.csv = None;
        self.dialog = Some((action, action.dialog(dir, name)));
    }

    /// Does what `action` does with the chosen file.
    pub fn file_chosen(
        &mut self,
        action: FileAction,
        path: &Path,
        state: &PersistedState,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) {
        // Errors are posted to the status bar by each action.
        match action {
            FileAction::OpenSession => drop(self.open_session_path(path, out)),
            FileAction::SaveSession => out.push(Action::SaveSession(path.to_path_buf())),
            FileAction::ImportCsv => self.choose_csv_columns(path, out),
            FileAction::ExportCsv => drop(self.export_csv_path(path, state, out)),
            FileAction::ExportLoss => drop(self.export_loss_csv_path(path, link, out)),
            FileAction::ExportPy => out.push(Action::ExportCode(
                path.to_path_buf(),
                crate::export::ScriptKind::Numpy,
            )),
            FileAction::ExportTorch => out.push(Action::ExportCode(
                path.to_path_buf(),
                crate::export::ScriptKind::Torch,
            )),
            FileAction::ExportPng => {
                let (size, legend) = self.png.settings();
                drop(self.export_png_path(path, size, legend, state, link, out));
            }
        }
    }

    fn dialog_ui(
        &mut self,
        ctx: &egui::Context,
        state: &PersistedState,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) {
        let Some((action, mut dialog)) = self.dialog.take() else {
            return;
        };
        let (mut size, mut legend) = self.png.settings();
        let result = dialog.show(ctx, |ui| {
            if action == FileAction::ExportPng {
                ui.horizontal(|ui| {
                    ui.label(tr!("files-png-size"));
                    ui.add(
                        egui::DragValue::new(&mut size)
                            .range(PNG_SIZE_RANGE)
                            .speed(10.0)
                            .suffix(" px"),
                    )
                    .on_hover_text({
                        let (min, max) = (*PNG_SIZE_RANGE.start(), *PNG_SIZE_RANGE.end());
                        tr!("files-png-size-tip", min = min, max = max)
                    });
                    ui.checkbox(&mut legend, tr!("files-png-legend"))
                        .on_hover_text(tr!("files-png-legend-tip"));
                });
            }
        });
        let (s, l) = self.png.settings_mut();
        (*s, *l) = (size, legend);
        match result {
            DialogResult::Open => self.dialog = Some((action, dialog)),
            DialogResult::Cancelled => {}
            DialogResult::Chosen(path) => {
                self.last_dir = path.parent().map(Path::to_path_buf);
                self.file_chosen(action, &path, state, link, out);
            }
        }
    }

    // ---- drag and drop ----

    /// Opens a dropped file: a `.json` session, or a `.csv` file to import.
    pub fn open_dropped(&mut self, path: &Path, out: &mut Vec<Action>) {
        match lower_ext(path).as_str() {
            "json" => drop(self.open_session_path(path, out)),
            "csv" | "tsv" | "txt" => self.choose_csv_columns(path, out),
            _ => post(
                out,
                MessageKind::Warning,
                tr!("files-cannot-open-dropped", name = file_name(path)),
            ),
        }
    }

    fn drop_ui(&mut self, ctx: &egui::Context, out: &mut Vec<Action>) {
        let (hovering, dropped) = ctx.input(|i| {
            (
                !i.raw.hovered_files.is_empty(),
                i.raw.dropped_files.first().map(|f| f.path().to_path_buf()),
            )
        });
        if let Some(path) = dropped {
            self.open_dropped(&path, out);
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
                tr!("files-drop-here"),
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
    }

    // ---- per frame ----

    /// Dropped files and dialogs, once a frame.
    pub(crate) fn frame_ui(
        &mut self,
        ctx: &egui::Context,
        state: &PersistedState,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) {
        self.drop_ui(ctx, out);
        self.dialog_ui(ctx, state, link, out);
        self.csv_choice_ui(ctx, state, out);
        if let Some(size) = lesson_hook::take_png_request(ctx) {
            *self.png.settings_mut().0 = size;
            self.open_dialog(FileAction::ExportPng);
        }
        if let Some((kind, text)) = self.png.frame_ui(ctx) {
            if kind == MessageKind::Info {
                lesson_hook::count_png_saved(ctx);
            }
            post(out, kind, text);
        }
    }

    // ---- start and exit ----

    /// At start: the recent list, then `nnviz FILE.json`, else the autosaved session
    /// (unless `--fresh`).
    pub(crate) fn startup(
        &mut self,
        args: &super::super::AppArgs,
        storage: Option<&dyn eframe::Storage>,
        use_store: bool,
        out: &mut Vec<Action>,
    ) {
        // The marker exists while the app runs: found at start, the last run ended badly.
        if self.save_enabled
            && let Some(dir) = self.autosave_file().as_deref().and_then(Path::parent)
        {
            self.recovered = autosave::mark_running(dir);
            // Temporary files of saves a kill interrupted last time.
            crate::fsutil::remove_stale_temps(dir);
        }
        if use_store && let Some(s) = storage {
            let recent: Vec<PathBuf> = eframe::get_value(s, RECENT_KEY).unwrap_or_default();
            let before = recent.len();
            self.recent = recent
                .into_iter()
                .filter(|p| p.is_file())
                .take(MAX_RECENT)
                .collect();
            let gone = before - self.recent.len();
            if gone > 0 {
                post(
                    out,
                    MessageKind::Info,
                    tr!("files-recent-gone-count", count = gone),
                );
            }
        }
        if let Some(dir) = args.session.as_ref().filter(|p| p.is_dir()) {
            // `nnviz FOLDER` shows the Open dialog in that folder.
            self.last_dir = Some(dir.clone());
            self.open_dialog(FileAction::OpenSession);
        } else if let Some(path) = &args.session {
            // An invalid file is reported in the status bar; the app starts as usual.
            let _ = self.open_session_path(path, out);
        } else if use_store {
            self.restore_autosave(out);
        }
    }

    /// Restores the session autosaved on exit, if there is one; returns whether it did.
    ///
    /// A damaged file is not read and never silently overwritten: it is renamed to
    /// `autosave.damaged.json` (or `…damaged-2.json`, …) next to it, and the warning says
    /// where. If it cannot be renamed it stays where it is and this run does not autosave.
    pub fn restore_autosave(&mut self, out: &mut Vec<Action>) -> bool {
        let Some(path) = self.autosave_file().filter(|p| p.is_file()) else {
            return false;
        };
        match Session::load(&path) {
            Ok(s) => {
                out.push(Action::LoadSession {
                    session: Box::new(s),
                    path: None,
                });
                if self.recovered {
                    let at = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .map(autosave::clock_time)
                        .unwrap_or_default();
                    post(out, MessageKind::Warning, tr!("files-recovered", time = at));
                }
                true
            }
            Err(e @ SessionError::Read { .. }) => {
                // Not damaged, just unreadable now (permissions, a disk error): leave it
                // alone, and do not write over it on exit either.
                self.autosave_blocked = true;
                post(
                    out,
                    MessageKind::Warning,
                    tr!("files-autosave-unreadable", detail = e.to_string()),
                );
                false
            }
            Err(e) => {
                let kept = match move_aside(&path) {
                    Ok(to) => tr!("files-damaged-kept-as", path = to.display().to_string()),
                    Err(move_err) => {
                        self.autosave_blocked = true;
                        tr!(
                            "files-damaged-stays",
                            path = path.display().to_string(),
                            detail = move_err.to_string()
                        )
                    }
                };
                post(
                    out,
                    MessageKind::Warning,
                    tr!(
                        "files-autosave-damaged",
                        detail = e.to_string(),
                        kept = kept
                    ),
                );
                false
            }
        }
    }

    /// Persists the recent-files list.
    pub(crate) fn save_recent(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }

    /// Writes the whole session (with weights) to the autosave file now, waiting at most a
    /// second for the worker (without an answer, the session is built from the window's
    /// state). What exit does; returns the file written.
    pub fn autosave(
        &mut self,
        state: &PersistedState,
        link: &mut WorkerLink,
    ) -> Result<PathBuf, String> {
        // A background write must not land after (and over) this one.
        self.autosaver.wait();
        let Some(path) = self.autosave_file() else {
            return Err(tr!("files-no-storage-folder"));
        };
        if self.autosave_blocked {
            return Err(tr!(
                "files-autosave-blocked",
                path = path.display().to_string()
            ));
        }
        let session = match link.session_now(Duration::from_secs(1)) {
            Some(mut s) => {
                fill_session(&mut s, state);
                s
            }
            // No training thread, or no answer within a second: the window's own copy.
            None => session_from_state(state, link)
                .map_err(|e| tr!("files-autosave-failed", detail = e))?,
        };
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
        match session.save(&path) {
            Ok(()) => {
                self.autosaver.last_written = Some(std::time::SystemTime::now());
                Ok(path)
            }
            Err(e) => Err(tr!("files-autosave-failed", detail = e.to_string())),
        }
    }

    /// Autosaves to `path` from now on, as the real window does (the "running" marker
    /// included): for tests and portable setups. Returns whether the last run that used this
    /// folder ended without a clean exit.
    pub fn begin_autosave(&mut self, path: PathBuf, delays: autosave::AutosaveDelays) -> bool {
        self.autosave_override = Some(path);
        self.autosaver.delays = delays;
        self.save_enabled = true;
        if let Some(dir) = self.autosave_file().as_deref().and_then(Path::parent) {
            self.recovered = autosave::mark_running(dir);
        }
        self.recovered
    }

    /// A clean exit: the last autosave, then the marker goes.
    pub(crate) fn exit_cleanly(
        &mut self,
        state: &PersistedState,
        link: &mut WorkerLink,
    ) -> Result<PathBuf, String> {
        let r = self.autosave(state, link);
        if let Some(dir) = self.autosave_file().as_deref().and_then(Path::parent) {
            autosave::mark_stopped(dir);
        }
        self.exited = true;
        r
    }

    /// Whether the app has already exited cleanly (a last save happened).
    pub(crate) fn has_exited(&self) -> bool {
        self.exited
    }
}

/// The session as the window knows it, for when the training thread cannot answer: its
/// points, network, class names, speed and view; the weights of the last heatmap shown
/// (fresh weights from the seed if there is none, or it does not fit the network); a
/// fresh optimiser state and no loss curve.
pub(crate) fn session_from_state(
    state: &PersistedState,
    link: &WorkerLink,
) -> Result<Session, String> {
    let mut model = crate::nn::Model::new(state.model_config.clone(), &state.dataset, link.seed)
        .map_err(|e| tr!("files-network-cannot-be-built", detail = e.to_string()))?;
    if let Some(frame) = &link.heatmap {
        // A snapshot of another network shape is refused whole: fresh weights stay.
        let _ = model.set_parameters(frame.model.mlp.parameters());
    }
    let mut session = Session::from_model(&model, &state.dataset, link.seed);
    fill_session(&mut session, state);
    Ok(session)
}

/// Speed, view and class names: the window's part of a session.
fn fill_session(session: &mut Session, state: &PersistedState) {
    session.speed = match state.speed {
        Speed::StepsPerSecond(s) => Some(s),
        Speed::Unlimited => None,
    };
    session.view = state.view;
    session.class_names = state
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

/// The path of the autosaved session, if the platform has a storage folder.
pub fn autosave_path() -> Option<PathBuf> {
    eframe::storage_dir(super::super::APP_ID).map(|d| d.join(AUTOSAVE_FILE))
}

pub(crate) fn lower_ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
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
