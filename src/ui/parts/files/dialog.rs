//! A small file browser drawn with egui: works on every machine (no GTK, no desktop
//! portal), is driven entirely by the keyboard if wanted, and is testable headless.
//!
//! Folders come first, then files with the wanted extensions (a checkbox shows all files).
//! ↑/↓ choose an entry, Enter opens a folder or accepts, Backspace (outside the text box)
//! goes up, Esc cancels. The text box takes a file name or a whole path (`~` is home).

use crate::tr;
use std::path::{Path, PathBuf};

/// One row of the listing.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    is_dir: bool,
}

/// What the dialog answered this frame.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DialogResult {
    /// Still open.
    Open,
    /// The user cancelled.
    Cancelled,
    /// The user chose this file.
    Chosen(PathBuf),
}

/// Open or save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DialogMode {
    /// Pick an existing file.
    Open,
    /// Pick a name to write (asks before replacing a file).
    Save,
}

/// The state of an open file dialog.
#[derive(Clone, Debug)]
pub(crate) struct FileDialog {
    /// Window title, e.g. "Open session".
    pub title: String,
    /// Label of the accept button, e.g. "Open".
    pub accept_label: String,
    pub mode: DialogMode,
    /// Extensions shown (lower case, no dot); the first is added to a saved name without one.
    pub extensions: Vec<&'static str>,
    pub dir: PathBuf,
    /// The text box: a file name in `dir`, or a path.
    pub name: String,
    show_all: bool,
    entries: Vec<Entry>,
    selected: Option<usize>,
    error: Option<String>,
    /// A save over this existing file was asked once; a second accept replaces it.
    confirm_replace: Option<PathBuf>,
    focus_name: bool,
    scroll_to_selected: bool,
}

