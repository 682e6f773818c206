//! Command-line interface: `nnviz` (the app) and `nnviz train` (headless training).
//!
//! `nnviz train` with no options is the tutorial: the 8 points of `SEED.md`, a 2-4-1
//! sigmoid network without biases, `0.5 Σ (y - out)²`, full-batch SGD at 0.01 for 10,000
//! steps in the tutorial's update order, printing `Error:<mean |y - out|>` every 100 steps.
//! `--session FILE.json` continues a saved session and `--save FILE.json` writes one.

use crate::data::{self, CsvColumns, Dataset, Preset, PresetParams, Problem};
use crate::nn::{
    Init, Loss, Model, ModelConfig, Optimizer, TrainConfig, UpdateOrder,
    features::parse_feature_list, grid::GridSpec, io,
};
use crate::session::{Session, SessionLossSample};
use clap::{Args, Parser, Subcommand};
use std::io::Write;

pub use crate::format::percent;
use crate::i18n::Language;
use crate::tr;
use std::path::PathBuf;

mod output;
mod rate;

pub use output::parse_hidden;
use output::{export_code, parse_activations, parse_dropout, read_to_string, regression_picture};

/// nnviz: a live playground for small neural networks.
#[derive(Debug, Parser)]
#[command(name = "nnviz", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command the app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the app.
    #[command(flatten)]
    pub app: AppArgs,
    /// Language of the interface and of messages: en or zh-CN (default: the saved choice,
    /// else the system's). Machine-readable output never changes with it.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    pub lang: Option<Language>,
}

/// The command line with its help in the current language: clap's own text (the doc
/// comments) in English; in another language every option, the program and `train` take
/// the message `cli-help-<name>` (`cli-help-train-<name>` for `train`'s options) where the
/// message file has one.
pub fn localized_command() -> clap::Command {
    use clap::CommandFactory;
    fn translate(mut cmd: clap::Command, prefix: &str) -> clap::Command {
        if let Some(about) = crate::i18n::lookup(&format!("{prefix}about")) {
            cmd = cmd.about(about);
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().as_str().to_owned())
            .collect();
        for id in ids {
            if let Some(help) = crate::i18n::lookup(&format!("{prefix}{}", id.replace('_', "-"))) {
                cmd = cmd.mut_arg(id.as_str(), |a| a.help(help));
            }
        }
        cmd
    }
    let cmd = translate(Cli::command(), "cli-help-");
    cmd.mut_subcommand("train", |train| translate(train, "cli-help-train-"))
}

/// The language the command line asks for before it is parsed: `--lang X` / `--lang=X`,
/// else the system's (the help is printed before any saved choice is read).
pub fn language_from_args(args: &[String]) -> Language {
    let mut flag = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            flag = Language::from_tag(v);
        } else if a == "--lang" {
            flag = args.get(i + 1).and_then(|v| Language::from_tag(v));
        }
    }
    crate::i18n::choose(flag, None)
}

/// `--lang`'s value: a language tag nnviz has messages for.
fn parse_language(tag: &str) -> Result<Language, String> {
    Language::from_tag(tag).ok_or_else(|| format!("no messages in {tag:?}; choose en or zh-CN"))
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train headless, print the tutorial's `Error:` lines, optionally save weights and a picture.
    Train(Box<TrainArgs>),
}

pub use crate::ui::args::{AppArgs, Renderer};

