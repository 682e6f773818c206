//! The lesson mode: the tutorial's ideas as eight guided steps over the live app.
//!
//! The lesson panel takes the side panel's place (the side panel comes back when the lesson
//! is left). Each step has a title, a short text, its own controls, the part(s) of the app it
//! is about (framed; the rest dimmed) and one or two tasks that tick themselves off when
//! their condition first holds. The progress ([`LessonProgress`]: open, step, ticks, seen)
//! is persisted in [`PersistedState::lesson`](super::PersistedState); the runtime state of
//! each step lives in [`Lesson`].
//!
//! # Writing a step (guide for step authors)
//!
//! A step is one file in `steps/` (`steps/<name>.rs`) with these items, all called by the
//! framework through the `match` in `steps/mod.rs` (nothing else to register):
//!
//! - `pub(crate) struct State` (`Default`): the step's runtime state (chosen point, layer
//!   reached…). It is reset to `Default` each time the step is entered or reset.
//! - `pub(crate) fn enter(cx: &StepCx<'_>) -> Vec<Action>`: sets up the step's example.
//!   Use [`example::load`] (points, network, optionally exact weights, running or paused)
//!   and add any other [`Action`] (`SetLearningRate`, `SetSpeed`, …). Runs when the step
//!   is opened (jump, Previous/Next, the lesson opening) and on "Reset this step's example".
//! - `pub(crate) const VIEW: StepView`: [`StepView::highlight`] names the [`Part`]s the
//!   step is about (framed in the app's accent colour; every other part is dimmed, and
//!   still usable); [`StepView::hide`] names parts to close. The diagram, explain mode and
//!   the hidden-space view are opened on entering when highlighted, closed when hidden.
//! - `pub(crate) fn tasks() -> Vec<Task>`: the step's tasks, `Task { id, text }`. The id is
//!   a stable string (`"<step>-<what>"`, e.g. `"neuron-separate"`), persisted once ticked.
//! - `pub(crate) fn done(cx: &StepCx<'_>, st: &State) -> Vec<&'static str>`: the ids of
//!   the tasks whose condition holds *now*, from facts only: `cx.state` (persisted state),
//!   `cx.link` (stats, loss history, heatmap and its `model` snapshot), `cx.inside` (pinned
//!   point, diagram), `cx.canvas` and the step's own `State`. The framework ticks each id
//!   the first time it is returned (and never unticks). It is not called in the frame the
//!   step is entered; use [`StepCx::fresh_snapshot`] to read a model the worker built after
//!   the last command (so an old network never ticks a task).
//! - `pub(crate) fn step_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State)`:
//!   the step's controls under its text, in the lesson panel. Push actions with
//!   `cx.out.push(Action::…)`; the lesson never talks to the worker directly.
//! - `pub(crate) fn canvas_ui(ui: &mut egui::Ui, cx: &mut StepCx<'_>, st: &mut State)`:
//!   optional drawing and handles over the canvas (`cx.canvas.plot_rect()`, and
//!   [`StepCx::screen_from_data`] / [`StepCx::data_from_screen`]); an empty fn if none.
//!
//! Every text goes through `tr!` with its id in both `.ftl` files; a step's title and text
//! are `lesson-<name>-title` and `lesson-<name>-text` (listed in [`LessonStep::title`] and
//! [`LessonStep::text`]).
//!
//! Tests: each step's kittest checks go in their own file `tests/ui_lesson_<name>.rs`
//! (see `tests/ui_lesson.rs` for the helpers: open the app at a step, find widgets by
//! label, advance the manual worker); assert a task is unticked first
//! (`app.persisted().lesson.is_ticked(id)`), do what a user would, then assert it ticked.
//! The Chinese check of every step's title is in `tests/ui_lesson_zh.rs`.

pub mod example;
mod panel;
pub mod progress;
pub(crate) mod steps;

pub use progress::{LessonProgress, opens_on_first_launch};

use super::action::Action;
use super::canvas::Canvas;
use super::layout::LayoutRects;
use super::network_view::Inside;
use super::state::PersistedState;
use super::worker_link::WorkerLink;
use crate::nn::Snapshot;
use crate::tr;
use egui::{Pos2, Rect, pos2};
use std::sync::Arc;

