//! The canvas: the worker's heatmap under the points, in data coordinates with axes.
//!
//! Mouse: click empty space to add a point of the selected class, drag a point to move
//! it, right click (or Delete/Backspace while hovering) to remove it, scroll to zoom about
//! the cursor, middle-drag or Space+drag to pan, double click to fit the view. Keys (see
//! `canvas_shortcuts`): `+`/`=` and `-` zoom, `F` fits, Shift+arrows pan, `A` adds a point.

use super::app::NnvizApp;
use crate::data::Bounds;
use crate::render::Palette;
use crate::train::HeatmapFrame;
use egui::emath::RectTransform;
use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};
use std::time::{Duration, Instant};

/// Radius of a point on screen.
const POINT_RADIUS: f32 = 6.5;
/// How far from a point's centre a press still grabs it.
const GRAB_RADIUS: f32 = 11.0;
/// How much one press of `+` or `-` (or a zoom button) zooms.
pub(crate) const KEY_ZOOM: f64 = 1.25;
/// Fraction of the view one Shift+arrow press pans.
const KEY_PAN: f64 = 0.1;

/// Converts a palette colour.
pub(crate) fn class_color(class: usize) -> Color32 {
    let [r, g, b] = Palette::default().color(class);
    Color32::from_rgb(r, g, b)
}

fn to_color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Maps data space (`y` up) to the screen rectangle (`y` down).
fn screen_from_data(view: &Bounds, rect: Rect) -> RectTransform {
    let data = Rect::from_min_max(
        pos2(view.x_min as f32, view.y_max as f32),
        pos2(view.x_max as f32, view.y_min as f32),
    );
    RectTransform::from_to(data, rect)
}

/// Probabilities of the heatmap cell nearest to `p`.
pub(crate) fn probs_at(frame: &HeatmapFrame, p: [f64; 2]) -> Option<Vec<f32>> {
    let b = frame.bounds;
    let pred = &frame.prediction;
    if pred.nx == 0 || pred.ny == 0 || b.width() <= 0.0 || b.height() <= 0.0 {
        return None;
    }
    let fx = (p[0] - b.x_min) / b.width();
    let fy = (b.y_max - p[1]) / b.height();
    if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
        return None;
    }
    let col = ((fx * pred.nx as f64) as usize).min(pred.nx - 1);
    let row = ((fy * pred.ny as f64) as usize).min(pred.ny - 1);
    let probs = pred.at(col, row);
    (!probs.is_empty()).then(|| probs.to_vec())
}

