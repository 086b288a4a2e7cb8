//! Playtest from the selected node with a chosen personality, as the author: after each reply
//! the points it earned, the mood and the flags before and after; step back undoes a reply.
//! It runs the engine's own `step` on the proven scenario, so it moves as a trainee's game.

use super::view::Studio;
use crate::app::theme;
use crate::engine::model::{CompiledNode, CompiledScenario, State};
use bevy_egui::egui;

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
    ui.horizontal(|ui| {
        let label = match &selected {
            Some(name) => format!("Play from {name}"),
            None => "Play from the start".into(),
        };
        if ui.button(label).clicked() {
            let node = from.map_or(scenario.start, |i| i as u32);
            test.start = Some(State { node, mood: scenario.file.mood.clamped(), flags: 0 });
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
    for taken in &test.taken {
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
            for (i, choice) in choices.iter().enumerate() {
                let offered = available.contains(&i);
                let text = format!("▸ {}. {} ({:+})", i + 1, choice.text, choice.points);
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
}
