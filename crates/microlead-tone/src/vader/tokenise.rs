//! VADER's tokens of a text: split on Python's whitespace, punctuation stripped, each token
//! looked up once in the word table. Plain text (ASCII, curly apostrophes, ordinary
//! whitespace: nearly every line) takes a path that finds whitespace with one comparison per
//! byte and reads most tokens from one register ([`super::plain_token`]); on that path the
//! words of [`crate::tokens`] and the places where [`crate::sentences`] would end a sentence
//! come out of the same pass ([`super::line_reader`]). Any other text takes Python's rules
//! `char` by `char` where it must.

use std::borrow::Cow;

use super::lexicon::{self, TABLES, Tables, WordInfo};
use super::plain_token::{WordHint, plain_token, plain_token16};
use super::pystr::{self, py_isupper, strip_punc_if_word};
use super::{Split, replace_emoji};
use crate::perfect_hash::Packed;
use crate::swar;
use crate::tokens::Word;

/// One whitespace-separated token with everything the rules ask about it, computed once:
/// its [`WordInfo`] (low 32 bits), Python's `isupper()` of the (stripped) token (bit 32), and
/// whether the lower-cased token contains "n't" (bit 33, half of VADER's `negated`).
///
/// One integer rather than a struct: the struct was assembled on the stack field by field and
/// read back whole to be stored, and that read waited on the small stores for every token.
#[derive(Clone, Copy)]
pub(super) struct Token(u64);

impl Token {
    const UPPER: u64 = 1 << 32;
    const NT: u64 = 1 << 33;

    #[inline(always)]
    pub(super) fn new(info: WordInfo, upper: bool, nt: bool) -> Self {
        Token(
            u64::from(info.bits())
                | if upper { Self::UPPER } else { 0 }
                | if nt { Self::NT } else { 0 },
        )
    }

    #[inline(always)]
    pub(super) fn info(self) -> WordInfo {
        WordInfo::from_bits(self.0 as u32)
    }

    #[inline(always)]
    pub(super) fn upper(self) -> bool {
        self.0 & Self::UPPER != 0
    }

    #[inline]
    pub(super) fn has_lex(self) -> bool {
        self.info().has_lex()
    }

    #[inline]
    pub(super) fn code(self) -> u8 {
        self.info().code
    }

    /// VADER's `negated([word])`.
    #[inline]
    pub(super) fn negated(self) -> bool {
        self.info().negate || self.0 & Self::NT != 0
    }
}

/// The tokens of one text. Only what the rules need is kept per token (its table entry and two
/// flags), never the lower-cased text: the rules compare words by [`lexicon::code`].
pub(super) struct Tokens {
    pub(super) list: Vec<Token>,
    /// Counts of '!' and '?' in the text, taken during the same pass.
    pub(super) exclamations: usize,
    pub(super) questions: usize,
    /// Lower-cased form of a token that takes the general path (non-ASCII or long).
    buf: String,
    /// The text being split, padded (see [`Tokens::fill`]).
    pub(super) padded: Vec<u8>,
    /// Where sentences end, noted while a plain text is split for its words (see
    /// [`Tokens::fill_plain`] and [`super::line_reading`]).
    pub(super) ends: Vec<SentenceEnd>,
}

/// A place where [`crate::sentences`] ends a sentence, seen by [`Tokens::fill_plain`]: after
/// the token that ends at `at` (its closing run of marks holds a `.`, `!` or `?`), or at a
/// line break at `at`, in the whitespace before token number `tokens`.
#[derive(Clone, Copy)]
pub(super) struct SentenceEnd {
    /// Tokens before the end.
    pub(super) tokens: usize,
    /// Where the sentence ends (the token's end, or the line break).
    pub(super) at: usize,
    /// Where the next sentence may start (after the token, or after the line break).
    pub(super) next: usize,
}

/// Byte classes for the tokeniser's ASCII fast path.
const SPACE: u8 = 1;
const PUNCT: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
const EXCL: u8 = 16;
const QUES: u8 = 32;
/// A byte of a non-ASCII character.
const HIGH: u8 = 64;
const APOS: u8 = 128;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b >= 0x80 {
            HIGH
        } else if matches!(b, 9..=13 | 28..=32) {
            SPACE
        } else if b.is_ascii_punctuation() {
            PUNCT
                | if b == b'!' { EXCL } else { 0 }
                | if b == b'?' { QUES } else { 0 }
                | if b == b'\'' { APOS } else { 0 }
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_lowercase() {
            LOWER
        } else {
            0
        };
        i += 1;
    }
    t
};

