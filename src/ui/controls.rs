//! The side panel: playback, Training, Data, Network and View sections.

use super::app::{LEARNING_RATE_RANGE, NnvizApp, SPEED_RANGE};
use super::canvas::{KEY_ZOOM, class_color};
use crate::data::MAX_CLASSES;
use crate::train::Speed;
use egui::{Color32, RichText, vec2};

/// A section heading with a little space above it.
fn section_ui(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).strong().size(14.5));
    ui.add_space(2.0);
}

/// A section that can be folded away (open at first), with a separator below.
fn collapsing_section_ui(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui)) {
    ui.add_space(4.0);
    egui::CollapsingHeader::new(RichText::new(title).strong().size(14.5))
        .id_salt(title)
        .default_open(true)
        .show_unindented(ui, add);
    ui.separator();
}

/// Text colour readable on `bg`.
fn text_on(bg: Color32) -> Color32 {
    let l = 0.299 * bg.r() as f32 + 0.587 * bg.g() as f32 + 0.114 * bg.b() as f32;
    if l > 150.0 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

impl NnvizApp {
    /// Everything in the side panel.
    pub(crate) fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.spacing_mut().item_spacing = vec2(8.0, 6.0);
        ui.spacing_mut().slider_width = 112.0;
        ui.horizontal(|ui| {
            ui.label(RichText::new("nnviz").size(22.0).strong());
            ui.label(RichText::new("neural network playground").weak());
        });
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.playback_ui(ui);
                collapsing_section_ui(ui, "Training", |ui| self.training_ui(ui));
                collapsing_section_ui(ui, "Data", |ui| self.data_ui(ui));
                collapsing_section_ui(ui, "Network", |ui| self.network_ui(ui));
                collapsing_section_ui(ui, "Metrics", |ui| self.metrics_ui(ui));
                ui.separator();
                section_ui(ui, "View");
                self.view_ui(ui);
                ui.add_space(8.0);
                // Closed at first: ~30 rows laid out every frame below the fold cost the UI
                // thread ~0.5 ms a frame; every control's tooltip names its key anyway.
                egui::CollapsingHeader::new("Keyboard shortcuts")
                    .default_open(false)
                    .show(ui, shortcuts_help_ui)
                    .header_response
                    .on_hover_text("Every key and mouse gesture of nnviz");
            });
    }

    fn playback_ui(&mut self, ui: &mut egui::Ui) {
        let size = vec2(82.0, 30.0);
        ui.horizontal(|ui| {
            let (label, tip) = if self.state.running {
                ("▮▮ Pause", "Stop training for now; the network keeps what it has learned. (Space)")
            } else {
                ("▶ Play", "Start training: the network repeats forward and backward passes. (Space)")
            };
            let play = egui::Button::new(RichText::new(label).size(14.0))
                .min_size(size)
                .fill(if self.state.running {
                    ui.visuals().widgets.inactive.weak_bg_fill
                } else {
                    Color32::from_rgb(0xD8, 0xEA, 0xF7)
                });
            if ui.add(play).on_hover_text(tip).clicked() {
                self.toggle_play();
            }
            if ui
                .add(egui::Button::new(RichText::new("▶▮ Step").size(14.0)).min_size(size))
                .on_hover_text(
                    "Do exactly one training step (forward pass, error, backward pass, weight update) \
                     and pause. (S or →)",
                )
                .clicked()
            {
                self.step_once();
            }
            if ui
                .add(egui::Button::new(RichText::new("↺ Reset").size(14.0)).min_size(size))
                .on_hover_text(
                    "Forget what the network learned: new random weights, step 0. \
                     Your points stay. (R)",
                )
                .clicked()
            {
                self.reset_weights();
            }
        });
    }

    fn training_ui(&mut self, ui: &mut egui::Ui) {
        let mut lr = self.state.learning_rate;
        let resp = ui
            .add(
                egui::Slider::new(&mut lr, LEARNING_RATE_RANGE)
                    .logarithmic(true)
                    .smallest_positive(*LEARNING_RATE_RANGE.start())
                    .custom_formatter(|v, _| format_lr(v))
                    .text("Learning rate"),
            )
            .on_hover_text(
                "How big a step the weights take against the error each time. Too small: learning \
                 crawls. Too big: the error jumps around or explodes. Changes apply at the next step.",
            );
        if resp.changed() && lr != self.state.learning_rate {
            self.set_learning_rate(lr);
        }

        let unlimited = self.state.speed == Speed::Unlimited;
        let mut sps = self.state.steps_per_second;
        ui.add_enabled_ui(!unlimited, |ui| {
            let resp = ui
                .add(
                    egui::Slider::new(&mut sps, SPEED_RANGE)
                        .logarithmic(true)
                        .custom_formatter(|v, _| format_count(v))
                        .text("Steps / s"),
                )
                .on_hover_text(
                    "Training speed: how many training steps per second. Slow it down to watch \
                     the boundary move step by step.",
                );
            if resp.changed() {
                self.set_speed(Speed::StepsPerSecond(sps));
            }
        });
        let mut unl = unlimited;
        if ui
            .checkbox(&mut unl, "Unlimited speed")
            .on_hover_text("Train as fast as this computer can (over a million steps per second for small networks).")
            .changed()
        {
            self.set_speed(if unl { Speed::Unlimited } else { Speed::StepsPerSecond(self.state.steps_per_second) });
        }
        self.training_options_ui(ui);
    }

    fn data_ui(&mut self, ui: &mut egui::Ui) {
        self.dataset_panel_ui(ui);
        ui.add_space(4.0);
        ui.label("Class of new points:").on_hover_text(
            "A click on the canvas adds a point of this class. Keys 0–7 pick a class too.",
        );
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(5.0, 5.0);
            for c in 0..self.state.dataset.num_classes {
                let color = class_color(c);
                let selected = c == self.state.selected_class;
                let btn =
                    egui::Button::new(RichText::new(format!("{c}")).strong().color(text_on(color)))
                        .fill(color)
                        .min_size(vec2(28.0, 26.0))
                        .stroke(if selected {
                            egui::Stroke::new(2.5, Color32::from_gray(20))
                        } else {
                            egui::Stroke::NONE
                        })
                        .selected(selected);
                if ui
                    .add(btn)
                    .on_hover_text(format!("Add points of class {c} (key {c})"))
                    .clicked()
                {
                    self.select_class(c);
                }
            }
        });
        ui.horizontal(|ui| {
            let mut n = self.state.dataset.num_classes;
            let resp = ui
                .add(egui::Slider::new(&mut n, 2..=MAX_CLASSES).text("Classes"))
                .on_hover_text(
                    "How many classes (colours) the points can have, 2–8. A generated dataset is \
                     made again with that many classes. The network gets a new output layer, so \
                     its weights start again. Two classes use one sigmoid output; more use one \
                     softmax output per class.",
                );
            if resp.changed() {
                self.change_num_classes(n);
            }
            ui.add_space(4.0);
            if ui
                .button("Clear")
                .on_hover_text("Remove every point, to draw a dataset of your own.")
                .clicked()
            {
                self.clear_points();
            }
        });
        let d = &self.state.dataset;
        let counts = d.class_counts();
        let per_class = counts
            .iter()
            .enumerate()
            .map(|(c, n)| format!("{n}×{c}"))
            .collect::<Vec<_>>()
            .join("  ");
        ui.label(RichText::new(format!("{} points ({per_class})", d.points.len())).weak())
            .on_hover_text("Number of points, and how many there are of each class.");
    }

    fn network_ui(&mut self, ui: &mut egui::Ui) {
        let c = &self.state.model_config;
        let spec = c.network_spec(self.state.dataset.num_classes);
        let mut shape = vec![spec.inputs.to_string()];
        shape.extend(spec.hidden.iter().map(|h| h.to_string()));
        shape.push(spec.outputs.to_string());
        let text = format!(
            "{}, {}, {}",
            shape.join(" → "),
            c.activation.name(),
            if c.bias { "with bias" } else { "no bias" }
        );
        ui.label(RichText::new(text).monospace().size(13.5)).on_hover_text(
            "The network's shape: inputs (x, y) → hidden units → outputs, the activation of the \
             hidden layer, and whether neurons have a bias (threshold). The tutorial uses none.",
        );
        self.network_editor_ui(ui);
        if ui
            .add(
                egui::Button::new("◀ Back to the tutorial")
                    .min_size(vec2(ui.available_width(), 26.0)),
            )
            .on_hover_text(
                "Restore the tutorial: its 8 points, the 2 → 4 → 1 sigmoid network with new random \
                 weights, learning rate 0.01 and the default speed.",
            )
            .clicked()
        {
            self.back_to_tutorial();
        }
    }

    fn view_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .button("Fit to data")
                .on_hover_text(
                    "Show all points with a margin of 1 around them. (F, or double-click the canvas)",
                )
                .clicked()
            {
                self.fit_view();
            }
            if ui
                .button("Zoom in")
                .on_hover_text("Zoom in on the centre of the view. (+ or =, or scroll up)")
                .clicked()
            {
                self.zoom_view(1.0 / KEY_ZOOM, None);
            }
            if ui
                .button("Zoom out")
                .on_hover_text("Zoom out from the centre of the view. (-, or scroll down)")
                .clicked()
            {
                self.zoom_view(KEY_ZOOM, None);
            }
        });
        ui.label(
            RichText::new("Scroll or +/- to zoom · middle-drag, Space+drag or Shift+arrows to pan")
                .weak(),
        );
    }
}

