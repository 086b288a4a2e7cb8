//! The game as a trainee uses it in a live competition, headless, against a real
//! `hardcall serve` on 127.0.0.1: joining from the picker (a wrong address and a wrong code
//! first), frames that keep coming while a request hangs, a round played by number keys, the
//! server killed mid-round and restarted (the trainee is told, retries, and carries on at
//! the same turn), and a round that ends on the sealed card while the competition is open.
#![cfg(feature = "gui")]

mod common;

use bevy::prelude::*;
use common::headless::{Keyboard, game as game_with};
use common::server::{serve, serve_full, temp_dir};
use hardcall::app::Screen;
use hardcall::app::screens::live::LiveRun;
use hardcall::app::screens::live::conversation::LiveConversation;
use hardcall::app::screens::live::lobby::JoinForm;
use hardcall::app::settings::TraineeSettings;
use hardcall::records::settings::Settings;
use std::time::{Duration, Instant};

fn game() -> App {
    game_with(Settings { trainee: "Ana Lee".into(), text_speed: 0, ..Settings::default() })
}

/// Runs frames until `done` holds, as the game would while waiting on the network.
fn until(app: &mut App, what: &str, done: impl Fn(&mut App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(app) {
        assert!(Instant::now() < deadline, "waited 30 s for {what}");
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn form(app: &mut App) -> Mut<'_, JoinForm> {
    app.world_mut().resource_mut::<JoinForm>()
}

fn live(app: &App) -> &LiveConversation {
    app.world().resource::<LiveConversation>()
}

#[test]
fn a_trainee_joins_from_the_game_plays_a_round_and_rides_out_a_server_outage() {
    let dir = temp_dir("game");
    let database = dir.join("live.sqlite");
    let mut server = serve(&database);
    let blue = server.code("Blue");
    let mut app = game();
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Picker);
    app.tap(KeyCode::KeyL);
    assert_eq!(app.screen(), Screen::LiveLobby);
    assert_eq!(form(&mut app).trainee, "Ana Lee", "the name comes from the trainee's settings");

    // Nothing typed yet: told what is missing, nothing sent.
    app.tap(KeyCode::Enter);
    assert!(form(&mut app).problem.as_deref().unwrap().contains("server's address"));
    assert!(form(&mut app).joining.is_none());

    // A server that accepts the connection and never answers: the frames keep coming.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    form(&mut app).address = silent.local_addr().unwrap().to_string();
    form(&mut app).code = blue.clone();
    app.tap(KeyCode::Enter);
    for _ in 0..60 {
        app.update();
    }
    assert!(form(&mut app).joining.is_some(), "60 frames ran while the join was still waiting for an answer");
    assert_eq!(app.screen(), Screen::LiveLobby);
    let accepted = silent.accept().unwrap();
    drop(accepted);
    drop(silent);
    until(&mut app, "the silent server's connection to close", |app| form(app).joining.is_none());
    assert!(form(&mut app).problem.as_deref().unwrap().contains("No server answered"), "{:?}", form(&mut app).problem);

    // The right server and a wrong code: the server's reason.
    form(&mut app).address = server.url.clone();
    form(&mut app).code = "WRONG123".into();
    app.tap(KeyCode::Enter);
    until(&mut app, "the refusal", |app| form(app).joining.is_none());
    let problem = form(&mut app).problem.clone().unwrap();
    assert!(problem.contains("not one of this competition's"), "{problem}");
    assert!(!app.world().contains_resource::<LiveRun>());

    form(&mut app).code = blue.to_lowercase();
    app.tap(KeyCode::Enter);
    until(&mut app, "joining", |app| app.world().contains_resource::<LiveRun>());
    assert_eq!(app.world().resource::<LiveRun>().joined.team, "Blue", "codes are read in any case");
    assert_eq!(app.world().resource::<LiveRun>().joined.rounds.len(), 3);
    let remembered = app.world().resource::<TraineeSettings>().settings.live_server.clone();
    assert_eq!(remembered, server.url, "the address that worked is kept in the settings");

    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::LiveConversation);
    until(&mut app, "the first turn", |app| live(app).ready());
    assert_eq!(live(&app).view.as_ref().unwrap().turn, 1);
    let session = live(&app).view.as_ref().unwrap().session.clone();

    // Replies by number key; after the first, the server dies.
    app.tap(KeyCode::Digit1);
    until(&mut app, "turn 2", |app| live(app).ready());
    assert_eq!(live(&app).view.as_ref().unwrap().turn, 2);
    let offer = live(&app).view.as_ref().unwrap().offer.clone();
    let address = server.address().to_owned();
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    app.tap(KeyCode::Digit1);
    until(&mut app, "the reply to fail", |app| live(app).failed.is_some());
    let (_, err) = live(&app).failed.clone().unwrap();
    assert!(err.retryable(), "{err}");
    assert!(err.to_string().contains("cannot reach the server"), "{err}");
    assert_eq!(app.screen(), Screen::LiveConversation, "the trainee stays where they were");
    // R again while it is still down: told again, nothing lost.
    app.tap(KeyCode::KeyR);
    until(&mut app, "the retry to fail too", |app| live(app).failed.is_some());

    // Back on the same address and database: R sends the same reply to the same turn.
    server = serve_full(&format!("sqlite:{}", database.display()), 30, &address);
    app.tap(KeyCode::KeyR);
    until(&mut app, "turn 3", |app| live(app).ready() || live(app).is_over());
    let view = live(&app).view.clone().unwrap();
    assert_eq!(view.session, session);
    assert!(view.turn == 3 || view.finished, "{view:?}");
    assert_ne!(view.offer, offer);

    while !live(&app).is_over() {
        app.tap(KeyCode::Digit1);
        until(&mut app, "the next turn", |app| live(app).ready() || live(app).is_over());
    }
    // While the competition is open the round ends on a sealed card: the grade and the
    // trainee's own replies, no best reply; it is read on this screen.
    let view = live(&app).view.clone().unwrap();
    assert!(view.card.is_none(), "no full card while the competition is open");
    let sealed = view.sealed.clone().expect("a sealed card");
    let client = hardcall::records::live::Client::new(&server.url, Duration::from_secs(5), Duration::from_secs(5));
    let board = client.unwrap().leaderboard().unwrap();
    let row = &board["leaderboard"]["rounds"]["double-charge"][0];
    assert_eq!(row["name"], "Ana Lee");
    assert_eq!(row["percent"], sealed.percent);
    app.tap(KeyCode::Enter);
    assert_eq!(app.screen(), Screen::LiveLobby, "the full debrief waits for the close");
    let run = app.world().resource::<LiveRun>();
    assert_eq!(run.results.get(&0), Some(&sealed.percent));
    assert!(run.unfinished.is_empty());
}

