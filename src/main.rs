//! `hardcall`: the command line. With no subcommand it opens the game (or, where no window
//! can be opened, a terminal picker of the shipped scenarios); subcommands validate,
//! analyse and play scenario files. This file only parses and dispatches: the commands are
//! in `src/cli/`, and the game is opened here because the `cli` layer cannot name it.

use clap::Parser;
use hardcall::cli::args::Cli;
use hardcall::engine::catalogue::Knowledge;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

fn main() -> ExitCode {
    let launched = Instant::now();
    // `hardcall validate scenarios | head` should stop quietly when `head` has read enough,
    // as command-line tools do, instead of panicking on a closed pipe.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    hardcall::cli::run(Cli::parse(), |cli, knowledge| open_window(cli, knowledge, launched))
}

/// Opens the game and runs it until it closes; `None` where no window can be opened or
/// `--terminal` was given, and the command line plays in the terminal instead.
#[cfg(feature = "gui")]
fn open_window(cli: &Cli, knowledge: &Arc<Knowledge>, launched: Instant) -> Option<ExitCode> {
    if cli.terminal {
        return None;
    }
    if let Some(problem) = hardcall::app::window_problem() {
        // A scripted run has no terminal to fall back to: the command line refuses it.
        if cli.screenshots.is_none() && !cli.bench_frames {
            eprintln!("{problem}: playing in the terminal instead.");
        }
        return None;
    }
    let options = hardcall::app::LaunchOptions {
        scenarios: cli.scenarios.clone(),
        knowledge: Some(knowledge.clone()),
        data_dir: cli.data_dir.clone(),
        screenshots: cli.screenshots.clone(),
        bench_frames: cli.bench_frames,
        launched: Some(launched),
        studio: match &cli.command {
            Some(hardcall::cli::args::Command::Studio { file, .. }) => file.clone(),
            _ => None,
        },
        new_scenario: matches!(&cli.command, Some(hardcall::cli::args::Command::Studio { new: true, .. })),
    };
    Some(match hardcall::app::run(options) {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    })
}

/// This build has no game: the command line always plays in the terminal.
#[cfg(not(feature = "gui"))]
fn open_window(_: &Cli, _: &Arc<Knowledge>, _: Instant) -> Option<ExitCode> {
    None
}
