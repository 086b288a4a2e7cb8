//! The studio's edit model: a shipped scenario opened and saved with no edit is the same
//! bytes; one edit changes one place; random edits (seeded, so every run is the same) read
//! back as exactly the scenario they meant and leave untouched comments alone; undo, redo,
//! renames, refusals, atomic saves and crash recovery.

mod common;

use common::{knowledge, scenario_files};
use hardcall::authoring::edit::save::{discard_recovery, pending_recovery, recovery_path};
use hardcall::authoring::edit::{Document, Edit, EditError, EndingChange, ReplyChange, Setting};
use hardcall::authoring::ron::parse_ron;
use hardcall::engine::catalogue::StrategyKind;
use hardcall::engine::diagnostic::Seg;
use hardcall::engine::disc::{DiscProfile, DiscStyle};
use hardcall::engine::face::Expression;
use hardcall::engine::ident::Ident;
use hardcall::engine::mood::{Mood, MoodDelta};
use hardcall::engine::scenario::{Choice, Condition, Difficulty, Node, Outcome, ScenarioFile};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-edit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of a shipped scenario in a folder of its own.
fn copy_of(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(common::scenarios_dir().join(name), &to).unwrap();
    to
}

fn parse(text: &str) -> ScenarioFile {
    parse_ron::<ScenarioFile>("edited.ron", text).unwrap_or_else(|d| panic!("does not read: {d:?}\n{text}"))
}

/// The lines of `after` that differ from `before`, as (first differing line, lines removed,
/// lines added): the one place an edit touched.
fn changed_lines(before: &str, after: &str) -> (usize, Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let removed = a[prefix..a.len() - suffix].iter().map(|s| s.to_string()).collect();
    let added = b[prefix..b.len() - suffix].iter().map(|s| s.to_string()).collect();
    (prefix + 1, removed, added)
}

/// Every comment in a RON text with its byte range (strings skipped, so `//` in a line of
/// dialogue is not one).
fn comments(text: &str) -> Vec<(Range<usize>, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
                out.push((i..end, text[i..end].trim_end().to_owned()));
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i..].find("*/").map_or(b.len(), |n| i + n + 2);
                out.push((i..end, text[i..end].to_owned()));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn count<'a>(items: impl Iterator<Item = &'a String>) -> BTreeMap<&'a String, usize> {
    let mut map = BTreeMap::new();
    for item in items {
        *map.entry(item).or_insert(0) += 1;
    }
    map
}

#[test]
fn every_shipped_scenario_saves_byte_identical() {
    let dir = temp_dir("roundtrip");
    for path in scenario_files() {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let copy = copy_of(&name, &dir);
        let original = std::fs::read(&copy).unwrap();
        let mut document = Document::open(&copy).unwrap_or_else(|f| panic!("{}", f.render()));
        assert!(!document.is_dirty());
        document.save().unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), original, "{name} changed on a save with no edit");
    }
}

