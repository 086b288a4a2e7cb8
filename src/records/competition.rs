//! Practice competitions: a RON file in `scenarios/competitions/` naming the scenarios, one
//! seed each (so everyone meets the same customer lines), an optional reply time limit, an
//! optional window, and the teams. Proven on load like a scenario, and the rules attempts
//! must keep to count.

use crate::authoring::files::read_capped;
use crate::authoring::load::MAX_FILE_BYTES;
use crate::authoring::load::{LoadFailure, LoadedScenario, decode};
use crate::authoring::ron::parse_ron;
use crate::authoring::spans::SpanIndex;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::disc::DiscProfile;
use crate::records::attempts::{Attempt, check_plausible, verify};
use crate::records::time::parse_utc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// The scenario's id.
    pub scenario: String,
    pub seed: u64,
    /// The personality to play, if not the scenario's main one.
    #[serde(default)]
    pub disc: Option<DiscProfile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: String,
    pub members: Vec<String>,
}

/// A competition file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competition {
    pub name: String,
    pub rounds: Vec<Round>,
    /// Seconds allowed per reply.
    #[serde(default)]
    pub reply_seconds: Option<u32>,
    /// UTC times as `2026-11-01T09:00:00Z`.
    #[serde(default)]
    pub starts: Option<String>,
    #[serde(default)]
    pub ends: Option<String>,
    /// Finished attempts a trainee may make at each round on a live server (1 unless set).
    #[serde(default)]
    pub attempts: Option<u32>,
    /// Which of them counts when more than one is allowed (the best unless set).
    #[serde(default)]
    pub counts: Option<Counts>,
    pub teams: Vec<Team>,
}

/// Which of a trainee's finished attempts at a round counts on a live server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Counts {
    First,
    Best,
    Last,
}

impl Competition {
    /// The team `trainee` plays for, if any (a trainee is in one team at most: the loader
    /// refuses a file that lists someone twice).
    pub fn team_of(&self, trainee: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.members.iter().any(|m| m == trainee))
    }

    /// Why an attempt by `trainee`, claiming `claimed`, cannot count for a team, if it cannot.
    pub fn team_problem(&self, trainee: &str, claimed: Option<&str>) -> Option<String> {
        match (self.team_of(trainee), claimed) {
            (None, _) => Some(format!("{trainee} is not in any team of {}", self.name)),
            (Some(team), Some(claimed)) if claimed != team.name => {
                Some(format!("{trainee} plays for {}, not {claimed}", team.name))
            }
            _ => None,
        }
    }

    /// The window as Unix milliseconds: attempts must end inside it. The store's query and
    /// [`breaks_rules`] both read it from here.
    pub fn window_ms(&self) -> (Option<i64>, Option<i64>) {
        (self.starts.as_deref().and_then(parse_utc), self.ends.as_deref().and_then(parse_utc))
    }

    /// The window in words for the picker, whichever of its ends are set.
    pub fn window_text(&self) -> Option<String> {
        match (&self.starts, &self.ends) {
            (Some(starts), Some(ends)) => Some(format!("{starts} to {ends}")),
            (Some(starts), None) => Some(format!("from {starts}, no end")),
            (None, Some(ends)) => Some(format!("until {ends}")),
            (None, None) => None,
        }
    }

    /// Finished attempts allowed at each round on a live server.
    pub fn attempts_allowed(&self) -> u32 {
        self.attempts.unwrap_or(1).max(1)
    }

    /// Which attempt counts: the first when only one is allowed.
    pub fn counting(&self) -> Counts {
        match (self.attempts_allowed(), self.counts) {
            (1, _) => Counts::First,
            (_, counts) => counts.unwrap_or(Counts::Best),
        }
    }

    /// The rules a live server enforces, in sentences a trainee reads on joining.
    pub fn rules(&self) -> Vec<String> {
        let mut rules = vec![match (self.attempts_allowed(), self.counting()) {
            (1, _) => "Each round is played once: your first finished attempt counts and the round cannot be \
                       started again."
                .to_owned(),
            (n, Counts::First) => format!("Each round may be played {n} times; the first finished attempt counts."),
            (n, Counts::Best) => format!("Each round may be played {n} times; your best finished attempt counts."),
            (n, Counts::Last) => format!("Each round may be played {n} times; your last finished attempt counts."),
        }];
        rules.push(
            "Until the organiser closes the competition a finished round shows your grade and your own replies' \
             feedback; the best replies are shown after the close."
                .to_owned(),
        );
        if let Some(seconds) = self.reply_seconds {
            rules.push(format!(
                "Each reply must come within {seconds} s of the customer's line; a later reply is refused and that \
                 attempt does not count."
            ));
        }
        if let Some(ends) = &self.ends {
            rules.push(format!("Rounds can be played until {ends} (UTC); after that they are refused."));
        }
        rules.push("Trainees with the same percentage share a rank: reply speed never breaks a tie.".to_owned());
        rules
    }

    /// The longest a reply may take, in milliseconds.
    pub fn reply_limit_ms(&self) -> Option<u64> {
        self.reply_seconds.map(|s| u64::from(s) * 1000)
    }
}

