//! Hostile and clumsy inputs, as a user would give them: a named pipe or a device where a
//! file should be, folders of links to themselves, many importers creating one database at
//! once, a reader while another process writes, a damaged row, and attempts whose times,
//! reply times or names cannot be true. Each finishes within a time bound with a clear
//! message, and loses nothing.
#![cfg(unix)]

mod common;

use hardcall::records::attempts::{Attempt, check_plausible};
use hardcall::records::export::AttemptsFile;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Every command here must finish well within this, or it is hanging.
const BOUND: Duration = Duration::from_secs(60);

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-hardening-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the command, killing it if it outlives [`BOUND`] (a hang fails the test instead of
/// stalling the suite).
fn bounded(mut command: Command) -> Output {
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!("hung for over {BOUND:?}; stderr so far:\n{}", String::from_utf8_lossy(&output.stderr));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rating/detour.ron")
}

#[test]
fn a_named_pipe_given_as_a_scenario_is_refused_not_waited_on() {
    let dir = temp_dir("fifo");
    let pipe = dir.join("p.ron");
    mkfifo(&pipe);
    let output = bounded(common::hardcall(&["validate", pipe.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("a named pipe (FIFO), not a file"), "{}", text(&output));
    // In a folder, beside a good scenario: the good one is still checked.
    std::fs::copy(fixture(), dir.join("detour.ron")).unwrap();
    let output = bounded(common::hardcall(&["validate", dir.to_str().unwrap()]));
    let out = text(&output);
    assert!(out.contains("named pipe") && out.contains("ok: ") && out.contains("detour"), "{out}");
    // A competition and a trainer's catalogue that are pipes are refused the same way.
    let assets = dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    mkfifo(&assets.join("strategies.ron"));
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/disc.ron"), assets.join("disc.ron")).unwrap();
    let output =
        bounded(common::hardcall(&["validate", "--assets", assets.to_str().unwrap(), fixture().to_str().unwrap()]));
    assert_ne!(output.status.code(), Some(0));
    assert!(text(&output).contains("named pipe"), "{}", text(&output));
}

#[test]
fn a_device_is_refused_before_it_is_read() {
    let dir = temp_dir("device");
    let assets = dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    // /dev/zero reports a size of 0 and never ends: a reader trusting the size would fill memory.
    std::os::unix::fs::symlink("/dev/zero", assets.join("strategies.ron")).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/disc.ron"), assets.join("disc.ron")).unwrap();
    let output =
        bounded(common::hardcall(&["validate", "--assets", assets.to_str().unwrap(), fixture().to_str().unwrap()]));
    assert_ne!(output.status.code(), Some(0));
    assert!(text(&output).contains("a device, not a file"), "{}", text(&output));
    let output = bounded(common::hardcall(&["validate", "/dev/zero"]));
    assert!(text(&output).contains("a device, not a file"), "{}", text(&output));
}

#[test]
fn folders_of_links_to_themselves_are_walked_once_and_say_what_was_skipped() {
    let dir = temp_dir("links");
    std::fs::copy(fixture(), dir.join("detour.ron")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("a")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("b")).unwrap();
    for command in [["validate"].as_slice(), &["coverage"], &["audit"]] {
        let mut args = command.to_vec();
        args.push(dir.to_str().unwrap());
        let output = bounded(common::hardcall(&args));
        let out = text(&output);
        assert!(out.contains("skipped") && out.contains("a link to a folder, not followed"), "{command:?}: {out}");
    }
    let output = bounded(common::hardcall(&["validate", dir.to_str().unwrap()]));
    assert!(text(&output).contains("checked 1 file:"), "the scenario is loaded once: {}", text(&output));
    // The picker's folder and the leaderboard walk it too.
    let output = bounded(common::hardcall(&["leaderboard", "--scenarios", dir.to_str().unwrap()]));
    assert!(text(&output).contains("no competitions"), "{}", text(&output));
}

/// An attempt on the detour fixture, played cleanly, ready to export.
fn attempt(trainee: &str, seed: u64) -> (Attempt, PathBuf) {
    let scenarios = temp_dir(&format!("scenarios-{trainee}-{seed}"));
    std::fs::copy(fixture(), scenarios.join("detour.ron")).unwrap();
    let loaded = hardcall::authoring::load::load_scenario_file(&scenarios.join("detour.ron"), &common::knowledge())
        .unwrap_or_else(|f| panic!("{}", f.render()));
    let (mut session, _) = hardcall::engine::session::Session::start(loaded.main().scenario.clone(), seed);
    session.play(&[1, 1]).unwrap();
    let card = hardcall::engine::card::score_card(&session, &loaded.main().analysis);
    let now = hardcall::records::time::now_ms();
    let attempt = Attempt::record(&loaded, &session, &card, trainee, None, vec![2000, 3000], now - 60_000, now - 1000);
    (attempt, scenarios)
}

fn resign(mut attempt: Attempt) -> Attempt {
    attempt.id = attempt.content_id();
    attempt
}

#[test]
fn importers_creating_one_new_database_at_once_all_succeed() {
    let dir = temp_dir("concurrent");
    let data = dir.join("data");
    let (first, scenarios) = attempt("Ana", 1);
    // Every file is written before any importer starts, so they all start together.
    let files: Vec<PathBuf> = (0..8)
        .map(|i| {
            let mut one = first.clone();
            one.trainee = format!("Trainee {i}");
            let file = dir.join(format!("c{i}.json"));
            std::fs::write(&file, AttemptsFile::new(vec![resign(one)]).to_json()).unwrap();
            file
        })
        .collect();
    let mut children = Vec::new();
    for file in &files {
        let mut command = common::hardcall(&["results", "import", file.to_str().unwrap()]);
        command.arg("--data-dir").arg(&data).arg("--scenarios").arg(&scenarios);
        children.push(command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap());
    }
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert!(!text(&output).contains("another version"), "{}", text(&output));
    }
    let listed = bounded({
        let mut c = common::hardcall(&["results", "list"]);
        c.arg("--data-dir").arg(&data);
        c
    });
    for i in 0..8 {
        assert!(text(&listed).contains(&format!("Trainee {i}")), "{}", text(&listed));
    }
}

#[test]
fn reading_commands_work_while_another_process_writes_and_create_nothing() {
    let dir = temp_dir("reader");
    let data = dir.join("data");
    let (one, scenarios) = attempt("Ana", 2);
    let file = dir.join("one.json");
    std::fs::write(&file, AttemptsFile::new(vec![one]).to_json()).unwrap();
    let mut import = common::hardcall(&["results", "import", file.to_str().unwrap()]);
    import.arg("--data-dir").arg(&data).arg("--scenarios").arg(&scenarios);
    assert_eq!(bounded(import).status.code(), Some(0));
    // Another process takes the write lock and keeps it for longer than a writer would wait.
    let db = data.join("attempts.sqlite");
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; UPDATE attempts SET trainee = trainee;").unwrap();
    for command in [["results", "list"], ["results", "export"]] {
        let mut c = common::hardcall(&command);
        c.arg("--data-dir").arg(&data);
        let started = Instant::now();
        let output = bounded(c);
        assert_eq!(output.status.code(), Some(0), "{command:?}: {}", text(&output));
        assert!(text(&output).contains("Ana"), "{}", text(&output));
        assert!(started.elapsed() < Duration::from_secs(3), "{command:?} waited for the writer");
    }
    writer.execute_batch("ROLLBACK").unwrap();
    // Listing a history that does not exist yet says nothing is there and creates nothing.
    let empty = dir.join("nowhere");
    let mut c = common::hardcall(&["results", "list"]);
    c.arg("--data-dir").arg(&empty);
    assert_eq!(bounded(c).status.code(), Some(0));
    assert!(!empty.join("attempts.sqlite").exists());
}

#[test]
fn a_damaged_row_is_named_and_the_rest_are_still_listed_and_exported() {
    let dir = temp_dir("damaged");
    let data = dir.join("data");
    let (one, scenarios) = attempt("Ana", 3);
    let (two, _) = attempt("Bo", 4);
    let file = dir.join("two.json");
    std::fs::write(&file, AttemptsFile::new(vec![one, two.clone()]).to_json()).unwrap();
    let mut import = common::hardcall(&["results", "import", file.to_str().unwrap()]);
    import.arg("--data-dir").arg(&data).arg("--scenarios").arg(&scenarios);
    assert_eq!(bounded(import).status.code(), Some(0));
    let db = rusqlite::Connection::open(data.join("attempts.sqlite")).unwrap();
    db.execute("UPDATE attempts SET record = '{not json' WHERE id = ?1", [&two.id]).unwrap();
    drop(db);
    for command in [["results", "list"], ["results", "export"]] {
        let mut c = common::hardcall(&command);
        c.arg("--data-dir").arg(&data);
        let output = bounded(c);
        let out = text(&output);
        assert_eq!(output.status.code(), Some(0), "{out}");
        assert!(out.contains("Ana"), "the readable attempt is kept: {out}");
        assert!(out.contains(&format!("warning: attempt {}", two.id)) && out.contains("left out"), "{out}");
    }
}

#[test]
fn implausible_times_and_names_are_refused_with_what_is_wrong() {
    let now = hardcall::records::time::now_ms();
    let (good, _) = attempt("Ana", 5);
    assert_eq!(check_plausible(&good, now), Ok(()));
    type Edit = Box<dyn Fn(&mut Attempt)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|a| a.response_ms[0] = u64::MAX - 5), "more than a day"),
        (Box::new(|a| a.started_at_ms = i64::MIN), "before Hard Call's scenario format existed"),
        (Box::new(|a| a.ended_at_ms = 253_402_300_800_000), "on 10000-01-01, in the future"),
        (Box::new(|a| a.started_at_ms = a.ended_at_ms + 1), "ends before it starts"),
        (Box::new(|a| a.response_ms = vec![60_000, 60_000]), "longer than the"),
        (Box::new(|a| a.trainee = "Ana\u{1b}[2J".into()), "control characters"),
        (Box::new(|a| a.trainee = "   ".into()), "no trainee name"),
        (Box::new(|a| a.trainee = "x".repeat(81)), "longer than 80 characters"),
    ];
    for (edit, expected) in cases {
        let mut bad = good.clone();
        edit(&mut bad);
        let reason = check_plausible(&bad, now).expect_err(expected);
        assert!(reason.contains(expected), "`{reason}` should say `{expected}`");
    }
    // The sum of absurd reply times saturates instead of wrapping to something small.
    let mut huge = good.clone();
    huge.response_ms = vec![u64::MAX, 5];
    assert_eq!(huge.total_response_ms(), u64::MAX);
}

