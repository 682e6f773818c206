//! Seeing inside the network (issue 5): the diagram's model against the worker's weights,
//! weight edits reaching the worker and changing its predictions as the maths says, explain
//! mode against a direct forward pass, the timeline's memory bound and bit-exact restores —
//! on the worker directly and through the UI (egui_kittest).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::data::{Dataset, LabeledPoint};
use nnviz::nn::io::LayerParameters;
use nnviz::nn::step_from;
use nnviz::nn::{Model, ModelConfig, Snapshot};
use nnviz::session::Session;
use nnviz::train::{
    Command, HeatmapFrame, Parameter, Refusal, Speed, Timeline, Update, Worker, WorkerOptions,
};
use nnviz::ui::diagram::{DiagramModel, layout};
use nnviz::ui::explain::{Backward, explain, fmt4};
use nnviz::ui::{NnvizApp, PersistedState};
use std::time::Duration;

mod common;
use common::{harness, settle, wait_until};

// ---- worker helpers ----

/// A worker in manual mode: it trains only on [`Command::Advance`] and [`Command::Step`], so
/// what it has done is known exactly, whatever the machine's speed.
fn spawn(config: ModelConfig, speed: Speed, running: bool) -> Worker {
    Worker::spawn_with(
        WorkerOptions { manual: true },
        Dataset::seed(),
        config,
        7,
        speed,
        running,
        || {},
    )
    .unwrap()
}

/// Waits until the worker has applied every command sent so far and published what they
/// caused (a bound for a dead thread, not a pacing: a live worker answers at once).
fn flush(w: &Worker) {
    assert!(w.flush(Duration::from_secs(20)), "the worker did not flush");
}

/// Trains `steps` steps (when running) and waits until they are published.
fn advance(w: &mut Worker, steps: u64) {
    w.send(Command::Advance { steps });
    flush(w);
}

/// The heatmap computed after every command sent so far (at least command `seq`).
fn frame_after(w: &Worker, seq: u64) -> HeatmapFrame {
    flush(w);
    let f = w.take_heatmap().expect("a heatmap after a flush");
    assert!(f.applied_seq >= seq, "no heatmap after command {seq}");
    f
}

/// The newest timeline, published by the flush.
fn latest_timeline(w: &Worker) -> Option<std::sync::Arc<Timeline>> {
    flush(w);
    w.take_timeline()
}

fn refusals(w: &Worker) -> Vec<Refusal> {
    std::iter::from_fn(|| w.try_recv())
        .filter_map(|u| match u {
            Update::Refused { kind } => Some(kind),
            _ => None,
        })
        .collect()
}

// ---- worker-level tests ----

/// Checks every edge weight and every bias of the diagram's model, bit for bit, against
/// independently obtained weights `params` (`W` matrices and biases, layer by layer).
fn assert_diagram_has(m: &DiagramModel, params: &LayerParameters) {
    let mut sizes = vec![params[0].0.nrows()];
    sizes.extend(params.iter().map(|(w, _)| w.ncols()));
    assert_eq!(m.sizes, sizes);
    let weights: usize = params.iter().map(|(w, _)| w.len()).sum();
    assert_eq!(m.edges.len(), weights, "one edge per weight");
    assert_eq!(m.nodes.len(), sizes.iter().sum::<usize>());
    for (l, (w, b)) in params.iter().enumerate() {
        for row in 0..w.nrows() {
            for col in 0..w.ncols() {
                let e = &m.edges[m.edge_index(l, row, col).unwrap()];
                assert_eq!((e.layer, e.row, e.col), (l, row, col));
                assert_eq!(
                    e.weight.to_bits(),
                    w[(row, col)].to_bits(),
                    "W{l}[{row},{col}]"
                );
            }
        }
        for unit in 0..w.ncols() {
            let node = &m.nodes[m.node_index(l + 1, unit).unwrap()];
            assert_eq!(
                node.bias.map(f64::to_bits),
                b.as_ref().map(|b| b[unit].to_bits()),
                "bias of unit {unit} in layer {}",
                l + 1
            );
        }
    }
}

/// The weights of a [`Model`] as [`LayerParameters`].
fn params_of(model: &Model) -> LayerParameters {
    model
        .mlp()
        .layers
        .iter()
        .map(|l| (l.weights.clone(), l.biases.clone()))
        .collect()
}

