//! The form reader: a player that learns, from the other scenarios, whatever surface form of a
//! reply gives the best one away (its length rank, its numbers, the customer's name, apology
//! words, questions...) and plays the scenario held out with what it learnt. A fixed list of
//! named players is always one step behind the authors: make the best reply never the
//! longest and it becomes the middle one. A reader that learns finds the new tell too.
//!
//! The model is a linear ranking (a pairwise hinge loss, full-batch subgradient descent from
//! zero with a fixed schedule): deterministic, small enough to explain, and trained on every
//! reachable decision of every personality of the other scenarios.

use crate::authoring::load::LoadedScenario;
use crate::authoring::variant::Variant;
use crate::engine::audit::quantile;
use crate::engine::form::{Cue, CueTable, Cues};
use crate::engine::model::{CompiledScenario, NodeId, State};
use crate::engine::prover::Analysis;
use crate::engine::session::{Session, shown_order};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Seeds (shuffles of the shown order and line variants) the reader plays on.
pub const READER_SEEDS: u64 = 200;
/// Subgradient steps of the training.
const STEPS: usize = 150;
/// Weight of the L2 penalty: keeps the model from memorising one scenario's wording.
const LAMBDA: f64 = 0.05;

/// How a feature reads one cue among the replies on offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Reading {
    /// Where the reply ranks on the cue among those on offer, from -0.5 (fewest) to 0.5.
    Rank,
    /// It has the most (and not every reply has as many).
    Most,
    /// It has the fewest (and not every reply has as few).
    Fewest,
    /// It has the cue at all, against the share of replies that have it.
    Has,
    /// Length only: the middle length, second longest, second shortest.
    Middle,
    SecondMost,
    SecondFewest,
    /// Shown position: where it stands in the list, first, last.
    Position,
    First,
    Last,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Feature {
    cue: Option<Cue>,
    reading: Reading,
}

impl Feature {
    /// "the most specifics (...)", to follow "the best reply is ...".
    fn describe(self) -> String {
        let Some(cue) = self.cue else {
            return match self.reading {
                Reading::First => "the one shown first".into(),
                Reading::Last => "the one shown last".into(),
                _ => "placed by its position in the list".into(),
            };
        };
        if cue == Cue::Length {
            return match self.reading {
                Reading::Most => "the longest".into(),
                Reading::Fewest => "the shortest".into(),
                Reading::Middle => "the one of middle length".into(),
                Reading::SecondMost => "the second longest".into(),
                Reading::SecondFewest => "the second shortest".into(),
                _ => "longer than the others".into(),
            };
        }
        match self.reading {
            Reading::Most => format!("the one with the most {}", cue.words()),
            Reading::Fewest => format!("the one with the fewest {}", cue.words()),
            Reading::Has => format!("one with {}", cue.words()),
            _ => format!("one with more {} than the others", cue.words()),
        }
    }
}

fn feature_list() -> Vec<Feature> {
    let mut list = Vec::new();
    for cue in Cue::ALL {
        for reading in [Reading::Rank, Reading::Most, Reading::Fewest, Reading::Has] {
            list.push(Feature { cue: Some(cue), reading });
        }
    }
    for reading in [Reading::Middle, Reading::SecondMost, Reading::SecondFewest] {
        list.push(Feature { cue: Some(Cue::Length), reading });
    }
    for reading in [Reading::Position, Reading::First, Reading::Last] {
        list.push(Feature { cue: None, reading });
    }
    list
}

