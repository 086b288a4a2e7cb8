//! Text surgery that keeps the author's layout: replace one value's bytes, insert an entry
//! beside its siblings in their style (one a line or all on one line), remove an entry with
//! its line. Everything outside the patched ranges, comments included, is left as it was.

use crate::authoring::edit::write::UNIT;
use crate::authoring::spans::Group;
use std::ops::Range;

/// Replace the bytes in `range` with `text` (an insertion when the range is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    pub range: Range<usize>,
    pub text: String,
}

impl Patch {
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Patch {
        Patch { range, text: text.into() }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Patch {
        Patch { range: at..at, text: text.into() }
    }
}

/// Applies patches made against `source`. They may come in any order but must not overlap;
/// insertions at the same place keep the order they were given in.
pub fn apply(source: &str, patches: &[Patch]) -> Result<String, String> {
    let mut sorted: Vec<&Patch> = patches.iter().collect();
    sorted.sort_by_key(|p| (p.range.start, p.range.end));
    let mut out = String::with_capacity(source.len() + patches.iter().map(|p| p.text.len()).sum::<usize>());
    let mut at = 0;
    for patch in sorted {
        let Range { start, end } = patch.range;
        if start < at || end < start || end > source.len() {
            return Err("two changes overlap".to_owned());
        }
        if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return Err("a change does not fall between two characters".to_owned());
        }
        out.push_str(&source[at..start]);
        out.push_str(&patch.text);
        at = end;
    }
    out.push_str(&source[at..]);
    Ok(out)
}

/// Past spaces, tabs, line breaks and comments from `pos`.
pub fn skip_trivia(src: &str, mut pos: usize) -> usize {
    let bytes = src.as_bytes();
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        if rest[0].is_ascii_whitespace() {
            pos += 1;
        } else if rest.starts_with(b"//") {
            pos = line_end(src, pos);
        } else if rest.starts_with(b"/*") {
            let mut depth = 0usize;
            while pos < bytes.len() {
                if bytes[pos..].starts_with(b"/*") {
                    depth += 1;
                    pos += 2;
                } else if bytes[pos..].starts_with(b"*/") {
                    depth -= 1;
                    pos += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    pos += 1;
                }
            }
        } else {
            break;
        }
    }
    pos.min(bytes.len())
}

/// Where the line holding `pos` begins.
fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line holding `pos` ends: its `\r\n` or `\n` (or the end of the text).
fn line_end(src: &str, pos: usize) -> usize {
    match src[pos..].find('\n') {
        Some(i) if i > 0 && src.as_bytes()[pos + i - 1] == b'\r' => pos + i - 1,
        Some(i) => pos + i,
        None => src.len(),
    }
}

/// Just past the line break ending the line that holds `pos`.
fn next_line(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1)
}

/// Whether only spaces and tabs stand between the start of its line and `pos`.
fn starts_line(src: &str, pos: usize) -> bool {
    src[line_start(src, pos)..pos].bytes().all(|b| b == b' ' || b == b'\t')
}

