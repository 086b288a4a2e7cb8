//! The gaming audit: how far a trainee gets without reading, by always taking the first,
//! last, longest or shortest reply shown, the one with the most apology words, or replies
//! at random. A scenario that rewards any of these teaches the tell, not the strategy.

use crate::engine::card::grade;
use crate::engine::model::CompiledScenario;
use crate::engine::prover::Analysis;
use crate::engine::session::{Session, splitmix64};
use serde::Serialize;
use std::sync::Arc;

/// Seeds played for the strategies whose path depends on the shuffled order, and for random
/// play: enough for a stable median and 90th percentile, few enough to run on every check.
pub const AUDIT_SEEDS: u64 = 1_000;

/// Words that make a reply sound like an apology; the strategy "say sorry the most" counts them.
const APOLOGY_WORDS: [&str; 6] = ["sorry", "apologise", "apologize", "apologies", "regret", "my fault"];

/// A way of picking replies without reading them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Naive {
    First,
    Last,
    Longest,
    Shortest,
    MostApologetic,
}

impl Naive {
    pub const ALL: [Naive; 5] = [Naive::First, Naive::Last, Naive::Longest, Naive::Shortest, Naive::MostApologetic];

    pub fn describe(self) -> &'static str {
        match self {
            Naive::First => "first shown",
            Naive::Last => "last shown",
            Naive::Longest => "longest",
            Naive::Shortest => "shortest",
            Naive::MostApologetic => "most apology words",
        }
    }

    /// The reply to take, numbered as shown, from the texts in the order shown. Ties go to
    /// the one shown first, as a trainee's eye would.
    fn pick(self, offer: &[&str]) -> usize {
        let best_by = |key: &dyn Fn(&str) -> i64| {
            let mut best = 0;
            for (i, text) in offer.iter().enumerate() {
                if key(text) > key(offer[best]) {
                    best = i;
                }
            }
            best + 1
        };
        match self {
            Naive::First => 1,
            Naive::Last => offer.len(),
            Naive::Longest => best_by(&|t| t.chars().count() as i64),
            Naive::Shortest => best_by(&|t| -(t.chars().count() as i64)),
            Naive::MostApologetic => best_by(&|t| apology_words(t) as i64),
        }
    }
}

fn apology_words(text: &str) -> usize {
    let lower = text.to_lowercase();
    APOLOGY_WORDS.iter().map(|w| lower.matches(w).count()).sum()
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
}

impl Audit {
    /// The highest median any naive strategy reaches.
    pub fn highest_naive(&self) -> i64 {
        self.naive.iter().map(|n| n.median).max().unwrap_or(0)
    }
}

/// Plays one conversation with `pick` choosing from the offer, and returns its percentage.
fn play(
    scenario: &Arc<CompiledScenario>,
    analysis: &Analysis,
    seed: u64,
    mut pick: impl FnMut(&[&str]) -> usize,
) -> i64 {
    let (mut session, _) = Session::start(scenario.clone(), seed);
    // The prover guarantees every conversation ends within the turn limit.
    while !session.is_over() {
        let shown = pick(&session.offer());
        if session.choose_shown(shown).is_err() {
            break;
        }
    }
    analysis.rate_session(&session).percent
}

/// The value at quantile `q` percent of sorted `values` (nearest rank).
fn quantile(sorted: &[i64], q: usize) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Audits one scenario as one personality over [`AUDIT_SEEDS`] seeds.
pub fn audit(scenario: &Arc<CompiledScenario>, analysis: &Analysis) -> Audit {
    let naive = Naive::ALL
        .iter()
        .map(|&strategy| {
            let mut scores: Vec<i64> =
                (0..AUDIT_SEEDS).map(|seed| play(scenario, analysis, seed, |offer| strategy.pick(offer))).collect();
            scores.sort_unstable();
            let median = quantile(&scores, 50);
            NaiveScore { strategy, median, lowest: scores[0], highest: scores[scores.len() - 1], grade: grade(median) }
        })
        .collect();
    let mut random: Vec<i64> = (0..AUDIT_SEEDS)
        .map(|seed| {
            // A generator of its own per seed (splitmix64), apart from the session's.
            let mut state = seed ^ 0x5eed_a0d1_7000_0000;
            play(scenario, analysis, seed, |offer| (splitmix64(&mut state) % offer.len() as u64) as usize + 1)
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
    Audit {
        naive,
        random_median: quantile(&random, 50),
        random_p90: quantile(&random, 90),
        best_is_longest,
        best_path_turns,
    }
}
