//! The Data section: the dataset generator (preset, points, noise, test share, seed,
//! Regenerate), the split of own points, the class of new points (with names: double-click
//! a class to rename it), the class count and Clear.
//!
//! Choosing a preset generates its points at once and switches to a network that suits it
//! (the tutorial's for `seed`, [`ModelConfig::playground`](crate::nn::ModelConfig::playground)
//! otherwise). The sliders and **Regenerate** make new points for the same preset and keep
//! the network (new weights).

use super::super::action::Action;
use super::super::state::{GeneratorSettings, PersistedState};
use super::super::theme::{class_color, text_on};
use super::super::words::points_word;
use super::super::worker_link::fresh_seed;
use crate::data::{Dataset, MAX_CLASSES, Preset, PresetParams, Problem, generate};
use crate::tr;
use egui::{Color32, RichText, vec2};

/// A preset's name on its button.
pub(crate) fn preset_label(p: Preset) -> String {
    match p {
        Preset::Seed => tr!("preset-seed"),
        Preset::Xor => tr!("preset-xor"),
        Preset::Circle => tr!("preset-circle"),
        Preset::Gauss => tr!("preset-gauss"),
        Preset::Spiral => tr!("preset-spiral"),
        Preset::Moons => tr!("preset-moons"),
        Preset::Checkerboard => tr!("preset-checkerboard"),
        Preset::Plane => tr!("preset-plane"),
        Preset::Peaks => tr!("preset-peaks"),
    }
}

/// Most points the slider offers (the generator itself accepts more).
const MAX_SLIDER_POINTS: usize = 5000;

/// The Data section's runtime state.
#[derive(Debug, Default)]
pub(crate) struct DataPanel {
    /// Generator settings being edited (a slider not let go yet).
    draft: Option<PresetParams>,
    /// Number of test points, with the undo change counter and point count it was counted at.
    test_count: Option<(u64, usize, usize)>,
    /// The class being renamed and the name typed so far.
    renaming: Option<(usize, String)>,
}

impl DataPanel {
    /// Whether a class is being renamed (its text field owns the keyboard, Escape included).
    pub(crate) fn renaming(&self) -> bool {
        self.renaming.is_some()
    }

    /// Number of test points, counted again only after the points changed (every change
    /// bumps undo's change counter), not on every frame.
    pub(crate) fn test_points(&mut self, state: &PersistedState, generation: u64) -> usize {
        let key = (generation, state.dataset.points.len());
        match self.test_count {
            Some((g, len, count)) if (g, len) == key => count,
            _ => {
                let count = state.dataset.test_points().count();
                self.test_count = Some((key.0, key.1, count));
                count
            }
        }
    }

