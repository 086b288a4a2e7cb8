//! The scenario graph laid out for the studio: every node placed in layers from the start
//! (Sugiyama's method, by the `rust-sugiyama` crate: cycles broken, crossings reduced), each
//! reply an edge, the best path and the endings marked. Pure, so the studio only draws it.

use crate::engine::scenario::{Node, Outcome, ScenarioFile};
use rust_sugiyama::configure::Config;
use std::collections::{BTreeMap, BTreeSet};

/// The size every node is laid out at, in layout units (the studio scales them).
pub const NODE_WIDTH: f64 = 200.0;
pub const NODE_HEIGHT: f64 = 64.0;
/// Space between two disconnected parts of a graph.
const PART_GAP: f64 = 80.0;

/// One node where it is drawn: its centre.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub name: String,
    pub x: f64,
    pub y: f64,
    /// The ending's outcome, if the node ends the conversation.
    pub ending: Option<Outcome>,
}

/// A reply, branch or threshold from one node to another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: String,
    pub to: String,
    /// The reply's index in its node, or `None` for a scenario-wide threshold.
    pub choice: Option<usize>,
}

/// The whole graph, laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphLayout {
    pub nodes: Vec<Placed>,
    pub links: Vec<Link>,
    pub width: f64,
    pub height: f64,
}

impl GraphLayout {
    pub fn node(&self, name: &str) -> Option<&Placed> {
        self.nodes.iter().find(|n| n.name == name)
    }
}

/// Every link of the scenario: each reply's `goto` and branches, and the thresholds from every
/// speaking node (drawn once, from the start).
pub fn links(file: &ScenarioFile) -> Vec<Link> {
    let mut links = BTreeSet::new();
    for (name, node) in &file.nodes {
        if let Node::Say { choices, .. } = node {
            for (i, choice) in choices.iter().enumerate() {
                for to in std::iter::once(&choice.goto).chain(choice.branches.iter().map(|b| &b.goto)) {
                    if file.nodes.contains_key(to) {
                        links.insert(Link { from: name.clone(), to: to.clone(), choice: Some(i) });
                    }
                }
            }
        }
    }
    for threshold in &file.thresholds {
        if file.nodes.contains_key(&threshold.goto) && file.nodes.contains_key(&file.start) {
            links.insert(Link { from: file.start.clone(), to: threshold.goto.clone(), choice: None });
        }
    }
    links.into_iter().collect()
}

/// Lays the scenario out top to bottom from its start; disconnected parts side by side.
pub fn layout(file: &ScenarioFile) -> GraphLayout {
    let names: Vec<&String> = file.nodes.keys().collect();
    let index: BTreeMap<&str, u32> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i as u32)).collect();
    let links = links(file);
    // One edge per pair of nodes: several replies to the same place draw as one line.
    let edges: Vec<(u32, u32)> = links
        .iter()
        .filter(|l| l.from != l.to)
        .map(|l| (index[l.from.as_str()], index[l.to.as_str()]))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let vertices: Vec<(u32, (f64, f64))> = (0..names.len() as u32).map(|i| (i, (NODE_WIDTH, NODE_HEIGHT))).collect();
    let config = Config { vertex_spacing: 40.0, ..Config::default() };
    let parts = if vertices.is_empty() {
        Vec::new()
    } else {
        rust_sugiyama::from_vertices_and_edges(&vertices, &edges, &config)
    };
    let mut nodes = Vec::with_capacity(names.len());
    let (mut left, mut height) = (0.0f64, 0.0f64);
    for (placed, part_width, part_height) in parts {
        let min_x = placed.iter().map(|(_, (x, _))| *x).fold(f64::INFINITY, f64::min);
        let min_y = placed.iter().map(|(_, (_, y))| *y).fold(f64::INFINITY, f64::min);
        for (vertex, (x, y)) in placed {
            let Some(name) = names.get(vertex) else { continue };
            let ending = match &file.nodes[*name] {
                Node::End { outcome, .. } => Some(*outcome),
                Node::Say { .. } => None,
            };
            nodes.push(Placed {
                name: (*name).clone(),
                x: left + (x - min_x) + NODE_WIDTH / 2.0,
                y: (y - min_y) + NODE_HEIGHT / 2.0,
                ending,
            });
        }
        left += part_width.max(NODE_WIDTH) + PART_GAP;
        height = height.max(part_height.max(NODE_HEIGHT));
    }
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    let width = nodes.iter().map(|n| n.x + NODE_WIDTH / 2.0).fold(0.0, f64::max);
    let height = nodes.iter().map(|n| n.y + NODE_HEIGHT / 2.0).fold(height, f64::max);
    GraphLayout { nodes, links, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> ScenarioFile {
        ron::from_str(
            r#"(id: "g", title: "G", summary: "S", channel: Chat, difficulty: Easy,
                customer: (name: "Ann", disc: (primary: Steady)), mood: (temper: 50, trust: 50),
                turn_limit: 4, start: "a",
                nodes: {
                    "a": Say(lines: ["x"], choices: [(text: "1", shows: [empathy], goto: "b"), (text: "2", commits: [defensive], goto: "c")]),
                    "b": Say(lines: ["y"], choices: [(text: "3", shows: [empathy], goto: "a"), (text: "4", shows: [empathy], goto: "d")]),
                    "c": End(outcome: CustomerLost, points: -5),
                    "d": End(outcome: Resolved, points: 5),
                })"#,
        )
        .expect("the test scenario parses")
    }

    #[test]
    fn the_start_is_on_top_and_every_node_below_what_leads_to_it() {
        let laid = layout(&scenario());
        assert_eq!(laid.nodes.len(), 4);
        let y = |n: &str| laid.node(n).unwrap().y;
        assert!(y("a") < y("b") && y("b") < y("d") && y("a") < y("c"), "{laid:?}");
        assert_eq!(laid.node("d").unwrap().ending, Some(Outcome::Resolved));
        // No two nodes overlap.
        for a in &laid.nodes {
            for b in &laid.nodes {
                if a.name != b.name {
                    assert!((a.x - b.x).abs() >= NODE_WIDTH || (a.y - b.y).abs() >= NODE_HEIGHT, "{a:?} {b:?}");
                }
            }
        }
        assert!(
            laid.links.contains(&Link { from: "b".into(), to: "a".into(), choice: Some(0) }),
            "the loop back is kept"
        );
    }

    #[test]
    fn the_layout_is_the_same_every_time() {
        let first = layout(&scenario());
        for _ in 0..20 {
            assert_eq!(layout(&scenario()), first);
        }
    }
}
