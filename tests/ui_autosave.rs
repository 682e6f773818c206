//! Crash-safe autosave: the app writes the whole session while it runs, so a kill (no exit,
//! no drop) loses at most the last few seconds; the next start restores the points, the
//! weights and the step, and says it recovered.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::PointerButton;
use nnviz::session::Session;
use nnviz::ui::PersistedState;
use nnviz::ui::parts::files::autosave::AutosaveDelays;
use std::time::Duration;

mod common;
use common::{click_data, harness, settle, tmp, wait_until};

fn now_delays() -> AutosaveDelays {
    AutosaveDelays {
        after_points_edit: Duration::ZERO,
        points_at_most: Duration::ZERO,
        any_at_most: Duration::ZERO,
    }
}

#[test]
fn a_killed_app_comes_back_with_its_points_weights_and_step() {
    let dir = tmp("autosave", "killed");
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("autosave.json");

    let mut h = harness(PersistedState::tutorial());
    assert!(
        !h.state_mut().begin_autosave(path.clone(), now_delays()),
        "a first run"
    );
    wait_until(&mut h, "500 steps", |a| {
        a.last_stats().is_some_and(|s| s.step >= 500)
    });
    h.state_mut().set_running(false);
    settle(&mut h);
    click_data(&mut h, [6.5, 8.0], PointerButton::Primary);
    settle(&mut h);
    assert_eq!(h.state().dataset().points.len(), 9);
    let step = h.state().last_stats().unwrap().step;
    // The autosave is written in the background, with the edit and the step in it.
    let mut saved = None;
    for _ in 0..400 {
        settle(&mut h);
        if let Ok(s) = Session::load(&path)
            && s.dataset.points.len() == 9
            && s.trainer_state.steps == step
        {
            saved = Some(s);
            break;
        }
        h.state_mut().wait_for_autosave();
    }
    let saved = saved.expect("an autosave with the new point and the step");
    let weights = h.state().heatmap().unwrap().model.mlp.parameters();
    // Killed: no exit, no drop, nothing more is written.
    std::mem::forget(h);

    let mut h = harness(PersistedState::tutorial());
    assert!(
        h.state_mut().begin_autosave(path.clone(), now_delays()),
        "the marker says the last run did not end cleanly"
    );
    assert!(h.state_mut().restore_autosave());
    settle(&mut h);
    settle(&mut h);
    assert_eq!(h.state().dataset(), &saved.dataset);
    assert_eq!(h.state().last_stats().unwrap().step, step);
    assert_eq!(h.state().heatmap().unwrap().model.mlp.parameters(), weights);
    let said = &h.state().messages().last().unwrap().text;
    assert!(said.starts_with("Recovered your session from "), "{said}");

    // A clean exit removes the marker: the next start is not a recovery.
    h.state_mut().exit_cleanly().unwrap();
    drop(h);
    let mut h = harness(PersistedState::tutorial());
    assert!(!h.state_mut().begin_autosave(path, now_delays()));
}

#[test]
fn a_points_edit_is_autosaved_while_the_window_is_idle() {
    let dir = tmp("autosave", "idle");
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("autosave.json");
    let mut h = harness(PersistedState {
        running: false,
        ..PersistedState::tutorial()
    });
    h.state_mut().begin_autosave(path.clone(), now_delays());
    settle(&mut h);
    click_data(&mut h, [6.5, 8.0], PointerButton::Primary);
    for _ in 0..400 {
        settle(&mut h);
        if Session::load(&path).is_ok_and(|s| s.dataset.points.len() == 9) {
            assert!(h.state().last_autosave().is_some() || path.is_file());
            return;
        }
        h.state_mut().wait_for_autosave();
    }
    panic!("the edit was not autosaved");
}

#[test]
fn points_whose_inputs_overflow_are_refused_not_trained_to_nan() {
    use nnviz::data::{Column, CsvColumns};
    use nnviz::nn::Feature;
    let mut state = PersistedState::tutorial();
    state.model_config.features = vec![Feature::X, Feature::Y, Feature::XSquared];
    // A network of the user's with raw inputs (the tutorial's would become the playground's,
    // whose normalised inputs stay finite).
    state.model_config.bias = true;
    let mut h = harness(state);
    settle(&mut h);
    let path = tmp("autosave", "huge.csv");
    std::fs::write(&path, "x,y,label\n1e300,0,0\n0,1,1\n2,2,0\n").unwrap();
    let cols = CsvColumns {
        x: Column::Index(0),
        y: Column::Index(1),
        label: Column::Index(2),
    };
    let before = h.state().dataset().clone();
    let err = h.state_mut().import_csv_path(&path, &cols).unwrap_err();
    assert!(err.contains("Not imported") && err.contains("x²"), "{err}");
    assert_eq!(h.state().dataset(), &before);
}
