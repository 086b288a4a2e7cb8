//! `audit`: how far a trainee gets on each scenario without reading the replies, so a trainer
//! sees at once where the form of a reply gives the answer away: the named players, random
//! play and the form reader trained on the other scenarios.

use crate::authoring::audit::{GAMEABLE_PERCENT, is_gameable, reader_gives_away};
use crate::authoring::form_reader::{FormReading, READER_SEEDS, TELL_RATIO, read_library};
use crate::authoring::load::{LoadedScenario, load_scenarios};
use crate::cli::Context;
use crate::cli::error::CliError;
use crate::engine::audit::{AUDIT_SEEDS, Audit, NAMED_SEEDS, Naive, audit};
use serde::Serialize;
use std::collections::BTreeSet;
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
    form_reader: FormReading,
}

/// `audit [PATHS]`: plays every naive strategy and random play on every scenario and
/// personality, and prints a table (or `--json`). Exits 1 if a file does not load.
pub fn run(ctx: &Context, paths: Vec<PathBuf>, json: bool) -> Result<ExitCode, CliError> {
    let paths = if paths.is_empty() { vec![ctx.scenarios.clone()] } else { paths };
    Context::announce_skipped(&paths);
    let results = load_scenarios(&paths, &ctx.knowledge).map_err(|message| CliError::new(2, message))?;
    let mut loaded = Vec::new();
    let mut broken = 0;
    for result in results {
        match result {
            Ok(scenario) => loaded.push(scenario),
            Err(failure) => {
                broken += 1;
                eprint!("{}", failure.render());
            }
        }
    }
    // The form reader learns from every other scenario given, and from the shipped library
    // when fewer than a handful were given: one file alone teaches it nothing.
    let scenarios: Vec<&LoadedScenario> = loaded.iter().collect();
    let corpus = library_corpus(ctx, &scenarios);
    let corpus_refs: Vec<&LoadedScenario> = corpus.iter().collect();
    let readings = read_library(&scenarios, &corpus_refs);
    let mut rows = Vec::new();
    for (scenario, readings) in loaded.iter().zip(readings) {
        rows.extend(rows_of(scenario, readings));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("audits always serialise"));
    } else {
        print!("{}", render(&rows));
    }
    Ok(if broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn rows_of(loaded: &LoadedScenario, readings: Vec<FormReading>) -> Vec<Row> {
    loaded
        .variants
        .iter()
        .zip(readings)
        .map(|(variant, form_reader)| Row {
            scenario: loaded.id().to_owned(),
            disc: variant.scenario.profile.to_string(),
            audit: audit(&variant.scenario, &variant.analysis),
            form_reader,
        })
        .collect()
}

fn render(rows: &[Row]) -> String {
    let mut out = format!(
        "The rating reached without reading the replies: each named player's median over {NAMED_SEEDS} seeds, random play's median and 90th percentile over {AUDIT_SEEDS}, and the form reader (trained on the other scenarios, {READER_SEEDS} seeds): its median, 90th percentile and how often it takes the best reply against chance.\n\n"
    );
    let _ = write!(out, "{:<24} {:<26}", "scenario", "personality");
    for naive in Naive::ALL {
        let _ = write!(out, " {:>9}", naive.short());
    }
    let _ = writeln!(out, " {:>7} {:>8} {:>7} {:>8} {:>7}", "random", "rand p90", "reader", "read p90", "×chance");
    let (mut longest, mut turns, mut gameable) = (0, 0, 0);
    let (mut picks, mut chance) = (0, 0.0);
    for row in rows {
        let _ = write!(out, "{:<24} {:<26}", row.scenario, row.disc);
        for naive in &row.audit.naive {
            let _ = write!(out, " {:>8}%", naive.median);
        }
        let (a, f) = (&row.audit, &row.form_reader);
        let _ = writeln!(
            out,
            " {:>6}% {:>7}% {:>6}% {:>7}% {:>7.2}",
            a.random_median, a.random_p90, f.median, f.p90, f.vs_chance
        );
        longest += a.best_is_longest;
        turns += a.best_path_turns;
        picks += f.best_picks;
        chance += f.chance_picks;
        if is_gameable(a) || reader_gives_away(f) {
            gameable += 1;
        }
    }
    let tells: Vec<&Row> = rows.iter().filter(|r| !r.form_reader.tells.is_empty()).collect();
    if !tells.is_empty() {
        let _ = writeln!(out, "\nForms that single out the best reply on the best path:");
        for row in tells {
            let sentences: Vec<&str> = row.form_reader.tells.iter().map(|t| t.sentence.as_str()).collect();
            let _ = writeln!(out, "  {} as {}: {}", row.scenario, row.disc, sentences.join("; "));
        }
    }
    let _ = writeln!(
        out,
        "\nThe best reply is the longest on offer at {longest} of {turns} best-path turns ({}%).",
        (longest * 100).checked_div(turns).unwrap_or(0)
    );
    let ratio = if chance > 0.0 { picks as f64 / chance } else { 0.0 };
    let _ =
        writeln!(out, "Over these scenarios the form reader takes the best reply {ratio:.2} times as often as chance.");
    let _ = writeln!(
        out,
        "{gameable} of {} scenario personalities reward a player who reads only the form (a median of {GAMEABLE_PERCENT}% or more, or the best reply taken {TELL_RATIO} times as often as chance) or have the best reply the longest at most turns; `validate` warns about each.",
        rows.len()
    );
    out
}

/// Fewer scenarios than this given to `audit` or `validate`, and the form reader also learns
/// from the scenarios folder, so one file is read by what the library teaches.
const SMALL_LIBRARY: usize = 6;

/// What the form reader learns from beyond the scenarios given: the scenarios folder's other
/// sound files when few were given, else nothing. Files there that do not load are skipped:
/// they are reported when they are the ones checked.
pub fn library_corpus(ctx: &Context, given: &[&LoadedScenario]) -> Vec<LoadedScenario> {
    // Nothing to read when no file is sound: a broken file is reported without the library.
    if given.is_empty() || given.len() >= SMALL_LIBRARY || !ctx.scenarios.is_dir() {
        return Vec::new();
    }
    let ids: BTreeSet<&str> = given.iter().map(|s| s.id()).collect();
    let Ok(files) = load_scenarios(std::slice::from_ref(&ctx.scenarios), &ctx.knowledge) else {
        return Vec::new();
    };
    files.flatten().filter(|s| !ids.contains(s.id())).collect()
}
