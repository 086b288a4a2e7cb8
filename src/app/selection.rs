//! What the next conversation will be: the scenario, personality and seed the picker,
//! briefing, competitions and debrief choose, and where new seeds come from.

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
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % 1_000_000
    }
}
