//! The form of a reply: what a trainee can see in it without understanding it (its length,
//! its numbers, the customer's name, apology words, questions...). The audit's named players
//! and its form reader pick replies by these cues alone, so a scenario where they find the
//! best reply teaches a tell instead of the documents.

use crate::engine::model::{CompiledNode, CompiledScenario, NodeId};
use crate::engine::scenario::{Dossier, ScenarioFile};
use crate::engine::session::Session;
use std::collections::BTreeSet;

/// One surface cue of a reply, counted on its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    Length,
    Specifics,
    Name,
    DossierWords,
    LineWords,
    Apology,
    Empathy,
    Questions,
    Promises,
    Hedges,
    Negations,
    Directives,
    Exclamations,
    Thanks,
    We,
    Sentences,
    Handover,
    Money,
    Time,
}

/// Every cue of one reply, in [`Cue::ALL`]'s order.
pub type Cues = [i64; Cue::ALL.len()];

impl Cue {
    /// Where this cue sits in [`Cues`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub const ALL: [Cue; 19] = [
        Cue::Length,
        Cue::Specifics,
        Cue::Name,
        Cue::DossierWords,
        Cue::LineWords,
        Cue::Apology,
        Cue::Empathy,
        Cue::Questions,
        Cue::Promises,
        Cue::Hedges,
        Cue::Negations,
        Cue::Directives,
        Cue::Exclamations,
        Cue::Thanks,
        Cue::We,
        Cue::Sentences,
        Cue::Handover,
        Cue::Money,
        Cue::Time,
    ];

    /// The cue in words an author can act on: "the best reply is the one with {most}".
    pub fn words(self) -> &'static str {
        match self {
            Cue::Length => "characters",
            Cue::Specifics => "specifics (digits, amounts, ticket or order references, days and times)",
            Cue::Name => "uses of the customer's name",
            Cue::DossierWords => "words taken from the dossier",
            Cue::LineWords => "words echoing the customer's last line",
            Cue::Apology => "apology words",
            Cue::Empathy => "feeling words (understand, frustrating, worried...)",
            Cue::Questions => "questions",
            Cue::Promises => "first-person promises of action (I'll, I will, let me...)",
            Cue::Hedges => "hedges (should, might, probably, soon...)",
            Cue::Negations => "negations (not, no, can't, unfortunately...)",
            Cue::Directives => "directives to the customer (you need to, please note, policy...)",
            Cue::Exclamations => "exclamation marks",
            Cue::Thanks => "thanks",
            Cue::We => "we/our/us",
            Cue::Sentences => "sentences",
            Cue::Handover => "handover words (manager, supervisor, escalate, colleague...)",
            Cue::Money => "money words (refund, credit, discount, free...)",
            Cue::Time => "times and deadlines (today, by Friday, within the hour...)",
        }
    }
}

/// What a reply's text is read against: who the customer is and what they just said.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The customer's name parts ("Ruth", "Pemberton"), as written.
    pub names: Vec<String>,
    /// Content words of the dossier, lowercase.
    pub dossier: BTreeSet<String>,
    /// Content words of the customer's line this turn, lowercase.
    pub line: BTreeSet<String>,
}

impl Context {
    /// The context of a scenario's customer; `line` is added per turn with [`Context::with_line`].
    pub fn of(file: &ScenarioFile) -> Context {
        let names = file
            .customer
            .name
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|part| part.chars().count() >= 2 && part.chars().next().is_some_and(char::is_uppercase))
            .filter(|part| !TITLES.contains(part))
            .map(str::to_owned)
            .collect();
        Context { names, dossier: dossier_words(&file.customer.dossier), line: BTreeSet::new() }
    }

    pub fn with_line(&self, line: &str) -> Context {
        Context { line: content_words(line), ..self.clone() }
    }
}

/// Forms of address that are not part of what makes a name recognisable.
const TITLES: [&str; 8] = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx", "Sir", "Madam"];

/// Words too common to say anything about what a reply refers to.
const STOP_WORDS: [&str; 64] = [
    "that", "this", "with", "have", "your", "from", "they", "will", "would", "there", "their", "what", "when", "which",
    "been", "were", "about", "could", "should", "into", "than", "then", "them", "these", "those", "just", "only",
    "also", "here", "very", "some", "more", "most", "much", "over", "after", "before", "because", "while", "where",
    "every", "still", "even", "does", "done", "make", "made", "being", "want", "know", "like", "right", "need", "sure",
    "take", "back", "today", "time", "it's", "i'll", "i'm", "we'll", "we're", "you're",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
}

