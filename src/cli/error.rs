//! The one error every command returns: the exit code to stop with and what to tell the
//! user. Commands return `Result<ExitCode, CliError>` and [`crate::cli::run`] prints it, so
//! no command prints its own last words or picks an exit code by hand on the way out.

use crate::authoring::load::LoadFailure;
use crate::records::store::StoreError;
use std::fmt::Display;
use std::process::ExitCode;

/// A command that could not do what it was asked.
#[derive(Debug)]
pub struct CliError {
    /// 1 when the work failed; 2 for most requests that cannot be carried out as asked (an
    /// unknown DISC style, a path that does not exist, a flag this build cannot honour).
    pub code: u8,
    /// What went wrong, in one line, printed as `error: <message>`; empty when `rendered`
    /// already says it.
    pub message: String,
    /// Diagnostics already rendered with their file:line:col and source excerpt, printed as
    /// they are (they carry their own `error[code]` headings).
    pub rendered: String,
}

impl CliError {
    pub fn new(code: u8, message: impl Display) -> CliError {
        CliError { code, message: message.to_string(), rendered: String::new() }
    }

    /// Located diagnostics, such as every problem in a file that did not load.
    pub fn rendered(code: u8, rendered: impl Into<String>) -> CliError {
        CliError { code, message: String::new(), rendered: rendered.into() }
    }

    /// Prints the error on standard error; the exit code to stop with.
    pub fn report(&self) -> ExitCode {
        eprint!("{}", self.rendered);
        if !self.message.is_empty() {
            eprintln!("error: {}", self.message);
        }
        ExitCode::from(self.code)
    }
}

/// A scenario or competition file that did not load: its diagnostics, exit code 1.
impl From<LoadFailure> for CliError {
    fn from(failure: LoadFailure) -> CliError {
        CliError::rendered(1, failure.render())
    }
}

/// The attempt history could not be read or written: exit code 1.
impl From<StoreError> for CliError {
    fn from(err: StoreError) -> CliError {
        CliError::new(1, err)
    }
}
