//! The strategy catalogue (`assets/strategies.ron`) and the knowledge a scenario is judged by.

use crate::engine::disc::{DiscProfile, DiscTable, Weight};
use crate::engine::ident::Ident;
use crate::engine::mood::MoodDelta;
use crate::engine::scenario::Channel;
use serde::{Deserialize, Serialize};

/// The strategy no author writes: the checker adds it to every reply that commits no
/// anti-pattern and that the personality being played weighs above the catalogue (a positive
/// DISC fit), so "tailored to this customer" is worked out, never claimed.
pub const TAILOR_TO_STYLE: &str = "tailor_to_style";
/// Handing the customer over: only right where the node says the agent cannot resolve it.
pub const ESCALATE: &str = "escalate";
/// What escalating is where the agent could have resolved it themselves.
pub const NEEDLESS_ESCALATION: &str = "needless_escalation";

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
    /// The channels a conversation must happen in for this to be possible at all (body
    /// language needs the customer in front of you); empty means any channel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// An anti-pattern that common sense commits: a new hire who has not read the documents
    /// would think it the right thing to do (promise it will arrive tomorrow, apologise again
    /// and again, hand the customer to a manager). The audit's difficulty figure counts the
    /// decisions that offer one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tempting: bool,
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
