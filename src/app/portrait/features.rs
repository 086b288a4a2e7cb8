//! The head and everything on the face: its shape, ears, the lines age and expression put
//! there, facial hair, eyes, brows, nose and mouth, and what is worn on the face (glasses,
//! earrings, a headset).

use super::Colours;
use super::pen::{Pen, alpha, arc, clip_convex, mix, shade, through};
use crate::engine::face::Pose;
use crate::engine::look::{Age, Appearance, FacialHair, Glasses, Hair, Headwear, Skin};
use bevy_egui::egui::{Color32, Vec2, vec2};
use std::f32::consts::{PI, TAU};

/// The small differences between faces, from the look's variation.
pub(super) struct Build {
    /// Half the head's width (its half-height is 1).
    pub half_width: f32,
    /// How much the jaw narrows toward the chin.
    jaw: f32,
    eye_spacing: f32,
    nose_length: f32,
    nose_width: f32,
    brow_weight: f32,
    mouth_width: f32,
    lip_fullness: f32,
    iris: Color32,
}

impl Build {
    pub fn of(look: &Appearance) -> Build {
        let light_skin = matches!(look.skin, Skin::Pale | Skin::Light);
        let irises: &[Color32] = if light_skin {
            &[
                Color32::from_rgb(70, 110, 150),
                Color32::from_rgb(90, 120, 80),
                Color32::from_rgb(110, 80, 50),
                Color32::from_rgb(70, 50, 36),
            ]
        } else {
            &[Color32::from_rgb(70, 46, 30), Color32::from_rgb(52, 34, 24), Color32::from_rgb(96, 64, 36)]
        };
        let senior = look.age == Age::Senior;
        Build {
            half_width: 0.74 + 0.08 * look.vary(0),
            jaw: 0.16 + 0.14 * look.vary(1),
            eye_spacing: 0.31 + 0.04 * look.vary(2),
            nose_length: 0.27 + 0.07 * look.vary(3) + if senior { 0.03 } else { 0.0 },
            nose_width: 0.085 + 0.035 * look.vary(4),
            brow_weight: (0.07 + 0.03 * look.vary(5)) * if senior { 0.85 } else { 1.0 },
            mouth_width: 0.21 + 0.04 * look.vary(6),
            lip_fullness: look.vary(7) * if senior { 0.5 } else { 1.0 },
            iris: irises[(look.vary(8) * irises.len() as f32) as usize % irises.len()],
        }
    }

    /// A point on the head's outline; `angle` 0 is the crown, turning clockwise.
    pub fn outline(&self, angle: f32, scale: Vec2) -> Vec2 {
        let (x, y) = (angle.sin(), -angle.cos());
        // The jaw narrows toward the chin; the skull is a little flat at the temples.
        let narrowing = if y > 0.0 { 1.0 - self.jaw * y * y } else { 1.0 - 0.05 * y * y };
        vec2(self.half_width * x * narrowing * scale.x, y * scale.y)
    }

    pub fn outline_points(&self, from: f32, to: f32, n: usize, scale: Vec2, shift: Vec2) -> Vec<Vec2> {
        (0..=n).map(|i| self.outline(from + (to - from) * i as f32 / n as f32, scale) + shift).collect()
    }
}

/// How much age shows: 0 young .. 1 senior.
fn age_factor(age: Age) -> f32 {
    match age {
        Age::Young => 0.0,
        Age::Adult => 0.18,
        Age::MiddleAged => 0.55,
        Age::Senior => 1.0,
    }
}

const INK: Color32 = Color32::from_rgb(38, 28, 26);

/// Whether the ears show (hair or a scarf may cover them).
pub(super) fn ears_show(look: &Appearance) -> bool {
    !matches!(look.hair, Hair::Bob | Hair::Long) && look.headwear != Some(Headwear::Headscarf)
}

const EYE_Y: f32 = -0.06;
const MOUTH_Y: f32 = 0.58;

