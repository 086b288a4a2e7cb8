//! The author's expectations proven on load: the best path begins as meant, a trap stays
//! below its percentage, personalities differ. A broken one is an error at its own text.

use crate::authoring::spans::SpanIndex;
use crate::authoring::variant::Variant;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::{Expectation, ScenarioFile};
use crate::engine::session::{ChoiceError, Session};

/// Every expectation of `file` that the proven `variants` break, located at the expectation.
pub fn broken_expectations(
    file: &ScenarioFile,
    file_name: &str,
    spans: &SpanIndex,
    variants: &[Variant],
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, expectation) in file.expect.iter().enumerate() {
        let at = spans.value(&["expect".into(), i.into()]);
        let broken = |message: String| Diagnostic::error("expectation", message).in_file(file_name);
        match expectation {
            Expectation::BestStarts { replies, style } => {
                let variant = match style {
                    None => variants.first(),
                    Some(style) => variants.iter().find(|v| v.scenario.profile.primary == *style),
                };
                let Some(variant) = variant else {
                    let style = style.map_or_else(String::new, |s| s.to_string());
                    errors
                        .push(broken(format!("the customer is never played as {style}")).at(at, "no such personality"));
                    continue;
                };
                let best = variant.analysis.best.as_ref().map(|b| b.positions()).unwrap_or_default();
                if !best.starts_with(replies) {
                    let shown: Vec<String> = best.iter().map(usize::to_string).collect();
                    let mut diagnostic = broken(format!(
                        "the best path as {} is {}, which does not begin with {}",
                        variant.scenario.profile,
                        shown.join(","),
                        list(replies)
                    ))
                    .at(at, "expected here");
                    if let Some(path) = &variant.analysis.best {
                        let ending = &variant.scenario.node_names[path.ending as usize];
                        diagnostic = diagnostic.note(format!(
                            "the best path ends at `{ending}` ({}) after {} replies",
                            path.outcome,
                            best.len()
                        ));
                    }
                    diagnostic = diagnostic.note(where_it_ends(variant, replies));
                    errors.push(diagnostic);
                }
            }
            Expectation::ScoresBelow { replies, percent, style } => {
                let mut played = 0;
                let mut stopped = Vec::new();
                if let Some(style) = style
                    && !variants.iter().any(|v| v.scenario.profile.primary == *style)
                {
                    errors
                        .push(broken(format!("the customer is never played as {style}")).at(at, "no such personality"));
                    continue;
                }
                for variant in variants.iter().filter(|v| style.is_none_or(|s| v.scenario.profile.primary == s)) {
                    let (mut session, _) = Session::start(variant.scenario.clone(), 0);
                    if session.play(replies).is_err() || !session.is_over() {
                        stopped.push(where_it_ends(variant, replies));
                        continue;
                    }
                    played += 1;
                    let scored = variant.analysis.rate_session(&session).percent;
                    if scored >= *percent {
                        errors.push(
                            broken(format!(
                                "{} scores {scored}% as {}, not below {percent}%",
                                list(replies),
                                variant.scenario.profile
                            ))
                            .at(at.clone(), "expected here")
                            .note(where_it_ends(variant, replies)),
                        );
                    }
                }
                if played == 0 {
                    let whom = style.map_or_else(|| "any personality".to_owned(), |s| format!("the {s} personality"));
                    let mut diagnostic = broken(format!("{} is not a whole conversation for {whom}", list(replies)))
                        .at(at, "check the replies: 1-based, among those offered");
                    for note in stopped {
                        diagnostic = diagnostic.note(note);
                    }
                    errors.push(diagnostic);
                }
            }
            Expectation::BestPathsDiffer => {
                let best: Vec<(String, Vec<usize>)> = variants
                    .iter()
                    .map(|v| {
                        (
                            v.scenario.profile.to_string(),
                            v.analysis.best.as_ref().map(|b| b.positions()).unwrap_or_default(),
                        )
                    })
                    .collect();
                for (a, (name_a, path_a)) in best.iter().enumerate() {
                    for (name_b, path_b) in &best[a + 1..] {
                        if path_a == path_b {
                            errors.push(
                                broken(format!("{name_a} and {name_b} have the same best path, {}", list(path_a)))
                                    .at(at.clone(), "expected different best paths"),
                            );
                        }
                    }
                }
                if variants.len() < 2 {
                    errors.push(broken("the customer has only one personality".into()).at(at, "add `alternatives`"));
                }
            }
        }
    }
    errors
}

/// Where `replies`, played from the start, leave the conversation as `variant`'s
/// personality: the ending and its outcome, or the node where a reply was not on offer or
/// where the replies ran out.
fn where_it_ends(variant: &Variant, replies: &[usize]) -> String {
    let scenario = &variant.scenario;
    let (mut session, _) = Session::start(scenario.clone(), 0);
    let played = session.play(replies);
    let node = &scenario.node_names[session.state().node as usize];
    let profile = scenario.profile;
    let taken = session.turns().len();
    match played {
        Err((0, ChoiceError::NoSuchChoice { position, offered })) => format!(
            "as {profile}, the conversation starts at `{node}`, where reply {position} is not on offer ({offered} are)"
        ),
        Err((i, ChoiceError::NoSuchChoice { position, offered })) => format!(
            "as {profile}, {} leads to `{node}`, where reply {position} is not on offer ({offered} are)",
            list(&replies[..i])
        ),
        Err((_, ChoiceError::Finished)) => format!(
            "as {profile}, the conversation ends at `{node}` ({}) after {taken} of the {} replies",
            session.ending().map_or_else(String::new, |e| e.outcome.to_string()),
            replies.len()
        ),
        Ok(()) if session.is_over() => format!(
            "as {profile}, {} ends at `{node}` ({})",
            list(replies),
            session.ending().map_or_else(String::new, |e| e.outcome.to_string())
        ),
        Ok(()) => format!("as {profile}, after {} the conversation is still going at `{node}`", list(replies)),
    }
}

fn list(replies: &[usize]) -> String {
    let parts: Vec<String> = replies.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}
