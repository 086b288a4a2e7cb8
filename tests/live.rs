//! `hardcall serve` as a trainee and an organiser use it, on 127.0.0.1: joining with a team
//! code, a conversation shown one turn at a time and scored as in the game, a `kill -9` that
//! loses nothing, every kind of bad request refused with a clear status and nothing changed,
//! the organiser's close, export and publish, and `hardcall join` in the terminal.

mod common;

use hardcall::records::attempts::verify;
use hardcall::records::export::AttemptsFile;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::server::{Server, serve, serve_on, serve_with, temp_dir};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// (status, JSON body) of a request.
fn send(method: &str, url: &str, body: Option<&str>, token: Option<&str>) -> (u16, Value) {
    send_as(method, url, body, token, None)
}

/// A request carrying a conversation's secret, as its starter sends it.
fn send_as(method: &str, url: &str, body: Option<&str>, token: Option<&str>, secret: Option<&str>) -> (u16, Value) {
    let agent = agent();
    let response = match (method, body) {
        ("GET", _) => {
            let mut request = agent.get(url);
            if let Some(token) = token {
                request = request.header("Authorization", &format!("Bearer {token}"));
            }
            if let Some(secret) = secret {
                request = request.header("X-Conversation-Secret", secret);
            }
            request.call()
        }
        (_, body) => {
            let mut request = agent.post(url).header("Content-Type", "application/json");
            if let Some(token) = token {
                request = request.header("Authorization", &format!("Bearer {token}"));
            }
            if let Some(secret) = secret {
                request = request.header("X-Conversation-Secret", secret);
            }
            request.send(body.unwrap_or("{}"))
        }
    }
    .unwrap();
    let status = response.status().as_u16();
    let text = response.into_body().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn post(url: &str, body: Value) -> (u16, Value) {
    send("POST", url, Some(&body.to_string()), None)
}

/// A conversation's reply or read, with the secret its start handed out.
fn post_as(url: &str, body: Value, secret: &str) -> (u16, Value) {
    send_as("POST", url, Some(&body.to_string()), None, Some(secret))
}

fn get_as(url: &str, secret: &str) -> (u16, Value) {
    send_as("GET", url, None, None, Some(secret))
}

/// The session id and secret a start handed out.
fn ids(view: &Value) -> (String, String) {
    (
        view["session"].as_str().unwrap().to_owned(),
        view["secret"].as_str().expect("the start hands out a secret").to_owned(),
    )
}

/// Follows a conversation on the server with the engine's own copy of it: which number the
/// reply at a file position is shown under is found by its text.
struct Mirror(hardcall::engine::session::Session);

impl Mirror {
    fn new(loaded: &hardcall::authoring::load::LoadedScenario, seed: u64) -> Mirror {
        Mirror(hardcall::engine::session::Session::start(loaded.main().scenario.clone(), seed).0)
    }

    fn shown(&self, view: &Value, position: usize) -> usize {
        let index = self.0.offered()[position - 1];
        let text = &self.0.scenario().choice(self.0.state().node, index).text;
        let offer = view["offer"].as_array().expect("an offer");
        offer.iter().position(|r| r["text"].as_str() == Some(text.as_str())).expect("the reply is on offer") + 1
    }

    fn choose(&mut self, position: usize) {
        self.0.choose(position).unwrap();
    }
}

/// Waits out the human minimum between a turn being shown and its reply.
fn think() {
    std::thread::sleep(Duration::from_millis(hardcall::server::HUMAN_MIN_REPLY_MS + 60));
}

#[test]
fn a_live_round_is_played_turn_by_turn_survives_a_kill_and_counts_on_the_leaderboard() {
    let dir = temp_dir("round");
    let database = dir.join("live.sqlite");
    let mut server = serve(&database);
    let blue = server.codes.iter().find(|(t, _)| t == "Blue").unwrap().1.clone();
    let (status, joined) = post(&format!("{}/api/join", server.url), json!({ "trainee": "Ana Lee", "code": blue }));
    assert_eq!(status, 200, "{joined}");
    assert_eq!(joined["team"], "Blue");
    assert_eq!(joined["rounds"].as_array().unwrap().len(), 3);

    let (status, mut view) =
        post(&format!("{}/api/start", server.url), json!({ "trainee": "Ana Lee", "code": blue, "round": 1 }));
    assert_eq!(status, 200, "{view}");
    let (session, secret) = ids(&view);
    assert_eq!(session.len(), 32, "128 random bits");
    // Only the current turn: no graph, no scores, no best path.
    let text = view.to_string();
    for secret in ["best", "points", "shows", "commits", "goto", "feedback"] {
        assert!(!text.contains(&format!("\"{secret}")), "the turn gives away `{secret}`: {text}");
    }
    let loaded = common::load("double-charge.ron");
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    let mut mirror = Mirror::new(&loaded, 1042);
    for (i, &position) in best.iter().enumerate() {
        if i == 2 {
            // The server dies mid-conversation and comes back on the same database.
            server.child.kill().unwrap();
            server.child.wait().unwrap();
            let codes = server.codes.clone();
            server = serve(&database);
            assert_eq!(server.codes, codes, "the codes survive a restart");
            let (status, again) = get_as(&format!("{}/api/sessions/{session}", server.url), &secret);
            assert_eq!(status, 200);
            assert_eq!(again["turn"], view["turn"], "resumed at the same turn");
            assert_eq!(again["offer"], view["offer"], "with the same offer in the same order");
        }
        think();
        let shown = mirror.shown(&view, position);
        let (status, next) =
            post_as(&format!("{}/api/sessions/{session}/reply", server.url), json!({ "shown": shown }), &secret);
        assert_eq!(status, 200, "{next}");
        mirror.choose(position);
        view = next;
    }
    assert_eq!(view["finished"], true);
    assert_eq!(view["sealed"]["percent"], 100, "the best path scores as in the game");
    let (_, board) = send("GET", &format!("{}/api/leaderboard", server.url), None, None);
    let round = &board["leaderboard"]["rounds"]["double-charge"];
    assert_eq!(round[0]["name"], "Ana Lee");
    assert_eq!(round[0]["percent"], 100);
    // The server timed every reply with its own clock.
    assert!(round[0]["response_ms"].as_u64().unwrap() >= best.len() as u64 * hardcall::server::HUMAN_MIN_REPLY_MS);

    // The organiser: closing stops new rounds, export replays, publishing shows the files.
    let token = server.token.clone();
    let (status, _) = send("POST", &format!("{}/api/organiser/close", server.url), None, None);
    assert_eq!(status, 401, "no token, no organiser");
    let (status, _) = send("POST", &format!("{}/api/organiser/close", server.url), None, Some(&token));
    assert_eq!(status, 200);
    let (status, refused) =
        post(&format!("{}/api/start", server.url), json!({ "trainee": "Bo Chen", "code": blue, "round": 1 }));
    assert_eq!((status, refused["error"].as_str().unwrap()), (403, "the competition is closed"));
    let (status, exported) =
        send("GET", &format!("{}/api/organiser/export?format=attempts", server.url), None, Some(&token));
    assert_eq!(status, 200);
    let file = AttemptsFile::parse(&exported.to_string()).unwrap();
    assert_eq!(file.attempts.len(), 1);
    let library = common::shipped();
    let card = verify(&file.attempts[0], &library).expect("an exported attempt replays to its score");
    assert_eq!(card.score.percent, 100);
    let (status, _) = send("GET", &format!("{}/api/scenarios/double-charge", server.url), None, None);
    assert_eq!(status, 403, "scenarios stay sealed until published");
    let (status, _) = send("POST", &format!("{}/api/organiser/publish", server.url), None, Some(&token));
    assert_eq!(status, 200);
    let (status, source) = send("GET", &format!("{}/api/scenarios/double-charge", server.url), None, None);
    assert_eq!(status, 200);
    assert!(source.as_str().unwrap().contains("Dana Ortiz"));
}

#[test]
fn bad_requests_are_refused_with_a_reason_and_change_nothing() {
    let dir = temp_dir("abuse");
    let server = serve(&dir.join("live.sqlite"));
    let blue = server.codes.iter().find(|(t, _)| t == "Blue").unwrap().1.clone();
    let url = &server.url;
    let cases: Vec<(u16, Value, &str)> = vec![
        {
            let (s, v) = post(&format!("{url}/api/join"), json!({ "trainee": "Ana Lee", "code": "WRONG123" }));
            (s, v, "not one of this competition's")
        },
        {
            let (s, v) = post(&format!("{url}/api/join"), json!({ "trainee": "Cam Diaz", "code": blue }));
            (s, v, "not on team Blue")
        },
        {
            let (s, v) = send("POST", &format!("{url}/api/join"), Some("{\"trainee\": "), None);
            (s, v, "malformed request")
        },
        {
            let (s, v) = send("GET", &format!("{url}/api/sessions/0123456789abcdef0123456789abcdef"), None, None);
            (s, v, "no such conversation")
        },
        {
            let (s, v) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue, "round": 9 }));
            (s, v, "there is no round 9")
        },
    ];
    let expected = [403, 403, 400, 404, 404];
    for ((status, body, says), want) in cases.iter().zip(expected) {
        assert_eq!(*status, want, "{body}");
        assert!(body["error"].as_str().unwrap().contains(says), "{body} should say {says}");
    }
    // An oversized body is refused before it is read.
    let huge = format!("{{\"trainee\": \"{}\", \"code\": \"x\"}}", "a".repeat(64 * 1024));
    let (status, _) = send("POST", &format!("{url}/api/join"), Some(&huge), None);
    assert_eq!(status, 413);

    let (_, view) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue, "round": 1 }));
    let (session, secret) = ids(&view);
    let reply = format!("{url}/api/sessions/{session}/reply");
    let (status, body) = post_as(&reply, json!({ "shown": 1 }), &secret);
    assert_eq!(status, 429, "faster than a person reads: {body}");
    think();
    let (status, body) = post_as(&reply, json!({ "shown": 99 }), &secret);
    assert_eq!(status, 422, "{body}");
    assert!(body["error"].as_str().unwrap().contains("not on offer"));
    let (status, body) = post_as(&reply, json!({ "shown": 1, "trainee": "Bo Chen" }), &secret);
    assert_eq!(status, 403, "{body}");
    // The id alone, or with a wrong secret, neither reads nor answers.
    for wrong in [None, Some("0".repeat(32))] {
        let (status, body) = send_as("GET", &format!("{url}/api/sessions/{session}"), None, None, wrong.as_deref());
        assert_eq!(status, 403, "{body}");
        assert!(body["error"].as_str().unwrap().contains("secret"), "{body}");
        assert!(body.get("offer").is_none());
        let (status, _) = send_as("POST", &reply, Some("{\"shown\": 1}"), None, wrong.as_deref());
        assert_eq!(status, 403);
    }
    // A reply naming a turn not shown yet is told so.
    let (status, body) = post_as(&reply, json!({ "shown": 1, "turn": 3 }), &secret);
    assert_eq!(status, 409);
    assert!(body["error"].as_str().unwrap().contains("turn 3 has not been shown yet"), "{body}");
    // None of that moved the conversation.
    let (_, now) = get_as(&format!("{url}/api/sessions/{session}"), &secret);
    assert_eq!(now["turn"], 1);
    assert_eq!(now["offer"], view["offer"]);
    // A burst from one address is slowed down (this server allows 30 a second).
    let statuses: Vec<u16> = (0..40).map(|_| send("GET", &format!("{url}/api/leaderboard"), None, None).0).collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[test]
