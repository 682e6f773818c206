//! The menu bar: File (sessions, CSV, pictures, the network as code), Edit (undo, redo) and
//! View (diagram, explain, timeline, discretize output, test points, presentation, language),
//! each entry with its shortcut; undo and redo buttons; the
//! session file in use.

use super::super::action::Action;
use super::super::network_view::Inside;
use super::super::shortcuts::{Shortcut, key_text};
use super::super::state::ViewSettings;
use super::files::{FileAction, Files};
use crate::i18n::Language;
use crate::tr;
use std::path::PathBuf;

/// A menu entry with its shortcut on the right.
fn item(ui: &mut egui::Ui, text: &str, shortcut: &str, tip: &str, enabled: bool) -> bool {
    let mut b = egui::Button::new(text);
    if !shortcut.is_empty() {
        b = b.shortcut_text(shortcut);
    }
    ui.add_enabled(enabled, b).on_hover_text(tip).clicked()
}

/// View ▸ Discretize output and Show test points: checkboxes (each with its shortcut in the
/// tooltip) that ask for new view settings.
fn view_toggles_ui(
    ui: &mut egui::Ui,
    v: ViewSettings,
    key: &dyn Fn(Shortcut) -> String,
    out: &mut Vec<Action>,
) {
    let mut discretize = v.discretize;
    let tip = tr!("menu-discretize-tip", key = key(Shortcut::ToggleDiscretize));
    if ui
        .checkbox(&mut discretize, tr!("menu-discretize"))
        .on_hover_text(tip)
        .changed()
    {
        out.push(Action::SetViewSettings(ViewSettings { discretize, ..v }));
    }
    let mut show_test_points = v.show_test_points;
    let tip = tr!(
        "menu-test-points-tip",
        key = key(Shortcut::ToggleTestPoints)
    );
    if ui
        .checkbox(&mut show_test_points, tr!("menu-test-points"))
        .on_hover_text(tip)
        .changed()
    {
        out.push(Action::SetViewSettings(ViewSettings {
            show_test_points,
            ..v
        }));
    }
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
    /// Discretize output, show test points.
    pub view_settings: ViewSettings,
    /// The lesson's progress (its button opens or leaves it).
    pub lesson: &'a crate::ui::lesson::LessonProgress,
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
        view_settings,
        lesson,
    } = m;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr!("menu-file"), |ui| {
            if item(
                ui,
                &tr!("menu-open-session"),
                &key(Shortcut::Open),
                &tr!("menu-open-session-tip"),
                true,
            ) {
                files.open_dialog(FileAction::OpenSession);
            }
            let recent: Vec<PathBuf> = files.recent_files().to_vec();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button(tr!("menu-open-recent"), |ui| {
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
                .on_disabled_hover_text(tr!("menu-open-recent-empty"));
            });
            ui.separator();
            if item(
                ui,
                &tr!("menu-save-session"),
                &key(Shortcut::Save),
                &tr!("menu-save-session-tip"),
                true,
            ) {
                files.save_shortcut(out);
            }
            if item(
                ui,
                &tr!("menu-save-session-as"),
                &key(Shortcut::SaveAs),
                &tr!("menu-save-session-as-tip"),
                true,
            ) {
                files.open_dialog(FileAction::SaveSession);
            }
            ui.separator();
            if item(
                ui,
                &tr!("menu-import-csv"),
                "",
                &tr!("menu-import-csv-tip"),
                true,
            ) {
                files.open_dialog(FileAction::ImportCsv);
            }
            if item(
                ui,
                &tr!("menu-export-csv"),
                "",
                &tr!("menu-export-csv-tip"),
                true,
            ) {
                files.open_dialog(FileAction::ExportCsv);
            }
            if item(
                ui,
                &tr!("menu-export-loss"),
                "",
                &tr!("menu-export-loss-tip"),
                true,
            ) {
                files.open_dialog(FileAction::ExportLoss);
            }
            if item(
                ui,
                &tr!("menu-export-png"),
                "",
                &tr!("menu-export-png-tip"),
                has_heatmap,
            ) {
                files.open_dialog(FileAction::ExportPng);
            }
            ui.separator();
            if item(
                ui,
                &tr!("menu-export-py"),
                "",
                &tr!("menu-export-py-tip"),
                true,
            ) {
                files.open_dialog(FileAction::ExportPy);
            }
            if item(
                ui,
                &tr!("menu-export-torch"),
                "",
                &tr!("menu-export-torch-tip"),
                true,
            ) {
                files.open_dialog(FileAction::ExportTorch);
            }
        });
        ui.menu_button(tr!("menu-edit"), |ui| {
            if item(
                ui,
                &tr!("menu-undo"),
                &key(Shortcut::Undo),
                &tr!("menu-undo-tip"),
                can_undo,
            ) {
                out.push(Action::Undo);
            }
            if item(
                ui,
                &tr!("menu-redo"),
                &key(Shortcut::Redo),
                &tr!("menu-redo-tip"),
                can_redo,
            ) {
                out.push(Action::Redo);
            }
        });
        ui.menu_button(tr!("menu-view"), |ui| {
            if item(
                ui,
                &tr!("menu-diagram"),
                &key(Shortcut::ToggleDiagram),
                &tr!("menu-diagram-tip"),
                true,
            ) {
                inside.toggle_diagram();
            }
            if item(
                ui,
                &tr!("menu-explain"),
                &key(Shortcut::ToggleExplain),
                &tr!("menu-explain-tip"),
                true,
            ) {
                inside.toggle_explain();
            }
            if item(
                ui,
                &tr!("menu-timeline"),
                &key(Shortcut::ToggleTimeline),
                &tr!("menu-timeline-tip"),
                true,
            ) {
                inside.toggle_timeline();
            }
            if item(
                ui,
                &tr!("menu-hidden-space"),
                &key(Shortcut::ToggleHiddenSpace),
                &tr!("menu-hidden-space-tip"),
                true,
            ) {
                inside.toggle_hidden_space();
            }
            ui.separator();
            view_toggles_ui(ui, view_settings, &key, out);
            ui.separator();
            if item(
                ui,
                &tr!("menu-presentation"),
                &key(Shortcut::Presentation),
                &tr!("menu-presentation-tip"),
                true,
            ) {
                *presenting = !*presenting;
            }
            ui.separator();
            ui.menu_button(tr!("menu-language"), |ui| {
                for language in Language::ALL {
                    let chosen = crate::i18n::language() == language;
                    if ui
                        .radio(chosen, language.native_name())
                        .on_hover_text(tr!("menu-language-tip"))
                        .clicked()
                        && !chosen
                    {
                        out.push(Action::SetLanguage(language));
                    }
                }
            });
        });
        ui.separator();
        if ui
            .add_enabled(
                can_undo,
                egui::Button::new(tr!("menu-undo-button")).frame(false),
            )
            .on_hover_text(tr!("menu-undo-button-tip", key = key(Shortcut::Undo)))
            .clicked()
        {
            out.push(Action::Undo);
        }
        if ui
            .add_enabled(
                can_redo,
                egui::Button::new(tr!("menu-redo-button")).frame(false),
            )
            .on_hover_text(tr!("menu-redo-button-tip", key = key(Shortcut::Redo)))
            .clicked()
        {
            out.push(Action::Redo);
        }
        ui.separator();
        crate::ui::lesson::lesson_button_ui(ui, lesson, out);
        if let Some(p) = files.current_session_path() {
            ui.separator();
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.add(egui::Label::new(egui::RichText::new(name).weak()).truncate())
                .on_hover_text(tr!("menu-session-in-use", path = p.display().to_string()));
        }
    });
}
