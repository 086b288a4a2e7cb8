//! Progress in the terminal: `progress` (one trainee's strategies, streak, weekly goal,
//! practice plan and mistakes to review; `--review N` goes back to one) and `report` (the cohort for a trainer, as text,
//! HTML and CSV). Every attempt is replayed before it counts; the model is in
//! `records::progress`.

use crate::cli::Context;
use crate::cli::error::CliError;
use crate::cli::terminal::resume_interactive;
use crate::records::attempts::{Attempt, Review};
use crate::records::progress::bkt::ONE;
use crate::records::progress::cohort::{STUCK_CHANCES, cohort};
use crate::records::progress::history::{Gathered, gather};
use crate::records::progress::learner::{LearnerProgress, Mistake, SkillProgress, SkillState, Tally};
use crate::records::progress::page::cohort_page;
use crate::records::progress::spreadsheet::cohort_csv;
use crate::records::progress::{Clock, Options, Pick, learner_progress, offers, plan};
use crate::records::settings::write_text_atomically;
use crate::records::time::{local_offset_minutes, now_ms, parse_utc};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Now, or the end of `--as-of`'s day in this machine's time zone.
fn clock(as_of: Option<&str>) -> Result<Clock, CliError> {
    let now = now_ms();
    let Some(date) = as_of else {
        return Ok(Clock { now_ms: now, utc_offset_minutes: local_offset_minutes(now) });
    };
    let midnight = parse_utc(&format!("{date}T00:00:00Z"))
        .ok_or_else(|| CliError::new(2, format!("--as-of wants a date such as 2026-11-26, not `{date}`")))?;
    let offset = local_offset_minutes(midnight);
    let end = midnight + 86_400_000 - 1 - i64::from(offset) * 60_000;
    Ok(Clock { now_ms: end, utc_offset_minutes: offset })
}

/// The attempts of `trainee` (everyone with `None`), replayed, with those that do not
/// replay named on standard error and those after the clock left out.
fn evidence(ctx: &Context, trainee: Option<&str>, clock: &Clock) -> Result<Gathered, CliError> {
    let store = ctx.open_store(false).map_err(|message| CliError::new(1, message))?;
    let library = ctx.library();
    let mut gathered =
        gather(&store, &library, &ctx.knowledge, trainee).map_err(|message| CliError::new(1, message))?;
    for damaged in store.unreadable() {
        eprintln!("warning: attempt {damaged}; it was left out");
    }
    // What was replayed now is kept for next time when the history can be written; a
    // history that cannot is only slower to read.
    if !gathered.fresh.is_empty()
        && let Ok(mut writable) = ctx.open_store(true)
    {
        let _ = gathered.keep(&mut writable);
    }
    for skipped in &gathered.skipped {
        eprintln!("note: attempt {} ({}) left out: {}", skipped.attempt, skipped.trainee, skipped.reason);
    }
    gathered.evidence.retain(|e| e.ended_at_ms <= clock.now_ms);
    Ok(gathered)
}

/// `progress`: one trainee's progress and plan, or with `review` a mistake gone back to.
pub fn progress(
    ctx: &Context,
    json: bool,
    goal: u32,
    as_of: Option<&str>,
    review: Option<usize>,
) -> Result<ExitCode, CliError> {
    let clock = clock(as_of)?;
    let trainee = ctx.trainee();
    let gathered = evidence(ctx, Some(&trainee), &clock)?;
    let options = Options { weekly_goal: goal.max(1), ..Options::new(clock) };
    let progress = learner_progress(&trainee, &gathered.evidence, &ctx.knowledge.catalogue, &options);
    if let Some(n) = review {
        return review_mistake(ctx, &progress, n);
    }
    let library = ctx.library();
    let picks = plan(&progress, &offers(&library));
    if json {
        let value = serde_json::json!({ "progress": progress, "plan": picks });
        println!("{}", serde_json::to_string_pretty(&value).expect("progress always serialises"));
    } else {
        print!("{}", render_progress(&progress, &picks, &ctx.scenarios));
    }
    Ok(ExitCode::SUCCESS)
}

