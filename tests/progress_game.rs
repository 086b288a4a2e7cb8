//! The progress screen in the game, driven by key presses: a trainee plays three
//! conversations, opens their progress, follows the plan in one key, goes back to a mistake
//! and chooses again, and sees the change; the review is stored as a review, not a score.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use common::headless::{Keyboard, game};
use hardcall::app::Screen;
use hardcall::app::attempts::Attempts;
use hardcall::app::library::Library;
use hardcall::app::screens::conversation::Conversation;
use hardcall::app::screens::debrief::{Debrief, LastPlayed};
use hardcall::app::screens::picker::{PickerFilter, visible};
use hardcall::app::screens::progress::ProgressView;
use hardcall::app::selection::Selection;
use hardcall::records::settings::Settings;

const TRAINEE: &str = "Robin Test";

fn settings() -> Settings {
    Settings { trainee: TRAINEE.into(), text_speed: 0, ..Settings::default() }
}

/// From the picker, opens `file_name` (filtered to its channel so it has a number key) and
/// starts the conversation.
fn open(app: &mut App, file_name: &str) {
    assert_eq!(app.screen(), Screen::Picker);
    let channel = {
        let library = app.world().resource::<Library>();
        library.get(file_name).and_then(|e| e.loaded()).unwrap().file().channel
    };
    app.world_mut().resource_mut::<PickerFilter>().channel = Some(channel);
    let number = {
        let library = app.world().resource::<Library>();
        let filter = app.world().resource::<PickerFilter>();
        visible(library, filter).iter().position(|e| e.file_name == file_name).unwrap() + 1
    };
    app.tap_digit(number);
    assert_eq!(app.screen(), Screen::Briefing);
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Conversation);
}

/// Answers every turn with the best reply on offer (`well`) or the first that commits an
/// anti-pattern, pressing the number it is shown under, until the debrief.
fn play_out(app: &mut App, well: bool) {
    loop {
        let pressed = {
            let conversation = app.world().resource::<Conversation>();
            let session = &conversation.session;
            if session.is_over() {
                None
            } else {
                let offered = session.offered();
                let node = session.state().node;
                let choice = if well {
                    // The best clean reply, as the debrief names it.
                    conversation.variant.analysis.best_reply(session.scenario(), session.state()).unwrap().0
                } else {
                    let scenario = session.scenario();
                    offered
                        .iter()
                        .copied()
                        .find(|&c| scenario.choice(node, c).commits_anti_pattern)
                        .unwrap_or(offered[0])
                };
                let position = offered.iter().position(|&c| c == choice).unwrap() + 1;
                session.shown_of(position)
            }
        };
        match pressed {
            Some(shown) => app.tap_digit(shown),
            None => break,
        }
    }
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Debrief);
}

fn view(app: &App) -> ProgressView {
    app.world().resource::<ProgressView>().clone()
}

