//! The debrief as plain text, for the terminal front end.

use crate::engine::card::ScoreCard;
use crate::engine::rating::EXPLAINED;
use std::fmt::Write;

/// The debrief as plain text for the terminal.
pub fn render_debrief(card: &ScoreCard) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "── Debrief: {} ({} as {}) ──", card.title, card.customer, card.disc);
    if let Some(ending) = &card.ending {
        let _ = writeln!(out, "Outcome: {} ({:+} points)", ending.outcome, ending.points);
        if let Some(summary) = &ending.summary {
            let _ = writeln!(out, "  {summary}");
        }
    }
    let s = &card.score;
    let _ = writeln!(out, "Score: {}%, grade {} ({} points of a possible {})", s.percent, s.grade, s.total, s.best);
    if let Some(rating) = &s.rating {
        let _ = writeln!(out, "  {}", rating.summary());
    }
    let _ = writeln!(out, "  {EXPLAINED}");
    let (taken, turns) = card.best_taken();
    let _ = writeln!(out, "Best available reply taken on {taken} of {turns} turns");
    let _ = writeln!(out, "DISC fit: {:+} points from the customer's style", card.disc_fit);
    if !card.strategies.is_empty() {
        let _ = writeln!(out, "\nPoints by strategy:");
        let mut rows: Vec<(&String, &i64)> = card.strategies.iter().collect();
        rows.sort_by_key(|(id, points)| (-**points, (*id).clone()));
        for (id, points) in rows {
            let _ = writeln!(out, "  {points:>+5}  {id}");
        }
    }
    for turn in &card.turns {
        let _ = writeln!(out, "\nTurn {}: \"{}\"", turn.turn, turn.customer);
        let quality = turn.quality.map_or_else(|| "no choice to make".to_owned(), |q| format!("quality {q:+}"));
        let _ = writeln!(out, "  You said ({:+}, {quality}): {}", turn.choice.points, turn.choice.text);
        let names: Vec<String> = turn.choice.strategies.iter().map(|s| format!("{} {:+}", s.name, s.points)).collect();
        let _ = writeln!(out, "    {}", names.join(", "));
        if let Some(feedback) = &turn.choice.feedback {
            let _ = writeln!(out, "    Trainer: {feedback}");
        }
        if turn.took_best {
            let _ = writeln!(out, "  ✓ The best reply available.");
        } else {
            let _ = writeln!(out, "  Best was ({:+}): {}", turn.best.points, turn.best.text);
            for teaching in turn.teachings.iter().filter(|t| turn.best.strategies.iter().any(|s| s.id == t.id)) {
                let _ = writeln!(out, "    {}: {}", teaching.name, teaching.teaching);
                if let Some(source) = teaching.sources.first() {
                    let _ = writeln!(out, "      (from {source})");
                }
            }
        }
        if let Some(threshold) = &turn.threshold {
            let _ = writeln!(out, "  ! {threshold}");
        }
    }
    out
}