/// The spaces and tabs that begin the line holding `pos`.
fn indent_at(src: &str, pos: usize) -> String {
    src[line_start(src, pos)..].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

/// If the rest of the line after `pos` is blank or a `//` comment, where that line breaks.
fn blank_rest_of_line(src: &str, pos: usize) -> Option<usize> {
    let rest = &src[pos..line_end(src, pos)];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    (trimmed.is_empty() || trimmed.starts_with("//")).then(|| line_end(src, pos))
}

/// The comma that follows the value ending at `end`, if any (spaces, line breaks and
/// comments may stand between).
fn comma_after(src: &str, end: usize) -> Option<usize> {
    let at = skip_trivia(src, end);
    (src.as_bytes().get(at) == Some(&b',')).then_some(at)
}

/// Where a group's bracket opens, past its name (`Say(`): `None` if the text is not one.
fn open_bracket(src: &str, group: &Group) -> Option<usize> {
    let after_name = group.range.start + group.name.as_ref().map_or(0, String::len);
    let at = skip_trivia(src, after_name);
    matches!(src.as_bytes().get(at), Some(b'(' | b'[' | b'{')).then_some(at)
}

/// Inserts an entry into `group` after its entry `after` (`None`: before the first), written
/// by `item` for the indentation of the line it will start on. Entries one a line get a
/// line of their own at the same indentation; entries on one line get the new one inline.
pub fn insert_entry(src: &str, group: &Group, after: Option<usize>, item: impl Fn(&str) -> String) -> Vec<Patch> {
    let Some(open) = open_bracket(src, group) else { return Vec::new() };
    let Some(after) = after.filter(|_| !group.entries.is_empty()) else {
        return match group.entries.first() {
            Some(first) if starts_line(src, first.start()) => {
                let indent = indent_at(src, first.start());
                vec![Patch::insert(first.start(), format!("{},\n{indent}", item(&indent)))]
            }
            Some(first) => vec![Patch::insert(first.start(), format!("{}, ", item(&indent_at(src, first.start()))))],
            None => {
                // An empty group: `[]` becomes a block when the item is one, else `[item]`.
                let outer = indent_at(src, open);
                let inner = format!("{outer}{UNIT}");
                let text = item(&inner);
                let close = group.range.end.saturating_sub(1);
                if text.contains('\n') || src[open..close].contains('\n') {
                    if src[open + 1..close].trim().is_empty() {
                        vec![Patch::replace(open + 1..close, format!("\n{inner}{text},\n{outer}"))]
                    } else {
                        vec![Patch::insert(open + 1, format!("\n{inner}{text},"))]
                    }
                } else {
                    vec![Patch::insert(open + 1, text)]
                }
            }
        };
    };
    let anchor = &group.entries[after.min(group.entries.len() - 1)];
    let end = anchor.value.end;
    let comma = comma_after(src, end);
    if starts_line(src, anchor.start()) {
        let past = comma.map_or(end, |c| c + 1);
        if let Some(line_break) = blank_rest_of_line(src, past) {
            let indent = indent_at(src, anchor.start());
            let trailing = if comma.is_some() { "," } else { "" };
            let mut patches = Vec::new();
            if comma.is_none() {
                patches.push(Patch::insert(end, ","));
            }
            patches.push(Patch::insert(line_break, format!("\n{indent}{}{trailing}", item(&indent))));
            return patches;
        }
    }
    let indent = indent_at(src, anchor.start());
    match comma {
        Some(c) => vec![Patch::insert(c + 1, format!(" {},", item(&indent)))],
        None => vec![Patch::insert(end, format!(", {}", item(&indent)))],
    }
}

/// Removes entry `index` of `group`. An entry on lines of its own goes with those lines and
/// the comment lines right above it (they describe it); an inline one with its comma.
pub fn remove_entry(src: &str, group: &Group, index: usize) -> Vec<Patch> {
    let Some(entry) = group.entries.get(index) else { return Vec::new() };
    let start = entry.start();
    let end = entry.value.end;
    let comma = comma_after(src, end);
    let past = comma.map_or(end, |c| c + 1);
    if starts_line(src, start)
        && let Some(line_break) = blank_rest_of_line(src, past)
    {
        let mut from = line_start(src, start);
        // The comment lines directly above describe the entry and go with it.
        while from > 0 {
            let above = line_start(src, from - 1);
            let text = src[above..from - 1].trim();
            if text.starts_with("//") {
                from = above;
            } else {
                break;
            }
        }
        let to = next_line(src, line_break);
        return vec![Patch::replace(from..to, "")];
    }
    match comma {
        Some(c) => {
            let after = c + 1 + src[c + 1..].bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
            vec![Patch::replace(start..after, "")]
        }
        None => match index.checked_sub(1).and_then(|i| group.entries.get(i)) {
            // The last entry without a comma: take the comma before it instead.
            Some(previous) => vec![Patch::replace(previous.value.end..end, "")],
            None => vec![Patch::replace(start..end, "")],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::spans::SpanIndex;
    use crate::engine::diagnostic::Seg;

    fn edit(src: &str, path: &[Seg], f: impl Fn(&str, &Group) -> Vec<Patch>) -> String {
        let index = SpanIndex::build(src);
        let group = index.group(path).expect("group");
        apply(src, &f(src, &group)).unwrap()
    }

    #[test]
    fn inserts_in_the_siblings_style() {
        let block = "(\n    a: 1, // one\n    c: 3,\n)";
        let out = edit(block, &[], |s, g| insert_entry(s, g, Some(0), |_| "b: 2".into()));
        assert_eq!(out, "(\n    a: 1, // one\n    b: 2,\n    c: 3,\n)");
        let inline = "(a: 1, c: 3)";
        assert_eq!(edit(inline, &[], |s, g| insert_entry(s, g, Some(0), |_| "b: 2".into())), "(a: 1, b: 2, c: 3)");
        assert_eq!(edit(inline, &[], |s, g| insert_entry(s, g, Some(1), |_| "d: 4".into())), "(a: 1, c: 3, d: 4)");
        assert_eq!(edit(inline, &[], |s, g| insert_entry(s, g, None, |_| "z: 0".into())), "(z: 0, a: 1, c: 3)");
        let no_trailing = "(\n    a: 1\n)";
        assert_eq!(
            edit(no_trailing, &[], |s, g| insert_entry(s, g, Some(0), |_| "b: 2".into())),
            "(\n    a: 1,\n    b: 2\n)"
        );
        let empty = "(x: [])";
        assert_eq!(edit(empty, &["x".into()], |s, g| insert_entry(s, g, None, |_| "1".into())), "(x: [1])");
    }

    #[test]
    fn removes_with_the_line_and_its_comment() {
        let block = "(\n    a: 1,\n    // about b\n    b: 2, // two\n    c: 3,\n)";
        assert_eq!(edit(block, &[], |s, g| remove_entry(s, g, 1)), "(\n    a: 1,\n    c: 3,\n)");
        let inline = "(a: 1, b: 2, c: 3)";
        assert_eq!(edit(inline, &[], |s, g| remove_entry(s, g, 1)), "(a: 1, c: 3)");
        assert_eq!(edit(inline, &[], |s, g| remove_entry(s, g, 2)), "(a: 1, b: 2)");
    }
}
