//! The shipped library as a whole: enough scenarios, spread over every DISC style, channel
//! and difficulty, every strategy practised twice, personalities that change the best path
//! and sound different from the first line, conversations of 6 to 20 turns, defensive play
//! under 25%, no score without reading the replies, and every scenario stating what it
//! teaches as expectations.

mod common;

use hardcall::authoring::audit::personality_warnings;
use hardcall::authoring::coverage::{Coverage, MIN_SCENARIOS_PER_STRATEGY};
use hardcall::engine::audit::{Naive, audit};
use hardcall::engine::scenario::{Difficulty, Expectation, Node};
use std::collections::BTreeSet;

#[test]
fn the_library_has_at_least_sixteen_scenarios_spread_over_styles_channels_and_difficulties() {
    let shipped = common::shipped();
    assert!(shipped.len() >= 16, "{} scenarios", shipped.len());
    assert!(shipped.iter().any(|l| l.variants.len() >= 3), "no customer with three personalities");
    assert!(shipped.iter().any(|l| l.file().difficulty == Difficulty::Hard), "no Hard scenario");
    let scenarios: Vec<_> = shipped.iter().collect();
    let coverage = Coverage::of(&scenarios, &common::knowledge().catalogue);
    for (style, count) in &coverage.by_style {
        assert!(*count >= 3, "{style} is the primary style of only {count} scenarios");
    }
    for (channel, count) in &coverage.by_channel {
        assert!(*count >= 2, "the {channel} channel is used by only {count} scenarios");
    }
    for (difficulty, count) in &coverage.by_difficulty {
        assert!(*count >= 1, "no {difficulty} scenario");
    }
}

#[test]
fn every_strategy_and_anti_pattern_is_practised_by_two_scenarios() {
    let shipped = common::shipped();
    let scenarios: Vec<_> = shipped.iter().collect();
    let coverage = Coverage::of(&scenarios, &common::knowledge().catalogue);
    let thin: Vec<String> = coverage
        .under_covered(MIN_SCENARIOS_PER_STRATEGY)
        .iter()
        .map(|row| format!("{} ({})", row.id, row.count()))
        .collect();
    assert!(thin.is_empty(), "practised by fewer than {MIN_SCENARIOS_PER_STRATEGY} scenarios: {}", thin.join(", "));
}

#[test]
fn at_least_three_customers_change_their_best_path_with_their_personality() {
    let shipped = common::shipped();
    let differing: Vec<&str> = shipped
        .iter()
        .filter(|loaded| {
            let best: Vec<Vec<usize>> =
                loaded.variants.iter().map(|v| v.analysis.best.as_ref().unwrap().positions()).collect();
            best.iter().any(|b| *b != best[0])
        })
        .map(|loaded| loaded.id())
        .collect();
    assert!(differing.len() >= 3, "only {differing:?} have a personality that changes the best path");
}

#[test]
fn conversations_last_6_to_20_turns() {
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let best = variant.analysis.best.as_ref().unwrap();
            let profile = variant.scenario.profile;
            assert!(
                best.steps.len() >= 6,
                "{} as {profile}: the best path takes {} turns",
                loaded.id(),
                best.steps.len()
            );
            assert!(
                variant.scenario.turn_limit() <= 20,
                "{}: turn limit {}",
                loaded.id(),
                variant.scenario.turn_limit()
            );
        }
    }
}

#[test]
fn defensive_play_scores_under_25_percent() {
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let analysis = &variant.analysis;
            let defensive = analysis.defensive.as_ref().expect("a defensive path");
            let percent = analysis.rate_path(&variant.scenario, defensive).percent;
            assert!(
                percent < 25,
                "{} as {}: the defensive path scores {percent}%",
                loaded.id(),
                variant.scenario.profile
            );
        }
    }
}

#[test]
fn customer_lines_have_variants() {
    for loaded in common::shipped() {
        let says: Vec<usize> = loaded
            .file()
            .nodes
            .values()
            .filter_map(|n| match n {
                hardcall::engine::scenario::Node::Say { lines, .. } => Some(lines.len()),
                _ => None,
            })
            .collect();
        let varied = says.iter().filter(|n| **n >= 2).count();
        assert!(varied * 2 >= says.len(), "{}: only {varied} of {} lines have variants", loaded.id(), says.len());
    }
}

