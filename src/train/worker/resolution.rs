//! How fine the heatmap is predicted: a per-heatmap time budget, the grid predictor's speed
//! (measured on the free-running worker, a fixed cost model in manual mode), and the coarse
//! preview published right after an edit.

use crate::nn::Mlp;
use std::time::Duration;

/// Time one full heatmap's grid prediction may take: one frame at 60 Hz. The worker also
/// spaces full heatmaps at least twice their cost apart, so they never take more than about
/// half of its time.
pub const HEATMAP_BUDGET: Duration = Duration::from_micros(16_000);
/// Cells per side of the preview published right after an edit (and the fewest a full
/// heatmap gets, however big the network).
pub const PREVIEW_RESOLUTION: usize = 48;
/// A full heatmap whose prediction is expected to take less than this needs no preview.
const PREVIEW_WORTH: Duration = Duration::from_micros(2_000);
/// Multiply-adds per nanosecond of the cost model (the `f32` grid predictor on one core with
/// AVX2 + FMA: the 8 × 64 network measured ~1 µs per cell for its ~29 k multiply-adds).
const MODEL_MADDS_PER_NS: f64 = 29.0;
/// Resolutions below the requested one are multiples of this.
const RESOLUTION_STEP: usize = 16;
/// Weight of a new measurement in the smoothed speed.
const SMOOTHING: f64 = 0.25;
/// Step down only when the current size costs more than this share of the budget (a size
/// that fits is taken at once; it takes a 25 % slowdown to leave it again).
const DOWN_MARGIN: f64 = 1.25;
/// Grids smaller than this are not timed (the clock's resolution and fixed costs dominate).
const MIN_TIMED_CELLS: usize = 1024;

/// Multiply-adds one grid cell costs `mlp`: Σ inputs × units over the layers.
pub fn madds_per_cell(mlp: &Mlp) -> usize {
    mlp.layers.iter().map(|l| l.inputs() * l.units()).sum()
}

/// The cost model's nanoseconds per cell for `mlp` (see `MODEL_MADDS_PER_NS`).
pub fn model_ns_per_cell(mlp: &Mlp) -> f64 {
    madds_per_cell(mlp).max(1) as f64 / MODEL_MADDS_PER_NS
}

/// The largest resolution whose `n × n` cells cost at most `budget` at `ns_per_cell`:
/// `requested` when it fits, else the largest multiple of 16 that does, never below
/// [`PREVIEW_RESOLUTION`] (nor above `requested`).
pub fn fitting_resolution(requested: usize, ns_per_cell: f64, budget: Duration) -> usize {
    let cells = budget.as_nanos() as f64 / ns_per_cell.max(1e-3);
    let cap = cells.sqrt();
    if requested as f64 <= cap {
        return requested;
    }
    let stepped = (cap as usize) / RESOLUTION_STEP * RESOLUTION_STEP;
    stepped.max(PREVIEW_RESOLUTION).min(requested)
}

/// The deterministic resolution rule of a manual worker (and of the timeline's images): the
/// cost model's speed in [`fitting_resolution`] with [`HEATMAP_BUDGET`]. A big network gets a
/// coarser grid (interpolated to the shown one), the tutorial's keeps `requested`.
pub fn adaptive_resolution(requested: usize, mlp: &Mlp) -> usize {
    fitting_resolution(requested, model_ns_per_cell(mlp), HEATMAP_BUDGET)
}

/// Whether a full heatmap of `res` cells a side, at `ns_per_cell`, is slow enough that an
/// edit first shows as a [`PREVIEW_RESOLUTION`] preview.
pub fn wants_preview(res: usize, ns_per_cell: f64) -> bool {
    res > PREVIEW_RESOLUTION && (res * res) as f64 * ns_per_cell > PREVIEW_WORTH.as_nanos() as f64
}

/// The measured speed of the grid predictor and the resolution chosen from it.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct GridSpeed {
    /// Multiply-adds per cell of the network the measurement belongs to.
    madds: usize,
    /// Smoothed nanoseconds per cell (`None`: not measured for this network yet).
    ns_per_cell: Option<f64>,
    /// The last choice: requested and chosen resolution.
    chosen: Option<(usize, usize)>,
}

impl GridSpeed {
    /// Nanoseconds per cell for `mlp`: measured when it was, else the cost model's.
    pub(super) fn ns_per_cell(&self, mlp: &Mlp) -> f64 {
        match self.ns_per_cell {
            Some(ns) if self.madds == madds_per_cell(mlp) => ns,
            _ => model_ns_per_cell(mlp),
        }
    }

