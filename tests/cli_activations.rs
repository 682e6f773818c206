//! `nnviz train --activation` per layer and `--dropout`: the settings they make, the counts
//! they refuse, and what a saved session records.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use nnviz::cli::{TrainArgs, config_from_args};
use nnviz::nn::Activation;

mod common;
use common::{nnviz, nnviz_ok, tmp};

fn args(hidden: &str, activation: Option<&str>, dropout: Option<&str>) -> TrainArgs {
    TrainArgs {
        preset: "xor".into(),
        hidden: Some(hidden.into()),
        activation: activation.map(Into::into),
        dropout: dropout.map(Into::into),
        ..TrainArgs::default()
    }
}

#[test]
fn one_name_sets_all_layers_and_a_list_sets_each() {
    let c = config_from_args(&args("4,4,4", Some("elu"), None)).unwrap();
    assert_eq!(c.activation, Activation::Elu);
    assert!(c.activations.is_empty());
    assert!((0..3).all(|i| c.hidden_activation(i) == Activation::Elu));
    let c = config_from_args(&args("4,4,4", Some("relu, gelu,tanh"), None)).unwrap();
    assert_eq!(
        (0..3).map(|i| c.hidden_activation(i)).collect::<Vec<_>>(),
        [Activation::Relu, Activation::Gelu, Activation::Tanh]
    );
    assert!(c.dropout_rates().iter().all(|&p| p == 0.0));
}

#[test]
fn dropout_takes_one_rate_for_all_or_one_per_layer() {
    let c = config_from_args(&args("8,8", None, Some("0.25"))).unwrap();
    assert_eq!(c.dropout, [0.25, 0.25]);
    let c = config_from_args(&args("8,8", None, Some("0.1,0"))).unwrap();
    assert_eq!(c.dropout_rates(), [0.1, 0.0]);
}

#[test]
fn wrong_counts_and_bad_values_are_refused_naming_them() {
    /// `--hidden`, `--activation`, `--dropout` and what the error must name.
    type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);
    let cases: [Case; 6] = [
        (
            "4,4,4",
            Some("relu,tanh"),
            None,
            &["2", "3", "--activation"],
        ),
        (
            "4",
            Some("relu,tanh,elu"),
            None,
            &["3", "1", "--activation"],
        ),
        ("4,4", None, Some("0.1,0.2,0.3"), &["3", "2", "--dropout"]),
        ("4,4", None, Some("0.1,x"), &["x", "--dropout"]),
        ("4,4", None, Some("0.95"), &["0.95", "0.9"]),
        ("4,4", Some("relu,swish"), None, &["swish"]),
    ];
    for (hidden, act, drop, needles) in cases {
        let e = config_from_args(&args(hidden, act, drop))
            .unwrap_err()
            .to_string();
        for n in needles {
            assert!(e.contains(n), "{hidden} {act:?} {drop:?}: {e}");
        }
    }
}

#[test]
fn the_binary_trains_per_layer_settings_and_saves_them() {
    let saved = tmp("cli-activations", "per-layer.json");
    nnviz_ok(&[
        "train",
        "--preset",
        "xor",
        "--hidden",
        "6,4",
        "--activation",
        "gelu,elu",
        "--dropout",
        "0.2,0",
        "--steps",
        "30",
        "--save",
        saved.to_str().unwrap(),
    ]);
    let session: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(
        session["model"]["activations"],
        serde_json::json!(["gelu", "elu"])
    );
    assert_eq!(session["model"]["dropout"], serde_json::json!([0.2, 0.0]));
    // Continuing the session: it has its own network, so --dropout is refused.
    let again = nnviz(&[
        "train",
        "--session",
        saved.to_str().unwrap(),
        "--dropout",
        "0.5",
        "--steps",
        "1",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--dropout"));
    // A wrong count from the binary: exit 2, one line.
    let wrong = nnviz(&["train", "--hidden", "4,4", "--activation", "relu,tanh,elu"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&wrong.stderr)
            .trim()
            .lines()
            .count(),
        1
    );
}
