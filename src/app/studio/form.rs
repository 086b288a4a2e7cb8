//! The form for the selected node: the customer's lines, each reply's text, its strategies and
//! anti-patterns picked from the catalogue (with their teaching and source documents), its
//! mood and flags, and where it leads; an ending's outcome, points, last words and summary.
//! Every change is queued as an [`Edit`] for the edit model.

use super::view::Studio;
use crate::app::theme;
use crate::authoring::edit::{Edit, EndingChange, ReplyChange};
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
    match node {
        Node::Say { lines, lines_by_style, choices, .. } => {
            ui.label(egui::RichText::new("The customer says").strong());
            for (i, line) in lines.iter().enumerate() {
                let key = format!("{name}/line/{i}");
                if let Some(text) = studio.text_field(ui, &key, &format!("Line {}", i + 1), line, true) {
                    studio.pending.push(Edit::SetLine { node: name.clone(), style: None, index: i, text });
                }
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
        ui.label(
            egui::RichText::new(format!("Mood: temper {:+}, trust {:+}", choice.mood.temper, choice.mood.trust))
                .small()
                .color(theme::MUTED),
        );
        if !choice.sets.is_empty() || !choice.clears.is_empty() || choice.requires.is_some() {
            let mut parts = Vec::new();
            if !choice.sets.is_empty() {
                parts.push(format!("sets {}", choice.sets.join(", ")));
            }
            if !choice.clears.is_empty() {
                parts.push(format!("clears {}", choice.clears.join(", ")));
            }
            if let Some(requires) = &choice.requires {
                parts.push(format!("offered only when {requires:?}"));
            }
            ui.label(egui::RichText::new(parts.join(" · ")).small().color(theme::MUTED));
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
    });
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
        ui.menu_button("+", |ui| {
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
