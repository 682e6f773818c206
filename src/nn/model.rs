//! [`Model`]: a network with its input features, training data and trainer.
//!
//! This is the one object the app's worker and the CLI drive: give it a [`Dataset`] and a
//! [`ModelConfig`], call [`Model::step`], read predictions.

use super::activation::Activation;
use super::error::NnError;
use super::features::{Feature, InputTransform};
use super::grid::{GridPrediction, GridSpec};
use super::init::Init;
use super::loss::Loss;
use super::mlp::{Mlp, NetworkSpec};
use super::optimizer::Optimizer;
use super::predict::GridPredictor;
use super::target::{RegressionMetrics, RegressionStats, TargetTransform};
use super::trainer::{StepStats, TrainConfig, Trainer, UpdateOrder};
use crate::data::{Dataset, LabeledPoint, Problem};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

/// Highest dropout rate a hidden layer may have.
pub const MAX_DROPOUT: f64 = 0.9;

/// Everything that defines a model except its weights and data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelConfig {
    /// Units of each hidden layer (empty: no hidden layer).
    pub hidden: Vec<usize>,
    /// Activation of the hidden layers (the "all layers" value; see [`Self::activations`]).
    pub activation: Activation,
    /// Activation of each hidden layer, input side first; a layer past the list's end uses
    /// [`Self::activation`]. Read it with [`Self::hidden_activation`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activations: Vec<Activation>,
    /// Dropout rate of each hidden layer in `[0, 0.9]` (training steps only); a layer past
    /// the list's end has none. Read it with [`Self::dropout_of`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropout: Vec<f64>,
    /// Whether layers have a bias.
    pub bias: bool,
    /// Weight initialisation.
    pub init: Init,
    /// Input features.
    pub features: Vec<Feature>,
    /// Normalise `(x, y)` to zero mean and unit variance over the training points.
    pub normalize: bool,
    /// Loss, learning rate, optimiser, update order, batch size, regularisation.
    pub train: TrainConfig,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self::tutorial()
    }
}

impl ModelConfig {
    /// The tutorial: 2-4-1 sigmoid, no bias, raw coordinates, `0.5 Σ (y - out)²`,
    /// full-batch SGD at 0.01, tutorial update order.
    pub fn tutorial() -> Self {
        Self {
            hidden: vec![4],
            activation: Activation::Sigmoid,
            activations: Vec::new(),
            dropout: Vec::new(),
            bias: false,
            init: Init::Uniform,
            features: vec![Feature::X, Feature::Y],
            normalize: false,
            train: TrainConfig::tutorial(),
        }
    }

    /// A sensible network for the playground's generated datasets: two tanh layers of 8,
    /// biases, Xavier init, normalised inputs, cross-entropy, Adam at 0.03, textbook order.
    pub fn playground() -> Self {
        Self {
            hidden: vec![8, 8],
            activation: Activation::Tanh,
            activations: Vec::new(),
            dropout: Vec::new(),
            bias: true,
            init: Init::Xavier,
            features: vec![Feature::X, Feature::Y],
            normalize: true,
            train: TrainConfig {
                loss: Loss::SoftmaxCrossEntropy,
                learning_rate: 0.03,
                optimizer: Optimizer::ADAM,
                update_order: UpdateOrder::Textbook,
                batch_size: 0,
                l1: 0.0,
                l2: 0.0,
                schedule: super::LrSchedule::CONSTANT,
            },
        }
    }

    /// Whether `new` differs from these settings in the dropout rates only (the running
    /// network takes that without new weights: dropout masks units in training steps only).
    pub fn differs_only_in_dropout(&self, new: &ModelConfig) -> bool {
        let same_rest = ModelConfig {
            dropout: self.dropout.clone(),
            ..new.clone()
        };
        self.dropout_rates() != new.dropout_rates() && same_rest == *self
    }

