//! One training step: forward pass, loss, backward pass, weight update — allocation-free.
//!
//! The hot loop runs on preallocated column-major buffers. It is compiled three times: for
//! the baseline CPU, with AVX2 + FMA and with AVX-512, picked at run time
//! ([`crate::nn::simd::KernelPath`]), so the same binary runs everywhere and is fast where the
//! CPU allows.

mod lanes;
mod parallel;
mod shaped;
mod step;
mod tiny;
mod workspace;

use super::loss::Loss;
use super::mlp::Mlp;
use super::optimizer::Optimizer;
use super::schedule::LrSchedule;
use nalgebra::DMatrix;
pub use parallel::{
    MIN_ROWS as PARALLEL_MIN_ROWS, MIN_SPLIT_ROWS as PARALLEL_MIN_SPLIT_ROWS,
    MIN_WORK as PARALLEL_MIN_WORK, set_step_threads,
};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use step::{run_evaluate, run_step};
use workspace::Workspace;

/// When a layer's weights are updated relative to sending its error further back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateOrder {
    /// The tutorial's order: a layer is updated first, and the error is sent back through
    /// the *updated* weights (`E1 = D2 · W1ᵀ` after `W1 += …`).
    Tutorial,
    /// Textbook back-propagation: every gradient comes from the same, pre-update weights.
    #[default]
    Textbook,
}

impl std::str::FromStr for UpdateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "tutorial" => Ok(UpdateOrder::Tutorial),
            "textbook" => Ok(UpdateOrder::Textbook),
            _ => Err(format!(
                "unknown update order '{s}' (expected tutorial or textbook)"
            )),
        }
    }
}

impl std::fmt::Display for UpdateOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UpdateOrder::Tutorial => "tutorial",
            UpdateOrder::Textbook => "textbook",
        })
    }
}

static GENERAL_ONLY: AtomicBool = AtomicBool::new(false);

/// With `true`, every step takes the general path even where the tiny-network paths (one
/// vector of 8 samples, layers of at most 8 units; the tutorial's shape compiled for its
/// widths) fit; `false` lets it run again.
/// Process-wide, for tests and benchmarks that compare the two (they give the same numbers).
pub fn force_general_path(on: bool) {
    GENERAL_ONLY.store(on, Ordering::Relaxed);
}

fn general_path_forced() -> bool {
    GENERAL_ONLY.load(Ordering::Relaxed)
}

/// Largest mini-batch size a setting may ask for (as many as the most points a dataset may
/// have; 0 means the whole training set).
pub const MAX_BATCH_SIZE: usize = 1_000_000;

/// Everything about *how* to train (as opposed to the network's shape).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// The loss.
    pub loss: Loss,
    /// The base step size; may change between steps. Each step uses
    /// [`Self::rate_at`] of it, which is this rate unless a schedule is set.
    pub learning_rate: f64,
    /// Update rule.
    pub optimizer: Optimizer,
    /// Tutorial or textbook order (see [`UpdateOrder`]).
    pub update_order: UpdateOrder,
    /// Samples per step; 0 means the whole training set (full batch).
    pub batch_size: usize,
    /// L1 regularisation rate (on weights, not biases).
    pub l1: f64,
    /// L2 regularisation rate (on weights, not biases).
    pub l2: f64,
    /// How the rate follows the step (constant by default, also in files written before
    /// schedules existed). Not written when constant, so such files stay as they were.
    #[serde(default, skip_serializing_if = "LrSchedule::is_constant")]
    pub schedule: LrSchedule,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self::tutorial()
    }
}

impl TrainConfig {
    /// The tutorial: sum-of-squares loss, full-batch SGD at 0.01, tutorial update order.
    pub fn tutorial() -> Self {
        Self {
            loss: Loss::TutorialSse,
            learning_rate: 0.01,
            optimizer: Optimizer::Sgd,
            update_order: UpdateOrder::Tutorial,
            batch_size: 0,
            l1: 0.0,
            l2: 0.0,
            schedule: LrSchedule::CONSTANT,
        }
    }

