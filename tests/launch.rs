//! The game honours the command line: `--scenarios` is the library it reads, `--assets` the
//! catalogue it judges by, `--data-dir` where attempts go; and an attempt records the scenario
//! version its conversation began on, even when the file is saved again mid-conversation.
//! Headless: `MinimalPlugins`, the real asset server, no window.
#![cfg(feature = "gui")]

mod common;

use bevy::asset::AssetPlugin;
use bevy::input::InputPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use hardcall::app::attempts::Attempts;
use hardcall::app::library::{self, Library};
use hardcall::app::screens::conversation::Conversation;
use hardcall::app::selection::Selection;
use hardcall::app::settings::TraineeSettings;
use hardcall::app::{GamePlugin, LaunchOptions, Screen};
use hardcall::authoring::load::{LoadedScenario, load_scenario_source, scenario_hash};
use hardcall::engine::catalogue::Knowledge;
use hardcall::records::attempts::{Rejection, verify};
use hardcall::records::export::AttemptsFile;
use hardcall::records::settings::Settings;
use hardcall::records::store::{DATABASE_FILE, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Long enough for the file watcher's debounce and a load on a busy two-core machine.
const PATIENCE: Duration = Duration::from_secs(30);
const TRAINEE: &str = "Robin Launch";

/// A fresh folder for one test.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-launch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The game as `hardcall` starts it, minus the window: `configure` with the options, the
/// asset server (watching files when asked), every screen.
fn launched(options: &LaunchOptions, watch: bool) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, InputPlugin, StatesPlugin));
    let settings = Settings { trainee: TRAINEE.into(), text_speed: 0, ..Settings::default() };
    app.insert_resource(TraineeSettings::in_memory(settings));
    hardcall::app::configure(&mut app, options);
    app.add_plugins(AssetPlugin { watch_for_changes_override: Some(watch), ..default() });
    app.add_plugins(GamePlugin);
    library::asset_plugin(&mut app);
    app
}