    /// The whole section.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        points_generation: u64,
        out: &mut Vec<Action>,
    ) {
        problem_ui(ui, state, out);
        self.generator_ui(ui, state, points_generation, out);
        ui.add_space(4.0);
        if state.dataset.is_regression() {
            values_ui(ui, state, out);
        } else {
            self.classes_ui(ui, state, out);
        }
    }

    /// The class buttons (double-click renames), the class count, Clear and the counts.
    fn classes_ui(&mut self, ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
        ui.label(tr!("data-class-of-new-points"))
            .on_hover_text(tr!("data-class-of-new-points-tip"));
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(5.0, 5.0);
            for c in 0..state.dataset.num_classes {
                if let Some((rc, name)) = &mut self.renaming
                    && *rc == c
                {
                    // An id of its own: the button drawn here afterwards must not inherit
                    // the text field's focus.
                    let te = ui.add(
                        egui::TextEdit::singleline(name)
                            .id_salt(("rename class", c))
                            .desired_width(90.0)
                            .hint_text(tr!("data-class-hint", class = c)),
                    );
                    te.request_focus();
                    let (enter, esc) = ui.input(|i| {
                        (
                            i.key_pressed(egui::Key::Enter),
                            i.key_pressed(egui::Key::Escape),
                        )
                    });
                    if esc {
                        self.renaming = None;
                    } else if enter || te.lost_focus() {
                        out.push(Action::RenameClass {
                            class: c,
                            name: name.clone(),
                        });
                        self.renaming = None;
                    }
                    continue;
                }
                let color = class_color(c);
                let selected = c == state.selected_class;
                let label = state.class_name(c);
                let btn = egui::Button::new(RichText::new(&label).strong().color(text_on(color)))
                    .fill(color)
                    .min_size(vec2(28.0, 26.0))
                    .stroke(if selected {
                        egui::Stroke::new(2.5, Color32::from_gray(20))
                    } else {
                        egui::Stroke::NONE
                    })
                    .selected(selected);
                let tip = if c < 8 {
                    tr!("data-class-button-key-tip", class = label.as_str(), key = c)
                } else {
                    tr!("data-class-button-tip", class = label.as_str())
                };
                let resp = ui.add(btn).on_hover_text(tip);
                if resp.double_clicked() {
                    self.renaming =
                        Some((c, state.class_names.get(c).cloned().unwrap_or_default()));
                } else if resp.clicked() {
                    out.push(Action::SelectClass(c));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let mut n = state.dataset.num_classes;
            let resp = ui
                .add(egui::Slider::new(&mut n, 2..=MAX_CLASSES).text(tr!("data-classes")))
                .on_hover_text(tr!("data-classes-tip"));
            if resp.changed() {
                out.push(Action::ChangeNumClasses(n));
            }
            ui.add_space(4.0);
            if ui
                .button(tr!("data-clear"))
                .on_hover_text(tr!("data-clear-tip"))
                .clicked()
            {
                out.push(Action::ClearPoints);
            }
        });
        let d = &state.dataset;
        let counts = d.class_counts();
        let per_class = counts
            .iter()
            .enumerate()
            .map(|(c, n)| tr!("data-class-count", count = n, class = state.class_name(c)))
            .collect::<Vec<_>>()
            .join("  ");
        ui.add(
            egui::Label::new(
                RichText::new(tr!(
                    "data-point-counts",
                    count = d.points.len(),
                    classes = per_class
                ))
                .weak(),
            )
            .wrap(),
        )
        .on_hover_text(tr!("data-point-counts-tip"));
    }

    /// The generator: presets, their settings, Regenerate, and the split of own points.
    fn generator_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        points_generation: u64,
        out: &mut Vec<Action>,
    ) {
        ui.label(tr!("data-dataset"))
            .on_hover_text(tr!("data-dataset-tip"));
        let current = state.generator.preset;
        // Highlight the preset only while the points plausibly are its (not after opening a
        // session or importing a file); a cheap check, every frame.
        let d = &state.dataset;
        let p = &state.generator.params;
        let tutorial = d.points.len() == 8 && *d == Dataset::seed();
        let shown = if current == Preset::Seed {
            tutorial
        } else {
            d.points.len() == p.points && (d.is_regression() || d.num_classes == p.classes)
        };
        let n_points = d.points.len();
        let n_test = self.test_points(state, points_generation);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
            for &preset in Preset::for_problem(d.problem) {
                let resp = ui
                    .selectable_label(shown && preset == current, preset_label(preset))
                    .on_hover_text(preset.description());
                if resp.clicked() {
                    out.push(Action::ChoosePreset(preset));
                }
            }
        });

        // The generator's sliders only while the points are the generator's: on anything
        // else they would replace the points, so those get a train/test split instead.
        let sliders = shown && current != Preset::Seed;
        let mut p = self.draft.unwrap_or(state.generator.params);
        let mut regenerate = false;
        let mut split = false;
        let hint = if tutorial {
            Some(tr!("data-tutorial-hint"))
        } else if !shown {
            Some(tr!(
                "data-own-points-hint",
                points = points_word(n_points),
                test = n_test
            ))
        } else {
            None
        };
        if let Some(hint) = hint {
            ui.label(RichText::new(hint).weak().size(11.5));
        }
        if !shown && n_points > 0 {
            let mut test = p.test_ratio * 100.0;
            ui.add(
                egui::Slider::new(&mut test, 0.0..=PresetParams::MAX_TEST_RATIO * 100.0)
                    .step_by(5.0)
                    .suffix(" %")
                    .text(tr!("data-test-share")),
            )
            .on_hover_text(tr!("data-test-share-tip"));
            p.test_ratio = test / 100.0;
            ui.horizontal(|ui| {
                ui.add(
                    egui::DragValue::new(&mut p.seed)
                        .range(0..=u32::MAX as u64)
                        .prefix(tr!("data-seed-prefix")),
                )
                .on_hover_text(tr!("data-split-seed-tip"));
                split = ui
                    .button(tr!("data-split"))
                    .on_hover_text(tr!("data-split-tip"))
                    .clicked();
            });
        }
        ui.scope(|ui| {
            if !sliders {
                return;
            }
            let r = ui
                .add(
                    egui::Slider::new(&mut p.points, 10..=MAX_SLIDER_POINTS)
                        .logarithmic(true)
                        .text(tr!("data-points")),
                )
                .on_hover_text(tr!("data-points-tip"));
            regenerate |= released(&r);
            let mut noise = p.noise * 100.0;
            let r = ui
                .add(
                    egui::Slider::new(&mut noise, 0.0..=PresetParams::MAX_NOISE * 100.0)
                        .step_by(1.0)
                        .suffix(" %")
                        .text(tr!("data-noise")),
                )
                .on_hover_text(tr!("data-noise-tip"));
            p.noise = noise / 100.0;
            regenerate |= released(&r);
            let mut test = p.test_ratio * 100.0;
            let r = ui
                .add(
                    egui::Slider::new(&mut test, 10.0..=PresetParams::MAX_TEST_RATIO * 100.0)
                        .step_by(5.0)
                        .suffix(" %")
                        .text(tr!("data-test-points")),
                )
                .on_hover_text(tr!("data-test-points-tip"));
            p.test_ratio = test / 100.0;
            regenerate |= released(&r);
            ui.horizontal(|ui| {
                let r = ui
                    .add(
                        egui::DragValue::new(&mut p.seed)
                            .range(0..=u32::MAX as u64)
                            .prefix(tr!("data-seed-prefix")),
                    )
                    .on_hover_text(tr!("data-seed-tip"));
                regenerate |= released(&r);
                if ui
                    .button(tr!("data-new-seed"))
                    .on_hover_text(tr!("data-new-seed-tip"))
                    .clicked()
                {
                    p.seed = fresh_seed(p.seed) % 100_000;
                    regenerate = true;
                }
            });
        });
        // Sliders being dragged keep their value here until they are let go.
        self.draft = (p != state.generator.params).then_some(p);
        ui.horizontal(|ui| {
            if ui
                .button(tr!("data-regenerate"))
                .on_hover_text(tr!("data-regenerate-tip"))
                .clicked()
            {
                regenerate = true;
            }
        });
        if regenerate || split {
            out.push(Action::SetGenerator(GeneratorSettings {
                preset: state.generator.preset,
                params: p,
            }));
            out.push(if regenerate {
                Action::RegenerateDataset
            } else {
                Action::SplitPoints
            });
            self.draft = None;
        }
    }
}

