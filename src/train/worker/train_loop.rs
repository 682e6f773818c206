//! The training thread's loop: commands, training slices, divergence and stop conditions;
//! and what it publishes for the UI (stats, heatmaps, loss histories, the timeline).

use super::super::command::{Confusion, HeatmapFrame, Speed, Stats, Update};
use super::super::facts::{DivergeCause, Refusal, StopReason};
use super::super::history::LossHistory;
use super::heatmap::{HeatmapOutcome, LastInside};
use super::{
    CLOCK_CHECKS_PER_SLICE, DEFAULT_RESOLUTION, HEATMAP_INTERVAL, HEATMAP_MIN_GAP, IDLE_WAIT,
    LOSS_INTERVAL, MAX_BACKLOG_SECONDS, MAX_COMMANDS_PER_ROUND, MAX_STEPS_PER_CLOCK_CHECK, Message,
    Pending, SLICE, SNAPSHOT_INTERVAL, SPEED_WINDOW, STATS_INTERVAL, Shared, lock,
    resolution::GridSpeed,
};
use crate::data::{Bounds, Dataset};
use crate::nn::{GridPrediction, GridSpec, Model};
use crate::render::{HeatmapStyle, Rgba8Image};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// Shortest time between two wake-ups of the UI for what was published without a command
/// (≤ 66 a second; commands and flushes wake it at once).
const REPAINT_GAP: Duration = Duration::from_millis(15);

/// Prediction time a timeline image may cost (the cost model's, so it is deterministic).
const TIMELINE_BUDGET: Duration = Duration::from_millis(4);

/// Shortest time between two health checks while training (a forward pass over at most
/// 2,000 points: ~0.1 ms for the playground's network, four times a second).
const HEALTH_INTERVAL: Duration = Duration::from_millis(250);

/// Everything the training thread owns.
pub(super) struct TrainLoop<'a> {
    pub(super) shared: &'a Shared,
    pub(super) repaint: &'a dyn Fn(),
    pub(super) model: Model,
    pub(super) dataset: Dataset,
    /// Seed for weights re-drawn when the class count changes.
    pub(super) seed: u64,
    pub(super) speed: Speed,
    pub(super) running: bool,
    pub(super) history: LossHistory,
    pub(super) applied_seq: u64,
    /// The UI's view; `None` follows the data at [`DEFAULT_RESOLUTION`].
    pub(super) view: Option<(Bounds, usize)>,
    /// Finite-speed pacing: steps taken since `rate_start`.
    pub(super) rate_start: Instant,
    pub(super) rate_steps: u64,
    /// The last model seen with finite weights, and when it was taken.
    pub(super) snapshot: Model,
    pub(super) snapshot_at: Instant,
    /// Steps between clock checks, adapted to the step time.
    pub(super) clock_chunk: u64,
    /// Steps-per-second measurement.
    pub(super) speed_window_start: Instant,
    pub(super) speed_window_steps: u64,
    pub(super) steps_per_second: f64,
    pub(super) heatmap: Pending,
    pub(super) stats: Pending,
    pub(super) loss: Pending,
    /// A frame handed back by the slot (the UI had not taken it), reused for the next one.
    pub(super) spare: Option<HeatmapFrame>,
    /// A big network's prediction on the coarse grid, before interpolation.
    pub(super) coarse: GridPrediction,
    pub(super) style: HeatmapStyle,
    /// Stop condition: pause once the training loss is below this.
    pub(super) stop_max_loss: Option<f64>,
    /// Stop condition: pause once this many steps are done.
    pub(super) stop_max_steps: Option<u64>,
    /// Unit maps, the shown unit and the timeline.
    pub(super) inside: crate::train::inside::InsideWork,
    /// Manual pacing ([`super::WorkerOptions::manual`]): train only on `Advance`, publish
    /// heatmaps only for [`super::Worker::flush`].
    pub(super) manual: bool,
    /// An edit (points, view) since the last heatmap: the next one may be a quick preview.
    pub(super) preview_pending: bool,
    /// The grid predictor's measured speed and the resolution chosen from it.
    pub(super) grid_speed: GridSpeed,
    /// One or two threads for a big batch's step, as measured to be faster.
    step_threads: super::threads::StepThreads,
    /// Messages taken off the channel (compared with `Shared::sent`).
    pub(super) received: u64,
    /// One band of a heatmap predicted a few rows at a time.
    pub(super) band: GridPrediction,
    /// The diagram's maps of the last full heatmap (a preview shows them again).
    pub(super) last_inside: LastInside,
    /// When the last full heatmap was started.
    pub(super) last_full: Option<Instant>,
    /// Something was published since the UI was last woken.
    pub(super) repaint_owed: bool,
    /// When the UI was last woken, and the last command applied then.
    pub(super) last_repaint: Option<Instant>,
    pub(super) repainted_seq: u64,
    /// The health last sent, and when it was last checked.
    pub(super) health: crate::train::Health,
    pub(super) health_at: Option<Instant>,
}

