//! The network diagram: inputs, hidden units and outputs as little maps of what each unit
//! computes over the plane, joined by lines coloured by the weight's sign and as thick as
//! its size. Hover a line to read its weight, click it (or a bias dot) to type a new value,
//! click a unit to see its map large on the canvas. `D` shows or hides the diagram.
//!
//! [`layout`] turns a [`Snapshot`] into a [`DiagramModel`] (pure, tested); the painting
//! maps it to the panel. Per-unit maps come from the worker (`HeatmapFrame::unit_maps`,
//! only while the diagram is visible) and are packed into one texture atlas that is
//! re-uploaded only when a new frame arrives.

use super::app::{MessageKind, NnvizApp};
use super::explain::fmt4;
use crate::data::Bounds;
use crate::nn::{Activation, Feature, GridSpec, Snapshot, UnitMaps};
use crate::train::{Command, DivergingTable, Timeline, layer_activation, unit_range};
use egui::emath::GuiRounding as _;
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};
use std::sync::Arc;

/// Hover text of a weight or bias while the timeline shows an old snapshot.
pub const SCRUB_EDIT_HINT: &str =
    "editing works on the live network: go live or resume from this snapshot first";
/// Message when a weight or bias of an old snapshot is clicked.
pub const SCRUB_EDIT_MESSAGE: &str = "This is an old snapshot from the timeline, and editing \
     works on the live network. Press Live or Resume from here in the timeline first, then \
     click the weight again.";
/// Most connections drawn; beyond it only the strongest are (an 8 × 64 net has ~29 k).
pub const MAX_DRAWN_EDGES: usize = 600;
/// Width of the diagram column next to the canvas (fraction of the central area).
const COLUMN_FRACTION: f32 = 0.42;
/// Colour of positive weights (the palette's blue).
const POSITIVE: Color32 = Color32::from_rgb(0x00, 0x77, 0xBB);
/// Colour of negative weights (the palette's orange).
const NEGATIVE: Color32 = Color32::from_rgb(0xEE, 0x77, 0x33);

/// One unit of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramNode {
    /// Layer (0 = input features, last = output).
    pub layer: usize,
    /// Unit within the layer.
    pub unit: usize,
    /// "x", "hidden 1.3", "output".
    pub name: String,
    /// Horizontal position, 0 (inputs) ..= 1 (outputs).
    pub x: f32,
    /// Vertical position, 0 (top) ..= 1 (bottom).
    pub y: f32,
    /// The unit's bias (`None` for inputs and networks without biases).
    pub bias: Option<f64>,
}

/// One connection: weight `W{layer}[row, col]` from input `row` of the layer to unit `col`.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramEdge {
    /// Weight matrix (0 = input → first hidden layer).
    pub layer: usize,
    /// Row of the matrix (the source unit).
    pub row: usize,
    /// Column of the matrix (the target unit).
    pub col: usize,
    /// The weight.
    pub weight: f64,
    /// Index of the source node in [`DiagramModel::nodes`].
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
}

/// The network as the diagram draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramModel {
    /// Layer widths, input first.
    pub sizes: Vec<usize>,
    /// Every unit, layer by layer.
    pub nodes: Vec<DiagramNode>,
    /// Every connection, layer by layer, row-major.
    pub edges: Vec<DiagramEdge>,
    /// Edges drawn (indices into `edges`): all, or the [`MAX_DRAWN_EDGES`] strongest;
    /// weakest first so the strong ones end up on top.
    pub drawn: Vec<usize>,
    /// Largest |weight| (for line widths).
    pub max_abs_weight: f64,
    /// Largest |bias|.
    pub max_abs_bias: f64,
    /// Activation of each layer (`None` for the inputs).
    pub activations: Vec<Option<Activation>>,
    /// Step of the weights.
    pub step: u64,
}

impl DiagramModel {
    /// Index of node `(layer, unit)`.
    pub fn node_index(&self, layer: usize, unit: usize) -> Option<usize> {
        let start: usize = self.sizes.get(..layer)?.iter().sum();
        (unit < *self.sizes.get(layer)?).then_some(start + unit)
    }

    /// Index of edge `W{layer}[row, col]`.
    pub fn edge_index(&self, layer: usize, row: usize, col: usize) -> Option<usize> {
        let start: usize = (0..layer)
            .map(|l| {
                self.sizes.get(l).copied().unwrap_or(0)
                    * self.sizes.get(l + 1).copied().unwrap_or(0)
            })
            .sum();
        let cols = *self.sizes.get(layer + 1)?;
        (row < *self.sizes.get(layer)? && col < cols).then_some(start + row * cols + col)
    }

    /// The connection in words: `W0[1,3] = -0.8200: y → hidden 1.4`.
    pub fn edge_label(&self, e: &DiagramEdge) -> String {
        let name = |i: usize| self.nodes.get(i).map_or("?", |n| n.name.as_str());
        format!(
            "W{}[{},{}] = {}: {} → {}",
            e.layer,
            e.row,
            e.col,
            fmt4(e.weight),
            name(e.from),
            name(e.to)
        )
    }
}

/// Display name of unit `unit` of `layer` in a network of `sizes` with input `features`.
pub fn unit_name(sizes: &[usize], features: &[Feature], layer: usize, unit: usize) -> String {
    let last = sizes.len().saturating_sub(1);
    if layer == 0 {
        features
            .get(unit)
            .map_or_else(|| format!("input {}", unit + 1), |f| f.label().to_owned())
    } else if layer == last {
        if sizes.get(last) == Some(&1) {
            "output".to_owned()
        } else {
            format!("output {}", unit + 1)
        }
    } else {
        format!("hidden {layer}.{}", unit + 1)
    }
}

/// The diagram of `snapshot`'s network: nodes in columns, one edge per weight.
pub fn layout(snapshot: &Snapshot) -> DiagramModel {
    let mlp = &snapshot.mlp;
    let sizes = mlp.sizes();
    let features = &snapshot.transform.features;
    let columns = sizes.len().saturating_sub(1).max(1) as f32;
    let mut nodes = Vec::with_capacity(sizes.iter().sum());
    for (layer, &n) in sizes.iter().enumerate() {
        let bias = layer
            .checked_sub(1)
            .and_then(|l| mlp.layers.get(l))
            .and_then(|l| l.biases.as_ref());
        for unit in 0..n {
            nodes.push(DiagramNode {
                layer,
                unit,
                name: unit_name(&sizes, features, layer, unit),
                x: if sizes.len() > 1 {
                    layer as f32 / columns
                } else {
                    0.5
                },
                y: (unit as f32 + 0.5) / n as f32,
                bias: bias.and_then(|b| b.get(unit).copied()),
            });
        }
    }
    let mut edges = Vec::with_capacity(mlp.num_parameters());
    let mut start = 0;
    for (l, layer) in mlp.layers.iter().enumerate() {
        let (rows, cols) = layer.weights.shape();
        for row in 0..rows {
            for col in 0..cols {
                edges.push(DiagramEdge {
                    layer: l,
                    row,
                    col,
                    weight: layer.weights[(row, col)],
                    from: start + row,
                    to: start + rows + col,
                });
            }
        }
        start += rows;
    }
    let max_abs_weight = edges.iter().map(|e| e.weight.abs()).fold(0.0, f64::max);
    let max_abs_bias = nodes
        .iter()
        .filter_map(|n| n.bias)
        .map(f64::abs)
        .fold(0.0, f64::max);
    // A new snapshot arrives with every heatmap: select the strongest in linear time on a
    // compact (|w|, index) array and sort only those (an 8×64 network has ~29k weights; the
    // indirect comparisons this replaced cost ~1 ms a snapshot).
    let mut strength: Vec<(f64, usize)> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| (e.weight.abs(), i))
        .collect();
    if strength.len() > MAX_DRAWN_EDGES {
        let cut = strength.len() - MAX_DRAWN_EDGES;
        strength.select_nth_unstable_by(cut, |a, b| a.0.total_cmp(&b.0));
        strength.drain(..cut);
    }
    strength.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let drawn: Vec<usize> = strength.into_iter().map(|(_, i)| i).collect();
    DiagramModel {
        activations: (0..sizes.len()).map(|l| layer_activation(mlp, l)).collect(),
        sizes,
        nodes,
        edges,
        drawn,
        max_abs_weight,
        max_abs_bias,
        step: snapshot.step,
    }
}

