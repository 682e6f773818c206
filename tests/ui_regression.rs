//! Headless UI tests of regression (egui_kittest): the Problem switch, value points added,
//! dragged and re-valued on the canvas, and the value-coloured heatmap with its colour bar —
//! each checked where it matters, on the training worker.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{Dataset, LabeledPoint, Preset, Problem};
use nnviz::nn::{Activation, ModelConfig};
use nnviz::ui::{NnvizApp, PersistedState};

mod common;
use common::{click_data, drag, harness, screen_of, wait_until, worker_dataset};

fn click(h: &mut Harness<'_, NnvizApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
}

fn regression_net(a: &NnvizApp) -> bool {
    a.heatmap().is_some_and(|f| {
        f.model.problem == Problem::Regression
            && f.model.mlp.layers.last().map(|l| l.activation) == Some(Activation::Linear)
    })
}

#[test]
fn switching_to_regression_and_back_reaches_the_worker() {
    let mut h = harness(PersistedState::tutorial());
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());

    assert!(h.query_by_label("Colour bar").is_none());
    click(&mut h, "Regression");
    let s = h.state().persisted();
    assert_eq!(s.dataset.problem, Problem::Regression);
    assert_eq!(s.generator.preset, Preset::Plane);
    assert_eq!(s.classification_preset, Preset::Seed);
    wait_until(&mut h, "a regression network", regression_net);
    let d = worker_dataset(&mut h, "switch-regression");
    assert_eq!(d.problem, Problem::Regression);
    assert_eq!(d.points.len(), 400);
    // The plane's values: (x + y) / 10 up to the 5 % noise.
    assert!(d.points.iter().all(|p| {
        let [x, y] = p.pos_in_data;
        (p.value - (x + y) / 10.0).abs() < 0.3
    }));
    // The presets offered are the regression ones.
    assert!(h.query_by_label("peaks").is_some());
    assert!(h.query_by_label("xor").is_none());
    // The status bar gives R² where classification gives accuracy.
    wait_until(&mut h, "regression figures", |a| {
        a.last_stats().is_some_and(|s| s.regression.is_some())
    });
    h.run_steps(2);
    // The Metrics table's R² row and the status bar's.
    assert_eq!(h.query_all_by_label("R²").count(), 2);
    assert_eq!(h.query_all_by_label("Accuracy").count(), 0);

    click(&mut h, "Classification");
    assert_eq!(h.state().persisted().dataset, Dataset::seed());
    // The figures change with the worker's first classification stats (on a loaded machine
    // they can take more than two frames).
    wait_until(&mut h, "classification figures", |a| {
        a.last_stats().is_some_and(|s| s.regression.is_none())
    });
    h.run_steps(2);
    assert!(h.query_all_by_label("Accuracy").count() >= 1);
    assert_eq!(h.query_all_by_label("R²").count(), 0);
    wait_until(&mut h, "the tutorial network again", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.problem == Problem::Classification && f.model.mlp.sizes() == vec![2, 4, 1]
        })
    });
    assert_eq!(worker_dataset(&mut h, "switch-back"), Dataset::seed());
}

/// Two regression points in a paused app whose new points get `-0.75`.
fn two_value_points() -> PersistedState {
    let mut s = PersistedState::tutorial();
    s.dataset = Dataset {
        points: vec![
            LabeledPoint::with_value(0.0, 0.0, 0.2),
            LabeledPoint::with_value(2.0, 2.0, -0.4),
        ],
        num_classes: 2,
        problem: Problem::Regression,
    };
    s.model_config = ModelConfig::regression();
    s.new_point_value = -0.75;
    s.running = false;
    s
}

