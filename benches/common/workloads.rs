//! The benchmark networks, shared by `benches/nn.rs`, `tests/kernels.rs` and
//! `examples/grid_profile.rs` (each includes this file with `#[path]`; a folder of its own so cargo does not take it for a benchmark), so the three measure
//! and check the same thing; `benches/peers/numpy_peers.py` builds the same networks.

use nnviz::data::{Dataset, Preset, PresetParams, generate};
use nnviz::nn::{Activation, Loss, ModelConfig, Optimizer};

/// A tanh network with `hidden` layers on `points` circle points (no test split), trained by
/// plain SGD at 0.01 on the tutorial's loss: the "6×8" and "8×64" workloads.
pub fn deep_tanh(points: usize, hidden: Vec<usize>) -> (ModelConfig, Dataset) {
    let params = PresetParams {
        points,
        test_ratio: 0.0,
        ..Default::default()
    };
    let data = generate(Preset::Circle, &params).expect("the circle preset generates");
    let mut config = ModelConfig::playground();
    config.hidden = hidden;
    config.activation = Activation::Tanh;
    config.train.loss = Loss::TutorialSse;
    config.train.optimizer = Optimizer::Sgd;
    config.train.learning_rate = 0.01;
    (config, data)
}

/// The many-points case of `nnviz --measure-points 10000`: `points` points in three Gaussian
/// blobs (the preset's 30 % held out for testing) on a 2-8-8-3 network, here with the
/// playground's settings (tanh, biases, softmax cross-entropy, Adam).
pub fn gauss_blobs(points: usize) -> (ModelConfig, Dataset) {
    let params = PresetParams {
        points,
        classes: 3,
        ..Default::default()
    };
    let data = generate(Preset::Gauss, &params).expect("the Gauss preset generates");
    let mut config = ModelConfig::playground();
    config.fit_loss_to_classes(data.num_classes);
    (config, data)
}
