//! The attempt history: an embedded SQLite database in the platform's data folder. Every
//! write is one transaction, so a crash at any moment loses no attempt that had finished.

use crate::records::attempts::Attempt;
use crate::records::competition::{Competition, Entry};
use rusqlite::{Connection, OpenFlags, params};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Overrides where the attempt database lives.
pub const DATA_DIR_ENV: &str = "HARDCALL_DATA_DIR";
/// The database file in the data folder.
pub const DATABASE_FILE: &str = "attempts.sqlite";

/// Packs a percent and a response time into one sortable number: response times are far
/// below this (about 11 days in milliseconds).
const KEY_SCALE: i64 = 1 << 30;

/// How long a write waits for another process holding the database before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Bumped whenever the table changes; a database from another version is refused with a
/// clear message rather than misread.
const SCHEMA_VERSION: i64 = 1;

// `record` holds the whole attempt as JSON (what export writes); the other columns repeat
// what queries filter and rank by, so a leaderboard never parses every record.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    team TEXT,
    competition TEXT,
    scenario TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    disc TEXT NOT NULL,
    seed TEXT NOT NULL,
    percent INTEGER NOT NULL,
    total INTEGER NOT NULL,
    total_response_ms INTEGER NOT NULL,
    max_response_ms INTEGER NOT NULL,
    ended_at_ms INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pushed (
    lrs TEXT NOT NULL,
    statement TEXT NOT NULL,
    PRIMARY KEY (lrs, statement)
);
CREATE INDEX IF NOT EXISTS attempts_by_scenario ON attempts (scenario, trainee, ended_at_ms);
CREATE INDEX IF NOT EXISTS attempts_by_competition ON attempts (competition, scenario);
";