/// A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `range`.
fn nice_step(range: f64, target: f64) -> f64 {
    let raw = (range / target).max(1e-12);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm < 1.5 {
        1.0
    } else if norm < 3.5 {
        2.0
    } else if norm < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// The canvas's tick positions (data space) and label decimals, computed once a frame for the
/// grid lines and the axis labels.
struct AxisTicks {
    xs: Vec<f64>,
    x_decimals: usize,
    ys: Vec<f64>,
    y_decimals: usize,
}

impl AxisTicks {
    fn new(view: &Bounds, rect: Rect) -> Self {
        let (xs, x_decimals) = ticks(
            view.x_min,
            view.x_max,
            (rect.width() / 80.0).max(2.0) as f64,
        );
        let (ys, y_decimals) = ticks(
            view.y_min,
            view.y_max,
            (rect.height() / 60.0).max(2.0) as f64,
        );
        Self {
            xs,
            x_decimals,
            ys,
            y_decimals,
        }
    }
}

/// Tick positions within `[lo, hi]` and the decimals to print them with.
fn ticks(lo: f64, hi: f64, target: f64) -> (Vec<f64>, usize) {
    let step = nice_step(hi - lo, target);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let values = (first..=last.min(first + 200))
        .map(|k| k as f64 * step)
        .collect();
    (values, decimals)
}

impl NnvizApp {
    /// Index of the point nearest to `pos` on screen within the grab radius.
    fn point_at(&self, pos: Pos2, tf: &RectTransform) -> Option<usize> {
        let mut best = None;
        let mut best_d = GRAB_RADIUS * GRAB_RADIUS;
        for (i, p) in self.state.dataset.points.iter().enumerate() {
            let s = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            let d = s.distance_sq(pos);
            if d <= best_d {
                best_d = d;
                best = Some(i);
            }
        }
        best
    }

    /// The canvas: heatmap, axes, points and all mouse interaction.
    pub(crate) fn canvas_ui(&mut self, ui: &mut egui::Ui) {
        let outer = ui.available_rect_before_wrap();
        let plot_rect =
            Rect::from_min_max(outer.min + vec2(46.0, 4.0), outer.max - vec2(14.0, 26.0));
        if plot_rect.width() < 20.0 || plot_rect.height() < 20.0 {
            return;
        }
        let ppp = ui.ctx().pixels_per_point();
        let wanted =
            (plot_rect.width().max(plot_rect.height()) * ppp / 2.0 / 16.0).round() as usize * 16;
        self.canvas.resolution = wanted.clamp(200, 512);

        let id = ui.scope_id().with("nnviz_canvas");
        let response = ui.interact(plot_rect, id, Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Canvas"));

        self.canvas_input(ui, &response, plot_rect);

        let view = self.view();
        let tf = screen_from_data(&view, plot_rect);
        let ticks = AxisTicks::new(&view, plot_rect);
        self.paint_canvas(ui, plot_rect, &tf, &ticks);
        self.paint_axes(ui, plot_rect, &tf, &ticks);
        self.paint_overlays(ui, plot_rect);
        self.paint_canvas_override_label(ui, plot_rect);

        let hint_target = if self.canvas.dragging.is_some() {
            egui::CursorIcon::Grabbing
        } else if self.canvas.panning {
            egui::CursorIcon::Move
        } else if self.canvas.hovered_point.is_some() {
            egui::CursorIcon::Grab
        } else {
            egui::CursorIcon::Crosshair
        };
        if response.hovered() || self.canvas.dragging.is_some() || self.canvas.panning {
            ui.ctx().set_cursor_icon(hint_target);
        }
        ui.advance_cursor_after_rect(outer);
    }

    fn canvas_input(&mut self, ui: &egui::Ui, response: &egui::Response, rect: Rect) {
        let view = self.view();
        let tf = screen_from_data(&view, rect);
        let data_from_screen = tf.inverse();
        let to_data = |p: Pos2| {
            let d = data_from_screen.transform_pos(p);
            [d.x as f64, d.y as f64]
        };
        let over = ui.rect_contains_pointer(rect);
        let (pos, primary_pressed, primary_down, middle_pressed, any_down, delta, press_origin) =
            ui.input(|i| {
                let p = &i.pointer;
                (
                    p.interact_pos(),
                    p.primary_pressed(),
                    p.primary_down(),
                    p.button_pressed(egui::PointerButton::Middle),
                    p.any_down(),
                    p.delta(),
                    p.press_origin(),
                )
            });

        // Hover.
        self.canvas.hovered_point = match self.canvas.dragging {
            Some((i, _)) => Some(i),
            None if over => pos.and_then(|p| self.point_at(p, &tf)),
            None => None,
        };
        self.canvas.hover_data = if over { pos.map(to_data) } else { None };

        // Press: grab a point, or start a pan.
        if primary_pressed && over {
            if self.space.down {
                self.canvas.panning = true;
                self.space.used_for_pan = true;
            } else if let (Some(i), Some(p)) = (self.canvas.hovered_point, pos)
                && let Some(pt) = self.state.dataset.points.get(i)
            {
                let centre =
                    tf.transform_pos(pos2(pt.pos_in_data[0] as f32, pt.pos_in_data[1] as f32));
                self.canvas.dragging = Some((i, centre - p));
            }
        }
        if middle_pressed && over {
            self.canvas.panning = true;
        }

        // Pan.
        if self.canvas.panning {
            if !any_down {
                self.canvas.panning = false;
            } else if delta != Vec2::ZERO {
                let dx = -(delta.x as f64) * view.width() / rect.width() as f64;
                let dy = (delta.y as f64) * view.height() / rect.height() as f64;
                self.set_view(Bounds {
                    x_min: view.x_min + dx,
                    x_max: view.x_max + dx,
                    y_min: view.y_min + dy,
                    y_max: view.y_max + dy,
                });
            }
        }

        // Drag a point: one MovePoint per frame while the cursor moves.
        if let Some((i, offset)) = self.canvas.dragging {
            if primary_down {
                if let Some(p) = pos {
                    let target = (p + offset).clamp(rect.min, rect.max);
                    self.move_point(i, to_data(target));
                }
            } else {
                self.canvas.dragging = None;
            }
        }

        // Click on empty space adds a point; a double click fits the view instead.
        if response.clicked() && !self.canvas.panning && !self.space.down {
            let origin = press_origin.or(pos);
            let on_point = origin.and_then(|o| self.point_at(o, &tf)).is_some();
            let now = Instant::now();
            if response.double_clicked()
                && let Some((idx, t, at)) = self.canvas.last_added
                && now.duration_since(t) < Duration::from_millis(800)
                && origin.is_some_and(|o| o.distance(at) < 8.0)
            {
                self.remove_point(idx);
                self.fit_view();
            } else if !on_point && let Some(o) = origin {
                let idx = self.add_point(to_data(o));
                self.canvas.last_added = Some((idx, now, o));
            } else if response.double_clicked() {
                self.fit_view();
            }
        }

        // Right click or Delete/Backspace on a point removes it.
        if response.secondary_clicked()
            && let Some(i) = pos.and_then(|p| self.point_at(p, &tf))
        {
            self.remove_point(i);
        }
        if let Some(i) = self.canvas.hovered_point
            && self.canvas.dragging.is_none()
            && !ui.ctx().text_edit_focused()
            && !self.modal_open()
        {
            let del = ui.input_mut(|inp| {
                inp.consume_key(egui::Modifiers::NONE, egui::Key::Delete)
                    | inp.consume_key(egui::Modifiers::NONE, egui::Key::Backspace)
            });
            if del {
                self.remove_point(i);
            }
        }

        // Zoom about the cursor.
        if over && let Some(p) = pos {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (-(scroll as f64) * 0.002).exp() / zoom as f64;
            if (factor - 1.0).abs() > 1e-6 && factor.is_finite() {
                self.zoom_view(factor, Some(to_data(p)));
            }
        }
    }

    /// What the readout at the cursor shows: the cursor in data space and the class
    /// probabilities there, from a forward pass of the shown heatmap's model (exact at the
    /// cursor, not the nearest heatmap cell). `None` when the cursor is off the canvas or no
    /// heatmap has arrived yet.
    pub fn hover_readout(&self) -> Option<([f64; 2], Vec<f64>)> {
        let d = self.canvas.hover_data?;
        let frame = self.heatmap.as_ref()?;
        let probs = frame.model.predict_point(d);
        (!probs.is_empty() && probs.iter().all(|p| p.is_finite())).then_some((d, probs))
    }

    /// Scales the view by `factor` (below 1 zooms in) about `centre` in data space (the view's
    /// centre when `None`). Views narrower than 0.001 or wider than a million are refused.
    pub fn zoom_view(&mut self, factor: f64, centre: Option<[f64; 2]>) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let view = self.view();
        let [cx, cy] = centre.unwrap_or([
            (view.x_min + view.x_max) / 2.0,
            (view.y_min + view.y_max) / 2.0,
        ]);
        let new = Bounds {
            x_min: cx + (view.x_min - cx) * factor,
            x_max: cx + (view.x_max - cx) * factor,
            y_min: cy + (view.y_min - cy) * factor,
            y_max: cy + (view.y_max - cy) * factor,
        };
        if new.width() > 1e-3 && new.width() < 1e6 && new.height() > 1e-3 && new.height() < 1e6 {
            self.set_view(new);
        }
    }

    /// Moves the view by `fx` of its width to the right and `fy` of its height up.
    pub fn pan_view(&mut self, fx: f64, fy: f64) {
        let view = self.view();
        let dx = fx * view.width();
        let dy = fy * view.height();
        self.set_view(Bounds {
            x_min: view.x_min + dx,
            x_max: view.x_max + dx,
            y_min: view.y_min + dy,
            y_max: view.y_max + dy,
        });
    }

    /// Adds a point of the selected class at the cursor when it is over the canvas, else at
    /// the centre of the view (the `A` key); returns its index.
    pub fn add_point_at_cursor(&mut self) -> usize {
        let view = self.view();
        let at = self.canvas.hover_data.unwrap_or([
            (view.x_min + view.x_max) / 2.0,
            (view.y_min + view.y_max) / 2.0,
        ]);
        self.add_point(at)
    }

    /// The canvas's keys: `+`/`=` and `-` zoom, `F` fits, Shift+arrows pan, `A` adds a point.
    /// Called before the other shortcuts (so Shift+→ pans instead of stepping), and never
    /// while a text field has the keyboard.
    pub(crate) fn canvas_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        let (zoom_in, zoom_out, fit, pan, add) = ctx.input_mut(|i| {
            let zoom_in = i.count_and_consume_key(Modifiers::NONE, Key::Plus)
                + i.count_and_consume_key(Modifiers::NONE, Key::Equals);
            let zoom_out = i.count_and_consume_key(Modifiers::NONE, Key::Minus);
            let fit = i.consume_key(Modifiers::NONE, Key::F);
            let mut pan = [0.0, 0.0];
            for (key, d) in [
                (Key::ArrowLeft, [-KEY_PAN, 0.0]),
                (Key::ArrowRight, [KEY_PAN, 0.0]),
                (Key::ArrowUp, [0.0, KEY_PAN]),
                (Key::ArrowDown, [0.0, -KEY_PAN]),
            ] {
                let n = i.count_and_consume_key(Modifiers::SHIFT, key) as f64;
                pan[0] += n * d[0];
                pan[1] += n * d[1];
            }
            let add = i.consume_key(Modifiers::NONE, Key::A);
            (zoom_in, zoom_out, fit, pan, add)
        });
        for _ in 0..zoom_in {
            self.zoom_view(1.0 / KEY_ZOOM, None);
        }
        for _ in 0..zoom_out {
            self.zoom_view(KEY_ZOOM, None);
        }
        if fit {
            self.fit_view();
        }
        if pan != [0.0, 0.0] {
            self.pan_view(pan[0], pan[1]);
        }
        if add {
            self.add_point_at_cursor();
        }
    }

    fn paint_canvas(&mut self, ui: &egui::Ui, rect: Rect, tf: &RectTransform, ticks: &AxisTicks) {
        let painter = ui.painter_at(rect);
        let palette = Palette::default();

        // Heatmap at the bounds it was computed for (it lags a frame behind while panning);
        // or a timeline snapshot / one unit's map (see `diagram.rs`).
        let shown = self.canvas_override().or_else(|| {
            (self.texture.as_ref())
                .zip(self.heatmap.as_ref())
                .map(|(t, f)| (t.id(), f.bounds))
        });
        let shown = shown.map(|(tex, b)| {
            let r = Rect::from_two_pos(
                tf.transform_pos(pos2(b.x_min as f32, b.y_max as f32)),
                tf.transform_pos(pos2(b.x_max as f32, b.y_min as f32)),
            );
            (tex, r)
        });
        // The background only where the heatmap leaves a gap (panning, before the first one):
        // painting pixels twice costs a software renderer real time.
        if !shown.is_some_and(|(_, r)| r.contains_rect(rect)) {
            painter.rect_filled(rect, 0.0, to_color(palette.background));
        }
        if let Some((tex, r)) = shown {
            painter.image(
                tex,
                r,
                Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }

        // Faint grid lines at the ticks.
        let grid = Stroke::new(1.0, Color32::from_white_alpha(70));
        for &x in &ticks.xs {
            let sx = tf.transform_pos(pos2(x as f32, 0.0)).x;
            painter.vline(sx, rect.y_range(), grid);
        }
        for &y in &ticks.ys {
            let sy = tf.transform_pos(pos2(0.0, y as f32)).y;
            painter.hline(rect.x_range(), sy, grid);
        }

        // Points: class-coloured disks with an outline; test points hollow.
        let outline = to_color(palette.outline);
        let points = &self.state.dataset.points;
        let highlighted = self.canvas.hovered_point;
        let order = (0..points.len())
            .filter(|i| Some(*i) != highlighted)
            .chain(highlighted.filter(|i| *i < points.len()));
        // Every point but the hovered one is two textured quads in one mesh: with a software
        // renderer, tessellated circles (hundreds of vertices each) cost ~30 µs a point.
        let ppp = ui.ctx().pixels_per_point();
        let sprites = match self.canvas.sprites.take() {
            Some(s) if s.fits(ppp) => s,
            _ => PointSprites::new(ui.ctx(), ppp),
        };
        let mut mesh = egui::Mesh::with_texture(sprites.texture.id());
        for i in order {
            let Some(p) = points.get(i) else { continue };
            let c = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            let color = class_color(p.class);
            if Some(i) != highlighted {
                sprites.add(&mut mesh, c, p.test, color);
                continue;
            }
            let r = POINT_RADIUS + 2.0;
            painter.add(std::mem::replace(
                &mut mesh,
                egui::Mesh::with_texture(sprites.texture.id()),
            ));
            painter.circle_filled(c, r + 4.0, Color32::from_white_alpha(150));
            if p.test {
                painter.circle_stroke(c, r, Stroke::new(3.0, color));
                painter.circle_stroke(c, r + 1.5, Stroke::new(1.0, outline));
            } else {
                painter.circle(c, r, color, Stroke::new(2.0, outline));
            }
        }
        painter.add(mesh);
        self.canvas.sprites = Some(sprites);
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Outside,
        );
    }

    fn paint_axes(&self, ui: &egui::Ui, rect: Rect, tf: &RectTransform, ticks: &AxisTicks) {
        let painter = ui.painter();
        let text_color = ui.visuals().text_color();
        let tick = Stroke::new(1.0, ui.visuals().weak_text_color());
        let font = egui::FontId::proportional(11.5);
        let xd = ticks.x_decimals;
        for &x in &ticks.xs {
            let sx = tf.transform_pos(pos2(x as f32, 0.0)).x;
            painter.line_segment([pos2(sx, rect.max.y), pos2(sx, rect.max.y + 4.0)], tick);
            painter.text(
                pos2(sx, rect.max.y + 5.0),
                egui::Align2::CENTER_TOP,
                format!("{x:.xd$}"),
                font.clone(),
                text_color,
            );
        }
        let yd = ticks.y_decimals;
        for &y in &ticks.ys {
            let sy = tf.transform_pos(pos2(0.0, y as f32)).y;
            painter.line_segment([pos2(rect.min.x - 4.0, sy), pos2(rect.min.x, sy)], tick);
            painter.text(
                pos2(rect.min.x - 6.0, sy),
                egui::Align2::RIGHT_CENTER,
                format!("{y:.yd$}"),
                font.clone(),
                text_color,
            );
        }
    }

    /// Hint line, divergence banner and the readout at the cursor.
    fn paint_overlays(&self, ui: &egui::Ui, rect: Rect) {
        let painter = ui.painter_at(rect);
        let font = egui::FontId::proportional(12.5);
        let mut y = rect.min.y + 8.0;
        let hint = format!(
            "Click to add a point of class {} · drag to move · right-click to delete · scroll to zoom",
            self.state.selected_class
        );
        let galley = painter.layout(
            hint,
            font.clone(),
            Color32::from_gray(40),
            rect.width() - 48.0,
        );
        let bg = Rect::from_min_size(pos2(rect.min.x + 8.0, y), galley.size() + vec2(30.0, 8.0));
        painter.rect_filled(bg, 6.0, Color32::from_white_alpha(200));
        painter.circle(
            pos2(bg.min.x + 12.0, bg.center().y),
            5.0,
            class_color(self.state.selected_class),
            Stroke::new(1.0, Color32::from_gray(30)),
        );
        painter.galley(bg.min + vec2(23.0, 4.0), galley, Color32::from_gray(40));
        y = bg.max.y + 6.0;

        if let Some(msg) = &self.diverged {
            let text = format!(
                "Training stopped: {msg}\nPress Reset (R) to start again, ideally with a lower learning rate."
            );
            let galley = painter.layout(text, font.clone(), Color32::WHITE, rect.width() - 40.0);
            let bg =
                Rect::from_min_size(pos2(rect.min.x + 8.0, y), galley.size() + vec2(16.0, 12.0));
            painter.rect_filled(bg, 6.0, Color32::from_rgb(190, 40, 40));
            painter.galley(bg.min + vec2(8.0, 6.0), galley, Color32::WHITE);
        } else if self.state.dataset.train_points().next().is_none() {
            let text = "No training points: click to add some.";
            let galley =
                painter.layout_no_wrap(text.to_owned(), font.clone(), Color32::from_gray(40));
            let bg =
                Rect::from_min_size(pos2(rect.min.x + 8.0, y), galley.size() + vec2(14.0, 8.0));
            painter.rect_filled(bg, 6.0, Color32::from_rgb(255, 244, 200));
            painter.galley(bg.min + vec2(7.0, 4.0), galley, Color32::from_gray(40));
        }

        // Readout at the cursor, bottom right.
        if let Some(d) = self.canvas.hover_data {
            let mut text = format!("x {:.2}, y {:.2}", d[0], d[1]);
            if let Some((_, probs)) = self.hover_readout() {
                for (c, p) in probs.iter().enumerate() {
                    text.push_str(&format!("   class {c}: {:.0}%", p * 100.0));
                }
            }
            let galley = painter.layout_no_wrap(text, font, Color32::from_gray(30));
            let size = galley.size() + vec2(14.0, 8.0);
            let bg = Rect::from_min_size(rect.max - size - vec2(8.0, 8.0), size);
            painter.rect_filled(bg, 6.0, Color32::from_white_alpha(215));
            painter.galley(bg.min + vec2(7.0, 4.0), galley, Color32::from_gray(30));
        }
    }
}

