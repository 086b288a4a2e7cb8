//! The gaming audit: how far a trainee gets without reading, by always taking the first or
//! last reply shown, the reply of a given length rank (shortest, second shortest, middle,
//! second longest, longest), the one with the most specifics, the one that uses the
//! customer's name, the most or least apologetic, or replies at random. A scenario that
//! rewards any of these teaches the tell, not the strategy.

use crate::engine::card::grade;
use crate::engine::form::{Cue, CueTable, Cues};
use crate::engine::model::{CompiledScenario, NodeId};
use crate::engine::prover::Analysis;
use crate::engine::scenario::Difficulty;
use crate::engine::session::{Session, splitmix64};
use serde::Serialize;
use std::sync::Arc;

/// Seeds played for the strategies whose path depends on the shuffled order, and for random
/// play: enough for a stable median and 90th percentile, few enough to run on every check.
pub const AUDIT_SEEDS: u64 = 1_000;
/// Seeds each named player is played on: its picks depend on the shown order only through
/// ties, so fewer seeds give the same median.
pub const NAMED_SEEDS: u64 = 250;

/// A way of picking replies without reading them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Naive {
    First,
    Last,
    Longest,
    SecondLongest,
    Middle,
    SecondShortest,
    Shortest,
    MostSpecifics,
    UsesName,
    MostApologetic,
    LeastApologetic,
    CommonSense,
}

impl Naive {
    pub const ALL: [Naive; 12] = [
        Naive::First,
        Naive::Last,
        Naive::Longest,
        Naive::SecondLongest,
        Naive::Middle,
        Naive::SecondShortest,
        Naive::Shortest,
        Naive::MostSpecifics,
        Naive::UsesName,
        Naive::MostApologetic,
        Naive::LeastApologetic,
        Naive::CommonSense,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Naive::First => "first shown",
            Naive::Last => "last shown",
            Naive::Longest => "longest",
            Naive::SecondLongest => "second longest",
            Naive::Middle => "middle length",
            Naive::SecondShortest => "second shortest",
            Naive::Shortest => "shortest",
            Naive::MostSpecifics => "most specifics",
            Naive::UsesName => "uses the name",
            Naive::MostApologetic => "most apology words",
            Naive::LeastApologetic => "fewest apology words",
            Naive::CommonSense => "common sense (the account's specifics, one apology, a next step)",
        }
    }

    /// A column heading for tables.
    pub fn short(self) -> &'static str {
        match self {
            Naive::First => "first",
            Naive::Last => "last",
            Naive::Longest => "longest",
            Naive::SecondLongest => "2nd long",
            Naive::Middle => "middle",
            Naive::SecondShortest => "2nd short",
            Naive::Shortest => "shortest",
            Naive::MostSpecifics => "specific",
            Naive::UsesName => "name",
            Naive::MostApologetic => "sorry",
            Naive::LeastApologetic => "unsorry",
            Naive::CommonSense => "sense",
        }
    }

    /// The reply to take, numbered as shown, from the cues of the replies in the order
    /// shown. Ties go to the one shown first, as a trainee's eye would.
    pub fn pick(self, offer: &[&Cues]) -> usize {
        let best_by = |key: &dyn Fn(&Cues) -> i64| {
            let mut best = 0;
            for (i, cues) in offer.iter().enumerate() {
                if key(cues) > key(offer[best]) {
                    best = i;
                }
            }
            best + 1
        };
        let length = |c: &Cues| c[Cue::Length.index()];
        // Length ranks: shortest first, ties in the order shown.
        let by_length = |rank: usize| {
            let mut order: Vec<usize> = (0..offer.len()).collect();
            order.sort_by_key(|&i| (length(offer[i]), i));
            order[rank.min(offer.len().saturating_sub(1))] + 1
        };
        let n = offer.len();
        match self {
            Naive::First => 1,
            Naive::Last => n,
            Naive::Longest => best_by(&length),
            Naive::SecondLongest => by_length(n.saturating_sub(2)),
            Naive::Middle => by_length(n.saturating_sub(1) / 2),
            Naive::SecondShortest => by_length(1),
            Naive::Shortest => best_by(&|c| -length(c)),
            Naive::MostSpecifics => best_by(&|c| c[Cue::Specifics.index()]),
            Naive::UsesName => best_by(&|c| c[Cue::Name.index()].min(1)),
            Naive::MostApologetic => best_by(&|c| c[Cue::Apology.index()]),
            Naive::LeastApologetic => best_by(&|c| -c[Cue::Apology.index()]),
            Naive::CommonSense => best_by(&common_sense),
        }
    }
}

