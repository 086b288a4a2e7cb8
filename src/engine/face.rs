//! The customer's face as numbers: which named expressions they show, blended from their
//! mood, how the last reply landed and what the scenario's author asked for, the pose of
//! brows, lids, gaze, mouth and jaw that blend gives, and the idle life (blinks, breathing,
//! glances, the mouth moving while they speak) as a pure function of time.
//!
//! Nothing here draws: the game paints a `Pose`, tests check it.

use crate::engine::disc::DiscStyle;
use crate::engine::session::splitmix64;
use serde::{Deserialize, Serialize};

/// An expression the customer can show; an author can ask for one on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Expression {
    Neutral,
    Annoyed,
    Angry,
    Worried,
    #[serde(alias = "Skeptical")]
    Sceptical,
    Relieved,
    Pleased,
    Hurt,
}

impl Expression {
    pub const ALL: [Expression; 8] = [
        Expression::Neutral,
        Expression::Annoyed,
        Expression::Angry,
        Expression::Worried,
        Expression::Sceptical,
        Expression::Relieved,
        Expression::Pleased,
        Expression::Hurt,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Expression::Neutral => "neutral",
            Expression::Annoyed => "annoyed",
            Expression::Angry => "angry",
            Expression::Worried => "worried",
            Expression::Sceptical => "sceptical",
            Expression::Relieved => "relieved",
            Expression::Pleased => "pleased",
            Expression::Hurt => "hurt",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The face this expression makes on its own.
    pub fn pose(self) -> Pose {
        let neutral = Pose::NEUTRAL;
        match self {
            Expression::Neutral => neutral,
            Expression::Annoyed => Pose {
                brow_inner: -0.6,
                brow_outer: 0.1,
                lid_upper: 0.55,
                lid_lower: 0.35,
                mouth_corners: -0.45,
                mouth_width: -0.4,
                flush: 0.25,
                ..neutral
            },
            Expression::Angry => Pose {
                brow_inner: -1.0,
                brow_outer: 0.4,
                lid_upper: 0.62,
                lid_lower: 0.55,
                mouth_corners: -0.85,
                mouth_width: 0.2,
                jaw: 0.2,
                teeth: 0.9,
                flush: 1.0,
                head_tilt: -0.15,
                ..neutral
            },
            Expression::Worried => Pose {
                brow_inner: 1.0,
                brow_outer: -0.5,
                lid_upper: 0.95,
                lid_lower: 0.0,
                mouth_corners: -0.45,
                mouth_width: -0.3,
                jaw: 0.1,
                gaze: (0.0, 0.05),
                ..neutral
            },
            Expression::Sceptical => Pose {
                brow_inner: -0.25,
                brow_outer: 0.0,
                brow_raise_one: 1.0,
                lid_upper: 0.48,
                lid_lower: 0.4,
                mouth_corners: -0.15,
                mouth_width: -0.25,
                mouth_skew: 0.9,
                head_tilt: 0.4,
                ..neutral
            },
            Expression::Relieved => Pose {
                brow_inner: 0.5,
                brow_outer: -0.1,
                lid_upper: 0.42,
                lid_lower: 0.2,
                mouth_corners: 0.55,
                mouth_width: 0.2,
                jaw: 0.05,
                gaze: (0.0, 0.2),
                ..neutral
            },
            Expression::Pleased => Pose {
                brow_inner: 0.3,
                brow_outer: 0.3,
                lid_upper: 0.62,
                lid_lower: 0.65,
                mouth_corners: 1.0,
                mouth_width: 0.6,
                jaw: 0.25,
                teeth: 1.0,
                ..neutral
            },
            Expression::Hurt => Pose {
                brow_inner: 1.0,
                brow_outer: -0.7,
                lid_upper: 0.45,
                lid_lower: 0.1,
                mouth_corners: -0.8,
                mouth_width: -0.15,
                jaw: 0.04,
                gaze: (-0.3, 0.6),
                head_tilt: 0.35,
                ..neutral
            },
        }
    }
}

impl std::fmt::Display for Expression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How much of each expression the face shows; they add up to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights([f32; 8]);

impl Weights {
    /// All of one expression.
    pub fn only(expression: Expression) -> Weights {
        let mut weights = [0.0; 8];
        weights[expression.index()] = 1.0;
        Weights(weights)
    }

