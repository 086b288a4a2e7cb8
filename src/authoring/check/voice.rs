//! Every reply fits the personality it is offered to: a reply or its feedback that
//! echoes words only another personality of the same customer says ("It's no bother at all"
//! to a customer who, played this way, never said "bother") answers what this customer never
//! said. Found by words, so it is a warning an author reads, not a proof.

use crate::authoring::spans::SpanIndex;
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::disc::DiscStyle;
use crate::engine::form::content_words;
use crate::engine::scenario::{Condition, Node, ScenarioFile};
use std::collections::{BTreeMap, BTreeSet};

/// Everyday words that tie a reply to nobody's line in particular.
const COMMON: [&str; 276] = [
    "able",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "almost",
    "alone",
    "along",
    "already",
    "also",
    "although",
    "always",
    "among",
    "another",
    "answer",
    "anyone",
    "anything",
    "anyway",
    "around",
    "asked",
    "asks",
    "away",
    "back",
    "because",
    "become",
    "been",
    "before",
    "began",
    "behind",
    "being",
    "believe",
    "below",
    "best",
    "better",
    "between",
    "both",
    "bring",
    "brought",
    "call",
    "called",
    "came",
    "cannot",
    "case",
    "certain",
    "change",
    "clear",
    "close",
    "come",
    "comes",
    "coming",
    "could",
    "course",
    "days",
    "didn't",
    "different",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "early",
    "either",
    "else",
    "email",
    "enough",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "example",
    "face",
    "fact",
    "feel",
    "felt",
    "find",
    "fine",
    "first",
    "follow",
    "found",
    "from",
    "full",
    "gave",
    "getting",
    "give",
    "given",
    "gives",
    "giving",
    "goes",
    "going",
    "gone",
    "good",
    "great",
    "half",
    "hand",
    "happen",
    "happened",
    "hard",
    "have",
    "having",
    "head",
    "hear",
    "heard",
    "help",
    "here",
    "high",
    "hold",
    "home",
    "hope",
    "however",
    "idea",
    "into",
    "itself",
    "just",
    "keep",
    "kind",
    "knew",
    "know",
    "last",
    "later",
    "least",
    "left",
    "less",
    "like",
    "line",
    "little",
    "long",
    "look",
    "looked",
    "looking",
    "made",
    "make",
    "makes",
    "making",
    "many",
    "matter",
    "maybe",
    "mean",
    "means",
    "might",
    "mind",
    "more",
    "most",
    "much",
    "must",
    "name",
    "need",
    "never",
    "news",
    "next",
    "nice",
    "night",
    "nobody",
    "none",
    "nothing",
    "number",
    "often",
    "once",
    "only",
    "open",
    "order",
    "other",
    "others",
    "over",
    "part",
    "people",
    "perhaps",
    "place",
    "plan",
    "please",
    "point",
    "quite",
    "rather",
    "read",
    "real",
    "really",
    "reason",
    "right",
    "said",
    "same",
    "says",
    "second",
    "seem",
    "seemed",
    "seen",
    "send",
    "sent",
    "shall",
    "short",
    "should",
    "show",
    "side",
    "since",
    "small",
    "some",
    "someone",
    "something",
    "sometimes",
    "soon",
    "sort",
    "start",
    "still",
    "such",
    "sure",
    "take",
    "taken",
    "takes",
    "talk",
    "tell",
    "than",
    "thank",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "thought",
    "three",
    "through",
    "time",
    "times",
    "today",
    "together",
    "told",
    "took",
    "turn",
    "under",
    "until",
    "upon",
    "used",
    "using",
    "very",
    "wait",
    "want",
    "wanted",
    "watch",
    "well",
    "went",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "whole",
    "will",
    "wish",
    "with",
    "within",
    "without",
    "word",
    "words",
    "work",
    "works",
    "would",
    "write",
    "written",
    "wrote",
    "year",
    "years",
    "yesterday",
    "your",
    "yours",
];

/// Whether `condition` can only hold for a customer of another primary style than `style`.
fn only_for_others(condition: &Condition, style: DiscStyle) -> bool {
    match condition {
        Condition::Style(other) => *other != style,
        Condition::All(all) => all.iter().any(|c| only_for_others(c, style)),
        Condition::Any(any) => !any.is_empty() && any.iter().all(|c| only_for_others(c, style)),
        _ => false,
    }
}

/// The lines a customer of `style` says at a node.
fn heard<'a>(lines: &'a [String], by_style: &'a BTreeMap<DiscStyle, Vec<String>>, style: DiscStyle) -> &'a [String] {
    by_style.get(&style).map_or(lines, Vec::as_slice)
}

/// One wording's echoes: the personalities who hear it, the words only others said, and who
/// said them.
type Echo = (Vec<DiscStyle>, BTreeSet<String>, BTreeSet<DiscStyle>);

