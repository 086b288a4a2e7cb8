//! The rating: how well a conversation went, as a percentage that no length, detour or
//! reply position can inflate.
//!
//! Each turn where the trainee had a real decision is judged against the replies on offer
//! then: a reply is worth its points plus the best total still reachable after it (so a
//! reply that walks into a trap is judged by the trap). The best clean reply on offer scores
//! 100, the worst reply on offer 0, a clean reply in between by its worth, and a reply that
//! commits an anti-pattern -100 whatever else was on offer, so a pick made without reading
//! averages about 0. The percentage is three parts the
//! mean of those turn qualities to one part the outcome (the ending reached, from the worst
//! reachable ending at 0 to the best path's ending at 100). Every anti-pattern committed
//! then lowers the highest grade reachable by one: one mistake and an A is out of reach.
//! A mean does not grow with the number of turns, and a detour with a mistake costs at the
//! mistake whatever the recovery earns, so only doing what the documents teach reaches 100.

use crate::engine::model::{CompiledNode, CompiledScenario, NodeId, State};
use crate::engine::prover::{Analysis, PathSummary};
use crate::engine::session::Session;

/// Percentages at or above these earn the grade beside them; below the last is an F.
pub const GRADES: [(i64, &str); 4] = [(90, "A"), (75, "B"), (60, "C"), (40, "D")];

pub fn grade(percent: i64) -> &'static str {
    GRADES.iter().find(|(floor, _)| percent >= *floor).map_or("F", |(_, g)| g)
}

/// Weight of the mean turn quality in the percentage.
pub const TURN_SHARE: i64 = 3;
/// Weight of the outcome in the percentage.
pub const OUTCOME_SHARE: i64 = 1;
/// The best and worst a single turn can count.
pub const QUALITY_RANGE: i64 = 100;

/// The highest percentage a conversation can reach after committing this many
/// anti-patterns: one below each grade's floor in turn, so each mistake costs a grade.
pub fn ceiling(anti_patterns: usize) -> i64 {
    match anti_patterns {
        0 => 100,
        n => GRADES.get(n - 1).map_or(GRADES[GRADES.len() - 1].0 - 1, |(floor, _)| floor - 1),
    }
}

/// Integer division rounding half away from zero, so every machine rounds alike.
fn round_div(numerator: i64, denominator: i64) -> i64 {
    debug_assert!(denominator > 0);
    let half = denominator / 2;
    if numerator >= 0 { (numerator + half) / denominator } else { -((-numerator + half) / denominator) }
}

/// One reply on offer as the rating sees it: what it is worth, and whether it commits an
/// anti-pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offered {
    pub worth: i64,
    pub anti_pattern: bool,
}

/// The quality of reply `taken` among `offer` (which holds it). An anti-pattern counts -100
/// whatever else was on offer, so a mistake and a recovery after it never average out to a
/// gain. A clean reply counts where its worth falls between the worst reply on offer (0) and
/// the best clean one (100): a decent reply is never scored like a mistake. `None` when the
/// turn asked for no decision (every reply clean and worth the same).
pub fn reply_quality(offer: &[Offered], taken: Offered) -> Option<i64> {
    if taken.anti_pattern {
        return Some(-QUALITY_RANGE);
    }
    let best = offer.iter().filter(|o| !o.anti_pattern).map(|o| o.worth).max().unwrap_or(taken.worth);
    let worst = offer.iter().map(|o| o.worth).min().unwrap_or(taken.worth);
    if best <= worst {
        // Every clean reply is worth the least on offer: a decision only if there was a
        // mistake to avoid.
        return offer.iter().any(|o| o.anti_pattern).then_some(QUALITY_RANGE);
    }
    Some(round_div(QUALITY_RANGE * (taken.worth - worst), best - worst).clamp(0, QUALITY_RANGE))
}

/// The outcome's quality: 0 at the worst reachable ending, 100 at the best path's ending
/// (or anything worth as much).
pub fn outcome_quality(points: i64, worst: i64, target: i64) -> i64 {
    if target <= worst {
        return if points >= target { 100 } else { 0 };
    }
    round_div(100 * (points - worst), target - worst).clamp(0, 100)
}

