//! The training worker: commands reach the thread, updates and heatmaps come back.
//!
//! These tests poll with short sleeps and a generous deadline: they assert behaviour, not
//! timing.

use nnviz::data::{Bounds, Dataset, EditAction, LabeledPoint, PointEdit};
use nnviz::nn::{Activation, Loss, ModelConfig};
use nnviz::train::{
    Command, DivergeCause, HeatmapFrame, Refusal, Speed, Stats, Update, Worker, WorkerOptions,
};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(2);

fn spawn(dataset: Dataset, config: ModelConfig, speed: Speed, running: bool) -> Worker {
    match Worker::spawn(dataset, config, 7, speed, running, || {}) {
        Ok(w) => w,
        Err(e) => panic!("could not spawn the worker: {e}"),
    }
}

/// Polls updates until `pred` accepts one; panics with `what` after the deadline.
fn wait_update(w: &Worker, what: &str, mut pred: impl FnMut(&Update) -> bool) -> Update {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        while let Some(u) = w.try_recv() {
            if pred(&u) {
                return u;
            }
        }
        std::thread::sleep(POLL);
    }
    panic!("timed out waiting for {what}");
}

/// Polls until a `Stats` satisfies `pred`.
fn wait_stats(w: &Worker, what: &str, mut pred: impl FnMut(&Stats) -> bool) -> Stats {
    match wait_update(w, what, |u| matches!(u, Update::Stats(s) if pred(s))) {
        Update::Stats(s) => s,
        _ => unreachable!(),
    }
}

/// Polls until a heatmap satisfies `pred`.
fn wait_heatmap(
    w: &Worker,
    what: &str,
    mut pred: impl FnMut(&HeatmapFrame) -> bool,
) -> HeatmapFrame {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if let Some(f) = w.take_heatmap()
            && pred(&f)
        {
            return f;
        }
        std::thread::sleep(POLL);
    }
    panic!("timed out waiting for {what}");
}

/// Sends `cmd` and returns the first full heatmap (not a preview) and the stats computed
/// after it was applied.
///
/// The worker publishes stats and then a heatmap after every command, so once a heatmap
/// with `applied_seq ≥ seq` is seen, the newest queued stats were computed after `cmd`.
fn send_and_settle(w: &mut Worker, cmd: Command) -> (HeatmapFrame, Stats) {
    let seq = w.send(cmd);
    let frame = wait_heatmap(w, "the command's heatmap", |f| {
        f.applied_seq >= seq && !f.preview
    });
    let mut stats = None;
    while let Some(u) = w.try_recv() {
        if let Update::Stats(s) = u {
            stats = Some(s);
        }
    }
    match stats {
        Some(s) => (frame, s),
        None => panic!("no stats came with the heatmap of command {seq}"),
    }
}

/// Probability of `class` in the heatmap cell nearest to `pos`.
fn prob_at(frame: &HeatmapFrame, pos: [f64; 2], class: usize) -> f32 {
    let b = frame.bounds;
    let p = &frame.prediction;
    let col = (((pos[0] - b.x_min) / b.width()) * p.nx as f64)
        .floor()
        .clamp(0.0, (p.nx - 1) as f64) as usize;
    let row = (((b.y_max - pos[1]) / b.height()) * p.ny as f64)
        .floor()
        .clamp(0.0, (p.ny - 1) as f64) as usize;
    p.at(col, row)[class]
}

/// ReLU with biases and binary cross-entropy: at learning rate 10 its weights blow up
/// within a few hundred steps on the seed points. (With the tutorial's sum-of-squares loss
/// the sigmoid output saturates instead and the loss stays finite.)
fn relu_config(lr: f64) -> ModelConfig {
    let mut c = ModelConfig::tutorial();
    c.activation = Activation::Relu;
    c.bias = true;
    c.train.loss = Loss::BinaryCrossEntropy;
    c.train.learning_rate = lr;
    c
}

/// The playground network trains the seed points to 100 % within a few thousand steps.
/// Inputs are not normalised, so adding points does not move the ones already learned.
fn trained_playground(speed: Speed) -> Worker {
    let config = ModelConfig {
        normalize: false,
        ..ModelConfig::playground()
    };
    let w = spawn(Dataset::seed(), config, speed, true);
    wait_stats(&w, "100 % train accuracy", |s| {
        s.train_accuracy == 1.0 && s.step > 100
    });
    w
}

