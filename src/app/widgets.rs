//! Widgets more than one screen draws, as plain functions over `egui::Ui` (tested with
//! egui_kittest without a window): the customer's dossier. Each screen keeps its own.

use super::theme;
use crate::engine::scenario::Dossier;
use bevy_egui::egui;

pub fn dossier(ui: &mut egui::Ui, name: &str, dossier: &Dossier) {
    theme::card(ui, |ui| {
        ui.label(egui::RichText::new(format!("Dossier: {name}")).size(18.0).strong());
        for (title, items) in
            [("Account", &dossier.facts), ("Open tickets", &dossier.tickets), ("Notes", &dossier.notes)]
        {
            if items.is_empty() {
                continue;
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new(title).strong().color(theme::ACCENT));
            for item in items {
                ui.label(format!("• {item}"));
            }
        }
        if dossier.facts.is_empty() && dossier.tickets.is_empty() && dossier.notes.is_empty() {
            ui.weak("Nothing on file for this customer.");
        }
    });
}