    /// The activation of hidden layer `i` (0 = the first): its own from
    /// [`Self::activations`], else the all-layers [`Self::activation`].
    pub fn hidden_activation(&self, i: usize) -> Activation {
        self.activations.get(i).copied().unwrap_or(self.activation)
    }

    /// The dropout rate of hidden layer `i` (0 = the first): from [`Self::dropout`], else 0.
    pub fn dropout_of(&self, i: usize) -> f64 {
        self.dropout.get(i).copied().unwrap_or(0.0)
    }

    /// The dropout rate of every hidden layer (one per entry of [`Self::hidden`]).
    pub fn dropout_rates(&self) -> Vec<f64> {
        (0..self.hidden.len()).map(|i| self.dropout_of(i)).collect()
    }

    /// Sets every hidden layer to `a` (the one-click "all layers" choice): the per-layer
    /// list is cleared.
    pub fn set_all_activations(&mut self, a: Activation) {
        self.activation = a;
        self.activations.clear();
    }

    /// Sets hidden layer `i`'s activation, writing out the per-layer list as far as needed
    /// (the layers before it keep what they had).
    pub fn set_hidden_activation(&mut self, i: usize, a: Activation) {
        let fill = self.activation;
        if self.activations.len() <= i {
            self.activations.resize(i + 1, fill);
        }
        self.activations[i] = a;
    }

    /// Sets hidden layer `i`'s dropout rate, writing out the list with zeros as far as
    /// needed.
    pub fn set_dropout_of(&mut self, i: usize, rate: f64) {
        if self.dropout.len() <= i {
            self.dropout.resize(i + 1, 0.0);
        }
        self.dropout[i] = rate;
    }

    /// Per-layer lists cut to the hidden layers there are (after a layer was removed).
    pub fn trim_layer_lists(&mut self) {
        let n = self.hidden.len();
        self.activations.truncate(n);
        self.dropout.truncate(n);
    }

    /// Makes the loss fit `classes` classes: more than two classes need softmax
    /// cross-entropy (see [`Loss::suits_classes`]), so any other loss becomes it. Returns
    /// whether the loss changed (which changes the network's outputs).
    pub fn fit_loss_to_classes(&mut self, classes: usize) -> bool {
        if self.train.loss.suits_classes(classes) {
            return false;
        }
        self.train.loss = Loss::SoftmaxCrossEntropy;
        true
    }

    /// The playground's network for regression: as [`Self::playground`] but mean squared
    /// error on one linear output.
    pub fn regression() -> Self {
        let mut c = Self::playground();
        c.train.loss = Loss::Mse;
        c
    }

    /// Makes the loss fit the problem: regression trains a linear output on a squared
    /// error, so cross-entropy becomes [`Loss::Mse`] (the one rule for the app and
    /// `nnviz train`). Returns whether the loss changed.
    pub fn fit_loss_to_problem(&mut self, problem: Problem) -> bool {
        if problem == Problem::Regression && !self.train.loss.suits_regression() {
            self.train.loss = Loss::Mse;
            return true;
        }
        false
    }

    /// The network shape for `problem`: one linear output for regression, else
    /// [`Self::network_spec`] for `classes` classes.
    pub fn network_spec_for(&self, problem: Problem, classes: usize) -> NetworkSpec {
        let mut spec = self.network_spec(classes);
        if problem == Problem::Regression {
            spec.outputs = 1;
            spec.output_activation = Activation::Linear;
        }
        spec
    }

    /// Whether these are the tutorial's network choices (no biases, raw inputs, uniform
    /// init, the tutorial's update order): right for the tutorial's 8 points only.
    pub fn is_tutorial_network(&self) -> bool {
        !self.bias
            && !self.normalize
            && self.init == Init::Uniform
            && self.train.update_order == UpdateOrder::Tutorial
    }

