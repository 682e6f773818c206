//! The second core: one persistent helper thread, shared by the whole process.
//!
//! The machine this app targets has two cores; the caller (the training worker) already runs
//! on one, so the pool holds a single [`rayon`] thread, built the first time it is needed and
//! kept for the life of the process. [`run_split`] hands it one share of a job while the
//! calling thread works on the other, so at most two threads ever work on one call.
//! [`force_threads`] pins the count (tests and benchmarks compare one thread with two).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most threads a job is split across (the caller plus the pool's helper).
pub const MAX_THREADS: usize = 2;

/// 0: no override; otherwise the forced thread count.
static FORCED: AtomicUsize = AtomicUsize::new(0);

/// The helper pool; `None` when the thread could not be started (then everything runs on
/// the caller's thread).
static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();

/// Makes every split job use `threads` threads (clamped to `1..=MAX_THREADS`), or with `None`
/// the default again ([`threads`]), for the whole process.
pub fn force_threads(threads: Option<usize>) {
    let code = threads.map_or(0, |t| t.clamp(1, MAX_THREADS));
    FORCED.store(code, Ordering::Relaxed);
}

/// The count set by [`force_threads`], if any.
pub fn forced_threads() -> Option<usize> {
    match FORCED.load(Ordering::Relaxed) {
        0 => None,
        n => Some(n),
    }
}

/// Threads a big job runs on now: the forced count, else `min(MAX_THREADS, cores)`.
pub fn threads() -> usize {
    // `available_parallelism` reads cgroup files on Linux: ask once.
    static CORES: OnceLock<usize> = OnceLock::new();
    forced_threads().unwrap_or_else(|| {
        *CORES.get_or_init(|| {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(MAX_THREADS)
        })
    })
}

fn pool() -> Option<&'static rayon::ThreadPool> {
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(MAX_THREADS - 1)
            .thread_name(|i| format!("nnviz-helper-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` once on the calling thread and, when `threads() > 1` and the helper thread
/// exists, once more on the helper at the same time; returns when both are done. `work`
/// receives the thread's index (0 = caller) and should pull its share of the job from
/// shared state (for example an atomic counter), so a slow thread just takes less.
pub fn run_split(work: impl Fn(usize) + Sync) {
    let helper = if threads() > 1 { pool() } else { None };
    match helper {
        Some(pool) => pool.in_place_scope(|s| {
            let work = &work;
            s.spawn(move |_| work(1));
            work(0);
        }),
        None => work(0),
    }
}

/// Whether [`join`] runs its second closure on the helper thread while the first runs (else
/// one after the other): more than one thread allowed and the helper started.
pub fn joins_concurrently() -> bool {
    threads() > 1 && pool().is_some()
}

/// Runs `a` on the calling thread and `b` on the helper at the same time when
/// `threads() > 1` and the helper exists, else `a` then `b`; returns when both are done.
pub fn join(a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
    let helper = if threads() > 1 { pool() } else { None };
    match helper {
        Some(pool) => pool.in_place_scope(|s| {
            s.spawn(move |_| b());
            a();
        }),
        None => {
            a();
            b();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn every_share_of_a_split_job_runs_once() {
        let next = AtomicUsize::new(0);
        let done: Vec<AtomicUsize> = (0..100).map(|_| AtomicUsize::new(0)).collect();
        run_split(|_| {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(d) = done.get(i) else { break };
                d.fetch_add(1, Ordering::Relaxed);
            }
        });
        assert!(done.iter().all(|d| d.load(Ordering::Relaxed) == 1));
    }
}
