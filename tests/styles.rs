//! `Style(...)` conditions: a reply, branch or threshold for one personality only, so the
//! customer played as another style meets another conversation.

mod common;

use hardcall::authoring::load::load_scenario_source;
use hardcall::engine::session::Session;

const SCENARIO: &str = r#"(
    id: "two-styles",
    title: "Two styles",
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
                (
                    text: "Tomorrow, first van. Done.",
                    shows: [problem_solving],
                    requires: Style(Dominant),
                    goto: "done",
                ),
                (
                    text: "Let's go through it together, there's no rush: it's at the depot and I'll stay with it.",
                    shows: [active_listening],
                    requires: Style(Steady),
                    goto: "done",
                ),
                (text: "Not my department.", commits: [defensive], goto: "done"),
            ],
        ),
        "done": End(outcome: Resolved, points: 10),
    },
)"#;

#[test]
fn each_personality_is_offered_its_own_reply_and_no_reply_is_reported_dead() {
    let loaded = load_scenario_source("two-styles.ron", SCENARIO, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    assert!(loaded.warnings.is_empty(), "offered to one personality is not dead: {:?}", loaded.warnings);
    let offer = |variant: usize| {
        let (session, _) = Session::start(loaded.variants[variant].scenario.clone(), 0);
        let mut texts: Vec<String> = session.offer().into_iter().map(str::to_owned).collect();
        texts.sort();
        texts
    };
    assert_eq!(offer(0), ["Not my department.", "Tomorrow, first van. Done."]);
    assert_eq!(offer(1)[0], "Let's go through it together, there's no rush: it's at the depot and I'll stay with it.");
    assert_eq!(offer(1).len(), 2);
}

#[test]
fn a_style_no_personality_has_is_named_as_such() {
    // Before, this read as a dead reply and a personality without a clean path; the cause
    // is that the customer is never played as Conscientious, and that is what is said.
    let source = SCENARIO.replace("requires: Style(Steady)", "requires: Style(Conscientious)");
    let failure = load_scenario_source("two-styles.ron", &source, &common::knowledge())
        .expect_err("Conscientious is not one of the customer's personalities");
    let text = failure.render();
    assert!(
        text.contains("error[style-never-played]: `Style(Conscientious)` never holds: the customer is never played as Conscientious"),
        "{text}"
    );
    assert!(text.contains("the customer is played as Dominant and Steady"), "{text}");
    let errors: Vec<&str> = failure.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.as_str()).collect();
    assert_eq!(errors, ["style-never-played"], "{text}");
}

#[test]
fn each_personality_says_its_own_line_where_it_has_one() {
    let source = SCENARIO.replace(
        r#"lines: ["Where is my order?"],"#,
        r#"lines: ["Where is my order?"],
            lines_by_style: {
                Dominant: ["My order. Where is it. I need it today.", "Order. Late. Fix it."],
                Steady: ["Sorry to bother you, I just wondered if my order might be on its way?"],
            },"#,
    );
    let loaded = load_scenario_source("two-styles.ron", &source, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    let opening = |variant: usize, seed: u64| {
        let (_, events) = Session::start(loaded.variants[variant].scenario.clone(), seed);
        match &events[0] {
            hardcall::engine::session::Event::CustomerSays { text, .. } => text.clone(),
            other => panic!("the customer speaks first: {other:?}"),
        }
    };
    let dominant: Vec<String> = (0..20).map(|seed| opening(0, seed)).collect();
    assert!(dominant.iter().all(|l| l.starts_with("My order.") || l.starts_with("Order.")), "{dominant:?}");
    assert!(dominant.iter().any(|l| l.starts_with("Order.")), "the seed still picks among a style's variants");
    assert!(opening(1, 0).starts_with("Sorry to bother you"));

    // A style's lines may not be empty; the error points at them.
    let empty = source.replace(
        r#"Steady: ["Sorry to bother you, I just wondered if my order might be on its way?"],"#,
        "Steady: [],",
    );
    let failure = load_scenario_source("two-styles.ron", &empty, &common::knowledge()).expect_err("no Steady line");
    let text = failure.render();
    assert!(text.contains("node `open` has no Steady line for the customer to say"), "{text}");
    assert!(text.contains("two-styles.ron:16:25"), "{text}");
}

#[test]
fn validate_says_when_a_personality_best_path_still_earns_an_a_with_the_other() {
    use hardcall::authoring::audit::personality_warnings;
    // Each style has its own best reply, but the ending dwarfs the difference: misreading
    // the customer still earns an A. That is what `style-blind` reports.
    let blind = r#"(
        id: "blind",
        title: "Blind",
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
            "done": End(outcome: Resolved, points: 100),
            "lost": End(outcome: CustomerLost, points: -200),
        },
    )"#;
    let loaded = load_scenario_source("blind.ron", blind, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    let best = |v: usize| loaded.variants[v].analysis.best.as_ref().unwrap().positions();
    assert_ne!(best(0), best(1), "the two styles prefer different replies");
    let warnings = personality_warnings(&loaded);
    assert!(!warnings.is_empty());
    assert!(warnings.iter().all(|w| w.code == "style-blind" && w.primary.is_some()), "{warnings:?}");
    assert!(warnings[0].message.contains("still earns an A"), "{}", warnings[0].message);

    // Where each style is offered only its own reply, the other's best path cannot be played.
    let separated = load_scenario_source("two-styles.ron", SCENARIO, &common::knowledge()).unwrap();
    assert!(personality_warnings(&separated).is_empty());
}
