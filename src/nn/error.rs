//! Errors of the neural-network layer.

/// Something about a network, its weights or its settings is not usable.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NnError {
    /// A weight matrix does not fit the layer it is meant for.
    #[error(
        "layer {layer}: expected a {expected_rows}x{expected_cols} weight matrix, got {rows}x{cols}"
    )]
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
    #[error("expected {expected} weight matrices, got {got}")]
    LayerCount {
        /// Layers the network needs.
        expected: usize,
        /// Layers given.
        got: usize,
    },
    /// A weight or bias is NaN or infinite.
    #[error("layer {layer}: weight or bias is not a finite number")]
    NonFinite {
        /// Layer index.
        layer: usize,
    },
    /// Rows of a matrix have different lengths.
    #[error("layer {layer}: rows of the weight matrix have different lengths")]
    Ragged {
        /// Layer index.
        layer: usize,
    },
    /// A setting is out of range.
    #[error("{0}")]
    Invalid(String),
    /// The weights file is not valid JSON of the expected shape.
    #[error("weights JSON: {0}")]
    Json(String),
}