impl<'a> TrainLoop<'a> {
    pub(super) fn new(
        model: Model,
        dataset: Dataset,
        seed: u64,
        speed: Speed,
        running: bool,
        shared: &'a Shared,
        repaint: &'a dyn Fn(),
    ) -> Self {
        let now = Instant::now();
        Self {
            shared,
            repaint,
            snapshot: model.clone(),
            model,
            dataset,
            seed,
            speed,
            running,
            history: LossHistory::default(),
            applied_seq: 0,
            view: None,
            rate_start: now,
            rate_steps: 0,
            snapshot_at: now,
            clock_chunk: 1,
            speed_window_start: now,
            speed_window_steps: 0,
            steps_per_second: 0.0,
            heatmap: Pending::new(HEATMAP_INTERVAL, HEATMAP_MIN_GAP, now),
            stats: Pending::new(STATS_INTERVAL, Duration::ZERO, now),
            loss: Pending::new(LOSS_INTERVAL, Duration::ZERO, now),
            spare: None,
            coarse: GridPrediction::default(),
            style: HeatmapStyle::default(),
            stop_max_loss: None,
            stop_max_steps: None,
            inside: Default::default(),
            manual: false,
            preview_pending: false,
            grid_speed: GridSpeed::default(),
            step_threads: super::threads::StepThreads::new(now),
            received: 0,
            band: GridPrediction::default(),
            last_inside: LastInside::default(),
            last_full: None,
            repaint_owed: false,
            last_repaint: None,
            repainted_seq: 0,
            health: Default::default(),
            health_at: None,
        }
    }

    /// Runs until the handle asks to stop or goes away.
    pub(super) fn run(&mut self, rx: &Receiver<Message>) {
        // The timeline starts at step 0 (a manual worker publishes no heatmap until a flush).
        self.timeline_tick();
        self.publish(Instant::now());
        loop {
            let wait = self.wait_time(Instant::now());
            let first = if wait.is_zero() {
                match rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match rx.recv_timeout(wait) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            let mut next = first;
            let mut applied = 0;
            while let Some(message) = next {
                self.received += 1;
                match message {
                    Message::Shutdown => return,
                    Message::Command(seq, cmd) => self.apply(seq, *cmd),
                    Message::Barrier(n) => {
                        self.publish_all(Instant::now());
                        self.shared.pass_barrier(n);
                    }
                }
                applied += 1;
                if applied >= MAX_COMMANDS_PER_ROUND {
                    break;
                }
                next = match rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                };
            }
            // An edit's heatmap goes out before the next slice of training, not 2 ms later.
            if applied > 0 {
                self.publish(Instant::now());
            }
            if self.is_training() && !self.manual {
                self.train_slice();
                self.check_stop();
            }
            self.publish(Instant::now());
        }
    }

    pub(super) fn is_training(&self) -> bool {
        self.running && self.model.train_len() > 0
    }

    /// How long to wait for a command before doing something else (zero: don't wait).
    fn wait_time(&mut self, now: Instant) -> Duration {
        let owed = self
            .repaint_owed
            .then(|| self.last_repaint.map(|t| t + REPAINT_GAP))
            .flatten();
        let mut deadline = [self.heatmap, self.stats, self.loss]
            .iter()
            .filter_map(Pending::deadline)
            .chain(owed)
            .min();
        if self.is_training() && !self.manual {
            match self.speed {
                Speed::Unlimited => return Duration::ZERO,
                Speed::StepsPerSecond(rate) => {
                    if self.due_steps(now, rate) > 0 {
                        return Duration::ZERO;
                    }
                    let next_step = self.rate_start
                        + Duration::from_secs_f64((self.rate_steps + 1) as f64 / rate);
                    deadline = Some(deadline.map_or(next_step, |d| d.min(next_step)));
                }
            }
        }
        deadline.map_or(IDLE_WAIT, |d| {
            d.saturating_duration_since(now).min(IDLE_WAIT)
        })
    }

