//! Helpers shared by the integration tests: the shipped scenarios, loaded once per test.
#![allow(dead_code)]

use hardcall::authoring::load::{LoadedScenario, load_scenario_file, scenario_paths};
use hardcall::engine::catalogue::Knowledge;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn knowledge() -> Arc<Knowledge> {
    Arc::new(Knowledge::builtin())
}

pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every shipped scenario file.
pub fn scenario_files() -> Vec<PathBuf> {
    scenario_paths(&[scenarios_dir()]).expect("the scenarios folder is readable")
}

/// Every shipped scenario, loaded and proven; panics with the rendered diagnostics if not.
pub fn shipped() -> Vec<LoadedScenario> {
    let knowledge = knowledge();
    scenario_files()
        .iter()
        .map(|path| load_scenario_file(path, &knowledge).unwrap_or_else(|failure| panic!("{}", failure.render())))
        .collect()
}

pub fn load(name: &str) -> LoadedScenario {
    let path = scenarios_dir().join(name);
    load_scenario_file(&path, &knowledge()).unwrap_or_else(|failure| panic!("{}", failure.render()))
}
