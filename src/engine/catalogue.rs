//! The strategy catalogue (`assets/strategies.ron`) and the knowledge a scenario is judged by.

use crate::engine::disc::{DiscProfile, DiscTable, Weight};
use crate::engine::ident::Ident;
use crate::engine::mood::MoodDelta;
use serde::{Deserialize, Serialize};

/// Whether a catalogue entry is something to do or something to avoid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StrategyKind {
    Strategy,
    AntiPattern,
}

/// Where a strategy is taught: a seed document and the tip or section inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub doc: String,
    pub tip: String,
}

/// One strategy or anti-pattern, with the teaching the debrief shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub id: Ident,
    pub name: String,
    pub kind: StrategyKind,
    pub teaching: String,
    pub sources: Vec<Source>,
    pub points: i32,
    pub mood: MoodDelta,
}

/// The whole of `assets/strategies.ron`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub strategies: Vec<Strategy>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Strategy> {
        self.strategies.iter().find(|s| s.id.as_str() == id)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.id.as_str() == id)
    }

    pub fn ids(&self, kind: StrategyKind) -> impl Iterator<Item = &str> {
        self.strategies.iter().filter(move |s| s.kind == kind).map(|s| s.id.as_str())
    }
}

/// Everything a scenario is judged by: the catalogue and the DISC weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Knowledge {
    pub catalogue: Catalogue,
    pub disc: DiscTable,
}

impl Knowledge {
    /// The weight a customer with `profile` gives the strategy `id`.
    pub fn weight(&self, profile: DiscProfile, id: &str) -> Weight {
        self.disc.weight(profile, id)
    }
}
