//! Step 7, Prediction: the tutorial's network trained for its 10,000 steps, its map drawn as
//! the tutorial draws it (every pixel the flat colour of its predicted class, the points on
//! top), and "Export picture…" opening the app's own picture export at 500 × 500.
//! Task: export the picture (ticks once a picture was saved).

use crate::tr;
use crate::train::Speed;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};
use crate::ui::parts::files::lesson_hook;
use crate::ui::state::{StopSettings, ViewSettings};

/// The tutorial's picture size.
pub const PICTURE_SIZE: usize = 500;
/// The steps the network is trained for before predicting.
pub const STEPS: u64 = 10_000;

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Pictures saved before "Export picture…" was pressed (`None`: not pressed).
    saved_before: Option<u64>,
    /// A picture was saved since.
    exported: bool,
}

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Canvas],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the tutorial trained 10,000 steps at full speed, drawn with
/// flat class colours.
pub(crate) fn enter(cx: &StepCx<'_>) -> Vec<Action> {
    let mut out = example::tutorial();
    out.push(Action::SetStop(StopSettings {
        steps_on: true,
        max_steps: STEPS,
        ..StopSettings::default()
    }));
    out.push(Action::SetSpeed(Speed::Unlimited));
    out.push(Action::SetViewSettings(ViewSettings {
        discretize: true,
        ..cx.state.view_settings
    }));
    out.push(Action::SetRunning(true));
    out
}

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![Task {
        id: "prediction-export",
        text: tr!("lesson-prediction-task-export"),
    }]
}

/// The tasks whose condition holds now.
pub(crate) fn done(_cx: &StepCx<'_>, st: &State) -> Vec<&'static str> {
    if st.exported {
        vec!["prediction-export"]
    } else {
        Vec::new()
    }
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let step = cx.snapshot().map_or(0, |s| s.step);
    let (step, total) = (step.to_string(), STEPS.to_string());
    ui.label(tr!("lesson-prediction-trained", step = step, total = total));
    if let Some(stats) = &cx.link.stats {
        let acc = format!("{:.0}", stats.train_accuracy * 100.0);
        ui.label(tr!("lesson-prediction-accuracy", percent = acc));
    }
    if ui
        .button(tr!("lesson-prediction-export"))
        .on_hover_text(tr!("lesson-prediction-export-tip", size = PICTURE_SIZE))
        .clicked()
    {
        st.saved_before = Some(lesson_hook::pngs_saved(ui.ctx()));
        lesson_hook::request_png_export(ui.ctx(), PICTURE_SIZE);
    }
    if let Some(before) = st.saved_before
        && lesson_hook::pngs_saved(ui.ctx()) > before
    {
        st.exported = true;
    }
}

/// The step's drawing over the canvas (none: the canvas is the picture).
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
