//! Sessions: a whole playground — points, network, weights, optimiser state and settings —
//! as one versioned JSON file.
//!
//! The app and `nnviz train --session/--save` read and write the same [`Session`]. Loading
//! is strict and all-or-nothing: [`Session::from_json_str`] returns a session only when every
//! part is valid *and* the network can be built from it with its weights and optimiser
//! state, so a caller that gets `Ok` can replace its current session without a partial
//! state, and one that gets `Err` keeps what it had. Writing is atomic
//! ([`crate::fsutil::write_atomic`]): a crash mid-save leaves the previous file intact.
//!
//! The file (version 3, [`SESSION_VERSION`]):
//!
//! ```json
//! {"version": 3,
//!  "dataset": {"num_classes": 2, "points": [[3.0, 1.0, 0], [2.0, 5.0, 1], [4.0, -1.0, 0, "test"]]},
//!  "class_names": ["red", "blue"],
//!  "model": {"hidden": [4], "activation": "sigmoid", "bias": false, "init": "uniform",
//!            "features": ["x", "y"], "normalize": false,
//!            "train": {"loss": "tutorial_sse", "learning_rate": 0.1, "optimizer": {"kind": "sgd"},
//!                      "update_order": "tutorial", "batch_size": 0, "l1": 0.0, "l2": 0.0,
//!                      "schedule": {"shape": {"kind": "cosine", "period": 1000, "min_factor": 0.1},
//!                                   "warmup": 0}}},
//!  "weights": [[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], [[0.1], [0.2], [0.3], [0.4]]],
//!  "trainer_state": {"steps": 100, "layers": []},
//!  "seed": 1, "speed": 60.0,
//!  "view": {"x_min": 0.0, "x_max": 7.0, "y_min": -2.0, "y_max": 9.0},
//!  "loss_history": [{"step": 0, "error": 0.49, "loss": 1.0, "lr": 0.1}],
//!  "test_loss_history": [{"step": 0, "loss": 1.1}]}
//! ```
//!
//! `trainer_state.steps` counts every step since the weights were drawn; each of its
//! `layers` also has `t`, the optimiser's own step count since it last started afresh (a
//! change of optimiser, or resuming from a timeline snapshot), for Adam's bias correction.
//! A weight or bias edited in the app keeps the optimiser's state, `t` included. Without
//! `t` (files written before it existed, or empty `layers`) `t` is `steps`.
//!
//! `test_loss_history` (the loss on the test points, measured every so often) is left out
//! when empty; files without it load with an empty one.
//!
//! `model.train.schedule` (the learning-rate schedule, [`crate::nn::LrSchedule`]; not
//! written when the rate is constant) and each loss sample's `lr` (the rate its step used)
//! may be left out: files written before they existed load with a constant rate and samples
//! without a rate.
//!
//! Version 3 is read strictly: every field above must be there (`class_names`,
//! `test_loss_history` and each optimiser layer's `t` may be left out) and no other field
//! may be, at any depth; a key given twice is refused. Version 2 has the same fields, read
//! as before: a missing setting takes the tutorial's value and unknown fields are skipped.
//! Version 1 files still load: version 1 is version 2 without `trainer_state`, `view` and
//! `loss_history`, with the learning rate at the top level (`"learning_rate": 0.1`). In
//! every version the settings are range-checked ([`ModelConfig::validate`]), a UTF-8
//! byte-order mark is skipped, and a refusal names the place (`model.train.optimizer.beta`,
//! line and column) in the user's words. Limits are the `MAX_*` constants below.

pub mod error;
mod v1;
mod v3;
mod wire;

pub use error::SessionError;

use crate::data::{Bounds, Dataset, MAX_CLASSES};
use crate::nn::io::{self, LayerParameters};
use crate::nn::mlp::{MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::nn::{Model, ModelConfig, TrainerState};
use crate::tr;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The version this build writes.
pub const SESSION_VERSION: u32 = 3;

/// Largest session file read or written: 64 MiB (checked before reading); the same limit
/// as for data files.
pub use crate::data::MAX_FILE_BYTES;

/// Most points in a session.
pub const MAX_POINTS: usize = 1_000_000;

/// Most class names (one per class).
pub const MAX_CLASS_NAMES: usize = MAX_CLASSES;

/// Longest class name, in characters.
pub const MAX_CLASS_NAME_CHARS: usize = 100;

/// Most samples in the saved loss history.
pub const MAX_LOSS_SAMPLES: usize = 100_000;

/// Most weight layers: [`MAX_HIDDEN_LAYERS`] hidden layers and the output layer.
pub const MAX_LAYERS: usize = MAX_HIDDEN_LAYERS + 1;

/// Most input features listed in a file (the network takes at most [`MAX_UNITS`] inputs).
pub const MAX_FEATURES: usize = MAX_UNITS;

/// Largest step count a session may say it has trained (2^53: exact as a JSON number, and
/// far from overflowing when training goes on).
pub const MAX_STEPS: u64 = 1 << 53;

/// One point of the loss curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionLossSample {
    /// Step the sample was taken at.
    pub step: u64,
    /// The tutorial's Error, mean |y − out|.
    pub error: f64,
    /// The loss.
    pub loss: f64,
    /// The learning rate the step used (its schedule applied to the base rate); `None` in
    /// files written before it was kept, and then not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
}

