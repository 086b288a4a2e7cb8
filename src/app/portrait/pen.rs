//! Drawing in the portrait's own units: points are given relative to the centre of the head,
//! one unit is the head's half-height, and the pen turns them into screen points (turned by
//! the head's tilt), so every feature is written once and draws at any size.

use bevy_egui::egui::{Color32, Mesh, Painter, Pos2, Shape, Stroke, Vec2, vec2};

pub struct Pen<'a> {
    pub painter: &'a Painter,
    origin: Pos2,
    /// Screen points per unit.
    pub unit: f32,
    cos: f32,
    sin: f32,
    /// Edges drawn in this colour instead of their fill, for high contrast.
    pub outline: Option<Color32>,
}

impl<'a> Pen<'a> {
    pub fn new(painter: &'a Painter, origin: Pos2, unit: f32, angle: f32, outline: Option<Color32>) -> Pen<'a> {
        Pen { painter, origin, unit, cos: angle.cos(), sin: angle.sin(), outline }
    }

    /// The same pen turned by `angle` about `pivot` (in units), for the head on the neck.
    pub fn turned(&self, angle: f32, pivot: Vec2) -> Pen<'a> {
        let mut pen = Pen::new(self.painter, self.origin, self.unit, angle, self.outline);
        // The pivot stays where it was; everything else turns about it.
        pen.origin = self.at(pivot) - pen.along(pivot);
        pen
    }

