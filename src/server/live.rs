//! A live conversation rebuilt from what is stored, and what a trainee may see of it: the
//! customer's line, the mood, the replies on offer in the shuffled order, and the score card
//! only once the conversation is over. Never the graph, other replies' scores or the best path.

use crate::authoring::load::{LoadedScenario, Variant};
use crate::engine::card::score_card;
use crate::engine::session::Session;
use crate::records::attempts::Attempt;
use crate::records::competition::{Competition, Round};
use crate::records::live::{RoundBrief, SealedCard, ShownReply, TurnView};
use crate::server::db::StoredSession;

/// A round of the competition, ready to play: its scenario and the personality it uses.
pub struct LiveRound<'a> {
    pub round: &'a Round,
    pub loaded: &'a LoadedScenario,
    pub variant: &'a Variant,
}

/// The rounds of `competition` found in `library`, or which round names a scenario that is
/// not there.
pub fn rounds<'a>(competition: &'a Competition, library: &'a [LoadedScenario]) -> Result<Vec<LiveRound<'a>>, String> {
    competition
        .rounds
        .iter()
        .map(|round| {
            let loaded = library
                .iter()
                .find(|l| l.id() == round.scenario)
                .ok_or_else(|| format!("round `{}` names a scenario that is not loaded", round.scenario))?;
            let variant = match round.disc {
                Some(profile) => loaded
                    .variant(profile)
                    .ok_or_else(|| format!("`{}` cannot be played as {profile}", round.scenario))?,
                None => loaded.main(),
            };
            Ok(LiveRound { round, loaded, variant })
        })
        .collect()
}

/// A stored conversation replayed: the same scenario, seed and replies always give the same
/// session, on any server.
pub fn replay(live: &LiveRound, stored: &StoredSession) -> Result<Session, String> {
    let order_seed = stored.order_seed.unwrap_or(live.round.seed);
    let (mut session, _) = Session::start_ordered(live.variant.scenario.clone(), live.round.seed, order_seed);
    session.play(&stored.replies).map_err(|(i, err)| format!("stored reply {} no longer replays: {err}", i + 1))?;
    Ok(session)
}

/// What a trainee is told of a round before playing it.
pub fn brief(number: usize, live: &LiveRound) -> RoundBrief {
    let file = live.loaded.file();
    RoundBrief {
        round: number,
        title: file.title.clone(),
        customer: file.customer.name.clone(),
        channel: file.channel.label().to_owned(),
        medium: file.channel,
        summary: file.summary.clone(),
        difficulty: file.difficulty.to_string(),
        personality: live.variant.scenario.profile.to_string(),
        turn_limit: live.variant.scenario.turn_limit(),
        dossier: file.customer.dossier.clone(),
        look: Some(file.appearance()),
    }
}

/// What the trainee sees of `session` now; a finished one's card is sealed while the
/// competition is `open`.
pub fn view(live: &LiveRound, stored: &StoredSession, session: &Session, open: bool) -> TurnView {
    let file = live.loaded.file();
    let over = session.is_over();
    let offer = if over {
        Vec::new()
    } else {
        session
            .offer()
            .iter()
            .enumerate()
            .map(|(i, text)| ShownReply { shown: i + 1, text: (*text).to_owned() })
            .collect()
    };
    // The customer's line now, or their last words once it is over.
    let line = session.current_line().unwrap_or_default().to_owned();
    let mood = session.mood();
    let node = session.ending().map_or(session.state().node, |e| e.node);
    TurnView {
        session: stored.id.clone(),
        round: stored.round + 1,
        title: file.title.clone(),
        customer: file.customer.name.clone(),
        channel: file.channel.label().to_owned(),
        medium: file.channel,
        personality: live.variant.scenario.profile.to_string(),
        turn: session.turns().len() + usize::from(!over),
        turn_limit: live.variant.scenario.turn_limit(),
        temper: mood.temper,
        trust: mood.trust,
        line,
        expression: live.variant.scenario.expression(node),
        offer,
        finished: over,
        outcome: session.ending().map(|e| e.outcome.label().to_owned()),
        card: (over && !open).then(|| score_card(session, &live.variant.analysis)),
        secret: None,
        sealed: (over && open).then(|| SealedCard::of(&score_card(session, &live.variant.analysis))),
    }
}

/// A finished conversation as an attempt, stamped with the server's clock: what export and
/// the leaderboard count.
pub fn attempt(live: &LiveRound, stored: &StoredSession, session: &Session, competition: &Competition) -> Attempt {
    let card = score_card(session, &live.variant.analysis);
    let mut attempt = Attempt::record(
        live.loaded,
        session,
        &card,
        &stored.trainee,
        Some(&stored.team),
        stored.reply_ms.clone(),
        stored.started_ms,
        stored.last_ms,
    );
    attempt.competition = Some(competition.name.clone());
    attempt.id = attempt.content_id();
    attempt
}
