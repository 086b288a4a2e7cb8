//! What the next conversation will be: the scenario, personality and seed the picker,
//! briefing, competitions, debrief and progress screen choose (and, for a mistake reviewed,
//! where it resumes), and where new seeds come from.

use crate::engine::session::splitmix64;
use bevy::prelude::*;

/// Which scenario, which personality and which seed the next conversation uses.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub file_name: String,
    /// Index into the scenario's personalities (0 is the main one).
    pub variant: usize,
    pub seed: u64,
    /// Set when the conversation resumes an earlier one at a mistake, to choose again.
    pub review: Option<ReviewStart>,
}

/// A mistake to go back to: the conversation is replayed up to `turn` (0-based) with the
/// earlier attempt's seed, personality and replies, so the customer's mood and what has been
/// agreed are as they were, and the trainee chooses again from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStart {
    /// The attempt whose mistake is reviewed.
    pub of: String,
    pub turn: usize,
    /// Its replies before that turn, by file position.
    pub before: Vec<usize>,
    /// The scenario version it was played on: a review resumes only that one.
    pub hash: String,
}

/// Where new seeds come from: the clock in the game, a fixed start in tests.
#[derive(Resource, Debug, Clone)]
pub struct SeedSource(pub u64);

impl SeedSource {
    /// The next seed (splitmix64), so consecutive conversations differ but replay exactly.
    pub fn next_seed(&mut self) -> u64 {
        splitmix64(&mut self.0) % 1_000_000
    }
}