    pub fn of(&self, expression: Expression) -> f32 {
        self.0[expression.index()]
    }

    /// The expression shown most.
    pub fn dominant(&self) -> Expression {
        let mut best = Expression::Neutral;
        for expression in Expression::ALL {
            if self.of(expression) > self.of(best) {
                best = expression;
            }
        }
        best
    }

    fn normalised(mut raw: [f32; 8]) -> Weights {
        for w in &mut raw {
            *w = w.max(0.0);
        }
        let sum: f32 = raw.iter().sum();
        if sum <= f32::EPSILON {
            return Weights::only(Expression::Neutral);
        }
        Weights(raw.map(|w| w / sum))
    }

    /// The pose these weights blend to.
    pub fn pose(&self) -> Pose {
        let mut pose = Pose::ZERO;
        for expression in Expression::ALL {
            let w = self.of(expression);
            if w > 0.0 {
                pose = pose.plus(expression.pose(), w);
            }
        }
        pose
    }
}

/// How the trainee's last reply landed on the customer, as the face needs to know it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Impression {
    /// What the reply scored (its sign is what matters; a live round gives only a sign).
    pub points: i32,
    /// Whether the reply committed an anti-pattern (unknown in a live round: false).
    pub anti_pattern: bool,
    /// Seconds since the reply landed.
    pub age: f32,
}

/// How long the last reply shows on the face before the mood alone decides again.
pub const IMPRESSION_SECONDS: f32 = 3.0;
/// How much of the face an author's `expression` decides; the mood shows through the rest.
pub const AUTHORED_SHARE: f32 = 0.75;

/// Everything the expression depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Feeling {
    /// 0 calm .. 100 furious.
    pub temper: f32,
    /// 0 suspicious .. 100 trusting.
    pub trust: f32,
    pub impression: Option<Impression>,
    /// The expression the scenario asks for on the current line.
    pub authored: Option<Expression>,
    /// The personality being played: the same mood shows differently on each (see
    /// `Feeling::temperament`).
    pub style: Option<DiscStyle>,
}