fn a_reply_sent_again_after_its_answer_was_lost_never_answers_the_next_turn() {
    use hardcall::records::live::{Client, LiveError};
    let dir = temp_dir("resend");
    let server = serve(&dir.join("live.sqlite"));
    let blue = server.codes.iter().find(|(t, _)| t == "Blue").unwrap().1.clone();
    let client = Client::new(&server.url, Duration::from_secs(5), Duration::from_secs(10)).unwrap();
    let joined = client.join("Ana Lee", &blue).unwrap();
    assert_eq!(joined.team, "Blue");
    assert_eq!(joined.rounds.len(), 3);
    assert!(!joined.rounds[0].summary.is_empty(), "a brief carries what the briefing shows");
    assert!(joined.rounds.iter().all(|r| r.look.is_some()), "a brief carries how the customer looks");
    let first = client.start("Ana Lee", &blue, 1).unwrap();
    let second = client.reply(&first.session, "Ana Lee", 1, 1, std::time::Instant::now()).unwrap();
    assert_eq!(second.turn, 2);
    // The same reply again, as a client does when the answer never reached it: the server
    // refuses it for turn 2, and the client takes the conversation as it stands.
    think();
    let url = format!("{}/api/sessions/{}/reply", server.url, first.session);
    let (status, body) = post_as(&url, json!({ "shown": 1, "turn": 1 }), first.secret.as_deref().unwrap());
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].as_str().unwrap().contains("turn 1 was already answered"), "{body}");
    let again = client.reply(&first.session, "Ana Lee", 1, 1, std::time::Instant::now()).unwrap();
    assert_eq!(again, second, "nothing was answered twice");
    // Unreachable and refused read differently, and only one is worth retrying as it is.
    let nowhere = Client::new("127.0.0.1:9", Duration::from_secs(2), Duration::from_secs(2)).unwrap();
    let err = nowhere.join("Ana Lee", &blue).unwrap_err();
    assert!(matches!(err, LiveError::Unreachable(_)) && err.retryable(), "{err}");
    let err = client.join("Ana Lee", "WRONG123").unwrap_err();
    assert!(matches!(err, LiveError::Refused { status: 403, .. }) && !err.retryable(), "{err}");
    assert!(hardcall::records::live::server_url("ftp://x").is_err());
    assert!(hardcall::records::live::server_url("  ").is_err());
    assert_eq!(hardcall::records::live::server_url("10.0.0.5:8080/").unwrap(), "http://10.0.0.5:8080");
}

