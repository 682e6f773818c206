//! Labelled 2-D points, datasets and presets.
//!
//! A [`Dataset`] is the list of points the user sees and edits; the network trains on its
//! training points and is evaluated on its test points.
//!
//! - [`presets`]: the tutorial's `seed` points and generated shapes ([`generate`]).
//! - [`csv`]: reading points from CSV text or files and writing them back ([`parse_csv`],
//!   [`to_csv`]).
//! - [`edit`]: one edit of the points ([`PointEdit`], [`Dataset::apply_edit`]).
//! - [`error`]: [`DataError`], one-line messages for everything above.

pub mod csv;
pub mod edit;
pub mod error;
pub mod presets;
pub mod regression;
pub mod undo;

pub use csv::{
    Column, CsvColumns, CsvImport, parse_csv, parse_csv_for, parse_csv_with_names, read_csv_file,
    read_csv_file_for, to_csv,
};
pub use edit::{EditAction, EditRefusal, PointEdit};
pub use error::DataError;
pub use presets::{Preset, PresetParams, generate, split_test};
pub use regression::Problem;
pub use undo::UndoStack;

use serde::{Deserialize, Serialize};

/// Largest file read as data: 64 MiB (checked before reading; sessions use the same limit,
/// re-exported as `session::MAX_FILE_BYTES`).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Largest number of classes a dataset may have.
pub const MAX_CLASSES: usize = 8;

/// One labelled point in data coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabeledPoint {
    /// Position in data space: `[x, y]`.
    pub pos_in_data: [f64; 2],
    /// Class index, `0..num_classes`.
    pub class: usize,
    /// `true` for a held-out test point (drawn hollow, never trained on).
    #[serde(default)]
    pub test: bool,
    /// Target value of a regression dataset (ignored for classification, where `class`
    /// counts; `class` is ignored for regression).
    #[serde(default)]
    pub value: f64,
}

impl LabeledPoint {
    /// A training point.
    pub fn new(x: f64, y: f64, class: usize) -> Self {
        Self {
            pos_in_data: [x, y],
            class,
            test: false,
            value: 0.0,
        }
    }

    /// A training point of a regression dataset with target `value`.
    pub fn with_value(x: f64, y: f64, value: f64) -> Self {
        Self {
            value,
            ..Self::new(x, y, 0)
        }
    }
}

/// Axis-aligned rectangle in data space.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    /// Smallest x.
    pub x_min: f64,
    /// Largest x.
    pub x_max: f64,
    /// Smallest y.
    pub y_min: f64,
    /// Largest y.
    pub y_max: f64,
}

impl Bounds {
    /// Width (x extent).
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }
    /// Height (y extent).
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }
    /// `true` for a rectangle that can be shown: all four sides finite and below `1e12` in
    /// magnitude, width and height above `1e-9`. The one rule for a view, in the app and
    /// on the training worker.
    pub fn is_valid_view(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite() && v.abs() < 1e12)
            && self.width() > 1e-9
            && self.height() > 1e-9
    }
    /// This view scaled by `factor` (below 1 zooms in) about `centre` (its own centre when
    /// `None`); `None` for a bad factor or a view narrower than 0.001 or wider than a million
    /// (the app's zoom limits).
    pub fn zoomed(&self, factor: f64, centre: Option<[f64; 2]>) -> Option<Self> {
        if !(factor.is_finite() && factor > 0.0) {
            return None;
        }
        let [cx, cy] = centre.unwrap_or([
            (self.x_min + self.x_max) / 2.0,
            (self.y_min + self.y_max) / 2.0,
        ]);
        let new = Self {
            x_min: cx + (self.x_min - cx) * factor,
            x_max: cx + (self.x_max - cx) * factor,
            y_min: cy + (self.y_min - cy) * factor,
            y_max: cy + (self.y_max - cy) * factor,
        };
        let fits = |v: f64| v > 1e-3 && v < 1e6;
        (fits(new.width()) && fits(new.height()) && new.is_valid_view()).then_some(new)
    }
    /// This view moved by a fraction of its width (`fx`, to the right) and height (`fy`,
    /// up); `None` if the result is not a valid view.
    pub fn panned(&self, fx: f64, fy: f64) -> Option<Self> {
        let (dx, dy) = (fx * self.width(), fy * self.height());
        let new = Self {
            x_min: self.x_min + dx,
            x_max: self.x_max + dx,
            y_min: self.y_min + dy,
            y_max: self.y_max + dy,
        };
        new.is_valid_view().then_some(new)
    }
    /// The same rectangle grown by `margin` on every side.
    pub fn expanded(&self, margin: f64) -> Self {
        Self {
            x_min: self.x_min - margin,
            x_max: self.x_max + margin,
            y_min: self.y_min - margin,
            y_max: self.y_max + margin,
        }
    }
}

