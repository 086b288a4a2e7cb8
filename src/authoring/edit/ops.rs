//! The edits a trainer makes to a scenario. Each is two things kept in step: the change to
//! the scenario as the engine sees it, and the smallest patch to the file's text that makes
//! it (only the bytes of the changed value; an entry added beside its siblings in their
//! layout). The document checks that the patched text reads back as the changed scenario.

use crate::authoring::edit::layout::{Patch, insert_entry, remove_entry};
use crate::authoring::edit::write;
use crate::authoring::spans::SpanIndex;
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::disc::{DiscProfile, DiscStyle};
use crate::engine::ident::Ident;
use crate::engine::mood::{Mood, MoodDelta};
use crate::engine::scenario::{
    Channel, Choice, Condition, Difficulty, Dossier, Expectation, Node, Outcome, Route, ScenarioFile,
};
use std::fmt;
use std::ops::Range;

/// One change a trainer makes. Replies and lines are numbered from 0 here; messages for
/// people number them from 1, as the game and `--choices` do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The scenario's own settings.
    Setting(Setting),
    /// One of a node's lines (`style`: the lines of that personality).
    SetLine {
        node: String,
        style: Option<DiscStyle>,
        index: usize,
        text: String,
    },
    /// Another variant of a node's line, after the others (the first for a personality
    /// that had none of its own).
    AddLine {
        node: String,
        style: Option<DiscStyle>,
        text: String,
    },
    RemoveLine {
        node: String,
        style: Option<DiscStyle>,
        index: usize,
    },
    SetBeyondAgent {
        node: String,
        beyond: bool,
    },
    /// One field of one reply.
    Reply {
        node: String,
        reply: usize,
        change: ReplyChange,
    },
    /// A reply after a node's others.
    AddReply {
        node: String,
        reply: Choice,
    },
    DeleteReply {
        node: String,
        reply: usize,
    },
    /// One field of an ending.
    Ending {
        node: String,
        change: EndingChange,
    },
    /// A node, after `after` (else after the last).
    AddNode {
        name: String,
        node: Node,
        after: Option<String>,
    },
    DeleteNode {
        name: String,
    },
    /// Renames a node and every reference to it: the start, gotos, branches, thresholds.
    RenameNode {
        from: String,
        to: String,
    },
    /// Renames a flag everywhere it is set, cleared or tested.
    RenameFlag {
        from: String,
        to: String,
    },
    /// The text itself, for what no form offers; kept only if the file still reads.
    Text {
        range: Range<usize>,
        text: String,
    },
    /// Several edits as one step (a reply that leads to a node made in place, say).
    Group(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    Id(String),
    Title(String),
    Summary(String),
    Channel(Channel),
    Difficulty(Difficulty),
    TurnLimit(u32),
    Mood(Mood),
    Start(String),
    CustomerName(String),
    Personality(DiscProfile),
    Alternatives(Vec<DiscProfile>),
    Dossier(Dossier),
    Thresholds(Vec<Route>),
    Expectations(Vec<Expectation>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyChange {
    Text(String),
    Feedback(Option<String>),
    Shows(Vec<Ident>),
    Commits(Vec<Ident>),
    Mood(MoodDelta),
    Sets(Vec<String>),
    Clears(Vec<String>),
    Requires(Option<Condition>),
    Branches(Vec<Route>),
    Goto(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndingChange {
    Outcome(Outcome),
    Points(i32),
    Lines(Vec<String>),
    Summary(Option<String>),
}

/// Why an edit was not made. The text is left exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The edit names something that is not there, or would clash with what is.
    Invalid(String),
    /// The edited text would not read as a scenario; what the reader said about it.
    WouldNotParse(Vec<Diagnostic>),
    /// The text could not be patched so that it reads back as the edit meant.
    NotInPlace(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Invalid(message) => f.write_str(message),
            EditError::WouldNotParse(diagnostics) => {
                let first = diagnostics.first().map_or("it would not read", |d| d.message.as_str());
                write!(f, "this change would leave a file that cannot be read ({first}), so it was not made")
            }
            EditError::NotInPlace(what) => write!(
                f,
                "{what} could not be changed in place without touching something else, so the file was left as it was"
            ),
        }
    }
}

fn invalid<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Invalid(message.into()))
}

