//! Competitions in the game: enter one as a member of a team, play its scenarios in order
//! with its seeds and reply limit, and see the leaderboard. Attempts are recorded with the
//! competition and team, and the leaderboard counts only those that keep its rules.

use crate::app::attempts::Attempts;
use crate::app::input::{self, Action};
use crate::app::library::{Library, ScenarioDir};
use crate::app::selection::Selection;
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen, theme};
use crate::authoring::load::LoadedScenario;
use crate::records::competition::{Competition, Leaderboard, Standing, leaderboard_of, load_competition_dir};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::Path;

/// The competitions in `scenarios/competitions/`, and the files that failed to load.
#[derive(Resource, Default, Debug)]
pub struct Competitions {
    pub list: Vec<Competition>,
    pub problems: Vec<String>,
    /// The library generation these were proven against.
    generation: Option<u64>,
}

impl Competitions {
    /// Loads and proves every competition file in `dir` against the playable scenarios.
    pub fn load(dir: &Path, scenarios: &[LoadedScenario]) -> Competitions {
        let mut out = Competitions::default();
        for result in load_competition_dir(dir, scenarios) {
            match result {
                Ok(competition) => out.list.push(competition),
                Err(failure) => out.problems.push(failure.render()),
            }
        }
        out
    }

    /// The team `trainee` plays for in `competition`, if any.
    pub fn team_of<'a>(competition: &'a Competition, trainee: &str) -> Option<&'a str> {
        competition.team_of(trainee).map(|t| t.name.as_str())
    }
}

/// A competition being played: which one, for which team, and which round is next.
#[derive(Resource, Debug, Clone)]
pub struct CompetitionRun {
    pub competition: Competition,
    pub team: String,
    pub round: usize,
}

/// The leaderboard last shown.
#[derive(Resource, Debug, Clone)]
pub struct ShownLeaderboard(pub Leaderboard);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Competitions>();
    app.add_systems(Update, (refresh_competitions, enter_competition, leave_leaderboard));
    app.add_systems(OnEnter(Screen::Leaderboard), compute_leaderboard);
    app.add_systems(OnExit(Screen::Leaderboard), |mut commands: Commands| {
        commands.remove_resource::<ShownLeaderboard>();
    });
    // Back at the picker, whatever the way, the trainee is no longer playing a competition.
    app.add_systems(OnEnter(Screen::Picker), |mut commands: Commands| commands.remove_resource::<CompetitionRun>());
    app.add_systems(
        EguiPrimaryContextPass,
        draw_leaderboard
            .run_if(in_state(Screen::Leaderboard).and_then(resource_exists::<ShownLeaderboard>))
            .in_set(DrawScreens),
    );
}

/// Re-proves the competitions whenever the scenario library changes.
fn refresh_competitions(library: Res<Library>, dir: Option<Res<ScenarioDir>>, mut competitions: ResMut<Competitions>) {
    if competitions.generation == Some(library.generation) {
        return;
    }
    let dir = dir.map_or_else(crate::authoring::load::default_scenarios_dir, |d| d.0.clone());
    let scenarios: Vec<LoadedScenario> = library.playable().filter_map(|e| e.loaded().cloned()).collect();
    *competitions = Competitions::load(&dir.join("competitions"), &scenarios);
    competitions.generation = Some(library.generation);
}

/// Points the selection at the run's current round.
pub fn select_round(run: &CompetitionRun, library: &Library, selection: &mut Selection) -> bool {
    let Some(round) = run.competition.rounds.get(run.round) else { return false };
    let Some(entry) = library.entries.iter().find(|e| e.loaded().is_some_and(|l| l.id() == round.scenario)) else {
        return false;
    };
    let loaded = entry.loaded().expect("found among loaded entries");
    let variant = round.disc.and_then(|p| loaded.variants.iter().position(|v| v.scenario.profile == p)).unwrap_or(0);
    *selection = Selection { file_name: entry.file_name.clone(), variant, seed: round.seed, review: None };
    true
}

#[allow(clippy::too_many_arguments)]
fn enter_competition(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    competitions: Res<Competitions>,
    prefs: Res<TraineeSettings>,
    library: Res<Library>,
    mut selection: ResMut<Selection>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in input::take(&mut actions, &state, Screen::Picker) {
        let Action::EnterCompetition(index) = action else { continue };
        let trainee = prefs.settings.trainee.as_str();
        let chosen = match index {
            Some(index) => competitions.list.get(index),
            None => competitions.list.iter().find(|c| Competitions::team_of(c, trainee).is_some()),
        };
        let Some(competition) = chosen else { continue };
        let Some(team) = Competitions::team_of(competition, trainee) else { continue };
        let run = CompetitionRun { competition: competition.clone(), team: team.to_owned(), round: 0 };
        if select_round(&run, &library, &mut selection) {
            commands.insert_resource(run);
            next.set(Screen::Briefing);
        }
    }
}

