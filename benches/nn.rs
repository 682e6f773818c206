//! Speed of the maths and the heatmap: `cargo bench --bench nn`.
//!
//! Targets (2-core machine): seed training step ≤ 0.25 µs, seed 500×500 grid ≤ 0.5 ms,
//! 2-8×6-1 tanh on 1,000 points ≤ 200 µs per full-batch step, 6×8 tanh on 10,000 points
//! ≤ 2 ms per step, its 200×200 heatmap ≤ 3 ms (prediction and colouring: `tanh_6x8_heatmap_200x200`;
//! the regression one, predicted values on the diverging scale, the same:
//! `tanh_6x8_regression_heatmap_200x200`), its hidden space (400 points and the grid lines, PCA of
//! the last hidden layer) ≤ 3 ms (`tanh_6x8_hidden_space_400_points`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nnviz::data::Dataset;
use nnviz::nn::pool::force_threads;
use nnviz::nn::simd::force;
use nnviz::nn::trainer::{force_general_path, set_step_threads};
use nnviz::nn::{GridPrediction, GridSpec, KernelPath, Model, ModelConfig};
use nnviz::render::{HeatmapStyle, Rgba8Image, heatmap_into};
use nnviz::train::adaptive_resolution;
use std::hint::black_box;

#[path = "common/workloads.rs"]
mod workloads;

/// [`workloads::deep_tanh`] as a model with weights from seed 1.
fn deep_tanh(points: usize, hidden: Vec<usize>) -> (Model, Dataset) {
    let (config, data) = workloads::deep_tanh(points, hidden);
    (Model::new(config, &data, 1).unwrap(), data)
}

fn training(c: &mut Criterion) {
    let data = Dataset::seed();
    let mut model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    c.bench_function("seed_train_step", |b| {
        b.iter(|| black_box(model.step()));
    });
    // The same step on the general path (the tiny-network path switched off), to compare.
    let mut model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    force_general_path(true);
    c.bench_function("seed_train_step_general", |b| {
        b.iter(|| black_box(model.step()));
    });
    force_general_path(false);

    let (mut model, _) = deep_tanh(1000, vec![8; 6]);
    c.bench_function("tanh_6x8_1000_points_step", |b| {
        b.iter(|| black_box(model.step()));
    });

    let (mut model, _) = deep_tanh(10_000, vec![8; 6]);
    set_step_threads(2);
    c.bench_function("tanh_6x8_10000_points_step_2threads", |b| {
        b.iter(|| black_box(model.step()));
    });
    set_step_threads(1);
    c.bench_function("tanh_6x8_10000_points_step_1thread", |b| {
        b.iter(|| black_box(model.step()));
    });
    let (mut model, _) = deep_tanh(1000, vec![8; 6]);
    c.bench_function("tanh_6x8_1000_points_step_1thread", |b| {
        b.iter(|| black_box(model.step()));
    });
    // The 8×64 one on one thread, then the default (two where the machine has them).
    let (mut model, _) = deep_tanh(200, vec![64; 8]);
    c.bench_function("tanh_8x64_200_points_step_1thread", |b| {
        b.iter(|| black_box(model.step()));
    });
    set_step_threads(0);

    let (mut model, _) = deep_tanh(200, vec![64; 8]);
    c.bench_function("tanh_8x64_200_points_step", |b| {
        b.iter(|| black_box(model.step()));
    });
    // The same on the trainer's own kernels instead of the GEMM for wide layers.
    nnviz::nn::gemm::set_enabled(false);
    c.bench_function("tanh_8x64_200_points_step_own_kernels", |b| {
        b.iter(|| black_box(model.step()));
    });
    nnviz::nn::gemm::set_enabled(true);

    // The app's many-points case: a step of 7,000 training points (two threads by default),
    // and the evaluation the worker runs for every stats update (all 10,000 points).
    let (config, data) = workloads::gauss_blobs(10_000);
    let mut model = Model::new(config, &data, 1).unwrap();
    c.bench_function("gauss_2x8_10000_points_step", |b| {
        b.iter(|| black_box(model.step()));
    });
    c.bench_function("gauss_2x8_10000_points_evaluate", |b| {
        b.iter(|| black_box(model.evaluate()));
    });
}

