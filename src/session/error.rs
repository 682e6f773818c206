//! [`SessionError`]: why a session could not be read, checked or written.

use std::path::PathBuf;

/// Everything that can go wrong with a session file. Every message is one line that says
/// what is wrong (and where, when the JSON parser knows), fit for a status bar or stderr.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The file could not be read.
    #[error("{}", crate::tr!("session-read", path = .path.display().to_string(), detail = .error.to_string()))]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The file could not be written (the previous file, if any, is untouched).
    #[error("{}", crate::tr!("session-write", path = .path.display().to_string(), detail = .error.to_string()))]
    Write {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The file (or text) is larger than [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES).
    #[error("{}", crate::tr!("session-too-large", size = .size, max = .max))]
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The text ends in the middle of the JSON document.
    #[error("{}", crate::tr!("session-truncated", detail = .0.as_str()))]
    Truncated(String),
    /// The text is not JSON at all.
    #[error("{}", crate::tr!("session-not-json", detail = .0.as_str()))]
    NotJson(String),
    /// Valid JSON, but not shaped like a session (missing field, wrong type, …).
    #[error("{}", crate::tr!("session-not-a-session", detail = .0.as_str()))]
    NotASession(String),
    /// A `version` this build does not know.
    #[error("{}", crate::tr!("session-unknown-version", version = .0))]
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
