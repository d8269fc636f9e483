//! What the figures need from each cue, taken as the readers go: the person, checked times,
//! words, questions and whether it was only a short reply. No cue text is kept.

use crate::diagnostics::Diagnostics;
use crate::formats::{RawCue, Sink};
use crate::people::People;

/// One cue reduced to numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    pub speaker: Option<u32>,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub words: u32,
    pub questions: u32,
    /// "yeah", "mm-hmm", "got it": listening, not taking the floor.
    pub short_reply: bool,
    pub line: usize,
}

pub(crate) struct Tally<'p, 'o> {
    pub people: &'p mut People<'o>,
    pub recs: Vec<Rec>,
    pub diags: Diagnostics,
}

impl Sink for Tally<'_, '_> {
    fn cue(&mut self, cue: RawCue<'_>) {
        let (start, end) = check_times(cue.start, cue.end, cue.line, &mut self.diags);
        let words = count_words(cue.text);
        self.recs.push(Rec {
            speaker: cue.speaker.map(|name| self.people.id(name)),
            start,
            end,
            words,
            questions: count_questions(cue.text),
            short_reply: words <= 4 && is_short_reply(cue.text),
            line: cue.line,
        });
    }
}

/// Drops times that are not numbers and turns an end before the start into a zero-length
/// cue: the words still count, no airtime is invented.
pub(crate) fn check_times(
    start: Option<f64>,
    end: Option<f64>,
    line: usize,
    diags: &mut Diagnostics,
) -> (Option<f64>, Option<f64>) {
    let start = start.filter(|s| s.is_finite() && *s >= 0.0);
    let end = end.filter(|e| e.is_finite());
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            diags.push(line, "the cue ends before it starts", "treated it as zero-length: words count, no airtime");
            (Some(s), Some(s))
        }
        (Some(s), Some(e)) if e == s => {
            diags.push(line, "zero-length cue", "kept its words; it adds no airtime");
            (Some(s), Some(e))
        }
        (None, Some(_)) => (None, None),
        other => other,
    }
}

/// Whitespace-separated tokens with at least one letter or digit (so "-" and "…" are not words).
pub(crate) fn count_words(text: &str) -> u32 {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let mut words = 0u32;
    let mut in_token = false;
    let mut token_has_word = false;
    let mut token_start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b.is_ascii_whitespace() {
            if in_token && (token_has_word || has_alphanumeric(&text[token_start..i])) {
                words += 1;
            }
            in_token = false;
            continue;
        }
        if !in_token {
            in_token = true;
            token_has_word = false;
            token_start = i;
        }
        token_has_word |= b.is_ascii_alphanumeric();
    }
    if in_token && (token_has_word || has_alphanumeric(&text[token_start..])) {
        words += 1;
    }
    words
}

/// The hot path. Each token start is found from a byte and its predecessor alone, with
/// arithmetic instead of branches, so the compiler can vectorise the loop; only when some
/// token starts with punctuation (`-`, `"yes"`) does the exact per-token rule run.
fn count_ascii_words(text: &[u8]) -> u32 {
    #[inline(always)]
    fn blank(b: u8) -> u8 {
        u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5)
    }
    #[inline(always)]
    fn alnum(b: u8) -> u8 {
        u8::from((b | 0x20).wrapping_sub(b'a') < 26) | u8::from(b.wrapping_sub(b'0') < 10)
    }
    let Some(&first) = text.first() else { return 0 };
    let mut starts = u32::from(blank(first) ^ 1);
    let mut odd_starts = starts & u32::from(alnum(first) ^ 1);
    for (&previous, &b) in text.iter().zip(&text[1..]) {
        let start = blank(previous) & (blank(b) ^ 1);
        starts += u32::from(start);
        odd_starts += u32::from(start & (alnum(b) ^ 1));
    }
    if odd_starts == 0 {
        return starts;
    }
    text.split(|&b| blank(b) == 1).filter(|token| token.iter().any(|&b| alnum(b) == 1)).count() as u32
}

fn has_alphanumeric(token: &str) -> bool {
    !token.is_ascii() && token.chars().any(char::is_alphanumeric)
}

/// Sentences ending in `?` (a run like `?!?` counts once).
pub(crate) fn count_questions(text: &str) -> u32 {
    let b = text.as_bytes();
    let mut questions = 0;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'?', &b[i..]) {
        let mut j = i + at + 1;
        while b.get(j).is_some_and(|c| matches!(c, b'?' | b'!')) {
            j += 1;
        }
        questions += 1;
        i = j;
    }
    questions
}

/// Words that on their own only signal listening.
const SHORT_REPLY_WORDS: &[&str] = &[
    "absolutely", "agreed", "ah", "alright", "aha", "cool", "definitely", "exactly", "fine", "gotcha",
    "great", "hm", "hmm", "huh", "indeed", "k", "mhm", "mm", "mm-hm", "mm-hmm", "mmhmm", "mmm",
    "nice", "no", "nope", "oh", "ok", "okay", "oops", "right", "sure", "thanks", "totally",
    "true", "uh", "uh-huh", "uhhuh", "um", "wow", "ya", "yah", "yeah", "yep", "yes", "yup",
];

/// Two-word replies, checked after the single words fail ("got it", "i see", "thank you").
const SHORT_REPLY_PAIRS: &[(&str, &str)] = &[
    ("got", "it"),
    ("i", "see"),
    ("thank", "you"),
    ("all", "right"),
    ("makes", "sense"),
    ("of", "course"),
    ("for", "sure"),
];

pub(crate) fn is_short_reply(text: &str) -> bool {
    let mut tokens = [""; 4];
    let mut n = 0;
    for raw in text.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if token.is_empty() {
            continue;
        }
        if n == tokens.len() {
            return false;
        }
        tokens[n] = token;
        n += 1;
    }
    if n == 0 {
        return false;
    }
    let is_word = |t: &str| SHORT_REPLY_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t));
    let mut i = 0;
    while i < n {
        if is_word(tokens[i]) {
            i += 1;
        } else if i + 1 < n
            && SHORT_REPLY_PAIRS
                .iter()
                .any(|(a, b)| a.eq_ignore_ascii_case(tokens[i]) && b.eq_ignore_ascii_case(tokens[i + 1]))
        {
            i += 2;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_questions() {
        assert_eq!(count_words("Hello there - it's me …"), 4);
        assert_eq!(count_words("  José  está\taquí "), 3);
        assert_eq!(count_words("(yes) - \"no\" a1 ..."), 3);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_questions("Why? Really?! Sure. What??"), 3);
        assert_eq!(count_questions("The plan is: ship it"), 0);
    }

    #[test]
    fn short_replies() {
        assert!(is_short_reply("Yeah."));
        assert!(is_short_reply("mm-hmm, got it"));
        assert!(is_short_reply("Okay, thank you!"));
        assert!(!is_short_reply("Yeah but wait"));
        assert!(!is_short_reply(""));
        assert!(!is_short_reply("yes yes yes yes yes"));
    }
}
