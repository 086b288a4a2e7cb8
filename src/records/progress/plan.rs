//! The practice plan: three scenario personalities that offer the most chances at the
//! learner's weakest and due strategies, each with the reason in words.
//!
//! What a scenario personality offers is counted on its best path: the turns a trainee who
//! answers well meets, and where each strategy is part of the right answer (or a trap to
//! step around). Each strategy's need is how far its estimate is from certain (a strategy due
//! for review needs at least half; one never met, a quarter of that); a candidate is worth
//! the sum of need × chances (at most three counted per strategy), and once one is picked the
//! needs it serves are halved, so the three picks cover different ground. Ties go to what was
//! played least.

use crate::authoring::load::LoadedScenario;
use crate::engine::session::Session;
use crate::records::progress::bkt::ONE;
use crate::records::progress::evidence::session_chances;
use crate::records::progress::learner::{LearnerProgress, MIN_CONTEXTS, MIN_OPPORTUNITIES, SkillProgress, SkillState};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many picks a plan holds.
pub const PICKS: usize = 3;

/// What one scenario personality offers on its best path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// The scenario's file name, without its folder.
    pub file_name: String,
    pub scenario: String,
    pub title: String,
    pub customer: String,
    /// Index among the scenario's personalities (0 is the main one), and its name.
    pub variant: usize,
    pub disc: String,
    /// Whether the scenario has other personalities (then the reason names this one).
    pub several: bool,
    /// Chances per catalogue id.
    pub chances: BTreeMap<String, u32>,
}

/// What every scenario personality in the library offers.
pub fn offers(library: &[LoadedScenario]) -> Vec<Offer> {
    let mut out = Vec::new();
    for loaded in library {
        for (i, variant) in loaded.variants.iter().enumerate() {
            let Some(best) = &variant.analysis.best else { continue };
            let (mut session, _) = Session::start(variant.scenario.clone(), 0);
            if session.play(&best.positions()).is_err() {
                continue;
            }
            let catalogue = &variant.scenario.knowledge.catalogue;
            let mut chances: BTreeMap<String, u32> = BTreeMap::new();
            for o in session_chances(&session, &variant.analysis, 0) {
                *chances.entry(catalogue.strategies[o.skill as usize].id.to_string()).or_default() += 1;
            }
            let file = &variant.scenario.file;
            let file_name = std::path::Path::new(&loaded.file_name)
                .file_name()
                .map_or_else(|| loaded.file_name.clone(), |name| name.to_string_lossy().into_owned());
            out.push(Offer {
                file_name,
                scenario: file.id.clone(),
                title: file.title.clone(),
                customer: file.customer.name.clone(),
                variant: i,
                disc: variant.scenario.profile.to_string(),
                several: loaded.variants.len() > 1,
                chances,
            });
        }
    }
    out
}

/// One thing to practise next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pick {
    pub file_name: String,
    pub scenario: String,
    pub title: String,
    pub customer: String,
    pub variant: usize,
    pub disc: String,
    /// Why, in words: "you missed Setting expectations 4 of 5 times; Dana offers it 3 times".
    pub reason: String,
    /// The strategies it serves, most needed first.
    pub skills: Vec<String>,
}

/// At most this many chances at one strategy count toward a pick: a conversation that keeps
/// asking for the same thing teaches less than one that asks for several.
pub const MOST_CHANCES: u32 = 3;

fn counted(chances: u32) -> u64 {
    u64::from(chances.min(MOST_CHANCES))
}

