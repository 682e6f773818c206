//! The hidden-space view: a window that draws the data points and the input plane's grid
//! lines as a chosen layer sees them (two of its units as the axes, or its first two
//! principal components), live while training. The worker computes the picture with every
//! full heatmap (the worker link asks for it while the view is open); this part only picks what to
//! compute and draws it, with bounds that glide instead of jumping.

use super::super::theme::class_color;
use super::super::worker_link::WorkerLink;
use super::space_picture::SpacePicture;
use crate::nn::hidden_space::{SpaceAxis, SpacePoint};
use crate::nn::{HiddenSpace, HiddenSpaceSpec, Mlp, Projection, SpaceLayer};
use crate::render::ValueScale;
use crate::tr;
use egui::{Color32, Rect, Sense, Stroke, pos2, vec2};
use std::sync::Arc;

/// How fast the drawn bounds follow the picture's (per second; about 0.3 s to settle).
const GLIDE_RATE: f32 = 10.0;
/// Time between two frames of a glide (60 Hz).
const GLIDE_FRAME: std::time::Duration = std::time::Duration::from_micros(16_667);

/// The view's state (not saved, like the diagram's and explain mode's).
#[derive(Clone, Debug, Default)]
pub struct HiddenSpaceView {
    /// The window is open (`H`).
    pub(crate) open: bool,
    /// The layer picked (`None`: the last hidden layer, or the output scores without one).
    pub(crate) layer: Option<SpaceLayer>,
    /// The projection picked for that layer (`None`: PCA for layers wider than two, else
    /// units 1 and 2).
    pub(crate) projection: Option<Projection>,
    /// The bounds drawn, gliding towards the picture's: `[min, max]`.
    shown: Option<[[f32; 2]; 2]>,
    /// The plot's lines and points as one picture, drawn again only when the worker's
    /// picture, the plot's place or the glided bounds change.
    picture: SpacePicture,
}

/// The colour of a point in the hidden space: the one place it is chosen (a regression
/// dataset would colour by the point's value here).
/// `values`: the colour scale of a regression's values (`None` for classes).
pub(crate) fn point_color(p: &SpacePoint, values: Option<ValueScale>) -> Color32 {
    match values {
        Some(scale) => {
            let [r, g, b] = scale.colour(p.value);
            Color32::from_rgb(r, g, b)
        }
        None => class_color(p.class),
    }
}

/// A layer's name in the pickers: "Layer 2" or "Output scores".
pub fn layer_name(layer: SpaceLayer) -> String {
    match layer {
        SpaceLayer::Hidden(i) => {
            let n = i + 1;
            tr!("hidden-space-layer", n = n)
        }
        SpaceLayer::OutputScores => tr!("hidden-space-output"),
    }
}

/// A unit's name in the pickers (1-based, as the diagram counts).
fn unit_label(unit: usize) -> String {
    let n = unit + 1;
    tr!("hidden-space-unit", n = n)
}

/// What an axis shows, in words: "unit 2 of layer 1", "PCA 1 (62 % of the variance)".
pub fn axis_text(axis: SpaceAxis, layer: SpaceLayer) -> String {
    match (axis, layer) {
        (SpaceAxis::Unit(u), SpaceLayer::Hidden(l)) => {
            let (n, layer) = (u + 1, l + 1);
            tr!("hidden-space-axis-unit", n = n, layer = layer)
        }
        (SpaceAxis::Unit(u), SpaceLayer::OutputScores) => {
            let n = u + 1;
            tr!("hidden-space-axis-output", n = n)
        }
        (SpaceAxis::Pca { component, share }, _) => {
            let n = component + 1;
            let percent = format!("{:.0}", share * 100.0);
            tr!("hidden-space-axis-pca", n = n, percent = percent)
        }
        (SpaceAxis::Flat, _) => tr!("hidden-space-axis-flat"),
    }
}

impl HiddenSpaceView {
    /// Shows or hides the window.
    pub(crate) fn toggle(&mut self) {
        self.open = !self.open;
    }

