//! Exporting the canvas as a PNG on its own thread: the heatmap at the picture's resolution
//! (a strip of rows at a time, so an 8000 px picture needs 16 MB, not 2 GB), the points,
//! and (optionally) the legend of class colours and names.

use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use super::super::status::MessageKind;
use super::{DEFAULT_PNG_SIZE, PNG_SIZE_RANGE, file_name};
use crate::data::{Bounds, LabeledPoint};
use crate::nn::{GridPrediction, GridPredictor, GridSpec, Snapshot};
use crate::render::{
    HeatmapStyle, Rgba8Image, draw_legend, draw_points, heatmap, legend_names, point_radius_for,
    write_png,
};
use crate::tr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// The picture export: its settings and the job running, if any.
#[derive(Debug)]
pub(crate) struct PngExport {
    size: usize,
    legend: bool,
    job: Option<PngJob>,
    /// Makes the next export wait (tests).
    gate: Option<mpsc::Receiver<()>>,
}

impl Default for PngExport {
    fn default() -> Self {
        Self {
            size: DEFAULT_PNG_SIZE,
            legend: true,
            job: None,
            gate: None,
        }
    }
}

impl PngExport {
    /// Whether a picture is being exported.
    pub(crate) fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The size and legend the dialog offers.
    pub(crate) fn settings(&self) -> (usize, bool) {
        (self.size, self.legend)
    }

    /// The dialog's size and legend controls.
    pub(crate) fn settings_mut(&mut self) -> (&mut usize, &mut bool) {
        (&mut self.size, &mut self.legend)
    }

    #[cfg(feature = "test-hooks")]
    /// See `Files::hold_next_export_for_test`.
    pub(crate) fn hold_next(&mut self) -> mpsc::Sender<()> {
        let (tx, rx) = mpsc::channel();
        self.gate = Some(rx);
        tx
    }

    /// Starts exporting the current view as a `size`×`size` PNG (`size` clamped to
    /// [`PNG_SIZE_RANGE`]), computed and written on its own thread.
    pub(crate) fn start(
        &mut self,
        path: &Path,
        size: usize,
        legend: bool,
        state: &PersistedState,
        link: &WorkerLink,
    ) -> Result<(), (MessageKind, String)> {
        let size = size.clamp(*PNG_SIZE_RANGE.start(), *PNG_SIZE_RANGE.end());
        if let Some(job) = &self.job {
            return Err((
                MessageKind::Warning,
                tr!("picture-busy", name = file_name(&job.path)),
            ));
        }
        let Some(model) = link.heatmap.as_ref().map(|h| Arc::clone(&h.model)) else {
            return Err((MessageKind::Error, tr!("picture-not-yet")));
        };
        let classes = state.dataset.num_classes;
        let request = PictureRequest {
            model,
            view: state.view(),
            // As the canvas shows them: hidden test points stay out of the picture too.
            points: (state.dataset.points.iter())
                .filter(|p| state.view_settings.shows(p))
                .cloned()
                .collect(),
            size,
            legend: legend.then(|| legend_names(&state.class_names, classes)),
            style: state.view_settings.heatmap_style(),
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let gate = self.gate.take();
        let (thread_path, thread_cancel) = (path.to_path_buf(), Arc::clone(&cancel));
        let spawned = std::thread::Builder::new()
            .name("nnviz-export-png".to_owned())
            .spawn(move || {
                if let Some(gate) = gate {
                    wait_for_gate(&gate, &thread_cancel);
                }
                let img = render_picture_in_strips(&request, &thread_cancel)?;
                // The encoding cannot be interrupted: do not start it once cancelled (the
                // window is closing and waits for this thread).
                if thread_cancel.load(Ordering::Relaxed) {
                    return Err("cancelled".to_owned());
                }
                write_png(&thread_path, &img).map_err(|e| e.to_string())
            });
        match spawned {
            Ok(handle) => {
                self.job = Some(PngJob {
                    path: path.to_path_buf(),
                    size,
                    cancel,
                    handle: Some(handle),
                });
                Ok(())
            }
            Err(e) => Err((
                MessageKind::Error,
                tr!("picture-not-started", detail = e.to_string()),
            )),
        }
    }

    /// Once a frame: collects a finished export and returns how it went; while one runs,
    /// shows "Exporting…" and keeps frames coming so its end is seen.
    pub(crate) fn frame_ui(&mut self, ctx: &egui::Context) -> Option<(MessageKind, String)> {
        let job = self.job.as_mut()?;
        let finished = job.handle.as_ref().is_none_or(|h| h.is_finished());
        if !finished {
            let size = job.size;
            let label = tr!(
                "picture-exporting",
                name = file_name(&job.path),
                size = size
            );
            egui::Area::new(egui::Id::unique("nnviz-exporting"))
                .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -40.0))
                .order(egui::Order::Foreground)
                .show(ctx, |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(label);
                        });
                    });
                });
            ctx.request_repaint_after(Duration::from_millis(100));
            return None;
        }
        let result = job
            .handle
            .take()
            .map_or(Err(tr!("picture-thread-gone")), |h| {
                h.join()
                    .unwrap_or_else(|_| Err(tr!("picture-thread-crashed")))
            });
        let (path, size) = (job.path.clone(), job.size);
        self.job = None;
        Some(match result {
            Ok(()) => (
                MessageKind::Info,
                tr!(
                    "picture-saved",
                    size = size,
                    path = path.display().to_string()
                ),
            ),
            Err(e) => (
                MessageKind::Error,
                tr!(
                    "picture-failed",
                    path = path.display().to_string(),
                    detail = e
                ),
            ),
        })
    }
}

