//! The Python snippets of each activation and optimiser: one match arm each, for numpy
//! (written out by hand, as the tutorial does) and for PyTorch (its modules and optimisers).

use super::py_float;
use crate::nn::{Activation, Optimizer};

/// An activation as the scripts know it. It has arms for activations nnviz may not have yet
/// (GELU, ELU): [`Self::from_activation`] is the one place mapping nnviz's to these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyActivation {
    /// `1 / (1 + e^-z)`.
    Sigmoid,
    /// `tanh z`.
    Tanh,
    /// `max(0, z)`.
    Relu,
    /// `z` for `z > 0`, else `0.01 z`.
    LeakyRelu,
    /// `z`.
    Linear,
    /// Softmax over a row (output layer).
    Softmax,
    /// GELU, tanh approximation: `0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³)))`.
    Gelu,
    /// ELU with α = 1: `z` for `z > 0`, else `e^z − 1`.
    Elu,
}

impl PyActivation {
    /// Every activation, in the order the script defines them.
    pub const ALL: [PyActivation; 8] = [
        PyActivation::Sigmoid,
        PyActivation::Tanh,
        PyActivation::Relu,
        PyActivation::LeakyRelu,
        PyActivation::Linear,
        PyActivation::Softmax,
        PyActivation::Gelu,
        PyActivation::Elu,
    ];

    /// The script's activation for nnviz's.
    pub fn from_activation(a: Activation) -> Self {
        match a {
            Activation::Sigmoid => PyActivation::Sigmoid,
            Activation::Tanh => PyActivation::Tanh,
            Activation::Relu => PyActivation::Relu,
            Activation::LeakyRelu => PyActivation::LeakyRelu,
            Activation::Linear => PyActivation::Linear,
            Activation::Softmax => PyActivation::Softmax,
            Activation::Gelu => PyActivation::Gelu,
            Activation::Elu => PyActivation::Elu,
        }
    }

    /// The Python function's name (`d_<name>` is its derivative).
    pub fn py_name(self) -> &'static str {
        match self {
            PyActivation::Sigmoid => "sigmoid",
            PyActivation::Tanh => "tanh",
            PyActivation::Relu => "relu",
            PyActivation::LeakyRelu => "leaky_relu",
            PyActivation::Linear => "linear",
            PyActivation::Softmax => "softmax",
            PyActivation::Gelu => "gelu",
            PyActivation::Elu => "elu",
        }
    }

    /// The numpy definitions of the activation and of its derivative `d_<name>(z, a)`, from
    /// the weighted sum `z` and the activation `a = g(z)` (written from `a` where nnviz does,
    /// as the tutorial's `a (1 - a)`).
    pub fn numpy_defs(self) -> &'static str {
        match self {
            PyActivation::Sigmoid => {
                "def sigmoid(z):
    \"\"\"Sigmoid (S 型函数): maps any number into (0, 1).\"\"\"
    return 1.0 / (1.0 + np.exp(-z))


def d_sigmoid(z, a):
    # The tutorial's derivative, written on the activation: a (1 - a).
    return a * (1.0 - a)
"
            }
            PyActivation::Tanh => {
                "def tanh(z):
    \"\"\"Hyperbolic tangent (双曲正切): into (-1, 1).\"\"\"
    return np.tanh(z)


def d_tanh(z, a):
    return 1.0 - a * a
"
            }
            PyActivation::Relu => {
                "def relu(z):
    \"\"\"ReLU (线性整流): max(0, z).\"\"\"
    return np.maximum(z, 0.0)


def d_relu(z, a):
    return np.where(a > 0.0, 1.0, 0.0)
"
            }
            PyActivation::LeakyRelu => {
                "def leaky_relu(z):
    \"\"\"Leaky ReLU: z for z > 0, else 0.01 z.\"\"\"
    return np.where(z > 0.0, z, 0.01 * z)


def d_leaky_relu(z, a):
    return np.where(a > 0.0, 1.0, 0.01)
"
            }
            PyActivation::Linear => {
                "def linear(z):
    \"\"\"No non-linearity (线性): z itself.\"\"\"
    return z


def d_linear(z, a):
    return np.ones_like(a)
"
            }
            PyActivation::Softmax => {
                "def softmax(z):
    \"\"\"Softmax over each row (归一化指数函数): class probabilities summing to 1.\"\"\"
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def d_softmax(z, a):
    # Not used by cross-entropy (its gradient already is p - y); 1 as nnviz takes it.
    return np.ones_like(a)
"
            }
            PyActivation::Gelu => {
                "def gelu(z):
    \"\"\"GELU, tanh approximation: 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))).\"\"\"
    return 0.5 * z * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (z + 0.044715 * z ** 3)))


