//! Broken scenarios must fail loudly and precisely: every fixture in `tests/broken/` marks its
//! mistake with `// ERROR: <code>` on the offending line, and hostile inputs (empty, binary,
//! truncated, deeply nested, huge) must give a located error at file:line:col, never a panic.

mod common;

use common::knowledge;
use hardcall::authoring::load::{LoadFailure, load_scenario_file, load_scenario_source};
use hardcall::engine::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

const MARKER: &str = "// ERROR:";

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("broken")
}

/// Every `// ERROR: <code>` marker in `source`, as (1-based line, code).
fn markers(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (index, line) in source.lines().enumerate() {
        for (at, _) in line.match_indices(MARKER) {
            let code: String = line[at + MARKER.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            assert!(!code.is_empty(), "line {}: `{MARKER}` without a code: {line}", index + 1);
            out.push((index + 1, code));
        }
    }
    out
}

/// A short listing of a failure's diagnostics for assertion messages.
fn listing(failure: &LoadFailure) -> String {
    let short: Vec<String> =
        failure.diagnostics.iter().map(|d| format!("  [{}] {}", d.code, d.short(&failure.source))).collect();
    format!("{}\n--- rendered ---\n{}", short.join("\n"), failure.render())
}

/// Asserts that `diagnostic` is located and that its rendering (and the whole failure's)
/// shows `file:line:col` and underlines it; returns the location.
fn assert_rendered_at(failure: &LoadFailure, diagnostic: &Diagnostic) -> (usize, usize) {
    let (line, col) = diagnostic.line_col(&failure.source).unwrap_or_else(|| {
        panic!("[{}] `{}` has no location\n{}", diagnostic.code, diagnostic.message, listing(failure))
    });
    let location = format!("{}:{line}:{col}", failure.file_name);
    let own = diagnostic.render(&failure.source);
    assert!(own.contains(&location), "[{}] rendering lacks `{location}`:\n{own}", diagnostic.code);
    assert!(own.contains('^'), "[{}] rendering has no `^` underline:\n{own}", diagnostic.code);
    let all = failure.render();
    assert!(all.contains(&location), "the failure's rendering lacks `{location}`:\n{all}");
    (line, col)
}

/// Checks a failed load against the markers in its source: every marker has an error with
/// its code on its line, rendered there; and no error appears that no marker announced.
fn assert_matches_markers(failure: &LoadFailure, source: &str) {
    let expected = markers(source);
    assert!(!expected.is_empty(), "{}: no `{MARKER} <code>` marker", failure.file_name);
    for (line, code) in &expected {
        let found = failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && &d.code == code)
            .find(|d| d.line_col(&failure.source).is_some_and(|(l, _)| l == *line));
        let Some(diagnostic) = found else {
            panic!("{}: expected an error `{code}` on line {line}, got:\n{}", failure.file_name, listing(failure));
        };
        assert_rendered_at(failure, diagnostic);
    }
    for diagnostic in failure.diagnostics.iter().filter(|d| d.is_error()) {
        let at = diagnostic.line_col(&failure.source).map(|(l, _)| l);
        assert!(
            expected.iter().any(|(line, code)| *code == diagnostic.code && Some(*line) == at),
            "{}: unexpected error `{}` at line {at:?} (the fixture should have only its marked mistakes):\n{}",
            failure.file_name,
            diagnostic.code,
            listing(failure)
        );
    }
}

/// Loads `tests/broken/<name>` and checks it against its markers.
fn check_fixture(name: &str) -> LoadFailure {
    let path = broken_dir().join(name);
    let source = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let failure = match load_scenario_file(&path, &knowledge()) {
        Ok(_) => panic!("{name} loaded, but it is broken on purpose"),
        Err(failure) => failure,
    };
    assert_eq!(failure.source, source, "{name}: the failure should carry the file's text");
    assert_matches_markers(&failure, &source);
    failure
}

