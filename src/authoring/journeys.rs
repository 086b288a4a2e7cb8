//! Saved playtests ("journeys"): a start (node, personality, mood, flags), the replies taken
//! and where they led with how many points. Kept beside the scenario in `NAME.journeys` (RON,
//! not `.ron`, so no library takes it for a scenario) and replayed by `validate` and the
//! tests: when an edit sends a saved journey elsewhere, the author hears of it.

use crate::authoring::files::{read_capped, write_text_atomically};
use crate::authoring::load::{LoadedScenario, MAX_FILE_BYTES, decode};
use crate::authoring::ron::parse_ron;
use crate::authoring::spans::SpanIndex;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::disc::DiscStyle;
use crate::engine::model::{CompiledNode, State};
use crate::engine::mood::Mood;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One saved playtest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// What the author called it.
    pub name: String,
    pub personality: DiscStyle,
    /// The node it starts at, with this mood and these flags set.
    pub from: String,
    pub mood: Mood,
    #[serde(default)]
    pub flags: Vec<String>,
    /// Each reply's number at its node, in file order (1 is the node's first reply).
    pub replies: Vec<usize>,
    /// The node the replies led to (an ending, or where the journey stopped).
    pub reaches: String,
    /// The points of the replies, and of the ending when one is reached.
    pub points: i64,
}

/// The journeys file of a scenario: `x.ron` → `x.journeys`.
pub fn journeys_path(scenario: &Path) -> PathBuf {
    scenario.with_extension("journeys")
}

/// The saved journeys of `scenario`; none when there is no file.
pub fn load(scenario: &Path) -> Result<Vec<Journey>, Vec<Diagnostic>> {
    read(scenario).map(|(_, journeys)| journeys)
}

/// The journeys file's text (empty when there is none) and the journeys in it, read once.
fn read(scenario: &Path) -> Result<(String, Vec<Journey>), Vec<Diagnostic>> {
    let path = journeys_path(scenario);
    if !path.exists() {
        return Ok((String::new(), Vec::new()));
    }
    let name = path.display().to_string();
    let bytes = read_capped(&path, MAX_FILE_BYTES).map_err(|m| vec![Diagnostic::error("io", m).in_file(&name)])?;
    let text = decode(&name, &bytes).map_err(|failure| failure.diagnostics)?;
    let journeys = parse_ron::<Vec<Journey>>(&name, &text)?;
    Ok((text, journeys))
}

/// Adds `journey` to the scenario's journeys file (written whole, atomically).
pub fn save(scenario: &Path, journey: Journey) -> Result<(), String> {
    let mut all = load(scenario).map_err(|d| {
        let first = d.first().map_or_else(String::new, |d| d.message.clone());
        format!("{} does not read ({first}); fix or remove it first", journeys_path(scenario).display())
    })?;
    all.retain(|j| j.name != journey.name);
    all.push(journey);
    let config = ron::ser::PrettyConfig::new().struct_names(false);
    let text = ron::ser::to_string_pretty(&all, config).map_err(|e| format!("cannot write the journeys: {e}"))?;
    let header = "// Saved playtests of the scenario beside this file, replayed by `hardcall validate`.\n";
    write_text_atomically(&journeys_path(scenario), &format!("{header}{text}\n"))
}

/// Where `journey` leads in `loaded` now: the node reached and the points, or why it cannot be
/// played (a personality, node, flag or reply that is not there any more).
pub fn replay(loaded: &LoadedScenario, journey: &Journey) -> Result<(String, i64), String> {
    let variant = loaded
        .variants
        .iter()
        .find(|v| v.scenario.profile.primary == journey.personality)
        .ok_or_else(|| format!("the customer is not played as {} any more", journey.personality))?;
    let scenario = &variant.scenario;
    let node = scenario
        .node_names
        .iter()
        .position(|n| *n == journey.from)
        .ok_or_else(|| format!("there is no node `{}` any more", journey.from))? as u32;
    let mut flags = 0u64;
    for flag in &journey.flags {
        let bit = scenario
            .flag_names
            .iter()
            .position(|f| f == flag)
            .ok_or_else(|| format!("no reply sets or tests the flag `{flag}` any more"))?;
        flags |= 1 << bit;
    }
    let mut state = State { node, mood: journey.mood.clamped(), flags };
    let mut points = 0i64;
    for (turn, &reply) in journey.replies.iter().enumerate() {
        let here = &scenario.node_names[state.node as usize];
        let CompiledNode::Say { choices, .. } = scenario.node(state.node) else {
            return Err(format!("the conversation ends at `{here}` before reply {} of the journey", turn + 1));
        };
        if reply == 0 || reply > choices.len() {
            return Err(format!("`{here}` has no reply {reply} any more ({} replies)", choices.len()));
        }
        if !scenario.available(state).any(|i| i == reply - 1) {
            return Err(format!("reply {reply} at `{here}` is not offered on this journey any more"));
        }
        points += i64::from(scenario.choice(state.node, reply - 1).points);
        state = scenario.step(state, reply - 1).next;
    }
    if let CompiledNode::End { points: ending, .. } = scenario.node(state.node) {
        points += i64::from(*ending);
    }
    Ok((scenario.node_names[state.node as usize].clone(), points))
}

/// The journeys file's text, and an error for each saved journey of `scenario` that no longer
/// goes where it went, located in that text.
pub fn check(loaded: &LoadedScenario, scenario: &Path) -> (String, Vec<Diagnostic>) {
    let (text, journeys) = match read(scenario) {
        Ok(read) => read,
        Err(diagnostics) => return (String::new(), diagnostics),
    };
    let name = journeys_path(scenario).display().to_string();
    let spans = SpanIndex::build(&text);
    let mut found = Vec::new();
    for (i, journey) in journeys.iter().enumerate() {
        let at = spans.value(&[i.into()]);
        let problem = match replay(loaded, journey) {
            Err(why) => Some(why),
            Ok((reached, points)) if reached != journey.reaches || points != journey.points => Some(format!(
                "it now reaches `{reached}` with {points} points, not `{}` with {}",
                journey.reaches, journey.points
            )),
            Ok(_) => None,
        };
        if let Some(problem) = problem {
            found.push(
                Diagnostic::error("journey", format!("the saved playtest \"{}\" changed: {problem}", journey.name))
                    .in_file(&name)
                    .at(at, "saved here")
                    .note("if the change is meant, play it again in the studio and save it over this one"),
            );
        }
    }
    (text, found)
}
