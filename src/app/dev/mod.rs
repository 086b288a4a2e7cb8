//! Scripted runs of the real game: a tour that saves a PNG of every screen (for CI and for
//! looking at the game without playing it), and a frame-time benchmark.

use crate::app::input::Action;
use crate::app::library::{Library, ScenarioHandles};
use crate::app::screens::conversation::Conversation;
use crate::app::screens::live::LiveRun;
use crate::app::screens::live::conversation::LiveConversation;
use crate::app::screens::live::lobby::JoinForm;
use crate::app::screens::picker::{PickerFilter, visible};
use crate::app::selection::SeedSource;
use crate::app::settings::TraineeSettings;
use crate::app::{LaunchOptions, Screen};
use crate::engine::scenario::Channel;
use crate::records::live::Client;
use crate::records::settings::Settings;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One thing the script does; most wait for the screen to settle first.
#[derive(Clone, Debug)]
pub enum Step {
    /// Let this many frames pass.
    Wait(u32),
    /// Wait until this screen is showing.
    Until(Screen),
    Act(Action),
    /// Save a PNG of the window under this file name.
    Shot(&'static str),
    /// Start measuring frame times; stop and report after this many frames.
    Measure(u32),
    Change(fn(&mut Settings)),
    /// Pick the first scenario shown for this channel.
    Select(Channel),
    /// Wait until every scenario file has been read into the library, then this many frames:
    /// loading proves every scenario on both cores, and frames drawn meanwhile can come out
    /// blank under software rendering.
    Loaded(u32),
    /// Reply with the first anti-pattern on offer (or the first reply).
    ReplyBadly,
    /// Reply with the best reply on offer, if the conversation is still going.
    ReplyWell,
    /// Fill the live join form with this address and team code.
    LiveForm(String, String),
    /// Wait until the join request has its answer.
    LiveAnswered,
    /// Wait until a live round's turn has arrived (or the round is over).
    LiveReady,
    /// Reply to every live turn with the first reply shown, until the round is over.
    LivePlay,
    /// Point the live client at an address where nothing listens (true), as if the server
    /// had gone, or back at the real server (false).
    LiveCut(bool),
    /// Wait until a live request has failed.
    LiveFailed,
    Exit,
}

#[derive(Resource)]
struct Script {
    steps: VecDeque<Step>,
    wait: u32,
    /// The library generation last seen, and for how many frames it has not changed.
    quiet: (u64, u32),
    out: PathBuf,
    /// Frames since the script last made progress, to fail loudly instead of hanging.
    stalled: u32,
    /// The live client set aside while the tour pretends the server has gone.
    stash: Option<Client>,
}

#[derive(Resource)]
struct FrameTimes {
    launched: Instant,
    first_frame: Option<Duration>,
    measuring: Option<u32>,
    samples: Vec<f32>,
    last: Option<Instant>,
}

/// Frames a screen gets to draw (and egui to lay out) before it is photographed.
const SETTLE: u32 = 12;
/// Frames after the last screenshot, so the PNG is written before the app quits.
const FLUSH: u32 = 30;
/// A script that makes no progress for this many frames is stuck.
const STALL_LIMIT: u32 = 3_000;

fn tour() -> Vec<Step> {
    use Step::*;
    let mut steps = vec![
        Loaded(SETTLE * 3),
        Wait(SETTLE),
        Shot("01-title.png"),
        Act(Action::Continue),
        Until(Screen::Picker),
        Wait(SETTLE),
        Shot("02-picker.png"),
    ];
    // One conversation per channel, so every presentation is photographed.
    let channels = [
        (Channel::Phone, "04-conversation-phone.png"),
        (Channel::Email, "05-conversation-email.png"),
        (Channel::Chat, "06-conversation-chat.png"),
        (Channel::InPerson, "07-conversation-in-person.png"),
    ];
    for (i, (channel, shot)) in channels.into_iter().enumerate() {
        let first = i == 0;
        steps.extend([Select(channel), Until(Screen::Briefing), Wait(SETTLE)]);
        if first {
            steps.push(Shot("03-briefing.png"));
        }
        steps.extend([
            Act(Action::Continue),
            Until(Screen::Conversation),
            Wait(SETTLE),
            Act(Action::Skip),
            Wait(SETTLE),
        ]);
        steps.push(Shot(shot));
        if first {
            // A reply that lands badly, photographed while the face reacts, then the dossier.
            steps.extend([
                ReplyBadly,
                Wait(4),
                Shot("08-conversation-reaction.png"),
                Act(Action::ToggleDossier),
                Act(Action::Skip),
                Wait(SETTLE),
                Shot("09-conversation-dossier.png"),
                Act(Action::ToggleDossier),
            ]);
        }
        // Play on with the best reply available until the conversation ends.
        for _ in 0..20 {
            steps.extend([Act(Action::Skip), Wait(2), ReplyWell, Wait(2)]);
        }
        steps.extend([Act(Action::Skip), Wait(SETTLE)]);
        if first {
            steps.push(Shot("10-conversation-ended.png"));
        }
        steps.extend([Act(Action::Continue), Until(Screen::Debrief), Wait(SETTLE)]);
        if first {
            steps.push(Shot("11-debrief.png"));
        }
        steps.extend([Act(Action::Back), Until(Screen::Picker), Wait(2)]);
    }
    // The progress those four conversations made, then the mistake of the first one gone
    // back to and answered again.
    steps.extend([
        Act(Action::OpenProgress),
        Until(Screen::Progress),
        Wait(SETTLE),
        Shot("22-progress.png"),
        Act(Action::ReviewMistake(None)),
        Until(Screen::Conversation),
        Wait(SETTLE),
        Act(Action::Skip),
        Wait(SETTLE),
        Shot("23-review.png"),
    ]);
    for _ in 0..20 {
        steps.extend([Act(Action::Skip), Wait(2), ReplyWell, Wait(2)]);
    }
    steps.extend([
        Act(Action::Skip),
        Wait(SETTLE),
        Act(Action::Continue),
        Until(Screen::Debrief),
        Wait(SETTLE),
        Shot("24-review-debrief.png"),
        Act(Action::Back),
        Until(Screen::Picker),
        Wait(2),
    ]);
    steps.extend([
        // The studio on the highlighted card: graph, form and judgement (opening edits nothing).
        Act(Action::OpenStudio),
        Until(Screen::Studio),
        Wait(SETTLE),
        Shot("21-studio.png"),
        Act(Action::Back),
        Until(Screen::Picker),
        Wait(2),
        Act(Action::OpenSettings),
        Until(Screen::Settings),
        Wait(SETTLE),
        Shot("12-settings.png"),
        Change(|s| s.high_contrast = true),
        Act(Action::Back),
        Until(Screen::Picker),
        Wait(SETTLE),
        Shot("13-picker-high-contrast.png"),
        // A competition, entered as a member of a team, played to its leaderboard.
        Change(|s| {
            s.high_contrast = false;
            s.trainee = "Ana Lee".into();
        }),
        Wait(SETTLE),
        Act(Action::EnterCompetition(None)),
        Until(Screen::Briefing),
        Wait(SETTLE),
        Shot("14-competition-briefing.png"),
    ]);
    for round in 0..3 {
        steps.extend([Act(Action::Continue), Until(Screen::Conversation)]);
        for _ in 0..20 {
            steps.extend([Act(Action::Skip), Wait(2), ReplyWell, Wait(2)]);
        }
        steps.extend([Act(Action::Skip), Wait(2), Act(Action::Continue), Until(Screen::Debrief), Wait(2)]);
        steps.push(Act(Action::Continue));
        steps.push(Until(if round < 2 { Screen::Briefing } else { Screen::Leaderboard }));
    }
    steps.extend([Wait(SETTLE), Shot("15-leaderboard.png")]);
    // A live competition, when the tour is given a server to join ("URL CODE").
    if let Some((url, code)) = std::env::var("HARDCALL_TOUR_LIVE").ok().as_deref().and_then(|v| v.split_once(' ')) {
        steps.extend([
            Act(Action::Back),
            Until(Screen::Picker),
            Act(Action::JoinLive),
            Until(Screen::LiveLobby),
            // Nothing listens on the discard port: what an unreachable server looks like.
            LiveForm("127.0.0.1:9".into(), code.into()),
            Act(Action::Continue),
            LiveAnswered,
            Wait(SETTLE),
            Shot("16-live-unreachable.png"),
            LiveForm(url.into(), code.into()),
            Act(Action::Continue),
            LiveAnswered,
            Wait(SETTLE),
            Shot("17-live-rounds.png"),
            Act(Action::Continue),
            Until(Screen::LiveConversation),
            LiveReady,
            Act(Action::Skip),
            Wait(SETTLE),
            Shot("18-live-conversation.png"),
            LiveCut(true),
            Act(Action::Pick(1)),
            LiveFailed,
            Wait(SETTLE),
            Shot("19-live-reply-failed.png"),
            LiveCut(false),
            Act(Action::Retry),
            LiveReady,
            LivePlay,
            Act(Action::Skip),
            Wait(SETTLE),
            Act(Action::Continue),
            Until(Screen::Debrief),
            Wait(SETTLE),
            Shot("20-live-debrief.png"),
        ]);
    }
    steps.extend([Wait(FLUSH), Exit]);
    steps
}

fn benchmark() -> Vec<Step> {
    use Step::*;
    let mut steps = vec![Act(Action::Continue), Until(Screen::Picker), Select(Channel::Phone), Until(Screen::Briefing)];
    steps.extend([Act(Action::Continue), Until(Screen::Conversation), Wait(30), Measure(600)]);
    // Replies every so often while measuring, so the face animates and text types.
    for _ in 0..6 {
        steps.extend([Wait(80), Act(Action::Skip), ReplyWell]);
    }
    steps.push(Wait(700));
    steps
}

/// Adds the tour or the benchmark when the command line asked for one.
pub fn add(app: &mut App, options: &LaunchOptions) {
    let steps = if options.screenshots.is_some() {
        tour()
    } else if options.bench_frames {
        benchmark()
    } else {
        return;
    };
    // Scripted runs never touch the trainee's real settings or attempt history.
    let settings = Settings { trainee: "Sam Rivera".into(), text_speed: 120, ..Settings::default() };
    app.insert_resource(TraineeSettings::in_memory(settings));
    app.insert_resource(crate::app::attempts::Attempts::in_memory());
    app.insert_resource(SeedSource(7));
    let out = options.screenshots.clone().unwrap_or_default();
    if !out.as_os_str().is_empty() {
        let _ = std::fs::create_dir_all(&out);
    }
    app.insert_resource(Script { steps: steps.into(), wait: 0, quiet: (u64::MAX, 0), out, stalled: 0, stash: None });
    app.insert_resource(FrameTimes {
        launched: options.launched.unwrap_or_else(Instant::now),
        first_frame: None,
        measuring: None,
        samples: Vec::new(),
        last: None,
    });
    // Before the screens run, like the keyboard: every screen then sees a scripted action in
    // the same frame, and none sees it again after the screen has changed.
    app.add_systems(PreUpdate, (time_frames, run_script).chain().after(crate::app::input::ReadKeys));
}

fn time_frames(
    mut times: ResMut<FrameTimes>,
    screen: Res<State<Screen>>,
    frames: Res<bevy::diagnostic::FrameCount>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    // The first frame has been drawn and presented once the second one starts.
    if times.first_frame.is_none() && frames.0 >= 1 && *screen.get() == Screen::Title {
        times.first_frame = Some(times.launched.elapsed());
    }
    if let (Some(left), Some(last)) = (times.measuring, times.last) {
        times.samples.push((now - last).as_secs_f32() * 1000.0);
        if left <= 1 {
            times.measuring = None;
            report(&times);
            exit.write(AppExit::Success);
        } else {
            times.measuring = Some(left - 1);
        }
    }
    times.last = Some(now);
}

fn report(times: &FrameTimes) {
    let mut samples = times.samples.clone();
    samples.sort_by(f32::total_cmp);
    let at = |q: f32| samples[((samples.len() - 1) as f32 * q).round() as usize];
    let first = times.first_frame.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    println!("first interactive frame: {first:.0} ms after launch (target < 1500 ms)");
    println!(
        "conversation frames: {} measured, median {:.2} ms (target < 16.7 ms), 95th percentile {:.2} ms, worst {:.2} ms",
        samples.len(),
        at(0.5),
        at(0.95),
        samples[samples.len() - 1]
    );
}

/// The reply the script picks, numbered as on screen: the best one, or the first
/// anti-pattern on offer.
fn reply_for(conversation: &Conversation, well: bool) -> Option<usize> {
    let session = &conversation.session;
    if session.is_over() {
        return None;
    }
    let offered = session.offered();
    let scenario = session.scenario();
    let choice = if well {
        conversation.variant.analysis.best_choice(session.state()).map(|(c, _)| c)?
    } else {
        let node = session.state().node;
        offered.iter().copied().find(|&c| scenario.choice(node, c).commits_anti_pattern).unwrap_or(offered[0])
    };
    let position = offered.iter().position(|&c| c == choice)? + 1;
    session.shown_of(position)
}

#[expect(clippy::too_many_arguments, reason = "a Bevy system that reads everything the script drives")]
fn run_script(
    mut commands: Commands,
    mut script: ResMut<Script>,
    mut times: ResMut<FrameTimes>,
    screen: Res<State<Screen>>,
    mut actions: MessageWriter<Action>,
    mut prefs: ResMut<TraineeSettings>,
    library: Res<Library>,
    filter: Res<PickerFilter>,
    conversation: Option<Res<Conversation>>,
    (live, mut live_run, mut form): (Option<Res<LiveConversation>>, Option<ResMut<LiveRun>>, ResMut<JoinForm>),
    (handles, server): (Res<ScenarioHandles>, Res<AssetServer>),
    mut exit: MessageWriter<AppExit>,
) {
    if script.wait > 0 {
        script.wait -= 1;
        return;
    }
    script.stalled += 1;
    if script.stalled > STALL_LIMIT {
        error!("the scripted run is stuck at {:?} on the {:?} screen", script.steps.front(), screen.get());
        exit.write(AppExit::error());
        return;
    }
    let Some(step) = script.steps.front().cloned() else { return };
    if !matches!(step, Step::Wait(_) | Step::Until(_)) {
        debug!("script step {step:?} on the {:?} screen", screen.get());
    }
    match step {
        Step::Wait(frames) => script.wait = frames,
        Step::Until(wanted) => {
            if *screen.get() != wanted {
                return;
            }
        }
        Step::Act(action) => {
            actions.write(action);
        }
        Step::Shot(name) => {
            let path = script.out.join(name);
            info!("saving {}", path.display());
            commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
        }
        Step::Measure(frames) => times.measuring = Some(frames),
        Step::Change(change) => change(&mut prefs.settings),
        Step::Loaded(frames) => {
            // Quiet frames count only once every file is in: a pause between two files
            // finishing is not the end of loading.
            if !handles.settled(&library, &server) || library.generation != script.quiet.0 {
                script.quiet = (library.generation, 0);
                return;
            }
            script.quiet.1 += 1;
            if script.quiet.1 < frames {
                return;
            }
        }
        Step::Select(channel) => {
            // Scenarios load in the background: wait until one of this channel is listed.
            let shown = visible(&library, &filter);
            let Some(i) = shown.iter().position(|e| e.loaded().is_some_and(|l| l.file().channel == channel)) else {
                return;
            };
            actions.write(Action::Pick(i + 1));
        }
        Step::ReplyBadly | Step::ReplyWell => {
            if let Some(position) = conversation.as_deref().and_then(|c| reply_for(c, matches!(step, Step::ReplyWell)))
            {
                actions.write(Action::Pick(position));
            }
        }
        Step::LiveForm(address, code) => {
            form.address = address;
            form.code = code;
        }
        Step::LiveCut(cut) => {
            let Some(run) = live_run.as_deref_mut() else { return };
            if cut {
                let gone = Client::new("127.0.0.1:9", Duration::from_secs(2), Duration::from_secs(2))
                    .expect("a well-formed address");
                script.stash = Some(std::mem::replace(&mut run.client, gone));
            } else if let Some(client) = script.stash.take() {
                run.client = client;
            }
        }
        Step::LiveFailed => {
            if live.as_deref().is_none_or(|c| c.failed.is_none()) {
                return;
            }
        }
        Step::LiveAnswered => {
            if form.joining.is_some() {
                return;
            }
        }
        Step::LiveReady => {
            if !live.as_deref().is_some_and(|c| c.ready() || c.is_over()) {
                return;
            }
        }
        Step::LivePlay => {
            let Some(conversation) = live.as_deref() else { return };
            if !conversation.is_over() {
                // Only a turn typed out and not waiting on the server takes a reply.
                if conversation.ready() {
                    actions.write(Action::Pick(1));
                    script.stalled = 0;
                } else {
                    actions.write(Action::Skip);
                }
                return;
            }
        }
        Step::Exit => {
            exit.write(AppExit::Success);
        }
    }
    script.steps.pop_front();
    script.stalled = 0;
}