/// What is under the pointer in the diagram.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Hit {
    /// A unit (node index).
    Node(usize),
    /// A unit's bias dot (node index).
    Bias(usize),
    /// A connection (edge index).
    Edge(usize),
}

/// A weight or bias being typed in the popup.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EditState {
    /// `(layer, Some(row), col)` for a weight, `(layer, None, unit)` for a bias.
    pub target: (usize, Option<usize>, usize),
    /// "W0[1,3]: y → hidden 1.4".
    pub title: String,
    /// The text typed so far.
    pub text: String,
    /// Where the popup opens.
    pub at: Pos2,
    /// Focus the text field on the next frame.
    pub focus: bool,
}

/// Screen geometry of the diagram in the last frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Geometry {
    /// Area the nodes are laid out in.
    pub inner: Rect,
    /// Side of a node's square.
    pub node: f32,
}

impl Geometry {
    fn new(rect: Rect, sizes: &[usize]) -> Self {
        let widest = sizes.iter().copied().max().unwrap_or(1).max(1) as f32;
        let columns = sizes.len().saturating_sub(1).max(1) as f32;
        let (top, bottom, labels) = (22.0, 8.0, 56.0);
        let node = ((rect.height() - top - bottom) / widest * 0.78)
            .min((rect.width() - labels) / (columns + 1.0) * 0.5)
            .clamp(3.0, 52.0);
        let inner = Rect::from_min_max(
            rect.min + vec2(node * 0.5 + 24.0, top),
            rect.max - vec2(node * 0.5 + 30.0, bottom),
        );
        Self { inner, node }
    }

    fn center(&self, n: &DiagramNode) -> Pos2 {
        pos2(
            self.inner.min.x + n.x * self.inner.width(),
            self.inner.min.y + n.y * self.inner.height(),
        )
    }

    fn node_rect(&self, n: &DiagramNode) -> Rect {
        Rect::from_center_size(self.center(n), vec2(self.node, self.node))
    }

    fn bias_center(&self, n: &DiagramNode) -> Pos2 {
        let r = self.node_rect(n);
        pos2(r.min.x - 2.0, r.max.y + 2.0)
    }

    /// The two ends of an edge (node border to node border).
    fn edge_ends(&self, m: &DiagramModel, e: &DiagramEdge) -> Option<(Pos2, Pos2)> {
        let a = self.center(m.nodes.get(e.from)?);
        let b = self.center(m.nodes.get(e.to)?);
        let h = self.node * 0.5;
        Some((a + vec2(h, 0.0), b - vec2(h, 0.0)))
    }
}

/// The per-unit maps packed into one texture.
pub(crate) struct Atlas {
    texture: egui::TextureHandle,
    /// Tiles per row.
    columns: usize,
    /// Tile side in texels.
    tile: usize,
    /// Size of the atlas in texels.
    size: [usize; 2],
    /// Tiles, one per unit in node order.
    tiles: usize,
}

impl Atlas {
    fn uv(&self, index: usize) -> Option<Rect> {
        if index >= self.tiles || self.size[0] == 0 || self.size[1] == 0 {
            return None;
        }
        let (cx, cy) = (index % self.columns, index / self.columns);
        let (w, h) = (self.size[0] as f32, self.size[1] as f32);
        let t = self.tile as f32;
        Some(Rect::from_min_size(
            pos2(cx as f32 * t / w, cy as f32 * t / h),
            vec2(t / w, t / h),
        ))
    }
}

/// Runtime state of the diagram, explain mode and timeline (nothing here is saved).
pub(crate) struct InsideState {
    /// The diagram is visible (`D`).
    pub diagram_open: bool,
    /// The explain window is open (`E`).
    pub explain_open: bool,
    /// The timeline bar is visible (`T`).
    pub timeline_open: bool,
    /// Unit-map resolution last sent (`Some(None)`: maps off).
    pub sent_unit_maps: Option<Option<usize>>,
    /// Shown unit last sent.
    pub sent_show_unit: Option<Option<(usize, usize)>>,
    /// Unit shown large on the canvas.
    pub selected_unit: Option<(usize, usize)>,
    /// The diagram model and the snapshot it was made from.
    pub cache: Option<(Arc<Snapshot>, Arc<DiagramModel>)>,
    /// Thumbnails; the key is the address of the maps they were made from.
    pub atlas: Option<Atlas>,
    pub atlas_key: usize,
    /// Unit maps computed here for a timeline snapshot.
    pub scrub_maps: Option<(u64, Arc<UnitMaps>)>,
    /// The shown unit's texture and the address of its image.
    pub unit_texture: Option<egui::TextureHandle>,
    pub unit_key: usize,
    /// Geometry of the last frame (tests aim at it).
    pub geometry: Option<Geometry>,
    /// Hover text of the last frame.
    pub hover_text: Option<String>,
    /// The weight/bias popup.
    pub edit: Option<EditState>,
    /// Training point explained while the cursor is off the canvas.
    pub pinned_point: Option<usize>,
    /// The pinned point was picked with the keyboard: it is explained even with the cursor
    /// resting on the canvas, until the mouse moves.
    pub key_pinned: bool,
    /// The latest timeline from the worker.
    pub timeline: Option<Arc<Timeline>>,
    /// Step being looked at in the timeline (`None`: live).
    pub scrub: Option<u64>,
    /// Texture of the scrubbed snapshot's heatmap and its step.
    pub scrub_texture: Option<(u64, egui::TextureHandle)>,
    /// Id of the diagram's widget (keyboard focus).
    pub diagram_id: Option<egui::Id>,
    /// The diagram had keyboard focus in the last frame.
    pub diagram_focused: bool,
    /// Unit highlighted by the keyboard (`layer`, `unit`).
    pub key_unit: Option<(usize, usize)>,
    /// The unit inspector window (`W`) is open.
    pub inspector_open: bool,
    /// Values sent from the inspector that the worker's frames do not show yet:
    /// `((layer, row or None for a bias, unit), value, command sequence number)`.
    pub inspector_pending: Vec<(ParamKey, f64, u64)>,
    /// Values dragged in the inspector while the previous value of the same parameter was
    /// still on its way to the worker: sent once it is applied or the drag ends.
    pub inspector_unsent: Vec<(ParamKey, f64)>,
    /// Explain mode's replayed training step (read from `&self` while drawing).
    pub replay: std::cell::RefCell<super::explain::ReplayCache>,
}

/// A weight `(layer, Some(row), unit)` or a bias `(layer, None, unit)`.
pub(crate) type ParamKey = (usize, Option<usize>, usize);

impl Default for InsideState {
    fn default() -> Self {
        Self {
            diagram_open: true,
            explain_open: false,
            timeline_open: false,
            sent_unit_maps: None,
            sent_show_unit: None,
            selected_unit: None,
            cache: None,
            atlas: None,
            atlas_key: 0,
            scrub_maps: None,
            unit_texture: None,
            unit_key: 0,
            geometry: None,
            hover_text: None,
            edit: None,
            pinned_point: None,
            key_pinned: false,
            timeline: None,
            scrub: None,
            scrub_texture: None,
            diagram_id: None,
            diagram_focused: false,
            key_unit: None,
            inspector_open: false,
            inspector_pending: Vec::new(),
            inspector_unsent: Vec::new(),
            replay: Default::default(),
        }
    }
}

impl std::fmt::Debug for InsideState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InsideState")
            .field("diagram_open", &self.diagram_open)
            .field("explain_open", &self.explain_open)
            .field("timeline_open", &self.timeline_open)
            .field("selected_unit", &self.selected_unit)
            .field("scrub", &self.scrub)
            .finish_non_exhaustive()
    }
}

/// The unit the keyboard works on: the highlighted one if it still exists, else the one
/// shown on the canvas, else the first hidden unit.
fn key_unit_or_default(inside: &InsideState, sizes: &[usize]) -> (usize, usize) {
    let valid = |u: &(usize, usize)| sizes.get(u.0).is_some_and(|&n| u.1 < n);
    inside
        .key_unit
        .filter(valid)
        .or(inside.selected_unit.filter(valid))
        .unwrap_or((usize::from(sizes.len() > 1), 0))
}

