#!/usr/bin/env python3
"""Runs nnviz's criterion benchmarks and their numpy peers alternately; prints the ratios.

    python3 benches/peers/run.py [--rounds N] [NAME ...]

Needs Python 3 with numpy (`python3 -m venv /tmp/peers && /tmp/peers/bin/pip install numpy`,
then run this script with that python). Each round runs the numpy workloads, then the same
criterion benchmarks (`cargo bench --bench nn`), so a drift in the machine's speed hits both;
the table gives each side's median over the rounds and the median of the per-round ratios
(numpy time / nnviz time: above 1 means nnviz is faster). numpy uses one OpenBLAS thread,
as nnviz's benchmarks use one core; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for it
so OpenBLAS picks its kernel for this CPU. CI does not run this.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(__file__).resolve().parent / "numpy_peers.py"
# (criterion benchmark, numpy workload): nnviz's one- and two-thread variants are each
# compared with numpy on one thread.
ROWS = [
    ("seed_train_step", "seed_train_step"),
    ("tanh_6x8_1000_points_step", "tanh_6x8_1000_points_step"),
    ("tanh_6x8_10000_points_step_1thread", "tanh_6x8_10000_points_step"),
    ("tanh_6x8_10000_points_step_2threads", "tanh_6x8_10000_points_step"),
    ("tanh_8x64_200_points_step", "tanh_8x64_200_points_step"),
    ("seed_grid_500x500_1thread", "seed_grid_500x500"),
    ("seed_grid_500x500_2threads", "seed_grid_500x500"),
    ("tanh_6x8_grid_200x200_1thread", "tanh_6x8_grid_200x200"),
    ("tanh_6x8_grid_200x200_2threads", "tanh_6x8_grid_200x200"),
    ("tanh_8x64_grid_200x200_1thread", "tanh_8x64_grid_200x200"),
    ("tanh_8x64_grid_200x200_2threads", "tanh_8x64_grid_200x200"),
]
NAMES = [r[0] for r in ROWS]
PEER = dict(ROWS)


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run_numpy(names):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    out = subprocess.run([sys.executable, str(PEERS), *names], env=env, check=True,
                         capture_output=True, text=True).stdout
    return {r["name"]: r["ns"] for r in map(json.loads, out.splitlines())}


def run_nnviz(names):
    pattern = "^(" + "|".join(names) + ")$"
    done = subprocess.run(["cargo", "bench", "--bench", "nn", "--", pattern,
                           "--warm-up-time", "1", "--measurement-time", "3"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cargo bench failed:\n{done.stderr}")
    times = {}
    for name in names:
        est = ROOT / "target" / "criterion" / name / "new" / "estimates.json"
        times[name] = json.loads(est.read_text())["median"]["point_estimate"]
    return times


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("names", nargs="*", default=NAMES)
    args = ap.parse_args()
    unknown = [n for n in args.names if n not in NAMES]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(NAMES)}")
    import numpy

    print(f"CPU: {cpu_model()}; numpy {numpy.__version__}; {args.rounds} rounds", flush=True)
    nn, py, ratios = ({n: [] for n in args.names} for _ in range(3))
    peers = sorted({PEER[n] for n in args.names})
    for r in range(args.rounds):
        p = run_numpy(peers)
        v = run_nnviz(args.names)
        for n in args.names:
            nn[n].append(v[n])
            py[n].append(p[PEER[n]])
            ratios[n].append(p[PEER[n]] / v[n])
        print(f"round {r + 1} done", file=sys.stderr, flush=True)
    print(f"| {'workload':<36} | {'nnviz':>10} | {'numpy':>10} | numpy/nnviz |")
    print(f"|{'-' * 38}|{'-' * 12}|{'-' * 12}|-------------|")
    for n in args.names:
        ratio = statistics.median(ratios[n])
        print(f"| {n:<36} | {fmt(statistics.median(nn[n])):>10} | "
              f"{fmt(statistics.median(py[n])):>10} | {ratio:>10.1f}× |")


if __name__ == "__main__":
    main()
