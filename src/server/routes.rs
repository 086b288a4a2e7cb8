//! The HTTP routes of a live competition: the leaderboard page and its JSON, joining,
//! starting a round, the current turn and a reply, and the organiser's endpoints. Every
//! refusal is a JSON `{"error": ...}` with a status that says why, changes nothing, and is
//! logged.

use super::db::{Db, StoredSession};
use super::live::{self, LiveRound};
use super::{Caller, HUMAN_MIN_REPLY_MS, Live, MAX_BODY_BYTES, secret};
use crate::engine::session::Session;
use crate::records::competition::{Entry, breaks_rules, counted, leaderboard_of};
use crate::records::export::{AttemptsFile, to_csv};
use crate::records::live::{Joined, ReplyRequest, TurnView};
use crate::records::lrs;
use crate::records::time::now_ms;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

type Shared = State<Arc<Live>>;

/// A refusal: its status and the sentence the client shows.
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError(status, message.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        eprintln!("refused ({}): {}", self.0.as_u16(), loggable(&self.1));
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<String> for ApiError {
    fn from(message: String) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

type Answer<T> = Result<T, ApiError>;

/// The longest trainee name taken, in characters: longer than any person's name, short enough
/// that no request can fill the log or a page with one.
pub const MAX_NAME_CHARS: usize = 80;

/// `raw` as a trainee name: control characters (a line break that would forge a log line,
/// the escape that starts a terminal colour) removed and the ends trimmed; refused when
/// empty or longer than [`MAX_NAME_CHARS`], in a sentence that does not repeat it.
fn trainee_name(raw: &str) -> Answer<String> {
    let name = cleaned(raw);
    if name.is_empty() {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "the trainee name is empty"));
    }
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the trainee name is {length} characters long; at most {MAX_NAME_CHARS} are taken"),
        ));
    }
    Ok(name)
}

/// `raw` without control characters and trimmed: a name as the server keeps and compares it.
fn cleaned(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned()
}

/// `message` as one line of the log: any control character written as its escape, so
/// nothing a client sends can start a line of its own or colour the organiser's terminal.
fn loggable(message: &str) -> String {
    message.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Any path the server does not serve: 404 with a sentence, like every other refusal.
async fn not_found(request: Request) -> ApiError {
    let path: String = request.uri().path().chars().take(200).collect();
    ApiError::new(StatusCode::NOT_FOUND, format!("there is nothing at {path}"))
}

/// A known path asked with a method it does not take: 405 with a sentence.
async fn wrong_method(request: Request) -> ApiError {
    let path: String = request.uri().path().chars().take(200).collect();
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("{} is not how {path} is asked", request.method()))
}

fn body<T>(payload: Result<Json<T>, JsonRejection>) -> Answer<T> {
    payload.map(|Json(value)| value).map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("the request is larger than {MAX_BODY_BYTES} bytes"))
        }
        status => ApiError::new(status, format!("malformed request: {}", rejection.body_text())),
    })
}

pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/leaderboard", get(leaderboard))
        .route("/api/join", post(join))
        .route("/api/start", post(start))
        .route("/api/sessions/{id}", get(turn))
        .route("/api/sessions/{id}/reply", post(reply))
        .route("/api/organiser/{action}", post(organiser))
        .route("/api/organiser/export", get(export))
        .route("/api/organiser/push", post(push))
        .route("/api/organiser/timings", get(timings))
        .route("/api/scenarios/{id}", get(published))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(live.clone(), limit))
        .with_state(live)
}

/// Too many requests from one address, or for one conversation, in a second get 429 before
/// any work is done.
async fn limit(
    State(live): Shared,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let arrived = std::time::Instant::now();
    live.timings.requests.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if !live.allow(Caller::Address(address.ip())) {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many requests from {}; slow down", address.ip()),
        )
        .into_response();
    }
    let session = request.uri().path().strip_prefix("/api/sessions/").map(|rest| rest.split('/').next().unwrap_or(""));
    if let Some(id) = session
        && !live.allow(Caller::Session(id.chars().take(64).collect()))
    {
        return ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too many requests for this conversation; slow down")
            .into_response();
    }
    let response = next.run(request).await;
    live.timings.add(&live.timings.request_us, arrived.elapsed());
    response
}

async fn page() -> Html<&'static str> {
    Html(include_str!("page.html"))
}

/// Runs `f` on the database. Its calls block (SQLite, or the PostgreSQL client with its own
/// small runtime), so this worker thread is handed to other requests while it waits.
fn with_db<T>(live: &Live, f: impl FnOnce(&mut Db) -> Result<T, String>) -> Answer<T> {
    tokio::task::block_in_place(|| live.db.with(&live.timings, f).map_err(ApiError::from))
}

