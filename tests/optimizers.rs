//! RMSProp, Nesterov momentum and the learning-rate schedules against numbers worked out by
//! hand from their formulas; the trainer, sessions and `nnviz train` using the scheduled rate.
//!
//! The tiny problem: one linear unit without bias, `out = w·x`, the tutorial's loss
//! `0.5 (y − out)²` on the single point `x = 2, y = 1`, so the gradient is
//! `dL/dw = (2w − 1)·2 = 4w − 2`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nalgebra::DMatrix;
use nnviz::data::Dataset;
use nnviz::nn::{
    Activation, Layer, Loss, LrSchedule, Mlp, Model, ModelConfig, Optimizer, Schedule, TrainConfig,
    Trainer, TrainerState, UpdateOrder,
};
use nnviz::session::{Session, SessionLossSample};
use serde_json::Value;

mod common;
use common::{nnviz, tmp};

/// The one weight `w` of a 1-1 linear network without bias.
fn one_weight(w: f64) -> Mlp {
    Mlp {
        layers: vec![Layer {
            weights: DMatrix::from_element(1, 1, w),
            biases: None,
            activation: Activation::Linear,
        }],
    }
}

fn grad(w: f64) -> f64 {
    4.0 * w - 2.0
}

fn config(optimizer: Optimizer, lr: f64, schedule: LrSchedule) -> TrainConfig {
    TrainConfig {
        loss: Loss::TutorialSse,
        learning_rate: lr,
        optimizer,
        update_order: UpdateOrder::Textbook,
        batch_size: 0,
        l1: 0.0,
        l2: 0.0,
        schedule,
    }
}