#[test]
fn one_conversation_polled_in_a_loop_is_slowed_down_without_slowing_the_room() {
    let dir = temp_dir("session-rate");
    let server = serve_with(&dir.join("live.sqlite"), 1000);
    let blue = server.codes.iter().find(|(t, _)| t == "Blue").unwrap().1.clone();
    let (_, view) = post(&format!("{}/api/start", server.url), json!({ "trainee": "Ana Lee", "code": blue }));
    let (session, secret) = ids(&view);
    let statuses: Vec<u16> =
        (0..25).map(|_| get_as(&format!("{}/api/sessions/{session}", server.url), &secret).0).collect();
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    assert!(refused > 0 && statuses[0] == 200, "{statuses:?}");
    // The same address is still served for everything else.
    let (status, _) = send("GET", &format!("{}/api/leaderboard", server.url), None, None);
    assert_eq!(status, 200);
}

#[test]
fn the_organiser_pushes_the_attempts_to_an_lrs_once() {
    let dir = temp_dir("push");
    let server = serve(&dir.join("live.sqlite"));
    let blue = server.code("Blue");
    let url = &server.url;
    // One conversation played to its end, one left midway (not an attempt yet).
    let (_, mut view) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue }));
    let (session, secret) = ids(&view);
    while view["finished"] != true {
        think();
        view = post_as(&format!("{url}/api/sessions/{session}/reply"), json!({ "shown": 1 }), &secret).1;
    }
    let _ = post(&format!("{url}/api/start"), json!({ "trainee": "Bo Chen", "code": blue }));
    let (status, expected) = send("GET", &format!("{url}/api/organiser/export?format=xapi"), None, Some(&server.token));
    assert_eq!(status, 200);
    let expected: Vec<String> =
        expected.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
    assert!(!expected.is_empty());

    let (lrs, seen) = common::fake_lrs::fake_lrs();
    let push = format!("{url}/api/organiser/push");
    let body = json!({ "endpoint": lrs, "user": "trainer", "password": "pa:ss word" }).to_string();
    let (status, _) = send("POST", &push, Some(&body), None);
    assert_eq!(status, 401, "only the organiser pushes");
    let (status, report) = send("POST", &push, Some(&body), Some(&server.token));
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["sent"], expected.len(), "{report}");
    assert_eq!(report["retries"], 1, "the stand-in's first answer is a 503, tried again");
    {
        let seen = seen.lock().unwrap();
        let mut stored = seen.statements.clone();
        stored.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(stored, want, "every statement of the export, and only those");
        assert!(seen.auth.iter().all(|a| a.starts_with("Basic ")));
    }
    // Again: nothing new is sent, even after a restart would have forgotten memory.
    let posts = seen.lock().unwrap().posts;
    let (status, again) = send("POST", &push, Some(&body), Some(&server.token));
    assert_eq!(status, 200, "{again}");
    assert_eq!((again["sent"].as_u64(), again["already_there"].as_u64()), (Some(0), Some(expected.len() as u64)));
    assert_eq!(seen.lock().unwrap().posts, posts, "nothing was sent the second time");

    // An address that cannot work is refused before anything is sent, and says why.
    let bad = json!({ "endpoint": "https://ana:secret@lrs.example/xAPI/" }).to_string();
    let (status, refused) = send("POST", &push, Some(&bad), Some(&server.token));
    assert_eq!(status, 400);
    assert!(refused["error"].as_str().unwrap().contains("user name or password"), "{refused}");
    // An LRS that is not there: a 502 that names it, after bounded retries.
    let gone = json!({ "endpoint": "http://127.0.0.1:9/xAPI/" }).to_string();
    let (status, failed) = send("POST", &push, Some(&gone), Some(&server.token));
    assert_eq!(status, 502, "{failed}");
    assert!(failed["error"].as_str().unwrap().contains("127.0.0.1:9"), "{failed}");
}

