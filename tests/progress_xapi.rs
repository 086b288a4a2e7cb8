//! Into the LMS: an xAPI export carries a `mastered` statement each time a strategy came to
//! be mastered, scaled by the estimate, stable across exports; a cmi5 launch data's
//! masteryScore is the pass mark where given; every statement has what xAPI 1.0.3 requires.

mod common;

use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;
use hardcall::records::attempts::Attempt;
use hardcall::records::progress::evidence::attempt_evidence;
use hardcall::records::progress::learner::Fold;
use hardcall::records::progress::{Clock, Options};
use hardcall::records::store::Store;
use hardcall::records::time::{parse_utc, timestamp};
use serde_json::Value;
use std::path::Path;

/// What xAPI 1.0.3 asks of every statement this exports: a UUID id, an agent with an
/// account, a verb IRI with a display, an activity IRI, a scaled score within [-1, 1] and a
/// raw score within min and max where given, and an ISO 8601 UTC timestamp.
fn assert_valid(statement: &Value) {
    let id = statement["id"].as_str().expect("an id");
    assert!(
        id.len() == 36
            && id.chars().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }),
        "{id}"
    );
    assert_eq!(statement["actor"]["objectType"], "Agent");
    assert!(statement["actor"]["account"]["homePage"].as_str().unwrap().starts_with("https://"));
    assert!(statement["actor"]["account"]["name"].is_string());
    assert!(statement["verb"]["id"].as_str().unwrap().starts_with("http://adlnet.gov/expapi/verbs/"));
    assert!(statement["verb"]["display"]["en-US"].is_string());
    assert_eq!(statement["object"]["objectType"], "Activity");
    assert!(statement["object"]["id"].as_str().unwrap().starts_with("https://"));
    if let Some(score) = statement["result"].get("score") {
        let scaled = score["scaled"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&scaled), "{scaled}");
        if let (Some(raw), Some(min), Some(max)) = (score["raw"].as_f64(), score["min"].as_f64(), score["max"].as_f64())
        {
            assert!(min <= raw && raw <= max, "{score}");
        }
    }
    let stamp = statement["timestamp"].as_str().unwrap();
    assert!(stamp.len() == 24 && stamp.ends_with('Z') && parse_utc(&format!("{}Z", &stamp[..19])).is_some(), "{stamp}");
}

fn at(day: u32) -> i64 {
    parse_utc(&format!("2026-11-{day:02}T10:00:00Z")).unwrap()
}

/// Ana plays the best path of every shipped scenario, a day apart, then one badly.
fn history(dir: &Path) -> Vec<Attempt> {
    let library = common::shipped();
    let mut attempts = Vec::new();
    for (i, loaded) in library.iter().enumerate() {
        let variant = loaded.main();
        let best = variant.analysis.best.as_ref().unwrap().positions();
        let (mut session, _) = Session::start(variant.scenario.clone(), i as u64);
        session.play(&best).unwrap();
        let card = score_card(&session, &variant.analysis);
        let ended = at(1 + i as u32);
        attempts.push(Attempt::record(
            loaded,
            &session,
            &card,
            "Ana",
            None,
            vec![500; best.len()],
            ended - 60_000,
            ended,
        ));
    }
    let loaded = &library[0];
    let worst = loaded.main().analysis.worst.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(loaded.main().scenario.clone(), 99);
    session.play(&worst).unwrap();
    let card = score_card(&session, &loaded.main().analysis);
    attempts.push(Attempt::record(
        loaded,
        &session,
        &card,
        "Ana",
        None,
        vec![500; worst.len()],
        at(28) - 60_000,
        at(28),
    ));
    Store::open(&dir.join("attempts.sqlite")).unwrap().insert_all(&attempts).unwrap();
    attempts
}

fn export(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let out = dir.join("statements.json");
    let output = common::hardcall(&["results", "export", "--format", "xapi", "--out"])
        .arg(&out)
        .args(extra)
        .arg("--data-dir")
        .arg(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

#[test]
fn a_strategy_mastered_is_a_statement_scaled_by_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let attempts = history(dir.path());
    let statements = export(dir.path(), &[]);
    for statement in &statements {
        assert_valid(statement);
    }
    let mastered: Vec<&Value> =
        statements.iter().filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/mastered").collect();

    // The same moments the model finds, replaying the attempts in order.
    let library = common::shipped();
    let knowledge = common::knowledge();
    let options = Options::new(Clock { now_ms: at(30), utc_offset_minutes: 0 });
    let mut fold = Fold::new("Ana", &knowledge.catalogue, options);
    let mut expected = Vec::new();
    for attempt in &attempts {
        for (k, when) in fold.add(&attempt_evidence(attempt, &library).unwrap()) {
            expected.push((knowledge.catalogue.strategies[k].id.to_string(), when));
        }
    }
    assert!(expected.len() >= 3, "playing every best path masters several strategies: {expected:?}");
    assert_eq!(mastered.len(), expected.len());
    for (statement, (id, when)) in mastered.iter().zip(&expected) {
        assert_eq!(statement["verb"]["display"]["en-US"], "mastered");
        assert_eq!(statement["actor"]["account"]["name"], "Ana");
        let object = statement["object"]["id"].as_str().unwrap();
        assert!(
            object.ends_with(&format!("/strategies/{id}")) || object.ends_with(&format!("/strategies/{id}/avoided"))
        );
        assert_eq!(statement["result"]["score"]["scaled"].as_f64().unwrap(), when.estimate as f64 / 1e6);
        assert!(when.estimate >= 950_000);
        assert_eq!(statement["result"]["success"], true);
        assert_eq!(statement["timestamp"], timestamp(when.at_ms));
    }
    // Exported again: the same statements, so an LRS keeps each once.
    assert_eq!(export(dir.path(), &[]), statements);
}

#[test]
fn the_pass_mark_is_the_launch_datas_mastery_score() {
    let dir = tempfile::tempdir().unwrap();
    let attempts = history(dir.path());
    let launch = dir.path().join("launch.json");
    std::fs::write(&launch, r#"{"launchMode": "Normal", "masteryScore": 0.95, "moveOn": "Passed"}"#).unwrap();
    let statements = export(dir.path(), &["--launch-data", launch.to_str().unwrap()]);
    for attempt in &attempts {
        let id = hardcall::records::xapi::stable_uuid(&["attempt", &attempt.id]);
        let statement = statements.iter().find(|s| s["id"] == id.as_str()).unwrap();
        let passed = attempt.score.percent >= 95;
        let verb = if passed { "passed" } else { "failed" };
        assert_eq!(statement["verb"]["display"]["en-US"], verb, "{}%", attempt.score.percent);
        assert_eq!(statement["result"]["success"], passed);
        assert_eq!(statement["context"]["extensions"][hardcall::records::xapi::CMI5_MASTERY_SCORE], 0.95);
    }
    // Without launch data: 60%, and no mastery score claimed.
    let plain = export(dir.path(), &[]);
    assert!(
        plain.iter().all(|s| s["context"]["extensions"].get(hardcall::records::xapi::CMI5_MASTERY_SCORE).is_none())
    );

    std::fs::write(&launch, r#"{"masteryScore": 95}"#).unwrap();
    let output = common::hardcall(&["results", "export", "--format", "xapi", "--launch-data"])
        .arg(&launch)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("masteryScore must be a number from 0 to 1"), "{err}");
}
