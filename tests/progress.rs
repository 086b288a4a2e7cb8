//! Progress per strategy: made-up histories whose answer is worked out by hand give the
//! expected estimates, states, review dates and plan; evidence from the shipped scenarios
//! is what their replies show; a review counts only the turns chosen afresh.

mod common;

use hardcall::engine::card::score_card;
use hardcall::engine::catalogue::Knowledge;
use hardcall::engine::session::Session;
use hardcall::records::attempts::{Attempt, Review};
use hardcall::records::progress::evidence::{AttemptEvidence, Opportunity};
use hardcall::records::progress::learner::{MIN_OPPORTUNITIES, Tally};
use hardcall::records::progress::{
    Clock, Offer, Options, SkillState, attempt_evidence, learner_progress, offers, plan,
};
use hardcall::records::time::parse_utc;
use std::collections::BTreeMap;

fn catalogue() -> hardcall::engine::Catalogue {
    Knowledge::builtin().catalogue
}

fn skill(id: &str) -> u32 {
    catalogue().index_of(id).unwrap_or_else(|| panic!("{id} is in the catalogue")) as u32
}

/// Noon UTC on a day of November 2026.
fn noon(day: u32) -> i64 {
    parse_utc(&format!("2026-11-{day:02}T12:00:00Z")).unwrap()
}

/// A made-up attempt's evidence: chances as (skill, taken, hits, offered), one per turn.
fn evidence(id: &str, scenario: &str, disc: &str, at_ms: i64, chances: &[(&str, bool, u32, u32)]) -> AttemptEvidence {
    AttemptEvidence {
        attempt: id.to_owned(),
        trainee: "Ana".to_owned(),
        scenario: scenario.to_owned(),
        scenario_hash: format!("{scenario}-hash"),
        disc: disc.to_owned(),
        ended_at_ms: at_ms,
        percent: 50,
        review_of: None,
        mistakes: chances
            .iter()
            .enumerate()
            .filter(|(_, (id, taken, _, _))| {
                !taken && catalogue().get(id).unwrap().kind == hardcall::engine::StrategyKind::AntiPattern
            })
            .map(|(turn, (id, _, _, _))| (turn as u32, skill(id)))
            .collect(),
        opportunities: chances
            .iter()
            .enumerate()
            .map(|(turn, &(id, taken, hits, offered))| Opportunity {
                turn: turn as u32,
                skill: skill(id),
                taken,
                hits,
                offered,
            })
            .collect(),
    }
}

/// The history worked out by hand (the update of `bkt`, step by step):
/// - set expectations taken 4 times out of 4, at one reply in three, in two scenarios on
///   10 November: 0.2 → 0.492537 → 0.765232 → 0.913272 → 0.971120, mastered, half-life 2 days;
/// - empathy taken once in 5 chances at one in four: ends at 0.187263, practising;
/// - overpromising on offer three times (two replies of three avoid it), committed once:
///   0.364486 → 0.274781 → 0.437647;
/// - active listening never offered: new.
fn history() -> Vec<AttemptEvidence> {
    vec![
        evidence(
            "a1",
            "double-charge",
            "Dominant",
            noon(10),
            &[("set_expectations", true, 1, 3), ("set_expectations", true, 1, 3), ("empathy", false, 1, 4)],
        ),
        evidence(
            "a2",
            "late-delivery-email",
            "Steady",
            noon(10) + 60_000,
            &[
                ("set_expectations", true, 1, 3),
                ("set_expectations", true, 1, 3),
                ("empathy", false, 1, 4),
                ("overpromising", true, 2, 3),
            ],
        ),
        evidence(
            "a3",
            "double-charge",
            "Dominant",
            noon(11),
            &[("empathy", true, 1, 4), ("overpromising", false, 2, 3), ("empathy", false, 1, 4)],
        ),
        evidence(
            "a4",
            "double-charge",
            "Dominant",
            noon(12),
            &[("empathy", false, 1, 4), ("overpromising", true, 2, 3)],
        ),
    ]
}

fn options(today: u32) -> Options {
    Options::new(Clock { now_ms: noon(today), utc_offset_minutes: 0 })
}