/// A set of labelled points with a class count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// The points, in the order the user created them.
    pub points: Vec<LabeledPoint>,
    /// Number of classes (2..=[`MAX_CLASSES`]); every point's class is below it.
    pub num_classes: usize,
    /// Classification (points have classes) or regression (points have values). Older
    /// files have no such field and load as classification.
    #[serde(default)]
    pub problem: Problem,
}

impl Default for Dataset {
    fn default() -> Self {
        Self::seed()
    }
}

impl Dataset {
    /// The tutorial's 8 points (see `SEED.md`).
    pub fn seed() -> Self {
        const SEED: [(f64, f64, usize); 8] = [
            (3.0, 1.0, 0),
            (2.0, 5.0, 1),
            (1.0, 8.0, 1),
            (6.0, 4.0, 0),
            (5.0, 2.0, 0),
            (3.0, 5.0, 1),
            (4.0, 7.0, 1),
            (4.0, -1.0, 0),
        ];
        Self {
            points: SEED
                .iter()
                .map(|&(x, y, c)| LabeledPoint::new(x, y, c))
                .collect(),
            num_classes: 2,
            problem: Problem::Classification,
        }
    }

    /// Bounding box of all points, or `None` when there are none.
    pub fn bounds(&self) -> Option<Bounds> {
        let first = self.points.first()?;
        let [x, y] = first.pos_in_data;
        let mut b = Bounds {
            x_min: x,
            x_max: x,
            y_min: y,
            y_max: y,
        };
        for p in &self.points {
            let [x, y] = p.pos_in_data;
            b.x_min = b.x_min.min(x);
            b.x_max = b.x_max.max(x);
            b.y_min = b.y_min.min(y);
            b.y_max = b.y_max.max(y);
        }
        Some(b)
    }

    /// The tutorial's view: the bounding box grown by 1 on every side
    /// (falls back to `[-1, 1]²` around the origin when there are no points).
    pub fn view_bounds(&self) -> Bounds {
        self.bounds()
            .unwrap_or(Bounds {
                x_min: 0.0,
                x_max: 0.0,
                y_min: 0.0,
                y_max: 0.0,
            })
            .expanded(1.0)
    }

    /// Training points only.
    pub fn train_points(&self) -> impl Iterator<Item = &LabeledPoint> + Clone {
        self.points.iter().filter(|p| !p.test)
    }

    /// Test points only.
    pub fn test_points(&self) -> impl Iterator<Item = &LabeledPoint> + Clone {
        self.points.iter().filter(|p| p.test)
    }

    /// `true` for a regression dataset.
    pub fn is_regression(&self) -> bool {
        self.problem == Problem::Regression
    }

    /// Number of points of each class, indexed by class (`num_classes` entries; points with
    /// a class at or above `num_classes` are not counted).
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.num_classes];
        for p in &self.points {
            if let Some(c) = counts.get_mut(p.class) {
                *c += 1;
            }
        }
        counts
    }
}
