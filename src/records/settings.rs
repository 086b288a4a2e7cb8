//! The trainee's settings, kept in the platform's config folder and always written
//! atomically (a temporary file renamed into place), so a crash never leaves
//! a half-written file.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::path::{Path, PathBuf};

pub use crate::authoring::files::{write_streaming_atomically, write_text_atomically};

/// Overrides the folder settings are kept in (used by tests and scripts).
pub const CONFIG_DIR_ENV: &str = "HARDCALL_CONFIG_DIR";

/// How the game looks and behaves; restored on start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The trainee's name, remembered between runs.
    pub trainee: String,
    /// Names used on this machine, most recent first, to pick from on the title screen.
    pub recent_trainees: Vec<String>,
    /// Characters per second at which the customer's line is revealed; 0 shows it at once.
    pub text_speed: u32,
    /// UI zoom in percent.
    pub ui_scale: u32,
    pub high_contrast: bool,
    pub fullscreen: bool,
    /// Seconds allowed per reply; 0 turns the timer off.
    pub response_seconds: u32,
    /// The live competition server last joined, offered again on the join form.
    pub live_server: String,
    /// Conversations a week the trainee aims for, shown on the progress screen.
    pub weekly_goal: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            trainee: String::new(),
            recent_trainees: Vec::new(),
            text_speed: 60,
            ui_scale: 100,
            high_contrast: false,
            fullscreen: false,
            response_seconds: 0,
            live_server: String::new(),
            weekly_goal: crate::records::progress::learner::DEFAULT_WEEKLY_GOAL,
        }
    }
}

impl Settings {
    pub const TEXT_SPEEDS: [u32; 5] = [0, 30, 60, 120, 240];
    pub const UI_SCALES: [u32; 6] = [75, 90, 100, 125, 150, 200];
    pub const RESPONSE_SECONDS: [u32; 5] = [0, 10, 20, 30, 60];
    pub const WEEKLY_GOALS: [u32; 5] = [3, 5, 7, 10, 15];

    /// Brings out-of-range values (a hand-edited file) back into what the game supports.
    pub fn sanitized(mut self) -> Settings {
        self.text_speed = self.text_speed.min(10_000);
        self.ui_scale = self.ui_scale.clamp(50, 300);
        self.response_seconds = self.response_seconds.min(600);
        self.trainee = self.trainee.trim().chars().take(60).collect();
        self.recent_trainees.truncate(8);
        self.live_server = self.live_server.trim().chars().take(200).collect();
        self.weekly_goal = self.weekly_goal.clamp(1, 100);
        self
    }

    /// Makes `name` the current trainee and the first of the recent names.
    pub fn sign_in(&mut self, name: &str) {
        let name: String = name.trim().chars().take(60).collect();
        self.recent_trainees.retain(|n| n != &name);
        self.recent_trainees.insert(0, name.clone());
        self.recent_trainees.truncate(8);
        self.trainee = name;
    }
}

/// Where settings live: `$HARDCALL_CONFIG_DIR`, else the platform's folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "hardcall").map(|dirs| dirs.config_dir().to_path_buf())
}

pub fn settings_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("settings.ron"))
}

/// Reads a RON file; a missing file gives the default, a broken one an error naming it.
pub fn read_or_default<T: DeserializeOwned + Default>(path: &Path) -> Result<T, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => crate::authoring::ron::ron_options()
            .from_str(&text)
            .map_err(|err| format!("{}:{}: {}", path.display(), err.span.start, err.code)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(err) => Err(format!("cannot read {}: {err}", path.display())),
    }
}

/// Writes `value` as RON to `path` atomically: the old file stays intact until the new one
/// is complete and synced.
pub fn write_atomically<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(|err| format!("cannot encode {}: {err}", path.display()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    write_text_atomically(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_survive_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("settings.ron");
        assert_eq!(read_or_default::<Settings>(&path).unwrap(), Settings::default());
        let settings = Settings {
            trainee: "Ana \"Quote\", Lee".into(),
            ui_scale: 150,
            high_contrast: true,
            ..Settings::default()
        };
        write_atomically(&path, &settings).unwrap();
        assert_eq!(read_or_default::<Settings>(&path).unwrap(), settings);
        std::fs::write(&path, "(ui_scale: ").unwrap();
        let err = read_or_default::<Settings>(&path).unwrap_err();
        assert!(err.contains("settings.ron:1:"), "{err}");
        // No temporary files are left behind.
        write_atomically(&path, &settings).unwrap();
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn sanitizing_clamps_hand_edited_values() {
        let settings = Settings { ui_scale: 5, trainee: "  x  ".into(), ..Settings::default() }.sanitized();
        assert_eq!(settings.ui_scale, 50);
        assert_eq!(settings.trainee, "x");
    }
}
