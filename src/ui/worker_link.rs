//! The link to the training worker: spawning it, the crash and restart policy, draining its
//! updates into the frame's action queue, and what was last sent (so a setting is sent once).
//!
//! Besides `action.rs`, this is the only UI file that builds worker commands: the view and
//! the diagram's map settings are kept in step here, once a frame, from the state and the
//! parts' wishes.

use super::action::Action;
use super::message::MessageKind;
use super::state::PersistedState;
use super::words;
use crate::data::Bounds;
use crate::tr;
use crate::train::{
    Command, HeatmapFrame, LossHistory, Stats, Timeline, Update, Worker, WorkerOptions,
};
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// This many worker crashes within [`CRASH_WINDOW`] stop the automatic restarts.
pub const MAX_CRASHES: usize = 3;

/// The window in which [`MAX_CRASHES`] crashes stop the automatic restarts.
pub const CRASH_WINDOW: Duration = Duration::from_secs(10);

/// What the worker should compute for the diagram besides the heatmap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InsideWish {
    /// Per-unit thumbnails at this resolution (`None`: off).
    pub(crate) unit_maps: Option<usize>,
    /// One unit's map at full resolution.
    pub(crate) show_unit: Option<(usize, usize)>,
    /// The hidden space to map the points into (`None`: the view is closed).
    pub(crate) hidden_space: Option<crate::nn::HiddenSpaceSpec>,
}

/// The worker handle and everything the UI knows from it.
pub struct WorkerLink {
    /// The training worker (`None` until the first frame, or after a crash).
    worker: Option<Worker>,
    spawn_error_at: Option<Instant>,
    /// When the worker crashed recently (within `crash_window`).
    crash_times: VecDeque<Instant>,
    /// [`CRASH_WINDOW`], unless a test set another one.
    pub(crate) crash_window: Duration,
    /// Set after [`MAX_CRASHES`] quick crashes: no automatic restart until Play is pressed.
    pub(crate) respawn_paused: bool,
    /// Sequence number of the last command sent to the current worker.
    pub(crate) last_seq: Option<u64>,
    /// Seed of the weights the worker was last given.
    pub(crate) seed: u64,
    /// Latest stats from the worker.
    pub(crate) stats: Option<Stats>,
    /// Latest loss history (`None` right after a reset, until the worker sends one).
    pub(crate) loss: Option<Arc<LossHistory>>,
    /// Latest heatmap.
    pub(crate) heatmap: Option<HeatmapFrame>,
    /// Bumped by every new heatmap (texture caches key on it).
    pub(crate) heatmap_generation: u64,
    /// Latest timeline of snapshots.
    pub(crate) timeline: Option<Arc<Timeline>>,
    /// Set while training is stopped because the loss became NaN/inf.
    pub(crate) diverged: Option<String>,
    /// What the worker last found wrong with training (healthy: nothing).
    pub(crate) health: crate::train::Health,
    /// View and resolution last sent (`None`: the worker has none yet).
    sent_view: Option<(Bounds, usize)>,
    /// Diagram settings last sent.
    sent_inside: Option<InsideWish>,
    /// Heatmap style last sent (`None`: the worker has its default).
    sent_style: Option<crate::render::HeatmapStyle>,
    /// Bumped on every (re)spawn: commands numbered by an older worker mean nothing now.
    pub(crate) generation: u64,
    /// A session opened before the worker started: sent once it runs.
    pub(crate) pending_load: Option<Box<crate::session::Session>>,
    /// The worker trains only when told (tests): see [`WorkerOptions::manual`].
    pub(crate) manual: bool,
}

impl Default for WorkerLink {
    fn default() -> Self {
        Self {
            worker: None,
            spawn_error_at: None,
            crash_times: VecDeque::new(),
            crash_window: CRASH_WINDOW,
            respawn_paused: false,
            last_seq: None,
            seed: fresh_seed(0),
            stats: None,
            loss: None,
            heatmap: None,
            heatmap_generation: 0,
            timeline: None,
            diverged: None,
            health: Default::default(),
            sent_view: None,
            sent_inside: None,
            sent_style: None,
            generation: 0,
            pending_load: None,
            manual: false,
        }
    }
}

impl WorkerLink {
    /// Whether a training thread is running.
    pub fn has_worker(&self) -> bool {
        self.worker.is_some()
    }

