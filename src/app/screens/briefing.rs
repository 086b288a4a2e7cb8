//! Briefing: the customer's dossier (account facts, open tickets, notes) before the
//! conversation. Reading it is the "get prepared" strategy, and the best replies use it.

use super::competitions::CompetitionRun;
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::selection::Selection;
use crate::app::{DrawScreens, Screen, theme, widgets};
use crate::engine::catalogue::Knowledge;
use crate::engine::disc::DiscProfile;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, brief);
    app.add_systems(EguiPrimaryContextPass, draw_briefing.run_if(in_state(Screen::Briefing)).in_set(DrawScreens));
}

fn brief(
    mut actions: MessageReader<Action>,
    library: Res<Library>,
    mut selection: ResMut<Selection>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
    run: Option<Res<CompetitionRun>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Briefing);
    if *state.get() != Screen::Briefing {
        return;
    }
    let Some(loaded) = library.get(&selection.file_name).and_then(|e| e.loaded()) else {
        // The file broke (hot reload) or vanished while the trainee was reading: go back.
        next.set(Screen::Picker);
        return;
    };
    let personalities = loaded.variants.len();
    let competing = run.is_some();
    for action in actions {
        match action {
            Action::Continue => next.set(Screen::Conversation),
            Action::Back => next.set(Screen::Picker),
            // A competition fixes the personality for everyone.
            Action::NextPersonality if !competing => selection.variant = (selection.variant + 1) % personalities,
            Action::Pick(n) if n <= personalities && !competing => selection.variant = n - 1,
            _ => {}
        }
    }
    selection.variant = selection.variant.min(personalities - 1);
}

fn draw_briefing(
    mut contexts: EguiContexts,
    library: Res<Library>,
    selection: Res<Selection>,
    run: Option<Res<CompetitionRun>>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(loaded) = library.get(&selection.file_name).and_then(|e| e.loaded()) else { return Ok(()) };
    let variant = &loaded.variants[selection.variant.min(loaded.variants.len() - 1)];
    let file = loaded.file();
    theme::screen(ctx, |ui| {
        if let Some(run) = &run {
            let limit = run.competition.reply_seconds.map(|s| format!(" · {s} s per reply")).unwrap_or_default();
            ui.colored_label(
                theme::ACCENT,
                format!(
                    "{} · round {} of {} · team {}{limit}",
                    run.competition.name,
                    run.round + 1,
                    run.competition.rounds.len(),
                    run.team
                ),
            );
        }
        theme::heading(ui, &file.title);
        ui.label(
            egui::RichText::new(format!(
                "{} · {} · {} · up to {} turns",
                file.channel, file.difficulty, variant.scenario.profile, file.turn_limit
            ))
            .color(theme::MUTED),
        );
        ui.add_space(8.0);
        ui.label(egui::RichText::new(&file.summary).size(18.0));
        ui.add_space(12.0);
        ui.columns(2, |columns| {
            widgets::dossier(&mut columns[0], &file.customer.name, &file.customer.dossier);
            personality(&mut columns[1], &variant.scenario.knowledge, variant.scenario.profile);
            // A competition fixes the personality, so there is nothing to choose.
            if loaded.variants.len() > 1 && run.is_none() {
                columns[1].add_space(10.0);
                columns[1].label("This customer can be played with another personality:");
                columns[1].horizontal_wrapped(|ui| {
                    for (i, other) in loaded.variants.iter().enumerate() {
                        let label = format!("{}. {}", i + 1, other.scenario.profile);
                        if ui.selectable_label(i == selection.variant, label).clicked() {
                            actions.write(Action::Pick(i + 1));
                        }
                    }
                });
                columns[1].weak("Number keys or P switch personality.");
            }
        });
        ui.add_space(18.0);
        ui.horizontal(|ui| {
            if theme::big_button(ui, "Start the conversation (Enter)").clicked() {
                actions.write(Action::Continue);
            }
            if ui.button("Back (Esc)").clicked() {
                actions.write(Action::Back);
            }
        });
        ui.weak(format!("Seed {}: the same seed gives the same customer lines.", selection.seed));
    });
    Ok(())
}

// Widgets: plain functions over `egui::Ui`, tested with egui_kittest.

pub fn personality(ui: &mut egui::Ui, knowledge: &Knowledge, profile: DiscProfile) {
    theme::card(ui, |ui| {
        ui.label(egui::RichText::new(format!("Personality: {profile}")).size(18.0).strong());
        for style in [Some(profile.primary), profile.secondary].into_iter().flatten() {
            if let Some(sheet) = knowledge.disc.sheet(style) {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(&sheet.name).strong().color(theme::ACCENT));
                ui.label(format!("Wants: {}", sheet.wants));
                ui.label(format!("Reacts badly to: {}", sheet.dislikes));
            }
        }
    });
}
