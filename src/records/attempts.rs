//! Finished attempts: what a trainee played, kept so it can be compared and exported, and
//! never trusted as stored: an attempt's score is always recomputed from the scenario, the
//! seed and the replies before it counts.

use crate::authoring::load::LoadedScenario;
use crate::authoring::load::Variant;
use crate::engine::card::{Score, ScoreCard, score_card, strategy_totals};
use crate::engine::scenario::Outcome;
use crate::engine::session::Session;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The version of Hard Call that recorded an attempt.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One finished conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// A hash of everything below, so the same attempt imported twice is stored once.
    pub id: String,
    pub trainee: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub competition: Option<String>,
    pub scenario: String,
    /// blake3 of the scenario file's text: which version of the scenario was played.
    pub scenario_hash: String,
    /// The customer's personality as played, such as `Dominant/Conscientious`.
    pub disc: String,
    pub seed: u64,
    /// 1-based replies, in order.
    pub choices: Vec<usize>,
    /// Milliseconds the trainee took for each reply.
    pub response_ms: Vec<u64>,
    pub outcome: Option<Outcome>,
    pub score: Score,
    /// The score card in brief: points per strategy and anti-pattern id, and per turn. The
    /// full card (teachings, best replies) is rebuilt by replaying, which is exact.
    #[serde(default)]
    pub strategies: BTreeMap<String, i64>,
    #[serde(default)]
    pub turn_points: Vec<i32>,
    /// Points the customer's DISC style added or took away.
    #[serde(default)]
    pub disc_fit: i64,
    /// Unix time in milliseconds.
    pub started_at_ms: i64,
    pub ended_at_ms: i64,
    pub version: String,
    /// Set when this conversation reviewed a mistake: it resumed at a turn of an earlier
    /// attempt, the replies before it replayed as they were. Not a fresh score. Absent on
    /// ordinary attempts, so their ids are what they always were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// Which mistake a review attempt went back to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The id of the attempt whose mistake is reviewed.
    pub of: String,
    /// The 0-based turn the trainee chose again; the replies before it are the original's.
    pub turn: usize,
}

impl Attempt {
    /// Records a finished session.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        loaded: &LoadedScenario,
        session: &Session,
        card: &ScoreCard,
        trainee: &str,
        team: Option<&str>,
        response_ms: Vec<u64>,
        started_at_ms: i64,
        ended_at_ms: i64,
    ) -> Attempt {
        let mut attempt = Attempt {
            id: String::new(),
            trainee: trainee.to_owned(),
            team: team.map(str::to_owned),
            competition: None,
            scenario: loaded.id().to_owned(),
            scenario_hash: loaded.hash.clone(),
            disc: session.scenario().profile.to_string(),
            seed: session.seed(),
            choices: session.positions(),
            response_ms,
            outcome: card.outcome,
            score: card.score.clone(),
            strategies: card.strategies.clone(),
            turn_points: card.turns.iter().map(|t| t.points).collect(),
            disc_fit: card.disc_fit,
            started_at_ms,
            ended_at_ms,
            version: VERSION.to_owned(),
            review: None,
        };
        attempt.id = attempt.content_id();
        attempt
    }

    /// Whether the trainee chose this turn (0-based) themselves: every turn of an ordinary
    /// attempt, and in a review the turns from the one reviewed on.
    pub fn chosen_here(&self, turn: usize) -> bool {
        self.review.as_ref().is_none_or(|review| turn >= review.turn)
    }

    /// The id this attempt's content hashes to.
    pub fn content_id(&self) -> String {
        let mut content = self.clone();
        content.id = String::new();
        let json = serde_json::to_string(&content).expect("attempts always serialise");
        blake3::hash(json.as_bytes()).to_hex()[..32].to_owned()
    }

    /// The sum of the reply times, saturating: an absurd stored value cannot wrap round to
    /// a small one.
    pub fn total_response_ms(&self) -> u64 {
        self.response_ms.iter().fold(0u64, |sum, ms| sum.saturating_add(*ms))
    }
}

