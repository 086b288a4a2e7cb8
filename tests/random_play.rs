//! Property test: random replies on every scenario never panic, always end within the turn
//! limit, keep the mood in range, and score between the proven worst and best.

mod common;

use hardcall::authoring::load::LoadedScenario;
use hardcall::engine::session::Session;
use proptest::prelude::*;
use std::sync::OnceLock;

fn shipped() -> &'static [LoadedScenario] {
    static SHIPPED: OnceLock<Vec<LoadedScenario>> = OnceLock::new();
    SHIPPED.get_or_init(common::shipped)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_play_always_ends_well_formed(seed in any::<u64>(), picks in proptest::collection::vec(any::<u32>(), 64)) {
        for loaded in shipped() {
            for variant in &loaded.variants {
                let (mut session, _) = Session::start(variant.scenario.clone(), seed);
                let mut picks = picks.iter();
                while !session.is_over() {
                    let offered = session.offered().len();
                    prop_assert!(offered > 0, "{}: no reply offered", loaded.file_name);
                    let pick = picks.next().copied().unwrap_or(0) as usize % offered + 1;
                    session.choose(pick).unwrap();
                    prop_assert!(session.mood().in_range());
                    prop_assert!(session.turns().len() <= variant.scenario.turn_limit() as usize,
                        "{}: ran past the turn limit", loaded.file_name);
                }
                let analysis = &variant.analysis;
                prop_assert!(session.points() <= analysis.best_total());
                prop_assert!(session.points() >= analysis.worst_total());
                let rating = analysis.rate_session(&session);
                prop_assert!((0..=100).contains(&rating.percent));
                // A mistake always costs the A.
                let slipped = session.turns().iter().any(|t| variant.scenario.choice(t.before.node, t.choice).commits_anti_pattern);
                prop_assert!(!slipped || rating.percent < 90, "{}: an anti-pattern earned {}%", loaded.file_name, rating.percent);
                // Nothing rates above the best path, which rates 100.
                if let Some(dirty) = analysis.best_anti_pattern_percent.filter(|_| slipped) {
                    prop_assert!(rating.percent <= dirty, "{}: {}% beats the best anti-pattern path's {dirty}%", loaded.file_name, rating.percent);
                }
                prop_assert!(session.choose(1).is_err(), "a finished session refused no reply");
            }
        }
    }
}
