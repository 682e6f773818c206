//! Headless tests of files and safety in the app (egui_kittest): undo/redo of point edits,
//! session save/open round trips (also with `nnviz train`), invalid files changing nothing,
//! drag-and-drop, the in-app file dialog, CSV and PNG export.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Key, Modifiers, PointerButton, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{CsvColumns, Dataset};
use nnviz::session::Session;
use nnviz::ui::{NnvizApp, PersistedState};
use std::path::{Path, PathBuf};

mod common;
use common::{click_data, harness, nnviz, press, screen_of, settle, wait_until};

fn paused_state() -> PersistedState {
    PersistedState {
        running: false,
        ..PersistedState::tutorial()
    }
}

/// Saves through the app and waits until the file is written.
fn save(h: &mut Harness<'_, NnvizApp>, path: &Path) -> Session {
    let _ = std::fs::remove_file(path);
    h.state_mut().save_session_path(path);
    wait_until(h, "the session to be saved", |a| !a.is_saving());
    Session::load(path).unwrap_or_else(|e| panic!("saved file does not load: {e}"))
}

/// The points the worker trains on (asked for through a save).
fn worker_dataset(h: &mut Harness<'_, NnvizApp>, name: &str) -> Dataset {
    save(h, &tmp(name)).dataset
}

fn ctrl(h: &mut Harness<'_, NnvizApp>, shift: bool, key: Key) {
    let modifiers = if shift {
        Modifiers::COMMAND | Modifiers::SHIFT
    } else {
        Modifiers::COMMAND
    };
    h.key_press_modifiers(modifiers, key);
    h.step();
    h.step();
}

fn positions(d: &Dataset) -> Vec<[f64; 2]> {
    d.points.iter().map(|p| p.pos_in_data).collect()
}

#[test]
fn undo_and_redo_restore_added_moved_and_deleted_points() {
    let mut h = harness(paused_state());
    let original = h.state().dataset().clone();

    // Add a point with a click.
    click_data(&mut h, [5.0, 8.0], PointerButton::Primary);
    assert_eq!(h.state().dataset().points.len(), 9);
    let after_add = h.state().dataset().clone();

    // Move point 0 with a drag of many frames: one undo step.
    let start = screen_of(&h, [3.0, 1.0]);
    h.hover_at(start);
    h.step();
    press(&mut h, start, PointerButton::Primary, true);
    let end = start + Vec2::new(50.0, -40.0);
    for k in 1..=8 {
        h.hover_at(start + (end - start) * (k as f32 / 8.0));
        h.step();
    }
    press(&mut h, end, PointerButton::Primary, false);
    h.step();
    assert_ne!(h.state().dataset().points[0].pos_in_data, [3.0, 1.0]);
    let after_move = h.state().dataset().clone();

    // Delete a point with a right click.
    click_data(&mut h, [2.0, 5.0], PointerButton::Secondary);
    assert_eq!(h.state().dataset().points.len(), 8);
    let after_delete = h.state().dataset().clone();

    // Ctrl+Z three times walks back through delete, the whole drag, and the add.
    ctrl(&mut h, false, Key::Z);
    assert_eq!(h.state().dataset(), &after_move);
    ctrl(&mut h, false, Key::Z);
    assert_eq!(h.state().dataset(), &after_add, "one drag is one undo step");
    assert_eq!(worker_dataset(&mut h, "w1.json"), after_add);
    ctrl(&mut h, false, Key::Z);
    assert_eq!(h.state().dataset(), &original);
    assert_eq!(worker_dataset(&mut h, "w2.json"), original);

    // Redo with Ctrl+Shift+Z and Ctrl+Y.
    ctrl(&mut h, true, Key::Z);
    assert_eq!(h.state().dataset(), &after_add);
    ctrl(&mut h, false, Key::Y);
    assert_eq!(h.state().dataset(), &after_move);
    ctrl(&mut h, true, Key::Z);
    assert_eq!(h.state().dataset(), &after_delete);
    assert_eq!(worker_dataset(&mut h, "w3.json"), after_delete);
    assert!(!h.state().can_redo());

    // The Edit menu does the same.
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label("Undo Ctrl+Z").click();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &after_move);
    // And the buttons in the menu bar.
    h.get_by_label("↻ Redo").click();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &after_delete);
    h.get_by_label("↺ Undo").click();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &after_move);
}

