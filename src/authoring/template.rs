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
}
