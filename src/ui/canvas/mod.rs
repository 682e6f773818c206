//! The canvas: the worker's heatmap under the points, in data coordinates with axes.
//!
//! Mouse: click empty space to add a point of the selected class (in explain mode a click
//! pins the nearest training point instead), drag a point to move it, right click to remove
//! it, scroll to zoom about the cursor, middle-drag or Space+drag to pan, double click to fit
//! the view. Keys are in the shortcut table. A strip above the plot carries the hint, the
//! divergence message and the cursor readout, so nothing is ever drawn over the data.

pub(crate) mod layer;
pub(crate) mod paint;

pub(crate) use paint::PointSprites;
use paint::{AxisTicks, POINT_RADIUS, Scene, screen_from_data, strip_line};

use super::action::Action;
use super::shortcuts::SpaceKey;
use super::state::PersistedState;
use super::theme::{class_color, upload_rgba};
use super::worker_link::WorkerLink;
use crate::data::Bounds;
use crate::tr;
use egui::emath::RectTransform;
use egui::{Color32, Pos2, Rect, Sense, Vec2, pos2, vec2};
use std::time::{Duration, Instant};

/// How far from a point's centre a press still grabs it.
const GRAB_RADIUS: f32 = 11.0;
/// Height of the strip above the plot.
const STRIP_H: f32 = 24.0;

/// What the canvas shows instead of the live classes (a timeline snapshot, one unit's map).
#[derive(Clone, Debug)]
pub(crate) struct Overlay {
    /// The image.
    pub texture: egui::TextureId,
    /// The data rectangle it covers.
    pub bounds: Bounds,
    /// The line that says what it is.
    pub label: String,
}

/// What the canvas needs from the rest of the window this frame.
pub(crate) struct CanvasInput<'a> {
    /// The points, class, view.
    pub state: &'a PersistedState,
    /// The heatmap and divergence.
    pub link: &'a WorkerLink,
    /// Something to show instead of the heatmap.
    pub overlay: Option<Overlay>,
    /// Explain mode: a click pins a point instead of adding one.
    pub explain: bool,
    /// A dialog owns the keyboard and mouse.
    pub modal: bool,
    /// Point size factor (presentation mode).
    pub scale: f32,
}

/// What happened on the canvas that is not an action.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CanvasResponse {
    /// Explain mode: the training point clicked (to pin).
    pub pin: Option<usize>,
}

/// The canvas part: hover, drags, pans, the heatmap texture and the point sprites.
#[derive(Default)]
pub struct Canvas {
    /// Index of the point under the cursor.
    hovered_point: Option<usize>,
    /// What the hover test last looked at (cursor, point count, view, plot, scale, test
    /// points shown): it runs again only when one of them changed, not every frame over
    /// thousands of points.
    hover_key: Option<(Pos2, usize, Bounds, Rect, f32, bool)>,
    /// Point being dragged and the grab offset (screen, point centre − cursor).
    dragging: Option<(usize, Vec2)>,
    /// A pan drag is in progress.
    panning: bool,
    /// Last point added by a click: index, time and screen position (a double click undoes it).
    last_added: Option<(usize, Instant, Pos2)>,
    /// Cursor position in data space while over the canvas.
    hover_data: Option<[f64; 2]>,
    /// Heatmap resolution asked for by the last layout.
    resolution: usize,
    /// Pre-drawn point disks.
    sprites: Option<PointSprites>,
    /// A crowd of points drawn as one picture.
    layer: layer::PointLayer,
    /// The heatmap's texture and the heatmap generation it shows.
    texture: Option<egui::TextureHandle>,
    texture_generation: Option<u64>,
    /// The plot's rectangle in the last frame (tests aim at it).
    plot_rect: Option<Rect>,
    /// The user has added or moved a point: the hint has done its job.
    hint_done: bool,
}

impl Canvas {
    /// Index of the point under the cursor.
    pub fn hovered_point(&self) -> Option<usize> {
        self.hovered_point
    }

    /// The cursor in data space while it is over the canvas.
    pub fn hover_data(&self) -> Option<[f64; 2]> {
        self.hover_data
    }

    /// Whether a point is being dragged.
    pub fn is_dragging(&self) -> bool {
        self.dragging.is_some()
    }

    /// Whether a drag or a pan is in progress (frames keep coming).
    pub fn is_interacting(&self) -> bool {
        self.dragging.is_some() || self.panning
    }

    /// Heatmap cells per side that fill the canvas at the screen's pixel density.
    pub fn resolution(&self) -> usize {
        if self.resolution == 0 {
            200
        } else {
            self.resolution
        }
    }