/// The features of every reply on offer, from their cues in the order given (the order shown).
fn features(list: &[Feature], raw: &[&Cues]) -> Vec<Vec<f64>> {
    let n = raw.len();
    let mut out = vec![vec![0.0; list.len()]; n];
    for (f, feature) in list.iter().enumerate() {
        let values: Vec<i64> = match feature.cue {
            Some(cue) => raw.iter().map(|r| r[cue.index()]).collect(),
            None => (0..n as i64).collect(),
        };
        let (max, min) = (values.iter().max().copied().unwrap_or(0), values.iter().min().copied().unwrap_or(0));
        let spread = max > min;
        let has_share = values.iter().filter(|v| **v > 0).count() as f64 / n as f64;
        // Positions in ascending order, ties in the order given.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (values[i], i));
        for (r, reply) in out.iter_mut().enumerate() {
            let v = values[r];
            // The mean rank of the replies tied with this one, centred on zero.
            let below = values.iter().filter(|x| **x < v).count() as f64;
            let tied = values.iter().filter(|x| **x == v).count() as f64;
            let rank = if n > 1 { (below + (tied - 1.0) / 2.0) / (n as f64 - 1.0) - 0.5 } else { 0.0 };
            let at = |k: usize| f64::from(u8::from(spread && n > 2 && order[k] == r));
            reply[f] = match feature.reading {
                Reading::Rank | Reading::Position => rank,
                Reading::Most => f64::from(u8::from(spread && v == max)),
                Reading::Fewest => f64::from(u8::from(spread && v == min)),
                Reading::Has => f64::from(u8::from(v > 0)) - has_share,
                Reading::Middle => at((n - 1) / 2),
                Reading::SecondMost => at(n.saturating_sub(2)),
                Reading::SecondFewest => at(1.min(n - 1)),
                Reading::First => f64::from(u8::from(r == 0)),
                Reading::Last => f64::from(u8::from(r + 1 == n)),
            };
        }
    }
    out
}

/// One decision to learn from: the features of each reply and which are best.
struct Example {
    replies: Vec<Vec<f64>>,
    best: Vec<bool>,
    weight: f64,
}

/// The replies worth most among the clean ones on offer in `state` (index in the node), or
/// nothing when the turn asks for no decision (every reply clean and worth the same).
pub fn best_replies(scenario: &CompiledScenario, analysis: &Analysis, state: State) -> BTreeSet<usize> {
    let values = analysis.reply_values(scenario, state);
    let clean: Vec<i64> = values.iter().filter(|(_, o)| !o.anti_pattern).map(|(_, o)| o.worth).collect();
    let (Some(&best), Some(&worst)) = (clean.iter().max(), values.iter().map(|(_, o)| o.worth).min().as_ref()) else {
        return BTreeSet::new();
    };
    if best <= worst && !values.iter().any(|(_, o)| o.anti_pattern) {
        return BTreeSet::new();
    }
    values.iter().filter(|(_, o)| !o.anti_pattern && o.worth == best).map(|(c, _)| *c).collect()
}

/// Every distinct decision of one personality: each node and set of replies on offer once,
/// each line variant weighed equally, the order shuffled as a trainee would see it.
fn examples(list: &[Feature], variant: &Variant, into: &mut Vec<Example>) {
    let scenario = &variant.scenario;
    let table = CueTable::of(scenario);
    let mut seen = BTreeSet::new();
    for state in variant.analysis.states() {
        if scenario.is_end(state.node) {
            continue;
        }
        let available: Vec<usize> = scenario.available(state).collect();
        if available.len() < 2 || !seen.insert((state.node, available.clone())) {
            continue;
        }
        let best = best_replies(scenario, &variant.analysis, state);
        if best.is_empty() || best.len() == available.len() {
            continue;
        }
        let count = table.lines(state.node);
        for line in 0..count {
            let order = shown_order(u64::from(state.node) * 31 + line as u64, seen.len(), available.len());
            let shown: Vec<usize> = order.iter().map(|p| available[p - 1]).collect();
            into.push(Example {
                replies: features(list, &table.offer(state.node, line, &shown)),
                best: shown.iter().map(|c| best.contains(c)).collect(),
                weight: 1.0 / count as f64,
            });
        }
    }
}

/// A trained reader: a weight per feature.
#[derive(Clone, Debug)]
pub struct Model {
    list: Vec<Feature>,
    weights: Vec<f64>,
}

