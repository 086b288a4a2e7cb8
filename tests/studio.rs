//! The studio, driven by clicks and keys only: S on the picker opens it on the highlighted
//! scenario; in the studio a reply's text is edited, undone, redone and saved, and the file on
//! disk differs from the shipped one only in that value and still loads; a playtest steps
//! through replies and back.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use common::headless::{Keyboard, game};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hardcall::app::Screen;
use hardcall::app::library::ScenarioDir;
use hardcall::app::studio::StudioScreen;
use hardcall::app::studio::view::Studio;
use hardcall::authoring::load::load_scenario_file;
use hardcall::authoring::spans::SpanIndex;
use hardcall::engine::diagnostic::Seg;
use hardcall::engine::scenario::Node;
use hardcall::records::settings::Settings;
use std::path::{Path, PathBuf};

const SCENARIO: &str = "double-charge.ron";

fn temp_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-studio-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let to = dir.join(SCENARIO);
    std::fs::copy(common::scenarios_dir().join(SCENARIO), &to).unwrap();
    to
}

fn harness(path: &Path) -> Harness<'static, Studio> {
    let mut studio = Studio::open(path, common::knowledge()).expect("the copy opens");
    // The form reader learns on a thread; the test waits for it instead of repainting.
    studio.wait_for_reader();
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 1000.0)).build_ui_state(
        |ui, studio: &mut Studio| {
            studio.ui(ui);
        },
        studio,
    );
    harness.run();
    harness
}

fn first_reply(studio: &Studio, node: &str) -> String {
    match &studio.document.file().nodes[node] {
        Node::Say { choices, .. } => choices[0].text.clone(),
        Node::End { .. } => panic!("{node} is an ending"),
    }
}

use bevy_egui::egui;

#[test]
fn s_on_the_picker_opens_the_highlighted_scenario_in_the_studio() {
    let mut app = game(Settings { trainee: "Robin Test".into(), text_speed: 0, ..Settings::default() });
    app.insert_resource(ScenarioDir(common::scenarios_dir()));
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    app.tap(KeyCode::ArrowRight);
    app.tap(KeyCode::KeyS);
    assert_eq!(app.screen(), Screen::Studio);
    let screen = app.world().resource::<StudioScreen>();
    let studio = screen.studio.as_ref().unwrap_or_else(|| panic!("not opened: {:?}", screen.error));
    assert!(!studio.document.is_dirty());
    assert!(studio.proven.is_ok(), "a shipped scenario is sound in the studio too");
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::Picker);
    assert!(app.world().resource::<StudioScreen>().studio.is_none());
}

#[test]
fn a_reply_edited_undone_redone_and_saved_changes_only_that_value_on_disk() {
    let path = temp_copy("edit");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut harness = harness(&path);
    let start = harness.state().document.file().start.clone();
    let before = first_reply(harness.state(), &start);

    // Select the start node in the graph, then retype its first reply.
    harness.get_by_label(&format!("Node {start}")).click();
    harness.run();
    assert_eq!(harness.state().selected.as_deref(), Some(start.as_str()));
    let field = harness.get_by_label("Reply 1 text");
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Reply 1 text").type_text("Let me put that right for you now.");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let after = "Let me put that right for you now.";
    assert_eq!(first_reply(harness.state(), &start), after);
    assert!(harness.state().document.is_dirty());
    assert!(harness.state().proven.is_ok(), "a reply's wording does not change the proof");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(first_reply(harness.state(), &start), before);
    assert!(!harness.state().document.is_dirty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    assert_eq!(first_reply(harness.state(), &start), after);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(!harness.state().document.is_dirty(), "saved: {:?}", harness.state().notice);

    // On disk: the shipped text with only that string replaced.
    let spans = SpanIndex::build(&original);
    let at = spans
        .value(&[Seg::from("nodes"), Seg::from(start.as_str()), Seg::from("choices"), Seg::from(0), Seg::from("text")])
        .unwrap();
    let expected = format!("{}\"{after}\"{}", &original[..at.start], &original[at.end..]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    let loaded = load_scenario_file(&path, &common::knowledge()).expect("the saved file loads");
    assert_eq!(loaded.file().nodes.len(), harness.state().document.file().nodes.len());
    assert!(!hardcall::authoring::edit::save::recovery_path(&path).exists(), "no recovery file once saved");
}

#[test]
fn a_playtest_from_the_start_shows_points_and_steps_back() {
    let path = temp_copy("playtest");
    let mut harness = harness(&path);
    let start = harness.state().document.file().start.clone();
    harness.get_by_label(&format!("Play from {start}")).scroll_to_me();
    harness.run();
    harness.get_by_label(&format!("Play from {start}")).click();
    harness.run();
    assert!(harness.state().playtest.state().is_some());
    harness.get_by_label_contains("▸ 1. ").scroll_to_me();
    harness.run();
    harness.get_by_label_contains("▸ 1. ").click();
    harness.run();
    assert_eq!(harness.state().playtest.taken.len(), 1);
    let taken = harness.state().playtest.taken[0].clone();
    let loaded = common::load(SCENARIO);
    let main = loaded.main();
    let id = main.scenario.node_names.iter().position(|n| *n == start).unwrap() as u32;
    assert_eq!(taken.points, main.scenario.choice(id, 0).points, "the points are the engine's");
    assert_eq!(taken.after, main.scenario.step(main.scenario.initial_state(), 0).next);
    harness.get_by_label("Step back").scroll_to_me();
    harness.run();
    harness.get_by_label("Step back").click();
    harness.run();
    assert!(harness.state().playtest.taken.is_empty());
}

#[test]
fn find_lists_every_place_in_the_folder_and_a_click_goes_there() {
    let path = temp_copy("find");
    let mut harness = harness(&path);
    harness.get_by_label("Find in the scenarios folder").click();
    harness.run();
    harness.get_by_label("Find in the scenarios folder").scroll_to_me();
    harness.run();
    harness.state_mut().search = "Dana Ortiz".into();
    harness.get_by_label("Find").click();
    harness.run();
    let hits = harness.state().hits.clone();
    assert!(hits.iter().any(|h| h.place == "the customer's name"), "{hits:?}");
    // A strategy id finds the replies that show it, each with its node.
    harness.state_mut().search = "sincere_apology".into();
    harness.get_by_label("Find").click();
    harness.run();
    let hit = harness.state().hits.iter().find(|h| h.node.is_some()).cloned().expect("a reply shows it");
    let node = hit.node.clone().unwrap();
    harness.get_by_label_contains(&format!("`{node}`: {}", hit.place)).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(&format!("`{node}`: {}", hit.place)).click();
    harness.run();
    assert_eq!(harness.state().selected.as_deref(), Some(node.as_str()), "the click selects the node");
}
