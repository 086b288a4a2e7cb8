//! Problems found in a scenario or catalogue and where they are: plain data, pointing at
//! byte ranges. The authoring layer locates them in the RON text and renders them.

use serde::Serialize;
use std::ops::Range;

/// One step of a path into a scenario file: a struct field or map key by name, or a
/// list/tuple element by index (`nodes."open".choices[1].goto`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Name(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(name: &str) -> Seg {
        Seg::Name(name.to_owned())
    }
}

impl From<String> for Seg {
    fn from(name: String) -> Seg {
        Seg::Name(name)
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Seg {
        Seg::Index(index)
    }
}

/// Where a path was written in the source. The engine only names places; whoever read the
/// text (the authoring layer's span index) answers with byte ranges, so the prover can point
/// at a reply without knowing anything about RON.
pub trait Locate {
    /// The range of the value at `path`.
    fn value(&self, path: &[Seg]) -> Option<Range<usize>>;
    /// The range of the key naming the value at `path`.
    fn key(&self, path: &[Seg]) -> Option<Range<usize>>;
    /// The range of the value's head: its name and opening bracket (`Say(`).
    fn head(&self, path: &[Seg]) -> Option<Range<usize>>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A text range in a file with the message shown under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub range: Range<usize>,
    pub message: String,
}

/// One problem found in a file. `primary` is `None` only when nothing in the file can be
/// pointed at (an unreadable file, for instance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem, such as `unknown-node`.
    pub code: String,
    pub message: String,
    pub file: String,
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_owned(),
            message: message.into(),
            file: String::new(),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.file = file.to_owned();
        self
    }

    /// Points at `range`; a missing range leaves the diagnostic unlocated rather than wrong.
    pub fn at(mut self, range: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        if let Some(range) = range {
            self.primary = Some(Label { range, message: message.into() });
        }
        self
    }

    pub fn also(mut self, range: Option<Range<usize>>, message: impl Into<String>) -> Diagnostic {
        if let Some(range) = range {
            self.secondary.push(Label { range, message: message.into() });
        }
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds "did you mean `x`?" when a known name is close to the unknown one.
    pub fn suggest(self, unknown: &str, known: &[&str]) -> Diagnostic {
        match nearest(unknown, known) {
            Some(best) => self.note(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The known name closest to `unknown`, if it is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|(distance, k)| *distance <= (unknown.chars().count().max(k.chars().count()) / 3).max(1))
        .min_by_key(|(distance, k)| (*distance, *k))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_typos_only() {
        let known = ["empathy", "honesty", "escalate"];
        assert_eq!(nearest("empahty", &known), Some("empathy"));
        assert_eq!(nearest("refund", &known), None);
    }
}
