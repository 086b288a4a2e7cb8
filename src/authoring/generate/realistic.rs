//! The realistic generator: a triage tree fanning out to many lanes, each a complete
//! conversation with the shape of a shipped scenario.

use super::vocabulary::*;
use std::fmt::Write;

/// The shape of the realistic generator's opening: how many replies deep the triage tree
/// goes before a lane starts, and how many lanes each triage node fans out to.
///
/// The depth is capped at four so that, with lanes of at most eight layers, every
/// conversation fits a turn limit of 13. Below that a node has at most seven children
/// (eight replies with the interruption, where the library has three to five); past 2,401
/// lanes the fan-out grows instead: nine replies a node at 50,000 nodes.
fn tree_shape(lanes: usize) -> (u32, usize) {
    if lanes <= 1 {
        return (0, 1);
    }
    let mut depth = 1u32;
    while 7usize.pow(depth) < lanes && depth < 4 {
        depth += 1;
    }
    let mut fanout = 2usize;
    while fanout.pow(depth) < lanes {
        fanout += 1;
    }
    (depth, fanout)
}

/// How many triage nodes a tree over `lanes` lanes has.
fn tree_nodes(lanes: usize) -> usize {
    let (depth, fanout) = tree_shape(lanes);
    let mut level = lanes;
    let mut total = 0;
    for _ in 0..depth {
        level = level.div_ceil(fanout);
        total += level;
    }
    total
}

/// splitmix64 of the seed and two indices: variety that depends only on where a node is.
pub(super) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z = seed ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(super) fn pick<T: Copy>(list: &[T], h: u64) -> T {
    list[(h % list.len() as u64) as usize]
}

/// Layers in lane `lane`, from the opening to the close: 5 to 8, so that with the triage
/// the best path takes 7 to 12 replies, like the shipped library's.
fn lane_depth(seed: u64, lane: usize) -> usize {
    5 + (mix(seed, lane as u64, 0) % 4) as usize
}

/// Nodes in a lane: its opening, two per middle layer, the wary node, the close and four endings.
fn lane_nodes(depth: usize) -> usize {
    2 * depth + 3
}