#[test]
fn starts_with_a_heatmap_of_the_data_view_and_stats() {
    let data = Dataset::seed();
    let w = spawn(
        data.clone(),
        ModelConfig::tutorial(),
        Speed::StepsPerSecond(100.0),
        false,
    );
    let f = wait_heatmap(&w, "the first heatmap", |_| true);
    assert_eq!(f.bounds, data.view_bounds());
    assert_eq!((f.image.width, f.image.height), (200, 200));
    assert_eq!(
        (f.prediction.nx, f.prediction.ny, f.prediction.classes),
        (200, 200, 2)
    );
    assert_eq!(f.image.pixels.len(), 200 * 200 * 4);
    assert_eq!(f.step, 0);
    let s = wait_stats(&w, "first stats", |_| true);
    assert_eq!(s.step, 0);
    assert!(!s.running);
    assert_eq!(s.learning_rate, 0.01);
    assert!(s.loss.is_finite() && s.loss > 0.0);
    assert_eq!(s.test_accuracy, None);
    assert!(w.is_alive());
}

#[test]
fn added_points_reach_the_worker_and_move_the_boundary() {
    let mut w = trained_playground(Speed::Unlimited);
    let view = Bounds {
        x_min: -15.0,
        x_max: 10.0,
        y_min: -5.0,
        y_max: 25.0,
    };
    w.send(Command::SetView {
        bounds: view,
        resolution: 100,
    });
    let far = [-10.0, 20.0];
    w.send(Command::Pause);
    let (before, stats) = send_and_settle(
        &mut w,
        Command::SetView {
            bounds: view,
            resolution: 100,
        },
    );
    assert_eq!(stats.train_accuracy, 1.0);
    // Three points of the other class deep in the region the network gives to one class:
    // they are evaluated at once while paused.
    let here = usize::from(prob_at(&before, far, 1) > 0.5);
    let other = 1 - here;
    for dx in [-0.5, 0.0, 0.5] {
        w.send(Command::EditPoints(PointEdit::Add(LabeledPoint::new(
            far[0] + dx,
            far[1],
            other,
        ))));
    }
    let (_, stats) = send_and_settle(&mut w, Command::Pause);
    assert!(
        (stats.train_accuracy - 8.0 / 11.0).abs() < 1e-9,
        "accuracy {}",
        stats.train_accuracy
    );

    // Training on them turns the region there to their class.
    w.send(Command::Resume);
    wait_stats(&w, "the new points learned", |s| s.train_accuracy == 1.0);
    let after = wait_heatmap(&w, "the new class at the new points", |f| {
        prob_at(f, far, other) > 0.5
    });
    assert_eq!(after.bounds, view);
    assert_eq!(after.prediction.nx, 100);
}

#[test]
fn moved_removed_and_cleared_points_reach_the_worker() {
    let mut w = trained_playground(Speed::Unlimited);
    w.send(Command::Pause);
    // Point 0 is (3, 1), class 0; drag it into class-1 territory.
    let seq = w.send(Command::EditPoints(PointEdit::Move {
        index: 0,
        pos_in_data: [1.0, 8.5],
    }));
    let f = wait_heatmap(&w, "the move's heatmap", |f| f.applied_seq >= seq);
    assert_eq!(f.applied_seq, seq);
    let (_, stats) = send_and_settle(&mut w, Command::Pause);
    assert!(
        (stats.train_accuracy - 7.0 / 8.0).abs() < 1e-9,
        "accuracy {}",
        stats.train_accuracy
    );

    // Removing it leaves the 7 points the network gets right.
    let (_, stats) = send_and_settle(&mut w, Command::EditPoints(PointEdit::Remove { index: 0 }));
    assert_eq!(stats.train_accuracy, 1.0);

    // Out-of-range indices are refused, not a panic.
    w.send(Command::EditPoints(PointEdit::Remove { index: 99 }));
    wait_update(&w, "a refusal of the bad index", |u| {
        matches!(
            u,
            Update::Refused {
                kind: Refusal::BadPointIndex {
                    action: EditAction::Remove,
                    index: 99,
                    len: 7
                }
            }
        )
    });
    assert!(w.is_alive());

    // No points: nothing to train on, the step stays put even when running.
    let (_, cleared) = send_and_settle(&mut w, Command::EditPoints(PointEdit::Clear));
    assert_eq!(cleared.train_accuracy, 0.0);
    w.send(Command::Resume);
    std::thread::sleep(Duration::from_millis(100));
    let (_, idle) = send_and_settle(&mut w, Command::Resume);
    assert_eq!(idle.step, cleared.step);
    assert_eq!(idle.steps_per_second, 0.0);

    // A new point starts training again.
    w.send(Command::EditPoints(PointEdit::Add(LabeledPoint::new(
        0.0, 0.0, 1,
    ))));
    wait_stats(&w, "training resumed on the new point", |s| {
        s.step > cleared.step + 100
    });
}