/// The words of a text that can tie it to something specific: four letters or more, not a
/// stop word.
pub fn content_words(text: &str) -> BTreeSet<String> {
    words(text).filter(|w| w.chars().count() >= 4 && !STOP_WORDS.contains(&w.as_str())).collect()
}

fn dossier_words(dossier: &Dossier) -> BTreeSet<String> {
    dossier.facts.iter().chain(&dossier.tickets).chain(&dossier.notes).flat_map(|t| content_words(t)).collect()
}

const APOLOGY: [&str; 7] = ["sorry", "apologise", "apologize", "apologies", "regret", "my fault", "my mistake"];
const EMPATHY: [&str; 13] = [
    "understand",
    "frustrat",
    "upset",
    "worr",
    "i hear",
    "i can see",
    "must be",
    "that sounds",
    "i know how",
    "feel",
    "imagine",
    "stressful",
    "disappoint",
];
const PROMISES: [&str; 8] = ["i'll", "i will", "i'm going to", "i am going to", "let me", "i've ", "i have ", "i can "];
const HEDGES: [&str; 10] =
    ["should", "might", "may ", "probably", "hopefully", "soon", "try ", "possibly", "perhaps", "i think"];
const NEGATIONS: [&str; 8] = ["not ", "n't", "no ", "never", "unfortunately", "cannot", "afraid", "nothing"];
const DIRECTIVES: [&str; 8] =
    ["you need to", "you have to", "you must", "you'll need", "please note", "policy", "as stated", "you should"];
