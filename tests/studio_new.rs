//! A whole new scenario written in the studio by clicks and keys only: a brief becomes a
//! skeleton, two turns are added in place with their own traps, every placeholder the studio
//! lists is written, the diagnostics go to zero, a playtest runs from a middle node, and the
//! saved file is sound for `hardcall validate`, with every line of the skeleton that was not
//! edited still there, in order.
#![cfg(feature = "gui")]

mod common;

use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use hardcall::app::studio::brief::{BriefForm, BriefRequest};
use hardcall::app::studio::view::{Reader, Studio};
use hardcall::authoring::load::load_scenario_file;
use hardcall::engine::scenario::Node;
use std::path::PathBuf;

/// What the test harness hosts: the brief until it is written, then the studio on its file.
struct Host {
    brief: Option<BriefForm>,
    studio: Option<Studio>,
}

fn host(folder: PathBuf) -> Harness<'static, Host> {
    let knowledge = common::knowledge();
    let host = Host { brief: Some(BriefForm::new(folder)), studio: None };
    let mut harness = Harness::builder().with_size(egui::vec2(1500.0, 1100.0)).build_ui_state(
        move |ui, host: &mut Host| {
            if let Some(form) = &mut host.brief {
                if let Some(BriefRequest::Open(path)) = form.ui(ui) {
                    let mut studio = Studio::open(&path, knowledge.clone()).expect("the skeleton opens");
                    // The reader learns on a thread; the test waits for it instead of repainting.
                    studio.wait_for_reader();
                    host.studio = Some(studio);
                    host.brief = None;
                }
            } else if let Some(studio) = &mut host.studio {
                studio.ui(ui);
            }
        },
        host,
    );
    harness.run();
    harness
}

fn studio<'a>(harness: &'a Harness<'static, Host>) -> &'a Studio {
    harness.state().studio.as_ref().expect("the studio is open")
}

/// Scrolls a widget into view and clicks it.
fn press(harness: &mut Harness<'static, Host>, label: &str, nth: usize) {
    harness.get_all_by_label(label).nth(nth).unwrap_or_else(|| panic!("no `{label}` #{nth}")).scroll_to_me();
    harness.run();
    harness.get_all_by_label(label).nth(nth).unwrap().click();
    harness.run();
}

/// Replaces a field's whole text by typing, then leaves the field (which makes the edit).
fn retype(harness: &mut Harness<'static, Host>, label: &str, text: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
}

fn select(harness: &mut Harness<'static, Host>, node: &str) {
    press(harness, &format!("Node {node}"), 0);
    assert_eq!(studio(harness).selected.as_deref(), Some(node), "selected by its graph node");
}

