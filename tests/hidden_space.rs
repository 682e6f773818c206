//! The hidden space (issue 13): a point's place is its layer's activations from a direct
//! forward pass (hidden units and the output's scores), PCA's axes against a hand-made 2-D
//! case, their sign from frame to frame, the grid lines' shape, and the worker sending the
//! picture only while the view is open.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use nalgebra::{DMatrix, DVector};
use nnviz::data::{Bounds, Dataset, LabeledPoint, Preset, PresetParams, generate};
use nnviz::nn::hidden_space::{
    GRID_LINES, HiddenSpaceWork, LINE_SAMPLES, SpaceAxis, principal_axes,
};
use nnviz::nn::{
    Activation, Feature, HiddenSpaceSpec, InputTransform, Layer, Loss, Mlp, Model, ModelConfig,
    Projection, SpaceLayer,
};
use nnviz::train::{Command, Speed, Worker, WorkerOptions};
use std::time::Duration;

/// A 3-class 6×8 tanh network with biases, normalised inputs and x² as a third feature,
/// trained a little so its weights are not the initial ones.
fn deep_model() -> (Model, Dataset) {
    let params = PresetParams {
        points: 120,
        classes: 3,
        test_ratio: 0.25,
        ..Default::default()
    };
    let data = generate(Preset::Spiral, &params).unwrap();
    let mut config = ModelConfig::playground();
    config.hidden = vec![8; 6];
    config.features = vec![Feature::X, Feature::Y, Feature::XSquared];
    let mut model = Model::new(config, &data, 3).unwrap();
    for _ in 0..50 {
        model.step();
    }
    (model, data)
}

fn spec(layer: SpaceLayer, projection: Projection) -> HiddenSpaceSpec {
    HiddenSpaceSpec { layer, projection }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-5 * (1.0 + b.abs())
}

#[test]
fn a_points_place_is_its_hidden_units_activations() {
    let (model, data) = deep_model();
    let s = model.snapshot();
    let view = data.view_bounds();
    let mut work = HiddenSpaceWork::default();
    for (layer, units) in [(0, [3, 5]), (2, [7, 0]), (5, [1, 1])] {
        let space = work
            .compute(
                &s.mlp,
                &s.transform,
                &data.points,
                &view,
                spec(SpaceLayer::Hidden(layer), Projection::Units(units)),
            )
            .unwrap();
        assert_eq!(space.width, 8);
        assert_eq!(space.points.len(), data.points.len());
        assert_eq!(
            space.axes,
            [SpaceAxis::Unit(units[0]), SpaceAxis::Unit(units[1])]
        );
        for (p, q) in data.points.iter().zip(&space.points) {
            // forward_trace: input first, then each layer's activations.
            let trace = s.mlp.forward_trace(&s.transform.inputs(p.pos_in_data));
            let h = &trace[layer + 1];
            for axis in 0..2 {
                let got = q.pos_in_space[axis] as f64;
                assert!(close(got, h[units[axis]]), "{got} vs {}", h[units[axis]]);
            }
            assert_eq!((q.class, q.test), (p.class, p.test));
        }
    }
}

#[test]
fn the_output_scores_are_before_the_softmax() {
    let (model, data) = deep_model();
    let s = model.snapshot();
    assert_eq!(s.mlp.layers.last().unwrap().activation, Activation::Softmax);
    let space = HiddenSpaceWork::default()
        .compute(
            &s.mlp,
            &s.transform,
            &data.points,
            &data.view_bounds(),
            spec(SpaceLayer::OutputScores, Projection::Units([2, 0])),
        )
        .unwrap();
    assert_eq!(space.width, 3);
    let out = s.mlp.layers.last().unwrap();
    for (p, q) in data.points.iter().zip(&space.points) {
        let trace = s.mlp.forward_trace(&s.transform.inputs(p.pos_in_data));
        let last_hidden = &trace[trace.len() - 2];
        // z = Wᵀ a + b by hand.
        let z = out.weights.transpose() * last_hidden + out.biases.as_ref().unwrap();
        assert!(close(q.pos_in_space[0] as f64, z[2]));
        assert!(close(q.pos_in_space[1] as f64, z[0]));
        // …and not the probabilities.
        let probs = trace.last().unwrap();
        assert!((q.pos_in_space[0] as f64 - probs[2]).abs() > 1e-6 || z[2] == probs[2]);
    }
}