const THANKS: [&str; 2] = ["thank", "appreciate"];
const HANDOVER: [&str; 7] = ["manager", "supervisor", "escalat", "team lead", "specialist", "colleague", "senior"];
const MONEY: [&str; 8] = ["refund", "credit", "discount", "voucher", "compensat", "free", "$", "€"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const TIME_WORDS: [&str; 12] = [
    "today",
    "tonight",
    "tomorrow",
    "this morning",
    "this afternoon",
    "by ",
    "within",
    "before ",
    "o'clock",
    "a.m.",
    "p.m.",
    "minutes",
];

fn count_any(lower: &str, needles: &[&str]) -> i64 {
    needles.iter().map(|n| lower.matches(n).count() as i64).sum()
}

/// Numbers, amounts, references, weekdays and months: what makes a reply look precise.
fn specifics(text: &str) -> i64 {
    let numbers = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .filter(|token| token.chars().any(|c| c.is_ascii_digit()) || token.starts_with('#'))
        .count() as i64;
    let named = words(text).filter(|w| WEEKDAYS.contains(&w.as_str()) || MONTHS.contains(&w.as_str())).count() as i64;
    numbers + named
}

/// The cues of every reply of a compiled scenario, for each line variant the customer may have
/// said before it: counted once, read by every player on every seed.
#[derive(Clone, Debug)]
pub struct CueTable {
    /// By node, then line variant, then reply index in the node.
    nodes: Vec<Vec<Vec<Cues>>>,
}

impl CueTable {
    pub fn of(scenario: &CompiledScenario) -> CueTable {
        let context = Context::of(&scenario.file);
        let nodes = scenario
            .nodes
            .iter()
            .map(|node| match node {
                CompiledNode::Say { lines, lines_when, choices } => {
                    let no_line = [String::new()];
                    let lines = if lines.is_empty() { &no_line[..] } else { &lines[..] };
                    // The node's own lines, then each conditional entry's, in file order.
                    lines
                        .iter()
                        .chain(lines_when.iter().flat_map(|(_, said)| said.iter()))
                        .map(|line| {
                            let here = context.with_line(line);
                            choices.iter().map(|c| cues(&c.text, &here)).collect()
                        })
                        .collect()
                }
                CompiledNode::End { .. } => Vec::new(),
            })
            .collect();
        CueTable { nodes }
    }

    /// The cues of reply `choice` at `node` after line variant `line`.
    pub fn row(&self, node: NodeId, line: usize, choice: usize) -> &Cues {
        let lines = &self.nodes[node as usize];
        &lines[line.min(lines.len() - 1)][choice]
    }

    /// The cues of the replies on offer now, in the order shown.
    pub fn shown(&self, session: &Session) -> Vec<&Cues> {
        let state = session.state();
        let offered = session.offered();
        let line = Self::line_row(session.scenario(), state, session.line_index());
        session.shown().iter().map(|&p| self.row(state.node, line, offered[p - 1])).collect()
    }

    /// The table's row for line variant `line` said in `state`: past the node's own lines when
    /// a `lines_when` entry was said instead.
    pub fn line_row(scenario: &CompiledScenario, state: crate::engine::model::State, line: usize) -> usize {
        match (scenario.node(state.node), scenario.lines_entry(state)) {
            (CompiledNode::Say { lines, lines_when, .. }, Some(entry)) => {
                lines.len().max(1) + lines_when[..entry].iter().map(|(_, said)| said.len()).sum::<usize>() + line
            }
            _ => line,
        }
    }

    /// The cues of the replies on offer in `available` (reply indices), in that order.
    pub fn offer(&self, node: NodeId, line: usize, available: &[usize]) -> Vec<&Cues> {
        available.iter().map(|&c| self.row(node, line, c)).collect()
    }

    /// How many line variants `node` has (at least one for a line).
    pub fn lines(&self, node: NodeId) -> usize {
        self.nodes[node as usize].len()
    }
}

/// Every cue of `text` against `context`, in [`Cue::ALL`]'s order.
pub fn cues(text: &str, context: &Context) -> Cues {
    let lower = format!("{} ", text.to_lowercase());
    Cue::ALL.map(|which| value(text, &lower, context, which))
}

/// The value of one cue.
pub fn cue(text: &str, context: &Context, which: Cue) -> i64 {
    value(text, &format!("{} ", text.to_lowercase()), context, which)
}

/// One cue of `text`; `lower` is the text in lowercase with a space after it, so a needle
/// ending in a space also matches at the end.
fn value(text: &str, lower: &str, context: &Context, which: Cue) -> i64 {
    match which {
        Cue::Length => text.chars().count() as i64,
        Cue::Specifics => specifics(text),
        Cue::Name => words(text).filter(|w| context.names.iter().any(|n| n.to_lowercase() == *w)).count() as i64,
        Cue::DossierWords => content_words(text).intersection(&context.dossier).count() as i64,
        Cue::LineWords => content_words(text).intersection(&context.line).count() as i64,
        Cue::Apology => count_any(lower, &APOLOGY),
        Cue::Empathy => count_any(lower, &EMPATHY),
        Cue::Questions => text.matches('?').count() as i64,
        Cue::Promises => count_any(lower, &PROMISES),
        Cue::Hedges => count_any(lower, &HEDGES),
        Cue::Negations => count_any(lower, &NEGATIONS),
        Cue::Directives => count_any(lower, &DIRECTIVES),
        Cue::Exclamations => text.matches('!').count() as i64,
        Cue::Thanks => count_any(lower, &THANKS),
        Cue::We => words(text)
            .filter(|w| matches!(w.as_str(), "we" | "our" | "us" | "we'll" | "we're" | "we've"))
            .count() as i64,
        Cue::Sentences => text.matches(['.', '!', '?']).count().max(1) as i64,
        Cue::Handover => count_any(lower, &HANDOVER),
        Cue::Money => count_any(lower, &MONEY),
        Cue::Time => count_any(lower, &TIME_WORDS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            names: vec!["Ruth".into(), "Pemberton".into()],
            dossier: content_words("Order #48213: storybook, Express shipping"),
            line: content_words("My granddaughter's storybook hasn't arrived"),
        }
    }

    #[test]
    fn specifics_count_numbers_references_and_days() {
        let c = context();
        assert_eq!(cue("Order #48213 ships Monday at 9:40, $12.95 back.", &c, Cue::Specifics), 4);
        assert_eq!(cue("I'm sorry, it's on its way.", &c, Cue::Specifics), 0);
    }

    #[test]
    fn the_name_counts_as_a_word_not_inside_others() {
        let c = context();
        assert_eq!(cue("Ruth, I'm sorry. Mrs Pemberton, truthfully...", &c, Cue::Name), 2);
        assert_eq!(cue("The truth is", &c, Cue::Name), 0);
    }

    #[test]
    fn words_shared_with_the_dossier_and_the_line() {
        let c = context();
        assert_eq!(cue("Your storybook left with Express shipping.", &c, Cue::DossierWords), 3);
        assert_eq!(cue("Your storybook has not arrived.", &c, Cue::LineWords), 2);
    }

    #[test]
    fn apologies_promises_and_directives() {
        let c = context();
        let text = "I'm so sorry, my mistake. I'll fix it. Please note you need to wait.";
        assert_eq!(cue(text, &c, Cue::Apology), 2);
        assert_eq!(cue(text, &c, Cue::Promises), 1);
        assert_eq!(cue(text, &c, Cue::Directives), 2);
        assert_eq!(cue(text, &c, Cue::Sentences), 3);
    }

    #[test]
    fn the_context_of_a_customer_drops_titles() {
        let names: Vec<String> =
            "Mrs Margaret Ashworth".split(' ').filter(|p| !TITLES.contains(p)).map(str::to_owned).collect();
        assert_eq!(names, ["Margaret", "Ashworth"]);
    }
}