fn compute_leaderboard(mut commands: Commands, run: Option<Res<CompetitionRun>>, attempts: Res<Attempts>) {
    if let Some(run) = run {
        let rows = attempts.competition_rows(&run.competition);
        commands.insert_resource(ShownLeaderboard(leaderboard_of(&run.competition, &rows)));
    }
}

fn leave_leaderboard(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in input::take(&mut actions, &state, Screen::Leaderboard) {
        if matches!(action, Action::Back | Action::Continue) {
            commands.remove_resource::<CompetitionRun>();
            next.set(Screen::Picker);
        }
    }
}

/// The competitions on the picker: what each is, and a way in for its team members.
pub fn competition_list(ui: &mut egui::Ui, competitions: &Competitions, trainee: &str, actions: &mut Vec<Action>) {
    if competitions.list.is_empty() && competitions.problems.is_empty() {
        return;
    }
    ui.add_space(18.0);
    ui.label(egui::RichText::new("Competitions").size(20.0).strong());
    for (i, competition) in competitions.list.iter().enumerate() {
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(&competition.name).size(18.0).strong());
            let rounds: Vec<&str> = competition.rounds.iter().map(|r| r.scenario.as_str()).collect();
            let mut rules = format!("{} rounds: {}", rounds.len(), rounds.join(", "));
            if let Some(seconds) = competition.reply_seconds {
                rules.push_str(&format!(" · {seconds} s per reply"));
            }
            if let Some(window) = competition.window_text() {
                rules.push_str(&format!(" · {window}"));
            }
            ui.label(egui::RichText::new(rules).color(theme::MUTED));
            match Competitions::team_of(competition, trainee) {
                Some(team) => {
                    if ui.button(format!("Enter for team {team} (C)")).clicked() {
                        actions.push(Action::EnterCompetition(Some(i)));
                    }
                }
                None => {
                    ui.weak(format!(
                        "{trainee} is not on a team of this competition; its organiser adds members to its file."
                    ));
                }
            }
        });
    }
    for problem in &competitions.problems {
        ui.colored_label(theme::WARNING, "A competition file has errors:");
        ui.label(egui::RichText::new(problem).monospace());
    }
}

/// One ranking as a table.
pub fn standings(ui: &mut egui::Ui, id: &str, rows: &[Standing], highlight: &str) {
    if rows.is_empty() {
        ui.weak("No attempts yet.");
        return;
    }
    egui::Grid::new(id).striped(true).num_columns(4).spacing([18.0, 4.0]).show(ui, |ui| {
        for row in rows {
            let text = |t: String| {
                let rich = egui::RichText::new(t);
                if row.name == highlight { rich.strong().color(theme::ACCENT) } else { rich }
            };
            ui.label(text(format!("{}.", row.rank)));
            ui.label(text(match &row.team {
                Some(team) => format!("{} ({team})", row.name),
                None => row.name.clone(),
            }));
            ui.label(text(format!("{}%", row.percent)));
            ui.label(text(format!("{:.1} s", row.response_ms as f64 / 1000.0)));
            ui.end_row();
        }
    });
}

fn draw_leaderboard(
    mut contexts: EguiContexts,
    board: Res<ShownLeaderboard>,
    run: Option<Res<CompetitionRun>>,
    prefs: Res<TraineeSettings>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let board = &board.0;
    let me = prefs.settings.trainee.as_str();
    theme::screen(ctx, |ui| {
        theme::heading(ui, &format!("Leaderboard: {}", board.competition));
        ui.weak("A team's score is the mean of its members' best attempts; ties go to the faster total response time.");
        ui.add_space(10.0);
        ui.columns(2, |columns| {
            columns[0].label(egui::RichText::new("Teams").strong());
            let team = run.as_ref().map_or("", |r| r.team.as_str());
            standings(&mut columns[0], "teams", &board.teams, team);
            columns[1].label(egui::RichText::new("Trainees").strong());
            standings(&mut columns[1], "trainees", &board.trainees, me);
        });
        for (scenario, rows) in &board.rounds {
            ui.add_space(8.0);
            ui.label(egui::RichText::new(scenario).strong());
            standings(ui, scenario, rows, me);
        }
        ui.add_space(14.0);
        if theme::big_button(ui, "Back to the scenarios (Esc)").clicked() {
            actions.write(Action::Back);
        }
    });
    Ok(())
}
