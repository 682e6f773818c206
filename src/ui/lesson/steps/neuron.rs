//! Step 1, One neuron: a 2→1 network with bias is one neuron; sliders (and handles on the
//! canvas) for w₁, w₂ and the threshold b; the line w·x = b drawn over its output shading.
//! Task: make it separate the step's two points.

use crate::data::{Dataset, LabeledPoint, Problem};
use crate::nn::neuron::Neuron;
use crate::nn::{Activation, ModelConfig};
use crate::tr;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};

/// The neuron the step starts with: the line y = 0.5, both points on its positive side.
pub const START: Neuron = Neuron {
    w: [0.0, 1.0],
    b: 0.5,
};

/// The step's two points: one of class 0, one of class 1.
pub fn points() -> Dataset {
    Dataset {
        points: vec![
            LabeledPoint::new(1.0, 3.0, 0),
            LabeledPoint::new(3.0, 1.0, 1),
        ],
        num_classes: 2,
        problem: Problem::Classification,
    }
}

/// The network of one neuron: two inputs, no hidden layer, a bias, sigmoid.
pub fn network() -> ModelConfig {
    ModelConfig {
        hidden: Vec::new(),
        activation: Activation::Sigmoid,
        bias: true,
        ..ModelConfig::tutorial()
    }
}

/// The step's runtime state.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The neuron as the sliders show it (the worker's, or what was just sent to it).
    neuron: Option<Neuron>,
    /// A handle on the canvas is being dragged: 0 the line, 1 the arrow.
    dragging: Option<u8>,
}

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Canvas],
    hide: &[Part::Diagram, Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the neuron [`START`] on the step's two points, paused.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    example::load(points(), network(), Some(START.to_parameters()), false)
}

/// Id of the task "separate the two points".
pub const TASK_SEPARATE: &str = "neuron-separate";

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![Task {
        id: TASK_SEPARATE,
        text: tr!("lesson-neuron-task-separate"),
    }]
}

/// The worker's neuron, when its network is one neuron and has caught up with every edit.
fn worker_neuron(cx: &StepCx<'_>) -> Option<Neuron> {
    cx.fresh_snapshot().and_then(|s| Neuron::from_mlp(&s.mlp))
}

/// The tasks whose condition holds now: the worker's neuron puts each point on its class's
/// side.
pub(crate) fn done(cx: &StepCx<'_>, _st: &State) -> Vec<&'static str> {
    let separated = worker_neuron(cx).is_some_and(|n| n.separates(cx.state.dataset.train_points()));
    if separated {
        vec![TASK_SEPARATE]
    } else {
        Vec::new()
    }
}

/// Sends `new` (the first unit of layer 0) to the worker: only the numbers that changed,
/// pausing training first.
pub(crate) fn send_neuron(cx: &mut StepCx<'_>, old: Neuron, new: Neuron) {
    if cx.state.running {
        cx.out.push(Action::SetRunning(false));
    }
    for (row, (&o, &n)) in old.w.iter().zip(new.w.iter()).enumerate() {
        if o != n {
            cx.out.push(Action::SetParameter {
                layer: 0,
                row: Some(row),
                unit: 0,
                value: n,
            });
        }
    }
    if old.b != new.b {
        cx.out.push(Action::SetParameter {
            layer: 0,
            row: None,
            unit: 0,
            value: -new.b,
        });
    }
}

/// Sends `new` to the worker and shows it at once.
fn send(cx: &mut StepCx<'_>, st: &mut State, old: Neuron, new: Neuron) {
    send_neuron(cx, old, new);
    st.neuron = Some(new);
}

/// What a weight's sign does.
fn effect(w: f64) -> String {
    if w > 0.0 {
        tr!("lesson-neuron-excites")
    } else if w < 0.0 {
        tr!("lesson-neuron-inhibits")
    } else {
        tr!("lesson-neuron-no-effect")
    }
}

/// The sliders for w₁, w₂ and b, each weight's effect, and the sum at each point.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    if st.dragging.is_none()
        && let Some(n) = worker_neuron(cx)
    {
        st.neuron = Some(n);
    }
    let Some(old) = st.neuron else {
        ui.label(tr!("lesson-neuron-not-a-neuron"));
        return;
    };
    let n = sliders_ui(ui, old);
    if n != old {
        send(cx, st, old, n);
    }
    ui.add_space(4.0);
    for (i, p) in cx.state.dataset.train_points().enumerate() {
        let i = i + 1;
        let s = n.sum(p.pos_in_data);
        let out = n.output(p.pos_in_data, Activation::Sigmoid);
        let [x, y] = p.pos_in_data.map(super::forward::round2);
        let class = p.class;
        let (s, out) = (format!("{s:.2}"), format!("{out:.2}"));
        ui.label(tr!(
            "lesson-neuron-point",
            n = i,
            x = x,
            y = y,
            class = class,
            sum = s,
            out = out
        ));
    }
}

