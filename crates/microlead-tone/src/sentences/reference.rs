//! Plain versions of [`super`]'s fast paths, for the tests to compare the fast ones with.

use std::ops::Range;

use super::{cut_by_words, push_trimmed, split_sentences_into};

/// Bytes that can end a sentence: line breaks, `.`, `!`, `?`, and 0xE2 (the first byte of `…`).
/// [`super::stops8`] tests eight at once; this table is its reference.
pub(super) static STOPS: [bool; 256] = crate::swar::byte_set(b"\n\r.!?\xE2");

/// [`super::stops8`] as it was (exactly the bytes that can end a sentence), for comparing with it.
pub(super) fn stops8_ref(x: u64) -> u64 {
    use crate::swar::eq64;
    eq64(x, b'\n') | eq64(x, b'\r') | eq64(x, b'.') | eq64(x, b'!') | eq64(x, b'?') | eq64(x, 0xE2)
}

/// The splitter before its fast skip, for comparing with it.
pub(super) fn split_sentences_ref(text: &str) -> Vec<Range<usize>> {
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

/// [`super::split_bounded_into`] before [`super::ascii_words_at_most`], for comparing with it.
pub(super) fn split_bounded_ref(text: &str, max_words: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_sentences_into(text, &mut out);
    let sentences = std::mem::take(&mut out);
    for range in sentences {
        let sentence = &text[range.clone()];
        if sentence.len() < 2 * max_words {
            out.push(range);
            continue;
        }
        cut_by_words(text, range, max_words, &mut out);
    }
    out
}
