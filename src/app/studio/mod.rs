//! The studio, where trainers write, test and fix scenarios without reading RON: the graph
//! (`graph`), the form for the selected node (`form`) and the playtest (`playtest`), over the
//! edit model in `authoring::edit`. [`view::Studio`] holds it all and draws it with egui; this
//! plugin only opens it (S on the picker's highlighted card, or `hardcall studio FILE`), or a
//! brief for a new scenario (N on the picker, or `hardcall studio` with no file), and hosts it
//! as a screen.

pub mod brief;
pub mod form;
pub mod graph;
pub mod playtest;
pub mod settings;
pub mod view;

use crate::app::input::{self, Action};
use crate::app::library::LibraryKnowledge;
use crate::app::{DrawScreens, Screen, theme};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use brief::{BriefForm, BriefRequest};
use std::path::PathBuf;
use view::{Studio, StudioRequest};

/// The studio screen: which file to open, and the open studio.
#[derive(Resource, Default)]
pub struct StudioScreen {
    /// The scenario file the studio opens on entering.
    pub target: Option<PathBuf>,
    pub studio: Option<Studio>,
    /// Why the file could not be opened.
    pub error: Option<String>,
    /// A text field has the keyboard: Escape leaves the field, not the studio.
    pub typing: bool,
    /// With no target: the folder a new scenario from a brief is written to.
    pub new_in: Option<PathBuf>,
    /// The brief being written, before the skeleton exists.
    pub brief: Option<BriefForm>,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<StudioScreen>();
    app.add_systems(OnEnter(Screen::Studio), open_studio);
    app.add_systems(OnExit(Screen::Studio), close_studio);
    app.add_systems(Update, (studio_keys, reload_saved));
    app.add_systems(EguiPrimaryContextPass, draw_studio.run_if(in_state(Screen::Studio)).in_set(DrawScreens));
}

/// Opens the target file; what it cannot open it says on the screen.
pub fn open_studio(mut screen: ResMut<StudioScreen>, knowledge: Res<LibraryKnowledge>) {
    screen.error = None;
    screen.studio = None;
    screen.brief = None;
    let Some(path) = screen.target.clone() else {
        // No file: a new one, from a brief, in the chosen (else the scenarios) folder.
        let folder = screen.new_in.clone().unwrap_or_else(crate::authoring::load::default_scenarios_dir);
        screen.brief = Some(BriefForm::new(folder));
        return;
    };
    match Studio::open(&path, knowledge.0.clone()) {
        Ok(studio) => screen.studio = Some(studio),
        Err(failure) => screen.error = Some(failure.render()),
    }
}

fn close_studio(mut screen: ResMut<StudioScreen>) {
    // Unsaved work is already in the recovery file (written after every change), and opening
    // the file again restores it.
    screen.studio = None;
    screen.brief = None;
}

/// After a save, the picker's library reads the file again at once, whether or not the game
/// watches the folder (a release build does not): the trainer plays what they just wrote.
fn reload_saved(
    screen: Res<StudioScreen>,
    mut seen: Local<(Option<PathBuf>, u64)>,
    dir: Option<Res<crate::app::library::ScenarioDir>>,
    server: Option<Res<AssetServer>>,
) {
    // Headless runs have no asset server and no library to refresh.
    let (Some(studio), Some(server)) = (&screen.studio, server) else { return };
    let path = studio.document.path().map(std::path::Path::to_path_buf);
    if seen.0 != path {
        *seen = (path, studio.saves);
        return;
    }
    if seen.1 == studio.saves {
        return;
    }
    seen.1 = studio.saves;
    let (Some(dir), Some(path)) = (dir, &seen.0) else { return };
    let (Ok(folder), Ok(file)) = (dir.0.canonicalize(), path.canonicalize()) else { return };
    if let Ok(relative) = file.strip_prefix(&folder) {
        let relative = relative.to_string_lossy().replace('\\', "/");
        server.reload(format!("{}://{relative}", crate::app::library::SCENARIO_SOURCE));
    }
}

fn studio_keys(
    mut actions: MessageReader<Action>,
    state: Res<State<Screen>>,
    screen: Res<StudioScreen>,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in input::take(&mut actions, &state, Screen::Studio) {
        if action == Action::Back && !screen.typing {
            next.set(Screen::Picker);
        }
    }
}

fn draw_studio(
    mut contexts: EguiContexts,
    mut screen: ResMut<StudioScreen>,
    mut next: ResMut<NextState<Screen>>,
    knowledge: Res<LibraryKnowledge>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let screen = &mut *screen;
    let mut request = None;
    let mut opened = None;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "studio".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.content_rect()),
    );
    egui::CentralPanel::default().frame(egui::Frame::new().fill(theme::PAGE).inner_margin(8.0)).show(&mut root, |ui| {
        if let Some(form) = &mut screen.brief {
            match form.ui(ui) {
                Some(BriefRequest::Open(path)) => opened = Some(path),
                Some(BriefRequest::Cancel) => request = Some(StudioRequest::Close),
                None => {}
            }
            return;
        }
        match &mut screen.studio {
            Some(studio) => request = studio.ui(ui),
            None => {
                theme::heading(ui, "The studio could not open this scenario");
                if let Some(error) = &screen.error {
                    ui.label(egui::RichText::new(error).monospace());
                }
                if ui.button("Back (Esc)").clicked() {
                    request = Some(StudioRequest::Close);
                }
            }
        }
    });
    screen.typing = ctx.memory(|m| m.focused().is_some());
    if let Some(path) = opened {
        screen.brief = None;
        match Studio::open(&path, knowledge.0.clone()) {
            Ok(studio) => screen.studio = Some(studio),
            Err(failure) => screen.error = Some(failure.render()),
        }
        screen.target = Some(path);
    }
    match request {
        Some(StudioRequest::Close) => next.set(Screen::Picker),
        // Another file from a search: its unsaved work, if any, waits in its recovery file.
        Some(StudioRequest::Open(path, node)) => match Studio::open(&path, knowledge.0.clone()) {
            Ok(mut studio) => {
                if let Some(node) = node.filter(|n| studio.document.file().nodes.contains_key(n)) {
                    studio.view.focus = Some(node.clone());
                    studio.selected = Some(node);
                }
                screen.studio = Some(studio);
                screen.target = Some(path);
            }
            Err(failure) => {
                if let Some(studio) = &mut screen.studio {
                    studio.notice = Some((true, format!("Could not open it: {}", failure.render())));
                }
            }
        },
        None => {}
    }
    Ok(())
}
