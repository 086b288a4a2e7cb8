//! The rating's rules on purpose-built scenarios: a mistake always costs the A, a detour with
//! a mistake and a recovery never pays (the prover refuses a scenario where it would, in
//! `tests/broken/mistake-pays.ron`), a longer conversation gains nothing for its length, and
//! picking without reading earns about 0%.

mod common;

use hardcall::authoring::load::{LoadedScenario, load_scenario_file};
use hardcall::engine::audit::audit;
use hardcall::engine::card::{Score, score_card};
use hardcall::engine::session::Session;
use std::path::Path;

fn fixture(name: &str) -> LoadedScenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("rating").join(name);
    load_scenario_file(&path, &common::knowledge()).unwrap_or_else(|failure| panic!("{}", failure.render()))
}

fn played(loaded: &LoadedScenario, replies: &[usize]) -> Session {
    let (mut session, _) = Session::start(loaded.main().scenario.clone(), 7);
    session.play(replies).unwrap();
    assert!(session.is_over());
    session
}

#[test]
fn a_mistake_and_a_recovery_earned_an_a_as_a_sum_and_cost_the_grade_as_a_rating() {
    let loaded = fixture("detour.ron");
    let analysis = &loaded.main().analysis;
    let detour = played(&loaded, &[2, 1, 1]);
    let direct = played(&loaded, &[1, 1]);
    // Under the first scoring model (the total between the worst and best totals) the detour
    // was an A: its recovery turns made up for the mistake.
    let legacy = Score::legacy(&detour, analysis);
    assert!(legacy.percent >= 90, "legacy {}%", legacy.percent);
    let rating = analysis.rate_session(&detour);
    assert_eq!(rating.anti_patterns, 1);
    assert!(rating.percent < 90, "a mistake keeps the A out of reach: {}%", rating.percent);
    assert!(rating.percent < analysis.rate_session(&direct).percent);
    assert_eq!(analysis.rate_session(&direct).percent, 100);
    // The debrief's card says the same.
    let card = score_card(&detour, analysis);
    assert_eq!(card.score.percent, rating.percent);
    assert_eq!(card.score.rating, Some(rating));
    assert_eq!(card.turns[0].quality, Some(-100), "the anti-pattern counts as the worst a turn can");
    assert_eq!(card.turns[1].quality, Some(100), "the apology was the best reply on offer then");
}

#[test]
fn every_perfect_conversation_is_100_percent_however_long() {
    let mut lengths = std::collections::BTreeSet::new();
    for loaded in common::shipped().iter().chain([&fixture("detour.ron")]) {
        for variant in &loaded.variants {
            let best = variant.analysis.best.as_ref().unwrap();
            lengths.insert(best.steps.len());
            let (mut session, _) = Session::start(variant.scenario.clone(), 3);
            session.play(&best.positions()).unwrap();
            let rating = variant.analysis.rate_session(&session);
            assert_eq!(rating.percent, 100, "{} as {}", loaded.id(), variant.scenario.profile);
            assert_eq!(rating.quality, 100);
        }
    }
    assert!(lengths.len() >= 3, "best paths of several lengths: {lengths:?}");
}

#[test]
fn a_longer_conversation_with_the_same_quality_rates_the_same() {
    use hardcall::engine::rating::percent;
    // The rating is a mean: the same turn quality over 3 or 12 decisions is the same score,
    // where a sum of points would have grown with every turn.
    for quality in [-60, 0, 40, 85, 100] {
        assert_eq!(percent(quality * 3, 3, 70, 0), percent(quality * 12, 12, 70, 0), "quality {quality}");
    }
}

#[test]
fn picking_without_reading_earns_about_nothing() {
    // The average reply on offer counts 0, so a careless trainee's median sits near 0%
    // (the outcome share and the floor at -100 keep it a little above).
    for loaded in common::shipped().iter().chain([&fixture("detour.ron")]) {
        for variant in &loaded.variants {
            let found = audit(&variant.scenario, &variant.analysis);
            assert!(
                found.random_median < 25,
                "{} as {}: random play's median is {}%",
                loaded.id(),
                variant.scenario.profile,
                found.random_median
            );
        }
    }
}
