//! The form for the selected node: the customer's lines, each reply's text, its strategies and
//! anti-patterns picked from the catalogue (with their teaching and source documents), its
//! mood and flags, and where it leads; an ending's outcome, points, last words and summary.
//! Every change is queued as an [`Edit`] for the edit model.

use super::view::Studio;
use crate::app::theme;
use crate::authoring::edit::{Edit, EndingChange, ReplyChange};
use crate::authoring::graph::describe;
use crate::engine::catalogue::StrategyKind;
use crate::engine::ident::Ident;
use crate::engine::scenario::{Choice, Node, Outcome};
use bevy_egui::egui;

const OUTCOMES: [Outcome; 5] =
    [Outcome::Resolved, Outcome::PartlyResolved, Outcome::Escalated, Outcome::WalkedAway, Outcome::CustomerLost];

pub fn node_form(studio: &mut Studio, ui: &mut egui::Ui) {
    let Some(name) = studio.selected.clone() else {
        ui.label("Click a node in the graph to edit it.");
        return;
    };
    let Some(node) = studio.document.file().nodes.get(&name).cloned() else { return };
    theme::heading(ui, &format!("Editing {name}"));
    node_findings(studio, ui, &name);
    node_actions(studio, ui, &name);
    match node {
        Node::Say { lines, lines_by_style, lines_when, choices, .. } => {
            ui.label(egui::RichText::new("The customer says").strong());
            for (i, line) in lines.iter().enumerate() {
                let key = format!("{name}/line/{i}");
                if let Some(text) = studio.text_field(ui, &key, &format!("Line {}", i + 1), line, true) {
                    studio.pending.push(Edit::SetLine { node: name.clone(), style: None, index: i, text });
                }
                if lines.len() > 1 && ui.small_button(format!("Remove line {}", i + 1)).clicked() {
                    studio.pending.push(Edit::RemoveLine { node: name.clone(), style: None, index: i });
                }
            }
            for entry in &lines_when {
                ui.label(egui::RichText::new(format!("When {}:", describe(&entry.when))).small().color(theme::MUTED));
                for line in &entry.lines {
                    ui.label(egui::RichText::new(format!("“{line}”")).italics());
                }
            }
            if ui.small_button("Add a line (another way to say it)").clicked() {
                let text = "TODO: the same line in other words.".to_owned();
                studio.pending.push(Edit::AddLine { node: name.clone(), style: None, text });
            }
            for (style, lines) in &lines_by_style {
                for (i, line) in lines.iter().enumerate() {
                    let key = format!("{name}/line/{style}/{i}");
                    let label = format!("Line {} as a {style} customer says it", i + 1);
                    if let Some(text) = studio.text_field(ui, &key, &label, line, true) {
                        studio.pending.push(Edit::SetLine { node: name.clone(), style: Some(*style), index: i, text });
                    }
                }
            }
            for (i, choice) in choices.iter().enumerate() {
                ui.add_space(8.0);
                reply_form(studio, ui, &name, i, choice);
            }
            ui.add_space(6.0);
            if ui.button("Add a reply").clicked() {
                let goto = choices.first().map_or_else(|| name.clone(), |c| c.goto.clone());
                studio.pending.push(Edit::AddReply { node: name.clone(), reply: blank_reply(goto) });
            }
        }
        Node::End { outcome, points, lines, summary, .. } => {
            ui.horizontal(|ui| {
                ui.label("Outcome");
                let mut picked = outcome;
                egui::ComboBox::from_id_salt(("outcome", &name)).selected_text(outcome.label()).show_ui(ui, |ui| {
                    for option in OUTCOMES {
                        ui.selectable_value(&mut picked, option, option.label());
                    }
                });
                if picked != outcome {
                    studio.pending.push(Edit::Ending { node: name.clone(), change: EndingChange::Outcome(picked) });
                }
                ui.label("Points");
                let mut value = points;
                let drag = ui.add(egui::DragValue::new(&mut value).range(-1000..=1000));
                if value != points && !drag.dragged() {
                    studio.pending.push(Edit::Ending { node: name.clone(), change: EndingChange::Points(value) });
                }
            });
            for (i, line) in lines.iter().enumerate() {
                let key = format!("{name}/end-line/{i}");
                if let Some(text) = studio.text_field(ui, &key, &format!("Last words {}", i + 1), line, true) {
                    let mut all = lines.clone();
                    all[i] = text;
                    studio.pending.push(Edit::Ending { node: name.clone(), change: EndingChange::Lines(all) });
                }
            }
            let current = summary.clone().unwrap_or_default();
            if let Some(text) = studio.text_field(ui, &format!("{name}/summary"), "Summary", &current, true) {
                let value = (!text.trim().is_empty()).then_some(text);
                studio.pending.push(Edit::Ending { node: name.clone(), change: EndingChange::Summary(value) });
            }
        }
    }
}

