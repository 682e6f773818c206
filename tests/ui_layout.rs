//! Layout tests: at 1024×700, 1280×800, 1920×1080 and at 1280×800 zoomed to 150 %, on the
//! tutorial and on a 3-class spiral with 3 hidden layers (and 8 hidden layers), the transport
//! bar, the canvas, the loss plot, the diagram's headings and the class buttons lie inside
//! the window and do not overlap; the canvas is the largest of them.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::Rect;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{Preset, PresetParams, generate};
use nnviz::nn::{Activation, ModelConfig};
use nnviz::ui::{NnvizApp, PersistedState};

/// The app at `size` points with `ppp` pixels per point, a few frames in.
fn harness_at(state: PersistedState, size: [f32; 2], ppp: f32) -> Harness<'static, NnvizApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(ppp)
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(
            |ui, app: &mut NnvizApp| app.ui_root(ui),
            NnvizApp::new_for_test(state),
        );
    for _ in 0..4 {
        h.state_mut().advance_worker(50);
        h.step();
    }
    h
}

fn spiral(hidden: usize) -> PersistedState {
    let params = PresetParams {
        classes: 3,
        points: 300,
        ..PresetParams::default()
    };
    let mut config = ModelConfig::playground();
    config.hidden = vec![8; hidden];
    config.activation = Activation::Relu;
    config.fit_loss_to_classes(3);
    PersistedState {
        dataset: generate(Preset::Spiral, &params).unwrap(),
        model_config: config,
        ..PersistedState::tutorial()
    }
}

/// Every rectangle the layout promises to keep apart, with a name for the messages.
fn parts(h: &Harness<'_, NnvizApp>) -> Vec<(String, Rect)> {
    let r = h.state().layout_rects();
    let mut out = vec![
        (
            "transport bar".to_owned(),
            r.transport.expect("a transport bar"),
        ),
        ("canvas".to_owned(), r.canvas.expect("a canvas")),
        ("loss plot".to_owned(), r.loss_plot.expect("a loss plot")),
    ];
    for (text, rect) in h.state().inside().headers() {
        out.push((format!("heading {text:?}"), *rect));
    }
    let d = h.state().dataset();
    // Regression has no class buttons: its value slider takes their place.
    let classes = if d.is_regression() { 0 } else { d.num_classes };
    if d.is_regression() {
        let node = h
            .query_all_by_label_contains("value of new points")
            .next()
            .expect("the value of new points");
        out.push(("value slider".to_owned(), node.rect()));
    }
    for c in 0..classes {
        let label = h.state().persisted().class_name(c);
        let node = h
            .query_all_by_role_and_label(Role::Button, &label)
            .next()
            .unwrap_or_else(|| panic!("a button for class {label}"));
        out.push((format!("class button {label}"), node.rect()));
    }
    out
}

