//! One learner's progress: every strategy with its mastery estimate and state, chances taken
//! of offered, first against latest, when to review it; practice days in a row, the weekly
//! goal, and the mistakes there are to review. Built from evidence alone, so the same
//! attempts always give the same progress.

use crate::engine::catalogue::{Catalogue, StrategyKind};
use crate::records::progress::bkt::{self, Params};
use crate::records::progress::days::{Clock, Day, streak};
use crate::records::progress::evidence::AttemptEvidence;
use crate::records::progress::review::Schedule;
use serde::Serialize;
use std::collections::HashMap;

/// A strategy is mastered only after this many chances...
pub const MIN_OPPORTUNITIES: u32 = 4;
/// ...met in at least this many scenario personalities, so a reply learnt by heart in one
/// conversation is not taken for the strategy.
pub const MIN_CONTEXTS: u32 = 2;
/// Conversations a week, unless the trainee sets another goal.
pub const DEFAULT_WEEKLY_GOAL: u32 = 5;

/// What progress is computed with.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub params: Params,
    pub clock: Clock,
    pub weekly_goal: u32,
}

impl Options {
    pub fn new(clock: Clock) -> Options {
        Options { params: bkt::DEFAULT, clock, weekly_goal: DEFAULT_WEEKLY_GOAL }
    }
}

/// Where a strategy stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillState {
    /// No chance to use it yet.
    New,
    Practising,
    Mastered,
    /// Mastered, and the forgetting curve says it is time to use it again.
    DueForReview,
}

impl SkillState {
    pub fn label(self) -> &'static str {
        match self {
            SkillState::New => "new",
            SkillState::Practising => "practising",
            SkillState::Mastered => "mastered",
            SkillState::DueForReview => "due for review",
        }
    }
}

/// Chances taken of chances offered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub taken: u32,
    pub offered: u32,
}

impl Tally {
    pub fn missed(&self) -> u32 {
        self.offered - self.taken
    }

    /// Taken in percent, rounded down; 0 with no chance.
    pub fn percent(&self) -> u32 {
        (self.taken * 100).checked_div(self.offered).unwrap_or(0)
    }
}

/// The moment a strategy came to count as mastered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MasteredAt {
    /// The attempt after which it held.
    pub attempt: String,
    pub at_ms: i64,
    /// The estimate then, in parts per million.
    pub estimate: u64,
}

/// The estimate at the end of a day of practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    pub day: Day,
    pub estimate: u64,
}

/// One strategy (or an anti-pattern to avoid) for one learner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillProgress {
    /// The catalogue id: a strategy, or the anti-pattern to avoid.
    pub id: String,
    /// For people: "Setting expectations", or "Avoiding: Overpromising".
    pub name: String,
    pub avoid: bool,
    pub state: SkillState,
    /// The probability the learner knows it, in parts per million.
    pub estimate: u64,
    pub tally: Tally,
    /// Scenario personalities it was met in.
    pub contexts: u32,
    /// In the first and the latest attempt that offered it.
    pub first: Option<Tally>,
    pub latest: Option<Tally>,
    pub last_practised: Option<Day>,
    /// When the forgetting curve says to use it again; `None` before any chance.
    pub review_on: Option<Day>,
    /// The half-life of the forgetting curve, in days.
    pub half_life_days: Option<i64>,
    pub mastered: Vec<MasteredAt>,
    /// The estimate at the end of every day it was practised.
    pub timeline: Vec<Point>,
}

impl SkillProgress {
    /// Whether it needs work: practising, or due for review.
    pub fn needs_work(&self) -> bool {
        matches!(self.state, SkillState::Practising | SkillState::DueForReview)
    }
}

/// An anti-pattern committed: a turn to go back to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mistake {
    pub attempt: String,
    pub scenario: String,
    pub disc: String,
    /// 0-based.
    pub turn: u32,
    pub skill: String,
    pub name: String,
    pub at_ms: i64,
    /// Reviewed since (a review went back to this turn of this attempt)...
    pub reviewed: bool,
    /// ...and the review did not commit it again.
    pub fixed: bool,
}

/// How often the learner played a scenario personality (reviews not counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Played {
    pub scenario: String,
    pub disc: String,
    pub times: u32,
}

