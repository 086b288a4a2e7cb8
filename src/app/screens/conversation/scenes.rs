//! The conversation dressed for its channel: a call screen (the caller's card, the call's
//! timer, a voice level that moves while the customer speaks, live captions), an email
//! client (a thread with headers and quoted text, the reply chosen in a draft box), a chat
//! app (a typing indicator, read marks) and a front desk (a counter before a shop wall, the
//! customer's body language as stage directions). Every scene takes the same keys and clicks.

use super::Said;
use super::widgets::{Stage, clock, customer_panel, high_contrast, points_note, replies};
use crate::app::input::Action;
use crate::app::portrait::{self, Framing, Posture};
use crate::app::theme;
use crate::engine::face::{self, Activity, Expression};
use bevy_egui::egui::{self, Color32, RichText, Stroke, vec2};

/// How tall the conversation's scrolling part may grow, leaving room for the replies.
fn transcript_height(ui: &egui::Ui) -> f32 {
    (ui.available_height() * 0.5).clamp(160.0, 400.0)
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The whole portrait as a widget, on the scene's backdrop.
fn portrait(ui: &mut egui::Ui, stage: &Stage, size: egui::Vec2, backdrop: Color32) {
    let contrast = high_contrast(ui);
    portrait::portrait(ui, &stage.portrait(contrast), size, backdrop, stage.reaction);
}

// ---------------------------------------------------------------------------------------
// The call screen.

pub fn call(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(292.0);
            caller_card(ui, stage);
            ui.add_space(6.0);
            customer_panel(ui, stage);
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.label(RichText::new("Live captions").small().color(theme::MUTED));
            egui::ScrollArea::vertical()
                .max_height(transcript_height(ui))
                .stick_to_bottom(true)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let last = stage.said.len().saturating_sub(1);
                    for (i, line) in stage.said.iter().enumerate() {
                        match line {
                            Said::Customer(text) => {
                                caption(ui, true, stage.customer, if i == last { stage.typed } else { text })
                            }
                            Said::Trainee { text, points } => {
                                caption(ui, false, "You", text);
                                points_note(ui, *points, egui::Align::Min);
                            }
                            Said::Notice(text) => notice(ui, text),
                        }
                    }
                });
            ui.add_space(12.0);
            replies(ui, stage, actions);
        });
    });
}

fn caller_card(ui: &mut egui::Ui, stage: &Stage) {
    // Outlined, not filled: every filled point costs a software renderer each frame.
    let contrast = high_contrast(ui);
    let stroke =
        if contrast { Stroke::new(2.0, Color32::WHITE) } else { Stroke::new(1.5, Color32::from_rgb(52, 64, 84)) };
    egui::Frame::new().stroke(stroke).corner_radius(0.0).inner_margin(14.0).show(ui, |ui| {
        ui.set_width(264.0);
        if stage.over.is_some() {
            status(ui, theme::BAD, "Call ended");
        } else {
            status(ui, theme::GOOD, "Call in progress");
        }
        portrait(ui, stage, vec2(264.0, 250.0), Color32::from_rgb(24, 44, 66));
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(stage.customer).size(20.0).strong());
            ui.label(RichText::new(clock(stage.elapsed)).size(26.0).monospace());
        });
        voice_level(ui, stage);
    });
}

