//! The eight steps, one file each, and the one `match` that calls the step in use (each
//! step's items are described in the guide in `src/ui/lesson/mod.rs`).

pub(crate) mod activations;
pub(crate) mod backward;
pub(crate) mod features;
pub(crate) mod forward;
pub(crate) mod layers;
pub(crate) mod neuron;
pub(crate) mod prediction;
pub(crate) mod training;

use super::{LessonStep, StepCx, StepView, Task};
use crate::ui::action::Action;

/// Every step's runtime state.
#[derive(Debug, Default)]
pub(crate) struct StepStates {
    pub neuron: neuron::State,
    pub activations: activations::State,
    pub layers: layers::State,
    pub forward: forward::State,
    pub backward: backward::State,
    pub training: training::State,
    pub prediction: prediction::State,
    pub features: features::State,
}

/// The parts `step` is about, and those it hides.
pub(crate) fn view(step: LessonStep) -> StepView {
    match step {
        LessonStep::Neuron => neuron::VIEW,
        LessonStep::Activations => activations::VIEW,
        LessonStep::Layers => layers::VIEW,
        LessonStep::Forward => forward::VIEW,
        LessonStep::Backward => backward::VIEW,
        LessonStep::Training => training::VIEW,
        LessonStep::Prediction => prediction::VIEW,
        LessonStep::Features => features::VIEW,
    }
}

/// The actions that set up `step`'s example.
pub(crate) fn enter(step: LessonStep, cx: &StepCx<'_>) -> Vec<Action> {
    match step {
        LessonStep::Neuron => neuron::enter(cx),
        LessonStep::Activations => activations::enter(cx),
        LessonStep::Layers => layers::enter(cx),
        LessonStep::Forward => forward::enter(cx),
        LessonStep::Backward => backward::enter(cx),
        LessonStep::Training => training::enter(cx),
        LessonStep::Prediction => prediction::enter(cx),
        LessonStep::Features => features::enter(cx),
    }
}

/// `step`'s tasks.
pub(crate) fn tasks(step: LessonStep) -> Vec<Task> {
    match step {
        LessonStep::Neuron => neuron::tasks(),
        LessonStep::Activations => activations::tasks(),
        LessonStep::Layers => layers::tasks(),
        LessonStep::Forward => forward::tasks(),
        LessonStep::Backward => backward::tasks(),
        LessonStep::Training => training::tasks(),
        LessonStep::Prediction => prediction::tasks(),
        LessonStep::Features => features::tasks(),
    }
}

/// The ids of `step`'s tasks whose condition holds now.
pub(crate) fn done(step: LessonStep, cx: &StepCx<'_>, st: &StepStates) -> Vec<&'static str> {
    match step {
        LessonStep::Neuron => neuron::done(cx, &st.neuron),
        LessonStep::Activations => activations::done(cx, &st.activations),
        LessonStep::Layers => layers::done(cx, &st.layers),
        LessonStep::Forward => forward::done(cx, &st.forward),
        LessonStep::Backward => backward::done(cx, &st.backward),
        LessonStep::Training => training::done(cx, &st.training),
        LessonStep::Prediction => prediction::done(cx, &st.prediction),
        LessonStep::Features => features::done(cx, &st.features),
    }
}

/// `step`'s controls in the lesson panel.
pub(crate) fn step_ui(
    step: LessonStep,
    ui: &mut egui::Ui,
    cx: &mut StepCx<'_>,
    st: &mut StepStates,
) {
    match step {
        LessonStep::Neuron => neuron::step_ui(ui, cx, &mut st.neuron),
        LessonStep::Activations => activations::step_ui(ui, cx, &mut st.activations),
        LessonStep::Layers => layers::step_ui(ui, cx, &mut st.layers),
        LessonStep::Forward => forward::step_ui(ui, cx, &mut st.forward),
        LessonStep::Backward => backward::step_ui(ui, cx, &mut st.backward),
        LessonStep::Training => training::step_ui(ui, cx, &mut st.training),
        LessonStep::Prediction => prediction::step_ui(ui, cx, &mut st.prediction),
        LessonStep::Features => features::step_ui(ui, cx, &mut st.features),
    }
}

/// `step`'s drawing and handles over the canvas.
pub(crate) fn canvas_ui(
    step: LessonStep,
    ui: &mut egui::Ui,
    cx: &mut StepCx<'_>,
    st: &mut StepStates,
) {
    match step {
        LessonStep::Neuron => neuron::canvas_ui(ui, cx, &mut st.neuron),
        LessonStep::Activations => activations::canvas_ui(ui, cx, &mut st.activations),
        LessonStep::Layers => layers::canvas_ui(ui, cx, &mut st.layers),
        LessonStep::Forward => forward::canvas_ui(ui, cx, &mut st.forward),
        LessonStep::Backward => backward::canvas_ui(ui, cx, &mut st.backward),
        LessonStep::Training => training::canvas_ui(ui, cx, &mut st.training),
        LessonStep::Prediction => prediction::canvas_ui(ui, cx, &mut st.prediction),
        LessonStep::Features => features::canvas_ui(ui, cx, &mut st.features),
    }
}

impl StepStates {
    /// Forgets `step`'s runtime state.
    pub(crate) fn reset(&mut self, step: LessonStep) {
        match step {
            LessonStep::Neuron => self.neuron = Default::default(),
            LessonStep::Activations => self.activations = Default::default(),
            LessonStep::Layers => self.layers = Default::default(),
            LessonStep::Forward => self.forward = Default::default(),
            LessonStep::Backward => self.backward = Default::default(),
            LessonStep::Training => self.training = Default::default(),
            LessonStep::Prediction => self.prediction = Default::default(),
            LessonStep::Features => self.features = Default::default(),
        }
    }
}
