//! Step 6, Training: PLACEHOLDER, to be filled by the step author. It shows its title and text
//! only (see the guide in `src/ui/lesson/mod.rs`).

use crate::ui::action::Action;
use crate::ui::lesson::{StepCx, StepView, Task};

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State;

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[],
    hide: &[],
};

/// Sets up the step's example.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    Vec::new()
}

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    Vec::new()
}

/// The tasks whose condition holds now.
pub(crate) fn done(_cx: &StepCx<'_>, _st: &State) -> Vec<&'static str> {
    Vec::new()
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}

/// The step's drawing over the canvas.
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
