//! The conversation's widgets as plain functions over `egui::Ui`, tested with egui_kittest:
//! the whole stage (shared by conversations the engine runs here and those a live server
//! runs), the channel's banner, mood meters, the transcript shaped like the channel, the
//! reply timer and the choice list.

use super::Said;
use crate::app::input::Action;
use crate::app::portrait::{self, Face, Reaction};
use crate::app::{theme, widgets as app_widgets};
use crate::engine::mood::Mood;
use crate::engine::scenario::{Channel, Dossier};
use bevy_egui::egui;

/// Where the replies stand with whatever runs the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link<'a> {
    /// The replies can be picked.
    Ready,
    /// A request is on its way: what it is doing, for the trainee to read instead of replies.
    Busy(&'a str),
    /// The last request failed: why, and whether trying again may work.
    Failed { why: &'a str, retry: bool },
}

/// Everything the conversation screen shows at one moment.
pub struct Stage<'a> {
    pub channel: Channel,
    pub customer: &'a str,
    pub personality: &'a str,
    pub dossier: &'a Dossier,
    /// 1-based: the turn being asked.
    pub turn: usize,
    pub turn_limit: u32,
    /// Seconds since the conversation began, and since the current line finished typing.
    pub elapsed: f32,
    pub waiting: f32,
    /// Seconds a reply may take (0: no timer).
    pub reply_limit: u32,
    /// The mood the face shows (easing toward `mood`) and the mood itself.
    pub shown_mood: (f32, f32),
    pub mood: Mood,
    pub reaction: Option<Reaction>,
    /// Whether the reaction may say how many points the reply scored.
    pub reaction_points: bool,
    pub said: &'a [Said],
    /// The customer's current line as far as it has been typed out.
    pub typed: &'a str,
    pub line_finished: bool,
    /// How the conversation ended, once it has.
    pub over: Option<&'a str>,
    /// The replies on offer, in the order shown.
    pub offer: Vec<&'a str>,
    pub dossier_open: bool,
    pub link: Link<'a>,
}

/// Draws the conversation screen; returns what the trainee clicked.
pub fn stage(ctx: &egui::Context, stage: &Stage) -> Vec<Action> {
    let mut actions = Vec::new();
    theme::screen(ctx, |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(channel_banner(stage.channel, stage.customer)).size(18.0).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Leave (Esc)").clicked() {
                    actions.push(Action::Back);
                }
                if ui.button("Dossier (Tab)").clicked() {
                    actions.push(Action::ToggleDossier);
                }
                let minutes = stage.elapsed as u32 / 60;
                let seconds = stage.elapsed as u32 % 60;
                ui.label(
                    egui::RichText::new(format!(
                        "{minutes:02}:{seconds:02} · turn {} of up to {}",
                        stage.turn, stage.turn_limit
                    ))
                    .color(theme::MUTED),
                );
            });
        });
        ui.separator();
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(270.0);
                let (temper, trust) = stage.shown_mood;
                let face = Face::new(stage.customer, temper, trust, stage.reaction);
                // Face to face, the customer fills more of the view.
                let size = if stage.channel == Channel::InPerson {
                    egui::vec2(270.0, 340.0)
                } else {
                    egui::vec2(260.0, 290.0)
                };
                portrait::portrait(ui, &face, size, stage.channel);
                ui.label(egui::RichText::new(stage.customer).size(18.0).strong());
                ui.label(egui::RichText::new(stage.personality).color(theme::MUTED));
                mood_meters(ui, stage.mood);
                if let Some(reaction) = stage.reaction {
                    let landed = if reaction.points > 0 {
                        Some(("That landed well", theme::GOOD))
                    } else if reaction.points < 0 {
                        Some(("That landed badly", theme::BAD))
                    } else {
                        None
                    };
                    match landed {
                        Some((text, colour)) if stage.reaction_points => {
                            ui.colored_label(colour, format!("{text} ({:+})", reaction.points));
                        }
                        Some((text, colour)) => {
                            ui.colored_label(colour, text);
                        }
                        None => {
                            ui.colored_label(theme::MUTED, "No change");
                        }
                    }
                }
            });
            ui.add_space(16.0);
            ui.vertical(|ui| {
                transcript(ui, stage.channel, stage.customer, stage.said, stage.typed);
                ui.add_space(12.0);
                if let Some(outcome) = stage.over {
                    if stage.line_finished {
                        ui.label(egui::RichText::new(format!("The conversation is over: {outcome}.")).size(18.0));
                        if theme::big_button(ui, "See the debrief (Enter)").clicked() {
                            actions.push(Action::Continue);
                        }
                    }
                } else if let Link::Busy(doing) = stage.link {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(egui::RichText::new(doing).size(17.0).color(theme::MUTED));
                    });
                } else if let Link::Failed { why, retry } = stage.link {
                    ui.colored_label(theme::BAD, egui::RichText::new(why).size(17.0));
                    ui.horizontal(|ui| {
                        if retry && theme::big_button(ui, "Try again (R)").clicked() {
                            actions.push(Action::Retry);
                        }
                        if theme::big_button(ui, "Leave (Esc)").clicked() {
                            actions.push(Action::Back);
                        }
                    });
                } else if stage.line_finished {
                    if stage.reply_limit > 0 {
                        response_timer(ui, stage.waiting, stage.reply_limit);
                    }
                    if let Some(position) = choice_list(ui, &stage.offer) {
                        actions.push(Action::Pick(position));
                    }
                } else if ui.button("Skip (Space)").clicked() {
                    actions.push(Action::Skip);
                }
            });
        });
    });
    if stage.dossier_open {
        egui::Window::new("Dossier").collapsible(false).default_width(420.0).show(ctx, |ui| {
            // A long dossier scrolls inside the window instead of running off the screen.
            egui::ScrollArea::vertical().max_height(ctx.content_rect().height() * 0.75).show(ui, |ui| {
                app_widgets::dossier(ui, stage.customer, stage.dossier);
            });
            if ui.button("Close (Tab)").clicked() {
                actions.push(Action::ToggleDossier);
            }
        });
    }
    actions
}