#[test]
fn move_point_while_running_shows_in_a_heatmap() {
    // Two identical manual workers (same points, network and seed) train the same steps;
    // in one, point 3 (class 0, at (6, 4)) is dragged among the class-1 points while it
    // trains. Whatever differs between their heatmaps is the move's doing.
    let mut moved = spawn_manual(true);
    let mut control = spawn_manual(true);
    let target = [1.5, 6.5];
    // One view for both (without it the heatmap follows the points' bounds).
    let view = Bounds {
        x_min: 0.0,
        x_max: 7.0,
        y_min: -2.0,
        y_max: 9.0,
    };
    for w in [&mut moved, &mut control] {
        w.send(Command::SetView {
            bounds: view,
            resolution: 64,
        });
        w.send(Command::Advance { steps: 2000 });
    }
    let mut last = 0;
    for i in 1..=10 {
        let t = i as f64 / 10.0;
        last = moved.send(Command::EditPoints(PointEdit::Move {
            index: 3,
            pos_in_data: [6.0 + t * (target[0] - 6.0), 4.0 + t * (target[1] - 4.0)],
        }));
        for w in [&mut moved, &mut control] {
            w.send(Command::Advance { steps: 300 });
        }
    }
    for w in [&moved, &control] {
        assert!(w.flush(FLUSH), "flush");
    }
    let m = moved
        .take_heatmap()
        .expect("a heatmap from the moved worker");
    let c = control.take_heatmap().expect("a heatmap from the control");
    assert!(
        m.applied_seq >= last,
        "the heatmap was computed after the last move"
    );
    assert_eq!(m.step, 5000);
    assert_eq!(c.step, m.step, "both trained the same steps");
    assert_eq!(m.bounds, c.bounds);
    let (pm, pc) = (&m.prediction, &c.prediction);
    assert_eq!((pm.nx, pm.ny, pm.classes), (pc.nx, pc.ny, pc.classes));
    let grid = nnviz::nn::GridSpec::cell_centers(&m.bounds, pm.nx, pm.ny);
    let near = |p: [f64; 2], q: [f64; 2], r: f64| (p[0] - q[0]).hypot(p[1] - q[1]) <= r;
    // Near the new position, class 0 is more likely than without the move.
    let mut cells = 0;
    let mut changed = 0;
    for row in 0..pm.ny {
        for col in 0..pm.nx {
            if !near(grid.pos_in_data(col, row), target, 0.75) {
                continue;
            }
            cells += 1;
            if pm.at(col, row)[0] - pc.at(col, row)[0] > 0.02 {
                changed += 1;
            }
        }
    }
    assert!(cells > 0, "the new position is inside the heatmap");
    assert!(
        changed * 2 > cells,
        "class 0 became likelier in only {changed} of {cells} cells near {target:?}"
    );
}

#[test]
fn learning_rate_changes_without_resetting_the_step() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    let before = wait_stats(&w, "some steps", |s| s.step > 1000);
    w.send(Command::SetLearningRate(0.1));
    let after = wait_stats(&w, "the new rate", |s| s.learning_rate == 0.1);
    assert!(
        after.step >= before.step,
        "step went back from {} to {}",
        before.step,
        after.step
    );

    // Nonsense rates are ignored with a message.
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        w.send(Command::SetLearningRate(bad));
        wait_update(&w, "a refusal of the bad rate", |u| {
            matches!(u, Update::Refused { kind: Refusal::InvalidLearningRate { rate } }
                if rate.to_bits() == bad.to_bits())
        });
    }
    let (_, s) = send_and_settle(&mut w, Command::Pause);
    assert_eq!(s.learning_rate, 0.1);
    assert!(s.step >= after.step);
}