/// The worker's own session (weights and step count), asked for directly.
fn worker_session(w: &mut Worker) -> Session {
    let seq = w.send(Command::RequestSession);
    flush(w);
    std::iter::from_fn(|| w.try_recv())
        .find_map(|u| match u {
            Update::Session(s) => Some(*s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no session after command {seq}"))
}

#[test]
fn diagram_model_matches_the_workers_weights_after_training() {
    // The tutorial network (no biases) and the playground's (biases, Adam, two layers).
    for config in [ModelConfig::tutorial(), ModelConfig::playground()] {
        let mut w = spawn(config.clone(), Speed::Unlimited, true);
        let first = frame_after(&w, 0);
        advance(&mut w, 3000);
        let seq = w.send(Command::Pause);
        let f = frame_after(&w, seq);
        assert!(f.step > first.step, "the worker trained");
        let m = layout(&f.model);
        assert_eq!(m.step, f.step);
        // Reference 1: the worker's session, saved after the pause.
        let session = worker_session(&mut w);
        assert_eq!(session.trainer_state.steps, f.step);
        assert_diagram_has(&m, &session.layer_parameters().unwrap());
        // Reference 2: the same training replayed here, step by step.
        let mut replay = Model::new(config.clone(), &Dataset::seed(), 7).unwrap();
        assert_ne!(layout(&first.model), m, "weights changed while training");
        for _ in 0..f.step {
            replay.step().unwrap();
        }
        assert_diagram_has(&m, &params_of(&replay));
    }
}

#[test]
fn an_edited_weight_changes_the_prediction_as_the_maths_says() {
    let mut w = spawn(
        ModelConfig::tutorial(),
        Speed::StepsPerSecond(1000.0),
        false,
    );
    let before = frame_after(&w, 0);
    let seq = w.send(Command::SetWeight {
        layer: 0,
        row: 1,
        col: 3,
        value: -0.82,
    });
    let f = frame_after(&w, seq);
    assert_eq!(f.model.mlp.layers[0].weights[(1, 3)], -0.82);
    assert_eq!(
        f.step, before.step,
        "editing a weight is not a training step"
    );
    // By hand: the old weights with W0[1,3] = -0.82, through the tutorial's equations.
    let mut mlp = before.model.mlp.clone();
    mlp.layers[0].weights[(1, 3)] = -0.82;
    assert_eq!(mlp, f.model.mlp, "only that weight changed");
    let p = [2.5, 4.0];
    let sig = |v: f64| 1.0 / (1.0 + (-v).exp());
    let w0 = &mlp.layers[0].weights;
    let w1 = &mlp.layers[1].weights;
    let l1: Vec<f64> = (0..4)
        .map(|j| sig(p[0] * w0[(0, j)] + p[1] * w0[(1, j)]))
        .collect();
    let l2 = sig((0..4).map(|j| l1[j] * w1[(j, 0)]).sum());
    let predicted = f.model.predict_point(p)[1];
    assert!((predicted - l2).abs() < 1e-12, "{predicted} vs {l2}");
    assert_eq!(predicted, mlp.forward_one(&p)[0]);
    assert_ne!(predicted, before.model.predict_point(p)[1]);

    // A bad index or value is refused with a message; nothing changes.
    let seq = w.send(Command::SetWeight {
        layer: 3,
        row: 0,
        col: 0,
        value: 1.0,
    });
    let g = frame_after(&w, seq);
    let seq2 = w.send(Command::SetWeight {
        layer: 0,
        row: 0,
        col: 0,
        value: f64::NAN,
    });
    let h = frame_after(&w, seq2);
    assert_eq!(g.model.mlp, f.model.mlp);
    assert_eq!(h.model.mlp, f.model.mlp);
    let msgs = refusals(&w);
    let w3 = Parameter::Weight {
        layer: 3,
        row: 0,
        col: 0,
    };
    assert!(
        msgs.iter()
            .any(|m| matches!(m, Refusal::NoSuchParameter { parameter, .. } if *parameter == w3)),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| matches!(m, Refusal::NonFiniteParameter { value, .. } if value.is_nan())),
        "{msgs:?}"
    );
    let seq = w.send(Command::SetBias {
        layer: 0,
        unit: 0,
        value: 1.0,
    });
    frame_after(&w, seq);
    assert!(
        refusals(&w).contains(&Refusal::NoBiases {
            parameter: Parameter::Bias { layer: 0, unit: 0 }
        }),
        "the tutorial's network has no biases"
    );
}

#[test]
fn an_edited_bias_reaches_the_worker() {
    let mut w = spawn(
        ModelConfig::playground(),
        Speed::StepsPerSecond(1000.0),
        false,
    );
    let before = frame_after(&w, 0);
    let seq = w.send(Command::SetBias {
        layer: 1,
        unit: 2,
        value: 0.75,
    });
    let f = frame_after(&w, seq);
    let mut mlp = before.model.mlp.clone();
    mlp.layers[1].biases.as_mut().unwrap()[2] = 0.75;
    assert_eq!(mlp, f.model.mlp);
    let p = [1.0, 2.0];
    let inputs = f.model.transform.inputs(p);
    let out = mlp.forward_one(&inputs);
    assert_eq!(
        f.model.predict_point(p),
        out.iter().copied().collect::<Vec<_>>()
    );
}

#[test]
fn unit_maps_come_only_when_asked_for() {
    let mut w = spawn(
        ModelConfig::tutorial(),
        Speed::StepsPerSecond(1000.0),
        false,
    );
    let f = frame_after(&w, 0);
    assert!(f.unit_maps.is_none() && f.unit_image.is_none());
    let seq = w.send(Command::SetUnitMaps {
        enabled: true,
        resolution: 24,
    });
    let f = frame_after(&w, seq);
    let maps = f.unit_maps.expect("unit maps");
    assert_eq!((maps.nx, maps.ny), (24, 24));
    assert_eq!(
        maps.layers.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![2, 4, 1]
    );
    // The output unit's map is the network's output at the cell centres.
    let grid = nnviz::nn::GridSpec::cell_centers(&f.bounds, 24, 24);
    let p = grid.pos_in_data(5, 17);
    let out = f.model.mlp.forward_one(&f.model.transform.inputs(p))[0];
    assert!((maps.layers[2][0][17 * 24 + 5] as f64 - out).abs() < 1e-4);
    let seq = w.send(Command::ShowUnit(Some((1, 2))));
    let f = frame_after(&w, seq);
    let img = f.unit_image.expect("the shown unit's map");
    assert_eq!((img.layer, img.unit), (1, 2));
    assert_eq!(img.range, (0.0, 1.0), "sigmoid units are coloured 0..1");
    assert!(img.image.width >= 100);
    let seq = w.send(Command::SetUnitMaps {
        enabled: false,
        resolution: 24,
    });
    w.send(Command::ShowUnit(None));
    let f = frame_after(&w, seq + 1);
    assert!(f.unit_maps.is_none() && f.unit_image.is_none());
}

#[test]
fn explain_numbers_equal_a_direct_forward_pass() {
    let w = spawn(
        ModelConfig::tutorial(),
        Speed::StepsPerSecond(1000.0),
        false,
    );
    let f = frame_after(&w, 0);
    let s: &Snapshot = &f.model;
    let point = LabeledPoint::new(3.0, 1.0, 0);
    let ex = explain(s, point.pos_in_data, Some(&point), Backward::Textbook);
    let acts = s.mlp.forward_trace(&[3.0, 1.0]);
    // input, then (weighted sums, activations) per layer.
    assert_eq!(ex.forward.len(), 1 + 2 * s.mlp.layers.len());
    assert_eq!(ex.forward[0].values, vec![3.0, 1.0]);
    for (l, a) in acts.iter().enumerate().skip(1) {
        assert_eq!(
            ex.forward[2 * l].values,
            a.iter().copied().collect::<Vec<_>>()
        );
    }
    let out = s.mlp.forward_one(&[3.0, 1.0])[0];
    assert_eq!(ex.forward.last().unwrap().values, vec![out]);
    assert_eq!(ex.forward[2].equation, "layer₁ = σ(layer₀·W₀)");
    assert_eq!(ex.forward[4].equation, "layer₂ = σ(layer₁·W₁)");
    // The tutorial's backward step, by hand.
    let l1: Vec<f64> = acts[1].iter().copied().collect();
    let e2 = 0.0 - out;
    let d2 = e2 * out * (1.0 - out);
    let w1 = &s.mlp.layers[1].weights;
    let e1: Vec<f64> = (0..4).map(|j| d2 * w1[(j, 0)]).collect();
    let d1: Vec<f64> = (0..4).map(|j| e1[j] * l1[j] * (1.0 - l1[j])).collect();
    let b = &ex.backward;
    assert_eq!(b[0].equation, "E₂ = Y − L₂");
    assert_eq!(b[1].equation, "D₂ = E₂ ⊙ L₂(1−L₂)");
    assert_eq!(b[2].equation, "E₁ = D₂·W₁^T");
    assert_eq!(b[3].equation, "D₁ = E₁ ⊙ L₁(1−L₁)");
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-15);
    assert!(close(&b[0].values, &[e2]));
    assert!(close(&b[1].values, &[d2]));
    assert!(close(&b[2].values, &e1));
    assert!(close(&b[3].values, &d1));
    assert!(ex.backward_note.starts_with("Textbook order"));

    // The tutorial's order (SEED.md steps 4–5): W1 += lr·L1ᵀD2 over all 8 points first,
    // then E1 = D2·W1ᵀ with that updated W1.
    let config = ModelConfig::tutorial();
    let lr = config.train.learning_rate;
    let mut w1_new = w1.clone();
    for p in Dataset::seed().train_points() {
        let a = s.mlp.forward_trace(&p.pos_in_data);
        let o = a[2][0];
        let y = p.class as f64;
        let d = (y - o) * o * (1.0 - o);
        for j in 0..4 {
            w1_new[(j, 0)] += lr * a[1][j] * d;
        }
    }
    let after = step_from(&config, &Dataset::seed(), &s.mlp).unwrap();
    let ex = explain(
        s,
        point.pos_in_data,
        Some(&point),
        Backward::Tutorial(&after),
    );
    let e1: Vec<f64> = (0..4).map(|j| d2 * w1_new[(j, 0)]).collect();
    let d1: Vec<f64> = (0..4).map(|j| e1[j] * l1[j] * (1.0 - l1[j])).collect();
    let b = &ex.backward;
    assert_eq!(b[2].equation, "E₁ = D₂·W₁′^T");
    let near = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
    assert!(near(&b[0].values, &[e2]));
    assert!(near(&b[1].values, &[d2]));
    assert!(near(&b[2].values, &e1), "{:?} vs {e1:?}", b[2].values);
    assert!(near(&b[3].values, &d1));
    assert!(!close(&e1, &ex_textbook_e1(w1, d2)), "the orders differ");
    assert!(ex.backward_note.starts_with("Tutorial order"));
}

fn ex_textbook_e1(w1: &nalgebra::DMatrix<f64>, d2: f64) -> Vec<f64> {
    (0..4).map(|j| d2 * w1[(j, 0)]).collect()
}

#[test]
fn timeline_memory_stays_bounded_over_a_long_run() {
    let mut w = spawn(ModelConfig::tutorial(), Speed::Unlimited, true);
    // Train until the timeline has been full several times over (the stride doubled three
    // times), in rounds of 20 000 steps.
    let mut latest = None;
    for _ in 0..500 {
        advance(&mut w, 20_000);
        if let Some(t) = w.take_timeline() {
            latest = Some(t);
        }
        if latest.as_ref().is_some_and(|t| t.stride() >= 8) {
            break;
        }
    }
    let t = latest.expect("a timeline");
    let image_bound = Timeline::MAX_ENTRIES * Timeline::IMAGE_SIZE * Timeline::IMAGE_SIZE * 4;
    assert!(t.len() <= Timeline::MAX_ENTRIES, "{} entries", t.len());
    assert!(t.len() >= Timeline::MAX_ENTRIES / 2, "{} entries", t.len());
    assert!(
        t.image_bytes() <= image_bound,
        "{} image bytes",
        t.image_bytes()
    );
    assert!(t.bytes() <= Timeline::MAX_BYTES, "{} bytes", t.bytes());
    assert!(
        t.stride() >= 8,
        "stride {} after 10 million steps",
        t.stride()
    );
    assert_eq!(t.entries()[0].step, 0, "the start is kept");
    assert!(t.entries().windows(2).all(|p| p[0].step < p[1].step));
    for e in t.entries() {
        assert_eq!(e.model.step, e.step);
        assert!(e.image.width <= Timeline::IMAGE_SIZE && e.image.height <= Timeline::IMAGE_SIZE);
    }
}

#[test]
fn timeline_of_a_big_network_stays_under_the_byte_bound() {
    let config = ModelConfig {
        hidden: vec![64; 8],
        ..ModelConfig::playground()
    };
    let mut w = spawn(config, Speed::Unlimited, true);
    advance(&mut w, 1000);
    let t = latest_timeline(&w).expect("a timeline");
    assert!(t.bytes() <= Timeline::MAX_BYTES, "{} bytes", t.bytes());
    assert!(t.len() <= Timeline::MAX_ENTRIES);
}

#[test]
fn resuming_from_a_snapshot_restores_exactly_its_weights() {
    let mut w = spawn(ModelConfig::tutorial(), Speed::Unlimited, true);
    advance(&mut w, 20_000);
    let seq = w.send(Command::Pause);
    let paused = frame_after(&w, seq);
    let t = latest_timeline(&w).expect("a timeline");
    let entry = t.entries()[t.len() / 2].clone();
    assert!(entry.step > 0 && entry.step < paused.step);
    let seq = w.send(Command::RestoreSnapshot { step: entry.step });
    let f = frame_after(&w, seq);
    assert_eq!(f.step, entry.step);
    for (a, b) in f.model.mlp.layers.iter().zip(&entry.model.mlp.layers) {
        let bits = |m: &nalgebra::DMatrix<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.weights), bits(&b.weights), "bit for bit");
    }
    // The loss history and the timeline go up to that step.
    let t2 = latest_timeline(&w).expect("a new timeline");
    assert_eq!(t2.entries().last().unwrap().step, entry.step);
    let loss = std::iter::from_fn(|| w.try_recv())
        .filter_map(|u| match u {
            Update::Loss(h) => Some(h),
            _ => None,
        })
        .last()
        .expect("a loss history");
    assert!(loss.samples().iter().all(|s| s.step < entry.step));
    // Training goes on from there.
    let seq = w.send(Command::Step);
    assert_eq!(frame_after(&w, seq).step, entry.step + 1);
    let seq = w.send(Command::RestoreSnapshot { step: 123_456_789 });
    frame_after(&w, seq);
    // A later step than any snapshot goes back to the newest one, and says so.
    let r = refusals(&w);
    assert!(
        r.iter().any(|k| matches!(
            k,
            Refusal::SnapshotReplaced { asked: 123_456_789, used } if *used == entry.step + 1
                || *used == entry.step
        )),
        "{r:?}"
    );
}

