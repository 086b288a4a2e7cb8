//! The scenario library: every file in `scenarios/`, loaded as a Bevy asset so that saving a
//! file while the game runs reloads it. A broken file stays in the library with its
//! diagnostics (the same text `hardcall validate` prints) instead of vanishing.

use crate::authoring::load::{
    LoadFailure, LoadedScenario, decode, load_scenario_file, load_scenario_source, scenario_paths,
};
use crate::engine::catalogue::Knowledge;
use bevy::asset::io::{AssetSourceBuilder, Reader};
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
            Ok(loaded) => crate::authoring::render::render_all(&loaded.source, &loaded.warnings),
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
    /// Loads a folder directly, without the asset server (tests and scripted runs).
    pub fn from_dir(dir: &Path, knowledge: &Arc<Knowledge>) -> Library {
        let mut library = Library::default();
        for path in scenario_paths(&[dir.to_path_buf()]).unwrap_or_default() {
            let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            library.upsert(LibraryEntry { file_name, result: load_scenario_file(&path, knowledge) });
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

/// The strategy catalogue and DISC weights every scenario is judged by: the built-in ones,
/// or a trainer's own from `--assets`.
#[derive(Resource, Clone, Debug)]
pub struct LibraryKnowledge(pub Arc<Knowledge>);

impl Default for LibraryKnowledge {
    fn default() -> LibraryKnowledge {
        LibraryKnowledge(Arc::new(Knowledge::builtin()))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Library>();
    app.init_resource::<LibraryKnowledge>();
}

/// A scenario file as a Bevy asset: the loader never fails, it keeps the diagnostics.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset(pub LibraryEntry);

#[derive(TypePath)]
struct ScenarioLoader {
    knowledge: Arc<Knowledge>,
}

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
            Ok(source) => load_scenario_source(&file_name, &source, &self.knowledge),
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
    app.register_asset_source(SCENARIO_SOURCE, AssetSourceBuilder::platform_default(&dir.display().to_string(), None));
    app.insert_resource(ScenarioDir(dir.to_path_buf()));
}

/// The folder behind `scenarios://`.
#[derive(Resource, Clone, Debug)]
pub struct ScenarioDir(pub PathBuf);

/// One handle per scenario file, keeping each loaded and watched.
#[derive(Resource, Default)]
pub(crate) struct ScenarioHandles(HashMap<String, Handle<ScenarioAsset>>);

impl ScenarioHandles {
    /// Whether every file found has been read into the library, or has failed to load: the
    /// library will not change again until a file does.
    pub(crate) fn settled(&self, library: &Library, server: &AssetServer) -> bool {
        !self.0.is_empty()
            && self
                .0
                .iter()
                .all(|(file, handle)| library.get(file).is_some() || server.load_state(handle.id()).is_failed())
    }
}

/// How often the folder is listed for files added or deleted while the game runs; edits to
/// known files arrive sooner through the asset server's watcher.
const RESCAN_SECONDS: f32 = 1.5;

/// Loads every `*.ron` scenario through the asset server and mirrors every change into
/// [`Library`]. Files are listed by hand rather than with `load_folder`, which gives up on a
/// whole folder when one file (the authoring guide, an editor's swap file) has no loader.
pub fn asset_plugin(app: &mut App) {
    app.init_asset::<ScenarioAsset>();
    let knowledge = app.world_mut().get_resource_or_init::<LibraryKnowledge>().0.clone();
    app.register_asset_loader(ScenarioLoader { knowledge });
    app.init_resource::<ScenarioHandles>();
    app.add_systems(Startup, scan_scenario_folder);
    app.add_systems(Update, (rescan_scenario_folder, mirror_scenario_assets).chain());
}

/// The scenario files under the folder, as paths relative to it with `/` separators.
fn scenario_files(dir: &Path) -> Vec<String> {
    scenario_paths(&[dir.to_path_buf()])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|path| path.strip_prefix(dir).ok().map(|rel| rel.to_string_lossy().replace('\\', "/")))
        .collect()
}

fn scan_scenario_folder(
    dir: Option<Res<ScenarioDir>>,
    server: Res<AssetServer>,
    mut handles: ResMut<ScenarioHandles>,
    mut library: ResMut<Library>,
) {
    let Some(dir) = dir else { return };
    let files = scenario_files(&dir.0);
    if files.is_empty() {
        warn!("no scenario files in {}", dir.0.display());
    }
    for file in &files {
        if !handles.0.contains_key(file) {
            handles.0.insert(file.clone(), server.load(format!("{SCENARIO_SOURCE}://{file}")));
        }
    }
    // Files deleted while the game runs leave the library.
    let gone: Vec<String> = handles.0.keys().filter(|k| !files.contains(k)).cloned().collect();
    for file in gone {
        handles.0.remove(&file);
        library.remove(&file);
    }
}

fn rescan_scenario_folder(
    time: Res<Time>,
    mut since: Local<f32>,
    dir: Option<Res<ScenarioDir>>,
    server: Res<AssetServer>,
    handles: ResMut<ScenarioHandles>,
    library: ResMut<Library>,
) {
    *since += time.delta_secs();
    if *since < RESCAN_SECONDS {
        return;
    }
    *since = 0.0;
    scan_scenario_folder(dir, server, handles, library);
}

fn mirror_scenario_assets(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    mut library: ResMut<Library>,
    handles: Res<ScenarioHandles>,
) {
    for event in events.read() {
        match event {
            AssetEvent::Added { id } | AssetEvent::Modified { id } => {
                if let Some(asset) = assets.get(*id) {
                    let entry = asset.0.clone();
                    match &entry.result {
                        Ok(loaded) => info!("loaded scenario {} ({})", entry.file_name, loaded.id()),
                        Err(_) => warn!("scenario {} has errors:\n{}", entry.file_name, entry.report()),
                    }
                    // A file deleted since it was loaded stays out of the library.
                    if handles.0.contains_key(&entry.file_name) {
                        library.upsert(entry);
                    }
                }
            }
            _ => {}
        }
    }
}
