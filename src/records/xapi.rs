//! Attempts as xAPI 1.0.3 statements for a learning record store: one `passed` or `failed`
//! statement per attempt and one `answered` statement per reply, and a `mastered` statement
//! each time a strategy comes to count as mastered. Statements are built from the replayed
//! score card, never from what was stored. The pass mark is 60%, or the cmi5 `masteryScore`
//! of the launch data where one is given.

use crate::authoring::load::LoadedScenario;
use crate::engine::card::{ScoreCard, score_card};
use crate::records::attempts::{Attempt, Rejection, replay, verify};
use crate::records::progress::bkt::ONE;
use crate::records::progress::evidence::{AttemptEvidence, replayed_evidence};
use crate::records::progress::learner::{MasteredAt, SkillProgress};
use crate::records::time::{duration, timestamp};
use serde_json::{Value, json};

/// The IRI every Hard Call activity and extension lives under.
pub const BASE: &str = "https://hardcall.invalid";
/// A percentage at or above this passes.
pub const PASS_PERCENT: i64 = 60;

const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
const VERB_MASTERED: &str = "http://adlnet.gov/expapi/verbs/mastered";
/// The context extension cmi5 (section 9.6.3.1) asks for when a mastery score was applied.
pub const CMI5_MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

/// The score an attempt needs to pass: a scaled score in ten-thousandths (cmi5's
/// `masteryScore` has up to four decimal places).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassMark {
    pub ten_thousandths: u32,
    /// Whether it came from the launch data (then the statements say so, as cmi5 asks).
    pub from_launch: bool,
}

impl PassMark {
    /// 60%, where no launch data gives a mastery score.
    pub const DEFAULT: PassMark = PassMark { ten_thousandths: PASS_PERCENT as u32 * 100, from_launch: false };

    pub fn passes(&self, percent: i64) -> bool {
        percent * 100 >= i64::from(self.ten_thousandths)
    }

    /// The mastery score as cmi5 writes it, such as 0.8.
    pub fn scaled(&self) -> f64 {
        f64::from(self.ten_thousandths) / 10_000.0
    }

    /// The pass mark of a cmi5 `LMS.LaunchData` document (cmi5 section 10.2.1): its
    /// `masteryScore`, a decimal from 0 to 1 with at most four places, or 60% without one.
    pub fn from_launch_data(json: &str) -> Result<PassMark, String> {
        let value: Value = serde_json::from_str(json).map_err(|err| {
            format!("the launch data is not JSON (line {}, column {}): {err}", err.line(), err.column())
        })?;
        if !value.is_object() {
            return Err("the launch data is not a JSON object".to_owned());
        }
        let Some(score) = value.get("masteryScore") else { return Ok(PassMark::DEFAULT) };
        let Some(score) = score.as_f64().filter(|s| (0.0..=1.0).contains(s)) else {
            return Err(format!("the launch data's masteryScore must be a number from 0 to 1, not {score}"));
        };
        let scaled = (score * 10_000.0).round();
        if (score * 10_000.0 - scaled).abs() > 1e-6 {
            return Err(format!("the launch data's masteryScore {score} has more than four decimal places"));
        }
        Ok(PassMark { ten_thousandths: scaled as u32, from_launch: true })
    }
}

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
    agent(&attempt.trainee)
}