/// The lesson's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LessonStep {
    /// 1. One neuron: weights, threshold, the line it draws.
    Neuron,
    /// 2. Activations: sigmoid, tanh, ReLU.
    Activations,
    /// 3. Layers: the 2-4-1 network and its connections.
    Layers,
    /// 4. Forward pass: one point through the layers.
    Forward,
    /// 5. Loss and backward pass.
    Backward,
    /// 6. Training.
    Training,
    /// 7. Prediction.
    Prediction,
    /// 8. Features are learned.
    Features,
}

impl LessonStep {
    /// Every step, in order.
    pub const ALL: [LessonStep; 8] = [
        LessonStep::Neuron,
        LessonStep::Activations,
        LessonStep::Layers,
        LessonStep::Forward,
        LessonStep::Backward,
        LessonStep::Training,
        LessonStep::Prediction,
        LessonStep::Features,
    ];

    /// How many steps there are.
    pub const COUNT: usize = Self::ALL.len();

    /// The step's number, 1 to [`Self::COUNT`].
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|&s| s == self).unwrap_or(0) + 1
    }

    /// Step `n` (1-based; out of range: the nearest step).
    pub fn from_number(n: usize) -> Self {
        Self::ALL[n.clamp(1, Self::COUNT) - 1]
    }

    /// The next step, if any.
    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.number()).copied()
    }

    /// The previous step, if any.
    pub fn previous(self) -> Option<Self> {
        self.number().checked_sub(2).map(|i| Self::ALL[i])
    }

    /// The step's title.
    pub fn title(self) -> String {
        match self {
            LessonStep::Neuron => tr!("lesson-neuron-title"),
            LessonStep::Activations => tr!("lesson-activations-title"),
            LessonStep::Layers => tr!("lesson-layers-title"),
            LessonStep::Forward => tr!("lesson-forward-title"),
            LessonStep::Backward => tr!("lesson-backward-title"),
            LessonStep::Training => tr!("lesson-training-title"),
            LessonStep::Prediction => tr!("lesson-prediction-title"),
            LessonStep::Features => tr!("lesson-features-title"),
        }
    }

    /// The step's text: what to look at and why.
    pub fn text(self) -> String {
        match self {
            LessonStep::Neuron => tr!("lesson-neuron-text"),
            LessonStep::Activations => tr!("lesson-activations-text"),
            LessonStep::Layers => tr!("lesson-layers-text"),
            LessonStep::Forward => tr!("lesson-forward-text"),
            LessonStep::Backward => tr!("lesson-backward-text"),
            LessonStep::Training => tr!("lesson-training-text"),
            LessonStep::Prediction => tr!("lesson-prediction-text"),
            LessonStep::Features => tr!("lesson-features-text"),
        }
    }
}

/// A part of the app a step can be about (framed) or hide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The canvas with the heatmap and the points.
    Canvas,
    /// The network diagram.
    Diagram,
    /// The loss plot.
    LossPlot,
    /// Explain mode (forward and backward walk).
    Explain,
    /// The transport bar: play, step, learning rate, speed.
    Transport,
    /// The hidden-space view (its own window).
    HiddenSpace,
}

/// Which parts a step is about and which it hides.
#[derive(Clone, Copy, Debug)]
pub struct StepView {
    /// Framed; every other part is dimmed.
    pub highlight: &'static [Part],
    /// Closed while the step is open (diagram, explain, hidden space).
    pub hide: &'static [Part],
}

/// One task of a step.
#[derive(Clone, Debug)]
pub struct Task {
    /// Stable id, persisted once the task is done.
    pub id: &'static str,
    /// What to do.
    pub text: String,
}

/// What a step reads and where it pushes its actions.
pub struct StepCx<'a> {
    /// The persisted state (points, network, learning rate, the lesson's progress).
    pub state: &'a PersistedState,
    /// The worker's facts: stats, loss history, heatmap (with the model snapshot).
    pub link: &'a WorkerLink,
    /// Diagram, explain mode (its pinned point), timeline.
    pub inside: &'a Inside,
    /// The canvas: its plot rectangle and the point under the cursor.
    pub canvas: &'a Canvas,
    /// Where the parts were drawn in the last frame.
    pub rects: LayoutRects,
    /// The frame's action queue (applied at the frame's end).
    pub out: &'a mut Vec<Action>,
    /// Set by a step: the unit whose map the canvas shows (as a click on it in the diagram).
    pub show_unit: Option<(usize, usize)>,
}