/// The order fields are written in, which is where a field that was left out goes back in.
const SCENARIO_FIELDS: &[&str] = &[
    "id",
    "title",
    "summary",
    "channel",
    "difficulty",
    "customer",
    "mood",
    "turn_limit",
    "start",
    "thresholds",
    "nodes",
    "expect",
];
const CUSTOMER_FIELDS: &[&str] = &["name", "look", "disc", "alternatives", "dossier"];
const PROFILE_FIELDS: &[&str] = &["primary", "secondary"];
const SAY_FIELDS: &[&str] = &["lines", "lines_by_style", "beyond_agent", "expression", "choices"];
const END_FIELDS: &[&str] = &["outcome", "points", "lines", "summary", "expression"];
const CHOICE_FIELDS: &[&str] =
    &["text", "shows", "commits", "feedback", "mood", "sets", "clears", "requires", "branches", "goto"];
const MOOD_FIELDS: &[&str] = &["temper", "trust"];
const STYLE_KEYS: &[&str] = &["Dominant", "Influential", "Steady", "Conscientious"];

fn path(parts: &[Seg]) -> Vec<Seg> {
    parts.to_vec()
}

fn node_path(node: &str) -> Vec<Seg> {
    path(&["nodes".into(), node.into()])
}

fn reply_path(node: &str, reply: usize) -> Vec<Seg> {
    path(&["nodes".into(), node.into(), "choices".into(), reply.into()])
}

fn lines_path(node: &str, style: Option<DiscStyle>) -> Vec<Seg> {
    match style {
        None => path(&["nodes".into(), node.into(), "lines".into()]),
        Some(style) => path(&["nodes".into(), node.into(), "lines_by_style".into(), format!("{style:?}").into()]),
    }
}

fn join(base: &[Seg], more: &[Seg]) -> Vec<Seg> {
    [base, more].concat()
}

/// What an edit works on, before the edit.
pub(crate) struct Before<'a> {
    pub src: &'a str,
    pub spans: &'a SpanIndex,
    pub file: &'a ScenarioFile,
}

impl Before<'_> {
    fn value(&self, at: &[Seg], what: &str) -> Result<Range<usize>, EditError> {
        self.spans.value(at).ok_or_else(|| EditError::NotInPlace(what.to_owned()))
    }

    fn replace(&self, at: &[Seg], text: String, what: &str) -> Result<Vec<Patch>, EditError> {
        Ok(vec![Patch::replace(self.value(at, what)?, text)])
    }

    /// Sets the field or map entry `key` of the group at `group` to `value` (written for
    /// the indentation of its line), leaving it out when `value` is `None`. An existing
    /// value is replaced where it stands; a new field goes after the fields `order` puts
    /// before it.
    fn set_field(
        &self,
        group: &[Seg],
        key: &str,
        order: &[&str],
        value: Option<&dyn Fn(&str) -> String>,
        what: &str,
    ) -> Result<Vec<Patch>, EditError> {
        let found = self.spans.group(group).ok_or_else(|| EditError::NotInPlace(what.to_owned()))?;
        let existing = found.entries.iter().position(|e| e.key.as_ref().is_some_and(|(k, _)| k == key));
        match (existing, value) {
            (Some(_), Some(value)) => {
                let at = join(group, &[key.into()]);
                let range = self.value(&at, what)?;
                let indent = indent_of_line(self.src, range.start);
                Ok(vec![Patch::replace(range, value(&indent))])
            }
            (Some(i), None) => Ok(remove_entry(self.src, &found, i)),
            (None, Some(value)) => {
                let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
                let mine = rank(key);
                let after = found.entries.iter().rposition(|e| e.key.as_ref().is_some_and(|(k, _)| rank(k) < mine));
                let patches = insert_entry(self.src, &found, after, |indent| format!("{key}: {}", value(indent)));
                if patches.is_empty() { Err(EditError::NotInPlace(what.to_owned())) } else { Ok(patches) }
            }
            (None, None) => Ok(Vec::new()),
        }
    }

    fn say(&self, node: &str) -> Result<(&Vec<String>, &Vec<Choice>), EditError> {
        match self.file.nodes.get(node) {
            Some(Node::Say { lines, choices, .. }) => Ok((lines, choices)),
            Some(Node::End { .. }) => invalid(format!("`{node}` is an ending: it has no replies")),
            None => invalid(format!("there is no node `{node}`")),
        }
    }
}