    /// The learning rate of step `step` (steps trained before it since the weights were
    /// drawn, [`Trainer::steps`]): the schedule applied to the base rate.
    #[inline]
    pub fn rate_at(&self, step: u64) -> f64 {
        self.schedule.rate_at(self.learning_rate, step)
    }
}

/// What one step saw, measured on its batch *before* the update (as the tutorial prints).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepStats {
    /// Loss value of the batch.
    pub loss: f64,
    /// The tutorial's "Error": mean of |target − output| over the batch and outputs.
    pub error: f64,
    /// Samples classified correctly in the batch.
    pub correct: usize,
    /// Samples in the batch.
    pub samples: usize,
}

impl StepStats {
    /// Fraction of the batch classified correctly.
    pub fn accuracy(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            self.correct as f64 / self.samples as f64
        }
    }
}

/// Optimiser state of one layer: up to two slots each for weights and biases
/// (momentum's velocity in slot 1; Adam's first and second moments in slots 1 and 2),
/// in nalgebra's column-major order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayerState {
    /// Slot 1 for the weights.
    pub w1: Vec<f64>,
    /// Slot 2 for the weights.
    pub w2: Vec<f64>,
    /// Slot 1 for the biases.
    pub b1: Vec<f64>,
    /// Slot 2 for the biases.
    pub b2: Vec<f64>,
    /// Optimiser steps this state has seen since the optimiser last started afresh (Adam's
    /// bias-correction `t`); it falls behind [`TrainerState::steps`] when the optimiser
    /// starts afresh: a change of optimiser, new weights set without the saved state, or
    /// resuming from a timeline snapshot. A weight edited in the app keeps this state
    /// (moments and `t`). `None` (files written before nnviz kept the two apart) means `t`
    /// equals [`TrainerState::steps`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<u64>,
}

/// Everything a trainer remembers between steps, for saving a session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainerState {
    /// Steps trained in all since the weights were drawn (the step count shown and saved);
    /// changing the optimiser or editing a weight does not reset it.
    pub steps: u64,
    /// Per-layer optimiser state, each with the optimiser's own step count `t`. Empty: a
    /// fresh optimiser whose `t` equals `steps` (how files without `t` were written).
    pub layers: Vec<LayerState>,
}

/// Trains an [`Mlp`] step by step. Owns the buffers and optimiser state, not the network.
#[derive(Clone, Debug)]
pub struct Trainer {
    /// The settings; change them freely between steps (the learning rate takes effect at once).
    pub config: TrainConfig,
    ws: Workspace,
    /// Buffers of evaluations: two, so the training and the test points, evaluated one after
    /// the other, each keep theirs instead of resizing (allocating) one at every call.
    eval_ws: [Workspace; 2],
    /// Which of `eval_ws` the last evaluation used.
    eval_last: usize,
    state: Vec<LayerState>,
    /// Steps trained in all (see [`TrainerState::steps`]).
    steps: u64,
    /// The optimiser's own step count since it last started afresh (Adam's `t`). Whenever
    /// `state` is empty it equals `steps`, so [`TrainerState`] can always express it.
    opt_steps: u64,
    rng: SplitMix64,
    order: Vec<usize>,
    cursor: usize,
    /// Dropout rate of each hidden layer (see [`Self::set_dropout`]).
    dropout: Vec<f64>,
    /// Draws the dropout masks: its own stream, so dropout does not change the batches.
    drop_rng: SplitMix64,
}

impl Trainer {
    /// A trainer for `config`; `seed` drives mini-batch shuffling.
    pub fn new(config: TrainConfig, seed: u64) -> Self {
        Self {
            config,
            ws: Workspace::default(),
            eval_ws: Default::default(),
            eval_last: 0,
            state: Vec::new(),
            steps: 0,
            opt_steps: 0,
            rng: SplitMix64(seed),
            order: Vec::new(),
            cursor: 0,
            dropout: Vec::new(),
            drop_rng: SplitMix64(seed ^ DROPOUT_STREAM),
        }
    }

