//! Painting the canvas: the heatmap, grid and axes, the points (one textured mesh), and the
//! strip above the plot (hint, divergence, cursor readout) that never covers the data.

use super::super::theme::class_color;
use super::Canvas;
use crate::data::{Bounds, LabeledPoint};
use crate::render::Palette;
use egui::emath::RectTransform;
use egui::{Color32, Pos2, Rect, Stroke, Vec2, pos2, vec2};

/// Radius of a point on screen (before presentation scaling).
pub(crate) const POINT_RADIUS: f32 = 6.5;

fn to_color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// A point's fill: its class colour, or in regression its value's colour.
fn point_colour(scene: &Scene<'_>, p: &LabeledPoint) -> Color32 {
    match scene.values {
        Some(s) => to_color(s.colour(p.value)),
        None => class_color(p.class),
    }
}

/// Width of the colour bar at the canvas's right edge, in points.
const COLOUR_BAR_WIDTH: f32 = 12.0;

/// The regression colour bar at the right edge of the plot: the diverging scale from
/// `+half_range` (top) through 0 to `-half_range`, labelled at both ends and at 0; its
/// tooltip says what it shows.
fn colour_bar_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    rect: Rect,
    scale: crate::render::ValueScale,
) {
    let h = (rect.height() * 0.5).clamp(60.0, 240.0);
    let bar = Rect::from_min_size(
        pos2(rect.max.x - COLOUR_BAR_WIDTH - 40.0, rect.min.y + 10.0),
        vec2(COLOUR_BAR_WIDTH, h),
    );
    let card = bar.expand2(vec2(4.0, 8.0)).union(Rect::from_min_size(
        bar.right_top() + vec2(0.0, -8.0),
        vec2(38.0, h + 16.0),
    ));
    painter.rect_filled(card, 3.0, Color32::from_white_alpha(200));
    let steps = 32;
    let mut mesh = egui::Mesh::default();
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let y = bar.min.y + t * bar.height();
        let c = to_color(crate::render::diverging(1.0 - 2.0 * t));
        mesh.colored_vertex(pos2(bar.min.x, y), c);
        mesh.colored_vertex(pos2(bar.max.x, y), c);
        if i > 0 {
            let k = 2 * i;
            mesh.add_triangle(k - 2, k - 1, k);
            mesh.add_triangle(k - 1, k + 1, k);
        }
    }
    painter.add(mesh);
    painter.rect_stroke(
        bar,
        0.0,
        Stroke::new(1.0, Color32::from_gray(90)),
        egui::StrokeKind::Outside,
    );
    let font = egui::FontId::proportional(11.0);
    for (v, y) in [
        (scale.half_range, bar.min.y),
        (0.0, bar.center().y),
        (-scale.half_range, bar.max.y),
    ] {
        painter.text(
            pos2(bar.max.x + 4.0, y),
            egui::Align2::LEFT_CENTER,
            crate::render::format_tick(v),
            font.clone(),
            Color32::from_gray(30),
        );
    }
    let id = egui::Id::unique("nnviz-colour-bar");
    let resp = ui.interact(card, id, egui::Sense::hover());
    // Named for screen readers (and the UI tests).
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, crate::tr!("canvas-colour-bar"))
    });
    resp.on_hover_text(crate::tr!("canvas-colour-bar-tip"));
}

