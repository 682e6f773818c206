//! The training worker's facts ([`Refusal`], [`StopReason`], [`DivergeCause`], a class
//! count change) as the sentences the app shows.

use crate::data::EditAction;
use crate::tr;
use crate::train::{DivergeCause, Parameter, Refusal, StopReason};

/// How a parameter is written in the tutorial's notation: `W0[1,2]`, `b1[0]`.
fn parameter_name(p: &Parameter) -> String {
    match *p {
        Parameter::Weight { layer, row, col } => format!("W{layer}[{row},{col}]"),
        Parameter::Bias { layer, unit } => format!("b{layer}[{unit}]"),
    }
}

/// One sentence for what the worker refused.
pub(crate) fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::NonFinitePosition { pos } => {
            tr!("refusal-non-finite-position", position = format!("{pos:?}"))
        }
        Refusal::NonFiniteValue => tr!("edit-value-non-finite"),
        Refusal::ClassOutOfRange { class, classes } => {
            tr!(
                "refusal-class-out-of-range",
                class = class,
                classes = classes
            )
        }
        Refusal::BadPointIndex { action, index, len } => {
            let (index, len) = (*index, *len);
            match action {
                EditAction::Move => tr!("refusal-bad-point-move", index = index, len = len),
                EditAction::Remove => tr!("refusal-bad-point-remove", index = index, len = len),
                EditAction::SetValue => tr!("refusal-bad-point-value", index = index, len = len),
            }
        }
        Refusal::DataNotUsable { detail } => {
            tr!("refusal-data-not-usable", detail = detail.as_str())
        }
        Refusal::InvalidNetworkSettings { detail } => {
            tr!("refusal-invalid-network", detail = detail.as_str())
        }
        Refusal::InvalidTrainSettings { detail } => {
            tr!("refusal-invalid-training", detail = detail.as_str())
        }
        Refusal::InvalidLearningRate { rate } => {
            tr!("refusal-invalid-learning-rate", rate = rate.to_string())
        }
        Refusal::LearningRateNotSet { rate, detail } => {
            tr!(
                "refusal-learning-rate-not-set",
                rate = rate.to_string(),
                detail = detail.as_str()
            )
        }
        Refusal::NanSpeed => tr!("refusal-nan-speed"),
        Refusal::InvalidView { bounds } => {
            tr!("refusal-invalid-view", bounds = format!("{bounds:?}"))
        }
        Refusal::NonFiniteParameter { parameter, value } => tr!(
            "refusal-non-finite-parameter",
            parameter = parameter_name(parameter),
            value = value.to_string()
        ),
        Refusal::NoSuchParameter { parameter, sizes } => {
            let name = parameter_name(parameter);
            let sizes = format!("{sizes:?}");
            match parameter {
                Parameter::Weight { .. } => {
                    tr!("refusal-no-such-weight", parameter = name, sizes = sizes)
                }
                Parameter::Bias { .. } => {
                    tr!("refusal-no-such-bias", parameter = name, sizes = sizes)
                }
            }
        }
        Refusal::NoBiases { parameter } => {
            tr!("refusal-no-biases", parameter = parameter_name(parameter))
        }
        Refusal::ParameterNotSet { parameter, detail } => {
            tr!(
                "refusal-parameter-not-set",
                parameter = parameter_name(parameter),
                detail = detail.as_str()
            )
        }
        Refusal::OptimizerRestarted { detail } => {
            tr!("refusal-optimizer-restarted", detail = detail.as_str())
        }
        Refusal::NoTrainingPoints => tr!("refusal-no-training-points"),
        Refusal::SessionNotLoaded { detail } => {
            tr!("refusal-session-not-loaded", detail = detail.as_str())
        }
        Refusal::ResetFailed { detail } => tr!("refusal-reset-failed", detail = detail.as_str()),
        Refusal::SettingsLostAfterDivergence { detail } => {
            tr!("refusal-settings-lost", detail = detail.as_str())
        }
        Refusal::SnapshotNotFound { step } => {
            let step = *step;
            tr!("refusal-snapshot-not-found", step = step)
        }
        Refusal::SnapshotReplaced { asked, used } => {
            let (asked, used) = (*asked, *used);
            tr!("refusal-snapshot-replaced", asked = asked, used = used)
        }
        Refusal::SnapshotNotRestored { step, detail } => {
            let step = *step;
            tr!(
                "refusal-snapshot-not-restored",
                step = step,
                detail = detail.as_str()
            )
        }
    }
}

/// One sentence for why a stop condition paused training (starts with "Stopped: ").
pub(crate) fn stop_text(reason: &StopReason) -> String {
    match *reason {
        StopReason::ReachedSteps { max } => tr!("stop-reached-steps", max = max),
        StopReason::LossBelow { loss, max, step } => tr!(
            "stop-loss-below",
            loss = format!("{loss:.4}"),
            max = max.to_string(),
            step = step
        ),
    }
}

/// One sentence for a divergence, naming the step and suggesting a lower learning rate.
pub(crate) fn diverged_text(step: u64, cause: DivergeCause, learning_rate: f64) -> String {
    let what = match cause {
        DivergeCause::LossNaN => tr!("diverged-loss-nan"),
        DivergeCause::LossInfinite => tr!("diverged-loss-infinite"),
        DivergeCause::WeightsInfinite => tr!("diverged-weights-infinite"),
        DivergeCause::OutputsOverflowed => tr!("diverged-outputs-overflowed"),
    };
    tr!(
        "diverged",
        step = step,
        what = what,
        rate = learning_rate.to_string()
    )
}

/// One sentence for a class count that changed the network's outputs.
pub(crate) fn classes_changed_text(classes: usize) -> String {
    tr!("classes-changed", classes = classes)
}

/// "1 point", "5 points".
pub(crate) fn points_word(n: usize) -> String {
    tr!("points", count = n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentences_tests_and_users_know_stay_the_same() {
        assert_eq!(
            stop_text(&StopReason::ReachedSteps { max: 300 }),
            "Stopped: reached 300 steps"
        );
        assert_eq!(
            stop_text(&StopReason::LossBelow {
                loss: 0.01234,
                max: 0.05,
                step: 7
            }),
            "Stopped: loss 0.0123 < 0.05 at step 7"
        );
        assert_eq!(
            diverged_text(12, DivergeCause::LossNaN, 10.0),
            "Training diverged at step 12 (loss became NaN) with learning rate 10. \
             Paused; lower the learning rate or press Reset."
        );
        assert!(classes_changed_text(3).starts_with("3 classes"));
        let bias = Parameter::Bias { layer: 0, unit: 0 };
        assert!(refusal_text(&Refusal::NoBiases { parameter: bias }).contains("b0[0]"));
    }
}
