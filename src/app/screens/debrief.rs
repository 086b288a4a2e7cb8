//! Debrief: total, percentage and grade, points per strategy, the mood over the
//! conversation as a chart, and every turn with the best reply that was available and the
//! teaching behind it. Try again with the same seed, or with another.

use super::competitions::{CompetitionRun, select_round};
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::selection::{SeedSource, Selection};
use crate::app::{DrawScreens, Screen, theme};
use crate::engine::card::ScoreCard;
use crate::engine::mood::Mood;
use crate::engine::rating::EXPLAINED;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// The finished conversation's score card, with what the core alone cannot know.
#[derive(Resource, Clone, Debug)]
pub struct Debrief {
    pub card: ScoreCard,
    pub moods: Vec<Mood>,
    pub response_times: Vec<f32>,
    /// Set for a live competition's round, whose screen answers R and Enter itself.
    pub live: Option<LiveDebrief>,
}

/// What the debrief of a live round says above the card, and where Enter goes.
#[derive(Clone, Debug)]
pub struct LiveDebrief {
    /// Competition, round and where the standings are.
    pub banner: String,
    /// Whether this was the last round (Enter goes back to the rounds, not on to the next).
    pub last_round: bool,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), open_debrief);
    app.add_systems(Update, after_debrief);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_debrief.run_if(in_state(Screen::Debrief).and_then(resource_exists::<Debrief>)).in_set(DrawScreens),
    );
}

fn open_debrief(debrief: Option<Res<Debrief>>, mut next: ResMut<NextState<Screen>>) {
    // Only a finished conversation leaves a debrief behind.
    if debrief.is_none() {
        next.set(Screen::Picker);
    }
}

#[allow(clippy::too_many_arguments)]
fn after_debrief(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    mut selection: ResMut<Selection>,
    mut seeds: ResMut<SeedSource>,
    run: Option<ResMut<CompetitionRun>>,
    debrief: Option<Res<Debrief>>,
    library: Res<Library>,
    mut next: ResMut<NextState<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Debrief);
    // A live round's debrief is answered by the live screens.
    if debrief.as_ref().is_some_and(|d| d.live.is_some()) {
        return;
    }
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
    // Every way out of here (the settings open on top of it) leaves the debrief behind.
    if let NextState::Pending(to) | NextState::PendingIfNeq(to) = &*next
        && *to != Screen::Settings
    {
        commands.remove_resource::<Debrief>();
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
        if let Some(live) = &debrief.live {
            ui.colored_label(theme::ACCENT, &live.banner);
        }
        debrief_summary(ui, card);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if let Some(live) = &debrief.live {
                if theme::big_button(ui, "Play this round again (R)").clicked() {
                    actions.write(Action::Retry);
                }
                let next = if live.last_round { "Back to the rounds (Enter)" } else { "Next round (Enter)" };
                if theme::big_button(ui, next).clicked() {
                    actions.write(Action::Continue);
                }
                return;
            }
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
            strategy_points(&mut columns[1], card);
        });
        ui.add_space(12.0);
        debrief_turns(ui, card, &debrief.response_times);
    });
    Ok(())
}

// Widgets: plain functions over `egui::Ui`, tested with egui_kittest.

pub fn debrief_summary(ui: &mut egui::Ui, card: &ScoreCard) {
    let colour = match card.score.grade.as_str() {
        "A" | "B" => theme::GOOD,
        "C" => theme::WARNING,
        _ => theme::BAD,
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&card.score.grade).size(64.0).strong().color(colour));
        ui.vertical(|ui| {
            theme::heading(ui, &format!("Debrief: {}", card.title));
            let (taken, turns) = card.best_taken();
            ui.label(
                egui::RichText::new(format!(
                    "{}% · {} points of a possible {} · best available reply taken on {taken} of {turns} turns",
                    card.score.percent, card.score.total, card.score.best
                ))
                .size(18.0),
            );
            if let Some(rating) = &card.score.rating {
                ui.label(rating.summary());
            }
            ui.label(egui::RichText::new(EXPLAINED).small().color(theme::MUTED));
            if let Some(ending) = &card.ending {
                let summary = ending.summary.as_deref().unwrap_or("");
                ui.label(format!("Outcome: {} ({:+}). {summary}", ending.outcome, ending.points));
            }
            ui.label(
                egui::RichText::new(format!(
                    "{} as {} · DISC fit {:+} · seed {}",
                    card.customer, card.disc, card.disc_fit, card.seed
                ))
                .color(theme::MUTED),
            );
        });
    });
}

pub fn strategy_points(ui: &mut egui::Ui, card: &ScoreCard) {
    let mut rows: Vec<(&String, &i64)> = card.strategies.iter().collect();
    rows.sort_by_key(|(id, points)| (-**points, (*id).clone()));
    egui::Grid::new("strategy-points").striped(true).num_columns(2).show(ui, |ui| {
        for (id, points) in rows {
            let colour = if *points >= 0 { theme::GOOD } else { theme::BAD };
            ui.label(id.replace('_', " "));
            ui.colored_label(colour, format!("{points:+}"));
            ui.end_row();
        }
    });
}

pub fn debrief_turns(ui: &mut egui::Ui, card: &ScoreCard, response_times: &[f32]) {
    for turn in &card.turns {
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            let time =
                response_times.get(turn.turn - 1).map(|t| format!(" · answered in {t:.0} s")).unwrap_or_default();
            ui.label(egui::RichText::new(format!("Turn {}{time}", turn.turn)).color(theme::MUTED));
            ui.label(egui::RichText::new(format!("{}: “{}”", card.customer, turn.customer)).italics());
            let colour = if turn.points > 0 {
                theme::GOOD
            } else if turn.points < 0 {
                theme::BAD
            } else {
                theme::MUTED
            };
            let quality = turn.quality.map_or_else(String::new, |q| format!(", quality {q:+}"));
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(colour, format!("You ({:+}{quality}):", turn.points));
                ui.label(&turn.choice.text);
            });
            let used: Vec<String> =
                turn.choice.strategies.iter().map(|s| format!("{} {:+}", s.name, s.points)).collect();
            ui.label(egui::RichText::new(used.join(" · ")).small().color(theme::MUTED));
            if let Some(feedback) = &turn.choice.feedback {
                ui.label(egui::RichText::new(format!("Trainer: {feedback}")).color(theme::WARNING));
            }
            if turn.took_best {
                ui.colored_label(theme::GOOD, "✔ The best reply available.");
            } else {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::ACCENT, format!("Best reply ({:+}):", turn.best.points));
                    ui.label(&turn.best.text);
                });
            }
            for teaching in &turn.teachings {
                let marker = if teaching.anti_pattern { "✖" } else { "✔" };
                ui.label(egui::RichText::new(format!("{marker} {}: {}", teaching.name, teaching.teaching)).small());
                if let Some(source) = teaching.sources.first() {
                    ui.label(egui::RichText::new(format!("   from {source}")).small().color(theme::MUTED));
                }
            }
            if let Some(threshold) = &turn.threshold {
                ui.colored_label(theme::BAD, threshold);
            }
        });
        ui.add_space(6.0);
    }
}