#[test]
fn pause_stops_training_and_step_advances_exactly_one() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    wait_stats(&w, "some steps", |s| s.step > 100);
    let (_, paused) = send_and_settle(&mut w, Command::Pause);
    assert!(!paused.running);
    assert_eq!(paused.steps_per_second, 0.0);
    std::thread::sleep(Duration::from_millis(100));
    let (f, still) = send_and_settle(&mut w, Command::Pause);
    assert_eq!(still.step, paused.step);
    assert_eq!(f.step, paused.step);

    let (f, stepped) = send_and_settle(&mut w, Command::Step);
    assert_eq!(stepped.step, paused.step + 1);
    assert_eq!(f.step, paused.step + 1);
    assert!(!stepped.running);
    let (_, stepped) = send_and_settle(&mut w, Command::Step);
    assert_eq!(stepped.step, paused.step + 2);

    let (_, resumed) = send_and_settle(&mut w, Command::Resume);
    assert!(resumed.running);
    wait_stats(&w, "training again", |s| s.step > paused.step + 1000);
}

#[test]
fn reset_weights_restarts_from_step_zero() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    wait_stats(&w, "some steps", |s| s.step > 10_000);
    w.send(Command::Pause);
    let seq = w.send(Command::ResetWeights { seed: 3 });
    // The loss history restarts too.
    wait_update(
        &w,
        "a fresh loss history",
        |u| matches!(u, Update::Loss(h) if h.samples().is_empty()),
    );
    let f = wait_heatmap(&w, "the reset's heatmap", |f| f.applied_seq >= seq);
    assert_eq!(f.step, 0);
    let (_, s) = send_and_settle(&mut w, Command::Pause);
    assert_eq!(s.step, 0);
    // Running again, the step starts near zero rather than where it was.
    w.send(Command::Resume);
    let s = wait_stats(&w, "training after the reset", |s| s.step > 0);
    assert!(s.step < 10_000_000);
}

#[test]
fn replace_model_checks_the_config_and_restarts_the_history() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    wait_stats(&w, "some steps", |s| s.step > 1000);
    let mut bad = ModelConfig::tutorial();
    bad.features.clear();
    w.send(Command::ReplaceModel {
        config: bad,
        seed: 1,
    });
    wait_update(&w, "a refusal of the invalid network", |u| {
        matches!(
            u,
            Update::Refused {
                kind: Refusal::InvalidNetworkSettings { .. }
            }
        )
    });
    let s = wait_stats(&w, "the old model still training", |s| s.step > 2000);
    assert_eq!(s.learning_rate, 0.01);

    w.send(Command::Pause);
    let (f, s) = send_and_settle(
        &mut w,
        Command::ReplaceModel {
            config: ModelConfig::playground(),
            seed: 1,
        },
    );
    assert_eq!(s.step, 0);
    assert_eq!(s.learning_rate, 0.03);
    assert_eq!(f.prediction.classes, 2);
    assert!(w.is_alive());
}

#[test]
fn a_diverging_network_pauses_and_recovers_after_reset() {
    let mut w = spawn(Dataset::seed(), relu_config(10.0), Speed::Unlimited, true);
    let Update::Diverged {
        step,
        cause,
        learning_rate,
    } = wait_update(&w, "Diverged", |u| matches!(u, Update::Diverged { .. }))
    else {
        unreachable!()
    };
    assert!(step >= 1, "{step}");
    assert_eq!(learning_rate, 10.0);
    assert_ne!(
        cause,
        DivergeCause::OutputsOverflowed,
        "the loss or weights, first"
    );
    // The worker paused itself with finite weights and a usable heatmap.
    let s = wait_stats(&w, "paused stats", |s| !s.running);
    let f = wait_heatmap(&w, "a heatmap after divergence", |_| true);
    assert!(f.prediction.probs.iter().all(|p| p.is_finite()));
    std::thread::sleep(Duration::from_millis(50));
    let (_, still) = send_and_settle(&mut w, Command::Pause);
    assert_eq!(still.step, s.step, "a diverged worker stays paused");

    w.send(Command::SetLearningRate(0.01));
    w.send(Command::ResetWeights { seed: 11 });
    w.send(Command::Resume);
    let s = wait_stats(&w, "training again", |s| s.running && s.step > 5000);
    assert!(s.loss.is_finite());
    assert_eq!(s.learning_rate, 0.01);
}