    /// The plot's rectangle on screen in the last frame.
    pub fn plot_rect(&self) -> Option<Rect> {
        self.plot_rect
    }

    /// The point sprites (the diagram draws its dots with them).
    pub(crate) fn sprites(&self) -> Option<&PointSprites> {
        self.sprites.as_ref()
    }

    /// Forgets hover, drags and the last click after the points changed (indices moved).
    pub(crate) fn forget_points(&mut self) {
        self.hovered_point = None;
        self.hover_key = None;
        self.dragging = None;
        self.last_added = None;
    }

    /// What the readout at the cursor shows: the cursor in data space and the class
    /// probabilities there, from a forward pass of the shown heatmap's model (exact at the
    /// cursor, not the nearest heatmap cell). `None` when the cursor is off the canvas or no
    /// heatmap has arrived yet.
    pub fn hover_readout(&self, link: &WorkerLink) -> Option<([f64; 2], Vec<f64>)> {
        let d = self.hover_data?;
        let frame = link.heatmap.as_ref()?;
        let probs = frame.model.predict_point(d);
        (!probs.is_empty() && probs.iter().all(|p| p.is_finite())).then_some((d, probs))
    }

    /// Index of the point nearest to `pos` on screen within the grab radius.
    fn point_at(
        &self,
        state: &PersistedState,
        pos: Pos2,
        tf: &RectTransform,
        scale: f32,
    ) -> Option<usize> {
        let mut best = None;
        let grab = GRAB_RADIUS * scale.max(1.0);
        let mut best_d = grab * grab;
        // Hidden test points cannot be grabbed.
        let shown = state.dataset.points.iter().enumerate();
        for (i, p) in shown.filter(|(_, p)| state.view_settings.shows(p)) {
            let s = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            let d = s.distance_sq(pos);
            if d <= best_d {
                best_d = d;
                best = Some(i);
            }
        }
        best
    }

    /// Keeps the heatmap texture equal to the worker's latest heatmap (keyed by its
    /// generation, so an unchanged frame is not uploaded again).
    fn update_texture(&mut self, ctx: &egui::Context, link: &WorkerLink) {
        let Some(frame) = &link.heatmap else {
            return;
        };
        if self.texture_generation == Some(link.heatmap_generation) {
            return;
        }
        if upload_rgba(ctx, &mut self.texture, "nnviz-heatmap", &frame.image) {
            self.texture_generation = Some(link.heatmap_generation);
        }
    }

