//! The rule that a mistake never pays, checked per ending: for every ending, no conversation
//! that commits an anti-pattern rates above the best clean conversation to that ending.
//!
//! A rating is a mean over turns, so the best rating to a state depends on how many
//! decisions led there, not only on the state. The check therefore walks the explored
//! states once in order, parents first, keeping for every state the best sum of turn
//! qualities per (decisions so far, anti-patterns so far), and reads the ratings off at the
//! endings. Anti-patterns are counted up to the number where the ceiling stops falling.

use super::{Explorer, PathStep, PathSummary};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::model::{CompiledNode, NodeId};
use crate::engine::rating::{GRADES, Offered, percent, reply_quality};
use std::collections::BTreeMap;

/// The check gives up with a warning past this many (state, decisions, anti-patterns)
/// entries, so no file can make a load take minutes.
pub const MAX_RATING_ENTRIES: usize = 4_000_000;

/// Anti-pattern counts at and above this share one ceiling (the last grade's).
const BUCKETS: usize = GRADES.len();

#[derive(Clone, Copy)]
struct Entry {
    decisions: u32,
    mistakes: u8,
    sum: i64,
    /// The state, entry and reply this entry was reached from.
    from: Option<(u32, u32, u32)>,
}

/// The best-rated conversation found to one ending, clean or not.
#[derive(Clone, Copy)]
struct Best {
    percent: i64,
    state: u32,
    entry: u32,
}

