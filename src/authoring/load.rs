//! Reading scenario files: bytes to text to RON to a compiled, proven scenario, with every
//! failure turned into a located diagnostic instead of a panic.

use crate::authoring::check::{compile, todo_warnings, unreferenced_nodes, voice_warnings};
use crate::authoring::expect::broken_expectations;
use crate::authoring::files::{Walk, read_capped, walk};
use crate::authoring::render::render_all;
use crate::authoring::ron::parse_ron;
use crate::authoring::spans::SpanIndex;
use crate::engine::catalogue::Knowledge;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::disc::DiscProfile;
use crate::engine::prover::analyze;
use crate::engine::scenario::ScenarioFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are refused before parsing; real scenarios are a few dozen KiB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A scenario file that loaded and was proven sound, for every personality it declares.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    pub file_name: String,
    pub source: String,
    pub variants: Vec<Variant>,
    /// Warnings only: a loaded scenario has no errors.
    pub warnings: Vec<Diagnostic>,
    /// blake3 of the text: which version of the scenario an attempt was played on.
    pub hash: String,
}

pub use crate::authoring::variant::Variant;

impl LoadedScenario {
    pub fn file(&self) -> &ScenarioFile {
        &self.variants[0].scenario.file
    }

    pub fn id(&self) -> &str {
        &self.file().id
    }

    /// The main personality's variant.
    pub fn main(&self) -> &Variant {
        &self.variants[0]
    }

    pub fn variant(&self, profile: DiscProfile) -> Option<&Variant> {
        self.variants.iter().find(|v| v.scenario.profile == profile)
    }
}

/// A file that could not be loaded: its text (possibly lossy) and every problem in it.
#[derive(Clone, Debug)]
pub struct LoadFailure {
    pub file_name: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadFailure {
    pub fn render(&self) -> String {
        render_all(&self.source, &self.diagnostics)
    }
}

/// Loads, compiles and proves a scenario from text.
pub fn load_scenario_source(
    file_name: &str,
    source: &str,
    knowledge: &Arc<Knowledge>,
) -> Result<LoadedScenario, LoadFailure> {
    let (loaded, broken) = load_scenario_source_despite_expectations(file_name, source, knowledge)?;
    if broken.is_empty() {
        return Ok(loaded);
    }
    let mut diagnostics = loaded.warnings;
    diagnostics.extend(broken);
    sort_by_position(&mut diagnostics);
    Err(LoadFailure { file_name: loaded.file_name, source: loaded.source, diagnostics })
}

/// Like [`load_scenario_source`], except that a scenario that is sound but breaks its
/// author's expectations still loads, and comes with the broken expectations: `play` and
/// `analyze` run on it, since they are how an author finds out why.
pub fn load_scenario_source_despite_expectations(
    file_name: &str,
    source: &str,
    knowledge: &Arc<Knowledge>,
) -> Result<(LoadedScenario, Vec<Diagnostic>), LoadFailure> {
    let fail = |diagnostics: Vec<Diagnostic>| LoadFailure {
        file_name: file_name.to_owned(),
        source: source.to_owned(),
        diagnostics,
    };
    let file: ScenarioFile = parse_ron(file_name, source).map_err(fail)?;
    let spans = SpanIndex::build(source);
    let mut variants = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for (i, profile) in file.profiles().into_iter().enumerate() {
        let compiled = match compile(&file, file_name, &spans, knowledge, profile) {
            Ok((compiled, warnings)) => {
                // Compilation warnings are the same for every personality.
                if i == 0 {
                    diagnostics.extend(warnings);
                }
                compiled
            }
            Err(errors) => {
                // Names are checked the same way for every personality; report them once.
                diagnostics.extend(errors);
                diagnostics.extend(unreferenced_nodes(&file, file_name, &spans));
                break;
            }
        };
        let analysis = analyze(&compiled, file_name, &spans);
        for mut diagnostic in analysis.diagnostics.iter().cloned() {
            // The same problem under another personality is reported once, for the first.
            let seen = diagnostics.iter().any(|d| {
                d.code == diagnostic.code && d.message == diagnostic.message && d.primary == diagnostic.primary
            });
            if seen {
                continue;
            }
            if i > 0 {
                diagnostic.notes.push(format!("when the customer is played as {profile}"));
            }
            diagnostics.push(diagnostic);
        }
        variants.push(Variant { scenario: Arc::new(compiled), analysis: Arc::new(analysis) });
    }
    // A reply, branch or threshold that is dead for one personality may live for another:
    // warn only about those dead for every personality.
    if variants.len() > 1 {
        diagnostics.retain(|d| {
            !matches!(d.code.as_str(), "never-offered" | "never-fires")
                || variants
                    .iter()
                    .all(|v| v.analysis.diagnostics.iter().any(|a| a.code == d.code && a.primary == d.primary))
        });
    }
    if diagnostics.iter().any(Diagnostic::is_error) || variants.is_empty() || variants.len() != file.profiles().len() {
        sort_by_position(&mut diagnostics);
        return Err(fail(diagnostics));
    }
    // The author's intent, once the scenario is sound for every personality.
    let broken = broken_expectations(&file, file_name, &spans, &variants);
    diagnostics.extend(voice_warnings(&file, file_name, &spans));
    diagnostics.extend(todo_warnings(&file, file_name, &spans));
    sort_by_position(&mut diagnostics);
    let loaded = LoadedScenario {
        file_name: file_name.to_owned(),
        source: source.to_owned(),
        variants,
        warnings: diagnostics,
        hash: scenario_hash(source),
    };
    Ok((loaded, broken))
}

/// The hash of a scenario file's text: which version of a scenario an attempt was played on.
pub fn scenario_hash(source: &str) -> String {
    blake3::hash(source.as_bytes()).to_hex().to_string()
}

fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.primary.as_ref().map_or(usize::MAX, |l| l.range.start), d.severity));
}