#[test]
fn a_made_up_history_gives_the_estimates_and_states_worked_out_by_hand() {
    let progress = learner_progress("Ana", &history(), &catalogue(), &options(11));
    let expectations = progress.skill("set_expectations").unwrap();
    assert_eq!(expectations.estimate, 971_120);
    assert_eq!(expectations.tally, Tally { taken: 4, offered: 4 });
    assert_eq!(expectations.contexts, 2);
    assert_eq!(expectations.state, SkillState::Mastered);
    assert_eq!(expectations.first, Some(Tally { taken: 2, offered: 2 }));
    // Mastered after the second attempt, the one that made it four chances in two scenarios.
    assert_eq!(expectations.mastered.len(), 1);
    assert_eq!(expectations.mastered[0].attempt, "a2");
    // One clean day of practice: a half-life of two days, so due on the 12th.
    assert_eq!(expectations.half_life_days, Some(2));
    assert_eq!(expectations.review_on.map(|d| d.date()), Some("2026-11-12".to_owned()));

    let empathy = progress.skill("empathy").unwrap();
    assert_eq!(empathy.estimate, 187_263);
    assert_eq!(empathy.tally, Tally { taken: 1, offered: 5 });
    assert_eq!(empathy.state, SkillState::Practising);
    assert_eq!(empathy.first, Some(Tally { taken: 0, offered: 1 }));
    assert_eq!(empathy.latest, Some(Tally { taken: 0, offered: 1 }));
    // A day with a miss puts it in the first box: review the next day.
    assert_eq!(empathy.review_on.map(|d| d.date()), Some("2026-11-13".to_owned()));

    let overpromising = progress.skill("overpromising").unwrap();
    assert!(overpromising.avoid);
    assert_eq!(overpromising.name, "Avoiding: Promising what cannot be kept");
    assert_eq!(overpromising.estimate, 437_647);
    assert_eq!(overpromising.tally, Tally { taken: 2, offered: 3 });

    let listening = progress.skill("active_listening").unwrap();
    assert_eq!((listening.state, listening.tally.offered, listening.review_on), (SkillState::New, 0, None));

    // The mistake (overpromising at the second turn of a3) is there to review.
    assert_eq!(progress.mistakes.len(), 1);
    let mistake = &progress.mistakes[0];
    assert_eq!((mistake.attempt.as_str(), mistake.turn, mistake.skill.as_str()), ("a3", 1, "overpromising"));
    assert!(!mistake.reviewed);
    assert_eq!(progress.attempts, 4);
}

#[test]
fn mastery_needs_two_scenario_personalities_and_enough_chances() {
    // The same four chances in one scenario personality only: practising, whatever the estimate.
    let mut one_place = history();
    one_place[1].scenario = "double-charge".into();
    one_place[1].disc = "Dominant".into();
    let progress = learner_progress("Ana", &one_place, &catalogue(), &options(11));
    let expectations = progress.skill("set_expectations").unwrap();
    assert_eq!(expectations.estimate, 971_120);
    assert_eq!((expectations.contexts, expectations.state), (1, SkillState::Practising));
    // The same scenario with another personality counts as another place.
    one_place[1].disc = "Steady".into();
    let progress = learner_progress("Ana", &one_place, &catalogue(), &options(11));
    assert_eq!(progress.skill("set_expectations").unwrap().state, SkillState::Mastered);
    // Three chances are not enough, even all taken at long odds.
    let three = vec![
        evidence("b1", "x", "Dominant", noon(10), &[("honesty", true, 1, 5), ("honesty", true, 1, 5)]),
        evidence("b2", "y", "Dominant", noon(10), &[("honesty", true, 1, 5)]),
    ];
    let progress = learner_progress("Ana", &three, &catalogue(), &options(11));
    let honesty = progress.skill("honesty").unwrap();
    assert!(honesty.estimate >= 950_000, "{}", honesty.estimate);
    assert!(honesty.tally.offered < MIN_OPPORTUNITIES);
    assert_eq!(honesty.state, SkillState::Practising);
}

