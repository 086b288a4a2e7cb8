//! Reading RON: the options every Hard Call file is read with, and ron's errors turned into
//! located diagnostics phrased for people who write scenarios rather than Rust, naming the
//! usual causes (a `"` inside a sentence, curly quotes pasted from a word processor, a
//! comma missing at the end of the line before, a personality written as a bare style).

use crate::authoring::render::offset_of;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::disc::DiscStyle;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// The RON options every Hard Call file is read with: `Some(...)` may be left implicit.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses RON into `T`, turning syntax and shape errors into a located diagnostic.
pub fn parse_ron<T: DeserializeOwned>(file_name: &str, source: &str) -> Result<T, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("empty-file", "the file is empty")
                .in_file(file_name)
                .at(Some(0..source.len()), "nothing here")
                .note("a scenario is one RON value: `( id: \"...\", ... )`"),
        ]);
    }
    ron_options().from_str::<T>(source).map_err(|err| {
        let start = offset_of(source, err.span.start.line, err.span.start.col);
        let mut end = offset_of(source, err.span.end.line, err.span.end.col);
        if end <= start {
            // Point at the token where the parser stopped, at least one character wide.
            end = one_char(source, start);
        }
        if let Some(diagnostic) = usual_cause(source, start, &err.code) {
            return vec![diagnostic.in_file(file_name)];
        }
        let message = describe_ron_error(&err.code);
        let mut diagnostic = Diagnostic::error("syntax", message).in_file(file_name).at(Some(start..end), "here");
        if let ron::Error::NoSuchStructField { expected, found, .. }
        | ron::Error::NoSuchEnumVariant { expected, found, .. } = &err.code
        {
            diagnostic = diagnostic.note(format!("expected one of: {}", expected.join(", "))).suggest(found, expected);
        }
        if let Some(example) = struct_example(&err.code) {
            diagnostic = diagnostic.note(example);
        }
        vec![diagnostic]
    })
}

/// The range of the one character at `at` (empty at the end of the text).
fn one_char(source: &str, at: usize) -> usize {
    source[at..].chars().next().map_or(source.len(), |c| at + c.len_utf8())
}

/// Quotes a word processor puts in place of `"`.
const CURLY_QUOTES: [char; 8] = ['“', '”', '„', '‟', '″', '«', '»', '＂'];

/// A syntax error whose usual cause can be read from the text around it, said in words.
fn usual_cause(source: &str, at: usize, code: &ron::Error) -> Option<Diagnostic> {
    // ron may stop just before the value it could not read.
    let value = at + source[at..].len() - source[at..].trim_start().len();
    if let Some(curly) = source[value..].chars().next().filter(|c| CURLY_QUOTES.contains(c)) {
        let at = value;
        let end = at + curly.len_utf8();
        let line_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
        let closing = source[end..line_end].char_indices().rfind(|(_, c)| CURLY_QUOTES.contains(c));
        let mut diagnostic = Diagnostic::error(
            "syntax",
            format!("this text starts with a curly quote `{curly}`: RON needs a straight `\"` at each end of a text"),
        )
        .at(Some(at..end), "use `\"` here");
        if let Some((i, c)) = closing {
            diagnostic = diagnostic.also(Some(end + i..end + i + c.len_utf8()), "and here");
        }
        return Some(diagnostic.note(CURLY_NOTE));
    }
    let separator_missing = matches!(
        code,
        ron::Error::ExpectedComma
            | ron::Error::ExpectedArrayEnd
            | ron::Error::ExpectedMapEnd
            | ron::Error::ExpectedStructLikeEnd
            | ron::Error::ExpectedOptionEnd
    );
    if !separator_missing {
        return None;
    }
    let previous = last_token_before(source, at)?;
    let gap = &source[previous.range.end..at];
    if !gap.contains('\n') && previous.string {
        let text = &source[previous.range.clone()];
        // Opened with `"`, closed with `”`: the text runs on past where it was meant to end.
        if let Some((i, c)) = text.char_indices().find(|(i, c)| {
            CURLY_QUOTES.contains(c) && text[i + c.len_utf8()..].trim_start().starts_with([',', ')', ']', '}'])
        }) {
            let start = previous.range.start + i;
            return Some(
                Diagnostic::error(
                    "syntax",
                    format!("this text ends with a curly quote `{c}`, which does not end a text in RON"),
                )
                .at(Some(start..start + c.len_utf8()), "use `\"` here")
                .note(CURLY_NOTE),
            );
        }
        // A sentence with a `"` in it: the quote ended the text, and the words after it
        // are not RON. (A field name and its `:`, or another text, after it is a missing
        // comma instead.)
        let rest_of_line = &source[at..source[at..].find('\n').map_or(source.len(), |i| at + i)];
        if rest_of_line.contains('"') && !rest_of_line.starts_with('"') && !starts_with_key(rest_of_line) {
            let quote = previous.range.end - 1;
            return Some(
                Diagnostic::error("syntax", "a `\"` inside this text ends it too early")
                    .at(Some(quote..quote + 1), "the text ends here")
                    .note("to put a quotation mark inside a text, write it as `\\\"`: \"She said \\\"no\\\".\"")
                    .note("or use curly quotes inside the text: \"She said “no”.\""),
            );
        }
    }
    let last = previous.range.end - source[..previous.range.end].chars().next_back().map_or(1, char::len_utf8);
    if gap.contains('\n') {
        return Some(
            Diagnostic::error("syntax", "a comma is missing at the end of this line")
                .at(Some(last..previous.range.end), "add `,` after this")
                .note(COMMA_NOTE),
        );
    }
    Some(
        Diagnostic::error("syntax", "a comma is missing before this")
            .at(Some(at..one_char(source, at)), "add `,` before this")
            .note(COMMA_NOTE),
    )
}