/// The weight after each of `steps` trainer steps from `w = 1`.
fn train(cfg: TrainConfig, steps: usize) -> Vec<f64> {
    let (x, y) = (
        DMatrix::from_element(1, 1, 2.0),
        DMatrix::from_element(1, 1, 1.0),
    );
    let mut mlp = one_weight(1.0);
    let mut t = Trainer::new(cfg, 1);
    (0..steps)
        .map(|_| {
            t.step(&mut mlp, &x, &y).unwrap();
            mlp.layers[0].weights[(0, 0)]
        })
        .collect()
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

#[test]
fn rmsprop_matches_its_formula_for_three_steps() {
    let ours = train(config(Optimizer::RMSPROP, 0.1, LrSchedule::CONSTANT), 3);
    // s = 0.9 s + 0.1 g²; w -= 0.1 g / (√s + 1e-8), from w = 1, s = 0.
    let (mut w, mut s) = (1.0f64, 0.0f64);
    for (k, &got) in ours.iter().enumerate() {
        let g = grad(w);
        s = 0.9 * s + 0.1 * g * g;
        w -= 0.1 * g / (s.sqrt() + 1e-8);
        close(got, w, 1e-14, &format!("RMSProp step {k}"));
    }
    // Step 1 by hand: g = 2, s = 0.4, w = 1 − 0.2 / (√0.4 + 1e-8) = 0.683772238983…
    close(
        ours[0],
        0.683_772_238_983_162,
        1e-14,
        "RMSProp step 0 by hand",
    );
    // ρ and ε are used as given.
    let other = train(
        config(
            Optimizer::RmsProp { rho: 0.5, eps: 0.1 },
            0.1,
            LrSchedule::CONSTANT,
        ),
        1,
    );
    // s = 0.5 · 4 = 2, w = 1 − 0.1 · 2 / (√2 + 0.1).
    close(
        other[0],
        1.0 - 0.2 / (2f64.sqrt() + 0.1),
        1e-14,
        "ρ 0.5, ε 0.1",
    );
}

#[test]
fn nesterov_matches_its_formula_for_three_steps() {
    let ours = train(config(Optimizer::NESTEROV, 0.1, LrSchedule::CONSTANT), 3);
    // v = 0.9 v + g; w -= 0.1 (g + 0.9 v), by hand:
    // g = 2,       v = 2,      w = 1 − 0.1·3.8           = 0.62
    // g = 0.48,    v = 2.28,   w = 0.62 − 0.1·2.532      = 0.3668
    // g = −0.5328, v = 1.5192, w = 0.3668 − 0.1·0.83448  = 0.283352
    for (k, want) in [0.62, 0.3668, 0.283352].into_iter().enumerate() {
        close(ours[k], want, 1e-14, &format!("Nesterov step {k}"));
    }
    // It is not plain momentum: that gives w = 1 − 0.1·2 = 0.8 after one step.
    let momentum = train(config(Optimizer::MOMENTUM, 0.1, LrSchedule::CONSTANT), 1);
    close(momentum[0], 0.8, 1e-14, "momentum step 0");
}

#[test]
fn the_new_optimisers_check_their_constants() {
    assert!(Optimizer::RMSPROP.validate().is_ok());
    assert!(Optimizer::NESTEROV.validate().is_ok());
    for bad in [
        Optimizer::RmsProp {
            rho: 1.0,
            eps: 1e-8,
        },
        Optimizer::RmsProp { rho: 0.9, eps: 0.0 },
        Optimizer::Nesterov { beta: -0.1 },
        Optimizer::Nesterov { beta: f64::NAN },
    ] {
        assert!(bad.validate().is_err(), "{bad:?}");
    }
    assert_eq!("rmsprop".parse::<Optimizer>().unwrap(), Optimizer::RMSPROP);
    assert_eq!(
        "Nesterov".parse::<Optimizer>().unwrap(),
        Optimizer::NESTEROV
    );
    assert_eq!(Optimizer::RMSPROP.state_slots(), 1);
    assert_eq!(Optimizer::NESTEROV.state_slots(), 1);
}

fn rates(s: LrSchedule, base: f64, steps: &[u64]) -> Vec<f64> {
    steps.iter().map(|&k| s.rate_at(base, k)).collect()
}

fn all_close(ours: &[f64], want: &[f64], what: &str) {
    assert_eq!(ours.len(), want.len());
    for (i, (a, b)) in ours.iter().zip(want).enumerate() {
        close(*a, *b, 1e-12, &format!("{what} [{i}]"));
    }
}

#[test]
fn each_schedule_gives_its_hand_computed_rates() {
    let plain = |kind| LrSchedule { kind, warmup: 0 };
    all_close(
        &rates(LrSchedule::CONSTANT, 0.1, &[0, 5, 1_000_000_000]),
        &[0.1, 0.1, 0.1],
        "constant",
    );
    // 0.8 · 0.5^⌊k/3⌋.
    all_close(
        &rates(
            plain(Schedule::StepDecay {
                every: 3,
                factor: 0.5,
            }),
            0.8,
            &[0, 2, 3, 5, 6, 30],
        ),
        &[0.8, 0.8, 0.4, 0.4, 0.2, 0.00078125],
        "step decay",
    );
    // 0.9^k.
    all_close(
        &rates(
            plain(Schedule::Exponential { decay: 0.9 }),
            1.0,
            &[0, 1, 2, 10],
        ),
        &[1.0, 0.9, 0.81, 0.3486784401],
        "exponential",
    );
    // 0.2 + 0.8 (1 + cos(πk/4)) / 2, held at 0.2 from k = 4; cos(π/4) = 0.70710678118654752.
    let cosine = Schedule::Cosine {
        period: 4,
        min_factor: 0.2,
    };
    let c1 = 0.2 + 0.4 * (1.0 + 0.707_106_781_186_547_5);
    let c3 = 0.2 + 0.4 * (1.0 - 0.707_106_781_186_547_5);
    all_close(
        &rates(plain(cosine), 1.0, &[0, 1, 2, 3, 4, 100]),
        &[1.0, c1, 0.6, c3, 0.2, 0.2],
        "cosine",
    );
    // A warm-up of 4: k+1 fifths of the rate, then the cosine from its start.
    all_close(
        &rates(
            LrSchedule {
                kind: cosine,
                warmup: 4,
            },
            1.0,
            &[0, 1, 2, 3, 4, 5, 8],
        ),
        &[0.2, 0.4, 0.6, 0.8, 1.0, c1, 0.2],
        "warm-up then cosine",
    );
    // Warm-up alone ramps a constant rate.
    all_close(
        &rates(
            LrSchedule {
                kind: Schedule::Constant,
                warmup: 1,
            },
            0.5,
            &[0, 1, 9],
        ),
        &[0.25, 0.5, 0.5],
        "warm-up alone",
    );
}

/// Warm-up of 2, then halving every 2 steps, from 0.1.
const STEPPED: LrSchedule = LrSchedule {
    kind: Schedule::StepDecay {
        every: 2,
        factor: 0.5,
    },
    warmup: 2,
};
/// Its rates by hand: 0.1·1/3, 0.1·2/3, 0.1, 0.1, 0.05, 0.05.
const STEPPED_RATES: [f64; 6] = [0.1 / 3.0, 0.2 / 3.0, 0.1, 0.1, 0.05, 0.05];

#[test]
fn each_trainer_step_moves_the_weight_by_the_scheduled_rate_times_the_gradient() {
    let ours = train(config(Optimizer::Sgd, 0.1, STEPPED), 6);
    let mut w = 1.0;
    for (k, &after) in ours.iter().enumerate() {
        close(
            w - after,
            STEPPED_RATES[k] * grad(w),
            1e-15,
            &format!("step {k}"),
        );
        w = after;
    }
    // The schedule counts the trainer's steps since the weights were drawn: a trainer that
    // has trained 4 steps uses step 4's rate, a new one starts again at step 0's.
    let (x, y) = (
        DMatrix::from_element(1, 1, 2.0),
        DMatrix::from_element(1, 1, 1.0),
    );
    let mut mlp = one_weight(1.0);
    let mut t = Trainer::new(config(Optimizer::Sgd, 0.1, STEPPED), 1);
    t.set_state(
        &mlp,
        TrainerState {
            steps: 4,
            layers: Vec::new(),
        },
    )
    .unwrap();
    t.step(&mut mlp, &x, &y).unwrap();
    close(
        1.0 - mlp.layers[0].weights[(0, 0)],
        0.05 * 2.0,
        1e-15,
        "step 4",
    );
    // A change of optimiser keeps the count (and so the schedule's place).
    t.reset_optimizer(&mlp);
    assert_eq!(t.steps(), 5);
    let fresh = train(config(Optimizer::Sgd, 0.1, STEPPED), 1);
    close(
        1.0 - fresh[0],
        STEPPED_RATES[0] * 2.0,
        1e-15,
        "a new trainer",
    );
    // The base rate changes live: the schedule scales whatever it is.
    let cfg = config(Optimizer::Sgd, 0.3, STEPPED);
    close(cfg.rate_at(4), 0.15, 1e-15, "base 0.3, step 4");
}

fn session_with(train: TrainConfig) -> Session {
    let d = Dataset::seed();
    let mut config = ModelConfig::tutorial();
    config.train = train;
    let m = Model::new(config, &d, 1).unwrap();
    let mut s = Session::from_model(&m, &d, 1);
    for step in 0..3 {
        s.push_loss_sample(SessionLossSample {
            step,
            error: 0.5,
            loss: 1.0,
            lr: Some(train.rate_at(step)),
        });
    }
    s
}

#[test]
fn sessions_keep_the_optimiser_schedule_and_rates_and_older_files_load_as_constant() {
    let train = TrainConfig {
        optimizer: Optimizer::RmsProp {
            rho: 0.8,
            eps: 1e-7,
        },
        schedule: LrSchedule {
            kind: Schedule::Cosine {
                period: 500,
                min_factor: 0.05,
            },
            warmup: 20,
        },
        ..TrainConfig::tutorial()
    };
    let s = session_with(train);
    let text = s.to_json_string().unwrap();
    assert!(text.contains(r#""kind":"rms_prop""#), "{text}");
    assert!(
        text.contains(
            r#""schedule":{"shape":{"kind":"cosine","period":500,"min_factor":0.05},"warmup":20}"#
        ),
        "{text}"
    );
    let back = Session::from_json_str(&text).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.model.train, train);
    assert_eq!(back.loss_history[1].lr, Some(0.01 * 2.0 / 21.0));

    let nesterov = session_with(TrainConfig {
        optimizer: Optimizer::Nesterov { beta: 0.7 },
        ..TrainConfig::tutorial()
    });
    let text_constant = nesterov.to_json_string().unwrap();
    // A constant rate is not written: such files are as before schedules.
    assert!(!text_constant.contains("schedule"), "{text_constant}");
    let back = Session::from_json_str(&text_constant).unwrap();
    assert_eq!(
        back.model.train.optimizer,
        Optimizer::Nesterov { beta: 0.7 }
    );
    assert_eq!(back.model.train.schedule, LrSchedule::CONSTANT);

    // A file from before schedules: no `schedule`, loss samples without `lr`.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["model"]["train"]
        .as_object_mut()
        .unwrap()
        .remove("schedule");
    for sample in v["loss_history"].as_array_mut().unwrap() {
        sample.as_object_mut().unwrap().remove("lr");
    }
    let old = Session::from_json_str(&v.to_string()).unwrap();
    assert_eq!(old.model.train.schedule, LrSchedule::CONSTANT);
    assert!(old.loss_history.iter().all(|s| s.lr.is_none()));
    // Rewritten, it still has no rates (none are made up).
    assert!(!old.to_json_string().unwrap().contains(r#""lr""#));
    // The version-2 fixture, too.
    let v2 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/session_v2.json"),
    )
    .unwrap();
    let v2 = Session::from_json_str(&v2).unwrap();
    assert_eq!(v2.model.train.schedule, LrSchedule::CONSTANT);

    // A schedule out of range, or with a field missing, is refused.
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["model"]["train"]["schedule"]["shape"]["period"] = 0.into();
    let e = Session::from_json_str(&bad.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("period"), "{e}");
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["model"]["train"]["schedule"]
        .as_object_mut()
        .unwrap()
        .remove("warmup");
    assert!(Session::from_json_str(&bad.to_string()).is_err());
}

fn cli_ok(args: &[&str]) -> String {
    let out = nnviz(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_trains_with_rmsprop_nesterov_and_a_schedule_and_saves_them() {
    let path = tmp("optimizers", "rmsprop-cosine.json");
    let p = path.to_str().unwrap();
    cli_ok(&[
        "train",
        "--optimizer",
        "rmsprop",
        "--rho",
        "0.8",
        "--schedule",
        "cosine",
        "--lr-period",
        "4",
        "--lr-min",
        "0.2",
        "--warmup",
        "2",
        "--lr",
        "0.1",
        "--steps",
        "6",
        "--print-every",
        "0",
        "--save",
        p,
    ]);
    let s = Session::load(&path).unwrap();
    assert_eq!(
        s.model.train.optimizer,
        Optimizer::RmsProp {
            rho: 0.8,
            eps: 1e-8
        }
    );
    let cosine = Schedule::Cosine {
        period: 4,
        min_factor: 0.2,
    };
    assert_eq!(
        s.model.train.schedule,
        LrSchedule {
            kind: cosine,
            warmup: 2
        }
    );
    // The rates the steps used, by hand: warm-up thirds, then the cosine of period 4.
    let c1 = 0.2 + 0.4 * (1.0 + 0.707_106_781_186_547_5);
    let c2 = 0.6;
    let c3 = 0.2 + 0.4 * (1.0 - 0.707_106_781_186_547_5);
    let want = [0.1 / 3.0, 0.2 / 3.0, 0.1, 0.1 * c1, 0.1 * c2, 0.1 * c3];
    let got: Vec<f64> = s.loss_history.iter().map(|x| x.lr.unwrap()).collect();
    all_close(&got, &want, "saved rates");

    // Nesterov takes --momentum-beta; step decay and exp take their parameters.
    let path = tmp("optimizers", "nesterov-step.json");
    let p = path.to_str().unwrap();
    cli_ok(&[
        "train",
        "--optimizer",
        "nesterov",
        "--momentum-beta",
        "0.5",
        "--schedule",
        "step",
        "--lr-step",
        "3",
        "--lr-factor",
        "0.25",
        "--steps",
        "4",
        "--print-every",
        "0",
        "--save",
        p,
    ]);
    let s = Session::load(&path).unwrap();
    assert_eq!(s.model.train.optimizer, Optimizer::Nesterov { beta: 0.5 });
    assert_eq!(
        s.model.train.schedule.kind,
        Schedule::StepDecay {
            every: 3,
            factor: 0.25
        }
    );
    let path = tmp("optimizers", "exp.json");
    let p = path.to_str().unwrap();
    cli_ok(&[
        "train",
        "--schedule",
        "exp",
        "--lr-decay",
        "0.5",
        "--steps",
        "3",
        "--save",
        p,
    ]);
    let s = Session::load(&path).unwrap();
    let got: Vec<f64> = s.loss_history.iter().map(|x| x.lr.unwrap()).collect();
    all_close(&got, &[0.01, 0.005, 0.0025], "exp rates");
    // A continued session keeps its schedule and counts on from its step.
    let cont = tmp("optimizers", "exp-continued.json");
    cli_ok(&[
        "train",
        "--session",
        p,
        "--steps",
        "1",
        "--save",
        cont.to_str().unwrap(),
    ]);
    let c = Session::load(&cont).unwrap();
    assert_eq!(
        c.model.train.schedule.kind,
        Schedule::Exponential { decay: 0.5 }
    );
    close(
        c.loss_history.last().unwrap().lr.unwrap(),
        0.00125,
        1e-15,
        "step 3",
    );
}

#[test]
fn cli_refuses_bad_optimizer_and_schedule_options_naming_them() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["--rho", "0.5"], &["--rho", "rmsprop"]),
        (
            &["--optimizer", "rmsprop", "--rho", "1"],
            &["--rho", "below 1"],
        ),
        (
            &["--optimizer", "adam", "--momentum-beta", "0.5"],
            &["--momentum-beta", "nesterov"],
        ),
        (
            &["--schedule", "linear"],
            &["--schedule", "linear", "cosine"],
        ),
        (
            &["--lr-step", "10"],
            &["--lr-step", "--schedule step", "constant"],
        ),
        (
            &["--schedule", "exp", "--lr-min", "0.1"],
            &["--lr-min", "--schedule cosine", "exp"],
        ),
        (
            &["--schedule", "step", "--lr-factor", "0"],
            &["--lr-factor", "above 0"],
        ),
        (
            &["--schedule", "step", "--lr-step", "0"],
            &["--lr-step", "from 1"],
        ),
        (
            &["--schedule", "exp", "--lr-decay", "1.5"],
            &["--lr-decay", "at most 1"],
        ),
        (
            &["--schedule", "cosine", "--lr-period", "0"],
            &["--lr-period"],
        ),
        (
            &["--schedule", "cosine", "--lr-min", "-0.5"],
            &["--lr-min", "from 0 to 1"],
        ),
        (&["--warmup", "99999999999999999"], &["--warmup"]),
    ];
    for (args, words) in cases {
        let mut all = vec!["train", "--steps", "1"];
        all.extend_from_slice(args);
        let out = nnviz(&all);
        assert!(!out.status.success(), "{args:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        for w in *words {
            assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
        }
    }
    // The help lists the new options.
    let help = cli_ok(&["train", "--help"]);
    for flag in [
        "--rho",
        "--schedule",
        "--lr-step",
        "--lr-factor",
        "--lr-decay",
        "--lr-period",
        "--lr-min",
        "--warmup",
    ] {
        assert!(help.contains(flag), "{flag} not in the help");
    }
}
