//! [`LessonProgress`]: what of the lesson survives a restart (open or not, the step, the
//! ticked tasks, whether it was ever seen). Every field has a serde default, so settings
//! written before the lesson existed load unchanged.

use super::LessonStep;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The learner's place in the lesson (persisted with the rest of the state).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    /// Whether the lesson panel is showing.
    pub open: bool,
    /// The current step, 1 to [`LessonStep::COUNT`] (anything else reads as the nearest).
    pub step: usize,
    /// Ids of the tasks done so far (a task stays done once done).
    pub ticked: BTreeSet<String>,
    /// Whether the lesson was ever opened.
    pub seen: bool,
}

impl Default for LessonProgress {
    fn default() -> Self {
        Self {
            open: false,
            step: 1,
            ticked: BTreeSet::new(),
            seen: false,
        }
    }
}

impl LessonProgress {
    /// The current step (a stored number out of range reads as the nearest step).
    pub fn current(&self) -> LessonStep {
        LessonStep::from_number(self.step)
    }

    /// The same progress, open at `step`.
    pub fn opened_at(&self, step: LessonStep) -> Self {
        Self {
            open: true,
            step: step.number(),
            seen: true,
            ..self.clone()
        }
    }

    /// The same progress, closed (the step and the ticks are kept for next time).
    pub fn closed(&self) -> Self {
        Self {
            open: false,
            ..self.clone()
        }
    }

    /// Open if closed (at the current step), closed if open.
    pub fn toggled(&self) -> Self {
        if self.open {
            self.closed()
        } else {
            self.opened_at(self.current())
        }
    }

    /// Whether task `id` is done.
    pub fn is_ticked(&self, id: &str) -> bool {
        self.ticked.contains(id)
    }

    /// The same progress with `ids` ticked too (`None` when all of them already were).
    pub fn with_ticks(&self, ids: &[&str]) -> Option<Self> {
        let new: Vec<&&str> = ids.iter().filter(|id| !self.is_ticked(id)).collect();
        if new.is_empty() {
            return None;
        }
        let mut p = self.clone();
        p.ticked.extend(new.into_iter().map(|s| s.to_string()));
        Some(p)
    }
}

/// Whether the app opens the lesson by itself: on a true first launch only, that is with
/// no stored settings, and not for `--fresh`, `--screenshot`/`--measure` or tests (which
/// all start without stored settings on purpose).
pub fn opens_on_first_launch(has_stored_state: bool, fresh: bool, scripted: bool) -> bool {
    !has_stored_state && !fresh && !scripted
}