#[test]
fn import_refuses_an_implausible_attempt_and_a_missing_scenarios_folder_once() {
    let dir = temp_dir("import-checks");
    let data = dir.join("data");
    let (good, scenarios) = attempt("Ana", 6);
    let mut future = good.clone();
    future.ended_at_ms = 253_402_300_800_000;
    let file = dir.join("future.json");
    std::fs::write(&file, AttemptsFile::new(vec![resign(future)]).to_json()).unwrap();
    let mut import = common::hardcall(&["results", "import", file.to_str().unwrap()]);
    import.arg("--data-dir").arg(&data).arg("--scenarios").arg(&scenarios);
    let output = bounded(import);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("in the future"), "{}", text(&output));
    let mut import = common::hardcall(&["results", "import", file.to_str().unwrap()]);
    import.arg("--data-dir").arg(&data).arg("--scenarios").arg(dir.join("no-such-folder"));
    let output = bounded(import);
    assert_eq!(output.status.code(), Some(2));
    let out = text(&output);
    assert!(out.contains("does not exist") && !out.contains("not known here"), "{out}");
}

#[test]
fn small_things_users_hit_get_a_clear_answer() {
    let dir = temp_dir("small");
    // Coverage of an empty folder says so, as validate does.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let output = bounded(common::hardcall(&["coverage", empty.to_str().unwrap()]));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("no .ron files found"), "{}", text(&output));
    // Accented names make a readable id instead of "no letters".
    let made = dir.join("made");
    std::fs::create_dir_all(&made).unwrap();
    let mut new = common::hardcall(&["new", "éàü", "--style", "S", "--out"]);
    new.arg(made.join("x.ron"));
    let output = bounded(new);
    assert!(output.status.success(), "{}", text(&output));
    let written = std::fs::read_to_string(made.join("x.ron")).unwrap();
    assert!(written.contains("id: \"eau\""), "{written}");
    // A trainer's catalogue that is not UTF-8 is called that, not a syntax error.
    let assets = dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("strategies.ron"), b"(strategies: [\xff\xfe])").unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/disc.ron"), assets.join("disc.ron")).unwrap();
    let output =
        bounded(common::hardcall(&["validate", "--assets", assets.to_str().unwrap(), fixture().to_str().unwrap()]));
    assert!(text(&output).contains("is not UTF-8 text"), "{}", text(&output));
}
