//! The scenario graph drawn with the egui painter from `authoring::layout`: wheel zooms about
//! the pointer, dragging pans, a click selects a node; the main personality's best path is
//! drawn bold and every ending is coloured by its outcome.

use super::view::Studio;
use crate::app::theme;
use crate::authoring::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::engine::scenario::Outcome;
use bevy_egui::egui;
use std::collections::BTreeSet;

/// How the graph is seen: layout units to screen points.
#[derive(Clone, Debug)]
pub struct Camera {
    /// `None` until the first frame fits the whole graph in view.
    pub zoom: Option<f32>,
    /// Where the layout's origin is drawn, relative to the graph area's top left.
    pub offset: egui::Vec2,
    /// A node to bring into view on the next frame (a diagnostic's "Go to").
    pub focus: Option<String>,
}

impl Default for Camera {
    fn default() -> Camera {
        Camera { zoom: None, offset: egui::Vec2::ZERO, focus: None }
    }
}

pub fn outcome_colour(outcome: Outcome) -> egui::Color32 {
    match outcome {
        Outcome::Resolved => theme::GOOD,
        Outcome::PartlyResolved => egui::Color32::from_rgb(170, 200, 90),
        Outcome::Escalated => theme::ACCENT,
        Outcome::WalkedAway => theme::WARNING,
        Outcome::CustomerLost => theme::BAD,
    }
}

/// The best path's steps as (node, reply) pairs and the nodes it visits, by name.
fn best_path(studio: &Studio) -> (BTreeSet<(String, usize)>, BTreeSet<String>) {
    let Ok(loaded) = &studio.proven else { return Default::default() };
    let main = loaded.main();
    let Some(best) = &main.analysis.best else { return Default::default() };
    let name = |id: u32| main.scenario.node_names[id as usize].clone();
    let steps: BTreeSet<(String, usize)> = best.steps.iter().map(|s| (name(s.node), s.choice)).collect();
    let mut nodes: BTreeSet<String> = steps.iter().map(|(n, _)| n.clone()).collect();
    nodes.insert(name(best.ending));
    (steps, nodes)
}

