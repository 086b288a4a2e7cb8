//! DISC personality styles, customer profiles and the weights that make a reply land differently.

use crate::engine::ident::Ident;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One of the four DISC styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DiscStyle {
    Dominant,
    Influential,
    Steady,
    Conscientious,
}

impl DiscStyle {
    pub const ALL: [DiscStyle; 4] =
        [DiscStyle::Dominant, DiscStyle::Influential, DiscStyle::Steady, DiscStyle::Conscientious];

    /// The one-letter code trainers use (`D`, `I`, `S`, `C`).
    pub fn letter(self) -> char {
        match self {
            DiscStyle::Dominant => 'D',
            DiscStyle::Influential => 'I',
            DiscStyle::Steady => 'S',
            DiscStyle::Conscientious => 'C',
        }
    }

    pub fn from_letter(letter: &str) -> Option<DiscStyle> {
        let upper = letter.trim().to_ascii_uppercase();
        DiscStyle::ALL.into_iter().find(|style| {
            upper.len() == 1 && upper.starts_with(style.letter()) || upper == style.to_string().to_ascii_uppercase()
        })
    }
}

impl fmt::Display for DiscStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A customer's personality: a primary style and optionally a secondary one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscProfile {
    pub primary: DiscStyle,
    #[serde(default)]
    pub secondary: Option<DiscStyle>,
}

impl DiscProfile {
    pub fn pure(primary: DiscStyle) -> Self {
        DiscProfile { primary, secondary: None }
    }
}

impl fmt::Display for DiscProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.secondary {
            Some(secondary) if secondary != self.primary => write!(f, "{}/{}", self.primary, secondary),
            _ => write!(f, "{}", self.primary),
        }
    }
}

/// Percentages applied to one strategy for one style: 100 means unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weight {
    pub points: i32,
    pub mood: i32,
}

impl Weight {
    pub const NEUTRAL: Weight = Weight { points: 100, mood: 100 };
}

/// How one style is described to trainees and how it weighs each strategy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSheet {
    pub name: String,
    pub wants: String,
    pub dislikes: String,
    #[serde(default)]
    pub weights: BTreeMap<Ident, Weight>,
}

/// The whole of `assets/disc.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscTable {
    /// Percent of the blended weight that comes from the secondary style.
    pub secondary_share: i32,
    pub styles: BTreeMap<DiscStyle, StyleSheet>,
}

impl DiscTable {
    pub fn sheet(&self, style: DiscStyle) -> Option<&StyleSheet> {
        self.styles.get(&style)
    }

    fn style_weight(&self, style: DiscStyle, strategy: &str) -> Weight {
        self.styles
            .get(&style)
            .and_then(|sheet| sheet.weights.iter().find(|(id, _)| id.as_str() == strategy).map(|(_, w)| *w))
            .unwrap_or(Weight::NEUTRAL)
    }

    /// The weight a customer with `profile` gives `strategy`, blending a secondary style in.
    pub fn weight(&self, profile: DiscProfile, strategy: &str) -> Weight {
        let primary = self.style_weight(profile.primary, strategy);
        match profile.secondary {
            Some(secondary) if secondary != profile.primary => {
                let other = self.style_weight(secondary, strategy);
                let share = self.secondary_share.clamp(0, 100);
                Weight {
                    points: round_div(primary.points * (100 - share) + other.points * share, 100),
                    mood: round_div(primary.mood * (100 - share) + other.mood * share, 100),
                }
            }
            _ => primary,
        }
    }
}

/// Integer division rounding half away from zero, so positive and negative effects scale
/// symmetrically and every machine gets the same answer.
pub fn round_div(numerator: i32, denominator: i32) -> i32 {
    debug_assert!(denominator > 0);
    let half = denominator / 2;
    if numerator >= 0 { (numerator + half) / denominator } else { -((-numerator + half) / denominator) }
}

/// Scales `value` by `percent`, rounding half away from zero.
pub fn scale(value: i32, percent: i32) -> i32 {
    round_div(value * percent, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_symmetric() {
        assert_eq!(round_div(15, 10), 2);
        assert_eq!(round_div(-15, 10), -2);
        assert_eq!(round_div(14, 10), 1);
        assert_eq!(round_div(-14, 10), -1);
        assert_eq!(scale(-12, 150), -18);
        assert_eq!(scale(7, 50), 4);
    }

    #[test]
    fn letters_round_trip() {
        for style in DiscStyle::ALL {
            assert_eq!(DiscStyle::from_letter(&style.letter().to_string()), Some(style));
            assert_eq!(DiscStyle::from_letter(&style.to_string()), Some(style));
        }
        assert_eq!(DiscStyle::from_letter("x"), None);
    }
}