pub(super) fn face(pen: &Pen, look: &Appearance, pose: &Pose, c: &Colours) {
    let build = Build::of(look);
    if ears_show(look) {
        for side in [-1.0f32, 1.0] {
            let ear = vec2(side * (build.half_width + 0.01), 0.02);
            pen.ellipse(ear, vec2(0.1, 0.17), c.skin);
            pen.blob(ear + vec2(side * 0.015, 0.0), vec2(0.04, 0.09), alpha(c.crease, 0.6));
        }
    }
    let outline = build.outline_points(0.0, TAU, 30, Vec2::splat(1.0), Vec2::ZERO);
    pen.convex(&outline[..30], c.skin);
    let flush = pose.flush.clamp(0.0, 1.0);
    if flush > 0.05 {
        for side in [-1.0f32, 1.0] {
            pen.blob(vec2(side * 0.44, 0.26), vec2(0.17, 0.1), alpha(Color32::from_rgb(220, 70, 60), flush * 0.35));
        }
    }
    lines(pen, look, pose, &build, c);
    match look.facial_hair {
        Some(FacialHair::Beard) => {
            // The part of the head below the cheeks, as a convex region.
            let angle = (-0.3f32).acos();
            let region = build.outline_points(angle, TAU - angle, 12, vec2(1.04, 1.09), Vec2::ZERO);
            pen.patch(&region, c.hair);
        }
        Some(FacialHair::Stubble) => {
            // A shadow along the jaw and over the lip, fading toward the cheeks.
            let angle = (-0.12f32).acos();
            let jaw = build.outline_points(angle, TAU - angle, 12, Vec2::splat(1.0), Vec2::ZERO);
            let inner = build.outline_points(angle, TAU - angle, 12, vec2(0.74, 0.72), vec2(0.0, 0.12));
            let shadow = mix(c.hair, c.crease, 0.4);
            pen.shaded_band(&jaw, &inner, alpha(shadow, 0.5), alpha(shadow, 0.0));
            pen.blob(vec2(0.0, MOUTH_Y - 0.085), vec2(0.2, 0.045), alpha(shadow, 0.3));
        }
        _ => {}
    }
    for side in [-1.0f32, 1.0] {
        eye(pen, side, &build, look, pose, c);
        brow(pen, side, &build, pose, c);
    }
    nose(pen, &build, c);
    mouth(pen, &build, pose, c);
    match look.facial_hair {
        Some(FacialHair::Moustache | FacialHair::Beard) => moustache(pen, &build, c),
        Some(FacialHair::Goatee) => {
            moustache(pen, &build, c);
            pen.blob(vec2(0.0, 0.86), vec2(0.15, 0.12), c.hair);
            for side in [-1.0f32, 1.0] {
                pen.line(&[vec2(side * build.mouth_width, MOUTH_Y - 0.02), vec2(side * 0.12, 0.84)], 0.05, c.hair);
            }
        }
        _ => {}
    }
}

/// The lines age and expression put on a face.
fn lines(pen: &Pen, look: &Appearance, pose: &Pose, build: &Build, c: &Colours) {
    let age = age_factor(look.age);
    // Faint lines cost a software renderer as much as deep ones and show little: only lines
    // that read are drawn, and none at all in a portrait too small to show them.
    let line = |points: &[Vec2], strength: f32| {
        if strength > 0.12 && pen.unit > 24.0 {
            pen.line(points, 0.02, alpha(shade(c.crease, 0.9), strength.min(1.0)));
        }
    };
    // Forehead: deeper with age, and when the brows go up.
    let raised = pose.brow_inner.max(0.0) + pose.brow_raise_one * 0.5;
    let rows = if look.age == Age::Senior { 3 } else { 2 };
    for row in 0..rows {
        let y = -0.5 - 0.075 * row as f32;
        let half = 0.3 - 0.04 * row as f32;
        line(&through(vec2(-half, y + 0.012), vec2(0.0, y), vec2(half, y + 0.012), 5), age * 0.75 + raised * 0.35);
    }
    // Between the brows when they knit.
    let knit = (-pose.brow_inner).max(0.0);
    for side in [-1.0f32, 1.0] {
        line(&[vec2(side * 0.045, -0.25), vec2(side * 0.035, -0.15)], knit * 0.8 + age * 0.25);
    }
    let corners = pose.mouth_corners.max(0.0);
    for side in [-1.0f32, 1.0] {
        let outer = vec2(side * (build.eye_spacing + 0.17), EYE_Y);
        // Crow's feet, deeper in a smile.
        for k in [-1.0f32, 0.0, 1.0] {
            line(
                &[outer + vec2(side * 0.02, k * 0.012), outer + vec2(side * 0.1, k * 0.045)],
                age * 0.8 + pose.lid_lower.max(0.0) * age * 0.4,
            );
        }
        // From the nose to the mouth's corners.
        let mouth = build.mouth_width * (1.0 + 0.28 * pose.mouth_width);
        line(
            &through(
                vec2(side * (build.nose_width + 0.06), 0.3),
                vec2(side * (mouth + 0.11), 0.45),
                vec2(side * (mouth + 0.07), 0.66),
                8,
            ),
            0.15 + age * 0.6 + corners * 0.4,
        );
        if look.age == Age::Senior {
            // Bags under the eyes, jowls and lines down from the mouth.
            let eye = vec2(side * build.eye_spacing, EYE_Y);
            line(&through(eye + vec2(-0.11, 0.08), eye + vec2(0.0, 0.15), eye + vec2(0.11, 0.08), 5), 0.75);
            line(&through(vec2(side * 0.5, 0.66), vec2(side * 0.46, 0.8), vec2(side * 0.36, 0.9), 4), 0.7);
            line(&[vec2(side * (mouth + 0.01), MOUTH_Y + 0.05), vec2(side * (mouth + 0.03), MOUTH_Y + 0.17)], 0.65);
        }
    }
}

