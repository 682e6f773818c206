//! The lesson in Simplified Chinese: every step opens and shows its Chinese title, and the
//! frame's controls are worded in Chinese. Every test of this binary runs in zh-CN (the
//! language is global).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{harness, settle};
use egui_kittest::kittest::Queryable;
use nnviz::i18n::{Language, set_language};
use nnviz::ui::PersistedState;
use nnviz::ui::lesson::{LessonProgress, LessonStep};

/// Each step's title in Chinese, in order.
const TITLES: [&str; 8] = [
    "一个神经元",
    "激活函数",
    "层",
    "前向传播",
    "损失和反向传播",
    "训练",
    "预测",
    "特征是学出来的",
];

#[test]
fn every_step_opens_in_chinese_with_its_title() {
    set_language(Language::SimplifiedChinese);
    for (step, title) in LessonStep::ALL.into_iter().zip(TITLES) {
        assert_eq!(step.title(), title);
        let mut h = harness(PersistedState {
            running: false,
            lesson: LessonProgress::default().opened_at(step),
            ..PersistedState::tutorial()
        });
        settle(&mut h);
        let n = step.number();
        assert!(
            h.query_by_label(title).is_some(),
            "step {n}: no title {title:?}"
        );
        assert!(
            h.query_by_label(&format!("第 {n} 步，共 8 步")).is_some(),
            "step {n}: no step counter"
        );
        assert!(h.query_by_label("离开课程（L）").is_some());
        assert!(h.query_by_label("重置这一步的示例").is_some());
        assert!(
            h.query_by_label("Leave lesson (L)").is_none(),
            "English left in step {n}"
        );
    }
}
