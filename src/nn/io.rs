//! Weights as JSON, in the tutorial's orientation.
//!
//! Without biases the file is an array of matrices, each a list of rows (row i = input i,
//! column j = unit j): `[[[w00, w01, w02, w03], [w10, …]], [[v0], [v1], [v2], [v3]]]` for the
//! tutorial's W0 (2×4) and W1 (4×1). With biases it is
//! `{"weights": [W0, W1, …], "biases": [[b0…], [b1…], …]}`.

use super::error::NnError;
use super::mlp::{MAX_HIDDEN_LAYERS, MAX_UNITS, Mlp};
use crate::json::{Limited, NullOr, limited};
use nalgebra::{DMatrix, DVector};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// Parameters of each layer as read from a file: weights and optional biases.
pub type LayerParameters = Vec<(DMatrix<f64>, Option<DVector<f64>>)>;

/// The network's weights (and biases, if any) as JSON.
pub fn weights_to_json(mlp: &Mlp) -> Value {
    let matrices: Vec<Value> = mlp
        .layers
        .iter()
        .map(|l| {
            let rows: Vec<Vec<f64>> = l
                .weights
                .row_iter()
                .map(|r| r.iter().copied().collect())
                .collect();
            json!(rows)
        })
        .collect();
    if mlp.layers.iter().any(|l| l.biases.is_some()) {
        let biases: Vec<Vec<f64>> = mlp
            .layers
            .iter()
            .map(|l| {
                l.biases
                    .as_ref()
                    .map_or_else(Vec::new, |b| b.iter().copied().collect())
            })
            .collect();
        json!({ "weights": matrices, "biases": biases })
    } else {
        Value::Array(matrices)
    }
}

/// Most weight matrices in a file: [`MAX_HIDDEN_LAYERS`] hidden layers and the output.
pub const MAX_MATRICES: usize = MAX_HIDDEN_LAYERS + 1;

type Matrix = Vec<Vec<f64>>;

fn matrices_seed() -> Limited<Limited<Limited<PhantomData<f64>>>> {
    Limited {
        seed: Limited {
            seed: limited(MAX_UNITS, "numbers in a weight row"),
            max: MAX_UNITS,
            what: "rows in a weight matrix",
        },
        max: MAX_MATRICES,
        what: "weight matrices",
    }
}

fn biases_seed() -> NullOr<Limited<Limited<PhantomData<f64>>>> {
    NullOr(Limited {
        seed: limited(MAX_UNITS, "biases in a layer"),
        max: MAX_MATRICES,
        what: "bias vectors",
    })
}

/// Reads the weights in either form, at most [`MAX_MATRICES`] matrices of at most
/// [`MAX_UNITS`]² numbers (so a file cannot make it allocate more), into the plain JSON
/// form. `strict`: a key other than `weights` and `biases` is refused (lenient: skipped, as
/// sessions of versions 1 and 2 were read). A key given twice is always refused.
pub(crate) struct WeightsVisitor {
    /// Refuse unknown keys.
    pub(crate) strict: bool,
}

impl<'de> Visitor<'de> for WeightsVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of weight matrices or {\"weights\": […], \"biases\": […]}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        let m: Vec<Matrix> = matrices_seed().visit_seq(seq)?;
        Ok(Value::from(m))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut weights: Option<Vec<Matrix>> = None;
        let mut biases: Option<Option<Vec<Vec<f64>>>> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "weights" if weights.is_some() => {
                    return Err(de::Error::duplicate_field("weights"));
                }
                "weights" => weights = Some(map.next_value_seed(matrices_seed())?),
                "biases" if biases.is_some() => {
                    return Err(de::Error::duplicate_field("biases"));
                }
                "biases" => biases = Some(map.next_value_seed(biases_seed())?),
                other if self.strict => {
                    return Err(de::Error::unknown_field(other, &["weights", "biases"]));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let weights = weights.ok_or_else(|| de::Error::missing_field("weights"))?;
        Ok(match biases.flatten() {
            Some(b) => json!({ "weights": Value::from(weights), "biases": Value::from(b) }),
            None => Value::from(weights),
        })
    }
}

/// Reads weights with [`WeightsVisitor`].
pub(crate) fn deserialize_weights<'de, D: Deserializer<'de>>(
    d: D,
    strict: bool,
) -> Result<Value, D::Error> {
    d.deserialize_any(WeightsVisitor { strict })
}