/// Unit `unit` of a layer of `from` units moved to a layer of `to` units, keeping its
/// height in the column.
fn same_height(unit: usize, from: usize, to: usize) -> usize {
    if from == 0 || to == 0 {
        return 0;
    }
    let y = (unit as f64 + 0.5) / from as f64;
    ((y * to as f64).floor() as usize).min(to - 1)
}

/// Thumbnail resolution for a network with `units` units in all.
fn thumbnail_resolution(units: usize) -> usize {
    match units {
        0..=64 => 32,
        65..=200 => 24,
        _ => 16,
    }
}

fn weight_color(w: f64, alpha: f32) -> Color32 {
    let c = if w >= 0.0 { POSITIVE } else { NEGATIVE };
    c.gamma_multiply(alpha.clamp(0.0, 1.0))
}

/// What the unit inspector does with a value edited this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InspectorSend {
    /// Send it to the worker now.
    Now,
    /// Keep it until the value sent before is applied or the drag ends: a drag sends at
    /// most one value per parameter at a time, however many frames it lasts.
    Hold,
    /// The worker already has it on its way: nothing to send.
    Skip,
}

/// The inspector's decision for `value` of a parameter whose last sent value not yet
/// applied is `in_flight`, while the widget is `dragging` or not.
pub(crate) fn inspector_send(in_flight: Option<f64>, dragging: bool, value: f64) -> InspectorSend {
    match in_flight {
        Some(v) if v == value => InspectorSend::Skip,
        Some(_) if dragging => InspectorSend::Hold,
        _ => InspectorSend::Now,
    }
}

/// One row of the unit inspector's grid: the parameter's name (with `note` as its hover text)
/// and its value to drag or type, disabled unless `live`. Returns a new finite value, if
/// any, and whether the value is being dragged.
fn param_row_ui(
    ui: &mut egui::Ui,
    name: &str,
    value: f64,
    live: bool,
    hint: &str,
    note: Option<&str>,
) -> (Option<f64>, bool) {
    let label = ui.label(RichText::new(name).monospace());
    if let Some(note) = note {
        label.clone().on_hover_text(note);
    }
    let mut v = value;
    let resp = ui
        .add_enabled(
            live,
            egui::DragValue::new(&mut v).speed(0.01).max_decimals(6),
        )
        .labelled_by(label.id)
        .on_hover_text(hint);
    ui.end_row();
    (
        (resp.changed() && v.is_finite()).then_some(v),
        resp.dragged(),
    )
}

/// Layer sizes, runs of three or more equal sizes collapsed: `2 → 64 (×8) → 3`.
fn sizes_text(sizes: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&n) = sizes.get(i) {
        let run = sizes
            .get(i..)
            .map_or(1, |rest| rest.iter().take_while(|&&m| m == n).count());
        if run >= 3 {
            parts.push(format!("{n} (×{run})"));
        } else {
            parts.extend(std::iter::repeat_n(n.to_string(), run));
        }
        i += run.max(1);
    }
    parts.join(" → ")
}