#[test]
fn a_crash_is_reported_and_a_new_worker_works() {
    let data = Dataset::seed();
    let mut w = spawn(
        data.clone(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    wait_stats(&w, "some steps", |s| s.step > 100);
    w.send(Command::CrashForTest);
    let Update::Crashed { panic: msg } =
        wait_update(&w, "Crashed", |u| matches!(u, Update::Crashed { .. }))
    else {
        unreachable!()
    };
    assert!(msg.contains("CrashForTest"), "{msg}");
    let start = Instant::now();
    while w.is_alive() && start.elapsed() < DEADLINE {
        std::thread::sleep(POLL);
    }
    assert!(!w.is_alive());
    // Sending to a dead worker is harmless.
    w.send(Command::Pause);
    drop(w);

    let w = spawn(data, ModelConfig::tutorial(), Speed::Unlimited, true);
    wait_stats(&w, "the new worker training", |s| s.step > 100);
    assert!(w.is_alive());
}

#[test]
fn dropping_a_running_worker_is_prompt() {
    for speed in [Speed::Unlimited, Speed::StepsPerSecond(10.0)] {
        let w = spawn(Dataset::seed(), ModelConfig::playground(), speed, true);
        wait_stats(&w, "training", |s| s.step > 0);
        let start = Instant::now();
        drop(w);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "drop took {:?}",
            start.elapsed()
        );
    }
    let w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        false,
    );
    let start = Instant::now();
    drop(w);
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_finite_speed_limits_the_step_rate() {
    let start = Instant::now();
    let w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::StepsPerSecond(200.0),
        true,
    );
    let s = wait_stats(&w, "some steps", |s| s.step >= 20);
    // 200 steps/s cannot have done more than the elapsed time allows (plus the 50 ms catch-up).
    let allowed = (start.elapsed().as_secs_f64() * 200.0) as u64 + 20;
    assert!(
        s.step <= allowed,
        "{} steps, at most {allowed} allowed",
        s.step
    );
}

#[test]
fn set_view_clamps_the_resolution() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        false,
    );
    let bounds = Bounds {
        x_min: -1.0,
        x_max: 1.0,
        y_min: -2.0,
        y_max: 2.0,
    };
    let (f, _) = send_and_settle(
        &mut w,
        Command::SetView {
            bounds,
            resolution: 5000,
        },
    );
    assert_eq!((f.image.width, f.image.height), (512, 512));
    assert_eq!(f.bounds, bounds);
    let (f, _) = send_and_settle(
        &mut w,
        Command::SetView {
            bounds,
            resolution: 1,
        },
    );
    assert_eq!((f.prediction.nx, f.prediction.ny), (16, 16));
    // An empty view is refused.
    let empty = Bounds {
        x_min: 1.0,
        x_max: 1.0,
        y_min: 0.0,
        y_max: 1.0,
    };
    w.send(Command::SetView {
        bounds: empty,
        resolution: 100,
    });
    wait_update(
        &w,
        "a refusal of the empty view",
        |u| matches!(u, Update::Refused { kind: Refusal::InvalidView { bounds } } if *bounds == empty),
    );
}

#[test]
fn loss_history_spans_the_run() {
    let w = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        true,
    );
    let Update::Loss(h) = wait_update(
        &w,
        "a long loss history",
        |u| matches!(u, Update::Loss(h) if h.last().is_some_and(|s| s.step > 200_000)),
    ) else {
        unreachable!()
    };
    assert!(h.samples().len() <= h.capacity());
    assert_eq!(h.samples()[0].step, 0);
    assert!(
        h.samples()
            .iter()
            .all(|s| s.loss.is_finite() && s.error.is_finite())
    );
    assert!(h.samples().windows(2).all(|p| p[0].step < p[1].step));
}

#[test]
fn a_new_class_count_resets_the_weights_with_a_message() {
    let mut w = spawn(
        Dataset::seed(),
        ModelConfig::playground(),
        Speed::Unlimited,
        true,
    );
    wait_stats(&w, "some steps", |s| s.step > 1000);
    w.send(Command::Pause);
    let mut three = Dataset::seed();
    three.num_classes = 3;
    three.points.push(LabeledPoint::new(8.0, 8.0, 2));
    let seq = w.send(Command::ReplaceDataset(three));
    wait_update(&w, "the new class count", |u| {
        matches!(u, Update::ClassesChanged { classes: 3 })
    });
    let f = wait_heatmap(&w, "the new dataset's heatmap", |f| f.applied_seq >= seq);
    assert_eq!(f.prediction.classes, 3);
    assert_eq!(f.step, 0);

    // The same class count keeps the weights and the step.
    let (_, s) = send_and_settle(&mut w, Command::Step);
    assert_eq!(s.step, 1);
    let mut moved = Dataset::seed();
    moved.num_classes = 3;
    moved.points.push(LabeledPoint::new(9.0, 9.0, 2));
    let (_, s) = send_and_settle(&mut w, Command::ReplaceDataset(moved));
    assert_eq!(s.step, 1);
}