fn reply_form(studio: &mut Studio, ui: &mut egui::Ui, node: &str, index: usize, choice: &Choice) {
    let points = studio.proven.as_ref().ok().and_then(|loaded| {
        let main = loaded.main();
        let id = main.scenario.node_names.iter().position(|n| n == node)? as u32;
        Some(main.scenario.choice(id, index).points)
    });
    theme::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(format!("Reply {}", index + 1)).strong());
            if let Some(points) = points {
                ui.colored_label(if points >= 0 { theme::GOOD } else { theme::BAD }, format!("{points:+} points"));
            }
        });
        let key = format!("{node}/reply/{index}/text");
        if let Some(text) = studio.text_field(ui, &key, &format!("Reply {} text", index + 1), &choice.text, false) {
            let edit = Edit::Reply { node: node.to_owned(), reply: index, change: ReplyChange::Text(text) };
            studio.pending.push(edit);
        }
        for (kind, list) in [(StrategyKind::Strategy, &choice.shows), (StrategyKind::AntiPattern, &choice.commits)] {
            strategy_list(studio, ui, node, index, kind, list);
        }
        let key = format!("{node}/reply/{index}/feedback");
        let current = choice.feedback.clone().unwrap_or_default();
        let label = format!("Reply {} feedback (the debrief says it)", index + 1);
        if let Some(text) = studio.text_field(ui, &key, &label, &current, true) {
            let value = (!text.trim().is_empty()).then_some(text);
            studio.pending.push(Edit::Reply {
                node: node.to_owned(),
                reply: index,
                change: ReplyChange::Feedback(value),
            });
        }
        mood_row(studio, ui, node, index, choice);
        flags_row(studio, ui, node, index, choice);
        if let Some(requires) = &choice.requires {
            ui.label(
                egui::RichText::new(format!("Offered only when {}", describe(requires))).small().color(theme::MUTED),
            );
        }
        ui.horizontal(|ui| {
            ui.label("Leads to");
            let mut goto = choice.goto.clone();
            egui::ComboBox::from_id_salt(("goto", node, index)).selected_text(&goto).show_ui(ui, |ui| {
                for name in studio.document.file().nodes.keys() {
                    ui.selectable_value(&mut goto, name.clone(), name);
                }
            });
            if goto != choice.goto {
                studio.pending.push(Edit::Reply {
                    node: node.to_owned(),
                    reply: index,
                    change: ReplyChange::Goto(goto),
                });
            }
            if ui.small_button("Go").clicked() {
                studio.selected = Some(choice.goto.clone());
                studio.view.focus = Some(choice.goto.clone());
            }
            if !choice.branches.is_empty() {
                ui.label(egui::RichText::new(format!("(+{} branch(es))", choice.branches.len())).small());
            }
        });
        for route in &choice.branches {
            ui.label(
                egui::RichText::new(format!("… but to {} when {}", route.goto, describe(&route.when)))
                    .small()
                    .color(theme::MUTED),
            );
        }
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("Or lead to").small().color(theme::MUTED));
            if ui
                .small_button("a new turn")
                .on_hover_text("A new customer line in between, with one reply on to where this one led")
                .clicked()
            {
                let fresh = studio.fresh_name("turn");
                let new_node = Node::Say {
                    lines: vec!["TODO: what the customer says next.".into()],
                    lines_by_style: Default::default(),
                    lines_when: Vec::new(),
                    beyond_agent: false,
                    expression: None,
                    choices: vec![blank_reply(choice.goto.clone())],
                };
                studio.pending.push(Edit::Group(vec![
                    Edit::AddNode { name: fresh.clone(), node: new_node, after: Some(node.to_owned()) },
                    Edit::Reply { node: node.to_owned(), reply: index, change: ReplyChange::Goto(fresh.clone()) },
                ]));
                studio.select_after_change = Some(fresh);
            }
            if ui.small_button("a new ending").clicked() {
                let fresh = studio.fresh_name("ending");
                let new_node = Node::End {
                    outcome: Outcome::PartlyResolved,
                    points: 0,
                    lines: vec!["TODO: the customer's last words.".into()],
                    lines_by_style: Default::default(),
                    summary: Some("TODO: what happens next.".into()),
                    summary_by_style: Default::default(),
                    expression: None,
                };
                studio.pending.push(Edit::Group(vec![
                    Edit::AddNode { name: fresh.clone(), node: new_node, after: None },
                    Edit::Reply { node: node.to_owned(), reply: index, change: ReplyChange::Goto(fresh.clone()) },
                ]));
                studio.select_after_change = Some(fresh);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(format!("Delete reply {}", index + 1)).clicked() {
                    studio.confirm = Some(Confirm::DeleteReply(node.to_owned(), index));
                }
            });
        });
    });
}

