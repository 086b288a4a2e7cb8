//! The authoring guide stays true: every complete RON example in scenarios/README.md loads
//! and is proven sound, and every error code it lists is one the engine really reports.

mod common;

use hardcall::authoring::load::load_scenario_source;

fn guide() -> String {
    std::fs::read_to_string(common::scenarios_dir().join("README.md")).expect("the guide exists")
}

/// The contents of every ```ron block, with the line it starts on.
fn ron_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut current, line.trim()) {
            (None, "```ron") => current = Some((i + 2, String::new())),
            (Some(_), "```") => blocks.push(current.take().expect("inside a block")),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_example_in_the_guide_is_sound() {
    let knowledge = common::knowledge();
    let blocks = ron_blocks(&guide());
    assert!(blocks.len() >= 2, "the guide should show complete examples");
    for (line, body) in blocks {
        let name = format!("scenarios/README.md (example at line {line})");
        let loaded = load_scenario_source(&name, &body, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
    }
}

#[test]
fn the_tutorial_example_uses_the_features_it_explains() {
    let knowledge = common::knowledge();
    let blocks = ron_blocks(&guide());
    let (_, tutorial) = blocks.iter().find(|(_, b)| b.contains("lost-parcel-tutorial")).expect("the tutorial example");
    let loaded = load_scenario_source("tutorial.ron", tutorial, &knowledge).unwrap();
    let file = loaded.file();
    assert!(!file.thresholds.is_empty());
    assert!(!file.customer.alternatives.is_empty());
    assert!(!file.customer.dossier.tickets.is_empty());
    assert!(file.customer.look.is_some(), "the tutorial shows a look");
    assert!(file.expression("open").is_some(), "the tutorial shows an expression");
    // The alternative personality really changes the best path.
    let best: Vec<Vec<usize>> = loaded.variants.iter().map(|v| v.analysis.best.as_ref().unwrap().positions()).collect();
    assert_eq!(best.len(), 2);
}

#[test]
fn every_error_code_in_the_guide_exists_in_the_engine() {
    let sources = [
        include_str!("../src/authoring/check/mod.rs"),
        include_str!("../src/authoring/check/flags.rs"),
        include_str!("../src/authoring/check/rules.rs"),
        include_str!("../src/engine/prover.rs"),
        include_str!("../src/engine/prover/checks.rs"),
        include_str!("../src/engine/prover/endings.rs"),
        include_str!("../src/authoring/load.rs"),
        include_str!("../src/authoring/ron.rs"),
        include_str!("../src/authoring/expect.rs"),
    ]
    .concat();
    let text = guide();
    let table = &text[text.find("| check | error code |").expect("the table of checks")..];
    for line in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        for code in line.split('`').skip(1).step_by(2).filter(|c| c.contains('-') || *c == "syntax") {
            assert!(
                sources.contains(&format!("\"{code}\"")),
                "the guide lists `{code}`, which the engine never reports"
            );
        }
    }
}