macro_rules! fixtures {
    ($($(#[$meta:meta])* $test:ident => $file:literal,)*) => {
        /// Every fixture that has a test below.
        const FIXTURES: &[&str] = &[$($file),*];
        $(
            $(#[$meta])*
            #[test]
            fn $test() {
                check_fixture($file);
            }
        )*
    };
}

fixtures! {
    syntax_error => "syntax-error.ron",
    dangling_goto => "dangling-goto.ron",
    unreachable_node => "unreachable-node.ron",
    endless_loop => "endless-loop.ron",
    unknown_strategy => "unknown-strategy.ron",
    unknown_field => "unknown-field.ron",
    wrong_list => "wrong-list.ron",
    dead_end => "dead-end.ron",
    turn_limit => "turn-limit.ron",
    anti_pattern_wins => "anti-pattern-wins.ron",
    mistake_pays => "mistake-pays.ron",
    no_clean_path => "no-clean-path.ron",
    duplicate_node => "duplicate-node.ron",
    flag_never_set => "flag-never-set.ron",
    unscored_choice => "unscored-choice.ron",
    multiple_errors => "multiple-errors.ron",
    multiple_analysis_errors => "multiple-analysis-errors.ron",

    endless_loop_via_branch => "endless-loop-via-branch.ron",

    endless_loop_via_threshold => "endless-loop-via-threshold.ron",
    compile_and_analysis_errors => "compile-and-analysis-errors.ron",

    loop_and_unreachable => "loop-and-unreachable.ron",

    body_language_by_phone => "body-language-by-phone.ron",
    unmarked_escalation => "unmarked-escalation.ron",
    tailor_in_shows => "tailor-in-shows.ron",

    missing_comma_line_before => "missing-comma-line-before.ron",
    unescaped_quote => "unescaped-quote.ron",
    curly_quotes => "curly-quotes.ron",
    bare_personality => "bare-personality.ron",
    style_never_played => "style-never-played.ron",
    strategy_by_word => "strategy-by-word.ron",
    unknown_look => "unknown-look.ron",
    unknown_expression => "unknown-expression.ron",
}

#[test]
fn every_fixture_is_marked_and_tested() {
    let mut names: Vec<String> = std::fs::read_dir(broken_dir())
        .expect("tests/broken exists")
        .map(|entry| entry.expect("readable entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "tests/broken is empty");
    for name in &names {
        let source = std::fs::read_to_string(broken_dir().join(name)).expect("fixtures are UTF-8");
        assert!(!markers(&source).is_empty(), "{name} has no `{MARKER} <code>` marker, so nothing checks it");
        assert!(FIXTURES.contains(&name.as_str()), "{name} has no test in the `fixtures!` list");
    }
    for name in FIXTURES {
        assert!(names.iter().any(|n| n == name), "{name} is listed but missing from tests/broken");
    }
}

#[test]
fn multiple_errors_are_all_reported_at_once() {
    let failure = check_fixture("multiple-errors.ron");
    let codes: Vec<&str> = failure.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect();
    assert!(codes.len() >= 5, "expected five errors in one run, got {codes:?}");
    let failure = check_fixture("multiple-analysis-errors.ron");
    let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
    assert!(errors >= 3, "expected three analysis errors in one run:\n{}", listing(&failure));
}

#[test]
fn unknown_strategy_suggests_the_right_spelling() {
    let failure = check_fixture("unknown-strategy.ron");
    let diagnostic = failure.diagnostics.iter().find(|d| d.code == "unknown-strategy").expect("checked above");
    assert!(diagnostic.message.contains("empahty"), "the message should name the typo: {}", diagnostic.message);
    assert!(
        diagnostic.notes.iter().any(|n| n.contains("did you mean `empathy`?")),
        "no suggestion in {:?}",
        diagnostic.notes
    );
    assert!(failure.render().contains("did you mean `empathy`?"), "{}", failure.render());
}

#[test]
fn look_and_expression_values_are_checked_with_a_suggestion() {
    for (file, message, suggestion) in [
        ("unknown-look.ron", "unknown value `Blnde` for `HairColour`", "did you mean `Blonde`?"),
        ("unknown-expression.ron", "unknown value `Furious` for `Expression`", "expected one of: Neutral, Annoyed"),
    ] {
        let failure = check_fixture(file);
        let diagnostic = &failure.diagnostics[0];
        assert_eq!(diagnostic.message, message, "{file}");
        assert!(
            diagnostic.notes.iter().any(|n| n.contains(suggestion)),
            "{file}: no `{suggestion}` in {:?}",
            diagnostic.notes
        );
    }
    // A look field the format does not have is named, with the ones it does.
    let source = std::fs::read_to_string(broken_dir().join("unknown-look.ron"))
        .unwrap()
        .replace("hair_colour: Blnde, // ERROR: syntax", "eye_colour: Blue,");
    let failure = load_scenario_source("eyes.ron", &source, &knowledge()).expect_err("eye colour is not in a look");
    let diagnostic = &failure.diagnostics[0];
    assert_eq!(diagnostic.message, "unknown field `eye_colour` in `Look`");
    assert_eq!(diagnostic.line_col(&failure.source), Some((13, 13)));
    assert!(diagnostic.notes.iter().any(|n| n.contains("hair_colour")), "{:?}", diagnostic.notes);
    // American spellings are taken as they are meant.
    let source = source.replace("eye_colour: Blue,", "hair_color: Gray,");
    let loaded = load_scenario_source("gray.ron", &source, &knowledge()).unwrap_or_else(|f| panic!("{}", f.render()));
    let look = loaded.file().customer.look.clone().expect("a look");
    assert_eq!(look.hair_colour, Some(hardcall::engine::look::HairColour::Grey));
}

#[test]
fn located_primary_points_at_the_offending_text() {
    // Beyond the line: the underline starts on the very token at fault.
    let cases = [
        ("dangling-goto.ron", "unknown-node", "\"nowhere\""),
        ("unknown-strategy.ron", "unknown-strategy", "empahty"),
        ("wrong-list.ron", "wrong-list", "dismissive"),
        ("unknown-field.ron", "syntax", "colour"),
        ("duplicate-node.ron", "duplicate-node", "\"resolved\""),
        ("unreachable-node.ron", "unreachable-node", "\"orphan\""),
        ("flag-never-set.ron", "flag-never-set", "\"vip\""),
        ("turn-limit.ron", "turn-limit-exceeded", "2"),
        ("body-language-by-phone.ron", "wrong-channel", "positive_body_language"),
        ("unmarked-escalation.ron", "unneeded-escalation", "escalate"),
        ("tailor-in-shows.ron", "derived-strategy", "tailor_to_style"),
        ("unknown-look.ron", "syntax", "Blnde"),
        ("unknown-expression.ron", "syntax", "Furious"),
    ];
    for (file, code, token) in cases {
        let failure = check_fixture(file);
        let diagnostic = failure.diagnostics.iter().find(|d| d.code == code).expect("checked above");
        let range = diagnostic.primary.as_ref().expect("located").range.clone();
        let line = markers(&failure.source)[0].0;
        let line_start: usize = failure.source.lines().take(line - 1).map(|l| l.len() + 1).sum();
        let line_text = failure.source.lines().nth(line - 1).unwrap();
        let expected_start = line_start + line_text.find(token).expect("token on the marker line");
        assert_eq!(
            range.start,
            expected_start,
            "{file}: [{code}] should start at `{token}`, starts at `{}`",
            &failure.source[range.start..range.end.min(failure.source.len())]
        );
    }
}

/// A folder of its own under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("hardcall-broken-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads a file that must fail; returns the failure and its first located error, checked
/// to point inside the file and to be rendered as `file:line:col` with an underline.
fn load_expecting_located_error(path: &Path) -> (LoadFailure, Diagnostic, (usize, usize)) {
    let failure = match load_scenario_file(path, &knowledge()) {
        Ok(_) => panic!("{} loaded, but it is not a scenario", path.display()),
        Err(failure) => failure,
    };
    assert!(failure.diagnostics.iter().any(Diagnostic::is_error), "no error:\n{}", listing(&failure));
    let diagnostic = failure
        .diagnostics
        .iter()
        .find(|d| d.is_error() && d.primary.is_some())
        .unwrap_or_else(|| panic!("{}: no located error:\n{}", path.display(), listing(&failure)))
        .clone();
    let range = diagnostic.primary.as_ref().unwrap().range.clone();
    assert!(range.start <= range.end && range.end <= failure.source.len(), "label {range:?} outside the file");
    let at = assert_rendered_at(&failure, &diagnostic);
    (failure, diagnostic, at)
}

#[test]

fn empty_file_gives_a_located_error() {
    let dir = TempDir::new("empty");
    let (_, diagnostic, at) = load_expecting_located_error(&dir.write("empty.ron", ""));
    assert_eq!(diagnostic.code, "empty-file");
    assert_eq!(at, (1, 1));
}

#[test]

fn whitespace_only_file_gives_a_located_error() {
    let dir = TempDir::new("whitespace");
    let (_, diagnostic, _) = load_expecting_located_error(&dir.write("blank.ron", "  \n\t\r\n   \n"));
    assert_eq!(diagnostic.code, "empty-file");
}

#[test]
fn byte_order_mark_only_is_an_empty_file() {
    let dir = TempDir::new("bom");
    let path = dir.write("bom.ron", "\u{feff}");
    let failure = load_scenario_file(&path, &knowledge()).expect_err("a lone BOM is not a scenario");
    assert!(failure.diagnostics.iter().any(|d| d.code == "empty-file"), "{}", listing(&failure));
}

/// Deterministic noise (xorshift), so a failure reproduces.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn random_binary_is_located_at_the_first_invalid_byte() {
    let dir = TempDir::new("binary");
    let mut inputs: Vec<Vec<u8>> =
        (1..=8u64).map(|seed| noise(4096, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15))).collect();
    // Valid text first, then a bad byte on line 3; and a multi-byte character cut short at the end.
    inputs.push(b"(\n  id: \"x\",\n  title: \"caf\xff\",\n)".to_vec());
    inputs.push(b"(\n  id: \"caf\xc3".to_vec());
    for (i, bytes) in inputs.iter().enumerate() {
        let Err(err) = std::str::from_utf8(bytes) else { continue };
        let path = dir.write(&format!("noise-{i}.ron"), bytes);
        let (_, diagnostic, at) = load_expecting_located_error(&path);
        assert_eq!(diagnostic.code, "not-text", "input {i}");
        let prefix = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
        let line = prefix.matches('\n').count() + 1;
        let col = prefix[prefix.rfind('\n').map_or(0, |n| n + 1)..].chars().count() + 1;
        assert_eq!(at, (line, col), "input {i}: should point at byte {}", err.valid_up_to());
    }
}

#[test]
fn valid_text_that_is_not_ron_gives_a_located_syntax_error() {
    let dir = TempDir::new("notron");
    for (i, text) in ["hello world", "{\"json\": true}", ")", "(((", "\"unterminated", "/* open"].iter().enumerate() {
        let (_, diagnostic, _) = load_expecting_located_error(&dir.write(&format!("junk-{i}.ron"), text));
        assert_eq!(diagnostic.code, "syntax", "{text:?}");
    }
}

#[test]
fn utf16_without_bom_gives_a_located_error() {
    // NUL bytes are valid UTF-8: a scenario saved as UTF-16 without a BOM reads like this.
    let dir = TempDir::new("utf16");
    let utf16: Vec<u8> = "(\n  id: \"x\",\n)".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (_, diagnostic, _) = load_expecting_located_error(&dir.write("utf16.ron", utf16));
    assert_eq!(diagnostic.code, "syntax");
}

#[test]

fn control_characters_give_a_visible_located_error() {
    let dir = TempDir::new("control");
    let (_, diagnostic, at) = load_expecting_located_error(&dir.write("control.ron", b"\x00\x01\x02"));
    assert_eq!(diagnostic.code, "syntax");
    assert_eq!(at, (1, 1));
}

/// Each fixture's errors as (code, line, col), sorted.
fn located_errors(failure: &LoadFailure) -> Vec<(String, Option<(usize, usize)>)> {
    let mut out: Vec<_> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.clone(), d.line_col(&failure.source)))
        .collect();
    out.sort();
    out
}

#[test]
fn crlf_line_endings_and_a_bom_do_not_move_locations() {
    let dir = TempDir::new("crlf");
    for name in FIXTURES {
        let source = std::fs::read_to_string(broken_dir().join(name)).expect("fixture");
        let lf = load_scenario_file(&broken_dir().join(name), &knowledge()).expect_err("broken on purpose");
        let variants = [("crlf", source.replace('\n', "\r\n")), ("bom", format!("\u{feff}{source}"))];
        for (kind, text) in variants {
            let path = dir.write(&format!("{kind}-{name}"), &text);
            let failure = load_scenario_file(&path, &knowledge()).expect_err("still broken");
            assert_eq!(located_errors(&failure), located_errors(&lf), "{name} with {kind}:\n{}", listing(&failure));
            for diagnostic in failure.diagnostics.iter().filter(|d| d.is_error() && d.primary.is_some()) {
                assert_rendered_at(&failure, diagnostic);
            }
        }
    }
}

fn double_charge() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/double-charge.ron"))
        .expect("the shipped example")
}