pub fn channel_banner(channel: Channel, customer: &str) -> String {
    match channel {
        Channel::Phone => format!("📞 On a call with {customer}"),
        Channel::Email => format!("✉ Email thread with {customer}"),
        Channel::Chat => format!("💬 Live chat with {customer}"),
        Channel::InPerson => format!("🏬 At the front desk with {customer}"),
    }
}

pub fn mood_meters(ui: &mut egui::Ui, mood: Mood) {
    egui::Grid::new("mood-meters").num_columns(2).show(ui, |ui| {
        for (label, value, colour) in [("Temper", mood.temper, theme::BAD), ("Trust", mood.trust, theme::GOOD)] {
            ui.label(label);
            let bar = egui::ProgressBar::new(value as f32 / 100.0).desired_width(170.0).fill(colour);
            ui.add(bar.text(format!("{value}")));
            ui.end_row();
        }
    });
}

pub fn transcript(ui: &mut egui::Ui, channel: Channel, customer: &str, said: &[Said], typing: &str) {
    let height = (ui.available_height() * 0.55).clamp(160.0, 420.0);
    egui::ScrollArea::vertical().max_height(height).stick_to_bottom(true).auto_shrink([false, true]).show(ui, |ui| {
        let last = said.len().saturating_sub(1);
        for (i, line) in said.iter().enumerate() {
            let (who_is_customer, text, points) = match line {
                Said::Customer(text) => (true, if i == last { typing } else { text.as_str() }, None),
                Said::Trainee { text, points } => (false, text.as_str(), *points),
                Said::Notice(text) => {
                    ui.vertical_centered(|ui| ui.label(egui::RichText::new(text).italics().color(theme::WARNING)));
                    continue;
                }
            };
            let who = if who_is_customer { customer } else { "You" };
            match channel {
                Channel::Email => email(ui, who, text, i),
                Channel::Chat => bubble(ui, who_is_customer, text),
                Channel::Phone => caption(ui, who_is_customer, who, text),
                Channel::InPerson => speech(ui, who_is_customer, who, text),
            }
            if let Some(points) = points {
                let colour = if points > 0 {
                    theme::GOOD
                } else if points < 0 {
                    theme::BAD
                } else {
                    theme::MUTED
                };
                let align = if channel == Channel::Chat { egui::Align::Max } else { egui::Align::Min };
                ui.with_layout(egui::Layout::top_down(align), |ui| {
                    ui.label(egui::RichText::new(format!("that reply scored {points:+}")).small().color(colour));
                });
            }
        }
    });
}

