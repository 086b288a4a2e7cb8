//! Title: the trainee types or picks their name (remembered between runs) and continues.

use crate::app::input::{self, Action, TextFocus};
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen, theme};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The name being typed on the title screen.
#[derive(Resource, Debug, Default, Clone)]
pub struct TitleForm {
    pub name: String,
    /// Why the trainee cannot continue yet, shown under the field.
    pub problem: Option<String>,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<TitleForm>();
    app.add_systems(OnEnter(Screen::Title), fill_form);
    app.add_systems(Update, continue_from_title);
    app.add_systems(EguiPrimaryContextPass, draw_title.run_if(in_state(Screen::Title)).in_set(DrawScreens));
    app.add_systems(OnExit(Screen::Title), release_focus);
}

fn fill_form(prefs: Res<TraineeSettings>, mut form: ResMut<TitleForm>) {
    form.name = prefs.settings.trainee.clone();
    form.problem = None;
}

fn release_focus(mut focus: ResMut<TextFocus>) {
    focus.0 = false;
}

fn continue_from_title(
    mut actions: MessageReader<Action>,
    mut form: ResMut<TitleForm>,
    mut prefs: ResMut<TraineeSettings>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
) {
    for action in input::take(&mut actions, &state, Screen::Title) {
        if action != Action::Continue {
            continue;
        }
        let name = form.name.trim().to_owned();
        if name.is_empty() {
            form.problem = Some("Type your name first: your scores are kept under it.".into());
            continue;
        }
        prefs.settings.sign_in(&name);
        prefs.save_settings();
        form.problem = None;
        next.set(Screen::Picker);
    }
}

fn draw_title(
    mut contexts: EguiContexts,
    mut form: ResMut<TitleForm>,
    prefs: Res<TraineeSettings>,
    mut focus: ResMut<TextFocus>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    theme::screen(ctx, |ui| {
        ui.add_space(60.0);
        ui.vertical_centered(|ui| {
            ui.label(egui::RichText::new("HARD CALL").size(54.0).strong().color(theme::ACCENT));
            ui.label(egui::RichText::new("Practise the conversations nobody wants to have.").size(19.0));
            ui.add_space(40.0);
            ui.label("Your name");
            let field = ui.add(
                egui::TextEdit::singleline(&mut form.name)
                    .hint_text("e.g. Sam Rivera")
                    .desired_width(320.0)
                    .font(egui::TextStyle::Heading),
            );
            if form.name.is_empty() && !field.has_focus() && !field.lost_focus() {
                field.request_focus();
            }
            focus.0 = field.has_focus();
            if let Some(problem) = &form.problem {
                ui.colored_label(theme::WARNING, problem);
            }
            let others: Vec<&String> = prefs.settings.recent_trainees.iter().filter(|n| **n != form.name).collect();
            if !others.is_empty() {
                ui.add_space(8.0);
                ui.horizontal_wrapped(|ui| {
                    ui.weak("Or continue as:");
                    for name in others {
                        if ui.link(name).clicked() {
                            form.name = name.clone();
                        }
                    }
                });
            }
            ui.add_space(24.0);
            if theme::big_button(ui, "Continue (Enter)").clicked() {
                actions.write(Action::Continue);
            }
            if ui.button("Settings (F2)").clicked() {
                actions.write(Action::OpenSettings);
            }
            if let Some(notice) = &prefs.notice {
                ui.add_space(12.0);
                ui.colored_label(theme::WARNING, notice);
            }
        });
    });
    Ok(())
}