#[test]
fn the_shipped_example_loads() {
    let source = double_charge();
    if let Err(failure) = load_scenario_source("double-charge.ron", &source, &knowledge()) {
        panic!("scenarios/double-charge.ron should be valid:\n{}", listing(&failure));
    }
}

#[test]
fn truncated_example_gives_a_located_error() {
    let source = double_charge();
    let last_paren = source.rfind(')').expect("the document closes");
    let dir = TempDir::new("truncated");
    let mut cuts: Vec<usize> = [1, 2, 5, 10, 20, 33, 50, 66, 75, 90, 99].iter().map(|p| last_paren * p / 100).collect();
    cuts.extend([1, last_paren - 1, last_paren]);
    for cut in cuts {
        let mut cut = cut;
        while !source.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = &source[..cut];
        let path = dir.write(&format!("cut-{cut}.ron"), text);
        let (failure, diagnostic, (line, _)) = load_expecting_located_error(&path);
        assert_eq!(diagnostic.code, "syntax", "cut at {cut}:\n{}", listing(&failure));
        let lines = text.split('\n').count();
        assert!(line <= lines, "cut at {cut}: error on line {line}, but the file has {lines} lines");
    }
}

#[test]
fn ten_thousand_open_parentheses_give_a_located_error() {
    let dir = TempDir::new("nested");
    for text in ["(".repeat(10_000), format!("{}{}", "(".repeat(10_000), ")".repeat(10_000)), "[".repeat(10_000)] {
        let (_, diagnostic, (line, _)) = load_expecting_located_error(&dir.write("nested.ron", &text));
        assert_eq!(diagnostic.code, "syntax");
        assert_eq!(line, 1);
    }
}

