//! The Data section: the dataset generator (preset, points, noise, test share, seed,
//! Regenerate), the split of own points, the class of new points (with names: double-click
//! a class to rename it), the class count and Clear.
//!
//! Choosing a preset generates its points at once and switches to a network that suits it
//! (the tutorial's for `seed`, [`ModelConfig::playground`](crate::nn::ModelConfig::playground)
//! otherwise). The sliders and **Regenerate** make new points for the same preset and keep
//! the network (new weights).

use super::super::action::{Action, points_word};
use super::super::state::{GeneratorSettings, PersistedState};
use super::super::theme::{class_color, text_on};
use super::super::worker_link::fresh_seed;
use crate::data::{Dataset, MAX_CLASSES, Preset, PresetParams, generate};
use egui::{Color32, RichText, vec2};

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
        self.generator_ui(ui, state, points_generation, out);
        ui.add_space(4.0);
        self.classes_ui(ui, state, out);
    }

    /// The class buttons (double-click renames), the class count, Clear and the counts.
    fn classes_ui(&mut self, ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
        ui.label("Class of new points:").on_hover_text(
            "A click on the canvas adds a point of this class. Keys 0–7 pick a class too; \
             double-click a class to give it a name.",
        );
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
                            .hint_text(format!("class {c}")),
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
                let key = if c < 8 {
                    format!(" (key {c})")
                } else {
                    String::new()
                };
                let resp = ui.add(btn).on_hover_text(format!(
                    "Add points of class {label}{key}; double-click to rename"
                ));
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
                .add(egui::Slider::new(&mut n, 2..=MAX_CLASSES).text("Classes"))
                .on_hover_text(
                    "How many classes (colours) the points can have, 2–8. A generated dataset is \
                     made again with that many classes. The network gets a new output layer, so \
                     its weights start again. Two classes use one sigmoid output; more use one \
                     softmax output per class.",
                );
            if resp.changed() {
                out.push(Action::ChangeNumClasses(n));
            }
            ui.add_space(4.0);
            if ui
                .button("Clear")
                .on_hover_text("Remove every point, to draw a dataset of your own.")
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
            .map(|(c, n)| format!("{n}×{}", state.class_name(c)))
            .collect::<Vec<_>>()
            .join("  ");
        ui.add(
            egui::Label::new(
                RichText::new(format!("{} points ({per_class})", d.points.len())).weak(),
            )
            .wrap(),
        )
        .on_hover_text("Number of points, and how many there are of each class.");
    }

    /// The generator: presets, their settings, Regenerate, and the split of own points.
    fn generator_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        points_generation: u64,
        out: &mut Vec<Action>,
    ) {
        ui.label("Dataset").on_hover_text(
            "Pick a ready-made set of points. Each one is a different puzzle for the network.",
        );
        let current = state.generator.preset;
        // Highlight the preset only while the points plausibly are its (not after opening a
        // session or importing a file); a cheap check, every frame.
        let d = &state.dataset;
        let p = &state.generator.params;
        let tutorial = d.points.len() == 8 && *d == Dataset::seed();
        let shown = if current == Preset::Seed {
            tutorial
        } else {
            d.points.len() == p.points && d.num_classes == p.classes
        };
        let n_points = d.points.len();
        let n_test = self.test_points(state, points_generation);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
            for preset in Preset::ALL {
                let resp = ui
                    .selectable_label(shown && preset == current, preset.name())
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
            Some("Pick a preset to generate points; the tutorial's 8 have no settings.".to_owned())
        } else if !shown {
            Some(format!(
                "{} of your own ({n_test} test): Split keeps them and re-draws which are \
                 test points; a preset or ↻ Regenerate replaces them.",
                points_word(n_points)
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
                    .text("Test share"),
            )
            .on_hover_text(
                "Share of your points that Split marks as test points (drawn hollow, never \
                 trained on). 0 % makes every point a training point again.",
            );
            p.test_ratio = test / 100.0;
            ui.horizontal(|ui| {
                ui.add(
                    egui::DragValue::new(&mut p.seed)
                        .range(0..=u32::MAX as u64)
                        .prefix("seed "),
                )
                .on_hover_text(
                    "The random seed of the split: the same seed picks the same points.",
                );
                split = ui
                    .button("Split train/test")
                    .on_hover_text(
                        "Mark this share of your points as test points, class by class, chosen \
                         from the seed. The points stay where they are. Ctrl+Z undoes.",
                    )
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
                        .text("Points"),
                )
                .on_hover_text(
                    "How many points to generate. More points show the shape better but make \
                     each training step slower.",
                );
            regenerate |= released(&r);
            let mut noise = p.noise * 100.0;
            let r = ui
                .add(
                    egui::Slider::new(&mut noise, 0.0..=PresetParams::MAX_NOISE * 100.0)
                        .step_by(1.0)
                        .suffix(" %")
                        .text("Noise"),
                )
                .on_hover_text(
                    "How far points wander from their ideal shape. With much noise, classes \
                     overlap and no network can get every point right.",
                );
            p.noise = noise / 100.0;
            regenerate |= released(&r);
            let mut test = p.test_ratio * 100.0;
            let r = ui
                .add(
                    egui::Slider::new(&mut test, 10.0..=PresetParams::MAX_TEST_RATIO * 100.0)
                        .step_by(5.0)
                        .suffix(" %")
                        .text("Test points"),
                )
                .on_hover_text(
                    "Share of the points held back to test the network (drawn hollow). The \
                     network never trains on them, so their accuracy shows how well it \
                     generalises to points it has not seen.",
                );
            p.test_ratio = test / 100.0;
            regenerate |= released(&r);
            ui.horizontal(|ui| {
                let r = ui
                    .add(
                        egui::DragValue::new(&mut p.seed)
                            .range(0..=u32::MAX as u64)
                            .prefix("seed "),
                    )
                    .on_hover_text("The random seed: the same seed always gives the same points.");
                regenerate |= released(&r);
                if ui
                    .button("New seed")
                    .on_hover_text("New random points: pick another seed and regenerate.")
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
                .button("↻ Regenerate")
                .on_hover_text(
                    "Make the points again with these settings (undoes your edits to them). \
                     The network keeps its shape and starts from new random weights.",
                )
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
    let mut s = format!(
        "{}, {} classes, {} points",
        preset.name(),
        d.num_classes,
        d.points.len()
    );
    if test > 0 {
        s.push_str(&format!(" ({test} test)"));
    }
    s
}