#[test]
fn one_edit_changes_one_place() {
    for path in scenario_files() {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let start = parse(&source).start.clone();
        let edits = [
            Edit::Setting(Setting::Title("A new title".into())),
            Edit::Setting(Setting::TurnLimit(19)),
            Edit::Reply { node: start.clone(), reply: 0, change: ReplyChange::Text("Hello, \"quoted\" words.".into()) },
            Edit::Reply { node: start.clone(), reply: 1, change: ReplyChange::Goto("somewhere".into()) },
            Edit::SetLine { node: start.clone(), style: None, index: 0, text: "A new first line.".into() },
        ];
        for edit in edits {
            let mut document = Document::from_source(&name, &source).unwrap();
            document.apply(&edit).unwrap_or_else(|e| panic!("{name}: {edit:?}: {e}"));
            let (line, removed, added) = changed_lines(&source, document.source());
            assert!(
                removed.len() == 1 && added.len() == 1,
                "{name}: {edit:?} changed more than one line at {line}: -{removed:?} +{added:?}"
            );
        }
        // A field that was left out goes in as one new line (or inside its reply's line).
        let mut document = Document::from_source(&name, &source).unwrap();
        let file = parse(&source);
        let Some(Node::Say { choices, .. }) = file.nodes.get(&start) else { panic!("{name}: start is not a Say") };
        let (reply, _) = choices.iter().enumerate().find(|(_, c)| c.mood.is_zero()).expect("a reply with no mood");
        let edit = Edit::Reply { node: start, reply, change: ReplyChange::Mood(MoodDelta { temper: -5, trust: 3 }) };
        document.apply(&edit).unwrap();
        let (line, removed, added) = changed_lines(&source, document.source());
        assert!(
            (removed.is_empty() && added.len() == 1) || (removed.len() == 1 && added.len() == 1),
            "{name}: adding a mood touched more than its line at {line}: -{removed:?} +{added:?}"
        );
        assert!(added[0].contains("mood: (temper: -5, trust: 3)"), "{name}: {added:?}");
    }
}

/// A random text with what RON needs escaped and what word processors paste.
fn random_text(rng: &mut ChaCha8Rng) -> String {
    const PIECES: &[&str] = &[
        "Sorry",
        "I can",
        "fix",
        "this",
        "today",
        "\"quoted\"",
        "back\\slash",
        "“curly”",
        "it’s",
        "naïve",
        "€",
        "🙂",
        "line\nbreak",
        "// not a comment",
        "/* nor this */",
        "(",
        "]",
        ",",
        ":",
    ];
    let words = rng.random_range(1..8);
    (0..words).map(|_| PIECES[rng.random_range(0..PIECES.len())]).collect::<Vec<_>>().join(" ")
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}

