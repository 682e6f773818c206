//! The PyTorch script: the same network as an `nn.Sequential` of `nn.Linear` layers in
//! float64, the weights loaded under `torch.no_grad()`, and a training loop with the
//! `torch.optim` counterpart of the session's optimiser.

use super::numpy::{data_block, features_block, header, main_block};
use super::{ExportInput, PyActivation, loss_name, py_list};
use crate::nn::{Loss, UpdateOrder};
use std::fmt::Write;

/// The self-contained PyTorch script of `input`: predicts what [`super::numpy_script`]
/// predicts (float64 throughout), with the same `--train`, `--grid` and `--weights-out`.
/// Autograd computes every gradient from the weights before the step (the textbook order).
pub fn torch_script(input: &ExportInput) -> String {
    let mut s = String::new();
    header(&mut s, input, "PyTorch");
    s.push_str("import argparse\nimport json\n\nimport torch\nfrom torch import nn\n\n");
    s.push_str("# float64 throughout, so the predictions are nnviz's to 1e-6 and better.\n");
    s.push_str("torch.set_default_dtype(torch.float64)\n\n");
    data_block(&mut s, input, "torch.tensor", "torch.zeros((0, 2))");
    s.push_str("\n\n# ---- input features (输入特征) ----\n\n");
    features_block(&mut s, input, "torch");
    model_block(&mut s, input);
    predict_block(&mut s, input);
    training_block(&mut s, input);
    main_block(&mut s, input);
    s
}

/// `model = nn.Sequential(...)` and the weights loaded into it.
fn model_block(s: &mut String, input: &ExportInput) {
    s.push_str("\n\n# ---- the network (神经网络) ----\n\nmodel = nn.Sequential(\n");
    let mut linear = Vec::new();
    let mut index = 0;
    for layer in &input.layers {
        let bias = if layer.biases.is_some() {
            ""
        } else {
            ", bias=False"
        };
        let _ = writeln!(
            s,
            "    nn.Linear({}, {}{bias}),",
            layer.inputs(),
            layer.units()
        );
        linear.push(index);
        index += 1;
        if let Some(m) = layer.activation.torch_module() {
            let _ = writeln!(s, "    {m},");
            index += 1;
        }
    }
    let names: Vec<String> = linear.iter().map(|i| format!("model[{i}]")).collect();
    let _ = write!(
        s,
        ")\n# The nn.Linear layers, input side first.\nLINEAR = [{}]\n\n\
         # ---- trained weights (权重) and biases (偏置) ----\n\
         # nn.Linear's weight is (units, inputs): row j holds unit j's weights, nnviz's W\n\
         # (inputs x units) transposed.\nwith torch.no_grad():\n",
        names.join(", ")
    );
    for (l, layer) in input.layers.iter().enumerate() {
        let _ = writeln!(s, "    LINEAR[{l}].weight.copy_(torch.tensor([");
        for j in 0..layer.units() {
            let col: Vec<f64> = layer.weights.iter().map(|row| row[j]).collect();
            let _ = writeln!(s, "        {},", py_list(&col));
        }
        s.push_str("    ]))\n");
        if let Some(b) = &layer.biases {
            let _ = writeln!(
                s,
                "    LINEAR[{l}].bias.copy_(torch.tensor({}))",
                py_list(b)
            );
        }
    }
}

/// `predict`, `probabilities` and `classify`.
fn predict_block(s: &mut String, input: &ExportInput) {
    let softmax = input.layers.last().map(|l| l.activation) == Some(PyActivation::Softmax);
    s.push_str("\n\n# ---- forward propagation (前向传播) ----\n\n\n");
    if input.outputs() == 1 {
        s.push_str(
            "def predict(points):\n    \"\"\"P(class 1) at each point (the sigmoid output).\"\"\"\n    \
             with torch.no_grad():\n        return model(features(points))[:, 0]\n\n\n\
             def probabilities(points):\n    \"\"\"One column per class: [1 - p, p], as nnviz shows them.\"\"\"\n    \
             p = predict(points)\n    return torch.stack([1.0 - p, p], dim=1)\n",
        );
    } else if softmax {
        s.push_str(
            "def predict(points):\n    \"\"\"Class probabilities at each point: one column per class (softmax).\"\"\"\n    \
             with torch.no_grad():\n        return model(features(points))\n\n\n\
             def probabilities(points):\n    \"\"\"One column per class.\"\"\"\n    return predict(points)\n",
        );
    } else {
        s.push_str(
            "def predict(points):\n    \"\"\"The network's outputs at each point, one column per class.\"\"\"\n    \
             with torch.no_grad():\n        return model(features(points))\n\n\n\
             def probabilities(points):\n    \"\"\"The outputs made into probabilities (negative ones count 0), as nnviz does.\"\"\"\n    \
             out = predict(points).clamp_min(0.0)\n    total = out.sum(dim=1, keepdim=True)\n    \
             even = torch.full_like(out, 1.0 / NUM_CLASSES)\n    \
             return torch.where(total > 0.0, out / torch.where(total > 0.0, total, 1.0), even)\n",
        );
    }
    s.push_str(
        "\n\ndef classify(points):\n    \"\"\"The predicted class (类别) at each point: the most probable one.\"\"\"\n    \
         return torch.argmax(probabilities(points), dim=1)\n\n\n",
    );
}