/// Bars of the customer's voice over the last second and a half, newest on the right: they
/// move while the customer speaks and lie flat while they listen.
fn voice_level(ui: &mut egui::Ui, stage: &Stage) {
    let speaking = stage.activity() == Activity::Speaking;
    let (response, painter) = ui.allocate_painter(vec2(264.0, 36.0), egui::Sense::hover());
    let rect = response.rect;
    const BARS: usize = 26;
    let step = rect.width() / BARS as f32;
    let colour = if speaking { theme::GOOD } else { Color32::from_gray(90) };
    // One mesh of plain rectangles: cheap for a software renderer, drawn every frame.
    let mut bars = egui::Mesh::default();
    for i in 0..BARS {
        let t = stage.elapsed - (BARS - 1 - i) as f32 * 0.06;
        let level = face::voice_level(stage.look.variation, t, speaking);
        let height = (4.0 + level * (rect.height() - 6.0)).min(rect.height()).round();
        let x = (rect.left() + step * (i as f32 + 0.5)).round();
        let bar =
            egui::Rect::from_center_size(egui::pos2(x, rect.center().y.round()), vec2((step * 0.55).round(), height));
        bars.add_colored_rect(bar, colour);
    }
    painter.add(egui::Shape::mesh(bars));
    let label = if speaking {
        format!("{} is speaking", first_name(stage.customer))
    } else if stage.over.is_some() {
        "The line is quiet".into()
    } else {
        "Listening".into()
    };
    ui.vertical_centered(|ui| ui.label(RichText::new(label).small().color(theme::MUTED)));
}

fn caption(ui: &mut egui::Ui, from_customer: bool, who: &str, text: &str) {
    let colour = if from_customer { theme::ACCENT } else { theme::GOOD };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{who}:")).strong().color(colour));
        ui.label(RichText::new(text).size(17.0));
    });
    ui.add_space(4.0);
}

fn notice(ui: &mut egui::Ui, text: &str) {
    ui.vertical_centered(|ui| ui.label(RichText::new(text).italics().color(theme::WARNING)));
}

// ---------------------------------------------------------------------------------------
// The email client.

/// A plausible address for the customer, for the thread's headers.
fn address(name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .split_whitespace()
        .map(|word| word.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(".");
    format!("{}@example.com", if local.is_empty() { "customer" } else { &local })
}

/// An email line that opens with its own subject (`Subject: Refund. We signed up in
/// June...`) as the subject, up to the first full stop, and the body after it; the client
/// shows the subject in the headers instead of repeating it in the body.
fn own_subject(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("Subject:")?.trim_start();
    let end = rest.find(". ").or_else(|| rest.find('\n'))?;
    let subject = rest[..end].trim();
    (!subject.is_empty()).then(|| (subject, rest[end + 1..].trim_start()))
}

/// The thread's subject: the one the customer's first message gives itself, or the
/// scenario's title.
fn thread_subject<'a>(stage: &Stage<'a>) -> &'a str {
    let first = stage.said.iter().find_map(|s| match s {
        Said::Customer(text) => Some(text.as_str()),
        _ => None,
    });
    first.and_then(own_subject).map_or(stage.title, |(subject, _)| subject)
}

pub fn email(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(250.0);
            portrait(ui, stage, vec2(250.0, 262.0), Color32::from_rgb(46, 46, 58));
            ui.label(RichText::new(stage.customer).size(18.0).strong());
            ui.label(RichText::new(address(stage.customer)).small().color(theme::MUTED));
            customer_panel(ui, stage);
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Inbox  ›").color(theme::MUTED));
                ui.label(RichText::new(thread_subject(stage)).strong());
                let messages = stage.said.iter().filter(|s| !matches!(s, Said::Notice(_))).count();
                ui.label(RichText::new(format!("· {messages} in this thread")).small().color(theme::MUTED));
            });
            egui::ScrollArea::vertical()
                .max_height(transcript_height(ui))
                .stick_to_bottom(true)
                .auto_shrink([false, true])
                .show(ui, |ui| thread(ui, stage));
            ui.add_space(8.0);
            draft_box(ui, stage, actions);
        });
    });
}

