//! `serve` and `join`: a live competition from the command line. `serve` loads the
//! competition and its scenarios, prints the address, one join code per team and the
//! organiser token, and runs until stopped; `join` plays it in the terminal, turn by turn,
//! against the server.

use crate::cli::Context;
use crate::cli::error::CliError;
use crate::records::competition::load_competition_file;
use crate::records::store;
use crate::server::db::Db;
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// `serve --competition FILE [--bind ADDRESS] [--database sqlite:PATH]`.
pub fn serve(
    ctx: &Context,
    file: &Path,
    bind: SocketAddr,
    database: Option<&str>,
    rate_limit: u32,
) -> Result<ExitCode, CliError> {
    let library = ctx.library();
    let competition = load_competition_file(file, &library)?;
    let (db, kept) = match database {
        Some(url) => {
            let db = Db::open_url(url).map_err(|message| CliError::new(2, message))?;
            (db, crate::server::db::without_password(url))
        }
        None => {
            let dir = store::data_dir(ctx.data_dir.as_deref())
                .ok_or_else(|| CliError::new(2, "no data folder on this system; pass --database sqlite:PATH"))?;
            std::fs::create_dir_all(&dir)
                .map_err(|err| CliError::new(1, format!("cannot create {}: {err}", dir.display())))?;
            let path = dir.join("live.sqlite");
            (Db::open(&path).map_err(|message| CliError::new(1, message))?, path.display().to_string())
        }
    };
    let name = competition.name.clone();
    crate::server::serve(competition, library, db, bind, rate_limit, |started| {
        println!("{name}: serving on http://{}", started.address);
        println!("  leaderboard: http://{}/", started.address);
        println!("  conversations kept in {kept}");
        for (team, code) in &started.codes {
            println!("  team {team}: join code {code}");
        }
        println!("  organiser token: {}", started.organiser_token);
        let _ = std::io::stdout().flush();
    })
    .map_err(|message| CliError::new(1, message))?;
    Ok(ExitCode::SUCCESS)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_recv_response(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// A request to the server: its JSON answer, or its `error` sentence.
fn call(agent: &ureq::Agent, url: &str, body: Option<Value>) -> Result<Value, String> {
    let response = match body {
        Some(body) => agent.post(url).header("Content-Type", "application/json").send(body.to_string()),
        None => agent.get(url).call(),
    }
    .map_err(|err| format!("cannot reach the server: {err}"))?;
    let status = response.status();
    let text =
        response.into_body().read_to_string().map_err(|err| format!("cannot read the server's answer: {err}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|_| format!("the server answered {status}: {text}"))?;
    if status.is_success() {
        Ok(value)
    } else {
        Err(value["error"].as_str().map_or_else(|| format!("the server answered {status}"), str::to_owned))
    }
}

/// `join URL --code CODE --trainee NAME [--round N]`.
pub fn join(url: &str, code: &str, trainee: &str, round: Option<usize>) -> Result<ExitCode, CliError> {
    let base = url.trim_end_matches('/');
    let agent = agent();
    let joined = call(&agent, &format!("{base}/api/join"), Some(json!({ "trainee": trainee, "code": code })))
        .map_err(|message| CliError::new(1, message))?;
    println!(
        "{} joined {} for team {}.",
        trainee,
        joined["competition"].as_str().unwrap_or("the competition"),
        joined["team"].as_str().unwrap_or("")
    );
    let rounds = joined["rounds"].as_array().cloned().unwrap_or_default();
    let wanted: Vec<usize> = match round {
        Some(n) => vec![n],
        None => (1..=rounds.len()).collect(),
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    for n in wanted {
        let mut view =
            call(&agent, &format!("{base}/api/start"), Some(json!({ "trainee": trainee, "code": code, "round": n })))
                .map_err(|message| CliError::new(1, message))?;
        println!(
            "\n── Round {n}: {} ({}, {}) ──",
            view["title"].as_str().unwrap_or(""),
            view["customer"].as_str().unwrap_or(""),
            view["channel"].as_str().unwrap_or("")
        );
        let session = view["session"].as_str().unwrap_or_default().to_owned();
        while !view["finished"].as_bool().unwrap_or(true) {
            println!(
                "\n{}: \"{}\"   [temper {}, trust {}]",
                view["customer"].as_str().unwrap_or(""),
                view["line"].as_str().unwrap_or(""),
                view["temper"],
                view["trust"]
            );
            let offer = view["offer"].as_array().cloned().unwrap_or_default();
            let shown_at = std::time::Instant::now();
            for reply in &offer {
                println!("  {}. {}", reply["shown"], reply["text"].as_str().unwrap_or(""));
            }
            let shown = loop {
                print!("Your reply (1-{}, q to stop): ", offer.len());
                let _ = std::io::stdout().flush();
                let mut line = String::new();
                if input.read_line(&mut line).map_err(|err| CliError::new(1, err.to_string()))? == 0
                    || line.trim() == "q"
                {
                    println!("\nStopped. The conversation waits on the server at this turn.");
                    return Ok(ExitCode::SUCCESS);
                }
                match line.trim().parse::<usize>() {
                    Ok(n) if (1..=offer.len()).contains(&n) => break n,
                    _ => println!("Type a number from 1 to {}.", offer.len()),
                }
            };
            // The server refuses a reply faster than a person reads; typed-ahead input waits
            // out the rest of that moment instead of being refused.
            let minimum = Duration::from_millis(crate::server::HUMAN_MIN_REPLY_MS + 50);
            if let Some(rest) = minimum.checked_sub(shown_at.elapsed()) {
                std::thread::sleep(rest);
            }
            view = call(
                &agent,
                &format!("{base}/api/sessions/{session}/reply"),
                Some(json!({ "shown": shown, "trainee": trainee })),
            )
            .map_err(|message| CliError::new(1, message))?;
        }
        let score = &view["card"]["score"];
        println!("\n{}: \"{}\"", view["customer"].as_str().unwrap_or(""), view["line"].as_str().unwrap_or(""));
        println!("Round {n} over: {}%, grade {}.", score["percent"], score["grade"].as_str().unwrap_or(""));
    }
    println!("\nThe leaderboard is at {base}/");
    Ok(ExitCode::SUCCESS)
}
