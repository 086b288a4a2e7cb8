//! Hair and headwear: what falls behind the head (long hair, a bob, an afro, a bun, a
//! scarf's drape) and what sits on it (the cap of hair with its hairline, fringes, locks,
//! a cap or beanie, a scarf framing the face).

use super::Colours;
use super::features::Build;
use super::pen::{Pen, alpha, arc, mix, shade, through};
use crate::engine::look::{Appearance, Hair, HairColour, Headwear};
use bevy_egui::egui::{Color32, Vec2, vec2};

/// A cap of hair over the top of the head: the head's outline grown by `scale` and lifted
/// by `lift` above, down to a hairline `top` deep at the middle and `temple` at the sides.
/// `sweep` drops the hairline on the viewer's left for a side-swept fringe.
struct Cap {
    scale: Vec2,
    lift: f32,
    top: f32,
    temple: f32,
    sweep: f32,
    /// How sharply the hairline drops toward the temples (higher is flatter in the middle).
    power: f32,
}

impl Cap {
    /// The outer arc and the hairline, left to right, with as many points each.
    fn curves(&self, build: &Build) -> (Vec<Vec2>, Vec<Vec2>) {
        const N: usize = 11;
        // Where the grown outline reaches the temples' height.
        let cos = ((-self.temple - self.lift) / self.scale.y).clamp(-0.95, 0.95);
        let reach = cos.acos();
        let outer = build.outline_points(-reach, reach, N, self.scale, vec2(0.0, -self.lift));
        let (x0, x1) = (outer[0].x, outer[N].x);
        let inner = (0..=N)
            .map(|i| {
                let x = x0 + (x1 - x0) * i as f32 / N as f32;
                let edge = (x.abs() / x1.abs().max(0.01)).min(1.0).powf(self.power);
                let swept = self.sweep * (1.0 - (x - x0) / (x1 - x0)) * (1.0 - edge);
                vec2(x, self.top + (self.temple - self.top) * edge + swept)
            })
            .collect();
        (outer, inner)
    }

    fn draw(&self, pen: &Pen, build: &Build, colour: Color32) -> (Vec<Vec2>, Vec<Vec2>) {
        let (outer, inner) = self.curves(build);
        pen.band(&outer, &inner, colour);
        (outer, inner)
    }
}

/// Strands drawn over a cap: darker lines from the hairline toward the crown.
fn strands(pen: &Pen, outer: &[Vec2], inner: &[Vec2], colour: Color32) {
    let n = inner.len();
    for i in [n / 3, n * 2 / 3] {
        let (a, b) = (inner[i], outer[(i + 1).min(n - 1)]);
        pen.line(&through(a, (a + b) * 0.5 + vec2(0.04, -0.02), b, 3), 0.02, colour);
    }
}

pub(super) fn behind(pen: &Pen, look: &Appearance, c: &Colours) {
    let build = Build::of(look);
    let back = shade(c.hair, 0.82);
    let w = build.half_width;
    match look.headwear {
        Some(Headwear::Headscarf) => {
            let scarf = scarf_colour(c);
            let mut drape = arc(vec2(0.0, -0.05), vec2(w * 1.36, 1.17), -2.0, 2.0, 12);
            drape.extend([vec2(1.15, 2.0), vec2(-1.15, 2.0)]);
            pen.convex(&drape, shade(scarf, 0.85));
            return;
        }
        Some(Headwear::Cap | Headwear::Beanie) if !matches!(look.hair, Hair::Long | Hair::Ponytail | Hair::Afro) => {
            return;
        }
        _ => {}
    }
    match look.hair {
        Hair::Long => {
            let mut fall = arc(vec2(0.0, -0.02), vec2(w * 1.22, 1.1), -1.75, 1.75, 12);
            fall.extend([vec2(w + 0.36, 2.3), vec2(-w - 0.36, 2.3)]);
            pen.convex(&fall, back);
        }
        Hair::Bob => {
            let mut bob = arc(vec2(0.0, -0.02), vec2(w * 1.24, 1.1), -1.9, 1.9, 12);
            bob.extend([vec2(w + 0.16, 0.82), vec2(-w - 0.16, 0.82)]);
            pen.convex(&bob, back);
        }
        Hair::Afro => {
            let centre = vec2(0.0, -0.28);
            pen.blob(centre, vec2(w * 1.55, 1.08), back);
            for point in arc(centre, vec2(w * 1.5, 1.04), -2.3, 2.3, 10) {
                pen.circle(point, 0.2, back);
            }
        }
        Hair::Curly => {
            let centre = vec2(0.0, -0.2);
            pen.blob(centre, vec2(w * 1.26, 0.98), back);
            for point in arc(centre, vec2(w * 1.22, 0.94), -2.1, 2.1, 8) {
                pen.circle(point, 0.13, back);
            }
        }
        Hair::Wavy => pen.blob(vec2(0.0, -0.12), vec2(w * 1.2, 1.02), back),
        Hair::Ponytail => {
            let tail = through(vec2(w * 0.7, -0.72), vec2(w + 0.4, -0.25), vec2(w + 0.22, 0.72), 6);
            pen.line(&tail, 0.24, back);
            pen.line(&tail[4..], 0.3, back);
        }
        Hair::Bun => {
            let bun = vec2(0.0, -1.06);
            pen.circle(bun, 0.28, back);
            pen.line(&arc(bun, Vec2::splat(0.18), -2.0, 1.0, 5), 0.02, shade(back, 0.8));
        }
        Hair::Bald | Hair::Receding | Hair::Cropped | Hair::Short => {}
    }
}

