//! The words and the RON text of generated scenarios: products, issues, which strategies
//! a reply shows, what it says, and how a node or an ending is written.

use std::fmt::Write;

pub(super) const PRODUCTS: &[&str] = &[
    "blender",
    "router",
    "laptop",
    "parcel",
    "subscription",
    "invoice",
    "hotel booking",
    "flight refund",
    "phone contract",
    "washing machine",
    "gym membership",
    "insurance claim",
];
pub(super) const ISSUES: &[&str] = &[
    "arrived broken",
    "was charged twice",
    "is three days late",
    "stopped working after a week",
    "was cancelled without notice",
    "costs more than I was quoted",
];
/// Pairs the best reply of a middle layer shows, each worth about 20 base points: an
/// anti-pattern (6 to 15 lost) in its place costs a path 25 or more.
pub(super) const BEST_PAIRS: &[[&str; 2]] = &[
    ["problem_solving", "set_expectations"],
    ["empathy", "problem_solving"],
    ["sincere_apology", "honesty"],
    ["honesty", "set_expectations"],
    ["active_listening", "problem_solving"],
    ["exceed_expectations", "problem_solving"],
    ["positive_language", "problem_solving"],
    ["active_listening", "empathy"],
];
/// The weaker clean reply: one strategy, and it leads to the sceptical node.
pub(super) const SINGLES: &[&str] =
    &["stay_calm", "positive_language", "personalize", "document", "empathy", "change_channel"];
/// Anti-patterns that mostly raise temper: a run of them reaches the `lost` threshold.
pub(super) const HOT: &[&str] =
    &["defensive", "losing_temper", "interrupting", "arguing_facts", "flat_no", "cutting_short"];
/// Anti-patterns that mostly cost trust: a sceptical customer walks out on one.
pub(super) const COLD: &[&str] = &["dismissive", "insincere_apology", "exaggerating", "you_need_to"];
/// Where a triage reply puts the customer through to.
pub(super) const TEAMS: &[&str] =
    &["billing", "deliveries", "repairs", "refunds", "bookings", "accounts", "returns", "contracts", "claims"];
pub(super) const STYLES: &[&str] = &["Dominant", "Influential", "Steady", "Conscientious"];
pub(super) const CHANNELS: &[&str] = &["Phone", "Email", "Chat", "InPerson"];
// Each lane takes one name from each family, so a 10,000-node file tests about ten flags
// while any one conversation carries at most five.
pub(super) const PREPARED_FLAGS: &[&str] = &["prepared", "read_history", "checked_order"];
pub(super) const BRUSHED_FLAGS: &[&str] = &["brushed_off", "caught_out"];
pub(super) const PROMISE_FLAGS: &[&str] = &["promised", "promised_date"];
pub(super) const OFFER_FLAGS: &[&str] = &["offer_made", "credit_offered"];
pub(super) const REPAIRED_FLAG: &str = "repaired";

/// What a reply says, from the strategies it shows or the anti-pattern it commits.
pub(super) fn phrase(id: &str) -> &'static str {
    match id {
        "problem_solving" => "Let's fix this: I can replace it or refund it today, which would you prefer?",
        "set_expectations" => "Here is exactly what happens next, and by when.",
        "empathy" => "I can see why that's upsetting; I'd feel the same.",
        "sincere_apology" => "I'm sorry: we got this wrong.",
        "honesty" => "To be straight with you, the mistake was ours.",
        "active_listening" => "So, if I have it right, you've been waiting since Monday and nobody called back.",
        "exceed_expectations" => "And I'll check the replacement myself before it goes out to you.",
        "positive_language" => "Here's what I can do for you.",
        "stay_calm" => "I understand. Let's go through it step by step.",
        "personalize" => "I'll look after this myself, and you can reach me directly.",
        "document" => "I've written it all on the ticket so nobody asks you again.",
        "change_channel" => "Shall I call you instead? It will be quicker.",
        "get_prepared" => "I have your order and both earlier tickets open in front of me.",
        "compromise" => "Policy won't cover all of it, but I can meet you halfway.",
        "fair_compensation" => "For the trouble, I'm crediting one month's fee.",
        "follow_up" => "I'll check on Friday and email you either way.",
        "escalate" => "This needs my team lead; I'll hand it over with every detail.",
        "needless_escalation" => "I'll pass this to my team lead; they'll get back to you.",
        "defensive" => "Our records show the system worked as designed.",
        "losing_temper" => "There's no need to shout at me.",
        "interrupting" => "Yes, yes, I get it. Order number?",
        "arguing_facts" => "Actually, that's not what happened.",
        "flat_no" => "No, we can't do that.",
        "cutting_short" => "Okay. Anything else?",
        "dismissive" => "These things happen; it'll sort itself out.",
        "insincere_apology" => "Sorry if you feel that way.",
        "exaggerating" => "It's the best on the market, it never fails.",
        "you_need_to" => "You need to read the terms next time.",
        "overpromising" => "I promise it will be fixed by tomorrow morning.",
        _ => "Let me help with that.",
    }
}

