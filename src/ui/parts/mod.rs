//! The window's parts that are not big enough for a folder of their own.

pub mod data_panel;
pub mod files;
pub(crate) mod health;
pub(crate) mod loss_plot;
pub(crate) mod lr_axis;
pub(crate) mod menu;
pub mod metrics;
pub(crate) mod network;
pub(crate) mod schedule;
pub(crate) mod side;
pub mod status;
pub(crate) mod training;
pub(crate) mod transport;
