//! The gaming audit: naive strategies are played as a trainee would play them (on the
//! shuffled order), and a scenario whose best reply is always the longest is caught.

mod common;

use hardcall::authoring::load::load_scenario_file;
use hardcall::engine::audit::{Naive, audit};
use std::path::Path;

fn gameable() -> hardcall::authoring::load::LoadedScenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gameable/longest-wins.ron");
    load_scenario_file(&path, &common::knowledge()).unwrap_or_else(|failure| panic!("{}", failure.render()))
}

#[test]
fn always_taking_the_longest_reply_is_caught_where_it_wins() {
    let loaded = gameable();
    let report = audit(&loaded.main().scenario, &loaded.main().analysis);
    let score = |naive: Naive| report.naive.iter().find(|n| n.strategy == naive).unwrap().clone();
    assert_eq!(score(Naive::Longest).median, 100);
    assert_eq!(score(Naive::Longest).grade, "A");
    assert!(score(Naive::Shortest).median < 10, "the shortest reply is always an anti-pattern here");
    assert_eq!((report.best_is_longest, report.best_path_turns), (2, 2));
    // The first reply shown is the best one about a third of the time per turn: the shuffle
    // makes position worthless, so the median stays far below the longest strategy's.
    let first = score(Naive::First);
    assert!(first.median < 100 && first.lowest < first.highest, "{first:?}");
    assert!(report.random_median < 100 && report.random_p90 <= 100, "{report:?}");
}

#[test]
fn the_audit_is_the_same_on_every_run() {
    let loaded = gameable();
    let variant = loaded.main();
    assert_eq!(audit(&variant.scenario, &variant.analysis), audit(&variant.scenario, &variant.analysis));
}

#[test]
fn hardcall_audit_prints_a_table_and_json() {
    let output = common::hardcall(&["audit", "tests/gameable/longest-wins.ron"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("longest-wins") && text.contains("100%"), "{text}");
    assert!(
        text.contains("middle") && text.contains("specific") && text.contains("×chance"),
        "every named player and the form reader have a column:\n{text}"
    );
    assert!(text.contains("The best reply is the longest on offer at 2 of 2 best-path turns (100%)."), "{text}");
    assert!(text.contains("1 of 1 scenario personalities reward a player who reads only the form"), "{text}");
    assert!(text.contains("the best reply is the longest on 2 of 2 turns"), "the tell is named:\n{text}");

    let output = common::hardcall(&["audit", "tests/gameable/longest-wins.ron", "--json"]).output().unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["scenario"], "longest-wins");
    assert_eq!(row["naive"].as_array().unwrap().len(), Naive::ALL.len());
    assert!(row.get("random_p90").is_some() && row["best_is_longest"] == 2);
    let reader = &row["form_reader"];
    assert!(reader["median"].is_i64() && reader["p90"].is_i64() && reader["vs_chance"].is_f64(), "{reader}");
    assert!(row["difficulty"]["decisions"].as_u64() == Some(2), "{}", row["difficulty"]);
}

#[test]
fn a_broken_file_fails_the_audit_with_its_diagnostics() {
    let output = common::hardcall(&["audit", "tests/broken/dangling-goto.ron"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("dangling-goto.ron:"));
}

#[test]
fn validate_warns_at_the_id_of_a_gameable_scenario_and_still_accepts_it() {
    let output = common::hardcall(&["validate", "tests/gameable/longest-wins.ron"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "a warning does not fail validation:\n{text}");
    assert!(text.contains("warning[gameable]: as Steady, a trainee scores without reading: longest 100%"), "{text}");
    assert!(text.contains("tests/gameable/longest-wins.ron:4:9"), "located at the id:\n{text}");
    assert!(text.contains("the best reply is the longest on offer at 2 of 2 best-path turns"), "{text}");
    assert!(text.contains("(0 errors, "), "{text}");
}

#[test]
fn a_starter_scenario_is_not_flagged_as_gameable() {
    let dir = std::env::temp_dir().join(format!("hardcall-audit-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lost-parcel.ron");
    let made = common::hardcall(&["new", "lost parcel", "--style", "S", "--out"]).arg(&file).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let output = common::hardcall(&["validate"]).arg(&file).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("gameable"), "the starter teaches authors by example:\n{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
