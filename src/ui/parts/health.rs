//! The training-health banner at the top of the side panel: what the worker found wrong
//! ([`Health`]) in the user's words with its numbers, and buttons for the suggested action.

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
}

impl HealthBanner {
    /// Draws the banner when the worker reports a condition the user has not dismissed.
    pub(crate) fn banner_ui(
        &mut self,
        ui: &mut egui::Ui,
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
        let rate = state.learning_rate();
        let lower = suggested_rate(&state.model_config.train);
        let (rate_text, lower_text) = (rate_text(rate), rate_text(lower));
        let warn = ui.visuals().warn_fg_color;
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, warn))
            .fill(warn.gamma_multiply(0.08))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
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
                    wrapped(ui, tr!("health-oscillating", rate = rate_text.as_str()));
                }
                ui.horizontal_wrapped(|ui| {
                    // A stuck or dead net needs new weights (a lower rate alone cannot free
                    // it); an oscillating one goes on from where it is at a lower rate.
                    if health.saturated.is_some() || health.dead_relu.is_some() {
                        if ui
                            .button(tr!("health-reset-lower", rate = lower_text.as_str()))
                            .on_hover_text(tr!(
                                "health-reset-lower-tip",
                                rate = lower_text.as_str()
                            ))
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
                            .button(tr!("health-lower-rate", rate = lower_text.as_str()))
                            .on_hover_text(tr!("health-lower-rate-tip", rate = lower_text.as_str()))
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
        ui.add_space(4.0);
    }
}

/// A learning rate as the user typed it: `1`, `0.2`, `0.005`.
fn rate_text(rate: f64) -> String {
    format!("{rate}")
}
