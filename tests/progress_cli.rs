//! `hardcall progress` and `hardcall report` on a history made here: the terminal says what
//! the model computes, the page and the CSV carry the cohort, names are escaped and cells
//! that would run as formulas are neutralised.

mod common;

use hardcall::authoring::load::LoadedScenario;
use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;
use hardcall::records::attempts::Attempt;
use hardcall::records::progress::history::gather;
use hardcall::records::progress::{Clock, Options, cohort, learner_progress, offers, plan};
use hardcall::records::store::Store;
use hardcall::records::time::parse_utc;
use std::path::Path;

fn at(date: &str) -> i64 {
    parse_utc(&format!("{date}T10:00:00Z")).unwrap()
}

/// A finished attempt of `loaded`'s main personality on the best or worst path.
fn played(loaded: &LoadedScenario, trainee: &str, best: bool, ended: i64) -> Attempt {
    let variant = loaded.main();
    let path = if best { &variant.analysis.best } else { &variant.analysis.worst };
    let positions = path.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(variant.scenario.clone(), 11);
    session.play(&positions).unwrap();
    let card = score_card(&session, &variant.analysis);
    Attempt::record(loaded, &session, &card, trainee, None, vec![1_000; positions.len()], ended - 60_000, ended)
}

/// Ana played three conversations this week (one badly), Bo one twelve days ago; a
/// trainee with a name a spreadsheet would run and one with HTML in it played once each.
fn history(dir: &Path) -> Vec<LoadedScenario> {
    let library = common::shipped();
    let find = |id: &str| library.iter().find(|l| l.id() == id).unwrap();
    let mut store = Store::open(&dir.join("attempts.sqlite")).unwrap();
    let mut tampered = played(find("outage-chat"), "Ana", true, at("2026-11-24"));
    tampered.score.percent = 1;
    tampered.id = tampered.content_id();
    store
        .insert_all(&[
            played(find("double-charge"), "Ana", false, at("2026-11-23")),
            played(find("late-delivery-email"), "Ana", true, at("2026-11-24")),
            played(find("wrong-about-facts"), "Ana", true, at("2026-11-25")),
            played(find("double-charge"), "Bo", true, at("2026-11-14")),
            played(find("outage-chat"), "=HYPERLINK(\"x\")", true, at("2026-11-25")),
            played(find("outage-chat"), "Eve <b>&", false, at("2026-11-25")),
            tampered,
        ])
        .unwrap();
    library
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let output = common::hardcall(args).arg("--data-dir").arg(dir).env("TZ", "UTC").output().unwrap();
    let (out, err) = (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap());
    assert!(output.status.success(), "{args:?}\n{out}\n{err}");
    (out, err)
}