#[test]
fn a_click_adds_a_value_point_a_drag_moves_it_and_shift_click_sets_a_value() {
    let mut h = harness(two_value_points());
    wait_until(&mut h, "a regression network", regression_net);
    // The view is the points' box grown by 1: [-1, 3]².
    click_data(&mut h, [2.0, 0.0], PointerButton::Primary);
    let d = worker_dataset(&mut h, "value-added");
    assert_eq!(d.points.len(), 3);
    let added = d.points[2];
    assert_eq!(added.value, -0.75);
    assert!((added.pos_in_data[0] - 2.0).abs() < 0.05 && added.pos_in_data[1].abs() < 0.05);

    let (from, to) = (screen_of(&h, [2.0, 0.0]), screen_of(&h, [1.0, 1.0]));
    drag(&mut h, from, to, PointerButton::Primary, 6);
    let d = worker_dataset(&mut h, "value-dragged");
    let moved = d.points[2].pos_in_data;
    assert!(
        (moved[0] - 1.0).abs() < 0.05 && (moved[1] - 1.0).abs() < 0.05,
        "{moved:?}"
    );
    assert_eq!(d.points[2].value, -0.75);

    // Shift+click on the first point gives it the value of new points; undo takes it back.
    let at = screen_of(&h, [0.0, 0.0]);
    h.hover_at(at);
    h.step();
    for pressed in [true, false] {
        h.event_modifiers(
            Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::SHIFT,
            },
            Modifiers::SHIFT,
        );
        h.step();
    }
    h.step();
    let d = worker_dataset(&mut h, "value-set");
    assert_eq!(d.points.len(), 3, "shift+click must not add a point");
    assert_eq!(d.points[0].value, -0.75);
    assert!(h.state().can_undo());
    common::key_with(&mut h, Modifiers::COMMAND, egui::Key::Z);
    let d = worker_dataset(&mut h, "value-undone");
    assert_eq!(d.points[0].value, 0.2);
}

#[test]
fn the_heatmap_shows_values_on_the_diverging_scale_with_a_colour_bar() {
    let mut s = two_value_points();
    s.running = true;
    let mut h = harness(s);
    // Trained, the network predicts about 0.2 at (0, 0) and −0.4 at (2, 2): on the scale of
    // ±0.4, orange-ish towards (0, 0) and blue towards (2, 2).
    wait_until(&mut h, "a fitted regression network", |a| {
        a.heatmap().is_some_and(|f| {
            f.model.problem == Problem::Regression
                && (f.model.predict_value([0.0, 0.0]) - 0.2).abs() < 0.05
                && (f.model.predict_value([2.0, 2.0]) + 0.4).abs() < 0.05
        })
    });
    h.run_steps(2);
    let f = h.state().heatmap().unwrap();
    let (w, ht) = (f.image.width, f.image.height);
    let at = |x: f64, y: f64| {
        let b = f.bounds;
        let col = ((x - b.x_min) / b.width() * w as f64) as usize;
        let row = ((b.y_max - y) / b.height() * ht as f64) as usize;
        f.image.get(col.min(w - 1), row.min(ht - 1)).unwrap()
    };
    let scale = nnviz::render::ValueScale { half_range: 0.4 };
    let near = |px: [u8; 4], want: [u8; 3]| px.iter().zip(want).all(|(&a, b)| a.abs_diff(b) <= 20);
    assert!(near(at(0.0, 0.0), scale.colour(0.2)), "{:?}", at(0.0, 0.0));
    assert!(near(at(2.0, 2.0), scale.colour(-0.4)), "{:?}", at(2.0, 2.0));
    // The colour bar explains the scale, in regression only.
    assert!(h.query_by_label("Colour bar").is_some());
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_csv_with_a_numeric_target_imports_as_values_in_regression_mode() {
    use nnviz::data::CsvColumns;
    let mut h = harness(two_value_points());
    wait_until(&mut h, "a regression network", regression_net);
    let path = common::tmp("ui_regression", "values.csv");
    std::fs::write(&path, "x,y,value\n0,0,1.5\n1,2,-0.25\n2,1,3\n").unwrap();
    h.state_mut()
        .import_csv_path(&path, &CsvColumns::default())
        .unwrap();
    h.run_steps(2);
    let d = worker_dataset(&mut h, "csv-values");
    assert_eq!(d.problem, Problem::Regression);
    let values: Vec<f64> = d.points.iter().map(|p| p.value).collect();
    assert_eq!(values, vec![1.5, -0.25, 3.0]);
    assert_eq!(d.points[1].pos_in_data, [1.0, 2.0]);
    wait_until(&mut h, "the network for the values", |a| {
        regression_net(a) && a.heatmap().is_some_and(|f| f.model.target.mean != 0.0)
    });
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.text.contains("3 points with values from values.csv")),
        "{:?}",
        h.state().messages()
    );

    // A target that is not a number is refused, naming the file, the line and the column.
    let bad = common::tmp("ui_regression", "bad-values.csv");
    std::fs::write(&bad, "x,y,value\n0,0,1\n1,1,abc\n").unwrap();
    let err = h
        .state_mut()
        .import_csv_path(&bad, &CsvColumns::default())
        .unwrap_err();
    h.run_steps(2);
    assert!(err.contains("bad-values.csv"), "{err}");
    assert!(err.contains("line 3") && err.contains("'abc'"), "{err}");
    assert!(err.contains("column value"), "{err}");
    assert!(h.state().messages().iter().any(|m| m.text == err));
    assert_eq!(
        worker_dataset(&mut h, "csv-refused").points.len(),
        3,
        "nothing changed"
    );
}

