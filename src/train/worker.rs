//! [`Worker`]: the handle, and the loop that runs on the `nnviz-train` thread.

use super::command::{Command, Confusion, HeatmapFrame, STOPPED_PREFIX, Speed, Stats, Update};
use super::history::LossHistory;
use crate::data::{Bounds, Dataset};
use crate::nn::{GridPrediction, GridSpec, Model, ModelConfig};
use crate::render::{HeatmapStyle, Rgba8Image, heatmap_into};
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Name of the training thread.
pub const THREAD_NAME: &str = "nnviz-train";
/// Heatmap resolution (cells per side) until the UI sends a view.
pub const DEFAULT_RESOLUTION: usize = 200;
/// Allowed heatmap resolutions.
pub const RESOLUTION_RANGE: std::ops::RangeInclusive<usize> = 16..=512;

/// Longest stretch of training between looks at the command queue.
const SLICE: Duration = Duration::from_millis(2);
/// Steps between looks at the clock (a clock read costs more than a tiny step).
const MAX_STEPS_PER_CLOCK_CHECK: u64 = 256;
/// Clock checks aimed for per slice: a slow (big) network checks after every step or two.
const CLOCK_CHECKS_PER_SLICE: f64 = 8.0;
/// Shortest time between heatmaps while training (edits publish at once).
const HEATMAP_INTERVAL: Duration = Duration::from_micros(16_667);
/// Shortest time between two heatmaps, also after edits (at most ~120 heatmaps a second).
const HEATMAP_MIN_GAP: Duration = Duration::from_millis(8);
/// Shortest time between stats while training (≤ 30 per second).
const STATS_INTERVAL: Duration = Duration::from_micros(33_334);
/// Shortest time between loss histories (≤ 20 per second).
const LOSS_INTERVAL: Duration = Duration::from_millis(50);
/// Training time between snapshots of finite weights (restored on divergence).
const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(100);
/// How often the steps-per-second figure is refreshed.
const SPEED_WINDOW: Duration = Duration::from_millis(200);
/// Longest sleep with nothing to do (the thread wakes at once for a command anyway).
const IDLE_WAIT: Duration = Duration::from_millis(100);
/// Most steps a finite speed catches up after falling behind, in seconds of its rate.
const MAX_BACKLOG_SECONDS: f64 = 0.05;
/// Most commands applied before training gets a slice again.
const MAX_COMMANDS_PER_ROUND: usize = 4096;
/// Most updates kept for a UI that does not read them (only stats and losses coalesce).
const MAX_QUEUED_UPDATES: usize = 256;

/// Multiply-adds one heatmap may cost: about 4 ms at ~29 multiply-adds per ns (the `f32`
/// grid predictor on one core with AVX2 + FMA: the 8 × 64 network measured ~1 µs per cell for
/// its ~29 k multiply-adds). Smaller layers run slower per multiply-add, so this errs fine.
const HEATMAP_BUDGET_MADDS: f64 = 4.0e6 * 29.0;
/// Fewest heatmap cells per side, however big the network (linear filtering hides it).
const MIN_ADAPTIVE_RESOLUTION: usize = 48;

/// The heatmap resolution for `mlp`: `min(requested, sqrt(budget / cost per cell))`, never
/// below [`MIN_ADAPTIVE_RESOLUTION`] (nor above `requested`). A cell costs Σ inputs × units
/// over the layers, so big networks get a coarser map and leave time for training and the UI.
pub fn adaptive_resolution(requested: usize, mlp: &crate::nn::Mlp) -> usize {
    let madds: usize = mlp.layers.iter().map(|l| l.inputs() * l.units()).sum();
    let cap = (HEATMAP_BUDGET_MADDS / madds.max(1) as f64).sqrt() as usize;
    requested.min(cap.max(MIN_ADAPTIVE_RESOLUTION))
}

/// What the handle sends to the thread.
enum Message {
    Command(u64, Command),
    Shutdown,
}