fn eye(pen: &Pen, side: f32, build: &Build, look: &Appearance, pose: &Pose, c: &Colours) {
    let centre = vec2(side * build.eye_spacing, EYE_Y);
    let half = 0.15;
    let up = 0.15 * pose.lid_upper.clamp(0.0, 1.2);
    let down = 0.075 * (1.0 - 0.75 * pose.lid_lower.clamp(0.0, 1.0));
    // The outer corner sits a little higher than the inner one.
    let inner = centre + vec2(-side * half, 0.006);
    let outer = centre + vec2(side * half, -0.014);
    let (left, right) = if side < 0.0 { (outer, inner) } else { (inner, outer) };
    let ink = if pen.outline.is_some() { Color32::BLACK } else { INK };
    // The crease of the lid, heavier with age.
    let crease_alpha = 0.55 + 0.35 * age_factor(look.age);
    pen.line(
        &through(left + vec2(0.0, -0.03), centre + vec2(0.0, -up - 0.07), right + vec2(0.0, -0.03), 5),
        0.016,
        alpha(c.crease, crease_alpha),
    );
    if up < 0.014 {
        // Shut: the lashes meet in a gentle curve.
        pen.line(&through(left, centre + vec2(0.0, 0.022), right, 5), 0.032, ink);
        return;
    }
    let upper = through(left, centre + vec2(0.0, -up), right, 5);
    let lower = through(right, centre + vec2(0.0, down), left, 4);
    let mut almond = upper.clone();
    almond.extend_from_slice(&lower[1..lower.len() - 1]);
    pen.patch(&almond, Color32::from_rgb(246, 243, 238));
    let iris_centre = centre + vec2(pose.gaze.0 * 0.075, pose.gaze.1 * 0.045);
    let disc = |radius: f32, at: Vec2| -> Vec<Vec2> {
        (0..10).map(|i| at + Vec2::angled(i as f32 / 10.0 * TAU) * radius).collect()
    };
    let iris = clip_convex(&disc(0.074, iris_centre), &almond);
    if iris.len() >= 3 {
        pen.patch(&iris, build.iris);
    }
    let pupil = clip_convex(&disc(0.036, iris_centre), &almond);
    if pupil.len() >= 3 {
        pen.patch(&pupil, Color32::from_rgb(14, 12, 12));
    }
    let glint = clip_convex(&disc(0.016, iris_centre + vec2(-0.024, -0.024)), &almond);
    if glint.len() >= 3 {
        pen.patch(&glint, Color32::from_rgba_unmultiplied(255, 255, 255, 220));
    }
    // The upper lashes, flicked out at the outer corner.
    pen.line(&upper, 0.034, ink);
    pen.line(&[outer, outer + vec2(side * 0.035, -0.02)], 0.022, ink);
}