/// One hidden layer of two linear units that copy the inputs: the hidden space is the plane.
fn identity_net() -> (Mlp, InputTransform) {
    let mlp = Mlp {
        layers: vec![
            Layer {
                weights: DMatrix::identity(2, 2),
                biases: None,
                activation: Activation::Linear,
            },
            Layer {
                weights: DMatrix::from_element(2, 1, 1.0),
                biases: Some(DVector::zeros(1)),
                activation: Activation::Sigmoid,
            },
        ],
    };
    (mlp, InputTransform::raw(vec![Feature::X, Feature::Y]))
}

/// Points spread along the diagonal (variance 20/6 along (1, 1)/√2) and a little across it.
fn diagonal_points() -> Vec<LabeledPoint> {
    [
        (-2.0, -2.0),
        (2.0, 2.0),
        (-1.0, -1.0),
        (1.0, 1.0),
        (0.1, -0.1),
        (-0.1, 0.1),
    ]
    .iter()
    .enumerate()
    .map(|(i, &(x, y))| LabeledPoint::new(x, y, i % 2))
    .collect()
}

#[test]
fn pca_finds_the_diagonal_of_a_hand_made_case() {
    let (mlp, transform) = identity_net();
    let points = diagonal_points();
    let view = Bounds {
        x_min: -3.0,
        x_max: 3.0,
        y_min: -3.0,
        y_max: 3.0,
    };
    let space = HiddenSpaceWork::default()
        .compute(
            &mlp,
            &transform,
            &points,
            &view,
            spec(SpaceLayer::Hidden(0), Projection::Pca),
        )
        .unwrap();
    // Variance along the diagonal: (8 + 8 + 2 + 2) / 6; across: 2 · 0.02 / 6.
    let (along, across) = (20.0 / 6.0, 0.04 / 6.0);
    let SpaceAxis::Pca {
        component: 0,
        share,
    } = space.axes[0]
    else {
        panic!("{:?}", space.axes);
    };
    assert!((share - along / (along + across)).abs() < 1e-9, "{share}");
    let SpaceAxis::Pca {
        component: 1,
        share,
    } = space.axes[1]
    else {
        panic!("{:?}", space.axes);
    };
    assert!((share - across / (along + across)).abs() < 1e-9, "{share}");
    // (2, 2) lies 2√2 along the first axis (pointing to +x+y: its largest part positive)
    // and nowhere on the second; (0.1, −0.1) is 0.1√2 across.
    let r2 = std::f64::consts::SQRT_2;
    let p = space.points[1].pos_in_space;
    assert!(
        close(p[0] as f64, 2.0 * r2) && (p[1] as f64).abs() < 1e-6,
        "{p:?}"
    );
    let p = space.points[4].pos_in_space;
    assert!(
        (p[0] as f64).abs() < 1e-6 && close((p[1] as f64).abs(), 0.1 * r2),
        "{p:?}"
    );
}

#[test]
fn pca_axes_are_orthonormal_and_carry_the_most_variance() {
    let (model, data) = deep_model();
    let s = model.snapshot();
    let positions: Vec<[f64; 2]> = data.points.iter().map(|p| p.pos_in_data).collect();
    let (mut acts, mut spare) = (Vec::new(), Vec::new());
    nnviz::nn::hidden_space::layer_activations(
        &s.mlp,
        &s.transform,
        &positions,
        3,
        false,
        &mut acts,
        &mut spare,
    );
    let n = positions.len();
    let pca = principal_axes(&acts, n, 8, 0..n, None);
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let [d0, d1] = &pca.dirs;
    assert!((dot(d0, d0) - 1.0).abs() < 1e-9 && (dot(d1, d1) - 1.0).abs() < 1e-9);
    assert!(dot(d0, d1).abs() < 1e-9);
    let variance = |dir: &[f64]| {
        (0..n)
            .map(|i| {
                let c: f64 = (0..8)
                    .map(|u| (acts[u * n + i] - pca.mean[u]) * dir[u])
                    .sum();
                c * c
            })
            .sum::<f64>()
            / n as f64
    };
    // No unit direction (each unit's own axis, and some mixtures) carries more variance.
    let v0 = variance(d0);
    for u in 0..8 {
        let mut e = vec![0.0; 8];
        e[u] = 1.0;
        assert!(variance(&e) <= v0 + 1e-12);
        e[(u + 3) % 8] = -0.5;
        let norm = dot(&e, &e).sqrt();
        e.iter_mut().for_each(|v| *v /= norm);
        assert!(variance(&e) <= v0 + 1e-12);
    }
    assert!(variance(d1) <= v0 + 1e-12);
    assert!(pca.shares[0] >= pca.shares[1] && pca.shares[0] <= 1.0);
}

