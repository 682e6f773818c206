//! How the parts of a session are written and read, with bounded allocation.
//!
//! Every list in the file is read through [`Limited`], which stops keeping elements at its
//! limit (and only counts the rest, to say how many there were), so a hostile file cannot
//! make the loader allocate more than the limits allow — whatever the numbers in the file
//! claim. Nothing is ever pre-allocated from a size found in the file.

use super::{
    MAX_CLASS_NAMES, MAX_FEATURES, MAX_LAYERS, MAX_LOSS_SAMPLES, MAX_POINTS, SessionLossSample,
    SessionTestLossSample,
};
use crate::data::{Dataset, LabeledPoint};
use crate::nn::mlp::{MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::nn::{Activation, Feature, Init, LayerState, ModelConfig, TrainConfig, TrainerState};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

use crate::json::{Limited, limited};

// ---------------------------------------------------------------------------------------
// dataset: {"num_classes": 2, "points": [[x, y, class], [x, y, class, "test"], …]}

/// Serialises and reads [`Dataset`] in the session's compact form.
pub(crate) mod dataset {
    use super::*;

    struct Points<'a>(&'a [LabeledPoint]);
    struct Point<'a>(&'a LabeledPoint);

    impl Serialize for Points<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for p in self.0 {
                seq.serialize_element(&Point(p))?;
            }
            seq.end()
        }
    }

    impl Serialize for Point<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let p = self.0;
            let mut t = s.serialize_tuple(if p.test { 4 } else { 3 })?;
            t.serialize_element(&p.pos_in_data[0])?;
            t.serialize_element(&p.pos_in_data[1])?;
            t.serialize_element(&p.class)?;
            if p.test {
                t.serialize_element("test")?;
            }
            t.end()
        }
    }

    /// The split marker of a point: `"train"` or `"test"` (borrowed, no allocation).
    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Split {
        Train,
        Test,
    }

    #[derive(Clone, Copy)]
    struct PointSeed;

    impl<'de> DeserializeSeed<'de> for PointSeed {
        type Value = LabeledPoint;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<LabeledPoint, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for PointSeed {
        type Value = LabeledPoint;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a point [x, y, class] or [x, y, class, \"test\"]")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LabeledPoint, A::Error> {
            let x: f64 = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let y: f64 = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(1, &self))?;
            let class: usize = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(2, &self))?;
            let test = matches!(seq.next_element::<Split>()?, Some(Split::Test));
            if seq.next_element::<IgnoredAny>()?.is_some() {
                return Err(de::Error::invalid_length(5, &self));
            }
            Ok(LabeledPoint {
                pos_in_data: [x, y],
                class,
                test,
            })
        }
    }

    pub(crate) fn points<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LabeledPoint>, D::Error> {
        Limited {
            seed: PointSeed,
            max: MAX_POINTS,
            what: "points",
        }
        .deserialize(d)
    }

    #[derive(Deserialize)]
    struct Wire {
        num_classes: usize,
        #[serde(deserialize_with = "points")]
        points: Vec<LabeledPoint>,
    }

    /// Writes `{"num_classes": …, "points": [[x, y, class(, "test")], …]}`.
    pub(crate) fn serialize<S: Serializer>(d: &Dataset, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Dataset", 2)?;
        st.serialize_field("num_classes", &d.num_classes)?;
        st.serialize_field("points", &Points(&d.points))?;
        st.end()
    }

    /// Reads the form [`serialize`] writes, at most [`MAX_POINTS`] points.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Dataset, D::Error> {
        let Wire {
            num_classes,
            points,
        } = Wire::deserialize(d)?;
        // A struct literal, not `..Default::default()`: a new field in `Dataset` must be
        // handled here (the compiler says so).
        Ok(Dataset {
            points,
            num_classes,
        })
    }
}

// ---------------------------------------------------------------------------------------
// model: ModelConfig's own form, with its lists bounded.

pub(crate) fn hidden<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
    limited(MAX_HIDDEN_LAYERS, "hidden layers").deserialize(d)
}

pub(crate) fn activations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Activation>, D::Error> {
    limited(MAX_HIDDEN_LAYERS, "per-layer activations").deserialize(d)
}

pub(crate) fn dropout<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    limited(MAX_HIDDEN_LAYERS, "dropout rates").deserialize(d)
}

pub(crate) fn features<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Feature>, D::Error> {
    limited(MAX_FEATURES, "input features").deserialize(d)
}

/// [`ModelConfig`] as read from a file: the same fields and defaults, lists bounded.
#[derive(Deserialize)]
#[serde(default)]
struct ModelWire {
    #[serde(deserialize_with = "hidden")]
    hidden: Vec<usize>,
    activation: Activation,
    #[serde(deserialize_with = "activations")]
    activations: Vec<Activation>,
    #[serde(deserialize_with = "dropout")]
    dropout: Vec<f64>,
    bias: bool,
    init: Init,
    #[serde(deserialize_with = "features")]
    features: Vec<Feature>,
    normalize: bool,
    train: TrainConfig,
}

impl Default for ModelWire {
    fn default() -> Self {
        // Exhaustive destructuring: a new field in `ModelConfig` must be added here.
        let ModelConfig {
            hidden,
            activation,
            activations,
            dropout,
            bias,
            init,
            features,
            normalize,
            train,
        } = ModelConfig::default();
        Self {
            hidden,
            activation,
            activations,
            dropout,
            bias,
            init,
            features,
            normalize,
            train,
        }
    }
}

