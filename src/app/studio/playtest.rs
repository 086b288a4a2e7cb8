//! Playtest from the selected node with a chosen personality, mood and flags, as the author
//! (after each reply the points it earned, the mood and the flags) or blind, as a trainee sees
//! it (replies shuffled, no points until the end); step back undoes a reply, and a playtest
//! can be saved as a journey that `validate` and the tests replay. It runs the engine's own
//! `step` on the proven scenario, so it moves as a trainee's game.

use super::view::Studio;
use crate::app::theme;
use crate::authoring::journeys::{self, Journey};
use crate::engine::model::{CompiledNode, CompiledScenario, State};
use crate::engine::mood::Mood;
use crate::engine::session::shown_order;
use bevy_egui::egui;

/// The seed of a blind playtest's shown order: fixed, so the same playtest shows the same order.
const BLIND_SEED: u64 = 7;

/// One reply taken in a playtest, and the state it left.
#[derive(Clone, Debug)]
pub struct Taken {
    pub node: String,
    pub reply: usize,
    pub text: String,
    pub points: i32,
    pub after: State,
}

#[derive(Clone, Debug, Default)]
pub struct Playtest {
    /// The personality played: an index into the scenario's variants.
    pub variant: usize,
    /// Where it started, and the state then; `None` while no playtest runs.
    pub start: Option<State>,
    pub taken: Vec<Taken>,
    /// The mood to start with, when the author sets one (else the scenario's).
    pub mood: Option<Mood>,
    /// Flags set at the start, by name.
    pub flags: Vec<String>,
    /// As a trainee sees it: replies shuffled, no points or meters until the end.
    pub blind: bool,
    /// The name a saved journey gets.
    pub journey_name: String,
}

impl Playtest {
    /// The scenario changed: node numbers and scores may have moved, so start again.
    pub fn invalidate(&mut self) {
        self.start = None;
        self.taken.clear();
    }

    pub fn state(&self) -> Option<State> {
        self.taken.last().map(|t| t.after).or(self.start)
    }

    pub fn total(&self) -> i64 {
        self.taken.iter().map(|t| i64::from(t.points)).sum()
    }
}

fn flags(scenario: &CompiledScenario, bits: u64) -> String {
    let names: Vec<&str> =
        scenario.flag_names.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, n)| n.as_str()).collect();
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

