//! Big batches over two threads: the batch is cut into two fixed halves, each half runs its
//! forward and backward passes on its own buffers, and the halves' gradients are added in a
//! fixed order (first half + second half) before every update. "Big" is a batch of at least
//! [`MIN_ROWS`] rows, or of at least [`MIN_SPLIT_ROWS`] when its work reaches [`MIN_WORK`]
//! (wide layers: the 8×64 network on 200 points).
//!
//! The cut depends only on the batch size and the network, never on the number of threads,
//! so one thread (the halves one after the other: see [`set_step_threads`]) gives the same
//! bits as two.
//! Versus the one-piece step of a smaller batch the sums are regrouped, so the numbers
//! differ in the last bits (see `tests/kernels.rs`).
//!
//! The second thread is the process's one helper ([`crate::nn::pool`]), shared with the
//! grid predictor. A step hands it work once: the two threads then meet between phases
//! through two counters ([`Meeting`]), where a hand-over per phase cost a wake-up each.

use super::step::{
    apply_update, forward_and_loss, layer_gradients, output_scale, send_back, step_impl,
};
use super::workspace::Workspace;
use super::{LayerState, StepStats, TrainConfig, UpdateOrder};
use crate::nn::mlp::Mlp;
use crate::nn::simd::KernelPath;
use nalgebra::DMatrix;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

/// Batches of at least this many rows are always cut in two halves.
pub const MIN_ROWS: usize = 5_000;

/// Smaller batches (of at least [`MIN_SPLIT_ROWS`] rows) are cut too when a pass over them
/// costs at least this many multiply-adds (rows × the network's weights): then each half's
/// work outweighs the hand-overs to the helper thread (one per layer) a step takes. At
/// 250,000 the 6×8 network on 1,000 points (344,000) was cut and lost under load (138–231
/// against 110–125 µs a step), so the line sits above it.
pub const MIN_WORK: usize = 1_000_000;

/// Fewest rows a batch is cut at on account of [`MIN_WORK`].
pub const MIN_SPLIT_ROWS: usize = 128;

/// Whether a batch of `n` rows for `mlp` is cut in halves. Depends only on the batch size
/// and the network's shape, never on the thread count, so one thread gives the bits of two.
pub(super) fn splits(mlp: &Mlp, n: usize) -> bool {
    let weights: usize = mlp.layers.iter().map(|l| l.weights.len()).sum();
    n >= MIN_ROWS || (n >= MIN_SPLIT_ROWS && n.saturating_mul(weights) >= MIN_WORK)
}

/// 0: as many as the pool has (the default); 1: one thread.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many threads a big batch's step may use: 1 runs the two halves one after the other
/// on the calling thread; anything else (the default) runs the second half on the helper
/// thread when the machine has a second core. Same numbers either way.
///
/// Two threads are the default because they win where a core is free: on the 2-core AMD
/// EPYC (Zen 4), idle, 6×8 tanh on 10,000 points took 0.98 ms a step on two threads against
/// 1.41 ms on one (criterion); with the other core busy (load 3.5–6) two lost
/// by about 13 % (1.48 against 1.30 ms). The 8×64 network on 200 points (cut for its work):
/// 0.76–0.81× the one-thread time when the other core was free, 1.1–1.3× when it was busy
/// (load 2–3, no idle measurement was possible).
pub fn set_step_threads(threads: usize) {
    THREADS.store(threads, Ordering::Relaxed);
}

fn two_threads() -> bool {
    THREADS.load(Ordering::Relaxed) != 1 && crate::nn::pool::threads() > 1
}

/// One half of the batch: its rows of `x`/`y` and its own buffers.
#[derive(Clone, Debug, Default)]
pub(super) struct Half {
    ws: Workspace,
    x: DMatrix<f64>,
    y: DMatrix<f64>,
    loss: f64,
    abs_err: f64,
    correct: usize,
}

/// What one half does in one parallel phase.
#[derive(Clone, Copy)]
enum Phase {
    /// Copy its rows, forward, loss, output deltas, gradients of the output layer.
    Start,
    /// Send the error back through layer `l`, then the gradients of layer `l - 1`.
    Back(usize),
}

