//! The terminal front end, driven like a person at a keyboard: typed replies in, the
//! conversation and the debrief out, all of it from the session's events.

mod common;

use hardcall::cli::terminal::play_interactive;
use hardcall::engine::session::{Event, Session};

/// Plays `loaded`'s main personality on `seed` with `typed` as the keyboard.
fn play(loaded: &hardcall::authoring::load::LoadedScenario, seed: u64, typed: &str) -> (Option<u64>, String) {
    let mut output = Vec::new();
    let played = play_interactive(loaded, 0, seed, &mut typed.as_bytes(), &mut output).unwrap();
    (played.map(|p| p.session.points() as u64), String::from_utf8(output).unwrap())
}

#[test]
fn the_best_path_typed_in_prints_every_line_and_the_debrief() {
    let loaded = common::load("double-charge.ron");
    let best = loaded.main().analysis.best.clone().unwrap();
    let (points, text) = play(&loaded, 7, &common::typed_keys(&loaded, 7, &best.positions()));
    assert_eq!(points, Some(best.total as u64));

    // Every line the customer says, in order, as the session's events tell it.
    let (mut session, mut events) = Session::start(loaded.main().scenario.clone(), 7);
    for &position in &best.positions() {
        events.extend(session.choose(position).unwrap());
    }
    let name = &loaded.file().customer.name;
    let mut from = 0;
    for event in &events {
        if let Event::CustomerSays { text: line, .. } = event {
            let shown = format!("{name}: \"{line}\"");
            let at = text[from..].find(&shown).unwrap_or_else(|| panic!("`{shown}` is not printed in order:\n{text}"));
            from += at + shown.len();
        }
    }
    assert!(text.contains("  [resolved]"), "{text}");
    assert!(text.contains("Score: 100%, grade A") && text.contains("no anti-pattern"), "{text}");
    assert!(text.contains("every anti-pattern lowers the highest grade"), "{text}");
    assert!(!text.contains("mood has changed"), "the best path crosses no threshold:\n{text}");
    let n = best.positions().len();
    assert!(text.contains(&format!("Best available reply taken on {n} of {n} turns")), "{text}");
}

#[test]
fn a_threshold_crossed_is_said_in_the_terminal_too() {
    // The first shipped worst path that a threshold redirects.
    let (loaded, worst) = common::shipped()
        .into_iter()
        .find_map(|loaded| {
            let worst = loaded.main().analysis.worst.clone()?;
            let (mut session, _) = Session::start(loaded.main().scenario.clone(), 1);
            session.play(&worst.positions()).ok()?;
            session.turns().iter().any(|t| t.threshold.is_some()).then_some((loaded, worst))
        })
        .expect("some shipped worst path crosses a threshold");
    let (points, text) = play(&loaded, 1, &common::typed_keys(&loaded, 1, &worst.positions()));
    assert!(points.is_some(), "{text}");
    let name = &loaded.file().customer.name;
    assert!(text.contains(&format!("! {name}'s mood has changed where this conversation goes.")), "{text}");
}

#[test]
fn a_wrong_key_asks_again_and_q_leaves_without_a_result() {
    let loaded = common::load("double-charge.ron");
    let (points, text) = play(&loaded, 7, "nine\n99\nd\nq\n");
    assert_eq!(points, None);
    assert!(text.contains("Type a number from 1 to"), "{text}");
    assert!(text.contains("there is no reply 99"), "{text}");
    assert!(text.matches("Open tickets:").count() >= 2, "d shows the dossier again:\n{text}");
    assert!(!text.contains("Score: "), "no debrief for an abandoned conversation:\n{text}");
}

/// With a display but no graphics adapter the renderer would panic: the game says why and
/// the picker runs in the terminal instead.
#[cfg(feature = "gui")]
#[test]
fn no_graphics_adapter_falls_back_to_the_terminal_with_one_line_saying_why() {
    use std::io::Write;
    let mut child = common::hardcall(&[])
        .env("DISPLAY", ":0")
        // No adapter of this kind exists on Linux, as on a machine without a GPU or driver.
        .env("WGPU_BACKEND", "dx12")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"q\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(err.contains("No graphics adapter found") && err.contains("playing in the terminal instead"), "{err}");
    assert_eq!(err.lines().filter(|l| l.contains("graphics adapter")).count(), 1, "{err}");
    assert!(out.contains("pick a customer"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
}
