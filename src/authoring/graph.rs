//! A scenario as a Graphviz DOT graph: speaking nodes, endings coloured by outcome, and one
//! edge per reply labelled with its strategies, so a trainer can see the shape of the file.

use crate::engine::scenario::{Condition, Node, Outcome, ScenarioFile};
use std::fmt::Write;

/// A condition in words, for edge labels and the debrief.
pub fn describe(condition: &Condition) -> String {
    match condition {
        Condition::Flag(f) => f.clone(),
        Condition::NotFlag(f) => format!("not {f}"),
        Condition::TemperAtLeast(n) => format!("temper ≥ {n}"),
        Condition::TemperAtMost(n) => format!("temper ≤ {n}"),
        Condition::TrustAtLeast(n) => format!("trust ≥ {n}"),
        Condition::TrustAtMost(n) => format!("trust ≤ {n}"),
        Condition::Style(style) => format!("played as {style}"),
        Condition::All(list) => list.iter().map(describe).collect::<Vec<_>>().join(" and "),
        Condition::Any(list) => format!("({})", list.iter().map(describe).collect::<Vec<_>>().join(" or ")),
        Condition::Not(inner) => format!("not ({})", describe(inner)),
    }
}

/// Quotes text for a DOT string.
fn quote(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    format!("\"{escaped}\"")
}

fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "#8fd694",
        Outcome::PartlyResolved => "#e6e28a",
        Outcome::Escalated => "#9cc3f0",
        Outcome::WalkedAway => "#c9c9c9",
        Outcome::CustomerLost => "#f08c84",
    }
}

/// Shortens a customer line for a node label.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// Breaks `text` into lines of at most about `width` characters at spaces, so labels grow down
/// rather than across and the drawing stays readable at its natural size.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// The DOT text of a scenario file.
pub fn to_dot(file: &ScenarioFile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&file.id));
    let _ = writeln!(
        out,
        "    label={};",
        quote(&format!("{} ({}, {}, {})", file.title, file.customer.disc, file.channel, file.difficulty))
    );
    // Top to bottom with wrapped labels: a conversation is deep, not wide, so the drawing
    // keeps a readable width instead of thousands of points across.
    let _ = writeln!(out, "    labelloc=t; rankdir=TB; nodesep=0.3; ranksep=0.45;");
    let _ = writeln!(out, "    node [fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", fontsize=9];");
    let _ = writeln!(out, "    \"__start\" [shape=point, width=0.15];");
    let _ = writeln!(out, "    \"__start\" -> {};", quote(&file.start));
    for (name, node) in &file.nodes {
        match node {
            Node::Say { lines, .. } => {
                let first = lines.first().map(|l| excerpt(l, 60)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    {} [shape=box, style=rounded, label={}];",
                    quote(name),
                    quote(&format!("{name}\n{}", wrap(&format!("“{first}”"), 24)))
                );
            }
            Node::End { outcome, points, .. } => {
                let label = format!("{name}\n{outcome} ({points:+})");
                let _ = writeln!(
                    out,
                    "    {} [shape=ellipse, style=filled, fillcolor={}, label={}];",
                    quote(name),
                    quote(outcome_colour(*outcome)),
                    quote(&label)
                );
            }
        }
    }
    for (name, node) in &file.nodes {
        let Node::Say { choices, .. } = node else { continue };
        for (i, choice) in choices.iter().enumerate() {
            let mut label =
                format!("{}: {}", i + 1, choice.shows.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "));
            if !choice.commits.is_empty() {
                let commits: Vec<String> = choice.commits.iter().map(|s| format!("✖ {s}")).collect();
                if !choice.shows.is_empty() {
                    label.push_str(", ");
                }
                label.push_str(&commits.join(", "));
            }
            if let Some(requires) = &choice.requires {
                label.push_str(&format!("\n[only if {}]", describe(requires)));
            }
            if !choice.sets.is_empty() {
                label.push_str(&format!("\nsets {}", choice.sets.join(", ")));
            }
            let label = label.split('\n').map(|part| wrap(part, 22)).collect::<Vec<_>>().join("\n");
            let colour = if choice.commits.is_empty() { "#2f6f3a" } else { "#b3261e" };
            let _ = writeln!(
                out,
                "    {} -> {} [label={}, color={}, fontcolor={}];",
                quote(name),
                quote(&choice.goto),
                quote(&label),
                quote(colour),
                quote(colour)
            );
            for branch in &choice.branches {
                let _ = writeln!(
                    out,
                    "    {} -> {} [label={}, style=dashed, color={}];",
                    quote(name),
                    quote(&branch.goto),
                    quote(&format!("{} if {}", i + 1, describe(&branch.when))),
                    quote(colour)
                );
            }
        }
    }
    if !file.thresholds.is_empty() {
        let _ = writeln!(out, "    \"__thresholds\" [shape=note, label=\"after any reply\"];");
        for threshold in &file.thresholds {
            let _ = writeln!(
                out,
                "    \"__thresholds\" -> {} [label={}, style=dotted];",
                quote(&threshold.goto),
                quote(&format!("if {}", describe(&threshold.when)))
            );
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::ron::parse_ron;

    #[test]
    fn every_node_and_reply_becomes_part_of_the_graph() {
        let source = include_str!("../../scenarios/double-charge.ron");
        let file: ScenarioFile = parse_ron("double-charge.ron", source).unwrap();
        let dot = to_dot(&file);
        assert!(dot.starts_with("digraph \"double-charge\" {"));
        assert!(dot.trim_end().ends_with('}'));
        for name in file.nodes.keys() {
            assert!(dot.contains(&format!("    \"{name}\" [")), "node {name} missing");
        }
        let replies: usize = file
            .nodes
            .values()
            .map(|n| match n {
                Node::Say { choices, .. } => choices.len() + choices.iter().map(|c| c.branches.len()).sum::<usize>(),
                Node::End { .. } => 0,
            })
            .sum();
        let edges = dot.lines().filter(|l| l.contains(" -> ") && !l.contains("__")).count();
        assert_eq!(edges, replies);
        assert!(dot.contains("fillcolor=\"#8fd694\""), "resolved endings are green");
        assert!(dot.contains("✖ defensive"), "anti-patterns are marked");
    }

    #[test]
    fn quotes_survive_in_labels() {
        assert_eq!(quote("say \"hi\"\nnow"), "\"say \\\"hi\\\"\\nnow\"");
        assert_eq!(
            describe(&Condition::All(vec![Condition::Flag("a".into()), Condition::TemperAtLeast(80)])),
            "a and temper ≥ 80"
        );
    }
}