    /// Sends a command (dropped if there is no worker: it is respawned from the state, which
    /// already includes the edit). Returns its sequence number.
    pub fn send(&mut self, cmd: Command) -> Option<u64> {
        let seq = self.worker.as_mut().map(|w| w.send(cmd));
        if seq.is_some() {
            self.last_seq = seq;
        }
        seq
    }

    /// Asks the worker for its session and waits at most `timeout` for the answer; `None`
    /// without a worker or an answer (the exit path, where no frame follows).
    pub fn session_now(&mut self, timeout: Duration) -> Option<crate::session::Session> {
        let w = self.worker.as_mut()?;
        w.send(Command::RequestSession);
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            match w.try_recv() {
                Some(Update::Session(s)) => return Some(*s),
                Some(_) => {}
                None => {
                    if !w.is_alive() {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
        None
    }

    #[cfg(feature = "test-hooks")]
    /// A manual worker: trains `steps` steps (when running) and waits until everything they
    /// cause is published; `false` without a worker or on a timeout.
    pub(crate) fn advance(&mut self, steps: u64) -> bool {
        if steps > 0 {
            self.send(Command::Advance { steps });
        }
        self.worker
            .as_ref()
            .is_some_and(|w| w.flush(Duration::from_secs(20)))
    }

    /// Forgets the loss curve (after a reset or a new network) until the worker sends one.
    pub fn forget_loss(&mut self) {
        self.loss = None;
        // New weights: whatever was wrong with the old ones is gone (the worker agrees).
        self.health = Default::default();
    }

    /// Play after repeated crashes: try again with a fresh worker (next frame).
    pub fn allow_respawn(&mut self) {
        if self.respawn_paused {
            self.respawn_paused = false;
            self.crash_times.clear();
        }
    }

    /// Pauses the worker without touching the state (`--measure`'s windowless comparison).
    pub(crate) fn pause_worker(&mut self) {
        self.send(Command::Pause);
    }

    /// A new seed for new weights.
    pub fn next_seed(&mut self) -> u64 {
        self.seed = if self.manual {
            // Tests: a fixed sequence, so every run trains the same weights.
            self.seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
        } else {
            fresh_seed(self.seed)
        };
        self.seed
    }

    /// Starts or restarts the worker when needed, then turns its updates into actions.
    pub fn pump(&mut self, ctx: &egui::Context, state: &PersistedState, out: &mut Vec<Action>) {
        if let Some(w) = &self.worker
            && !w.is_alive()
        {
            self.on_crash(ctx, state, &tr!("worker-stopped-unexpectedly"), out);
        }
        if self.worker.is_none() && !self.respawn_paused {
            self.spawn(ctx, state, out);
        }
        let Some(w) = &self.worker else {
            return;
        };
        let mut updates = Vec::new();
        while let Some(u) = w.try_recv() {
            updates.push(u);
            if updates.len() > 10_000 {
                break;
            }
        }
        let frame = w.take_heatmap();
        if let Some(t) = w.take_timeline() {
            self.timeline = Some(t);
        }
        let mut crashed = None;
        for u in updates {
            match u {
                Update::Stats(s) => self.stats = Some(s),
                Update::Loss(h) => self.loss = Some(h),
                Update::Diverged {
                    step,
                    cause,
                    learning_rate,
                } => {
                    let message = words::diverged_text(step, cause, learning_rate);
                    out.push(Action::WorkerPaused);
                    out.push(Action::Post(MessageKind::Error, message.clone()));
                    self.diverged = Some(message);
                }
                Update::Crashed { panic } => crashed = Some(panic),
                Update::Stopped { reason } => {
                    // A stop condition paused the worker.
                    out.push(Action::WorkerPaused);
                    out.push(Action::Post(MessageKind::Info, words::stop_text(&reason)));
                }
                Update::Refused { kind } => {
                    out.push(Action::Post(MessageKind::Info, words::refusal_text(&kind)));
                }
                Update::ClassesChanged { classes } => out.push(Action::Post(
                    MessageKind::Info,
                    words::classes_changed_text(classes),
                )),
                Update::Session(s) => out.push(Action::SessionArrived(s)),
                Update::Health(h) => self.health = h,
            }
        }
        if let Some(frame) = frame {
            self.heatmap = Some(frame);
            self.heatmap_generation += 1;
        }
        if let Some(msg) = crashed {
            let what = tr!("worker-crashed", detail = msg);
            self.on_crash(ctx, state, &what, out);
        }
    }

    /// Keeps the worker's heatmap view and diagram maps equal to what the window shows.
    pub fn sync(&mut self, view: Bounds, resolution: usize, inside: InsideWish) {
        if self.worker.is_none() {
            return;
        }
        let res = resolution.clamp(16, 512);
        if self.sent_view != Some((view, res)) {
            self.send(Command::SetView {
                bounds: view,
                resolution: res,
            });
            self.sent_view = Some((view, res));
        }
        let sent = self.sent_inside;
        if sent.map(|s| s.unit_maps) != Some(inside.unit_maps) {
            self.send(Command::SetUnitMaps {
                enabled: inside.unit_maps.is_some(),
                resolution: inside.unit_maps.unwrap_or(0),
            });
        }
        if sent.map(|s| s.show_unit) != Some(inside.show_unit) {
            self.send(Command::ShowUnit(inside.show_unit));
        }
        if sent.map(|s| s.hidden_space) != Some(inside.hidden_space) {
            self.send(Command::SetHiddenSpace(inside.hidden_space));
        }
        self.sent_inside = Some(inside);
    }

    /// Keeps the worker's heatmap style equal to the view settings' (sent only when it
    /// changed, and again to a new worker unless it is the default).
    pub fn sync_style(&mut self, style: crate::render::HeatmapStyle) {
        if self.worker.is_none() {
            return;
        }
        if self.sent_style.unwrap_or_default() != style {
            self.send(Command::SetHeatmapStyle(style));
        }
        self.sent_style = Some(style);
    }

    /// Notes a worker crash: restarts it, unless it crashed [`MAX_CRASHES`] times within
    /// the crash window; then training stops until the user presses Play.
    fn on_crash(
        &mut self,
        ctx: &egui::Context,
        state: &PersistedState,
        what: &str,
        out: &mut Vec<Action>,
    ) {
        self.worker = None;
        // A save that waited for the lost worker is written from the window's state.
        out.push(Action::WorkerLost);
        let now = Instant::now();
        self.crash_times.push_back(now);
        while self
            .crash_times
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.crash_window)
        {
            self.crash_times.pop_front();
        }
        if self.crash_times.len() >= MAX_CRASHES {
            self.respawn_paused = true;
            out.push(Action::WorkerPaused);
            out.push(Action::Post(MessageKind::Error, {
                let (times, seconds) = (self.crash_times.len(), self.crash_window.as_secs());
                tr!(
                    "worker-not-restarted",
                    what = what,
                    times = times,
                    seconds = seconds
                )
            }));
        } else {
            out.push(Action::Post(
                MessageKind::Error,
                tr!("worker-restarted", what = what),
            ));
            self.spawn(ctx, state, out);
        }
    }

    fn spawn(&mut self, ctx: &egui::Context, state: &PersistedState, out: &mut Vec<Action>) {
        if let Some(t) = self.spawn_error_at
            && t.elapsed() < Duration::from_secs(1)
        {
            return;
        }
        let repaint_ctx = ctx.clone();
        let options = WorkerOptions {
            manual: self.manual,
        };
        match Worker::spawn_with(
            options,
            state.dataset.clone(),
            state.model_config.clone(),
            self.seed,
            state.speed,
            state.running && self.diverged.is_none(),
            move || repaint_ctx.request_repaint(),
        ) {
            Ok(w) => {
                self.worker = Some(w);
                self.generation += 1;
                // A new worker numbers its commands from 1 again: forget the old numbers.
                self.last_seq = None;
                self.spawn_error_at = None;
                self.sent_view = None;
                self.sent_inside = None;
                self.sent_style = None;
                self.loss = None;
                self.health = Default::default();
                self.send(stop_command(&state.stop));
                out.push(Action::WorkerStarted);
            }
            Err(e) => {
                self.spawn_error_at = Some(Instant::now());
                out.push(Action::Post(
                    MessageKind::Error,
                    tr!("worker-not-started", detail = e.to_string()),
                ));
            }
        }
    }
}

/// The worker command for a stop condition.
pub(crate) fn stop_command(stop: &super::state::StopSettings) -> Command {
    Command::SetStopCondition {
        max_loss: (stop.loss_on && stop.max_loss.is_finite() && stop.max_loss > 0.0)
            .then_some(stop.max_loss),
        max_steps: stop.steps_on.then_some(stop.max_steps),
    }
}

/// A new seed different from `previous`.
pub(crate) fn fresh_seed(previous: u64) -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let s = std::collections::hash_map::RandomState::new().hash_one((t, previous));
    if s == previous { s.wrapping_add(1) } else { s }
}
