//! Neck, shoulders and what the customer wears on them.

use super::pen::{Pen, alpha, shade, through};
use super::{Colours, Posture};
use crate::engine::look::{Age, Appearance, Clothing, Outfit};
use bevy_egui::egui::{Color32, vec2};

pub(super) fn draw(pen: &Pen, look: &Appearance, c: &Colours) {
    let neck_skin = shade(c.skin, 0.93);
    pen.convex(&[vec2(-0.25, 0.5), vec2(0.25, 0.5), vec2(0.3, 1.42), vec2(-0.3, 1.42)], neck_skin);
    // The shadow under the chin.
    pen.blob(vec2(0.0, 1.0), vec2(0.27, 0.08), alpha(c.crease, 0.5));
    if look.age == Age::Senior {
        for y in [1.07, 1.13] {
            pen.line(&through(vec2(-0.2, y), vec2(0.0, y + 0.03), vec2(0.2, y), 4), 0.014, alpha(c.crease, 0.6));
        }
    }
    let cloth = c.clothing;
    let dark = shade(cloth, 0.78);
    let light = shade(cloth, 1.15);
    let torso = [
        vec2(-1.7, 3.2),
        vec2(-1.58, 1.78),
        vec2(-1.38, 1.47),
        vec2(-0.98, 1.28),
        vec2(-0.42, 1.18),
        vec2(0.42, 1.18),
        vec2(0.98, 1.28),
        vec2(1.38, 1.47),
        vec2(1.58, 1.78),
        vec2(1.7, 3.2),
    ];
    pen.convex(&torso, cloth);
    let white = Color32::from_rgb(240, 240, 236);
    match look.outfit {
        Outfit::Tshirt => {
            pen.blob(vec2(0.0, 1.17), vec2(0.3, 0.13), neck_skin);
            pen.line(&through(vec2(-0.31, 1.16), vec2(0.0, 1.32), vec2(0.31, 1.16), 5), 0.045, dark);
        }
        Outfit::Shirt | Outfit::Workwear => {
            pen.convex(&[vec2(-0.24, 1.15), vec2(0.24, 1.15), vec2(0.0, 1.46)], neck_skin);
            let collar = if look.outfit == Outfit::Workwear { dark } else { light };
            for side in [-1.0f32, 1.0] {
                pen.convex(
                    &[vec2(side * 0.31, 1.1), vec2(side * 0.03, 1.44), vec2(side * 0.2, 1.55), vec2(side * 0.46, 1.3)],
                    collar,
                );
            }
            pen.line(&[vec2(0.0, 1.46), vec2(0.0, 3.0)], 0.02, dark);
            if look.outfit == Outfit::Workwear {
                // Reflective tape on a work jacket.
                let tape = Color32::from_rgb(214, 218, 222);
                pen.convex(&[vec2(-1.7, 2.08), vec2(1.7, 2.08), vec2(1.7, 2.22), vec2(-1.7, 2.22)], tape);
                for side in [-1.0f32, 1.0] {
                    pen.line(&[vec2(side * 0.62, 1.24), vec2(side * 0.56, 3.0)], 0.12, tape);
                }
            } else {
                for y in [1.75, 2.1, 2.45] {
                    pen.circle(vec2(0.0, y), 0.025, dark);
                }
            }
        }
        Outfit::Blouse => {
            pen.convex(&[vec2(-0.27, 1.15), vec2(0.27, 1.15), vec2(0.0, 1.6)], neck_skin);
            for side in [-1.0f32, 1.0] {
                pen.ellipse(vec2(side * 0.24, 1.27), vec2(0.17, 0.09), light);
            }
        }
        Outfit::Suit | Outfit::Blazer => {
            let shirt = if look.outfit == Outfit::Suit { white } else { Color32::from_rgb(206, 220, 238) };
            let shirt = if look.clothing == Clothing::White { Color32::from_rgb(60, 70, 90) } else { shirt };
            pen.convex(&[vec2(-0.32, 1.15), vec2(0.32, 1.15), vec2(0.0, 2.35)], shirt);
            if look.outfit == Outfit::Suit {
                let ties =
                    [Color32::from_rgb(130, 30, 40), Color32::from_rgb(40, 70, 130), Color32::from_rgb(70, 70, 76)];
                let tie = ties[(look.vary(10) * 3.0) as usize % 3];
                pen.convex(&[vec2(-0.07, 1.3), vec2(0.07, 1.3), vec2(0.055, 1.43), vec2(-0.055, 1.43)], tie);
                pen.convex(
                    &[vec2(-0.05, 1.43), vec2(0.05, 1.43), vec2(0.1, 2.15), vec2(0.0, 2.3), vec2(-0.1, 2.15)],
                    tie,
                );
            } else {
                pen.convex(&[vec2(-0.2, 1.15), vec2(0.2, 1.15), vec2(0.0, 1.42)], neck_skin);
            }
            for side in [-1.0f32, 1.0] {
                // Collar points, then the jacket's lapel along the opening.
                pen.convex(&[vec2(side * 0.28, 1.12), vec2(side * 0.04, 1.34), vec2(side * 0.22, 1.42)], shirt);
                pen.convex(
                    &[vec2(side * 0.33, 1.16), vec2(side * 0.55, 1.24), vec2(side * 0.3, 1.9), vec2(side * 0.02, 2.38)],
                    dark,
                );
            }
        }
        Outfit::Jumper => {
            pen.blob(vec2(0.0, 1.17), vec2(0.31, 0.13), neck_skin);
            let inner = through(vec2(-0.33, 1.15), vec2(0.0, 1.31), vec2(0.33, 1.15), 6);
            let outer = through(vec2(-0.4, 1.19), vec2(0.0, 1.41), vec2(0.4, 1.19), 6);
            pen.band(&outer, &inner, dark);
        }
        Outfit::Cardigan => {
            let top = Color32::from_rgb(238, 230, 214);
            pen.convex(&[vec2(-0.36, 1.16), vec2(0.36, 1.16), vec2(0.0, 2.3)], top);
            pen.blob(vec2(0.0, 1.17), vec2(0.26, 0.11), neck_skin);
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 0.38, 1.16), vec2(side * 0.02, 2.32)], 0.08, dark);
            }
            for y in [1.85, 2.1, 2.35] {
                pen.circle(vec2(0.09 - (y - 1.85) * 0.12, y), 0.03, light);
            }
        }
        Outfit::Hoodie => {
            let outer = through(vec2(-0.66, 1.2), vec2(0.0, 1.52), vec2(0.66, 1.2), 6);
            let inner = through(vec2(-0.34, 1.14), vec2(0.0, 1.3), vec2(0.34, 1.14), 6);
            pen.band(&outer, &inner, dark);
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 0.13, 1.42), vec2(side * 0.15, 1.98)], 0.025, white);
                pen.circle(vec2(side * 0.15, 2.0), 0.025, shade(white, 0.8));
            }
        }
    }
}