/// Steps the app until `done` holds, or fails after [`PATIENCE`].
fn update_until(app: &mut App, what: &str, done: impl Fn(&mut App) -> bool) {
    let start = Instant::now();
    while !done(app) {
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}: {:#?}", app.world().resource::<Library>());
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn loaded(app: &App, file_name: &str) -> Option<LoadedScenario> {
    app.world().resource::<Library>().get(file_name).and_then(|e| e.loaded()).cloned()
}

/// Opens the conversation with `file_name` on seed 3.
fn start_conversation(app: &mut App, file_name: &str) {
    app.insert_resource(Selection { file_name: file_name.into(), variant: 0, seed: 3, review: None });
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Conversation);
    app.update();
    app.update();
    assert_eq!(*app.world().resource::<State<Screen>>().get(), Screen::Conversation);
}

/// Takes the replies at these 1-based file positions (found in the shuffled list), a frame
/// apiece.
fn reply(app: &mut App, positions: &[usize]) {
    for &position in positions {
        let shown = app.world().resource::<Conversation>().session.shown_of(position).expect("offered");
        assert!(app.world_mut().resource_mut::<Conversation>().reply(shown), "reply {position} is on offer");
        app.update();
    }
}

fn shipped_source(name: &str) -> String {
    std::fs::read_to_string(common::scenarios_dir().join(name)).unwrap()
}

#[test]
fn the_library_is_the_folder_given_by_scenarios() {
    let dir = temp("scenarios");
    let source = shipped_source("double-charge.ron").replace("\"double-charge\"", "\"only-one\"");
    std::fs::write(dir.join("only-one.ron"), source).unwrap();
    let options = LaunchOptions { scenarios: Some(dir.clone()), data_dir: Some(temp("scenarios-data")), ..default() };
    let mut app = launched(&options, false);
    update_until(&mut app, "the folder to load", |app| loaded(app, "only-one.ron").is_some());
    let names: Vec<String> = app.world().resource::<Library>().entries.iter().map(|e| e.file_name.clone()).collect();
    assert_eq!(names, ["only-one.ron"], "the shipped scenarios must not be read");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scenarios_are_judged_by_the_catalogue_given_by_assets() {
    let assets = temp("assets");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let strategies = std::fs::read_to_string(root.join("strategies.ron")).unwrap();
    assert!(strategies.contains("name: \"Active listening\""));
    std::fs::write(assets.join("strategies.ron"), strategies.replace("\"Active listening\"", "\"Listening, ours\""))
        .unwrap();
    std::fs::copy(root.join("disc.ron"), assets.join("disc.ron")).unwrap();
    let knowledge = Arc::new(Knowledge::load_dir(&assets).expect("a trainer's own catalogue loads"));
    let options = LaunchOptions {
        scenarios: Some(common::scenarios_dir()),
        knowledge: Some(knowledge.clone()),
        data_dir: Some(temp("assets-data")),
        ..default()
    };
    let mut app = launched(&options, false);
    update_until(&mut app, "double-charge to load", |app| loaded(app, "double-charge.ron").is_some());
    let scenario = loaded(&app, "double-charge.ron").unwrap();
    let judged_by = &scenario.main().scenario.knowledge;
    assert!(Arc::ptr_eq(judged_by, &knowledge) || **judged_by == *knowledge);
    assert_eq!(judged_by.catalogue.get("active_listening").map(|s| s.name.as_str()), Some("Listening, ours"));
    let _ = std::fs::remove_dir_all(&assets);
}

#[test]
fn attempts_are_kept_in_the_folder_given_by_data_dir() {
    let data = temp("data");
    let options = LaunchOptions { scenarios: Some(common::scenarios_dir()), data_dir: Some(data.clone()), ..default() };
    let mut app = launched(&options, false);
    update_until(&mut app, "double-charge to load", |app| loaded(app, "double-charge.ron").is_some());
    let best = loaded(&app, "double-charge.ron").unwrap().main().analysis.best.as_ref().unwrap().positions();
    start_conversation(&mut app, "double-charge.ron");
    reply(&mut app, &best);
    app.update();
    assert!(app.world().resource::<Attempts>().notice.is_none(), "{:?}", app.world().resource::<Attempts>().notice);
    let store = Store::open(&data.join(DATABASE_FILE)).expect("the history is in --data-dir");
    let stored = store.all().unwrap();
    assert_eq!(stored.len(), 1, "the finished conversation is stored once");
    assert_eq!((stored[0].scenario.as_str(), stored[0].trainee.as_str()), ("double-charge", TRAINEE));
    assert_eq!(stored[0].choices, best);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_scenario_saved_mid_conversation_leaves_the_attempt_on_the_version_played() {
    let dir = temp("reload");
    let data = temp("reload-data");
    let original = shipped_source("double-charge.ron");
    let file = dir.join("double-charge.ron");
    std::fs::write(&file, &original).unwrap();
    let options = LaunchOptions { scenarios: Some(dir.clone()), data_dir: Some(data.clone()), ..default() };
    let mut app = launched(&options, true);
    update_until(&mut app, "the first load", |app| loaded(app, "double-charge.ron").is_some());
    let played = loaded(&app, "double-charge.ron").unwrap();
    assert_eq!(played.hash, scenario_hash(&original));
    let best = played.main().analysis.best.as_ref().unwrap().positions();

    start_conversation(&mut app, "double-charge.ron");
    reply(&mut app, &best[..2]);
    // The trainer saves a new version while the trainee is mid-conversation.
    let edited = original.replacen("title: \"Charged twice\"", "title: \"Charged twice, again\"", 1);
    assert_ne!(edited, original, "the edit must change the file");
    std::fs::write(&file, &edited).unwrap();
    update_until(&mut app, "the reload", |app| {
        loaded(app, "double-charge.ron").is_some_and(|l| l.hash == scenario_hash(&edited))
    });
    reply(&mut app, &best[2..]);
    app.update();

    // Exported and imported, the attempt verifies against the version that was played.
    let exported = AttemptsFile::new(app.world().resource::<Attempts>().all()).to_json();
    let imported = AttemptsFile::parse(&exported).expect("an export reads back");
    assert_eq!(imported.attempts.len(), 1);
    let attempt = &imported.attempts[0];
    assert_eq!(attempt.scenario_hash, played.hash, "the hash of the version the conversation began on");
    let card = verify(attempt, std::slice::from_ref(&played)).expect("the attempt verifies against what was played");
    assert_eq!(card.score, attempt.score);
    assert_eq!(card.score.percent, 100);
    // Against only the new version it is, rightly, a version this machine does not have.
    let now = load_scenario_source("double-charge.ron", &edited, &common::knowledge()).unwrap();
    assert!(matches!(verify(attempt, &[now]), Err(Rejection::UnknownScenario { .. })));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&data);
}
