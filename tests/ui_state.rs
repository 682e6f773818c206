//! What survives a restart: [`PersistedState`] through eframe's storage (an in-memory
//! [`eframe::Storage`] here), a corrupt store, and out-of-range stored values.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnviz::data::{Bounds, Dataset, LabeledPoint};
use nnviz::nn::Activation;
use nnviz::train::Speed;
use nnviz::ui::app::{MessageKind, STORAGE_KEY};
use nnviz::ui::{NnvizApp, PersistedState, load_state};
use std::collections::HashMap;

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

fn stored(state: &PersistedState) -> MemoryStorage {
    let mut storage = MemoryStorage::default();
    eframe::set_value(&mut storage, STORAGE_KEY, state);
    assert!(storage.0.contains_key(STORAGE_KEY));
    storage
}

fn warnings(app: &NnvizApp) -> Vec<String> {
    app.messages()
        .iter()
        .filter(|m| m.kind == MessageKind::Warning)
        .map(|m| m.text.clone())
        .collect()
}

/// A state unlike the tutorial in every field that is easy to change.
fn edited_state() -> PersistedState {
    let mut dataset = Dataset::seed();
    dataset.num_classes = 3;
    dataset.points.push(LabeledPoint::new(-2.5, 4.25, 2));
    let mut s = PersistedState::tutorial();
    s.dataset = dataset;
    s.model_config.hidden = vec![6, 3];
    s.model_config.activation = Activation::Tanh;
    s.model_config.bias = true;
    s.model_config.train.learning_rate = 0.3;
    s.speed = Speed::Unlimited;
    s.steps_per_second = 150.0;
    s.selected_class = 2;
    s.running = false;
    s.view = Some(Bounds {
        x_min: -3.0,
        x_max: 4.0,
        y_min: 0.5,
        y_max: 9.5,
    });
    s.plot.log_y = true;
    s
}

#[test]
fn persisted_state_round_trips_through_storage() {
    let state = edited_state();
    assert_ne!(state, PersistedState::tutorial());
    let storage = stored(&state);
    let (loaded, problem) = load_state(Some(&storage));
    assert_eq!(problem, None);
    assert_eq!(loaded, state);

    // The app starts from it unchanged, with no warning.
    let app = NnvizApp::from_storage(Some(&storage));
    assert_eq!(app.persisted(), &state);
    assert!(warnings(&app).is_empty(), "{:?}", warnings(&app));
}

#[test]
fn no_storage_or_no_stored_state_is_the_tutorial_without_a_message() {
    assert_eq!(load_state(None), (PersistedState::tutorial(), None));
    let empty = MemoryStorage::default();
    assert_eq!(load_state(Some(&empty)), (PersistedState::tutorial(), None));
}

#[test]
fn a_corrupt_store_gives_the_tutorial_and_a_warning() {
    let good = stored(&edited_state()).0.remove(STORAGE_KEY).unwrap();
    let truncated = good[..good.len() / 2].to_owned();
    for text in [
        "{not ron at all".to_owned(),
        String::new(),
        truncated,
        "(running: \"fast\")".to_owned(),
    ] {
        let mut storage = MemoryStorage::default();
        eframe::Storage::set_string(&mut storage, STORAGE_KEY, text.clone());
        let (state, problem) = load_state(Some(&storage));
        assert_eq!(state, PersistedState::tutorial(), "from {text:?}");
        let problem = problem.unwrap_or_else(|| panic!("no message for {text:?}"));
        assert!(problem.contains("could not be read"), "{problem}");
        assert!(problem.contains("tutorial"), "{problem}");
    }

    // The app runs from it and says so in the status bar.
    let mut storage = MemoryStorage::default();
    eframe::Storage::set_string(&mut storage, STORAGE_KEY, "{not ron at all".to_owned());
    let app = NnvizApp::from_storage(Some(&storage));
    assert_eq!(app.dataset(), &Dataset::seed());
    assert_eq!(warnings(&app).len(), 1, "{:?}", warnings(&app));
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(nnviz::ui::setup_context)
        .build_ui_state(|ui, app: &mut NnvizApp| app.ui_root(ui), app);
    h.run_steps(3);
    h.get_by_label_contains("Saved settings could not be read");
}

#[test]
fn out_of_range_stored_values_are_repaired() {
    let mut s = edited_state();
    s.dataset.points.push(LabeledPoint::new(1.0, 1.0, 5)); // class 5 of 3
    s.dataset.points.push(LabeledPoint::new(1e300, 0.0, 1)); // absurdly far away
    s.model_config.train.learning_rate = 500.0; // past the controls' 100
    s.speed = Speed::StepsPerSecond(1e9);
    s.steps_per_second = -4.0;
    s.selected_class = 7;
    s.view = Some(Bounds {
        x_min: 2.0,
        x_max: 2.0,
        y_min: 0.0,
        y_max: 1.0,
    });
    s.model_config.features.clear();
    let storage = stored(&s);

    let (loaded, problem) = load_state(Some(&storage));
    assert_eq!(problem, None, "the store itself is readable");
    assert_eq!(loaded, s);

    let app = NnvizApp::from_storage(Some(&storage));
    let r = app.persisted();
    assert_eq!(
        r.dataset.points,
        edited_state().dataset.points,
        "bad points dropped"
    );
    assert_eq!(r.dataset.num_classes, 3);
    assert_eq!(r.model_config.train.learning_rate, 0.01);
    assert!(r.model_config.validate().is_ok());
    assert!(!r.model_config.features.is_empty());
    match r.speed {
        Speed::StepsPerSecond(v) => assert!((1.0..=1e6).contains(&v), "speed {v}"),
        Speed::Unlimited => panic!("speed became unlimited"),
    }
    assert!((1.0..=1e6).contains(&r.steps_per_second));
    assert!(r.selected_class < 3);
    assert_eq!(r.view, None, "an empty view fits the data instead");
    let w = warnings(&app);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("repaired"), "{}", w[0]);
    assert!(w[0].contains("2 invalid points"), "{}", w[0]);
    assert!(w[0].contains("learning rate 50"), "{}", w[0]);

    // A repaired state is stable: sanitising it again finds nothing.
    let mut again = r.clone();
    assert_eq!(again.sanitize(), None);
    assert_eq!(&again, r);
}

#[test]
fn a_huge_class_count_is_clamped() {
    let mut s = PersistedState::tutorial();
    s.dataset.num_classes = 1000;
    let app = NnvizApp::from_storage(Some(&stored(&s)));
    assert_eq!(
        app.persisted().dataset.num_classes,
        nnviz::data::MAX_CLASSES
    );
    assert_eq!(app.persisted().dataset.points, Dataset::seed().points);
    assert!(warnings(&app)[0].contains("class count 1000"));
}

#[test]
fn nothing_is_written_into_eframes_in_place_storage() {
    // With saving on, the settings go to nnviz's own atomic file, not into eframe's `app.ron`
    // (which eframe writes in place, so a kill mid-write can cut it).
    let mut app = NnvizApp::new_for_test(edited_state());
    let dir = std::env::temp_dir().join(format!("nnviz-ui-state-{}", std::process::id()));
    app.begin_autosave(dir.join("autosave.json"), Default::default());
    let mut storage = MemoryStorage::default();
    eframe::App::save(&mut app, &mut storage);
    assert!(
        storage.0.is_empty(),
        "{:?}",
        storage.0.keys().collect::<Vec<_>>()
    );
    assert!(!eframe::App::persist_egui_memory(&app));
}