#[test]
fn three_conversations_the_plan_in_one_key_and_a_mistake_reviewed() {
    let mut app = game(settings());
    app.tap(KeyCode::Enter);
    // Three conversations: one badly, two well.
    open(&mut app, "double-charge.ron");
    play_out(&mut app, false);
    let bad_percent = app.world().resource::<Debrief>().card.score.percent;
    app.tap(KeyCode::Escape);
    for file in ["late-delivery-email.ron", "outage-chat.ron"] {
        open(&mut app, file);
        play_out(&mut app, true);
        app.tap(KeyCode::Escape);
    }
    assert_eq!(app.screen(), Screen::Picker);

    // P opens the progress screen.
    app.tap(KeyCode::KeyP);
    assert_eq!(app.screen(), Screen::Progress);
    let before = view(&app);
    assert_eq!(before.progress.attempts, 3);
    assert_eq!(before.plan.len(), 3, "three things to practise next");
    assert!(before.plan.iter().all(|p| !p.reason.is_empty()));
    assert!(!before.mistakes.is_empty(), "the bad conversation left mistakes to go back to");
    assert_eq!(before.mistakes[0].mistake.scenario, "double-charge");
    assert!(before.progress.skills.iter().any(|s| s.tally.offered > 0));

    // 1 plays the plan's first pick: one key to its briefing, with that personality.
    let pick = before.plan[0].clone();
    app.tap_digit(1);
    assert_eq!(app.screen(), Screen::Briefing);
    let selection = app.world().resource::<Selection>().clone();
    let loaded = app.world().resource::<Library>().get(&selection.file_name).unwrap().loaded().unwrap().clone();
    assert_eq!((loaded.id(), selection.variant), (pick.scenario.as_str(), pick.variant));
    assert!(selection.review.is_none());
    app.tap(KeyCode::Enter);
    play_out(&mut app, true);
    app.tap(KeyCode::Escape);
    app.tap(KeyCode::KeyP);
    assert_eq!(view(&app).progress.attempts, 4);

    // M goes back to the newest mistake: the conversation resumes at that turn, as it was.
    let mistake = view(&app).mistakes[0].clone();
    let original = app.world().resource::<Attempts>().get(&mistake.mistake.attempt).unwrap();
    app.tap(KeyCode::KeyM);
    assert_eq!(app.screen(), Screen::Conversation);
    {
        let conversation = app.world().resource::<Conversation>();
        let turn = mistake.mistake.turn as usize;
        assert_eq!(conversation.session.turns().len(), turn, "resumed at the mistake's turn");
        assert_eq!(conversation.session.seed(), original.seed);
        assert_eq!(conversation.session.positions(), original.choices[..turn]);
        // The same mood and flags as when the mistake was made: replay the original that far.
        let library = app.world().resource::<Library>();
        let variant = library
            .get("double-charge.ron")
            .unwrap()
            .loaded()
            .unwrap()
            .variants
            .iter()
            .find(|v| v.scenario.profile.to_string() == original.disc)
            .unwrap()
            .clone();
        let (mut replay, _) = hardcall::engine::session::Session::start(variant.scenario.clone(), original.seed);
        replay.play(&original.choices[..turn]).unwrap();
        assert_eq!(conversation.session.state(), replay.state());
    }
    play_out(&mut app, true);
    let played = app.world().resource::<LastPlayed>().clone();
    let review = played.attempt.review.clone().expect("stored as a review");
    assert_eq!((review.of.as_str(), review.turn), (original.id.as_str(), mistake.mistake.turn as usize));
    // The review is practice: the best and latest scores of double-charge are the first one's.
    let history = app.world().resource::<Attempts>().history(TRAINEE);
    assert_eq!(history["double-charge"].percents, vec![bad_percent]);
    assert_eq!(app.world().resource::<Attempts>().all().len(), 5, "the review is stored");

    // Back on the progress screen the change shows: reviewed, fixed, and more chances taken.
    app.tap(KeyCode::Escape);
    app.tap(KeyCode::KeyP);
    let after = view(&app);
    assert_eq!((after.progress.attempts, after.progress.reviews), (4, 1));
    let reviewed = after
        .progress
        .mistakes
        .iter()
        .find(|m| m.attempt == mistake.mistake.attempt && m.turn == mistake.mistake.turn)
        .unwrap();
    assert!(reviewed.reviewed && reviewed.fixed);
    assert!(after.mistakes.iter().all(|m| m.mistake.attempt != original.id || m.mistake.turn != mistake.mistake.turn));
    let skill = &mistake.mistake.skill;
    let (was, now) = (before.progress.skill(skill).unwrap().tally, after.progress.skill(skill).unwrap().tally);
    assert!(now.taken > was.taken, "avoiding {skill}: {was:?} then {now:?}");
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::Picker);
}

#[test]
fn m_on_the_debrief_goes_back_to_the_first_mistake_and_r_reviews_it_again() {
    let mut app = game(settings());
    app.tap(KeyCode::Enter);
    open(&mut app, "double-charge.ron");
    play_out(&mut app, false);
    let card = app.world().resource::<Debrief>().card.clone();
    let first = card.turns.iter().position(|t| t.choice.strategies.iter().any(|s| s.anti_pattern)).unwrap();
    app.tap(KeyCode::KeyM);
    assert_eq!(app.screen(), Screen::Conversation);
    assert_eq!(app.world().resource::<Conversation>().session.turns().len(), first);
    play_out(&mut app, true);
    assert!(app.world().resource::<LastPlayed>().attempt.review.is_some());
    // R on a review's debrief goes back to the same turn again.
    app.tap(KeyCode::KeyR);
    assert_eq!(app.screen(), Screen::Conversation);
    assert_eq!(app.world().resource::<Conversation>().session.turns().len(), first);
    app.tap(KeyCode::Escape);
    open(&mut app, "double-charge.ron");
    play_out(&mut app, true);
    // A clean conversation has no mistake to go back to: M does nothing.
    app.tap(KeyCode::KeyM);
    assert_eq!(app.screen(), Screen::Debrief);
    // Another seed is a fresh conversation, never a review.
    app.tap(KeyCode::KeyN);
    assert_eq!(app.screen(), Screen::Conversation);
    assert!(app.world().resource::<Conversation>().session.turns().is_empty());
    assert!(app.world().resource::<Selection>().review.is_none());
}