    /// What to compute for `mlp`: the picked layer if the network has it (else the default),
    /// and the picked projection if it fits the layer (else the layer's default).
    pub fn spec_for(&self, mlp: &Mlp) -> HiddenSpaceSpec {
        let layer = self
            .layer
            .filter(|l| l.width(mlp).is_some())
            .unwrap_or_else(|| default_layer(mlp));
        let width = layer.width(mlp).unwrap_or(0);
        let projection = self
            .projection
            .filter(|p| match p {
                Projection::Pca => width >= 2,
                Projection::Units([u, v]) => *u < width && *v < width,
            })
            .unwrap_or_else(|| Projection::default_for(width));
        HiddenSpaceSpec { layer, projection }
    }

    /// What the worker should compute: `None` while the window is closed.
    pub(crate) fn wish(&self, link: &WorkerLink) -> Option<HiddenSpaceSpec> {
        if !self.open {
            return None;
        }
        Some(match link.heatmap.as_ref() {
            Some(f) => self.spec_for(&f.model.mlp),
            None => HiddenSpaceSpec {
                layer: self.layer.unwrap_or(SpaceLayer::Hidden(0)),
                projection: self.projection.unwrap_or(Projection::Pca),
            },
        })
    }

    /// The window, when open; `scrub` is the timeline step looked at (`None`: live).
    pub(crate) fn window_ui(
        &mut self,
        ctx: &egui::Context,
        link: &WorkerLink,
        scrub: Option<u64>,
        near: Rect,
    ) {
        if !self.open {
            self.shown = None;
            return;
        }
        let mut open = true;
        egui::Window::new(tr!("hidden-space-title"))
            .id(egui::Id::unique("nnviz-hidden-space"))
            .open(&mut open)
            .default_pos(near.right_top() + vec2(-340.0, 8.0))
            .default_size(vec2(320.0, 380.0))
            .min_width(260.0)
            // No shadow and no second fill under the plot: a software renderer pays per pixel.
            .frame(egui::Frame::window(&ctx.global_style()).shadow(egui::Shadow::NONE))
            .show(ctx, |ui| self.contents_ui(ui, link, scrub));
        self.open &= open;
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, link: &WorkerLink, scrub: Option<u64>) {
        let Some(frame) = link.heatmap.as_ref() else {
            ui.weak(tr!("hidden-space-waiting"));
            return;
        };
        let mlp = &frame.model.mlp;
        let spec = self.spec_for(mlp);
        self.pickers_ui(ui, mlp, spec);
        // The worker's picture of what is picked now (a new pick shows with the next one),
        // of the snapshot the timeline is scrubbed to, or of the live weights.
        let space = frame
            .hidden_space
            .as_ref()
            .filter(|s| s.spec.layer == spec.layer && frame.hidden_space_step == scrub);
        if let Some(step) = scrub {
            ui.label(
                egui::RichText::new(tr!("hidden-space-timeline", step = step))
                    .color(Color32::from_rgb(150, 90, 0)),
            )
            .on_hover_text(tr!("hidden-space-timeline-tip"));
        }
        let Some(space) = space else {
            ui.weak(tr!("hidden-space-waiting"));
            return;
        };
        // Regression points take their value's colour, on the canvas's scale.
        let values = (frame.model.problem == crate::data::Problem::Regression)
            .then(|| ValueScale::of_values(space.points.iter().map(|p| p.value)));
        self.plot_ui(ui, space, values);
    }

