//! The compact form evidence is kept in beside the attempts, and the key of the model it was
//! worked out under: the evidence rules (their version here) and the knowledge the scenarios
//! are judged by. Another key, and the evidence is worked out again from the attempts.

use crate::engine::catalogue::Knowledge;
use crate::records::progress::evidence::{AttemptEvidence, Opportunity};

/// Bumped whenever what counts as a chance changes, so kept evidence is rebuilt.
pub const EVIDENCE_VERSION: u32 = 1;

/// The model evidence is worked out under.
pub fn model_key(knowledge: &Knowledge) -> String {
    let catalogue = serde_json::to_string(&knowledge.catalogue).expect("the catalogue always serialises");
    let disc = serde_json::to_string(&knowledge.disc).expect("the DISC table always serialises");
    let text = format!("evidence {EVIDENCE_VERSION}\u{1f}{catalogue}\u{1f}{disc}");
    blake3::hash(text.as_bytes()).to_hex()[..32].to_owned()
}

/// The first byte of every kept record.
const FORMAT: u8 = 2;

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.extend((text.len() as u32).to_le_bytes());
    out.extend(text.as_bytes());
}

/// An attempt's evidence as little-endian bytes: who, what and when, the review it is (if
/// any), the anti-patterns committed and the chances. Everything progress reads of an
/// attempt, so a history is read without its records.
pub fn encode(e: &AttemptEvidence) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + e.mistakes.len() * 8 + e.opportunities.len() * 13);
    out.push(FORMAT);
    for text in [&e.trainee, &e.scenario, &e.scenario_hash, &e.disc] {
        put_text(&mut out, text);
    }
    out.extend(e.ended_at_ms.to_le_bytes());
    out.extend(e.percent.to_le_bytes());
    match &e.review_of {
        Some((of, turn)) => {
            out.push(1);
            out.extend(turn.to_le_bytes());
            put_text(&mut out, of);
        }
        None => out.push(0),
    }
    out.extend((e.mistakes.len() as u32).to_le_bytes());
    for (turn, skill) in &e.mistakes {
        out.extend(turn.to_le_bytes());
        out.extend(skill.to_le_bytes());
    }
    out.extend((e.opportunities.len() as u32).to_le_bytes());
    for o in &e.opportunities {
        out.extend(o.turn.to_le_bytes());
        out.extend(o.skill.to_le_bytes());
        out.push(u8::from(o.taken));
        out.extend((o.hits.min(u32::from(u16::MAX)) as u16).to_le_bytes());
        out.extend((o.offered.min(u32::from(u16::MAX)) as u16).to_le_bytes());
    }
    out
}

/// Reads bytes in order; `None` once they run out.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i64(&mut self) -> Option<i64> {
        self.take(8).map(|b| i64::from_le_bytes(b.try_into().expect("eight bytes")))
    }
    fn text(&mut self) -> Option<String> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok().map(str::to_owned)
    }
}

/// The evidence of attempt `id` from its kept bytes, if they read back whole; `None` for
/// anything else, which is then worked out again.
pub fn decode(id: &str, data: &[u8]) -> Option<AttemptEvidence> {
    let mut r = Reader(data);
    if r.u8()? != FORMAT {
        return None;
    }
    let (trainee, scenario, scenario_hash, disc) = (r.text()?, r.text()?, r.text()?, r.text()?);
    let (ended_at_ms, percent) = (r.i64()?, r.i64()?);
    let review_of = match r.u8()? {
        0 => None,
        1 => {
            let turn = r.u32()?;
            Some((r.text()?, turn))
        }
        _ => return None,
    };
    let count = r.u32()? as usize;
    if count > r.0.len() / 8 {
        return None;
    }
    let mistakes = (0..count).map(|_| Some((r.u32()?, r.u32()?))).collect::<Option<Vec<_>>>()?;
    let count = r.u32()? as usize;
    if count > r.0.len() / 13 {
        return None;
    }
    let mut opportunities = Vec::with_capacity(count);
    for _ in 0..count {
        let (turn, skill) = (r.u32()?, r.u32()?);
        let taken = r.u8()? != 0;
        let (hits, offered) = (u32::from(r.u16()?), u32::from(r.u16()?));
        opportunities.push(Opportunity { turn, skill, taken, hits, offered });
    }
    if !r.0.is_empty() {
        return None;
    }
    Some(AttemptEvidence {
        attempt: id.to_owned(),
        trainee,
        scenario,
        scenario_hash,
        disc,
        ended_at_ms,
        percent,
        review_of,
        mistakes,
        opportunities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_evidence_reads_back_exactly_and_damage_is_noticed() {
        let evidence = AttemptEvidence {
            attempt: "a1".into(),
            trainee: "Ana \u{e9}".into(),
            scenario: "double-charge".into(),
            scenario_hash: "h".into(),
            disc: "Dominant".into(),
            ended_at_ms: -5,
            percent: 40,
            review_of: Some(("a0".into(), 3)),
            mistakes: vec![(1, 30), (4, 26)],
            opportunities: vec![
                Opportunity { turn: 0, skill: 8, taken: true, hits: 1, offered: 3 },
                Opportunity { turn: 4, skill: 26, taken: false, hits: 2, offered: 4 },
            ],
        };
        let bytes = encode(&evidence);
        assert_eq!(decode("a1", &bytes), Some(evidence.clone()));
        let plain = AttemptEvidence { review_of: None, mistakes: Vec::new(), ..evidence };
        assert_eq!(decode("a1", &encode(&plain)), Some(plain));
        for cut in 0..bytes.len() {
            assert_eq!(decode("a1", &bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode("a1", &longer), None);
        let mut other = bytes;
        other[0] = 9;
        assert_eq!(decode("a1", &other), None);
    }
}
