//! The scenario format as trainers write it in RON (`scenarios/*.ron`).
//!
//! These types mirror the file one to one; `compile` turns them into the indexed form the
//! engine runs, and reports every problem with its location.

use crate::engine::disc::{DiscProfile, DiscStyle};
use crate::engine::face::Expression;
use crate::engine::ident::Ident;
use crate::engine::look::{Appearance, Look};
use crate::engine::mood::{Mood, MoodDelta};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How the conversation happens; the game dresses the conversation screen to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Email,
    Chat,
    InPerson,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Phone, Channel::Email, Channel::Chat, Channel::InPerson];

    pub fn label(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::InPerson => "in person",
        }
    }

    /// How the conversation happens, to follow a name: "by phone", "in person".
    pub fn how(self) -> &'static str {
        match self {
            Channel::Phone => "by phone",
            Channel::Email => "by email",
            Channel::Chat => "by chat",
            Channel::InPerson => "in person",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// How a conversation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    Resolved,
    PartlyResolved,
    Escalated,
    WalkedAway,
    CustomerLost,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::PartlyResolved => "partly resolved",
            Outcome::Escalated => "escalated",
            Outcome::WalkedAway => "walked away",
            Outcome::CustomerLost => "customer lost",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What the trainee can read before the conversation: using it is the `get_prepared` strategy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    #[serde(default)]
    pub facts: Vec<String>,
    #[serde(default)]
    pub tickets: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    pub disc: DiscProfile,
    /// Other personalities the same customer can be played with (chosen in the picker or
    /// by seed); each is proven like the main one.
    #[serde(default)]
    pub alternatives: Vec<DiscProfile>,
    #[serde(default)]
    pub dossier: Dossier,
    /// How the customer looks; what it leaves out is derived from the scenario id, and
    /// facial hair, glasses, headwear and earrings only appear when written here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look: Option<Look>,
}

/// A test on the conversation's state: flags set so far and the customer's mood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Flag(String),
    NotFlag(String),
    TemperAtLeast(i32),
    TemperAtMost(i32),
    TrustAtLeast(i32),
    TrustAtMost(i32),
    /// Holds when the customer is played with this primary style: lets a personality take
    /// its own branch, reply or threshold.
    Style(DiscStyle),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// "If this holds, go there instead": a choice's branch or a scenario-wide threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub when: Condition,
    pub goto: String,
}

/// One reply the trainee can pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    /// The reply as worded for a personality where it must differ (it answers what that
    /// customer said); a style not listed is offered `text`. The scoring is the same.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub text_by_style: BTreeMap<DiscStyle, String>,
    /// Strategies this reply shows (earn points).
    #[serde(default)]
    pub shows: Vec<Ident>,
    /// Anti-patterns this reply commits (cost points).
    #[serde(default)]
    pub commits: Vec<Ident>,
    /// What the debrief says about this reply, in the trainer's words.
    #[serde(default)]
    pub feedback: Option<String>,
    /// The feedback for a personality where it must differ; a style not listed gets `feedback`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feedback_by_style: BTreeMap<DiscStyle, String>,
    /// Mood change on top of what the strategies do.
    #[serde(default)]
    pub mood: MoodDelta,
    #[serde(default)]
    pub sets: Vec<String>,
    #[serde(default)]
    pub clears: Vec<String>,
    /// Only offered when this holds.
    #[serde(default)]
    pub requires: Option<Condition>,
    /// Checked in order after the reply lands; the first that holds decides where it leads.
    #[serde(default)]
    pub branches: Vec<Route>,
    pub goto: String,
}

/// The customer's lines at a node when `when` holds on arrival (a flag set on the way, a mood,
/// a personality).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesWhen {
    pub when: Condition,
    pub lines: Vec<String>,
}

/// A point in the conversation: the customer speaks and the trainee replies, or it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Node {
    Say {
        /// Variants of the same line; the session's seed picks one.
        lines: Vec<String>,
        /// The line as each personality says it, where it differs: a Dominant customer
        /// demands, a Steady one worries. A style not listed says `lines`.
        #[serde(default)]
        lines_by_style: BTreeMap<DiscStyle, Vec<String>>,
        /// Lines that depend on what happened before: the first entry whose condition holds
        /// when the conversation arrives here replaces the lines above ("Thanks for the
        /// refund" only on the path where it was given).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lines_when: Vec<LinesWhen>,
        /// The agent cannot resolve this here; escalating is right. Elsewhere a reply that
        /// shows `escalate` is an error: it commits `needless_escalation` instead.
        #[serde(default)]
        beyond_agent: bool,
        /// The face the customer makes saying this line; without it the mood and the last
        /// reply decide.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expression: Option<Expression>,
        choices: Vec<Choice>,
    },
    End {
        outcome: Outcome,
        points: i32,
        /// The customer's last words, variants picked by seed.
        #[serde(default)]
        lines: Vec<String>,
        /// The last words as each personality says them, where they differ.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        lines_by_style: BTreeMap<DiscStyle, Vec<String>>,
        /// What happened, in a sentence, for the debrief.
        #[serde(default)]
        summary: Option<String>,
        /// What happened with each personality, where it differs.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        summary_by_style: BTreeMap<DiscStyle, String>,
        /// The face the customer makes saying their last words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expression: Option<Expression>,
    },
}

/// The author's intent as a check the loader proves. Replies are 1-based positions among
/// those offered, in file order, as `--choices` takes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Expectation {
    /// The best path (of `style`, else of the main personality) begins with these replies.
    BestStarts {
        replies: Vec<usize>,
        #[serde(default)]
        style: Option<DiscStyle>,
    },
    /// These replies, played to the end, score below `percent` for every personality they
    /// can be played with (a trap must stay a trap), or only as `style` when it is given.
    ScoresBelow {
        replies: Vec<usize>,
        percent: i64,
        #[serde(default)]
        style: Option<DiscStyle>,
    },
    /// Every two of the customer's personalities have different best paths.
    BestPathsDiffer,
}

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub channel: Channel,
    pub difficulty: Difficulty,
    pub customer: Customer,
    pub mood: Mood,
    pub turn_limit: u32,
    pub start: String,
    /// Checked after every reply that does not end the conversation: the first that holds
    /// sends the conversation to its node (the customer hangs up, demands a manager...).
    #[serde(default)]
    pub thresholds: Vec<Route>,
    pub nodes: BTreeMap<String, Node>,
    /// What the author means the scenario to teach, proven on every load.
    #[serde(default)]
    pub expect: Vec<Expectation>,
}

impl ScenarioFile {
    /// How the customer looks, with what the file leaves out derived from its id.
    pub fn appearance(&self) -> Appearance {
        self.customer.look.clone().unwrap_or_default().appearance(&self.id)
    }

    /// The expression the author gave node `name`, if any.
    pub fn expression(&self, name: &str) -> Option<Expression> {
        match self.nodes.get(name)? {
            Node::Say { expression, .. } | Node::End { expression, .. } => *expression,
        }
    }

    /// Every personality this scenario can be played with, the main one first.
    pub fn profiles(&self) -> Vec<DiscProfile> {
        let mut profiles = vec![self.customer.disc];
        for alternative in &self.customer.alternatives {
            if !profiles.contains(alternative) {
                profiles.push(*alternative);
            }
        }
        profiles
    }
}