    /// Makes the settings suit the user's own data (a CSV file): own data starts from the
    /// network the generated presets get ([`Self::playground`]: biases, normalised inputs,
    /// Xavier init, cross-entropy, Adam, textbook order), since the tutorial's bias-free,
    /// unnormalised network underfits ordinary data; the input features stay. Settings that
    /// are not the tutorial's network ([`Self::is_tutorial_network`]: the user chose them)
    /// are kept, except that they train in the textbook order. Returns whether anything
    /// changed.
    ///
    /// The loss is fitted to the class count separately ([`Self::fit_loss_to_classes`]).
    pub fn for_own_data(&mut self) -> bool {
        if self.is_tutorial_network() {
            // The inputs are the user's choice, not the tutorial's network: they stay.
            let features = std::mem::take(&mut self.features);
            *self = Self::playground();
            self.features = features;
            return true;
        }
        if self.train.update_order == UpdateOrder::Textbook {
            return false;
        }
        self.train.update_order = UpdateOrder::Textbook;
        true
    }

    /// The network shape for `classes` classes: one sigmoid output for two classes (unless
    /// the loss is softmax cross-entropy), otherwise one output per class.
    pub fn network_spec(&self, classes: usize) -> NetworkSpec {
        let softmax = self.train.loss == Loss::SoftmaxCrossEntropy;
        NetworkSpec {
            inputs: self.features.len(),
            hidden: self.hidden.clone(),
            outputs: if softmax || classes > 2 { classes } else { 1 },
            activation: self.activation,
            activations: (0..self.hidden.len())
                .map(|i| self.hidden_activation(i))
                .collect(),
            output_activation: if softmax {
                Activation::Softmax
            } else {
                Activation::Sigmoid
            },
            bias: self.bias,
            init: self.init,
        }
    }

    /// Checks the settings that can be wrong on their own: the learning rate (finite, > 0),
    /// `l1` and `l2` (≥ 0), the optimiser's constants ([`Optimizer::validate`]), the schedule's
    /// ([`super::LrSchedule::validate`]), the batch
    /// size (at most [`MAX_BATCH_SIZE`](super::trainer::MAX_BATCH_SIZE)) and the network.
    pub fn validate(&self) -> Result<(), NnError> {
        let lr = self.train.learning_rate;
        if !(lr.is_finite() && lr > 0.0) {
            return Err(NnError::Invalid(format!(
                "learning rate must be a positive number, got {lr}"
            )));
        }
        for (name, v) in [("l1", self.train.l1), ("l2", self.train.l2)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(NnError::Invalid(format!("{name} must be ≥ 0, got {v}")));
            }
        }
        self.train.optimizer.validate()?;
        self.train.schedule.validate()?;
        let batch = self.train.batch_size;
        if batch > super::trainer::MAX_BATCH_SIZE {
            return Err(NnError::Invalid(format!(
                "batch size must be at most {} (0 = all training points), got {batch}",
                super::trainer::MAX_BATCH_SIZE
            )));
        }
        if self.features.is_empty() {
            return Err(NnError::Invalid(
                "at least one input feature is needed".into(),
            ));
        }
        if self.activations.len() > self.hidden.len() {
            return Err(NnError::ActivationCount {
                activations: self.activations.len(),
                layers: self.hidden.len(),
            });
        }
        if self.dropout.len() > self.hidden.len() {
            return Err(NnError::DropoutCount {
                rates: self.dropout.len(),
                layers: self.hidden.len(),
            });
        }
        for (i, &p) in self.dropout.iter().enumerate() {
            if !(0.0..=MAX_DROPOUT).contains(&p) {
                return Err(NnError::DropoutRate {
                    layer: i + 1,
                    rate: p.to_string(),
                });
            }
        }
        self.network_spec(2).validate()
    }
}

/// Loss and accuracy on the training and test points.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    /// On the training points (`None` without any).
    pub train: Option<StepStats>,
    /// On the test points (`None` without any).
    pub test: Option<StepStats>,
}

