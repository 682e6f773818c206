//! Every compiled kernel path (baseline, AVX2 + FMA, AVX-512) gives the baseline's answers.
//!
//! Paths the CPU lacks are skipped with a note on stderr (written past the test harness's
//! capture, so it shows in every run). The override is process-wide, so the tests of this
//! binary take a lock around it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::Dataset;
use nnviz::nn::pool;
use nnviz::nn::predict::PARALLEL_MIN_SAMPLES;
use nnviz::nn::simd::{force, forced};
use nnviz::nn::trainer::{
    PARALLEL_MIN_ROWS, PARALLEL_MIN_SPLIT_ROWS, PARALLEL_MIN_WORK, force_general_path,
    set_step_threads,
};
use nnviz::nn::{
    Activation, GridPrediction, GridSpec, Kernel, KernelPath, Model, ModelConfig, Optimizer,
    UpdateOrder,
};
use nnviz::render::HeatmapStyle;
use std::io::Write;
use std::sync::Mutex;

static LOCK: Mutex<()> = Mutex::new(());

/// Runs `f` with every kernel forced to `path`, or returns `None` (with a visible note) when
/// the CPU lacks it.
fn on_path<T>(path: KernelPath, what: &str, f: impl FnOnce() -> T) -> Option<T> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if !path.supported() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {what} on the {path} path: this CPU lacks it"
        );
        assert!(force(Some(path)).is_err());
        return None;
    }
    force(Some(path)).unwrap();
    assert_eq!(forced(), Some(path));
    assert_eq!(KernelPath::current(Kernel::TrainStep), path);
    assert_eq!(KernelPath::current(Kernel::GridPredict), path);
    assert_eq!(KernelPath::current(Kernel::Heatmap), path);
    let out = f();
    force(None).unwrap();
    Some(out)
}

#[path = "../benches/common/workloads.rs"]
mod workloads;
use workloads::{deep_tanh, gauss_blobs};

/// Every step's loss and error, then every weight and bias after `steps` steps.
fn train(config: &ModelConfig, data: &Dataset, steps: usize) -> Vec<f64> {
    let mut model = Model::new(config.clone(), data, 1).unwrap();
    let mut out = Vec::new();
    for _ in 0..steps {
        let s = model.step().unwrap();
        out.extend([s.loss, s.error]);
    }
    for layer in &model.mlp().layers {
        out.extend(layer.weights.iter());
        if let Some(b) = &layer.biases {
            out.extend(b.iter());
        }
    }
    out
}

/// Largest `|a - b| / max(|b|, 1)`.
fn max_rel(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() / y.abs().max(1.0))
        .fold(0.0, f64::max)
}

/// Baseline vs each FMA path within `tol` (relative, floor 1) over the first `close_steps`
/// steps; AVX2 vs AVX-512 bit for bit over `steps` steps.
fn check_training(
    name: &str,
    config: &ModelConfig,
    data: &Dataset,
    (steps, close_steps): (usize, usize),
    tol: f64,
) {
    let base = on_path(KernelPath::Baseline, name, || {
        train(config, data, close_steps)
    })
    .unwrap();
    assert!(base.iter().all(|v| v.is_finite()), "{name}");
    for path in [KernelPath::Avx2Fma, KernelPath::Avx512] {
        if let Some(got) = on_path(path, name, || train(config, data, close_steps)) {
            let d = max_rel(&got, &base);
            let _ = writeln!(std::io::stderr(), "{name}: {path} vs baseline {d:e}");
            assert!(
                d <= tol,
                "{name}: {path} differs from baseline by {d:e} > {tol:e}"
            );
        }
    }
    let avx2 = on_path(KernelPath::Avx2Fma, name, || train(config, data, steps));
    let avx512 = on_path(KernelPath::Avx512, name, || train(config, data, steps));
    if let (Some(a), Some(b)) = (&avx2, &avx512) {
        let same = a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(
            same,
            "{name}: AVX2 and AVX-512 differ (max {:e})",
            max_rel(b, a)
        );
    }
}

