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
    /// GELU in its tanh approximation (PyTorch's `nn.GELU(approximate="tanh")`):
    /// `0.5 y (1 + tanh(√(2/π) (y + 0.044715 y³)))`.
    Gelu,
    /// ELU with α = 1: `y` for `y > 0`, else `e^y − 1`.
    Elu,
}

/// `√(2/π)` of GELU's tanh approximation.
const GELU_C: f64 = 0.797_884_560_802_865_4;
/// The cubic coefficient of GELU's tanh approximation.
const GELU_K: f64 = 0.044_715;

/// GELU (tanh approximation) on the tanh function `tanh`.
#[inline(always)]
fn gelu_with(y: f64, tanh: impl Fn(f64) -> f64) -> f64 {
    0.5 * y * (1.0 + tanh(GELU_C * (y + GELU_K * y * y * y)))
}

/// `d/dy` of GELU's tanh approximation at the pre-activation `y`.
#[inline(always)]
fn gelu_derivative(y: f64) -> f64 {
    let t = tanh_f64(GELU_C * (y + GELU_K * y * y * y));
    0.5 * (1.0 + t) + 0.5 * y * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_K * y * y)
}

/// ELU (α = 1).
#[inline(always)]
fn elu(y: f64) -> f64 {
    if y > 0.0 { y } else { y.exp_m1() }
}

impl Activation {
    /// Activations a user can pick for hidden layers.
    pub const HIDDEN: [Activation; 7] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Gelu,
        Activation::Elu,
        Activation::Linear,
    ];

    /// Whether the derivative needs the pre-activation `y` (it cannot be had from the
    /// output `a` alone): the trainer then keeps the layer's weighted sums.
    #[inline(always)]
    pub fn needs_pre_activation(self) -> bool {
        self == Activation::Gelu
    }

    /// Derivative `g'(y)` from the pre-activation `y` and the output `a = g(y)`; only GELU
    /// reads `y` (see [`Self::needs_pre_activation`]), the others use
    /// [`Self::derivative_from_output`].
    #[inline(always)]
    pub fn derivative(self, y: f64, a: f64) -> f64 {
        match self {
            Activation::Gelu => gelu_derivative(y),
            other => other.derivative_from_output(a),
        }
    }

    /// Name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Linear => "linear",
            Activation::Softmax => "softmax",
            Activation::Gelu => "gelu",
            Activation::Elu => "elu",
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
            Activation::Gelu => gelu_with(y, tanh_f64),
            Activation::Elu => elu(y),
        }
    }

    /// Derivative `g'(y)` written in terms of the output `a = g(y)`, as the tutorial does
    /// for sigmoid (`a (1 - a)`). For softmax this is not used (the loss handles it). GELU's
    /// cannot be had from `a` (use [`Self::derivative`]); here it gives the value of its
    /// slope at `y ≈ a` for `a > 0`, a stand-in only.
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
            Activation::Elu => {
                if a > 0.0 {
                    1.0
                } else {
                    a + 1.0
                }
            }
            Activation::Gelu => gelu_derivative(a),
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
            Activation::Gelu => v
                .iter_mut()
                .for_each(|x| *x = gelu_with(*x, tanh_f64_k::<FMA>)),
            Activation::Elu => v.iter_mut().for_each(|x| *x = elu(*x)),
            Activation::Linear | Activation::Softmax => {}
        }
    }

    /// `g[i] *= g'(y[i])` for a delta column `g`, the activations `a` it belongs to and
    /// their pre-activations `y` (read only when [`Self::needs_pre_activation`]; may be
    /// empty otherwise).
    #[inline(always)]
    pub fn mul_derivative_slice(self, g: &mut [f64], a: &[f64], y: &[f64]) {
        match self {
            Activation::Gelu => {
                // Without its pre-activations the zip would silently leave `g` unchanged.
                debug_assert_eq!(g.len(), y.len(), "GELU needs the pre-activations");
                g.iter_mut()
                    .zip(y)
                    .for_each(|(g, &y)| *g *= gelu_derivative(y));
            }
            Activation::Elu => g.iter_mut().zip(a).for_each(|(g, &a)| {
                *g *= if a > 0.0 { 1.0 } else { a + 1.0 };
            }),
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
            Activation::Gelu => v.iter_mut().for_each(|x| {
                let (c, k) = (GELU_C as f32, GELU_K as f32);
                *x = 0.5 * *x * (1.0 + tanh_f32(c * (*x + k * *x * *x * *x)));
            }),
            Activation::Elu => v.iter_mut().for_each(|x| {
                *x = if *x > 0.0 { *x } else { x.exp_m1() };
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
            "gelu" => Ok(Activation::Gelu),
            "elu" => Ok(Activation::Elu),
            _ => Err(format!(
                "unknown activation '{s}' (expected sigmoid, tanh, relu, leaky_relu, gelu, elu or linear)"
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