#[test]
fn the_leaderboard_page_is_served_at_the_root() {
    let dir = temp_dir("page");
    let server = serve(&dir.join("live.sqlite"));
    let response = agent().get(&format!("{}/", server.url)).call().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let html = response.into_body().read_to_string().unwrap();
    assert!(html.contains("/api/leaderboard") && html.contains("setInterval"), "it updates by itself");
}

#[test]
fn unknown_paths_and_wrong_methods_are_refused_in_json() {
    let dir = temp_dir("fallbacks");
    let server = serve(&dir.join("live.sqlite"));
    let url = &server.url;
    let (status, body) = send("GET", &format!("{url}/api/nowhere"), None, None);
    assert_eq!(status, 404, "{body}");
    assert!(body["error"].as_str().unwrap().contains("nothing at /api/nowhere"), "{body}");
    // A known path asked the wrong way: a reply read with GET, the leaderboard posted to.
    for (method, path) in [("GET", "/api/sessions/abc/reply"), ("POST", "/api/leaderboard"), ("GET", "/api/start")] {
        let (status, body) = send(method, &format!("{url}{path}"), None, None);
        assert_eq!(status, 405, "{method} {path}: {body}");
        assert!(body["error"].as_str().unwrap().contains(&format!("{method} is not how {path}")), "{body}");
    }
}

