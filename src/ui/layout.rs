//! Where the parts go. Every rectangle is computed from the window's size, so nothing
//! overlaps or runs off at 1024×700, 1280×800, 1920×1080 or zoomed to 150 %:
//!
//! - top: the menu bar, then the transport bar (it never scrolls away);
//! - bottom: the status bar; left: the side panel (its width follows the window's);
//! - centre: the diagram/explain/timeline toggles (and the timeline bar), then the canvas —
//!   always the largest thing on screen — with a column beside it (wide windows) or a row
//!   below it (tall ones) for the loss plot, the diagram and the docked explain mode.
//!
//! Presentation mode (F11) drops the menu, the side panel and the status bar and draws the
//! canvas, the loss plot and (when open) the diagram with larger points and text.

use super::action::Action;
use super::app::NnvizApp;
use super::canvas::CanvasInput;
use super::parts::menu::{MenuInput, menu_ui};
use egui::{Color32, Rect, pos2, vec2};

/// Gap between the central parts.
const GAP: f32 = 10.0;

/// The rectangles of the last frame's parts (layout tests read them).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutRects {
    /// The transport bar.
    pub transport: Option<Rect>,
    /// The canvas, axes included.
    pub canvas: Option<Rect>,
    /// The loss plot with its title.
    pub loss_plot: Option<Rect>,
    /// The network diagram.
    pub diagram: Option<Rect>,
    /// Explain mode.
    pub explain: Option<Rect>,
    /// The side panel.
    pub side: Option<Rect>,
    /// The lesson panel (in the side panel's place while the lesson is open).
    pub lesson: Option<Rect>,
}

/// Where the central parts go in `rect`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Central {
    /// The canvas.
    pub canvas: Rect,
    /// The loss plot.
    pub plot: Rect,
    /// The diagram, when shown.
    pub diagram: Option<Rect>,
    /// Explain mode, when shown.
    pub explain: Option<Rect>,
}

/// Splits the central area: the canvas gets the most room; the plot, the diagram and explain
/// share a column beside it (wide areas) or a row below it (tall ones).
pub(crate) fn central_rects(rect: Rect, diagram: bool, explain: bool) -> Central {
    let (w, h) = (rect.width(), rect.height());
    let extra = usize::from(diagram) + usize::from(explain);
    if w >= h * 1.25 {
        // A column on the right, at least 240 wide, at most 45 % of the area.
        let col_w = (w * if extra > 0 { 0.4 } else { 0.3 })
            .clamp(240.0, 560.0)
            .min(w * 0.45);
        let canvas_w = (w - col_w - GAP).min(h.max(w * 0.5));
        let canvas = Rect::from_min_size(rect.min, vec2(canvas_w, h));
        let col = Rect::from_min_max(pos2(canvas.max.x + GAP, rect.min.y), rect.max);
        let plot_h = if extra == 0 {
            col.height()
        } else {
            if col.height() < 420.0 {
                (col.height() * 0.42).max(120.0)
            } else {
                (col.height() * 0.36).clamp(190.0, 300.0)
            }
        };
        let plot = Rect::from_min_size(col.min, vec2(col.width(), plot_h));
        let rest = Rect::from_min_max(pos2(col.min.x, plot.max.y + GAP), col.max);
        let (diagram, explain) = split_rest(rest, diagram, explain, true);
        Central {
            canvas,
            plot,
            diagram,
            explain,
        }
    } else {
        // A row below: the canvas keeps at least 55 % of the height.
        let row_h = (h * if extra > 0 { 0.4 } else { 0.3 })
            .clamp(150.0, 340.0)
            .min(h * 0.45);
        let canvas = Rect::from_min_size(rect.min, vec2(w, h - row_h - GAP));
        let row = Rect::from_min_max(pos2(rect.min.x, canvas.max.y + GAP), rect.max);
        let plot_w = if extra == 0 {
            row.width()
        } else {
            (row.width() * 0.38).max(200.0)
        };
        let plot = Rect::from_min_size(row.min, vec2(plot_w, row.height()));
        let rest = Rect::from_min_max(pos2(plot.max.x + GAP, row.min.y), row.max);
        let (diagram, explain) = split_rest(rest, diagram, explain, false);
        Central {
            canvas,
            plot,
            diagram,
            explain,
        }
    }
}

