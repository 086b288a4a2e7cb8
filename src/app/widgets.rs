//! Widgets as plain functions over `egui::Ui`, so they are tested with egui_kittest without
//! a window: scenario cards, the dossier, the transcript, the choice list, the debrief.

use super::library::LibraryEntry;
use super::screens::conversation::Said;
use super::theme;
use crate::authoring::load::LoadedScenario;
use crate::engine::card::ScoreCard;
use crate::engine::catalogue::Knowledge;
use crate::engine::disc::DiscProfile;
use crate::engine::mood::Mood;
use crate::engine::scenario::{Channel, Dossier};
use crate::records::store::History;
use bevy_egui::egui;

/// A clickable card for one scenario; `number` is the key that picks it.
pub fn scenario_card(
    ui: &mut egui::Ui,
    number: usize,
    loaded: &LoadedScenario,
    history: Option<&History>,
) -> egui::Response {
    let file = loaded.file();
    let main = loaded.main();
    let styles: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.primary.to_string()).collect();
    theme::card(ui, |ui| {
        ui.set_width(330.0);
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(format!("{number}")).size(22.0).strong().color(theme::ACCENT));
                ui.label(egui::RichText::new(&file.title).size(19.0).strong());
            });
            ui.label(format!("{} · {}", file.customer.name, styles.join(" or ")));
            ui.label(
                egui::RichText::new(format!(
                    "{} · {} · {}–{} turns",
                    file.channel, file.difficulty, main.analysis.min_turns, main.analysis.max_turns
                ))
                .color(theme::MUTED),
            );
            match history {
                Some(history) => {
                    let trend = match history.trend() {
                        t if t > 0 => format!(" ▲{t}"),
                        t if t < 0 => format!(" ▼{}", -t),
                        _ => String::new(),
                    };
                    ui.colored_label(
                        theme::GOOD,
                        format!(
                            "Your best: {}% · last {}%{trend} · {} tries",
                            history.best,
                            history.last,
                            history.percents.len()
                        ),
                    )
                }
                None => ui.weak("Not played yet"),
            };
            ui.add_space(4.0);
            ui.button(format!("Talk to {}", first_name(&file.customer.name)))
        })
        .inner
    })
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// A scenario file that failed to load, with its diagnostics in monospace.
pub fn broken_scenario(ui: &mut egui::Ui, entry: &LibraryEntry) {
    theme::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.colored_label(theme::BAD, format!("✖ {}", entry.file_name));
        egui::CollapsingHeader::new("What is wrong").id_salt(&entry.file_name).default_open(true).show(ui, |ui| {
            ui.label(egui::RichText::new(entry.report()).monospace());
        });
    });
}

/// The customer's dossier: account facts, open tickets and notes.
pub fn dossier(ui: &mut egui::Ui, name: &str, dossier: &Dossier) {
    theme::card(ui, |ui| {
        ui.label(egui::RichText::new(format!("Dossier: {name}")).size(18.0).strong());
        for (title, items) in
            [("Account", &dossier.facts), ("Open tickets", &dossier.tickets), ("Notes", &dossier.notes)]
        {
            if items.is_empty() {
                continue;
            }
            ui.add_space(6.0);
            ui.label(egui::RichText::new(title).strong().color(theme::ACCENT));
            for item in items {
                ui.label(format!("• {item}"));
            }
        }
        if dossier.facts.is_empty() && dossier.tickets.is_empty() && dossier.notes.is_empty() {
            ui.weak("Nothing on file for this customer.");
        }
    });
}

/// What the customer's DISC style wants and dislikes.
pub fn personality(ui: &mut egui::Ui, knowledge: &Knowledge, profile: DiscProfile) {
    theme::card(ui, |ui| {
        ui.label(egui::RichText::new(format!("Personality: {profile}")).size(18.0).strong());
        for style in [Some(profile.primary), profile.secondary].into_iter().flatten() {
            if let Some(sheet) = knowledge.disc.sheet(style) {
                ui.add_space(4.0);
                ui.label(egui::RichText::new(&sheet.name).strong().color(theme::ACCENT));
                ui.label(format!("Wants: {}", sheet.wants));
                ui.label(format!("Reacts badly to: {}", sheet.dislikes));
            }
        }
    });
}

/// The line at the top of the conversation screen, dressed for the channel.
pub fn channel_banner(channel: Channel, customer: &str) -> String {
    match channel {
        Channel::Phone => format!("📞 On a call with {customer}"),
        Channel::Email => format!("✉ Email thread with {customer}"),
        Channel::Chat => format!("💬 Live chat with {customer}"),
        Channel::InPerson => format!("🏬 At the front desk with {customer}"),
    }
}

/// Temper and trust as labelled bars.
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

