//! The dataset generator: preset, points, noise, test share, seed and Regenerate.
//!
//! Choosing a preset generates its points at once and switches to a network that suits it
//! (the tutorial's for `seed`, [`ModelConfig::playground`] otherwise). The sliders and
//! **Regenerate** make new points for the same preset and keep the network (new weights).

use super::app::{MessageKind, NnvizApp, fresh_seed};
use crate::data::{Dataset, Preset, PresetParams, generate, split_test};
use crate::nn::ModelConfig;
use crate::train::Command;
use egui::{RichText, vec2};
use serde::{Deserialize, Serialize};

/// Most points the slider offers (the generator itself accepts more).
const MAX_SLIDER_POINTS: usize = 5000;

/// The generator's settings (persisted).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeneratorSettings {
    /// The preset last chosen.
    pub preset: Preset,
    /// Points, classes, noise, test share and seed.
    pub params: PresetParams,
}

impl Default for GeneratorSettings {
    fn default() -> Self {
        Self {
            preset: Preset::Seed,
            params: PresetParams::default(),
        }
    }
}

impl NnvizApp {
    /// Number of test points, counted again only after the points changed (every change
    /// bumps the undo change counter), not on every frame.
    pub(crate) fn test_point_count(&mut self) -> usize {
        let key = (self.undo.generation(), self.state.dataset.points.len());
        match self.test_count {
            Some((generation, len, count)) if (generation, len) == key => count,
            _ => {
                let count = self.state.dataset.test_points().count();
                self.test_count = Some((key.0, key.1, count));
                count
            }
        }
    }

    /// The generator controls (in the Data section).
    pub(crate) fn dataset_panel_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Dataset").on_hover_text(
            "Pick a ready-made set of points. Each one is a different puzzle for the network.",
        );
        let current = self.state.generator.preset;
        // Highlight the preset only while the points plausibly are its (not after opening a
        // session or importing a file); a cheap check, every frame.
        let d = &self.state.dataset;
        let p = &self.state.generator.params;
        let tutorial = d.points.len() == 8 && *d == Dataset::seed();
        let shown = if current == Preset::Seed {
            tutorial
        } else {
            d.points.len() == p.points && d.num_classes == p.classes
        };
        let n_points = d.points.len();
        let n_test = self.test_point_count();
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
            for preset in Preset::ALL {
                let resp = ui
                    .selectable_label(shown && preset == current, preset.name())
                    .on_hover_text(preset.description());
                if resp.clicked() {
                    self.choose_preset(preset);
                }
            }
        });

        // The generator's sliders only while the points are the generator's: on anything
        // else they would replace the points, so those get a train/test split instead.
        let sliders = shown && current != Preset::Seed;
        let mut p = self.state.generator.params;
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
        self.state.generator.params = p;
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
        if regenerate {
            self.regenerate_dataset();
        } else if split {
            self.split_points();
        }
    }

    /// Re-draws which points are test points (the generator's test share and seed), keeping
    /// every point where it is: a split for imported, opened or hand-made points.
    pub fn split_points(&mut self) {
        let p = self.state.generator.params;
        let mut dataset = self.state.dataset.clone();
        if let Err(e) = split_test(&mut dataset, p.test_ratio, p.seed) {
            self.post(
                MessageKind::Warning,
                format!("Could not split the points: {e}"),
            );
            return;
        }
        let test = dataset.test_points().count();
        let train = dataset.points.len() - test;
        self.state.dataset = dataset;
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.post(
            MessageKind::Info,
            format!(
                "Split the points: {} for training, {} for testing (hollow). Ctrl+Z undoes.",
                points_word(train),
                points_word(test)
            ),
        );
    }

    /// Generates `preset` and switches to a network that suits it.
    pub fn choose_preset(&mut self, preset: Preset) {
        self.state.generator.preset = preset;
        let range = preset.class_range();
        let p = &mut self.state.generator.params;
        p.classes = p.classes.clamp(*range.start(), *range.end());
        let config = if preset == Preset::Seed {
            ModelConfig::tutorial()
        } else {
            ModelConfig::playground()
        };
        // The network's own learning rate comes with it (replace_model_config keeps it).
        self.state.learning_rate = config.train.learning_rate;
        self.generate_with(config, true);
    }

    /// New points for the current preset and parameters; the network keeps its shape.
    pub fn regenerate_dataset(&mut self) {
        let config = self.state.model_config.clone();
        self.generate_with(config, false);
    }

    /// Whether the points are exactly what the generator makes with the current settings
    /// (not edited by hand, not imported).
    pub(crate) fn dataset_is_generated(&self) -> bool {
        let g = self.state.generator;
        g.preset != Preset::Seed
            && generate(g.preset, &g.params).is_ok_and(|d| d == self.state.dataset)
    }

    /// Generates the current preset and installs it with `config` (its loss fixed for the
    /// class count); `switched` says the network was chosen for the preset.
    fn generate_with(&mut self, mut config: ModelConfig, switched: bool) {
        let g = self.state.generator;
        let dataset = match generate(g.preset, &g.params) {
            Ok(d) => d,
            Err(e) => {
                self.post(
                    MessageKind::Warning,
                    format!("Could not generate the points: {e}"),
                );
                return;
            }
        };
        let loss_fixed =
            super::network_editor::fit_loss_to_classes(&mut config, dataset.num_classes);
        let what = describe_dataset(g.preset, &dataset);
        self.install_dataset(dataset);
        let net = super::network_editor::describe_network(&config, self.state.dataset.num_classes);
        let mut text = if switched {
            format!("{what}; network {net}, new weights.")
        } else {
            format!("{what}; same network, new weights.")
        };
        if loss_fixed {
            text.push_str(" More than 2 classes: the loss is now cross-entropy (softmax outputs).");
        }
        self.replace_model_config(config, text);
    }

    /// Replaces the points (the worker gets them at once) and fits the view to them.
    pub(crate) fn install_dataset(&mut self, dataset: Dataset) {
        self.state.dataset = dataset;
        // Names from an imported or opened file do not describe generated points.
        self.keep_class_names(0);
        if self.state.selected_class >= self.state.dataset.num_classes {
            self.state.selected_class = 0;
        }
        self.canvas.hovered_point = None;
        self.canvas.dragging = None;
        self.canvas.last_added = None;
        self.state.view = None;
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.sync_view();
    }

    /// Changes the class count: a generated set is generated again with `n` classes (when
    /// its preset allows), anything else keeps its points (those of dropped classes go).
    pub fn change_num_classes(&mut self, n: usize) {
        if n == self.state.dataset.num_classes {
            return;
        }
        if self.dataset_is_generated() && self.state.generator.preset.class_range().contains(&n) {
            self.state.generator.params.classes = n;
            self.regenerate_dataset();
            return;
        }
        self.set_num_classes(n);
        let mut config = self.state.model_config.clone();
        if super::network_editor::fit_loss_to_classes(&mut config, n) {
            self.replace_model_config(
                config,
                format!(
                    "{n} classes: the loss is now cross-entropy (one softmax output per class); \
                     weights were reset."
                ),
            );
        }
    }
}

/// "1 point", "5 points".
fn points_word(n: usize) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// True when a slider or number box was let go (or changed by keyboard).
fn released(r: &egui::Response) -> bool {
    r.drag_stopped() || (r.changed() && !r.dragged())
}

/// "spiral, 4 classes, 400 points (120 test)".
fn describe_dataset(preset: Preset, d: &Dataset) -> String {
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
