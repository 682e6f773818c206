//! Optimisers: how a gradient becomes a weight update.

use serde::{Deserialize, Serialize};

/// The update rule. All of them read the learning rate at every step, so it can change live.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Optimizer {
    /// Plain gradient descent, the tutorial's: `w -= lr * g`.
    #[default]
    Sgd,
    /// Heavy-ball momentum: `v = beta v + g; w -= lr v`.
    Momentum {
        /// Momentum factor, usually 0.9.
        beta: f64,
    },
    /// Adam (Kingma & Ba): bias-corrected first and second moment estimates.
    Adam {
        /// Decay of the first moment, usually 0.9.
        beta1: f64,
        /// Decay of the second moment, usually 0.999.
        beta2: f64,
        /// Added to the denominator, usually 1e-8.
        eps: f64,
    },
    /// RMSProp (Hinton; PyTorch's form): `s = rho s + (1 - rho) g²; w -= lr g / (√s + eps)`.
    RmsProp {
        /// Decay of the mean square, usually 0.9.
        rho: f64,
        /// Added to the denominator, usually 1e-8.
        eps: f64,
    },
    /// Nesterov momentum (PyTorch's form): `v = beta v + g; w -= lr (g + beta v)`.
    Nesterov {
        /// Momentum factor, usually 0.9.
        beta: f64,
    },
}

impl Optimizer {
    /// Momentum with the usual `beta = 0.9`.
    pub const MOMENTUM: Optimizer = Optimizer::Momentum { beta: 0.9 };
    /// Adam with the usual constants.
    pub const ADAM: Optimizer = Optimizer::Adam {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    };
    /// RMSProp with the usual `rho = 0.9`, `eps = 1e-8`.
    pub const RMSPROP: Optimizer = Optimizer::RmsProp {
        rho: 0.9,
        eps: 1e-8,
    };
    /// Nesterov momentum with the usual `beta = 0.9`.
    pub const NESTEROV: Optimizer = Optimizer::Nesterov { beta: 0.9 };

    /// Checks the constants as the CLI does: momentum's and Nesterov's β, Adam's β1, β2 and
    /// RMSProp's ρ at least 0 and below 1, Adam's and RMSProp's ε a finite number above 0.
    pub fn validate(&self) -> Result<(), super::NnError> {
        let unit = |name: &str, v: f64| {
            if v.is_finite() && (0.0..1.0).contains(&v) {
                Ok(())
            } else {
                Err(super::NnError::Invalid(format!(
                    "the {} optimizer's {name} must be at least 0 and below 1, got {v}",
                    self.name()
                )))
            }
        };
        match *self {
            Optimizer::Sgd => Ok(()),
            Optimizer::Momentum { beta } => unit("beta", beta),
            Optimizer::Adam { beta1, beta2, eps } => {
                unit("beta1", beta1)?;
                unit("beta2", beta2)?;
                positive_eps(self.name(), eps)
            }
            Optimizer::RmsProp { rho, eps } => {
                unit("rho", rho)?;
                positive_eps(self.name(), eps)
            }
            Optimizer::Nesterov { beta } => unit("beta", beta),
        }
    }

    /// Name as used on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Momentum { .. } => "momentum",
            Optimizer::Adam { .. } => "adam",
            Optimizer::RmsProp { .. } => "rmsprop",
            Optimizer::Nesterov { .. } => "nesterov",
        }
    }

    /// Number of state slots per parameter (velocity; first and second moments; RMSProp's
    /// mean square).
    pub fn state_slots(&self) -> usize {
        match self {
            Optimizer::Sgd => 0,
            Optimizer::Momentum { .. } | Optimizer::Nesterov { .. } | Optimizer::RmsProp { .. } => {
                1
            }
            Optimizer::Adam { .. } => 2,
        }
    }

    /// Updates parameters `w` from gradients `g` in place. `s1`/`s2` are this parameter
    /// block's optimiser state (as long as `w` when used), `t` the 1-based step number.
    #[inline(always)]
    pub fn update(
        &self,
        lr: f64,
        t: u64,
        w: &mut [f64],
        g: &[f64],
        s1: &mut [f64],
        s2: &mut [f64],
    ) {
        match *self {
            Optimizer::Sgd => {
                for (w, &g) in w.iter_mut().zip(g) {
                    *w -= lr * g;
                }
            }
            Optimizer::Momentum { beta } => {
                for ((w, &g), v) in w.iter_mut().zip(g).zip(s1.iter_mut()) {
                    *v = beta * *v + g;
                    *w -= lr * *v;
                }
            }
            Optimizer::Adam { beta1, beta2, eps } => adam(beta1, beta2, eps, lr, t, w, g, s1, s2),
            Optimizer::RmsProp { rho, eps } => rms_prop(rho, eps, lr, w, g, s1),
            Optimizer::Nesterov { beta } => nesterov(beta, lr, w, g, s1),
        }
    }
}