/// A cheap copy of a model's network and input transform at one step: enough to predict,
/// explain and draw the network without the training data or the trainer.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The network.
    pub mlp: Mlp,
    /// Features and normalisation.
    pub transform: InputTransform,
    /// Number of classes.
    pub classes: usize,
    /// Step the weights are from.
    pub step: u64,
    /// Classification or regression.
    pub problem: Problem,
    /// The regression target's scaling (identity for classification).
    pub target: TargetTransform,
}

impl Snapshot {
    fn view(&self) -> View<'_> {
        View {
            mlp: &self.mlp,
            transform: &self.transform,
            classes: self.classes,
            target: self.target,
        }
    }

    /// Class probabilities at one point (length = number of classes).
    pub fn predict_point(&self, pos_in_data: [f64; 2]) -> Vec<f64> {
        self.view().predict_point(pos_in_data)
    }

    /// Predicted class at one point.
    pub fn classify(&self, pos_in_data: [f64; 2]) -> usize {
        argmax(&self.predict_point(pos_in_data))
    }

    /// The predicted regression value at one point, in the target's units.
    pub fn predict_value(&self, pos_in_data: [f64; 2]) -> f64 {
        self.view().predict_value(pos_in_data)
    }

    /// The forward pass at one point, layer by layer (explain mode).
    pub fn explain(&self, pos_in_data: [f64; 2]) -> super::explain::ForwardTrace {
        self.view().explain(pos_in_data)
    }

    /// Errors and deltas of a backward step for one labelled point (explain mode).
    pub fn explain_backward(&self, point: &LabeledPoint) -> super::explain::BackwardTrace {
        self.view().explain_backward(point)
    }

    /// Activation of every unit over `grid` (per-neuron maps).
    pub fn unit_maps(&self, grid: &GridSpec, maps: &mut super::predict::UnitMaps) {
        GridPredictor::new(&self.mlp, &self.transform).unit_maps(grid, maps);
    }

    /// The network's training target for `point` (explain mode's backward step): its
    /// standardised value for regression, its class's [`target_vector`] otherwise.
    pub fn target_for(&self, point: &LabeledPoint) -> Vec<f64> {
        self.view().target_for(point)
    }

    /// Confusion matrix over `points`: rows = true class, columns = predicted class.
    pub fn confusion<'a>(&self, points: impl Iterator<Item = &'a LabeledPoint>) -> Vec<Vec<u32>> {
        let k = self.classes;
        let mut m = vec![vec![0u32; k]; k];
        for p in points {
            let predicted = self.classify(p.pos_in_data);
            if let Some(cell) = m.get_mut(p.class).and_then(|row| row.get_mut(predicted)) {
                *cell += 1;
            }
        }
        m
    }
}

/// A borrowed network + transform: the one place that predicts and explains single points
/// for both [`Model`] and [`Snapshot`].
struct View<'a> {
    mlp: &'a Mlp,
    transform: &'a InputTransform,
    classes: usize,
    target: TargetTransform,
}

impl View<'_> {
    fn predict_point(&self, pos_in_data: [f64; 2]) -> Vec<f64> {
        let out = self.mlp.forward_one(&self.transform.inputs(pos_in_data));
        let last = self.mlp.layers.last().map(|l| l.activation);
        probabilities(out.as_slice(), self.classes, last)
    }

    fn predict_value(&self, pos_in_data: [f64; 2]) -> f64 {
        let out = self.mlp.forward_one(&self.transform.inputs(pos_in_data));
        self.target
            .to_data(out.as_slice().first().copied().unwrap_or(0.0))
    }

    fn explain(&self, pos_in_data: [f64; 2]) -> super::explain::ForwardTrace {
        super::explain::forward(self.mlp, &self.transform.inputs(pos_in_data))
    }

    /// What the network is trained to output for `point`: for a linear output
    /// (regression) its standardised value, else its class's [`target_vector`].
    fn target_for(&self, point: &LabeledPoint) -> Vec<f64> {
        let linear = self.mlp.layers.last().map(|l| l.activation) == Some(Activation::Linear);
        if linear {
            vec![self.target.to_model(point.value)]
        } else {
            target_vector(self.mlp.outputs(), point.class)
        }
    }

    fn explain_backward(&self, point: &LabeledPoint) -> super::explain::BackwardTrace {
        let trace = self.explain(point.pos_in_data);
        super::explain::backward(self.mlp, &trace, &self.target_for(point))
    }
}