#[test]
fn clear_and_class_count_are_undoable() {
    let mut h = harness(paused_state());
    let original = h.state().dataset().clone();
    h.state_mut().clear_points();
    h.run_steps(2);
    h.state_mut().set_num_classes(3);
    h.run_steps(2);
    assert_eq!(h.state().dataset().num_classes, 3);
    h.state_mut().undo();
    h.step();
    assert_eq!(h.state().dataset().num_classes, 2);
    assert!(h.state().dataset().points.is_empty());
    h.state_mut().undo();
    h.step();
    assert_eq!(h.state().dataset(), &original);
}

#[test]
fn an_invalid_session_changes_nothing_and_says_why() {
    let mut h = harness(paused_state());
    click_data(&mut h, [5.0, 8.0], PointerButton::Primary);
    let good = tmp("good-before-invalid.json");
    let before = save(&mut h, &good);
    let cases = [
        (
            "truncated.json",
            before.to_json_string().unwrap()[..200].to_owned(),
            "truncated",
        ),
        (
            "version.json",
            before.to_json_string().unwrap().replacen(
                &format!("\"version\":{}", nnviz::session::SESSION_VERSION),
                "\"version\":7",
                1,
            ),
            "unknown session version 7",
        ),
        (
            "nan.json",
            before
                .to_json_string()
                .unwrap()
                .replacen("[3.0,1.0,0]", "[NaN,1.0,0]", 1),
            "not valid JSON",
        ),
        (
            "types.json",
            before.to_json_string().unwrap().replacen(
                "\"num_classes\":2",
                "\"num_classes\":\"two\"",
                1,
            ),
            "not a session",
        ),
        (
            "class.json",
            before
                .to_json_string()
                .unwrap()
                .replacen("[3.0,1.0,0]", "[3.0,1.0,5]", 1),
            "class 5",
        ),
    ];
    for (name, text, expect) in cases {
        let path = tmp(name);
        std::fs::write(&path, &text).unwrap();
        let dataset = h.state().dataset().clone();
        let persisted = h.state().persisted().clone();
        let current = h.state().current_session_path().map(Path::to_path_buf);
        let err = h.state_mut().open_session_path(&path).unwrap_err();
        h.run_steps(2);
        assert!(err.contains(expect), "{name}: {err}");
        assert_eq!(h.state().dataset(), &dataset, "{name}");
        assert_eq!(h.state().persisted(), &persisted, "{name}");
        assert_eq!(
            h.state().current_session_path().map(Path::to_path_buf),
            current
        );
        // The message is in the status bar.
        let last = h.state().messages().last().unwrap().text.clone();
        assert!(last.contains(expect), "{last}");
        // And the worker still has the old session: saving gives the same weights.
        let again = save(&mut h, &tmp("after-invalid.json"));
        assert_eq!(again.dataset, before.dataset);
        assert_eq!(again.weights, before.weights, "{name}");
    }
}

