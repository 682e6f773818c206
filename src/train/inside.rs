//! Seeing inside the network, worker side: the diverging colour map of unit activations,
//! one unit's map at the view's resolution ([`UnitImage`]), and the [`Timeline`] of
//! snapshots that lets a learner scrub back through training.

use crate::data::Bounds;
use crate::data::Problem;
use crate::nn::{Activation, GridPredictor, GridSpec, Mlp, Snapshot, TargetTransform, UnitMaps};
use crate::render::{Rgba8Image, ValueScale};
use nalgebra::DVector;
use std::sync::Arc;

/// Colour of low activations (the palette's orange, as class 0).
pub const NEGATIVE: [u8; 3] = [0xEE, 0x77, 0x33];
/// Colour of high activations (the palette's blue, as class 1).
pub const POSITIVE: [u8; 3] = [0x00, 0x77, 0xBB];
/// Colour of the middle of the range.
pub const NEUTRAL: [u8; 3] = [0xF7, 0xF7, 0xF5];

/// Largest number of floats the single-unit map may need in its buffer (16 MB).
const UNIT_IMAGE_MAX_FLOATS: usize = 4_000_000;

/// The activation of `layer` (0 = the input features, which have none).
pub fn layer_activation(mlp: &Mlp, layer: usize) -> Option<Activation> {
    layer
        .checked_sub(1)
        .and_then(|l| mlp.layers.get(l))
        .map(|l| l.activation)
}

/// The colour range of a unit's map: the activation's own range where it has one (sigmoid
/// 0..1, tanh −1..1), otherwise symmetric around 0 from the values seen (ReLU 0..max shows
/// 0 as neutral and max as blue; inputs, linear units and softmax scores ±max|v|).
pub fn unit_range(activation: Option<Activation>, lo: f32, hi: f32) -> (f32, f32) {
    match activation {
        Some(Activation::Sigmoid) => (0.0, 1.0),
        Some(Activation::Tanh) => (-1.0, 1.0),
        _ => {
            let m = lo.abs().max(hi.abs());
            let m = if m.is_finite() && m > 1e-9 { m } else { 1.0 };
            (-m, m)
        }
    }
}

/// How a unit's map is coloured: hidden units (and classification outputs) by their
/// activation; a regression network's output unit as the heatmap colours the predicted value
/// (the value scale, in the target's own units), so its map is the heatmap itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UnitColours {
    /// [`diverging`] over this activation range ([`unit_range`]).
    Activation((f32, f32)),
    /// The output `v` mapped back to the target's units (`target.to_data(v)`) and coloured
    /// on `scale` (blue negative, white 0, orange positive).
    Values {
        /// The target's standardisation.
        target: TargetTransform,
        /// The heatmap's colour scale.
        scale: ValueScale,
    },
}

impl UnitColours {
    /// The colouring of unit maps of `layer` of `snapshot` whose values span `lo..hi`;
    /// `scale` is the heatmap's value scale (used for a regression output only).
    pub fn of(snapshot: &Snapshot, layer: usize, (lo, hi): (f32, f32), scale: ValueScale) -> Self {
        let output = layer + 1 == snapshot.mlp.sizes().len() && layer > 0;
        if output && snapshot.problem == Problem::Regression {
            Self::Values {
                target: snapshot.target,
                scale,
            }
        } else {
            Self::Activation(unit_range(layer_activation(&snapshot.mlp, layer), lo, hi))
        }
    }

    /// The colour of a unit's value `v` (opaque).
    #[inline]
    pub fn colour(&self, v: f32) -> [u8; 4] {
        match *self {
            Self::Activation(range) => diverging(v, range),
            Self::Values { target, scale } => {
                let [r, g, b] = scale.colour(target.to_data(f64::from(v)));
                [r, g, b, 255]
            }
        }
    }

    /// The values at the two ends of the colour map, in the units shown (for values: the
    /// target's, `±half_range`).
    pub fn range(&self) -> (f32, f32) {
        match *self {
            Self::Activation(range) => range,
            Self::Values { scale, .. } => (-scale.half_range as f32, scale.half_range as f32),
        }
    }

    /// Whether this is the value scale (a regression output).
    pub fn is_values(&self) -> bool {
        matches!(self, Self::Values { .. })
    }
}