// What each attempt says about its trainee's strategies, worked out by replaying it under
// one model (the evidence rules and the knowledge the scenarios are judged by), with what of
// the attempt progress needs, so a whole history is read in one scan: a cache, rebuilt from
// the attempts whenever the model changes, added to any history without changing the schema
// version (an older Hard Call leaves it alone).
const EVIDENCE_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS progress_evidence (
    attempt TEXT NOT NULL,
    model TEXT NOT NULL,
    trainee TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (attempt, model)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS progress_evidence_by_trainee ON progress_evidence (model, trainee);
CREATE INDEX IF NOT EXISTS attempts_by_trainee ON attempts (trainee);
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

fn other_version(path: &Path, version: i64) -> StoreError {
    StoreError(format!(
        "the attempt history {} was written by another version of Hard Call (schema {version}, this one reads {SCHEMA_VERSION}); move it aside to start a fresh history",
        path.display()
    ))
}

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
pub struct Progress {
    pub best: i64,
    pub last: i64,
    pub percents: Vec<i64>,
}

impl Progress {
    /// Up, down or flat over the last three attempts.
    pub fn trend(&self) -> i64 {
        let recent = &self.percents[self.percents.len().saturating_sub(3)..];
        recent.last().copied().unwrap_or(0) - recent.first().copied().unwrap_or(0)
    }
}

/// What end times are taken modulo in [`Store::attempts_digest`] (SQLite's `%`, which
/// truncates toward zero as Rust's does).
pub const DIGEST_MODULUS: i64 = 1_000_003;

/// The attempt database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Attempts whose stored record could not be read, with why: left out of what was
    /// returned, so one damaged row never hides the rest.
    unreadable: RefCell<Vec<String>>,
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

    /// Opens the database at `path` for reading only: no lock is taken beyond a read, so a
    /// listing works while another process writes and on a read-only file. A database that
    /// does not exist yet reads as empty, and nothing is created.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Ok(Store::in_memory());
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|err| explain(path, err))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|err| explain(path, err))?;
        let (version, has_table) = Store::schema_state(&conn).map_err(|err| explain(path, err))?;
        if !has_table {
            return Ok(Store::in_memory());
        }
        if version != SCHEMA_VERSION {
            return Err(other_version(path, version));
        }
        Ok(Store { conn, path: path.to_path_buf(), unreadable: RefCell::default() })
    }

    fn schema_state(conn: &Connection) -> rusqlite::Result<(i64, bool)> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'attempts'", [], |row| row.get(0))?;
        Ok((version, tables > 0))
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
        // Switching a new database to WAL needs it to itself, and SQLite answers "busy" at
        // once rather than waiting when another process has it open (importers creating it
        // together): try again for as long as any other wait.
        let started = std::time::Instant::now();
        loop {
            match conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get::<_, String>(0)) {
                Ok(_) => break,
                Err(rusqlite::Error::SqliteFailure(code, _))
                    if matches!(code.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(err) => return Err(explain(&path, err)),
            }
        }
        conn.execute_batch("PRAGMA synchronous=FULL;").map_err(|err| explain(&path, err))?;
        // The check and the creation are one immediate transaction: processes creating the
        // same new database at once take turns, and none sees a half-made schema (which
        // would read as version 0, "another version").
        conn.execute_batch("BEGIN IMMEDIATE").map_err(|err| explain(&path, err))?;
        let made = Store::schema_state(&conn).and_then(|(version, has_table)| {
            if has_table && version != SCHEMA_VERSION {
                return Ok(Err(version));
            }
            if !has_table || version != SCHEMA_VERSION {
                conn.execute_batch(SCHEMA)?;
                conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
            }
            Ok(Ok(()))
        });
        let finish = if matches!(made, Ok(Ok(()))) { "COMMIT" } else { "ROLLBACK" };
        let ended = conn.execute_batch(finish);
        match made {
            Err(err) => return Err(explain(&path, err)),
            Ok(Err(version)) => return Err(other_version(&path, version)),
            Ok(Ok(())) => ended.map_err(|err| explain(&path, err))?,
        }
        conn.execute_batch(EVIDENCE_SCHEMA).map_err(|err| explain(&path, err))?;
        Ok(Store { conn, path, unreadable: RefCell::default() })
    }

    /// Attempts left out of the last reads because their stored record is damaged, each
    /// as "id: why".
    pub fn unreadable(&self) -> Vec<String> {
        self.unreadable.borrow().clone()
    }

    /// Stores an attempt; returns false if the same attempt was already stored.
    pub fn insert(&mut self, attempt: &Attempt) -> Result<bool, StoreError> {
        self.insert_all(std::slice::from_ref(attempt)).map(|n| n == 1)
    }

    /// Stores attempts in one transaction; returns how many were new.
    pub fn insert_all(&mut self, attempts: &[Attempt]) -> Result<usize, StoreError> {
        let path = self.path.clone();
        // Immediate: the write lock is taken (and waited for) at the start, so a writer never
        // meets another's commit halfway and fails instead of waiting.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|err| explain(&path, err))?;
        let mut added = 0;
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO attempts
                     (id, trainee, team, competition, scenario, scenario_hash, disc, seed, percent, total,
                      total_response_ms, max_response_ms, ended_at_ms, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
                        attempt.disc,
                        attempt.seed.to_string(),
                        attempt.score.percent,
                        attempt.score.total,
                        i64::try_from(attempt.total_response_ms()).unwrap_or(i64::MAX),
                        i64::try_from(attempt.response_ms.iter().copied().max().unwrap_or(0)).unwrap_or(i64::MAX),
                        attempt.ended_at_ms,
                        record
                    ])
                    .map_err(|err| explain(&path, err))?;
            }
        }
        tx.commit().map_err(|err| explain(&path, err))?;
        Ok(added)
    }

    fn query(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Attempt>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|err| explain(&self.path, err))?;
        let rows = statement
            .query_map(args, |row| Ok((row.get::<_, String>(0)?, row.get::<_, rusqlite::types::Value>(1)?)))
            .map_err(|err| explain(&self.path, err))?;
        let mut attempts = Vec::new();
        for row in rows {
            let (id, record) = row.map_err(|err| explain(&self.path, err))?;
            let parsed = match record {
                rusqlite::types::Value::Text(text) => serde_json::from_str(&text).map_err(|err| err.to_string()),
                _ => Err("its record is not text".to_owned()),
            };
            match parsed {
                Ok(attempt) => attempts.push(attempt),
                Err(why) => self.unreadable.borrow_mut().push(format!("{id}: {why}")),
            }
        }
        Ok(attempts)
    }

    /// Calls `each` with every attempt, oldest first, holding one at a time: how export and
    /// push walk a large history in bounded memory. Damaged rows are skipped and named in
    /// [`Store::unreadable`]; `each` may stop the walk with an error.
    pub fn for_each(&self, each: impl FnMut(Attempt) -> Result<(), String>) -> Result<(), String> {
        self.for_each_by(None, each)
    }

    /// Like [`Store::for_each`], over one trainee's attempts when `trainee` is given.
    pub fn for_each_by(
        &self,
        trainee: Option<&str>,
        mut each: impl FnMut(Attempt) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut statement = self
            .conn
            .prepare("SELECT id, record FROM attempts WHERE ?1 IS NULL OR trainee = ?1 ORDER BY ended_at_ms, id")
            .map_err(|err| explain(&self.path, err).to_string())?;
        let mut rows = statement.query([trainee]).map_err(|err| explain(&self.path, err).to_string())?;
        while let Some(row) = rows.next().map_err(|err| explain(&self.path, err).to_string())? {
            let id: String = row.get(0).map_err(|err| explain(&self.path, err).to_string())?;
            let parsed = match row.get_ref(1) {
                Ok(rusqlite::types::ValueRef::Text(text)) => {
                    serde_json::from_slice::<Attempt>(text).map_err(|err| err.to_string())
                }
                _ => Err("its record is not text".to_owned()),
            };
            match parsed {
                Ok(attempt) => each(attempt)?,
                Err(why) => self.unreadable.borrow_mut().push(format!("{id}: {why}")),
            }
        }
        Ok(())
    }

    /// Whether this history has a table for kept evidence (one opened read-only before any
    /// was kept has not).
    fn keeps_evidence(&self) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'progress_evidence'", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n > 0)
            .map_err(|err| explain(&self.path, err))
    }

    /// Calls `each` with the id and the kept evidence of every attempt of `trainee`
    /// (everyone's with `None`) worked out under `model`, in the order kept.
    pub fn for_each_kept(
        &self,
        model: &str,
        trainee: Option<&str>,
        mut each: impl FnMut(&str, &[u8]),
    ) -> Result<(), StoreError> {
        if !self.keeps_evidence()? {
            return Ok(());
        }
        let fail = |err: rusqlite::Error| explain(&self.path, err);
        // Read through a memory map rather than copied page by page into a small cache: a
        // cohort's evidence is tens of megabytes, read once from end to end.
        self.conn.execute_batch("PRAGMA mmap_size = 268435456").map_err(fail)?;
        // One trainee's rows by the index; everyone's by one pass over the table in the order
        // it is stored, never by the index (a lookup per row, in no order).
        let mut statement = match trainee {
            Some(_) => self
                .conn
                .prepare_cached("SELECT attempt, data FROM progress_evidence WHERE model = ?1 AND trainee = ?2"),
            None => {
                self.conn.prepare_cached("SELECT attempt, data FROM progress_evidence NOT INDEXED WHERE model = ?1")
            }
        }
        .map_err(fail)?;
        let mut rows = match trainee {
            Some(name) => statement.query(params![model, name]),
            None => statement.query(params![model]),
        }
        .map_err(fail)?;
        while let Some(row) = rows.next().map_err(fail)? {
            let id = match row.get_ref(0).map_err(fail)? {
                rusqlite::types::ValueRef::Text(text) => std::str::from_utf8(text).unwrap_or_default(),
                _ => continue,
            };
            if let rusqlite::types::ValueRef::Blob(data) = row.get_ref(1).map_err(fail)? {
                each(id, data);
            }
        }
        Ok(())
    }

    /// How many attempts `trainee` (everyone, with `None`) has and the sum of their end
    /// times, each modulo [`DIGEST_MODULUS`] (so no sum can overflow): two numbers that tell,
    /// without reading every id, whether the evidence kept is that of exactly these attempts.
    pub fn attempts_digest(&self, trainee: Option<&str>) -> Result<(i64, i64), StoreError> {
        let fail = |err: rusqlite::Error| explain(&self.path, err);
        let read = |row: &rusqlite::Row<'_>| Ok((row.get(0)?, row.get::<_, Option<i64>>(1)?.unwrap_or(0)));
        match trainee {
            Some(name) => self.conn.query_row(
                "SELECT count(*), sum(ended_at_ms % 1000003) FROM attempts WHERE trainee = ?1",
                [name],
                read,
            ),
            None => self.conn.query_row("SELECT count(*), sum(ended_at_ms % 1000003) FROM attempts", [], read),
        }
        .map_err(fail)
    }

    /// The ids of the attempts of `trainee` (everyone's with `None`), in no particular order:
    /// read from the index of ids alone, so quick however large the records are.
    pub fn attempt_ids(&self, trainee: Option<&str>) -> Result<Vec<String>, StoreError> {
        let fail = |err: rusqlite::Error| explain(&self.path, err);
        let (sql, args): (&str, Vec<&str>) = match trainee {
            Some(name) => ("SELECT id FROM attempts WHERE trainee = ?1", vec![name]),
            None => ("SELECT id FROM attempts", Vec::new()),
        };
        let mut statement = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows =
            statement.query_map(rusqlite::params_from_iter(args), |row| row.get::<_, String>(0)).map_err(fail)?;
        rows.collect::<Result<_, _>>().map_err(fail)
    }

    /// Keeps the evidence of attempts worked out under `model`, each (attempt, trainee,
    /// evidence), in one transaction, and drops what was kept under any other model.
    pub fn put_evidence(&mut self, model: &str, rows: &[(String, String, Vec<u8>)]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|err| explain(&path, err))?;
        tx.execute("DELETE FROM progress_evidence WHERE model != ?1", [model]).map_err(|err| explain(&path, err))?;
        {
            let mut statement = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO progress_evidence (attempt, model, trainee, data) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(|err| explain(&path, err))?;
            for (attempt, trainee, data) in rows {
                statement.execute(params![attempt, model, trainee, data]).map_err(|err| explain(&path, err))?;
            }
        }
        tx.commit().map_err(|err| explain(&path, err))
    }

    /// The attempt with this id, if it is stored (and readable).
    pub fn get(&self, id: &str) -> Result<Option<Attempt>, StoreError> {
        Ok(self.query("SELECT id, record FROM attempts WHERE id = ?1", &[&id])?.into_iter().next())
    }

    /// Every attempt, oldest first.
    pub fn all(&self) -> Result<Vec<Attempt>, StoreError> {
        self.query("SELECT id, record FROM attempts ORDER BY ended_at_ms, id", &[])
    }

    /// The competition's attempts as leaderboard rows, filtered by its rules in SQL: the
    /// right scenario, seed and personality, inside the window, within the reply limit.
    pub fn competition_rows(&self, competition: &Competition) -> Result<Vec<Entry>, StoreError> {
        // Only each trainee's best attempt per scenario matters: higher percent first, then the
        // faster total response time. SQLite ranks them with one packed key per row.
        let mut sql = format!(
            "SELECT trainee, team, scenario, MAX(percent * {KEY_SCALE} - total_response_ms) FROM attempts WHERE competition = ?"
        );
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(competition.name.clone())];
        let rounds: Vec<String> = competition
            .rounds
            .iter()
            .map(|round| {
                args.push(Box::new(round.scenario.clone()));
                args.push(Box::new(round.seed.to_string()));
                match round.disc {
                    Some(profile) => {
                        args.push(Box::new(profile.to_string()));
                        "(scenario = ? AND seed = ? AND disc = ?)".to_owned()
                    }
                    None => "(scenario = ? AND seed = ?)".to_owned(),
                }
            })
            .collect();
        if rounds.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(&format!(" AND ({})", rounds.join(" OR ")));
        // The same rules as `competition::breaks_rules`, read from the same accessors, asked
        // of SQLite so the ranking never leaves the database.
        let (starts, ends) = competition.window_ms();
        if let Some(starts) = starts {
            sql.push_str(" AND ended_at_ms >= ?");
            args.push(Box::new(starts));
        }
        if let Some(ends) = ends {
            sql.push_str(" AND ended_at_ms <= ?");
            args.push(Box::new(ends));
        }
        if let Some(limit) = competition.reply_limit_ms() {
            sql.push_str(" AND max_response_ms <= ?");
            args.push(Box::new(limit as i64));
        }
        sql.push_str(" GROUP BY trainee, team, scenario");
        let mut statement = self.conn.prepare(&sql).map_err(|err| explain(&self.path, err))?;
        let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a.as_ref()).collect();
        let rows = statement
            .query_map(params.as_slice(), |row| {
                let key: i64 = row.get(3)?;
                // key = percent × scale − ms, with 0 ≤ ms < scale.
                let percent = key.div_euclid(KEY_SCALE) + i64::from(key.rem_euclid(KEY_SCALE) != 0);
                Ok(Entry {
                    trainee: row.get(0)?,
                    team: row.get(1)?,
                    scenario: row.get(2)?,
                    percent,
                    response_ms: (percent * KEY_SCALE - key) as u64,
                })
            })
            .map_err(|err| explain(&self.path, err))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|err| explain(&self.path, err))
    }

    /// The statement ids this LRS has confirmed.
    pub fn pushed(&self, lrs: &str) -> Result<std::collections::BTreeSet<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT statement FROM pushed WHERE lrs = ?1")
            .map_err(|err| explain(&self.path, err))?;
        let rows = statement.query_map([lrs], |row| row.get::<_, String>(0)).map_err(|err| explain(&self.path, err))?;
        rows.collect::<Result<_, _>>().map_err(|err| explain(&self.path, err))
    }

    /// Records statement ids an LRS confirmed, in one transaction.
    pub fn mark_pushed(&mut self, lrs: &str, ids: &[String]) -> Result<(), StoreError> {
        let path = self.path.clone();
        // Immediate: the write lock is taken (and waited for) at the start, so a writer never
        // meets another's commit halfway and fails instead of waiting.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|err| explain(&path, err))?;
        {
            let mut statement = tx
                .prepare_cached("INSERT OR IGNORE INTO pushed (lrs, statement) VALUES (?1, ?2)")
                .map_err(|err| explain(&path, err))?;
            for id in ids {
                statement.execute(params![lrs, id]).map_err(|err| explain(&path, err))?;
            }
        }
        tx.commit().map_err(|err| explain(&path, err))
    }

    /// A trainee's history per scenario id: best, latest and every percentage, reviews of
    /// mistakes left out.
    pub fn history(&self, trainee: &str) -> Result<BTreeMap<String, Progress>, StoreError> {
        let attempts =
            self.query("SELECT id, record FROM attempts WHERE trainee = ?1 ORDER BY ended_at_ms, id", &[&trainee])?;
        let mut out: BTreeMap<String, Progress> = BTreeMap::new();
        // A mistake reviewed resumed an earlier conversation: it is practice, not a score.
        for attempt in attempts.into_iter().filter(|a| a.review.is_none()) {
            let percent = attempt.score.percent;
            let entry =
                out.entry(attempt.scenario).or_insert(Progress { best: percent, last: percent, percents: Vec::new() });
            entry.best = entry.best.max(percent);
            entry.last = percent;
            entry.percents.push(percent);
        }
        Ok(out)
    }
}