/// Anti-aliased point sprites drawn once into a small texture at the screen's pixel density:
/// a disk and the ring of a test point, each with its dark outline already composited. They
/// are white, so a vertex colour tints them: the fill takes the class colour and the outline a
/// dark shade of it. One quad a point.
pub(crate) struct PointSprites {
    texture: egui::TextureHandle,
    ppp: f32,
}

impl PointSprites {
    /// Sprite side in points: the disk plus its outline plus a pixel of margin.
    const SIDE: f32 = 2.0 * (POINT_RADIUS + 3.0);
    /// Grey of the outline before tinting (dark: about a sixth of the class colour).
    const OUTLINE_GREY: f32 = 40.0;

    fn new(ctx: &egui::Context, ppp: f32) -> Self {
        let side = (Self::SIDE * ppp).ceil().max(4.0) as usize;
        let centre = side as f32 / 2.0;
        let r = POINT_RADIUS * ppp;
        let coverage = |d: f32, inner: f32, outer: f32| {
            ((d - inner + 0.5).min(outer - d + 0.5)).clamp(0.0, 1.0)
        };
        // Outline `o` over body `b`: premultiplied "over", then back to unmultiplied.
        let over = |b: f32, o: f32| {
            let a = o + b * (1.0 - o);
            let grey = if a > 0.0 {
                (o * Self::OUTLINE_GREY + b * (1.0 - o) * 255.0) / a
            } else {
                255.0
            };
            let g = grey.round() as u8;
            Color32::from_rgba_unmultiplied(g, g, g, (a * 255.0).round() as u8)
        };
        let mut image = egui::ColorImage::filled([2 * side, side], Color32::TRANSPARENT);
        for y in 0..side {
            for x in 0..side {
                let d = (x as f32 + 0.5 - centre).hypot(y as f32 + 0.5 - centre);
                // A filled disk with a 1.4 px outline on its edge.
                let disk = coverage(d, f32::NEG_INFINITY, r);
                let edge = coverage(d, r - 0.7 * ppp, r + 0.7 * ppp);
                image[(x, y)] = over(disk, edge);
                // Test points: a 3 px ring, a 1 px outline just outside it.
                let ring = coverage(d, r - 1.5 * ppp, r + 1.5 * ppp);
                let rim = coverage(d, r + 1.5 * ppp, r + 2.5 * ppp);
                image[(side + x, y)] = over(ring, rim);
            }
        }
        let texture = ctx.load_texture("nnviz-point-sprites", image, egui::TextureOptions::LINEAR);
        Self { texture, ppp }
    }