/// Diverging colour of `v` in `range`: the low end orange, the middle near white, the
/// high end blue (opaque).
#[inline]
pub fn diverging(v: f32, range: (f32, f32)) -> [u8; 4] {
    let (lo, hi) = range;
    let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
    let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
    let (end, s) = if t < 0.5 {
        (NEGATIVE, 1.0 - 2.0 * t)
    } else {
        (POSITIVE, 2.0 * t - 1.0)
    };
    let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * s).round() as u8;
    [
        mix(NEUTRAL[0], end[0]),
        mix(NEUTRAL[1], end[1]),
        mix(NEUTRAL[2], end[2]),
        255,
    ]
}

/// [`diverging`] as a table: the diagram colours every unit's thumbnail (~130k values for an
/// 8×64 network) each time new maps arrive, on the UI thread.
#[derive(Clone, Debug)]
pub struct DivergingTable {
    colors: Vec<[u8; 4]>,
}

impl DivergingTable {
    /// Entries in the table; neighbours differ by less than one step of a colour channel.
    const SIZE: usize = 1024;

    /// The table, built once per process.
    pub fn shared() -> &'static Self {
        static TABLE: std::sync::OnceLock<DivergingTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| Self {
            colors: (0..Self::SIZE)
                .map(|i| diverging(i as f32 / (Self::SIZE - 1) as f32, (0.0, 1.0)))
                .collect(),
        })
    }

    /// The colour of `v` in `range`, as [`diverging`] gives it to within one level a channel.
    #[inline]
    pub fn color(&self, v: f32, range: (f32, f32)) -> [u8; 4] {
        let (lo, hi) = range;
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let t = if t.is_nan() { 0.5 } else { t };
        // `as` saturates: below 0 → 0, above 1 → the last entry.
        let i = (t * (Self::SIZE - 1) as f32 + 0.5) as usize;
        self.colors
            .get(i.min(Self::SIZE - 1))
            .copied()
            .unwrap_or([NEUTRAL[0], NEUTRAL[1], NEUTRAL[2], 255])
    }
}

/// One unit's activation over the view, coloured (the canvas shows it instead of the
/// class heatmap while the unit is selected in the diagram).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitImage {
    /// Layer of the unit (0 = input features).
    pub layer: usize,
    /// Unit within the layer.
    pub unit: usize,
    /// The map, top row = `bounds.y_max`.
    pub image: Rgba8Image,
    /// Data-space rectangle it covers.
    pub bounds: Bounds,
    /// Values at the colour map's two ends.
    pub range: (f32, f32),
    /// The map shows predicted values on the heatmap's value scale (a regression output),
    /// not an activation.
    pub values: bool,
}

/// Computes unit `(layer, unit)` of `snapshot` over `bounds` with up to `resolution` cells
/// per side (fewer for deep networks, so `buf` stays under 16 MB), reusing `buf`. Softmax
/// outputs show their score before the softmax, as [`UnitMaps`] does; a regression output
/// is coloured on `scale` as the heatmap is ([`UnitColours`]). `None` when the unit does
/// not exist.
pub fn unit_image(
    snapshot: &Snapshot,
    (layer, unit): (usize, usize),
    bounds: &Bounds,
    resolution: usize,
    scale: ValueScale,
    buf: &mut UnitMaps,
) -> Option<UnitImage> {
    let sizes = snapshot.mlp.sizes();
    if unit >= *sizes.get(layer)? {
        return None;
    }
    // The network up to this layer, with only this unit in its last layer (for an input
    // feature: any one unit of the first layer, just so the features are computed).
    let keep = layer.max(1);
    let mut mlp = Mlp {
        layers: snapshot.mlp.layers.get(..keep)?.to_vec(),
    };
    let col = if layer == 0 { 0 } else { unit };
    if let Some(last) = mlp.layers.last_mut() {
        last.weights = last.weights.columns(col, 1).into_owned();
        last.biases = last
            .biases
            .as_ref()
            .map(|b| DVector::from_element(1, b.get(col).copied().unwrap_or(0.0)));
        if last.activation == Activation::Softmax {
            last.activation = Activation::Linear;
        }
    }
    let floats_per_cell: usize = mlp.sizes().iter().sum();
    let cap = ((UNIT_IMAGE_MAX_FLOATS / floats_per_cell.max(1)) as f64).sqrt() as usize;
    let res = resolution.min(cap).max(16);
    let grid = GridSpec::cell_centers(bounds, res, res);
    GridPredictor::new(&mlp, &snapshot.transform).unit_maps(&grid, buf);
    let values = if layer == 0 {
        buf.layers.first()?.get(unit)?
    } else {
        buf.layers.last()?.first()?
    };
    let (lo, hi) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let colours = UnitColours::of(snapshot, layer, (lo, hi), scale);
    let mut image = Rgba8Image::default();
    image.resize(res, res);
    for (px, &v) in image.pixels.chunks_exact_mut(4).zip(values) {
        px.copy_from_slice(&colours.colour(v));
    }
    Some(UnitImage {
        layer,
        unit,
        image,
        bounds: *bounds,
        range: colours.range(),
        values: colours.is_values(),
    })
}

