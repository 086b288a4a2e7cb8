//! Scenario picker: a card per scenario (title, channel, the customer's DISC style,
//! difficulty, length and the trainee's best score), filters, and broken files shown with
//! their diagnostics so a trainer sees why a scenario is missing.

use super::competitions::{Competitions, competition_list};
use crate::app::attempts::Attempts;
use crate::app::input::{self, Action};
use crate::app::library::{Library, LibraryEntry, ScenarioDir};
use crate::app::selection::{SeedSource, Selection};
use crate::app::settings::TraineeSettings;
use crate::app::studio::StudioScreen;
use crate::app::{DrawScreens, Screen, theme};
use crate::authoring::load::LoadedScenario;
use crate::engine::disc::DiscStyle;
use crate::engine::scenario::{Channel, Difficulty};
use crate::records::store::Progress;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The picker's filters; `None` shows all.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct PickerFilter {
    pub style: Option<DiscStyle>,
    pub channel: Option<Channel>,
    pub difficulty: Option<Difficulty>,
}

impl PickerFilter {
    pub fn accepts(&self, entry: &LibraryEntry) -> bool {
        let Some(loaded) = entry.loaded() else { return true };
        let file = loaded.file();
        self.style.is_none_or(|s| loaded.variants.iter().any(|v| v.scenario.profile.primary == s))
            && self.channel.is_none_or(|c| file.channel == c)
            && self.difficulty.is_none_or(|d| file.difficulty == d)
    }
}

/// The playable scenarios the filters let through, in the order their number keys pick them.
pub fn visible<'a>(library: &'a Library, filter: &PickerFilter) -> Vec<&'a LibraryEntry> {
    library.playable().filter(|e| filter.accepts(e)).collect()
}

/// The card the arrow keys have reached (0-based among those shown), how many cards a row
/// holds at the current width, and whether E asked to jump to the files with errors.
#[derive(Resource, Default, Debug)]
pub struct PickerCursor {
    pub card: Option<usize>,
    pub columns: usize,
    pub jump_to_errors: bool,
    /// Set when the highlight moved, so the view scrolls to it once (and not while the
    /// trainee scrolls with the mouse).
    pub moved: bool,
}

