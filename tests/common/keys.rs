//! Key presses for the headless game tests, delivered the way winit delivers them.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::prelude::*;
use hardcall::app::Screen;

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
