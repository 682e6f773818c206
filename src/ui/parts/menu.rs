//! The menu bar: File (sessions, CSV, pictures) and Edit (undo, redo), shortcuts shown.

use super::app::NnvizApp;
use super::files::FileAction;
use std::path::PathBuf;

/// A menu entry with its shortcut on the right.
fn item(ui: &mut egui::Ui, text: &str, shortcut: &str, tip: &str, enabled: bool) -> bool {
    let mut b = egui::Button::new(text);
    if !shortcut.is_empty() {
        b = b.shortcut_text(shortcut);
    }
    ui.add_enabled(enabled, b).on_hover_text(tip).clicked()
}

impl NnvizApp {
    /// The top menu bar.
    pub(crate) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let cmd = if cfg!(target_os = "macos") {
            "⌘"
        } else {
            "Ctrl+"
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if item(ui, "Open session…", &format!("{cmd}O"), "Open a session file (.json): points, network and weights.", true) {
                    self.open_file_dialog(FileAction::OpenSession);
                }
                let recent: Vec<PathBuf> = self.recent_files().to_vec();
                ui.add_enabled_ui(!recent.is_empty(), |ui| {
                    ui.menu_button("Open recent", |ui| {
                        for p in recent {
                            let name = p
                                .file_name()
                                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
                            if ui.button(name).on_hover_text(p.display().to_string()).clicked() {
                                self.open_recent(&p);
                            }
                        }
                    })
                    .response
                    .on_disabled_hover_text("Sessions you open or save are listed here.");
                });
                ui.separator();
                if item(ui, "Save session", &format!("{cmd}S"), "Save everything (points, network, weights, training state) to the current file.", true) {
                    self.save_session();
                }
                if item(ui, "Save session as…", &format!("{cmd}Shift+S"), "Save everything to a new file, e.g. to hand to students.", true) {
                    self.open_file_dialog(FileAction::SaveSession);
                }
                ui.separator();
                if item(ui, "Import points (CSV)…", "", "Read points from a CSV file; you choose the x, y and label columns.", true) {
                    self.open_file_dialog(FileAction::ImportCsv);
                }
                if item(ui, "Export points (CSV)…", "", "Write the points as x,y,label,split.", true) {
                    self.open_file_dialog(FileAction::ExportCsv);
                }
                if item(ui, "Export loss curve (CSV)…", "", "Write the loss curve as step,error,loss, e.g. for a spreadsheet.", true) {
                    self.open_file_dialog(FileAction::ExportLoss);
                }
                if item(ui, "Export picture (PNG)…", "", "Save the canvas (colours and points) as a picture for a report.", self.heatmap().is_some()) {
                    self.open_file_dialog(FileAction::ExportPng);
                }
            });
            ui.menu_button("Edit", |ui| {
                if item(ui, "Undo", &format!("{cmd}Z"), "Take back the last change to the points.", self.can_undo()) {
                    self.undo();
                }
                if item(ui, "Redo", &format!("{cmd}Shift+Z"), "Do the undone change again (also Ctrl+Y).", self.can_redo()) {
                    self.redo();
                }
            });
            ui.separator();
            if ui
                .add_enabled(self.can_undo(), egui::Button::new("↺ Undo").frame(false))
                .on_hover_text(format!("Undo the last change to the points ({cmd}Z)."))
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(self.can_redo(), egui::Button::new("↻ Redo").frame(false))
                .on_hover_text(format!("Redo ({cmd}Shift+Z)."))
                .clicked()
            {
                self.redo();
            }
            if let Some(p) = self.current_session_path() {
                ui.separator();
                let name = p
                    .file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
                ui.weak(name).on_hover_text(format!("The session file in use: {}", p.display()));
            }
        });
    }
}