/// `report`: the cohort of everyone in the history.
pub fn report(
    ctx: &Context,
    html: Option<&Path>,
    csv: Option<&Path>,
    json: bool,
    as_of: Option<&str>,
    title: Option<&str>,
) -> Result<ExitCode, CliError> {
    let clock = clock(as_of)?;
    let gathered = evidence(ctx, None, &clock)?;
    let cohort = cohort(&gathered.evidence, &ctx.knowledge.catalogue, &Options::new(clock));
    let title = title.unwrap_or("Onboarding progress");
    if let Some(path) = html {
        write_text_atomically(path, &cohort_page(&cohort, title)).map_err(|message| CliError::new(1, message))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = csv {
        write_text_atomically(path, &cohort_csv(&cohort)).map_err(|message| CliError::new(1, message))?;
        eprintln!("wrote {}", path.display());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&cohort).expect("a cohort always serialises"));
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{title} · {} learner(s) · as of {}", cohort.learners.len(), cohort.today);
    if cohort.learners.is_empty() {
        out.push_str("  No conversations in the history yet.\n");
    }
    for learner in &cohort.learners {
        let weakest: Vec<String> =
            weakest(learner, 3).iter().map(|s| format!("{} {}", s.name, tally_text(s.tally))).collect();
        let _ = writeln!(
            out,
            "  {:<24} {:>2} mastered · {:>2} due · {:>2} practising · {:>3} conversations · last {}{}",
            learner.trainee,
            learner.count(SkillState::Mastered),
            learner.count(SkillState::DueForReview),
            learner.count(SkillState::Practising),
            learner.attempts,
            learner.last_practice.map_or_else(|| "never".to_owned(), |d| d.date()),
            if weakest.is_empty() { String::new() } else { format!(" · to work on: {}", weakest.join(", ")) }
        );
    }
    if !cohort.weakest.is_empty() {
        out.push_str("\nThe cohort's weakest strategies\n");
        for id in &cohort.weakest {
            if let Some(skill) = cohort.skill(id) {
                let _ = writeln!(
                    out,
                    "  {:<40} {:>3}% taken ({}), mastered by {} of {}",
                    skill.name,
                    skill.tally.percent(),
                    tally_text(skill.tally),
                    skill.mastered,
                    skill.learners
                );
            }
        }
    }
    let _ = writeln!(out, "\nStuck ({STUCK_CHANCES} or more chances, estimate still under 50%)");
    if cohort.stuck.is_empty() {
        out.push_str("  nobody\n");
    }
    for s in &cohort.stuck {
        let _ = writeln!(out, "  {:<24} {:<40} {}", s.trainee, s.name, tally_text(s.tally));
    }
    out.push_str("\nNot practised for a week\n");
    if cohort.idle.is_empty() {
        out.push_str("  nobody\n");
    }
    for idle in &cohort.idle {
        let _ = writeln!(out, "  {:<24} last practised {} ({} days ago)", idle.trainee, idle.last_practice, idle.days);
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn tally_text(t: Tally) -> String {
    format!("{} of {}", t.taken, t.offered)
}

fn percent(ppm: u64) -> u64 {
    (ppm * 100 + ONE / 2) / ONE
}

/// The skills needing most work: due first, then practising by estimate.
fn weakest(progress: &LearnerProgress, n: usize) -> Vec<&SkillProgress> {
    let mut needing: Vec<&SkillProgress> = progress.skills.iter().filter(|s| s.needs_work()).collect();
    needing.sort_by_key(|s| (s.state != SkillState::DueForReview, s.estimate));
    needing.truncate(n);
    needing
}

/// The progress as the terminal shows it.
pub fn render_progress(progress: &LearnerProgress, picks: &[Pick], scenarios: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Progress of {} · {}", progress.trainee, progress.today);
    let _ = writeln!(
        out,
        "  {} conversation(s), {} mistake(s) reviewed · {} day{} in a row{} · this week {} of {} conversations",
        progress.attempts,
        progress.reviews,
        progress.streak,
        if progress.streak == 1 { "" } else { "s" },
        if progress.practised_today { " (practised today)" } else { "" },
        progress.week.done,
        progress.week.goal
    );
    out.push_str("\nPractise next\n");
    if picks.is_empty() {
        out.push_str("  Nothing left that the scenarios here can teach: every strategy they offer is mastered.\n");
    }
    for (i, pick) in picks.iter().enumerate() {
        let path = scenarios.join(pick.file_name.rsplit('/').next().unwrap_or(&pick.file_name));
        let letter = pick.disc.chars().next().unwrap_or('D');
        let _ = writeln!(out, "  {}. {} · {} ({})", i + 1, pick.title, pick.customer, pick.disc);
        let _ = writeln!(out, "     {}", pick.reason);
        let _ = writeln!(out, "     hardcall play {} --disc {letter}", shown(&path));
    }
    let groups = [
        (SkillState::DueForReview, "Due for review"),
        (SkillState::Practising, "Practising"),
        (SkillState::Mastered, "Mastered"),
    ];
    for (state, title) in groups {
        let mut rows: Vec<&SkillProgress> = progress.skills.iter().filter(|s| s.state == state).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by_key(|s| s.estimate);
        let _ = writeln!(out, "\n{title:<42} taken      first → latest   known   review on");
        for s in rows {
            let first_latest = match (s.first, s.latest) {
                (Some(a), Some(b)) => format!("{}/{} → {}/{}", a.taken, a.offered, b.taken, b.offered),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:<40} {:>4} of {:<3} {:<16} {:>4}%   {}",
                s.name,
                s.tally.taken,
                s.tally.offered,
                first_latest,
                percent(s.estimate),
                s.review_on.map(|d| d.date()).unwrap_or_default()
            );
        }
    }
    let new: Vec<&str> =
        progress.skills.iter().filter(|s| s.state == SkillState::New).map(|s| s.name.as_str()).collect();
    if !new.is_empty() {
        let _ = writeln!(out, "\nNot met yet ({}): {}", new.len(), new.join(", "));
    }
    let open = turns_to_review(progress);
    if !open.is_empty() {
        let _ = writeln!(out, "\nMistakes to go back to ({}), newest first", open.len());
        for (i, (m, names)) in open.iter().enumerate().take(10) {
            let _ = writeln!(
                out,
                "  {}. {} · {} ({}) turn {}: {}",
                i + 1,
                &crate::records::time::timestamp(m.at_ms)[..10],
                m.scenario,
                m.disc,
                m.turn + 1,
                names.join(", ")
            );
        }
        out.push_str(
            "  hardcall progress --review 1 resumes the first at that turn; in the game, P on the picker or M on the debrief.\n",
        );
    }
    out
}

/// The turns to go back to, newest first: each an attempt and a turn, with every
/// anti-pattern committed there.
fn turns_to_review(progress: &LearnerProgress) -> Vec<(&Mistake, Vec<&str>)> {
    let mut turns: Vec<(&Mistake, Vec<&str>)> = Vec::new();
    for m in progress.to_review() {
        match turns.iter_mut().find(|(first, _)| first.attempt == m.attempt && first.turn == m.turn) {
            Some((_, names)) => names.push(&m.name),
            None => turns.push((m, vec![&m.name])),
        }
    }
    turns
}

/// `progress --review N`: the conversation of the N-th turn to review resumes at that turn
/// in the terminal, and the trainee chooses again; stored as a review, not a score.
fn review_mistake(ctx: &Context, progress: &LearnerProgress, n: usize) -> Result<ExitCode, CliError> {
    let turns = turns_to_review(progress);
    let Some((mistake, _)) = n.checked_sub(1).and_then(|i| turns.get(i)) else {
        return Err(CliError::new(
            2,
            match turns.len() {
                0 => "there is no mistake to review: every anti-pattern committed has been gone back to".to_owned(),
                k => format!("there is no mistake {n} to review; there are {k} (1 is the newest)"),
            },
        ));
    };
    let store = ctx.open_store(false).map_err(|message| CliError::new(1, message))?;
    let attempt = store
        .get(&mistake.attempt)?
        .ok_or_else(|| CliError::new(1, format!("attempt {} is no longer in the history", mistake.attempt)))?;
    let library = ctx.library();
    let Some(loaded) = library.iter().find(|l| l.hash == attempt.scenario_hash) else {
        return Err(CliError::new(1, format!("the version of `{}` this was played on is not here", attempt.scenario)));
    };
    let Some(variant) = loaded.variants.iter().position(|v| v.scenario.profile.to_string() == attempt.disc) else {
        return Err(CliError::new(1, format!("`{}` cannot be played as {}", attempt.scenario, attempt.disc)));
    };
    let turn = (mistake.turn as usize).min(attempt.choices.len());
    let stdin = std::io::stdin();
    let played = resume_interactive(
        loaded,
        variant,
        attempt.seed,
        Some(&attempt.choices[..turn]),
        &mut stdin.lock(),
        &mut std::io::stdout(),
    )
    .map_err(|err| CliError::new(1, err.to_string()))?;
    let Some(played) = played else { return Ok(ExitCode::SUCCESS) };
    let mut review = Attempt::record(
        loaded,
        &played.session,
        &played.card,
        &progress.trainee,
        None,
        played.response_ms.clone(),
        played.started_at_ms,
        played.ended_at_ms,
    );
    // Going back to the turn a review already went back to reviews the original mistake.
    let of = match &attempt.review {
        Some(earlier) if earlier.turn == turn => earlier.of.clone(),
        _ => attempt.id.clone(),
    };
    review.review = Some(Review { of, turn });
    review.id = review.content_id();
    match ctx.open_store(true).and_then(|mut store| store.insert(&review).map_err(|err| err.to_string())) {
        Ok(_) => println!("Saved as the review of turn {}: practice, not a score.", turn + 1),
        Err(message) => eprintln!("warning: this review was not saved: {message}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// A path as the trainee would type it: relative to the current folder where it can be.
fn shown(path: &Path) -> String {
    let relative: Option<PathBuf> =
        std::env::current_dir().ok().and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}
