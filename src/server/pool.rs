//! A few connections to the competition's database, lent to one request at a time, and the
//! server's own account of where a request's time goes (waiting for a connection, the
//! database, replaying conversations), which the load benchmark reads.

use super::db::Db;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections a server opens unless told otherwise: enough that a request waiting on
/// PostgreSQL's network round trip does not hold up the others, few enough for a small
/// PostgreSQL shared by several servers.
pub const DEFAULT_CONNECTIONS: u16 = 4;

/// The database connections, each lent to one request at a time.
pub struct Pool {
    idle: Mutex<Vec<Db>>,
    returned: Condvar,
    size: usize,
}

/// A lent connection, given back when dropped (even by a panicking request).
struct Lent<'a> {
    pool: &'a Pool,
    db: Option<Db>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            self.pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(db);
            self.pool.returned.notify_one();
        }
    }
}

impl Pool {
    pub fn new(connections: Vec<Db>) -> Pool {
        assert!(!connections.is_empty(), "a pool needs at least one connection");
        let size = connections.len();
        Pool { idle: Mutex::new(connections), returned: Condvar::new(), size }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `f` on a connection, waiting for one to be free; adds the wait and the work to
    /// `timings`.
    pub fn with<T>(&self, timings: &Timings, f: impl FnOnce(&mut Db) -> T) -> T {
        let asked = Instant::now();
        let db = {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(db) = idle.pop() {
                    break db;
                }
                idle = self.returned.wait(idle).unwrap_or_else(|p| p.into_inner());
            }
        };
        let lent_at = Instant::now();
        timings.add(&timings.db_wait_us, lent_at - asked);
        let mut lent = Lent { pool: self, db: Some(db) };
        let out = f(lent.db.as_mut().expect("lent until dropped"));
        timings.add(&timings.db_us, lent_at.elapsed());
        out
    }
}

/// Microseconds spent, summed over every request since the server started.
#[derive(Default)]
pub struct Timings {
    pub requests: AtomicU64,
    /// From the request arriving to its answer being ready.
    pub request_us: AtomicU64,
    /// Waiting for a database connection.
    pub db_wait_us: AtomicU64,
    /// Queries, on a lent connection.
    pub db_us: AtomicU64,
    /// Rebuilding conversations by replay and scoring them.
    pub replay_us: AtomicU64,
}

impl Timings {
    pub fn add(&self, counter: &AtomicU64, spent: Duration) {
        counter.fetch_add(u64::try_from(spent.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Times `f` into `counter`.
    pub fn time<T>(&self, counter: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(counter, start.elapsed());
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        let read = |c: &AtomicU64| c.load(Ordering::Relaxed);
        serde_json::json!({
            "requests": read(&self.requests),
            "request_us": read(&self.request_us),
            "db_wait_us": read(&self.db_wait_us),
            "db_us": read(&self.db_us),
            "replay_us": read(&self.replay_us),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_lent_to_one_at_a_time_and_always_comes_back() {
        let pool = Pool::new(vec![Db::in_memory().unwrap()]);
        let timings = Timings::default();
        pool.with(&timings, |db| db.set_meta("k", "v")).unwrap();
        // A request that panics still gives its connection back.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.with(&timings, |_| panic!("a request failed"));
        }));
        assert!(panicked.is_err());
        let value = pool.with(&timings, |db| db.meta("k")).unwrap();
        assert_eq!(value.as_deref(), Some("v"), "the same connection, back in the pool");
        // Two threads sharing one connection take turns.
        std::thread::scope(|scope| {
            for n in 0..2 {
                let (pool, timings) = (&pool, &timings);
                scope.spawn(move || {
                    for i in 0..50 {
                        pool.with(timings, |db| db.set_meta(&format!("t{n}-{i}"), "x")).unwrap();
                    }
                });
            }
        });
        assert_eq!(pool.with(&timings, |db| db.meta("t1-49")).unwrap().as_deref(), Some("x"));
    }
}
