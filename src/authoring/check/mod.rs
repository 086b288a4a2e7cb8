//! The checker: from the file as written to the indexed scenario the engine runs, checking every
//! name on the way (nodes, strategies, flags and numbers), each problem located in the source.

use crate::authoring::spans::SpanIndex;
use crate::engine::catalogue::{Knowledge, StrategyKind};
use crate::engine::diagnostic::{Diagnostic, Seg, nearest};
use crate::engine::disc::{DiscProfile, DiscStyle, scale};
use crate::engine::model::*;
use crate::engine::mood::{MOOD_MAX, MOOD_MIN, MoodDelta};
use crate::engine::scenario::{Choice, Condition, Node, ScenarioFile};
mod flags;
mod rules;
mod todo;
mod voice;

pub use todo::todo_warnings;
pub use voice::voice_warnings;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// Nodes that no chain of `goto`s, branches and thresholds from the start names at all.
///
/// The analysis finds these (and nodes whose conditions never let a conversation in) once a
/// scenario compiles; when naming errors stop it first, this cheaper check still reports
/// them in the same run.
pub fn unreferenced_nodes(file: &ScenarioFile, file_name: &str, spans: &SpanIndex) -> Vec<Diagnostic> {
    let mut checker = Checker { file_name, spans, diagnostics: Vec::new(), profile: None, styles: Vec::new() };
    checker.check_static_reachability(file);
    checker.diagnostics
}

/// Compiles a parsed file for one personality with its warnings, or returns every problem found.
pub fn compile(
    file: &ScenarioFile,
    file_name: &str,
    spans: &SpanIndex,
    knowledge: &Arc<Knowledge>,
    profile: DiscProfile,
) -> Result<(CompiledScenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let styles = file.profiles().iter().map(|p| p.primary).collect();
    let mut checker = Checker { file_name, spans, diagnostics: Vec::new(), profile: Some(profile), styles };
    let node_names: Vec<String> = file.nodes.keys().cloned().collect();
    let known_nodes: Vec<&str> = node_names.iter().map(String::as_str).collect();

    checker.check_header(file);
    checker.check_duplicate_nodes();
    let flag_names = checker.collect_flags(file);

    let start = checker.resolve_node(&file.start, &known_nodes, &["start".into()], "the conversation starts here");
    let mut thresholds = Vec::new();
    for (i, route) in file.thresholds.iter().enumerate() {
        let path = vec![Seg::from("thresholds"), i.into()];
        let test =
            checker.test(&route.when, &flag_names, &path.iter().cloned().chain(["when".into()]).collect::<Vec<_>>());
        let to = checker.resolve_node(
            &route.goto,
            &known_nodes,
            &[path.clone(), vec!["goto".into()]].concat(),
            "no such node",
        );
        if let (Some(test), Some(to)) = (test, to) {
            thresholds.push((test, to));
        }
    }

    let mut nodes = Vec::with_capacity(file.nodes.len());
    for (name, node) in &file.nodes {
        let node_path: Vec<Seg> = vec!["nodes".into(), name.as_str().into()];
        match node {
            Node::Say { lines, lines_by_style, lines_when, beyond_agent, choices, .. } => {
                if lines.is_empty() || lines.iter().any(|l| l.trim().is_empty()) {
                    checker.error(
                        "empty-lines",
                        format!("node `{name}` has no line for the customer to say"),
                        checker.spans.value(&[node_path.clone(), vec!["lines".into()]].concat()),
                        "give at least one non-empty line",
                    );
                }
                for (style, styled) in lines_by_style {
                    if styled.is_empty() || styled.iter().any(|l| l.trim().is_empty()) {
                        let path =
                            [node_path.clone(), vec!["lines_by_style".into(), style.to_string().into()]].concat();
                        checker.error(
                            "empty-lines",
                            format!("node `{name}` has no {style} line for the customer to say"),
                            checker.spans.value(&path),
                            "give at least one non-empty line, or leave the style out to use `lines`",
                        );
                    }
                }
                // The personality being compiled says its own lines where it has them.
                let lines = lines_by_style.get(&profile.primary).unwrap_or(lines);
                if choices.is_empty() {
                    checker.error(
                        "no-choices",
                        format!("node `{name}` gives the trainee no reply to choose"),
                        checker.spans.head(&node_path),
                        "a `Say` node needs at least one choice; use `End` to finish",
                    );
                }
                let compiled = choices
                    .iter()
                    .enumerate()
                    .filter_map(|(i, choice)| {
                        let path = [node_path.clone(), vec!["choices".into(), i.into()]].concat();
                        checker.check_catalogue_rules(choice, &path, name, *beyond_agent, file.channel, knowledge);
                        checker.choice(choice, &path, &known_nodes, &flag_names, knowledge, profile)
                    })
                    .collect();
                let mut when_compiled = Vec::with_capacity(lines_when.len());
                for (i, entry) in lines_when.iter().enumerate() {
                    let path = [node_path.clone(), vec!["lines_when".into(), i.into()]].concat();
                    if entry.lines.is_empty() || entry.lines.iter().any(|l| l.trim().is_empty()) {
                        checker.error(
                            "empty-lines",
                            format!("node `{name}` has a condition with no line for the customer to say"),
                            checker.spans.value(&[path.clone(), vec!["lines".into()]].concat()),
                            "give at least one non-empty line, or remove the entry",
                        );
                    }
                    let when = [path.clone(), vec!["when".into()]].concat();
                    if let Some(test) = checker.test(&entry.when, &flag_names, &when) {
                        when_compiled.push((test, entry.lines.clone()));
                    }
                }
                nodes.push(CompiledNode::Say { lines: lines.clone(), lines_when: when_compiled, choices: compiled });
            }
            Node::End { outcome, points, lines, lines_by_style, summary, summary_by_style, .. } => {
                if points.abs() > 10_000 {
                    checker.error(
                        "points-range",
                        format!("ending `{name}` is worth {points} points"),
                        checker.spans.value(&[node_path.clone(), vec!["points".into()]].concat()),
                        "keep ending points between -10000 and 10000",
                    );
                }
                // The personality being compiled has its own last words and summary where given.
                nodes.push(CompiledNode::End {
                    outcome: *outcome,
                    points: *points,
                    lines: lines_by_style.get(&profile.primary).unwrap_or(lines).clone(),
                    summary: summary_by_style.get(&profile.primary).cloned().or_else(|| summary.clone()),
                });
            }
        }
    }

    if checker.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(checker.diagnostics);
    }
    let compiled = CompiledScenario {
        file: file.clone(),
        knowledge: knowledge.clone(),
        profile,
        node_names,
        nodes,
        start: start.expect("checked above"),
        thresholds,
        flag_names,
    };
    Ok((compiled, checker.diagnostics))
}

