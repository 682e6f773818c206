//! Runs one grid prediction a fixed number of times, for instruction counts under
//! `valgrind --tool=callgrind`: `cargo build --release --example grid_profile`, then
//! `grid_profile <seed|tanh6x8|tanh8x64> <baseline|avx2fma|avx512> <reps> <threads, 0 = default>`
//! (valgrind has no AVX-512: use `avx2fma` under callgrind).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use nnviz::data::Dataset;
use nnviz::nn::simd::force;
use nnviz::nn::{GridPrediction, GridSpec, KernelPath, Model, ModelConfig};

#[allow(dead_code)] // the example uses only `deep_tanh`
#[path = "../benches/common/workloads.rs"]
mod workloads;

/// [`workloads::deep_tanh`] as a model with weights from seed 1.
fn deep_tanh(points: usize, hidden: Vec<usize>) -> (Model, Dataset) {
    let (config, data) = workloads::deep_tanh(points, hidden);
    (Model::new(config, &data, 1).unwrap(), data)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map_or("tanh8x64", String::as_str);
    let path = match args.get(2).map_or("avx512", String::as_str) {
        "baseline" => KernelPath::Baseline,
        "avx2fma" => KernelPath::Avx2Fma,
        _ => KernelPath::Avx512,
    };
    let reps: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let threads: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    force(Some(path)).unwrap();
    // 0: the default (no forced count).
    nnviz::nn::pool::force_threads((threads > 0).then_some(threads));
    let (model, grid) = match which {
        "seed" => {
            let data = Dataset::seed();
            let model = Model::new(ModelConfig::tutorial(), &data, 1).unwrap();
            let grid = GridSpec::linspace(&data.view_bounds(), 500, 500);
            (model, grid)
        }
        "tanh6x8" => {
            let (model, data) = deep_tanh(1000, vec![8; 6]);
            (model, GridSpec::cell_centers(&data.view_bounds(), 200, 200))
        }
        _ => {
            let (model, data) = deep_tanh(200, vec![64; 8]);
            (model, GridSpec::cell_centers(&data.view_bounds(), 200, 200))
        }
    };
    let mut pred = GridPrediction::default();
    // Wall time and this process's CPU time (both threads); the fastest of `reps` runs.
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    model.predict_grid(&grid, &mut pred);
    for _ in 0..reps {
        let (t, c) = (std::time::Instant::now(), cpu_time());
        model.predict_grid(&grid, &mut pred);
        best_wall = best_wall.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_time() - c);
    }
    let sum: f64 = pred.probs.iter().map(|&p| p as f64).sum();
    println!(
        "{which} {path} {threads}t: best wall {:.3} ms, best cpu {:.3} ms, checksum {sum}",
        best_wall * 1e3,
        best_cpu * 1e3
    );
}

fn cpu_time() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}