#[test]
fn pca_axes_keep_their_sign_from_frame_to_frame() {
    let (mlp, transform) = identity_net();
    let points = diagonal_points();
    let positions: Vec<[f64; 2]> = points.iter().map(|p| p.pos_in_data).collect();
    let (mut acts, mut spare) = (Vec::new(), Vec::new());
    nnviz::nn::hidden_space::layer_activations(
        &mlp, &transform, &positions, 0, false, &mut acts, &mut spare,
    );
    let n = positions.len();
    let first = principal_axes(&acts, n, 2, 0..n, None);
    // Without a previous frame the largest component is positive.
    assert!(first.dirs[0][0] > 0.0 && first.dirs[0][1] > 0.0);
    // A previous frame that pointed the other way turns both axes round.
    let flipped = first.dirs.clone().map(|d| d.iter().map(|v| -v).collect());
    let next = principal_axes(&acts, n, 2, 0..n, Some(&flipped));
    for (a, b) in next.dirs.iter().zip(&flipped) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12);
        }
    }
    // Through the work buffer: a second frame of slightly changed data keeps the picture's
    // orientation (the point at (2, 2) stays on the positive side).
    let view = Bounds {
        x_min: -3.0,
        x_max: 3.0,
        y_min: -3.0,
        y_max: 3.0,
    };
    let mut work = HiddenSpaceWork::default();
    let s = spec(SpaceLayer::Hidden(0), Projection::Pca);
    let a = work.compute(&mlp, &transform, &points, &view, s).unwrap();
    let mut moved = points.clone();
    moved[4].pos_in_data = [0.12, -0.1];
    let b = work.compute(&mlp, &transform, &moved, &view, s).unwrap();
    for (p, q) in a.points.iter().zip(&b.points) {
        for axis in 0..2 {
            let (x, y) = (p.pos_in_space[axis], q.pos_in_space[axis]);
            assert!(x * y >= 0.0 || (x - y).abs() < 0.05, "{x} became {y}");
        }
    }
}

#[test]
fn grid_lines_cross_the_view_both_ways() {
    let (mlp, transform) = identity_net();
    let view = Bounds {
        x_min: -1.0,
        x_max: 3.0,
        y_min: -2.0,
        y_max: 2.0,
    };
    let space = HiddenSpaceWork::default()
        .compute(
            &mlp,
            &transform,
            &[],
            &view,
            spec(SpaceLayer::Hidden(0), Projection::Units([0, 1])),
        )
        .unwrap();
    assert!(space.points.is_empty());
    assert_eq!(space.lines.len(), 2 * GRID_LINES);
    assert!(space.lines.iter().all(|l| l.len() == LINE_SAMPLES));
    // The identity network: the first line is the view's top edge, left to right; the last
    // is its right edge, bottom to top; line 10 of constant y is y = 0.
    assert_eq!(space.lines[0][0], [-1.0, 2.0]);
    assert_eq!(space.lines[0][LINE_SAMPLES - 1], [3.0, 2.0]);
    assert_eq!(space.lines[GRID_LINES - 1][0], [-1.0, -2.0]);
    assert_eq!(space.lines[2 * GRID_LINES - 1][0], [3.0, -2.0]);
    assert_eq!(
        space.lines[2 * GRID_LINES - 1][LINE_SAMPLES - 1],
        [3.0, 2.0]
    );
    assert!(space.lines[10].iter().all(|p| p[1].abs() < 1e-6));
    // The bounds hold everything drawn, with a margin.
    assert!(space.min[0] < -1.0 && space.max[0] > 3.0);
    assert!(space.min[1] < -2.0 && space.max[1] > 2.0);
}

