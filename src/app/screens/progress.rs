//! Progress: the trainee's strategies (due for review, practising, mastered) with chances
//! taken of offered, first against latest and a chart of the estimates over time; days in a
//! row and the weekly goal; the practice plan, each pick one key away; and the mistakes to
//! go back to. Built on entering from the history, every attempt replayed.

use crate::app::attempts::Attempts;
use crate::app::input::{self, Action};
use crate::app::library::{Library, LibraryKnowledge};
use crate::app::selection::{ReviewStart, SeedSource, Selection};
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen, theme};
use crate::authoring::load::LoadedScenario;
use crate::records::progress::bkt::ONE;
use crate::records::progress::learner::{Mistake, SkillProgress, SkillState, Tally};
use crate::records::progress::{Clock, LearnerProgress, Options, Pick, learner_progress, offers, plan};
use crate::records::time::{local_offset_minutes, now_ms, timestamp};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// A mistake that can be gone back to: its place in the library and where to resume.
#[derive(Clone, Debug)]
pub struct Reviewable {
    /// The first anti-pattern committed at that turn.
    pub mistake: Mistake,
    /// Every anti-pattern committed at that turn, for people.
    pub names: Vec<String>,
    pub title: String,
    pub file_name: String,
    pub variant: usize,
    pub seed: u64,
    pub start: ReviewStart,
}

/// What the screen shows, built once when it opens.
#[derive(Resource, Clone, Debug)]
pub struct ProgressView {
    pub progress: LearnerProgress,
    pub plan: Vec<Pick>,
    /// Mistakes not yet reviewed whose scenario version is still in the library, newest first.
    pub mistakes: Vec<Reviewable>,
    /// Attempts left out because they no longer replay (their scenario changed since).
    pub left_out: usize,
}

/// How many mistakes the screen lists.
const MISTAKES_SHOWN: usize = 6;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Progress), open_progress);
    app.add_systems(OnExit(Screen::Progress), |mut commands: Commands| commands.remove_resource::<ProgressView>());
    app.add_systems(Update, on_progress);
    app.add_systems(
        EguiPrimaryContextPass,
        draw_progress.run_if(in_state(Screen::Progress).and_then(resource_exists::<ProgressView>)).in_set(DrawScreens),
    );
}

/// The progress of `trainee` over what the library holds now.
pub fn build_view(
    attempts: &Attempts,
    library: &Library,
    knowledge: &LibraryKnowledge,
    trainee: &str,
    weekly_goal: u32,
    clock: Clock,
) -> ProgressView {
    let loaded: Vec<LoadedScenario> = library.playable().filter_map(|e| e.loaded()).cloned().collect();
    let gathered = attempts.gather(trainee, &loaded, &knowledge.0);
    let options = Options { weekly_goal, ..Options::new(clock) };
    let progress = learner_progress(trainee, &gathered.evidence, &knowledge.0.catalogue, &options);
    let plan = plan(&progress, &offers(&loaded));
    let mut mistakes = Vec::new();
    for mistake in progress.to_review() {
        // Two anti-patterns in one reply are one turn to go back to.
        if let Some(same) = mistakes
            .iter_mut()
            .find(|r: &&mut Reviewable| r.mistake.attempt == mistake.attempt && r.mistake.turn == mistake.turn)
        {
            same.names.push(mistake.name.clone());
            continue;
        }
        if mistakes.len() == MISTAKES_SHOWN {
            break;
        }
        let Some(attempt) = attempts.get(&mistake.attempt) else { continue };
        let Some(scenario) = loaded.iter().find(|l| l.hash == attempt.scenario_hash) else { continue };
        let Some(variant) = scenario.variants.iter().position(|v| v.scenario.profile.to_string() == attempt.disc)
        else {
            continue;
        };
        let turn = mistake.turn as usize;
        // Going back to a review's own turn goes back to the mistake it reviewed.
        let of = match &attempt.review {
            Some(review) if review.turn == turn => review.of.clone(),
            _ => attempt.id.clone(),
        };
        mistakes.push(Reviewable {
            mistake: mistake.clone(),
            names: vec![mistake.name.clone()],
            title: scenario.file().title.clone(),
            file_name: scenario.file_name.rsplit('/').next().unwrap_or(&scenario.file_name).to_owned(),
            variant,
            seed: attempt.seed,
            start: ReviewStart {
                of,
                turn,
                before: attempt.choices[..turn.min(attempt.choices.len())].to_vec(),
                hash: attempt.scenario_hash.clone(),
            },
        });
    }
    ProgressView { progress, plan, mistakes, left_out: gathered.skipped.len() }
}

