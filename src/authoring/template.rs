//! `hardcall new`: a small, sound, commented scenario for a trainer to start from.

use crate::engine::disc::DiscStyle;
use crate::engine::scenario::{Channel, Difficulty};

/// Turns a free-form name into a scenario id: lowercase letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        let folded = fold_latin(c);
        if !folded.is_empty() {
            id.push_str(folded);
        } else if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

/// Accented Latin letters as the plain letters of an id (`é` → `e`, `ß` → `ss`), so a name
/// in French, German or Spanish still makes a readable file name; empty for anything else.
fn fold_latin(c: char) -> &'static str {
    match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

/// The starter scenario, as RON text with comments explaining every part; `path` is where
/// it is written, named in its header's commands. The customer speaks as the channel has it:
/// an email customer writes, and the agent promises an email, not a call.
pub fn starter(name: &str, style: DiscStyle, channel: Channel, difficulty: Difficulty, path: &str) -> String {
    let id = slug(name);
    let title = title_case(name);
    let (talking, follow_up) = match channel {
        Channel::Phone | Channel::InPerson => ("talking to you", "I'll call you tomorrow at noon"),
        Channel::Email => ("writing to you", "I'll email you tomorrow by noon"),
        Channel::Chat => ("chatting with you", "I'll message you here tomorrow by noon"),
    };
    let channel = format!("{channel:?}");
    // Quoted where a shell would split it, so the command can be copied as it is.
    let path = if path.contains(char::is_whitespace) { format!("'{path}'") } else { path.to_owned() };
    format!(
        r##"// {title}: a starter scenario written by `hardcall new`. Make it yours:
// rename the customer, rewrite the lines, add nodes. After every edit run
//   hardcall validate {path}    (is it sound? errors point at file:line:col)
//   hardcall analyze {path}     (which path scores best, and is it the one you meant?)
// The authoring guide is scenarios/README.md.
(
    id: "{id}",
    title: "{title}",
    summary: "One or two sentences the trainee reads before the conversation starts.",
    channel: {channel},             // Phone | Email | Chat | InPerson
    difficulty: {difficulty:?},          // Easy | Medium | Hard
    customer: (
        name: "Alex Morgan",
        disc: (primary: {style:?}),   // add `secondary: Some(Steady)` for a blend
        // alternatives: [(primary: Steady)],  // the same customer with another personality
        // look: (age: Adult, hair: Short, clothing: Teal),  // how they look in the game; the guide lists every value
        dossier: (
            facts: ["Customer for 3 years", "Order #1042 placed 9 days ago, promised in 5"],
            tickets: ["#2210: 'where is my order?' sent 2 days ago, no reply yet"],
            notes: ["Prefers to be called Alex"],
        ),
    ),
    // Temper is anger (high is bad), trust is faith in you (high is good); both 0..100.
    mood: (temper: 60, trust: 35),
    turn_limit: 8,
    start: "open",
    // Checked after every reply that does not end the conversation: past this, Alex is gone.
    thresholds: [(when: TemperAtLeast(70), goto: "lost")],
    nodes: {{
        "open": Say(
            // Variants of the same line; the seed picks one, so replays do not read the same.
            lines: [
                "My order is four days late and nobody answers my messages. What is going on?",
                "Nine days. You promised five. And my message from Tuesday is still unanswered.",
            ],
            choices: [
                (
                    // A tempting wrong reply first: it is what the defensive path tries. Wrong
                    // replies should sound as helpful and specific as right ones: the game
                    // shuffles replies, and `hardcall audit` catches a best reply that is
                    // always the longest.
                    text: "Deliveries are handled by the courier once an order leaves us, so the quickest way is to call them with order 1042; the number is on your confirmation.",
                    commits: [defensive],
                    feedback: "Pointing at someone else sounds like 'not my problem' to a customer who is already waiting.",
                    sets: ["rocky_start"],
                    goto: "upset",
                ),
                (
                    text: "Alex, I can see ticket 2210 and the order from nine days ago: you should have had it by now, and an answer to your message. I'm sorry. Tell me what you need it for, and I'll find out where it is.",
                    shows: [get_prepared, personalize, sincere_apology, active_listening],
                    feedback: "Reading the dossier first lets you name the problem before Alex has to.",
                    goto: "details",
                ),
            ],
        ),
        "upset": Say(
            lines: ["So I should chase the courier myself? Then what am I {talking} for?"],
            choices: [
                (
                    text: "You're right, that was the wrong answer, and I'm sorry. It's our order and our promise, so it's mine to chase, not yours. Let me do that now.",
                    shows: [sincere_apology],
                    goto: "details",
                ),
                (
                    text: "I hear that you're frustrated, but I won't be spoken to like that. I was only explaining how deliveries work, so please let me finish.",
                    commits: [losing_temper],
                    // After the first reply this pushes Alex's temper past the threshold,
                    // which ends the conversation before it can move on.
                    goto: "details",
                ),
            ],
        ),
        "details": Say(
            lines: ["It's a present for Saturday. Can you get it here by then or not?"],
            choices: [
                (
                    text: "I'm so sorry about all this. I've checked order 1042 and it's at the local depot, so I can guarantee it will be at your door tomorrow morning.",
                    commits: [overpromising],
                    feedback: "The tracking does not support a guarantee; a promise you cannot keep is the next complaint.",
                    goto: "promise_broken",
                ),
                (
                    text: "It's at the local depot. I've asked for tomorrow's first round, and I'm emailing you the tracking link now so you can watch it.",
                    shows: [problem_solving, set_expectations, honesty],
                    goto: "close",
                ),
            ],
        ),
        "close": Say(
            lines: ["OK. And if it doesn't turn up?"],
            choices: [
                (
                    text: "Then I'll know first: {follow_up}, and it's all noted on ticket 2210.",
                    shows: [follow_up, document],
                    // An earlier stumble leaves its mark: a grudging close instead of a warm one.
                    branches: [(when: Flag("rocky_start"), goto: "grudging")],
                    goto: "resolved",
                ),
                (
                    text: "Sorry again for the trouble! It will, the depot is very reliable. Is there anything else at all I can help you with today, Alex?",
                    commits: [cutting_short],
                    goto: "partly",
                ),
            ],
        ),
        "resolved": End(outcome: Resolved, points: 40, lines: ["Noon, then. Thanks, Alex appreciates it."], summary: "The parcel is chased, Alex knows what happens next, and a follow-up is booked."),
        "grudging": End(outcome: PartlyResolved, points: 5, lines: ["Fine."], summary: "The order is sorted, but the first answer is what Alex will remember."),
        "partly": End(outcome: PartlyResolved, points: 0, lines: ["I suppose not."], summary: "Alex leaves unsure anyone will follow through."),
        "promise_broken": End(outcome: PartlyResolved, points: -15, lines: ["Tomorrow. I'm holding you to that."], summary: "The parcel arrives on Monday; the 'guarantee' becomes the next complaint."),
        "lost": End(outcome: CustomerLost, points: -20, lines: ["Forget it. Cancel the order."], summary: "Alex cancels and shops elsewhere."),
    }},
)
"##
    )
}

