#!/usr/bin/env python3
"""numpy versions of nnviz's criterion benchmarks (benches/nn.rs), timed the same way.

Each workload is the same network, batch and grid as the Rust benchmark of the same name:
- seed_train_step: the tutorial's program, one iteration (2-4-1 sigmoid, no biases, the
  8 points, f64, W1 updated before the error is sent back), exactly as the tutorial writes it.
- tanh_6x8_*_points_step / tanh_8x64_200_points_step: one full-batch gradient step of a
  tanh network with biases and a sigmoid output on ½·Σ(y−out)² (f64, textbook order).
- *_grid_*: the prediction of every cell of the heatmap's grid, in f32 (as nnviz's
  predictor), output sigmoid.

Prints one JSON object per line: {"name": ..., "ns": median nanoseconds per iteration}.
Usage: numpy_peers.py [NAME ...]   (no names: all workloads)
"""

import json
import sys
import time

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def tutorial():
    x = np.array([[3, 1], [2, 5], [1, 8], [6, 4], [5, 2], [3, 5], [4, 7], [4, -1]], dtype=float)
    y = np.array([[0, 1, 1, 0, 0, 1, 1, 0]], dtype=float).T
    rng = np.random.default_rng(1)
    w0 = 2 * rng.random((2, 4)) - 1
    w1 = 2 * rng.random((4, 1)) - 1
    lr = 0.1

    def step():
        nonlocal w0, w1
        l0 = x
        l1 = sigmoid(np.dot(l0, w0))
        l2 = sigmoid(np.dot(l1, w1))
        l2_error = y - l2
        l2_delta = l2_error * (l2 * (1 - l2))
        w1 += lr * l1.T.dot(l2_delta)
        l1_error = l2_delta.dot(w1.T)
        l1_delta = l1_error * (l1 * (1 - l1))
        w0 += lr * l0.T.dot(l1_delta)

    return step


def circle(n, rng):
    """Two classes, inside and outside a circle (normalised inputs, like the Rust bench)."""
    r = np.concatenate([rng.random(n // 2) * 2.0, 3.0 + rng.random(n - n // 2) * 2.0])
    a = rng.random(n) * 2 * np.pi
    pts = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    labels = (np.arange(n) >= n // 2).astype(float).reshape(-1, 1)
    pts = (pts - pts.mean(axis=0)) / pts.std(axis=0)
    return pts, labels


def xavier(rng, fan_in, fan_out, dtype):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype)


def network(hidden, dtype, rng):
    sizes = [2] + hidden + [1]
    ws = [xavier(rng, a, b, dtype) for a, b in zip(sizes, sizes[1:])]
    bs = [np.zeros((1, b), dtype=dtype) for b in sizes[1:]]
    return ws, bs


def train_step(points, hidden):
    rng = np.random.default_rng(1)
    x, y = circle(points, rng)
    ws, bs = network(hidden, np.float64, rng)
    lr = 0.01

    def step():
        acts = [x]
        for w, b in zip(ws[:-1], bs[:-1]):
            acts.append(np.tanh(acts[-1] @ w + b))
        out = sigmoid(acts[-1] @ ws[-1] + bs[-1])
        delta = (out - y) * out * (1 - out)
        for layer in range(len(ws) - 1, -1, -1):
            a = acts[layer]
            grad_w = a.T @ delta
            grad_b = delta.sum(axis=0, keepdims=True)
            if layer > 0:
                delta = (delta @ ws[layer].T) * (1 - a * a)
            ws[layer] -= lr * grad_w
            bs[layer] -= lr * grad_b

    return step


def grid_predict(hidden, n, activation):
    rng = np.random.default_rng(1)
    if hidden is None:
        # The tutorial's 2-4-1 sigmoid net without biases on its raw coordinates.
        ws = [(2 * rng.random((2, 4)) - 1).astype(np.float32),
              (2 * rng.random((4, 1)) - 1).astype(np.float32)]
        bs = [np.zeros((1, 4), np.float32), np.zeros((1, 1), np.float32)]
        xs, ys = np.linspace(0, 7, n), np.linspace(-2, 9, n)
    else:
        ws, bs = network(hidden, np.float32, rng)
        xs, ys = np.linspace(-1.7, 1.7, n), np.linspace(-1.7, 1.7, n)
    gx, gy = np.meshgrid(xs, ys)
    cells = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)

    def predict():
        a = cells
        for w, b in zip(ws[:-1], bs[:-1]):
            a = activation(a @ w + b)
        return sigmoid(a @ ws[-1] + bs[-1])

    return predict


WORKLOADS = {
    "seed_train_step": tutorial,
    "tanh_6x8_1000_points_step": lambda: train_step(1000, [8] * 6),
    "tanh_6x8_10000_points_step": lambda: train_step(10_000, [8] * 6),
    "tanh_8x64_200_points_step": lambda: train_step(200, [64] * 8),
    "seed_grid_500x500": lambda: grid_predict(None, 500, sigmoid),
    "tanh_6x8_grid_200x200": lambda: grid_predict([8] * 6, 200, np.tanh),
    "tanh_8x64_grid_200x200": lambda: grid_predict([64] * 8, 200, np.tanh),
}


def median_ns(fn, budget_s=2.0):
    """Median time per call over batches filling about `budget_s` seconds."""
    fn()
    t0 = time.perf_counter()
    calls = 0
    while time.perf_counter() - t0 < 0.1:
        fn()
        calls += 1
    per_batch = max(1, calls // 5)
    samples = []
    t_end = time.perf_counter() + budget_s
    while time.perf_counter() < t_end or len(samples) < 5:
        t = time.perf_counter()
        for _ in range(per_batch):
            fn()
        samples.append((time.perf_counter() - t) / per_batch)
    samples.sort()
    return samples[len(samples) // 2] * 1e9


def main(names):
    for name in names or WORKLOADS:
        if name not in WORKLOADS:
            sys.exit(f"unknown workload {name!r}; known: {', '.join(WORKLOADS)}")
        print(json.dumps({"name": name, "ns": median_ns(WORKLOADS[name]())}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