#[test]
fn layers_and_defaults_follow_the_network() {
    let data = Dataset::seed();
    let s = Model::new(ModelConfig::tutorial(), &data, 1)
        .unwrap()
        .snapshot();
    assert_eq!(
        SpaceLayer::all(&s.mlp),
        vec![SpaceLayer::Hidden(0), SpaceLayer::OutputScores]
    );
    assert_eq!(SpaceLayer::Hidden(0).width(&s.mlp), Some(4));
    assert_eq!(SpaceLayer::OutputScores.width(&s.mlp), Some(1));
    assert_eq!(SpaceLayer::Hidden(1).width(&s.mlp), None);
    assert_eq!(Projection::default_for(4), Projection::Pca);
    assert_eq!(Projection::default_for(2), Projection::Units([0, 1]));
    assert_eq!(Projection::default_for(1), Projection::Units([0, 0]));
    let view = data.view_bounds();
    let mut work = HiddenSpaceWork::default();
    let none = work.compute(
        &s.mlp,
        &s.transform,
        &data.points,
        &view,
        spec(SpaceLayer::Hidden(1), Projection::Pca),
    );
    assert!(none.is_none(), "a layer the network does not have");
    // The single sigmoid output's score: on a line (y = 0), PCA falls back to the unit.
    let line = work
        .compute(
            &s.mlp,
            &s.transform,
            &data.points,
            &view,
            spec(SpaceLayer::OutputScores, Projection::Pca),
        )
        .unwrap();
    assert_eq!(line.axes, [SpaceAxis::Unit(0), SpaceAxis::Flat]);
    assert_eq!(line.spec.projection, Projection::Units([0, 0]));
    for (p, q) in data.points.iter().zip(&line.points) {
        let trace = s.mlp.forward_trace(&s.transform.inputs(p.pos_in_data));
        let z = (s.mlp.layers[1].weights.transpose() * &trace[1])[0];
        assert!(close(q.pos_in_space[0] as f64, z) && q.pos_in_space[1] == 0.0);
    }
}

// ---- the worker ----

fn flush(w: &Worker) {
    assert!(w.flush(Duration::from_secs(20)), "the worker did not flush");
}

#[test]
fn the_worker_sends_the_hidden_space_only_while_the_view_is_open() {
    let mut config = ModelConfig::tutorial();
    config.train.loss = Loss::TutorialSse;
    let mut w = Worker::spawn_with(
        WorkerOptions { manual: true },
        Dataset::seed(),
        config,
        7,
        Speed::StepsPerSecond(1000.0),
        true,
        || {},
    )
    .unwrap();
    flush(&w);
    let f = w.take_heatmap().expect("a heatmap");
    assert!(f.hidden_space.is_none(), "closed: nothing computed");
    let s = spec(SpaceLayer::Hidden(0), Projection::Units([1, 3]));
    let seq = w.send(Command::SetHiddenSpace(Some(s)));
    w.send(Command::Advance { steps: 300 });
    flush(&w);
    let f = w.take_heatmap().expect("a heatmap");
    assert!(f.applied_seq > seq);
    let space = f.hidden_space.expect("open: the hidden space");
    assert_eq!(space.spec, s);
    assert_eq!(space.points.len(), 8);
    // From the same weights as the heatmap it came with.
    assert_eq!(f.step, 300);
    for (p, q) in Dataset::seed().points.iter().zip(&space.points) {
        let h = &f
            .model
            .mlp
            .forward_trace(&f.model.transform.inputs(p.pos_in_data))[1];
        assert!(close(q.pos_in_space[0] as f64, h[1]));
        assert!(close(q.pos_in_space[1] as f64, h[3]));
    }
    w.send(Command::SetHiddenSpace(None));
    flush(&w);
    let f = w.take_heatmap().expect("a heatmap");
    assert!(f.hidden_space.is_none(), "closed again");
}