/// 1 January 2023 (UTC), in Unix milliseconds: no attempt in the scenario format can be older.
pub const FORMAT_EPOCH_MS: i64 = 1_672_531_200_000;
/// How far ahead of this machine's clock another machine's clock may run.
pub const CLOCK_SKEW_MS: i64 = 10 * 60 * 1000;
/// No reply takes longer than this; a larger value is a typo or an edit.
pub const MAX_REPLY_MS: u64 = 24 * 60 * 60 * 1000;
/// Names are for people: short, printable.
pub const MAX_NAME_CHARS: usize = 80;

/// What an attempt's own content must satisfy before its replay is worth running: times in a
/// plausible range (not before the format existed, not in the future beyond clock skew), an
/// end after the start, a duration that holds the reply times, reply times under a day, and a
/// trainee name that is a name. `now_ms` is this machine's clock.
pub fn check_plausible(attempt: &Attempt, now_ms: i64) -> Result<(), String> {
    let name = attempt.trainee.trim();
    if name.is_empty() {
        return Err("it has no trainee name".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("its trainee name is longer than {MAX_NAME_CHARS} characters"));
    }
    if attempt.trainee.chars().any(char::is_control)
        || attempt.team.as_deref().is_some_and(|t| t.chars().any(char::is_control))
    {
        return Err("its trainee or team name contains control characters".to_owned());
    }
    let (start, end) = (attempt.started_at_ms, attempt.ended_at_ms);
    if start < FORMAT_EPOCH_MS {
        return Err(format!(
            "it claims to have started on {}, before Hard Call's scenario format existed",
            date(start)
        ));
    }
    if end > now_ms.saturating_add(CLOCK_SKEW_MS) {
        return Err(format!("it claims to have ended on {}, in the future", date(end)));
    }
    if end < start {
        return Err("it ends before it starts".to_owned());
    }
    if let Some((i, ms)) = attempt.response_ms.iter().enumerate().find(|(_, ms)| **ms > MAX_REPLY_MS) {
        return Err(format!("reply {} claims {ms} ms, more than a day", i + 1));
    }
    let total = attempt.total_response_ms();
    // Reply times are whole milliseconds measured inside the conversation: their sum fits in
    // its duration, give or take a millisecond of rounding per reply.
    if total > (end - start) as u64 + attempt.response_ms.len() as u64 {
        return Err(format!(
            "its replies took {:.1} s in all, longer than the {:.1} s the conversation lasted",
            total as f64 / 1000.0,
            (end - start) as f64 / 1000.0
        ));
    }
    Ok(())
}

/// The UTC date of Unix milliseconds, such as `2026-11-26`.
fn date(ms: i64) -> String {
    let stamp = crate::records::time::timestamp(ms);
    stamp.split('T').next().unwrap_or(&stamp).to_owned()
}

/// Why an attempt was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    UnknownScenario {
        scenario: String,
    },
    ScenarioMismatch {
        claimed: String,
        actual: String,
    },
    UnknownPersonality {
        disc: String,
    },
    Unplayable {
        reply: usize,
        reason: String,
    },
    Unfinished {
        replies: usize,
    },
    Malformed {
        reason: String,
    },
    /// The stored score is not what replaying gives: percentages, and points for when the
    /// percentages agree.
    ScoreDiffers {
        claimed: (i64, i64),
        replayed: (i64, i64),
    },
    /// The total is right but the points per strategy or per turn are not.
    CardDiffers,
    Tampered,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::UnknownScenario { scenario } => {
                write!(f, "the version of scenario `{scenario}` it was played on is not known here")
            }
            Rejection::ScenarioMismatch { claimed, actual } => {
                write!(f, "it claims scenario `{claimed}` but its hash belongs to `{actual}`")
            }
            Rejection::UnknownPersonality { disc } => write!(f, "the scenario cannot be played as {disc}"),
            Rejection::Unplayable { reply, reason } => write!(f, "reply {reply} cannot be replayed: {reason}"),
            Rejection::Unfinished { replies } => write!(f, "the conversation is not over after its {replies} replies"),
            Rejection::Malformed { reason } => write!(f, "{reason}"),
            Rejection::ScoreDiffers { claimed: (claimed, claimed_points), replayed: (replayed, replayed_points) } => {
                if claimed != replayed {
                    write!(f, "it claims {claimed}% but replaying it gives {replayed}%")
                } else if claimed_points != replayed_points {
                    write!(f, "it claims {claimed_points} points but replaying it gives {replayed_points}")
                } else {
                    f.write_str("its score's details or outcome differ from what replaying it gives")
                }
            }
            Rejection::CardDiffers => {
                f.write_str("its points per strategy or per turn differ from what replaying it gives")
            }
            Rejection::Tampered => {
                f.write_str("its id does not match its content: it was edited after it was recorded")
            }
        }
    }
}

