//! Own data gets the playground's defaults (issue 13): `nnviz train --data` starts from the
//! network the generated presets get, options given explicitly still win, and the seed preset
//! keeps the tutorial's network (its output is the tutorial's, byte for byte).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use clap::Parser;
use nnviz::cli::{Cli, Command, TrainArgs, config_from_args};
use nnviz::nn::{Init, ModelConfig, UpdateOrder};

mod common;
use common::nnviz;

fn train_args(args: &[&str]) -> TrainArgs {
    let mut all = vec!["nnviz", "train"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Some(Command::Train(t)) => *t,
        _ => panic!("not train"),
    }
}

fn config(args: &[&str]) -> ModelConfig {
    config_from_args(&train_args(args)).unwrap()
}

#[test]
fn data_starts_from_the_playground_network() {
    let own = config(&["--data", "points.csv"]);
    assert_eq!(own, ModelConfig::playground());
    assert!(own.bias && own.normalize);
    assert_eq!(own.init, Init::Xavier);
    assert_eq!(own.train.update_order, UpdateOrder::Textbook);
    // The same network a generated preset gets.
    assert_eq!(own, config(&["--preset", "moons"]));
}

#[test]
fn explicit_options_still_win_over_own_data_defaults() {
    let c = config(&["--data", "points.csv", "--no-bias"]);
    assert!(!c.bias);
    assert_eq!(
        c,
        ModelConfig {
            bias: false,
            ..ModelConfig::playground()
        }
    );
    let c = config(&["--data", "points.csv", "--no-normalize"]);
    assert_eq!(
        c,
        ModelConfig {
            normalize: false,
            ..ModelConfig::playground()
        }
    );
    let c = config(&["--data", "points.csv", "--update-order", "tutorial"]);
    assert_eq!(c.train.update_order, UpdateOrder::Tutorial);
    let mut expected = ModelConfig::playground();
    expected.train.update_order = UpdateOrder::Tutorial;
    assert_eq!(c, expected);
    // All three at once, with the tutorial's shape: the tutorial's network on own data.
    let c = config(&[
        "--data",
        "points.csv",
        "--no-bias",
        "--no-normalize",
        "--update-order",
        "tutorial",
        "--hidden",
        "4",
        "--activation",
        "sigmoid",
        "--init",
        "uniform",
        "--loss",
        "sse",
        "--optimizer",
        "sgd",
        "--lr",
        "0.01",
    ]);
    assert_eq!(c, ModelConfig::tutorial());
}

#[test]
fn the_seed_preset_keeps_the_tutorials_network() {
    assert_eq!(config(&[]), ModelConfig::tutorial());
    assert_eq!(config(&["--preset", "seed"]), ModelConfig::tutorial());
    // Its output is the tutorial's, byte for byte, with every tutorial option spelled out.
    let default = nnviz(&["train", "--steps", "500"]);
    assert!(default.status.success());
    let spelled = nnviz(&[
        "train",
        "--steps",
        "500",
        "--preset",
        "seed",
        "--hidden",
        "4",
        "--activation",
        "sigmoid",
        "--no-bias",
        "--no-normalize",
        "--init",
        "uniform",
        "--loss",
        "sse",
        "--optimizer",
        "sgd",
        "--lr",
        "0.01",
        "--update-order",
        "tutorial",
    ]);
    assert!(spelled.status.success());
    assert_eq!(default.stdout, spelled.stdout);
    let text = String::from_utf8(default.stdout).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("Error:")).count(), 5);
}

#[test]
fn own_data_defaults_combine_with_per_layer_activations_and_dropout() {
    use nnviz::nn::Activation;
    let c = config(&[
        "--data",
        "points.csv",
        "--activation",
        "gelu,elu",
        "--dropout",
        "0.1",
    ]);
    // The playground's network, with the chosen activations and dropout on its two layers.
    assert!(c.bias && c.normalize);
    assert_eq!(c.hidden, [8, 8]);
    assert_eq!(c.hidden_activation(0), Activation::Gelu);
    assert_eq!(c.hidden_activation(1), Activation::Elu);
    assert_eq!(c.dropout_of(1), 0.1);
    assert_eq!(c.train.update_order, UpdateOrder::Textbook);
}
