//! Playing a scenario in the terminal: the customer's line, the mood, numbered replies,
//! then the debrief; or, for `play --choices`, the given replies without asking. Generic
//! over input and output so it is tested like everything else.

use crate::authoring::load::{LoadedScenario, Variant};
use crate::cli::debrief::render_debrief;
use crate::engine::card::{OfferedReply, ScoreCard, score_card};
use crate::engine::model::CompiledScenario;
use crate::engine::mood::Mood;
use crate::engine::session::{Event, Session};
use crate::records::time::now_ms;
use std::io::{BufRead, Write};

/// A 20-character bar for a 0..100 meter.
pub fn meter(value: i32) -> String {
    let filled = (value.clamp(0, 100) as usize).div_ceil(5);
    format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled))
}

fn mood_line(mood: Mood) -> String {
    format!("temper {} {:>3}   trust {} {:>3}", meter(mood.temper), mood.temper, meter(mood.trust), mood.trust)
}

fn dossier(scenario: &CompiledScenario) -> String {
    let file = &scenario.file;
    let mut out = format!("{} — {} ({}), {}\n", file.title, file.customer.name, scenario.profile, file.channel.how());
    let profiles = file.profiles();
    if profiles.len() > 1 {
        let all: Vec<String> = profiles.iter().map(ToString::to_string).collect();
        out.push_str(&format!("Personalities this customer can be played with: {} (--disc)\n", all.join(", ")));
    }
    for (title, items) in [
        ("Account", &file.customer.dossier.facts),
        ("Open tickets", &file.customer.dossier.tickets),
        ("Notes", &file.customer.dossier.notes),
    ] {
        if !items.is_empty() {
            out.push_str(&format!("{title}:\n"));
            for item in items {
                out.push_str(&format!("  • {item}\n"));
            }
        }
    }
    out
}

/// A conversation finished in the terminal, with what an attempt record needs.
pub struct Played {
    pub session: Session,
    pub card: ScoreCard,
    pub response_ms: Vec<u64>,
    pub started_at_ms: i64,
    pub ended_at_ms: i64,
}