fn thread(ui: &mut egui::Ui, stage: &Stage) {
    let last = stage.said.len().saturating_sub(1);
    let title = thread_subject(stage);
    let mut previous: Option<(&str, &str)> = None;
    let mut number = 0;
    for (i, line) in stage.said.iter().enumerate() {
        let mut own = None;
        let (from_customer, text, points) = match line {
            Said::Customer(text) => {
                let (subject, body) = own_subject(text).map_or((None, text.as_str()), |(s, b)| (Some(s), b));
                own = subject;
                // The body as far as the line has typed out (the subject comes with it at once).
                let typed = if i == last { stage.typed.get(text.len() - body.len()..).unwrap_or("") } else { body };
                (true, typed, None)
            }
            Said::Trainee { text, points } => (false, text.as_str(), *points),
            Said::Notice(text) => {
                notice(ui, text);
                continue;
            }
        };
        number += 1;
        let subject = match own {
            Some(own) if number > 1 && own != title => own.to_owned(),
            _ if number == 1 => title.to_owned(),
            _ => format!("Re: {title}"),
        };
        let (from, to) = if from_customer {
            (format!("{} <{}>", stage.customer, address(stage.customer)), "Customer support".to_owned())
        } else {
            ("You (Customer support)".to_owned(), format!("{} <{}>", stage.customer, address(stage.customer)))
        };
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            egui::Grid::new(("headers", i)).num_columns(2).spacing(vec2(8.0, 2.0)).show(ui, |ui| {
                for (key, value) in [("From:", from.as_str()), ("To:", to.as_str()), ("Subject:", subject.as_str())] {
                    ui.label(RichText::new(key).small().color(theme::MUTED));
                    ui.label(RichText::new(value).small().strong());
                    ui.end_row();
                }
            });
            ui.separator();
            ui.label(RichText::new(text).size(16.0));
            // What this message answers, quoted below it as mail clients do.
            if let Some((who, quoted)) = previous {
                ui.add_space(6.0);
                ui.label(RichText::new(format!("{who} wrote:")).small().color(theme::MUTED));
                quote(ui, quoted);
            }
        });
        points_note(ui, points, egui::Align::Min);
        previous = Some((if from_customer { stage.customer } else { "Customer support" }, text));
    }
}

/// Quoted text: muted, behind a bar.
fn quote(ui: &mut egui::Ui, text: &str) {
    let shown: String = if text.chars().count() > 180 {
        text.chars().take(180).chain("…".chars()).collect()
    } else {
        text.to_owned()
    };
    egui::Frame::new().inner_margin(egui::Margin { left: 10, right: 0, top: 2, bottom: 2 }).show(ui, |ui| {
        let response = ui.label(RichText::new(format!("> {shown}")).size(14.0).color(theme::MUTED));
        let rect = response.rect;
        ui.painter().vline(rect.left() - 8.0, rect.y_range(), Stroke::new(2.0, theme::MUTED));
    });
}

fn draft_box(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
    let contrast = high_contrast(ui);
    egui::Frame::new()
        .stroke(Stroke::new(if contrast { 2.0 } else { 1.0 }, theme::ACCENT))
        .corner_radius(8.0)
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new("Draft").strong().color(theme::ACCENT));
                ui.label(
                    RichText::new(format!("To: {}   ·   Subject: Re: {}", stage.customer, thread_subject(stage)))
                        .small()
                        .color(theme::MUTED),
                );
            });
            ui.separator();
            if stage.line_finished && stage.over.is_none() && !stage.offer.is_empty() {
                ui.label(RichText::new("Choose the reply to send:").small().color(theme::MUTED));
            }
            replies(ui, stage, actions);
        });
}

// ---------------------------------------------------------------------------------------
// The chat app.

pub fn chat(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
    let typing = stage.activity() == Activity::Speaking;
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(250.0);
            portrait(ui, stage, vec2(250.0, 262.0), Color32::from_rgb(30, 52, 48));
            ui.label(RichText::new(stage.customer).size(18.0).strong());
            presence(ui, stage.customer, typing);
            customer_panel(ui, stage);
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            let contrast = high_contrast(ui);
            egui::Frame::new()
                .stroke(Stroke::new(if contrast { 2.0 } else { 1.0 }, Color32::from_gray(70)))
                .corner_radius(12.0)
                .inner_margin(12.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let (avatar, painter) = ui.allocate_painter(vec2(40.0, 40.0), egui::Sense::hover());
                        painter.circle_filled(avatar.rect.center(), 20.0, Color32::from_rgb(44, 70, 64));
                        portrait::paint_framed(&painter, avatar.rect, &stage.portrait(contrast), Framing::Head);
                        ui.vertical(|ui| {
                            ui.label(RichText::new(stage.customer).strong());
                            presence(ui, stage.customer, typing);
                        });
                    });
                    ui.separator();
                    egui::ScrollArea::vertical()
                        .max_height(transcript_height(ui))
                        .stick_to_bottom(true)
                        .auto_shrink([false, true])
                        .show(ui, |ui| messages(ui, stage, typing));
                });
            ui.add_space(8.0);
            replies(ui, stage, actions);
        });
    });
}

