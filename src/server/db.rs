//! What a live competition keeps, in SQLite: the organiser's token and the team codes (made
//! once, so a restart keeps them), whether the competition is open, and every conversation
//! as its round, seed, personality and replies so far with the server's times. Nothing else:
//! a conversation is rebuilt from these on every request, so a killed server loses nothing.

use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (team TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    team TEXT NOT NULL,
    round INTEGER NOT NULL,
    replies TEXT NOT NULL,
    reply_ms TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_by_trainee ON sessions (trainee, round);
";

/// One conversation as stored: enough to replay it exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub id: String,
    pub trainee: String,
    pub team: String,
    pub round: usize,
    /// Replies by their position in the file's order, as `--choices` takes them.
    pub replies: Vec<usize>,
    /// Server milliseconds from each turn being shown to its reply.
    pub reply_ms: Vec<u64>,
    pub started_ms: i64,
    /// When the last turn was shown (the start, or the last reply).
    pub last_ms: i64,
    pub finished: bool,
}

/// The competition's database.
pub struct Db {
    conn: Connection,
}

fn sql(err: rusqlite::Error) -> String {
    format!("the competition database failed: {err}")
}

impl Db {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Db, String> {
        let conn = Connection::open(path).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
        Db::prepare(conn)
    }

    pub fn in_memory() -> Result<Db, String> {
        Db::prepare(Connection::open_in_memory().map_err(sql)?)
    }

    fn prepare(conn: Connection) -> Result<Db, String> {
        conn.busy_timeout(Duration::from_secs(5)).map_err(sql)?;
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(sql)?;
        conn.execute_batch("PRAGMA synchronous=FULL;").map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        Ok(Db { conn })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, String> {
        self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional().map_err(sql)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), String> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2",
                [key, value],
            )
            .map(|_| ())
            .map_err(sql)
    }

    /// The value of `key`, made with `make` and stored the first time it is asked for: how
    /// the organiser token and the team codes survive restarts.
    pub fn meta_or_insert(&mut self, key: &str, make: impl FnOnce() -> String) -> Result<String, String> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql)?;
        let existing: Option<String> =
            tx.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional().map_err(sql)?;
        let value = match existing {
            Some(value) => value,
            None => {
                let value = make();
                tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [key, &value]).map_err(sql)?;
                value
            }
        };
        tx.commit().map_err(sql)?;
        Ok(value)
    }

    /// Each team's join code, made with `make` for teams that have none yet.
    pub fn codes(
        &mut self,
        teams: &[String],
        mut make: impl FnMut() -> String,
    ) -> Result<Vec<(String, String)>, String> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(sql)?;
        let mut out = Vec::new();
        for team in teams {
            let existing: Option<String> =
                tx.query_row("SELECT code FROM codes WHERE team = ?1", [team], |r| r.get(0)).optional().map_err(sql)?;
            let code = match existing {
                Some(code) => code,
                None => {
                    let code = make();
                    tx.execute("INSERT INTO codes (team, code) VALUES (?1, ?2)", [team, &code]).map_err(sql)?;
                    code
                }
            };
            out.push((team.clone(), code));
        }
        tx.commit().map_err(sql)?;
        Ok(out)
    }

    pub fn team_of_code(&self, code: &str) -> Result<Option<String>, String> {
        self.conn.query_row("SELECT team FROM codes WHERE code = ?1", [code], |r| r.get(0)).optional().map_err(sql)
    }

    pub fn insert_session(&self, session: &StoredSession) -> Result<(), String> {
        self.conn
            .execute(
                "INSERT INTO sessions (id, trainee, team, round, replies, reply_ms, started_ms, last_ms, finished)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    session.id,
                    session.trainee,
                    session.team,
                    session.round as i64,
                    json(&session.replies),
                    json(&session.reply_ms),
                    session.started_ms,
                    session.last_ms,
                    session.finished,
                ],
            )
            .map(|_| ())
            .map_err(sql)
    }

    pub fn session(&self, id: &str) -> Result<Option<StoredSession>, String> {
        self.conn
            .query_row(
                "SELECT id, trainee, team, round, replies, reply_ms, started_ms, last_ms, finished FROM sessions WHERE id = ?1",
                [id],
                row_to_session,
            )
            .optional()
            .map_err(sql)
    }

    /// Records one more reply, only if nobody recorded one since `seen` replies: two requests
    /// racing for the same turn (or two servers) cannot both count. Returns whether it was
    /// recorded.
    pub fn add_reply(
        &self,
        id: &str,
        seen: usize,
        position: usize,
        ms: u64,
        now: i64,
        finished: bool,
    ) -> Result<bool, String> {
        let Some(mut session) = self.session(id)? else { return Ok(false) };
        if session.replies.len() != seen || session.finished {
            return Ok(false);
        }
        session.replies.push(position);
        session.reply_ms.push(ms);
        let changed = self
            .conn
            .execute(
                "UPDATE sessions SET replies = ?1, reply_ms = ?2, last_ms = ?3, finished = ?4
                 WHERE id = ?5 AND json_array_length(replies) = ?6 AND finished = 0",
                params![json(&session.replies), json(&session.reply_ms), now, finished, id, seen as i64],
            )
            .map_err(sql)?;
        Ok(changed == 1)
    }

    /// Every conversation, oldest first.
    pub fn sessions(&self) -> Result<Vec<StoredSession>, String> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, trainee, team, round, replies, reply_ms, started_ms, last_ms, finished FROM sessions
                 ORDER BY started_ms, id",
            )
            .map_err(sql)?;
        let rows = statement.query_map([], row_to_session).map_err(sql)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sql)
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("numbers always serialise")
}