// ---- UI tests ----

fn paused() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

/// Waits until the diagram is drawn with unit maps.
fn diagram_ready(h: &mut Harness<'_, NnvizApp>) {
    wait_until(h, "the diagram", |a| {
        a.diagram_edge_pos(0, 1, 3).is_some() && a.heatmap().is_some_and(|f| f.unit_maps.is_some())
    });
    h.run_steps(2);
}

fn click_at(h: &mut Harness<'_, NnvizApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
}

/// The app's diagram after some training, against the worker's weights saved to a file.
fn diagram_against_saved_session(state: PersistedState, name: &str, biases: bool) {
    let mut h = harness(state);
    diagram_ready(&mut h);
    wait_until(&mut h, "some training", |a| {
        a.heatmap().is_some_and(|f| f.step > 50)
    });
    h.state_mut().set_running(false);
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    let path = common::tmp("ui_inside", name);
    let _ = std::fs::remove_file(&path);
    h.state_mut().save_session_path(&path);
    wait_until(&mut h, "the session to be saved", |a| !a.is_saving());
    let session = Session::load(&path).unwrap();
    let steps = session.trainer_state.steps;
    assert!(steps > 50);
    wait_until(&mut h, "the diagram of the saved step", |a| {
        a.diagram_model().is_some_and(|m| m.step == steps)
    });
    h.get_by_label("Network diagram");
    let m = h.state().diagram_model().unwrap();
    let params = session.layer_parameters().unwrap();
    assert_eq!(params.iter().all(|(_, b)| b.is_some()), biases);
    assert_diagram_has(&m, &params);
}

