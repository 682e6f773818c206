//! Version 3 of the session file: version 2's fields, read strictly.
//!
//! Every field nnviz writes must be there (`class_names`, `test_loss_history` and the
//! model's per-layer `activations` and `dropout`, which are left out when empty, and each
//! optimiser layer's `t` may be missing), and no other field
//! may be: a missing or misspelled setting (`"normalise"` for `"normalize"`) is refused
//! instead of silently taking the tutorial's value. Versions 1 and 2 are still read as
//! before, with their defaults ([`super::v1`], and [`super::Session`]'s own `Deserialize`).

use super::{Session, SessionLossSample, SessionTestLossSample, wire};
use crate::data::{Bounds, Dataset, LabeledPoint};
use crate::json::limited;
use crate::nn::{
    Activation, Feature, Init, LayerState, Loss, LrSchedule, ModelConfig, Optimizer, TrainConfig,
    TrainerState, UpdateOrder,
};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::marker::PhantomData;

/// `T` read only from a JSON object. serde's derived structs also take a list of their
/// values in field order (`[0, 0.5, 1.2]` for a loss sample), a form nnviz never writes:
/// version 3 refuses it, as it refuses every field it does not write.
pub(crate) struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectOnly<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(ObjectOnly(PhantomData)).map(Obj)
    }
}

/// The version-3 file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionV3 {
    #[allow(dead_code)] // checked by the probe; here only so that it is a known field
    version: u64,
    #[serde(deserialize_with = "dataset")]
    dataset: Dataset,
    #[serde(default, deserialize_with = "wire::class_names")]
    class_names: Vec<String>,
    #[serde(deserialize_with = "model")]
    model: ModelConfig,
    #[serde(deserialize_with = "wire::weights_strict")]
    weights: Value,
    #[serde(deserialize_with = "trainer_state")]
    trainer_state: TrainerState,
    seed: u64,
    #[serde(deserialize_with = "nullable")]
    speed: Option<f64>,
    #[serde(deserialize_with = "view")]
    view: Option<Bounds>,
    #[serde(deserialize_with = "loss_history")]
    loss_history: Vec<SessionLossSample>,
    #[serde(default, deserialize_with = "test_loss_history")]
    test_loss_history: Vec<SessionTestLossSample>,
}

impl SessionV3 {
    /// The session in memory.
    pub(crate) fn into_session(self) -> Session {
        Session {
            version: super::SESSION_VERSION,
            dataset: self.dataset,
            class_names: self.class_names,
            model: self.model,
            weights: self.weights,
            trainer_state: self.trainer_state,
            seed: self.seed,
            speed: self.speed,
            view: self.view,
            loss_history: self.loss_history,
            test_loss_history: self.test_loss_history,
        }
    }
}

/// A value or `null`, but the field must be there.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetV3 {
    num_classes: usize,
    #[serde(deserialize_with = "wire::dataset::points")]
    points: Vec<LabeledPoint>,
}