#[test]
fn huge_string_literal_keeps_locations_right() {
    let dir = TempDir::new("huge");
    let source = std::fs::read_to_string(broken_dir().join("dangling-goto.ron")).expect("fixture");
    let summary = "\"The second reply goes to `nowhere`.\"";
    assert!(source.contains(summary));
    // 5 MB on one line, before the mistake: the mistake's line and column must not move.
    let huge = source.replace(summary, &format!("\"{}\"", "é".repeat(5 * 1024 * 1024 / 2)));
    let path = dir.write("huge.ron", &huge);
    let failure = load_scenario_file(&path, &knowledge()).expect_err("the goto still dangles");
    assert_matches_markers(&failure, &huge);

    // 5 MB string that never ends.
    let unterminated = format!("(\n    id: \"x\",\n    title: \"{}", "a".repeat(5 * 1024 * 1024));
    let (_, diagnostic, _) = load_expecting_located_error(&dir.write("unterminated.ron", &unterminated));
    assert_eq!(diagnostic.code, "syntax");
}

#[test]
fn file_over_the_size_limit_is_refused_cleanly() {
    let dir = TempDir::new("oversize");
    let size = hardcall::authoring::load::MAX_FILE_BYTES + 1;
    let path = dir.write("oversize.ron", vec![b' '; size]);
    let failure = load_scenario_file(&path, &knowledge()).expect_err("too big");
    let diagnostic = failure.diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert!(diagnostic.message.contains(&size.to_string()), "{}", diagnostic.message);
    assert!(failure.render().contains(&failure.file_name), "{}", failure.render());
}

