//! Contact sheets for the screenshot tour, drawn over whatever screen is showing: every
//! shipped customer's portrait, and every expression on three customers, so a person can
//! check at a glance that age and mood read in a portrait about 200 points tall.

use crate::app::DrawScreens;
use crate::app::library::Library;
use crate::app::portrait::{self, Portrait};
use crate::app::theme;
use crate::engine::face::{Expression, Pose};
use crate::engine::look::Appearance;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Which sheet to draw over the screen, if any.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sheet {
    #[default]
    None,
    /// Every loaded scenario's customer, neutral.
    Customers,
    /// Each expression on three customers.
    Expressions,
}

/// The customers the expression sheet shows, by scenario id: a woman of 78 with white
/// curls, a man in middle age with greying hair in work clothes, a younger woman with deep
/// skin and long hair.
pub const EXPRESSION_CUSTOMERS: [&str; 3] = ["counter-return", "wants-the-manager", "key-account-at-risk"];

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Sheet>();
    app.add_systems(EguiPrimaryContextPass, draw_sheet.after(DrawScreens));
}

fn draw_sheet(mut contexts: EguiContexts, sheet: Res<Sheet>, library: Res<Library>) -> Result {
    if *sheet == Sheet::None {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut customers: Vec<(String, String, Appearance)> = library
        .playable()
        .filter_map(|e| e.loaded())
        .map(|l| (l.id().to_owned(), l.file().customer.name.clone(), l.file().appearance()))
        .collect();
    customers.sort_by(|a, b| a.0.cmp(&b.0));
    let screen = ctx.content_rect();
    egui::Area::new("dev-sheet".into()).order(egui::Order::Foreground).fixed_pos(screen.min).show(ctx, |ui| {
        let painter = ui.painter();
        painter.rect_filled(screen, 0.0, theme::PAGE);
        let contrast = ui.visuals().override_text_color.is_some();
        let (cells, columns, title): (Vec<(Appearance, Pose, String)>, usize, &str) = match *sheet {
            Sheet::Customers => (
                customers
                    .iter()
                    .map(|(_, name, look)| {
                        let first = name.split_whitespace().next().unwrap_or(name);
                        (*look, Pose::NEUTRAL, format!("{first} · {:?}", look.age))
                    })
                    .collect(),
                8,
                "Every shipped customer",
            ),
            Sheet::Expressions => (
                EXPRESSION_CUSTOMERS
                    .iter()
                    .filter_map(|id| customers.iter().find(|(i, _, _)| i == id))
                    .flat_map(|(_, name, look)| {
                        let first = name.split_whitespace().next().unwrap_or(name).to_owned();
                        Expression::ALL.iter().map(move |&e| (*look, e.pose(), format!("{first}: {e}")))
                    })
                    .collect(),
                8,
                "Each expression on three customers",
            ),
            Sheet::None => return,
        };
        painter.text(
            screen.min + egui::vec2(16.0, 10.0),
            egui::Align2::LEFT_TOP,
            title,
            egui::FontId::proportional(20.0),
            egui::Color32::WHITE,
        );
        let gap = 8.0;
        let width = (screen.width() - 32.0 - gap * (columns as f32 - 1.0)) / columns as f32;
        let height = width * 1.3;
        for (i, (look, pose, label)) in cells.iter().enumerate() {
            let (row, column) = (i / columns, i % columns);
            let min =
                screen.min + egui::vec2(16.0 + column as f32 * (width + gap), 44.0 + row as f32 * (height + 26.0));
            let rect = egui::Rect::from_min_size(min, egui::vec2(width, height));
            painter.rect_filled(rect, 10.0, egui::Color32::from_rgb(52, 58, 74));
            let portrait = Portrait { look: *look, pose: *pose, breath: 0.0, high_contrast: contrast };
            portrait::paint(painter, rect.shrink(2.0), &portrait);
            painter.text(
                rect.center_bottom() + egui::vec2(0.0, 4.0),
                egui::Align2::CENTER_TOP,
                label,
                egui::FontId::proportional(13.0),
                egui::Color32::WHITE,
            );
        }
    });
    Ok(())
}
