//! Conversations in the terminal: `play` (by hand, or with `--choices` for scripts), and the
//! picker `hardcall` falls back to where no window opens. A conversation finished by hand is
//! stored in the attempt history.

use crate::authoring::load::{LoadedScenario, load_scenarios};
use crate::cli::Context;
use crate::cli::debrief::render_debrief;
use crate::cli::error::CliError;
use crate::cli::terminal::{self, Played, Replayed};
use crate::engine::card::{OfferedReply, ScoreCard};
use crate::engine::disc::DiscStyle;
use crate::records::attempts::Attempt;
use std::path::Path;
use std::process::ExitCode;

/// `play`: by hand, or the replies of `--choices` with the debrief (or its JSON) printed.
pub fn play(
    ctx: &Context,
    path: &Path,
    seed: u64,
    choices: Option<&[usize]>,
    disc: Option<&str>,
    json: bool,
) -> Result<ExitCode, CliError> {
    let loaded = ctx.load(path)?;
    let variant = match disc {
        None => 0,
        Some(letter) => variant_for(&loaded, letter)?,
    };
    // `--json` alone: the opening line and the offer, so a tool can drive the conversation
    // one reply at a time from the very first.
    let opening_only = choices.is_none() && json;
    let Some(choices) = choices.or(opening_only.then_some(&[][..])) else {
        let stdin = std::io::stdin();
        let played = terminal::play_interactive(&loaded, variant, seed, &mut stdin.lock(), &mut std::io::stdout())
            .map_err(|err| CliError::new(1, err))?;
        if let Some(played) = played {
            record_attempt(ctx, &ctx.trainee(), &loaded, &played);
        }
        return Ok(ExitCode::SUCCESS);
    };
    match terminal::play_choices(&loaded.variants[variant], seed, choices).map_err(|m| CliError::new(1, m))? {
        Replayed::Finished(card) if json => {
            let mut value = serde_json::to_value(&card).expect("score cards always serialise");
            value["finished"] = true.into();
            println!("{}", serde_json::to_string_pretty(&value).expect("JSON always prints"));
        }
        Replayed::Finished(card) => print!("{}", render_debrief(&card)),
        Replayed::Unfinished { card, line, offer, message } => {
            if json {
                let mut value = serde_json::to_value(&card).expect("score cards always serialise");
                value["finished"] = false.into();
                value["customer"] = line.into();
                value["offer"] = serde_json::to_value(&offer).expect("offers always serialise");
                value["personalities"] =
                    loaded.variants.iter().map(|v| v.scenario.profile.to_string()).collect::<Vec<_>>().into();
                // The briefing a trainee reads before the first reply: what a tool needs to
                // play as a person would.
                let file = loaded.file();
                value["summary"] = file.summary.clone().into();
                value["channel"] = file.channel.label().into();
                value["dossier"] = serde_json::to_value(&file.customer.dossier).expect("dossiers always serialise");
                println!("{}", serde_json::to_string_pretty(&value).expect("JSON always prints"));
            } else {
                print!("{}", render_so_far(&card, &line, &offer));
            }
            if opening_only {
                return Ok(ExitCode::SUCCESS);
            }
            // Still an error for scripts that expect a whole conversation; what was printed
            // lets a tool go on with one more reply.
            return Err(CliError::new(1, message));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The conversation so far and what is on offer now, for `play --choices` that stops early:
/// each reply with the number `--choices` takes and the number it is shown under.
fn render_so_far(card: &ScoreCard, line: &str, offer: &[OfferedReply]) -> String {
    let mut out = format!("── So far: {} ({} as {}) ──\n", card.title, card.customer, card.disc);
    for turn in &card.turns {
        out.push_str(&format!("\nTurn {}: \"{}\"\n", turn.turn, turn.customer));
        out.push_str(&format!("  You said ({:+}): {}\n", turn.choice.points, turn.choice.text));
    }
    out.push_str(&format!(
        "\nTurn {}: \"{line}\"\n  On offer (--choices number, then as shown):\n",
        card.turns.len() + 1
    ));
    for reply in offer {
        out.push_str(&format!("  {}. [shown {}] {}\n", reply.position, reply.shown, reply.text));
    }
    out
}

/// The personality `--disc` asks for, among those the scenario offers.
fn variant_for(loaded: &LoadedScenario, letter: &str) -> Result<usize, CliError> {
    let Some(style) = DiscStyle::from_letter(letter) else {
        return Err(CliError::new(2, format!("unknown DISC style `{letter}`; use D, I, S or C")));
    };
    loaded.variants.iter().position(|v| v.scenario.profile.primary == style).ok_or_else(|| {
        let offered: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.to_string()).collect();
        CliError::new(2, format!("{} cannot be played as {style}; it offers {}", loaded.id(), offered.join(", ")))
    })
}

/// `hardcall` without a subcommand, when no window was opened: the flags only the game
/// understands are refused, then the picker runs (saying why, unless `--terminal` asked).
pub fn without_window(ctx: &Context, scripted: bool) -> Result<ExitCode, CliError> {
    // Why no window opened (no display, no graphics adapter) was said where it was found.
    if cfg!(feature = "gui") {
        if scripted {
            return Err(CliError::new(
                2,
                "--screenshots and --bench-frames need a display and a graphics adapter (is $DISPLAY set? try xvfb-run)",
            ));
        }
    } else if scripted {
        return Err(CliError::new(2, "this build has no game window (built without the `gui` feature)"));
    }
    pick(ctx)
}

/// Lists the scenarios folder and plays what the trainee picks until they quit. Files that
/// do not load are reported and left out of the list.
fn pick(ctx: &Context) -> Result<ExitCode, CliError> {
    let results = load_scenarios(std::slice::from_ref(&ctx.scenarios), &ctx.knowledge)
        .map_err(|message| CliError::new(1, message))?;
    let mut scenarios = Vec::new();
    for result in results {
        match result {
            Ok(loaded) => scenarios.push(loaded),
            Err(failure) => eprint!("{}", failure.render()),
        }
    }
    if scenarios.is_empty() {
        return Err(CliError::new(1, format!("no playable scenarios in {}", ctx.scenarios.display())));
    }
    // A different customer line each session; `play --seed` is there for a repeatable one.
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let stdin = std::io::stdin();
    let trainee = ctx.trainee();
    let mut record = |loaded: &LoadedScenario, played: &Played| record_attempt(ctx, &trainee, loaded, played);
    terminal::pick_and_play(&scenarios, seed, &mut stdin.lock(), &mut std::io::stdout(), &mut record)
        .map_err(|err| CliError::new(1, err))?;
    Ok(ExitCode::SUCCESS)
}

/// Stores a conversation finished in the terminal; a history that cannot be written is
/// reported, and the debrief the trainee just read is not lost to an error.
fn record_attempt(ctx: &Context, trainee: &str, loaded: &LoadedScenario, played: &Played) {
    let attempt = Attempt::record(
        loaded,
        &played.session,
        &played.card,
        trainee,
        None,
        played.response_ms.clone(),
        played.started_at_ms,
        played.ended_at_ms,
    );
    match ctx.open_store(true).and_then(|mut store| store.insert(&attempt).map_err(|err| err.to_string())) {
        Ok(_) => println!("Saved to your history as {trainee}."),
        Err(message) => eprintln!("warning: this attempt was not saved: {message}"),
    }
}
