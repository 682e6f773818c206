//! One artificial neuron with two inputs, as the lesson's first step shows it: weights
//! `w = (w₁, w₂)`, a threshold `b`, the weighted sum `s = w₁x₁ + w₂x₂ − b`, the output
//! `g(s)`, and the line `w·x = b` where the sum is 0. As a network it is a 2→1 layer with
//! bias `−b` (the app's layers add their bias).

use super::io::LayerParameters;
use super::{Activation, Mlp};
use crate::data::{Bounds, LabeledPoint};
use nalgebra::{DMatrix, DVector};

/// A neuron with two inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neuron {
    /// The weights w₁, w₂ (positive: the input excites the neuron; negative: inhibits it).
    pub w: [f64; 2],
    /// The threshold b the weighted inputs are compared with.
    pub b: f64,
}

impl Neuron {
    /// The weighted sum at `x`: `w₁x₁ + w₂x₂ − b`.
    pub fn sum(&self, x: [f64; 2]) -> f64 {
        self.w[0] * x[0] + self.w[1] * x[1] - self.b
    }

    /// The neuron's output at `x` with activation `g`: `g(w₁x₁ + w₂x₂ − b)`.
    pub fn output(&self, x: [f64; 2], g: Activation) -> f64 {
        g.apply(self.sum(x))
    }

    /// Whether every class-1 point lies where the sum is positive and every other point
    /// where it is negative (a point on the line counts for neither side).
    pub fn separates<'a>(&self, points: impl IntoIterator<Item = &'a LabeledPoint>) -> bool {
        let mut any = false;
        for p in points {
            any = true;
            let s = self.sum(p.pos_in_data);
            let right = if p.class == 1 { s > 0.0 } else { s < 0.0 };
            if !right {
                return false;
            }
        }
        any
    }

    /// The point of the line `w·x = b` nearest the origin (`None` when both weights are 0:
    /// there is no line).
    pub fn foot(&self) -> Option<[f64; 2]> {
        let n2 = self.w[0] * self.w[0] + self.w[1] * self.w[1];
        (n2 > 0.0).then(|| [self.b * self.w[0] / n2, self.b * self.w[1] / n2])
    }

    /// The two ends of the line `w·x = b` inside `view` (`None` when it misses the view or
    /// there is no line).
    pub fn line_in(&self, view: &Bounds) -> Option<[[f64; 2]; 2]> {
        let [w1, w2] = self.w;
        let mut ends: Vec<[f64; 2]> = Vec::new();
        let mut add = |p: [f64; 2]| {
            let inside = p[0] >= view.x_min - 1e-9
                && p[0] <= view.x_max + 1e-9
                && p[1] >= view.y_min - 1e-9
                && p[1] <= view.y_max + 1e-9;
            let new = ends
                .iter()
                .all(|e| (e[0] - p[0]).abs() + (e[1] - p[1]).abs() > 1e-9);
            if inside && new {
                ends.push(p);
            }
        };
        if w2 != 0.0 {
            for x in [view.x_min, view.x_max] {
                add([x, (self.b - w1 * x) / w2]);
            }
        }
        if w1 != 0.0 {
            for y in [view.y_min, view.y_max] {
                add([(self.b - w2 * y) / w1, y]);
            }
        }
        (ends.len() >= 2).then(|| [ends[0], ends[1]])
    }

    /// The neuron as the weights of a 2→1 network with bias (bias = −b).
    pub fn to_parameters(&self) -> LayerParameters {
        vec![(
            DMatrix::from_column_slice(2, 1, &self.w),
            Some(DVector::from_element(1, -self.b)),
        )]
    }

    /// The neuron of a 2→1 network with bias (`None` for any other network).
    pub fn from_mlp(mlp: &Mlp) -> Option<Self> {
        match mlp.layers.as_slice() {
            [layer] => Self::from_layer(layer),
            _ => None,
        }
    }

    /// The first unit of a layer with two inputs and a bias, as a neuron.
    pub fn from_layer(layer: &super::Layer) -> Option<Self> {
        if layer.weights.nrows() != 2 || layer.weights.ncols() == 0 {
            return None;
        }
        let bias = layer.biases.as_ref().and_then(|b| b.get(0).copied())?;
        Some(Self {
            w: [layer.weights[(0, 0)], layer.weights[(1, 0)]],
            b: -bias,
        })
    }
}

/// The slope `g′(s)` of activation `g` at the weighted sum `s`.
pub fn slope(g: Activation, s: f64) -> f64 {
    g.derivative(s, g.apply(s))
}

/// Below this slope an activation counts as flat: the output hardly follows the sum.
pub const FLAT_SLOPE: f64 = 0.05;

/// Whether `g` is flat at `s` (slope below [`FLAT_SLOPE`]).
pub fn is_flat(g: Activation, s: f64) -> bool {
    slope(g, s) < FLAT_SLOPE
}

