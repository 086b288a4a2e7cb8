//! What a live competition keeps, in SQLite or PostgreSQL: the organiser's token and the
//! team codes (made once, so a restart keeps them), whether the competition is open, and every
//! conversation as its round, trainee and replies so far with the server's times, and which
//! xAPI statements each learning record store has confirmed. Nothing else: a conversation is rebuilt from these on every request, so a killed server loses
//! nothing and two servers on one PostgreSQL serve the same competition.

use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::time::Duration;

/// The tables, as SQLite takes them; PostgreSQL gets the same with 64-bit integers
/// ([`postgres_schema`]), so the two cannot drift apart.
const SQLITE_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (team TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    team TEXT NOT NULL,
    round INTEGER NOT NULL,
    replies TEXT NOT NULL,
    reply_ms TEXT NOT NULL,
    reply_count INTEGER NOT NULL DEFAULT 0,
    started_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    secret TEXT NOT NULL DEFAULT '',
    order_seed TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS pushed (lrs TEXT NOT NULL, statement TEXT NOT NULL, PRIMARY KEY (lrs, statement));
";

fn postgres_schema() -> String {
    SQLITE_SCHEMA.replace("INTEGER", "BIGINT")
}

/// Every query, in SQLite's `?N` form; PostgreSQL gets the same with `$N`.
const META: &str = "SELECT value FROM meta WHERE key = ?1";
const SET_META: &str =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value";
const ADD_META: &str = "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING";
const CODE: &str = "SELECT code FROM codes WHERE team = ?1";
const ADD_CODE: &str = "INSERT INTO codes (team, code) VALUES (?1, ?2) ON CONFLICT (team) DO NOTHING";
const TEAM_OF_CODE: &str = "SELECT team FROM codes WHERE code = ?1";
const PUSHED: &str = "SELECT statement FROM pushed WHERE lrs = ?1";
const ADD_PUSHED: &str = "INSERT INTO pushed (lrs, statement) VALUES (?1, ?2) ON CONFLICT (lrs, statement) DO NOTHING";
const INSERT_SESSION: &str = "INSERT INTO sessions
    (id, trainee, team, round, replies, reply_ms, reply_count, started_ms, last_ms, finished, secret, order_seed)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
const COLUMNS: &str = "id, trainee, team, round, replies, reply_ms, started_ms, last_ms, finished, secret, order_seed";
/// Columns added after the first release, for databases made before them: a conversation
/// kept there has no secret, and is refused (see `routes`), and shows the round's order.
const ADDED_COLUMNS: [&str; 2] = ["secret", "order_seed"];
const ADD_REPLY: &str = "UPDATE sessions SET replies = ?1, reply_ms = ?2, reply_count = ?3, last_ms = ?4, finished = ?5
    WHERE id = ?6 AND reply_count = ?7 AND finished = 0";

fn dollars(sql: &str) -> String {
    sql.replace('?', "$")
}

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
    /// Handed out by the start and asked on every read and reply: the id alone opens nothing.
    pub secret: String,
    /// What this conversation's shown order is drawn from; `None` for one kept before
    /// conversations had their own (it shows the round's order).
    pub order_seed: Option<u64>,
}

/// The competition's database: a SQLite file, or a PostgreSQL that several servers share.
pub enum Db {
    Sqlite(Connection),
    Postgres(Box<postgres::Client>),
}

fn sql(err: impl std::fmt::Display) -> String {
    format!("the competition database failed: {err}")
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("numbers always serialise")
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|err| format!("a stored conversation is damaged: {err}"))
}

/// The values of one query, typed for either database.
enum Value {
    Text(String),
    Int(i64),
}

