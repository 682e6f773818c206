//! Prints the training-health statistics of constructed bad runs and of healthy runs: the
//! table the thresholds of `nnviz::nn::health` were chosen from.
//!
//! `cargo run --release --example health_table`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use nnviz::cli::{TrainArgs, config_from_args, dataset_from_args};
use nnviz::data::{Preset, PresetParams, generate};
use nnviz::nn::health::{HealthSample, HealthStats, LossWindow};
use nnviz::nn::{Activation, Model, ModelConfig, Optimizer};

/// Worst values over a run's checks (every `every` steps).
#[derive(Default)]
struct Worst {
    sat_frac: f64,
    pinned: f64,
    flat_when_sat: f64,
    dead_frac: f64,
    dead: String,
    swing_high_rate: f64,
    change_at_swing: f64,
    raised: String,
    last: HealthStats,
}

fn run(mut model: Model, data: &nnviz::data::Dataset, steps: u64, every: u64) -> Worst {
    let mut w = Worst {
        flat_when_sat: f64::INFINITY,
        change_at_swing: f64::NAN,
        ..Default::default()
    };
    let mut window = LossWindow::default();
    let mut raised = std::collections::BTreeSet::new();
    let mut prev = nnviz::nn::health::Health::default();
    for i in 1..=steps {
        let Some(s) = model.step() else { break };
        if !s.loss.is_finite() {
            raised.insert("DIVERGED");
            break;
        }
        window.push(s.loss);
        if i % every == 0 || i == steps {
            let inputs = HealthSample::new(model.transform(), data.train_points());
            let st = HealthStats::measure(
                model.mlp(),
                &inputs,
                window.as_slice(),
                &model.config().train,
            );
            let h = st.health_after(&prev);
            prev = h;
            if h.saturated.is_some() {
                raised.insert("sat");
            }
            if h.dead_relu.is_some() {
                raised.insert("dead");
            }
            if h.oscillating {
                raised.insert("osc");
            }
            if st.saturating_units > 0 {
                let f = if st.accuracy < 1.0 {
                    st.pinned_pairs
                } else {
                    0.0
                };
                if f > w.sat_frac {
                    w.sat_frac = f;
                }
                if st.pinned_pairs >= 0.8 && st.accuracy < 1.0 {
                    w.flat_when_sat = w.flat_when_sat.min(st.change.abs().max(st.swing));
                }
                w.pinned = w.pinned.max(st.pinned_pairs);
            }
            if st.relu_units > 0 {
                let f = st.dead_units as f64 / st.relu_units as f64;
                if f >= w.dead_frac {
                    w.dead_frac = f;
                    w.dead = format!("{}/{}", st.dead_units, st.relu_units);
                }
            }
            if st.rate_ratio >= 1.0 && st.window >= 64 && st.swing >= w.swing_high_rate {
                w.swing_high_rate = st.swing;
                w.change_at_swing = st.change;
            }
            w.last = st;
        }
    }
    w.raised = raised.into_iter().collect::<Vec<_>>().join("+");
    w
}

fn cli(args: &[(&str, &str)], steps: u64) -> (Model, nnviz::data::Dataset, u64) {
    let mut a = TrainArgs {
        preset: "seed".into(),
        steps,
        ..Default::default()
    };
    a.seed = 1;
    for (k, v) in args {
        match *k {
            "preset" => a.preset = v.to_string(),
            "lr" => a.lr = Some(v.parse().unwrap()),
            "activation" => a.activation = Some(v.to_string()),
            "hidden" => a.hidden = Some(v.to_string()),
            "seed" => a.seed = v.parse().unwrap(),
            "batch" => a.batch = Some(v.parse().unwrap()),
            "optimizer" => a.optimizer = Some(v.to_string()),
            _ => panic!("{k}"),
        }
    }
    let data = dataset_from_args(&a).unwrap();
    let mut c = config_from_args(&a).unwrap();
    c.fit_loss_to_classes(data.num_classes);
    (Model::new(c, &data, a.seed).unwrap(), data, steps)
}

