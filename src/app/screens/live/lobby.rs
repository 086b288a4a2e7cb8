//! The live lobby: the form to join a competition's server (address, name, team code), then
//! its rounds with the chosen one's briefing, to start or rejoin.

use super::{ANSWER_TIMEOUT, CONNECT_TIMEOUT, LiveRun, Pending};
use crate::app::input::{self, Action, TextFocus};
use crate::app::screens::competitions::CompetitionRun;
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen, theme, widgets};
use crate::records::live::{Client, LiveError, RoundBrief};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// What the trainee typed to join, and how joining went. It stays while the game runs, so
/// coming back finds the address and code still there.
#[derive(Resource, Default)]
pub struct JoinForm {
    pub address: String,
    pub trainee: String,
    pub code: String,
    /// Why the last try did not join.
    pub problem: Option<String>,
    pub joining: Option<Pending<Result<LiveRun, LiveError>>>,
}

impl JoinForm {
    /// What is missing besides the address (which making the client checks).
    pub fn check(&self) -> Result<(), String> {
        if self.trainee.trim().is_empty() {
            return Err("type your name as the organiser put it on your team".into());
        }
        if self.code.trim().is_empty() {
            return Err("type your team's join code".into());
        }
        Ok(())
    }

    /// Sends the join request, unless one is on its way or the form is incomplete.
    pub fn join(&mut self) {
        if self.joining.is_some() {
            return;
        }
        // Making the client checks the address and does no I/O.
        let client = Client::new(&self.address, CONNECT_TIMEOUT, ANSWER_TIMEOUT);
        let client = match client.and_then(|client| self.check().map(|()| client)) {
            Ok(client) => client,
            Err(problem) => {
                self.problem = Some(problem);
                return;
            }
        };
        self.problem = None;
        let (trainee, code) = (self.trainee.trim().to_owned(), self.code.trim().to_uppercase());
        self.joining = Some(Pending::spawn(move || {
            let joined = client.join(&trainee, &code)?;
            Ok(LiveRun {
                client,
                code,
                joined,
                selected: 0,
                results: Default::default(),
                unfinished: Default::default(),
            })
        }));
    }
}

/// What a failed join tells the trainee.
fn join_problem(err: &LiveError) -> String {
    match err {
        LiveError::Unreachable(why) => format!(
            "No server answered at that address ({why}). Check the address with the organiser and that the server \
             is running, then try again."
        ),
        LiveError::Refused { message, .. } => format!("The server refused: {message}."),
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<JoinForm>();
    app.add_systems(OnEnter(Screen::LiveLobby), open_lobby);
    app.add_systems(OnExit(Screen::LiveLobby), release_focus);
    app.add_systems(Update, (follow_join, lobby_actions).chain());
    app.add_systems(EguiPrimaryContextPass, draw_lobby.run_if(in_state(Screen::LiveLobby)).in_set(DrawScreens));
}

fn open_lobby(mut commands: Commands, mut form: ResMut<JoinForm>, settings: Res<TraineeSettings>) {
    // A live competition and a local one are never played at once.
    commands.remove_resource::<CompetitionRun>();
    if form.trainee.trim().is_empty() {
        form.trainee = settings.settings.trainee.clone();
    }
    if form.address.trim().is_empty() {
        form.address = settings.settings.live_server.clone();
    }
}

fn release_focus(mut focus: ResMut<TextFocus>) {
    focus.0 = false;
}

fn follow_join(mut commands: Commands, mut form: ResMut<JoinForm>, mut settings: ResMut<TraineeSettings>) {
    let Some(answer) = form.joining.as_ref().and_then(Pending::poll) else { return };
    form.joining = None;
    match answer {
        Ok(Ok(run)) => {
            // The address that worked is offered again next time the game starts.
            if settings.settings.live_server != form.address.trim() {
                settings.settings.live_server = form.address.trim().to_owned();
                settings.save_settings();
            }
            commands.insert_resource(run);
        }
        Ok(Err(err)) => form.problem = Some(join_problem(&err)),
        Err(lost) => form.problem = Some(format!("Joining failed: {lost}. Try again.")),
    }
}

fn lobby_actions(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    mut form: ResMut<JoinForm>,
    run: Option<ResMut<LiveRun>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::LiveLobby);
    match run {
        None => {
            for action in actions {
                match action {
                    Action::Continue | Action::Retry => form.join(),
                    Action::Back => next.set(Screen::Picker),
                    _ => {}
                }
            }
        }
        Some(mut run) => {
            for action in actions {
                match action {
                    Action::Pick(n) if n <= run.joined.rounds.len() => run.selected = n - 1,
                    Action::Move(_, dy) => {
                        let last = run.joined.rounds.len().saturating_sub(1) as i32;
                        run.selected = (run.selected as i32 + dy).clamp(0, last) as usize;
                    }
                    Action::Continue => next.set(Screen::LiveConversation),
                    // Leaving the competition goes back to the form, address and code kept.
                    Action::Back => {
                        commands.remove_resource::<LiveRun>();
                    }
                    _ => {}
                }
            }
        }
    }
}

