//! Word tokens with byte offsets, for the emotion model and the draft cues.
//!
//! A word is a maximal run of alphanumeric characters and apostrophes (`'` or `’`), with
//! apostrophes trimmed from both ends; its lower-cased form folds `’` into `'`, so "don’t" and
//! "don't" are one feature. `bench/tone/features.py` mirrors this exactly for training: change
//! both together.

/// One word of the input.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Id of its lower-cased form (`’` folded to `'`) in the shared vocabulary
    /// ([`crate::vocab`]), or [`crate::vocab::UNKNOWN`]. Every comparison the readings make
    /// is between ids, so the lower-cased text is not kept.
    pub id: u32,
    /// [`shouted`] of the word as written, computed once while tokenising.
    shouted: bool,
    /// The vocabulary's [`crate::vocab::flag`] bits for `id`.
    pub flags: u8,
}

impl Word {
    /// The word at `start..end` with vocabulary id `id`, whose flags `vocab` gives.
    #[inline]
    pub(crate) fn new(
        vocab: &crate::vocab::Vocab,
        start: usize,
        end: usize,
        id: u32,
        shouted: bool,
    ) -> Self {
        Word {
            start,
            end,
            id,
            shouted,
            flags: vocab.flags_of(id),
        }
    }

    /// Whether the word is written in capitals and has at least two letters ("STOP", not "I").
    #[inline]
    pub(crate) fn is_shouted(&self) -> bool {
        self.shouted
    }
}

