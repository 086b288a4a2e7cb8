//! The attempt history's commands: `results export`, `import`, `push` and `list`, and the
//! competition `leaderboard`. xAPI exports carry a `mastered` statement each time a strategy
//! comes to be mastered, and pass at the cmi5 launch data's mastery score where given. Attempts are replayed on the scenarios folder before they are
//! imported or turned into statements; the rules for that live in `records`.

use crate::authoring::files::read_capped;
use crate::authoring::load::LoadedScenario;
use crate::cli::Context;
use crate::cli::args::{ExportFormat, ResultsCommand};
use crate::cli::error::CliError;
use crate::engine::catalogue::Catalogue;
use crate::records::competition::{self, Competition, Standing, import_check};
use crate::records::export::{self, AttemptsFile};
use crate::records::lrs::{self, Credentials};
use crate::records::progress::Clock;
use crate::records::progress::learner::{Fold, MasteredAt, Options, skill_name};
use crate::records::settings::{write_streaming_atomically, write_text_atomically};
use crate::records::store::Store;
use crate::records::time::{local_offset_minutes, now_ms};
use crate::records::xapi::{
    PassMark, mastered_statement_of, statement_ids, verified_attempt_statements_with, verified_statements_and_evidence,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The largest attempts file `import` reads: about 200,000 attempts.
const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// `results <command>`.
pub fn results(ctx: &Context, command: ResultsCommand) -> Result<ExitCode, CliError> {
    // Only import and push write; the others read without taking the write lock.
    let writes = matches!(command, ResultsCommand::Import { .. } | ResultsCommand::Push { .. });
    let mut store = ctx.open_store(writes).map_err(|message| CliError::new(1, message))?;
    let result = run(ctx, command, &mut store);
    for damaged in store.unreadable() {
        eprintln!("warning: attempt {damaged}; it was left out");
    }
    result
}

fn run(ctx: &Context, command: ResultsCommand, store: &mut Store) -> Result<ExitCode, CliError> {
    match command {
        ResultsCommand::Export { format: ExportFormat::Xapi, out, launch_data } => {
            // Statements are built and written one attempt at a time, so the memory an
            // export needs does not grow with the history; mastery is traced per trainee
            // along the way, and a `mastered` statement written when a strategy comes to be.
            let library = ctx.library();
            let pass = pass_mark(launch_data.as_deref())?;
            let options = progress_options();
            let catalogue = &ctx.knowledge.catalogue;
            let write = |w: &mut dyn Write| -> Result<(), String> {
                let io = |err: std::io::Error| err.to_string();
                w.write_all(b"[").map_err(io)?;
                let mut first = true;
                let mut folds: BTreeMap<String, Fold> = BTreeMap::new();
                store.for_each(|attempt| {
                    match verified_statements_and_evidence(&attempt, &library, pass) {
                        Ok((mut statements, evidence)) => {
                            let fold = folds
                                .entry(attempt.trainee.clone())
                                .or_insert_with(|| Fold::tracing_mastery(&attempt.trainee, catalogue, options));
                            statements.extend(mastered_statements(&attempt.trainee, catalogue, fold.add(&evidence)));
                            for statement in statements {
                                w.write_all(if first { b"\n" } else { b",\n" }).map_err(io)?;
                                serde_json::to_writer_pretty(&mut *w, &statement).map_err(|err| err.to_string())?;
                                first = false;
                            }
                        }
                        Err(reason) => eprintln!("skipped {} ({}): {reason}", attempt.id, attempt.trainee),
                    }
                    Ok(())
                })?;
                w.write_all(b"\n]\n").map_err(io)
            };
            match out {
                Some(path) => write_streaming_atomically(&path, write),
                None => {
                    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                    write(&mut stdout).and_then(|()| stdout.flush().map_err(|err| err.to_string()))
                }
            }
            .map_err(|message| CliError::new(1, message))?;
            Ok(ExitCode::SUCCESS)
        }
        ResultsCommand::Export { format, out, .. } => {
            let attempts = store.all()?;
            let text = match format {
                ExportFormat::Attempts => AttemptsFile::new(attempts).to_json() + "\n",
                ExportFormat::Csv | ExportFormat::Xapi => export::to_csv(&attempts),
            };
            write_out(out.as_deref(), &text).map_err(|message| CliError::new(1, message))?;
            Ok(ExitCode::SUCCESS)
        }
        ResultsCommand::Import { files } => {
            // Without the scenarios no attempt can be replayed: say that once, rather than
            // rejecting every attempt as played on an unknown version.
            if !ctx.scenarios.is_dir() {
                return Err(CliError::new(
                    2,
                    format!(
                        "the scenarios folder {} does not exist, so no attempt can be replayed; pass --scenarios",
                        ctx.scenarios.display()
                    ),
                ));
            }
            let now = crate::records::time::now_ms();
            let library = ctx.library();
            let competitions = load_competitions(&ctx.scenarios, &library, None)?;
            let (mut added, mut duplicates, mut rejected) = (0, 0, 0);
            for file in &files {
                // A read error already names the file; what is wrong inside it does not.
                let parsed = read_capped(file, MAX_IMPORT_BYTES).and_then(|bytes| {
                    String::from_utf8(bytes)
                        .map_err(|_| "it is not UTF-8 text".to_owned())
                        .and_then(|text| AttemptsFile::parse(&text))
                        .map_err(|message| format!("{}: {message}", file.display()))
                });
                let export = match parsed {
                    Ok(export) => export,
                    Err(message) => {
                        // One unreadable file does not stop the others; it fails the import.
                        eprintln!("error: {message}");
                        rejected += 1;
                        continue;
                    }
                };
                let mut accepted = Vec::new();
                for attempt in export.attempts {
                    match import_check(&attempt, &library, &competitions, now) {
                        Ok(()) => accepted.push(attempt),
                        Err(reason) => {
                            rejected += 1;
                            println!("rejected {} ({} on {}): {reason}", attempt.id, attempt.trainee, attempt.scenario);
                        }
                    }
                }
                // Each file is stored whole or not at all, so a killed import keeps every
                // file it had finished.
                let new = store.insert_all(&accepted)?;
                added += new;
                duplicates += accepted.len() - new;
            }
            println!("imported {added} new attempt(s); {duplicates} already stored; {rejected} rejected");
            Ok(if rejected == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        ResultsCommand::Push { lrs, batch, timeout, launch_data, mastery } => {
            lrs::check_endpoint(&lrs).map_err(|message| CliError::new(2, message))?;
            let pass = pass_mark(launch_data.as_deref())?;
            let options = progress_options();
            let catalogue = &ctx.knowledge.catalogue;
            let mut folds: BTreeMap<String, Fold> = BTreeMap::new();
            let credentials = lrs_credentials().map_err(|message| CliError::new(2, message))?;
            let library = ctx.library();
            let target = lrs::statements_url(&lrs);
            let already = store.pushed(&target)?;
            // What the LRS confirmed is recorded batch by batch through a second connection,
            // while the first walks the history: a push cut short resends nothing.
            let mut marks = ctx.open_store(true).map_err(|message| CliError::new(1, message))?;
            let progress = Box::new(|line: &str| eprintln!("{line}"));
            let mut pusher =
                lrs::Pusher::new(&lrs, &credentials, std::time::Duration::from_secs(timeout.max(1)), progress)
                    .map_err(|message| CliError::new(2, message))?;
            let batch = batch.max(1);
            let mut pending: Vec<serde_json::Value> = Vec::with_capacity(batch);
            let mut flush = |pending: &mut Vec<serde_json::Value>, pusher: &mut lrs::Pusher| -> Result<(), String> {
                if pending.is_empty() {
                    return Ok(());
                }
                pusher.send(pending)?;
                let ids: Vec<String> = pending.iter().filter_map(|s| s["id"].as_str().map(str::to_owned)).collect();
                marks.mark_pushed(&target, &ids).map_err(|err| err.to_string())?;
                pending.clear();
                Ok(())
            };
            store
                .for_each(|attempt| {
                    // Known to the LRS already: skipped before it is replayed or built, unless
                    // mastery is traced, which needs every attempt in order.
                    let ids = statement_ids(&attempt);
                    if !mastery && ids.iter().all(|id| already.contains(id)) {
                        pusher.report.already_there += ids.len();
                        return Ok(());
                    }
                    let built = if mastery {
                        verified_statements_and_evidence(&attempt, &library, pass).map(|(mut statements, evidence)| {
                            let fold = folds
                                .entry(attempt.trainee.clone())
                                .or_insert_with(|| Fold::tracing_mastery(&attempt.trainee, catalogue, options));
                            statements.extend(mastered_statements(&attempt.trainee, catalogue, fold.add(&evidence)));
                            statements
                        })
                    } else {
                        verified_attempt_statements_with(&attempt, &library, pass)
                    };
                    match built {
                        Ok(statements) => {
                            for statement in statements {
                                if statement["id"].as_str().is_some_and(|id| already.contains(id)) {
                                    pusher.report.already_there += 1;
                                    continue;
                                }
                                pending.push(statement);
                                if pending.len() >= batch {
                                    flush(&mut pending, &mut pusher)?;
                                }
                            }
                        }
                        Err(reason) => eprintln!("skipped {} ({}): {reason}", attempt.id, attempt.trainee),
                    }
                    Ok(())
                })
                .and_then(|()| flush(&mut pending, &mut pusher))
                .map_err(|message| CliError::new(1, message))?;
            let report = pusher.report;
            println!(
                "sent {} statement(s) in {} batch(es); {} already in the LRS; {} retried request(s)",
                report.sent, report.batches, report.already_there, report.retries
            );
            Ok(ExitCode::SUCCESS)
        }
        ResultsCommand::List { trainee } => {
            let attempts = store.all()?;
            let mut trainees: Vec<String> = attempts.iter().map(|a| a.trainee.clone()).collect();
            trainees.sort();
            trainees.dedup();
            for name in trainees.iter().filter(|n| trainee.as_ref().is_none_or(|t| t == *n)) {
                println!("{name}");
                for (scenario, history) in store.history(name).unwrap_or_default() {
                    let trend = match history.trend() {
                        t if t > 0 => format!("up {t}"),
                        t if t < 0 => format!("down {}", -t),
                        _ => "flat".to_owned(),
                    };
                    println!(
                        "  {scenario:<28} best {:>3}%  last {:>3}%  {} attempt(s), {trend}",
                        history.best,
                        history.last,
                        history.percents.len()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The pass mark: the cmi5 launch data's `masteryScore` when a file of it is given, else 60%.
fn pass_mark(launch_data: Option<&Path>) -> Result<PassMark, CliError> {
    let Some(path) = launch_data else { return Ok(PassMark::DEFAULT) };
    let text = std::fs::read_to_string(path)
        .map_err(|err| CliError::new(2, format!("cannot read the launch data {}: {err}", path.display())))?;
    PassMark::from_launch_data(&text).map_err(|message| CliError::new(2, format!("{}: {message}", path.display())))
}

/// How mastery is traced for statements: the model's defaults on this machine's clock.
fn progress_options() -> Options {
    let now = now_ms();
    Options::new(Clock { now_ms: now, utc_offset_minutes: local_offset_minutes(now) })
}

/// The `mastered` statements for the strategies an attempt made count as mastered.
fn mastered_statements(
    trainee: &str,
    catalogue: &Catalogue,
    newly: Vec<(usize, MasteredAt)>,
) -> impl Iterator<Item = serde_json::Value> {
    let trainee = trainee.to_owned();
    let named: Vec<(String, String, bool, MasteredAt)> = newly
        .into_iter()
        .map(|(k, at)| {
            let (name, avoid) = skill_name(catalogue, k);
            (catalogue.strategies[k].id.to_string(), name, avoid, at)
        })
        .collect();
    named.into_iter().map(move |(id, name, avoid, at)| mastered_statement_of(&trainee, &id, &name, avoid, &at))
}

/// The xAPI statements of every attempt that replays; the others are named on standard error
/// and left out, so one bad attempt does not stop an export or a push.
/// `--out`, written whole or not at all, else standard output.
fn write_out(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => write_text_atomically(path, text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Every competition in `scenarios/competitions/` (or just `only`), proven; broken files are
/// all reported and stop the command.
fn load_competitions(
    scenarios: &Path,
    library: &[LoadedScenario],
    only: Option<&Path>,
) -> Result<Vec<Competition>, CliError> {
    let loaded = match only {
        Some(file) => vec![competition::load_competition_file(file, library)],
        None => competition::load_competition_dir(&scenarios.join("competitions"), library),
    };
    let mut competitions = Vec::new();
    let mut broken = String::new();
    for result in loaded {
        match result {
            Ok(c) => competitions.push(c),
            Err(failure) => broken.push_str(&failure.render()),
        }
    }
    if broken.is_empty() { Ok(competitions) } else { Err(CliError::rendered(1, broken)) }
}

/// `leaderboard`: standings per competition, for teams, trainees and each round.
pub fn leaderboard(ctx: &Context, file: Option<&Path>, json: bool) -> Result<ExitCode, CliError> {
    let library = ctx.library();
    let competitions = load_competitions(&ctx.scenarios, &library, file)?;
    if competitions.is_empty() {
        return Err(CliError::new(1, format!("no competitions in {}", ctx.scenarios.join("competitions").display())));
    }
    let store = ctx.open_store(false).map_err(|message| CliError::new(1, message))?;
    let mut boards = Vec::new();
    for c in &competitions {
        let rows = store.competition_rows(c)?;
        boards.push(competition::leaderboard_of(c, &rows));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&boards).expect("leaderboards always serialise"));
        return Ok(ExitCode::SUCCESS);
    }
    for board in &boards {
        println!("{}", board.competition);
        let print = |title: &str, rows: &[Standing]| {
            println!("  {title}");
            if rows.is_empty() {
                println!("    (no attempts yet)");
            }
            for row in rows {
                let team = row.team.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
                println!(
                    "    {:>2}. {:<24} {:>3}%  {:>6.1} s",
                    row.rank,
                    format!("{}{team}", row.name),
                    row.percent,
                    row.response_ms as f64 / 1000.0
                );
            }
        };
        print("Teams", &board.teams);
        print("Trainees", &board.trainees);
        for (scenario, rows) in &board.rounds {
            print(scenario, rows);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// LRS credentials from the environment, or asked for (the password without echo).
fn lrs_credentials() -> Result<Credentials, String> {
    let user = match std::env::var("HARDCALL_LRS_USER") {
        Ok(user) => user,
        Err(_) => {
            eprint!("LRS user: ");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|err| format!("cannot read the LRS user: {err}"))?;
            line.trim().to_owned()
        }
    };
    let password = match std::env::var("HARDCALL_LRS_PASSWORD") {
        Ok(password) => password,
        Err(_) => rpassword::prompt_password("LRS password: ")
            .map_err(|err| format!("cannot read the LRS password: {err}"))?,
    };
    if user.is_empty() {
        return Err("no LRS user: set HARDCALL_LRS_USER or type one".into());
    }
    Ok(Credentials { user, password })
}
