//! Lesson steps 5-8 in Simplified Chinese: each opens with its own controls worded in
//! Chinese. Every test of this binary runs in zh-CN (the language is global).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{harness, settle};
use egui_kittest::kittest::Queryable;
use nnviz::i18n::{Language, set_language};
use nnviz::ui::PersistedState;
use nnviz::ui::lesson::{LessonProgress, LessonStep};

#[test]
fn steps_five_to_eight_show_their_controls_in_chinese() {
    set_language(Language::SimplifiedChinese);
    let cases: [(LessonStep, &[&str], &str); 4] = [
        (
            LessonStep::Backward,
            &["用“下一步”走完整个反向传播"],
            "Apply this step",
        ),
        (
            LessonStep::Training,
            &[
                "训练 10,000 步",
                "暂停",
                "以学习率 0.01 训练教程的 10,000 步",
            ],
            "Pause",
        ),
        (LessonStep::Prediction, &["导出图片…"], "Export picture…"),
        (
            LessonStep::Features,
            &["训练", "打开隐藏空间（视图 ▸ 隐藏空间，或按 H）"],
            "Train",
        ),
    ];
    for (step, labels, english) in cases {
        let mut h = harness(PersistedState {
            running: false,
            lesson: LessonProgress::default().opened_at(step),
            ..PersistedState::tutorial()
        });
        settle(&mut h);
        settle(&mut h);
        for label in labels {
            assert!(
                h.query_all_by_label_contains(label).next().is_some(),
                "step {}: no {label:?}",
                step.number()
            );
        }
        assert!(h.query_by_label(english).is_none(), "English left");
    }
    // The Chinese learning-rate slider of step 6.
    let h = harness(PersistedState {
        running: false,
        lesson: LessonProgress::default().opened_at(LessonStep::Training),
        ..PersistedState::tutorial()
    });
    assert!(h.query_all_by_label_contains("学习率").next().is_some());
}