/// Options of `nnviz train`. Unset options take the preset's defaults: the tutorial's for
/// `seed`, the playground network for generated presets and for `--data` (own data, see
/// [`ModelConfig::for_own_data`]). More than 2 classes always train softmax + cross-entropy.
#[derive(Clone, Debug, Default, Args)]
pub struct TrainArgs {
    /// Dataset preset: seed (the tutorial's 8 points), xor, circle, gauss, spiral, moons, checkerboard; regression: plane, peaks.
    #[arg(long, default_value = "seed")]
    pub preset: String,
    /// Read points from a CSV file (x,y,label; header optional) instead of a preset.
    #[arg(long, value_name = "FILE.csv")]
    pub data: Option<PathBuf>,
    /// CSV column of x (name or 0-based index).
    #[arg(long = "x", value_name = "COL", default_value = "0")]
    pub x_col: String,
    /// CSV column of y (name or 0-based index).
    #[arg(long = "y", value_name = "COL", default_value = "1")]
    pub y_col: String,
    /// CSV column of the label (name or 0-based index; strings map to classes in order of appearance).
    #[arg(long = "label", value_name = "COL", default_value = "2")]
    pub label_col: String,
    // ---- issue 13 R: regression ----
    /// Problem kind: classification or regression (default: the preset's; plane and peaks are regression, CSV files classification). With regression the --label column is a numeric target.
    #[arg(long, value_name = "KIND")]
    pub problem: Option<String>,
    /// Number of classes for generated presets (2-8).
    #[arg(long)]
    pub classes: Option<usize>,
    /// Number of points for generated presets.
    #[arg(long)]
    pub points: Option<usize>,
    /// Noise of generated presets, 0-0.5.
    #[arg(long, allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Fraction of points held out for testing, 0-0.9.
    #[arg(long, allow_negative_numbers = true)]
    pub test_ratio: Option<f64>,
    /// Hidden layer sizes as a comma list, e.g. `4` or `8,8`; `none` for no hidden layer.
    #[arg(long, value_name = "LIST")]
    pub hidden: Option<String>,
    /// Hidden activation: sigmoid, tanh, relu, leaky_relu, gelu, elu, linear; one name for
    /// all layers, or a comma list with one per hidden layer, e.g. `relu,tanh`.
    #[arg(long, value_name = "LIST")]
    pub activation: Option<String>,
    // ---- issue 14 A: per-layer activations and dropout (new options below) ----
    /// Dropout rate of the hidden layers (0 to 0.9, training only): one rate for all
    /// layers, or a comma list with one per hidden layer, e.g. `0.1,0.2`.
    #[arg(long, value_name = "LIST")]
    pub dropout: Option<String>,
    /// Give every layer a bias.
    #[arg(long, overrides_with = "no_bias")]
    pub bias: bool,
    /// No biases (the tutorial's network).
    #[arg(long, overrides_with = "bias")]
    pub no_bias: bool,
    /// Weight initialisation: uniform (the tutorial's [-1, 1)), xavier, he.
    #[arg(long)]
    pub init: Option<String>,
    /// Input features as a comma list of x, y, x2, y2, xy, sinx, siny.
    #[arg(long, value_name = "LIST")]
    pub features: Option<String>,
    /// Normalise inputs to zero mean and unit variance.
    #[arg(long, overrides_with = "no_normalize")]
    pub normalize: bool,
    /// Feed raw coordinates (the tutorial).
    #[arg(long, overrides_with = "normalize")]
    pub no_normalize: bool,
    // ---- issue 13 T: the playground's toggles ----
    /// PNG only: colour regions by class alone, without confidence shading (the app's View ▸
    /// Discretize output).
    #[arg(long)]
    pub discretize: bool,
    /// Loss: sse (the tutorial's 0.5·Σ(y−out)²), mse, bce, cross_entropy (the only one for
    /// more than 2 classes).
    #[arg(long)]
    pub loss: Option<String>,
    /// Learning rate (> 0).
    #[arg(long, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Optimizer: sgd, momentum, adam, rmsprop, nesterov.
    #[arg(long)]
    pub optimizer: Option<String>,
    /// Momentum factor β of `--optimizer momentum` or `nesterov`, 0 ≤ β < 1 (0.9 unless given).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub momentum_beta: Option<f64>,
    /// Mini-batch size; 0 = the whole training set.
    #[arg(long)]
    pub batch: Option<usize>,
    /// L1 regularisation rate.
    #[arg(long, allow_negative_numbers = true)]
    pub l1: Option<f64>,
    /// L2 regularisation rate.
    #[arg(long, allow_negative_numbers = true)]
    pub l2: Option<f64>,
    /// Update order: tutorial (W1 updated before the error is sent back; the seed preset's
    /// default) or textbook (the default otherwise).
    #[arg(long)]
    pub update_order: Option<String>,
    // ---- issue 14 B: optimisers and learning-rate schedules (new options below) ----
    /// Decay ρ of `--optimizer rmsprop`'s mean square, 0 ≤ ρ < 1 (0.9 unless given).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub rho: Option<f64>,
    /// Learning-rate schedule: constant, step (times --lr-factor every --lr-step steps), exp
    /// (times --lr-decay each step) or cosine (down to --lr-min times the rate over
    /// --lr-period steps, then held).
    #[arg(long, value_name = "KIND")]
    pub schedule: Option<String>,
    /// Steps between drops of `--schedule step`, ≥ 1 (1000 unless given).
    #[arg(long, value_name = "N")]
    pub lr_step: Option<u64>,
    /// Factor of each drop of `--schedule step`, 0 < F ≤ 1 (0.5 unless given).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr_factor: Option<f64>,
    /// Factor per step of `--schedule exp`, 0 < F ≤ 1 (0.999 unless given).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr_decay: Option<f64>,
    /// Steps of `--schedule cosine` from the rate down to its lowest, ≥ 1 (10000 unless given).
    #[arg(long, value_name = "N")]
    pub lr_period: Option<u64>,
    /// Lowest rate of `--schedule cosine` as a factor of --lr, 0 ≤ F ≤ 1 (0.1 unless given).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr_min: Option<f64>,
    /// Steps of linear warm-up from 0 to the rate before the schedule starts (0 = none).
    #[arg(long, value_name = "N")]
    pub warmup: Option<u64>,
    /// Training steps (at most: `--stop-loss` can stop earlier).
    #[arg(long, default_value_t = 10_000)]
    pub steps: u64,
    /// Stop once the training loss is below F (> 0), as the app's "Stop at loss <".
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub stop_loss: Option<f64>,
    /// Print `Error:<value>` every N steps (0 = never).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub print_every: u64,
    // ---- issue 14 D: progress bar and training health (new options below) ----
    /// Never draw the progress bar (it is drawn on stderr only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Random seed for weights, data generation and shuffling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Start from the weights in this JSON file instead of random ones.
    #[arg(long, value_name = "FILE.json")]
    pub weights: Option<PathBuf>,
    /// Save the trained weights as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub save_weights: Option<PathBuf>,
    /// Write the decision picture as PNG.
    #[arg(long, value_name = "FILE.png")]
    pub png: Option<PathBuf>,
    /// Picture size in cells per side.
    #[arg(long, default_value_t = 500)]
    pub size: usize,
    /// Add a legend to the picture: each class's colour and name (as the app's export does).
    #[arg(long)]
    pub legend: bool,
    /// Continue training this session file (its points, network, weights and optimiser
    /// state); training options such as --lr still apply, data and network options are refused.
    #[arg(long, value_name = "FILE.json")]
    pub session: Option<PathBuf>,
    /// Save the whole session (points, network, weights, optimiser state) after training.
    #[arg(long, value_name = "FILE.json")]
    pub save: Option<PathBuf>,
    // ---- issue 14 C: export as code (new options below) ----
    /// Export the trained network as a self-contained numpy script: the points, the weights,
    /// the forward pass, predict() and the training loop with these settings.
    #[arg(long, value_name = "FILE.py")]
    pub export_py: Option<PathBuf>,
    /// Export the trained network as a PyTorch script (nn.Sequential in float64, the same
    /// predictions, a torch.optim training loop).
    #[arg(long, value_name = "FILE.py")]
    pub export_torch: Option<PathBuf>,
}