#[test]
fn multibyte_text_before_the_mistake_keeps_the_column_in_characters() {
    let source = std::fs::read_to_string(broken_dir().join("dangling-goto.ron")).expect("fixture");
    let source = source.replace("\"Not my department.\"", "\"Désolé — ce n'est pas mon rayon 🙂.\"");
    let failure = load_scenario_source("unicode.ron", &source, &knowledge()).expect_err("the goto still dangles");
    assert_matches_markers(&failure, &source);
    let diagnostic = failure.diagnostics.iter().find(|d| d.code == "unknown-node").unwrap();
    let line = markers(&source)[0].0;
    let line_text = source.lines().nth(line - 1).unwrap();
    let col = line_text[..line_text.find("\"nowhere\"").unwrap()].chars().count() + 1;
    assert_eq!(diagnostic.line_col(&source), Some((line, col)));
    assert!(failure.render().contains(&format!("unicode.ron:{line}:{col}")), "{}", failure.render());
}

fn run_cli(args: &[&str]) -> (i32, String) {
    let output = common::hardcall(args).output().expect("run hardcall");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().expect("exited normally"), text)
}

#[test]
fn cli_validate_reports_the_dangling_goto_and_exits_1() {
    let source = std::fs::read_to_string(broken_dir().join("dangling-goto.ron")).expect("fixture");
    let line = markers(&source)[0].0;
    let line_text = source.lines().nth(line - 1).unwrap();
    let col = line_text[..line_text.find("\"nowhere\"").unwrap()].chars().count() + 1;
    let (code, output) = run_cli(&["validate", "tests/broken/dangling-goto.ron"]);
    assert_eq!(code, 1, "{output}");
    assert!(output.contains(&format!("dangling-goto.ron:{line}:{col}")), "expected :{line}:{col} in\n{output}");
    assert!(output.contains("unknown-node"), "{output}");
}