#[test]
fn save_then_open_gives_the_same_points_and_weights_bit_for_bit() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "some training", |a| {
        a.last_stats().is_some_and(|s| s.step > 500)
    });
    h.state_mut().set_running(false);
    settle(&mut h);
    let a = tmp("roundtrip-a.json");
    let saved = save(&mut h, &a);
    assert!(saved.trainer_state.steps > 500);
    assert_eq!(h.state().current_session_path(), Some(a.as_path()));

    // Change everything, then open the file again.
    h.state_mut().reset_weights();
    h.state_mut().add_point([9.0, 9.0]);
    h.state_mut().set_learning_rate(0.5);
    h.run_steps(3);
    h.state_mut().open_session_path(&a).unwrap();
    h.run_steps(3);
    assert_eq!(h.state().dataset(), &saved.dataset);
    assert_eq!(h.state().learning_rate(), saved.model.train.learning_rate);

    let reopened = save(&mut h, &tmp("roundtrip-b.json"));
    assert_eq!(reopened.dataset, saved.dataset);
    assert_eq!(reopened.weights, saved.weights);
    assert_eq!(reopened.trainer_state, saved.trainer_state);
    assert_eq!(reopened.loss_history.first(), saved.loss_history.first());
    // The heatmap's snapshot shows the reopened weights too.
    let params = saved.layer_parameters().unwrap();
    wait_until(&mut h, "the reopened weights on screen", |app| {
        app.heatmap().is_some_and(|f| {
            f.model
                .mlp
                .layers
                .iter()
                .zip(&params)
                .all(|(l, p)| l.weights == p.0)
        })
    });
    assert!(
        h.state()
            .recent_files()
            .iter()
            .any(|p| p.ends_with("roundtrip-a.json"))
    );
}

