//! The catalogue's own rules on top of naming the right ids: strategies that only happen in
//! some channels, escalation only where the node says the agent cannot resolve it, and
//! `tailor_to_style`, which is worked out from the customer's personality and never written.

use super::Checker;
use crate::engine::catalogue::{ESCALATE, Knowledge, NEEDLESS_ESCALATION, TAILOR_TO_STYLE};
use crate::engine::diagnostic::{Diagnostic, Seg};
use crate::engine::model::ScoredStrategy;
use crate::engine::mood::MoodDelta;
use crate::engine::scenario::{Channel, Choice};

impl Checker<'_> {
    /// Errors for strategies a reply may not show where it stands: `tailor_to_style` anywhere,
    /// one the scenario's channel makes impossible, `escalate` at a node the agent can resolve.
    pub(super) fn check_catalogue_rules(
        &mut self,
        choice: &Choice,
        path: &[Seg],
        node: &str,
        beyond_agent: bool,
        channel: Channel,
        knowledge: &Knowledge,
    ) {
        for (i, id) in choice.shows.iter().enumerate() {
            let at = self.spans.value(&[path.to_vec(), vec!["shows".into(), i.into()]].concat());
            let Some(strategy) = knowledge.catalogue.get(id.as_str()) else { continue };
            if id.as_str() == TAILOR_TO_STYLE {
                let diagnostic = Diagnostic::error(
                    "derived-strategy",
                    format!("`{TAILOR_TO_STYLE}` is worked out from the customer's personality, not written"),
                )
                .in_file(self.file_name)
                .at(at.clone(), "remove this")
                .note(
                    "a reply counts as tailored, for the personality being played, when it commits no \
                     anti-pattern and that style weighs its strategies above the catalogue (a positive \
                     DISC fit); the same reply can suit one personality and not another",
                );
                self.diagnostics.push(diagnostic);
            }
            if !strategy.channels.is_empty() && !strategy.channels.contains(&channel) {
                let allowed: Vec<String> = strategy.channels.iter().map(|c| format!("`{c:?}`")).collect();
                let diagnostic = Diagnostic::error(
                    "wrong-channel",
                    format!(
                        "`{id}` is only possible in {} conversations, and this scenario's channel is `{channel:?}`",
                        allowed.join(" or ")
                    ),
                )
                .in_file(self.file_name)
                .at(at.clone(), format!("not possible {}", channel_phrase(channel)))
                .note(format!(
                    "remove it from this reply, or set the scenario's `channel` to {} if the customer \
                     really is there",
                    allowed.join(" or ")
                ));
                self.diagnostics.push(diagnostic);
            }
            if id.as_str() == ESCALATE && !beyond_agent {
                let diagnostic = Diagnostic::error(
                    "unneeded-escalation",
                    format!("this reply escalates, but node `{node}` does not say the agent cannot resolve it"),
                )
                .in_file(self.file_name)
                .at(at, "escalating is only right where the agent cannot resolve it")
                .note(format!(
                    "if the agent really cannot resolve this here, mark the node `beyond_agent: true`; \
                     if they could, the reply commits `{NEEDLESS_ESCALATION}` instead"
                ));
                self.diagnostics.push(diagnostic);
            }
        }
    }
}

/// How a channel reads after "not possible": "by phone", "in a chat".
fn channel_phrase(channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => "by phone",
        Channel::Email => "by email",
        Channel::Chat => "in a chat",
        Channel::InPerson => "in person",
    }
}

/// `tailor_to_style` for a reply with these weighed strategies, if the reply suits the
/// personality being played: its DISC fit (points after the weights minus points before) is
/// positive. The caller has made sure it commits no anti-pattern.
///
/// It is appended with `base_points: 0`: unweighted scoring knows nothing of the customer,
/// so all of its points are DISC fit, and the debrief shows "Tailor to their style" with its
/// teaching only for the personalities the reply suits. Its mood effect is the catalogue's
/// (nothing, in the shipped one: the weighed strategies have already moved the mood by the fit).
pub(super) fn tailoring(strategies: &[ScoredStrategy], knowledge: &Knowledge) -> Option<(ScoredStrategy, MoodDelta)> {
    let fit: i32 = strategies.iter().map(|s| s.points - s.base_points).sum();
    if fit <= 0 {
        return None;
    }
    let index = knowledge.catalogue.index_of(TAILOR_TO_STYLE)?;
    let strategy = &knowledge.catalogue.strategies[index];
    Some((ScoredStrategy { strategy: index, base_points: 0, points: strategy.points }, strategy.mood))
}
