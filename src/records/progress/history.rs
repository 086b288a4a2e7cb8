//! Evidence from the attempt history: every stored attempt of a trainee (or of everyone)
//! replayed on the scenarios known here, so progress is never built from a score taken on
//! trust. What a replay works out is kept beside the attempt (see `kept`), so an attempt is
//! replayed once per model, not on every look. Attempts that do not replay are set aside
//! with the reason.

use crate::authoring::load::LoadedScenario;
use crate::engine::catalogue::Knowledge;
use crate::records::attempts::Rejection;
use crate::records::progress::evidence::{AttemptEvidence, attempt_evidence};
use crate::records::progress::kept::{decode, encode, model_key};
use crate::records::store::{DIGEST_MODULUS, Store};
use std::collections::HashSet;

/// An attempt left out of progress, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub attempt: String,
    pub trainee: String,
    pub reason: Rejection,
}

/// The evidence of every attempt that replays, in no particular order (progress sorts it by
/// time itself, without moving the evidence around), and the attempts that do not.
#[derive(Clone, Debug, Default)]
pub struct Gathered {
    pub evidence: Vec<AttemptEvidence>,
    pub skipped: Vec<Skipped>,
    /// Evidence worked out by replaying now, to keep for next time under `model`: (attempt,
    /// trainee, evidence).
    pub fresh: Vec<(String, String, Vec<u8>)>,
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
    let mut missing: Vec<String> = Vec::new();
    store
        .for_each_kept(&model, trainee, |id, data| match decode(id, data) {
            Some(evidence) => out.evidence.push(evidence),
            // Damaged: worked out again from the record.
            None => missing.push(id.to_owned()),
        })
        .map_err(|err| err.to_string())?;
    // The evidence kept is that of exactly the attempts there are when their number and the
    // sum of their end times agree (the history only ever gains attempts); otherwise the
    // attempts without evidence are found by their ids, and evidence of an attempt no longer
    // there (a history edited by hand) is dropped.
    let digest = store.attempts_digest(trainee).map_err(|err| err.to_string())?;
    let kept = (out.evidence.len() as i64, out.evidence.iter().map(|e| e.ended_at_ms % DIGEST_MODULUS).sum::<i64>());
    if !missing.is_empty() || kept != digest {
        let ids: HashSet<String> = store.attempt_ids(trainee).map_err(|err| err.to_string())?.into_iter().collect();
        out.evidence.retain(|e| ids.contains(&e.attempt));
        let have: HashSet<&str> = out.evidence.iter().map(|e| e.attempt.as_str()).collect();
        let mut absent: Vec<String> = ids.iter().filter(|id| !have.contains(id.as_str())).cloned().collect();
        absent.sort_unstable();
        missing.extend(absent);
        missing.sort_unstable();
        missing.dedup();
    }
    // Attempts played on a scenario version no longer here count no more, kept or not.
    let mut counted = Vec::with_capacity(out.evidence.len());
    for evidence in std::mem::take(&mut out.evidence) {
        if known.contains(evidence.scenario_hash.as_str()) {
            counted.push(evidence);
        } else {
            let reason = Rejection::UnknownScenario { scenario: evidence.scenario.clone() };
            out.skipped.push(Skipped { attempt: evidence.attempt, trainee: evidence.trainee, reason });
        }
    }
    out.evidence = counted;
    for id in missing {
        let attempt = match store.get(&id) {
            Ok(Some(attempt)) => attempt,
            // A record that does not read is named by the store's own account of damage.
            Ok(None) => continue,
            Err(err) => return Err(err.to_string()),
        };
        match attempt_evidence(&attempt, library) {
            Ok(evidence) => {
                out.fresh.push((evidence.attempt.clone(), evidence.trainee.clone(), encode(&evidence)));
                out.evidence.push(evidence);
            }
            Err(reason) => out.skipped.push(Skipped { attempt: attempt.id, trainee: attempt.trainee, reason }),
        }
    }
    Ok(out)
}
