//! The scenario's own settings as a form: title, summary, channel, difficulty, turn limit,
//! starting mood, the customer (name, personalities, dossier), and the thresholds and
//! expectations in words. Every change is queued as a [`Setting`] edit for the edit model.

use super::view::Studio;
use crate::app::theme;
use crate::authoring::edit::{Edit, Setting};
use crate::authoring::graph::describe;
use crate::engine::disc::{DiscProfile, DiscStyle};
use crate::engine::scenario::{Channel, Difficulty, Dossier, Expectation};
use bevy_egui::egui;

pub fn panel(studio: &mut Studio, ui: &mut egui::Ui) {
    egui::CollapsingHeader::new("Scenario settings").id_salt("studio-settings").default_open(false).show(ui, |ui| {
        let file = studio.document.file().clone();
        if let Some(text) = studio.text_field(ui, "settings/title", "Title", &file.title, false) {
            studio.pending.push(Edit::Setting(Setting::Title(text)));
        }
        let label = "Summary (the trainee reads it before the conversation)";
        if let Some(text) = studio.text_field(ui, "settings/summary", label, &file.summary, true) {
            studio.pending.push(Edit::Setting(Setting::Summary(text)));
        }
        ui.horizontal(|ui| {
            ui.label("Channel");
            let mut channel = file.channel;
            egui::ComboBox::from_id_salt("settings/channel").selected_text(channel.label()).show_ui(ui, |ui| {
                for option in Channel::ALL {
                    ui.selectable_value(&mut channel, option, option.label());
                }
            });
            if channel != file.channel {
                studio.pending.push(Edit::Setting(Setting::Channel(channel)));
            }
            ui.label("Difficulty");
            let mut difficulty = file.difficulty;
            egui::ComboBox::from_id_salt("settings/difficulty").selected_text(format!("{difficulty:?}")).show_ui(
                ui,
                |ui| {
                    for option in Difficulty::ALL {
                        ui.selectable_value(&mut difficulty, option, format!("{option:?}"));
                    }
                },
            );
            if difficulty != file.difficulty {
                studio.pending.push(Edit::Setting(Setting::Difficulty(difficulty)));
            }
        });
        ui.horizontal(|ui| {
            ui.label("Turn limit");
            let mut limit = file.turn_limit;
            let drag = ui.add(egui::DragValue::new(&mut limit).range(1..=40));
            if limit != file.turn_limit && !drag.dragged() {
                studio.pending.push(Edit::Setting(Setting::TurnLimit(limit)));
            }
            ui.label("Starting temper");
            let mut mood = file.mood;
            let temper = ui.add(egui::DragValue::new(&mut mood.temper).range(0..=100));
            ui.label("trust");
            let trust = ui.add(egui::DragValue::new(&mut mood.trust).range(0..=100));
            if mood != file.mood && !temper.dragged() && !trust.dragged() {
                studio.pending.push(Edit::Setting(Setting::Mood(mood)));
            }
        });
        ui.add_space(4.0);
        ui.label(egui::RichText::new("The customer").strong());
        if let Some(text) = studio.text_field(ui, "settings/customer", "Name", &file.customer.name, false) {
            studio.pending.push(Edit::Setting(Setting::CustomerName(text)));
        }
        personalities(studio, ui, file.customer.disc, &file.customer.alternatives);
        dossier(studio, ui, &file.customer.dossier);
        ui.add_space(4.0);
        ui.label(egui::RichText::new("Thresholds (checked after every reply)").strong());
        if file.thresholds.is_empty() {
            ui.label(egui::RichText::new("None.").small().color(theme::MUTED));
        }
        for route in &file.thresholds {
            ui.label(egui::RichText::new(format!("When {}: to {}", describe(&route.when), route.goto)).small());
        }
        ui.label(egui::RichText::new("Expectations (what you meant, checked on every proof)").strong());
        if file.expect.is_empty() {
            ui.label(egui::RichText::new("None.").small().color(theme::MUTED));
        }
        for expectation in &file.expect {
            ui.label(egui::RichText::new(expectation_words(expectation)).small());
        }
    });
}

/// The main personality and the others the customer can be played with.
fn personalities(studio: &mut Studio, ui: &mut egui::Ui, main: DiscProfile, alternatives: &[DiscProfile]) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Personality");
        let mut primary = main.primary;
        egui::ComboBox::from_id_salt("settings/personality").selected_text(primary.to_string()).show_ui(ui, |ui| {
            for style in DiscStyle::ALL {
                ui.selectable_value(&mut primary, style, style.to_string());
            }
        });
        if primary != main.primary {
            studio
                .pending
                .push(Edit::Setting(Setting::Personality(DiscProfile { primary, secondary: main.secondary })));
        }
        ui.label("also played as");
        for style in DiscStyle::ALL.into_iter().filter(|s| *s != main.primary) {
            let had = alternatives.iter().any(|p| p.primary == style);
            let mut has = had;
            ui.checkbox(&mut has, style.to_string());
            if has != had {
                let mut list: Vec<DiscProfile> = alternatives.iter().filter(|p| p.primary != style).copied().collect();
                if has {
                    list.push(DiscProfile { primary: style, secondary: None });
                }
                studio.pending.push(Edit::Setting(Setting::Alternatives(list)));
            }
        }
    });
}

/// The dossier's facts, tickets and notes, one entry per line.
fn dossier(studio: &mut Studio, ui: &mut egui::Ui, dossier: &Dossier) {
    for (field, label, list) in [
        ("facts", "Dossier facts (one per line)", &dossier.facts),
        ("tickets", "Dossier tickets (one per line)", &dossier.tickets),
        ("notes", "Dossier notes (one per line)", &dossier.notes),
    ] {
        let key = format!("settings/dossier/{field}");
        if let Some(text) = studio.text_field(ui, &key, label, &list.join("\n"), true) {
            let entries: Vec<String> =
                text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
            let mut next = dossier.clone();
            match field {
                "facts" => next.facts = entries,
                "tickets" => next.tickets = entries,
                _ => next.notes = entries,
            }
            studio.pending.push(Edit::Setting(Setting::Dossier(next)));
        }
    }
}

fn expectation_words(expectation: &Expectation) -> String {
    let replies = |list: &[usize]| list.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    match expectation {
        Expectation::BestStarts { replies: list, style } => match style {
            Some(style) => format!("As {style}, the best path starts with replies {}", replies(list)),
            None => format!("The best path starts with replies {}", replies(list)),
        },
        Expectation::ScoresBelow { replies: list, percent, style: None } => {
            format!("Replies {} score below {percent}% for every personality", replies(list))
        }
        Expectation::ScoresBelow { replies: list, percent, style: Some(style) } => {
            format!("Replies {} score below {percent}% as {style}", replies(list))
        }
        Expectation::BestPathsDiffer => "Every two personalities have different best paths".to_owned(),
    }
}