/// 0 below `low`, 1 above `high`, smooth between.
fn smooth(low: f32, high: f32, x: f32) -> f32 {
    let t = ((x - low) / (high - low)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

impl Feeling {
    pub fn calm(temper: f32, trust: f32) -> Feeling {
        Feeling { temper, trust, impression: None, authored: None, style: None }
    }

    /// What the mood alone shows, before weighting.
    fn mood_weights(&self) -> [f32; 8] {
        let t = (self.temper / 100.0).clamp(0.0, 1.0);
        let r = (self.trust / 100.0).clamp(0.0, 1.0);
        let mut raw = [0.0; 8];
        raw[Expression::Neutral.index()] = 0.3;
        raw[Expression::Angry.index()] = 1.4 * smooth(0.62, 0.88, t);
        raw[Expression::Annoyed.index()] = smooth(0.32, 0.52, t) * (1.0 - smooth(0.7, 0.9, t));
        // Low faith without much temper: doubt when calm, worry as the temper rises.
        let distrust = 1.0 - smooth(0.3, 0.5, r);
        raw[Expression::Sceptical.index()] = 0.9 * distrust * (1.0 - smooth(0.25, 0.45, t));
        raw[Expression::Worried.index()] =
            (1.0 - smooth(0.2, 0.38, r)) * smooth(0.2, 0.4, t) * (1.0 - smooth(0.55, 0.75, t));
        raw[Expression::Pleased.index()] = smooth(0.6, 0.85, r) * (1.0 - smooth(0.2, 0.45, t));
        raw[Expression::Relieved.index()] =
            0.5 * smooth(0.45, 0.65, r) * smooth(0.15, 0.3, t) * (1.0 - smooth(0.4, 0.55, t));
        self.temperament(&mut raw);
        raw
    }

    /// The general DISC model (not the source documents) says what each style shows under
    /// strain: a Steady customer's unease reads as worry rather than irritation, a
    /// Conscientious one's as doubt, and a Dominant one shows irritation, not worry.
    fn temperament(&self, raw: &mut [f32; 8]) {
        let mut shift = |from: Expression, to: Expression, share: f32| {
            let moved = raw[from.index()] * share;
            raw[from.index()] -= moved;
            raw[to.index()] += moved;
        };
        match self.style {
            Some(DiscStyle::Steady) => shift(Expression::Annoyed, Expression::Worried, 0.6),
            Some(DiscStyle::Conscientious) => shift(Expression::Annoyed, Expression::Sceptical, 0.6),
            Some(DiscStyle::Dominant) => shift(Expression::Worried, Expression::Annoyed, 0.6),
            Some(DiscStyle::Influential) | None => {}
        }
    }

    /// What the last reply adds while it is fresh: anti-patterns anger a heated customer and
    /// hurt a calm one; a good reply relieves one who was upset and pleases one who was not.
    fn reply_weights(&self, impression: Impression) -> [f32; 8] {
        let mut raw = [0.0; 8];
        let fresh = 1.0 - smooth(IMPRESSION_SECONDS * 0.5, IMPRESSION_SECONDS, impression.age);
        if fresh <= 0.0 {
            return raw;
        }
        let heated = self.temper >= 55.0;
        let (expression, strength) = if impression.anti_pattern {
            (if heated { Expression::Angry } else { Expression::Hurt }, 2.2)
        } else if impression.points < 0 {
            (if heated { Expression::Annoyed } else { Expression::Sceptical }, 1.5)
        } else if impression.points > 0 {
            let upset = self.temper >= 30.0 || self.trust < 50.0;
            (if upset { Expression::Relieved } else { Expression::Pleased }, 1.6)
        } else {
            (Expression::Sceptical, 0.6)
        };
        raw[expression.index()] = strength * fresh;
        raw
    }

    /// How much of each expression the face shows now.
    pub fn weights(&self) -> Weights {
        let mood = Weights::normalised(self.mood_weights());
        let mut raw = mood.0;
        if let Some(impression) = self.impression {
            let reaction = self.reply_weights(impression);
            // The author wrote the line knowing which reply leads to it: their expression
            // leaves the reply only the share the mood has.
            let share = if self.authored.is_some() { 1.0 - AUTHORED_SHARE } else { 1.0 };
            for (w, r) in raw.iter_mut().zip(reaction) {
                *w += r * share;
            }
        }
        let mut weights = Weights::normalised(raw);
        if let Some(authored) = self.authored {
            for (i, w) in weights.0.iter_mut().enumerate() {
                *w *= 1.0 - AUTHORED_SHARE;
                if i == authored.index() {
                    *w += AUTHORED_SHARE;
                }
            }
        }
        weights
    }

    pub fn pose(&self) -> Pose {
        self.weights().pose()
    }
}

/// Where the features are, each on its own scale; the portrait turns them into shapes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    /// Inner ends of the brows: -1 knitted down .. 1 raised (worry).
    pub brow_inner: f32,
    /// Outer ends of the brows: -1 down .. 1 up.
    pub brow_outer: f32,
    /// One brow (the customer's left, on the viewer's right) raised: 0 .. 1.
    pub brow_raise_one: f32,
    /// Upper lids: 0 shut .. 1 wide open; 0.72 is relaxed.
    pub lid_upper: f32,
    /// Lower lids pushed up (a squint or a smile in the eyes): 0 .. 1.
    pub lid_lower: f32,
    /// Where the eyes look: x right, y down, each -1 .. 1; (0, 0) is at the trainee.
    pub gaze: (f32, f32),
    /// Mouth corners: -1 turned down .. 1 turned up.
    pub mouth_corners: f32,
    /// -1 pressed narrow .. 1 stretched wide.
    pub mouth_width: f32,
    /// One corner up, the other down (a doubtful smirk): 0 .. 1.
    pub mouth_skew: f32,
    /// 0 closed .. 1 wide open.
    pub jaw: f32,
    /// How much the teeth show when the mouth is open: 0 .. 1.
    pub teeth: f32,
    /// Colour in the cheeks: 0 .. 1.
    pub flush: f32,
    /// Head tilt: -1 .. 1 (positive tilts to the viewer's right).
    pub head_tilt: f32,
}

impl Pose {
    const ZERO: Pose = Pose {
        brow_inner: 0.0,
        brow_outer: 0.0,
        brow_raise_one: 0.0,
        lid_upper: 0.0,
        lid_lower: 0.0,
        gaze: (0.0, 0.0),
        mouth_corners: 0.0,
        mouth_width: 0.0,
        mouth_skew: 0.0,
        jaw: 0.0,
        teeth: 0.0,
        flush: 0.0,
        head_tilt: 0.0,
    };

    pub const NEUTRAL: Pose = Pose { lid_upper: 0.72, lid_lower: 0.1, ..Pose::ZERO };

    fn plus(self, other: Pose, w: f32) -> Pose {
        Pose {
            brow_inner: self.brow_inner + other.brow_inner * w,
            brow_outer: self.brow_outer + other.brow_outer * w,
            brow_raise_one: self.brow_raise_one + other.brow_raise_one * w,
            lid_upper: self.lid_upper + other.lid_upper * w,
            lid_lower: self.lid_lower + other.lid_lower * w,
            gaze: (self.gaze.0 + other.gaze.0 * w, self.gaze.1 + other.gaze.1 * w),
            mouth_corners: self.mouth_corners + other.mouth_corners * w,
            mouth_width: self.mouth_width + other.mouth_width * w,
            mouth_skew: self.mouth_skew + other.mouth_skew * w,
            jaw: self.jaw + other.jaw * w,
            teeth: self.teeth + other.teeth * w,
            flush: self.flush + other.flush * w,
            head_tilt: self.head_tilt + other.head_tilt * w,
        }
    }

    /// This pose with the idle life on top: blinks close the lids, speech moves the jaw,
    /// glances move the eyes.
    pub fn living(self, idle: Idle) -> Pose {
        let open = self.lid_upper * (1.0 - idle.blink);
        Pose {
            lid_upper: open,
            gaze: ((self.gaze.0 + idle.gaze.0).clamp(-1.0, 1.0), (self.gaze.1 + idle.gaze.1).clamp(-1.0, 1.0)),
            jaw: (self.jaw + idle.jaw).min(1.0),
            ..self
        }
    }
}

/// What the customer is doing, for the idle life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Their line is typing out: the mouth moves.
    Speaking,
    /// The trainee's replies are on screen: the customer waits and glances at them.
    Waiting,
    /// Nothing to do (the conversation is over, or a live server is thinking).
    Still,
}

