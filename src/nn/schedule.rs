//! Learning-rate schedules: how the rate of a step follows from the base rate and the step.
//!
//! The base rate is [`TrainConfig::learning_rate`](super::TrainConfig::learning_rate) (the
//! app's slider); a schedule scales it by a factor that depends only on the step, so
//! [`LrSchedule::rate_at`] is a pure function the trainer, the CLI, the loss plot and code
//! export all call.
//!
//! Steps are counted as [`Trainer::steps`](super::Trainer::steps) before the step: the
//! first step after new weights are drawn is step 0, so new weights restart the schedule,
//! while a change of optimiser or a weight edit does not. With a warm-up of `w` steps,
//! step `k < w` uses `base · (k + 1) / (w + 1)` (a straight line from 0 to the base rate),
//! and the schedule's own clock starts when the warm-up ends: step `k ≥ w` uses the
//! schedule at `k − w`.

use super::NnError;
use crate::tr;
use serde::{Deserialize, Serialize};

/// The shape of the rate over the steps, as a factor of the base rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum Schedule {
    /// The base rate at every step.
    #[default]
    Constant,
    /// `base · factor^⌊s / every⌋`: the rate drops by `factor` every `every` steps.
    StepDecay {
        /// Steps between drops (at least 1).
        every: u64,
        /// Factor of each drop (above 0, at most 1).
        factor: f64,
    },
    /// `base · decay^s`: the rate shrinks by `decay` each step.
    Exponential {
        /// Factor per step (above 0, at most 1), e.g. 0.999.
        decay: f64,
    },
    /// Half a cosine from `base` down to `base · min_factor` over `period` steps, then held
    /// at `base · min_factor` (no restarts): `base · (m + (1 − m) · (1 + cos(π s / period)) / 2)`.
    Cosine {
        /// Steps from the base rate to the lowest one (at least 1).
        period: u64,
        /// The lowest rate as a factor of the base rate (0 to 1).
        min_factor: f64,
    },
}

impl Schedule {
    /// Step decay halving the rate every 1000 steps.
    pub const STEP_DECAY: Schedule = Schedule::StepDecay {
        every: 1000,
        factor: 0.5,
    };
    /// Exponential decay by 0.999 a step.
    pub const EXPONENTIAL: Schedule = Schedule::Exponential { decay: 0.999 };
    /// Cosine over 10,000 steps down to a tenth.
    pub const COSINE: Schedule = Schedule::Cosine {
        period: 10_000,
        min_factor: 0.1,
    };
    /// One of each kind, with the usual parameters, in the order the UI offers them.
    pub const ALL: [Schedule; 4] = [
        Schedule::Constant,
        Schedule::STEP_DECAY,
        Schedule::EXPONENTIAL,
        Schedule::COSINE,
    ];

    /// Name as used on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::StepDecay { .. } => "step",
            Schedule::Exponential { .. } => "exp",
            Schedule::Cosine { .. } => "cosine",
        }
    }

    /// The factor of the base rate `s` steps into the schedule (after any warm-up).
    pub fn factor_at(&self, s: u64) -> f64 {
        match *self {
            Schedule::Constant => 1.0,
            Schedule::StepDecay { every, factor } => factor.powf((s / every.max(1)) as f64),
            Schedule::Exponential { decay } => decay.powf(s as f64),
            Schedule::Cosine { period, min_factor } => {
                if s >= period {
                    min_factor
                } else {
                    let c = (std::f64::consts::PI * s as f64 / period as f64).cos();
                    min_factor + (1.0 - min_factor) * 0.5 * (1.0 + c)
                }
            }
        }
    }
}

/// A [`Schedule`] with an optional linear warm-up (see the module docs for the steps).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LrSchedule {
    /// The shape after the warm-up (written as `"shape"` in files).
    #[serde(rename = "shape")]
    pub kind: Schedule,
    /// Steps of linear warm-up from 0 to the base rate (0: none).
    pub warmup: u64,
}

impl LrSchedule {
    /// The constant rate without warm-up (the default, and what older files mean).
    pub const CONSTANT: LrSchedule = LrSchedule {
        kind: Schedule::Constant,
        warmup: 0,
    };

