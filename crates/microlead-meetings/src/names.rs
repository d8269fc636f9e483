//! What counts as a person's name: spotting `Name:` prefixes, and comparing names the way
//! people mean them ("Dana (Host)", "dana", "Dána" are one person).

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words that end in a colon at the start of a line without being a speaker (sorted: searched
/// by bisection).
const NOT_NAMES: &[&str] = &[
    "action",
    "actions",
    "agenda",
    "also",
    "and",
    "answer",
    "answers",
    "attendees",
    "bcc",
    "but",
    "caution",
    "cc",
    "date",
    "decision",
    "decisions",
    "edit",
    "edited",
    "error",
    "example",
    "fw",
    "fwd",
    "fyi",
    "goal",
    "goals",
    "hint",
    "important",
    "info",
    "item",
    "items",
    "link",
    "location",
    "meeting",
    "minutes",
    "nb",
    "next",
    "no",
    "note",
    "notes",
    "ok",
    "okay",
    "participants",
    "problem",
    "ps",
    "q",
    "question",
    "questions",
    "re",
    "recording",
    "reminder",
    "result",
    "results",
    "so",
    "solution",
    "source",
    "status",
    "step",
    "subject",
    "summary",
    "time",
    "tip",
    "title",
    "todo",
    "topic",
    "transcript",
    "update",
    "updates",
    "warning",
    "well",
    "yes",
];

/// Lower-case words that still belong inside a name ("Ludwig van Beethoven").
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "bint", "da", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "la",
    "le", "st", "ten", "ter", "van", "von", "y",
];

/// Longest text we consider as a name before a colon; keeps the prefix check cheap.
const MAX_NAME_BYTES: usize = 64;

/// Names from the roster and alias map, folded, so that a lower-case or odd name the user told
/// us about is still taken as a speaker.
#[derive(Debug, Default, Clone)]
pub(crate) struct KnownNames {
    folded: HashSet<String>,
}

impl KnownNames {
    pub(crate) fn insert(&mut self, name: &str) {
        let key = fold(name);
        if !key.is_empty() {
            self.folded.insert(key);
        }
    }

    pub(crate) fn contains(&self, candidate: &str) -> bool {
        !self.folded.is_empty() && self.folded.contains(&fold(candidate))
    }
}

/// Names already accepted in this file: the same few names open most cues, and checking the
/// name rules again for each would be the parser's largest cost.
#[derive(Debug, Default)]
pub(crate) struct NameCache {
    accepted: Vec<Box<str>>,
    /// The slot of the name [`speaker_prefix`] last returned, if it has one: readers pass it
    /// on so the analysis can map names to people without comparing strings again.
    pub last_slot: Option<u32>,
}

/// Names beyond this many per file are looked up the slow way.
const CACHED_NAMES: usize = 32;

impl NameCache {
    /// The slot of `name`, adding it if there is room.
    pub(crate) fn slot_of(&mut self, name: &str) -> Option<u32> {
        match self
            .accepted
            .iter()
            .position(|seen| crate::people::same(seen, name))
        {
            Some(slot) => u32::try_from(slot).ok(),
            None => self.insert(name),
        }
    }

    fn insert(&mut self, name: &str) -> Option<u32> {
        if self.accepted.len() >= CACHED_NAMES {
            return None;
        }
        self.accepted.push(name.into());
        u32::try_from(self.accepted.len() - 1).ok()
    }
}

