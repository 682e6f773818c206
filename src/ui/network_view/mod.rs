//! Inside the network: the diagram (inputs, hidden units and outputs as little maps of what
//! each unit computes over the plane, joined by lines coloured by the weight's sign and as
//! thick as its size), explain mode, the timeline and the unit inspector.
//!
//! - [`layout`](mod@layout): the network as data ([`DiagramModel`], pure, tested) and its geometry;
//! - `diagram`: drawing it, hover and click, the thumbnail atlas;
//! - `inspector`: the unit's weights window and the weight popup;
//! - [`explain`](mod@explain): the forward and backward pass in numbers;
//! - `timeline`: scrubbing back through snapshots.
//!
//! [`Inside`] owns their runtime state; none of it is saved. Hover a line to read its
//! weight, click it (or a bias dot) to type a new value, click a unit to see its map large
//! on the canvas. Per-unit maps come from the worker only while the diagram is visible.

mod diagram;
pub mod explain;
pub mod hidden_space;
mod inspector;
pub mod layout;
mod space_picture;
mod timeline;

pub use explain::{Backward, ExplainRow, Explanation, ValueLoss, explain, explain_with, fmt4};
pub use layout::{DiagramEdge, DiagramModel, DiagramNode, MAX_DRAWN_EDGES, layout, unit_name};

use super::action::Action;
use super::canvas::Overlay;
use super::shortcuts::Shortcut;
use super::state::PersistedState;
use super::worker_link::{InsideWish, WorkerLink};
use crate::nn::{Snapshot, UnitMaps};
use crate::tr;
use crate::train::{Timeline, UnitImage};
use egui::{Color32, Pos2, Rect, pos2, vec2};
use explain::ExplainInput;
use layout::{Atlas, Geometry, key_unit_or_default, same_height, thumbnail_resolution};
use std::sync::Arc;

/// Hover text of a weight or bias while the timeline shows an old snapshot.
pub fn scrub_edit_hint() -> String {
    tr!("inside-scrub-edit-hint")
}
/// Message when a weight or bias of an old snapshot is clicked.
pub fn scrub_edit_message() -> String {
    tr!("inside-scrub-edit-message")
}
/// Colour of positive weights (the palette's blue).
const POSITIVE: Color32 = Color32::from_rgb(0x00, 0x77, 0xBB);
/// Colour of negative weights (the palette's orange).
const NEGATIVE: Color32 = Color32::from_rgb(0xEE, 0x77, 0x33);

/// Runtime state of the diagram, explain mode, timeline and inspector.
pub struct Inside {
    /// The diagram is visible (`D`).
    pub(crate) diagram_open: bool,
    /// Unit shown large on the canvas.
    pub(crate) selected_unit: Option<(usize, usize)>,
    /// Unit under the cursor in the diagram: its map is previewed on the canvas meanwhile.
    pub(crate) hovered_unit: Option<(usize, usize)>,
    /// The diagram model and the snapshot it was made from.
    cache: Option<(Arc<Snapshot>, Arc<DiagramModel>)>,
    /// Thumbnails and the maps they were made from (kept, so comparing is safe).
    atlas: Option<Atlas>,
    atlas_source: Option<Arc<UnitMaps>>,
    /// Unit maps computed here for a timeline snapshot.
    scrub_maps: Option<(u64, Arc<UnitMaps>)>,
    /// The shown unit's texture and the image it was made from.
    unit_texture: Option<egui::TextureHandle>,
    unit_source: Option<Arc<UnitImage>>,
    /// Geometry of the last frame (tests aim at it).
    geometry: Option<Geometry>,
    /// The column headings of the last frame and where they were drawn.
    headers: Vec<(String, Rect)>,
    /// Hover text of the last frame.
    hover_text: Option<String>,
    /// Id of the diagram's widget (keyboard focus).
    diagram_id: Option<egui::Id>,
    /// The diagram had keyboard focus in the last frame.
    diagram_focused: bool,
    /// Unit highlighted by the keyboard (`layer`, `unit`).
    key_unit: Option<(usize, usize)>,
    /// The inspector window and the weight popup.
    pub(crate) inspector: inspector::Inspector,
    /// Explain mode.
    pub(crate) explain: explain::Explain,
    /// The timeline bar.
    pub(crate) timeline: timeline::TimelineBar,
    /// The hidden-space window.
    pub(crate) hidden_space: hidden_space::HiddenSpaceView,
}

impl Default for Inside {
    fn default() -> Self {
        Self {
            diagram_open: true,
            selected_unit: None,
            hovered_unit: None,
            cache: None,
            atlas: None,
            atlas_source: None,
            scrub_maps: None,
            unit_texture: None,
            unit_source: None,
            geometry: None,
            headers: Vec::new(),
            hover_text: None,
            diagram_id: None,
            diagram_focused: false,
            key_unit: None,
            inspector: Default::default(),
            explain: Default::default(),
            timeline: Default::default(),
            hidden_space: Default::default(),
        }
    }
}