/// The idle life at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Idle {
    /// 0 open .. 1 shut.
    pub blink: f32,
    /// -1 .. 1: the chest and shoulders rise and fall.
    pub breath: f32,
    /// Added to the pose's gaze.
    pub gaze: (f32, f32),
    /// Added to the pose's jaw while speaking.
    pub jaw: f32,
}

/// Seconds a blink takes, closing and opening.
const BLINK_SECONDS: f32 = 0.16;
/// Blinks come once in each slot of this many seconds, at a place in it drawn from the seed.
const BLINK_SLOT: f32 = 3.6;
/// Where the replies are from the customer's eyes: to the viewer's right and down.
pub const REPLIES_GAZE: (f32, f32) = (0.7, 0.55);

fn unit(seed: u64, n: u64) -> f32 {
    let mut state = seed ^ n.wrapping_mul(0xa076_1d64_78bd_642f);
    (splitmix64(&mut state) >> 40) as f32 / (1u64 << 24) as f32
}

/// The idle life of the customer with this `seed`, `t` seconds into the conversation.
pub fn idle(seed: u64, t: f32, activity: Activity) -> Idle {
    let t = t.max(0.0);
    Idle {
        blink: blink(seed, t),
        breath: (t * std::f32::consts::TAU / 4.2 + unit(seed, 1) * 6.0).sin(),
        gaze: gaze(seed, t, activity),
        jaw: jaw(seed, t, activity),
    }
}