#[inline]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Length of the non-ASCII Python whitespace character at byte `i` of `text`, or 0.
#[inline]
fn high_space_len(text: &str, i: usize) -> usize {
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some(ch) if pystr::is_py_space(ch) => ch.len_utf8(),
        _ => 0,
    }
}

impl Tokens {
    /// Empty buffers; `const` so the thread-local scratch needs no lazy initialisation.
    pub(super) const fn new() -> Self {
        Tokens {
            list: Vec::new(),
            exclamations: 0,
            questions: 0,
            buf: String::new(),
            padded: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Split on Python whitespace, strip punctuation, look up the lower-cased word and test
    /// for capitals. Text of printable ASCII, tabs and line breaks (nearly all of it) takes
    /// [`Tokens::fill_plain`]; any other text takes [`Tokens::fill_mixed`].
    ///
    /// Emoji are replaced by their descriptions first, as `polarity_scores` does; a plain text
    /// has none. Returns the number of `str.split()` words of `text` as given.
    pub(super) fn fill(&mut self, text: &str) -> Split {
        self.list.clear();
        let mut padded = std::mem::take(&mut self.padded);
        let plain = self.pad_and_count(&mut padded, text.as_bytes()).plain();
        let split = if plain {
            self.fill_plain::<false>(&padded, text, &mut Vec::new(), 0);
            Split::AsGiven
        } else {
            match replace_emoji(text) {
                Cow::Borrowed(_) => {
                    self.fill_mixed(text, &padded);
                    Split::AsGiven
                }
                Cow::Owned(replaced) => {
                    // Emoji descriptions are ASCII, so the text may be plain now.
                    if self.pad_and_count(&mut padded, replaced.as_bytes()).plain() {
                        self.fill_plain::<false>(&padded, &replaced, &mut Vec::new(), 0);
                    } else {
                        self.fill_mixed(&replaced, &padded);
                    }
                    Split::Replaced
                }
            }
        };
        self.padded = padded;
        split
    }

    /// [`Tokens::fill`] that also appends the words of [`crate::tokens`] to `words`, offsets
    /// moved by `base`, if the text is plain; `None` (and no words) if it is not.
    pub(super) fn fill_with_words(
        &mut self,
        text: &str,
        words: &mut Vec<Word>,
        base: usize,
    ) -> Option<usize> {
        self.list.clear();
        let mut padded = std::mem::take(&mut self.padded);
        let plain = self.pad_and_count(&mut padded, text.as_bytes()).plain();
        let count = if plain {
            self.fill_plain::<true>(&padded, text, words, base);
            Some(self.list.len())
        } else {
            None
        };
        self.padded = padded;
        count
    }

    /// Copies `b` into `padded` with 16 spaces after it, so 8- and 16-byte loads never run off
    /// the end and every scan for a word's end stops at the text's end at the latest; counts
    /// the marks (whitespace holds neither, so the text's counts are its tokens'). Returns
    /// the survey, whose [`Survey::plain`] tells whether the text is plain: without control
    /// characters other than Python's whitespace (nor DEL, so that every ASCII byte of a token
    /// is a letter, a digit or punctuation),
    /// and ASCII but for curly apostrophes (U+2019, common in chat, and neither space nor
    /// punctuation nor cased: a word byte like a letter without case). There whitespace is
    /// exactly the bytes up to `' '`, and no character needs Unicode rules.
    pub(super) fn pad_and_count(&mut self, padded: &mut Vec<u8>, b: &[u8]) -> Survey {
        padded.clear();
        padded.extend_from_slice(b);
        padded.extend_from_slice(&[b' '; 16]);
        let found = survey(padded, b.len());
        self.exclamations = found.exclamations;
        self.questions = found.questions;
        found
    }

    /// [`Tokens::fill`] for a plain text (see [`Tokens::pad_and_count`]), from its padded
    /// bytes `p`: whitespace is found with one comparison per byte, and tokens of up to 8
    /// bytes (most of them) are read from one register by [`plain_token`].
    ///
    /// With `WORDS`, the words of [`crate::tokens`] are appended to `words` on the way (their
    /// offsets moved by `base`): a token holding one word whose key is VADER's key gives it
    /// from the same look-up, any other token is read by the word tokeniser.
    pub(super) fn fill_plain<const WORDS: bool>(
        &mut self,
        p: &[u8],
        text: &str,
        words: &mut Vec<Word>,
        base: usize,
    ) {
        let tables = &*TABLES;
        let table = &*lexicon::WORDS;
        // Read once: a `LazyLock` is checked on every access.
        let vocab = &*crate::vocab::VOCAB;
        let n = text.len();
        if WORDS {
            self.ends.clear();
        }
        let mut i = 0;
        while i < n {
            // Tokens are most often one space apart: then the next one starts right after it.
            let start = if p[i] == b' ' && p[i + 1] > b' ' {
                i + 1
            } else {
                let x = swar::load8(p, i);
                let word = !swar::le_space64(x) & H8;
                if WORDS {
                    // A line break in the whitespace before the next word ends a sentence.
                    let gap = if word == 0 {
                        u64::MAX
                    } else {
                        (word & word.wrapping_neg()) - 1
                    };
                    let breaks = (swar::eq64(x, b'\n') | swar::eq64(x, b'\r')) & gap;
                    if breaks != 0 {
                        let at = i + (breaks.trailing_zeros() / 8) as usize;
                        self.ends.push(SentenceEnd {
                            tokens: self.list.len(),
                            at,
                            next: at + 1,
                        });
                    }
                }
                if word == 0 {
                    i += 8;
                    continue;
                }
                i + (word.trailing_zeros() / 8) as usize
            };
            if start >= n {
                break;
            }
            let x = swar::load8(p, start);
            let spaces = swar::le_space64(x);
            let (token, hint) = if spaces != 0 {
                let len = (spaces.trailing_zeros() / 8) as usize;
                i = start + len;
                plain_token::<u64, WORDS, true>(table, x, len)
            } else {
                let mut end = start + 8;
                loop {
                    let spaces = swar::le_space64(swar::load8(p, end));
                    if spaces != 0 {
                        end += (spaces.trailing_zeros() / 8) as usize;
                        break;
                    }
                    end += 8;
                }
                i = end;
                let len = end - start;
                if len == 8 {
                    plain_token::<u64, WORDS, true>(table, x, 8)
                } else if len <= 16 {
                    plain_token16::<WORDS, true>(table, swar::load16(p, start), len)
                } else {
                    let raw = &p[start..end];
                    let token = if raw.is_ascii() {
                        let acc = raw.iter().fold(0, |a, &x| a | class(x));
                        self.ascii_token(tables, raw, acc)
                    } else {
                        // Token bounds are spaces, so they are `char` boundaries.
                        self.general_token(tables, &text[start..end])
                    };
                    (token, WordHint::NONE)
                }
            };
            self.list.push(token);
            // A token whose closing run of marks holds a '.', '!' or '?' ends a sentence.
            if WORDS && CLOSES[usize::from(p[i - 1])] && ends_sentence(&p[start..i]) {
                self.ends.push(SentenceEnd {
                    tokens: self.list.len(),
                    at: i,
                    next: i,
                });
            }
            if WORDS {
                if hint.simple() {
                    let (ws, we) = (start + hint.start(), start + hint.end());
                    if we > ws {
                        let id = hint.id().unwrap_or_else(|| {
                            // ASCII bytes of a word of at most 16 bytes.
                            Packed::lower(&p[ws..we])
                                .map_or(crate::vocab::UNKNOWN, |key| vocab.id_of_packed(key))
                        });
                        words.push(Word::new(vocab, base + ws, base + we, id, hint.shouted()));
                    }
                } else {
                    // Tokens end at whitespace, which ends words too.
                    crate::tokens::append_words(&text[start..i], base + start, words);
                }
            }
        }
    }

    /// [`Tokens::fill`] for any other text: one pass that finds each token's end eight bytes at
    /// a time and sends tokens with non-ASCII characters through the general, `char`-level
    /// functions of [`pystr`]. `padded` is the text followed by 16 spaces.
    fn fill_mixed(&mut self, text: &str, padded: &[u8]) {
        let tables = &*TABLES;
        let table = &*lexicon::WORDS;
        let n = text.len();
        let p = padded;
        let mut i = 0;
        // Whether `i` is already known to be the next non-space byte (found while looking
        // for the previous token's end, in the same eight bytes).
        let mut known = false;
        while i < n {
            if !known {
                // Skip ASCII whitespace, eight bytes at a time.
                let skip = !swar::py_space8(swar::load8(p, i)) & 0x8080_8080_8080_8080;
                if skip == 0 {
                    i += 8;
                    continue;
                }
                i += (skip.trailing_zeros() / 8) as usize;
                if i >= n {
                    break;
                }
            }
            known = false;
            if p[i] >= 0x80 {
                let sp = high_space_len(text, i);
                if sp > 0 {
                    i += sp;
                    continue;
                }
            }
            // Find the token's end: the first whitespace (the padding ensures one).
            let start = i;
            let mut high = false;
            // Where to go on from after this token.
            let next;
            loop {
                let x = swar::load8(p, i);
                let spaces = swar::py_space8(x);
                let stop = spaces | (x & 0x8080_8080_8080_8080);
                if stop == 0 {
                    i += 8;
                    continue;
                }
                let k = stop.trailing_zeros() / 8;
                let base = i;
                i += k as usize;
                if p[i] < 0x80 {
                    // An ASCII space: the first non-space byte after it in these eight bytes
                    // starts the next token; if there is none, they are all spaces.
                    let after = !spaces & 0x8080_8080_8080_8080 & ((u64::MAX << (8 * k)) << 8);
                    if after != 0 {
                        next = base + (after.trailing_zeros() / 8) as usize;
                        known = true;
                    } else {
                        next = base + 8;
                    }
                    break;
                }
                if high_space_len(text, i) > 0 {
                    next = i;
                    break;
                }
                // A non-ASCII character inside the token.
                high = true;
                i += 1;
                while (p[i] & 0xc0) == 0x80 {
                    i += 1;
                }
            }
            let token = if !high && i - start <= 8 {
                plain_token::<u64, false, false>(table, swar::load8(p, start), i - start).0
            } else if !high && i - start <= 16 {
                plain_token16::<false, false>(table, swar::load16(p, start), i - start).0
            } else {
                let raw = &p[start..i];
                if high {
                    self.general_token(tables, &text[start..i])
                } else {
                    let acc = raw.iter().fold(0, |a, &x| a | class(x));
                    self.ascii_token(tables, raw, acc)
                }
            };
            self.list.push(token);
            i = next;
        }
    }

    /// An all-ASCII token; `acc` is the union of its bytes' classes.
    #[inline]
    fn ascii_token(&mut self, tables: &Tables, raw: &[u8], acc: u8) -> Token {
        let (mut s, mut e) = (0, raw.len());
        if acc & PUNCT != 0 {
            while s < e && class(raw[s]) & PUNCT != 0 {
                s += 1;
            }
            while e > s && class(raw[e - 1]) & PUNCT != 0 {
                e -= 1;
            }
            if e - s <= 2 {
                (s, e) = (0, raw.len());
            }
        }
        let word = &raw[s..e];
        // Stripped bytes are punctuation, so the letters seen are the word's.
        let upper = acc & UPPER != 0 && acc & LOWER == 0;
        let info = match Packed::lower(word) {
            Some(p) => tables.info_packed(p),
            None => {
                self.buf.clear();
                self.buf
                    .extend(word.iter().map(|&x| char::from(x.to_ascii_lowercase())));
                tables.info(&self.buf)
            }
        };
        let nt = acc & APOS != 0
            && word
                .windows(3)
                .any(|w| (w[0] | 0x20) == b'n' && w[1] == b'\'' && (w[2] | 0x20) == b't');
        Token::new(info, upper, nt)
    }

    /// A token with a non-ASCII character: Python's rules, `char` by `char`.
    fn general_token(&mut self, tables: &Tables, raw: &str) -> Token {
        let word = strip_punc_if_word(raw);
        self.buf.clear();
        if word.chars().all(|c| c.is_ascii() || c == '’') {
            // ASCII and curly apostrophes only: `to_lowercase` without its allocation.
            self.buf.push_str(word);
            self.buf.make_ascii_lowercase();
        } else {
            self.buf.push_str(&word.to_lowercase());
        }
        Token::new(
            tables.info(&self.buf),
            py_isupper(word),
            self.buf.contains("n't"),
        )
    }
}

pub(super) const H8: u64 = 0x8080_8080_8080_8080;

/// What [`Tokens::fill`] needs to know of a text before splitting it: whether it has DEL or
/// control characters other than Python's whitespace (`\t` to `\r` and `\x1c` to `\x1f`),
/// how many non-ASCII bytes and curly apostrophes (U+2019) it has, and its counts of '!'
/// and '?'.
#[derive(Debug, PartialEq)]
pub(super) struct Survey {
    controls: bool,
    /// Bytes 0x1c to 0x1f: whitespace to Python (so token bounds), but not to Rust's
    /// `char::is_whitespace` (so no sentence bounds).
    pub(super) odd_spaces: bool,
    high: usize,
    curly: usize,
    pub(super) exclamations: usize,
    pub(super) questions: usize,
}

impl Survey {
    /// Whether the text is plain (see [`Tokens::pad_and_count`]).
    pub(super) fn plain(&self) -> bool {
        !self.controls && self.high == 3 * self.curly
    }
}

/// [`Survey`] of the first `n` bytes of `p` (followed by at least 16 spaces), in one pass
/// eight bytes at a time.
fn survey(p: &[u8], n: usize) -> Survey {
    use swar::{eq64, high_count64, in_range64, lane_sum64};
    let (mut controls, mut odd_spaces, mut curly) = (0u64, 0u64, 0u64);
    let (mut high, mut ex, mut qu) = (0u64, 0u64, 0u64);
    let mut i = 0;
    while i < n {
        // Counts are kept per byte lane (a 0 or 1 added to each byte) and summed once per
        // 255 rounds, before a lane could overflow: two operations a count per eight bytes.
        let stop = n.min(i + 255 * 8);
        let (mut high_lanes, mut ex_lanes, mut qu_lanes) = (0u64, 0u64, 0u64);
        while i < stop {
            let x = swar::load8(p, i);
            // Bytes below ' ' or DEL (0xff, which no UTF-8 text holds, too): rare, and only
            // then are the control characters among them told from whitespace.
            let low = x & 0x7f7f_7f7f_7f7f_7f7f;
            let suspect =
                (!((low + 0x6060_6060_6060_6060) | x) | (low + 0x0101_0101_0101_0101)) & H8;
            if suspect != 0 {
                // Below '\t' (and ASCII), from 0x0e to 0x1b, or DEL.
                let below_tab = !((low + 0x7777_7777_7777_7777) | x) & H8;
                controls |= below_tab | in_range64(x, 0x0e, 0x1b) | eq64(x, 0x7f);
                odd_spaces |= in_range64(x, 0x1c, 0x1f);
            }
            let high_here = x & H8;
            high_lanes += high_here >> 7;
            if high_here != 0 {
                // Curly apostrophes starting in these eight bytes (the next eight are read too).
                let w = swar::load16(p, i);
                let starts =
                    swar::eq(w, 0xe2) & (swar::eq(w, 0x80) >> 8) & (swar::eq(w, 0x99) >> 16);
                curly += high_count64((starts as u64) & H8);
            }
            ex_lanes += eq64(x, b'!') >> 7;
            qu_lanes += eq64(x, b'?') >> 7;
            i += 8;
        }
        high += lane_sum64(high_lanes);
        ex += lane_sum64(ex_lanes);
        qu += lane_sum64(qu_lanes);
    }
    Survey {
        controls: controls != 0,
        odd_spaces: odd_spaces != 0,
        high: high as usize,
        curly: curly as usize,
        exclamations: ex as usize,
        questions: qu as usize,
    }
}

/// The last bytes of the marks that may close a sentence in [`crate::sentences`]: `.`, `!`,
/// `?`, `"`, `'`, `)`, and 0x99, the last byte of a curly apostrophe (the one closer of plain
/// text that is not ASCII).
static CLOSES: [bool; 256] = swar::byte_set(b".!?\"')\x99");

/// Whether a token of plain text ends a sentence as [`crate::sentences`] sees it: the run of
/// closing marks at its end holds a `.`, `!` or `?` (the splitter takes a terminator and
/// every closing mark after it, and ends the sentence if whitespace follows).
fn ends_sentence(token: &[u8]) -> bool {
    let mut k = token.len();
    while k > 0 {
        match token[k - 1] {
            b'.' | b'!' | b'?' => return true,
            b'"' | b'\'' | b')' => k -= 1,
            0x99 if k >= 3 && token[k - 3..k - 1] == [0xe2, 0x80] => k -= 3,
            _ => return false,
        }
    }
    false
}

/// U+2019 (’), the one non-ASCII character of plain text: very common in chat, and neither
/// space nor punctuation nor cased, so a byte of a word like any letter without case.
#[cfg(test)]
const CURLY: &str = "\u{2019}";

#[cfg(test)]
mod tests {
    use super::super::reference::raw_valence_ref;
    use super::super::{raw_valence, raw_valence_counted, replace_emoji};
    use super::*;

    #[test]
    fn token_starts_found_with_the_previous_end_match_reference() {
        let pieces = [
            "a",
            "bb",
            "ccc!",
            "GOOD",
            "not",
            "very",
            "goodness?",
            "x\u{a0}y",
            "\u{3000}",
            "é",
            "12345678",
            "1234567",
            "no.",
            ":)",
            "but",
            "kind",
            "of",
        ];
        let gaps = [
            " ",
            "  ",
            "\t",
            " \n ",
            "        ",
            "         ",
            "\u{2003}",
            "\u{85}",
        ];
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5_000 {
            let mut t = String::new();
            for _ in 0..(x % 12) {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                t.push_str(gaps[(x >> 40) as usize % gaps.len()]);
                t.push_str(pieces[(x >> 20) as usize % pieces.len()]);
            }
            x = x.wrapping_add(0x632b_e59b_d9b4_e019);
            let want = raw_valence_ref(&replace_emoji(&t));
            assert_eq!(raw_valence(&t), want, "{t:?}");
        }
    }

    #[test]
    fn survey_matches_byte_tests() {
        // Every byte in every position of texts of 1 to 20 bytes, among letters and marks.
        for b in 0u8..=255 {
            for n in 1..=20 {
                for at in [0, n / 2, n - 1] {
                    let mut text: Vec<u8> = (0..n).map(|k| b"ab!?c d"[k % 7]).collect();
                    text[at] = b;
                    let want = Survey {
                        odd_spaces: text.iter().any(|c| (0x1c..=0x1f).contains(c)),
                        controls: text
                            .iter()
                            .any(|&c| c < 9 || (14..=27).contains(&c) || c == 0x7f),
                        high: text.iter().filter(|&&c| c >= 0x80).count(),
                        curly: text.windows(3).filter(|w| *w == CURLY.as_bytes()).count(),
                        exclamations: text.iter().filter(|&&c| c == b'!').count(),
                        questions: text.iter().filter(|&&c| c == b'?').count(),
                    };
                    let mut padded = text.clone();
                    padded.extend_from_slice(&[b' '; 16]);
                    assert_eq!(survey(&padded, n), want, "{text:?}");
                }
            }
        }
        // Long texts, whose counts pass a byte lane's 255 many times over.
        let long = format!(
            "{}{}{}",
            "!".repeat(5_000),
            "?\u{2019}".repeat(3_001),
            "é!".repeat(999)
        );
        let mut padded = long.clone().into_bytes();
        padded.extend_from_slice(&[b' '; 16]);
        let want = Survey {
            controls: false,
            odd_spaces: false,
            high: 3 * 3_001 + 2 * 999,
            curly: 3_001,
            exclamations: 5_999,
            questions: 3_001,
        };
        assert_eq!(survey(&padded, long.len()), want);
    }

    #[test]
    fn plain_texts_with_rare_bytes_match_reference() {
        // Whitespace control characters, DEL and the bytes just outside Python's whitespace,
        // inside and between tokens.
        let pieces = [
            "a\x7fb", "GOOD\x0b", "\x1cnot", "x\x1fy", "ok\x7f", "\x0e", "\x08no",
        ];
        for (i, a) in pieces.iter().enumerate() {
            for b in &pieces[i..] {
                for gap in [" ", "\x0b", "\x1c", "\x1f", "\x0c\r"] {
                    let t = format!("{a}{gap}{b} good{gap}bad!");
                    let want = raw_valence_ref(&t);
                    assert_eq!(raw_valence(&t), want, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn curly_apostrophes_in_plain_text_match_reference() {
        // Curly apostrophes take the plain path: tokens of every length class, stripped and
        // kept whole (two characters or fewer), in capitals, next to "n't" and lexicon words.
        let pieces = [
            "’s,",
            "(’s)",
            "don’t!",
            "’",
            "’’",
            "...’",
            "WON’T",
            "’tis",
            "rock’n’roll!!",
            "a’b’c’d’e’f’g",
            "x’",
            "’ok’",
            "(’’’)",
            "good’",
            "’bad’.",
            "isn’t",
            "can't’",
            "NOT’",
            "’’’’’’",
            "hate’!!",
            "love’s,",
            "(x’y)",
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3_000 {
            let mut t = String::new();
            for _ in 0..(1 + x % 6) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x >> 20) as usize % pieces.len()]);
                t.push_str(if x & 1 == 0 { " " } else { "  very " });
            }
            let want = raw_valence_ref(&t);
            assert_eq!(raw_valence_counted(&t).0, want, "{t:?}");
        }
    }
}