/// One reply before it is written out as RON.
#[derive(Default)]
pub(super) struct Reply {
    /// What the trainee says, if not the phrases of its strategies.
    pub(super) text: Option<String>,
    pub(super) shows: Vec<&'static str>,
    pub(super) commits: Vec<&'static str>,
    pub(super) mood: (i32, i32),
    pub(super) sets: Vec<&'static str>,
    pub(super) clears: Vec<&'static str>,
    pub(super) requires: Option<String>,
    pub(super) branches: Vec<(String, String)>,
    pub(super) goto: String,
}

impl Reply {
    pub(super) fn shows(ids: &[&'static str], goto: String) -> Reply {
        Reply { shows: ids.to_vec(), goto, ..Reply::default() }
    }

    pub(super) fn commits(id: &'static str, goto: String) -> Reply {
        // On top of the catalogue's few points: two or three hot anti-patterns in a row reach
        // the temper threshold from any lane's start, and a cold one visibly costs trust.
        let mood = if HOT.contains(&id) { (3, 0) } else { (0, -3) };
        Reply { commits: vec![id], mood, goto, ..Reply::default() }
    }
}

pub(super) fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

/// A `Say` node; `beyond_agent` marks one where the agent cannot resolve it, so `escalate`
/// is right there.
pub(super) fn write_say(out: &mut String, name: &str, lines: &[String], beyond_agent: bool, replies: &[Reply]) {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let _ = write!(out, "        \"{name}\": Say(\n            lines: [{}],\n", quoted(&lines));
    if beyond_agent {
        out.push_str("            beyond_agent: true,\n");
    }
    out.push_str("            choices: [\n");
    for reply in replies {
        let phrases: Vec<&str> = reply.shows.iter().chain(&reply.commits).map(|id| phrase(id)).collect();
        let text = reply.text.clone().unwrap_or_else(|| phrases.join(" "));
        let _ = write!(out, "                (text: \"{text}\"");
        if !reply.shows.is_empty() {
            let _ = write!(out, ", shows: [{}]", reply.shows.join(", "));
        }
        if !reply.commits.is_empty() {
            let _ = write!(out, ", commits: [{}]", reply.commits.join(", "));
        }
        if reply.mood != (0, 0) {
            let _ = write!(out, ", mood: (temper: {}, trust: {})", reply.mood.0, reply.mood.1);
        }
        if !reply.sets.is_empty() {
            let _ = write!(out, ", sets: [{}]", quoted(&reply.sets));
        }
        if !reply.clears.is_empty() {
            let _ = write!(out, ", clears: [{}]", quoted(&reply.clears));
        }
        if let Some(requires) = &reply.requires {
            let _ = write!(out, ", requires: {requires}");
        }
        if !reply.branches.is_empty() {
            let branches: Vec<String> =
                reply.branches.iter().map(|(when, to)| format!("(when: {when}, goto: \"{to}\")")).collect();
            let _ = write!(out, ", branches: [{}]", branches.join(", "));
        }
        let _ = writeln!(out, ", goto: \"{}\"),", reply.goto);
    }
    out.push_str("            ],\n        ),\n");
}

pub(super) fn write_end(out: &mut String, name: &str, outcome: &str, points: i64, line: &str) {
    let _ = writeln!(out, "        \"{name}\": End(outcome: {outcome}, points: {points}, lines: [\"{line}\"]),");
}
