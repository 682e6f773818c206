//! Step 4, Forward pass: one chosen point (from the list, or clicked on the canvas) goes
//! through the network one layer at a time: layer₀ (the input row), then for each layer the
//! weight matrix with its shape, the weighted sums and the activations (the forward trace of
//! `nn::explain`, formatted as explain mode formats it). Task: step through to the output.

use crate::nn::explain::ForwardTrace;
use crate::tr;
use crate::ui::action::Action;
use crate::ui::explain::{fmt4, sub};
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};

/// The step's runtime state.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// The chosen point (index into the points).
    point: usize,
    /// Layers shown after the input (0: only layer₀).
    layer: usize,
    /// The learner reached the output at least once.
    reached_output: bool,
}

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Canvas, Part::Diagram],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the tutorial's points and 2-4-1 network, paused.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    example::tutorial()
}

/// Id of the task "follow a point to the output".
pub const TASK_OUTPUT: &str = "forward-output";

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![Task {
        id: TASK_OUTPUT,
        text: tr!("lesson-forward-task-output"),
    }]
}

/// The tasks whose condition holds now: the learner stepped to the output layer.
pub(crate) fn done(_cx: &StepCx<'_>, st: &State) -> Vec<&'static str> {
    if st.reached_output {
        vec![TASK_OUTPUT]
    } else {
        Vec::new()
    }
}

/// `v` to 2 decimals (a dragged point's coordinates carry float noise).
pub(crate) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A row of numbers, explain mode's way.
fn row_text(values: impl Iterator<Item = f64>) -> String {
    let v: Vec<String> = values.map(fmt4).collect();
    format!("[{}]", v.join(", "))
}

/// The point chooser, the layers shown so far and "Next layer".
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let points = &cx.state.dataset.points;
    if points.is_empty() {
        return;
    }
    st.point = st.point.min(points.len() - 1);
    let p = points[st.point];
    let name = |i: usize| {
        let p = points[i];
        let (x, y, class) = (round2(p.pos_in_data[0]), round2(p.pos_in_data[1]), p.class);
        let n = i + 1;
        tr!("lesson-forward-point", n = n, x = x, y = y, class = class)
    };
    let chosen = egui::ComboBox::from_id_salt("lesson-forward-point")
        .selected_text(name(st.point))
        .show_ui(ui, |ui| {
            let mut chosen = None;
            for i in 0..points.len() {
                if ui.selectable_label(i == st.point, name(i)).clicked() {
                    chosen = Some(i);
                }
            }
            chosen
        });
    chosen
        .response
        .on_hover_text(tr!("lesson-forward-point-tip"));
    if let Some(i) = chosen.inner.flatten()
        && i != st.point
    {
        st.point = i;
        st.layer = 0;
    }
    let Some(snapshot) = cx.snapshot() else {
        return;
    };
    let trace: ForwardTrace = snapshot.explain(p.pos_in_data);
    let layers = trace.layers.len();
    st.layer = st.layer.min(layers);
    let mono = |ui: &mut egui::Ui, text: String| {
        ui.add(egui::Label::new(egui::RichText::new(text).monospace().size(11.0)).wrap());
    };
    let shape = format!("1×{}", trace.input.len());
    mono(
        ui,
        format!(
            "layer₀ = {}   ({shape})",
            row_text(trace.input.iter().copied())
        ),
    );
    for l in 0..st.layer {
        let w = &snapshot.mlp.layers[l].weights;
        let (rows, cols) = (w.nrows(), w.ncols());
        ui.add_space(4.0);
        ui.label(tr!(
            "lesson-forward-matrix",
            name = format!("W{}", sub(l)),
            rows = rows,
            cols = cols
        ));
        for r in 0..rows {
            mono(ui, format!("  {}", row_text(w.row(r).iter().copied())));
        }
        let t = &trace.layers[l];
        let (n, prev) = (sub(l + 1), sub(l));
        mono(
            ui,
            format!(
                "z{n} = layer{prev}·W{prev} = {}",
                row_text(t.z.iter().copied())
            ),
        );
        let g = snapshot.mlp.layers[l].activation.name();
        mono(
            ui,
            format!(
                "layer{n} = {g}(z{n}) = {}   (1×{cols})",
                row_text(t.a.iter().copied())
            ),
        );
    }
    if st.layer == layers {
        st.reached_output = true;
        let out = trace.output();
        let class = crate::nn::model::argmax(out.as_slice());
        let class = if out.len() == 1 {
            usize::from(out[0] > 0.5)
        } else {
            class
        };
        let value = out.get(0).map_or_else(String::new, |v| fmt4(*v));
        ui.label(
            egui::RichText::new(tr!("lesson-forward-result", value = value, class = class))
                .strong(),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                st.layer < layers,
                egui::Button::new(tr!("lesson-forward-next")),
            )
            .on_hover_text(tr!("lesson-forward-next-tip"))
            .clicked()
        {
            st.layer += 1;
        }
        if ui
            .add_enabled(st.layer > 0, egui::Button::new(tr!("lesson-forward-again")))
            .on_hover_text(tr!("lesson-forward-again-tip"))
            .clicked()
        {
            st.layer = 0;
        }
    });
}

/// How near a point's centre a click chooses it (screen points).
const PICK_RADIUS: f32 = 11.0;

/// A ring around the chosen point; a click on a point chooses it.
pub(crate) fn canvas_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let click = ui.input(|i| {
        i.pointer
            .primary_clicked()
            .then(|| i.pointer.interact_pos())
            .flatten()
    });
    if let Some(at) = click.filter(|at| cx.canvas.plot_rect().is_some_and(|r| r.contains(*at))) {
        let nearest = (cx.state.dataset.points.iter().enumerate())
            .filter_map(|(i, p)| Some((i, cx.screen_from_data(p.pos_in_data)?.distance(at))))
            .filter(|(_, d)| *d <= PICK_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = nearest
            && i != st.point
        {
            st.point = i;
            st.layer = 0;
        }
    }
    let Some(p) = cx.state.dataset.points.get(st.point) else {
        return;
    };
    if let (Some(pos), Some(plot)) = (cx.screen_from_data(p.pos_in_data), cx.canvas.plot_rect()) {
        let accent = egui::Color32::from_rgb(230, 140, 20);
        ui.painter()
            .with_clip_rect(plot)
            .circle_stroke(pos, 12.0, egui::Stroke::new(3.0, accent));
    }
}
