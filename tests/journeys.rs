//! Saved playtests: a journey saved beside a scenario replays to where it went, and an edit
//! that sends it elsewhere is an error in `validate`, located in the journeys file.

mod common;

use hardcall::authoring::journeys::{self, Journey};
use hardcall::authoring::load::load_scenario_file;
use hardcall::authoring::template::{Brief, skeleton};
use hardcall::engine::disc::DiscStyle;
use hardcall::engine::mood::Mood;
use hardcall::engine::scenario::{Channel, Difficulty};
use std::process::Command;

fn scenario(dir: &std::path::Path) -> std::path::PathBuf {
    let brief = Brief {
        name: "Journey".into(),
        customer: "Mirela Dobos".into(),
        styles: vec![DiscStyle::Influential],
        channel: Channel::Email,
        difficulty: Difficulty::Easy,
        situation: "Her order went missing.".into(),
        may_do: "Resend it.".into(),
    };
    let path = dir.join("journey.ron");
    std::fs::write(&path, skeleton(&brief)).unwrap();
    path
}

#[test]
fn a_saved_journey_replays_and_a_change_that_moves_it_is_an_error() {
    let dir = std::env::temp_dir().join(format!("hardcall-journeys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = scenario(&dir);
    let loaded = load_scenario_file(&path, &common::knowledge()).unwrap();
    // From `heard` with a stumble behind (the flag set) and a hot temper: the right replies.
    let journey = Journey {
        name: "a rocky start still ends grudging".into(),
        personality: DiscStyle::Influential,
        from: "heard".into(),
        mood: Mood { temper: 80, trust: 20 },
        flags: vec!["rocky_start".into()],
        replies: vec![1, 1, 1],
        reaches: String::new(),
        points: 0,
    };
    let (reaches, points) = journeys::replay(&loaded, &journey).expect("it plays");
    assert_eq!(reaches, "grudging", "the flag chosen at the start decides the ending");
    journeys::save(&path, Journey { reaches, points, ..journey.clone() }).unwrap();
    assert!(journeys::check(&loaded, &path).1.is_empty());
    let validate = |path: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_hardcall")).arg("validate").arg(path).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    assert_eq!(validate(&path).0, Some(0), "{}", validate(&path).1);

    // The author makes the grudging ending worth more: the journey no longer adds up.
    let text = std::fs::read_to_string(&path).unwrap().replace("points: 5,", "points: 9,");
    std::fs::write(&path, text).unwrap();
    let loaded = load_scenario_file(&path, &common::knowledge()).unwrap();
    let (_, errors) = journeys::check(&loaded, &path);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("a rocky start still ends grudging"), "{}", errors[0].message);
    assert!(errors[0].message.contains(&format!("with {} points", points + 4)), "{}", errors[0].message);
    let (code, said) = validate(&path);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("journey.journeys:"), "located in the journeys file: {said}");

    // A node the journey starts from is renamed away: said in words.
    let text = std::fs::read_to_string(&path).unwrap().replace("\"heard\"", "\"listened\"");
    std::fs::write(&path, text).unwrap();
    let loaded = load_scenario_file(&path, &common::knowledge()).unwrap();
    let (_, errors) = journeys::check(&loaded, &path);
    assert!(errors[0].message.contains("there is no node `heard` any more"), "{}", errors[0].message);
    let _ = std::fs::remove_dir_all(&dir);
}