#[test]
fn training_paths_agree_on_the_tutorial_network() {
    let data = Dataset::seed();
    // Measured: 2.1e-16 after 100 steps.
    check_training(
        "tutorial",
        &ModelConfig::tutorial(),
        &data,
        (100, 100),
        1e-12,
    );
}

/// The tiny-network step (8 samples, layers of at most 8 units) against the general one,
/// bit for bit, on every path this CPU has.
fn check_tiny(name: &str, config: &ModelConfig, data: &Dataset, steps: usize) {
    for path in KernelPath::ALL {
        let both = on_path(path, name, || {
            let tiny = train(config, data, steps);
            force_general_path(true);
            let general = train(config, data, steps);
            force_general_path(false);
            (tiny, general)
        });
        if let Some((tiny, general)) = both {
            let same = tiny
                .iter()
                .zip(&general)
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(
                same,
                "{name} on {path}: tiny and general paths differ (max {:e})",
                max_rel(&tiny, &general)
            );
        }
    }
}

#[test]
fn the_tiny_path_equals_the_general_one_on_the_tutorial() {
    let data = Dataset::seed();
    let mut config = ModelConfig::tutorial();
    check_tiny("tutorial", &config, &data, 300);
    config.train.update_order = UpdateOrder::Textbook;
    check_tiny("tutorial, textbook order", &config, &data, 300);
}

#[test]
fn the_tiny_path_equals_the_general_one_with_biases_tanh_and_adam() {
    let data = Dataset::seed();
    let mut config = ModelConfig::tutorial();
    config.hidden = vec![8, 5];
    config.activation = Activation::Tanh;
    config.bias = true;
    config.train.optimizer = Optimizer::ADAM;
    config.train.loss = nnviz::nn::Loss::BinaryCrossEntropy;
    config.train.l2 = 1e-3;
    check_tiny("2-8-5-1 tanh adam", &config, &data, 200);
}

/// The shaped step (2 inputs, one hidden layer of 1–8 units, one output, its widths compiled
/// in) against the general one, bit for bit on every path: sigmoid and tanh (explicit vectors
/// on the AVX paths), ReLU and GELU (through the activation's own loop), with and without
/// biases, both update orders, SGD and momentum, the tutorial's, mean-square and
/// cross-entropy losses.
#[test]
fn the_shaped_path_equals_the_general_one_for_every_hidden_width() {
    let data = Dataset::seed();
    let acts = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Gelu,
    ];
    for hidden in 1..=8 {
        for (i, act) in acts.into_iter().enumerate() {
            let mut config = ModelConfig::tutorial();
            config.hidden = vec![hidden];
            config.activation = act;
            config.bias = i % 2 == 1;
            if hidden % 2 == 0 {
                config.train.update_order = UpdateOrder::Textbook;
                config.train.optimizer = Optimizer::MOMENTUM;
            }
            // The output gradient has its own vector code for these three losses.
            config.train.loss = match hidden {
                3 | 4 => nnviz::nn::Loss::Mse,
                5 | 6 => nnviz::nn::Loss::BinaryCrossEntropy,
                _ => nnviz::nn::Loss::TutorialSse,
            };
            let loss = config.train.loss;
            check_tiny(&format!("2-{hidden}-1 {act} {loss:?}"), &config, &data, 60);
        }
    }
}

/// A batch big enough to be cut in halves gives the same bits on one thread as on two, in
/// both update orders.
#[test]
fn one_and_two_threads_give_the_same_bits_on_a_big_batch() {
    let (mut config, data) = deep_tanh(PARALLEL_MIN_ROWS * 2, vec![8; 6]);
    same_bits_on_one_and_two_threads(&mut config, &data, "tanh 6x8, 10,000 points");
}

/// A batch cut for its work rather than its size (8×64 on 200 points: wide layers, few
/// rows) gives the same bits on one thread as on two, in both update orders.
#[test]
fn one_and_two_threads_give_the_same_bits_on_wide_layers() {
    let (mut config, data) = deep_tanh(200, vec![64; 8]);
    let model = Model::new(config.clone(), &data, 1).unwrap();
    let weights: usize = model.mlp().layers.iter().map(|l| l.weights.len()).sum();
    // 2·64 + 7·64·64 + 64·1 = 28,864 weights × 200 rows: past the work at which it is cut.
    assert_eq!(weights, 28_864);
    let n = data.points.len();
    assert_eq!(n, 200);
    assert!(n >= PARALLEL_MIN_SPLIT_ROWS && n * weights >= PARALLEL_MIN_WORK);
    assert!(n < PARALLEL_MIN_ROWS);
    same_bits_on_one_and_two_threads(&mut config, &data, "tanh 8x64, 200 points");
}