/// One point of the test-loss curve (the loss on the test points at a step).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionTestLossSample {
    /// Step the loss was measured at.
    pub step: u64,
    /// The loss on the test points.
    pub loss: f64,
}

/// A whole playground session. Read it with [`Session::from_json_str`] or [`Session::load`]
/// (which check everything); build a model from it with [`Session::to_model`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// File format version; always written as [`SESSION_VERSION`].
    #[serde(serialize_with = "wire::current_version")]
    pub version: u32,
    /// The points (with classes and train/test split) and the class count.
    #[serde(with = "wire::dataset")]
    pub dataset: Dataset,
    /// Optional class names, at most one per class (empty: classes are numbered).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "wire::class_names"
    )]
    pub class_names: Vec<String>,
    /// The network and how it trains; the learning rate is `model.train.learning_rate`.
    #[serde(deserialize_with = "wire::model")]
    pub model: ModelConfig,
    /// The weights in the `nn::io` JSON form ([`io::weights_to_json`]).
    #[serde(deserialize_with = "wire::weights")]
    pub weights: Value,
    /// Optimiser state and step counts (default: fresh, step 0).
    #[serde(default, deserialize_with = "wire::trainer_state")]
    pub trainer_state: TrainerState,
    /// Seed for new weights and mini-batch shuffling.
    #[serde(default)]
    pub seed: u64,
    /// Training speed in steps per second; `None` = unlimited.
    #[serde(default)]
    pub speed: Option<f64>,
    /// The visible rectangle of the plane; `None` = fit to the data.
    #[serde(default)]
    pub view: Option<Bounds>,
    /// The loss curve, at most [`MAX_LOSS_SAMPLES`] samples (non-finite samples are not
    /// written).
    #[serde(
        default,
        serialize_with = "wire::finite_loss_history",
        deserialize_with = "wire::loss_history"
    )]
    pub loss_history: Vec<SessionLossSample>,
    /// The test-loss curve, at most [`MAX_LOSS_SAMPLES`] samples (empty without test points,
    /// and in files written before it existed; non-finite samples are not written).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "wire::finite_test_loss_history",
        deserialize_with = "wire::test_loss_history"
    )]
    pub test_loss_history: Vec<SessionTestLossSample>,
}

impl Session {
    /// The session of `model` trained on `dataset`: its settings, weights and optimiser
    /// state. Speed, view, class names and loss history start empty; set the fields.
    pub fn from_model(model: &Model, dataset: &Dataset, seed: u64) -> Session {
        let mut dataset = dataset.clone();
        // The model treats fewer than 2 classes as 2 (see `Model::new`).
        dataset.num_classes = dataset.num_classes.max(2);
        Session {
            version: SESSION_VERSION,
            dataset,
            class_names: Vec::new(),
            model: model.config().clone(),
            weights: io::weights_to_json(model.mlp()),
            trainer_state: model.trainer_state(),
            seed,
            speed: None,
            view: None,
            loss_history: Vec::new(),
            test_loss_history: Vec::new(),
        }
    }

    /// Builds the model: the network from `model`, the weights, then the optimiser state.
    /// Either everything fits or nothing is returned.
    pub fn to_model(&self) -> Result<Model, SessionError> {
        self.check()?;
        let params = self.layer_parameters()?;
        let mut model = Model::new(self.model.clone(), &self.dataset, self.seed)?;
        model.set_parameters(params)?;
        model.set_trainer_state(self.trainer_state.clone())?;
        Ok(model)
    }

    /// The weights as matrices (their own consistency checked, not yet their fit to the
    /// network: [`Session::to_model`] does that).
    pub fn layer_parameters(&self) -> Result<LayerParameters, SessionError> {
        Ok(io::weights_from_json(&self.weights.to_string())?)
    }

