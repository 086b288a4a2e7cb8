//! Search across a scenarios folder: every place a word, a strategy or a flag is used, by file
//! and node, so a trainer finds "where do we promise a callback?" or "which replies commit
//! `overpromising`?" without opening each file. Files are only parsed, not proven, so a file
//! with mistakes in it is searched too.

use crate::authoring::load::{decode, scenario_paths};
use crate::authoring::ron::parse_ron;
use crate::engine::scenario::{Condition, Node, ScenarioFile};
use std::path::{Path, PathBuf};

/// One place the query was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub file: PathBuf,
    /// The node it is in (none for the scenario's own settings and dossier).
    pub node: Option<String>,
    /// What holds it: "reply 2", "the customer's line", "reply 1 shows", "a threshold"...
    pub place: String,
    /// The text around the match, or the strategy or flag named.
    pub excerpt: String,
}

/// The most hits returned, so a one-letter query stays quick to show.
pub const MAX_HITS: usize = 500;

/// Every place `query` appears (case-insensitive) in the scenarios under `folder`: in what is
/// said and written, and as a strategy, anti-pattern or flag name. Files that do not parse are
/// skipped (`validate` reports them).
pub fn search(folder: &Path, query: &str) -> Vec<Hit> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let Ok(paths) = scenario_paths(&[folder.to_path_buf()]) else { return Vec::new() };
    let mut hits = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let name = path.display().to_string();
        let Ok(text) = decode(&name, &bytes) else { continue };
        let Ok(file) = parse_ron::<ScenarioFile>(&name, &text) else { continue };
        search_file(&path, &file, &needle, &mut hits);
        if hits.len() >= MAX_HITS {
            hits.truncate(MAX_HITS);
            break;
        }
    }
    hits
}

fn search_file(path: &Path, file: &ScenarioFile, needle: &str, hits: &mut Vec<Hit>) {
    let mut found = |node: Option<&str>, place: String, text: &str| {
        if let Some(excerpt) = around(text, needle) {
            hits.push(Hit { file: path.to_path_buf(), node: node.map(str::to_owned), place, excerpt });
        }
    };
    found(None, "the title".into(), &file.title);
    found(None, "the summary".into(), &file.summary);
    found(None, "the customer's name".into(), &file.customer.name);
    let dossier = &file.customer.dossier;
    for text in dossier.facts.iter().chain(&dossier.tickets).chain(&dossier.notes) {
        found(None, "the dossier".into(), text);
    }
    for route in &file.thresholds {
        for flag in flags_in(&route.when) {
            found(None, "a threshold tests the flag".into(), &flag);
        }
    }
    for (name, node) in &file.nodes {
        let at = Some(name.as_str());
        match node {
            Node::Say { lines, lines_by_style, lines_when, choices, .. } => {
                for line in lines.iter().chain(lines_by_style.values().flatten()) {
                    found(at, "the customer's line".into(), line);
                }
                for entry in lines_when {
                    for line in &entry.lines {
                        found(at, "a line said on some paths".into(), line);
                    }
                    for flag in flags_in(&entry.when) {
                        found(at, "a line tests the flag".into(), &flag);
                    }
                }
                for (i, choice) in choices.iter().enumerate() {
                    let n = i + 1;
                    for text in std::iter::once(&choice.text).chain(choice.text_by_style.values()) {
                        found(at, format!("reply {n}"), text);
                    }
                    for text in choice.feedback.iter().chain(choice.feedback_by_style.values()) {
                        found(at, format!("reply {n}'s feedback"), text);
                    }
                    for id in &choice.shows {
                        found(at, format!("reply {n} shows"), id.as_str());
                    }
                    for id in &choice.commits {
                        found(at, format!("reply {n} commits"), id.as_str());
                    }
                    for flag in choice.sets.iter() {
                        found(at, format!("reply {n} sets the flag"), flag);
                    }
                    for flag in choice.clears.iter() {
                        found(at, format!("reply {n} clears the flag"), flag);
                    }
                    let tested = choice.requires.iter().chain(choice.branches.iter().map(|b| &b.when));
                    for flag in tested.flat_map(flags_in) {
                        found(at, format!("reply {n} tests the flag"), &flag);
                    }
                }
            }
            Node::End { lines, lines_by_style, summary, summary_by_style, .. } => {
                for line in lines.iter().chain(lines_by_style.values().flatten()) {
                    found(at, "the last words".into(), line);
                }
                for text in summary.iter().chain(summary_by_style.values()) {
                    found(at, "the ending's summary".into(), text);
                }
            }
        }
    }
}

/// The flags a condition tests.
fn flags_in(condition: &Condition) -> Vec<String> {
    match condition {
        Condition::Flag(f) | Condition::NotFlag(f) => vec![f.clone()],
        Condition::All(list) | Condition::Any(list) => list.iter().flat_map(flags_in).collect(),
        Condition::Not(inner) => flags_in(inner),
        _ => Vec::new(),
    }
}

/// Up to 40 characters either side of the first match, or `None` when there is none.
fn around(text: &str, needle: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(needle)?;
    // Lowercasing can change byte lengths; map back by characters.
    let start_chars = lower[..at].chars().count();
    let chars: Vec<char> = text.chars().collect();
    let from = start_chars.saturating_sub(40);
    let to = (start_chars + needle.chars().count() + 40).min(chars.len());
    let mut excerpt: String = chars[from..to].iter().collect();
    if from > 0 {
        excerpt = format!("…{excerpt}");
    }
    if to < chars.len() {
        excerpt.push('…');
    }
    Some(excerpt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_library_is_searched_by_word_strategy_and_flag() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let by_word = search(&folder, "DANA ORTIZ");
        assert!(by_word.iter().any(|h| h.file.ends_with("double-charge.ron") && h.place == "the customer's name"));
        let by_strategy = search(&folder, "overpromising");
        assert!(by_strategy.len() >= 2, "{by_strategy:?}");
        assert!(by_strategy.iter().all(|h| h.node.is_some() && h.place.ends_with("commits")), "{by_strategy:?}");
        assert!(search(&folder, "   ").is_empty());
        assert!(search(&folder, "zzzz-not-in-any-scenario").is_empty());
    }

    #[test]
    fn an_excerpt_keeps_the_match_with_its_context() {
        let text = "Ça fait trois semaines que j'attends le remboursement promis par téléphone.";
        let excerpt = around(text, "remboursement").unwrap();
        assert!(excerpt.contains("remboursement"));
        assert_eq!(around("short", "SHORT".to_lowercase().as_str()).as_deref(), Some("short"));
        assert!(around("nothing here", "absent").is_none());
    }
}