/// The weekly goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Week {
    pub starts: Day,
    /// Conversations finished this week, reviews included.
    pub done: u32,
    pub goal: u32,
}

/// Everything the progress screen, `hardcall progress` and the cohort report show of one
/// learner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LearnerProgress {
    pub trainee: String,
    pub today: Day,
    /// Conversations played, and mistakes reviewed.
    pub attempts: u32,
    pub reviews: u32,
    pub first_practice: Option<Day>,
    pub last_practice: Option<Day>,
    /// Days in a row with practice, up to today (or yesterday, while today has none yet).
    pub streak: u32,
    pub practised_today: bool,
    pub week: Week,
    /// Every strategy, then every anti-pattern, in the catalogue's order.
    pub skills: Vec<SkillProgress>,
    /// Most recent first.
    pub mistakes: Vec<Mistake>,
    pub played: Vec<Played>,
}

impl LearnerProgress {
    pub fn skill(&self, id: &str) -> Option<&SkillProgress> {
        self.skills.iter().find(|s| s.id == id)
    }

    pub fn count(&self, state: SkillState) -> usize {
        self.skills.iter().filter(|s| s.state == state).count()
    }

    /// Mistakes not yet reviewed, most recent first.
    pub fn to_review(&self) -> impl Iterator<Item = &Mistake> {
        self.mistakes.iter().filter(|m| !m.reviewed)
    }
}

/// How a skill is named for people.
pub fn skill_name(catalogue: &Catalogue, index: usize) -> (String, bool) {
    let strategy = &catalogue.strategies[index];
    match strategy.kind {
        StrategyKind::Strategy => (strategy.name.clone(), false),
        StrategyKind::AntiPattern => (format!("Avoiding: {}", strategy.name), true),
    }
}

/// Whether a skill's evidence meets the mastery rule.
fn meets_mastery(params: &Params, estimate: u64, tally: Tally, contexts: u32) -> bool {
    estimate >= params.mastered && tally.offered >= MIN_OPPORTUNITIES && contexts >= MIN_CONTEXTS
}

/// What one skill has gathered so far.
struct Running {
    estimate: u64,
    tally: Tally,
    contexts: u32,
    first: Option<Tally>,
    latest: Option<Tally>,
    /// The day being gathered and whether every chance on it was taken.
    day: Option<(Day, bool)>,
    schedule: Option<Schedule>,
    mastered: Vec<MasteredAt>,
    was_mastered: bool,
    timeline: Vec<Point>,
    /// The scenario personalities it was met in, as indices into the fold's places.
    places: Vec<u32>,
}

/// The progress of `trainee` from the evidence of their attempts (in any order; other
/// trainees' evidence is ignored). `catalogue` is the one the attempts were judged by.
pub fn learner_progress(
    trainee: &str,
    evidence: &[AttemptEvidence],
    catalogue: &Catalogue,
    options: &Options,
) -> LearnerProgress {
    let mine: Vec<&AttemptEvidence> = evidence.iter().filter(|e| e.trainee == trainee).collect();
    learner_progress_of(trainee, mine, catalogue, options)
}

/// [`learner_progress`] over evidence already known to be `trainee`'s (what a cohort
/// gathers once for everyone).
pub fn learner_progress_of(
    trainee: &str,
    mut mine: Vec<&AttemptEvidence>,
    catalogue: &Catalogue,
    options: &Options,
) -> LearnerProgress {
    // Oldest first; the id settles attempts that ended in the same millisecond.
    mine.sort_by(|a, b| (a.ended_at_ms, &a.attempt).cmp(&(b.ended_at_ms, &b.attempt)));
    let mut fold = Fold::new(trainee, catalogue, *options);
    for e in mine {
        fold.add(e);
    }
    fold.finish()
}

