//! Input features: what the network sees of a point `(x, y)`.
//!
//! The tutorial feeds the raw coordinates. The playground can also normalise them (zero
//! mean, unit variance over the training points) and add derived features such as `x²` or
//! `sin x`, as TensorFlow Playground does.

use serde::{Deserialize, Serialize};

/// One input feature computed from a (normalised) point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// x
    X,
    /// y
    Y,
    /// x²
    XSquared,
    /// y²
    YSquared,
    /// x·y
    XTimesY,
    /// sin x
    SinX,
    /// sin y
    SinY,
}

impl Feature {
    /// All features in display order.
    pub const ALL: [Feature; 7] = [
        Feature::X,
        Feature::Y,
        Feature::XSquared,
        Feature::YSquared,
        Feature::XTimesY,
        Feature::SinX,
        Feature::SinY,
    ];

    /// Short name, as on the command line (`x,y,x2,y2,xy,sinx,siny`).
    pub fn name(self) -> &'static str {
        match self {
            Feature::X => "x",
            Feature::Y => "y",
            Feature::XSquared => "x2",
            Feature::YSquared => "y2",
            Feature::XTimesY => "xy",
            Feature::SinX => "sinx",
            Feature::SinY => "siny",
        }
    }

    /// Label for display (`x²`, `sin x`, …).
    pub fn label(self) -> &'static str {
        match self {
            Feature::X => "x",
            Feature::Y => "y",
            Feature::XSquared => "x²",
            Feature::YSquared => "y²",
            Feature::XTimesY => "x·y",
            Feature::SinX => "sin x",
            Feature::SinY => "sin y",
        }
    }

    /// Value of this feature at a (normalised) point.
    #[inline(always)]
    pub fn eval(self, x: f64, y: f64) -> f64 {
        match self {
            Feature::X => x,
            Feature::Y => y,
            Feature::XSquared => x * x,
            Feature::YSquared => y * y,
            Feature::XTimesY => x * y,
            Feature::SinX => x.sin(),
            Feature::SinY => y.sin(),
        }
    }
}

impl std::str::FromStr for Feature {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Feature::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown feature '{s}' (expected x, y, x2, y2, xy, sinx or siny)")
            })
    }
}

/// Parses a comma list of features such as `x,y,x2`.
pub fn parse_feature_list(s: &str) -> Result<Vec<Feature>, String> {
    let list: Vec<Feature> = s
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err("at least one input feature is needed".into());
    }
    Ok(list)
}

/// Maps a raw point to the network's input vector.
#[derive(Clone, Debug, PartialEq)]
pub struct InputTransform {
    /// Features, in input order.
    pub features: Vec<Feature>,
    /// Subtracted from `(x, y)` before the features are computed.
    pub mean: [f64; 2],
    /// Multiplies `(x, y)` after the mean is subtracted.
    pub inv_std: [f64; 2],
}

impl InputTransform {
    /// Raw coordinates, no normalisation (the tutorial).
    pub fn raw(features: Vec<Feature>) -> Self {
        Self {
            features,
            mean: [0.0; 2],
            inv_std: [1.0; 2],
        }
    }

    /// Normalises to zero mean and unit standard deviation over `points` when `normalize`;
    /// a coordinate with (almost) no spread is left unscaled.
    pub fn fit<'a>(
        features: Vec<Feature>,
        normalize: bool,
        points: impl Iterator<Item = &'a [f64; 2]> + Clone,
    ) -> Self {
        let mut t = Self::raw(features);
        if !normalize {
            return t;
        }
        let n = points.clone().count();
        if n == 0 {
            return t;
        }
        for axis in 0..2 {
            let mean = points.clone().map(|p| p[axis]).sum::<f64>() / n as f64;
            let var = points
                .clone()
                .map(|p| (p[axis] - mean).powi(2))
                .sum::<f64>()
                / n as f64;
            t.mean[axis] = mean;
            t.inv_std[axis] = if var.sqrt() > 1e-9 {
                1.0 / var.sqrt()
            } else {
                1.0
            };
        }
        t
    }

    /// Number of network inputs.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// `true` without features.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Normalised coordinates of a raw point.
    #[inline(always)]
    pub fn normalized(&self, pos: [f64; 2]) -> [f64; 2] {
        [
            (pos[0] - self.mean[0]) * self.inv_std[0],
            (pos[1] - self.mean[1]) * self.inv_std[1],
        ]
    }

    /// Writes the input vector of `pos` into `out` (`out.len() == self.len()`).
    #[inline(always)]
    pub fn apply(&self, pos: [f64; 2], out: &mut [f64]) {
        let [x, y] = self.normalized(pos);
        for (o, f) in out.iter_mut().zip(&self.features) {
            *o = f.eval(x, y);
        }
    }

    /// The input vector of `pos`.
    pub fn inputs(&self, pos: [f64; 2]) -> Vec<f64> {
        let mut v = vec![0.0; self.len()];
        self.apply(pos, &mut v);
        v
    }
}
