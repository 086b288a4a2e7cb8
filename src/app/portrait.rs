//! The customer's portrait, drawn procedurally with the egui painter: brows, eyes, mouth and
//! colour follow the mood, and a reply that lands well or badly flashes across the face.

use crate::engine::scenario::Channel;
use bevy_egui::egui::{self, Color32, Pos2, Stroke, Vec2, epaint};

/// How long a reaction (a flash of pleasure or annoyance) stays on the customer's face.
pub const REACTION_SECONDS: f32 = 1.6;

/// How the last reply landed, for the portrait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reaction {
    pub points: i32,
    pub age: f32,
}

/// Skin tones and hair colours the portrait picks from by the customer's name.
const SKIN: [Color32; 5] = [
    Color32::from_rgb(241, 204, 172),
    Color32::from_rgb(224, 172, 128),
    Color32::from_rgb(198, 134, 90),
    Color32::from_rgb(141, 85, 54),
    Color32::from_rgb(96, 62, 40),
];
const HAIR: [Color32; 5] = [
    Color32::from_rgb(40, 30, 25),
    Color32::from_rgb(95, 60, 30),
    Color32::from_rgb(180, 140, 80),
    Color32::from_rgb(130, 130, 135),
    Color32::from_rgb(150, 50, 30),
];

/// Everything the face depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Face {
    /// 0 calm .. 100 furious.
    pub temper: f32,
    /// 0 suspicious .. 100 trusting.
    pub trust: f32,
    pub reaction: Option<Reaction>,
    pub skin: Color32,
    pub hair: Color32,
    pub long_hair: bool,
}

