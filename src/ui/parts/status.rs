//! The status bar: step, error, loss, accuracy, speeds, and the latest message, which is
//! cut short (full text on hover) rather than printed over the counters.

use super::super::format::{fmt_num, format_count, percent};
use super::super::state::PersistedState;
use super::super::worker_link::WorkerLink;
use crate::tr;
use egui::{Color32, RichText};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How long an info message stays in the status bar.
const INFO_TTL: Duration = Duration::from_secs(8);
/// How long a warning or error stays (a divergence stays until it is resolved).
const ERROR_TTL: Duration = Duration::from_secs(20);
/// Messages kept (the newest).
const MAX_MESSAGES: usize = 50;

pub use super::super::message::{Message, MessageKind};

/// Counts events in the last second.
#[derive(Debug, Default)]
pub(crate) struct RateCounter {
    times: VecDeque<Instant>,
}

impl RateCounter {
    /// Notes one event now.
    pub(crate) fn hit(&mut self, now: Instant) {
        self.times.push_back(now);
        self.trim(now);
    }

    /// Events within the last second.
    pub(crate) fn per_second(&mut self, now: Instant) -> f64 {
        self.trim(now);
        self.times.len() as f64
    }

    fn trim(&mut self, now: Instant) {
        while let Some(&t) = self.times.front() {
            if now.duration_since(t) > Duration::from_secs(1) {
                self.times.pop_front();
            } else {
                break;
            }
        }
    }
}

/// The status bar's state: the messages and the heatmap rate.
#[derive(Debug, Default)]
pub(crate) struct StatusBar {
    messages: Vec<Message>,
    heatmap_rate: RateCounter,
    seen_heatmap: u64,
}

fn kind_color(kind: MessageKind) -> Color32 {
    match kind {
        MessageKind::Info => Color32::from_rgb(0x1F, 0x5F, 0x99),
        MessageKind::Warning => Color32::from_rgb(0xA0, 0x5A, 0x00),
        MessageKind::Error => Color32::from_rgb(0xC0, 0x20, 0x20),
    }
}

impl StatusBar {
    /// Posts a message.
    pub fn post(&mut self, kind: MessageKind, text: impl Into<String>) {
        self.messages.push(Message {
            kind,
            text: text.into(),
            at: Instant::now(),
        });
        if self.messages.len() > MAX_MESSAGES {
            self.messages.remove(0);
        }
    }

    /// All messages kept (newest last).
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Whether the newest message is still shown (the bar wakes up to remove it).
    pub fn has_fresh_message(&self) -> bool {
        self.messages
            .last()
            .is_some_and(|m| m.at.elapsed() < ERROR_TTL)
    }

    /// The message to show now, if any: a divergence or a crash stop first, else the newest
    /// message while it is fresh.
    fn shown(&self, link: &WorkerLink, now: Instant) -> Option<(MessageKind, String)> {
        if let Some(msg) = &link.diverged {
            return Some((
                MessageKind::Error,
                tr!("status-stopped", reason = msg.as_str()),
            ));
        }
        if link.respawn_paused {
            return Some((MessageKind::Error, tr!("status-crashed-repeatedly")));
        }
        let m = self.messages.last()?;
        let ttl = if m.kind == MessageKind::Info {
            INFO_TTL
        } else {
            ERROR_TTL
        };
        (now.duration_since(m.at) < ttl).then(|| (m.kind, m.text.clone()))
    }

    /// One line: the numbers on the left (never covered), the message in what is left.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &PersistedState, link: &WorkerLink) {
        let now = Instant::now();
        if link.heatmap_generation != self.seen_heatmap {
            self.seen_heatmap = link.heatmap_generation;
            self.heatmap_rate.hit(now);
        }
        let heatmap_hz = self.heatmap_rate.per_second(now);
        let has_points = state.dataset.points.iter().any(|p| !p.test);
        ui.horizontal(|ui| {
            let s = link.stats.unwrap_or_default();
            let value = |v: String| RichText::new(v).monospace().strong();
            let dash = || "—".to_owned();
            ui.label(tr!("status-error"))
                .on_hover_text(tr!("status-error-tip"));
            ui.label(value(if has_points { fmt_num(s.error) } else { dash() }));
            ui.label(tr!("status-loss"))
                .on_hover_text(tr!("status-loss-tip"));
            ui.label(value(if has_points { fmt_num(s.loss) } else { dash() }));
            ui.separator();
            if let Some(r) = s.regression {
                // Regression has no accuracy: R² (1 = every value predicted) in its place.
                ui.label(tr!("status-r2"))
                    .on_hover_text(tr!("status-r2-tip"));
                let r2 = |st: Option<crate::nn::RegressionStats>| {
                    st.map_or_else(dash, |st| format!("{:.3}", st.r2))
                };
                let text = match (has_points, r.test) {
                    (false, _) => dash(),
                    (true, Some(_)) => tr!(
                        "status-accuracy-train-test",
                        train = r2(r.train),
                        test = r2(r.test)
                    ),
                    (true, None) => r2(r.train),
                };
                ui.label(value(text));
            } else {
                ui.label(tr!("status-accuracy"))
                    .on_hover_text(tr!("status-accuracy-tip"));
                let acc = match (has_points, s.test_accuracy) {
                    (false, _) => dash(),
                    (true, Some(t)) => {
                        tr!(
                            "status-accuracy-train-test",
                            train = percent(s.train_accuracy, 0),
                            test = percent(t, 0)
                        )
                    }
                    (true, None) => percent(s.train_accuracy, 0),
                };
                ui.label(value(acc));
            }
            ui.separator();
            ui.label(value(format_count(s.steps_per_second)))
                .on_hover_text(tr!("status-steps-per-second-tip"));
            ui.label(tr!("status-steps-per-second"));
            ui.label(value(format!("{heatmap_hz:.0}")))
                .on_hover_text(tr!("status-maps-per-second-tip"));
            ui.label(tr!("status-maps-per-second"));
            ui.separator();
            // The message takes what is left and is cut short there.
            if let Some((kind, text)) = self.shown(link, now) {
                let strong = link.diverged.is_some() || link.respawn_paused;
                let mut rich = RichText::new(&text).color(kind_color(kind));
                if strong {
                    rich = rich.strong();
                }
                ui.add(egui::Label::new(rich).truncate())
                    .on_hover_text(text);
            }
        });
    }
}