#[test]
fn a_csv_of_many_numbers_in_classification_offers_the_import_as_regression() {
    let mut h = harness(PersistedState {
        running: false,
        ..PersistedState::tutorial()
    });
    wait_until(&mut h, "a heatmap", |a| a.heatmap().is_some());
    let path = common::tmp("ui_regression", "numbers.csv");
    let text: String = std::iter::once("x,y,target\n".to_owned())
        .chain((0..20).map(|i| format!("{i},{},{}\n", i % 5, f64::from(i) * 0.5 - 3.0)))
        .collect();
    std::fs::write(&path, text).unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.run_steps(3);
    assert!(h.state().file_dialog_open());
    h.get_by_label("Import").click();
    h.run_steps(3);
    // Refused as classes; the chooser stays open and says why.
    assert!(h.state().file_dialog_open(), "the chooser stays open");
    // Both the status bar and the chooser say it.
    assert_eq!(
        h.query_all_by_label_contains("a value to predict (regression)")
            .count(),
        2
    );
    assert_eq!(h.state().dataset(), &Dataset::seed(), "nothing changed yet");
    h.get_by_label("Import as regression (predict the number)")
        .click();
    h.run_steps(3);
    assert!(!h.state().file_dialog_open());
    let d = worker_dataset(&mut h, "csv-as-regression");
    assert_eq!(d.problem, Problem::Regression);
    assert_eq!(d.points.len(), 20);
    assert_eq!(d.points[3].value, 1.5 - 3.0);
    wait_until(&mut h, "a regression network", regression_net);
    assert_eq!(h.state().persisted().dataset.problem, Problem::Regression);
}

#[test]
fn the_diagram_shows_the_output_as_a_predicted_value_on_the_value_scale() {
    let mut h = harness(two_value_points());
    wait_until(&mut h, "the diagram with unit maps", |a| {
        regression_net(a)
            && a.diagram_node_pos(0, 0).is_some()
            && a.heatmap().is_some_and(|f| f.unit_maps.is_some())
    });
    h.run_steps(2);
    let out = h.state().heatmap().unwrap().model.mlp.sizes().len() - 1;
    let pos = h.state().diagram_node_pos(out, 0).unwrap();
    h.hover_at(pos);
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("output (predicted value)")
            .is_some(),
        "the output unit's hover text"
    );
    // Clicked, its map is the predicted value on the heatmap's scale (±0.4, the points').
    click_at(&mut h, pos);
    assert_eq!(h.state().selected_unit(), Some((out, 0)));
    wait_until(&mut h, "the output's map", |a| {
        a.heatmap()
            .and_then(|f| f.unit_image.as_ref())
            .is_some_and(|u| (u.layer, u.unit) == (out, 0))
    });
    let img = h.state().heatmap().unwrap().unit_image.clone().unwrap();
    assert!(img.values);
    assert_eq!(img.range, (-0.4, 0.4));
    // A hidden unit's map keeps its activation (tanh: −1 … 1).
    let hidden = h.state().diagram_node_pos(1, 0).unwrap();
    click_at(&mut h, hidden);
    wait_until(&mut h, "the hidden unit's map", |a| {
        a.heatmap()
            .and_then(|f| f.unit_image.as_ref())
            .is_some_and(|u| (u.layer, u.unit) == (1, 0))
    });
    let img = h.state().heatmap().unwrap().unit_image.clone().unwrap();
    assert!(!img.values);
    assert_eq!(img.range, (-1.0, 1.0));
}

fn click_at(h: &mut Harness<'_, NnvizApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
}

