//! What the customer looks like: the optional `look` a scenario gives its customer, and the
//! whole appearance the game draws from it.
//!
//! What a look leaves out is derived from the scenario id, so the same customer always looks
//! the same. Only the things everybody has are ever derived (age, hair, skin, clothes);
//! features a person may or may not have (facial hair, glasses, headwear, earrings) appear
//! only when the scenario names them, so no customer is drawn with a beard their author did
//! not give them.

use crate::engine::session::splitmix64;
use serde::{Deserialize, Serialize};

/// How old the customer looks, in bands a portrait can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Age {
    /// About 18 to 29.
    Young,
    /// About 30 to 44.
    Adult,
    /// About 45 to 64: a few lines, hair may be greying.
    MiddleAged,
    /// 65 and over: lines around the eyes and mouth, grey or white hair unless told otherwise.
    Senior,
}

impl Age {
    pub const ALL: [Age; 4] = [Age::Young, Age::Adult, Age::MiddleAged, Age::Senior];
}

/// The cut of the customer's hair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Hair {
    Bald,
    /// Hair on the sides and back only.
    Receding,
    /// Very short all over.
    Cropped,
    Short,
    Curly,
    /// Ear-length and wavy.
    Wavy,
    /// Chin-length with a fringe.
    Bob,
    /// Past the shoulders.
    Long,
    Ponytail,
    Bun,
    Afro,
}

