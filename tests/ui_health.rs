//! The training-health banner: it shows the worker's facts in words with their numbers, and
//! its buttons reach the worker (a manual worker: deterministic).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::kittest::Queryable;
use nnviz::data::{Preset, PresetParams, generate};
use nnviz::nn::{Activation, ModelConfig};
use nnviz::ui::PersistedState;

mod common;
use common::{harness, wait_until};

/// The playground's 8,8 network with `activation` at Adam's rate 10 on the spiral.
fn spiral_at_rate_10(activation: Activation) -> PersistedState {
    let mut config = ModelConfig::playground();
    config.activation = activation;
    config.train.learning_rate = 10.0;
    PersistedState {
        dataset: generate(Preset::Spiral, &PresetParams::default()).unwrap(),
        model_config: config,
        ..PersistedState::tutorial()
    }
}

#[test]
fn dead_relus_show_a_banner_whose_reset_lowers_the_rate_and_clears_it() {
    let mut h = harness(spiral_at_rate_10(Activation::Relu));
    wait_until(&mut h, "dead ReLU units", |a| {
        a.health().dead_relu.is_some()
    });
    h.run_steps(2);
    let dead = h.state().health().dead_relu.unwrap();
    assert_eq!(dead.of, 16);
    h.get_by_label_contains(&format!(
        "{} of 16 ReLU units are dead: they output 0 for every training point",
        dead.units
    ));
    let before = h.state().last_stats().unwrap().step;
    assert!(before >= 200);
    h.get_by_label("Reset the weights at rate 0.2").click();
    h.run_steps(2);
    // Applied without training: the new weights are at step 0, the rate is 0.2.
    h.state_mut().advance_worker(0);
    h.run_steps(2);
    let stats = h.state().last_stats().unwrap();
    assert_eq!((stats.step, stats.learning_rate), (0, 0.2));
    assert_eq!(h.state().learning_rate(), 0.2);
    assert!(h.state().health().is_healthy());
    assert!(h.query_by_label_contains("ReLU units are dead").is_none());
}

#[test]
fn an_oscillating_loss_offers_a_lower_rate_that_reaches_the_worker() {
    let mut h = harness(spiral_at_rate_10(Activation::Tanh));
    wait_until(&mut h, "an oscillating loss", |a| a.health().oscillating);
    h.run_steps(2);
    h.get_by_label_contains(
        "The loss swings up and down without going down: the learning rate 10 is too high",
    );
    // Oscillating is not stuck: no reset is offered, only the lower rate (below Adam's 0.5).
    assert!(h.query_by_label("Reset the weights").is_none());
    let step = h.state().last_stats().unwrap().step;
    h.get_by_label("Lower the rate to 0.2").click();
    h.run_steps(2);
    wait_until(&mut h, "rate 0.2 in the worker, the hint gone", |a| {
        a.last_stats().is_some_and(|s| s.learning_rate == 0.2) && !a.health().oscillating
    });
    assert_eq!(h.state().learning_rate(), 0.2);
    // Training went on from the same weights: no reset.
    assert!(h.state().last_stats().unwrap().step > step);
    h.run_steps(2);
    assert!(h.query_by_label_contains("The loss swings").is_none());
}

#[test]
fn dismiss_hides_the_banner_while_the_facts_stay() {
    let mut h = harness(spiral_at_rate_10(Activation::Tanh));
    wait_until(&mut h, "an oscillating loss", |a| a.health().oscillating);
    h.run_steps(2);
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().health().oscillating);
    assert!(h.query_by_label_contains("The loss swings").is_none());
    assert!(h.query_by_label("Lower the rate to 0.2").is_none());
}
