//! Headless game tests: `MinimalPlugins` + `StatesPlugin`, no window. Simulated key presses
//! drive whole sessions through the screens, and the debrief must equal the core's score.
#![cfg(feature = "gui")]

mod common;

use common::headless::{Keyboard, game};

use bevy::prelude::*;
use hardcall::app::Screen;
use hardcall::app::attempts::Attempts;
use hardcall::app::library::{Library, LibraryEntry};
use hardcall::app::screens::conversation::Conversation;
use hardcall::app::screens::debrief::Debrief;
use hardcall::app::screens::picker::{PickerFilter, visible};
use hardcall::app::screens::title::TitleForm;
use hardcall::app::selection::Selection;
use hardcall::app::settings::TraineeSettings;
use hardcall::authoring::load::load_scenario_source;
use hardcall::engine::card::score_card;
use hardcall::engine::session::Session;
use hardcall::records::settings::Settings;

const TRAINEE: &str = "Robin Test";

fn instant_text() -> Settings {
    Settings { trainee: TRAINEE.into(), text_speed: 0, ..Settings::default() }
}

/// The number key that picks a scenario. Only nine cards have keys, so the picker is first
/// filtered to the scenario's channel, as a trainee would with a long list.
fn card_number(app: &mut App, file_name: &str) -> usize {
    let channel = {
        let library = app.world().resource::<Library>();
        library.get(file_name).and_then(|e| e.loaded()).expect("the scenario is in the library").file().channel
    };
    app.world_mut().resource_mut::<PickerFilter>().channel = Some(channel);
    let library = app.world().resource::<Library>();
    let filter = app.world().resource::<PickerFilter>();
    let number = visible(library, filter).iter().position(|e| e.file_name == file_name).unwrap() + 1;
    assert!(number <= 9, "{file_name} is card {number}, beyond the number keys");
    number
}

fn to_conversation(app: &mut App, file_name: &str) {
    assert_eq!(app.screen(), Screen::Title);
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    let number = card_number(app, file_name);
    app.tap_digit(number);
    assert_eq!(app.screen(), Screen::Briefing);
    assert_eq!(app.world().resource::<Selection>().file_name, file_name);
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Conversation);
}

/// Plays replies named by file position (as `--choices` and the prover name them), pressing
/// the number each one is shown under in the shuffled list, as a trainee reading would.
fn play(app: &mut App, positions: &[usize]) {
    for &position in positions {
        let shown = app.world().resource::<Conversation>().session.shown_of(position).expect("the reply is offered");
        app.tap_digit(shown);
    }
    assert!(app.world().resource::<Conversation>().session.is_over(), "the conversation should have ended");
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Debrief);
}

#[test]
fn a_whole_session_by_keyboard_scores_exactly_as_the_core() {
    for loaded in common::shipped() {
        let mut app = game(instant_text());
        to_conversation(&mut app, loaded.file_name.rsplit('/').next().unwrap());
        let seed = app.world().resource::<Selection>().seed;
        let paths = &loaded.main().analysis;
        let positions = paths.worst.as_ref().unwrap().positions();
        play(&mut app, &positions);

        let (mut session, _) = Session::start(loaded.main().scenario.clone(), seed);
        session.play(&positions).unwrap();
        let expected = score_card(&session, &loaded.main().analysis);
        let debrief = app.world().resource::<Debrief>();
        assert_eq!(debrief.card, expected, "{}", loaded.file_name);
        assert_eq!(debrief.card.score.percent, 0);
        assert_eq!(debrief.moods.len(), positions.len() + 1, "a mood for the start and every turn");
    }
}

#[test]
fn the_best_path_reaches_100_percent_and_is_remembered() {
    let loaded = common::load("double-charge.ron");
    let mut app = game(instant_text());
    to_conversation(&mut app, "double-charge.ron");
    play(&mut app, &loaded.main().analysis.best.as_ref().unwrap().positions());
    assert_eq!(app.world().resource::<Debrief>().card.score.percent, 100);
    let attempts = app.world().resource::<Attempts>();
    let history = attempts.history(TRAINEE);
    assert_eq!(history.get("double-charge").map(|h| (h.best, h.last, h.percents.len())), Some((100, 100, 1)));
    // The stored attempt replays to the same score: nothing about it is taken on trust.
    let stored = &attempts.all()[0];
    assert_eq!(hardcall::records::attempts::verify(stored, &common::shipped()).unwrap().score.percent, 100);
}

