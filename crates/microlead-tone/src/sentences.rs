//! Sentence boundaries with byte ranges, for scoring long messages one sentence at a time.
//!
//! Deliberately simple (no abbreviation list): a sentence ends at a run of `.`, `!`, `?` or `…`
//! followed by whitespace, or at a line break. Good enough for chat and e-mail, where a wrong
//! split only moves a few words between two VADER readings.

use std::ops::Range;

/// The bytes of `x` that can end a sentence (line breaks, `.`, `!`, `?`, and 0xE2, the first
/// byte of `…`), high bit set per byte, and a few that cannot: 0x08..=0x0F (tab among them),
/// `/` and `>`. Four tests instead of six: a byte ORed with 0x07 is 0x0F for 0x08..=0x0F
/// (`\n` and `\r` among them), and ORed with 0x11 is `?` for `.`, `/`, `>` and `?`. The
/// splitter looks at each byte found and steps over those that end nothing, so the extra
/// bytes cost a little time on the rare texts that have them, never a different split.
#[inline]
fn stops8(x: u64) -> u64 {
    use crate::swar::eq64;
    const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    eq64(x | splat(0x07), 0x0F) | eq64(x | splat(0x11), b'?') | eq64(x, b'!') | eq64(x, 0xE2)
}

/// Byte ranges of the non-blank sentences of `text`, trimmed, in order, appended to `out`.
/// Bytes that cannot end a sentence are skipped eight at a time.
pub(crate) fn split_sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Terminators and closers are ASCII, or start with 0xE2 (… ” ’); other bytes are skipped
    // without decoding.
    let terminator_len = |i: usize| -> usize {
        match b[i] {
            b'.' | b'!' | b'?' => 1,
            0xE2 if text.get(i..).is_some_and(|t| t.starts_with('…')) => 3,
            _ => 0,
        }
    };
    let closer_len = |i: usize| -> usize {
        match b[i] {
            b'.' | b'!' | b'?' | b'"' | b'\'' | b')' => 1,
            0xE2 if text
                .get(i..)
                .is_some_and(|t| t.starts_with(['…', '”', '’'])) =>
            {
                3
            }
            _ => 0,
        }
    };
    while i < b.len() {
        // The next byte that can end a sentence, eight bytes at a time (bytes past the end
        // read as 0, which is none of them).
        let x = crate::swar::load8_padded(b, i);
        let m = stops8(x);
        if m == 0 {
            i += 8;
            continue;
        }
        i += (m.trailing_zeros() / 8) as usize;
        if i >= b.len() {
            break;
        }
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            push_trimmed(text, start..i, out);
            i += 1;
            start = i;
            continue;
        }
        let t = terminator_len(i);
        if t == 0 {
            i += 1;
            continue;
        }
        // Take the whole run of terminators and closing quotes or brackets.
        let mut j = i + t;
        while j < b.len() {
            let n = closer_len(j);
            if n == 0 {
                break;
            }
            j += n;
        }
        let at_break = j >= b.len()
            || b[j].is_ascii_whitespace()
            || text
                .get(j..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_whitespace);
        if at_break {
            push_trimmed(text, start..j, out);
            start = j;
        }
        i = j;
    }
    push_trimmed(text, start..text.len(), out);
}

#[inline]
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    // Fast path: a piece that starts and ends with a non-space ASCII byte needs no trimming
    // (`char::is_whitespace` in ASCII is ' ' and '\t'..='\r').
    let edge = |b: u8| b < 0x80 && b != b' ' && !(b'\t'..=b'\r').contains(&b);
    let b = text.as_bytes();
    if range.start < range.end && edge(b[range.start]) && edge(b[range.end - 1]) {
        out.push(range);
        return;
    }
    // Pieces after the first start at the space that followed the previous sentence: step
    // over ASCII whitespace by hand, and leave only what is left at a non-ASCII edge to
    // `str::trim` (both are the same trim, as ASCII whitespace is whitespace).
    let ws = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let (mut s, mut e) = (range.start, range.end);
    while s < e && ws(b[s]) {
        s += 1;
    }
    while e > s && ws(b[e - 1]) {
        e -= 1;
    }
    if s == e {
        return;
    }
    if edge(b[s]) && edge(b[e - 1]) {
        out.push(s..e);
        return;
    }
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = s + lead;
        out.push(s..s + trimmed.len());
    }
}

/// Sentences of `text`, with any sentence longer than `max_words` whitespace-separated words
/// cut into pieces of at most that many. Long unpunctuated text (a pasted log, a run-on chat
/// line) then costs linear time, and each piece stays in VADER's useful range.
pub(crate) fn split_bounded(text: &str, max_words: usize) -> Vec<Range<usize>> {
    // Room for the few sentences of a chat line from the start: one allocation, without the
    // growth path on the first push.
    let mut out = Vec::with_capacity(4);
    split_bounded_into(text, max_words, &mut out);
    out
}

/// [`split_bounded`] into a reused buffer (cleared first).
pub(crate) fn split_bounded_into(text: &str, max_words: usize, out: &mut Vec<Range<usize>>) {
    out.clear();
    split_sentences_into(text, out);
    // Short sentences cannot need cutting: a word takes at least two bytes with its space.
    if out.iter().all(|r| r.len() < 2 * max_words) {
        return;
    }
    let sentences = std::mem::take(out);
    for range in sentences {
        let sentence = &text[range.clone()];
        // A sentence of at most `max_words` words stays whole (it is trimmed already).
        if sentence.len() < 2 * max_words || ascii_words_at_most(sentence, max_words) {
            out.push(range);
            continue;
        }
        cut_by_words(text, range, max_words, out);
    }
}

