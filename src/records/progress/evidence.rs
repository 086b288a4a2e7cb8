//! Evidence per strategy: which turns of a replayed conversation were a chance to show a
//! strategy or to avoid an anti-pattern, and whether the trainee took it.
//!
//! A turn is a chance to show strategy S when every clean reply worth the most on offer
//! shows S (so S is part of the right answer, not one way among several) and at least one
//! reply on offer does not (so not showing it was possible). A turn is a chance to avoid
//! anti-pattern X when some reply on offer commits X and some does not. Because the engine
//! knows every reply on offer, it also knows how often a trainee picking blindly would have
//! taken the chance: the guess rate the mastery model needs.

use crate::authoring::load::LoadedScenario;
use crate::engine::catalogue::StrategyKind;
use crate::engine::model::{CompiledChoice, CompiledScenario, State};
use crate::engine::prover::Analysis;
use crate::engine::session::Session;
use crate::records::attempts::{Attempt, Rejection, replay};
use serde::{Deserialize, Serialize};

/// One chance to show a strategy or avoid an anti-pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opportunity {
    /// 0-based turn of the conversation.
    pub turn: u32,
    /// Index into the catalogue the scenario was judged by: a strategy (shown) or an
    /// anti-pattern (avoided).
    pub skill: u32,
    /// Whether the reply taken showed the strategy (or did not commit the anti-pattern).
    pub taken: bool,
    /// How many replies on offer would have taken it, of how many were on offer: the chance
    /// of taking it by picking blindly is `hits / offered`.
    pub hits: u32,
    pub offered: u32,
}

/// What one finished attempt says about its trainee's strategies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptEvidence {
    pub attempt: String,
    pub trainee: String,
    pub scenario: String,
    /// Which version of the scenario it was played on.
    pub scenario_hash: String,
    /// The personality played, such as `Dominant/Conscientious`.
    pub disc: String,
    pub ended_at_ms: i64,
    pub percent: i64,
    /// Set for a review of a mistake: the attempt reviewed, and the turn from which this one
    /// was chosen afresh (the turns before it are a replay and give no evidence).
    pub review_of: Option<(String, u32)>,
    /// The anti-patterns committed, as (turn, catalogue index): what mistakes review offers.
    pub mistakes: Vec<(u32, u32)>,
    pub opportunities: Vec<Opportunity>,
}

fn shows(choice: &CompiledChoice, skill: usize) -> bool {
    choice.strategies.iter().any(|s| s.strategy == skill)
}

/// The chances a turn in `state` offers, each with whether reply `chosen` (an index into the
/// node's choices) took it; with `chosen` none, every chance counts as not taken (what a
/// path offers, for the practice plan).
pub fn turn_chances(
    scenario: &CompiledScenario,
    analysis: &Analysis,
    state: State,
    chosen: Option<usize>,
    turn: u32,
    out: &mut Vec<Opportunity>,
) {
    let values = analysis.reply_values(scenario, state);
    if values.len() < 2 {
        return;
    }
    let catalogue = &scenario.knowledge.catalogue;
    let node = state.node;
    let offered = values.len() as u32;
    let count = |test: &dyn Fn(&CompiledChoice) -> bool| {
        values.iter().filter(|(c, _)| test(scenario.choice(node, *c))).count() as u32
    };
    let taken = |test: &dyn Fn(&CompiledChoice) -> bool| chosen.is_some_and(|c| test(scenario.choice(node, c)));
    // Strategies of the right answer: shown by every clean reply worth the most.
    if let Some(best) = values.iter().filter(|(_, o)| !o.anti_pattern).map(|(_, o)| o.worth).max() {
        let best_replies: Vec<usize> =
            values.iter().filter(|(_, o)| !o.anti_pattern && o.worth == best).map(|(c, _)| *c).collect();
        let first = scenario.choice(node, best_replies[0]);
        let mut skills: Vec<usize> = first
            .strategies
            .iter()
            .map(|s| s.strategy)
            .filter(|&s| catalogue.strategies[s].kind == StrategyKind::Strategy)
            .filter(|&s| best_replies.iter().all(|&c| shows(scenario.choice(node, c), s)))
            .collect();
        skills.sort_unstable();
        skills.dedup();
        for skill in skills {
            let hits = count(&|c| shows(c, skill));
            if hits < offered {
                let taken = taken(&|c| shows(c, skill));
                out.push(Opportunity { turn, skill: skill as u32, taken, hits, offered });
            }
        }
    }
    // Anti-patterns on offer that could have been avoided.
    let mut traps: Vec<usize> = values
        .iter()
        .flat_map(|(c, _)| scenario.choice(node, *c).strategies.iter().map(|s| s.strategy))
        .filter(|&s| catalogue.strategies[s].kind == StrategyKind::AntiPattern)
        .collect();
    traps.sort_unstable();
    traps.dedup();
    for skill in traps {
        let hits = count(&|c| !shows(c, skill));
        if hits > 0 {
            let taken = taken(&|c| !shows(c, skill));
            out.push(Opportunity { turn, skill: skill as u32, taken, hits, offered });
        }
    }
}

/// The chances a finished (or unfinished) session offered from turn `from` on, in turn order.
pub fn session_chances(session: &Session, analysis: &Analysis, from: usize) -> Vec<Opportunity> {
    let mut out = Vec::new();
    for (i, turn) in session.turns().iter().enumerate().skip(from) {
        turn_chances(session.scenario(), analysis, turn.before, Some(turn.choice), i as u32, &mut out);
    }
    out
}

/// The evidence of a stored attempt, replayed on the scenarios known here: an attempt whose
/// score does not replay gives none.
pub fn attempt_evidence(attempt: &Attempt, library: &[LoadedScenario]) -> Result<AttemptEvidence, Rejection> {
    let (session, variant) = replay(attempt, library)?;
    Ok(replayed_evidence(attempt, &session, &variant.analysis))
}

/// The evidence of an attempt already replayed (`session`, by [`replay`]).
pub fn replayed_evidence(attempt: &Attempt, session: &Session, analysis: &Analysis) -> AttemptEvidence {
    let from = attempt.review.as_ref().map_or(0, |r| r.turn);
    let scenario = session.scenario();
    let mistakes = session
        .turns()
        .iter()
        .enumerate()
        .skip(from)
        .flat_map(|(i, turn)| {
            scenario
                .choice(turn.before.node, turn.choice)
                .strategies
                .iter()
                .filter(|s| scenario.knowledge.catalogue.strategies[s.strategy].kind == StrategyKind::AntiPattern)
                .map(move |s| (i as u32, s.strategy as u32))
        })
        .collect();
    AttemptEvidence {
        attempt: attempt.id.clone(),
        trainee: attempt.trainee.clone(),
        scenario: attempt.scenario.clone(),
        scenario_hash: attempt.scenario_hash.clone(),
        disc: attempt.disc.clone(),
        ended_at_ms: attempt.ended_at_ms,
        percent: attempt.score.percent,
        review_of: attempt.review.as_ref().map(|r| (r.of.clone(), r.turn as u32)),
        mistakes,
        opportunities: session_chances(session, analysis, from),
    }
}
