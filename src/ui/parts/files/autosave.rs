//! Crash-safe autosave: the whole session (points, network, weights, optimiser state, step,
//! loss curves, view) is written atomically to the storage folder within a few seconds of an
//! edit to the points and at most 30 s after any other change (training included), on a
//! thread of its own, so the window never waits for the disk.
//!
//! A marker file (`running`) beside the autosave says "nnviz is running": a clean exit removes
//! it, so finding it at start means the last run ended without one (a crash, a kill, a power
//! cut), and the restored session is announced ("Recovered your session from 14:02").

use super::super::super::state::PersistedState;
use super::super::super::worker_link::WorkerLink;
use crate::data::Dataset;
use crate::session::Session;
use crate::tr;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// Name of the marker file that exists while the app runs.
pub const RUNNING_MARKER: &str = "running";

/// When the autosave writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutosaveDelays {
    /// Quiet time after the last edit to the points (so a drag is saved once, at its end).
    pub after_points_edit: Duration,
    /// Longest an edit to the points waits, however busy the user is.
    pub points_at_most: Duration,
    /// Longest any other change (training, settings) waits.
    pub any_at_most: Duration,
}

impl Default for AutosaveDelays {
    fn default() -> Self {
        Self {
            after_points_edit: Duration::from_secs(1),
            points_at_most: Duration::from_secs(5),
            any_at_most: Duration::from_secs(30),
        }
    }
}

/// The autosave's bookkeeping.
#[derive(Debug, Default)]
pub(crate) struct Autosaver {
    /// When it writes.
    pub delays: AutosaveDelays,
    /// Undo's change counter, the step and the settings last seen.
    seen: Option<(u64, Option<u64>, PersistedState)>,
    /// The first change not yet saved.
    first_change: Option<Instant>,
    /// The first and the last edit to the points not yet saved.
    points_edits: Option<(Instant, Instant)>,
    /// A session asked of the worker for the autosave is on its way.
    pub requested: bool,
    /// The write running on its own thread.
    writing: Option<(PathBuf, JoinHandle<Result<(), String>>)>,
    /// When the last autosave was written.
    pub last_written: Option<SystemTime>,
    /// The writing thread could not be started.
    spawn_error: Option<String>,
}

/// The settings part of the state: everything but the points (undo's counter tracks those),
/// cheap to copy every frame.
fn settings_of(state: &PersistedState) -> PersistedState {
    PersistedState {
        dataset: Dataset {
            points: Vec::new(),
            num_classes: state.dataset.num_classes,
            problem: state.dataset.problem,
        },
        model_config: state.model_config.clone(),
        speed: state.speed,
        steps_per_second: state.steps_per_second,
        selected_class: state.selected_class,
        new_point_value: state.new_point_value,
        classification_preset: state.classification_preset,
        running: state.running,
        view: state.view,
        plot: state.plot,
        generator: state.generator,
        stop: state.stop,
        class_names: state.class_names.clone(),
        language: state.language,
        view_settings: state.view_settings,
        // The lesson's progress is not part of a session.
        lesson: Default::default(),
    }
}

impl Autosaver {
    /// Notes what changed this frame; returns whether an autosave is due now.
    pub(crate) fn tick(
        &mut self,
        now: Instant,
        state: &PersistedState,
        link: &WorkerLink,
        points_generation: u64,
    ) -> bool {
        let step = link.stats.map(|s| s.step);
        let settings = settings_of(state);
        match &mut self.seen {
            None => self.seen = Some((points_generation, step, settings)),
            Some((generation, seen_step, seen_settings)) => {
                if *generation != points_generation {
                    *generation = points_generation;
                    let first = self.points_edits.map_or(now, |(f, _)| f);
                    self.points_edits = Some((first, now));
                    self.first_change.get_or_insert(now);
                }
                if *seen_step != step || *seen_settings != settings {
                    *seen_step = step;
                    *seen_settings = settings;
                    self.first_change.get_or_insert(now);
                }
            }
        }
        if self.requested || self.writing.is_some() {
            return false;
        }
        let d = self.delays;
        let points_due = self.points_edits.is_some_and(|(first, last)| {
            now.duration_since(last) >= d.after_points_edit
                || now.duration_since(first) >= d.points_at_most
        });
        let any_due = self
            .first_change
            .is_some_and(|t| now.duration_since(t) >= d.any_at_most);
        if points_due || any_due {
            self.first_change = None;
            self.points_edits = None;
            true
        } else {
            false
        }
    }

    /// Whether something changed since the last autosave.
    pub(crate) fn has_unsaved_changes(&self) -> bool {
        self.first_change.is_some() || self.requested || self.writing.is_some()
    }

