//! The command line: what clap reads ([`args`]), one module per group of commands
//! ([`scenarios`], [`play`], [`results`], [`progress`]), and the terminal front end they share
//! ([`terminal`], [`debrief`]). Every command returns `Result<ExitCode, CliError>`; [`run`]
//! prints the error, the only place that does.

pub mod args;
pub mod audit;
pub mod debrief;
pub mod error;
pub mod live;
pub mod play;
pub mod progress;
pub mod results;
pub mod scenarios;
pub mod terminal;

use crate::authoring::load::{
    LoadedScenario, default_scenarios_dir, load_scenario_file_despite_expectations, load_scenarios, scenario_walk,
};
use crate::authoring::render::render_all;
use crate::engine::catalogue::Knowledge;
use crate::records::settings::{Settings, read_or_default, settings_path};
use crate::records::store::{self, Store};
use args::{Cli, Command};
use error::CliError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs a parsed command line. With no subcommand, `open_window` is asked first: it opens the
/// game and returns its exit code, or returns `None` where no window can be opened (or
/// `--terminal` was given). The binary passes it because this layer cannot name the game.
pub fn run(cli: Cli, open_window: impl FnOnce(&Cli, &Arc<Knowledge>) -> Option<ExitCode>) -> ExitCode {
    dispatch(cli, open_window).unwrap_or_else(|error| error.report())
}