    /// The rate of step `step` (steps taken before it since the weights were drawn) for
    /// the base rate `base`.
    #[inline]
    pub fn rate_at(&self, base: f64, step: u64) -> f64 {
        if self.warmup == 0 && self.kind == Schedule::Constant {
            return base;
        }
        if step < self.warmup {
            return base * (step + 1) as f64 / (self.warmup as f64 + 1.0);
        }
        base * self.kind.factor_at(step - self.warmup)
    }

    /// Whether the rate is always the base rate (constant, no warm-up).
    pub fn is_constant(&self) -> bool {
        *self == Self::CONSTANT
    }

    /// Checks the parameters: `every` and `period` at least 1, `factor` and `decay` above
    /// 0 and at most 1, `min_factor` from 0 to 1; the warm-up at most
    /// [`MAX_SCHEDULE_STEPS`].
    pub fn validate(&self) -> Result<(), NnError> {
        let steps = |name: &str, v: u64| {
            if (1..=MAX_SCHEDULE_STEPS).contains(&v) {
                Ok(())
            } else {
                Err(NnError::Invalid(tr!(
                    "schedule-steps-invalid",
                    name = name,
                    value = v.to_string(),
                    max = MAX_SCHEDULE_STEPS.to_string()
                )))
            }
        };
        let factor = |name: &str, v: f64, zero_ok: bool| {
            let low_ok = if zero_ok { v >= 0.0 } else { v > 0.0 };
            if v.is_finite() && low_ok && v <= 1.0 {
                Ok(())
            } else if zero_ok {
                Err(NnError::Invalid(tr!(
                    "schedule-fraction-invalid",
                    name = name,
                    value = v.to_string()
                )))
            } else {
                Err(NnError::Invalid(tr!(
                    "schedule-factor-invalid",
                    name = name,
                    value = v.to_string()
                )))
            }
        };
        match self.kind {
            Schedule::Constant => {}
            Schedule::StepDecay { every, factor: f } => {
                steps("every", every)?;
                factor("factor", f, false)?;
            }
            Schedule::Exponential { decay } => factor("decay", decay, false)?,
            Schedule::Cosine { period, min_factor } => {
                steps("period", period)?;
                factor("min_factor", min_factor, true)?;
            }
        }
        if self.warmup > MAX_SCHEDULE_STEPS {
            return Err(NnError::Invalid(tr!(
                "schedule-warmup-invalid",
                value = self.warmup.to_string(),
                max = MAX_SCHEDULE_STEPS.to_string()
            )));
        }
        Ok(())
    }
}

/// Largest step count a schedule parameter may have (2^53, as sessions count steps).
pub const MAX_SCHEDULE_STEPS: u64 = 1 << 53;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn warm_up_then_step_decay_by_hand() {
        let s = LrSchedule {
            kind: Schedule::StepDecay {
                every: 2,
                factor: 0.5,
            },
            warmup: 3,
        };
        // Warm-up: 0.4 · 1/4, 2/4, 3/4; then 0.4, 0.4, 0.2, 0.2, 0.1.
        let want = [0.1, 0.2, 0.3, 0.4, 0.4, 0.2, 0.2, 0.1];
        for (k, w) in want.iter().enumerate() {
            let r = s.rate_at(0.4, k as u64);
            assert!((r - w).abs() < 1e-15, "step {k}: {r} vs {w}");
        }
        assert!(s.validate().is_ok());
        assert!(LrSchedule::CONSTANT.validate().is_ok());
    }

    #[test]
    fn out_of_range_parameters_are_refused() {
        for kind in [
            Schedule::StepDecay {
                every: 0,
                factor: 0.5,
            },
            Schedule::StepDecay {
                every: 1,
                factor: 1.5,
            },
            Schedule::Exponential { decay: 0.0 },
            Schedule::Exponential { decay: f64::NAN },
            Schedule::Cosine {
                period: 0,
                min_factor: 0.0,
            },
            Schedule::Cosine {
                period: 10,
                min_factor: -0.1,
            },
        ] {
            let s = LrSchedule { kind, warmup: 0 };
            assert!(s.validate().is_err(), "{s:?}");
        }
    }
}
