//! Model outputs on a grid → RGBA pictures, one code path for the live UI and PNG export.
//!
//! - [`heatmap_into`] / [`heatmap()`]: a [`GridPrediction`](crate::nn::grid::GridPrediction)
//!   → soft class regions, faded where the model is unsure, with an anti-aliased
//!   decision boundary. Allocation-free when the output buffer is reused (60 frames/s in the UI).
//! - [`draw_points`]: anti-aliased data points on top (test points hollow).
//! - [`render_picture`]: heatmap + points for export; [`draw_legend`] adds the class legend
//!   where it covers no point;
//!   [`write_png`] saves it atomically.
//! - [`font_definitions`]: egui's fonts plus a bundled Chinese fallback, for window and PNG.
//! - [`value_heatmap_into`], [`draw_value_points`], [`draw_colour_bar`]: regression values
//!   on the diverging [`ValueScale`] (blue–white–orange, symmetric about 0).
//! - [`Palette`]: colour-blind-safe class colours (Okabe–Ito) or the tutorial's greys.

mod fonts;
mod heatmap;
mod legend;
mod palette;
mod picture;
mod png;
mod points;
mod raster;
mod values;

pub use fonts::{CJK_FONT, font_definitions};
pub use heatmap::{HeatmapStyle, heatmap, heatmap_into};
pub use legend::{PixelRect, draw_legend, legend_names};
pub use palette::{PALETTE_SIZE, Palette};
pub use picture::{picture_pixel, point_radius_for, render_picture};
pub use png::{RenderError, encode_png, write_png};
pub use points::{draw_points, draw_points_coloured};
pub use raster::Rgba8Image;
pub use values::{
    ValueScale, diverging, draw_colour_bar, draw_value_points, format_tick, value_heatmap_into,
};