/// The percentage from the sum of turn qualities over `decisions` turns, the outcome's
/// quality and the anti-patterns committed. Exact: one rounding at the end.
pub fn percent(quality_sum: i64, decisions: usize, outcome: i64, anti_patterns: usize) -> i64 {
    let shares = TURN_SHARE + OUTCOME_SHARE;
    let raw = if decisions == 0 {
        round_div(TURN_SHARE * QUALITY_RANGE + OUTCOME_SHARE * outcome, shares)
    } else {
        let k = decisions as i64;
        round_div(TURN_SHARE * quality_sum + OUTCOME_SHARE * outcome * k, shares * k)
    };
    raw.min(ceiling(anti_patterns)).clamp(0, 100)
}

/// How one conversation rates, with the parts the debrief explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Mean turn quality over the turns that asked for a decision, rounded (100 when none did).
    pub quality: i64,
    /// Turns that asked for a decision.
    pub decisions: usize,
    /// The outcome's quality, 0 when the conversation has not ended.
    pub outcome: i64,
    pub anti_patterns: usize,
    pub percent: i64,
}

/// The rating in one sentence, for the debrief.
pub const EXPLAINED: &str = "Each reply is judged against the others on offer (the best counts 100, the worst 0, an anti-pattern -100); the score is three parts that turn quality to one part the outcome, and every anti-pattern lowers the highest grade you can reach by one.";

impl Rating {
    /// The parts of the percentage in a line: "turn quality 63 on 5 decisions · outcome 100 ·
    /// 1 anti-pattern (highest grade B)".
    pub fn summary(&self) -> String {
        let mistakes = match self.anti_patterns {
            0 => "no anti-pattern".to_owned(),
            n => format!("{n} anti-pattern{} (highest grade {})", if n == 1 { "" } else { "s" }, grade(ceiling(n))),
        };
        format!(
            "turn quality {} on {} decision{} · outcome {} · {mistakes}",
            self.quality,
            self.decisions,
            if self.decisions == 1 { "" } else { "s" },
            self.outcome
        )
    }
}

impl Analysis {
    /// What each reply on offer in `state` is worth (its points plus the best total still
    /// reachable after it) and whether it commits an anti-pattern, by reply index in the node.
    pub fn reply_values(&self, scenario: &CompiledScenario, state: State) -> Vec<(usize, Offered)> {
        scenario
            .available(state)
            .map(|choice| {
                let next = scenario.step(state, choice).next;
                let after = self.value(next).map_or(0, |v| v.best);
                let reply = scenario.choice(state.node, choice);
                (choice, Offered { worth: i64::from(reply.points) + after, anti_pattern: reply.commits_anti_pattern })
            })
            .collect()
    }

    /// The best reply on offer in `state`: the clean reply worth most (any reply if every one
    /// commits an anti-pattern), with its worth. What the debrief names as the best reply.
    pub fn best_reply(&self, scenario: &CompiledScenario, state: State) -> Option<(usize, i64)> {
        let values = self.reply_values(scenario, state);
        let pick = |clean_only: bool| {
            values
                .iter()
                .filter(|(_, o)| !clean_only || !o.anti_pattern)
                .max_by_key(|(c, o)| (o.worth, std::cmp::Reverse(*c)))
                .map(|(c, o)| (*c, o.worth))
        };
        pick(true).or_else(|| pick(false))
    }

    /// The quality of reply `choice` in `state`, or `None` when the turn asked for no decision.
    pub fn quality(&self, scenario: &CompiledScenario, state: State, choice: usize) -> Option<i64> {
        let values = self.reply_values(scenario, state);
        let taken = values.iter().find(|(c, _)| *c == choice)?.1;
        let offer: Vec<Offered> = values.iter().map(|(_, o)| *o).collect();
        reply_quality(&offer, taken)
    }

    /// The outcome quality of ending at `node`.
    pub fn outcome_of(&self, scenario: &CompiledScenario, node: NodeId) -> i64 {
        match scenario.node(node) {
            CompiledNode::End { points, .. } => {
                outcome_quality(i64::from(*points), self.ending_floor, self.ending_target)
            }
            CompiledNode::Say { .. } => 0,
        }
    }

    /// Rates the replies taken from the start (state before each, reply index) and the
    /// ending reached, if any.
    pub fn rate(&self, scenario: &CompiledScenario, turns: &[(State, usize)], ending: Option<NodeId>) -> Rating {
        let mut sum = 0;
        let mut decisions = 0;
        let mut anti_patterns = 0;
        for &(state, choice) in turns {
            if let Some(q) = self.quality(scenario, state, choice) {
                sum += q;
                decisions += 1;
            }
            if scenario.choice(state.node, choice).commits_anti_pattern {
                anti_patterns += 1;
            }
        }
        let outcome = ending.map_or(0, |node| self.outcome_of(scenario, node));
        Rating {
            quality: if decisions == 0 { QUALITY_RANGE } else { round_div(sum, decisions as i64) },
            decisions,
            outcome,
            anti_patterns,
            percent: percent(sum, decisions, outcome, anti_patterns),
        }
    }

