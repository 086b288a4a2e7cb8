//! What the trainee asks for, whether by key or by click: every screen reads [`Action`]s, so
//! keyboard, mouse and tests all drive the game the same way.

use super::Screen;
use bevy::prelude::*;

/// One request from the trainee.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Enter: go on to the next screen.
    Continue,
    /// Escape: go back.
    Back,
    /// A number key or a click on the n-th (1-based) option of the screen.
    Pick(usize),
    /// Space: skip the typing animation.
    Skip,
    /// Tab: show or hide the dossier.
    ToggleDossier,
    /// R on the debrief: the same customer lines again.
    Retry,
    /// N on the debrief: another seed, other lines.
    RetryNewSeed,
    /// F2: settings.
    OpenSettings,
    /// P on the briefing: the next personality the customer can be played with.
    NextPersonality,
    /// Enter a competition on the picker: a given one (a click), or with C the first one the
    /// trainee is on a team for.
    EnterCompetition(Option<usize>),
    /// Arrow keys: move the picker's highlight by (columns, rows), so every card can be
    /// reached from the keyboard, not only the first nine.
    Move(i32, i32),
    /// E on the picker: jump to the files that have errors.
    ShowErrors,
    /// L on the picker: join a live competition's server.
    JoinLive,
    /// S on the picker: open the highlighted scenario in the studio.
    OpenStudio,
    /// P on the picker: the trainee's progress per strategy and practice plan.
    OpenProgress,
    /// M on the debrief or the progress screen: go back to a turn where an anti-pattern was
    /// committed and choose again; a click names which mistake (0-based in the list shown).
    ReviewMistake(Option<usize>),
}

/// Number keys in order, so `DIGITS[n - 1]` picks option n.
pub const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

const NUMPAD: [KeyCode; 9] = [
    KeyCode::Numpad1,
    KeyCode::Numpad2,
    KeyCode::Numpad3,
    KeyCode::Numpad4,
    KeyCode::Numpad5,
    KeyCode::Numpad6,
    KeyCode::Numpad7,
    KeyCode::Numpad8,
    KeyCode::Numpad9,
];

/// The actions meant for `screen`: all of this frame's when it is showing, none otherwise.
///
/// Every screen's reader drains the queue every frame, even off screen, so an action that
/// changed the screen is never replayed to the screen it opened.
pub fn take(reader: &mut MessageReader<Action>, state: &State<Screen>, screen: Screen) -> Vec<Action> {
    if *state.get() == screen {
        reader.read().copied().collect()
    } else {
        reader.clear();
        Vec::new()
    }
}

/// Where key presses become actions: anything else that writes actions runs after it and
/// before the screens (which run in `Update`).
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReadKeys;

/// Set while a text field has the keyboard, so typing a name does not pick option 1.
#[derive(Resource, Default)]
pub struct TextFocus(pub bool);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Action>();
    app.init_resource::<TextFocus>();
    app.init_resource::<ButtonInput<KeyCode>>();
    app.add_systems(PreUpdate, read_keys.in_set(ReadKeys).after(bevy::input::InputSystems));
}

fn read_keys(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Res<TextFocus>,
    screen: Option<Res<State<Screen>>>,
    mut actions: MessageWriter<Action>,
) {
    let typing = focus.0;
    // P is the next personality on the briefing; on the picker it opens the progress screen.
    let on_picker = screen.is_some_and(|s| *s.get() == Screen::Picker);
    for key in keys.get_just_pressed() {
        let action = match key {
            KeyCode::Enter | KeyCode::NumpadEnter => Some(Action::Continue),
            KeyCode::Escape => Some(Action::Back),
            KeyCode::F2 => Some(Action::OpenSettings),
            _ if typing => None,
            KeyCode::Space => Some(Action::Skip),
            KeyCode::Tab => Some(Action::ToggleDossier),
            KeyCode::KeyR => Some(Action::Retry),
            KeyCode::KeyN => Some(Action::RetryNewSeed),
            KeyCode::KeyP if on_picker => Some(Action::OpenProgress),
            KeyCode::KeyP => Some(Action::NextPersonality),
            KeyCode::KeyM => Some(Action::ReviewMistake(None)),
            KeyCode::KeyC => Some(Action::EnterCompetition(None)),
            KeyCode::KeyE => Some(Action::ShowErrors),
            KeyCode::KeyL => Some(Action::JoinLive),
            KeyCode::KeyS => Some(Action::OpenStudio),
            KeyCode::ArrowLeft => Some(Action::Move(-1, 0)),
            KeyCode::ArrowRight => Some(Action::Move(1, 0)),
            KeyCode::ArrowUp => Some(Action::Move(0, -1)),
            KeyCode::ArrowDown => Some(Action::Move(0, 1)),
            other => DIGITS.iter().chain(NUMPAD.iter()).position(|k| k == other).map(|i| Action::Pick(i % 9 + 1)),
        };
        if let Some(action) = action {
            actions.write(action);
        }
    }
}
