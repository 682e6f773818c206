//! Scripted runs of the real window: `--screenshot FILE --after-frames N` and `--measure SECONDS`.
//!
//! The measure mode trains at unlimited speed while dragging point 0 along a circle and prints
//! `fps=… frame_cpu_ms_median=… frame_cpu_ms_p95=… heatmap_hz=… steps_per_s=… edit_latency_ms=…`,
//! then the heatmaps' resolutions, and the training speed of the same worker without the
//! window (same points, network and view, the same time, the window's worker paused and the
//! UI thread blocked) as `steps_per_s_windowless=… training_kept_pct=…`.
//! `--measure-points N` first generates N points (see [`super::AppArgs::measure_points`]).
//!
//! The drag moves the point [`DRAG_RATE`] times a second, as a mouse reports motion, and a
//! frame is drawn for each move and whenever the worker wakes the window, as in a real drag.
//! It used to move the point in every frame and ask for the next frame at once: each move's
//! heatmap then woke a frame that moved the point again, so the window drew as fast as the
//! CPU allowed (76 fps on the tutorial under Xvfb, which has no vertical sync) and took that
//! time from training; on a real screen vertical sync holds it at the display's rate anyway.

use super::action::Action;
use super::app::NnvizApp;
use super::state::PersistedState;
use crate::data::{Preset, generate};
use crate::render::Rgba8Image;
use crate::train::Speed;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Outcome = Arc<Mutex<Option<anyhow::Result<()>>>>;
type ImageSlot = Arc<Mutex<Option<Arc<egui::ColorImage>>>>;

/// Frames to wait for the screenshot before giving up.
const SCREENSHOT_PATIENCE: u64 = 600;
/// Measure mode: time excluded at the start (window setup, first textures).
const WARMUP: Duration = Duration::from_millis(500);
/// Moves of the scripted drag per second (a mouse's motion events at a 60 Hz display's rate).
const DRAG_RATE: f64 = 60.0;

/// A scripted run.
pub(crate) enum ScriptedMode {
    /// Render N frames, save a screenshot, close.
    Screenshot {
        path: PathBuf,
        after_frames: u64,
        frames: u64,
        image: ImageSlot,
        outcome: Outcome,
        done: bool,
        /// `--measure-points`: generate this many points first.
        points: Option<usize>,
        /// A session file was given: keep its network.
        keep_network: bool,
    },
    /// Train flat out with a scripted drag and print frame statistics.
    Measure(Box<Measure>),
}

/// State of the measure mode.
pub(crate) struct Measure {
    seconds: f64,
    outcome: Outcome,
    started: Option<Instant>,
    window_start: Option<Instant>,
    centre: [f64; 2],
    frames: u64,
    cpu_ms: Vec<f64>,
    heatmaps: u64,
    pending: VecDeque<(u64, Instant)>,
    latencies_ms: Vec<f64>,
    /// The part of each latency until the worker published the heatmap.
    worker_latencies_ms: Vec<f64>,
    step_at_start: Option<u64>,
    seen_heatmap: u64,
    done: bool,
    /// `--measure-points`: generate this many points first.
    points: Option<usize>,
    /// A session file was given: keep its network.
    keep_network: bool,
    /// Previews seen in the measured window.
    previews: u64,
    /// Cells per side the full heatmaps were predicted on, in order of arrival.
    predicted: Vec<usize>,
    /// When the scripted drag moves the point next.
    next_move: Option<Instant>,
}

