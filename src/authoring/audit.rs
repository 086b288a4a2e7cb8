//! Gaming warnings for `validate`: a scenario where a trainee scores without reading the
//! replies (always the longest, the first shown, the most apologetic...) or where the best
//! reply is usually the longest teaches the tell instead of the strategy.

use crate::authoring::load::LoadedScenario;
use crate::authoring::spans::SpanIndex;
use crate::engine::audit::audit;
use crate::engine::diagnostic::Diagnostic;

/// From this median percentage on, a naive strategy is said to pay.
pub const GAMEABLE_PERCENT: i64 = 50;

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
        let longest = report.best_is_longest * 2 > report.best_path_turns;
        if paying.is_empty() && !longest {
            continue;
        }
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
