//! Flags: every flag a scenario names, in first-seen order, with tested-but-never-set flags as
//! errors and set-but-never-tested ones as warnings.

use super::Checker;
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::model::MAX_FLAGS;
use crate::engine::scenario::{Condition, Node, ScenarioFile};
use std::collections::BTreeSet;

impl Checker<'_> {
    /// Every flag the scenario names, in first-seen order; tested-but-never-set flags are
    /// errors (the condition could never hold), set-but-never-tested ones are warnings.
    pub(super) fn collect_flags(&mut self, file: &ScenarioFile) -> Vec<String> {
        let mut set: BTreeSet<&str> = BTreeSet::new();
        let mut first_set: Vec<(&str, Vec<Seg>)> = Vec::new();
        let mut tested: Vec<(String, Vec<Seg>)> = Vec::new();
        let mut order: Vec<String> = Vec::new();
        let note = |name: &str, order: &mut Vec<String>| {
            if !order.iter().any(|n| n == name) {
                order.push(name.to_owned());
            }
        };
        fn walk(condition: &Condition, path: Vec<Seg>, out: &mut Vec<(String, Vec<Seg>)>) {
            match condition {
                Condition::Flag(f) | Condition::NotFlag(f) => out.push((f.clone(), path)),
                Condition::All(list) | Condition::Any(list) => {
                    for (i, c) in list.iter().enumerate() {
                        walk(c, [path.clone(), vec![Seg::Index(0), Seg::Index(i)]].concat(), out);
                    }
                }
                Condition::Not(inner) => walk(inner, [path, vec![Seg::Index(0)]].concat(), out),
                _ => {}
            }
        }
        let route_walk =
            |routes: &[crate::engine::scenario::Route], base: Vec<Seg>, out: &mut Vec<(String, Vec<Seg>)>| {
                for (i, route) in routes.iter().enumerate() {
                    walk(&route.when, [base.clone(), vec![Seg::Index(i), "when".into()]].concat(), out);
                }
            };
        route_walk(&file.thresholds, vec!["thresholds".into()], &mut tested);
        for (name, node) in &file.nodes {
            if let Node::Say { choices, lines_when, .. } = node {
                for (i, entry) in lines_when.iter().enumerate() {
                    let base: Vec<Seg> = vec!["nodes".into(), name.as_str().into(), "lines_when".into(), i.into()];
                    walk(&entry.when, [base, vec!["when".into()]].concat(), &mut tested);
                }
                for (i, choice) in choices.iter().enumerate() {
                    let base: Vec<Seg> = vec!["nodes".into(), name.as_str().into(), "choices".into(), i.into()];
                    for (j, flag) in choice.sets.iter().enumerate() {
                        if set.insert(flag) {
                            first_set.push((flag, [base.clone(), vec!["sets".into(), j.into()]].concat()));
                        }
                        note(flag, &mut order);
                    }
                    for flag in choice.clears.iter() {
                        note(flag, &mut order);
                    }
                    if let Some(requires) = &choice.requires {
                        walk(requires, [base.clone(), vec!["requires".into()]].concat(), &mut tested);
                    }
                    route_walk(&choice.branches, [base.clone(), vec!["branches".into()]].concat(), &mut tested);
                }
            }
        }
        let set_list: Vec<&str> = set.iter().copied().collect();
        for (flag, path) in &tested {
            note(flag, &mut order);
            if !set.contains(flag.as_str()) {
                let diagnostic =
                    Diagnostic::error("flag-never-set", format!("flag `{flag}` is tested but no reply sets it"))
                        .in_file(self.file_name)
                        .at(
                            self.spans
                                .value(&[path.clone(), vec![Seg::Index(0)]].concat())
                                .or_else(|| self.spans.value(path)),
                            "this test can never change",
                        )
                        .suggest(flag, &set_list);
                self.diagnostics.push(diagnostic);
            }
        }
        for flag in &set {
            if !tested.iter().any(|(t, _)| t == flag) {
                let diagnostic = Diagnostic::warning(
                    "flag-never-tested",
                    format!("flag `{flag}` is set but never tested"),
                )
                .in_file(self.file_name)
                .note(
                    "it changes nothing; remove it or test it in a `requires`, a branch, a threshold or `lines_when`",
                );
                self.diagnostics.push(diagnostic);
            }
        }
        if order.len() > MAX_FLAGS {
            self.error(
                "too-many-flags",
                format!("the scenario names {} flags; at most {MAX_FLAGS} are allowed", order.len()),
                self.spans.value(&["nodes".into()]),
                "split the scenario or reuse flags",
            );
        }
        order
    }
}