fn copy_rows(src: &DMatrix<f64>, r0: usize, r1: usize, dst: &mut DMatrix<f64>) {
    if dst.shape() != (r1 - r0, src.ncols()) {
        *dst = DMatrix::zeros(r1 - r0, src.ncols());
    }
    let (n, h) = (src.nrows(), r1 - r0);
    for (d, s) in dst
        .as_mut_slice()
        .chunks_exact_mut(h)
        .zip(src.as_slice().chunks_exact(n))
    {
        d.copy_from_slice(&s[r0..r1]);
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run_phase<const FMA: bool>(
    phase: Phase,
    cfg: &TrainConfig,
    mlp: &Mlp,
    half: &mut Half,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    rows: (usize, usize),
) {
    let Half {
        ws, x: hx, y: hy, ..
    } = half;
    match phase {
        Phase::Start => {
            copy_rows(x, rows.0, rows.1, hx);
            copy_rows(y, rows.0, rows.1, hy);
            let (loss, abs_err, correct) = forward_and_loss::<FMA>(cfg, x.nrows(), mlp, ws, hx, hy);
            layer_gradients::<FMA>(mlp, ws, hx, mlp.layers.len() - 1);
            (half.loss, half.abs_err, half.correct) = (loss, abs_err, correct);
        }
        Phase::Back(l) => {
            send_back::<FMA>(mlp, ws, l);
            layer_gradients::<FMA>(mlp, ws, hx, l - 1);
        }
    }
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx512f,avx512vl,avx2,fma")]
#[allow(clippy::too_many_arguments)]
fn run_phase_avx512(
    phase: Phase,
    cfg: &TrainConfig,
    mlp: &Mlp,
    half: &mut Half,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    rows: (usize, usize),
) {
    run_phase::<true>(phase, cfg, mlp, half, x, y, rows);
}

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
fn run_phase_avx2(
    phase: Phase,
    cfg: &TrainConfig,
    mlp: &Mlp,
    half: &mut Half,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    rows: (usize, usize),
) {
    run_phase::<true>(phase, cfg, mlp, half, x, y, rows);
}

#[allow(clippy::too_many_arguments)]
fn phase_on(
    path: KernelPath,
    phase: Phase,
    cfg: &TrainConfig,
    mlp: &Mlp,
    half: &mut Half,
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
    rows: (usize, usize),
) {
    match path {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        // SAFETY: `path` came from `KernelPath::current`, which only returns a path the CPU
        // supports.
        KernelPath::Avx512 => unsafe { run_phase_avx512(phase, cfg, mlp, half, x, y, rows) },
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        // SAFETY: as above.
        KernelPath::Avx2Fma => unsafe { run_phase_avx2(phase, cfg, mlp, half, x, y, rows) },
        _ => run_phase::<false>(phase, cfg, mlp, half, x, y, rows),
    }
}

/// Second half's gradients of layer `l` added into the first half's.
fn add_gradients(first: &mut Workspace, second: &Workspace, l: usize) {
    let (a, b) = (first.grad_w[l].as_mut_slice(), second.grad_w[l].as_slice());
    a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
    let (a, b) = (&mut first.grad_b[l], &second.grad_b[l]);
    a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
}

/// The phases of a split step in order: the forward pass, then the error sent back through
/// each layer from the output down to layer 1.
fn phases(layers: usize) -> impl Iterator<Item = Phase> {
    std::iter::once(Phase::Start).chain((1..layers).rev().map(Phase::Back))
}

/// What the calling thread does alone after both halves finished `phase`: add the second
/// half's gradients into the first's and update the layers whose gradients are complete
/// (the tutorial's order updates a layer before its error is sent further back, the
/// textbook's after).
#[allow(clippy::too_many_arguments)]
fn after_phase(
    phase: Phase,
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    state: &mut [LayerState],
    h0: &mut Half,
    h1: &Half,
) {
    let update = |mlp: &mut Mlp, state: &mut [LayerState], h0: &mut Half, l: usize| {
        let ws = &mut h0.ws;
        let (gw, gb) = (ws.grad_w[l].as_mut_slice(), &ws.grad_b[l]);
        apply_update(cfg, t, &mut mlp.layers[l], gw, gb, &mut state[l]);
    };
    let tutorial = cfg.update_order == UpdateOrder::Tutorial;
    // The layer whose gradients the phase completed.
    let done = match phase {
        Phase::Start => mlp.layers.len() - 1,
        Phase::Back(l) => {
            if !tutorial {
                update(mlp, state, h0, l);
            }
            l - 1
        }
    };
    add_gradients(&mut h0.ws, &h1.ws, done);
    if tutorial {
        update(mlp, state, h0, done);
    }
    if done == 0 && !tutorial {
        update(mlp, state, h0, 0);
    }
}

/// Pauses of a wait before it starts giving its core away: ~25 µs on the Zen 4 (a pause
/// takes ~25 ns there), more than the two halves of a phase differ by when both threads have
/// a core. After that each check yields, so a helper kept off its core by other threads
/// gets it back.
const SPINS: u32 = 1_000;

/// Where the two threads of a split step are. The helper thread runs the second half's
/// phases; the calling thread runs the first half's and, after each, [`after_phase`] once
/// the helper has finished the same phase. They meet through two counters, with no hand-over
/// to the pool between phases: waking a sleeping helper costs 20–55 µs on a virtual machine
/// (measured with rayon on the 2-core AMD EPYC), and a step of the 8×64 network has nine
/// phases.
#[derive(Default)]
struct Meeting {
    /// Phases the helper has finished.
    helper_done: AtomicUsize,
    /// Phases whose [`after_phase`] the caller has finished.
    caller_done: AtomicUsize,
    /// One side panicked: the other stops waiting (the panic then reaches the caller).
    abandoned: AtomicBool,
}

impl Meeting {
    /// Waits until `counter` reaches `at_least`: `false` when the other side panicked.
    fn wait(&self, counter: &AtomicUsize, at_least: usize) -> bool {
        let mut spins = 0;
        loop {
            if counter.load(Ordering::Acquire) >= at_least {
                return true;
            }
            if self.abandoned.load(Ordering::Acquire) {
                return false;
            }
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                // The other thread has no core (the window's drawing has it): let it run.
                std::thread::yield_now();
            }
        }
    }
}

/// Marks the meeting abandoned when its side unwinds, so the other side stops waiting.
struct Leave<'a>(&'a Meeting);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.abandoned.store(true, Ordering::Release);
        }
    }
}