fn presence(ui: &mut egui::Ui, name: &str, typing: bool) {
    if typing {
        ui.label(RichText::new(format!("{} is typing…", first_name(name))).small().italics().color(theme::GOOD));
    } else {
        status(ui, theme::GOOD, "Online");
    }
}

/// A coloured dot and a word: a call's or a chat contact's state.
fn status(ui: &mut egui::Ui, colour: Color32, text: &str) {
    ui.horizontal(|ui| {
        let (dot, painter) = ui.allocate_painter(vec2(10.0, 10.0), egui::Sense::hover());
        painter.circle_filled(dot.rect.center(), 4.0, colour);
        ui.label(RichText::new(text).small().color(colour));
    });
}

fn messages(ui: &mut egui::Ui, stage: &Stage, typing: bool) {
    let last = stage.said.len().saturating_sub(1);
    for (i, line) in stage.said.iter().enumerate() {
        match line {
            Said::Customer(_) if i == last && typing => typing_indicator(ui, stage.elapsed),
            Said::Customer(text) => bubble(ui, true, text),
            Said::Trainee { text, points } => {
                bubble(ui, false, text);
                // Read once the customer has answered it (or is answering now).
                let read = stage.said[i + 1..].iter().any(|s| matches!(s, Said::Customer(_)));
                read_mark(ui, read);
                points_note(ui, *points, egui::Align::Max);
            }
            Said::Notice(text) => notice(ui, text),
        }
    }
}

/// Ticks under a message the trainee sent: one when delivered, two when read. Painted,
/// since the game's fonts have no tick.
fn read_mark(ui: &mut egui::Ui, read: bool) {
    let colour = if read { theme::ACCENT } else { theme::MUTED };
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(RichText::new(if read { "Read" } else { "Delivered" }).small().color(colour));
        let (response, painter) = ui.allocate_painter(vec2(18.0, 10.0), egui::Sense::hover());
        let origin = response.rect.left_top();
        for k in 0..if read { 2 } else { 1 } {
            let x = origin.x + 2.0 + 5.0 * k as f32;
            let points = vec![
                egui::pos2(x, origin.y + 5.0),
                egui::pos2(x + 3.0, origin.y + 8.5),
                egui::pos2(x + 9.0, origin.y + 1.0),
            ];
            painter.add(egui::Shape::line(points, Stroke::new(1.5, colour)));
        }
    });
}

fn bubble(ui: &mut egui::Ui, from_customer: bool, text: &str) {
    let align = if from_customer { egui::Align::Min } else { egui::Align::Max };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        let fill = if from_customer { Color32::from_gray(58) } else { Color32::from_rgb(30, 90, 170) };
        ui.set_max_width((ui.available_width() * 0.75).max(200.0));
        egui::Frame::new().fill(fill).corner_radius(10.0).inner_margin(egui::Margin::symmetric(14, 10)).show(
            ui,
            |ui| {
                ui.add(egui::Label::new(RichText::new(text).size(16.0).color(Color32::WHITE)).wrap());
            },
        );
    });
    ui.add_space(4.0);
}

/// Three dots rising in turn in a bubble, while the customer types.
fn typing_indicator(ui: &mut egui::Ui, t: f32) {
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        egui::Frame::new()
            .fill(Color32::from_gray(58))
            .corner_radius(10.0)
            .inner_margin(egui::Margin::symmetric(16, 12))
            .show(ui, |ui| {
                let (response, painter) = ui.allocate_painter(vec2(44.0, 14.0), egui::Sense::hover());
                for k in 0..3 {
                    let phase = ((t * 5.0 - k as f32 * 0.8).sin() * 0.5 + 0.5).powi(2);
                    let centre = response.rect.left_center() + vec2(7.0 + 15.0 * k as f32, 3.0 - 6.0 * phase);
                    painter.circle_filled(centre, 4.0, Color32::from_gray((150.0 + 100.0 * phase) as u8));
                }
            });
    });
    ui.add_space(4.0);
}