/// How much a skill needs practice, in parts per million.
fn need(skill: &SkillProgress) -> u64 {
    let doubt = ONE - skill.estimate.min(ONE);
    match skill.state {
        SkillState::Mastered => 0,
        SkillState::DueForReview => ONE / 2 + doubt / 2,
        SkillState::Practising => doubt,
        // Never met: worth meeting, well after what is known to be weak.
        SkillState::New => doubt / 4,
    }
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// "4 of 5 times", or "the one time" when it came up once.
fn of_times(part: u32, whole: u32) -> String {
    if whole == 1 { "the one time".to_owned() } else { format!("{part} of {whole} times") }
}

/// The reason for a pick, from the skill that weighs most in it.
fn reason(skill: &SkillProgress, offer: &Offer, chances: u32) -> String {
    let who = if offer.several {
        format!("{} ({})", first_name(&offer.customer), offer.disc)
    } else {
        first_name(&offer.customer).to_owned()
    };
    let name = skill.name.to_lowercase();
    let offers = format!("{who} offers it {}", times(chances));
    match skill.state {
        SkillState::DueForReview => format!(
            "{} is due for review (last practised {}); {offers}",
            skill.name,
            skill.last_practised.map_or_else(|| "a while ago".to_owned(), |d| d.date())
        ),
        SkillState::New => format!("you have not met {name} yet; {offers}"),
        // Nothing missed yet, but too few chances (or in too few places) to call it known.
        _ if skill.tally.missed() == 0 => {
            let place = if skill.contexts < MIN_CONTEXTS && skill.tally.offered >= MIN_OPPORTUNITIES {
                " in one scenario"
            } else {
                ""
            };
            let did = if skill.avoid {
                format!("avoided {}", name.trim_start_matches("avoiding: "))
            } else {
                format!("showed {name}")
            };
            format!(
                "you {did} {} so far{place}, not yet enough to call it known; {offers}",
                of_times(skill.tally.taken, skill.tally.offered)
            )
        }
        _ if skill.avoid => {
            let trap = name.trim_start_matches("avoiding: ");
            format!(
                "you slipped into {trap} {} it was on offer; {who} offers it {}",
                of_times(skill.tally.missed(), skill.tally.offered),
                times(chances)
            )
        }
        _ => format!("you missed {name} {}; {offers}", of_times(skill.tally.missed(), skill.tally.offered)),
    }
}

/// Up to three picks for `progress` among `offers`, best first. Deterministic: equal worth
/// goes to the personality played least, then to the file and personality order.
pub fn plan(progress: &LearnerProgress, offers: &[Offer]) -> Vec<Pick> {
    let mut needs: BTreeMap<&str, u64> = progress.skills.iter().map(|s| (s.id.as_str(), need(s))).collect();
    let played = |offer: &Offer| {
        progress.played.iter().find(|p| p.scenario == offer.scenario && p.disc == offer.disc).map_or(0, |p| p.times)
    };
    let mut picks: Vec<Pick> = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    while picks.len() < PICKS {
        let worth = |offer: &Offer, needs: &BTreeMap<&str, u64>| -> u64 {
            offer.chances.iter().map(|(id, n)| needs.get(id.as_str()).copied().unwrap_or(0) * counted(*n)).sum()
        };
        let best = offers
            .iter()
            .enumerate()
            .filter(|(_, o)| !used.contains(&o.scenario.as_str()))
            .map(|(i, o)| (worth(o, &needs), std::cmp::Reverse(played(o)), std::cmp::Reverse(i)))
            .filter(|(w, _, _)| *w > 0)
            .max();
        let Some((_, _, std::cmp::Reverse(index))) = best else { break };
        let offer = &offers[index];
        // The skills it serves, by how much each weighs in it.
        let mut served: Vec<(u64, &SkillProgress, u32)> = offer
            .chances
            .iter()
            .filter_map(|(id, n)| {
                let skill = progress.skill(id)?;
                let weight = needs.get(id.as_str()).copied().unwrap_or(0) * counted(*n);
                (weight > 0).then_some((weight, skill, *n))
            })
            .collect();
        served.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let (_, top, chances) = served[0];
        picks.push(Pick {
            file_name: offer.file_name.clone(),
            scenario: offer.scenario.clone(),
            title: offer.title.clone(),
            customer: offer.customer.clone(),
            variant: offer.variant,
            disc: offer.disc.clone(),
            reason: reason(top, offer, chances),
            skills: served.iter().map(|(_, s, _)| s.id.clone()).collect(),
        });
        for (_, skill, _) in &served {
            if let Some(n) = needs.get_mut(skill.id.as_str()) {
                *n /= 2;
            }
        }
        used.push(offer.scenario.as_str());
    }
    picks
}
