//! Unit tests of the model: explained deltas against the trainer's weight changes, and the own-data rule.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use super::*;
use crate::nn::explain::backward_in_order;
use nalgebra::DVector;

/// Largest difference between the trainer's weight change of each layer and
/// `lr · Σ_points a_prevᵀ · D` from the explained deltas (weights and biases).
fn worst_mismatch(config: &ModelConfig, explained_order: UpdateOrder) -> f64 {
    let data = Dataset::seed();
    let mut model = Model::new(config.clone(), &data, 3).unwrap();
    for _ in 0..20 {
        model.step().unwrap();
    }
    let before = model.mlp().clone();
    let points: Vec<_> = data.train_points().copied().collect();
    let traces: Vec<_> = points
        .iter()
        .map(|p| model.explain(p.pos_in_data))
        .collect();
    model.step().unwrap();
    let after = model.mlp().clone();
    // The UI's replay of the step is the trainer's step, bit for bit.
    assert_eq!(step_from(config, &data, &before).unwrap(), after);
    let lr = config.train.learning_rate;
    let mut worst: f64 = 0.0;
    for (l, (lb, la)) in before.layers.iter().zip(&after.layers).enumerate() {
        let mut dw = lb.weights.clone() * 0.0;
        let mut db = DVector::zeros(lb.units());
        for (p, t) in points.iter().zip(&traces) {
            let y = target_vector(before.outputs(), p.class);
            let bt = backward_in_order(&before, &after, t, &y, explained_order);
            let d = &bt.deltas[l];
            let a_prev = t.activations(l).unwrap();
            dw += a_prev * d.transpose() * lr;
            db += d * lr;
        }
        let change = &la.weights - &lb.weights;
        worst = worst.max((change - dw).abs().max());
        if let (Some(bb), Some(ba)) = (&lb.biases, &la.biases) {
            worst = worst.max(((ba - bb) - db).abs().max());
        }
    }
    worst
}

#[test]
fn backward_rows_are_the_trainers_deltas_in_either_update_order() {
    for bias in [false, true] {
        for order in [UpdateOrder::Tutorial, UpdateOrder::Textbook] {
            let mut config = ModelConfig::tutorial();
            config.bias = bias;
            config.hidden = vec![4, 3];
            config.train.learning_rate = 0.5;
            config.train.update_order = order;
            let right = worst_mismatch(&config, order);
            assert!(right < 1e-12, "{order} order, bias {bias}: off by {right}");
            // Explaining in the other order gives other numbers: the order matters.
            let other = match order {
                UpdateOrder::Tutorial => UpdateOrder::Textbook,
                UpdateOrder::Textbook => UpdateOrder::Tutorial,
            };
            let wrong = worst_mismatch(&config, other);
            assert!(wrong > 1e-6, "{order} order, bias {bias}: {wrong}");
        }
    }
}

#[test]
fn own_data_gets_the_playground_network_unless_chosen_otherwise() {
    let mut c = ModelConfig::tutorial();
    assert!(c.is_tutorial_network());
    assert!(c.for_own_data());
    assert_eq!(c, ModelConfig::playground());
    assert!(c.bias && c.normalize && c.init == Init::Xavier);
    assert_eq!(c.train.update_order, UpdateOrder::Textbook);
    // Already the playground's: nothing changes.
    assert!(!c.for_own_data());
    // A network the user chose (biases on, tutorial order) keeps everything but the order.
    let mut chosen = ModelConfig::tutorial();
    chosen.bias = true;
    chosen.hidden = vec![3];
    assert!(!chosen.is_tutorial_network());
    let mut expected = chosen.clone();
    expected.train.update_order = UpdateOrder::Textbook;
    assert!(chosen.for_own_data());
    assert_eq!(chosen, expected);
}
