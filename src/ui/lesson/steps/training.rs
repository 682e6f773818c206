//! Step 6, Training: the tutorial's program — 10,000 full-batch steps at learning rate 0.01 —
//! with its `Error:` printout every 100 steps beside the loss curve (the lines are
//! [`error_lines`] of the worker's loss history: the same rule and numbers as `nnviz train`),
//! then the learning rate slider. Task: train the 10,000 steps.

use crate::nn::lesson_steps::{ERROR_EVERY, error_lines};
use crate::tr;
use crate::train::Speed;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};
use crate::ui::state::{LEARNING_RATE_RANGE, StopSettings};

/// The tutorial's number of steps.
pub const STEPS: u64 = 10_000;
/// The tutorial's learning rate.
pub const RATE: f64 = 0.01;

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State;

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::LossPlot, Part::Transport],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the tutorial's network at step 0, rate 0.01, stopping after
/// 10,000 steps, paused.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    let mut out = example::tutorial();
    out.push(Action::SetLearningRate(RATE));
    out.push(Action::SetStop(StopSettings {
        steps_on: true,
        max_steps: STEPS,
        ..StopSettings::default()
    }));
    out.push(Action::SetSpeed(Speed::StepsPerSecond(2_000.0)));
    out
}

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![Task {
        id: "training-run",
        text: tr!("lesson-training-task-run"),
    }]
}

/// The tasks whose condition holds now.
pub(crate) fn done(cx: &StepCx<'_>, _st: &State) -> Vec<&'static str> {
    let mut out = Vec::new();
    let Some(snap) = cx.fresh_snapshot() else {
        return out;
    };
    let lr = cx.state.learning_rate();
    if snap.step >= STEPS && (lr - RATE).abs() < 1e-12 {
        out.push("training-run");
    }
    out
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, _st: &mut State) {
    ui.horizontal(|ui| {
        let past = cx.snapshot().is_some_and(|s| s.step >= STEPS);
        let label = if past {
            tr!("lesson-training-run-plain")
        } else {
            tr!("lesson-training-run", steps = "10,000")
        };
        if ui
            .button(label)
            .on_hover_text(tr!("lesson-training-run-tip"))
            .clicked()
        {
            if past {
                // Past the tutorial's 10,000 steps: keep training without a limit.
                cx.out.push(Action::SetStop(StopSettings::default()));
            }
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
    let mut lr = cx.state.learning_rate();
    let slider = egui::Slider::new(&mut lr, LEARNING_RATE_RANGE)
        .logarithmic(true)
        .text(tr!("lesson-training-rate"));
    if ui
        .add(slider)
        .on_hover_text(tr!("lesson-training-rate-tip"))
        .changed()
    {
        cx.out.push(Action::SetLearningRate(lr));
    }
    if let Some(why) = &cx.link.diverged {
        ui.colored_label(ui.visuals().warn_fg_color, why);
    }
    ui.label(tr!("lesson-training-printout"));
    let lines = cx.link.loss.as_ref().map_or_else(Vec::new, |h| {
        error_lines(h.samples().iter().map(|s| (s.step, s.error)), ERROR_EVERY)
    });
    egui::ScrollArea::vertical()
        .id_salt("lesson-training-printout")
        .max_height(ui.available_height() * 0.5)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            for line in &lines {
                ui.monospace(egui::RichText::new(line).small());
            }
        });
}

/// The step's drawing over the canvas (none).
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
