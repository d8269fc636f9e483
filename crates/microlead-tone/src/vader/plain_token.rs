//! One token of plain text read from one register: its letters, case, punctuation and
//! "n't" found with byte tests on 8 or 16 bytes at once, its key looked up in the word table,
//! and what it holds as words of [`crate::tokens`] noted on the way.

use super::lexicon::{NEITHER, WordInfo};
use super::tokenise::{H8, Token};
use crate::perfect_hash::Packed;
use crate::swar;

/// A register of 8 or 16 bytes for [`plain_token`]: the byte tests of [`crate::swar`] on
/// either width, so one function reads tokens of up to 8 bytes (most of them, on `u64`) and
/// of 9 to 16 bytes (on `u128`).
pub(super) trait Lanes:
    Copy
    + Eq
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::Not<Output = Self>
    + std::ops::Shl<usize, Output = Self>
    + std::ops::Shr<usize, Output = Self>
{
    const ZERO: Self;
    /// 0x80 in every byte.
    const HIGH: Self;
    const BITS: u32;
    /// The first `n` bytes (1 <= n <= width), all bits.
    fn first(n: usize) -> Self;
    fn splat(b: u8) -> Self;
    fn in_range(self, lo: u8, hi: u8) -> Self;
    fn eq_byte(self, c: u8) -> Self;
    fn ones(self) -> u32;
    /// Whether at least two bits are set.
    fn two_or_more(self) -> bool;
    fn trailing_zeros(self) -> u32;
    fn leading_zeros(self) -> u32;
    /// The word of `len` bytes (1 to 16) in `self`, packed for the word table.
    fn packed(self, len: usize) -> Packed;
}

/// The methods of [`Lanes`] that read the same on both widths.
macro_rules! same_lanes {
    ($t:ty, $bits:literal) => {
        #[inline(always)]
        fn first(n: usize) -> Self {
            <$t>::MAX >> ($bits - 8 * n)
        }
        #[inline(always)]
        fn ones(self) -> u32 {
            self.count_ones()
        }
        #[inline(always)]
        fn two_or_more(self) -> bool {
            self & self.wrapping_sub(1) != 0
        }
        #[inline(always)]
        fn trailing_zeros(self) -> u32 {
            <$t>::trailing_zeros(self)
        }
        #[inline(always)]
        fn leading_zeros(self) -> u32 {
            <$t>::leading_zeros(self)
        }
    };
}

impl Lanes for u64 {
    const ZERO: Self = 0;
    const HIGH: Self = H8;
    const BITS: u32 = 64;
    same_lanes!(u64, 64);
    #[inline(always)]
    fn splat(b: u8) -> Self {
        0x0101_0101_0101_0101 * u64::from(b)
    }
    #[inline(always)]
    fn in_range(self, lo: u8, hi: u8) -> Self {
        swar::in_range64(self, lo, hi)
    }
    #[inline(always)]
    fn eq_byte(self, c: u8) -> Self {
        swar::eq64(self, c)
    }
    #[inline(always)]
    fn packed(self, len: usize) -> Packed {
        Packed::from_u64(self, len)
    }
}

impl Lanes for u128 {
    const ZERO: Self = 0;
    const HIGH: Self = swar::H;
    const BITS: u32 = 128;
    same_lanes!(u128, 128);
    #[inline(always)]
    fn splat(b: u8) -> Self {
        swar::splat(b)
    }
    #[inline(always)]
    fn in_range(self, lo: u8, hi: u8) -> Self {
        swar::in_range(self, lo, hi)
    }
    #[inline(always)]
    fn eq_byte(self, c: u8) -> Self {
        swar::eq(self, c)
    }
    #[inline(always)]
    fn packed(self, len: usize) -> Packed {
        Packed::from_u128(self, len)
    }
}

/// [`super::WORDS`]' type: VADER's and the vocabulary's words in one table.
type WordsTable = crate::perfect_hash::FrozenTable<(WordInfo, u32)>;