/// Trains `config` on `data` for 5 steps on one thread and on two, in both update orders,
/// and asserts finite results equal to the last bit.
fn same_bits_on_one_and_two_threads(config: &mut ModelConfig, data: &Dataset, what: &str) {
    for order in [UpdateOrder::Tutorial, UpdateOrder::Textbook] {
        config.train.update_order = order;
        let name = format!("{what}, {order} order");
        let run = |threads: usize| {
            on_path(KernelPath::best(Kernel::TrainStep), &name, || {
                set_step_threads(threads);
                let out = train(config, data, 5);
                set_step_threads(1);
                out
            })
            .unwrap()
        };
        let (one, two) = (run(1), run(2));
        assert!(one.iter().all(|v| v.is_finite()), "{name}");
        let same = one
            .iter()
            .zip(&two)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(
            same,
            "{name}: one and two threads differ (max {:e})",
            max_rel(&two, &one)
        );
    }
}

#[test]
fn training_paths_agree_on_tanh_6x8_with_10000_points() {
    let (config, data) = deep_tanh(PARALLEL_MIN_ROWS * 2, vec![8; 6]);
    check_training("tanh 6x8, 10,000 points", &config, &data, (5, 5), 1e-12);
}

#[test]
fn training_paths_agree_on_tanh_6x8_with_1000_points() {
    let (config, data) = deep_tanh(1000, vec![8; 6]);
    // These SSE-on-many-points runs are chaotic: the last-bit FMA difference of step 1
    // (1e-16) grows about tenfold every three steps (1e-14 at step 20, 2e-10 at 50, 2e-2 at
    // 100), for any two correct roundings. So baseline vs FMA is held to 1e-12 over 10 steps
    // (measured 7e-16), and AVX2 vs AVX-512 to bit equality over 100.
    check_training("tanh 6x8", &config, &data, (100, 10), 1e-12);
}

/// On `path`: for a few steps, the training points' loss, error and correct count from an
/// evaluation, and those the next step reports before it changes the weights; then the
/// test points' evaluation.
fn evaluations(config: &ModelConfig, data: &Dataset) -> Vec<(f64, f64, usize, f64, f64, usize)> {
    let mut model = Model::new(config.clone(), data, 1).unwrap();
    let mut out = Vec::new();
    for _ in 0..5 {
        let seen = model.evaluate().train.unwrap();
        let step = model.step().unwrap();
        out.push((
            seen.loss,
            seen.error,
            seen.correct,
            step.loss,
            step.error,
            step.correct,
        ));
    }
    let test = model.evaluate().test.unwrap();
    out.push((
        test.loss,
        test.error,
        test.correct,
        test.loss,
        test.error,
        test.correct,
    ));
    out
}

#[test]
fn an_evaluation_gives_the_numbers_of_the_step_on_every_path() {
    // Three classes (softmax rows, arg-max counts) on 700 training points: one piece, not
    // split in halves, so the step's forward pass is the evaluation's.
    let (config, data) = gauss_blobs(1000);
    let name = "2-8-8-3 evaluation";
    let mut runs = Vec::new();
    for path in [
        KernelPath::Baseline,
        KernelPath::Avx2Fma,
        KernelPath::Avx512,
    ] {
        if let Some(run) = on_path(path, name, || evaluations(&config, &data)) {
            for (i, &(loss, error, correct, s_loss, s_error, s_correct)) in run.iter().enumerate() {
                assert_eq!(
                    (loss.to_bits(), error.to_bits(), correct),
                    (s_loss.to_bits(), s_error.to_bits(), s_correct),
                    "{name} on {path}, step {i}"
                );
            }
            runs.push((path, run));
        }
    }
    let flat = |run: &[(f64, f64, usize, f64, f64, usize)]| {
        run.iter()
            .flat_map(|r| [r.0, r.1, r.2 as f64])
            .collect::<Vec<_>>()
    };
    let (_, base) = &runs[0];
    for (path, run) in &runs[1..] {
        let d = max_rel(&flat(run), &flat(base));
        assert!(d <= 1e-12, "{name}: {path} differs from baseline by {d:e}");
    }
}