fn blink(seed: u64, t: f32) -> f32 {
    let slot = (t / BLINK_SLOT).floor();
    let start = slot * BLINK_SLOT + unit(seed, 100 + slot as u64) * (BLINK_SLOT - BLINK_SECONDS);
    let into = t - start;
    if (0.0..BLINK_SECONDS).contains(&into) {
        // Shut at the middle of the blink.
        1.0 - (into / BLINK_SECONDS * 2.0 - 1.0).abs()
    } else {
        0.0
    }
}

fn gaze(seed: u64, t: f32, activity: Activity) -> (f32, f32) {
    // Small drifts so the eyes are never frozen, changing every 1.3 s.
    let step = (t / 1.3).floor() as u64;
    let drift = ((unit(seed, 200 + step) - 0.5) * 0.16, (unit(seed, 300 + step) - 0.5) * 0.1);
    match activity {
        // While the replies are up, the customer looks at them, with a glance back at the
        // trainee for a second in every four.
        Activity::Waiting => {
            let phase = (t + unit(seed, 2) * 4.0) % 4.0;
            if phase < 1.0 { drift } else { (REPLIES_GAZE.0 + drift.0, REPLIES_GAZE.1 + drift.1) }
        }
        Activity::Speaking | Activity::Still => drift,
    }
}

fn jaw(seed: u64, t: f32, activity: Activity) -> f32 {
    if activity != Activity::Speaking {
        return 0.0;
    }
    // Syllables about eight times a second, words about twice, never quite the same.
    let syllable = (t * 17.0 + unit(seed, 3) * 6.0).sin().abs();
    let word = 0.55 + 0.45 * (t * 4.3 + unit(seed, 4) * 6.0).sin();
    0.32 * syllable * word
}