impl PickerCursor {
    /// Moves the highlight by (columns, rows) among `count` cards, starting from the first.
    pub fn step(&mut self, dx: i32, dy: i32, count: usize) {
        if count == 0 {
            self.card = None;
            return;
        }
        let columns = self.columns.max(1) as i64;
        let at = match self.card {
            None => 0,
            Some(card) => (card as i64 + i64::from(dx) + i64::from(dy) * columns).clamp(0, count as i64 - 1),
        };
        self.card = Some(at as usize);
        self.moved = true;
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Selection>();
    app.init_resource::<PickerFilter>();
    app.init_resource::<PickerCursor>();
    if !app.world().contains_resource::<SeedSource>() {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        app.insert_resource(SeedSource(now as u64));
    }
    app.add_systems(Update, pick_scenario);
    app.add_systems(EguiPrimaryContextPass, draw_picker.run_if(in_state(Screen::Picker)).in_set(DrawScreens));
}

// A Bevy system takes what it touches as parameters; grouping them would only hide that.
#[allow(clippy::too_many_arguments)]
fn pick_scenario(
    mut actions: MessageReader<Action>,
    library: Res<Library>,
    filter: Res<PickerFilter>,
    mut selection: ResMut<Selection>,
    mut seeds: ResMut<SeedSource>,
    mut next: ResMut<NextState<Screen>>,
    mut cursor: ResMut<PickerCursor>,
    state: Res<State<Screen>>,
    (dir, mut studio): (Option<Res<ScenarioDir>>, ResMut<StudioScreen>),
) {
    for action in input::take(&mut actions, &state, Screen::Picker) {
        let pick = match action {
            Action::Pick(n) => Some(n),
            // Enter opens the highlighted card, when the arrows have highlighted one.
            Action::Continue => cursor.card.map(|card| card + 1),
            Action::Move(dx, dy) => {
                cursor.step(dx, dy, visible(&library, &filter).len());
                None
            }
            Action::ShowErrors => {
                cursor.jump_to_errors = true;
                None
            }
            // S opens the highlighted card (else the first) in the studio, to edit it.
            Action::OpenStudio => {
                if let Some(entry) = visible(&library, &filter).get(cursor.card.unwrap_or(0)) {
                    let folder =
                        dir.as_ref().map_or_else(crate::authoring::load::default_scenarios_dir, |d| d.0.clone());
                    studio.target = Some(folder.join(&entry.file_name));
                    studio.new_in = None;
                    next.set(Screen::Studio);
                }
                None
            }
            // N on the picker (elsewhere "a new seed"): a new scenario, from a brief, in the studio.
            Action::RetryNewSeed => {
                let folder = dir.as_ref().map_or_else(crate::authoring::load::default_scenarios_dir, |d| d.0.clone());
                studio.target = None;
                studio.new_in = Some(folder);
                next.set(Screen::Studio);
                None
            }
            _ => None,
        };
        if let Some(n) = pick {
            if let Some(entry) = visible(&library, &filter).get(n - 1) {
                *selection =
                    Selection { file_name: entry.file_name.clone(), variant: 0, seed: seeds.next_seed(), review: None };
                next.set(Screen::Briefing);
            }
            continue;
        }
        match action {
            Action::Back => next.set(Screen::Title),
            Action::JoinLive => next.set(Screen::LiveLobby),
            Action::OpenProgress => next.set(Screen::Progress),
            _ => {}
        }
    }
}

fn filter_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    name: impl Fn(T) -> String,
) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(label).color(theme::MUTED));
        ui.selectable_value(value, None, "All");
        for &option in options {
            ui.selectable_value(value, Some(option), name(option));
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn draw_picker(
    mut contexts: EguiContexts,
    library: Res<Library>,
    mut filter: ResMut<PickerFilter>,
    prefs: Res<TraineeSettings>,
    attempts: Res<Attempts>,
    competitions: Res<Competitions>,
    mut cursor: ResMut<PickerCursor>,
    mut actions: MessageWriter<Action>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let broken: Vec<&LibraryEntry> = library.entries.iter().filter(|e| e.result.is_err()).collect();
    theme::screen(ctx, |ui| {
        if let Some(notice) = &attempts.notice {
            ui.colored_label(theme::WARNING, notice);
        }
        // A file saved with a mistake drops out of the cards: say so at the top, where a
        // trainer who just saved it is looking, with a way straight to the reason.
        if !broken.is_empty() {
            ui.horizontal(|ui| {
                ui.colored_label(
                    theme::WARNING,
                    format!(
                        "⚠ {} scenario file{} {} errors and cannot be played.",
                        broken.len(),
                        if broken.len() == 1 { "" } else { "s" },
                        if broken.len() == 1 { "has" } else { "have" }
                    ),
                );
                if ui.button("Show why (E)").clicked() {
                    actions.write(Action::ShowErrors);
                }
            });
        }
        ui.horizontal(|ui| {
            theme::heading(ui, "Who are you talking to today?");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Settings (F2)").clicked() {
                    actions.write(Action::OpenSettings);
                }
                if ui.button("Change trainee (Esc)").clicked() {
                    actions.write(Action::Back);
                }
                if ui.button("Join a live competition (L)").clicked() {
                    actions.write(Action::JoinLive);
                }
                if ui.button("Your progress (P)").clicked() {
                    actions.write(Action::OpenProgress);
                }
                ui.label(format!("Trainee: {}", prefs.settings.trainee));
            });
        });
        ui.add_space(6.0);
        filter_row(ui, "Style", &mut filter.style, &DiscStyle::ALL, |s| s.to_string());
        filter_row(ui, "Channel", &mut filter.channel, &Channel::ALL, |c| c.label().to_owned());
        filter_row(ui, "Difficulty", &mut filter.difficulty, &Difficulty::ALL, |d| d.to_string());
        ui.add_space(10.0);
        let shown = visible(&library, &filter);
        if library.entries.is_empty() {
            ui.label("No scenarios found yet. Scenario files (*.ron) go in the scenarios folder.");
        } else if shown.is_empty() {
            ui.label("No scenario matches these filters.");
        }
        let history = attempts.history(&prefs.settings.trainee);
        let columns = ((ui.available_width() / 380.0).floor() as usize).clamp(1, 3);
        cursor.columns = columns;
        if cursor.card.is_some_and(|card| card >= shown.len()) {
            cursor.card = shown.len().checked_sub(1);
        }
        if !shown.is_empty() {
            ui.label(
                egui::RichText::new(
                    "1–9 open the first nine cards; the arrow keys reach every card and Enter opens it; S opens the highlighted one in the studio to edit it; N writes a new one from a brief.",
                )
                .small()
                .color(theme::MUTED),
            );
        }
        egui::Grid::new("cards").num_columns(columns).spacing([14.0, 14.0]).show(ui, |ui| {
            for (i, entry) in shown.iter().enumerate() {
                let loaded = entry.loaded().expect("visible entries are playable");
                let highlighted = cursor.card == Some(i);
                let card = scenario_card(ui, i + 1, loaded, history.get(loaded.id()), highlighted);
                if card.clicked() {
                    actions.write(Action::Pick(i + 1));
                }
                if highlighted && std::mem::take(&mut cursor.moved) {
                    card.scroll_to_me(None);
                }
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
        let mut clicked = Vec::new();
        competition_list(ui, &competitions, &prefs.settings.trainee, &mut clicked);
        for action in clicked {
            actions.write(action);
        }
        if !broken.is_empty() {
            ui.add_space(18.0);
            let header = ui.colored_label(
                theme::WARNING,
                format!("{} scenario file(s) have errors and cannot be played:", broken.len()),
            );
            if std::mem::take(&mut cursor.jump_to_errors) {
                header.scroll_to_me(Some(egui::Align::Min));
            }
            for entry in &broken {
                broken_scenario(ui, entry);
            }
        }
    });
    Ok(())
}

// Widgets: plain functions over `egui::Ui`, tested with egui_kittest.

pub fn scenario_card(
    ui: &mut egui::Ui,
    number: usize,
    loaded: &LoadedScenario,
    history: Option<&Progress>,
    highlighted: bool,
) -> egui::Response {
    let file = loaded.file();
    let main = loaded.main();
    let styles: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.primary.to_string()).collect();
    theme::highlighted_card(ui, highlighted, |ui| {
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

pub fn broken_scenario(ui: &mut egui::Ui, entry: &LibraryEntry) {
    theme::card(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.colored_label(theme::BAD, format!("✖ {}", entry.file_name));
        egui::CollapsingHeader::new("What is wrong").id_salt(&entry.file_name).default_open(true).show(ui, |ui| {
            ui.label(egui::RichText::new(entry.report()).monospace());
        });
    });
}
