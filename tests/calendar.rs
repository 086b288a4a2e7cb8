//! Nothing breaks when the calendar turns: the date-sensitive rules (competition windows, an
//! attempt "in the future", the database's leaderboard, timestamps) played at fixed times
//! before, inside and after a window, across a year boundary and on 29 February; the clock
//! set with `HARDCALL_NOW`; and `hardcall serve` on the shipped cup taking a round that
//! counts in 2027, 2030 and 2099. CI also runs the whole suite a year and ten years ahead.

mod common;

use hardcall::authoring::load::LoadedScenario;
use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;
use hardcall::records::attempts::{Attempt, CLOCK_SKEW_MS, check_plausible};
use hardcall::records::competition::{Competition, breaks_rules, import_check, load_competition};
use hardcall::records::export::AttemptsFile;
use hardcall::records::store::Store;
use hardcall::records::time::{ClockSetting, NOW_ENV, now_ms, parse_clock, parse_utc, timestamp};
use std::io::Write;
use std::process::Stdio;

const CUP: &str = include_str!("../scenarios/competitions/autumn-cup.ron");
/// The shipped cup's rounds and teams, open from 2027-12-01T08:00:00Z to 2028-02-29T18:00:00Z.
const WINTER: &str = include_str!("calendar/winter-cup.ron");

#[derive(Clone, Copy, Debug, PartialEq)]
enum Window {
    Before,
    Inside,
    After,
}

/// The times an attempt ends at, and where that is against the winter cup's window. The
/// shipped cup has no end, so every one of them counts for it.
const NOWS: [(&str, Window); 13] = [
    ("2026-12-07T12:00:00Z", Window::Before),
    // The day the shipped cup used to end.
    ("2027-02-01T00:00:00Z", Window::Before),
    ("2027-11-30T23:59:59Z", Window::Before),
    ("2027-12-01T08:00:00Z", Window::Inside),
    // Played from 2027-12-31T23:59:30Z into the new year.
    ("2028-01-01T00:00:30Z", Window::Inside),
    ("2028-02-29T12:00:00Z", Window::Inside),
    ("2028-02-29T18:00:00Z", Window::Inside),
    ("2028-02-29T18:00:01Z", Window::After),
    ("2028-03-01T00:00:00Z", Window::After),
    ("2030-01-01T00:00:00Z", Window::After),
    ("2036-02-29T09:00:00Z", Window::After),
    ("2099-12-31T23:59:59Z", Window::After),
    // Played from 2099-12-31T23:59:30Z into 2100, which has no 29 February.
    ("2100-01-01T00:00:30Z", Window::After),
];

fn competition(name: &str, source: &str, library: &[LoadedScenario]) -> Competition {
    load_competition(name, source, library)
        .unwrap_or_else(|d| panic!("{}", hardcall::authoring::render::render_all(source, &d)))
}

/// Ana's best play of the first round, a minute long, ending at `ended`, entered for `cup`.
fn attempt_ending(library: &[LoadedScenario], cup: &Competition, ended: i64) -> Attempt {
    let round = &cup.rounds[0];
    let loaded = library.iter().find(|l| l.id() == round.scenario).unwrap();
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(loaded.main().scenario.clone(), round.seed);
    session.play(&best).unwrap();
    let card = score_card(&session, &loaded.main().analysis);
    let mut attempt = Attempt::record(
        loaded,
        &session,
        &card,
        "Ana Lee",
        Some("Blue"),
        vec![5_000; best.len()],
        ended - 60_000,
        ended,
    );
    attempt.competition = Some(cup.name.clone());
    attempt.id = attempt.content_id();
    attempt
}

