//! The app's settings (the persisted state, the recent files, the window's size) in a file of
//! its own, `settings.json` in the storage folder, written atomically.
//!
//! eframe's own storage writes `app.ron` in place, so a kill mid-write can leave half a file;
//! nnviz writes nothing there. [`SettingsFile`] implements [`eframe::Storage`], so the same
//! `eframe::get_value` / `set_value` calls work on it, and its `flush` writes the
//! whole map through [`crate::fsutil::write_atomic`]. A settings file from before (eframe's
//! `app.ron`) is read once when there is no `settings.json` yet.

use crate::tr;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Name of the settings file in the storage folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// Largest settings file read (a bigger one is damaged or not ours).
const MAX_BYTES: u64 = 64 << 20;

/// Key of the window's inner size (points).
pub const WINDOW_SIZE_KEY: &str = "nnviz_window_size_v1";

/// String values by key, written atomically as one JSON object.
#[derive(Debug, Default)]
pub struct SettingsFile {
    path: Option<PathBuf>,
    map: BTreeMap<String, String>,
    dirty: bool,
}

/// The settings file in the app's storage folder, if the platform has one.
pub fn settings_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|d| d.join(SETTINGS_FILE))
}

impl SettingsFile {
    /// Reads `path`. A missing file gives empty settings; an unreadable or damaged one gives
    /// empty settings and says why (the file is not written over until the first save).
    pub fn load(path: &Path) -> (Self, Option<String>) {
        let mut file = Self {
            path: Some(path.to_path_buf()),
            ..Default::default()
        };
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => return (file, None),
        };
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return (
                file,
                Some(tr!(
                    "settings-not-a-file",
                    path = path.display().to_string()
                )),
            );
        }
        match std::fs::read_to_string(path).map(|t| serde_json::from_str(&t)) {
            Ok(Ok(map)) => {
                file.map = map;
                (file, None)
            }
            Ok(Err(e)) => (
                file,
                Some(tr!(
                    "settings-unreadable",
                    path = path.display().to_string(),
                    detail = e.to_string()
                )),
            ),
            Err(e) => (
                file,
                Some(tr!(
                    "settings-unreadable",
                    path = path.display().to_string(),
                    detail = e.to_string()
                )),
            ),
        }
    }

    /// Settings kept in memory only (tests, `--fresh`).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Copies every value of `other` (migrating eframe's storage) for the given keys.
    pub fn copy_from(&mut self, other: &dyn eframe::Storage, keys: &[&str]) {
        for k in keys {
            if let Some(v) = other.get_string(k) {
                eframe::Storage::set_string(self, k, v);
            }
        }
    }

    /// Writes the settings now (atomically); an error says which file.
    pub fn write(&mut self) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let text = serde_json::to_string_pretty(&self.map).map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|e| {
            tr!(
                "settings-not-saved",
                path = path.display().to_string(),
                detail = e.to_string()
            )
        })?;
        self.dirty = false;
        Ok(())
    }
}

impl eframe::Storage for SettingsFile {
    fn get_string(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        if self.map.get(key) != Some(&value) {
            self.map.insert(key.to_owned(), value);
            self.dirty = true;
        }
    }

    fn remove_string(&mut self, key: &str) {
        if self.map.remove(key).is_some() {
            self.dirty = true;
        }
    }

    fn flush(&mut self) {
        if self.dirty
            && let Err(e) = self.write()
        {
            eprintln!("nnviz: {e}");
        }
    }
}

/// The window's inner size saved last time, if any (for the window's first size).
pub fn saved_window_size() -> Option<[f32; 2]> {
    let (file, _) = SettingsFile::load(&settings_path()?);
    let size: [f32; 2] = eframe::get_value(&file, WINDOW_SIZE_KEY)?;
    size.iter()
        .all(|v| v.is_finite() && (320.0..=16384.0).contains(v))
        .then_some(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage as _;

    #[test]
    fn settings_round_trip_and_a_damaged_file_is_said() {
        let dir = std::env::temp_dir().join(format!("nnviz-settings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join(SETTINGS_FILE);
        let (mut s, problem) = SettingsFile::load(&path);
        assert!(problem.is_none() && s.is_empty());
        s.set_string("a", "(x: 1)".to_owned());
        s.flush();
        let (back, problem) = SettingsFile::load(&path);
        assert!(problem.is_none());
        assert_eq!(back.get_string("a").as_deref(), Some("(x: 1)"));
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::write(&path, "{\"a\": ").unwrap();
        let (back, problem) = SettingsFile::load(&path);
        assert!(back.is_empty());
        assert!(problem.is_some_and(|p| p.contains("could not be read")));
    }
}
