//! Engine benchmark: proving all shipped scenarios, proving a generated 10,000-node
//! scenario, and session steps per second on one core. Prints figures against targets,
//! then load + prove times of the layered and the realistic generator side by side.

use hardcall::authoring::generate::{layered_scenario, realistic_scenario};
use hardcall::authoring::load::{load_scenario_source, scenario_paths};
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::prover::MAX_STATES;
use hardcall::engine::session::Session;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Loads and proves `source` `runs` times and prints one line: the median time and the
/// state space, or that the prover's state cap refused it (any other failure is a bug in
/// the generator, and panics).
fn compare(label: &str, source: &str, runs: usize, knowledge: &Arc<Knowledge>) {
    let mut samples = Vec::with_capacity(runs);
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let loaded = load_scenario_source("generated.ron", source, knowledge);
        samples.push(start.elapsed());
        result = Some(loaded);
    }
    let time = median(samples).as_secs_f64() * 1e3;
    let runs_note = if runs == 1 { "1 run".to_owned() } else { format!("median of {runs}") };
    match result.expect("at least one run") {
        Ok(loaded) => {
            let (scenario, analysis) = (&loaded.main().scenario, &loaded.main().analysis);
            let nodes = scenario.nodes.len();
            println!(
                "{label:<42} {time:>10.1} ms  {runs_note:<12} {:>9} states  {:>6.1} per node  turn limit {}",
                analysis.state_count,
                analysis.state_count as f64 / nodes as f64,
                scenario.turn_limit()
            );
        }
        Err(failure) if failure.diagnostics.iter().any(|d| d.code == "too-many-states") => {
            println!(
                "{label:<42} {time:>10.1} ms  {runs_note:<12} REFUSED: more than {MAX_STATES} states (the prover's cap)"
            );
        }
        Err(failure) => panic!("{label}: the generated scenario does not load:\n{}", failure.render()),
    }
}

fn report(name: &str, measured: Duration, target: Duration) {
    let verdict = if measured <= target { "ok" } else { "OVER TARGET" };
    println!("{name:<48} {:>10.3} ms   (target < {} ms) {verdict}", measured.as_secs_f64() * 1e3, target.as_millis());
}

fn main() {
    let knowledge = Arc::new(Knowledge::builtin());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let sources: Vec<(String, String)> = scenario_paths(&[dir])
        .expect("scenarios folder")
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("readable scenario")))
        .collect();

    // 1. Parse, compile, prove and analyse every shipped scenario.
    let prove_all = || {
        for (name, source) in &sources {
            load_scenario_source(name, source, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
        }
    };
    let samples: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            prove_all();
            start.elapsed()
        })
        .collect();
    report(&format!("prove + analyse {} shipped scenarios", sources.len()), median(samples), Duration::from_millis(50));

    // 2. A generated 10,000-node scenario.
    let big = layered_scenario(10_000, 25);
    let mut states = 0;
    let samples: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let loaded =
                load_scenario_source("generated.ron", &big, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
            let elapsed = start.elapsed();
            states = loaded.main().analysis.state_count;
            elapsed
        })
        .collect();
    report(
        &format!("prove + analyse 10,000 nodes ({states} states, {} KiB)", big.len() / 1024),
        median(samples),
        Duration::from_secs(1),
    );

    // 3. Session steps per second: random replies, restarting at each ending.
    let loaded: Vec<_> = sources.iter().map(|(n, s)| load_scenario_source(n, s, &knowledge).expect("sound")).collect();
    let scenarios: Vec<_> = loaded.iter().map(|l| l.main().scenario.clone()).collect();
    let mut steps = 0u64;
    let mut pick = 0x9e37_79b9_7f4a_7c15u64;
    let start = Instant::now();
    let mut round = 0u64;
    while start.elapsed() < Duration::from_secs(2) {
        for scenario in &scenarios {
            let (mut session, _) = Session::start(scenario.clone(), round);
            while !session.is_over() {
                let offered = session.scenario().available(session.state()).count();
                pick ^= pick << 13;
                pick ^= pick >> 7;
                pick ^= pick << 17;
                session.choose((pick % offered as u64) as usize + 1).expect("offered reply");
                steps += 1;
            }
        }
        round += 1;
    }
    let per_second = steps as f64 / start.elapsed().as_secs_f64();
    let verdict = if per_second >= 1_000_000.0 { "ok" } else { "UNDER TARGET" };
    println!("{:<48} {:>10.0} /s   (target >= 1000000 /s) {verdict}", "session steps on one core", per_second);

    // 4. What the layered benchmark hides: its trust changes cancel, it has no flags,
    // branches or gates, and its turn limit is in the hundreds. The realistic generator has
    // the shipped library's shape (turn limit <= 15, 20 to 200 states per node), so it shows
    // what a large file written by trainers costs, and where the state cap stops it.
    println!();
    println!("load + prove, generated scenarios (one personality each):");
    // The turn limit is at most 500, so 50,000 layered nodes need wider layers.
    for (nodes, width, runs) in [(1_000, 25, 11), (10_000, 25, 5), (50_000, 125, 3)] {
        let source = layered_scenario(nodes, width);
        let label = format!("layered {nodes:>6} nodes, {} KiB (width {width})", source.len() / 1024);
        compare(&label, &source, runs, &knowledge);
    }
    for (nodes, runs) in [(1_000, 11), (10_000, 3), (50_000, 1)] {
        let source = realistic_scenario(nodes, 1);
        compare(&format!("realistic {nodes:>6} nodes, {} KiB", source.len() / 1024), &source, runs, &knowledge);
    }
}