def d_gelu(z, a):
    k = np.sqrt(2.0 / np.pi)
    t = np.tanh(k * (z + 0.044715 * z ** 3))
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * k * (1.0 + 3.0 * 0.044715 * z * z)
"
            }
            PyActivation::Elu => {
                "def elu(z):
    \"\"\"ELU (alpha 1): z for z > 0, else exp(z) - 1.\"\"\"
    return np.where(z > 0.0, z, np.exp(np.minimum(z, 0.0)) - 1.0)


def d_elu(z, a):
    return np.where(z > 0.0, 1.0, a + 1.0)
"
            }
        }
    }

    /// The PyTorch module of the activation (`None`: no module, the layer is linear).
    pub fn torch_module(self) -> Option<&'static str> {
        match self {
            PyActivation::Sigmoid => Some("nn.Sigmoid()"),
            PyActivation::Tanh => Some("nn.Tanh()"),
            PyActivation::Relu => Some("nn.ReLU()"),
            PyActivation::LeakyRelu => Some("nn.LeakyReLU(0.01)"),
            PyActivation::Linear => None,
            PyActivation::Softmax => Some("nn.Softmax(dim=1)"),
            PyActivation::Gelu => Some("nn.GELU(approximate=\"tanh\")"),
            PyActivation::Elu => Some("nn.ELU()"),
        }
    }
}

/// An optimiser as the scripts know it. It has arms for optimisers nnviz may not have yet
/// (RMSProp, Nesterov): [`Self::from_optimizer`] is the one place mapping nnviz's to these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PyOptimizer {
    /// `w -= lr g`.
    Sgd,
    /// `v = beta v + g; w -= lr v`.
    Momentum {
        /// Momentum factor.
        beta: f64,
    },
    /// Adam with bias correction.
    Adam {
        /// First-moment decay.
        beta1: f64,
        /// Second-moment decay.
        beta2: f64,
        /// Added to the denominator.
        eps: f64,
    },
    /// `s = rho s + (1 - rho) g²; w -= lr g / (√s + eps)`.
    RmsProp {
        /// Decay of the mean square.
        rho: f64,
        /// Added to the denominator.
        eps: f64,
    },
    /// `v = beta v + g; w -= lr (g + beta v)`.
    Nesterov {
        /// Momentum factor.
        beta: f64,
    },
}

impl PyOptimizer {
    /// The script's optimiser for nnviz's.
    pub fn from_optimizer(o: Optimizer) -> Self {
        match o {
            Optimizer::Sgd => PyOptimizer::Sgd,
            Optimizer::Momentum { beta } => PyOptimizer::Momentum { beta },
            Optimizer::Adam { beta1, beta2, eps } => PyOptimizer::Adam { beta1, beta2, eps },
            Optimizer::RmsProp { rho, eps } => PyOptimizer::RmsProp { rho, eps },
            Optimizer::Nesterov { beta } => PyOptimizer::Nesterov { beta },
        }
    }

