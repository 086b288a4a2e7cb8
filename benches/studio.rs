//! Studio benchmark: the edit loop (one edit of the largest shipped scenario, then the proof,
//! the audit and the form reader again, as the studio does after every change) against its
//! 100 ms target, and the studio's frame with a 500-node scenario open (egui layout and
//! tessellation on the CPU, what the studio adds to a frame) beside the same for a shipped one.

use bevy_egui::egui;
use hardcall::app::studio::view::Studio;
use hardcall::authoring::audit::{gaming_warnings, personality_warnings};
use hardcall::authoring::edit::{Document, Edit, ReplyChange};
use hardcall::authoring::form_reader::{Model, read};
use hardcall::authoring::generate::realistic_scenario;
use hardcall::authoring::load::{load_scenario_source, scenario_paths};
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::scenario::Node;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn quantile(mut samples: Vec<Duration>, q: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Frames of `studio` drawn into a 1280×800 egui context: build and tessellate, as the game
/// does each frame before the GPU draws it.
fn frames(studio: &mut Studio, count: usize) -> Vec<Duration> {
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    };
    // Warm up: fonts, layout caches, the first layout of the graph.
    for _ in 0..10 {
        let out = ctx.run_ui(input(), |ui| {
            studio.ui(ui);
        });
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    (0..count)
        .map(|_| {
            let start = Instant::now();
            let out = ctx.run_ui(input(), |ui| {
                studio.ui(ui);
            });
            let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
            start.elapsed()
        })
        .collect()
}

fn main() {
    let knowledge = Arc::new(Knowledge::builtin());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let paths = scenario_paths(std::slice::from_ref(&dir)).expect("scenarios folder");
    let largest = paths.iter().max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len())).expect("a scenario").clone();

    // 1. The edit loop on the largest shipped scenario, with the reader trained on the others.
    let others: Vec<_> = paths
        .iter()
        .filter(|p| **p != largest)
        .map(|p| load_scenario_source(&p.display().to_string(), &std::fs::read_to_string(p).unwrap(), &knowledge))
        .filter_map(Result::ok)
        .collect();
    let model = Model::train(&others.iter().flat_map(|s| s.variants.iter()).collect::<Vec<_>>());
    let mut document = Document::open(&largest).expect("the largest scenario opens");
    let start_node = document.file().start.clone();
    let first = match &document.file().nodes[&start_node] {
        Node::Say { choices, .. } => choices[0].text.clone(),
        Node::End { .. } => panic!("the start is an ending"),
    };
    let (mut prove, mut audit, mut reader, mut whole) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..21 {
        let text = if run % 2 == 0 { format!("{first} ") } else { first.clone() };
        let start = Instant::now();
        document
            .apply(&Edit::Reply { node: start_node.clone(), reply: 0, change: ReplyChange::Text(text) })
            .expect("the edit is made");
        let loaded = document.prove(&knowledge).expect("still sound");
        let proved = start.elapsed();
        let readings: Vec<_> = loaded.variants.iter().map(|v| read(&model, v)).collect();
        let read_done = start.elapsed();
        let mut found = loaded.warnings.clone();
        found.extend(gaming_warnings(&loaded, Some(&readings)));
        found.extend(personality_warnings(&loaded));
        let all = start.elapsed();
        prove.push(proved);
        reader.push(read_done - proved);
        audit.push(all - read_done);
        whole.push(all);
    }
    let name = largest.file_name().unwrap().to_string_lossy();
    let total = median(whole);
    println!(
        "edit + prove + audit + form reader, {name:<24} {:>8.1} ms   (target < 100 ms) {}",
        ms(total),
        if total <= Duration::from_millis(100) { "ok" } else { "OVER TARGET" }
    );
    println!(
        "    of which: edit and prove {:.1} ms, form reader {:.1} ms, audit {:.1} ms (medians of 21)",
        ms(median(prove)),
        ms(median(reader)),
        ms(median(audit))
    );

    // 2. The studio's frame: a 500-node scenario beside the largest shipped one.
    println!();
    println!("studio frames, egui layout + tessellation on one core (1280×800, 300 frames each):");
    for (label, source) in [
        (format!("shipped {name}"), std::fs::read_to_string(&largest).unwrap()),
        ("generated, 500 nodes".to_owned(), realistic_scenario(500, 1)),
    ] {
        let document = Document::from_source("bench.ron", &source).expect("reads");
        let mut studio = Studio::new(document, knowledge.clone());
        studio.wait_for_reader();
        let nodes = studio.document.file().nodes.len();
        let samples = frames(&mut studio, 300);
        println!(
            "    {label:<32} {nodes:>4} nodes: median {:.2} ms, 95th percentile {:.2} ms, worst {:.2} ms",
            ms(median(samples.clone())),
            ms(quantile(samples.clone(), 0.95)),
            ms(quantile(samples, 1.0))
        );
    }
    println!("(the conversation's frame, drawn by the game and the GPU, is `hardcall --bench-frames`)");
}