/// Warnings for replies and feedback that answer what only another personality said.
pub fn voice_warnings(file: &ScenarioFile, file_name: &str, spans: &SpanIndex) -> Vec<Diagnostic> {
    let styles: Vec<DiscStyle> = file.profiles().iter().map(|p| p.primary).collect();
    if styles.len() < 2 {
        return Vec::new();
    }
    // Everything each personality hears or reads anywhere: a word found here is no echo of
    // another personality.
    let mut own: BTreeMap<DiscStyle, BTreeSet<String>> = BTreeMap::new();
    let shared = [&file.title, &file.summary]
        .into_iter()
        .chain(&file.customer.dossier.facts)
        .chain(&file.customer.dossier.tickets)
        .chain(&file.customer.dossier.notes)
        .flat_map(|t| content_words(t))
        .collect::<BTreeSet<_>>();
    for &style in &styles {
        let mut words = shared.clone();
        for node in file.nodes.values() {
            let said = match node {
                Node::Say { lines, lines_by_style, .. } => heard(lines, lines_by_style, style),
                Node::End { lines, lines_by_style, .. } => heard(lines, lines_by_style, style),
            };
            words.extend(said.iter().flat_map(|l| content_words(l)));
            // Lines said on some paths only may be heard by any personality.
            if let Node::Say { lines_when, .. } = node {
                words.extend(lines_when.iter().flat_map(|e| &e.lines).flat_map(|l| content_words(l)));
            }
        }
        own.insert(style, words);
    }
    // The agent's and the trainer's own vocabulary: words the replies (or the feedback) use at
    // other nodes ("sorry", "cause") are their voice, not an echo of the customer.
    let vocabulary = |skip: &str, feedback: bool| -> BTreeSet<String> {
        file.nodes
            .iter()
            .filter(|(n, _)| n.as_str() != skip)
            .filter_map(|(_, node)| match node {
                Node::Say { choices, .. } => Some(choices),
                Node::End { .. } => None,
            })
            .flatten()
            .flat_map(|c| {
                let texts: Vec<&String> = if feedback {
                    c.feedback.iter().chain(c.feedback_by_style.values()).collect()
                } else {
                    std::iter::once(&c.text).chain(c.text_by_style.values()).collect()
                };
                texts
            })
            .flat_map(|t| content_words(t))
            .collect()
    };
    let mut warnings = Vec::new();
    for (name, node) in &file.nodes {
        let Node::Say { lines, lines_by_style, choices, .. } = node else { continue };
        if lines_by_style.is_empty() {
            continue;
        }
        let agent = vocabulary(name, false);
        let trainer = vocabulary(name, true);
        for (i, choice) in choices.iter().enumerate() {
            let path: Vec<Seg> = vec!["nodes".into(), name.as_str().into(), "choices".into(), i.into()];
            for field in ["text", "feedback"] {
                // Per wording (the shared one, or a personality's own): who hears it and
                // which of its words only others said.
                let mut found: BTreeMap<Option<DiscStyle>, Echo> = BTreeMap::new();
                for &style in &styles {
                    if choice.requires.as_ref().is_some_and(|c| only_for_others(c, style)) {
                        continue;
                    }
                    let (own_wording, text) = if field == "text" {
                        (
                            choice.text_by_style.contains_key(&style),
                            choice.text_by_style.get(&style).unwrap_or(&choice.text),
                        )
                    } else {
                        match choice.feedback_by_style.get(&style).or(choice.feedback.as_ref()) {
                            Some(text) => (choice.feedback_by_style.contains_key(&style), text),
                            None => continue,
                        }
                    };
                    let voice = if field == "text" { &agent } else { &trainer };
                    let words = content_words(text);
                    let mut echoed = BTreeSet::new();
                    let mut sayers = BTreeSet::new();
                    for &other in styles.iter().filter(|s| **s != style) {
                        for word in heard(lines, lines_by_style, other).iter().flat_map(|l| content_words(l)) {
                            if words.contains(&word)
                                && !own[&style].contains(&word)
                                && !voice.contains(&word)
                                && !word.contains('\'')
                                && COMMON.binary_search(&word.as_str()).is_err()
                            {
                                echoed.insert(word);
                                sayers.insert(other);
                            }
                        }
                    }
                    if !echoed.is_empty() {
                        let entry = found.entry(own_wording.then_some(style)).or_default();
                        entry.0.push(style);
                        entry.1.extend(echoed);
                        entry.2.extend(sayers);
                    }
                }
                for (wording, (hearers, echoed, sayers)) in found {
                    let by_style = format!("{field}_by_style");
                    let at = match wording {
                        Some(style) => spans
                            .value(&[path.clone(), vec![by_style.as_str().into(), style.to_string().into()]].concat()),
                        None => spans.value(&[path.clone(), vec![field.into()]].concat()),
                    };
                    let names = |list: &mut dyn Iterator<Item = &DiscStyle>| {
                        list.map(ToString::to_string).collect::<Vec<_>>().join(" or ")
                    };
                    let quoted: Vec<String> = echoed.iter().map(|w| format!("\"{w}\"")).collect();
                    let hearers_named = names(&mut hearers.iter());
                    warnings.push(
                        Diagnostic::warning(
                            "other-personality",
                            format!(
                                "played as {hearers_named}, the customer never says {} at `{name}`: only the {} customer does",
                                quoted.join(", "),
                                names(&mut sayers.iter())
                            ),
                        )
                        .in_file(file_name)
                        .at(at, format!("this {field} answers what the {hearers_named} customer did not say"))
                        .note(format!(
                            "word it for each personality with `{by_style}: {{ {}: \"...\" }}`, or offer the reply to one personality with `requires: Some(Style(...))`",
                            hearers[0]
                        )),
                    );
                }
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_on_another_style_excludes_the_reply() {
        use DiscStyle::*;
        assert!(only_for_others(&Condition::Style(Steady), Dominant));
        assert!(!only_for_others(&Condition::Style(Dominant), Dominant));
        assert!(only_for_others(
            &Condition::All(vec![Condition::Flag("x".into()), Condition::Style(Steady)]),
            Influential
        ));
        assert!(!only_for_others(
            &Condition::Any(vec![Condition::Style(Steady), Condition::Flag("x".into())]),
            Influential
        ));
    }
}