/// A sound scenario with at least `nodes` nodes shaped like the shipped library, for
/// benchmarks that should see what a trainer's file costs the prover. It is also free of
/// warnings (dead replies, branches, thresholds or flags) for every seed tried.
///
/// A turn limit of at most 15 with tens of thousands of nodes needs a wide, shallow graph:
/// a triage tree (at most four replies deep, every reply leading to a different child) fans
/// out to many independent lanes, each a complete conversation of 5 to 8 layers about one
/// product. Every node is reached because every triage reply is a plain `goto`; inside a
/// lane, each condition is placed where some path makes it hold and another makes it fail.
///
/// - The opening: the best reply uses the dossier (sets a "prepared" flag); a hot and a cold
///   anti-pattern brush the customer off (set a "brushed off" flag).
/// - Middle layers of two nodes, `a` (engaged) and `b` (sceptical): the best reply shows two
///   strategies and leads to `a`, a weaker one shows one and leads to `b`; a hot
///   anti-pattern keeps `a` going angrier, a cold one makes the sceptical customer walk out.
/// - One layer each where: the best reply branches to a wary node if the customer was
///   brushed off (its repair clears the flag and sets `repaired`); a reply is offered only
///   to the prepared; a compromise only above the starting trust (sets an "offer" flag);
///   the anti-pattern is a promise that cannot be kept (sets a "promise" flag); the best
///   reply leaves the customer sceptical while temper is still high.
/// - A close whose replies test those flags and lead to four endings: resolved, a grudging
///   or a broken-promise partial resolution, and an escalation. A temper threshold loses
///   the customer on a run of hot anti-patterns.
///
/// In the lanes both meters move with every reply and nothing cancels (only the triage is
/// mood-neutral, see `write_tree`). What keeps the state space at the library's 20 to 200
/// states per node (65 to 140 here) is that a lane uses the same strategies on each
/// of its layers, so the mood after k replies depends on how many of each kind were given
/// (a count that grows with k squared) rather than on their order (3^k): with different
/// strategies on each layer, the same lanes reach 250 to 320 states per node.
///
/// An anti-pattern costs at least 18 points against the clean reply that leads to the same
/// place (or ends the conversation), more than a better mood can win back later (the
/// trust-gated compromise beats the best reply by at most 11), so the prover finds the best
/// path clean: 15 or more points ahead of any path with an anti-pattern in 120 seeds tried.
pub fn realistic_scenario(nodes: usize, seed: u64) -> String {
    let mut depths: Vec<usize> = Vec::new();
    let mut total = 2; // the shared endings `lost` and `walked_out`
    while depths.is_empty() || total + tree_nodes(depths.len()) < nodes {
        let depth = lane_depth(seed, depths.len());
        total += lane_nodes(depth);
        depths.push(depth);
    }
    let lanes = depths.len();
    let (tree_depth, fanout) = tree_shape(lanes);
    // One turn of slack, as trainers leave.
    let turn_limit = tree_depth as usize + depths.iter().max().copied().unwrap_or(0) + 1;
    // Angry and doubtful, 15 to 23 points below the threshold, like the library's customers:
    // with more headroom, runs of anti-patterns survive longer and the state space doubles.
    let temper = 62 + (seed % 9) as i32;
    let trust = 16 + (seed / 9 % 10) as i32;
    let primary = STYLES[(seed % 4) as usize];
    let secondary = match seed / 4 % 3 {
        0 => "None".to_owned(),
        n => format!("Some({})", STYLES[((seed % 4) + n) as usize % 4]),
    };
    let start = if lanes > 1 { "open".to_owned() } else { "l0_open".to_owned() };
    let mut out = String::with_capacity(total * 900);
    let _ = write!(
        out,
        "(\n    id: \"realistic-{nodes}-{seed}\",\n    title: \"Generated help desk\",\n    \
         summary: \"A synthetic scenario shaped like the shipped library, for benchmarks.\",\n    \
         channel: {},\n    difficulty: Hard,\n    \
         customer: (name: \"Robin Synthetic\", disc: (primary: {primary}, secondary: {secondary}), \
         dossier: (facts: [\"Customer since 2019\"], tickets: [\"Two earlier tickets, both unanswered\"])),\n    \
         mood: (temper: {temper}, trust: {trust}),\n    turn_limit: {turn_limit},\n    start: \"{start}\",\n    \
         thresholds: [(when: TemperAtLeast(85), goto: \"lost\")],\n    nodes: {{\n",
        pick(CHANNELS, seed)
    );
    write_tree(&mut out, seed, lanes, tree_depth, fanout);
    for (lane, &depth) in depths.iter().enumerate() {
        write_lane(&mut out, seed, lane, depth, (temper, trust));
    }
    write_end(&mut out, "lost", "CustomerLost", -30, "That's it. I'm taking my business elsewhere.");
    write_end(&mut out, "walked_out", "WalkedAway", -20, "I don't believe a word of this. Goodbye.");
    out.push_str("    },\n)\n");
    out
}

/// The triage tree: level by level from the lanes up, each node offering one reply per child
/// (putting the customer through to a team) and an interruption that lands on its first child.
fn write_tree(out: &mut String, seed: u64, lanes: usize, depth: u32, fanout: usize) {
    let mut children: Vec<String> = (0..lanes).map(|lane| format!("l{lane}_open")).collect();
    for level in (0..depth).rev() {
        let parents = children.len().div_ceil(fanout);
        let names: Vec<String> =
            (0..parents).map(|i| if level == 0 { "open".to_owned() } else { format!("t{level}_{i}") }).collect();
        for (i, group) in children.chunks(fanout).enumerate() {
            let h = mix(seed, 1_000_000 + u64::from(level), i as u64);
            let mut replies: Vec<Reply> = group
                .iter()
                .enumerate()
                .map(|(c, child)| {
                    // Being passed on neither calms nor angers: the extra mood cancels
                    // `escalate`'s -2/+2, which every DISC weight (100 to 110%) leaves at -2/+2.
                    // So every lane starts at the scenario's mood, which its conditions are
                    // placed for; a tree that drifted the mood by a few points a level left
                    // some lanes' branches dead at four levels.
                    let team = pick(TEAMS, h.wrapping_add(c as u64));
                    Reply {
                        text: Some(format!("Let me put you through to {team}: they can settle this today.")),
                        mood: (2, -2),
                        ..Reply::shows(&["escalate"], child.clone())
                    }
                })
                .collect();
            replies.push(Reply::commits("interrupting", group[0].clone()));
            let lines = [
                "Hello? I've been on hold for twenty minutes. I have a problem with an order.".to_owned(),
                "Finally. Is this the right place for a complaint?".to_owned(),
            ];
            // Triage only routes the call: settling it is beyond whoever answers.
            write_say(out, &names[i], &lines, true, &replies);
        }
        children = names;
    }
}