impl StepCx<'_> {
    /// The latest model snapshot, if the worker computed it after the last command sent
    /// (so it reflects every edit made so far).
    pub fn fresh_snapshot(&self) -> Option<Arc<Snapshot>> {
        let frame = self.link.heatmap.as_ref()?;
        let fresh = self
            .link
            .last_seq
            .is_none_or(|seq| frame.applied_seq >= seq);
        fresh.then(|| Arc::clone(&frame.model))
    }

    /// The latest model snapshot, whether or not it has caught up with the last command.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.link.heatmap.as_ref().map(|f| Arc::clone(&f.model))
    }

    /// Screen position of `pos_in_data` on the canvas (`None` before it was drawn).
    pub fn screen_from_data(&self, pos_in_data: [f64; 2]) -> Option<Pos2> {
        let (rect, v) = (self.canvas.plot_rect()?, self.state.view());
        let fx = (pos_in_data[0] - v.x_min) / (v.x_max - v.x_min);
        let fy = (pos_in_data[1] - v.y_min) / (v.y_max - v.y_min);
        Some(pos2(
            rect.min.x + fx as f32 * rect.width(),
            rect.max.y - fy as f32 * rect.height(),
        ))
    }

    /// Data position of screen position `pos` on the canvas.
    pub fn data_from_screen(&self, pos: Pos2) -> Option<[f64; 2]> {
        let (rect, v) = (self.canvas.plot_rect()?, self.state.view());
        let fx = f64::from((pos.x - rect.min.x) / rect.width());
        let fy = f64::from((rect.max.y - pos.y) / rect.height());
        Some([
            v.x_min + fx * (v.x_max - v.x_min),
            v.y_min + fy * (v.y_max - v.y_min),
        ])
    }
}

/// The lesson part: which step's example is set up, and each step's runtime state.
#[derive(Default)]
pub struct Lesson {
    /// The step whose example was last set up (`None`: the lesson is closed).
    entered: Option<LessonStep>,
    /// Each step's runtime state.
    pub(crate) steps: steps::StepStates,
}

impl Lesson {
    /// The step whose example is set up (the lesson is open at it).
    pub fn entered(&self) -> Option<LessonStep> {
        self.entered
    }

    /// The lesson is closed: the next opening sets the step's example up again.
    pub(crate) fn close(&mut self) {
        self.entered = None;
    }

    /// Sets up `step`'s example (and forgets its runtime state).
    fn enter(&mut self, step: LessonStep, cx: &mut StepCx<'_>) {
        self.entered = Some(step);
        self.steps.reset(step);
        let actions = steps::enter(step, cx);
        cx.out.extend(actions);
    }
}

/// Opens what a step highlights and closes what it hides (diagram, explain, hidden space).
fn show_parts(view: StepView, inside: &mut Inside) {
    let wanted = |part| {
        if view.highlight.contains(&part) {
            Some(true)
        } else if view.hide.contains(&part) {
            Some(false)
        } else {
            None
        }
    };
    if wanted(Part::Diagram).is_some_and(|w| w != inside.diagram_open()) {
        inside.toggle_diagram();
    }
    if wanted(Part::Explain).is_some_and(|w| w != inside.explain_open()) {
        inside.toggle_explain();
    }
    if wanted(Part::HiddenSpace).is_some_and(|w| w != inside.hidden_space().open) {
        inside.toggle_hidden_space();
    }
}

/// Where `part` was drawn in the last frame.
fn part_rect(rects: &LayoutRects, part: Part) -> Option<Rect> {
    match part {
        Part::Canvas => rects.canvas,
        Part::Diagram => rects.diagram,
        Part::LossPlot => rects.loss_plot,
        Part::Explain => rects.explain,
        Part::Transport => rects.transport,
        Part::HiddenSpace => None,
    }
}

