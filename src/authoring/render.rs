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
        // A line of half a megabyte would be printed whole: keep only the part around the
        // labels, and put the true column back in the header afterwards.
        let ranges: Vec<Range<usize>> =
            self.primary.iter().chain(&self.secondary).map(|l| clamp_range(&printable, l.range.clone())).collect();
        let excerpt = Excerpt::of(&printable, &ranges);
        let source = excerpt.text.as_str();
        let file = SimpleFile::new(self.file.as_str(), source);
        let clamp = |range: &Range<usize>| {
            let range = clamp_range(&printable, range.clone());
            clamp_range(source, excerpt.map(range.start)..excerpt.map(range.end))
        };
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
        let text = term::emit_into_string(&Config::default(), &file, &diagnostic)
            .unwrap_or_else(|_| format!("{}: {}: {}\n", self.file, self.severity_word(), self.message));
        match (&self.primary, excerpt.is_cut()) {
            (Some(primary), true) => {
                let start = clamp_range(&printable, primary.range.clone()).start;
                let (line, shown) = line_col(source, excerpt.map(start));
                let (_, real) = line_col(&printable, start);
                text.replacen(&format!("{}:{line}:{shown}", self.file), &format!("{}:{line}:{real}", self.file), 1)
            }
            _ => text,
        }
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

/// Lines longer than this many bytes are cut to the part around the labels.
const LONG_LINE: usize = 400;
/// Bytes kept on each side of the labels on a cut line.
const CONTEXT: usize = 120;

/// The source with its long labelled lines cut down, and how offsets move.
struct Excerpt {
    text: String,
    /// (offset in the original where a cut begins, bytes removed up to and including it).
    cuts: Vec<(usize, usize, usize)>,
}

impl Excerpt {
    fn of(source: &str, ranges: &[Range<usize>]) -> Excerpt {
        let mut text = String::with_capacity(source.len().min(1 << 16));
        let mut cuts = Vec::new();
        let mut removed = 0;
        let mut start = 0;
        for line in source.split_inclusive('\n') {
            let end = start + line.len();
            let labelled: Vec<&Range<usize>> =
                ranges.iter().filter(|r| r.start < end && r.end >= start && r.start >= start).collect();
            if line.len() <= LONG_LINE || labelled.is_empty() {
                // Unlabelled long lines are not printed by codespan, so they stay as they are.
                text.push_str(line);
                start = end;
                continue;
            }
            let lo = labelled.iter().map(|r| r.start).min().unwrap_or(start);
            let hi = labelled.iter().map(|r| r.end).max().unwrap_or(lo).min(end);
            let keep_from = floor_char_boundary(source, lo.saturating_sub(CONTEXT).max(start));
            let keep_to = floor_char_boundary(source, (hi + CONTEXT).min(end));
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            let keep_to = keep_to.min(end - newline.len()).max(keep_from);
            // A cut is only worth an ellipsis when it removes more than the ellipsis adds.
            let keep_from = if keep_from > start + 8 { keep_from } else { start };
            if keep_from > start {
                text.push('…');
                removed += keep_from - start;
                removed -= '…'.len_utf8();
                cuts.push((start, keep_from, removed));
            }
            let keep_to = if keep_to + 8 < end - newline.len() { keep_to } else { end - newline.len() };
            text.push_str(&source[keep_from..keep_to]);
            if keep_to < end - newline.len() {
                text.push('…');
                let dropped = end - newline.len() - keep_to;
                removed += dropped;
                removed -= '…'.len_utf8();
                cuts.push((keep_to, end - newline.len(), removed));
            }
            text.push_str(newline);
            start = end;
        }
        Excerpt { text, cuts }
    }

    fn is_cut(&self) -> bool {
        !self.cuts.is_empty()
    }

    /// Where an offset of the original lands in the excerpt; an offset inside a cut lands
    /// at its edge.
    fn map(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(from, to, removed) in &self.cuts {
            if offset >= to {
                shift = removed;
            } else if offset >= from {
                return to - removed;
            } else {
                break;
            }
        }
        offset - shift
    }
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

    #[test]
    fn a_huge_line_is_cut_around_the_error_and_keeps_its_true_column() {
        let mut src = String::from("(\n  text: \"");
        src.push_str(&"x".repeat(500_000));
        src.push_str("\", goto: \"nowhere\",\n)");
        let start = src.find("\"nowhere\"").unwrap();
        let diagnostic = Diagnostic::error("unknown-node", "no node `nowhere`")
            .in_file("x.ron")
            .at(Some(start..start + 9), "not a node");
        let text = diagnostic.render(&src);
        let (line, col) = line_col(&src, start);
        assert!(text.contains(&format!("x.ron:{line}:{col}")), "{}", &text[..text.len().min(2000)]);
        assert!(text.len() < 2_000, "printed {} bytes", text.len());
        assert!(text.contains('…') && text.contains("^^^^^^^^^"), "{text}");
    }
}