fn open_progress(
    mut commands: Commands,
    attempts: Res<Attempts>,
    library: Res<Library>,
    knowledge: Res<LibraryKnowledge>,
    prefs: Res<TraineeSettings>,
) {
    let now = now_ms();
    let clock = Clock { now_ms: now, utc_offset_minutes: local_offset_minutes(now) };
    let settings = &prefs.settings;
    commands.insert_resource(build_view(
        &attempts,
        &library,
        &knowledge,
        &settings.trainee,
        settings.weekly_goal,
        clock,
    ));
}

#[allow(clippy::too_many_arguments)]
fn on_progress(
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    view: Option<Res<ProgressView>>,
    library: Res<Library>,
    mut selection: ResMut<Selection>,
    mut seeds: ResMut<SeedSource>,
    mut next: ResMut<NextState<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Progress);
    let Some(view) = view else { return };
    for action in actions {
        match action {
            // One key from the plan to the briefing of what it picked.
            Action::Pick(n) => {
                let Some(pick) = view.plan.get(n - 1) else { continue };
                let Some(entry) = library.playable().find(|e| e.loaded().is_some_and(|l| l.id() == pick.scenario))
                else {
                    continue;
                };
                *selection = Selection {
                    file_name: entry.file_name.clone(),
                    variant: pick.variant,
                    seed: seeds.next_seed(),
                    review: None,
                };
                next.set(Screen::Briefing);
            }
            Action::ReviewMistake(which) => {
                let Some(chosen) = view.mistakes.get(which.unwrap_or(0)) else { continue };
                *selection = Selection {
                    file_name: chosen.file_name.clone(),
                    variant: chosen.variant,
                    seed: chosen.seed,
                    review: Some(chosen.start.clone()),
                };
                next.set(Screen::Conversation);
            }
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}

fn draw_progress(mut contexts: EguiContexts, view: Res<ProgressView>, mut actions: MessageWriter<Action>) -> Result {
    let ctx = contexts.ctx_mut()?;
    theme::screen(ctx, |ui| {
        let mut clicked = Vec::new();
        progress_page(ui, &view, &mut clicked);
        for action in clicked {
            actions.write(action);
        }
    });
    Ok(())
}

// Widgets: plain functions over `egui::Ui`, tested with egui_kittest.

/// The whole screen; clicks come back as actions.
pub fn progress_page(ui: &mut egui::Ui, view: &ProgressView, clicked: &mut Vec<Action>) {
    let progress = &view.progress;
    ui.horizontal(|ui| {
        theme::heading(ui, &format!("Your progress, {}", progress.trainee));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the scenarios (Esc)").clicked() {
                clicked.push(Action::Back);
            }
        });
    });
    header(ui, progress);
    if view.left_out > 0 {
        ui.colored_label(
            theme::WARNING,
            format!(
                "{} earlier conversation(s) were played on a version of a scenario that has changed since; they are left out.",
                view.left_out
            ),
        );
    }
    ui.add_space(10.0);
    ui.columns(2, |columns| {
        plan_cards(&mut columns[0], &view.plan, clicked);
        mistakes_list(&mut columns[1], &view.mistakes, clicked);
        columns[1].add_space(10.0);
        columns[1].label(egui::RichText::new("The strategies that need most work, over time").strong().size(18.0));
        estimate_chart(&mut columns[1], progress);
    });
    ui.add_space(12.0);
    strategy_table(ui, progress);
}