/// Sliders for w₁, w₂ and b, each weight with what its sign does; returns the neuron as
/// the sliders leave it.
pub(crate) fn sliders_ui(ui: &mut egui::Ui, old: Neuron) -> Neuron {
    let mut n = old;
    ui.scope(|ui| {
        // Narrow enough for the lesson panel at 1024 points wide, in both languages.
        ui.spacing_mut().slider_width = 100.0;
        for (i, label) in [tr!("lesson-neuron-w1"), tr!("lesson-neuron-w2")]
            .into_iter()
            .enumerate()
        {
            ui.horizontal(|ui| {
                ui.add(egui::Slider::new(&mut n.w[i], -3.0..=3.0).text(label))
                    .on_hover_text(tr!("lesson-neuron-weight-tip"));
                ui.label(egui::RichText::new(effect(n.w[i])).italics());
            });
        }
        ui.add(egui::Slider::new(&mut n.b, -8.0..=8.0).text(tr!("lesson-neuron-b")))
            .on_hover_text(tr!("lesson-neuron-b-tip"));
    });
    n
}

/// Handle radius on the canvas.
const HANDLE_R: f32 = 7.0;
/// Length of the weight arrow on screen.
const ARROW_LEN: f32 = 46.0;

/// The line w·x = b over the canvas, with a handle on it (drag: move the line) and an arrow
/// along w (drag: turn the line about the handle).
pub(crate) fn canvas_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let (Some(n), Some(plot)) = (st.neuron, cx.canvas.plot_rect()) else {
        return;
    };
    let view = cx.state.view();
    let Some([a, b]) = n.line_in(&view) else {
        return;
    };
    let (Some(sa), Some(sb)) = (cx.screen_from_data(a), cx.screen_from_data(b)) else {
        return;
    };
    let painter = ui.painter().with_clip_rect(plot);
    let ink = egui::Color32::from_rgb(30, 30, 40);
    painter.line_segment([sa, sb], egui::Stroke::new(2.5, ink));
    let mid_data = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    let mid = sa + (sb - sa) / 2.0;
    // w on screen: the y axis points down.
    let dir = egui::vec2(n.w[0] as f32, -(n.w[1] as f32)).normalized();
    let tip = mid + dir * ARROW_LEN;
    let accent = egui::Color32::from_rgb(230, 140, 20);
    painter.arrow(mid, dir * ARROW_LEN, egui::Stroke::new(2.5, accent));
    painter.circle(
        mid,
        HANDLE_R,
        egui::Color32::WHITE,
        egui::Stroke::new(2.0, ink),
    );
    painter.circle(tip, HANDLE_R - 1.0, accent, egui::Stroke::new(1.5, ink));

    let id = ui.scope_id().with("lesson-neuron-handles");
    let line = ui
        .interact(
            egui::Rect::from_center_size(mid, egui::Vec2::splat(HANDLE_R * 3.0)),
            id.with(0),
            egui::Sense::drag(),
        )
        .on_hover_text(tr!("lesson-neuron-line-handle-tip"));
    let arrow = ui
        .interact(
            egui::Rect::from_center_size(tip, egui::Vec2::splat(HANDLE_R * 3.0)),
            id.with(1),
            egui::Sense::drag(),
        )
        .on_hover_text(tr!("lesson-neuron-arrow-handle-tip"));
    if line.hovered() || arrow.hovered() || st.dragging.is_some() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
    let pointer = ui.ctx().pointer_interact_pos();
    let mut new = n;
    if line.dragged()
        && let Some(p) = pointer.and_then(|p| cx.data_from_screen(p))
    {
        st.dragging = Some(0);
        // Keep w, move the line through the cursor.
        new.b = n.w[0] * p[0] + n.w[1] * p[1];
    } else if arrow.dragged()
        && let Some(p) = pointer.and_then(|p| cx.data_from_screen(p))
    {
        st.dragging = Some(1);
        // Keep |w| and the line's point under the handle; turn w towards the cursor.
        let d = [p[0] - mid_data[0], p[1] - mid_data[1]];
        let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
        let size = (n.w[0] * n.w[0] + n.w[1] * n.w[1]).sqrt();
        if len > 1e-9 {
            new.w = [d[0] / len * size, d[1] / len * size];
            new.b = new.w[0] * mid_data[0] + new.w[1] * mid_data[1];
        }
    }
    if line.drag_stopped() || arrow.drag_stopped() {
        st.dragging = None;
    }
    if new != n {
        send(cx, st, n, new);
    }
}