pub fn panel(studio: &mut Studio, ui: &mut egui::Ui) {
    theme::heading(ui, "Playtest");
    let Ok(loaded) = &studio.proven else {
        ui.label("A playtest needs a sound scenario: fix the errors above first.");
        return;
    };
    let test = &mut studio.playtest;
    let variant = test.variant.min(loaded.variants.len() - 1);
    ui.horizontal(|ui| {
        ui.label("Personality");
        let name = |i: usize| loaded.variants[i].scenario.profile.to_string();
        let mut picked = variant;
        egui::ComboBox::from_id_salt("playtest-personality").selected_text(name(variant)).show_ui(ui, |ui| {
            for i in 0..loaded.variants.len() {
                ui.selectable_value(&mut picked, i, name(i));
            }
        });
        if picked != variant {
            test.variant = picked;
            test.invalidate();
        }
    });
    let scenario = &loaded.variants[test.variant.min(loaded.variants.len() - 1)].scenario;
    let selected = studio.selected.clone();
    let from = selected.as_ref().and_then(|s| scenario.node_names.iter().position(|n| n == s));
    let started = test.mood.is_some() || !test.flags.is_empty();
    let title =
        if started { "Start with this mood and these flags" } else { "Start with a mood and flags of your choosing" };
    egui::CollapsingHeader::new(title).id_salt("playtest-start").show(ui, |ui| {
        ui.horizontal(|ui| {
            let mut mood = test.mood.unwrap_or(scenario.file.mood);
            ui.label("Start with temper");
            let temper = ui.add(egui::DragValue::new(&mut mood.temper).range(0..=100));
            ui.label("trust");
            let trust = ui.add(egui::DragValue::new(&mut mood.trust).range(0..=100));
            if (temper.changed() || trust.changed()) && mood != scenario.file.mood {
                test.mood = Some(mood);
            }
            if test.mood.is_some() && ui.small_button("the scenario's mood").clicked() {
                test.mood = None;
            }
        });
        if !scenario.flag_names.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label("Flags set at the start");
                for flag in &scenario.flag_names {
                    let mut on = test.flags.contains(flag);
                    if ui.checkbox(&mut on, flag).changed() {
                        test.flags.retain(|f| f != flag);
                        if on {
                            test.flags.push(flag.clone());
                        }
                    }
                }
            });
        }
    });
    ui.checkbox(&mut test.blind, "Blind, as a trainee sees it (replies shuffled, points at the end)");
    ui.horizontal(|ui| {
        let label = match &selected {
            Some(name) => format!("Play from {name}"),
            None => "Play from the start".into(),
        };
        if ui.button(label).clicked() {
            let node = from.map_or(scenario.start, |i| i as u32);
            let mood = test.mood.unwrap_or(scenario.file.mood).clamped();
            let flags = scenario
                .flag_names
                .iter()
                .enumerate()
                .filter(|(_, name)| test.flags.contains(name))
                .fold(0u64, |bits, (i, _)| bits | (1 << i));
            test.start = Some(State { node, mood, flags });
            test.taken.clear();
        }
        if ui.add_enabled(!test.taken.is_empty(), egui::Button::new("Step back")).clicked() {
            test.taken.pop();
        }
    });
    let Some(state) = test.state() else {
        ui.label(egui::RichText::new("Pick a node and a personality, then play from there.").color(theme::MUTED));
        return;
    };
    let ended = matches!(scenario.node(state.node), CompiledNode::End { .. });
    let reveal = !test.blind || ended;
    for taken in test.taken.iter().filter(|_| reveal) {
        ui.label(
            egui::RichText::new(format!(
                "{}: reply {} ({:+}) → temper {}, trust {} · flags {}",
                taken.node,
                taken.reply + 1,
                taken.points,
                taken.after.mood.temper,
                taken.after.mood.trust,
                flags(scenario, taken.after.flags)
            ))
            .small(),
        );
    }
    if test.blind && !ended {
        for taken in &test.taken {
            ui.label(egui::RichText::new(format!("You: {}", taken.text)).small());
        }
    } else {
        ui.colored_label(
            theme::ACCENT,
            format!(
                "At {} · {} points so far · temper {}, trust {} · flags {}",
                scenario.node_names[state.node as usize],
                test.total(),
                state.mood.temper,
                state.mood.trust,
                flags(scenario, state.flags)
            ),
        );
    }
    match scenario.node(state.node) {
        CompiledNode::End { outcome, points, .. } => {
            ui.colored_label(
                super::graph::outcome_colour(*outcome),
                format!(
                    "Ended: {} · {points} ending points · {} in all",
                    outcome.label(),
                    test.total() + i64::from(*points)
                ),
            );
        }
        CompiledNode::Say { choices, .. } => {
            if let Some(line) = scenario.lines(state).first() {
                ui.label(egui::RichText::new(format!("“{line}”")).italics());
            }
            let available: Vec<usize> = scenario.available(state).collect();
            // Blind: only the replies on offer, in the order a trainee would see them.
            let order: Vec<usize> = if test.blind {
                shown_order(BLIND_SEED, test.taken.len(), available.len())
                    .into_iter()
                    .map(|p| available[p - 1])
                    .collect()
            } else {
                (0..choices.len()).collect()
            };
            for (k, &i) in order.iter().enumerate() {
                let choice = &choices[i];
                let offered = available.contains(&i);
                let text = if test.blind {
                    format!("▸ {}. {}", k + 1, choice.text)
                } else {
                    format!("▸ {}. {} ({:+})", i + 1, choice.text, choice.points)
                };
                if ui.add_enabled(offered, egui::Button::new(text).wrap()).clicked() {
                    let step = scenario.step(state, i);
                    test.taken.push(Taken {
                        node: scenario.node_names[state.node as usize].clone(),
                        reply: i,
                        text: choice.text.clone(),
                        points: choice.points,
                        after: step.next,
                    });
                }
            }
        }
    }
    // A playtest worth keeping becomes a journey that `validate` and the tests replay.
    let (Some(start), false) = (test.start, test.taken.is_empty()) else { return };
    let Some(path) = studio.document.path().map(std::path::Path::to_path_buf) else { return };
    ui.horizontal(|ui| {
        ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut test.journey_name).desired_width(180.0).hint_text("what it checks"));
        if ui.button("Save as a journey").clicked() {
            let name = test.journey_name.trim();
            let name = if name.is_empty() {
                format!("from {}", scenario.node_names[start.node as usize])
            } else {
                name.to_owned()
            };
            let ending = match scenario.node(state.node) {
                CompiledNode::End { points, .. } => i64::from(*points),
                CompiledNode::Say { .. } => 0,
            };
            let journey = Journey {
                name: name.clone(),
                personality: scenario.profile.primary,
                from: scenario.node_names[start.node as usize].clone(),
                mood: start.mood,
                flags: scenario
                    .flag_names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| start.flags & (1 << i) != 0)
                    .map(|(_, n)| n.clone())
                    .collect(),
                replies: test.taken.iter().map(|t| t.reply + 1).collect(),
                reaches: scenario.node_names[state.node as usize].clone(),
                points: test.total() + ending,
            };
            studio.notice = Some(match journeys::save(&path, journey) {
                Ok(()) => (false, format!("Saved the journey \"{name}\" beside the scenario; validate replays it.")),
                Err(error) => (true, format!("The journey was not saved: {error}")),
            });
        }
    });
}