/// Frames the parts the current step is about and dims the others, over everything
/// (painted only: the dimmed parts still take clicks).
pub(crate) fn dim_ui(ctx: &egui::Context, lesson: &Lesson, rects: &LayoutRects) {
    let Some(step) = lesson.entered else {
        return;
    };
    let view = steps::view(step);
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Middle,
        egui::Id::unique("nnviz-lesson-dim"),
    ));
    let dim = egui::Color32::from_rgba_unmultiplied(250, 250, 252, 150);
    let accent = egui::Color32::from_rgb(230, 140, 20);
    for part in [
        Part::Canvas,
        Part::Diagram,
        Part::LossPlot,
        Part::Explain,
        Part::Transport,
    ] {
        let Some(r) = part_rect(rects, part) else {
            continue;
        };
        if view.highlight.contains(&part) {
            painter.rect_stroke(
                r.expand(3.0),
                6.0,
                egui::Stroke::new(3.0, accent),
                egui::StrokeKind::Outside,
            );
        } else {
            painter.rect_filled(r, 0.0, dim);
        }
    }
}

/// What the lesson panel reads and changes.
pub(crate) struct LessonInput<'a> {
    /// The persisted state.
    pub state: &'a PersistedState,
    /// The worker's facts.
    pub link: &'a WorkerLink,
    /// Diagram and explain (opened and closed by the steps).
    pub inside: &'a mut Inside,
    /// The canvas.
    pub canvas: &'a Canvas,
    /// Last frame's rectangles.
    pub rects: LayoutRects,
}

impl LessonInput<'_> {
    /// The step's view of this input, its actions going to `out`.
    fn step_cx<'b>(&'b self, out: &'b mut Vec<Action>) -> StepCx<'b> {
        StepCx {
            state: self.state,
            link: self.link,
            inside: self.inside,
            canvas: self.canvas,
            rects: self.rects,
            out,
            show_unit: None,
        }
    }
}

/// The lesson panel (in the side panel's place): sets up the step's example when the step
/// changed, ticks the tasks that hold, and draws the step.
pub(crate) fn lesson_ui(
    ui: &mut egui::Ui,
    lesson: &mut Lesson,
    input: LessonInput<'_>,
    out: &mut Vec<Action>,
) {
    let progress = &input.state.lesson;
    let step = progress.current();
    let view = steps::view(step);
    let entering = lesson.entered != Some(step);
    if entering {
        show_parts(view, input.inside);
    }
    let mut cx = input.step_cx(out);
    if entering {
        lesson.enter(step, &mut cx);
    } else {
        let done = steps::done(step, &cx, &lesson.steps);
        if let Some(p) = progress.with_ticks(&done) {
            cx.out.push(Action::SetLesson(p));
        }
    }
    let reset = panel::panel_ui(ui, step, &mut cx, &mut lesson.steps);
    if reset {
        lesson.enter(step, &mut cx);
    }
    let unit = cx.show_unit;
    if let Some(u) = unit {
        input.inside.select_unit(u);
    }
}

/// The current step's drawing and handles over the canvas.
pub(crate) fn canvas_ui(
    ui: &mut egui::Ui,
    lesson: &mut Lesson,
    input: LessonInput<'_>,
    out: &mut Vec<Action>,
) {
    let Some(step) = lesson.entered else {
        return;
    };
    let mut cx = input.step_cx(out);
    steps::canvas_ui(step, ui, &mut cx, &mut lesson.steps);
}

/// The menu bar's Lesson button (its shortcut in the tooltip).
pub(crate) fn lesson_button_ui(
    ui: &mut egui::Ui,
    progress: &LessonProgress,
    out: &mut Vec<Action>,
) {
    let key = super::shortcuts::key_text(ui.ctx(), super::shortcuts::Shortcut::ToggleLesson);
    let mut open = progress.open;
    if ui
        .toggle_value(&mut open, tr!("lesson-button"))
        .on_hover_text(tr!("lesson-button-tip", key = key))
        .clicked()
    {
        out.push(Action::SetLesson(progress.toggled()));
    }
}

/// At start: `--lesson STEP` opens the lesson at that step; a true first launch
/// ([`opens_on_first_launch`]) opens it at step 1. Returns whether a closed lesson was
/// opened over stored work (which must then be put aside).
pub(crate) fn open_at_start(
    progress: &mut LessonProgress,
    args: &super::AppArgs,
    has_stored_state: bool,
    scripted: bool,
) -> bool {
    let was_open = progress.open;
    if let Some(n) = args.lesson {
        *progress = progress.opened_at(LessonStep::from_number(usize::from(n)));
    } else if opens_on_first_launch(has_stored_state, args.fresh, scripted) {
        *progress = progress.opened_at(LessonStep::Neuron);
    }
    progress.open && !was_open && has_stored_state
}
