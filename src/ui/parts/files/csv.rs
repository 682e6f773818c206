//! CSV: the column chooser, importing points, exporting points and the loss curve; and
//! starting a picture export.

use super::super::super::action::Action;
use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use super::super::status::MessageKind;
use super::{Files, file_name, inputs_overflow, post};
use crate::data::{Column, CsvColumns, Problem, read_csv_file_for, to_csv};
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
    /// The last import's refusal when the label column looked like numbers to predict:
    /// the chooser stays open with it and offers to import as regression.
    numeric_hint: Option<String>,
}

impl Files {
    /// Imports points from a CSV file with the given columns (they replace the points; own
    /// data trains in the textbook order with a loss that suits its classes, see
    /// [`Action::ImportPoints`]). In regression mode the label column is a numeric target.
    pub fn import_csv_path(
        &mut self,
        path: &Path,
        cols: &CsvColumns,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        self.import_csv_as(path, cols, state.dataset.problem, state, out)
    }

    /// [`Self::import_csv_path`] for `problem` (the dialog's "Import as regression").
    pub fn import_csv_as(
        &mut self,
        path: &Path,
        cols: &CsvColumns,
        problem: Problem,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) -> Result<(), String> {
        self.import_csv_checked(path, cols, problem, state, out)
            .map_err(|(text, _)| text)
    }

    /// [`Self::import_csv_as`]; a refusal also says whether the file would import as
    /// regression ([`crate::data::DataError::suggests_regression`]).
    fn import_csv_checked(
        &mut self,
        path: &Path,
        cols: &CsvColumns,
        problem: Problem,
        state: &PersistedState,
        out: &mut Vec<Action>,
    ) -> Result<(), (String, bool)> {
        match read_csv_file_for(path, cols, problem) {
            Ok(import) => {
                let d = import.dataset;
                // Coordinates whose inputs overflow (x² of 1e300) would train NaN weights.
                let mut config = state.model_config.clone();
                config.for_own_data();
                config.fit_loss_to_classes(d.num_classes);
                config.fit_loss_to_problem(d.problem);
                if let Some(e) = inputs_overflow(config, &d) {
                    let text = tr!(
                        "csv-not-imported-path",
                        path = path.display().to_string(),
                        detail = e.to_string()
                    );
                    post(out, MessageKind::Error, text.clone());
                    return Err((text, false));
                }
                let (n, k) = (d.points.len(), d.num_classes);
                self.last_dir = path.parent().map(Path::to_path_buf);
                let message = if d.is_regression() {
                    tr!("csv-imported-values", points = n, name = file_name(path))
                } else {
                    tr!(
                        "csv-imported",
                        points = n,
                        classes = k,
                        name = file_name(path)
                    )
                };
                out.push(Action::ImportPoints {
                    dataset: d,
                    class_names: import.class_names,
                    message,
                });
                Ok(())
            }
            Err(e) => {
                let text = tr!("csv-not-imported", detail = e.to_string());
                post(out, MessageKind::Error, text.clone());
                Err((text, e.suggests_regression()))
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
            numeric_hint: None,
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
        let regression = state.dataset.problem == Problem::Regression;
        let mut import = false;
        let mut as_regression = false;
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
                    if regression {
                        (
                            tr!("csv-value-column"),
                            tr!("csv-value-column-tip"),
                            &mut choice.label,
                        )
                    } else {
                        (
                            tr!("csv-label-column"),
                            tr!("csv-label-column-tip"),
                            &mut choice.label,
                        )
                    },
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
            if let Some(hint) = &choice.numeric_hint {
                ui.colored_label(ui.visuals().warn_fg_color, hint);
                as_regression = ui
                    .button(tr!("csv-import-as-regression"))
                    .on_hover_text(tr!("csv-import-as-regression-tip"))
                    .clicked();
            }
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
        if import || as_regression {
            let cols = CsvColumns {
                x: Column::Index(choice.x),
                y: Column::Index(choice.y),
                label: Column::Index(choice.label),
            };
            let path = choice.path.clone();
            let mut kept = self.csv.take();
            let problem = if as_regression {
                Problem::Regression
            } else {
                state.dataset.problem
            };
            // The message says what was wrong; a file of numbers to predict keeps the
            // chooser open, offering the import as regression.
            if let Err((hint, true)) = self.import_csv_checked(&path, &cols, problem, state, out)
                && let Some(c) = kept.as_mut()
            {
                c.numeric_hint = Some(hint);
                self.csv = kept;
            }
        } else if cancel {
            self.csv = None;
        }
    }
}