/// Each node's texts, by the label of the field that holds them.
const TEXTS: &[(&str, &[(&str, &str)])] = &[
    (
        "open",
        &[
            (
                "Line 1",
                "Hello. My tablet came with a cracked screen, and all I got was an automatic reply. I hate to be a bother, but I need it for my course.",
            ),
            (
                "Line 1 as a Dominant customer says it",
                "My tablet came with a cracked screen. All I got was an automatic reply. I need it for my course.",
            ),
            (
                "Reply 1 text",
                "Tomasz, I have order 5521 here: the tablet with the cracked screen, and the automatic reply from Monday. Tell me what happened when you opened it.",
            ),
            (
                "Reply 1 feedback (the debrief says it)",
                "Reading the order first and letting him tell it shows he is heard before anything is fixed (004, tip 1; 003, Active Listening).",
            ),
            (
                "Reply 2 text",
                "A replacement tablet is the quickest fix for a cracked screen, Tomasz. I'll order one on 5521 now, and it goes out today.",
            ),
            (
                "Reply 2 feedback (the debrief says it)",
                "A fix before he has finished telling it cuts him off: let him explain fully first (001, Listen Actively).",
            ),
        ],
    ),
    (
        "heard",
        &[
            (
                "Line 1",
                "The box looked fine, but the glass was split across one corner. The course starts on Thursday.",
            ),
            ("Reply 1 text", "I'm sorry: a split screen on a new tablet."),
            (
                "Reply 1 feedback (the debrief says it)",
                "One apology that names what went wrong is worth more than many (004, tip 3).",
            ),
            (
                "Reply 2 text",
                "I completely understand how upsetting a cracked screen on a new tablet must feel, Tomasz.",
            ),
            (
                "Reply 2 feedback (the debrief says it)",
                "Words to placate him, with nothing of what he said in them, ring hollow (002, Tip 1).",
            ),
        ],
    ),
    (
        "turn_2",
        &[
            ("Line 1", "Do I have to post the broken one back before anything happens?"),
            (
                "Reply 1 text",
                "Let's swap them the other way round, Tomasz: the new one goes out first, with a prepaid label for the cracked one.",
            ),
            (
                "Reply 1 feedback (the debrief says it)",
                "Working it out together instead of giving orders keeps him on your side (003, Positive Language).",
            ),
            ("Reply 2 text", "You need to post the cracked one back first, with the prepaid label in the box."),
            (
                "Reply 2 feedback (the debrief says it)",
                "An order to the customer puts the work on him: say what you will do together instead (003, Positive Language).",
            ),
        ],
    ),
    (
        "solve",
        &[
            ("Line 1", "Can it be here before Thursday?"),
            ("Reply 1 text", "It leaves by courier today and takes 2 working days: Wednesday."),
            (
                "Reply 1 feedback (the debrief says it)",
                "A date the courier's times support is a promise you can keep (003, Setting Expectations).",
            ),
            (
                "Reply 2 text",
                "I'll have the courier bring the replacement by 9 tomorrow, not in 2 working days: guaranteed.",
            ),
            (
                "Reply 2 feedback (the debrief says it)",
                "The courier takes two working days: a guarantee you cannot keep is the next complaint (000, tip 9).",
            ),
        ],
    ),
    (
        "turn_3",
        &[
            ("Line 1", "And if the new one arrives damaged as well?"),
            ("Reply 1 text", "Then message me here and I will check the courier's photos first."),
            (
                "Reply 1 feedback (the debrief says it)",
                "An honest next step, not a boast, is what he can hold you to (004, tip 3).",
            ),
            (
                "Reply 2 text",
                "That never happens twice, Tomasz: our courier packs every tablet like glass, the best in the business.",
            ),
            (
                "Reply 2 feedback (the debrief says it)",
                "A sweeping claim nobody can check is how credibility goes (004, tip 3).",
            ),
        ],
    ),
    (
        "close",
        &[
            ("Line 1", "Right. Is there anything else I should do?"),
            (
                "Reply 1 text",
                "Only the label. It's all noted on order 5521, and I'll message you here on Wednesday afternoon to check it arrived safely.",
            ),
            (
                "Reply 1 feedback (the debrief says it)",
                "A follow-up you will keep, and a record of it, close the loop (000, Follow up; 001, Document the Interaction).",
            ),
            (
                "Reply 2 text",
                "Nothing at all, the label's in the box and it's all on order 5521. Have a lovely week, and enjoy the course on Thursday!",
            ),
            (
                "Reply 2 feedback (the debrief says it)",
                "A cheerful goodbye leaves him unsure what happens if it goes wrong (004, tip 7).",
            ),
        ],
    ),
    (
        "resolved",
        &[
            ("Last words 1", "Thank you. Wednesday, then."),
            ("Summary", "The replacement arrives on Wednesday, before the course."),
        ],
    ),
    (
        "grudging",
        &[("Last words 1", "Fine. Wednesday."), ("Summary", "It arrives, but the first reply is what he remembers.")],
    ),
    (
        "partly",
        &[
            ("Last words 1", "I suppose that's it, then."),
            ("Summary", "He is left unsure what happens if it goes wrong."),
        ],
    ),
    (
        "promise_broken",
        &[
            ("Last words 1", "Tomorrow. Right."),
            ("Summary", "It arrives on Wednesday; the guarantee becomes the next complaint."),
        ],
    ),
    (
        "lost",
        &[
            ("Last words 1", "Forget it. I'll take it back to the shop."),
            ("Summary", "He returns the tablet and buys elsewhere."),
        ],
    ),
];

