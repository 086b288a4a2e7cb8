//! Results benchmark: a database of 100,000 attempts, the time of a competition leaderboard
//! over it (target < 100 ms), of importing 10,000 attempts with recomputation (< 2 s), and
//! the time and peak memory of exporting all of them as xAPI (< 300 MB).

use hardcall::authoring::load::{load_scenario_file, scenario_paths};
use hardcall::engine::card::score_card;
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::session::Session;
use hardcall::records::attempts::{Attempt, verify};
use hardcall::records::competition::{leaderboard_of, load_competition};
use hardcall::records::store::Store;
use hardcall::records::time::parse_utc;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn report(name: &str, measured: Duration, target: Duration) {
    let verdict = if measured <= target { "ok" } else { "OVER TARGET" };
    println!("{name:<52} {:>10.1} ms   (target < {} ms) {verdict}", measured.as_secs_f64() * 1e3, target.as_millis());
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let knowledge = Arc::new(Knowledge::builtin());
    let library: Vec<_> = scenario_paths(&[root.join("scenarios")])
        .unwrap()
        .iter()
        .map(|p| load_scenario_file(p, &knowledge).expect("shipped scenarios load"))
        .collect();
    let cup_path = root.join("scenarios/competitions/autumn-cup.ron");
    let cup_source = std::fs::read_to_string(&cup_path).unwrap();
    let cup = load_competition("autumn-cup.ron", &cup_source, &library).expect("the shipped competition loads");

    // Attempts by 2,000 trainees in 200 teams: competition rounds and free practice mixed.
    let during = parse_utc("2026-12-01T10:00:00Z").unwrap();
    let make = |i: u64| -> Attempt {
        let in_cup = i.is_multiple_of(2);
        let round = &cup.rounds[(i / 2 % cup.rounds.len() as u64) as usize];
        let loaded = if in_cup {
            library.iter().find(|l| l.id() == round.scenario).unwrap()
        } else {
            &library[(i % library.len() as u64) as usize]
        };
        let variant = match (in_cup, round.disc) {
            (true, Some(profile)) => loaded.variant(profile).unwrap(),
            _ => loaded.main(),
        };
        let analysis = &variant.analysis;
        let path =
            if i.is_multiple_of(3) { analysis.worst.as_ref() } else { analysis.best.as_ref() }.unwrap().positions();
        let seed = if in_cup { round.seed } else { i };
        let (mut session, _) = Session::start(variant.scenario.clone(), seed);
        session.play(&path).unwrap();
        let card = score_card(&session, analysis);
        let trainee = format!("Trainee {}", i % 2_000);
        let team = format!("Team {}", i % 2_000 / 10);
        let ms = vec![2_000 + i % 40_000; path.len()];
        let mut attempt = Attempt::record(loaded, &session, &card, &trainee, Some(&team), ms, during - 90_000, during);
        if in_cup {
            attempt.competition = Some(cup.name.clone());
            attempt.id = attempt.content_id();
        }
        attempt
    };
    let mut teams_cup = cup.clone();
    teams_cup.teams = (0..200)
        .map(|t| hardcall::records::competition::Team {
            name: format!("Team {t}"),
            members: (0..10).map(|m| format!("Trainee {}", t * 10 + m)).collect(),
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("attempts.sqlite")).unwrap();
    let start = Instant::now();
    let attempts: Vec<Attempt> = (0..100_000).map(make).collect();
    store.insert_all(&attempts).unwrap();
    println!("{:<52} {:>10.1} ms", "fill a database with 100,000 attempts", start.elapsed().as_secs_f64() * 1e3);

    let samples: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            let board = leaderboard_of(&teams_cup, &store.competition_rows(&teams_cup).unwrap());
            assert!(!board.trainees.is_empty());
            start.elapsed()
        })
        .collect();
    let mut sorted = samples.clone();
    sorted.sort();
    report("competition leaderboard over 100,000 attempts", sorted[sorted.len() / 2], Duration::from_millis(100));

    // Export as xAPI, as a trainer runs it: the binary, its peak memory from the kernel. A
    // tenth of the history first, so the figures show whether memory grows with its size.
    let small = tempfile::tempdir().unwrap();
    Store::open(&small.path().join("attempts.sqlite")).unwrap().insert_all(&attempts[..10_000]).unwrap();
    drop(attempts);
    for (label, data) in
        [("export 10,000 attempts as xAPI", small.path()), ("export 100,000 attempts as xAPI", dir.path())]
    {
        let out = data.join("statements.json");
        let start = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_hardcall"))
            .args(["results", "export", "--format", "xapi", "--out"])
            .arg(&out)
            .arg("--data-dir")
            .arg(data)
            .arg("--scenarios")
            .arg(root.join("scenarios"))
            .status()
            .unwrap();
        let elapsed = start.elapsed();
        assert!(status.success());
        // The kernel keeps the largest of all finished children: the larger export runs last.
        let peak_mb = peak_child_rss_kb() as f64 / 1024.0;
        let size_mb = std::fs::metadata(&out).unwrap().len() as f64 / 1e6;
        let verdict = if peak_mb < 300.0 { "ok" } else { "OVER TARGET" };
        println!(
            "{label:<52} {:>10.1} ms   peak {peak_mb:.0} MB (target < 300 MB) {verdict}, {size_mb:.0} MB written",
            elapsed.as_secs_f64() * 1e3
        );
        std::fs::remove_file(&out).unwrap();
    }

    // Import: 10,000 new attempts from another machine, each replayed before it is stored.
    let incoming: Vec<Attempt> = (100_000..110_000).map(make).collect();
    let mut other = Store::open(&dir.path().join("other.sqlite")).unwrap();
    let start = Instant::now();
    let accepted: Vec<Attempt> = incoming.into_iter().filter(|a| verify(a, &library).is_ok()).collect();
    let added = other.insert_all(&accepted).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(added, 10_000);
    report("import 10,000 attempts with recomputation", elapsed, Duration::from_secs(2));
}

/// The largest resident set any finished child process reached, in KiB (Linux `ru_maxrss`).
fn peak_child_rss_kb() -> i64 {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes a whole rusage into the pointer it is given.
        let usage = unsafe {
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
            usage.assume_init()
        };
        usage.ru_maxrss
    }
    #[cfg(not(unix))]
    {
        0
    }
}
