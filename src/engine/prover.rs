//! Proof of soundness and exact score bounds, by exploring every reachable state
//! (node × mood × flags) once, with memoisation, instead of enumerating paths.

use crate::engine::diagnostic::{Diagnostic, Locate, Seg};
use crate::engine::model::{CompiledNode, CompiledScenario, NodeId, State, Step, Via};
use crate::engine::scenario::Outcome;
use std::collections::{BTreeSet, HashMap};

mod checks;
mod endings;

/// Exploration stops with an error past this many distinct states, so no file can hang a load.
pub const MAX_STATES: usize = 2_000_000;

/// One reply on a path: the node, the reply's index in the node, and its 1-based position
/// among the replies offered at that moment (what the trainee sees and `--choices` takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub node: NodeId,
    pub choice: usize,
    pub position: usize,
}

/// A complete conversation: its replies, where it ended and its total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSummary {
    pub total: i64,
    pub steps: Vec<PathStep>,
    pub ending: NodeId,
    pub outcome: Outcome,
}

impl PathSummary {
    pub fn positions(&self) -> Vec<usize> {
        self.steps.iter().map(|s| s.position).collect()
    }
}

/// What can still happen from one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateValue {
    pub best: i64,
    pub worst: i64,
    /// The best total reachable without committing any anti-pattern.
    pub best_clean: Option<i64>,
    /// The best total among paths that commit at least one anti-pattern.
    pub best_dirty: Option<i64>,
    pub min_turns: u32,
    pub max_turns: u32,
    pub paths: u128,
    pub best_choice: u32,
    pub worst_choice: u32,
    pub dirty_choice: u32,
    pub longest_choice: u32,
    valid: bool,
}

const NO_CHOICE: u32 = u32::MAX;

impl StateValue {
    fn ending(points: i64) -> StateValue {
        StateValue {
            best: points,
            worst: points,
            best_clean: Some(points),
            best_dirty: None,
            min_turns: 0,
            max_turns: 0,
            paths: 1,
            best_choice: NO_CHOICE,
            worst_choice: NO_CHOICE,
            dirty_choice: NO_CHOICE,
            longest_choice: NO_CHOICE,
            valid: true,
        }
    }

    fn invalid() -> StateValue {
        StateValue { valid: false, ..StateValue::ending(0) }
    }
}

/// Everything known about a scenario's conversations.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Problems found; a scenario with any error here is not sound.
    pub diagnostics: Vec<Diagnostic>,
    pub state_count: usize,
    index: HashMap<State, u32>,
    states: Vec<State>,
    values: Vec<StateValue>,
    pub best: Option<PathSummary>,
    pub worst: Option<PathSummary>,
    /// The path that takes the first anti-pattern reply wherever one is offered.
    pub defensive: Option<PathSummary>,
    pub longest: Option<PathSummary>,
    /// Ending nodes some conversation reaches.
    pub endings: Vec<NodeId>,
    pub paths: u128,
    pub min_turns: u32,
    pub max_turns: u32,
    /// The best total a conversation that commits an anti-pattern can reach.
    pub best_with_anti_pattern: Option<i64>,
    /// The conversation that commits an anti-pattern and rates highest: how close a trainee
    /// who slips can come to the best path.
    pub best_anti_pattern_path: Option<PathSummary>,
    /// Its percentage.
    pub best_anti_pattern_percent: Option<i64>,
    /// The points of the worst ending any conversation reaches: an outcome quality of 0.
    pub ending_floor: i64,
    /// The points of the best path's ending: an outcome quality of 100.
    pub ending_target: i64,
    /// States in the order their values were settled, children before parents.
    settled: Vec<u32>,
}

impl Analysis {
    pub fn is_sound(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn value(&self, state: State) -> Option<&StateValue> {
        self.index.get(&state).map(|&i| &self.values[i as usize]).filter(|v| v.valid)
    }

    /// The best reply in `state` (index into the node's choices) and the best total from there.
    pub fn best_choice(&self, state: State) -> Option<(usize, i64)> {
        self.value(state).filter(|v| v.best_choice != NO_CHOICE).map(|v| (v.best_choice as usize, v.best))
    }

    /// Every state a conversation can reach, in the order they were found.
    pub fn states(&self) -> impl Iterator<Item = State> + '_ {
        self.states.iter().copied().filter(|s| self.value(*s).is_some())
    }

    pub fn best_total(&self) -> i64 {
        self.best.as_ref().map_or(0, |p| p.total)
    }

