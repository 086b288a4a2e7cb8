//! Live competitions from the game: join a server with a team code, play its rounds one turn
//! at a time, and read each debrief. The server owns every conversation and the game shows
//! only the turn it is sent. No frame ever waits for the network: each request runs on a
//! thread of its own and the screen looks for its answer every frame.

pub mod conversation;
pub mod lobby;

use crate::records::live::{Client, Joined};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::{self, TryRecvError};
use std::time::Duration;

/// How long the game waits to connect to a server, and then for its answer: long enough for
/// a busy room on a slow network, short enough that a trainee soon hears the server is gone.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);

/// A request running on a thread of its own; its answer arrives once.
pub struct Pending<T> {
    // A receiver may move between threads but not be shared; Bevy resources must be both.
    receiver: Mutex<mpsc::Receiver<T>>,
}

impl<T: Send + 'static> Pending<T> {
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
        let (sender, receiver) = mpsc::channel();
        // A thread that cannot start drops the sender: `poll` then reports the request lost.
        let _ = std::thread::Builder::new().name("live-request".into()).spawn(move || {
            let _ = sender.send(work());
        });
        Pending { receiver: Mutex::new(receiver) }
    }

    /// The answer once it has arrived, or why there will be none.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.receiver.lock().unwrap_or_else(|p| p.into_inner()).try_recv() {
            Ok(answer) => Some(Ok(answer)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("the request stopped without an answer".into())),
        }
    }
}

/// The live competition joined: where, with which code, and how each round went here.
#[derive(Resource, Clone, Debug)]
pub struct LiveRun {
    pub client: Client,
    pub code: String,
    pub joined: Joined,
    /// The round shown in the lobby and played next (0-based).
    pub selected: usize,
    /// The best percentage of each round played to its end here (0-based round).
    pub results: BTreeMap<usize, i64>,
    /// Conversations left before their end, by round: going back to the round rejoins the
    /// conversation where it waits on the server instead of starting another.
    pub unfinished: BTreeMap<usize, String>,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((lobby::plugin, conversation::plugin));
}