impl Model {
    /// Learns from every decision of `variants`.
    pub fn train(variants: &[&Variant]) -> Model {
        let list = feature_list();
        let mut data = Vec::new();
        for variant in variants {
            examples(&list, variant, &mut data);
        }
        let dims = list.len();
        let mut w = vec![0.0; dims];
        let mut average = vec![0.0; dims];
        let total: f64 = data.iter().map(|e| e.weight).sum::<f64>().max(1.0);
        for step in 1..=STEPS {
            let rate = 1.0 / (LAMBDA * step as f64);
            let mut grad: Vec<f64> = w.iter().map(|x| LAMBDA * x).collect();
            for example in &data {
                let scores: Vec<f64> = example.replies.iter().map(|f| dot(&w, f)).collect();
                let pairs = example.best.iter().filter(|b| **b).count() * example.best.iter().filter(|b| !**b).count();
                let share = example.weight / (total * pairs as f64);
                for (b, fb) in example.replies.iter().enumerate().filter(|(i, _)| example.best[*i]) {
                    for (o, fo) in example.replies.iter().enumerate().filter(|(i, _)| !example.best[*i]) {
                        if scores[b] - scores[o] < 1.0 {
                            for d in 0..dims {
                                grad[d] -= share * (fb[d] - fo[d]);
                            }
                        }
                    }
                }
            }
            for d in 0..dims {
                w[d] -= rate * grad[d];
            }
            // The mean of the second half of the steps: steadier than the last step alone.
            if step > STEPS / 2 {
                for d in 0..dims {
                    average[d] += w[d] / (STEPS - STEPS / 2) as f64;
                }
            }
        }
        Model { list, weights: average }
    }

    /// The reply to take, numbered as shown: the highest score, ties to the one shown first.
    pub fn pick(&self, offer: &[&Cues]) -> usize {
        let scores: Vec<f64> = features(&self.list, offer).iter().map(|f| dot(&self.weights, f)).collect();
        let mut best = 0;
        for (i, s) in scores.iter().enumerate() {
            if *s > scores[best] {
                best = i;
            }
        }
        best + 1
    }

    /// The cues the reader leans on most, strongest first, as words.
    pub fn leans_on(&self, count: usize) -> Vec<String> {
        let mut order: Vec<usize> = (0..self.weights.len()).collect();
        order.sort_by(|&a, &b| self.weights[b].abs().total_cmp(&self.weights[a].abs()).then(a.cmp(&b)));
        order
            .into_iter()
            .take(count)
            .map(|i| {
                let sign = if self.weights[i] >= 0.0 { "prefers" } else { "avoids" };
                format!("{sign} {}", self.list[i].describe())
            })
            .collect()
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A tell named in words: on how many of the best path's turns the best reply was the only
/// one with this form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tell {
    pub sentence: String,
    pub turns: usize,
    pub of: usize,
    /// The best path's turns where it holds: node and reply index in the node.
    #[serde(skip)]
    pub at: Vec<(NodeId, usize)>,
}

/// What the form reader did on one personality of a held-out scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FormReading {
    pub median: i64,
    pub p90: i64,
    /// Turns played over every seed, and on how many the reader took a best reply.
    pub turns: usize,
    pub best_picks: usize,
    /// How many best picks chance would make (one in the number on offer, per turn).
    pub chance_picks: f64,
    /// `best_picks / chance_picks`: 1.0 is chance, 1.5 the warning line.
    pub vs_chance: f64,
    /// The cues the model trained on the other scenarios leans on most.
    pub leans_on: Vec<String>,
    /// Forms that single out the best reply on the best path more often than chance.
    pub tells: Vec<Tell>,
    /// The best path's turns where the reader took the best reply (node, reply index).
    #[serde(skip)]
    pub given_away: Vec<(NodeId, usize)>,
}

/// From this ratio to chance on, the reader is said to find the best reply by its form.
pub const TELL_RATIO: f64 = 1.5;

