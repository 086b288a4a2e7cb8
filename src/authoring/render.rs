//! Diagnostics as the command line and the picker print them: `file:line:col`, the source
//! line with the offending text underlined (codespan), and notes.

use crate::engine::diagnostic::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use std::ops::Range;

impl Diagnostic {
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
