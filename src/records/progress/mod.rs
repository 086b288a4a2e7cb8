//! Progress per strategy: the evidence each replayed attempt gives (evidence, history, kept), the
//! mastery estimate it feeds (bkt), when to review (review, days), one learner's progress
//! (learner), what to practise next (plan), and a cohort of learners (cohort) written for
//! people (page, spreadsheet).

pub mod bkt;
pub mod cohort;
pub mod days;
pub mod evidence;
pub mod history;
pub mod kept;
pub mod learner;
pub mod page;
pub mod plan;
pub mod review;
pub mod spreadsheet;

pub use cohort::{Cohort, cohort};
pub use days::{Clock, Day};
pub use evidence::{AttemptEvidence, Opportunity, attempt_evidence};
pub use learner::{LearnerProgress, Options, SkillProgress, SkillState, learner_progress};
pub use plan::{Offer, Pick, offers, plan};