/// Index of the largest value (the first on ties).
pub fn argmax(v: &[f64]) -> usize {
    (0..v.len()).fold(0, |best, c| if v[c] > v[best] { c } else { best })
}

/// The target vector of a class for a network with `outputs` outputs: `[class]` for one
/// sigmoid output, one-hot otherwise.
pub fn target_vector(outputs: usize, class: usize) -> Vec<f64> {
    if outputs == 1 {
        vec![if class == 1 { 1.0 } else { 0.0 }]
    } else {
        (0..outputs)
            .map(|c| if c == class { 1.0 } else { 0.0 })
            .collect()
    }
}

/// A network, its data and its trainer.
#[derive(Clone, Debug)]
pub struct Model {
    config: ModelConfig,
    classes: usize,
    problem: Problem,
    target: TargetTransform,
    mlp: Mlp,
    transform: InputTransform,
    trainer: Trainer,
    train_x: DMatrix<f64>,
    train_y: DMatrix<f64>,
    test_x: DMatrix<f64>,
    test_y: DMatrix<f64>,
}

impl Model {
    /// A fresh model for `data` with weights drawn from `seed`.
    ///
    /// For a regression dataset a cross-entropy loss becomes mean squared error
    /// ([`ModelConfig::fit_loss_to_problem`]) and the network ends in one linear unit.
    pub fn new(mut config: ModelConfig, data: &Dataset, seed: u64) -> Result<Self, NnError> {
        config.validate()?;
        let problem = data.problem;
        config.fit_loss_to_problem(problem);
        let classes = data.num_classes.max(2);
        let mut rng = StdRng::seed_from_u64(seed);
        let mlp = Mlp::new(&config.network_spec_for(problem, classes), &mut rng)?;
        let mut trainer = Trainer::new(config.train, seed ^ 0x9E37_79B9_7F4A_7C15);
        trainer.set_dropout(&config.dropout_rates());
        let mut model = Self {
            problem,
            target: TargetTransform::IDENTITY,
            trainer,
            transform: InputTransform::raw(config.features.clone()),
            config,
            classes,
            mlp,
            train_x: DMatrix::zeros(0, 0),
            train_y: DMatrix::zeros(0, 0),
            test_x: DMatrix::zeros(0, 0),
            test_y: DMatrix::zeros(0, 0),
        };
        model.load_data(data);
        Ok(model)
    }

    /// Replaces the data and keeps the weights. Returns `Ok(true)` when the class count
    /// or the problem changed, which needs a new output layer: then the weights are
    /// re-drawn from `seed` (and a regression dataset gets a squared-error loss).
    pub fn set_data(&mut self, data: &Dataset, seed: u64) -> Result<bool, NnError> {
        let classes = data.num_classes.max(2);
        let reshaped = classes != self.classes || data.problem != self.problem;
        if reshaped {
            self.classes = classes;
            self.problem = data.problem;
            if self.config.fit_loss_to_problem(data.problem) {
                self.trainer.config = self.config.train;
            }
            self.reset_weights(seed)?;
        }
        self.load_data(data);
        Ok(reshaped)
    }

    fn load_data(&mut self, data: &Dataset) {
        self.transform = InputTransform::fit(
            self.config.features.clone(),
            self.config.normalize,
            data.train_points().map(|p| &p.pos_in_data),
        );
        self.target = if self.problem == Problem::Regression {
            TargetTransform::fit(self.config.normalize, data.train_points().map(|p| p.value))
        } else {
            TargetTransform::IDENTITY
        };
        let (x, y) = self.matrices(data.train_points());
        self.train_x = x;
        self.train_y = y;
        let (x, y) = self.matrices(data.test_points());
        self.test_x = x;
        self.test_y = y;
    }