/// Whether `raw` is written in capitals and has at least two letters.
fn shouted(raw: &str) -> bool {
    if raw.is_ascii() {
        let b = raw.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase)
            && b.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2;
    }
    let mut letters = 0;
    for c in raw.chars() {
        // A curly apostrophe (the common non-ASCII character of chat) has no case: skip the
        // Unicode tables for it.
        if c == '’' {
            continue;
        }
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

#[inline]
fn is_word_char(c: char) -> bool {
    // ASCII and the curly apostrophe first: `is_alphanumeric` of a non-ASCII character
    // searches two Unicode tables.
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '\''
    } else {
        c == '’' || c.is_alphanumeric()
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of `text`, in order.
pub(crate) fn words(text: &str) -> Vec<Word> {
    // About one word per five bytes in chat text; a little over, to rarely grow.
    let mut out = Vec::with_capacity(text.len() / 4 + 2);
    words_into(text, &mut out);
    out
}

/// [`words`] into a reused buffer (cleared first).
pub(crate) fn words_into(text: &str, out: &mut Vec<Word>) {
    out.clear();
    append_words(text, 0, out);
}

/// The words of `text` appended to `out`, their offsets moved by `base` (for a piece of a
/// longer text that starts at `base` and is bounded by whitespace, the words of the longer
/// text in that piece).
pub(crate) fn append_words(text: &str, base: usize, out: &mut Vec<Word>) {
    use crate::swar::{high64, in_range64, load8_padded, word_bytes64};
    let vocab = &*crate::vocab::VOCAB;
    // One buffer for the lower-cased form of the words that take the general path.
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // Skip ASCII separators eight bytes at a time, to a word byte or a non-ASCII byte
        // (bytes past the end read as 0, a separator).
        let x = load8_padded(bytes, i);
        let next = word_bytes64(x) | high64(x);
        if next == 0 {
            i += 8;
            continue;
        }
        i += (next.trailing_zeros() / 8) as usize;
        if i >= n {
            break;
        }
        let start = i;
        if bytes[i] < 0x80 {
            // ASCII fast path for an all-ASCII word: letters, digits and apostrophes followed
            // by an ASCII separator or the end. Find the run's end, eight bytes at a time,
            // counting capitals and noting lower-case letters on the way.
            let (mut upper, mut lower) = (0u32, 0u64);
            let mut j = i;
            loop {
                let x = load8_padded(bytes, j);
                let stop = !word_bytes64(x) & 0x8080_8080_8080_8080;
                // The run's bytes in this chunk: those before the first stop.
                let keep = if stop == 0 {
                    u64::MAX
                } else {
                    (stop & stop.wrapping_neg()) - 1
                };
                upper += (in_range64(x, b'A', b'Z') & keep).count_ones();
                lower |= in_range64(x, b'a', b'z') & keep;
                if stop == 0 {
                    j += 8;
                    continue;
                }
                j += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            if j == n || bytes[j] < 0x80 {
                i = j;
                let run = &bytes[start..j];
                let lead = run.iter().take_while(|&&c| c == b'\'').count();
                if lead == run.len() {
                    continue;
                }
                let trail = run.iter().rev().take_while(|&&c| c == b'\'').count();
                let (s, e) = (start + lead, j - trail);
                let word = &bytes[s..e];
                let id = if e - s <= 8 {
                    // One (padded) load and a register lower-casing, no per-length branches.
                    let x = load8_padded(bytes, s) & crate::swar::first_bytes64(e - s);
                    vocab.id_of_packed(crate::perfect_hash::Packed::from_u64(
                        crate::swar::lower64(x),
                        e - s,
                    ))
                } else {
                    match crate::perfect_hash::Packed::lower(word) {
                        Some(p) => vocab.id_of_packed(p),
                        None => {
                            lower_into(&text[s..e], &mut buf);
                            vocab.id_of(&buf)
                        }
                    }
                };
                out.push(Word {
                    start: base + s,
                    end: base + e,
                    id,
                    flags: vocab.flags_of(id),
                    // Apostrophes and digits are not letters, so the run's letters are the
                    // word's.
                    shouted: lower == 0 && upper >= 2,
                });
                continue;
            }
        }
        // General path: a word with non-ASCII characters, or a non-ASCII separator.
        let mut end = start;
        for (off, c) in text[start..].char_indices() {
            if !is_word_char(c) {
                break;
            }
            end = start + off + c.len_utf8();
        }
        if end == start {
            // A non-ASCII separator (an emoji, a dash): skip the whole character.
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
        let id = id_of_lowered(vocab, trimmed, &mut buf);
        out.push(Word {
            start: base + s,
            end: base + s + trimmed.len(),
            id,
            flags: vocab.flags_of(id),
            shouted: shouted(trimmed),
        });
    }
}

/// The vocabulary id of `word` lower-cased with `’` folded to `'` ([`lower_into`]). A short
/// word of ASCII and curly apostrophes (nearly every word that gets here) is folded on the
/// stack; any other goes through `buf`.
fn id_of_lowered(vocab: &crate::vocab::Vocab, word: &str, buf: &mut String) -> u32 {
    let mut folded = [0u8; crate::perfect_hash::INLINE];
    let mut len = 0;
    for c in word.chars() {
        let b = match c {
            '’' => b'\'',
            c if c.is_ascii() => c as u8,
            _ => {
                len = usize::MAX;
                break;
            }
        };
        let Some(slot) = folded.get_mut(len) else {
            len = usize::MAX;
            break;
        };
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    match folded.get(..len).and_then(crate::perfect_hash::Packed::new) {
        Some(key) => vocab.id_of_packed(key),
        None => {
            lower_into(word, buf);
            vocab.id_of(buf)
        }
    }
}

/// `word` lower-cased, with `’` folded to `'` (what `features.py` does with `str.lower()`).
pub(crate) fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else if word.chars().all(|c| c.is_ascii() || c == '’') {
        // ASCII and curly apostrophes only (most non-ASCII words): the same result without
        // the two allocations of the general branch.
        buf.extend(word.chars().map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        }));
    } else {
        // str::to_lowercase, not char by char: it handles the final sigma as Python does.
        buf.push_str(&word.to_lowercase().replace('’', "'"));
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::reference::words_ref;
    use super::*;

    #[test]
    fn lower_into_matches_general_lowercasing() {
        let mut buf = String::new();
        for w in [
            "Don’t",
            "DON’T",
            "it’s",
            "’Tis",
            "café",
            "ΣΟΦΟΣ",
            "İstanbul",
            "a’b’C",
            "x",
        ] {
            lower_into(w, &mut buf);
            assert_eq!(buf, w.to_lowercase().replace('’', "'"), "{w:?}");
        }
        for t in crate::test_texts::sample_texts() {
            for w in t.split(|c: char| c.is_whitespace()) {
                lower_into(w, &mut buf);
                assert_eq!(buf, w.to_lowercase().replace('’', "'"), "{w:?}");
            }
        }
    }

    #[test]
    fn words_and_offsets() {
        let t = "Don’t 'quote' me — café NOW!";
        let ws = words(t);
        let raws: Vec<&str> = ws.iter().map(|w| &t[w.start..w.end]).collect();
        assert_eq!(raws, ["Don’t", "quote", "me", "café", "NOW"]);
        let vocab = &*crate::vocab::VOCAB;
        assert_eq!(ws[0].id, vocab.id_of("don't"));
        assert_ne!(ws[0].id, crate::vocab::UNKNOWN);
        assert_eq!(ws[4].id, vocab.id_of("now"));
        // A reused buffer gives the same words as a fresh one.
        let mut buf = words("LEFT OVER words from an earlier line");
        words_into(t, &mut buf);
        let key = |ws: &[Word]| -> Vec<(usize, usize, u32, bool, u8)> {
            ws.iter()
                .map(|w| (w.start, w.end, w.id, w.shouted, w.flags))
                .collect()
        };
        assert_eq!(key(&buf), key(&ws));
        assert!(ws[4].is_shouted());
        assert!(!ws[0].is_shouted());
    }

    #[test]
    fn fast_path_matches_reference() {
        let mut texts = crate::test_texts::sample_texts();
        texts.push("''' 'a' AB'C x''y ''Z''".into());
        texts.push("word".repeat(9));
        texts.push("WORD".repeat(9));
        for t in texts {
            let key = |ws: Vec<Word>| -> Vec<(usize, usize, u32, bool, u8)> {
                ws.iter()
                    .map(|w| (w.start, w.end, w.id, w.shouted, w.flags))
                    .collect()
            };
            assert_eq!(key(words(&t)), key(words_ref(&t)), "{t:?}");
            for w in words(&t) {
                assert_eq!(w.shouted, shouted(&t[w.start..w.end]));
            }
        }
    }
}