/// Splits `Name: text` into the name and the rest when the part before the first colon is a
/// plausible speaker. The colon must be followed by whitespace or the end of the line, which
/// rules out clocks (`10:30`) and URLs (`http://x`).
pub(crate) fn speaker_prefix<'a>(
    line: &'a str,
    known: &KnownNames,
    cache: &mut NameCache,
) -> Option<(&'a str, &'a str)> {
    let head = &line.as_bytes()[..line.len().min(MAX_NAME_BYTES + 2)];
    // A name never spans lines: stop at the first colon or line break.
    let colon = first_colon_or_break(head)?;
    if line.as_bytes()[colon] != b':' {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t', '\n', '\r'])) {
        return None;
    }
    let name = line[..colon].trim_ascii();
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return None;
    }
    if let Some(slot) = cache
        .accepted
        .iter()
        .position(|seen| crate::people::same(seen, name))
    {
        cache.last_slot = u32::try_from(slot).ok();
        return Some((name, after.trim_ascii_start()));
    }
    if is_name_like(name) || known.contains(name) {
        cache.last_slot = cache.insert(name);
        Some((name, after.trim_ascii_start()))
    } else {
        None
    }
}

/// The first `:`, LF or CR in `head`, eight bytes at a time (the "has zero byte" trick; the
/// lowest flagged byte is always a true match).
fn first_colon_or_break(head: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = 0;
    while let Some(chunk) = head.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let hits = zero_byte(word ^ (ONES * u64::from(b':')))
            | zero_byte(word ^ (ONES * u64::from(b'\n')))
            | zero_byte(word ^ (ONES * u64::from(b'\r')));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    head[at..]
        .iter()
        .position(|&b| matches!(b, b':' | b'\n' | b'\r'))
        .map(|i| at + i)
}

/// 1–4 capitalised name words (particles such as "van" allowed inside, numbers allowed after
/// the first word as in "Speaker 2"), an optional trailing `(Host)`-style note, and no word that
/// usually heads a note rather than a person (`Note`, `Agenda`, `Meeting`...).
pub(crate) fn is_name_like(name: &str) -> bool {
    let core = strip_role_suffix(name);
    if core.is_empty() {
        return false;
    }
    let mut count = 0;
    for (i, word) in core.split_whitespace().enumerate() {
        count += 1;
        if count > 4 || !is_name_word(word, i == 0) {
            return false;
        }
    }
    count > 0
}

fn is_name_word(word: &str, first: bool) -> bool {
    let mut chars = word.chars();
    let Some(c0) = chars.next() else { return false };
    if !word
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.'))
    {
        return false;
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        return !first;
    }
    if !c0.is_alphabetic() {
        return false;
    }
    let trimmed = word.trim_end_matches('.');
    if is_stop_word(trimmed) {
        return false;
    }
    // Scripts without case (CJK, Arabic...) cannot be judged by capitals.
    let capitalised = c0.is_uppercase() || !c0.is_lowercase();
    capitalised
        || (!first
            && NAME_PARTICLES
                .iter()
                .any(|p| p.eq_ignore_ascii_case(trimmed)))
}

fn is_stop_word(word: &str) -> bool {
    // Called for every word of every candidate name: lower-case into a stack buffer and binary
    // search the sorted list instead of comparing against each entry.
    let mut buf = [0u8; 12];
    if word.len() > buf.len() || !word.is_ascii() {
        return false;
    }
    for (dst, src) in buf.iter_mut().zip(word.bytes()) {
        *dst = src.to_ascii_lowercase();
    }
    let lower = &buf[..word.len()];
    NOT_NAMES
        .binary_search_by(|w| w.as_bytes().cmp(lower))
        .is_ok()
}

/// Removes trailing `(Host)`, `[Guest]`-style notes: in Zoom and Teams they mark a role or an
/// original name, not a different person.
pub(crate) fn strip_role_suffix(name: &str) -> &str {
    let mut s = name.trim();
    loop {
        let close = match s.as_bytes().last() {
            Some(b')') => '(',
            Some(b']') => '[',
            _ => return s,
        };
        match s.rfind(close) {
            Some(open) if open > 0 => s = s[..open].trim_end(),
            _ => return s,
        }
    }
}

