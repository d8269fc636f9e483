//! The feedback coach: checks a Situation–Behaviour–Impact draft before it is sent and ties each
//! suggestion to the exact words. Rules catch what makes feedback hard to use (labels about the
//! person, absolutes, no stated impact, vague asks, length); the kindness engine reads the tone.
//! Suggestions only: the writer may always send (DESIGN.md §3.8).

use serde::Serialize;

/// The draft as typed.
#[derive(Debug, Clone, Default)]
pub struct FeedbackDraft {
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
}

impl FeedbackDraft {
    fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("situation", self.situation.as_str()),
            ("behaviour", self.behaviour.as_str()),
            ("impact", self.impact.as_str()),
            ("request", self.request.as_deref().unwrap_or("")),
        ]
    }
}

/// One suggestion, tied to a field and, where it can be, to the words within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoachNote {
    /// `label`, `absolute`, `no-impact`, `no-situation`, `vague-request`, `harsh`, `too-short`,
    /// `too-long`.
    pub kind: &'static str,
    /// The field the note is about, if one.
    pub field: Option<&'static str>,
    pub message: String,
    /// Byte range in that field, on char boundaries, and the words it covers.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: Option<String>,
}

/// Words that judge the person rather than describe what they did.
const LABELS: &[&str] = &[
    "lazy",
    "careless",
    "sloppy",
    "incompetent",
    "rude",
    "selfish",
    "arrogant",
    "useless",
    "stupid",
    "unprofessional",
    "disorganised",
    "disorganized",
    "irresponsible",
    "negligent",
    "hopeless",
    "clueless",
    "toxic",
    "aggressive",
    "unreliable",
    "annoying",
    "difficult",
    "dramatic",
    "immature",
    "idiot",
    "jerk",
    "bossy",
    "defensive",
    "passive-aggressive",
    "inconsiderate",
];

const ABSOLUTES: &[&str] = &[
    "always",
    "never",
    "constantly",
    "everyone",
    "nobody",
    "nothing",
    "everything",
    "forever",
];

/// Two-word absolutes, matched as word pairs.
const ABSOLUTE_PAIRS: &[(&str, &str)] = &[("every", "time"), ("no", "one"), ("all", "time")];

/// Asks that name no action anyone could take tomorrow.
const VAGUE_ASKS: &[&str] = &[
    "do better",
    "be better",
    "try harder",
    "step up",
    "improve",
    "shape up",
    "get better",
    "be more careful",
    "be more professional",
    "fix it",
    "fix this",
    "sort it out",
    "get it together",
    "be more responsible",
];

/// Subjects that turn a following label into a statement about the person.
const LABEL_LEADS: &[&[&str]] = &[
    &["you", "are"],
    &["you're"],
    &["you", "were"],
    &["you", "seem"],
    &["you", "sound"],
    &["he", "is"],
    &["she", "is"],
    &["they", "are"],
];

const MIN_WORDS: usize = 12;
const MAX_WORDS: usize = 350;

/// Coaching for a draft; empty when there is nothing to suggest.
pub fn coach(draft: &FeedbackDraft) -> Vec<CoachNote> {
    let mut notes = Vec::new();
    let mut total_words = 0;
    for (field, text) in draft.fields() {
        let words = words(text);
        total_words += words.len();
        label_notes(field, text, &words, &mut notes);
        absolute_notes(field, text, &words, &mut notes);
    }
    if draft.situation.trim().is_empty() {
        notes.push(note(
            "no-situation",
            Some("situation"),
            "Say when and where it happened, so they can recall the moment.".into(),
        ));
    }
    if words(&draft.impact).len() < 3 {
        notes.push(note(
            "no-impact",
            Some("impact"),
            "Say what it changed — for you, the team or the work. Without the impact, feedback \
             reads as a verdict."
                .into(),
        ));
    }
    if let Some(request) = draft.request.as_deref() {
        vague_request_notes(request, &mut notes);
    }
    tone_notes(draft, &mut notes);
    if total_words > 0 && total_words < MIN_WORDS {
        notes.push(note(
            "too-short",
            None,
            format!(
                "{total_words} {} is hard to act on; add one concrete example of what you saw.",
                if total_words == 1 { "word" } else { "words" }
            ),
        ));
    } else if total_words > MAX_WORDS {
        notes.push(note(
            "too-long",
            None,
            format!(
                "{total_words} words is a lot to take in; keep to the one behaviour that matters \
                 most and talk through the rest."
            ),
        ));
    }
    notes
}