#[test]
fn per_layer_activations_and_dropout_map_as_the_forward_pass() {
    // Issue 14's networks: GELU, ELU and ReLU layers, dropout on one (training only).
    let data = Dataset::seed();
    let mut config = ModelConfig::playground();
    config.hidden = vec![5, 4, 3];
    config.activations = vec![Activation::Gelu, Activation::Elu, Activation::Relu];
    config.dropout = vec![0.0, 0.3];
    let mut model = Model::new(config, &data, 5).unwrap();
    for _ in 0..20 {
        model.step();
    }
    let s = model.snapshot();
    let mut work = HiddenSpaceWork::default();
    for (layer, units) in [(0, [4, 2]), (1, [0, 3]), (2, [2, 1])] {
        let space = work
            .compute(
                &s.mlp,
                &s.transform,
                &data.points,
                &data.view_bounds(),
                spec(SpaceLayer::Hidden(layer), Projection::Units(units)),
            )
            .unwrap();
        for (p, q) in data.points.iter().zip(&space.points) {
            let h = &s.mlp.forward_trace(&s.transform.inputs(p.pos_in_data))[layer + 1];
            assert!(close(q.pos_in_space[0] as f64, h[units[0]]));
            assert!(close(q.pos_in_space[1] as f64, h[units[1]]));
        }
    }
}

#[test]
fn a_scrubbed_timeline_step_maps_that_snapshots_hidden_space() {
    let mut w = Worker::spawn_with(
        WorkerOptions { manual: true },
        Dataset::seed(),
        ModelConfig::tutorial(),
        7,
        Speed::StepsPerSecond(1000.0),
        true,
        || {},
    )
    .unwrap();
    let s = spec(SpaceLayer::Hidden(0), Projection::Units([0, 2]));
    w.send(Command::SetHiddenSpace(Some(s)));
    w.send(Command::Advance { steps: 3000 });
    flush(&w);
    let timeline = w.take_timeline().expect("a timeline");
    // The snapshots are spaced by time; any one before the last step is an early one.
    let early = timeline
        .entries()
        .iter()
        .find(|e| e.step > 0 && e.step < 2000)
        .or_else(|| timeline.entries().first())
        .cloned()
        .expect("an early snapshot");
    assert!(early.step < 2000);
    let live = w.take_heatmap().expect("a heatmap");
    assert_eq!(live.step, 3000);
    assert_eq!(live.hidden_space_step, None, "live until asked");

    let seq = w.send(Command::SetHiddenSpaceStep(Some(early.step)));
    flush(&w);
    let f = w.take_heatmap().expect("a heatmap");
    assert!(f.applied_seq >= seq);
    assert_eq!(f.hidden_space_step, Some(early.step));
    let got = f.hidden_space.expect("the scrubbed hidden space");
    // Exactly what the maths gives for that snapshot's weights, over the same points and view.
    let want = HiddenSpaceWork::default()
        .compute(
            &early.model.mlp,
            &early.model.transform,
            &Dataset::seed().points,
            &f.bounds,
            s,
        )
        .unwrap();
    assert_eq!(*got, want);
    // ... and not the live network's.
    let now = HiddenSpaceWork::default()
        .compute(
            &f.model.mlp,
            &f.model.transform,
            &Dataset::seed().points,
            &f.bounds,
            s,
        )
        .unwrap();
    assert_eq!(f.model.step, 3000);
    assert_ne!(now.points, want.points);
    for (p, q) in Dataset::seed().points.iter().zip(&got.points) {
        let h = &early
            .model
            .mlp
            .forward_trace(&early.model.transform.inputs(p.pos_in_data))[1];
        assert!(close(q.pos_in_space[0] as f64, h[0]));
        assert!(close(q.pos_in_space[1] as f64, h[2]));
    }

    // The scrub ends: the live weights again.
    w.send(Command::SetHiddenSpaceStep(None));
    flush(&w);
    let f = w.take_heatmap().expect("a heatmap");
    assert_eq!(f.hidden_space_step, None);
    assert_eq!(f.hidden_space.unwrap().points, now.points);
}
