//! Placeholders still to write: any text holding `TODO` (as a skeleton from a brief has) is a
//! warning at that text, so a scenario plays while it is being written and `validate` lists
//! what is left.

use crate::authoring::spans::SpanIndex;
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::disc::DiscStyle;
use crate::engine::scenario::{Node, ScenarioFile};
use std::collections::BTreeMap;

/// The marker an author leaves where text is still to come.
pub const MARKER: &str = "TODO";

/// Every text with a placeholder, each located, in file order of the fields.
pub fn todo_warnings(file: &ScenarioFile, file_name: &str, spans: &SpanIndex) -> Vec<Diagnostic> {
    let mut texts: Vec<(Vec<Seg>, String, String)> = Vec::new();
    let mut push = |path: Vec<Seg>, text: &str, what: String| {
        if text.contains(MARKER) {
            texts.push((path, text.to_owned(), what));
        }
    };
    push(vec!["title".into()], &file.title, "the title".into());
    push(vec!["summary".into()], &file.summary, "the summary".into());
    push(vec!["customer".into(), "name".into()], &file.customer.name, "the customer's name".into());
    let dossier = &file.customer.dossier;
    for (field, list) in [("facts", &dossier.facts), ("tickets", &dossier.tickets), ("notes", &dossier.notes)] {
        for (i, text) in list.iter().enumerate() {
            push(
                vec!["customer".into(), "dossier".into(), field.into(), i.into()],
                text,
                format!("a dossier {field} entry"),
            );
        }
    }
    let styled_lines = |push: &mut dyn FnMut(Vec<Seg>, &str, String),
                        at: &[Seg],
                        by: &BTreeMap<DiscStyle, Vec<String>>,
                        name: &str| {
        for (style, lines) in by {
            for (i, line) in lines.iter().enumerate() {
                let path = [at, &["lines_by_style".into(), style.to_string().into(), i.into()]].concat();
                push(path, line, format!("a line of `{name}` as the {style} customer says it"));
            }
        }
    };
    for (name, node) in &file.nodes {
        let at: Vec<Seg> = vec!["nodes".into(), name.as_str().into()];
        match node {
            Node::Say { lines, lines_by_style, choices, .. } => {
                for (i, line) in lines.iter().enumerate() {
                    push(
                        [&at[..], &["lines".into(), i.into()]].concat(),
                        line,
                        format!("the customer's line at `{name}`"),
                    );
                }
                styled_lines(&mut push, &at, lines_by_style, name);
                for (c, choice) in choices.iter().enumerate() {
                    let reply: Vec<Seg> = [&at[..], &["choices".into(), c.into()]].concat();
                    push([&reply[..], &["text".into()]].concat(), &choice.text, format!("reply {} at `{name}`", c + 1));
                    if let Some(feedback) = &choice.feedback {
                        let what = format!("the feedback of reply {} at `{name}`", c + 1);
                        push([&reply[..], &["feedback".into()]].concat(), feedback, what);
                    }
                    for (style, text) in &choice.text_by_style {
                        let what = format!("reply {} at `{name}` as worded for the {style} customer", c + 1);
                        push([&reply[..], &["text_by_style".into(), style.to_string().into()]].concat(), text, what);
                    }
                }
            }
            Node::End { lines, lines_by_style, summary, summary_by_style, .. } => {
                for (i, line) in lines.iter().enumerate() {
                    push([&at[..], &["lines".into(), i.into()]].concat(), line, format!("the last words at `{name}`"));
                }
                styled_lines(&mut push, &at, lines_by_style, name);
                if let Some(summary) = summary {
                    push([&at[..], &["summary".into()]].concat(), summary, format!("the summary of `{name}`"));
                }
                for (style, text) in summary_by_style {
                    let what = format!("the summary of `{name}` for the {style} customer");
                    push([&at[..], &["summary_by_style".into(), style.to_string().into()]].concat(), text, what);
                }
            }
        }
    }
    texts
        .into_iter()
        .map(|(path, text, what)| {
            let hint = text.split(MARKER).nth(1).map(|rest| rest.trim_start_matches([':', ' '])).unwrap_or("");
            let message = if hint.trim().is_empty() {
                format!("{what} is still a placeholder")
            } else {
                format!("{what} is still a placeholder: {}", hint.trim())
            };
            Diagnostic::warning("todo", message)
                .in_file(file_name)
                .at(spans.value(&path), "write this text")
                .note("the scenario plays with placeholders, but trainees must not see one: replace the TODO")
        })
        .collect()
}
