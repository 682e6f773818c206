//! The numpy script: the tutorial's program (data, weights, sigmoid, forward pass, training
//! loop printing `Error:`) generalised to the exported network.

use super::{ExportInput, PyActivation, feature_expr, loss_name, py_float, py_list};
use crate::nn::{Loss, UpdateOrder};
use std::fmt::Write;

/// The self-contained numpy script of `input`: the points, the trained weights and biases
/// inline, the input features and normalisation, the forward pass written out layer by
/// layer, `predict`, `probabilities` and `classify`, and the training loop with the
/// session's loss, learning rate, optimiser, update order and batch size. Run as a program
/// it takes `--train N`, `--grid IN.csv OUT.csv` and `--weights-out FILE.json`.
pub fn numpy_script(input: &ExportInput) -> String {
    let mut s = String::new();
    header(&mut s, input, "numpy");
    s.push_str("import argparse\nimport json\n\nimport numpy as np\n\n");
    s.push_str("# Large weighted sums overflow exp() harmlessly (sigmoid -> 0 or 1).\n");
    s.push_str("np.seterr(over=\"ignore\")\n\n");
    data_block(&mut s, input, "np.array", "np.zeros((0, 2))");
    s.push_str("\n\n# ---- input features (输入特征) ----\n\n");
    features_block(&mut s, input, "np");
    s.push_str("\n\n# ---- trained weights (权重) and biases (偏置) ----\n\n");
    weights_block(&mut s, input);
    s.push_str("\n# ---- activations (激活函数) ----\n\n\n");
    for a in used_activations(input) {
        s.push_str(a.numpy_defs());
        s.push_str("\n\n");
    }
    forward_block(&mut s, input);
    training_block(&mut s, input);
    main_block(&mut s, input);
    s
}

/// The module docstring shared by both scripts.
pub(super) fn header(s: &mut String, input: &ExportInput, lib: &str) {
    let shape = network_words(input);
    let batch = if input.batch_size == 0 {
        "all training points".to_owned()
    } else {
        format!("{} points", input.batch_size)
    };
    let _ = write!(
        s,
        "#!/usr/bin/env python3\n\"\"\"A neural network (神经网络) exported from nnviz after {step} training steps ({lib}).\n\n\
         Network: {shape}.\n\
         Training: loss {loss}, optimiser {opt}, learning rate {lr}, update order {order},\n\
         batch {batch}.\n\n\
         Run it:\n\
         \x20 python3 THIS.py                        # classify the points with the trained weights\n\
         \x20 python3 THIS.py --train 10000          # go on training, printing Error every 100 steps\n\
         \x20 python3 THIS.py --grid IN.csv OUT.csv  # predict the points (x,y per line) of IN into OUT\n\
         \x20 python3 THIS.py --weights-out W.json   # write the weights (after --train) as JSON\n\
         \"\"\"\n\n",
        step = input.step,
        loss = loss_name(input.loss),
        opt = input.optimizer.name(),
        lr = py_float(input.learning_rate),
        order = input.update_order,
    );
}

/// `2 -> 4 (sigmoid) -> 1 (sigmoid), no biases`.
fn network_words(input: &ExportInput) -> String {
    let mut words = format!("{} inputs", input.inputs());
    for l in &input.layers {
        let _ = write!(words, " -> {} ({})", l.units(), l.activation.py_name());
    }
    let bias = input.layers.iter().any(|l| l.biases.is_some());
    words.push_str(if bias { ", with biases" } else { ", no biases" });
    words
}

/// Each activation the network uses, once, in [`PyActivation::ALL`] order.
pub(super) fn used_activations(input: &ExportInput) -> Vec<PyActivation> {
    PyActivation::ALL
        .into_iter()
        .filter(|a| input.layers.iter().any(|l| l.activation == *a))
        .collect()
}

/// `[\n    [x, y],\n    ...\n]` of points.
fn points_literal(points: &[[f64; 2]], array: &str, empty: &str) -> String {
    if points.is_empty() {
        return empty.to_owned();
    }
    let mut s = format!("{array}([\n");
    for p in points {
        let _ = writeln!(s, "    {},", py_list(p));
    }
    s.push_str("])");
    s
}

fn classes_literal(classes: &[usize], array: &str, int: &str) -> String {
    let items: Vec<String> = classes.iter().map(usize::to_string).collect();
    format!("{array}([{}], dtype={int})", items.join(", "))
}

