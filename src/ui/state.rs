//! What survives a restart: [`PersistedState`], how it is repaired ([`PersistedState::sanitize`])
//! and read back from eframe's storage ([`load_state`]).
//!
//! Everything here is data the user made or chose. Runtime state (the worker, textures, drags,
//! messages) lives in the parts and in the worker link and is rebuilt on start.

use crate::data::{Bounds, Dataset, MAX_CLASSES, Preset, PresetParams};
use crate::nn::ModelConfig;
use crate::tr;
use crate::train::Speed;
use serde::{Deserialize, Serialize};

/// Key of [`PersistedState`] in eframe's storage.
pub const STORAGE_KEY: &str = "nnviz_state_v1";

/// Default training speed: the tutorial's boundary forms over about five seconds.
pub const DEFAULT_STEPS_PER_SECOND: f64 = 2000.0;

/// Smallest and largest learning rate the controls offer.
pub const LEARNING_RATE_RANGE: std::ops::RangeInclusive<f64> = 1e-5..=100.0;

/// Slowest and fastest finite speed (steps per second).
pub const SPEED_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1e6;

/// Longest class name kept (a session keeps as many characters).
pub const MAX_CLASS_NAME_CHARS: usize = crate::session::MAX_CLASS_NAME_CHARS;

/// The generator's settings (persisted).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GeneratorSettings {
    /// The preset last chosen.
    pub preset: Preset,
    /// Points, classes, noise, test share and seed.
    pub params: PresetParams,
}

impl Default for GeneratorSettings {
    fn default() -> Self {
        Self {
            preset: Preset::Seed,
            params: PresetParams::default(),
        }
    }
}

/// When training stops by itself (persisted).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StopSettings {
    /// Stop once the training loss is below [`Self::max_loss`].
    pub loss_on: bool,
    /// Loss threshold.
    pub max_loss: f64,
    /// Stop after [`Self::max_steps`] steps.
    pub steps_on: bool,
    /// Step limit.
    pub max_steps: u64,
}

impl Default for StopSettings {
    fn default() -> Self {
        Self {
            loss_on: false,
            max_loss: 0.01,
            steps_on: false,
            max_steps: 10_000,
        }
    }
}

/// How the loss plot shows the run (persisted with the rest).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlotSettings {
    /// Logarithmic y axis.
    pub log_y: bool,
    /// Logarithmic x axis (steps), so that a long run keeps its learning phase visible.
    pub log_x: bool,
    /// Show only the most recent this many steps (`None`: the whole run).
    pub recent_steps: Option<u64>,
}

/// How the canvas shows the run (persisted): TF Playground's toggles.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    /// "Discretize output": class colours without confidence shading (the worker renders
    /// the heatmap, so the worker link sends it on as its heatmap style).
    pub discretize: bool,
    /// Draw the test points on the canvas and in exported pictures.
    pub show_test_points: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            discretize: false,
            show_test_points: true,
        }
    }
}

impl ViewSettings {
    /// The heatmap style these settings ask for.
    pub fn heatmap_style(&self) -> crate::render::HeatmapStyle {
        crate::render::HeatmapStyle {
            discretize: self.discretize,
            ..Default::default()
        }
    }

    /// Whether `point` is drawn (test points only while they are shown).
    pub fn shows(&self, point: &crate::data::LabeledPoint) -> bool {
        self.show_test_points || !point.test
    }
}

/// Everything that survives a restart (stored with eframe's persistence).
///
/// Every setting is stored once: the learning rate lives in `model_config.train`, nowhere else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    /// The user's points and class count.
    pub dataset: Dataset,
    /// The network and training settings, the learning rate among them.
    pub model_config: ModelConfig,
    /// Training speed.
    pub speed: Speed,
    /// The speed slider's value, kept while "Unlimited" is on.
    pub steps_per_second: f64,
    /// Class that a click on the canvas adds.
    pub selected_class: usize,
    /// Whether training runs.
    pub running: bool,
    /// The visible part of the plane; `None` fits the data.
    pub view: Option<Bounds>,
    /// The loss plot's axes and window.
    pub plot: PlotSettings,
    /// The dataset generator's preset and parameters.
    pub generator: GeneratorSettings,
    /// When training stops by itself.
    pub stop: StopSettings,
    /// Names of the classes (from a CSV file, a session, or typed by the user); a class
    /// without one is called by its number.
    pub class_names: Vec<String>,
    /// The interface's language, once chosen in View ▸ Language (`None`: the system's).
    pub language: Option<crate::i18n::Language>,
    /// Discretize output, show test points.
    pub view_settings: ViewSettings,
    /// Value that a click on the canvas gives a new regression point.
    pub new_point_value: f64,
    /// The classification preset to go back to when regression is switched off.
    pub classification_preset: crate::data::Preset,
    /// The lesson: open or not, its step, the tasks done.
    pub lesson: super::lesson::LessonProgress,
}

/// The first value of new regression points: half-way to the top of the presets' range.
pub const DEFAULT_NEW_POINT_VALUE: f64 = 0.5;

/// The range of the "value of new points" slider (the presets' targets lie in `[-1, 1]`;
/// own data may go further, typed values are not clamped to it).
pub const NEW_POINT_VALUE_RANGE: std::ops::RangeInclusive<f64> = -1.0..=1.0;

impl Default for PersistedState {
    fn default() -> Self {
        Self::tutorial()
    }
}