    /// The canvas in all of `ui`'s space: strip, plot, axes. Pushes what the user did.
    pub(crate) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &CanvasInput<'_>,
        space: &mut SpaceKey,
        out: &mut Vec<Action>,
    ) -> CanvasResponse {
        let mut resp = CanvasResponse::default();
        let outer = ui.available_rect_before_wrap();
        let font = 11.5 * input.scale.sqrt();
        let strip = Rect::from_min_size(
            outer.min + vec2(46.0, 0.0),
            vec2(outer.width() - 60.0, STRIP_H),
        );
        let plot_rect = Rect::from_min_max(
            pos2(outer.min.x + 46.0, outer.min.y + STRIP_H + 6.0),
            outer.max - vec2(14.0, 20.0 + font),
        );
        if plot_rect.width() < 20.0 || plot_rect.height() < 20.0 {
            ui.advance_cursor_after_rect(outer);
            return resp;
        }
        self.plot_rect = Some(plot_rect);
        let ppp = ui.ctx().pixels_per_point();
        let wanted =
            (plot_rect.width().max(plot_rect.height()) * ppp / 2.0 / 16.0).round() as usize * 16;
        // At most 256 cells a side: the rebuilt layout's larger canvas would otherwise ask the
        // worker for 1.6× the cells of the old one (measured: 30 % fewer training steps and
        // 6 ms more edit latency on a 6×8 network); the texture is interpolated anyway.
        self.resolution = wanted.clamp(200, 256);
        self.update_texture(ui.ctx(), input.link);

        let id = ui.scope_id().with("nnviz_canvas");
        let response = ui.interact(plot_rect, id, Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, tr!("canvas-accessible-name"))
        });

        if !input.modal {
            resp = self.input(ui, &response, plot_rect, input, space, out);
        }

        let view = input.state.view();
        let tf = screen_from_data(&view, plot_rect);
        let ticks = AxisTicks::new(&view, plot_rect);
        let image = match &input.overlay {
            Some(o) => Some((o.texture, o.bounds)),
            None => self
                .texture
                .as_ref()
                .zip(input.link.heatmap.as_ref())
                .map(|(t, f)| (t.id(), f.bounds)),
        };
        let d = &input.state.dataset;
        let scene = Scene {
            image,
            points: &d.points,
            scale: input.scale,
            show_test_points: input.state.view_settings.show_test_points,
            values: d
                .is_regression()
                .then(|| crate::render::ValueScale::of_values(d.points.iter().map(|p| p.value))),
        };
        self.paint_plot(ui, (plot_rect, view), &tf, &ticks, &scene);
        self.paint_axes(ui, plot_rect, &tf, &ticks, font);
        self.strip_ui(ui, strip, input);

        let cursor = if self.dragging.is_some() {
            egui::CursorIcon::Grabbing
        } else if self.panning {
            egui::CursorIcon::Move
        } else if self.hovered_point.is_some() {
            egui::CursorIcon::Grab
        } else {
            egui::CursorIcon::Crosshair
        };
        if response.hovered() || self.dragging.is_some() || self.panning {
            ui.ctx().set_cursor_icon(cursor);
        }
        ui.advance_cursor_after_rect(outer);
        resp
    }

    /// The line above the plot: the divergence, else what is shown instead of the classes,
    /// else the readout at the cursor, else the hint (until the first edit).
    fn strip_ui(&self, ui: &egui::Ui, strip: Rect, input: &CanvasInput<'_>) {
        let state = input.state;
        let fs = input.scale.sqrt();
        if let Some(msg) = &input.link.diverged {
            let text = tr!("canvas-training-stopped", reason = msg.as_str());
            strip_line(
                ui,
                strip,
                &text,
                Color32::from_rgb(190, 40, 40),
                Color32::WHITE,
                None,
                fs,
            );
        } else if let Some(o) = &input.overlay {
            let fill = Color32::from_rgba_unmultiplied(30, 34, 40, 225);
            strip_line(ui, strip, &o.label, fill, Color32::WHITE, None, fs);
        } else if let Some(d) = self.hover_data {
            let mut text = format!("x {:.2}, y {:.2}", d[0], d[1]);
            let regression = state.dataset.is_regression();
            if regression {
                // A regression's prediction is a value in the data's units, not class shares.
                let frame = input.link.heatmap.as_ref();
                let v = frame.map(|f| f.model.predict_value(d));
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    let value = format!("{v:.3}");
                    text.push_str("   ");
                    text.push_str(&tr!("canvas-readout-value", value = value));
                }
            } else if let Some((_, probs)) = self.hover_readout(input.link) {
                for (c, p) in probs.iter().enumerate() {
                    text.push_str(&format!("   {}: {:.0}%", state.class_name(c), p * 100.0));
                }
            }
            strip_line(
                ui,
                strip,
                &text,
                Color32::from_white_alpha(215),
                Color32::from_gray(30),
                None,
                fs,
            );
        } else if state.dataset.train_points().next().is_none() {
            let text = tr!("canvas-no-training-points");
            strip_line(
                ui,
                strip,
                &text,
                Color32::from_rgb(255, 244, 200),
                Color32::from_gray(40),
                None,
                fs,
            );
        } else if !self.hint_done {
            let c = state.selected_class;
            let regression = state.dataset.is_regression();
            let text = if input.explain {
                tr!("canvas-explain-hint")
            } else if regression {
                let value = crate::render::format_tick(state.new_point_value);
                tr!("canvas-hint-regression", value = value)
            } else {
                tr!("canvas-hint", class = state.class_name(c))
            };
            let swatch = if regression {
                let scale = crate::render::ValueScale::of_values(
                    (state.dataset.points.iter().map(|p| p.value)).chain([state.new_point_value]),
                );
                let [r, g, b] = scale.colour(state.new_point_value);
                Color32::from_rgb(r, g, b)
            } else {
                class_color(c)
            };
            strip_line(
                ui,
                strip,
                &text,
                Color32::from_white_alpha(200),
                Color32::from_gray(40),
                Some(swatch),
                fs,
            );
        }
    }

    fn input(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        rect: Rect,
        input: &CanvasInput<'_>,
        space: &mut SpaceKey,
        out: &mut Vec<Action>,
    ) -> CanvasResponse {
        let mut resp = CanvasResponse::default();
        let state = input.state;
        let view = state.view();
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
        self.hovered_point = match (self.dragging, pos) {
            (Some((i, _)), _) => Some(i),
            (None, Some(p)) if over => {
                let shown = state.view_settings.show_test_points;
                let key = (
                    p,
                    state.dataset.points.len(),
                    view,
                    rect,
                    input.scale,
                    shown,
                );
                if self.hover_key != Some(key) {
                    self.hover_key = Some(key);
                    self.point_at(state, p, &tf, input.scale)
                } else {
                    self.hovered_point
                }
            }
            _ => None,
        };
        if self.dragging.is_some() || !over {
            self.hover_key = None;
        }
        self.hover_data = if over { pos.map(to_data) } else { None };

        // Press: grab a point (not in explain mode, where clicks pin), or start a pan.
        if primary_pressed && over {
            if space.down {
                self.panning = true;
                space.used_for_pan = true;
            } else if !input.explain
                && let (Some(i), Some(p)) = (self.hovered_point, pos)
                && let Some(pt) = state.dataset.points.get(i)
            {
                let centre =
                    tf.transform_pos(pos2(pt.pos_in_data[0] as f32, pt.pos_in_data[1] as f32));
                self.dragging = Some((i, centre - p));
            }
        }
        if middle_pressed && over {
            self.panning = true;
        }

        // Pan.
        if self.panning {
            if !any_down {
                self.panning = false;
            } else if delta != Vec2::ZERO {
                let dx = -(delta.x as f64) * view.width() / rect.width() as f64;
                let dy = (delta.y as f64) * view.height() / rect.height() as f64;
                out.push(Action::SetView(Bounds {
                    x_min: view.x_min + dx,
                    x_max: view.x_max + dx,
                    y_min: view.y_min + dy,
                    y_max: view.y_max + dy,
                }));
            }
        }

        // Drag a point: one move per frame while the cursor moves.
        if let Some((i, offset)) = self.dragging {
            if primary_down {
                if let Some(p) = pos {
                    let target = (p + offset).clamp(rect.min, rect.max);
                    out.push(Action::MovePoint {
                        index: i,
                        pos_in_data: to_data(target),
                    });
                    self.hint_done = true;
                }
            } else {
                self.dragging = None;
            }
        }

        // Click: in explain mode pin the point under the cursor; else empty space adds a
        // point, and a double click fits the view instead.
        if response.clicked() && !self.panning && !space.down {
            let origin = press_origin.or(pos);
            let on_point = origin.and_then(|o| self.point_at(state, o, &tf, input.scale));
            let now = Instant::now();
            if input.explain {
                resp.pin =
                    on_point.filter(|&i| state.dataset.points.get(i).is_some_and(|p| !p.test));
                if response.double_clicked() && on_point.is_none() {
                    out.push(Action::FitView);
                }
            } else if let Some(index) = on_point
                && state.dataset.is_regression()
                && ui.input(|i| {
                    // Shift held now, or with the button event of this click.
                    i.modifiers.shift
                        || i.events.iter().any(|e| {
                            matches!(e, egui::Event::PointerButton { modifiers, .. } if modifiers.shift)
                        })
                })
            {
                // Shift+click on a regression point gives it the value of new points.
                out.push(Action::SetPointValue {
                    index,
                    value: state.new_point_value,
                });
                self.hint_done = true;
            } else if response.double_clicked()
                && let Some((idx, t, at)) = self.last_added
                && now.duration_since(t) < Duration::from_millis(800)
                && origin.is_some_and(|o| o.distance(at) < 8.0)
            {
                out.push(Action::RemovePoint(idx));
                out.push(Action::FitView);
                self.last_added = None;
            } else if on_point.is_none()
                && let Some(o) = origin
            {
                out.push(Action::AddPoint(to_data(o)));
                // Applied at the end of the frame, after anything queued before it.
                let len_after = state.dataset.points.len() + 1;
                self.last_added = Some((len_after - 1, now, o));
                self.hint_done = true;
            } else if response.double_clicked() {
                out.push(Action::FitView);
            }
        }

        // Right click on a point removes it.
        if response.secondary_clicked()
            && let Some(i) = pos.and_then(|p| self.point_at(state, p, &tf, input.scale))
        {
            out.push(Action::RemovePoint(i));
            self.forget_points();
        }

        // Zoom about the cursor.
        if over && let Some(p) = pos {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (-(scroll as f64) * 0.002).exp() / zoom as f64;
            if (factor - 1.0).abs() > 1e-6 && factor.is_finite() {
                out.push(Action::ZoomView {
                    factor,
                    centre: Some(to_data(p)),
                });
            }
        }
        let _ = POINT_RADIUS;
        resp
    }
}
