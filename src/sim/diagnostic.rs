//! Located diagnostics (file:line:col with the offending text underlined), rendered by codespan.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::ops::Range;

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

    /// 1-based line and column of the primary label in `source`.
    pub fn line_col(&self, source: &str) -> Option<(usize, usize)> {
        self.primary.as_ref().map(|label| line_col(source, label.range.start))
    }

    /// The diagnostic as the command line prints it: header, `--> file:line:col`, the
    /// source line with the offending text underlined, and notes.
    pub fn render(&self, source: &str) -> String {
        // Control characters would be echoed raw and have no width to underline; show each as
        // `?`, which is one byte too, so every offset still points at the same place.
        let printable: String = source
            .chars()
            .map(|c| if c.is_ascii_control() && !matches!(c, '\n' | '\t' | '\r') { '?' } else { c })
            .collect();
        let source = printable.as_str();
        let file = SimpleFile::new(self.file.as_str(), source);
        let clamp = |range: &Range<usize>| clamp_range(source, range.clone());
        let mut labels = Vec::new();
        if let Some(primary) = &self.primary {
            labels.push(CsLabel::primary((), clamp(&primary.range)).with_message(primary.message.clone()));
        }
        for secondary in &self.secondary {
            labels.push(CsLabel::secondary((), clamp(&secondary.range)).with_message(secondary.message.clone()));
        }
        let base = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let mut notes = self.notes.clone();
        if self.primary.is_none() && !self.file.is_empty() {
            notes.insert(0, format!("in {}", self.file));
        }
        let diagnostic =
            base.with_code(self.code.clone()).with_message(self.message.clone()).with_labels(labels).with_notes(notes);
        term::emit_into_string(&Config::default(), &file, &diagnostic)
            .unwrap_or_else(|_| format!("{}: {}: {}\n", self.file, self.severity_word(), self.message))
    }

    /// `file:line:col: error: message`, the one-line form editors jump to.
    pub fn short(&self, source: &str) -> String {
        match self.line_col(source) {
            Some((line, col)) => format!("{}:{line}:{col}: {}: {}", self.file, self.severity_word(), self.message),
            None => format!("{}: {}: {}", self.file, self.severity_word(), self.message),
        }
    }

    fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Renders every diagnostic of one file, in source order.
pub fn render_all(source: &str, diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.render(source)).collect()
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column, clamped into the source.
pub fn offset_of(source: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[offset..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let within = rest[..line_end].char_indices().nth(col.saturating_sub(1)).map_or(line_end, |(i, _)| i);
    offset + within
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn clamp_range(source: &str, range: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, range.start.min(source.len()));
    let end = floor_char_boundary(source, range.end.min(source.len())).max(start);
    start..end
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
    fn line_col_and_offset_agree() {
        let src = "ab\ncdé\nf";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 8), (3, 1));
        assert_eq!(offset_of(src, 2, 3), 5);
        assert_eq!(offset_of(src, 3, 1), 8);
        assert_eq!(offset_of(src, 9, 1), src.len());
    }

    #[test]
    fn nearest_suggests_typos_only() {
        let known = ["empathy", "honesty", "escalate"];
        assert_eq!(nearest("empahty", &known), Some("empathy"));
        assert_eq!(nearest("refund", &known), None);
    }

    #[test]
    fn render_underlines_the_range() {
        let src = "(\n  goto: \"nowhere\",\n)";
        let start = src.find("\"nowhere\"").unwrap();
        let diagnostic = Diagnostic::error("unknown-node", "no node `nowhere`")
            .in_file("x.ron")
            .at(Some(start..start + 9), "not a node");
        let text = diagnostic.render(src);
        assert!(text.contains("x.ron:2:9"), "{text}");
        assert!(text.contains("^^^^^^^^^"), "{text}");
        assert_eq!(diagnostic.short(src), "x.ron:2:9: error: no node `nowhere`");
    }
}