fn row(name: &str, w: &Worst) {
    let l = &w.last;
    println!(
        "{name:<44} | sat {:>4.2} pin {:>4.2} flat@sat {:>8.1e} | dead {:>5} ({:>4.2}) | swing@hi {:>6.3} chg {:>7.3} | last: chg {:>8.1e} swing {:>8.1e} rate× {:>6.2} | {}",
        w.sat_frac,
        w.pinned,
        w.flat_when_sat,
        w.dead,
        w.dead_frac,
        w.swing_high_rate,
        w.change_at_swing,
        l.change,
        l.swing,
        l.rate_ratio,
        w.raised
    );
}

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    if all.first().map(String::as_str) == Some("trace") {
        return trace(&all[1..]);
    }
    let filter = all.first().cloned().unwrap_or_default();
    let want = |g: &str| filter.is_empty() || g.contains(&filter);
    if want("constructed") {
        println!("== constructed ==");
        for seed in [1, 2, 3] {
            let s = seed.to_string();
            let (m, d, n) = cli(&[("lr", "10"), ("seed", &s)], 10_000);
            row(&format!("tutorial lr 10 seed {seed}"), &run(m, &d, n, 500));
        }
        for act in ["relu", "tanh"] {
            for seed in [1, 2, 3] {
                let s = seed.to_string();
                let (m, d, n) = cli(
                    &[
                        ("preset", "spiral"),
                        ("activation", act),
                        ("hidden", "8,8"),
                        ("lr", "10"),
                        ("seed", &s),
                    ],
                    3000,
                );
                row(
                    &format!("spiral {act} 8,8 lr 10 seed {seed}"),
                    &run(m, &d, n, 250),
                );
            }
        }
        // Dead-ReLU init: every first-layer bias far below any weighted sum.
        let (mut m, d, _) = cli(
            &[("preset", "xor"), ("activation", "relu"), ("hidden", "8,8")],
            1,
        );
        let mut p = m.mlp().parameters();
        if let Some(b) = p[0].1.as_mut() {
            b.fill(-100.0);
        }
        m.set_parameters(p).unwrap();
        row(
            "xor relu 8,8 biases -100 (dead init)",
            &run(m, &d, 500, 100),
        );
    }
    if want("tutorial") {
        println!("== tutorial at 0.01, seeds 1..20, 20000 steps ==");
        for seed in 1..=20 {
            let s = seed.to_string();
            let (m, d, n) = cli(&[("seed", &s)], 20_000);
            row(
                &format!("tutorial lr 0.01 seed {seed}"),
                &run(m, &d, n, 500),
            );
        }
        for lr in ["0.1", "1"] {
            let (m, d, n) = cli(&[("lr", lr)], 20_000);
            row(&format!("tutorial lr {lr} seed 1"), &run(m, &d, n, 500));
        }
    }
    if want("quality") {
        println!("== tests/quality.rs runs ==");
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
        let m = Model::new(config, &data, 4).unwrap();
        row(
            "quality spiral 3 classes 16,16 tanh",
            &run(m, &data, 5000, 250),
        );
        for preset in [Preset::Xor, Preset::Circle, Preset::Moons] {
            for seed in 1..=3 {
                let params = PresetParams {
                    seed,
                    ..Default::default()
                };
                let data = generate(preset, &params).unwrap();
                let m = Model::new(ModelConfig::playground(), &data, seed).unwrap();
                row(
                    &format!("quality {preset} seed {seed}"),
                    &run(m, &data, 2000, 100),
                );
            }
        }
    }
    if want("playground") {
        println!("== playground variations ==");
        for preset in ["xor", "circle", "gauss", "moons", "spiral", "checkerboard"] {
            for act in ["relu", "tanh", "sigmoid"] {
                for seed in [1, 2] {
                    let s = seed.to_string();
                    let (m, d, n) = cli(
                        &[("preset", preset), ("activation", act), ("seed", &s)],
                        3000,
                    );
                    row(&format!("{preset} {act} seed {seed}"), &run(m, &d, n, 250));
                }
            }
            let (m, d, n) = cli(&[("preset", preset), ("batch", "10")], 3000);
            row(&format!("{preset} tanh batch 10"), &run(m, &d, n, 250));
            let (m, d, n) = cli(
                &[
                    ("preset", preset),
                    ("activation", "relu"),
                    ("batch", "10"),
                    ("lr", "0.1"),
                ],
                3000,
            );
            row(
                &format!("{preset} relu batch 10 lr 0.1"),
                &run(m, &d, n, 250),
            );
        }
    }
}

/// `trace preset act lr seed steps`: prints every 10th loss.
#[allow(dead_code)]
fn trace(args: &[String]) {
    let (mut m, _, n) = cli(
        &[
            ("preset", &args[0]),
            ("activation", &args[1]),
            ("hidden", "8,8"),
            ("lr", &args[2]),
            ("seed", &args[3]),
        ],
        args[4].parse().unwrap(),
    );
    let mut line = String::new();
    for i in 0..n {
        let s = m.step().unwrap();
        if i % 10 == 0 {
            line.push_str(&format!("{:.2} ", s.loss));
        }
    }
    println!("{line}");
}
