//! The trainer's commands over scenario files: `validate`, `analyze`, `coverage`, `new` and
//! `graph`. They read and report; none of them touches the attempt history.

use crate::authoring::audit::{gaming_warnings, personality_warnings};
use crate::authoring::coverage::{Coverage, MIN_SCENARIOS_PER_STRATEGY};
use crate::authoring::files::read_capped;
use crate::authoring::form_reader::read_library;
use crate::authoring::journeys;
use crate::authoring::load::MAX_FILE_BYTES;
use crate::authoring::load::{LoadFailure, LoadedScenario, decode, load_scenarios};
use crate::authoring::render::render_all;
use crate::authoring::ron::parse_ron;
use crate::authoring::{graph as dot, template};
use crate::cli::Context;
use crate::cli::audit::library_corpus;
use crate::cli::error::CliError;
use crate::engine::disc::DiscStyle;
use crate::engine::model::{CompiledNode, CompiledScenario};
use crate::engine::prover::{Analysis, PathSummary};
use crate::engine::scenario::{Channel, Difficulty, ScenarioFile};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `validate`: every file proven, each problem printed with its file:line:col, then a count.
/// Exits 1 if any file has errors.
pub fn validate(ctx: &Context, paths: &[PathBuf]) -> Result<ExitCode, CliError> {
    Context::announce_skipped(paths);
    let results = load_scenarios(paths, &ctx.knowledge).map_err(|message| CliError::new(2, message))?;
    let files = results.len();
    if files == 0 {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::new(2, format!("no .ron files found in {}", names.join(", "))));
    }
    let (mut sound, mut errors, mut warnings) = (0, 0, 0);
    let results: Vec<_> = results.collect();
    // The form reader reads each sound file with what the other files (and, for a handful of
    // files, the scenarios folder) teach it.
    let loaded: Vec<&LoadedScenario> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let corpus = library_corpus(ctx, &loaded);
    let corpus_refs: Vec<&LoadedScenario> = corpus.iter().collect();
    let mut readings = read_library(&loaded, &corpus_refs).into_iter();
    for result in results {
        match result {
            Ok(loaded) => {
                let mut found = loaded.warnings.clone();
                let reading = readings.next().unwrap_or_default();
                found.extend(gaming_warnings(&loaded, Some(&reading)));
                found.extend(personality_warnings(&loaded));
                warnings += found.len();
                print!("{}", render_all(&loaded.source, &found));
                // Saved playtests beside the file must still go where they went.
                let scenario_path = Path::new(&loaded.file_name);
                let (text, changed) = journeys::check(&loaded, scenario_path);
                if !changed.is_empty() {
                    errors += changed.iter().filter(|d| d.is_error()).count();
                    print!("{}", render_all(&text, &changed));
                    continue;
                }
                sound += 1;
                let main = loaded.main();
                println!(
                    "ok: {} ({}, {} personalit{}, best {}, {} states)",
                    loaded.file_name,
                    loaded.id(),
                    loaded.variants.len(),
                    if loaded.variants.len() == 1 { "y" } else { "ies" },
                    main.analysis.best_total(),
                    main.analysis.state_count
                );
            }
            Err(failure) => {
                errors += failure.diagnostics.iter().filter(|d| d.is_error()).count();
                warnings += failure.diagnostics.iter().filter(|d| !d.is_error()).count();
                print!("{}", failure.render());
            }
        }
    }
    let broken = files - sound;
    println!(
        "checked {files} file{}: {sound} sound, {broken} with errors ({errors} error{}, {warnings} warning{})",
        if files == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    Ok(if broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn path_json(scenario: &CompiledScenario, path: &PathSummary, analysis: &Analysis) -> serde_json::Value {
    json!({
        "total": path.total,
        "percent": analysis.rate_path(scenario, path).percent,
        "choices": path.positions(),
        "nodes": path.steps.iter().map(|s| scenario.node_names[s.node as usize].clone()).collect::<Vec<_>>(),
        "ending": scenario.node_names[path.ending as usize],
        "outcome": path.outcome,
    })
}

/// `analyze`: per personality, the best, worst and defensive paths, the best one that commits
/// an anti-pattern, the turn range and the endings that can be reached.
pub fn analyze(ctx: &Context, path: &Path, json: bool) -> Result<ExitCode, CliError> {
    let loaded = ctx.load(path)?;
    let mut variants = Vec::new();
    for variant in &loaded.variants {
        let (scenario, analysis) = (&variant.scenario, &variant.analysis);
        let paths = [("best", &analysis.best), ("worst", &analysis.worst), ("defensive", &analysis.defensive)];
        if json {
            let mut value = json!({
                "disc": scenario.profile.to_string(),
                "states": analysis.state_count,
                "paths": analysis.paths.to_string(),
                "turns": { "min": analysis.min_turns, "max": analysis.max_turns, "limit": scenario.turn_limit() },
                "best_with_anti_pattern": analysis.best_anti_pattern_path.as_ref()
                    .map(|p| path_json(scenario, p, analysis)),
                "endings": analysis.endings.iter().map(|&n| json!({
                    "node": scenario.node_names[n as usize],
                    "outcome": match scenario.node(n) { CompiledNode::End { outcome, .. } => Some(*outcome), _ => None },
                })).collect::<Vec<_>>(),
            });
            for (name, path) in paths {
                value[name] = path.as_ref().map_or(serde_json::Value::Null, |p| path_json(scenario, p, analysis));
            }
            variants.push(value);
            continue;
        }
        let file = &scenario.file;
        println!("{} ({}) — {} as {}", file.title, file.id, file.customer.name, scenario.profile);
        println!("  situations explored: {}   distinct paths: {}", analysis.state_count, analysis.paths);
        println!("  turns: {} to {} (limit {})", analysis.min_turns, analysis.max_turns, scenario.turn_limit());
        for (name, path) in paths {
            if let Some(path) = path {
                println!(
                    "  {name:<9} {:>5} ({:>3}%)  choices {}  → {} [{}]",
                    path.total,
                    analysis.rate_path(scenario, path).percent,
                    path.positions().iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","),
                    scenario.node_names[path.ending as usize],
                    path.outcome
                );
            }
        }
        if let Some(path) = &analysis.best_anti_pattern_path {
            println!(
                "  best path that commits an anti-pattern: {} ({}%)  choices {}  → {}",
                path.total,
                analysis.rate_path(scenario, path).percent,
                path.positions().iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","),
                scenario.node_names[path.ending as usize]
            );
        }
        let endings: Vec<String> = analysis.endings.iter().map(|&n| scenario.node_names[n as usize].clone()).collect();
        println!("  reachable endings: {}", endings.join(", "));
    }
    if json {
        let out = json!({ "scenario": loaded.id(), "file": loaded.file_name, "variants": variants });
        println!("{}", serde_json::to_string_pretty(&out).expect("JSON values always serialise"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `coverage`: which strategies each scenario exercises (default: the scenarios folder).
/// Exits 1 if a strategy is practised by too few scenarios or a file does not load.
pub fn coverage(ctx: &Context, paths: Vec<PathBuf>, json: bool) -> Result<ExitCode, CliError> {
    let paths = if paths.is_empty() { vec![ctx.scenarios.clone()] } else { paths };
    Context::announce_skipped(&paths);
    let results = load_scenarios(&paths, &ctx.knowledge).map_err(|message| CliError::new(2, message))?;
    if results.len() == 0 {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CliError::new(2, format!("no .ron files found in {}", names.join(", "))));
    }
    let mut loaded: Vec<LoadedScenario> = Vec::new();
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
    let scenarios: Vec<&LoadedScenario> = loaded.iter().collect();
    let coverage = Coverage::of(&scenarios, &ctx.knowledge.catalogue);
    let thin = coverage.under_covered(MIN_SCENARIOS_PER_STRATEGY);
    if json {
        println!("{}", serde_json::to_string_pretty(&coverage).expect("coverage always serialises"));
    } else {
        print!("{}", coverage.render());
        if broken > 0 {
            println!("\n{broken} file(s) with errors were left out.");
        }
        if thin.is_empty() {
            println!(
                "\nEvery strategy and anti-pattern is practised by at least {MIN_SCENARIOS_PER_STRATEGY} scenarios."
            );
        } else {
            let ids: Vec<&str> = thin.iter().map(|r| r.id.as_str()).collect();
            println!("\nPractised by fewer than {MIN_SCENARIOS_PER_STRATEGY} scenarios: {}", ids.join(", "));
        }
    }
    Ok(if thin.is_empty() && broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// One of `options` by its name, forgiving case, spaces, `-` and `_` (`in-person`, `Hard`).
fn parse_choice<T: Copy + std::fmt::Display>(what: &str, given: &str, options: &[T]) -> Result<T, CliError> {
    let wanted = given.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
    options.iter().copied().find(|o| o.to_string().to_ascii_lowercase().replace(' ', "") == wanted).ok_or_else(|| {
        let names: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        CliError::new(2, format!("unknown {what} `{given}`; use one of: {}", names.join(", ")))
    })
}

/// The brief `new` writes a skeleton from, as given on the command line.
pub struct BriefArgs {
    pub situation: Option<String>,
    pub may_do: Option<String>,
    pub customer: Option<String>,
}

/// `new`: writes the starter scenario (or, with a situation, a skeleton from the brief), never
/// over an existing file.
pub fn new_scenario(
    ctx: &Context,
    name: &str,
    style: &str,
    channel: &str,
    difficulty: &str,
    out: Option<PathBuf>,
    brief: BriefArgs,
) -> Result<ExitCode, CliError> {
    let mut styles = Vec::new();
    for letter in style.split(',').map(str::trim).filter(|l| !l.is_empty()) {
        let Some(style) = DiscStyle::from_letter(letter) else {
            return Err(CliError::new(2, format!("unknown DISC style `{letter}`; use D, I, S or C")));
        };
        styles.push(style);
    }
    let Some(&main) = styles.first() else {
        return Err(CliError::new(2, "give the customer's DISC style with --style: D, I, S or C"));
    };
    let channel = parse_choice("channel", channel, &Channel::ALL)?;
    let difficulty = parse_choice("difficulty", difficulty, &Difficulty::ALL)?;
    let skeleton = match brief.situation {
        Some(situation) => {
            let brief = template::Brief {
                name: name.to_owned(),
                customer: brief.customer.unwrap_or_default(),
                styles: styles.clone(),
                channel,
                difficulty,
                situation,
                may_do: brief.may_do.unwrap_or_default(),
            };
            let problems = brief.problems();
            if !problems.is_empty() {
                return Err(CliError::new(2, format!("the brief is not complete:\n  {}", problems.join("\n  "))));
            }
            Some(template::skeleton(&brief))
        }
        None if brief.may_do.is_some() || brief.customer.is_some() => {
            return Err(CliError::new(
                2,
                "--may and --customer describe a brief: add --situation \"what went wrong\" to write a skeleton from it",
            ));
        }
        None if styles.len() > 1 => {
            return Err(CliError::new(
                2,
                "the starter has one personality; for several (--style S,C) write a skeleton from a brief with --situation",
            ));
        }
        None => None,
    };
    let id = template::slug(name);
    if id.is_empty() {
        return Err(CliError::new(
            2,
            format!(
                "`{name}` has no Latin letters or digits to make a file name and id from; give a name in Latin letters (the title inside can be anything)"
            ),
        ));
    }
    let path = out.unwrap_or_else(|| ctx.scenarios.join(format!("{id}.ron")));
    if path.exists() {
        return Err(CliError::new(1, format!("{} already exists; choose another name or --out", path.display())));
    }
    let text = match skeleton {
        Some(text) => text,
        None => template::starter(name, main, channel, difficulty, &path.display().to_string()),
    };
    // Never over a file that appeared since the check above.
    crate::authoring::files::write_new_text(&path, &text)
        .map_err(|err| CliError::new(1, format!("cannot write {}: {err}", path.display())))?;
    println!("wrote {}", path.display());
    println!("next: hardcall validate {0} && hardcall analyze {0}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `graph`: the scenario as Graphviz DOT. Only parsed, not proven, so a scenario with
/// mistakes in its routes can still be drawn to find them.
pub fn graph(path: &Path) -> Result<ExitCode, CliError> {
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|message| CliError::new(1, message))?;
    let name = path.display().to_string();
    let source = decode(&name, &bytes)?;
    let file = parse_ron::<ScenarioFile>(&name, &source).map_err(|diagnostics| LoadFailure {
        file_name: name.clone(),
        source: source.clone(),
        diagnostics,
    })?;
    print!("{}", dot::to_dot(&file));
    Ok(ExitCode::SUCCESS)
}

/// `find`: every place the query is used, one line each: `file node: place: excerpt`.
pub fn find(ctx: &Context, query: &str, folder: Option<PathBuf>) -> Result<ExitCode, CliError> {
    let folder = folder.unwrap_or_else(|| ctx.scenarios.clone());
    if !folder.is_dir() {
        return Err(CliError::new(2, format!("{} is not a folder of scenarios", folder.display())));
    }
    if query.trim().is_empty() {
        return Err(CliError::new(2, "say what to look for: words, a strategy id or a flag name"));
    }
    let hits = crate::authoring::search::search(&folder, query);
    for hit in &hits {
        let node = hit.node.as_deref().map_or_else(String::new, |n| format!(" `{n}`"));
        println!("{}{node}: {}: {}", hit.file.display(), hit.place, hit.excerpt);
    }
    let more = if hits.len() >= crate::authoring::search::MAX_HITS { " (the first ones only)" } else { "" };
    println!("{} place{} found{more}", hits.len(), if hits.len() == 1 { "" } else { "s" });
    Ok(if hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