    /// Inputs (`n × features`) and targets (`n × outputs`) of `points`.
    fn matrices<'a>(
        &self,
        points: impl Iterator<Item = &'a LabeledPoint> + Clone,
    ) -> (DMatrix<f64>, DMatrix<f64>) {
        let n = points.clone().count();
        let f = self.transform.len();
        let m = self.mlp.outputs();
        let mut x = DMatrix::zeros(n, f);
        let mut y = DMatrix::zeros(n, m);
        // The inputs a feature (a column) at a time, from the normalised coordinates.
        let xy: Vec<[f64; 2]> = points
            .clone()
            .map(|p| self.transform.normalized(p.pos_in_data))
            .collect();
        for (feature, mut col) in self.transform.features.iter().zip(x.column_iter_mut()) {
            feature.eval_column(&xy, col.as_mut_slice());
        }
        for (i, p) in points.enumerate() {
            if self.problem == Problem::Regression {
                y[(i, 0)] = self.target.to_model(p.value);
                continue;
            }
            for (j, v) in self.target(p.class).into_iter().enumerate() {
                y[(i, j)] = v;
            }
        }
        (x, y)
    }

    /// New random weights from `seed`; forgets the optimiser state and step count.
    pub fn reset_weights(&mut self, seed: u64) -> Result<(), NnError> {
        let mut rng = StdRng::seed_from_u64(seed);
        self.mlp = Mlp::new(
            &self.config.network_spec_for(self.problem, self.classes),
            &mut rng,
        )?;
        self.trainer = Trainer::new(self.config.train, seed ^ 0x9E37_79B9_7F4A_7C15);
        self.trainer.set_dropout(&self.config.dropout_rates());
        Ok(())
    }

    /// Changes the hidden layers' dropout rates (one per hidden layer; missing ones are 0)
    /// without touching the weights or the optimiser: dropout only masks units in training
    /// steps. Refused, changing nothing, when a rate is outside `[0, 0.9]` or the list is
    /// longer than the hidden layers.
    pub fn set_dropout(&mut self, rates: Vec<f64>) -> Result<(), NnError> {
        let mut next = self.config.clone();
        next.dropout = rates;
        next.validate()?;
        self.config = next;
        self.trainer.set_dropout(&self.config.dropout_rates());
        Ok(())
    }

    /// Changes how training runs (learning rate, optimiser, regularisation, batch size,
    /// update order) without touching the weights. A different optimiser kind starts from
    /// fresh optimiser state (Adam's `t` from 0); [`Self::steps`] goes on counting.
    pub fn set_train_config(&mut self, train: TrainConfig) -> Result<(), NnError> {
        let mut next = self.config.clone();
        next.train = train;
        next.validate()?;
        let loss_changed = train.loss != self.config.train.loss;
        if loss_changed {
            return Err(NnError::Invalid(
                "changing the loss changes the network's outputs: rebuild the model".into(),
            ));
        }
        if std::mem::discriminant(&train.optimizer)
            != std::mem::discriminant(&self.config.train.optimizer)
        {
            self.trainer.reset_optimizer(&self.mlp);
        }
        self.config.train = train;
        self.trainer.config = train;
        Ok(())
    }

    /// Sets the learning rate for the next step.
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<(), NnError> {
        let mut t = self.config.train;
        t.learning_rate = lr;
        self.set_train_config(t)
    }

    /// Replaces the weights (shapes and values are checked; nothing changes on error). The
    /// optimiser starts afresh (no velocity or moments, Adam's `t` from 0); [`Self::steps`]
    /// is kept. To keep the optimiser's state, save [`Self::trainer_state`] before and
    /// restore it with [`Self::set_trainer_state`] after — as the app's weight edit does,
    /// so training goes on smoothly; resuming from a timeline snapshot does not, so the
    /// optimiser restarts there.
    pub fn set_parameters(&mut self, params: super::io::LayerParameters) -> Result<(), NnError> {
        self.mlp.set_parameters(params)?;
        self.trainer.reset_optimizer(&self.mlp);
        Ok(())
    }

    /// The trainer's optimiser state and step counts (for saving a session).
    pub fn trainer_state(&self) -> super::trainer::TrainerState {
        self.trainer.state()
    }

    /// Restores a saved optimiser state and step counts; refused when it does not fit.
    pub fn set_trainer_state(
        &mut self,
        state: super::trainer::TrainerState,
    ) -> Result<(), NnError> {
        self.trainer.set_state(&self.mlp, state)
    }

    /// One training step on the training points; `None` when there are none.
    pub fn step(&mut self) -> Option<StepStats> {
        self.trainer
            .step(&mut self.mlp, &self.train_x, &self.train_y)
    }

    /// Loss and accuracy on training and test points with the current weights.
    pub fn evaluate(&mut self) -> Metrics {
        Metrics {
            train: self
                .trainer
                .evaluate(&self.mlp, &self.train_x, &self.train_y),
            test: self.trainer.evaluate(&self.mlp, &self.test_x, &self.test_y),
        }
    }

    /// [`Self::evaluate`], also handing `visit` the outputs and targets (`n × outputs`) of
    /// the same forward passes: `visit(false, ..)` for the training points, then
    /// `visit(true, ..)` for the test points (a set without points is not visited).
    pub fn evaluate_with(
        &mut self,
        mut visit: impl FnMut(bool, &DMatrix<f64>, &DMatrix<f64>),
    ) -> Metrics {
        let mut run = |test: bool, x: &DMatrix<f64>, y: &DMatrix<f64>| {
            let stats = self.trainer.evaluate(&self.mlp, x, y);
            if let (Some(_), Some(out)) = (stats, self.trainer.eval_outputs()) {
                visit(test, out, y);
            }
            stats
        };
        Metrics {
            train: run(false, &self.train_x, &self.train_y),
            test: run(true, &self.test_x, &self.test_y),
        }
    }

    /// MSE, RMSE and R² on the training and the test points, in the target's units
    /// (`None` for a set without points, and both `None` for classification).
    pub fn regression_metrics(&mut self) -> RegressionMetrics {
        if self.problem != Problem::Regression {
            return RegressionMetrics::default();
        }
        let target = self.target;
        let mut metrics = RegressionMetrics::default();
        self.evaluate_with(|test, out, y| {
            let pairs =
                (0..y.nrows()).map(|i| (target.to_data(y[(i, 0)]), target.to_data(out[(i, 0)])));
            let stats = RegressionStats::of(pairs);
            if test {
                metrics.test = stats;
            } else {
                metrics.train = stats;
            }
        });
        metrics
    }

    /// The predicted regression value at one point, in the target's units.
    pub fn predict_value(&self, pos_in_data: [f64; 2]) -> f64 {
        self.view().predict_value(pos_in_data)
    }

    fn view(&self) -> View<'_> {
        View {
            mlp: &self.mlp,
            transform: &self.transform,
            classes: self.classes,
            target: self.target,
        }
    }

    /// Class probabilities at one point (length = number of classes).
    pub fn predict_point(&self, pos_in_data: [f64; 2]) -> Vec<f64> {
        self.view().predict_point(pos_in_data)
    }

    /// The forward pass at one point, layer by layer (explain mode).
    pub fn explain(&self, pos_in_data: [f64; 2]) -> super::explain::ForwardTrace {
        self.view().explain(pos_in_data)
    }

    /// Errors and deltas of a backward step for one labelled point (explain mode).
    pub fn explain_backward(&self, point: &LabeledPoint) -> super::explain::BackwardTrace {
        self.view().explain_backward(point)
    }

    /// The target vector of a class: `[class]` for one sigmoid output, one-hot otherwise.
    pub fn target(&self, class: usize) -> Vec<f64> {
        target_vector(self.mlp.outputs(), class)
    }

    /// Activation of every unit over `grid` (per-neuron maps).
    pub fn unit_maps(&self, grid: &GridSpec, maps: &mut super::predict::UnitMaps) {
        self.predictor().unit_maps(grid, maps);
    }

    /// Predicted class at one point.
    pub fn classify(&self, pos_in_data: [f64; 2]) -> usize {
        argmax(&self.predict_point(pos_in_data))
    }

    /// A copy of the network and input transform for predicting and explaining elsewhere.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            mlp: self.mlp.clone(),
            transform: self.transform.clone(),
            classes: self.classes,
            step: self.steps(),
            problem: self.problem,
            target: self.target,
        }
    }

    /// Class probabilities over a grid (fast `f32` path).
    pub fn predict_grid(&self, grid: &GridSpec, out: &mut GridPrediction) {
        self.predictor().predict_grid(grid, out);
    }

    /// An `f32` snapshot of the model for grid prediction (cheap to make and send).
    pub fn predictor(&self) -> GridPredictor {
        GridPredictor::new(&self.mlp, &self.transform)
    }

    /// The settings.
    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// The network.
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }

    /// The input transform (features and normalisation).
    pub fn transform(&self) -> &InputTransform {
        &self.transform
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Classification or regression (from the dataset).
    pub fn problem(&self) -> Problem {
        self.problem
    }

    /// The regression target's scaling (identity for classification).
    pub fn target_transform(&self) -> TargetTransform {
        self.target
    }

    /// Steps trained since the weights were drawn ([`Self::new`], [`Self::reset_weights`])
    /// or restored ([`Self::set_trainer_state`]); changing the optimiser or the weights
    /// ([`Self::set_parameters`]) does not reset it.
    pub fn steps(&self) -> u64 {
        self.trainer.steps()
    }

    /// The optimiser's own step count since it last started afresh (Adam's `t`): at most
    /// [`Self::steps`].
    pub fn optimizer_steps(&self) -> u64 {
        self.trainer.optimizer_steps()
    }

    /// Training points.
    pub fn train_len(&self) -> usize {
        self.train_x.nrows()
    }

    /// Test points.
    pub fn test_len(&self) -> usize {
        self.test_x.nrows()
    }
}

