//! The messages between the UI and the training worker.

use super::facts::{DivergeCause, Refusal, StopReason};
use super::history::LossHistory;
use crate::data::{Bounds, Dataset, MAX_CLASSES, PointEdit};
use crate::nn::kernels::{ROW_BLOCK, arg_max_rows};
use crate::nn::{GridPrediction, ModelConfig, Snapshot, TrainConfig};
use crate::render::Rgba8Image;
use crate::session::Session;
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Training speed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Speed {
    /// At most this many steps per second (clamped to `1.0 ..= 1e6`).
    StepsPerSecond(f64),
    /// As fast as the CPU allows.
    Unlimited,
}

impl Speed {
    /// Slowest finite speed.
    pub const MIN_STEPS_PER_SECOND: f64 = 1.0;
    /// Fastest finite speed.
    pub const MAX_STEPS_PER_SECOND: f64 = 1e6;

    /// The same speed with a finite rate clamped to the allowed range; `None` for a NaN rate.
    pub fn clamped(self) -> Option<Speed> {
        match self {
            Speed::StepsPerSecond(r) if r.is_nan() => None,
            Speed::StepsPerSecond(r) => Some(Speed::StepsPerSecond(
                r.clamp(Self::MIN_STEPS_PER_SECOND, Self::MAX_STEPS_PER_SECOND),
            )),
            Speed::Unlimited => Some(Speed::Unlimited),
        }
    }
}