#[test]
fn names_are_cut_to_size_and_stripped_of_control_characters_before_the_log() {
    let dir = temp_dir("names");
    let log_path = dir.join("serve.log");
    let mut command = common::hardcall(&["serve", "--competition", "scenarios/competitions/autumn-cup.ron"]);
    command.args(["--bind", "127.0.0.1:0", "--database"]).arg(format!("sqlite:{}", dir.join("live.sqlite").display()));
    let server = common::server::started_logging(command, std::fs::File::create(&log_path).unwrap());
    let blue = server.code("Blue");
    let url = &server.url;
    // A line break that would forge a log line, and a terminal colour.
    let forged = "Mallory\nrefused (200): all is well\u{1b}[31m";
    let (status, body) = post(&format!("{url}/api/join"), json!({ "trainee": forged, "code": blue }));
    assert_eq!(status, 403, "{body}");
    let said = body["error"].as_str().unwrap();
    assert!(said.contains("Malloryrefused (200): all is well[31m is not on team Blue"), "{body}");
    assert!(!said.chars().any(char::is_control), "{body}");
    // 5,000 characters are refused without being echoed back.
    let long = "a".repeat(5000);
    let (status, body) = post(&format!("{url}/api/join"), json!({ "trainee": long, "code": blue }));
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().len() < 200, "{body}");
    assert!(body["error"].as_str().unwrap().contains("at most 80"), "{body}");
    let (status, _) = post(&format!("{url}/api/start"), json!({ "trainee": long, "code": blue, "round": 1 }));
    assert_eq!(status, 422);
    // A name with a stray control character is still its owner's.
    let (status, view) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana\u{7} Lee\n", "code": blue }));
    assert_eq!(status, 200, "{view}");
    // Whatever a client sends, every refusal is one line of the log with no raw control
    // character (a malformed body's serde message included).
    send(
        "POST",
        &format!("{url}/api/join"),
        Some("{\"trainee\": \"Ana Lee\", \"code\": \"x\", \"round\": \"\\u001b[2J\\n\"}"),
        None,
    );
    std::thread::sleep(Duration::from_millis(200));
    let log = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.iter().filter(|l| l.starts_with("refused (")).count() >= 4, "{log}");
    assert!(!lines.iter().any(|l| l.starts_with("refused (200)")), "no line is forged: {log}");
    assert!(!log.chars().any(|c| c.is_control() && c != '\n'), "{log:?}");
    assert!(!log.contains(&"a".repeat(100)), "the long name is not in the log: {log}");
}

