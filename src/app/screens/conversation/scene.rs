//! What the conversation screen keeps beside the conversation itself, whoever runs it (the
//! engine here, or a live server): what has been said, how far the customer's line has typed
//! out, the moods so far, the face's reaction and the expression the author gave the line,
//! the dossier window and the clocks.

use super::Said;
use crate::app::portrait::Reaction;
use crate::engine::face::{Expression, IMPRESSION_SECONDS};
use crate::engine::mood::Mood;

#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub said: Vec<Said>,
    /// Characters of the customer's current line shown so far.
    pub revealed: f32,
    /// The mood at the start and after every reply.
    pub moods: Vec<Mood>,
    /// How the last reply landed, while it still shows on the face.
    pub reaction: Option<Reaction>,
    /// The expression the scenario gives the customer's current line, if any.
    pub expression: Option<Expression>,
    /// The mood the face shows, easing toward the real one.
    pub shown_mood: (f32, f32),
    pub dossier_open: bool,
    /// Seconds since the conversation started, and since the current line finished typing.
    pub elapsed: f32,
    pub waiting: f32,
    /// Seconds the trainee took for each reply, from the end of the customer's line.
    pub response_times: Vec<f32>,
}

impl Scene {
    /// A scene opening on `mood`.
    pub fn opening(mood: Mood) -> Scene {
        Scene { moods: vec![mood], shown_mood: (mood.temper as f32, mood.trust as f32), ..Scene::default() }
    }

    /// The customer's latest line, which is the one being typed out.
    pub fn current_line(&self) -> &str {
        match self.said.last() {
            Some(Said::Customer(line)) => line,
            _ => "",
        }
    }

    pub fn line_finished(&self) -> bool {
        self.revealed as usize >= self.current_line().chars().count()
    }

    pub fn finish_line(&mut self) {
        self.revealed = self.current_line().chars().count() as f32;
    }

    /// The current line as far as it has typed out.
    pub fn typed(&self) -> String {
        self.current_line().chars().take(self.revealed as usize).collect()
    }

    /// The customer says `line`, with the face the author gave it: it starts typing out.
    pub fn customer_says(&mut self, line: String, expression: Option<Expression>) {
        self.said.push(Said::Customer(line));
        self.revealed = 0.0;
        self.expression = expression;
    }

    /// The trainee replied with `text`: the time they took is kept and the clock restarts.
    pub fn trainee_replies(&mut self, text: String, points: Option<i32>) {
        self.said.push(Said::Trainee { text, points });
        self.response_times.push(self.waiting);
        self.waiting = 0.0;
    }

    /// The mood after a reply, and how the face reacts to it: `points` (or only their sign,
    /// where they are sealed) and whether the reply committed an anti-pattern.
    pub fn mood_changed(&mut self, mood: Mood, points: i32, anti_pattern: bool) {
        self.moods.push(mood);
        self.reaction = Some(Reaction { points, anti_pattern, age: 0.0 });
    }

    /// `dt` seconds pass at `speed` characters a second (0: at once); the reply clock runs
    /// only while `answering` (the trainee has replies to choose from).
    pub fn tick(&mut self, dt: f32, speed: u32, answering: bool) {
        self.elapsed += dt;
        if speed == 0 {
            self.finish_line();
        } else if !self.line_finished() {
            self.revealed += speed as f32 * dt;
        } else if answering {
            self.waiting += dt;
        }
        if let Some(reaction) = &mut self.reaction {
            reaction.age += dt;
            if reaction.age > IMPRESSION_SECONDS {
                self.reaction = None;
            }
        }
        // Ease the face toward the real mood so changes read as expressions, not jumps.
        if let Some(target) = self.moods.last().copied() {
            let ease = (dt * 4.0).min(1.0);
            let (temper, trust) = self.shown_mood;
            self.shown_mood =
                (temper + (target.temper as f32 - temper) * ease, trust + (target.trust as f32 - trust) * ease);
        }
    }
}
