//! Training options under the learning rate: loss, optimiser, batch size, L1/L2, update order.
//!
//! Everything but the loss changes live ([`Action::SetTrainConfig`], weights kept); the loss
//! decides the output layer, so changing it builds a new network.

use super::super::action::Action;
use super::super::state::PersistedState;
use super::network::describe_network;
use crate::nn::{Loss, Optimizer, UpdateOrder};
use egui::{RichText, vec2};

fn loss_label(l: Loss) -> &'static str {
    match l {
        Loss::TutorialSse => "SSE",
        Loss::Mse => "MSE",
        Loss::BinaryCrossEntropy => "BCE",
        Loss::SoftmaxCrossEntropy => "cross-entropy",
    }
}

fn loss_tip(l: Loss) -> &'static str {
    match l {
        Loss::TutorialSse => {
            "The tutorial's ½·Σ(y − out)², summed over all points: one sigmoid output."
        }
        Loss::Mse => {
            "Mean squared error: the average of (y − out)², so the step size does not grow with the number of points."
        }
        Loss::BinaryCrossEntropy => {
            "Binary cross-entropy on a sigmoid output: punishes confident mistakes hard, learns faster than squared error."
        }
        Loss::SoftmaxCrossEntropy => {
            "Softmax + cross-entropy: one output per class turned into probabilities. Needed for more than 2 classes."
        }
    }
}

fn optimizer_label(o: Optimizer) -> &'static str {
    match o {
        Optimizer::Sgd => "SGD",
        Optimizer::Momentum { .. } => "momentum",
        Optimizer::Adam { .. } => "Adam",
    }
}

fn optimizer_tip(o: Optimizer) -> &'static str {
    match o {
        Optimizer::Sgd => {
            "Plain gradient descent, the tutorial's: each weight moves against its gradient."
        }
        Optimizer::Momentum { .. } => {
            "Like a ball rolling downhill: steps build up speed in directions that keep helping."
        }
        Optimizer::Adam { .. } => {
            "Adapts the step for every weight from its recent gradients (β₁ 0.9, β₂ 0.999). Usually the quickest."
        }
    }
}

/// Loss, optimiser, batch size, regularisation and update order.
pub(crate) fn training_options_ui(
    ui: &mut egui::Ui,
    state: &PersistedState,
    out: &mut Vec<Action>,
) {
    let classes = state.dataset.num_classes;
    let old = state.model_config.train;
    let mut t = old;

    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.label("Loss").on_hover_text(
            "How the error is measured. Changing it changes the output layer, so the \
             weights start again.",
        );
        for l in Loss::ALL {
            let allowed = l == Loss::SoftmaxCrossEntropy || classes <= 2;
            let tip = if allowed {
                loss_tip(l).to_owned()
            } else {
                format!("{} (for 2 classes only)", loss_tip(l))
            };
            let r = ui
                .add_enabled(
                    allowed,
                    egui::Button::selectable(t.loss == l, loss_label(l)),
                )
                .on_hover_text(tip)
                .on_disabled_hover_text(format!("{} (for 2 classes only)", loss_tip(l)));
            if r.clicked() {
                t.loss = l;
            }
        }
    });
    if t.loss != old.loss {
        let mut config = state.model_config.clone();
        config.train.loss = t.loss;
        let net = describe_network(&config, classes);
        out.push(Action::ReplaceModel {
            config: Box::new(config),
            message: format!(
                "Loss {}: the output layer changed ({net}), so the weights were reset.",
                loss_label(t.loss)
            ),
        });
        return;
    }

    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.label("Optimiser").on_hover_text(
            "How a gradient becomes a weight update. Changing it keeps the weights.",
        );
        for o in [Optimizer::Sgd, Optimizer::MOMENTUM, Optimizer::ADAM] {
            let same = std::mem::discriminant(&t.optimizer) == std::mem::discriminant(&o);
            if ui
                .selectable_label(same, optimizer_label(o))
                .on_hover_text(optimizer_tip(o))
                .clicked()
                && !same
            {
                t.optimizer = o;
            }
        }
    });
    if let Optimizer::Momentum { beta } = &mut t.optimizer {
        ui.add(egui::Slider::new(beta, 0.0..=0.999).text("Momentum β"))
            .on_hover_text(
                "How much of the previous step's direction is kept (0 = plain SGD, 0.9 is usual).",
            );
    }

    let n_train = state.dataset.train_points().count().max(1);
    ui.horizontal(|ui| {
        let mut full = t.batch_size == 0;
        let mut size = if full {
            n_train
        } else {
            t.batch_size.min(n_train)
        };
        ui.add_enabled_ui(!full && n_train > 1, |ui| {
            if ui
                .add(
                    egui::Slider::new(&mut size, 1..=n_train.max(2))
                        .logarithmic(true)
                        .text("Batch"),
                )
                .on_hover_text(
                    "How many training points each step looks at (picked at random). Small \
                     batches take noisy but cheap steps; the whole set takes careful ones.",
                )
                .changed()
            {
                t.batch_size = size.clamp(1, n_train);
            }
        });
        if ui
            .checkbox(&mut full, "full")
            .on_hover_text("Full batch: every step uses all training points, as the tutorial does.")
            .changed()
        {
            t.batch_size = if full { 0 } else { n_train.div_ceil(4).max(1) };
        }
    });

    for (name, value, tip) in [
        (
            "L1",
            &mut t.l1,
            "L1 regularisation: pulls every weight towards 0 by a constant amount, switching \
             useless connections off. 0 = off.",
        ),
        (
            "L2",
            &mut t.l2,
            "L2 regularisation (weight decay): shrinks big weights, for smoother boundaries \
             that overfit less. 0 = off.",
        ),
    ] {
        ui.add(
            egui::Slider::new(value, 0.0..=0.1)
                .logarithmic(true)
                .smallest_positive(1e-5)
                .custom_formatter(|v, _| {
                    if v <= 0.0 {
                        "off".to_owned()
                    } else {
                        super::super::format::format_lr(v)
                    }
                })
                .text(name),
        )
        .on_hover_text(tip);
    }

    let mut tutorial_order = t.update_order == UpdateOrder::Tutorial;
    if ui
        .checkbox(&mut tutorial_order, "Tutorial update order")
        .on_hover_text(
            "The tutorial updates a layer's weights before sending the error back through \
             them. Off: textbook back-propagation, where every gradient uses the old weights.",
        )
        .changed()
    {
        t.update_order = if tutorial_order {
            UpdateOrder::Tutorial
        } else {
            UpdateOrder::Textbook
        };
    }

    if t != old {
        out.push(Action::SetTrainConfig(t));
    }
    if t.batch_size > 0 && t.batch_size >= n_train {
        ui.label(
            RichText::new("batch ≥ training points: full batch")
                .weak()
                .size(11.5),
        );
    }
}
