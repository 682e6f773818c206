//! `nnviz train`'s options of the update rule's rate: `--rho` (RMSProp) and the
//! learning-rate schedule (`--schedule`, its parameters, `--warmup`).

use super::{CliError, TrainArgs, bad};
use crate::nn::{LrSchedule, Optimizer, Schedule, TrainConfig};
use crate::tr;

/// `--rho`: RMSProp's ρ (with `--optimizer rmsprop`, or a session that uses it).
pub(super) fn apply_rmsprop_options(args: &TrainArgs, t: &mut TrainConfig) -> Result<(), CliError> {
    let Some(rho) = args.rho else {
        return Ok(());
    };
    if !(rho.is_finite() && (0.0..1.0).contains(&rho)) {
        return Err(bad(tr!("cli-rho", rho = rho.to_string())));
    }
    match &mut t.optimizer {
        Optimizer::RmsProp { rho: r, .. } => *r = rho,
        other => {
            return Err(bad(tr!(
                "cli-rho-needs-rmsprop",
                optimizer = other.to_string()
            )));
        }
    }
    Ok(())
}

/// `--schedule`, its parameters and `--warmup`. Re-choosing the schedule a session already
/// uses keeps its parameters; a parameter of another schedule than the one in effect is
/// refused with the schedule it needs.
pub(super) fn apply_schedule_options(args: &TrainArgs, s: &mut LrSchedule) -> Result<(), CliError> {
    if let Some(name) = &args.schedule {
        let kind = match name.trim().to_ascii_lowercase().as_str() {
            "constant" => Schedule::Constant,
            "step" => Schedule::STEP_DECAY,
            "exp" => Schedule::EXPONENTIAL,
            "cosine" => Schedule::COSINE,
            _ => return Err(bad(tr!("cli-schedule-unknown", schedule = name.as_str()))),
        };
        if std::mem::discriminant(&kind) != std::mem::discriminant(&s.kind) {
            s.kind = kind;
        }
    }
    let needs = |flag: &str, schedule: &str, current: &Schedule| {
        bad(tr!(
            "cli-schedule-option-needs",
            option = flag,
            schedule = schedule,
            current = current.name()
        ))
    };
    let current = s.kind;
    if let Some(n) = args.lr_step {
        match &mut s.kind {
            Schedule::StepDecay { every, .. } => *every = n,
            _ => return Err(needs("--lr-step", "step", &current)),
        }
    }
    if let Some(f) = args.lr_factor {
        match &mut s.kind {
            Schedule::StepDecay { factor, .. } => *factor = f,
            _ => return Err(needs("--lr-factor", "step", &current)),
        }
    }
    if let Some(f) = args.lr_decay {
        match &mut s.kind {
            Schedule::Exponential { decay } => *decay = f,
            _ => return Err(needs("--lr-decay", "exp", &current)),
        }
    }
    if let Some(n) = args.lr_period {
        match &mut s.kind {
            Schedule::Cosine { period, .. } => *period = n,
            _ => return Err(needs("--lr-period", "cosine", &current)),
        }
    }
    if let Some(f) = args.lr_min {
        match &mut s.kind {
            Schedule::Cosine { min_factor, .. } => *min_factor = f,
            _ => return Err(needs("--lr-min", "cosine", &current)),
        }
    }
    if let Some(n) = args.warmup {
        s.warmup = n;
    }
    // Says which option is out of range, in the words of the schedule's own check.
    let steps_ok = |n: u64| (1..=crate::nn::schedule::MAX_SCHEDULE_STEPS).contains(&n);
    let kind_ok = LrSchedule { warmup: 0, ..*s }.validate().is_ok();
    s.validate().map_err(|e| {
        let option = match s.kind {
            _ if kind_ok => "--warmup",
            Schedule::StepDecay { every, .. } if !steps_ok(every) => "--lr-step",
            Schedule::StepDecay { .. } => "--lr-factor",
            Schedule::Exponential { .. } => "--lr-decay",
            Schedule::Cosine { period, .. } if !steps_ok(period) => "--lr-period",
            Schedule::Cosine { .. } => "--lr-min",
            Schedule::Constant => "--warmup",
        };
        bad(tr!(
            "cli-schedule-invalid",
            option = option,
            detail = e.to_string()
        ))
    })
}
