//! [`LossHistory`]: the loss of a whole run in bounded memory, with the test loss beside it.

/// One recorded training step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossSample {
    /// Steps taken before this loss was measured (the first step's loss is at step 0).
    pub step: u64,
    /// The tutorial's error, mean |y − out|.
    pub error: f64,
    /// The loss.
    pub loss: f64,
    /// The learning rate the step used (`None` when not known: a session file written
    /// before rates were kept).
    pub lr: Option<f64>,
}

/// The loss on the test points, measured when the worker computed its stats (not every
/// step: that would cost a forward pass over the test points per step).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TestLossSample {
    /// Steps taken before it was measured (the weights of the training sample of this step).
    pub step: u64,
    /// The loss on the test points.
    pub loss: f64,
}

/// Bounded loss history: keeps at most `capacity` samples (default 4096); when full it drops
/// every other sample and doubles its stride, so the whole run is kept at bounded cost.
///
/// Samples are recorded at the steps that are multiples of the stride; the newest push is
/// always kept as a last "live" sample as well, so the history spans the first recorded
/// step to the latest one. A push that records nothing costs a compare and a copy.
#[derive(Clone, Debug, PartialEq)]
pub struct LossHistory {
    samples: Vec<LossSample>,
    capacity: usize,
    stride: u64,
    /// Next step to record (a multiple of `stride`).
    next: u64,
    /// The last sample is the live newest push, not a recorded one.
    live_tail: bool,
    /// Test losses, oldest first, at most `capacity` (with a live tail): recorded ones at least
    /// `test_gap` steps apart; when full, every other one goes and the gap doubles.
    test: Vec<TestLossSample>,
    test_gap: u64,
    /// The last test sample is the live newest push, not a recorded one.
    test_tail: bool,
}

impl Default for LossHistory {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

impl LossHistory {
    /// Capacity of [`LossHistory::default`].
    pub const DEFAULT_CAPACITY: usize = 4096;
    /// Smallest capacity (smaller requests are raised to it).
    pub const MIN_CAPACITY: usize = 4;

    /// An empty history keeping at most `capacity` samples (at least [`Self::MIN_CAPACITY`]).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(Self::MIN_CAPACITY);
        Self {
            samples: Vec::with_capacity(capacity),
            capacity,
            stride: 1,
            next: 0,
            live_tail: false,
            test: Vec::new(),
            test_gap: 1,
            test_tail: false,
        }
    }

    /// Adds the test loss measured at `step`. A second one at the same step replaces the
    /// first (the test points changed); one at an earlier step first forgets the later ones.
    /// Recorded test losses are kept at least a gap of steps apart, the newest one always (as
    /// a live tail); when full, every other one is dropped (the first stays) and the gap
    /// doubles, so a long run keeps evenly spread samples from start to end.
    pub fn push_test(&mut self, step: u64, loss: f64) {
        let keep = self.test.partition_point(|s| s.step < step);
        if keep < self.test.len() {
            self.test.truncate(keep);
            self.test_tail = false;
        }
        if self.test_tail {
            self.test.pop();
        }
        let sample = TestLossSample { step, loss };
        let too_close = self
            .test
            .last()
            .is_some_and(|last| step < last.step.saturating_add(self.test_gap));
        if too_close {
            self.test.push(sample);
            self.test_tail = true;
            return;
        }
        // Room for the live tail too: never more than `capacity` in all.
        if self.test.len() + 1 >= self.capacity {
            let mut keep = false;
            self.test.retain(|_| {
                keep = !keep;
                keep
            });
            self.test_gap = self.test_gap.saturating_mul(2);
        }
        self.test.push(sample);
        self.test_tail = false;
    }

    /// The test losses, oldest first (empty without test points).
    pub fn test_samples(&self) -> &[TestLossSample] {
        &self.test
    }

    /// Adds the loss measured at `step` without a known learning rate (see
    /// [`Self::push_rated`]).
    #[inline]
    pub fn push(&mut self, step: u64, error: f64, loss: f64) {
        self.push_rated(step, error, loss, None);
    }