// ---------------------------------------------------------------------------------------
// The front desk.

/// How the customer holds themselves at the counter, for the drawing and the words.
pub fn body_language(expression: Expression) -> (Posture, &'static str) {
    match expression {
        Expression::Neutral => (Posture::Resting, "waits at the counter"),
        Expression::Annoyed => (Posture::Drumming, "drums fingers on the counter"),
        Expression::Angry => (Posture::Fists, "leans over the counter, fists on it"),
        Expression::Worried => (Posture::Clasped, "grips both hands together, watching you"),
        Expression::Sceptical => (Posture::Folded, "folds both arms, one eyebrow raised"),
        Expression::Relieved => (Posture::Resting, "lets out a long breath, shoulders dropping"),
        Expression::Pleased => (Posture::Resting, "smiles, hands resting on the counter"),
        Expression::Hurt => (Posture::Clasped, "looks down and away"),
    }
}

pub fn front_desk(ui: &mut egui::Ui, stage: &Stage, actions: &mut Vec<Action>) {
    let (posture, direction) = body_language(stage.weights().dominant());
    let direction = format!("{} {direction}.", first_name(stage.customer));
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(290.0);
            desk(ui, stage, posture);
            ui.label(RichText::new(stage.customer).size(18.0).strong());
            customer_panel(ui, stage);
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .max_height(transcript_height(ui))
                .stick_to_bottom(true)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let last = stage.said.len().saturating_sub(1);
                    for (i, line) in stage.said.iter().enumerate() {
                        match line {
                            Said::Customer(text) => {
                                if i == last {
                                    stage_direction(ui, &direction);
                                }
                                speech(ui, true, stage.customer, if i == last { stage.typed } else { text });
                            }
                            Said::Trainee { text, points } => {
                                speech(ui, false, "You", text);
                                points_note(ui, *points, egui::Align::Max);
                            }
                            Said::Notice(text) => notice(ui, text),
                        }
                    }
                });
            ui.add_space(12.0);
            replies(ui, stage, actions);
        });
    });
}

fn stage_direction(ui: &mut egui::Ui, direction: &str) {
    ui.label(RichText::new(format!("({direction})")).italics().color(theme::MUTED));
}

