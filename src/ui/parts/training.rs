//! Training options under the learning rate: loss, optimiser, rate schedule
//! ([`super::schedule`]), batch size, L1/L2, update order.
//!
//! Everything but the loss changes live ([`Action::SetTrainConfig`], weights kept); the loss
//! decides the output layer, so changing it builds a new network.

use super::super::action::Action;
use super::super::state::PersistedState;
use super::network::describe_network;
use crate::nn::{Loss, Optimizer, UpdateOrder};
use crate::tr;
use egui::{RichText, vec2};

fn loss_label(l: Loss) -> String {
    match l {
        Loss::TutorialSse => tr!("loss-sse"),
        Loss::Mse => tr!("loss-mse"),
        Loss::BinaryCrossEntropy => tr!("loss-bce"),
        Loss::SoftmaxCrossEntropy => tr!("loss-cross-entropy"),
    }
}

fn loss_tip(l: Loss) -> String {
    match l {
        Loss::TutorialSse => tr!("loss-sse-tip"),
        Loss::Mse => tr!("loss-mse-tip"),
        Loss::BinaryCrossEntropy => tr!("loss-bce-tip"),
        Loss::SoftmaxCrossEntropy => tr!("loss-cross-entropy-tip"),
    }
}

fn optimizer_label(o: Optimizer) -> String {
    match o {
        Optimizer::Sgd => tr!("optimizer-sgd"),
        Optimizer::Momentum { .. } => tr!("optimizer-momentum"),
        Optimizer::Adam { .. } => tr!("optimizer-adam"),
        Optimizer::RmsProp { .. } => tr!("optimizer-rmsprop"),
        Optimizer::Nesterov { .. } => tr!("optimizer-nesterov"),
    }
}

fn optimizer_tip(o: Optimizer) -> String {
    match o {
        Optimizer::Sgd => tr!("optimizer-sgd-tip"),
        Optimizer::Momentum { .. } => tr!("optimizer-momentum-tip"),
        Optimizer::Adam { .. } => tr!("optimizer-adam-tip"),
        Optimizer::RmsProp { .. } => tr!("optimizer-rmsprop-tip"),
        Optimizer::Nesterov { .. } => tr!("optimizer-nesterov-tip"),
    }
}

/// Loss, optimiser, rate schedule, batch size, regularisation and update order.
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
        ui.label(tr!("training-loss"))
            .on_hover_text(tr!("training-loss-tip"));
        for l in Loss::ALL {
            let allowed = l == Loss::SoftmaxCrossEntropy || classes <= 2;
            let two_only = || tr!("training-loss-two-classes-only", tip = loss_tip(l));
            let tip = if allowed { loss_tip(l) } else { two_only() };
            let r = ui
                .add_enabled(
                    allowed,
                    egui::Button::selectable(t.loss == l, loss_label(l)),
                )
                .on_hover_text(tip)
                .on_disabled_hover_text(two_only());
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
            message: tr!(
                "training-loss-changed",
                loss = loss_label(t.loss),
                network = net
            ),
        });
        return;
    }

    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.label(tr!("training-optimizer"))
            .on_hover_text(tr!("training-optimizer-tip"));
        for o in [
            Optimizer::Sgd,
            Optimizer::MOMENTUM,
            Optimizer::NESTEROV,
            Optimizer::ADAM,
            Optimizer::RMSPROP,
        ] {
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
    match &mut t.optimizer {
        Optimizer::Momentum { beta } | Optimizer::Nesterov { beta } => {
            ui.add(egui::Slider::new(beta, 0.0..=0.999).text(tr!("training-momentum-beta")))
                .on_hover_text(tr!("training-momentum-beta-tip"));
        }
        Optimizer::RmsProp { rho, .. } => {
            ui.add(egui::Slider::new(rho, 0.0..=0.999).text(tr!("training-rmsprop-rho")))
                .on_hover_text(tr!("training-rmsprop-rho-tip"));
        }
        Optimizer::Sgd | Optimizer::Adam { .. } => {}
    }
    super::schedule::schedule_options_ui(ui, &mut t);

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
                        .text(tr!("training-batch")),
                )
                .on_hover_text(tr!("training-batch-tip"))
                .changed()
            {
                t.batch_size = size.clamp(1, n_train);
            }
        });
        if ui
            .checkbox(&mut full, tr!("training-full-batch"))
            .on_hover_text(tr!("training-full-batch-tip"))
            .changed()
        {
            t.batch_size = if full { 0 } else { n_train.div_ceil(4).max(1) };
        }
    });

    for (name, value, tip) in [
        ("L1", &mut t.l1, tr!("training-l1-tip")),
        ("L2", &mut t.l2, tr!("training-l2-tip")),
    ] {
        ui.add(
            egui::Slider::new(value, 0.0..=0.1)
                .logarithmic(true)
                .smallest_positive(1e-5)
                .custom_formatter(|v, _| {
                    if v <= 0.0 {
                        tr!("training-off")
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
        .checkbox(&mut tutorial_order, tr!("training-tutorial-order"))
        .on_hover_text(tr!("training-tutorial-order-tip"))
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
            RichText::new(tr!("training-batch-is-full"))
                .weak()
                .size(11.5),
        );
    }
}