/// A generated dataset with a train/test split.
fn generated(preset: nnviz::data::Preset, classes: usize, points: usize) -> Dataset {
    let params = nnviz::data::PresetParams {
        points,
        classes,
        noise: 0.2,
        test_ratio: 0.3,
        seed: 5,
    };
    match nnviz::data::generate(preset, &params) {
        Ok(d) => d,
        Err(e) => panic!("could not generate {preset:?}: {e}"),
    }
}

/// The stats' confusion matrices (computed on the worker from the loss's forward pass)
/// equal a direct point-by-point classification with the same weights, for softmax and for
/// one sigmoid output, on training and test points, untrained and after some steps.
#[test]
fn stats_carry_the_confusion_matrices_of_the_current_weights() {
    use nnviz::data::Preset;
    let cases = [
        (generated(Preset::Gauss, 3, 300), ModelConfig::playground()),
        (generated(Preset::Circle, 2, 200), relu_config(0.1)),
    ];
    for (data, config) in cases {
        let mut w = spawn(data.clone(), config, Speed::Unlimited, false);
        let mut saw_mistakes = false;
        for _ in 0..4 {
            let (f, s) = send_and_settle(&mut w, Command::Step);
            assert_eq!(f.step, s.step);
            let direct_train = f.model.confusion(data.train_points());
            let direct_test = f.model.confusion(data.test_points());
            assert_eq!(s.train_confusion.to_vecs(), direct_train);
            assert_eq!(s.test_confusion.to_vecs(), direct_test);
            assert_eq!(
                s.train_confusion.total(),
                data.train_points().count() as u64
            );
            assert_eq!(s.test_confusion.total(), data.test_points().count() as u64);
            let correct: u32 = (0..data.num_classes)
                .map(|c| s.train_confusion.get(c, c))
                .sum();
            assert_eq!(
                correct as f64 / s.train_confusion.total() as f64,
                s.train_accuracy
            );
            saw_mistakes |= s.train_accuracy < 1.0;
        }
        assert!(saw_mistakes, "an untrained network makes mistakes");
    }
}

/// Polls until a loss history satisfies `pred`.
fn wait_loss(
    w: &Worker,
    what: &str,
    mut pred: impl FnMut(&nnviz::train::LossHistory) -> bool,
) -> std::sync::Arc<nnviz::train::LossHistory> {
    match wait_update(w, what, |u| matches!(u, Update::Loss(h) if pred(h))) {
        Update::Loss(h) => h,
        _ => unreachable!(),
    }
}

