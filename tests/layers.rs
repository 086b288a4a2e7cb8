//! The layout stays true: every file under `src/` imports only from its own layer and the
//! layers below it, and the engine does no I/O.
//!
//! Layers, lowest first: `engine` ← `authoring` ← `records` ← `server` ← `cli`, and `app`
//! on `records` beside `server` and `cli` (neither imports the game, nor the game them).
//! `main.rs` sits on top and only parses and dispatches.

use std::path::{Path, PathBuf};

/// Each layer and the layers its files may name with `crate::`.
const LAYERS: [(&str, &[&str]); 6] = [
    ("engine", &["engine"]),
    ("authoring", &["engine", "authoring"]),
    ("records", &["engine", "authoring", "records"]),
    ("server", &["engine", "authoring", "records", "server"]),
    ("cli", &["engine", "authoring", "records", "server", "cli"]),
    ("app", &["engine", "authoring", "records", "app"]),
];

/// What a pure engine never touches: files, the network, the environment, storage, text
/// formats and the game engine. The layers above do that and hand the engine plain values.
const NOT_IN_ENGINE: [&str; 10] =
    ["std::fs", "std::io", "std::net", "std::env", "std::process", "rusqlite", "ureq", "ron::", "codespan", "bevy"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer a file belongs to: the first folder under `src/`.
fn layer_of(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src()).ok()?;
    let mut parts = relative.components();
    let first = parts.next()?.as_os_str().to_str()?.to_owned();
    parts.next().map(|_| first)
}

/// Every `crate::<layer>` a file names, with its line number.
fn crate_references(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push((n + 1, name));
            rest = after;
        }
    }
    out
}

#[test]
fn every_file_imports_only_from_its_layer_and_below() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in &files {
        let Some(layer) = layer_of(path) else { continue };
        let Some((_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            problems.push(format!("{}: is in `src/{layer}/`, which is not a layer", path.display()));
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(path).expect("readable source");
        for (line, named) in crate_references(&text) {
            if !allowed.contains(&named.as_str()) {
                problems.push(format!("{}:{line}: the {layer} layer imports `crate::{named}`", path.display()));
            }
        }
    }
    assert!(checked > 40, "only {checked} files were checked: did the layout move?");
    assert!(problems.is_empty(), "imports that run up the layers:\n{}", problems.join("\n"));
}

#[test]
fn the_engine_does_no_io() {
    let mut files = Vec::new();
    rust_files(&src().join("engine"), &mut files);
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in NOT_IN_ENGINE {
                if code.contains(word) {
                    problems.push(format!("{}:{}: `{word}` in the engine", path.display(), n + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_sees_an_upward_import() {
    // The scan itself must notice what it is meant to forbid.
    let text =
        "use crate::engine::mood::Mood;\nfn f() { crate::records::time::now_ms(); } // crate::app in a comment\n";
    let names: Vec<String> = crate_references(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["engine", "records"]);
    assert_eq!(layer_of(&src().join("engine").join("mood.rs")).as_deref(), Some("engine"));
    assert_eq!(layer_of(&src().join("main.rs")), None);
}

#[test]
fn main_only_parses_and_dispatches() {
    let text = std::fs::read_to_string(src().join("main.rs")).expect("main.rs");
    let lines = text.lines().count();
    assert!(lines < 100, "src/main.rs has {lines} lines; commands belong in src/cli/");
}