/// How a first-day hire who has read nothing rates a reply: it names the account's specifics
/// and the customer, owns the problem with one apology, gives a concrete next step, and does
/// not lecture or refuse. What the documents add beyond this is what a scenario should test.
fn common_sense(cues: &Cues) -> i64 {
    let has = |c: Cue| cues[c.index()] > 0;
    let apologies = cues[Cue::Apology.index()];
    2 * i64::from(has(Cue::Specifics) || has(Cue::DossierWords))
        + i64::from(has(Cue::Name))
        + match apologies {
            0 => 0,
            1 => 1,
            _ => -1,
        }
        + i64::from(has(Cue::Promises))
        + i64::from(has(Cue::Time))
        - 2 * i64::from(has(Cue::Directives))
        - i64::from(cues[Cue::Negations.index()] > 1)
}

/// What one naive strategy scores: the median over the seeds (the order shown changes with
/// the seed, so the path can too), and the worst and best of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NaiveScore {
    pub strategy: Naive,
    pub median: i64,
    pub lowest: i64,
    pub highest: i64,
    pub grade: &'static str,
}

/// The audit of one scenario played as one personality.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Audit {
    pub naive: Vec<NaiveScore>,
    pub random_median: i64,
    pub random_p90: i64,
    /// Turns of the best path where the best reply is (one of) the longest on offer.
    pub best_is_longest: usize,
    pub best_path_turns: usize,
    /// What the difficulty label rests on.
    pub difficulty: DifficultyFigure,
}

impl Audit {
    /// The highest median any player who reads only the form reaches (common sense is not
    /// one: it is the difficulty's measure, and an Easy scenario may be passed by it).
    pub fn highest_naive(&self) -> i64 {
        self.naive.iter().filter(|n| n.strategy != Naive::CommonSense).map(|n| n.median).max().unwrap_or(0)
    }
}

/// How much a scenario asks beyond common sense, counted on its best path's decisions.
/// A decision is decisive when the common-sense player takes another reply than the best and
/// what decides it is what the documents teach against common sense: a tempting trap is on offer (a mistake a new hire would think right: promising it
/// arrives tomorrow, apologising again, handing over to a manager; `tempting` in the
/// catalogue), the personality decides between two clean replies (the better one for this
/// customer is not the one with more points in general: tailoring), or a clean fix is on
/// offer while the best reply does not fix yet (hearing the customer out first). The
/// common-sense player's median is shown beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DifficultyFigure {
    pub common_sense: i64,
    pub tempting_traps: usize,
    pub style_calls: usize,
    pub fix_too_soon: usize,
    pub decisive: usize,
    pub decisions: usize,
}

impl DifficultyFigure {
    /// The share of decisions that are decisive, in percent.
    pub fn depth(&self) -> i64 {
        (self.decisive as i64 * 100).checked_div(self.decisions as i64).unwrap_or(0)
    }

    /// The least depth and the fewest decisive decisions a label asks for.
    pub fn bounds(difficulty: Difficulty) -> (i64, usize) {
        match difficulty {
            Difficulty::Hard => (HARD_DEPTH, 4),
            Difficulty::Medium => (MEDIUM_DEPTH, 2),
            Difficulty::Easy => (0, 0),
        }
    }

    /// Whether the figure backs the label.
    pub fn backs(&self, difficulty: Difficulty) -> bool {
        let (depth, fewest) = DifficultyFigure::bounds(difficulty);
        self.depth() >= depth && self.decisive >= fewest
    }
}

/// The share of decisive decisions a Hard scenario needs, in percent.
pub const HARD_DEPTH: i64 = 60;
/// The share of decisive decisions a Medium scenario needs, in percent.
pub const MEDIUM_DEPTH: i64 = 30;

/// Plays one conversation with `pick` choosing from the cues of the replies shown, and
/// returns its percentage.
fn play(
    scenario: &Arc<CompiledScenario>,
    analysis: &Analysis,
    table: &CueTable,
    seed: u64,
    mut pick: impl FnMut(&[&Cues]) -> usize,
) -> i64 {
    let (mut session, _) = Session::start(scenario.clone(), seed);
    // The prover guarantees every conversation ends within the turn limit.
    while !session.is_over() {
        let shown = pick(&table.shown(&session));
        if session.choose_shown(shown).is_err() {
            break;
        }
    }
    analysis.rate_session(&session).percent
}

