//! A live round's conversation: the same stage as a conversation played here, fed by the
//! server one turn at a time. A reply is sent on a thread of its own while the screen keeps
//! drawing; when the server cannot be reached the trainee is told and may try again, and the
//! reply sent again answers the same turn (or finds it already answered).

use super::{LiveRun, Pending};
use crate::app::input::{self, Action};
use crate::app::screens::conversation::{Scene, widgets};
use crate::app::screens::debrief::{Debrief, LiveDebrief};
use crate::app::settings::TraineeSettings;
use crate::app::{DrawScreens, Screen};
use crate::engine::disc::DiscStyle;
use crate::engine::look::Appearance;
use crate::engine::mood::Mood;
use crate::records::live::{LiveError, TurnView};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::time::Instant;

/// A request to the server about this conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// A new conversation in the round.
    Start,
    /// The conversation as it waits on the server.
    Resume(String),
    /// The reply shown as `shown` to turn `turn`.
    Reply { session: String, turn: usize, shown: usize },
}

/// The live conversation on screen.
#[derive(Resource)]
pub struct LiveConversation {
    /// 0-based.
    pub round: usize,
    /// The turn the server last sent; none until the first answer arrives.
    pub view: Option<TurnView>,
    /// What the screen shows of it.
    pub scene: Scene,
    /// When the current turn arrived: a reply is never sent sooner than a person could read
    /// it, which the server would refuse.
    pub shown_at: Instant,
    pub request: Option<(Call, Pending<Result<TurnView, LiveError>>)>,
    /// The request that failed and why, for the trainee to read and retry.
    pub failed: Option<(Call, LiveError)>,
}

impl LiveConversation {
    fn new(round: usize) -> LiveConversation {
        LiveConversation {
            round,
            view: None,
            // The mood arrives with the first turn.
            scene: Scene { shown_mood: (50.0, 50.0), ..Scene::default() },
            shown_at: Instant::now(),
            request: None,
            failed: None,
        }
    }

    pub fn is_over(&self) -> bool {
        self.view.as_ref().is_some_and(|v| v.finished)
    }

    /// Whether a reply can be picked now: a turn is showing, typed out, and nothing is on
    /// its way or waiting to be retried.
    pub fn ready(&self) -> bool {
        self.view.as_ref().is_some_and(|v| !v.finished)
            && self.scene.line_finished()
            && self.request.is_none()
            && self.failed.is_none()
    }

    /// Sends `call` on a thread of its own.
    fn send(&mut self, call: Call, run: &LiveRun) {
        self.failed = None;
        let client = run.client.clone();
        let (trainee, code, round) = (run.joined.trainee.clone(), run.code.clone(), self.round + 1);
        let (work, shown_at) = (call.clone(), self.shown_at);
        // The client waits out what is left of the human minimum on this request's thread,
        // never the screen's.
        let pending = Pending::spawn(move || match work {
            Call::Start => client.start(&trainee, &code, round),
            Call::Resume(session) => client.turn(&session),
            Call::Reply { session, turn, shown } => client.reply(&session, &trainee, turn, shown, shown_at),
        });
        self.request = Some((call, pending));
    }

    /// Takes the reply shown as `shown`: it joins the transcript at once and goes to the server.
    fn reply(&mut self, shown: usize, run: &LiveRun) -> bool {
        if !self.ready() {
            return false;
        }
        let Some(view) = &self.view else { return false };
        let Some(reply) = view.offer.iter().find(|r| r.shown == shown) else { return false };
        let call = Call::Reply { session: view.session.clone(), turn: view.turn, shown };
        self.scene.trainee_replies(reply.text.clone(), None);
        self.send(call, run);
        true
    }

    /// The server's answer: the next turn (or the ending) joins the transcript.
    fn arrive(&mut self, view: TurnView) {
        let mood = Mood { temper: view.temper, trust: view.trust };
        // The same turn again (a rejoin or a retry that found it) adds nothing.
        if self.view.as_ref().is_none_or(|v| v.turn != view.turn || v.finished != view.finished) {
            if self.scene.moods.is_empty() {
                self.scene = Scene::opening(mood);
            } else {
                // The points stay sealed until the debrief; the face reacts to the mood.
                let before = self.scene.moods[self.scene.moods.len() - 1];
                let moved = (mood.trust - before.trust) - (mood.temper - before.temper);
                self.scene.mood_changed(mood, moved.signum(), false);
            }
            let repeated = view.finished && self.scene.current_line() == view.line;
            if !view.line.is_empty() && !repeated {
                self.scene.customer_says(view.line.clone(), view.expression);
            }
        }
        self.shown_at = Instant::now();
        self.view = Some(view);
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, after_debrief);
    app.add_systems(OnEnter(Screen::LiveConversation), start_round);
    app.add_systems(OnExit(Screen::LiveConversation), leave_round);
    app.add_systems(Update, (follow_server, advance_time, respond).chain().run_if(in_state(Screen::LiveConversation)));
    app.add_systems(
        EguiPrimaryContextPass,
        draw_live
            .run_if(in_state(Screen::LiveConversation).and_then(resource_exists::<LiveConversation>))
            .in_set(DrawScreens),
    );
}