/// State shared by the handle and the thread.
struct Shared {
    /// Updates not yet read; a newer `Stats` or `Loss` replaces an unread one.
    updates: Mutex<VecDeque<Update>>,
    /// The latest heatmap (latest wins).
    heatmap: Mutex<Option<HeatmapFrame>>,
    /// The latest timeline, when it changed (latest wins).
    timeline: Mutex<Option<Arc<super::Timeline>>>,
    /// `false` once the thread has ended.
    alive: AtomicBool,
}

/// Locks `m`, ignoring poisoning: every critical section is a plain swap or push.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn post(&self, update: Update) {
        let mut queue = lock(&self.updates);
        match &update {
            Update::Stats(_) => queue.retain(|u| !matches!(u, Update::Stats(_))),
            Update::Loss(_) => queue.retain(|u| !matches!(u, Update::Loss(_))),
            _ => {
                if queue.len() >= MAX_QUEUED_UPDATES
                    && let Some(i) = queue.iter().position(|u| matches!(u, Update::Info(_)))
                {
                    queue.remove(i);
                }
            }
        }
        queue.push_back(update);
    }
}

/// Owns the worker thread. Dropping it stops and joins the thread promptly.
pub struct Worker {
    tx: Sender<Message>,
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
    next_seq: u64,
}

impl Worker {
    /// Starts thread "nnviz-train" training a model of `config` (weights from `seed`) on
    /// `dataset` at `speed`, running or paused. `repaint` is called after every publish
    /// (the app passes `move || ctx.request_repaint()`, tests a no-op).
    ///
    /// Fails with [`std::io::ErrorKind::InvalidInput`] when `config` is invalid, or with the
    /// error of spawning the thread.
    pub fn spawn(
        dataset: Dataset,
        config: ModelConfig,
        seed: u64,
        speed: Speed,
        running: bool,
        repaint: impl Fn() + Send + 'static,
    ) -> std::io::Result<Worker> {
        let model = Model::new(config, &dataset, seed)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            updates: Mutex::new(VecDeque::new()),
            heatmap: Mutex::new(None),
            timeline: Mutex::new(None),
            alive: AtomicBool::new(true),
        });
        let thread_shared = Arc::clone(&shared);
        let speed = speed.clamped().unwrap_or(Speed::StepsPerSecond(1000.0));
        let handle = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                lower_thread_priority();
                let repaint: Box<dyn Fn() + Send> = Box::new(repaint);
                let shared = thread_shared;
                let result = catch_unwind(AssertUnwindSafe(|| {
                    let mut state =
                        TrainLoop::new(model, dataset, seed, speed, running, &shared, &*repaint);
                    state.run(&rx);
                }));
                if let Err(payload) = result {
                    shared.post(Update::Crashed(panic_message(payload.as_ref())));
                }
                shared.alive.store(false, Ordering::Release);
                repaint();
            })?;
        Ok(Worker {
            tx,
            shared,
            handle: Some(handle),
            next_seq: 0,
        })
    }

    /// Queues `cmd` and returns its sequence number (1, 2, 3…); never blocks.
    pub fn send(&mut self, cmd: Command) -> u64 {
        self.next_seq += 1;
        // A dead thread drops the command; the UI learns it from `is_alive`/`Crashed`.
        let _ = self.tx.send(Message::Command(self.next_seq, cmd));
        self.next_seq
    }

    /// The oldest unread update; never blocks.
    pub fn try_recv(&self) -> Option<Update> {
        lock(&self.shared.updates).pop_front()
    }

    /// Takes the newest heatmap, if one arrived since the last call.
    pub fn take_heatmap(&self) -> Option<HeatmapFrame> {
        lock(&self.shared.heatmap).take()
    }

    /// Takes the newest [`Timeline`](super::Timeline) of snapshots, if it changed since the
    /// last call (handed over ≤ 20×/s).
    pub fn take_timeline(&self) -> Option<Arc<super::Timeline>> {
        lock(&self.shared.timeline).take()
    }

    /// `false` once the thread has ended (after a crash).
    pub fn is_alive(&self) -> bool {
        self.shared.alive.load(Ordering::Acquire)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.tx.send(Message::Shutdown);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("next_seq", &self.next_seq)
            .field("alive", &self.is_alive())
            .finish_non_exhaustive()
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "the training thread panicked".to_owned()
    }
}