    pub fn worst_total(&self) -> i64 {
        self.worst.as_ref().map_or(0, |p| p.total)
    }

    /// A total as a percentage between the worst (0) and best (100) totals: how attempts
    /// recorded before the rating (scoring model 1) were scored, kept so they still verify.
    pub fn legacy_percent(&self, total: i64) -> i64 {
        let (best, worst) = (self.best_total(), self.worst_total());
        if best <= worst {
            return 100;
        }
        let span = best - worst;
        ((total - worst) * 200 + span).div_euclid(2 * span).clamp(0, 100)
    }
}

struct Frame {
    id: u32,
    available: Vec<usize>,
    cursor: usize,
    children: Vec<(usize, u32)>,
    poisoned: bool,
}

/// Explores the scenario from its start and proves it sound, or says why it is not.
pub fn analyze(scenario: &CompiledScenario, file_name: &str, spans: &dyn Locate) -> Analysis {
    let mut explorer = Explorer {
        scenario,
        file_name,
        spans,
        analysis: Analysis::default(),
        colour: Vec::new(),
        offered: BTreeSet::new(),
        branches_fired: BTreeSet::new(),
        thresholds_fired: BTreeSet::new(),
        reported: BTreeSet::new(),
    };
    if explorer.explore() {
        explorer.finish();
    }
    explorer.analysis
}

struct Explorer<'a> {
    scenario: &'a CompiledScenario,
    file_name: &'a str,
    spans: &'a dyn Locate,
    analysis: Analysis,
    /// 0 unseen, 1 on the stack, 2 done.
    colour: Vec<u8>,
    offered: BTreeSet<(NodeId, usize)>,
    /// (node, reply, branch) that decided where a reply led at least once.
    branches_fired: BTreeSet<(NodeId, usize, usize)>,
    thresholds_fired: BTreeSet<usize>,
    reported: BTreeSet<(NodeId, usize)>,
}