#[test]
fn a_mastered_strategy_falls_due_on_its_review_date() {
    let history = history();
    assert_eq!(
        learner_progress("Ana", &history, &catalogue(), &options(11)).skill("set_expectations").unwrap().state,
        SkillState::Mastered
    );
    for day in [12, 20] {
        let progress = learner_progress("Ana", &history, &catalogue(), &options(day));
        assert_eq!(progress.skill("set_expectations").unwrap().state, SkillState::DueForReview, "on the {day}th");
    }
    // Reviewed cleanly on the due date: a half-life of four days, mastered until the 16th.
    let mut later = history.clone();
    later.push(evidence("a5", "outage-chat", "Influential", noon(12) + 1, &[("set_expectations", true, 1, 3)]));
    let progress = learner_progress("Ana", &later, &catalogue(), &options(13));
    let expectations = progress.skill("set_expectations").unwrap();
    assert_eq!(expectations.state, SkillState::Mastered);
    assert_eq!(expectations.half_life_days, Some(4));
    assert_eq!(expectations.review_on.map(|d| d.date()), Some("2026-11-16".to_owned()));
}

#[test]
fn days_in_a_row_and_the_weekly_goal() {
    // The 10th to the 12th of November 2026 are a Tuesday to a Thursday.
    let progress = learner_progress("Ana", &history(), &catalogue(), &options(12));
    assert_eq!((progress.streak, progress.practised_today), (3, true));
    assert_eq!(progress.week.starts.date(), "2026-11-09");
    assert_eq!((progress.week.done, progress.week.goal), (4, 5));
    // Friday: today not practised yet, the streak stands; Saturday it is gone.
    assert_eq!(learner_progress("Ana", &history(), &catalogue(), &options(13)).streak, 3);
    assert_eq!(learner_progress("Ana", &history(), &catalogue(), &options(14)).streak, 0);
    // A new week counts from zero.
    assert_eq!(learner_progress("Ana", &history(), &catalogue(), &options(16)).week.done, 0);
    // Another trainee's evidence is not this one's.
    let mut mixed = history();
    mixed[0].trainee = "Bo".into();
    assert_eq!(learner_progress("Ana", &mixed, &catalogue(), &options(12)).attempts, 3);
}

fn offer(scenario: &str, customer: &str, chances: &[(&str, u32)]) -> Offer {
    Offer {
        file_name: format!("{scenario}.ron"),
        scenario: scenario.to_owned(),
        title: scenario.to_owned(),
        customer: customer.to_owned(),
        variant: 0,
        disc: "Dominant".to_owned(),
        several: false,
        chances: chances.iter().map(|(id, n)| ((*id).to_owned(), *n)).collect::<BTreeMap<_, _>>(),
    }
}

#[test]
fn the_plan_picks_what_offers_the_weakest_strategies_and_says_why() {
    let progress = learner_progress("Ana", &history(), &catalogue(), &options(11));
    let offers = [
        // Set expectations is mastered: offering it is worth nothing today.
        offer("mastered-only", "Kim Park", &[("set_expectations", 6)]),
        // Empathy needs 1 − 0.187263 = 0.812737 a chance: 3 chances, 2.438211.
        offer("dana", "Dana Ortiz", &[("empathy", 3)]),
        // Overpromising needs 0.562353: 2 chances, 1.124706; active listening (never met)
        // needs a quarter of 0.8, 0.2.
        offer("ruth", "Ruth Cole", &[("overpromising", 2), ("active_listening", 1)]),
        // Active listening alone: 5 chances, of which 3 count, 0.6.
        offer("sam", "Sam Hill", &[("active_listening", 5)]),
    ];
    let picks = plan(&progress, &offers);
    let order: Vec<&str> = picks.iter().map(|p| p.scenario.as_str()).collect();
    // Dana (2.438), then Ruth (1.325 against Sam's 0.6), then Sam, whose need for active
    // listening Ruth halved (3 × 0.1 = 0.3).
    assert_eq!(order, ["dana", "ruth", "sam"]);
    assert_eq!(picks[0].reason, "you missed empathy 4 of 5 times; Dana offers it 3 times");
    assert_eq!(
        picks[1].reason,
        "you slipped into promising what cannot be kept 1 of 3 times it was on offer; Ruth offers it twice"
    );
    assert_eq!(picks[2].reason, "you have not met active listening yet; Sam offers it 5 times");
    assert_eq!(picks[1].skills, ["overpromising", "active_listening"]);
}