fn start_round(mut commands: Commands, run: Option<Res<LiveRun>>, mut next: ResMut<NextState<Screen>>) {
    let Some(run) = run else {
        next.set(Screen::LiveLobby);
        return;
    };
    let mut conversation = LiveConversation::new(run.selected);
    let call = match run.unfinished.get(&run.selected) {
        Some(session) => Call::Resume(session.clone()),
        None => Call::Start,
    };
    conversation.send(call, &run);
    commands.insert_resource(conversation);
}

/// A finished round hands its debrief on; an unfinished one waits on the server.
fn leave_round(mut commands: Commands, conversation: Option<Res<LiveConversation>>, run: Option<Res<LiveRun>>) {
    if let (Some(conversation), Some(run)) = (conversation.as_ref(), run)
        && let Some(TurnView { finished: true, card: Some(card), .. }) = &conversation.view
    {
        let banner = format!(
            "{} · round {} of {} · recorded by the server; standings at {}/",
            run.joined.competition,
            conversation.round + 1,
            run.joined.rounds.len(),
            run.client.base()
        );
        commands.insert_resource(Debrief {
            card: card.clone(),
            moods: conversation.scene.moods.clone(),
            response_times: conversation.scene.response_times.clone(),
            live: Some(LiveDebrief { banner, last_round: conversation.round + 1 >= run.joined.rounds.len() }),
        });
    }
    commands.remove_resource::<LiveConversation>();
}

/// The debrief of a live round (after the close): R asks the server for the round again
/// (refused with its sentence unless the rules allow more attempts), Enter goes back to the
/// rounds with the next one chosen, Esc back to the rounds.
fn after_debrief(
    mut commands: Commands,
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    debrief: Option<Res<Debrief>>,
    run: Option<ResMut<LiveRun>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::Debrief);
    let (Some(mut run), true) = (run, debrief.is_some_and(|d| d.live.is_some())) else { return };
    for action in actions {
        let to = match action {
            Action::Retry => Screen::LiveConversation,
            Action::Continue => {
                run.selected = (run.selected + 1).min(run.joined.rounds.len().saturating_sub(1));
                Screen::LiveLobby
            }
            Action::Back => Screen::LiveLobby,
            _ => continue,
        };
        next.set(to);
        commands.remove_resource::<Debrief>();
        break;
    }
}

fn follow_server(conversation: Option<ResMut<LiveConversation>>, run: Option<ResMut<LiveRun>>) {
    let (Some(mut conversation), Some(mut run)) = (conversation, run) else { return };
    let Some(answer) = conversation.request.as_ref().and_then(|(_, pending)| pending.poll()) else { return };
    let (call, _) = conversation.request.take().expect("a request was in flight");
    match answer {
        Ok(Ok(view)) => {
            let round = conversation.round;
            if view.finished {
                run.unfinished.remove(&round);
                // One attempt counts (the server refuses another unless the rules allow it).
                if let Some((percent, _)) = view.result() {
                    run.results.insert(round, percent);
                }
            } else {
                run.unfinished.insert(round, view.session.clone());
            }
            conversation.arrive(view);
        }
        Ok(Err(err)) => conversation.failed = Some((call, err)),
        Err(lost) => conversation.failed = Some((call, LiveError::Unreachable(lost))),
    }
}

fn advance_time(time: Res<Time>, prefs: Res<TraineeSettings>, conversation: Option<ResMut<LiveConversation>>) {
    let Some(mut conversation) = conversation else { return };
    let answering = conversation.ready();
    conversation.scene.tick(time.delta_secs(), prefs.settings.text_speed, answering);
}

