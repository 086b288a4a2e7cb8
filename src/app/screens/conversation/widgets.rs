//! The conversation's widgets as plain functions over `egui::Ui`, tested with egui_kittest:
//! the whole stage (shared by conversations the engine runs here and those a live server
//! runs), dressed as the channel's scene (`scenes`), with the living face, the mood meters,
//! the reply timer and the choice list every scene shares.

use super::Said;
use super::scenes;
use crate::app::input::Action;
use crate::app::portrait::{Portrait, Reaction};
use crate::app::{theme, widgets as app_widgets};
use crate::engine::disc::DiscStyle;
use crate::engine::face::{self, Activity, Expression, Feeling, Impression, Weights};
use crate::engine::look::Appearance;
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
    /// The scenario's title: an email thread's subject.
    pub title: &'a str,
    pub customer: &'a str,
    pub look: Appearance,
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
    /// The expression the scenario gives the current line.
    pub expression: Option<Expression>,
    /// The primary style being played, which colours how the mood shows.
    pub style: Option<DiscStyle>,
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

impl Stage<'_> {
    /// What the customer is doing: speaking while their line types out, waiting while the
    /// trainee reads the replies.
    pub fn activity(&self) -> Activity {
        let speaking = !self.line_finished && matches!(self.said.last(), Some(Said::Customer(_)));
        if speaking {
            Activity::Speaking
        } else if self.over.is_none() && self.link == Link::Ready && !self.offer.is_empty() {
            Activity::Waiting
        } else {
            Activity::Still
        }
    }

    /// What the face feels: the eased mood, the last reply while it is fresh, the author's
    /// expression for the line.
    pub fn feeling(&self) -> Feeling {
        let (temper, trust) = self.shown_mood;
        let impression =
            self.reaction.map(|r| Impression { points: r.points, anti_pattern: r.anti_pattern, age: r.age });
        Feeling { temper, trust, impression, authored: self.expression, style: self.style }
    }

    pub fn weights(&self) -> Weights {
        self.feeling().weights()
    }

    /// The portrait at this moment: the expression with the idle life on it.
    pub fn portrait(&self, high_contrast: bool) -> Portrait {
        let idle = face::idle(self.look.variation, self.elapsed, self.activity());
        Portrait { look: self.look, pose: self.feeling().pose().living(idle), breath: idle.breath, high_contrast }
    }
}

/// Whether the page is drawn in high contrast.
pub fn high_contrast(ui: &egui::Ui) -> bool {
    ui.visuals().override_text_color.is_some()
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
                let turn = format!("turn {} of up to {}", stage.turn, stage.turn_limit);
                // A call shows its own timer on the caller's card.
                let clock =
                    if stage.channel == Channel::Phone { turn } else { format!("{} · {turn}", clock(stage.elapsed)) };
                ui.label(egui::RichText::new(clock).color(theme::MUTED));
            });
        });
        ui.separator();
        match stage.channel {
            Channel::Phone => scenes::call(ui, stage, &mut actions),
            Channel::Email => scenes::email(ui, stage, &mut actions),
            Channel::Chat => scenes::chat(ui, stage, &mut actions),
            Channel::InPerson => scenes::front_desk(ui, stage, &mut actions),
        }
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

/// The customer's personality, mood meters and how the last reply landed: beside the
/// portrait in every scene.
pub fn customer_panel(ui: &mut egui::Ui, stage: &Stage) {
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
}

/// Under the conversation: the end, a request on its way or failed, the replies to pick
/// (with the timer), or the button that finishes the customer's line.
pub fn replies(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
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
}

/// "that reply scored +12" under a reply, where the game may say.
pub fn points_note(ui: &mut egui::Ui, points: Option<i32>, align: egui::Align) {
    let Some(points) = points else { return };
    let colour = if points > 0 {
        theme::GOOD
    } else if points < 0 {
        theme::BAD
    } else {
        theme::MUTED
    };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        ui.label(egui::RichText::new(format!("that reply scored {points:+}")).small().color(colour));
    });
}

/// Seconds as `mm:ss`.
pub fn clock(seconds: f32) -> String {
    let whole = seconds.max(0.0) as u32;
    format!("{:02}:{:02}", whole / 60, whole % 60)
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
            // Barely rounded: a fully rounded bar tessellates into many more triangles.
            let bar = egui::ProgressBar::new(value as f32 / 100.0).desired_width(170.0).fill(colour).corner_radius(1.0);
            ui.add(bar.text(format!("{value}")));
            ui.end_row();
        }
    });
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
