//! The trained network taken away as code: a self-contained numpy script in the tutorial's
//! style ([`numpy_script`]) and a PyTorch variant ([`torch_script`]).
//!
//! Both are pure functions of an [`ExportInput`], which holds what a session holds: the
//! points and their classes, the input features and normalisation, every layer's weights,
//! biases and activation, and how the network trains (loss, learning rate, optimiser, update
//! order, batch size, L1/L2). Every number is written with Rust's shortest round-trip form,
//! which Python's `float` reads back bit for bit, so the scripts predict what nnviz predicts.
//!
//! Activations and optimisers go through small enums of this module ([`PyActivation`],
//! [`PyOptimizer`]): each variant is one match arm mapping to a Python snippet, so a new
//! activation or optimiser of nnviz is one arm in [`PyActivation::from_activation`] or
//! [`PyOptimizer::from_optimizer`].

mod numpy;
mod snippets;
mod torch;

pub use numpy::numpy_script;
pub use snippets::{PyActivation, PyOptimizer};
pub use torch::torch_script;

use crate::data::Dataset;
use crate::nn::{Feature, Loss, Model, UpdateOrder};
use crate::session::Session;
use crate::tr;
use std::path::Path;

/// Why a network could not be exported.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExportError {
    /// A weight, bias, normalisation constant or setting is NaN or infinite: Python would
    /// need `float("inf")`, which the scripts never write.
    #[error("{}", tr!("export-non-finite", what = .what))]
    NonFinite {
        /// What holds the number (`layer 1 weights`, `learning rate`, …).
        what: String,
    },
    /// The session's network could not be built.
    #[error("{}", tr!("export-cannot-build", detail = .detail))]
    Build {
        /// Why, in the user's words.
        detail: String,
    },
}

/// One dense layer as the scripts write it: `a = g(input · W + b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportLayer {
    /// `inputs × units`, row by row (nnviz's and the tutorial's orientation).
    pub weights: Vec<Vec<f64>>,
    /// One bias per unit, or `None` (the tutorial's network has none).
    pub biases: Option<Vec<f64>>,
    /// The layer's non-linearity.
    pub activation: PyActivation,
}

impl ExportLayer {
    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.weights.len()
    }
    /// Number of units.
    pub fn units(&self) -> usize {
        self.weights.first().map_or(0, Vec::len)
    }
}

/// Everything a script needs: what a session holds, in plain numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportInput {
    /// Training points `(x, y)`.
    pub train_points: Vec<[f64; 2]>,
    /// Their classes.
    pub train_classes: Vec<usize>,
    /// Test points `(x, y)` (not trained on).
    pub test_points: Vec<[f64; 2]>,
    /// Their classes.
    pub test_classes: Vec<usize>,
    /// Number of classes (at least 2).
    pub classes: usize,
    /// Input features, in input order.
    pub features: Vec<Feature>,
    /// Subtracted from `(x, y)` before the features.
    pub mean: [f64; 2],
    /// Multiplies `(x, y)` after the mean is subtracted.
    pub inv_std: [f64; 2],
    /// The layers, input side first.
    pub layers: Vec<ExportLayer>,
    /// The loss.
    pub loss: Loss,
    /// Step size.
    pub learning_rate: f64,
    /// Update rule.
    pub optimizer: PyOptimizer,
    /// Tutorial or textbook order.
    pub update_order: UpdateOrder,
    /// Samples per step; 0 = the whole training set.
    pub batch_size: usize,
    /// L1 rate (weights only).
    pub l1: f64,
    /// L2 rate (weights only).
    pub l2: f64,
    /// Steps the weights have trained.
    pub step: u64,
    /// The session's seed (the script's mini-batch shuffling starts from it).
    pub seed: u64,
}