/// What has been said, shaped like the channel: call captions, an email thread, chat
/// bubbles or a face-to-face exchange. `typing` is the visible part of the latest line.
pub fn transcript(ui: &mut egui::Ui, channel: Channel, customer: &str, said: &[Said], typing: &str) {
    let height = (ui.available_height() * 0.55).clamp(160.0, 420.0);
    egui::ScrollArea::vertical().max_height(height).stick_to_bottom(true).auto_shrink([false, true]).show(ui, |ui| {
        let last = said.len().saturating_sub(1);
        for (i, line) in said.iter().enumerate() {
            let (who_is_customer, text, points) = match line {
                Said::Customer(text) => (true, if i == last { typing } else { text.as_str() }, None),
                Said::Trainee { text, points } => (false, text.as_str(), Some(*points)),
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

/// Face to face: what was said as speech balloons with a tail toward the speaker.
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

/// The reply timer: time left, red once it has run out.
pub fn response_timer(ui: &mut egui::Ui, waited: f32, limit: u32) {
    let left = limit as f32 - waited;
    let (text, colour) = if left > 0.0 {
        (format!("{:.0} s to reply", left.ceil()), theme::WARNING)
    } else {
        (format!("{:.0} s over time", -left), theme::BAD)
    };
    ui.add(egui::ProgressBar::new((left / limit as f32).clamp(0.0, 1.0)).desired_width(300.0).fill(colour).text(text));
}

/// The trainee's replies as large numbered buttons; returns the 1-based reply clicked.
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

/// Grade, total, percentage and outcome.
pub fn debrief_summary(ui: &mut egui::Ui, card: &ScoreCard) {
    let colour = match card.score.grade.as_str() {
        "A" | "B" => theme::GOOD,
        "C" => theme::WARNING,
        _ => theme::BAD,
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&card.score.grade).size(64.0).strong().color(colour));
        ui.vertical(|ui| {
            theme::heading(ui, &format!("Debrief: {}", card.title));
            ui.label(
                egui::RichText::new(format!(
                    "{}% · {} points of a possible {} (the worst path scores {})",
                    card.score.percent, card.score.total, card.score.best, card.score.worst
                ))
                .size(18.0),
            );
            if let Some(ending) = &card.ending {
                let summary = ending.summary.as_deref().unwrap_or("");
                ui.label(format!("Outcome: {} ({:+}). {summary}", ending.outcome, ending.points));
            }
            ui.label(
                egui::RichText::new(format!(
                    "{} as {} · DISC fit {:+} · seed {}",
                    card.customer, card.disc, card.disc_fit, card.seed
                ))
                .color(theme::MUTED),
            );
        });
    });
}

/// Points per strategy and anti-pattern, best first.
pub fn strategy_points(ui: &mut egui::Ui, card: &ScoreCard) {
    let mut rows: Vec<(&String, &i64)> = card.strategies.iter().collect();
    rows.sort_by_key(|(id, points)| (-**points, (*id).clone()));
    egui::Grid::new("strategy-points").striped(true).num_columns(2).show(ui, |ui| {
        for (id, points) in rows {
            let colour = if *points >= 0 { theme::GOOD } else { theme::BAD };
            ui.label(id.replace('_', " "));
            ui.colored_label(colour, format!("{points:+}"));
            ui.end_row();
        }
    });
}

/// Every turn: what the customer said, the reply, its points, and the best reply with why.
pub fn debrief_turns(ui: &mut egui::Ui, card: &ScoreCard, response_times: &[f32]) {
    for turn in &card.turns {
        theme::card(ui, |ui| {
            ui.set_width(ui.available_width());
            let time =
                response_times.get(turn.turn - 1).map(|t| format!(" · answered in {t:.0} s")).unwrap_or_default();
            ui.label(egui::RichText::new(format!("Turn {}{time}", turn.turn)).color(theme::MUTED));
            ui.label(egui::RichText::new(format!("{}: “{}”", card.customer, turn.customer)).italics());
            let colour = if turn.points > 0 {
                theme::GOOD
            } else if turn.points < 0 {
                theme::BAD
            } else {
                theme::MUTED
            };
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(colour, format!("You ({:+}):", turn.points));
                ui.label(&turn.choice.text);
            });
            let used: Vec<String> =
                turn.choice.strategies.iter().map(|s| format!("{} {:+}", s.name, s.points)).collect();
            ui.label(egui::RichText::new(used.join(" · ")).small().color(theme::MUTED));
            if let Some(feedback) = &turn.choice.feedback {
                ui.label(egui::RichText::new(format!("Trainer: {feedback}")).color(theme::WARNING));
            }
            if turn.took_best {
                ui.colored_label(theme::GOOD, "✔ The best reply available.");
            } else {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::ACCENT, format!("Best reply ({:+}):", turn.best.points));
                    ui.label(&turn.best.text);
                });
            }
            for teaching in &turn.teachings {
                let marker = if teaching.anti_pattern { "✖" } else { "✔" };
                ui.label(egui::RichText::new(format!("{marker} {}: {}", teaching.name, teaching.teaching)).small());
                if let Some(source) = teaching.sources.first() {
                    ui.label(egui::RichText::new(format!("   from {source}")).small().color(theme::MUTED));
                }
            }
            if let Some(threshold) = &turn.threshold {
                ui.colored_label(theme::BAD, threshold);
            }
        });
        ui.add_space(6.0);
    }
}