    /// Dropout rates of the hidden layers, input side first (missing ones are 0), used by
    /// training steps only ([`Self::evaluate`] always sees the whole network). Inverted
    /// dropout: each step keeps a unit with probability `1 − p` and scales it by
    /// `1 / (1 − p)`; the masks come from the trainer's seeded generator, so a seed gives the
    /// same run. Rates of 0 draw nothing (the step is exactly the one without dropout).
    pub fn set_dropout(&mut self, rates: &[f64]) {
        self.dropout.clear();
        self.dropout.extend_from_slice(rates);
    }

    /// The dropout rates last set (see [`Self::set_dropout`]).
    pub fn dropout(&self) -> &[f64] {
        &self.dropout
    }

    /// Steps trained in all since creation (or the last restored state), counting across
    /// optimiser changes ([`Self::reset_optimizer`]).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The optimiser's own step count since it last started afresh (Adam's `t`).
    pub fn optimizer_steps(&self) -> u64 {
        self.opt_steps
    }

    /// The optimiser state and both step counts.
    pub fn state(&self) -> TrainerState {
        TrainerState {
            steps: self.steps,
            layers: self
                .state
                .iter()
                .map(|l| LayerState {
                    t: Some(self.opt_steps),
                    ..l.clone()
                })
                .collect(),
        }
    }

    /// Restores a saved state. A layer state whose sizes do not fit `mlp` is refused, and so
    /// are layers that disagree on their optimiser step count `t` or count more steps than
    /// `steps`. Layers without `t` (older files) take `t = steps`.
    pub fn set_state(&mut self, mlp: &Mlp, state: TrainerState) -> Result<(), crate::nn::NnError> {
        let invalid = |msg: String| Err(crate::nn::NnError::Invalid(msg));
        if !state.layers.is_empty() {
            let misfit =
                |what: String| invalid(format!("optimiser state does not fit the network: {what}"));
            if state.layers.len() != mlp.layers.len() {
                return misfit(format!(
                    "it has {} layers, the network {}",
                    state.layers.len(),
                    mlp.layers.len()
                ));
            }
            for (i, (s, l)) in state.layers.iter().zip(&mlp.layers).enumerate() {
                let (r, c) = l.weights.shape();
                let nb = l.biases.as_ref().map_or(0, |b| b.len());
                let slots = [
                    ("w1", &s.w1, r * c),
                    ("w2", &s.w2, r * c),
                    ("b1", &s.b1, nb),
                    ("b2", &s.b2, nb),
                ];
                for (name, v, want) in slots {
                    if v.len() != want {
                        let needs = if name.starts_with('w') {
                            format!("the layer's {r}x{c} weight matrix needs {want}")
                        } else if nb == 0 {
                            "the layer has no biases, so 0".to_string()
                        } else {
                            format!("the layer's {nb} biases need {want}")
                        };
                        return misfit(format!(
                            "layer {i}: {name} has {} values where {needs}",
                            v.len()
                        ));
                    }
                    if !v.iter().all(|x| x.is_finite()) {
                        return misfit(format!(
                            "layer {i}: {name} holds a value that is not a finite number"
                        ));
                    }
                }
            }
        }
        let t = match state.layers.first().map(|l| l.t) {
            None | Some(None) => state.steps,
            Some(Some(t)) => t,
        };
        if state.layers.iter().any(|l| l.t.unwrap_or(state.steps) != t) {
            return invalid("the optimiser's layers disagree on their step count t".into());
        }
        if t > state.steps {
            return invalid(format!(
                "the optimiser's step count t = {t} is more than the {} steps trained",
                state.steps
            ));
        }
        self.steps = state.steps;
        self.opt_steps = t;
        self.state = state.layers;
        Ok(())
    }

