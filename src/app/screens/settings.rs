//! The settings screen: text speed, UI scale, the response timer, the weekly goal, high
//! contrast and fullscreen, saved on every change.

use crate::app::Screen;
use crate::app::input::{self, Action};
use crate::app::settings::TraineeSettings;
use crate::app::theme;
use crate::records::settings::{self as settings_file, Settings};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The screen to go back to when settings close.
#[derive(Resource, Debug, Clone, Copy)]
pub struct SettingsReturn(pub Screen);

pub(crate) fn plugin(app: &mut App) {
    app.insert_resource(SettingsReturn(Screen::Title));
    app.add_systems(Update, (open_settings, leave_settings));
    app.add_systems(
        EguiPrimaryContextPass,
        draw_settings.run_if(in_state(Screen::Settings)).in_set(crate::app::DrawScreens),
    );
}

fn open_settings(
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    mut back_to: ResMut<SettingsReturn>,
) {
    for action in actions.read() {
        let here = *state.get();
        let allowed = matches!(here, Screen::Title | Screen::Picker | Screen::Briefing | Screen::Debrief);
        if *action == Action::OpenSettings && allowed {
            back_to.0 = here;
            next.set(Screen::Settings);
        }
    }
}

fn leave_settings(
    mut actions: MessageReader<Action>,
    back_to: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
) {
    for action in input::take(&mut actions, &state, Screen::Settings) {
        if matches!(action, Action::Back | Action::Continue) {
            next.set(back_to.0);
        }
    }
}

/// The settings form; returns true when something changed.
pub fn settings_form(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let before = settings.clone();
    egui::Grid::new("settings").num_columns(2).spacing([24.0, 14.0]).show(ui, |ui| {
        ui.label("Text speed");
        ui.horizontal(|ui| {
            for speed in Settings::TEXT_SPEEDS {
                let label = if speed == 0 { "instant".to_owned() } else { format!("{speed} chars/s") };
                ui.selectable_value(&mut settings.text_speed, speed, label);
            }
        });
        ui.end_row();
        ui.label("UI scale");
        ui.horizontal(|ui| {
            for scale in Settings::UI_SCALES {
                ui.selectable_value(&mut settings.ui_scale, scale, format!("{scale}%"));
            }
        });
        ui.end_row();
        ui.label("Response timer");
        ui.horizontal(|ui| {
            for seconds in Settings::RESPONSE_SECONDS {
                let label = if seconds == 0 { "off".to_owned() } else { format!("{seconds} s") };
                ui.selectable_value(&mut settings.response_seconds, seconds, label);
            }
        });
        ui.end_row();
        ui.label("Weekly goal");
        ui.horizontal(|ui| {
            for goal in Settings::WEEKLY_GOALS {
                ui.selectable_value(&mut settings.weekly_goal, goal, format!("{goal} conversations"));
            }
        });
        ui.end_row();
        ui.label("High contrast");
        ui.checkbox(&mut settings.high_contrast, "Black and white, thicker outlines");
        ui.end_row();
        ui.label("Fullscreen");
        ui.checkbox(&mut settings.fullscreen, "Fill the screen");
        ui.end_row();
    });
    *settings != before
}

fn draw_settings(
    mut contexts: EguiContexts,
    mut prefs: ResMut<TraineeSettings>,
    back_to: Res<SettingsReturn>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut changed = false;
    theme::screen(ctx, |ui| {
        theme::heading(ui, "Settings");
        ui.add_space(12.0);
        changed = settings_form(ui, &mut prefs.settings);
        ui.add_space(16.0);
        if let Some(path) = settings_file::settings_path() {
            ui.weak(format!("Saved to {}", path.display()));
        }
        if let Some(notice) = &prefs.notice {
            ui.colored_label(theme::WARNING, notice);
        }
        ui.add_space(16.0);
        if theme::big_button(ui, "Done (Esc)").clicked() {
            next.set(back_to.0);
        }
    });
    if changed {
        prefs.save_settings();
    }
    Ok(())
}
