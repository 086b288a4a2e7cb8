//! The screens, one module each, in the order a trainee meets them. Each owns its plugin,
//! its resources and the widgets only it draws. What belongs to one visit (a conversation,
//! a debrief, a leaderboard) is removed when the trainee leaves; what the trainee would
//! expect to find again (the picker's filters, the name being typed while the settings are
//! open) stays.

pub mod briefing;
pub mod competitions;
pub mod conversation;
pub mod debrief;
pub mod live;
pub mod picker;
pub mod progress;
pub mod settings;
pub mod title;