    /// Name, as `nnviz train --optimizer` spells it.
    pub fn name(self) -> &'static str {
        match self {
            PyOptimizer::Sgd => "sgd",
            PyOptimizer::Momentum { .. } => "momentum",
            PyOptimizer::Adam { .. } => "adam",
            PyOptimizer::RmsProp { .. } => "rmsprop",
            PyOptimizer::Nesterov { .. } => "nesterov",
        }
    }

    /// The constants the script defines for it, `(NAME, value)`.
    pub fn constants(self) -> Vec<(&'static str, f64)> {
        match self {
            PyOptimizer::Sgd => vec![],
            PyOptimizer::Momentum { beta } | PyOptimizer::Nesterov { beta } => {
                vec![("BETA", beta)]
            }
            PyOptimizer::Adam { beta1, beta2, eps } => {
                vec![("BETA1", beta1), ("BETA2", beta2), ("EPS", eps)]
            }
            PyOptimizer::RmsProp { rho, eps } => vec![("RHO", rho), ("EPS", eps)],
        }
    }

    /// `NAME = value` lines of [`Self::constants`].
    pub fn constant_lines(self) -> String {
        (self.constants().into_iter())
            .map(|(n, v)| format!("{n} = {}\n", py_float(v)))
            .collect()
    }

    /// The numpy `update(w, g, s, t)`: changes the array `w` in place from its gradient `g`,
    /// with `s` this parameter's own state (a dict) and `t` the 1-based step; uses
    /// `LEARNING_RATE` and the [`Self::constants`].
    pub fn numpy_update(self) -> &'static str {
        match self {
            PyOptimizer::Sgd => {
                "def update(w, g, s, t):
    \"\"\"Gradient descent (梯度下降): w -= lr g.\"\"\"
    w -= LEARNING_RATE * g
"
            }
            PyOptimizer::Momentum { .. } => {
                "def update(w, g, s, t):
    \"\"\"Momentum (动量): v = beta v + g; w -= lr v.\"\"\"
    s[\"v\"] = BETA * s.get(\"v\", 0.0) + g
    w -= LEARNING_RATE * s[\"v\"]
"
            }
            PyOptimizer::Adam { .. } => {
                "def update(w, g, s, t):
    \"\"\"Adam: bias-corrected first and second moments of the gradient.\"\"\"
    s[\"m\"] = BETA1 * s.get(\"m\", 0.0) + (1.0 - BETA1) * g
    s[\"v\"] = BETA2 * s.get(\"v\", 0.0) + (1.0 - BETA2) * g * g
    m_hat = s[\"m\"] / (1.0 - BETA1 ** t)
    v_hat = s[\"v\"] / (1.0 - BETA2 ** t)
    w -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + EPS)
"
            }
            PyOptimizer::RmsProp { .. } => {
                "def update(w, g, s, t):
    \"\"\"RMSProp: s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + eps).\"\"\"
    s[\"s\"] = RHO * s.get(\"s\", 0.0) + (1.0 - RHO) * g * g
    w -= LEARNING_RATE * g / (np.sqrt(s[\"s\"]) + EPS)
"
            }
            PyOptimizer::Nesterov { .. } => {
                "def update(w, g, s, t):
    \"\"\"Nesterov momentum: v = beta v + g; w -= lr (g + beta v).\"\"\"
    s[\"v\"] = BETA * s.get(\"v\", 0.0) + g
    w -= LEARNING_RATE * (g + BETA * s[\"v\"])
"
            }
        }
    }

    /// The `torch.optim` optimiser over `model.parameters()` (each update rule of nnviz has
    /// an exact counterpart there).
    pub fn torch_optimizer(self) -> &'static str {
        match self {
            PyOptimizer::Sgd => "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)",
            PyOptimizer::Momentum { .. } => {
                "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=BETA)"
            }
            PyOptimizer::Adam { .. } => {
                "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPS)"
            }
            PyOptimizer::RmsProp { .. } => {
                "torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, alpha=RHO, eps=EPS)"
            }
            PyOptimizer::Nesterov { .. } => {
                "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=BETA, nesterov=True)"
            }
        }
    }
}
