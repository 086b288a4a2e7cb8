//! Where things are in a RON file: a lenient second reading of the text that maps a path
//! such as `nodes."open".choices[1].goto` to the byte range of its value.
//!
//! serde hands us values without positions; ron already proved the syntax, so this reader
//! only needs to find brackets, keys and atoms to point diagnostics at the right text.

use crate::engine::diagnostic::{Locate, Seg};
use std::ops::Range;

#[derive(Clone, Debug)]
struct Entry {
    key: Option<(String, Range<usize>)>,
    value: Value,
}

#[derive(Clone, Debug)]
struct Value {
    range: Range<usize>,
    /// The name before a parenthesis: `Say` in `Say(...)`, `Some` in `Some(x)`.
    name: Option<String>,
    entries: Vec<Entry>,
}

/// A bracketed value as written: see [`SpanIndex::group`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub range: Range<usize>,
    pub name: Option<String>,
    pub entries: Vec<EntrySpan>,
}

/// One entry of a group: its key (text and range) for struct fields and map entries, and
/// the range of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntrySpan {
    pub key: Option<(String, Range<usize>)>,
    pub value: Range<usize>,
}

impl EntrySpan {
    /// Where the entry starts: its key, or its value when it has none.
    pub fn start(&self) -> usize {
        self.key.as_ref().map_or(self.value.start, |(_, k)| k.start)
    }
}

/// The positions of every value in one RON document.
#[derive(Clone, Debug)]
pub struct SpanIndex {
    root: Option<Value>,
}

/// Nesting deeper than this is not indexed (ron itself refuses far shallower documents).
const MAX_DEPTH: usize = 256;

impl SpanIndex {
    pub fn build(source: &str) -> SpanIndex {
        let mut reader = Reader { src: source.as_bytes(), pos: 0 };
        let mut root = None;
        loop {
            reader.skip_trivia();
            if reader.pos >= reader.src.len() {
                break;
            }
            let before = reader.pos;
            let value = reader.value(0);
            // `#![enable(...)]` attributes come first; the document is the last value.
            if value.name.is_some() || !value.entries.is_empty() || reader.src[before] == b'(' {
                root = Some(value);
            }
            if reader.pos == before {
                reader.pos += 1;
            }
        }
        SpanIndex { root }
    }

    fn find(&self, path: &[Seg]) -> Option<(&Value, Option<&Range<usize>>)> {
        let mut current = self.root.as_ref()?;
        let mut key = None;
        for seg in path {
            current = unwrap_some(current);
            let entry = match seg {
                Seg::Name(name) => current.entries.iter().find(|e| e.key.as_ref().is_some_and(|(k, _)| k == name))?,
                Seg::Index(i) => current.entries.get(*i)?,
            };
            key = entry.key.as_ref().map(|(_, r)| r);
            current = &entry.value;
        }
        Some((current, key))
    }

    /// The byte range of the value at `path`.
    pub fn value(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|(v, _)| unwrap_some(v).range.clone())
    }

    /// The byte range of the key naming the value at `path` (its value if it has no key).
    pub fn key(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|(v, k)| k.cloned().unwrap_or_else(|| v.range.clone()))
    }

    /// The range of just the name of an enum value (`Say` in `Say(...)`), else the value.
    pub fn head(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.find(path).map(|(v, _)| match &v.name {
            Some(name) => v.range.start..v.range.start + name.len(),
            None => v.range.clone(),
        })
    }

    /// The group (struct, list, map or enum value) at `path`: its whole range, the name
    /// before its bracket if any (`Say`), and every entry in source order. `Some(...)` is
    /// looked through. The edit model uses it to insert and remove entries in place.
    pub fn group(&self, path: &[Seg]) -> Option<Group> {
        self.find(path).map(|(v, _)| {
            let v = unwrap_some(v);
            Group {
                range: v.range.clone(),
                name: v.name.clone(),
                entries: v
                    .entries
                    .iter()
                    .map(|e| EntrySpan { key: e.key.clone(), value: e.value.range.clone() })
                    .collect(),
            }
        })
    }

    /// Keys of the map or struct at `path` in source order, duplicates included.
    pub fn keys(&self, path: &[Seg]) -> Vec<(String, Range<usize>)> {
        self.find(path)
            .map(|(v, _)| unwrap_some(v).entries.iter().filter_map(|e| e.key.clone()).collect())
            .unwrap_or_default()
    }
}

fn unwrap_some(value: &Value) -> &Value {
    match (&value.name, value.entries.as_slice()) {
        (Some(name), [only]) if name == "Some" && only.key.is_none() => unwrap_some(&only.value),
        _ => value,
    }
}