    fn fits(&self, ppp: f32) -> bool {
        (self.ppp - ppp).abs() < 1e-3
    }

    /// The sprites' texture.
    pub(crate) fn texture_id(&self) -> egui::TextureId {
        self.texture.id()
    }

    fn uv(k: f32) -> Rect {
        Rect::from_min_max(pos2(k / 2.0, 0.0), pos2((k + 1.0) / 2.0, 1.0))
    }

    /// A filled, outlined dot of `radius` points (the point sprite, scaled).
    pub(crate) fn add_dot(&self, mesh: &mut egui::Mesh, centre: Pos2, radius: f32, color: Color32) {
        let rect = Rect::from_center_size(centre, Vec2::splat(Self::SIDE * radius / POINT_RADIUS));
        mesh.add_rect_with_uv(rect, Self::uv(0.0), color);
    }

    /// One point: test points are a class-coloured ring, others a class-coloured disk.
    fn add(&self, mesh: &mut egui::Mesh, centre: Pos2, test: bool, color: Color32) {
        let rect = Rect::from_center_size(centre, Vec2::splat(Self::SIDE));
        mesh.add_rect_with_uv(rect, Self::uv(if test { 1.0 } else { 0.0 }), color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        let (t, d) = ticks(0.0, 7.0, 8.0);
        assert_eq!(t, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
        assert_eq!(d, 0);
        let (t, d) = ticks(-0.33, 0.33, 6.0);
        assert_eq!(d, 1);
        assert!(t.len() >= 5);
    }
}
