//! The score card: per-turn points and qualities, the score and its rating, and for every
//! turn the best reply that was available and why.

use crate::engine::catalogue::StrategyKind;
use crate::engine::model::{CompiledChoice, CompiledNode, CompiledScenario, State};
use crate::engine::mood::Mood;
use crate::engine::prover::Analysis;
use crate::engine::rating::Rating;
use crate::engine::scenario::Outcome;
use crate::engine::session::{Session, shown_order};
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::engine::rating::{GRADES, grade};

/// A conversation's score: its points (what the replies and ending add up to, between the
/// best and worst totals) and its percentage and grade from the rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Score {
    pub total: i64,
    pub best: i64,
    pub worst: i64,
    pub percent: i64,
    pub grade: String,
    /// How the percentage was reached. Absent on attempts recorded before the rating, whose
    /// percentage placed the total between the worst and best totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

impl Score {
    /// The score of a session, finished or not.
    pub fn of(session: &Session, analysis: &Analysis) -> Score {
        let rating = analysis.rate_session(session);
        Score {
            total: session.points(),
            best: analysis.best_total(),
            worst: analysis.worst_total(),
            percent: rating.percent,
            grade: grade(rating.percent).to_owned(),
            rating: Some(rating),
        }
    }

    /// The score a session had under the first scoring model (the total placed between the
    /// worst and best totals), for verifying attempts recorded with it.
    pub fn legacy(session: &Session, analysis: &Analysis) -> Score {
        let percent = analysis.legacy_percent(session.points());
        Score {
            total: session.points(),
            best: analysis.best_total(),
            worst: analysis.worst_total(),
            percent,
            grade: grade(percent).to_owned(),
            rating: None,
        }
    }
}

/// One strategy's contribution to a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StrategyPoints {
    pub id: String,
    pub name: String,
    pub anti_pattern: bool,
    pub points: i32,
    /// What the customer's DISC style added or took away from the catalogue's points.
    pub disc_adjustment: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReplyReport {
    /// 1-based among the replies offered, in file order (what `--choices` takes).
    pub position: usize,
    /// 1-based in the shuffled list the trainee saw.
    pub shown: usize,
    pub text: String,
    pub points: i32,
    pub strategies: Vec<StrategyPoints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// The best total still reachable after this reply, ending included.
    pub best_total_after: i64,
}

/// A reply on offer at a turn: where it stands in the file's order and on screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OfferedReply {
    pub position: usize,
    pub shown: usize,
    pub text: String,
}