    /// The session as compact JSON. Refused (nothing produced) when the session is not
    /// valid, so that nnviz never writes a file it would not read back.
    pub fn to_json_string(&self) -> Result<String, SessionError> {
        self.validate()?;
        let text = serde_json::to_string(self).map_err(|e| SessionError::Invalid(e.to_string()))?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(SessionError::TooLarge {
                size: text.len() as u64,
                max: MAX_FILE_BYTES,
            });
        }
        Ok(text)
    }

    /// Reads a session of any supported version and checks all of it (see
    /// [`Session::validate`]). The result is in the current shape (`version` =
    /// [`SESSION_VERSION`]).
    pub fn from_json_str(text: &str) -> Result<Session, SessionError> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(SessionError::TooLarge {
                size: text.len() as u64,
                max: MAX_FILE_BYTES,
            });
        }
        // Editors on Windows start UTF-8 files with a byte-order mark.
        let text = crate::json::strip_bom(text);
        let err = |e| json_error(e, text);
        let version = serde_json::from_str::<wire::Probe>(text).map_err(err)?.0;
        let session = match version {
            1 => serde_json::from_str::<v1::SessionV1>(text)
                .map_err(err)?
                .upgrade(),
            2 => Session {
                version: SESSION_VERSION,
                ..serde_json::from_str::<Session>(text).map_err(err)?
            },
            3 => serde_json::from_str::<v3::Obj<v3::SessionV3>>(text)
                .map(|v3::Obj(s)| s)
                .map_err(err)?
                .into_session(),
            v => return Err(SessionError::UnknownVersion(v)),
        };
        session.validate()?;
        Ok(session)
    }

    /// Reads and checks the session in `path`. The size is checked before reading.
    pub fn load(path: impl AsRef<Path>) -> Result<Session, SessionError> {
        let path = path.as_ref();
        let read_err = |error| SessionError::Read {
            path: path.to_path_buf(),
            error,
        };
        let in_file = |error| SessionError::InFile {
            path: path.to_path_buf(),
            error: Box::new(error),
        };
        let bytes =
            crate::fsutil::read_regular_file(path, MAX_FILE_BYTES).map_err(|e| match e {
                crate::fsutil::ReadError::Io(error) => read_err(error),
                crate::fsutil::ReadError::TooLarge { size, max } => {
                    in_file(SessionError::TooLarge { size, max })
                }
            })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            in_file(SessionError::NotJson(format!(
                "not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            )))
        })?;
        Session::from_json_str(&text).map_err(in_file)
    }

    /// Writes the session to `path` atomically (temporary file, then rename). On any error
    /// the previous file is untouched.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), SessionError> {
        let path = path.as_ref();
        let text = self.to_json_string()?;
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|error| SessionError::Write {
            path: path.to_path_buf(),
            error,
        })
    }

    /// Everything [`Session::check`] checks, and that the network builds with these
    /// weights and this optimiser state.
    pub fn validate(&self) -> Result<(), SessionError> {
        self.to_model().map(drop)
    }

    /// The checks that need no network: limits, classes, finite numbers, settings.
    pub fn check(&self) -> Result<(), SessionError> {
        let d = &self.dataset;
        if d.points.len() > MAX_POINTS {
            let count = d.points.len();
            return Err(SessionError::TooMany(tr!(
                "session-too-many-points",
                count = count,
                max = MAX_POINTS
            )));
        }
        if !(2..=MAX_CLASSES).contains(&d.num_classes) {
            let classes = d.num_classes;
            return Err(SessionError::Invalid(tr!(
                "session-num-classes",
                classes = classes,
                max = MAX_CLASSES
            )));
        }
        for (i, p) in d.points.iter().enumerate() {
            if !p.pos_in_data.iter().all(|v| v.is_finite()) {
                return Err(SessionError::Invalid(tr!(
                    "session-point-not-finite",
                    index = i
                )));
            }
            if p.class >= d.num_classes {
                let (class, classes, last) = (p.class, d.num_classes, d.num_classes - 1);
                return Err(SessionError::Invalid(tr!(
                    "session-point-class",
                    index = i,
                    class = class,
                    classes = classes,
                    last = last
                )));
            }
        }
        if self.class_names.len() > d.num_classes {
            let (names, classes) = (self.class_names.len(), d.num_classes);
            return Err(SessionError::Invalid(tr!(
                "session-class-names",
                names = names,
                classes = classes
            )));
        }
        if let Some(i) = self
            .class_names
            .iter()
            .position(|n| n.chars().count() > MAX_CLASS_NAME_CHARS)
        {
            return Err(SessionError::Invalid(tr!(
                "session-class-name-long",
                index = i,
                max = MAX_CLASS_NAME_CHARS
            )));
        }
        self.model.validate()?;
        if let Some(s) = self.speed
            && !(s.is_finite() && s > 0.0)
        {
            return Err(SessionError::Invalid(tr!(
                "session-speed",
                speed = s.to_string()
            )));
        }
        if let Some(v) = &self.view {
            let finite = [v.x_min, v.x_max, v.y_min, v.y_max]
                .iter()
                .all(|x| x.is_finite());
            if !(finite && v.x_min < v.x_max && v.y_min < v.y_max) {
                return Err(SessionError::Invalid(tr!(
                    "session-view",
                    x = format!("{}..{}", v.x_min, v.x_max),
                    y = format!("{}..{}", v.y_min, v.y_max)
                )));
            }
        }
        if self.loss_history.len() > MAX_LOSS_SAMPLES {
            let count = self.loss_history.len();
            return Err(SessionError::TooMany(tr!(
                "session-too-many-loss",
                count = count,
                max = MAX_LOSS_SAMPLES
            )));
        }
        if self.test_loss_history.len() > MAX_LOSS_SAMPLES {
            let count = self.test_loss_history.len();
            return Err(SessionError::TooMany(tr!(
                "session-too-many-test-loss",
                count = count,
                max = MAX_LOSS_SAMPLES
            )));
        }
        if self.trainer_state.steps > MAX_STEPS {
            // As text: Fluent's numbers are f64, which would round a u64 this large.
            return Err(SessionError::Invalid(tr!(
                "session-steps",
                steps = self.trainer_state.steps.to_string(),
                max = MAX_STEPS.to_string()
            )));
        }
        if self.trainer_state.layers.len() > MAX_LAYERS {
            let count = self.trainer_state.layers.len();
            return Err(SessionError::TooMany(tr!(
                "session-too-many-layers",
                count = count,
                max = MAX_LAYERS
            )));
        }
        Ok(())
    }

    /// Appends a loss sample; when the history is full, every other sample is dropped first
    /// so the whole run stays visible at half the resolution.
    pub fn push_loss_sample(&mut self, sample: SessionLossSample) {
        if self.loss_history.len() >= MAX_LOSS_SAMPLES {
            let mut i = 0;
            self.loss_history.retain(|_| {
                i += 1;
                i % 2 == 1
            });
        }
        self.loss_history.push(sample);
    }
}

