//! egui widget tests with egui_kittest: the choice list, the dossier, the scenario card,
//! the debrief and the settings form, found and clicked by their labels.
#![cfg(feature = "gui")]

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hardcall::app::screens::{conversation, debrief, picker, settings};
use hardcall::app::widgets;
use hardcall::engine::card::{ScoreCard, score_card};
use hardcall::engine::session::Session;
use hardcall::records::settings::Settings;

fn card_for(positions: &[usize]) -> ScoreCard {
    let loaded = common::load("double-charge.ron");
    let variant = loaded.main();
    let (mut session, _) = Session::start(variant.scenario.clone(), 5);
    session.play(positions).unwrap();
    score_card(&session, &variant.analysis)
}

#[test]
fn clicking_a_reply_returns_its_number() {
    let replies = ["I'm sorry, let me fix it.", "That's not our fault."];
    let mut harness = Harness::new_ui_state(
        |ui, picked: &mut Option<usize>| {
            if let Some(n) = conversation::widgets::choice_list(ui, &replies) {
                *picked = Some(n);
            }
        },
        None,
    );
    harness.get_by_label_contains("2.  That's not our fault.").click();
    harness.run();
    assert_eq!(*harness.state(), Some(2));
    harness.get_by_label_contains("1.  I'm sorry").click();
    harness.run();
    assert_eq!(*harness.state(), Some(1));
}

#[test]
fn the_dossier_shows_facts_tickets_and_notes() {
    let loaded = common::load("double-charge.ron");
    let customer = loaded.file().customer.clone();
    let harness = Harness::new_ui(|ui| widgets::dossier(ui, &customer.name, &customer.dossier));
    harness.get_by_label("Dossier: Dana Ortiz");
    for section in ["Account", "Open tickets", "Notes"] {
        harness.get_by_label(section);
    }
    harness.get_by_label_contains("#4821: double charge reported by email");
    harness.get_by_label_contains("Prefers to be called Dana");
}

#[test]
fn a_scenario_card_shows_the_best_score_and_can_be_picked() {
    let loaded = common::load("double-charge.ron");
    let history = hardcall::records::store::Progress { best: 80, last: 70, percents: vec![40, 80, 70] };
    let mut harness = Harness::new_ui_state(
        |ui, clicked: &mut bool| {
            if picker::scenario_card(ui, 1, &loaded, Some(&history), false).clicked() {
                *clicked = true;
            }
        },
        false,
    );
    harness.get_by_label("Charged twice");
    harness.get_by_label("Your best: 80% · last 70% ▲30 · 3 tries");
    harness.get_by_label_contains("phone · Medium");
    harness.get_by_label("Talk to Dana").click();
    harness.run();
    assert!(*harness.state());
}

#[test]
fn the_debrief_table_names_the_best_reply_and_its_teaching() {
    // The worst path: most turns miss the best reply.
    let loaded = common::load("double-charge.ron");
    let worst = loaded.main().analysis.worst.as_ref().unwrap().positions();
    let card = card_for(&worst);
    let harness = Harness::new_ui(|ui| {
        debrief::debrief_summary(ui, &card);
        debrief::strategy_points(ui, &card);
        debrief::debrief_turns(ui, &card, &[3.0, 4.0, 5.0]);
    });
    harness.get_by_label("F");
    let summary = format!("0% · {} points of a possible {}", card.score.total, card.score.best);
    harness.get_by_label_contains(&summary);
    // The rating's parts and the one-sentence rule behind them.
    harness.get_by_label(&card.score.rating.unwrap().summary());
    harness.get_by_label_contains("every anti-pattern lowers the highest grade");
    assert_eq!(
        harness.query_all_by_label_contains(", quality -100):").count(),
        card.turns.iter().filter(|t| t.quality == Some(-100)).count()
    );
    let missed = card.turns.iter().filter(|t| !t.took_best).count();
    assert!(missed * 2 > card.turns.len(), "the worst path misses the best reply at most turns");
    assert_eq!(harness.query_all_by_label_contains("Best reply").count(), missed);
    harness.get_by_label_contains("Turn 1 · answered in 3 s");
    // Every turn teaches the strategies of the reply taken and of the best reply, with the
    // document each comes from.
    for turn in &card.turns {
        for teaching in &turn.teachings {
            let line = format!("{}: {}", teaching.name, teaching.teaching);
            assert!(harness.query_all_by_label_contains(&line).count() >= 1, "turn {}: {line}", turn.turn);
        }
    }
    assert!(harness.query_all_by_label_contains("from 00").count() >= card.turns.len());
    harness.get_by_label("insincere apology");
}

#[test]
fn the_best_path_debrief_marks_every_turn_as_best() {
    let loaded = common::load("double-charge.ron");
    let best = loaded.main().analysis.best.as_ref().unwrap().positions();
    let card = card_for(&best);
    let harness = Harness::new_ui(|ui| {
        debrief::debrief_summary(ui, &card);
        debrief::debrief_turns(ui, &card, &[]);
    });
    harness.get_by_label("A");
    assert_eq!(harness.query_all_by_label("✔ The best reply available.").count(), card.turns.len());
    assert_eq!(harness.query_all_by_label_contains("Best reply (").count(), 0);
}