/// Plays `variant` with `model` over [`READER_SEEDS`] seeds.
pub fn read(model: &Model, variant: &Variant) -> FormReading {
    let scenario: &Arc<CompiledScenario> = &variant.scenario;
    let analysis = &variant.analysis;
    let table = CueTable::of(scenario);
    let mut scores = Vec::with_capacity(READER_SEEDS as usize);
    let (mut turns, mut best_picks, mut chance_picks) = (0, 0, 0.0);
    for seed in 0..READER_SEEDS {
        let (mut session, _) = Session::start(scenario.clone(), seed);
        while !session.is_over() {
            let offer = table.shown(&session);
            let pick = model.pick(&offer);
            let state = session.state();
            let best = best_replies(scenario, analysis, state);
            if !best.is_empty() {
                turns += 1;
                chance_picks += best.len() as f64 / offer.len() as f64;
                let offered = session.offered();
                let taken = offered[session.shown()[pick - 1] - 1];
                if best.contains(&taken) {
                    best_picks += 1;
                }
            }
            if session.choose_shown(pick).is_err() {
                break;
            }
        }
        scores.push(analysis.rate_session(&session).percent);
    }
    scores.sort_unstable();
    let (tells, given_away) = tells(model, variant, &table);
    FormReading {
        median: quantile(&scores, 50),
        p90: quantile(&scores, 90),
        turns,
        best_picks,
        chance_picks,
        vs_chance: if chance_picks > 0.0 { best_picks as f64 / chance_picks } else { 0.0 },
        leans_on: model.leans_on(3),
        tells,
        given_away,
    }
}

/// Walks the best path in file order and counts, for every single-cue form, the turns where
/// the best reply alone has it; and the turns where the model takes the best reply.
fn tells(model: &Model, variant: &Variant, table: &CueTable) -> (Vec<Tell>, Vec<(NodeId, usize)>) {
    let scenario = &variant.scenario;
    let Some(best) = &variant.analysis.best else { return (Vec::new(), Vec::new()) };
    let forms: Vec<Feature> = feature_list()
        .into_iter()
        .filter(|f| f.cue.is_some() && !matches!(f.reading, Reading::Rank | Reading::Has))
        .collect();
    let mut hits: Vec<Vec<(NodeId, usize)>> = vec![Vec::new(); forms.len()];
    let mut given_away = Vec::new();
    let (mut decisions, mut chance) = (0usize, 0.0);
    let mut state = scenario.initial_state();
    for step in &best.steps {
        let available: Vec<usize> = scenario.available(state).collect();
        let best_set = best_replies(scenario, &variant.analysis, state);
        if !best_set.is_empty() && available.len() >= 2 {
            decisions += 1;
            chance += 1.0 / available.len() as f64;
            let offer = table.offer(state.node, 0, &available);
            let at = available.iter().position(|&c| c == step.choice).expect("the path's reply is on offer");
            let name = (state.node, step.choice);
            let found = features(&forms, &offer);
            for (f, _) in forms.iter().enumerate() {
                let holders: Vec<usize> = (0..offer.len()).filter(|&r| found[r][f] > 0.5).collect();
                if holders == [at] {
                    hits[f].push(name);
                }
            }
            if model.pick(&offer) == at + 1 {
                given_away.push(name);
            }
        }
        state = scenario.step(state, step.choice).next;
    }
    let rate = if decisions > 0 { chance / decisions as f64 } else { 1.0 };
    let mut found: Vec<Tell> = forms
        .iter()
        .zip(hits)
        .filter(|(_, at)| at.len() >= 2 && at.len() as f64 > TELL_RATIO * rate * decisions as f64)
        .map(|(form, at)| Tell {
            sentence: format!("the best reply is {} on {} of {decisions} turns", form.describe(), at.len()),
            turns: at.len(),
            of: decisions,
            at,
        })
        .collect();
    found.sort_by(|a, b| b.turns.cmp(&a.turns).then(a.sentence.cmp(&b.sentence)));
    found.truncate(5);
    (found, given_away)
}

/// The form reader over a library: each scenario read by a model trained on every other
/// scenario (leave one scenario out), each of its personalities played. `corpus` may hold
/// scenarios that are only learnt from (the shipped library when checking one file).
pub fn read_library(scenarios: &[&LoadedScenario], corpus: &[&LoadedScenario]) -> Vec<Vec<FormReading>> {
    scenarios
        .iter()
        .map(|held_out| {
            let mut ids = BTreeSet::new();
            let training: Vec<&Variant> = scenarios
                .iter()
                .chain(corpus)
                .filter(|s| s.id() != held_out.id() && ids.insert((s.id().to_owned(), s.hash.clone())))
                .flat_map(|s| s.variants.iter())
                .collect();
            let model = Model::train(&training);
            held_out.variants.iter().map(|v| read(&model, v)).collect()
        })
        .collect()
}