/// One lane: a complete conversation about one product, from its opening to four endings.
fn write_lane(out: &mut String, seed: u64, lane: usize, depth: usize, start: (i32, i32)) {
    let h = |a: u64| mix(seed, lane as u64, a + 1);
    let product = pick(PRODUCTS, h(1));
    let issue = pick(ISSUES, h(2));
    let prepared = pick(PREPARED_FLAGS, h(3));
    let brushed = pick(BRUSHED_FLAGS, h(4));
    let promise = pick(PROMISE_FLAGS, h(5));
    let offer = pick(OFFER_FLAGS, h(6));
    let middle = depth - 2;
    // Each feature takes a middle layer, some sharing one in short lanes, placed so that
    // every reply is offered and every branch fires on some path:
    // - the wary detour needs a layer for its node before the close;
    // - a broken promise must be possible on the way through the wary node and with an
    //   offer made, so it sits on neither of the detour's layers nor on the offer's;
    // - the mood branch comes after the detour: before it, it would send every brushed-off
    //   customer (all of them still angry) to `b` and the detour's `a` node would see none;
    //   and before the last middle layer, so that `a` and `b` are different nodes;
    // - the gated replies sit on layer 2 or later: layer 1's `b` node is only reached by
    //   replies that neither prepare nor build trust, so its copy would never be offered.
    let layer = |salt: u64, allowed: &dyn Fn(usize) -> bool| {
        let layers: Vec<usize> = (1..=middle).filter(|&k| allowed(k)).collect();
        pick(&layers, h(salt))
    };
    let wary_at = layer(7, &|k| k + 1 < middle);
    let promise_at = layer(8, &|k| k != wary_at && k != wary_at + 1);
    let mood_at = layer(9, &|k| k > wary_at && k < middle);
    let prepared_at = layer(10, &|k| k > 1);
    let trust_at = layer(11, &|k| k > 1 && k != promise_at);
    let name = |k: usize, side: char| {
        if k == depth - 1 { format!("l{lane}_close") } else { format!("l{lane}_{k}{side}") }
    };
    let ending = |what: &str| format!("l{lane}_{what}");

    let open_lines = [
        format!("My {product} {issue}, and nobody has called me back."),
        format!("I'm calling about my {product}: it {issue}. This is the second time I've had to ask."),
    ];
    let open = [
        Reply { sets: vec![prepared], ..Reply::shows(&["get_prepared", "sincere_apology"], name(1, 'a')) },
        Reply { mood: (3, -2), ..Reply::shows(&["empathy", "active_listening"], name(1, 'b')) },
        Reply { sets: vec![brushed], ..Reply::commits(pick(HOT, h(12)), name(1, 'a')) },
        Reply { sets: vec![brushed], ..Reply::commits(pick(COLD, h(13)), name(1, 'b')) },
    ];
    write_say(out, &format!("l{lane}_open"), &open_lines, false, &open);

    // The same strategies on every layer of the lane: see `realistic_scenario` for why.
    let pair = pick(BEST_PAIRS, h(100));
    let single = pick(SINGLES, h(200));
    let hot = pick(HOT, h(300));
    for k in 1..=middle {
        for side in ['a', 'b'] {
            let mut replies = Vec::new();
            if k == prepared_at {
                replies.push(Reply {
                    requires: Some(format!("Flag(\"{prepared}\")")),
                    ..Reply::shows(&["get_prepared", "problem_solving"], name(k + 1, 'a'))
                });
            }
            if k == trust_at {
                replies.push(Reply {
                    // Any path that opened well gets here, even past a broken promise; one
                    // that slipped early may not.
                    requires: Some(format!("TrustAtLeast({})", start.1 + 2)),
                    sets: vec![offer],
                    ..Reply::shows(&["compromise", "fair_compensation"], name(k + 1, 'a'))
                });
            }
            let mut best = Reply::shows(&pair, name(k + 1, 'a'));
            if k == wary_at {
                best.branches.push((format!("Flag(\"{brushed}\")"), name(k + 1, 'w')));
            }
            // Only the engaged customer turns sceptical: a `b` node may see no one angry
            // enough once the best reply has calmed them.
            if k == mood_at && side == 'a' {
                // By this layer (the second or later) the best path has calmed the customer by
                // 17 or more; a path with a hot anti-pattern in it is still above this.
                best.branches.push((format!("TemperAtLeast({})", start.0 - 12), name(k + 1, 'b')));
            }
            replies.push(best);
            // Half an answer: it calms by a point or two at most, and the customer doubts.
            replies.push(Reply { mood: (2, 0), ..Reply::shows(&[single], name(k + 1, 'b')) });
            let anti = if k == promise_at {
                // The promise buys nothing now (the extra undoes the catalogue's calming) and
                // costs a little trust: its real price is the broken-promise ending.
                Reply {
                    commits: vec!["overpromising"],
                    mood: (2, -1),
                    sets: vec![promise],
                    goto: name(k + 1, side),
                    ..Reply::default()
                }
            } else if side == 'a' {
                Reply::commits(hot, name(k + 1, 'a'))
            } else {
                // A sceptical customer gives no second chance. Ending here, rather than
                // carrying on to the next layer, also keeps a third kind of mood change out
                // of the lane's state space.
                Reply::commits(pick(COLD, h(400 + k as u64)), "walked_out".to_owned())
            };
            replies.push(anti);
            let lines = if side == 'a' {
                [
                    format!("Alright. So what exactly happens next with the {product}?"),
                    "Okay. I need this sorted this week, though.".to_owned(),
                ]
            } else {
                [
                    format!("I've heard that before. What are you actually doing about my {product}?"),
                    "That's not really an answer, is it?".to_owned(),
                ]
            };
            write_say(out, &name(k, side), &lines, false, &replies);
        }
        if k == wary_at + 1 {
            // Owning the brush-off helps less than never having made it: the extra temper
            // keeps the detour behind the main path, as a slip should be.
            let replies = [
                Reply {
                    mood: (2, 0),
                    clears: vec![brushed],
                    sets: vec![REPAIRED_FLAG],
                    ..Reply::shows(&["honesty"], name(k + 1, 'a'))
                },
                Reply { mood: (3, 0), ..Reply::shows(&["stay_calm"], name(k + 1, 'b')) },
                Reply::commits("arguing_facts", name(k + 1, 'b')),
            ];
            let lines = [
                "Earlier you told me it wasn't your problem. Which is it?".to_owned(),
                "Before we go on: why did you brush me off a minute ago?".to_owned(),
            ];
            write_say(out, &name(k, 'w'), &lines, false, &replies);
        }
    }

    let broken = (format!("Flag(\"{promise}\")"), ending("broken"));
    let close = [
        Reply {
            requires: Some(format!("Flag(\"{offer}\")")),
            branches: vec![broken.clone()],
            ..Reply::shows(&["follow_up", "document"], ending("resolved"))
        },
        Reply {
            requires: Some(format!("Flag(\"{REPAIRED_FLAG}\")")),
            branches: vec![broken.clone()],
            ..Reply::shows(&["follow_up", "personalize"], ending("resolved"))
        },
        Reply {
            branches: vec![broken, (format!("Flag(\"{brushed}\")"), ending("grudging"))],
            ..Reply::shows(&["set_expectations", "follow_up"], ending("resolved"))
        },
        // The agent can settle this themselves: handing it on here is the new hire's mistake.
        Reply { commits: vec!["needless_escalation"], goto: ending("escalated"), ..Reply::default() },
        Reply::commits("cutting_short", ending("grudging")),
    ];
    let lines = [
        format!("So is that it? What happens if the {product} goes wrong again?"),
        "Alright. And how will I know it's actually done?".to_owned(),
    ];
    write_say(out, &name(depth - 1, 'a'), &lines, false, &close);
    write_end(out, &ending("resolved"), "Resolved", 25 + (h(14) % 11) as i64, "Thank you. That's all I wanted.");
    write_end(out, &ending("grudging"), "PartlyResolved", 0, "Fine. We'll see.");
    write_end(out, &ending("broken"), "PartlyResolved", -10, "You said that last time, too.");
    write_end(out, &ending("escalated"), "Escalated", 5, "Alright, I'll wait for your team lead.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::load::load_scenario_source;
    use crate::authoring::render::render_all;
    use crate::engine::catalogue::Knowledge;
    use crate::engine::model::CompiledNode;
    use crate::engine::scenario::Outcome;
    use std::collections::BTreeSet;
    use std::sync::Arc;

    #[test]
    fn realistic_scenarios_are_sound_and_shaped_like_the_library() {
        let knowledge = Arc::new(Knowledge::builtin());
        // One lane without triage, a two-level tree, and a three-level one, across all four
        // DISC styles (the seed picks the style).
        for (size, seed) in [(1, 1), (300, 2), (1_000, 3), (3_000, 4)] {
            let source = realistic_scenario(size, seed);
            let loaded = load_scenario_source("realistic.ron", &source, &knowledge)
                .unwrap_or_else(|failure| panic!("{size} nodes, seed {seed}:\n{}", failure.render()));
            let (scenario, analysis) = (&loaded.main().scenario, &loaded.main().analysis);
            let context = format!("{size} nodes, seed {seed}");
            // Library quality: no flag, reply, branch or threshold is dead.
            assert!(loaded.warnings.is_empty(), "{context}:\n{}", render_all(&source, &loaded.warnings));
            let nodes = scenario.nodes.len();
            assert!((size..size + 25).contains(&nodes), "{context}: {nodes} nodes");
            // The shipped scenarios have 18 to 203 states per node.
            let per_node = analysis.state_count / nodes;
            assert!((20..=200).contains(&per_node), "{context}: {per_node} states per node");
            assert!(scenario.turn_limit() <= 15 && analysis.max_turns <= scenario.turn_limit(), "{context}");
            assert!(analysis.min_turns < analysis.max_turns, "{context}: the threshold ends some early");
            assert!((5..=15).contains(&scenario.flag_names.len()), "{context}: {:?}", scenario.flag_names);
            let outcomes: BTreeSet<Outcome> = analysis
                .endings
                .iter()
                .filter_map(|&n| match scenario.node(n) {
                    CompiledNode::End { outcome, .. } => Some(*outcome),
                    CompiledNode::Say { .. } => None,
                })
                .collect();
            assert_eq!(outcomes.len(), 5, "{context}: {outcomes:?}");
            let best = analysis.best.as_ref().expect("a best path");
            assert!(best.steps.iter().all(|s| !scenario.choice(s.node, s.choice).commits_anti_pattern));
            assert!(analysis.best_with_anti_pattern.is_some_and(|dirty| dirty < best.total), "{context}");
        }
    }

    #[test]
    fn realistic_scenarios_depend_only_on_size_and_seed() {
        assert_eq!(realistic_scenario(500, 9), realistic_scenario(500, 9));
        assert_ne!(realistic_scenario(500, 9), realistic_scenario(500, 10));
        // Past 2,401 lanes the triage widens instead of deepening, so the turn limit holds.
        let (depth, fanout) = tree_shape(200_000 / lane_nodes(7));
        assert_eq!(depth, 4);
        assert!(fanout.pow(4) >= 200_000 / lane_nodes(7));
    }
}
