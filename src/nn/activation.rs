//! Activation functions: the non-linearity `a = g(y)` applied to each unit's weighted sum.

use super::fastmath::{sigmoid_f32, sigmoid_f64, sigmoid_f64_k, tanh_f32, tanh_f64, tanh_f64_k};
use serde::{Deserialize, Serialize};

/// Slope of leaky ReLU for negative inputs.
pub const LEAKY_SLOPE: f64 = 0.01;

/// An element-wise activation, or softmax over a layer's units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// `1 / (1 + e^-y)`, the tutorial's choice: maps any input into (0, 1).
    #[default]
    Sigmoid,
    /// `tanh(y)`, into (-1, 1).
    Tanh,
    /// `max(0, y)`.
    Relu,
    /// `y` for `y > 0`, else `0.01 y`.
    LeakyRelu,
    /// `y` (no non-linearity).
    Linear,
    /// Softmax over the layer's units (output layer only): probabilities summing to 1.
    Softmax,
}

impl Activation {
    /// Activations a user can pick for hidden layers.
    pub const HIDDEN: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
    ];

    /// Name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Linear => "linear",
            Activation::Softmax => "softmax",
        }
    }

    /// Element-wise value for one input (softmax is handled per layer, see [`Self::apply_slice`]).
    #[inline(always)]
    pub fn apply(self, y: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid_f64(y),
            Activation::Tanh => tanh_f64(y),
            Activation::Relu => y.max(0.0),
            Activation::LeakyRelu => {
                if y > 0.0 {
                    y
                } else {
                    LEAKY_SLOPE * y
                }
            }
            Activation::Linear | Activation::Softmax => y,
        }
    }

    /// Derivative `g'(y)` written in terms of the output `a = g(y)`, as the tutorial does
    /// for sigmoid (`a (1 - a)`). For softmax this is not used (the loss handles it).
    #[inline(always)]
    pub fn derivative_from_output(self, a: f64) -> f64 {
        match self {
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if a > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Linear | Activation::Softmax => 1.0,
        }
    }

    /// Applies the element-wise activation to every value of a slice (a column of units).
    /// The match is outside the loop so each arm vectorises. `FMA` uses the fused
    /// [`super::fastmath::exp_f64_k`] (only inside code compiled with the `fma` feature).
    #[inline(always)]
    pub fn apply_slice<const FMA: bool>(self, v: &mut [f64]) {
        match self {
            Activation::Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid_f64_k::<FMA>(*x)),
            Activation::Tanh => v.iter_mut().for_each(|x| *x = tanh_f64_k::<FMA>(*x)),
            Activation::Relu => v.iter_mut().for_each(|x| *x = x.max(0.0)),
            Activation::LeakyRelu => v.iter_mut().for_each(|x| {
                *x = if *x > 0.0 { *x } else { LEAKY_SLOPE * *x };
            }),
            Activation::Linear | Activation::Softmax => {}
        }
    }

    /// `g[i] *= g'(a[i])` for a delta column `g` and the activations `a` it belongs to.
    #[inline(always)]
    pub fn mul_derivative_slice(self, g: &mut [f64], a: &[f64]) {
        match self {
            Activation::Sigmoid => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= a * (1.0 - a)),
            Activation::Tanh => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= 1.0 - a * a),
            Activation::Relu => g.iter_mut().zip(a).for_each(|(g, &a)| {
                *g = if a > 0.0 { *g } else { 0.0 };
            }),
            Activation::LeakyRelu => g.iter_mut().zip(a).for_each(|(g, &a)| {
                *g *= if a > 0.0 { 1.0 } else { LEAKY_SLOPE };
            }),
            Activation::Linear | Activation::Softmax => {}
        }
    }

    /// `f32` version of [`Self::apply_slice`] for grid prediction.
    #[inline(always)]
    pub fn apply_slice_f32(self, v: &mut [f32]) {
        match self {
            Activation::Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid_f32(*x)),
            Activation::Tanh => v.iter_mut().for_each(|x| *x = tanh_f32(*x)),
            Activation::Relu => v.iter_mut().for_each(|x| *x = x.max(0.0)),
            Activation::LeakyRelu => v.iter_mut().for_each(|x| {
                *x = if *x > 0.0 {
                    *x
                } else {
                    LEAKY_SLOPE as f32 * *x
                };
            }),
            Activation::Linear | Activation::Softmax => {}
        }
    }
}

impl std::fmt::Display for Activation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Activation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "sigmoid" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            "relu" => Ok(Activation::Relu),
            "leaky_relu" | "leakyrelu" => Ok(Activation::LeakyRelu),
            "linear" | "identity" => Ok(Activation::Linear),
            _ => Err(format!(
                "unknown activation '{s}' (expected sigmoid, tanh, relu, leaky_relu or linear)"
            )),
        }
    }
}

/// Softmax over one sample's logits, in place (numerically stable: subtracts the maximum).
pub fn softmax_in_place(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = super::fastmath::exp_f64(*v - max);
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}