    /// Steps a finite speed owes at `now` (a backlog of more than 50 ms is forgiven).
    fn due_steps(&mut self, now: Instant, rate: f64) -> u64 {
        let target = (now.duration_since(self.rate_start).as_secs_f64() * rate) as u64;
        let due = target.saturating_sub(self.rate_steps);
        let max_backlog = (rate * MAX_BACKLOG_SECONDS).max(1.0) as u64;
        if due > max_backlog {
            self.rate_steps = target - max_backlog;
            return max_backlog;
        }
        due
    }

    pub(super) fn restart_pacing(&mut self) {
        let now = Instant::now();
        self.rate_start = now;
        self.rate_steps = 0;
        self.speed_window_start = now;
        self.speed_window_steps = 0;
    }

    /// Trains for up to [`SLICE`] or the current speed's step budget.
    fn train_slice(&mut self) {
        let start = Instant::now();
        let budget = match self.speed {
            Speed::Unlimited => u64::MAX,
            Speed::StepsPerSecond(rate) => self.due_steps(start, rate),
        };
        let threads = self.step_threads.before_slice(start);
        let done = self.train_steps(budget, Some(SLICE));
        let end = Instant::now();
        self.step_threads
            .after_slice(threads, done, end.duration_since(start), end);
        self.rate_steps += done;
    }

    /// Trains exactly `steps` steps at once ([`Command::Advance`](crate::train::Command::Advance)),
    /// fewer when a stop condition or a divergence ends them; then checks the stop conditions.
    pub(super) fn advance(&mut self, steps: u64) {
        if !self.is_training() {
            return;
        }
        self.train_steps(steps, None);
        self.check_stop();
        self.loss.now = true;
    }