/// Sentence `range` of `text` cut into pieces of at most `max_words` words, appended to `out`.
fn cut_by_words(text: &str, range: Range<usize>, max_words: usize, out: &mut Vec<Range<usize>>) {
    let sentence = &text[range.clone()];
    let mut words = 0;
    let mut piece_start = 0;
    let mut in_word = false;
    for (i, c) in sentence.char_indices() {
        let space = c.is_whitespace();
        if !space && !in_word {
            if words == max_words {
                push_trimmed(text, range.start + piece_start..range.start + i, out);
                piece_start = i;
                words = 0;
            }
            words += 1;
        }
        in_word = !space;
    }
    push_trimmed(text, range.start + piece_start..range.end, out);
}

/// Whether `sentence` is ASCII with at most `max` words (runs of non-whitespace). Counted
/// without a branch per byte, because the cut below decodes and tests each `char`, and a tenth
/// of chat lines have a sentence long enough to need the count.
fn ascii_words_at_most(sentence: &str, max: usize) -> bool {
    if !sentence.is_ascii() {
        return false;
    }
    let mut words = 0;
    let mut prev_space = true;
    for &b in sentence.as_bytes() {
        // ASCII whitespace for `char::is_whitespace`: ' ' and '\t'..='\r'.
        let space = b == b' ' || (b'\t'..=b'\r').contains(&b);
        words += usize::from(prev_space & !space);
        prev_space = space;
    }
    words <= max
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::reference::{STOPS, split_bounded_ref, split_sentences_ref, stops8_ref};
    use super::*;

    /// Byte ranges of the non-blank sentences of `text`, trimmed, in order.
    fn split_sentences(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        split_sentences_into(text, &mut out);
        out
    }

    #[test]
    fn bounded_split_matches_reference() {
        let mut texts = crate::test_texts::sample_texts();
        let words = [
            "ok",
            "a",
            "word\tthere",
            "x\u{b}y",
            "\u{1c}z",
            "caf\u{e9}",
            "w\u{a0}v",
        ];
        for n in [5, 9, 10, 11, 19, 20, 21, 40, 61, 130] {
            for (k, w) in words.iter().enumerate() {
                let t: Vec<String> = (0..n)
                    .map(|i| words[(i * k + i / 3) % words.len()].to_string())
                    .collect();
                texts.push(t.join(" "));
                texts.push(format!("{}. {w}", t.join("  ")));
                texts.push(vec![*w; n].join(" "));
            }
        }
        for t in &texts {
            for max in [3, 10, 20, 60] {
                let mut got = Vec::new();
                split_bounded_into(t, max, &mut got);
                assert_eq!(got, split_bounded_ref(t, max), "{t:?} {max}");
            }
        }
    }

    #[test]
    fn splits_on_terminators_and_lines() {
        let t = "Hi there. Why?! I said \"no.\" Ok\nnext line… end";
        let parts: Vec<&str> = split_sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            parts,
            [
                "Hi there.",
                "Why?!",
                "I said \"no.\"",
                "Ok",
                "next line…",
                "end"
            ]
        );
    }

    #[test]
    fn stops8_is_the_table() {
        // Bytes the fast test also finds, which end no sentence (the splitter steps over them).
        let extra = |c: u8| (0x08..=0x0F).contains(&c) || c == b'/' || c == b'>';
        for c in 0u8..=255 {
            for pos in 0..8 {
                let mut w = [b'a'; 8];
                w[pos] = c;
                let bit = |found: bool| if found { 0x80u64 << (8 * pos) } else { 0 };
                let x = u64::from_le_bytes(w);
                assert_eq!(stops8_ref(x), bit(STOPS[usize::from(c)]), "{c} at {pos}");
                assert_eq!(
                    stops8(x),
                    bit(STOPS[usize::from(c)] || extra(c)),
                    "{c} at {pos}"
                );
            }
        }
    }

    #[test]
    fn trim_fast_path_matches_str_trim() {
        let mut texts = crate::test_texts::sample_texts();
        texts.extend(
            [
                "\u{b}a\u{b}",
                "\u{c}x ",
                " y\u{a0}",
                "\u{85}z",
                "a\r",
                "\u{1c}q\u{1f}",
            ]
            .map(String::from),
        );
        for t in &texts {
            let cuts: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            for (k, &s) in cuts.iter().enumerate().step_by(3) {
                for &e in cuts[k..].iter().take(12) {
                    let mut got = Vec::new();
                    push_trimmed(t, s..e, &mut got);
                    let piece = &t[s..e];
                    let trimmed = piece.trim();
                    let lead = piece.len() - piece.trim_start().len();
                    let want: Option<Range<usize>> =
                        (!trimmed.is_empty()).then(|| s + lead..s + lead + trimmed.len());
                    assert_eq!(got.first().cloned(), want, "{t:?} {s}..{e}");
                    assert!(got.len() <= 1);
                }
            }
        }
    }

    #[test]
    fn fast_split_matches_reference() {
        let mut texts = crate::test_texts::sample_texts();
        texts.extend(
            [
                "a.b. c",
                "x…",
                "… y",
                "end.\u{2028}next",
                "q?\u{a0}r",
                "\"hi.\" ok",
                "a.’ b",
            ]
            .map(String::from),
        );
        for t in texts {
            assert_eq!(split_sentences(&t), split_sentences_ref(&t), "{t:?}");
        }
    }

    #[test]
    fn keeps_decimals_together() {
        let t = "Version 1.2 is out.";
        assert_eq!(split_sentences(t).len(), 1);
    }
}