const CURLY_NOTE: &str = "text pasted from a word processor often has curly quotes “ ”; they may stay inside a text (\"She said “no”.\"), but every text starts and ends with a straight `\"`";
const COMMA_NOTE: &str = "fields, list items and map entries are separated by commas";

/// Whether `text` begins with a field name and its colon (`shows: `).
fn starts_with_key(text: &str) -> bool {
    let name_len = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').map(char::len_utf8).sum::<usize>();
    name_len > 0 && text[name_len..].trim_start().starts_with(':')
}

/// A token of RON text: its range, and whether it is a string.
struct Token {
    range: Range<usize>,
    string: bool,
}

/// The last token that ends at or before `at`, comments and spaces skipped.
fn last_token_before(source: &str, at: usize) -> Option<Token> {
    let bytes = source.as_bytes();
    let mut pos = 0;
    let mut last = None;
    while pos < at.min(bytes.len()) {
        let c = bytes[pos];
        let start = pos;
        if c.is_ascii_whitespace() {
            pos += 1;
            continue;
        }
        if bytes[pos..].starts_with(b"//") {
            pos = source[pos..].find('\n').map_or(bytes.len(), |i| pos + i);
            continue;
        }
        if bytes[pos..].starts_with(b"/*") {
            pos = source[pos..].find("*/").map_or(bytes.len(), |i| pos + i + 2);
            continue;
        }
        let string = c == b'"';
        if string {
            pos += 1;
            while pos < bytes.len() && bytes[pos] != b'"' {
                pos += if bytes[pos] == b'\\' { 2 } else { 1 };
            }
            pos = (pos + 1).min(bytes.len());
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            while pos < bytes.len() && (bytes[pos].is_ascii_alphanumeric() || matches!(bytes[pos], b'_' | b'-' | b'.'))
            {
                pos += 1;
            }
        } else {
            pos = one_char(source, pos);
        }
        if pos > at {
            break;
        }
        last = Some(Token { range: start..pos, string });
    }
    last
}

/// What a struct of the scenario format looks like, for an error about one written wrong.
fn struct_example(error: &ron::Error) -> Option<String> {
    let name = match error {
        ron::Error::ExpectedNamedStructLike(name) => *name,
        ron::Error::ExpectedDifferentStructName { expected, .. } => *expected,
        ron::Error::NoSuchStructField { outer: Some(outer), .. } => outer.as_str(),
        _ => return None,
    };
    let example = match name {
        "DiscProfile" => {
            "a personality is written `(primary: Steady)`, or `(primary: Steady, secondary: Some(Dominant))` for a blend; the customer's other personalities are a list of them: `alternatives: [(primary: Steady), (primary: Conscientious)]`"
        }
        "Mood" => "a mood is written `(temper: 60, trust: 35)`",
        "MoodDelta" => "a mood change is written `(temper: -5, trust: 10)`; either may be left out",
        "Route" => "a route is written `(when: Flag(\"promised\"), goto: \"node\")`",
        "Choice" => "a reply is written `(text: \"...\", shows: [empathy], goto: \"node\")`",
        "Customer" => "the customer is written `(name: \"...\", disc: (primary: Dominant), dossier: (...))`",
        "Dossier" => "a dossier is written `(facts: [\"...\"], tickets: [\"...\"], notes: [\"...\"])`",
        _ => return None,
    };
    Some(example.to_owned())
}