/// Whether the points are exactly what the generator makes with the current settings (not
/// edited by hand, not imported).
pub(crate) fn dataset_is_generated(state: &PersistedState) -> bool {
    let g = state.generator;
    g.preset != Preset::Seed && generate(g.preset, &g.params).is_ok_and(|d| d == state.dataset)
}

/// True when a slider or number box was let go (or changed by keyboard).
fn released(r: &egui::Response) -> bool {
    r.drag_stopped() || (r.changed() && !r.dragged())
}

/// "spiral, 4 classes, 400 points (120 test)".
pub(crate) fn describe_dataset(preset: Preset, d: &Dataset) -> String {
    let test = d.test_points().count();
    tr!(
        "data-describe",
        preset = preset_label(preset),
        classes = d.num_classes,
        points = d.points.len(),
        test = test
    )
}

/// The Classification / Regression switch.
fn problem_ui(ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(tr!("data-problem"))
            .on_hover_text(tr!("data-problem-tip"));
        for (problem, label, tip) in [
            (
                Problem::Classification,
                tr!("data-problem-classification"),
                tr!("data-problem-classification-tip"),
            ),
            (
                Problem::Regression,
                tr!("data-problem-regression"),
                tr!("data-problem-regression-tip"),
            ),
        ] {
            let resp = ui
                .selectable_label(state.dataset.problem == problem, label)
                .on_hover_text(tip);
            if resp.clicked() {
                out.push(Action::SetProblem(problem));
            }
        }
    });
}

/// Regression's counterpart of the class buttons: the value of new points, Clear and the
/// point count.
fn values_ui(ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
    use crate::ui::state::NEW_POINT_VALUE_RANGE;
    let mut v = state.new_point_value;
    // A shorter track than the other sliders: its label is longer, and the row must fit
    // the narrowest side panel.
    let resp = ui
        .scope(|ui| {
            ui.spacing_mut().slider_width = 72.0;
            ui.add(
                egui::Slider::new(&mut v, NEW_POINT_VALUE_RANGE)
                    .step_by(0.05)
                    .text(tr!("data-new-point-value")),
            )
        })
        .inner
        .on_hover_text(tr!("data-new-point-value-tip"));
    if resp.changed() {
        out.push(Action::SetNewPointValue(v));
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(tr!("data-clear"))
            .on_hover_text(tr!("data-clear-tip"))
            .clicked()
        {
            out.push(Action::ClearPoints);
        }
        let d = &state.dataset;
        ui.label(
            RichText::new(tr!(
                "data-value-counts",
                count = d.points.len(),
                test = d.test_points().count()
            ))
            .weak(),
        )
        .on_hover_text(tr!("data-value-counts-tip"));
    });
}