impl Face {
    pub fn new(name: &str, temper: f32, trust: f32, reaction: Option<Reaction>) -> Face {
        // FNV-1a of the name: the same customer always looks the same.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        Face {
            temper,
            trust,
            reaction,
            skin: SKIN[(hash % 5) as usize],
            hair: HAIR[((hash >> 8) % 5) as usize],
            long_hair: (hash >> 16) & 1 == 1,
        }
    }

    /// -1 (miserable) .. 1 (happy): how the mouth curves.
    pub fn smile(&self) -> f32 {
        let wellbeing = ((100.0 - self.temper) + self.trust) / 2.0;
        let mut smile = (wellbeing - 50.0) / 50.0;
        if let Some(reaction) = self.reaction {
            let strength = 1.0 - reaction.age / REACTION_SECONDS;
            smile += (reaction.points.signum() as f32) * 0.5 * strength.max(0.0);
        }
        smile.clamp(-1.0, 1.0)
    }

    /// 0 (relaxed) .. 1 (furious): how far the brows slant down to the middle.
    pub fn anger(&self) -> f32 {
        (self.temper / 100.0).clamp(0.0, 1.0)
    }

    /// Skin flushed toward red as temper rises.
    pub fn complexion(&self) -> Color32 {
        let flush = (self.anger() - 0.4).max(0.0) * 0.6;
        lerp(self.skin, Color32::from_rgb(215, 60, 50), flush)
    }
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Draws the portrait into a `size` area of `ui`, framed for the channel.
pub fn portrait(ui: &mut egui::Ui, face: &Face, size: Vec2, channel: Channel) -> egui::Response {
    let (response, painter) = ui.allocate_painter(size, egui::Sense::hover());
    let rect = response.rect;
    let backdrop = match channel {
        Channel::Phone => Color32::from_rgb(20, 40, 60),
        Channel::Email => Color32::from_rgb(45, 45, 55),
        Channel::Chat => Color32::from_rgb(30, 50, 45),
        Channel::InPerson => Color32::from_rgb(70, 60, 50),
    };
    painter.rect_filled(rect, 12.0, backdrop);
    if let Some(reaction) = face.reaction {
        let strength = (1.0 - reaction.age / REACTION_SECONDS).max(0.0);
        let colour =
            if reaction.points >= 0 { Color32::from_rgb(90, 200, 120) } else { Color32::from_rgb(235, 90, 80) };
        painter.rect_stroke(rect.shrink(2.0), 12.0, Stroke::new(6.0 * strength, colour), egui::StrokeKind::Inside);
    }
    let centre = rect.center() + Vec2::new(0.0, 10.0);
    let r = size.x.min(size.y) * 0.32;
    // Shoulders.
    painter.add(epaint::EllipseShape::filled(
        centre + Vec2::new(0.0, r * 1.75),
        Vec2::new(r * 1.4, r * 0.8),
        Color32::from_rgb(60, 80, 120),
    ));
    // Hair behind the head.
    if face.long_hair {
        let hair = epaint::EllipseShape::filled(centre + Vec2::new(0.0, r * 0.3), Vec2::new(r, r * 1.05), face.hair);
        painter.add(hair);
    }
    // Ears.
    for side in [-1.0f32, 1.0] {
        let ear = centre + Vec2::new(side * r * 0.88, -r * 0.05);
        painter.add(epaint::EllipseShape::filled(ear, Vec2::new(r * 0.12, r * 0.2), face.complexion()));
    }
    // Head.
    painter.add(epaint::EllipseShape::filled(centre, Vec2::new(r * 0.9, r * 1.08), face.complexion()));
    // Hair on top.
    painter.add(epaint::EllipseShape::filled(
        centre - Vec2::new(0.0, r * 0.78),
        Vec2::new(r * 0.92, r * 0.42),
        face.hair,
    ));

    let ink = Color32::from_rgb(35, 25, 20);
    let anger = face.anger();
    let eye_y = centre.y - r * 0.12;
    for side in [-1.0f32, 1.0] {
        let eye = Pos2::new(centre.x + side * r * 0.36, eye_y);
        // Eyes narrow as temper rises.
        let open = r * (0.13 - 0.06 * anger);
        painter.add(epaint::EllipseShape::filled(eye, Vec2::new(r * 0.15, open.max(r * 0.04)), Color32::WHITE));
        painter.circle_filled(eye, r * 0.065, ink);
        // Brows: inner end drops with anger, rises with worry (low trust, low temper).
        let worry = ((50.0 - face.trust) / 50.0).max(0.0) * (1.0 - anger);
        let inner = Pos2::new(centre.x + side * r * 0.14, eye_y - r * (0.26 - 0.16 * anger + 0.08 * worry));
        let outer = Pos2::new(centre.x + side * r * 0.56, eye_y - r * (0.3 + 0.06 * anger));
        painter.line_segment([inner, outer], Stroke::new(r * 0.07, face.hair.gamma_multiply(0.8)));
    }
    // Nose.
    painter.line_segment(
        [Pos2::new(centre.x, eye_y + r * 0.05), Pos2::new(centre.x - r * 0.05, eye_y + r * 0.3)],
        Stroke::new(r * 0.03, ink.gamma_multiply(0.5)),
    );
    // Mouth: a curve whose middle rises with a smile and falls with a frown.
    let smile = face.smile();
    let mouth_y = centre.y + r * 0.5;
    let half = r * (0.3 + 0.05 * smile.abs());
    let left = Pos2::new(centre.x - half, mouth_y);
    let right = Pos2::new(centre.x + half, mouth_y);
    let control = Pos2::new(centre.x, mouth_y + smile * r * 0.35);
    painter.add(epaint::QuadraticBezierShape::from_points_stroke(
        [left, control, right],
        false,
        Color32::TRANSPARENT,
        Stroke::new(r * 0.06, Color32::from_rgb(120, 40, 40)),
    ));
    // Steam when furious.
    if anger > 0.85 {
        for side in [-1.0f32, 1.0] {
            let base = centre + Vec2::new(side * r * 1.05, -r * 0.9);
            painter.line_segment(
                [base, base + Vec2::new(side * r * 0.2, -r * 0.25)],
                Stroke::new(3.0, Color32::from_gray(210)),
            );
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mood_moves_the_face() {
        let calm = Face::new("Dana", 10.0, 90.0, None);
        let furious = Face::new("Dana", 95.0, 5.0, None);
        assert!(calm.smile() > 0.5 && furious.smile() < -0.5);
        assert!(furious.anger() > calm.anger());
        assert_ne!(furious.complexion(), calm.complexion());
        assert_eq!(calm.skin, furious.skin, "the same customer keeps the same looks");
    }

    #[test]
    fn a_bad_reply_flashes_a_frown() {
        let neutral = Face::new("Lee", 50.0, 50.0, None);
        let stung = Face::new("Lee", 50.0, 50.0, Some(Reaction { points: -12, age: 0.0 }));
        let pleased = Face::new("Lee", 50.0, 50.0, Some(Reaction { points: 12, age: 0.0 }));
        assert!(stung.smile() < neutral.smile() && neutral.smile() < pleased.smile());
        let faded = Face::new("Lee", 50.0, 50.0, Some(Reaction { points: -12, age: REACTION_SECONDS }));
        assert_eq!(faded.smile(), neutral.smile());
    }
}
