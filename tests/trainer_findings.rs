//! What trainers ran into writing scenarios by hand, each said in words they can act on:
//! syntax errors with their usual cause (a `"` inside a sentence, curly quotes, a comma
//! missing at the end of the line before), a personality written as a bare style, a
//! `Style` test of a personality the customer does not have, a strategy named by its word
//! instead of its id; and `play` and `analyze` still run when only the author's
//! expectations fail, with the expectation saying where the conversation ended.

mod common;

use common::{hardcall, knowledge};
use hardcall::authoring::load::{LoadFailure, load_scenario_file, load_scenario_source};
use hardcall::engine::diagnostic::Diagnostic;
use std::path::Path;

fn failure(fixture: &str) -> LoadFailure {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("broken").join(fixture);
    match load_scenario_file(&path, &knowledge()) {
        Ok(_) => panic!("{fixture} loaded"),
        Err(failure) => failure,
    }
}

fn only_error(failure: &LoadFailure) -> &Diagnostic {
    let errors: Vec<&Diagnostic> = failure.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", failure.render());
    errors[0]
}

/// The text the diagnostic underlines.
fn underlined<'a>(failure: &'a LoadFailure, diagnostic: &Diagnostic) -> &'a str {
    &failure.source[diagnostic.primary.as_ref().expect("located").range.clone()]
}

#[test]
fn a_quote_inside_a_sentence_is_named_as_the_cause() {
    let failure = failure("unescaped-quote.ron");
    let error = only_error(&failure);
    assert_eq!(error.message, "a `\"` inside this text ends it too early");
    assert_eq!(underlined(&failure, error), "\"");
    let (line, col) = error.line_col(&failure.source).unwrap();
    assert_eq!((line, col), (16, 34), "points at the quote before `never`");
    assert!(error.notes.iter().any(|n| n.contains("\\\"")), "says how to write one: {:?}", error.notes);
}

#[test]
fn curly_quotes_are_named_as_the_cause() {
    let failure = failure("curly-quotes.ron");
    let error = only_error(&failure);
    assert!(error.message.starts_with("this text starts with a curly quote `“`"), "{}", error.message);
    assert_eq!(underlined(&failure, error), "“");
    assert_eq!(error.secondary.len(), 1, "the closing curly quote is pointed at too");
    assert!(failure.render().contains("word processor"), "{}", failure.render());
    // Opened straight, closed curly: the text runs on, and the curly quote is named.
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/curly-quotes.ron"))
        .unwrap()
        .replace("[“My order never arrived.”]", "[\"My order never arrived.”]");
    let failure = load_scenario_source("half-curly.ron", &source, &knowledge()).unwrap_err();
    let error = only_error(&failure);
    assert!(error.message.starts_with("this text ends with a curly quote `”`"), "{}", error.message);
    assert_eq!(underlined(&failure, error), "”");
}

#[test]
fn a_missing_comma_is_reported_on_the_line_that_lacks_it() {
    let failure = failure("missing-comma-line-before.ron");
    let error = only_error(&failure);
    assert_eq!(error.message, "a comma is missing at the end of this line");
    assert_eq!(error.line_col(&failure.source).unwrap().0, 4, "the title's line, not the summary's");
    assert_eq!(underlined(&failure, error), "\"", "the end of the title");
    // Within one line, the comma goes before the next field.
    let failure = self::failure("syntax-error.ron");
    assert_eq!(only_error(&failure).message, "a comma is missing before this");
    assert_eq!(underlined(&failure, only_error(&failure)), "s", "before `shows`");
    // Two lines of a list with no comma between them.
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/syntax-error.ron"))
        .unwrap()
        .replace("(text: \"Let me trace it now.\" shows", "(text: \"Let me trace it now.\", shows")
        .replace("[\"My order never arrived.\"]", "[\"My order never arrived.\" \"Where is it?\"]");
    let failure = load_scenario_source("list.ron", &source, &knowledge()).unwrap_err();
    assert_eq!(only_error(&failure).message, "a comma is missing before this", "{}", failure.render());
}

