//! The timeline bar (`T`): scrub back through snapshots the worker took while training
//! (see [`Timeline`] for how many and how much memory), see the boundary and the weights
//! as they were, and resume training from any of them.

use super::super::action::Action;
use super::super::theme::upload_rgba;
use super::super::worker_link::WorkerLink;
use crate::tr;
use crate::train::{Timeline, TimelineEntry};
use egui::RichText;
use std::sync::Arc;

/// The timeline bar's state.
#[derive(Default)]
pub(crate) struct TimelineBar {
    /// The bar is visible (`T`).
    pub open: bool,
    /// Step being looked at (`None`: live).
    pub scrub: Option<u64>,
    /// Texture of the scrubbed snapshot's heatmap, and its step.
    pub texture: Option<egui::TextureHandle>,
    pub texture_step: Option<u64>,
}

impl TimelineBar {
    /// Shows or hides the bar (hiding it goes back to live).
    pub(crate) fn toggle(&mut self) {
        self.open = !self.open;
        if !self.open {
            self.scrub = None;
        }
    }

    /// The timeline entry being looked at.
    pub(crate) fn entry<'a>(&self, link: &'a WorkerLink) -> Option<&'a Arc<TimelineEntry>> {
        link.timeline.as_ref()?.find(self.scrub?)
    }

    /// Keeps the scrubbed step valid and its heatmap texture up to date.
    pub(crate) fn frame(&mut self, ctx: &egui::Context, link: &WorkerLink) {
        let Some(step) = self.scrub else {
            return;
        };
        let Some(t) = link.timeline.clone() else {
            self.scrub = None;
            return;
        };
        if t.find(step).is_none() {
            // The entry was dropped (compaction or a restore): look at the nearest one.
            self.scrub = t
                .nearest(step)
                .and_then(|i| t.entries().get(i))
                .map(|e| e.step);
        }
        let Some(e) = self.entry(link).cloned() else {
            return;
        };
        if self.texture_step == Some(e.step) {
            return;
        }
        if upload_rgba(ctx, &mut self.texture, "nnviz-timeline", &e.image) {
            self.texture_step = Some(e.step);
        }
    }

    /// Slider over the snapshots (right end = live), the step, "Resume from here", "Live".
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        link: &WorkerLink,
        running: bool,
        out: &mut Vec<Action>,
    ) {
        let Some(t) = link.timeline.clone() else {
            ui.label(RichText::new(tr!("timeline-empty")).weak());
            return;
        };
        let n = t.len();
        let live = n;
        let mut idx = self.scrub.and_then(|s| t.nearest(s)).unwrap_or(live);
        ui.horizontal_centered(|ui| {
            let label = match t.entries().get(idx) {
                Some(e) => {
                    let step = e.step;
                    tr!("timeline-step", step = step)
                }
                None => tr!("timeline-live-label"),
            };
            ui.label(RichText::new(format!("{label:>12}")).monospace());
            ui.spacing_mut().slider_width = (ui.available_width() - 330.0).max(120.0);
            let resp = ui
                .add(
                    egui::Slider::new(&mut idx, 0..=live)
                        .show_value(false)
                        .text(tr!("timeline-slider")),
                )
                .on_hover_text(tr!("timeline-slider-tip"));
            if resp.changed() {
                let step = t.entries().get(idx).map(|e| e.step);
                // Looking back pauses training, so the timeline holds still.
                if step.is_some() && running {
                    out.push(Action::SetRunning(false));
                }
                self.scrub = step;
            }
            let scrubbing = self.scrub.is_some();
            let resume = ui
                .add_enabled(scrubbing, egui::Button::new(tr!("timeline-resume")))
                .on_hover_text(tr!("timeline-resume-tip"))
                .clicked();
            if resume && let Some(step) = self.entry(link).map(|e| e.step) {
                out.push(Action::RestoreSnapshot { step });
            }
            if ui
                .add_enabled(scrubbing, egui::Button::new(tr!("timeline-live")))
                .on_hover_text(tr!("timeline-live-tip"))
                .clicked()
            {
                self.scrub = None;
            }
            ui.label(
                RichText::new({
                    let stride = t.stride();
                    tr!("timeline-snapshots", count = n, stride = stride)
                })
                .weak()
                .size(11.0),
            )
            .on_hover_text({
                let (max, megabytes) = (Timeline::MAX_ENTRIES, Timeline::MAX_BYTES >> 20);
                tr!("timeline-snapshots-tip", max = max, megabytes = megabytes)
            });
        });
    }
}