/// The grid predictor with the default thread count (two on a two-core machine for grids of
/// ≥ 40,000 samples) and, as `…_1thread` / `…_2threads`, with the count forced. Targets:
/// seed ≤ 0.5 ms, 6×8 ≤ 0.6 ms, 8×64 ≤ 16 ms on one thread and ≤ 9 ms on two.
fn grids(c: &mut Criterion) {
    let data = Dataset::seed();
    let seed_model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    let seed_grid = GridSpec::linspace(&data.view_bounds(), 500, 500);
    let (tanh_6x8, data) = deep_tanh(1000, vec![8; 6]);
    let grid_6x8 = GridSpec::cell_centers(&data.view_bounds(), 200, 200);
    let (tanh_8x64, data) = deep_tanh(200, vec![64; 8]);
    let grid_8x64 = GridSpec::cell_centers(&data.view_bounds(), 200, 200);
    let mut pred = GridPrediction::default();
    let cases = [
        ("seed_grid_500x500", &seed_model, &seed_grid),
        ("tanh_6x8_grid_200x200", &tanh_6x8, &grid_6x8),
        ("tanh_8x64_grid_200x200", &tanh_8x64, &grid_8x64),
    ];
    for (threads, suffix) in [(None, ""), (Some(1), "_1thread"), (Some(2), "_2threads")] {
        force_threads(threads);
        for (name, model, grid) in cases {
            c.bench_function(&format!("{name}{suffix}"), |b| {
                b.iter(|| model.predict_grid(black_box(grid), &mut pred));
            });
        }
    }
    force_threads(None);
}

/// What the worker does for one shown heatmap: predict, (for big networks) interpolate the
/// coarse prediction to the shown grid, colour.
fn heatmaps(c: &mut Criterion) {
    let style = HeatmapStyle::default();
    let mut img = Rgba8Image::default();
    for (name, points, hidden) in [
        ("tanh_6x8_heatmap_200x200", 1000, vec![8; 6]),
        ("tanh_8x64_heatmap_200x200", 200, vec![64; 8]),
    ] {
        let (model, data) = deep_tanh(points, hidden);
        let bounds = data.view_bounds();
        let res = adaptive_resolution(200, model.mlp());
        let coarse_grid = GridSpec::cell_centers(&bounds, res, res);
        let shown_grid = GridSpec::cell_centers(&bounds, 200, 200);
        let (mut coarse, mut shown) = (GridPrediction::default(), GridPrediction::default());
        c.bench_function(name, |b| {
            b.iter(|| {
                if res < 200 {
                    model.predict_grid(black_box(&coarse_grid), &mut coarse);
                    coarse.resample_into(&coarse_grid, &shown_grid, &mut shown);
                } else {
                    model.predict_grid(black_box(&shown_grid), &mut shown);
                }
                heatmap_into(&shown, &style, &mut img);
            });
        });
    }
}

/// The many-points case's heatmap (3 Gaussian blobs, 2-8-8-3, the 256² map the app shows at
/// 10,000 points): predicting and colouring on their own, as the worker does at every edit.
fn three_class_heatmap(c: &mut Criterion) {
    let (config, data) = workloads::gauss_blobs(10_000);
    let model = Model::new(config, &data, 1).unwrap();
    let grid = GridSpec::cell_centers(&data.view_bounds(), 256, 256);
    let mut pred = GridPrediction::default();
    c.bench_function("gauss_2x8_grid_256x256", |b| {
        b.iter(|| model.predict_grid(black_box(&grid), &mut pred));
    });
    model.predict_grid(&grid, &mut pred);
    let (style, mut img) = (HeatmapStyle::default(), Rgba8Image::default());
    c.bench_function("gauss_2x8_colour_256x256", |b| {
        b.iter(|| heatmap_into(black_box(&pred), &style, &mut img));
    });
}

/// The regression heatmap: a 6×8 tanh regression network (one linear output) on `peaks`,
/// its 200×200 grid predicted and coloured on the diverging scale (target ≤ 3 ms).
fn regression_heatmap(c: &mut Criterion) {
    use nnviz::data::{Preset, PresetParams, generate};
    use nnviz::render::{ValueScale, value_heatmap_into};
    let params = PresetParams {
        points: 1000,
        ..PresetParams::default()
    };
    let data = generate(Preset::Peaks, &params).unwrap();
    let mut config = ModelConfig::regression();
    config.hidden = vec![8; 6];
    let model = Model::new(config, &data, 1).unwrap();
    let bounds = data.view_bounds();
    let res = adaptive_resolution(200, model.mlp());
    let coarse_grid = GridSpec::cell_centers(&bounds, res, res);
    let shown_grid = GridSpec::cell_centers(&bounds, 200, 200);
    let (mut coarse, mut shown) = (GridPrediction::default(), GridPrediction::default());
    let scale = ValueScale::of_values(data.points.iter().map(|p| p.value));
    let target = model.target_transform();
    let mut img = Rgba8Image::default();
    c.bench_function("tanh_6x8_regression_heatmap_200x200", |b| {
        b.iter(|| {
            if res < 200 {
                model.predict_grid(black_box(&coarse_grid), &mut coarse);
                coarse.resample_into(&coarse_grid, &shown_grid, &mut shown);
            } else {
                model.predict_grid(black_box(&shown_grid), &mut shown);
            }
            value_heatmap_into(&shown, target, scale, &mut img);
        });
    });
}

