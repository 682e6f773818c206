//! The multi-layer perceptron: a stack of dense layers.

use super::{activation::Activation, error::NnError, init::Init};
use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

/// Largest number of hidden layers a network may have.
pub const MAX_HIDDEN_LAYERS: usize = 8;
/// Largest number of units in one layer.
pub const MAX_UNITS: usize = 64;

/// One dense layer: `a = g(input · W + b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// `inputs × units` (the tutorial's orientation: row i = input i, column j = unit j).
    pub weights: DMatrix<f64>,
    /// One bias per unit, or `None` for a layer without bias (the tutorial's).
    pub biases: Option<DVector<f64>>,
    /// The non-linearity.
    pub activation: Activation,
}

impl Layer {
    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.weights.nrows()
    }
    /// Number of units (outputs).
    pub fn units(&self) -> usize {
        self.weights.ncols()
    }
}

/// Shape and kind of a network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// Number of inputs (features).
    pub inputs: usize,
    /// Units of each hidden layer.
    pub hidden: Vec<usize>,
    /// Number of outputs.
    pub outputs: usize,
    /// Activation of the hidden layers without an entry in [`Self::activations`].
    pub activation: Activation,
    /// Activation of each hidden layer, input side first; layers past its end use
    /// [`Self::activation`].
    #[serde(default)]
    pub activations: Vec<Activation>,
    /// Activation of the output layer.
    pub output_activation: Activation,
    /// Whether every layer has a bias.
    pub bias: bool,
    /// How weights start.
    pub init: Init,
}

impl NetworkSpec {
    /// The tutorial's network: 2 → 4 → 1, sigmoid everywhere, no bias, uniform [-1, 1).
    pub fn tutorial() -> Self {
        Self {
            inputs: 2,
            hidden: vec![4],
            outputs: 1,
            activation: Activation::Sigmoid,
            activations: Vec::new(),
            output_activation: Activation::Sigmoid,
            bias: false,
            init: Init::Uniform,
        }
    }

    /// The activation of hidden layer `i` (0 = the first).
    pub fn hidden_activation(&self, i: usize) -> Activation {
        self.activations.get(i).copied().unwrap_or(self.activation)
    }

    /// Layer widths from input to output, e.g. `[2, 4, 1]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = Vec::with_capacity(self.hidden.len() + 2);
        s.push(self.inputs);
        s.extend_from_slice(&self.hidden);
        s.push(self.outputs);
        s
    }

    /// Checks the limits: 1..=64 units per layer, at most 8 hidden layers, softmax only on output.
    pub fn validate(&self) -> Result<(), NnError> {
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return Err(NnError::Invalid(format!(
                "{} hidden layers (at most {MAX_HIDDEN_LAYERS})",
                self.hidden.len()
            )));
        }
        if self.inputs == 0 || self.inputs > MAX_UNITS {
            return Err(NnError::Invalid(format!(
                "{} inputs (1..={MAX_UNITS})",
                self.inputs
            )));
        }
        if self.outputs == 0 || self.outputs > MAX_UNITS {
            return Err(NnError::Invalid(format!(
                "{} outputs (1..={MAX_UNITS})",
                self.outputs
            )));
        }
        if let Some(&bad) = self.hidden.iter().find(|&&h| h == 0 || h > MAX_UNITS) {
            return Err(NnError::Invalid(format!(
                "hidden layer of {bad} units (each layer needs 1..={MAX_UNITS})"
            )));
        }
        if self.activations.len() > self.hidden.len() {
            return Err(NnError::ActivationCount {
                activations: self.activations.len(),
                layers: self.hidden.len(),
            });
        }
        let hidden = (0..self.hidden.len()).map(|i| self.hidden_activation(i));
        if self.activation == Activation::Softmax
            || hidden.into_iter().any(|a| a == Activation::Softmax)
        {
            return Err(NnError::Invalid(
                "softmax is only for the output layer".into(),
            ));
        }
        Ok(())
    }
}

/// A multi-layer perceptron.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// The layers, input side first.
    pub layers: Vec<Layer>,
}

impl Mlp {
    /// A fresh network with weights drawn by `spec.init` from `rng`, biases zero.
    /// Each matrix is filled row by row (as numpy's `random((rows, cols))` would be).
    pub fn new(spec: &NetworkSpec, rng: &mut impl rand::Rng) -> Result<Self, NnError> {
        spec.validate()?;
        let sizes = spec.sizes();
        let last = sizes.len() - 2;
        let layers = sizes
            .windows(2)
            .enumerate()
            .map(|(l, w)| {
                let (fan_in, fan_out) = (w[0], w[1]);
                let values: Vec<f64> = (0..fan_in * fan_out)
                    .map(|_| spec.init.sample(rng, fan_in, fan_out))
                    .collect();
                Layer {
                    weights: DMatrix::from_row_slice(fan_in, fan_out, &values),
                    biases: spec.bias.then(|| DVector::zeros(fan_out)),
                    activation: if l == last {
                        spec.output_activation
                    } else {
                        spec.hidden_activation(l)
                    },
                }
            })
            .collect();
        Ok(Self { layers })
    }

    /// A copy of the weights and biases, one `(matrix, biases)` per layer: what
    /// [`Mlp::set_parameters`] takes.
    pub fn parameters(&self) -> Vec<(DMatrix<f64>, Option<DVector<f64>>)> {
        self.layers
            .iter()
            .map(|l| (l.weights.clone(), l.biases.clone()))
            .collect()
    }

