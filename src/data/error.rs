//! Errors from dataset generation and CSV import.
//!
//! Every message is one line and names what went wrong and where (line number, column,
//! path), so the UI can show it as-is in a status bar and the CLI can print it verbatim.

use std::path::PathBuf;

/// Everything that can go wrong while building a [`Dataset`](super::Dataset).
///
/// Causes are folded into the message (no `source()` chain), so `{err}` alone is
/// a complete, non-repeating one-line message.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A coordinate field is not a number.
    #[error("{}", crate::tr!("data-bad-number", line = .line, value = .value.as_str(), column = .column.to_string()))]
    BadNumber {
        /// 1-based line number in the input.
        line: usize,
        /// The offending text (trimmed).
        value: String,
        /// Which role the column plays: `x` or `y`.
        column: &'static str,
    },
    /// A coordinate is NaN or infinite.
    #[error("{}", crate::tr!("data-non-finite", line = .line))]
    NonFinite {
        /// 1-based line number in the input.
        line: usize,
    },
    /// `--problem` (or a file) names no known problem kind.
    #[error("{}", crate::tr!("data-unknown-problem", name = .name.as_str()))]
    UnknownProblem {
        /// The name given (trimmed).
        name: String,
    },
    /// The input holds no data rows.
    #[error("{}", crate::tr!("data-no-points"))]
    NoPoints,
    /// More points than the importer accepts.
    #[error("{}", crate::tr!("data-too-many-points", max = .max))]
    TooManyPoints {
        /// The limit that was exceeded.
        max: usize,
    },
    /// More distinct labels than [`MAX_CLASSES`](super::MAX_CLASSES).
    #[error("{}", crate::tr!("data-too-many-classes", found = .found, max = .max))]
    TooManyClasses {
        /// Number of classes found or requested.
        found: usize,
        /// The limit.
        max: usize,
    },
    /// A column given by name is not in the header.
    #[error("{}", crate::tr!("data-column-not-found", role = .role.to_string(), name = .name.as_str(), available = .available.join(", ")))]
    ColumnNotFound {
        /// Which role the column plays: `x`, `y` or `label`.
        role: &'static str,
        /// The requested name.
        name: String,
        /// The header's column names, in order.
        available: Vec<String>,
    },
    /// A column is given by name but the input has no header row to look it up in.
    #[error("{}", crate::tr!("data-name-without-header", role = .role.to_string(), name = .name.as_str()))]
    NameWithoutHeader {
        /// Which role the column plays: `x`, `y` or `label`.
        role: &'static str,
        /// The requested name.
        name: String,
    },
    /// A row is too short for a selected column.
    #[error("{}", crate::tr!("data-missing-field", line = .line, role = .role.to_string(), index = .index, fields = .fields))]
    MissingField {
        /// 1-based line number in the input.
        line: usize,
        /// Which role the column plays: `x`, `y` or `label`.
        role: &'static str,
        /// 0-based column index that was asked for.
        index: usize,
        /// How many fields the row has.
        fields: usize,
    },
    /// A label field is empty.
    #[error("{}", crate::tr!("data-empty-label", line = .line))]
    EmptyLabel {
        /// 1-based line number in the input.
        line: usize,
    },
    /// A `split` field is neither `train` nor `test`.
    #[error("{}", crate::tr!("data-bad-split", line = .line, value = .value.as_str()))]
    BadSplit {
        /// 1-based line number in the input.
        line: usize,
        /// The offending text (trimmed).
        value: String,
    },
    /// A column specification is empty.
    #[error("{}", crate::tr!("data-empty-column-name"))]
    EmptyColumnName,
    /// A preset name that does not exist.
    #[error("{}", crate::tr!("data-unknown-preset", name = .name.as_str(), valid = .valid.as_str()))]
    UnknownPreset {
        /// The name that was asked for.
        name: String,
        /// Comma-separated list of valid names.
        valid: String,
    },
    /// A generator parameter is out of range.
    #[error("{}", crate::tr!("data-invalid-param", name = .name.to_string(), range = .range.to_string(), value = .value.as_str()))]
    InvalidParam {
        /// Parameter name, as in [`PresetParams`](super::PresetParams).
        name: &'static str,
        /// The rejected value, formatted.
        value: String,
        /// The accepted range, formatted.
        range: &'static str,
    },
    /// A preset cannot make this many classes.
    #[error("{}", crate::tr!("data-unsupported-classes", preset = .preset.to_string(), supported = .supported.as_str(), classes = .classes))]
    UnsupportedClasses {
        /// The preset's name.
        preset: &'static str,
        /// The requested class count.
        classes: usize,
        /// The supported class counts, formatted (e.g. `2` or `2..=8`).
        supported: String,
    },
    /// A file could not be read.
    #[error("{}", crate::tr!("data-io", path = .path.display().to_string(), detail = .error.to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error (kept for its `kind()`).
        error: std::io::Error,
    },
    /// A file larger than the limit ([`MAX_FILE_BYTES`](super::MAX_FILE_BYTES)),
    /// refused before reading it.
    #[error("{}", crate::tr!("data-too-large", path = .path.display().to_string(), size = .size, max = .max, mib = .max.wrapping_shr(20)))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes (at least this many when it grew while being read).
        size: u64,
        /// The limit.
        max: u64,
    },
    /// A row with more fields than [`MAX_CSV_FIELDS`](super::csv::MAX_CSV_FIELDS).
    #[error("{}", crate::tr!("data-too-many-fields", line = .line, max = .max))]
    TooManyFields {
        /// 1-based line number in the input.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// More different label texts than [`MAX_CSV_LABELS`](super::csv::MAX_CSV_LABELS)
    /// (at most 8 classes are possible, however the labels are spelled).
    #[error("{}", crate::tr!("data-too-many-labels", line = .line, max = .max))]
    TooManyLabels {
        /// 1-based line number of the first label beyond the limit.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// Read as classes, the label column holds numbers with more distinct values than a
    /// dataset has classes: a value to predict (see [`DataError::suggests_regression`]).
    #[error("{}", crate::tr!("data-numeric-labels", max = .max))]
    NumericLabels {
        /// Most classes a dataset has.
        max: usize,
    },
    /// A parse error inside a named file.
    #[error("{}: {error}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What went wrong in it.
        error: Box<DataError>,
    },
}

impl DataError {
    /// Whether the file would import as regression: its label column is numbers with more
    /// distinct values than classes ([`DataError::NumericLabels`], also inside a file's
    /// error). The app offers the import as regression, `nnviz train` hints `--problem`.
    pub fn suggests_regression(&self) -> bool {
        match self {
            DataError::NumericLabels { .. } => true,
            DataError::InFile { error, .. } => error.suggests_regression(),
            _ => false,
        }
    }
}