    /// Trains up to `budget` steps (and the step limit), for at most `slice` when given;
    /// handles divergence and finite-weight snapshots. Returns the steps done.
    fn train_steps(&mut self, mut budget: u64, slice: Option<Duration>) -> u64 {
        let start = Instant::now();
        if let Some(max) = self.stop_max_steps {
            // Stop exactly at the step limit (`check_stop` then pauses).
            budget = budget.min(max.saturating_sub(self.model.steps()));
        }
        let mut done = 0u64;
        let mut bad_loss = None;
        'slice: while done < budget {
            let chunk = self.clock_chunk.min(budget - done);
            for _ in 0..chunk {
                match self.model.step() {
                    Some(s) if s.loss.is_finite() => {
                        done += 1;
                        // The step's loss was measured before its update.
                        let step = self.model.steps() - 1;
                        let lr = self.model.config().train.rate_at(step);
                        self.history.push_rated(step, s.error, s.loss, Some(lr));
                    }
                    Some(s) => {
                        bad_loss = Some(s.loss);
                        break 'slice;
                    }
                    None => break 'slice,
                }
            }
            // Timeline snapshots are checked per chunk, not per step: a step can cost 0.2 µs.
            self.timeline_tick();
            let Some(slice) = slice else { continue };
            let elapsed = start.elapsed();
            // A waiting command (an edit) ends the slice: it shows the sooner.
            if elapsed >= slice || self.message_waiting() {
                break;
            }
            // Aim for a few clock checks per slice whatever a step costs (0.2 µs to ms).
            let per_step = elapsed.as_secs_f64() / done.max(1) as f64;
            let target = slice.as_secs_f64() / CLOCK_CHECKS_PER_SLICE;
            self.clock_chunk =
                (target / per_step.max(1e-9)).clamp(1.0, MAX_STEPS_PER_CLOCK_CHECK as f64) as u64;
        }
        self.speed_window_steps += done;
        if done > 0 {
            self.trained();
            self.check_health(start);
        }
        if let Some(loss) = bad_loss {
            self.diverge(loss_cause(loss));
        } else if done > 0 {
            if !self.model.mlp().is_finite() {
                self.diverge(DivergeCause::WeightsInfinite);
            } else if slice.is_none() || start.duration_since(self.snapshot_at) >= SNAPSHOT_INTERVAL
            {
                self.snapshot.clone_from(&self.model);
                self.snapshot_at = start;
            }
        }
        done
    }

    /// Checks training's health at most every [`HEALTH_INTERVAL`] (after every `Advance` of
    /// a manual worker), on the last [`WINDOW`](crate::nn::health::WINDOW) recorded losses.
    fn check_health(&mut self, now: Instant) {
        let due = self.manual
            || self
                .health_at
                .is_none_or(|t| now.duration_since(t) >= HEALTH_INTERVAL);
        if !due {
            return;
        }
        self.health_at = Some(now);
        use crate::nn::health::{HealthSample, HealthStats, WINDOW};
        let samples = self.history.samples();
        let recent = samples
            .get(samples.len().saturating_sub(WINDOW)..)
            .unwrap_or(&[]);
        let losses: Vec<f64> = recent.iter().map(|s| s.loss).collect();
        let sample = HealthSample::new(self.model.transform(), self.dataset.train_points());
        let stats = HealthStats::measure(
            self.model.mlp(),
            &sample,
            &losses,
            &self.model.config().train,
        );
        self.set_health(stats.health_after(&self.health));
    }

    /// Tells the UI when the health changed.
    fn set_health(&mut self, health: crate::train::Health) {
        if health != self.health {
            self.health = health;
            self.shared.post(Update::Health(health));
        }
    }

    /// Marks everything that depends on the weights for publishing.
    pub(super) fn trained(&mut self) {
        self.heatmap.dirty = true;
        self.stats.dirty = true;
        self.loss.dirty = true;
    }

    /// Restores the last finite weights, pauses and tells the UI.
    pub(super) fn diverge(&mut self, cause: DivergeCause) {
        let step = self.model.steps();
        let train = self.model.config().train;
        self.model.clone_from(&self.snapshot);
        // Keep the user's current settings (the rate they will lower) and data.
        if let Err(e) = self.model.set_train_config(train) {
            self.refuse(Refusal::SettingsLostAfterDivergence {
                detail: e.to_string(),
            });
        }
        self.load_data();
        self.inside.timeline.truncate_after(self.model.steps());
        self.inside.timeline_changed = true;
        match self.model.steps().checked_sub(1) {
            Some(last) => self.history.truncate_after(last),
            None => self.history.clear(),
        }
        self.running = false;
        self.shared.post(Update::Diverged {
            step,
            cause,
            learning_rate: train.learning_rate,
        });
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
    }

    /// Tells the UI what was refused.
    pub(super) fn refuse(&self, kind: Refusal) {
        self.shared.post(Update::Refused { kind });
    }

    /// Loads the dataset into the model (after an edit).
    pub(super) fn load_data(&mut self) {
        match self.model.set_data(&self.dataset, self.seed) {
            Ok(false) => {}
            Ok(true) => {
                self.weights_replaced();
                self.shared.post(Update::ClassesChanged {
                    classes: self.dataset.num_classes,
                });
            }
            Err(e) => self.refuse(Refusal::DataNotUsable {
                detail: e.to_string(),
            }),
        }
    }

    /// After new weights: fresh snapshot, history restarts, publish everything.
    pub(super) fn weights_replaced(&mut self) {
        self.snapshot.clone_from(&self.model);
        self.snapshot_at = Instant::now();
        self.history.clear();
        self.inside.timeline.clear();
        self.inside.timeline_changed = true;
        self.set_health(crate::train::Health::default());
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
    }

    /// Pauses training when a stop condition holds, and says why.
    pub(super) fn check_stop(&mut self) {
        if !self.running {
            return;
        }
        let step = self.model.steps();
        let reason = if let Some(max) = self.stop_max_steps.filter(|m| step >= *m) {
            StopReason::ReachedSteps { max }
        } else if let Some(max) = self.stop_max_loss {
            // Full batch: the last step's loss is the training loss; mini-batches: measure.
            let loss = match (
                self.model.config().train.batch_size,
                self.history.samples().last(),
            ) {
                (0, Some(s)) if s.step + 1 == step => s.loss,
                _ => self
                    .model
                    .evaluate()
                    .train
                    .map_or(f64::INFINITY, |t| t.loss),
            };
            if loss >= max {
                return;
            }
            StopReason::LossBelow { loss, max, step }
        } else {
            return;
        };
        self.running = false;
        self.shared.post(Update::Stopped { reason });
        self.stats.now = true;
        self.heatmap.now = true;
        self.loss.now = true;
    }

    /// The heatmap's rectangle and resolution.
    pub(super) fn view(&self) -> (Bounds, usize) {
        self.view
            .unwrap_or_else(|| (self.dataset.view_bounds(), DEFAULT_RESOLUTION))
    }
}

/// What a non-finite loss is.
pub(super) fn loss_cause(loss: f64) -> DivergeCause {
    if loss.is_nan() {
        DivergeCause::LossNaN
    } else {
        DivergeCause::LossInfinite
    }
}

