//! The strategy catalogue as the documents say it: every source names a tip that is really
//! in the seed documents, the entries added from them are there with their sources, and
//! `tailor_to_style` is worked out from the DISC fit, so the same reply suits one
//! personality and not another.

mod common;

use hardcall::authoring::knowledge::{BUILTIN_DISC, BUILTIN_STRATEGIES};
use hardcall::authoring::load::{LoadedScenario, load_scenario_source};
use hardcall::engine::card::score_card;
use hardcall::engine::catalogue::{Knowledge, StrategyKind, TAILOR_TO_STYLE};
use hardcall::engine::model::CompiledNode;
use hardcall::engine::scenario::Channel;
use hardcall::engine::session::Session;
use std::path::PathBuf;

/// The seed documents: `HARDCALL_SEEDS_DIR`, else `../shared/seeds` beside the project.
fn seeds_dir() -> PathBuf {
    std::env::var_os("HARDCALL_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"))
}

/// Typographic quotes as straight ones and runs of whitespace as one space, so a tip written
/// with `'` in RON matches the document's `’`.
fn normalise(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_source_names_a_tip_that_is_in_its_document() {
    let dir = seeds_dir();
    if !dir.is_dir() {
        // A clone without the knowledge base beside it cannot check this; say so loudly.
        eprintln!("SKIPPED: no seed documents at {} (set HARDCALL_SEEDS_DIR)", dir.display());
        return;
    }
    let knowledge = Knowledge::builtin();
    let mut missing = Vec::new();
    for strategy in &knowledge.catalogue.strategies {
        for source in &strategy.sources {
            let Ok(text) = std::fs::read_to_string(dir.join(&source.doc)) else {
                missing.push(format!("{}: no document {}", strategy.id, source.doc));
                continue;
            };
            let text = normalise(&text);
            // `A; B` names two places; `Section: Item` an item under a section.
            for place in source.tip.split("; ") {
                for piece in place.split(": ") {
                    if !text.contains(&normalise(piece)) {
                        missing.push(format!("{}: `{piece}` is not in {}", strategy.id, source.doc));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "sources not found in the seed documents:\n{}", missing.join("\n"));
}

/// A document's prefix (`004`) and the tip cited from it.
type Cited = (&'static str, &'static str);

#[test]
fn the_entries_the_documents_add_are_in_the_catalogue_with_their_sources() {
    let knowledge = Knowledge::builtin();
    let expected: &[(&str, StrategyKind, &[Cited])] = &[
        ("be_creative", StrategyKind::Strategy, &[("004", "4. Be creative!")]),
        (
            "exceed_expectations",
            StrategyKind::Strategy,
            &[("000", "Offer a solution"), ("003", "Recovery Techniques: Exceed Expectations")],
        ),
        ("positive_body_language", StrategyKind::Strategy, &[("000", "8. Use positive body language")]),
        (
            "consult_colleague",
            StrategyKind::Strategy,
            &[("000", "11. Seek support from a manager"), ("004", "8. Remember to fall back on your team")],
        ),
        ("placating_empathy", StrategyKind::AntiPattern, &[("002", "Tip 1: Go beyond empathy")]),
        ("vague_non_answer", StrategyKind::AntiPattern, &[("003", "6. Setting Expectations: Be Transparent")]),
        (
            "needless_escalation",
            StrategyKind::AntiPattern,
            &[("001", "Involve a Manager or Higher Authority if Necessary")],
        ),
        ("false_statement", StrategyKind::AntiPattern, &[("004", "3. Be sincere in your interactions")]),
    ];
    for (id, kind, sources) in expected {
        let strategy = knowledge.catalogue.get(id).unwrap_or_else(|| panic!("`{id}` is not in the catalogue"));
        assert_eq!(strategy.kind, *kind, "{id}");
        for (doc, tip) in *sources {
            assert!(
                strategy.sources.iter().any(|s| s.doc.starts_with(doc) && s.tip == *tip),
                "{id} should cite {doc} `{tip}`: {:?}",
                strategy.sources
            );
        }
    }
    let body = knowledge.catalogue.get("positive_body_language").unwrap();
    assert_eq!(body.channels, [Channel::InPerson], "body language needs the customer in front of you");
    // Escalating hands the customer over; asking a colleague for guidance is its own strategy.
    let escalate = knowledge.catalogue.get("escalate").unwrap();
    assert!(escalate.sources.iter().all(|s| !s.doc.starts_with("004")), "{:?}", escalate.sources);
}

#[test]
fn the_disc_weights_say_where_they_come_from_and_leave_tailoring_alone() {
    // The header comments as prose, wherever their lines happen to break.
    let prose = |text: &str| {
        let lines: Vec<&str> = text.lines().map(|l| l.trim_start_matches("//").trim()).collect();
        lines.join(" ")
    };
    for (file, text) in [("disc.ron", BUILTIN_DISC), ("strategies.ron", BUILTIN_STRATEGIES)] {
        assert!(
            prose(text).contains("from the general DISC model") && prose(text).contains("not from the documents"),
            "{file} must say the DISC preferences come from the general model, not the documents"
        );
    }
    assert!(!BUILTIN_DISC.contains("                tailor_to_style:"), "tailoring is derived, not weighed");
    // And a trainer's own disc.ron that weighs it is refused, at the weight.
    let disc = BUILTIN_DISC.replacen(
        "empathy: (points: 50, mood: 50),",
        "empathy: (points: 50, mood: 50),\n                tailor_to_style: (points: 130, mood: 130),",
        1,
    );
    let problems = Knowledge::from_sources("assets/strategies.ron", BUILTIN_STRATEGIES, "assets/disc.ron", &disc)
        .expect_err("tailoring takes no weight");
    let text: Vec<String> = problems.iter().map(|d| d.render(&disc)).collect();
    assert!(problems.iter().any(|d| d.code == "derived-weight"), "{}", text.join("\n"));
}

/// A customer played as Dominant or as Steady, at the counter: the quick fix suits the
/// first, the invitation to tell it suits the second. The escalation node is marked as
/// beyond the agent, so handing over there is allowed.
const TWO_PERSONALITIES: &str = r#"(
    id: "two-personalities",
    title: "Two personalities",
    summary: "The same customer, played two ways.",
    channel: InPerson,
    difficulty: Easy,
    customer: (name: "Sam", disc: (primary: Dominant), alternatives: [(primary: Steady)]),
    mood: (temper: 50, trust: 50),
    turn_limit: 3,
    start: "open",
    nodes: {
        "open": Say(
            lines: ["Where is my order?"],
            choices: [
                (text: "It goes out on tomorrow's first van; I've booked it.", shows: [problem_solving], goto: "warranty"),
                (text: "(Meeting their eye.) Tell me what happened, from the start.", shows: [active_listening, positive_body_language], goto: "warranty"),
                (text: "Not my department.", commits: [defensive], goto: "lost"),
            ],
        ),
        "warranty": Say(
            lines: ["And I want the warranty extended by five years."],
            beyond_agent: true,
            choices: [
                (text: "Warranty terms are set by the manufacturer's team; I'll hand this to them with the details.", shows: [escalate], goto: "escalated"),
                (text: "No.", commits: [flat_no], goto: "lost"),
            ],
        ),
        "escalated": End(outcome: Escalated, points: 10),
        "lost": End(outcome: CustomerLost, points: -20),
    },
)"#;

fn two_personalities() -> LoadedScenario {
    load_scenario_source("two-personalities.ron", TWO_PERSONALITIES, &common::knowledge())
        .unwrap_or_else(|failure| panic!("{}", failure.render()))
}

/// Whether reply `index` of the first node counts as tailored for personality `variant`.
fn tailored(loaded: &LoadedScenario, variant: usize, index: usize) -> bool {
    let scenario = &loaded.variants[variant].scenario;
    let CompiledNode::Say { choices, .. } = scenario.node(scenario.start) else { unreachable!("`open` speaks") };
    let catalogue = &scenario.knowledge.catalogue;
    choices[index].strategies.iter().any(|s| catalogue.strategies[s.strategy].id.as_str() == TAILOR_TO_STYLE)
}

#[test]
fn the_same_reply_is_tailored_for_one_personality_and_not_another() {
    let loaded = two_personalities();
    let styles: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.to_string()).collect();
    assert_eq!(styles, ["Dominant", "Steady"]);
    // The quick fix: Dominant weighs problem solving up, Steady a little down.
    assert!(tailored(&loaded, 0, 0), "the quick fix suits the Dominant customer");
    assert!(!tailored(&loaded, 1, 0), "the quick fix does not suit the Steady customer");
    // The invitation to tell it: the other way round.
    assert!(!tailored(&loaded, 0, 1), "listening does not suit the Dominant customer");
    assert!(tailored(&loaded, 1, 1), "listening suits the Steady customer");
    // An anti-pattern is never tailored, whatever the weights.
    assert!(!tailored(&loaded, 0, 2) && !tailored(&loaded, 1, 2));

    // The tailoring is all DISC fit: nothing before the weights, the catalogue's points after.
    let scenario = &loaded.variants[0].scenario;
    let CompiledNode::Say { choices, .. } = scenario.node(scenario.start) else { unreachable!() };
    let tailoring = choices[0].strategies.last().unwrap();
    let entry = &scenario.knowledge.catalogue.strategies[tailoring.strategy];
    assert_eq!((tailoring.base_points, tailoring.points), (0, entry.points));
    assert_eq!(choices[0].points, choices[0].strategies.iter().map(|s| s.points).sum::<i32>());
}

#[test]
fn the_debrief_teaches_tailoring_only_to_the_personality_the_reply_suits() {
    let loaded = two_personalities();
    let teaches_tailoring = |variant: usize| {
        let variant = &loaded.variants[variant];
        let (mut session, _) = Session::start(variant.scenario.clone(), 1);
        session.choose(1).expect("the quick fix is offered");
        let card = score_card(&session, &variant.analysis);
        let turn = &card.turns[0];
        let named = turn.choice.strategies.iter().any(|s| s.id == TAILOR_TO_STYLE);
        let taught = turn
            .teachings
            .iter()
            .any(|t| t.id == TAILOR_TO_STYLE && t.sources.iter().any(|s| s.contains("5. Tailor your approach")));
        named && taught
    };
    assert!(teaches_tailoring(0), "as Dominant, the quick fix is tailored and the debrief says why");
    assert!(!teaches_tailoring(1), "as Steady, the quick fix earns no tailoring");
}
