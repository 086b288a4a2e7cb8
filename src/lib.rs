//! Hard Call: the engine-free core (`sim`) and, behind the `gui` feature, the Bevy game (`app`).
pub mod sim;

#[cfg(feature = "gui")]
pub mod app;
