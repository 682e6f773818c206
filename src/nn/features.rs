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

    /// This feature at every (normalised) point of `xy`, into `out`. The feature is chosen
    /// once per column, each arm a loop of its own: chosen per value (as [`Self::eval`] in a
    /// loop over features does), the compiler computed every formula, `sin` included, and
    /// kept one.
    pub fn eval_column(self, xy: &[[f64; 2]], out: &mut [f64]) {
        macro_rules! column {
            ($($f:ident),*) => {
                match self {
                    $(Feature::$f => {
                        for (o, &[x, y]) in out.iter_mut().zip(xy) {
                            *o = Feature::$f.eval(x, y);
                        }
                    })*
                }
            };
        }
        column!(X, Y, XSquared, YSquared, XTimesY, SinX, SinY);
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
    ///
    /// The statistics are finite and correct for any finite coordinates: up to 1e150 they
    /// are summed directly (as always), above that the coordinates are first divided by the
    /// largest |x|, so neither the sum nor the squares overflow. Non-finite coordinates
    /// (which no loader accepts) leave that axis unnormalised.
    pub fn fit<'a>(
        features: Vec<Feature>,
        normalize: bool,
        points: impl Iterator<Item = &'a [f64; 2]> + Clone,
    ) -> Self {
        let mut t = Self::raw(features);
        if !normalize {
            return t;
        }
        for axis in 0..2 {
            if let Some((mean, std)) = mean_and_std(points.clone().map(|p| p[axis])) {
                t.mean[axis] = mean;
                t.inv_std[axis] = if std > 1e-9 { 1.0 / std } else { 1.0 };
            }
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
        let one = |axis: usize| {
            let v = (pos[axis] - self.mean[axis]) * self.inv_std[axis];
            if v.is_finite() {
                v
            } else {
                // `pos - mean` overflowed (coordinates near ±1.8e308 on both sides of the
                // mean): halved, the difference fits; the same value when it did not overflow.
                (pos[axis] * 0.5 - self.mean[axis] * 0.5) * (self.inv_std[axis] * 2.0)
            }
        };
        [one(0), one(1)]
    }

    /// Writes the input vector of `pos` into `out` (`out.len() == self.len()`).
    #[inline(always)]
    pub fn apply(&self, pos: [f64; 2], out: &mut [f64]) {
        let [x, y] = self.normalized(pos);
        for (o, f) in out.iter_mut().zip(&self.features) {
            *o = f.eval(x, y);
        }
    }

    /// Checks that every input of every point is a finite number; otherwise says which
    /// point and feature overflowed (raw coordinates near 1e154 and above overflow `x²`,
    /// for instance), in words for the user.
    pub fn check_finite<'a>(
        &self,
        points: impl Iterator<Item = &'a [f64; 2]>,
    ) -> Result<(), String> {
        let mut row = vec![0.0; self.len()];
        for (i, pos) in points.enumerate() {
            self.apply(*pos, &mut row);
            if let Some(k) = row.iter().position(|v| !v.is_finite()) {
                let feature = self.features[k].label();
                let hint = if self.mean == [0.0; 2] && self.inv_std == [1.0; 2] {
                    "; normalise the inputs or use smaller coordinates"
                } else {
                    "; use smaller coordinates"
                };
                return Err(format!(
                    "point {i} ({:?}, {:?}): the input {feature} is not a finite number, the coordinates are too large for it{hint}",
                    pos[0], pos[1]
                ));
            }
        }
        Ok(())
    }

    /// The input vector of `pos`.
    pub fn inputs(&self, pos: [f64; 2]) -> Vec<f64> {
        let mut v = vec![0.0; self.len()];
        self.apply(pos, &mut v);
        v
    }
}

/// Mean and standard deviation of `values` (population, as the training set is all there
/// is); `None` without values or with a non-finite one. Finite for any finite values.
pub fn mean_and_std(values: impl Iterator<Item = f64> + Clone) -> Option<(f64, f64)> {
    let mut n = 0usize;
    let mut max_abs = 0.0f64;
    for v in values.clone() {
        if !v.is_finite() {
            return None;
        }
        n += 1;
        max_abs = max_abs.max(v.abs());
    }
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    // Up to 1e150, n ≤ 1e6 values: the sums and squares stay far below f64::MAX, and the
    // result is bit for bit what nnviz always computed.
    let scale = if max_abs <= 1e150 { 1.0 } else { max_abs };
    let mean = values.clone().map(|v| v / scale).sum::<f64>() / nf;
    let var = values.map(|v| (v / scale - mean).powi(2)).sum::<f64>() / nf;
    Some((mean * scale, var.sqrt() * scale))
}