#[test]
fn sessions_move_between_the_cli_and_the_app() {
    // CLI → app.
    let cli_file = tmp("from-cli.json");
    let out = nnviz(&[
        "train",
        "--steps",
        "300",
        "--print-every",
        "1000",
        "--save",
        cli_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_cli = Session::load(&cli_file).unwrap();
    let mut h = harness(paused_state());
    h.state_mut().open_session_path(&cli_file).unwrap();
    h.run_steps(3);
    assert_eq!(h.state().dataset(), &from_cli.dataset);
    let app_file = tmp("from-app.json");
    let from_app = save(&mut h, &app_file);
    assert_eq!(from_app.weights, from_cli.weights);
    assert_eq!(from_app.trainer_state, from_cli.trainer_state);

    // App → CLI: the app's file continues in `nnviz train --session`, exactly like the
    // CLI's own file does.
    let cont = |session: &Path, save: &Path| {
        let out = nnviz(&[
            "train",
            "--session",
            session.to_str().unwrap(),
            "--steps",
            "100",
            "--print-every",
            "1000",
            "--save",
            save.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Session::load(save).unwrap()
    };
    let a = cont(&app_file, &tmp("cont-app.json"));
    let b = cont(&cli_file, &tmp("cont-cli.json"));
    assert_eq!(a.trainer_state.steps, 400);
    assert_eq!(a.weights, b.weights);
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_session_or_csv_file_opens_it() {
    let mut h = harness(paused_state());
    let mut other = Dataset::seed();
    other.points.truncate(3);
    other.points[0].pos_in_data = [0.5, 0.25];
    let model = nnviz::nn::Model::new(nnviz::nn::ModelConfig::tutorial(), &other, 7).unwrap();
    let path = tmp("dropped.json");
    Session::from_model(&model, &other, 7).save(&path).unwrap();

    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.run_steps(3);
    assert_eq!(positions(h.state().dataset()), positions(&other));
    assert_eq!(h.state().current_session_path(), Some(path.as_path()));

    // A CSV file asks for its columns, then replaces the points (undoable).
    let csv = tmp("dropped.csv");
    std::fs::write(&csv, "label,a,b\nred,1,2\nblue,3,4\nred,5,6\n").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(csv.clone())));
    h.run_steps(3);
    assert!(h.state().file_dialog_open());
    assert_eq!(positions(h.state().dataset()), positions(&other), "not yet");
    // Choose x = column 1, y = column 2, label = column 0.
    h.get_by_label("x column").click();
    h.run_steps(2);
    h.get_by_label("1: a").click();
    h.run_steps(2);
    h.get_by_label("y column").click();
    h.run_steps(2);
    h.get_by_label("2: b").click();
    h.run_steps(2);
    h.get_by_label("label column").click();
    h.run_steps(2);
    h.get_by_label("0: label").click();
    h.run_steps(2);
    h.get_by_label("Import").click();
    h.run_steps(3);
    assert!(!h.state().file_dialog_open());
    assert_eq!(
        positions(h.state().dataset()),
        vec![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    );
    assert_eq!(h.state().class_names(), ["red", "blue"]);
    h.state_mut().undo();
    h.step();
    assert_eq!(positions(h.state().dataset()), positions(&other));
}

#[test]
fn ctrl_o_opens_the_in_app_dialog_and_enter_opens_the_file() {
    let mut h = harness(paused_state());
    let mut d = Dataset::seed();
    d.points.truncate(5);
    let model = nnviz::nn::Model::new(nnviz::nn::ModelConfig::tutorial(), &d, 3).unwrap();
    let path = tmp("dialog.json");
    Session::from_model(&model, &d, 3).save(&path).unwrap();

    ctrl(&mut h, false, Key::O);
    assert!(h.state().file_dialog_open());
    h.get_by_label("Open session");
    let name = h.get_by_label("File name:");
    name.click();
    h.run_steps(2);
    h.get_by_label("File name:")
        .type_text(path.to_str().unwrap());
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(!h.state().file_dialog_open());
    assert_eq!(h.state().dataset(), &d);

    // Esc closes the dialog without doing anything.
    ctrl(&mut h, false, Key::O);
    assert!(h.state().file_dialog_open());
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(!h.state().file_dialog_open());
    assert_eq!(h.state().dataset(), &d);

    // Ctrl+S with a file in use saves to it directly, without a dialog.
    std::fs::remove_file(&path).unwrap();
    ctrl(&mut h, false, Key::S);
    assert!(!h.state().file_dialog_open());
    wait_until(&mut h, "the save", |a| !a.is_saving());
    assert_eq!(Session::load(&path).unwrap().dataset, d);
}

#[test]
fn points_loss_and_pictures_export() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap and a loss curve", |a| {
        a.heatmap().is_some()
            && a.last_stats().is_some_and(|s| s.step > 100)
            && a.loss_history().is_some_and(|l| l.samples().len() > 2)
    });
    let csv = tmp("points.csv");
    h.state_mut().export_csv_path(&csv).unwrap();
    let back = nnviz::data::read_csv_file(&csv, &CsvColumns::default()).unwrap();
    assert_eq!(back.dataset.points, h.state().dataset().points);

    let loss = tmp("loss.csv");
    h.state_mut().export_loss_csv_path(&loss).unwrap();
    let text = std::fs::read_to_string(&loss).unwrap();
    assert!(text.starts_with("step,error,loss\n0,"), "{text}");
    assert!(text.lines().count() > 2);

    for (size, legend) in [(500, true), (1000, false)] {
        let png = tmp(&format!("picture-{size}.png"));
        let _ = std::fs::remove_file(&png);
        h.state_mut().export_png_path(&png, size, legend).unwrap();
        wait_until(&mut h, "the picture", |a| !a.is_exporting());
        assert_eq!(png_size(&png), (size as u32, size as u32));
    }

    // A write into a folder that does not exist fails with a message and no panic.
    let bad = tmp("no-such-dir").join("x").join("p.csv");
    assert!(h.state_mut().export_csv_path(&bad).is_err());
}

fn tmp(name: &str) -> PathBuf {
    common::tmp("ui-files", name)
}

#[test]
fn importing_three_classes_switches_the_worker_to_softmax_cross_entropy() {
    use nnviz::nn::{Activation, Loss};
    let mut h = harness(paused_state());
    assert_ne!(
        h.state().persisted().model_config.train.loss,
        Loss::SoftmaxCrossEntropy
    );
    let csv = tmp("three-classes.csv");
    std::fs::write(
        &csv,
        "x,y,label\n1,2,a\n3,4,b\n5,6,c\n2,2,a\n4,4,b\n6,6,c\n",
    )
    .unwrap();
    h.state_mut()
        .import_csv_path(&csv, &CsvColumns::default())
        .unwrap();
    h.run_steps(3);
    assert_eq!(h.state().dataset().num_classes, 3);
    assert_eq!(
        h.state().persisted().model_config.train.loss,
        Loss::SoftmaxCrossEntropy
    );
    let said: Vec<&str> = h
        .state()
        .messages()
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert!(
        said.iter()
            .any(|m| m.contains("Imported 6 points") && m.contains("cross-entropy")),
        "{said:?}"
    );

    // The worker trains 3 softmax outputs with cross-entropy.
    let session = save(&mut h, &tmp("three-classes.json"));
    assert_eq!(session.model.train.loss, Loss::SoftmaxCrossEntropy);
    let model = session.to_model().unwrap();
    let out = model.mlp().layers.last().unwrap();
    assert_eq!(out.activation, Activation::Softmax);
    assert_eq!(out.weights.ncols(), 3);
}

/// An app that restored (or tried to restore) the autosave file `path` before its first
/// frame, as at start.
fn started_with_autosave(path: &Path) -> (Harness<'static, NnvizApp>, bool) {
    let mut app = NnvizApp::new_for_test(paused_state());
    app.set_autosave_path(path.to_path_buf());
    let restored = app.restore_autosave();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(|ui, app: &mut NnvizApp| app.ui_root(ui), app);
    h.run_steps(3);
    (h, restored)
}

#[test]
fn points_and_weights_saved_on_exit_come_back_on_the_next_start() {
    let path = tmp("autosave-roundtrip").join("autosave.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);

    let mut h = harness(PersistedState::tutorial());
    h.state_mut().set_autosave_path(path.clone());
    wait_until(&mut h, "some training", |a| {
        a.last_stats().is_some_and(|s| s.step > 200)
    });
    h.state_mut().set_running(false);
    h.state_mut().add_point([9.0, 9.0]);
    h.run_steps(3);
    let before = save(&mut h, &tmp("before-exit.json"));
    assert_eq!(before.dataset.points.len(), 9);
    assert_eq!(h.state_mut().autosave().unwrap(), path);
    drop(h);

    let (mut h, restored) = started_with_autosave(&path);
    assert!(restored);
    assert_eq!(h.state().dataset(), &before.dataset);
    assert!(
        !h.state().can_undo(),
        "a restored session is not an undo step"
    );
    let after = save(&mut h, &tmp("after-start.json"));
    assert_eq!(after.dataset, before.dataset);
    assert_eq!(after.weights, before.weights);
    assert_eq!(after.trainer_state, before.trainer_state);
}

#[test]
fn a_damaged_autosave_is_kept_aside_and_the_app_starts_from_the_tutorial() {
    let dir = tmp("autosave-damaged");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("autosave.json");
    let damaged = "{\"version\":2,\"dataset\":{\"points\":[[3.0,1.0,0],[2.0";
    std::fs::write(&path, damaged).unwrap();

    let (mut h, restored) = started_with_autosave(&path);
    assert!(!restored);
    assert_eq!(h.state().dataset(), &Dataset::seed());
    let kept = dir.join("autosave.damaged.json");
    let warning = h
        .state()
        .messages()
        .iter()
        .find(|m| m.text.contains("could not be restored"))
        .map(|m| m.text.clone())
        .expect("a warning about the autosave");
    assert!(
        warning.contains(&kept.display().to_string()),
        "the warning says where the file went: {warning}"
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);

    // The next exit writes a good autosave and leaves the damaged copy alone.
    h.state_mut().autosave().unwrap();
    assert_eq!(Session::load(&path).unwrap().dataset, Dataset::seed());
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);

    // A second damaged file does not replace the first copy.
    std::fs::write(&path, "not json").unwrap();
    let (h, restored) = started_with_autosave(&path);
    assert!(!restored);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), damaged);
    assert_eq!(
        std::fs::read_to_string(dir.join("autosave.damaged-2.json")).unwrap(),
        "not json"
    );
    drop(h);
}