/// UI → worker. Applied strictly in order.
///
/// Point indices refer to the dataset as it is after all earlier commands (the UI applies
/// the same edits to its own copy with the same [`Dataset::apply_edit`], so indices agree).
/// Whatever the worker refuses it answers with an [`Update::Refused`] and otherwise ignores.
#[derive(Clone, Debug)]
pub enum Command {
    /// One edit of the points, applied with [`Dataset::apply_edit`]; a refused edit changes
    /// nothing and answers [`Update::Refused`].
    EditPoints(PointEdit),
    /// Replaces all points; keeps the weights unless the class count changed.
    ReplaceDataset(Dataset),
    /// A new architecture: new weights from `seed`, the loss history restarts. An invalid
    /// config is refused ([`Refusal::InvalidNetworkSettings`]) and the old model keeps
    /// training.
    ReplaceModel {
        /// The new network and training settings.
        config: ModelConfig,
        /// Seed of the new weights.
        seed: u64,
    },
    /// New training settings; never resets the weights.
    SetTrainConfig(TrainConfig),
    /// New dropout rates of the hidden layers (one per layer, missing ones 0), used from the
    /// next training step; never resets the weights or the optimiser
    /// ([`Model::set_dropout`](crate::nn::Model::set_dropout)). Rates outside `[0, 0.9]` or
    /// more rates than hidden layers are refused ([`Refusal::InvalidNetworkSettings`]).
    SetDropout(Vec<f64>),
    /// New learning rate, used from the next step (refused with
    /// [`Refusal::InvalidLearningRate`] unless finite and positive).
    SetLearningRate(f64),
    /// New training speed.
    SetSpeed(Speed),
    /// Stops training.
    Pause,
    /// Starts training again.
    Resume,
    /// One step (also when paused), then stats and a heatmap at once.
    Step,
    /// Exactly `steps` training steps at once when running (none when paused), for a worker
    /// in manual mode ([`WorkerOptions::manual`](super::WorkerOptions::manual)), which never
    /// trains by itself. A stop condition or a divergence ends them early, as in free-running
    /// training. A free-running worker takes them on top of its own.
    Advance {
        /// How many steps.
        steps: u64,
    },
    /// New weights from `seed`, step 0, the loss history restarts.
    ResetWeights {
        /// Seed of the new weights.
        seed: u64,
    },
    /// The heatmap covers `bounds` with `resolution × resolution` cells (cell centres,
    /// [`GridSpec::cell_centers`](crate::nn::GridSpec::cell_centers)); the resolution is
    /// clamped to `16..=512`. A view that fails [`Bounds::is_valid_view`] is refused
    /// ([`Refusal::InvalidView`]).
    SetView {
        /// Data-space rectangle of the heatmap.
        bounds: Bounds,
        /// Cells per side.
        resolution: usize,
    },
    /// Makes the worker panic (to test recovery).
    #[cfg(feature = "test-hooks")]
    CrashForTest,
    /// Asks for the whole session (weights, optimiser state, points, loss history); the
    /// worker answers with [`Update::Session`].
    RequestSession,
    /// Replaces points, network, weights, optimiser state and loss history with a session's
    /// (already validated by [`Session::load`]); speed and view are the UI's to send.
    LoadSession(Box<Session>),
    /// Pauses training by itself once the training loss falls below `max_loss` or the step
    /// count reaches `max_steps` (`None`: no such limit), and says so with an
    /// [`Update::Stopped`].
    SetStopCondition {
        /// Stop when the loss on the training points is below this.
        max_loss: Option<f64>,
        /// Stop when this many steps are done.
        max_steps: Option<u64>,
    },
    /// Sets one weight, `W{layer}[row, col]` (input `row` → unit `col`), at once. A bad
    /// index or a value that is not finite is refused with an [`Update::Refused`].
    SetWeight {
        /// Layer (0 = input → first hidden layer).
        layer: usize,
        /// Input of the layer.
        row: usize,
        /// Unit of the layer.
        col: usize,
        /// The new weight.
        value: f64,
    },
    /// Sets one bias, `b{layer}[unit]`, at once (refused like [`Command::SetWeight`], also
    /// when the network has no biases).
    SetBias {
        /// Layer (0 = first hidden layer).
        layer: usize,
        /// Unit of the layer.
        unit: usize,
        /// The new bias.
        value: f64,
    },
    /// Per-unit maps (`HeatmapFrame::unit_maps`) on a `resolution²` grid (clamped to
    /// `8..=64`) while `enabled` (the network diagram is visible).
    SetUnitMaps {
        /// Compute them.
        enabled: bool,
        /// Cells per side.
        resolution: usize,
    },
    /// Computes one unit's map at the view's resolution (`HeatmapFrame::unit_image`):
    /// `(layer, unit)`, layer 0 = input features; `None` stops.
    ShowUnit(Option<(usize, usize)>),
    /// How heatmaps are coloured from now on ("Discretize output" and the like); the next
    /// heatmap shows it at once.
    SetHeatmapStyle(crate::render::HeatmapStyle),
    /// Goes back to the timeline's snapshot of exactly this step: its weights bit for bit,
    /// the step count, the loss history and timeline up to it (the optimiser state restarts).
    RestoreSnapshot {
        /// Step of a [`TimelineEntry`](super::TimelineEntry).
        step: u64,
    },
    /// Maps the data points and the view's grid lines into a layer's space with every full
    /// heatmap (`HeatmapFrame::hidden_space`); `None` (the view is closed) computes nothing.
    SetHiddenSpace(Option<crate::nn::HiddenSpaceSpec>),
    /// Maps the hidden space (while [`Command::SetHiddenSpace`] asks for one) with the
    /// timeline's snapshot of this step instead of the live weights — the view follows the
    /// timeline while it is scrubbed back; `None` goes back to the live weights.
    SetHiddenSpaceStep(Option<u64>),
}