/// Why an attempt does not count in a competition, if it does not.
pub fn breaks_rules(competition: &Competition, attempt: &Attempt) -> Option<String> {
    let Some(round) = competition.rounds.iter().find(|r| r.scenario == attempt.scenario) else {
        return Some(format!("`{}` is not part of {}", attempt.scenario, competition.name));
    };
    if attempt.seed != round.seed {
        return Some(format!("it was played with seed {}, the competition uses {}", attempt.seed, round.seed));
    }
    if let Some(profile) = round.disc
        && attempt.disc != profile.to_string()
    {
        return Some(format!("it was played as {}, the competition plays {profile}", attempt.disc));
    }
    let (starts, ends) = competition.window_ms();
    if let Some(starts) = starts
        && attempt.ended_at_ms < starts
    {
        return Some(format!(
            "it finished before the competition started ({})",
            competition.starts.as_deref().unwrap_or("")
        ));
    }
    if let Some(ends) = ends
        && attempt.ended_at_ms > ends
    {
        return Some(format!(
            "it finished after the competition ended ({})",
            competition.ends.as_deref().unwrap_or("")
        ));
    }
    if let Some(limit) = competition.reply_limit_ms()
        && let Some((i, ms)) = attempt.response_ms.iter().enumerate().find(|(_, ms)| **ms > limit)
    {
        return Some(format!("reply {} took {:.1} s, over the {} s limit", i + 1, *ms as f64 / 1000.0, limit / 1000));
    }
    competition.team_problem(&attempt.trainee, attempt.team.as_deref())
}

/// The attempts that count on a live server, from every finished one (in any order): per
/// trainee and scenario, the first `attempts` to finish are allowed, and of those the first,
/// the last or all (the leaderboard takes the best) as the competition says.
pub fn counted<'a>(competition: &Competition, attempts: &[&'a Attempt]) -> Vec<&'a Attempt> {
    let mut by_round: BTreeMap<(&str, &str), Vec<&'a Attempt>> = BTreeMap::new();
    for attempt in attempts {
        by_round.entry((&attempt.trainee, &attempt.scenario)).or_default().push(attempt);
    }
    let allowed = competition.attempts_allowed() as usize;
    let mut out = Vec::new();
    for (_, mut tries) in by_round {
        tries.sort_by_key(|a| (a.ended_at_ms, a.started_at_ms));
        tries.truncate(allowed);
        match competition.counting() {
            Counts::First => out.extend(tries.first()),
            Counts::Last => out.extend(tries.last()),
            Counts::Best => out.extend(tries),
        }
    }
    out
}

/// No competition reply counts if it came faster than this after the replies appeared.
pub const HUMAN_MIN_REPLY_MS: u64 = 300;

/// Why an imported attempt does not count, if it does not: its plausibility, its replay,
/// then the rules of the competition it claims. An attempt that claims a competition unknown
/// here is refused: its rules cannot be checked.
pub fn import_check(
    attempt: &Attempt,
    library: &[LoadedScenario],
    competitions: &[Competition],
    now_ms: i64,
) -> Result<(), String> {
    check_plausible(attempt, now_ms)?;
    verify(attempt, library).map_err(|r| r.to_string())?;
    let Some(name) = &attempt.competition else { return Ok(()) };
    // In a competition the times rank trainees, so they must be a person's: a reply faster
    // than anyone can read and choose is a script or an edit.
    if let Some((i, ms)) = attempt.response_ms.iter().enumerate().find(|(_, ms)| **ms < HUMAN_MIN_REPLY_MS) {
        return Err(format!(
            "reply {} took {ms} ms, faster than a person can read the replies and choose ({HUMAN_MIN_REPLY_MS} ms)",
            i + 1
        ));
    }
    let competition = competitions
        .iter()
        .find(|c| &c.name == name)
        .ok_or_else(|| format!("competition `{name}` is not known here"))?;
    match breaks_rules(competition, attempt) {
        Some(reason) => Err(format!("breaks the rules of {name}: {reason}")),
        None => Ok(()),
    }
}