fn respond(
    mut actions: MessageReader<Action>,
    conversation: Option<ResMut<LiveConversation>>,
    run: Option<Res<LiveRun>>,
    mut next: ResMut<NextState<Screen>>,
    state: Res<State<Screen>>,
) {
    let actions = input::take(&mut actions, &state, Screen::LiveConversation);
    let (Some(mut conversation), Some(run)) = (conversation, run) else { return };
    for action in actions {
        match action {
            Action::Pick(n) if conversation.ready() => {
                conversation.reply(n, &run);
            }
            Action::Pick(_) | Action::Skip => conversation.scene.finish_line(),
            Action::ToggleDossier => conversation.scene.dossier_open = !conversation.scene.dossier_open,
            Action::Retry => {
                if let Some((call, _)) = conversation.failed.take() {
                    conversation.send(call, &run);
                }
            }
            Action::Continue if conversation.is_over() => {
                let sealed = conversation.view.as_ref().is_some_and(|v| v.card.is_none());
                if conversation.scene.line_finished() {
                    // A sealed card is read here; the full debrief exists only after the close.
                    next.set(if sealed { Screen::LiveLobby } else { Screen::Debrief });
                } else {
                    conversation.scene.finish_line();
                }
            }
            Action::Continue => conversation.scene.finish_line(),
            // The conversation waits on the server; the lobby offers to rejoin it.
            Action::Back => next.set(Screen::LiveLobby),
            _ => {}
        }
    }
}

fn draw_live(
    mut contexts: EguiContexts,
    conversation: Res<LiveConversation>,
    run: Option<Res<LiveRun>>,
    prefs: Res<TraineeSettings>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(run) = run else { return Ok(()) };
    let Some(brief) = run.joined.rounds.get(conversation.round) else { return Ok(()) };
    // A competition's reply limit applies to everyone, whatever their own settings say.
    let limit = run.joined.reply_seconds.unwrap_or(prefs.settings.response_seconds);
    let scene = &conversation.scene;
    let typed = scene.typed();
    let failed = conversation.failed.as_ref().map(|(call, err)| {
        let what = match call {
            Call::Reply { .. } => "Your reply did not reach the server",
            Call::Start | Call::Resume(_) => "The round could not be started",
        };
        let text = match err {
            LiveError::Unreachable(why) => {
                format!("{what} ({why}). Your place is kept: try again when the server is back.")
            }
            LiveError::Refused { message, .. } if err.retryable() => {
                format!("{what}: {message}. Try again in a moment.")
            }
            LiveError::Refused { message, .. } => format!("{what}: {message}."),
        };
        (text, err.retryable())
    });
    let link = match (&failed, &conversation.request) {
        (Some((why, retry)), _) => widgets::Link::Failed { why, retry: *retry },
        (None, Some((Call::Reply { .. }, _))) => widgets::Link::Busy("Sending your reply…"),
        (None, Some(_)) => widgets::Link::Busy("Connecting to the server…"),
        (None, None) => widgets::Link::Ready,
    };
    let view = conversation.view.as_ref();
    // A server from before looks were sent gives none: one derived from the name.
    let look = brief.look.unwrap_or_else(|| Appearance::derived(&brief.customer));
    let stage = widgets::Stage {
        channel: brief.medium,
        title: &brief.title,
        customer: &brief.customer,
        look,
        personality: &brief.personality,
        dossier: &brief.dossier,
        turn: view.map_or(1, |v| v.turn),
        turn_limit: brief.turn_limit,
        elapsed: scene.elapsed,
        waiting: scene.waiting,
        reply_limit: limit,
        shown_mood: scene.shown_mood,
        mood: scene.moods.last().copied().unwrap_or(Mood { temper: 50, trust: 50 }),
        reaction: scene.reaction,
        reaction_points: false,
        expression: scene.expression,
        style: DiscStyle::ALL.into_iter().find(|s| brief.personality.split('/').next() == Some(&s.to_string())),
        said: &scene.said,
        typed: &typed,
        line_finished: scene.line_finished(),
        over: view.filter(|v| v.finished).map(|v| v.outcome.as_deref().unwrap_or("ended")),
        offer: view.map(|v| v.offer.iter().map(|r| r.text.as_str()).collect()).unwrap_or_default(),
        dossier_open: scene.dossier_open,
        link,
    };
    actions.write_batch(widgets::stage(ctx, &stage));
    if let Some(sealed) = view.and_then(|v| v.sealed.as_ref())
        && scene.line_finished()
    {
        sealed_card(ctx, sealed);
    }
    Ok(())
}

/// A finished round while the competition is open: the grade and the trainee's own replies
/// with their feedback; the best replies wait for the close.
fn sealed_card(ctx: &egui::Context, sealed: &crate::records::live::SealedCard) {
    egui::Window::new("Round over")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.heading(format!("{}% · grade {}", sealed.percent, sealed.grade));
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for turn in &sealed.turns {
                    ui.label(format!("{}. You: \"{}\"", turn.turn, turn.reply));
                    if let Some(feedback) = &turn.feedback {
                        ui.weak(feedback);
                    }
                }
            });
            ui.separator();
            ui.label(format!("Recorded by the server; {}.", sealed.unlocks));
            ui.weak("Enter: back to the rounds");
        });
}
