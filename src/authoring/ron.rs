//! Reading RON: the options every Hard Call file is read with, and ron's errors turned into
//! located diagnostics phrased for people who write scenarios rather than Rust.

use crate::authoring::render::offset_of;
use crate::engine::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

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
            end = source[start..].char_indices().nth(1).map_or(source.len(), |(i, _)| start + i);
        }
        let message = describe_ron_error(&err.code);
        let mut diagnostic = Diagnostic::error("syntax", message).in_file(file_name).at(Some(start..end), "here");
        if let ron::Error::NoSuchStructField { expected, found, .. }
        | ron::Error::NoSuchEnumVariant { expected, found, .. } = &err.code
        {
            diagnostic = diagnostic.note(format!("expected one of: {}", expected.join(", "))).suggest(found, expected);
        }
        vec![diagnostic]
    })
}

/// ron's messages, phrased for people who write scenarios rather than Rust.
fn describe_ron_error(error: &ron::Error) -> String {
    match error {
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
        ron::Error::DuplicateStructField { field, .. } => format!("field `{field}` is given twice"),
        ron::Error::ExceededRecursionLimit => "the file is nested too deeply".to_owned(),
        ron::Error::Eof => "the file ends too early: something is not closed".to_owned(),
        other => other.to_string(),
    }
}
