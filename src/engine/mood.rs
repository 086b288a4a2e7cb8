//! The customer's mood: temper and trust as integers from 0 to 100.

use serde::{Deserialize, Serialize};

/// The lowest value a mood meter can hold.
pub const MOOD_MIN: i32 = 0;
/// The highest value a mood meter can hold.
pub const MOOD_MAX: i32 = 100;

/// How the customer feels right now. Temper is anger (high is bad); trust is faith that
/// the trainee will sort it out (high is good).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mood {
    pub temper: i32,
    pub trust: i32,
}

/// A change to the mood, before clamping.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodDelta {
    #[serde(default)]
    pub temper: i32,
    #[serde(default)]
    pub trust: i32,
}

impl MoodDelta {
    pub const ZERO: MoodDelta = MoodDelta { temper: 0, trust: 0 };

    pub fn plus(self, other: MoodDelta) -> MoodDelta {
        MoodDelta { temper: self.temper.saturating_add(other.temper), trust: self.trust.saturating_add(other.trust) }
    }

    pub fn is_zero(self) -> bool {
        self == MoodDelta::ZERO
    }
}

impl Mood {
    pub fn new(temper: i32, trust: i32) -> Mood {
        Mood { temper, trust }.clamped()
    }

    pub fn clamped(self) -> Mood {
        Mood { temper: self.temper.clamp(MOOD_MIN, MOOD_MAX), trust: self.trust.clamp(MOOD_MIN, MOOD_MAX) }
    }

    /// Applies a change and keeps both meters in range.
    pub fn apply(self, delta: MoodDelta) -> Mood {
        Mood { temper: self.temper.saturating_add(delta.temper), trust: self.trust.saturating_add(delta.trust) }
            .clamped()
    }

    pub fn in_range(self) -> bool {
        (MOOD_MIN..=MOOD_MAX).contains(&self.temper) && (MOOD_MIN..=MOOD_MAX).contains(&self.trust)
    }

    /// A single 0..100 reading of how well things are going, for faces and charts:
    /// calm and trusting is 100, furious and suspicious is 0.
    pub fn wellbeing(self) -> i32 {
        ((MOOD_MAX - self.temper) + self.trust) / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_clamps_both_meters() {
        let mood = Mood::new(95, 3).apply(MoodDelta { temper: 20, trust: -10 });
        assert_eq!(mood, Mood { temper: 100, trust: 0 });
        assert!(mood.in_range());
        assert_eq!(Mood::new(-5, 300), Mood { temper: 0, trust: 100 });
    }

    #[test]
    fn wellbeing_runs_from_furious_to_happy() {
        assert_eq!(Mood::new(100, 0).wellbeing(), 0);
        assert_eq!(Mood::new(0, 100).wellbeing(), 100);
    }
}