/// How loud the customer's voice is at `t` while they speak (0 .. 1): the call screen's level meter.
pub fn voice_level(seed: u64, t: f32, speaking: bool) -> f32 {
    if !speaking {
        return 0.0;
    }
    (jaw(seed, t, Activity::Speaking) / 0.32 * 0.8 + unit(seed, 500 + (t * 12.0) as u64) * 0.2).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Expression::*;

    fn mood(temper: i32, trust: i32) -> Weights {
        Feeling::calm(temper as f32, trust as f32).weights()
    }

    fn after(temper: i32, trust: i32, points: i32, anti_pattern: bool, age: f32) -> Weights {
        let impression = Some(Impression { points, anti_pattern, age });
        Feeling { temper: temper as f32, trust: trust as f32, impression, authored: None, style: None }.weights()
    }

    #[test]
    fn weights_add_up_to_one() {
        for temper in (0..=100).step_by(10) {
            for trust in (0..=100).step_by(10) {
                for feeling in [
                    Feeling::calm(temper as f32, trust as f32),
                    Feeling {
                        temper: temper as f32,
                        trust: trust as f32,
                        impression: Some(Impression { points: -5, anti_pattern: true, age: 0.2 }),
                        authored: Some(Pleased),
                        style: Some(DiscStyle::Steady),
                    },
                ] {
                    let weights = feeling.weights();
                    let sum: f32 = Expression::ALL.iter().map(|&e| weights.of(e)).sum();
                    assert!((sum - 1.0).abs() < 1e-4, "{feeling:?} sums to {sum}");
                    assert!(Expression::ALL.iter().all(|&e| weights.of(e) >= 0.0));
                }
            }
        }
    }

    #[test]
    fn the_mood_alone_reads_as_the_expression_it_should() {
        assert_eq!(mood(95, 10).dominant(), Angry, "{:?}", mood(95, 10));
        assert_eq!(mood(60, 40).dominant(), Annoyed, "{:?}", mood(60, 40));
        assert_eq!(mood(45, 10).dominant(), Worried, "{:?}", mood(45, 10));
        assert_eq!(mood(15, 25).dominant(), Sceptical, "{:?}", mood(15, 25));
        assert_eq!(mood(5, 95).dominant(), Pleased, "{:?}", mood(5, 95));
        assert_eq!(mood(30, 55).dominant(), Neutral, "{:?}", mood(30, 55));
        // Anger grows with temper.
        assert!(mood(90, 30).of(Angry) > mood(70, 30).of(Angry));
        assert!(mood(70, 30).of(Angry) > mood(40, 30).of(Angry));
    }

    #[test]
    fn an_anti_pattern_angers_a_heated_customer_and_hurts_a_calm_one() {
        assert_eq!(after(70, 40, -10, true, 0.1).dominant(), Angry);
        assert_eq!(after(20, 60, -10, true, 0.1).dominant(), Hurt);
        assert!(after(20, 60, -10, true, 0.1).of(Hurt) > mood(20, 60).of(Hurt) + 0.5);
    }

    #[test]
    fn a_good_reply_relieves_the_upset_and_pleases_the_content() {
        assert_eq!(after(50, 40, 12, false, 0.1).dominant(), Relieved);
        assert_eq!(after(10, 70, 12, false, 0.1).dominant(), Pleased);
        // A weak reply that commits nothing: doubt, or annoyance when heated.
        assert_eq!(after(20, 50, -3, false, 0.1).dominant(), Sceptical);
        assert_eq!(after(65, 40, -3, false, 0.1).dominant(), Annoyed);
    }

    #[test]
    fn the_reply_fades_and_the_mood_decides_again() {
        let fresh = after(20, 60, -10, true, 0.0);
        let fading = after(20, 60, -10, true, IMPRESSION_SECONDS * 0.75);
        let gone = after(20, 60, -10, true, IMPRESSION_SECONDS + 0.1);
        assert!(fresh.of(Hurt) > fading.of(Hurt) && fading.of(Hurt) > gone.of(Hurt));
        assert_eq!(gone, mood(20, 60));
    }

    #[test]
    fn an_authored_expression_leads_and_the_mood_shows_through() {
        let feeling = Feeling { authored: Some(Relieved), ..Feeling::calm(90.0, 10.0) };
        let weights = feeling.weights();
        assert_eq!(weights.dominant(), Relieved);
        assert!(weights.of(Relieved) >= AUTHORED_SHARE);
        assert!(weights.of(Angry) > 0.05, "the mood still shows: {weights:?}");
        // Even right after an anti-pattern, the author's expression leads.
        let stung = Feeling {
            impression: Some(Impression { points: -10, anti_pattern: true, age: 0.0 }),
            authored: Some(Pleased),
            ..Feeling::calm(20.0, 60.0)
        };
        assert_eq!(stung.weights().dominant(), Pleased);
    }

    #[test]
    fn the_same_unease_reads_by_personality() {
        let with = |style| Feeling { style: Some(style), ..Feeling::calm(45.0, 35.0) }.weights().dominant();
        assert_eq!(mood(45, 35).dominant(), Annoyed);
        assert_eq!(with(DiscStyle::Dominant), Annoyed);
        assert_eq!(with(DiscStyle::Steady), Worried);
        assert_eq!(with(DiscStyle::Conscientious), Sceptical);
        let dominant = |t: f32, r: f32| Feeling { style: Some(DiscStyle::Dominant), ..Feeling::calm(t, r) }.weights();
        assert!(dominant(45.0, 10.0).of(Worried) < mood(45, 10).of(Worried));
    }

    #[test]
    fn expressions_move_the_features_the_way_they_read() {
        let angry = Angry.pose();
        let pleased = Pleased.pose();
        let worried = Worried.pose();
        let sceptical = Sceptical.pose();
        assert!(angry.brow_inner < -0.5 && worried.brow_inner > 0.5, "anger knits the brows, worry lifts them");
        assert!(pleased.mouth_corners > 0.5 && angry.mouth_corners < -0.5);
        assert!(sceptical.brow_raise_one > 0.5 && sceptical.mouth_skew > 0.5);
        assert!(Hurt.pose().gaze.1 > 0.3, "hurt looks down");
        // Blends lie between their parts.
        let half = Weights::normalised({
            let mut raw = [0.0; 8];
            raw[Angry.index()] = 1.0;
            raw[Pleased.index()] = 1.0;
            raw
        })
        .pose();
        assert!((half.mouth_corners - (angry.mouth_corners + pleased.mouth_corners) / 2.0).abs() < 1e-5);
    }

    #[test]
    fn mood_moves_the_blended_face() {
        let calm = Feeling::calm(10.0, 90.0).pose();
        let furious = Feeling::calm(95.0, 5.0).pose();
        assert!(calm.mouth_corners > 0.3 && furious.mouth_corners < -0.3);
        assert!(furious.brow_inner < calm.brow_inner - 0.5);
        assert!(furious.flush > calm.flush + 0.5);
    }

    fn samples(activity: Activity) -> Vec<Idle> {
        (0..1200).map(|i| idle(42, i as f32 / 60.0, activity)).collect()
    }

    #[test]
    fn the_customer_blinks_now_and_then_and_keeps_their_eyes_open_otherwise() {
        let all = samples(Activity::Still);
        let shut = all.iter().filter(|i| i.blink > 0.5).count();
        assert!(shut > 0, "no blink in 20 seconds");
        assert!(shut < all.len() / 20, "eyes shut too often: {shut} of {}", all.len());
        // A blink in every window of 2 slots.
        for window in all.windows((BLINK_SLOT * 2.0 * 60.0) as usize) {
            assert!(window.iter().any(|i| i.blink > 0.0), "no blink for two slots");
        }
        assert_eq!(idle(42, 7.3, Activity::Still), idle(42, 7.3, Activity::Still), "the same moment looks the same");
        assert_ne!(
            samples(Activity::Still),
            (0..1200).map(|i| idle(43, i as f32 / 60.0, Activity::Still)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_chest_breathes() {
        let all = samples(Activity::Still);
        let (low, high) = all.iter().fold((1.0f32, -1.0f32), |(l, h), i| (l.min(i.breath), h.max(i.breath)));
        assert!(low < -0.9 && high > 0.9);
    }

    #[test]
    fn the_mouth_moves_only_while_speaking() {
        assert!(samples(Activity::Waiting).iter().all(|i| i.jaw == 0.0));
        assert!(samples(Activity::Still).iter().all(|i| i.jaw == 0.0));
        let speaking = samples(Activity::Speaking);
        let open = speaking.iter().filter(|i| i.jaw > 0.1).count();
        let closed = speaking.iter().filter(|i| i.jaw < 0.05).count();
        assert!(open > 200 && closed > 50, "the mouth should open and close: {open} open, {closed} closed");
        assert!(voice_level(42, 1.0, false) == 0.0);
        let levels: Vec<f32> = (0..120).map(|i| voice_level(42, i as f32 / 60.0, true)).collect();
        assert!(levels.iter().any(|&l| l > 0.5) && levels.iter().any(|&l| l < 0.3));
    }

    #[test]
    fn the_eyes_go_to_the_replies_while_waiting() {
        let waiting = samples(Activity::Waiting);
        let at_replies = waiting.iter().filter(|i| i.gaze.0 > 0.4 && i.gaze.1 > 0.3).count();
        let at_trainee = waiting.iter().filter(|i| i.gaze.0.abs() < 0.2 && i.gaze.1.abs() < 0.2).count();
        assert!(at_replies > waiting.len() / 2, "mostly reading the replies: {at_replies}");
        assert!(at_trainee > waiting.len() / 10, "with glances back: {at_trainee}");
        let speaking = samples(Activity::Speaking);
        assert!(speaking.iter().all(|i| i.gaze.0.abs() < 0.2 && i.gaze.1.abs() < 0.2), "speaking to the trainee");
    }

    #[test]
    fn living_closes_the_lids_in_a_blink() {
        let shut = Pose::NEUTRAL.living(Idle { blink: 1.0, breath: 0.0, gaze: (0.0, 0.0), jaw: 0.0 });
        assert_eq!(shut.lid_upper, 0.0);
        let talking = Pose::NEUTRAL.living(Idle { blink: 0.0, breath: 0.0, gaze: (0.0, 0.0), jaw: 0.3 });
        assert!(talking.jaw > 0.25);
    }
}
