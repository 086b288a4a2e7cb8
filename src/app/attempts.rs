//! Attempt history in the game: every finished conversation arrives as a message and is
//! stored in the SQLite history; if the database cannot be used the game keeps attempts in
//! memory and says so.

use crate::authoring::load::LoadedScenario;
use crate::engine::catalogue::Knowledge;
use crate::records::attempts::Attempt;
use crate::records::competition::{Competition, Entry};
use crate::records::progress::history::{Gathered, gather};
use crate::records::store::{self, Progress, Store};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// Where finished attempts go.
#[derive(Resource)]
pub struct Attempts {
    // A SQLite connection may move between threads but not be shared by them.
    store: Mutex<Store>,
    /// The last history read, by trainee: the picker asks every frame, the answer only
    /// changes when an attempt is recorded.
    cached: Mutex<Option<(String, BTreeMap<String, Progress>)>>,
    /// Why attempts are only kept in memory, if they are.
    pub notice: Option<String>,
}

impl Attempts {
    /// The history in the data folder (`--data-dir`, else `$HARDCALL_DATA_DIR`, else the
    /// platform's), or an in-memory one with a notice explaining why.
    pub fn open(data_dir: Option<&Path>) -> Attempts {
        let opened = store::data_dir(data_dir)
            .ok_or_else(|| "no data folder on this system".to_owned())
            .and_then(|dir| Store::open(&dir.join(store::DATABASE_FILE)).map_err(|err| err.to_string()));
        match opened {
            Ok(store) => Attempts::with(store, None),
            Err(reason) => {
                Attempts::with(Store::in_memory(), Some(format!("Scores are kept only until you quit: {reason}.")))
            }
        }
    }

    /// A history that lives only as long as the game (tests, scripted runs).
    pub fn in_memory() -> Attempts {
        Attempts::with(Store::in_memory(), None)
    }

    fn with(store: Store, notice: Option<String>) -> Attempts {
        Attempts { store: Mutex::new(store), cached: Mutex::new(None), notice }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written; carry on.
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn record(&mut self, attempt: &Attempt) {
        let saved = self.store().insert(attempt);
        if let Err(err) = saved {
            self.notice = Some(format!("This attempt could not be saved: {err}."));
        }
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The trainee's best, latest and trend per scenario id.
    pub fn history(&self, trainee: &str) -> BTreeMap<String, Progress> {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((who, history)) = cached.as_ref()
            && who == trainee
        {
            return history.clone();
        }
        let history = self.store().history(trainee).unwrap_or_default();
        *cached = Some((trainee.to_owned(), history.clone()));
        history
    }

    /// A competition's attempts as leaderboard rows, filtered by its rules.
    pub fn competition_rows(&self, competition: &Competition) -> Vec<Entry> {
        self.store().competition_rows(competition).unwrap_or_default()
    }

    /// The stored attempt with this id.
    pub fn get(&self, id: &str) -> Option<Attempt> {
        self.store().get(id).ok().flatten()
    }

    /// The evidence of every attempt of `trainee`, replayed on `library` (or as kept from an
    /// earlier replay), and what was replayed now kept for next time.
    pub fn gather(&self, trainee: &str, library: &[LoadedScenario], knowledge: &Knowledge) -> Gathered {
        let mut store = self.store();
        let gathered = gather(&store, library, knowledge, Some(trainee)).unwrap_or_default();
        let _ = gathered.keep(&mut store);
        gathered
    }

    pub fn all(&self) -> Vec<Attempt> {
        self.store().all().unwrap_or_default()
    }
}

/// A conversation reached its ending: the attempt as played, built from the scenario version
/// the conversation started on.
#[derive(Message, Clone, Debug)]
pub struct ConversationEnded(pub Attempt);

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Attempts>() {
        app.insert_resource(Attempts::open(None));
    }
    app.add_message::<ConversationEnded>();
    app.add_systems(Update, record_attempts);
}

fn record_attempts(mut ended: MessageReader<ConversationEnded>, mut attempts: ResMut<Attempts>) {
    for ConversationEnded(attempt) in ended.read() {
        attempts.record(attempt);
    }
}
