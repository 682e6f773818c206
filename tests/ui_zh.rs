//! The app in Simplified Chinese: the main flows, with every widget found by its Chinese
//! label. Every test of this binary runs in zh-CN (the language is global).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{harness, press, wait_until};
use egui::accesskit::Role;
use egui::{PointerButton, Pos2, Vec2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::Dataset;
use nnviz::i18n::{Language, set_language};
use nnviz::ui::{NnvizApp, PersistedState};

/// The tutorial in a 1280×800 window, in Chinese.
fn chinese() -> Harness<'static, NnvizApp> {
    set_language(Language::SimplifiedChinese);
    harness(PersistedState::tutorial())
}

/// Screen position of a data point on the canvas (found by its Chinese name).
fn screen_of(h: &Harness<'_, NnvizApp>, p: [f64; 2]) -> Pos2 {
    let rect = h.get_by_label("画布").rect();
    let v = h.state().view();
    pos2(
        rect.min.x + ((p[0] - v.x_min) / v.width()) as f32 * rect.width(),
        rect.min.y + ((v.y_max - p[1]) / v.height()) as f32 * rect.height(),
    )
}

#[test]
fn the_window_speaks_chinese() {
    let mut h = chinese();
    h.run_steps(2);
    for label in [
        "文件",
        "编辑",
        "视图",
        "数据",
        "训练",
        "网络",
        "指标",
        "学习率",
    ] {
        assert!(
            h.query_all_by_label(label).next().is_some(),
            "no widget labelled {label:?}"
        );
    }
    assert!(
        h.query_all_by_label("File").next().is_none(),
        "English left in the menu"
    );
}

#[test]
fn a_click_adds_a_point_and_a_drag_moves_it() {
    let mut h = chinese();
    wait_until(&mut h, "first stats", |a| a.last_stats().is_some());
    let at = screen_of(&h, [1.0, 1.0]);
    h.hover_at(at);
    h.step();
    press(&mut h, at, PointerButton::Primary, true);
    press(&mut h, at, PointerButton::Primary, false);
    h.run_steps(2);
    assert_eq!(h.state().dataset().points.len(), 9);

    let start = screen_of(&h, [3.0, 1.0]);
    h.hover_at(start);
    h.step();
    press(&mut h, start, PointerButton::Primary, true);
    let end = start + Vec2::new(60.0, -45.0);
    for k in 1..=6 {
        h.hover_at(start + (end - start) * (k as f32 / 6.0));
        h.step();
    }
    press(&mut h, end, PointerButton::Primary, false);
    let moved = h.state().dataset().points[0].pos_in_data;
    assert!(moved[0] > 3.2 && moved[1] > 1.2, "moved to {moved:?}");
}

#[test]
fn the_learning_rate_slider_reaches_the_worker() {
    let mut h = chinese();
    wait_until(&mut h, "first stats", |a| a.last_stats().is_some());
    h.get_by_role_and_label(Role::Slider, "学习率")
        .set_value_accesskit(0.5);
    h.run_steps(2);
    wait_until(&mut h, "the worker's learning rate 0.5", |a| {
        a.last_stats()
            .is_some_and(|s| (s.learning_rate - 0.5).abs() < 1e-9)
    });
}

#[test]
fn a_dataset_is_chosen_by_its_chinese_name() {
    let mut h = chinese();
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    h.get_by_label("螺旋").click();
    h.run_steps(2);
    assert_eq!(h.state().dataset().points.len(), 400);
    assert!(
        h.state()
            .messages()
            .last()
            .is_some_and(|m| m.text.contains("螺旋")),
        "the message names the dataset in Chinese"
    );
    h.get_by_label("◀ 回到教程").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &Dataset::seed());
}

#[test]
fn the_file_browser_opens_from_the_chinese_menu() {
    let mut h = chinese();
    h.get_by_label("文件").click();
    h.run_steps(2);
    h.query_all_by_label_contains("打开会话…")
        .next()
        .expect("the menu's Open session entry")
        .click();
    h.run_steps(4);
    assert!(h.state().file_dialog_open());
    for label in ["↑ 上一级", "主目录", "文件名：", "取消"] {
        assert!(
            h.query_all_by_label(label).next().is_some(),
            "no {label:?} in the dialog"
        );
    }
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(!h.state().file_dialog_open());
}