// ---- publishing: what the training thread hands to the UI ----

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
        // A manual worker publishes heatmaps only for a flush, so tests see them in order.
        let heatmap_due = all || (!self.manual && (self.preview_pending || self.heatmap.due(now)));
        if heatmap_due {
            match super::heatmap::publish_heatmap(self, all) {
                HeatmapOutcome::Preview => {
                    // The full heatmap follows, paced from the last full one (a preview does
                    // not restart the gap, or a steady drag would put it off for ever).
                    self.heatmap.now = true;
                    published = true;
                }
                HeatmapOutcome::Full => {
                    self.heatmap.done(now);
                    published = true;
                }
                HeatmapOutcome::Withheld => self.heatmap.done(now),
                // A command waits: it is applied first, and the heatmap stays due.
                HeatmapOutcome::GaveWay | HeatmapOutcome::NotDue => {}
            }
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
        self.repaint_owed |= published;
        self.repaint_if_due(now, all);
    }

    /// Wakes the UI for what was published: at once after a command (an edit shows in the
    /// next frame) or a flush, otherwise at most every [`REPAINT_GAP`], so stats, loss
    /// curves and heatmaps published a few ms apart cost the UI one frame, not three.
    pub(super) fn repaint_if_due(&mut self, now: Instant, force: bool) {
        if !self.repaint_owed {
            return;
        }
        let urgent = force || self.applied_seq != self.repainted_seq;
        let due = self
            .last_repaint
            .is_none_or(|t| now.duration_since(t) >= REPAINT_GAP);
        if urgent || due {
            (self.repaint)();
            self.repaint_owed = false;
            self.last_repaint = Some(now);
            self.repainted_seq = self.applied_seq;
        }
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
        let regression = self.model.problem() == crate::data::Problem::Regression;
        let target = self.model.target_transform();
        let mut figures = crate::nn::RegressionMetrics::default();
        let metrics = self.model.evaluate_with(|test, outputs, targets| {
            if regression {
                // In the target's units, from the same pass as the loss.
                let pairs = (0..targets.nrows()).map(|i| {
                    (
                        target.to_data(targets[(i, 0)]),
                        target.to_data(outputs[(i, 0)]),
                    )
                });
                let stats = crate::nn::RegressionStats::of(pairs);
                if test {
                    figures.test = stats;
                } else {
                    figures.train = stats;
                }
            } else if let Some(c) = confusion.get_mut(usize::from(test)) {
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
            regression: regression.then_some(figures),
        }
    }

    /// Whether a message waits on the channel (without taking it off).
    pub(super) fn message_waiting(&self) -> bool {
        self.shared.sent.load(std::sync::atomic::Ordering::Acquire) > self.received
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
        // A smaller budget than the heatmap's: these are recorded on top of it.
        let res = super::fitting_resolution(
            crate::train::Timeline::IMAGE_SIZE,
            super::model_ns_per_cell(self.model.mlp()),
            TIMELINE_BUDGET,
        );
        let grid = GridSpec::cell_centers(&bounds, res, res);
        self.model.predict_grid(&grid, &mut self.inside.pred);
        let mut image = Rgba8Image::default();
        super::heatmap::paint_prediction(
            &self.model,
            &self.dataset,
            &self.style,
            &self.inside.pred,
            &mut image,
        );
        self.inside.timeline.push(crate::train::TimelineEntry {
            step: self.model.steps(),
            model: Arc::new(self.model.snapshot()),
            image,
            bounds,
        });
        self.inside.timeline_changed = true;
    }

    /// Adds the per-unit maps and the shown unit's map to `frame`, when asked for.
    pub(super) fn publish_inside(&mut self, frame: &mut HeatmapFrame, bounds: &Bounds, res: usize) {
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
        // A regression output's map is coloured as the heatmap is, on the points' scale.
        let scale =
            crate::render::ValueScale::of_values(self.dataset.points.iter().map(|p| p.value));
        frame.unit_image = self.inside.show_unit.and_then(|u| {
            crate::train::unit_image(
                &frame.model,
                u,
                bounds,
                res,
                scale,
                &mut self.inside.unit_buf,
            )
            .map(Arc::new)
        });
        // The hidden space of the same weights (or of the timeline's snapshot the view is
        // scrubbed to), over the points the model trains on.
        let scrubbed = self
            .inside
            .hidden_space_step
            .and_then(|s| self.inside.timeline.find(s))
            .map(|e| Arc::clone(&e.model));
        frame.hidden_space_step = scrubbed.as_ref().map(|m| m.step);
        frame.hidden_space = self.inside.hidden_space.and_then(|spec| {
            let model = scrubbed.as_ref().unwrap_or(&frame.model);
            self.inside
                .hidden_work
                .compute(
                    &model.mlp,
                    &model.transform,
                    &self.dataset.points,
                    bounds,
                    spec,
                )
                .map(Arc::new)
        });
    }
}
