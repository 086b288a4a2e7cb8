//! `hardcall`: the command line. With no subcommand it opens the game (or, where no window
//! can be opened, a terminal picker of the shipped scenarios); subcommands validate,
//! analyse and play scenario files.

use clap::{Parser, Subcommand};
use hardcall::authoring::coverage::{Coverage, MIN_SCENARIOS_PER_STRATEGY};
use hardcall::authoring::load::{
    LoadFailure, LoadedScenario, default_scenarios_dir, load_scenario_file, scenario_paths,
};
use hardcall::authoring::template;
use hardcall::cli::debrief::render_debrief;
use hardcall::cli::terminal;
use hardcall::engine::card::score_card;
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::disc::DiscStyle;
use hardcall::engine::model::CompiledScenario;
use hardcall::engine::prover::PathSummary;
use hardcall::engine::session::Session;
use hardcall::records::attempts;
use hardcall::records::competition;
use hardcall::records::export::{self, AttemptsFile};
use hardcall::records::store::{self, Store};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "hardcall", version, about = "Hard Call: practise conversations with difficult customers")]
struct Cli {
    /// A folder holding your own strategies.ron and disc.ron instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    assets: Option<PathBuf>,
    /// Where the scenarios are (default: $HARDCALL_SCENARIOS, else ./scenarios).
    #[arg(long, global = true, value_name = "DIR")]
    scenarios: Option<PathBuf>,
    /// Where the attempt history is kept (default: $HARDCALL_DATA_DIR, else the platform's
    /// data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The trainee's name for attempts played in the terminal (default: the name last used in
    /// the game, else the login name).
    #[arg(long, global = true, value_name = "NAME")]
    trainee: Option<String>,
    /// Play in the terminal even where a window could be opened.
    #[arg(long)]
    terminal: bool,
    /// Drive the game through every screen, save a PNG of each into DIR, and quit.
    #[arg(long, value_name = "DIR")]
    screenshots: Option<PathBuf>,
    /// Play a scripted session and print frame-time figures, then quit.
    #[arg(long)]
    bench_frames: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Prove scenario files sound; prints every problem with its file:line:col.
    Validate {
        /// Scenario files or folders (searched recursively for *.ron).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Best and worst totals with their replies, endings, path count and turn range.
    Analyze {
        scenario: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Play a scenario: interactively, or with --choices non-interactively.
    Play {
        scenario: PathBuf,
        /// The seed that picks the customer's line variants.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Replies to take, 1-based and in order, such as 2,1,3.
        #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
        choices: Option<Vec<usize>>,
        /// Play the customer with one of the scenario's personalities (D, I, S or C).
        #[arg(long, value_name = "STYLE")]
        disc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Which strategies each scenario exercises; exits 1 if one is practised by fewer than 2.
    Coverage {
        /// Scenario files or folders (default: the scenarios folder).
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a small, sound, commented scenario to start from.
    New {
        /// The scenario's name, such as "lost parcel"; the file is named after it.
        name: String,
        /// The customer's DISC style: D, I, S or C.
        #[arg(long, value_name = "D|I|S|C")]
        style: String,
        /// phone, email, chat or in-person.
        #[arg(long, default_value = "phone")]
        channel: String,
        /// easy, medium or hard.
        #[arg(long, default_value = "easy")]
        difficulty: String,
        /// Where to write it (default: scenarios/<name>.ron).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print a scenario as a Graphviz DOT graph (pipe it to `dot -Tsvg`).
    Graph { scenario: PathBuf },
    /// Competition standings per scenario and overall, for trainees and teams.
    Leaderboard {
        /// The competition file (default: every file in scenarios/competitions/).
        #[arg(long, value_name = "FILE")]
        competition: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The attempt history: export it, import attempts from other machines, list it.
    #[command(subcommand)]
    Results(ResultsCommand),
}

#[derive(Subcommand)]
enum ResultsCommand {
    /// Write every stored attempt: `attempts` (lossless, what import reads), `csv` or `xapi`.
    Export {
        #[arg(long, value_enum, default_value = "attempts")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge attempts exported elsewhere; each is replayed and rejected if its score differs.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Send every attempt as xAPI statements to a learning record store, skipping those it
    /// already has. Credentials come from $HARDCALL_LRS_USER and $HARDCALL_LRS_PASSWORD, or a
    /// prompt; they are never written anywhere.
    Push {
        /// The LRS's xAPI endpoint, such as http://127.0.0.1:8100/xAPI/
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// Statements per request.
        #[arg(long, default_value_t = hardcall::records::lrs::DEFAULT_BATCH)]
        batch: usize,
    },
    /// A trainee's best, latest and trend per scenario.
    List {
        #[arg(long)]
        trainee: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Attempts,
    Csv,
    /// xAPI 1.0.3 statements, built from each attempt replayed.
    Xapi,
}

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    // `hardcall validate scenarios | head` should stop quietly when `head` has read enough,
    // as command-line tools do, instead of panicking on a closed pipe.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let knowledge = match &cli.assets {
        Some(dir) => match Knowledge::load_dir(dir) {
            Ok(knowledge) => Arc::new(knowledge),
            Err(failures) => {
                for (_, source, diagnostics) in failures {
                    eprint!("{}", hardcall::authoring::render::render_all(&source, &diagnostics));
                }
                return ExitCode::from(1);
            }
        },
        None => Arc::new(Knowledge::builtin()),
    };
    match cli.command {
        Some(Command::Validate { paths }) => validate(&paths, &knowledge),
        Some(Command::Analyze { scenario, json }) => {
            with_scenario(&scenario, &knowledge, |loaded| analyze(loaded, json))
        }
        Some(Command::Play { scenario, seed, choices, disc, json }) => {
            let trainee = trainee_name(cli.trainee.as_deref());
            let data_dir = cli.data_dir.clone();
            with_scenario(&scenario, &knowledge, |loaded| {
                play(loaded, seed, choices.as_deref(), disc.as_deref(), json, data_dir.as_deref(), &trainee)
            })
        }
        Some(Command::Coverage { paths, json }) => {
            let paths = if paths.is_empty() {
                vec![cli.scenarios.clone().unwrap_or_else(default_scenarios_dir)]
            } else {
                paths
            };
            coverage(&paths, &knowledge, json)
        }
        Some(Command::New { name, style, channel, difficulty, out }) => {
            new_scenario(&name, &style, &channel, &difficulty, out, cli.scenarios.clone())
        }
        Some(Command::Graph { scenario }) => graph(&scenario),
        Some(Command::Leaderboard { competition, json }) => {
            let scenarios = cli.scenarios.clone().unwrap_or_else(default_scenarios_dir);
            leaderboard(competition.as_deref(), json, cli.data_dir.as_deref(), &scenarios, &knowledge)
                .unwrap_or_else(|code| code)
        }
        Some(Command::Results(command)) => {
            let scenarios = cli.scenarios.clone().unwrap_or_else(default_scenarios_dir);
            results(command, cli.data_dir.as_deref(), &scenarios, &knowledge).unwrap_or_else(|code| code)
        }
        None => open_game(cli, &knowledge, launched),
    }
}

/// Opens the window, or says in one line why not and plays in the terminal instead.
fn open_game(cli: Cli, knowledge: &Arc<Knowledge>, launched: std::time::Instant) -> ExitCode {
    #[cfg(feature = "gui")]
    {
        let scripted = cli.screenshots.is_some() || cli.bench_frames;
        if !cli.terminal && hardcall::app::display_available() {
            let options = hardcall::app::LaunchOptions {
                scenarios: cli.scenarios.clone(),
                knowledge: Some(knowledge.clone()),
                data_dir: cli.data_dir.clone(),
                screenshots: cli.screenshots.clone(),
                bench_frames: cli.bench_frames,
                launched: Some(launched),
            };
            return match hardcall::app::run(options) {
                bevy::app::AppExit::Success => ExitCode::SUCCESS,
                bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
            };
        }
        if scripted {
            eprintln!("error: --screenshots and --bench-frames need a display (is $DISPLAY set? try xvfb-run)");
            return ExitCode::from(2);
        }
        if !cli.terminal {
            eprintln!("No display found ($DISPLAY is not set): playing in the terminal instead.");
        }
    }
    #[cfg(not(feature = "gui"))]
    let _ = launched;
    #[cfg(not(feature = "gui"))]
    if cli.screenshots.is_some() || cli.bench_frames {
        eprintln!("error: this build has no game window (built without the `gui` feature)");
        return ExitCode::from(2);
    }
    let trainee = trainee_name(cli.trainee.as_deref());
    pick(&cli.scenarios.unwrap_or_else(default_scenarios_dir), knowledge, cli.data_dir.as_deref(), &trainee)
}

fn print_failure(failure: &LoadFailure) {
    eprint!("{}", failure.render());
}

fn with_scenario(path: &Path, knowledge: &Arc<Knowledge>, run: impl FnOnce(&LoadedScenario) -> ExitCode) -> ExitCode {
    match load_scenario_file(path, knowledge) {
        Ok(loaded) => {
            eprint!("{}", hardcall::authoring::render::render_all(&loaded.source, &loaded.warnings));
            run(&loaded)
        }
        Err(failure) => {
            print_failure(&failure);
            ExitCode::from(1)
        }
    }
}

fn validate(paths: &[PathBuf], knowledge: &Arc<Knowledge>) -> ExitCode {
    let files = match scenario_paths(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    if files.is_empty() {
        eprintln!(
            "error: no .ron files found in {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
        return ExitCode::from(2);
    }
    let (mut sound, mut errors, mut warnings) = (0, 0, 0);
    for file in &files {
        match load_scenario_file(file, knowledge) {
            Ok(loaded) => {
                sound += 1;
                warnings += loaded.warnings.len();
                print!("{}", hardcall::authoring::render::render_all(&loaded.source, &loaded.warnings));
                let main = loaded.main();
                println!(
                    "ok: {} ({}, {} personalit{}, best {}, {} states)",
                    file.display(),
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
    let broken = files.len() - sound;
    println!(
        "checked {} file{}: {sound} sound, {broken} with errors ({errors} error{}, {warnings} warning{})",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn path_json(
    scenario: &CompiledScenario,
    path: &PathSummary,
    analysis: &hardcall::engine::prover::Analysis,
) -> serde_json::Value {
    json!({
        "total": path.total,
        "percent": analysis.percent(path.total),
        "choices": path.positions(),
        "nodes": path.steps.iter().map(|s| scenario.node_names[s.node as usize].clone()).collect::<Vec<_>>(),
        "ending": scenario.node_names[path.ending as usize],
        "outcome": path.outcome,
    })
}

fn analyze(loaded: &LoadedScenario, json: bool) -> ExitCode {
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
                    "outcome": match scenario.node(n) { hardcall::engine::model::CompiledNode::End { outcome, .. } => Some(*outcome), _ => None },
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
                    analysis.percent(path.total),
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
                analysis.percent(path.total),
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
    ExitCode::SUCCESS
}

#[allow(clippy::too_many_arguments)]
fn play(
    loaded: &LoadedScenario,
    seed: u64,
    choices: Option<&[usize]>,
    disc: Option<&str>,
    json: bool,
    data_dir: Option<&Path>,
    trainee: &str,
) -> ExitCode {
    let variant_index = match disc {
        None => 0,
        Some(letter) => {
            let Some(style) = DiscStyle::from_letter(letter) else {
                eprintln!("error: unknown DISC style `{letter}`; use D, I, S or C");
                return ExitCode::from(2);
            };
            match loaded.variants.iter().position(|v| v.scenario.profile.primary == style) {
                Some(i) => i,
                None => {
                    let offered: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.to_string()).collect();
                    eprintln!("error: {} cannot be played as {style}; it offers {}", loaded.id(), offered.join(", "));
                    return ExitCode::from(2);
                }
            }
        }
    };
    let variant = &loaded.variants[variant_index];
    let Some(choices) = choices else {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut output = std::io::stdout();
        return match terminal::play_interactive(loaded, variant_index, seed, &mut input, &mut output) {
            Ok(Some(played)) => {
                record_attempt(data_dir, trainee, loaded, &played);
                ExitCode::SUCCESS
            }
            Ok(None) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(1)
            }
        };
    };
    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
    if let Err((turn, err)) = session.play(choices) {
        eprintln!("error: reply {} of --choices (turn {}): {err}", turn + 1, turn + 1);
        return ExitCode::from(1);
    }
    if !session.is_over() {
        eprintln!(
            "error: the conversation is not over after {} replies; {} more are on offer at turn {}",
            choices.len(),
            session.offered().len(),
            choices.len() + 1
        );
        return ExitCode::from(1);
    }
    let card = score_card(&session, &variant.analysis);
    if json {
        println!("{}", serde_json::to_string_pretty(&card).expect("score cards always serialise"));
    } else {
        print!("{}", render_debrief(&card));
    }
    ExitCode::SUCCESS
}

/// Stores a conversation finished in the terminal; a history that cannot be written is
/// reported, and the debrief the trainee just read is not lost to an error.
fn record_attempt(data_dir: Option<&Path>, trainee: &str, loaded: &LoadedScenario, played: &terminal::Played) {
    let attempt = attempts::Attempt::record(
        loaded,
        &played.session,
        &played.card,
        trainee,
        None,
        played.response_ms.clone(),
        played.started_at_ms,
        played.ended_at_ms,
    );
    match open_store(data_dir).and_then(|mut store| store.insert(&attempt).map_err(|err| err.to_string())) {
        Ok(_) => println!("Saved to your history as {trainee}."),
        Err(message) => eprintln!("warning: this attempt was not saved: {message}"),
    }
}

/// `--trainee`, else the name last used in the game, else the login name.
fn trainee_name(explicit: Option<&str>) -> String {
    if let Some(name) = explicit.map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_owned();
    }
    let settings = hardcall::records::settings::settings_path()
        .and_then(|path| {
            hardcall::records::settings::read_or_default::<hardcall::records::settings::Settings>(&path).ok()
        })
        .map(|s| s.trainee)
        .filter(|n| !n.is_empty());
    settings.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "trainee".to_owned())
}

fn pick(dir: &Path, knowledge: &Arc<Knowledge>, data_dir: Option<&Path>, trainee: &str) -> ExitCode {
    let files = match scenario_paths(&[dir.to_path_buf()]) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let mut scenarios = Vec::new();
    for file in files {
        match load_scenario_file(&file, knowledge) {
            Ok(loaded) => scenarios.push(loaded),
            Err(failure) => print_failure(&failure),
        }
    }
    if scenarios.is_empty() {
        eprintln!("error: no playable scenarios in {}", dir.display());
        return ExitCode::from(1);
    }
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let stdin = std::io::stdin();
    let mut record =
        |loaded: &LoadedScenario, played: &terminal::Played| record_attempt(data_dir, trainee, loaded, played);
    match terminal::pick_and_play(&scenarios, seed, &mut stdin.lock(), &mut std::io::stdout(), &mut record) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn coverage(paths: &[PathBuf], knowledge: &Arc<Knowledge>, json: bool) -> ExitCode {
    let files = match scenario_paths(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut loaded = Vec::new();
    let mut broken = 0;
    for file in &files {
        match load_scenario_file(file, knowledge) {
            Ok(scenario) => loaded.push(scenario),
            Err(failure) => {
                broken += 1;
                print_failure(&failure);
            }
        }
    }
    let scenarios: Vec<&hardcall::engine::scenario::ScenarioFile> = loaded.iter().map(|l| l.file()).collect();
    let coverage = Coverage::of(&scenarios, &knowledge.catalogue);
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
    if thin.is_empty() && broken == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn parse_choice<T: Copy + std::fmt::Display>(what: &str, given: &str, options: &[T]) -> Result<T, String> {
    let wanted = given.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
    options.iter().copied().find(|o| o.to_string().to_ascii_lowercase().replace(' ', "") == wanted).ok_or_else(|| {
        let names: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        format!("unknown {what} `{given}`; use one of: {}", names.join(", "))
    })
}

fn new_scenario(
    name: &str,
    style: &str,
    channel: &str,
    difficulty: &str,
    out: Option<PathBuf>,
    scenarios: Option<PathBuf>,
) -> ExitCode {
    use hardcall::engine::scenario::{Channel, Difficulty};
    let Some(style) = DiscStyle::from_letter(style) else {
        eprintln!("error: unknown DISC style `{style}`; use D, I, S or C");
        return ExitCode::from(2);
    };
    let parsed = parse_choice("channel", channel, &Channel::ALL)
        .and_then(|c| parse_choice("difficulty", difficulty, &Difficulty::ALL).map(|d| (c, d)));
    let (channel, difficulty) = match parsed {
        Ok(pair) => pair,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let id = template::slug(name);
    if id.is_empty() {
        eprintln!("error: `{name}` has no letters or digits to name the scenario by");
        return ExitCode::from(2);
    }
    let path = out.unwrap_or_else(|| scenarios.unwrap_or_else(default_scenarios_dir).join(format!("{id}.ron")));
    if path.exists() {
        eprintln!("error: {} already exists; choose another name or --out", path.display());
        return ExitCode::from(1);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(err) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {err}", parent.display());
        return ExitCode::from(1);
    }
    // create_new: never overwrite a file that appeared since the check above.
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).and_then(|mut file| {
        use std::io::Write;
        file.write_all(template::starter(name, style, channel, difficulty).as_bytes())
    });
    match written {
        Ok(()) => {
            println!("wrote {}", path.display());
            println!("next: hardcall validate {0} && hardcall analyze {0}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", path.display());
            ExitCode::from(1)
        }
    }
}

fn graph(path: &Path) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", path.display());
            return ExitCode::from(1);
        }
    };
    let name = path.display().to_string();
    let parsed = hardcall::authoring::load::decode(&name, &bytes).and_then(|source| {
        hardcall::authoring::ron::parse_ron::<hardcall::engine::scenario::ScenarioFile>(&name, &source)
            .map_err(|diagnostics| LoadFailure { file_name: name.clone(), source: source.clone(), diagnostics })
    });
    match parsed {
        Ok(file) => {
            print!("{}", hardcall::authoring::graph::to_dot(&file));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_failure(&failure);
            ExitCode::from(1)
        }
    }
}

fn open_store(data_dir: Option<&Path>) -> Result<Store, String> {
    let dir = store::data_dir(data_dir).ok_or("no data folder on this system; pass --data-dir")?;
    Store::open(&dir.join(store::DATABASE_FILE)).map_err(|err| err.to_string())
}

/// Every scenario in the folder that loads, for replaying attempts.
fn load_all(dir: &Path, knowledge: &Arc<Knowledge>) -> Vec<LoadedScenario> {
    scenario_paths(&[dir.to_path_buf()])
        .unwrap_or_default()
        .iter()
        .filter_map(|path| load_scenario_file(path, knowledge).ok())
        .collect()
}

fn write_out(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => hardcall::records::settings::write_text_atomically(path, text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// Prints an error the way every command does; the exit code to stop with.
fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// The xAPI statements of every attempt that replays to its stored score; the others are
/// reported and left out.
fn xapi_statements(attempts: &[attempts::Attempt], library: &[LoadedScenario]) -> Vec<serde_json::Value> {
    let mut statements = Vec::new();
    for attempt in attempts {
        match attempts::verify(attempt, library) {
            Ok(card) => statements.extend(hardcall::records::xapi::statements(attempt, &card)),
            Err(reason) => eprintln!("skipped {} ({}): {reason}", attempt.id, attempt.trainee),
        }
    }
    statements
}

/// Why an imported attempt does not count, if it does not: its replay, then the rules of
/// the competition it claims.
fn import_check(
    attempt: &attempts::Attempt,
    library: &[LoadedScenario],
    competitions: &[competition::Competition],
) -> Result<(), String> {
    attempts::verify(attempt, library).map_err(|r| r.to_string())?;
    let Some(name) = &attempt.competition else { return Ok(()) };
    let competition = competitions
        .iter()
        .find(|c| &c.name == name)
        .ok_or_else(|| format!("competition `{name}` is not known here"))?;
    match competition::breaks_rules(competition, attempt) {
        Some(reason) => Err(format!("breaks the rules of {name}: {reason}")),
        None => Ok(()),
    }
}

fn results(
    command: ResultsCommand,
    data_dir: Option<&Path>,
    scenarios: &Path,
    knowledge: &Arc<Knowledge>,
) -> Result<ExitCode, ExitCode> {
    let mut store = open_store(data_dir).map_err(|message| fail(1, message))?;
    match command {
        ResultsCommand::Export { format, out } => {
            let attempts = store.all().map_err(|err| fail(1, err))?;
            let text = match format {
                ExportFormat::Attempts => AttemptsFile::new(attempts).to_json() + "\n",
                ExportFormat::Csv => export::to_csv(&attempts),
                ExportFormat::Xapi => {
                    let statements = xapi_statements(&attempts, &load_all(scenarios, knowledge));
                    serde_json::to_string_pretty(&statements).expect("statements always serialise") + "\n"
                }
            };
            write_out(out.as_deref(), &text).map_err(|message| fail(1, message))?;
            Ok(ExitCode::SUCCESS)
        }
        ResultsCommand::Import { files } => {
            let library = load_all(scenarios, knowledge);
            let competitions = load_competitions(scenarios, &library, None)?;
            let (mut added, mut duplicates, mut rejected) = (0, 0, 0);
            for file in &files {
                let parsed = std::fs::read_to_string(file)
                    .map_err(|err| err.to_string())
                    .and_then(|text| AttemptsFile::parse(&text));
                let export = match parsed {
                    Ok(export) => export,
                    Err(message) => {
                        eprintln!("error: {}: {message}", file.display());
                        rejected += 1;
                        continue;
                    }
                };
                let mut accepted = Vec::new();
                for attempt in export.attempts {
                    match import_check(&attempt, &library, &competitions) {
                        Ok(()) => accepted.push(attempt),
                        Err(reason) => {
                            rejected += 1;
                            println!("rejected {} ({} on {}): {reason}", attempt.id, attempt.trainee, attempt.scenario);
                        }
                    }
                }
                let new = store.insert_all(&accepted).map_err(|err| fail(1, err))?;
                added += new;
                duplicates += accepted.len() - new;
            }
            println!("imported {added} new attempt(s); {duplicates} already stored; {rejected} rejected");
            Ok(if rejected == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        ResultsCommand::Push { lrs, batch } => {
            let credentials = lrs_credentials().map_err(|message| fail(2, message))?;
            let attempts = store.all().map_err(|err| fail(1, err))?;
            let statements = xapi_statements(&attempts, &load_all(scenarios, knowledge));
            let target = hardcall::records::lrs::statements_url(&lrs);
            let already = store.pushed(&target).map_err(|err| fail(1, err))?;
            let mut remember = |ids: &[String]| store.mark_pushed(&target, ids).map_err(|err| err.to_string());
            let sent = |id: &str| already.contains(id);
            let report = hardcall::records::lrs::push(&lrs, &credentials, &statements, batch, &sent, &mut remember)
                .map_err(|message| fail(1, message))?;
            println!(
                "sent {} statement(s) in {} batch(es); {} already in the LRS; {} retried request(s)",
                report.sent, report.batches, report.already_there, report.retries
            );
            Ok(ExitCode::SUCCESS)
        }
        ResultsCommand::List { trainee } => {
            let attempts = store.all().map_err(|err| fail(1, err))?;
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

/// Every competition in `scenarios/competitions/` (or just `only`), proven; broken files are
/// reported and stop the command.
fn load_competitions(
    scenarios: &Path,
    library: &[LoadedScenario],
    only: Option<&Path>,
) -> Result<Vec<competition::Competition>, ExitCode> {
    let loaded = match only {
        Some(file) => vec![competition::load_competition_file(file, library)],
        None => competition::load_competition_dir(&scenarios.join("competitions"), library),
    };
    let mut competitions = Vec::new();
    let mut broken = false;
    for result in loaded {
        match result {
            Ok(c) => competitions.push(c),
            Err(failure) => {
                print_failure(&failure);
                broken = true;
            }
        }
    }
    if broken { Err(ExitCode::from(1)) } else { Ok(competitions) }
}

fn leaderboard(
    file: Option<&Path>,
    json: bool,
    data_dir: Option<&Path>,
    scenarios: &Path,
    knowledge: &Arc<Knowledge>,
) -> Result<ExitCode, ExitCode> {
    let library = load_all(scenarios, knowledge);
    let competitions = load_competitions(scenarios, &library, file)?;
    if competitions.is_empty() {
        return Err(fail(1, format!("no competitions in {}", scenarios.join("competitions").display())));
    }
    let store = open_store(data_dir).map_err(|message| fail(1, message))?;
    let mut boards = Vec::new();
    for c in &competitions {
        let rows = store.competition_rows(c).map_err(|err| fail(1, err))?;
        boards.push(competition::leaderboard_of(c, &rows));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&boards).expect("leaderboards always serialise"));
        return Ok(ExitCode::SUCCESS);
    }
    for board in &boards {
        println!("{}", board.competition);
        let print = |title: &str, rows: &[competition::Standing]| {
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
fn lrs_credentials() -> Result<hardcall::records::lrs::Credentials, String> {
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
    Ok(hardcall::records::lrs::Credentials { user, password })
}