/// Reads a weights file (either form; a UTF-8 byte-order mark is skipped). Refused: a key
/// other than `weights` and `biases`, a key given twice, more than [`MAX_MATRICES`]
/// matrices or [`MAX_UNITS`] rows or numbers in a row (counted, never allocated). Shapes are
/// checked against a network by [`Mlp::set_parameters`]; here only the file's own
/// consistency is checked. Messages name the place (`weights[1][0][2]`, line and column).
pub fn weights_from_json(text: &str) -> Result<LayerParameters, NnError> {
    let text = crate::json::strip_bom(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = deserialize_weights(&mut de, true)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| NnError::Json(crate::json::describe(&e, text, "weights").1))?;
    let (weights, biases) = match &value {
        Value::Array(a) => (a.as_slice(), None),
        Value::Object(o) => {
            let w = o
                .get("weights")
                .and_then(Value::as_array)
                .ok_or_else(|| NnError::Json("object needs a \"weights\" array".into()))?;
            let b = match o.get("biases") {
                None | Some(Value::Null) => None,
                Some(Value::Array(b)) => Some(b.as_slice()),
                Some(_) => return Err(NnError::Json("\"biases\" must be an array".into())),
            };
            (w.as_slice(), b)
        }
        _ => {
            return Err(NnError::Json(
                "expected an array of matrices or an object".into(),
            ));
        }
    };
    if weights.is_empty() {
        return Err(NnError::Json(
            "no weight matrices (a network has at least one)".into(),
        ));
    }
    if let Some(b) = biases
        && b.len() != weights.len()
    {
        return Err(NnError::Json(format!(
            "{} weight matrices but {} bias vectors",
            weights.len(),
            b.len()
        )));
    }
    weights
        .iter()
        .enumerate()
        .map(|(l, m)| {
            let w = matrix_from_json(l, m)?;
            let b = match biases.and_then(|b| b.get(l)) {
                None => None,
                Some(Value::Array(v)) if v.is_empty() => None,
                Some(v) => Some(DVector::from_vec(numbers(l, v)?)),
            };
            Ok((w, b))
        })
        .collect()
}

fn numbers(layer: usize, v: &Value) -> Result<Vec<f64>, NnError> {
    let arr = v
        .as_array()
        .ok_or_else(|| NnError::Json(format!("layer {layer}: expected a list of numbers")))?;
    arr.iter()
        .map(|x| {
            let f = x
                .as_f64()
                .ok_or_else(|| NnError::Json(format!("layer {layer}: '{x}' is not a number")))?;
            if f.is_finite() {
                Ok(f)
            } else {
                Err(NnError::NonFinite { layer })
            }
        })
        .collect()
}

fn matrix_from_json(layer: usize, m: &Value) -> Result<DMatrix<f64>, NnError> {
    let rows = m
        .as_array()
        .ok_or_else(|| NnError::Json(format!("layer {layer}: expected a list of rows")))?;
    let rows: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| numbers(layer, r))
        .collect::<Result<_, _>>()?;
    let ncols = rows.first().map_or(0, Vec::len);
    if rows.is_empty() || ncols == 0 {
        return Err(NnError::Json(format!("layer {layer}: empty weight matrix")));
    }
    if rows.iter().any(|r| r.len() != ncols) {
        return Err(NnError::Ragged { layer });
    }
    let flat: Vec<f64> = rows.concat();
    Ok(DMatrix::from_row_slice(rows.len(), ncols, &flat))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Mlp, NetworkSpec};
    use rand::SeedableRng;

    #[test]
    fn round_trip_is_bit_exact_with_and_without_bias() {
        for bias in [false, true] {
            let mut spec = NetworkSpec::tutorial();
            spec.bias = bias;
            spec.hidden = vec![3, 5];
            let mut rng = rand::rngs::StdRng::seed_from_u64(7);
            let mut mlp = Mlp::new(&spec, &mut rng).unwrap();
            if let Some(b) = mlp.layers[0].biases.as_mut() {
                b[1] = 0.123_456_789_012_345_67;
            }
            let text = weights_to_json(&mlp).to_string();
            let params = weights_from_json(&text).unwrap();
            let mut copy = Mlp::new(&spec, &mut rng).unwrap();
            copy.set_parameters(params).unwrap();
            assert_eq!(copy, mlp);
        }
    }

    #[test]
    fn tutorial_orientation_rows_are_inputs() {
        let p = weights_from_json("[[[1,2,3,4],[5,6,7,8]], [[1],[2],[3],[4]]]").unwrap();
        assert_eq!(p[0].0.shape(), (2, 4));
        assert_eq!(p[0].0[(1, 0)], 5.0);
        assert_eq!(p[1].0.shape(), (4, 1));
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert!(matches!(
            weights_from_json("[[[1,2],[3]]]"),
            Err(NnError::Ragged { layer: 0 })
        ));
        assert!(matches!(
            weights_from_json("{\"w\": 1}"),
            Err(NnError::Json(_))
        ));
        assert!(matches!(
            weights_from_json("[[[1,\"a\"]]]"),
            Err(NnError::Json(_))
        ));
        assert!(matches!(
            weights_from_json("not json"),
            Err(NnError::Json(_))
        ));
        assert!(matches!(weights_from_json("[[]]"), Err(NnError::Json(_))));
    }
}
