//! Training health (`nnviz::nn::health`): the three conditions on constructed runs, nothing on
//! healthy ones (the tutorial at 0.01 for seeds 1..20 over its long plateau, every run of
//! tests/quality.rs), the worker's `Update::Health` fact, and `nnviz train`'s hint on stderr
//! with stdout unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use nnviz::cli::{TrainArgs, config_from_args, dataset_from_args, run_train};
use nnviz::data::{Dataset, Preset, PresetParams, generate};
use nnviz::nn::health::{Health, HealthSample, HealthStats, LossWindow, Units};
use nnviz::nn::{Activation, Model, ModelConfig};
use nnviz::train::{Command, Speed, Update, Worker, WorkerOptions};
use std::time::Duration;

mod common;
use common::nnviz;

/// Trains `steps` steps, checking health every `every` steps and at the end as the CLI does;
/// returns every condition seen and the last health.
fn run(model: &mut Model, data: &Dataset, steps: u64, every: u64) -> (Health, Health) {
    let sample = HealthSample::new(model.transform(), data.train_points());
    let mut window = LossWindow::default();
    let mut seen = Health::default();
    let mut last = Health::default();
    for i in 1..=steps {
        let s = model.step().unwrap();
        assert!(s.loss.is_finite(), "step {i}: loss {}", s.loss);
        window.push(s.loss);
        if i % every == 0 || i == steps {
            let stats = HealthStats::measure(
                model.mlp(),
                &sample,
                window.as_slice(),
                &model.config().train,
            );
            last = stats.health_after(&last);
            seen.saturated = seen.saturated.or(last.saturated);
            seen.dead_relu = seen.dead_relu.or(last.dead_relu);
            seen.oscillating |= last.oscillating;
        }
    }
    (seen, last)
}

/// The model and data `nnviz train` builds from `args`.
fn cli_model(args: &[&str]) -> (Model, Dataset) {
    use clap::Parser;
    let mut full = vec!["nnviz", "train"];
    full.extend_from_slice(args);
    let cli = nnviz::cli::Cli::parse_from(full);
    let Some(nnviz::cli::Command::Train(a)) = cli.command else {
        panic!("not train")
    };
    let data = dataset_from_args(&a).unwrap();
    let mut config = config_from_args(&a).unwrap();
    config.fit_loss_to_classes(data.num_classes);
    (Model::new(config, &data, a.seed).unwrap(), data)
}

#[test]
fn the_tutorial_at_rate_10_saturates_every_unit() {
    // Seed 3 is stuck at loss 1.49997 with 5 of 8 points right; all 4 hidden units and the
    // output are pinned within 1e-3 of 0 or 1.
    let (mut model, data) = cli_model(&["--lr", "10", "--seed", "3"]);
    let (_, last) = run(&mut model, &data, 10_000, 500);
    assert_eq!(last.saturated, Some(Units { units: 5, of: 5 }), "{last:?}");
    assert_eq!(last.dead_relu, None);
    // The loss does not move at all: that is not an oscillation.
    assert!(!last.oscillating);
    // Seed 1 learns at rate 10 (100 %): its output is pinned at the right answers, no hint.
    let (mut model, data) = cli_model(&["--lr", "10", "--seed", "1"]);
    let (seen, _) = run(&mut model, &data, 10_000, 500);
    assert!(seen.is_healthy(), "{seen:?}");
}

#[test]
fn relu_and_tanh_at_rate_10_on_spiral_die_and_oscillate() {
    // ReLU at Adam's rate 10: the first steps throw most units below zero for good.
    let (mut model, data) = cli_model(&[
        "--preset",
        "spiral",
        "--activation",
        "relu",
        "--hidden",
        "8,8",
        "--lr",
        "10",
    ]);
    let (_, last) = run(&mut model, &data, 3000, 250);
    let dead = last.dead_relu.expect("dead units");
    assert_eq!(dead.of, 16);
    assert!(dead.units >= 8, "{dead:?}");
    // Tanh at rate 10 keeps jumping: the loss swings by ~45 % a step.
    let (mut model, data) = cli_model(&[
        "--preset",
        "spiral",
        "--activation",
        "tanh",
        "--hidden",
        "8,8",
        "--lr",
        "10",
    ]);
    let (seen, last) = run(&mut model, &data, 3000, 250);
    assert!(seen.oscillating && last.oscillating, "{seen:?} {last:?}");
}

#[test]
fn a_dead_relu_init_is_found_before_any_step() {
    let (mut model, data) =
        cli_model(&["--preset", "xor", "--activation", "relu", "--hidden", "8,8"]);
    let mut p = model.mlp().parameters();
    // First-layer biases far below any weighted sum of normalised inputs: every first-layer
    // unit outputs 0, so the second layer sees zeros plus its zero biases: 0 too.
    p[0].1.as_mut().unwrap().fill(-100.0);
    model.set_parameters(p).unwrap();
    let sample = HealthSample::new(model.transform(), data.train_points());
    let stats = HealthStats::measure(model.mlp(), &sample, &[], &model.config().train);
    assert_eq!((stats.dead_units, stats.relu_units), (16, 16));
    assert_eq!(
        stats.health(),
        Health {
            dead_relu: Some(Units { units: 16, of: 16 }),
            ..Health::default()
        }
    );
}