    /// Adds the loss measured at `step` by a step at learning rate `lr`; records it when
    /// `step` is a multiple of the stride, otherwise keeps it only as the newest sample.
    /// Steps should grow between pushes.
    #[inline]
    pub fn push_rated(&mut self, step: u64, error: f64, loss: f64, lr: Option<f64>) {
        let sample = LossSample {
            step,
            error,
            loss,
            lr,
        };
        if step >= self.next {
            self.record(sample);
        } else if self.live_tail {
            if let Some(last) = self.samples.last_mut() {
                *last = sample;
            }
        } else {
            self.samples.push(sample);
            self.live_tail = true;
        }
    }

    #[cold]
    fn record(&mut self, sample: LossSample) {
        if self.live_tail {
            self.samples.pop();
            self.live_tail = false;
        }
        // Leave room for this sample and a live tail after it.
        if self.samples.len() + 2 > self.capacity {
            self.compact();
        }
        if sample.step >= self.next {
            self.samples.push(sample);
            self.next = (sample.step / self.stride + 1) * self.stride;
        } else {
            self.samples.push(sample);
            self.live_tail = true;
        }
    }

    /// Drops every other recorded sample (the first one stays) and doubles the stride.
    fn compact(&mut self) {
        let mut keep = false;
        self.samples.retain(|_| {
            keep = !keep;
            keep
        });
        self.stride = self.stride.saturating_mul(2);
        self.next = match self.samples.last() {
            Some(last) => (last.step / self.stride + 1).saturating_mul(self.stride),
            None => 0,
        };
    }

    /// The samples, oldest first.
    pub fn samples(&self) -> &[LossSample] {
        &self.samples
    }

    /// Steps between recorded samples.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Most samples kept.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The newest sample.
    pub fn last(&self) -> Option<&LossSample> {
        self.samples.last()
    }

    /// Forgets everything, test losses included (the stride starts at 1 again).
    pub fn clear(&mut self) {
        *self = Self::new(self.capacity);
    }

