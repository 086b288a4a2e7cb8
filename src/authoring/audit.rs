//! Gaming warnings for `validate`: a scenario where a trainee scores without reading the
//! replies (always the longest, the first shown, the most apologetic...) or where the best
//! reply is usually the longest teaches the tell instead of the strategy.

use crate::authoring::load::LoadedScenario;
use crate::authoring::spans::SpanIndex;
use crate::engine::audit::{Audit, audit};
use crate::engine::card::GRADES;
use crate::engine::diagnostic::Diagnostic;
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

fn longest_is_usually_best(report: &Audit) -> bool {
    report.best_is_longest * 2 > report.best_path_turns
}

/// One located warning (at the scenario's id) per personality that a naive strategy games,
/// or whose best reply is the longest on offer at more than half of the best path's turns.
pub fn gaming_warnings(loaded: &LoadedScenario) -> Vec<Diagnostic> {
    let spans = SpanIndex::build(&loaded.source);
    let at = spans.value(&["id".into()]);
    let mut warnings = Vec::new();
    for variant in &loaded.variants {
        let report = audit(&variant.scenario, &variant.analysis);
        let profile = variant.scenario.profile;
        let paying: Vec<String> = report
            .naive
            .iter()
            .filter(|n| n.median >= GAMEABLE_PERCENT)
            .map(|n| format!("{} {}%", n.strategy.describe(), n.median))
            .collect();
        if !is_gameable(&report) {
            continue;
        }
        let longest = longest_is_usually_best(&report);
        let message = if paying.is_empty() {
            format!(
                "as {profile}, the best reply is the longest on offer at {} of {} best-path turns",
                report.best_is_longest, report.best_path_turns
            )
        } else {
            format!("as {profile}, a trainee scores without reading: {}", paying.join(", "))
        };
        let mut warning = Diagnostic::warning("gameable", message)
            .in_file(&loaded.file_name)
            .at(at.clone(), "the form of the replies gives the answer away");
        if longest && !paying.is_empty() {
            warning = warning.note(format!(
                "the best reply is the longest on offer at {} of {} best-path turns",
                report.best_is_longest, report.best_path_turns
            ));
        }
        warnings.push(warning.note("`hardcall audit` shows every naive strategy; make the wrong replies as long, specific and plausible as the right ones"));
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