/// ron's messages, phrased for people who write scenarios rather than Rust.
fn describe_ron_error(error: &ron::Error) -> String {
    let is_style = |name: &str| DiscStyle::ALL.iter().any(|s| format!("{s:?}") == name);
    match error {
        ron::Error::NoSuchStructField { found, outer: Some(outer), .. }
            if outer == "DiscProfile" && is_style(found) =>
        {
            format!("`{found}` is a style, not a field of a personality")
        }
        ron::Error::NoSuchStructField { found, outer, .. } => match outer {
            Some(outer) => format!("unknown field `{found}` in `{outer}`"),
            None => format!("unknown field `{found}`"),
        },
        ron::Error::NoSuchEnumVariant { found, outer, .. } => match outer {
            Some(outer) => format!("unknown value `{found}` for `{outer}`"),
            None => format!("unknown value `{found}`"),
        },
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` is missing the field `{field}`"),
            None => format!("missing field `{field}`"),
        },
        ron::Error::ExpectedDifferentStructName { expected: "DiscProfile", found } if is_style(found) => {
            format!("a personality is written `(primary: {found})`, not `{found}`")
        }
        ron::Error::ExpectedDifferentStructName { expected, found } => {
            format!("expected {} here, not `{found}`", struct_words(expected))
        }
        ron::Error::ExpectedNamedStructLike(name) => format!("expected {} here", struct_words(name)),
        ron::Error::DuplicateStructField { field, .. } => format!("field `{field}` is given twice"),
        ron::Error::ExceededRecursionLimit => "the file is nested too deeply".to_owned(),
        ron::Error::Eof => "the file ends too early: something is not closed".to_owned(),
        ron::Error::ExpectedString => "a text in straight quotes (`\"...\"`) is expected here".to_owned(),
        ron::Error::ExpectedStringEnd => "this text is never closed: it needs a `\"` at its end".to_owned(),
        ron::Error::ExpectedComma => "a comma is missing here".to_owned(),
        ron::Error::ExpectedArray => "a list in `[ ]` is expected here".to_owned(),
        ron::Error::ExpectedArrayEnd => "a `]` is missing to close the list, or a comma between two items".to_owned(),
        ron::Error::ExpectedMap => "a map in `{ }` is expected here".to_owned(),
        ron::Error::ExpectedMapEnd => "a `}` is missing to close the map, or a comma between two entries".to_owned(),
        ron::Error::ExpectedMapColon => "a `:` is missing between a name and its value".to_owned(),
        ron::Error::ExpectedStructLike => "a `(` is expected here".to_owned(),
        ron::Error::ExpectedStructLikeEnd | ron::Error::ExpectedOptionEnd => {
            "a `)` is missing, or a comma between two fields".to_owned()
        }
        ron::Error::ExpectedInteger => "a whole number is expected here".to_owned(),
        ron::Error::ExpectedBoolean => "`true` or `false` is expected here".to_owned(),
        ron::Error::TrailingCharacters => "there is more after the scenario's closing `)`".to_owned(),
        ron::Error::UnclosedBlockComment => "a `/*` comment is never closed with `*/`".to_owned(),
        ron::Error::InvalidEscape(why) => {
            format!("a `\\` starts an escape here ({why}); to write a backslash itself, write `\\\\`")
        }
        other => other.to_string(),
    }
}

/// A struct of the scenario format in words.
fn struct_words(name: &str) -> String {
    match name {
        "DiscProfile" => "a personality such as `(primary: Steady)`".to_owned(),
        "Mood" => "a mood such as `(temper: 60, trust: 35)`".to_owned(),
        "MoodDelta" => "a mood change such as `(temper: -5)`".to_owned(),
        "Route" => "a route such as `(when: Flag(\"x\"), goto: \"node\")`".to_owned(),
        "Choice" => "a reply `(text: \"...\", goto: \"...\")`".to_owned(),
        "Customer" => "the customer `(name: \"...\", disc: ...)`".to_owned(),
        "Dossier" => "a dossier `(facts: [...], tickets: [...], notes: [...])`".to_owned(),
        "" => "`(`".to_owned(),
        other => format!("`(` to open `{other}`"),
    }
}
