//! The user's work put aside while the lesson runs: the lesson's steps load their own
//! examples, so the points, network and weights the user had are kept here (and in a file
//! beside the autosave, so a killed window does not lose them) and come back when the lesson
//! is left.

use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use super::super::status::MessageKind;
use crate::session::Session;
use crate::tr;
use std::path::PathBuf;

/// The name of the put-aside file in the storage folder.
pub const SET_ASIDE_FILE: &str = "before-lesson.json";

/// The work put aside, in memory and (when saving is on) on disk.
#[derive(Debug, Default)]
pub struct SetAside {
    /// The session as it was when the lesson opened.
    session: Option<Session>,
    /// The session file that was in use then.
    path: Option<PathBuf>,
    /// Where the put-aside session is written (`None`: memory only, as in tests and
    /// `--fresh` runs).
    pub(crate) file: Option<PathBuf>,
}

impl SetAside {
    /// The put-aside file in eframe's storage folder, if the platform has one.
    pub fn default_file() -> Option<PathBuf> {
        eframe::storage_dir(crate::ui::APP_ID).map(|d| d.join(SET_ASIDE_FILE))
    }

    /// Puts the window's own idea of the work aside (when the worker cannot answer).
    pub(crate) fn keep_from_state(
        &mut self,
        state: &PersistedState,
        link: &WorkerLink,
        path: Option<PathBuf>,
    ) -> (MessageKind, String) {
        match super::session_from_state(state, link) {
            Ok(session) => self.keep(session, path),
            Err(e) => (
                MessageKind::Warning,
                tr!("lesson-work-set-aside-unsaved", detail = e),
            ),
        }
    }

    /// Takes the last run's autosave (`autosave`) as the work to put aside: the lesson
    /// opened at start over it. Nothing changes when work is put aside already.
    pub fn adopt_autosave(&mut self, autosave: Option<PathBuf>) {
        if self.holds_work() {
            return;
        }
        if let (Some(from), Some(to)) = (autosave, &self.file) {
            // No autosave yet means no work to keep.
            let _ = std::fs::copy(from, to);
        }
    }

    /// Whether work is put aside (in memory or in the file).
    pub fn holds_work(&self) -> bool {
        self.session.is_some() || self.file.as_ref().is_some_and(|f| f.exists())
    }

    /// Keeps `session` (the work as the lesson opened) and the session file then in use;
    /// writes it to the put-aside file. Returns what to tell the user.
    pub fn keep(&mut self, session: Session, path: Option<PathBuf>) -> (MessageKind, String) {
        let written = match &self.file {
            Some(file) => session.save(file).map_err(|e| e.to_string()),
            None => Ok(()),
        };
        self.session = Some(session);
        self.path = path;
        match written {
            Ok(()) => (MessageKind::Info, tr!("lesson-work-set-aside")),
            // The copy in memory still comes back when the lesson is left.
            Err(e) => (
                MessageKind::Warning,
                tr!("lesson-work-set-aside-unsaved", detail = e),
            ),
        }
    }

    /// The work put aside (from memory, else from the file after a restart), and the
    /// session file it came from; the file is removed once its work is back. `Err` says
    /// why a put-aside file could not be read (the file is left where it is).
    pub fn take(&mut self) -> Result<Option<(Session, Option<PathBuf>)>, String> {
        let from_memory = self.session.take().map(|s| (s, self.path.take()));
        let found = match from_memory {
            Some(found) => Some(found),
            None => match self.file.as_ref().filter(|f| f.exists()) {
                Some(file) => match Session::load(file) {
                    Ok(s) => Some((s, None)),
                    Err(e) => {
                        return Err(tr!(
                            "lesson-work-unreadable",
                            path = file.display().to_string(),
                            detail = e.to_string()
                        ));
                    }
                },
                None => None,
            },
        };
        if found.is_some()
            && let Some(file) = &self.file
        {
            // Gone only once its work is back in the window (which autosaves it).
            let _ = std::fs::remove_file(file);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tutorial_session() -> Session {
        let dataset = crate::data::Dataset::seed();
        let model =
            crate::nn::Model::new(crate::nn::ModelConfig::tutorial(), &dataset, 7).expect("model");
        Session::from_model(&model, &dataset, 7)
    }

    #[test]
    fn work_put_aside_comes_back_once_from_memory() {
        let mut aside = SetAside::default();
        assert!(!aside.holds_work());
        let s = tutorial_session();
        let (kind, _) = aside.keep(s.clone(), Some(PathBuf::from("mine.json")));
        assert_eq!(kind, MessageKind::Info);
        assert!(aside.holds_work());
        let (back, path) = aside.take().expect("readable").expect("work");
        assert_eq!(back.dataset, s.dataset);
        assert_eq!(path, Some(PathBuf::from("mine.json")));
        assert!(aside.take().expect("readable").is_none());
    }

    #[test]
    fn work_put_aside_survives_a_restart_in_its_file() {
        let dir = std::env::temp_dir().join(format!("nnviz-aside-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join(SET_ASIDE_FILE);
        let s = tutorial_session();
        let mut before = SetAside {
            file: Some(file.clone()),
            ..Default::default()
        };
        before.keep(s.clone(), None);
        // A new window (after a kill) knows only the file.
        let mut after = SetAside {
            file: Some(file.clone()),
            ..Default::default()
        };
        assert!(after.holds_work());
        let (back, _) = after.take().expect("readable").expect("work");
        assert_eq!(back.dataset, s.dataset);
        assert_eq!(back.weights, s.weights);
        assert!(!file.exists(), "the file goes once its work is back");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
