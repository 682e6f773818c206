//! Undo and redo of every change to the points and the dataset.
//!
//! Instead of hooking every edit, [`UndoState`] keeps a copy of the dataset as it was when
//! last recorded and a change counter: every command that changes the worker's points
//! (add, move, delete, clear, replace, load — see [`UndoState::note_command`]) bumps it, as
//! does opening a session. Once a frame the counter (and, as a safety net, the point and
//! class counts) is compared with the recorded one — O(1), however many points there are.
//! Whatever changed the points since (a click, a drag, delete, clear, class count, a
//! generated dataset, a split, a CSV import, an opened session) becomes one undo step.
//! While a point is being dragged nothing is recorded, so a whole drag is one step. The
//! stack is bounded ([`UndoStack::for_datasets`]).

use super::app::{MessageKind, NnvizApp};
use crate::data::{Dataset, UndoStack};
use crate::train::Command;

/// The undo/redo stacks and the last recorded dataset.
#[derive(Debug, Default)]
pub(crate) struct UndoState {
    stack: UndoStack<Dataset>,
    /// The dataset as of the last recorded step (`None` until the first frame).
    recorded: Option<Dataset>,
    /// Bumped by every change to the points.
    generation: u64,
    /// `generation` when `recorded` was taken.
    recorded_generation: u64,
}

impl UndoState {
    /// Notes that the points changed (they are compared at the next checkpoint).
    pub(crate) fn note_dataset_change(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    /// Notes the change if `cmd` changes the points (called for every command sent to
    /// the worker: the UI changes its copy of the points exactly when it sends one).
    pub(crate) fn note_command(&mut self, cmd: &Command) {
        if matches!(
            cmd,
            Command::EditPoints(_) | Command::ReplaceDataset(_) | Command::LoadSession(_)
        ) {
            self.note_dataset_change();
        }
    }

    /// The change counter: equal values mean the points did not change in between.
    pub(crate) fn generation(&self) -> u64 {
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
}

impl NnvizApp {
    /// Records a finished change of the dataset as one undo step (called once a frame, and
    /// before undo/redo). Does nothing while a point is dragged.
    pub(crate) fn undo_checkpoint(&mut self) {
        if self.canvas.dragging.is_some() {
            return;
        }
        if self.undo.recorded.is_none() {
            self.undo.recorded = Some(self.state.dataset.clone());
            self.undo.recorded_generation = self.undo.generation;
            return;
        }
        if !self.undo.maybe_changed(&self.state.dataset) {
            return;
        }
        self.undo.recorded_generation = self.undo.generation;
        // Compared only after a change: an edit that put everything back is no step.
        if self.undo.recorded.as_ref() != Some(&self.state.dataset)
            && let Some(before) = self.undo.recorded.replace(self.state.dataset.clone())
        {
            self.undo.stack.push(before);
        }
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.undo.stack.can_undo() || self.undo.maybe_changed(&self.state.dataset)
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        self.undo.stack.can_redo()
    }

    /// Undoes the last change to the points (the worker gets the restored points).
    pub fn undo(&mut self) {
        self.canvas.dragging = None;
        self.undo_checkpoint();
        match self.undo.stack.undo(self.state.dataset.clone()) {
            Some(d) => self.restore_dataset(d, "Undone"),
            None => self.post(MessageKind::Info, "Nothing to undo."),
        }
    }

    /// Redoes the last undone change.
    pub fn redo(&mut self) {
        self.canvas.dragging = None;
        self.undo_checkpoint();
        match self.undo.stack.redo(self.state.dataset.clone()) {
            Some(d) => self.restore_dataset(d, "Redone"),
            None => self.post(MessageKind::Info, "Nothing to redo."),
        }
    }

    fn restore_dataset(&mut self, dataset: Dataset, what: &str) {
        let classes_changed = dataset.num_classes != self.state.dataset.num_classes;
        self.undo.recorded = Some(dataset.clone());
        self.state.dataset = dataset;
        if self.state.selected_class >= self.state.dataset.num_classes {
            self.state.selected_class = self.state.dataset.num_classes.saturating_sub(1);
        }
        self.canvas.reset_interaction();
        if classes_changed {
            self.loss = None;
        }
        self.send(Command::ReplaceDataset(self.state.dataset.clone()));
        self.undo.recorded_generation = self.undo.generation;
        let n = self.state.dataset.points.len();
        self.post(MessageKind::Info, format!("{what}: {n} points."));
    }

    /// Undo/redo shortcuts: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y.
    pub(crate) fn undo_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        if ctx.text_edit_focused() {
            return;
        }
        let redo_shift = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let (r, u) = ctx.input_mut(|i| {
            let r = i.consume_shortcut(&redo_shift) | i.consume_shortcut(&redo_y);
            (r, i.consume_shortcut(&undo))
        });
        if r {
            self.redo();
        } else if u {
            self.undo();
        }
    }
}
