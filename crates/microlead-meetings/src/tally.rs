//! What the figures need from each cue, taken as the readers go: the person, checked times,
//! words, questions and whether it was only a short reply. No cue text is kept.

use crate::diagnostics::Diagnostics;
use crate::figures::Overview;
use crate::formats::{RawCue, Sink};
use crate::people::People;

/// One cue reduced to numbers, kept compact (40 bytes) because the figures walk and sort
/// these: "no time" is NaN (checked times are never NaN) and "no speaker" is `u32::MAX`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    start: f64,
    end: f64,
    pub line: usize,
    speaker: u32,
    pub words: u32,
    pub questions: u32,
    /// "yeah", "mm-hmm", "got it": listening, not taking the floor.
    pub short_reply: bool,
}

impl Rec {
    #[inline]
    pub(crate) fn start(&self) -> Option<f64> {
        (!self.start.is_nan()).then_some(self.start)
    }

    #[inline]
    pub(crate) fn end(&self) -> Option<f64> {
        (!self.end.is_nan()).then_some(self.end)
    }

    #[inline]
    pub(crate) fn speaker(&self) -> Option<u32> {
        (self.speaker != u32::MAX).then_some(self.speaker)
    }

    /// The start, 0 when there is none (the order cues are sorted in).
    #[inline]
    pub(crate) fn start_or_zero(&self) -> f64 {
        if self.start.is_nan() { 0.0 } else { self.start }
    }
}

pub(crate) struct Tally<'p, 'o> {
    pub people: &'p mut People<'o>,
    pub recs: Vec<Rec>,
    /// Order, extent and attribution of `recs`, kept up to date as they are pushed.
    pub overview: Overview,
    pub diags: Diagnostics,
    /// Person id per name slot of the reader's name cache (`u32::MAX`: not seen yet).
    slots: Vec<u32>,
}

impl Tally<'_, '_> {
    pub(crate) fn new<'p, 'o>(people: &'p mut People<'o>) -> Tally<'p, 'o> {
        Tally {
            people,
            recs: Vec::with_capacity(256),
            overview: Overview::default(),
            diags: Diagnostics::default(),
            slots: Vec::new(),
        }
    }

    fn person_in_slot(&mut self, slot: u32, name: &str) -> u32 {
        let slot = slot as usize;
        if let Some(&id) = self.slots.get(slot)
            && id != u32::MAX
        {
            return id;
        }
        let id = self.people.id(name);
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, u32::MAX);
        }
        self.slots[slot] = id;
        id
    }
}

impl Sink for Tally<'_, '_> {
    fn cue(&mut self, cue: RawCue<'_>) {
        let (start, end) = check_times(cue.start, cue.end, cue.line, &mut self.diags);
        let words = cue.stats.words;
        let speaker = cue.speaker.map(|name| match cue.slot {
            Some(slot) => self.person_in_slot(slot, name),
            None => self.people.id(name),
        });
        let rec = Rec {
            // Person ids count people in one file: never anywhere near `u32::MAX`.
            speaker: speaker.unwrap_or(u32::MAX),
            start: start.unwrap_or(f64::NAN),
            end: end.unwrap_or(f64::NAN),
            words,
            questions: cue.stats.questions,
            short_reply: words <= 4 && is_short_reply(cue.text),
            line: cue.line,
        };
        self.overview.add(&rec);
        self.recs.push(rec);
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
            diags.push(
                line,
                "the cue ends before it starts",
                "treated it as zero-length: words count, no airtime",
            );
            (Some(s), Some(s))
        }
        (Some(s), Some(e)) if e == s => {
            diags.push(
                line,
                "zero-length cue",
                "kept its words; it adds no airtime",
            );
            (Some(s), Some(e))
        }
        (None, Some(_)) => (None, None),
        other => other,
    }
}

/// Words that on their own only signal listening.
const SHORT_REPLY_WORDS: &[&str] = &[
    "absolutely",
    "agreed",
    "ah",
    "alright",
    "aha",
    "cool",
    "definitely",
    "exactly",
    "fine",
    "gotcha",
    "great",
    "hm",
    "hmm",
    "huh",
    "indeed",
    "k",
    "mhm",
    "mm",
    "mm-hm",
    "mm-hmm",
    "mmhmm",
    "mmm",
    "nice",
    "no",
    "nope",
    "oh",
    "ok",
    "okay",
    "oops",
    "right",
    "sure",
    "thanks",
    "totally",
    "true",
    "uh",
    "uh-huh",
    "uhhuh",
    "um",
    "wow",
    "ya",
    "yah",
    "yeah",
    "yep",
    "yes",
    "yup",
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
            && SHORT_REPLY_PAIRS.iter().any(|(a, b)| {
                a.eq_ignore_ascii_case(tokens[i]) && b.eq_ignore_ascii_case(tokens[i + 1])
            })
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
    fn short_replies() {
        assert!(is_short_reply("Yeah."));
        assert!(is_short_reply("mm-hmm, got it"));
        assert!(is_short_reply("Okay, thank you!"));
        assert!(!is_short_reply("Yeah but wait"));
        assert!(!is_short_reply(""));
        assert!(!is_short_reply("yes yes yes yes yes"));
    }
}
