//! Helpers shared by the integration tests: a headless app harness, polling the worker,
//! temporary files and running the `nnviz` binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use egui::{Event, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::ui::{NnvizApp, PersistedState};
use std::path::PathBuf;
use std::time::Duration;

pub mod lesson;

/// The whole app in a 1280×800 headless window, three frames in.
pub fn harness(state: PersistedState) -> Harness<'static, NnvizApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(
            |ui, app: &mut NnvizApp| app.ui_root(ui),
            NnvizApp::new_for_test(state),
        );
    h.run_steps(3);
    h
}

/// Steps the app until `f` holds: each round lets the (manual) worker train 200 steps when
/// it is running, waits until the worker has applied every command and published what it
/// caused, then runs one frame. Deterministic: no sleeping, no racing a free-running thread.
/// Fails after 400 rounds.
pub fn wait_until(h: &mut Harness<'_, NnvizApp>, what: &str, mut f: impl FnMut(&NnvizApp) -> bool) {
    for _ in 0..400 {
        h.state_mut().advance_worker(200);
        h.step();
        if f(h.state()) {
            return;
        }
    }
    panic!("{what} did not happen within 400 rounds of 200 steps");
}

/// Lets the worker apply everything sent so far (training no steps) and shows the result.
pub fn settle(h: &mut Harness<'_, NnvizApp>) {
    h.state_mut().advance_worker(0);
    h.step();
}

/// A path in a per-process temporary folder named after `suite`.
pub fn tmp(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnviz-{suite}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Runs the `nnviz` binary with `args`.
pub fn nnviz(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_nnviz"))
        .args(args)
        .output()
        .expect("run nnviz")
}

/// Runs the `nnviz` binary with `args` and asserts it succeeded (failing with its stderr).
pub fn nnviz_ok(args: &[&str]) -> std::process::Output {
    let out = nnviz(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Screen position of a data point on the canvas.
pub fn screen_of(h: &Harness<'_, NnvizApp>, p: [f64; 2]) -> Pos2 {
    let rect = h.get_by_label("Canvas").rect();
    let v = h.state().view();
    pos2(
        rect.min.x + ((p[0] - v.x_min) / v.width()) as f32 * rect.width(),
        rect.min.y + ((v.y_max - p[1]) / v.height()) as f32 * rect.height(),
    )
}

/// Presses or releases a mouse button at `pos`, then runs a frame.
pub fn press(h: &mut Harness<'_, NnvizApp>, pos: Pos2, button: PointerButton, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    });
    h.step();
}

/// A full click at a screen position.
pub fn click_at(h: &mut Harness<'_, NnvizApp>, pos: Pos2, button: PointerButton) {
    h.hover_at(pos);
    h.step();
    press(h, pos, button, true);
    press(h, pos, button, false);
    h.step();
}

/// A full click at a data-space position on the canvas.
pub fn click_data(h: &mut Harness<'_, NnvizApp>, p: [f64; 2], button: PointerButton) {
    let pos = screen_of(h, p);
    click_at(h, pos, button);
}

/// The points the worker trains on: asks the app to save its session to a temporary file
/// named after `name` (the worker answers with its own copy of the data) and reads it back.
pub fn worker_dataset(h: &mut Harness<'_, NnvizApp>, name: &str) -> nnviz::data::Dataset {
    let path = tmp("worker-dataset", &format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    h.state_mut().save_session_path(&path);
    wait_until(h, "the session to be saved", |a| !a.is_saving());
    nnviz::session::Session::load(&path)
        .unwrap_or_else(|e| panic!("saved file does not load: {e}"))
        .dataset
}

/// Presses and releases a key with `modifiers`, then runs a frame.
pub fn key_with(h: &mut Harness<'_, NnvizApp>, modifiers: Modifiers, key: egui::Key) {
    h.key_press_modifiers(modifiers, key);
    h.step();
}

/// A drag with `button` from `from` to `to` in `steps` moves, one frame each.
pub fn drag(
    h: &mut Harness<'_, NnvizApp>,
    from: Pos2,
    to: Pos2,
    button: PointerButton,
    steps: usize,
) {
    h.hover_at(from);
    h.step();
    press(h, from, button, true);
    for k in 1..=steps {
        h.hover_at(from + (to - from) * (k as f32 / steps as f32));
        h.step();
    }
    press(h, to, button, false);
    h.step();
}

/// Makes the worker crash [`nnviz::ui::app::MAX_CRASHES`] times in a row (with a crash
/// window of an hour, so a slow machine still counts every crash), until the app stops
/// restarting it.
pub fn crash_until_restarts_pause(h: &mut Harness<'_, NnvizApp>) {
    h.state_mut()
        .set_crash_window_for_test(Duration::from_secs(3600));
    let crashes = |a: &NnvizApp| {
        a.messages()
            .iter()
            .filter(|m| m.text.starts_with("The training thread"))
            .count()
    };
    let before = crashes(h.state());
    for n in 1..=nnviz::ui::app::MAX_CRASHES {
        wait_until(h, "a training thread", |a| a.has_worker());
        h.state_mut().crash_worker_for_test();
        wait_until(h, "the crash to be noticed", |a| crashes(a) == before + n);
    }
    assert!(h.state().worker_restarts_paused());
    assert!(!h.state().has_worker());
}

/// The 3-arm spiral that `tests/quality.rs` holds to 95 % (300 points, seed 4) and its
/// network (16,16 tanh, Adam), untrained; train it 5,000 steps. `tests/health.rs` checks the
/// same run raises no hint.
pub fn quality_spiral() -> (nnviz::nn::Model, nnviz::data::Dataset) {
    use nnviz::data::{Preset, PresetParams, generate};
    use nnviz::nn::{Activation, Model, ModelConfig, Optimizer};
    let params = PresetParams {
        points: 300,
        classes: 3,
        test_ratio: 0.0,
        seed: 4,
        ..Default::default()
    };
    let data = generate(Preset::Spiral, &params).unwrap();
    let mut config = ModelConfig::playground();
    config.hidden = vec![16, 16];
    config.activation = Activation::Tanh;
    config.train.optimizer = Optimizer::ADAM;
    (Model::new(config, &data, 4).unwrap(), data)
}

/// The other quality runs: xor, circle and moons for seeds 1..=3 with the playground's
/// network, untrained (train each 2,000 steps), as `(preset, seed, model, data)`.
pub fn quality_preset_runs() -> Vec<(
    nnviz::data::Preset,
    u64,
    nnviz::nn::Model,
    nnviz::data::Dataset,
)> {
    use nnviz::data::{Preset, PresetParams, generate};
    use nnviz::nn::{Model, ModelConfig};
    let mut runs = Vec::new();
    for preset in [Preset::Xor, Preset::Circle, Preset::Moons] {
        for seed in 1..=3 {
            let params = PresetParams {
                seed,
                ..Default::default()
            };
            let data = generate(preset, &params).unwrap();
            let model = Model::new(ModelConfig::playground(), &data, seed).unwrap();
            runs.push((preset, seed, model, data));
        }
    }
    runs
}
