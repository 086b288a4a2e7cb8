//! The trainee's settings as a resource: read from the platform's config folder on start,
//! saved atomically on every change (never in tests), problems shown instead of lost.

use crate::records::settings::{self as settings_file, Settings};
use bevy::prelude::*;

/// The trainee's settings, and whether they are saved (not in tests).
#[derive(Resource, Debug, Clone)]
pub struct TraineeSettings {
    pub settings: Settings,
    pub persist: bool,
    /// A problem reading or saving, shown to the trainee instead of being lost.
    pub notice: Option<String>,
}

impl TraineeSettings {
    /// Nothing read, nothing written: for tests.
    pub fn in_memory(settings: Settings) -> TraineeSettings {
        TraineeSettings { settings, persist: false, notice: None }
    }

    /// Reads the settings from the config folder; a broken file is reported and replaced by
    /// defaults in memory, never overwritten until the trainee changes something.
    pub fn load() -> TraineeSettings {
        let mut notices = Vec::new();
        let mut read = |path: Option<std::path::PathBuf>| -> Option<std::path::PathBuf> {
            if path.is_none() {
                notices.push("no config folder on this system: settings will not be kept".to_owned());
            }
            path
        };
        let settings = read(settings_file::settings_path())
            .map(|p| settings_file::read_or_default::<Settings>(&p))
            .unwrap_or(Ok(Settings::default()));
        let settings = settings.unwrap_or_else(|err| {
            notices.push(format!("settings were unreadable and reset: {err}"));
            Settings::default()
        });
        TraineeSettings {
            settings: settings.sanitized(),
            persist: true,
            notice: (!notices.is_empty()).then(|| notices.join("; ")),
        }
    }

    pub fn save_settings(&mut self) {
        if !self.persist {
            return;
        }
        if let Some(path) = settings_file::settings_path()
            && let Err(err) = settings_file::write_atomically(&path, &self.settings)
        {
            self.notice = Some(err);
        }
    }
}

pub(crate) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<TraineeSettings>() {
        app.insert_resource(TraineeSettings::load());
    }
}
