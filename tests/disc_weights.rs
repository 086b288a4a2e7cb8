//! DISC weights may be negative: the same reply costs points and angers one personality while
//! it earns points and calms another. Weights past ±1000% are refused with a located error.

use hardcall::authoring::knowledge::{BUILTIN_DISC, BUILTIN_STRATEGIES};
use hardcall::authoring::load::load_scenario_source;
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::model::CompiledNode;
use std::sync::Arc;

/// The built-in weights with Dominant's `empathy` turned against it.
fn knowledge_with_dominant_empathy(points: i32, mood: i32) -> Result<Knowledge, Vec<String>> {
    let original = "empathy: (points: 50, mood: 50),";
    assert!(BUILTIN_DISC.contains(original), "the Dominant empathy weight moved; update this test");
    let disc = BUILTIN_DISC.replacen(original, &format!("empathy: (points: {points}, mood: {mood}),"), 1);
    Knowledge::from_sources("assets/strategies.ron", BUILTIN_STRATEGIES, "assets/disc.ron", &disc)
        .map_err(|diagnostics| diagnostics.iter().map(|d| d.render(&disc)).collect())
}

const SCENARIO: &str = r#"(
    id: "sympathy",
    title: "Sympathy",
    summary: "A customer whose order is late.",
    channel: Phone,
    difficulty: Easy,
    customer: (name: "Dee", disc: (primary: Dominant), alternatives: [(primary: Steady)]),
    mood: (temper: 50, trust: 50),
    turn_limit: 3,
    start: "open",
    nodes: {
        "open": Say(
            lines: ["Where is my order?"],
            choices: [
                (text: "That sounds really upsetting, I completely understand how you feel.", shows: [empathy], goto: "done"),
                (text: "It's at the depot; it goes out on tomorrow's first van.", shows: [problem_solving], goto: "done"),
                (text: "Not my department.", commits: [defensive], goto: "done"),
            ],
        ),
        "done": End(outcome: Resolved, points: 10),
    },
)"#;

#[test]
fn a_negative_weight_makes_the_same_reply_land_badly_on_one_style_only() {
    let knowledge = Arc::new(knowledge_with_dominant_empathy(-60, -100).expect("negative weights load"));
    let loaded =
        load_scenario_source("sympathy.ron", SCENARIO, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    let sympathy =
        |variant: usize| match loaded.variants[variant].scenario.node(loaded.variants[variant].scenario.start) {
            CompiledNode::Say { choices, .. } => (choices[0].points, choices[0].mood),
            CompiledNode::End { .. } => unreachable!("`open` speaks"),
        };
    let (dominant_points, dominant_mood) = sympathy(0);
    let (steady_points, steady_mood) = sympathy(1);
    assert!(dominant_points < 0, "the sympathy speech costs points with a Dominant customer: {dominant_points}");
    assert!(steady_points > 0, "and earns them with a Steady one: {steady_points}");
    assert!(dominant_mood.temper > 0 && steady_mood.temper < 0, "{dominant_mood:?} vs {steady_mood:?}");
}

#[test]
fn weights_past_a_thousand_percent_either_way_are_refused() {
    let problems = knowledge_with_dominant_empathy(-1001, 50).expect_err("out of range");
    let text = problems.join("\n");
    assert!(text.contains("must be a percentage from -1000 to 1000"), "{text}");
    let line = BUILTIN_DISC.lines().position(|l| l.contains("empathy: (points: 50, mood: 50),")).unwrap() + 1;
    assert!(text.contains(&format!("assets/disc.ron:{line}:")), "located at the weight: {text}");
    assert!(knowledge_with_dominant_empathy(-1000, 1000).is_ok());
}
