//! The playground's datasets are learnable with its default settings (fixed seeds).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::{Preset, PresetParams, generate};
use nnviz::nn::{Activation, Model, ModelConfig, Optimizer};

fn train(model: &mut Model, steps: usize) {
    for _ in 0..steps {
        model.step().unwrap();
    }
}

#[test]
fn three_arm_spiral_reaches_95_percent_with_adam() {
    let params = PresetParams {
        points: 300,
        classes: 3,
        test_ratio: 0.0,
        seed: 4,
        ..Default::default()
    };
    let data = generate(Preset::Spiral, &params).unwrap();
    let mut config = ModelConfig::playground();
    config.hidden = vec![16, 16];
    config.activation = Activation::Tanh;
    config.train.optimizer = Optimizer::ADAM;
    let mut model = Model::new(config, &data, 4).unwrap();
    train(&mut model, 5000);
    let acc = model.evaluate().train.unwrap().accuracy();
    assert!(acc >= 0.95, "spiral train accuracy {acc}");
}

#[test]
fn xor_circle_moons_reach_97_percent_test_accuracy_with_the_default_network() {
    for preset in [Preset::Xor, Preset::Circle, Preset::Moons] {
        for seed in 1..=3 {
            let params = PresetParams {
                seed,
                ..Default::default()
            };
            let data = generate(preset, &params).unwrap();
            let mut model = Model::new(ModelConfig::playground(), &data, seed).unwrap();
            train(&mut model, 2000);
            let test = model.evaluate().test.unwrap().accuracy();
            assert!(test >= 0.97, "{preset}, seed {seed}: test accuracy {test}");
        }
    }
}
