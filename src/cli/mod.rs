//! The command line: the terminal front end and the text it prints.

pub mod debrief;
pub mod terminal;
