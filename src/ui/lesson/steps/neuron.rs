//! Step 1, One neuron: a 2→1 network with bias is one neuron; sliders (and handles on the
//! canvas) for w₁, w₂ and the threshold b; the line w·x = b drawn over its output shading.
//! Task: make it separate the step's two points.

use crate::data::{Dataset, LabeledPoint, Problem};
use crate::nn::neuron::Neuron;
use crate::nn::{Activation, ModelConfig};
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};

/// The neuron the step starts with: the line y = 0.5, both points on its positive side.
pub const START: Neuron = Neuron {
    w: [0.0, 1.0],
    b: 0.5,
};

/// The step's two points: one of class 0, one of class 1.
pub fn points() -> Dataset {
    Dataset {
        points: vec![
            LabeledPoint::new(1.0, 3.0, 0),
            LabeledPoint::new(3.0, 1.0, 1),
        ],
        num_classes: 2,
        problem: Problem::Classification,
    }
}

/// The network of one neuron: two inputs, no hidden layer, a bias, sigmoid.
pub fn network() -> ModelConfig {
    ModelConfig {
        hidden: Vec::new(),
        activation: Activation::Sigmoid,
        bias: true,
        ..ModelConfig::tutorial()
    }
}

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State;

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Canvas],
    hide: &[Part::Diagram, Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    example::load(points(), network(), Some(START.to_parameters()), false)
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