/// The segment `a`–`b` as one quad of `width` (no anti-aliasing: for many thin lines).
fn add_line_quad(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len.is_nan() || len <= 1e-3 {
        return;
    }
    let n = vec2(-d.y, d.x) * (0.5 * width / len);
    let base = mesh.vertices.len() as u32;
    for p in [a + n, b + n, b - n, a - n] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(base, base + 1, base + 2);
    mesh.add_triangle(base, base + 2, base + 3);
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

impl NnvizApp {
    // ---- accessors for tests ----

    /// The diagram's model of the network on screen (the scrubbed snapshot's, or the latest).
    pub fn diagram_model(&self) -> Option<DiagramModel> {
        self.shown_snapshot().map(|s| layout(&s))
    }

    /// Screen position on connection `W{layer}[row, col]` (30 % of the way from its source),
    /// as drawn in the last frame.
    pub fn diagram_edge_pos(&self, layer: usize, row: usize, col: usize) -> Option<Pos2> {
        let (_, m) = self.inside.cache.as_ref()?;
        let g = self.inside.geometry?;
        let e = m.edges.get(m.edge_index(layer, row, col)?)?;
        let (a, b) = g.edge_ends(m, e)?;
        Some(a + (b - a) * 0.3)
    }

    /// Screen centre of unit `(layer, unit)` in the last frame.
    pub fn diagram_node_pos(&self, layer: usize, unit: usize) -> Option<Pos2> {
        let (_, m) = self.inside.cache.as_ref()?;
        let g = self.inside.geometry?;
        Some(g.center(m.nodes.get(m.node_index(layer, unit)?)?))
    }

    /// The unit shown large on the canvas.
    pub fn selected_unit(&self) -> Option<(usize, usize)> {
        self.inside.selected_unit
    }

    /// Whether the network diagram is visible.
    pub fn diagram_open(&self) -> bool {
        self.inside.diagram_open
    }

    /// Whether the explain window is open (`E`).
    pub fn explain_open(&self) -> bool {
        self.inside.explain_open
    }

    /// Whether the timeline bar is showing (`T`).
    pub fn timeline_open(&self) -> bool {
        self.inside.timeline_open
    }

    /// The snapshot the diagram and explain mode show: the scrubbed timeline entry's or the
    /// latest heatmap's.
    pub(crate) fn shown_snapshot(&self) -> Option<Arc<Snapshot>> {
        if let Some(e) = self.scrub_entry() {
            return Some(Arc::clone(&e.model));
        }
        self.heatmap.as_ref().map(|f| Arc::clone(&f.model))
    }

    // ---- per frame ----

    /// Keys of the focused diagram, read before the global shortcuts (which step with →):
    /// ↑/↓ move the highlighted unit within its layer, ←/→ across layers, Enter shows its
    /// map on the canvas (as a click does), `W` opens or closes the unit inspector.
    pub(crate) fn diagram_keys(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        let Some(id) = self.inside.diagram_id else {
            return;
        };
        if !self.inside.diagram_open || ctx.text_edit_focused() || !ctx.memory(|m| m.has_focus(id))
        {
            return;
        }
        let Some(sizes) = self.inside.cache.as_ref().map(|(_, m)| m.sizes.clone()) else {
            return;
        };
        // `consume_key(Modifiers::NONE, …)` would also take Shift+arrows, which pan the
        // canvas: keys with any modifier are left to the global shortcuts.
        let [up, down, left, right, enter, w] = ctx.input_mut(|i| {
            let plain = i.modifiers.is_none();
            [
                Key::ArrowUp,
                Key::ArrowDown,
                Key::ArrowLeft,
                Key::ArrowRight,
                Key::Enter,
                Key::W,
            ]
            .map(|k| plain && i.consume_key(Modifiers::NONE, k))
        });
        let size = |l: usize| sizes.get(l).copied().unwrap_or(0);
        let (mut l, mut u) = key_unit_or_default(&self.inside, &sizes);
        if up {
            u = u.saturating_sub(1);
        }
        if down {
            u = (u + 1).min(size(l).saturating_sub(1));
        }
        if left && l > 0 {
            u = same_height(u, size(l), size(l - 1));
            l -= 1;
        }
        if right && l + 1 < sizes.len() {
            u = same_height(u, size(l), size(l + 1));
            l += 1;
        }
        self.inside.key_unit = Some((l, u));
        if enter {
            self.inside.selected_unit = if self.inside.selected_unit == Some((l, u)) {
                None
            } else {
                Some((l, u))
            };
        }
        if w {
            self.inside.inspector_open = !self.inside.inspector_open;
        }
    }

    /// The unit highlighted by the keyboard (tests).
    pub fn diagram_key_unit(&self) -> Option<(usize, usize)> {
        self.inside.key_unit
    }

    /// Whether the unit inspector (`W`) is open.
    pub fn unit_inspector_open(&self) -> bool {
        self.inside.inspector_open
    }

    /// Shortcuts D/E/T/Escape, the worker's unit-map settings, the timeline and textures.
    /// Called once per frame after the worker's updates were read.
    pub(crate) fn inside_frame(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        // Not behind a file dialog (its own keys); the weight popup still closes with Escape.
        if !ctx.text_edit_focused() && !self.file_dialog_open() {
            let (d, e, t, esc) = ctx.input_mut(|i| {
                (
                    i.consume_key(Modifiers::NONE, Key::D),
                    i.consume_key(Modifiers::NONE, Key::E),
                    i.consume_key(Modifiers::NONE, Key::T),
                    i.key_pressed(Key::Escape),
                )
            });
            if d {
                self.inside.diagram_open = !self.inside.diagram_open;
            }
            if e {
                self.inside.explain_open = !self.inside.explain_open;
            }
            if t {
                self.toggle_timeline();
            }
            if esc {
                self.inside.edit = None;
                self.inside.inspector_open = false;
            }
        }
        if !self.inside.diagram_open {
            self.inside.selected_unit = None;
            self.inside.edit = None;
        }
        // A new worker knows nothing of our settings (and has a new timeline).
        if self.sent_view.is_none() {
            self.inside.sent_unit_maps = None;
            self.inside.sent_show_unit = None;
        }
        if let Some(w) = &self.worker {
            if let Some(t) = w.take_timeline() {
                self.inside.timeline = Some(t);
            }
            let units = self
                .heatmap
                .as_ref()
                .map_or(8, |f| f.model.mlp.sizes().iter().sum());
            let maps = self
                .inside
                .diagram_open
                .then(|| thumbnail_resolution(units));
            if self.inside.sent_unit_maps != Some(maps) {
                let cmd = Command::SetUnitMaps {
                    enabled: maps.is_some(),
                    resolution: maps.unwrap_or(0),
                };
                self.send(cmd);
                self.inside.sent_unit_maps = Some(maps);
            }
            let show = self.inside.selected_unit;
            if self.inside.sent_show_unit != Some(show) {
                self.send(Command::ShowUnit(show));
                self.inside.sent_show_unit = Some(show);
            }
        }
        if !self.modal_open() {
            self.explain_keys(ctx);
        }
        // Explain mode: a click on a training point pins it.
        if self.inside.explain_open
            && let Some(i) = self.canvas.hovered_point
            && ctx.input(|i| i.pointer.primary_clicked())
        {
            self.inside.pinned_point = Some(i);
        }
        if self
            .inside
            .pinned_point
            .is_some_and(|i| i >= self.state.dataset.points.len())
        {
            self.inside.pinned_point = None;
        }
        self.timeline_frame(ctx);
        self.update_unit_textures(ctx);
    }

    /// Rebuilds the thumbnail atlas and the shown unit's texture when new maps arrived.
    fn update_unit_textures(&mut self, ctx: &egui::Context) {
        if !self.inside.diagram_open {
            return;
        }
        // Thumbnails: the scrubbed snapshot's (computed here once) or the worker's.
        let source = match (
            self.scrub_entry().map(|e| Arc::clone(&e.model)),
            &self.heatmap,
        ) {
            (Some(model), _) => {
                let step = model.step;
                if self.inside.scrub_maps.as_ref().map(|(s, _)| *s) != Some(step) {
                    let units: usize = model.mlp.sizes().iter().sum();
                    let r = thumbnail_resolution(units);
                    let bounds = self.view();
                    let mut maps = UnitMaps::default();
                    model.unit_maps(&GridSpec::cell_centers(&bounds, r, r), &mut maps);
                    self.inside.scrub_maps = Some((step, Arc::new(maps)));
                }
                self.inside
                    .scrub_maps
                    .as_ref()
                    .map(|(_, m)| (Arc::clone(m), model))
            }
            (None, Some(f)) => f
                .unit_maps
                .as_ref()
                .map(|m| (Arc::clone(m), Arc::clone(&f.model))),
            (None, None) => None,
        };
        if let Some((maps, model)) = source {
            let key = Arc::as_ptr(&maps) as usize;
            if key != self.inside.atlas_key {
                self.inside.atlas_key = key;
                self.build_atlas(ctx, &maps, &model);
            }
        }
        // The shown unit at full size.
        if let Some(img) = self
            .heatmap
            .as_ref()
            .and_then(|f| f.unit_image.as_ref())
            .filter(|u| Some((u.layer, u.unit)) == self.inside.selected_unit)
        {
            let key = Arc::as_ptr(img) as usize;
            let im = &img.image;
            if key != self.inside.unit_key
                && im.width > 0
                && im.pixels.len() == im.width * im.height * 4
            {
                self.inside.unit_key = key;
                let color =
                    egui::ColorImage::from_rgba_unmultiplied([im.width, im.height], &im.pixels);
                match &mut self.inside.unit_texture {
                    Some(t) => t.set(color, egui::TextureOptions::LINEAR),
                    None => {
                        self.inside.unit_texture = Some(ctx.load_texture(
                            "nnviz-unit",
                            color,
                            egui::TextureOptions::LINEAR,
                        ))
                    }
                }
            }
        }
    }

    fn build_atlas(&mut self, ctx: &egui::Context, maps: &UnitMaps, model: &Snapshot) {
        let tile = maps.nx;
        if tile == 0 || maps.ny != tile {
            return;
        }
        let tiles: usize = maps.layers.iter().map(Vec::len).sum();
        let columns = (tiles as f64).sqrt().ceil().max(1.0) as usize;
        let rows = tiles.div_ceil(columns).max(1);
        let size = [columns * tile, rows * tile];
        let mut img = egui::ColorImage::filled(size, Color32::WHITE);
        let table = DivergingTable::shared();
        let mut index = 0;
        for (l, layer) in maps.layers.iter().enumerate() {
            let act = layer_activation(&model.mlp, l);
            for (u, values) in layer.iter().enumerate() {
                let (lo, hi) = maps.range(l, u);
                let range = unit_range(act, lo, hi);
                let (cx, cy) = ((index % columns) * tile, (index / columns) * tile);
                for (y, row) in values.chunks_exact(tile).take(tile).enumerate() {
                    let start = (cy + y) * size[0] + cx;
                    let Some(out) = img.pixels.get_mut(start..start + tile) else {
                        continue;
                    };
                    for (px, &v) in out.iter_mut().zip(row) {
                        let [r, g, b, _] = table.color(v, range);
                        *px = Color32::from_rgb(r, g, b);
                    }
                }
                index += 1;
            }
        }
        let options = egui::TextureOptions::LINEAR;
        match &mut self.inside.atlas {
            Some(a) => {
                a.texture.set(img, options);
                a.columns = columns;
                a.tile = tile;
                a.size = size;
                a.tiles = tiles;
            }
            None => {
                self.inside.atlas = Some(Atlas {
                    texture: ctx.load_texture("nnviz-unit-atlas", img, options),
                    columns,
                    tile,
                    size,
                    tiles,
                })
            }
        }
    }

    // ---- layout ----

    /// The toggles (and the timeline bar when open) above the canvas; returns the rest.
    pub(crate) fn inside_toolbar_ui(&mut self, ui: &mut egui::Ui, rect: Rect) -> Rect {
        let bar_h = 28.0;
        let bar = Rect::from_min_size(rect.min, vec2(rect.width(), bar_h));
        ui.scope_builder(egui::UiBuilder::new().max_rect(bar), |ui| {
            ui.horizontal_centered(|ui| {
                ui.spacing_mut().item_spacing.x = 6.0;
                ui.toggle_value(&mut self.inside.diagram_open, "Network diagram (D)")
                    .on_hover_text(
                        "Show the network: every unit with a small map of what it computes over \
                         the plane, and every weight as a line (blue = positive, orange = \
                         negative, thicker = stronger). Click a line to change its weight, click \
                         a unit to see its map large.",
                    );
                ui.toggle_value(&mut self.inside.explain_open, "Explain (E)")
                    .on_hover_text(
                        "Follow the numbers: the forward pass at the cursor, layer by layer, next \
                         to the tutorial's equations. Hover or click a training point to also \
                         see the errors and deltas of the backward pass.",
                    );
                let mut t = self.inside.timeline_open;
                if ui
                    .toggle_value(&mut t, "Timeline (T)")
                    .on_hover_text(
                        "Scrub back through training: see how the boundary and the weights \
                         looked earlier, and resume training from any moment.",
                    )
                    .clicked()
                {
                    self.toggle_timeline();
                }
            });
        });
        let mut rest = Rect::from_min_max(pos2(rect.min.x, bar.max.y + 4.0), rect.max);
        if self.inside.timeline_open {
            let tl = Rect::from_min_size(rest.min, vec2(rest.width(), 30.0));
            ui.scope_builder(egui::UiBuilder::new().max_rect(tl), |ui| {
                self.timeline_bar_ui(ui)
            });
            rest.min.y = tl.max.y + 4.0;
        }
        rest
    }

    /// Canvas and loss plot on the left, the diagram in a column on the right.
    pub(crate) fn inside_central_ui(&mut self, ui: &mut egui::Ui, rect: Rect) {
        let gap = 10.0;
        let col_w = (rect.width() * COLUMN_FRACTION).clamp(280.0, 560.0);
        let plot_min = 150.0;
        let side = (rect.width() - col_w - gap)
            .min(rect.height() - plot_min - gap)
            .max(120.0);
        let canvas_rect = Rect::from_min_size(rect.min, vec2(side, side));
        let plot_rect = Rect::from_min_max(
            pos2(rect.min.x, canvas_rect.max.y + gap),
            pos2(canvas_rect.max.x, rect.max.y),
        );
        let diagram_rect = Rect::from_min_max(pos2(canvas_rect.max.x + gap, rect.min.y), rect.max);
        ui.scope_builder(egui::UiBuilder::new().max_rect(canvas_rect), |ui| {
            self.canvas_ui(ui)
        });
        ui.scope_builder(egui::UiBuilder::new().max_rect(plot_rect), |ui| {
            self.loss_plot_ui(ui)
        });
        ui.scope_builder(egui::UiBuilder::new().max_rect(diagram_rect), |ui| {
            self.diagram_ui(ui)
        });
        ui.advance_cursor_after_rect(rect);
    }

    // ---- the diagram ----

    /// The diagram panel: title, legend, the network, the hover line.
    pub(crate) fn diagram_ui(&mut self, ui: &mut egui::Ui) {
        let Some(snapshot) = self.shown_snapshot() else {
            ui.label(RichText::new("Waiting for the network…").weak());
            return;
        };
        let model = match &self.inside.cache {
            Some((s, m)) if Arc::ptr_eq(s, &snapshot) => Arc::clone(m),
            _ => {
                let m = Arc::new(layout(&snapshot));
                self.inside.cache = Some((Arc::clone(&snapshot), Arc::clone(&m)));
                m
            }
        };
        // Labels truncate rather than widen the panel past the window's edge.
        ui.horizontal(|ui| {
            ui.label(RichText::new("Inside the network").strong().size(14.5));
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "{} · step {}",
                        sizes_text(&model.sizes),
                        model.step
                    ))
                    .weak(),
                )
                .truncate(),
            );
        });
        // The button is laid out first, on the right, so the legend truncates before it.
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let label = if self.inside.inspector_open {
                    "Hide weights"
                } else {
                    "Weights (W)"
                };
                if ui
                    .small_button(label)
                    .on_hover_text(
                        "List the highlighted unit's incoming weights and bias, each editable \
                         — also those too faint to be drawn. Keyboard: click the diagram or \
                         Tab to it, pick a unit with the arrow keys, press W.",
                    )
                    .clicked()
                {
                    self.inside.inspector_open = !self.inside.inspector_open;
                    self.inside.key_unit = Some(key_unit_or_default(&self.inside, &model.sizes));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    legend_ui(ui, POSITIVE, "positive weight");
                    legend_ui(ui, NEGATIVE, "negative weight");
                    if self.inside.scrub.is_some() {
                        ui.label(RichText::new("(timeline)").color(Color32::from_rgb(150, 90, 0)));
                    } else if model.edges.len() > model.drawn.len() {
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!(
                                    "· {} strongest of {} shown",
                                    model.drawn.len(),
                                    model.edges.len()
                                ))
                                .weak()
                                .size(11.5),
                            )
                            .truncate(),
                        )
                        .on_hover_text(
                            "Big networks show only their strongest connections; hover a line to \
                             read its weight",
                        );
                    }
                });
            });
        });
        let full = ui.available_rect_before_wrap();
        let footer_h = 34.0;
        let rect = Rect::from_min_max(full.min, pos2(full.max.x, full.max.y - footer_h));
        if rect.height() < 60.0 || rect.width() < 120.0 {
            return;
        }
        let id = ui.scope_id().with("nnviz_diagram");
        let response = ui.interact(rect, id, Sense::click());
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Network diagram"));
        self.inside.diagram_id = Some(id);
        self.inside.diagram_focused = response.has_focus();
        if response.has_focus() {
            // Arrow keys pick units here instead of moving the focus to other widgets.
            ui.memory_mut(|mem| {
                mem.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        tab: false,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    },
                );
            });
            self.inside.key_unit = Some(key_unit_or_default(&self.inside, &model.sizes));
        }
        let geo = Geometry::new(rect, &model.sizes);
        self.inside.geometry = Some(geo);
        let hit = response
            .hover_pos()
            .and_then(|p| self.diagram_hit(&model, &geo, p));
        self.paint_diagram(ui, rect, &model, &geo, hit);

        let text = hit.map(|h| self.hit_text(&model, h));
        self.inside.hover_text.clone_from(&text);
        let response = match &text {
            Some(t) => response.on_hover_text_at_pointer(t),
            None => response,
        };
        if response.clicked() {
            response.request_focus();
            if let Some(h) = hit {
                self.diagram_click(&model, h, response.interact_pointer_pos());
            }
        }
        if hit.is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }

        // Footer: what is under the cursor, or how to use the diagram.
        let footer = Rect::from_min_max(pos2(full.min.x, rect.max.y + 2.0), full.max);
        let focused_text = if self.inside.diagram_focused {
            self.inside.key_unit.and_then(|(l, u)| {
                let i = model.node_index(l, u)?;
                Some(format!(
                    "{} · keys: ↑↓ unit, ←→ layer, Enter map, W weights, Tab leaves",
                    self.hit_text(&model, Hit::Node(i))
                        .replace("click to", "Enter to")
                ))
            })
        } else {
            None
        };
        ui.scope_builder(egui::UiBuilder::new().max_rect(footer), |ui| {
            self.footer_line_ui(ui, text.as_deref(), focused_text.as_deref());
        });
        ui.advance_cursor_after_rect(full);
        self.edit_popup_ui(ui.ctx());
        self.unit_inspector_ui(ui.ctx(), &model, rect);
    }

    /// The footer's text: what is under the cursor, the highlighted unit, or how to use the
    /// diagram.
    fn footer_line_ui(&self, ui: &mut egui::Ui, text: Option<&str>, focused: Option<&str>) {
        {
            let line = match (text, focused) {
                (Some(t), _) => RichText::new(t).monospace().size(12.0),
                (None, Some(f)) => RichText::new(f).size(11.5),
                (None, None) if self.inside.scrub.is_some() => RichText::new(
                    "Hover a line to read its weight · click a unit to see its map · to edit \
                     a weight, press Live or Resume from here first",
                )
                .weak()
                .size(11.5),
                (None, None) => RichText::new(
                    "Hover a line to read its weight · click it to change it · click a unit to \
                     see its map on the canvas · Tab or click, then arrow keys, to pick units",
                )
                .weak()
                .size(11.5),
            };
            ui.add(egui::Label::new(line).wrap());
        }
    }

    /// What is under `p`: a node, a bias dot or the nearest drawn edge within 5 px.
    fn diagram_hit(&self, m: &DiagramModel, g: &Geometry, p: Pos2) -> Option<Hit> {
        for (i, n) in m.nodes.iter().enumerate() {
            if g.node_rect(n).expand(1.0).contains(p) {
                return Some(Hit::Node(i));
            }
            if n.bias.is_some() && g.node >= 12.0 && g.bias_center(n).distance(p) <= 5.0 {
                return Some(Hit::Bias(i));
            }
        }
        let mut best = None;
        let mut best_d = 5.0;
        for &i in &m.drawn {
            let Some(e) = m.edges.get(i) else { continue };
            let Some((a, b)) = g.edge_ends(m, e) else {
                continue;
            };
            let d = segment_distance(p, a, b);
            if d <= best_d {
                best_d = d;
                best = Some(Hit::Edge(i));
            }
        }
        best
    }

    fn hit_text(&self, m: &DiagramModel, hit: Hit) -> String {
        let scrubbed = |t: String| {
            if self.inside.scrub.is_some() {
                format!("{t} — {}", SCRUB_EDIT_HINT)
            } else {
                t
            }
        };
        match hit {
            Hit::Edge(i) => m
                .edges
                .get(i)
                .map_or_else(String::new, |e| scrubbed(m.edge_label(e))),
            Hit::Bias(i) => m.nodes.get(i).map_or_else(String::new, |n| {
                scrubbed(format!(
                    "b{}[{}] = {}: bias of {}",
                    n.layer.saturating_sub(1),
                    n.unit,
                    fmt4(n.bias.unwrap_or(0.0)),
                    n.name
                ))
            }),
            Hit::Node(i) => m.nodes.get(i).map_or_else(String::new, |n| {
                let what = match m.activations.get(n.layer).copied().flatten() {
                    None => "input feature".to_owned(),
                    Some(Activation::Softmax) => "score before softmax".to_owned(),
                    Some(a) => format!("{a} unit"),
                };
                let action = if self.inside.selected_unit == Some((n.layer, n.unit)) {
                    "click to go back to the classes"
                } else {
                    "click to show its map on the canvas"
                };
                format!("{} ({what}) — {action}", n.name)
            }),
        }
    }

    fn diagram_click(&mut self, m: &DiagramModel, hit: Hit, at: Option<Pos2>) {
        let at = at.unwrap_or_default() + vec2(12.0, 12.0);
        if self.inside.scrub.is_some() && matches!(hit, Hit::Edge(_) | Hit::Bias(_)) {
            // The diagram shows an old snapshot, but edits go to the live network.
            self.post(MessageKind::Info, SCRUB_EDIT_MESSAGE);
            return;
        }
        match hit {
            Hit::Node(i) => {
                if let Some(n) = m.nodes.get(i) {
                    let u = (n.layer, n.unit);
                    self.inside.key_unit = Some(u);
                    self.inside.selected_unit = if self.inside.selected_unit == Some(u) {
                        None
                    } else {
                        Some(u)
                    };
                }
            }
            Hit::Edge(i) => {
                if let Some(e) = m.edges.get(i) {
                    let name = |k: usize| m.nodes.get(k).map_or("?", |n| n.name.as_str());
                    self.inside.edit = Some(EditState {
                        target: (e.layer, Some(e.row), e.col),
                        title: format!(
                            "W{}[{},{}]: {} → {}",
                            e.layer,
                            e.row,
                            e.col,
                            name(e.from),
                            name(e.to)
                        ),
                        text: fmt4(e.weight),
                        at,
                        focus: true,
                    });
                }
            }
            Hit::Bias(i) => {
                if let Some(n) = m.nodes.get(i) {
                    self.inside.edit = Some(EditState {
                        target: (n.layer.saturating_sub(1), None, n.unit),
                        title: format!(
                            "b{}[{}]: bias of {}",
                            n.layer.saturating_sub(1),
                            n.unit,
                            n.name
                        ),
                        text: fmt4(n.bias.unwrap_or(0.0)),
                        at,
                        focus: true,
                    });
                }
            }
        }
    }

    /// Sends a new weight (`row` = `Some`) or bias to the worker; returns the command's
    /// sequence number (`None` without a worker).
    pub fn set_parameter(
        &mut self,
        layer: usize,
        row: Option<usize>,
        unit: usize,
        value: f64,
    ) -> Option<u64> {
        let cmd = match row {
            Some(row) => Command::SetWeight {
                layer,
                row,
                col: unit,
                value,
            },
            None => Command::SetBias { layer, unit, value },
        };
        self.send(cmd)
    }

    /// The unit inspector: the highlighted unit's incoming weights and bias, each editable
    /// (the same commands as the click popup), also those the diagram does not draw.
    fn unit_inspector_ui(&mut self, ctx: &egui::Context, m: &DiagramModel, rect: Rect) {
        if !self.inside.inspector_open {
            // Held values of a closed inspector are dropped, not sent later.
            self.inside.inspector_unsent.clear();
            return;
        }
        let applied = self.heatmap().map_or(0, |f| f.applied_seq);
        self.inside
            .inspector_pending
            .retain(|(_, _, seq)| *seq > applied);
        let (l, u) = key_unit_or_default(&self.inside, &m.sizes);
        let live = self.inside.scrub.is_none();
        let mut open = true;
        let mut sends: Vec<(ParamKey, f64)> = Vec::new();
        let mut dragged: Vec<ParamKey> = Vec::new();
        egui::Window::new("Weights of a unit")
            .open(&mut open)
            .default_pos(rect.left_top() + vec2(8.0, 24.0))
            .default_width(260.0)
            .resizable(false)
            .show(ctx, |ui| {
                let Some(node) = m.node_index(l, u).and_then(|i| m.nodes.get(i)) else {
                    return;
                };
                ui.label(RichText::new(&node.name).strong());
                if l == 0 {
                    ui.label(
                        RichText::new(
                            "An input feature has no incoming weights. Press → in the diagram \
                             (or click a unit) to pick a hidden unit.",
                        )
                        .weak(),
                    );
                    return;
                }
                if !live {
                    ui.label(
                        RichText::new(format!(
                            "Step {} from the timeline, read only: editing works on the live \
                             network. Press Live or Resume from here first.",
                            m.step
                        ))
                        .color(Color32::from_rgb(150, 90, 0)),
                    );
                }
                let wl = l - 1;
                let pending = |key: ParamKey| {
                    let mut unsent = self.inside.inspector_unsent.iter().rev();
                    unsent
                        .find(|(k, _)| *k == key)
                        .map(|(_, v)| *v)
                        .or_else(|| {
                            self.inside
                                .inspector_pending
                                .iter()
                                .rev()
                                .find(|(k, _, _)| *k == key)
                                .map(|(_, v, _)| *v)
                        })
                };
                let hint = "Drag, or click and type a value then press Enter; the worker uses \
                            it at once. Tab moves to the next weight.";
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        egui::Grid::new("nnviz_unit_inspector")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for row in 0..m.sizes.get(wl).copied().unwrap_or(0) {
                                    let Some((i, e)) = m
                                        .edge_index(wl, row, u)
                                        .and_then(|i| Some((i, m.edges.get(i)?)))
                                    else {
                                        continue;
                                    };
                                    let from = m.nodes.get(e.from).map_or("?", |n| n.name.as_str());
                                    let name = format!("W{wl}[{row},{u}] from {from}");
                                    let weak = (!m.drawn.contains(&i)).then_some(
                                        "Too weak to be drawn among the strongest connections.",
                                    );
                                    let key = (wl, Some(row), u);
                                    let value = pending(key).unwrap_or(e.weight);
                                    let (v, drag) =
                                        param_row_ui(ui, &name, value, live, hint, weak);
                                    sends.extend(v.map(|v| (key, v)));
                                    if drag {
                                        dragged.push(key);
                                    }
                                }
                                if let Some(b) = node.bias {
                                    let name = format!("b{wl}[{u}] bias");
                                    let key = (wl, None, u);
                                    let value = pending(key).unwrap_or(b);
                                    let (v, drag) =
                                        param_row_ui(ui, &name, value, live, hint, None);
                                    sends.extend(v.map(|v| (key, v)));
                                    if drag {
                                        dragged.push(key);
                                    }
                                }
                            });
                    });
            });
        if !open {
            self.inside.inspector_open = false;
        }
        // Held values whose drag ended (or whose previous value arrived) go out first,
        // then this frame's edits.
        let unsent = std::mem::take(&mut self.inside.inspector_unsent);
        for (key, v) in unsent.into_iter().chain(sends) {
            let in_flight = self
                .inside
                .inspector_pending
                .iter()
                .rev()
                .find(|(k, _, _)| *k == key)
                .map(|(_, v, _)| *v);
            self.inside.inspector_unsent.retain(|(k, _)| *k != key);
            match inspector_send(in_flight, dragged.contains(&key), v) {
                InspectorSend::Skip => {}
                InspectorSend::Hold => self.inside.inspector_unsent.push((key, v)),
                InspectorSend::Now => {
                    let (layer, row, unit) = key;
                    if let Some(seq) = self.set_parameter(layer, row, unit, v) {
                        self.inside.inspector_pending.retain(|(k, _, _)| *k != key);
                        self.inside.inspector_pending.push((key, v, seq));
                    }
                }
            }
        }
    }

    /// The small popup where a new weight or bias is typed; Enter applies, Escape cancels.
    fn edit_popup_ui(&mut self, ctx: &egui::Context) {
        let Some(mut edit) = self.inside.edit.take() else {
            return;
        };
        let mut apply = false;
        let mut cancel = false;
        let mut error = None;
        egui::Area::new(egui::Id::unique("nnviz_edit_weight"))
            .order(egui::Order::Foreground)
            .fixed_pos(edit.at)
            .constrain(true)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new(&edit.title).strong());
                    ui.horizontal(|ui| {
                        let label = ui.label("New value");
                        let te = ui
                            .add(egui::TextEdit::singleline(&mut edit.text).desired_width(90.0))
                            .labelled_by(label.id)
                            .on_hover_text("Type a number and press Enter (Escape cancels).");
                        if edit.focus {
                            te.request_focus();
                            edit.focus = false;
                        }
                        if te.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                            apply = true;
                        }
                        if ui
                            .button("Set")
                            .on_hover_text("Use this value now; training goes on from it.")
                            .clicked()
                        {
                            apply = true;
                        }
                        if ui
                            .button("Cancel")
                            .on_hover_text("Keep the weight as it is.")
                            .clicked()
                        {
                            cancel = true;
                        }
                    });
                    let value = edit.text.trim().replace('−', "-").parse::<f64>();
                    if !matches!(value, Ok(v) if v.is_finite()) {
                        error = Some("Type a number, e.g. -0.5");
                    }
                    if let Some(e) = error {
                        ui.label(
                            RichText::new(e)
                                .small()
                                .color(Color32::from_rgb(180, 40, 40)),
                        );
                    }
                });
            });
        if cancel || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        if apply
            && let Ok(v) = edit.text.trim().replace('−', "-").parse::<f64>()
            && v.is_finite()
        {
            let (layer, row, unit) = edit.target;
            self.set_parameter(layer, row, unit, v);
            return;
        }
        self.inside.edit = Some(edit);
    }

    fn paint_diagram(
        &self,
        ui: &egui::Ui,
        rect: Rect,
        m: &DiagramModel,
        g: &Geometry,
        hit: Option<Hit>,
    ) {
        let painter = ui.painter_at(rect.expand(2.0));
        let text_color = ui.visuals().text_color();
        let weak = ui.visuals().weak_text_color();

        // Column headings.
        let last = m.sizes.len().saturating_sub(1);
        for (l, _) in m.sizes.iter().enumerate() {
            let x = g.inner.min.x
                + if last > 0 {
                    l as f32 / last as f32
                } else {
                    0.5
                } * g.inner.width();
            let act = m.activations.get(l).copied().flatten();
            // Many columns get short headings; the outer ones align inwards so they stay
            // inside the panel.
            let head = match (l, last > 4) {
                (0, _) => "input".to_owned(),
                (l, true) if l == last => "out".to_owned(),
                (l, false) if l == last => format!("output ({})", act.map_or("", |a| a.name())),
                (l, true) => format!("{l}"),
                (l, false) => format!("hidden {l} ({})", act.map_or("", |a| a.name())),
            };
            let align = if l == 0 && last > 0 {
                egui::Align2::LEFT_TOP
            } else if l == last && last > 0 {
                egui::Align2::RIGHT_TOP
            } else {
                egui::Align2::CENTER_TOP
            };
            let x = match align {
                egui::Align2::LEFT_TOP => x - g.node * 0.5,
                egui::Align2::RIGHT_TOP => x + g.node * 0.5,
                _ => x,
            };
            painter.text(
                pos2(x, rect.min.y + 4.0),
                align,
                head,
                egui::FontId::proportional(11.0),
                weak,
            );
        }

        // Connections, weakest first. Many thin lines go into one mesh as plain quads: a
        // feathered line is 6 triangles and a software renderer pays per triangle and per
        // screen tile it touches (600 feathered lines halved the frame rate).
        let max_w = m.max_abs_weight.max(1e-9);
        let dense = m.drawn.len() > 200;
        let max_width = if dense { 1.6 } else { 5.0 };
        let hovered_edge = match hit {
            Some(Hit::Edge(i)) => Some(i),
            _ => None,
        };
        let mut quads = egui::Mesh::default();
        for &i in &m.drawn {
            let Some(e) = m.edges.get(i) else { continue };
            let Some((a, b)) = g.edge_ends(m, e) else {
                continue;
            };
            let s = (e.weight.abs() / max_w) as f32;
            if dense {
                // At least a pixel wide so no line breaks up; fainter instead of thinner.
                let width = 0.6 + (max_width - 0.6) * s;
                let alpha = (0.15 + 0.6 * s) * width.min(1.0);
                add_line_quad(
                    &mut quads,
                    a,
                    b,
                    width.max(1.0),
                    weight_color(e.weight, alpha),
                );
            } else {
                let width = 0.6 + (max_width - 0.6) * s;
                let alpha = 0.35 + 0.65 * s;
                painter.line_segment([a, b], Stroke::new(width, weight_color(e.weight, alpha)));
            }
        }
        if !quads.is_empty() {
            painter.add(quads);
        }
        if let Some(e) = hovered_edge.and_then(|i| m.edges.get(i))
            && let Some((a, b)) = g.edge_ends(m, e)
        {
            let s = (e.weight.abs() / max_w) as f32;
            painter.line_segment(
                [a, b],
                Stroke::new(2.0 + 5.0 * s, Color32::from_black_alpha(60)),
            );
            painter.line_segment(
                [a, b],
                Stroke::new(1.5 + 4.0 * s, weight_color(e.weight, 1.0)),
            );
        }

        // Units: a dark square behind each map is its outline (2 triangles; a stroked
        // rectangle is ~20), then all maps in one textured mesh (or plain squares before the
        // maps arrive). Squares sit on whole pixels, so they need no anti-aliasing.
        let ppp = ui.ctx().pixels_per_point();
        let outline = Color32::from_gray(60);
        let atlas = self.inside.atlas.as_ref();
        let mut frames = egui::Mesh::default();
        let mut maps = atlas.map(|a| egui::Mesh::with_texture(a.texture.id()));
        for (i, n) in m.nodes.iter().enumerate() {
            let r = g.node_rect(n).round_to_pixels(ppp);
            let selected = self.inside.selected_unit == Some((n.layer, n.unit));
            let hovered = hit == Some(Hit::Node(i));
            let keyed =
                self.inside.diagram_focused && self.inside.key_unit == Some((n.layer, n.unit));
            let (width, color) = if keyed {
                (3.0, Color32::from_rgb(0, 100, 220))
            } else if selected {
                (3.0, Color32::from_rgb(20, 20, 20))
            } else if hovered {
                (2.0, Color32::from_rgb(40, 40, 40))
            } else {
                (1.0, outline)
            };
            frames.add_colored_rect(r.expand(width / ppp), color);
            match (&mut maps, atlas.and_then(|a| a.uv(i))) {
                (Some(mesh), Some(uv)) => mesh.add_rect_with_uv(r, uv, Color32::WHITE),
                _ => frames.add_colored_rect(r, Color32::from_gray(225)),
            }
        }
        painter.add(frames);
        if let Some(mesh) = maps {
            painter.add(mesh);
        }
        // Bias dots go into one mesh of point sprites when the canvas has made them: a
        // tessellated circle costs ~70 vertices, a sprite 8.
        let sprites = self.canvas.sprites.as_ref();
        let mut dots = sprites.map(|s| egui::Mesh::with_texture(s.texture_id()));
        for (i, n) in m.nodes.iter().enumerate() {
            // Bias dot at the bottom-left corner.
            if let Some(b) = n.bias
                && g.node >= 12.0
            {
                let s = (b.abs() / m.max_abs_bias.max(1e-9)) as f32;
                let c = g.bias_center(n);
                let hot = hit == Some(Hit::Bias(i));
                let fill = weight_color(b, 0.25 + 0.75 * s);
                match (&mut dots, sprites) {
                    (Some(mesh), Some(sp)) if !hot => sp.add_dot(mesh, c, 3.5, fill),
                    _ => {
                        painter.circle(
                            c,
                            if hot { 5.0 } else { 3.5 },
                            fill,
                            Stroke::new(if hot { 1.5 } else { 0.8 }, outline),
                        );
                    }
                }
            }
        }
        if let Some(mesh) = dots {
            painter.add(mesh);
        }

        // Names of the inputs and outputs.
        let font = egui::FontId::proportional(if g.node >= 14.0 { 13.0 } else { 10.0 });
        for n in &m.nodes {
            let r = g.node_rect(n);
            if n.layer == 0 && (g.node >= 9.0 || m.sizes.first().is_some_and(|&s| s <= 8)) {
                painter.text(
                    pos2(r.min.x - 6.0, r.center().y),
                    egui::Align2::RIGHT_CENTER,
                    &n.name,
                    font.clone(),
                    text_color,
                );
            } else if n.layer == last && m.sizes.get(last).is_some_and(|&s| s <= 16) {
                let name = if m.sizes.get(last) == Some(&1) {
                    "out".to_owned()
                } else {
                    format!("{}", n.unit)
                };
                painter.text(
                    pos2(r.max.x + 6.0, r.center().y),
                    egui::Align2::LEFT_CENTER,
                    name,
                    font.clone(),
                    text_color,
                );
            }
        }
    }

    // ---- canvas hooks ----

    /// What the canvas shows instead of the class heatmap: the scrubbed snapshot's heatmap
    /// or the selected unit's map, with the bounds it covers.
    pub(crate) fn canvas_override(&self) -> Option<(egui::TextureId, Bounds)> {
        if let (Some(e), Some((step, tex))) = (self.scrub_entry(), &self.inside.scrub_texture)
            && e.step == *step
        {
            return Some((tex.id(), e.bounds));
        }
        let sel = self.inside.selected_unit?;
        let img = self.heatmap.as_ref()?.unit_image.as_ref()?;
        if (img.layer, img.unit) != sel || Arc::as_ptr(img) as usize != self.inside.unit_key {
            return None;
        }
        Some((self.inside.unit_texture.as_ref()?.id(), img.bounds))
    }

    /// The line the canvas shows while it draws something other than the live classes.
    pub(crate) fn canvas_override_label(&self) -> Option<String> {
        if let Some(e) = self.scrub_entry() {
            return Some(format!(
                "Timeline: step {} — drag the slider to the right end (or press Live) for now",
                e.step
            ));
        }
        let (l, u) = self.inside.selected_unit?;
        let model = self.heatmap.as_ref()?;
        let sizes = model.model.mlp.sizes();
        let name = unit_name(&sizes, &model.model.transform.features, l, u);
        let what = if l == 0 { "input" } else { "unit" };
        let range = model
            .unit_image
            .as_ref()
            .map(|i| {
                format!(
                    " (orange {} … blue {})",
                    fmt4(i.range.0 as f64),
                    fmt4(i.range.1 as f64)
                )
            })
            .unwrap_or_default();
        Some(format!(
            "Showing {what} {name}{range} — click it again in the diagram to go back"
        ))
    }

    /// Paints [`Self::canvas_override_label`] at the bottom left of the canvas.
    pub(crate) fn paint_canvas_override_label(&self, ui: &egui::Ui, rect: Rect) {
        let Some(text) = self.canvas_override_label() else {
            return;
        };
        let painter = ui.painter_at(rect);
        let galley = painter.layout(
            text,
            egui::FontId::proportional(12.5),
            Color32::WHITE,
            rect.width() - 40.0,
        );
        let size = galley.size() + vec2(16.0, 10.0);
        let bg = Rect::from_min_size(pos2(rect.min.x + 8.0, rect.max.y - size.y - 8.0), size);
        painter.rect_filled(bg, 6.0, Color32::from_rgba_unmultiplied(30, 34, 40, 225));
        painter.galley(bg.min + vec2(8.0, 5.0), galley, Color32::WHITE);
    }
}