/// A stored conversation rebuilt by replay, its time counted.
fn replayed(live: &Live, round: &LiveRound, stored: &StoredSession) -> Answer<Session> {
    live.timings.time(&live.timings.replay_us, || live::replay(round, stored)).map_err(ApiError::from)
}

/// What the trainee sees of a conversation, its time (the score card, once over) counted.
/// A finished round's card stays sealed while the competition is open.
fn shown(live: &Live, round: &LiveRound, stored: &StoredSession, session: &Session) -> Answer<Json<TurnView>> {
    let open = is_open(live)?;
    Ok(Json(live.timings.time(&live.timings.replay_us, || live::view(round, stored, session, open))))
}

fn is_open(live: &Live) -> Answer<bool> {
    with_db(live, |db| Ok(db.meta("state")?.as_deref() != Some("closed")))
}

fn rounds(live: &Live) -> Vec<LiveRound<'_>> {
    live::rounds(&live.competition, &live.library).expect("rounds were checked when the server started")
}

#[derive(Deserialize)]
struct Joining {
    trainee: String,
    code: String,
    #[serde(default)]
    round: Option<usize>,
}

/// The team a join code opens, if `trainee` is on it.
fn team_for(live: &Live, joining: &Joining) -> Answer<String> {
    let trainee = &trainee_name(&joining.trainee)?;
    let team = with_db(live, |db| db.team_of_code(joining.code.trim()))?;
    let Some(team) = team else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "that team code is not one of this competition's"));
    };
    let member = live.competition.team_of(trainee).is_some_and(|t| t.name == team);
    if !member {
        return Err(ApiError::new(StatusCode::FORBIDDEN, format!("{trainee} is not on team {team}")));
    }
    Ok(team)
}

async fn join(State(live): Shared, payload: Result<Json<Joining>, JsonRejection>) -> Answer<Json<Joined>> {
    let joining = body(payload)?;
    let team = team_for(&live, &joining)?;
    let rounds = rounds(&live).iter().enumerate().map(|(i, r)| live::brief(i + 1, r)).collect();
    Ok(Json(Joined {
        trainee: trainee_name(&joining.trainee)?,
        team,
        competition: live.competition.name.clone(),
        reply_seconds: live.competition.reply_seconds,
        rounds,
        rules: live.competition.rules(),
    }))
}

/// Refused outside the competition's window, with the sentence the trainee reads.
fn in_window(live: &Live, now: i64) -> Answer<()> {
    let (starts, ends) = live.competition.window_ms();
    if let Some(starts) = starts
        && now < starts
    {
        let at = live.competition.starts.as_deref().unwrap_or("");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("the competition starts at {at} (UTC); come back then"),
        ));
    }
    if let Some(ends) = ends
        && now > ends
    {
        let at = live.competition.ends.as_deref().unwrap_or("");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("the competition ended at {at} (UTC); rounds can no longer be played"),
        ));
    }
    Ok(())
}

/// Whether `stored`, not finished, waited longer than the reply limit at `now`: it can no
/// longer be answered and used up its attempt.
fn timed_out(live: &Live, stored: &StoredSession, now: i64) -> bool {
    !stored.finished && live.competition.reply_limit_ms().is_some_and(|limit| now - stored.last_ms > limit as i64)
}

