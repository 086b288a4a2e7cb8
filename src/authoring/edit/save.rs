//! Saving a document: atomic (a temporary file renamed into place, so a crash leaves the old
//! file or the new one, never half of one), never a text that does not read, never over a
//! file another program changed since it was opened; and the recovery file beside the
//! scenario (`.name.ron.recovery`) that keeps unsaved work through a crash.

use crate::authoring::edit::Document;
use crate::authoring::files::{read_capped, write_text_atomically};
use crate::authoring::load::{LoadFailure, MAX_FILE_BYTES, decode};
use crate::authoring::ron::parse_ron;
use crate::engine::scenario::ScenarioFile;
use std::path::{Path, PathBuf};

const BOM: char = '\u{feff}';

/// The recovery file of `path`: hidden, beside it, and not a `.ron` file, so neither the
/// library nor `validate` ever takes it for a scenario.
pub fn recovery_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "scenario.ron".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.recovery"))
}

/// The text of a file and whether it began with a byte order mark (left out of the text).
pub fn read_text(path: &Path) -> Result<(String, bool), LoadFailure> {
    let file_name = path.display().to_string();
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|message| LoadFailure {
        file_name: file_name.clone(),
        source: String::new(),
        diagnostics: vec![crate::engine::diagnostic::Diagnostic::error("io", message).in_file(&file_name)],
    })?;
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    Ok((decode(&file_name, &bytes)?, bom))
}

/// Writes `text` atomically, with the byte order mark the file had.
pub(crate) fn write(path: &Path, text: &str, bom: bool) -> Result<(), String> {
    if bom { write_text_atomically(path, &format!("{BOM}{text}")) } else { write_text_atomically(path, text) }
}

pub(crate) fn remove_if_present(path: &Path) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {err}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Unsaved work left in `path`'s recovery file by a studio that did not close cleanly: its
/// text, if it reads as a scenario and differs from the file.
pub fn pending_recovery(path: &Path) -> Option<String> {
    let (text, _) = read_text(&recovery_path(path)).ok()?;
    let on_disk = read_text(path).ok().map(|(t, _)| t);
    if on_disk.as_deref() == Some(text.as_str()) {
        return None;
    }
    parse_ron::<ScenarioFile>("recovery", &text).ok()?;
    Some(text)
}

/// Removes `path`'s recovery file: the author chose not to restore it.
pub fn discard_recovery(path: &Path) -> Result<(), String> {
    remove_if_present(&recovery_path(path))
}

impl Document {
    pub(crate) fn save_to(&mut self, path: &Path, same_file: bool) -> Result<(), String> {
        // Every edit keeps the text readable; checked again here so that nothing that does
        // not read can ever replace a file.
        if let Err(diagnostics) = parse_ron::<ScenarioFile>(&self.file_name, &self.source) {
            let why = diagnostics.first().map_or(String::new(), |d| format!(" ({})", d.message));
            return Err(format!("the scenario does not read{why}, so {} was not written", path.display()));
        }
        if same_file && let Ok((on_disk, _)) = read_text(path) {
            if on_disk != self.saved {
                return Err(format!(
                    "{} was changed by another program since it was opened; save under another name, or reopen it",
                    path.display()
                ));
            }
        } else if !same_file && path.exists() {
            return Err(format!("{} already exists; choose another name", path.display()));
        }
        write(path, &self.source, self.bom)?;
        self.saved = self.source.clone();
        remove_if_present(&recovery_path(path))
    }
}
