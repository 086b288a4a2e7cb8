//! What a live competition's server and its clients say to each other: the round briefs a
//! trainee gets on joining, the one turn they see at a time, and a blocking client for them
//! that the terminal's `join` and the game (on a thread of its own) both use.
//!
//! Nothing here reveals a scenario's graph: a brief is what the game's briefing shows, a
//! turn is the customer's line, the mood and the replies on offer in the order shown.

use crate::engine::card::ScoreCard;
use crate::engine::face::Expression;
use crate::engine::look::Appearance;
use crate::engine::scenario::Outcome;
use crate::engine::scenario::{Channel, Dossier};
use crate::records::competition::HUMAN_MIN_REPLY_MS;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The header a conversation's secret goes back to the server in.
pub const SECRET_HEADER: &str = "X-Conversation-Secret";

/// A round as a trainee sees it before playing: what a briefing shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundBrief {
    /// 1-based.
    pub round: usize,
    pub title: String,
    pub customer: String,
    /// The channel as a person reads it ("phone call").
    pub channel: String,
    /// The channel as the game draws it.
    pub medium: Channel,
    pub summary: String,
    pub difficulty: String,
    pub personality: String,
    pub turn_limit: u32,
    pub dossier: Dossier,
    /// How the customer looks (a server from before looks were sent sends none, and the
    /// game derives one from the customer's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look: Option<Appearance>,
}

/// The answer to joining: who, for which team, and the rounds to play.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub trainee: String,
    pub team: String,
    pub competition: String,
    /// Seconds a reply may take before the timer runs out, if the competition sets a limit.
    #[serde(default)]
    pub reply_seconds: Option<u32>,
    pub rounds: Vec<RoundBrief>,
    /// The competition's rules in plain sentences: which attempt counts, the reply limit,
    /// the end, how ties are ranked. Empty from servers that predate them.
    #[serde(default)]
    pub rules: Vec<String>,
}

/// What a finished round shows while the competition is open: the grade, the percentage and
/// the trainee's own replies with their feedback, never the best reply or path, which would
/// let anyone who played once hand out the answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedCard {
    pub percent: i64,
    pub grade: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub turns: Vec<SealedTurn>,
    /// When the full debrief unlocks.
    pub unlocks: String,
}

/// One turn of a sealed card: what the customer said, the reply taken and its feedback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedTurn {
    pub turn: usize,
    pub customer: String,
    pub reply: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl SealedCard {
    /// The parts of `card` a trainee may see while the competition is open.
    pub fn of(card: &ScoreCard) -> SealedCard {
        SealedCard {
            percent: card.score.percent,
            grade: card.score.grade.clone(),
            outcome: card.outcome,
            turns: card
                .turns
                .iter()
                .map(|t| SealedTurn {
                    turn: t.turn,
                    customer: t.customer.clone(),
                    reply: t.choice.text.clone(),
                    feedback: t.choice.feedback.clone(),
                })
                .collect(),
            unlocks: "the best replies and the full debrief unlock when the organiser closes the competition".into(),
        }
    }
}

/// One reply as the trainee sees it: the number to send and its text.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShownReply {
    pub shown: usize,
    pub text: String,
}

/// What a trainee sees of a conversation at one moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnView {
    pub session: String,
    /// The conversation's secret, handed out by the start only: every later read and reply
    /// sends it back in the `X-Conversation-Secret` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub round: usize,
    pub title: String,
    pub customer: String,
    pub channel: String,
    pub medium: Channel,
    pub personality: String,
    /// 1-based: the turn being asked now (or the number of replies given, once over).
    pub turn: usize,
    pub turn_limit: u32,
    pub temper: i32,
    pub trust: i32,
    /// What the customer says now (their last words, once over).
    pub line: String,
    /// The face the scenario's author gave that line, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<Expression>,
    /// The replies on offer, in the order drawn for this turn; empty once over.
    pub offer: Vec<ShownReply>,
    pub finished: bool,
    /// How the conversation ended, once it has ("resolved", "escalated"...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The whole score card, only once the conversation is over and the competition closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<ScoreCard>,
    /// The sealed card, once the conversation is over while the competition is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SealedCard>,
}

