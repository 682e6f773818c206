//! Visuals, fonts and colours shared by the parts.

use crate::render::Palette;
use egui::Color32;

/// A class's colour (the palette's, as the heatmap and the exported pictures use it).
pub(crate) fn class_color(class: usize) -> Color32 {
    let [r, g, b] = Palette::default().color(class);
    Color32::from_rgb(r, g, b)
}

/// Text colour readable on `bg`.
pub(crate) fn text_on(bg: Color32) -> Color32 {
    let l = 0.299 * bg.r() as f32 + 0.587 * bg.g() as f32 + 0.114 * bg.b() as f32;
    if l > 150.0 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

/// Puts `img` into the texture in `slot` (made on first use, named `name`); an image whose
/// size does not match its pixels is left out. Returns whether the texture changed.
pub(crate) fn upload_rgba(
    ctx: &egui::Context,
    slot: &mut Option<egui::TextureHandle>,
    name: &str,
    img: &crate::render::Rgba8Image,
) -> bool {
    if img.width == 0 || img.height == 0 || img.pixels.len() != img.width * img.height * 4 {
        return false;
    }
    let color = egui::ColorImage::from_rgba_unmultiplied([img.width, img.height], &img.pixels);
    let options = egui::TextureOptions::LINEAR;
    match slot {
        Some(t) => t.set(color, options),
        None => *slot = Some(ctx.load_texture(name, color, options)),
    }
    true
}

/// Light visuals (they suit the heatmap's soft colours) and the fonts of
/// [`crate::render::font_definitions`] (egui's, Hack as a symbol fallback, and Chinese).
pub fn setup_context(ctx: &egui::Context) {
    ctx.set_visuals(egui::Visuals::light());
    ctx.set_fonts(crate::render::font_definitions());
}