#[test]
fn retry_keeps_the_seed_and_another_seed_changes_it() {
    let loaded = common::load("double-charge.ron");
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    let mut app = game(instant_text());
    to_conversation(&mut app, "double-charge.ron");
    let seed = app.world().resource::<Selection>().seed;
    play(&mut app, &best);
    app.tap(KeyCode::KeyR);
    assert_eq!(app.screen(), Screen::Conversation);
    assert_eq!(app.world().resource::<Conversation>().session.seed(), seed);
    assert!(app.world().resource::<Conversation>().session.turns().is_empty(), "a fresh conversation");
    play(&mut app, &best);
    app.tap(KeyCode::KeyN);
    assert_eq!(app.screen(), Screen::Conversation);
    assert_ne!(app.world().resource::<Conversation>().session.seed(), seed);
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::Picker);
}

#[test]
fn a_number_while_the_line_is_typing_only_finishes_the_line() {
    let mut app = game(Settings { text_speed: 1, ..instant_text() });
    to_conversation(&mut app, "double-charge.ron");
    assert!(!app.world().resource::<Conversation>().scene.line_finished());
    app.tap_digit(1);
    let conversation = app.world().resource::<Conversation>();
    assert!(conversation.scene.line_finished());
    assert!(conversation.session.turns().is_empty(), "no reply was taken");
    app.tap_digit(1);
    assert_eq!(app.world().resource::<Conversation>().session.turns().len(), 1);
}

#[test]
fn the_title_needs_a_name_and_remembers_it() {
    let mut app = game(Settings { trainee: String::new(), ..instant_text() });
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Title);
    assert!(app.world().resource::<TitleForm>().problem.is_some(), "the trainee is told why");
    app.world_mut().resource_mut::<TitleForm>().name = "  Ana Lee ".into();
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    let settings = &app.world().resource::<TraineeSettings>().settings;
    assert_eq!(settings.trainee, "Ana Lee");
    assert_eq!(settings.recent_trainees, ["Ana Lee"]);
}

#[test]
fn settings_open_from_the_picker_and_return_to_it() {
    let mut app = game(instant_text());
    app.tap(KeyCode::Enter);
    app.tap(KeyCode::F2);
    assert_eq!(app.screen(), Screen::Settings);
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::Picker);
}

#[test]
fn the_dossier_is_one_key_away_during_the_conversation() {
    let mut app = game(instant_text());
    to_conversation(&mut app, "double-charge.ron");
    app.tap(KeyCode::Tab);
    assert!(app.world().resource::<Conversation>().scene.dossier_open);
    app.tap(KeyCode::Tab);
    assert!(!app.world().resource::<Conversation>().scene.dossier_open);
}

#[test]
fn an_alternative_personality_is_chosen_on_the_briefing() {
    let mut app = game(instant_text());
    app.tap(KeyCode::Enter);
    let number = card_number(&mut app, "late-delivery-email.ron");
    app.tap_digit(number);
    app.tap(KeyCode::KeyP);
    assert_eq!(app.world().resource::<Selection>().variant, 1);
    app.tap(KeyCode::Enter);
    let conversation = app.world().resource::<Conversation>();
    let library = app.world().resource::<Library>();
    let expected = library.get("late-delivery-email.ron").unwrap().loaded().unwrap().variants[1].scenario.profile;
    assert_eq!(conversation.session.scenario().profile, expected);
}

#[test]
fn a_broken_file_is_listed_with_its_errors_but_cannot_be_picked() {
    let mut app = game(instant_text());
    let knowledge = common::knowledge();
    let broken = "(id: \"x\", title: \"Broken\"";
    let result = load_scenario_source("aaa-broken.ron", broken, &knowledge);
    let entry = LibraryEntry { file_name: "aaa-broken.ron".into(), result };
    assert!(entry.report().contains("aaa-broken.ron:1:"), "{}", entry.report());
    app.world_mut().resource_mut::<Library>().upsert(entry);
    app.tap(KeyCode::Enter);
    app.tap_digit(1);
    assert_eq!(app.screen(), Screen::Briefing);
    assert_ne!(app.world().resource::<Selection>().file_name, "aaa-broken.ron", "broken files are not numbered");
}

