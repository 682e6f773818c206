//! The network as the diagram draws it, as plain data: [`layout`] turns a [`Snapshot`] into
//! a [`DiagramModel`] (nodes in columns, one edge per weight, the strongest picked for big
//! networks), and `Geometry` places it in a rectangle. Nothing here paints.

use super::Inside;
use super::explain::fmt4;
use super::{NEGATIVE, POSITIVE};
use crate::nn::{Activation, Feature, Snapshot};
use crate::tr;
use crate::train::layer_activation;
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};

/// Size of the column headings.
pub(crate) const HEADER_FONT: f32 = 11.0;

/// Most connections drawn; beyond it only the strongest are (an 8 × 64 net has ~29 k).
pub const MAX_DRAWN_EDGES: usize = 600;

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
    /// A regression network: its output is a predicted value, not a class.
    pub regression: bool,
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
        let (layer, row, col) = (e.layer, e.row, e.col);
        tr!(
            "layout-edge",
            layer = layer,
            row = row,
            col = col,
            value = fmt4(e.weight),
            from = name(e.from),
            to = name(e.to)
        )
    }
}

/// Display name of unit `unit` of `layer` in a network of `sizes` with input `features`.
pub fn unit_name(sizes: &[usize], features: &[Feature], layer: usize, unit: usize) -> String {
    let last = sizes.len().saturating_sub(1);
    let number = unit + 1;
    if layer == 0 {
        features.get(unit).map_or_else(
            || tr!("layout-input-n", number = number),
            |f| f.label().to_owned(),
        )
    } else if layer == last {
        if sizes.get(last) == Some(&1) {
            tr!("layout-output")
        } else {
            tr!("layout-output-n", number = number)
        }
    } else {
        tr!("layout-hidden-unit", layer = layer, number = number)
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
        regression: snapshot.problem == crate::data::Problem::Regression,
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

/// Screen geometry of the diagram in the last frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Geometry {
    /// Area the nodes are laid out in.
    pub inner: Rect,
    /// Side of a node's square.
    pub node: f32,
}

impl Geometry {
    pub(crate) fn new(rect: Rect, sizes: &[usize]) -> Self {
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

    pub(crate) fn center(&self, n: &DiagramNode) -> Pos2 {
        pos2(
            self.inner.min.x + n.x * self.inner.width(),
            self.inner.min.y + n.y * self.inner.height(),
        )
    }

    pub(crate) fn node_rect(&self, n: &DiagramNode) -> Rect {
        Rect::from_center_size(self.center(n), vec2(self.node, self.node))
    }

    pub(crate) fn bias_center(&self, n: &DiagramNode) -> Pos2 {
        let r = self.node_rect(n);
        pos2(r.min.x - 2.0, r.max.y + 2.0)
    }

    /// The two ends of an edge (node border to node border).
    pub(crate) fn edge_ends(&self, m: &DiagramModel, e: &DiagramEdge) -> Option<(Pos2, Pos2)> {
        let a = self.center(m.nodes.get(e.from)?);
        let b = self.center(m.nodes.get(e.to)?);
        let h = self.node * 0.5;
        Some((a + vec2(h, 0.0), b - vec2(h, 0.0)))
    }
}

/// The per-unit maps packed into one texture.
pub(crate) struct Atlas {
    /// The texture.
    pub texture: egui::TextureHandle,
    /// Tiles per row.
    pub columns: usize,
    /// Tile side in texels.
    pub tile: usize,
    /// Size of the atlas in texels.
    pub size: [usize; 2],
    /// Tiles, one per unit in node order.
    pub tiles: usize,
}

impl Atlas {
    pub(crate) fn uv(&self, index: usize) -> Option<Rect> {
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

/// The column headings and where they go: the longest wording (`hidden 1 (tanh)`, then
/// `h1 (tanh)`, `h1`, `1`) with which no two headings come closer than 6 points and all stay
/// inside `rect`. `text_width` measures a heading in the diagram's font. The outer headings
/// align inwards.
pub(crate) fn headers(
    m: &DiagramModel,
    g: &Geometry,
    rect: Rect,
    text_width: &dyn Fn(&str) -> f32,
) -> Vec<(String, Rect)> {
    let last = m.sizes.len().saturating_sub(1);
    let label = |l: usize, level: usize| -> String {
        let act = m
            .activations
            .get(l)
            .copied()
            .flatten()
            .map_or("", |a| a.name());
        match (l, level) {
            (0, 0 | 1) => tr!("layout-header-input"),
            (0, _) => tr!("layout-header-in"),
            (l, 0) if l == last => tr!("layout-header-output-act", activation = act),
            (l, 1 | 2) if l == last => tr!("layout-output"),
            (l, _) if l == last => tr!("layout-header-out"),
            (l, 0) => tr!("layout-header-hidden-act", layer = l, activation = act),
            (l, 1) => tr!("layout-header-h-act", layer = l, activation = act),
            (l, 2) => tr!("layout-header-h", layer = l),
            (l, _) => format!("{l}"),
        }
    };
    let place = |level: usize| -> Vec<(String, Rect)> {
        (0..=last)
            .map(|l| {
                let x = g.inner.min.x
                    + if last > 0 {
                        l as f32 / last as f32
                    } else {
                        0.5
                    } * g.inner.width();
                let text = label(l, level);
                let w = text_width(&text);
                let left = if l == 0 && last > 0 {
                    x - g.node * 0.5
                } else if l == last && last > 0 {
                    x + g.node * 0.5 - w
                } else {
                    x - w / 2.0
                };
                let r =
                    Rect::from_min_size(pos2(left, rect.min.y + 4.0), vec2(w, HEADER_FONT + 3.0));
                (text, r)
            })
            .collect()
    };
    let fits = |hs: &[(String, Rect)]| {
        hs.windows(2).all(|p| p[0].1.max.x + 6.0 <= p[1].1.min.x)
            && hs
                .iter()
                .all(|(_, r)| r.min.x >= rect.min.x - 0.5 && r.max.x <= rect.max.x + 0.5)
    };
    for level in 0..3 {
        let hs = place(level);
        if fits(&hs) {
            return hs;
        }
    }
    // Numbers only; where even those crowd, every other hidden layer keeps its number.
    let mut hs = place(3);
    if !fits(&hs) {
        let mut kept: Vec<(String, Rect)> = Vec::new();
        for (i, h) in hs.into_iter().enumerate() {
            let clear = kept.last().is_none_or(|k| k.1.max.x + 6.0 <= h.1.min.x);
            if (i == 0 || i == last || i % 2 == 1) && clear {
                kept.push(h);
            }
        }
        hs = kept;
    }
    hs
}

/// The unit the keyboard works on: the highlighted one if it still exists, else the one
/// shown on the canvas, else the first hidden unit.
pub(crate) fn key_unit_or_default(inside: &Inside, sizes: &[usize]) -> (usize, usize) {
    let valid = |u: &(usize, usize)| sizes.get(u.0).is_some_and(|&n| u.1 < n);
    inside
        .key_unit
        .filter(valid)
        .or(inside.selected_unit.filter(valid))
        .unwrap_or((usize::from(sizes.len() > 1), 0))
}

/// Unit `unit` of a layer of `from` units moved to a layer of `to` units, keeping its
/// height in the column.
pub(crate) fn same_height(unit: usize, from: usize, to: usize) -> usize {
    if from == 0 || to == 0 {
        return 0;
    }
    let y = (unit as f64 + 0.5) / from as f64;
    ((y * to as f64).floor() as usize).min(to - 1)
}

/// Thumbnail resolution for a network with `units` units in all.
pub(crate) fn thumbnail_resolution(units: usize) -> usize {
    match units {
        0..=64 => 32,
        65..=200 => 24,
        _ => 16,
    }
}

pub(crate) fn weight_color(w: f64, alpha: f32) -> Color32 {
    let c = if w >= 0.0 { POSITIVE } else { NEGATIVE };
    c.gamma_multiply(alpha.clamp(0.0, 1.0))
}

/// Layer sizes, runs of three or more equal sizes collapsed: `2 → 64 (×8) → 3`.
pub(crate) fn sizes_text(sizes: &[usize]) -> String {
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
pub(crate) fn add_line_quad(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
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
pub(crate) fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// A short coloured line and a name.
pub(crate) fn legend_ui(ui: &mut egui::Ui, color: Color32, name: &str) {
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
            problem: crate::data::Problem::Classification,
            target: crate::nn::TargetTransform::IDENTITY,
        }
    }

    #[test]
    fn a_drag_sends_one_value_at_a_time() {
        use super::super::inspector::InspectorSend::{Hold, Now, Skip};
        use super::super::inspector::inspector_send;
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
            problem: crate::data::Problem::Classification,
            target: crate::nn::TargetTransform::IDENTITY,
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