#[test]
fn the_date_sensitive_rules_hold_before_inside_and_after_a_window_on_any_date() {
    let library = common::shipped();
    let shipped = competition("autumn-cup.ron", CUP, &library);
    let winter = competition("winter-cup.ron", WINTER, &library);
    assert_eq!(shipped.window_ms().1, None, "the shipped cup cannot expire under a new user");
    let both = [shipped.clone(), winter.clone()];
    for (text, window) in NOWS {
        let now = parse_utc(text).unwrap_or_else(|| panic!("{text} is a UTC time"));
        assert_eq!(timestamp(now), text.replace('Z', ".000Z"), "xAPI timestamps write {text} back");

        // Finished just now on this machine: plausible, and counted by the cup without end.
        let attempt = attempt_ending(&library, &shipped, now);
        assert_eq!(check_plausible(&attempt, now), Ok(()), "at {text}");
        assert_eq!(breaks_rules(&shipped, &attempt), None, "the shipped cup counts it at {text}");
        assert_eq!(import_check(&attempt, &library, &both, now), Ok(()), "at {text}");
        // Beyond the clock skew allowed, an end is in the future whatever the date.
        let ahead = attempt_ending(&library, &shipped, now + CLOCK_SKEW_MS + 1_000);
        let reason = check_plausible(&ahead, now).unwrap_err();
        assert!(reason.contains("in the future"), "at {text}: {reason}");

        // The winter cup counts it only inside its window, in Rust and in SQL alike.
        let entered = attempt_ending(&library, &winter, now);
        let verdict = breaks_rules(&winter, &entered);
        match window {
            Window::Before => assert!(verdict.as_deref().unwrap().contains("before the competition started"), "{text}"),
            Window::Inside => assert_eq!(verdict, None, "{text}"),
            Window::After => assert!(verdict.as_deref().unwrap().contains("after the competition ended"), "{text}"),
        }
        let imported = import_check(&entered, &library, &both, now);
        assert_eq!(imported.is_ok(), window == Window::Inside, "{text}: {imported:?}");
        let mut store = Store::in_memory();
        store.insert_all(&[attempt, entered]).unwrap();
        assert_eq!(
            store.competition_rows(&shipped).unwrap().len(),
            1,
            "the database counts it for the shipped cup at {text}"
        );
        let counted = store.competition_rows(&winter).unwrap().len();
        assert_eq!(counted, usize::from(window == Window::Inside), "the database's winter window at {text}");
    }
}

#[test]
fn windows_know_29_february_and_say_what_they_are() {
    assert!(parse_utc("2028-02-29T00:00:00Z").is_some());
    assert!(parse_utc("2000-02-29T00:00:00Z").is_some(), "2000 is a leap year");
    assert_eq!(parse_utc("2027-02-29T00:00:00Z"), None);
    assert_eq!(parse_utc("2100-02-29T00:00:00Z"), None, "2100 is not");
    assert_eq!(parse_utc("2028-03-01T00:00:00Z").unwrap() - parse_utc("2028-02-28T00:00:00Z").unwrap(), 2 * 86_400_000);
    let library = common::shipped();
    let no_leap_day = WINTER.replace("2028-02-29T18:00:00Z", "2027-02-29T18:00:00Z");
    let diagnostics = load_competition("winter-cup.ron", &no_leap_day, &library).unwrap_err();
    assert!(diagnostics.iter().any(|d| d.code == "bad-time" && d.message.contains("2027-02-29")), "{diagnostics:?}");

    // What the picker shows of each window.
    let shipped = competition("autumn-cup.ron", CUP, &library);
    let winter = competition("winter-cup.ron", WINTER, &library);
    assert_eq!(shipped.window_text().as_deref(), Some("from 2026-11-01T08:00:00Z, no end"));
    assert_eq!(winter.window_text().as_deref(), Some("2027-12-01T08:00:00Z to 2028-02-29T18:00:00Z"));
    let open_ended = Competition { starts: None, ..winter.clone() };
    assert_eq!(open_ended.window_text().as_deref(), Some("until 2028-02-29T18:00:00Z"));
}

fn system_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

#[test]
fn the_clock_reads_hardcall_now_and_a_malformed_one_is_refused() {
    // This process's clock: the system's, or what CI set with HARDCALL_NOW (it must parse, or
    // a shifted run would quietly test today instead).
    let (now, system) = (now_ms(), system_ms());
    match std::env::var(NOW_ENV) {
        Ok(text) => match parse_clock(&text).unwrap_or_else(|problem| panic!("{problem}")) {
            ClockSetting::At(set) => {
                assert!((set..set + 60 * 60 * 1000).contains(&now), "{NOW_ENV}={text}: {}", timestamp(now));
            }
            ClockSetting::Shift(ms) => {
                assert!((now - system - ms).abs() < 5_000, "{NOW_ENV}={text}: {}", timestamp(now));
            }
        },
        Err(_) => assert!((now - system).abs() < 5_000, "the clock reads {}", timestamp(now)),
    }
    assert_eq!(parse_clock("2028-02-29T17:00:00Z"), Ok(ClockSetting::At(parse_utc("2028-02-29T17:00:00Z").unwrap())));
    assert_eq!(parse_clock("+365d"), Ok(ClockSetting::Shift(365 * 86_400_000)));
    assert_eq!(parse_clock("-30d"), Ok(ClockSetting::Shift(-30 * 86_400_000)));
    for bad in ["", "next spring", "365d", "+1y", "+d", "+99999999999d", "2027-02-29T00:00:00Z"] {
        assert!(parse_clock(bad).unwrap_err().contains("neither a UTC time"), "`{bad}`");
    }
    let output = common::hardcall(&["validate", "scenarios/"]).env(NOW_ENV, "next spring").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("HARDCALL_NOW is `next spring`, neither a UTC time"), "{stderr}");
}

