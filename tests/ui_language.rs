//! Switching the interface's language at run time (a binary of its own: the language is
//! global, and the other UI tests expect theirs to stay put).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::harness;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::i18n::{Language, set_language};
use nnviz::ui::{NnvizApp, PersistedState};
use std::sync::Mutex;

/// The language is global: the tests of this binary take turns.
static TURN: Mutex<()> = Mutex::new(());

#[test]
fn switching_back_to_english_changes_the_labels_at_once() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
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

#[test]
fn the_view_menu_switches_the_language() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    set_language(Language::English);
    let mut h = harness(PersistedState::tutorial());
    // The menu bar's View (the side panel has a section of that name too).
    h.query_all_by_label("View")
        .next()
        .expect("the View menu")
        .click();
    h.run_steps(2);
    h.get_by_label("Language").click();
    h.run_steps(2);
    h.get_by_label("简体中文").click();
    h.run_steps(3);
    assert_eq!(nnviz::i18n::language(), Language::SimplifiedChinese);
    assert_eq!(
        h.state().persisted().language,
        Some(Language::SimplifiedChinese)
    );
    assert!(h.query_all_by_label("学习率").next().is_some());
    h.state_mut().set_language(Language::English);
    h.run_steps(2);
}
