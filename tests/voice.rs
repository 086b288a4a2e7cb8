//! Every reply fits the personality it is offered to: a reply, its feedback and an ending can
//! be worded per personality, and a reply that echoes what only another personality said is
//! reported where it is written.

mod common;

use hardcall::authoring::load::load_scenario_source;
use hardcall::authoring::render::render_all;
use hardcall::engine::model::CompiledNode;
use hardcall::engine::session::Session;

const SCENARIO: &str = r#"(
    id: "two-voices",
    title: "Two voices",
    summary: "A customer whose order is late.",
    channel: Chat,
    difficulty: Easy,
    customer: (name: "Oona Pratt", disc: (primary: Steady), alternatives: [(primary: Conscientious)]),
    mood: (temper: 50, trust: 50),
    turn_limit: 3,
    start: "open",
    nodes: {
        "open": Say(
            lines: ["Where is my order?"],
            lines_by_style: {
                Steady: ["Sorry to bother you, I feel rather silly asking, but is my order coming?"],
                Conscientious: ["Order 4411 was due on the 3rd. State the cause and the new date."],
            },
            choices: [
                (
                    text: "It isn't silly at all. It left the depot late; it arrives Friday.",
                    shows: [empathy, set_expectations],
                    goto: "done",
                ),
                (text: "Not my department.", commits: [defensive], goto: "done"),
            ],
        ),
        "done": End(outcome: Resolved, points: 10, lines: ["Thank you."]),
    },
)"#;

#[test]
fn a_reply_that_echoes_another_personality_is_reported_at_its_text() {
    let loaded = load_scenario_source("two-voices.ron", SCENARIO, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    let text = render_all(&loaded.source, &loaded.warnings);
    assert!(
        text.contains("warning[other-personality]: played as Conscientious, the customer never says \"silly\" at `open`: only the Steady customer does"),
        "{text}"
    );
    assert!(text.contains("two-voices.ron:20:27"), "located at the reply's text:\n{text}");
    assert!(text.contains("text_by_style"), "the fix is named:\n{text}");
}

#[test]
fn a_reply_feedback_and_ending_worded_per_personality_are_offered_to_each() {
    let source = SCENARIO
        .replace(
            "shows: [empathy, set_expectations],",
            "text_by_style: { Conscientious: \"The cause: it left the depot late. The new date: Friday.\" },\n                    feedback_by_style: { Conscientious: \"Cause and date, as asked.\" },\n                    shows: [empathy, set_expectations],",
        )
        .replace("lines: [\"Thank you.\"]", "lines: [\"Thank you.\"], lines_by_style: { Conscientious: [\"Noted.\"] }, summary: \"Calmed.\", summary_by_style: { Conscientious: \"Answered.\" }");
    let loaded = load_scenario_source("two-voices.ron", &source, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    assert!(loaded.warnings.is_empty(), "{}", render_all(&loaded.source, &loaded.warnings));
    for (variant, said, feedback, last, summary) in [
        (0, "It isn't silly at all. It left the depot late; it arrives Friday.", None, "Thank you.", "Calmed."),
        (
            1,
            "The cause: it left the depot late. The new date: Friday.",
            Some("Cause and date, as asked."),
            "Noted.",
            "Answered.",
        ),
    ] {
        let scenario = loaded.variants[variant].scenario.clone();
        let (session, _) = Session::start(scenario.clone(), 0);
        assert!(session.offer().contains(&said), "{:?}", session.offer());
        let CompiledNode::Say { choices, .. } = scenario.node(scenario.start) else { unreachable!("open speaks") };
        assert_eq!(choices[0].feedback.as_deref(), feedback);
        let end = scenario.node_names.iter().position(|n| n == "done").unwrap() as u32;
        let CompiledNode::End { lines, summary: got, .. } = scenario.node(end) else { unreachable!("done ends") };
        assert_eq!((lines[0].as_str(), got.as_deref()), (last, Some(summary)));
        // The wording does not change what the reply shows.
        assert_eq!(choices[0].base_points, loaded.variants[0].scenario.choice(scenario.start, 0).base_points);
    }
}

#[test]
fn a_reply_offered_to_one_personality_only_is_not_an_echo() {
    let source = SCENARIO.replace(
        "shows: [empathy, set_expectations],",
        "shows: [empathy, set_expectations],\n                    requires: Style(Steady),",
    ).replace(
        "(text: \"Not my department.\"",
        "(text: \"The cause: it left the depot late. The new date: Friday.\", shows: [set_expectations], requires: Style(Conscientious), goto: \"done\"),\n                (text: \"Not my department.\"",
    );
    let loaded = load_scenario_source("two-voices.ron", &source, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()));
    assert!(
        !loaded.warnings.iter().any(|w| w.code == "other-personality"),
        "{}",
        render_all(&loaded.source, &loaded.warnings)
    );
}
