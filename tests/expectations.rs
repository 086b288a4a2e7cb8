//! The author's intent as checks: `expect` in a scenario is proven on every load, and a
//! broken expectation is an error located at the expectation itself.

mod common;

use hardcall::authoring::load::load_scenario_source;

/// A Dominant customer who wants the fix and a Steady one who wants to be heard; the
/// interruption loses either. `EXPECT` is replaced by each test's expectations.
const SCENARIO: &str = r#"(
    id: "intent",
    title: "Intent",
    summary: "A customer whose order is late.",
    channel: Chat,
    difficulty: Easy,
    customer: (name: "Sam", disc: (primary: Dominant), alternatives: [(primary: Steady)]),
    mood: (temper: 50, trust: 50),
    turn_limit: 3,
    start: "open",
    nodes: {
        "open": Say(
            lines: ["Where is my order?"],
            choices: [
                (text: "It goes out on tomorrow's first van.", shows: [problem_solving], goto: "done"),
                (text: "Tell me what happened, from the start.", shows: [active_listening], goto: "done"),
                (text: "Not my department.", commits: [defensive], goto: "lost"),
            ],
        ),
        "done": End(outcome: Resolved, points: 20),
        "lost": End(outcome: CustomerLost, points: -20),
    },
    expect: [EXPECT],
)"#;

fn load(expect: &str) -> Result<hardcall::authoring::load::LoadedScenario, String> {
    let source = SCENARIO.replace("EXPECT", expect);
    load_scenario_source("intent.ron", &source, &common::knowledge()).map_err(|failure| failure.render())
}

#[test]
fn expectations_that_hold_load_quietly() {
    let loaded = load(
        "BestStarts(replies: [1]), BestStarts(replies: [2], style: Steady), \
         ScoresBelow(replies: [3], percent: 10), BestPathsDiffer",
    )
    .unwrap_or_else(|text| panic!("{text}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.file().expect.len(), 4);
}

#[test]
fn a_best_path_that_begins_otherwise_is_an_error_at_the_expectation() {
    let text = load("BestStarts(replies: [2])").expect_err("the Dominant best path starts with 1");
    assert!(
        text.contains("error[expectation]: the best path as Dominant is 1, which does not begin with [2]"),
        "{text}"
    );
    assert!(text.contains("intent.ron:23:14"), "located at the expectation:\n{text}");
}

#[test]
fn a_trap_that_pays_is_an_error_naming_the_personality() {
    let text = load("ScoresBelow(replies: [2], percent: 50)").expect_err("listening pays");
    assert!(text.contains("[2] scores") && text.contains("as Dominant, not below 50%"), "{text}");
    let text = load("ScoresBelow(replies: [9], percent: 50)").expect_err("no reply 9");
    assert!(text.contains("[9] is not a whole conversation for any personality"), "{text}");
}

#[test]
fn personalities_that_share_a_best_path_break_best_paths_differ() {
    let same = SCENARIO.replace("EXPECT", "BestPathsDiffer").replace("shows: [active_listening]", "shows: [document]");
    let failure = load_scenario_source("intent.ron", &same, &common::knowledge());
    let text = failure.map(|_| String::new()).unwrap_or_else(|f| f.render());
    assert!(text.contains("have the same best path"), "{text}");
    let text = load("BestStarts(replies: [1], style: Conscientious)").expect_err("no such personality");
    assert!(text.contains("the customer is never played as Conscientious"), "{text}");
}
