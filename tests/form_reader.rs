//! The form reader learns a tell no named player knows: in a set of made-up scenarios the
//! best reply is always the only question on offer, and the reader, trained on the others,
//! finds it in the one held out; the shipped library gives it nothing to find.

mod common;

use hardcall::authoring::audit::{gaming_warnings, reader_gives_away};
use hardcall::authoring::form_reader::{TELL_RATIO, read_library};
use hardcall::authoring::load::{LoadedScenario, load_scenario_source};
use hardcall::engine::audit::audit;

/// Replies of many lengths, none with a number, a name, an apology or a question mark.
const SENTENCES: [&str; 12] = [
    "I can look at that.",
    "I will check the order history and the delivery notes for you now.",
    "Let me read through what happened.",
    "I have the account open in front of me and I am reading the last three messages from the warehouse team.",
    "That is worth a closer look.",
    "I will go through the notes on this one carefully.",
    "I am here to help with this.",
    "I can see the order and the note the courier left when they tried to deliver it yesterday afternoon.",
    "Let me put that right.",
    "I will take a look at the whole picture before anything else happens with the parcel.",
    "We can sort this out.",
    "I am checking the tracking page and the depot records side by side.",
];

/// A scenario whose best reply at every turn is the only question, at a length rank that
/// moves from turn to turn.
fn tell_scenario(index: usize) -> String {
    let turns = 6;
    let mut nodes = String::new();
    for t in 0..turns {
        let next = if t + 1 == turns { "done".to_owned() } else { format!("t{}", t + 1) };
        // Four different sentences, shortest first; the best takes the length rank of this turn.
        let mut picked: Vec<&str> = (0..4).map(|r| SENTENCES[(index * 5 + t * 4 + r) % SENTENCES.len()]).collect();
        picked.sort_by_key(|s| s.len());
        let rank = (t + index) % 4;
        let question = picked[rank].trim_end_matches('.').to_owned() + "?";
        let mut others: Vec<&str> = picked.iter().enumerate().filter(|(r, _)| *r != rank).map(|(_, s)| *s).collect();
        // Which trap takes which length moves too, so no length rank is safe.
        others.rotate_left((t * 2 + index) % 3);
        let replies = [
            format!("(text: {question:?}, shows: [problem_solving, set_expectations], goto: {next:?})"),
            format!("(text: {:?}, commits: [cutting_short], goto: {next:?})", others[0]),
            format!("(text: {:?}, commits: [defensive], goto: {next:?})", others[1]),
            format!("(text: {:?}, commits: [vague_non_answer], goto: {next:?})", others[2]),
        ];
        // The best reply's place in the file moves too; the game shuffles the shown order.
        let rotated: Vec<&String> = (0..4).map(|k| &replies[(k + t + index) % 4]).collect();
        nodes.push_str(&format!(
            "\"t{t}\": Say(lines: [\"Where is my parcel, turn {t}?\"], choices: [{}]),\n",
            rotated.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    format!(
        "(id: \"question-tell-{index}\", title: \"Question tell {index}\", summary: \"A late parcel.\", channel: Chat, difficulty: Easy,
          customer: (name: \"Sam Quill\", disc: (primary: Steady)), mood: (temper: 50, trust: 50), turn_limit: {turns}, start: \"t0\",
          nodes: {{ {nodes} \"done\": End(outcome: Resolved, points: 10) }})"
    )
}

fn tell_library() -> Vec<LoadedScenario> {
    let knowledge = common::knowledge();
    (0..5)
        .map(|i| {
            let source = tell_scenario(i);
            load_scenario_source(&format!("question-tell-{i}.ron"), &source, &knowledge)
                .unwrap_or_else(|failure| panic!("{}", failure.render()))
        })
        .collect()
}

#[test]
fn a_tell_no_named_player_knows_is_found_by_the_form_reader() {
    let library = tell_library();
    let refs: Vec<&LoadedScenario> = library.iter().collect();
    let readings = read_library(&refs, &[]);
    for (loaded, readings) in library.iter().zip(&readings) {
        let variant = loaded.main();
        let named = audit(&variant.scenario, &variant.analysis);
        for player in &named.naive {
            assert!(player.median < 50, "{}: {} scores {}%", loaded.id(), player.strategy.describe(), player.median);
        }
        let reading = &readings[0];
        assert!(reading.vs_chance > TELL_RATIO, "{}: {reading:?}", loaded.id());
        assert!(reading.median >= 50, "{}: {reading:?}", loaded.id());
        assert!(reader_gives_away(reading));
        assert!(
            reading.tells.iter().any(|t| t.sentence.contains("questions")),
            "{}: the tell is named: {:?}",
            loaded.id(),
            reading.tells
        );
        let warnings = gaming_warnings(loaded, Some(readings));
        let warning = warnings.iter().find(|w| w.code == "form-tell").expect("validate warns");
        assert!(warning.secondary.len() > 1, "the turns that give it away are pointed at: {warning:?}");
    }
}

#[test]
fn the_form_reader_is_the_same_on_every_run() {
    let library = tell_library();
    let refs: Vec<&LoadedScenario> = library.iter().take(3).collect();
    assert_eq!(read_library(&refs, &[]), read_library(&refs, &[]));
}

#[test]
fn the_shipped_library_does_not_read_by_form() {
    let shipped = common::shipped();
    let refs: Vec<&LoadedScenario> = shipped.iter().collect();
    let readings = read_library(&refs, &[]);
    let (mut picks, mut chance) = (0, 0.0);
    let mut failures = Vec::new();
    for (loaded, readings) in shipped.iter().zip(&readings) {
        for (variant, reading) in loaded.variants.iter().zip(readings) {
            let who = format!("{} as {}", loaded.id(), variant.scenario.profile);
            let reads = reading.median >= 50 || reading.p90 >= 60;
            if reads {
                failures.push(format!("{who}: the form reader's median {}%, p90 {}%", reading.median, reading.p90));
            }
            picks += reading.best_picks;
            chance += reading.chance_picks;
        }
    }
    let ratio = picks as f64 / chance;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        ratio <= TELL_RATIO,
        "over the library the form reader takes the best reply {ratio:.2} times as often as chance"
    );
}