/// The spaces and tabs that begin the line holding `pos`.
fn indent_of_line(src: &str, pos: usize) -> String {
    let start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    src[start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

/// The patches that make `edit` in the text. `Group` and `Text` are the document's to do.
pub(crate) fn plan(edit: &Edit, before: &Before) -> Result<Vec<Patch>, EditError> {
    let file = before.file;
    match edit {
        Edit::Setting(setting) => plan_setting(setting, before),
        Edit::SetLine { node, style, index, text } => {
            let lines = node_lines(file, node, *style)?;
            if *index >= lines.len() {
                return invalid(format!("node `{node}` has no line {}", index + 1));
            }
            before.replace(&join(&lines_path(node, *style), &[(*index).into()]), write::string(text), "the line")
        }
        Edit::AddLine { node, style, text } => {
            before.say(node)?;
            let list = lines_path(node, *style);
            match before.spans.group(&list) {
                Some(group) => {
                    let after = group.entries.len().checked_sub(1);
                    Ok(insert_entry(before.src, &group, after, |_| write::string(text)))
                }
                // A personality without lines of its own yet.
                None => match style {
                    Some(style) => {
                        let key = format!("{style:?}");
                        let value = |_: &str| write::strings(std::slice::from_ref(text));
                        if before.spans.group(&join(&node_path(node), &["lines_by_style".into()])).is_some() {
                            let map = join(&node_path(node), &["lines_by_style".into()]);
                            before.set_field(&map, &key, STYLE_KEYS, Some(&value), "the personality's lines")
                        } else {
                            let map = |indent: &str| {
                                let inner = format!("{indent}{}", write::UNIT);
                                format!("{{\n{inner}{key}: {},\n{indent}}}", value(&inner))
                            };
                            before.set_field(&node_path(node), "lines_by_style", SAY_FIELDS, Some(&map), "the node")
                        }
                    }
                    None => Err(EditError::NotInPlace("the lines".into())),
                },
            }
        }
        Edit::RemoveLine { node, style, index } => {
            let lines = node_lines(file, node, *style)?;
            if *index >= lines.len() {
                return invalid(format!("node `{node}` has no line {}", index + 1));
            }
            match style {
                // The last line of a personality: its entry goes, and it says the main lines.
                Some(style) if lines.len() == 1 => {
                    let map = join(&node_path(node), &["lines_by_style".into()]);
                    before.set_field(&map, &format!("{style:?}"), STYLE_KEYS, None, "the personality's lines")
                }
                _ => {
                    let group = before
                        .spans
                        .group(&lines_path(node, *style))
                        .ok_or_else(|| EditError::NotInPlace("the lines".into()))?;
                    Ok(remove_entry(before.src, &group, *index))
                }
            }
        }
        Edit::SetBeyondAgent { node, beyond } => {
            before.say(node)?;
            let value = |_: &str| "true".to_owned();
            let value: Option<&dyn Fn(&str) -> String> = if *beyond { Some(&value) } else { None };
            before.set_field(&node_path(node), "beyond_agent", SAY_FIELDS, value, "the node")
        }
        Edit::Reply { node, reply, change } => {
            let (_, choices) = before.say(node)?;
            if *reply >= choices.len() {
                return invalid(format!("node `{node}` has no reply {}", reply + 1));
            }
            plan_reply(&reply_path(node, *reply), change, before)
        }
        Edit::AddReply { node, reply } => {
            before.say(node)?;
            let list = join(&node_path(node), &["choices".into()]);
            let group = before.spans.group(&list).ok_or_else(|| EditError::NotInPlace("the replies".into()))?;
            let after = group.entries.len().checked_sub(1);
            Ok(insert_entry(before.src, &group, after, |indent| write::choice(reply, indent)))
        }
        Edit::DeleteReply { node, reply } => {
            let (_, choices) = before.say(node)?;
            if *reply >= choices.len() {
                return invalid(format!("node `{node}` has no reply {}", reply + 1));
            }
            let list = join(&node_path(node), &["choices".into()]);
            let group = before.spans.group(&list).ok_or_else(|| EditError::NotInPlace("the replies".into()))?;
            Ok(remove_entry(before.src, &group, *reply))
        }
        Edit::Ending { node, change } => {
            match file.nodes.get(node) {
                Some(Node::End { .. }) => {}
                Some(Node::Say { .. }) => return invalid(format!("`{node}` is not an ending")),
                None => return invalid(format!("there is no node `{node}`")),
            }
            let at = node_path(node);
            match change {
                EndingChange::Outcome(outcome) => {
                    before.replace(&join(&at, &["outcome".into()]), format!("{outcome:?}"), "the outcome")
                }
                EndingChange::Points(points) => {
                    before.replace(&join(&at, &["points".into()]), points.to_string(), "the points")
                }
                EndingChange::Lines(lines) => {
                    let value = |indent: &str| write::lines(lines, indent);
                    let value: Option<&dyn Fn(&str) -> String> = (!lines.is_empty()).then_some(&value);
                    before.set_field(&at, "lines", END_FIELDS, value, "the ending")
                }
                EndingChange::Summary(summary) => {
                    let value = |_: &str| write::string(summary.as_deref().unwrap_or_default());
                    let value: Option<&dyn Fn(&str) -> String> = summary.is_some().then_some(&value);
                    before.set_field(&at, "summary", END_FIELDS, value, "the ending")
                }
            }
        }
        Edit::AddNode { name, node, after } => {
            check_new_node_name(file, name)?;
            let group =
                before.spans.group(&["nodes".into()]).ok_or_else(|| EditError::NotInPlace("the nodes".into()))?;
            let anchor = match after {
                Some(after) => group
                    .entries
                    .iter()
                    .rposition(|e| e.key.as_ref().is_some_and(|(k, _)| k == after))
                    .ok_or_else(|| EditError::Invalid(format!("there is no node `{after}`")))?,
                None => group.entries.len().saturating_sub(1),
            };
            let anchor = (!group.entries.is_empty()).then_some(anchor);
            Ok(insert_entry(before.src, &group, anchor, |indent| {
                format!("{}: {}", write::string(name), write::node(node, indent))
            }))
        }
        Edit::DeleteNode { name } => {
            if !file.nodes.contains_key(name) {
                return invalid(format!("there is no node `{name}`"));
            }
            let group =
                before.spans.group(&["nodes".into()]).ok_or_else(|| EditError::NotInPlace("the nodes".into()))?;
            let index = group
                .entries
                .iter()
                .rposition(|e| e.key.as_ref().is_some_and(|(k, _)| k == name))
                .ok_or_else(|| EditError::NotInPlace(format!("node `{name}`")))?;
            Ok(remove_entry(before.src, &group, index))
        }
        Edit::RenameNode { from, to } => {
            if !file.nodes.contains_key(from) {
                return invalid(format!("there is no node `{from}`"));
            }
            check_new_node_name(file, to)?;
            let key =
                before.spans.key(&node_path(from)).ok_or_else(|| EditError::NotInPlace(format!("node `{from}`")))?;
            let mut patches = vec![Patch::replace(key, write::string(to))];
            for place in node_references(file, from) {
                patches.push(Patch::replace(before.value(&place, "a reference to the node")?, write::string(to)));
            }
            Ok(patches)
        }
        Edit::RenameFlag { from, to } => {
            if to.trim().is_empty() {
                return invalid("a flag needs a name");
            }
            let places = flag_references(file, from);
            if places.is_empty() {
                return invalid(format!("no reply or condition uses the flag `{from}`"));
            }
            if from != to && !flag_references(file, to).is_empty() {
                return invalid(format!(
                    "the flag `{to}` is already used; renaming `{from}` to it would merge the two"
                ));
            }
            places
                .iter()
                .map(|place| Ok(Patch::replace(before.value(place, "a use of the flag")?, write::string(to))))
                .collect()
        }
        Edit::Text { .. } | Edit::Group(_) => unreachable!("the document applies these itself"),
    }
}

fn check_new_node_name(file: &ScenarioFile, name: &str) -> Result<(), EditError> {
    if name.trim().is_empty() {
        return invalid("a node needs a name");
    }
    if file.nodes.contains_key(name) {
        return invalid(format!("a node called `{name}` already exists"));
    }
    Ok(())
}

fn node_lines(file: &ScenarioFile, node: &str, style: Option<DiscStyle>) -> Result<Vec<String>, EditError> {
    match file.nodes.get(node) {
        Some(Node::Say { lines, lines_by_style, .. }) => Ok(match style {
            None => lines.clone(),
            Some(style) => lines_by_style.get(&style).cloned().unwrap_or_default(),
        }),
        Some(Node::End { .. }) => invalid(format!("`{node}` is an ending: its lines are set with the ending")),
        None => invalid(format!("there is no node `{node}`")),
    }
}

fn plan_setting(setting: &Setting, before: &Before) -> Result<Vec<Patch>, EditError> {
    let root: Vec<Seg> = Vec::new();
    let customer = path(&["customer".into()]);
    let text = |field: &str, value: &str| before.replace(&[field.into()], write::string(value), field);
    match setting {
        Setting::Id(id) => text("id", id),
        Setting::Title(title) => text("title", title),
        Setting::Summary(summary) => text("summary", summary),
        Setting::Start(start) => text("start", start),
        Setting::Channel(channel) => before.replace(&["channel".into()], format!("{channel:?}"), "channel"),
        Setting::Difficulty(d) => before.replace(&["difficulty".into()], format!("{d:?}"), "difficulty"),
        Setting::TurnLimit(n) => before.replace(&["turn_limit".into()], n.to_string(), "turn_limit"),
        Setting::Mood(mood) => {
            let mut patches = Vec::new();
            let old = before.file.mood;
            for (field, value, was) in [("temper", mood.temper, old.temper), ("trust", mood.trust, old.trust)] {
                if value != was {
                    let write = |_: &str| value.to_string();
                    patches.extend(before.set_field(&["mood".into()], field, MOOD_FIELDS, Some(&write), "mood")?);
                }
            }
            Ok(patches)
        }
        Setting::CustomerName(name) => {
            before.replace(&join(&customer, &["name".into()]), write::string(name), "the customer's name")
        }
        Setting::Personality(profile) => {
            let disc = join(&customer, &["disc".into()]);
            let old = before.file.customer.disc;
            let mut patches = Vec::new();
            if profile.primary != old.primary {
                patches.extend(before.replace(
                    &join(&disc, &["primary".into()]),
                    format!("{:?}", profile.primary),
                    "the personality",
                )?);
            }
            match (old.secondary, profile.secondary) {
                (was, now) if was == now => {}
                // An existing `Some(X)` is patched inside, so only `X` changes.
                (Some(_), Some(now)) => patches.extend(before.replace(
                    &join(&disc, &["secondary".into()]),
                    format!("{now:?}"),
                    "the personality",
                )?),
                (_, now) => {
                    let value = |_: &str| format!("Some({:?})", now.unwrap_or(profile.primary));
                    let value: Option<&dyn Fn(&str) -> String> = now.is_some().then_some(&value);
                    patches.extend(before.set_field(&disc, "secondary", PROFILE_FIELDS, value, "the personality")?);
                }
            }
            Ok(patches)
        }
        Setting::Alternatives(list) => {
            let value = |_: &str| write::profiles(list);
            let value: Option<&dyn Fn(&str) -> String> = (!list.is_empty()).then_some(&value);
            before.set_field(&customer, "alternatives", CUSTOMER_FIELDS, value, "the customer")
        }
        Setting::Dossier(dossier) => {
            let value = |indent: &str| write::dossier(dossier, indent);
            let value: Option<&dyn Fn(&str) -> String> = (*dossier != Dossier::default()).then_some(&value);
            before.set_field(&customer, "dossier", CUSTOMER_FIELDS, value, "the customer")
        }
        Setting::Thresholds(routes) => {
            let value = |_: &str| write::routes(routes);
            let value: Option<&dyn Fn(&str) -> String> = (!routes.is_empty()).then_some(&value);
            before.set_field(&root, "thresholds", SCENARIO_FIELDS, value, "the scenario")
        }
        Setting::Expectations(list) => {
            let value = |indent: &str| write::expectations(list, indent);
            let value: Option<&dyn Fn(&str) -> String> = (!list.is_empty()).then_some(&value);
            before.set_field(&root, "expect", SCENARIO_FIELDS, value, "the scenario")
        }
    }
}

fn plan_reply(at: &[Seg], change: &ReplyChange, before: &Before) -> Result<Vec<Patch>, EditError> {
    type Writer<'a> = Option<&'a dyn Fn(&str) -> String>;
    let set = |field: &str, value: Writer| before.set_field(at, field, CHOICE_FIELDS, value, "the reply");
    match change {
        ReplyChange::Text(text) => before.replace(&join(at, &["text".into()]), write::string(text), "the reply"),
        ReplyChange::Goto(goto) => before.replace(&join(at, &["goto".into()]), write::string(goto), "the reply"),
        ReplyChange::Feedback(feedback) => {
            let value = |_: &str| write::string(feedback.as_deref().unwrap_or_default());
            set("feedback", feedback.is_some().then_some(&value))
        }
        ReplyChange::Shows(ids) | ReplyChange::Commits(ids) => {
            let field = if matches!(change, ReplyChange::Shows(_)) { "shows" } else { "commits" };
            let value = |_: &str| write::idents(ids);
            set(field, (!ids.is_empty()).then_some(&value))
        }
        ReplyChange::Mood(delta) => {
            let value = |_: &str| write::mood_delta(*delta);
            set("mood", (!delta.is_zero()).then_some(&value))
        }
        ReplyChange::Sets(flags) | ReplyChange::Clears(flags) => {
            let field = if matches!(change, ReplyChange::Sets(_)) { "sets" } else { "clears" };
            let value = |_: &str| write::strings(flags);
            set(field, (!flags.is_empty()).then_some(&value))
        }
        ReplyChange::Requires(condition) => {
            let value = |_: &str| condition.as_ref().map(write::condition).unwrap_or_default();
            set("requires", condition.is_some().then_some(&value))
        }
        ReplyChange::Branches(routes) => {
            let value = |_: &str| write::routes(routes);
            set("branches", (!routes.is_empty()).then_some(&value))
        }
    }
}

/// Every place a node is named: the start, thresholds, gotos and branches.
pub fn node_references(file: &ScenarioFile, node: &str) -> Vec<Vec<Seg>> {
    let mut places = Vec::new();
    if file.start == node {
        places.push(path(&["start".into()]));
    }
    for (i, route) in file.thresholds.iter().enumerate() {
        if route.goto == node {
            places.push(path(&["thresholds".into(), i.into(), "goto".into()]));
        }
    }
    for (name, said) in &file.nodes {
        let Node::Say { choices, .. } = said else { continue };
        for (j, choice) in choices.iter().enumerate() {
            let at = reply_path(name, j);
            if choice.goto == node {
                places.push(join(&at, &["goto".into()]));
            }
            for (k, route) in choice.branches.iter().enumerate() {
                if route.goto == node {
                    places.push(join(&at, &["branches".into(), k.into(), "goto".into()]));
                }
            }
        }
    }
    places
}

/// Every place a flag is named: set, cleared, or tested in a condition.
pub fn flag_references(file: &ScenarioFile, flag: &str) -> Vec<Vec<Seg>> {
    let mut places = Vec::new();
    for (i, route) in file.thresholds.iter().enumerate() {
        condition_flags(&route.when, &path(&["thresholds".into(), i.into(), "when".into()]), flag, &mut places);
    }
    for (name, said) in &file.nodes {
        let Node::Say { choices, .. } = said else { continue };
        for (j, choice) in choices.iter().enumerate() {
            let at = reply_path(name, j);
            for (field, list) in [("sets", &choice.sets), ("clears", &choice.clears)] {
                for (k, set) in list.iter().enumerate() {
                    if set == flag {
                        places.push(join(&at, &[field.into(), k.into()]));
                    }
                }
            }
            if let Some(requires) = &choice.requires {
                condition_flags(requires, &join(&at, &["requires".into()]), flag, &mut places);
            }
            for (k, route) in choice.branches.iter().enumerate() {
                condition_flags(
                    &route.when,
                    &join(&at, &["branches".into(), k.into(), "when".into()]),
                    flag,
                    &mut places,
                );
            }
        }
    }
    places
}

/// The places in `condition` (written at `at`) that test `flag`, as the checker walks them.
fn condition_flags(condition: &Condition, at: &[Seg], flag: &str, out: &mut Vec<Vec<Seg>>) {
    match condition {
        Condition::Flag(f) | Condition::NotFlag(f) if f == flag => out.push(join(at, &[Seg::Index(0)])),
        Condition::All(list) | Condition::Any(list) => {
            for (i, inner) in list.iter().enumerate() {
                condition_flags(inner, &join(at, &[Seg::Index(0), Seg::Index(i)]), flag, out);
            }
        }
        Condition::Not(inner) => condition_flags(inner, &join(at, &[Seg::Index(0)]), flag, out),
        _ => {}
    }
}

fn rename_in(condition: &mut Condition, from: &str, to: &str) {
    match condition {
        Condition::Flag(f) | Condition::NotFlag(f) if f == from => *f = to.to_owned(),
        Condition::All(list) | Condition::Any(list) => list.iter_mut().for_each(|c| rename_in(c, from, to)),
        Condition::Not(inner) => rename_in(inner, from, to),
        _ => {}
    }
}

/// Makes `edit` in the scenario as the engine sees it: what the patched text must read as.
pub(crate) fn change(edit: &Edit, file: &mut ScenarioFile) -> Result<(), EditError> {
    match edit {
        Edit::Setting(setting) => match setting.clone() {
            Setting::Id(v) => file.id = v,
            Setting::Title(v) => file.title = v,
            Setting::Summary(v) => file.summary = v,
            Setting::Channel(v) => file.channel = v,
            Setting::Difficulty(v) => file.difficulty = v,
            Setting::TurnLimit(v) => file.turn_limit = v,
            Setting::Mood(v) => file.mood = v,
            Setting::Start(v) => file.start = v,
            Setting::CustomerName(v) => file.customer.name = v,
            Setting::Personality(v) => file.customer.disc = v,
            Setting::Alternatives(v) => file.customer.alternatives = v,
            Setting::Dossier(v) => file.customer.dossier = v,
            Setting::Thresholds(v) => file.thresholds = v,
            Setting::Expectations(v) => file.expect = v,
        },
        Edit::SetLine { node, style, index, text } => {
            let Some(Node::Say { lines, lines_by_style, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            let list = match style {
                None => lines,
                Some(style) => lines_by_style.entry(*style).or_default(),
            };
            let slot = list.get_mut(*index).ok_or_else(|| EditError::Invalid(format!("no line {}", index + 1)))?;
            *slot = text.clone();
        }
        Edit::AddLine { node, style, text } => {
            let Some(Node::Say { lines, lines_by_style, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            match style {
                None => lines.push(text.clone()),
                Some(style) => lines_by_style.entry(*style).or_default().push(text.clone()),
            }
        }
        Edit::RemoveLine { node, style, index } => {
            let Some(Node::Say { lines, lines_by_style, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            match style {
                None if *index < lines.len() => {
                    lines.remove(*index);
                }
                Some(style) if lines_by_style.get(style).is_some_and(|l| *index < l.len()) => {
                    let list = lines_by_style.get_mut(style).expect("checked above");
                    list.remove(*index);
                    if list.is_empty() {
                        lines_by_style.remove(style);
                    }
                }
                _ => return invalid(format!("node `{node}` has no line {}", index + 1)),
            }
        }
        Edit::SetBeyondAgent { node, beyond } => {
            let Some(Node::Say { beyond_agent, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            *beyond_agent = *beyond;
        }
        Edit::Reply { node, reply, change } => {
            let Some(Node::Say { choices, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            let choice =
                choices.get_mut(*reply).ok_or_else(|| EditError::Invalid(format!("no reply {}", reply + 1)))?;
            match change.clone() {
                ReplyChange::Text(v) => choice.text = v,
                ReplyChange::Feedback(v) => choice.feedback = v,
                ReplyChange::Shows(v) => choice.shows = v,
                ReplyChange::Commits(v) => choice.commits = v,
                ReplyChange::Mood(v) => choice.mood = v,
                ReplyChange::Sets(v) => choice.sets = v,
                ReplyChange::Clears(v) => choice.clears = v,
                ReplyChange::Requires(v) => choice.requires = v,
                ReplyChange::Branches(v) => choice.branches = v,
                ReplyChange::Goto(v) => choice.goto = v,
            }
        }
        Edit::AddReply { node, reply } => {
            let Some(Node::Say { choices, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            choices.push(reply.clone());
        }
        Edit::DeleteReply { node, reply } => {
            let Some(Node::Say { choices, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no conversation node `{node}`"));
            };
            if *reply >= choices.len() {
                return invalid(format!("no reply {}", reply + 1));
            }
            choices.remove(*reply);
        }
        Edit::Ending { node, change } => {
            let Some(Node::End { outcome, points, lines, summary, .. }) = file.nodes.get_mut(node) else {
                return invalid(format!("there is no ending `{node}`"));
            };
            match change.clone() {
                EndingChange::Outcome(v) => *outcome = v,
                EndingChange::Points(v) => *points = v,
                EndingChange::Lines(v) => *lines = v,
                EndingChange::Summary(v) => *summary = v,
            }
        }
        Edit::AddNode { name, node, .. } => {
            check_new_node_name(file, name)?;
            file.nodes.insert(name.clone(), node.clone());
        }
        Edit::DeleteNode { name } => {
            file.nodes.remove(name).ok_or_else(|| EditError::Invalid(format!("there is no node `{name}`")))?;
        }
        Edit::RenameNode { from, to } => {
            check_new_node_name(file, to)?;
            let node =
                file.nodes.remove(from).ok_or_else(|| EditError::Invalid(format!("there is no node `{from}`")))?;
            file.nodes.insert(to.clone(), node);
            let rename = |name: &mut String| {
                if name == from {
                    *name = to.clone();
                }
            };
            rename(&mut file.start);
            file.thresholds.iter_mut().for_each(|r| rename(&mut r.goto));
            for said in file.nodes.values_mut() {
                if let Node::Say { choices, .. } = said {
                    for choice in choices {
                        rename(&mut choice.goto);
                        choice.branches.iter_mut().for_each(|r| rename(&mut r.goto));
                    }
                }
            }
        }
        Edit::RenameFlag { from, to } => {
            file.thresholds.iter_mut().for_each(|r| rename_in(&mut r.when, from, to));
            for said in file.nodes.values_mut() {
                if let Node::Say { choices, .. } = said {
                    for choice in choices {
                        for flag in choice.sets.iter_mut().chain(choice.clears.iter_mut()) {
                            if flag == from {
                                *flag = to.clone();
                            }
                        }
                        if let Some(requires) = &mut choice.requires {
                            rename_in(requires, from, to);
                        }
                        choice.branches.iter_mut().for_each(|r| rename_in(&mut r.when, from, to));
                    }
                }
            }
        }
        Edit::Text { .. } | Edit::Group(_) => unreachable!("the document applies these itself"),
    }
    Ok(())
}