#[test]
fn a_personality_written_as_a_bare_style_is_explained() {
    let failure = failure("bare-personality.ron");
    let error = only_error(&failure);
    assert_eq!(error.message, "a personality is written `(primary: Steady)`, not `Steady`");
    assert!(!failure.render().contains("DiscProfile"), "no Rust type names:\n{}", failure.render());
    assert!(error.notes.iter().any(|n| n.contains("alternatives: [(primary: Steady), (primary: Conscientious)]")));
}

#[test]
fn a_style_the_customer_never_has_is_named_instead_of_an_unreachable_ending() {
    let failure = failure("style-never-played.ron");
    let error = only_error(&failure);
    assert_eq!(error.code, "style-never-played");
    assert_eq!(error.message, "`Style(Steady)` never holds: the customer is never played as Steady");
    assert_eq!(underlined(&failure, error), "Style(Steady)");
    assert!(!failure.diagnostics.iter().any(|d| d.code == "unreachable-node"), "{}", failure.render());
    assert!(error.notes.iter().any(|n| n.contains("add `(primary: Steady)` to `alternatives`")), "{:?}", error.notes);
}

#[test]
fn a_strategy_named_by_its_word_suggests_its_id() {
    let failure = failure("strategy-by-word.ron");
    let error = only_error(&failure);
    assert_eq!(error.message, "unknown strategy `apology`");
    assert!(error.notes.iter().any(|n| n == "did you mean `sincere_apology`?"), "{:?}", error.notes);
    // Among anti-patterns, the same word finds the anti-pattern.
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/strategy-by-word.ron"))
            .unwrap()
            .replace("shows: [apology]", "commits: [apology]");
    let failure = load_scenario_source("commits.ron", &source, &knowledge()).unwrap_err();
    assert!(
        only_error(&failure).notes.iter().any(|n| n == "did you mean `insincere_apology`?"),
        "{}",
        failure.render()
    );
}