/// A heatmap computed on the worker.
#[derive(Clone, Debug)]
pub struct HeatmapFrame {
    /// Rendered with [`crate::render::heatmap_into`] (boundary included); top row = `bounds.y_max`.
    pub image: Rgba8Image,
    /// The probabilities behind it (hover reads the nearest cell).
    pub prediction: GridPrediction,
    /// Data-space rectangle the image covers.
    pub bounds: Bounds,
    /// Model step it was computed at.
    pub step: u64,
    /// Seq of the last command applied before the model trained and this was computed.
    pub applied_seq: u64,
    /// The weights and input transform this heatmap was computed from (for hover, explain
    /// mode and the network diagram on the UI thread).
    pub model: Arc<Snapshot>,
    /// Every unit's activation on a small grid over `bounds` (only after
    /// [`Command::SetUnitMaps`] enabled them).
    pub unit_maps: Option<Arc<crate::nn::UnitMaps>>,
    /// The unit chosen with [`Command::ShowUnit`], coloured, over `bounds`.
    pub unit_image: Option<Arc<super::UnitImage>>,
    /// Cells per side the network was evaluated on (`prediction` and `image` may be
    /// interpolated from them to the view's resolution).
    pub predicted: usize,
    /// A coarse preview published right after an edit (points or view): `prediction` and
    /// `image` are [`PREVIEW_RESOLUTION`](super::PREVIEW_RESOLUTION) cells a side, the full
    /// heatmap follows, and `unit_maps`/`unit_image` are the last full heatmap's.
    pub preview: bool,
    /// The data points and grid lines in the hidden space asked for with
    /// [`Command::SetHiddenSpace`], from the same weights as the heatmap — or, after
    /// [`Command::SetHiddenSpaceStep`], from the timeline's snapshot of `hidden_space_step`.
    pub hidden_space: Option<Arc<crate::nn::HiddenSpace>>,
    /// The timeline step whose weights `hidden_space` is of (`None`: `model`'s).
    pub hidden_space_step: Option<u64>,
    /// When the worker put it in the slot (`--measure` splits an edit's latency there).
    pub published: std::time::Instant,
}

/// Worker → UI.
// `Stats` carries two fixed-size confusion matrices (~700 bytes): a few updates a frame
// move that much, which costs less than boxing each one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Update {
    /// Where training is.
    Stats(Stats),
    /// The whole (decimated) loss history; sent ≤ 20×/s and on every reset.
    Loss(Arc<LossHistory>),
    /// A stop condition paused training.
    Stopped {
        /// Which condition held.
        reason: StopReason,
    },
    /// The loss (or the weights, or the outputs) stopped being finite: the worker paused
    /// itself and restored the last finite weights.
    Diverged {
        /// Step at which training stopped being finite.
        step: u64,
        /// What stopped being finite.
        cause: DivergeCause,
        /// The learning rate in use then.
        learning_rate: f64,
    },
    /// The worker refused a command, or could not do all of it.
    Refused {
        /// What was refused, and why.
        kind: Refusal,
    },
    /// The dataset's class count changed the network's outputs, so its weights were drawn
    /// again (step 0, the loss history restarts).
    ClassesChanged {
        /// The new class count.
        classes: usize,
    },
    /// The worker thread panicked; this handle is dead.
    Crashed {
        /// The panic's message.
        panic: String,
    },
    /// Training's health changed: a condition appeared, changed its counts or cleared
    /// ([`Health::default`](super::Health) when all is well again, also after new weights).
    Health(super::Health),
    /// The answer to [`Command::RequestSession`]: points, network, weights, optimiser state,
    /// seed and loss history (speed, view and class names are left for the UI to fill in).
    Session(Box<Session>),
}

/// Where training is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    /// Steps taken since the weights were set.
    pub step: u64,
    /// Loss on the training points with the current weights (0 without training points).
    pub loss: f64,
    /// The tutorial's error, mean |y − out| on the training points (0 without any).
    pub error: f64,
    /// Fraction of training points classified correctly (0 without any).
    pub train_accuracy: f64,
    /// Fraction of test points classified correctly (`None` without any).
    pub test_accuracy: Option<f64>,
    /// Measured training speed since the previous stats.
    pub steps_per_second: f64,
    /// Whether training runs (not paused).
    pub running: bool,
    /// Learning rate in use.
    pub learning_rate: f64,
    /// Loss on the test points (`None` without any).
    pub test_loss: Option<f64>,
    /// The training settings in use (loss, optimiser, batch size, regularisation).
    pub train: TrainConfig,
    /// Confusion matrix of the training points, from the same forward pass as [`Self::loss`].
    pub train_confusion: Confusion,
    /// Confusion matrix of the test points (empty without any), from the pass of
    /// [`Self::test_loss`].
    pub test_confusion: Confusion,
    /// MSE, RMSE and R² on the training and test points in the target's units, for a
    /// regression dataset (`None` for classification); from the same forward passes.
    pub regression: Option<crate::nn::RegressionMetrics>,
}

