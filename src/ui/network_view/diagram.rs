//! The diagram itself: the network drawn from a [`DiagramModel`], hover and click, the
//! per-unit thumbnails packed into one texture atlas, and the painting.

use super::super::action::Action;
use super::super::canvas::PointSprites;
use super::super::parts::status::MessageKind;
use super::super::state::PersistedState;
use super::super::theme::upload_rgba;
use super::super::worker_link::WorkerLink;
use super::Inside;
use super::explain::fmt4;
use super::inspector::EditState;
use super::layout::{
    Atlas, DiagramModel, Geometry, HEADER_FONT, Hit, add_line_quad, headers, key_unit_or_default,
    layout, legend_ui, segment_distance, sizes_text, thumbnail_resolution, weight_color,
};
use super::{NEGATIVE, POSITIVE, scrub_edit_hint, scrub_edit_message};
use crate::nn::{Activation, GridSpec, Snapshot, UnitMaps};
use crate::tr;
use crate::train::{DivergingTable, UnitColours};
use egui::emath::GuiRounding as _;
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};
use std::sync::Arc;

impl Inside {
    /// The diagram panel: title, legend, the network, the hover line.
    pub(crate) fn diagram_ui(
        &mut self,
        ui: &mut egui::Ui,
        link: &WorkerLink,
        sprites: Option<&PointSprites>,
        out: &mut Vec<Action>,
    ) {
        self.hovered_unit = None;
        let Some(snapshot) = self.shown_snapshot(link) else {
            ui.label(RichText::new(tr!("diagram-waiting")).weak());
            return;
        };
        let model = match &self.cache {
            Some((s, m)) if Arc::ptr_eq(s, &snapshot) => Arc::clone(m),
            _ => {
                let m = Arc::new(layout(&snapshot));
                self.cache = Some((Arc::clone(&snapshot), Arc::clone(&m)));
                m
            }
        };
        // The button is laid out first, on the right, so the title truncates before it;
        // the legend wraps on its own row.
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let label = if self.inspector.open {
                    tr!("diagram-hide-weights")
                } else {
                    tr!("diagram-weights")
                };
                if ui
                    .small_button(label)
                    .on_hover_text(tr!("diagram-weights-tip"))
                    .clicked()
                {
                    self.inspector.open = !self.inspector.open;
                    self.key_unit = Some(key_unit_or_default(self, &model.sizes));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(tr!("diagram-title")).strong().size(14.5))
                            .truncate(),
                    );
                    ui.add(
                        egui::Label::new(
                            RichText::new({
                                let step = model.step;
                                let sizes = sizes_text(&model.sizes);
                                tr!("diagram-sizes-step", sizes = sizes, step = step)
                            })
                            .weak(),
                        )
                        .truncate(),
                    );
                });
            });
        });
        ui.horizontal_wrapped(|ui| {
            legend_ui(ui, POSITIVE, &tr!("diagram-positive-weight"));
            legend_ui(ui, NEGATIVE, &tr!("diagram-negative-weight"));
            if self.timeline.scrub.is_some() {
                ui.label(
                    RichText::new(tr!("diagram-timeline")).color(Color32::from_rgb(150, 90, 0)),
                );
            } else if model.edges.len() > model.drawn.len() {
                ui.label(
                    RichText::new({
                        let (shown, all) = (model.drawn.len(), model.edges.len());
                        tr!("diagram-strongest", shown = shown, all = all)
                    })
                    .weak()
                    .size(11.5),
                )
                .on_hover_text(tr!("diagram-strongest-tip"));
            }
        });
        let full = ui.available_rect_before_wrap();
        // A short panel keeps its room for the network and drops the footer.
        let footer_h = if full.height() > 200.0 { 34.0 } else { 0.0 };
        let rect = Rect::from_min_max(full.min, pos2(full.max.x, full.max.y - footer_h));
        if rect.height() < 40.0 || rect.width() < 120.0 {
            return;
        }
        let id = ui.scope_id().with("nnviz_diagram");
        let response = ui.interact(rect, id, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, tr!("diagram-accessible-name"))
        });
        self.diagram_id = Some(id);
        self.diagram_focused = response.has_focus();
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
            self.key_unit = Some(key_unit_or_default(self, &model.sizes));
        }
        let geo = Geometry::new(rect, &model.sizes);
        self.geometry = Some(geo);
        let font = egui::FontId::proportional(HEADER_FONT);
        let width = |t: &str| {
            ui.fonts_mut(|f| f.layout_no_wrap(t.to_owned(), font.clone(), Color32::BLACK))
                .size()
                .x
        };
        self.headers = headers(&model, &geo, rect, &width);
        let hit = response
            .hover_pos()
            .and_then(|p| self.diagram_hit(&model, &geo, p));
        // Hovering a unit previews its map on the canvas (the worker is asked only when the
        // hovered unit changes: `WorkerLink::sync` sends what differs).
        self.hovered_unit = match hit {
            Some(Hit::Node(i)) => model.nodes.get(i).map(|n| (n.layer, n.unit)),
            _ => None,
        };
        self.paint_diagram(ui, rect, &model, &geo, hit, sprites);

        let text = hit.map(|h| self.hit_text(&model, h, false));
        self.hover_text.clone_from(&text);
        let response = match &text {
            Some(t) => response.on_hover_text_at_pointer(t),
            None => response,
        };
        if response.clicked() {
            response.request_focus();
            if let Some(h) = hit {
                self.diagram_click(&model, h, response.interact_pointer_pos(), out);
            }
        }
        if hit.is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }

        // Footer: what is under the cursor, or how to use the diagram.
        let footer = Rect::from_min_max(pos2(full.min.x, rect.max.y + 2.0), full.max);
        let focused_text = if self.diagram_focused {
            self.key_unit.and_then(|(l, u)| {
                let i = model.node_index(l, u)?;
                let what = self.hit_text(&model, Hit::Node(i), true);
                Some(tr!("diagram-keys", what = what))
            })
        } else {
            None
        };
        // A short panel has no footer: drawn anyway it would spill onto the panel below.
        if footer_h > 0.0 {
            ui.scope_builder(egui::UiBuilder::new().max_rect(footer), |ui| {
                self.footer_line_ui(ui, text.as_deref(), focused_text.as_deref());
            });
        }
        ui.advance_cursor_after_rect(full);
        self.inspector.popup_ui(ui.ctx(), out);
        let key = key_unit_or_default(self, &model.sizes);
        let applied = link.heatmap.as_ref().map_or(0, |f| f.applied_seq);
        let live = self.timeline.scrub.is_none();
        self.inspector
            .window_ui(ui.ctx(), &model, rect, key, live, applied, out);
    }

    /// The footer's text: what is under the cursor, the highlighted unit, or how to use the
    /// diagram.
    fn footer_line_ui(&self, ui: &mut egui::Ui, text: Option<&str>, focused: Option<&str>) {
        {
            let line = match (text, focused) {
                (Some(t), _) => RichText::new(t).monospace().size(12.0),
                (None, Some(f)) => RichText::new(f).size(11.5),
                (None, None) if self.timeline.scrub.is_some() => {
                    { RichText::new(tr!("diagram-footer-timeline")) }
                        .weak()
                        .size(11.5)
                }
                (None, None) => RichText::new(tr!("diagram-footer")).weak().size(11.5),
            };
            ui.add(egui::Label::new(line).truncate());
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

    /// What is under the cursor (or, with `keyboard`, highlighted by the keys), in words.
    fn hit_text(&self, m: &DiagramModel, hit: Hit, keyboard: bool) -> String {
        let scrubbed = |t: String| {
            if self.timeline.scrub.is_some() {
                format!("{t} — {}", scrub_edit_hint())
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
                let (layer, unit) = (n.layer.saturating_sub(1), n.unit);
                scrubbed(tr!(
                    "diagram-bias-value",
                    layer = layer,
                    unit = unit,
                    value = fmt4(n.bias.unwrap_or(0.0)),
                    name = n.name.as_str()
                ))
            }),
            Hit::Node(i) => m.nodes.get(i).map_or_else(String::new, |n| {
                let output = n.layer + 1 == m.sizes.len() && n.layer > 0;
                let what = match m.activations.get(n.layer).copied().flatten() {
                    None => tr!("diagram-input-feature"),
                    _ if output && m.regression => tr!("diagram-predicted-value"),
                    Some(Activation::Softmax) => tr!("diagram-softmax-score"),
                    Some(a) => tr!("diagram-unit-of", activation = a.to_string()),
                };
                let selected = self.selected_unit == Some((n.layer, n.unit));
                let action = match (selected, keyboard, m.regression) {
                    (true, false, false) => tr!("diagram-click-back"),
                    (true, true, false) => tr!("diagram-enter-back"),
                    (true, false, true) => tr!("diagram-click-back-values"),
                    (true, true, true) => tr!("diagram-enter-back-values"),
                    (false, false, _) => tr!("diagram-click-show"),
                    (false, true, _) => tr!("diagram-enter-show"),
                };
                tr!(
                    "diagram-node",
                    name = n.name.as_str(),
                    what = what,
                    action = action
                )
            }),
        }
    }

    fn diagram_click(
        &mut self,
        m: &DiagramModel,
        hit: Hit,
        at: Option<Pos2>,
        out: &mut Vec<Action>,
    ) {
        let at = at.unwrap_or_default() + vec2(12.0, 12.0);
        if self.timeline.scrub.is_some() && matches!(hit, Hit::Edge(_) | Hit::Bias(_)) {
            // The diagram shows an old snapshot, but edits go to the live network.
            out.push(Action::Post(MessageKind::Info, scrub_edit_message()));
            return;
        }
        match hit {
            Hit::Node(i) => {
                if let Some(n) = m.nodes.get(i) {
                    let u = (n.layer, n.unit);
                    self.key_unit = Some(u);
                    self.selected_unit = if self.selected_unit == Some(u) {
                        None
                    } else {
                        Some(u)
                    };
                }
            }
            Hit::Edge(i) => {
                if let Some(e) = m.edges.get(i) {
                    let name = |k: usize| m.nodes.get(k).map_or("?", |n| n.name.as_str());
                    self.inspector.edit = Some(EditState {
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
                    self.inspector.edit = Some(EditState {
                        target: (n.layer.saturating_sub(1), None, n.unit),
                        title: {
                            let (layer, unit) = (n.layer.saturating_sub(1), n.unit);
                            tr!(
                                "diagram-bias-title",
                                layer = layer,
                                unit = unit,
                                name = n.name.as_str()
                            )
                        },
                        text: fmt4(n.bias.unwrap_or(0.0)),
                        at,
                        focus: true,
                    });
                }
            }
        }
    }

    /// Rebuilds the thumbnail atlas and the shown unit's texture when new maps arrived.
    pub(crate) fn update_unit_textures(
        &mut self,
        ctx: &egui::Context,
        state: &PersistedState,
        link: &WorkerLink,
    ) {
        if !self.diagram_open {
            return;
        }
        // Thumbnails: the scrubbed snapshot's (computed here once) or the worker's.
        let source = match (
            self.timeline.entry(link).map(|e| Arc::clone(&e.model)),
            &link.heatmap,
        ) {
            (Some(model), _) => {
                let step = model.step;
                if self.scrub_maps.as_ref().map(|(s, _)| *s) != Some(step) {
                    let units: usize = model.mlp.sizes().iter().sum();
                    let r = thumbnail_resolution(units);
                    let bounds = state.view();
                    let mut maps = UnitMaps::default();
                    model.unit_maps(&GridSpec::cell_centers(&bounds, r, r), &mut maps);
                    self.scrub_maps = Some((step, Arc::new(maps)));
                }
                self.scrub_maps
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
            // The maps are kept with the atlas: the same `Arc` means the same maps.
            if !self
                .atlas_source
                .as_ref()
                .is_some_and(|s| Arc::ptr_eq(s, &maps))
            {
                // A regression output's thumbnail uses the heatmap's value scale.
                let scale = crate::render::ValueScale::of_values(
                    state.dataset.points.iter().map(|p| p.value),
                );
                self.build_atlas(ctx, &maps, &model, scale);
                self.atlas_source = Some(maps);
            }
        }
        // The shown unit at full size.
        if let Some(img) = link
            .heatmap
            .as_ref()
            .and_then(|f| f.unit_image.as_ref())
            .filter(|u| Some((u.layer, u.unit)) == self.shown_unit())
        {
            let im = &img.image;
            if !self
                .unit_source
                .as_ref()
                .is_some_and(|s| Arc::ptr_eq(s, img))
                && upload_rgba(ctx, &mut self.unit_texture, "nnviz-unit", im)
            {
                self.unit_source = Some(Arc::clone(img));
            }
        }
    }

    fn build_atlas(
        &mut self,
        ctx: &egui::Context,
        maps: &UnitMaps,
        model: &Snapshot,
        scale: crate::render::ValueScale,
    ) {
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
            for (u, values) in layer.iter().enumerate() {
                let colours = UnitColours::of(model, l, maps.range(l, u), scale);
                let (cx, cy) = ((index % columns) * tile, (index / columns) * tile);
                for (y, row) in values.chunks_exact(tile).take(tile).enumerate() {
                    let start = (cy + y) * size[0] + cx;
                    let Some(out) = img.pixels.get_mut(start..start + tile) else {
                        continue;
                    };
                    for (px, &v) in out.iter_mut().zip(row) {
                        let [r, g, b, _] = match colours {
                            UnitColours::Activation(range) => table.color(v, range),
                            values => values.colour(v),
                        };
                        *px = Color32::from_rgb(r, g, b);
                    }
                }
                index += 1;
            }
        }
        let options = egui::TextureOptions::LINEAR;
        match &mut self.atlas {
            Some(a) => {
                a.texture.set(img, options);
                a.columns = columns;
                a.tile = tile;
                a.size = size;
                a.tiles = tiles;
            }
            None => {
                self.atlas = Some(Atlas {
                    texture: ctx.load_texture("nnviz-unit-atlas", img, options),
                    columns,
                    tile,
                    size,
                    tiles,
                })
            }
        }
    }

    fn paint_diagram(
        &self,
        ui: &egui::Ui,
        rect: Rect,
        m: &DiagramModel,
        g: &Geometry,
        hit: Option<Hit>,
        sprites: Option<&PointSprites>,
    ) {
        let painter = ui.painter_at(rect.expand(2.0));
        let text_color = ui.visuals().text_color();
        let weak = ui.visuals().weak_text_color();

        // Column headings, as laid out by `diagram_ui` (short enough never to collide).
        for (text, r) in &self.headers {
            painter.text(
                r.min,
                egui::Align2::LEFT_TOP,
                text,
                egui::FontId::proportional(HEADER_FONT),
                weak,
            );
        }
        let last = m.sizes.len().saturating_sub(1);

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
        let atlas = self.atlas.as_ref();
        let mut frames = egui::Mesh::default();
        let mut maps = atlas.map(|a| egui::Mesh::with_texture(a.texture.id()));
        for (i, n) in m.nodes.iter().enumerate() {
            let r = g.node_rect(n).round_to_pixels(ppp);
            let selected = self.selected_unit == Some((n.layer, n.unit));
            let hovered = hit == Some(Hit::Node(i));
            let keyed = self.diagram_focused && self.key_unit == Some((n.layer, n.unit));
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
            } else if n.layer == last && m.regression {
                // "predicted value" is too wide for the margin beside the node: it goes
                // under it, right-aligned to the panel's edge.
                painter.text(
                    pos2((r.center().x + 40.0).min(rect.max.x - 2.0), r.max.y + 8.0),
                    egui::Align2::RIGHT_TOP,
                    tr!("diagram-predicted-value"),
                    font.clone(),
                    text_color,
                );
            } else if n.layer == last && m.sizes.get(last).is_some_and(|&s| s <= 16) {
                let name = if m.sizes.get(last) == Some(&1) {
                    tr!("layout-header-out")
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
}
