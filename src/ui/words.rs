//! The training worker's facts ([`Refusal`], [`StopReason`], [`DivergeCause`], a class
//! count change) as the sentences the app shows.

use crate::data::EditAction;
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
            format!("Ignored a point at a position that is not a number: {pos:?}")
        }
        Refusal::ClassOutOfRange { class, classes } => {
            format!("Ignored a point of class {class}: the data has only {classes} classes.")
        }
        Refusal::BadPointIndex { action, index, len } => {
            let what = match action {
                EditAction::Move => "move",
                EditAction::Remove => "remove",
            };
            format!("Could not {what} point {index}: there are only {len} points.")
        }
        Refusal::DataNotUsable { detail } => format!("Could not use the new points: {detail}"),
        Refusal::InvalidNetworkSettings { detail } => {
            format!("Could not use these network settings ({detail}); kept the old network.")
        }
        Refusal::InvalidTrainSettings { detail } => {
            format!("Could not use these training settings: {detail}")
        }
        Refusal::InvalidLearningRate { rate } => {
            format!("Ignored learning rate {rate}: it must be a positive number.")
        }
        Refusal::LearningRateNotSet { rate, detail } => {
            format!("Could not set the learning rate to {rate}: {detail}")
        }
        Refusal::NanSpeed => "Ignored a training speed that is not a number.".to_owned(),
        Refusal::InvalidView { bounds } => {
            format!("Ignored an empty or invalid view: {bounds:?}")
        }
        Refusal::NonFiniteParameter { parameter, value } => format!(
            "Ignored {} = {value}: a weight must be a number.",
            parameter_name(parameter)
        ),
        Refusal::NoSuchParameter { parameter, sizes } => {
            let what = match parameter {
                Parameter::Weight { .. } => "weight",
                Parameter::Bias { .. } => "bias",
            };
            format!(
                "Could not set {}: the network {sizes:?} has no such {what}.",
                parameter_name(parameter)
            )
        }
        Refusal::NoBiases { parameter } => format!(
            "Could not set {}: the network has no biases.",
            parameter_name(parameter)
        ),
        Refusal::ParameterNotSet { parameter, detail } => {
            format!("Could not set {}: {detail}", parameter_name(parameter))
        }
        Refusal::OptimizerRestarted { detail } => {
            format!("The optimiser restarted: {detail}")
        }
        Refusal::NoTrainingPoints => "There are no training points to step on.".to_owned(),
        Refusal::SessionNotLoaded { detail } => format!("Could not open the session: {detail}"),
        Refusal::ResetFailed { detail } => format!("Could not reset the weights: {detail}"),
        Refusal::SettingsLostAfterDivergence { detail } => {
            format!("Could not keep the training settings after divergence: {detail}")
        }
        Refusal::SnapshotNotFound { step } => {
            format!("There is no snapshot of step {step} to go back to.")
        }
        Refusal::SnapshotReplaced { asked, used } => {
            format!("The snapshot of step {asked} was no longer kept; went back to step {used}.")
        }
        Refusal::SnapshotNotRestored { step, detail } => {
            format!("Could not go back to step {step}: {detail}")
        }
    }
}

/// One sentence for why a stop condition paused training (starts with "Stopped: ").
pub(crate) fn stop_text(reason: &StopReason) -> String {
    match *reason {
        StopReason::ReachedSteps { max } => format!("Stopped: reached {max} steps"),
        StopReason::LossBelow { loss, max, step } => {
            format!("Stopped: loss {loss:.4} < {max} at step {step}")
        }
    }
}

/// One sentence for a divergence, naming the step and suggesting a lower learning rate.
pub(crate) fn diverged_text(step: u64, cause: DivergeCause, learning_rate: f64) -> String {
    let what = match cause {
        DivergeCause::LossNaN => "loss became NaN",
        DivergeCause::LossInfinite => "loss became infinite",
        DivergeCause::WeightsInfinite => "the weights became infinite",
        DivergeCause::OutputsOverflowed => "the network's outputs overflowed",
    };
    format!(
        "Training diverged at step {step} ({what}) with learning rate {learning_rate}. \
         Paused; lower the learning rate or press Reset."
    )
}

/// One sentence for a class count that changed the network's outputs.
pub(crate) fn classes_changed_text(classes: usize) -> String {
    format!("{classes} classes: the network's output changed, so its weights were reset.")
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