/// One step of a batch [`splits`] cuts, in two halves (see the module docs).
#[allow(clippy::too_many_arguments)]
pub(super) fn step(
    path: KernelPath,
    cfg: &TrainConfig,
    t: u64,
    mlp: &mut Mlp,
    ws: &mut Workspace,
    state: &mut [LayerState],
    x: &DMatrix<f64>,
    y: &DMatrix<f64>,
) -> StepStats {
    let n = x.nrows();
    if n < 16 {
        return step_impl::<false>(cfg, t, mlp, ws, state, x, y);
    }
    let mid = n / 16 * 8;
    let rows = [(0, mid), (mid, n)];
    ws.halves.resize_with(2, Default::default);
    let (first, second) = ws.halves.split_at_mut(1);
    let (h0, h1) = (&mut first[0], &mut second[0]);
    let nl = mlp.layers.len();
    if two_threads() && crate::nn::pool::joins_concurrently() {
        let mlp = RwLock::new(&mut *mlp);
        let h1 = Mutex::new(&mut *h1);
        let meeting = Meeting::default();
        // The locks are never contended (the counters order every access); they let the
        // caller update the weights and read the helper's gradients between phases.
        crate::nn::pool::join(
            || {
                let _leave = Leave(&meeting);
                for (i, phase) in phases(nl).enumerate() {
                    {
                        let Ok(m) = mlp.read() else { return };
                        phase_on(path, phase, cfg, &m, h0, x, y, rows[0]);
                    }
                    if !meeting.wait(&meeting.helper_done, i + 1) {
                        return;
                    }
                    {
                        let (Ok(mut m), Ok(h1)) = (mlp.write(), h1.lock()) else {
                            return;
                        };
                        after_phase(phase, cfg, t, &mut m, state, h0, &h1);
                    }
                    meeting.caller_done.store(i + 1, Ordering::Release);
                }
            },
            || {
                let _leave = Leave(&meeting);
                for (i, phase) in phases(nl).enumerate() {
                    if !meeting.wait(&meeting.caller_done, i) {
                        return;
                    }
                    {
                        let (Ok(m), Ok(mut h1)) = (mlp.read(), h1.lock()) else {
                            return;
                        };
                        phase_on(path, phase, cfg, &m, &mut h1, x, y, rows[1]);
                    }
                    meeting.helper_done.store(i + 1, Ordering::Release);
                }
            },
        );
    } else {
        for phase in phases(nl) {
            phase_on(path, phase, cfg, mlp, h0, x, y, rows[0]);
            phase_on(path, phase, cfg, mlp, h1, x, y, rows[1]);
            after_phase(phase, cfg, t, mlp, state, h0, h1);
        }
    }
    let (m, scale) = output_scale(cfg, mlp, n);
    StepStats {
        loss: (h0.loss + h1.loss) * scale,
        error: (h0.abs_err + h1.abs_err) / (n * m) as f64,
        correct: h0.correct + h1.correct,
        samples: n,
    }
}