/// What the export thread needs: a copy of everything, nothing shared with the UI.
struct PictureRequest {
    model: Arc<Snapshot>,
    view: Bounds,
    points: Vec<LabeledPoint>,
    size: usize,
    /// Class names for the legend (`None`: no legend).
    legend: Option<Vec<String>>,
    /// The canvas's colouring (discretized or shaded).
    style: HeatmapStyle,
}

/// A picture being exported on its own thread; dropping it cancels and joins the thread.
#[derive(Debug)]
struct PngJob {
    path: PathBuf,
    size: usize,
    cancel: Arc<AtomicBool>,
    handle: Option<JoinHandle<Result<(), String>>>,
}

impl Drop for PngJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Waits until `gate` sends or its sender is gone, or the export is cancelled.
fn wait_for_gate(gate: &mpsc::Receiver<()>, cancel: &AtomicBool) {
    while !cancel.load(Ordering::Relaxed) {
        match gate.recv_timeout(Duration::from_millis(20)) {
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Most class probabilities held at once while rendering (a strip of rows at a time, so
/// an 8000 px picture of 8 classes needs 16 MB instead of 2 GB).
const STRIP_PROBS: usize = 4 << 20;

/// Renders the picture: the heatmap a strip of rows at a time (each strip's grid is the
/// whole picture's, shifted, so strips join seamlessly), checking `cancel` between strips;
/// then the points and the legend.
fn render_picture_in_strips(
    req: &PictureRequest,
    cancel: &AtomicBool,
) -> Result<Rgba8Image, String> {
    let size = req.size;
    let full = GridSpec::cell_centers(&req.view, size, size);
    let predictor = GridPredictor::new(&req.model.mlp, &req.model.transform);
    let style = req.style;
    let rows_per_strip = (STRIP_PROBS / (size * req.model.classes.max(2))).clamp(1, size);
    let mut img = Rgba8Image {
        width: size,
        height: size,
        pixels: vec![0; size * size * 4],
    };
    let mut pred = GridPrediction::default();
    // Regression: values on the diverging scale, as the canvas shows them.
    let regression = req.model.problem == crate::data::Problem::Regression;
    let scale = crate::render::ValueScale::of_values(req.points.iter().map(|p| p.value));
    let mut part = Rgba8Image::default();
    let mut row = 0;
    while row < size {
        if cancel.load(Ordering::Relaxed) {
            return Err("cancelled".to_owned());
        }
        let rows = rows_per_strip.min(size - row);
        let strip = GridSpec {
            ny: rows,
            y0: full.y0 + row as f64 * full.dy,
            ..full
        };
        predictor.predict_grid(&strip, &mut pred);
        if regression {
            crate::render::value_heatmap_into(&pred, req.model.target, scale, &mut part);
        } else {
            part = heatmap(&pred, &style);
        }
        let start = row * size * 4;
        match img.pixels.get_mut(start..start + part.pixels.len()) {
            Some(dst) if part.width == size => dst.copy_from_slice(&part.pixels),
            _ => return Err("a strip of the picture had the wrong size".to_owned()),
        }
        row += rows;
    }
    if cancel.load(Ordering::Relaxed) {
        return Err("cancelled".to_owned());
    }
    // The points on the whole picture (as `render_picture` places them).
    let index = |v: f64, v0: f64, step: f64| {
        if step != 0.0 && step.is_finite() {
            ((v - v0) / step + 0.5) as f32
        } else {
            0.5
        }
    };
    let to_pixel = |[x, y]: [f64; 2]| [index(x, full.x0, full.dx), index(y, full.y0, full.dy)];
    if regression {
        let radius = point_radius_for(size, size);
        crate::render::draw_value_points(&mut img, &req.points, to_pixel, radius, scale);
        if req.legend.is_some() {
            // The colour bar is regression's legend.
            let centres: Vec<_> = req.points.iter().map(|p| to_pixel(p.pos_in_data)).collect();
            crate::render::draw_colour_bar(&mut img, scale, &centres, radius);
        }
        return Ok(img);
    }
    draw_points(
        &mut img,
        &req.points,
        to_pixel,
        point_radius_for(size, size),
        &style.palette,
    );
    if let Some(names) = &req.legend {
        let centres: Vec<_> = req.points.iter().map(|p| to_pixel(p.pos_in_data)).collect();
        let radius = point_radius_for(size, size);
        draw_legend(&mut img, names, &style.palette, &centres, radius);
    }
    Ok(img)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_in_strips_is_the_picture_in_one_piece() {
        let dataset = crate::data::Dataset::seed();
        let model = crate::nn::Model::new(crate::nn::ModelConfig::tutorial(), &dataset, 3).unwrap();
        // 2100 px of 2 classes: strips of 998 rows, the last one shorter.
        let req = PictureRequest {
            model: Arc::new(model.snapshot()),
            view: dataset.view_bounds(),
            points: dataset.points.clone(),
            size: 2100,
            legend: None,
            style: HeatmapStyle::default(),
        };
        let strips = render_picture_in_strips(&req, &AtomicBool::new(false)).unwrap();
        let grid = GridSpec::cell_centers(&req.view, req.size, req.size);
        let mut pred = GridPrediction::default();
        GridPredictor::new(&req.model.mlp, &req.model.transform).predict_grid(&grid, &mut pred);
        let whole =
            crate::render::render_picture(&pred, &grid, &req.points, &HeatmapStyle::default());
        assert_eq!((strips.width, strips.height), (2100, 2100));
        assert!(
            strips.pixels == whole.pixels,
            "the strips differ from the whole picture"
        );
        // Cancelled: no picture.
        assert!(render_picture_in_strips(&req, &AtomicBool::new(true)).is_err());
    }

    #[test]
    fn a_regression_picture_is_the_cli_s_value_picture_with_a_colour_bar() {
        use crate::render::{ValueScale, draw_value_points, value_heatmap_into};
        let params = crate::data::PresetParams {
            points: 30,
            ..Default::default()
        };
        let dataset = crate::data::generate(crate::data::Preset::Plane, &params).unwrap();
        let model =
            crate::nn::Model::new(crate::nn::ModelConfig::regression(), &dataset, 3).unwrap();
        let mut req = PictureRequest {
            model: Arc::new(model.snapshot()),
            view: dataset.view_bounds(),
            points: dataset.points.clone(),
            size: 120,
            legend: None,
            style: HeatmapStyle::default(),
        };
        let strips = render_picture_in_strips(&req, &AtomicBool::new(false)).unwrap();
        // By hand: the value heatmap and value points of the whole grid.
        let grid = GridSpec::cell_centers(&req.view, 120, 120);
        let mut pred = GridPrediction::default();
        GridPredictor::new(&req.model.mlp, &req.model.transform).predict_grid(&grid, &mut pred);
        let scale = ValueScale::of_values(dataset.points.iter().map(|p| p.value));
        let mut whole = Rgba8Image::default();
        value_heatmap_into(&pred, req.model.target, scale, &mut whole);
        let to_pixel = |pos| crate::render::picture_pixel(&grid, 120, 120, pos);
        draw_value_points(
            &mut whole,
            &req.points,
            to_pixel,
            point_radius_for(120, 120),
            scale,
        );
        assert!(strips.pixels == whole.pixels, "not the value picture");
        // With a legend: among the pixels the colour bar changed, its near-full orange top.
        req.legend = Some(Vec::new());
        let with_bar = render_picture_in_strips(&req, &AtomicBool::new(false)).unwrap();
        let orange = crate::render::diverging(1.0);
        let near_orange = (0..with_bar.height).any(|y| {
            (0..with_bar.width).any(|x| {
                let px = with_bar.get(x, y);
                px != strips.get(x, y)
                    && px.is_some_and(|p| p.iter().zip(orange).all(|(&a, b)| a.abs_diff(b) <= 12))
            })
        });
        assert!(near_orange, "no colour bar");
    }
}
