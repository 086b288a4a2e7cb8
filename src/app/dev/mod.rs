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

mod sheets;

pub use sheets::{EXPRESSION_CUSTOMERS, Sheet};

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
    /// Draw a contact sheet over the screen (or stop drawing one).
    Sheet(Sheet),
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
    /// Open a copy of this shipped scenario (in a scratch folder, so nothing the tour does
    /// touches the library) in the studio.
    StudioCopy(&'static str),
    /// In the open studio: a placeholder written into a best-path reply (a diagnostic on its
    /// node) and a playtest from that node with the best reply taken.
    StudioDemo,
    /// The studio's brief for a new scenario, writing to a scratch folder.
    StudioBrief,
    /// Fill the brief's fields, as a trainer would.
    StudioBriefFill,
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
    /// The process's CPU time when measuring began.
    cpu_at_start: Option<Duration>,
}

/// CPU time this process has used so far (every thread, the software renderer's included),
/// where the system says.
fn cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        Some(time(usage.ru_utime) + time(usage.ru_stime))
    }
    #[cfg(not(unix))]
    None
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
        Sheet(sheets::Sheet::Customers),
        Wait(SETTLE),
        Shot("22-customers.png"),
        Sheet(sheets::Sheet::Expressions),
        Wait(SETTLE),
        Shot("23-expressions.png"),
        Sheet(sheets::Sheet::None),
        Wait(2),
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
        steps.extend([Act(Action::Continue), Until(Screen::Conversation), Wait(SETTLE)]);
        // Mid-line: the mouth moves and the call's voice level shows.
        if channel == Channel::Phone {
            steps.push(Shot("25-call-speaking.png"));
        }
        steps.extend([Act(Action::Skip), Wait(SETTLE)]);
        steps.push(Shot(shot));
        // One reply in: the chat's read mark and typing dots, the email's quoted text.
        match channel {
            Channel::Chat => steps.extend([ReplyWell, Wait(6), Shot("26-chat-typing.png")]),
            Channel::Email => {
                steps.extend([ReplyWell, Wait(2), Act(Action::Skip), Wait(SETTLE), Shot("27-email-thread.png")])
            }
            _ => {}
        }
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
        Shot("30-progress.png"),
        Act(Action::ReviewMistake(None)),
        Until(Screen::Conversation),
        Wait(SETTLE),
        Act(Action::Skip),
        Wait(SETTLE),
        Shot("31-review.png"),
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
        Shot("32-review-debrief.png"),
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
        // A copy edited: a diagnostic on its node, and a playtest from there.
        StudioCopy("double-charge.ron"),
        Until(Screen::Studio),
        Wait(SETTLE),
        StudioDemo,
        Wait(SETTLE),
        Shot("28-studio-playtest.png"),
        Act(Action::Back),
        Until(Screen::Picker),
        Wait(2),
        StudioBrief,
        Until(Screen::Studio),
        StudioBriefFill,
        Wait(SETTLE),
        Shot("29-studio-brief.png"),
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
        // The front desk in high contrast.
        Select(Channel::InPerson),
        Until(Screen::Briefing),
        Act(Action::Continue),
        Until(Screen::Conversation),
        Wait(SETTLE),
        Act(Action::Skip),
        Wait(SETTLE),
        Shot("24-conversation-high-contrast.png"),
        Act(Action::Back),
        Until(Screen::Picker),
        Wait(2),
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
            // The round's end as the trainee sees it before the close: the sealed card.
            Shot("20-live-debrief.png"),
            Act(Action::Continue),
            Until(Screen::LiveLobby),
            Wait(SETTLE),
        ]);
    }
    steps.extend([Wait(FLUSH), Exit]);
    steps
}

/// The channel the frame benchmark plays: `HARDCALL_BENCH_CHANNEL` (phone, email, chat or
/// in-person), a phone call by default.
fn bench_channel() -> Channel {
    match std::env::var("HARDCALL_BENCH_CHANNEL").as_deref() {
        Ok("email") => Channel::Email,
        Ok("chat") => Channel::Chat,
        Ok("in-person") => Channel::InPerson,
        _ => Channel::Phone,
    }
}

fn benchmark() -> Vec<Step> {
    use Step::*;
    let mut steps =
        vec![Act(Action::Continue), Until(Screen::Picker), Select(bench_channel()), Until(Screen::Briefing)];
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
    app.add_plugins(sheets::plugin);
    app.insert_resource(Script { steps: steps.into(), wait: 0, quiet: (u64::MAX, 0), out, stalled: 0, stash: None });
    app.insert_resource(FrameTimes {
        launched: options.launched.unwrap_or_else(Instant::now),
        first_frame: None,
        measuring: None,
        samples: Vec::new(),
        last: None,
        cpu_at_start: None,
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
        "conversation frames ({}): {} measured, median {:.2} ms (target < 16.7 ms), 95th percentile {:.2} ms, worst {:.2} ms",
        bench_channel(),
        samples.len(),
        at(0.5),
        at(0.95),
        samples[samples.len() - 1]
    );
    // Frame times stretch when other programs want the cores; the CPU this process spent per
    // frame does much less, so it is what two builds are compared by on a busy machine.
    if let (Some(start), Some(now)) = (times.cpu_at_start, cpu_time()) {
        let per_frame = (now - start).as_secs_f64() * 1000.0 / samples.len() as f64;
        println!("conversation CPU time: {per_frame:.2} ms per frame (all threads)");
    }
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
    (mut studio, mut next, dir): (
        ResMut<crate::app::studio::StudioScreen>,
        ResMut<NextState<Screen>>,
        Option<Res<crate::app::library::ScenarioDir>>,
    ),
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
        Step::Measure(frames) => {
            times.measuring = Some(frames);
            times.cpu_at_start = cpu_time();
        }
        Step::Change(change) => change(&mut prefs.settings),
        Step::Sheet(wanted) => commands.insert_resource(wanted),
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
        Step::StudioCopy(file) => {
            let scratch = std::env::temp_dir().join(format!("hardcall-tour-studio-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&scratch);
            let folder = dir.as_ref().map_or_else(crate::authoring::load::default_scenarios_dir, |d| d.0.clone());
            let copy = scratch.join(file);
            if let Err(error) = std::fs::copy(folder.join(file), &copy) {
                error!("the tour could not copy {file}: {error}");
                exit.write(AppExit::error());
                return;
            }
            studio.target = Some(copy);
            studio.new_in = None;
            next.set(Screen::Studio);
        }
        Step::StudioDemo => {
            let Some(open) = studio.studio.as_mut() else { return };
            open.demo();
        }
        Step::StudioBrief => {
            let scratch = std::env::temp_dir().join(format!("hardcall-tour-brief-{}", std::process::id()));
            studio.target = None;
            studio.new_in = Some(scratch);
            next.set(Screen::Studio);
        }
        Step::StudioBriefFill => {
            let Some(form) = studio.brief.as_mut() else { return };
            form.name = "Cracked screen".into();
            form.customer = "Tomasz Wieczorek".into();
            form.also = vec![crate::engine::disc::DiscStyle::Dominant];
            form.channel = Channel::Chat;
            form.situation = "Tomasz's new tablet arrived on Monday with a cracked screen; his first message got an automatic reply and nothing since.".into();
            form.may_do =
                "Send a replacement by courier today (2 working days) with a prepaid label for the cracked one.".into();
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
