//! Debrief: total, percentage and grade, points per strategy, the mood over the
//! conversation as a chart, and every turn with the best reply that was available and the
//! teaching behind it. Try again with the same seed, or with another.

use super::competitions::{CompetitionRun, select_round};
use super::conversation::Conversation;
use super::picker::{SeedSource, Selection};
use crate::app::history::Attempts;
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen, theme, widgets};
use crate::engine::card::{ScoreCard, score_card};
use crate::engine::mood::Mood;
use crate::records::attempts::Attempt;
use crate::records::time::now_ms;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// The finished conversation's score card, with what the core alone cannot know.
#[derive(Resource, Clone, Debug)]
pub struct Debrief {
    pub card: ScoreCard,
    pub moods: Vec<Mood>,
    pub response_times: Vec<f32>,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), score_conversation);
    app.add_systems(Update, after_debrief);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief.run_if(in_state(Screen::Debrief).and_then(resource_exists::<Debrief>)).in_set(DrawScreens),
    );
}

fn score_conversation(
    mut commands: Commands,
    conversation: Option<Res<Conversation>>,
    prefs: Res<TraineeSettings>,
    library: Res<Library>,
    mut attempts: ResMut<Attempts>,
    run: Option<Res<CompetitionRun>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(conversation) = conversation else {
        next.set(Screen::Picker);
        return;
    };
    let card = score_card(&conversation.session, &conversation.variant.analysis);
    if let Some(loaded) = library.get(&conversation.file_name).and_then(|e| e.loaded()) {
        let response_ms = conversation.response_times.iter().map(|s| (s * 1000.0).round() as u64).collect();
        let mut attempt = Attempt::record(
            loaded,
            &conversation.session,
            &card,
            &prefs.settings.trainee,
            run.as_ref().map(|r| r.team.as_str()),
            response_ms,
            conversation.started_at_ms,
            now_ms(),
        );
        if let Some(run) = &run {
            attempt.competition = Some(run.competition.name.clone());
            attempt.id = attempt.content_id();
        }
        attempts.record(&attempt);
    }
    commands.insert_resource(Debrief {
        card,
        moods: conversation.moods.clone(),
        response_times: conversation.response_times.clone(),
    });
}

#[allow(clippy::too_many_arguments)]
fn after_debrief(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    mut selection: ResMut<Selection>,
    mut seeds: ResMut<SeedSource>,
    run: Option<ResMut<CompetitionRun>>,
    library: Res<Library>,
    mut next: ResMut<NextState<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Debrief);
    match run {
        // In a competition the seed is fixed: the trainee may retry a round, then goes on.
        Some(mut run) => {
            for action in actions {
                match action {
                    Action::Retry => next.set(Screen::Conversation),
                    Action::Continue => {
                        run.round += 1;
                        if select_round(&run, &library, &mut selection) {
                            next.set(Screen::Briefing);
                        } else {
                            next.set(Screen::Leaderboard);
                        }
                    }
                    Action::Back => {
                        commands.remove_resource::<CompetitionRun>();
                        next.set(Screen::Picker);
                    }
                    _ => {}
                }
            }
        }
        None => {
            for action in actions {
                match action {
                    Action::Retry => next.set(Screen::Conversation),
                    Action::RetryNewSeed => {
                        selection.seed = seeds.next_seed();
                        next.set(Screen::Conversation);
                    }
                    Action::Back | Action::Continue => next.set(Screen::Picker),
                    _ => {}
                }
            }
        }
    }
}

/// Temper and trust after every turn, as a chart.
pub fn mood_chart(ui: &mut egui::Ui, moods: &[Mood]) {
    let points = |read: fn(&Mood) -> i32| -> PlotPoints {
        moods.iter().enumerate().map(|(turn, mood)| [turn as f64, read(mood) as f64]).collect()
    };
    Plot::new("mood")
        .height(180.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("turn")
        .legend(Legend::default())
        .show(ui, |plot| {
            plot.line(Line::new("temper", points(|m| m.temper)).color(theme::BAD).width(2.5));
            plot.line(Line::new("trust", points(|m| m.trust)).color(theme::GOOD).width(2.5));
        });
}

fn draw_debrief(
    mut contexts: EguiContexts,
    debrief: Res<Debrief>,
    run: Option<Res<CompetitionRun>>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let card = &debrief.card;
    theme::screen(ctx, |ui| {
        widgets::debrief_summary(ui, card);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if theme::big_button(ui, "Try again (R)").clicked() {
                actions.write(Action::Retry);
            }
            match &run {
                Some(run) => {
                    let last = run.round + 1 >= run.competition.rounds.len();
                    let next = if last { "See the leaderboard (Enter)" } else { "Next round (Enter)" };
                    if theme::big_button(ui, next).clicked() {
                        actions.write(Action::Continue);
                    }
                    if theme::big_button(ui, "Leave the competition (Esc)").clicked() {
                        actions.write(Action::Back);
                    }
                }
                None => {
                    if theme::big_button(ui, "Try another seed (N)").clicked() {
                        actions.write(Action::RetryNewSeed);
                    }
                    if theme::big_button(ui, "Choose a scenario (Esc)").clicked() {
                        actions.write(Action::Back);
                    }
                }
            }
        });
        ui.add_space(12.0);
        ui.columns(2, |columns| {
            columns[0].label(egui::RichText::new("Mood over the conversation").strong());
            mood_chart(&mut columns[0], &debrief.moods);
            columns[1].label(egui::RichText::new("Points by strategy").strong());
            widgets::strategy_points(&mut columns[1], card);
        });
        ui.add_space(12.0);
        widgets::debrief_turns(ui, card, &debrief.response_times);
    });
    Ok(())
}
