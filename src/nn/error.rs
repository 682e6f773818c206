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
    /// A setting is out of range.
    #[error("{0}")]
    Invalid(String),
    /// The weights file is not valid JSON of the expected shape.
    #[error("{}", crate::tr!("nn-json", detail = .0.as_str()))]
    Json(String),
}
