//! `nnviz train`'s helpers around the run: parsing list options (`--hidden`,
//! `--activation`, `--dropout`), reading input files, and writing what a run produces
//! besides its lines (the regression picture, the code export).

use super::{CliError, TrainArgs, bad};
use crate::data::{self, Dataset};
use crate::nn::{Activation, Model, grid::GridSpec};
use crate::tr;
use std::path::Path;

/// `--export-py` and `--export-torch`: the scripts of the trained model, each written
/// atomically; a refusal names the file.
pub(super) fn export_code(
    args: &TrainArgs,
    model: &Model,
    dataset: &Dataset,
    seed: u64,
) -> Result<(), CliError> {
    use crate::export::{ExportInput, ScriptKind, write_script};
    let wanted = [
        (&args.export_py, ScriptKind::Numpy),
        (&args.export_torch, ScriptKind::Torch),
    ];
    for (path, kind) in wanted {
        let Some(path) = path else { continue };
        let input = ExportInput::from_model(model, dataset, seed).map_err(|e| {
            CliError::Output(tr!(
                "cli-cannot-write",
                path = path.display().to_string(),
                detail = e.to_string()
            ))
        })?;
        write_script(path, kind, &input).map_err(CliError::Output)?;
    }
    Ok(())
}

/// Parses `4`, `8,8` or `none`.
pub fn parse_hidden(s: &str) -> Result<Vec<usize>, CliError> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|p| {
            p.trim()
                .parse::<usize>()
                .map_err(|_| bad(tr!("cli-hidden-not-a-size", value = p.trim())))
        })
        .collect()
}

/// A comma list of activation names (`--activation`).
pub(super) fn parse_activations(s: &str) -> Result<Vec<Activation>, CliError> {
    s.split(',')
        .map(|p| p.trim().parse::<Activation>().map_err(bad))
        .collect()
}

/// A comma list of dropout rates (`--dropout`); the range is checked with the model's
/// settings.
pub(super) fn parse_dropout(s: &str) -> Result<Vec<f64>, CliError> {
    s.split(',')
        .map(|p| {
            p.trim()
                .parse::<f64>()
                .map_err(|_| bad(tr!("cli-dropout-not-a-rate", value = p.trim())))
        })
        .collect()
}

/// Reads a text file of at most [`data::MAX_FILE_BYTES`], a regular file only (see
/// [`crate::fsutil::read_regular_file`]).
pub(super) fn read_to_string(path: &Path, what: &str) -> Result<String, CliError> {
    let cannot = |e: &dyn std::fmt::Display| {
        bad(tr!(
            "cli-cannot-read",
            what = what,
            path = path.display().to_string(),
            detail = e.to_string()
        ))
    };
    let bytes =
        crate::fsutil::read_regular_file(path, data::MAX_FILE_BYTES).map_err(|e| match e {
            crate::fsutil::ReadError::TooLarge { size, max } => bad(tr!(
                "cli-too-large",
                what = what,
                path = path.display().to_string(),
                size = size,
                max = max,
                mib = max.wrapping_shr(20)
            )),
            e => cannot(&e),
        })?;
    String::from_utf8(bytes).map_err(|e| {
        cannot(&format_args!(
            "not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The PNG of a regression model: predicted values on the diverging scale, the points in
/// the same scale, and with `legend` the colour bar (as the app draws them).
pub(super) fn regression_picture(
    model: &Model,
    dataset: &Dataset,
    pred: &crate::nn::GridPrediction,
    grid: &GridSpec,
    legend: bool,
) -> crate::render::Rgba8Image {
    use crate::render as r;
    let scale = r::ValueScale::of_values(dataset.points.iter().map(|p| p.value));
    let mut img = r::Rgba8Image::default();
    r::value_heatmap_into(pred, model.target_transform(), scale, &mut img);
    let (w, h) = (img.width, img.height);
    let radius = r::point_radius_for(w, h);
    let to_pixel = |pos| r::picture_pixel(grid, w, h, pos);
    r::draw_value_points(&mut img, &dataset.points, to_pixel, radius, scale);
    if legend {
        let centres: Vec<_> = dataset
            .points
            .iter()
            .map(|p| to_pixel(p.pos_in_data))
            .collect();
        r::draw_colour_bar(&mut img, scale, &centres, radius);
    }
    img
}