fn agent(trainee: &str) -> Value {
    json!({
        "objectType": "Agent",
        "name": trainee,
        "account": { "homePage": format!("{BASE}/trainees"), "name": trainee },
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

/// The statements for one attempt and its replayed score card, passed at 60%.
pub fn statements(attempt: &Attempt, card: &ScoreCard) -> Vec<Value> {
    statements_with(attempt, card, PassMark::DEFAULT)
}

/// The statements for one attempt and its replayed score card, passed at `pass`.
pub fn statements_with(attempt: &Attempt, card: &ScoreCard, pass: PassMark) -> Vec<Value> {
    let scenario = json!({
        "objectType": "Activity",
        "id": format!("{BASE}/scenarios/{}", attempt.scenario),
        "definition": {
            "name": { "en-US": card.title },
            "description": { "en-US": format!("A conversation with {} ({})", card.customer, card.disc) },
            "type": "http://adlnet.gov/expapi/activities/simulation",
        },
    });
    let success = pass.passes(card.score.percent);
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
    if pass.from_launch {
        out[0]["context"]["extensions"][CMI5_MASTERY_SCORE] = json!(pass.scaled());
    }
    if let Some(review) = &attempt.review {
        // Practice at a mistake, not a fresh score: say which attempt and turn it went back to.
        out[0]["context"]["extensions"][format!("{BASE}/xapi/review-of")] = json!(review.of);
        out[0]["context"]["extensions"][format!("{BASE}/xapi/review-turn")] = json!(review.turn + 1);
    }
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

/// The statement that `trainee` came to master a strategy (or to avoid an anti-pattern):
/// verb `mastered`, the strategy as the activity, and the result scaled by the mastery
/// estimate at that moment. Its id is derived from the trainee, the strategy and the attempt
/// after which it held, so exporting again gives the same statement.
pub fn mastered_statement(trainee: &str, skill: &SkillProgress, at: &MasteredAt) -> Value {
    mastered_statement_of(trainee, &skill.id, &skill.name, skill.avoid, at)
}

/// [`mastered_statement`] from the strategy's id, name for people, and whether it is an
/// anti-pattern avoided.
pub fn mastered_statement_of(trainee: &str, id: &str, name: &str, avoid: bool, at: &MasteredAt) -> Value {
    let activity = if avoid { format!("{BASE}/strategies/{id}/avoided") } else { format!("{BASE}/strategies/{id}") };
    json!({
        "id": mastered_id(trainee, id, &at.attempt),
        "actor": agent(trainee),
        "verb": { "id": VERB_MASTERED, "display": { "en-US": "mastered" } },
        "object": {
            "objectType": "Activity",
            "id": activity,
            "definition": {
                "name": { "en-US": name },
                "type": "http://adlnet.gov/expapi/activities/objective",
            },
        },
        "result": {
            "score": { "scaled": at.estimate as f64 / ONE as f64, "min": 0, "max": 1 },
            "success": true,
        },
        "context": {
            "platform": "Hard Call",
            "language": "en-US",
            "extensions": {
                format!("{BASE}/xapi/after-attempt"): at.attempt,
                format!("{BASE}/xapi/model"): "Bayesian knowledge tracing",
            },
        },
        "timestamp": timestamp(at.at_ms),
    })
}

/// The id [`mastered_statement`] gives.
pub fn mastered_id(trainee: &str, skill: &str, attempt: &str) -> String {
    stable_uuid(&["mastered", trainee, skill, attempt])
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
    verified_attempt_statements_with(attempt, library, PassMark::DEFAULT)
}

/// [`verified_attempt_statements`] passed at `pass`.
pub fn verified_attempt_statements_with(
    attempt: &Attempt,
    library: &[LoadedScenario],
    pass: PassMark,
) -> Result<Vec<Value>, Rejection> {
    times_fit(attempt)?;
    verify(attempt, library).map(|card| statements_with(attempt, &card, pass))
}

/// Whether an attempt's times can be written as xAPI timestamps.
fn times_fit(attempt: &Attempt) -> Result<(), Rejection> {
    for ms in [attempt.started_at_ms, attempt.ended_at_ms] {
        if !(0..=LAST_TIMESTAMP_MS).contains(&ms) {
            return Err(Rejection::Malformed {
                reason: format!("its time {ms} ms cannot be written as an xAPI timestamp"),
            });
        }
    }
    Ok(())
}

/// The statements of one attempt and the evidence it gives about its trainee's strategies,
/// from one replay: what an export streams while it traces mastery.
pub fn verified_statements_and_evidence(
    attempt: &Attempt,
    library: &[LoadedScenario],
    pass: PassMark,
) -> Result<(Vec<Value>, AttemptEvidence), Rejection> {
    times_fit(attempt)?;
    let (session, variant) = replay(attempt, library)?;
    let card = score_card(&session, &variant.analysis);
    Ok((statements_with(attempt, &card, pass), replayed_evidence(attempt, &session, &variant.analysis)))
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

    #[test]
    fn the_pass_mark_comes_from_the_launch_data_where_given() {
        assert_eq!(PassMark::from_launch_data("{}").unwrap(), PassMark::DEFAULT);
        let mark = PassMark::from_launch_data(r#"{"launchMode": "Normal", "masteryScore": 0.85}"#).unwrap();
        assert_eq!(mark, PassMark { ten_thousandths: 8500, from_launch: true });
        assert!(mark.passes(85) && !mark.passes(84));
        assert!(PassMark::DEFAULT.passes(60) && !PassMark::DEFAULT.passes(59));
        assert_eq!(PassMark::from_launch_data(r#"{"masteryScore": 0.8125}"#).unwrap().ten_thousandths, 8125);
        // A mark between whole percentages: 72.5% needs 73.
        let half = PassMark::from_launch_data(r#"{"masteryScore": 0.725}"#).unwrap();
        assert!(half.passes(73) && !half.passes(72));
        for bad in
            [r#"{"masteryScore": 1.5}"#, r#"{"masteryScore": "0.8"}"#, r#"{"masteryScore": 0.12345}"#, "[1]", "{"]
        {
            assert!(PassMark::from_launch_data(bad).is_err(), "{bad}");
        }
    }
}
