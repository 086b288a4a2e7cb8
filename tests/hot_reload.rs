//! Hot reload through the real asset server: saving a scenario file while the game runs
//! reloads it, a broken save shows its located diagnostics, and a fix brings it back.
#![cfg(feature = "gui")]

mod common;

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use hardcall::app::library::{self, Library};
use std::path::Path;
use std::time::{Duration, Instant};

/// Long enough for the file watcher's debounce and a load on a busy two-core machine.
const PATIENCE: Duration = Duration::from_secs(30);

fn watching_app(dir: &Path) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins);
    library::register_scenario_source(&mut app, dir);
    app.add_plugins(AssetPlugin { watch_for_changes_override: Some(true), ..default() });
    app.init_resource::<Library>();
    library::asset_plugin(&mut app);
    app
}

/// Steps the app until `done` holds for the library, or fails after [`PATIENCE`].
fn update_until(app: &mut App, what: &str, done: impl Fn(&Library) -> bool) {
    let start = Instant::now();
    while !done(app.world().resource::<Library>()) {
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}: {:#?}", app.world().resource::<Library>());
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn edits_to_scenario_files_reach_the_library_while_running() {
    let dir = std::env::temp_dir().join(format!("hardcall-hot-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(common::scenarios_dir().join("double-charge.ron")).unwrap();
    let file = dir.join("double-charge.ron");
    std::fs::write(&file, &good).unwrap();
    // Notes beside the scenarios must not stop the folder from loading.
    std::fs::write(dir.join("README.md"), "# Notes for trainers\n").unwrap();

    let mut app = watching_app(&dir);
    update_until(&mut app, "the first load", |l| l.get("double-charge.ron").is_some_and(|e| e.result.is_ok()));
    let generation = app.world().resource::<Library>().generation;

    // A dangling goto: the file stays in the library with a located error.
    let broken = good.replacen("goto: \"refund_started\"", "goto: \"refund_startd\"", 1);
    std::fs::write(&file, broken).unwrap();
    update_until(&mut app, "the broken reload", |l| l.get("double-charge.ron").is_some_and(|e| e.result.is_err()));
    let report = app.world().resource::<Library>().get("double-charge.ron").unwrap().report();
    assert!(report.contains("double-charge.ron:"), "{report}");
    assert!(report.contains("no node is called `refund_startd`"), "{report}");
    assert!(report.contains("did you mean `refund_started`?"), "{report}");
    assert!(app.world().resource::<Library>().generation > generation);

    // Fixed again, and a new file appears beside it.
    std::fs::write(&file, &good).unwrap();
    std::fs::write(dir.join("second.ron"), good.replace("\"double-charge\"", "\"second\"")).unwrap();
    update_until(&mut app, "the fix and the new file", |l| {
        l.get("double-charge.ron").is_some_and(|e| e.result.is_ok())
            && l.get("second.ron").is_some_and(|e| e.result.is_ok())
    });

    // A deleted file leaves the library.
    std::fs::remove_file(dir.join("second.ron")).unwrap();
    update_until(&mut app, "the deletion", |l| l.get("second.ron").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