fn sqlite_params(values: &[Value]) -> Vec<Box<dyn rusqlite::ToSql>> {
    values
        .iter()
        .map(|v| -> Box<dyn rusqlite::ToSql> {
            match v {
                Value::Text(t) => Box::new(t.clone()),
                Value::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

fn postgres_params(values: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|v| -> &(dyn postgres::types::ToSql + Sync) {
            match v {
                Value::Text(t) => t,
                Value::Int(i) => i,
            }
        })
        .collect()
}

impl Db {
    /// Opens (creating if needed) the database a `--database` URL names: `sqlite:PATH` or
    /// `postgres://…`.
    pub fn open_url(url: &str) -> Result<Db, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Db::connect(url);
        }
        match url.strip_prefix("sqlite:") {
            Some(path) if !path.is_empty() => Db::open(Path::new(path)),
            _ => Err(format!("`{url}` is not a database URL: use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")),
        }
    }

    /// Opens (creating if needed) the SQLite database at `path`.
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
        conn.execute_batch(SQLITE_SCHEMA).map_err(sql)?;
        for column in ADDED_COLUMNS {
            let has: bool = conn
                .query_row("SELECT COUNT(*) FROM pragma_table_info('sessions') WHERE name = ?1", [column], |r| {
                    r.get::<_, i64>(0).map(|n| n > 0)
                })
                .map_err(sql)?;
            if !has {
                conn.execute_batch(&format!("ALTER TABLE sessions ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"))
                    .map_err(sql)?;
            }
        }
        Ok(Db::Sqlite(conn))
    }

    /// Connects to PostgreSQL and creates the tables if they are not there. Servers starting
    /// together take turns (an advisory lock), since PostgreSQL's `IF NOT EXISTS` is not safe
    /// against a concurrent create.
    pub fn connect(url: &str) -> Result<Db, String> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)
            .map_err(|err| format!("cannot connect to PostgreSQL at {}: {err}", without_password(url)))?;
        client
            .batch_execute(&format!(
                "SELECT pg_advisory_lock(7316); {} {} SELECT pg_advisory_unlock(7316);",
                postgres_schema(),
                ADDED_COLUMNS
                    .map(|c| format!("ALTER TABLE sessions ADD COLUMN IF NOT EXISTS {c} TEXT NOT NULL DEFAULT '';"))
                    .join(" ")
            ))
            .map_err(sql)?;
        Ok(Db::Postgres(Box::new(client)))
    }

    fn execute(&mut self, query: &str, values: &[Value]) -> Result<u64, String> {
        match self {
            Db::Sqlite(conn) => {
                let params = sqlite_params(values);
                conn.execute(query, rusqlite::params_from_iter(params.iter())).map(|n| n as u64).map_err(sql)
            }
            Db::Postgres(client) => client.execute(&dollars(query), &postgres_params(values)).map_err(sql),
        }
    }

    /// The first column of the first row, as text, if there is a row.
    fn text(&mut self, query: &str, key: &str) -> Result<Option<String>, String> {
        match self {
            Db::Sqlite(conn) => conn.query_row(query, [key], |r| r.get(0)).optional().map_err(sql),
            Db::Postgres(client) => {
                client.query_opt(&dollars(query), &[&key]).map(|row| row.map(|r| r.get(0))).map_err(sql)
            }
        }
    }

    /// The first column of every row, as text.
    fn texts(&mut self, query: &str, key: &str) -> Result<Vec<String>, String> {
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare(query).map_err(sql)?;
                let rows = statement.query_map([key], |r| r.get(0)).map_err(sql)?;
                rows.collect::<Result<Vec<String>, _>>().map_err(sql)
            }
            Db::Postgres(client) => {
                client.query(&dollars(query), &[&key]).map(|rows| rows.iter().map(|r| r.get(0)).collect()).map_err(sql)
            }
        }
    }

    /// The statement ids the LRS at `lrs` (its statements URL) has confirmed.
    pub fn pushed(&mut self, lrs: &str) -> Result<std::collections::HashSet<String>, String> {
        Ok(self.texts(PUSHED, lrs)?.into_iter().collect())
    }

    /// Remembers that the LRS at `lrs` confirmed `ids`, so a later push skips them: one
    /// transaction per batch, so a batch is remembered whole or not at all (and SQLite
    /// syncs to disk once per batch, not once per statement).
    pub fn remember_pushed(&mut self, lrs: &str, ids: &[String]) -> Result<(), String> {
        match self {
            Db::Sqlite(conn) => {
                let tx = conn.transaction().map_err(sql)?;
                for id in ids {
                    tx.execute(ADD_PUSHED, [lrs, id.as_str()]).map_err(sql)?;
                }
                tx.commit().map_err(sql)
            }
            Db::Postgres(client) => {
                let mut tx = client.transaction().map_err(sql)?;
                for id in ids {
                    tx.execute(&dollars(ADD_PUSHED), &[&lrs, id]).map_err(sql)?;
                }
                tx.commit().map_err(sql)
            }
        }
    }

    pub fn meta(&mut self, key: &str) -> Result<Option<String>, String> {
        self.text(META, key)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.execute(SET_META, &[Value::Text(key.into()), Value::Text(value.into())]).map(|_| ())
    }

    /// The value of `key`, made with `make` and stored the first time it is asked for: how
    /// the organiser token and the team codes survive restarts, and how two servers starting
    /// together agree on them (the first insert wins, both read it back).
    pub fn meta_or_insert(&mut self, key: &str, make: impl FnOnce() -> String) -> Result<String, String> {
        if let Some(value) = self.meta(key)? {
            return Ok(value);
        }
        self.execute(ADD_META, &[Value::Text(key.into()), Value::Text(make())])?;
        self.meta(key)?.ok_or_else(|| sql(format!("`{key}` was not stored")))
    }

    /// Each team's join code, made with `make` for teams that have none yet.
    pub fn codes(
        &mut self,
        teams: &[String],
        mut make: impl FnMut() -> String,
    ) -> Result<Vec<(String, String)>, String> {
        let mut out = Vec::new();
        for team in teams {
            if self.text(CODE, team)?.is_none() {
                self.execute(ADD_CODE, &[Value::Text(team.clone()), Value::Text(make())])?;
            }
            let code = self.text(CODE, team)?.ok_or_else(|| sql(format!("no code was stored for team {team}")))?;
            out.push((team.clone(), code));
        }
        Ok(out)
    }

    pub fn team_of_code(&mut self, code: &str) -> Result<Option<String>, String> {
        self.text(TEAM_OF_CODE, code)
    }

    pub fn insert_session(&mut self, session: &StoredSession) -> Result<(), String> {
        self.execute(
            INSERT_SESSION,
            &[
                Value::Text(session.id.clone()),
                Value::Text(session.trainee.clone()),
                Value::Text(session.team.clone()),
                Value::Int(session.round as i64),
                Value::Text(json(&session.replies)),
                Value::Text(json(&session.reply_ms)),
                Value::Int(session.replies.len() as i64),
                Value::Int(session.started_ms),
                Value::Int(session.last_ms),
                Value::Int(i64::from(session.finished)),
                Value::Text(session.secret.clone()),
                Value::Text(session.order_seed.map(|s| s.to_string()).unwrap_or_default()),
            ],
        )
        .map(|_| ())
    }

    fn select(&mut self, filter: &str, values: &[Value]) -> Result<Vec<StoredSession>, String> {
        let query = format!("SELECT {COLUMNS} FROM sessions {filter} ORDER BY started_ms, id");
        type Raw = (String, String, String, i64, String, String, i64, i64, i64, String, String);
        let raws: Vec<Raw> = match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare(&query).map_err(sql)?;
                let map = |r: &rusqlite::Row| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))
                };
                let params = sqlite_params(values);
                let rows = statement.query_map(rusqlite::params_from_iter(params.iter()), map).map_err(sql)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(sql)?
            }
            Db::Postgres(client) => {
                let rows = client.query(&dollars(&query), &postgres_params(values)).map_err(sql)?;
                rows.iter()
                    .map(|r| {
                        (
                            r.get(0),
                            r.get(1),
                            r.get(2),
                            r.get(3),
                            r.get(4),
                            r.get(5),
                            r.get(6),
                            r.get(7),
                            r.get(8),
                            r.get(9),
                            r.get(10),
                        )
                    })
                    .collect()
            }
        };
        raws.into_iter()
            .map(|(id, trainee, team, round, replies, reply_ms, started_ms, last_ms, finished, secret, order_seed)| {
                Ok(StoredSession {
                    id,
                    trainee,
                    team,
                    round: round as usize,
                    replies: parse(&replies)?,
                    reply_ms: parse(&reply_ms)?,
                    started_ms,
                    last_ms,
                    finished: finished != 0,
                    secret,
                    order_seed: order_seed.parse().ok(),
                })
            })
            .collect()
    }

    pub fn session(&mut self, id: &str) -> Result<Option<StoredSession>, String> {
        Ok(self.select("WHERE id = ?1", &[Value::Text(id.to_owned())])?.into_iter().next())
    }

    /// Records `session` with its newest reply, only if nobody recorded a reply since it had
    /// `seen`: two requests racing for the same turn (or two servers) cannot both count.
    /// Returns whether it was recorded.
    pub fn add_reply(&mut self, session: &StoredSession, seen: usize) -> Result<bool, String> {
        let changed = self.execute(
            ADD_REPLY,
            &[
                Value::Text(json(&session.replies)),
                Value::Text(json(&session.reply_ms)),
                Value::Int(session.replies.len() as i64),
                Value::Int(session.last_ms),
                Value::Int(i64::from(session.finished)),
                Value::Text(session.id.clone()),
                Value::Int(seen as i64),
            ],
        )?;
        Ok(changed == 1)
    }

    /// The ids of the finished conversations, oldest first: what the leaderboard asks on
    /// every poll, the conversations themselves being replayed once and kept.
    pub fn finished_ids(&mut self) -> Result<Vec<String>, String> {
        const QUERY: &str = "SELECT id FROM sessions WHERE finished = 1 ORDER BY started_ms, id";
        match self {
            Db::Sqlite(conn) => {
                let mut statement = conn.prepare(QUERY).map_err(sql)?;
                let rows = statement.query_map([], |r| r.get(0)).map_err(sql)?;
                rows.collect::<Result<Vec<String>, _>>().map_err(sql)
            }
            Db::Postgres(client) => {
                client.query(QUERY, &[]).map(|rows| rows.iter().map(|r| r.get(0)).collect()).map_err(sql)
            }
        }
    }

    /// Every conversation of `trainee` in `round` (0-based), oldest first: what the attempts
    /// rule counts.
    pub fn sessions_of(&mut self, trainee: &str, round: usize) -> Result<Vec<StoredSession>, String> {
        self.select("WHERE trainee = ?1 AND round = ?2", &[Value::Text(trainee.to_owned()), Value::Int(round as i64)])
    }

    /// The conversations not over whose last turn was shown at or after `since_ms`.
    pub fn playing_since(&mut self, since_ms: i64) -> Result<Vec<StoredSession>, String> {
        self.select("WHERE finished = 0 AND last_ms >= ?1", &[Value::Int(since_ms)])
    }
}

