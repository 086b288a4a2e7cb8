//! What the next conversation will be: the scenario, personality and seed the picker,
//! briefing, competitions and debrief choose, and where new seeds come from.

use crate::engine::session::splitmix64;
use bevy::prelude::*;

/// Which scenario, which personality and which seed the next conversation uses.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub file_name: String,
    /// Index into the scenario's personalities (0 is the main one).
    pub variant: usize,
    pub seed: u64,
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
