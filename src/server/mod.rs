//! `hardcall serve`: a live competition over HTTP. The server owns every conversation: a
//! trainee sees only the current turn, answers by the number shown, and the server stamps
//! the time with its own clock and records the reply before it answers. Each request
//! rebuilds the conversation from the database by replaying it, so a restarted server
//! resumes every conversation at the same turn.

pub mod db;
pub mod live;
pub mod pool;
mod routes;

use crate::authoring::load::LoadedScenario;
use crate::records::competition::Competition;
use db::Db;
use pool::{Pool, Timings};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// No request body is larger than this: a join or a reply is a few dozen bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Requests one address may make per second before it is told to slow down, unless `serve`
/// is told otherwise. A training room behind one router shares an address, so this is well
/// above what a room of trainees and a projector make, and far below a flood.
pub const REQUESTS_PER_SECOND: u32 = 200;
/// Requests one conversation may get per second, from wherever they come: a client polling
/// its turn in a loop, or a session id shared around a room, is told to slow down.
pub const SESSION_REQUESTS_PER_SECOND: u32 = 10;
/// Counters kept before the old ones are swept out, so a flood of made-up session ids or
/// addresses cannot grow the table without bound.
const RATE_TABLE_SWEEP: usize = 10_000;
/// A reply faster than this after the turn was shown is not a person's.
pub const HUMAN_MIN_REPLY_MS: u64 = crate::records::competition::HUMAN_MIN_REPLY_MS;

/// Everything a request handler needs. The only mutable state besides the database is the
/// per-address request count, which a restart may forget without harm.
pub struct Live {
    pub competition: Competition,
    pub library: Vec<LoadedScenario>,
    pub db: Pool,
    /// Where requests' time goes, for the load benchmark.
    pub timings: Timings,
    /// Finished conversations as attempts, by session id: a finished conversation never
    /// changes, so the leaderboard replays each one once per server instead of on every poll.
    finished: Mutex<HashMap<String, crate::records::attempts::Attempt>>,
    pub organiser_token: String,
    /// Requests per second allowed from one address.
    pub rate_limit: u32,
    rate: Mutex<HashMap<Caller, (Instant, u32)>>,
}

/// Who a request is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    Address(IpAddr),
    Session(String),
}

impl Live {
    /// Whether `caller` may make one more request now (a fixed one-second window).
    fn allow(&self, caller: Caller) -> bool {
        let limit = match caller {
            Caller::Address(_) => self.rate_limit,
            Caller::Session(_) => SESSION_REQUESTS_PER_SECOND,
        };
        let mut rate = self.rate.lock().expect("the rate table is never poisoned");
        let now = Instant::now();
        if rate.len() >= RATE_TABLE_SWEEP {
            rate.retain(|_, (since, _)| now.duration_since(*since).as_secs() < 1);
        }
        let entry = rate.entry(caller).or_insert((now, 0));
        if now.duration_since(entry.0).as_secs() >= 1 {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= limit
    }
}

/// A generator seeded from the operating system's randomness, for secrets.
fn os_rng() -> rand::rngs::ChaCha20Rng {
    rand::make_rng()
}

/// 128 random bits as 32 hex digits: session ids and the organiser token.
pub fn secret() -> String {
    use rand::Rng;
    let mut bytes = [0u8; 16];
    os_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A join code a person can read out: eight letters and digits without look-alikes.
pub fn join_code() -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = os_rng();
    (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// What `serve` prints before it starts: where it listens, the codes and the token.
pub struct Started {
    pub address: SocketAddr,
    pub codes: Vec<(String, String)>,
    pub organiser_token: String,
}

/// Makes the codes and the token (once) with the first connection, binds, and serves until
/// the process ends. `on_start` is told where and with what codes, before the first request.
pub fn serve(
    competition: Competition,
    library: Vec<LoadedScenario>,
    mut connections: Vec<Db>,
    bind: SocketAddr,
    rate_limit: u32,
    on_start: impl FnOnce(&Started),
) -> Result<(), String> {
    live::rounds(&competition, &library)?;
    let db = connections.first_mut().ok_or("no database connection")?;
    let teams: Vec<String> = competition.teams.iter().map(|t| t.name.clone()).collect();
    let codes = db.codes(&teams, join_code)?;
    let organiser_token = db.meta_or_insert("organiser_token", secret)?;
    db.meta_or_insert("state", || "open".to_owned())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the server: {err}"))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(bind).await.map_err(|err| format!("cannot listen on {bind}: {err}"))?;
        let address = listener.local_addr().map_err(|err| err.to_string())?;
        on_start(&Started { address, codes, organiser_token: organiser_token.clone() });
        let live = Arc::new(Live {
            competition,
            library,
            db: Pool::new(connections),
            timings: Timings::default(),
            finished: Mutex::new(HashMap::new()),
            organiser_token,
            rate_limit,
            rate: Mutex::new(HashMap::new()),
        });
        let app = routes::router(live);
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .map_err(|err| format!("the server stopped: {err}"))
    })
}