impl ExportInput {
    /// The input for `model` trained on `dataset` (its training and test points).
    pub fn from_model(model: &Model, dataset: &Dataset, seed: u64) -> Result<Self, ExportError> {
        let t = model.transform();
        let train = model.config().train;
        let layers = model
            .mlp()
            .layers
            .iter()
            .map(|l| ExportLayer {
                weights: (0..l.inputs())
                    .map(|r| (0..l.units()).map(|c| l.weights[(r, c)]).collect())
                    .collect(),
                biases: l.biases.as_ref().map(|b| b.iter().copied().collect()),
                activation: PyActivation::from_activation(l.activation),
            })
            .collect();
        let split = |test: bool| -> (Vec<[f64; 2]>, Vec<usize>) {
            (dataset.points.iter())
                .filter(|p| p.test == test)
                .map(|p| (p.pos_in_data, p.class))
                .unzip()
        };
        let (train_points, train_classes) = split(false);
        let (test_points, test_classes) = split(true);
        let input = Self {
            train_points,
            train_classes,
            test_points,
            test_classes,
            classes: model.classes(),
            features: t.features.clone(),
            mean: t.mean,
            inv_std: t.inv_std,
            layers,
            loss: train.loss,
            learning_rate: train.learning_rate,
            optimizer: PyOptimizer::from_optimizer(train.optimizer),
            update_order: train.update_order,
            batch_size: train.batch_size,
            l1: train.l1,
            l2: train.l2,
            step: model.steps(),
            seed,
        };
        input.check_finite()?;
        Ok(input)
    }

    /// The input for a whole session (the network is built from it and checked).
    pub fn from_session(session: &Session) -> Result<Self, ExportError> {
        let model = session.to_model().map_err(|e| ExportError::Build {
            detail: e.to_string(),
        })?;
        Self::from_model(&model, &session.dataset, session.seed)
    }

    /// Refuses any number Python could only write as `float("inf")` or `float("nan")`.
    pub fn check_finite(&self) -> Result<(), ExportError> {
        let bad = |what: String| Err(ExportError::NonFinite { what });
        for (l, layer) in self.layers.iter().enumerate() {
            if !layer.weights.iter().flatten().all(|v| v.is_finite()) {
                return bad(format!("W{l}"));
            }
            if !layer.biases.iter().flatten().all(|v| v.is_finite()) {
                return bad(format!("b{l}"));
            }
        }
        let points = self.train_points.iter().chain(&self.test_points);
        if !points.flatten().all(|v| v.is_finite()) {
            return bad("points".into());
        }
        if !self.mean.iter().chain(&self.inv_std).all(|v| v.is_finite()) {
            return bad("MEAN / INV_STD".into());
        }
        let settings = [
            ("LEARNING_RATE", self.learning_rate),
            ("L1", self.l1),
            ("L2", self.l2),
        ];
        for (name, v) in settings.into_iter().chain(self.optimizer.constants()) {
            if !v.is_finite() {
                return bad(name.into());
            }
        }
        Ok(())
    }

    /// Number of network inputs.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, ExportLayer::inputs)
    }

    /// Number of network outputs.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, ExportLayer::units)
    }
}

/// Which script to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptKind {
    /// The numpy script ([`numpy_script`]).
    Numpy,
    /// The PyTorch script ([`torch_script`]).
    Torch,
}

impl ScriptKind {
    /// The script for `input`.
    pub fn script(self, input: &ExportInput) -> String {
        match self {
            ScriptKind::Numpy => numpy_script(input),
            ScriptKind::Torch => torch_script(input),
        }
    }
}

/// Writes the `kind` script of `input` to `path` atomically (a crash leaves the old file);
/// the error names the file.
pub fn write_script(path: &Path, kind: ScriptKind, input: &ExportInput) -> Result<(), String> {
    crate::fsutil::write_atomic(path, kind.script(input).as_bytes()).map_err(|e| {
        tr!(
            "cli-cannot-write",
            path = path.display().to_string(),
            detail = e.to_string()
        )
    })
}

/// A Python float literal that reads back as exactly `v` (finite `v`: see
/// [`ExportInput::check_finite`]). Rust's `{:?}` is the shortest round-trip form, which is
/// also Python's (`0.1`, `1e-8`, `-0.0`, `1.0`).
pub fn py_float(v: f64) -> String {
    format!("{v:?}")
}

/// `[a, b, c]` of Python floats.
pub(crate) fn py_list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|&x| py_float(x)).collect();
    format!("[{}]", items.join(", "))
}

/// The Python expression of one feature of the normalised coordinates `x` and `y` (numpy
/// or torch, named by `lib`: `np` or `torch`).
pub(crate) fn feature_expr(f: Feature, lib: &str) -> String {
    match f {
        Feature::X => "x".into(),
        Feature::Y => "y".into(),
        Feature::XSquared => "x * x".into(),
        Feature::YSquared => "y * y".into(),
        Feature::XTimesY => "x * y".into(),
        Feature::SinX => format!("{lib}.sin(x)"),
        Feature::SinY => format!("{lib}.sin(y)"),
    }
}

/// The script's name of a loss, as `nnviz train --loss` spells it.
pub(crate) fn loss_name(loss: Loss) -> &'static str {
    loss.name()
}