/// A database URL fit to print: any password replaced.
pub fn without_password(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(_)) => {
            let (credentials, host) = rest.rsplit_once('@').unwrap_or(("", rest));
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_recorded_once_even_when_two_race_for_the_turn() {
        let mut db = Db::in_memory().unwrap();
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
            secret: "k".into(),
            order_seed: Some(7),
        };
        db.insert_session(&session).unwrap();
        let answer = |replies: Vec<usize>, reply_ms: Vec<u64>, finished: bool| StoredSession {
            replies,
            reply_ms,
            finished,
            ..session.clone()
        };
        assert!(db.add_reply(&answer(vec![2], vec![1500], false), 0).unwrap());
        assert!(!db.add_reply(&answer(vec![3], vec![1500], false), 0).unwrap(), "the turn was already answered");
        assert!(db.add_reply(&answer(vec![2, 1], vec![1500, 900], true), 1).unwrap());
        let late = answer(vec![2, 1, 1], vec![1500, 900, 900], false);
        assert!(!db.add_reply(&late, 2).unwrap(), "a finished conversation takes no reply");
        let stored = db.session("s").unwrap().unwrap();
        assert_eq!((stored.replies, stored.reply_ms, stored.finished), (vec![2, 1], vec![1500, 900], true));
    }

    #[test]
    fn finished_and_playing_conversations_are_told_apart() {
        let mut db = Db::in_memory().unwrap();
        let one = |id: &str, started_ms: i64, last_ms: i64, finished: bool| StoredSession {
            id: id.into(),
            trainee: "Ana".into(),
            team: "Blue".into(),
            round: 0,
            replies: vec![1],
            reply_ms: vec![900],
            started_ms,
            last_ms,
            finished,
            secret: String::new(),
            order_seed: None,
        };
        for session in
            [one("a", 10, 10, false), one("b", 20, 40, true), one("c", 5, 50, true), one("d", 30, 5000, false)]
        {
            db.insert_session(&session).unwrap();
        }
        assert_eq!(db.finished_ids().unwrap(), ["c", "b"], "oldest first");
        let ids = |sessions: Vec<StoredSession>| sessions.into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(db.playing_since(1000).unwrap()), ["d"]);
        assert_eq!(ids(db.playing_since(0).unwrap()), ["a", "d"]);
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