/// One moment of training kept by the [`Timeline`].
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// Step the weights are from.
    pub step: u64,
    /// The weights and input transform at that step.
    pub model: Arc<Snapshot>,
    /// The class heatmap at that step, at most [`Timeline::IMAGE_SIZE`] cells per side.
    pub image: Rgba8Image,
    /// Data-space rectangle of `image`.
    pub bounds: Bounds,
}

impl TimelineEntry {
    /// Approximate memory held: image bytes, weights and biases, the struct itself.
    pub fn bytes(&self) -> usize {
        self.image.pixels.len()
            + self.model.mlp.num_parameters() * std::mem::size_of::<f64>()
            + std::mem::size_of::<Self>()
            + std::mem::size_of::<Snapshot>()
    }
}

/// A bounded history of snapshots (weights + a small heatmap + step), taken every `stride`
/// steps. When it is full (256 entries, or 24 MiB) every other entry is dropped and the
/// stride doubles, like [`LossHistory`](super::LossHistory), so a whole run is kept.
///
/// Memory bound: at most [`Self::MAX_ENTRIES`] = 256 entries and at most
/// [`Self::MAX_BYTES`] = 24 MiB in total. Images are at most 100 × 100 RGBA (40 kB each,
/// so ≤ 10.24 MB of images); the tutorial's 2-4-1 network keeps all 256 entries in about
/// 10.5 MB, an 8 × 64 network (≈ 30 k weights, 240 kB each) about 90 entries.
///
/// Entries are shared (`Arc`), so cloning the timeline to send it to the UI is cheap.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    entries: Vec<Arc<TimelineEntry>>,
    stride: u64,
    next: u64,
    bytes: usize,
}

impl Default for Timeline {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            stride: 1,
            next: 0,
            bytes: 0,
        }
    }
}

impl Timeline {
    /// Most entries kept.
    pub const MAX_ENTRIES: usize = 256;
    /// Most bytes kept (images, weights and bookkeeping).
    pub const MAX_BYTES: usize = 24 << 20;
    /// Largest heatmap side of an entry (cells).
    pub const IMAGE_SIZE: usize = 100;

    /// `true` when a snapshot at `step` should be recorded.
    #[inline]
    pub fn wants(&self, step: u64) -> bool {
        step >= self.next
    }

    /// Records `entry` (ignored unless [`Self::wants`] its step); compacts when full.
    pub fn push(&mut self, entry: TimelineEntry) {
        if !self.wants(entry.step) {
            return;
        }
        let b = entry.bytes();
        while self.entries.len() > 1
            && (self.entries.len() + 1 > Self::MAX_ENTRIES || self.bytes + b > Self::MAX_BYTES)
        {
            self.compact();
        }
        let step = entry.step;
        self.bytes += b;
        self.entries.push(Arc::new(entry));
        self.next = (step / self.stride + 1) * self.stride;
    }

    /// Drops every other entry (keeping the first) and doubles the stride.
    fn compact(&mut self) {
        let mut i = 0;
        self.entries.retain(|_| {
            i += 1;
            i % 2 == 1
        });
        self.stride = self.stride.saturating_mul(2);
        self.bytes = self.entries.iter().map(|e| e.bytes()).sum();
    }

    /// Forgets the entries after `step` (after a restore or a divergence).
    pub fn truncate_after(&mut self, step: u64) {
        self.entries.retain(|e| e.step <= step);
        self.bytes = self.entries.iter().map(|e| e.bytes()).sum();
        self.next = self
            .entries
            .last()
            .map_or(0, |e| (e.step / self.stride + 1) * self.stride);
    }