impl Session {
    /// Appends a test-loss sample, thinned like [`Session::push_loss_sample`] when full.
    pub fn push_test_loss_sample(&mut self, sample: SessionTestLossSample) {
        if self.test_loss_history.len() >= MAX_LOSS_SAMPLES {
            let mut i = 0;
            self.test_loss_history.retain(|_| {
                i += 1;
                i % 2 == 1
            });
        }
        self.test_loss_history.push(sample);
    }
}

/// Sorts a JSON error into what is wrong (truncated, not JSON, a limit, or not a session)
/// and says it in the user's words, with the place (see [`crate::json::describe`]).
fn json_error(e: serde_json::Error, text: &str) -> SessionError {
    use crate::json::Problem;
    let (problem, msg) = crate::json::describe(&e, text, "");
    match problem {
        Problem::Limit => SessionError::TooMany(msg),
        Problem::Truncated => SessionError::Truncated(msg),
        Problem::Syntax => SessionError::NotJson(msg),
        Problem::Shape => SessionError::NotASession(msg),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn tutorial() -> Session {
        let d = Dataset::seed();
        let m = Model::new(ModelConfig::tutorial(), &d, 1).unwrap();
        Session::from_model(&m, &d, 1)
    }

    #[test]
    fn points_are_written_compactly_with_their_split() {
        let mut s = tutorial();
        s.dataset.points[7].test = true;
        let text = s.to_json_string().unwrap();
        assert!(
            text.contains("\"points\":[[3.0,1.0,0],[2.0,5.0,1]"),
            "{text}"
        );
        assert!(text.contains("[4.0,-1.0,0,\"test\"]"), "{text}");
        let back = Session::from_json_str(&text).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn non_finite_loss_samples_are_not_written() {
        let mut s = tutorial();
        for (step, loss) in [(0, 1.0), (1, f64::NAN), (2, 0.5)] {
            s.push_loss_sample(SessionLossSample {
                step,
                error: 0.1,
                loss,
                lr: None,
            });
        }
        let back = Session::from_json_str(&s.to_json_string().unwrap()).unwrap();
        let steps: Vec<u64> = back.loss_history.iter().map(|x| x.step).collect();
        assert_eq!(steps, [0, 2]);
    }

    #[test]
    fn a_full_loss_history_is_thinned() {
        let mut s = tutorial();
        for step in 0..(MAX_LOSS_SAMPLES as u64 + 10) {
            s.push_loss_sample(SessionLossSample {
                step,
                error: 0.0,
                loss: 0.0,
                lr: None,
            });
        }
        assert!(s.loss_history.len() <= MAX_LOSS_SAMPLES);
        assert_eq!(s.loss_history[0].step, 0);
        assert_eq!(s.loss_history[1].step, 2);
        assert!(s.check().is_ok());
    }
}
