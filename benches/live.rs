//! Live competition load, on loopback and bounded in count and time: 500 simulated trainees
//! play whole conversations at once against one `hardcall serve` (SQLite, and PostgreSQL
//! where `HARDCALL_TEST_POSTGRES` names one), each thinking a
//! random 1–5 s before a reply; then the ceiling, with more and more trainees replying as
//! fast as the server allows (its 300 ms human minimum), until p99 passes 50 ms.

use hardcall::engine::session::splitmix64;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TRAINEES: usize = 500;
/// No phase runs longer than this, whatever happens.
const PHASE_LIMIT: Duration = Duration::from_secs(90);

struct Server {
    child: Child,
    url: String,
    codes: Vec<String>,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, root: &Path, database: &str) -> Server {
    // 50 teams of 10: every simulated trainee is on a team.
    let teams: Vec<String> = (0..TRAINEES / 10)
        .map(|t| {
            let members: Vec<String> = (0..10).map(|m| format!("\"Trainee {}\"", t * 10 + m)).collect();
            format!("(name: \"Team {t}\", members: [{}])", members.join(", "))
        })
        .collect();
    let competition = dir.join("load.ron");
    std::fs::write(
        &competition,
        format!(
            "(name: \"Load test\", rounds: [(scenario: \"double-charge\", seed: 1042)], attempts: Some(100000), \
             teams: [{}])",
            teams.join(", ")
        ),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hardcall"))
        .args(["serve", "--bind", "127.0.0.1:0", "--rate-limit", "1000000", "--competition"])
        .arg(&competition)
        .arg("--scenarios")
        .arg(root.join("scenarios"))
        .arg("--database")
        .arg(database)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut codes) = (String::new(), Vec::new());
    let token;
    loop {
        let line = lines.next().expect("the server starts").unwrap();
        if let Some(at) = line.split("serving on ").nth(1) {
            url = at.trim().to_owned();
        } else if let Some((_, code)) = line.split_once(": join code ") {
            codes.push(code.trim().to_owned());
        } else if let Some((_, t)) = line.split_once("organiser token: ") {
            token = t.trim().to_owned();
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Server { child, url, codes, token }
}

/// The server's own account of where requests' time went since it started.
fn timings(server: &Server) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let response = agent
        .get(&format!("{}/api/organiser/timings", server.url))
        .header("Authorization", &format!("Bearer {}", server.token))
        .call()
        .unwrap();
    serde_json::from_str(&response.into_body().read_to_string().unwrap()).unwrap()
}

/// What the server says its requests spent between two readings, per request.
fn where_the_time_goes(before: &Value, after: &Value, client_mean_ms: f64) {
    let spent = |key: &str| after[key].as_u64().unwrap_or(0).saturating_sub(before[key].as_u64().unwrap_or(0));
    let requests = spent("requests").max(1) as f64;
    let per = |key: &str| spent(key) as f64 / requests / 1000.0;
    let handled = per("request_us");
    let (wait, db, replay) = (per("db_wait_us"), per("db_us"), per("replay_us"));
    println!(
        "    where the time goes, per request on the server (starts included; {} requests, {} connections): waiting for a connection \
         {wait:.2} ms, database {db:.2} ms, replay and scoring {replay:.2} ms, the rest of handling {:.2} ms; \
         replies took {client_mean_ms:.2} ms on average at the trainee, the difference being the network, \
         the wait for a server thread and the trainee's own process",
        requests as u64,
        after["connections"],
        (handled - wait - db - replay).max(0.0),
    );
}

fn post(agent: &ureq::Agent, url: &str, body: &Value, secret: &str) -> Result<Value, String> {
    let response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Conversation-Secret", secret)
        .send(body.to_string())
        .map_err(|err| err.to_string())?;
    let status = response.status();
    let text = response.into_body().read_to_string().map_err(|err| err.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {text}"));
    }
    serde_json::from_str(&text).map_err(|err| err.to_string())
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: Vec<String>,
    finished: usize,
}

/// One trainee: starts a conversation and replies at random after `think`, until it ends or
/// `until` passes; then starts another if `again`.
fn trainee(
    url: String,
    code: String,
    name: String,
    think: impl Fn(&mut u64) -> Duration,
    until: Instant,
    again: bool,
    tally: Arc<Mutex<Tally>>,
) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut rng = name.bytes().fold(0x9e37_79b9_7f4a_7c15u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    loop {
        let mut view = match post(
            &agent,
            &format!("{url}/api/start"),
            &json!({ "trainee": name, "code": code, "round": 1 }),
            "",
        ) {
            Ok(view) => view,
            Err(err) => {
                tally.lock().unwrap().errors.push(err);
                return;
            }
        };
        let session = view["session"].as_str().unwrap_or_default().to_owned();
        let secret = view["secret"].as_str().unwrap_or_default().to_owned();
        while !view["finished"].as_bool().unwrap_or(true) {
            std::thread::sleep(think(&mut rng));
            if Instant::now() > until {
                return;
            }
            let offered = view["offer"].as_array().map_or(1, Vec::len).max(1);
            let shown = (splitmix64(&mut rng) % offered as u64) as usize + 1;
            let started = Instant::now();
            match post(&agent, &format!("{url}/api/sessions/{session}/reply"), &json!({ "shown": shown }), &secret) {
                Ok(next) => {
                    tally.lock().unwrap().latencies_us.push(started.elapsed().as_micros() as u64);
                    view = next;
                }
                Err(err) => {
                    tally.lock().unwrap().errors.push(err);
                    return;
                }
            }
        }
        tally.lock().unwrap().finished += 1;
        if !again || Instant::now() > until {
            return;
        }
    }
}

fn percentile(sorted: &[u64], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((p * sorted.len()).div_ceil(100)).clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

/// Runs `count` trainees at once and reports; returns the p99 in ms.
fn phase(
    server: &Server,
    label: &str,
    count: usize,
    think: fn(&mut u64) -> Duration,
    again: bool,
    length: Duration,
) -> f64 {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let before = timings(server);
    let started = Instant::now();
    let until = started + length.min(PHASE_LIMIT);
    // The projector in the room, asking for the standings every two seconds meanwhile.
    let projector = {
        let url = format!("{}/api/leaderboard", server.url);
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
            let mut polls = Vec::new();
            while Instant::now() < until {
                let asked = Instant::now();
                if agent.get(&url).call().is_ok_and(|r| r.status().is_success()) {
                    polls.push(asked.elapsed().as_micros() as u64);
                }
                std::thread::sleep(Duration::from_secs(2));
            }
            polls
        })
    };
    let threads: Vec<_> = (0..count)
        .map(|i| {
            let (url, code, tally) =
                (server.url.clone(), server.codes[i / 10 % server.codes.len()].clone(), tally.clone());
            let name = format!("Trainee {}", i % TRAINEES);
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || trainee(url, code, name, think, until, again, tally))
                .unwrap()
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut polls = projector.join().unwrap_or_default();
    polls.sort_unstable();
    let mut tally = tally.lock().unwrap();
    tally.latencies_us.sort_unstable();
    let (p50, p99) = (percentile(&tally.latencies_us, 50), percentile(&tally.latencies_us, 99));
    let verdict = if p99 < 50.0 && tally.errors.is_empty() { "ok" } else { "OVER TARGET" };
    println!(
        "{label:<44} {:>6} replies {:>6.1}/s  p50 {p50:>6.2} ms  p99 {p99:>6.2} ms  {} finished  {} errors  (target p99 < 50 ms, no error) {verdict}",
        tally.latencies_us.len(),
        tally.latencies_us.len() as f64 / elapsed,
        tally.finished,
        tally.errors.len(),
    );
    if let Some(first) = tally.errors.first() {
        println!("    first error: {first}");
    }
    let mean = tally.latencies_us.iter().sum::<u64>() as f64 / tally.latencies_us.len().max(1) as f64 / 1000.0;
    where_the_time_goes(&before, &timings(server), mean);
    println!(
        "    the projector's leaderboard meanwhile: {} polls, p50 {:.2} ms, worst {:.2} ms",
        polls.len(),
        percentile(&polls, 50),
        percentile(&polls, 100)
    );
    p99
}

fn thinking(rng: &mut u64) -> Duration {
    Duration::from_millis(1000 + splitmix64(rng) % 4000)
}

fn hurried(_: &mut u64) -> Duration {
    Duration::from_millis(hardcall::server::HUMAN_MIN_REPLY_MS + 20)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut databases = vec![("SQLite", format!("sqlite:{}", dir.path().join("live.sqlite").display()))];
    // With a PostgreSQL to create a database in (scripts/with_postgres.sh, as CI runs it).
    if let Ok(admin) = std::env::var("HARDCALL_TEST_POSTGRES") {
        let name = format!("hardcall_bench_{}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        databases.push(("PostgreSQL", format!("{}/{name}", admin.rsplit_once('/').unwrap().0)));
    }
    for (kind, database) in databases {
        let server = serve(dir.path(), root, &database);
        println!("live competition on loopback, {kind}, one server (2 cores shared with the simulated trainees):");
        phase(&server, "500 trainees thinking 1-5 s, whole conversations", TRAINEES, thinking, false, PHASE_LIMIT);
        // The ceiling: trainees replying as fast as the server accepts, in growing numbers.
        for count in [100, 200, 400, 800] {
            let label = format!("{count} trainees replying every 0.32 s for 8 s");
            let p99 = phase(&server, &label, count, hurried, true, Duration::from_secs(8));
            if p99 >= 50.0 {
                println!("    p99 passes 50 ms at about {count} trainees replying every 0.32 s");
                break;
            }
        }
    }
}