    /// Starts the optimiser afresh — no velocity or moments, Adam's `t` back to 0, a new
    /// mini-batch epoch — and keeps the total step count. For a new optimiser kind or
    /// replaced weights ([`crate::nn::Model::set_parameters`]); `mlp` is the network it will
    /// train.
    pub fn reset_optimizer(&mut self, mlp: &Mlp) {
        self.state.clear();
        // Zeroed state is the same as none, but unlike none it says `t = 0` when saved.
        self.ensure_state(mlp);
        self.opt_steps = 0;
        self.cursor = 0;
        self.order.clear();
    }

    /// One optimisation step of `mlp` on inputs `x` (`n × inputs`) and targets `y`
    /// (`n × outputs`). Returns `None` when there are no samples.
    pub fn step(&mut self, mlp: &mut Mlp, x: &DMatrix<f64>, y: &DMatrix<f64>) -> Option<StepStats> {
        let n = x.nrows();
        if n == 0 || y.nrows() != n || x.ncols() != mlp.inputs() || y.ncols() != mlp.outputs() {
            return None;
        }
        self.ensure_state(mlp);
        // The schedule counts the steps since the weights were drawn (see `nn::schedule`).
        let config = TrainConfig {
            learning_rate: self.config.rate_at(self.steps),
            ..self.config
        };
        self.steps += 1;
        self.opt_steps += 1;
        let batch = self.config.batch_size;
        let use_batch = batch > 0 && batch < n;
        if use_batch {
            self.gather_batch(x, y, batch);
        }
        let ws = &mut self.ws;
        // Take the batch buffers out so the workspace can be borrowed mutably beside them.
        let (bx, by) = (
            std::mem::take(&mut ws.batch_x),
            std::mem::take(&mut ws.batch_y),
        );
        let (xs, ys) = if use_batch { (&bx, &by) } else { (x, y) };
        // The tutorial's shape first, before any other dispatch: its whole step is ~100 ns,
        // so the checks on the way to the tiny path were a good part of it. Dropout (drawn
        // for hidden layers only) is not on that path.
        let hidden = mlp.layers.len().saturating_sub(1);
        let dropout = self.dropout.iter().take(hidden).any(|&p| p > 0.0);
        if !dropout && !general_path_forced() {
            let (cfg, t, st) = (&config, self.opt_steps, &mut self.state);
            if let Some(stats) = shaped::try_step(cfg, t, mlp, st, xs.as_slice(), ys.as_slice()) {
                ws.batch_x = bx;
                ws.batch_y = by;
                return Some(stats);
            }
        }
        draw_masks(ws, mlp, xs.nrows(), &self.dropout, &mut self.drop_rng);
        let stats = run_step(&config, self.opt_steps, mlp, ws, &mut self.state, xs, ys);
        ws.batch_x = bx;
        ws.batch_y = by;
        Some(stats)
    }

    /// Loss, error and accuracy of `mlp` on `x`/`y` without changing anything, on the step's
    /// kernel path: on a step's batch, before the step, the numbers the step reports (when it
    /// is not cut in halves).
    pub fn evaluate(&mut self, mlp: &Mlp, x: &DMatrix<f64>, y: &DMatrix<f64>) -> Option<StepStats> {
        let n = x.nrows();
        if n == 0 || y.nrows() != n || x.ncols() != mlp.inputs() || y.ncols() != mlp.outputs() {
            return None;
        }
        let m = mlp.outputs();
        let scale = self.config.loss.scale(n, m);
        // The buffers already sized for `n` rows, else the ones not used last.
        let rows = |ws: &Workspace| ws.acts.first().map(|a| a.nrows());
        let i = (0..2)
            .find(|&i| rows(&self.eval_ws[i]) == Some(n))
            .unwrap_or(1 - self.eval_last);
        self.eval_last = i;
        let ws = &mut self.eval_ws[i];
        let (loss, abs_err, correct) = run_evaluate(self.config.loss, mlp, ws, x, y);
        Some(StepStats {
            loss: loss * scale,
            error: abs_err / (n * m) as f64,
            correct,
            samples: n,
        })
    }

