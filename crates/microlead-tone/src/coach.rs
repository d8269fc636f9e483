//! Coaching: what to soften in a draft and what to add, given the message it answers.
//!
//! The coach follows the essay's advice for answering anger or fear with kindness: name the
//! feeling the other person shows, take your share of responsibility, offer a concrete next
//! step, and cut what will escalate (blame, absolutes, labels, sarcasm, shouting). It only ever
//! suggests; nothing here blocks sending.

use crate::draft::{self, DraftDetail};
use crate::emotions::PRESENT;
use crate::spans::span;
use crate::types::{Comparison, DraftReading, IncomingReading, Suggestion};

/// At most this many `soften` suggestions, in reading order.
const MAX_SOFTEN: usize = 8;

/// Why each harsh cue escalates, and what to write instead.
fn soften_advice(label: &str, text: &str) -> Option<String> {
    let quoted = format!("\u{201c}{text}\u{201d}");
    let m = match label {
        "blame" => format!(
            "{quoted} puts the reader on trial. Describe what happened and its effect instead \
             (\u{201c}the export failed, and the client noticed\u{201d})."
        ),
        "absolute" => format!(
            "{quoted} turns one event into a verdict on the person, and invites a \
             counter-example. Name the specific time instead."
        ),
        "label" => format!(
            "{quoted} judges the person, not the work. Describe the behaviour and its impact \
             (\u{201c}the numbers in section 2 were not checked\u{201d})."
        ),
        "sarcasm" => format!(
            "{quoted} reads as sarcastic or impatient. Say the point plainly, as if for the \
             first time."
        ),
        "defensive" => format!(
            "{quoted} sounds defensive. Even if it was not your fault, saying what you can do \
             now lands better."
        ),
        "profanity" => format!("{quoted} will be read as anger. Leave it out."),
        "shouting" => format!("{quoted} in capitals reads as shouting. Use normal case."),
        "exclamations" => {
            format!("{quoted}: stacked marks raise the temperature. One full stop is enough.")
        }
        "anger" => format!("{quoted} reads as angry. Say what you need and why, without the heat."),
        "contempt" => format!(
            "{quoted} sounds contemptuous or threatening, and will put the reader on the \
             defensive. Describe the problem and what you need instead."
        ),
        "command" => format!(
            "{quoted} opens with a bare command. A request (\u{201c}could you ...\u{201d}) or \
             the reason behind it gets more cooperation."
        ),
        _ => return None,
    };
    Some(m)
}

fn has(d: &DraftDetail, label: &str) -> bool {
    d.found.iter().any(|f| f.label == label)
}

/// The feeling an incoming message shows, in words a reply can use.
fn feeling_words(incoming: &IncomingReading) -> Option<(&'static str, &'static str)> {
    let e = incoming.emotions;
    let mut best: Option<(f64, &'static str, &'static str)> = None;
    for (score, name, example) in [
        (
            e.anger,
            "frustrated or angry",
            "I can see this is frustrating, and I understand why.",
        ),
        (
            e.fear,
            "worried or anxious",
            "I can see why this is worrying.",
        ),
        (
            e.distress,
            "upset or overwhelmed",
            "That sounds like a lot to carry right now.",
        ),
    ] {
        if score >= PRESENT && best.is_none_or(|b| score > b.0) {
            best = Some((score, name, example));
        }
    }
    best.map(|(_, n, ex)| (n, ex))
}

pub(crate) fn suggestions(
    incoming: Option<&IncomingReading>,
    draft_text: &str,
    d: &DraftDetail,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    // Soften: one suggestion per harsh cue, in reading order.
    let mut harsh: Vec<&draft::Found> = d
        .found
        .iter()
        .filter(|f| draft::is_harsh(f.label))
        .collect();
    harsh.sort_by_key(|f| (f.start, f.end));
    harsh.dedup_by_key(|f| (f.start, f.label));
    // A long tirade would otherwise bury the other suggestions under dozens of these.
    for f in harsh.into_iter().take(MAX_SOFTEN) {
        let s = span(draft_text, f.start, f.end, f.label);
        if let Some(message) = soften_advice(f.label, &s.text) {
            out.push(Suggestion {
                kind: "soften".into(),
                message,
                span: Some(s),
            });
        }
    }

    let upset = incoming.is_some_and(|r| {
        let e = r.emotions;
        e.anger >= PRESENT
            || e.fear >= PRESENT
            || e.distress >= PRESENT
            || r.valence.compound <= -0.5
    });
    if let Some(r) = incoming
        && !has(d, "acknowledgement")
    {
        if let Some((name, example)) = feeling_words(r) {
            let words: Vec<&str> = r.spans.iter().take(3).map(|s| s.text.as_str()).collect();
            let why = if words.is_empty() {
                String::new()
            } else {
                format!(" (\u{201c}{}\u{201d})", words.join("\u{201d}, \u{201c}"))
            };
            out.push(Suggestion {
                kind: "acknowledge".into(),
                message: format!(
                    "Their message reads as {name}{why}. Name the feeling before the facts: \
                     \u{201c}{example}\u{201d}"
                ),
                span: None,
            });
        } else if upset {
            out.push(Suggestion {
                kind: "acknowledge".into(),
                message: "Their message is negative. Start by acknowledging how they see it: \
                          \u{201c}I understand this is not what you expected.\u{201d}"
                    .into(),
                span: None,
            });
        }
    }
    if upset && !has(d, "ownership") && !has(d, "apology") {
        out.push(Suggestion {
            kind: "own".into(),
            message: "Take your share, even a small one: \u{201c}I should have flagged this \
                      earlier.\u{201d} Owning part of it lowers the temperature more than \
                      explaining."
                .into(),
            span: None,
        });
    }
    if (upset || d.harshness >= 0.3) && !has(d, "offer") {
        out.push(Suggestion {
            kind: "offer".into(),
            message: "Offer a concrete next step with a time: \u{201c}Let me fix the export \
                      and send it to you by 3 pm.\u{201d}"
                .into(),
            span: None,
        });
    }
    if upset && !has(d, "question") {
        out.push(Suggestion {
            kind: "ask".into(),
            message: "Ask what would help: \u{201c}What would make this easier for you right \
                      now?\u{201d}"
                .into(),
            span: None,
        });
    }
    if out.is_empty() {
        out.push(Suggestion {
            kind: "keep".into(),
            message: "This reads calm and considerate. Send it when you are ready.".into(),
            span: None,
        });
    }
    out
}

fn change_words(delta: f64, more: &'static str, less: &'static str) -> Option<&'static str> {
    if delta >= 0.05 {
        Some(more)
    } else if delta <= -0.05 {
        Some(less)
    } else {
        None
    }
}

pub(crate) fn comparison(before: DraftReading, after: DraftReading) -> Comparison {
    let harshness_change = after.harshness - before.harshness;
    let kindness_change = after.kindness - before.kindness;
    let parts: Vec<&str> = [
        change_words(kindness_change, "kinder", "less kind"),
        change_words(harshness_change, "harsher", "less harsh"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let summary = if parts.is_empty() {
        format!("about the same ({})", after.summary)
    } else {
        format!("{}: now reads {}", parts.join(" and "), after.summary)
    };
    Comparison {
        before,
        after,
        harshness_change,
        kindness_change,
        summary,
    }
}