    /// The same pen moved by `offset` units.
    pub fn shifted(&self, offset: Vec2) -> Pen<'a> {
        Pen { origin: self.origin + offset * self.unit, ..*self }
    }

    pub fn at(&self, p: Vec2) -> Pos2 {
        self.origin + self.along(p)
    }

    fn along(&self, p: Vec2) -> Vec2 {
        let (x, y) = (p.x * self.unit, p.y * self.unit);
        vec2(x * self.cos - y * self.sin, x * self.sin + y * self.cos)
    }

    pub fn width(&self, units: f32) -> f32 {
        (units * self.unit).max(0.6)
    }

    fn edge(&self) -> Stroke {
        match self.outline {
            Some(ink) => Stroke::new(self.width(0.018).max(1.2), ink),
            None => Stroke::NONE,
        }
    }

    /// A filled convex polygon (with an outline in high contrast).
    pub fn convex(&self, points: &[Vec2], fill: Color32) {
        let points = points.iter().map(|&p| self.at(p)).collect();
        self.painter.add(Shape::convex_polygon(points, fill, self.edge()));
    }

    /// A filled convex polygon that never gets an outline (shading, lenses, patches).
    pub fn patch(&self, points: &[Vec2], fill: Color32) {
        let points = points.iter().map(|&p| self.at(p)).collect();
        self.painter.add(Shape::convex_polygon(points, fill, Stroke::NONE));
    }

    /// The outline of an ellipse as a polygon, with as few corners as its size on screen
    /// allows: egui's own ellipses and circles tessellate into many more triangles, and a
    /// software renderer pays for each one.
    fn oval(&self, centre: Vec2, radius: Vec2) -> Vec<Vec2> {
        let across = radius.x.max(radius.y) * self.unit;
        let corners = ((across * 0.55) as usize).clamp(7, 16);
        (0..corners)
            .map(|i| centre + Vec2::angled(i as f32 / corners as f32 * std::f32::consts::TAU) * radius)
            .collect()
    }

    /// A filled ellipse (with an outline in high contrast).
    pub fn ellipse(&self, centre: Vec2, radius: Vec2, fill: Color32) {
        self.convex(&self.oval(centre, radius), fill);
    }

    /// An ellipse without an outline.
    pub fn blob(&self, centre: Vec2, radius: Vec2, fill: Color32) {
        self.patch(&self.oval(centre, radius), fill);
    }

    pub fn circle(&self, centre: Vec2, radius: f32, fill: Color32) {
        self.blob(centre, Vec2::splat(radius), fill);
    }

    /// A line through `points`, `width` units wide.
    pub fn line(&self, points: &[Vec2], width: f32, colour: Color32) {
        let points: Vec<Pos2> = points.iter().map(|&p| self.at(p)).collect();
        self.painter.add(Shape::line(points, Stroke::new(self.width(width), colour)));
    }

    /// A closed outline through `points`.
    pub fn closed(&self, points: &[Vec2], width: f32, colour: Color32) {
        let points: Vec<Pos2> = points.iter().map(|&p| self.at(p)).collect();
        self.painter.add(Shape::closed_line(points, Stroke::new(self.width(width), colour)));
    }

    /// The area between two curves, coloured `a_colour` along `a` fading to `b_colour`
    /// along `b`: a shadow, stubble.
    pub fn shaded_band(&self, a: &[Vec2], b: &[Vec2], a_colour: Color32, b_colour: Color32) {
        let mut mesh = Mesh::default();
        for (&p, &q) in a.iter().zip(b) {
            mesh.colored_vertex(self.at(p), a_colour);
            mesh.colored_vertex(self.at(q), b_colour);
        }
        for i in 0..a.len().saturating_sub(1) as u32 {
            let k = i * 2;
            mesh.add_triangle(k, k + 1, k + 2);
            mesh.add_triangle(k + 1, k + 3, k + 2);
        }
        self.painter.add(Shape::mesh(mesh));
    }

    /// The area between two curves of the same length, coloured `colours[i]` across from
    /// point `i` of one to point `i` of the other, blending in between: grey that grows
    /// toward the temples.
    pub fn graded_band(&self, a: &[Vec2], b: &[Vec2], colours: &[Color32]) {
        let mut mesh = Mesh::default();
        for ((&p, &q), &colour) in a.iter().zip(b).zip(colours) {
            mesh.colored_vertex(self.at(p), colour);
            mesh.colored_vertex(self.at(q), colour);
        }
        for i in 0..(mesh.vertices.len() / 2).saturating_sub(1) as u32 {
            let k = i * 2;
            mesh.add_triangle(k, k + 1, k + 2);
            mesh.add_triangle(k + 1, k + 3, k + 2);
        }
        self.painter.add(Shape::mesh(mesh));
    }

    /// The area between two curves of the same length (any shape, convex or not), with both
    /// curves drawn over its edges to smooth them.
    pub fn band(&self, a: &[Vec2], b: &[Vec2], fill: Color32) {
        debug_assert_eq!(a.len(), b.len());
        let mut mesh = Mesh::default();
        for (&p, &q) in a.iter().zip(b) {
            mesh.colored_vertex(self.at(p), fill);
            mesh.colored_vertex(self.at(q), fill);
        }
        for i in 0..a.len().saturating_sub(1) as u32 {
            let k = i * 2;
            mesh.add_triangle(k, k + 1, k + 2);
            mesh.add_triangle(k + 1, k + 3, k + 2);
        }
        self.painter.add(Shape::mesh(mesh));
        let edge = self.outline.unwrap_or(fill);
        let width = if self.outline.is_some() { 0.018 } else { 0.008 };
        self.line(a, width, edge);
        self.line(b, width, edge);
    }
}

/// Points along the quadratic curve from `a` to `b` bending toward `control`.
pub fn quad(a: Vec2, control: Vec2, b: Vec2, n: usize) -> Vec<Vec2> {
    (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            a * (u * u) + control * (2.0 * u * t) + b * (t * t)
        })
        .collect()
}

/// The quadratic curve from `a` to `b` that passes through `middle` halfway.
pub fn through(a: Vec2, middle: Vec2, b: Vec2, n: usize) -> Vec<Vec2> {
    quad(a, middle * 2.0 - (a + b) * 0.5, b, n)
}

/// Points on an ellipse from angle `from` to `to` (radians; 0 is straight up, clockwise).
pub fn arc(centre: Vec2, radius: Vec2, from: f32, to: f32, n: usize) -> Vec<Vec2> {
    (0..=n)
        .map(|i| {
            let a = from + (to - from) * i as f32 / n as f32;
            centre + vec2(radius.x * a.sin(), -radius.y * a.cos())
        })
        .collect()
}