#[test]
fn the_mood_chart_draws_without_a_window() {
    let moods = [hardcall::engine::mood::Mood::new(72, 30), hardcall::engine::mood::Mood::new(40, 60)];
    let mut harness = Harness::new_ui(|ui| debrief::mood_chart(ui, &moods));
    harness.run();
    harness.get_by_label("temper");
    harness.get_by_label("trust");
}

#[test]
fn the_settings_form_changes_and_reports_a_change() {
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut (Settings, bool)| {
            if settings::settings_form(ui, &mut state.0) {
                state.1 = true;
            }
        },
        (Settings::default(), false),
    );
    harness.get_by_label("Black and white, thicker outlines").click();
    harness.run();
    assert!(harness.state().0.high_contrast);
    assert!(harness.state().1);
    harness.get_by_label("150%").click();
    harness.run();
    assert_eq!(harness.state().0.ui_scale, 150);
}

/// The conversation's stage with `link` as the state of the replies.
fn stage_with(link: conversation::widgets::Link<'static>) -> Harness<'static, Vec<hardcall::app::input::Action>> {
    use conversation::widgets::{Stage, stage};
    static DOSSIER: std::sync::LazyLock<hardcall::engine::scenario::Dossier> =
        std::sync::LazyLock::new(hardcall::engine::scenario::Dossier::default);
    static SAID: std::sync::LazyLock<Vec<conversation::Said>> =
        std::sync::LazyLock::new(|| vec![conversation::Said::Customer("Fix it.".into())]);
    Harness::new_ui_state(
        move |ui, clicked: &mut Vec<hardcall::app::input::Action>| {
            let shown = Stage {
                channel: hardcall::engine::scenario::Channel::Phone,
                title: "Charged twice",
                customer: "Dana Ortiz",
                look: hardcall::engine::look::Appearance::derived("double-charge"),
                personality: "Dominant",
                dossier: &DOSSIER,
                turn: 2,
                turn_limit: 10,
                elapsed: 12.0,
                waiting: 3.0,
                reply_limit: 0,
                shown_mood: (60.0, 40.0),
                mood: hardcall::engine::mood::Mood { temper: 60, trust: 40 },
                reaction: None,
                reaction_points: false,
                expression: None,
                style: None,
                said: &SAID,
                typed: "Fix it.",
                line_finished: true,
                over: None,
                offer: vec!["I'll refund it now.", "Calm down."],
                dossier_open: false,
                link,
            };
            clicked.extend(stage(ui.ctx(), &shown));
        },
        Vec::new(),
    )
}

#[test]
fn the_stage_offers_replies_only_when_nothing_is_on_its_way() {
    use conversation::widgets::Link;
    use hardcall::app::input::Action;
    let mut ready = stage_with(Link::Ready);
    ready.get_by_label_contains("2.  Calm down.").click();
    ready.run();
    assert!(ready.state().contains(&Action::Pick(2)));

    let busy = stage_with(Link::Busy("Sending your reply…"));
    busy.get_by_label("Sending your reply…");
    assert!(busy.query_by_label_contains("Calm down.").is_none(), "no reply can be picked while one is on its way");

    let mut failed = stage_with(Link::Failed { why: "Your reply did not reach the server", retry: true });
    failed.get_by_label("Your reply did not reach the server");
    assert!(failed.query_by_label_contains("Calm down.").is_none());
    failed.get_by_label("Try again (R)").click();
    failed.run();
    assert!(failed.state().contains(&Action::Retry));

    let refused = stage_with(Link::Failed { why: "the competition is closed", retry: false });
    assert!(refused.query_by_label("Try again (R)").is_none(), "a refusal is not worth retrying");
}

/// The stage dressed for `channel`, one reply into the conversation, with the customer's
/// answer still typing out (`typing`) or finished.
fn scene_for(
    channel: hardcall::engine::scenario::Channel,
    typing: bool,
) -> Harness<'static, Vec<hardcall::app::input::Action>> {
    scene_with(channel, typing, &THREAD)
}

static THREAD: std::sync::LazyLock<Vec<conversation::Said>> = std::sync::LazyLock::new(|| {
    vec![
        conversation::Said::Customer("You charged me twice.".into()),
        conversation::Said::Trainee { text: "I can see both charges; I'm refunding one now.".into(), points: Some(8) },
        conversation::Said::Customer("Good. When will I see it?".into()),
    ]
});

