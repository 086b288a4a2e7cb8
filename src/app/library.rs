//! The scenario library: every file in `scenarios/`, loaded as a Bevy asset so that saving a
//! file while the game runs reloads it. A broken file stays in the library with its
//! diagnostics (the same text `hardcall validate` prints) instead of vanishing.

use crate::sim::catalogue::Knowledge;
use crate::sim::load::{LoadFailure, LoadedScenario, decode, load_scenario_file, load_scenario_source, scenario_paths};
use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The name of the asset source that reads the scenarios folder.
pub const SCENARIO_SOURCE: &str = "scenarios";

/// One scenario file: proven and playable, or broken with its diagnostics.
#[derive(Clone, Debug)]
pub struct LibraryEntry {
    pub file_name: String,
    pub result: Result<LoadedScenario, LoadFailure>,
}

impl LibraryEntry {
    pub fn loaded(&self) -> Option<&LoadedScenario> {
        self.result.as_ref().ok()
    }

    /// The diagnostics as the command line prints them.
    pub fn report(&self) -> String {
        match &self.result {
            Ok(loaded) => crate::sim::diagnostic::render_all(&loaded.source, &loaded.warnings),
            Err(failure) => failure.render(),
        }
    }
}

/// All scenario files the game knows of, sorted by file name.
#[derive(Resource, Default, Debug)]
pub struct Library {
    pub entries: Vec<LibraryEntry>,
    /// Bumped on every change, so screens can tell the library was reloaded.
    pub generation: u64,
}

impl Library {
    /// Loads a folder directly, without the asset server (tests and the terminal).
    pub fn from_dir(dir: &Path) -> Library {
        let knowledge = knowledge();
        let mut library = Library::default();
        for path in scenario_paths(&[dir.to_path_buf()]).unwrap_or_default() {
            let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            library.upsert(LibraryEntry { file_name, result: load_scenario_file(&path, &knowledge) });
        }
        library
    }

    pub fn upsert(&mut self, entry: LibraryEntry) {
        match self.entries.binary_search_by(|e| e.file_name.cmp(&entry.file_name)) {
            Ok(i) => self.entries[i] = entry,
            Err(i) => self.entries.insert(i, entry),
        }
        self.generation += 1;
    }

    pub fn remove(&mut self, file_name: &str) {
        if let Ok(i) = self.entries.binary_search_by(|e| e.file_name.as_str().cmp(file_name)) {
            self.entries.remove(i);
            self.generation += 1;
        }
    }

    pub fn get(&self, file_name: &str) -> Option<&LibraryEntry> {
        self.entries.iter().find(|e| e.file_name == file_name)
    }

    pub fn playable(&self) -> impl Iterator<Item = &LibraryEntry> {
        self.entries.iter().filter(|e| e.result.is_ok())
    }
}

/// The built-in strategy catalogue and DISC weights, shared by every load.
pub fn knowledge() -> Arc<Knowledge> {
    static KNOWLEDGE: OnceLock<Arc<Knowledge>> = OnceLock::new();
    KNOWLEDGE.get_or_init(|| Arc::new(Knowledge::builtin())).clone()
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Library>();
}

/// A scenario file as a Bevy asset: the loader never fails, it keeps the diagnostics.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset(pub LibraryEntry);

#[derive(Default, TypePath)]
struct ScenarioLoader;

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, std::io::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let file_name = load_context.path().path().display().to_string();
        let result = match decode(&file_name, &bytes) {
            Ok(source) => load_scenario_source(&file_name, &source, &knowledge()),
            Err(failure) => Err(failure),
        };
        Ok(ScenarioAsset(LibraryEntry { file_name, result }))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// Makes `scenarios://` read (and, with hot reload on, watch) the scenarios folder. Must run
/// before `AssetPlugin` is added.
pub fn register_scenario_source(app: &mut App, dir: &Path) {
    let dir = dir.display().to_string();
    app.register_asset_source(SCENARIO_SOURCE, AssetSourceBuilder::platform_default(&dir, None));
}

/// Keeps the folder handle alive so the asset server keeps (and watches) every file.
#[derive(Resource)]
struct ScenarioFolder {
    _folder: Handle<LoadedFolder>,
}

/// Loads the folder through the asset server and mirrors every change into [`Library`].
pub fn asset_plugin(app: &mut App) {
    app.init_asset::<ScenarioAsset>();
    app.register_asset_loader(ScenarioLoader);
    app.add_systems(Startup, load_scenario_folder);
    app.add_systems(Update, mirror_scenario_assets);
}

fn load_scenario_folder(mut commands: Commands, server: Res<AssetServer>) {
    let handle = server.load_folder(format!("{SCENARIO_SOURCE}://"));
    commands.insert_resource(ScenarioFolder { _folder: handle });
}

fn mirror_scenario_assets(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut library: ResMut<Library>,
    mut known: Local<Vec<(AssetId<ScenarioAsset>, String)>>,
) {
    for event in events.read() {
        match event {
            AssetEvent::Added { id } | AssetEvent::Modified { id } => {
                if let Some(asset) = assets.get(*id) {
                    let entry = asset.0.clone();
                    // Competitions live beside the scenarios but are not scenarios.
                    if entry.file_name.starts_with("competitions") {
                        continue;
                    }
                    match &entry.result {
                        Ok(loaded) => info!("loaded scenario {} ({})", entry.file_name, loaded.id()),
                        Err(_) => warn!("scenario {} has errors:\n{}", entry.file_name, entry.report()),
                    }
                    if !known.iter().any(|(k, _)| k == id) {
                        known.push((*id, entry.file_name.clone()));
                    }
                    library.upsert(entry);
                }
            }
            AssetEvent::Removed { id } => {
                if let Some(i) = known.iter().position(|(k, _)| k == id) {
                    let (_, file_name) = known.remove(i);
                    library.remove(&file_name);
                }
            }
            _ => {}
        }
    }
}