#[test]
fn a_new_scenario_is_written_from_a_brief_by_clicks_and_keys_only() {
    let folder = std::env::temp_dir().join(format!("hardcall-studio-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let mut harness = host(folder.clone());

    // The brief: a button press with nothing filled in says what is missing.
    press(&mut harness, "Write the skeleton and open it", 0);
    let problems = harness.state().brief.as_ref().unwrap().problems.clone();
    assert!(problems.len() >= 3, "{problems:?}");
    retype(&mut harness, "Scenario name", "Cracked screen");
    retype(&mut harness, "Customer's name", "Tomasz Wieczorek");
    press(&mut harness, "Dominant", 0);
    press(&mut harness, "chat", 0);
    press(&mut harness, "Easy", 0);
    retype(
        &mut harness,
        "What went wrong",
        "Tomasz's new tablet arrived on Monday with a cracked screen; his first message got an automatic reply and nothing since.",
    );
    retype(
        &mut harness,
        "What the agent may do",
        "Send a replacement by courier today (2 working days) with a prepaid label for the cracked one.",
    );
    press(&mut harness, "Write the skeleton and open it", 0);
    let path = folder.join("cracked-screen.ron");
    assert!(harness.state().brief.is_none(), "written and opened");
    let skeleton = std::fs::read_to_string(&path).expect("the skeleton is on disk");
    assert!(studio(&harness).proven.is_ok(), "the skeleton is sound from the start");
    assert!(studio(&harness).findings.iter().any(|f| f.diagnostic.code == "todo"), "placeholders are listed");

    // Two more turns, each made in place after a reply of the best path, each with a trap.
    select(&mut harness, "heard");
    press(&mut harness, "a new turn", 0);
    assert_eq!(studio(&harness).selected.as_deref(), Some("turn_2"), "the new turn is selected");
    select(&mut harness, "solve");
    press(&mut harness, "a new turn", 0);
    assert_eq!(studio(&harness).selected.as_deref(), Some("turn_3"));
    for (node, trap) in [("turn_2", "\"You need to\" language"), ("turn_3", "Exaggerating or vague claims")] {
        select(&mut harness, node);
        press(&mut harness, "Add a reply", 0);
        press(&mut harness, "Add an anti-pattern…", 1);
        press(&mut harness, trap, 0);
    }
    select(&mut harness, "turn_2");
    press(&mut harness, "Add a strategy…", 0);
    press(&mut harness, "Positive language", 0);
    select(&mut harness, "turn_3");
    press(&mut harness, "Add a strategy…", 0);
    press(&mut harness, "Honesty", 0);

    // Every placeholder, written where the studio shows it.
    for (node, texts) in TEXTS {
        select(&mut harness, node);
        for (label, text) in *texts {
            retype(&mut harness, label, text);
        }
    }
    press(&mut harness, "Scenario settings", 0);
    retype(
        &mut harness,
        "Dossier facts (one per line)",
        "Order 5521: a tablet, delivered on Monday with a cracked screen",
    );
    retype(&mut harness, "Dossier tickets (one per line)", "#7730: automatic reply sent on Monday, no answer since");

    assert!(matches!(studio(&harness).reader, Reader::Ready(_)), "the reader learnt from the shipped library");
    let left: Vec<String> = studio(&harness)
        .findings
        .iter()
        .map(|f| format!("{} {}: {} {:?}", f.at, f.diagnostic.code, f.diagnostic.message, f.diagnostic.notes))
        .collect();
    assert!(left.is_empty(), "the studio still shows:\n{}", left.join("\n"));
    let loaded = studio(&harness).proven.as_ref().expect("sound").clone();
    assert_eq!(loaded.variants.len(), 2, "two personalities");
    let best = loaded.main().analysis.best.as_ref().expect("a best path");
    assert!(best.steps.len() >= 6, "{} turns on the best path", best.steps.len());
    let traps: std::collections::BTreeSet<String> = studio(&harness)
        .document
        .file()
        .nodes
        .values()
        .flat_map(|n| match n {
            Node::Say { choices, .. } => choices.iter().flat_map(|c| c.commits.clone()).collect(),
            Node::End { .. } => Vec::new(),
        })
        .map(|id| id.as_str().to_owned())
        .collect();
    assert!(traps.len() >= 3, "traps for three anti-patterns: {traps:?}");

    // A playtest from a middle node: the best reply there, then its points and where it went.
    select(&mut harness, "solve");
    press(&mut harness, "Play from solve", 0);
    harness.get_by_label_contains("▸ 1. It leaves by courier").scroll_to_me();
    harness.run();
    harness.get_by_label_contains("▸ 1. It leaves by courier").click();
    harness.run();
    let taken = &studio(&harness).playtest.taken;
    assert_eq!(taken.len(), 1);
    assert!(taken[0].points > 0, "a right reply earns points: {}", taken[0].points);
    for reply in ["▸ 1. Then message me here", "▸ 1. Only the label."] {
        harness.get_by_label_contains(reply).scroll_to_me();
        harness.run();
        harness.get_by_label_contains(reply).click();
        harness.run();
    }
    assert!(harness.query_by_label_contains("Ended: resolved").is_some(), "the playtest reached the ending");
    // Kept as a journey beside the scenario, for validate and the tests to replay.
    press(&mut harness, "Save as a journey", 0);
    let journeys = hardcall::authoring::journeys::load(&path).expect("the journeys file reads");
    assert_eq!(journeys.len(), 1, "{:?}", studio(&harness).notice);
    assert_eq!((journeys[0].from.as_str(), journeys[0].reaches.as_str()), ("solve", "resolved"));
    assert_eq!(journeys[0].replies, [1, 1, 1]);

    // Blind, as a trainee: the replies carry no points and come in the shown order.
    press(&mut harness, "Blind, as a trainee sees it (replies shuffled, points at the end)", 0);
    select(&mut harness, "open");
    press(&mut harness, "Play from open", 0);
    let offered: Vec<String> =
        harness.get_all_by_label_contains("▸ ").map(|n| n.accesskit_node().label().unwrap_or_default()).collect();
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert!(offered.iter().all(|l| !l.contains("(+") && !l.contains("(-")), "no points shown blind: {offered:?}");

    // Saved, it is sound for the command line too, and nothing else in the skeleton changed.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(!studio(&harness).document.is_dirty(), "{:?}", studio(&harness).notice);
    load_scenario_file(&path, &common::knowledge()).expect("the saved file loads");
    let validate = std::process::Command::new(env!("CARGO_BIN_EXE_hardcall"))
        .args(["validate"])
        .arg(&path)
        .output()
        .expect("hardcall runs");
    let said = String::from_utf8_lossy(&validate.stdout).to_string() + &String::from_utf8_lossy(&validate.stderr);
    assert!(validate.status.success(), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    let saved = std::fs::read_to_string(&path).unwrap();
    let mut rest = saved.lines();
    for line in skeleton.lines() {
        // Edited lines: a placeholder written, a reply now leading to a new turn.
        if line.contains("TODO") || line.trim_start().starts_with("goto:") {
            continue;
        }
        assert!(rest.any(|l| l == line), "the skeleton's line `{line}` changed or moved, though it was not edited");
    }
    let _ = std::fs::remove_dir_all(&folder);
}