#[test]
fn the_gemm_agrees_with_the_own_kernels_on_tanh_8x64() {
    let (config, data) = deep_tanh(200, vec![64; 8]);
    // `best`, not `current`: another test may be holding a forced path right now.
    let path = KernelPath::best(Kernel::TrainStep);
    let name = "tanh 8x64, GEMM vs own kernels";
    let (gemm, own) = on_path(path, name, || {
        let gemm = train(&config, &data, 10);
        nnviz::nn::gemm::set_enabled(false);
        let own = train(&config, &data, 10);
        nnviz::nn::gemm::set_enabled(true);
        (gemm, own)
    })
    .unwrap();
    let d = max_rel(&gemm, &own);
    let _ = writeln!(std::io::stderr(), "{name} on {path}: {d:e}");
    // Regrouped sums: last-bit differences that grow as in the paths' runs above.
    assert!(d <= 1e-12, "{name}: {d:e}");
}

#[test]
fn training_paths_agree_on_tanh_8x64() {
    let (config, data) = deep_tanh(200, vec![64; 8]);
    // Chaotic like the 6×8 run (measured 8.5e-16 after 10 steps, 1e-3 after 100).
    check_training("tanh 8x64", &config, &data, (100, 10), 1e-12);
}

fn predict(model: &Model, grid: &GridSpec) -> Vec<f32> {
    let mut pred = GridPrediction::default();
    model.predict_grid(grid, &mut pred);
    pred.probs
}

/// Baseline vs each FMA path within `tol` (absolute, on probabilities); AVX2 vs AVX-512 bit
/// for bit.
fn check_grid(name: &str, model: &Model, grid: &GridSpec, tol: f32) {
    let base = on_path(KernelPath::Baseline, name, || predict(model, grid)).unwrap();
    assert_eq!(base.len(), grid.len() * model.classes().max(2), "{name}");
    let avx2 = on_path(KernelPath::Avx2Fma, name, || predict(model, grid));
    let avx512 = on_path(KernelPath::Avx512, name, || predict(model, grid));
    for (path, got) in [("avx2fma", &avx2), ("avx512", &avx512)] {
        if let Some(got) = got {
            let d = got
                .iter()
                .zip(&base)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            let _ = writeln!(std::io::stderr(), "{name}: {path} vs baseline {d:e}");
            assert!(
                d <= tol,
                "{name}: {path} differs from baseline by {d:e} > {tol:e}"
            );
        }
    }
    if let (Some(a), Some(b)) = (&avx2, &avx512) {
        let same = a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same, "{name}: AVX2 and AVX-512 grids differ");
    }
}

/// A model trained `steps` steps on the baseline path (the grids are then compared on it).
fn trained_on_baseline(config: ModelConfig, data: &Dataset, steps: usize) -> Model {
    on_path(KernelPath::Baseline, "training", || {
        let mut model = Model::new(config, data, 1).unwrap();
        for _ in 0..steps {
            model.step();
        }
        model
    })
    .unwrap()
}

#[test]
fn grid_paths_agree_on_the_tutorial_500x500_grid() {
    let data = Dataset::seed();
    let model = trained_on_baseline(ModelConfig::tutorial(), &data, 1000);
    let grid = GridSpec::linspace(&data.view_bounds(), 500, 500);
    check_grid("tutorial 500x500", &model, &grid, 1e-5);
}

#[test]
fn grid_paths_agree_on_the_tanh_8x64_200x200_grid() {
    let (config, data) = deep_tanh(200, vec![64; 8]);
    let model = trained_on_baseline(config, &data, 100);
    let grid = GridSpec::cell_centers(&data.view_bounds(), 200, 200);
    check_grid("tanh 8x64 200x200", &model, &grid, 1e-5);
}