impl TurnView {
    /// The percentage and grade of a finished round, from whichever card it carries.
    pub fn result(&self) -> Option<(i64, &str)> {
        match (&self.card, &self.sealed) {
            (Some(card), _) => Some((card.score.percent, card.score.grade.as_str())),
            (None, Some(sealed)) => Some((sealed.percent, sealed.grade.as_str())),
            _ => None,
        }
    }
}

/// The body of a reply.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReplyRequest {
    /// The number the reply was shown under.
    pub shown: usize,
    /// If given, must be the session's trainee: a session id passed to someone else is
    /// refused rather than played by them.
    #[serde(default)]
    pub trainee: Option<String>,
    /// If given, the turn this reply answers: a reply sent again after its answer was lost
    /// is refused instead of being taken as the answer to the next turn.
    #[serde(default)]
    pub turn: Option<usize>,
}

/// Why a request came to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveError {
    /// The server could not be reached or did not answer: worth trying again.
    Unreachable(String),
    /// The server answered with a refusal and its reason.
    Refused { status: u16, message: String },
}

impl LiveError {
    /// Whether trying the same request again may work.
    pub fn retryable(&self) -> bool {
        match self {
            LiveError::Unreachable(_) => true,
            // Too many requests, or the server's database briefly unavailable.
            LiveError::Refused { status, .. } => *status == 429 || *status >= 500,
        }
    }
}

impl std::fmt::Display for LiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LiveError::Unreachable(why) => write!(f, "cannot reach the server: {why}"),
            LiveError::Refused { message, .. } => f.write_str(message),
        }
    }
}

/// The server's address as typed: `host:port` or a full `http://` URL, with any trailing
/// slash dropped. Anything else (another scheme, spaces, nothing) is refused with why.
pub fn server_url(typed: &str) -> Result<String, String> {
    let typed = typed.trim().trim_end_matches('/');
    if typed.is_empty() {
        return Err("type the server's address, as the organiser gave it (for example 192.168.1.20:8080)".into());
    }
    if typed.chars().any(char::is_whitespace) {
        return Err(format!("`{typed}` is not an address: it has spaces in it"));
    }
    let url = if typed.contains("://") { typed.to_owned() } else { format!("http://{typed}") };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!("`{typed}` is not a web address: it should start with http:// or https://"));
    }
    Ok(url)
}

/// A blocking client of one live competition server.
#[derive(Clone, Debug)]
pub struct Client {
    base: String,
    agent: ureq::Agent,
    /// Each conversation's secret as its start handed it out, shared by the client's clones
    /// (the game sends from threads of its own) and sent back on every read and reply.
    secrets: Arc<Mutex<HashMap<String, String>>>,
}