#[test]
fn the_diagram_shows_the_apps_network() {
    diagram_against_saved_session(PersistedState::tutorial(), "tutorial.json", false);
    let mut state = PersistedState::tutorial();
    state.model_config = ModelConfig::playground();
    diagram_against_saved_session(state, "playground.json", true);

    let mut h = harness(PersistedState::tutorial());
    diagram_ready(&mut h);
    // D hides it, D shows it again.
    h.key_press(Key::D);
    h.run_steps(2);
    assert!(!h.state().diagram_open());
    assert!(h.query_by_label("Network diagram").is_none());
    h.key_press(Key::D);
    h.run_steps(2);
    assert!(h.state().diagram_open());
}

#[test]
fn hovering_a_connection_shows_its_weight() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    let pos = h.state().diagram_edge_pos(0, 1, 3).unwrap();
    h.hover_at(pos);
    h.run_steps(3);
    let w = h.state().heatmap().unwrap().model.mlp.layers[0].weights[(1, 3)];
    let text = format!("W0[1,3] = {}: y → hidden 1.4", fmt4(w));
    assert!(
        h.query_all_by_label_contains(&text).next().is_some(),
        "no label with {text:?}"
    );
}

#[test]
fn clicking_a_connection_edits_its_weight() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    let pos = h.state().diagram_edge_pos(0, 1, 3).unwrap();
    click_at(&mut h, pos);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "New value")
        .set_text_value_accesskit("-0.82");
    h.run_steps(2);
    h.get_by_label("Set").click();
    h.run_steps(2);
    wait_until(&mut h, "the worker's new weight", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[0].weights[(1, 3)] == -0.82)
    });
    assert!(h.query_by_label("New value").is_none(), "the popup closed");

    // Enter applies too.
    let pos = h.state().diagram_edge_pos(1, 2, 0).unwrap();
    click_at(&mut h, pos);
    h.run_steps(2);
    let field = h.get_by_role_and_label(Role::TextInput, "New value");
    field.set_text_value_accesskit("1.5");
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "New value")
        .focus();
    h.run_steps(1);
    h.key_press(Key::Enter);
    wait_until(&mut h, "the second weight", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[1].weights[(2, 0)] == 1.5)
    });
}