/// A confusion matrix of up to [`MAX_CLASSES`] classes: rows = true class, columns =
/// predicted class. Fixed-size, so [`Stats`] stays `Copy` and computing one never allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Confusion {
    classes: usize,
    counts: [[u32; MAX_CLASSES]; MAX_CLASSES],
}

impl Default for Confusion {
    fn default() -> Self {
        Self::new(0)
    }
}

impl Confusion {
    /// An all-zero matrix for `classes` classes (at most [`MAX_CLASSES`]).
    pub fn new(classes: usize) -> Self {
        Self {
            classes: classes.min(MAX_CLASSES),
            counts: [[0; MAX_CLASSES]; MAX_CLASSES],
        }
    }

    /// Number of classes (rows and columns).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Points of class `truth` predicted as `predicted` (0 outside the matrix).
    pub fn get(&self, truth: usize, predicted: usize) -> u32 {
        if truth >= self.classes || predicted >= self.classes {
            return 0;
        }
        self.counts
            .get(truth)
            .and_then(|r| r.get(predicted))
            .copied()
            .unwrap_or(0)
    }

    /// Points counted.
    pub fn total(&self) -> u64 {
        self.rows().flatten().map(u64::from).sum()
    }

    /// The rows (true classes), each `classes` long.
    pub fn rows(&self) -> impl Iterator<Item = impl Iterator<Item = u32> + '_> + '_ {
        self.counts
            .iter()
            .take(self.classes)
            .map(|r| r.iter().take(self.classes).copied())
    }

    /// The matrix as nested vectors (rows = true class), as [`Snapshot::confusion`] gives it.
    pub fn to_vecs(&self) -> Vec<Vec<u32>> {
        self.rows().map(Iterator::collect).collect()
    }

    /// Counts a batch from a forward pass: `outputs` and one-hot (or single 0/1) `targets`,
    /// both `n × outputs`. The predicted class is the one [`Snapshot::classify`] picks: the
    /// output above 0.5 for one sigmoid output, else the largest output (the first on ties).
    pub fn count(&mut self, outputs: &DMatrix<f64>, targets: &DMatrix<f64>) {
        let (n, m) = outputs.shape();
        if targets.shape() != (n, m) || m == 0 {
            return;
        }
        let (a, y) = (outputs.as_slice(), targets.as_slice());
        let (mut predicted, mut truth) = ([0usize; ROW_BLOCK], [0usize; ROW_BLOCK]);
        for r0 in (0..n).step_by(ROW_BLOCK) {
            let len = ROW_BLOCK.min(n - r0);
            let (p, t) = (&mut predicted[..len], &mut truth[..len]);
            if m == 1 {
                let above = |c: &mut [usize], v: &[f64]| {
                    c.iter_mut()
                        .zip(&v[r0..r0 + len])
                        .for_each(|(c, &v)| *c = usize::from(v > 0.5));
                };
                above(p, a);
                above(t, y);
            } else {
                arg_max_rows(a, n, m, r0, p);
                arg_max_rows(y, n, m, r0, t);
            }
            for (i, (&t, &p)) in (r0..).zip(t.iter().zip(p.iter())) {
                // A target row without a 1 (a class the network has no output for) is skipped.
                let hot = m == 1 || (0..m).any(|j| y.get(j * n + i).is_some_and(|&v| v > 0.5));
                if let Some(c) = self.counts.get_mut(t).and_then(|r| r.get_mut(p))
                    && hot
                    && t < self.classes
                    && p < self.classes
                {
                    *c += 1;
                }
            }
        }
    }
}
