//! `hardcall serve` run as an organiser runs it, on 127.0.0.1, for the tests of live
//! competitions: its address, team codes and organiser token read from what it prints.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running server, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
    pub codes: Vec<(String, String)>,
    pub token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The join code of `team`.
    pub fn code(&self, team: &str) -> String {
        self.codes.iter().find(|(t, _)| t == team).expect("a team of the competition").1.clone()
    }

    /// The address it listens on, `127.0.0.1:PORT`.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

/// A fresh folder for one test's databases.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hardcall-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn serve(database: &Path) -> Server {
    serve_on(&format!("sqlite:{}", database.display()))
}

/// A server allowing `rate` requests a second from one address.
pub fn serve_with(database: &Path, rate: u32) -> Server {
    serve_full(&format!("sqlite:{}", database.display()), rate, "127.0.0.1:0")
}

/// A server on the database `--database` names (a SQLite file or a PostgreSQL).
pub fn serve_on(database: &str) -> Server {
    serve_full(database, 30, "127.0.0.1:0")
}

/// A server of the shipped autumn cup on `database`, listening on `bind`.
pub fn serve_full(database: &str, rate: u32, bind: &str) -> Server {
    let mut command =
        super::hardcall(&["serve", "--competition", "scenarios/competitions/autumn-cup.ron", "--bind", bind]);
    command.args(["--rate-limit", &rate.to_string(), "--database", database]);
    started(command)
}

/// The server `command` (a `hardcall serve`) starts, once it has printed where it listens.
pub fn started(command: Command) -> Server {
    started_logging(command, Stdio::null())
}

/// The same, its log (what it writes to stderr) going to `log`.
pub fn started_logging(mut command: Command, log: impl Into<Stdio>) -> Server {
    let mut child = command.stdout(Stdio::piped()).stderr(log).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut codes, mut token) = (String::new(), Vec::new(), String::new());
    while token.is_empty() {
        let line = lines.next().expect("the server prints its address, codes and token").unwrap();
        if let Some(at) = line.split("serving on ").nth(1) {
            url = at.trim().to_owned();
        } else if let Some(rest) = line.trim().strip_prefix("team ") {
            let (team, code) = rest.split_once(": join code ").unwrap();
            codes.push((team.to_owned(), code.to_owned()));
        } else if let Some(t) = line.trim().strip_prefix("organiser token: ") {
            token = t.to_owned();
        }
    }
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url, codes, token }
}
