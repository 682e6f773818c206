//! Step 5, Loss and backward pass: one full-batch training step of the tutorial's 2-4-1
//! network, stepped through one quantity at a time (E₂, D₂, the W₁ update, E₁ with the
//! updated W₁, D₁, the W₀ update) with shapes and numbers, computed by
//! [`crate::nn::lesson_steps::BatchStep`]. "Apply this step" trains the one step
//! in the app; its weights then change by exactly the ΔW shown.
//! Tasks: walk the whole backward pass; apply the step.

use crate::nn::lesson_steps::{BatchStep, Quantity};
use crate::tr;
use crate::ui::action::Action;
use crate::ui::lesson::{Part, StepCx, StepView, Task, example};
use nalgebra::DMatrix;

/// The step's runtime state (reset when the step is entered).
#[derive(Debug, Default)]
pub(crate) struct State {
    /// How many quantities are shown (0 = none yet, 6 = the whole backward pass).
    shown: usize,
    /// The weights the applied step must give (`W₀ + ΔW₀`, `W₁ + ΔW₁`) and the step they are
    /// from, once "Apply this step" was pressed.
    expected: Option<(DMatrix<f64>, DMatrix<f64>, u64)>,
}

/// The parts the step is about, and those it hides.
pub(crate) const VIEW: StepView = StepView {
    highlight: &[Part::Diagram, Part::Transport],
    hide: &[Part::Explain, Part::HiddenSpace],
};

/// Sets up the step's example: the tutorial's points and network, paused at step 0.
pub(crate) fn enter(_cx: &StepCx<'_>) -> Vec<Action> {
    example::tutorial()
}

/// The step's tasks.
pub(crate) fn tasks() -> Vec<Task> {
    vec![
        Task {
            id: "backward-walk",
            text: tr!("lesson-backward-task-walk"),
        },
        Task {
            id: "backward-apply",
            text: tr!("lesson-backward-task-apply"),
        },
    ]
}

/// The tasks whose condition holds now.
pub(crate) fn done(cx: &StepCx<'_>, st: &State) -> Vec<&'static str> {
    let mut out = Vec::new();
    if st.shown >= Quantity::ALL.len() {
        out.push("backward-walk");
    }
    if let (Some((w0, w1, step)), Some(snap)) = (&st.expected, cx.fresh_snapshot())
        && snap.step == step + 1
        && snap.mlp.layers.len() == 2
        && same(&snap.mlp.layers[0].weights, w0)
        && same(&snap.mlp.layers[1].weights, w1)
    {
        out.push("backward-apply");
    }
    out
}

/// Whether two matrices are equal up to rounding (the trainer sums in another order).
fn same(a: &DMatrix<f64>, b: &DMatrix<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| (x - y).abs() <= 1e-12)
}

/// The batch step of the app's current network, if it is the tutorial's kind.
fn batch_step(cx: &StepCx<'_>) -> Option<(BatchStep, u64)> {
    let snap = cx.fresh_snapshot()?;
    let lr = cx.state.learning_rate();
    BatchStep::tutorial(&snap.mlp, &cx.state.dataset, lr).map(|b| (b, snap.step))
}

/// The formula naming `q`.
fn formula(q: Quantity) -> String {
    match q {
        Quantity::E2 => tr!("lesson-backward-e2"),
        Quantity::D2 => tr!("lesson-backward-d2"),
        Quantity::W1Update => tr!("lesson-backward-w1"),
        Quantity::E1 => tr!("lesson-backward-e1"),
        Quantity::D1 => tr!("lesson-backward-d1"),
        Quantity::W0Update => tr!("lesson-backward-w0"),
    }
}

/// The step's controls in the lesson panel.
pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let Some((b, step)) = batch_step(cx) else {
        ui.label(tr!("lesson-backward-wait"));
        return;
    };
    ui.horizontal(|ui| {
        let more = st.shown < Quantity::ALL.len();
        if ui
            .add_enabled(more, egui::Button::new(tr!("lesson-backward-next")))
            .on_hover_text(tr!("lesson-backward-next-tip"))
            .clicked()
        {
            st.shown += 1;
        }
        if ui
            .button(tr!("lesson-backward-apply"))
            .on_hover_text(tr!("lesson-backward-apply-tip"))
            .clicked()
        {
            st.expected = Some((b.w0_after(), b.w1_after(), step));
            cx.out.push(Action::Step);
        }
    });
    let error = format!("{:.6}", b.error());
    ui.label(tr!("lesson-backward-error", error = error));
    let shown = st.shown.min(Quantity::ALL.len());
    egui::ScrollArea::vertical()
        .id_salt("lesson-backward-quantities")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| {
            for (i, &q) in Quantity::ALL[..shown].iter().enumerate() {
                let m = b.matrix(q);
                let (rows, cols) = m.shape();
                ui.strong(format!("{}  ({})", formula(q), shape(rows, cols)));
                ui.push_id(i, |ui| matrix_ui(ui, m));
                if q == Quantity::E1 {
                    ui.label(egui::RichText::new(tr!("lesson-backward-order-note")).small());
                }
            }
        });
}

/// `rows × cols` as text.
fn shape(rows: usize, cols: usize) -> String {
    tr!("lesson-backward-shape", rows = rows, cols = cols)
}

/// The numbers of `m`, one grid row per matrix row.
fn matrix_ui(ui: &mut egui::Ui, m: &DMatrix<f64>) {
    egui::Grid::new("lesson-backward-matrix")
        .spacing([6.0, 0.0])
        .show(ui, |ui| {
            for r in 0..m.nrows() {
                for c in 0..m.ncols() {
                    ui.monospace(egui::RichText::new(format!("{:+.4}", m[(r, c)])).small());
                }
                ui.end_row();
            }
        });
}

/// Each shown weight change written on its connection in the diagram: ΔW₁ once its update
/// is shown, ΔW₀ once the whole backward pass is (painted over the diagram, where its edges
/// were drawn in the last frame).
pub(crate) fn canvas_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State) {
    let Some((b, _)) = batch_step(cx) else {
        return;
    };
    let index = |q: Quantity| Quantity::ALL.iter().position(|&x| x == q).unwrap_or(0);
    let mut changes = Vec::new();
    if st.shown > index(Quantity::W1Update) {
        changes.push((1, &b.dw1));
    }
    if st.shown > index(Quantity::W0Update) {
        changes.push((0, &b.dw0));
    }
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("nnviz-lesson-backward-dw"),
    ));
    let font = egui::FontId::proportional(10.0);
    let visuals = ui.visuals();
    for (layer, dw) in changes {
        let cells = (0..dw.nrows()).flat_map(|r| (0..dw.ncols()).map(move |c| (r, c)));
        for (row, col) in cells {
            let Some(pos) = cx.inside.edge_pos(layer, row, col) else {
                continue;
            };
            let text = format!("Δ{:+.4}", dw[(row, col)]);
            let galley = painter.layout_no_wrap(text, font.clone(), visuals.strong_text_color());
            let rect = egui::Align2::CENTER_CENTER.anchor_size(pos, galley.size());
            painter.rect_filled(rect.expand(2.0), 3.0, visuals.extreme_bg_color);
            painter.galley(rect.min, galley, visuals.strong_text_color());
        }
    }
}
