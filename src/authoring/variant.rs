//! One personality of a scenario, compiled and proven: what the expectations, the audit and
//! every front end read. Kept on its own so the loader and the expectation checks can both
//! name it without importing each other.

use crate::engine::model::CompiledScenario;
use crate::engine::prover::Analysis;
use std::sync::Arc;

/// The scenario compiled and analysed for one customer personality.
#[derive(Clone, Debug)]
pub struct Variant {
    pub scenario: Arc<CompiledScenario>,
    pub analysis: Arc<Analysis>,
}
