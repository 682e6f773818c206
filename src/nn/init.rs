//! Weight initialisation schemes.

use serde::{Deserialize, Serialize};

/// How the initial weights are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// The tutorial's `2 * random() - 1`: uniform in [-1, 1).
    #[default]
    Uniform,
    /// Xavier/Glorot uniform: U(-l, l) with `l = sqrt(6 / (fan_in + fan_out))`; suits sigmoid/tanh.
    Xavier,
    /// He normal: N(0, 2 / fan_in); suits ReLU.
    He,
}

impl Init {
    /// All schemes.
    pub const ALL: [Init; 3] = [Init::Uniform, Init::Xavier, Init::He];

    /// Name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Init::Uniform => "uniform",
            Init::Xavier => "xavier",
            Init::He => "he",
        }
    }

    /// Draws one weight for a layer with `fan_in` inputs and `fan_out` units.
    pub fn sample(self, rng: &mut impl rand::Rng, fan_in: usize, fan_out: usize) -> f64 {
        use rand::RngExt;
        match self {
            Init::Uniform => rng.random_range(-1.0..1.0),
            Init::Xavier => {
                let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
                rng.random_range(-limit..limit)
            }
            Init::He => {
                // Box–Muller: one standard normal from two uniforms.
                let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
                let u2: f64 = rng.random_range(0.0..1.0);
                let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                z * (2.0 / fan_in.max(1) as f64).sqrt()
            }
        }
    }
}

impl std::fmt::Display for Init {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Init {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "uniform" | "tutorial" => Ok(Init::Uniform),
            "xavier" | "glorot" => Ok(Init::Xavier),
            "he" | "kaiming" => Ok(Init::He),
            _ => Err(format!(
                "unknown init '{s}' (expected uniform, xavier or he)"
            )),
        }
    }
}
