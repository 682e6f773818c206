//! What `nnviz train` shows on stderr while it trains: a progress bar when stderr is a
//! terminal (never on stdout, never when piped), and the training-health hints of
//! [`crate::nn::health`], each printed once.

use crate::data::Dataset;
use crate::nn::Model;
use crate::nn::health::{Health, HealthSample, HealthStats, LossWindow, suggested_rate};
use crate::tr;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Steps between two health checks (a forward pass over at most 2,000 points: for the
/// tutorial it costs about as much as a few steps, so this is well under 1 %).
pub const HEALTH_EVERY: u64 = 500;
/// Steps between two looks at the clock for the progress bar.
const PROGRESS_EVERY: u64 = 256;
/// Shortest time between two updates of the bar's text.
const PROGRESS_GAP: Duration = Duration::from_millis(100);
/// Most redraws of the bar a second (indicatif's own throttle).
const PROGRESS_HZ: u8 = 10;

/// Watches a run: keeps the recent losses, checks health, draws the bar.
pub(crate) struct RunWatch {
    window: LossWindow,
    sample: HealthSample,
    /// The conditions already told (each kind once a run).
    told: Health,
    /// What the last check found.
    last: Health,
    bar: Option<ProgressBar>,
    start: Instant,
    last_text: Instant,
    total: u64,
}

impl RunWatch {
    /// Watches `total` steps of `model` on `dataset`; the bar only when `progress` and stderr
    /// is a terminal.
    pub(crate) fn new(model: &Model, dataset: &Dataset, total: u64, progress: bool) -> Self {
        let bar = (progress && total > 0 && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total),
                ProgressDrawTarget::stderr_with_hz(PROGRESS_HZ),
            );
            if let Ok(style) = ProgressStyle::with_template("[{bar:28}] {pos}/{len} {msg}") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        let now = Instant::now();
        Self {
            window: LossWindow::default(),
            sample: HealthSample::new(model.transform(), dataset.train_points()),
            told: Health::default(),
            last: Health::default(),
            bar,
            start: now,
            last_text: now,
            total,
        }
    }

    /// After step `done` (1-based, of this run) with the step's `loss`.
    #[inline]
    pub(crate) fn step(&mut self, done: u64, loss: f64, model: &Model) {
        self.window.push(loss);
        if done.is_multiple_of(HEALTH_EVERY) {
            self.check(model);
        }
        if self.bar.is_some() && done.is_multiple_of(PROGRESS_EVERY) {
            self.progress(done, loss);
        }
    }

    #[cold]
    fn progress(&mut self, done: u64, loss: f64) {
        let Some(bar) = &self.bar else { return };
        bar.set_position(done);
        let now = Instant::now();
        if now.duration_since(self.last_text) < PROGRESS_GAP {
            return;
        }
        self.last_text = now;
        let seconds = now.duration_since(self.start).as_secs_f64();
        let rate = done as f64 / seconds.max(1e-9);
        let left = self.total.saturating_sub(done) as f64 / rate.max(1e-9);
        bar.set_message(tr!(
            "cli-progress",
            rate = format!("{rate:.0}"),
            loss = format!("{loss:.4}"),
            left = format!("{:.0}", left.ceil())
        ));
    }

    /// Checks the model's health and prints each new condition once (to stderr).
    #[cold]
    pub(crate) fn check(&mut self, model: &Model) {
        let train = model.config().train;
        let stats = HealthStats::measure(model.mlp(), &self.sample, self.window.as_slice(), &train);
        let health = stats.health_after(&self.last);
        self.last = health;
        let rate = train.learning_rate;
        let lower = format!("{}", suggested_rate(&train));
        let mut lines = Vec::new();
        if let (Some(u), None) = (health.saturated, self.told.saturated) {
            lines.push(tr!(
                "cli-hint-saturated",
                units = u.units,
                of = u.of,
                rate = lower.as_str()
            ));
            self.told.saturated = Some(u);
        }
        if let (Some(u), None) = (health.dead_relu, self.told.dead_relu) {
            lines.push(tr!(
                "cli-hint-dead",
                units = u.units,
                of = u.of,
                rate = lower.as_str()
            ));
            self.told.dead_relu = Some(u);
        }
        if health.oscillating && !self.told.oscillating {
            lines.push(tr!(
                "cli-hint-oscillating",
                rate = format!("{rate}"),
                lower = lower.as_str()
            ));
            self.told.oscillating = true;
        }
        for line in lines {
            match &self.bar {
                Some(bar) => bar.suspend(|| eprintln!("{line}")),
                None => eprintln!("{line}"),
            }
        }
    }

    /// Ends the run: a last health check, and the bar is cleared away.
    pub(crate) fn finish(&mut self, model: &Model) {
        self.check(model);
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for RunWatch {
    fn drop(&mut self) {
        // An error ends the run early: leave no half-drawn bar above its message.
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
