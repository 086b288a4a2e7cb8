//! Look and feel: colours, the page frame every screen is drawn in, and applying the
//! trainee's scale, contrast and fullscreen settings.

use super::settings::TraineeSettings;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowMode};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The window's clear colour, which is also the page colour: screens draw no background of
/// their own, sparing a software renderer a full-window fill every frame.
pub const BACKGROUND: Color = Color::srgb_u8(24, 26, 33);

pub const PAGE: egui::Color32 = egui::Color32::from_rgb(24, 26, 33);
pub const CARD: egui::Color32 = egui::Color32::from_rgb(36, 39, 50);
pub const ACCENT: egui::Color32 = egui::Color32::from_rgb(94, 160, 255);
pub const GOOD: egui::Color32 = egui::Color32::from_rgb(90, 200, 120);
pub const BAD: egui::Color32 = egui::Color32::from_rgb(235, 90, 80);
pub const WARNING: egui::Color32 = egui::Color32::from_rgb(240, 180, 60);
pub const MUTED: egui::Color32 = egui::Color32::from_rgb(150, 155, 170);

pub(super) fn plugin(app: &mut App) {
    app.add_systems(EguiPrimaryContextPass, apply_look.before(super::DrawScreens));
    app.add_systems(Update, apply_window_mode);
}

fn apply_look(
    mut contexts: EguiContexts,
    prefs: Res<TraineeSettings>,
    mut clear: ResMut<ClearColor>,
    mut applied: Local<Option<(bool, u32)>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let wanted = (prefs.settings.high_contrast, prefs.settings.ui_scale);
    if *applied == Some(wanted) {
        return Ok(());
    }
    clear.0 = if prefs.settings.high_contrast { Color::BLACK } else { BACKGROUND };
    ctx.set_visuals(visuals(prefs.settings.high_contrast));
    ctx.set_zoom_factor(prefs.settings.ui_scale as f32 / 100.0);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
        for (text_style, size) in [
            (egui::TextStyle::Body, 16.0),
            (egui::TextStyle::Button, 16.0),
            (egui::TextStyle::Heading, 26.0),
            (egui::TextStyle::Small, 12.5),
            (egui::TextStyle::Monospace, 14.0),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
    });
    *applied = Some(wanted);
    Ok(())
}

/// Dark visuals, or black-and-white with heavier strokes for high contrast.
pub fn visuals(high_contrast: bool) -> egui::Visuals {
    let mut visuals = egui::Visuals::dark();
    if high_contrast {
        visuals.override_text_color = Some(egui::Color32::WHITE);
        visuals.panel_fill = egui::Color32::BLACK;
        visuals.window_fill = egui::Color32::BLACK;
        visuals.extreme_bg_color = egui::Color32::BLACK;
        visuals.faint_bg_color = egui::Color32::from_gray(20);
        for widget in [&mut visuals.widgets.inactive, &mut visuals.widgets.hovered, &mut visuals.widgets.active] {
            widget.bg_stroke = egui::Stroke::new(2.0, egui::Color32::WHITE);
            widget.fg_stroke = egui::Stroke::new(2.0, egui::Color32::WHITE);
        }
        visuals.widgets.inactive.weak_bg_fill = egui::Color32::BLACK;
        visuals.widgets.inactive.bg_fill = egui::Color32::BLACK;
        visuals.widgets.hovered.weak_bg_fill = egui::Color32::from_gray(60);
        visuals.selection.bg_fill = egui::Color32::from_rgb(0, 90, 200);
    } else {
        visuals.panel_fill = PAGE;
        visuals.window_fill = CARD;
    }
    visuals
}

fn apply_window_mode(prefs: Res<TraineeSettings>, mut window: Query<&mut Window, With<PrimaryWindow>>) {
    if !prefs.is_changed() {
        return;
    }
    let Ok(mut window) = window.single_mut() else { return };
    let mode = if prefs.settings.fullscreen {
        WindowMode::BorderlessFullscreen(bevy::window::MonitorSelection::Current)
    } else {
        WindowMode::Windowed
    };
    if window.mode != mode {
        window.mode = mode;
    }
}

/// Draws a full-window page with a margin and a scroll area, the frame of every screen.
pub fn screen(ctx: &egui::Context, contents: impl FnOnce(&mut egui::Ui)) {
    let mut root = egui::Ui::new(
        ctx.clone(),
        "screen".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.content_rect()),
    );
    egui::CentralPanel::default().frame(egui::Frame::new().inner_margin(28.0)).show(&mut root, |ui| {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, contents);
    });
}

pub fn heading(ui: &mut egui::Ui, text: &str) {
    ui.heading(egui::RichText::new(text).strong());
}

/// A wide button for the main actions of a screen.
pub fn big_button(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Button::new(egui::RichText::new(text).size(17.0)).min_size(egui::vec2(220.0, 40.0)))
}

/// A framed card, as used for scenarios, dossier sections and debrief turns.
pub fn card<R>(ui: &mut egui::Ui, contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    highlighted_card(ui, false, contents)
}

/// A card, drawn with a thick accent border when the keyboard has reached it.
pub fn highlighted_card<R>(ui: &mut egui::Ui, highlighted: bool, contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let fill = if ui.visuals().override_text_color.is_some() { egui::Color32::BLACK } else { CARD };
    let stroke =
        if highlighted { egui::Stroke::new(3.0, ACCENT) } else { ui.visuals().widgets.noninteractive.bg_stroke };
    egui::Frame::new().fill(fill).stroke(stroke).corner_radius(8.0).inner_margin(14.0).show(ui, contents).inner
}
