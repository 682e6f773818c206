//! The lesson's way to the picture export (issue 15, step 7): a step asks for the export
//! dialog at a given size through the egui context (the lesson cannot reach the files part),
//! and reads back how many pictures were saved, a fact for its task.

/// Where a request for the picture dialog waits (its value: the picture's size).
fn request_id() -> egui::Id {
    egui::Id::unique("nnviz-lesson-png-request")
}

/// Where the count of saved pictures is kept.
fn saved_id() -> egui::Id {
    egui::Id::unique("nnviz-lesson-png-saved")
}

/// Asks for the picture export dialog, offering `size`×`size` (opened by the files part in
/// its next frame).
pub(crate) fn request_png_export(ctx: &egui::Context, size: usize) {
    ctx.data_mut(|d| d.insert_temp(request_id(), size));
}

/// Takes the waiting request for the picture dialog, if any.
pub(super) fn take_png_request(ctx: &egui::Context) -> Option<usize> {
    ctx.data_mut(|d| d.remove_temp::<usize>(request_id()))
}

/// Counts one more picture saved.
pub(super) fn count_png_saved(ctx: &egui::Context) {
    ctx.data_mut(|d| *d.get_temp_mut_or_default::<u64>(saved_id()) += 1);
}

/// How many pictures were saved since the app started.
pub(crate) fn pngs_saved(ctx: &egui::Context) -> u64 {
    ctx.data(|d| d.get_temp::<u64>(saved_id()).unwrap_or(0))
}