fn positive_eps(name: &str, eps: f64) -> Result<(), super::NnError> {
    if eps.is_finite() && eps > 0.0 {
        Ok(())
    } else {
        Err(super::NnError::Invalid(format!(
            "the {name} optimizer's eps must be a number above 0, got {eps}"
        )))
    }
}

/// RMSProp's update, out of line like [`adam`]: its `sqrt` and division stay off the SGD
/// path.
#[inline(never)]
fn rms_prop(rho: f64, eps: f64, lr: f64, w: &mut [f64], g: &[f64], s: &mut [f64]) {
    for ((w, &g), s) in w.iter_mut().zip(g).zip(s.iter_mut()) {
        *s = rho * *s + (1.0 - rho) * g * g;
        *w -= lr * g / (s.sqrt() + eps);
    }
}

/// Nesterov's update, out of line so the SGD and momentum loops inline as before.
#[inline(never)]
fn nesterov(beta: f64, lr: f64, w: &mut [f64], g: &[f64], v: &mut [f64]) {
    for ((w, &g), v) in w.iter_mut().zip(g).zip(v.iter_mut()) {
        *v = beta * *v + g;
        *w -= lr * (g + beta * *v);
    }
}

/// Adam's update, kept out of line: LLVM would otherwise hoist its `powi` calls above the
/// optimiser match and pay for them on every SGD step.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn adam(
    beta1: f64,
    beta2: f64,
    eps: f64,
    lr: f64,
    t: u64,
    w: &mut [f64],
    g: &[f64],
    m: &mut [f64],
    v: &mut [f64],
) {
    let t = t.min(i32::MAX as u64) as i32;
    let c1 = 1.0 - beta1.powi(t);
    let c2 = 1.0 - beta2.powi(t);
    for (((w, &g), m), v) in w.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
        *m = beta1 * *m + (1.0 - beta1) * g;
        *v = beta2 * *v + (1.0 - beta2) * g * g;
        let m_hat = *m / c1;
        let v_hat = *v / c2;
        *w -= lr * m_hat / (v_hat.sqrt() + eps);
    }
}

impl std::fmt::Display for Optimizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Optimizer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sgd" => Ok(Optimizer::Sgd),
            "momentum" => Ok(Optimizer::MOMENTUM),
            "adam" => Ok(Optimizer::ADAM),
            "rmsprop" => Ok(Optimizer::RMSPROP),
            "nesterov" => Ok(Optimizer::NESTEROV),
            _ => Err(format!(
                "unknown optimizer '{s}' (expected sgd, momentum, adam, rmsprop or nesterov)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgd_momentum_adam_match_hand_computed_steps() {
        // SGD: w = 1 - 0.1 * 0.5
        let mut w = [1.0];
        Optimizer::Sgd.update(0.1, 1, &mut w, &[0.5], &mut [], &mut []);
        assert!((w[0] - 0.95).abs() < 1e-15);

        // Momentum, two steps with g = 1: v1 = 1, w1 = 1 - 0.1; v2 = 1.9, w2 = w1 - 0.19.
        let (mut w, mut v) = ([1.0], [0.0]);
        Optimizer::MOMENTUM.update(0.1, 1, &mut w, &[1.0], &mut v, &mut []);
        Optimizer::MOMENTUM.update(0.1, 2, &mut w, &[1.0], &mut v, &mut []);
        assert!((v[0] - 1.9).abs() < 1e-15);
        assert!((w[0] - (1.0 - 0.1 - 0.19)).abs() < 1e-15);

        // Adam's first step moves each weight by lr * sign(g) (up to eps).
        let (mut w, mut m, mut v) = ([1.0, 1.0], [0.0; 2], [0.0; 2]);
        Optimizer::ADAM.update(0.01, 1, &mut w, &[3.0, -0.2], &mut m, &mut v);
        assert!((w[0] - 0.99).abs() < 1e-9 && (w[1] - 1.01).abs() < 1e-9);
        // Second step with g = 1 on the first weight, by hand:
        // m = 0.9*0.3 + 0.1*1 = 0.37, v = 0.999*0.009 + 0.001*1 = 0.009991
        // m_hat = 0.37 / 0.19, v_hat = 0.009991 / (1 - 0.999^2)
        let before = w[0];
        Optimizer::ADAM.update(0.01, 2, &mut w, &[1.0, -0.2], &mut m, &mut v);
        let m_hat = 0.37 / (1.0 - 0.81);
        let v_hat = 0.009991 / (1.0 - 0.998001);
        let expected = before - 0.01 * m_hat / (f64::sqrt(v_hat) + 1e-8);
        assert!((w[0] - expected).abs() < 1e-12, "{} vs {expected}", w[0]);
    }
}
