//! The engine: the scenario model, DISC customers and their looks, the catalogue, mood, the
//! face a mood makes, the compiled model and its runtime rules, sessions, the prover and the
//! score card. Pure: no I/O, no Bevy, no
//! text formats; the layers above read files and show results.

pub mod audit;
pub mod card;
pub mod catalogue;
pub mod diagnostic;
pub mod disc;
pub mod face;
pub mod form;
pub mod ident;
pub mod look;
pub mod model;
pub mod mood;
pub mod prover;
pub mod rating;
pub mod scenario;
pub mod session;

pub use catalogue::{Catalogue, Knowledge, Strategy, StrategyKind};
pub use diagnostic::{Diagnostic, Severity};
pub use disc::{DiscProfile, DiscStyle};
pub use model::CompiledScenario;
pub use mood::Mood;
pub use prover::Analysis;
pub use session::{Event, Session};