impl std::fmt::Debug for Inside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inside")
            .field("diagram_open", &self.diagram_open)
            .field("explain_open", &self.explain.open)
            .field("timeline_open", &self.timeline.open)
            .field("selected_unit", &self.selected_unit)
            .field("scrub", &self.timeline.scrub)
            .finish_non_exhaustive()
    }
}

impl Inside {
    // ---- what the rest of the window reads ----

    /// Whether the diagram is visible.
    pub fn diagram_open(&self) -> bool {
        self.diagram_open
    }

    /// Whether explain mode is open.
    pub fn explain_open(&self) -> bool {
        self.explain.open
    }

    /// Whether the timeline bar is showing.
    pub fn timeline_open(&self) -> bool {
        self.timeline.open
    }

    /// The hidden-space view (open, layer and projection picked).
    pub fn hidden_space(&self) -> &hidden_space::HiddenSpaceView {
        &self.hidden_space
    }

    /// The step being looked at in the timeline (`None`: live).
    pub fn scrubbed_step(&self) -> Option<u64> {
        self.timeline.scrub
    }

    /// The unit shown large on the canvas.
    pub fn selected_unit(&self) -> Option<(usize, usize)> {
        self.selected_unit
    }

    /// The unit whose map the canvas shows: the one hovered in the diagram (a preview),
    /// else the one clicked (kept).
    pub fn shown_unit(&self) -> Option<(usize, usize)> {
        self.hovered_unit.or(self.selected_unit)
    }

    /// The unit highlighted by the keyboard.
    pub fn key_unit(&self) -> Option<(usize, usize)> {
        self.key_unit
    }

    /// Whether the unit inspector (`W`) is open.
    pub fn inspector_open(&self) -> bool {
        self.inspector.open
    }

    /// How many times explain mode replayed a training step (it is cached).
    pub fn explain_replays(&self) -> u64 {
        self.explain.replays()
    }

    /// Whether the weight popup owns the keyboard.
    pub(crate) fn edit_open(&self) -> bool {
        self.inspector.edit.is_some()
    }

    /// Whether the diagram has the keyboard focus.
    pub(crate) fn diagram_focused(&self, ctx: &egui::Context) -> bool {
        self.diagram_open
            && self
                .diagram_id
                .is_some_and(|id| ctx.memory(|m| m.has_focus(id)))
    }

    /// The snapshot the diagram and explain mode show: the scrubbed timeline entry's or the
    /// latest heatmap's.
    pub fn shown_snapshot(&self, link: &WorkerLink) -> Option<Arc<Snapshot>> {
        if let Some(e) = self.timeline.entry(link) {
            return Some(Arc::clone(&e.model));
        }
        link.heatmap.as_ref().map(|f| Arc::clone(&f.model))
    }

