//! CSV: the column chooser, importing points, exporting points and the loss curve; and
//! starting a picture export.

use super::super::super::action::Action;
use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use super::super::status::MessageKind;
use super::{Files, file_name, inputs_overflow, post};
use crate::data::{Column, CsvColumns, read_csv_file, to_csv};
use crate::tr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The column chooser shown after picking a CSV file.
#[derive(Clone, Debug)]
pub(crate) struct CsvChoice {
    path: PathBuf,
    /// The first row's fields (a header, or the first data row).
    header: Vec<String>,
    /// The first few lines, as text.
    preview: Vec<String>,
    x: usize,
    y: usize,
    label: usize,
}

impl Files {
    /// Imports points from a CSV file with the given columns (they replace the points; own
    /// data trains in the textbook order with a loss that suits its classes, see
    /// [`Action::ImportPoints`]).
    pub fn import_csv_path(
        &mut self,
        path: &Path,
        cols: &CsvColumns,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        match read_csv_file(path, cols) {
            Ok(import) => {
                let d = import.dataset;
                // Coordinates whose inputs overflow (x² of 1e300) would train NaN weights.
                let mut config = state.model_config.clone();
                config.for_own_data();
                config.fit_loss_to_classes(d.num_classes);
                if let Some(e) = inputs_overflow(config, &d) {
                    let text = tr!(
                        "csv-not-imported-path",
                        path = path.display().to_string(),
                        detail = e.to_string()
                    );
                    post(out, MessageKind::Error, text.clone());
                    return Err(text);
                }
                let (n, k) = (d.points.len(), d.num_classes);
                self.last_dir = path.parent().map(Path::to_path_buf);
                out.push(Action::ImportPoints {
                    dataset: d,
                    class_names: import.class_names,
                    message: tr!(
                        "csv-imported",
                        points = n,
                        classes = k,
                        name = file_name(path)
                    ),
                });
                Ok(())
            }
            Err(e) => {
                let text = tr!("csv-not-imported", detail = e.to_string());
                post(out, MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Writes the points as CSV (`x,y,label,split`).
    pub fn export_csv_path(
        &mut self,
        path: &Path,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        let text = to_csv(&state.dataset);
        self.write_file(path, text.as_bytes(), &tr!("csv-what-points"), out)
    }

    /// Writes the loss curve as CSV (`step,error,loss`).
    pub fn export_loss_csv_path(
        &mut self,
        path: &Path,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        let mut text = String::from("step,error,loss\n");
        if let Some(h) = &link.loss {
            for s in h.samples() {
                text.push_str(&format!("{},{},{}\n", s.step, s.error, s.loss));
            }
        }
        self.write_file(path, text.as_bytes(), &tr!("csv-what-loss-curve"), out)
    }

    fn write_file(
        &mut self,
        path: &Path,
        bytes: &[u8],
        what: &str,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        match crate::fsutil::write_atomic(path, bytes) {
            Ok(()) => {
                self.last_dir = path.parent().map(Path::to_path_buf);
                post(
                    out,
                    MessageKind::Info,
                    tr!("csv-saved", what = what, path = path.display().to_string()),
                );
                Ok(())
            }
            Err(e) => {
                let text = tr!(
                    "csv-not-written",
                    path = path.display().to_string(),
                    detail = e.to_string()
                );
                post(out, MessageKind::Error, text.clone());
                Err(text)
            }
        }
    }

    /// Starts exporting the current view as a `size`×`size` PNG on its own thread (see
    /// `picture`); the result arrives as a message. Returns an error at once when there is
    /// no heatmap yet or another picture is being exported.
    pub fn export_png_path(
        &mut self,
        path: &Path,
        size: usize,
        legend: bool,
        state: &PersistedState,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        let result = self.png.start(path, size, legend, state, link);
        match &result {
            Ok(()) => self.last_dir = path.parent().map(Path::to_path_buf),
            Err((kind, text)) => post(out, *kind, text.clone()),
        }
        result.map_err(|(_, t)| t)
    }

    /// Shows the column chooser for the CSV file `path`.
    pub fn choose_csv_columns(&mut self, path: &Path, out: &mut Vec<Action>) {
        let mut text = String::new();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(64 * 1024).read_to_string(&mut text).map(drop));
        if let Err(e) = read {
            // A cut in the middle of a UTF-8 character is fine for a preview.
            if text.is_empty() {
                post(
                    out,
                    MessageKind::Error,
                    tr!(
                        "csv-cannot-read",
                        path = path.display().to_string(),
                        detail = e.to_string()
                    ),
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
        self.dialog = None;
        self.csv = Some(CsvChoice {
            path: path.to_path_buf(),
            header,
            preview: lines,
            x: 0,
            y: 1.min(last),
            label: 2.min(last),
        });
    }

    pub(crate) fn csv_choice_ui(
        &mut self,
        ctx: &egui::Context,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) {
        let Some(choice) = &mut self.csv else {
            return;
        };
        let mut import = false;
        let mut cancel = false;
        let modal = egui::Modal::new(egui::Id::unique("nnviz-csv-columns")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(tr!("csv-import-title", name = file_name(&choice.path)));
            ui.label(tr!("csv-first-lines"));
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
                    (tr!("csv-x-column"), tr!("csv-x-column-tip"), &mut choice.x),
                    (tr!("csv-y-column"), tr!("csv-y-column-tip"), &mut choice.y),
                    (
                        tr!("csv-label-column"),
                        tr!("csv-label-column-tip"),
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
            ui.weak(tr!("csv-replace-note"));
            ui.horizontal(|ui| {
                import = ui
                    .button(tr!("files-import"))
                    .on_hover_text(tr!("csv-import-tip"))
                    .clicked();
                cancel = ui
                    .button(tr!("dialog-cancel"))
                    .on_hover_text(tr!("csv-cancel-tip"))
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
            self.csv = None;
            if self.import_csv_path(&path, &cols, state, out).is_err() {
                // Keep the chooser closed; the message says what was wrong.
            }
        } else if cancel {
            self.csv = None;
        }
    }
}
