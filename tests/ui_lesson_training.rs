//! Lesson step 6, Training (egui_kittest): "Train 10,000 steps" runs the tutorial's program
//! and the step's `Error:` printout equals `nnviz train`'s lines for the same seed; raising
//! the rate slider blows training up and resetting the example recovers it.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::lesson_steps::{ERROR_EVERY, error_lines};
use nnviz::ui::NnvizApp;
use nnviz::ui::lesson::LessonStep;

mod common;
use common::lesson::{at_step, click, ticked};
use common::{nnviz_ok, settle, wait_until};

type H = Harness<'static, NnvizApp>;

fn step_of(a: &NnvizApp) -> u64 {
    a.heatmap().map_or(0, |f| f.model.step)
}

/// The `Error:` lines of the app's loss history, by the rule the step shows them with.
fn app_lines(h: &H) -> Vec<String> {
    let history = h.state().loss_history().unwrap();
    error_lines(
        history.samples().iter().map(|s| (s.step, s.error)),
        ERROR_EVERY,
    )
}

#[test]
fn the_printout_equals_the_clis_lines_and_the_rate_slider_sets_the_rate() {
    let mut h = at_step(LessonStep::Training);
    // The live parts: the loss plot and the transport bar, framed; the rate 0.01.
    assert_eq!(h.state().persisted().learning_rate(), 0.01);
    assert!(
        h.query_by_label_contains("The tutorial's printout")
            .is_some()
    );
    assert!(
        !ticked(&h, "training-run"),
        "ticked before anything was done"
    );
    click(&mut h, "Train 10,000 steps");
    wait_until(&mut h, "10,000 steps", |a| step_of(a) >= 10_000);
    settle(&mut h);
    h.run_steps(2);
    assert_eq!(
        step_of(h.state()),
        10_000,
        "stopped at the tutorial's count"
    );
    assert!(ticked(&h, "training-run"));

    // The same 100 lines as `nnviz train` (seed 1, 10,000 steps, every 100).
    let out = nnviz_ok(&["train", "--no-progress"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let cli: Vec<&str> = stdout.lines().filter(|l| l.starts_with("Error:")).collect();
    assert_eq!(cli.len(), 100);
    assert_eq!(app_lines(&h), cli);
    // The newest line is on screen (the printout follows the run).
    assert!(h.query_by_label(cli[99]).is_some());

    // The rate slider reaches the app's rate.
    h.get_all_by_role_and_label(Role::Slider, "Learning rate")
        .next()
        .unwrap()
        .set_value_accesskit(0.1);
    h.run_steps(2);
    assert_eq!(h.state().persisted().learning_rate(), 0.1);
}

#[test]
fn a_too_high_rate_breaks_training_and_new_weights_at_a_low_rate_recover_it() {
    let mut h = at_step(LessonStep::Training);
    let set_rate = |h: &mut H, lr: f64| {
        h.get_all_by_role_and_label(Role::Slider, "Learning rate")
            .next()
            .unwrap()
            .set_value_accesskit(lr);
        h.run_steps(2);
    };
    // The lesson's slider goes past the usual rates: at 30 the sigmoids saturate.
    set_rate(&mut h, 30.0);
    assert_eq!(h.state().persisted().learning_rate(), 30.0);
    click(&mut h, "Train 10,000 steps");
    wait_until(&mut h, "training breaks", |a| step_of(a) >= 2_000);
    settle(&mut h);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Training broke").is_some(),
        "the step says training broke"
    );
    assert!(
        !ticked(&h, "training-diverge"),
        "broken is not yet recovered"
    );
    // Lowering the rate alone leaves the saturated weights stuck: not recovered.
    set_rate(&mut h, 0.5);
    let at = step_of(h.state());
    wait_until(&mut h, "more steps", |a| step_of(a) >= at + 500);
    settle(&mut h);
    h.run_steps(2);
    assert!(!ticked(&h, "training-diverge"), "still stuck at 0.5");
    // New weights at the low rate: the error falls again.
    click(&mut h, "New weights");
    if h.query_by_label("Train 10,000 steps").is_some() {
        click(&mut h, "Train 10,000 steps");
    }
    wait_until(&mut h, "recovered", |a| step_of(a) >= 500);
    settle(&mut h);
    h.run_steps(2);
    assert!(ticked(&h, "training-diverge"));
}