impl Explorer<'_> {
    pub(super) fn check_endings(&mut self) {
        let Some(table) = self.rating_table() else {
            self.analysis.diagnostics.push(
                Diagnostic::warning(
                    "too-many-ratings",
                    "too many ways to reach the endings to check that a mistake never pays",
                )
                .in_file(self.file_name)
                .at(self.spans.value(&["nodes".into()]), "not checked")
                .note("use fewer flags or coarser mood thresholds, so every conversation can be rated"),
            );
            return;
        };
        let (clean, dirty) = self.read_endings(&table);
        let overall = dirty.values().copied().max_by_key(|b| b.percent);
        if let Some(best) = overall {
            self.analysis.best_anti_pattern_path = Some(self.rebuild(&table, best));
            self.analysis.best_anti_pattern_percent = Some(best.percent);
        }
        let scenario = self.scenario;
        for (node, bad) in &dirty {
            let Some(good) = clean.get(node) else { continue };
            if bad.percent <= good.percent {
                continue;
            }
            let path = self.rebuild(&table, *bad);
            let clean_path = self.rebuild(&table, *good);
            let name = &scenario.node_names[*node as usize];
            let first = path.steps.iter().find(|s| scenario.choice(s.node, s.choice).commits_anti_pattern);
            let mut diagnostic = Diagnostic::error(
                "mistake-pays",
                format!(
                    "a conversation that commits an anti-pattern reaches `{name}` with {}%, above the best clean one ({}%)",
                    bad.percent, good.percent
                ),
            )
            .in_file(self.file_name)
            .note(format!("the conversation: replies {}", join(&path.positions())))
            .note(format!("the best clean one: replies {}", join(&clean_path.positions())))
            .note(
                "a mistake must never pay: make the clean way to this ending better, or the mistake and what follows it worse",
            );
            if let Some(step) = first {
                let at = scenario.choice_path(step.node, step.choice);
                diagnostic = diagnostic.at(
                    self.spans.value(&[at.clone(), vec!["commits".into()]].concat()).or_else(|| self.spans.value(&at)),
                    "the mistake on that conversation",
                );
            }
            self.analysis.diagnostics.push(diagnostic);
        }
    }

    /// For every state, the best sum of turn qualities per (decisions, anti-patterns) on
    /// the way there; `None` past [`MAX_RATING_ENTRIES`].
    fn rating_table(&self) -> Option<Vec<Vec<Entry>>> {
        let scenario = self.scenario;
        let analysis = &self.analysis;
        let root = analysis.index[&scenario.initial_state()];
        let mut table: Vec<Vec<Entry>> = vec![Vec::new(); analysis.states.len()];
        table[root as usize].push(Entry { decisions: 0, mistakes: 0, sum: 0, from: None });
        let mut entries = 1usize;
        // Children settle before parents, so the reverse order visits parents first.
        for &id in analysis.settled.iter().rev() {
            let state = analysis.states[id as usize];
            if scenario.is_end(state.node) || table[id as usize].is_empty() {
                continue;
            }
            let values = analysis.reply_values(scenario, state);
            let offer: Vec<Offered> = values.iter().map(|(_, o)| *o).collect();
            let here = std::mem::take(&mut table[id as usize]);
            for &(choice, taken) in &values {
                let quality = reply_quality(&offer, taken);
                let mistake = u8::from(taken.anti_pattern);
                let child = analysis.index[&scenario.step(state, choice).next] as usize;
                for (k, entry) in here.iter().enumerate() {
                    let next = Entry {
                        decisions: entry.decisions + u32::from(quality.is_some()),
                        mistakes: (entry.mistakes + mistake).min(BUCKETS as u8),
                        sum: entry.sum + quality.unwrap_or(0),
                        from: Some((id, k as u32, choice as u32)),
                    };
                    let slot =
                        table[child].iter_mut().find(|e| e.decisions == next.decisions && e.mistakes == next.mistakes);
                    match slot {
                        Some(existing) if existing.sum >= next.sum => {}
                        Some(existing) => *existing = next,
                        None => {
                            table[child].push(next);
                            entries += 1;
                        }
                    }
                }
            }
            table[id as usize] = here;
            if entries > MAX_RATING_ENTRIES {
                return None;
            }
        }
        Some(table)
    }

    fn read_endings(&self, table: &[Vec<Entry>]) -> (BTreeMap<NodeId, Best>, BTreeMap<NodeId, Best>) {
        let scenario = self.scenario;
        let analysis = &self.analysis;
        // The best clean and the best dirty conversation to every ending node.
        let mut clean: BTreeMap<NodeId, Best> = BTreeMap::new();
        let mut dirty: BTreeMap<NodeId, Best> = BTreeMap::new();
        for (id, entries) in table.iter().enumerate() {
            let node = analysis.states[id].node;
            if !scenario.is_end(node) {
                continue;
            }
            let outcome = analysis.outcome_of(scenario, node);
            for (k, entry) in entries.iter().enumerate() {
                let rated = percent(entry.sum, entry.decisions as usize, outcome, usize::from(entry.mistakes));
                let best = Best { percent: rated, state: id as u32, entry: k as u32 };
                let map = if entry.mistakes == 0 { &mut clean } else { &mut dirty };
                let keep = map.get(&node).is_none_or(|b| rated > b.percent);
                if keep {
                    map.insert(node, best);
                }
            }
        }
        (clean, dirty)
    }

    /// The conversation that led to an entry, from the start.
    fn rebuild(&self, table: &[Vec<Entry>], best: Best) -> PathSummary {
        let scenario = self.scenario;
        let mut replies = Vec::new();
        let mut at = Some((best.state, best.entry));
        while let Some((state, entry)) = at {
            let e = table[state as usize][entry as usize];
            at = e.from.map(|(from_state, from_entry, choice)| {
                replies.push((from_state, choice as usize));
                (from_state, from_entry)
            });
        }
        replies.reverse();
        let mut total = 0;
        let steps = replies
            .iter()
            .map(|&(id, choice)| {
                let state = self.analysis.states[id as usize];
                total += i64::from(scenario.choice(state.node, choice).points);
                let position = scenario.available(state).position(|c| c == choice).map_or(0, |p| p + 1);
                PathStep { node: state.node, choice, position }
            })
            .collect();
        let ending = self.analysis.states[best.state as usize].node;
        let CompiledNode::End { outcome, points, .. } = scenario.node(ending) else {
            unreachable!("ratings are read at endings")
        };
        PathSummary { total: total + i64::from(*points), steps, ending, outcome: *outcome }
    }
}

fn join(positions: &[usize]) -> String {
    positions.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}