#[test]
fn a_trainee_plays_a_round_in_the_terminal_with_join() {
    use std::io::Write;
    let dir = temp_dir("join");
    let server = serve(&dir.join("live.sqlite"));
    let green = server.codes.iter().find(|(t, _)| t == "Green").unwrap().1.clone();
    let mut child = common::hardcall(&["join", &server.url, "--code", &green, "--trainee", "Cam Diaz", "--round", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Typed ahead, all at once: the client waits out the human minimum itself.
    child.stdin.take().unwrap().write_all("1\n".repeat(12).as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}{}", String::from_utf8_lossy(&output.stderr));
    assert!(out.contains("Cam Diaz joined Autumn onboarding cup for team Green"), "{out}");
    assert!(out.contains("Round 1 over:"), "{out}");
    let (_, board) = send("GET", &format!("{}/api/leaderboard", server.url), None, None);
    assert_eq!(board["leaderboard"]["rounds"]["double-charge"][0]["name"], "Cam Diaz");
}

/// Plays every round of the competition for each trainee, sending each request to the
/// server `pick(n)` chooses for the n-th request, and returns the standings it ends with
/// (names, percentages and ranks; reply times differ from run to run).
fn play_competition(servers: &[&Server], pick: impl Fn(usize) -> usize, kill_after: Option<usize>) -> Value {
    let library = common::shipped();
    let cup = hardcall::records::competition::load_competition_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/competitions/autumn-cup.ron"),
        &library,
    )
    .unwrap();
    let mut n = 0;
    let killed = std::cell::Cell::new(false);
    // After the kill every request goes to a server still alive.
    let url = |n: &mut usize| {
        *n += 1;
        let at = if killed.get() { servers.len() - 1 } else { pick(*n) };
        servers[at].url.clone()
    };
    for (trainee, team, replies) in [("Ana Lee", "Blue", "best"), ("Cam Diaz", "Green", "first")] {
        let code = servers[0].codes.iter().find(|(t, _)| t == team).unwrap().1.clone();
        for (r, round) in cup.rounds.iter().enumerate() {
            let loaded = library.iter().find(|l| l.id() == round.scenario).unwrap();
            let variant = match round.disc {
                Some(profile) => loaded.variant(profile).unwrap(),
                None => loaded.main(),
            };
            let (mut mirror, _) = hardcall::engine::session::Session::start(variant.scenario.clone(), round.seed);
            let (status, mut view) = post(
                &format!("{}/api/start", url(&mut n)),
                json!({ "trainee": trainee, "code": code, "round": r + 1 }),
            );
            assert_eq!(status, 200, "{view}");
            let (session, secret) = ids(&view);
            let best = variant.analysis.best.as_ref().unwrap().positions();
            let mut turn = 0;
            while view["finished"] != true {
                let position = if replies == "best" { best[turn] } else { 1 };
                let index = mirror.offered()[position - 1];
                let text = mirror.scenario().choice(mirror.state().node, index).text.clone();
                let shown =
                    view["offer"].as_array().unwrap().iter().position(|o| o["text"] == text.as_str()).unwrap() + 1;
                think();
                let (status, next) = post_as(
                    &format!("{}/api/sessions/{session}/reply", url(&mut n)),
                    json!({ "shown": shown }),
                    &secret,
                );
                assert_eq!(status, 200, "{next}");
                mirror.choose(position).unwrap();
                view = next;
                turn += 1;
                if kill_after == Some(n) {
                    // One server dies mid-conversation; the other carries on with it.
                    let _ =
                        std::process::Command::new("kill").args(["-9", &servers[0].child.id().to_string()]).status();
                    killed.set(true);
                }
            }
        }
    }
    let (_, board) = send("GET", &format!("{}/api/leaderboard", servers[servers.len() - 1].url), None, None);
    let strip = |rows: &Value| -> Value {
        rows.as_array().unwrap().iter().map(|r| json!([r["rank"], r["name"], r["team"], r["percent"]])).collect()
    };
    let board = &board["leaderboard"];
    json!({ "teams": strip(&board["teams"]), "trainees": strip(&board["trainees"]),
            "rounds": board["rounds"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), strip(v))).collect::<serde_json::Map<_, _>>() })
}

