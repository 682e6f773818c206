//! The playground's datasets are learnable with its default settings (fixed seeds).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use nnviz::nn::Model;

fn train(model: &mut Model, steps: usize) {
    for _ in 0..steps {
        model.step().unwrap();
    }
}

#[test]
fn three_arm_spiral_reaches_95_percent_with_adam() {
    let (mut model, _) = common::quality_spiral();
    train(&mut model, 5000);
    let acc = model.evaluate().train.unwrap().accuracy();
    assert!(acc >= 0.95, "spiral train accuracy {acc}");
}

#[test]
fn xor_circle_moons_reach_97_percent_test_accuracy_with_the_default_network() {
    for (preset, seed, mut model, _) in common::quality_preset_runs() {
        train(&mut model, 2000);
        let test = model.evaluate().test.unwrap().accuracy();
        assert!(test >= 0.97, "{preset}, seed {seed}: test accuracy {test}");
    }
}