struct Reader<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else if self.src[self.pos..].starts_with(b"//") {
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.pos += 1;
                }
            } else if self.src[self.pos..].starts_with(b"/*") {
                // Block comments nest in RON.
                let mut depth = 0usize;
                while self.pos < self.src.len() {
                    if self.src[self.pos..].starts_with(b"/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if self.src[self.pos..].starts_with(b"*/") {
                        depth -= 1;
                        self.pos += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.pos += 1;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Value {
        self.skip_trivia();
        let start = self.pos;
        match self.peek() {
            Some(open @ (b'(' | b'[' | b'{')) => self.group(start, None, open, depth),
            Some(b'"') => {
                self.string_body();
                self.atom(start)
            }
            Some(b'\'') => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\\' {
                        self.pos += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
                self.atom(start)
            }
            Some(b'r') if matches!(self.src.get(self.pos + 1), Some(b'"' | b'#')) => {
                self.raw_string();
                self.atom(start)
            }
            Some(b'b') if self.src.get(self.pos + 1) == Some(&b'"') => {
                self.pos += 1;
                self.string_body();
                self.atom(start)
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'#') {
                    self.pos += 1;
                }
                let name = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                let after_name = self.pos;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.group(start, Some(name), b'(', depth)
                } else {
                    self.pos = after_name;
                    Value { range: start..after_name, name: None, entries: Vec::new() }
                }
            }
            Some(_) => {
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b':' | b')' | b']' | b'}' | b'(' | b'[' | b'{') && !c.is_ascii_whitespace()
                }) {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                }
                self.atom(start)
            }
            None => self.atom(start),
        }
    }

    fn atom(&self, start: usize) -> Value {
        Value { range: start..self.pos, name: None, entries: Vec::new() }
    }

    fn string_body(&mut self) {
        self.pos += 1; // opening quote
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\\' {
                self.pos += 1;
            } else if c == b'"' {
                break;
            }
        }
        self.pos = self.pos.min(self.src.len());
    }

    fn raw_string(&mut self) {
        self.pos += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return;
        }
        self.pos += 1;
        while self.pos < self.src.len() {
            if self.src[self.pos] == b'"'
                && self.src[self.pos + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }

    fn group(&mut self, start: usize, name: Option<String>, open: u8, depth: usize) -> Value {
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                Some(b')' | b']' | b'}') => break, // mismatched: stop here, ron reports it
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            if depth >= MAX_DEPTH {
                self.pos += 1;
                continue;
            }
            let before = self.pos;
            let first = self.value(depth + 1);
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
                let key_text = key_text(&self.src[first.range.clone()]);
                let value = self.value(depth + 1);
                entries.push(Entry { key: Some((key_text, first.range)), value });
            } else {
                entries.push(Entry { key: None, value: first });
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        Value { range: start..self.pos, name, entries }
    }
}

/// The text a key stands for: a string's contents or an identifier as written.
fn key_text(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let trimmed = text.trim();
    if let Some(inner) = trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    } else {
        trimmed.to_owned()
    }
}

impl Locate for SpanIndex {
    fn value(&self, path: &[Seg]) -> Option<Range<usize>> {
        SpanIndex::value(self, path)
    }
    fn key(&self, path: &[Seg]) -> Option<Range<usize>> {
        SpanIndex::key(self, path)
    }
    fn head(&self, path: &[Seg]) -> Option<Range<usize>> {
        SpanIndex::head(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"#![enable(implicit_some)]
// a comment with ( and "
(
    id: "x",
    nodes: {
        "open": Say(
            lines: ["a", r#"b"#],
            choices: [
                (text: "t", shows: [empathy, honesty], goto: "end"),
            ],
        ),
        /* nested /* comment */ */
        "end": End(outcome: Resolved, points: Some(-3)),
    },
)"##;

    fn text<'a>(range: Option<Range<usize>>) -> &'a str {
        let range = range.expect("path should resolve");
        &DOC[range]
    }

    #[test]
    fn finds_fields_keys_and_elements() {
        let index = SpanIndex::build(DOC);
        assert_eq!(text(index.value(&["id".into()])), "\"x\"");
        assert_eq!(text(index.key(&["nodes".into(), "open".into()])), "\"open\"");
        let goto = ["nodes".into(), "open".into(), "choices".into(), 0.into(), "goto".into()];
        assert_eq!(text(index.value(&goto)), "\"end\"");
        let shows = ["nodes".into(), "open".into(), "choices".into(), 0.into(), "shows".into(), 1.into()];
        assert_eq!(text(index.value(&shows)), "honesty");
        assert_eq!(text(index.value(&["nodes".into(), "end".into(), "points".into()])), "-3");
        assert_eq!(text(index.head(&["nodes".into(), "end".into()])), "End");
        assert_eq!(text(index.value(&["nodes".into(), "open".into(), "lines".into(), 1.into()])), "r#\"b\"#");
        let keys: Vec<String> = index.keys(&["nodes".into()]).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["open", "end"]);
        assert!(index.value(&["missing".into()]).is_none());
    }

    #[test]
    fn survives_garbage() {
        for junk in ["", "(((", ")))", "\"unterminated", "r#\"", "(a: [1, 2", "\u{0}\u{1}", "/* open"] {
            let index = SpanIndex::build(junk);
            let _ = index.value(&["a".into()]);
        }
        let deep = "(".repeat(10_000);
        assert!(SpanIndex::build(&deep).value(&[0.into()]).is_some());
    }
}