impl Explorer<'_> {
    fn intern(&mut self, state: State) -> (u32, bool) {
        if let Some(&id) = self.analysis.index.get(&state) {
            return (id, false);
        }
        let id = self.analysis.states.len() as u32;
        self.analysis.index.insert(state, id);
        self.analysis.states.push(state);
        self.analysis.values.push(StateValue::invalid());
        self.colour.push(0);
        (id, true)
    }

    /// Starts exploring a state: endings are valued at once, speaking nodes get a frame.
    fn open(&mut self, id: u32, stack: &mut Vec<Frame>) {
        let state = self.analysis.states[id as usize];
        match self.scenario.node(state.node) {
            CompiledNode::End { points, .. } => {
                self.analysis.values[id as usize] = StateValue::ending(i64::from(*points));
                self.colour[id as usize] = 2;
                self.analysis.settled.push(id);
            }
            CompiledNode::Say { .. } => {
                let available: Vec<usize> = self.scenario.available(state).collect();
                for &choice in &available {
                    self.offered.insert((state.node, choice));
                }
                if available.is_empty() {
                    self.dead_end(state);
                    self.colour[id as usize] = 2;
                    self.analysis.settled.push(id);
                    return;
                }
                self.colour[id as usize] = 1;
                stack.push(Frame { id, available, cursor: 0, children: Vec::new(), poisoned: false });
            }
        }
    }

    fn explore(&mut self) -> bool {
        let start = self.scenario.initial_state();
        let (root, _) = self.intern(start);
        let mut stack = Vec::new();
        self.open(root, &mut stack);
        while let Some(frame) = stack.last_mut() {
            if frame.cursor < frame.available.len() {
                let choice = frame.available[frame.cursor];
                frame.cursor += 1;
                let parent = self.analysis.states[frame.id as usize];
                let step = self.scenario.step(parent, choice);
                if let Via::Branch(i) = step.via {
                    self.branches_fired.insert((parent.node, choice, i));
                }
                if let Some(i) = step.threshold {
                    self.thresholds_fired.insert(i);
                }
                let (child, _) = self.intern(step.next);
                if self.analysis.states.len() > MAX_STATES {
                    self.analysis.diagnostics.push(
                        Diagnostic::error(
                            "too-many-states",
                            format!(
                                "the scenario has more than {MAX_STATES} distinct situations (node, mood and flags)"
                            ),
                        )
                        .in_file(self.file_name)
                        .at(self.spans.value(&["nodes".into()]), "too many combinations to prove")
                        .note("use fewer flags, or coarser mood thresholds, so the conversation can be checked"),
                    );
                    return false;
                }
                let frame = stack.last_mut().expect("frame still on the stack");
                frame.children.push((choice, child));
                match self.colour[child as usize] {
                    0 => self.open(child, &mut stack),
                    1 => {
                        frame.poisoned = true;
                        let cycle: Vec<NodeId> = {
                            let from = stack.iter().position(|f| f.id == child).unwrap_or(0);
                            stack[from..].iter().map(|f| self.analysis.states[f.id as usize].node).collect()
                        };
                        self.endless_loop(parent.node, choice, step, &cycle);
                    }
                    _ => {}
                }
            } else {
                let frame = stack.pop().expect("non-empty stack");
                let value = self.combine(&frame);
                self.analysis.values[frame.id as usize] = value;
                self.colour[frame.id as usize] = 2;
                self.analysis.settled.push(frame.id);
            }
        }
        self.analysis.state_count = self.analysis.states.len();
        true
    }

    fn combine(&self, frame: &Frame) -> StateValue {
        let node = self.analysis.states[frame.id as usize].node;
        let mut value = StateValue::invalid();
        if frame.poisoned {
            return value;
        }
        let mut first = true;
        for &(choice_index, child) in &frame.children {
            let child_value = self.analysis.values[child as usize];
            if !child_value.valid {
                return StateValue::invalid();
            }
            let choice = self.scenario.choice(node, choice_index);
            let points = i64::from(choice.points);
            let best = points + child_value.best;
            let worst = points + child_value.worst;
            let clean = if choice.commits_anti_pattern { None } else { child_value.best_clean.map(|c| points + c) };
            let dirty =
                if choice.commits_anti_pattern { Some(best) } else { child_value.best_dirty.map(|d| points + d) };
            let turns_max = child_value.max_turns + 1;
            let index = choice_index as u32;
            if first {
                value = StateValue {
                    best,
                    worst,
                    best_clean: clean,
                    best_dirty: dirty,
                    min_turns: child_value.min_turns + 1,
                    max_turns: turns_max,
                    paths: child_value.paths,
                    best_choice: index,
                    worst_choice: index,
                    dirty_choice: if dirty.is_some() { index } else { NO_CHOICE },
                    longest_choice: index,
                    valid: true,
                };
                first = false;
                continue;
            }
            if best > value.best {
                value.best = best;
                value.best_choice = index;
            }
            if worst < value.worst {
                value.worst = worst;
                value.worst_choice = index;
            }
            value.best_clean = value.best_clean.max(clean);
            if dirty.is_some() && dirty > value.best_dirty {
                value.best_dirty = dirty;
                value.dirty_choice = index;
            }
            value.min_turns = value.min_turns.min(child_value.min_turns + 1);
            if turns_max > value.max_turns {
                value.max_turns = turns_max;
                value.longest_choice = index;
            }
            value.paths = value.paths.saturating_add(child_value.paths);
        }
        value
    }

    /// The text that sent a reply where it went: its `goto` or the branch taken.
    fn route_span(&self, node: NodeId, choice: usize, via: Via) -> Option<std::ops::Range<usize>> {
        let path = self.scenario.choice_path(node, choice);
        let field: Vec<Seg> = match via {
            Via::Goto => vec!["goto".into()],
            Via::Branch(i) => vec!["branches".into(), i.into(), "goto".into()],
        };
        self.spans.value(&[path.clone(), field].concat()).or_else(|| self.spans.value(&path))
    }

    fn endless_loop(&mut self, node: NodeId, choice: usize, step: Step, cycle: &[NodeId]) {
        if !self.reported.insert((node, choice)) {
            return;
        }
        let names: Vec<&str> =
            cycle.iter().chain(cycle.first()).map(|&n| self.scenario.node_names[n as usize].as_str()).collect();
        let mut diagnostic = Diagnostic::error("endless-loop", "these replies can go round in a circle forever")
            .in_file(self.file_name)
            .note(format!("the loop: {}", names.join(" → ")))
            .note("make each pass change something (mood, a flag) and give the loop a way out, such as a threshold");
        let reply = self.route_span(node, choice, step.via);
        diagnostic = match step.threshold {
            Some(i) => {
                let threshold: Vec<Seg> = vec!["thresholds".into(), i.into(), "goto".into()];
                diagnostic
                    .at(self.spans.value(&threshold), "this threshold sends the conversation back to where it was")
                    .also(reply, "after this reply")
            }
            None => diagnostic.at(reply, "this leads back to an earlier point with the same mood and flags"),
        };
        self.analysis.diagnostics.push(diagnostic);
    }

    fn dead_end(&mut self, state: State) {
        if !self.reported.insert((state.node, usize::MAX)) {
            return;
        }
        let name = &self.scenario.node_names[state.node as usize];
        let flags: Vec<&str> = self
            .scenario
            .flag_names
            .iter()
            .enumerate()
            .filter(|(i, _)| state.flags & (1 << i) != 0)
            .map(|(_, f)| f.as_str())
            .collect();
        self.analysis.diagnostics.push(
            Diagnostic::error("dead-end", format!("the conversation can reach `{name}` with no reply to offer"))
                .in_file(self.file_name)
                .at(self.spans.head(&self.scenario.node_path(state.node)), "every reply here is gated off")
                .note(format!(
                    "it happens with temper {}, trust {} and flags [{}]",
                    state.mood.temper,
                    state.mood.trust,
                    flags.join(", ")
                ))
                .note("give this node a reply without `requires`, or loosen the conditions"),
        );
    }

    fn child(&self, state: State, choice: usize) -> State {
        self.scenario.step(state, choice).next
    }

    /// Follows `decide` (a reply index for each state) from the start to an ending.
    fn follow(&self, decide: impl Fn(State) -> Option<usize>) -> Option<PathSummary> {
        let mut state = self.scenario.initial_state();
        let mut steps = Vec::new();
        let mut total = 0i64;
        // A sound scenario ends long before this; the bound only guards against a bug.
        for _ in 0..=self.analysis.states.len() {
            if let CompiledNode::End { outcome, points, .. } = self.scenario.node(state.node) {
                let total = total + i64::from(*points);
                return Some(PathSummary { total, steps, ending: state.node, outcome: *outcome });
            }
            let choice = decide(state)?;
            let position = self.scenario.available(state).position(|c| c == choice)? + 1;
            steps.push(PathStep { node: state.node, choice, position });
            total += i64::from(self.scenario.choice(state.node, choice).points);
            state = self.child(state, choice);
        }
        None
    }

    /// Follows one stored decision per state.
    fn walk(&self, pick: impl Fn(&StateValue) -> u32) -> Option<PathSummary> {
        self.follow(|state| self.analysis.value(state).map(&pick).filter(|&c| c != NO_CHOICE).map(|c| c as usize))
    }

    /// At every turn, the first reply that commits an anti-pattern, else the first reply.
    fn defensive_path(&self) -> Option<PathSummary> {
        self.follow(|state| {
            let mut available = self.scenario.available(state).peekable();
            let first = *available.peek()?;
            Some(available.find(|&c| self.scenario.choice(state.node, c).commits_anti_pattern).unwrap_or(first))
        })
    }

    fn finish(&mut self) {
        let scenario = self.scenario;
        let reached: BTreeSet<NodeId> = self.analysis.states.iter().map(|s| s.node).collect();
        self.analysis.endings = reached.iter().copied().filter(|&n| scenario.is_end(n)).collect();
        // Every reachable state was visited even if a loop or dead end poisoned the totals,
        // so reachability is reported either way.
        self.check_reachability(&reached);
        self.check_routes_fire();
        self.check_thresholds_after_solved();
        // A loop or a dead end leaves the start without a value: no totals to check then.
        let root = scenario.initial_state();
        let Some(root_value) = self.analysis.value(root).copied() else {
            return;
        };
        self.analysis.best = self.walk(|v| v.best_choice);
        self.analysis.worst = self.walk(|v| v.worst_choice);
        self.analysis.longest = self.walk(|v| v.longest_choice);
        self.analysis.defensive = self.defensive_path();
        self.analysis.paths = root_value.paths;
        self.analysis.min_turns = root_value.min_turns;
        self.analysis.max_turns = root_value.max_turns;
        self.analysis.best_with_anti_pattern = root_value.best_dirty;
        let ending_points = |node: NodeId| match scenario.node(node) {
            CompiledNode::End { points, .. } => i64::from(*points),
            CompiledNode::Say { .. } => 0,
        };
        self.analysis.ending_floor = self.analysis.endings.iter().map(|&n| ending_points(n)).min().unwrap_or(0);
        self.analysis.ending_target = self.analysis.best.as_ref().map_or(0, |p| ending_points(p.ending));
        self.check_turn_limit(root_value);
        self.check_best_path(root, root_value);
        self.check_endings();
    }
}
