//! Conversation: the customer's portrait and mood, their line typed out, and the trainee's
//! replies as large buttons on number keys. The core session decides everything; this
//! screen only shows it and forwards the trainee's picks.

use super::competitions::CompetitionRun;
use super::debrief::{Debrief, LastPlayed};
use crate::app::attempts::ConversationEnded;
use crate::app::input::{self, Action};
use crate::app::library::Library;
use crate::app::selection::{ReviewStart, Selection};
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen};
use crate::authoring::load::{LoadedScenario, Variant};
use crate::engine::card::score_card;
use crate::engine::look::Appearance;
use crate::engine::session::{Event, Session};
use crate::records::attempts::{Attempt, Review};
use crate::records::time::now_ms;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

pub mod scene;
pub mod scenes;
pub mod widgets;

pub use scene::Scene;

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
    /// What the screen shows of it.
    pub scene: Scene,
    /// How the customer looks, worked out once.
    pub look: Appearance,
    /// When the conversation started, in Unix milliseconds.
    pub started_at_ms: i64,
    /// Whether the ending has been announced (and so the attempt recorded).
    pub announced: bool,
    /// Set when this conversation went back to a mistake of an earlier one.
    pub review: Option<Review>,
}

impl Conversation {
    pub fn start(scenario: &LoadedScenario, variant: usize, seed: u64) -> Conversation {
        let variant = scenario.variants[variant.min(scenario.variants.len() - 1)].clone();
        let (session, opening) = Session::start(variant.scenario.clone(), seed);
        let mut conversation = Conversation {
            scenario: scenario.clone(),
            scene: Scene::opening(session.mood()),
            look: scenario.file().appearance(),
            variant,
            session,
            started_at_ms: now_ms(),
            announced: false,
            review: None,
        };
        for event in opening {
            conversation.show(event);
        }
        conversation
    }

    /// Resumes an earlier conversation at a mistake: its replies before the turn are
    /// replayed (the engine is deterministic, so the mood and flags are what they were) and
    /// shown as already said; the trainee chooses the turn again.
    pub fn resume(scenario: &LoadedScenario, variant: usize, seed: u64, review: &ReviewStart) -> Option<Conversation> {
        let mut conversation = Conversation::start(scenario, variant, seed);
        for &position in &review.before {
            let events = conversation.session.choose(position).ok()?;
            for event in events {
                conversation.show(event);
            }
        }
        if conversation.session.is_over() {
            return None;
        }
        conversation.scene.reaction = None;
        // Said just before the customer's line, which stays the one being answered.
        let at = conversation.scene.said.len().saturating_sub(1);
        conversation.scene.said.insert(
            at,
            Said::Notice(format!(
                "Back at turn {}: the conversation so far is as it was. Choose again.",
                review.turn + 1
            )),
        );
        conversation.review = Some(Review { of: review.of.clone(), turn: review.turn });
        Some(conversation)
    }

    /// Takes reply `shown` as numbered on screen (1-based, in the shuffled order); returns
    /// false if there is no such reply. What the screen shows comes from the session's
    /// events, never from the scenario again.
    pub fn reply(&mut self, shown: usize) -> bool {
        let Ok(events) = self.session.choose_shown(shown) else { return false };
        for event in events {
            self.show(event);
        }
        true
    }

