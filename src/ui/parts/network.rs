//! The network editor: hidden layers and units (+/− as in TensorFlow Playground), each
//! layer's activation and dropout, the all-layers activation, bias, weight initialisation,
//! input features and input normalisation.
//!
//! Every change here goes out as [`Action::ReplaceModel`]: a new network with new random
//! weights, and the status bar says so — except a change of dropout alone, which the
//! worker takes on the running network (weights kept; see `replace_model` in
//! `ui/action.rs`).

use super::super::action::Action;
use crate::nn::mlp::{MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::nn::{Activation, Feature, Init, ModelConfig};
use crate::tr;
use egui::{Color32, RichText, vec2};

/// Units of a layer added with "+ layer" (the last layer's size when there is one).
const NEW_LAYER_UNITS: usize = 4;

/// "2 → 8 → 8 → 4 tanh".
pub(crate) fn describe_network(config: &ModelConfig, classes: usize) -> String {
    let sizes = config.network_spec(classes).sizes();
    let shape = sizes
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(" → ");
    format!("{shape} {}", activation_names(config))
}

/// The hidden layers' activations, "tanh" when they agree, else "relu/tanh" (neighbours
/// with the same one named once).
pub(crate) fn activation_names(config: &ModelConfig) -> String {
    let mut names: Vec<&str> = (0..config.hidden.len())
        .map(|i| config.hidden_activation(i).name())
        .collect();
    names.dedup();
    if names.is_empty() {
        config.activation.name().to_owned()
    } else {
        names.join("/")
    }
}

/// Width of a layer's activation box.
const ACTIVATION_BOX_WIDTH: f32 = 70.0;

/// A hidden layer's activation box and dropout field, both labelled for screen readers
/// (and tests). Returns a new activation and a new dropout rate when the user chose one.
fn layer_options_ui(
    ui: &mut egui::Ui,
    c: &ModelConfig,
    i: usize,
) -> (Option<Activation>, Option<f64>) {
    let layer = i + 1;
    let current = c.hidden_activation(i);
    let mut chosen = current;
    // The box grows with its text; a fixed-width cell keeps the row inside the panel.
    let cell = vec2(ACTIVATION_BOX_WIDTH, ui.spacing().interact_size.y);
    let combo = ui
        .allocate_ui(cell, |ui| {
            egui::ComboBox::from_id_salt(("nnviz_layer_activation", i))
                .selected_text(activation_label(current))
                .width(ACTIVATION_BOX_WIDTH)
                // A long name is cut short: the row must fit the panel.
                .truncate()
                .show_ui(ui, |ui| {
                    for a in Activation::HIDDEN {
                        ui.selectable_value(&mut chosen, a, activation_label(a))
                            .on_hover_text(activation_tip(a));
                    }
                })
                .response
        })
        .inner;
    let name = tr!("network-layer-activation", layer = layer);
    ui.ctx()
        .accesskit_node_builder(combo.id, |b| b.set_label(name));
    combo.on_hover_text(tr!("network-layer-activation-tip", layer = layer));
    let old_rate = c.dropout_of(i);
    let mut rate = old_rate;
    let drag = ui
        .add(
            egui::DragValue::new(&mut rate)
                .range(0.0..=crate::nn::model::MAX_DROPOUT)
                .speed(0.01)
                .fixed_decimals(2),
        )
        .on_hover_text(tr!("network-dropout-tip", layer = layer));
    let name = tr!("network-layer-dropout", layer = layer);
    ui.ctx()
        .accesskit_node_builder(drag.id, |b| b.set_label(name));
    // An edit lands on whole hundredths, as shown (a drag moves in steps of 0.01); a rate
    // from a file that is not one is left alone until the user edits it.
    let rate = (rate * 100.0).round() / 100.0;
    (
        (chosen != current).then_some(chosen),
        (drag.changed() && rate != old_rate).then_some(rate),
    )
}

/// Display name of an activation.
fn activation_label(a: Activation) -> String {
    match a {
        Activation::Sigmoid => tr!("activation-sigmoid"),
        Activation::Tanh => tr!("activation-tanh"),
        Activation::Relu => tr!("activation-relu"),
        Activation::LeakyRelu => tr!("activation-leaky-relu"),
        Activation::Linear => tr!("activation-linear"),
        Activation::Softmax => tr!("activation-softmax"),
        Activation::Gelu => tr!("activation-gelu"),
        Activation::Elu => tr!("activation-elu"),
    }
}

fn activation_tip(a: Activation) -> String {
    match a {
        Activation::Sigmoid => tr!("activation-sigmoid-tip"),
        Activation::Tanh => tr!("activation-tanh-tip"),
        Activation::Relu => tr!("activation-relu-tip"),
        Activation::LeakyRelu => tr!("activation-leaky-relu-tip"),
        Activation::Linear => tr!("activation-linear-tip"),
        Activation::Softmax => tr!("activation-softmax-tip"),
        Activation::Gelu => tr!("activation-gelu-tip"),
        Activation::Elu => tr!("activation-elu-tip"),
    }
}

fn init_label(i: Init) -> String {
    match i {
        Init::Uniform => tr!("init-uniform"),
        Init::Xavier => tr!("init-xavier"),
        Init::He => tr!("init-he"),
    }
}

fn init_tip(i: Init) -> String {
    match i {
        Init::Uniform => tr!("init-uniform-tip"),
        Init::Xavier => tr!("init-xavier-tip"),
        Init::He => tr!("init-he-tip"),
    }
}

fn feature_tip(f: Feature) -> String {
    match f {
        Feature::X => tr!("feature-x-tip"),
        Feature::Y => tr!("feature-y-tip"),
        Feature::XSquared => tr!("feature-x2-tip"),
        Feature::YSquared => tr!("feature-y2-tip"),
        Feature::XTimesY => tr!("feature-xy-tip"),
        Feature::SinX => tr!("feature-sinx-tip"),
        Feature::SinY => tr!("feature-siny-tip"),
    }
}

/// The architecture controls (in the Network section).
pub(crate) fn network_editor_ui(
    ui: &mut egui::Ui,
    state: &super::super::state::PersistedState,
    out: &mut Vec<Action>,
) {
    let old = state.model_config.clone();
    let mut c = old.clone();
    let mut what: Option<String> = None;

    // Hidden layers, TensorFlow Playground style.
    ui.horizontal(|ui| {
        ui.label(tr!("network-hidden-layers"))
            .on_hover_text(tr!("network-hidden-layers-tip"));
        ui.label(
            RichText::new(c.hidden.len().to_string())
                .monospace()
                .strong(),
        );
        if ui
            .add_enabled(
                !c.hidden.is_empty(),
                egui::Button::new(tr!("network-remove-layer")),
            )
            .on_hover_text(tr!("network-remove-layer-tip"))
            .clicked()
        {
            c.hidden.pop();
            c.trim_layer_lists();
            what = Some(tr!("network-what-removed-layer"));
        }
        if ui
            .add_enabled(
                c.hidden.len() < MAX_HIDDEN_LAYERS,
                egui::Button::new(tr!("network-add-layer")),
            )
            .on_hover_text(tr!("network-add-layer-tip", max = MAX_HIDDEN_LAYERS))
            .clicked()
        {
            let units = c.hidden.last().copied().unwrap_or(NEW_LAYER_UNITS);
            c.hidden.push(units);
            what = Some(tr!("network-what-added-layer"));
        }
    });
    let mut change = None;
    let mut layer_activation = None;
    let mut layer_dropout = None;
    let hidden = c.hidden.clone();
    for (i, &units) in hidden.iter().enumerate() {
        let layer = i + 1;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label(RichText::new(tr!("network-layer", layer = layer)).size(12.5))
                .on_hover_text(tr!("network-layer-tip", layer = layer, units = units));
            let small = vec2(22.0, 20.0);
            if ui
                .add_enabled(units > 1, egui::Button::new("−").min_size(small))
                .on_hover_text(tr!("network-fewer-units-tip", layer = layer))
                .clicked()
            {
                change = Some((i, units - 1));
            }
            ui.add_sized(
                vec2(22.0, 20.0),
                egui::Label::new(RichText::new(units.to_string()).monospace().strong()),
            );
            if ui
                .add_enabled(units < MAX_UNITS, egui::Button::new("+").min_size(small))
                .on_hover_text(tr!(
                    "network-more-units-tip",
                    layer = layer,
                    max = MAX_UNITS
                ))
                .clicked()
            {
                change = Some((i, units + 1));
            }
            let (a, d) = layer_options_ui(ui, &c, i);
            if let Some(a) = a {
                layer_activation = Some((i, a));
            }
            if let Some(d) = d {
                layer_dropout = Some((i, d));
            }
            units_bar_ui(ui, units);
        });
    }
    if let Some((i, a)) = layer_activation {
        c.set_hidden_activation(i, a);
        let layer = i + 1;
        what = Some(tr!(
            "network-what-layer-activation",
            layer = layer,
            activation = activation_label(a)
        ));
    }
    let mut dropout_message = None;
    if let Some((i, d)) = layer_dropout {
        c.set_dropout_of(i, d);
        let layer = i + 1;
        dropout_message = Some(tr!(
            "network-dropout-changed",
            layer = layer,
            rate = format!("{d:.2}")
        ));
    }
    if let Some((i, n)) = change
        && let Some(u) = c.hidden.get_mut(i)
    {
        *u = n;
        let layer = i + 1;
        what = Some(tr!("network-what-units", layer = layer, units = n));
    }

    ui.label(tr!("network-activation")).on_hover_text(format!(
        "{}\n{}",
        tr!("network-activation-tip"),
        tr!("network-activation-all-tip")
    ));
    let all_same = |c: &ModelConfig, a: Activation| {
        c.activation == a && (0..c.hidden.len()).all(|i| c.hidden_activation(i) == a)
    };
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        for a in Activation::HIDDEN {
            let on = all_same(&c, a);
            if ui
                .selectable_label(on, activation_label(a))
                .on_hover_text(format!(
                    "{}\n{}",
                    activation_tip(a),
                    tr!("network-activation-all-tip")
                ))
                .clicked()
                && !on
            {
                c.set_all_activations(a);
                what = Some(tr!(
                    "network-what-activation",
                    activation = activation_label(a)
                ));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.label(tr!("network-init"))
            .on_hover_text(tr!("network-init-tip"));
        for i in Init::ALL {
            if ui
                .selectable_label(c.init == i, init_label(i))
                .on_hover_text(init_tip(i))
                .clicked()
                && c.init != i
            {
                c.init = i;
                what = Some(tr!("network-what-init", init = init_label(i)));
            }
        }
    });
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut c.bias, tr!("network-bias"))
            .on_hover_text(tr!("network-bias-tip"))
            .changed()
        {
            what = Some(if c.bias {
                tr!("network-what-bias-on")
            } else {
                tr!("network-what-bias-off")
            });
        }
        if ui
            .checkbox(&mut c.normalize, tr!("network-normalize"))
            .on_hover_text(tr!("network-normalize-tip"))
            .changed()
        {
            what = Some(if c.normalize {
                tr!("network-what-normalized")
            } else {
                tr!("network-what-raw")
            });
        }
    });

    ui.label(tr!("network-inputs"))
        .on_hover_text(tr!("network-inputs-tip"));
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        for f in Feature::ALL {
            let on = c.features.contains(&f);
            let only = on && c.features.len() == 1;
            let tip = if only {
                tr!("network-last-input-tip", tip = feature_tip(f))
            } else {
                feature_tip(f)
            };
            if ui
                .selectable_label(on, f.label())
                .on_hover_text(tip)
                .clicked()
                && !only
            {
                if on {
                    c.features.retain(|g| *g != f);
                } else {
                    // Keep the display order.
                    c.features.push(f);
                    c.features
                        .sort_by_key(|g| Feature::ALL.iter().position(|h| h == g));
                }
                what = Some(if on {
                    tr!("network-what-input-off", input = f.label())
                } else {
                    tr!("network-what-input-on", input = f.label())
                });
            }
        }
    });

    if what.is_none()
        && let Some(message) = dropout_message
    {
        out.push(Action::ReplaceModel {
            config: Box::new(c),
            message,
        });
        return;
    }
    if let Some(what) = what
        && c != old
    {
        let net = describe_network(&c, state.dataset.num_classes);
        out.push(Action::ReplaceModel {
            config: Box::new(c),
            message: tr!("network-changed", what = what, network = net),
        });
    }
}

/// A row of small dots, one per neuron (up to the space there is).
fn units_bar_ui(ui: &mut egui::Ui, units: usize) {
    let w = ui.available_width().max(10.0);
    let (rect, _) = ui.allocate_exact_size(vec2(w, 12.0), egui::Sense::hover());
    let step = (w / MAX_UNITS as f32).clamp(1.5, 8.0);
    let shown = units.min((w / step) as usize);
    let color = Color32::from_rgb(0x5B, 0x8D, 0xC9);
    for k in 0..shown {
        let x = rect.min.x + step * (k as f32 + 0.5);
        ui.painter().circle_filled(
            egui::pos2(x, rect.center().y),
            (step * 0.38).min(3.0),
            color,
        );
    }
}