/// Starts a conversation in a round, or hands back the one the trainee left unfinished there
/// (so starting again never shows a fresh first turn to try); refused once the trainee has
/// used the attempts the competition allows.
async fn start(State(live): Shared, payload: Result<Json<Joining>, JsonRejection>) -> Answer<Json<TurnView>> {
    let joining = body(payload)?;
    let team = team_for(&live, &joining)?;
    if !is_open(&live)? {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "the competition is closed"));
    }
    let now = now_ms();
    in_window(&live, now)?;
    let rounds = rounds(&live);
    let round = joining.round.unwrap_or(1);
    let Some(live_round) = round.checked_sub(1).and_then(|i| rounds.get(i)) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("there is no round {round}; this competition has {}", rounds.len()),
        ));
    };
    let trainee = trainee_name(&joining.trainee)?;
    let earlier = with_db(&live, |db| db.sessions_of(&trainee, round - 1))?;
    // Kept before conversations had secrets: never resumed, never counted as an attempt.
    let earlier: Vec<StoredSession> = earlier.into_iter().filter(|s| !s.secret.is_empty()).collect();
    if let Some(waiting) = earlier.iter().rev().find(|s| !s.finished && !timed_out(&live, s, now)) {
        let session = replayed(&live, live_round, waiting)?;
        let Json(mut view) = shown(&live, live_round, waiting, &session)?;
        view.secret = Some(waiting.secret.clone());
        return Ok(Json(view));
    }
    let used = earlier.iter().filter(|s| s.finished || timed_out(&live, s, now)).count();
    let allowed = live.competition.attempts_allowed() as usize;
    if used >= allowed {
        let said = match allowed {
            1 => {
                format!("you have played round {round}; your first attempt counts and the round cannot be played again")
            }
            n => format!("you have played round {round} {n} times, all this competition allows"),
        };
        return Err(ApiError::new(StatusCode::CONFLICT, said));
    }
    let stored = StoredSession {
        id: secret(),
        trainee,
        team,
        round: round - 1,
        replies: Vec::new(),
        reply_ms: Vec::new(),
        started_ms: now,
        last_ms: now,
        finished: false,
        secret: secret(),
        order_seed: Some(order_seed()),
    };
    with_db(&live, |db| db.insert_session(&stored))?;
    let session = replayed(&live, live_round, &stored)?;
    let Json(mut view) = shown(&live, live_round, &stored, &session)?;
    view.secret = Some(stored.secret.clone());
    Ok(Json(view))
}

/// The header a conversation's secret comes back in.
pub const SECRET_HEADER: &str = "x-conversation-secret";

/// The conversation `id`, if the request carries its secret.
fn stored(live: &Live, id: &str, headers: &HeaderMap) -> Answer<StoredSession> {
    let stored = with_db(live, |db| db.session(id))?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no such conversation"))?;
    let given = headers.get(SECRET_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if stored.secret.is_empty() || !same(given, &stored.secret) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this conversation's secret is missing or wrong: only the device that started it can read or answer it",
        ));
    }
    Ok(stored)
}

/// Whether two secrets are equal, compared in full whatever the first difference, so the
/// time taken tells nothing.
fn same(given: &str, expected: &str) -> bool {
    given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A conversation's own seed for the order its replies are shown in, from the operating
/// system's randomness.
fn order_seed() -> u64 {
    u64::from_str_radix(&secret()[..16], 16).expect("a secret is hex")
}

async fn turn(State(live): Shared, Path(id): Path<String>, headers: HeaderMap) -> Answer<Json<TurnView>> {
    let stored = stored(&live, &id, &headers)?;
    let rounds = rounds(&live);
    let live_round = &rounds[stored.round];
    let session = replayed(&live, live_round, &stored)?;
    shown(&live, live_round, &stored, &session)
}

async fn reply(
    State(live): Shared,
    Path(id): Path<String>,
    headers: HeaderMap,
    payload: Result<Json<ReplyRequest>, JsonRejection>,
) -> Answer<Json<TurnView>> {
    let reply = body(payload)?;
    let stored = stored(&live, &id, &headers)?;
    if reply.trainee.as_deref().is_some_and(|t| cleaned(t) != stored.trainee) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "this conversation belongs to another trainee"));
    }
    if stored.finished {
        return Err(ApiError::new(StatusCode::CONFLICT, "this conversation is over"));
    }
    let asked = stored.replies.len() + 1;
    if let Some(turn) = reply.turn.filter(|&t| t != asked) {
        let said = if turn < asked {
            format!("turn {turn} was already answered; the conversation is at turn {asked}")
        } else {
            format!("turn {turn} has not been shown yet; the conversation is at turn {asked}")
        };
        return Err(ApiError::new(StatusCode::CONFLICT, said));
    }
    if !is_open(&live)? {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "the competition is closed"));
    }
    let now = now_ms();
    in_window(&live, now)?;
    if let Some(limit) = live.competition.reply_limit_ms()
        && timed_out(&live, &stored, now)
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "this reply came {:.0} s after the customer's line, over the {} s limit: the round is over for this \
                 attempt and it does not count",
                (now - stored.last_ms) as f64 / 1000.0,
                limit / 1000
            ),
        ));
    }
    let rounds = rounds(&live);
    let live_round = &rounds[stored.round];
    let mut session = replayed(&live, live_round, &stored)?;
    let on_offer = session.shown().len();
    if reply.shown == 0 || reply.shown > on_offer {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("reply {} is not on offer; choose 1 to {on_offer}", reply.shown),
        ));
    }
    // The server's clock times the reply, from the moment this turn was shown.
    let elapsed = u64::try_from(now - stored.last_ms).unwrap_or(0);
    if elapsed < HUMAN_MIN_REPLY_MS {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("a reply {elapsed} ms after the turn was shown is faster than anyone reads; take your time"),
        ));
    }
    let position = session.shown()[reply.shown - 1];
    session.choose(position).map_err(|err| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, err.to_string()))?;
    let seen = stored.replies.len();
    let mut stored = stored;
    stored.replies.push(position);
    stored.reply_ms.push(elapsed);
    stored.last_ms = now;
    stored.finished = session.is_over();
    if !with_db(&live, |db| db.add_reply(&stored, seen))? {
        return Err(ApiError::new(StatusCode::CONFLICT, "this turn was already answered"));
    }
    shown(&live, live_round, &stored, &session)
}

