//! The prover's checks on a fully explored scenario: replies never offered, nodes never
//! reached, branches and thresholds that never fire, conversations longer than the turn
//! limit, and anti-pattern paths that score too well. Kept apart from the exploration they
//! read, which is long enough on its own.

use super::{Explorer, NO_CHOICE, PathSummary, StateValue};
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::model::{CompiledNode, NodeId, State};
use crate::engine::scenario::Outcome;

/// The strategies that solve the customer's problem: after one, a threshold that makes the
/// customer leave contradicts the conversation.
const SOLVING: [&str; 3] = ["problem_solving", "fair_compensation", "compromise"];

/// A bound on the states followed (each state twice at most): the prover's own exploration
/// is bounded the same way, so this stops only on scenarios it already reports as too large.
const SOLVED_STATE_CAP: usize = 1 << 20;
use std::cell::Cell;
use std::collections::BTreeSet;

impl Explorer<'_> {
    /// Branches and thresholds that never change where a conversation goes are dead text:
    /// usually a mood level no path reaches any more.
    pub(super) fn check_routes_fire(&mut self) {
        let scenario = self.scenario;
        for &(node, index) in &self.offered {
            let choice = scenario.choice(node, index);
            for i in 0..choice.branches.len() {
                if !self.branches_fired.contains(&(node, index, i)) {
                    let path =
                        [scenario.choice_path(node, index), vec!["branches".into(), i.into(), "when".into()]].concat();
                    self.analysis.diagnostics.push(
                        Diagnostic::warning("never-fires", "this branch never decides where the reply leads")
                            .in_file(self.file_name)
                            .at(
                                self.spans.value(&path),
                                "this never holds (or an earlier branch always wins) after this reply",
                            )
                            .note("check the mood levels: replies move temper and trust only a few points each"),
                    );
                }
            }
        }
        // A line that depends on the path is said in some state the conversation reaches.
        let mut said: BTreeSet<(NodeId, usize)> = BTreeSet::new();
        for &state in &self.analysis.states {
            if let Some(entry) = scenario.lines_entry(state) {
                said.insert((state.node, entry));
            }
        }
        for (node, compiled) in scenario.nodes.iter().enumerate() {
            let CompiledNode::Say { lines_when, .. } = compiled else { continue };
            let reached = self.analysis.states.iter().any(|s| s.node == node as NodeId);
            for i in 0..lines_when.len() {
                if reached && !said.contains(&(node as NodeId, i)) {
                    let name = scenario.node_names[node].as_str();
                    let path: Vec<Seg> =
                        vec!["nodes".into(), name.into(), "lines_when".into(), i.into(), "when".into()];
                    self.analysis.diagnostics.push(
                        Diagnostic::warning("never-fires", "these lines are never said")
                            .in_file(self.file_name)
                            .at(
                                self.spans.value(&path),
                                "this never holds (or an earlier entry always wins) when the conversation arrives here",
                            )
                            .note("check which replies set the flags it tests, and the mood levels on the way"),
                    );
                }
            }
        }
        for i in 0..scenario.thresholds.len() {
            if !self.thresholds_fired.contains(&i) {
                let path: Vec<Seg> = vec!["thresholds".into(), i.into(), "when".into()];
                self.analysis.diagnostics.push(
                    Diagnostic::warning("never-fires", "this threshold never redirects a conversation")
                        .in_file(self.file_name)
                        .at(self.spans.value(&path), "no conversation reaches this after a reply")
                        .note("check the mood levels: replies move temper and trust only a few points each"),
                );
            }
        }
    }

    /// A threshold that sends the customer away after the problem was solved ("cancelling"
    /// once the refund is done), with no mistake since, contradicts the conversation: found by
    /// following every path
    /// with one more bit, whether a reply that solves the problem (`problem_solving`,
    /// `fair_compensation`, `compromise`) was taken on the way and no anti-pattern since.
    pub(super) fn check_thresholds_after_solved(&mut self) {
        let scenario = self.scenario;
        if scenario.thresholds.is_empty() {
            return;
        }
        let catalogue = &scenario.knowledge.catalogue;
        let solving: Vec<usize> = SOLVING.iter().filter_map(|id| catalogue.index_of(id)).collect();
        let solves =
            |node: NodeId, i: usize| scenario.choice(node, i).strategies.iter().any(|s| solving.contains(&s.strategy));
        // (state, where the problem was solved) for every state a conversation reaches.
        let mut seen: BTreeSet<(State, bool)> = BTreeSet::new();
        let mut queue = vec![(scenario.initial_state(), None::<(NodeId, usize)>)];
        let mut found: std::collections::BTreeMap<usize, (NodeId, usize, NodeId)> = Default::default();
        while let Some((state, solved)) = queue.pop() {
            if !seen.insert((state, solved.is_some())) || seen.len() > SOLVED_STATE_CAP {
                continue;
            }
            if !matches!(scenario.node(state.node), CompiledNode::Say { .. }) {
                continue;
            }
            for i in scenario.available(state) {
                let step = scenario.step(state, i);
                // A mistake after the fix gives the customer a reason to leave: only a path
                // clean since the problem was solved contradicts a customer who walks out.
                let solved = if scenario.choice(state.node, i).commits_anti_pattern {
                    None
                } else {
                    solved.or_else(|| solves(state.node, i).then_some((state.node, i)))
                };
                if let (Some(t), Some((node, reply))) = (step.threshold, solved)
                    && let CompiledNode::End { outcome, .. } = scenario.node(step.next.node)
                    && matches!(outcome, Outcome::CustomerLost | Outcome::WalkedAway)
                {
                    found.entry(t).or_insert((node, reply, step.next.node));
                }
                queue.push((step.next, solved));
            }
        }
        for (t, (node, reply, ending)) in found {
            let path: Vec<Seg> = vec!["thresholds".into(), t.into(), "when".into()];
            self.analysis.diagnostics.push(
                Diagnostic::warning(
                    "threshold-after-solved",
                    format!(
                        "this threshold sends the customer to `{}` after the problem was solved at `{}` (reply {})",
                        scenario.node_names[ending as usize],
                        scenario.node_names[node as usize],
                        reply + 1
                    ),
                )
                .in_file(self.file_name)
                .at(self.spans.value(&path), "this still fires once the problem is solved")
                .note("let the solving reply set a flag and add `NotFlag(\"...\")` to the threshold with `All([...])`, or calm the mood on that path"),
            );
        }
    }

    pub(super) fn check_reachability(&mut self, reached: &BTreeSet<NodeId>) {
        let scenario = self.scenario;
        let mut referenced: BTreeSet<NodeId> = BTreeSet::new();
        referenced.insert(scenario.start);
        for node in &scenario.nodes {
            if let CompiledNode::Say { choices, .. } = node {
                for choice in choices {
                    referenced.insert(choice.goto);
                    referenced.extend(choice.branches.iter().map(|(_, to)| *to));
                }
            }
        }
        referenced.extend(scenario.thresholds.iter().map(|(_, to)| *to));
        for node in 0..scenario.nodes.len() as NodeId {
            if reached.contains(&node) {
                if let CompiledNode::Say { choices, .. } = scenario.node(node) {
                    for index in 0..choices.len() {
                        if !self.offered.contains(&(node, index)) {
                            let path = scenario.choice_path(node, index);
                            self.analysis.diagnostics.push(
                                Diagnostic::warning("never-offered", "this reply is never offered")
                                    .in_file(self.file_name)
                                    .at(
                                        self.spans
                                            .value(&[path.clone(), vec!["requires".into()]].concat())
                                            .or_else(|| self.spans.value(&path)),
                                        "this condition never holds when the conversation gets here",
                                    ),
                            );
                        }
                    }
                }
                continue;
            }
            let name = &scenario.node_names[node as usize];
            let why = if referenced.contains(&node) {
                "replies lead here, but the conditions on the way never hold"
            } else {
                "no reply, branch or threshold leads here"
            };
            self.analysis.diagnostics.push(
                Diagnostic::error("unreachable-node", format!("no conversation reaches node `{name}`"))
                    .in_file(self.file_name)
                    .at(self.spans.key(&scenario.node_path(node)), why),
            );
        }
    }

    pub(super) fn check_turn_limit(&mut self, root_value: StateValue) {
        let limit = self.scenario.turn_limit();
        if root_value.max_turns <= limit {
            return;
        }
        let route = self
            .analysis
            .longest
            .as_ref()
            .map(|p| {
                p.steps
                    .iter()
                    .map(|s| self.scenario.node_names[s.node as usize].as_str())
                    .chain(std::iter::once(self.scenario.node_names[p.ending as usize].as_str()))
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
            .unwrap_or_default();
        self.analysis.diagnostics.push(
            Diagnostic::error(
                "turn-limit-exceeded",
                format!("a conversation can take {} turns, more than the turn limit of {limit}", root_value.max_turns),
            )
            .in_file(self.file_name)
            .at(
                self.spans.value(&["turn_limit".into()]),
                format!("the longest conversation needs {}", root_value.max_turns),
            )
            .note(format!("the longest path: {route}")),
        );
    }

    pub(super) fn check_best_path(&mut self, root: State, root_value: StateValue) {
        let Some(clean) = root_value.best_clean else {
            self.analysis.diagnostics.push(
                Diagnostic::error("no-clean-path", "every conversation commits an anti-pattern")
                    .in_file(self.file_name)
                    .at(self.spans.value(&["start".into()]), "from here, no path avoids them all")
                    .note("a trainee must be able to do the right thing: give at least one path without `commits`"),
            );
            return;
        };
        let Some(dirty) = root_value.best_dirty else {
            return;
        };
        if dirty < clean {
            return;
        }
        // Follow the best anti-pattern path to its first anti-pattern to point at it.
        let mut state = root;
        let mut at = None;
        for _ in 0..=self.analysis.states.len() {
            let Some(value) = self.analysis.value(state) else { break };
            if value.dirty_choice == NO_CHOICE {
                break;
            }
            let choice = value.dirty_choice as usize;
            if self.scenario.choice(state.node, choice).commits_anti_pattern {
                at = Some((state.node, choice));
                break;
            }
            state = self.child(state, choice);
        }
        let relation = if dirty == clean { "ties with" } else { "beats" };
        let mut diagnostic = Diagnostic::error(
            "anti-pattern-wins",
            format!("a path that commits an anti-pattern scores {dirty}, which {relation} the best clean path ({clean})"),
        )
        .in_file(self.file_name)
        .note("the best path must commit no anti-pattern and beat every path that does: lower this reply's payoff or raise the clean path's");
        if let Some((node, choice)) = at {
            let path = self.scenario.choice_path(node, choice);
            diagnostic = diagnostic.at(
                self.spans.value(&[path.clone(), vec!["commits".into()]].concat()).or_else(|| self.spans.value(&path)),
                "this anti-pattern is on a path that scores too well",
            );
        }
        // Both conversations turn by turn with their points, so the author sees where the
        // totals part (often a detour after the mistake that earns extra turns).
        if let Some(path) = self.best_dirty_path() {
            diagnostic = diagnostic.note(self.turn_by_turn("the path with the anti-pattern", &path));
        }
        if let Some(path) = self.best_clean_path() {
            diagnostic = diagnostic.note(self.turn_by_turn("the best clean path", &path));
        }
        self.analysis.diagnostics.push(diagnostic);
    }

    /// The best-scoring conversation that commits an anti-pattern: the stored dirty choice
    /// up to the first anti-pattern, the best choice from there.
    fn best_dirty_path(&self) -> Option<PathSummary> {
        let committed = Cell::new(false);
        self.follow(|state| {
            let value = self.analysis.value(state)?;
            let choice = if committed.get() { value.best_choice } else { value.dirty_choice };
            if choice == NO_CHOICE {
                return None;
            }
            let choice = choice as usize;
            if self.scenario.choice(state.node, choice).commits_anti_pattern {
                committed.set(true);
            }
            Some(choice)
        })
    }

    /// The best-scoring conversation that commits no anti-pattern.
    fn best_clean_path(&self) -> Option<PathSummary> {
        self.follow(|state| {
            let target = self.analysis.value(state)?.best_clean?;
            self.scenario.available(state).find(|&choice| {
                let reply = self.scenario.choice(state.node, choice);
                let rest = self.analysis.value(self.child(state, choice)).and_then(|v| v.best_clean);
                !reply.commits_anti_pattern && rest == Some(target - i64::from(reply.points))
            })
        })
    }

    /// A conversation as a note: a line per turn (the node, the reply as `--choices` numbers
    /// it, what it commits, its points and its words), then the ending and the total.
    fn turn_by_turn(&self, title: &str, path: &PathSummary) -> String {
        let scenario = self.scenario;
        let mut out = format!("{title}, {} points in all:", path.total);
        for (turn, step) in path.steps.iter().enumerate() {
            let reply = scenario.choice(step.node, step.choice);
            let commits =
                scenario.file.nodes.get(&scenario.node_names[step.node as usize]).and_then(|node| match node {
                    crate::engine::scenario::Node::Say { choices, .. } => choices.get(step.choice),
                    crate::engine::scenario::Node::End { .. } => None,
                });
            let commits = commits
                .filter(|c| !c.commits.is_empty())
                .map(|c| format!(" commits {},", c.commits.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")))
                .unwrap_or_default();
            out.push_str(&format!(
                "\n  {}. `{}` reply {}:{commits} {:+} \"{}\"",
                turn + 1,
                scenario.node_names[step.node as usize],
                step.position,
                reply.points,
                short(&reply.text)
            ));
        }
        let ending = match scenario.node(path.ending) {
            CompiledNode::End { points, .. } => *points,
            CompiledNode::Say { .. } => 0,
        };
        out.push_str(&format!(
            "\n  ends at `{}` ({}): {ending:+}",
            scenario.node_names[path.ending as usize], path.outcome
        ));
        out
    }
}

/// The start of a reply's words, enough to recognise it.
fn short(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS { words.join(" ") } else { format!("{}...", words[..WORDS].join(" ")) }
}
