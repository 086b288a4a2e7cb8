//! Gaming warnings for `validate`: a scenario where a trainee scores without reading the
//! replies (always the longest, the first shown, the most apologetic...), where the form
//! reader trained on the other scenarios finds the best reply, or where the best reply is
//! usually the longest teaches the tell instead of the strategy. Each warning points at the
//! best-path replies that give the answer away.

use crate::authoring::form_reader::{FormReading, TELL_RATIO};
use crate::authoring::load::LoadedScenario;
use crate::authoring::spans::SpanIndex;
use crate::engine::audit::{Audit, DifficultyFigure, Naive, audit, best_path_hits};
use crate::engine::card::GRADES;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::model::{CompiledScenario, NodeId};
use crate::engine::session::Session;

/// From this median percentage on, a naive strategy is said to pay.
pub const GAMEABLE_PERCENT: i64 = 50;

/// The lowest percentage that earns an A: a wrong personality's best path must stay below it.
fn grade_a() -> i64 {
    GRADES[0].0
}

/// Whether a trainee scores here without reading: a naive strategy's median reaches
/// [`GAMEABLE_PERCENT`], or the best reply is the longest at more than half of the best path's
/// turns. `validate` warns and `audit` counts by this one rule.
pub fn is_gameable(report: &Audit) -> bool {
    report.highest_naive() >= GAMEABLE_PERCENT || longest_is_usually_best(report)
}

/// Whether the form reader scores a median of [`GAMEABLE_PERCENT`] or takes the best reply
/// more than [`TELL_RATIO`] times as often as chance.
pub fn reader_gives_away(reading: &FormReading) -> bool {
    // A ratio that prints as 1.50 is on the line, not over it.
    reading.median >= GAMEABLE_PERCENT || reading.vs_chance > TELL_RATIO + 1e-9
}

/// At most this many replies are pointed at in one warning; the rest are counted.
const MAX_LABELS: usize = 6;

/// Labels at the replies `at` (node, reply index), for a warning.
fn point_at(
    mut warning: Diagnostic,
    spans: &SpanIndex,
    scenario: &CompiledScenario,
    at: &[(NodeId, usize)],
    label: &str,
) -> Diagnostic {
    for &(node, choice) in at.iter().take(MAX_LABELS) {
        let path = scenario.choice_path(node, choice);
        let text = spans.value(&[path.clone(), vec!["text".into()]].concat()).or_else(|| spans.value(&path));
        warning = warning.also(text, format!("{label} (`{}`)", scenario.node_names[node as usize]));
    }
    if at.len() > MAX_LABELS {
        warning = warning.note(format!("and {} more turns like these", at.len() - MAX_LABELS));
    }
    warning
}

fn longest_is_usually_best(report: &Audit) -> bool {
    report.best_is_longest * 2 > report.best_path_turns
}

