//! Every row of the shortcut table, pressed in the real app (egui_kittest), does what its
//! help text says; the help list in the side panel is exactly the table and the gestures.
//!
//! The table drives the tests: each `Shortcut` has a case in [`exercise`] (a `match` with no
//! wildcard, so a new variant does not compile until it has one), every key of every row is
//! pressed, and [`every_row_of_the_table_has_a_test`] fails when a row's shortcut is not
//! covered by one of the named tests below.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Key, KeyboardShortcut, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use nnviz::data::{Bounds, Dataset};
use nnviz::ui::action::{KEY_PAN, KEY_ZOOM};
use nnviz::ui::shortcuts::{Shortcut, TABLE, gestures, help_rows};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{harness, screen_of, settle, tmp, wait_until};

type H = Harness<'static, NnvizApp>;

fn paused() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

/// A paused tutorial whose worker has published its first stats and heatmap.
fn ready() -> H {
    let mut h = harness(paused());
    wait_until(&mut h, "the paused worker's stats and heatmap", |a| {
        a.last_stats().is_some_and(|s| !s.running) && a.heatmap().is_some()
    });
    h
}

/// Presses `key` (with its modifiers) and runs two frames.
fn press(h: &mut H, key: KeyboardShortcut) {
    h.key_press_modifiers(key.modifiers, key.logical_key);
    h.run_steps(2);
}

fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

fn step_of(h: &H) -> u64 {
    h.state().last_stats().unwrap().step
}