    /// Rates a session, finished or not.
    pub fn rate_session(&self, session: &Session) -> Rating {
        let turns: Vec<(State, usize)> = session.turns().iter().map(|t| (t.before, t.choice)).collect();
        self.rate(session.scenario(), &turns, session.ending().map(|e| e.node))
    }

    /// Rates a path the prover found.
    pub fn rate_path(&self, scenario: &CompiledScenario, path: &PathSummary) -> Rating {
        let mut state = scenario.initial_state();
        let mut turns = Vec::with_capacity(path.steps.len());
        for step in &path.steps {
            turns.push((state, step.choice));
            state = scenario.step(state, step.choice).next;
        }
        self.rate(scenario, &turns, Some(path.ending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(worth: i64) -> Offered {
        Offered { worth, anti_pattern: false }
    }

    #[test]
    fn the_best_clean_reply_is_100_the_worst_0_an_anti_pattern_minus_100() {
        let offer = [clean(40), clean(10), clean(-20)];
        assert_eq!(reply_quality(&offer, offer[0]), Some(100));
        assert_eq!(reply_quality(&offer, offer[1]), Some(50));
        assert_eq!(reply_quality(&offer, offer[2]), Some(0));
        assert_eq!(reply_quality(&[clean(5), clean(5)], clean(5)), None);
        // A clean reply is judged against the worst on offer, mistakes included.
        let mistake = Offered { worth: -60, anti_pattern: true };
        let offer = [clean(40), clean(15), mistake];
        assert_eq!(reply_quality(&offer, offer[1]), Some(75));
        assert_eq!(reply_quality(&offer, mistake), Some(-100));
        // An anti-pattern worth more than every clean reply still counts -100, and does not
        // move the mark the clean replies are judged by.
        let tempting = Offered { worth: 90, anti_pattern: true };
        let offer = [clean(40), clean(10), tempting];
        assert_eq!(reply_quality(&offer, tempting), Some(-100));
        assert_eq!(reply_quality(&offer, offer[0]), Some(100));
        assert_eq!(reply_quality(&offer, offer[1]), Some(0));
        // The only clean reply, beside a mistake, is a decision well made.
        assert_eq!(reply_quality(&[clean(3), tempting], clean(3)), Some(100));
    }

    #[test]
    fn each_anti_pattern_costs_a_grade() {
        assert_eq!(ceiling(0), 100);
        assert_eq!(ceiling(1), 89);
        assert_eq!(ceiling(2), 74);
        assert_eq!(ceiling(3), 59);
        assert_eq!(ceiling(4), 39);
        assert_eq!(ceiling(9), 39);
        assert_eq!(percent(800, 8, 100, 0), 100);
        assert_eq!(percent(800, 8, 100, 1), 89);
    }

    #[test]
    fn the_summary_names_every_part() {
        let rating = Rating { quality: 63, decisions: 5, outcome: 100, anti_patterns: 1, percent: 72 };
        assert_eq!(rating.summary(), "turn quality 63 on 5 decisions · outcome 100 · 1 anti-pattern (highest grade B)");
        let clean = Rating { anti_patterns: 0, decisions: 1, ..rating };
        assert_eq!(clean.summary(), "turn quality 63 on 1 decision · outcome 100 · no anti-pattern");
    }

    #[test]
    fn the_percentage_is_a_mean_not_a_sum() {
        // Perfect turns score the same however many there are.
        assert_eq!(percent(300, 3, 100, 0), percent(1200, 12, 100, 0));
        // Three parts turn quality, one part outcome.
        assert_eq!(percent(0, 4, 100, 0), 25);
        assert_eq!(percent(400, 4, 0, 0), 75);
        assert_eq!(percent(-400, 4, 0, 0), 0);
    }

    #[test]
    fn outcomes_run_from_the_worst_ending_to_the_best_paths() {
        assert_eq!(outcome_quality(-20, -20, 30), 0);
        assert_eq!(outcome_quality(30, -20, 30), 100);
        assert_eq!(outcome_quality(40, -20, 30), 100);
        assert_eq!(outcome_quality(5, -20, 30), 50);
        assert_eq!(outcome_quality(5, 5, 5), 100);
    }
}