fn email(ui: &mut egui::Ui, who: &str, text: &str, index: usize) {
    theme::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("From: {who}")).strong());
        ui.label(egui::RichText::new(format!("Message {}", index + 1)).small().color(theme::MUTED));
        ui.separator();
        ui.label(egui::RichText::new(text).size(16.0));
    });
}

fn bubble(ui: &mut egui::Ui, from_customer: bool, text: &str) {
    let align = if from_customer { egui::Align::Min } else { egui::Align::Max };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        let fill = if from_customer { egui::Color32::from_gray(55) } else { egui::Color32::from_rgb(30, 90, 170) };
        ui.set_max_width((ui.available_width() * 0.75).max(200.0));
        egui::Frame::new().fill(fill).corner_radius(14.0).inner_margin(egui::Margin::symmetric(14, 10)).show(
            ui,
            |ui| {
                ui.add(egui::Label::new(egui::RichText::new(text).size(16.0).color(egui::Color32::WHITE)).wrap());
            },
        );
    });
    ui.add_space(4.0);
}

fn speech(ui: &mut egui::Ui, from_customer: bool, who: &str, text: &str) {
    let align = if from_customer { egui::Align::Min } else { egui::Align::Max };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        ui.set_max_width((ui.available_width() * 0.8).max(200.0));
        let fill =
            if from_customer { egui::Color32::from_rgb(245, 240, 225) } else { egui::Color32::from_rgb(215, 235, 250) };
        ui.label(egui::RichText::new(who).small().color(theme::MUTED));
        let frame = egui::Frame::new().fill(fill).corner_radius(18.0).inner_margin(egui::Margin::symmetric(16, 10));
        let response = frame.show(ui, |ui| {
            ui.add(
                egui::Label::new(egui::RichText::new(format!("“{text}”")).size(16.0).color(egui::Color32::BLACK))
                    .wrap(),
            );
        });
        let rect = response.response.rect;
        let (tip, base) = if from_customer {
            (rect.left_top() + egui::vec2(-8.0, 12.0), rect.left_top() + egui::vec2(2.0, 6.0))
        } else {
            (rect.right_top() + egui::vec2(8.0, 12.0), rect.right_top() + egui::vec2(-2.0, 6.0))
        };
        let tail = vec![tip, base, base + egui::vec2(0.0, 14.0)];
        ui.painter().add(egui::Shape::convex_polygon(tail, fill, egui::Stroke::NONE));
    });
    ui.add_space(6.0);
}

fn caption(ui: &mut egui::Ui, from_customer: bool, who: &str, text: &str) {
    let colour = if from_customer { theme::ACCENT } else { theme::GOOD };
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("{who}:")).strong().color(colour));
        ui.label(egui::RichText::new(text).size(17.0));
    });
    ui.add_space(4.0);
}

pub fn response_timer(ui: &mut egui::Ui, waited: f32, limit: u32) {
    let left = limit as f32 - waited;
    let (text, colour) = if left > 0.0 {
        (format!("{:.0} s to reply", left.ceil()), theme::WARNING)
    } else {
        (format!("{:.0} s over time", -left), theme::BAD)
    };
    ui.add(egui::ProgressBar::new((left / limit as f32).clamp(0.0, 1.0)).desired_width(300.0).fill(colour).text(text));
}

pub fn choice_list(ui: &mut egui::Ui, choices: &[&str]) -> Option<usize> {
    let mut picked = None;
    let width = ui.available_width().min(780.0);
    for (i, text) in choices.iter().enumerate() {
        let label = egui::RichText::new(format!("{}.  {text}", i + 1)).size(16.0);
        let button = egui::Button::new(label).wrap().min_size(egui::vec2(width, 44.0));
        let response = ui.scope(|ui| {
            ui.set_width(width);
            ui.style_mut().spacing.button_padding = egui::vec2(14.0, 10.0);
            ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| ui.add(button)).inner
        });
        if response.inner.clicked() {
            picked = Some(i + 1);
        }
    }
    picked
}