/// Plays one conversation interactively. Returns the finished conversation, or `None` if the
/// player quit or the input ended first. What is printed comes from the session's events.
pub fn play_interactive(
    loaded: &LoadedScenario,
    variant: usize,
    seed: u64,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> std::io::Result<Option<Played>> {
    resume_interactive(loaded, variant, seed, None, input, output)
}

/// Like [`play_interactive`], resuming after the replies `before` (file positions), if given:
/// they are replayed and printed as the conversation so far, taking no time, and the trainee
/// chooses again from there. How a mistake is gone back to in the terminal.
pub fn resume_interactive(
    loaded: &LoadedScenario,
    variant: usize,
    seed: u64,
    before: Option<&[usize]>,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> std::io::Result<Option<Played>> {
    let variant = &loaded.variants[variant];
    let scenario = &variant.scenario;
    let name = scenario.file.customer.name.as_str();
    let started_at_ms = now_ms();
    let mut response_ms = Vec::new();
    let (mut session, mut events) = Session::start(scenario.clone(), seed);
    writeln!(output, "\n{}", dossier(scenario))?;
    writeln!(output, "{}\n", scenario.file.summary)?;
    for &position in before.unwrap_or_default() {
        if session.is_over() {
            break;
        }
        for event in events.drain(..) {
            show(&event, name, output)?;
        }
        let Ok(happened) = session.choose(position) else { break };
        for event in &happened {
            if let Event::Replied { text, .. } = event {
                writeln!(output, "You: \"{text}\"")?;
            }
        }
        response_ms.push(0);
        events = happened;
    }
    if let Some(before) = before {
        writeln!(
            output,
            "\n  (Back at turn {}: the conversation so far is as it was. Choose again.)\n",
            before.len() + 1
        )?;
    }
    loop {
        for event in events.drain(..) {
            show(&event, name, output)?;
        }
        if session.is_over() {
            break;
        }
        writeln!(output, "  {}", mood_line(session.mood()))?;
        let offer = session.offer();
        for (i, text) in offer.iter().enumerate() {
            writeln!(output, "  {}. {text}", i + 1)?;
        }
        let offered = offer.len();
        let asked = std::time::Instant::now();
        loop {
            write!(output, "Your reply (1-{offered}, d for the dossier, q to quit): ")?;
            output.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(output)?;
                return Ok(None);
            }
            match line.trim() {
                "q" | "Q" => return Ok(None),
                "d" | "D" => writeln!(output, "\n{}", dossier(scenario))?,
                answer => match answer.parse::<usize>().ok().map(|n| session.choose_shown(n)) {
                    Some(Ok(happened)) => {
                        response_ms.push(asked.elapsed().as_millis() as u64);
                        events = happened;
                        break;
                    }
                    Some(Err(err)) => writeln!(output, "{err}")?,
                    None => writeln!(output, "Type a number from 1 to {offered}.")?,
                },
            }
        }
        writeln!(output)?;
    }
    let card = score_card(&session, &variant.analysis);
    writeln!(output, "\n{}", render_debrief(&card))?;
    Ok(Some(Played { session, card, response_ms, started_at_ms, ended_at_ms: now_ms() }))
}

/// Prints one event: the customer's lines, the ending with its outcome, and a threshold
/// crossed (the trainee's own reply was just typed, so it is not echoed).
fn show(event: &Event, name: &str, output: &mut impl Write) -> std::io::Result<()> {
    match event {
        Event::CustomerSays { text, .. } => writeln!(output, "{name}: \"{text}\""),
        Event::Ended { outcome, text: Some(text), .. } => writeln!(output, "{name}: \"{text}\"  [{outcome}]"),
        Event::ThresholdCrossed { .. } => {
            writeln!(output, "  ! {name}'s mood has changed where this conversation goes.")
        }
        Event::Replied { .. } | Event::Ended { text: None, .. } => Ok(()),
    }
}

/// A conversation with the customer as `variant`, their lines picked by `seed`.
fn start(variant: &Variant, seed: u64) -> Session {
    Session::start(variant.scenario.clone(), seed).0
}

/// Where `play --choices` got to: the whole conversation, or the turn its replies ran out.
pub enum Replayed {
    Finished(ScoreCard),
    /// The replies ran out before an ending: the turns so far (a card without an ending),
    /// what the customer says now, and the replies on offer in the order shown.
    Unfinished {
        card: ScoreCard,
        line: String,
        offer: Vec<OfferedReply>,
        message: String,
    },
}

/// Plays the replies of `play --choices` (1-based file positions, in order) without asking.
/// The same seed and replies give the same card as playing them by hand; replies that run out
/// early give the conversation so far and the offer, so a tool can drive it step by step.
pub fn play_choices(variant: &Variant, seed: u64, choices: &[usize]) -> Result<Replayed, String> {
    let mut session = start(variant, seed);
    if let Err((turn, err)) = session.play(choices) {
        return Err(format!("reply {} of --choices (turn {}): {err}", turn + 1, turn + 1));
    }
    let card = score_card(&session, &variant.analysis);
    if session.is_over() {
        return Ok(Replayed::Finished(card));
    }
    let offer = session
        .shown()
        .iter()
        .copied()
        .zip(session.offer())
        .enumerate()
        .map(|(k, (position, text))| OfferedReply { position, shown: k + 1, text: text.to_owned() })
        .collect::<Vec<_>>();
    let message = format!(
        "the conversation is not over after {} replies; {} more are on offer at turn {}",
        choices.len(),
        offer.len(),
        choices.len() + 1
    );
    Ok(Replayed::Unfinished { card, line: session.current_line().unwrap_or("").to_owned(), offer, message })
}

/// Lists scenarios and plays the one the user picks, until they quit; `finished` is called
/// with every conversation that ends.
pub fn pick_and_play(
    scenarios: &[LoadedScenario],
    seed: u64,
    input: &mut impl BufRead,
    output: &mut impl Write,
    finished: &mut dyn FnMut(&LoadedScenario, &Played),
) -> std::io::Result<()> {
    loop {
        writeln!(output, "Hard Call: pick a customer to talk to.")?;
        for (i, loaded) in scenarios.iter().enumerate() {
            let file = loaded.file();
            writeln!(
                output,
                "  {}. {} — {} ({}, {}, {})",
                i + 1,
                file.title,
                file.customer.name,
                file.customer.disc,
                file.channel,
                file.difficulty
            )?;
        }
        write!(output, "Scenario (1-{}, q to quit): ", scenarios.len())?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 || matches!(line.trim(), "q" | "Q") {
            return Ok(());
        }
        match line.trim().parse::<usize>() {
            Ok(n) if (1..=scenarios.len()).contains(&n) => {
                match play_interactive(&scenarios[n - 1], 0, seed, input, output)? {
                    Some(played) => finished(&scenarios[n - 1], &played),
                    None => writeln!(output, "Conversation abandoned.")?,
                }
            }
            _ => writeln!(output, "Type a number from 1 to {}.", scenarios.len())?,
        }
    }
}
