//! Debrief: total, percentage and grade, points per strategy, the mood over the
//! conversation as a chart, and every turn with the best reply that was available and the
//! teaching behind it. Try again with the same seed, or with another.

use super::competitions::{CompetitionRun, select_round};
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::selection::{ReviewStart, SeedSource, Selection};
use crate::app::{DrawScreens, Screen, theme};
use crate::engine::card::ScoreCard;
use crate::engine::mood::Mood;
use crate::engine::rating::EXPLAINED;
use crate::records::attempts::Attempt;
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

/// The conversation just played, as recorded, outside a competition: what M goes back to.
#[derive(Resource, Clone, Debug)]
pub struct LastPlayed {
    pub attempt: Attempt,
    pub file_name: String,
    pub variant: usize,
    /// The scenario version it was played on.
    pub hash: String,
}

impl LastPlayed {
    /// Where to resume to review the first mistake the trainee made in it (a review's own
    /// replayed turns are not theirs), if they made one.
    pub fn first_mistake(&self, card: &ScoreCard) -> Option<ReviewStart> {
        let from = self.attempt.review.as_ref().map_or(0, |r| r.turn);
        let turn = card
            .turns
            .iter()
            .skip(from)
            .find(|t| t.choice.strategies.iter().any(|s| s.anti_pattern))
            .map(|t| t.turn - 1)?;
        // Going back to the turn a review already went back to reviews the original mistake.
        let of = match &self.attempt.review {
            Some(review) if review.turn == turn => review.of.clone(),
            _ => self.attempt.id.clone(),
        };
        Some(ReviewStart { of, turn, before: self.attempt.choices[..turn].to_vec(), hash: self.hash.clone() })
    }
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
    played: Option<Res<LastPlayed>>,
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
                        // Another seed is a fresh conversation, not a review.
                        selection.seed = seeds.next_seed();
                        selection.review = None;
                        next.set(Screen::Conversation);
                    }
                    Action::ReviewMistake(_) => {
                        let start = played
                            .as_deref()
                            .zip(debrief.as_deref())
                            .and_then(|(p, d)| p.first_mistake(&d.card).map(|start| (p, start)));
                        if let Some((played, start)) = start {
                            *selection = Selection {
                                file_name: played.file_name.clone(),
                                variant: played.variant,
                                seed: played.attempt.seed,
                                review: Some(start),
                            };
                            next.set(Screen::Conversation);
                        }
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
        commands.remove_resource::<LastPlayed>();
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
    played: Option<Res<LastPlayed>>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let card = &debrief.card;
    let mistake = played.as_deref().and_then(|p| p.first_mistake(card));
    theme::screen(ctx, |ui| {
        if let Some(live) = &debrief.live {
            ui.colored_label(theme::ACCENT, &live.banner);
        }
        if let Some(review) = played.as_deref().and_then(|p| p.attempt.review.as_ref()) {
            review_banner(ui, card, review.turn);
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
                    if let Some(mistake) = &mistake
                        && theme::big_button(ui, &format!("Review the mistake at turn {} (M)", mistake.turn + 1))
                            .clicked()
                    {
                        actions.write(Action::ReviewMistake(None));
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

/// Above a review's debrief: what it is, and whether the turn went better this time.
pub fn review_banner(ui: &mut egui::Ui, card: &ScoreCard, turn: usize) {
    theme::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.colored_label(
            theme::ACCENT,
            format!(
                "Mistake review: you went back to turn {}. This is practice, not a fresh score: your best and last scores are unchanged.",
                turn + 1
            ),
        );
        let Some(again) = card.turns.get(turn) else { return };
        let committed: Vec<&str> =
            again.choice.strategies.iter().filter(|s| s.anti_pattern).map(|s| s.name.as_str()).collect();
        if committed.is_empty() {
            ui.colored_label(
                theme::GOOD,
                format!(
                    "✔ This time turn {} commits no anti-pattern (quality {:+}).",
                    turn + 1,
                    again.quality.unwrap_or(0)
                ),
            );
        } else {
            ui.colored_label(theme::BAD, format!("✖ Turn {} again: {}.", turn + 1, committed.join(", ")));
        }
    });
    ui.add_space(8.0);
}

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
