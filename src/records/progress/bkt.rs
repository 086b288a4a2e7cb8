//! Bayesian knowledge tracing (Corbett and Anderson, 1995) in fixed point: the probability
//! that a trainee knows a strategy, updated after every chance to use it.
//!
//! Each chance is an observation: taken or missed. A trainee who knows the strategy misses
//! it only by a slip; one who does not takes it only by a guess. Here the guess rate is not
//! a fitted parameter but read off the turn: the share of replies on offer that would have
//! taken it. After the observation the trainee may learn (the transition). Probabilities are
//! parts per million in integers, rounded half up, so every machine gets the same estimate.

use serde::Serialize;

/// One, in parts per million.
pub const ONE: u64 = 1_000_000;

/// The model's parameters, in parts per million.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Params {
    /// The chance a trainee knows a strategy before any evidence.
    pub init: u64,
    /// The chance of learning it at each chance to use it.
    pub learn: u64,
    /// The chance a trainee who knows it still misses it.
    pub slip: u64,
    /// Guess rates are capped here, below `ONE - slip`: past that a taken chance would lower
    /// the estimate (a turn where almost every reply takes it says almost nothing).
    pub max_guess: u64,
    /// The estimate at which a strategy counts as known (with enough chances, see
    /// `learner::MIN_OPPORTUNITIES`).
    pub mastered: u64,
}

/// Corbett and Anderson's usual starting values; the mastery threshold is theirs (0.95).
pub const DEFAULT: Params =
    Params { init: 200_000, learn: 150_000, slip: 100_000, max_guess: 850_000, mastered: 950_000 };

/// The estimate after one chance: `known` is the estimate before it, `taken` whether it was
/// taken, `hits` of `offered` replies would have taken it.
pub fn observe(params: &Params, known: u64, taken: bool, hits: u32, offered: u32) -> u64 {
    let known = known.min(ONE);
    // The guess rate as a fraction guess_num / guess_den (each at most a million), capped.
    let (mut guess_num, mut guess_den) = (u64::from(hits), u64::from(offered.max(1)));
    if guess_num * ONE > params.max_guess * guess_den || guess_den > ONE {
        (guess_num, guess_den) = ((guess_num * ONE / guess_den).min(params.max_guess), ONE);
    }
    // P(known and this observation) and P(not known and this observation), on a common scale
    // of at most 10^18 each, so their sum fits in 64 bits.
    let (if_known, if_not) = if taken {
        (known * (ONE - params.slip) * guess_den, (ONE - known) * guess_num * ONE)
    } else {
        (known * params.slip * guess_den, (ONE - known) * (guess_den - guess_num) * ONE)
    };
    let total = if_known + if_not;
    let posterior = if total == 0 {
        known
    } else if let Some(scaled) = if_known.checked_mul(ONE).and_then(|n| n.checked_add(total / 2)) {
        // With a few replies on offer the product fits in 64 bits...
        scaled / total
    } else {
        // ...and where it does not (a capped guess rate), 128 bits give the same answer.
        ((u128::from(if_known) * u128::from(ONE) + u128::from(total / 2)) / u128::from(total)) as u64
    };
    let learnt = posterior + ((ONE - posterior) * params.learn + ONE / 2) / ONE;
    learnt.min(ONE)
}

/// The estimate after a run of chances from the prior, each (taken, hits, offered).
pub fn trace(params: &Params, chances: &[(bool, u32, u32)]) -> u64 {
    chances.iter().fold(params.init, |known, &(taken, hits, offered)| observe(params, known, taken, hits, offered))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same update in floating point, as the papers write it.
    fn reference(known: f64, taken: bool, guess: f64) -> f64 {
        let (slip, learn) = (0.1, 0.15);
        let posterior = if taken {
            known * (1.0 - slip) / (known * (1.0 - slip) + (1.0 - known) * guess)
        } else {
            known * slip / (known * slip + (1.0 - known) * (1.0 - guess))
        };
        posterior + (1.0 - posterior) * learn
    }

    #[test]
    fn the_update_is_the_published_one_to_a_millionth() {
        let mut fixed = DEFAULT.init;
        let mut float = 0.2;
        for (taken, hits, offered) in [(true, 1, 3), (true, 1, 4), (false, 2, 4), (true, 1, 2), (true, 1, 3)] {
            fixed = observe(&DEFAULT, fixed, taken, hits, offered);
            float = reference(float, taken, f64::from(hits) / f64::from(offered));
            assert!((fixed as f64 / 1e6 - float).abs() < 3e-6, "{fixed} against {float}");
        }
    }

    #[test]
    fn worked_example_four_chances_taken_at_one_in_three() {
        // By hand: 0.2 → 0.4925 → 0.7652 → 0.9133 → 0.9711 (to four places).
        let steps: Vec<u64> = (1..=4).map(|n| trace(&DEFAULT, &vec![(true, 1, 3); n])).collect();
        assert_eq!(steps.iter().map(|p| (p + 50) / 100).collect::<Vec<_>>(), [4925, 7652, 9133, 9711]);
        assert!(steps[2] < DEFAULT.mastered && steps[3] >= DEFAULT.mastered);
    }

    #[test]
    fn a_taken_chance_never_lowers_the_estimate_and_a_miss_never_raises_it_past_learning() {
        for known in (0..=ONE).step_by(50_000) {
            for offered in 2..=12u32 {
                for hits in 1..offered {
                    let up = observe(&DEFAULT, known, true, hits, offered);
                    assert!(up >= known, "{known} {hits}/{offered}");
                    let down = observe(&DEFAULT, known, false, offered - hits, offered);
                    // A miss can only be followed by the learning step.
                    assert!(down <= known + (ONE - known) * DEFAULT.learn / ONE + 1, "{known}");
                }
            }
        }
    }

    #[test]
    fn an_easy_guess_says_less_than_a_hard_one() {
        let hard = observe(&DEFAULT, DEFAULT.init, true, 1, 4);
        let easy = observe(&DEFAULT, DEFAULT.init, true, 3, 4);
        assert!(hard > easy, "{hard} {easy}");
        // A miss weighs slip / (1 − guess): where most replies would have taken the chance, a
        // miss is unlikely whether the trainee knows the strategy or not, so it says less.
        assert!(observe(&DEFAULT, 500_000, false, 3, 4) > observe(&DEFAULT, 500_000, false, 1, 4));
    }
}