fn note(kind: &'static str, field: Option<&'static str>, message: String) -> CoachNote {
    CoachNote {
        kind,
        field,
        message,
        start: None,
        end: None,
        text: None,
    }
}

fn spanned(
    kind: &'static str,
    field: &'static str,
    text: &str,
    start: usize,
    end: usize,
    message: String,
) -> CoachNote {
    CoachNote {
        kind,
        field: Some(field),
        message,
        start: Some(start),
        end: Some(end),
        text: Some(text[start..end].to_owned()),
    }
}

/// A word with its byte range; letters, digits, `'` and `-` inside a word.
struct Word {
    start: usize,
    end: usize,
    lower: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-';
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(word(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(text, s, text.len()));
    }
    out
}

fn word(text: &str, start: usize, end: usize) -> Word {
    // Trim quote marks and dashes that only wrap the word.
    let raw = &text[start..end];
    let trimmed = raw.trim_matches(|c| c == '\'' || c == '\u{2019}' || c == '-');
    let offset = raw.find(trimmed).unwrap_or(0);
    let start = start + offset;
    Word {
        start,
        end: start + trimmed.len(),
        lower: trimmed.to_lowercase().replace('\u{2019}', "'"),
    }
}

fn label_notes(field: &'static str, text: &str, words: &[Word], notes: &mut Vec<CoachNote>) {
    for (i, w) in words.iter().enumerate() {
        if !LABELS.contains(&w.lower.as_str()) {
            continue;
        }
        // Widen the span to "you are (so/very/a/an) lazy" when a lead names the person.
        let mut start = w.start;
        let mut j = i;
        while j > 0
            && [
                "so", "very", "really", "a", "an", "such", "too", "quite", "just",
            ]
            .contains(&words[j - 1].lower.as_str())
        {
            j -= 1;
        }
        for lead in LABEL_LEADS {
            if j >= lead.len()
                && words[j - lead.len()..j]
                    .iter()
                    .zip(lead.iter())
                    .all(|(w, l)| w.lower == *l)
            {
                start = words[j - lead.len()].start;
                break;
            }
        }
        notes.push(spanned(
            "label",
            field,
            text,
            start,
            w.end,
            format!(
                "\u{201c}{}\u{201d} is a label about the person; describe what they did instead \
                 (what you saw or heard), so they can change it.",
                &text[start..w.end]
            ),
        ));
    }
}

fn absolute_notes(field: &'static str, text: &str, words: &[Word], notes: &mut Vec<CoachNote>) {
    for (i, w) in words.iter().enumerate() {
        let pair = words.get(i + 1).and_then(|next| {
            ABSOLUTE_PAIRS
                .iter()
                .any(|(a, b)| *a == w.lower && *b == next.lower)
                .then_some(next.end)
        });
        // "all the time" has a word in between.
        let all_the_time = (w.lower == "all"
            && words.get(i + 1).is_some_and(|n| n.lower == "the")
            && words.get(i + 2).is_some_and(|n| n.lower == "time"))
        .then(|| words[i + 2].end);
        let end = if ABSOLUTES.contains(&w.lower.as_str()) {
            Some(w.end)
        } else {
            pair.or(all_the_time)
        };
        if let Some(end) = end {
            notes.push(spanned(
                "absolute",
                field,
                text,
                w.start,
                end,
                format!(
                    "\u{201c}{}\u{201d} invites an argument about the exceptions; name the \
                     occasions you mean instead.",
                    &text[w.start..end]
                ),
            ));
        }
    }
}

fn vague_request_notes(request: &str, notes: &mut Vec<CoachNote>) {
    let lower = request.to_lowercase();
    let n_words = words(request).len();
    for ask in VAGUE_ASKS {
        let Some(at) = find_phrase(&lower, ask) else {
            continue;
        };
        // A longer request that goes on to name something concrete is fine.
        if n_words > ask.split(' ').count() + 6 {
            continue;
        }
        // Lower-casing can change byte lengths outside ASCII; map back only when it did not.
        let (start, end) = if lower.len() == request.len() {
            (at, at + ask.len())
        } else {
            (0, request.len())
        };
        notes.push(spanned(
            "vague-request",
            "request",
            request,
            start,
            end,
            format!(
                "\u{201c}{}\u{201d} does not say what to do; ask for one concrete thing they \
                 could do next time.",
                &request[start..end]
            ),
        ));
        return;
    }
}

/// Finds `phrase` in `haystack` on word boundaries.
fn find_phrase(haystack: &str, phrase: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    haystack.match_indices(phrase).map(|(i, _)| i).find(|&i| {
        let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let j = i + phrase.len();
        let after = j >= bytes.len() || !bytes[j].is_ascii_alphanumeric();
        before && after
    })
}

