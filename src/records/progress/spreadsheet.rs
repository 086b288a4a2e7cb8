//! The cohort as CSV for a spreadsheet: one row per learner and strategy met (RFC 4180, CRLF,
//! with text a spreadsheet would run as a formula neutralised).

use crate::records::export::neutralise;
use crate::records::progress::bkt::ONE;
use crate::records::progress::cohort::Cohort;

pub const HEADER: [&str; 14] = [
    "trainee",
    "strategy",
    "name",
    "avoid",
    "state",
    "taken",
    "offered",
    "taken_percent",
    "estimate_percent",
    "first",
    "latest",
    "last_practised",
    "review_on",
    "stuck",
];

/// Every learner × strategy they met, learners by name, strategies in the catalogue's order.
pub fn cohort_csv(cohort: &Cohort) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(HEADER).expect("writing to memory cannot fail");
    for learner in &cohort.learners {
        for skill in learner.skills.iter().filter(|s| s.tally.offered > 0) {
            let stuck = cohort.stuck.iter().any(|s| s.trainee == learner.trainee && s.skill == skill.id);
            let pair = |t: Option<crate::records::progress::learner::Tally>| {
                t.map(|t| format!("{} of {}", t.taken, t.offered)).unwrap_or_default()
            };
            let row = [
                neutralise(&learner.trainee),
                skill.id.clone(),
                neutralise(&skill.name),
                skill.avoid.to_string(),
                skill.state.label().to_owned(),
                skill.tally.taken.to_string(),
                skill.tally.offered.to_string(),
                skill.tally.percent().to_string(),
                ((skill.estimate * 100 + ONE / 2) / ONE).to_string(),
                pair(skill.first),
                pair(skill.latest),
                skill.last_practised.map(|d| d.date()).unwrap_or_default(),
                skill.review_on.map(|d| d.date()).unwrap_or_default(),
                stuck.to_string(),
            ];
            writer.write_record(&row).expect("writing to memory cannot fail");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory cannot fail")).expect("CSV of UTF-8 text is UTF-8")
}