    /// Forgets the samples and test losses after `step` (used when training goes back to an
    /// earlier state).
    pub fn truncate_after(&mut self, step: u64) {
        let keep = self.test.partition_point(|s| s.step <= step);
        self.test.truncate(keep);
        self.test_tail = false;
        let keep = self.samples.partition_point(|s| s.step <= step);
        self.samples.truncate(keep);
        // What is left is all recorded; the next push at a new step records or becomes the tail.
        self.live_tail = false;
        while self
            .samples
            .last()
            .is_some_and(|s| s.step % self.stride != 0 && self.samples.len() > 1)
        {
            // A former live tail kept as a recorded sample would break the stride's alignment.
            self.samples.pop();
        }
        self.next = match self.samples.last() {
            Some(last) => (last.step / self.stride + 1) * self.stride,
            None => 0,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_every_step_until_full() {
        let mut h = LossHistory::new(16);
        for s in 0..10 {
            h.push(s, s as f64, 2.0 * s as f64);
        }
        assert_eq!(h.samples().len(), 10);
        assert_eq!(h.stride(), 1);
        assert_eq!(
            h.samples()[3],
            LossSample {
                step: 3,
                error: 3.0,
                loss: 6.0,
                lr: None
            }
        );
    }

    #[test]
    fn stays_bounded_and_spans_the_whole_run() {
        let mut h = LossHistory::new(4096);
        let n = 1_000_000u64;
        for s in 0..n {
            h.push(s, 1.0 / (s + 1) as f64, 0.5);
            assert!(h.samples().len() <= 4096);
        }
        let samples = h.samples();
        assert_eq!(samples[0].step, 0);
        assert_eq!(samples.last().map(|s| s.step), Some(n - 1));
        assert!(
            samples.len() > 4096 / 4,
            "kept only {} samples",
            samples.len()
        );
        assert!(samples.windows(2).all(|w| w[0].step < w[1].step));
        // Recorded samples (all but the live tail) sit on multiples of the stride.
        let stride = h.stride();
        assert!(stride > 1);
        assert!(
            samples[..samples.len() - 1]
                .iter()
                .all(|s| s.step % stride == 0)
        );
        // Evenly spaced: consecutive recorded samples are exactly one stride apart.
        assert!(
            samples[..samples.len() - 1]
                .windows(2)
                .all(|w| w[1].step - w[0].step == stride)
        );
    }

    #[test]
    fn small_capacity_is_respected() {
        for cap in [0, 1, 4, 5, 7, 100] {
            let mut h = LossHistory::new(cap);
            for s in 0..10_000 {
                h.push(s, 0.0, 0.0);
                assert!(h.samples().len() <= h.capacity(), "cap {cap} at step {s}");
            }
            assert_eq!(h.samples()[0].step, 0);
            assert_eq!(h.last().map(|s| s.step), Some(9_999));
        }
    }

    #[test]
    fn clear_starts_over() {
        let mut h = LossHistory::new(8);
        for s in 0..100 {
            h.push(s, 0.0, 0.0);
        }
        assert!(h.stride() > 1);
        h.clear();
        assert!(h.samples().is_empty());
        assert_eq!(h.stride(), 1);
        assert_eq!(h.capacity(), 8);
        h.push(0, 1.0, 1.0);
        assert_eq!(h.samples().len(), 1);
        assert_eq!(
            LossHistory::default().capacity(),
            LossHistory::DEFAULT_CAPACITY
        );
    }

    #[test]
    fn truncate_after_goes_back_and_keeps_recording() {
        let mut h = LossHistory::new(8);
        for s in 0..100 {
            h.push(s, 0.0, s as f64);
        }
        let stride = h.stride();
        h.truncate_after(50);
        assert!(h.samples().iter().all(|s| s.step <= 50));
        assert!(h.samples().iter().all(|s| s.step % stride == 0));
        for s in 51..200 {
            h.push(s, 0.0, s as f64);
            assert!(h.samples().len() <= 8);
        }
        assert!(h.samples().windows(2).all(|w| w[0].step < w[1].step));
        assert_eq!(h.last().map(|s| s.step), Some(199));
    }

    #[test]
    fn test_losses_replace_same_step_stay_bounded_and_truncate() {
        let mut h = LossHistory::new(8);
        h.push_test(0, 1.0);
        h.push_test(0, 0.9);
        h.push_test(5, 0.5);
        assert_eq!(
            h.test_samples(),
            &[
                TestLossSample { step: 0, loss: 0.9 },
                TestLossSample { step: 5, loss: 0.5 }
            ]
        );
        for s in 6..1000 {
            h.push_test(s, 1.0 / s as f64);
            assert!(h.test_samples().len() <= 8);
        }
        assert_eq!(h.test_samples()[0].step, 0);
        assert_eq!(h.test_samples().last().map(|s| s.step), Some(999));
        h.truncate_after(500);
        assert!(h.test_samples().iter().all(|s| s.step <= 500));
        assert!(!h.test_samples().is_empty());
        // Going back in steps forgets the later ones.
        h.push_test(3, 2.0);
        assert_eq!(
            h.test_samples().last(),
            Some(&TestLossSample { step: 3, loss: 2.0 })
        );
        assert!(h.test_samples().windows(2).all(|w| w[0].step < w[1].step));
        h.clear();
        assert!(h.test_samples().is_empty());
    }

    #[test]
    fn a_long_run_keeps_test_losses_spread_from_start_to_end() {
        let mut h = LossHistory::new(64);
        // Stats come at uneven steps, many a second, for a long run.
        let mut step = 0;
        for i in 0..200_000u64 {
            step += 1 + i % 7;
            h.push_test(step, 1.0 / step as f64);
            assert!(h.test_samples().len() <= 64);
        }
        let t = h.test_samples();
        assert_eq!(t.last().map(|s| s.step), Some(step), "the newest is kept");
        assert!(t.windows(2).all(|w| w[0].step < w[1].step));
        // Evenly spread: no recorded gap (the live tail aside) is more than ~4× another, and
        // the first half of the run holds about half the samples.
        let recorded = &t[..t.len() - 1];
        let gaps: Vec<u64> = recorded.windows(2).map(|w| w[1].step - w[0].step).collect();
        let (lo, hi) = (gaps.iter().min().unwrap(), gaps.iter().max().unwrap());
        assert!(*hi <= 4 * *lo + 8, "gaps from {lo} to {hi}");
        let early = t.iter().filter(|s| s.step < step / 2).count();
        assert!(
            early * 3 >= t.len(),
            "{early} of {} in the first half",
            t.len()
        );
    }
}
