//! [`UndoStack`]: bounded undo/redo of whole states (e.g. a [`Dataset`]).
//!
//! Every edit pushes the state *before* it. The stack keeps at most a number of states and
//! at most an approximate number of bytes (the oldest states go first), so a long session
//! of edits on a large dataset never grows without bound.

use super::Dataset;

/// Default number of states kept.
pub const DEFAULT_MAX_STATES: usize = 200;

/// Default byte budget of the kept states (64 MiB).
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

/// Approximate bytes a dataset occupies in an undo stack: 32 bytes a point plus a little.
pub fn dataset_bytes(d: &Dataset) -> usize {
    d.points.len().saturating_mul(32).saturating_add(64)
}

/// Undo and redo stacks of states of type `T`, bounded by count and by approximate size.
#[derive(Clone, Debug)]
pub struct UndoStack<T: Clone> {
    undo: std::collections::VecDeque<T>,
    redo: Vec<T>,
    /// Approximate bytes held by `undo` and `redo` together.
    bytes: usize,
    max_states: usize,
    max_bytes: usize,
    size_of: fn(&T) -> usize,
}

impl UndoStack<Dataset> {
    /// An undo stack for datasets with the default bounds.
    pub fn for_datasets() -> Self {
        Self::new(DEFAULT_MAX_STATES, DEFAULT_MAX_BYTES, dataset_bytes)
    }
}

impl Default for UndoStack<Dataset> {
    fn default() -> Self {
        Self::for_datasets()
    }
}

impl<T: Clone> UndoStack<T> {
    /// A stack keeping at most `max_states` undo states and about `max_bytes` bytes in all,
    /// measuring each state with `size_of`. At least one state is always kept, however big.
    pub fn new(max_states: usize, max_bytes: usize, size_of: fn(&T) -> usize) -> Self {
        Self {
            undo: std::collections::VecDeque::new(),
            redo: Vec::new(),
            bytes: 0,
            max_states: max_states.max(1),
            max_bytes,
            size_of,
        }
    }

    /// Records `before`, the state just before a change. Clears the redo stack.
    pub fn push(&mut self, before: T) {
        for r in self.redo.drain(..) {
            self.bytes = self.bytes.saturating_sub((self.size_of)(&r));
        }
        self.bytes = self.bytes.saturating_add((self.size_of)(&before));
        self.undo.push_back(before);
        self.trim();
    }

    /// Steps back: takes the current state (kept for redo) and returns the previous one.
    /// Returns `None` when there is nothing to undo; `current` is then dropped, so check
    /// [`Self::can_undo`] first (or pass a clone) when it is still needed.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let prev = self.undo.pop_back()?;
        self.bytes = self.bytes.saturating_sub((self.size_of)(&prev));
        self.bytes = self.bytes.saturating_add((self.size_of)(&current));
        self.redo.push(current);
        self.trim();
        Some(prev)
    }

    /// Steps forward again after [`Self::undo`]: takes the current state (kept for undo)
    /// and returns the next one, or `None` (dropping `current`) when there is nothing to
    /// redo; see [`Self::can_redo`].
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.redo.pop()?;
        self.bytes = self.bytes.saturating_sub((self.size_of)(&next));
        self.bytes = self.bytes.saturating_add((self.size_of)(&current));
        self.undo.push_back(current);
        self.trim();
        Some(next)
    }

    /// Whether [`Self::undo`] would return a state.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether [`Self::redo`] would return a state.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Number of states that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of states that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Approximate bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Forgets all states (e.g. after opening another session).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.bytes = 0;
    }

    /// Drops the oldest undo states until both bounds hold. The redo stack is not trimmed
    /// (it only holds states that were on the undo stack), but its bytes count.
    fn trim(&mut self) {
        while self.undo.len() > self.max_states
            || (self.bytes > self.max_bytes && self.undo.len() + self.redo.len() > 1)
        {
            let Some(old) = self.undo.pop_front() else {
                break;
            };
            self.bytes = self.bytes.saturating_sub((self.size_of)(&old));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::data::LabeledPoint;

    fn stack(max_states: usize, max_bytes: usize) -> UndoStack<u32> {
        UndoStack::new(max_states, max_bytes, |_| 10)
    }

    #[test]
    fn undo_and_redo_walk_the_states_in_order() {
        let mut s = stack(10, 1000);
        assert!(!s.can_undo() && !s.can_redo());
        // States 0 → 1 → 2 → 3, each push records the state before the change.
        s.push(0);
        s.push(1);
        s.push(2);
        let mut cur = 3;
        cur = s.undo(cur).unwrap();
        assert_eq!(cur, 2);
        cur = s.undo(cur).unwrap();
        assert_eq!(cur, 1);
        assert!(s.can_redo());
        cur = s.redo(cur).unwrap();
        assert_eq!(cur, 2);
        cur = s.undo(cur).unwrap();
        cur = s.undo(cur).unwrap();
        assert_eq!(cur, 0);
        assert_eq!(s.undo(cur), None);
        cur = s.redo(cur).unwrap();
        cur = s.redo(cur).unwrap();
        cur = s.redo(cur).unwrap();
        assert_eq!(cur, 3);
        assert_eq!(s.redo(cur), None);
    }

    #[test]
    fn a_new_change_clears_redo() {
        let mut s = stack(10, 1000);
        s.push(0);
        s.push(1);
        let cur = s.undo(2).unwrap();
        assert_eq!(cur, 1);
        assert!(s.can_redo());
        s.push(cur);
        assert!(!s.can_redo());
        assert_eq!(s.redo(5), None);
        assert_eq!(s.bytes(), 20);
    }

    #[test]
    fn bounded_by_count_and_by_bytes() {
        let mut s = stack(3, 1000);
        for i in 0..10 {
            s.push(i);
        }
        assert_eq!(s.undo_len(), 3);
        assert_eq!(s.undo(10), Some(9));
        assert_eq!(s.undo(9), Some(8));
        assert_eq!(s.undo(8), Some(7));
        assert_eq!(s.undo(7), None);

        let mut s = stack(100, 45);
        for i in 0..10 {
            s.push(i);
        }
        assert_eq!(s.undo_len(), 4);
        assert!(s.bytes() <= 45);

        // One state bigger than the whole budget is still kept.
        let mut s = UndoStack::new(10, 5, |_: &u32| 100);
        s.push(1);
        assert!(s.can_undo());
        s.clear();
        assert!(!s.can_undo() && !s.can_redo());
        assert_eq!(s.bytes(), 0);
    }

    #[test]
    fn datasets_are_measured_by_points() {
        let mut s = UndoStack::new(100, 10_000, dataset_bytes);
        let mut d = Dataset::seed();
        for i in 0..100 {
            s.push(d.clone());
            d.points.push(LabeledPoint::new(i as f64, 0.0, 0));
        }
        assert!(s.bytes() <= 10_000, "{}", s.bytes());
        assert!(s.undo_len() < 100);
        let prev = s.undo(d.clone()).unwrap();
        assert_eq!(prev.points.len(), d.points.len() - 1);
        assert!(UndoStack::for_datasets().undo(d).is_none());
    }
}