pub fn draw(studio: &mut Studio, ui: &mut egui::Ui) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), egui::Sense::click_and_drag());
    let area = response.rect;
    let layout = &studio.layout;
    let camera = &mut studio.view;
    let zoom = *camera.zoom.get_or_insert_with(|| {
        // Fit the whole graph, but never so small that names cannot be read.
        let fit = (area.width() / (layout.width as f32 + 40.0)).min(area.height() / (layout.height as f32 + 40.0));
        camera.offset = egui::vec2(20.0 * fit.clamp(0.35, 1.0), 20.0 * fit.clamp(0.35, 1.0));
        fit.clamp(0.35, 1.0)
    });
    if response.dragged() {
        camera.offset += response.drag_delta();
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            let new = (zoom * (scroll / 400.0).exp()).clamp(0.1, 3.0);
            // Zoom about the pointer: the point under it stays under it.
            if let Some(pointer) = response.hover_pos() {
                let at = pointer - area.min;
                camera.offset = at - (at - camera.offset) * (new / zoom);
            }
            camera.zoom = Some(new);
        }
    }
    let zoom = camera.zoom.unwrap_or(zoom);
    if let Some(focus) = camera.focus.take()
        && let Some(node) = layout.node(&focus)
    {
        camera.offset = area.size() / 2.0 - egui::vec2(node.x as f32, node.y as f32) * zoom;
    }
    let offset = camera.offset;
    let to_screen = |x: f64, y: f64| area.min + offset + egui::vec2(x as f32, y as f32) * zoom;
    let painter = painter.with_clip_rect(area);
    painter.rect_filled(area, 0.0, theme::PAGE);
    let (best_steps, best_nodes) = best_path(studio);
    let half = egui::vec2(NODE_WIDTH as f32, NODE_HEIGHT as f32) * zoom / 2.0;

    for link in &layout.links {
        let (Some(from), Some(to)) = (layout.node(&link.from), layout.node(&link.to)) else { continue };
        let on_best = link.choice.is_some_and(|c| best_steps.contains(&(link.from.clone(), c)));
        let (a, b) = (to_screen(from.x, from.y), to_screen(to.x, to.y));
        let stroke = if on_best {
            egui::Stroke::new(3.5 * zoom.max(0.5), theme::GOOD)
        } else if link.choice.is_none() {
            egui::Stroke::new(1.0, theme::WARNING.gamma_multiply(0.5))
        } else {
            egui::Stroke::new(1.2, theme::MUTED.gamma_multiply(0.6))
        };
        if link.from == link.to {
            painter.circle_stroke(a + egui::vec2(half.x, -half.y), 10.0 * zoom, stroke);
            continue;
        }
        // From the bottom of one box to the top of the other (or sideways when level).
        let start = if b.y > a.y { a + egui::vec2(0.0, half.y) } else { a - egui::vec2(0.0, half.y) };
        let end = if b.y > a.y { b - egui::vec2(0.0, half.y) } else { b + egui::vec2(0.0, half.y) };
        // A head of fixed size: egui's `arrow` scales it with the line, huge on long links.
        painter.line_segment([start, end], stroke);
        let dir = (end - start).normalized();
        let head = 7.0 * zoom.max(0.6);
        let back = end - dir * head;
        let side = egui::vec2(-dir.y, dir.x) * head * 0.5;
        painter.line_segment([end, back + side], stroke);
        painter.line_segment([end, back - side], stroke);
    }

    let font = egui::FontId::proportional((13.0 * zoom).clamp(6.0, 22.0));
    let small = egui::FontId::proportional((11.0 * zoom).clamp(5.0, 18.0));
    let mut clicked = None;
    for node in &layout.nodes {
        let centre = to_screen(node.x, node.y);
        let rect = egui::Rect::from_center_size(centre, half * 2.0);
        if !area.intersects(rect) {
            continue;
        }
        let selected = studio.selected.as_deref() == Some(node.name.as_str());
        let fill = match node.ending {
            Some(outcome) => outcome_colour(outcome).gamma_multiply(0.35),
            None => theme::CARD,
        };
        let border = if selected {
            egui::Stroke::new(3.0, theme::ACCENT)
        } else if best_nodes.contains(&node.name) {
            egui::Stroke::new(2.5, theme::GOOD)
        } else {
            egui::Stroke::new(1.0, node.ending.map_or(theme::MUTED, outcome_colour))
        };
        painter.rect_filled(rect, 6.0 * zoom, fill);
        painter.rect_stroke(rect, 6.0 * zoom, border, egui::StrokeKind::Inside);
        // A node a diagnostic concerns wears a badge: red for an error, amber for a warning.
        let concerns = studio.findings.iter().filter(|f| f.node.as_deref() == Some(node.name.as_str()));
        let (errors, warnings) =
            concerns.fold((0, 0), |(e, w), f| if f.diagnostic.is_error() { (e + 1, w) } else { (e, w + 1) });
        if errors + warnings > 0 {
            let colour = if errors > 0 { theme::BAD } else { theme::WARNING };
            let badge = rect.right_top() + egui::vec2(-2.0, 2.0) * zoom;
            painter.circle_filled(badge, 7.0 * zoom.max(0.6), colour);
            painter.text(
                badge,
                egui::Align2::CENTER_CENTER,
                (errors + warnings).to_string(),
                egui::FontId::proportional((10.0 * zoom).clamp(6.0, 14.0)),
                egui::Color32::BLACK,
            );
        }
        let mut title = node.name.clone();
        if node.name == studio.document.file().start {
            title = format!("▶ {title}");
        }
        painter.text(
            centre - egui::vec2(0.0, 8.0 * zoom),
            egui::Align2::CENTER_CENTER,
            title,
            font.clone(),
            egui::Color32::WHITE,
        );
        let detail = match (node.ending, studio.document.file().nodes.get(&node.name)) {
            (Some(outcome), Some(crate::engine::scenario::Node::End { points, .. })) => {
                format!("{} · {points}", outcome.label())
            }
            (_, Some(crate::engine::scenario::Node::Say { choices, .. })) => format!("{} replies", choices.len()),
            _ => String::new(),
        };
        painter.text(
            centre + egui::vec2(0.0, 12.0 * zoom),
            egui::Align2::CENTER_CENTER,
            detail,
            small.clone(),
            theme::MUTED,
        );
        // Each node is a widget of its own, so screen readers and tests find it by name.
        let id = ui.id().with(("studio-node", &node.name));
        let hit = ui.interact(rect.intersect(area), id, egui::Sense::click());
        hit.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, format!("Node {}", node.name)));
        if hit.clicked() {
            clicked = Some(node.name.clone());
        }
    }
    painter.text(
        area.left_bottom() + egui::vec2(8.0, -8.0),
        egui::Align2::LEFT_BOTTOM,
        "Wheel: zoom · drag: pan · click a node to edit it · green: the best path · a badge: diagnostics there",
        egui::FontId::proportional(12.0),
        theme::MUTED,
    );
    if let Some(name) = clicked {
        studio.selected = Some(name);
    }
}
