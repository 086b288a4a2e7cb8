//! A conversation in progress: pure and deterministic. The same scenario, seed and replies
//! give the same lines, moods and points on every machine.

use crate::engine::model::{CompiledNode, CompiledScenario, NodeId, State};
use crate::engine::mood::Mood;
use crate::engine::scenario::Outcome;
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;
use std::sync::Arc;

/// What happened, in order, with everything a front end shows, so the game and the terminal
/// never look the scenario up again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The customer speaks: `line` indexes the node's line variants, `text` is that line.
    CustomerSays { node: NodeId, line: usize, text: String },
    /// The trainee's reply landed: which reply (its index in the node and its 1-based
    /// position among those offered), what it said, its points and the mood it left.
    Replied {
        turn: usize,
        choice: usize,
        position: usize,
        shown: usize,
        text: String,
        points: i32,
        mood_before: Mood,
        mood_after: Mood,
    },
    /// A scenario threshold redirected the conversation (the customer hung up, demanded a
    /// manager): `index` in the scenario's thresholds, `node` where it sent the conversation.
    ThresholdCrossed { index: usize, node: NodeId },
    /// The conversation ended; `line` indexes the ending's closing lines if it has any, and
    /// `text` is that closing line.
    Ended { node: NodeId, outcome: Outcome, points: i32, line: Option<usize>, text: Option<String> },
}

/// Why a reply could not be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceError {
    Finished,
    /// `position` is 1-based; `offered` is how many replies were on offer.
    NoSuchChoice {
        position: usize,
        offered: usize,
    },
}

impl std::fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChoiceError::Finished => f.write_str("the conversation is already over"),
            ChoiceError::NoSuchChoice { position, offered } => {
                write!(f, "there is no reply {position}: {offered} are on offer (1 to {offered})")
            }
        }
    }
}

impl std::error::Error for ChoiceError {}

/// One completed turn of the transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The situation when the customer spoke and the trainee chose.
    pub before: State,
    /// Which line variant the customer said.
    pub line: usize,
    /// The reply's index in the node.
    pub choice: usize,
    /// The reply's 1-based position among those offered, in file order: what `--choices`,
    /// `analyze` and stored attempts name, the same on every seed.
    pub position: usize,
    /// Where the trainee saw it: its 1-based place in the shuffled list on screen.
    pub shown: usize,
    pub points: i32,
    pub mood_after: Mood,
    pub threshold: Option<usize>,
}

/// How the conversation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending {
    pub node: NodeId,
    pub outcome: Outcome,
    pub points: i32,
    pub line: Option<usize>,
}

/// A conversation in progress. Cheap to clone, so front ends can explore "what if".
#[derive(Debug)]
pub struct Session {
    scenario: Arc<CompiledScenario>,
    seed: u64,
    /// What the shown order is drawn from: the seed, unless a live server gave each
    /// conversation its own so no list of numbers to press can be shared.
    order_seed: u64,
    rng: ChaCha8Rng,
    state: State,
    current_line: usize,
    /// The file positions on offer this turn in the order shown, drawn once when the customer
    /// speaks, so a front end drawing every frame never shuffles again.
    shown: Vec<usize>,
    turns: Vec<Turn>,
    ending: Option<Ending>,
    points: i64,
}

impl Clone for Session {
    fn clone(&self) -> Session {
        // The generator is not `Clone`; the same seed at the same word position is the same stream.
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_word_pos(self.rng.get_word_pos());
        Session {
            scenario: self.scenario.clone(),
            seed: self.seed,
            order_seed: self.order_seed,
            rng,
            state: self.state,
            current_line: self.current_line,
            shown: self.shown.clone(),
            turns: self.turns.clone(),
            ending: self.ending,
            points: self.points,
        }
    }
}

/// The order replies are shown in at `turn` (0-based) when `offered` are on offer: the
/// 1-based file positions, shuffled. Drawn from the seed and the turn alone (splitmix64 into
/// a Fisher-Yates shuffle, written here so it never changes with a library), so the same
/// seed shows the same order on every machine and the customer's lines, drawn from the
/// session's own generator, are untouched by it. Without it the best reply would be found by
/// where it stands in the list, not by what it says.
pub fn shown_order(seed: u64, turn: usize, offered: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (1..=offered).collect();
    let mut state = seed ^ (turn as u64 + 1).wrapping_mul(0xd6e8_feb8_6659_fd93);
    for i in (1..order.len()).rev() {
        // Multiply-shift keeps the pick uniform enough for lists of a handful of replies.
        let j = ((splitmix64(&mut state) >> 32) * (i as u64 + 1)) >> 32;
        order.swap(i, j as usize);
    }
    order
}