/// The height of a counter's top, in units below the head's centre.
pub(super) const COUNTER: f32 = 2.05;

/// Arms for a counter scene: folded across the chest (`behind`: drawn before the counter),
/// or forearms and hands lying on it.
pub(super) fn arms(pen: &Pen, c: &Colours, posture: Posture, t: f32, behind: bool) {
    let sleeve = shade(c.clothing, 0.9);
    let skin = c.skin;
    let y = COUNTER + 0.04;
    match (posture, behind) {
        (Posture::Folded, true) => {
            pen.line(&[vec2(-1.0, 1.74), vec2(0.98, 1.8)], 0.34, sleeve);
            pen.line(&[vec2(1.02, 1.9), vec2(-0.96, 1.86)], 0.3, shade(c.clothing, 0.8));
            for side in [-1.0f32, 1.0] {
                pen.ellipse(vec2(side * 0.84, 1.68 + side * 0.04), vec2(0.11, 0.08), skin);
            }
        }
        (Posture::Folded, false) | (_, true) => {}
        (Posture::Resting, false) => {
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 1.3, 1.85), vec2(side * 0.8, y)], 0.3, sleeve);
                pen.ellipse(vec2(side * 0.62, y + 0.01), vec2(0.19, 0.1), skin);
            }
        }
        (Posture::Fists, false) => {
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 1.25, 1.82), vec2(side * 0.58, y)], 0.32, sleeve);
                let fist = vec2(side * 0.42, y - 0.03);
                pen.ellipse(fist, vec2(0.15, 0.13), skin);
                for k in 0..3 {
                    let x = fist.x - 0.08 + 0.08 * k as f32;
                    pen.line(&[vec2(x, fist.y - 0.1), vec2(x, fist.y - 0.03)], 0.014, c.crease);
                }
            }
        }
        (Posture::Clasped, false) => {
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 1.25, 1.86), vec2(side * 0.32, y)], 0.3, sleeve);
            }
            pen.ellipse(vec2(-0.1, y - 0.01), vec2(0.18, 0.12), skin);
            pen.ellipse(vec2(0.1, y - 0.03), vec2(0.18, 0.12), shade(skin, 0.95));
        }
        (Posture::Drumming, false) => {
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * 1.3, 1.85), vec2(side * 0.8, y)], 0.3, sleeve);
            }
            pen.ellipse(vec2(-0.62, y + 0.01), vec2(0.19, 0.1), skin);
            let hand = vec2(0.6, y - 0.02);
            pen.ellipse(hand, vec2(0.14, 0.1), skin);
            // Fingers tapping in turn.
            for k in 0..4 {
                let lift = ((t * 14.0 - k as f32 * 1.3).sin().max(0.0)) * 0.05;
                let base = hand + vec2(-0.16 + 0.06 * k as f32, 0.0);
                pen.line(&[base, base + vec2(-0.1, 0.06 - lift)], 0.045, skin);
            }
        }
    }
}
