//! Step 6, Training: the tutorial's program — 10,000 full-batch steps at learning rate 0.01 —
//! with its `Error:` printout every 100 steps beside the loss curve (the lines are
//! [`error_lines`] of the worker's loss history: the same rule and numbers as `nnviz train`),
//! then the learning rate slider. Tasks: train the 10,000 steps; break training with a too
//! high rate (the loss rises: [`loss_rose`]), then recover ([`loss_recovered`]).

use crate::nn::lesson_steps::{ERROR_EVERY, error_lines, loss_recovered, loss_rose};
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
pub(crate) struct State {
    /// Training broke (the loss rose, or the worker reported divergence) since the step
    /// was entered: kept, as a reset of the weights starts the loss history again.
    broke: bool,
}

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
    vec![
        Task {
            id: "training-run",
            text: tr!("lesson-training-task-run"),
        },
        Task {
            id: "training-diverge",
            text: tr!("lesson-training-task-diverge"),
        },
    ]
}

/// The tasks whose condition holds now.
pub(crate) fn done(cx: &StepCx<'_>, st: &State) -> Vec<&'static str> {
    let mut out = Vec::new();
    let Some(snap) = cx.fresh_snapshot() else {
        return out;
    };
    let lr = cx.state.learning_rate();
    if snap.step >= STEPS && (lr - RATE).abs() < 1e-12 {
        out.push("training-run");
    }
    let losses = cx.link.loss.as_ref().map(|h| h.samples());
    let (first, latest) = match losses {
        Some([first, .., latest]) => (first.loss, latest.loss),
        _ => return out,
    };
    if st.broke && !loss_rose_now(cx) && loss_recovered(first, latest, snap.step, lr) {
        out.push("training-diverge");
    }
    out
}

/// Whether the current run shows a too-high rate: the loss rose, or the worker stopped it.
fn loss_rose_now(cx: &StepCx<'_>) -> bool {
    cx.link.diverged.is_some()
        || cx
            .link
            .loss
            .as_ref()
            .is_some_and(|h| loss_rose(h.samples().iter().map(|s| s.loss)))
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    st.broke |= loss_rose_now(cx);
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
    if st.broke {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tr!("lesson-training-broke", rate = "1"),
        );
        if ui
            .button(tr!("lesson-training-reset"))
            .on_hover_text(tr!("lesson-training-reset-tip"))
            .clicked()
        {
            cx.out.push(Action::ResetWeights);
        }
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
