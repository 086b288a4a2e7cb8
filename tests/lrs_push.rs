//! `hardcall results push` against a small LRS stand-in on 127.0.0.1: basic authentication,
//! batches, a retried transient failure, and nothing sent twice.

mod common;

use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;
use hardcall::records::attempts::Attempt;
use hardcall::records::export::AttemptsFile;
use std::io::{Read, Write};
use std::net::TcpListener;

use common::fake_lrs::fake_lrs;

fn played(seed: u64) -> Attempt {
    let loaded = common::load("double-charge.ron");
    let variant = loaded.main();
    let positions = variant.analysis.best.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
    session.play(&positions).unwrap();
    let card = score_card(&session, &variant.analysis);
    Attempt::record(
        &loaded,
        &session,
        &card,
        "Ana Lee",
        None,
        vec![1500; positions.len()],
        1_700_000_000_000,
        1_700_000_060_000,
    )
}

/// `hardcall` on the history in `data`, with the LRS credentials in its environment.
fn with_credentials(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::hardcall(args)
        .arg("--data-dir")
        .arg(data)
        .env("HARDCALL_LRS_USER", "trainer")
        .env("HARDCALL_LRS_PASSWORD", "pa:ss word")
        .output()
        .unwrap()
}

#[test]
fn push_sends_every_statement_once_with_basic_auth() {
    let dir = std::env::temp_dir().join(format!("hardcall-push-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let export = dir.join("attempts.json");
    std::fs::write(&export, AttemptsFile::new(vec![played(1), played(2)]).to_json()).unwrap();
    assert!(common::hardcall_with_data(&data, &["results", "import", export.to_str().unwrap()]).status.success());

    let (url, seen) = fake_lrs();
    let first = with_credentials(&data, &["results", "push", "--lrs", &url, "--batch", "4"]);
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{out}{}", String::from_utf8_lossy(&first.stderr));
    let expected = 2 * (1 + played(1).choices.len());
    assert!(out.contains(&format!("sent {expected} statement(s)")), "{out}");
    assert!(out.contains("1 retried request(s)"), "the 503 was retried: {out}");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.statements.len(), expected);
        let unique: std::collections::BTreeSet<&String> = seen.statements.iter().collect();
        assert_eq!(unique.len(), expected, "no statement twice");
        // "trainer:pa:ss word" in base64.
        assert!(seen.auth.iter().all(|a| a == "Basic dHJhaW5lcjpwYTpzcyB3b3Jk"), "{:?}", seen.auth);
        assert!(seen.versions.iter().all(|v| v == "1.0.3"));
    }
    // Nothing new: nothing sent, and the password is in no file of the data folder.
    let posts_before = seen.lock().unwrap().posts;
    let second = with_credentials(&data, &["results", "push", "--lrs", &url]);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains(&format!("sent 0 statement(s) in 0 batch(es); {expected} already in the LRS")), "{out}");
    assert_eq!(seen.lock().unwrap().posts, posts_before);
    for entry in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(10).any(|w| w == b"pa:ss word"), "credentials were written to disk");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A history of one attempt in a fresh data folder, for the tests below.
fn history(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-push-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let export = dir.join("attempts.json");
    std::fs::write(&export, AttemptsFile::new(vec![played(3)]).to_json()).unwrap();
    assert!(common::hardcall_with_data(&data, &["results", "import", export.to_str().unwrap()]).status.success());
    data
}

#[test]
fn an_lrs_that_never_answers_is_given_up_on_in_bounded_time_with_progress() {
    let data = history("silent");
    // Accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let started = std::time::Instant::now();
    let output = with_credentials(&data, &["results", "push", "--lrs", &url, "--timeout", "1"]);
    let elapsed = started.elapsed();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(elapsed < std::time::Duration::from_secs(40), "took {elapsed:?}");
    assert!(err.contains("trying again") && err.contains("gave up after 5 tries"), "{err}");
}

#[test]
fn what_cannot_succeed_is_not_retried() {
    let data = history("hopeless");
    // TLS to a plain-HTTP port fails the same way every time: a plain server answers the
    // TLS greeting with an HTTP error, which is no TLS.
    let plain = TcpListener::bind("127.0.0.1:0").unwrap();
    let tls = format!("https://{}/xAPI/", plain.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in plain.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut greeting = [0u8; 512];
            let _ = stream.read(&mut greeting);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let (_, seen) = fake_lrs();
    let output = with_credentials(&data, &["results", "push", "--lrs", &tls]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("trying again"), "{err}");
    // A malformed address and an unsupported scheme are refused before anything is sent.
    for bad in ["127.0.0.1:9/xAPI", "ftp://127.0.0.1/xAPI/"] {
        let output = with_credentials(&data, &["results", "push", "--lrs", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
    }
    assert_eq!(seen.lock().unwrap().statements.len(), 0);
}

#[test]
fn a_password_in_the_lrs_url_is_refused_and_never_written() {
    let data = history("url-password");
    let (url, seen) = fake_lrs();
    let with_password = url.replace("http://", "http://trainer:hunter2secret@");
    let output = with_credentials(&data, &["results", "push", "--lrs", &with_password]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("HARDCALL_LRS_PASSWORD") && !err.contains("hunter2secret"), "{err}");
    assert_eq!(seen.lock().unwrap().posts, 0);
    for entry in std::fs::read_dir(&data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("hunter2secret"));
    }
}

#[test]
fn each_reply_is_stamped_inside_the_attempt_and_each_node_has_one_definition() {
    let attempt = played(4);
    let loaded = common::load("double-charge.ron");
    let statements = hardcall::records::xapi::verified_attempt_statements(&attempt, &[loaded]).unwrap();
    let (start, end) = (attempt.started_at_ms, attempt.ended_at_ms);
    let mut previous = start;
    for (i, statement) in statements.iter().skip(1).enumerate() {
        let stamp =
            hardcall::records::time::parse_utc(&(statement["timestamp"].as_str().unwrap()[..19].to_owned() + "Z"))
                .unwrap();
        assert!((start..=end).contains(&stamp), "reply {i} stamped outside the attempt");
        assert!(stamp >= previous - 999, "replies in order");
        previous = stamp;
    }
    // The same node gives the same definition whatever the seed picked for the customer.
    let other =
        hardcall::records::xapi::verified_attempt_statements(&played(5), &[common::load("double-charge.ron")]).unwrap();
    for (a, b) in statements.iter().zip(&other).skip(1) {
        assert_eq!(a["object"], b["object"]);
    }
}
