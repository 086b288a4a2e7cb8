//! RON text for values the studio writes into a scenario, in the shipped files' own style
//! (bare identifiers, quoted node names, four-space indents), so a new reply or node reads
//! like the ones a trainer wrote by hand.

use crate::engine::disc::DiscProfile;
use crate::engine::ident::Ident;
use crate::engine::mood::{Mood, MoodDelta};
use crate::engine::scenario::{Choice, Condition, Dossier, Expectation, Node, Route};
use std::fmt::Write;

/// One level of indentation, as in every shipped scenario.
pub const UNIT: &str = "    ";

/// A RON string literal: quotes, backslashes and control characters escaped, everything
/// else (accents, curly quotes, emoji) written as it is.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]` on one line.
pub fn strings(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A list of lines the customer says: one line inline, several one per line.
pub fn lines(list: &[String], indent: &str) -> String {
    if list.len() <= 1 {
        return strings(list);
    }
    let mut out = String::from("[\n");
    for line in list {
        let _ = writeln!(out, "{indent}{UNIT}{},", string(line));
    }
    out.push_str(indent);
    out.push(']');
    out
}

/// `[empathy, honesty]`: strategy ids are written bare.
pub fn idents(list: &[Ident]) -> String {
    let items: Vec<&str> = list.iter().map(Ident::as_str).collect();
    format!("[{}]", items.join(", "))
}

pub fn condition(test: &Condition) -> String {
    match test {
        Condition::Flag(flag) => format!("Flag({})", string(flag)),
        Condition::NotFlag(flag) => format!("NotFlag({})", string(flag)),
        Condition::TemperAtLeast(n) => format!("TemperAtLeast({n})"),
        Condition::TemperAtMost(n) => format!("TemperAtMost({n})"),
        Condition::TrustAtLeast(n) => format!("TrustAtLeast({n})"),
        Condition::TrustAtMost(n) => format!("TrustAtMost({n})"),
        Condition::Style(style) => format!("Style({style:?})"),
        Condition::All(list) => format!("All([{}])", list.iter().map(condition).collect::<Vec<_>>().join(", ")),
        Condition::Any(list) => format!("Any([{}])", list.iter().map(condition).collect::<Vec<_>>().join(", ")),
        Condition::Not(inner) => format!("Not({})", condition(inner)),
    }
}

pub fn route(route: &Route) -> String {
    format!("(when: {}, goto: {})", condition(&route.when), string(&route.goto))
}

pub fn routes(list: &[Route]) -> String {
    format!("[{}]", list.iter().map(route).collect::<Vec<_>>().join(", "))
}

pub fn mood(mood: Mood) -> String {
    format!("(temper: {}, trust: {})", mood.temper, mood.trust)
}

/// A mood change, naming only the meters it moves.
pub fn mood_delta(delta: MoodDelta) -> String {
    match (delta.temper, delta.trust) {
        (temper, 0) => format!("(temper: {temper})"),
        (0, trust) => format!("(trust: {trust})"),
        (temper, trust) => format!("(temper: {temper}, trust: {trust})"),
    }
}

pub fn profile(profile: DiscProfile) -> String {
    match profile.secondary {
        Some(secondary) => format!("(primary: {:?}, secondary: Some({secondary:?}))", profile.primary),
        None => format!("(primary: {:?})", profile.primary),
    }
}

pub fn profiles(list: &[DiscProfile]) -> String {
    format!("[{}]", list.iter().map(|p| profile(*p)).collect::<Vec<_>>().join(", "))
}

pub fn dossier(dossier: &Dossier, indent: &str) -> String {
    let inner = format!("{indent}{UNIT}");
    let mut out = String::from("(\n");
    for (field, list) in [("facts", &dossier.facts), ("tickets", &dossier.tickets), ("notes", &dossier.notes)] {
        if !list.is_empty() {
            let _ = writeln!(out, "{inner}{field}: {},", lines(list, &inner));
        }
    }
    out.push_str(indent);
    out.push(')');
    out
}

pub fn expectation(expectation: &Expectation) -> String {
    let numbers = |replies: &[usize]| replies.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    match expectation {
        Expectation::BestStarts { replies, style: None } => format!("BestStarts(replies: [{}])", numbers(replies)),
        Expectation::BestStarts { replies, style: Some(style) } => {
            format!("BestStarts(replies: [{}], style: Some({style:?}))", numbers(replies))
        }
        Expectation::ScoresBelow { replies, percent, style: None } => {
            format!("ScoresBelow(replies: [{}], percent: {percent})", numbers(replies))
        }
        Expectation::ScoresBelow { replies, percent, style: Some(style) } => {
            format!("ScoresBelow(replies: [{}], percent: {percent}, style: Some({style:?}))", numbers(replies))
        }
        Expectation::BestPathsDiffer => "BestPathsDiffer".to_owned(),
    }
}

pub fn expectations(list: &[Expectation], indent: &str) -> String {
    if list.is_empty() {
        return "[]".to_owned();
    }
    let mut out = String::from("[\n");
    for item in list {
        let _ = writeln!(out, "{indent}{UNIT}{},", expectation(item));
    }
    out.push_str(indent);
    out.push(']');
    out
}

/// A reply as a block of its own, one field a line, leaving out what is empty.
pub fn choice(choice: &Choice, indent: &str) -> String {
    let inner = format!("{indent}{UNIT}");
    let mut out = String::from("(\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "{inner}{name}: {value},");
    };
    field("text", string(&choice.text));
    if !choice.text_by_style.is_empty() {
        field("text_by_style", styled_strings(&choice.text_by_style));
    }
    if !choice.shows.is_empty() {
        field("shows", idents(&choice.shows));
    }
    if !choice.commits.is_empty() {
        field("commits", idents(&choice.commits));
    }
    if let Some(feedback) = &choice.feedback {
        field("feedback", string(feedback));
    }
    if !choice.feedback_by_style.is_empty() {
        field("feedback_by_style", styled_strings(&choice.feedback_by_style));
    }
    if !choice.mood.is_zero() {
        field("mood", mood_delta(choice.mood));
    }
    if !choice.sets.is_empty() {
        field("sets", strings(&choice.sets));
    }
    if !choice.clears.is_empty() {
        field("clears", strings(&choice.clears));
    }
    if let Some(requires) = &choice.requires {
        field("requires", condition(requires));
    }
    if !choice.branches.is_empty() {
        field("branches", routes(&choice.branches));
    }
    field("goto", string(&choice.goto));
    out.push_str(indent);
    out.push(')');
    out
}

/// One text per personality, as a map on one line: `{ Steady: "...", Dominant: "..." }`.
pub fn styled_strings(map: &std::collections::BTreeMap<crate::engine::disc::DiscStyle, String>) -> String {
    let entries: Vec<String> = map.iter().map(|(style, text)| format!("{style:?}: {}", string(text))).collect();
    format!("{{ {} }}", entries.join(", "))
}

/// Per-personality lines as a map, one style a line.
pub fn styled_lines(
    map: &std::collections::BTreeMap<crate::engine::disc::DiscStyle, Vec<String>>,
    indent: &str,
) -> String {
    let inner = format!("{indent}{UNIT}");
    let mut out = String::from("{\n");
    for (style, list) in map {
        let _ = writeln!(out, "{inner}{style:?}: {},", lines(list, &inner));
    }
    out.push_str(indent);
    out.push('}');
    out
}

/// A node: a conversation node as a block, an ending on one line.
pub fn node(node: &Node, indent: &str) -> String {
    match node {
        Node::Say { lines: said, lines_by_style, lines_when, beyond_agent, expression, choices } => {
            let inner = format!("{indent}{UNIT}");
            let mut out = String::from("Say(\n");
            let _ = writeln!(out, "{inner}lines: {},", lines(said, &inner));
            if !lines_by_style.is_empty() {
                let _ = writeln!(out, "{inner}lines_by_style: {},", styled_lines(lines_by_style, &inner));
            }
            if !lines_when.is_empty() {
                let entries: Vec<String> = lines_when
                    .iter()
                    .map(|e| format!("(when: {}, lines: {})", condition(&e.when), strings(&e.lines)))
                    .collect();
                let _ = writeln!(out, "{inner}lines_when: [{}],", entries.join(", "));
            }
            if *beyond_agent {
                let _ = writeln!(out, "{inner}beyond_agent: true,");
            }
            if let Some(expression) = expression {
                let _ = writeln!(out, "{inner}expression: {expression:?},");
            }
            if choices.is_empty() {
                let _ = writeln!(out, "{inner}choices: [],");
            } else {
                let _ = writeln!(out, "{inner}choices: [");
                let item = format!("{inner}{UNIT}");
                for reply in choices {
                    let _ = writeln!(out, "{item}{},", choice(reply, &item));
                }
                let _ = writeln!(out, "{inner}],");
            }
            out.push_str(indent);
            out.push(')');
            out
        }
        Node::End { outcome, points, lines: said, lines_by_style, summary, summary_by_style, expression } => {
            let mut out = format!("End(outcome: {outcome:?}, points: {points}");
            if !said.is_empty() {
                let _ = write!(out, ", lines: {}", strings(said));
            }
            if !lines_by_style.is_empty() {
                let styled: Vec<String> =
                    lines_by_style.iter().map(|(style, lines)| format!("{style:?}: {}", strings(lines))).collect();
                let _ = write!(out, ", lines_by_style: {{ {} }}", styled.join(", "));
            }
            if let Some(summary) = summary {
                let _ = write!(out, ", summary: {}", string(summary));
            }
            if !summary_by_style.is_empty() {
                let _ = write!(out, ", summary_by_style: {}", styled_strings(summary_by_style));
            }
            if let Some(expression) = expression {
                let _ = write!(out, ", expression: {expression:?}");
            }
            out.push(')');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_ron_needs() {
        assert_eq!(string(r#"He said "no" \ twice"#), r#""He said \"no\" \\ twice""#);
        assert_eq!(string("a\nb\u{7}"), "\"a\\nb\\u{7}\"");
        assert_eq!(string("“curly” é"), "\"“curly” é\"");
        let parsed: String = ron::from_str(&string("x\"y\\z\n\u{1}“")).unwrap();
        assert_eq!(parsed, "x\"y\\z\n\u{1}“");
    }
}