/// Every keyboard shortcut and mouse gesture, in the side panel.
fn shortcuts_help_ui(ui: &mut egui::Ui) {
    let cmd = if cfg!(target_os = "macos") {
        "⌘"
    } else {
        "Ctrl+"
    };
    let rows: Vec<(String, &str)> = vec![
        ("Space".into(), "play / pause"),
        ("S or →".into(), "one step"),
        ("R".into(), "reset weights"),
        ("0 – 7".into(), "pick a class"),
        ("Click".into(), "add a point"),
        ("A".into(), "add point at cursor"),
        ("Drag".into(), "move a point"),
        ("Delete".into(), "delete hovered point"),
        ("Backspace".into(), "delete hovered point"),
        ("Right-click".into(), "delete a point"),
        (format!("{cmd}Z"), "undo"),
        (format!("{cmd}Shift+Z"), "redo"),
        (format!("{cmd}Y"), "redo"),
        (format!("{cmd}S"), "save session"),
        (format!("{cmd}Shift+S"), "save session as…"),
        (format!("{cmd}O"), "open session"),
        ("+ or =".into(), "zoom in"),
        ("-".into(), "zoom out"),
        ("Scroll".into(), "zoom at the cursor"),
        ("Shift+arrows".into(), "pan"),
        ("Middle-drag".into(), "pan"),
        ("Space+drag".into(), "pan"),
        ("F".into(), "fit the view"),
        ("Double-click".into(), "fit the view"),
        ("D".into(), "network diagram"),
        ("E".into(), "explain mode"),
        ("T".into(), "timeline"),
        ("Tab".into(), "focus the diagram"),
        ("Arrows".into(), "diagram: pick a unit"),
        ("Enter".into(), "diagram: unit map"),
        ("W".into(), "diagram: unit's weights"),
        ("] or [".into(), "explain: next/prev point"),
        ("P".into(), "explain: pin nearest"),
        ("Esc".into(), "cancel an edit"),
    ];
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .spacing(vec2(12.0, 3.0))
        .show(ui, |ui| {
            for (k, what) in rows {
                ui.label(RichText::new(k).monospace());
                ui.label(what);
                ui.end_row();
            }
        });
}

/// Learning rate with enough digits to read on a log scale.
pub(crate) fn format_lr(v: f64) -> String {
    if v >= 0.1 {
        format!("{v:.2}")
    } else if v >= 0.001 {
        format!("{v:.4}")
    } else {
        format!("{v:.1e}")
    }
}

/// 1234567 → "1.2 M", 2000 → "2000".
pub(crate) fn format_count(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2} M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.0} k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}