#[test]
fn imported_points_get_a_train_test_split_that_undo_takes_back() {
    use egui::accesskit::Role;
    let mut h = harness(paused_state());
    let csv = tmp("to-split.csv");
    let mut text = String::from("x,y,label\n");
    for i in 0..20 {
        text.push_str(&format!("{i},{},{}\n", i % 7, i % 2));
    }
    std::fs::write(&csv, text).unwrap();
    h.state_mut()
        .import_csv_path(&csv, &CsvColumns::default())
        .unwrap();
    h.run_steps(3);
    let imported = h.state().dataset().clone();
    assert_eq!(imported.test_points().count(), 0);
    // The hint speaks of these points, not of the tutorial's.
    assert!(h.query_by_label_contains("the tutorial's 8").is_none());
    h.get_by_label_contains("20 points of your own (0 test)");

    h.get_by_role_and_label(Role::Slider, "Test share")
        .set_value_accesskit(30.0);
    h.run_steps(2);
    h.get_by_label("Split train/test").click();
    h.run_steps(3);
    let split = h.state().dataset().clone();
    assert_eq!(positions(&split), positions(&imported), "no point moved");
    assert_eq!(split.test_points().count(), 6);
    assert_eq!(split.test_points().filter(|p| p.class == 0).count(), 3);
    // Deterministic: the data module's split with the same share and seed.
    let mut expected = imported.clone();
    let seed = h.state().persisted().generator.params.seed;
    nnviz::data::split_test(&mut expected, 0.3, seed).unwrap();
    assert_eq!(split, expected);
    assert_eq!(worker_dataset(&mut h, "split.json"), expected);
    h.get_by_label_contains("20 points of your own (6 test)");

    // One undo step brings back the unsplit points, in the worker too.
    h.state_mut().undo();
    h.run_steps(2);
    assert_eq!(h.state().dataset(), &imported);
    assert_eq!(worker_dataset(&mut h, "unsplit.json"), imported);
}

