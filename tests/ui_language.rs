//! Switching the interface's language at run time (a binary of its own: the language is
//! global, and the other UI tests expect theirs to stay put).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::harness;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::i18n::{Language, set_language};
use nnviz::ui::{NnvizApp, PersistedState};

#[test]
fn switching_back_to_english_changes_the_labels_at_once() {
    set_language(Language::SimplifiedChinese);
    let mut h = harness(PersistedState::tutorial());
    h.run_steps(2);
    let has = |h: &Harness<'_, NnvizApp>, l: &str| h.query_all_by_label(l).next().is_some();
    assert!(has(&h, "学习率"));
    h.state_mut().set_language(Language::English);
    h.run_steps(2);
    assert!(has(&h, "Learning rate"));
    assert!(!has(&h, "学习率"));
    assert_eq!(h.state().persisted().language, Some(Language::English));
    h.state_mut().set_language(Language::SimplifiedChinese);
    h.run_steps(2);
    assert!(has(&h, "学习率"));
}