fn header(ui: &mut egui::Ui, progress: &LearnerProgress) {
    ui.horizontal_wrapped(|ui| {
        let streak = match progress.streak {
            0 => "No practice yesterday or today yet".to_owned(),
            1 => "1 day in a row".to_owned(),
            n => format!("{n} days in a row"),
        };
        ui.label(egui::RichText::new(format!("🔥 {streak}")).size(18.0));
        ui.separator();
        let week = progress.week;
        ui.label(egui::RichText::new(format!("This week: {} of {} conversations", week.done, week.goal)).size(18.0));
        let share = week.done as f32 / week.goal.max(1) as f32;
        ui.add(egui::ProgressBar::new(share.min(1.0)).desired_width(180.0).fill(if share >= 1.0 {
            theme::GOOD
        } else {
            theme::ACCENT
        }));
        ui.separator();
        ui.label(format!(
            "{} mastered · {} due for review · {} practising · {} conversations, {} mistakes reviewed",
            progress.count(SkillState::Mastered),
            progress.count(SkillState::DueForReview),
            progress.count(SkillState::Practising),
            progress.attempts,
            progress.reviews
        ));
    });
}

pub fn plan_cards(ui: &mut egui::Ui, plan: &[Pick], clicked: &mut Vec<Action>) {
    ui.label(egui::RichText::new("Practise next").strong().size(18.0));
    if plan.is_empty() {
        ui.label("Every strategy these scenarios offer is mastered. Well done.");
    }
    for (i, pick) in plan.iter().enumerate() {
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(format!("{}", i + 1)).size(22.0).strong().color(theme::ACCENT));
                ui.vertical(|ui| {
                    ui.label(egui::RichText::new(&pick.title).strong().size(17.0));
                    ui.label(egui::RichText::new(format!("{} · {}", pick.customer, pick.disc)).color(theme::MUTED));
                    ui.label(&pick.reason);
                    if ui.button(format!("Play this ({})", i + 1)).clicked() {
                        clicked.push(Action::Pick(i + 1));
                    }
                });
            });
        });
        ui.add_space(4.0);
    }
}

pub fn mistakes_list(ui: &mut egui::Ui, mistakes: &[Reviewable], clicked: &mut Vec<Action>) {
    ui.label(egui::RichText::new("Mistakes to go back to").strong().size(18.0));
    if mistakes.is_empty() {
        ui.label("None waiting: every anti-pattern you committed has been reviewed.");
        return;
    }
    ui.label(
        egui::RichText::new(
            "The conversation resumes at that turn, as it was; you choose again. Reviews are practice, not scores.",
        )
        .small()
        .color(theme::MUTED),
    );
    for (i, reviewable) in mistakes.iter().enumerate() {
        let m = &reviewable.mistake;
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(format!("✖ {}", reviewable.names.join(", "))).color(theme::BAD).strong());
            ui.label(format!("{} ({}), turn {} · {}", reviewable.title, m.disc, m.turn + 1, &timestamp(m.at_ms)[..10]));
            let label = if i == 0 { "Go back to this turn (M)".to_owned() } else { "Go back to this turn".to_owned() };
            if ui.button(label).clicked() {
                clicked.push(Action::ReviewMistake(Some(i)));
            }
        });
        ui.add_space(4.0);
    }
}

fn percent(ppm: u64) -> u64 {
    (ppm * 100 + ONE / 2) / ONE
}

fn state_colour(state: SkillState) -> egui::Color32 {
    match state {
        SkillState::Mastered => theme::GOOD,
        SkillState::DueForReview => theme::WARNING,
        SkillState::Practising => theme::ACCENT,
        SkillState::New => theme::MUTED,
    }
}

