//! The network editor: hidden layers and units (+/− as in TensorFlow Playground),
//! activation, bias, weight initialisation, input features and input normalisation.
//!
//! Every change here builds a new network ([`Action::ReplaceModel`]) with new random
//! weights, and the status bar says so.

use super::super::action::Action;
use crate::nn::mlp::{MAX_HIDDEN_LAYERS, MAX_UNITS};
use crate::nn::{Activation, Feature, Init, ModelConfig};
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
    format!("{shape} {}", config.activation.name())
}

/// Display name of an activation.
pub(crate) fn activation_label(a: Activation) -> &'static str {
    match a {
        Activation::Sigmoid => "sigmoid",
        Activation::Tanh => "tanh",
        Activation::Relu => "ReLU",
        Activation::LeakyRelu => "leaky ReLU",
        Activation::Linear => "linear",
        Activation::Softmax => "softmax",
    }
}

fn activation_tip(a: Activation) -> &'static str {
    match a {
        Activation::Sigmoid => {
            "1 / (1 + e^−y): squashes any sum into (0, 1). The tutorial's choice."
        }
        Activation::Tanh => {
            "tanh(y): like sigmoid but from −1 to 1, centred on 0; often learns faster."
        }
        Activation::Relu => {
            "max(0, y): passes positive sums, blocks negative ones. Fast; boundaries become straight pieces."
        }
        Activation::LeakyRelu => {
            "Like ReLU, but lets 1 % of a negative sum through, so a unit never goes completely silent."
        }
        Activation::Linear => {
            "y unchanged: no bend at all. Layers of linear units can only draw straight boundaries."
        }
        Activation::Softmax => "Probabilities over the classes (output layer only).",
    }
}

fn init_label(i: Init) -> &'static str {
    match i {
        Init::Uniform => "uniform ±1",
        Init::Xavier => "Xavier",
        Init::He => "He",
    }
}

fn init_tip(i: Init) -> &'static str {
    match i {
        Init::Uniform => "Every weight starts anywhere between −1 and 1, as in the tutorial.",
        Init::Xavier => {
            "Start weights scaled to the layer's size so signals neither die out nor blow up. Suits sigmoid and tanh."
        }
        Init::He => "Start weights scaled for ReLU units (a bit larger than Xavier).",
    }
}

fn feature_tip(f: Feature) -> &'static str {
    match f {
        Feature::X => "The point's x coordinate.",
        Feature::Y => "The point's y coordinate.",
        Feature::XSquared => {
            "x²: lets even a single neuron draw curved (parabola-shaped) boundaries."
        }
        Feature::YSquared => "y²: with x², circles become easy.",
        Feature::XTimesY => {
            "x·y: positive in two opposite quadrants, negative in the others — made for XOR."
        }
        Feature::SinX => "sin x: a wave along x, for stripes and repeating patterns.",
        Feature::SinY => "sin y: a wave along y.",
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
        ui.label("Hidden layers").on_hover_text(
            "Layers of neurons between the inputs and the output. More layers can combine \
             simple shapes into complex ones.",
        );
        ui.label(
            RichText::new(c.hidden.len().to_string())
                .monospace()
                .strong(),
        );
        if ui
            .add_enabled(!c.hidden.is_empty(), egui::Button::new("− layer"))
            .on_hover_text("Remove the last hidden layer.")
            .clicked()
        {
            c.hidden.pop();
            what = Some("removed a layer".into());
        }
        if ui
            .add_enabled(
                c.hidden.len() < MAX_HIDDEN_LAYERS,
                egui::Button::new("+ layer"),
            )
            .on_hover_text(format!(
                "Add a hidden layer at the end (at most {MAX_HIDDEN_LAYERS})."
            ))
            .clicked()
        {
            let units = c.hidden.last().copied().unwrap_or(NEW_LAYER_UNITS);
            c.hidden.push(units);
            what = Some("added a layer".into());
        }
    });
    let mut change = None;
    for (i, &units) in c.hidden.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label(RichText::new(format!("layer {}", i + 1)).size(12.5))
                .on_hover_text(format!("Hidden layer {}: {units} neurons.", i + 1));
            let small = vec2(22.0, 20.0);
            if ui
                .add_enabled(units > 1, egui::Button::new("−").min_size(small))
                .on_hover_text(format!("One neuron fewer in layer {}.", i + 1))
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
                .on_hover_text(format!(
                    "One neuron more in layer {} (at most {MAX_UNITS}).",
                    i + 1
                ))
                .clicked()
            {
                change = Some((i, units + 1));
            }
            units_bar_ui(ui, units);
        });
    }
    if let Some((i, n)) = change
        && let Some(u) = c.hidden.get_mut(i)
    {
        *u = n;
        what = Some(format!("layer {} has {n} neurons", i + 1));
    }

    ui.label("Activation").on_hover_text(
        "The non-linearity each hidden neuron applies to its weighted sum. Without one, \
         any number of layers could only draw a straight line.",
    );
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        for a in Activation::HIDDEN {
            if ui
                .selectable_label(c.activation == a, activation_label(a))
                .on_hover_text(activation_tip(a))
                .clicked()
                && c.activation != a
            {
                c.activation = a;
                what = Some(format!("activation {}", activation_label(a)));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        ui.label("Initial weights").on_hover_text(
            "How the random starting weights are drawn. Good starting weights help deep \
             networks learn at all.",
        );
        for i in Init::ALL {
            if ui
                .selectable_label(c.init == i, init_label(i))
                .on_hover_text(init_tip(i))
                .clicked()
                && c.init != i
            {
                c.init = i;
                what = Some(format!("initial weights {}", init_label(i)));
            }
        }
    });
    ui.horizontal(|ui| {
        if ui
            .checkbox(&mut c.bias, "Bias")
            .on_hover_text(
                "Give every neuron a bias: a learned threshold that shifts its boundary away \
                 from the origin. The tutorial's network has none.",
            )
            .changed()
        {
            what = Some(if c.bias { "biases on" } else { "biases off" }.into());
        }
        if ui
            .checkbox(&mut c.normalize, "Normalise inputs")
            .on_hover_text(
                "Shift and scale x and y so the training points have mean 0 and spread 1. \
                 Helps when coordinates are large (the tutorial feeds them raw).",
            )
            .changed()
        {
            what = Some(
                if c.normalize {
                    "inputs normalised"
                } else {
                    "raw inputs"
                }
                .into(),
            );
        }
    });

    ui.label("Inputs").on_hover_text(
        "What the network sees of each point. Extra features such as x² or x·y make some \
         shapes much easier to learn. At least one must stay on.",
    );
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        for f in Feature::ALL {
            let on = c.features.contains(&f);
            let only = on && c.features.len() == 1;
            let tip = if only {
                format!("{} (the last input: it must stay on)", feature_tip(f))
            } else {
                feature_tip(f).to_owned()
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
                what = Some(format!(
                    "input {} {}",
                    f.label(),
                    if on { "off" } else { "on" }
                ));
            }
        }
    });

    if let Some(what) = what
        && c != old
    {
        let net = describe_network(&c, state.dataset.num_classes);
        out.push(Action::ReplaceModel {
            config: Box::new(c),
            message: format!("Network changed ({what}: {net}): weights were reset."),
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