#[test]
fn some_best_replies_use_the_dossier() {
    for loaded in common::shipped() {
        let variant = loaded.main();
        let best = variant.analysis.best.as_ref().unwrap();
        let prepared = best.steps.iter().any(|step| {
            let choice = variant.scenario.choice(step.node, step.choice);
            choice
                .strategies
                .iter()
                .any(|s| variant.scenario.knowledge.catalogue.strategies[s.strategy].id.as_str() == "get_prepared")
        });
        assert!(prepared, "{}: no reply on the best path uses the dossier (get_prepared)", loaded.id());
    }
}

#[test]
fn every_scenario_states_what_it_teaches_and_every_personality_changes_the_best_path() {
    for loaded in common::shipped() {
        let file = loaded.file();
        assert!(!file.expect.is_empty(), "{} declares no expectation of what it teaches", file.id);
        if !file.customer.alternatives.is_empty() {
            assert!(
                file.expect.iter().any(|e| matches!(e, Expectation::BestPathsDiffer)),
                "{} has alternative personalities but does not expect BestPathsDiffer",
                file.id
            );
        }
    }
}

#[test]
fn no_naive_strategy_or_random_play_scores_without_reading_the_replies() {
    let (mut longest, mut turns) = (0, 0);
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let who = format!("{} as {}", loaded.id(), variant.scenario.profile);
            let report = audit(&variant.scenario, &variant.analysis);
            // Common sense is the difficulty's measure, not a tell: an Easy scenario may pass it.
            for naive in report.naive.iter().filter(|n| n.strategy != Naive::CommonSense) {
                assert!(naive.median < 50, "{who}: {} scores {}%", naive.strategy.describe(), naive.median);
            }
            assert!(
                report.difficulty.backs(loaded.file().difficulty),
                "{who}: labelled {} but {:?}",
                loaded.file().difficulty,
                report.difficulty
            );
            assert!(report.random_p90 < 60, "{who}: random play's 90th percentile is {}%", report.random_p90);
            longest += report.best_is_longest;
            turns += report.best_path_turns;
        }
    }
    assert!(longest * 3 <= turns, "the best reply is the longest on offer at {longest} of {turns} best-path turns");
}

#[test]
fn a_wrong_personalitys_best_path_earns_no_a() {
    for loaded in common::shipped() {
        let warnings: Vec<String> = personality_warnings(&loaded).iter().map(|d| d.message.clone()).collect();
        assert!(warnings.is_empty(), "{}: {warnings:?}", loaded.id());
    }
}

#[test]
fn a_customer_with_several_personalities_opens_differently_in_each() {
    for loaded in common::shipped() {
        let file = loaded.file();
        if file.customer.alternatives.is_empty() {
            continue;
        }
        let Some(Node::Say { lines, lines_by_style, .. }) = file.nodes.get(&file.start) else {
            panic!("{}: the start is not a line", file.id)
        };
        let openings: Vec<BTreeSet<&String>> =
            file.profiles().iter().map(|p| lines_by_style.get(&p.primary).unwrap_or(lines).iter().collect()).collect();
        for (i, a) in openings.iter().enumerate() {
            for b in &openings[i + 1..] {
                assert!(a.is_disjoint(b), "{}: two personalities share an opening line", file.id);
            }
        }
    }
}

#[test]
fn every_customer_and_character_has_a_first_name_of_their_own() {
    // A trainee who meets two Nadias with two bakeries wonders whether it is the same woman.
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for loaded in common::shipped() {
        let first = loaded.file().customer.name.split_whitespace().next().unwrap_or_default().to_owned();
        if let Some(other) = seen.insert(first.clone(), loaded.id().to_owned()) {
            panic!("{first} is the customer of both {other} and {}", loaded.id());
        }
    }
    for loaded in common::shipped() {
        let own = loaded.file().customer.name.split_whitespace().next().unwrap_or_default();
        for (first, id) in &seen {
            if first != own && id != loaded.id() {
                // Another scenario's customer named as a character here.
                let named = loaded.source.split(|c: char| !c.is_alphanumeric()).any(|w| w == first);
                assert!(!named, "{} names {first}, the customer of {id}", loaded.id());
            }
        }
    }
}