/// The catalogue ids a trainer most likely meant by `unknown`: a near spelling, else the
/// ids with it (or a near spelling of it) as one of their words, so `apology` finds
/// `sincere_apology` and `listening` finds `active_listening`.
fn likely_meant<'k>(unknown: &str, known: &[&'k str]) -> Vec<&'k str> {
    if let Some(best) = nearest(unknown, known) {
        return vec![best];
    }
    let wanted = unknown.trim().to_lowercase().replace([' ', '-'], "_");
    if wanted.chars().count() < 4 {
        return Vec::new();
    }
    let mut found: Vec<&str> = known
        .iter()
        .copied()
        .filter(|id| id.split('_').any(|word| word == wanted || nearest(&wanted, &[word]).is_some()))
        .collect();
    found.sort_unstable();
    found.truncate(3);
    found
}

struct Checker<'a> {
    file_name: &'a str,
    spans: &'a SpanIndex,
    diagnostics: Vec<Diagnostic>,
    /// The personality being compiled, which settles `Style` conditions.
    profile: Option<DiscProfile>,
    /// Every style the customer is played with, so a `Style` test of another is named.
    styles: Vec<DiscStyle>,
}

impl Checker<'_> {
    fn error(&mut self, code: &str, message: String, at: Option<std::ops::Range<usize>>, label: &str) {
        self.diagnostics.push(Diagnostic::error(code, message).in_file(self.file_name).at(at, label));
    }

    fn check_header(&mut self, file: &ScenarioFile) {
        for (field, value) in [("id", &file.id), ("title", &file.title), ("summary", &file.summary)] {
            if value.trim().is_empty() {
                self.error(
                    "empty-field",
                    format!("`{field}` is empty"),
                    self.spans.value(&[field.into()]),
                    "write something here",
                );
            }
        }
        if !file.id.is_empty() && !file.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            self.error(
                "scenario-id",
                format!("scenario id `{}` may only use letters, digits, `-` and `_`", file.id),
                self.spans.value(&["id".into()]),
                "ids appear in file names, URLs and exports",
            );
        }
        if file.turn_limit == 0 || file.turn_limit > MAX_TURN_LIMIT {
            self.error(
                "turn-limit",
                format!("turn limit {} is out of range", file.turn_limit),
                self.spans.value(&["turn_limit".into()]),
                &format!("use 1 to {MAX_TURN_LIMIT}"),
            );
        }
        for (field, value) in [("temper", file.mood.temper), ("trust", file.mood.trust)] {
            if !(MOOD_MIN..=MOOD_MAX).contains(&value) {
                self.error(
                    "mood-range",
                    format!("starting {field} {value} is out of range"),
                    self.spans.value(&["mood".into(), field.into()]),
                    &format!("mood runs from {MOOD_MIN} to {MOOD_MAX}"),
                );
            }
        }
        if file.customer.name.trim().is_empty() {
            self.error(
                "empty-field",
                "the customer has no name".into(),
                self.spans.value(&["customer".into(), "name".into()]),
                "name them",
            );
        }
    }

    fn check_static_reachability(&mut self, file: &ScenarioFile) {
        let mut reached: BTreeSet<&str> = BTreeSet::new();
        let mut queue: Vec<&str> = vec![file.start.as_str()];
        queue.extend(file.thresholds.iter().map(|t| t.goto.as_str()));
        while let Some(name) = queue.pop() {
            if !reached.insert(name) {
                continue;
            }
            if let Some(Node::Say { choices, .. }) = file.nodes.get(name) {
                for choice in choices {
                    queue.push(&choice.goto);
                    queue.extend(choice.branches.iter().map(|b| b.goto.as_str()));
                }
            }
        }
        for name in file.nodes.keys() {
            if !reached.contains(name.as_str()) {
                self.error(
                    "unreachable-node",
                    format!("no conversation reaches node `{name}`"),
                    self.spans.key(&["nodes".into(), name.as_str().into()]),
                    "no reply, branch or threshold leads here",
                );
            }
        }
    }

    fn check_duplicate_nodes(&mut self) {
        let keys = self.spans.keys(&["nodes".into()]);
        // One pass with the first place each name was seen: linear in the node count, which
        // matters for generated scenarios of tens of thousands of nodes.
        let mut first_seen: HashMap<&str, &Range<usize>> = HashMap::with_capacity(keys.len());
        for (key, range) in &keys {
            if let Some(first) = first_seen.get(key.as_str()) {
                let diagnostic = Diagnostic::error("duplicate-node", format!("node `{key}` is defined twice"))
                    .in_file(self.file_name)
                    .at(Some(range.clone()), "defined again here")
                    .also(Some((*first).clone()), "first defined here");
                self.diagnostics.push(diagnostic);
            } else {
                first_seen.insert(key, range);
            }
        }
    }

    fn resolve_node(&mut self, name: &str, known: &[&str], path: &[Seg], label: &str) -> Option<NodeId> {
        match known.binary_search(&name) {
            Ok(i) => Some(i as NodeId),
            Err(_) => {
                let diagnostic = Diagnostic::error("unknown-node", format!("no node is called `{name}`"))
                    .in_file(self.file_name)
                    .at(self.spans.value(path), if label == "no such node" { "no such node" } else { label })
                    .suggest(name, known);
                self.diagnostics.push(diagnostic);
                None
            }
        }
    }

    fn test(&mut self, condition: &Condition, flags: &[String], path: &[Seg]) -> Option<Test> {
        let bit = |name: &str| flags.iter().position(|f| f == name).filter(|&i| i < MAX_FLAGS).map(|i| 1u64 << i);
        let level = |value: i32, path: &[Seg], checker: &mut Self| {
            if !(MOOD_MIN..=MOOD_MAX).contains(&value) {
                checker.error(
                    "mood-range",
                    format!("mood threshold {value} is out of range"),
                    checker.spans.value(&[path.to_vec(), vec![Seg::Index(0)]].concat()),
                    &format!("mood runs from {MOOD_MIN} to {MOOD_MAX}"),
                );
            }
            value
        };
        Some(match condition {
            Condition::Flag(f) => Test::Flag(bit(f)?),
            Condition::NotFlag(f) => Test::NotFlag(bit(f)?),
            Condition::TemperAtLeast(n) => Test::TemperAtLeast(level(*n, path, self)),
            Condition::TemperAtMost(n) => Test::TemperAtMost(level(*n, path, self)),
            Condition::TrustAtLeast(n) => Test::TrustAtLeast(level(*n, path, self)),
            Condition::TrustAtMost(n) => Test::TrustAtMost(level(*n, path, self)),
            Condition::Style(style) => {
                if !self.styles.contains(style) {
                    let played: Vec<String> = self.styles.iter().map(|s| format!("{s:?}")).collect();
                    let diagnostic = Diagnostic::error(
                        "style-never-played",
                        format!("`Style({style:?})` never holds: the customer is never played as {style:?}"),
                    )
                    .in_file(self.file_name)
                    .at(self.spans.value(path), format!("no {style:?} personality"))
                    .note(format!(
                        "the customer is played as {}; to play them as {style:?} too, add `(primary: {style:?})` to `alternatives` under `customer`",
                        played.join(" and ")
                    ));
                    self.diagnostics.push(diagnostic);
                    return None;
                }
                Test::Settled(self.profile.is_some_and(|p| p.primary == *style))
            }
            Condition::All(list) | Condition::Any(list) => {
                let tests: Option<Vec<Test>> = list
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.test(c, flags, &[path.to_vec(), vec![Seg::Index(0), Seg::Index(i)]].concat()))
                    .collect();
                if matches!(condition, Condition::All(_)) { Test::All(tests?) } else { Test::Any(tests?) }
            }
            Condition::Not(inner) => {
                Test::Not(Box::new(self.test(inner, flags, &[path.to_vec(), vec![Seg::Index(0)]].concat())?))
            }
        })
    }

    fn choice(
        &mut self,
        choice: &Choice,
        path: &[Seg],
        known_nodes: &[&str],
        flags: &[String],
        knowledge: &Knowledge,
        profile: DiscProfile,
    ) -> Option<CompiledChoice> {
        let at = |field: &str| [path.to_vec(), vec![field.into()]].concat();
        let errors_before = self.diagnostics.iter().filter(|d| d.is_error()).count();
        if choice.text.trim().is_empty() {
            self.error(
                "empty-field",
                "a reply has no text".into(),
                self.spans.value(&at("text")),
                "write what the trainee says",
            );
        }
        if choice.shows.is_empty() && choice.commits.is_empty() {
            self.error(
                "unscored-choice",
                "this reply names no strategy and no anti-pattern".into(),
                self.spans.value(&at("text")),
                "add `shows: [...]` or `commits: [...]` so it can be scored and explained",
            );
        }
        let catalogue = &knowledge.catalogue;
        let mut strategies = Vec::new();
        let mut mood = choice.mood;
        for (field, list, expected) in
            [("shows", &choice.shows, StrategyKind::Strategy), ("commits", &choice.commits, StrategyKind::AntiPattern)]
        {
            for (i, id) in list.iter().enumerate() {
                let id_path = [at(field), vec![Seg::Index(i)]].concat();
                let Some(index) = catalogue.index_of(id.as_str()) else {
                    let known: Vec<&str> = catalogue.ids(expected).collect();
                    let what = if expected == StrategyKind::Strategy { "strategy" } else { "anti-pattern" };
                    let diagnostic = Diagnostic::error("unknown-strategy", format!("unknown {what} `{id}`"))
                        .in_file(self.file_name)
                        .at(self.spans.value(&id_path), "not in the strategy catalogue (assets/strategies.ron)");
                    let diagnostic = match likely_meant(id.as_str(), &known).as_slice() {
                        [] => diagnostic,
                        [one] => diagnostic.note(format!("did you mean `{one}`?")),
                        several => {
                            let names: Vec<String> = several.iter().map(|n| format!("`{n}`")).collect();
                            diagnostic.note(format!("did you mean one of {}?", names.join(", ")))
                        }
                    };
                    self.diagnostics.push(diagnostic);
                    continue;
                };
                let strategy = &catalogue.strategies[index];
                if strategy.kind != expected {
                    let (is, belongs) = match strategy.kind {
                        StrategyKind::Strategy => ("a strategy", "shows"),
                        StrategyKind::AntiPattern => ("an anti-pattern", "commits"),
                    };
                    self.error(
                        "wrong-list",
                        format!("`{id}` is {is}, so it belongs under `{belongs}`"),
                        self.spans.value(&id_path),
                        &format!("move this to `{belongs}`"),
                    );
                    continue;
                }
                if strategies.iter().any(|s: &ScoredStrategy| s.strategy == index) {
                    self.diagnostics.push(
                        Diagnostic::warning("repeated-strategy", format!("`{id}` is listed twice; it counts once"))
                            .in_file(self.file_name)
                            .at(self.spans.value(&id_path), "repeated here"),
                    );
                    continue;
                }
                let weight = knowledge.weight(profile, id.as_str());
                let points = scale(strategy.points, weight.points);
                mood = mood.plus(MoodDelta {
                    temper: scale(strategy.mood.temper, weight.mood),
                    trust: scale(strategy.mood.trust, weight.mood),
                });
                strategies.push(ScoredStrategy { strategy: index, base_points: strategy.points, points });
            }
        }
        for (field, value) in [("temper", choice.mood.temper), ("trust", choice.mood.trust)] {
            if value.abs() > MOOD_MAX {
                self.error(
                    "mood-range",
                    format!("a mood change of {value} is larger than the whole meter"),
                    self.spans.value(&[at("mood"), vec![field.into()]].concat()),
                    &format!("use -{MOOD_MAX} to {MOOD_MAX}"),
                );
            }
        }
        let bits = |names: &[String]| -> u64 {
            names
                .iter()
                .filter_map(|n| flags.iter().position(|f| f == n))
                .filter(|&i| i < MAX_FLAGS)
                .fold(0, |acc, i| acc | 1 << i)
        };
        let requires = match &choice.requires {
            Some(condition) => Some(self.test(condition, flags, &at("requires"))?),
            None => None,
        };
        let mut branches = Vec::new();
        for (i, route) in choice.branches.iter().enumerate() {
            let route_path = [at("branches"), vec![Seg::Index(i)]].concat();
            let test = self.test(&route.when, flags, &[route_path.clone(), vec!["when".into()]].concat());
            let to = self.resolve_node(
                &route.goto,
                known_nodes,
                &[route_path, vec!["goto".into()]].concat(),
                "no such node",
            );
            if let (Some(test), Some(to)) = (test, to) {
                branches.push((test, to));
            }
        }
        let goto = self.resolve_node(&choice.goto, known_nodes, &at("goto"), "no such node");
        if self.diagnostics.iter().filter(|d| d.is_error()).count() > errors_before {
            return None;
        }
        // Only now, with every written strategy weighed: whether the reply suits this
        // personality is worked out from them.
        if choice.commits.is_empty()
            && let Some((tailored, effect)) = rules::tailoring(&strategies, knowledge)
        {
            mood = mood.plus(effect);
            strategies.push(tailored);
        }
        // The personality being compiled is offered its own wording where the author gave one.
        Some(CompiledChoice {
            text: choice.text_by_style.get(&profile.primary).unwrap_or(&choice.text).clone(),
            feedback: choice.feedback_by_style.get(&profile.primary).cloned().or_else(|| choice.feedback.clone()),
            points: strategies.iter().map(|s| s.points).sum(),
            base_points: strategies.iter().map(|s| s.base_points).sum(),
            commits_anti_pattern: !choice.commits.is_empty(),
            strategies,
            mood,
            sets: bits(&choice.sets),
            clears: bits(&choice.clears),
            requires,
            branches,
            goto: goto?,
        })
    }
}