#[test]
fn a_scenario_that_breaks_while_briefed_sends_the_trainee_back_to_the_picker() {
    let mut app = game(instant_text());
    app.tap(KeyCode::Enter);
    let number = card_number(&mut app, "double-charge.ron");
    app.tap_digit(number);
    assert_eq!(app.screen(), Screen::Briefing);
    let knowledge = common::knowledge();
    let result = load_scenario_source("double-charge.ron", "(", &knowledge);
    app.world_mut().resource_mut::<Library>().upsert(LibraryEntry { file_name: "double-charge.ron".into(), result });
    app.update();
    app.update();
    assert_eq!(app.screen(), Screen::Picker);
}

#[test]
fn a_competition_is_played_round_by_round_to_its_leaderboard() {
    use hardcall::app::library::ScenarioDir;
    use hardcall::app::screens::competitions::{CompetitionRun, ShownLeaderboard};
    // The shipped cup, which has no end, so the test holds on any date (CI runs it years ahead).
    let dir = std::env::temp_dir().join(format!("hardcall-game-cup-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("competitions")).unwrap();
    let cup = include_str!("../scenarios/competitions/autumn-cup.ron");
    std::fs::write(dir.join("competitions/cup.ron"), cup).unwrap();

    let mut app = game(Settings { trainee: "Ana Lee".into(), ..instant_text() });
    app.insert_resource(ScenarioDir(dir.clone()));
    app.update();
    app.tap(KeyCode::Enter);
    app.tap(KeyCode::KeyC);
    assert_eq!(app.screen(), Screen::Briefing, "C enters the competition Ana is on a team for");
    let rounds = app.world().resource::<CompetitionRun>().competition.rounds.clone();
    for (i, round) in rounds.iter().enumerate() {
        let selection = app.world().resource::<Selection>().clone();
        assert_eq!(selection.seed, round.seed, "round {i} uses the competition's seed");
        let library = app.world().resource::<Library>();
        let loaded = library.get(&selection.file_name).unwrap().loaded().unwrap().clone();
        assert_eq!(loaded.id(), round.scenario);
        let variant = &loaded.variants[selection.variant];
        if let Some(profile) = round.disc {
            assert_eq!(variant.scenario.profile, profile, "the competition's personality");
        }
        let best = variant.analysis.best.as_ref().unwrap().positions();
        app.tap(KeyCode::Enter);
        play(&mut app, &best);
        app.tap(KeyCode::Enter);
    }
    assert_eq!(app.screen(), Screen::Leaderboard);
    let board = app.world().resource::<ShownLeaderboard>().0.clone();
    assert_eq!(board.trainees[0].name, "Ana Lee");
    assert_eq!(board.trainees[0].percent, 100);
    assert_eq!(board.teams[0].name, "Blue");
    assert_eq!(board.teams[0].percent, 50, "Bo has not played: the team's mean is half");
    let stored = app.world().resource::<Attempts>().all();
    assert_eq!(stored.len(), rounds.len());
    assert!(stored.iter().all(|a| a.team.as_deref() == Some("Blue") && a.competition.is_some()));
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::Picker);
    assert!(app.world().get_resource::<CompetitionRun>().is_none(), "back at the picker, the competition is over");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_card_is_reachable_by_keyboard_not_only_the_first_nine() {
    let mut app = game(instant_text());
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    let shown: Vec<String> = {
        let library = app.world().resource::<Library>();
        let filter = app.world().resource::<PickerFilter>();
        visible(library, filter).iter().map(|e| e.file_name.clone()).collect()
    };
    assert!(shown.len() > 9, "the library has more cards than number keys: {}", shown.len());
    // Enter does nothing until the arrows have highlighted a card.
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    // The first arrow highlights the first card; each further one moves a card along.
    for _ in 0..shown.len() + 3 {
        app.tap(KeyCode::ArrowRight);
    }
    app.tap(KeyCode::ArrowLeft);
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Briefing);
    assert_eq!(app.world().resource::<Selection>().file_name, shown[shown.len() - 2]);
}
