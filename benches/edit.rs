//! Edit-loop benchmark: one edit of the largest shipped scenario, then the proof, the audit and
//! the form reader again, as the studio does after every change, against its 100 ms target.
//! Needs no Bevy (`cargo bench --no-default-features --bench edit`).

use hardcall::authoring::audit::{gaming_warnings, personality_warnings};
use hardcall::authoring::edit::{Document, Edit, ReplyChange};
use hardcall::authoring::form_reader::{Model, read};
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let knowledge = Arc::new(Knowledge::builtin());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let paths = scenario_paths(std::slice::from_ref(&dir)).expect("scenarios folder");
    let largest = paths.iter().max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len())).expect("a scenario").clone();

    // The edit loop on the largest shipped scenario, with the reader trained on the others.
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
}
