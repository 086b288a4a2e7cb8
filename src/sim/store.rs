//! The attempt history: an embedded SQLite database in the platform's data folder. Every
//! write is one transaction, so a crash at any moment loses no attempt that had finished.

use crate::sim::attempts::Attempt;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Overrides where the attempt database lives.
pub const DATA_DIR_ENV: &str = "HARDCALL_DATA_DIR";
/// The database file in the data folder.
pub const DATABASE_FILE: &str = "attempts.sqlite";

/// How long a write waits for another process holding the database before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    team TEXT,
    competition TEXT,
    scenario TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    percent INTEGER NOT NULL,
    total INTEGER NOT NULL,
    ended_at_ms INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_scenario ON attempts (scenario, trainee, ended_at_ms);
CREATE INDEX IF NOT EXISTS attempts_by_competition ON attempts (competition, scenario);
";

/// `--data-dir`, else `$HARDCALL_DATA_DIR`, else the platform's data folder.
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "hardcall").map(|dirs| dirs.data_dir().to_path_buf())
}

/// A problem with the database, worded for the person who has to fix it.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

fn explain(path: &Path, err: rusqlite::Error) -> StoreError {
    let what = match &err {
        rusqlite::Error::SqliteFailure(code, _) => match code.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                "is locked by another program (is a second Hard Call running?)".to_owned()
            }
            rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt => {
                "is damaged or not a Hard Call database; move it aside to start a fresh history".to_owned()
            }
            rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied | rusqlite::ErrorCode::CannotOpen => {
                "cannot be opened for writing".to_owned()
            }
            _ => err.to_string(),
        },
        _ => err.to_string(),
    };
    StoreError(format!("the attempt history {} {what}", path.display()))
}

/// Best, latest and every score of one trainee on one scenario, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    pub best: i64,
    pub last: i64,
    pub percents: Vec<i64>,
}

impl History {
    /// Up, down or flat over the last three attempts.
    pub fn trend(&self) -> i64 {
        let recent = &self.percents[self.percents.len().saturating_sub(3)..];
        recent.last().copied().unwrap_or(0) - recent.first().copied().unwrap_or(0)
    }
}

/// The attempt database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|err| StoreError(format!("cannot create the data folder {}: {err}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|err| explain(path, err))?;
        Store::prepare(conn, path.to_path_buf())
    }

    /// A database that lives only as long as this value (tests, and the fallback when the
    /// real one cannot be used).
    pub fn in_memory() -> Store {
        let conn = Connection::open_in_memory().expect("SQLite can always open an in-memory database");
        Store::prepare(conn, PathBuf::from(":memory:")).expect("the schema applies to an empty database")
    }

    fn prepare(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|err| explain(&path, err))?;
        // Write-ahead logging: a finished transaction survives a crash, and readers do not
        // block the game while it writes.
        let _: String =
            conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0)).map_err(|err| explain(&path, err))?;
        conn.execute_batch("PRAGMA synchronous=FULL;").map_err(|err| explain(&path, err))?;
        conn.execute_batch(SCHEMA).map_err(|err| explain(&path, err))?;
        Ok(Store { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores an attempt; returns false if the same attempt was already stored.
    pub fn insert(&mut self, attempt: &Attempt) -> Result<bool, StoreError> {
        self.insert_all(std::slice::from_ref(attempt)).map(|n| n == 1)
    }

    /// Stores attempts in one transaction; returns how many were new.
    pub fn insert_all(&mut self, attempts: &[Attempt]) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|err| explain(&path, err))?;
        let mut added = 0;
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO attempts
                     (id, trainee, team, competition, scenario, scenario_hash, percent, total, ended_at_ms, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(|err| explain(&path, err))?;
            for attempt in attempts {
                let record = serde_json::to_string(attempt).expect("attempts always serialise");
                added += statement
                    .execute(params![
                        attempt.id,
                        attempt.trainee,
                        attempt.team,
                        attempt.competition,
                        attempt.scenario,
                        attempt.scenario_hash,
                        attempt.score.percent,
                        attempt.score.total,
                        attempt.ended_at_ms,
                        record
                    ])
                    .map_err(|err| explain(&path, err))?;
            }
        }
        tx.commit().map_err(|err| explain(&path, err))?;
        Ok(added)
    }

    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT 1 FROM attempts WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|err| explain(&self.path, err))
    }

    fn query(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Attempt>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|err| explain(&self.path, err))?;
        let rows = statement.query_map(args, |row| row.get::<_, String>(0)).map_err(|err| explain(&self.path, err))?;
        let mut attempts = Vec::new();
        for row in rows {
            let text = row.map_err(|err| explain(&self.path, err))?;
            let attempt = serde_json::from_str(&text)
                .map_err(|err| StoreError(format!("an attempt in {} is unreadable: {err}", self.path.display())))?;
            attempts.push(attempt);
        }
        Ok(attempts)
    }

    /// Every attempt, oldest first.
    pub fn all(&self) -> Result<Vec<Attempt>, StoreError> {
        self.query("SELECT record FROM attempts ORDER BY ended_at_ms, id", &[])
    }

    /// A trainee's history per scenario id.
    pub fn history(&self, trainee: &str) -> Result<BTreeMap<String, History>, StoreError> {
        let attempts =
            self.query("SELECT record FROM attempts WHERE trainee = ?1 ORDER BY ended_at_ms, id", &[&trainee])?;
        let mut out: BTreeMap<String, History> = BTreeMap::new();
        for attempt in attempts {
            let percent = attempt.score.percent;
            let entry =
                out.entry(attempt.scenario).or_insert(History { best: percent, last: percent, percents: Vec::new() });
            entry.best = entry.best.max(percent);
            entry.last = percent;
            entry.percents.push(percent);
        }
        Ok(out)
    }
}