fn brow(pen: &Pen, side: f32, build: &Build, pose: &Pose, c: &Colours) {
    // One brow (on the viewer's right) goes up in doubt; the other drops a little.
    let one = if side > 0.0 { pose.brow_raise_one } else { -0.35 * pose.brow_raise_one };
    let base = EYE_Y - 0.235;
    let inner_y = base - pose.brow_inner * 0.11 - one * 0.1;
    let outer_y = base + 0.012 - pose.brow_outer * 0.08 - one * 0.11;
    let knit = pose.brow_inner.min(0.0) * 0.04;
    let inner = vec2(side * (0.11 + knit), inner_y);
    let outer = vec2(side * (build.eye_spacing + 0.2), outer_y);
    let arch = 0.045 + one.max(0.0) * 0.06 - pose.brow_inner.max(0.0) * 0.025;
    let middle = (inner + outer) * 0.5 + vec2(side * 0.02, -arch);
    let curve = through(inner, middle, outer, 4);
    let colour = if pen.outline.is_some() { shade(c.brows, 0.6) } else { c.brows };
    pen.line(&curve, build.brow_weight * 0.85, colour);
}

fn nose(pen: &Pen, build: &Build, c: &Colours) {
    let tip_y = EYE_Y + build.nose_length + 0.04;
    let w = build.nose_width;
    pen.line(
        &through(vec2(-0.06, EYE_Y + 0.04), vec2(-0.075, tip_y - 0.15), vec2(-w * 0.9, tip_y - 0.03), 4),
        0.018,
        alpha(c.crease, 0.6),
    );
    pen.line(&through(vec2(-w, tip_y - 0.01), vec2(0.0, tip_y + 0.055), vec2(w, tip_y - 0.01), 5), 0.024, c.crease);
    for side in [-1.0f32, 1.0] {
        pen.blob(vec2(side * w * 0.5, tip_y + 0.012), vec2(0.026, 0.013), shade(c.crease, 0.75));
    }
}

fn mouth(pen: &Pen, build: &Build, pose: &Pose, c: &Colours) {
    let m = vec2(0.0, MOUTH_Y);
    let half = build.mouth_width * (1.0 + 0.28 * pose.mouth_width.clamp(-1.0, 1.0));
    let lift = pose.mouth_corners.clamp(-1.0, 1.0) * 0.13;
    let skew = pose.mouth_skew.clamp(0.0, 1.0) * 0.07;
    // A doubtful smirk drops one corner and lifts the other.
    let left = m + vec2(-half, -lift + skew);
    let right = m + vec2(half, -lift - skew * 1.2);
    let open = pose.jaw.clamp(0.0, 1.0) * 0.26;
    let dip = pose.mouth_corners.max(0.0) * 0.05;
    let upper = through(left, m + vec2(0.0, dip * 0.3), right, 6);
    let lower = through(left, m + vec2(0.0, open + dip + 0.004), right, 6);
    let lip_line = shade(c.lips, 0.72);
    if open > 0.012 {
        pen.band(&upper, &lower, Color32::from_rgb(72, 24, 30));
        let teeth = pose.teeth.clamp(0.0, 1.0);
        if teeth > 0.1 {
            let depth = (open * 0.6).min(0.055) * teeth;
            let top: Vec<Vec2> = upper[2..upper.len() - 2].to_vec();
            let bottom: Vec<Vec2> =
                top.iter().zip(&lower[2..lower.len() - 2]).map(|(t, l)| vec2(t.x, (t.y + depth).min(l.y))).collect();
            pen.band(&top, &bottom, Color32::from_rgb(242, 238, 230));
        }
    }
    // The lower lip's fullness, then the lines of the lips.
    let lower_mid = m + vec2(0.0, open + dip + 0.035);
    pen.blob(lower_mid, vec2(half * 0.58, 0.022 + 0.016 * build.lip_fullness), alpha(c.lips, 0.85));
    pen.line(&upper, 0.03, lip_line);
    if open > 0.012 {
        pen.line(&lower, 0.024, lip_line);
    }
    // Smile lines at the corners.
    let corners = pose.mouth_corners;
    if corners > 0.3 {
        for (corner, side) in [(left, -1.0f32), (right, 1.0)] {
            pen.line(
                &[corner + vec2(side * 0.01, 0.0), corner + vec2(side * 0.04, -0.03)],
                0.016,
                alpha(c.crease, corners),
            );
        }
    }
}

