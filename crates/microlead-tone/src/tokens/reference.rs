//! Plain versions of [`super`]'s fast paths, for the tests to compare the fast ones with.

use super::{Word, is_apostrophe, is_word_char, lower_into, shouted};

/// The tokeniser as it was before its ASCII fast path, for comparing with it.
pub(super) fn words_ref(text: &str) -> Vec<Word> {
    let vocab = &*crate::vocab::VOCAB;
    let mut out = Vec::new();
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let b = bytes[i];
        if b < 0x80 && !(b.is_ascii_alphanumeric() || b == b'\'') {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        for (off, c) in text[start..].char_indices() {
            if !is_word_char(c) {
                break;
            }
            end = start + off + c.len_utf8();
        }
        if end == start {
            i += text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        i = end;
        let run = &text[start..end];
        let trimmed = run.trim_matches(is_apostrophe);
        if trimmed.is_empty() {
            continue;
        }
        let lead = run.len() - run.trim_start_matches(is_apostrophe).len();
        let s = start + lead;
        lower_into(trimmed, &mut buf);
        out.push(Word {
            start: s,
            end: s + trimmed.len(),
            id: vocab.id_of(&buf),
            flags: vocab.flags_of(vocab.id_of(&buf)),
            shouted: shouted(trimmed),
        });
    }
    out
}