    fn pickers_ui(&mut self, ui: &mut egui::Ui, mlp: &Mlp, spec: HiddenSpaceSpec) {
        ui.horizontal_wrapped(|ui| {
            ui.label(tr!("hidden-space-layer-label"));
            for layer in SpaceLayer::all(mlp) {
                let width = layer.width(mlp).unwrap_or(0);
                let tip = match layer {
                    SpaceLayer::Hidden(_) => tr!("hidden-space-layer-tip", units = width),
                    SpaceLayer::OutputScores => tr!("hidden-space-output-tip", units = width),
                };
                if ui
                    .selectable_label(spec.layer == layer, layer_name(layer))
                    .on_hover_text(tip)
                    .clicked()
                    && spec.layer != layer
                {
                    self.layer = Some(layer);
                    // Each layer starts with its own default projection.
                    self.projection = None;
                }
            }
        });
        let width = spec.layer.width(mlp).unwrap_or(0);
        ui.horizontal_wrapped(|ui| {
            let pca = spec.projection == Projection::Pca;
            let mut wants_pca = pca;
            ui.add_enabled(
                width >= 2,
                egui::Checkbox::new(&mut wants_pca, tr!("hidden-space-pca")),
            )
            .on_hover_text(tr!("hidden-space-pca-tip"))
            .on_disabled_hover_text(tr!("hidden-space-pca-disabled-tip"));
            if wants_pca != pca {
                self.projection = Some(if wants_pca {
                    Projection::Pca
                } else {
                    Projection::Units([0, 1.min(width.saturating_sub(1))])
                });
            }
            if let Projection::Units([mut u, mut v]) = spec.projection {
                let before = (u, v);
                unit_picker_ui(
                    ui,
                    "hidden-space-x-unit",
                    &tr!("hidden-space-x"),
                    &mut u,
                    width,
                );
                if width >= 2 {
                    unit_picker_ui(
                        ui,
                        "hidden-space-y-unit",
                        &tr!("hidden-space-y"),
                        &mut v,
                        width,
                    );
                }
                if (u, v) != before {
                    self.projection = Some(Projection::Units([u, v]));
                }
            }
        });
    }

    fn plot_ui(&mut self, ui: &mut egui::Ui, space: &Arc<HiddenSpace>, values: Option<ValueScale>) {
        let target = [space.min, space.max];
        let shown = match self.shown {
            Some(s) if s.iter().flatten().all(|v| v.is_finite()) => {
                let dt = ui.input(|i| i.stable_dt).min(0.1);
                let t = 1.0 - (-GLIDE_RATE * dt).exp();
                let glided = [0, 1].map(|e| [0, 1].map(|a| s[e][a] + (target[e][a] - s[e][a]) * t));
                let settled = glided
                    .iter()
                    .flatten()
                    .zip(target.iter().flatten())
                    .all(|(a, b)| (a - b).abs() <= 1e-4 * (1.0 + b.abs()));
                if settled {
                    target
                } else {
                    // The next step of the glide at a display's rate, not at once: while
                    // training, every picture moves the target, and an immediate repaint
                    // drew frames back to back for as long as the view was open (measured:
                    // ~20 ms edit latency on the tutorial against 15 ms without the view).
                    ui.ctx().request_repaint_after(GLIDE_FRAME);
                    glided
                }
            }
            _ => target,
        };
        self.shown = Some(shown);
        let side = (ui.available_width()).max(200.0);
        let height = (ui.available_height() - 2.0 * ui.spacing().interact_size.y).max(160.0);
        let (resp, painter) = ui.allocate_painter(vec2(side, height.min(side)), Sense::hover());
        let rect = resp.rect;
        if let Some((texture, r)) =
            self.picture
                .prepare(ui.ctx(), space, rect, shown, values, &point_color)
        {
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter
                .with_clip_rect(rect)
                .image(texture, r, uv, Color32::WHITE);
        }
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Inside,
        );
        let layer = space.spec.layer;
        resp.on_hover_text(tr!("hidden-space-plot-tip"));
        ui.label(format!("→ {}", axis_text(space.axes[0], layer)));
        ui.label(format!("↑ {}", axis_text(space.axes[1], layer)));
    }
}

/// The layer shown first: the last hidden layer (where the classes are most apart), or the
/// output scores of a network without hidden layers.
fn default_layer(mlp: &Mlp) -> SpaceLayer {
    match mlp.layers.len() {
        0 | 1 => SpaceLayer::OutputScores,
        n => SpaceLayer::Hidden(n - 2),
    }
}

/// A combo box of the layer's units for one axis.
fn unit_picker_ui(ui: &mut egui::Ui, id: &str, label: &str, unit: &mut usize, width: usize) {
    ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(unit_label(*unit))
        .show_ui(ui, |ui| {
            for u in 0..width {
                ui.selectable_value(unit, u, unit_label(u));
            }
        })
        .response
        .on_hover_text(tr!("hidden-space-unit-tip"));
}
