//! Which strategies and anti-patterns each scenario exercises, and how the library spreads
//! over DISC styles, channels and difficulties: what a trainer checks before adding more.

use crate::authoring::load::LoadedScenario;
use crate::engine::catalogue::{Catalogue, StrategyKind};
use crate::engine::disc::DiscStyle;
use crate::engine::model::CompiledNode;
use crate::engine::scenario::{Channel, Difficulty};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Every strategy should be practised in at least this many scenarios.
pub const MIN_SCENARIOS_PER_STRATEGY: usize = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub anti_pattern: bool,
    /// One entry per scenario, in the order of [`Coverage::scenarios`].
    pub used: Vec<bool>,
}

impl Row {
    pub fn count(&self) -> usize {
        self.used.iter().filter(|u| **u).count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub scenarios: Vec<String>,
    pub rows: Vec<Row>,
    /// Scenarios per primary DISC style.
    pub by_style: BTreeMap<String, usize>,
    /// Scenarios that can also be played with each style as an alternative personality.
    pub by_alternative_style: BTreeMap<String, usize>,
    pub by_channel: BTreeMap<String, usize>,
    pub by_difficulty: BTreeMap<String, usize>,
}

/// The ids a scenario's replies are scored with, for any of its personalities: what its
/// replies show or commit, and `tailor_to_style` where the checker found a reply that suits
/// the personality being played (it is never written, so the file alone cannot tell).
pub fn strategies_used(loaded: &LoadedScenario) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for variant in &loaded.variants {
        let catalogue = &variant.scenario.knowledge.catalogue;
        for node in &variant.scenario.nodes {
            if let CompiledNode::Say { choices, .. } = node {
                for choice in choices {
                    used.extend(choice.strategies.iter().map(|s| catalogue.strategies[s.strategy].id.to_string()));
                }
            }
        }
    }
    used
}

impl Coverage {
    pub fn of(scenarios: &[&LoadedScenario], catalogue: &Catalogue) -> Coverage {
        let used: Vec<BTreeSet<String>> = scenarios.iter().map(|l| strategies_used(l)).collect();
        let files: Vec<_> = scenarios.iter().map(|l| l.file()).collect();
        let rows = catalogue
            .strategies
            .iter()
            .map(|s| Row {
                id: s.id.to_string(),
                anti_pattern: s.kind == StrategyKind::AntiPattern,
                used: used.iter().map(|u| u.contains(s.id.as_str())).collect(),
            })
            .collect();
        let mut by_style: BTreeMap<String, usize> = DiscStyle::ALL.iter().map(|s| (s.to_string(), 0)).collect();
        let mut by_alternative_style = by_style.clone();
        let mut by_channel: BTreeMap<String, usize> = Channel::ALL.iter().map(|c| (c.to_string(), 0)).collect();
        let mut by_difficulty: BTreeMap<String, usize> = Difficulty::ALL.iter().map(|d| (d.to_string(), 0)).collect();
        for file in &files {
            *by_style.entry(file.customer.disc.primary.to_string()).or_default() += 1;
            let alternatives: BTreeSet<DiscStyle> = file.customer.alternatives.iter().map(|p| p.primary).collect();
            for style in alternatives {
                *by_alternative_style.entry(style.to_string()).or_default() += 1;
            }
            *by_channel.entry(file.channel.to_string()).or_default() += 1;
            *by_difficulty.entry(file.difficulty.to_string()).or_default() += 1;
        }
        Coverage {
            scenarios: files.iter().map(|f| f.id.clone()).collect(),
            rows,
            by_style,
            by_alternative_style,
            by_channel,
            by_difficulty,
        }
    }

    /// Strategies and anti-patterns exercised by fewer than `min` scenarios.
    pub fn under_covered(&self, min: usize) -> Vec<&Row> {
        self.rows.iter().filter(|r| r.count() < min).collect()
    }

    /// The matrix as text: a numbered legend of scenarios, then one row per strategy.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Scenarios:");
        for (i, id) in self.scenarios.iter().enumerate() {
            let _ = writeln!(out, "  {:>2}  {id}", i + 1);
        }
        let width = self.rows.iter().map(|r| r.id.len()).max().unwrap_or(0).max(10);
        let _ = write!(out, "\n{:width$}  ", "strategy");
        for i in 0..self.scenarios.len() {
            let _ = write!(out, "{:>3}", i + 1);
        }
        let _ = writeln!(out, "  total");
        for (heading, anti) in [("Strategies", false), ("Anti-patterns", true)] {
            let _ = writeln!(out, "{heading}:");
            for row in self.rows.iter().filter(|r| r.anti_pattern == anti) {
                let _ = write!(out, "{:width$}  ", row.id);
                for used in &row.used {
                    let _ = write!(out, "{:>3}", if *used { "●" } else { "·" });
                }
                let flag = if row.count() < MIN_SCENARIOS_PER_STRATEGY { "  ← fewer than 2" } else { "" };
                let _ = writeln!(out, "  {:>5}{flag}", row.count());
            }
        }
        for (title, counts) in [
            ("DISC style (primary)", &self.by_style),
            ("DISC style (alternative personality)", &self.by_alternative_style),
            ("Channel", &self.by_channel),
            ("Difficulty", &self.by_difficulty),
        ] {
            let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(out, "\n{title}: {}", parts.join(", "));
        }
        out
    }
}