/// Two servers on one PostgreSQL serve the same competition: a client alternates between
/// them, one is killed midway, and the standings are those one server on SQLite gives for the
/// same replies. Runs where `HARDCALL_TEST_POSTGRES` names a PostgreSQL to create databases
/// in (`scripts/with_postgres.sh` starts a throwaway one; CI does).
#[test]
fn two_servers_on_one_postgres_serve_one_competition() {
    let Ok(admin) = std::env::var("HARDCALL_TEST_POSTGRES") else {
        eprintln!("skipped: HARDCALL_TEST_POSTGRES is not set (scripts/with_postgres.sh sets it)");
        return;
    };
    let name = format!("hardcall_test_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    // One statement per call: PostgreSQL runs several in one call as a transaction, which
    // creating a database cannot be part of.
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let first = serve_on(&url);
    let second = serve_on(&url);
    assert_eq!(first.codes, second.codes, "both servers give the same join codes");
    assert_eq!(first.token, second.token, "and the same organiser token");
    let shared = play_competition(&[&first, &second], |n| n % 2, Some(7));
    let dir = temp_dir("single");
    let single = serve(&dir.join("live.sqlite"));
    let alone = play_competition(&[&single], |_| 0, None);
    assert_eq!(shared, alone, "the standings are one server's");
    assert_eq!(shared["trainees"][0][1], "Ana Lee");
    // Pushed to an LRS through one server, the statements are remembered for every server.
    let (lrs, seen) = common::fake_lrs::fake_lrs();
    let body = json!({ "endpoint": lrs }).to_string();
    let third = serve_on(&url);
    let (status, report) = send("POST", &format!("{}/api/organiser/push", third.url), Some(&body), Some(&third.token));
    assert_eq!(status, 200, "{report}");
    let sent = report["sent"].as_u64().unwrap();
    assert!(sent > 0 && seen.lock().unwrap().statements.len() as u64 == sent, "{report}");
    let fourth = serve_on(&url);
    let (_, again) = send("POST", &format!("{}/api/organiser/push", fourth.url), Some(&body), Some(&fourth.token));
    assert_eq!((again["sent"].as_u64(), again["already_there"].as_u64()), (Some(0), Some(sent)), "{again}");
    drop((first, second, third, fourth));
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
}

/// Plays one conversation to its end with reply 1 each turn: the last view, with the secret
/// its start handed out.
fn play_through(url: &str, trainee: &str, code: &str, round: usize) -> (u16, Value) {
    let (status, mut view) =
        post(&format!("{url}/api/start"), json!({ "trainee": trainee, "code": code, "round": round }));
    if status != 200 {
        return (status, view);
    }
    let (session, secret) = ids(&view);
    while view["finished"] != true {
        think();
        let (status, next) = post_as(&format!("{url}/api/sessions/{session}/reply"), json!({ "shown": 1 }), &secret);
        assert_eq!(status, 200, "{next}");
        view = next;
    }
    view["secret"] = json!(secret);
    (200, view)
}

/// The replay-to-100% script: play, read the card, play again. The card names no best reply
/// while the competition is open, and a second attempt is refused with a sentence, so it
/// gets nothing; after the close the full card unlocks, and publishing is final.
#[test]
fn a_second_attempt_gets_nothing_and_the_answers_stay_sealed_until_the_close() {
    let dir = temp_dir("fair");
    let server = serve(&dir.join("live.sqlite"));
    let (url, blue) = (server.url.clone(), server.code("Blue"));
    let (_, joined) = post(&format!("{url}/api/join"), json!({ "trainee": "Ana Lee", "code": blue }));
    let rules = joined["rules"].to_string();
    assert!(rules.contains("first finished attempt counts") && rules.contains("share a rank"), "{rules}");
    let (status, view) = play_through(&url, "Ana Lee", &blue, 1);
    assert_eq!(status, 200);
    assert!(view.get("card").is_none(), "no full card while open: {view}");
    let sealed = &view["sealed"];
    let first = sealed["percent"].as_i64().unwrap();
    assert!(sealed["grade"].is_string() && !sealed["turns"].as_array().unwrap().is_empty(), "{sealed}");
    let text = view.to_string();
    for secret in ["\"best", "took_best", "\"offer\":[{", "best_total_after"] {
        assert!(!text.contains(secret), "the sealed card gives away `{secret}`: {text}");
    }
    // Starting the round again is refused in a sentence; the first attempt stands.
    let (status, refused) =
        post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue, "round": 1 }));
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("cannot be played again"), "{refused}");
    let (_, board) = send("GET", &format!("{url}/api/leaderboard"), None, None);
    assert_eq!(board["leaderboard"]["rounds"]["double-charge"][0]["percent"], first);
    // `join` shows the rules and the sealed card.
    let output = common::hardcall(&["join", &url, "--code", &blue, "--trainee", "Bo Chen", "--round", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all("1\n".repeat(12).as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("first finished attempt counts"), "{out}");
    assert!(out.contains("unlock when the organiser closes") && !out.contains("best was"), "{out}");
    // The close unlocks the full card for the one who played.
    let token = server.token.clone();
    assert_eq!(send("POST", &format!("{url}/api/organiser/close"), None, Some(&token)).0, 200);
    let (session, secret) = ids(&view);
    let (status, after) = get_as(&format!("{url}/api/sessions/{session}"), &secret);
    assert_eq!(status, 200);
    assert_eq!(after["card"]["score"]["percent"], first);
    assert!(after["card"]["turns"][0]["best"]["text"].is_string(), "{after}");
    // Publishing is final: the competition cannot open again.
    assert_eq!(send("POST", &format!("{url}/api/organiser/publish"), None, Some(&token)).0, 200);
    let (status, refused) = send("POST", &format!("{url}/api/organiser/open"), None, Some(&token));
    assert_eq!(status, 409, "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("cannot open again"), "{refused}");
}

/// Each conversation draws its own order: trainees of one round see the same replies in
/// different orders (so no "press 3, 3, 1" list can be shared), and a conversation keeps
/// its order when read again.
#[test]
fn two_trainees_see_different_orders() {
    let dir = temp_dir("order");
    let server = serve_with(&dir.join("live.sqlite"), 200);
    let url = server.url.clone();
    let mut orders = Vec::new();
    for (trainee, team) in [("Ana Lee", "Blue"), ("Bo Chen", "Blue"), ("Cam Diaz", "Green"), ("Dee Park", "Green")] {
        for round in 1..=3 {
            let code = server.code(team);
            let (status, view) =
                post(&format!("{url}/api/start"), json!({ "trainee": trainee, "code": code, "round": round }));
            assert_eq!(status, 200, "{view}");
            let (session, secret) = ids(&view);
            let (_, again) = get_as(&format!("{url}/api/sessions/{session}"), &secret);
            assert_eq!(again["offer"], view["offer"], "a conversation keeps its order");
            // Starting the round again hands back the same conversation, not a fresh one to
            // peek at: one open conversation per trainee and round.
            let (_, restarted) =
                post(&format!("{url}/api/start"), json!({ "trainee": trainee, "code": code, "round": round }));
            assert_eq!(ids(&restarted), (session, secret), "{restarted}");
            assert_eq!(restarted["offer"], view["offer"]);
            orders.push((round, view["offer"].clone()));
        }
    }
    for round in 1..=3 {
        let of_round: Vec<&Value> = orders.iter().filter(|(r, _)| *r == round).map(|(_, o)| o).collect();
        let mut texts: Vec<Vec<String>> = of_round
            .iter()
            .map(|o| o.as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap().to_owned()).collect())
            .collect();
        for t in &mut texts {
            t.sort();
        }
        assert!(texts.windows(2).all(|w| w[0] == w[1]), "the same replies on offer");
    }
    let distinct: std::collections::HashSet<String> = orders.iter().map(|(r, o)| format!("{r}{o}")).collect();
    // Twelve conversations over three rounds: with one shared order there would be three.
    assert!(distinct.len() > 6, "orders differ by trainee: {} distinct", distinct.len());
}

/// A server of a cup like the shipped one with `extra` fields (RON), its clock at `now`.
fn serve_cup(dir: &Path, extra: &str, now: Option<&str>) -> Server {
    let file = dir.join("cup.ron");
    std::fs::write(
        &file,
        format!(
            "(name: \"Rules cup\", rounds: [(scenario: \"double-charge\", seed: 1042)], {extra} \
             teams: [(name: \"Blue\", members: [\"Ana Lee\", \"Bo Chen\"])])"
        ),
    )
    .unwrap();
    let database = format!("sqlite:{}", dir.join("live.sqlite").display());
    let mut command = common::hardcall(&["serve", "--competition", file.to_str().unwrap(), "--bind", "127.0.0.1:0"]);
    command.args(["--rate-limit", "100", "--database", &database]);
    if let Some(now) = now {
        command.env("HARDCALL_NOW", now);
    }
    common::server::started(command)
}

/// A reply past the limit and a round past the end are refused with a sentence that says
/// so, never taken and quietly left off the standings.
#[test]
fn a_late_reply_and_an_ended_competition_are_refused_in_a_sentence() {
    let dir = temp_dir("late");
    let server = serve_cup(&dir, "reply_seconds: Some(1),", None);
    let (url, blue) = (server.url.clone(), server.code("Blue"));
    let (_, view) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue }));
    let (session, secret) = ids(&view);
    std::thread::sleep(Duration::from_millis(1400));
    let (status, body) = post_as(&format!("{url}/api/sessions/{session}/reply"), json!({ "shown": 1 }), &secret);
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].as_str().unwrap().contains("over the 1 s limit"), "{body}");
    let (status, body) = post(&format!("{url}/api/start"), json!({ "trainee": "Ana Lee", "code": blue }));
    assert_eq!(status, 409, "the late attempt was the one that counts: {body}");

    // A round started before the end, answered after it (the server restarted on the same
    // database with its clock past the end).
    let dir = temp_dir("ended");
    let ends = "ends: Some(\"2026-11-02T00:00:00Z\"),";
    let before = serve_cup(&dir, ends, Some("2026-11-01T23:00:00Z"));
    let blue = before.code("Blue");
    let (status, view) = post(&format!("{}/api/start", before.url), json!({ "trainee": "Ana Lee", "code": blue }));
    assert_eq!(status, 200, "{view}");
    let (session, secret) = ids(&view);
    drop(before);
    let server = serve_cup(&dir, ends, Some("2026-11-02T00:00:01Z"));
    let url = server.url.clone();
    let (status, body) = post_as(&format!("{url}/api/sessions/{session}/reply"), json!({ "shown": 1 }), &secret);
    assert_eq!(status, 403, "{body}");
    assert!(body["error"].as_str().unwrap().contains("ended at 2026-11-02T00:00:00Z"), "{body}");
    let (status, body) = post(&format!("{url}/api/start"), json!({ "trainee": "Bo Chen", "code": blue }));
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("can no longer be played"), "{body}");
    // `join` shows the same sentence.
    let output = common::hardcall(&["join", &url, "--code", &blue, "--trainee", "Bo Chen"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("can no longer be played"), "{output:?}");
}
