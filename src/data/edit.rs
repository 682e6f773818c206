//! One edit of a dataset's points: [`PointEdit`], applied with [`Dataset::apply_edit`].
//!
//! The app applies an edit to its own copy and sends the same edit to the training worker,
//! which applies it with the same method, so both copies agree on every index.

use super::{Dataset, LabeledPoint};

/// One change to a dataset's points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PointEdit {
    /// Appends a point.
    Add(LabeledPoint),
    /// Moves point `index` to `pos_in_data`.
    Move {
        /// Index of the point.
        index: usize,
        /// New position in data space.
        pos_in_data: [f64; 2],
    },
    /// Removes point `index`.
    Remove {
        /// Index of the point.
        index: usize,
    },
    /// Removes every point (the class count stays).
    Clear,
    /// Sets the target value of point `index` (regression; a classification dataset keeps
    /// the value but does not use it).
    SetValue {
        /// Index of the point.
        index: usize,
        /// The new value (must be finite).
        value: f64,
    },
}

/// Which edit an index refusal was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditAction {
    /// [`PointEdit::Move`].
    Move,
    /// [`PointEdit::Remove`].
    Remove,
    /// [`PointEdit::SetValue`].
    SetValue,
}

/// Why [`Dataset::apply_edit`] left the points as they were.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum EditRefusal {
    /// A position with a NaN or infinite coordinate.
    #[error("{}", crate::tr!("edit-non-finite", position = format!("{:?}", .pos)))]
    NonFinitePosition {
        /// The position given.
        pos: [f64; 2],
    },
    /// A NaN or infinite value.
    #[error("{}", crate::tr!("edit-value-non-finite"))]
    NonFiniteValue,
    /// A point of a class the dataset does not have.
    #[error("{}", crate::tr!("edit-class-out-of-range", class = .class, classes = .classes))]
    ClassOutOfRange {
        /// The point's class.
        class: usize,
        /// The dataset's class count.
        classes: usize,
    },
    /// An index past the last point.
    #[error("{}", crate::tr!("edit-bad-index", index = .index, len = .len))]
    BadIndex {
        /// What the edit would have done.
        action: EditAction,
        /// The index given.
        index: usize,
        /// How many points there are.
        len: usize,
    },
}

impl Dataset {
    /// Applies `edit`, or refuses it and changes nothing: a position must be finite, a new
    /// point's class below [`Dataset::num_classes`], an index that of an existing point.
    pub fn apply_edit(&mut self, edit: &PointEdit) -> Result<(), EditRefusal> {
        let finite = |pos: [f64; 2]| {
            if pos.iter().all(|v| v.is_finite()) {
                Ok(())
            } else {
                Err(EditRefusal::NonFinitePosition { pos })
            }
        };
        let len = self.points.len();
        let bad_index = |action, index| EditRefusal::BadIndex { action, index, len };
        match *edit {
            PointEdit::Add(p) => {
                finite(p.pos_in_data)?;
                if !p.value.is_finite() {
                    return Err(EditRefusal::NonFiniteValue);
                }
                if p.class >= self.num_classes {
                    return Err(EditRefusal::ClassOutOfRange {
                        class: p.class,
                        classes: self.num_classes,
                    });
                }
                self.points.push(p);
            }
            PointEdit::Move { index, pos_in_data } => {
                finite(pos_in_data)?;
                let p = self
                    .points
                    .get_mut(index)
                    .ok_or(bad_index(EditAction::Move, index))?;
                p.pos_in_data = pos_in_data;
            }
            PointEdit::Remove { index } => {
                if index >= len {
                    return Err(bad_index(EditAction::Remove, index));
                }
                self.points.remove(index);
            }
            PointEdit::Clear => self.points.clear(),
            PointEdit::SetValue { index, value } => {
                if !value.is_finite() {
                    return Err(EditRefusal::NonFiniteValue);
                }
                let p = self
                    .points
                    .get_mut(index)
                    .ok_or(bad_index(EditAction::SetValue, index))?;
                p.value = value;
            }
        }
        Ok(())
    }
}
