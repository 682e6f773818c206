//! What the training thread hands to the UI: stats, heatmaps, loss histories, the timeline.

use super::super::command::{Confusion, HeatmapFrame, Stats, Update};
use super::super::facts::DivergeCause;
use super::train_loop::TrainLoop;
use super::{SPEED_WINDOW, adaptive_resolution, lock};
use crate::data::Bounds;
use crate::nn::{GridPrediction, GridSpec};
use crate::render::{Rgba8Image, heatmap_into};
use std::sync::Arc;
use std::time::Instant;

impl TrainLoop<'_> {
    /// Publishes whatever is due; calls `repaint` when something was.
    pub(super) fn publish(&mut self, now: Instant) {
        self.publish_if(now, false);
    }

    /// Publishes stats, a heatmap, the loss history and a changed timeline at once,
    /// whatever the pacing says (for [`Worker::flush`](super::Worker::flush)).
    pub(super) fn publish_all(&mut self, now: Instant) {
        self.publish_if(now, true);
    }

    /// Publishes what is due, or everything when `all`.
    fn publish_if(&mut self, now: Instant, all: bool) {
        let mut published = false;
        // Stats go first: whoever sees a heatmap with `applied_seq ≥ n` finds the stats of
        // the same round (computed after command `n`) already queued.
        if all || self.stats.due(now) {
            let stats = self.stats_now(now);
            self.shared.post(Update::Stats(stats));
            self.stats.done(now);
            published = true;
        }
        if all || self.heatmap.due(now) {
            self.publish_heatmap();
            self.heatmap.done(now);
            published = true;
        }
        if all || self.loss.due(now) {
            self.shared
                .post(Update::Loss(Arc::new(self.history.clone())));
            if self.inside.timeline_changed {
                *lock(&self.shared.timeline) = Some(Arc::new(self.inside.timeline.clone()));
                self.inside.timeline_changed = false;
            }
            self.loss.done(now);
            published = true;
        }
        if published {
            (self.repaint)();
        }
    }

    fn publish_heatmap(&mut self) {
        self.timeline_tick();
        let (bounds, shown) = self.view();
        let res = adaptive_resolution(shown, self.model.mlp());
        let grid = GridSpec::cell_centers(&bounds, res, res);
        let mut frame = self.spare.take().unwrap_or_else(|| HeatmapFrame {
            image: Rgba8Image::default(),
            prediction: GridPrediction::default(),
            bounds,
            step: 0,
            applied_seq: 0,
            model: Arc::new(self.model.snapshot()),
            unit_maps: None,
            unit_image: None,
        });
        // A big network is predicted on a coarser grid and interpolated to the shown one.
        let coarse = res < shown;
        let target = if coarse {
            &mut self.coarse
        } else {
            &mut frame.prediction
        };
        self.model.predict_grid(&grid, target);
        if target.probs.iter().any(|p| !p.is_finite()) {
            // Finite weights can still overflow the f32 heatmap: never show that picture;
            // keep the last good one, and stop training as for a NaN loss.
            self.spare = Some(frame);
            if self.running {
                self.diverge(DivergeCause::OutputsOverflowed);
            }
            return;
        }
        if coarse {
            let fine = GridSpec::cell_centers(&bounds, shown, shown);
            self.coarse
                .resample_into(&grid, &fine, &mut frame.prediction);
        }
        frame.model = Arc::new(self.model.snapshot());
        heatmap_into(&frame.prediction, &self.style, &mut frame.image);
        frame.bounds = bounds;
        frame.step = self.model.steps();
        frame.applied_seq = self.applied_seq;
        self.publish_inside(&mut frame, &bounds, res);
        // The frame the UI did not take comes back and is reused next time.
        self.spare = lock(&self.shared.heatmap).replace(frame);
    }

    fn stats_now(&mut self, now: Instant) -> Stats {
        let window = now.duration_since(self.speed_window_start);
        if !self.is_training() {
            self.steps_per_second = 0.0;
            self.speed_window_start = now;
            self.speed_window_steps = 0;
        } else if window >= SPEED_WINDOW {
            self.steps_per_second = self.speed_window_steps as f64 / window.as_secs_f64();
            self.speed_window_start = now;
            self.speed_window_steps = 0;
        }
        // The confusion matrices come from the same forward passes as the loss.
        let classes = self.model.classes();
        let mut confusion = [Confusion::new(classes), Confusion::new(classes)];
        let metrics = self.model.evaluate_with(|test, outputs, targets| {
            if let Some(c) = confusion.get_mut(usize::from(test)) {
                c.count(outputs, targets);
            }
        });
        let [train_confusion, test_confusion] = confusion;
        let step = self.model.steps();
        if let Some(test) = metrics.test.filter(|t| t.loss.is_finite()) {
            // The test curve gets a point whenever stats are computed (≤ 30×/s).
            let last = self.history.test_samples().last().copied();
            if last.is_none_or(|l| l.step != step || l.loss != test.loss) {
                self.history.push_test(step, test.loss);
                self.loss.dirty = true;
            }
        }
        let train = metrics.train.unwrap_or_default();
        Stats {
            step: self.model.steps(),
            loss: train.loss,
            error: train.error,
            train_accuracy: train.accuracy(),
            test_accuracy: metrics.test.map(|t| t.accuracy()),
            steps_per_second: self.steps_per_second,
            running: self.running,
            learning_rate: self.model.config().train.learning_rate,
            test_loss: metrics.test.map(|t| t.loss),
            train: self.model.config().train,
            train_confusion,
            test_confusion,
        }
    }

    /// Records a timeline entry when one is due at the current step (a compare otherwise).
    #[inline]
    pub(super) fn timeline_tick(&mut self) {
        if self.inside.timeline.wants(self.model.steps()) {
            let now = Instant::now();
            let share = crate::train::inside::InsideWork::TIMELINE_TIME_SHARE;
            let due = self
                .inside
                .last_record
                .is_none_or(|(at, cost)| now.duration_since(at) >= cost * share);
            if due {
                self.record_timeline();
                self.inside.last_record = Some((now, now.elapsed()));
            }
        }
    }

    #[cold]
    fn record_timeline(&mut self) {
        let (bounds, _) = self.view();
        let res = adaptive_resolution(crate::train::Timeline::IMAGE_SIZE, self.model.mlp());
        let grid = GridSpec::cell_centers(&bounds, res, res);
        self.model.predict_grid(&grid, &mut self.inside.pred);
        let mut image = Rgba8Image::default();
        heatmap_into(&self.inside.pred, &self.style, &mut image);
        self.inside.timeline.push(crate::train::TimelineEntry {
            step: self.model.steps(),
            model: Arc::new(self.model.snapshot()),
            image,
            bounds,
        });
        self.inside.timeline_changed = true;
    }

    /// Adds the per-unit maps and the shown unit's map to `frame`, when asked for.
    fn publish_inside(&mut self, frame: &mut HeatmapFrame, bounds: &Bounds, res: usize) {
        frame.unit_maps = match self.inside.unit_maps_res {
            Some(r) => {
                let mut maps = frame
                    .unit_maps
                    .take()
                    .and_then(|m| Arc::try_unwrap(m).ok())
                    .unwrap_or_default();
                self.model
                    .unit_maps(&GridSpec::cell_centers(bounds, r, r), &mut maps);
                Some(Arc::new(maps))
            }
            None => None,
        };
        frame.unit_image = self.inside.show_unit.and_then(|u| {
            crate::train::unit_image(&frame.model, u, bounds, res, &mut self.inside.unit_buf)
                .map(Arc::new)
        });
    }
}
