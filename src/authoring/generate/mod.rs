//! Synthetic scenarios of any size, for benchmarks and scale tests of the prover: a layered
//! one that only grows, and a realistic one shaped like the shipped library.

mod realistic;
mod vocabulary;

pub use realistic::realistic_scenario;
use std::fmt::Write;

/// A sound scenario with at least `nodes` speaking nodes laid out in layers: the first has
/// one node, each next one a node more, up to `width`.
///
/// Every node offers three replies into the next layer: two good ones that calm the
/// customer and one interruption that angers them; a threshold ends the conversation once
/// temper reaches 80. The customer is Influential, whose weights leave these strategies at
/// 100%, so the mood moves in steps of 5 and the state space stays proportional to `nodes`.
pub fn layered_scenario(nodes: usize, width: usize) -> String {
    let width = width.max(1);
    let mut widths = vec![1usize];
    while widths.iter().sum::<usize>() < nodes {
        widths.push((widths[widths.len() - 1] + 1).min(width));
    }
    let layers = widths.len();
    let mut out = String::with_capacity(nodes * 700);
    let _ = write!(
        out,
        "(\n    id: \"generated-{nodes}\",\n    title: \"Generated\",\n    summary: \"A synthetic scenario for benchmarks.\",\n    \
         channel: Chat,\n    difficulty: Hard,\n    customer: (name: \"Sam Synthetic\", disc: (primary: Influential)),\n    \
         mood: (temper: 40, trust: 50),\n    turn_limit: {},\n    start: \"n0_0\",\n    \
         thresholds: [(when: TemperAtLeast(80), goto: \"lost\")],\n    nodes: {{\n",
        layers + 1
    );
    for layer in 0..layers {
        for i in 0..widths[layer] {
            // The good reply steps one node over and the calm one stays in line, so every node
            // of a layer one wider is reached without the customer losing patience.
            let next = |offset: usize| {
                if layer + 1 == layers {
                    "done".to_owned()
                } else {
                    format!("n{}_{}", layer + 1, (i + offset) % widths[layer + 1])
                }
            };
            // problem_solving + honesty move temper by -5 and trust by +7; the extra mood
            // brings that to -5 and 0. stay_calm alone is -3/+2; its extra makes -5/0.
            // interrupting is +5/-3; its extra makes +10/0.
            let _ = write!(
                out,
                "        \"n{layer}_{i}\": Say(\n            lines: [\"Line {layer}.{i}\", \"Another line {layer}.{i}\"],\n            choices: [\n                \
                 (text: \"Good {layer}.{i}\", shows: [problem_solving, honesty], mood: (trust: -7), goto: \"{}\"),\n                \
                 (text: \"Calm {layer}.{i}\", shows: [stay_calm], mood: (temper: -2, trust: -2), goto: \"{}\"),\n                \
                 (text: \"Interrupt {layer}.{i}\", commits: [interrupting], mood: (temper: 5, trust: 3), goto: \"{}\"),\n            ],\n        ),\n",
                next(1),
                next(0),
                next(0)
            );
        }
    }
    out.push_str(
        "        \"done\": End(outcome: Resolved, points: 20),\n        \"lost\": End(outcome: CustomerLost, points: -20),\n    },\n)\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::load::load_scenario_source;
    use crate::engine::catalogue::Knowledge;
    use std::sync::Arc;

    #[test]
    fn generated_scenarios_are_sound_and_scale_with_nodes() {
        let knowledge = Arc::new(Knowledge::builtin());
        let loaded = load_scenario_source("generated.ron", &layered_scenario(200, 10), &knowledge)
            .unwrap_or_else(|failure| panic!("{}", failure.render()));
        let analysis = &loaded.main().analysis;
        let nodes = loaded.main().scenario.nodes.len();
        assert!((202..240).contains(&nodes), "{nodes} nodes");
        assert!(analysis.state_count < nodes * 17, "{} states", analysis.state_count);
        // Every layer is one turn, and the generator leaves one turn of slack.
        assert_eq!(analysis.max_turns + 1, loaded.main().scenario.turn_limit());
        assert!(analysis.min_turns < analysis.max_turns, "the threshold ends some conversations early");
    }
}