fn row_to_session(row: &rusqlite::Row) -> rusqlite::Result<StoredSession> {
    fn parse<T: serde::de::DeserializeOwned>(i: usize, text: String) -> rusqlite::Result<T> {
        serde_json::from_str(&text)
            .map_err(|err| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(err)))
    }
    Ok(StoredSession {
        id: row.get(0)?,
        trainee: row.get(1)?,
        team: row.get(2)?,
        round: row.get::<_, i64>(3)? as usize,
        replies: parse(4, row.get(4)?)?,
        reply_ms: parse(5, row.get(5)?)?,
        started_ms: row.get(6)?,
        last_ms: row.get(7)?,
        finished: row.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_recorded_once_even_when_two_race_for_the_turn() {
        let db = Db::in_memory().unwrap();
        let session = StoredSession {
            id: "s".into(),
            trainee: "Ana".into(),
            team: "Blue".into(),
            round: 0,
            replies: vec![],
            reply_ms: vec![],
            started_ms: 10,
            last_ms: 10,
            finished: false,
        };
        db.insert_session(&session).unwrap();
        assert!(db.add_reply("s", 0, 2, 1500, 1510, false).unwrap());
        assert!(!db.add_reply("s", 0, 3, 1500, 1510, false).unwrap(), "the turn was already answered");
        assert!(db.add_reply("s", 1, 1, 900, 2410, true).unwrap());
        assert!(!db.add_reply("s", 2, 1, 900, 2410, false).unwrap(), "a finished conversation takes no reply");
        let stored = db.session("s").unwrap().unwrap();
        assert_eq!((stored.replies, stored.reply_ms, stored.finished), (vec![2, 1], vec![1500, 900], true));
    }

    #[test]
    fn codes_and_the_token_are_made_once() {
        let mut db = Db::in_memory().unwrap();
        let teams = vec!["Blue".to_owned(), "Red".to_owned()];
        let mut n = 0;
        let first = db
            .codes(&teams, || {
                n += 1;
                format!("code{n}")
            })
            .unwrap();
        let again = db.codes(&teams, || unreachable!("made once")).unwrap();
        assert_eq!(first, again);
        assert_eq!(db.team_of_code("code2").unwrap().as_deref(), Some("Red"));
        let token = db.meta_or_insert("token", || "t1".into()).unwrap();
        assert_eq!(db.meta_or_insert("token", || "t2".into()).unwrap(), token);
    }
}