#[test]
fn a_round_left_midway_is_rejoined_where_it_waits() {
    let dir = temp_dir("game-rejoin");
    let server = serve(&dir.join("live.sqlite"));
    // The last server joined, as the settings remember it, fills in the address.
    let settings =
        Settings { trainee: "Ana Lee".into(), text_speed: 0, live_server: server.url.clone(), ..Settings::default() };
    let mut app = game_with(settings);
    app.tap(KeyCode::Enter);
    app.tap(KeyCode::KeyL);
    assert_eq!(form(&mut app).address, server.url);
    form(&mut app).code = server.code("Blue");
    app.tap(KeyCode::Enter);
    until(&mut app, "joining", |app| app.world().contains_resource::<LiveRun>());
    app.tap(KeyCode::Digit2);
    assert_eq!(app.world().resource::<LiveRun>().selected, 1);
    app.tap(KeyCode::Enter);
    until(&mut app, "the first turn", |app| live(app).ready());
    app.tap(KeyCode::Digit2);
    until(&mut app, "turn 2", |app| live(app).ready());
    let waiting = live(&app).view.clone().unwrap();
    app.tap(KeyCode::Escape);
    assert_eq!(app.screen(), Screen::LiveLobby);
    assert_eq!(app.world().resource::<LiveRun>().unfinished.get(&1), Some(&waiting.session));
    app.tap(KeyCode::Enter);
    until(&mut app, "the rejoined turn", |app| live(app).ready());
    let rejoined = live(&app).view.clone().unwrap();
    assert_eq!(rejoined, waiting, "the same conversation at the same turn with the same offer");
}