#[test]
fn grid_paths_agree_on_the_tanh_6x8_200x200_grid() {
    let (config, data) = deep_tanh(1000, vec![8; 6]);
    let model = trained_on_baseline(config, &data, 100);
    let grid = GridSpec::cell_centers(&data.view_bounds(), 200, 200);
    check_grid("tanh 6x8 200x200", &model, &grid, 1e-5);
}

#[test]
fn heatmap_colours_are_the_same_bytes_on_every_path() {
    // Three and five classes (the planar kernel), two (its own loop), with and without the
    // boundary and the shading.
    for classes in [3, 5, 2] {
        let (mut config, data) = gauss_blobs(300);
        let data = if classes == 3 {
            data
        } else {
            let params = nnviz::data::PresetParams {
                points: 300,
                classes,
                ..Default::default()
            };
            nnviz::data::generate(nnviz::data::Preset::Gauss, &params).unwrap()
        };
        config.fit_loss_to_classes(data.num_classes);
        let model = trained_on_baseline(config, &data, 30);
        let grid = GridSpec::cell_centers(&data.view_bounds(), 83, 61);
        let probs = on_path(KernelPath::Baseline, "heatmap", || predict(&model, &grid)).unwrap();
        let pred = GridPrediction {
            nx: 83,
            ny: 61,
            classes: classes.max(2),
            probs,
        };
        for (show_boundary, confidence_shading) in [(true, true), (true, false), (false, true)] {
            let style = HeatmapStyle {
                show_boundary,
                confidence_shading,
                ..HeatmapStyle::default()
            };
            let colour = || nnviz::render::heatmap(&pred, &style).pixels;
            let base = on_path(KernelPath::Baseline, "heatmap", colour).unwrap();
            for path in [KernelPath::Avx2Fma, KernelPath::Avx512] {
                if let Some(got) = on_path(path, "heatmap", colour) {
                    assert!(got == base, "{classes} classes, {style:?}: {path} differs");
                }
            }
        }
    }
}

/// `predict_grid` with `threads` threads forced (on the default path).
fn predict_on_threads(model: &Model, grid: &GridSpec, threads: usize) -> Vec<f32> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    pool::force_threads(Some(threads));
    let out = predict(model, grid);
    pool::force_threads(None);
    out
}

#[test]
fn one_thread_and_two_threads_give_the_same_grid_bit_for_bit() {
    let seed = Dataset::seed();
    let tutorial = Model::new(ModelConfig::tutorial(), &seed, 1).unwrap();
    let (config, data_6x8) = deep_tanh(1000, vec![8; 6]);
    let tanh_6x8 = Model::new(config, &data_6x8, 1).unwrap();
    let (config, data_8x64) = deep_tanh(200, vec![64; 8]);
    let tanh_8x64 = Model::new(config, &data_8x64, 1).unwrap();
    let cases = [
        (
            "tutorial 500x500",
            &tutorial,
            GridSpec::linspace(&seed.view_bounds(), 500, 500),
        ),
        (
            "tanh 6x8 200x200",
            &tanh_6x8,
            GridSpec::cell_centers(&data_6x8.view_bounds(), 200, 200),
        ),
        (
            "tanh 8x64 200x200",
            &tanh_8x64,
            GridSpec::cell_centers(&data_8x64.view_bounds(), 200, 200),
        ),
        // Rows that are not a multiple of a tile, bands that end inside a tile.
        (
            "tanh 8x64 211x197",
            &tanh_8x64,
            GridSpec::cell_centers(&data_8x64.view_bounds(), 211, 197),
        ),
    ];
    for (name, model, grid) in cases {
        assert!(
            grid.len() >= PARALLEL_MIN_SAMPLES,
            "{name} would not be split"
        );
        let one = predict_on_threads(model, &grid, 1);
        let two = predict_on_threads(model, &grid, 2);
        assert_eq!(one.len(), grid.len() * 2, "{name}");
        assert!(
            one.iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)),
            "{name}"
        );
        let same = one
            .iter()
            .zip(&two)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "{name}: one and two threads differ");
    }
}