/// Why a strategy matters, and where the documents teach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Teaching {
    pub id: String,
    pub name: String,
    pub anti_pattern: bool,
    pub teaching: String,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TurnReport {
    pub turn: usize,
    pub node: String,
    pub customer: String,
    pub mood_before: Mood,
    pub mood_after: Mood,
    pub choice: ReplyReport,
    pub points: i32,
    pub best: ReplyReport,
    /// True when the reply taken commits no anti-pattern and is worth as much as the best
    /// clean reply on offer.
    pub took_best: bool,
    /// The reply's quality against the others on offer (100 the best, 0 the average), or
    /// none when every reply was worth the same.
    pub quality: Option<i64>,
    /// The teaching of every strategy in the reply taken and in the best reply.
    pub teachings: Vec<Teaching>,
    /// Every reply that was on offer, in the order shown.
    pub offer: Vec<OfferedReply>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EndingReport {
    pub node: String,
    pub outcome: Outcome,
    pub points: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// Everything the debrief shows. Serialised as the `--json` result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ScoreCard {
    pub scenario: String,
    pub title: String,
    pub customer: String,
    pub disc: String,
    pub seed: u64,
    pub choices: Vec<usize>,
    pub outcome: Option<Outcome>,
    pub score: Score,
    /// Points per strategy and anti-pattern id, after DISC weighting.
    pub strategies: BTreeMap<String, i64>,
    /// Points the customer's DISC style added (or removed) compared with unweighted scoring.
    pub disc_fit: i64,
    pub turns: Vec<TurnReport>,
    pub ending: Option<EndingReport>,
}

impl ScoreCard {
    /// On how many turns the reply taken was the best one available then, and of how many.
    pub fn best_taken(&self) -> (usize, usize) {
        (self.turns.iter().filter(|t| t.took_best).count(), self.turns.len())
    }
}

fn reply_report(
    scenario: &CompiledScenario,
    analysis: &Analysis,
    state: State,
    choice_index: usize,
    position: usize,
    shown: usize,
) -> ReplyReport {
    let choice: &CompiledChoice = scenario.choice(state.node, choice_index);
    let catalogue = &scenario.knowledge.catalogue;
    let next = scenario.step(state, choice_index).next;
    let after = analysis.value(next).map_or(0, |v| v.best);
    ReplyReport {
        position,
        shown,
        text: choice.text.clone(),
        points: choice.points,
        strategies: choice
            .strategies
            .iter()
            .map(|s| {
                let strategy = &catalogue.strategies[s.strategy];
                StrategyPoints {
                    id: strategy.id.to_string(),
                    name: strategy.name.clone(),
                    anti_pattern: strategy.kind == StrategyKind::AntiPattern,
                    points: s.points,
                    disc_adjustment: s.points - s.base_points,
                }
            })
            .collect(),
        feedback: choice.feedback.clone(),
        best_total_after: i64::from(choice.points) + after,
    }
}

/// Points per strategy and anti-pattern id over the replies taken, and the points the
/// customer's DISC style added or took away: the card's `strategies` and `disc_fit`, also
/// what a replay checks a stored attempt against without building the whole card.
pub fn strategy_totals(session: &Session) -> (BTreeMap<String, i64>, i64) {
    let scenario = session.scenario();
    let catalogue = &scenario.knowledge.catalogue;
    let mut strategies: BTreeMap<String, i64> = BTreeMap::new();
    let mut disc_fit = 0i64;
    for turn in session.turns() {
        for s in &scenario.choice(turn.before.node, turn.choice).strategies {
            *strategies.entry(catalogue.strategies[s.strategy].id.to_string()).or_default() += i64::from(s.points);
            disc_fit += i64::from(s.points - s.base_points);
        }
    }
    (strategies, disc_fit)
}

/// Builds the score card of a session, finished or not.
pub fn score_card(session: &Session, analysis: &Analysis) -> ScoreCard {
    let scenario = session.scenario();
    let catalogue = &scenario.knowledge.catalogue;
    let (strategies, disc_fit) = strategy_totals(session);
    let mut turns = Vec::new();
    for (i, turn) in session.turns().iter().enumerate() {
        let state = turn.before;
        let offered: Vec<usize> = scenario.available(state).collect();
        let order = shown_order(session.order_seed(), i, offered.len());
        let shown_of = |position: usize| order.iter().position(|&p| p == position).map_or(0, |k| k + 1);
        let chosen = reply_report(scenario, analysis, state, turn.choice, turn.position, turn.shown);
        // The best reply named is the best clean one: a mistake is never held up as the
        // answer, even where a detour after it would add up to more.
        let (best_index, best_total) =
            analysis.best_reply(scenario, state).unwrap_or((turn.choice, chosen.best_total_after));
        let best_position = offered.iter().position(|&c| c == best_index).map_or(turn.position, |p| p + 1);
        let best = reply_report(scenario, analysis, state, best_index, best_position, shown_of(best_position));
        let offer = order
            .iter()
            .enumerate()
            .map(|(k, &position)| OfferedReply {
                position,
                shown: k + 1,
                text: scenario.choice(state.node, offered[position - 1]).text.clone(),
            })
            .collect();
        let mut teachings: Vec<Teaching> = Vec::new();
        for s in scenario
            .choice(state.node, turn.choice)
            .strategies
            .iter()
            .chain(&scenario.choice(state.node, best_index).strategies)
        {
            let strategy = &catalogue.strategies[s.strategy];
            if teachings.iter().any(|t| t.id == strategy.id.as_str()) {
                continue;
            }
            teachings.push(Teaching {
                id: strategy.id.to_string(),
                name: strategy.name.clone(),
                anti_pattern: strategy.kind == StrategyKind::AntiPattern,
                teaching: strategy.teaching.clone(),
                sources: strategy.sources.iter().map(|src| format!("{} ({})", src.doc, src.tip)).collect(),
            });
        }
        let customer = match scenario.node(state.node) {
            CompiledNode::Say { lines, .. } => lines.get(turn.line).cloned().unwrap_or_default(),
            CompiledNode::End { .. } => String::new(),
        };
        let threshold = turn.threshold.map(|t| {
            let (_, to) = &scenario.thresholds[t];
            format!("the customer's mood forced the conversation to `{}`", scenario.node_names[*to as usize])
        });
        turns.push(TurnReport {
            turn: i + 1,
            node: scenario.node_names[state.node as usize].clone(),
            customer,
            mood_before: state.mood,
            mood_after: turn.mood_after,
            points: turn.points,
            took_best: !scenario.choice(state.node, turn.choice).commits_anti_pattern
                && chosen.best_total_after >= best_total,
            quality: analysis.quality(scenario, state, turn.choice),
            choice: chosen,
            best,
            teachings,
            offer,
            threshold,
        });
    }
    let ending = session.ending().map(|e| {
        let (lines, summary) = match scenario.node(e.node) {
            CompiledNode::End { lines, summary, .. } => (lines, summary.clone()),
            CompiledNode::Say { .. } => unreachable!("endings are End nodes"),
        };
        EndingReport {
            node: scenario.node_names[e.node as usize].clone(),
            outcome: e.outcome,
            points: e.points,
            line: e.line.and_then(|l| lines.get(l).cloned()),
            summary,
        }
    });
    ScoreCard {
        scenario: scenario.file.id.clone(),
        title: scenario.file.title.clone(),
        customer: scenario.file.customer.name.clone(),
        disc: scenario.profile.to_string(),
        seed: session.seed(),
        choices: session.positions(),
        outcome: session.ending().map(|e| e.outcome),
        score: Score::of(session, analysis),
        strategies,
        disc_fit,
        turns,
        ending,
    }
}
