//! Records: finished attempts and their verification by replay, competition rules, the
//! SQLite history, exports (attempts, CSV, xAPI), the push to a learning record store, what
//! a live competition server and its clients say to each other, progress per strategy
//! (mastery, review dates, the practice plan, the cohort), the user's settings file and the
//! clock they are all stamped with.

pub mod attempts;
pub mod competition;
pub mod export;
pub mod live;
pub mod lrs;
pub mod progress;
pub mod settings;
pub mod store;
pub mod time;
pub mod xapi;
