//! The customer's portrait, drawn procedurally with the egui painter from their appearance
//! (`engine::look`) and the pose their face model gives (`engine::face`): age in the hair and
//! the lines of the face, the expression in brows, lids, eyes and mouth, idle life in blinks,
//! glances, breathing and speech. Nothing is downloaded, and the same customer always looks
//! the same.

mod body;
mod features;
mod hair;
mod pen;

use crate::engine::face::Pose;
use crate::engine::look::{Appearance, Clothing, HairColour, Skin};
use bevy_egui::egui::{self, Color32, Rect, Stroke, Vec2, vec2};
use pen::Pen;

/// How long a reaction (a flash of pleasure or annoyance around the portrait) stays on.
pub const REACTION_SECONDS: f32 = 1.6;

/// How the last reply landed, for the portrait's flash and the face model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reaction {
    pub points: i32,
    /// Whether the reply committed an anti-pattern (a live round does not say: false).
    pub anti_pattern: bool,
    /// Seconds since the reply landed.
    pub age: f32,
}

/// Everything one frame of the portrait depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Portrait {
    pub look: Appearance,
    /// The expression with the idle life applied.
    pub pose: Pose,
    /// -1 .. 1: where the breath is.
    pub breath: f32,
    pub high_contrast: bool,
}

/// The portrait's palette for a look.
struct Colours {
    skin: Color32,
    /// Shadows and lines on the skin.
    crease: Color32,
    hair: Color32,
    brows: Color32,
    lips: Color32,
    clothing: Color32,
}

pub fn skin_colour(skin: Skin) -> Color32 {
    match skin {
        Skin::Pale => Color32::from_rgb(246, 218, 200),
        Skin::Light => Color32::from_rgb(236, 192, 160),
        Skin::Medium => Color32::from_rgb(212, 160, 118),
        Skin::Olive => Color32::from_rgb(192, 146, 100),
        Skin::Brown => Color32::from_rgb(146, 96, 62),
        Skin::Deep => Color32::from_rgb(94, 60, 42),
    }
}

pub fn hair_colour(colour: HairColour) -> Color32 {
    match colour {
        HairColour::Black => Color32::from_rgb(32, 27, 27),
        HairColour::DarkBrown => Color32::from_rgb(72, 46, 30),
        HairColour::Brown => Color32::from_rgb(122, 80, 46),
        HairColour::Auburn => Color32::from_rgb(140, 62, 36),
        HairColour::Red => Color32::from_rgb(188, 88, 42),
        HairColour::Blonde => Color32::from_rgb(222, 188, 118),
        HairColour::Greying => Color32::from_rgb(92, 82, 76),
        HairColour::Grey => Color32::from_rgb(172, 172, 176),
        HairColour::White => Color32::from_rgb(236, 234, 232),
    }
}

pub fn clothing_colour(clothing: Clothing) -> Color32 {
    match clothing {
        Clothing::Navy => Color32::from_rgb(36, 52, 92),
        Clothing::Black => Color32::from_rgb(34, 34, 38),
        Clothing::Grey => Color32::from_rgb(120, 124, 132),
        Clothing::White => Color32::from_rgb(236, 236, 232),
        Clothing::Blue => Color32::from_rgb(56, 110, 190),
        Clothing::Teal => Color32::from_rgb(30, 130, 130),
        Clothing::Green => Color32::from_rgb(52, 120, 70),
        Clothing::Olive => Color32::from_rgb(100, 104, 56),
        Clothing::Burgundy => Color32::from_rgb(112, 30, 48),
        Clothing::Red => Color32::from_rgb(196, 50, 50),
        Clothing::Mustard => Color32::from_rgb(212, 160, 40),
        Clothing::Pink => Color32::from_rgb(226, 140, 170),
        Clothing::Purple => Color32::from_rgb(112, 70, 140),
        Clothing::Brown => Color32::from_rgb(110, 74, 48),
        Clothing::Beige => Color32::from_rgb(214, 196, 160),
        Clothing::Orange => Color32::from_rgb(240, 120, 30),
    }
}

impl Colours {
    fn of(look: &Appearance, pose: &Pose) -> Colours {
        let base = skin_colour(look.skin);
        // Anger shows as colour in the face, on every skin tone.
        let skin = pen::mix(base, Color32::from_rgb(210, 70, 60), pose.flush.clamp(0.0, 1.0) * 0.22);
        let hair = hair_colour(look.hair_colour);
        // Light hair keeps brows that still read against the skin.
        let brows = match look.hair_colour {
            HairColour::White | HairColour::Grey => pen::mix(hair, Color32::from_rgb(70, 64, 60), 0.62),
            HairColour::Blonde => pen::mix(hair, Color32::from_rgb(90, 70, 50), 0.5),
            _ => pen::shade(hair, 0.85),
        };
        let dark_skin = matches!(look.skin, Skin::Brown | Skin::Deep);
        let lips = if dark_skin {
            pen::mix(base, Color32::from_rgb(90, 40, 40), 0.35)
        } else {
            pen::mix(base, Color32::from_rgb(170, 70, 72), 0.45)
        };
        Colours {
            crease: pen::shade(base, if dark_skin { 0.7 } else { 0.78 }),
            skin,
            hair,
            brows,
            lips,
            clothing: clothing_colour(look.clothing),
        }
    }
}