/// Reads a [`ModelConfig`] with at most [`MAX_HIDDEN_LAYERS`] hidden layers.
pub(crate) fn model<'de, D: Deserializer<'de>>(d: D) -> Result<ModelConfig, D::Error> {
    let w = ModelWire::deserialize(d)?;
    Ok(ModelConfig {
        hidden: w.hidden,
        activation: w.activation,
        activations: w.activations,
        dropout: w.dropout,
        bias: w.bias,
        init: w.init,
        features: w.features,
        normalize: w.normalize,
        train: w.train,
    })
}

// ---------------------------------------------------------------------------------------
// trainer_state: TrainerState's own form, with its lists bounded.

pub(crate) fn state_slot<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    limited(MAX_UNITS * MAX_UNITS, "optimiser values in one layer").deserialize(d)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LayerStateWire {
    #[serde(deserialize_with = "state_slot")]
    w1: Vec<f64>,
    #[serde(deserialize_with = "state_slot")]
    w2: Vec<f64>,
    #[serde(deserialize_with = "state_slot")]
    b1: Vec<f64>,
    #[serde(deserialize_with = "state_slot")]
    b2: Vec<f64>,
    t: Option<u64>,
}

fn state_layers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LayerStateWire>, D::Error> {
    limited(MAX_LAYERS, "optimiser layers").deserialize(d)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TrainerStateWire {
    steps: u64,
    #[serde(deserialize_with = "state_layers")]
    layers: Vec<LayerStateWire>,
}

/// Reads a [`TrainerState`] with at most [`MAX_LAYERS`] layers of bounded size.
pub(crate) fn trainer_state<'de, D: Deserializer<'de>>(d: D) -> Result<TrainerState, D::Error> {
    let w = TrainerStateWire::deserialize(d)?;
    Ok(TrainerState {
        steps: w.steps,
        layers: w
            .layers
            .into_iter()
            .map(|l| LayerState {
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
// weights: the `nn::io` form, `[W0, W1, …]` or `{"weights": [W0, …], "biases": [b0, …]}`.

/// Reads weights in the `nn::io` form (unknown keys skipped, as versions 1 and 2 were
/// read), at most [`MAX_LAYERS`] matrices of at most [`MAX_UNITS`]² numbers. Shapes are
/// checked later, against the network.
pub(crate) fn weights<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    crate::nn::io::deserialize_weights(d, false)
}

/// [`weights`], refusing keys other than `weights` and `biases` (version 3).
pub(crate) fn weights_strict<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    crate::nn::io::deserialize_weights(d, true)
}

// ---------------------------------------------------------------------------------------
// Small bounded lists.

/// Reads at most [`MAX_CLASS_NAMES`] class names.
pub(crate) fn class_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    limited(MAX_CLASS_NAMES, "class names").deserialize(d)
}

/// Reads at most [`MAX_LOSS_SAMPLES`] loss samples.
pub(crate) fn loss_history<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<SessionLossSample>, D::Error> {
    limited(MAX_LOSS_SAMPLES, "loss samples").deserialize(d)
}

/// Writes only the finite loss samples: JSON has no NaN or infinity, and a history that
/// diverged at its end is still worth keeping.
pub(crate) fn finite_loss_history<S: Serializer>(
    h: &[SessionLossSample],
    s: S,
) -> Result<S::Ok, S::Error> {
    serialize_kept(h, |x| x.error.is_finite() && x.loss.is_finite(), s)
}

/// Writes the elements of `items` that `keep` accepts, as a sequence.
fn serialize_kept<T: Serialize, S: Serializer>(
    items: &[T],
    keep: impl Fn(&T) -> bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(items.iter().filter(|x| keep(x)).count()))?;
    for x in items.iter().filter(|x| keep(x)) {
        seq.serialize_element(x)?;
    }
    seq.end()
}

/// Reads at most [`MAX_LOSS_SAMPLES`] test-loss samples.
pub(crate) fn test_loss_history<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<SessionTestLossSample>, D::Error> {
    limited(MAX_LOSS_SAMPLES, "test loss samples").deserialize(d)
}

/// Writes only the finite test-loss samples.
pub(crate) fn finite_test_loss_history<S: Serializer>(
    h: &[SessionTestLossSample],
    s: S,
) -> Result<S::Ok, S::Error> {
    serialize_kept(h, |x| x.loss.is_finite(), s)
}

/// Always writes the current version: the in-memory session has the current shape.
pub(crate) fn current_version<S: Serializer>(_: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(super::SESSION_VERSION)
}

/// The `version` of a session object; every other field is skipped without being kept.
pub(crate) struct Probe(pub(crate) u64);

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ProbeVisitor)
    }
}

struct ProbeVisitor;

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ProbeKey {
    Version,
    #[serde(other)]
    Other,
}

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a session object")
    }

    // Only an object is a session (serde's derive would also take a list).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut version = None;
        while let Some(key) = map.next_key::<ProbeKey>()? {
            match key {
                ProbeKey::Version if version.is_some() => {
                    return Err(de::Error::duplicate_field("version"));
                }
                ProbeKey::Version => version = Some(map.next_value::<u64>()?),
                ProbeKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        version
            .map(Probe)
            .ok_or_else(|| de::Error::missing_field("version"))
    }
}