/// Gives `rest` to the diagram and/or explain (stacked in a column, side by side in a row).
fn split_rest(
    rest: Rect,
    diagram: bool,
    explain: bool,
    column: bool,
) -> (Option<Rect>, Option<Rect>) {
    match (diagram, explain) {
        (false, false) => (None, None),
        (true, false) => (Some(rest), None),
        (false, true) => (None, Some(rest)),
        (true, true) => {
            if column {
                let mid = rest.min.y + rest.height() * 0.55;
                (
                    Some(Rect::from_min_max(
                        rest.min,
                        pos2(rest.max.x, mid - GAP / 2.0),
                    )),
                    Some(Rect::from_min_max(
                        pos2(rest.min.x, mid + GAP / 2.0),
                        rest.max,
                    )),
                )
            } else {
                let mid = rest.min.x + rest.width() * 0.5;
                (
                    Some(Rect::from_min_max(
                        rest.min,
                        pos2(mid - GAP / 2.0, rest.max.y),
                    )),
                    Some(Rect::from_min_max(
                        pos2(mid + GAP / 2.0, rest.min.y),
                        rest.max,
                    )),
                )
            }
        }
    }
}

/// The side panel's width for a window `width` points wide.
fn side_width(width: f32) -> f32 {
    (width * 0.24).clamp(266.0, 300.0)
}