fn centre(v: &Bounds) -> [f64; 2] {
    [(v.x_min + v.x_max) / 2.0, (v.y_min + v.y_max) / 2.0]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Moves the cursor to `pos` and runs a few frames.
fn hover(h: &mut H, pos: Pos2) {
    h.hover_at(pos);
    h.run_steps(3);
}

/// Diagram keys need the diagram drawn (with its unit maps) and focused.
fn focused_diagram() -> H {
    let mut h = ready();
    wait_until(&mut h, "the diagram", |a| {
        a.diagram_edge_pos(0, 1, 3).is_some() && a.heatmap().is_some_and(|f| f.unit_maps.is_some())
    });
    h.run_steps(2);
    h.get_by_label("Network diagram").focus();
    h.run_steps(2);
    assert_eq!(
        h.state().diagram_key_unit(),
        Some((1, 0)),
        "first hidden unit"
    );
    h
}

/// Explain mode open, the cursor resting on an empty spot of the canvas.
fn explaining() -> (H, Pos2) {
    let mut h = ready();
    press(&mut h, plain(Key::E));
    assert!(h.state().explain_open());
    let spot = screen_of(&h, [6.5, 8.0]);
    hover(&mut h, spot);
    assert!(
        h.state().current_explanation().unwrap().backward.is_empty(),
        "only a forward pass at an empty spot"
    );
    (h, spot)
}

/// Whether explain mode shows training point `i` (its forward pass and its backward pass).
fn explains_point(h: &H, i: usize) -> bool {
    let p = h.state().dataset().points[i];
    let ex = h.state().current_explanation().unwrap();
    ex.forward[0].values == vec![p.pos_in_data[0], p.pos_in_data[1]]
        && !ex.backward.is_empty()
        && h.query_all_by_label_contains(&format!("Training point #{i} "))
            .next()
            .is_some()
}

/// Presses `key`, one of the keys of `s`'s row, in a fresh app and checks its effect.
fn exercise(s: Shortcut, key: KeyboardShortcut) {
    match s {
        Shortcut::Undo => {
            let mut h = ready();
            h.state_mut().add_point([6.5, 8.0]);
            h.run_steps(2);
            assert!(h.state().can_undo());
            press(&mut h, key);
            assert_eq!(h.state().dataset(), &Dataset::seed(), "the point is gone");
            assert!(h.state().can_redo());
        }
        Shortcut::Redo => {
            let mut h = ready();
            h.state_mut().add_point([6.5, 8.0]);
            h.run_steps(2);
            h.state_mut().undo();
            h.run_steps(2);
            assert_eq!(h.state().dataset(), &Dataset::seed());
            press(&mut h, key);
            let d = h.state().dataset();
            assert_eq!(d.points.len(), 9, "the point is back");
            assert_eq!(d.points[8].pos_in_data, [6.5, 8.0]);
            assert!(!h.state().can_redo());
        }
        Shortcut::Save => {
            // Without a file yet, it asks for a name.
            let mut h = ready();
            press(&mut h, key);
            assert!(h.state().file_dialog_open());
            h.get_by_label("Save session as");
            // With one, it saves there.
            let mut h = ready();
            let path = tmp("ui-shortcuts", "save.json");
            let _ = std::fs::remove_file(&path);
            h.state_mut().save_session_path(&path);
            wait_until(&mut h, "the first save", |a| !a.is_saving());
            assert_eq!(h.state().current_session_path(), Some(path.as_path()));
            h.state_mut().add_point([6.5, 8.0]);
            h.run_steps(2);
            press(&mut h, key);
            assert!(!h.state().file_dialog_open());
            wait_until(&mut h, "the save", |a| !a.is_saving());
            let saved = nnviz::session::Session::load(&path).unwrap();
            assert_eq!(
                &saved.dataset,
                h.state().dataset(),
                "the new point is saved"
            );
            assert_eq!(saved.dataset.points.len(), 9);
        }
        Shortcut::SaveAs => {
            let mut h = ready();
            press(&mut h, key);
            assert!(h.state().file_dialog_open());
            h.get_by_label("Save session as");
        }
        Shortcut::Open => {
            let mut h = ready();
            press(&mut h, key);
            assert!(h.state().file_dialog_open());
            h.get_by_label("Open session");
        }
        Shortcut::Escape => {
            // Presentation mode.
            let mut h = ready();
            press(&mut h, plain(Key::F11));
            assert!(h.state().presenting());
            press(&mut h, key);
            assert!(!h.state().presenting(), "Escape ends presentation mode");
            // The unit inspector.
            let mut h = focused_diagram();
            press(&mut h, plain(Key::W));
            assert!(h.state().unit_inspector_open());
            press(&mut h, key);
            assert!(
                !h.state().unit_inspector_open(),
                "Escape closes the inspector"
            );
        }
        Shortcut::Presentation => {
            let mut h = ready();
            assert!(!h.state().presenting());
            press(&mut h, key);
            assert!(h.state().presenting());
            press(&mut h, key);
            assert!(!h.state().presenting());
        }
        Shortcut::DiagramUp => {
            let mut h = focused_diagram();
            press(&mut h, plain(Key::ArrowDown));
            press(&mut h, plain(Key::ArrowDown));
            assert_eq!(h.state().diagram_key_unit(), Some((1, 2)));
            press(&mut h, key);
            assert_eq!(h.state().diagram_key_unit(), Some((1, 1)));
        }
        Shortcut::DiagramDown => {
            let mut h = focused_diagram();
            press(&mut h, key);
            assert_eq!(h.state().diagram_key_unit(), Some((1, 1)));
        }
        Shortcut::DiagramLeft => {
            let mut h = focused_diagram();
            let view = h.state().view();
            press(&mut h, key);
            assert_eq!(h.state().diagram_key_unit(), Some((0, 0)), "an input");
            assert_eq!(h.state().view(), view, "no pan");
        }
        Shortcut::DiagramRight => {
            let mut h = focused_diagram();
            let step = step_of(&h);
            press(&mut h, key);
            assert_eq!(h.state().diagram_key_unit(), Some((2, 0)), "the output");
            settle(&mut h);
            assert_eq!(step_of(&h), step, "→ moved the highlight, not the training");
        }
        Shortcut::DiagramShowUnit => {
            let mut h = focused_diagram();
            press(&mut h, plain(Key::ArrowDown));
            press(&mut h, key);
            assert_eq!(h.state().selected_unit(), Some((1, 1)));
            wait_until(&mut h, "the unit's map", |a| {
                a.heatmap()
                    .and_then(|f| f.unit_image.as_ref())
                    .is_some_and(|u| (u.layer, u.unit) == (1, 1))
            });
            press(&mut h, key);
            assert_eq!(
                h.state().selected_unit(),
                None,
                "again: back to the network's map"
            );
        }
        Shortcut::DiagramWeights => {
            let mut h = focused_diagram();
            assert!(!h.state().unit_inspector_open());
            press(&mut h, key);
            assert!(h.state().unit_inspector_open());
        }
        Shortcut::ZoomIn | Shortcut::ZoomOut => {
            let mut h = ready();
            let v0 = h.state().view();
            press(&mut h, key);
            let v = h.state().view();
            let factor = if s == Shortcut::ZoomIn {
                1.0 / KEY_ZOOM
            } else {
                KEY_ZOOM
            };
            assert!(close(v.width(), v0.width() * factor), "{v:?} from {v0:?}");
            assert!(close(v.height(), v0.height() * factor), "{v:?} from {v0:?}");
            let (c, c0) = (centre(&v), centre(&v0));
            assert!(close(c[0], c0[0]) && close(c[1], c0[1]), "about the centre");
        }
        Shortcut::Fit => {
            let mut h = ready();
            let fitted = Dataset::seed().view_bounds();
            assert_eq!(h.state().view(), fitted);
            press(&mut h, plain(Key::Minus));
            press(
                &mut h,
                KeyboardShortcut::new(Modifiers::SHIFT, Key::ArrowLeft),
            );
            assert_ne!(h.state().view(), fitted);
            press(&mut h, key);
            assert_eq!(h.state().view(), fitted);
        }
        Shortcut::PanLeft | Shortcut::PanRight | Shortcut::PanUp | Shortcut::PanDown => {
            let mut h = ready();
            let step = step_of(&h);
            let v0 = h.state().view();
            press(&mut h, key);
            let v = h.state().view();
            let (fx, fy) = match s {
                Shortcut::PanLeft => (-KEY_PAN, 0.0),
                Shortcut::PanRight => (KEY_PAN, 0.0),
                Shortcut::PanUp => (0.0, KEY_PAN),
                _ => (0.0, -KEY_PAN),
            };
            assert!(close(v.x_min, v0.x_min + fx * v0.width()), "{s:?}: {v:?}");
            assert!(close(v.x_max, v0.x_max + fx * v0.width()), "{s:?}: {v:?}");
            assert!(close(v.y_min, v0.y_min + fy * v0.height()), "{s:?}: {v:?}");
            assert!(close(v.y_max, v0.y_max + fy * v0.height()), "{s:?}: {v:?}");
            settle(&mut h);
            assert_eq!(step_of(&h), step, "{s:?} does not step");
        }
        Shortcut::AddPoint => {
            let mut h = ready();
            h.state_mut().select_class(0);
            let target = [5.5, 6.5];
            let at = screen_of(&h, target);
            hover(&mut h, at);
            press(&mut h, key);
            let d = h.state().dataset();
            assert_eq!(d.points.len(), 9);
            let p = d.points[8];
            assert_eq!(p.class, 0);
            assert!(
                (p.pos_in_data[0] - target[0]).hypot(p.pos_in_data[1] - target[1]) < 0.05,
                "added at the cursor: {p:?}"
            );
        }
        Shortcut::DeleteHovered => {
            let mut h = ready();
            // Point 3 is (6, 4).
            let at = screen_of(&h, [6.0, 4.0]);
            hover(&mut h, at);
            press(&mut h, key);
            let d = h.state().dataset();
            assert_eq!(d.points.len(), 7);
            assert!(d.points.iter().all(|p| p.pos_in_data != [6.0, 4.0]));
            // Off any point, nothing is deleted.
            let at = screen_of(&h, [6.5, 8.0]);
            hover(&mut h, at);
            press(&mut h, key);
            assert_eq!(h.state().dataset().points.len(), 7);
        }
        Shortcut::Step => {
            let mut h = ready();
            let step = step_of(&h);
            press(&mut h, key);
            wait_until(&mut h, "one step", |a| {
                a.last_stats().is_some_and(|st| st.step == step + 1)
            });
            settle(&mut h);
            assert_eq!(step_of(&h), step + 1, "exactly one");
            assert!(!h.state().is_running());
        }
        Shortcut::Reset => {
            let mut h = ready();
            for _ in 0..3 {
                h.state_mut().step_once();
            }
            wait_until(&mut h, "three steps", |a| {
                a.last_stats().is_some_and(|st| st.step == 3)
            });
            let before = h.state().heatmap().unwrap().model.mlp.clone();
            press(&mut h, key);
            wait_until(&mut h, "new weights at step 0", |a| {
                a.last_stats().is_some_and(|st| st.step == 0)
                    && a.heatmap().is_some_and(|f| f.step == 0)
            });
            assert_ne!(h.state().heatmap().unwrap().model.mlp, before);
        }
        Shortcut::Class(c) => {
            let mut h = ready();
            h.state_mut().set_num_classes(8);
            h.state_mut().select_class(if c == 0 { 1 } else { 0 });
            h.run_steps(2);
            press(&mut h, key);
            assert_eq!(h.state().selected_class(), c);
        }
        Shortcut::ToggleDiagram => {
            let mut h = ready();
            let open = h.state().diagram_open();
            press(&mut h, key);
            assert_eq!(h.state().diagram_open(), !open);
            press(&mut h, key);
            assert_eq!(h.state().diagram_open(), open);
        }
        Shortcut::ToggleExplain => {
            let mut h = ready();
            assert!(!h.state().explain_open());
            press(&mut h, key);
            assert!(h.state().explain_open());
            press(&mut h, key);
            assert!(!h.state().explain_open());
        }
        Shortcut::ToggleTimeline => {
            let mut h = ready();
            assert!(!h.state().timeline_open());
            press(&mut h, key);
            assert!(h.state().timeline_open());
            press(&mut h, key);
            assert!(!h.state().timeline_open());
        }
        Shortcut::ToggleDiscretize => {
            let mut h = ready();
            assert!(!h.state().persisted().view_settings.discretize);
            press(&mut h, key);
            assert!(h.state().persisted().view_settings.discretize);
            assert!(h.state().inside().diagram_open(), "D's diagram stays");
            press(&mut h, key);
            assert!(!h.state().persisted().view_settings.discretize);
        }
        Shortcut::ToggleTestPoints => {
            let mut h = ready();
            assert!(h.state().persisted().view_settings.show_test_points);
            press(&mut h, key);
            assert!(!h.state().persisted().view_settings.show_test_points);
            assert!(!h.state().timeline_open(), "T's timeline stays shut");
            press(&mut h, key);
            assert!(h.state().persisted().view_settings.show_test_points);
        }
        Shortcut::ToggleHiddenSpace => {
            let mut h = ready();
            assert!(!h.state().hidden_space_open());
            press(&mut h, key);
            assert!(h.state().hidden_space_open());
            wait_until(&mut h, "the hidden space", |a| {
                a.heatmap().is_some_and(|f| f.hidden_space.is_some())
            });
            press(&mut h, key);
            assert!(!h.state().hidden_space_open());
        }
        Shortcut::ToggleLesson => {
            let mut h = ready();
            assert!(!h.state().persisted().lesson.open);
            press(&mut h, key);
            assert!(h.state().persisted().lesson.open);
            press(&mut h, key);
            assert!(!h.state().persisted().lesson.open);
        }
        Shortcut::ExplainNext => {
            let (mut h, _) = explaining();
            press(&mut h, key);
            assert!(explains_point(&h, 0), "the first training point");
            press(&mut h, key);
            assert!(explains_point(&h, 1), "the next one");
        }
        Shortcut::ExplainPrev => {
            let (mut h, _) = explaining();
            press(&mut h, plain(Key::CloseBracket));
            press(&mut h, plain(Key::CloseBracket));
            assert!(explains_point(&h, 1));
            press(&mut h, key);
            assert!(explains_point(&h, 0), "the previous one");
            press(&mut h, key);
            assert!(explains_point(&h, 7), "wraps around to the last");
        }
        Shortcut::ExplainPin => {
            let (mut h, _) = explaining();
            // (5, 2) is point #4.
            let at = screen_of(&h, [5.4, 2.5]);
            hover(&mut h, at);
            press(&mut h, key);
            assert!(explains_point(&h, 4));
        }
    }
}

/// Runs [`exercise`] for every key of every table row whose shortcut `which` accepts
/// (there must be at least one).
fn exercise_rows(which: impl Fn(Shortcut) -> bool) {
    let mut n = 0;
    for row in TABLE.iter().filter(|r| which(r.shortcut)) {
        assert!(!row.keys.is_empty(), "{:?} has keys", row.shortcut);
        for &key in row.keys {
            exercise(row.shortcut, key);
            n += 1;
        }
    }
    assert!(n > 0, "the table has such a row");
}

/// One test per shortcut; `tested` says which shortcuts these tests cover.
macro_rules! shortcut_tests {
    ($($name:ident => $pat:pat,)*) => {
        $(
            #[test]
            fn $name() {
                exercise_rows(|s| matches!(s, $pat));
            }
        )*

        fn tested(s: Shortcut) -> bool {
            false $(|| matches!(s, $pat))*
        }
    };
}

shortcut_tests! {
    undo => Shortcut::Undo,
    redo => Shortcut::Redo,
    save => Shortcut::Save,
    save_as => Shortcut::SaveAs,
    open => Shortcut::Open,
    escape => Shortcut::Escape,
    presentation => Shortcut::Presentation,
    diagram_up => Shortcut::DiagramUp,
    diagram_down => Shortcut::DiagramDown,
    diagram_left => Shortcut::DiagramLeft,
    diagram_right => Shortcut::DiagramRight,
    diagram_show_unit => Shortcut::DiagramShowUnit,
    diagram_weights => Shortcut::DiagramWeights,
    zoom_in => Shortcut::ZoomIn,
    zoom_out => Shortcut::ZoomOut,
    fit => Shortcut::Fit,
    pan_left => Shortcut::PanLeft,
    pan_right => Shortcut::PanRight,
    pan_up => Shortcut::PanUp,
    pan_down => Shortcut::PanDown,
    add_point => Shortcut::AddPoint,
    delete_hovered => Shortcut::DeleteHovered,
    step => Shortcut::Step,
    reset => Shortcut::Reset,
    class_keys => Shortcut::Class(_),
    toggle_diagram => Shortcut::ToggleDiagram,
    toggle_explain => Shortcut::ToggleExplain,
    toggle_timeline => Shortcut::ToggleTimeline,
    toggle_discretize => Shortcut::ToggleDiscretize,
    toggle_test_points => Shortcut::ToggleTestPoints,
    toggle_hidden_space => Shortcut::ToggleHiddenSpace,
    toggle_lesson => Shortcut::ToggleLesson,
    explain_next => Shortcut::ExplainNext,
    explain_prev => Shortcut::ExplainPrev,
    explain_pin => Shortcut::ExplainPin,
}

#[test]
fn every_row_of_the_table_has_a_test() {
    for row in TABLE {
        assert!(tested(row.shortcut), "{:?} has no test", row.shortcut);
    }
    // Every class key 0..7 is a row.
    for c in 0..8 {
        assert!(
            TABLE.iter().any(|r| r.shortcut == Shortcut::Class(c)),
            "class {c} has a key"
        );
    }
}

#[test]
fn a_tap_on_space_toggles_play() {
    assert!(
        gestures()
            .iter()
            .any(|(k, w)| k == "Space" && w == "play / pause")
    );
    let mut h = ready();
    assert!(!h.state().is_running());
    press(&mut h, plain(Key::Space));
    assert!(h.state().is_running());
    let step = step_of(&h);
    wait_until(&mut h, "training", |a| {
        a.last_stats().is_some_and(|s| s.running && s.step > step)
    });
    press(&mut h, plain(Key::Space));
    assert!(!h.state().is_running());
    wait_until(&mut h, "the worker to pause", |a| {
        a.last_stats().is_some_and(|s| !s.running)
    });
}

/// A label's text (egui puts it in the node's value or its label).
fn text<'t>(n: &impl NodeT<'t>) -> String {
    let n = n.accesskit_node();
    n.label().or_else(|| n.value()).unwrap_or_default()
}

