//! Progress benchmark: the progress of a trainee with 5,000 attempts (read from the history,
//! mastery per strategy, review dates and the practice plan) and a cohort report of 500
//! trainees × 100 attempts each (the grid, stuck, idle, weakest, the HTML page and the CSV),
//! target < 200 ms each once the history keeps its evidence; and what the first look costs,
//! when every attempt is replayed.

use hardcall::authoring::load::{LoadedScenario, load_scenario_file, scenario_paths};
use hardcall::engine::card::score_card;
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::session::{Session, splitmix64};
use hardcall::records::attempts::Attempt;
use hardcall::records::progress::history::gather;
use hardcall::records::progress::page::cohort_page;
use hardcall::records::progress::spreadsheet::cohort_csv;
use hardcall::records::progress::{Clock, Options, cohort, learner_progress, offers, plan};
use hardcall::records::store::Store;
use hardcall::records::time::parse_utc;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn report(name: &str, measured: Duration, target: Option<Duration>) {
    let ms = measured.as_secs_f64() * 1e3;
    match target {
        Some(target) => {
            let verdict = if measured <= target { "ok" } else { "OVER TARGET" };
            println!("{name:<66} {ms:>9.1} ms   (target < {} ms) {verdict}", target.as_millis());
        }
        None => println!("{name:<66} {ms:>9.1} ms"),
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// A conversation played by a trainee who gets better: early on most replies are drawn at
/// random, later most are the best on offer.
fn attempt(library: &[LoadedScenario], trainee: &str, i: u64, of: u64, start_ms: i64, spacing_ms: i64) -> Attempt {
    let mut rng = i.wrapping_mul(0x9e37_79b9) ^ blake3::hash(trainee.as_bytes()).as_bytes()[0] as u64;
    let loaded = &library[(splitmix64(&mut rng) % library.len() as u64) as usize];
    let variant = &loaded.variants[(splitmix64(&mut rng) % loaded.variants.len() as u64) as usize];
    let seed = splitmix64(&mut rng) % 1_000_000;
    let (mut session, _) = Session::start(variant.scenario.clone(), seed);
    let skill = i * 100 / of.max(1);
    while !session.is_over() {
        let offered = session.offered();
        let position = if splitmix64(&mut rng) % 100 < skill {
            let best = variant.analysis.best_choice(session.state()).map(|(c, _)| c).unwrap_or(offered[0]);
            offered.iter().position(|&c| c == best).unwrap() + 1
        } else {
            (splitmix64(&mut rng) % offered.len() as u64) as usize + 1
        };
        session.choose(position).unwrap();
    }
    let card = score_card(&session, &variant.analysis);
    let ended = start_ms + i as i64 * spacing_ms;
    let ms = vec![3_000; session.turns().len()];
    Attempt::record(loaded, &session, &card, trainee, None, ms, ended - 120_000, ended)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let knowledge = Arc::new(Knowledge::builtin());
    let library: Vec<LoadedScenario> = scenario_paths(&[root.join("scenarios")])
        .unwrap()
        .iter()
        .map(|p| load_scenario_file(p, &knowledge).expect("shipped scenarios load"))
        .collect();
    let catalogue = &knowledge.catalogue;
    let offers = offers(&library);
    let start_ms = parse_utc("2026-01-05T09:00:00Z").unwrap();

    // One trainee, 5,000 conversations, one every 90 minutes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attempts.sqlite");
    let mut store = Store::open(&path).unwrap();
    let one: Vec<Attempt> = (0..5_000).map(|i| attempt(&library, "Ana Lee", i, 5_000, start_ms, 5_400_000)).collect();
    store.insert_all(&one).unwrap();
    // A month after the last conversation: strategies are due for review, so there is a plan.
    let clock = Clock { now_ms: one.last().unwrap().ended_at_ms + 30 * 86_400_000, utc_offset_minutes: 0 };
    let options = Options::new(clock);

    let t = Instant::now();
    let cold = gather(&store, &library, &knowledge, Some("Ana Lee")).unwrap();
    let replayed = t.elapsed();
    assert_eq!(cold.evidence.len(), 5_000);
    let t = Instant::now();
    cold.keep(&mut store).unwrap();
    report("trainee, first look: replay 5,000 attempts", replayed, None);
    report("  and keep their evidence in the history", t.elapsed(), None);

    let samples: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            let gathered = gather(&store, &library, &knowledge, Some("Ana Lee")).unwrap();
            let progress = learner_progress("Ana Lee", &gathered.evidence, catalogue, &options);
            let picks = plan(&progress, &offers);
            assert!(gathered.fresh.is_empty() && gathered.evidence.len() == 5_000);
            assert_eq!(picks.len(), 3);
            t.elapsed()
        })
        .collect();
    report(
        "progress of a trainee with 5,000 attempts (read, mastery, plan)",
        median(samples),
        Some(Duration::from_millis(200)),
    );
    let samples: Vec<Duration> = (0..9)
        .map(|_| {
            let t = Instant::now();
            let progress = learner_progress("Ana Lee", &cold.evidence, catalogue, &options);
            let _ = plan(&progress, &offers);
            t.elapsed()
        })
        .collect();
    report("  of which mastery and plan from evidence in memory", median(samples), None);
    drop(store);

    // 500 trainees × 100 conversations, over about four months.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("attempts.sqlite")).unwrap();
    for t in 0..500 {
        let name = format!("Trainee {t:03}");
        let attempts: Vec<Attempt> =
            (0..100).map(|i| attempt(&library, &name, i, 100, start_ms, 104_000_000)).collect();
        store.insert_all(&attempts).unwrap();
    }
    let clock = Clock { now_ms: start_ms + 100 * 104_000_000 + 86_400_000, utc_offset_minutes: 0 };
    let options = Options::new(clock);
    let t = Instant::now();
    let cold = gather(&store, &library, &knowledge, None).unwrap();
    let replayed = t.elapsed();
    assert_eq!(cold.evidence.len(), 50_000);
    cold.keep(&mut store).unwrap();
    report("cohort, first look: replay 50,000 attempts", replayed, None);
    let mut sizes = (0, 0);
    let samples: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let gathered = gather(&store, &library, &knowledge, None).unwrap();
            let cohort = cohort(&gathered.evidence, catalogue, &options);
            assert_eq!(cohort.learners.len(), 500);
            t.elapsed()
        })
        .collect();
    report(
        "cohort report of 500 trainees × 100 attempts (read, grid, lists)",
        median(samples),
        Some(Duration::from_millis(200)),
    );
    let samples: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = gather(&store, &library, &knowledge, None).unwrap();
            t.elapsed()
        })
        .collect();
    report("  of which reading 50,000 attempts' evidence", median(samples), None);
    let samples: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = cohort(&cold.evidence, catalogue, &options);
            t.elapsed()
        })
        .collect();
    report("  of which the cohort from evidence in memory", median(samples), None);
    let cohort = cohort(&cold.evidence, catalogue, &options);
    let samples: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let page = cohort_page(&cohort, "Cohort");
            let sheet = cohort_csv(&cohort);
            sizes = (page.len(), sheet.len());
            t.elapsed()
        })
        .collect();
    report(
        &format!("  its HTML page ({:.1} MB) and CSV ({:.1} MB)", sizes.0 as f64 / 1e6, sizes.1 as f64 / 1e6),
        median(samples),
        None,
    );
}