#[test]
fn a_strategy_due_for_review_comes_into_the_plan() {
    let progress = learner_progress("Ana", &history(), &catalogue(), &options(12));
    let offers = [offer("kim", "Kim Park", &[("set_expectations", 2)]), offer("dana", "Dana Ortiz", &[("empathy", 1)])];
    let picks = plan(&progress, &offers);
    // Due: at least half a need a chance, 2 × (0.5 + 0.01444) against empathy's 0.81.
    assert_eq!(picks[0].scenario, "kim");
    assert_eq!(picks[0].reason, "Set expectations is due for review (last practised 2026-11-10); Kim offers it twice");
}

#[test]
fn a_mistake_reviewed_and_fixed_is_marked() {
    let mut history = history();
    let mut review = evidence("r1", "double-charge", "Dominant", noon(12) + 5, &[("overpromising", true, 2, 3)]);
    review.opportunities[0].turn = 1;
    review.review_of = Some(("a3".into(), 1));
    history.push(review);
    let progress = learner_progress("Ana", &history, &catalogue(), &options(12));
    assert_eq!((progress.attempts, progress.reviews), (4, 1));
    let mistake = progress.mistakes.iter().find(|m| m.attempt == "a3").unwrap();
    assert!(mistake.reviewed && mistake.fixed);
    assert_eq!(progress.to_review().count(), 0);
    // A review is not a fresh attempt at the scenario: the plan's count of plays ignores it.
    let played = progress.played.iter().find(|p| p.scenario == "double-charge").unwrap();
    assert_eq!(played.times, 3);
}

#[test]
fn the_best_path_takes_every_chance_and_the_worst_misses_them() {
    for loaded in common::shipped() {
        for variant in &loaded.variants {
            let analysis = &variant.analysis;
            for (path, clean) in [(analysis.best.as_ref().unwrap(), true), (analysis.worst.as_ref().unwrap(), false)] {
                let (mut session, _) = Session::start(variant.scenario.clone(), 3);
                session.play(&path.positions()).unwrap();
                let card = score_card(&session, analysis);
                let attempt =
                    Attempt::record(&loaded, &session, &card, "Ana", None, vec![0; path.steps.len()], noon(1), noon(1));
                let evidence = attempt_evidence(&attempt, std::slice::from_ref(&loaded)).unwrap();
                if clean {
                    assert!(evidence.opportunities.iter().all(|o| o.taken), "{} {}", loaded.file_name, attempt.disc);
                    assert!(!evidence.opportunities.is_empty());
                    assert!(evidence.mistakes.is_empty());
                } else {
                    assert!(evidence.opportunities.iter().any(|o| !o.taken), "{} {}", loaded.file_name, attempt.disc);
                }
                for o in &evidence.opportunities {
                    assert!(o.hits >= 1 && o.hits < o.offered, "a chance is a real choice: {o:?}");
                }
            }
        }
    }
}