impl Hair {
    pub const ALL: [Hair; 11] = [
        Hair::Bald,
        Hair::Receding,
        Hair::Cropped,
        Hair::Short,
        Hair::Curly,
        Hair::Wavy,
        Hair::Bob,
        Hair::Long,
        Hair::Ponytail,
        Hair::Bun,
        Hair::Afro,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HairColour {
    Black,
    DarkBrown,
    Brown,
    Auburn,
    Red,
    Blonde,
    /// Dark hair going grey.
    Greying,
    #[serde(alias = "Gray")]
    Grey,
    White,
}

impl HairColour {
    pub const ALL: [HairColour; 9] = [
        HairColour::Black,
        HairColour::DarkBrown,
        HairColour::Brown,
        HairColour::Auburn,
        HairColour::Red,
        HairColour::Blonde,
        HairColour::Greying,
        HairColour::Grey,
        HairColour::White,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FacialHair {
    Stubble,
    Moustache,
    Goatee,
    Beard,
}

impl FacialHair {
    pub const ALL: [FacialHair; 4] =
        [FacialHair::Stubble, FacialHair::Moustache, FacialHair::Goatee, FacialHair::Beard];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Glasses {
    Round,
    Square,
    /// Half-frames worn low on the nose.
    Reading,
}

/// Skin tones, lightest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Skin {
    Pale,
    Light,
    Medium,
    Olive,
    Brown,
    Deep,
}

impl Skin {
    pub const ALL: [Skin; 6] = [Skin::Pale, Skin::Light, Skin::Medium, Skin::Olive, Skin::Brown, Skin::Deep];
}

/// The main colour of what the customer wears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Clothing {
    Navy,
    Black,
    #[serde(alias = "Gray")]
    Grey,
    White,
    Blue,
    Teal,
    Green,
    Olive,
    Burgundy,
    Red,
    Mustard,
    Pink,
    Purple,
    Brown,
    Beige,
    /// Safety orange, for work clothes.
    Orange,
}

impl Clothing {
    pub const ALL: [Clothing; 16] = [
        Clothing::Navy,
        Clothing::Black,
        Clothing::Grey,
        Clothing::White,
        Clothing::Blue,
        Clothing::Teal,
        Clothing::Green,
        Clothing::Olive,
        Clothing::Burgundy,
        Clothing::Red,
        Clothing::Mustard,
        Clothing::Pink,
        Clothing::Purple,
        Clothing::Brown,
        Clothing::Beige,
        Clothing::Orange,
    ];
}

/// What kind of top the customer wears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outfit {
    #[serde(alias = "TShirt")]
    Tshirt,
    Shirt,
    Blouse,
    /// Jacket and tie.
    Suit,
    /// Jacket over an open-necked shirt.
    Blazer,
    Jumper,
    Cardigan,
    Hoodie,
    /// A work jacket with reflective stripes.
    Workwear,
}

impl Outfit {
    pub const ALL: [Outfit; 9] = [
        Outfit::Tshirt,
        Outfit::Shirt,
        Outfit::Blouse,
        Outfit::Suit,
        Outfit::Blazer,
        Outfit::Jumper,
        Outfit::Cardigan,
        Outfit::Hoodie,
        Outfit::Workwear,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Headwear {
    /// A baseball cap.
    Cap,
    Beanie,
    /// A scarf covering the hair.
    Headscarf,
    /// A phone headset with a microphone.
    Headset,
}

/// The customer's looks as the scenario writes them; everything may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Look {
    #[serde(default)]
    pub age: Option<Age>,
    #[serde(default)]
    pub hair: Option<Hair>,
    #[serde(default, alias = "hair_color")]
    pub hair_colour: Option<HairColour>,
    /// None unless written.
    #[serde(default)]
    pub facial_hair: Option<FacialHair>,
    /// None unless written.
    #[serde(default)]
    pub glasses: Option<Glasses>,
    #[serde(default)]
    pub skin: Option<Skin>,
    #[serde(default)]
    pub clothing: Option<Clothing>,
    #[serde(default)]
    pub outfit: Option<Outfit>,
    /// None unless written.
    #[serde(default)]
    pub headwear: Option<Headwear>,
    #[serde(default)]
    pub earrings: bool,
}

/// Everything the portrait needs about how the customer looks, nothing left open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Appearance {
    pub age: Age,
    pub hair: Hair,
    pub hair_colour: HairColour,
    pub facial_hair: Option<FacialHair>,
    pub glasses: Option<Glasses>,
    pub skin: Skin,
    pub clothing: Clothing,
    pub outfit: Outfit,
    pub headwear: Option<Headwear>,
    pub earrings: bool,
    /// Small differences of face shape (width, eye spacing, nose, brows) so two customers
    /// with the same look are still two people; from the same hash as everything derived.
    pub variation: u64,
}

/// FNV-1a: a stable hash of a name, the same on every machine and release.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Hair cuts a derived look picks from: ones nobody reads as belonging to one sex, so a
/// derived look never contradicts the customer's name.
const DERIVED_HAIR: [Hair; 3] = [Hair::Short, Hair::Curly, Hair::Wavy];
/// Clothes a derived look picks from: plain colours and everyday tops.
const DERIVED_CLOTHING: [Clothing; 8] = [
    Clothing::Navy,
    Clothing::Grey,
    Clothing::Blue,
    Clothing::Teal,
    Clothing::Green,
    Clothing::Burgundy,
    Clothing::Mustard,
    Clothing::Purple,
];
const DERIVED_OUTFIT: [Outfit; 3] = [Outfit::Shirt, Outfit::Jumper, Outfit::Tshirt];

impl Look {
    /// The whole appearance: what the look says, and what it leaves out derived from `key`
    /// (the scenario id). Facial hair, glasses, headwear and earrings are never derived.
    pub fn appearance(&self, key: &str) -> Appearance {
        let mut state = stable_hash(key);
        // One draw per attribute, in a fixed order, whether it is used or not: writing one
        // attribute into a look never changes the others.
        let mut draw = |n: usize| (splitmix64(&mut state) >> 33) as usize % n;
        let age = [Age::Young, Age::Adult, Age::Adult, Age::MiddleAged][draw(4)];
        let hair = DERIVED_HAIR[draw(DERIVED_HAIR.len())];
        let colour_pick = draw(100);
        let skin = Skin::ALL[draw(Skin::ALL.len())];
        let clothing = DERIVED_CLOTHING[draw(DERIVED_CLOTHING.len())];
        let outfit = DERIVED_OUTFIT[draw(DERIVED_OUTFIT.len())];
        let variation = splitmix64(&mut state);
        let age = self.age.unwrap_or(age);
        let skin = self.skin.unwrap_or(skin);
        Appearance {
            age,
            hair: self.hair.unwrap_or(hair),
            hair_colour: self.hair_colour.unwrap_or_else(|| derived_hair_colour(age, skin, colour_pick)),
            facial_hair: self.facial_hair,
            glasses: self.glasses,
            skin,
            clothing: self.clothing.unwrap_or(clothing),
            outfit: self.outfit.unwrap_or(outfit),
            headwear: self.headwear,
            earrings: self.earrings,
            variation,
        }
    }
}

/// A hair colour that fits the age (grey or white for seniors, sometimes greying in middle
/// age) and is common with the skin tone; `pick` is 0..100.
fn derived_hair_colour(age: Age, skin: Skin, pick: usize) -> HairColour {
    match age {
        Age::Senior => {
            if pick < 55 {
                HairColour::Grey
            } else {
                HairColour::White
            }
        }
        Age::MiddleAged if pick < 40 => HairColour::Greying,
        _ => {
            let palette: &[HairColour] = match skin {
                Skin::Pale | Skin::Light => &[
                    HairColour::DarkBrown,
                    HairColour::Brown,
                    HairColour::Blonde,
                    HairColour::Auburn,
                    HairColour::Black,
                ],
                Skin::Medium | Skin::Olive => &[HairColour::Black, HairColour::DarkBrown, HairColour::Brown],
                Skin::Brown | Skin::Deep => &[HairColour::Black, HairColour::Black, HairColour::DarkBrown],
            };
            palette[pick % palette.len()]
        }
    }
}

impl Appearance {
    /// The look derived from `key` alone, for a customer whose scenario gives none.
    pub fn derived(key: &str) -> Appearance {
        Look::default().appearance(key)
    }

    /// A number in `0.0..1.0` for the n-th small difference of this face.
    pub fn vary(&self, n: u32) -> f32 {
        let mut state = self.variation ^ u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (splitmix64(&mut state) >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> impl Iterator<Item = String> {
        (0..2000).map(|i| format!("scenario-{i}"))
    }

    #[test]
    fn a_derived_look_never_adds_features() {
        for key in keys() {
            let look = Appearance::derived(&key);
            assert_eq!(look.facial_hair, None, "{key} was given facial hair");
            assert_eq!(look.glasses, None, "{key} was given glasses");
            assert_eq!(look.headwear, None, "{key} was given headwear");
            assert!(!look.earrings, "{key} was given earrings");
            assert!(DERIVED_HAIR.contains(&look.hair), "{key} got a cut that reads as one sex: {:?}", look.hair);
        }
    }

    #[test]
    fn a_partial_look_keeps_what_it_says_and_adds_no_features() {
        let look = Look { age: Some(Age::Senior), glasses: Some(Glasses::Reading), ..Look::default() };
        for key in keys() {
            let appearance = look.appearance(&key);
            assert_eq!(appearance.age, Age::Senior);
            assert_eq!(appearance.glasses, Some(Glasses::Reading));
            assert_eq!(appearance.facial_hair, None);
            assert!(matches!(appearance.hair_colour, HairColour::Grey | HairColour::White), "{key}");
        }
    }

    #[test]
    fn the_same_customer_always_looks_the_same_and_customers_differ() {
        assert_eq!(Appearance::derived("double-charge"), Appearance::derived("double-charge"));
        let looks: std::collections::HashSet<_> = keys().map(|k| Appearance::derived(&k)).collect();
        assert!(looks.len() > 1900, "derived looks repeat too often: {}", looks.len());
        let skins: std::collections::HashSet<_> = keys().map(|k| Appearance::derived(&k).skin).collect();
        assert_eq!(skins.len(), Skin::ALL.len(), "every skin tone is derived for someone");
    }

    #[test]
    fn writing_one_attribute_leaves_the_others_as_derived() {
        let derived = Appearance::derived("counter-return");
        let written = Look { clothing: Some(Clothing::Orange), ..Look::default() }.appearance("counter-return");
        assert_eq!(written.clothing, Clothing::Orange);
        assert_eq!(
            (written.hair, written.skin, written.outfit, written.age),
            (derived.hair, derived.skin, derived.outfit, derived.age)
        );
    }

    #[test]
    fn variation_stays_in_range() {
        let look = Appearance::derived("x");
        for n in 0..50 {
            assert!((0.0..1.0).contains(&look.vary(n)));
        }
    }
}
