//! Attempts that cannot be faked: every stored or imported attempt is replayed, forged ones
//! are rejected with a reason, duplicates are stored once, nothing finished is lost when a
//! writer is killed, and exports survive any name a trainee types.

mod common;

use hardcall::authoring::load::LoadedScenario;
use hardcall::authoring::load::scenario_hash;
use hardcall::engine::card::{Score, score_card};
use hardcall::engine::session::Session;
use hardcall::records::attempts::{Attempt, Rejection, verify};
use hardcall::records::export::{AttemptsFile, to_csv};
use hardcall::records::store::Store;
use std::path::{Path, PathBuf};

fn played(loaded: &LoadedScenario, trainee: &str, seed: u64, best: bool) -> Attempt {
    let variant = loaded.main();
    let path = if best { variant.analysis.best.as_ref() } else { variant.analysis.worst.as_ref() };
    let positions = path.unwrap().positions();
    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
    session.play(&positions).unwrap();
    let card = score_card(&session, &variant.analysis);
    let response_ms = positions.iter().map(|p| 1000 + *p as u64 * 250).collect();
    Attempt::record(
        loaded,
        &session,
        &card,
        trainee,
        Some("Blue team"),
        response_ms,
        1_700_000_000_000,
        1_700_000_090_000,
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-attempts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Re-signs an edited attempt the way a forger would, so only the replay can catch it.
fn resign(mut attempt: Attempt) -> Attempt {
    attempt.id = attempt.content_id();
    attempt
}

#[test]
fn an_honest_attempt_replays_to_its_score() {
    let library = common::shipped();
    let attempt = played(&library[0], "Ana", 3, true);
    let card = verify(&attempt, &library).unwrap();
    assert_eq!(card.score, attempt.score);
    assert_eq!(card.score.percent, 100);
}

#[test]
fn forged_attempts_are_rejected_with_a_reason() {
    let library = common::shipped();
    let loaded = common::load("double-charge.ron");
    let honest = played(&loaded, "Ana", 3, false);

    let mut edited_score = honest.clone();
    edited_score.score.total += 50;
    edited_score.score.percent = 100;
    assert_eq!(verify(&edited_score, &library), Err(Rejection::Tampered), "edited without re-signing");
    assert!(matches!(verify(&resign(edited_score), &library), Err(Rejection::ScoreDiffers { .. })));

    let mut edited_choices = honest.clone();
    edited_choices.choices = loaded.main().analysis.best.as_ref().unwrap().positions();
    edited_choices.response_ms = vec![1000; edited_choices.choices.len()];
    let rejection = verify(&resign(edited_choices), &library).unwrap_err();
    assert!(matches!(rejection, Rejection::ScoreDiffers { .. }), "{rejection}");

    let mut impossible = honest.clone();
    impossible.choices = vec![9; honest.choices.len()];
    assert!(matches!(verify(&resign(impossible), &library), Err(Rejection::Unplayable { reply: 1, .. })));

    let mut altered_scenario = honest.clone();
    altered_scenario.scenario_hash = scenario_hash(&format!("{}\n// edited", loaded.source));
    let rejection = verify(&resign(altered_scenario), &library).unwrap_err();
    assert!(matches!(rejection, Rejection::UnknownScenario { .. }));
    assert!(rejection.to_string().contains("not known here"), "{rejection}");

    let mut wrong_personality = honest.clone();
    wrong_personality.disc = "Influential".into();
    assert!(matches!(verify(&resign(wrong_personality), &library), Err(Rejection::UnknownPersonality { .. })));
}

#[test]
fn the_same_attempt_is_stored_once_and_history_follows_it() {
    let loaded = common::load("double-charge.ron");
    let mut store = Store::in_memory();
    let worst = played(&loaded, "Ana", 1, false);
    // Played a minute later, so history orders it second.
    let mut best = played(&loaded, "Ana", 2, true);
    best.started_at_ms += 60_000;
    best.ended_at_ms += 60_000;
    let best = resign(best);
    assert!(store.insert(&worst).unwrap());
    assert!(!store.insert(&worst).unwrap(), "a duplicate is not stored twice");
    assert!(store.insert(&best).unwrap());
    assert_eq!(store.all().unwrap().len(), 2);
    let history = store.history("Ana").unwrap();
    let dana = &history["double-charge"];
    assert_eq!((dana.best, dana.last, dana.percents.clone()), (100, 100, vec![0, 100]));
    assert_eq!(dana.trend(), 100);
    assert!(store.history("Bo").unwrap().is_empty());
}

#[test]
fn the_database_survives_reopening_and_reports_damage_clearly() {
    let dir = temp_dir("reopen");
    let path = dir.join("attempts.sqlite");
    let loaded = common::load("double-charge.ron");
    {
        let mut store = Store::open(&path).unwrap();
        store.insert(&played(&loaded, "Ana", 1, true)).unwrap();
    }
    assert_eq!(Store::open(&path).unwrap().all().unwrap().len(), 1);

    let damaged = dir.join("damaged.sqlite");
    std::fs::write(&damaged, b"this is not a database, just some text that is long enough to matter").unwrap();
    let message = Store::open(&damaged).err().expect("a damaged file is refused").to_string();
    assert!(message.contains("damaged.sqlite"), "{message}");
    assert!(message.contains("damaged or not a Hard Call database"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csv_keeps_awkward_names_intact_and_neutralises_formulas() {
    let loaded = common::load("double-charge.ron");
    let names = [
        "O'Brien, \"Ace\"".to_owned(),
        "line one\nline two".to_owned(),
        "=HYPERLINK(\"http://x\",\"click\")".to_owned(),
        "x".repeat(10_000),
    ];
    let attempts: Vec<Attempt> = names.iter().enumerate().map(|(i, n)| played(&loaded, n, i as u64, true)).collect();
    let text = to_csv(&attempts);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), names.len());
    assert_eq!(&rows[0][1], names[0]);
    assert_eq!(&rows[1][1], names[1]);
    assert_eq!(&rows[2][1], format!("'{}", names[2]), "a formula is shown as text");
    assert_eq!(rows[3][1].len(), 10_000);
    assert_eq!(&rows[0][10], attempts[0].score.total.to_string(), "numbers stay numbers");
    assert!(text.starts_with("attempt,trainee,team,"));
}

fn write_export(dir: &Path, name: &str, attempts: Vec<Attempt>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, AttemptsFile::new(attempts).to_json()).unwrap();
    path
}

#[test]
fn import_merges_verifies_and_does_not_duplicate() {
    let dir = temp_dir("import");
    let loaded = common::load("double-charge.ron");
    let honest = played(&loaded, "Ana", 5, true);
    let mut forged = played(&loaded, "Bo", 6, false);
    forged.score.percent = 100;
    let forged = resign(forged);
    let file = write_export(&dir, "export.json", vec![honest.clone(), forged]);
    let data = dir.join("data");

    let first = common::hardcall_with_data(&data, &["results", "import", file.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(1), "a rejected attempt fails the import: {out}");
    assert!(
        out.contains("rejected") && out.contains("Bo") && out.contains("it claims 100% but replaying it gives 0%"),
        "{out}"
    );
    assert!(out.contains("imported 1 new attempt(s); 0 already stored; 1 rejected"), "{out}");

    let clean = write_export(&dir, "clean.json", vec![honest.clone()]);
    let again = common::hardcall_with_data(&data, &["results", "import", clean.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("imported 0 new attempt(s); 1 already stored"));
    assert_eq!(again.status.code(), Some(0));

    // The lossless export reads back as the same attempt.
    let exported = common::hardcall_with_data(&data, &["results", "export", "--format", "attempts"]);
    let back = AttemptsFile::parse(&String::from_utf8_lossy(&exported.stdout)).unwrap();
    assert_eq!(back.attempts, vec![honest]);
    let csv = common::hardcall_with_data(&data, &["results", "export", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&csv.stdout).lines().count() == 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn killing_an_import_midway_loses_nothing_that_had_finished() {
    let dir = temp_dir("kill");
    let loaded = common::load("double-charge.ron");
    let data = dir.join("data");
    let first = write_export(&dir, "first.json", vec![played(&loaded, "Ana", 1, true)]);
    assert!(common::hardcall_with_data(&data, &["results", "import", first.to_str().unwrap()]).status.success());

    let many: Vec<Attempt> = (0..20_000).map(|seed| played(&loaded, "Bulk", 1000 + seed, seed % 2 == 0)).collect();
    let bulk = write_export(&dir, "bulk.json", many);
    let mut child = common::hardcall(&["results", "import", bulk.to_str().unwrap(), "--data-dir"])
        .arg(&data)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();

    let store = Store::open(&data.join("attempts.sqlite")).expect("the database opens after the kill");
    let attempts = store.all().unwrap();
    assert!(attempts.iter().any(|a| a.trainee == "Ana"), "the finished import survived");
    let bulk_count = attempts.iter().filter(|a| a.trainee == "Bulk").count();
    assert!(bulk_count == 0 || bulk_count == 20_000, "an import is all or nothing, found {bulk_count}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_locked_database_gives_a_clear_message() {
    let dir = temp_dir("locked");
    let path = dir.join("attempts.sqlite");
    let loaded = common::load("double-charge.ron");
    let mut store = Store::open(&path).unwrap();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let message = store.insert(&played(&loaded, "Ana", 1, true)).unwrap_err().to_string();
    assert!(message.contains("is locked by another program"), "{message}");
    holder.execute_batch("ROLLBACK;").unwrap();
    assert!(store.insert(&played(&loaded, "Ana", 1, true)).unwrap(), "it works again once released");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn xapi_statements_describe_the_replayed_attempt() {
    let library = common::shipped();
    let loaded = common::load("double-charge.ron");
    let mut attempt = played(&loaded, "Ana \"Q\" Lee", 9, true);
    attempt.competition = Some("Autumn cup".into());
    let attempt = resign(attempt);
    let card = verify(&attempt, &library).unwrap();
    let statements = hardcall::records::xapi::statements(&attempt, &card);
    assert_eq!(statements.len(), 1 + attempt.choices.len(), "one for the attempt, one per reply");
    let main = &statements[0];
    assert_eq!(main["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
    assert_eq!(main["actor"]["account"]["name"], "Ana \"Q\" Lee");
    assert_eq!(main["result"]["score"]["scaled"], 1.0);
    assert_eq!(main["result"]["success"], true);
    assert_eq!(main["result"]["duration"], "PT90.000S");
    assert_eq!(main["context"]["team"]["name"], "Blue team");
    assert_eq!(main["context"]["contextActivities"]["parent"][0]["definition"]["name"]["en-US"], "Autumn cup");
    let registration = &main["context"]["registration"];
    assert!(statements.iter().all(|s| &s["context"]["registration"] == registration));
    assert!(statements[1..].iter().all(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"));
    let ids: std::collections::BTreeSet<&str> = statements.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), statements.len(), "statement ids are unique");
    assert_eq!(hardcall::records::xapi::statements(&attempt, &card), statements, "and stable across exports");

    let failed = played(&loaded, "Bo", 9, false);
    let card = verify(&failed, &library).unwrap();
    assert_eq!(
        hardcall::records::xapi::statements(&failed, &card)[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed"
    );
}

#[test]
fn a_conversation_played_in_the_terminal_is_stored() {
    use std::io::Write;
    let dir = temp_dir("terminal");
    let data = dir.join("data");
    let loaded = common::load("double-charge.ron");
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    let mut child =
        common::hardcall(&["play", "scenarios/double-charge.ron", "--seed", "4", "--trainee", "Ana Lee", "--data-dir"])
            .arg(&data)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
    // The trainee types the number each reply is shown under in its turn's shuffled list.
    let answers = common::typed_keys(&loaded, 4, &best);
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("Saved to your history as Ana Lee."), "{text}");
    let list = common::hardcall_with_data(&data, &["results", "list"]);
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(
        listing.contains("Ana Lee") && listing.contains("double-charge") && listing.contains("best 100%"),
        "{listing}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_stored_score_card_must_match_the_replay_too() {
    let library = common::shipped();
    let loaded = common::load("double-charge.ron");
    let honest = played(&loaded, "Ana", 3, true);
    assert!(!honest.strategies.is_empty() && honest.turn_points.len() == honest.choices.len());
    let mut shifted = honest.clone();
    // The same total, redistributed between strategies: still a forgery.
    let (first, second) = {
        let mut ids = shifted.strategies.keys().cloned();
        (ids.next().unwrap(), ids.next().unwrap())
    };
    *shifted.strategies.get_mut(&first).unwrap() += 5;
    *shifted.strategies.get_mut(&second).unwrap() -= 5;
    assert_eq!(verify(&resign(shifted), &library), Err(Rejection::CardDiffers));
    let mut turns = honest.clone();
    turns.turn_points[0] += 1;
    turns.turn_points[1] -= 1;
    assert_eq!(verify(&resign(turns), &library), Err(Rejection::CardDiffers));
}

#[test]
fn attempts_recorded_before_the_rating_still_verify_with_the_percentage_they_earned() {
    let loaded = common::load("double-charge.ron");
    let library = vec![loaded.clone()];
    let variant = loaded.main();
    let positions = variant.analysis.best_anti_pattern_path.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(variant.scenario.clone(), 11);
    session.play(&positions).unwrap();
    let card = score_card(&session, &variant.analysis);
    let mut old = Attempt::record(
        &loaded,
        &session,
        &card,
        "Ana",
        None,
        vec![1500; positions.len()],
        1_700_000_000_000,
        1_700_000_090_000,
    );
    // What the first scoring model stored: no rating, the total between the worst and best.
    old.score = Score::legacy(&session, &variant.analysis);
    let old = resign(old);
    let json = serde_json::to_string(&old).unwrap();
    assert!(!json.contains("\"rating\""), "an old attempt's file has no rating: {json}");
    let replayed = verify(&old, &library).expect("an old attempt verifies");
    assert!(replayed.score.percent < 90, "replayed today it rates {}%", replayed.score.percent);
    assert!(
        old.score.percent > replayed.score.percent,
        "the old model was kinder to this slip: {}% then, {}% now",
        old.score.percent,
        replayed.score.percent
    );
    // Read back from its file, it keeps its id and still verifies.
    let read: Attempt = serde_json::from_str(&json).unwrap();
    assert_eq!(read.content_id(), old.id);
    assert!(verify(&read, &library).is_ok());
    // An old attempt whose percentage was edited is still caught.
    let mut edited = old.clone();
    edited.score.percent = 100;
    let rejection = verify(&resign(edited), &library).unwrap_err();
    assert_eq!(rejection.to_string(), format!("it claims 100% but replaying it gives {}%", old.score.percent));
}