fn rendering(c: &mut Criterion) {
    let data = Dataset::seed();
    let model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
    let style = HeatmapStyle::default();
    let mut img = Rgba8Image::default();
    for size in [200, 500] {
        let grid = GridSpec::cell_centers(&data.view_bounds(), size, size);
        let mut pred = GridPrediction::default();
        model.predict_grid(&grid, &mut pred);
        c.bench_function(&format!("render_heatmap_{size}x{size}"), |b| {
            b.iter(|| heatmap_into(black_box(&pred), &style, &mut img));
        });
    }
}

/// The kernels on every compiled path this CPU has: `cargo bench --bench nn -- path/`.
fn paths(c: &mut Criterion) {
    let mut group = c.benchmark_group("path");
    let seed = Dataset::seed();
    let (tanh_6x8, _) = deep_tanh(1000, vec![8; 6]);
    let (tanh_8x64, data_8x64) = deep_tanh(200, vec![64; 8]);
    let grid_6x8 = GridSpec::cell_centers(&deep_tanh(1000, vec![8; 6]).1.view_bounds(), 200, 200);
    let seed_model = Model::new(ModelConfig::tutorial(), &seed, 1).unwrap();
    let seed_grid = GridSpec::linspace(&seed.view_bounds(), 500, 500);
    let grid_8x64 = GridSpec::cell_centers(&data_8x64.view_bounds(), 200, 200);
    let mut pred = GridPrediction::default();
    for path in KernelPath::ALL {
        if force(Some(path)).is_err() {
            eprintln!("skipping the {path} path: this CPU lacks it");
            continue;
        }
        let mut model = seed_model.clone();
        group.bench_with_input(BenchmarkId::new("seed_train_step", path), &(), |b, _| {
            b.iter(|| black_box(model.step()));
        });
        let mut model = tanh_6x8.clone();
        group.bench_with_input(
            BenchmarkId::new("tanh_6x8_1000_points_step", path),
            &(),
            |b, _| {
                b.iter(|| black_box(model.step()));
            },
        );
        // One thread: the grid entries compare the kernels, not the second core.
        force_threads(Some(1));
        group.bench_with_input(BenchmarkId::new("seed_grid_500x500", path), &(), |b, _| {
            b.iter(|| seed_model.predict_grid(black_box(&seed_grid), &mut pred));
        });
        group.bench_with_input(
            BenchmarkId::new("tanh_6x8_grid_200x200", path),
            &(),
            |b, _| {
                b.iter(|| tanh_6x8.predict_grid(black_box(&grid_6x8), &mut pred));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("tanh_8x64_grid_200x200", path),
            &(),
            |b, _| {
                b.iter(|| tanh_8x64.predict_grid(black_box(&grid_8x64), &mut pred));
            },
        );
        force_threads(None);
    }
    force(None).unwrap();
    group.finish();
}

fn hidden_space(c: &mut Criterion) {
    use nnviz::nn::hidden_space::HiddenSpaceWork;
    use nnviz::nn::{HiddenSpaceSpec, Projection, SpaceLayer};
    let (model, data) = deep_tanh(400, vec![8; 6]);
    let snapshot = model.snapshot();
    let view = data.view_bounds();
    let mut work = HiddenSpaceWork::default();
    for (name, projection) in [
        ("tanh_6x8_hidden_space_400_points", Projection::Pca),
        (
            "tanh_6x8_hidden_space_400_points_units",
            Projection::Units([0, 1]),
        ),
    ] {
        let spec = HiddenSpaceSpec {
            layer: SpaceLayer::Hidden(5),
            projection,
        };
        c.bench_function(name, |b| {
            b.iter(|| {
                black_box(work.compute(
                    &snapshot.mlp,
                    &snapshot.transform,
                    &data.points,
                    &view,
                    spec,
                ))
            });
        });
    }
}

criterion_group!(
    benches,
    training,
    grids,
    heatmaps,
    three_class_heatmap,
    regression_heatmap,
    rendering,
    paths,
    hidden_space
);
criterion_main!(benches);