#[test]
fn clicking_a_unit_shows_its_map_on_the_canvas() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    let pos = h.state().diagram_node_pos(1, 0).unwrap();
    click_at(&mut h, pos);
    assert_eq!(h.state().selected_unit(), Some((1, 0)));
    wait_until(&mut h, "the unit's map", |a| {
        a.heatmap()
            .and_then(|f| f.unit_image.as_ref())
            .is_some_and(|u| (u.layer, u.unit) == (1, 0))
    });
    h.run_steps(3);
    click_at(&mut h, pos + egui::vec2(1.0, 1.0));
    assert_eq!(h.state().selected_unit(), None);
}

#[test]
fn explain_mode_shows_the_forward_pass_at_the_cursor() {
    let mut h = harness(paused());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.key_press(Key::E);
    h.run_steps(2);
    // Hover an empty spot of the canvas.
    let rect = h.get_by_label("Canvas").rect();
    let pos = pos2(
        rect.min.x + rect.width() * 0.31,
        rect.min.y + rect.height() * 0.62,
    );
    h.hover_at(pos);
    h.run_steps(3);
    let ex = h.state().current_explanation().expect("an explanation");
    let snap = h.state().heatmap().unwrap().model.clone();
    let input = &ex.forward[0].values;
    let out = snap.mlp.forward_one(input)[0];
    assert_eq!(ex.forward.last().unwrap().values, vec![out]);
    for row in &ex.forward {
        for v in &row.values {
            assert!(
                h.query_all_by_label(&fmt4(*v)).next().is_some(),
                "{} = {} not shown",
                row.equation,
                fmt4(*v)
            );
        }
        assert!(
            h.query_by_label(&row.equation).is_some(),
            "{}",
            row.equation
        );
    }
    assert!(ex.backward.is_empty(), "an empty spot has no backward pass");
    // A training point: the backward pass too.
    let rect = h.get_by_label("Canvas").rect();
    let v = h.state().view();
    let p = [3.0, 1.0];
    let at = pos2(
        rect.min.x + ((p[0] - v.x_min) / v.width()) as f32 * rect.width(),
        rect.min.y + ((v.y_max - p[1]) / v.height()) as f32 * rect.height(),
    );
    h.hover_at(at);
    h.run_steps(3);
    let ex = h.state().current_explanation().unwrap();
    assert_eq!(ex.backward.len(), 4);
    assert!(h.query_by_label("E₂ = Y − L₂").is_some());
    assert!(h.query_by_label("D₁ = E₁ ⊙ L₁(1−L₁)").is_some());
    // The tutorial network trains in the tutorial's order, and the window says so.
    assert!(h.query_by_label("E₁ = D₂·W₁′^T").is_some());
    assert!(
        h.query_all_by_label_contains("Tutorial order, as the trainer does it")
            .next()
            .is_some()
    );
}

