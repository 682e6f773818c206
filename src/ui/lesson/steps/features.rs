//! Step 8, Features are learned: a deeper network (2-8-8-8 tanh with biases, normalised
//! inputs, Adam — the playground's choices) learns the two-armed spiral live. The diagram's
//! unit maps show simple first-layer maps (lines) and more complex later ones; the hidden
//! space (View ▸ Hidden space, `H`) shows the classes coming apart.
//! Tasks: open the hidden space; train until the test accuracy reaches 90 %.

use crate::data::{Dataset, Preset, PresetParams, generate};
use crate::nn::ModelConfig;
use crate::tr;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};
use crate::ui::message::MessageKind;

/// The test accuracy the second task asks for.
pub const TARGET_ACCURACY: f64 = 0.9;

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State;

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Diagram, Part::Canvas],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// The step's points: a two-class spiral with test points held out.
pub fn points() -> Result<Dataset, crate::data::DataError> {
    generate(
        Preset::Spiral,
        &PresetParams {
            points: 300,
            classes: 2,
            seed: 1,
            ..PresetParams::default()
        },
    )
}

/// The step's network: three tanh layers of 8 on the playground's settings.
pub fn network() -> ModelConfig {
    ModelConfig {
        hidden: vec![8, 8, 8],
        ..ModelConfig::playground()
    }
}

/// Sets up the step's example: the spiral and the deeper network, paused (the learner
/// starts it, and so earns the accuracy task).
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    match points() {
        Ok(points) => example::load(points, network(), None, false),
        Err(e) => vec![Action::Post(MessageKind::Warning, e.to_string())],
    }
}

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![
        Task {
            id: "features-hidden-space",
            text: tr!("lesson-features-task-space"),
        },
        Task {
            id: "features-accuracy",
            text: tr!("lesson-features-task-accuracy"),
        },
    ]
}

/// The tasks whose condition holds now.
pub(crate) fn done(cx: &StepCx<'_>, _st: &State) -> Vec<&'static str> {
    let mut out = Vec::new();
    if cx.inside.hidden_space().open {
        out.push("features-hidden-space");
    }
    let fresh = cx.fresh_snapshot().is_some();
    let deep = cx.state.model_config.hidden.len() >= 3;
    if fresh
        && deep
        && let Some(acc) = cx.link.stats.as_ref().and_then(|s| s.test_accuracy)
        && acc >= TARGET_ACCURACY
    {
        out.push("features-accuracy");
    }
    out
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, _st: &mut State) {
    ui.horizontal(|ui| {
        if ui
            .button(tr!("lesson-training-run-plain"))
            .on_hover_text(tr!("lesson-training-run-tip"))
            .clicked()
        {
            cx.out.push(Action::SetRunning(true));
        }
        if ui
            .button(tr!("lesson-training-pause"))
            .on_hover_text(tr!("lesson-training-pause-tip"))
            .clicked()
        {
            cx.out.push(Action::SetRunning(false));
        }
    });
    if let Some(stats) = &cx.link.stats {
        let step = stats.step.to_string();
        let acc = stats
            .test_accuracy
            .map_or_else(|| "–".to_owned(), |a| format!("{:.0}", a * 100.0));
        ui.label(tr!("lesson-features-progress", step = step, percent = acc));
    }
    ui.label(egui::RichText::new(tr!("lesson-features-look")).small());
}

/// The step's drawing over the canvas (none).
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
