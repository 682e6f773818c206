//! The learning-rate schedule's controls in the training section: a combo of the shapes,
//! the chosen shape's parameters and the warm-up.
//!
//! They edit the schedule of a [`TrainConfig`] in place; the training section sends it with
//! everything else as one [`Action::SetTrainConfig`](super::super::action::Action), so a
//! change reaches the worker live (the base rate stays the slider's).

use crate::nn::{LrSchedule, Schedule, TrainConfig};
use crate::tr;
use egui::vec2;

/// The shape's name as the combo shows it.
pub(crate) fn schedule_label(s: Schedule) -> String {
    match s {
        Schedule::Constant => tr!("schedule-constant"),
        Schedule::StepDecay { .. } => tr!("schedule-step"),
        Schedule::Exponential { .. } => tr!("schedule-exp"),
        Schedule::Cosine { .. } => tr!("schedule-cosine"),
    }
}

fn schedule_tip(s: Schedule) -> String {
    match s {
        Schedule::Constant => tr!("schedule-constant-tip"),
        Schedule::StepDecay { .. } => tr!("schedule-step-tip"),
        Schedule::Exponential { .. } => tr!("schedule-exp-tip"),
        Schedule::Cosine { .. } => tr!("schedule-cosine-tip"),
    }
}

/// The schedule combo, then (for a shape other than constant) its parameters, and the
/// warm-up, each with a tooltip.
pub(crate) fn schedule_options_ui(ui: &mut egui::Ui, t: &mut TrainConfig) {
    let s = &mut t.schedule;
    ui.horizontal(|ui| {
        ui.label(tr!("training-schedule"))
            .on_hover_text(tr!("training-schedule-tip"));
        egui::ComboBox::from_id_salt("lr_schedule")
            .selected_text(schedule_label(s.kind))
            .show_ui(ui, |ui| {
                for kind in Schedule::ALL {
                    let same = std::mem::discriminant(&s.kind) == std::mem::discriminant(&kind);
                    if ui
                        .selectable_label(same, schedule_label(kind))
                        .on_hover_text(schedule_tip(kind))
                        .clicked()
                        && !same
                    {
                        s.kind = kind;
                    }
                }
            })
            .response
            .on_hover_text(schedule_tip(s.kind));
    });
    if s.kind == Schedule::Constant && s.warmup == 0 {
        // Nothing more to set: keep the section short (the warm-up shows once a shape is
        // chosen, or when a loaded session has one).
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        parameters_ui(ui, s);
        steps_ui(
            ui,
            &mut s.warmup,
            0,
            tr!("training-warmup"),
            tr!("training-warmup-tip"),
        );
    });
}

fn parameters_ui(ui: &mut egui::Ui, s: &mut LrSchedule) {
    match &mut s.kind {
        Schedule::Constant => {}
        Schedule::StepDecay { every, factor } => {
            steps_ui(
                ui,
                every,
                1,
                tr!("training-schedule-every"),
                tr!("training-schedule-every-tip"),
            );
            factor_ui(
                ui,
                factor,
                0.01,
                tr!("training-schedule-factor"),
                tr!("training-schedule-factor-tip"),
            );
        }
        Schedule::Exponential { decay } => {
            factor_ui(
                ui,
                decay,
                0.9,
                tr!("training-schedule-decay"),
                tr!("training-schedule-decay-tip"),
            );
        }
        Schedule::Cosine { period, min_factor } => {
            steps_ui(
                ui,
                period,
                1,
                tr!("training-schedule-period"),
                tr!("training-schedule-period-tip"),
            );
            factor_ui(
                ui,
                min_factor,
                0.0,
                tr!("training-schedule-min"),
                tr!("training-schedule-min-tip"),
            );
        }
    }
}

/// A labelled step count from `min` to a million (the label names the field for screen
/// readers, too).
fn steps_ui(ui: &mut egui::Ui, v: &mut u64, min: u64, label: String, tip: String) {
    let name = ui.label(label).on_hover_text(tip.clone());
    ui.add(egui::DragValue::new(v).range(min..=1_000_000).speed(10.0))
        .labelled_by(name.id)
        .on_hover_text(tip);
}

/// A labelled factor from `min` to 1.
fn factor_ui(ui: &mut egui::Ui, v: &mut f64, min: f64, label: String, tip: String) {
    let name = ui.label(label).on_hover_text(tip.clone());
    ui.add(
        egui::DragValue::new(v)
            .range(min..=1.0)
            .speed(0.001)
            .max_decimals(4),
    )
    .labelled_by(name.id)
    .on_hover_text(tip);
}
