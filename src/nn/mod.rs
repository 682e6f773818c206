//! Neural-network maths on nalgebra matrices, with no UI.
//!
//! - [`Mlp`]: a stack of dense [`Layer`]s (weights `inputs × units`, the tutorial's orientation).
//! - [`Trainer`]: allocation-free forward/backward/update steps with any [`Loss`],
//!   [`Optimizer`] and [`UpdateOrder`].
//! - [`Model`]: a network plus its input features, data and trainer — what the app and CLI use.
//! - [`predict`]: fast `f32` prediction over a [`GridSpec`] for heatmaps.

pub mod activation;
pub mod error;
pub mod explain;
pub mod fastmath;
pub mod gemm;
pub mod grid;
pub mod health;
pub mod hidden_space;
pub mod init;
pub mod kernels;
pub mod lesson_steps;
pub mod loss;
pub mod mlp;
pub mod optimizer;
pub mod pool;
pub mod schedule;
pub mod simd;
pub mod target;
pub mod trainer;

pub use activation::Activation;
pub use error::NnError;
pub use grid::{GridPrediction, GridSpec};
pub use hidden_space::{HiddenSpace, HiddenSpaceSpec, Projection, SpaceLayer};
pub use init::Init;
pub use loss::Loss;
pub use mlp::{Layer, Mlp, NetworkSpec};
pub use optimizer::Optimizer;
pub use schedule::{LrSchedule, Schedule};
pub use simd::{Kernel, KernelPath};
pub use trainer::{LayerState, StepStats, TrainConfig, Trainer, TrainerState, UpdateOrder};
pub mod features;
pub mod io;
pub mod model;
pub mod neuron;
pub mod predict;

pub use features::{Feature, InputTransform};
pub use model::{Metrics, Model, ModelConfig, Snapshot, step_from};
pub use predict::{GridPredictor, UnitMaps};
pub use target::{RegressionMetrics, RegressionStats, TargetTransform};