    /// The timeline of snapshots.
    pub fn timeline<'a>(&self, link: &'a WorkerLink) -> Option<&'a Timeline> {
        link.timeline.as_deref()
    }

    /// The step of what the canvas shows: the scrubbed snapshot's, or the latest heatmap's.
    pub fn canvas_step(&self, link: &WorkerLink) -> Option<u64> {
        match self.timeline.entry(link) {
            Some(e) => Some(e.step),
            None => link.heatmap.as_ref().map(|f| f.step),
        }
    }

    /// Screen position on connection `W{layer}[row, col]` (30 % of the way from its source),
    /// as drawn in the last frame.
    pub fn edge_pos(&self, layer: usize, row: usize, col: usize) -> Option<Pos2> {
        let (_, m) = self.cache.as_ref()?;
        let g = self.geometry?;
        let e = m.edges.get(m.edge_index(layer, row, col)?)?;
        let (a, b) = g.edge_ends(m, e)?;
        Some(a + (b - a) * 0.3)
    }

    /// The diagram's column headings in the last frame and where they were drawn.
    pub fn headers(&self) -> &[(String, Rect)] {
        &self.headers
    }

    /// Screen centre of unit `(layer, unit)` in the last frame.
    pub fn node_pos(&self, layer: usize, unit: usize) -> Option<Pos2> {
        let (_, m) = self.cache.as_ref()?;
        let g = self.geometry?;
        Some(g.center(m.nodes.get(m.node_index(layer, unit)?)?))
    }

    /// The explanation shown now: `None` without a target or a network.
    pub(crate) fn current_explanation(
        &self,
        cx: &ExplainInput<'_>,
    ) -> Option<explain::Explanation> {
        self.explain.current(cx)
    }

    /// What explain mode reads this frame.
    pub(crate) fn explain_input<'a>(
        &self,
        state: &'a PersistedState,
        link: &WorkerLink,
        hovered: Option<usize>,
        hover_data: Option<[f64; 2]>,
        points_generation: u64,
    ) -> ExplainInput<'a> {
        ExplainInput {
            state,
            snapshot: self.shown_snapshot(link),
            hovered,
            hover_data,
            points_generation,
        }
    }

    // ---- changes ----

    /// Shows or hides the diagram.
    pub(crate) fn toggle_diagram(&mut self) {
        self.diagram_open = !self.diagram_open;
    }

    /// Shows or hides explain mode.
    pub(crate) fn toggle_explain(&mut self) {
        self.explain.open = !self.explain.open;
    }

    /// Shows or hides the timeline (hiding it goes back to live).
    pub(crate) fn toggle_timeline(&mut self) {
        self.timeline.toggle();
    }

    /// Shows or hides the hidden-space window.
    pub(crate) fn toggle_hidden_space(&mut self) {
        self.hidden_space.toggle();
    }

    /// Shows `unit`'s map on the canvas (as a click on it in the diagram does).
    pub(crate) fn select_unit(&mut self, unit: (usize, usize)) {
        self.selected_unit = Some(unit);
    }

    /// Back to the live network.
    pub(crate) fn go_live(&mut self) {
        self.timeline.scrub = None;
    }

    /// Escape: closes the weight popup and the inspector.
    pub(crate) fn escape(&mut self) {
        self.inspector.edit = None;
        self.inspector.open = false;
    }

    /// Explain mode pins a training point (a click on the canvas).
    pub(crate) fn pin(&mut self, point: usize) {
        self.explain.pinned_point = Some(point);
        self.explain.key_pinned = false;
    }

    /// A weight or bias was sent to the worker as command `seq`.
    pub(crate) fn note_parameter_sent(
        &mut self,
        key: (usize, Option<usize>, usize),
        value: f64,
        seq: u64,
    ) {
        self.inspector.note_sent(key, value, seq);
    }

    /// A new worker started: its command numbers start again.
    pub(crate) fn worker_restarted(&mut self) {
        self.inspector.forget_sent();
    }

    /// Explain mode's keys.
    pub(crate) fn explain_key(&mut self, s: Shortcut, cx: &ExplainInput<'_>) {
        self.explain.key(s, cx);
    }

    /// Keys of the focused diagram: ↑/↓ move the highlighted unit within its layer, ←/→
    /// across layers, Enter shows its map on the canvas (as a click does), `W` opens or
    /// closes the unit inspector.
    pub(crate) fn diagram_key(&mut self, s: Shortcut) {
        let Some(sizes) = self.cache.as_ref().map(|(_, m)| m.sizes.clone()) else {
            return;
        };
        let size = |l: usize| sizes.get(l).copied().unwrap_or(0);
        let (mut l, mut u) = key_unit_or_default(self, &sizes);
        match s {
            Shortcut::DiagramUp => u = u.saturating_sub(1),
            Shortcut::DiagramDown => u = (u + 1).min(size(l).saturating_sub(1)),
            Shortcut::DiagramLeft if l > 0 => {
                u = same_height(u, size(l), size(l - 1));
                l -= 1;
            }
            Shortcut::DiagramRight if l + 1 < sizes.len() => {
                u = same_height(u, size(l), size(l + 1));
                l += 1;
            }
            Shortcut::DiagramShowUnit => {
                self.selected_unit = if self.selected_unit == Some((l, u)) {
                    None
                } else {
                    Some((l, u))
                };
            }
            Shortcut::DiagramWeights => self.inspector.open = !self.inspector.open,
            _ => {}
        }
        self.key_unit = Some((l, u));
    }

    // ---- per frame ----

    /// Once a frame, before drawing: timeline texture, explain's pin, textures of the maps.
    pub(crate) fn frame(&mut self, ctx: &egui::Context, state: &PersistedState, link: &WorkerLink) {
        if !self.diagram_open {
            self.selected_unit = None;
            self.hovered_unit = None;
            self.inspector.edit = None;
        }
        self.explain.frame(ctx, state.dataset.points.len());
        self.timeline.frame(ctx, link);
        self.update_unit_textures(ctx, state, link);
    }

    /// What the worker should compute for the diagram.
    pub(crate) fn wish(&self, link: &WorkerLink) -> InsideWish {
        let units = link
            .heatmap
            .as_ref()
            .map_or(8, |f| f.model.mlp.sizes().iter().sum());
        InsideWish {
            unit_maps: self.diagram_open.then(|| thumbnail_resolution(units)),
            show_unit: self.shown_unit(),
            hidden_space: self.hidden_space.wish(link),
            // While the timeline is scrubbed back, the hidden space is the snapshot's.
            hidden_space_step: self.timeline.scrub.filter(|_| self.hidden_space.open),
        }
    }

    /// What the canvas shows instead of the classes: the scrubbed snapshot's heatmap, or the
    /// selected unit's map, with the line that says so.
    pub(crate) fn overlay(&self, link: &WorkerLink) -> Option<Overlay> {
        if let Some(e) = self.timeline.entry(link) {
            let step = e.step;
            let label = tr!("inside-timeline-overlay", step = step);
            let tex = self.timeline.texture.as_ref()?;
            return (self.timeline.texture_step == Some(e.step)).then(|| Overlay {
                texture: tex.id(),
                bounds: e.bounds,
                label,
            });
        }
        let (l, u) = self.shown_unit()?;
        let frame = link.heatmap.as_ref()?;
        let img = frame.unit_image.as_ref()?;
        let shown = self.unit_source.as_ref()?;
        if (img.layer, img.unit) != (l, u) || !Arc::ptr_eq(img, shown) {
            return None;
        }
        let sizes = frame.model.mlp.sizes();
        let name = unit_name(&sizes, &frame.model.transform.features, l, u);
        let (low, high) = (fmt4(img.range.0 as f64), fmt4(img.range.1 as f64));
        Some(Overlay {
            texture: self.unit_texture.as_ref()?.id(),
            bounds: img.bounds,
            // A hover preview says how to keep it; a kept map, how to go back.
            label: match (l, self.selected_unit == Some((l, u))) {
                // A regression output: the predicted value on the heatmap's scale.
                (_, kept) if img.values => {
                    let action = if kept {
                        tr!("inside-click-again-back")
                    } else {
                        tr!("inside-click-to-keep")
                    };
                    tr!(
                        "inside-showing-values",
                        name = name,
                        low = low,
                        high = high,
                        action = action
                    )
                }
                (0, true) => tr!("inside-showing-input", name = name, low = low, high = high),
                (_, true) => tr!("inside-showing-unit", name = name, low = low, high = high),
                (0, false) => tr!(
                    "inside-previewing-input",
                    name = name,
                    low = low,
                    high = high
                ),
                (_, false) => tr!(
                    "inside-previewing-unit",
                    name = name,
                    low = low,
                    high = high
                ),
            },
        })
    }

    /// The toggles, and the timeline bar when it is open, at the top of `rect`; returns the
    /// rest of `rect`.
    pub(crate) fn toolbar_ui(
        &mut self,
        ui: &mut egui::Ui,
        rect: Rect,
        link: &WorkerLink,
        running: bool,
        out: &mut Vec<Action>,
    ) -> Rect {
        let bar_h = 28.0;
        let bar = Rect::from_min_size(rect.min, vec2(rect.width(), bar_h));
        ui.scope_builder(egui::UiBuilder::new().max_rect(bar), |ui| {
            ui.horizontal_centered(|ui| {
                ui.spacing_mut().item_spacing.x = 6.0;
                ui.toggle_value(&mut self.diagram_open, tr!("inside-diagram-toggle"))
                    .on_hover_text(format!(
                        "{} {}",
                        tr!("inside-diagram-toggle-tip"),
                        tr!("diagram-hover-preview-tip")
                    ));
                ui.toggle_value(&mut self.explain.open, tr!("inside-explain-toggle"))
                    .on_hover_text(tr!("inside-explain-toggle-tip"));
                let mut t = self.timeline.open;
                if ui
                    .toggle_value(&mut t, tr!("inside-timeline-toggle"))
                    .on_hover_text(tr!("inside-timeline-toggle-tip"))
                    .clicked()
                {
                    self.toggle_timeline();
                }
                ui.toggle_value(&mut self.hidden_space.open, tr!("hidden-space-toggle"))
                    .on_hover_text(tr!("hidden-space-toggle-tip"));
            });
        });
        let mut rest = Rect::from_min_max(pos2(rect.min.x, bar.max.y + 4.0), rect.max);
        if self.timeline.open {
            let tl = Rect::from_min_size(rest.min, vec2(rest.width(), 30.0));
            ui.scope_builder(egui::UiBuilder::new().max_rect(tl), |ui| {
                self.timeline.ui(ui, link, running, out)
            });
            rest.min.y = tl.max.y + 4.0;
        }
        rest
    }

    /// Explain mode docked in `ui` (a scrolling panel beside the canvas).
    pub(crate) fn explain_ui(&mut self, ui: &mut egui::Ui, cx: &ExplainInput<'_>) {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(tr!("inside-explain-title"))
                    .strong()
                    .size(14.5),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button(tr!("inside-explain-close"))
                    .on_hover_text(tr!("inside-explain-close-tip"))
                    .clicked()
                {
                    self.explain.open = false;
                }
            });
        });
        egui::ScrollArea::both()
            .id_salt("explain_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| self.explain.ui(ui, cx));
    }
}