/// Loads and proves a competition file against the scenarios known here.
pub fn load_competition(
    file_name: &str,
    source: &str,
    scenarios: &[LoadedScenario],
) -> Result<Competition, Vec<Diagnostic>> {
    let competition: Competition = parse_ron(file_name, source)?;
    let spans = SpanIndex::build(source);
    let mut diagnostics = Vec::new();
    let known: Vec<&str> = scenarios.iter().map(|s| s.id()).collect();
    let error = |code: &str, message: String, at: Option<std::ops::Range<usize>>, label: &str| {
        Diagnostic::error(code, message).in_file(file_name).at(at, label.to_owned())
    };
    if competition.name.trim().is_empty() {
        diagnostics.push(error(
            "empty-field",
            "the competition has no name".into(),
            spans.value(&["name".into()]),
            "name it",
        ));
    }
    if competition.rounds.is_empty() {
        diagnostics.push(error(
            "no-rounds",
            "the competition has no scenarios".into(),
            spans.value(&["rounds".into()]),
            "add at least one",
        ));
    }
    for (i, round) in competition.rounds.iter().enumerate() {
        let at = |field: &str| spans.value(&["rounds".into(), i.into(), field.into()]);
        match scenarios.iter().find(|s| s.id() == round.scenario) {
            None => diagnostics.push(
                error(
                    "unknown-scenario",
                    format!("no scenario has the id `{}`", round.scenario),
                    at("scenario"),
                    "not in the scenarios folder",
                )
                .suggest(&round.scenario, &known),
            ),
            Some(loaded) => {
                if let Some(profile) = round.disc
                    && loaded.variant(profile).is_none()
                {
                    let offered: Vec<String> = loaded.variants.iter().map(|v| v.scenario.profile.to_string()).collect();
                    diagnostics.push(
                        error(
                            "unknown-personality",
                            format!("`{}` cannot be played as {profile}", round.scenario),
                            at("disc"),
                            "not one of its personalities",
                        )
                        .note(format!("it offers {}", offered.join(", "))),
                    );
                }
            }
        }
        if competition.rounds[..i].iter().any(|r| r.scenario == round.scenario) {
            diagnostics.push(error(
                "duplicate-round",
                format!("`{}` appears twice", round.scenario),
                at("scenario"),
                "already in the competition",
            ));
        }
    }
    let mut times = Vec::new();
    for field in ["starts", "ends"] {
        let value = if field == "starts" { &competition.starts } else { &competition.ends };
        if let Some(text) = value {
            match parse_utc(text) {
                Some(ms) => times.push(ms),
                None => diagnostics.push(error(
                    "bad-time",
                    format!("`{text}` is not a UTC time"),
                    spans.value(&[field.into()]),
                    "write it as 2026-11-01T09:00:00Z",
                )),
            }
        }
    }
    if let (Some(starts), Some(ends)) =
        (competition.starts.as_deref().and_then(parse_utc), competition.ends.as_deref().and_then(parse_utc))
        && ends <= starts
    {
        diagnostics.push(error(
            "bad-time",
            "the competition ends before it starts".into(),
            spans.value(&["ends".into()]),
            "after `starts`",
        ));
    }
    if competition.attempts == Some(0) {
        diagnostics.push(error(
            "bad-attempts",
            "0 attempts per round allows no play".into(),
            spans.value(&["attempts".into()]),
            "use at least 1, or leave it out",
        ));
    }
    if competition.reply_seconds == Some(0) {
        diagnostics.push(error(
            "bad-limit",
            "a reply limit of 0 seconds allows no reply".into(),
            spans.value(&["reply_seconds".into()]),
            "use at least 1, or leave it out",
        ));
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (t, team) in competition.teams.iter().enumerate() {
        if team.members.is_empty() {
            diagnostics.push(error(
                "empty-team",
                format!("team `{}` has no members", team.name),
                spans.value(&["teams".into(), t.into(), "members".into()]),
                "add its members",
            ));
        }
        for (m, member) in team.members.iter().enumerate() {
            if let Some(other) = seen.insert(member.as_str(), team.name.as_str()) {
                diagnostics.push(error(
                    "member-twice",
                    format!("{member} is in {other} and in {}", team.name),
                    spans.value(&["teams".into(), t.into(), "members".into(), m.into()]),
                    "a trainee plays for one team",
                ));
            }
        }
    }
    if diagnostics.is_empty() { Ok(competition) } else { Err(diagnostics) }
}

/// Reads and proves one competition file; an unreadable or broken one becomes a failure with
/// its located diagnostics.
pub fn load_competition_file(path: &Path, scenarios: &[LoadedScenario]) -> Result<Competition, LoadFailure> {
    let name = path.display().to_string();
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|message| LoadFailure {
        file_name: name.clone(),
        source: String::new(),
        diagnostics: vec![Diagnostic::error("io", message).in_file(&name)],
    })?;
    let source = decode(&name, &bytes)?;
    load_competition(&name, &source, scenarios).map_err(|diagnostics| LoadFailure {
        file_name: name,
        source,
        diagnostics,
    })
}

