//! Undo and redo of every change to the points and the dataset.
//!
//! Instead of hooking every edit, [`Undo`] keeps a copy of the dataset as it was when last
//! recorded and a change counter: applying an action that changes the points bumps it (see
//! `action.rs`), as does opening a session. At the end of every frame the counter (and, as a
//! safety net, the point and class counts) is compared with the recorded one — O(1), however
//! many points there are. Whatever changed the points since becomes one undo step. While a
//! point is being dragged nothing is recorded, so a whole drag is one step. The stack is
//! bounded ([`UndoStack::for_datasets`]).

use crate::data::{Dataset, UndoStack};

/// The undo/redo stacks and the last recorded dataset.
#[derive(Debug, Default)]
pub(crate) struct Undo {
    stack: UndoStack<Dataset>,
    /// The dataset as of the last recorded step (`None` until the first frame).
    recorded: Option<Dataset>,
    /// Bumped by every change to the points.
    generation: u64,
    /// `generation` when `recorded` was taken.
    recorded_generation: u64,
}

impl Undo {
    /// Notes that the points changed (they are compared at the next checkpoint).
    pub fn note_dataset_change(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    /// The change counter: equal values mean the points did not change in between.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the points may differ from the recorded ones (cheap: no comparison of
    /// points).
    fn maybe_changed(&self, current: &Dataset) -> bool {
        self.recorded.as_ref().is_some_and(|r| {
            self.generation != self.recorded_generation
                || r.points.len() != current.points.len()
                || r.num_classes != current.num_classes
        })
    }

    /// Records a finished change of the dataset as one undo step (once a frame, and before
    /// undo/redo). Does nothing while a point is dragged.
    pub fn checkpoint(&mut self, current: &Dataset, dragging: bool) {
        if dragging {
            return;
        }
        if self.recorded.is_none() {
            self.recorded = Some(current.clone());
            self.recorded_generation = self.generation;
            return;
        }
        if !self.maybe_changed(current) {
            return;
        }
        self.recorded_generation = self.generation;
        // Compared only after a change: an edit that put everything back is no step.
        if self.recorded.as_ref() != Some(current)
            && let Some(before) = self.recorded.replace(current.clone())
        {
            self.stack.push(before);
        }
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self, current: &Dataset) -> bool {
        self.stack.can_undo() || self.maybe_changed(current)
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        self.stack.can_redo()
    }

    /// The dataset before the last change (`current` goes on the redo stack).
    pub fn undo(&mut self, current: Dataset) -> Option<Dataset> {
        self.stack.undo(current)
    }

    /// The dataset of the last undone change.
    pub fn redo(&mut self, current: Dataset) -> Option<Dataset> {
        self.stack.redo(current)
    }

    /// After an undo or redo: the restored dataset is the recorded one.
    pub fn set_recorded(&mut self, dataset: Dataset) {
        self.recorded = Some(dataset);
    }

    /// After an undo or redo: its own command is no new step.
    pub fn mark_recorded(&mut self) {
        self.recorded_generation = self.generation;
    }
}