fn dataset<'de, D: Deserializer<'de>>(d: D) -> Result<Dataset, D::Error> {
    let Obj(DatasetV3 {
        num_classes,
        points,
    }) = Obj::deserialize(d)?;
    Ok(Dataset {
        points,
        num_classes,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundsV3 {
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

fn view<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Bounds>, D::Error> {
    Ok(
        Option::<Obj<BoundsV3>>::deserialize(d)?.map(|Obj(b)| Bounds {
            x_min: b.x_min,
            x_max: b.x_max,
            y_min: b.y_min,
            y_max: b.y_max,
        }),
    )
}

// ---------------------------------------------------------------------------------------
// model

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelV3 {
    #[serde(deserialize_with = "wire::hidden")]
    hidden: Vec<usize>,
    activation: Activation,
    /// Left out when empty (one activation for all layers), as in files written before it.
    #[serde(default, deserialize_with = "wire::activations")]
    activations: Vec<Activation>,
    /// Left out when empty (no dropout), as in files written before it.
    #[serde(default, deserialize_with = "wire::dropout")]
    dropout: Vec<f64>,
    bias: bool,
    init: Init,
    #[serde(deserialize_with = "wire::features")]
    features: Vec<Feature>,
    normalize: bool,
    train: Obj<TrainV3>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainV3 {
    loss: Loss,
    learning_rate: f64,
    optimizer: OptimizerV3,
    update_order: UpdateOrder,
    batch_size: usize,
    l1: f64,
    l2: f64,
    /// Left out by files written before schedules: constant.
    #[serde(default, deserialize_with = "schedule")]
    schedule: LrSchedule,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
enum OptimizerV3 {
    Sgd,
    Momentum { beta: f64 },
    Adam { beta1: f64, beta2: f64, eps: f64 },
    RmsProp { rho: f64, eps: f64 },
    Nesterov { beta: f64 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LrScheduleV3 {
    shape: crate::nn::Schedule,
    warmup: u64,
}

/// The schedule, strictly: both fields, each shape with all of its parameters.
fn schedule<'de, D: Deserializer<'de>>(d: D) -> Result<LrSchedule, D::Error> {
    let Obj(s) = Obj::<LrScheduleV3>::deserialize(d)?;
    Ok(LrSchedule {
        kind: s.shape,
        warmup: s.warmup,
    })
}

fn model<'de, D: Deserializer<'de>>(d: D) -> Result<ModelConfig, D::Error> {
    let Obj(m) = Obj::<ModelV3>::deserialize(d)?;
    let Obj(t) = m.train;
    Ok(ModelConfig {
        hidden: m.hidden,
        activation: m.activation,
        activations: m.activations,
        dropout: m.dropout,
        bias: m.bias,
        init: m.init,
        features: m.features,
        normalize: m.normalize,
        train: TrainConfig {
            loss: t.loss,
            learning_rate: t.learning_rate,
            optimizer: match t.optimizer {
                OptimizerV3::Sgd => Optimizer::Sgd,
                OptimizerV3::Momentum { beta } => Optimizer::Momentum { beta },
                OptimizerV3::Adam { beta1, beta2, eps } => Optimizer::Adam { beta1, beta2, eps },
                OptimizerV3::RmsProp { rho, eps } => Optimizer::RmsProp { rho, eps },
                OptimizerV3::Nesterov { beta } => Optimizer::Nesterov { beta },
            },
            update_order: t.update_order,
            batch_size: t.batch_size,
            l1: t.l1,
            l2: t.l2,
            schedule: t.schedule,
        },
    })
}

// ---------------------------------------------------------------------------------------
// trainer_state

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerStateV3 {
    #[serde(deserialize_with = "wire::state_slot")]
    w1: Vec<f64>,
    #[serde(deserialize_with = "wire::state_slot")]
    w2: Vec<f64>,
    #[serde(deserialize_with = "wire::state_slot")]
    b1: Vec<f64>,
    #[serde(deserialize_with = "wire::state_slot")]
    b2: Vec<f64>,
    #[serde(default)]
    t: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainerStateV3 {
    steps: u64,
    #[serde(deserialize_with = "state_layers")]
    layers: Vec<Obj<LayerStateV3>>,
}

fn state_layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Obj<LayerStateV3>>, D::Error> {
    serde::de::DeserializeSeed::deserialize(limited(super::MAX_LAYERS, "optimiser layers"), d)
}

fn trainer_state<'de, D: Deserializer<'de>>(d: D) -> Result<TrainerState, D::Error> {
    let Obj(w) = Obj::<TrainerStateV3>::deserialize(d)?;
    Ok(TrainerState {
        steps: w.steps,
        layers: w
            .layers
            .into_iter()
            .map(|Obj(l)| LayerState {
                w1: l.w1,
                w2: l.w2,
                b1: l.b1,
                b2: l.b2,
                t: l.t,
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------
// loss curves

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LossSampleV3 {
    step: u64,
    error: f64,
    loss: f64,
    #[serde(default)]
    lr: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestLossSampleV3 {
    step: u64,
    loss: f64,
}

fn loss_history<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SessionLossSample>, D::Error> {
    let v: Vec<Obj<LossSampleV3>> = serde::de::DeserializeSeed::deserialize(
        limited(super::MAX_LOSS_SAMPLES, "loss samples"),
        d,
    )?;
    Ok(v.into_iter()
        .map(|Obj(s)| SessionLossSample {
            step: s.step,
            error: s.error,
            loss: s.loss,
            lr: s.lr,
        })
        .collect())
}

fn test_loss_history<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<SessionTestLossSample>, D::Error> {
    let v: Vec<Obj<TestLossSampleV3>> = serde::de::DeserializeSeed::deserialize(
        limited(super::MAX_LOSS_SAMPLES, "test loss samples"),
        d,
    )?;
    Ok(v.into_iter()
        .map(|Obj(s)| SessionTestLossSample {
            step: s.step,
            loss: s.loss,
        })
        .collect())
}