/// Reads a file from disk and loads it; unreadable, binary or huge files become diagnostics.
pub fn load_scenario_file(path: &Path, knowledge: &Arc<Knowledge>) -> Result<LoadedScenario, LoadFailure> {
    let file_name = path.display().to_string();
    let fail = |message: String| LoadFailure {
        file_name: file_name.clone(),
        source: String::new(),
        diagnostics: vec![Diagnostic::error("io", message).in_file(&file_name)],
    };
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(fail)?;
    let source = decode(&file_name, &bytes)?;
    load_scenario_source(&file_name, &source, knowledge)
}

/// [`load_scenario_source_despite_expectations`] for a file on disk.
pub fn load_scenario_file_despite_expectations(
    path: &Path,
    knowledge: &Arc<Knowledge>,
) -> Result<(LoadedScenario, Vec<Diagnostic>), LoadFailure> {
    let file_name = path.display().to_string();
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|message| LoadFailure {
        file_name: file_name.clone(),
        source: String::new(),
        diagnostics: vec![Diagnostic::error("io", message).in_file(&file_name)],
    })?;
    let source = decode(&file_name, &bytes)?;
    load_scenario_source_despite_expectations(&file_name, &source, knowledge)
}

/// Text from bytes, or a diagnostic pointing at the first byte that is not UTF-8.
pub fn decode(file_name: &str, bytes: &[u8]) -> Result<String, LoadFailure> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned()),
        Err(err) => {
            let valid = err.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let start = lossy
                .char_indices()
                .nth(String::from_utf8_lossy(&bytes[..valid]).chars().count())
                .map_or(lossy.len(), |(i, _)| i);
            let end = lossy[start..].chars().next().map_or(start, |c| start + c.len_utf8());
            Err(LoadFailure {
                file_name: file_name.to_owned(),
                diagnostics: vec![
                    Diagnostic::error("not-text", format!("{file_name} is not UTF-8 text (byte {valid} is invalid)"))
                        .in_file(file_name)
                        .at(Some(start..end), "not UTF-8")
                        .note("scenario files are UTF-8 RON; is this a binary file?"),
                ],
                source: lossy,
            })
        }
    }
}

/// Every scenario file under `inputs` (files, or folders searched recursively), in path
/// order, each loaded or with why it did not load: what validation, coverage, the terminal
/// picker and the replay of stored attempts all start from. An input that cannot be read is
/// the error. Files load one at a time as the result is walked, so `validate` reports each
/// file as soon as it is checked.
pub fn load_scenarios<'a>(
    inputs: &[PathBuf],
    knowledge: &'a Arc<Knowledge>,
) -> Result<impl ExactSizeIterator<Item = Result<LoadedScenario, LoadFailure>> + 'a, String> {
    Ok(scenario_paths(inputs)?.into_iter().map(move |path| load_scenario_file(&path, knowledge)))
}

/// Overrides where the shipped scenarios are looked for.
pub const SCENARIOS_DIR_ENV: &str = "HARDCALL_SCENARIOS";

/// `$HARDCALL_SCENARIOS`, else `./scenarios` when run from the project, else the folder the
/// binary was built from.
pub fn default_scenarios_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(SCENARIOS_DIR_ENV) {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() { local } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios") }
}

/// Every `*.ron` file under the given files and folders, sorted, folders searched recursively.
pub fn scenario_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    scenario_walk(inputs).map(|found| found.files)
}

/// Like [`scenario_paths`], with what the walk passed over (links to folders, broken links)
/// so a command can say so.
pub fn scenario_walk(inputs: &[PathBuf]) -> Result<Walk, String> {
    let mut out = Walk::default();
    for input in inputs {
        if input.is_dir() {
            // Competitions and other non-scenario RON live in their own folders.
            let found = walk(input, "ron", &["competitions"])
                .map_err(|err| format!("cannot read folder {}: {err}", input.display()))?;
            out.files.extend(found.files);
            out.skipped.extend(found.skipped);
        } else if input.exists() || input.symlink_metadata().is_ok() {
            out.files.push(input.clone());
        } else {
            return Err(format!("no such file or folder: {}", input.display()));
        }
    }
    Ok(out)
}