/// double-charge with one trap expectation that no longer holds, and one that is not a
/// whole conversation.
fn broken_expectations(dir: &Path) -> std::path::PathBuf {
    let source = std::fs::read_to_string(common::scenarios_dir().join("double-charge.ron")).unwrap();
    let source = source
        .replace(
            "ScoresBelow(replies: [1, 2, 3, 2, 3, 4, 3], percent: 70)",
            "ScoresBelow(replies: [1, 2, 3, 2, 3, 4, 3], percent: 5)",
        )
        .replace(
            "ScoresBelow(replies: [3, 1, 2, 3, 4, 3], percent: 60)",
            "ScoresBelow(replies: [3, 1, 9], percent: 60)",
        );
    let path = dir.join("expect-broken.ron");
    std::fs::write(&path, source).unwrap();
    path
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-findings-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_broken_expectation_says_where_the_conversation_ended() {
    let dir = temp("where");
    let failure = load_scenario_file(&broken_expectations(&dir), &knowledge()).unwrap_err();
    let text = failure.render();
    assert!(text.contains("scores 67% as Dominant/Conscientious, not below 5%"), "{text}");
    assert!(
        text.contains("as Dominant/Conscientious, [1, 2, 3, 2, 3, 4, 3] ends at `resolved_wary` (partly resolved)"),
        "{text}"
    );
    assert!(text.contains("[3, 1, 9] is not a whole conversation for any personality"), "{text}");
    assert!(text.contains("[3, 1] leads to `why_happened`, where reply 9 is not on offer (4 are)"), "{text}");
}

#[test]
fn play_and_analyze_run_when_only_expectations_fail() {
    let dir = temp("play");
    let path = broken_expectations(&dir);
    let path = path.to_str().unwrap();
    let output = hardcall(&["analyze", path]).output().unwrap();
    let (out, err) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "analyze refused:\n{err}");
    assert!(out.contains("best        304 (100%)  choices 3,3,2,3,4,3"), "{out}");
    assert!(err.contains("breaks 3 of its expectations"), "says so:\n{err}");
    assert!(err.contains("error[expectation]"), "{err}");
    let output = hardcall(&["play", path, "--seed", "1", "--choices", "3,3,2,3,4,3"]).output().unwrap();
    assert!(output.status.success(), "play refused:\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("100%"), "{}", String::from_utf8_lossy(&output.stdout));
    // `validate` and the game still refuse it.
    let output = hardcall(&["validate", path]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
}

/// The total a turn-by-turn note announces, and the sum of its turns' and ending's points.
fn totals(note: &str) -> (i64, i64) {
    let announced = note.split(", ").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    let sum = note
        .lines()
        .skip(1)
        .map(|line| {
            let signed = line.split_whitespace().find(|w| w.starts_with(['+', '-']) && w.len() > 1);
            signed.and_then(|w| w.parse::<i64>().ok()).unwrap_or_else(|| panic!("no points on `{line}`"))
        })
        .sum();
    (announced, sum)
}

#[test]
fn anti_pattern_wins_shows_both_paths_turn_by_turn_with_points() {
    let failure = failure("anti-pattern-wins.ron");
    let error = only_error(&failure);
    let note = |title: &str| {
        error.notes.iter().find(|n| n.starts_with(title)).unwrap_or_else(|| panic!("{}", failure.render()))
    };
    let dirty = note("the path with the anti-pattern");
    let clean = note("the best clean path");
    assert!(dirty.contains("\n  1. `open` reply 2: commits overpromising, "), "{dirty}");
    assert!(dirty.contains("\"It will be there in an hour, guaranteed.\""), "{dirty}");
    assert!(dirty.ends_with("ends at `delighted` (resolved): +100"), "{dirty}");
    assert!(clean.contains("\n  1. `open` reply 1: +"), "{clean}");
    assert!(clean.ends_with("ends at `resolved` (resolved): +10"), "{clean}");
    // Each path's turns add up to its total, and the totals are the ones the message compares.
    let (dirty_total, dirty_sum) = totals(dirty);
    let (clean_total, clean_sum) = totals(clean);
    assert_eq!(dirty_total, dirty_sum, "{dirty}");
    assert_eq!(clean_total, clean_sum, "{clean}");
    assert!(
        error.message.contains(&format!("scores {dirty_total}, which beats the best clean path ({clean_total})")),
        "{}",
        error.message
    );
}

#[test]
fn new_names_the_file_it_wrote_and_an_email_starter_speaks_of_email() {
    let dir = temp("new");
    let out = dir.join("drafts").join("lost parcel.ron");
    let output =
        hardcall(&["new", "lost parcel", "--style", "S", "--channel", "email", "--out"]).arg(&out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let header: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    assert!(header.contains(&format!("hardcall validate '{}'", out.display())), "{header}");
    assert!(!header.contains("scenarios/lost-parcel.ron"), "{header}");
    assert!(text.contains("I'll email you tomorrow by noon"), "{text}");
    assert!(!text.contains("I'll call you") && !text.contains("talking to you"), "{text}");
    let output = hardcall(&["validate"]).arg(&out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

/// A skeleton with two personalities (Steady, Conscientious) and the given expectations.
fn with_expectations(expect: &str) -> String {
    use hardcall::authoring::template::{Brief, skeleton};
    use hardcall::engine::disc::DiscStyle;
    use hardcall::engine::scenario::{Channel, Difficulty};
    let brief = Brief {
        name: "Per personality".into(),
        customer: "Odile Brandt".into(),
        styles: vec![DiscStyle::Steady, DiscStyle::Conscientious],
        channel: Channel::Phone,
        difficulty: Difficulty::Easy,
        situation: "Her parcel went to the wrong address.".into(),
        may_do: "Resend it today.".into(),
    };
    skeleton(&brief).replacen("    start: \"open\",\n", &format!("    start: \"open\",\n    expect: [{expect}],\n"), 1)
}

#[test]
fn scores_below_can_name_one_personality() {
    let knowledge = knowledge();
    // The traps stay below 50% for each personality named, and the check holds.
    let text = with_expectations(
        "ScoresBelow(replies: [2, 2], percent: 50, style: Some(Steady)), ScoresBelow(replies: [2, 2], percent: 50, style: Some(Conscientious))",
    );
    load_scenario_source("per.ron", &text, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    // The best path broken for one personality is reported for that one only.
    let text = with_expectations("ScoresBelow(replies: [1, 1, 1, 1], percent: 50, style: Some(Conscientious))");
    let failure = load_scenario_source("per.ron", &text, &knowledge).expect_err("the best path scores 100%");
    let error = only_error(&failure);
    assert!(error.message.contains("as Conscientious, not below 50%"), "{}", error.message);
    assert!(!failure.render().contains("as Steady"), "{}", failure.render());
    // A personality the customer does not have is named.
    let text = with_expectations("ScoresBelow(replies: [2, 2], percent: 50, style: Some(Dominant))");
    let failure = load_scenario_source("per.ron", &text, &knowledge).expect_err("no Dominant personality");
    assert!(only_error(&failure).message.contains("never played as Dominant"), "{}", failure.render());
}

#[test]
fn a_line_can_depend_on_a_flag_and_a_line_never_said_is_found() {
    use hardcall::engine::session::Session;
    let knowledge = knowledge();
    let text = with_expectations("").replacen(
        "lines: [\"TODO: Odile's last question.\"],",
        "lines: [\"TODO: Odile's last question.\"],\n            lines_when: [(when: Flag(\"rocky_start\"), lines: [\"After how that started? Fine. Is that all?\"])],",
        1,
    );
    let loaded = load_scenario_source("flagged.ron", &text, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    let scenario = loaded.main().scenario.clone();
    // Open, heard, solve by the book: the close is asked as written.
    let (mut clean, _) = Session::start(scenario.clone(), 7);
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    clean.play(&best[..3]).unwrap();
    assert_eq!(clean.current_line(), Some("TODO: Odile's last question."));
    // A stumble at the start sets the flag: the same node says the other line.
    let (mut rocky, _) = Session::start(scenario, 7);
    // Positions among the replies on offer in file order: the opening's trap, then the right ones.
    let path = [2, 1, 1];
    rocky.play(&path).unwrap();
    assert_eq!(rocky.current_line(), Some("After how that started? Fine. Is that all?"), "after {path:?}");
    assert!(!loaded.warnings.iter().any(|w| w.code == "never-fires"), "{:?}", loaded.warnings);

    // At the opening no reply has set the flag yet: those lines are never said.
    let never = with_expectations("").replacen(
        "lines: [\"TODO: Odile's first words",
        "lines_when: [(when: Flag(\"rocky_start\"), lines: [\"Again?\"])],\n            lines: [\"TODO: Odile's first words",
        1,
    );
    let loaded = load_scenario_source("never.ron", &never, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    let warning = loaded.warnings.iter().find(|w| w.code == "never-fires").expect("a line never said is found");
    assert_eq!(warning.message, "these lines are never said");
    assert!(never[warning.primary.as_ref().unwrap().range.clone()].contains("Flag(\"rocky_start\")"));
}

#[test]
fn a_threshold_that_fires_after_the_problem_is_solved_is_found() {
    let knowledge = knowledge();
    // Another way to fix it (a clean reply) is written to anger the customer past a threshold.
    let cold_fix =
        "(text: \"It's resent. Done.\", shows: [problem_solving], mood: (temper: 60, trust: 0), goto: \"close\"),";
    let text = with_expectations("")
        .replacen("thresholds: [],", "thresholds: [(when: TemperAtLeast(95), goto: \"lost\")],", 1)
        .replacen(
            "lines: [\"TODO: what Odile asks for.\"],\n            choices: [",
            &format!("lines: [\"TODO: what Odile asks for.\"],\n            choices: [\n                {cold_fix}"),
            1,
        );
    assert!(text.contains("It's resent"));
    let loaded = load_scenario_source("solved.ron", &text, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    let warning = loaded
        .warnings
        .iter()
        .find(|w| w.code == "threshold-after-solved")
        .unwrap_or_else(|| panic!("not found: {:?}", loaded.warnings.iter().map(|w| &w.code).collect::<Vec<_>>()));
    assert!(
        warning.message.contains("to `lost` after the problem was solved at `solve` (reply 1)"),
        "{}",
        warning.message
    );
    assert!(text[warning.primary.as_ref().unwrap().range.clone()].contains("TemperAtLeast(95)"));
    // The same threshold limited to before the fix is quiet.
    let fenced = text.replacen("TemperAtLeast(95)", "All([TemperAtLeast(95), NotFlag(\"fixed\")])", 1).replacen(
        "shows: [problem_solving], mood",
        "shows: [problem_solving], sets: [\"fixed\"], mood",
        1,
    );
    let loaded = load_scenario_source("fenced.ron", &fenced, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    assert!(!loaded.warnings.iter().any(|w| w.code == "threshold-after-solved"));
}