fn draw_lobby(
    mut contexts: EguiContexts,
    mut form: ResMut<JoinForm>,
    run: Option<Res<LiveRun>>,
    mut focus: ResMut<TextFocus>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    theme::screen(ctx, |ui| match &run {
        None => {
            focus.0 = join_form(ui, &mut form, &mut actions);
        }
        Some(run) => {
            focus.0 = false;
            rounds(ui, run, &mut actions);
        }
    });
    Ok(())
}

/// The form; returns whether one of its fields has the keyboard.
fn join_form(ui: &mut egui::Ui, form: &mut JoinForm, actions: &mut MessageWriter<Action>) -> bool {
    theme::heading(ui, "Join a live competition");
    ui.label(
        egui::RichText::new(
            "The organiser runs the competition on a server and gives each team a join code. The server keeps \
             every conversation and its score; this game only shows your turn.",
        )
        .size(17.0),
    );
    ui.add_space(12.0);
    let mut focused = false;
    let busy = form.joining.is_some();
    egui::Grid::new("join-form").num_columns(2).spacing([12.0, 10.0]).show(ui, |ui| {
        for (label, hint, value) in [
            ("Server address", "192.168.1.20:8080", &mut form.address),
            ("Your name", "as on your team", &mut form.trainee),
            ("Team code", "8 letters and digits", &mut form.code),
        ] {
            ui.label(egui::RichText::new(label).size(17.0));
            let field = ui.add_enabled(
                !busy,
                egui::TextEdit::singleline(value).hint_text(hint).desired_width(360.0).font(egui::TextStyle::Heading),
            );
            focused |= field.has_focus();
            ui.end_row();
        }
    });
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if busy {
            ui.spinner();
            ui.label(egui::RichText::new("Joining…").size(17.0).color(theme::MUTED));
        } else if theme::big_button(ui, "Join (Enter)").clicked() {
            actions.write(Action::Continue);
        }
        if theme::big_button(ui, "Back (Esc)").clicked() {
            actions.write(Action::Back);
        }
    });
    if let Some(problem) = &form.problem {
        ui.add_space(8.0);
        ui.colored_label(theme::BAD, egui::RichText::new(problem).size(17.0));
    }
    focused
}

fn rounds(ui: &mut egui::Ui, run: &LiveRun, actions: &mut MessageWriter<Action>) {
    let joined = &run.joined;
    ui.colored_label(
        theme::ACCENT,
        format!("{} · team {} · playing as {}", joined.competition, joined.team, joined.trainee),
    );
    theme::heading(ui, "Rounds");
    ui.label(
        egui::RichText::new(format!("Standings for the whole room: {}/ (open it in a browser).", run.client.base()))
            .color(theme::MUTED),
    );
    // The rules the server enforces, as it states them.
    for rule in &joined.rules {
        ui.label(egui::RichText::new(format!("• {rule}")).small().color(theme::MUTED));
    }
    ui.add_space(8.0);
    ui.columns(2, |columns| {
        for (i, brief) in joined.rounds.iter().enumerate() {
            let status = match (run.results.get(&i), run.unfinished.contains_key(&i)) {
                (_, true) => " · waiting for your reply".to_owned(),
                (Some(percent), false) => format!(" · played: {percent}%"),
                (None, false) => String::new(),
            };
            let text = format!("{}.  {} ({}, {}){status}", brief.round, brief.title, brief.customer, brief.channel);
            let selected = i == run.selected;
            let button = egui::Button::selectable(selected, egui::RichText::new(text).size(17.0))
                .min_size(egui::vec2(columns[0].available_width(), 40.0));
            if columns[0].add(button).clicked() {
                actions.write(Action::Pick(i + 1));
            }
        }
        columns[0].add_space(10.0);
        columns[0].label(
            egui::RichText::new("1–9 or the arrow keys choose a round; Enter plays it.").small().color(theme::MUTED),
        );
        if let Some(brief) = joined.rounds.get(run.selected) {
            briefing(&mut columns[1], brief, joined.reply_seconds);
            columns[1].add_space(10.0);
            let start = if run.unfinished.contains_key(&run.selected) {
                format!("Rejoin round {} (Enter)", brief.round)
            } else {
                format!("Play round {} (Enter)", brief.round)
            };
            columns[1].horizontal(|ui| {
                if theme::big_button(ui, &start).clicked() {
                    actions.write(Action::Continue);
                }
                if theme::big_button(ui, "Leave the competition (Esc)").clicked() {
                    actions.write(Action::Back);
                }
            });
        }
    });
}

/// A round's briefing, as the game's own briefing shows a scenario.
pub fn briefing(ui: &mut egui::Ui, brief: &RoundBrief, reply_seconds: Option<u32>) {
    ui.label(egui::RichText::new(&brief.title).size(22.0).strong());
    let limit = reply_seconds.map(|s| format!(" · {s} s per reply")).unwrap_or_default();
    ui.label(
        egui::RichText::new(format!(
            "{} · {} · {} · up to {} turns{limit}",
            brief.channel, brief.difficulty, brief.personality, brief.turn_limit
        ))
        .color(theme::MUTED),
    );
    ui.add_space(6.0);
    ui.label(egui::RichText::new(&brief.summary).size(17.0));
    ui.add_space(8.0);
    widgets::dossier(ui, &brief.customer, &brief.dossier);
}
