//! Building a step's example: points, a network and (optionally) its exact weights, sent
//! as one session load, so the worker, the canvas and the diagram change together.

use crate::data::Dataset;
use crate::nn::io::LayerParameters;
use crate::nn::{Model, ModelConfig};
use crate::session::Session;
use crate::ui::action::Action;
use crate::ui::message::MessageKind;
use crate::ui::state::DEFAULT_STEPS_PER_SECOND;

/// The seed new weights of an example are drawn from (the CLI's default), so that every
/// learner starts a step from the same numbers.
pub const EXAMPLE_SEED: u64 = 1;

/// Actions that install `dataset` and `config` (with `weights`, else weights drawn from
/// [`EXAMPLE_SEED`]) at step 0, paused unless `running`, with the default speed and the view
/// fitted to the points. A network that cannot be built is said in the status bar.
pub fn load(
    dataset: Dataset,
    config: ModelConfig,
    weights: Option<LayerParameters>,
    running: bool,
) -> Vec<Action> {
    let model = Model::new(config, &dataset, EXAMPLE_SEED).and_then(|mut m| {
        if let Some(w) = weights {
            m.set_parameters(w)?;
        }
        Ok(m)
    });
    let model = match model {
        Ok(m) => m,
        Err(e) => return vec![Action::Post(MessageKind::Warning, e.to_string())],
    };
    let mut session = Session::from_model(&model, &dataset, EXAMPLE_SEED);
    session.speed = Some(DEFAULT_STEPS_PER_SECOND);
    let mut out = vec![
        Action::SetRunning(false),
        Action::LoadSession {
            session: Box::new(session),
            path: None,
        },
        Action::FitView,
    ];
    if running {
        out.push(Action::SetRunning(true));
    }
    out
}

/// The tutorial's 8 points and 2-4-1 network with weights from [`EXAMPLE_SEED`], paused.
pub fn tutorial() -> Vec<Action> {
    load(Dataset::seed(), ModelConfig::tutorial(), None, false)
}