/// What a trainer knows before writing a scenario: who the customer is, how they come across,
/// where the conversation happens, what went wrong and what the agent may do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Brief {
    /// The scenario's name, such as "Lost parcel": the title, and the id and file name after [`slug`].
    pub name: String,
    /// The customer's full name.
    pub customer: String,
    /// The personalities the customer can be played with; the first is the main one.
    pub styles: Vec<DiscStyle>,
    pub channel: Channel,
    pub difficulty: Difficulty,
    /// What went wrong, as the trainee reads it before the conversation.
    pub situation: String,
    /// What the agent may do (refund up to an amount, send a replacement...), kept in the
    /// dossier so every reply can be checked against it.
    pub may_do: String,
}

impl Brief {
    /// What is missing or unusable in the brief, in plain words; empty when it can be written.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if slug(&self.name).is_empty() {
            problems.push("Give the scenario a name with Latin letters or digits (it names the file).".to_owned());
        }
        if self.customer.trim().is_empty() {
            problems.push("Give the customer a name.".to_owned());
        }
        if self.styles.is_empty() {
            problems.push("Choose at least one personality for the customer.".to_owned());
        }
        for (i, style) in self.styles.iter().enumerate() {
            if self.styles[..i].contains(style) {
                problems.push(format!("{style} is chosen twice; choose each personality once."));
            }
        }
        if self.situation.trim().is_empty() {
            problems.push("Say what went wrong, in a sentence or two: the trainee reads it first.".to_owned());
        }
        if self.may_do.trim().is_empty() {
            problems.push("Say what the agent may do about it (refund, replacement, a call back...).".to_owned());
        }
        problems
    }
}