/// The loss, the optimiser and the loop.
fn training_block(s: &mut String, input: &ExportInput) {
    let loss = match input.loss {
        Loss::TutorialSse => "0.5 * ((Y - out) ** 2).sum()",
        Loss::Mse => "((Y - out) ** 2).mean()",
        Loss::BinaryCrossEntropy => {
            "-(Y * torch.log(out.clamp(1e-15, 1.0 - 1e-15))\n             \
             + (1.0 - Y) * torch.log(1.0 - out.clamp(1e-15, 1.0 - 1e-15))).sum() / len(Y)"
        }
        Loss::SoftmaxCrossEntropy => "-(Y * torch.log(out.clamp_min(1e-300))).sum() / len(Y)",
    };
    let order_note = if input.update_order == UpdateOrder::Tutorial {
        "# nnviz trains this network in the tutorial's order (a layer's error is sent back through\n\
         # its updated weights); autograd uses the weights before the step (the textbook order),\n\
         # so training here drifts slightly from nnviz's. The numpy export follows the tutorial.\n"
    } else {
        "# Autograd computes every gradient from the weights before the step: nnviz's textbook order.\n"
    };
    let _ = write!(
        s,
        "# ---- training (训练) ----\n\n\n\
         def targets(classes):\n    \"\"\"The target matrix Y: the class (0 or 1) for one output, one-hot otherwise.\"\"\"\n    \
         classes = torch.as_tensor(classes, dtype=torch.long)\n    if OUTPUTS == 1:\n        \
         return (classes == 1).to(torch.float64).reshape(-1, 1)\n    \
         return torch.eye(OUTPUTS)[classes]\n\n\n\
         def loss_fn(out, Y):\n    \"\"\"The loss ({name}), plus L1/L2 on the weights (not the biases).\"\"\"\n    \
         loss = {loss}\n    for m in LINEAR:\n        if L2_RATE != 0.0:\n            \
         loss = loss + 0.5 * L2_RATE * (m.weight ** 2).sum()\n        if L1_RATE != 0.0:\n            \
         loss = loss + L1_RATE * m.weight.abs().sum()\n    return loss\n\n\n\
         {order_note}\
         def train(steps, print_every=100):\n    \"\"\"`steps` steps on the training points, printing Error every `print_every`\n    \
         steps (counted from STEPS_TRAINED, as nnviz counts). The optimiser starts afresh.\"\"\"\n    \
         X = features(POINTS)\n    Y = targets(CLASSES)\n    n = len(X)\n    if n == 0:\n        \
         raise SystemExit(\"no training points\")\n    \
         optimizer = {opt}\n    \
         full = BATCH_SIZE == 0 or BATCH_SIZE >= n\n    \
         generator = torch.Generator().manual_seed(SEED)\n    order = torch.arange(n)\n    cursor = n\n    \
         for j in range(steps):\n        if full:\n            xb, yb = X, Y\n        else:\n            \
         rows = []\n            for _ in range(BATCH_SIZE):\n                if cursor >= n:\n                    \
         order = order[torch.randperm(n, generator=generator)]\n                    cursor = 0\n                \
         rows.append(int(order[cursor]))\n                cursor += 1\n            \
         xb, yb = X[rows], Y[rows]\n        optimizer.zero_grad()\n        out = model(xb)\n        \
         error = (yb - out).abs().mean().item()\n        loss_fn(out, yb).backward()\n        \
         optimizer.step()\n        \
         if print_every > 0 and (STEPS_TRAINED + j) % print_every == 0:\n            \
         print(\"Error:\" + repr(float(error)))\n\n\n\
         def weights_json():\n    \"\"\"The weights and biases as JSON (W: inputs x units, as nnviz saves them).\"\"\"\n    \
         return json.dumps({{\"W\": [m.weight.detach().T.tolist() for m in LINEAR],\n                       \
         \"b\": [None if m.bias is None else m.bias.detach().tolist() for m in LINEAR]}})\n\n\n",
        name = loss_name(input.loss),
        opt = input.optimizer.torch_optimizer(),
    );
}