/// The finished conversations as attempts, oldest first, with those that break the rules
/// left out. Each is replayed once per server and kept: a finished conversation never
/// changes, so a poll reads the ids and only the conversations finished since.
fn attempts(live: &Live) -> Answer<Vec<crate::records::attempts::Attempt>> {
    finished(live, Clone::clone)
}

/// What `read` takes from each finished conversation's attempt (see [`attempts`]), without
/// copying the attempts themselves.
fn finished<T>(live: &Live, read: impl Fn(&crate::records::attempts::Attempt) -> T) -> Answer<Vec<T>> {
    let ids = with_db(live, |db| db.finished_ids())?;
    let missing: Vec<&String> = {
        let cache = live.finished.lock().expect("the attempt cache is never poisoned");
        ids.iter().filter(|id| !cache.contains_key(*id)).collect()
    };
    if !missing.is_empty() {
        let rounds = rounds(live);
        let sessions: Vec<StoredSession> =
            with_db(live, |db| missing.iter().filter_map(|id| db.session(id).transpose()).collect())?;
        for stored in sessions {
            let live_round = &rounds[stored.round];
            let session = replayed(live, live_round, &stored)?;
            let attempt = live
                .timings
                .time(&live.timings.replay_us, || live::attempt(live_round, &stored, &session, &live.competition));
            live.finished.lock().expect("the attempt cache is never poisoned").insert(stored.id.clone(), attempt);
        }
    }
    let cache = live.finished.lock().expect("the attempt cache is never poisoned");
    let all: Vec<&crate::records::attempts::Attempt> = ids.iter().filter_map(|id| cache.get(id)).collect();
    Ok(counted(&live.competition, &all)
        .into_iter()
        .filter(|attempt| breaks_rules(&live.competition, attempt).is_none())
        .map(read)
        .collect())
}

async fn leaderboard(State(live): Shared) -> Answer<Json<serde_json::Value>> {
    let entries: Vec<Entry> = finished(&live, Entry::of)?;
    let board = leaderboard_of(&live.competition, &entries);
    let rounds = rounds(&live);
    // Playing now: a conversation not over whose last turn was shown in the last five minutes.
    let playing = with_db(&live, |db| db.playing_since(now_ms() - 5 * 60 * 1000))?;
    let playing: Vec<serde_json::Value> = playing
        .iter()
        .map(|s| {
            json!({ "trainee": s.trainee, "team": s.team, "round": s.round + 1,
                    "title": rounds[s.round].loaded.file().title, "turn": s.replies.len() + 1 })
        })
        .collect();
    let titles: Vec<serde_json::Value> =
        rounds.iter().map(|r| json!({ "scenario": r.loaded.id(), "title": r.loaded.file().title })).collect();
    Ok(Json(json!({
        "competition": live.competition.name,
        "open": is_open(&live)?,
        "rounds": titles,
        "leaderboard": board,
        "playing": playing,
    })))
}

fn organiser_only(live: &Live, headers: &HeaderMap) -> Answer<()> {
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    // Compared in full whatever the first difference, so the time taken tells nothing.
    let matches = given.is_some_and(|token| {
        token.len() == live.organiser_token.len()
            && token.bytes().zip(live.organiser_token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    });
    if matches {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::UNAUTHORIZED, "the organiser token is missing or wrong"))
    }
}

async fn organiser(
    State(live): Shared,
    Path(action): Path<String>,
    headers: HeaderMap,
) -> Answer<Json<serde_json::Value>> {
    organiser_only(&live, &headers)?;
    if !["open", "close", "publish"].contains(&action.as_str()) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, format!("no organiser action `{action}`")));
    }
    let (closed, published) =
        with_db(&live, |db| Ok((db.meta("state")?.as_deref() == Some("closed"), db.meta("published")?.is_some())))?;
    if action == "publish" && !closed {
        return Err(ApiError::new(StatusCode::CONFLICT, "close the competition before publishing its scenarios"));
    }
    // Publishing hands out every scenario file: a round started after it would be open book.
    if action == "open" && published {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "the scenarios are published, so the competition cannot open again; start a new competition",
        ));
    }
    let (state, published) = with_db(&live, |db| {
        match action.as_str() {
            "open" => db.set_meta("state", "open")?,
            "close" => db.set_meta("state", "closed")?,
            _ => db.set_meta("published", "yes")?,
        }
        Ok((db.meta("state")?, db.meta("published")?.is_some()))
    })?;
    Ok(Json(json!({ "state": state, "published": published })))
}

