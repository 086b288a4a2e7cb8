//! Conversation: the customer's portrait and mood, their line typed out, and the trainee's
//! replies as large buttons on number keys. The core session decides everything; this
//! screen only shows it and forwards the trainee's picks.

use super::competitions::CompetitionRun;
use super::debrief::Debrief;
use crate::app::attempts::ConversationEnded;
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::portrait::{REACTION_SECONDS, Reaction};
use crate::app::selection::Selection;
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen};
use crate::authoring::load::{LoadedScenario, Variant};
use crate::engine::card::score_card;
use crate::engine::mood::Mood;
use crate::engine::session::{Event, Session};
use crate::records::attempts::Attempt;
use crate::records::time::now_ms;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

pub mod widgets;

/// One line of what has been said so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    Customer(String),
    Trainee {
        text: String,
        /// What the reply scored, when the game may say (a live competition keeps it sealed
        /// until the debrief).
        points: Option<i32>,
    },
    /// Something the trainee should notice that nobody said: a threshold crossed.
    Notice(String),
}

/// The conversation in progress.
#[derive(Resource, Clone, Debug)]
pub struct Conversation {
    /// The scenario as it was when the conversation began: a file saved mid-conversation
    /// reloads the library, never the conversation in progress or the attempt it records.
    pub scenario: LoadedScenario,
    pub variant: Variant,
    pub session: Session,
    pub said: Vec<Said>,
    /// Characters of the customer's current line shown so far.
    pub revealed: f32,
    /// The mood at the start and after every reply.
    pub moods: Vec<Mood>,
    pub reaction: Option<Reaction>,
    /// The mood the face shows, easing toward the real one.
    pub shown_mood: (f32, f32),
    pub dossier_open: bool,
    /// Seconds since the conversation started, and since the current line finished typing.
    pub elapsed: f32,
    pub waiting: f32,
    /// Seconds the trainee took for each reply, from the end of the customer's line.
    pub response_times: Vec<f32>,
    /// When the conversation started, in Unix milliseconds.
    pub started_at_ms: i64,
    /// Whether the ending has been announced (and so the attempt recorded).
    pub announced: bool,
}

impl Conversation {
    pub fn start(scenario: &LoadedScenario, variant: usize, seed: u64) -> Conversation {
        let variant = scenario.variants[variant.min(scenario.variants.len() - 1)].clone();
        let (session, opening) = Session::start(variant.scenario.clone(), seed);
        let mood = session.mood();
        let mut conversation = Conversation {
            scenario: scenario.clone(),
            variant,
            session,
            said: Vec::new(),
            revealed: 0.0,
            moods: vec![mood],
            reaction: None,
            shown_mood: (mood.temper as f32, mood.trust as f32),
            dossier_open: false,
            elapsed: 0.0,
            waiting: 0.0,
            response_times: Vec::new(),
            started_at_ms: now_ms(),
            announced: false,
        };
        for event in opening {
            conversation.show(event);
        }
        conversation
    }

    /// The customer's latest line, which is the one being typed out.
    pub fn current_line(&self) -> &str {
        match self.said.last() {
            Some(Said::Customer(line)) => line,
            _ => "",
        }
    }

    pub fn line_finished(&self) -> bool {
        self.revealed as usize >= self.current_line().chars().count()
    }

    pub fn finish_line(&mut self) {
        self.revealed = self.current_line().chars().count() as f32;
    }

    /// Takes reply `shown` as numbered on screen (1-based, in the shuffled order); returns
    /// false if there is no such reply. What the screen shows comes from the session's
    /// events, never from the scenario again.
    pub fn reply(&mut self, shown: usize) -> bool {
        let Ok(events) = self.session.choose_shown(shown) else { return false };
        self.response_times.push(self.waiting);
        self.waiting = 0.0;
        for event in events {
            self.show(event);
        }
        true
    }

    fn show(&mut self, event: Event) {
        match event {
            Event::Replied { text, points, mood_after, .. } => {
                self.said.push(Said::Trainee { text, points: Some(points) });
                self.moods.push(mood_after);
                self.reaction = Some(Reaction { points, age: 0.0 });
            }
            Event::ThresholdCrossed { .. } => {
                let name = &self.variant.scenario.file.customer.name;
                self.said.push(Said::Notice(format!("{name}'s mood has changed where this conversation goes.")));
            }
            Event::CustomerSays { text, .. } | Event::Ended { text: Some(text), .. } => {
                self.said.push(Said::Customer(text));
                self.revealed = 0.0;
            }
            Event::Ended { text: None, .. } => {}
        }
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Conversation), start_conversation);
    app.add_systems(OnExit(Screen::Conversation), leave_conversation);
    app.add_systems(Update, (advance_time.run_if(in_state(Screen::Conversation)), respond, announce_end).chain());
    app.add_systems(
        EguiPrimaryContextPass,
        draw_conversation
            .run_if(in_state(Screen::Conversation).and_then(resource_exists::<Conversation>))
            .in_set(DrawScreens),
    );
}

fn start_conversation(
    mut commands: Commands,
    library: Res<Library>,
    selection: Res<Selection>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(loaded) = library.get(&selection.file_name).and_then(|e| e.loaded()) else {
        next.set(Screen::Picker);
        return;
    };
    commands.insert_resource(Conversation::start(loaded, selection.variant, selection.seed));
}