/// Why `nnviz train` stopped early.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad option, file or data: exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// Training produced NaN or infinity: exit code 1.
    #[error("{}", crate::tr!("cli-diverged", step = .step, value = .value.to_string(), rate = .lr.to_string()))]
    Diverged {
        /// Step whose loss was not finite.
        step: u64,
        /// The loss value.
        value: f64,
        /// Learning rate in use.
        lr: f64,
    },
    /// Writing output failed: exit code 1.
    #[error("{0}")]
    Output(String),
}

impl CliError {
    /// Process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Diverged { .. } | CliError::Output(_) => 1,
        }
    }
}

fn bad(e: impl std::fmt::Display) -> CliError {
    CliError::BadInput(e.to_string())
}

/// What a finished `nnviz train` run reached.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainSummary {
    /// Steps the model has taken in all (a continued session counts its earlier steps).
    pub steps: u64,
    /// Final mean |y − out| on the training points.
    pub error: f64,
    /// Final training accuracy (0-1).
    pub accuracy: f64,
    /// Final test accuracy, when there are test points.
    pub test_accuracy: Option<f64>,
    /// MSE, RMSE and R² in the target's units, for a regression dataset.
    pub regression: Option<crate::nn::RegressionMetrics>,
}

/// Builds the dataset the options ask for.
pub fn dataset_from_args(args: &TrainArgs) -> Result<Dataset, CliError> {
    dataset_and_names(args).map(|(d, _)| d)
}

