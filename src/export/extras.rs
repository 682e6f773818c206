//! The two training settings a script carries beside the optimiser: the learning-rate
//! schedule (`rate_at`, the same formula as [`LrSchedule::rate_at`]) and dropout (inverted
//! dropout on the hidden layers' outputs, in training steps only).

use super::{ExportInput, py_float, py_list};
use crate::nn::{LrSchedule, Schedule};
use std::fmt::Write;

/// The schedule's constants and `rate_at(k)`, or nothing for a constant rate (the script then
/// trains at `LEARNING_RATE` throughout, as before schedules existed).
pub(super) fn schedule_block(s: &mut String, schedule: &LrSchedule) {
    if schedule.is_constant() {
        return;
    }
    s.push_str(
        "\n# ---- the learning-rate schedule (学习率调度) ----\n\
         # LEARNING_RATE is the base rate; step k (counted from new weights, as nnviz counts,\n\
         # so the first step after new weights is step 0) trains at rate_at(k).\n\
         BASE_LEARNING_RATE = LEARNING_RATE\n",
    );
    let _ = writeln!(s, "SCHEDULE = \"{}\"", schedule.kind.name());
    let body = match schedule.kind {
        Schedule::Constant => "    factor = 1.0\n".to_owned(),
        Schedule::StepDecay { every, factor } => {
            let _ = writeln!(
                s,
                "# Times FACTOR every EVERY steps.\nEVERY = {every}\nFACTOR = {}",
                py_float(factor)
            );
            "    factor = FACTOR ** float(k // max(EVERY, 1))\n".to_owned()
        }
        Schedule::Exponential { decay } => {
            let _ = writeln!(s, "# Times DECAY every step.\nDECAY = {}", py_float(decay));
            "    factor = DECAY ** float(k)\n".to_owned()
        }
        Schedule::Cosine { period, min_factor } => {
            let _ = writeln!(
                s,
                "# Half a cosine from the base rate down to MIN_FACTOR times it over PERIOD steps,\n\
                 # then held there.\nPERIOD = {period}\nMIN_FACTOR = {}",
                py_float(min_factor)
            );
            "    if k >= PERIOD:\n        factor = MIN_FACTOR\n    else:\n        \
             c = math.cos(math.pi * float(k) / float(PERIOD))\n        \
             factor = MIN_FACTOR + (1.0 - MIN_FACTOR) * 0.5 * (1.0 + c)\n"
                .to_owned()
        }
    };
    let _ = write!(
        s,
        "# Warm-up: the first WARMUP steps climb in a straight line from 0 to the schedule's\n\
         # start; the schedule's own clock starts when the warm-up ends.\nWARMUP = {warmup}\n\n\n\
         def rate_at(step):\n    \"\"\"The learning rate of training step `step`.\"\"\"\n    \
         if step < WARMUP:\n        return BASE_LEARNING_RATE * float(step + 1) / (float(WARMUP) + 1.0)\n    \
         k = step - WARMUP\n{body}    return BASE_LEARNING_RATE * factor\n\n",
        warmup = schedule.warmup,
    );
}

/// Whether any hidden layer has dropout.
pub(super) fn has_dropout(input: &ExportInput) -> bool {
    input.dropout.iter().any(|&p| p > 0.0)
}

/// `DROPOUT = [...]` and `dropout_masks(n, rng)` (numpy), or nothing without dropout.
pub(super) fn numpy_dropout_block(s: &mut String, input: &ExportInput) {
    if !has_dropout(input) {
        return;
    }
    let _ = write!(
        s,
        "# ---- dropout (随机失活), in training steps only ----\n\
         # Each hidden layer's rate: a unit's output is dropped (set to 0) with this probability\n\
         # and the kept ones are scaled by 1 / (1 - rate) (inverted dropout). predict() uses the\n\
         # whole network. The masks come from numpy's generator, not nnviz's, so a training run\n\
         # here is like nnviz's, not the same to the bit.\n\
         DROPOUT = {}\n\
         DROPOUT_RNG = np.random.default_rng(SEED + 1)\n\n\n\
         def dropout_masks(n):\n    \"\"\"One mask per layer of L (None: no dropout there) for a batch of n points.\"\"\"\n    \
         masks = [None] * (len(W) + 1)\n    for l, rate in enumerate(DROPOUT):\n        \
         if rate > 0.0:\n            units = W[l].shape[1]\n            \
         keep = DROPOUT_RNG.random((n, units)) >= rate\n            \
         masks[l + 1] = keep / (1.0 - rate)\n    return masks\n\n\n",
        py_list(&input.dropout)
    );
}

/// The lines after hidden layer `n`'s activation in `forward` that apply its mask.
pub(super) fn numpy_mask_line(input: &ExportInput, n: usize) -> String {
    if input.dropout.get(n - 1).copied().unwrap_or(0.0) > 0.0 {
        format!("    if masks is not None:\n        L{n} = L{n} * masks[{n}]\n")
    } else {
        String::new()
    }
}