/// The number of connections (weights) of a network with layer sizes `sizes` (input
/// first): the sum of `sizes[i]·sizes[i+1]`; its biases add `sizes[1..]`.
pub fn connection_count(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|w| w[0] * w[1]).sum()
}

/// The count written out as the tutorial would: "2·4 + 4·1 = 12".
pub fn connection_formula(sizes: &[usize]) -> String {
    let terms: Vec<String> = sizes
        .windows(2)
        .map(|w| format!("{}·{}", w[0], w[1]))
        .collect();
    format!("{} = {}", terms.join(" + "), connection_count(sizes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sigmoid(v: f64) -> f64 {
        1.0 / (1.0 + (-v).exp())
    }

    #[test]
    fn the_output_is_the_sigmoid_of_the_weighted_sum_minus_the_threshold() {
        let n = Neuron {
            w: [0.7, -1.3],
            b: 0.4,
        };
        for x in [[0.0, 0.0], [1.0, 2.0], [-3.0, 0.5], [2.5, -1.5]] {
            let direct = sigmoid(0.7 * x[0] - 1.3 * x[1] - 0.4);
            assert!((n.output(x, Activation::Sigmoid) - direct).abs() < 1e-12);
        }
    }

    #[test]
    fn the_line_passes_through_its_ends_and_its_foot() {
        let n = Neuron {
            w: [1.0, 2.0],
            b: 2.0,
        };
        let view = Bounds {
            x_min: 0.0,
            x_max: 4.0,
            y_min: -1.0,
            y_max: 3.0,
        };
        // x + 2y = 2 crosses x = 0 at y = 1 and x = 4 at y = -1.
        let [a, b] = n.line_in(&view).unwrap();
        assert_eq!([a, b], [[0.0, 1.0], [4.0, -1.0]]);
        // The foot of the normal from the origin: b w / |w|² = (0.4, 0.8).
        let f = n.foot().unwrap();
        assert!((f[0] - 0.4).abs() < 1e-12 && (f[1] - 0.8).abs() < 1e-12);
        assert!(n.sum(f).abs() < 1e-12);
        assert_eq!(
            Neuron {
                w: [0.0, 0.0],
                b: 1.0
            }
            .line_in(&view),
            None
        );
    }

    #[test]
    fn the_tutorials_network_has_twelve_connections() {
        assert_eq!(connection_count(&[2, 4, 1]), 12);
        assert_eq!(connection_formula(&[2, 4, 1]), "2·4 + 4·1 = 12");
        assert_eq!(connection_count(&[2, 5, 1]), 15);
        assert_eq!(connection_count(&[2, 1]), 2);
    }

    #[test]
    fn flat_is_where_the_slope_is_small() {
        // σ'(0) = 0.25; σ'(4) = σ(4)(1 − σ(4)) ≈ 0.0177.
        assert!((slope(Activation::Sigmoid, 0.0) - 0.25).abs() < 1e-12);
        assert!(!is_flat(Activation::Sigmoid, 0.0));
        let s4 = sigmoid(4.0);
        assert!((slope(Activation::Sigmoid, 4.0) - s4 * (1.0 - s4)).abs() < 1e-12);
        assert!(is_flat(Activation::Sigmoid, 4.0));
        // tanh'(s) = 1 − tanh²(s); ReLU is flat below 0 and steep above.
        assert!((slope(Activation::Tanh, 1.0) - (1.0 - 1f64.tanh().powi(2))).abs() < 1e-12);
        assert!(is_flat(Activation::Relu, -1.0));
        assert!(!is_flat(Activation::Relu, 1.0));
    }

    #[test]
    fn separating_means_each_point_on_its_class_side() {
        let a = LabeledPoint::new(1.0, 3.0, 0);
        let b = LabeledPoint::new(3.0, 1.0, 1);
        // x − y: a gives −2, b gives 2.
        let good = Neuron {
            w: [1.0, -1.0],
            b: 0.0,
        };
        assert!(good.separates([&a, &b]));
        let flipped = Neuron {
            w: [-1.0, 1.0],
            b: 0.0,
        };
        assert!(!flipped.separates([&a, &b]));
        // y − 0.5: both positive.
        let both = Neuron {
            w: [0.0, 1.0],
            b: 0.5,
        };
        assert!(!both.separates([&a, &b]));
    }

    #[test]
    fn a_neuron_survives_the_round_trip_through_network_weights() {
        let n = Neuron {
            w: [0.25, -2.0],
            b: 1.5,
        };
        let params = n.to_parameters();
        let layer = crate::nn::Layer {
            weights: params[0].0.clone(),
            biases: params[0].1.clone(),
            activation: Activation::Sigmoid,
        };
        let mlp = Mlp {
            layers: vec![layer],
        };
        assert_eq!(Neuron::from_mlp(&mlp), Some(n));
        // The network's own forward pass equals the neuron's output.
        let out = mlp.forward_one(&[2.0, 1.0]);
        assert!((out[0] - n.output([2.0, 1.0], Activation::Sigmoid)).abs() < 1e-12);
    }
}