/// The points, classes and settings.
pub(super) fn data_block(s: &mut String, input: &ExportInput, array: &str, empty: &str) {
    let int = if array == "torch.tensor" {
        "torch.long"
    } else {
        "int"
    };
    let classes = |c: &[usize]| classes_literal(c, array, int);
    let _ = write!(
        s,
        "# ---- the data (数据): training points (x, y) and their classes (类别) ----\n\n\
         POINTS = {}\n\
         CLASSES = {}\n\
         # Test points: not trained on.\n\
         TEST_POINTS = {}\n\
         TEST_CLASSES = {}\n\
         NUM_CLASSES = {}\n\
         # Network outputs: 1 (P(class 1), sigmoid) or one per class (softmax).\n\
         OUTPUTS = {}\n\
         STEPS_TRAINED = {}\n\
         SEED = {}\n\n\
         # ---- how it trains (训练设置) ----\n\n\
         LOSS = \"{}\"\n\
         LEARNING_RATE = {}\n\
         OPTIMIZER = \"{}\"\n\
         {}\
         # \"tutorial\": a layer is updated first and its error sent back through the updated\n\
         # weights (the tutorial's E1 = D2 W1^T after W1 += ...); \"textbook\": every gradient\n\
         # comes from the weights before the step.\n\
         UPDATE_ORDER = \"{}\"\n\
         # Points per step; 0 = all training points (full batch, the tutorial's).\n\
         BATCH_SIZE = {}\n\
         # Regularisation of the weights (not the biases).\n\
         L1_RATE = {}\n\
         L2_RATE = {}\n",
        points_literal(&input.train_points, array, empty),
        classes(&input.train_classes),
        points_literal(&input.test_points, array, empty),
        classes(&input.test_classes),
        input.classes,
        input.outputs(),
        input.step,
        input.seed,
        loss_name(input.loss),
        py_float(input.learning_rate),
        input.optimizer.name(),
        input.optimizer.constant_lines(),
        input.update_order,
        input.batch_size,
        py_float(input.l1),
        py_float(input.l2),
    );
}

/// `features(points)`: raw `(x, y)` → the network's inputs, as nnviz computes them.
pub(super) fn features_block(s: &mut String, input: &ExportInput, lib: &str) {
    let normalized = input.mean != [0.0; 2] || input.inv_std != [1.0; 2];
    if normalized {
        let _ = writeln!(
            s,
            "# Normalisation (归一化) over the training points: (x - mean) / std.\n\
             MEAN = {}\nINV_STD = {}\n",
            py_list(&input.mean),
            py_list(&input.inv_std)
        );
    }
    let names: Vec<&str> = input.features.iter().map(|f| f.name()).collect();
    let _ = writeln!(
        s,
        "\ndef features(points):\n    \"\"\"The network's inputs ({}) of raw points (x, y).\"\"\"",
        names.join(", ")
    );
    if lib == "np" {
        s.push_str("    points = np.asarray(points, dtype=float).reshape(-1, 2)\n");
    } else {
        s.push_str("    points = torch.as_tensor(points, dtype=torch.float64).reshape(-1, 2)\n");
    }
    if normalized {
        s.push_str("    x = (points[:, 0] - MEAN[0]) * INV_STD[0]\n");
        s.push_str("    y = (points[:, 1] - MEAN[1]) * INV_STD[1]\n");
    } else {
        s.push_str("    # Raw coordinates, as the tutorial feeds them.\n");
        s.push_str("    x = points[:, 0]\n    y = points[:, 1]\n");
    }
    let exprs: Vec<String> = input
        .features
        .iter()
        .map(|&f| feature_expr(f, lib))
        .collect();
    let stack = if lib == "np" {
        "np.column_stack"
    } else {
        "torch.stack"
    };
    let dim = if lib == "np" { "" } else { ", dim=1" };
    let _ = writeln!(s, "    return {stack}([{}]{dim})", exprs.join(", "));
}

