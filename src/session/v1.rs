//! Version 1 of the session file, read and upgraded to the current [`Session`].
//!
//! Version 1 is version 2 without `trainer_state`, `view` and `loss_history`, and with the
//! learning rate at the top level (`"learning_rate": 0.1`) instead of in
//! `model.train.learning_rate`. It upgrades with a fresh optimiser state (step 0), no saved
//! view and an empty loss history.

use super::{Session, wire};
use crate::data::Dataset;
use crate::nn::{ModelConfig, TrainerState};
use serde::Deserialize;
use serde_json::Value;

/// The version-1 file.
#[derive(Deserialize)]
pub(crate) struct SessionV1 {
    #[serde(with = "wire::dataset")]
    dataset: Dataset,
    #[serde(default, deserialize_with = "wire::class_names")]
    class_names: Vec<String>,
    #[serde(deserialize_with = "wire::model")]
    model: ModelConfig,
    #[serde(deserialize_with = "wire::weights")]
    weights: Value,
    learning_rate: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    speed: Option<f64>,
}

impl SessionV1 {
    /// The same session in the current shape.
    pub(crate) fn upgrade(self) -> Session {
        let mut model = self.model;
        model.train.learning_rate = self.learning_rate;
        Session {
            version: super::SESSION_VERSION,
            dataset: self.dataset,
            class_names: self.class_names,
            model,
            weights: self.weights,
            trainer_state: TrainerState::default(),
            seed: self.seed,
            speed: self.speed,
            view: None,
            loss_history: Vec::new(),
            test_loss_history: Vec::new(),
        }
    }
}
