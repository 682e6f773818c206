//! The lesson panel's frame: leave, step k of 8 and the jump list, Previous / Next, the
//! step's title, text, controls and tasks, and "Reset this step's example".

use super::{LessonStep, StepCx, steps};
use crate::tr;
use crate::ui::action::Action;
use crate::ui::shortcuts::{Shortcut, key_text};
use egui::{Color32, Sense, Stroke, vec2};

/// Draws the panel for `step`; returns whether "Reset this step's example" was clicked.
pub(super) fn panel_ui(
    ui: &mut egui::Ui,
    step: LessonStep,
    cx: &mut StepCx<'_>,
    states: &mut steps::StepStates,
) -> bool {
    let progress = &cx.state.lesson;
    let key = key_text(ui.ctx(), Shortcut::ToggleLesson);
    ui.horizontal(|ui| {
        ui.heading(tr!("lesson-heading"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(tr!("lesson-leave", key = key.clone()))
                .on_hover_text(tr!("lesson-leave-tip", key = key.clone()))
                .clicked()
            {
                cx.out.push(Action::SetLesson(progress.closed()));
            }
        });
    });
    ui.horizontal(|ui| {
        let (n, count) = (step.number(), LessonStep::COUNT);
        ui.label(tr!("lesson-step-of", n = n, count = count));
        let chosen = egui::ComboBox::from_id_salt("lesson-jump")
            .selected_text(tr!("lesson-jump"))
            .width(ui.available_width() - 8.0)
            .show_ui(ui, |ui| {
                let mut chosen = None;
                for s in LessonStep::ALL {
                    let (n, title) = (s.number(), s.title());
                    let text = tr!("lesson-step-item", n = n, title = title);
                    if ui.selectable_label(s == step, text).clicked() {
                        chosen = Some(s);
                    }
                }
                chosen
            });
        chosen.response.on_hover_text(tr!("lesson-jump-tip"));
        if let Some(s) = chosen.inner.flatten().filter(|&s| s != step) {
            cx.out.push(Action::SetLesson(progress.opened_at(s)));
        }
    });
    ui.horizontal(|ui| {
        let previous = step.previous();
        if ui
            .add_enabled(
                previous.is_some(),
                egui::Button::new(tr!("lesson-previous")),
            )
            .on_hover_text(tr!("lesson-previous-tip"))
            .clicked()
            && let Some(s) = previous
        {
            cx.out.push(Action::SetLesson(progress.opened_at(s)));
        }
        let next = step.next();
        if ui
            .add_enabled(next.is_some(), egui::Button::new(tr!("lesson-next")))
            .on_hover_text(tr!("lesson-next-tip"))
            .clicked()
            && let Some(s) = next
        {
            cx.out.push(Action::SetLesson(progress.opened_at(s)));
        }
    });
    ui.separator();
    let mut reset = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(step.title()).strong().size(17.0));
            ui.add_space(4.0);
            ui.label(step.text());
            ui.add_space(6.0);
            steps::step_ui(step, ui, cx, states);
            ui.add_space(8.0);
            tasks_ui(ui, step, cx);
            ui.add_space(8.0);
            reset = ui
                .button(tr!("lesson-reset"))
                .on_hover_text(tr!("lesson-reset-tip"))
                .clicked();
        });
    reset
}

/// The step's tasks, each with a box that is ticked once the task is done.
fn tasks_ui(ui: &mut egui::Ui, step: LessonStep, cx: &StepCx<'_>) {
    let tasks = steps::tasks(step);
    if tasks.is_empty() {
        return;
    }
    ui.label(egui::RichText::new(tr!("lesson-tasks")).strong());
    for task in tasks {
        let done = cx.state.lesson.is_ticked(task.id);
        ui.horizontal_top(|ui| {
            let (rect, resp) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
            let p = ui.painter();
            let green = Color32::from_rgb(40, 150, 70);
            p.rect_stroke(
                rect.shrink(1.0),
                3.0,
                Stroke::new(1.5, if done { green } else { Color32::GRAY }),
                egui::StrokeKind::Inside,
            );
            if done {
                let (a, b, c) = (
                    rect.left_center() + vec2(3.5, 0.5),
                    rect.center_bottom() + vec2(-1.0, -4.0),
                    rect.right_top() + vec2(-3.0, 3.5),
                );
                p.line_segment([a, b], Stroke::new(2.2, green));
                p.line_segment([b, c], Stroke::new(2.2, green));
            }
            let state = if done {
                tr!("lesson-task-done")
            } else {
                tr!("lesson-task-open")
            };
            resp.on_hover_text(state);
            let mut text = egui::RichText::new(&task.text);
            if done {
                text = text.color(green);
            }
            ui.add(egui::Label::new(text).wrap());
        });
    }
}
