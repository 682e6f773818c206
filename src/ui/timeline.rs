//! The timeline bar (`T`): scrub back through snapshots the worker took while training
//! (see [`Timeline`] for how many and how much memory), see the boundary and the weights
//! as they were, and resume training from any of them.

use super::app::{MessageKind, NnvizApp};
use crate::train::{Command, Timeline, TimelineEntry};
use egui::RichText;
use std::sync::Arc;

impl NnvizApp {
    /// Shows or hides the timeline bar (hiding it goes back to live).
    pub(crate) fn toggle_timeline(&mut self) {
        self.inside.timeline_open = !self.inside.timeline_open;
        if !self.inside.timeline_open {
            self.inside.scrub = None;
        }
    }

    /// The snapshots the worker kept.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.inside.timeline.as_deref()
    }

    /// The step of what the canvas shows: the scrubbed snapshot's, or the latest heatmap's.
    pub fn canvas_step(&self) -> Option<u64> {
        match self.scrub_entry() {
            Some(e) => Some(e.step),
            None => self.heatmap.as_ref().map(|f| f.step),
        }
    }

    /// The timeline entry being looked at.
    pub(crate) fn scrub_entry(&self) -> Option<&Arc<TimelineEntry>> {
        self.inside.timeline.as_ref()?.find(self.inside.scrub?)
    }

    /// Looks at the snapshot of `step` (`None`: live). Pauses training, so the timeline
    /// holds still while you look.
    pub fn scrub_to(&mut self, step: Option<u64>) {
        if step.is_some() && self.state.running {
            self.set_running(false);
        }
        self.inside.scrub = step;
    }

    /// Goes back to the scrubbed snapshot's weights and trains on from there.
    pub fn resume_from_scrub(&mut self) {
        let Some(step) = self.scrub_entry().map(|e| e.step) else {
            return;
        };
        self.send(Command::RestoreSnapshot { step });
        self.inside.scrub = None;
        self.loss = None;
        self.post(
            MessageKind::Info,
            format!("Went back to step {step}; training goes on from there."),
        );
        self.set_running(true);
    }

    /// Keeps the scrubbed step valid and its heatmap texture up to date.
    pub(crate) fn timeline_frame(&mut self, ctx: &egui::Context) {
        let Some(step) = self.inside.scrub else {
            return;
        };
        let Some(t) = self.inside.timeline.clone() else {
            self.inside.scrub = None;
            return;
        };
        if t.find(step).is_none() {
            // The entry was dropped (compaction or a restore): look at the nearest one.
            self.inside.scrub = t
                .nearest(step)
                .and_then(|i| t.entries().get(i))
                .map(|e| e.step);
        }
        let Some(e) = self.scrub_entry().cloned() else {
            return;
        };
        if self.inside.scrub_texture.as_ref().map(|(s, _)| *s) == Some(e.step) {
            return;
        }
        let im = &e.image;
        if im.width == 0 || im.pixels.len() != im.width * im.height * 4 {
            return;
        }
        let color = egui::ColorImage::from_rgba_unmultiplied([im.width, im.height], &im.pixels);
        let options = egui::TextureOptions::LINEAR;
        match &mut self.inside.scrub_texture {
            Some((s, tex)) => {
                tex.set(color, options);
                *s = e.step;
            }
            None => {
                self.inside.scrub_texture =
                    Some((e.step, ctx.load_texture("nnviz-timeline", color, options)));
            }
        }
    }

    /// Slider over the snapshots (right end = live), the step, "Resume from here", "Live".
    pub(crate) fn timeline_bar_ui(&mut self, ui: &mut egui::Ui) {
        let Some(t) = self.inside.timeline.clone() else {
            ui.label(RichText::new("The timeline fills as the network trains.").weak());
            return;
        };
        let n = t.len();
        let live = n;
        let mut idx = self.inside.scrub.and_then(|s| t.nearest(s)).unwrap_or(live);
        ui.horizontal_centered(|ui| {
            let label = match t.entries().get(idx) {
                Some(e) => format!("step {}", e.step),
                None => "live".to_owned(),
            };
            ui.label(RichText::new(format!("{label:>12}")).monospace());
            ui.spacing_mut().slider_width = (ui.available_width() - 330.0).max(120.0);
            let resp = ui
                .add(
                    egui::Slider::new(&mut idx, 0..=live)
                        .show_value(false)
                        .text("Timeline"),
                )
                .on_hover_text(
                    "Drag left to see how the boundary and the weights looked earlier in \
                     training (training pauses). The right end is now.",
                );
            if resp.changed() {
                let step = t.entries().get(idx).map(|e| e.step);
                self.scrub_to(step);
            }
            let scrubbing = self.inside.scrub.is_some();
            if ui
                .add_enabled(scrubbing, egui::Button::new("▶ Resume from here"))
                .on_hover_text(
                    "Go back to these weights and train on from this step (later steps are \
                     forgotten).",
                )
                .clicked()
            {
                self.resume_from_scrub();
            }
            if ui
                .add_enabled(scrubbing, egui::Button::new("Live"))
                .on_hover_text("Show the network as it is now.")
                .clicked()
            {
                self.inside.scrub = None;
            }
            ui.label(
                RichText::new(format!("{n} snapshots, every {} steps", t.stride()))
                    .weak()
                    .size(11.0),
            )
            .on_hover_text(format!(
                "The worker keeps at most {} snapshots ({} MB): when full it drops every \
                 other one and snapshots half as often.",
                Timeline::MAX_ENTRIES,
                Timeline::MAX_BYTES >> 20
            ));
        });
    }
}
