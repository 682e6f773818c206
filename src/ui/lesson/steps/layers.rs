//! Step 3, Layers: the tutorial's 2-4-1 network in the diagram with its hidden units' maps,
//! the connections counted (2·4 + 4·1 = 12), and buttons that add or remove a hidden unit
//! through the network editor's action ([`Action::ReplaceModel`]).
//! Task: add a hidden unit and see the count change.

use crate::nn::neuron::connection_formula;
use crate::tr;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};

/// The step's runtime state.
#[derive(Debug, Default)]
pub(crate) struct State;

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Diagram],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the tutorial's points and 2-4-1 network, paused.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    example::tutorial()
}

/// Id of the task "add a hidden unit".
pub const TASK_ADD_UNIT: &str = "layers-add-unit";

/// Hidden units of the tutorial's network.
const TUTORIAL_UNITS: usize = 4;

/// Most hidden units the step's buttons give.
const MAX_UNITS: usize = 8;

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![Task {
        id: TASK_ADD_UNIT,
        text: tr!("lesson-layers-task-add"),
    }]
}

/// The layer sizes of the worker's network, input first.
fn sizes(cx: &StepCx<'_>) -> Option<Vec<usize>> {
    cx.snapshot().map(|s| s.mlp.sizes())
}

/// The tasks whose condition holds now: the worker's network has a hidden layer wider than
/// the tutorial's, so more connections.
pub(crate) fn done(cx: &StepCx<'_>, _st: &State) -> Vec<&'static str> {
    let grown = cx.fresh_snapshot().is_some_and(|s| {
        let sizes = s.mlp.sizes();
        sizes.len() == 3 && sizes[1] > TUTORIAL_UNITS
    });
    if grown {
        vec![TASK_ADD_UNIT]
    } else {
        Vec::new()
    }
}

/// The count of connections and the buttons that change the hidden layer.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, _st: &mut State) {
    let Some(sizes) = sizes(cx) else {
        return;
    };
    let text = sizes
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("-");
    ui.label(tr!("lesson-layers-shape", shape = text));
    let formula = connection_formula(&sizes);
    ui.label(
        egui::RichText::new(tr!("lesson-layers-count", formula = formula))
            .monospace()
            .strong(),
    );
    if cx.state.model_config.bias {
        let biases: usize = sizes.iter().skip(1).sum();
        ui.label(tr!("lesson-layers-biases", biases = biases));
    }
    let config = &cx.state.model_config;
    let units = config.hidden.first().copied().unwrap_or(0);
    ui.horizontal(|ui| {
        let mut change = None;
        if ui
            .add_enabled(
                units < MAX_UNITS && config.hidden.len() == 1,
                egui::Button::new(tr!("lesson-layers-add")),
            )
            .on_hover_text(tr!("lesson-layers-add-tip"))
            .clicked()
        {
            change = Some(units + 1);
        }
        if ui
            .add_enabled(
                units > 1 && config.hidden.len() == 1,
                egui::Button::new(tr!("lesson-layers-remove")),
            )
            .on_hover_text(tr!("lesson-layers-remove-tip"))
            .clicked()
        {
            change = Some(units - 1);
        }
        if let Some(n) = change {
            let mut c = config.clone();
            c.hidden = vec![n];
            let classes = cx.state.dataset.num_classes;
            let network = crate::ui::parts::network::describe_network(&c, classes);
            cx.out.push(Action::ReplaceModel {
                config: Box::new(c),
                message: tr!("lesson-layers-changed", network = network),
            });
        }
    });
}

/// Nothing over the canvas.
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