/// With a test split, the loss history gets the test loss of every step the stats were
/// computed at, equal to the test loss of a model trained alone for that many steps; it
/// goes into the session, through JSON and back into a worker.
#[test]
fn the_loss_history_records_the_test_loss_when_stats_are_computed() {
    use nnviz::data::Preset;
    use nnviz::nn::Model;
    let data = generated(Preset::Circle, 2, 200);
    let config = ModelConfig::playground();
    let mut w = spawn(data.clone(), config.clone(), Speed::Unlimited, false);
    let mut stats_test_loss = Vec::new();
    let mut history = None;
    for _ in 0..3 {
        // A step publishes stats, a heatmap and the loss history at once.
        let seq = w.send(Command::Step);
        wait_heatmap(&w, "the step's heatmap", |f| f.applied_seq >= seq);
        while let Some(u) = w.try_recv() {
            match u {
                Update::Stats(s) => stats_test_loss.push((s.step, s.test_loss)),
                Update::Loss(h) => history = Some(h),
                _ => {}
            }
        }
    }
    let h = match history {
        Some(h) if h.test_samples().last().is_some_and(|t| t.step == 3) => h,
        _ => wait_loss(&w, "test losses up to step 3", |h| {
            h.test_samples().last().is_some_and(|t| t.step == 3)
        }),
    };
    assert!(stats_test_loss.iter().any(|&(s, _)| s == 3));
    let steps: Vec<u64> = h.test_samples().iter().map(|t| t.step).collect();
    assert_eq!(steps, vec![0, 1, 2, 3]);

    // The same network trained on its own.
    let mut alone = Model::new(config, &data, 7).unwrap();
    for t in h.test_samples() {
        while alone.steps() < t.step {
            alone.step();
        }
        let expected = alone.evaluate().test.unwrap().loss;
        assert!(
            (t.loss - expected).abs() <= 1e-12 * expected.abs(),
            "step {}: {} vs {expected}",
            t.step,
            t.loss
        );
    }
    for (step, loss) in stats_test_loss {
        let t = h.test_samples().iter().find(|t| t.step == step).unwrap();
        assert_eq!(Some(t.loss), loss);
    }
    // The training loss is a different curve.
    assert_ne!(h.samples()[0].loss, h.test_samples()[0].loss);

    // Saved with the session, through JSON, and restored in a new worker.
    w.send(Command::RequestSession);
    let Update::Session(session) =
        wait_update(&w, "the session", |u| matches!(u, Update::Session(_)))
    else {
        unreachable!()
    };
    let saved: Vec<(u64, f64)> = session
        .test_loss_history
        .iter()
        .map(|t| (t.step, t.loss))
        .collect();
    let recorded: Vec<(u64, f64)> = h.test_samples().iter().map(|t| (t.step, t.loss)).collect();
    assert_eq!(saved, recorded);
    let json = session.to_json_string().unwrap();
    assert!(json.contains("\"test_loss_history\""));
    let back = nnviz::session::Session::from_json_str(&json).unwrap();
    assert_eq!(back.test_loss_history, session.test_loss_history);

    let mut w2 = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        false,
    );
    w2.send(Command::LoadSession(Box::new(back)));
    let h2 = wait_loss(&w2, "the loaded test losses", |h| {
        h.test_samples().len() >= 4
    });
    let loaded: Vec<(u64, f64)> = h2.test_samples().iter().map(|t| (t.step, t.loss)).collect();
    assert_eq!(loaded, recorded);

    // Without a test split there is no test curve, and a file without the field loads.
    let mut tutorial = spawn(
        Dataset::seed(),
        ModelConfig::tutorial(),
        Speed::Unlimited,
        false,
    );
    send_and_settle(&mut tutorial, Command::Step);
    tutorial.send(Command::RequestSession);
    let Update::Session(plain) = wait_update(&tutorial, "the tutorial session", |u| {
        matches!(u, Update::Session(_))
    }) else {
        unreachable!()
    };
    assert!(plain.test_loss_history.is_empty());
    let json = plain.to_json_string().unwrap();
    assert!(!json.contains("test_loss_history"), "left out when empty");
    let mut value: serde_json::Value =
        serde_json::from_str(&session.to_json_string().unwrap()).unwrap();
    value.as_object_mut().unwrap().remove("test_loss_history");
    let old = nnviz::session::Session::from_json_str(&value.to_string()).unwrap();
    assert!(old.test_loss_history.is_empty());
    assert_eq!(old.loss_history, session.loss_history);
}

/// Test points are never trained on: a dataset whose test points carry deliberately wrong
/// labels trains exactly like the same dataset without them (same step losses, same
/// weights bit for bit, full batch and mini-batches), and the trained network gets those
/// wrong labels wrong.
#[test]
fn test_points_are_never_trained_on() {
    use nnviz::data::Preset;
    use nnviz::nn::Model;
    let clean = generated(Preset::Circle, 2, 200);
    let mut poisoned = clean.clone();
    for p in poisoned.points.iter_mut().filter(|p| p.test) {
        p.class = 1 - p.class;
    }
    let train_only = Dataset {
        points: clean.train_points().cloned().collect(),
        ..clean.clone()
    };
    assert!(poisoned.test_points().count() > 30);
    for batch_size in [0, 16] {
        let mut config = ModelConfig::playground();
        config.train.batch_size = batch_size;
        let mut with_test = Model::new(config.clone(), &poisoned, 3).unwrap();
        let mut alone = Model::new(config.clone(), &train_only, 3).unwrap();
        for _ in 0..300 {
            assert_eq!(with_test.step(), alone.step());
        }
        assert_eq!(with_test.mlp(), alone.mlp());
        let m = with_test.evaluate();
        assert_eq!(m.train, alone.evaluate().train);
        assert!(m.train.unwrap().accuracy() > 0.9, "{:?}", m.train);
        // The flipped test labels are not learned: the network gets them (mostly) wrong.
        assert!(m.test.unwrap().accuracy() < 0.2, "{:?}", m.test);

        // The worker trains the same way.
        let mut w = spawn(poisoned.clone(), config.clone(), Speed::Unlimited, false);
        let mut alone = Model::new(config, &train_only, 7).unwrap();
        for _ in 0..5 {
            let (f, s) = send_and_settle(&mut w, Command::Step);
            alone.step();
            assert_eq!(f.model.mlp, *alone.mlp());
            assert_eq!(s.loss, alone.evaluate().train.unwrap().loss);
        }
    }
}