#[derive(Deserialize)]
struct ExportQuery {
    #[serde(default)]
    format: Option<String>,
}

async fn export(State(live): Shared, headers: HeaderMap, Query(query): Query<ExportQuery>) -> Answer<Response> {
    organiser_only(&live, &headers)?;
    let attempts = attempts(&live)?;
    Ok(match query.format.as_deref().unwrap_or("attempts") {
        "attempts" => {
            ([(header::CONTENT_TYPE, "application/json")], AttemptsFile::new(attempts).to_json()).into_response()
        }
        "csv" => ([(header::CONTENT_TYPE, "text/csv")], to_csv(&attempts)).into_response(),
        "xapi" => {
            let mut statements = Vec::new();
            for attempt in &attempts {
                statements.extend(
                    crate::records::xapi::verified_attempt_statements(attempt, &live.library)
                        .map_err(|r| ApiError::from(r.to_string()))?,
                );
            }
            Json(statements).into_response()
        }
        other => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("unknown format `{other}`: attempts, csv or xapi"),
            ));
        }
    })
}

/// Where requests' time has gone since the server started, summed in microseconds.
async fn timings(State(live): Shared, headers: HeaderMap) -> Answer<Json<serde_json::Value>> {
    organiser_only(&live, &headers)?;
    let mut out = live.timings.to_json();
    out["connections"] = json!(live.db.size());
    Ok(Json(out))
}

#[derive(Deserialize)]
struct PushRequest {
    /// The LRS's xAPI address, as `results push --lrs` takes it.
    endpoint: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    batch: Option<usize>,
}

/// Sends the finished attempts' xAPI statements to an LRS, as `results push` does, skipping
/// what that LRS already confirmed. The credentials are used for this push and never kept.
async fn push(
    State(live): Shared,
    headers: HeaderMap,
    payload: Result<Json<PushRequest>, JsonRejection>,
) -> Answer<Json<serde_json::Value>> {
    organiser_only(&live, &headers)?;
    let request = body(payload)?;
    lrs::check_endpoint(&request.endpoint).map_err(|message| ApiError::new(StatusCode::BAD_REQUEST, message))?;
    let target = lrs::statements_url(&request.endpoint);
    let mut statements = Vec::new();
    for attempt in &attempts(&live)? {
        statements.extend(
            crate::records::xapi::verified_attempt_statements(attempt, &live.library)
                .map_err(|r| ApiError::from(r.to_string()))?,
        );
    }
    let sent = with_db(&live, |db| db.pushed(&target))?;
    let shared = live.clone();
    let remembered = target.clone();
    // The push waits on another server, with retries: on a thread meant for blocking, so the
    // competition's own requests are not held up behind it.
    let pushed = tokio::task::spawn_blocking(move || {
        let credentials = lrs::Credentials { user: request.user, password: request.password };
        lrs::push(
            &request.endpoint,
            &credentials,
            &statements,
            request.batch.unwrap_or(lrs::DEFAULT_BATCH),
            &|id| sent.contains(id),
            &mut |ids| shared.db.with(&shared.timings, |db| db.remember_pushed(&remembered, ids)),
        )
    })
    .await
    .map_err(|err| ApiError::from(format!("the push stopped: {err}")))?;
    let report = pushed.map_err(|why| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            format!("the push to {target} stopped: {why}; what the LRS confirmed before is remembered"),
        )
    })?;
    Ok(Json(json!({
        "lrs": target,
        "sent": report.sent,
        "already_there": report.already_there,
        "batches": report.batches,
        "retries": report.retries,
    })))
}

/// A round's scenario file, only once the organiser has published them after the close.
async fn published(State(live): Shared, Path(id): Path<String>) -> Answer<Response> {
    let published = with_db(&live, |db| Ok(db.meta("published")?.is_some()))?;
    if !published {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "the scenarios are published after the competition closes"));
    }
    let loaded = rounds(&live).into_iter().find(|r| r.loaded.id() == id).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, format!("`{id}` is not one of this competition's scenarios"))
    })?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], loaded.loaded.source.clone()).into_response())
}