    /// Forgets everything (new weights).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> &[Arc<TimelineEntry>] {
        &self.entries
    }

    /// The entry of exactly `step`.
    pub fn find(&self, step: u64) -> Option<&Arc<TimelineEntry>> {
        self.entries
            .binary_search_by_key(&step, |e| e.step)
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// Index of the entry nearest to `step` (`None` when empty).
    pub fn nearest(&self, step: u64) -> Option<usize> {
        (0..self.entries.len()).min_by_key(|&i| self.entries[i].step.abs_diff(step))
    }

    /// Steps between recorded entries now.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Memory held by all entries (see [`TimelineEntry::bytes`]).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Bytes of the entries' images alone.
    pub fn image_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.image.pixels.len()).sum()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` without entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The worker's state for seeing inside (part of its loop).
#[derive(Debug, Default)]
pub(super) struct InsideWork {
    /// Cells per side of the per-unit maps, while the diagram is visible.
    pub(super) unit_maps_res: Option<usize>,
    /// The unit shown large on the canvas.
    pub(super) show_unit: Option<(usize, usize)>,
    /// Buffer of the single-unit map.
    pub(super) unit_buf: UnitMaps,
    /// Snapshots for scrubbing back.
    pub(super) timeline: Timeline,
    /// The timeline changed since it was last handed to the UI.
    pub(super) timeline_changed: bool,
    /// Buffer of the timeline's small heatmaps.
    pub(super) pred: crate::nn::GridPrediction,
    /// When the last timeline snapshot was taken and how long it took: snapshots are spaced
    /// so they use at most 1/[`InsideWork::TIMELINE_TIME_SHARE`] of the training thread's time.
    pub(super) last_record: Option<(std::time::Instant, std::time::Duration)>,
    /// What the hidden-space view shows (`None`: it is closed).
    pub(super) hidden_space: Option<crate::nn::HiddenSpaceSpec>,
    /// Its buffers and last principal axes.
    pub(super) hidden_work: crate::nn::hidden_space::HiddenSpaceWork,
    /// The timeline step whose weights it maps (`None`: the live ones).
    pub(super) hidden_space_step: Option<u64>,
}

impl InsideWork {
    /// Snapshots wait at least this many times their own cost. Each costs a small heatmap;
    /// early in a run the step stride is short, and a slow network would otherwise spend
    /// most of its time drawing snapshots instead of training.
    pub(super) const TIMELINE_TIME_SHARE: u32 = 10;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_ends_and_middle() {
        assert_eq!(&diverging(0.0, (0.0, 1.0))[..3], &NEGATIVE);
        assert_eq!(&diverging(1.0, (0.0, 1.0))[..3], &POSITIVE);
        assert_eq!(&diverging(0.5, (0.0, 1.0))[..3], &NEUTRAL);
        assert_eq!(&diverging(f32::NAN, (0.0, 1.0))[..3], &NEUTRAL);
    }

    #[test]
    fn table_matches_the_colour_map() {
        let table = DivergingTable::shared();
        for range in [(0.0, 1.0), (-1.0, 1.0), (-3.5, 3.5), (2.0, 2.0)] {
            for i in -50..=1050 {
                let v = range.0 - 0.1 + (range.1 - range.0 + 0.2) * i as f32 / 1000.0;
                let (a, b) = (table.color(v, range), diverging(v, range));
                for c in 0..4 {
                    assert!(a[c].abs_diff(b[c]) <= 1, "{v} in {range:?}: {a:?} vs {b:?}");
                }
            }
        }
        for v in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let (a, b) = (table.color(v, (-1.0, 1.0)), diverging(v, (-1.0, 1.0)));
            assert!(
                (0..4).all(|c| a[c].abs_diff(b[c]) <= 1),
                "{v}: {a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn timeline_stays_bounded() {
        let snap = Arc::new(Snapshot {
            mlp: Mlp { layers: vec![] },
            transform: crate::nn::InputTransform::raw(vec![]),
            classes: 2,
            step: 0,
            problem: crate::data::Problem::Classification,
            target: crate::nn::TargetTransform::IDENTITY,
        });
        let mut t = Timeline::default();
        for step in 0..100_000u64 {
            if t.wants(step) {
                t.push(TimelineEntry {
                    step,
                    model: Arc::clone(&snap),
                    image: Rgba8Image::new(4, 4, [0; 4]),
                    bounds: Bounds {
                        x_min: 0.0,
                        x_max: 1.0,
                        y_min: 0.0,
                        y_max: 1.0,
                    },
                });
            }
        }
        assert!(t.len() <= Timeline::MAX_ENTRIES && t.len() > 100);
        assert_eq!(t.entries()[0].step, 0);
        assert!(t.entries().windows(2).all(|w| w[0].step < w[1].step));
        t.truncate_after(5000);
        assert!(t.entries().iter().all(|e| e.step <= 5000));
        assert!(t.wants(t.entries().last().unwrap().step + t.stride()));
    }
}
