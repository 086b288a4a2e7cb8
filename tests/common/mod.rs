//! Helpers shared by the integration tests: the shipped scenarios, loaded once per test, and
//! the `hardcall` binary run the way a trainer runs it.
#![allow(dead_code)]

pub mod fake_lrs;
#[cfg(feature = "gui")]
pub mod headless;
pub mod server;

use hardcall::authoring::load::{LoadedScenario, load_scenario_file, scenario_paths};
use hardcall::engine::catalogue::Knowledge;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
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

/// The `hardcall` binary with `args`, run from the project folder so `scenarios/...` paths
/// and the default scenarios folder are the shipped ones. Add flags, input or environment,
/// then spawn it.
pub fn hardcall(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hardcall"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// `hardcall args --data-dir data_dir`, run to the end: a command on its own attempt history.
pub fn hardcall_with_data(data_dir: &Path, args: &[&str]) -> Output {
    hardcall(args).arg("--data-dir").arg(data_dir).output().expect("run hardcall")
}

/// What a trainee types, a line per reply, to take the replies at these file positions with
/// `loaded`'s main personality on `seed`: the number each is shown under in its turn's
/// shuffled list.
pub fn typed_keys(loaded: &LoadedScenario, seed: u64, positions: &[usize]) -> String {
    let (mut session, _) = hardcall::engine::session::Session::start(loaded.main().scenario.clone(), seed);
    let mut keys = String::new();
    for &position in positions {
        keys.push_str(&format!("{}\n", session.shown_of(position).expect("the reply is offered")));
        session.choose(position).expect("the reply is offered");
    }
    keys
}