/// Lays out and draws every part of the window.
pub(crate) fn layout_ui(ui: &mut egui::Ui, app: &mut NnvizApp, out: &mut Vec<Action>) {
    let presenting = app.parts.presenting;
    let window = ui.ctx().content_rect();
    let mut rects = LayoutRects::default();
    let state = &app.state;
    let link = &app.link;
    let p = &mut app.parts;
    let generation = p.undo.generation();
    let can_undo = p.undo.can_undo(&state.dataset);
    let can_redo = p.undo.can_redo();

    if !presenting {
        egui::Panel::top("menu").show(ui, |ui| {
            let m = MenuInput {
                files: &mut p.files,
                inside: &mut p.inside,
                presenting: &mut p.presenting,
                can_undo,
                can_redo,
                has_heatmap: link.heatmap.is_some(),
                view_settings: state.view_settings,
                lesson: &state.lesson,
            };
            menu_ui(ui, m, out);
        });
    }
    let scrubbed = p.inside.scrubbed_step();
    let transport = egui::Panel::top("transport")
        .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(10, 6)))
        .show(ui, |ui| {
            p.transport
                .ui(ui, state, link, scrubbed, &mut p.presenting, out)
        });
    rects.transport = Some(transport.response.rect);
    if !presenting {
        egui::Panel::bottom("status")
            .frame(
                egui::Frame::side_top_panel(ui.style())
                    .inner_margin(egui::Margin::symmetric(10, 4)),
            )
            .show(ui, |ui| p.status.ui(ui, state, link));
        if state.lesson.open {
            // The lesson takes the side panel's place: its steps carry their own controls.
            let input = super::lesson::LessonInput {
                state,
                link,
                inside: &mut p.inside,
                canvas: &p.canvas,
                rects: p.rects,
            };
            let lesson = &mut p.lesson;
            let panel = egui::Panel::left("lesson")
                .resizable(false)
                .exact_size(lesson_width(window.width()))
                .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::same(10)))
                .show(ui, |ui| super::lesson::lesson_ui(ui, lesson, input, out));
            rects.lesson = Some(panel.response.rect);
        } else {
            p.lesson.close();
            let side = egui::Panel::left("side")
                .resizable(false)
                .exact_size(side_width(window.width()))
                .frame(egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::same(10)))
                .show(ui, |ui| p.side.ui(ui, state, link, generation, out));
            rects.side = Some(side.response.rect);
        }
    }
    let test_points = p.side.data.test_points(state, generation);
    egui::CentralPanel::default_margins()
        .frame(
            // No fill: the window is cleared to this colour (`clear_color`), and every pixel
            // painted twice costs a software renderer real time.
            egui::Frame::central_panel(ui.style())
                .inner_margin(egui::Margin::same(10))
                .fill(Color32::TRANSPARENT),
        )
        .show(ui, |ui| {
            if presenting {
                enlarge_text(ui.style_mut(), 1.35);
            }
            let full = ui.available_rect_before_wrap();
            let rect = p.inside.toolbar_ui(ui, full, link, state.running, out);
            let c = central_rects(rect, p.inside.diagram_open(), p.inside.explain_open());
            let input = CanvasInput {
                state,
                link,
                overlay: p.inside.overlay(link),
                explain: p.inside.explain_open(),
                modal: p.files.dialog_open() || p.inside.edit_open(),
                scale: if presenting { 1.6 } else { 1.0 },
            };
            let space = &mut p.space;
            let canvas = &mut p.canvas;
            let resp = ui
                .scope_builder(egui::UiBuilder::new().max_rect(c.canvas), |ui| {
                    canvas.ui(ui, &input, space, out)
                })
                .inner;
            if let Some(i) = resp.pin {
                p.inside.pin(i);
            }
            rects.canvas = Some(c.canvas);
            let input = super::lesson::LessonInput {
                state,
                link,
                inside: &mut p.inside,
                canvas: &p.canvas,
                rects: p.rects,
            };
            super::lesson::canvas_ui(ui, &mut p.lesson, input, out);
            // Over the canvas' top edge, in a layer of its own: it takes no room from the
            // layout, and the canvas gets no clicks meant for its buttons.
            p.health.banner_ui(ui.ctx(), c.canvas, state, link, out);
            ui.scope_builder(egui::UiBuilder::new().max_rect(c.plot), |ui| {
                p.loss_plot.ui(ui, state, link, test_points, out)
            });
            rects.loss_plot = Some(c.plot);
            if let Some(r) = c.diagram {
                let sprites = p.canvas.sprites();
                ui.scope_builder(egui::UiBuilder::new().max_rect(r), |ui| {
                    p.inside.diagram_ui(ui, link, sprites, out)
                });
                rects.diagram = Some(r);
            }
            if let Some(r) = c.explain {
                let cx = p.inside.explain_input(
                    state,
                    link,
                    p.canvas.hovered_point(),
                    p.canvas.hover_data(),
                    generation,
                );
                ui.scope_builder(egui::UiBuilder::new().max_rect(r), |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_min_size(r.size() - vec2(14.0, 14.0));
                        p.inside.explain_ui(ui, &cx)
                    });
                });
                rects.explain = Some(r);
            }
            ui.advance_cursor_after_rect(full);
            let scrub = p.inside.scrubbed_step();
            p.inside
                .hidden_space
                .window_ui(ui.ctx(), link, scrub, c.canvas);
        });
    super::lesson::dim_ui(ui.ctx(), &app.parts.lesson, &rects);
    app.parts.rects = rects;
}

/// The lesson panel's width for a window `width` points wide (a little wider than the side
/// panel: it carries running text).
fn lesson_width(width: f32) -> f32 {
    (width * 0.27).clamp(280.0, 350.0)
}

/// Every text style `factor` times larger (presentation mode).
fn enlarge_text(style: &mut egui::Style, factor: f32) {
    for font in style.text_styles.values_mut() {
        font.size *= factor;
    }
    style.spacing.interact_size *= factor;
}