fn moustache(pen: &Pen, build: &Build, c: &Colours) {
    let half = build.mouth_width + 0.05;
    let curve = through(vec2(-half, MOUTH_Y + 0.01), vec2(0.0, MOUTH_Y - 0.075), vec2(half, MOUTH_Y + 0.01), 6);
    pen.line(&curve, 0.075, c.hair);
}

/// What is worn on the face, drawn over the hair: glasses, earrings, a headset.
pub(super) fn accessories(pen: &Pen, look: &Appearance) {
    let build = Build::of(look);
    if look.earrings && look.headwear != Some(Headwear::Headscarf) {
        let gold = Color32::from_rgb(214, 176, 60);
        for side in [-1.0f32, 1.0] {
            let lobe = vec2(side * (build.half_width + 0.04), 0.17);
            pen.circle(lobe, 0.028, gold);
            pen.circle(lobe + vec2(0.0, 0.06), 0.034, gold);
        }
    }
    if let Some(glasses) = look.glasses {
        let frames = [Color32::from_rgb(36, 32, 32), Color32::from_rgb(100, 62, 36), Color32::from_rgb(150, 152, 162)];
        let frame = frames[(look.vary(9) * 3.0) as usize % 3];
        let frame = if pen.outline.is_some() { Color32::BLACK } else { frame };
        let tint = Color32::from_rgba_unmultiplied(255, 255, 255, 26);
        let mut inner_edges = Vec::new();
        for side in [-1.0f32, 1.0] {
            let centre = vec2(side * build.eye_spacing, EYE_Y + if glasses == Glasses::Reading { 0.06 } else { 0.0 });
            let outline = match glasses {
                Glasses::Round => arc(centre, vec2(0.175, 0.165), 0.0, TAU, 16),
                Glasses::Square => rounded(centre, vec2(0.2, 0.135), 0.05),
                Glasses::Reading => rounded(centre, vec2(0.19, 0.085), 0.04),
            };
            pen.patch(&outline, tint);
            if glasses == Glasses::Reading {
                // Half-frames: the rim runs under the lens only.
                let bottom: Vec<Vec2> = outline.iter().copied().filter(|p| p.y >= centre.y - 0.01).collect();
                pen.line(&bottom, 0.03, frame);
                pen.line(&[centre + vec2(-0.19, -0.085), centre + vec2(0.19, -0.085)], 0.014, frame);
            } else {
                pen.closed(&outline, 0.03, frame);
            }
            let width = if glasses == Glasses::Round { 0.175 } else { 0.2 };
            inner_edges.push(centre + vec2(-side * width, -0.02));
            let temple = centre + vec2(side * width, -0.03);
            pen.line(&[temple, vec2(side * (build.half_width + 0.02), EYE_Y - 0.02)], 0.026, frame);
        }
        pen.line(&through(inner_edges[0], vec2(0.0, EYE_Y - 0.06), inner_edges[1], 4), 0.026, frame);
    }
    if look.headwear == Some(Headwear::Headset) {
        let grey = Color32::from_rgb(54, 56, 62);
        let band = build.outline_points(-1.72, 1.72, 14, vec2(1.16, 1.16), vec2(0.0, -0.02));
        pen.line(&band, 0.065, grey);
        let cup = vec2(-(build.half_width + 0.06), 0.02);
        pen.ellipse(cup, vec2(0.1, 0.15), grey);
        pen.blob(cup + vec2(0.03, 0.0), vec2(0.05, 0.1), Color32::from_rgb(90, 92, 100));
        let mic = vec2(-0.2, MOUTH_Y + 0.05);
        pen.line(&through(cup + vec2(0.02, 0.12), vec2(-0.52, 0.62), mic, 5), 0.026, grey);
        pen.circle(mic, 0.042, Color32::from_rgb(30, 30, 34));
    }
}

/// A rounded rectangle's outline.
fn rounded(centre: Vec2, half: Vec2, radius: f32) -> Vec<Vec2> {
    let mut points = Vec::with_capacity(24);
    let inner = half - Vec2::splat(radius);
    for (corner, start) in [
        (vec2(inner.x, -inner.y), 0.0f32),
        (vec2(inner.x, inner.y), PI / 2.0),
        (vec2(-inner.x, inner.y), PI),
        (vec2(-inner.x, -inner.y), PI * 1.5),
    ] {
        points.extend(arc(centre + corner, Vec2::splat(radius), start, start + PI / 2.0, 3));
    }
    points
}