#[test]
fn the_dataset_hint_follows_the_points_not_the_last_preset() {
    use nnviz::data::{Preset, PresetParams, generate};
    let mut h = harness(paused_state());
    assert_eq!(h.state().persisted().generator.preset, Preset::Seed);
    h.get_by_label_contains("the tutorial's 8 have no settings");

    // A 4-class spiral from a session file, while the generator still says "seed".
    let params = PresetParams {
        classes: 4,
        points: 200,
        ..PresetParams::default()
    };
    let spiral = generate(Preset::Spiral, &params).unwrap();
    let mut config = nnviz::nn::ModelConfig::playground();
    config.train.loss = nnviz::nn::Loss::SoftmaxCrossEntropy;
    let model = nnviz::nn::Model::new(config, &spiral, 5).unwrap();
    let path = tmp("spiral4.json");
    Session::from_model(&model, &spiral, 5).save(&path).unwrap();
    h.state_mut().open_session_path(&path).unwrap();
    h.run_steps(3);
    assert!(h.query_by_label_contains("the tutorial's 8").is_none());
    let test = spiral.test_points().count();
    h.get_by_label_contains(&format!("200 points of your own ({test} test)"));
    h.get_by_label("Split train/test");
}

/// Width and height of a PNG file.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

#[test]
fn a_picture_of_any_size_is_computed_while_the_window_keeps_running() {
    let mut h = harness(paused_state());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let png = tmp("picture-777.png");
    let _ = std::fs::remove_file(&png);

    // Hold the export thread so the test sees the window while it runs.
    let gate = h.state_mut().hold_next_export_for_test();
    h.state_mut().export_png_path(&png, 777, true).unwrap();
    assert!(
        h.state().is_exporting(),
        "the export does not block the caller"
    );
    h.step(); // a new popup is measured, unseen, on its first frame
    for _ in 0..5 {
        h.step();
        h.get_by_label_contains("Exporting picture-777.png (777×777 px)");
    }
    // The window still takes edits while exporting.
    click_data(&mut h, [5.0, 8.0], PointerButton::Primary);
    assert_eq!(h.state().dataset().points.len(), 9);
    // A second export waits its turn, with a message.
    let err = h
        .state_mut()
        .export_png_path(&tmp("second.png"), 500, false)
        .unwrap_err();
    assert!(err.contains("still being exported"), "{err}");
    assert!(!png.exists());

    drop(gate);
    wait_until(&mut h, "the picture", |a| !a.is_exporting());
    assert_eq!(png_size(&png), (777, 777));
    let last = h.state().messages().last().unwrap().text.clone();
    assert!(last.contains("Saved a 777×777 picture"), "{last}");
    assert!(h.query_by_label_contains("Exporting").is_none());

    // Sizes outside 100..=8000 are clamped.
    h.state_mut().export_png_path(&png, 20, false).unwrap();
    wait_until(&mut h, "the small picture", |a| !a.is_exporting());
    assert_eq!(png_size(&png), (100, 100));

    // A folder that does not exist: the error arrives as a message, nothing crashes.
    let bad = tmp("no-such-dir-png").join("x").join("p.png");
    h.state_mut().export_png_path(&bad, 200, true).unwrap();
    wait_until(&mut h, "the failed export", |a| !a.is_exporting());
    let last = h.state().messages().last().unwrap().text.clone();
    assert!(
        last.starts_with("Could not export the picture to"),
        "{last}"
    );
}