#[test]
fn the_tutorial_at_rate_001_raises_nothing_for_seeds_1_to_20() {
    // 20,000 steps: some seeds sit on the plateau at loss ~0.5 for thousands of them.
    for seed in 1..=20u64 {
        let s = seed.to_string();
        let (mut model, data) = cli_model(&["--seed", &s]);
        let (seen, _) = run(&mut model, &data, 20_000, 500);
        assert!(seen.is_healthy(), "seed {seed}: {seen:?}");
    }
}

#[test]
fn the_quality_tests_runs_raise_nothing() {
    // tests/quality.rs: the 3-arm spiral with 16,16 tanh and Adam for 5000 steps…
    let (mut model, data) = common::quality_spiral();
    let (seen, _) = run(&mut model, &data, 5000, 250);
    assert!(seen.is_healthy(), "spiral: {seen:?}");
    // …and xor, circle, moons for seeds 1..3 with the default network for 2000 steps.
    for (preset, seed, mut model, data) in common::quality_preset_runs() {
        let (seen, _) = run(&mut model, &data, 2000, 100);
        assert!(seen.is_healthy(), "{preset}, seed {seed}: {seen:?}");
    }
}

#[test]
fn the_worker_sends_the_fact_when_it_appears_and_clears_it_on_reset() {
    let (model, data) = cli_model(&["--lr", "10", "--seed", "3"]);
    let mut w = Worker::spawn_with(
        WorkerOptions { manual: true },
        data,
        model.config().clone(),
        3,
        Speed::Unlimited,
        true,
        || {},
    )
    .unwrap();
    let health = |w: &Worker| {
        assert!(w.flush(Duration::from_secs(20)));
        let mut got = Vec::new();
        while let Some(u) = w.try_recv() {
            if let Update::Health(h) = u {
                got.push(h);
            }
        }
        got
    };
    // Healthy early on: nothing is sent.
    w.send(Command::Advance { steps: 10 });
    assert_eq!(health(&w), vec![]);
    for _ in 0..10 {
        w.send(Command::Advance { steps: 1000 });
    }
    // Sent once, when it appeared, although every Advance checked again.
    let saturated = Health {
        saturated: Some(Units { units: 5, of: 5 }),
        ..Health::default()
    };
    assert_eq!(health(&w), vec![saturated]);
    w.send(Command::ResetWeights { seed: 1 });
    assert_eq!(health(&w), vec![Health::default()]);
}

/// `nnviz train` in this process: the stdout it writes (the hint goes to stderr only).
fn stdout_in_process(args: &[&str]) -> Vec<u8> {
    use clap::Parser;
    let mut full = vec!["nnviz", "train"];
    full.extend_from_slice(args);
    let cli = nnviz::cli::Cli::parse_from(full);
    let Some(nnviz::cli::Command::Train(a)) = cli.command else {
        panic!("not train")
    };
    let a: TrainArgs = *a;
    let mut out = Vec::new();
    run_train(&a, &mut out).unwrap();
    out
}

#[test]
fn the_cli_prints_the_hint_once_to_stderr_and_leaves_stdout_alone() {
    let args = ["--lr", "10", "--seed", "3", "--print-every", "1000"];
    let mut full = vec!["--lang", "en", "train"];
    full.extend_from_slice(&args);
    let out = nnviz(&full);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("hint: 5 of 5 sigmoid/tanh units"),
        "{stderr}"
    );
    assert!(lines[0].ends_with("--lr 0.5"), "{stderr}");
    assert_eq!(out.stdout, stdout_in_process(&args));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("Error:")).count(),
        10
    );
    assert!(!stdout.contains("hint"));
}

#[test]
fn the_cli_draws_no_progress_bar_when_stderr_is_not_a_terminal() {
    // The tests' stderr is a pipe: a healthy run writes nothing there, and stdout is what
    // run_train writes (the same bytes as before the bar existed).
    let args = ["--steps", "3000", "--print-every", "500"];
    let mut full = vec!["--lang", "en", "train"];
    full.extend_from_slice(&args);
    let out = nnviz(&full);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.stdout, stdout_in_process(&args));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
}

#[test]
fn the_layout_tests_deeper_relu_net_raises_no_dead_unit_hint() {
    // tests/ui_layout.rs's 3-class spiral with three ReLU layers of 8: up to 6 of its 24
    // units die while it learns well (below the 40 % that is worth a hint).
    let params = PresetParams {
        classes: 3,
        points: 300,
        ..PresetParams::default()
    };
    let data = generate(Preset::Spiral, &params).unwrap();
    let mut config = ModelConfig::playground();
    config.hidden = vec![8; 3];
    config.activation = Activation::Relu;
    config.fit_loss_to_classes(3);
    for seed in 0..6u64 {
        let mut model = Model::new(config.clone(), &data, seed).unwrap();
        let (seen, _) = run(&mut model, &data, 2000, 200);
        assert!(seen.is_healthy(), "seed {seed}: {seen:?}");
    }
}