impl PersistedState {
    /// The first-launch state: the tutorial's 8 points and 2-4-1 sigmoid network at 0.01.
    pub fn tutorial() -> Self {
        Self {
            dataset: Dataset::seed(),
            model_config: ModelConfig::tutorial(),
            speed: Speed::StepsPerSecond(DEFAULT_STEPS_PER_SECOND),
            steps_per_second: DEFAULT_STEPS_PER_SECOND,
            selected_class: 1,
            running: true,
            view: None,
            plot: PlotSettings::default(),
            generator: Default::default(),
            stop: Default::default(),
            class_names: Vec::new(),
            language: None,
            view_settings: ViewSettings::default(),
            new_point_value: DEFAULT_NEW_POINT_VALUE,
            classification_preset: crate::data::Preset::Seed,
            lesson: Default::default(),
        }
    }

    /// The learning rate (stored in the training settings).
    pub fn learning_rate(&self) -> f64 {
        self.model_config.train.learning_rate
    }

    /// The visible data rectangle: the chosen view, or the data's own with the tutorial's
    /// margin of 1.
    pub fn view(&self) -> Bounds {
        self.view.unwrap_or_else(|| self.dataset.view_bounds())
    }

    /// What class `class` is called: its name, or its number.
    pub fn class_name(&self, class: usize) -> String {
        match self.class_names.get(class) {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => class.to_string(),
        }
    }

    /// Names class `class` (trimmed, at most [`MAX_CLASS_NAME_CHARS`] characters; empty: its
    /// number again). Trailing empty names are dropped, so the list stays as short as it can.
    pub fn rename_class(&mut self, class: usize, name: &str) {
        if class >= self.dataset.num_classes {
            return;
        }
        let name: String = name.trim().chars().take(MAX_CLASS_NAME_CHARS).collect();
        let names = &mut self.class_names;
        if names.len() <= class {
            names.resize(class + 1, String::new());
        }
        names[class] = name;
        while names.last().is_some_and(|n| n.is_empty()) {
            names.pop();
        }
    }

    /// Repairs whatever a stored state may have got wrong; returns what was wrong, if anything.
    pub fn sanitize(&mut self) -> Option<String> {
        let mut problems = Vec::new();
        let d = &mut self.dataset;
        if !(2..=MAX_CLASSES).contains(&d.num_classes) {
            let classes = d.num_classes;
            problems.push(tr!("repair-class-count", classes = classes));
            d.num_classes = d.num_classes.clamp(2, MAX_CLASSES);
        }
        let before = d.points.len();
        let classes = d.num_classes;
        d.points.retain(|p| {
            p.class < classes && p.pos_in_data.iter().all(|v| v.is_finite() && v.abs() < 1e9)
        });
        if d.points.len() != before {
            let count = before - d.points.len();
            problems.push(tr!("repair-invalid-points", count = count));
        }
        let lr = self.model_config.train.learning_rate;
        if !(lr.is_finite() && LEARNING_RATE_RANGE.contains(&lr)) {
            problems.push(tr!("repair-learning-rate", rate = lr.to_string()));
            self.model_config.train.learning_rate = 0.01;
        }
        if let Err(e) = self.model_config.validate() {
            problems.push(tr!("repair-network", detail = e.to_string()));
            let lr = self.model_config.train.learning_rate;
            self.model_config = ModelConfig::tutorial();
            self.model_config.train.learning_rate = lr;
        }
        if !(self.steps_per_second.is_finite() && SPEED_RANGE.contains(&self.steps_per_second)) {
            self.steps_per_second = DEFAULT_STEPS_PER_SECOND;
        }
        if let Speed::StepsPerSecond(s) = self.speed
            && !(s.is_finite() && SPEED_RANGE.contains(&s))
        {
            problems.push(tr!("repair-speed", speed = s.to_string()));
            self.speed = Speed::StepsPerSecond(self.steps_per_second);
        }
        if self.selected_class >= self.dataset.num_classes {
            self.selected_class = 0;
        }
        if let Some(v) = self.view
            && !v.is_valid_view()
        {
            self.view = None;
        }
        self.class_names.truncate(self.dataset.num_classes);
        for n in &mut self.class_names {
            if n.chars().count() > MAX_CLASS_NAME_CHARS {
                *n = n.chars().take(MAX_CLASS_NAME_CHARS).collect();
            }
        }
        (!problems.is_empty()).then(|| problems.join(", "))
    }
}

/// Reads [`PersistedState`] from eframe's storage. No storage or no stored state gives the
/// tutorial; a stored string that cannot be read (corrupt, or from another version) gives the
/// tutorial and a message saying so. Values are not checked here: the app repairs them
/// ([`PersistedState::sanitize`]).
pub fn load_state(storage: Option<&dyn eframe::Storage>) -> (PersistedState, Option<String>) {
    let (state, unreadable) = read_state(storage);
    (state, unreadable.then(unreadable_state_text))
}

/// [`load_state`] without the words: the state, and whether a stored one could not be read
/// (the app chooses its language from the state before it words anything).
pub(crate) fn read_state(storage: Option<&dyn eframe::Storage>) -> (PersistedState, bool) {
    let Some(storage) = storage else {
        return (PersistedState::tutorial(), false);
    };
    match eframe::get_value::<PersistedState>(storage, STORAGE_KEY) {
        Some(s) => (s, false),
        None => (
            PersistedState::tutorial(),
            storage.get_string(STORAGE_KEY).is_some(),
        ),
    }
}

/// What the status bar says of a stored state that could not be read.
pub(crate) fn unreadable_state_text() -> String {
    tr!("settings-state-unreadable")
}
