//! What the worker reports, as facts: why training stopped or diverged, and what it refused.
//!
//! The worker never writes sentences; the UI words these (`ui::words`), and tests match on
//! them.

use crate::data::{Bounds, EditAction, EditRefusal};

/// What is wrong with training though it stays finite (saturated units, dead ReLUs, an
/// oscillating loss), sent as [`Update::Health`](super::Update::Health) when it changes.
pub use crate::nn::health::{Health, Units};

/// Why a stop condition ([`Command::SetStopCondition`](super::Command::SetStopCondition))
/// paused training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StopReason {
    /// The step count reached the limit.
    ReachedSteps {
        /// The step limit.
        max: u64,
    },
    /// The loss on the training points fell below the limit.
    LossBelow {
        /// The loss measured.
        loss: f64,
        /// The loss limit.
        max: f64,
        /// The step at which it was measured.
        step: u64,
    },
}

/// What stopped being finite when training diverged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergeCause {
    /// The loss became NaN.
    LossNaN,
    /// The loss became infinite.
    LossInfinite,
    /// A weight became infinite (or NaN).
    WeightsInfinite,
    /// The weights were finite but the network's outputs on the heatmap's grid overflowed.
    OutputsOverflowed,
}

/// One weight or bias of the network, as [`Command::SetWeight`](super::Command::SetWeight)
/// and [`Command::SetBias`](super::Command::SetBias) name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// `W{layer}[row, col]`: input `row` → unit `col` of layer `layer`.
    Weight {
        /// Layer (0 = input → first hidden layer).
        layer: usize,
        /// Input of the layer.
        row: usize,
        /// Unit of the layer.
        col: usize,
    },
    /// `b{layer}[unit]`.
    Bias {
        /// Layer (0 = first hidden layer).
        layer: usize,
        /// Unit of the layer.
        unit: usize,
    },
}

/// Something the worker refused or could not do; the command changed nothing unless the
/// variant says otherwise. `detail` fields carry a nested library error's own message.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// A point edit with a position that is not a number.
    NonFinitePosition {
        /// The position given.
        pos: [f64; 2],
    },
    /// A new point of a class the dataset does not have.
    ClassOutOfRange {
        /// The point's class.
        class: usize,
        /// The dataset's class count.
        classes: usize,
    },
    /// A point edit with an index past the last point.
    BadPointIndex {
        /// What the edit would have done.
        action: EditAction,
        /// The index given.
        index: usize,
        /// How many points there are.
        len: usize,
    },
    /// The network could not be given the new points (they are kept; the model trains on
    /// what it had).
    DataNotUsable {
        /// The model's error.
        detail: String,
    },
    /// [`Command::ReplaceModel`](super::Command::ReplaceModel) with invalid network
    /// settings; the old network keeps training.
    InvalidNetworkSettings {
        /// The model's error.
        detail: String,
    },
    /// [`Command::SetTrainConfig`](super::Command::SetTrainConfig) with invalid training
    /// settings.
    InvalidTrainSettings {
        /// The model's error.
        detail: String,
    },
    /// A learning rate that is not a positive number.
    InvalidLearningRate {
        /// The rate given.
        rate: f64,
    },
    /// A positive learning rate the model still did not accept.
    LearningRateNotSet {
        /// The rate given.
        rate: f64,
        /// The model's error.
        detail: String,
    },
    /// A training speed of NaN steps per second.
    NanSpeed,
    /// A heatmap view that fails [`Bounds::is_valid_view`].
    InvalidView {
        /// The rectangle given.
        bounds: Bounds,
    },
    /// A weight or bias set to a value that is not a number.
    NonFiniteParameter {
        /// Which one.
        parameter: Parameter,
        /// The value given.
        value: f64,
    },
    /// A weight or bias index the network does not have.
    NoSuchParameter {
        /// Which one.
        parameter: Parameter,
        /// The network's layer sizes, inputs first.
        sizes: Vec<usize>,
    },
    /// A bias set on a network without biases.
    NoBiases {
        /// Which one.
        parameter: Parameter,
    },
    /// The model did not accept the edited parameters.
    ParameterNotSet {
        /// Which one.
        parameter: Parameter,
        /// The model's error.
        detail: String,
    },
    /// The weights changed as asked, but the optimiser's state could not be kept and
    /// restarted.
    OptimizerRestarted {
        /// The model's error.
        detail: String,
    },
    /// [`Command::Step`](super::Command::Step) without training points.
    NoTrainingPoints,
    /// [`Command::LoadSession`](super::Command::LoadSession) with a session whose model
    /// could not be built.
    SessionNotLoaded {
        /// The session's error.
        detail: String,
    },
    /// [`Command::ResetWeights`](super::Command::ResetWeights) failed.
    ResetFailed {
        /// The model's error.
        detail: String,
    },
    /// After a divergence the user's training settings could not be restored on the last
    /// finite weights (the snapshot's are in use).
    SettingsLostAfterDivergence {
        /// The model's error.
        detail: String,
    },
    /// [`Command::RestoreSnapshot`](super::Command::RestoreSnapshot) of a step the
    /// timeline has no snapshot at or before.
    SnapshotNotFound {
        /// The step asked for.
        step: u64,
    },
    /// The snapshot of the step asked for was no longer kept: the worker went back to an
    /// earlier one instead (done, not refused).
    SnapshotReplaced {
        /// The step asked for.
        asked: u64,
        /// The step gone back to.
        used: u64,
    },
    /// The snapshot's weights could not be put back.
    SnapshotNotRestored {
        /// The snapshot's step.
        step: u64,
        /// The model's error.
        detail: String,
    },
}

impl From<EditRefusal> for Refusal {
    fn from(e: EditRefusal) -> Self {
        match e {
            EditRefusal::NonFinitePosition { pos } => Refusal::NonFinitePosition { pos },
            EditRefusal::ClassOutOfRange { class, classes } => {
                Refusal::ClassOutOfRange { class, classes }
            }
            EditRefusal::BadIndex { action, index, len } => {
                Refusal::BadPointIndex { action, index, len }
            }
        }
    }
}
