//! The training-health banner over the top edge of the canvas (where the user looks while
//! training): what the worker found wrong ([`Health`]) in the user's words with its numbers,
//! and buttons for the suggested action.

use super::super::action::Action;
use super::super::state::PersistedState;
use super::super::worker_link::WorkerLink;
use crate::nn::health::suggested_rate;
use crate::tr;
use crate::train::Health;
use egui::RichText;

/// The banner's own state: the health the user dismissed (shown again once it changes).
#[derive(Debug, Default)]
pub(crate) struct HealthBanner {
    dismissed: Option<Health>,
    /// The health being drawn this frame.
    shown: Health,
}

impl HealthBanner {
    /// Draws the banner across the top of `canvas` when the worker reports a condition the
    /// user has not dismissed.
    pub(crate) fn banner_ui(
        &mut self,
        ctx: &egui::Context,
        canvas: egui::Rect,
        state: &PersistedState,
        link: &WorkerLink,
        out: &mut Vec<Action>,
    ) {
        let health = link.health;
        if health.is_healthy() {
            self.dismissed = None;
            return;
        }
        if self.dismissed == Some(health) {
            return;
        }
        self.shown = health;
        let rate = state.learning_rate();
        let lower = suggested_rate(&state.model_config.train);
        let (rate_text, lower_text) = (rate_text(rate), rate_text(lower));
        let margin = 8.0;
        let width = (canvas.width() - 2.0 * margin).clamp(120.0, 560.0);
        let left = canvas.center().x - width / 2.0;
        egui::Area::new(egui::Id::unique("nnviz-health-banner"))
            .order(egui::Order::Foreground)
            .fixed_pos(egui::pos2(left, canvas.top() + margin))
            .show(ctx, |ui| {
                self.frame_ui(ui, width, &rate_text, &lower_text, lower, out)
            });
    }

    /// The banner's frame, words and buttons.
    fn frame_ui(
        &mut self,
        ui: &mut egui::Ui,
        width: f32,
        rate_text: &str,
        lower_text: &str,
        lower: f64,
        out: &mut Vec<Action>,
    ) {
        let health = self.shown;
        let warn = ui.visuals().warn_fg_color;
        egui::Frame::popup(ui.style())
            .stroke(egui::Stroke::new(1.0, warn))
            .show(ui, |ui| {
                ui.set_width(width);
                ui.label(RichText::new(tr!("health-title")).strong().color(warn))
                    .on_hover_text(tr!("health-title-tip"));
                let wrapped = |ui: &mut egui::Ui, text: String| {
                    ui.add(egui::Label::new(text).wrap());
                };
                if let Some(u) = health.saturated {
                    wrapped(ui, tr!("health-saturated", units = u.units, of = u.of));
                }
                if let Some(u) = health.dead_relu {
                    wrapped(ui, tr!("health-dead", units = u.units, of = u.of));
                }
                if health.oscillating {
                    wrapped(ui, tr!("health-oscillating", rate = rate_text));
                }
                ui.horizontal_wrapped(|ui| {
                    // A stuck or dead net needs new weights (a lower rate alone cannot free
                    // it); an oscillating one goes on from where it is at a lower rate.
                    if health.saturated.is_some() || health.dead_relu.is_some() {
                        if ui
                            .button(tr!("health-reset-lower", rate = lower_text))
                            .on_hover_text(tr!("health-reset-lower-tip", rate = lower_text))
                            .clicked()
                        {
                            out.push(Action::SetLearningRate(lower));
                            out.push(Action::ResetWeights);
                        }
                        if ui
                            .button(tr!("health-reset"))
                            .on_hover_text(tr!("health-reset-tip"))
                            .clicked()
                        {
                            out.push(Action::ResetWeights);
                        }
                    }
                    if health.oscillating
                        && ui
                            .button(tr!("health-lower-rate", rate = lower_text))
                            .on_hover_text(tr!("health-lower-rate-tip", rate = lower_text))
                            .clicked()
                    {
                        out.push(Action::SetLearningRate(lower));
                    }
                    if ui
                        .button(tr!("health-dismiss"))
                        .on_hover_text(tr!("health-dismiss-tip"))
                        .clicked()
                    {
                        self.dismissed = Some(health);
                    }
                });
            });
    }
}

/// A learning rate as the user typed it: `1`, `0.2`, `0.005`.
fn rate_text(rate: f64) -> String {
    format!("{rate}")
}
