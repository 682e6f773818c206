//! Preallocated buffers for one batch size, reused from step to step.

use crate::nn::kernels::DENSE_SCRATCH;
use crate::nn::mlp::Mlp;
use nalgebra::DMatrix;

/// Preallocated buffers for one batch size.
#[derive(Clone, Debug, Default)]
pub(super) struct Workspace {
    /// Activations of each layer (`n × units`), column-major (after dropout in a training
    /// step with dropout).
    pub(super) acts: Vec<DMatrix<f64>>,
    /// Weighted sums of the layers whose derivative needs them
    /// ([`crate::nn::Activation::needs_pre_activation`]); `0 × 0` for the others.
    pub(super) pre: Vec<DMatrix<f64>>,
    /// Dropout masks of this step (`n × units`: 0 or `1 / (1 − p)`); `0 × 0` for a layer
    /// without dropout. Read only while [`Self::dropout`] is set.
    pub(super) mask: Vec<DMatrix<f64>>,
    /// Activations before the mask, for the derivative, of layers with a mask.
    pub(super) raw: Vec<DMatrix<f64>>,
    /// Whether this step applies [`Self::mask`] (training steps with dropout only).
    pub(super) dropout: bool,
    /// `dLoss/dz` of each layer (`n × units`).
    pub(super) deltas: Vec<DMatrix<f64>>,
    /// Weight gradients per layer (`inputs × units`).
    pub(super) grad_w: Vec<DMatrix<f64>>,
    /// Bias gradients per layer.
    pub(super) grad_b: Vec<Vec<f64>>,
    /// Rows gathered for a mini-batch.
    pub(super) batch_x: DMatrix<f64>,
    pub(super) batch_y: DMatrix<f64>,
    /// Coefficients of one block for [`dense_cols`](crate::nn::kernels::dense_cols).
    pub(super) scratch: Vec<f64>,
    /// The tiny path's fixed-size buffers ([`super::tiny`]).
    pub(super) tiny: Box<super::tiny::TinyBuffers>,
    /// The two halves of a big batch ([`super::parallel`]).
    pub(super) halves: Vec<super::parallel::Half>,
}

impl Workspace {
    /// Sizes every buffer for `mlp` and a batch of `n` rows (allocating only on a change).
    pub(super) fn fit(&mut self, mlp: &Mlp, n: usize) {
        if self.scratch.len() < DENSE_SCRATCH {
            self.scratch = vec![0.0; DENSE_SCRATCH];
        }
        let l = mlp.layers.len();
        if self.acts.len() != l {
            self.acts = vec![DMatrix::zeros(0, 0); l];
            self.pre = vec![DMatrix::zeros(0, 0); l];
            self.raw = vec![DMatrix::zeros(0, 0); l];
            self.deltas = vec![DMatrix::zeros(0, 0); l];
            self.grad_w = vec![DMatrix::zeros(0, 0); l];
            self.grad_b = vec![Vec::new(); l];
        }
        for (i, layer) in mlp.layers.iter().enumerate() {
            let shape = (n, layer.units());
            if self.acts[i].shape() != shape {
                self.acts[i] = DMatrix::zeros(n, layer.units());
                self.deltas[i] = DMatrix::zeros(n, layer.units());
            }
            if self.grad_w[i].shape() != layer.weights.shape() {
                self.grad_w[i] = DMatrix::zeros(layer.inputs(), layer.units());
            }
            self.grad_b[i].resize(layer.units(), 0.0);
            let pre = if layer.activation.needs_pre_activation() {
                shape
            } else {
                (0, 0)
            };
            if self.pre[i].shape() != pre {
                self.pre[i] = DMatrix::zeros(pre.0, pre.1);
            }
            let masked = self.dropout && self.mask.get(i).is_some_and(|m| m.shape() == shape);
            let raw = if masked { shape } else { (0, 0) };
            if self.raw[i].shape() != raw {
                self.raw[i] = DMatrix::zeros(raw.0, raw.1);
            }
        }
    }

    /// Whether layer `l` applies a dropout mask in this step.
    #[inline(always)]
    pub(super) fn masked(&self, l: usize) -> bool {
        self.dropout && self.raw.get(l).is_some_and(|r| !r.is_empty())
    }
}