#[test]
fn explain_mode_walks_a_value_point_with_mses_gradient() {
    let mut h = harness(two_value_points());
    wait_until(&mut h, "a regression network", regression_net);
    h.key_press(egui::Key::E);
    h.run_steps(2);
    assert!(h.state().explain_open());
    h.hover_at(screen_of(&h, [0.0, 0.0]));
    h.run_steps(3);
    let ex = h.state().current_explanation().expect("an explanation");
    let snap = h.state().heatmap().unwrap().model.clone();
    assert_eq!(ex.value, Some(snap.predict_value([0.0, 0.0])));
    assert!(
        h.query_by_label_contains("Training point #0 (value 0.2000)")
            .is_some()
    );
    assert!(h.query_by_label_contains("Predicted value: ").is_some());
    assert!(
        h.query_by_label_contains("Backward pass for this point (target value 0.2000)")
            .is_some()
    );
    let n = snap.mlp.layers.len();
    let sub = |k: usize| nnviz::ui::explain::sub(k);
    // MSE over the two points of the full batch.
    assert!(
        h.query_by_label(&format!("E{} = y − L{}", sub(n), sub(n)))
            .is_some()
    );
    assert!(
        h.query_by_label(&format!("D{} = 2·E{}/2", sub(n), sub(n)))
            .is_some()
    );
    // Normalised inputs: the target is standardised and the window says how.
    assert!(
        h.query_by_label_contains("The network learns the standardised target")
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&format!("value = layer{}·", sub(n)))
            .is_some()
    );
    // Nothing speaks of classes or probabilities.
    assert!(h.query_by_label_contains("class").is_none());
    assert!(h.query_by_label_contains("Prediction:").is_none());
}

#[test]
fn the_timeline_a_saved_session_and_a_picture_keep_to_values() {
    use nnviz::nn::GridSpec;
    use nnviz::render::ValueScale;
    let mut s = two_value_points();
    s.running = true;
    let mut h = harness(s);
    wait_until(&mut h, "a timeline", |a| {
        regression_net(a) && a.timeline().is_some_and(|t| t.len() > 3)
    });
    // Each timeline picture shows its snapshot's predicted values on the points' scale.
    let t = h.state().timeline().unwrap().clone();
    let scale = ValueScale::of_values([0.2, -0.4].into_iter());
    for e in t.entries() {
        assert_eq!(e.model.problem, Problem::Regression);
        let (w, ht) = (e.image.width, e.image.height);
        let grid = GridSpec::cell_centers(&e.bounds, w, ht);
        for (col, row) in [(0, 0), (w / 2, ht / 3), (w - 1, ht - 1)] {
            let want = scale.colour(e.model.predict_value(grid.pos_in_data(col, row)));
            let got = e.image.get(col, row).unwrap();
            let gap = (0..3).map(|c| got[c].abs_diff(want[c])).max().unwrap();
            // The heatmap's colour table has 256 steps over the scale.
            assert!(gap <= 3, "step {}: {got:?} vs {want:?}", e.step);
        }
    }

    // A saved session keeps the problem kind, the values and the standardisation.
    h.state_mut().set_running(false);
    let path = common::tmp("ui_regression", "values.json");
    h.state_mut().save_session_path(&path);
    wait_until(&mut h, "the save", |a| !a.is_saving());
    let session = nnviz::session::Session::load(&path).unwrap();
    assert_eq!(session.dataset.problem, Problem::Regression);
    let values: Vec<f64> = session.dataset.points.iter().map(|p| p.value).collect();
    assert_eq!(values, vec![0.2, -0.4]);
    let model = session.to_model().unwrap();
    assert_eq!(model.problem(), Problem::Regression);
    // Opened in a classifying app, it is regression again, on the worker too.
    let mut other = harness(PersistedState {
        running: false,
        ..PersistedState::tutorial()
    });
    other.state_mut().open_session_path(&path).unwrap();
    wait_until(
        &mut other,
        "the session's regression network",
        regression_net,
    );
    assert_eq!(
        other.state().persisted().dataset.problem,
        Problem::Regression
    );
    assert_eq!(
        worker_dataset(&mut other, "session-opened"),
        session.dataset
    );

    // The PNG has the value scale: the colour bar's two ends, TF Playground's blue and orange.
    let png = common::tmp("ui_regression", "values.png");
    let _ = std::fs::remove_file(&png);
    h.state_mut().export_png_path(&png, 300, true).unwrap();
    wait_until(&mut h, "the picture", |a| !a.is_exporting());
    let img = image::open(&png).unwrap().to_rgb8();
    // (The bar's rows sit half a row inside its ends: within a few levels of them.)
    let has = |c: [u8; 3]| {
        img.pixels()
            .any(|p| (0..3).all(|i| p.0[i].abs_diff(c[i]) <= 8))
    };
    assert!(has([8, 119, 189]) && has([245, 147, 34]));
    // A classification picture's class colours are not there.
    assert!(!img.pixels().any(|p| p.0 == [0xEE, 0x77, 0x33]));
}