    /// The outputs (`n × outputs`) of the last [`Self::evaluate`] that returned stats.
    pub fn eval_outputs(&self) -> Option<&DMatrix<f64>> {
        self.eval_ws[self.eval_last].acts.last()
    }

    fn ensure_state(&mut self, mlp: &Mlp) {
        let fits = self.state.len() == mlp.layers.len()
            && self.state.iter().zip(&mlp.layers).all(|(s, l)| {
                s.w1.len() == l.weights.len()
                    && s.b1.len() == l.biases.as_ref().map_or(0, |b| b.len())
            });
        if !fits {
            self.state = mlp
                .layers
                .iter()
                .map(|l| {
                    let nb = l.biases.as_ref().map_or(0, |b| b.len());
                    LayerState {
                        w1: vec![0.0; l.weights.len()],
                        w2: vec![0.0; l.weights.len()],
                        b1: vec![0.0; nb],
                        b2: vec![0.0; nb],
                        t: None,
                    }
                })
                .collect();
        }
    }

    /// Copies the next `batch` rows of a shuffled epoch into the workspace.
    fn gather_batch(&mut self, x: &DMatrix<f64>, y: &DMatrix<f64>, batch: usize) {
        let n = x.nrows();
        if self.order.len() != n {
            self.order = (0..n).collect();
            self.cursor = n;
        }
        let ws = &mut self.ws;
        if ws.batch_x.shape() != (batch, x.ncols()) {
            ws.batch_x = DMatrix::zeros(batch, x.ncols());
        }
        if ws.batch_y.shape() != (batch, y.ncols()) {
            ws.batch_y = DMatrix::zeros(batch, y.ncols());
        }
        for r in 0..batch {
            if self.cursor >= n {
                self.rng.shuffle(&mut self.order);
                self.cursor = 0;
            }
            let src = self.order[self.cursor];
            self.cursor += 1;
            for c in 0..x.ncols() {
                ws.batch_x[(r, c)] = x[(src, c)];
            }
            for c in 0..y.ncols() {
                ws.batch_y[(r, c)] = y[(src, c)];
            }
        }
    }
}

/// Mixed into the seed for the dropout generator's stream.
const DROPOUT_STREAM: u64 = 0xD50F_0A7C_1DE5_5EED;

/// This step's dropout masks into `ws.mask` for a batch of `n`: hidden layer `l` with rate
/// `p > 0` gets an `n × units` mask of 0 (probability `p`) and `1 / (1 − p)`, column by
/// column; `ws.dropout` says whether any layer has one.
fn draw_masks(ws: &mut Workspace, mlp: &Mlp, n: usize, rates: &[f64], rng: &mut SplitMix64) {
    let hidden = mlp.layers.len().saturating_sub(1);
    ws.dropout = rates.iter().take(hidden).any(|&p| p > 0.0);
    if !ws.dropout {
        return;
    }
    ws.mask
        .resize_with(mlp.layers.len(), || DMatrix::zeros(0, 0));
    for (l, layer) in mlp.layers.iter().enumerate() {
        let p = if l < hidden {
            rates.get(l).copied().unwrap_or(0.0)
        } else {
            0.0
        };
        if p <= 0.0 {
            ws.mask[l] = DMatrix::zeros(0, 0);
            continue;
        }
        if ws.mask[l].shape() != (n, layer.units()) {
            ws.mask[l] = DMatrix::zeros(n, layer.units());
        }
        let keep = 1.0 / (1.0 - p);
        for m in ws.mask[l].as_mut_slice() {
            // 53 random bits: a uniform number in [0, 1).
            let u = (rng.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            *m = if u < p { 0.0 } else { keep };
        }
    }
}

/// A tiny clonable generator for shuffling mini-batches (SplitMix64).
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    fn shuffle(&mut self, v: &mut [usize]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