/// The text inside a trailing parenthesis, e.g. the original name in Zoom's
/// `Dana (Dana Smith)`, unless it is only a role such as `(Host)`.
pub(crate) fn parenthetical_alias(name: &str) -> Option<&str> {
    let s = name.trim();
    let inner = s.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let inner = inner[open + 1..].trim();
    let role = [
        "host",
        "co-host",
        "cohost",
        "guest",
        "external",
        "me",
        "you",
        "organizer",
        "organiser",
        "presenter",
        "moderator",
        "unverified",
    ];
    if inner.is_empty() || open == 0 || role.iter().any(|r| r.eq_ignore_ascii_case(inner)) {
        None
    } else {
        Some(inner)
    }
}

/// The comparison key of a name: role suffix removed, accents removed, case folded,
/// punctuation treated as spaces, whitespace collapsed.
pub fn fold(name: &str) -> String {
    let name = strip_role_suffix(name);
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    if name.is_ascii() {
        // Most names: no accents to take off, so no Unicode decomposition to pay for.
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_space = true;
            }
        }
        return out;
    }
    for c in name.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// How a name is shown: trimmed, whitespace collapsed, role suffix removed.
pub fn display_name(name: &str) -> String {
    strip_role_suffix(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(line: &str) -> Option<(&str, &str)> {
        speaker_prefix(line, &KnownNames::default(), &mut NameCache::default())
    }

    #[test]
    fn real_speakers() {
        assert_eq!(prefix("Dana Smith: hello"), Some(("Dana Smith", "hello")));
        assert_eq!(prefix("Dana (Host): hi"), Some(("Dana (Host)", "hi")));
        assert_eq!(
            prefix("Ludwig van Beethoven: ta"),
            Some(("Ludwig van Beethoven", "ta"))
        );
        assert_eq!(prefix("Speaker 2: yes"), Some(("Speaker 2", "yes")));
        assert_eq!(prefix("José Álvarez:"), Some(("José Álvarez", "")));
        assert_eq!(prefix("Dr. O'Neil: ok"), Some(("Dr. O'Neil", "ok")));
    }

    #[test]
    fn false_speakers() {
        for line in [
            "10:30 Meeting: start",
            "Note: bring snacks",
            "http://x",
            "The plan is: ship it",
            "Agenda: one",
            "12: twelve",
            "Action Items: none",
            "One Two Three Four Five: x",
            "ratio 3:1 today",
        ] {
            assert_eq!(prefix(line), None, "{line}");
        }
    }

    #[test]
    fn colon_search_matches_a_plain_one() {
        let text = b"Dana Smith (Host): hi\nSam: x\r\n::\xc3\xa9:";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let head = &text[start..end];
                let plain = head.iter().position(|&b| matches!(b, b':' | b'\n' | b'\r'));
                assert_eq!(first_colon_or_break(head), plain);
            }
        }
    }

    #[test]
    fn names_stay_on_their_line() {
        assert_eq!(prefix("Hello\nDana: hi"), None);
        assert_eq!(prefix("Dana:\nhi there"), Some(("Dana", "hi there")));
        assert_eq!(prefix("Dana: hi\nthere"), Some(("Dana", "hi\nthere")));
    }

    #[test]
    fn known_lower_case_name() {
        let mut known = KnownNames::default();
        known.insert("dana");
        assert_eq!(
            speaker_prefix("dana: hi", &known, &mut NameCache::default()),
            Some(("dana", "hi"))
        );
    }

    #[test]
    fn stop_words_sorted_for_bisection() {
        assert!(NOT_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("Agenda") && is_stop_word("PS") && !is_stop_word("Dana"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Dána  SMITH (Host)"), "dana smith");
        assert_eq!(fold("dana smith"), "dana smith");
        assert_eq!(fold("Mary-Jane O'Neil [Guest]"), "mary jane o neil");
        assert_eq!(display_name("  Dana   Smith (Co-host) "), "Dana Smith");
        assert_eq!(parenthetical_alias("Dana (Dana Smith)"), Some("Dana Smith"));
        assert_eq!(parenthetical_alias("Dana (Host)"), None);
    }
}