impl ScriptedMode {
    pub(crate) fn from_args(args: &super::AppArgs, outcome: Outcome) -> Option<Self> {
        if let Some(seconds) = args.measure {
            return Some(Self::Measure(Box::new(Measure {
                seconds: if seconds.is_finite() {
                    seconds.max(0.1)
                } else {
                    5.0
                },
                outcome,
                started: None,
                window_start: None,
                centre: [0.0, 0.0],
                frames: 0,
                cpu_ms: Vec::new(),
                heatmaps: 0,
                pending: VecDeque::new(),
                latencies_ms: Vec::new(),
                worker_latencies_ms: Vec::new(),
                step_at_start: None,
                seen_heatmap: 0,
                done: false,
                points: args.measure_points,
                keep_network: args.session.is_some(),
                previews: 0,
                predicted: Vec::new(),
                next_move: None,
            })));
        }
        args.screenshot.as_ref().map(|path| Self::Screenshot {
            path: path.clone(),
            after_frames: args.after_frames.max(1),
            frames: 0,
            image: Arc::new(Mutex::new(None)),
            outcome,
            done: false,
            points: args.measure_points,
            keep_network: args.session.is_some(),
        })
    }

    /// Whether this is the `--measure` mode.
    pub(crate) fn is_measure(&self) -> bool {
        matches!(self, Self::Measure(_))
    }

    /// Adjusts the app before the first frame.
    pub(crate) fn prepare(&self, state: &mut PersistedState) {
        let (points, keep_network) = match self {
            Self::Measure(m) => {
                state.speed = Speed::Unlimited;
                state.running = true;
                (m.points, m.keep_network)
            }
            Self::Screenshot {
                points,
                keep_network,
                ..
            } => (*points, *keep_network),
        };
        if let Some(n) = points
            && let Err(e) = generate_points(state, n, keep_network)
        {
            eprintln!("--measure-points {n}: {e}");
        }
    }

    /// Called at the start of every frame.
    pub(crate) fn before_frame(
        &mut self,
        app: &mut NnvizApp,
        ctx: &egui::Context,
        cpu: Option<f32>,
    ) {
        match self {
            Self::Screenshot {
                after_frames,
                frames,
                image,
                ..
            } => {
                ctx.request_repaint();
                *frames += 1;
                if *frames == *after_frames {
                    let slot = Arc::clone(image);
                    ctx.request_screenshot(move |img| {
                        if let Ok(mut s) = slot.lock() {
                            *s = Some(img);
                        }
                    });
                }
            }
            Self::Measure(m) => {
                let next = m.before_frame(app, cpu);
                ctx.request_repaint_after(next.saturating_duration_since(Instant::now()));
            }
        }
    }