/// A publish that is wanted: `now` as soon as `min_gap` has passed since the last one,
/// `dirty` at the next interval.
#[derive(Clone, Copy, Debug)]
struct Pending {
    dirty: bool,
    now: bool,
    last: Instant,
    interval: Duration,
    /// Shortest time between two publishes, even when one is wanted at once: a drag sends a
    /// command every frame, and a heatmap for each on top of the timed ones would take the
    /// training thread's time from training.
    min_gap: Duration,
}

impl Pending {
    fn new(interval: Duration, min_gap: Duration, at: Instant) -> Self {
        Self {
            dirty: true,
            now: true,
            // Due at once: the first heatmap shows the untrained network at step 0.
            last: at.checked_sub(min_gap).unwrap_or(at),
            interval,
            min_gap,
        }
    }

    fn due(&self, at: Instant) -> bool {
        let since = at.duration_since(self.last);
        (self.now && since >= self.min_gap) || (self.dirty && since >= self.interval)
    }

    fn deadline(&self) -> Option<Instant> {
        if self.now {
            Some(self.last + self.min_gap)
        } else {
            self.dirty.then(|| self.last + self.interval)
        }
    }

    fn done(&mut self, at: Instant) {
        self.dirty = false;
        self.now = false;
        self.last = at;
    }
}

/// Everything the training thread owns.
struct TrainLoop<'a> {
    shared: &'a Shared,
    repaint: &'a dyn Fn(),
    model: Model,
    dataset: Dataset,
    /// Seed for weights re-drawn when the class count changes.
    seed: u64,
    speed: Speed,
    running: bool,
    history: LossHistory,
    applied_seq: u64,
    /// The UI's view; `None` follows the data at [`DEFAULT_RESOLUTION`].
    view: Option<(Bounds, usize)>,
    /// Finite-speed pacing: steps taken since `rate_start`.
    rate_start: Instant,
    rate_steps: u64,
    /// The last model seen with finite weights, and when it was taken.
    snapshot: Model,
    snapshot_at: Instant,
    /// Steps between clock checks, adapted to the step time.
    clock_chunk: u64,
    /// Steps-per-second measurement.
    speed_window_start: Instant,
    speed_window_steps: u64,
    steps_per_second: f64,
    heatmap: Pending,
    stats: Pending,
    loss: Pending,
    /// A frame handed back by the slot (the UI had not taken it), reused for the next one.
    spare: Option<HeatmapFrame>,
    /// A big network's prediction on the coarse grid, before interpolation.
    coarse: GridPrediction,
    style: HeatmapStyle,
    /// Stop condition: pause once the training loss is below this.
    stop_max_loss: Option<f64>,
    /// Stop condition: pause once this many steps are done.
    stop_max_steps: Option<u64>,
    /// Unit maps, the shown unit and the timeline.
    inside: super::inside::InsideWork,
}