/// Located warnings per personality that a named player games (with the best-path replies
/// it finds), whose best reply is the longest on offer at more than half of the best path's
/// turns, or (given `readings`, one per personality) that the form reader reads by form.
/// None while the file still holds placeholders (`todo`): they are not replies yet.
pub fn gaming_warnings(loaded: &LoadedScenario, readings: Option<&[FormReading]>) -> Vec<Diagnostic> {
    // Placeholders are not replies yet: how they read says nothing about the finished file.
    if loaded.warnings.iter().any(|w| w.code == "todo") {
        return Vec::new();
    }
    let spans = SpanIndex::build(&loaded.source);
    let at = spans.value(&["id".into()]);
    let mut warnings = Vec::new();
    for (v, variant) in loaded.variants.iter().enumerate() {
        let scenario = &variant.scenario;
        let report = audit(scenario, &variant.analysis);
        let profile = scenario.profile;
        let paying: Vec<_> =
            report.naive.iter().filter(|n| n.strategy != Naive::CommonSense && n.median >= GAMEABLE_PERCENT).collect();
        let figure = report.difficulty;
        let label = scenario.file.difficulty;
        if !figure.backs(label) {
            let (depth, fewest) = DifficultyFigure::bounds(label);
            warnings.push(
                Diagnostic::warning(
                    "difficulty",
                    format!(
                        "as {profile}, this is labelled {label} but only {} of the best path's {} decisions turn on what the documents teach against common sense ({} with a tempting trap, {} decided by the personality, {} with a fix offered too soon)",
                        figure.decisive, figure.decisions, figure.tempting_traps, figure.style_calls, figure.fix_too_soon
                    ),
                )
                .in_file(&loaded.file_name)
                .at(spans.value(&["difficulty".into()]), "the label promises more than the replies ask")
                .note(format!("a {label} scenario has at least {fewest} such decisions, and {depth}% of its decisions are: a tempting trap on offer (an anti-pattern marked `tempting` in the catalogue), two clean replies the personality decides between, or a fix offered before the customer has been heard"))
                .note("write those turns where the documents teach what common sense gets wrong (let them vent first, one sincere apology, no policy lecture to a Dominant customer, fix instead of escalating, promise only what can be kept), or lower the label"),
            );
        }
        if is_gameable(&report) {
            let longest = longest_is_usually_best(&report);
            let message = if paying.is_empty() {
                format!(
                    "as {profile}, the best reply is the longest on offer at {} of {} best-path turns",
                    report.best_is_longest, report.best_path_turns
                )
            } else {
                let named: Vec<String> =
                    paying.iter().map(|n| format!("{} {}%", n.strategy.describe(), n.median)).collect();
                format!("as {profile}, a trainee scores without reading: {}", named.join(", "))
            };
            let mut warning = Diagnostic::warning("gameable", message)
                .in_file(&loaded.file_name)
                .at(at.clone(), "the form of the replies gives the answer away");
            for naive in &paying {
                let hits = best_path_hits(scenario, &variant.analysis, naive.strategy);
                warning = point_at(
                    warning,
                    &spans,
                    scenario,
                    &hits,
                    &format!("the {} reply is best here", naive.strategy.describe()),
                );
            }
            if longest && !paying.is_empty() {
                warning = warning.note(format!(
                    "the best reply is the longest on offer at {} of {} best-path turns",
                    report.best_is_longest, report.best_path_turns
                ));
            }
            warnings.push(warning.note("`hardcall audit` shows every named player; make the wrong replies as long, specific and plausible as the right ones"));
        }
        let Some(reading) = readings.and_then(|r| r.get(v)) else { continue };
        if !reader_gives_away(reading) {
            continue;
        }
        let mut warning = Diagnostic::warning(
            "form-tell",
            format!(
                "as {profile}, a player who reads only the form of the replies, trained on the other scenarios, scores a median of {}% and takes the best reply {:.1} times as often as chance",
                reading.median, reading.vs_chance
            ),
        )
        .in_file(&loaded.file_name)
        .at(at.clone(), "the form of the replies gives the answer away");
        warning = point_at(warning, &spans, scenario, &reading.given_away, "found by its form");
        for tell in &reading.tells {
            warning = warning.note(tell.sentence.clone());
        }
        if !reading.leans_on.is_empty() {
            warning = warning.note(format!("the reader {}", reading.leans_on.join(", ")));
        }
        warnings.push(warning.note("give the traps the same form as the best reply (as specific, as warm, using the name as often, as long) so only what the documents teach tells them apart"));
    }
    warnings
}

/// One located warning (at the scenario's id) for every pair of personalities where the best
/// path of one, played to the other, still earns an A: the trainee was not rewarded for
/// recognising who they were talking to. Pairs whose best paths are the same are left alone.
pub fn personality_warnings(loaded: &LoadedScenario) -> Vec<Diagnostic> {
    let spans = SpanIndex::build(&loaded.source);
    let at = spans.value(&["id".into()]);
    let mut warnings = Vec::new();
    for meant in &loaded.variants {
        let Some(best) = &meant.analysis.best else { continue };
        // The path as replies (node and reply in the file), not as positions: gated replies
        // shift positions between personalities.
        let replies: Vec<(u32, usize)> = best.steps.iter().map(|s| (s.node, s.choice)).collect();
        for played in loaded.variants.iter().filter(|v| v.scenario.profile != meant.scenario.profile) {
            let same = played
                .analysis
                .best
                .as_ref()
                .is_some_and(|b| b.steps.iter().map(|s| (s.node, s.choice)).collect::<Vec<_>>() == replies);
            if same {
                continue;
            }
            let (mut session, _) = Session::start(played.scenario.clone(), 0);
            let mut playable = true;
            for &(node, choice) in &replies {
                // The other personality may go elsewhere or not be offered this reply: then
                // the path cannot even be played to them, which is the separation wanted.
                let position = session.offered().iter().position(|&c| c == choice).map(|p| p + 1);
                match position {
                    Some(position) if session.state().node == node => {
                        let _ = session.choose(position);
                    }
                    _ => {
                        playable = false;
                        break;
                    }
                }
            }
            if !playable || !session.is_over() {
                continue;
            }
            let percent = played.analysis.rate_session(&session).percent;
            if percent >= grade_a() {
                warnings.push(
                    Diagnostic::warning(
                        "style-blind",
                        format!(
                            "the best path for {} still earns an A ({percent}%) when the customer is {}",
                            meant.scenario.profile, played.scenario.profile
                        ),
                    )
                    .in_file(&loaded.file_name)
                    .at(at.clone(), "a trainee who misreads the personality is not told")
                    .note("make the replies that suit one style cost more with the other (DISC weights, `Style(...)` conditions, `lines_by_style`)"),
                );
            }
        }
    }
    warnings
}