// ---- Manual pacing: a worker that trains only when told to ----

const FLUSH: Duration = Duration::from_secs(10);

fn spawn_manual(running: bool) -> Worker {
    match Worker::spawn_with(
        WorkerOptions { manual: true },
        Dataset::seed(),
        ModelConfig::tutorial(),
        7,
        Speed::Unlimited,
        running,
        || {},
    ) {
        Ok(w) => w,
        Err(e) => panic!("could not spawn the worker: {e}"),
    }
}

/// The newest queued stats (after a flush they describe the state after every command).
fn latest_stats(w: &Worker) -> Stats {
    std::iter::from_fn(|| w.try_recv())
        .filter_map(|u| match u {
            Update::Stats(s) => Some(s),
            _ => None,
        })
        .last()
        .unwrap_or_else(|| panic!("no stats were published"))
}

#[test]
fn a_manual_worker_does_not_train_by_itself() {
    let w = spawn_manual(true);
    assert!(w.flush(FLUSH), "flush");
    std::thread::sleep(Duration::from_millis(50));
    assert!(w.flush(FLUSH), "flush");
    let s = latest_stats(&w);
    assert_eq!(s.step, 0);
    assert!(s.running, "running, yet no steps");
    let f = w
        .take_heatmap()
        .expect("a heatmap of the untrained network");
    assert_eq!(f.step, 0);
}

#[test]
fn advance_takes_exactly_that_many_steps() {
    let mut w = spawn_manual(true);
    w.send(Command::Advance { steps: 100 });
    assert!(w.flush(FLUSH), "flush");
    assert_eq!(latest_stats(&w).step, 100);
    let f = w.take_heatmap().expect("a heatmap after the steps");
    assert_eq!(f.step, 100);
    // `Step` works as ever; `Advance` while paused does nothing.
    w.send(Command::Step);
    w.send(Command::Pause);
    w.send(Command::Advance { steps: 50 });
    assert!(w.flush(FLUSH), "flush");
    assert_eq!(latest_stats(&w).step, 101);
    // A stop condition ends an advance at the limit, and says so.
    w.send(Command::Resume);
    w.send(Command::SetStopCondition {
        max_loss: None,
        max_steps: Some(150),
    });
    w.send(Command::Advance { steps: 1000 });
    assert!(w.flush(FLUSH), "flush");
    let updates: Vec<_> = std::iter::from_fn(|| w.try_recv()).collect();
    assert!(
        updates.iter().any(|u| matches!(
            u,
            Update::Stopped {
                reason: nnviz::train::StopReason::ReachedSteps { max: 150 }
            }
        )),
        "{updates:?}"
    );
    let last = updates.iter().rev().find_map(|u| match u {
        Update::Stats(s) => Some(*s),
        _ => None,
    });
    assert_eq!(last.map(|s| (s.step, s.running)), Some((150, false)));
}

#[test]
fn flush_after_set_view_leaves_its_heatmap_in_the_slot() {
    let mut w = spawn_manual(false);
    let bounds = Bounds {
        x_min: -3.0,
        x_max: 3.0,
        y_min: -1.0,
        y_max: 2.0,
    };
    for i in 0..5 {
        let seq = w.send(Command::SetView {
            bounds,
            resolution: 20 + i,
        });
        assert!(w.flush(FLUSH), "flush");
        let f = w
            .take_heatmap()
            .expect("a heatmap in the slot after a flush");
        assert!(f.applied_seq >= seq, "{} < {seq}", f.applied_seq);
        assert_eq!(f.bounds, bounds);
        assert_eq!(f.prediction.nx, 20 + i);
    }
}

#[test]
fn flush_on_a_dead_worker_returns_false() {
    let mut w = spawn_manual(false);
    w.send(Command::CrashForTest);
    assert!(!w.flush(FLUSH));
    assert!(!w.is_alive());
}