/// The next number of a splitmix64 stream: a small, fixed generator for everything derived
/// from a seed outside the session's own (shown order, the audit's random player, new seeds).
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform pick in `0..n` from one 32-bit draw (multiply-shift), fixed here rather than
/// borrowed from a library so recorded seeds replay identically across releases.
fn pick(rng: &mut ChaCha8Rng, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    ((u64::from(rng.next_u32()) * n as u64) >> 32) as usize
}

impl Session {
    /// Starts a conversation; the returned events are the customer's opening.
    pub fn start(scenario: Arc<CompiledScenario>, seed: u64) -> (Session, Vec<Event>) {
        Session::start_ordered(scenario, seed, seed)
    }

    /// Starts a conversation whose customer lines come from `seed` and whose shown order
    /// comes from `order_seed`: the same lines for everyone, a different order each.
    pub fn start_ordered(scenario: Arc<CompiledScenario>, seed: u64, order_seed: u64) -> (Session, Vec<Event>) {
        let state = scenario.initial_state();
        let mut session = Session {
            scenario,
            seed,
            order_seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            state,
            current_line: 0,
            shown: Vec::new(),
            turns: Vec::new(),
            ending: None,
            points: 0,
        };
        let mut events = Vec::with_capacity(1);
        session.enter(state.node, &mut events);
        (session, events)
    }

    fn enter(&mut self, node: NodeId, events: &mut Vec<Event>) {
        match self.scenario.node(node) {
            CompiledNode::Say { .. } => {
                // The state is already the one arrived in: a line that depends on it is chosen.
                let lines = self.scenario.lines(self.state);
                self.current_line = pick(&mut self.rng, lines.len());
                self.shown =
                    shown_order(self.order_seed, self.turns.len(), self.scenario.available(self.state).count());
                let text = lines.get(self.current_line).cloned().unwrap_or_default();
                events.push(Event::CustomerSays { node, line: self.current_line, text });
            }
            CompiledNode::End { outcome, points, lines, .. } => {
                let line = (!lines.is_empty()).then(|| pick(&mut self.rng, lines.len()));
                self.points += i64::from(*points);
                let ending = Ending { node, outcome: *outcome, points: *points, line };
                self.ending = Some(ending);
                let text = line.and_then(|i| lines.get(i).cloned());
                events.push(Event::Ended { node, outcome: *outcome, points: *points, line, text });
            }
        }
    }

