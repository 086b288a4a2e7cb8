//! Authoring: scenario and knowledge files read from RON, located in their text, checked,
//! compiled and proven; and the trainer's tools over them (coverage, graph, the starter
//! template, generated scenarios for benchmarks) and the studio's edit model.

pub mod audit;
pub mod check;
pub mod coverage;
pub mod edit;
pub mod expect;
pub mod files;
pub mod form_reader;
pub mod generate;
pub mod graph;
pub mod journeys;
pub mod knowledge;
pub mod layout;
pub mod load;
pub mod render;
pub mod ron;
pub mod search;
pub mod spans;
pub mod template;
pub mod variant;

pub use load::{LoadedScenario, load_scenario_file, load_scenario_source};