/// Turns raw outputs into class probabilities: one sigmoid output `p` → `[1 - p, p]`;
/// softmax outputs as they are; several sigmoids normalised to sum to 1.
pub fn probabilities(out: &[f64], classes: usize, last: Option<Activation>) -> Vec<f64> {
    match out {
        [p] => vec![1.0 - p, *p],
        _ if last == Some(Activation::Softmax) => out.to_vec(),
        _ => {
            let sum: f64 = out.iter().map(|v| v.max(0.0)).sum();
            if sum > 0.0 {
                out.iter().map(|v| v.max(0.0) / sum).collect()
            } else {
                vec![1.0 / classes.max(1) as f64; out.len()]
            }
        }
    }
}

/// The network after one training step (explain mode's replay of a step) from `mlp`, trained as `config` says on `data`'s
/// training points with a fresh trainer: exactly the trainer's step for full-batch SGD (the
/// tutorial's setting); with momentum or Adam the optimiser's history, and with mini-batches
/// the batch drawn, are not known here. `None` when `mlp` does not fit `config` and `data`
/// or there are no training points.
pub fn step_from(config: &ModelConfig, data: &Dataset, mlp: &Mlp) -> Option<Mlp> {
    // Explain mode follows the whole network: a replayed step has no dropout.
    let mut config = config.clone();
    config.dropout.clear();
    let mut model = Model::new(config, data, 0).ok()?;
    model.set_parameters(mlp.parameters()).ok()?;
    model.step()?;
    Some(model.mlp().clone())
}

#[cfg(test)]
mod tests;
