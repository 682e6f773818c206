//! A status-bar message and how loud it is: what the parts, the worker link and the action
//! queue post, and the status bar shows.

use std::time::Instant;

/// How loud a status message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// Neutral information.
    Info,
    /// Something the user should know about (e.g. a repaired store).
    Warning,
    /// Something went wrong (divergence, crash).
    Error,
}

/// A message in the status bar.
#[derive(Clone, Debug)]
pub struct Message {
    /// How loud.
    pub kind: MessageKind,
    /// What to say.
    pub text: String,
    /// When it was posted.
    pub at: Instant,
}