/// Maps data space (`y` up) to the screen rectangle (`y` down).
pub(crate) fn screen_from_data(view: &Bounds, rect: Rect) -> RectTransform {
    let data = Rect::from_min_max(
        pos2(view.x_min as f32, view.y_max as f32),
        pos2(view.x_max as f32, view.y_min as f32),
    );
    RectTransform::from_to(data, rect)
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
pub(crate) struct AxisTicks {
    xs: Vec<f64>,
    x_decimals: usize,
    ys: Vec<f64>,
    y_decimals: usize,
}

impl AxisTicks {
    /// Ticks about 80 px apart across and 60 px apart up.
    pub(crate) fn new(view: &Bounds, rect: Rect) -> Self {
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

/// What the canvas paints this frame.
pub(crate) struct Scene<'a> {
    /// The image under the points and the data rectangle it covers.
    pub image: Option<(egui::TextureId, Bounds)>,
    /// The points.
    pub points: &'a [LabeledPoint],
    /// Point size factor (presentation mode draws them larger).
    pub scale: f32,
    /// Draw the test points (View ▸ Show test points).
    pub show_test_points: bool,
    /// For regression: the colour scale of the values (points take their value's colour,
    /// and a colour bar explains it); `None` for classification.
    pub values: Option<crate::render::ValueScale>,
}

impl Canvas {
    /// Heatmap, grid lines, points and the frame.
    pub(crate) fn paint_plot(
        &mut self,
        ui: &egui::Ui,
        (rect, view): (Rect, Bounds),
        tf: &RectTransform,
        ticks: &AxisTicks,
        scene: &Scene<'_>,
    ) {
        let painter = ui.painter_at(rect);
        let palette = Palette::default();
        let shown = scene.image.map(|(tex, b)| {
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
        let points = scene.points;
        let highlighted = self.hovered_point;
        let ppp = ui.ctx().pixels_per_point() * scene.scale;
        let sprites = match self.sprites.take() {
            Some(s) if s.fits(ppp) => s,
            _ => PointSprites::new(ui.ctx(), ppp),
        };
        // Every point but the hovered one is one textured quad in one mesh, and only those
        // inside the view: with a software renderer, tessellated circles (hundreds of
        // vertices each) cost ~30 µs a point. The quads hug the marks (a software renderer
        // pays for every pixel), and many points are drawn smaller.
        let size = scene.scale * crowd_scale(points.len());
        let cull = rect.expand(PointSprites::SIDE * size);
        // A crowd is one picture redrawn only when the points or the view change (see
        // `layer`); the point it leaves out (the one being dragged) is drawn as a sprite.
        let layer = (points.len() >= super::layer::LAYER_MIN_POINTS)
            .then(|| {
                self.layer.prepare(
                    ui.ctx(),
                    points,
                    rect,
                    tf,
                    view,
                    size,
                    scene.show_test_points,
                    scene.values,
                    &|p| point_colour(scene, p),
                )
            })
            .flatten();
        if let Some((tex, r, _)) = layer {
            painter.image(
                tex,
                r,
                Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        let drawn: Box<dyn Iterator<Item = usize>> = match layer {
            Some((_, _, live)) => Box::new(live.into_iter()),
            None => Box::new(0..points.len()),
        };
        // One allocation of the right size (egui takes the mesh and frees it after painting).
        let mut mesh = egui::Mesh::with_texture(sprites.texture.id());
        let quads = if layer.is_some() { 1 } else { points.len() };
        mesh.reserve_triangles(2 * quads);
        mesh.reserve_vertices(4 * quads);
        for i in drawn {
            let Some(p) = points.get(i) else { continue };
            if Some(i) == highlighted || (p.test && !scene.show_test_points) {
                continue;
            }
            let c = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            if cull.contains(c) {
                sprites.add(&mut mesh, c, p.test, point_colour(scene, p), size);
            }
        }
        painter.add(mesh);
        if let Some(p) = highlighted.and_then(|i| points.get(i)) {
            let c = tf.transform_pos(pos2(p.pos_in_data[0] as f32, p.pos_in_data[1] as f32));
            let color = point_colour(scene, p);
            let r = (POINT_RADIUS + 2.0) * scene.scale;
            painter.circle_filled(c, r + 4.0, Color32::from_white_alpha(150));
            if p.test {
                painter.circle_stroke(c, r, Stroke::new(3.0, color));
                painter.circle_stroke(c, r + 1.5, Stroke::new(1.0, outline));
            } else {
                painter.circle(c, r, color, Stroke::new(2.0, outline));
            }
        }
        self.sprites = Some(sprites);
        if let Some(values) = scene.values {
            colour_bar_ui(ui, &painter, rect, values);
        }
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Outside,
        );
    }

    /// Tick marks and labels left of and below the plot.
    pub(crate) fn paint_axes(
        &self,
        ui: &egui::Ui,
        rect: Rect,
        tf: &RectTransform,
        ticks: &AxisTicks,
        font_size: f32,
    ) {
        let painter = ui.painter();
        let text_color = ui.visuals().text_color();
        let tick = Stroke::new(1.0, ui.visuals().weak_text_color());
        let font = egui::FontId::proportional(font_size);
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
}

/// One line in the strip above the plot: a coloured chip, then the text, cut to fit.
pub(crate) fn strip_line(
    ui: &egui::Ui,
    rect: Rect,
    text: &str,
    fill: Color32,
    color: Color32,
    dot: Option<Color32>,
    scale: f32,
) {
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(12.5 * scale);
    let left = if dot.is_some() { 22.0 } else { 8.0 };
    let max_w = (rect.width() - left - 8.0).max(10.0);
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
    job.wrap = egui::text::TextWrapping::truncate_at_width(max_w);
    let galley = painter.layout_job(job);
    let size = vec2(galley.size().x + left + 8.0, rect.height());
    let bg = Rect::from_min_size(rect.min, size);
    painter.rect_filled(bg, 5.0, fill);
    if let Some(d) = dot {
        painter.circle(
            pos2(bg.min.x + 11.0, bg.center().y),
            5.0,
            d,
            Stroke::new(1.0, Color32::from_gray(30)),
        );
    }
    painter.galley(
        pos2(bg.min.x + left, bg.center().y - galley.size().y / 2.0),
        galley,
        color,
    );
    // Screen readers (and tests) read the line; it takes no clicks.
    let id = ui.scope_id().with("nnviz_canvas_strip");
    ui.interact(bg, id, egui::Sense::hover())
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
}

/// Fewer than this many points are drawn at full size.
const CROWD: f32 = 2000.0;
/// The smallest size factor of a crowd of points.
const MIN_CROWD_SCALE: f32 = 0.6;

/// Size factor of the points when there are `n`: 1 up to 2,000 points, then shrinking
/// with the square root of their number (the area they cover stays about the same) down to
/// 0.6, in steps of 0.05 so the size does not creep while points are added.
pub(crate) fn crowd_scale(n: usize) -> f32 {
    let s = (CROWD / n.max(1) as f32).sqrt().clamp(MIN_CROWD_SCALE, 1.0);
    (s * 20.0).floor() / 20.0
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
    /// Sprite side in points: a test point's ring plus its outline plus a pixel of margin.
    const SIDE: f32 = 2.0 * (POINT_RADIUS + 3.0);
    /// The part of a sprite a filled disk and its outline cover (with a pixel for the
    /// anti-aliased edge): its quad is this much smaller, 30 % fewer pixels.
    const DISK_SIDE: f32 = 2.0 * (POINT_RADIUS + 1.5);
    /// Grey of the outline before tinting (dark: about a sixth of the class colour).
    const OUTLINE_GREY: f32 = 40.0;

    fn new(ctx: &egui::Context, ppp: f32) -> Self {
        let image = Self::image(ppp);
        let texture = ctx.load_texture("nnviz-point-sprites", image, egui::TextureOptions::LINEAR);
        Self { texture, ppp }
    }

    /// The sprites' image at `ppp` pixels a point: the disk left, the test point's ring right,
    /// each `ceil(SIDE × ppp)` pixels square (premultiplied, white with a dark outline).
    pub(crate) fn image(ppp: f32) -> egui::ColorImage {
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
        image
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

    /// One point: test points are a class-coloured ring, others a class-coloured disk (its
    /// quad cut to the disk).
    fn add(&self, mesh: &mut egui::Mesh, centre: Pos2, test: bool, color: Color32, scale: f32) {
        if test {
            let rect = Rect::from_center_size(centre, Vec2::splat(Self::SIDE * scale));
            mesh.add_rect_with_uv(rect, Self::uv(1.0), color);
        } else {
            let rect = Rect::from_center_size(centre, Vec2::splat(Self::DISK_SIDE * scale));
            let uv = Self::uv(0.0);
            let f = Self::DISK_SIDE / Self::SIDE;
            let uv = Rect::from_center_size(uv.center(), uv.size() * f);
            mesh.add_rect_with_uv(rect, uv, color);
        }
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
