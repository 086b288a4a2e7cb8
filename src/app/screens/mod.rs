//! The screens, one module each, in the order a trainee meets them. Each owns its plugin,
//! its resources and the widgets only it draws.

pub mod briefing;
pub mod competitions;
pub mod conversation;
pub mod debrief;
pub mod picker;
pub mod settings;
pub mod title;