/// The value at quantile `q` percent of sorted `values` (nearest rank).
pub fn quantile(sorted: &[i64], q: usize) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Audits one scenario as one personality: each named player over [`NAMED_SEEDS`] seeds,
/// random play over [`AUDIT_SEEDS`].
pub fn audit(scenario: &Arc<CompiledScenario>, analysis: &Analysis) -> Audit {
    let table = CueTable::of(scenario);
    let naive: Vec<NaiveScore> = Naive::ALL
        .iter()
        .map(|&strategy| {
            let mut scores: Vec<i64> = (0..NAMED_SEEDS)
                .map(|seed| play(scenario, analysis, &table, seed, |offer| strategy.pick(offer)))
                .collect();
            scores.sort_unstable();
            let median = quantile(&scores, 50);
            NaiveScore { strategy, median, lowest: scores[0], highest: scores[scores.len() - 1], grade: grade(median) }
        })
        .collect();
    let mut random: Vec<i64> = (0..AUDIT_SEEDS)
        .map(|seed| {
            // A generator of its own per seed (splitmix64), apart from the session's.
            let mut state = seed ^ 0x5eed_a0d1_7000_0000;
            play(scenario, analysis, &table, seed, |offer| (splitmix64(&mut state) % offer.len() as u64) as usize + 1)
        })
        .collect();
    random.sort_unstable();
    let (mut best_is_longest, mut best_path_turns) = (0, 0);
    if let Some(best) = &analysis.best {
        // Replayed, so only the replies offered at that moment compete: a gated reply is no tell.
        let (mut session, _) = Session::start(scenario.clone(), 0);
        for &position in &best.positions() {
            let lengths: Vec<usize> = session.offer().iter().map(|t| t.chars().count()).collect();
            let node = session.state().node;
            let taken = session.offered()[position - 1];
            let length = scenario.choice(node, taken).text.chars().count();
            best_path_turns += 1;
            if lengths.iter().all(|&l| l <= length) {
                best_is_longest += 1;
            }
            if session.choose(position).is_err() {
                break;
            }
        }
    }
    let common_sense = naive.iter().find(|n: &&NaiveScore| n.strategy == Naive::CommonSense).map_or(0, |n| n.median);
    Audit {
        difficulty: difficulty_figure(scenario, analysis, common_sense),
        naive,
        random_median: quantile(&random, 50),
        random_p90: quantile(&random, 90),
        best_is_longest,
        best_path_turns,
    }
}

/// Strategies that fix the problem (as against hearing the customer out).
const FIXES: [&str; 4] = ["problem_solving", "compromise", "fair_compensation", "exceed_expectations"];

/// The difficulty figure of the best path.
fn difficulty_figure(scenario: &Arc<CompiledScenario>, analysis: &Analysis, common_sense: i64) -> DifficultyFigure {
    let mut figure = DifficultyFigure {
        common_sense,
        tempting_traps: 0,
        style_calls: 0,
        fix_too_soon: 0,
        decisive: 0,
        decisions: 0,
    };
    let Some(best) = &analysis.best else { return figure };
    let catalogue = &scenario.knowledge.catalogue;
    let fixes = |choice: usize, node| {
        scenario
            .choice(node, choice)
            .strategies
            .iter()
            .any(|s| FIXES.contains(&catalogue.strategies[s.strategy].id.as_str()))
    };
    let sensible = best_path_hits(scenario, analysis, Naive::CommonSense);
    let mut state = scenario.initial_state();
    for step in &best.steps {
        let values = analysis.reply_values(scenario, state);
        if values.len() >= 2 {
            figure.decisions += 1;
            let node = state.node;
            if sensible.contains(&(node, step.choice)) {
                state = scenario.step(state, step.choice).next;
                continue;
            }
            let taken = scenario.choice(node, step.choice);
            let worth = values.iter().find(|(c, _)| *c == step.choice).map_or(0, |(_, o)| o.worth);
            let others = || values.iter().filter(|(c, _)| *c != step.choice);
            let tempting = others().any(|(c, _)| {
                scenario.choice(node, *c).strategies.iter().any(|s| {
                    let strategy = &catalogue.strategies[s.strategy];
                    strategy.tempting && s.points < 0
                })
            });
            let style = others().any(|(c, o)| {
                let other = scenario.choice(node, *c);
                !o.anti_pattern && o.worth < worth && other.base_points >= taken.base_points
            });
            let too_soon = !fixes(step.choice, node) && others().any(|(c, o)| !o.anti_pattern && fixes(*c, node));
            figure.tempting_traps += usize::from(tempting);
            figure.style_calls += usize::from(style);
            figure.fix_too_soon += usize::from(too_soon);
            figure.decisive += usize::from(tempting || style || too_soon);
        }
        state = scenario.step(state, step.choice).next;
    }
    figure
}

/// The best path's turns (node, reply index) where `naive`, reading the replies in file
/// order, takes the best path's reply: the turns an author changes to remove its tell.
pub fn best_path_hits(scenario: &Arc<CompiledScenario>, analysis: &Analysis, naive: Naive) -> Vec<(NodeId, usize)> {
    let Some(best) = &analysis.best else { return Vec::new() };
    let table = CueTable::of(scenario);
    let mut state = scenario.initial_state();
    let mut hits = Vec::new();
    for step in &best.steps {
        let available: Vec<usize> = scenario.available(state).collect();
        if available.len() >= 2
            && available.get(naive.pick(&table.offer(state.node, 0, &available)) - 1) == Some(&step.choice)
        {
            hits.push((state.node, step.choice));
        }
        state = scenario.step(state, step.choice).next;
    }
    hits
}
