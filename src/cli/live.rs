//! `serve` and `join`: a live competition from the command line. `serve` loads the
//! competition and its scenarios, prints the address, one join code per team and the
//! organiser token, and runs until stopped; `join` plays it in the terminal, turn by turn,
//! against the server.

use crate::cli::Context;
use crate::cli::error::CliError;
use crate::records::competition::load_competition_file;
use crate::records::live::{Client, LiveError};
use crate::records::store;
use crate::server::db::Db;
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
    connections: usize,
) -> Result<ExitCode, CliError> {
    let library = ctx.library();
    let competition = load_competition_file(file, &library)?;
    let (url, kept) = match database {
        Some(url) => {
            Db::open_url(url).map_err(|message| CliError::new(2, message))?;
            (url.to_owned(), crate::server::db::without_password(url))
        }
        None => {
            let dir = store::data_dir(ctx.data_dir.as_deref())
                .ok_or_else(|| CliError::new(2, "no data folder on this system; pass --database sqlite:PATH"))?;
            std::fs::create_dir_all(&dir)
                .map_err(|err| CliError::new(1, format!("cannot create {}: {err}", dir.display())))?;
            let path = dir.join("live.sqlite");
            (format!("sqlite:{}", path.display()), path.display().to_string())
        }
    };
    let db = (0..connections)
        .map(|_| Db::open_url(&url))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| CliError::new(1, message))?;
    let name = competition.name.clone();
    crate::server::serve(competition, library, db, bind, rate_limit, |started| {
        println!("{name}: serving on http://{}", started.address);
        println!("  leaderboard: http://{}/", started.address);
        println!("  conversations kept in {kept} ({connections} connection(s))");
        for (team, code) in &started.codes {
            println!("  team {team}: join code {code}");
        }
        println!("  organiser token: {}", started.organiser_token);
        let _ = std::io::stdout().flush();
    })
    .map_err(|message| CliError::new(1, message))?;
    Ok(ExitCode::SUCCESS)
}

/// `join URL --code CODE --trainee NAME [--round N]`.
pub fn join(url: &str, code: &str, trainee: &str, round: Option<usize>) -> Result<ExitCode, CliError> {
    let client = Client::new(url, Duration::from_secs(10), Duration::from_secs(20)).map_err(|m| CliError::new(2, m))?;
    let failed = |err: LiveError| CliError::new(1, err.to_string());
    let joined = client.join(trainee, code).map_err(failed)?;
    println!("{} joined {} for team {}.", joined.trainee, joined.competition, joined.team);
    for rule in &joined.rules {
        println!("  - {rule}");
    }
    let wanted: Vec<usize> = match round {
        Some(n) => vec![n],
        None => (1..=joined.rounds.len()).collect(),
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    for n in wanted {
        let mut view = client.start(trainee, code, n).map_err(failed)?;
        println!("\n── Round {n}: {} ({}, {}) ──", view.title, view.customer, view.channel);
        while !view.finished {
            println!("\n{}: \"{}\"   [temper {}, trust {}]", view.customer, view.line, view.temper, view.trust);
            let shown_at = std::time::Instant::now();
            for reply in &view.offer {
                println!("  {}. {}", reply.shown, reply.text);
            }
            let count = view.offer.len();
            let shown = loop {
                print!("Your reply (1-{count}, q to stop): ");
                let _ = std::io::stdout().flush();
                let mut line = String::new();
                if input.read_line(&mut line).map_err(|err| CliError::new(1, err.to_string()))? == 0
                    || line.trim() == "q"
                {
                    println!("\nStopped. The conversation waits on the server at this turn.");
                    return Ok(ExitCode::SUCCESS);
                }
                match line.trim().parse::<usize>() {
                    Ok(n) if (1..=count).contains(&n) => break n,
                    _ => println!("Type a number from 1 to {count}."),
                }
            };
            view = client.reply(&view.session, trainee, view.turn, shown, shown_at).map_err(failed)?;
        }
        println!("\n{}: \"{}\"", view.customer, view.line);
        match (&view.card, &view.sealed) {
            (Some(card), _) => {
                println!("Round {n} over: {}%, grade {}.", card.score.percent, card.score.grade);
                for turn in &card.turns {
                    let best = if turn.took_best { "the best reply" } else { "best was" };
                    println!("  {}. you: \"{}\" ({best}: \"{}\")", turn.turn, turn.choice.text, turn.best.text);
                }
            }
            (None, Some(sealed)) => {
                println!("Round {n} over: {}%, grade {}.", sealed.percent, sealed.grade);
                for turn in &sealed.turns {
                    println!("  {}. you: \"{}\"", turn.turn, turn.reply);
                    if let Some(feedback) = &turn.feedback {
                        println!("     {feedback}");
                    }
                }
                println!("  ({}.)", sealed.unlocks);
            }
            (None, None) => println!("Round {n} over."),
        }
    }
    println!("\nThe leaderboard is at {}/", client.base());
    Ok(ExitCode::SUCCESS)
}