/// The checks, at one size.
fn check(h: &Harness<'_, NnvizApp>, what: &str) {
    let window = h.ctx.content_rect();
    let parts = parts(h);
    let headings = parts.iter().filter(|p| p.0.starts_with("heading")).count();
    let layers = h
        .state()
        .heatmap()
        .map(|f| f.model.mlp.sizes().len())
        .unwrap();
    assert!(
        headings >= layers.min(6),
        "{what}: {headings} headings for {layers} layers"
    );
    for (name, r) in &parts {
        assert!(
            window.expand(0.5).contains_rect(*r) && r.width() > 0.0 && r.height() > 0.0,
            "{what}: {name} {r:?} is not inside the window {window:?}"
        );
    }
    for (i, (a, ra)) in parts.iter().enumerate() {
        for (b, rb) in parts.iter().skip(i + 1) {
            let overlap = ra.intersect(*rb);
            assert!(
                !(overlap.width() > 0.5 && overlap.height() > 0.5),
                "{what}: {a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
    let area = |r: &Rect| r.width() * r.height();
    let canvas = parts.iter().find(|p| p.0 == "canvas").unwrap().1;
    for (name, r) in &parts {
        if name != "canvas" {
            assert!(
                area(&canvas) > area(r),
                "{what}: the canvas {canvas:?} is not larger than {name} {r:?}"
            );
        }
    }
}

const SIZES: [([f32; 2], f32, &str); 4] = [
    ([1024.0, 700.0], 1.0, "1024×700"),
    ([1280.0, 800.0], 1.0, "1280×800"),
    ([1920.0, 1080.0], 1.0, "1920×1080"),
    // 1280×800 pixels at 150 %: 853×533 points.
    ([1280.0 / 1.5, 800.0 / 1.5], 1.5, "1280×800 at 150 %"),
];

#[test]
fn the_tutorial_fits_every_window() {
    for (size, ppp, name) in SIZES {
        let h = harness_at(PersistedState::tutorial(), size, ppp);
        check(&h, &format!("tutorial at {name}"));
    }
}

#[test]
fn a_three_class_spiral_with_three_hidden_layers_fits_every_window() {
    for (size, ppp, name) in SIZES {
        let h = harness_at(spiral(3), size, ppp);
        check(&h, &format!("spiral 3×8 at {name}"));
    }
}

#[test]
fn eight_hidden_layers_keep_readable_headings() {
    for (size, ppp, name) in SIZES {
        let h = harness_at(spiral(8), size, ppp);
        check(&h, &format!("spiral 8×8 at {name}"));
        // The input and output columns are always named.
        let headers = h.state().inside().headers();
        assert!(
            headers.first().is_some_and(|(t, _)| t.starts_with("in")),
            "{name}: {headers:?}"
        );
        assert!(
            headers.last().is_some_and(|(t, _)| t.starts_with("out")),
            "{name}: {headers:?}"
        );
    }
}

#[test]
fn explain_is_docked_beside_the_canvas_not_over_it() {
    for (size, ppp, name) in SIZES {
        let mut h = harness_at(PersistedState::tutorial(), size, ppp);
        h.key_press(egui::Key::E);
        h.step();
        h.step();
        assert!(h.state().explain_open());
        let r = h.state().layout_rects();
        let explain = r.explain.expect("explain is shown");
        let window = h.ctx.content_rect();
        assert!(
            window.expand(0.5).contains_rect(explain),
            "{name}: {explain:?}"
        );
        for other in [r.canvas.unwrap(), r.loss_plot.unwrap(), r.diagram.unwrap()] {
            let o = explain.intersect(other);
            assert!(
                !(o.width() > 0.5 && o.height() > 0.5),
                "{name}: {explain:?} ∩ {other:?}"
            );
        }
        check(&h, &format!("explain at {name}"));
    }
}

#[test]
fn presentation_mode_gives_the_canvas_more_room() {
    let mut h = harness_at(PersistedState::tutorial(), [1280.0, 800.0], 1.0);
    let before = h.state().layout_rects().canvas.unwrap();
    h.key_press(egui::Key::F11);
    h.step();
    h.step();
    assert!(h.state().presenting());
    let r = h.state().layout_rects();
    let after = r.canvas.unwrap();
    assert!(after.width() * after.height() > 1.3 * before.width() * before.height());
    assert!(r.side.is_none(), "the side panel is hidden");
    assert!(r.loss_plot.is_some());
    h.key_press(egui::Key::Escape);
    h.step();
    assert!(!h.state().presenting());
}

#[test]
fn a_long_status_message_is_cut_short_beside_the_counters() {
    for (size, ppp, name) in SIZES {
        let mut h = harness_at(PersistedState::tutorial(), size, ppp);
        let long = "A very long message that goes on and on about what happened, ".repeat(6);
        let path = std::env::temp_dir().join("nnviz-layout-no-such-dir/x/y.json");
        // Any refusal posts a message; this one names a long path.
        let _ = h.state_mut().open_session_path(&path.join(&long));
        h.step();
        h.step();
        let counters = h.get_by_label("maps/s").rect();
        let message = h
            .query_all_by_label_contains("Not opened")
            .last()
            .expect("the message is shown")
            .rect();
        let window = h.ctx.content_rect();
        assert!(
            message.min.x >= counters.max.x,
            "{name}: {message:?} vs {counters:?}"
        );
        assert!(
            message.max.x <= window.max.x + 0.5,
            "{name}: {message:?} runs off {window:?}"
        );
    }
}

#[test]
fn a_regression_playground_fits_every_window() {
    // Issue 13 R: the Problem switch, the value slider and the MSE/RMSE/R² table.
    let state = PersistedState {
        dataset: generate(Preset::Peaks, &PresetParams::default()).unwrap(),
        model_config: ModelConfig::regression(),
        generator: nnviz::ui::GeneratorSettings {
            preset: Preset::Peaks,
            params: PresetParams::default(),
        },
        ..PersistedState::tutorial()
    };
    for (size, ppp, name) in SIZES {
        let h = harness_at(state.clone(), size, ppp);
        check(&h, &format!("peaks regression at {name}"));
    }
}
