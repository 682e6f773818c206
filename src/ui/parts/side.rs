//! The side panel: the Data, Training, Network, Metrics and View sections and the keyboard
//! shortcuts (made from the shortcut table), in one scrolling column. Play, step, reset,
//! learning rate and speed are in the transport bar, which never scrolls away.

use super::super::action::{Action, KEY_ZOOM};
use super::super::shortcuts::{self, Shortcut, key_text};
use super::super::state::PersistedState;
use super::super::worker_link::WorkerLink;
use super::data_panel::DataPanel;
use super::metrics::Metrics;
use crate::tr;
use egui::{RichText, vec2};

/// The side panel's parts.
#[derive(Debug, Default)]
pub(crate) struct SidePanel {
    /// The Data section.
    pub data: DataPanel,
    /// The Metrics section.
    pub metrics: Metrics,
}

/// A section that can be folded away (open at first), with a separator below.
/// A collapsible section; `id` keeps it open or closed across languages.
fn section_ui(
    ui: &mut egui::Ui,
    id: &str,
    title: String,
    open: bool,
    add: impl FnOnce(&mut egui::Ui),
) {
    ui.add_space(2.0);
    egui::CollapsingHeader::new(RichText::new(title).strong().size(14.5))
        .id_salt(id)
        .default_open(open)
        .show_unindented(ui, add);
    ui.separator();
}

impl SidePanel {
    /// Everything in the side panel.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &PersistedState,
        link: &WorkerLink,
        points_generation: u64,
        out: &mut Vec<Action>,
    ) {
        ui.spacing_mut().item_spacing = vec2(8.0, 6.0);
        ui.spacing_mut().slider_width = 96.0;
        let test_points = self.data.test_points(state, points_generation);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                section_ui(ui, "Data", tr!("side-data"), true, |ui| {
                    self.data.ui(ui, state, points_generation, out)
                });
                section_ui(ui, "Training", tr!("side-training"), true, |ui| {
                    super::training::training_options_ui(ui, state, out)
                });
                section_ui(ui, "Network", tr!("side-network"), true, |ui| {
                    network_ui(ui, state, out)
                });
                section_ui(ui, "Metrics", tr!("side-metrics"), true, |ui| {
                    self.metrics.ui(ui, state, link, test_points, out)
                });
                section_ui(ui, "View", tr!("side-view"), true, |ui| view_ui(ui, out));
                // Closed at first: ~40 rows laid out every frame below the fold cost the UI
                // thread ~0.5 ms a frame; every control's tooltip names its key anyway.
                egui::CollapsingHeader::new(tr!("side-shortcuts"))
                    .id_salt("Keyboard shortcuts")
                    .default_open(false)
                    .show(ui, shortcuts_help_ui)
                    .header_response
                    .on_hover_text(tr!("side-shortcuts-tip"));
            });
    }
}

/// The network's shape, the editor and "Back to the tutorial".
fn network_ui(ui: &mut egui::Ui, state: &PersistedState, out: &mut Vec<Action>) {
    let c = &state.model_config;
    let spec = c.network_spec(state.dataset.num_classes);
    let mut shape = vec![spec.inputs.to_string()];
    shape.extend(spec.hidden.iter().map(|h| h.to_string()));
    shape.push(spec.outputs.to_string());
    let shape = shape.join(" → ");
    let activation = super::network::activation_names(c);
    let text = if c.bias {
        tr!(
            "side-network-shape-bias",
            shape = shape,
            activation = activation
        )
    } else {
        tr!(
            "side-network-shape-no-bias",
            shape = shape,
            activation = activation
        )
    };
    ui.add(egui::Label::new(RichText::new(text).monospace().size(13.5)).wrap())
        .on_hover_text(tr!("side-network-shape-tip"));
    super::network::network_editor_ui(ui, state, out);
    if ui
        .add(
            egui::Button::new(tr!("side-back-to-tutorial"))
                .min_size(vec2(ui.available_width(), 26.0)),
        )
        .on_hover_text(tr!("side-back-to-tutorial-tip"))
        .clicked()
    {
        out.push(Action::BackToTutorial);
    }
}

/// Fit and zoom buttons.
fn view_ui(ui: &mut egui::Ui, out: &mut Vec<Action>) {
    let ctx = ui.ctx().clone();
    let key = |s| key_text(&ctx, s);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(tr!("side-fit"))
            .on_hover_text(tr!("side-fit-tip", key = key(Shortcut::Fit)))
            .clicked()
        {
            out.push(Action::FitView);
        }
        if ui
            .button(tr!("side-zoom-in"))
            .on_hover_text(tr!("side-zoom-in-tip", key = key(Shortcut::ZoomIn)))
            .clicked()
        {
            out.push(Action::ZoomView {
                factor: 1.0 / KEY_ZOOM,
                centre: None,
            });
        }
        if ui
            .button(tr!("side-zoom-out"))
            .on_hover_text(tr!("side-zoom-out-tip", key = key(Shortcut::ZoomOut)))
            .clicked()
        {
            out.push(Action::ZoomView {
                factor: KEY_ZOOM,
                centre: None,
            });
        }
    });
    ui.add(egui::Label::new(RichText::new(tr!("side-view-hint")).weak()).wrap());
}

/// Every keyboard shortcut and mouse gesture: the shortcut table, then the gestures.
pub(crate) fn shortcuts_help_ui(ui: &mut egui::Ui) {
    let rows = shortcuts::help_rows(ui.ctx());
    // Both columns wrap, so long key lists never push the text out of the panel.
    let key_w = (ui.available_width() * 0.42).max(60.0);
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .spacing(vec2(10.0, 3.0))
        .max_col_width(ui.available_width() - key_w - 10.0)
        .min_col_width(key_w.min(90.0))
        .show(ui, |ui| {
            for (k, what) in rows {
                ui.add(egui::Label::new(RichText::new(k).monospace()).wrap());
                ui.add(egui::Label::new(what).wrap());
                ui.end_row();
            }
        });
}