fn tally(t: Option<Tally>) -> String {
    t.map(|t| format!("{} of {}", t.taken, t.offered)).unwrap_or_default()
}

/// Due first, then practising (weakest first), then mastered; strategies never met in one line.
pub fn strategy_table(ui: &mut egui::Ui, progress: &LearnerProgress) {
    let mut met: Vec<&SkillProgress> = progress.skills.iter().filter(|s| s.state != SkillState::New).collect();
    met.sort_by_key(|s| {
        let order = match s.state {
            SkillState::DueForReview => 0,
            SkillState::Practising => 1,
            _ => 2,
        };
        (order, s.estimate)
    });
    egui::Grid::new("strategies").striped(true).num_columns(6).spacing([18.0, 6.0]).show(ui, |ui| {
        for title in ["Strategy", "State", "Taken", "First → latest", "Known", "Review on"] {
            ui.label(egui::RichText::new(title).strong());
        }
        ui.end_row();
        for skill in met {
            ui.label(&skill.name);
            ui.colored_label(state_colour(skill.state), skill.state.label());
            ui.label(tally(Some(skill.tally)));
            ui.label(format!("{} → {}", tally(skill.first), tally(skill.latest)));
            ui.add(
                egui::ProgressBar::new(skill.estimate as f32 / ONE as f32)
                    .desired_width(120.0)
                    .text(format!("{}%", percent(skill.estimate)))
                    .fill(state_colour(skill.state)),
            );
            ui.label(skill.review_on.map(|d| d.date()).unwrap_or_default());
            ui.end_row();
        }
    });
    let new: Vec<&str> =
        progress.skills.iter().filter(|s| s.state == SkillState::New).map(|s| s.name.as_str()).collect();
    if !new.is_empty() {
        ui.add_space(6.0);
        ui.label(
            egui::RichText::new(format!("Not met yet ({}): {}", new.len(), new.join(", "))).small().color(theme::MUTED),
        );
    }
}

const LINE_COLOURS: [egui::Color32; 5] = [
    egui::Color32::from_rgb(94, 160, 255),
    egui::Color32::from_rgb(235, 90, 80),
    egui::Color32::from_rgb(90, 200, 120),
    egui::Color32::from_rgb(240, 180, 60),
    egui::Color32::from_rgb(190, 130, 240),
];

/// The estimates of the strategies that need most work, day by day since the first practice.
pub fn estimate_chart(ui: &mut egui::Ui, progress: &LearnerProgress) {
    let Some(first) = progress.first_practice else {
        ui.weak("Play a conversation and your strategies will show here.");
        return;
    };
    let mut shown: Vec<&SkillProgress> = progress.skills.iter().filter(|s| !s.timeline.is_empty()).collect();
    shown.sort_by_key(|s| (!s.needs_work(), s.estimate));
    shown.truncate(LINE_COLOURS.len());
    Plot::new("estimates")
        .height(200.0)
        .include_y(0.0)
        .include_y(100.0)
        .include_x(0.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label(format!("days since {}", first.date()))
        .y_axis_label("known %")
        .legend(Legend::default())
        .show(ui, |plot| {
            plot.hline(
                egui_plot::HLine::new("mastered", 95.0).color(theme::MUTED).style(egui_plot::LineStyle::dashed_loose()),
            );
            for (skill, colour) in shown.iter().zip(LINE_COLOURS) {
                // From the prior, so a strategy practised on one day still draws a line.
                let prior = percent(crate::records::progress::bkt::DEFAULT.init) as f64;
                let mut points: Vec<[f64; 2]> = vec![[(skill.timeline[0].day.0 - first.0) as f64 - 0.5, prior]];
                points.extend(skill.timeline.iter().map(|p| [(p.day.0 - first.0) as f64, percent(p.estimate) as f64]));
                plot.line(Line::new(skill.name.clone(), PlotPoints::from(points)).color(colour).width(2.5));
            }
        });
}
