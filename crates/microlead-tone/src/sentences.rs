//! Sentence boundaries with byte ranges, for scoring long messages one sentence at a time.
//!
//! Deliberately simple (no abbreviation list): a sentence ends at a run of `.`, `!`, `?` or `…`
//! followed by whitespace, or at a line break. Good enough for chat and e-mail, where a wrong
//! split only moves a few words between two VADER readings.

use std::ops::Range;

/// Byte ranges of the non-blank sentences of `text`, trimmed, in order.
pub(crate) fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
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
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            push_trimmed(text, start..i, &mut out);
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
            push_trimmed(text, start..j, &mut out);
            start = j;
        }
        i = j;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = range.start + lead;
        out.push(s..s + trimmed.len());
    }
}

/// Sentences of `text`, with any sentence longer than `max_words` whitespace-separated words
/// cut into pieces of at most that many. Long unpunctuated text (a pasted log, a run-on chat
/// line) then costs linear time, and each piece stays in VADER's useful range.
pub(crate) fn split_bounded(text: &str, max_words: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for range in split_sentences(text) {
        let sentence = &text[range.clone()];
        // Short sentences cannot need cutting: a word takes at least two bytes with its space.
        if sentence.len() < 2 * max_words {
            out.push(range);
            continue;
        }
        let mut words = 0;
        let mut piece_start = 0;
        let mut in_word = false;
        for (i, c) in sentence.char_indices() {
            let space = c.is_whitespace();
            if !space && !in_word {
                if words == max_words {
                    push_trimmed(text, range.start + piece_start..range.start + i, &mut out);
                    piece_start = i;
                    words = 0;
                }
                words += 1;
            }
            in_word = !space;
        }
        push_trimmed(text, range.start + piece_start..range.end, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn keeps_decimals_together() {
        let t = "Version 1.2 is out.";
        assert_eq!(split_sentences(t).len(), 1);
    }
}