#[test]
fn saving_and_autosave_work_after_the_worker_stopped_being_restarted() {
    let dir = tmp("save-without-worker");
    std::fs::create_dir_all(&dir).unwrap();
    let autosave = dir.join("autosave.json");
    let saved = dir.join("saved.json");
    let _ = std::fs::remove_file(&autosave);
    let _ = std::fs::remove_file(&saved);

    let mut h = harness(PersistedState::tutorial());
    h.state_mut().set_autosave_path(autosave.clone());
    wait_until(&mut h, "some training", |a| {
        a.last_stats().is_some_and(|s| s.step > 10)
    });
    h.state_mut().add_point([9.0, 9.0]);
    h.run_steps(2);
    common::crash_until_restarts_pause(&mut h);
    let points = h.state().dataset().clone();
    assert_eq!(points.points.len(), 9);
    let shown = h
        .state()
        .heatmap()
        .map(|f| nnviz::nn::io::weights_to_json(&f.model.mlp))
        .expect("a heatmap was shown before the crashes");

    // Ctrl+S on a named session, then the exit's autosave: both without a worker.
    h.state_mut().save_session_path(&saved);
    assert!(!h.state().is_saving());
    let text = &h.state().messages().last().unwrap().text;
    assert!(text.starts_with("Saved "), "{text}");
    assert_eq!(h.state_mut().autosave().unwrap(), autosave);

    for path in [&saved, &autosave] {
        let session = Session::load(path).unwrap();
        assert_eq!(session.dataset, points, "{}", path.display());
        assert_eq!(session.weights, shown, "{}", path.display());
    }
    drop(h);
    let (h, restored) = started_with_autosave(&autosave);
    assert!(restored);
    assert_eq!(h.state().dataset(), &points);
}

#[test]
fn class_names_go_when_the_points_they_named_are_replaced() {
    let mut h = harness(paused_state());
    let csv = tmp("named-classes.csv");
    std::fs::write(
        &csv,
        "x,y,label\n1,2,setosa\n3,4,versicolor\n5,6,virginica\n2,2,setosa\n4,4,versicolor\n",
    )
    .unwrap();
    h.state_mut()
        .import_csv_path(&csv, &CsvColumns::default())
        .unwrap();
    h.run_steps(2);
    assert_eq!(
        h.state().class_names(),
        ["setosa", "versicolor", "virginica"]
    );

    // Dropping a class keeps the names of the remaining ones.
    h.state_mut().set_num_classes(2);
    h.run_steps(2);
    assert_eq!(h.state().class_names(), ["setosa", "versicolor"]);

    // Generated points have no names: neither the saved session nor the legend keep them.
    h.state_mut().choose_preset(nnviz::data::Preset::Moons);
    h.run_steps(2);
    assert!(h.state().class_names().is_empty());
    let session = save(&mut h, &tmp("named-then-moons.json"));
    assert!(session.class_names.is_empty(), "{:?}", session.class_names);
}

