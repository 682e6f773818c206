//! Whether a big batch's step runs on one thread or two: chosen by measuring while training.
//!
//! Two threads win when the second core is free (criterion, idle: 6×8 tanh on 10,000 points
//! 0.66 ms a step on two threads against 1.16 ms on one), and lose when it is not: the halves
//! of a split step meet at every layer, so a helper thread that the window's drawing (the UI
//! thread and a software renderer's threads) keeps off the core stalls the whole step. So the
//! worker times its steps with the count in use, tries the other count for a few slices now
//! and then, and keeps whichever made steps faster. The choice changes no number: a big batch
//! is cut into the same two halves either way ([`crate::nn::trainer::set_step_threads`]).

use std::time::{Duration, Instant};

/// How often the count not in use is tried again.
const PROBE_EVERY: Duration = Duration::from_secs(1);
/// Slices a try lasts (a slice is ~2 ms: a few steps of a big batch each).
const PROBE_SLICES: u32 = 4;
/// Weight of the newest slice in the running means.
const SMOOTHING: f64 = 0.3;

/// The measured choice between one and two training threads.
#[derive(Clone, Debug)]
pub(super) struct StepThreads {
    /// Running mean of a step's wall time (s) with one and with two threads.
    per_step: [Option<f64>; 2],
    /// The count kept (1 or 2).
    chosen: usize,
    /// Slices left of the current try of the other count (0: not trying).
    trying: u32,
    /// When the last try ended (or the choice began).
    last_try: Instant,
    /// Threads the machine offers (1: nothing to choose).
    available: usize,
}

impl StepThreads {
    /// Starts with two threads where the machine has them, and tries one soon.
    pub(super) fn new(now: Instant) -> Self {
        let available = crate::nn::pool::threads().min(2);
        Self {
            per_step: [None; 2],
            chosen: available,
            trying: 0,
            last_try: now,
            available,
        }
    }

    /// The count the next slice trains with (and sets it for the trainer).
    pub(super) fn before_slice(&mut self, now: Instant) -> usize {
        if self.available < 2 {
            return 1;
        }
        let threads = self.next(now);
        crate::nn::trainer::set_step_threads(threads);
        threads
    }

    /// The count for a slice starting at `now`: a try of the other count begins when the
    /// interval since the last one has passed.
    fn next(&mut self, now: Instant) -> usize {
        if self.trying == 0 && now.duration_since(self.last_try) >= PROBE_EVERY {
            self.trying = PROBE_SLICES;
        }
        self.in_use()
    }

    /// Records a slice of `steps` steps that took `elapsed` on `threads` threads.
    pub(super) fn after_slice(
        &mut self,
        threads: usize,
        steps: u64,
        elapsed: Duration,
        now: Instant,
    ) {
        if self.available < 2 || steps == 0 {
            return;
        }
        let per_step = elapsed.as_secs_f64() / steps as f64;
        if let Some(mean) = self.per_step.get_mut(threads.clamp(1, 2) - 1) {
            *mean = Some(match *mean {
                Some(m) => m + SMOOTHING * (per_step - m),
                None => per_step,
            });
        }
        if self.trying > 0 {
            self.trying -= 1;
            if self.trying == 0 {
                self.last_try = now;
                if let [Some(one), Some(two)] = self.per_step {
                    self.chosen = if one < two { 1 } else { 2 };
                }
            }
        }
    }

    /// The count in use now: the other one while it is being tried.
    fn in_use(&self) -> usize {
        if self.trying > 0 {
            3 - self.chosen
        } else {
            self.chosen
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chooser on a machine with two threads, whatever this one has.
    fn two_cores(now: Instant) -> StepThreads {
        StepThreads {
            available: 2,
            chosen: 2,
            ..StepThreads::new(now)
        }
    }

    /// Runs slices for `seconds` of simulated time, each taking `cost(threads)` a step.
    fn run(t: &mut StepThreads, start: Instant, seconds: f64, cost: impl Fn(usize) -> f64) {
        let slice = Duration::from_millis(2);
        let mut now = start;
        while now.duration_since(start).as_secs_f64() < seconds {
            let threads = t.next(now);
            let per_step = cost(threads);
            // A slice ends after the step that passes its length.
            let steps = (slice.as_secs_f64() / per_step).ceil().max(1.0) as u64;
            let elapsed = Duration::from_secs_f64(steps as f64 * per_step);
            now += elapsed;
            t.after_slice(threads, steps, elapsed, now);
        }
    }

    #[test]
    fn the_faster_count_is_kept_and_a_change_of_machine_load_is_followed() {
        let start = Instant::now();
        let mut t = two_cores(start);
        // Idle: two threads are faster and stay chosen after the first try of one.
        run(&mut t, start, 1.5, |n| if n == 2 { 0.6e-3 } else { 1.1e-3 });
        assert_eq!(t.chosen, 2);
        assert!(t.per_step[0].is_some(), "one thread was tried");
        // The other core gets busy: two threads stall; within a few tries one is chosen.
        run(&mut t, start + Duration::from_secs(2), 4.0, |n| {
            if n == 2 { 2.0e-3 } else { 1.2e-3 }
        });
        assert_eq!(t.chosen, 1);
        // Idle again: back to two.
        run(&mut t, start + Duration::from_secs(7), 4.0, |n| {
            if n == 2 { 0.6e-3 } else { 1.1e-3 }
        });
        assert_eq!(t.chosen, 2);
    }

    #[test]
    fn a_try_lasts_a_few_slices_and_comes_back_after_the_interval() {
        let start = Instant::now();
        let mut t = two_cores(start);
        let ms = Duration::from_millis;
        // Nothing is tried before the interval.
        assert_eq!(t.next(start + ms(10)), 2);
        // After it, one thread for PROBE_SLICES slices, then two again (two stay faster).
        let mut now = start + PROBE_EVERY;
        let mut used = Vec::new();
        for _ in 0..PROBE_SLICES + 2 {
            let n = t.next(now);
            used.push(n);
            now += ms(2);
            t.after_slice(n, 2, if n == 2 { ms(1) } else { ms(2) }, now);
        }
        let mut expected = vec![1; PROBE_SLICES as usize];
        expected.extend([2, 2]);
        assert_eq!(used, expected);
        // A machine with one thread never tries anything.
        let mut single = StepThreads {
            available: 1,
            chosen: 1,
            ..StepThreads::new(start)
        };
        assert_eq!(single.before_slice(start + ms(5000)), 1);
    }
}