/// A token of a plain text, or an all-ASCII token of any text, the first `len` bytes of `x` (1
/// to 8 on `u64`, up to 16 on `u128`): the common case of the tokeniser
/// ([`Tokens::fill_plain`], and of [`Tokens::fill_mixed`]), with the fewest operations.
/// Letters are found once with their case folded, and each class is derived from that;
/// stripping punctuation and looking for "n't" are behind branches because few tokens need
/// them. `PLAIN` when the token is from a plain text (see [`Tokens::pad_and_count`]).
///
/// [`Tokens::fill_plain`]: super::tokenise::Tokens::fill_plain
/// [`Tokens::fill_mixed`]: super::tokenise::Tokens::fill_mixed
/// [`Tokens::pad_and_count`]: super::tokenise::Tokens::pad_and_count
#[inline(always)]
pub(super) fn plain_token<L: Lanes, const WORDS: bool, const PLAIN: bool>(
    table: &WordsTable,
    x: L,
    len: usize,
) -> (Token, WordHint) {
    let first = L::first;
    let x = x & first(len);
    let letter = (x | L::splat(0x20)).in_range(b'a', b'z');
    // Bit 5 (0x20) of a letter is its case; shifted up to the byte's high bit.
    let upper = letter & !(x << 2);
    let lower = letter & !upper;
    let digit = x.in_range(b'0', b'9');
    // Python's punctuation: the printable ASCII bytes that are neither letters nor digits
    // (not control bytes, DEL, or the bytes of a curly apostrophe, which the mixed path's
    // ASCII tokens and plain text's tokens may hold).
    let punct = if PLAIN {
        // A plain text's token holds only bytes from 0x21 to 0x7e and a curly apostrophe's.
        first(len) & L::HIGH & !(letter | digit | x)
    } else {
        x.in_range(0x21, 0x7e) & !(letter | digit)
    };
    let is_upper = (upper != L::ZERO) & (lower == L::ZERO);
    let lowered = x | (upper >> 2);
    // VADER's key (its first byte and length), and the bytes `crate::tokens` may take as the
    // token's one word: all of it, or what is left between punctuation (none if nothing is).
    let (word, s, wlen, body) = if punct == L::ZERO {
        (lowered, 0, len, (0, len))
    } else {
        // Strip punctuation from both ends, unless two characters or fewer would remain (a
        // curly apostrophe is three bytes and one character; its first byte is 0xe2).
        let word_bytes = first(len) & L::HIGH & !punct;
        let s = word_bytes.trailing_zeros() as usize / 8;
        let e = (L::BITS - word_bytes.leading_zeros()) as usize / 8;
        let body = if word_bytes == L::ZERO {
            (0, 0)
        } else {
            (s, e)
        };
        let curly = (x.eq_byte(0xe2) & word_bytes).ones() as usize;
        if word_bytes == L::ZERO || e - s - 2 * curly <= 2 {
            (lowered, 0, len, body)
        } else {
            ((lowered >> (8 * s)) & first(e - s), s, e - s, body)
        }
    };
    // A zero byte (outside plain text, which has none) makes a key of no table, see
    // `Packed::new`.
    let (info, id) = if !PLAIN && (x.eq_byte(0) & first(len)) != L::ZERO {
        NEITHER
    } else {
        table.get_packed_or(word.packed(wlen), NEITHER)
    };
    // "n't": an apostrophe after an 'n' and before a 't'. An apostrophe is punctuation, so
    // most tokens are seen to have none without looking.
    let nt = punct != L::ZERO && {
        let apostrophes = word.eq_byte(b'\'');
        apostrophes != L::ZERO
            && (apostrophes & (word.eq_byte(b'n') << 8) & (word.eq_byte(b't') >> 8)) != L::ZERO
    };
    // The body is the one word of `crate::tokens` in the token when it is made of letters,
    // digits and inner apostrophes only: punctuation around it ends that word, and
    // apostrophes next to it are trimmed from it. A token of punctuation holds no word.
    let (bs, be) = body;
    let hint = if !WORDS {
        WordHint::NONE
    } else if punct == L::ZERO && (x & L::HIGH) == L::ZERO {
        // Most tokens: letters and digits only (plain text has no other bytes from 0x21 to
        // 0x7e, and no DEL), so the token is one word and VADER's key.
        let shouted = lower == L::ZERO && upper.two_or_more();
        WordHint::word(true, 0, len, Some(id), shouted)
    } else if be == bs {
        WordHint::NO_WORD
    } else {
        let span = (first(be - bs) << (8 * bs)) & L::HIGH;
        let alnum = letter | digit;
        let end_ok = |i: usize| (alnum >> (8 * i)) & L::HIGH & first(1) != L::ZERO;
        WordHint::word(
            (x & L::HIGH) == L::ZERO
                && (span & !(alnum | x.eq_byte(b'\''))) == L::ZERO
                && end_ok(bs)
                && end_ok(be - 1),
            bs,
            be,
            (bs == s && be == s + wlen).then_some(id),
            (lower & span) == L::ZERO && (upper & span).two_or_more(),
        )
    };
    (Token::new(info, is_upper, nt), hint)
}

/// [`plain_token`] for a token of 9 to 16 bytes, kept out of line: such tokens are few, and
/// inlining both widths made the loop over tokens slower.
#[inline(never)]
pub(super) fn plain_token16<const WORDS: bool, const PLAIN: bool>(
    table: &WordsTable,
    x: u128,
    len: usize,
) -> (Token, WordHint) {
    plain_token::<u128, WORDS, PLAIN>(table, x, len)
}

/// What [`plain_token`] learned about the token as words of [`crate::tokens`], in one
/// integer so that it stays in a register (a struct of small fields was written to the
/// stack byte by byte and read back whole, which stalled every token). If `simple()`, the
/// token holds one word at `start()..end()` of the token (none if they are equal), with
/// vocabulary id `id()` when that word is VADER's key; otherwise the word tokeniser reads it.
#[derive(Clone, Copy)]
pub(super) struct WordHint(u64);

impl WordHint {
    const SIMPLE: u64 = 1 << 48;
    const KEYED: u64 = 1 << 49;
    const SHOUTED: u64 = 1 << 50;
    /// Nothing known: the word tokeniser reads the token.
    pub(super) const NONE: WordHint = WordHint(0);
    /// The token holds no word.
    const NO_WORD: WordHint = WordHint(Self::SIMPLE);

    #[inline(always)]
    fn word(simple: bool, start: usize, end: usize, id: Option<u32>, shouted: bool) -> Self {
        WordHint(
            u64::from(id.unwrap_or(0))
                | (start as u64) << 32
                | (end as u64) << 40
                | if simple { Self::SIMPLE } else { 0 }
                | if id.is_some() { Self::KEYED } else { 0 }
                | if shouted { Self::SHOUTED } else { 0 },
        )
    }
    pub(super) fn simple(self) -> bool {
        self.0 & Self::SIMPLE != 0
    }
    pub(super) fn start(self) -> usize {
        (self.0 >> 32) as u8 as usize
    }
    pub(super) fn end(self) -> usize {
        (self.0 >> 40) as u8 as usize
    }
    /// The word's id, when its key was VADER's.
    pub(super) fn id(self) -> Option<u32> {
        (self.0 & Self::KEYED != 0).then_some(self.0 as u32)
    }
    pub(super) fn shouted(self) -> bool {
        self.0 & Self::SHOUTED != 0
    }
}
