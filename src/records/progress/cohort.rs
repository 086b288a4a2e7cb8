//! A cohort of learners for their trainer: every learner's progress, the learner × strategy
//! grid, who is stuck (many chances at a strategy, still more likely not known than known), who has not
//! practised for a week, and the strategies the cohort finds hardest.

use crate::engine::catalogue::Catalogue;
use crate::records::progress::bkt::ONE;
use crate::records::progress::days::Day;
use crate::records::progress::evidence::AttemptEvidence;
use crate::records::progress::learner::{LearnerProgress, Options, SkillState, Tally, learner_progress_of, skill_name};
use serde::Serialize;
use std::collections::BTreeMap;

/// A learner with this many chances at a strategy whose estimate is still below one half
/// (the model thinks it more likely not known than known) is stuck.
pub const STUCK_CHANCES: u32 = 8;
/// A learner whose last practice is this many days ago or more has gone quiet.
pub const IDLE_DAYS: i64 = 7;
/// How many strategies the weakest list names.
pub const WEAKEST: usize = 5;

/// One strategy over the cohort.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CohortSkill {
    pub id: String,
    pub name: String,
    pub avoid: bool,
    /// Learners who had a chance at it, and of them how many mastered it (due for review
    /// included).
    pub learners: u32,
    pub mastered: u32,
    /// Every learner's chances, pooled.
    pub tally: Tally,
}

/// A learner stuck on a strategy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stuck {
    pub trainee: String,
    pub skill: String,
    pub name: String,
    pub tally: Tally,
    /// Parts per million.
    pub estimate: u64,
}

/// A learner who has not practised for a while.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Idle {
    pub trainee: String,
    pub last_practice: Day,
    pub days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cohort {
    pub today: Day,
    /// By name.
    pub learners: Vec<LearnerProgress>,
    /// In the catalogue's order.
    pub skills: Vec<CohortSkill>,
    /// The ids of the strategies met by someone with the lowest share of chances taken,
    /// hardest first.
    pub weakest: Vec<String>,
    /// Most chances first.
    pub stuck: Vec<Stuck>,
    /// Longest quiet first.
    pub idle: Vec<Idle>,
}

impl Cohort {
    pub fn skill(&self, id: &str) -> Option<&CohortSkill> {
        self.skills.iter().find(|s| s.id == id)
    }

    /// The strategies any learner has met: the grid's columns.
    pub fn met(&self) -> impl Iterator<Item = (usize, &CohortSkill)> {
        self.skills.iter().enumerate().filter(|(_, s)| s.learners > 0)
    }
}

/// The cohort of everyone whose evidence is given.
pub fn cohort(evidence: &[AttemptEvidence], catalogue: &Catalogue, options: &Options) -> Cohort {
    let mut by_trainee: BTreeMap<&str, Vec<&AttemptEvidence>> = BTreeMap::new();
    for e in evidence {
        by_trainee.entry(e.trainee.as_str()).or_default().push(e);
    }
    // Each learner's progress depends on their attempts alone: worked out on every core,
    // each thread a contiguous run of learners, joined in order, so the result is the same.
    let groups: Vec<(&str, Vec<&AttemptEvidence>)> = by_trainee.into_iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = groups.len().div_ceil(threads).max(1);
    let learners: Vec<LearnerProgress> = std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(trainee, mine)| learner_progress_of(trainee, mine.clone(), catalogue, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a learner's progress never panics")).collect()
    });
    let today = options.clock.today();
    let mut skills: Vec<CohortSkill> = (0..catalogue.strategies.len())
        .map(|k| {
            let (name, avoid) = skill_name(catalogue, k);
            CohortSkill {
                id: catalogue.strategies[k].id.to_string(),
                name,
                avoid,
                learners: 0,
                mastered: 0,
                tally: Tally::default(),
            }
        })
        .collect();
    let mut stuck = Vec::new();
    let mut idle = Vec::new();
    for learner in &learners {
        for (k, skill) in learner.skills.iter().enumerate() {
            if skill.tally.offered == 0 {
                continue;
            }
            let pooled = &mut skills[k];
            pooled.learners += 1;
            pooled.mastered += u32::from(matches!(skill.state, SkillState::Mastered | SkillState::DueForReview));
            pooled.tally.offered += skill.tally.offered;
            pooled.tally.taken += skill.tally.taken;
            if skill.state == SkillState::Practising && skill.tally.offered >= STUCK_CHANCES && skill.estimate < ONE / 2
            {
                stuck.push(Stuck {
                    trainee: learner.trainee.clone(),
                    skill: skill.id.clone(),
                    name: skill.name.clone(),
                    tally: skill.tally,
                    estimate: skill.estimate,
                });
            }
        }
        if let Some(last) = learner.last_practice
            && today.0 - last.0 >= IDLE_DAYS
        {
            idle.push(Idle { trainee: learner.trainee.clone(), last_practice: last, days: today.0 - last.0 });
        }
    }
    stuck.sort_by(|a, b| {
        b.tally
            .offered
            .cmp(&a.tally.offered)
            .then_with(|| a.trainee.cmp(&b.trainee))
            .then_with(|| a.skill.cmp(&b.skill))
    });
    idle.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.trainee.cmp(&b.trainee)));
    // Hardest first: the lowest share taken (compared exactly, as cross products).
    let mut met: Vec<&CohortSkill> = skills.iter().filter(|s| s.tally.offered > 0).collect();
    met.sort_by(|a, b| {
        let left = u64::from(a.tally.taken) * u64::from(b.tally.offered);
        let right = u64::from(b.tally.taken) * u64::from(a.tally.offered);
        left.cmp(&right).then_with(|| b.tally.offered.cmp(&a.tally.offered)).then_with(|| a.id.cmp(&b.id))
    });
    let weakest = met.iter().take(WEAKEST).map(|s| s.id.clone()).collect();
    Cohort { today, learners, skills, weakest, stuck, idle }
}