/// The dataset and, for a CSV file with text labels, the class names (for `--save`).
fn dataset_and_names(args: &TrainArgs) -> Result<(Dataset, Vec<String>), CliError> {
    let mut names = Vec::new();
    let problem = problem_from_args(args)?;
    let mut dataset = if let Some(path) = &args.data {
        let cols = CsvColumns {
            x: args.x_col.parse().map_err(bad)?,
            y: args.y_col.parse().map_err(bad)?,
            label: args.label_col.parse().map_err(bad)?,
        };
        let import = data::read_csv_file_for(path, &cols, problem).map_err(|e| {
            if e.suggests_regression() {
                bad(format!("{e} {}", tr!("cli-hint-problem-regression")))
            } else {
                bad(e)
            }
        })?;
        let numbered = import
            .class_names
            .iter()
            .enumerate()
            .all(|(i, n)| *n == i.to_string());
        if !numbered {
            names = import
                .class_names
                .iter()
                .map(|n| {
                    n.chars()
                        .take(crate::session::MAX_CLASS_NAME_CHARS)
                        .collect()
                })
                .collect();
        }
        let mut d = import.dataset;
        if let Some(ratio) = args.test_ratio {
            data::split_test(&mut d, ratio, args.seed).map_err(bad)?;
        }
        d
    } else {
        let preset: Preset = args.preset.parse().map_err(bad)?;
        let defaults = PresetParams::default();
        let params = PresetParams {
            points: args.points.unwrap_or(defaults.points),
            classes: args.classes.unwrap_or(defaults.classes),
            noise: args.noise.unwrap_or(defaults.noise),
            test_ratio: args.test_ratio.unwrap_or(defaults.test_ratio),
            seed: args.seed,
        };
        let mut d = data::generate(preset, &params).map_err(bad)?;
        if preset == Preset::Seed
            && let Some(ratio) = args.test_ratio
        {
            data::split_test(&mut d, ratio, args.seed).map_err(bad)?;
        }
        d
    };
    if dataset.points.is_empty() {
        return Err(bad(tr!("cli-no-points")));
    }
    if dataset.train_points().next().is_none() {
        return Err(bad(tr!("cli-no-training-points-all-test")));
    }
    dataset.num_classes = dataset.num_classes.max(2);
    Ok((dataset, names))
}