#[test]
fn the_help_lists_exactly_the_table_then_the_gestures() {
    let mut h = harness(paused());
    h.run_steps(2);
    h.get_by_label("Keyboard shortcuts").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Keyboard shortcuts").click();
    h.run_steps(3);
    let rows = help_rows(&h.ctx);
    assert_eq!(rows.len(), TABLE.len() + gestures().len());
    // The help's grid: the parent of the first row's key label (beside its words); its
    // labels, in order, are the list.
    let (first_key, first_what) = &rows[0];
    let first = h
        .query_all_by_label(first_key)
        .find(|k| {
            k.parent()
                .is_some_and(|p| p.children().any(|c| text(&c) == *first_what))
        })
        .unwrap_or_else(|| panic!("a help row {first_key:?} {first_what:?}"));
    let grid = first.parent().unwrap();
    let labels: Vec<String> = grid.children().map(|c| text(&c)).collect();
    let expected: Vec<String> = rows
        .iter()
        .flat_map(|(k, w)| [k.clone(), w.clone()])
        .collect();
    assert_eq!(
        labels, expected,
        "the help is the table, in order, and nothing else"
    );
    // Each key is on the row of its words.
    let nodes: Vec<_> = grid.children().collect();
    for pair in nodes.chunks(2) {
        let (k, w) = (pair[0].rect(), pair[1].rect());
        assert!(k.max.x <= w.min.x, "keys left of their words");
        assert!(k.min.y.max(w.min.y) < k.max.y.min(w.max.y), "on one row");
    }
}
