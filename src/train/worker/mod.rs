//! [`Worker`]: the handle, and the loop that runs on the `nnviz-train` thread.
//!
//! - this file: the handle ([`Worker`], [`WorkerOptions`]), the state it shares with the
//!   thread, and the publish pacing;
//! - `train_loop`: the thread's loop, training slices, divergence and stop conditions;
//! - `apply`: what each [`Command`] does;
//! - `heatmap`: computing and publishing heatmaps (the preview after an edit, bands of rows
//!   that give way to a waiting command);
//! - `resolution`: how fine a heatmap is (the budget, the measured predictor speed).

mod apply;
mod heatmap;
mod resolution;
mod threads;
mod train_loop;

use super::command::{Command, HeatmapFrame, Speed, Update};
use crate::data::Dataset;
use crate::nn::{Model, ModelConfig};
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use train_loop::TrainLoop;

pub use resolution::{
    HEATMAP_BUDGET, PREVIEW_RESOLUTION, adaptive_resolution, fitting_resolution, madds_per_cell,
    model_ns_per_cell, wants_preview,
};

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
const HEATMAP_MIN_GAP: Duration = Duration::from_millis(4);
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

/// What the handle sends to the thread.
// Commands are sent a few per frame, moved once each: their size costs nothing worth a box
// (the network settings of issue 14 and the points' values took `Command` past the limit).
#[allow(clippy::large_enum_variant)]
enum Message {
    /// Boxed: a command is large (whole settings), the other messages are a word.
    Command(u64, Box<Command>),
    /// Publish everything now, then report barrier `n` done (see [`Worker::flush`]).
    Barrier(u64),
    Shutdown,
}

/// How a worker runs; [`Default`] is the app's free-running worker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerOptions {
    /// Never train by itself: the thread applies commands and publishes what they change,
    /// and trains only on [`Command::Advance`] (and [`Command::Step`]). For deterministic
    /// tests, with [`Worker::flush`].
    pub manual: bool,
}

/// State shared by the handle and the thread.
struct Shared {
    /// Updates not yet read; a newer `Stats` or `Loss` replaces an unread one.
    updates: Mutex<VecDeque<Update>>,
    /// The latest heatmap (latest wins).
    heatmap: Mutex<Option<HeatmapFrame>>,
    /// The latest timeline, when it changed (latest wins).
    timeline: Mutex<Option<Arc<super::Timeline>>>,
    /// Messages the handle has sent; the thread counts those it received, so it sees a
    /// waiting command without taking it off the channel.
    sent: AtomicU64,
    /// `false` once the thread has ended.
    alive: AtomicBool,
    /// The last barrier the thread has passed (see [`Worker::flush`]).
    flushed: Mutex<u64>,
    /// Notified when `flushed` grows or the thread ends.
    flushed_cv: Condvar,
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
                    && let Some(i) = queue
                        .iter()
                        .position(|u| matches!(u, Update::Refused { .. }))
                {
                    queue.remove(i);
                }
            }
        }
        queue.push_back(update);
    }

    /// Marks barrier `n` passed and wakes [`Worker::flush`].
    fn pass_barrier(&self, n: u64) {
        let mut flushed = lock(&self.flushed);
        *flushed = (*flushed).max(n);
        self.flushed_cv.notify_all();
    }
}

/// Owns the worker thread. Dropping it stops and joins the thread promptly.
pub struct Worker {
    tx: Sender<Message>,
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
    next_seq: u64,
    /// The last barrier sent by [`Worker::flush`].
    barrier: AtomicU64,
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
        Self::spawn_with(
            WorkerOptions::default(),
            dataset,
            config,
            seed,
            speed,
            running,
            repaint,
        )
    }

    /// [`Worker::spawn`] with `options` (e.g. [`WorkerOptions::manual`] for tests).
    pub fn spawn_with(
        options: WorkerOptions,
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
            sent: AtomicU64::new(0),
            alive: AtomicBool::new(true),
            flushed: Mutex::new(0),
            flushed_cv: Condvar::new(),
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
                    state.manual = options.manual;
                    state.run(&rx);
                }));
                if let Err(payload) = result {
                    shared.post(Update::Crashed {
                        panic: panic_message(payload.as_ref()),
                    });
                }
                shared.alive.store(false, Ordering::Release);
                // Wake a `flush` waiting for a barrier this thread will never pass.
                drop(lock(&shared.flushed));
                shared.flushed_cv.notify_all();
                repaint();
            })?;
        Ok(Worker {
            tx,
            shared,
            handle: Some(handle),
            next_seq: 0,
            barrier: AtomicU64::new(0),
        })
    }

    /// Blocks until every command sent so far has been applied and the stats, heatmap, loss
    /// history and timeline they cause have been published (stats queued, the heatmap in
    /// its slot), or until `timeout`. Returns `false` on timeout or when the thread is dead.
    ///
    /// The answer comes through a condition variable, not through the update queue, so
    /// nothing the UI reads is consumed.
    pub fn flush(&self, timeout: Duration) -> bool {
        let n = self.barrier.fetch_add(1, Ordering::Relaxed) + 1;
        if self.tx.send(Message::Barrier(n)).is_err() {
            return false;
        }
        self.shared.sent.fetch_add(1, Ordering::Release);
        let deadline = Instant::now() + timeout;
        let mut flushed = lock(&self.shared.flushed);
        loop {
            if *flushed >= n {
                return true;
            }
            if !self.is_alive() {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            flushed = self
                .shared
                .flushed_cv
                .wait_timeout(flushed, deadline - now)
                .map_or_else(|e| e.into_inner().0, |(g, _)| g);
        }
    }

    /// Queues `cmd` and returns its sequence number (1, 2, 3…); never blocks.
    pub fn send(&mut self, cmd: Command) -> u64 {
        self.next_seq += 1;
        // A dead thread drops the command; the UI learns it from `is_alive`/`Crashed`.
        if self
            .tx
            .send(Message::Command(self.next_seq, Box::new(cmd)))
            .is_ok()
        {
            self.shared.sent.fetch_add(1, Ordering::Release);
        }
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
        if self.tx.send(Message::Shutdown).is_ok() {
            self.shared.sent.fetch_add(1, Ordering::Release);
        }
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("next_seq", &self.next_seq)
            .field("barrier", &self.barrier.load(Ordering::Relaxed))
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

/// Training steps per second of a worker alone for `time` after `warmup`, with nobody
/// taking its heatmaps (`None` when it cannot start): what `--measure` compares the
/// window's training speed with.
pub fn windowless_steps_per_second(
    dataset: Dataset,
    config: ModelConfig,
    seed: u64,
    (bounds, resolution): (crate::data::Bounds, usize),
    warmup: Duration,
    time: Duration,
) -> Option<f64> {
    let mut w = Worker::spawn(dataset, config, seed, Speed::Unlimited, true, || {}).ok()?;
    w.send(Command::SetView { bounds, resolution });
    let latest_step = |w: &Worker, last: &mut Option<u64>| {
        while let Some(u) = w.try_recv() {
            if let Update::Stats(s) = u {
                *last = Some(s.step);
            }
        }
    };
    std::thread::sleep(warmup);
    let mut last = None;
    latest_step(&w, &mut last);
    let (start, first) = (Instant::now(), last?);
    let end = start + time;
    while Instant::now() < end {
        std::thread::sleep(Duration::from_millis(20));
        latest_step(&w, &mut last);
    }
    let steps = last?.saturating_sub(first);
    Some(steps as f64 / start.elapsed().as_secs_f64().max(1e-9))
}
