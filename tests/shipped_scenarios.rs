//! Every shipped scenario loads, is proven sound, and its best and worst paths score 100% and 0%.

mod common;

use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;

#[test]
fn at_least_three_scenarios_ship() {
    assert!(common::scenario_files().len() >= 3, "found {:?}", common::scenario_files());
}

#[test]
fn every_scenario_is_sound_without_warnings() {
    for loaded in common::shipped() {
        let text = hardcall::authoring::render::render_all(&loaded.source, &loaded.warnings);
        assert!(loaded.warnings.is_empty(), "{}: warnings:\n{text}", loaded.file_name);
        for variant in &loaded.variants {
            assert!(variant.analysis.is_sound(), "{}", loaded.file_name);
            assert!(variant.analysis.max_turns <= variant.scenario.turn_limit());
        }
    }
}

#[test]
fn best_path_plays_to_100_and_worst_to_0() {
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let analysis = &variant.analysis;
            for (path, expected) in [(analysis.best.as_ref(), 100), (analysis.worst.as_ref(), 0)] {
                let path = path.expect("a sound scenario has best and worst paths");
                for seed in [0, 1, 99] {
                    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
                    session.play(&path.positions()).expect("the analysed path is playable");
                    assert!(session.is_over(), "{}: path did not end", loaded.file_name);
                    let card = score_card(&session, analysis);
                    assert_eq!(card.score.total, path.total, "{}", loaded.file_name);
                    assert_eq!(card.score.percent, expected, "{} as {}", loaded.file_name, variant.scenario.profile);
                }
            }
            assert!(analysis.best_total() > analysis.worst_total(), "{}", loaded.file_name);
        }
    }
}

#[test]
fn best_path_takes_the_best_reply_every_turn() {
    for loaded in common::shipped() {
        let variant = loaded.main();
        let best = variant.analysis.best.as_ref().unwrap();
        let (mut session, _) = Session::start(variant.scenario.clone(), 7);
        session.play(&best.positions()).unwrap();
        let card = score_card(&session, &variant.analysis);
        for turn in &card.turns {
            assert!(turn.took_best, "{} turn {}", loaded.file_name, turn.turn);
            assert_eq!(turn.best.position, turn.choice.position);
            assert!(turn.choice.strategies.iter().all(|s| !s.anti_pattern));
        }
    }
}

#[test]
fn defensive_path_is_reported_and_commits_anti_patterns() {
    for loaded in common::shipped() {
        let variant = loaded.main();
        let defensive = variant.analysis.defensive.as_ref().expect("defensive path");
        let committed = defensive
            .steps
            .iter()
            .filter(|step| variant.scenario.choice(step.node, step.choice).commits_anti_pattern)
            .count();
        assert!(committed > 0, "{}: the defensive path commits nothing", loaded.file_name);
        assert!(defensive.total < variant.analysis.best_total());
    }
}

#[test]
fn the_whole_format_is_used_across_the_shipped_scenarios() {
    let shipped = common::shipped();
    let files: Vec<_> = shipped.iter().map(|l| l.file()).collect();
    assert!(files.iter().any(|f| !f.thresholds.is_empty()), "a threshold");
    assert!(files.iter().any(|f| !f.customer.alternatives.is_empty()), "an alternative personality");
    assert!(files.iter().any(|f| f.customer.disc.secondary.is_some()), "a secondary style");
    let choices = files.iter().flat_map(|f| f.nodes.values()).flat_map(|n| match n {
        hardcall::engine::scenario::Node::Say { choices, .. } => choices.as_slice(),
        _ => &[],
    });
    let choices: Vec<_> = choices.collect();
    assert!(choices.iter().any(|c| c.requires.is_some()), "a gated reply");
    assert!(choices.iter().any(|c| !c.branches.is_empty()), "a branch");
    assert!(choices.iter().any(|c| !c.sets.is_empty()), "a flag");
    assert!(choices.iter().any(|c| c.feedback.is_some()), "feedback");
    let channels: std::collections::BTreeSet<_> = files.iter().map(|f| f.channel).collect();
    assert!(channels.len() >= 3, "three channels: {channels:?}");
    let styles: std::collections::BTreeSet<_> = files.iter().map(|f| f.customer.disc.primary).collect();
    assert!(styles.len() >= 3, "three DISC styles: {styles:?}");
}

#[test]
fn the_best_anti_pattern_path_is_reported_plays_to_its_percentage_and_earns_no_a() {
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let analysis = &variant.analysis;
            let (Some(percent), Some(path)) =
                (analysis.best_anti_pattern_percent, analysis.best_anti_pattern_path.as_ref())
            else {
                continue;
            };
            assert!(path.steps.iter().any(|s| variant.scenario.choice(s.node, s.choice).commits_anti_pattern));
            let (mut session, _) = Session::start(variant.scenario.clone(), 0);
            session.play(&path.positions()).unwrap();
            assert!(session.is_over(), "{}", loaded.file_name);
            assert_eq!(analysis.rate_session(&session).percent, percent, "{}", loaded.file_name);
            assert!(percent < 90, "{}: a conversation with a mistake earns an A ({percent}%)", loaded.file_name);
            let best = analysis.best.as_ref().unwrap();
            assert_eq!(analysis.rate_path(&variant.scenario, best).percent, 100, "{}", loaded.file_name);
        }
    }
}

#[test]
fn every_shipped_customer_has_a_look_and_only_the_features_it_names() {
    let mut ages = std::collections::BTreeSet::new();
    for loaded in common::shipped() {
        let file = loaded.file();
        let look =
            file.customer.look.as_ref().unwrap_or_else(|| panic!("{}: the customer has no look", loaded.file_name));
        let appearance = file.appearance();
        assert_eq!(appearance.facial_hair, look.facial_hair, "{}", loaded.file_name);
        assert_eq!(appearance.glasses, look.glasses, "{}", loaded.file_name);
        assert_eq!(appearance.headwear, look.headwear, "{}", loaded.file_name);
        assert!(look.age.is_some(), "{}: say how old the customer is", loaded.file_name);
        ages.insert(appearance.age);
    }
    assert!(ages.len() >= 3, "the shipped customers span ages: {ages:?}");
}