    /// Called at the end of every frame.
    pub(crate) fn after_frame(&mut self, app: &mut NnvizApp, ctx: &egui::Context) {
        match self {
            Self::Screenshot {
                path,
                after_frames,
                frames,
                image,
                outcome,
                done,
                ..
            } => {
                if *done {
                    return;
                }
                let img = image.lock().ok().and_then(|mut s| s.take());
                let result = if let Some(img) = img {
                    Some(save_screenshot(path, &img))
                } else if *frames > *after_frames + SCREENSHOT_PATIENCE {
                    Some(Err(anyhow::anyhow!(
                        "no screenshot arrived after {frames} frames"
                    )))
                } else {
                    None
                };
                if let Some(r) = result {
                    if r.is_ok() {
                        eprintln!("screenshot saved to {}", path.display());
                    }
                    if let Ok(mut o) = outcome.lock() {
                        *o = Some(r);
                    }
                    *done = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Self::Measure(m) => {
                if app.link.heatmap_generation != m.seen_heatmap {
                    m.seen_heatmap = app.link.heatmap_generation;
                    if let Some(frame) = &app.link.heatmap {
                        m.on_heatmap(frame.applied_seq, frame.published, Instant::now());
                        if m.window_start.is_some() {
                            if frame.preview {
                                m.previews += 1;
                            } else {
                                m.predicted.push(frame.predicted);
                            }
                        }
                    }
                }
                if !m.done && m.finished() {
                    let line = m.report(app);
                    println!("{line}");
                    println!("{}", m.resolutions(app));
                    println!("{}", m.windowless(app));
                    if let Ok(mut o) = m.outcome.lock() {
                        *o = Some(Ok(()));
                    }
                    m.done = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }
}

impl Measure {
    /// A new heatmap computed after command `applied_seq` is on screen.
    fn on_heatmap(&mut self, applied_seq: u64, published: Instant, now: Instant) {
        if self.window_start.is_some() {
            self.heatmaps += 1;
        }
        while let Some(&(seq, t)) = self.pending.front() {
            if seq > applied_seq {
                break;
            }
            self.pending.pop_front();
            if self.window_start.is_some_and(|w| t >= w) {
                self.latencies_ms
                    .push(now.duration_since(t).as_secs_f64() * 1e3);
                self.worker_latencies_ms
                    .push(published.saturating_duration_since(t).as_secs_f64() * 1e3);
            }
        }
    }

    /// Counts the frame and moves the point when its time has come; returns when the drag
    /// moves it next (the frame to ask for, unless the worker wakes the window first).
    fn before_frame(&mut self, app: &mut NnvizApp, cpu: Option<f32>) -> Instant {
        let now = Instant::now();
        let started = *self.started.get_or_insert_with(|| {
            self.centre = app
                .state
                .dataset
                .points
                .first()
                .map(|p| p.pos_in_data)
                .unwrap_or([0.0, 0.0]);
            now
        });
        if self.window_start.is_none() && now.duration_since(started) >= WARMUP {
            self.window_start = Some(now);
            self.step_at_start = app.link.stats.map(|s| s.step);
        }
        if self.window_start.is_some() {
            self.frames += 1;
            if let Some(cpu) = cpu {
                self.cpu_ms.push(cpu as f64 * 1e3);
            }
        }
        let period = Duration::from_secs_f64(1.0 / DRAG_RATE);
        let due = self.next_move.unwrap_or(now);
        // A timer that wakes a little early counts as on time (no extra frame for the rest).
        if now + Duration::from_micros(500) < due {
            return due;
        }
        // On time, the moves keep their rhythm; after a long frame the next waits a period.
        let next = if now < due + period {
            due + period
        } else {
            now + period
        };
        self.next_move = Some(next);
        // Scripted drag: point 0 along a circle of radius 1 around its start, one turn per 3 s.
        let t = now.duration_since(started).as_secs_f64();
        let a = t * std::f64::consts::TAU / 3.0;
        let pos = [self.centre[0] + a.cos() - 1.0, self.centre[1] + a.sin()];
        let before = app.link.last_seq;
        app.act(Action::MovePoint {
            index: 0,
            pos_in_data: pos,
        });
        if let Some(seq) = app.link.last_seq.filter(|_| app.link.last_seq != before) {
            self.pending.push_back((seq, now));
            if self.pending.len() > 10_000 {
                self.pending.pop_front();
            }
        }
        next
    }

    fn finished(&self) -> bool {
        self.window_start
            .is_some_and(|w| w.elapsed().as_secs_f64() >= self.seconds)
    }

    /// Training steps per second in the measured window.
    fn steps_per_s(&self, app: &NnvizApp) -> f64 {
        let elapsed = self.elapsed();
        match (self.step_at_start, app.link.stats) {
            (Some(a), Some(s)) if s.step >= a => (s.step - a) as f64 / elapsed,
            (_, Some(s)) => s.steps_per_second,
            _ => 0.0,
        }
    }

    fn elapsed(&self) -> f64 {
        self.window_start
            .map(|w| w.elapsed().as_secs_f64())
            .unwrap_or(1.0)
            .max(1e-9)
    }

    fn report(&mut self, app: &NnvizApp) -> String {
        let elapsed = self.elapsed();
        let steps = self.steps_per_s(app);
        format!(
            "fps={:.1} frame_cpu_ms_median={:.2} frame_cpu_ms_p95={:.2} heatmap_hz={:.1} steps_per_s={:.0} edit_latency_ms={:.1} edit_latency_worker_ms={:.1} commands={} autosaved={}",
            self.frames as f64 / elapsed,
            percentile(&mut self.cpu_ms, 0.5),
            percentile(&mut self.cpu_ms, 0.95),
            self.heatmaps as f64 / elapsed,
            steps,
            percentile(&mut self.latencies_ms, 0.5),
            percentile(&mut self.worker_latencies_ms, 0.5),
            app.link.last_seq.unwrap_or(0),
            app.parts.files.last_autosave().is_some(),
        )
    }
}

impl Measure {
    /// The heatmaps' resolutions: previews, and the full heatmaps' predicted sizes.
    fn resolutions(&mut self, app: &NnvizApp) -> String {
        let mut sizes = self.predicted.clone();
        sizes.sort_unstable();
        sizes.dedup();
        let last = self.predicted.last().copied().unwrap_or(0);
        let changes = self.predicted.windows(2).filter(|w| w[0] != w[1]).count();
        format!(
            "points={} network={:?} heatmap_cells_last={last} heatmap_cells_seen={sizes:?} resolution_changes={changes} full_heatmaps={} previews={} shown={}",
            app.state.dataset.points.len(),
            app.link
                .heatmap
                .as_ref()
                .map(|f| f.model.mlp.sizes())
                .unwrap_or_default(),
            self.predicted.len(),
            self.previews,
            app.canvas().resolution(),
        )
    }

    /// Pauses the window's worker, then trains a worker alone on the same points, network
    /// and view for the same time (the UI thread waits meanwhile: no frames are drawn).
    fn windowless(&self, app: &mut NnvizApp) -> String {
        let with_window = self.steps_per_s(app);
        app.link.pause_worker();
        let alone = crate::train::windowless_steps_per_second(
            app.state.dataset.clone(),
            app.state.model_config.clone(),
            app.link.seed,
            (app.state.view(), app.canvas().resolution()),
            WARMUP,
            Duration::from_secs_f64(self.seconds),
        );
        match alone {
            Some(alone) => format!(
                "steps_per_s_windowless={alone:.0} steps_per_s_window={with_window:.0} training_kept_pct={:.0}",
                100.0 * with_window / alone.max(1e-9)
            ),
            None => "steps_per_s_windowless=? (the worker could not be started)".to_owned(),
        }
    }
}

/// Replaces the points with `n` generated ones: the current preset's (3-class Gaussian blobs
/// instead of the tutorial's fixed four points), and without `keep_network` a 2-8-8-k network.
fn generate_points(state: &mut PersistedState, n: usize, keep_network: bool) -> anyhow::Result<()> {
    let mut generator = state.generator;
    if generator.preset == Preset::Seed {
        generator.preset = Preset::Gauss;
        generator.params.classes = 3;
    }
    generator.params.points = n.clamp(1, crate::data::PresetParams::MAX_POINTS);
    let dataset = generate(generator.preset, &generator.params)?;
    if !keep_network {
        state.model_config.hidden = vec![8, 8];
    }
    state.model_config.fit_loss_to_classes(dataset.num_classes);
    state.class_names.truncate(dataset.num_classes);
    state.dataset = dataset;
    state.generator = generator;
    state.view = None;
    Ok(())
}

/// The `q` quantile (nearest rank) of `v`, or NaN when empty.
fn percentile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let idx = ((v.len() as f64 - 1.0) * q).round() as usize;
    v.get(idx.min(v.len() - 1)).copied().unwrap_or(f64::NAN)
}

fn save_screenshot(path: &std::path::Path, img: &egui::ColorImage) -> anyhow::Result<()> {
    let [w, h] = img.size;
    let mut pixels = Vec::with_capacity(w * h * 4);
    for c in &img.pixels {
        let [r, g, b, _] = c.to_srgba_unmultiplied();
        pixels.extend_from_slice(&[r, g, b, 255]);
    }
    let out = Rgba8Image {
        width: w,
        height: h,
        pixels,
    };
    crate::render::write_png(path, &out)
        .map_err(|e| anyhow::anyhow!("could not save the screenshot to {}: {e}", path.display()))
}
