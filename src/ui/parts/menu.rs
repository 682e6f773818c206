//! The menu bar: File (sessions, CSV, pictures), Edit (undo, redo) and View (diagram,
//! explain, timeline, presentation), each entry with its shortcut; undo and redo buttons; the
//! session file in use.

use super::super::action::Action;
use super::super::network_view::Inside;
use super::super::shortcuts::{Shortcut, key_text};
use super::files::{FileAction, Files};
use std::path::PathBuf;

/// A menu entry with its shortcut on the right.
fn item(ui: &mut egui::Ui, text: &str, shortcut: &str, tip: &str, enabled: bool) -> bool {
    let mut b = egui::Button::new(text);
    if !shortcut.is_empty() {
        b = b.shortcut_text(shortcut);
    }
    ui.add_enabled(enabled, b).on_hover_text(tip).clicked()
}

/// What the menu bar reads and changes.
pub(crate) struct MenuInput<'a> {
    /// Files: dialogs, recent files, the current file.
    pub files: &'a mut Files,
    /// Diagram, explain and timeline toggles.
    pub inside: &'a mut Inside,
    /// Presentation mode.
    pub presenting: &'a mut bool,
    /// Whether there is something to undo / redo.
    pub can_undo: bool,
    /// Whether there is something to redo.
    pub can_redo: bool,
    /// Whether a picture can be exported (a heatmap arrived).
    pub has_heatmap: bool,
}

/// The top menu bar.
pub(crate) fn menu_ui(ui: &mut egui::Ui, m: MenuInput<'_>, out: &mut Vec<Action>) {
    let ctx = ui.ctx().clone();
    let key = |s| key_text(&ctx, s);
    let MenuInput {
        files,
        inside,
        presenting,
        can_undo,
        can_redo,
        has_heatmap,
    } = m;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if item(
                ui,
                "Open session…",
                &key(Shortcut::Open),
                "Open a session file (.json): points, network and weights.",
                true,
            ) {
                files.open_dialog(FileAction::OpenSession);
            }
            let recent: Vec<PathBuf> = files.recent_files().to_vec();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for p in recent {
                        let name = p.file_name().map_or_else(
                            || p.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        if ui
                            .button(name)
                            .on_hover_text(p.display().to_string())
                            .clicked()
                        {
                            files.open_recent(&p, out);
                        }
                    }
                })
                .response
                .on_disabled_hover_text("Sessions you open or save are listed here.");
            });
            ui.separator();
            if item(
                ui,
                "Save session",
                &key(Shortcut::Save),
                "Save everything (points, network, weights, training state) to the current file.",
                true,
            ) {
                files.save_shortcut(out);
            }
            if item(
                ui,
                "Save session as…",
                &key(Shortcut::SaveAs),
                "Save everything to a new file, e.g. to hand to students.",
                true,
            ) {
                files.open_dialog(FileAction::SaveSession);
            }
            ui.separator();
            if item(
                ui,
                "Import points (CSV)…",
                "",
                "Read points from a CSV file; you choose the x, y and label columns.",
                true,
            ) {
                files.open_dialog(FileAction::ImportCsv);
            }
            if item(
                ui,
                "Export points (CSV)…",
                "",
                "Write the points as x,y,label,split.",
                true,
            ) {
                files.open_dialog(FileAction::ExportCsv);
            }
            if item(
                ui,
                "Export loss curve (CSV)…",
                "",
                "Write the loss curve as step,error,loss, e.g. for a spreadsheet.",
                true,
            ) {
                files.open_dialog(FileAction::ExportLoss);
            }
            if item(
                ui,
                "Export picture (PNG)…",
                "",
                "Save the canvas (colours and points) as a picture for a report.",
                has_heatmap,
            ) {
                files.open_dialog(FileAction::ExportPng);
            }
        });
        ui.menu_button("Edit", |ui| {
            if item(
                ui,
                "Undo",
                &key(Shortcut::Undo),
                "Take back the last change to the points.",
                can_undo,
            ) {
                out.push(Action::Undo);
            }
            if item(
                ui,
                "Redo",
                &key(Shortcut::Redo),
                "Do the undone change again.",
                can_redo,
            ) {
                out.push(Action::Redo);
            }
        });
        ui.menu_button("View", |ui| {
            if item(
                ui,
                "Network diagram",
                &key(Shortcut::ToggleDiagram),
                "Show or hide the network diagram.",
                true,
            ) {
                inside.toggle_diagram();
            }
            if item(
                ui,
                "Explain",
                &key(Shortcut::ToggleExplain),
                "Show or hide the numbers of the forward and backward pass.",
                true,
            ) {
                inside.toggle_explain();
            }
            if item(
                ui,
                "Timeline",
                &key(Shortcut::ToggleTimeline),
                "Show or hide the timeline of snapshots.",
                true,
            ) {
                inside.toggle_timeline();
            }
            ui.separator();
            if item(
                ui,
                "Presentation mode",
                &key(Shortcut::Presentation),
                "Canvas and loss plot fill the window, larger points and text.",
                true,
            ) {
                *presenting = !*presenting;
            }
        });
        ui.separator();
        if ui
            .add_enabled(can_undo, egui::Button::new("↺ Undo").frame(false))
            .on_hover_text(format!(
                "Undo the last change to the points ({}).",
                key(Shortcut::Undo)
            ))
            .clicked()
        {
            out.push(Action::Undo);
        }
        if ui
            .add_enabled(can_redo, egui::Button::new("↻ Redo").frame(false))
            .on_hover_text(format!("Redo ({}).", key(Shortcut::Redo)))
            .clicked()
        {
            out.push(Action::Redo);
        }
        if let Some(p) = files.current_session_path() {
            ui.separator();
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.add(egui::Label::new(egui::RichText::new(name).weak()).truncate())
                .on_hover_text(format!("The session file in use: {}", p.display()));
        }
    });
}
