//! [`SessionError`]: why a session could not be read, checked or written.

use std::path::PathBuf;

/// Everything that can go wrong with a session file. Every message is one line that says
/// what is wrong (and where, when the JSON parser knows), fit for a status bar or stderr.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The file could not be read.
    #[error("cannot read '{}': {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The file could not be written (the previous file, if any, is untouched).
    #[error("cannot write '{}': {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The file (or text) is larger than [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES).
    #[error("the session is {size} bytes (at most {max})")]
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The text ends in the middle of the JSON document.
    #[error("file is truncated: {0}")]
    Truncated(String),
    /// The text is not JSON at all.
    #[error("file is not valid JSON: {0}")]
    NotJson(String),
    /// Valid JSON, but not shaped like a session (missing field, wrong type, …).
    #[error("file is not a session: {0}")]
    NotASession(String),
    /// A `version` this build does not know.
    #[error("unknown session version {0} (this nnviz reads 1, 2 and 3)")]
    UnknownVersion(u64),
    /// A list longer than its documented limit.
    #[error("{0}")]
    TooMany(String),
    /// A value out of range (a class, a coordinate, a setting, …).
    #[error("{0}")]
    Invalid(String),
    /// The network, its weights or its optimiser state do not fit together.
    #[error("{0}")]
    Network(#[from] crate::nn::NnError),
    /// An error inside a named file.
    #[error("{}: {error}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        error: Box<SessionError>,
    },
}

impl SessionError {
    /// The error itself, without the file it was found in.
    pub fn inner(&self) -> &SessionError {
        match self {
            SessionError::InFile { error, .. } => error.inner(),
            e => e,
        }
    }
}