#[test]
fn the_timeline_slider_scrubs_back_and_resumes() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a timeline with history", |a| {
        a.timeline().is_some_and(|t| t.len() > 20) && a.heatmap().is_some_and(|f| f.step > 500)
    });
    h.key_press(Key::T);
    h.run_steps(2);
    let live_step = h.state().canvas_step().unwrap();
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(3.0);
    h.run_steps(3);
    assert!(!h.state().is_running(), "scrubbing pauses training");
    // Let the worker's last timeline (after the pause) arrive; the slider keeps its place.
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
    for _ in 0..3 {
        settle(&mut h);
    }
    let step = h.state().canvas_step().unwrap();
    let t = h.state().timeline().unwrap().clone();
    assert!(t.entries().iter().take(4).any(|e| e.step == step));
    assert!(step < live_step, "the canvas shows an older step");
    assert_ne!(h.state().heatmap().unwrap().step, step);
    assert_eq!(
        h.state().diagram_model().unwrap().step,
        step,
        "the diagram too"
    );
    h.get_by_label("▶ Resume from here").click();
    h.run_steps(2);
    assert!(h.state().is_running());
    wait_until(&mut h, "training from the restored step", |a| {
        a.heatmap()
            .is_some_and(|f| f.step >= step && f.step < live_step)
    });
}

#[test]
fn clicking_a_weight_of_an_old_snapshot_says_to_go_live_first() {
    let mut h = harness(PersistedState::tutorial());
    diagram_ready(&mut h);
    wait_until(&mut h, "a timeline with history", |a| {
        a.timeline().is_some_and(|t| t.len() > 3)
    });
    h.key_press(Key::T);
    h.run_steps(2);
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(1.0);
    h.run_steps(3);
    // Paused, and the heatmap is the one of the paused step (an older one may still be shown
    // for a frame or two, and the weights read below must be the final ones).
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats()
            .is_some_and(|s| !s.running && a.heatmap().is_some_and(|f| f.model.step == s.step))
    });
    h.run_steps(2);
    let live = h.state().heatmap().unwrap().model.mlp.layers[0].weights[(1, 3)];
    assert_ne!(
        h.state().diagram_model().unwrap().step,
        h.state().heatmap().unwrap().step
    );
    let pos = h.state().diagram_edge_pos(0, 1, 3).unwrap();
    click_at(&mut h, pos);
    h.run_steps(2);
    assert!(
        h.query_by_label("New value").is_none(),
        "no editor for an old snapshot"
    );
    assert!(
        h.query_all_by_label_contains("go live or resume from this snapshot first")
            .next()
            .is_some(),
        "the hover text says why"
    );
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.text.contains("editing works on the live network")),
        "a message says why"
    );
    // The unit inspector shows the snapshot's weights read only, and says why.
    focus_diagram(&mut h);
    press_key(&mut h, Key::W);
    assert!(h.state().unit_inspector_open());
    assert!(
        h.query_all_by_label_contains("read only: editing works on the live network")
            .next()
            .is_some()
    );
    assert!(
        h.get_by_role_and_label(Role::SpinButton, "W0[0,0] from x")
            .accesskit_node()
            .is_disabled()
    );
    press_key(&mut h, Key::Escape);
    assert!(!h.state().unit_inspector_open());
    // Live again: the same click opens the editor.
    h.get_by_label("Live").click();
    h.run_steps(2);
    let pos = h.state().diagram_edge_pos(0, 1, 3).unwrap();
    click_at(&mut h, pos);
    h.run_steps(2);
    h.get_by_role_and_label(Role::TextInput, "New value");
    assert_eq!(
        h.state().heatmap().unwrap().model.mlp.layers[0].weights[(1, 3)],
        live
    );
}

/// Gives the diagram keyboard focus (as Tab or a click does).
fn focus_diagram(h: &mut Harness<'_, NnvizApp>) {
    h.get_by_label("Network diagram").focus();
    h.run_steps(2);
}

