//! The fonts every text of nnviz is drawn with, in the window and in exported pictures.
//!
//! egui's own fonts cover Latin, Greek, Cyrillic and symbols; Chinese comes from a subset of
//! Noto Sans CJK SC (`assets/fonts/`, SIL Open Font Licence) added as the *last* fallback of
//! every family, so Latin text keeps egui's look and any CJK character — a file name, a class
//! name from a CSV, the Chinese interface — is drawn with a real glyph instead of a box. The
//! font is compiled into the binary, so no system font is needed.

use std::sync::Arc;

/// Name of the Chinese fallback font in [`egui::FontDefinitions::font_data`].
pub const CJK_FONT: &str = "NotoSansSC";

/// The subset's bytes (GB 2312, CJK punctuation, full-width forms and the interface's own
/// Chinese; see `assets/fonts/make_cjk_subset.py`).
static CJK_FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");

/// egui's default fonts plus the monospace font (Hack) as a fallback of the proportional one
/// (for arrows and play/pause symbols) and the Chinese font as the last fallback of both.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT.to_owned(),
        Arc::new(egui::FontData::from_static(CJK_FONT_BYTES)),
    );
    let has_hack = fonts.font_data.contains_key("Hack");
    for (family, names) in fonts.families.iter_mut() {
        if *family == egui::FontFamily::Proportional
            && has_hack
            && !names.iter().any(|f| f == "Hack")
        {
            names.push("Hack".to_owned());
        }
        names.push(CJK_FONT.to_owned());
    }
    fonts
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::text::{Fonts, TextOptions};

    #[test]
    fn every_family_falls_back_to_the_chinese_font_last() {
        let defs = font_definitions();
        for names in defs.families.values() {
            assert_eq!(
                names.last().map(String::as_str),
                Some(CJK_FONT),
                "{names:?}"
            );
        }
        let prop = &defs.families[&egui::FontFamily::Proportional];
        assert_ne!(
            prop.first().map(String::as_str),
            Some(CJK_FONT),
            "Latin keeps egui's font"
        );
        assert!(prop.iter().any(|f| f == "Hack"));
    }

    #[test]
    fn chinese_characters_have_glyphs_and_ascii_keeps_egui_s_font() {
        let mut fonts = Fonts::new(TextOptions::default(), font_definitions());
        let mut view = fonts.with_pixels_per_point(1.0);
        let id = egui::FontId::proportional(14.0);
        for c in "神经元权重阈值激活函数隐藏层学习率损失决策边界猫狗鸟鱼数据中文目录，。：".chars()
        {
            assert!(view.has_glyph(&id, c), "no glyph for {c}");
        }
        // A character no font has (a private-use code point) for comparison.
        assert!(!view.has_glyph(&id, '\u{E000}'));
        // The subset's Latin is not used: "A" is as wide as with egui's fonts alone.
        let with = view.glyph_width(&id, 'A');
        let mut plain = Fonts::new(TextOptions::default(), egui::FontDefinitions::default());
        let without = plain.with_pixels_per_point(1.0).glyph_width(&id, 'A');
        assert_eq!(with, without);
    }

    #[test]
    fn chinese_rows_are_as_tall_as_latin_rows() {
        let mut fonts = Fonts::new(TextOptions::default(), font_definitions());
        let mut view = fonts.with_pixels_per_point(1.0);
        for size in [11.0, 14.0, 20.0] {
            let id = egui::FontId::proportional(size);
            let mut height = |text: &str| {
                view.layout_no_wrap(text.to_owned(), id.clone(), egui::Color32::BLACK)
                    .size()
                    .y
            };
            let (latin, chinese) = (height("Learning rate"), height("学习率"));
            assert_eq!(chinese, latin, "at {size} pt");
            assert_eq!(height("学习率 Learning rate"), latin, "mixed, at {size} pt");
            // One baseline: a Chinese glyph does not sit lower than a Latin one beside it.
            let g = view.layout_no_wrap("学A".to_owned(), id.clone(), egui::Color32::BLACK);
            let ys: Vec<f32> = g.rows[0].row.glyphs.iter().map(|g| g.pos.y).collect();
            assert_eq!(ys[0], ys[1], "baselines at {size} pt");
        }
    }
}