/// How much of the customer a portrait shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// Head and shoulders.
    Bust,
    /// The head alone, for an avatar.
    Head,
}

/// The unit (head half-height) for a portrait in `rect`, and where the head's centre goes.
fn layout(rect: Rect, framing: Framing) -> (f32, egui::Pos2) {
    match framing {
        Framing::Bust => {
            let unit = (rect.width() / 3.3).min(rect.height() / 3.5);
            (unit, egui::pos2(rect.center().x, rect.top() + rect.height() * 0.43))
        }
        Framing::Head => {
            let unit = rect.width().min(rect.height()) / 2.7;
            (unit, rect.center() + vec2(0.0, 0.12 * unit))
        }
    }
}

/// The pen for the body in `rect`: it rises and falls with the breath.
fn body_pen<'a>(painter: &'a egui::Painter, rect: Rect, portrait: &Portrait, framing: Framing) -> Pen<'a> {
    let (unit, centre) = layout(rect, framing);
    let outline = portrait.high_contrast.then_some(Color32::BLACK);
    Pen::new(painter, centre, unit, 0.0, outline).shifted(vec2(0.0, -0.02 * portrait.breath))
}

/// Draws the portrait, head and shoulders, into `rect` (clipped to it) on `painter`.
pub fn paint(painter: &egui::Painter, rect: Rect, portrait: &Portrait) {
    paint_framed(painter, rect, portrait, Framing::Bust);
}

/// Draws the portrait into `rect` (clipped to it) with the given framing.
pub fn paint_framed(painter: &egui::Painter, rect: Rect, portrait: &Portrait, framing: Framing) {
    let painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let look = &portrait.look;
    let pose = &portrait.pose;
    let colours = Colours::of(look, pose);
    // The head rides on the breathing body and tilts about the neck.
    let body = body_pen(&painter, rect, portrait, framing);
    let head = body.turned(pose.head_tilt * 0.09, vec2(0.0, 0.9));
    hair::behind(&head, look, &colours);
    body::draw(&body, look, &colours);
    features::face(&head, look, pose, &colours);
    hair::front(&head, look, &colours);
    features::accessories(&head, look);
}

/// How the customer holds their arms at a counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posture {
    /// Hands resting on the counter.
    Resting,
    /// Fists on the counter, close together.
    Fists,
    /// Hands gripping each other.
    Clasped,
    /// Arms folded across the chest.
    Folded,
    /// One hand's fingers drumming.
    Drumming,
}

/// Where the top of a counter in front of a portrait in `rect` goes, in screen points.
pub fn counter_line(rect: Rect) -> f32 {
    let (unit, centre) = layout(rect, Framing::Bust);
    centre.y + body::COUNTER * unit
}

/// The customer's arms for `posture`, `t` seconds in: those above the counter (folded arms)
/// when `behind` is true, else those resting on it; draw the counter between the two calls.
pub fn paint_arms(painter: &egui::Painter, rect: Rect, portrait: &Portrait, posture: Posture, t: f32, behind: bool) {
    let painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let colours = Colours::of(&portrait.look, &portrait.pose);
    let pen = body_pen(&painter, rect, portrait, Framing::Bust);
    body::arms(&pen, &colours, posture, t, behind);
}

/// The portrait as a widget of `size`, on a backdrop, framed for the channel, with the
/// reaction's flash around it.
pub fn portrait(
    ui: &mut egui::Ui,
    portrait: &Portrait,
    size: Vec2,
    backdrop: Color32,
    reaction: Option<Reaction>,
) -> egui::Response {
    let (response, painter) = ui.allocate_painter(size, egui::Sense::hover());
    let rect = response.rect;
    let backdrop = if portrait.high_contrast { Color32::from_gray(48) } else { backdrop };
    painter.rect_filled(rect, 6.0, backdrop);
    paint(&painter, rect.shrink(2.0), portrait);
    if let Some(reaction) = reaction {
        let strength = (1.0 - reaction.age / REACTION_SECONDS).max(0.0);
        let colour =
            if reaction.points >= 0 { Color32::from_rgb(90, 200, 120) } else { Color32::from_rgb(235, 90, 80) };
        painter.rect_stroke(rect.shrink(2.0), 6.0, Stroke::new(6.0 * strength, colour), egui::StrokeKind::Inside);
    }
    if portrait.high_contrast {
        painter.rect_stroke(rect, 6.0, Stroke::new(2.0, Color32::WHITE), egui::StrokeKind::Inside);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::look::{Age, Look};

    #[test]
    fn every_look_has_distinct_colours_and_anger_flushes_the_skin() {
        let look = Look { age: Some(Age::Senior), ..Look::default() }.appearance("x");
        let calm = Colours::of(&look, &Pose::NEUTRAL);
        let angry = Colours::of(&look, &Pose { flush: 1.0, ..Pose::NEUTRAL });
        assert_ne!(calm.skin, angry.skin);
        assert!(angry.skin.r() >= calm.skin.r() && angry.skin.g() < calm.skin.g());
        let skins: std::collections::HashSet<_> = Skin::ALL.iter().map(|&s| skin_colour(s)).collect();
        assert_eq!(skins.len(), Skin::ALL.len());
    }
}