impl Client {
    /// A client for the server at `typed` (see [`server_url`]), giving up on a connection
    /// after `connect` and on an answer after `answer`.
    pub fn new(typed: &str, connect: Duration, answer: Duration) -> Result<Client, String> {
        let base = server_url(typed)?;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(connect))
            .timeout_recv_response(Some(answer))
            .build()
            .into();
        Ok(Client { base, agent, secrets: Arc::default() })
    }

    /// The server's address, as requests are sent to it.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn call<T: serde::de::DeserializeOwned>(&self, path: &str, body: Option<Value>) -> Result<T, LiveError> {
        self.call_as(path, body, None)
    }

    /// The secret this client was handed for `session`, if any.
    fn secret(&self, session: &str) -> String {
        self.secrets.lock().unwrap_or_else(|p| p.into_inner()).get(session).cloned().unwrap_or_default()
    }

    fn call_as<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: Option<Value>,
        secret: Option<&str>,
    ) -> Result<T, LiveError> {
        let url = format!("{}{path}", self.base);
        let secret = secret.unwrap_or("");
        let response = match body {
            Some(body) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .header(SECRET_HEADER, secret)
                .send(body.to_string()),
            None => self.agent.get(&url).header(SECRET_HEADER, secret).call(),
        }
        .map_err(|err| LiveError::Unreachable(err.to_string()))?;
        let status = response.status().as_u16();
        let text = response
            .into_body()
            .read_to_string()
            .map_err(|err| LiveError::Unreachable(format!("the answer was cut off: {err}")))?;
        if (200..300).contains(&status) {
            serde_json::from_str(&text).map_err(|err| LiveError::Refused {
                status,
                message: format!("the server's answer is not what this version of Hard Call expects: {err}"),
            })
        } else {
            let reason = serde_json::from_str::<Value>(&text).ok().and_then(|v| v["error"].as_str().map(str::to_owned));
            Err(LiveError::Refused {
                status,
                message: reason.unwrap_or_else(|| format!("the server answered {status}; is this a Hard Call server?")),
            })
        }
    }

    /// Joins with a team code: the rounds to play.
    pub fn join(&self, trainee: &str, code: &str) -> Result<Joined, LiveError> {
        self.call("/api/join", Some(json!({ "trainee": trainee, "code": code })))
    }

    /// Starts a new conversation in round `round` (1-based): its first turn.
    /// The client keeps the conversation's secret for its later reads and replies. A round
    /// left unfinished is handed back as it stands, not started afresh.
    pub fn start(&self, trainee: &str, code: &str, round: usize) -> Result<TurnView, LiveError> {
        let view: TurnView =
            self.call("/api/start", Some(json!({ "trainee": trainee, "code": code, "round": round })))?;
        if let Some(secret) = &view.secret {
            self.secrets.lock().unwrap_or_else(|p| p.into_inner()).insert(view.session.clone(), secret.clone());
        }
        Ok(view)
    }

    /// The conversation `session` (started by this client) as it stands.
    pub fn turn(&self, session: &str) -> Result<TurnView, LiveError> {
        self.call_as(&format!("/api/sessions/{session}"), None, Some(&self.secret(session)))
    }

    /// Answers turn `turn` of `session`, shown at `shown_at`, with the reply shown as
    /// `shown`. A reply sooner than a person reads after its turn was shown is refused by the
    /// server, so one picked that fast (typed ahead) is held back for the rest of that moment.
    /// If that turn was already answered (a reply sent again after its answer was lost on
    /// the way back), the conversation as it now stands is the answer, so a retry never
    /// answers the next turn.
    pub fn reply(
        &self,
        session: &str,
        trainee: &str,
        turn: usize,
        shown: usize,
        shown_at: Instant,
    ) -> Result<TurnView, LiveError> {
        // A little over the minimum: the server's clock starts when it sent the turn.
        let minimum = Duration::from_millis(HUMAN_MIN_REPLY_MS + 50);
        std::thread::sleep(minimum.saturating_sub(shown_at.elapsed()));
        let request = ReplyRequest { shown, trainee: Some(trainee.to_owned()), turn: Some(turn) };
        let body = serde_json::to_value(&request).expect("a reply serialises");
        match self.call_as(&format!("/api/sessions/{session}/reply"), Some(body), Some(&self.secret(session))) {
            Err(LiveError::Refused { status: 409, message }) => {
                let now = self.turn(session)?;
                if now.turn > turn || now.finished { Ok(now) } else { Err(LiveError::Refused { status: 409, message }) }
            }
            answer => answer,
        }
    }

    /// The standings and who is playing, as the leaderboard page shows them.
    pub fn leaderboard(&self) -> Result<Value, LiveError> {
        self.call("/api/leaderboard", None)
    }
}
