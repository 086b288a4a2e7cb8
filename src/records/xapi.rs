//! Attempts as xAPI 1.0.3 statements for a learning record store: one `passed` or `failed`
//! statement per attempt and one `answered` statement per reply. Statements are built from
//! the replayed score card, never from what was stored.

use crate::authoring::load::LoadedScenario;
use crate::engine::card::ScoreCard;
use crate::records::attempts::{Attempt, Rejection, verify};
use crate::records::time::{duration, timestamp};
use serde_json::{Value, json};

/// The IRI every Hard Call activity and extension lives under.
pub const BASE: &str = "https://hardcall.invalid";
/// A percentage at or above this passes.
pub const PASS_PERCENT: i64 = 60;

const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";

/// A UUID (version 8, RFC 9562) derived from `parts`, so re-exporting an attempt gives the
/// same statement ids and an LRS can skip what it already holds.
pub fn stable_uuid(parts: &[&str]) -> String {
    let hash = blake3::hash(parts.join("\u{1f}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&hash.as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

fn slug(text: &str) -> String {
    crate::authoring::template::slug(text)
}

fn actor(attempt: &Attempt) -> Value {
    json!({
        "objectType": "Agent",
        "name": attempt.trainee,
        "account": { "homePage": format!("{BASE}/trainees"), "name": attempt.trainee },
    })
}

fn context(attempt: &Attempt, scenario_activity: Option<&Value>) -> Value {
    let mut context = json!({
        "registration": stable_uuid(&["registration", &attempt.id]),
        "platform": "Hard Call",
        "language": "en-US",
        "extensions": {
            format!("{BASE}/xapi/seed"): attempt.seed,
            format!("{BASE}/xapi/scenario-hash"): attempt.scenario_hash,
            format!("{BASE}/xapi/disc"): attempt.disc,
            format!("{BASE}/xapi/version"): attempt.version,
        },
    });
    if let Some(team) = &attempt.team {
        context["team"] = json!({
            "objectType": "Group",
            "name": team,
            "account": { "homePage": format!("{BASE}/teams"), "name": team },
        });
    }
    let mut parents = Vec::new();
    if let Some(scenario) = scenario_activity {
        parents.push(scenario.clone());
    }
    if let Some(competition) = &attempt.competition {
        parents.push(json!({
            "objectType": "Activity",
            "id": format!("{BASE}/competitions/{}", slug(competition)),
            "definition": { "name": { "en-US": competition } },
        }));
    }
    if !parents.is_empty() {
        context["contextActivities"] = json!({ "parent": parents });
    }
    context
}

/// The statements for one attempt and its replayed score card.
pub fn statements(attempt: &Attempt, card: &ScoreCard) -> Vec<Value> {
    let scenario = json!({
        "objectType": "Activity",
        "id": format!("{BASE}/scenarios/{}", attempt.scenario),
        "definition": {
            "name": { "en-US": card.title },
            "description": { "en-US": format!("A conversation with {} ({})", card.customer, card.disc) },
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    });
    let success = card.score.percent >= PASS_PERCENT;
    let (verb, word) = if success { (VERB_PASSED, "passed") } else { (VERB_FAILED, "failed") };
    let (low, high) = (card.score.worst, card.score.best.max(card.score.worst));
    let mut out = vec![json!({
        "id": stable_uuid(&["attempt", &attempt.id]),
        "actor": actor(attempt),
        "verb": { "id": verb, "display": { "en-US": word } },
        "object": scenario,
        "result": {
            "score": {
                "scaled": card.score.percent as f64 / 100.0,
                "raw": card.score.total.clamp(low, high),
                "min": low,
                "max": high,
            },
            "success": success,
            "completion": true,
            "duration": duration((attempt.ended_at_ms - attempt.started_at_ms).max(0) as u64),
        },
        "context": context(attempt, None),
        "timestamp": timestamp(attempt.ended_at_ms),
    })];
    // Each reply is stamped when it was given: the start plus the reply times so far, never
    // past the end.
    let mut replied_at = attempt.started_at_ms;
    for (i, turn) in card.turns.iter().enumerate() {
        let node = format!("{BASE}/scenarios/{}/nodes/{}", attempt.scenario, slug(&turn.node));
        let response_ms = attempt.response_ms.get(i).copied().unwrap_or(0);
        replied_at = replied_at.saturating_add(i64::try_from(response_ms).unwrap_or(i64::MAX)).min(attempt.ended_at_ms);
        out.push(json!({
            "id": stable_uuid(&["answered", &attempt.id, &i.to_string()]),
            "actor": actor(attempt),
            "verb": { "id": VERB_ANSWERED, "display": { "en-US": "answered" } },
            "object": {
                "objectType": "Activity",
                "id": node,
                // One definition per node activity, the same in every attempt: the turn number
                // and the customer's line (picked by seed) vary, so they go in the result.
                "definition": {
                    "name": { "en-US": format!("{}: {}", card.title, turn.node.replace(['_', '-'], " ")) },
                    "description": { "en-US": format!("The reply to the customer at `{}` in {}", turn.node, card.title) },
                    "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                    "interactionType": "choice",
                },
            },
            "result": {
                "response": turn.choice.position.to_string(),
                "success": turn.took_best,
                "duration": duration(response_ms),
                "extensions": {
                    format!("{BASE}/xapi/turn"): turn.turn,
                    format!("{BASE}/xapi/customer-line"): turn.customer,
                    format!("{BASE}/xapi/reply"): turn.choice.text,
                    format!("{BASE}/xapi/points"): turn.points,
                    format!("{BASE}/xapi/best-reply"): turn.best.text,
                },
            },
            "context": context(attempt, Some(&out[0]["object"])),
            "timestamp": timestamp(replied_at),
        }));
    }
    out
}

/// The ids of the statements [`statements`] builds for an attempt, known without replaying
/// it: a push skips attempts whose statements an LRS already holds before building them.
pub fn statement_ids(attempt: &Attempt) -> Vec<String> {
    std::iter::once(stable_uuid(&["attempt", &attempt.id]))
        .chain((0..attempt.choices.len()).map(|i| stable_uuid(&["answered", &attempt.id, &i.to_string()])))
        .collect()
}

/// The latest time an xAPI timestamp can carry (9999-12-31T23:59:59.999Z): strict LRSs refuse
/// a five-digit year.
const LAST_TIMESTAMP_MS: i64 = 253_402_300_799_999;

/// The statements of one attempt, if it replays to its stored score and its times fit in an
/// xAPI timestamp.
pub fn verified_attempt_statements(attempt: &Attempt, library: &[LoadedScenario]) -> Result<Vec<Value>, Rejection> {
    for ms in [attempt.started_at_ms, attempt.ended_at_ms] {
        if !(0..=LAST_TIMESTAMP_MS).contains(&ms) {
            return Err(Rejection::Malformed {
                reason: format!("its time {ms} ms cannot be written as an xAPI timestamp"),
            });
        }
    }
    verify(attempt, library).map(|card| statements(attempt, &card))
}

/// The statements of every attempt that replays to its stored score, and the attempts left
/// out with why: a statement is never built from a score that does not replay.
pub fn verified_statements<'a>(
    attempts: &'a [Attempt],
    library: &[LoadedScenario],
) -> (Vec<Value>, Vec<(&'a Attempt, Rejection)>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for attempt in attempts {
        match verified_attempt_statements(attempt, library) {
            Ok(statements) => out.extend(statements),
            Err(reason) => skipped.push((attempt, reason)),
        }
    }
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = stable_uuid(&["attempt", "x"]);
        assert_eq!(a, stable_uuid(&["attempt", "x"]));
        assert_ne!(a, stable_uuid(&["attempt", "y"]));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "RFC 9562 variant");
    }
}