/// A learner's progress built one attempt at a time, oldest first: what a stream over the
/// whole history (an xAPI export) keeps per trainee instead of every attempt's evidence.
pub struct Fold<'c> {
    catalogue: &'c Catalogue,
    options: Options,
    trainee: String,
    today: Day,
    running: Vec<Running>,
    /// Scenario personalities met (scenario, personality, fresh attempts at it), numbered in
    /// the order met; a few dozen at most, so a list is quicker than a map.
    places: Vec<(String, String, u32)>,
    /// Where each scenario's personalities are in `places`, found without comparing strings.
    place_of: HashMap<String, Vec<(String, usize)>>,
    /// The chances of the attempt being added, per skill (kept to spare an allocation).
    scratch: Vec<(usize, Tally)>,
    days: Vec<Day>,
    attempts: u32,
    reviews: u32,
    this_week: u32,
    mistakes: Vec<Mistake>,
    /// (attempt, turn) gone back to, and whether some review of it committed no anti-pattern.
    reviewed: HashMap<(String, u32), bool>,
    /// Whether mistakes and the estimates day by day are kept (not when only tracing when
    /// strategies come to be mastered, as an export does over a whole history).
    detail: bool,
}

impl<'c> Fold<'c> {
    pub fn new(trainee: &str, catalogue: &'c Catalogue, options: Options) -> Fold<'c> {
        let running = (0..catalogue.strategies.len())
            .map(|_| Running {
                estimate: options.params.init,
                tally: Tally::default(),
                contexts: 0,
                first: None,
                latest: None,
                day: None,
                schedule: None,
                mastered: Vec::new(),
                was_mastered: false,
                timeline: Vec::new(),
                places: Vec::new(),
            })
            .collect();
        Fold {
            catalogue,
            options,
            trainee: trainee.to_owned(),
            today: options.clock.today(),
            running,
            places: Vec::new(),
            place_of: HashMap::new(),
            scratch: Vec::new(),
            days: Vec::new(),
            attempts: 0,
            reviews: 0,
            this_week: 0,
            mistakes: Vec::new(),
            reviewed: HashMap::new(),
            detail: true,
        }
    }

    /// A fold that keeps only what tells when strategies come to be mastered: its memory
    /// does not grow with the number of attempts.
    pub fn tracing_mastery(trainee: &str, catalogue: &'c Catalogue, options: Options) -> Fold<'c> {
        Fold { detail: false, ..Fold::new(trainee, catalogue, options) }
    }

    /// Adds the next attempt (no older than the last); returns the skills (catalogue
    /// indices) it made count as mastered, each with when.
    pub fn add(&mut self, e: &AttemptEvidence) -> Vec<(usize, MasteredAt)> {
        let params = self.options.params;
        let day = self.options.clock.day_of(e.ended_at_ms);
        if self.days.last() != Some(&day) {
            self.days.push(day);
        }
        let known = self.place_of.get(e.scenario.as_str()).and_then(|discs| discs.iter().find(|(d, _)| *d == e.disc));
        let context = match known {
            Some(&(_, i)) => i,
            None => {
                self.places.push((e.scenario.clone(), e.disc.clone(), 0));
                let i = self.places.len() - 1;
                self.place_of.entry(e.scenario.clone()).or_default().push((e.disc.clone(), i));
                i
            }
        };
        match &e.review_of {
            Some((of, turn)) => {
                self.reviews += 1;
                // Fixed when the turn chosen again commits none of the original's anti-patterns.
                let clean = !e.mistakes.iter().any(|(t, _)| t == turn);
                *self.reviewed.entry((of.clone(), *turn)).or_insert(false) |= clean;
            }
            None => {
                self.attempts += 1;
                self.places[context].2 += 1;
            }
        }
        if day >= self.today.week_start() && day <= self.today {
            self.this_week += 1;
        }
        let mut this_attempt = std::mem::take(&mut self.scratch);
        this_attempt.clear();
        for o in &e.opportunities {
            let k = o.skill as usize;
            let Some(r) = self.running.get_mut(k) else { continue };
            r.estimate = bkt::observe(&params, r.estimate, o.taken, o.hits, o.offered);
            r.tally.offered += 1;
            r.tally.taken += u32::from(o.taken);
            if !r.places.contains(&(context as u32)) {
                r.places.push(context as u32);
                r.contexts += 1;
            }
            r.day = match r.day {
                Some((d, clean)) if d == day => Some((d, clean && o.taken)),
                Some((d, clean)) => {
                    r.schedule = Some(Schedule::after(r.schedule, d, clean));
                    Some((day, o.taken))
                }
                None => Some((day, o.taken)),
            };
            match this_attempt.iter_mut().find(|(s, _)| *s == k) {
                Some((_, t)) => {
                    t.offered += 1;
                    t.taken += u32::from(o.taken);
                }
                None => this_attempt.push((k, Tally { taken: u32::from(o.taken), offered: 1 })),
            }
        }
        let mut newly = Vec::new();
        for &(k, tally) in &this_attempt {
            let r = &mut self.running[k];
            r.first.get_or_insert(tally);
            r.latest = Some(tally);
            match r.timeline.last_mut() {
                Some(point) if point.day == day => point.estimate = r.estimate,
                _ if !self.detail => {}
                _ => r.timeline.push(Point { day, estimate: r.estimate }),
            }
            let now = meets_mastery(&params, r.estimate, r.tally, r.contexts);
            if now && !r.was_mastered {
                let at = MasteredAt { attempt: e.attempt.clone(), at_ms: e.ended_at_ms, estimate: r.estimate };
                r.mastered.push(at.clone());
                newly.push((k, at));
            }
            r.was_mastered = now;
        }
        self.scratch = this_attempt;
        for &(turn, skill) in e.mistakes.iter().filter(|_| self.detail) {
            let Some(strategy) = self.catalogue.strategies.get(skill as usize) else { continue };
            self.mistakes.push(Mistake {
                attempt: e.attempt.clone(),
                scenario: e.scenario.clone(),
                disc: e.disc.clone(),
                turn,
                skill: strategy.id.to_string(),
                name: strategy.name.clone(),
                at_ms: e.ended_at_ms,
                reviewed: false,
                fixed: false,
            });
        }
        newly
    }

    /// The progress after every attempt added.
    pub fn finish(self) -> LearnerProgress {
        let params = self.options.params;
        let today = self.today;
        let catalogue = self.catalogue;
        let skills: Vec<SkillProgress> = self
            .running
            .into_iter()
            .enumerate()
            .map(|(k, mut r)| {
                if let Some((d, clean)) = r.day {
                    r.schedule = Some(Schedule::after(r.schedule, d, clean));
                }
                let state = if r.tally.offered == 0 {
                    SkillState::New
                } else if meets_mastery(&params, r.estimate, r.tally, r.contexts) {
                    if r.schedule.is_some_and(|s| today >= s.review_day) {
                        SkillState::DueForReview
                    } else {
                        SkillState::Mastered
                    }
                } else {
                    SkillState::Practising
                };
                let (name, avoid) = skill_name(catalogue, k);
                SkillProgress {
                    id: catalogue.strategies[k].id.to_string(),
                    name,
                    avoid,
                    state,
                    estimate: r.estimate,
                    tally: r.tally,
                    contexts: r.contexts,
                    first: r.first,
                    latest: r.latest,
                    last_practised: r.schedule.map(|s| s.last_day),
                    review_on: r.schedule.map(|s| s.review_day),
                    half_life_days: r.schedule.map(|s| s.half_life_days()),
                    mastered: r.mastered,
                    timeline: r.timeline,
                }
            })
            .collect();
        let mut mistakes = self.mistakes;
        for m in &mut mistakes {
            if let Some(&fixed) = self.reviewed.get(&(m.attempt.clone(), m.turn)) {
                m.reviewed = true;
                m.fixed = fixed;
            }
        }
        // Newest attempt first, and in each its turns in order.
        mistakes.sort_by(|a, b| {
            b.at_ms.cmp(&a.at_ms).then_with(|| a.attempt.cmp(&b.attempt)).then_with(|| a.turn.cmp(&b.turn))
        });
        let mut played: Vec<Played> = self
            .places
            .into_iter()
            .filter(|(_, _, times)| *times > 0)
            .map(|(scenario, disc, times)| Played { scenario, disc, times })
            .collect();
        played.sort_by(|a, b| (&a.scenario, &a.disc).cmp(&(&b.scenario, &b.disc)));
        let days = self.days;
        LearnerProgress {
            trainee: self.trainee,
            today,
            attempts: self.attempts,
            reviews: self.reviews,
            first_practice: days.first().copied(),
            last_practice: days.last().copied(),
            streak: streak(&days, today),
            practised_today: days.binary_search(&today).is_ok(),
            week: Week { starts: today.week_start(), done: self.this_week, goal: self.options.weekly_goal },
            skills,
            mistakes,
            played,
        }
    }
}
