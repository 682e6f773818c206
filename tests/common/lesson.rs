//! Helpers of the lesson's tests: the app opened at a step, its progress, clicks by label.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use super::{harness, settle};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::ui::lesson::{LessonProgress, LessonStep};
use nnviz::ui::{NnvizApp, PersistedState};

/// The app (tutorial state, paused) with the lesson open at `step` and the step's example
/// applied by the worker.
pub fn at_step(step: LessonStep) -> Harness<'static, NnvizApp> {
    let mut h = harness(PersistedState {
        running: false,
        lesson: LessonProgress::default().opened_at(step),
        ..PersistedState::tutorial()
    });
    settle(&mut h);
    settle(&mut h);
    h
}

/// The lesson's persisted progress.
pub fn lesson<'a>(h: &'a Harness<'_, NnvizApp>) -> &'a LessonProgress {
    &h.state().persisted().lesson
}

/// Clicks the widget labelled `label` and runs two frames.
pub fn click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

/// Lets the worker apply everything and runs a few frames (tasks are checked each frame).
pub fn settle_frames(h: &mut Harness<'_, NnvizApp>) {
    for _ in 0..3 {
        settle(h);
    }
}

/// Whether the lesson's task `id` is ticked.
pub fn ticked(h: &Harness<'_, NnvizApp>, id: &str) -> bool {
    lesson(h).is_ticked(id)
}
