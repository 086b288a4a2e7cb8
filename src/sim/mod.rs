//! The engine-free core: scenarios, DISC customers, strategy scoring, sessions and proofs.
//!
//! Nothing in here knows about Bevy; the game and the command line are thin adapters.

pub mod analysis;
pub mod attempts;
pub mod catalogue;
pub mod competition;
pub mod compile;
pub mod coverage;
pub mod diagnostic;
pub mod disc;
pub mod export;
pub mod generate;
pub mod graph;
pub mod ident;
pub mod load;
pub mod lrs;
pub mod mood;
pub mod prefs;
pub mod report;
pub mod scenario;
pub mod session;
pub mod spans;
pub mod store;
pub mod template;
pub mod terminal;
pub mod xapi;

pub use analysis::Analysis;
pub use catalogue::{Catalogue, Knowledge, Strategy, StrategyKind};
pub use compile::CompiledScenario;
pub use diagnostic::{Diagnostic, Severity};
pub use disc::{DiscProfile, DiscStyle};
pub use load::{LoadedScenario, load_scenario_file, load_scenario_source};
pub use mood::Mood;
pub use session::{Event, Session};
