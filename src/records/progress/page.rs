//! The cohort as one HTML page for a trainer: the learner × strategy grid, who is stuck, who
//! has gone quiet, the hardest strategies as a bar chart, and every learner's progress with
//! a chart of their estimates over time. Self-contained (no script, no fetched file), every
//! name escaped.

use crate::records::progress::bkt::ONE;
use crate::records::progress::cohort::Cohort;
use crate::records::progress::days::Day;
use crate::records::progress::learner::{LearnerProgress, SkillProgress, SkillState, Tally};
use std::fmt::Write;

/// Text made safe for HTML, attributes included.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn percent(ppm: u64) -> u64 {
    (ppm * 100 + ONE / 2) / ONE
}

fn tally(t: &Tally) -> String {
    format!("{} of {}", t.taken, t.offered)
}

/// The class a state is coloured by.
fn class(state: SkillState) -> &'static str {
    match state {
        SkillState::New => "new",
        SkillState::Practising => "practising",
        SkillState::Mastered => "mastered",
        SkillState::DueForReview => "due",
    }
}

const STYLE: &str = r#"
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #f6f7f9; margin: 0; }
main { max-width: 1400px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; border-bottom: 2px solid #d8dde6; padding-bottom: 4px; }
h3 { font-size: 18px; margin: 0; display: inline; }
.muted { color: #5b6475; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; margin-top: 16px; }
.card { background: #fff; border: 1px solid #d8dde6; border-radius: 8px; padding: 12px 18px; min-width: 150px; }
.card b { display: block; font-size: 28px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 8px; border-radius: 4px; }
.scroll { overflow-x: auto; background: #fff; border: 1px solid #d8dde6; border-radius: 8px; }
table { border-collapse: collapse; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e9ef; text-align: left; white-space: nowrap; }
table.grid th.skill { writing-mode: vertical-rl; transform: rotate(180deg); height: 270px; vertical-align: bottom; font-weight: 500; font-size: 13px; padding: 6px 2px; }
table.grid td.cell { text-align: center; font-size: 12px; min-width: 34px; padding: 3px 2px; border-left: 1px solid #fff; }
table.grid th.who { position: sticky; left: 0; background: #fff; z-index: 1; }
.mastered { background: #cdebd3; color: #114d20; }
.due { background: #fbe3b5; color: #6b4300; }
.practising { background: #e3e8f4; color: #253559; }
.new { background: #fff; color: #9aa2b1; }
.stuck { outline: 2px solid #b3261e; outline-offset: -2px; }
ul.plain { padding-left: 20px; }
details { background: #fff; border: 1px solid #d8dde6; border-radius: 8px; margin: 10px 0; padding: 10px 16px; }
summary { cursor: pointer; }
table.skills td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 12px system-ui, sans-serif; fill: #3b4456; }
"#;

/// The whole page.
pub fn cohort_page(cohort: &Cohort, title: &str) -> String {
    let mut out = String::new();
    let attempts: u32 = cohort.learners.iter().map(|l| l.attempts).sum();
    let reviews: u32 = cohort.learners.iter().map(|l| l.reviews).sum();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{t}</title><style>{STYLE}</style></head><body><main>\n<h1>{t}</h1>\
         <div class=\"muted\">As of {today}. Each strategy's state comes from the chances the conversations gave to use it \
         (see the README's “Progress” section for the model).</div>\n",
        t = escape(title),
        today = cohort.today
    );
    let _ = writeln!(
        out,
        "<div class=\"cards\"><div class=\"card\"><b>{}</b>learners</div><div class=\"card\"><b>{attempts}</b>conversations</div>\
         <div class=\"card\"><b>{reviews}</b>mistakes reviewed</div><div class=\"card\"><b>{}</b>stuck on a strategy</div>\
         <div class=\"card\"><b>{}</b>quiet for a week or more</div></div>",
        cohort.learners.len(),
        cohort.stuck.iter().map(|s| &s.trainee).collect::<std::collections::BTreeSet<_>>().len(),
        cohort.idle.len()
    );
    weakest_chart(&mut out, cohort);
    grid(&mut out, cohort);
    out.push_str("<h2 id=\"stuck\">Who is stuck</h2>\n");
    if cohort.stuck.is_empty() {
        out.push_str(
            "<p class=\"muted\">Nobody: no learner has had many chances at a strategy and still misses it.</p>\n",
        );
    } else {
        out.push_str(&format!(
            "<p class=\"muted\">{} or more chances at a strategy, and the estimate still under 50%.</p>\
             <div class=\"scroll\"><table><tr><th>Learner</th><th>Strategy</th><th>Taken</th><th>Estimate</th></tr>\n",
            crate::records::progress::cohort::STUCK_CHANCES
        ));
        for s in &cohort.stuck {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}%</td></tr>",
                escape(&s.trainee),
                escape(&s.name),
                tally(&s.tally),
                percent(s.estimate)
            );
        }
        out.push_str("</table></div>\n");
    }
    out.push_str("<h2 id=\"idle\">Who has not practised for a week</h2>\n");
    if cohort.idle.is_empty() {
        out.push_str("<p class=\"muted\">Everyone has practised in the last seven days.</p>\n");
    } else {
        out.push_str("<ul class=\"plain\">\n");
        for idle in &cohort.idle {
            let _ = writeln!(
                out,
                "<li>{}: last practised {} ({} days ago)</li>",
                escape(&idle.trainee),
                idle.last_practice,
                idle.days
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2 id=\"learners\">Each learner</h2>\n");
    for learner in &cohort.learners {
        learner_section(&mut out, learner);
    }
    out.push_str("</main></body></html>\n");
    out
}

/// The hardest strategies as horizontal bars of the share of chances taken.
fn weakest_chart(out: &mut String, cohort: &Cohort) {
    out.push_str("<h2 id=\"weakest\">The cohort's weakest strategies</h2>\n");
    if cohort.weakest.is_empty() {
        out.push_str("<p class=\"muted\">No conversation has been played yet.</p>\n");
        return;
    }
    let (label_w, bar_w, row_h) = (330.0, 520.0, 34.0);
    let height = row_h * cohort.weakest.len() as f64 + 30.0;
    let _ = write!(
        out,
        "<svg width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"Share of chances taken for the weakest strategies\">",
        label_w + bar_w + 360.0
    );
    for (i, id) in cohort.weakest.iter().enumerate() {
        let Some(skill) = cohort.skill(id) else { continue };
        let y = i as f64 * row_h + 6.0;
        let share = f64::from(skill.tally.taken) / f64::from(skill.tally.offered.max(1));
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" style=\"font-size:14px\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"22\" fill=\"#e6e9ef\"/>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{:.1}\" height=\"22\" fill=\"#1f5fbf\"/>\
             <text x=\"{}\" y=\"{}\" style=\"font-size:14px\">{}% taken ({}) · {} of {} mastered</text>",
            label_w - 10.0,
            y + 16.0,
            escape(&skill.name),
            bar_w * share,
            label_w + bar_w + 8.0,
            y + 16.0,
            (share * 100.0).round(),
            tally(&skill.tally),
            skill.mastered,
            skill.learners
        );
    }
    let axis_y = row_h * cohort.weakest.len() as f64 + 20.0;
    for tick in [0, 25, 50, 75, 100] {
        let x = label_w + bar_w * f64::from(tick) / 100.0;
        let _ = write!(out, "<text x=\"{x}\" y=\"{axis_y}\" text-anchor=\"middle\">{tick}%</text>");
    }
    out.push_str("</svg>\n");
}

/// Learners by row, strategies met by column, each cell the state and the chances taken.
fn grid(out: &mut String, cohort: &Cohort) {
    out.push_str(
        "<h2 id=\"grid\">Learners and strategies</h2>\n<p class=\"legend\"><span class=\"mastered\">mastered</span>\
         <span class=\"due\">due for review</span><span class=\"practising\">practising</span>\
         <span class=\"new\" style=\"border:1px solid #d8dde6\">not met</span>\
         <span class=\"stuck\">stuck</span> Each cell: chances taken of offered.</p>\n<div class=\"scroll\"><table class=\"grid\"><tr><th class=\"who\">Learner</th>",
    );
    let columns: Vec<usize> = cohort.met().map(|(k, _)| k).collect();
    for &k in &columns {
        let _ = write!(out, "<th class=\"skill\">{}</th>", escape(&cohort.skills[k].name));
    }
    out.push_str("</tr>\n");
    for learner in &cohort.learners {
        let _ = write!(
            out,
            "<tr><th class=\"who\"><a href=\"#{}\">{}</a></th>",
            anchor(&learner.trainee),
            escape(&learner.trainee)
        );
        for &k in &columns {
            let skill = &learner.skills[k];
            let stuck = cohort.stuck.iter().any(|s| s.trainee == learner.trainee && s.skill == skill.id);
            let text = if skill.tally.offered == 0 {
                String::new()
            } else {
                format!("{}/{}", skill.tally.taken, skill.tally.offered)
            };
            let _ = write!(
                out,
                "<td class=\"cell {}{}\" title=\"{}: {}, estimate {}%\">{text}</td>",
                class(skill.state),
                if stuck { " stuck" } else { "" },
                escape(&skill.name),
                skill.state.label(),
                percent(skill.estimate)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table></div>\n");
}

/// An id for a learner's section: letters and digits kept, everything else as its code.
fn anchor(name: &str) -> String {
    let mut out = String::from("learner-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}", c as u32);
        }
    }
    out
}

fn first_latest(skill: &SkillProgress) -> String {
    match (skill.first, skill.latest) {
        (Some(first), Some(latest)) => format!("{} → {}", tally(&first), tally(&latest)),
        _ => String::new(),
    }
}

/// One learner: the same as their progress screen.
fn learner_section(out: &mut String, learner: &LearnerProgress) {
    let _ = writeln!(
        out,
        "<details id=\"{}\"><summary><h3>{}</h3> <span class=\"muted\">· {} mastered · {} due · {} practising · {} conversations · \
         last practised {} · {} day{} in a row · this week {} of {}</span></summary>",
        anchor(&learner.trainee),
        escape(&learner.trainee),
        learner.count(SkillState::Mastered),
        learner.count(SkillState::DueForReview),
        learner.count(SkillState::Practising),
        learner.attempts,
        learner.last_practice.map_or_else(|| "never".to_owned(), |d| d.date()),
        learner.streak,
        if learner.streak == 1 { "" } else { "s" },
        learner.week.done,
        learner.week.goal
    );
    estimate_chart(out, learner);
    out.push_str(
        "<table class=\"skills\"><tr><th>Strategy</th><th>State</th><th>Taken</th><th>First → latest</th>\
         <th>Estimate</th><th>Review on</th></tr>\n",
    );
    let mut met: Vec<&SkillProgress> = learner.skills.iter().filter(|s| s.tally.offered > 0).collect();
    met.sort_by_key(|s| (state_order(s.state), s.estimate));
    for skill in met {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><span class=\"{}\">{}</span></td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}%</td><td>{}</td></tr>",
            escape(&skill.name),
            class(skill.state),
            skill.state.label(),
            tally(&skill.tally),
            first_latest(skill),
            percent(skill.estimate),
            skill.review_on.map(|d| d.date()).unwrap_or_default()
        );
    }
    out.push_str("</table>\n");
    let open: Vec<_> = learner.to_review().take(5).collect();
    if !open.is_empty() {
        out.push_str("<p><b>Mistakes to review:</b></p><ul class=\"plain\">");
        for m in open {
            let _ = write!(
                out,
                "<li>{} in {} ({}), turn {}</li>",
                escape(&m.name),
                escape(&m.scenario),
                escape(&m.disc),
                m.turn + 1
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
}

/// Due first, then practising, mastered, new.
fn state_order(state: SkillState) -> u8 {
    match state {
        SkillState::DueForReview => 0,
        SkillState::Practising => 1,
        SkillState::Mastered => 2,
        SkillState::New => 3,
    }
}

const PALETTE: [&str; 6] = ["#1f5fbf", "#b3261e", "#137333", "#8e44ad", "#b06000", "#00838f"];

/// The estimates of the learner's weakest strategies, day by day, as lines.
fn estimate_chart(out: &mut String, learner: &LearnerProgress) {
    // The weakest strategies met: practising ones first, lowest estimate first.
    let mut shown: Vec<&SkillProgress> = learner.skills.iter().filter(|s| !s.timeline.is_empty()).collect();
    shown.sort_by_key(|s| (s.state != SkillState::Practising, s.estimate));
    shown.truncate(PALETTE.len());
    let (Some(first), Some(last)) = (learner.first_practice, learner.last_practice) else { return };
    if shown.is_empty() {
        return;
    }
    out.push_str(
        "<p class=\"muted\">The estimates of the weakest strategies met, after each day of practice; dashed: the 95% mastery line.</p>",
    );
    // A learner who practised on one day only gets a day's width.
    let last = if first == last { last.plus(1) } else { last };
    let (left, top, w, h) = (48.0, 12.0, 640.0, 180.0);
    let span = (last.0 - first.0) as f64;
    let x = |day: Day| left + w * (day.0 - first.0) as f64 / span;
    let y = |ppm: u64| top + h * (1.0 - ppm as f64 / ONE as f64);
    let _ = write!(
        out,
        "<svg width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"Estimates over time\">",
        left + w + 260.0,
        top + h + 34.0
    );
    for tick in [0u64, 50, 100] {
        let ty = y(tick * ONE / 100);
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{ty}\" y2=\"{ty}\" stroke=\"#d8dde6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick}%</text>",
            left + w,
            left - 6.0,
            ty + 4.0
        );
    }
    // The mastery threshold, dashed.
    let mastered = y(95 * ONE / 100);
    let _ = write!(
        out,
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{mastered}\" y2=\"{mastered}\" stroke=\"#137333\" stroke-dasharray=\"5 4\"/>",
        left + w
    );
    let _ = write!(
        out,
        "<text x=\"{left}\" y=\"{}\">{first}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{last}</text>",
        top + h + 20.0,
        left + w,
        top + h + 20.0
    );
    for (i, skill) in shown.iter().enumerate() {
        let colour = PALETTE[i];
        // From the prior on the first day it was met, so one day of practice is a line too.
        let start = format!("{:.1},{:.1}", x(skill.timeline[0].day), y(crate::records::progress::bkt::DEFAULT.init));
        let points: Vec<String> = std::iter::once(start)
            .chain(skill.timeline.iter().map(|p| format!("{:.1},{:.1}", x(p.day), y(p.estimate))))
            .collect();
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" points=\"{}\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"14\" height=\"4\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            points.join(" "),
            left + w + 16.0,
            top + 10.0 + i as f64 * 20.0,
            left + w + 36.0,
            top + 15.0 + i as f64 * 20.0,
            escape(&skill.name)
        );
    }
    out.push_str("</svg>\n");
}