/// Every `*.ron` competition in `dir` (usually `scenarios/competitions/`), in name order.
pub fn load_competition_dir(dir: &Path, scenarios: &[LoadedScenario]) -> Vec<Result<Competition, LoadFailure>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files.iter().map(|path| load_competition_file(path, scenarios)).collect()
}

/// One line of a leaderboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub rank: usize,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub percent: i64,
    /// Total response time of the attempts counted, shown but never ranked on: a script
    /// replying at the human minimum would otherwise outrank a person with the same score.
    pub response_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leaderboard {
    pub competition: String,
    /// Scenario id → trainees by their best attempt.
    pub rounds: BTreeMap<String, Vec<Standing>>,
    /// Trainees by the mean of their best attempts over every round (a missing round counts 0).
    pub trainees: Vec<Standing>,
    /// Teams by the mean of their members' overall scores.
    pub teams: Vec<Standing>,
}

/// Highest percentage first; equal percentages share a rank (1, 1, 3), listed by name.
fn ranked(mut rows: Vec<Standing>) -> Vec<Standing> {
    rows.sort_by(|a, b| b.percent.cmp(&a.percent).then(a.name.cmp(&b.name)));
    let mut rank = 0;
    for i in 0..rows.len() {
        if i == 0 || rows[i].percent != rows[i - 1].percent {
            rank = i + 1;
        }
        rows[i].rank = rank;
    }
    rows
}

/// What a leaderboard needs of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub trainee: String,
    pub team: Option<String>,
    pub scenario: String,
    pub percent: i64,
    pub response_ms: u64,
}

impl Entry {
    /// What the leaderboard needs of an attempt.
    pub fn of(attempt: &Attempt) -> Entry {
        Entry {
            trainee: attempt.trainee.clone(),
            team: attempt.team.clone(),
            scenario: attempt.scenario.clone(),
            percent: attempt.score.percent,
            response_ms: attempt.total_response_ms(),
        }
    }
}

/// The leaderboard from entries already filtered by the rules the database can check; team
/// membership is checked here.
pub fn leaderboard_of(competition: &Competition, entries: &[Entry]) -> Leaderboard {
    // trainee → scenario → (percent, response ms) of the best attempt
    let mut best: BTreeMap<&str, BTreeMap<&str, (i64, u64)>> = BTreeMap::new();
    for attempt in entries {
        if competition.team_problem(&attempt.trainee, attempt.team.as_deref()).is_some() {
            continue;
        }
        let entry = best.entry(&attempt.trainee).or_default();
        let candidate = (attempt.percent, attempt.response_ms);
        entry
            .entry(&attempt.scenario)
            .and_modify(|current| {
                if candidate.0 > current.0 || (candidate.0 == current.0 && candidate.1 < current.1) {
                    *current = candidate;
                }
            })
            .or_insert(candidate);
    }
    let team_of = |trainee: &str| competition.team_of(trainee).map(|t| t.name.clone());
    let rounds = competition
        .rounds
        .iter()
        .map(|round| {
            let rows = best
                .iter()
                .filter_map(|(trainee, by_scenario)| {
                    by_scenario.get(round.scenario.as_str()).map(|(percent, ms)| Standing {
                        rank: 0,
                        name: trainee.to_string(),
                        team: team_of(trainee),
                        percent: *percent,
                        response_ms: *ms,
                    })
                })
                .collect();
            (round.scenario.clone(), ranked(rows))
        })
        .collect();
    let rounds_count = competition.rounds.len().max(1) as i64;
    let overall = |trainee: &str| -> (i64, u64) {
        let by_scenario = best.get(trainee);
        let sum: i64 = by_scenario.map_or(0, |m| m.values().map(|(p, _)| p).sum());
        let ms: u64 = by_scenario.map_or(0, |m| m.values().map(|(_, ms)| ms).sum());
        (sum.div_euclid(rounds_count), ms)
    };
    let trainees = ranked(
        best.keys()
            .map(|trainee| {
                let (percent, ms) = overall(trainee);
                Standing { rank: 0, name: trainee.to_string(), team: team_of(trainee), percent, response_ms: ms }
            })
            .collect(),
    );
    let teams = ranked(
        competition
            .teams
            .iter()
            .map(|team| {
                let scores: Vec<(i64, u64)> = team.members.iter().map(|m| overall(m)).collect();
                let count = scores.len().max(1) as i64;
                Standing {
                    rank: 0,
                    name: team.name.clone(),
                    team: None,
                    percent: scores.iter().map(|(p, _)| p).sum::<i64>().div_euclid(count),
                    response_ms: scores.iter().map(|(_, ms)| ms).sum(),
                }
            })
            .collect(),
    );
    Leaderboard { competition: competition.name.clone(), rounds, trainees, teams }
}