    pub fn scenario(&self) -> &Arc<CompiledScenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The seed the shown order is drawn from (the seed itself unless started ordered).
    pub fn order_seed(&self) -> u64 {
        self.order_seed
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn mood(&self) -> Mood {
        self.state.mood
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }

    pub fn is_over(&self) -> bool {
        self.ending.is_some()
    }

    /// Points so far, including the ending's once it is reached.
    pub fn points(&self) -> i64 {
        self.points
    }

    /// The customer's current line (or closing line), if there is one.
    /// Which of the node's line variants the customer said this turn.
    pub fn line_index(&self) -> usize {
        self.current_line
    }

    pub fn current_line(&self) -> Option<&str> {
        match (self.scenario.node(self.state.node), self.ending) {
            (CompiledNode::Say { .. }, None) => {
                self.scenario.lines(self.state).get(self.current_line).map(String::as_str)
            }
            (CompiledNode::End { lines, .. }, Some(Ending { line: Some(line), .. })) => {
                lines.get(line).map(String::as_str)
            }
            _ => None,
        }
    }

    /// The replies on offer now, as indices into the node's choices, in file order.
    pub fn offered(&self) -> Vec<usize> {
        if self.is_over() {
            return Vec::new();
        }
        self.scenario.available(self.state).collect()
    }

    /// The file positions of the replies on offer now, in the shuffled order a front end shows
    /// them: `shown()[k - 1]` is the position of reply `k` on screen.
    pub fn shown(&self) -> &[usize] {
        if self.is_over() { &[] } else { &self.shown }
    }

    /// The texts of the replies on offer now, in the order shown: what a front end lists,
    /// reply 1 first.
    pub fn offer(&self) -> Vec<&str> {
        let node = self.state.node;
        let offered = self.offered();
        self.shown().iter().map(|&position| self.scenario.choice(node, offered[position - 1]).text.as_str()).collect()
    }

    /// Where the reply at file `position` stands on screen now (1-based), if it is offered.
    pub fn shown_of(&self, position: usize) -> Option<usize> {
        self.shown().iter().position(|&p| p == position).map(|i| i + 1)
    }

    /// Takes reply `shown` as numbered on screen (1-based, in the shuffled order).
    pub fn choose_shown(&mut self, shown: usize) -> Result<Vec<Event>, ChoiceError> {
        if self.is_over() {
            return Err(ChoiceError::Finished);
        }
        let order = self.shown();
        let position = *order
            .get(shown.wrapping_sub(1))
            .ok_or(ChoiceError::NoSuchChoice { position: shown, offered: order.len() })?;
        self.choose(position)
    }

    /// Takes the reply at 1-based `position` among those offered.
    pub fn choose(&mut self, position: usize) -> Result<Vec<Event>, ChoiceError> {
        if self.is_over() {
            return Err(ChoiceError::Finished);
        }
        let choice = self.scenario.available(self.state).nth(position.wrapping_sub(1)).ok_or_else(|| {
            ChoiceError::NoSuchChoice { position, offered: self.scenario.available(self.state).count() }
        })?;
        let before = self.state;
        let shown = self.shown_of(position).expect("an offered reply is shown");
        let step = self.scenario.step(before, choice);
        let reply = self.scenario.choice(before.node, choice);
        let (points, text) = (reply.points, reply.text.clone());
        self.points += i64::from(points);
        self.state = step.next;
        self.turns.push(Turn {
            before,
            line: self.current_line,
            choice,
            position,
            shown,
            points,
            mood_after: step.next.mood,
            threshold: step.threshold,
        });
        let mut events = Vec::with_capacity(3);
        events.push(Event::Replied {
            turn: self.turns.len(),
            choice,
            position,
            shown,
            text,
            points,
            mood_before: before.mood,
            mood_after: step.next.mood,
        });
        if let Some(index) = step.threshold {
            events.push(Event::ThresholdCrossed { index, node: step.next.node });
        }
        self.enter(step.next.node, &mut events);
        Ok(events)
    }

    /// Plays 1-based positions in order; stops at the first that cannot be taken.
    pub fn play(&mut self, positions: &[usize]) -> Result<(), (usize, ChoiceError)> {
        for (i, &position) in positions.iter().enumerate() {
            self.choose(position).map_err(|err| (i, err))?;
        }
        Ok(())
    }

    /// The 1-based positions taken so far: with the seed, all a replay needs.
    pub fn positions(&self) -> Vec<usize> {
        self.turns.iter().map(|t| t.position).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_order_is_a_permutation_fixed_by_seed_and_turn() {
        for offered in 0..7 {
            let mut order = shown_order(42, 3, offered);
            assert_eq!(order, shown_order(42, 3, offered), "the same seed and turn, the same order");
            order.sort_unstable();
            assert_eq!(order, (1..=offered).collect::<Vec<_>>());
        }
        // Pinned: a recorded seed must show the same order in every release on every machine.
        assert_eq!(shown_order(7, 0, 4), [1, 3, 4, 2]);
        assert_ne!(shown_order(7, 0, 5), shown_order(7, 1, 5), "each turn is shuffled afresh");
    }

    #[test]
    fn every_reply_is_first_about_as_often() {
        // Over many seeds no file position keeps the top of the list: position gives nothing away.
        let seeds = 20_000;
        let mut first = [0u32; 4];
        for seed in 0..seeds {
            first[shown_order(seed, 2, 4)[0] - 1] += 1;
        }
        for count in first {
            let share = count * 100 / seeds as u32;
            assert!((22..=28).contains(&share), "{first:?}");
        }
    }
}