/// A reply to fill in, leading to `goto`.
pub fn blank_reply(goto: String) -> Choice {
    Choice {
        text: "TODO: what the agent says.".into(),
        text_by_style: Default::default(),
        shows: Vec::new(),
        commits: Vec::new(),
        feedback: Some("TODO: why this reply is right or wrong, with the document and tip.".into()),
        feedback_by_style: Default::default(),
        mood: Default::default(),
        sets: Vec::new(),
        clears: Vec::new(),
        requires: None,
        branches: Vec::new(),
        goto,
    }
}

/// What the studio asks the author to confirm before it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    DeleteNode(String),
    DeleteReply(String, usize),
}

/// The confirmation, when one is asked for: what will go, and what points at it.
pub fn confirm_dialog(studio: &mut Studio, ui: &mut egui::Ui) {
    let Some(asked) = studio.confirm.clone() else { return };
    let (question, edit) = match &asked {
        Confirm::DeleteNode(name) => {
            let referrers = crate::authoring::edit::node_references(studio.document.file(), name).len();
            let also = match referrers {
                0 => String::new(),
                1 => " One reply or route leads there and will need another place to go.".to_owned(),
                n => format!(" {n} replies or routes lead there and will need another place to go."),
            };
            (format!("Delete node `{name}`?{also}"), Edit::DeleteNode { name: name.clone() })
        }
        Confirm::DeleteReply(node, reply) => (
            format!("Delete reply {} at `{node}`?", reply + 1),
            Edit::DeleteReply { node: node.clone(), reply: *reply },
        ),
    };
    theme::card(ui, |ui| {
        ui.colored_label(theme::WARNING, question);
        ui.label(egui::RichText::new("Undo (Ctrl+Z) brings it back.").small().color(theme::MUTED));
        ui.horizontal(|ui| {
            if ui.button("Yes, delete").clicked() {
                studio.pending.push(edit);
                studio.confirm = None;
            }
            if ui.button("Keep it").clicked() {
                studio.confirm = None;
            }
        });
    });
}

/// The diagnostics that concern this node, each in full.
fn node_findings(studio: &Studio, ui: &mut egui::Ui, name: &str) {
    for finding in studio.findings.iter().filter(|f| f.node.as_deref() == Some(name)) {
        let colour = if finding.diagnostic.is_error() { theme::BAD } else { theme::WARNING };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, format!("{}:", finding.diagnostic.code));
            ui.label(&finding.diagnostic.message);
        });
        if let Some(label) = &finding.diagnostic.primary
            && !label.message.is_empty()
        {
            ui.label(egui::RichText::new(format!("  {} ({})", label.message, finding.at)).small().color(theme::MUTED));
        }
    }
}

/// Rename the node (every reference follows) or delete it (after a confirmation).
fn node_actions(studio: &mut Studio, ui: &mut egui::Ui, name: &str) {
    ui.horizontal(|ui| {
        let key = format!("{name}/rename");
        let mut draft = studio.drafts.get(&key).cloned().unwrap_or_else(|| name.to_owned());
        ui.label("Name");
        let field = ui.add(egui::TextEdit::singleline(&mut draft).desired_width(160.0).id_salt(&key));
        if field.changed() {
            studio.drafts.insert(key.clone(), draft.clone());
        }
        if field.lost_focus()
            && let Some(to) = studio.drafts.remove(&key)
            && to != name
            && !to.trim().is_empty()
        {
            studio.pending.push(Edit::RenameNode { from: name.to_owned(), to: to.trim().to_owned() });
            studio.select_after_change = Some(to.trim().to_owned());
        }
        let is_start = studio.document.file().start == name;
        if is_start {
            ui.label(egui::RichText::new("the conversation starts here").small().color(theme::MUTED));
        } else if ui.small_button("Start here").on_hover_text("Make this node the conversation's first").clicked() {
            studio.pending.push(Edit::Setting(crate::authoring::edit::Setting::Start(name.to_owned())));
        }
        if ui.small_button("Delete node").clicked() {
            studio.confirm = Some(Confirm::DeleteNode(name.to_owned()));
        }
    });
}