impl FileDialog {
    /// A dialog in `dir` (or the current directory / home if it is missing).
    pub fn new(
        title: impl Into<String>,
        accept_label: impl Into<String>,
        mode: DialogMode,
        extensions: &[&'static str],
        dir: Option<PathBuf>,
        name: impl Into<String>,
    ) -> Self {
        let dir = dir
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .or_else(std::env::home_dir)
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut d = Self {
            title: title.into(),
            accept_label: accept_label.into(),
            mode,
            extensions: extensions.to_vec(),
            dir,
            name: name.into(),
            show_all: false,
            entries: Vec::new(),
            selected: None,
            error: None,
            confirm_replace: None,
            focus_name: true,
            scroll_to_selected: false,
        };
        d.refresh();
        d
    }

    /// Re-reads the directory: folders first, then matching files, each sorted by name.
    fn refresh(&mut self) {
        self.entries.clear();
        self.selected = None;
        self.error = None;
        match std::fs::read_dir(&self.dir) {
            Ok(rd) => {
                for e in rd.flatten().take(10_000) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = e.path().is_dir();
                    if is_dir || self.show_all || self.matches(&name) {
                        self.entries.push(Entry { name, is_dir });
                    }
                }
                self.entries.sort_by(|a, b| {
                    b.is_dir
                        .cmp(&a.is_dir)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
            }
            Err(e) => {
                self.error = Some(tr!(
                    "dialog-cannot-list",
                    folder = self.dir.display().to_string(),
                    detail = e.to_string()
                ))
            }
        }
    }

    fn matches(&self, name: &str) -> bool {
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        self.extensions.iter().any(|x| *x == ext)
    }

    /// Goes into `dir`.
    pub fn go_to(&mut self, dir: PathBuf) {
        self.dir = dir;
        self.confirm_replace = None;
        self.refresh();
    }

    fn go_up(&mut self) {
        if let Some(parent) = self.dir.parent() {
            let parent = parent.to_path_buf();
            self.go_to(parent);
        }
    }

    /// The path the text box names (relative names are in `dir`, `~` is home).
    fn typed_path(&self) -> Option<PathBuf> {
        let t = self.name.trim();
        if t.is_empty() {
            return None;
        }
        let p = if t == "~" || t.starts_with("~/") {
            std::env::home_dir()?.join(t.trim_start_matches('~').trim_start_matches('/'))
        } else {
            PathBuf::from(t)
        };
        Some(if p.is_absolute() { p } else { self.dir.join(p) })
    }

    /// Enter / the accept button: opens a folder, or returns the chosen file.
    fn accept(&mut self) -> DialogResult {
        let Some(mut path) = self.typed_path() else {
            self.error = Some(tr!("dialog-type-a-name"));
            return DialogResult::Open;
        };
        if path.is_dir() {
            self.name.clear();
            self.go_to(path);
            return DialogResult::Open;
        }
        match self.mode {
            DialogMode::Open => {
                if path.is_file() {
                    DialogResult::Chosen(path)
                } else {
                    self.error = Some(tr!(
                        "dialog-no-such-file",
                        path = path.display().to_string()
                    ));
                    DialogResult::Open
                }
            }
            DialogMode::Save => {
                if path.extension().is_none()
                    && let Some(ext) = self.extensions.first()
                {
                    path.set_extension(ext);
                }
                if !path.parent().is_some_and(Path::is_dir) {
                    self.error = Some(tr!("dialog-no-folder", path = path.display().to_string()));
                    return DialogResult::Open;
                }
                if path.exists() && self.confirm_replace.as_ref() != Some(&path) {
                    let name = path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned();
                    self.error = Some(tr!(
                        "dialog-replace",
                        name = name,
                        button = self.accept_label.as_str()
                    ));
                    self.confirm_replace = Some(path);
                    return DialogResult::Open;
                }
                DialogResult::Chosen(path)
            }
        }
    }

    /// Selects entry `i` (a file's name goes into the text box).
    fn select(&mut self, i: usize) {
        if let Some(e) = self.entries.get(i) {
            self.selected = Some(i);
            if !e.is_dir {
                self.name = e.name.clone();
            }
            self.scroll_to_selected = true;
        }
    }

    /// Keyboard: ↑/↓ move, Backspace goes up (when not typing), Enter accepts, Esc cancels.
    fn keys(&mut self, ui: &egui::Ui, typing: bool) -> Option<DialogResult> {
        use egui::{Key, Modifiers};
        let (up, down, back, enter, esc) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                !typing && i.consume_key(Modifiers::NONE, Key::Backspace),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if esc {
            return Some(DialogResult::Cancelled);
        }
        let n = self.entries.len();
        if n > 0 && (up || down) {
            let i = match (self.selected, down) {
                (None, true) => 0,
                (None, false) => n - 1,
                (Some(i), true) => (i + 1).min(n - 1),
                (Some(i), false) => i.saturating_sub(1),
            };
            self.select(i);
        }
        if back {
            self.go_up();
        }
        if enter {
            return Some(self.enter());
        }
        None
    }

    /// Enter: a selected folder is opened, otherwise the text box is accepted.
    fn enter(&mut self) -> DialogResult {
        if let Some(e) = self.selected.and_then(|i| self.entries.get(i))
            && e.is_dir
        {
            let dir = self.dir.join(&e.name);
            self.go_to(dir);
            return DialogResult::Open;
        }
        self.accept()
    }

    /// Draws the dialog as a modal window; `extra` adds options above the buttons.
    pub fn show(&mut self, ctx: &egui::Context, extra: impl FnOnce(&mut egui::Ui)) -> DialogResult {
        let mut result = DialogResult::Open;
        let modal = egui::Modal::new(egui::Id::unique("nnviz-file-dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(&self.title);
            ui.horizontal(|ui| {
                if ui
                    .button(tr!("dialog-up"))
                    .on_hover_text(tr!("dialog-up-tip"))
                    .clicked()
                {
                    self.go_up();
                }
                if ui
                    .button(tr!("dialog-home"))
                    .on_hover_text(tr!("dialog-home-tip"))
                    .clicked()
                    && let Some(h) = std::env::home_dir()
                {
                    self.go_to(h);
                }
                ui.label(egui::RichText::new(self.dir.display().to_string()).monospace())
                    .on_hover_text(tr!("dialog-folder-tip"));
            });
            ui.separator();
            let mut clicked = None;
            let mut double = None;
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .min_scrolled_height(300.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if self.entries.is_empty() {
                        ui.weak(if self.show_all {
                            tr!("dialog-empty-folder")
                        } else {
                            tr!("dialog-no-matching-files")
                        });
                    }
                    for (i, e) in self.entries.iter().enumerate() {
                        let text = if e.is_dir {
                            egui::RichText::new(format!("{}/", e.name)).strong()
                        } else {
                            egui::RichText::new(&e.name)
                        };
                        let r = ui.selectable_label(self.selected == Some(i), text);
                        if self.selected == Some(i) && self.scroll_to_selected {
                            r.scroll_to_me(None);
                        }
                        if r.double_clicked() {
                            double = Some(i);
                        } else if r.clicked() {
                            clicked = Some(i);
                        }
                    }
                });
            self.scroll_to_selected = false;
            if let Some(i) = clicked {
                self.select(i);
            }
            if let Some(i) = double {
                self.selected = Some(i);
                result = self.enter();
            }
            ui.separator();
            let mut typing = false;
            ui.horizontal(|ui| {
                let label = ui.label(tr!("dialog-file-name"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.name)
                            .desired_width(f32::INFINITY)
                            .hint_text(tr!("dialog-file-name-hint")),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(tr!("dialog-file-name-tip"));
                if self.focus_name {
                    r.request_focus();
                    self.focus_name = false;
                }
                if r.changed() {
                    self.confirm_replace = None;
                    self.selected = None;
                }
                typing = r.has_focus();
            });
            let exts = self
                .extensions
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            if ui
                .checkbox(
                    &mut self.show_all,
                    tr!("dialog-show-all", extensions = exts),
                )
                .on_hover_text(tr!("dialog-show-all-tip"))
                .changed()
            {
                self.refresh();
            }
            extra(ui);
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui
                    .button(self.accept_label.clone())
                    .on_hover_text(tr!("dialog-accept-tip"))
                    .clicked()
                {
                    result = self.accept();
                }
                if ui
                    .button(tr!("dialog-cancel"))
                    .on_hover_text(tr!("dialog-cancel-tip"))
                    .clicked()
                {
                    result = DialogResult::Cancelled;
                }
            });
            if result == DialogResult::Open
                && let Some(r) = self.keys(ui, typing)
            {
                result = r;
            }
        });
        if modal.should_close() && result == DialogResult::Open {
            result = DialogResult::Cancelled;
        }
        result
    }
}
