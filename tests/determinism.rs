//! Same scenario, seed and replies: byte-identical results. Different DISC style: different score.

mod common;

use hardcall::authoring::check::compile;
use hardcall::authoring::load::Variant;
use hardcall::authoring::spans::SpanIndex;
use hardcall::engine::card::score_card;
use hardcall::engine::disc::{DiscProfile, DiscStyle};
use hardcall::engine::session::Session;
use std::sync::Arc;

fn json_of(variant: &Variant, seed: u64, positions: &[usize]) -> String {
    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
    session.play(positions).unwrap();
    serde_json::to_string(&score_card(&session, &variant.analysis)).unwrap()
}

#[test]
fn same_seed_and_choices_give_identical_json() {
    for loaded in common::shipped() {
        let variant = loaded.main();
        let path = variant.analysis.worst.as_ref().unwrap().positions();
        for seed in [0, 42, u64::MAX] {
            assert_eq!(json_of(variant, seed, &path), json_of(variant, seed, &path), "{}", loaded.file_name);
        }
    }
}

#[test]
fn the_cli_prints_identical_json_twice() {
    let loaded = common::load("double-charge.ron");
    let positions: Vec<String> =
        loaded.main().analysis.best.as_ref().unwrap().positions().iter().map(|p| p.to_string()).collect();
    let run = || {
        let output =
            common::hardcall(&["play", "scenarios/double-charge.ron", "--seed", "1234", "--json", "--choices"])
                .arg(positions.join(","))
                .output()
                .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let first = run();
    assert_eq!(first, run());
    let value: serde_json::Value = serde_json::from_slice(&first).unwrap();
    for key in ["scenario", "seed", "choices", "outcome", "score", "strategies", "turns"] {
        assert!(value.get(key).is_some(), "missing `{key}`");
    }
    assert_eq!(value["seed"], 1234);
    assert_eq!(value["score"]["percent"], 100);
    let turn = &value["turns"][0];
    for key in ["customer", "choice", "points", "best"] {
        assert!(turn.get(key).is_some(), "turn is missing `{key}`");
    }
}

#[test]
fn seeds_change_the_lines_but_not_the_score() {
    let loaded = common::load("double-charge.ron");
    let variant = loaded.main();
    let path = variant.analysis.best.as_ref().unwrap().positions();
    let lines = |seed| {
        let (mut session, _) = Session::start(variant.scenario.clone(), seed);
        let mut said = vec![session.current_line().unwrap().to_owned()];
        for &position in &path {
            session.choose(position).unwrap();
            said.push(session.current_line().unwrap_or("").to_owned());
        }
        (said, session.points())
    };
    let (first, score) = lines(0);
    let differing = (1..20).filter(|&seed| lines(seed).0 != first).count();
    assert!(differing > 0, "twenty seeds all gave the same lines");
    assert!((1..20).all(|seed| lines(seed).1 == score));
}

#[test]
fn changing_only_the_disc_style_changes_the_score_of_the_same_choices() {
    let loaded = common::load("double-charge.ron");
    let file = loaded.file().clone();
    let spans = SpanIndex::build(&loaded.source);
    let knowledge = common::knowledge();
    let path = loaded.main().analysis.best.as_ref().unwrap().positions();
    let total = |style: DiscStyle| {
        let (compiled, _) = compile(&file, "x.ron", &spans, &knowledge, DiscProfile::pure(style)).unwrap();
        let (mut session, _) = Session::start(Arc::new(compiled), 3);
        session.play(&path).unwrap();
        session.points()
    };
    let totals: Vec<i64> = DiscStyle::ALL.iter().map(|&s| total(s)).collect();
    assert_ne!(totals[0], totals[2], "Dominant and Steady scored the same: {totals:?}");
    assert_ne!(totals[0], totals[3], "Dominant and Conscientious scored the same: {totals:?}");
}