fn advance_time(time: Res<Time>, prefs: Res<TraineeSettings>, conversation: Option<ResMut<Conversation>>) {
    let Some(mut conversation) = conversation else { return };
    let dt = time.delta_secs();
    conversation.elapsed += dt;
    let speed = prefs.settings.text_speed;
    if speed == 0 {
        conversation.finish_line();
    } else if !conversation.line_finished() {
        conversation.revealed += speed as f32 * dt;
    } else if !conversation.session.is_over() {
        conversation.waiting += dt;
    }
    if let Some(reaction) = &mut conversation.reaction {
        reaction.age += dt;
        if reaction.age > REACTION_SECONDS {
            conversation.reaction = None;
        }
    }
    // Ease the face toward the real mood so changes read as expressions, not jumps.
    let target = conversation.session.mood();
    let ease = (dt * 4.0).min(1.0);
    let (temper, trust) = conversation.shown_mood;
    conversation.shown_mood =
        (temper + (target.temper as f32 - temper) * ease, trust + (target.trust as f32 - trust) * ease);
}

/// The conversation is over or abandoned: a finished one hands its debrief on, and nothing
/// of it stays behind.
fn leave_conversation(mut commands: Commands, conversation: Option<Res<Conversation>>) {
    if let Some(conversation) = conversation
        && conversation.session.is_over()
    {
        commands.insert_resource(Debrief {
            card: score_card(&conversation.session, &conversation.variant.analysis),
            moods: conversation.moods.clone(),
            response_times: conversation.response_times.clone(),
        });
    }
    commands.remove_resource::<Conversation>();
}

/// Once the session reaches its ending, however the last reply was picked (key, click or
/// script), the attempt is announced once for the history to record.
fn announce_end(
    conversation: Option<ResMut<Conversation>>,
    settings: Res<TraineeSettings>,
    run: Option<Res<CompetitionRun>>,
    mut ended: MessageWriter<ConversationEnded>,
) {
    let Some(mut conversation) = conversation else { return };
    if conversation.announced || !conversation.session.is_over() {
        return;
    }
    conversation.announced = true;
    let card = score_card(&conversation.session, &conversation.variant.analysis);
    let response_ms = conversation.response_times.iter().map(|s| (s * 1000.0).round() as u64).collect();
    let mut attempt = Attempt::record(
        &conversation.scenario,
        &conversation.session,
        &card,
        &settings.settings.trainee,
        run.as_ref().map(|r| r.team.as_str()),
        response_ms,
        conversation.started_at_ms,
        now_ms(),
    );
    if let Some(run) = &run {
        attempt.competition = Some(run.competition.name.clone());
        attempt.id = attempt.content_id();
    }
    ended.write(ConversationEnded(attempt));
}

fn respond(
    mut actions: MessageReader<Action>,
    conversation: Option<ResMut<Conversation>>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Conversation);
    let Some(mut conversation) = conversation else { return };
    for action in actions {
        match action {
            // A number while the line is still typing only finishes the line, so a reply
            // is never picked before the trainee could read what it answers.
            Action::Pick(n) if conversation.line_finished() && !conversation.session.is_over() => {
                conversation.reply(n);
            }
            Action::Pick(_) | Action::Skip => conversation.finish_line(),
            Action::ToggleDossier => conversation.dossier_open = !conversation.dossier_open,
            Action::Continue if conversation.session.is_over() => {
                if conversation.line_finished() {
                    next.set(Screen::Debrief);
                } else {
                    conversation.finish_line();
                }
            }
            Action::Continue => conversation.finish_line(),
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}

fn draw_conversation(
    mut contexts: EguiContexts,
    conversation: Res<Conversation>,
    prefs: Res<TraineeSettings>,
    run: Option<Res<super::competitions::CompetitionRun>>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let session = &conversation.session;
    let scenario = session.scenario();
    let file = &scenario.file;
    // A competition's reply limit applies to everyone, whatever their own settings say.
    let limit = run.as_ref().and_then(|r| r.competition.reply_seconds).unwrap_or(prefs.settings.response_seconds);
    let typed: String = conversation.current_line().chars().take(conversation.revealed as usize).collect();
    let personality = scenario.profile.to_string();
    let stage = widgets::Stage {
        channel: file.channel,
        customer: &file.customer.name,
        personality: &personality,
        dossier: &file.customer.dossier,
        turn: session.turns().len() + 1,
        turn_limit: file.turn_limit,
        elapsed: conversation.elapsed,
        waiting: conversation.waiting,
        reply_limit: limit,
        shown_mood: conversation.shown_mood,
        mood: session.mood(),
        reaction: conversation.reaction,
        reaction_points: true,
        said: &conversation.said,
        typed: &typed,
        line_finished: conversation.line_finished(),
        over: session.is_over().then(|| session.ending().map(|e| e.outcome.label()).unwrap_or_default()),
        offer: if session.is_over() { Vec::new() } else { session.offer() },
        dossier_open: conversation.dossier_open,
        link: widgets::Link::Ready,
    };
    actions.write_batch(widgets::stage(ctx, &stage));
    Ok(())
}
