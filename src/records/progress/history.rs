//! Evidence from the attempt history: every stored attempt of a trainee (or of everyone)
//! replayed on the scenarios known here, so progress is never built from a score taken on
//! trust. What a replay works out is kept beside the attempt (see `kept`), so an attempt is
//! replayed once per model, not on every look. Attempts that do not replay are set aside
//! with the reason.

use crate::authoring::load::LoadedScenario;
use crate::engine::catalogue::Knowledge;
use crate::records::attempts::{Attempt, Rejection};
use crate::records::progress::evidence::{AttemptEvidence, attempt_evidence};
use crate::records::progress::kept::{decode, encode, model_key};
use crate::records::store::Store;
use std::collections::HashSet;

/// An attempt left out of progress, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub attempt: String,
    pub trainee: String,
    pub reason: Rejection,
}

/// The evidence of every attempt that replays, oldest first, and the attempts that do not.
#[derive(Clone, Debug, Default)]
pub struct Gathered {
    pub evidence: Vec<AttemptEvidence>,
    pub skipped: Vec<Skipped>,
    /// Evidence worked out by replaying now, to keep for next time, under `model`.
    pub fresh: Vec<(String, Vec<u8>)>,
    pub model: String,
}

impl Gathered {
    /// Every trainee with evidence, sorted.
    pub fn trainees(&self) -> Vec<String> {
        let mut names: Vec<String> = self.evidence.iter().map(|e| e.trainee.clone()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// Keeps what was worked out now in `store` (which may be another connection to the same
    /// history, opened for writing). Keeping is an optimisation: failing to is harmless.
    pub fn keep(&self, store: &mut Store) -> Result<(), String> {
        if self.fresh.is_empty() {
            return Ok(());
        }
        store.put_evidence(&self.model, &self.fresh).map_err(|err| err.to_string())
    }
}

/// The evidence of the stored attempts of `trainee` (everyone's with `None`): kept evidence
/// where there is some under this model, otherwise the attempt replayed. Only attempts whose
/// scenario version is in `library` count, kept or not, exactly as a replay would decide.
pub fn gather(
    store: &Store,
    library: &[LoadedScenario],
    knowledge: &Knowledge,
    trainee: Option<&str>,
) -> Result<Gathered, String> {
    let model = model_key(knowledge);
    let known: HashSet<&str> = library.iter().map(|l| l.hash.as_str()).collect();
    let mut out = Gathered { model: model.clone(), ..Gathered::default() };
    store.for_each_evidence(&model, trainee, |row| {
        if !known.contains(row.scenario_hash.as_str()) {
            let reason = Rejection::UnknownScenario { scenario: row.scenario.clone() };
            out.skipped.push(Skipped { attempt: row.id, trainee: row.trainee, reason });
            return Ok(());
        }
        if let Some(evidence) = row.data.as_deref().and_then(|data| decode(&row, data)) {
            out.evidence.push(evidence);
            return Ok(());
        }
        let parsed: Result<Attempt, Rejection> = match &row.record {
            Some(record) => serde_json::from_str(record)
                .map_err(|err| Rejection::Malformed { reason: format!("its stored record is damaged: {err}") }),
            None => Err(Rejection::Malformed { reason: "its stored record is missing".to_owned() }),
        };
        match parsed.and_then(|attempt| attempt_evidence(&attempt, library)) {
            Ok(evidence) => {
                out.fresh.push((evidence.attempt.clone(), encode(&evidence)));
                out.evidence.push(evidence);
            }
            Err(reason) => out.skipped.push(Skipped { attempt: row.id, trainee: row.trainee, reason }),
        }
        Ok(())
    })?;
    Ok(out)
}