/// Replays an attempt on the scenarios known here and returns its real score card.
pub fn verify(attempt: &Attempt, scenarios: &[LoadedScenario]) -> Result<ScoreCard, Rejection> {
    let (session, variant) = replay(attempt, scenarios)?;
    Ok(score_card(&session, &variant.analysis))
}

/// Replays an attempt on the scenarios known here and checks everything it claims (its
/// id, score, outcome, points per strategy and per turn), returning the finished session and
/// the personality it was played with: what [`verify`] checks, without building the card.
pub fn replay<'a>(attempt: &Attempt, scenarios: &'a [LoadedScenario]) -> Result<(Session, &'a Variant), Rejection> {
    if attempt.id != attempt.content_id() {
        return Err(Rejection::Tampered);
    }
    if attempt.response_ms.len() != attempt.choices.len() {
        return Err(Rejection::Malformed {
            reason: format!("{} replies but {} response times", attempt.choices.len(), attempt.response_ms.len()),
        });
    }
    if let Some(review) = &attempt.review
        && review.turn >= attempt.choices.len()
    {
        return Err(Rejection::Malformed {
            reason: format!("it reviews turn {} but has only {} replies", review.turn + 1, attempt.choices.len()),
        });
    }
    let loaded = scenarios
        .iter()
        .find(|l| l.hash == attempt.scenario_hash)
        .ok_or_else(|| Rejection::UnknownScenario { scenario: attempt.scenario.clone() })?;
    if loaded.id() != attempt.scenario {
        return Err(Rejection::ScenarioMismatch { claimed: attempt.scenario.clone(), actual: loaded.id().to_owned() });
    }
    let variant = loaded
        .variants
        .iter()
        .find(|v| v.scenario.profile.to_string() == attempt.disc)
        .ok_or_else(|| Rejection::UnknownPersonality { disc: attempt.disc.clone() })?;
    let (mut session, _) = Session::start(variant.scenario.clone(), attempt.seed);
    session
        .play(&attempt.choices)
        .map_err(|(i, err)| Rejection::Unplayable { reply: i + 1, reason: err.to_string() })?;
    if !session.is_over() {
        return Err(Rejection::Unfinished { replies: attempt.choices.len() });
    }
    // Attempts recorded before the rating carry no rating and were scored by their total
    // alone; they verify against that model and keep the percentage they earned.
    let replayed = if attempt.score.rating.is_none() {
        Score::legacy(&session, &variant.analysis)
    } else {
        Score::of(&session, &variant.analysis)
    };
    let outcome = session.ending().map(|e| e.outcome);
    if replayed != attempt.score || outcome != attempt.outcome {
        return Err(Rejection::ScoreDiffers {
            claimed: (attempt.score.percent, attempt.score.total),
            replayed: (replayed.percent, replayed.total),
        });
    }
    let (strategies, disc_fit) = strategy_totals(&session);
    let turn_points: Vec<i32> = session.turns().iter().map(|t| t.points).collect();
    if strategies != attempt.strategies || turn_points != attempt.turn_points || disc_fit != attempt.disc_fit {
        return Err(Rejection::CardDiffers);
    }
    Ok((session, variant))
}
