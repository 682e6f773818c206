//! Headless UI tests (egui_kittest) of the optimiser and schedule choices in the training
//! section: RMSProp, Nesterov and a cosine schedule reach the worker's training settings,
//! and the loss plot then shows the learning rate with its own legend entry.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::nn::{LrSchedule, Optimizer, Schedule};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{harness, wait_until};

fn click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
}

/// The legend entry of the rate line (a label, unlike the slider of the same words).
const RATE_LEGEND: &str = "Learning rate (right axis)";

#[test]
fn rmsprop_nesterov_and_a_cosine_schedule_reach_the_worker_and_the_plot_shows_the_rate() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a loss history", |a| {
        a.loss_history().is_some_and(|l| l.samples().len() > 2)
    });
    assert!(
        h.query_by_label(RATE_LEGEND).is_none(),
        "a constant rate is not drawn"
    );
    // The steps so far used the base rate, and say so.
    let first = h.state().loss_history().unwrap().samples()[1];
    assert_eq!(first.lr, Some(0.01));

    click(&mut h, "RMSProp");
    wait_until(&mut h, "the worker uses RMSProp", |a| {
        a.last_stats()
            .is_some_and(|s| s.train.optimizer == Optimizer::RMSPROP)
    });
    h.get_by_role_and_label(Role::Slider, "RMSProp ρ")
        .set_value_accesskit(0.8);
    h.run_steps(2);
    wait_until(&mut h, "ρ 0.8", |a| {
        a.last_stats().is_some_and(|s| {
            s.train.optimizer
                == Optimizer::RmsProp {
                    rho: 0.8,
                    eps: 1e-8,
                }
        })
    });

    click(&mut h, "Nesterov");
    wait_until(&mut h, "the worker uses Nesterov", |a| {
        a.last_stats()
            .is_some_and(|s| s.train.optimizer == Optimizer::NESTEROV)
    });
    h.get_by_role_and_label(Role::Slider, "Momentum β")
        .set_value_accesskit(0.5);
    h.run_steps(2);
    wait_until(&mut h, "Nesterov β 0.5", |a| {
        a.last_stats()
            .is_some_and(|s| s.train.optimizer == Optimizer::Nesterov { beta: 0.5 })
    });

    // The schedule combo shows the current shape; open it and pick cosine.
    h.get_by_value("constant").click_accesskit();
    h.run_steps(2);
    click(&mut h, "cosine");
    let cosine = LrSchedule {
        kind: Schedule::Cosine {
            period: 10_000,
            min_factor: 0.1,
        },
        warmup: 0,
    };
    wait_until(&mut h, "the worker uses the cosine schedule", |a| {
        a.last_stats().is_some_and(|s| s.train.schedule == cosine)
    });
    assert_eq!(
        h.state().persisted().model_config.train.schedule,
        cosine,
        "the choice is kept in the app's settings"
    );
    // Its parameters and the warm-up are fields named by their labels.
    h.get_by_role_and_label(Role::SpinButton, "period (steps)")
        .set_value_accesskit(100_000.0);
    h.run_steps(2);
    h.get_by_role_and_label(Role::SpinButton, "warm-up (steps)")
        .set_value_accesskit(50.0);
    h.run_steps(2);
    let cosine = LrSchedule {
        kind: Schedule::Cosine {
            period: 100_000,
            min_factor: 0.1,
        },
        warmup: 50,
    };
    wait_until(&mut h, "period 100000, warm-up 50", |a| {
        a.last_stats().is_some_and(|s| s.train.schedule == cosine)
    });
    // A few hundred more steps: the newest sample's rate is the cosine's after the warm-up,
    // by hand: 0.01 · (0.1 + 0.9 · (1 + cos(π (k − 50) / 100000)) / 2).
    let start = h.state().loss_history().unwrap().last().unwrap().step;
    wait_until(&mut h, "steps with the schedule", |a| {
        a.loss_history()
            .and_then(|l| l.last())
            .is_some_and(|s| s.step > start + 400)
    });
    h.run_steps(2);
    let last = *h.state().loss_history().unwrap().last().unwrap();
    let k = last.step as f64;
    assert!((50.0..100_050.0).contains(&k), "step {k} is in the cosine");
    let want = 0.01 * (0.1 + 0.45 * (1.0 + (std::f64::consts::PI * (k - 50.0) / 100_000.0).cos()));
    let got = last.lr.unwrap();
    assert!((got - want).abs() < 1e-15, "step {k}: {got} vs {want}");
    assert!(got < 0.01, "the rate came down");
    assert!(
        h.query_by_label(RATE_LEGEND).is_some(),
        "the loss plot names the rate line"
    );

    // The base rate still moves live under the schedule.
    h.get_by_role_and_label(Role::Slider, "Learning rate")
        .set_value_accesskit(0.2);
    h.run_steps(2);
    wait_until(&mut h, "base rate 0.2 with the cosine", |a| {
        a.last_stats()
            .is_some_and(|s| (s.learning_rate - 0.2).abs() < 1e-9 && s.train.schedule == cosine)
    });
}
