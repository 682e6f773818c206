//! Step 2, Activations: the neuron of step 1 as the one hidden unit of a 2-1-1 network, its
//! map on the canvas (the diagram's unit map, shown large); sigmoid, tanh and ReLU plotted with
//! the neuron's weighted sum at the chosen point marked on the curve in use; switching the
//! activation goes through the network editor's action ([`Action::ReplaceModel`]) and keeps
//! the neuron's weights. Tasks: switch to tanh; move the sum into a flat part of the curve.

use super::neuron::{points, send_neuron, sliders_ui};
use crate::nn::neuron::{Neuron, is_flat};
use crate::nn::{Activation, ModelConfig};
use crate::tr;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};
use egui_plot::{Line, Plot, PlotPoints, Points};
use nalgebra::{DMatrix, DVector};

/// The step's runtime state.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The neuron as the sliders show it.
    neuron: Option<Neuron>,
    /// The chosen point.
    point: usize,
}

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Canvas, Part::Diagram],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// The activations the step offers.
pub const CHOICES: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

/// The neuron the step starts with: the line x = y, the sums at the two points ±2.
pub const START: Neuron = Neuron {
    w: [1.0, -1.0],
    b: 0.0,
};

/// The network: two inputs, one hidden unit (the neuron) with `g`, one output.
pub fn network(g: Activation) -> ModelConfig {
    ModelConfig {
        hidden: vec![1],
        activation: g,
        bias: true,
        ..ModelConfig::tutorial()
    }
}

/// Sets up the step's example: [`START`] as a sigmoid hidden unit, output weight 1, paused.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    let mut weights = START.to_parameters();
    weights.push((
        DMatrix::from_element(1, 1, 1.0),
        Some(DVector::from_element(1, 0.0)),
    ));
    example::load(points(), network(Activation::Sigmoid), Some(weights), false)
}

/// Id of the task "switch to tanh".
pub const TASK_TANH: &str = "activations-tanh";
/// Id of the task "move the sum into a flat part".
pub const TASK_FLAT: &str = "activations-flat";

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![
        Task {
            id: TASK_TANH,
            text: tr!("lesson-activations-task-tanh"),
        },
        Task {
            id: TASK_FLAT,
            text: tr!("lesson-activations-task-flat"),
        },
    ]
}

/// The worker's hidden neuron and its activation, once it caught up with every edit.
fn worker_neuron(cx: &StepCx<'_>) -> Option<(Neuron, Activation)> {
    let s = cx.fresh_snapshot()?;
    let layer = s.mlp.layers.first().filter(|_| s.mlp.layers.len() == 2)?;
    Some((Neuron::from_layer(layer)?, layer.activation))
}

/// The tasks whose condition holds now, from the worker's network.
pub(crate) fn done(cx: &StepCx<'_>, st: &State) -> Vec<&'static str> {
    let mut ids = Vec::new();
    if let Some((n, g)) = worker_neuron(cx) {
        if g == Activation::Tanh {
            ids.push(TASK_TANH);
        }
        if let Some(p) = cx.state.dataset.points.get(st.point)
            && is_flat(g, n.sum(p.pos_in_data))
        {
            ids.push(TASK_FLAT);
        }
    }
    ids
}

/// The name the step shows for `g`.
fn name(g: Activation) -> String {
    match g {
        Activation::Tanh => "tanh".into(),
        Activation::Relu => "ReLU".into(),
        _ => "sigmoid".into(),
    }
}

/// The activation switch, the curves with the sum marked, the neuron's sliders.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    // The canvas shows the hidden unit's own map (layer 1, unit 0 in the diagram).
    cx.show_unit = Some((1, 0));
    let current = worker_neuron(cx);
    if let Some((n, _)) = current {
        st.neuron = Some(n);
    }
    let g = cx.state.model_config.activation;
    ui.horizontal(|ui| {
        for a in CHOICES {
            if ui
                .radio(g == a, name(a))
                .on_hover_text(tr!("lesson-activations-choice-tip"))
                .clicked()
                && g != a
            {
                switch(cx, a);
            }
        }
    });
    let points = &cx.state.dataset.points;
    if points.is_empty() {
        return;
    }
    st.point = st.point.min(points.len() - 1);
    let Some(n) = st.neuron else {
        return;
    };
    let s = n.sum(points[st.point].pos_in_data);
    plot_ui(ui, g, s);
    let (sum, out) = (format!("{s:.2}"), format!("{:.2}", g.apply(s)));
    let (which, count) = (st.point + 1, points.len());
    ui.label(tr!(
        "lesson-activations-at",
        n = which,
        count = count,
        sum = sum,
        out = out
    ));
    if ui
        .small_button(tr!("lesson-activations-other-point"))
        .on_hover_text(tr!("lesson-activations-other-point-tip"))
        .clicked()
    {
        st.point = (st.point + 1) % count;
    }
    let new = sliders_ui(ui, n);
    if new != n {
        send_neuron(cx, n, new);
        st.neuron = Some(new);
    }
}

/// Switches the hidden unit's activation to `g` with the network editor's action, then
/// sends the weights back, so only the activation changes.
fn switch(cx: &mut StepCx<'_>, g: Activation) {
    let mut c = cx.state.model_config.clone();
    c.set_all_activations(g);
    let Some(snapshot) = cx.snapshot() else {
        return;
    };
    let activation = name(g);
    cx.out.push(Action::ReplaceModel {
        config: Box::new(c),
        message: tr!("lesson-activations-changed", activation = activation),
    });
    for (l, layer) in snapshot.mlp.layers.iter().enumerate() {
        let w = &layer.weights;
        for row in 0..w.nrows() {
            for unit in 0..w.ncols() {
                cx.out.push(Action::SetParameter {
                    layer: l,
                    row: Some(row),
                    unit,
                    value: w[(row, unit)],
                });
            }
        }
        for (unit, &value) in layer.biases.iter().flat_map(|b| b.iter()).enumerate() {
            cx.out.push(Action::SetParameter {
                layer: l,
                row: None,
                unit,
                value,
            });
        }
    }
}

/// Sigmoid, tanh and ReLU over s in [−6, 6], the one in use drawn strong, with the sum `s`
/// marked on it.
fn plot_ui(ui: &mut egui::Ui, g: Activation, s: f64) {
    Plot::new("lesson-activations-plot")
        .height(150.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .auto_bounds(egui::Vec2b::new(false, false))
        .default_x_bounds(-6.0, 6.0)
        .default_y_bounds(-1.2, 1.6)
        .show(ui, |plot_ui| {
            for a in CHOICES {
                let pts: Vec<[f64; 2]> = (0..=120)
                    .map(|i| {
                        let x = -6.0 + 0.1 * f64::from(i);
                        [x, a.apply(x)]
                    })
                    .collect();
                let width = if a == g { 3.0 } else { 1.0 };
                plot_ui.line(Line::new(name(a), PlotPoints::new(pts)).width(width));
            }
            let x = s.clamp(-6.0, 6.0);
            plot_ui.points(
                Points::new(tr!("lesson-activations-sum"), vec![[x, g.apply(x)]])
                    .radius(6.0)
                    .color(egui::Color32::from_rgb(230, 140, 20)),
            );
        });
}

/// Nothing over the canvas (it shows the unit's map).
pub(crate) fn canvas_ui(_ui: &mut egui::Ui, _cx: &mut StepCx<'_>, _st: &mut State) {}