/// The stage dressed for `channel` with `said` as the conversation so far.
fn scene_with(
    channel: hardcall::engine::scenario::Channel,
    typing: bool,
    said: &'static [conversation::Said],
) -> Harness<'static, Vec<hardcall::app::input::Action>> {
    use conversation::widgets::{Link, Stage, stage};
    static DOSSIER: std::sync::LazyLock<hardcall::engine::scenario::Dossier> =
        std::sync::LazyLock::new(hardcall::engine::scenario::Dossier::default);
    // The customer's last line, typed out as far as its tenth character or whole.
    let line: &'static str = said
        .iter()
        .rev()
        .find_map(|s| match s {
            conversation::Said::Customer(text) => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or("");
    Harness::new_ui_state(
        move |ui, clicked: &mut Vec<hardcall::app::input::Action>| {
            let shown = Stage {
                channel,
                title: "Charged twice",
                customer: "Dana Ortiz",
                look: hardcall::engine::look::Appearance::derived("double-charge"),
                personality: "Dominant",
                dossier: &DOSSIER,
                turn: 2,
                turn_limit: 10,
                elapsed: 72.0,
                waiting: 0.0,
                reply_limit: 0,
                shown_mood: (40.0, 55.0),
                mood: hardcall::engine::mood::Mood { temper: 40, trust: 55 },
                reaction: None,
                reaction_points: true,
                expression: Some(hardcall::engine::face::Expression::Sceptical),
                style: None,
                said,
                typed: if typing { &line[..10] } else { line },
                line_finished: !typing,
                over: None,
                offer: vec!["In 3 to 5 business days.", "Soon."],
                dossier_open: false,
                link: Link::Ready,
            };
            clicked.extend(stage(ui.ctx(), &shown));
        },
        Vec::new(),
    )
}

#[test]
fn each_channel_has_its_own_scene_and_the_same_replies() {
    use hardcall::app::input::Action;
    use hardcall::engine::scenario::Channel;

    let call = scene_for(Channel::Phone, true);
    call.get_by_label("Call in progress");
    call.get_by_label("01:12");
    call.get_by_label("Dana is speaking");
    call.get_by_label("Live captions");
    assert!(
        scene_for(Channel::Phone, false).query_by_label("Dana is speaking").is_none(),
        "quiet once the line is out"
    );

    let mail = scene_for(Channel::Email, false);
    mail.get_by_label("Draft");
    mail.get_by_label("dana.ortiz@example.com");
    assert_eq!(mail.query_all_by_label("Re: Charged twice").count(), 2, "the replies in the thread are headed Re:");
    // Each message quotes the one it answers.
    mail.get_by_label("Dana Ortiz wrote:");
    mail.get_by_label("Customer support wrote:");
    mail.get_by_label_contains("> I can see both charges");

    // A message that opens with its own subject has it in the headers, not in the body.
    static SUBJECT: std::sync::LazyLock<Vec<conversation::Said>> = std::sync::LazyLock::new(|| {
        vec![conversation::Said::Customer("Subject: Refund, order 88. You charged me twice.".into())]
    });
    let mail = scene_with(Channel::Email, false, &SUBJECT);
    assert!(mail.query_all_by_label("Refund, order 88").count() >= 2, "the thread and its message take the subject");
    mail.get_by_label("You charged me twice.");
    assert!(mail.query_by_label_contains("Subject: Refund").is_none(), "the body does not repeat it");
    mail.get_by_label_contains("Subject: Re: Refund, order 88");

    let typing = scene_for(Channel::Chat, true);
    assert!(typing.query_all_by_label("Dana is typing…").count() >= 1, "the chat says the customer is typing");
    typing.get_by_label("Read");
    assert!(typing.query_by_label_contains("Good. When").is_none(), "a line being typed shows as dots, not text");
    let chat = scene_for(Channel::Chat, false);
    chat.get_by_label("Good. When will I see it?");

    let desk = scene_for(Channel::InPerson, false);
    desk.get_by_label("(Dana folds both arms, one eyebrow raised.)");

    // Whatever the scene, the replies are the same buttons on the same numbers.
    for channel in Channel::ALL {
        let mut scene = scene_for(channel, false);
        scene.get_by_label_contains("2.  Soon.").click();
        scene.run();
        assert!(scene.state().contains(&Action::Pick(2)), "{channel}: the second reply is picked by its button");
    }
}

#[test]
fn the_expression_an_author_gives_a_line_reaches_the_face() {
    use hardcall::app::screens::conversation::Conversation;
    use hardcall::engine::face::Expression;
    let source = std::fs::read_to_string(common::scenarios_dir().join("double-charge.ron")).unwrap();
    // The opening line asks for a hurt face; the shipped file leaves it to the mood.
    let start = source.find("\"open\": Say(").expect("an opening node");
    let with =
        format!("{}\"open\": Say(expression: Hurt, {}", &source[..start], &source[start + "\"open\": Say(".len()..]);
    let loaded = hardcall::authoring::load::load_scenario_source("hurt.ron", &with, &common::knowledge())
        .unwrap_or_else(|f| panic!("{}", f.render()));
    let conversation = Conversation::start(&loaded, 0, 3);
    assert_eq!(conversation.scene.expression, Some(Expression::Hurt));
    let plain = Conversation::start(&common::load("double-charge.ron"), 0, 3);
    assert_eq!(plain.scene.expression, None);
    assert_eq!(conversation.look, loaded.file().appearance(), "the customer looks as the scenario says");
}
