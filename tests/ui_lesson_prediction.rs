//! Lesson step 7, Prediction (egui_kittest): the tutorial's network trains its 10,000 steps,
//! the map is drawn in flat class colours, and "Export picture…" saves a 500 × 500 PNG
//! through the app's picture export, which ticks the task.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::Key;
use egui_kittest::kittest::Queryable;
use nnviz::ui::PersistedState;
use nnviz::ui::lesson::{LessonProgress, LessonStep};

mod common;
use common::lesson::ticked;
use common::{harness, settle, tmp, wait_until};

#[test]
fn the_trained_map_is_exported_at_500_px() {
    let mut h = harness(PersistedState {
        running: false,
        lesson: LessonProgress::default().opened_at(LessonStep::Prediction),
        ..PersistedState::tutorial()
    });
    settle(&mut h);
    wait_until(&mut h, "10,000 steps", |a| {
        a.heatmap().is_some_and(|f| f.model.step >= 10_000)
    });
    settle(&mut h);
    assert_eq!(h.state().heatmap().unwrap().model.step, 10_000);
    assert!(
        h.state().persisted().view_settings.discretize,
        "flat colours"
    );
    assert!(h.query_by_label("Trained 10000 of 10000 steps").is_some());
    assert!(!ticked(&h, "prediction-export"));

    let png = tmp("lesson-prediction", "picture.png");
    let _ = std::fs::remove_file(&png);
    h.get_by_label("Export picture…").click();
    h.run_steps(3);
    assert!(h.state().file_dialog_open());
    assert!(
        !ticked(&h, "prediction-export"),
        "not before the picture exists"
    );
    // The dialog is the app's own picture export; save through it at the size it offers.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.state_mut().export_png_path(&png, 500, false).unwrap();
    h.run_steps(2);
    for _ in 0..500 {
        if ticked(&h, "prediction-export") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert!(ticked(&h, "prediction-export"));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let hgt = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, hgt), (500, 500));
}
