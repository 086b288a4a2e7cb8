//! The Bevy game: thin plugins over the engine, authoring and records layers, one per screen
//! (`screens/`), with the plugins they share beside them and the scripted runs in `dev/`.
//!
//! [`GamePlugin`] holds every screen's logic and its egui drawing; the drawing runs in
//! bevy_egui's pass, so headless tests add `GamePlugin` to `MinimalPlugins` and drive the
//! game with key presses while the engine stays the only source of moods and scores.

pub mod attempts;
pub mod dev;
pub mod input;
pub mod library;
pub mod portrait;
pub mod screens;
pub mod selection;
pub mod settings;
pub mod studio;
pub mod theme;
pub mod widgets;

use crate::engine::catalogue::Knowledge;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// The screens of the game, in the order a trainee meets them.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Picker,
    Briefing,
    Conversation,
    Debrief,
    Settings,
    /// A competition's standings.
    Leaderboard,
    /// Joining a live competition's server, then its rounds.
    LiveLobby,
    /// A live round's conversation, run by the server.
    LiveConversation,
    /// The studio: a scenario's graph, forms and playtest, for its author.
    Studio,
    /// The trainee's progress per strategy, the practice plan and the mistakes to review.
    Progress,
}

/// Every screen's egui drawing runs in this set, after the look is applied.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct DrawScreens;

/// Everything the game needs that is not a screen: input, library, settings.
pub struct GamePlugin;

impl Plugin for GamePlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<bevy::state::app::StatesPlugin>() {
            app.add_plugins(bevy::state::app::StatesPlugin);
        }
        app.init_state::<Screen>();
        app.add_plugins((
            input::plugin,
            settings::plugin,
            screens::settings::plugin,
            attempts::plugin,
            library::plugin,
            screens::title::plugin,
            screens::picker::plugin,
            screens::briefing::plugin,
            screens::conversation::plugin,
            screens::debrief::plugin,
            screens::competitions::plugin,
            screens::live::plugin,
            studio::plugin,
            screens::progress::plugin,
        ));
    }
}

/// How the game was started from the command line.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// `--scenarios`: the folder the library is read from (default: `$HARDCALL_SCENARIOS`,
    /// else `./scenarios`).
    pub scenarios: Option<PathBuf>,
    /// `--assets`: the catalogue and DISC weights the scenarios are judged by (default: the
    /// built-in ones).
    pub knowledge: Option<Arc<Knowledge>>,
    /// `--data-dir`: where the attempt history is kept (default: `$HARDCALL_DATA_DIR`, else
    /// the platform's data folder).
    pub data_dir: Option<PathBuf>,
    /// Drive the game through every screen and save a PNG of each into this folder, then quit.
    pub screenshots: Option<PathBuf>,
    /// Play a scripted session and print frame-time figures, then quit.
    pub bench_frames: bool,
    /// When the process started, for the time-to-first-frame figure.
    pub launched: Option<std::time::Instant>,
    /// `hardcall studio FILE`: open this scenario in the studio instead of the title screen.
    pub studio: Option<PathBuf>,
    /// `hardcall studio --new`: open the studio on a brief for a new scenario.
    pub new_scenario: bool,
}

/// Applies the command line's `--scenarios`, `--assets` and `--data-dir`: where the library
/// is read from, what it is judged by, where attempts are kept. Runs before `AssetPlugin`
/// (the scenarios folder is an asset source) and before [`GamePlugin`] (whose plugins keep
/// resources that are already there).
pub fn configure(app: &mut App, options: &LaunchOptions) {
    let scenarios_dir = options.scenarios.clone().unwrap_or_else(crate::authoring::load::default_scenarios_dir);
    let scenarios_dir = std::fs::canonicalize(&scenarios_dir).unwrap_or(scenarios_dir);
    library::register_scenario_source(app, &scenarios_dir);
    if let Some(knowledge) = &options.knowledge {
        app.insert_resource(library::LibraryKnowledge(knowledge.clone()));
    }
    if !app.world().contains_resource::<attempts::Attempts>() {
        app.insert_resource(attempts::Attempts::open(options.data_dir.as_deref()));
    }
    if options.studio.is_some() || options.new_scenario {
        let screen = studio::StudioScreen {
            target: options.studio.clone(),
            new_in: options.new_scenario.then(|| scenarios_dir.clone()),
            ..default()
        };
        app.insert_resource(screen);
        app.add_systems(Startup, |mut next: ResMut<NextState<Screen>>| next.set(Screen::Studio));
    }
}

/// Opens the game window and runs until it is closed.
pub fn run(options: LaunchOptions) -> AppExit {
    let mut app = App::new();
    // Scripted runs keep their own settings and history; they go in before `configure`.
    dev::add(&mut app, &options);
    configure(&mut app, &options);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Hard Call".into(),
                    resolution: (1280, 720).into(),
                    // Paced by the work, not by vsync, so a slow software renderer never
                    // waits a whole extra refresh for a late frame.
                    present_mode: bevy::window::PresentMode::AutoNoVsync,
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // Trainers edit scenarios while the game runs; reload them as they save.
                watch_for_changes_override: Some(
                    cfg!(debug_assertions) || std::env::var_os("HARDCALL_WATCH").is_some(),
                ),
                ..default()
            })
            .set(bevy::log::LogPlugin { filter: "wgpu=error,naga=warn,bevy_render=warn".into(), ..default() }),
    );
    app.add_plugins(bevy_egui::EguiPlugin::default());
    app.insert_resource(ClearColor(theme::BACKGROUND));
    app.add_plugins((GamePlugin, library::asset_plugin, theme::plugin));
    app.add_systems(Startup, spawn_camera);
    app.run()
}

fn spawn_camera(mut commands: Commands) {
    // egui antialiases its own shapes; multisampling the whole window on top of that only
    // costs fill rate, which a software renderer cannot spare.
    commands.spawn((Camera2d, bevy::render::view::Msaa::Off));
}

/// Whether a window can be opened here; on Linux the game talks X11 (directly or through
/// XWayland), so it needs `$DISPLAY`.
pub fn display_available() -> bool {
    if cfg!(target_os = "linux") { std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) } else { true }
}

/// Why the game cannot open its window here, if it cannot: no display, or no graphics
/// adapter at all (no GPU and no software driver), which would otherwise end in the
/// renderer's panic. Honours `WGPU_BACKEND` as the renderer does.
pub fn window_problem() -> Option<&'static str> {
    if !display_available() {
        return Some("No display found ($DISPLAY is not set)");
    }
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    let backends = wgpu::Backends::from_env().unwrap_or(wgpu::Backends::all());
    let adapters = bevy::tasks::block_on(instance.enumerate_adapters(backends));
    adapters.is_empty().then_some("No graphics adapter found (no GPU, and no Vulkan or OpenGL driver)")
}