fn dispatch(
    cli: Cli,
    open_window: impl FnOnce(&Cli, &Arc<Knowledge>) -> Option<ExitCode>,
) -> Result<ExitCode, CliError> {
    if let Some(problem) = crate::records::time::clock_problem() {
        return Err(CliError::new(2, problem));
    }
    let ctx = Context {
        knowledge: knowledge(cli.assets.as_deref())?,
        scenarios: cli.scenarios.clone().unwrap_or_else(default_scenarios_dir),
        data_dir: cli.data_dir.clone(),
        trainee: cli.trainee.clone(),
    };
    if let Some(Command::Studio { file, .. }) = &cli.command {
        if let Some(file) = file
            && !file.is_file()
        {
            return Err(CliError::new(2, format!("{}: no such scenario file", file.display())));
        }
        return open_window(&cli, &ctx.knowledge).ok_or_else(|| {
            CliError::new(2, "the studio needs a window; `validate`, `analyze` and `graph` work without one")
        });
    }
    match cli.command {
        // Opened above, before the command is taken apart.
        Some(Command::Studio { .. }) => Err(CliError::new(2, "the studio needs a window")),
        Some(Command::Validate { paths }) => scenarios::validate(&ctx, &paths),
        Some(Command::Analyze { scenario, json }) => scenarios::analyze(&ctx, &scenario, json),
        Some(Command::Play { scenario, seed, choices, disc, json }) => {
            play::play(&ctx, &scenario, seed, choices.as_deref(), disc.as_deref(), json)
        }
        Some(Command::Coverage { paths, json }) => scenarios::coverage(&ctx, paths, json),
        Some(Command::Audit { paths, json }) => audit::run(&ctx, paths, json),
        Some(Command::New { name, style, channel, difficulty, out, situation, may_do, customer }) => {
            let brief = scenarios::BriefArgs { situation, may_do, customer };
            scenarios::new_scenario(&ctx, &name, &style, &channel, &difficulty, out, brief)
        }
        Some(Command::Graph { scenario }) => scenarios::graph(&scenario),
        Some(Command::Find { query, r#in }) => scenarios::find(&ctx, &query, r#in),
        Some(Command::Leaderboard { competition, json }) => results::leaderboard(&ctx, competition.as_deref(), json),
        Some(Command::Results(command)) => results::results(&ctx, command),
        Some(Command::Progress { json, goal, as_of, review }) => {
            progress::progress(&ctx, json, goal, as_of.as_deref(), review)
        }
        Some(Command::Report { html, csv, json, as_of, title }) => {
            progress::report(&ctx, html.as_deref(), csv.as_deref(), json, as_of.as_deref(), title.as_deref())
        }
        Some(Command::Serve { competition, bind, database, rate_limit, connections }) => {
            live::serve(&ctx, &competition, bind, database.as_deref(), rate_limit, usize::from(connections))
        }
        Some(Command::Join { url, code, trainee, round }) => live::join(&url, &code, &trainee, round),
        None => match open_window(&cli, &ctx.knowledge) {
            Some(code) => Ok(code),
            None => play::without_window(&ctx, cli.screenshots.is_some() || cli.bench_frames),
        },
    }
}

/// The built-in strategies and DISC weights, or those of `--assets`.
fn knowledge(assets: Option<&Path>) -> Result<Arc<Knowledge>, CliError> {
    let Some(dir) = assets else { return Ok(Arc::new(Knowledge::builtin())) };
    Knowledge::load_dir(dir).map(Arc::new).map_err(|failures| {
        let rendered: String =
            failures.iter().map(|(_, source, diagnostics)| render_all(source, diagnostics)).collect();
        CliError::rendered(1, rendered)
    })
}

/// The global flags, resolved once for every command.
pub struct Context {
    /// What scenarios are judged by: built in, or `--assets`.
    pub knowledge: Arc<Knowledge>,
    /// `--scenarios`, else `$HARDCALL_SCENARIOS`, else `./scenarios`.
    pub scenarios: PathBuf,
    /// `--data-dir`; the attempt history's own default applies without it.
    pub data_dir: Option<PathBuf>,
    /// `--trainee`, if given; see [`Context::trainee`].
    pub trainee: Option<String>,
}

impl Context {
    /// One scenario file, loaded and proven, for `play` and `analyze`; its warnings (and any
    /// expectations it breaks) go to standard error before the command's own output.
    pub fn load(&self, path: &Path) -> Result<LoadedScenario, CliError> {
        let (loaded, broken) = load_scenario_file_despite_expectations(path, &self.knowledge)?;
        eprint!("{}", render_all(&loaded.source, &loaded.warnings));
        if !broken.is_empty() {
            // The scenario is sound; only its author's expectations fail. Playing and
            // analysing it is how the author finds out why, so both run, saying so.
            eprint!("{}", render_all(&loaded.source, &broken));
            eprintln!(
                "note: {} breaks {} of its expectations (above), so the game and `validate` refuse it; running anyway to help find out why",
                loaded.file_name,
                broken.len()
            );
        }
        Ok(loaded)
    }

    /// Says on standard error what a walk of `inputs` passes over (links to folders, broken
    /// links), so a scenario that is not checked is never silently missing.
    pub fn announce_skipped(inputs: &[PathBuf]) {
        if let Ok(found) = scenario_walk(inputs) {
            for (path, why) in &found.skipped {
                eprintln!("note: skipped {}: {why}", path.display());
            }
        }
    }

    /// Every scenario of the scenarios folder that loads: what stored attempts are replayed
    /// on. Files that do not load are left out quietly; `validate` is where they are reported.
    pub fn library(&self) -> Vec<LoadedScenario> {
        load_scenarios(std::slice::from_ref(&self.scenarios), &self.knowledge)
            .map(|results| results.filter_map(Result::ok).collect())
            .unwrap_or_default()
    }

    /// The attempt history: opened for writing (and created if new), or only read.
    pub fn open_store(&self, write: bool) -> Result<Store, String> {
        let dir = store::data_dir(self.data_dir.as_deref()).ok_or("no data folder on this system; pass --data-dir")?;
        let path = dir.join(store::DATABASE_FILE);
        if write { Store::open(&path) } else { Store::open_read_only(&path) }.map_err(|err| err.to_string())
    }

    /// `--trainee`, else the name last used in the game, else the login name.
    pub fn trainee(&self) -> String {
        if let Some(name) = self.trainee.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            return name.to_owned();
        }
        let settings = settings_path()
            .and_then(|path| read_or_default::<Settings>(&path).ok())
            .map(|s| s.trainee)
            .filter(|n| !n.is_empty());
        settings.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "trainee".to_owned())
    }
}