/// Harsh pieces the kindness engine finds, field by field.
fn tone_notes(draft: &FeedbackDraft, notes: &mut Vec<CoachNote>) {
    for (field, text) in draft.fields() {
        if text.trim().is_empty() {
            continue;
        }
        let Ok(reading) = crate::read_draft(text) else {
            continue;
        };
        if reading.harshness < 0.5 {
            continue;
        }
        let harsh_span = reading.spans.iter().find(|s| {
            !matches!(
                s.label.as_str(),
                "gratitude" | "acknowledgement" | "ownership"
            )
        });
        let message = format!(
            "This reads as {} ({:.0} % harsh); the same point lands better said plainly and \
             calmly.",
            reading.summary,
            reading.harshness * 100.0
        );
        notes.push(match harsh_span {
            Some(s) => spanned("harsh", field, text, s.start, s.end, message),
            None => note("harsh", Some(field), message),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(behaviour: &str, impact: &str, request: Option<&str>) -> FeedbackDraft {
        FeedbackDraft {
            situation: "In Tuesday's planning meeting".into(),
            behaviour: behaviour.into(),
            impact: impact.into(),
            request: request.map(Into::into),
        }
    }

    fn kinds(notes: &[CoachNote]) -> Vec<&'static str> {
        notes.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn a_label_is_tied_to_the_exact_words() {
        let d = draft(
            "You were so careless with the release notes.",
            "Support answered the wrong questions for a day.",
            None,
        );
        let notes = coach(&d);
        let label = notes.iter().find(|n| n.kind == "label").expect("a label");
        assert_eq!(label.field, Some("behaviour"));
        assert_eq!(label.text.as_deref(), Some("You were so careless"));
        assert_eq!(
            &d.behaviour[label.start.unwrap()..label.end.unwrap()],
            "You were so careless"
        );
    }

    #[test]
    fn absolutes_and_pairs_are_found() {
        let d = draft(
            "You always interrupt and every time I start, no one else gets a word in.",
            "I stopped sharing ideas in the meeting.",
            None,
        );
        let texts: Vec<_> = coach(&d)
            .into_iter()
            .filter(|n| n.kind == "absolute")
            .filter_map(|n| n.text)
            .collect();
        assert_eq!(texts, ["always", "every time", "no one"]);
    }

    #[test]
    fn missing_impact_and_vague_request_are_named() {
        let d = draft(
            "You shipped the change without the review we agreed on.",
            "",
            Some("Do better."),
        );
        let notes = coach(&d);
        assert!(kinds(&notes).contains(&"no-impact"));
        let vague = notes.iter().find(|n| n.kind == "vague-request").unwrap();
        assert_eq!(vague.text.as_deref(), Some("Do better"));
    }

    #[test]
    fn a_concrete_request_is_not_vague() {
        let d = draft(
            "You shipped the change without the review we agreed on.",
            "Two customers hit the bug before we could roll back.",
            Some("Could you improve the checklist by adding the review step before the deploy?"),
        );
        assert!(!kinds(&coach(&d)).contains(&"vague-request"));
    }

    #[test]
    fn good_feedback_gets_no_notes() {
        let d = draft(
            "You walked the new hire through the deploy script step by step and wrote down \
             the two gotchas.",
            "She shipped her first change on day two without needing help.",
            Some("Could you add those two gotchas to the onboarding page?"),
        );
        assert_eq!(coach(&d), vec![]);
    }

    #[test]
    fn harsh_tone_and_length_are_flagged() {
        let d = draft("WHAT WERE YOU THINKING?! This is ridiculous.", "", None);
        let k = kinds(&coach(&d));
        assert!(k.contains(&"harsh"), "{k:?}");
        assert!(k.contains(&"too-short"), "{k:?}");
    }

    #[test]
    fn non_ascii_text_keeps_spans_on_char_boundaries() {
        let d = draft(
            "Ça, c'est — you are lazy — « toujours » comme ça.",
            "Ça coûte.",
            None,
        );
        for n in coach(&d) {
            if let (Some(s), Some(e), Some(f)) = (n.start, n.end, n.field) {
                let text = match f {
                    "behaviour" => &d.behaviour,
                    "impact" => &d.impact,
                    "situation" => &d.situation,
                    _ => d.request.as_ref().unwrap(),
                };
                assert_eq!(Some(&text[s..e]), n.text.as_deref());
            }
        }
    }
}