    /// Writes `session` to `path` on a thread of its own (atomically: `Session::save`).
    pub(crate) fn write_in_background(&mut self, session: Session, path: PathBuf) {
        let target = path.clone();
        let spawned = std::thread::Builder::new()
            .name("nnviz-autosave".to_owned())
            .spawn(move || {
                if let Some(dir) = target.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                session.save(&target).map_err(|e| e.to_string())
            });
        match spawned {
            Ok(h) => self.writing = Some((path, h)),
            Err(e) => self.spawn_error = Some(tr!("autosave-no-thread", detail = e.to_string())),
        }
    }

    /// Collects a finished write; returns what went wrong, if it did.
    pub(crate) fn poll(&mut self) -> Option<String> {
        if let Some(e) = self.spawn_error.take() {
            return Some(e);
        }
        let finished = self.writing.as_ref().is_some_and(|(_, h)| h.is_finished());
        if !finished {
            return None;
        }
        let (path, h) = self.writing.take()?;
        match h.join() {
            Ok(Ok(())) => {
                self.last_written = Some(SystemTime::now());
                None
            }
            Ok(Err(e)) => Some(tr!(
                "autosave-failed",
                path = path.display().to_string(),
                detail = e
            )),
            Err(_) => Some(tr!(
                "autosave-thread-crashed",
                path = path.display().to_string()
            )),
        }
    }

    #[cfg(feature = "test-hooks")]
    /// Waits for a write in progress and notes how it went.
    pub(crate) fn wait_and_note(&mut self) {
        if let Some((_, h)) = self.writing.take()
            && matches!(h.join(), Ok(Ok(())))
        {
            self.last_written = Some(SystemTime::now());
        }
    }

    /// Waits for a write in progress (at exit, before the last save).
    pub(crate) fn wait(&mut self) {
        if let Some((_, h)) = self.writing.take() {
            let _ = h.join();
        }
    }
}

/// "14:02", the local time of `t` (UTC where the local time cannot be had).
pub(crate) fn clock_time(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    #[cfg(unix)]
    {
        let tt = secs as libc::time_t;
        // SAFETY: `localtime_r` writes only into `tm`, which lives on this stack frame; a
        // null result (no time zone data) falls back to UTC below.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        let ok = unsafe { !libc::localtime_r(&tt, &mut tm).is_null() };
        if ok {
            return format!("{:02}:{:02}", tm.tm_hour, tm.tm_min);
        }
    }
    let day = secs.rem_euclid(86_400);
    format!("{:02}:{:02} UTC", day / 3600, (day % 3600) / 60)
}

/// Creates the marker that says "running"; returns whether one was there already (the last
/// run did not end cleanly).
pub(crate) fn mark_running(dir: &Path) -> bool {
    let marker = dir.join(RUNNING_MARKER);
    let was_there = marker.is_file();
    let _ = std::fs::create_dir_all(dir);
    let _ = crate::fsutil::write_atomic(&marker, std::process::id().to_string().as_bytes());
    was_there
}

/// Removes the marker (a clean exit).
pub(crate) fn mark_stopped(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(RUNNING_MARKER));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_points_edit_is_saved_after_a_quiet_second_and_training_after_thirty() {
        let state = PersistedState::tutorial();
        let link = WorkerLink::default();
        let mut a = Autosaver::default();
        let t0 = Instant::now();
        assert!(!a.tick(t0, &state, &link, 0), "nothing changed yet");
        // An edit at t0 + 1 s, another at + 1.5 s (a drag): due 1 s after the last one.
        let s = |x: f64| t0 + Duration::from_secs_f64(x);
        assert!(!a.tick(s(1.0), &state, &link, 1));
        assert!(!a.tick(s(1.5), &state, &link, 2));
        assert!(!a.tick(s(2.4), &state, &link, 2));
        assert!(a.tick(s(2.6), &state, &link, 2));
        // A long drag is saved 5 s after it started, however busy.
        let mut g = 3;
        let mut due_at = None;
        for k in 0..80 {
            let t = 10.0 + k as f64 * 0.1;
            g += 1;
            if a.tick(s(t), &state, &link, g) {
                due_at = Some(t);
                break;
            }
        }
        assert!(
            due_at.is_some_and(|t| (t - 15.0).abs() < 0.15),
            "{due_at:?}"
        );
        // A settings change waits at most 30 s.
        let mut other = state.clone();
        other.running = false;
        assert!(!a.tick(s(40.0), &other, &link, g));
        assert!(!a.tick(s(69.0), &other, &link, g));
        assert!(a.tick(s(70.0), &other, &link, g));
        // While a save is on its way, nothing more is due.
        a.requested = true;
        assert!(!a.tick(s(200.0), &state, &link, g + 1));
    }

    #[test]
    fn the_clock_reads_hours_and_minutes() {
        let t = clock_time(SystemTime::UNIX_EPOCH + Duration::from_secs(14 * 3600 + 2 * 60));
        assert!(t.len() >= 5 && t.as_bytes()[2] == b':', "{t}");
    }
}