fn scarf_colour(c: &Colours) -> Color32 {
    mix(c.clothing, Color32::WHITE, 0.25)
}

pub(super) fn front(pen: &Pen, look: &Appearance, c: &Colours) {
    let build = Build::of(look);
    let w = build.half_width;
    if look.headwear == Some(Headwear::Headscarf) {
        headscarf(pen, &build, c);
        return;
    }
    let hair = c.hair;
    // Greying hair is dark on top and grey at the temples and sideburns, where grey shows
    // first: a flat mid-grey on a short cut reads as a knitted cap.
    let greying = look.hair_colour == HairColour::Greying;
    let grey = Color32::from_rgb(200, 198, 196);
    let temples = |outer: &[Vec2], inner: &[Vec2]| {
        if greying {
            grey_temples(pen, outer, inner, alpha(grey, 0.85));
        }
    };
    let side_hair = if greying { grey } else { hair };
    // Grey coming through dark hair, or darker strands in light hair.
    let texture = match look.hair_colour {
        HairColour::Greying => alpha(grey, 0.7),
        HairColour::White | HairColour::Grey | HairColour::Blonde => alpha(shade(hair, 0.78), 0.8),
        _ => alpha(shade(hair, 1.35), 0.45),
    };
    match look.hair {
        Hair::Bald => {
            pen.blob(vec2(-0.22, -0.8), vec2(0.2, 0.07), Color32::from_rgba_unmultiplied(255, 255, 255, 40));
        }
        Hair::Receding => {
            for side in [-1.0f32, 1.0] {
                let (from, to) = if side < 0.0 { (-2.2, -1.05) } else { (1.05, 2.2) };
                let outer = build.outline_points(from, to, 7, vec2(1.05, 1.04), Vec2::ZERO);
                let inner = build.outline_points(from, to, 7, vec2(0.9, 0.92), Vec2::ZERO);
                pen.band(&outer, &inner, hair);
            }
            let thin = Cap { scale: vec2(1.02, 1.02), lift: 0.0, top: -0.9, temple: -0.55, sweep: 0.0, power: 1.5 };
            thin.draw(pen, &build, alpha(hair, 0.3));
        }
        Hair::Cropped => {
            let cap = Cap { scale: vec2(1.03, 1.03), lift: 0.01, top: -0.66, temple: -0.24, sweep: 0.0, power: 2.5 };
            let (outer, inner) = cap.draw(pen, &build, alpha(hair, 0.8));
            temples(&outer, &inner);
            sideburns(pen, w, alpha(side_hair, 0.8), 0.05);
        }
        Hair::Short => {
            let cap = Cap { scale: vec2(1.08, 1.07), lift: 0.05, top: -0.6, temple: -0.2, sweep: 0.08, power: 2.4 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            fringe(pen, &inner, hair);
            strands(pen, &outer, &inner, texture);
            temples(&outer, &inner);
            temples(&outer, &inner);
            temples(&outer, &inner);
            sideburns(pen, w, side_hair, 0.08);
        }
        Hair::Curly => {
            let cap = Cap { scale: vec2(1.12, 1.08), lift: 0.06, top: -0.56, temple: -0.2, sweep: 0.0, power: 2.0 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            temples(&outer, &inner);
            for point in outer.iter().step_by(2).chain(inner.iter().skip(1).step_by(3)) {
                pen.circle(*point, 0.085, hair);
            }
            for point in inner.iter().skip(4).step_by(5) {
                pen.line(&arc(*point + vec2(0.0, -0.12), Vec2::splat(0.05), -1.5, 1.5, 3), 0.018, texture);
            }
        }
        Hair::Wavy => {
            let cap = Cap { scale: vec2(1.1, 1.07), lift: 0.05, top: -0.52, temple: -0.16, sweep: 0.12, power: 2.2 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            strands(pen, &outer, &inner, texture);
            temples(&outer, &inner);
            for side in [-1.0f32, 1.0] {
                let lock = [
                    vec2(side * (w - 0.02), -0.3),
                    vec2(side * (w + 0.1), -0.02),
                    vec2(side * (w + 0.02), 0.2),
                    vec2(side * (w + 0.12), 0.45),
                ];
                pen.line(&lock, 0.16, hair);
            }
        }
        Hair::Bob => {
            let cap = Cap { scale: vec2(1.12, 1.08), lift: 0.05, top: -0.42, temple: -0.36, sweep: 0.0, power: 4.0 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            strands(pen, &outer, &inner, texture);
            for side in [-1.0f32, 1.0] {
                let panel = [
                    vec2(side * (w - 0.1), -0.42),
                    vec2(side * (w + 0.18), -0.5),
                    vec2(side * (w + 0.2), 0.74),
                    vec2(side * (w + 0.02), 0.84),
                    vec2(side * (w - 0.12), 0.62),
                ];
                pen.convex(&panel, hair);
            }
        }
        Hair::Long => {
            let cap = Cap { scale: vec2(1.1, 1.07), lift: 0.05, top: -0.7, temple: -0.22, sweep: 0.0, power: 0.9 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            strands(pen, &outer, &inner, texture);
            for side in [-1.0f32, 1.0] {
                let outside = through(
                    vec2(side * (w + 0.12), -0.3),
                    vec2(side * (w + 0.2), 0.55),
                    vec2(side * (w + 0.4), 1.5),
                    10,
                );
                let inside = through(
                    vec2(side * (w - 0.1), -0.34),
                    vec2(side * (w + 0.02), 0.55),
                    vec2(side * (w + 0.14), 1.55),
                    10,
                );
                pen.band(&outside, &inside, hair);
            }
        }
        Hair::Ponytail | Hair::Bun => {
            let cap = Cap { scale: vec2(1.05, 1.05), lift: 0.03, top: -0.62, temple: -0.24, sweep: 0.0, power: 2.2 };
            let (outer, inner) = cap.draw(pen, &build, hair);
            strands(pen, &outer, &inner, texture);
            temples(&outer, &inner);
        }
        Hair::Afro => {
            let cap = Cap { scale: vec2(1.15, 1.1), lift: 0.06, top: -0.56, temple: -0.18, sweep: 0.0, power: 2.0 };
            let (_, inner) = cap.draw(pen, &build, hair);
            for point in inner.iter().step_by(3) {
                pen.circle(*point + vec2(0.0, -0.03), 0.07, hair);
            }
        }
    }
    match look.headwear {
        Some(Headwear::Cap) => cap(pen, &build, c),
        Some(Headwear::Beanie) => beanie(pen, &build, c),
        _ => {}
    }
}

/// Grey over a cap of hair that grows from none at the crown to `colour` at the temples.
fn grey_temples(pen: &Pen, outer: &[Vec2], inner: &[Vec2], colour: Color32) {
    let n = outer.len().min(inner.len());
    let half = (n - 1) as f32 / 2.0;
    let colours: Vec<Color32> = (0..n)
        .map(|i| {
            let side = ((i as f32 - half).abs() / half).powf(1.6);
            colour.gamma_multiply(side)
        })
        .collect();
    pen.graded_band(&outer[..n], &inner[..n], &colours);
}

/// Short points of hair along a hairline, so a cut reads as hair rather than a cap.
fn fringe(pen: &Pen, hairline: &[Vec2], hair: Color32) {
    for i in (3..hairline.len() - 3).step_by(3) {
        let (a, b) = (hairline[i - 1], hairline[i + 1]);
        let tip = hairline[i] + vec2(-0.03, 0.06);
        pen.patch(&[a, b, tip], hair);
    }
}

fn sideburns(pen: &Pen, w: f32, hair: Color32, width: f32) {
    for side in [-1.0f32, 1.0] {
        pen.line(&[vec2(side * (w - 0.03), -0.26), vec2(side * (w - 0.04), 0.04)], width, hair);
    }
}

fn headwear_colour(c: &Colours) -> Color32 {
    mix(c.clothing, Color32::from_rgb(30, 34, 44), 0.35)
}

fn cap(pen: &Pen, build: &Build, c: &Colours) {
    let colour = headwear_colour(c);
    let w = build.half_width;
    let dome = build.outline_points(-1.12, 1.12, 12, vec2(1.1, 1.08), vec2(0.0, -0.06));
    pen.convex(&dome, colour);
    pen.line(&through(vec2(0.0, -1.13), vec2(-0.08, -0.85), vec2(-0.05, -0.58), 4), 0.016, shade(colour, 0.7));
    pen.circle(vec2(0.0, -1.12), 0.045, shade(colour, 0.8));
    // The brim comes toward the viewer: its front edge dips in the middle.
    let brim_top = through(vec2(-w * 0.98, -0.55), vec2(0.0, -0.6), vec2(w * 0.98, -0.55), 8);
    let brim_bottom = through(vec2(-w * 1.05, -0.5), vec2(0.0, -0.42), vec2(w * 1.05, -0.5), 8);
    pen.band(&brim_top, &brim_bottom, shade(colour, 0.78));
}

fn beanie(pen: &Pen, build: &Build, c: &Colours) {
    let colour = headwear_colour(c);
    let w = build.half_width;
    let dome = build.outline_points(-1.55, 1.55, 12, vec2(1.12, 1.12), vec2(0.0, -0.08));
    pen.convex(&dome, colour);
    let top = through(vec2(-w * 1.13, -0.46), vec2(0.0, -0.52), vec2(w * 1.13, -0.46), 8);
    let bottom = through(vec2(-w * 1.12, -0.28), vec2(0.0, -0.33), vec2(w * 1.12, -0.28), 8);
    pen.band(&top, &bottom, shade(colour, 0.85));
    for (a, b) in top.iter().zip(&bottom).skip(1).step_by(2) {
        pen.line(&[*a, *b], 0.012, shade(colour, 0.7));
    }
}

fn headscarf(pen: &Pen, build: &Build, c: &Colours) {
    let scarf = scarf_colour(c);
    // Over the forehead and down both sides, then under the chin: a frame around the face.
    let around = build.outline_points(-2.6, 2.6, 18, vec2(1.22, 1.14), vec2(0.0, -0.05));
    let face = build
        .outline_points(-2.6, 2.6, 18, vec2(0.93, 0.92), vec2(0.0, -0.06))
        .into_iter()
        .map(|p| if p.y < -0.5 { vec2(p.x, p.y.max(-0.5 - 0.2 * (p.x / build.half_width).powi(2))) } else { p })
        .collect::<Vec<_>>();
    pen.band(&around, &face, scarf);
    let chin = build.outline_points(2.2, 4.08, 10, vec2(1.02, 1.0), Vec2::ZERO);
    let under = build.outline_points(2.2, 4.08, 10, vec2(1.2, 1.2), Vec2::ZERO);
    pen.band(&under, &chin, scarf);
    pen.convex(&[vec2(-0.5, 1.05), vec2(0.5, 1.05), vec2(1.0, 2.1), vec2(-1.0, 2.1)], scarf);
    pen.line(&through(vec2(-0.3, 1.2), vec2(0.0, 1.5), vec2(0.5, 1.3), 5), 0.02, shade(scarf, 0.8));
}