#[test]
fn cli_validate_accepts_the_shipped_scenarios() {
    let (code, output) = run_cli(&["validate", "scenarios"]);
    assert_eq!(code, 0, "{output}");
}

#[test]
fn cli_validate_with_a_missing_path_exits_2() {
    let (code, output) = run_cli(&["validate", "tests/broken/no-such-file.ron"]);
    assert_eq!(code, 2, "{output}");
    assert!(output.contains("no-such-file.ron"), "{output}");
}

#[test]
fn cli_validate_fails_the_whole_broken_folder() {
    let (code, output) = run_cli(&["validate", "tests/broken"]);
    assert_eq!(code, 1, "{output}");
    for name in FIXTURES {
        assert!(output.contains(name), "{name} not mentioned in\n{output}");
    }
}

#[test]
fn catalogue_rule_errors_say_what_to_do_instead() {
    let note_of = |file: &str, code: &str| {
        let failure = check_fixture(file);
        let diagnostic = failure.diagnostics.iter().find(|d| d.code == code).expect("checked above").clone();
        (diagnostic.message.clone(), diagnostic.notes.join("\n"))
    };
    let (message, note) = note_of("body-language-by-phone.ron", "wrong-channel");
    assert!(message.contains("only possible in `InPerson` conversations") && message.contains("`Phone`"), "{message}");
    assert!(note.contains("channel"), "{note}");
    let (message, note) = note_of("unmarked-escalation.ron", "unneeded-escalation");
    assert!(message.contains("node `open` does not say the agent cannot resolve it"), "{message}");
    assert!(note.contains("beyond_agent: true") && note.contains("needless_escalation"), "{note}");
    let (message, note) = note_of("tailor-in-shows.ron", "derived-strategy");
    assert!(message.contains("worked out from the customer's personality"), "{message}");
    assert!(note.contains("DISC fit"), "{note}");
}

#[test]
fn dead_branches_and_thresholds_are_warned_about() {
    let source = r#"(
    id: "dead-routes",
    title: "Dead routes",
    summary: "A threshold and a branch no conversation can trigger.",
    channel: Phone,
    difficulty: Easy,
    customer: (name: "Pat", disc: (primary: Steady)),
    mood: (temper: 40, trust: 40),
    turn_limit: 3,
    start: "open",
    thresholds: [(when: TemperAtLeast(99), goto: "lost")],
    nodes: {
        "open": Say(
            lines: ["Hello?"],
            choices: [
                (text: "Hello, how can I help?", shows: [stay_calm], branches: [(when: TrustAtLeast(99), goto: "lost")], goto: "next"),
                (text: "What now?", commits: [dismissive], goto: "lost"),
            ],
        ),
        "next": Say(lines: ["My order."], choices: [(text: "Let me look.", shows: [problem_solving], goto: "done")]),
        "done": End(outcome: Resolved, points: 10),
        "lost": End(outcome: CustomerLost, points: -10),
    },
)"#;
    let loaded = load_scenario_source("dead-routes.ron", source, &knowledge()).expect("warnings do not stop a load");
    let lines: Vec<usize> =
        loaded.warnings.iter().filter(|w| w.code == "never-fires").map(|w| w.line_col(source).unwrap().0).collect();
    assert_eq!(lines, [11, 16], "{:?}", loaded.warnings);
}
