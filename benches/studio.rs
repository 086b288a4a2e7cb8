//! Studio frame benchmark: the studio with a 500-node scenario open (egui layout and
//! tessellation on the CPU, what the studio adds to a frame) beside the same for the largest
//! shipped one. The edit loop's figure is in the `edit` benchmark, which needs no Bevy.

use bevy_egui::egui;
use hardcall::app::studio::view::Studio;
use hardcall::authoring::edit::Document;
use hardcall::authoring::generate::realistic_scenario;
use hardcall::authoring::load::scenario_paths;
use hardcall::engine::catalogue::Knowledge;
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
    let name = largest.file_name().unwrap().to_string_lossy();

    // The studio's frame: a 500-node scenario beside the largest shipped one.
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