    /// Records that predicting `cells` cells of `mlp` took `elapsed` (the thread's CPU time,
    /// see [`ThreadClock`]).
    pub(super) fn record(&mut self, mlp: &Mlp, cells: usize, elapsed: Duration) {
        if cells < MIN_TIMED_CELLS {
            return;
        }
        let ns = elapsed.as_nanos() as f64 / cells as f64;
        let madds = madds_per_cell(mlp);
        self.ns_per_cell = match self.ns_per_cell {
            // One odd measurement moves the estimate at most by a factor of 2 × SMOOTHING.
            Some(old) if self.madds == madds => {
                Some(old + SMOOTHING * (ns.clamp(old / 2.0, old * 2.0) - old))
            }
            // A new network: its first measurement replaces the old one.
            _ => Some(ns),
        };
        self.madds = madds;
    }

    /// The resolution for a full heatmap of `mlp` when `requested` is shown: the largest
    /// that fits [`HEATMAP_BUDGET`] at the measured speed; a smaller one only once the current
    /// size overruns the budget by 25 % (no flapping).
    pub(super) fn resolution(&mut self, requested: usize, mlp: &Mlp) -> usize {
        let ns = self.ns_per_cell(mlp);
        let ideal = fitting_resolution(requested, ns, HEATMAP_BUDGET);
        let res = match self.chosen {
            Some((req, cur)) if req == requested && cur != ideal => {
                let cost = (cur * cur) as f64 * ns;
                if ideal > cur || cost > HEATMAP_BUDGET.as_nanos() as f64 * DOWN_MARGIN {
                    ideal
                } else {
                    cur
                }
            }
            _ => ideal,
        };
        self.chosen = Some((requested, res));
        res
    }
}

/// The calling thread's CPU time where the system has it (Linux and other Unixes), else the
/// wall clock: a heatmap timed while the thread waited for a busy CPU would make the
/// predictor look slower than it is, and the resolution would jump about with the load.
#[derive(Clone, Copy, Debug)]
pub(super) struct ThreadClock {
    wall: std::time::Instant,
    cpu: Option<Duration>,
}

impl ThreadClock {
    /// Starts timing.
    pub(super) fn start() -> Self {
        Self {
            wall: std::time::Instant::now(),
            cpu: thread_cpu_time(),
        }
    }

    /// CPU time (or wall time) since [`ThreadClock::start`].
    pub(super) fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.wall.elapsed(),
        }
    }
}

#[cfg(unix)]
fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer to a local.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_what_fits_and_steps_down_in_sixteens() {
        let budget = Duration::from_millis(16);
        assert_eq!(fitting_resolution(256, 1.0, budget), 256);
        // 16 ms at 1 µs a cell: 126² fits, so 112 (a multiple of 16).
        assert_eq!(fitting_resolution(256, 1000.0, budget), 112);
        // Never below the preview's size, never above the request.
        assert_eq!(fitting_resolution(256, 1e6, budget), PREVIEW_RESOLUTION);
        assert_eq!(fitting_resolution(20, 1e6, budget), 20);
    }

    #[test]
    fn measured_speed_picks_the_size_and_does_not_flap() {
        let mut config = crate::nn::ModelConfig::tutorial();
        config.hidden = vec![64; 8];
        let data = crate::data::Dataset::seed();
        let model = match crate::nn::Model::new(config, &data, 1) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        let mlp = model.mlp();
        let mut speed = GridSpeed::default();
        assert_eq!(speed.resolution(256, mlp), adaptive_resolution(256, mlp));
        // 0.5 µs a cell: 178² fits 16 ms, so 176.
        speed.record(mlp, 10_000, Duration::from_micros(5_000));
        assert_eq!(speed.resolution(256, mlp), 176);
        // Noise of ±10 % keeps the size.
        for k in 0..20 {
            let us = if k % 2 == 0 { 5_500 } else { 4_500 };
            speed.record(mlp, 10_000, Duration::from_micros(us));
            assert_eq!(speed.resolution(256, mlp), 176);
        }
        // Twice as slow for good: it steps down, and stays there.
        for _ in 0..20 {
            speed.record(mlp, 10_000, Duration::from_micros(10_000));
        }
        let slower = speed.resolution(256, mlp);
        assert_eq!(slower, 112);
        assert_eq!(speed.resolution(256, mlp), slower);
    }
}