#[test]
fn an_autosave_that_cannot_be_written_says_so_in_the_window() {
    let mut h = harness(paused_state());
    // The autosave's folder is a file: the session cannot be written there.
    let not_a_folder = tmp("autosave-parent-is-a-file");
    std::fs::write(&not_a_folder, "x").unwrap();
    h.state_mut()
        .set_autosave_path(not_a_folder.join("autosave.json"));
    let err = h.state_mut().autosave().unwrap_err();
    assert!(err.starts_with("Could not autosave the session"), "{err}");
    let last = h.state().messages().last().unwrap();
    assert_eq!(last.text, err);
    assert_eq!(last.kind, nnviz::ui::app::MessageKind::Error);
}

/// A file that exists but cannot be read (here: `/proc/self/mem`, whose first page is never
/// mapped, so reading it fails even for root) is not "damaged": it stays where it is and is
/// not overwritten on exit.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_autosave_is_left_alone() {
    let dir = tmp("autosave-unreadable");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("autosave.json");
    std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
    let (mut h, restored) = started_with_autosave(&path);
    assert!(!restored);
    let warning = &h.state().messages().last().unwrap().text;
    assert!(warning.contains("could not be read"), "{warning}");
    assert!(warning.contains("left as it is"), "{warning}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["autosave.json"], "nothing was moved aside");
    assert!(
        h.state_mut().autosave().is_err(),
        "the file was written over"
    );
    assert_eq!(
        std::fs::read_link(&path).unwrap(),
        Path::new("/proc/self/mem")
    );
}

#[test]
fn imported_points_train_with_the_playground_network() {
    use nnviz::nn::{ModelConfig, UpdateOrder};
    let mut h = harness(paused_state());
    let before = h.state().persisted().model_config.clone();
    assert!(before.is_tutorial_network());
    let csv = tmp("two-classes.csv");
    std::fs::write(&csv, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n2,2,1\n").unwrap();
    h.state_mut()
        .import_csv_path(&csv, &CsvColumns::default())
        .unwrap();
    h.run_steps(2);
    // The network the generated presets get, its learning rate with it.
    let after = h.state().persisted().model_config.clone();
    assert_eq!(after, ModelConfig::playground());
    let last = &h.state().messages().last().unwrap().text;
    assert!(last.contains("Imported 4 points"), "{last}");
    assert!(last.contains("playground's network"), "{last}");
    assert!(last.contains("2 → 8 → 8 → 2 tanh"), "{last}");
    // The worker trains that network: biases, normalised inputs, textbook order.
    let session = save(&mut h, &tmp("two-classes.json"));
    assert_eq!(session.model, ModelConfig::playground());
    let model = session.to_model().unwrap();
    assert!(model.mlp().layers.iter().all(|l| l.biases.is_some()));
    assert_eq!(model.mlp().sizes(), [2, 8, 8, 2]);

    // A network the user chose is kept: only its update order becomes the textbook's.
    let mut chosen = ModelConfig::tutorial();
    chosen.bias = true;
    chosen.hidden = vec![3];
    let mut state = paused_state();
    state.model_config = chosen.clone();
    let mut h = harness(state);
    h.state_mut()
        .import_csv_path(&csv, &CsvColumns::default())
        .unwrap();
    h.run_steps(2);
    chosen.train.update_order = UpdateOrder::Textbook;
    assert_eq!(h.state().persisted().model_config, chosen);
    let last = &h.state().messages().last().unwrap().text;
    assert!(last.contains("textbook update order"), "{last}");
}