    /// Replaces the weights and biases with `weights` (one `(matrix, biases)` per layer),
    /// checking that every shape fits and every number is finite.
    pub fn set_parameters(
        &mut self,
        weights: Vec<(DMatrix<f64>, Option<DVector<f64>>)>,
    ) -> Result<(), NnError> {
        if weights.len() != self.layers.len() {
            return Err(NnError::LayerCount {
                expected: self.layers.len(),
                got: weights.len(),
            });
        }
        for (l, (layer, (w, b))) in self.layers.iter().zip(&weights).enumerate() {
            if w.shape() != layer.weights.shape() {
                return Err(NnError::WeightShape {
                    layer: l,
                    expected_rows: layer.inputs(),
                    expected_cols: layer.units(),
                    rows: w.nrows(),
                    cols: w.ncols(),
                });
            }
            match (&layer.biases, b) {
                (Some(_), Some(b)) if b.len() != layer.units() => {
                    return Err(NnError::Invalid(format!(
                        "layer {l}: expected {} biases, got {}",
                        layer.units(),
                        b.len()
                    )));
                }
                (Some(_), None) => {
                    return Err(NnError::Invalid(format!(
                        "layer {l}: the network has biases but the file has none"
                    )));
                }
                (None, Some(_)) => {
                    return Err(NnError::Invalid(format!(
                        "layer {l}: the file has biases but the network has none (use --bias)"
                    )));
                }
                _ => {}
            }
            let finite = w.iter().all(|v| v.is_finite())
                && b.as_ref().is_none_or(|b| b.iter().all(|v| v.is_finite()));
            if !finite {
                return Err(NnError::NonFinite { layer: l });
            }
        }
        for (layer, (w, b)) in self.layers.iter_mut().zip(weights) {
            layer.weights = w;
            layer.biases = b;
        }
        Ok(())
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, Layer::inputs)
    }

    /// Number of outputs.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Layer::units)
    }

    /// Layer widths from input to output.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.inputs()];
        s.extend(self.layers.iter().map(Layer::units));
        s
    }

    /// Total number of weights and biases.
    pub fn num_parameters(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + l.biases.as_ref().map_or(0, |b| b.len()))
            .sum()
    }

    /// `true` when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.layers.iter().all(|l| {
            l.weights.iter().all(|v| v.is_finite())
                && l.biases
                    .as_ref()
                    .is_none_or(|b| b.iter().all(|v| v.is_finite()))
        })
    }

    /// Forward pass of one input, returning every layer's activations (input first).
    ///
    /// Plain nalgebra, written for clarity: the reference the fast paths are tested against,
    /// and what explain mode shows.
    pub fn forward_trace(&self, input: &[f64]) -> Vec<DVector<f64>> {
        let mut acts = vec![DVector::from_column_slice(input)];
        for layer in &self.layers {
            let Some(prev) = acts.last() else { break };
            if prev.len() != layer.inputs() {
                break;
            }
            let mut z = layer.weights.transpose() * prev;
            if let Some(b) = &layer.biases {
                z += b;
            }
            if layer.activation == Activation::Softmax {
                super::activation::softmax_in_place(z.as_mut_slice());
            } else {
                z.apply(|v| *v = layer.activation.apply(*v));
            }
            acts.push(z);
        }
        acts
    }

    /// Output of the network for one input.
    pub fn forward_one(&self, input: &[f64]) -> DVector<f64> {
        self.forward_trace(input)
            .pop()
            .unwrap_or_else(|| DVector::zeros(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn tutorial_network_has_tutorial_shapes() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let mlp = Mlp::new(&NetworkSpec::tutorial(), &mut rng).unwrap();
        assert_eq!(mlp.sizes(), vec![2, 4, 1]);
        assert_eq!(mlp.layers[0].weights.shape(), (2, 4));
        assert_eq!(mlp.layers[1].weights.shape(), (4, 1));
        assert!(mlp.layers.iter().all(|l| l.biases.is_none()));
        assert!(
            mlp.layers
                .iter()
                .flat_map(|l| l.weights.iter())
                .all(|&w| (-1.0..1.0).contains(&w))
        );
        assert_eq!(mlp.num_parameters(), 12);
    }

    #[test]
    fn limits_are_enforced() {
        let mut spec = NetworkSpec::tutorial();
        spec.hidden = vec![4; 9];
        assert!(spec.validate().is_err());
        spec.hidden = vec![65];
        assert!(spec.validate().is_err());
        spec.hidden = vec![];
        assert!(spec.validate().is_ok());
    }

    #[test]
    fn set_parameters_rejects_wrong_shapes_and_nan() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let mut mlp = Mlp::new(&NetworkSpec::tutorial(), &mut rng).unwrap();
        let bad = vec![(DMatrix::zeros(4, 2), None), (DMatrix::zeros(4, 1), None)];
        assert!(matches!(
            mlp.set_parameters(bad),
            Err(NnError::WeightShape { layer: 0, .. })
        ));
        let nan = vec![
            (DMatrix::from_element(2, 4, f64::NAN), None),
            (DMatrix::zeros(4, 1), None),
        ];
        assert_eq!(
            mlp.set_parameters(nan),
            Err(NnError::NonFinite { layer: 0 })
        );
        let one = vec![(DMatrix::zeros(2, 4), None)];
        assert!(matches!(
            mlp.set_parameters(one),
            Err(NnError::LayerCount { .. })
        ));
    }
}