#[test]
fn progress_in_the_terminal_is_what_the_model_computes() {
    let dir = tempfile::tempdir().unwrap();
    let library = history(dir.path());
    let (out, err) =
        run(dir.path(), &["progress", "--trainee", "Ana", "--json", "--as-of", "2026-11-26", "--goal", "4"]);
    // The attempt whose score was edited is left out, and says so.
    assert!(err.contains("left out") && err.contains("replaying it gives"), "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();

    let store = Store::open_read_only(&dir.path().join("attempts.sqlite")).unwrap();
    let gathered = gather(&store, &library, &common::knowledge(), Some("Ana")).unwrap();
    let clock = Clock { now_ms: at("2026-11-26") + 14 * 3_600_000 - 1, utc_offset_minutes: 0 };
    let options = Options { weekly_goal: 4, ..Options::new(clock) };
    let catalogue = &common::knowledge().catalogue;
    let expected = learner_progress("Ana", &gathered.evidence, catalogue, &options);
    let picks = plan(&expected, &offers(&library));
    assert_eq!(value["progress"]["skills"], serde_json::to_value(&expected.skills).unwrap());
    assert_eq!(value["plan"], serde_json::to_value(&picks).unwrap());
    assert_eq!(value["progress"]["attempts"], 3);
    assert_eq!(value["progress"]["streak"], 3);
    assert_eq!(value["progress"]["week"]["done"], 3);
    assert_eq!(value["progress"]["week"]["goal"], 4);
    assert_eq!(picks.len(), 3);
    assert!(!expected.mistakes.is_empty(), "the worst path commits anti-patterns");

    let (text, _) = run(dir.path(), &["progress", "--trainee", "Ana", "--as-of", "2026-11-26"]);
    assert!(text.contains("Progress of Ana · 2026-11-26"), "{text}");
    assert!(text.contains("3 days in a row"), "{text}");
    assert!(text.contains("Practise next"), "{text}");
    for pick in &picks {
        assert!(text.contains(&pick.reason), "{text}");
    }
    assert!(text.contains("hardcall play "), "{text}");
    assert!(text.contains("Mistakes to go back to") && text.contains("--review 1"), "{text}");
}

#[test]
fn the_report_writes_a_page_and_a_spreadsheet_of_the_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let library = history(dir.path());
    let html = dir.path().join("cohort.html");
    let csv = dir.path().join("cohort.csv");
    let (text, _) = run(
        dir.path(),
        &["report", "--as-of", "2026-11-26", "--html", html.to_str().unwrap(), "--csv", csv.to_str().unwrap()],
    );
    assert!(text.contains("4 learner(s)"), "{text}");
    assert!(text.contains("Not practised for a week") && text.contains("Bo") && text.contains("12 days ago"), "{text}");

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Eve &lt;b&gt;&amp;"), "names are escaped");
    assert!(!page.contains("Eve <b>"), "no name is taken as HTML");
    assert!(page.contains("Learners and strategies") && page.contains("weakest strategies"));
    assert!(!page.contains("<script"), "the page runs nothing");

    let sheet = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[0] == "'=HYPERLINK(\"x\")"), "formula-like names are neutralised");
    assert!(rows.iter().all(|r| !r[0].starts_with('=')));
    assert!(sheet.contains("\r\n"), "RFC 4180 line ends");

    // The JSON is the model's cohort.
    let (json, _) = run(dir.path(), &["report", "--as-of", "2026-11-26", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let store = Store::open_read_only(&dir.path().join("attempts.sqlite")).unwrap();
    let gathered = gather(&store, &library, &common::knowledge(), None).unwrap();
    let clock = Clock { now_ms: at("2026-11-26") + 14 * 3_600_000 - 1, utc_offset_minutes: 0 };
    let expected = cohort(&gathered.evidence, &common::knowledge().catalogue, &Options::new(clock));
    assert_eq!(value, serde_json::to_value(&expected).unwrap());
    assert_eq!(expected.idle.iter().map(|i| i.trainee.as_str()).collect::<Vec<_>>(), ["Bo"]);
    // Every row of the sheet is a learner's strategy in the cohort.
    let met: usize = expected.learners.iter().map(|l| l.skills.iter().filter(|s| s.tally.offered > 0).count()).sum();
    assert_eq!(rows.len(), met);
}

#[test]
fn a_bad_date_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        common::hardcall(&["progress", "--as-of", "26/11/2026"]).arg("--data-dir").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("--as-of wants a date such as 2026-11-26"), "{err}");
}

#[test]
fn a_mistake_is_gone_back_to_in_the_terminal_and_stored_as_a_review() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let library = history(dir.path());
    let loaded = library.iter().find(|l| l.id() == "double-charge").unwrap();
    let variant = loaded.main();
    let worst = variant.analysis.worst.as_ref().unwrap().positions();
    // The newest mistake of Ana's is the first anti-pattern of her double-charge.
    let (mut session, _) = Session::start(variant.scenario.clone(), 11);
    session.play(&worst).unwrap();
    let turn = session
        .turns()
        .iter()
        .position(|t| session.scenario().choice(t.before.node, t.choice).commits_anti_pattern)
        .unwrap();
    // From there the trainee types the best clean reply each time, by the number it is shown under.
    let (mut again, _) = Session::start(variant.scenario.clone(), 11);
    again.play(&worst[..turn]).unwrap();
    let mut keys = String::new();
    while !again.is_over() {
        let (choice, _) = variant.analysis.best_reply(again.scenario(), again.state()).unwrap();
        let position = again.offered().iter().position(|&c| c == choice).unwrap() + 1;
        keys.push_str(&format!("{}\n", again.shown_of(position).unwrap()));
        again.choose(position).unwrap();
    }
    let mut child = common::hardcall(&["progress", "--trainee", "Ana", "--review", "1", "--data-dir"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(keys.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains(&format!("Back at turn {}", turn + 1)), "{text}");
    assert!(text.contains(&format!("Saved as the review of turn {}", turn + 1)), "{text}");

    let (json, _) = run(dir.path(), &["progress", "--trainee", "Ana", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["progress"]["reviews"], 1);
    assert_eq!(value["progress"]["attempts"], 3, "a review is not a fresh attempt");
    let mistakes = value["progress"]["mistakes"].as_array().unwrap();
    let gone_back = mistakes.iter().filter(|m| m["turn"] == turn && m["scenario"] == "double-charge");
    assert!(
        gone_back.clone().count() > 0 && gone_back.into_iter().all(|m| m["reviewed"] == true && m["fixed"] == true)
    );
    // The best scores do not change: a review is practice.
    let list = common::hardcall_with_data(dir.path(), &["results", "list", "--trainee", "Ana"]);
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(listing.contains("double-charge") && listing.contains("1 attempt(s)"), "{listing}");

    // Asking for a mistake that is not there says so.
    let output = common::hardcall(&["progress", "--trainee", "Ana", "--review", "99"])
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no mistake 99 to review"));
}