/// The reply's own mood change, on top of what its strategies do.
fn mood_row(studio: &mut Studio, ui: &mut egui::Ui, node: &str, index: usize, choice: &Choice) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Mood on top of the strategies: temper").small());
        let mut mood = choice.mood;
        let temper = ui.add(egui::DragValue::new(&mut mood.temper).range(-100..=100));
        ui.label(egui::RichText::new("trust").small());
        let trust = ui.add(egui::DragValue::new(&mut mood.trust).range(-100..=100));
        if mood != choice.mood && !temper.dragged() && !trust.dragged() {
            studio.pending.push(Edit::Reply { node: node.to_owned(), reply: index, change: ReplyChange::Mood(mood) });
        }
    });
}

/// The flags a reply sets and clears, as comma-separated names.
fn flags_row(studio: &mut Studio, ui: &mut egui::Ui, node: &str, index: usize, choice: &Choice) {
    for (what, list) in [("sets", &choice.sets), ("clears", &choice.clears)] {
        let key = format!("{node}/reply/{index}/{what}");
        let label = format!("Reply {} {what} flags (names, separated by commas)", index + 1);
        if let Some(text) = studio.text_field(ui, &key, &label, &list.join(", "), false) {
            let names: Vec<String> =
                text.split(',').map(|f| f.trim().replace(' ', "_")).filter(|f| !f.is_empty()).collect();
            let change = if what == "sets" { ReplyChange::Sets(names) } else { ReplyChange::Clears(names) };
            studio.pending.push(Edit::Reply { node: node.to_owned(), reply: index, change });
        }
    }
}

/// A reply's strategies (or anti-patterns): each with its teaching and source, a button to
/// take it off, and a menu of the catalogue's others to add.
fn strategy_list(studio: &mut Studio, ui: &mut egui::Ui, node: &str, index: usize, kind: StrategyKind, list: &[Ident]) {
    let (title, colour) = match kind {
        StrategyKind::Strategy => ("Shows", theme::GOOD),
        StrategyKind::AntiPattern => ("Commits", theme::BAD),
    };
    let change = |ids: Vec<Ident>| match kind {
        StrategyKind::Strategy => ReplyChange::Shows(ids),
        StrategyKind::AntiPattern => ReplyChange::Commits(ids),
    };
    let catalogue = &studio.knowledge.catalogue;
    let mut next: Option<Vec<Ident>> = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(title).color(colour));
        for (i, id) in list.iter().enumerate() {
            let strategy = catalogue.get(id.as_str());
            let name = strategy.map_or(id.as_str().to_owned(), |s| s.name.clone());
            let chip = ui.button(format!("{name} ✖")).on_hover_ui(|ui| match strategy {
                Some(s) => {
                    ui.label(&s.teaching);
                    for source in &s.sources {
                        ui.label(
                            egui::RichText::new(format!("— {}: {}", source.doc, source.tip))
                                .small()
                                .color(theme::MUTED),
                        );
                    }
                }
                None => {
                    ui.colored_label(theme::BAD, "Not in the catalogue.");
                }
            });
            if chip.clicked() {
                let mut rest = list.to_vec();
                rest.remove(i);
                next = Some(rest);
            }
        }
        let add = match kind {
            StrategyKind::Strategy => "Add a strategy…",
            StrategyKind::AntiPattern => "Add an anti-pattern…",
        };
        ui.menu_button(add, |ui| {
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for strategy in catalogue.strategies.iter().filter(|s| s.kind == kind) {
                    if list.contains(&strategy.id) {
                        continue;
                    }
                    let sources: Vec<String> = strategy.sources.iter().map(|s| s.doc.clone()).collect();
                    let pick = ui.button(&strategy.name).on_hover_text(format!(
                        "{}\n— {}",
                        strategy.teaching,
                        sources.join(", ")
                    ));
                    if pick.clicked() {
                        let mut more = list.to_vec();
                        more.push(strategy.id.clone());
                        next = Some(more);
                        ui.close();
                    }
                }
            });
        });
    });
    // The teaching of what the reply shows, so the author sees what the debrief will say.
    for id in list {
        if let Some(s) = catalogue.get(id.as_str()) {
            let doc = s.sources.first().map_or(String::new(), |d| format!(" ({})", d.doc));
            ui.label(egui::RichText::new(format!("{}: {}{doc}", s.name, s.teaching)).small().color(theme::MUTED));
        }
    }
    if let Some(ids) = next {
        studio.pending.push(Edit::Reply { node: node.to_owned(), reply: index, change: change(ids) });
    }
}