/// The problem kind: `--problem`, else the preset's (a CSV file is classification unless
/// `--problem regression`). A `--problem` that contradicts the preset is refused.
pub fn problem_from_args(args: &TrainArgs) -> Result<Problem, CliError> {
    let given = args
        .problem
        .as_deref()
        .map(str::parse::<Problem>)
        .transpose()
        .map_err(bad)?;
    if args.data.is_some() {
        return Ok(given.unwrap_or_default());
    }
    let preset: Preset = args.preset.parse().map_err(bad)?;
    match given {
        Some(p) if p != preset.problem() => Err(bad(tr!(
            "cli-problem-preset",
            preset = preset.name(),
            problem = p.name(),
            presets = Preset::for_problem(p)
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Ok(preset.problem()),
    }
}

/// Builds the model settings: the preset's defaults with the given options on top.
pub fn config_from_args(args: &TrainArgs) -> Result<ModelConfig, CliError> {
    let mut c = if args.data.is_some() {
        // Own data gets the presets' network by the app's CSV-import rule; the tutorial's
        // network is for the seed preset only. The options below still win.
        let mut own = ModelConfig::tutorial();
        own.for_own_data();
        own
    } else if args.preset.trim().eq_ignore_ascii_case("seed") {
        ModelConfig::tutorial()
    } else {
        ModelConfig::playground()
    };
    if let Some(h) = &args.hidden {
        c.hidden = parse_hidden(h)?;
    }
    if let Some(a) = &args.activation {
        let names = parse_activations(a)?;
        match names.as_slice() {
            [one] => c.set_all_activations(*one),
            _ if names.len() == c.hidden.len() => {
                c.activation = names[0];
                c.activations = names;
            }
            _ => {
                return Err(bad(tr!(
                    "cli-activation-count",
                    given = names.len(),
                    layers = c.hidden.len()
                )));
            }
        }
    }
    if let Some(d) = &args.dropout {
        let rates = parse_dropout(d)?;
        c.dropout = match rates.as_slice() {
            [one] => vec![*one; c.hidden.len()],
            _ if rates.len() == c.hidden.len() => rates,
            _ => {
                return Err(bad(tr!(
                    "cli-dropout-count",
                    given = rates.len(),
                    layers = c.hidden.len()
                )));
            }
        };
    }
    if args.bias {
        c.bias = true;
    }
    if args.no_bias {
        c.bias = false;
    }
    if let Some(i) = &args.init {
        c.init = i.parse::<Init>().map_err(bad)?;
    }
    if let Some(f) = &args.features {
        c.features = parse_feature_list(f).map_err(bad)?;
    }
    if args.normalize {
        c.normalize = true;
    }
    if args.no_normalize {
        c.normalize = false;
    }
    if let Some(l) = &args.loss {
        c.train.loss = l.parse::<Loss>().map_err(bad)?;
    }
    apply_train_options(args, &mut c.train)?;
    c.validate().map_err(bad)?;
    Ok(c)
}

/// Gives a network for more than 2 classes softmax + cross-entropy, as the app does: the
/// default loss is replaced, an explicit other `--loss` is refused.
fn fit_loss_to_classes(
    args: &TrainArgs,
    config: &mut ModelConfig,
    classes: usize,
) -> Result<(), CliError> {
    if args.loss.is_some() && !config.train.loss.suits_classes(classes) {
        return Err(bad(tr!(
            "cli-loss-classes",
            loss = config.train.loss.name(),
            classes = classes,
            needed = Loss::SoftmaxCrossEntropy.name()
        )));
    }
    config.fit_loss_to_classes(classes);
    Ok(())
}

/// Puts the options that change how training runs (not the network) on top of `t`:
/// `--lr`, `--optimizer`, `--momentum-beta`, `--batch`, `--l1`, `--l2`, `--update-order`,
/// `--rho`, `--schedule` and its parameters, `--warmup`.
fn apply_train_options(args: &TrainArgs, t: &mut TrainConfig) -> Result<(), CliError> {
    if let Some(lr) = args.lr {
        t.learning_rate = lr;
    }
    if let Some(o) = &args.optimizer {
        let o = o.parse::<Optimizer>().map_err(bad)?;
        // Re-choosing the optimiser a session already uses keeps its settings (its β).
        if std::mem::discriminant(&o) != std::mem::discriminant(&t.optimizer) {
            t.optimizer = o;
        }
    }
    if let Some(beta) = args.momentum_beta {
        if !(beta.is_finite() && (0.0..1.0).contains(&beta)) {
            return Err(bad(tr!("cli-momentum-beta", beta = beta.to_string())));
        }
        match &mut t.optimizer {
            Optimizer::Momentum { beta: b } | Optimizer::Nesterov { beta: b } => *b = beta,
            other => {
                return Err(bad(tr!(
                    "cli-momentum-beta-needs-momentum",
                    optimizer = other.to_string()
                )));
            }
        }
    }
    if let Some(b) = args.batch {
        t.batch_size = b;
    }
    if let Some(v) = args.l1 {
        t.l1 = v;
    }
    if let Some(v) = args.l2 {
        t.l2 = v;
    }
    if let Some(o) = &args.update_order {
        t.update_order = o.parse::<UpdateOrder>().map_err(bad)?;
    }
    rate::apply_rmsprop_options(args, t)?;
    rate::apply_schedule_options(args, &mut t.schedule)
}

/// The options that `--session` replaces (the session has its own data, network and
/// weights), as given on the command line.
fn options_replaced_by_session(args: &TrainArgs) -> Vec<&'static str> {
    let defaults = TrainArgs {
        preset: "seed".into(),
        x_col: "0".into(),
        y_col: "1".into(),
        label_col: "2".into(),
        ..TrainArgs::default()
    };
    [
        ("--preset", !args.preset.trim().eq_ignore_ascii_case("seed")),
        ("--data", args.data.is_some()),
        ("--x", args.x_col != defaults.x_col),
        ("--y", args.y_col != defaults.y_col),
        ("--label", args.label_col != defaults.label_col),
        ("--problem", args.problem.is_some()),
        ("--classes", args.classes.is_some()),
        ("--points", args.points.is_some()),
        ("--noise", args.noise.is_some()),
        ("--test-ratio", args.test_ratio.is_some()),
        ("--hidden", args.hidden.is_some()),
        ("--activation", args.activation.is_some()),
        ("--dropout", args.dropout.is_some()),
        ("--bias", args.bias),
        ("--no-bias", args.no_bias),
        ("--init", args.init.is_some()),
        ("--features", args.features.is_some()),
        ("--normalize", args.normalize),
        ("--no-normalize", args.no_normalize),
        ("--loss", args.loss.is_some()),
        ("--weights", args.weights.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, given)| given.then_some(name))
    .collect()
}

/// What a run starts from.
struct Start {
    model: Model,
    dataset: Dataset,
    seed: u64,
    /// Class names to save (from the session or the CSV file).
    class_names: Vec<String>,
    /// The session it continues, if any.
    session: Option<Session>,
}

/// The model to train, its data and seed, and the session it came from (if any).
fn start(args: &TrainArgs) -> Result<Start, CliError> {
    if let Some(path) = &args.session {
        let replaced = options_replaced_by_session(args);
        if !replaced.is_empty() {
            return Err(bad(tr!(
                "cli-options-with-session",
                options = replaced.join(", ")
            )));
        }
        let session = Session::load(path).map_err(bad)?;
        let mut model = session
            .to_model()
            .map_err(|e| bad(format!("{}: {e}", path.display())))?;
        let mut train = model.config().train;
        apply_train_options(args, &mut train)?;
        if train != model.config().train {
            model.set_train_config(train).map_err(bad)?;
        }
        return Ok(Start {
            model,
            dataset: session.dataset.clone(),
            seed: session.seed,
            class_names: session.class_names.clone(),
            session: Some(session),
        });
    }
    let (dataset, class_names) = dataset_and_names(args)?;
    let mut config = config_from_args(args)?;
    fit_loss_to_classes(args, &mut config, dataset.num_classes)?;
    if args.loss.is_some() && dataset.is_regression() && !config.train.loss.suits_regression() {
        return Err(bad(tr!(
            "cli-loss-regression",
            loss = config.train.loss.name()
        )));
    }
    config.fit_loss_to_problem(dataset.problem);
    let mut model = Model::new(config, &dataset, args.seed).map_err(bad)?;
    if let Some(path) = &args.weights {
        let text = read_to_string(path, &tr!("cli-what-weights-file"))?;
        io::weights_from_json(&text)
            .and_then(|p| model.set_parameters(p))
            .map_err(|e| {
                bad(tr!(
                    "cli-weights-file",
                    path = path.display().to_string(),
                    detail = e.to_string()
                ))
            })?;
    }
    Ok(Start {
        model,
        dataset,
        seed: args.seed,
        class_names,
        session: None,
    })
}

/// Runs `nnviz train`, writing the `Error:` lines and the `final:` line to `out`.
pub fn run_train(args: &TrainArgs, out: &mut dyn Write) -> Result<TrainSummary, CliError> {
    if !(1..=8192).contains(&args.size) {
        let size = args.size;
        return Err(bad(tr!("cli-size", size = size)));
    }
    if let Some(f) = args.stop_loss
        && !(f.is_finite() && f > 0.0)
    {
        return Err(bad(tr!("cli-stop-loss", value = f.to_string())));
    }
    let Start {
        mut model,
        dataset,
        seed,
        class_names,
        session,
    } = start(args)?;
    let lr = model.config().train.learning_rate;
    // Inputs that overflow (x² of 1e300) would train NaN weights and save a NaN session.
    model
        .transform()
        .check_finite(dataset.points.iter().map(|p| &p.pos_in_data))
        .map_err(bad)?;
    // The picture shows the session's saved view when it has one, as the app would.
    let picture_bounds = session
        .as_ref()
        .and_then(|s| s.view)
        .unwrap_or_else(|| dataset.view_bounds());
    let io_err = |e: std::io::Error| {
        CliError::Output(tr!("cli-cannot-write-output", detail = e.to_string()))
    };
    // Steps are counted from the session's step, so a continued run prints the same
    // `Error:` lines as the second half of an uninterrupted one.
    let first = model.steps();
    // The loss curve for --save: at most about 10,000 new samples a run.
    let stride = (args.steps / 10_000).max(1);
    let mut samples = Vec::new();
    let mut reached = None;
    let mut done = 0;
    // Progress bar and health hints, on stderr only.
    let mut watch =
        crate::cli_progress::RunWatch::new(&model, &dataset, args.steps, !args.no_progress);
    for i in 0..args.steps {
        let step = first + i;
        let Some(stats) = model.step() else {
            return Err(bad(tr!("cli-no-training-points")));
        };
        done = i + 1;
        // Checked before printing: a diverging run never prints a non-finite `Error:` line.
        if !stats.loss.is_finite() || !stats.error.is_finite() {
            return Err(CliError::Diverged {
                step,
                value: stats.loss,
                lr,
            });
        }
        if crate::nn::lesson_steps::prints_error_at(step, args.print_every) {
            let line = crate::nn::lesson_steps::error_line(stats.error);
            writeln!(out, "{line}").map_err(io_err)?;
        }
        watch.step(done, stats.loss, &model);
        if args.save.is_some() && i % stride == 0 {
            samples.push(SessionLossSample {
                step,
                error: stats.error,
                loss: stats.loss,
                lr: Some(model.config().train.rate_at(step)),
            });
        }
        if let Some(max) = args.stop_loss {
            // As the app: with full batches the step's loss is the training loss (measured
            // before its update); with mini-batches the training set is measured.
            let loss = if model.config().train.batch_size == 0 {
                stats.loss
            } else {
                model.evaluate().train.map_or(f64::INFINITY, |t| t.loss)
            };
            if loss < max {
                reached = Some(max);
                break;
            }
        }
    }
    let last = first + done;
    if done > 0 && model.mlp().is_finite() {
        watch.finish(&model);
    }
    drop(watch);
    if !model.mlp().is_finite() {
        return Err(CliError::Diverged {
            step: last,
            value: f64::NAN,
            lr,
        });
    }
    let metrics = model.evaluate();
    let train = metrics.train.unwrap_or_default();
    // Also after no steps at all: never print or save a non-finite error.
    if !(train.loss.is_finite() && train.error.is_finite()) {
        return Err(CliError::Diverged {
            step: last,
            value: train.loss,
            lr,
        });
    }
    let regression = dataset.is_regression().then(|| model.regression_metrics());
    let summary = TrainSummary {
        steps: last,
        error: train.error,
        accuracy: train.accuracy(),
        test_accuracy: metrics.test.map(|t| t.accuracy()),
        regression,
    };
    if let Some(r) = &summary.regression {
        // Regression: the figures in the target's units instead of accuracies.
        let t = r.train.unwrap_or_default();
        write!(
            out,
            "final: steps={} error={:?} loss={:?} mse={:?} rmse={:?} r2={:?}",
            summary.steps, summary.error, train.loss, t.mse, t.rmse, t.r2
        )
        .map_err(io_err)?;
        if let Some(t) = r.test {
            write!(out, " test_mse={:?} test_r2={:?}", t.mse, t.r2).map_err(io_err)?;
        }
    } else {
        write!(
            out,
            "final: steps={} error={:?} loss={:?} accuracy={}",
            summary.steps,
            summary.error,
            train.loss,
            percent(summary.accuracy, 1)
        )
        .map_err(io_err)?;
        if let Some(t) = summary.test_accuracy {
            write!(out, " test_accuracy={}", percent(t, 1)).map_err(io_err)?;
        }
    }
    if args.stop_loss.is_some() {
        // Why training ended: the loss threshold, or the step budget ran out first.
        match reached {
            Some(max) => write!(out, " stopped=loss<{max:?}"),
            None => write!(out, " stopped=steps"),
        }
        .map_err(io_err)?;
    }
    writeln!(out).map_err(io_err)?;

    if let Some(path) = &args.save_weights {
        let json = io::weights_to_json(model.mlp()).to_string();
        crate::fsutil::write_atomic(path, json.as_bytes()).map_err(|e| {
            CliError::Output(tr!(
                "cli-cannot-write",
                path = path.display().to_string(),
                detail = e.to_string()
            ))
        })?;
    }
    let legend = args
        .legend
        .then(|| crate::render::legend_names(&class_names, dataset.num_classes));
    if let Some(path) = &args.save {
        let mut saved = Session::from_model(&model, &dataset, seed);
        saved.class_names = class_names;
        if let Some(s) = session {
            saved.speed = s.speed;
            saved.view = s.view;
            saved.loss_history = s.loss_history;
        }
        for sample in samples {
            saved.push_loss_sample(sample);
        }
        saved
            .save(path)
            .map_err(|e| CliError::Output(e.to_string()))?;
    }
    export_code(args, &model, &dataset, seed)?;
    if let Some(path) = &args.png {
        let grid = GridSpec::linspace(&picture_bounds, args.size, args.size);
        let mut pred = crate::nn::GridPrediction::default();
        model.predict_grid(&grid, &mut pred);
        let style = crate::render::HeatmapStyle {
            discretize: args.discretize,
            ..Default::default()
        };
        let mut img = if dataset.is_regression() {
            regression_picture(&model, &dataset, &pred, &grid, args.legend)
        } else {
            crate::render::render_picture(&pred, &grid, &dataset.points, &style)
        };
        if let Some(names) = legend.as_ref().filter(|_| !dataset.is_regression()) {
            let (w, h) = (img.width, img.height);
            let points: Vec<_> = (dataset.points.iter())
                .map(|p| crate::render::picture_pixel(&grid, w, h, p.pos_in_data))
                .collect();
            let radius = crate::render::point_radius_for(w, h);
            crate::render::draw_legend(&mut img, names, &style.palette, &points, radius);
        }
        crate::render::write_png(path, &img).map_err(|e| CliError::Output(e.to_string()))?;
    }
    Ok(summary)
}
