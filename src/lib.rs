//! Hard Call: a role-play training simulator for conversations with difficult customers.
//!
//! Layers, each importing only from those listed before it:
//! `engine` (the pure model and rules) ← `authoring` (reading, checking and writing
//! scenario files) ← `records` (attempts, competitions, history, exports, settings) ←
//! `server` (live competitions over HTTP) ← `cli` (the command line and the terminal front
//! end); `app` (the Bevy game, behind the `gui` feature) sits on `records` beside them.
//! `tests/layers.rs` keeps this true.
pub mod authoring;
pub mod cli;
pub mod engine;
pub mod records;
pub mod server;

#[cfg(feature = "gui")]
pub mod app;
