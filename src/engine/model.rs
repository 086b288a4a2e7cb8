//! The compiled scenario the engine runs and its runtime rules: conditions resolved to flag
//! bits, replies scored for one personality, and what one reply does to a state.

use crate::engine::catalogue::Knowledge;
use crate::engine::diagnostic::Seg;
use crate::engine::disc::DiscProfile;
use crate::engine::mood::{Mood, MoodDelta};
use crate::engine::scenario::{Outcome, ScenarioFile};
use std::sync::Arc;

/// Flags live in one `u64`, so a scenario may name at most this many.
pub const MAX_FLAGS: usize = 64;
/// No conversation needs more turns than this; larger limits are a typo.
pub const MAX_TURN_LIMIT: u32 = 500;

pub type NodeId = u32;

/// A condition with flags resolved to bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    Flag(u64),
    NotFlag(u64),
    TemperAtLeast(i32),
    TemperAtMost(i32),
    TrustAtLeast(i32),
    TrustAtMost(i32),
    /// A condition settled when the scenario was compiled for one personality (`Style`).
    Settled(bool),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

impl Test {
    pub fn holds(&self, mood: Mood, flags: u64) -> bool {
        match self {
            Test::Flag(bit) => flags & bit != 0,
            Test::NotFlag(bit) => flags & bit == 0,
            Test::TemperAtLeast(n) => mood.temper >= *n,
            Test::TemperAtMost(n) => mood.temper <= *n,
            Test::TrustAtLeast(n) => mood.trust >= *n,
            Test::TrustAtMost(n) => mood.trust <= *n,
            Test::Settled(holds) => *holds,
            Test::All(tests) => tests.iter().all(|t| t.holds(mood, flags)),
            Test::Any(tests) => tests.iter().any(|t| t.holds(mood, flags)),
            Test::Not(test) => !test.holds(mood, flags),
        }
    }
}

/// One strategy a reply uses, with its points after the customer's DISC weights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredStrategy {
    /// Index into the catalogue.
    pub strategy: usize,
    pub base_points: i32,
    pub points: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompiledChoice {
    pub text: String,
    pub feedback: Option<String>,
    pub strategies: Vec<ScoredStrategy>,
    /// Points after DISC weighting.
    pub points: i32,
    /// Points before DISC weighting; the difference is the reply's DISC fit.
    pub base_points: i32,
    pub commits_anti_pattern: bool,
    pub mood: MoodDelta,
    pub sets: u64,
    pub clears: u64,
    pub requires: Option<Test>,
    pub branches: Vec<(Test, NodeId)>,
    pub goto: NodeId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompiledNode {
    Say {
        lines: Vec<String>,
        /// Lines said instead of `lines` when the test holds on arrival; the first that holds.
        lines_when: Vec<(Test, Vec<String>)>,
        choices: Vec<CompiledChoice>,
    },
    End {
        outcome: Outcome,
        points: i32,
        lines: Vec<String>,
        summary: Option<String>,
    },
}

/// Where the conversation stands: the only thing the future depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State {
    pub node: NodeId,
    pub mood: Mood,
    pub flags: u64,
}

/// Which part of the scenario decided where a reply led.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The reply's own `goto`.
    Goto,
    /// The reply's n-th branch.
    Branch(usize),
}

/// What one reply does to a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub next: State,
    pub via: Via,
    /// The scenario threshold that redirected the conversation, if one did.
    pub threshold: Option<usize>,
}

/// A scenario ready to run for one customer personality.
#[derive(Clone, Debug)]
pub struct CompiledScenario {
    pub file: ScenarioFile,
    pub knowledge: Arc<Knowledge>,
    pub profile: DiscProfile,
    pub node_names: Vec<String>,
    pub nodes: Vec<CompiledNode>,
    pub start: NodeId,
    pub thresholds: Vec<(Test, NodeId)>,
    pub flag_names: Vec<String>,
}

impl CompiledScenario {
    pub fn initial_state(&self) -> State {
        State { node: self.start, mood: self.file.mood.clamped(), flags: 0 }
    }

    pub fn turn_limit(&self) -> u32 {
        self.file.turn_limit
    }

    pub fn node(&self, id: NodeId) -> &CompiledNode {
        &self.nodes[id as usize]
    }

    /// Which of a speaking node's `lines_when` entries the customer says in `state`: the first
    /// whose test holds, `None` for the node's own lines (and for an ending).
    pub fn lines_entry(&self, state: State) -> Option<usize> {
        match self.node(state.node) {
            CompiledNode::Say { lines_when, .. } => {
                lines_when.iter().position(|(test, _)| test.holds(state.mood, state.flags))
            }
            CompiledNode::End { .. } => None,
        }
    }

    /// The lines the customer may say in `state`: a `lines_when` entry that holds, else the
    /// node's own.
    pub fn lines(&self, state: State) -> &[String] {
        match self.node(state.node) {
            CompiledNode::Say { lines, lines_when, .. } => match self.lines_entry(state) {
                Some(i) => &lines_when[i].1,
                None => lines,
            },
            CompiledNode::End { lines, .. } => lines,
        }
    }

    /// The node's choices the trainee may pick in `state`, as indices into the node's list.
    pub fn available(&self, state: State) -> impl Iterator<Item = usize> + '_ {
        let choices: &[CompiledChoice] = match self.node(state.node) {
            CompiledNode::Say { choices, .. } => choices,
            CompiledNode::End { .. } => &[],
        };
        choices
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.requires.as_ref().is_none_or(|t| t.holds(state.mood, state.flags)))
            .map(|(i, _)| i)
    }

    pub fn choice(&self, node: NodeId, index: usize) -> &CompiledChoice {
        match self.node(node) {
            CompiledNode::Say { choices, .. } => &choices[index],
            CompiledNode::End { .. } => panic!("an ending has no choices"),
        }
    }

    /// Applies reply `index` of the state's node: mood, flags, then branches, then thresholds.
    pub fn step(&self, state: State, index: usize) -> Step {
        let choice = self.choice(state.node, index);
        let mood = state.mood.apply(choice.mood);
        let flags = (state.flags & !choice.clears) | choice.sets;
        let (via, target) = match choice.branches.iter().position(|(test, _)| test.holds(mood, flags)) {
            Some(i) => (Via::Branch(i), choice.branches[i].1),
            None => (Via::Goto, choice.goto),
        };
        let mut next = State { node: target, mood, flags };
        let mut threshold = None;
        // A threshold only counts when it changes where the conversation goes.
        if matches!(self.node(target), CompiledNode::Say { .. })
            && let Some((i, (_, to))) =
                self.thresholds.iter().enumerate().find(|(_, (test, _))| test.holds(mood, flags))
            && *to != target
        {
            next.node = *to;
            threshold = Some(i);
        }
        Step { next, via, threshold }
    }

    /// The expression the author gave node `node` for the customer's face, if any.
    pub fn expression(&self, node: NodeId) -> Option<crate::engine::face::Expression> {
        self.file.expression(&self.node_names[node as usize])
    }

    pub fn is_end(&self, node: NodeId) -> bool {
        matches!(self.node(node), CompiledNode::End { .. })
    }

    /// The source path of a node, for pointing diagnostics at it.
    pub fn node_path(&self, node: NodeId) -> Vec<Seg> {
        vec!["nodes".into(), self.node_names[node as usize].as_str().into()]
    }

    pub fn choice_path(&self, node: NodeId, index: usize) -> Vec<Seg> {
        let mut path = self.node_path(node);
        path.push("choices".into());
        path.push(index.into());
        path
    }
}
