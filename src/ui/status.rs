//! The status bar: step, loss, accuracy, speed, heatmap refreshes, and messages.

use super::app::{MessageKind, NnvizApp};
use super::controls::format_count;
use crate::format::percent;
use egui::{Color32, RichText};
use std::time::{Duration, Instant};

/// How long an info message stays in the status bar.
const INFO_TTL: Duration = Duration::from_secs(8);
/// How long a warning or error stays (a divergence stays until it is resolved).
const ERROR_TTL: Duration = Duration::from_secs(20);

fn kind_color(kind: MessageKind) -> Color32 {
    match kind {
        MessageKind::Info => Color32::from_rgb(0x1F, 0x5F, 0x99),
        MessageKind::Warning => Color32::from_rgb(0xA0, 0x5A, 0x00),
        MessageKind::Error => Color32::from_rgb(0xC0, 0x20, 0x20),
    }
}

impl NnvizApp {
    /// One line of numbers, then the latest message on the right.
    pub(crate) fn status_ui(&mut self, ui: &mut egui::Ui) {
        let now = Instant::now();
        let heatmap_hz = self.heatmap_rate.per_second(now);
        ui.horizontal(|ui| {
            let s = self.stats.unwrap_or_default();
            let value = |v: String| RichText::new(v).monospace().strong();
            ui.label("Step").on_hover_text("Training steps done since the last reset.");
            ui.label(value(format!("{}", s.step)));
            ui.separator();
            ui.label("Error").on_hover_text("The tutorial's Error: mean |y − out| over the training points.");
            ui.label(value(fmt_num(s.error)));
            ui.label("Loss").on_hover_text("The quantity the network minimises.");
            ui.label(value(fmt_num(s.loss)));
            ui.separator();
            ui.label("Accuracy").on_hover_text("Share of points the network classifies correctly: training points / held-out test points.");
            let acc = match s.test_accuracy {
                Some(t) => format!("{} / test {}", percent(s.train_accuracy, 0), percent(t, 0)),
                None => percent(s.train_accuracy, 0),
            };
            ui.label(value(acc));
            ui.separator();
            ui.label(value(format_count(s.steps_per_second)))
                .on_hover_text("Training steps per second, measured by the worker.");
            ui.label("steps/s");
            ui.label(value(format!("{heatmap_hz:.0}")))
                .on_hover_text("How many times per second the picture of the network's output is refreshed.");
            ui.label("maps/s");
            if !s.running || self.respawn_paused {
                ui.label(RichText::new("paused").italics().color(Color32::from_gray(110)));
            }

            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(msg) = &self.diverged {
                    ui.label(RichText::new(format!("Stopped: {msg}")).color(kind_color(MessageKind::Error)).strong());
                } else if self.respawn_paused {
                    ui.add(
                        egui::Label::new(
                            RichText::new(
                                "Stopped: the training thread crashed repeatedly. Your points are \
                                 kept and can be saved; press Play to try again.",
                            )
                            .color(kind_color(MessageKind::Error))
                            .strong(),
                        )
                        .truncate(),
                    );
                } else if let Some(m) = self.messages.last() {
                    let ttl = if m.kind == MessageKind::Info { INFO_TTL } else { ERROR_TTL };
                    if now.duration_since(m.at) < ttl {
                        ui.add(
                            egui::Label::new(RichText::new(&m.text).color(kind_color(m.kind)))
                                .truncate(),
                        );
                    }
                }
            });
        });
    }
}

/// A loss value readable at every magnitude.
pub(crate) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        format!("{v}")
    } else if v == 0.0 {
        "0".to_owned()
    } else if v.abs() >= 0.001 {
        format!("{v:.4}")
    } else {
        format!("{v:.2e}")
    }
}