/// A short coloured line and a name.
fn legend_ui(ui: &mut egui::Ui, color: Color32, name: &str) {
    let (rect, _) = ui.allocate_exact_size(vec2(18.0, 10.0), Sense::hover());
    ui.painter()
        .hline(rect.x_range(), rect.center().y, Stroke::new(3.0, color));
    ui.label(RichText::new(name).size(11.5));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{InputTransform, Mlp, NetworkSpec};
    use rand::SeedableRng;

    fn tutorial() -> Snapshot {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        Snapshot {
            mlp: Mlp::new(&NetworkSpec::tutorial(), &mut rng).unwrap(),
            transform: InputTransform::raw(vec![Feature::X, Feature::Y]),
            classes: 2,
            step: 7,
        }
    }

    #[test]
    fn a_drag_sends_one_value_at_a_time() {
        use InspectorSend::{Hold, Now, Skip};
        // Nothing on its way: send, dragged or typed.
        assert_eq!(inspector_send(None, true, 0.5), Now);
        assert_eq!(inspector_send(None, false, 0.5), Now);
        // While the last value is on its way, a drag holds newer ones...
        assert_eq!(inspector_send(Some(0.4), true, 0.5), Hold);
        // ...a typed value or the end of the drag sends at once...
        assert_eq!(inspector_send(Some(0.4), false, 0.5), Now);
        // ...and the value already on its way is not sent twice.
        assert_eq!(inspector_send(Some(0.5), true, 0.5), Skip);
        assert_eq!(inspector_send(Some(0.5), false, 0.5), Skip);
    }

    #[test]
    fn layout_of_the_tutorial_network() {
        let s = tutorial();
        let m = layout(&s);
        assert_eq!(m.sizes, vec![2, 4, 1]);
        assert_eq!(m.nodes.len(), 7);
        assert_eq!(m.edges.len(), 12);
        assert_eq!(m.drawn.len(), 12);
        let i = m.edge_index(0, 1, 3).unwrap();
        let e = &m.edges[i];
        assert_eq!((e.layer, e.row, e.col), (0, 1, 3));
        assert_eq!(e.weight, s.mlp.layers[0].weights[(1, 3)]);
        assert_eq!(m.nodes[e.from].name, "y");
        assert_eq!(m.nodes[e.to].name, "hidden 1.4");
        assert!(m.edge_label(e).starts_with("W0[1,3] = "));
        assert!(m.edge_label(e).ends_with(": y → hidden 1.4"));
        assert_eq!(m.nodes[m.node_index(2, 0).unwrap()].name, "output");
    }

    #[test]
    fn long_size_lists_are_collapsed() {
        assert_eq!(sizes_text(&[2, 4, 1]), "2 → 4 → 1");
        assert_eq!(sizes_text(&[2, 8, 8, 2]), "2 → 8 → 8 → 2");
        assert_eq!(sizes_text(&[2, 64, 64, 64, 64, 3]), "2 → 64 (×4) → 3");
        assert_eq!(sizes_text(&[]), "");
    }

    #[test]
    fn big_networks_draw_only_the_strongest() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let spec = NetworkSpec {
            hidden: vec![64; 8],
            ..NetworkSpec::tutorial()
        };
        let s = Snapshot {
            mlp: Mlp::new(&spec, &mut rng).unwrap(),
            transform: InputTransform::raw(vec![Feature::X, Feature::Y]),
            classes: 2,
            step: 0,
        };
        let m = layout(&s);
        assert_eq!(m.drawn.len(), MAX_DRAWN_EDGES);
        let weakest_drawn = m.edges[m.drawn[0]].weight.abs();
        let n_stronger = m
            .edges
            .iter()
            .filter(|e| e.weight.abs() > weakest_drawn)
            .count();
        assert!(n_stronger < MAX_DRAWN_EDGES);
    }
}