#[test]
fn a_review_gives_evidence_only_from_the_turn_chosen_again() {
    let loaded = common::load("double-charge.ron");
    let variant = loaded.main();
    let worst = variant.analysis.worst.as_ref().unwrap().positions();
    let (mut session, _) = Session::start(variant.scenario.clone(), 5);
    session.play(&worst).unwrap();
    let card = score_card(&session, &variant.analysis);
    let original = Attempt::record(&loaded, &session, &card, "Ana", None, vec![0; worst.len()], noon(1), noon(1));
    let all = attempt_evidence(&original, std::slice::from_ref(&loaded)).unwrap();
    let first_mistake = all.mistakes[0].0 as usize;

    // Resume at the first mistake: the replies before it as they were, then the best replies.
    let (mut review_session, _) = Session::start(variant.scenario.clone(), 5);
    review_session.play(&worst[..first_mistake]).unwrap();
    while let Some((choice, _)) = variant.analysis.best_choice(review_session.state()) {
        let position = review_session.offered().iter().position(|&c| c == choice).unwrap() + 1;
        review_session.choose(position).unwrap();
    }
    let card = score_card(&review_session, &variant.analysis);
    let turns = review_session.turns().len();
    let mut review = Attempt::record(&loaded, &review_session, &card, "Ana", None, vec![0; turns], noon(2), noon(2));
    review.review = Some(Review { of: original.id.clone(), turn: first_mistake });
    review.id = review.content_id();
    let evidence = attempt_evidence(&review, std::slice::from_ref(&loaded)).unwrap();
    assert_eq!(evidence.review_of, Some((original.id.clone(), first_mistake as u32)));
    assert!(evidence.opportunities.iter().all(|o| o.turn as usize >= first_mistake));
    assert!(evidence.opportunities.iter().all(|o| o.taken));
    assert!(evidence.mistakes.is_empty());
    // A review that claims a turn past its replies is refused.
    let mut bad = review.clone();
    bad.review = Some(Review { of: original.id.clone(), turn: 99 });
    bad.id = bad.content_id();
    assert!(attempt_evidence(&bad, std::slice::from_ref(&loaded)).is_err());
    // Reviews are left out of the best scores.
    let mut store = hardcall::records::store::Store::in_memory();
    store.insert(&original).unwrap();
    store.insert(&review).unwrap();
    let history = store.history("Ana").unwrap();
    assert_eq!(history["double-charge"].percents, vec![original.score.percent]);
}

#[test]
fn what_a_scenario_offers_is_counted_on_its_best_path() {
    let library = common::shipped();
    let offers = offers(&library);
    let personalities: usize = library.iter().map(|l| l.variants.len()).sum();
    assert_eq!(offers.len(), personalities);
    for offer in &offers {
        assert!(offer.chances.values().sum::<u32>() > 0, "{} offers nothing", offer.scenario);
    }
}

#[test]
fn evidence_is_kept_beside_the_attempts_and_rebuilt_when_the_model_changes() {
    use hardcall::records::progress::history::gather;
    let library = common::shipped();
    let dir = tempfile::tempdir().unwrap();
    let mut store = hardcall::records::store::Store::open(&dir.path().join("attempts.sqlite")).unwrap();
    for (i, loaded) in library.iter().take(4).enumerate() {
        let variant = loaded.main();
        let path = if i % 2 == 0 { &variant.analysis.worst } else { &variant.analysis.best };
        let positions = path.as_ref().unwrap().positions();
        let (mut session, _) = Session::start(variant.scenario.clone(), i as u64);
        session.play(&positions).unwrap();
        let card = score_card(&session, &variant.analysis);
        let ms = vec![0; positions.len()];
        store
            .insert(&Attempt::record(loaded, &session, &card, "Ana", None, ms, noon(i as u32 + 1), noon(i as u32 + 1)))
            .unwrap();
    }
    let knowledge = common::knowledge();
    let first = gather(&store, &library, &knowledge, Some("Ana")).unwrap();
    assert_eq!((first.evidence.len(), first.fresh.len()), (4, 4), "replayed the first time");
    first.keep(&mut store).unwrap();
    let again = gather(&store, &library, &knowledge, Some("Ana")).unwrap();
    assert!(again.fresh.is_empty(), "read back the second time");
    let by_id = |mut evidence: Vec<AttemptEvidence>| {
        evidence.sort_by(|a, b| a.attempt.cmp(&b.attempt));
        evidence
    };
    assert_eq!(by_id(again.evidence), by_id(first.evidence.clone()), "what is kept is what a replay gives");
    // Other knowledge is another model: everything is worked out again.
    let mut other = (*knowledge).clone();
    other.disc.secondary_share += 1;
    let rebuilt = gather(&store, &library, &other, Some("Ana")).unwrap();
    assert_eq!(rebuilt.fresh.len(), 4);
    // An attempt on a scenario version no longer here counts no more, kept or not.
    let fewer = gather(&store, &library[1..], &knowledge, Some("Ana")).unwrap();
    assert_eq!((fewer.evidence.len(), fewer.skipped.len()), (3, 1));
}
