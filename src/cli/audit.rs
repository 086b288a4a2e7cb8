//! `audit`: how far a trainee gets on each scenario without reading the replies, so a trainer
//! sees at once where the form of a reply gives the answer away.

use crate::authoring::audit::{GAMEABLE_PERCENT, is_gameable};
use crate::authoring::load::{LoadedScenario, load_scenarios};
use crate::cli::Context;
use crate::cli::error::CliError;
use crate::engine::audit::{AUDIT_SEEDS, Audit, Naive, audit};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// One row: a scenario as one personality.
#[derive(Serialize)]
struct Row {
    scenario: String,
    disc: String,
    #[serde(flatten)]
    audit: Audit,
}

/// `audit [PATHS]`: plays every naive strategy and random play on every scenario and
/// personality, and prints a table (or `--json`). Exits 1 if a file does not load.
pub fn run(ctx: &Context, paths: Vec<PathBuf>, json: bool) -> Result<ExitCode, CliError> {
    let paths = if paths.is_empty() { vec![ctx.scenarios.clone()] } else { paths };
    Context::announce_skipped(&paths);
    let results = load_scenarios(&paths, &ctx.knowledge).map_err(|message| CliError::new(2, message))?;
    let mut rows = Vec::new();
    let mut broken = 0;
    for result in results {
        match result {
            Ok(loaded) => rows.extend(rows_of(&loaded)),
            Err(failure) => {
                broken += 1;
                eprint!("{}", failure.render());
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("audits always serialise"));
    } else {
        print!("{}", render(&rows));
    }
    Ok(if broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn rows_of(loaded: &LoadedScenario) -> Vec<Row> {
    loaded
        .variants
        .iter()
        .map(|variant| Row {
            scenario: loaded.id().to_owned(),
            disc: variant.scenario.profile.to_string(),
            audit: audit(&variant.scenario, &variant.analysis),
        })
        .collect()
}

fn render(rows: &[Row]) -> String {
    let mut out = format!(
        "The rating reached without reading the replies (median of {AUDIT_SEEDS} seeds; random: median and 90th percentile).\n\n"
    );
    let _ = write!(out, "{:<24} {:<26}", "scenario", "personality");
    for naive in Naive::ALL {
        let _ = write!(out, " {:>8}", short(naive));
    }
    let _ = writeln!(out, " {:>8} {:>8} {:>9}", "random", "rand p90", "longest=best");
    let (mut longest, mut turns, mut gameable) = (0, 0, 0);
    for row in rows {
        let _ = write!(out, "{:<24} {:<26}", row.scenario, row.disc);
        for naive in &row.audit.naive {
            let _ = write!(out, " {:>5}% {}", naive.median, naive.grade);
        }
        let a = &row.audit;
        let _ = writeln!(
            out,
            " {:>7}% {:>7}% {:>5}/{:<3}",
            a.random_median, a.random_p90, a.best_is_longest, a.best_path_turns
        );
        longest += a.best_is_longest;
        turns += a.best_path_turns;
        if is_gameable(a) {
            gameable += 1;
        }
    }
    let _ = writeln!(
        out,
        "\nThe best reply is the longest on offer at {longest} of {turns} best-path turns ({}%).",
        (longest * 100).checked_div(turns).unwrap_or(0)
    );
    let _ = writeln!(
        out,
        "{gameable} of {} scenario personalities reward a naive strategy (a median of {GAMEABLE_PERCENT}% or more) or have the best reply the longest at most turns; `validate` warns about each.",
        rows.len()
    );
    out
}

fn short(naive: Naive) -> &'static str {
    match naive {
        Naive::First => "first",
        Naive::Last => "last",
        Naive::Longest => "longest",
        Naive::Shortest => "shortest",
        Naive::MostApologetic => "sorry",
    }
}
