//! Sessions with per-layer activations and dropout: they round-trip and train on alike,
//! files from before them load unchanged, and their lists are bounded and checked.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use nnviz::data::Dataset;
use nnviz::nn::{Activation, Model, ModelConfig};
use nnviz::session::Session;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn per_layer_config() -> ModelConfig {
    let mut c = ModelConfig::playground();
    c.hidden = vec![8, 6, 4];
    c.activations = vec![Activation::Gelu, Activation::Elu, Activation::Relu];
    c.dropout = vec![0.3, 0.0, 0.1];
    c
}

#[test]
fn per_layer_activations_and_dropout_round_trip_and_train_on_alike() {
    let d = Dataset::seed();
    let mut model = Model::new(per_layer_config(), &d, 7).unwrap();
    for _ in 0..10 {
        model.step().unwrap();
    }
    let s = Session::from_model(&model, &d, 7);
    let text = s.to_json_string().unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["model"]["activations"],
        serde_json::json!(["gelu", "elu", "relu"])
    );
    assert_eq!(v["model"]["dropout"], serde_json::json!([0.3, 0.0, 0.1]));
    let back = Session::from_json_str(&text).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.model, per_layer_config());
    let mut loaded = back.to_model().unwrap();
    let acts: Vec<_> = loaded.mlp().layers.iter().map(|l| l.activation).collect();
    assert_eq!(
        acts,
        [
            Activation::Gelu,
            Activation::Elu,
            Activation::Relu,
            Activation::Softmax
        ]
    );
    assert_eq!(loaded.mlp(), model.mlp());
    // Both train on with dropout: the loaded trainer starts its own mask stream from the
    // session's seed, so only the settings, not the masks, are the same as the original's.
    let stats = loaded.step().unwrap();
    assert!(stats.loss.is_finite());
    assert_eq!(loaded.config().dropout_rates(), [0.3, 0.0, 0.1]);
}

#[test]
fn files_without_the_new_fields_load_unchanged() {
    // Older versions of the format.
    for name in ["session_v1.json", "session_v2.json"] {
        let s = Session::load(fixture(name)).unwrap();
        assert!(s.model.activations.is_empty(), "{name}");
        assert!(s.model.dropout.is_empty(), "{name}");
        let model = s.to_model().unwrap();
        let a = s.model.activation;
        assert!(
            model.mlp().layers[..model.mlp().layers.len() - 1]
                .iter()
                .all(|l| l.activation == a),
            "{name}"
        );
    }
    // A current file from before the fields existed: the writer leaves them out when empty,
    // and a file without them reads back the same.
    let d = Dataset::seed();
    let model = Model::new(ModelConfig::playground(), &d, 1).unwrap();
    let s = Session::from_model(&model, &d, 1);
    let text = s.to_json_string().unwrap();
    assert!(!text.contains("\"activations\"") && !text.contains("\"dropout\""));
    assert_eq!(Session::from_json_str(&text).unwrap(), s);
    // Removing them from a file that has them gives the all-layers network, no dropout.
    let with = Model::new(per_layer_config(), &d, 1).unwrap();
    let mut v: Value =
        serde_json::from_str(&Session::from_model(&with, &d, 1).to_json_string().unwrap()).unwrap();
    let m = v["model"].as_object_mut().unwrap();
    m.remove("activations");
    m.remove("dropout");
    // The weights still fit (the shapes are the same); the activation is the all-layers one.
    let s = Session::from_json_str(&v.to_string()).unwrap();
    assert_eq!(s.model.hidden_activation(0), Activation::Tanh);
    assert_eq!(s.model.dropout_rates(), [0.0, 0.0, 0.0]);
}

fn refused(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let d = Dataset::seed();
    let model = Model::new(per_layer_config(), &d, 1).unwrap();
    let mut v: Value =
        serde_json::from_str(&Session::from_model(&model, &d, 1).to_json_string().unwrap())
            .unwrap();
    edit(v["model"].as_object_mut().unwrap());
    match Session::from_json_str(&v.to_string()) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_lists_and_rates_are_refused() {
    let e = refused(|m| {
        m.insert("dropout".into(), serde_json::json!(vec![0.1; 100_000]));
    });
    assert!(e.contains("dropout rates"), "{e}");
    let e = refused(|m| {
        m.insert("activations".into(), serde_json::json!(vec!["relu"; 9]));
    });
    assert!(e.contains("activations"), "{e}");
    let e = refused(|m| {
        m.insert("dropout".into(), serde_json::json!([0.3, 0.95, 0.1]));
    });
    assert!(e.contains("0.95"), "{e}");
    let e = refused(|m| {
        m.insert(
            "activations".into(),
            serde_json::json!(["relu", "relu", "relu", "relu"]),
        );
    });
    assert!(e.contains('4') && e.contains('3'), "{e}");
    let e = refused(|m| {
        m.insert("activations".into(), serde_json::json!(["swish"]));
    });
    assert!(e.contains("swish"), "{e}");
}