#[test]
fn the_default_path_is_supported_and_forcing_can_be_undone() {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(forced(), None);
    for kernel in [Kernel::TrainStep, Kernel::GridPredict] {
        let best = KernelPath::best(kernel);
        assert!(best.supported());
        assert_eq!(KernelPath::current(kernel), best);
        let _ = writeln!(std::io::stderr(), "{kernel:?}: best path {best}");
    }
    assert!(KernelPath::Baseline.supported());
    for path in KernelPath::ALL {
        assert_eq!(force(Some(path)).is_ok(), path.supported(), "{path}");
        if path.supported() {
            assert_eq!(forced(), Some(path));
        }
    }
    force(None).unwrap();
    assert_eq!(forced(), None);
}

/// `nnviz::nn::kernels::gram` on `path` (fused multiply-adds on the FMA paths).
fn gram_on(path: KernelPath, a: &[f64], p: usize, g: &[f64], m: usize, n: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; p * m];
    if path == KernelPath::Baseline {
        nnviz::nn::kernels::gram::<false>(a, p, g, m, n, &mut out, path);
    } else {
        nnviz::nn::kernels::gram::<true>(a, p, g, m, n, &mut out, path);
    }
    out
}

/// Sizes that reach every block shape and the last `n mod 8` rows: the 6×8 and 8×64
/// networks' layers, the tutorial's, and odd ones.
const GRAM_SIZES: [(usize, usize, usize); 7] = [
    (8, 2, 4),
    (8, 4, 1),
    (1000, 8, 8),
    (1000, 2, 8),
    (200, 64, 64),
    (13, 5, 7),
    (203, 9, 6),
];

/// The weight-gradient kernel on every path this CPU has: on small integers every sum is
/// exact, so each path must give the plain sum.
#[test]
fn the_gram_kernel_gives_exact_integer_sums_on_every_path() {
    for (n, p, m) in GRAM_SIZES {
        let a: Vec<f64> = (0..n * p).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
        let g: Vec<f64> = (0..n * m).map(|i| ((i * 3) % 5) as f64 - 2.0).collect();
        let mut want = vec![0.0; p * m];
        for j in 0..m {
            for k in 0..p {
                want[j * p + k] = (0..n).map(|r| a[k * n + r] * g[j * n + r]).sum();
            }
        }
        for path in KernelPath::ALL.into_iter().filter(|p| p.supported()) {
            assert_eq!(
                gram_on(path, &a, p, &g, m, n),
                want,
                "{n}x{p}x{m} on {path}"
            );
        }
    }
}

/// On values that round, each FMA path gives the documented order bit for bit: eight lanes
/// (lane `l` takes rows `r ≡ l mod 8`) of fused multiply-adds, `reduce8`, then the last
/// rows in order — the order the tiny path copies.
#[test]
fn the_gram_kernel_keeps_its_summation_order_on_every_fma_path() {
    for (n, p, m) in GRAM_SIZES {
        let a: Vec<f64> = (0..n * p).map(|i| (i as f64 * 0.37).sin()).collect();
        let g: Vec<f64> = (0..n * m).map(|i| (i as f64 * 0.91).cos() * 1e-3).collect();
        let mut want = vec![0.0; p * m];
        let full = n / 8 * 8;
        for j in 0..m {
            for k in 0..p {
                let mut lanes = [0.0f64; 8];
                for r in 0..full {
                    lanes[r % 8] = a[k * n + r].mul_add(g[j * n + r], lanes[r % 8]);
                }
                let mut s = nnviz::nn::kernels::reduce8(&lanes);
                for r in full..n {
                    s = a[k * n + r].mul_add(g[j * n + r], s);
                }
                want[j * p + k] = s;
            }
        }
        for path in [KernelPath::Avx2Fma, KernelPath::Avx512] {
            if !path.supported() {
                let _ = writeln!(std::io::stderr(), "SKIPPED gram on {path}: CPU lacks it");
                continue;
            }
            let got = gram_on(path, &a, p, &g, m, n);
            let same = got
                .iter()
                .zip(&want)
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(
                same,
                "{n}x{p}x{m} on {path}: max {:e}",
                max_rel(&got, &want)
            );
        }
        // The baseline (no fused multiply-adds) is within rounding of it.
        let base = gram_on(KernelPath::Baseline, &a, p, &g, m, n);
        assert!(max_rel(&base, &want) < 1e-13, "{n}x{p}x{m} baseline");
    }
}