/// `hardcall serve` on `competition` with `HARDCALL_NOW=now`: Cam plays round 1 with
/// `hardcall join` (on the same clock), and the organiser's export of it, which must have
/// been played from `from` on (by the clock it was given, not today's).
fn live_round_at(competition: &str, now: &str, from: i64, name: &str) -> (serde_json::Value, Attempt) {
    let dir = common::server::temp_dir(name);
    let mut command = common::hardcall(&["serve", "--competition", competition, "--bind", "127.0.0.1:0"]);
    command.arg("--database").arg(format!("sqlite:{}", dir.join("live.sqlite").display())).env(NOW_ENV, now);
    let server = common::server::started(command);
    let mut child = common::hardcall(&["join", &server.url, "--code", &server.code("Green"), "--trainee", "Cam Diaz"])
        .args(["--round", "1"])
        .env(NOW_ENV, now)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("1\n".repeat(12).as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "at {now}: {out}{}", String::from_utf8_lossy(&output.stderr));
    assert!(out.contains("Round 1 over:"), "at {now}: {out}");
    let get = |path: &str| -> String {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let response = agent
            .get(&format!("{}{path}", server.url))
            .header("Authorization", &format!("Bearer {}", server.token))
            .call();
        response.unwrap().into_body().read_to_string().unwrap()
    };
    let board: serde_json::Value = serde_json::from_str(&get("/api/leaderboard")).unwrap();
    let exported = AttemptsFile::parse(&get("/api/organiser/export?format=attempts")).unwrap();
    assert_eq!(exported.attempts.len(), 1, "at {now}");
    let attempt = exported.attempts.into_iter().next().unwrap();
    let played = timestamp(attempt.started_at_ms);
    assert!(attempt.started_at_ms >= from && attempt.ended_at_ms < from + 10 * 60 * 1000, "at {now}: {played}");
    (board, attempt)
}

#[test]
fn the_shipped_cup_served_in_2027_2030_and_2099_accepts_a_round_that_counts() {
    // Set as a time, and as days ahead (ten years, as CI runs the suite).
    let nows = ["2027-02-01T09:00:00Z", "2030-01-01T00:00:00Z", "2099-12-31T23:59:58Z", "+3653d"];
    for (i, now) in nows.into_iter().enumerate() {
        let from = parse_utc(now).unwrap_or_else(|| system_ms() + 3653 * 86_400_000 - 1_000);
        let (board, attempt) =
            live_round_at("scenarios/competitions/autumn-cup.ron", now, from, &format!("calendar-{i}"));
        let round = &board["leaderboard"]["rounds"]["double-charge"];
        assert_eq!(round[0]["name"], "Cam Diaz", "the round counts at {now}: {board}");

        // Its export imports on a machine whose clock says the same, and ranks there too.
        let data = common::server::temp_dir(&format!("calendar-import-{i}"));
        let file = data.join("cup.json");
        std::fs::write(&file, AttemptsFile::new(vec![attempt]).to_json()).unwrap();
        let mut import = common::hardcall(&["results", "import", file.to_str().unwrap()]);
        let output = import.arg("--data-dir").arg(&data).env(NOW_ENV, now).output().unwrap();
        let out = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && out.contains("imported 1 new attempt(s)"), "at {now}: {out}");
        let mut leaderboard =
            common::hardcall(&["leaderboard", "--competition", "scenarios/competitions/autumn-cup.ron"]);
        let output = leaderboard.arg("--json").arg("--data-dir").arg(&data).env(NOW_ENV, now).output().unwrap();
        let board: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|_| panic!("at {now}: {}", String::from_utf8_lossy(&output.stderr)));
        assert_eq!(board[0]["rounds"]["double-charge"][0]["name"], "Cam Diaz", "at {now}: {board}");
    }
}

#[test]
fn a_served_cup_with_a_window_counts_a_round_played_on_its_last_day() {
    // 29 February 2028, an hour before the winter cup closes.
    let now = "2028-02-29T17:00:00Z";
    let (board, attempt) =
        live_round_at("tests/calendar/winter-cup.ron", now, parse_utc(now).unwrap(), "calendar-leap");
    assert!(timestamp(attempt.ended_at_ms).starts_with("2028-02-29T17:"), "{attempt:?}");
    assert_eq!(board["leaderboard"]["rounds"]["double-charge"][0]["name"], "Cam Diaz", "{board}");
}