/// The shop behind the counter, the customer, and the counter with their hands on it.
fn desk(ui: &mut egui::Ui, stage: &Stage, posture: Posture) {
    let contrast = high_contrast(ui);
    let (response, painter) = ui.allocate_painter(vec2(290.0, 350.0), egui::Sense::hover());
    let rect = response.rect;
    let figure = egui::Rect::from_center_size(egui::pos2(rect.center().x, rect.top() + 160.0), vec2(240.0, 305.0));
    let counter_top = portrait::counter_line(figure).round();
    // The wall above the counter and the counter below it, so no point is filled twice.
    let wall = if contrast { Color32::from_gray(40) } else { Color32::from_rgb(92, 82, 72) };
    let above = egui::Rect::from_min_max(rect.min, egui::pos2(rect.right(), counter_top));
    painter.rect_filled(above, egui::CornerRadius { nw: 12, ne: 12, sw: 0, se: 0 }, wall);
    // Shelves of stock on the wall behind, as one mesh of plain rectangles.
    let mut stock = egui::Mesh::default();
    let shelf = Color32::from_rgb(70, 56, 44);
    let hues = [Color32::from_rgb(160, 90, 70), Color32::from_rgb(80, 120, 150), Color32::from_rgb(200, 170, 90)];
    for (row, y) in [0.2f32, 0.42].into_iter().enumerate() {
        let top = (rect.top() + rect.height() * y).round();
        stock.add_colored_rect(
            egui::Rect::from_min_size(egui::pos2(rect.left() + 10.0, top), vec2(rect.width() - 20.0, 6.0)),
            shelf,
        );
        for k in 0..9 {
            let height = 18.0 + ((k * 7 + row * 3) % 5) as f32 * 4.0;
            let x = rect.left() + 14.0 + k as f32 * 31.0;
            stock.add_colored_rect(
                egui::Rect::from_min_max(egui::pos2(x, top - height), egui::pos2(x + 21.0, top)),
                hues[(k + row) % 3],
            );
        }
    }
    painter.add(egui::Shape::mesh(stock));
    let portrait = stage.portrait(contrast);
    portrait::paint(&painter, figure, &portrait);
    portrait::paint_arms(&painter, figure, &portrait, posture, stage.elapsed, true);
    let counter = egui::Rect::from_min_max(egui::pos2(rect.left(), counter_top), rect.right_bottom());
    painter.rect_filled(counter, egui::CornerRadius { nw: 0, ne: 0, sw: 12, se: 12 }, Color32::from_rgb(118, 78, 48));
    painter.rect_filled(
        egui::Rect::from_min_size(counter.left_top(), vec2(counter.width(), 10.0)),
        0.0,
        Color32::from_rgb(156, 108, 70),
    );
    if contrast {
        painter.hline(counter.x_range(), counter_top, Stroke::new(2.0, Color32::WHITE));
    }
    portrait::paint_arms(&painter, figure, &portrait, posture, stage.elapsed, false);
    if let Some(reaction) = stage.reaction {
        let strength = (1.0 - reaction.age / portrait::REACTION_SECONDS).max(0.0);
        let colour = if reaction.points >= 0 { theme::GOOD } else { theme::BAD };
        painter.rect_stroke(rect.shrink(2.0), 12.0, Stroke::new(6.0 * strength, colour), egui::StrokeKind::Inside);
    }
}

fn speech(ui: &mut egui::Ui, from_customer: bool, who: &str, text: &str) {
    let align = if from_customer { egui::Align::Min } else { egui::Align::Max };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        ui.set_max_width((ui.available_width() * 0.8).max(200.0));
        let fill = if from_customer { Color32::from_rgb(245, 240, 225) } else { Color32::from_rgb(215, 235, 250) };
        ui.label(RichText::new(who).small().color(theme::MUTED));
        let frame = egui::Frame::new().fill(fill).corner_radius(10.0).inner_margin(egui::Margin::symmetric(16, 10));
        let response = frame.show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(format!("“{text}”")).size(16.0).color(Color32::BLACK)).wrap());
        });
        let rect = response.response.rect;
        let (tip, base) = if from_customer {
            (rect.left_top() + vec2(-8.0, 12.0), rect.left_top() + vec2(2.0, 6.0))
        } else {
            (rect.right_top() + vec2(8.0, 12.0), rect.right_top() + vec2(-2.0, 6.0))
        };
        let tail = vec![tip, base, base + vec2(0.0, 14.0)];
        ui.painter().add(egui::Shape::convex_polygon(tail, fill, Stroke::NONE));
    });
    ui.add_space(6.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_plain_and_every_expression_has_body_language() {
        assert_eq!(address("Anneke de Vries"), "anneke.de.vries@example.com");
        assert_eq!(address("Ray O'Mancuso"), "ray.omancuso@example.com");
        assert_eq!(address("  "), "customer@example.com");
        assert_eq!(
            own_subject("Subject: Refund of annual fee (paid 12 June). Short version: no."),
            Some(("Refund of annual fee (paid 12 June)", "Short version: no."))
        );
        assert_eq!(own_subject("Dear Sir, the subject: refunds."), None);
        assert_eq!(own_subject("Subject: no full stop at all"), None);
        let directions: std::collections::HashSet<_> = Expression::ALL.iter().map(|&e| body_language(e).1).collect();
        assert_eq!(directions.len(), Expression::ALL.len(), "each expression reads differently at the desk");
    }
}