    fn show(&mut self, event: Event) {
        match event {
            Event::Replied { text, points, mood_after, choice, .. } => {
                let scenario = self.session.scenario();
                // The turn just taken says where the reply was offered.
                let anti_pattern = self
                    .session
                    .turns()
                    .last()
                    .is_some_and(|turn| scenario.choice(turn.before.node, choice).commits_anti_pattern);
                self.scene.trainee_replies(text, Some(points));
                self.scene.mood_changed(mood_after, points, anti_pattern);
            }
            Event::ThresholdCrossed { .. } => {
                let name = &self.variant.scenario.file.customer.name;
                self.scene.said.push(Said::Notice(format!("{name}'s mood has changed where this conversation goes.")));
            }
            Event::CustomerSays { text, node, .. } | Event::Ended { text: Some(text), node, .. } => {
                let expression = self.session.scenario().expression(node);
                self.scene.customer_says(text, expression);
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
    commands.remove_resource::<LastPlayed>();
    let Some(loaded) = library.get(&selection.file_name).and_then(|e| e.loaded()) else {
        next.set(Screen::Picker);
        return;
    };
    let conversation = match &selection.review {
        None => Some(Conversation::start(loaded, selection.variant, selection.seed)),
        // A review resumes the version of the scenario the mistake was made on, or none.
        Some(review) if review.hash == loaded.hash => {
            Conversation::resume(loaded, selection.variant, selection.seed, review)
        }
        Some(_) => None,
    };
    match conversation {
        Some(conversation) => commands.insert_resource(conversation),
        None => next.set(Screen::Picker),
    }
}

fn advance_time(time: Res<Time>, prefs: Res<TraineeSettings>, conversation: Option<ResMut<Conversation>>) {
    let Some(mut conversation) = conversation else { return };
    let answering = !conversation.session.is_over();
    conversation.scene.tick(time.delta_secs(), prefs.settings.text_speed, answering);
}

/// The conversation is over or abandoned: a finished one hands its debrief on, and nothing
/// of it stays behind.
fn leave_conversation(mut commands: Commands, conversation: Option<Res<Conversation>>) {
    if let Some(conversation) = conversation
        && conversation.session.is_over()
    {
        commands.insert_resource(Debrief {
            card: score_card(&conversation.session, &conversation.variant.analysis),
            moods: conversation.scene.moods.clone(),
            response_times: conversation.scene.response_times.clone(),
            live: None,
        });
    }
    commands.remove_resource::<Conversation>();
}

/// Once the session reaches its ending, however the last reply was picked (key, click or
/// script), the attempt is announced once for the history to record.
fn announce_end(
    mut commands: Commands,
    conversation: Option<ResMut<Conversation>>,
    selection: Res<Selection>,
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
    let response_ms = conversation.scene.response_times.iter().map(|s| (s * 1000.0).round() as u64).collect();
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
    if let Some(review) = &conversation.review {
        attempt.review = Some(review.clone());
        attempt.id = attempt.content_id();
    }
    // Outside a competition the debrief can send the trainee back to a mistake of it.
    if run.is_none() {
        commands.insert_resource(LastPlayed {
            attempt: attempt.clone(),
            file_name: selection.file_name.clone(),
            variant: selection.variant,
            hash: conversation.scenario.hash.clone(),
        });
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
            Action::Pick(n) if conversation.scene.line_finished() && !conversation.session.is_over() => {
                conversation.reply(n);
            }
            Action::Pick(_) | Action::Skip => conversation.scene.finish_line(),
            Action::ToggleDossier => conversation.scene.dossier_open = !conversation.scene.dossier_open,
            Action::Continue if conversation.session.is_over() => {
                if conversation.scene.line_finished() {
                    next.set(Screen::Debrief);
                } else {
                    conversation.scene.finish_line();
                }
            }
            Action::Continue => conversation.scene.finish_line(),
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
    let scene = &conversation.scene;
    let typed = scene.typed();
    let personality = scenario.profile.to_string();
    let stage = widgets::Stage {
        channel: file.channel,
        title: &file.title,
        customer: &file.customer.name,
        look: conversation.look,
        personality: &personality,
        dossier: &file.customer.dossier,
        turn: session.turns().len() + 1,
        turn_limit: file.turn_limit,
        elapsed: scene.elapsed,
        waiting: scene.waiting,
        reply_limit: limit,
        shown_mood: scene.shown_mood,
        mood: session.mood(),
        reaction: scene.reaction,
        reaction_points: true,
        expression: scene.expression,
        style: Some(scenario.profile.primary),
        said: &scene.said,
        typed: &typed,
        line_finished: scene.line_finished(),
        over: session.is_over().then(|| session.ending().map(|e| e.outcome.label()).unwrap_or_default()),
        offer: if session.is_over() { Vec::new() } else { session.offer() },
        dossier_open: scene.dossier_open,
        link: widgets::Link::Ready,
    };
    actions.write_batch(widgets::stage(ctx, &stage));
    Ok(())
}