fn cross(a: Vec2, b: Vec2) -> f32 {
    a.x * b.y - a.y * b.x
}

/// The part of polygon `subject` inside the convex polygon `clip` (Sutherland–Hodgman):
/// an iris inside the lids, whatever shape the lids make.
pub fn clip_convex(subject: &[Vec2], clip: &[Vec2]) -> Vec<Vec2> {
    let area: f32 = clip.iter().zip(clip.iter().cycle().skip(1)).map(|(&a, &b)| cross(a, b)).sum();
    let side = area.signum();
    let mut out = subject.to_vec();
    for (i, &a) in clip.iter().enumerate() {
        let b = clip[(i + 1) % clip.len()];
        let input = std::mem::take(&mut out);
        let inside = |p: Vec2| side * cross(b - a, p - a) >= 0.0;
        for (j, &p) in input.iter().enumerate() {
            let q = input[(j + 1) % input.len()];
            let (dp, dq) = (cross(b - a, p - a), cross(b - a, q - a));
            let crossing = || p + (q - p) * (dp / (dp - dq));
            match (inside(p), inside(q)) {
                (true, true) => out.push(q),
                (true, false) => out.push(crossing()),
                (false, true) => {
                    out.push(crossing());
                    out.push(q);
                }
                (false, false) => {}
            }
        }
        if out.is_empty() {
            break;
        }
    }
    out
}

/// `colour` moved toward `other` by `t` (0..1).
pub fn mix(colour: Color32, other: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let blend = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgba_unmultiplied(
        blend(colour.r(), other.r()),
        blend(colour.g(), other.g()),
        blend(colour.b(), other.b()),
        blend(colour.a(), other.a()),
    )
}

/// `colour` darkened (`t` < 1) or lightened toward white (`t` > 1).
pub fn shade(colour: Color32, t: f32) -> Color32 {
    if t <= 1.0 { mix(colour, Color32::BLACK, 1.0 - t) } else { mix(colour, Color32::WHITE, t - 1.0) }
}

/// `colour` with this opacity (0..1).
pub fn alpha(colour: Color32, opacity: f32) -> Color32 {
    Color32::from_rgba_unmultiplied(colour.r(), colour.g(), colour.b(), (opacity.clamp(0.0, 1.0) * 255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_what_is_inside() {
        let square = [vec2(0.0, 0.0), vec2(2.0, 0.0), vec2(2.0, 2.0), vec2(0.0, 2.0)];
        let inner = [vec2(0.5, 0.5), vec2(1.5, 0.5), vec2(1.5, 1.5), vec2(0.5, 1.5)];
        let kept = clip_convex(&inner, &square);
        assert_eq!(kept.len(), 4);
        assert!(inner.iter().all(|p| kept.contains(p)));
        let overlapping = [vec2(1.0, 1.0), vec2(3.0, 1.0), vec2(3.0, 3.0), vec2(1.0, 3.0)];
        let clipped = clip_convex(&overlapping, &square);
        assert!(clipped.iter().all(|p| (0.0..=2.0).contains(&p.x) && (0.0..=2.0).contains(&p.y)));
        assert_eq!(clipped.len(), 4);
        let outside = [vec2(5.0, 5.0), vec2(6.0, 5.0), vec2(6.0, 6.0)];
        assert!(clip_convex(&outside, &square).is_empty());
        // Either winding of the clip polygon.
        let reversed: Vec<Vec2> = square.iter().rev().copied().collect();
        assert_eq!(clip_convex(&overlapping, &reversed).len(), 4);
    }

    #[test]
    fn a_curve_through_a_point_passes_it() {
        let points = through(vec2(0.0, 0.0), vec2(1.0, 1.0), vec2(2.0, 0.0), 10);
        assert!((points[5] - vec2(1.0, 1.0)).length() < 1e-5);
        assert_eq!(points.len(), 11);
    }
}