/// `W0 = np.array([...])` (inputs × units), `b0 = ...`, and the lists `W` and `b`.
fn weights_block(s: &mut String, input: &ExportInput) {
    for (l, layer) in input.layers.iter().enumerate() {
        let _ = writeln!(
            s,
            "# W{l}: {} inputs x {} units (row i = input i, column j = unit j).\nW{l} = np.array([",
            layer.inputs(),
            layer.units()
        );
        for row in &layer.weights {
            let _ = writeln!(s, "    {},", py_list(row));
        }
        s.push_str("])\n");
        match &layer.biases {
            Some(b) => {
                let _ = writeln!(s, "b{l} = np.array({})", py_list(b));
            }
            None => {
                let _ = writeln!(
                    s,
                    "b{l} = None  # no bias (the tutorial's network has none)"
                );
            }
        }
        s.push('\n');
    }
    let names = |p: &str| -> String {
        (0..input.layers.len())
            .map(|l| format!("{p}{l}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(s, "W = [{}]\nb = [{}]", names("W"), names("b"));
}

/// `forward`, `predict`, `probabilities` and `classify`.
fn forward_block(s: &mut String, input: &ExportInput) {
    let nl = input.layers.len();
    s.push_str("# ---- forward propagation (前向传播) ----\n\n\n");
    s.push_str(
        "def forward(L0):\n    \"\"\"Every layer's weighted sums Z and activations L (L0: the inputs).\"\"\"\n",
    );
    for (l, layer) in input.layers.iter().enumerate() {
        let bias = if layer.biases.is_some() {
            format!(" + b{l}")
        } else {
            String::new()
        };
        let what = if l + 1 == nl {
            "output layer (输出层)".to_owned()
        } else {
            format!("hidden layer {} (隐藏层)", l + 1)
        };
        let _ = writeln!(
            s,
            "    Z{n} = L{l} @ W{l}{bias}\n    L{n} = {act}(Z{n})  # {what}: {units} unit{plural}",
            n = l + 1,
            act = layer.activation.py_name(),
            units = layer.units(),
            plural = if layer.units() == 1 { "" } else { "s" },
        );
    }
    let list = |p: &str| -> String {
        (1..=nl)
            .map(|l| format!("{p}{l}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(s, "    return [None, {}], [L0, {}]\n", list("Z"), list("L"));
    let derivs: Vec<String> = (input.layers.iter())
        .map(|l| format!("d_{}", l.activation.py_name()))
        .collect();
    let _ = writeln!(
        s,
        "\n# The derivative of each layer's activation, for back-propagation.\nDERIVATIVES = [{}]\n",
        derivs.join(", ")
    );
    let softmax = input.layers.last().map(|l| l.activation) == Some(PyActivation::Softmax);
    if input.outputs() == 1 {
        s.push_str(
            "\ndef predict(points):\n    \"\"\"P(class 1) at each point (the sigmoid output).\"\"\"\n    \
             _, L = forward(features(points))\n    return L[-1][:, 0]\n\n\n\
             def probabilities(points):\n    \"\"\"One column per class: [1 - p, p], as nnviz shows them.\"\"\"\n    \
             p = predict(points)\n    return np.column_stack([1.0 - p, p])\n",
        );
    } else if softmax {
        s.push_str(
            "\ndef predict(points):\n    \"\"\"Class probabilities at each point: one column per class (softmax).\"\"\"\n    \
             _, L = forward(features(points))\n    return L[-1]\n\n\n\
             def probabilities(points):\n    \"\"\"One column per class.\"\"\"\n    return predict(points)\n",
        );
    } else {
        s.push_str(
            "\ndef predict(points):\n    \"\"\"The network's outputs at each point, one column per class.\"\"\"\n    \
             _, L = forward(features(points))\n    return L[-1]\n\n\n\
             def probabilities(points):\n    \"\"\"The outputs made into probabilities (negative ones count 0), as nnviz does.\"\"\"\n    \
             out = np.maximum(predict(points), 0.0)\n    total = out.sum(axis=1, keepdims=True)\n    \
             even = np.full_like(out, 1.0 / NUM_CLASSES)\n    \
             return np.where(total > 0.0, out / np.where(total > 0.0, total, 1.0), even)\n",
        );
    }
    s.push_str(
        "\n\ndef classify(points):\n    \"\"\"The predicted class (类别) at each point: the most probable one.\"\"\"\n    \
         return np.argmax(probabilities(points), axis=1)\n\n\n",
    );
}

/// The loss, one training step and the loop.
fn training_block(s: &mut String, input: &ExportInput) {
    s.push_str("# ---- training (训练): loss, back-propagation (反向传播), update ----\n\n\n");
    s.push_str(
        "def targets(classes):\n    \"\"\"The target matrix Y: the class (0 or 1) for one output, one-hot otherwise.\"\"\"\n    \
         classes = np.asarray(classes, dtype=int)\n    if OUTPUTS == 1:\n        \
         return (classes == 1).astype(float).reshape(-1, 1)\n    return np.eye(OUTPUTS)[classes]\n\n\n",
    );
    let out_act = input
        .layers
        .last()
        .map_or(PyActivation::Sigmoid, |l| l.activation);
    let d = format!("d_{}", out_act.py_name());
    let (loss, delta) = match input.loss {
        Loss::TutorialSse => (
            "0.5 * np.sum((Y - out) ** 2)".to_owned(),
            format!("(out - Y) * {d}(Z, out)"),
        ),
        Loss::Mse => (
            "np.mean((Y - out) ** 2)".to_owned(),
            format!("(out - Y) * (2.0 * (1.0 / (n * m))) * {d}(Z, out)"),
        ),
        Loss::BinaryCrossEntropy if out_act == PyActivation::Sigmoid => (
            "-np.sum(Y * np.log(c) + (1.0 - Y) * np.log(1.0 - c)) / n".to_owned(),
            "(out - Y) * (1.0 / n)  # the sigmoid's derivative cancels".to_owned(),
        ),
        Loss::BinaryCrossEntropy => (
            "-np.sum(Y * np.log(c) + (1.0 - Y) * np.log(1.0 - c)) / n".to_owned(),
            format!("(c - Y) / (c * (1.0 - c)) * {d}(Z, out) * (1.0 / n)"),
        ),
        Loss::SoftmaxCrossEntropy => (
            "np.sum(np.where(Y > 0.0, -Y * np.log(np.maximum(out, 1e-300)), 0.0)) / n".to_owned(),
            "(out - Y) * (1.0 / n)  # softmax + cross-entropy: p - y".to_owned(),
        ),
    };
    let sum_note = match input.loss {
        Loss::TutorialSse => "0.5 * sum of (y - out)^2 over the batch: a sum, not a mean",
        Loss::Mse => "mean of (y - out)^2 over the batch and outputs",
        Loss::BinaryCrossEntropy => "binary cross-entropy, averaged over the batch",
        Loss::SoftmaxCrossEntropy => "cross-entropy of the softmax, averaged over the batch",
    };
    let _ = write!(
        s,
        "def loss_and_delta(Z, out, Y):\n    \"\"\"The loss ({sum_note}), the tutorial's Error\n    \
         mean(|Y - out|) and dLoss/dZ of the output layer (the tutorial's D2, sign flipped).\"\"\"\n    \
         n, m = Y.shape\n    c = np.clip(out, 1e-15, 1.0 - 1e-15)\n    \
         error = np.mean(np.abs(Y - out))\n    loss = {loss}\n    D = {delta}\n    \
         return loss, error, D\n\n\n"
    );
    s.push_str(input.optimizer.numpy_update());
    s.push_str(
        "\n\n# Each parameter's optimiser state (velocity, moments). It starts afresh here: nnviz's\n\
         # own state (momentum's velocity, Adam's moments) is not exported.\n\
         STATE = [{\"W\": {}, \"b\": {}} for _ in W]\n\n\n\
         def apply_update(l, gW, gb, t):\n    \"\"\"Updates layer l's weights and biases from their gradients.\"\"\"\n    \
         if L1_RATE != 0.0 or L2_RATE != 0.0:\n        \
         gW = gW + (L2_RATE * W[l] + L1_RATE * np.sign(W[l]))\n    \
         update(W[l], gW, STATE[l][\"W\"], t)\n    if b[l] is not None:\n        \
         update(b[l], gb, STATE[l][\"b\"], t)\n\n\n\
         def train_step(X, Y, t):\n    \"\"\"One step on the batch X, Y (t: the optimiser's 1-based step); returns\n    \
         the loss and the Error measured before the update.\"\"\"\n    \
         Z, L = forward(X)\n    loss, error, D = loss_and_delta(Z[-1], L[-1], Y)\n    \
         for l in reversed(range(len(W))):\n        \
         gW = L[l].T @ D  # the tutorial's L1^T D2\n        gb = D.sum(axis=0)\n        \
         if UPDATE_ORDER == \"tutorial\":\n            apply_update(l, gW, gb, t)\n        \
         if l > 0:\n            \
         # The error sent back (the tutorial's E1 = D2 W1^T), times the derivative.\n            \
         D_prev = (D @ W[l].T) * DERIVATIVES[l - 1](Z[l], L[l])\n        \
         if UPDATE_ORDER == \"textbook\":\n            apply_update(l, gW, gb, t)\n        \
         if l > 0:\n            D = D_prev\n    return loss, error\n\n\n\
         def batches(n, rng):\n    \"\"\"Endless mini-batches of BATCH_SIZE rows from shuffled epochs (an epoch is\n    \
         reshuffled when used up; a batch may span two). numpy's shuffle, not nnviz's.\"\"\"\n    \
         order = np.arange(n)\n    cursor = n\n    while True:\n        rows = []\n        \
         for _ in range(BATCH_SIZE):\n            if cursor >= n:\n                \
         rng.shuffle(order)\n                cursor = 0\n            \
         rows.append(order[cursor])\n            cursor += 1\n        yield np.array(rows)\n\n\n\
         def train(steps, print_every=100):\n    \"\"\"The tutorial's loop: `steps` steps on the training points, printing\n    \
         Error every `print_every` steps (counted from STEPS_TRAINED, as nnviz counts).\"\"\"\n    \
         X = features(POINTS)\n    Y = targets(CLASSES)\n    n = len(X)\n    if n == 0:\n        \
         raise SystemExit(\"no training points\")\n    \
         full = BATCH_SIZE == 0 or BATCH_SIZE >= n\n    \
         draw = batches(n, np.random.default_rng(SEED))\n    for j in range(steps):\n        \
         if full:\n            loss, error = train_step(X, Y, j + 1)\n        else:\n            \
         rows = next(draw)\n            loss, error = train_step(X[rows], Y[rows], j + 1)\n        \
         if print_every > 0 and (STEPS_TRAINED + j) % print_every == 0:\n            \
         print(\"Error:\" + repr(float(error)))\n\n\n",
    );
    s.push_str(
        "def weights_json():\n    \"\"\"The weights and biases as JSON (W: inputs x units, as nnviz saves them).\"\"\"\n    \
         return json.dumps({\"W\": [w.tolist() for w in W],\n                       \
         \"b\": [None if v is None else v.tolist() for v in b]})\n\n\n",
    );
    // The tutorial's order is the seed preset's; say so where it matters.
    if input.update_order == UpdateOrder::Tutorial {
        s.push_str(
            "# UPDATE_ORDER is \"tutorial\": a step here is the tutorial's iteration, bit for bit\n\
             # what nnviz computes for full-batch gradient descent.\n\n\n",
        );
    }
}

/// `if __name__ == "__main__":` with `--train`, `--grid` and `--weights-out`.
pub(super) fn main_block(s: &mut String, _input: &ExportInput) {
    s.push_str(
        "def main():\n    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])\n    \
         parser.add_argument(\"--train\", type=int, default=0, metavar=\"N\",\n                        \
         help=\"train N more steps first\")\n    \
         parser.add_argument(\"--print-every\", type=int, default=100, metavar=\"N\")\n    \
         parser.add_argument(\"--grid\", nargs=2, metavar=(\"IN\", \"OUT\"),\n                        \
         help=\"predict the points of IN (x,y per line) into OUT (class,p0,p1,... per line)\")\n    \
         parser.add_argument(\"--weights-out\", metavar=\"FILE\", help=\"write the weights as JSON\")\n    \
         args = parser.parse_args()\n    if args.train > 0:\n        train(args.train, args.print_every)\n    \
         if args.weights_out:\n        with open(args.weights_out, \"w\", encoding=\"utf-8\") as f:\n            \
         f.write(weights_json())\n    if args.grid:\n        \
         rows = [line.split(\",\") for line in open(args.grid[0], encoding=\"utf-8\") if line.strip()]\n        \
         pts = [[float(x), float(y)] for x, y in rows]\n        \
         probs = to_rows(probabilities(pts)) if pts else []\n        \
         with open(args.grid[1], \"w\", encoding=\"utf-8\") as f:\n            for p in probs:\n                \
         best = max(range(len(p)), key=lambda k: (p[k], -k))\n                \
         f.write(\",\".join([str(best)] + [repr(float(v)) for v in p]) + \"\\n\")\n    \
         if not args.grid and not args.weights_out:\n        if len(CLASSES) > 0:\n            \
         right = sum(int(c) == int(k) for c, k in zip(classify(POINTS), CLASSES))\n            \
         print(\"training accuracy: %d of %d points\" % (right, len(CLASSES)))\n        \
         if len(TEST_CLASSES) > 0:\n            \
         right = sum(int(c) == int(k) for c, k in zip(classify(TEST_POINTS), TEST_CLASSES))\n            \
         print(\"test accuracy: %d of %d points\" % (right, len(TEST_CLASSES)))\n\n\n\
         def to_rows(p):\n    return [[float(v) for v in row] for row in p.tolist()]\n\n\n\
         if __name__ == \"__main__\":\n    main()\n",
    );
}
