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
fn a_style_no_personality_has_leaves_its_reply_dead_and_the_other_style_without_a_clean_path() {
    let source = SCENARIO.replace("requires: Style(Steady)", "requires: Style(Conscientious)");
    let failure =
        load_scenario_source("two-styles.ron", &source, &common::knowledge()).expect_err("Steady has no clean reply");
    let text = failure.render();
    assert!(text.contains("warning[never-offered]: this reply is never offered"), "{text}");
    assert!(text.contains("error[no-clean-path]") && text.contains("when the customer is played as Steady"), "{text}");
}
