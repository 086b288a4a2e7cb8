//! The game without a window for the headless tests: `MinimalPlugins` with the shipped
//! library, an in-memory history and settings, driven by key presses delivered the way
//! winit delivers them.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use hardcall::app::attempts::Attempts;
use hardcall::app::library::Library;
use hardcall::app::selection::SeedSource;
use hardcall::app::settings::TraineeSettings;
use hardcall::app::{GamePlugin, Screen};
use hardcall::records::settings::Settings;

/// The game with `settings`, nothing read from or written to the user's folders, after its
/// first frame.
pub fn game(settings: Settings) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::input::InputPlugin, StatesPlugin));
    app.insert_resource(TraineeSettings::in_memory(settings));
    app.insert_resource(Attempts::in_memory());
    app.insert_resource(SeedSource(1));
    app.insert_resource(Library::from_dir(&super::scenarios_dir(), &super::knowledge()));
    app.add_plugins(GamePlugin);
    app.update();
    app
}

/// Key presses the way winit delivers them: a press message, a frame, a release, a frame.
pub trait Keyboard {
    fn tap(&mut self, key: KeyCode);
    fn tap_digit(&mut self, n: usize);
    fn screen(&self) -> Screen;
}

impl Keyboard for App {
    fn tap(&mut self, key: KeyCode) {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            self.world_mut().write_message(KeyboardInput {
                key_code: key,
                logical_key: Key::Unidentified(NativeKey::Unidentified),
                state,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
            self.update();
        }
        // One more frame so a state change requested this frame has happened.
        self.update();
    }

    fn tap_digit(&mut self, n: usize) {
        self.tap(hardcall::app::input::DIGITS[n - 1]);
    }

    fn screen(&self) -> Screen {
        *self.world().resource::<State<Screen>>().get()
    }
}