/// A random edit that the model should accept, and the same change made by hand to
/// `oracle`: what the saved file must read as.
fn random_edit(rng: &mut ChaCha8Rng, oracle: &mut ScenarioFile, serial: &mut usize) -> Option<Edit> {
    let catalogue = &knowledge().catalogue;
    let strategies: Vec<String> = catalogue.ids(StrategyKind::Strategy).map(str::to_owned).collect();
    let anti: Vec<String> = catalogue.ids(StrategyKind::AntiPattern).map(str::to_owned).collect();
    let names: Vec<String> = oracle.nodes.keys().cloned().collect();
    let says: Vec<String> =
        oracle.nodes.iter().filter(|(_, n)| matches!(n, Node::Say { .. })).map(|(k, _)| k.clone()).collect();
    let ends: Vec<String> =
        oracle.nodes.iter().filter(|(_, n)| matches!(n, Node::End { .. })).map(|(k, _)| k.clone()).collect();
    let flags: Vec<String> = oracle
        .nodes
        .values()
        .filter_map(|n| match n {
            Node::Say { choices, .. } => Some(choices.iter().flat_map(|c| c.sets.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    *serial += 1;
    let fresh = if serial.is_multiple_of(5) { format!("new \"node\" {serial}") } else { format!("new_node_{serial}") };
    let node = pick(rng, &says)?.clone();
    let Some(Node::Say { choices, lines, .. }) = oracle.nodes.get_mut(&node) else { unreachable!() };
    let reply = rng.random_range(0..choices.len().max(1));
    let kind = rng.random_range(0..22);
    Some(match kind {
        0 => {
            let text = random_text(rng);
            choices.get_mut(reply)?.text = text.clone();
            Edit::Reply { node, reply, change: ReplyChange::Text(text) }
        }
        1 => {
            let feedback = rng.random_bool(0.7).then(|| random_text(rng));
            choices.get_mut(reply)?.feedback = feedback.clone();
            Edit::Reply { node, reply, change: ReplyChange::Feedback(feedback) }
        }
        2 | 3 => {
            let (pool, shows) = if kind == 2 { (&strategies, true) } else { (&anti, false) };
            let ids: Vec<Ident> =
                (0..rng.random_range(0..3)).map(|_| Ident(pick(rng, pool).unwrap().clone())).collect();
            let choice = choices.get_mut(reply)?;
            if shows {
                choice.shows = ids.clone()
            } else {
                choice.commits = ids.clone()
            }
            let change = if shows { ReplyChange::Shows(ids) } else { ReplyChange::Commits(ids) };
            Edit::Reply { node, reply, change }
        }
        4 => {
            let goto = pick(rng, &names)?.clone();
            choices.get_mut(reply)?.goto = goto.clone();
            Edit::Reply { node, reply, change: ReplyChange::Goto(goto) }
        }
        5 => {
            let index = rng.random_range(0..lines.len());
            let text = random_text(rng);
            lines[index] = text.clone();
            Edit::SetLine { node, style: None, index, text }
        }
        6 => {
            let text = random_text(rng);
            lines.push(text.clone());
            Edit::AddLine { node, style: None, text }
        }
        7 => {
            let reply = Choice {
                text_by_style: Default::default(),
                feedback_by_style: Default::default(),
                text: random_text(rng),
                shows: vec![Ident(pick(rng, &strategies).unwrap().clone())],
                commits: Vec::new(),
                feedback: rng.random_bool(0.5).then(|| random_text(rng)),
                mood: MoodDelta { temper: rng.random_range(-5..5), trust: 0 },
                sets: Vec::new(),
                clears: Vec::new(),
                requires: rng.random_bool(0.3).then(|| Condition::Not(Box::new(Condition::Flag("x".into())))),
                branches: Vec::new(),
                goto: pick(rng, &names)?.clone(),
            };
            choices.push(reply.clone());
            Edit::AddReply { node, reply }
        }
        8 if choices.len() > 1 => {
            choices.remove(reply);
            Edit::DeleteReply { node, reply }
        }
        9 => {
            // A reply that leads to a node made in place: one step.
            let made = Node::End {
                lines_by_style: Default::default(),
                summary_by_style: Default::default(),
                outcome: Outcome::PartlyResolved,
                points: rng.random_range(-20..20),
                lines: vec![random_text(rng)],
                summary: None,
                // A face for the last words now and then, so writing a node keeps it.
                expression: rng.random_bool(0.5).then(|| *pick(rng, &Expression::ALL).unwrap()),
            };
            choices.get_mut(reply)?.goto = fresh.clone();
            oracle.nodes.insert(fresh.clone(), made.clone());
            Edit::Group(vec![
                Edit::AddNode { name: fresh.clone(), node: made, after: Some(node.clone()) },
                Edit::Reply { node, reply, change: ReplyChange::Goto(fresh) },
            ])
        }
        10 => {
            let made = Node::Say {
                lines: vec![random_text(rng), random_text(rng)],
                lines_by_style: BTreeMap::new(),
                lines_when: Vec::new(),
                beyond_agent: false,
                expression: rng.random_bool(0.5).then(|| *pick(rng, &Expression::ALL).unwrap()),
                choices: vec![Choice {
                    text_by_style: Default::default(),
                    feedback_by_style: Default::default(),
                    text: random_text(rng),
                    shows: vec![Ident(pick(rng, &strategies).unwrap().clone())],
                    commits: Vec::new(),
                    feedback: None,
                    mood: MoodDelta::ZERO,
                    sets: vec!["made".into()],
                    clears: Vec::new(),
                    requires: None,
                    branches: Vec::new(),
                    goto: node.clone(),
                }],
            };
            oracle.nodes.insert(fresh.clone(), made.clone());
            Edit::AddNode { name: fresh, node: made, after: None }
        }
        11 => {
            let name = pick(rng, &ends)?.clone();
            oracle.nodes.remove(&name);
            Edit::DeleteNode { name }
        }
        12 => {
            let from = pick(rng, &names)?.clone();
            rename_node(oracle, &from, &fresh);
            Edit::RenameNode { from, to: fresh }
        }
        13 => {
            let from = pick(rng, &flags)?.clone();
            let to = format!("flag_{serial}");
            rename_flag(oracle, &from, &to);
            Edit::RenameFlag { from, to }
        }
        14 => {
            let title = random_text(rng);
            oracle.title = title.clone();
            Edit::Setting(Setting::Title(title))
        }
        15 => {
            let limit = rng.random_range(1..40);
            oracle.turn_limit = limit;
            Edit::Setting(Setting::TurnLimit(limit))
        }
        16 => {
            let mood = Mood { temper: rng.random_range(0..100), trust: rng.random_range(0..100) };
            oracle.mood = mood;
            Edit::Setting(Setting::Mood(mood))
        }
        17 => {
            let profile = DiscProfile {
                primary: *pick(rng, &DiscStyle::ALL).unwrap(),
                secondary: rng.random_bool(0.5).then(|| *pick(rng, &DiscStyle::ALL).unwrap()),
            };
            oracle.customer.disc = profile;
            Edit::Setting(Setting::Personality(profile))
        }
        18 => {
            let flags: Vec<String> = (0..rng.random_range(0..3)).map(|i| format!("f{i}")).collect();
            choices.get_mut(reply)?.sets = flags.clone();
            Edit::Reply { node, reply, change: ReplyChange::Sets(flags) }
        }
        19 => {
            let name = pick(rng, &ends)?.clone();
            let Some(Node::End { points, summary, .. }) = oracle.nodes.get_mut(&name) else { unreachable!() };
            if rng.random_bool(0.5) {
                *points = rng.random_range(-50..50);
                Edit::Ending { node: name, change: EndingChange::Points(*points) }
            } else {
                *summary = rng.random_bool(0.7).then(|| random_text(rng));
                Edit::Ending { node: name, change: EndingChange::Summary(summary.clone()) }
            }
        }
        20 => {
            let difficulty = *pick(rng, &Difficulty::ALL).unwrap();
            oracle.difficulty = difficulty;
            Edit::Setting(Setting::Difficulty(difficulty))
        }
        _ => {
            let style = *pick(rng, &DiscStyle::ALL).unwrap();
            let text = random_text(rng);
            let Some(Node::Say { lines_by_style, .. }) = oracle.nodes.get_mut(&node) else { unreachable!() };
            lines_by_style.entry(style).or_default().push(text.clone());
            Edit::AddLine { node, style: Some(style), text }
        }
    })
}

fn rename_node(file: &mut ScenarioFile, from: &str, to: &str) {
    let node = file.nodes.remove(from).unwrap();
    file.nodes.insert(to.to_owned(), node);
    let fix = |name: &mut String| {
        if name == from {
            *name = to.to_owned();
        }
    };
    fix(&mut file.start);
    file.thresholds.iter_mut().for_each(|r| fix(&mut r.goto));
    for node in file.nodes.values_mut() {
        if let Node::Say { choices, .. } = node {
            for choice in choices {
                fix(&mut choice.goto);
                choice.branches.iter_mut().for_each(|r| fix(&mut r.goto));
            }
        }
    }
}

fn rename_flag(file: &mut ScenarioFile, from: &str, to: &str) {
    fn in_condition(c: &mut Condition, from: &str, to: &str) {
        match c {
            Condition::Flag(f) | Condition::NotFlag(f) if f == from => *f = to.to_owned(),
            Condition::All(list) | Condition::Any(list) => list.iter_mut().for_each(|c| in_condition(c, from, to)),
            Condition::Not(inner) => in_condition(inner, from, to),
            _ => {}
        }
    }
    file.thresholds.iter_mut().for_each(|r| in_condition(&mut r.when, from, to));
    for node in file.nodes.values_mut() {
        if let Node::Say { choices, .. } = node {
            for choice in choices {
                choice
                    .sets
                    .iter_mut()
                    .chain(choice.clears.iter_mut())
                    .filter(|f| *f == from)
                    .for_each(|f| *f = to.into());
                if let Some(requires) = &mut choice.requires {
                    in_condition(requires, from, to);
                }
                choice.branches.iter_mut().for_each(|r| in_condition(&mut r.when, from, to));
            }
        }
    }
}

/// The comments an edit may take with it: those inside what it replaces or removes, and
/// the comment lines right above an entry it removes.
fn may_remove(document: &Document, edit: &Edit) -> Vec<Range<usize>> {
    let spans = document.spans();
    let reply =
        |node: &str, reply: usize| -> Vec<Seg> { vec!["nodes".into(), node.into(), "choices".into(), reply.into()] };
    let with_comments_above = |range: Range<usize>| {
        let text = document.source();
        let mut start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        while start > 0 {
            let above = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            if text[above..start - 1].trim().starts_with("//") { start = above } else { break }
        }
        start..range.end
    };
    match edit {
        Edit::Reply { node, reply: i, change } => {
            let field = match change {
                ReplyChange::Feedback(_) => "feedback",
                ReplyChange::Shows(_) => "shows",
                ReplyChange::Commits(_) => "commits",
                ReplyChange::Sets(_) => "sets",
                _ => "text",
            };
            spans.value(&[reply(node, *i), vec![field.into()]].concat()).into_iter().map(with_comments_above).collect()
        }
        Edit::DeleteReply { node, reply: i } => {
            spans.value(&reply(node, *i)).into_iter().map(with_comments_above).collect()
        }
        Edit::DeleteNode { name } => {
            spans.value(&["nodes".into(), name.as_str().into()]).into_iter().map(with_comments_above).collect()
        }
        Edit::Ending { node, .. } => spans.value(&["nodes".into(), node.as_str().into()]).into_iter().collect(),
        _ => Vec::new(),
    }
}

#[test]
fn random_edits_read_back_as_meant_and_keep_untouched_comments() {
    let mut total = 0;
    for (round, path) in scenario_files().iter().enumerate() {
        let name = path.display().to_string();
        let original = std::fs::read_to_string(path).unwrap();
        let mut document = Document::from_source(&name, &original).unwrap();
        let mut oracle = document.file().clone();
        let mut rng = ChaCha8Rng::seed_from_u64(0x5eed + round as u64);
        let mut serial = 0;
        let mut excused: Vec<String> = Vec::new();
        let mut applied = 0;
        for _ in 0..60 {
            let before = document.source().to_owned();
            let mut attempt = oracle.clone();
            let Some(edit) = random_edit(&mut rng, &mut attempt, &mut serial) else { continue };
            let removable = may_remove(&document, &edit);
            let result = document.apply(&edit);
            if let Err(err) = result {
                panic!("{name}: {edit:?} was refused: {err}");
            }
            oracle = attempt;
            applied += 1;
            assert_eq!(document.file(), &oracle, "{name}: after {edit:?}");
            assert_eq!(parse(document.source()), oracle, "{name}: the text after {edit:?} reads otherwise");
            for (range, comment) in comments(&before) {
                if removable.iter().any(|r| r.start <= range.start && range.end <= r.end) {
                    excused.push(comment);
                }
            }
        }
        // Saved and read back: exactly the edited scenario, with every comment the edits
        // did not take with them.
        let dir = temp_dir(&format!("random-{round}"));
        let saved = dir.join("edited.ron");
        document.save_as(&saved).unwrap();
        assert_eq!(parse(&std::fs::read_to_string(&saved).unwrap()), oracle, "{name}");
        let kept = comments(document.source());
        let kept = count(kept.iter().map(|(_, c)| c));
        let all = comments(&original);
        let excused_count = count(excused.iter());
        for (comment, n) in count(all.iter().map(|(_, c)| c)) {
            let have = kept.get(comment).copied().unwrap_or(0);
            let may_lose = excused_count.get(comment).copied().unwrap_or(0);
            assert!(have + may_lose >= n, "{name}: the comment `{comment}` was lost");
        }
        // Undo takes every edit back to the original bytes; redo makes them all again.
        let edited = document.source().to_owned();
        while document.undo() {}
        assert_eq!(document.source(), original, "{name}: undo did not get back to the file");
        while document.redo() {}
        assert_eq!(document.source(), edited, "{name}: redo did not make the edits again");
        total += applied;
    }
    assert!(total > 500, "only {total} edits were made");
}

#[test]
fn renaming_a_node_or_a_flag_updates_every_reference_and_the_proof() {
    let knowledge = knowledge();
    let path = common::scenarios_dir().join("double-charge.ron");
    let mut document = Document::open(&path).unwrap();
    let before = document.prove(&knowledge).unwrap();
    let best = before.main().analysis.best_total();
    let references = hardcall::authoring::edit::node_references(document.file(), "open").len();
    document.apply(&Edit::RenameNode { from: "open".into(), to: "greeting".into() }).unwrap();
    assert_eq!(document.file().start, "greeting");
    assert!(!document.source().contains("\"open\""));
    assert_eq!(hardcall::authoring::edit::node_references(document.file(), "greeting").len(), references);
    let flag_uses = hardcall::authoring::edit::flag_references(document.file(), "heard").len();
    assert!(flag_uses >= 2, "`heard` is set and tested");
    document.apply(&Edit::RenameFlag { from: "heard".into(), to: "listened".into() }).unwrap();
    assert!(hardcall::authoring::edit::flag_references(document.file(), "heard").is_empty());
    assert_eq!(hardcall::authoring::edit::flag_references(document.file(), "listened").len(), flag_uses);
    let after = document.prove(&knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    assert_eq!(after.main().analysis.best_total(), best, "renaming changed the scoring");
    assert_eq!(after.variants.len(), before.variants.len());
    // A clash is refused in words, and nothing changes.
    let text = document.source().to_owned();
    let err = document.apply(&Edit::RenameNode { from: "greeting".into(), to: "vent".into() }).unwrap_err();
    assert_eq!(err.to_string(), "a node called `vent` already exists");
    let err = document.apply(&Edit::RenameFlag { from: "listened".into(), to: "lingered".into() }).unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
    assert_eq!(document.source(), text);
}

#[test]
fn an_edit_that_would_not_read_is_refused_and_changes_nothing() {
    let path = common::scenarios_dir().join("double-charge.ron");
    let mut document = Document::open(&path).unwrap();
    let text = document.source().to_owned();
    let title = document.spans().value(&["title".into()]).unwrap();
    // Half a string: the quote is never closed.
    let err = document.apply(&Edit::Text { range: title.start..title.start + 1, text: String::new() }).unwrap_err();
    assert!(matches!(err, EditError::WouldNotParse(_)), "{err:?}");
    assert!(err.to_string().contains("cannot be read"), "{err}");
    assert_eq!(document.source(), text);
    assert!(!document.can_undo() && !document.is_dirty());
    let err = document
        .apply(&Edit::Reply { node: "open".into(), reply: 40, change: ReplyChange::Text("x".into()) })
        .unwrap_err();
    assert_eq!(err.to_string(), "node `open` has no reply 41");
    let err = document.apply(&Edit::Reply { node: "nowhere".into(), reply: 0, change: ReplyChange::Goto("x".into()) });
    assert_eq!(err.unwrap_err().to_string(), "there is no node `nowhere`");
    // A text edit that reads is kept, as what it reads as.
    document.apply(&Edit::Text { range: title.clone(), text: "\"Billed twice\"".into() }).unwrap();
    assert_eq!(document.file().title, "Billed twice");
}

#[test]
fn undo_and_redo_step_through_edits() {
    let path = common::scenarios_dir().join("double-charge.ron");
    let mut document = Document::open(&path).unwrap();
    let original = document.source().to_owned();
    document.apply(&Edit::Setting(Setting::Title("One".into()))).unwrap();
    let one = document.source().to_owned();
    document.apply(&Edit::DeleteReply { node: "open".into(), reply: 4 }).unwrap();
    let two = document.source().to_owned();
    assert!(document.undo());
    assert_eq!(document.source(), one);
    assert!(document.undo());
    assert_eq!(document.source(), original);
    assert!(!document.is_dirty());
    assert!(!document.undo(), "nothing more to undo");
    assert!(document.redo());
    assert_eq!(document.file().title, "One");
    // A new edit after an undo drops what could have been redone.
    document.apply(&Edit::Setting(Setting::TurnLimit(12))).unwrap();
    assert!(!document.can_redo());
    assert_ne!(document.source(), two);
    // An edit that changes nothing is no step.
    document.apply(&Edit::Setting(Setting::TurnLimit(12))).unwrap();
    assert!(document.undo());
    assert_eq!(document.source(), one);
}

#[test]
fn saving_is_atomic_keeps_permissions_and_never_overwrites_another_programs_change() {
    let dir = temp_dir("save");
    let path = copy_of("double-charge.ron", &dir);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut document = Document::open(&path).unwrap();
    document.apply(&Edit::Setting(Setting::Title("Saved".into()))).unwrap();
    document.save().unwrap();
    assert_eq!(parse(&std::fs::read_to_string(&path).unwrap()).title, "Saved");
    assert!(!document.is_dirty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("double-charge.ron")], "no temporary file is left");
    // Another program writes the file meanwhile: the studio does not save over it.
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("Saved", "Theirs")).unwrap();
    document.apply(&Edit::Setting(Setting::Title("Mine".into()))).unwrap();
    let err = document.save().unwrap_err();
    assert!(err.contains("changed by another program"), "{err}");
    assert_eq!(parse(&std::fs::read_to_string(&path).unwrap()).title, "Theirs");
    // Save as a new file works; over an existing one it does not.
    document.save_as(&dir.join("mine.ron")).unwrap();
    assert!(document.save_as(&path).unwrap_err().contains("already exists"));
}

#[test]
fn unsaved_work_survives_a_crash_in_the_recovery_file() {
    let dir = temp_dir("recovery");
    let path = copy_of("late-delivery-email.ron", &dir);
    let original = std::fs::read_to_string(&path).unwrap();
    let recovery = recovery_path(&path);
    assert_eq!(recovery, dir.join(".late-delivery-email.ron.recovery"));
    {
        let mut document = Document::open(&path).unwrap();
        document.autosave().unwrap();
        assert!(!recovery.exists(), "nothing unsaved, nothing to recover");
        document.apply(&Edit::Setting(Setting::Title("Unsaved work".into()))).unwrap();
        document.autosave().unwrap();
        assert!(recovery.exists());
        // The studio dies here without saving.
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "the scenario itself was not written");
    // The library and `validate` never take the recovery file for a scenario.
    let listed = hardcall::authoring::load::scenario_paths(std::slice::from_ref(&dir)).unwrap();
    assert_eq!(listed, vec![path.clone()]);
    assert!(pending_recovery(&path).is_some());
    let (mut document, restored) = Document::open_recovering(&path).unwrap();
    assert!(restored && document.is_dirty());
    assert_eq!(document.file().title, "Unsaved work");
    // Restoring is one step: undo shows the file as it was on disk.
    assert!(document.undo());
    assert_eq!(document.source(), original);
    assert!(document.redo());
    document.save().unwrap();
    assert!(!recovery.exists(), "saving clears the recovery file");
    assert_eq!(parse(&std::fs::read_to_string(&path).unwrap()).title, "Unsaved work");
    assert!(pending_recovery(&path).is_none());
    // Declined: the recovery file goes, the scenario stays.
    let mut document = Document::open(&path).unwrap();
    document.apply(&Edit::Setting(Setting::Title("Declined".into()))).unwrap();
    document.autosave().unwrap();
    discard_recovery(&path).unwrap();
    assert!(pending_recovery(&path).is_none());
    assert_eq!(parse(&std::fs::read_to_string(&path).unwrap()).title, "Unsaved work");
}

#[test]
fn a_new_reply_and_node_read_like_the_authors_own() {
    let knowledge = knowledge();
    let path = common::scenarios_dir().join("double-charge.ron");
    let mut document = Document::open(&path).unwrap();
    let reply = Choice {
        text_by_style: Default::default(),
        feedback_by_style: Default::default(),
        text: "Let me check one thing first.".into(),
        shows: vec![Ident("active_listening".into())],
        commits: Vec::new(),
        feedback: Some("Checking before promising.".into()),
        mood: MoodDelta::ZERO,
        sets: Vec::new(),
        clears: Vec::new(),
        requires: None,
        branches: Vec::new(),
        goto: "checked".into(),
    };
    let checked = Node::End {
        lines_by_style: Default::default(),
        summary_by_style: Default::default(),
        outcome: Outcome::Resolved,
        points: 5,
        lines: vec!["Thanks.".into()],
        summary: None,
        expression: None,
    };
    document
        .apply(&Edit::Group(vec![
            Edit::AddNode { name: "checked".into(), node: checked, after: Some("open".into()) },
            Edit::AddReply { node: "open".into(), reply },
        ]))
        .unwrap();
    let text = document.source();
    assert!(
        text.contains(
            "                (\n                    text: \"Let me check one thing first.\",\n                    shows: [active_listening],\n                    feedback: \"Checking before promising.\",\n                    goto: \"checked\",\n                ),\n            ],"
        ),
        "the reply is not laid out like its siblings:\n{text}"
    );
    assert!(
        text.contains("        ),\n        \"checked\": End(outcome: Resolved, points: 5, lines: [\"Thanks.\"]),\n")
    );
    // It is one undo step, and the scenario is still proven (with the new reply in it).
    let loaded = document.prove(&knowledge);
    assert!(loaded.is_ok() || loaded.as_ref().unwrap_err().diagnostics.iter().all(|d| d.code != "syntax"));
    assert!(document.undo());
    assert_eq!(document.source(), std::fs::read_to_string(&path).unwrap());
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_kept() {
    let dir = temp_dir("crlf");
    let path = dir.join("crlf.ron");
    let text =
        std::fs::read_to_string(common::scenarios_dir().join("double-charge.ron")).unwrap().replace('\n', "\r\n");
    let bytes = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    std::fs::write(&path, &bytes).unwrap();
    let mut document = Document::open(&path).unwrap();
    document.save().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "a save with no edit changed the bytes");
    let mut document = Document::open(&path).unwrap();
    let reply = Choice {
        text_by_style: Default::default(),
        feedback_by_style: Default::default(),
        text: "A new reply.".into(),
        shows: vec![Ident("empathy".into())],
        commits: Vec::new(),
        feedback: None,
        mood: MoodDelta::ZERO,
        sets: Vec::new(),
        clears: Vec::new(),
        requires: None,
        branches: Vec::new(),
        goto: "vent".into(),
    };
    document.apply(&Edit::AddReply { node: "open".into(), reply }).unwrap();
    document.apply(&Edit::DeleteReply { node: "bounced".into(), reply: 0 }).unwrap();
    document.save().unwrap();
    let saved = std::fs::read(&path).unwrap();
    assert!(saved.starts_with(b"\xef\xbb\xbf"), "the byte order mark was dropped");
    let saved = String::from_utf8(saved).unwrap();
    assert_eq!(saved.matches('\n').count(), saved.matches("\r\n").count(), "a bare line feed was written");
    assert!(saved.contains("text: \"A new reply.\",\r\n"));
}
