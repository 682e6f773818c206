//! Frame pacing: the worker's wake-ups of the window come at most once a display frame.
//!
//! A screen with vertical sync holds the window at its refresh rate: a wake-up during a
//! frame is drawn in the next one. Software rendering (Mesa's llvmpipe, under Xvfb or on a
//! machine without a GPU driver) has no vertical sync, so every wake-up drew a frame at once:
//! during a drag, one frame for the mouse's move and another a few ms later for the worker's
//! heatmap of it, each costing a software renderer ~10 ms of CPU taken from training. Paced,
//! the heatmap's wake-up waits for the frame after the one that sent the edit, which the
//! next mouse move draws anyway: one frame where there were two, and with vertical sync
//! nothing changes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Shortest time between the start of a frame and one the worker wakes (60 Hz).
pub const FRAME_PERIOD: Duration = Duration::from_micros(16_667);

/// When the last frame started, shared by the window and the worker's wake-up.
#[derive(Debug)]
pub struct FramePacer {
    epoch: Instant,
    /// Microseconds from `epoch` to the start of the last frame (0: none yet).
    last_frame_us: AtomicU64,
}

impl Default for FramePacer {
    fn default() -> Self {
        Self {
            epoch: Instant::now(),
            last_frame_us: AtomicU64::new(0),
        }
    }
}

impl FramePacer {
    /// Records that a frame starts now.
    pub fn frame_started(&self) {
        let us = self.epoch.elapsed().as_micros() as u64;
        // Never 0, which means "no frame yet".
        self.last_frame_us.store(us.max(1), Ordering::Relaxed);
    }

    /// How long a wake-up at `now` waits: until [`FRAME_PERIOD`] after the last frame's start
    /// (zero once that has passed, or before the first frame).
    pub fn wait_at(&self, now: Instant) -> Duration {
        let last = self.last_frame_us.load(Ordering::Relaxed);
        if last == 0 {
            return Duration::ZERO;
        }
        let due = self.epoch + Duration::from_micros(last) + FRAME_PERIOD;
        due.saturating_duration_since(now)
    }

    /// Asks `ctx` for a frame, at once or after [`FramePacer::wait_at`].
    pub fn wake(&self, ctx: &egui::Context) {
        match self.wait_at(Instant::now()) {
            Duration::ZERO => ctx.request_repaint(),
            wait => ctx.request_repaint_after(wait),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_up_waits_for_the_next_frame_period() {
        let pacer = FramePacer::default();
        let t = Instant::now();
        // No frame yet: at once.
        assert_eq!(pacer.wait_at(t), Duration::ZERO);
        pacer.frame_started();
        let started =
            pacer.epoch + Duration::from_micros(pacer.last_frame_us.load(Ordering::Relaxed));
        // 5 ms into the frame: the rest of the period.
        let at = started + Duration::from_millis(5);
        assert_eq!(pacer.wait_at(at), FRAME_PERIOD - Duration::from_millis(5));
        // A period later: at once.
        assert_eq!(pacer.wait_at(started + FRAME_PERIOD), Duration::ZERO);
        assert_eq!(pacer.wait_at(started + 2 * FRAME_PERIOD), Duration::ZERO);
    }
}