fn press_key(h: &mut Harness<'_, NnvizApp>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

#[test]
fn arrow_keys_pick_a_unit_and_enter_shows_its_map() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    let step = h.state().heatmap().unwrap().step;
    focus_diagram(&mut h);
    assert_eq!(
        h.state().diagram_key_unit(),
        Some((1, 0)),
        "first hidden unit"
    );
    press_key(&mut h, Key::ArrowDown);
    assert_eq!(h.state().diagram_key_unit(), Some((1, 1)));
    press_key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().diagram_key_unit(), Some((2, 0)), "the output");
    press_key(&mut h, Key::ArrowLeft);
    assert_eq!(
        h.state().diagram_key_unit(),
        Some((1, 2)),
        "back at the same height"
    );
    press_key(&mut h, Key::ArrowUp);
    assert_eq!(h.state().diagram_key_unit(), Some((1, 1)));
    assert!(
        h.query_all_by_label_contains("hidden 1.2 (sigmoid unit) — Enter to show its map")
            .next()
            .is_some(),
        "the footer names the highlighted unit"
    );
    press_key(&mut h, Key::Enter);
    assert_eq!(h.state().selected_unit(), Some((1, 1)));
    wait_until(&mut h, "the unit's map", |a| {
        a.heatmap()
            .and_then(|f| f.unit_image.as_ref())
            .is_some_and(|u| (u.layer, u.unit) == (1, 1))
    });
    press_key(&mut h, Key::Enter);
    assert_eq!(h.state().selected_unit(), None);
    // → moved the highlight, not the training: still paused at the same step.
    h.run_steps(5);
    assert_eq!(h.state().heatmap().unwrap().step, step);
}

#[test]
fn the_unit_inspector_edits_weights_the_diagram_does_not_draw() {
    let mut state = paused();
    state.model_config = ModelConfig::playground();
    state.model_config.hidden = vec![48, 48];
    let mut h = harness(state);
    wait_until(&mut h, "the big diagram", |a| {
        a.diagram_model()
            .is_some_and(|m| m.sizes == vec![2, 48, 48, 2])
    });
    h.run_steps(2);
    focus_diagram(&mut h);
    press_key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().diagram_key_unit(), Some((2, 0)));
    assert!(!h.state().unit_inspector_open());
    press_key(&mut h, Key::W);
    assert!(h.state().unit_inspector_open());
    // A weight into hidden 2.1 that the diagram does not draw.
    let m = h.state().diagram_model().unwrap();
    let row = (0..48)
        .find(|&r| {
            let i = m.edge_index(1, r, 0).unwrap();
            !m.drawn.contains(&i)
        })
        .expect("an undrawn weight");
    h.get_by_role_and_label(
        Role::SpinButton,
        &format!("W1[{row},0] from hidden 1.{}", row + 1),
    )
    .set_value_accesskit(0.625);
    h.run_steps(2);
    wait_until(&mut h, "the worker's new weight", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[1].weights[(row, 0)] == 0.625)
    });
    // The bias too.
    h.get_by_role_and_label(Role::SpinButton, "b1[0] bias")
        .set_value_accesskit(-0.375);
    h.run_steps(2);
    wait_until(&mut h, "the worker's new bias", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[1].biases.as_ref().unwrap()[0] == -0.375)
    });
    // W again closes it.
    focus_diagram(&mut h);
    press_key(&mut h, Key::W);
    assert!(!h.state().unit_inspector_open());
}

#[test]
fn explain_mode_pins_points_from_the_keyboard() {
    let mut h = harness(paused());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.key_press(Key::E);
    h.run_steps(2);
    // The cursor rests on an empty spot: only a forward pass.
    let spot = common::screen_of(&h, [6.5, 8.0]);
    h.hover_at(spot);
    h.run_steps(3);
    assert!(h.state().current_explanation().unwrap().backward.is_empty());
    let shown = |h: &Harness<'_, NnvizApp>, i: usize| {
        let p = h.state().dataset().points[i];
        let ex = h.state().current_explanation().unwrap();
        ex.forward[0].values == vec![p.pos_in_data[0], p.pos_in_data[1]]
            && !ex.backward.is_empty()
            && h.query_all_by_label_contains(&format!("Training point #{i} "))
                .next()
                .is_some()
    };
    press_key(&mut h, Key::CloseBracket);
    assert!(shown(&h, 0), "] pins the first training point");
    press_key(&mut h, Key::CloseBracket);
    assert!(shown(&h, 1));
    press_key(&mut h, Key::OpenBracket);
    press_key(&mut h, Key::OpenBracket);
    assert!(shown(&h, 7), "[ wraps around to the last");
    // Moving the mouse hands the window back to the cursor.
    h.hover_at(spot + egui::vec2(3.0, 0.0));
    h.run_steps(3);
    assert!(h.state().current_explanation().unwrap().backward.is_empty());
    // P pins the training point nearest the cursor: (5, 2) is point #4.
    h.hover_at(common::screen_of(&h, [5.4, 2.5]));
    h.run_steps(3);
    press_key(&mut h, Key::P);
    assert!(shown(&h, 4));
}

