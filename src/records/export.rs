//! Exporting attempts: the lossless `attempts` form that `import` reads back, and CSV for
//! spreadsheets (RFC 4180, with cells a spreadsheet would run as formulas neutralised).

use crate::records::attempts::Attempt;
use serde::{Deserialize, Serialize};

/// The lossless export: what `hardcall results import` reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptsFile {
    pub format: String,
    pub version: u32,
    pub attempts: Vec<Attempt>,
}

pub const ATTEMPTS_FORMAT: &str = "hardcall-attempts";
pub const ATTEMPTS_VERSION: u32 = 1;

impl AttemptsFile {
    pub fn new(attempts: Vec<Attempt>) -> AttemptsFile {
        AttemptsFile { format: ATTEMPTS_FORMAT.to_owned(), version: ATTEMPTS_VERSION, attempts }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("attempts always serialise")
    }

    /// Reads an export, saying where it is broken if it is.
    pub fn parse(text: &str) -> Result<AttemptsFile, String> {
        let file: AttemptsFile =
            serde_json::from_str(text).map_err(|err| format!("line {}, column {}: {err}", err.line(), err.column()))?;
        if file.format != ATTEMPTS_FORMAT {
            return Err(format!("this is a `{}` file, not `{ATTEMPTS_FORMAT}`", file.format));
        }
        if file.version > ATTEMPTS_VERSION {
            return Err(format!("version {} is newer than this Hard Call reads ({ATTEMPTS_VERSION})", file.version));
        }
        Ok(file)
    }
}

/// A text cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return at
/// the start) gets a leading apostrophe, so it is shown as text and never run.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

pub const CSV_HEADER: [&str; 15] = [
    "attempt",
    "trainee",
    "team",
    "competition",
    "scenario",
    "scenario_hash",
    "disc",
    "seed",
    "choices",
    "outcome",
    "total",
    "percent",
    "grade",
    "response_ms",
    "ended_at_ms",
];

/// Attempts as CSV with a header row.
pub fn to_csv(attempts: &[Attempt]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(CSV_HEADER).expect("writing to memory cannot fail");
    for a in attempts {
        let choices = a.choices.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ");
        let outcome = a.outcome.map(|o| o.label().to_owned()).unwrap_or_default();
        let row = [
            a.id.clone(),
            neutralise(&a.trainee),
            neutralise(a.team.as_deref().unwrap_or("")),
            neutralise(a.competition.as_deref().unwrap_or("")),
            neutralise(&a.scenario),
            a.scenario_hash.clone(),
            a.disc.clone(),
            a.seed.to_string(),
            choices,
            outcome,
            a.score.total.to_string(),
            a.score.percent.to_string(),
            a.score.grade.clone(),
            a.total_response_ms().to_string(),
            a.ended_at_ms.to_string(),
        ];
        writer.write_record(&row).expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail")).expect("CSV of UTF-8 text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Ana"), "Ana");
        assert_eq!(neutralise(""), "");
    }
}
