//! Errors of the neural-network layer.

/// Something about a network, its weights or its settings is not usable.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NnError {
    /// A weight matrix does not fit the layer it is meant for.
    #[error("{}", crate::tr!("nn-weight-shape", layer = .layer, expected_rows = .expected_rows, expected_cols = .expected_cols, rows = .rows, cols = .cols))]
    WeightShape {
        /// Layer index (0 = first weight matrix).
        layer: usize,
        /// Rows the network needs (inputs of the layer).
        expected_rows: usize,
        /// Columns the network needs (units of the layer).
        expected_cols: usize,
        /// Rows given.
        rows: usize,
        /// Columns given.
        cols: usize,
    },
    /// The weight file has a different number of layers than the network.
    #[error("{}", crate::tr!("nn-layer-count", expected = .expected, got = .got))]
    LayerCount {
        /// Layers the network needs.
        expected: usize,
        /// Layers given.
        got: usize,
    },
    /// A weight or bias is NaN or infinite.
    #[error("{}", crate::tr!("nn-non-finite", layer = .layer))]
    NonFinite {
        /// Layer index.
        layer: usize,
    },
    /// Rows of a matrix have different lengths.
    #[error("{}", crate::tr!("nn-ragged", layer = .layer))]
    Ragged {
        /// Layer index.
        layer: usize,
    },
    /// More per-layer activations than hidden layers.
    #[error("{}", crate::tr!("nn-activation-count", activations = .activations, layers = .layers))]
    ActivationCount {
        /// Activations given.
        activations: usize,
        /// Hidden layers.
        layers: usize,
    },
    /// More per-layer dropout rates than hidden layers.
    #[error("{}", crate::tr!("nn-dropout-count", rates = .rates, layers = .layers))]
    DropoutCount {
        /// Rates given.
        rates: usize,
        /// Hidden layers.
        layers: usize,
    },
    /// A dropout rate outside `[0, 0.9]` (or not a number).
    #[error("{}", crate::tr!("nn-dropout-rate", layer = .layer, rate = .rate.as_str()))]
    DropoutRate {
        /// Hidden layer, counted from 1.
        layer: usize,
        /// The rate as written.
        rate: String,
    },
    /// A setting is out of range.
    #[error("{0}")]
    Invalid(String),
    /// The weights file is not valid JSON of the expected shape.
    #[error("{}", crate::tr!("nn-json", detail = .0.as_str()))]
    Json(String),
}
