//! Export as code: the numpy or PyTorch script of the network, written from the worker's
//! session (the current weights), or from the window's copy when there is no worker.

use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use super::super::status::MessageKind;
use super::session_from_state;
use crate::export::{ExportInput, ScriptKind};
use crate::session::Session;
use crate::tr;
use std::path::Path;

/// Writes the `kind` script of `session` to `path` atomically and says how it went, naming
/// the file.
pub(crate) fn export_session(
    session: &Session,
    path: &Path,
    kind: ScriptKind,
) -> (MessageKind, String) {
    let shown = path.display().to_string();
    let written = ExportInput::from_session(session)
        .map_err(|e| e.to_string())
        .and_then(|input| {
            crate::fsutil::write_atomic(path, kind.script(&input).as_bytes())
                .map_err(|e| e.to_string())
        });
    match written {
        Ok(()) => (MessageKind::Info, tr!("files-exported-code", path = shown)),
        Err(detail) => (
            MessageKind::Error,
            tr!("files-not-exported-code", path = shown, detail = detail),
        ),
    }
}

/// [`export_session`] from the window's copy of the session (no worker to ask).
pub(crate) fn export_from_state(
    path: &Path,
    kind: ScriptKind,
    state: &PersistedState,
    link: &WorkerLink,
) -> (MessageKind, String) {
    match session_from_state(state, link) {
        Ok(session) => export_session(&session, path, kind),
        Err(detail) => (
            MessageKind::Error,
            tr!(
                "files-not-exported-code",
                path = path.display().to_string(),
                detail = detail
            ),
        ),
    }
}