/// `nnviz::nn::kernels::sum_cols` sums every column in `sum`'s order, bit for bit, and on
/// small integers gives the plain sums (blocks of eight columns and the columns left over,
/// rows past the last multiple of four).
#[test]
fn the_column_sums_keep_the_order_of_sum() {
    use nnviz::nn::kernels::{sum, sum_cols};
    for (n, m) in [
        (0, 3),
        (1, 1),
        (7, 9),
        (8, 16),
        (1000, 8),
        (203, 17),
        (13, 1),
    ] {
        let g: Vec<f64> = (0..n * m).map(|i| (i as f64 * 0.91).cos() * 1e-3).collect();
        let mut got = vec![f64::NAN; m];
        sum_cols(&g, n, &mut got);
        for (j, &v) in got.iter().enumerate() {
            let want = sum(&g[j * n..(j + 1) * n]);
            assert_eq!(v.to_bits(), want.to_bits(), "{n}x{m}, column {j}");
        }
        let ints: Vec<f64> = (0..n * m).map(|i| ((i * 3) % 7) as f64 - 3.0).collect();
        sum_cols(&ints, n, &mut got);
        for (j, &v) in got.iter().enumerate() {
            let plain: f64 = ints[j * n..(j + 1) * n].iter().sum();
            assert_eq!(v, plain, "{n}x{m}, column {j} on integers");
        }
    }
    // By hand: columns 1..=5 and 10, 20, 30, 40, 50 (n = 5, one row past the quads).
    let g = [1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0];
    let mut got = [0.0; 2];
    sum_cols(&g, 5, &mut got);
    assert_eq!(got, [15.0, 150.0]);
}

/// `dense_cols` in blocks of eight outputs (`wide`) and of four give the same bits, each the
/// bias plus the inputs' terms added in input order, fused or not.
#[test]
fn the_dense_kernel_gives_the_same_bits_in_blocks_of_eight_and_of_four() {
    use nnviz::nn::kernels::{DENSE_SCRATCH, dense_cols, madd};
    fn run<const FMA: bool>(n: usize, n_in: usize, n_out: usize, transposed: bool) {
        let a: Vec<f64> = (0..n * n_in).map(|i| (i as f64 * 0.37).sin()).collect();
        let coef: Vec<f64> = (0..n_in * n_out).map(|i| (i as f64 * 0.53).cos()).collect();
        let bias: Vec<f64> = (0..n_out).map(|o| o as f64 * 0.1 - 0.3).collect();
        // Forward: coef is fan_in × units (so = n_in, si = 1); back: units × fan_in.
        let (so, si) = if transposed { (1, n_out) } else { (n_in, 1) };
        let mut want = vec![0.0; n * n_out];
        for o in 0..n_out {
            for r in 0..n {
                let mut s = bias[o];
                for i in 0..n_in {
                    s = madd::<FMA>(coef[o * so + i * si], a[i * n + r], s);
                }
                want[o * n + r] = s;
            }
        }
        let mut scratch = vec![0.0; DENSE_SCRATCH];
        for wide in [false, true] {
            let mut out = vec![f64::NAN; n * n_out];
            let b = Some(&bias[..]);
            let s = &mut scratch;
            dense_cols::<FMA>(wide, &a, n, n_in, &coef, so, si, b, &mut out, n_out, s);
            let same = out
                .iter()
                .zip(&want)
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(
                same,
                "{n}x{n_in}->{n_out} wide {wide} fma {FMA} t {transposed}"
            );
        }
    }
    for (n, n_in, n_out) in [
        (1000, 8, 8),
        (13, 5, 12),
        (203, 8, 17),
        (8, 2, 8),
        (5, 8, 1),
    ] {
        for transposed in [false, true] {
            run::<false>(n, n_in, n_out, transposed);
            run::<true>(n, n_in, n_out, transposed);
        }
    }
}