#[test]
fn explain_replays_the_training_step_once_per_snapshot() {
    let mut h = harness(paused());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.key_press(Key::E);
    h.run_steps(2);
    press_key(&mut h, Key::CloseBracket);
    let step = h.state().heatmap().unwrap().step;
    assert!(!h.state().current_explanation().unwrap().backward.is_empty());
    let replays = h.state().explain_replays();
    assert!(
        replays >= 1,
        "the pinned training point needs the replayed step"
    );
    // Many frames with the same snapshot, points and settings: no new replay.
    h.run_steps(20);
    assert_eq!(h.state().explain_replays(), replays);
    // A training step gives a new snapshot: replayed again, then cached again.
    press_key(&mut h, Key::S);
    wait_until(&mut h, "the next step", |a| {
        a.heatmap().is_some_and(|f| f.step > step)
    });
    h.run_steps(3);
    let after_step = h.state().explain_replays();
    assert!(after_step > replays, "a new snapshot is replayed");
    h.run_steps(20);
    assert_eq!(h.state().explain_replays(), after_step);
    assert!(!h.state().current_explanation().unwrap().backward.is_empty());
}

#[test]
fn dragging_an_inspector_value_ends_with_the_worker_holding_it() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    focus_diagram(&mut h);
    press_key(&mut h, Key::W);
    assert!(h.state().unit_inspector_open());
    let (l, u) = h.state().diagram_key_unit().unwrap_or((1, 0));
    let before = h.state().heatmap().unwrap().model.mlp.layers[l - 1].weights[(0, u)];
    let label = format!("W{}[0,{u}] from", l - 1);
    let spin = h
        .query_all_by_label_contains(&label)
        .find(|n| n.accesskit_node().role() == Role::SpinButton)
        .expect("the inspector's first weight");
    let from = spin.rect().center();
    // A drag over many frames; the worker gets the values one at a time.
    common::drag(
        &mut h,
        from,
        from + egui::vec2(60.0, 0.0),
        PointerButton::Primary,
        12,
    );
    h.run_steps(2);
    let shown = h
        .query_all_by_label_contains(&label)
        .find(|n| n.accesskit_node().role() == Role::SpinButton)
        .and_then(|n| n.accesskit_node().numeric_value())
        .expect("the dragged value");
    assert!((shown - before).abs() > 0.3, "the drag moved the weight");
    wait_until(&mut h, "the worker's dragged weight", |a| {
        a.heatmap()
            .is_some_and(|f| f.model.mlp.layers[l - 1].weights[(0, u)] == shown)
    });
}

#[test]
fn shift_arrows_pan_the_canvas_while_the_diagram_has_focus() {
    let mut h = harness(paused());
    diagram_ready(&mut h);
    focus_diagram(&mut h);
    press_key(&mut h, Key::ArrowDown);
    assert_eq!(h.state().diagram_key_unit(), Some((1, 1)));
    let v0 = h.state().view();
    common::key_with(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    common::key_with(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(
        h.state().diagram_key_unit(),
        Some((1, 1)),
        "Shift+arrows leave the highlighted unit alone"
    );
    let v1 = h.state().view();
    assert!(v1.y_min < v0.y_min, "Shift+↓ pans down: {v0:?} → {v1:?}");
    assert!(v1.x_min > v0.x_min, "Shift+→ pans right: {v0:?} → {v1:?}");
    // Plain arrows still move the highlight.
    press_key(&mut h, Key::ArrowDown);
    assert_eq!(h.state().diagram_key_unit(), Some((1, 2)));
}

#[test]
fn the_shortcuts_help_lists_the_diagram_and_explain_keys_within_the_panel() {
    let mut h = harness(paused());
    h.run_steps(2);
    // The section is below the fold and closed at first.
    h.get_by_label("Keyboard shortcuts").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Keyboard shortcuts").click();
    h.run_steps(3);
    let up = h.ctx.format_shortcut(&egui::KeyboardShortcut::new(
        egui::Modifiers::NONE,
        egui::Key::ArrowUp,
    ));
    let pan = h.ctx.format_shortcut(&egui::KeyboardShortcut::new(
        egui::Modifiers::SHIFT,
        egui::Key::ArrowLeft,
    ));
    let next = h.ctx.format_shortcut(&egui::KeyboardShortcut::new(
        egui::Modifiers::NONE,
        egui::Key::CloseBracket,
    ));
    for (key, what) in [
        ("Tab", "focus the diagram"),
        (up.as_str(), "diagram: unit above"),
        ("Enter", "diagram: unit's map on the canvas"),
        ("W", "diagram: unit's weights"),
        (next.as_str(), "explain: next point"),
        ("P", "explain: pin the nearest point"),
        (pan.as_str(), "pan left"),
    ] {
        let k = h.get_by_label(key);
        let w = h
            .query_all_by_label(what)
            .next()
            .unwrap_or_else(|| panic!("a row for {what}"));
        assert!(
            (k.rect().center().y - w.rect().center().y).abs() < 2.0,
            "{key} is on the row of {what}"
        );
        // The side panel is 300 points wide.
        assert!(w.rect().max.x <= 300.0, "{what} fits: {:?}", w.rect());
    }
}