impl<'a> TrainLoop<'a> {
    fn new(
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
        }
    }

    /// Runs until the handle asks to stop or goes away.
    fn run(&mut self, rx: &Receiver<Message>) {
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
                match message {
                    Message::Shutdown => return,
                    Message::Command(seq, cmd) => self.apply(seq, cmd),
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
            if self.is_training() {
                self.train_slice();
                self.check_stop();
            }
            self.publish(Instant::now());
        }
    }

    fn is_training(&self) -> bool {
        self.running && self.model.train_len() > 0
    }

    /// How long to wait for a command before doing something else (zero: don't wait).
    fn wait_time(&mut self, now: Instant) -> Duration {
        let mut deadline = [self.heatmap, self.stats, self.loss]
            .iter()
            .filter_map(Pending::deadline)
            .min();
        if self.is_training() {
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

    fn restart_pacing(&mut self) {
        let now = Instant::now();
        self.rate_start = now;
        self.rate_steps = 0;
        self.speed_window_start = now;
        self.speed_window_steps = 0;
    }

    /// Trains for up to [`SLICE`] or the current speed's step budget.
    fn train_slice(&mut self) {
        let start = Instant::now();
        let mut budget = match self.speed {
            Speed::Unlimited => u64::MAX,
            Speed::StepsPerSecond(rate) => self.due_steps(start, rate),
        };
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
                        self.history.push(self.model.steps() - 1, s.error, s.loss);
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
            let elapsed = start.elapsed();
            if elapsed >= SLICE {
                break;
            }
            // Aim for a few clock checks per slice whatever a step costs (0.2 µs to ms).
            let per_step = elapsed.as_secs_f64() / done.max(1) as f64;
            let target = SLICE.as_secs_f64() / CLOCK_CHECKS_PER_SLICE;
            self.clock_chunk =
                (target / per_step.max(1e-9)).clamp(1.0, MAX_STEPS_PER_CLOCK_CHECK as f64) as u64;
        }
        self.rate_steps += done;
        self.speed_window_steps += done;
        if done > 0 {
            self.trained();
        }
        if let Some(loss) = bad_loss {
            self.diverge(if loss.is_nan() {
                "loss became NaN"
            } else {
                "loss became infinite"
            });
        } else if done > 0 {
            if !self.model.mlp().is_finite() {
                self.diverge("the weights became infinite");
            } else if start.duration_since(self.snapshot_at) >= SNAPSHOT_INTERVAL {
                self.snapshot.clone_from(&self.model);
                self.snapshot_at = start;
            }
        }
    }

    /// Marks everything that depends on the weights for publishing.
    fn trained(&mut self) {
        self.heatmap.dirty = true;
        self.stats.dirty = true;
        self.loss.dirty = true;
    }

    /// Restores the last finite weights, pauses and tells the UI.
    fn diverge(&mut self, what: &str) {
        let step = self.model.steps();
        let train = self.model.config().train;
        self.model.clone_from(&self.snapshot);
        // Keep the user's current settings (the rate they will lower) and data.
        if let Err(e) = self.model.set_train_config(train) {
            self.info(format!(
                "Could not keep the training settings after divergence: {e}"
            ));
        }
        self.load_data();
        self.inside.timeline.truncate_after(self.model.steps());
        self.inside.timeline_changed = true;
        match self.model.steps().checked_sub(1) {
            Some(last) => self.history.truncate_after(last),
            None => self.history.clear(),
        }
        self.running = false;
        let lr = train.learning_rate;
        self.shared.post(Update::Diverged {
            step,
            message: format!(
                "Training diverged at step {step} ({what}) with learning rate {lr}. \
                 Paused; lower the learning rate or press Reset."
            ),
        });
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
    }

    fn info(&self, text: String) {
        self.shared.post(Update::Info(text));
    }

    /// Loads the dataset into the model (after an edit).
    fn load_data(&mut self) {
        match self.model.set_data(&self.dataset, self.seed) {
            Ok(false) => {}
            Ok(true) => {
                self.weights_replaced();
                self.info(format!(
                    "{} classes: the network's output changed, so its weights were reset.",
                    self.dataset.num_classes
                ));
            }
            Err(e) => self.info(format!("Could not use the new points: {e}")),
        }
    }

    /// After new weights: fresh snapshot, history restarts, publish everything.
    fn weights_replaced(&mut self) {
        self.snapshot.clone_from(&self.model);
        self.snapshot_at = Instant::now();
        self.history.clear();
        self.inside.timeline.clear();
        self.inside.timeline_changed = true;
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
    }

    fn apply(&mut self, seq: u64, cmd: Command) {
        self.applied_seq = seq;
        // Whatever a command changed shows at once: stats, then the heatmap (see `publish`).
        self.heatmap.now = true;
        self.stats.now = true;
        match cmd {
            Command::AddPoint(p) => {
                if !(p.pos_in_data[0].is_finite() && p.pos_in_data[1].is_finite()) {
                    self.info(format!(
                        "Ignored a point at a position that is not a number: {:?}",
                        p.pos_in_data
                    ));
                    return;
                }
                if p.class >= self.dataset.num_classes {
                    self.info(format!(
                        "A point of class {} was added, but the data has only {} classes.",
                        p.class, self.dataset.num_classes
                    ));
                }
                self.dataset.points.push(p);
                self.load_data();
            }
            Command::MovePoint { index, pos_in_data } => {
                if !(pos_in_data[0].is_finite() && pos_in_data[1].is_finite()) {
                    self.info(format!(
                        "Ignored a move to a position that is not a number: {pos_in_data:?}"
                    ));
                    return;
                }
                match self.dataset.points.get_mut(index) {
                    Some(p) => {
                        p.pos_in_data = pos_in_data;
                        self.load_data();
                    }
                    None => self.bad_index("move", index),
                }
            }
            Command::RemovePoint { index } => {
                if index < self.dataset.points.len() {
                    self.dataset.points.remove(index);
                    self.load_data();
                } else {
                    self.bad_index("remove", index);
                }
            }
            Command::ClearPoints => {
                self.dataset.points.clear();
                self.load_data();
            }
            Command::ReplaceDataset(dataset) => {
                self.dataset = dataset;
                self.load_data();
            }
            Command::ReplaceModel { config, seed } => match Model::new(config, &self.dataset, seed)
            {
                Ok(model) => {
                    self.model = model;
                    self.seed = seed;
                    self.weights_replaced();
                }
                Err(e) => self.info(format!(
                    "Could not use these network settings ({e}); kept the old network."
                )),
            },
            Command::SetTrainConfig(train) => match self.model.set_train_config(train) {
                Ok(()) => {}
                Err(e) => self.info(format!("Could not use these training settings: {e}")),
            },
            Command::SetLearningRate(lr) => {
                if lr.is_finite() && lr > 0.0 {
                    if let Err(e) = self.model.set_learning_rate(lr) {
                        self.info(format!("Could not set the learning rate: {e}"));
                    }
                } else {
                    self.info(format!(
                        "Ignored learning rate {lr}: it must be a positive number."
                    ));
                }
            }
            Command::SetSpeed(speed) => match speed.clamped() {
                Some(speed) => {
                    self.speed = speed;
                    self.restart_pacing();
                }
                None => self.info("Ignored a training speed that is not a number.".to_owned()),
            },
            Command::Pause => {
                self.running = false;
            }
            Command::Resume => {
                if !self.running {
                    self.running = true;
                    self.restart_pacing();
                }
            }
            Command::Step => {
                match self.model.step() {
                    Some(s) if s.loss.is_finite() => {
                        self.history.push(self.model.steps() - 1, s.error, s.loss);
                        if self.model.mlp().is_finite() {
                            self.trained();
                        } else {
                            self.diverge("the weights became infinite");
                        }
                    }
                    Some(s) => self.diverge(if s.loss.is_nan() {
                        "loss became NaN"
                    } else {
                        "loss became infinite"
                    }),
                    None => self.info("There are no training points to step on.".to_owned()),
                }
                self.loss.now = true;
            }
            Command::ResetWeights { seed } => match self.model.reset_weights(seed) {
                Ok(()) => {
                    self.seed = seed;
                    self.weights_replaced();
                }
                Err(e) => self.info(format!("Could not reset the weights: {e}")),
            },
            Command::SetView { bounds, resolution } => {
                let finite = [bounds.x_min, bounds.x_max, bounds.y_min, bounds.y_max]
                    .iter()
                    .all(|v| v.is_finite());
                if finite && bounds.width() > 0.0 && bounds.height() > 0.0 {
                    let res = resolution.clamp(*RESOLUTION_RANGE.start(), *RESOLUTION_RANGE.end());
                    self.view = Some((bounds, res));
                } else {
                    self.info(format!("Ignored an empty or invalid view: {bounds:?}"));
                }
            }
            Command::CrashForTest => {
                panic!("CrashForTest: the training worker panicked on purpose")
            }
            Command::SetStopCondition {
                max_loss,
                max_steps,
            } => {
                self.stop_max_loss = max_loss.filter(|l| l.is_finite() && *l > 0.0);
                self.stop_max_steps = max_steps;
            }
            Command::RequestSession => {
                let mut session =
                    crate::session::Session::from_model(&self.model, &self.dataset, self.seed);
                for s in self.history.samples() {
                    session.push_loss_sample(crate::session::SessionLossSample {
                        step: s.step,
                        error: s.error,
                        loss: s.loss,
                    });
                }
                for s in self.history.test_samples() {
                    session.push_test_loss_sample(crate::session::SessionTestLossSample {
                        step: s.step,
                        loss: s.loss,
                    });
                }
                self.shared.post(Update::Session(Box::new(session)));
                (self.repaint)();
            }
            Command::LoadSession(session) => match session.to_model() {
                Ok(model) => {
                    self.model = model;
                    self.dataset = session.dataset.clone();
                    self.seed = session.seed;
                    self.weights_replaced();
                    for s in &session.loss_history {
                        self.history.push(s.step, s.error, s.loss);
                    }
                    for s in &session.test_loss_history {
                        self.history.push_test(s.step, s.loss);
                    }
                }
                Err(e) => self.info(format!("Could not open the session: {e}")),
            },
            Command::SetWeight {
                layer,
                row,
                col,
                value,
            } => self.set_parameter(layer, Some(row), col, value),
            Command::SetBias { layer, unit, value } => self.set_parameter(layer, None, unit, value),
            Command::SetUnitMaps {
                enabled,
                resolution,
            } => self.inside.unit_maps_res = enabled.then(|| resolution.clamp(8, 64)),
            Command::ShowUnit(unit) => self.inside.show_unit = unit,
            Command::RestoreSnapshot { step } => self.restore_snapshot(step),
        }
    }

    /// Pauses training when a stop condition holds, and says why.
    fn check_stop(&mut self) {
        if !self.running {
            return;
        }
        let step = self.model.steps();
        let why = if let Some(max) = self.stop_max_steps.filter(|m| step >= *m) {
            format!("{STOPPED_PREFIX}reached {max} steps")
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
            format!("{STOPPED_PREFIX}loss {loss:.4} < {max} at step {step}")
        } else {
            return;
        };
        self.running = false;
        self.info(why);
        self.stats.now = true;
        self.heatmap.now = true;
        self.loss.now = true;
    }

    fn bad_index(&self, what: &str, index: usize) {
        self.info(format!(
            "Could not {what} point {index}: there are only {} points.",
            self.dataset.points.len()
        ));
    }

    /// The heatmap's rectangle and resolution.
    fn view(&self) -> (Bounds, usize) {
        self.view
            .unwrap_or_else(|| (self.dataset.view_bounds(), DEFAULT_RESOLUTION))
    }

    /// Publishes whatever is due; calls `repaint` when something was.
    fn publish(&mut self, now: Instant) {
        let mut published = false;
        // Stats go first: whoever sees a heatmap with `applied_seq ≥ n` finds the stats of
        // the same round (computed after command `n`) already queued.
        if self.stats.due(now) {
            let stats = self.stats_now(now);
            self.shared.post(Update::Stats(stats));
            self.stats.done(now);
            published = true;
        }
        if self.heatmap.due(now) {
            self.publish_heatmap();
            self.heatmap.done(now);
            published = true;
        }
        if self.loss.due(now) {
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
                self.diverge("the network's outputs overflowed");
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
}

// ---- Seeing inside (issue 5): weight edits, unit maps, the timeline ----

impl TrainLoop<'_> {
    /// Records a timeline entry when one is due at the current step (a compare otherwise).
    #[inline]
    fn timeline_tick(&mut self) {
        if self.inside.timeline.wants(self.model.steps()) {
            let now = Instant::now();
            let share = super::inside::InsideWork::TIMELINE_TIME_SHARE;
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
        let res = adaptive_resolution(super::Timeline::IMAGE_SIZE, self.model.mlp());
        let grid = GridSpec::cell_centers(&bounds, res, res);
        self.model.predict_grid(&grid, &mut self.inside.pred);
        let mut image = Rgba8Image::default();
        heatmap_into(&self.inside.pred, &self.style, &mut image);
        self.inside.timeline.push(super::TimelineEntry {
            step: self.model.steps(),
            model: Arc::new(self.model.snapshot()),
            image,
            bounds,
        });
        self.inside.timeline_changed = true;
    }

    /// Sets weight `W{layer}[row, unit]`, or bias `b{layer}[unit]` when `row` is `None`,
    /// keeping the step count and optimiser state.
    fn set_parameter(&mut self, layer: usize, row: Option<usize>, unit: usize, value: f64) {
        let name = match row {
            Some(r) => format!("W{layer}[{r},{unit}]"),
            None => format!("b{layer}[{unit}]"),
        };
        if !value.is_finite() {
            self.info(format!(
                "Ignored {name} = {value}: a weight must be a number."
            ));
            return;
        }
        let mut params = self.model.mlp().parameters();
        let slot = params.get_mut(layer).and_then(|(w, b)| match row {
            Some(r) => w.get_mut((r, unit)),
            None => b.as_mut().and_then(|b| b.get_mut(unit)),
        });
        let Some(slot) = slot else {
            let sizes = self.model.mlp().sizes();
            self.info(format!(
                "Could not set {name}: the network {sizes:?} has no such {}.",
                if row.is_some() { "weight" } else { "bias" }
            ));
            return;
        };
        *slot = value;
        let state = self.model.trainer_state();
        if let Err(e) = self.model.set_parameters(params) {
            self.info(format!("Could not set {name}: {e}"));
            return;
        }
        if let Err(e) = self.model.set_trainer_state(state) {
            self.info(format!("The optimiser restarted after setting {name}: {e}"));
        }
        self.snapshot.clone_from(&self.model);
        self.trained();
    }

    /// Goes back to the timeline's snapshot of `step` (see [`Command::RestoreSnapshot`]).
    fn restore_snapshot(&mut self, step: u64) {
        // The exact step, or (when the timeline thinned it out meanwhile) the one before.
        let t = &self.inside.timeline;
        let found = t
            .find(step)
            .or_else(|| t.entries().iter().rev().find(|e| e.step <= step));
        let Some(entry) = found.cloned() else {
            self.info(format!(
                "There is no snapshot of step {step} to go back to."
            ));
            return;
        };
        if entry.step != step {
            self.info(format!(
                "The snapshot of step {step} was no longer kept; went back to step {}.",
                entry.step
            ));
        }
        let step = entry.step;
        if let Err(e) = self.model.set_parameters(entry.model.mlp.parameters()) {
            self.info(format!("Could not go back to step {step}: {e}"));
            return;
        }
        // The optimiser restarts (set_parameters made it fresh, with t = 0); only the step
        // count goes back to the snapshot's.
        let mut state = self.model.trainer_state();
        state.steps = step;
        if let Err(e) = self.model.set_trainer_state(state) {
            self.info(format!("Went back to the weights of step {step}, but: {e}"));
        }
        match step.checked_sub(1) {
            Some(last) => self.history.truncate_after(last),
            None => self.history.clear(),
        }
        self.inside.timeline.truncate_after(step);
        self.inside.timeline_changed = true;
        self.snapshot.clone_from(&self.model);
        self.snapshot_at = Instant::now();
        self.restart_pacing();
        self.heatmap.now = true;
        self.stats.now = true;
        self.loss.now = true;
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
            super::unit_image(&frame.model, u, bounds, res, &mut self.inside.unit_buf).map(Arc::new)
        });
    }
}

/// Gives the training thread a lower scheduling priority, so on a busy machine the UI and the
/// renderer get the CPU first and frames stay smooth; training still takes every cycle they
/// leave idle. Nice 5, not more: measured on 2 cores with a software renderer and an 8 × 64
/// network, nice 10 starved the heatmaps (29/s, edit latency 60 ms) while nice 5 kept both
/// sides in their targets (62 fps, 37 heatmaps/s, 44 ms), and nice 0 let fps fall to 50.
fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        const NICENESS: libc::c_int = 5;
        // SAFETY: setpriority only reads its integer arguments; on Linux, PRIO_PROCESS with
        // the calling thread's id changes just this thread. A failure leaves the priority as it
        // was, which is harmless.
        unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, NICENESS);
        }
    }
}