/// A RON string literal: quotes and backslashes escaped, line breaks kept as `\n`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.trim().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A sound skeleton for `brief`: the customer, the situation and what the agent may do filled
/// in, and every line still to write a `TODO` placeholder (a `todo` warning, so the file plays
/// while it is being written). Its shape is the one the guide teaches: a first reply that
/// hears the customer out against a fix offered too soon, an apology that means it against
/// placating words, a next step that can be kept against a promise that cannot, and a
/// follow-up against cutting the conversation short; a stumble at the start leaves a weaker
/// ending. Call [`Brief::problems`] first: an unusable brief still writes, with placeholders.
pub fn skeleton(brief: &Brief) -> String {
    let id = slug(&brief.name);
    let id = if id.is_empty() { "new-scenario".to_owned() } else { id };
    let title = brief.name.trim();
    let title = if title.is_empty() { "New scenario" } else { title };
    let customer = if brief.customer.trim().is_empty() { "TODO: the customer's name" } else { brief.customer.trim() };
    let first = customer.split_whitespace().next().unwrap_or(customer);
    let main = brief.styles.first().copied().unwrap_or(DiscStyle::Steady);
    let others: Vec<DiscStyle> = brief.styles.iter().skip(1).copied().filter(|s| *s != main).collect();
    let alternatives = if others.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = others.iter().map(|s| format!("(primary: {s:?})")).collect();
        format!("\n        alternatives: [{}],", list.join(", "))
    };
    let situation = if brief.situation.trim().is_empty() {
        "TODO: what went wrong, in a sentence or two.".to_owned()
    } else {
        brief.situation.trim().to_owned()
    };
    let may_do = if brief.may_do.trim().is_empty() {
        "TODO: what the agent may do about it.".to_owned()
    } else {
        brief.may_do.trim().to_owned()
    };
    // Each other personality gets its own opening to write: the same customer, another voice.
    let styled_opening = if others.is_empty() {
        String::new()
    } else {
        let entries: Vec<String> = others
            .iter()
            .map(|s| {
                format!("{s:?}: [{}]", quoted(&format!("TODO: the same first words as a {s} customer says them.")))
            })
            .collect();
        format!("\n            lines_by_style: {{ {} }},", entries.join(", "))
    };
    let keep = match brief.channel {
        Channel::Phone | Channel::InPerson => "a call back",
        Channel::Email => "a reply",
        Channel::Chat => "a message",
    };
    format!(
        r##"// {title}: a skeleton written from a brief. Replace every TODO with what is said; the
// file plays while you write (each TODO is a warning), and the studio proves it after every edit.
// The guide is scenarios/README.md.
(
    id: {id},
    title: {title},
    summary: {situation},
    channel: {channel:?},
    difficulty: {difficulty:?},
    customer: (
        name: {customer},
        disc: (primary: {main:?}),{alternatives}
        dossier: (
            facts: ["TODO: what the record shows (dates, amounts, references)."],
            tickets: ["TODO: an earlier ticket, or delete this line."],
            notes: [{may_do_note}],
        ),
    ),
    mood: (temper: 60, trust: 35),
    turn_limit: 8,
    start: "open",
    // A threshold ends the conversation when the mood crosses it, e.g.
    // thresholds: [(when: TemperAtLeast(85), goto: "lost")],
    thresholds: [],
    nodes: {{
        "open": Say(
            lines: ["TODO: {first}'s first words: what went wrong, in their own voice."],{styled_opening}
            choices: [
                (
                    text: "TODO: the reply the documents teach: name what the record shows and let {first} finish.",
                    shows: [get_prepared, active_listening],
                    feedback: "TODO: why this is right, with the document and tip.",
                    goto: "heard",
                ),
                (
                    text: "TODO: a fix offered before {first} has finished: as specific and as warm as the right reply.",
                    commits: [interrupting],
                    feedback: "TODO: why it is wrong, with the document and tip.",
                    sets: ["rocky_start"],
                    goto: "heard",
                ),
            ],
        ),
        "heard": Say(
            lines: ["TODO: what {first} says once they have been heard out."],
            choices: [
                (
                    text: "TODO: one apology that names what went wrong.",
                    shows: [sincere_apology, empathy],
                    feedback: "TODO: why this is right.",
                    goto: "solve",
                ),
                (
                    text: "TODO: feeling words that do not show any understanding of what {first} said.",
                    commits: [placating_empathy],
                    feedback: "TODO: why it is wrong.",
                    // One chance to win the customer back: a second stumble and {first} is gone.
                    branches: [(when: Flag("rocky_start"), goto: "lost")],
                    goto: "solve",
                ),
            ],
        ),
        "solve": Say(
            lines: ["TODO: what {first} asks for."],
            choices: [
                (
                    text: "TODO: the next step the agent can keep (what the dossier says the agent may do), and when.",
                    shows: [problem_solving, set_expectations],
                    feedback: "TODO: why this is right.",
                    goto: "close",
                ),
                (
                    text: "TODO: a confident promise the agent cannot keep.",
                    commits: [overpromising],
                    feedback: "TODO: why it is wrong.",
                    goto: "promise_broken",
                ),
            ],
        ),
        "close": Say(
            lines: ["TODO: {first}'s last question."],
            choices: [
                (
                    text: "TODO: the follow-up: {keep} at a time the agent will keep, noted on the record.",
                    shows: [follow_up, document],
                    feedback: "TODO: why this is right.",
                    branches: [(when: Flag("rocky_start"), goto: "grudging")],
                    goto: "resolved",
                ),
                (
                    text: "TODO: a quick, friendly wrap-up that leaves {first} unsure what happens next.",
                    commits: [cutting_short],
                    feedback: "TODO: why it is wrong.",
                    goto: "partly",
                ),
            ],
        ),
        "resolved": End(outcome: Resolved, points: 40, lines: ["TODO: {first}'s last words when it went well."], summary: "TODO: what happens next."),
        "grudging": End(outcome: PartlyResolved, points: 5, lines: ["TODO: last words after a bad start."], summary: "TODO: what {first} remembers."),
        "partly": End(outcome: PartlyResolved, points: 0, lines: ["TODO: last words when nothing is settled."], summary: "TODO: what is left open."),
        "promise_broken": End(outcome: PartlyResolved, points: -15, lines: ["TODO: last words after the promise."], summary: "TODO: how the promise is broken."),
        "lost": End(outcome: CustomerLost, points: -20, lines: ["TODO: last words as {first} gives up."], summary: "TODO: what the company loses."),
    }},
)
"##,
        id = quoted(&id),
        title = quoted(title),
        situation = quoted(&situation),
        channel = brief.channel,
        difficulty = brief.difficulty,
        customer = quoted(customer),
        may_do_note = quoted(&format!("The agent may: {may_do}")),
        first = first.replace(['"', '\\'], ""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::load::load_scenario_source;
    use crate::engine::catalogue::Knowledge;
    use crate::engine::scenario::Node;
    use std::sync::Arc;

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("Lost parcel, take 2!"), "lost-parcel-take-2");
        assert_eq!(slug("éàü"), "eau");
        assert_eq!(slug("Größe Überweisung"), "grosse-uberweisung");
        assert_eq!(slug("北京"), "");
        assert_eq!(title_case("lost-parcel"), "Lost Parcel");
    }

    #[test]
    fn the_starter_is_sound_for_every_style_and_channel() {
        let knowledge = Arc::new(Knowledge::builtin());
        for style in DiscStyle::ALL {
            for channel in Channel::ALL {
                let text = starter("Lost parcel", style, channel, Difficulty::Easy, "scenarios/lost-parcel.ron");
                let loaded = load_scenario_source("lost-parcel.ron", &text, &knowledge)
                    .unwrap_or_else(|failure| panic!("{style} {channel}:\n{}", failure.render()));
                assert!(loaded.warnings.is_empty(), "{style} {channel}: {:?}", loaded.warnings);
                let analysis = &loaded.main().analysis;
                let defensive = analysis.defensive.as_ref().unwrap();
                assert!(
                    analysis.rate_path(&loaded.main().scenario, defensive).percent < 25,
                    "{style} {channel}: defensive path too kind"
                );
                assert_eq!(loaded.file().channel, channel);
                if matches!(channel, Channel::Email | Channel::Chat) {
                    // What is said (not the comments) reads right for the channel.
                    let file = loaded.file();
                    let mut said: Vec<&str> = Vec::new();
                    for node in file.nodes.values() {
                        match node {
                            Node::Say { lines, choices, .. } => {
                                said.extend(lines.iter().map(String::as_str));
                                said.extend(choices.iter().map(|c| c.text.as_str()));
                            }
                            Node::End { lines, summary, .. } => {
                                said.extend(lines.iter().map(String::as_str));
                                said.extend(summary.as_deref());
                            }
                        }
                    }
                    for words in said {
                        assert!(
                            !words.contains("call you") && !words.contains("talking"),
                            "{channel}: `{words}` speaks of a call"
                        );
                    }
                }
                assert_eq!(loaded.file().customer.disc.primary, style);
            }
        }
    }

    fn brief(styles: Vec<DiscStyle>, channel: Channel) -> Brief {
        Brief {
            name: "Broken \"kettle\" return".into(),
            customer: "Ilse Marchetti".into(),
            styles,
            channel,
            difficulty: Difficulty::Medium,
            situation: "Her kettle broke on day 31; the return window is 30 days.".into(),
            may_do: "Offer a repair or a 20% discount on a new kettle; no refunds after 30 days.".into(),
        }
    }

    #[test]
    fn a_skeleton_from_a_brief_plays_and_lists_what_is_left_to_write() {
        let knowledge = Arc::new(Knowledge::builtin());
        for channel in Channel::ALL {
            for styles in [vec![DiscStyle::Dominant], vec![DiscStyle::Steady, DiscStyle::Conscientious]] {
                let brief = brief(styles.clone(), channel);
                assert!(brief.problems().is_empty());
                let text = skeleton(&brief);
                let loaded = load_scenario_source("kettle.ron", &text, &knowledge)
                    .unwrap_or_else(|failure| panic!("{channel} {styles:?}:\n{}", failure.render()));
                let file = loaded.file();
                assert_eq!(file.id, "broken-kettle-return");
                assert_eq!(file.title, "Broken \"kettle\" return", "quotes survive");
                assert_eq!(file.customer.name, "Ilse Marchetti");
                assert_eq!(file.channel, channel);
                assert_eq!(loaded.variants.len(), styles.len(), "one variant per personality");
                assert!(file.customer.dossier.notes[0].contains("20% discount"), "what the agent may do is kept");
                let todos = loaded.warnings.iter().filter(|w| w.code == "todo").count();
                assert!(todos >= 20, "{channel}: only {todos} placeholders reported");
                assert!(loaded.warnings.iter().filter(|w| w.code == "todo").all(|w| w.primary.is_some()), "located");
                let other: Vec<&str> =
                    loaded.warnings.iter().filter(|w| w.code != "todo").map(|w| w.code.as_str()).collect();
                assert!(other.is_empty(), "{channel} {styles:?}: only placeholders are left to fix: {other:?}");
                assert!(
                    crate::authoring::audit::gaming_warnings(&loaded, None).is_empty(),
                    "placeholders are not audited"
                );
                let commits: std::collections::BTreeSet<&str> = file
                    .nodes
                    .values()
                    .flat_map(|n| match n {
                        Node::Say { choices, .. } => choices.iter().flat_map(|c| c.commits.iter()).collect::<Vec<_>>(),
                        Node::End { .. } => Vec::new(),
                    })
                    .map(|id| id.as_str())
                    .collect();
                assert!(commits.len() >= 3, "traps for three anti-patterns: {commits:?}");
                let best = loaded.main().analysis.best.as_ref().expect("a best path");
                assert!(best.steps.len() >= 4, "{} turns", best.steps.len());
            }
        }
    }

    #[test]
    fn a_brief_says_what_it_is_missing() {
        let mut empty = brief(vec![], Channel::Phone);
        empty.name = "北京".into();
        empty.customer = " ".into();
        empty.situation = String::new();
        empty.may_do = String::new();
        let problems = empty.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].contains("Latin letters"));
        let twice = brief(vec![DiscStyle::Steady, DiscStyle::Steady], Channel::Chat);
        assert!(twice.problems()[0].contains("twice"));
        // Even an empty brief writes a file that plays.
        let text = skeleton(&empty);
        let knowledge = Arc::new(Knowledge::builtin());
        load_scenario_source("empty.ron", &text, &knowledge).unwrap_or_else(|f| panic!("{}", f.render()));
    }
}
