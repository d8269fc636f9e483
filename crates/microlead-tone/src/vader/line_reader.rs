//! The one-pass reading of a chat line for [`crate::read_line`]: its sentence pieces, its
//! valence and its words from one pass of the tokeniser over a plain line, each piece scored
//! from its share of the tokens; any other line takes the splitter and VADER piece by piece.

use std::ops::Range;

use super::score::{ScoreScratch, score_slice, score_tokens};
use super::tokenise::{SentenceEnd, Tokens};
use super::{MAX_PIECE_WORDS, RawValence, SCRATCH, message_valence_by, raw_valence_counted};
use crate::swar;
use crate::tokens::Word;
use crate::types::Valence;

/// [`super::message_valence_of`] for [`crate::read_line`], which also needs the words of
/// [`crate::tokens`]: they are appended to `words` (cleared first) while the pieces are split
/// for VADER. Returns whether `words` holds them all; if a piece was not plain text (see
/// [`Tokens::fill_plain`]) it does not, and the caller tokenises the line itself.
pub(crate) fn line_valence(
    text: &str,
    sentences: &[Range<usize>],
    words: &mut Vec<Word>,
) -> (Valence, bool) {
    words.clear();
    let mut complete = true;
    let valence = message_valence_by(text, sentences, |piece, base| {
        if complete {
            match raw_valence_words(piece, words, base) {
                Some(read) => return read,
                None => complete = false,
            }
        }
        raw_valence_counted(piece)
    });
    (valence, complete)
}

/// The sentence pieces of a line ([`super::message_pieces_into`], into `pieces`), its valence
/// ([`line_valence`]) and its words (into `words`), from one pass over a plain line: its
/// tokens are read once, the sentence ends are noted as they go by (see
/// [`Tokens::fill_plain`]), and each piece is scored from its share of the tokens; with
/// the valence, the number of `!` and `?` in the line (counted on the way). `None`
/// (with `pieces` and `words` unspecified) for a line that is not plain, has bytes 0x1c to
/// 0x1f (token bounds that are not sentence bounds), or has a piece of more than
/// [`MAX_PIECE_WORDS`] words; the caller then takes the two steps itself.
pub(crate) fn line_reading(
    text: &str,
    pieces: &mut Vec<Range<usize>>,
    words: &mut Vec<Word>,
) -> Option<(Valence, usize)> {
    let read = SCRATCH.with(|cell| {
        let mut scratch = cell.try_borrow_mut().ok()?;
        let (toks, score) = &mut *scratch;
        toks.list.clear();
        words.clear();
        pieces.clear();
        let mut padded = std::mem::take(&mut toks.padded);
        let found = toks.pad_and_count(&mut padded, text.as_bytes());
        // Bytes 0x1c to 0x1f bound tokens but not sentences: such lines take the splitter.
        let plain = found.plain() && !found.odd_spaces;
        if plain {
            toks.fill_plain::<true>(&padded, text, words, 0);
        }
        let read = plain
            .then(|| read_pieces(text, &padded, toks, score, pieces))
            .flatten();
        toks.padded = padded;
        Some((read?, found.exclamations + found.questions))
    });
    #[cfg(fuzzing)]
    if let Some(read) = &read {
        check_line_reading(text, pieces, words, read);
    }
    read
}

/// [`line_reading`] agrees with the splitter and [`line_valence`] (for the tests, and under
/// `cargo fuzz` on every input).
#[cfg(any(test, fuzzing))]
fn check_line_reading(
    text: &str,
    pieces: &[Range<usize>],
    words: &[Word],
    (valence, marks): &(Valence, usize),
) {
    let want_marks = text.bytes().filter(|&b| b == b'!' || b == b'?').count();
    assert_eq!(*marks, want_marks, "{text:?}");
    let want_pieces = super::message_pieces(text);
    assert_eq!(pieces, &want_pieces[..], "{text:?}");
    let mut want_words = Vec::new();
    let (want, complete) = line_valence(text, &want_pieces, &mut want_words);
    assert!(complete, "{text:?}");
    let bits = |v: &Valence| [v.neg, v.neu, v.pos, v.compound].map(f64::to_bits);
    assert_eq!(bits(valence), bits(&want), "{text:?}");
    let key = |w: &Word| (w.start, w.end, w.id, w.flags, w.is_shouted());
    let got: Vec<_> = words.iter().map(key).collect();
    let want: Vec<_> = want_words.iter().map(key).collect();
    assert_eq!(got, want, "{text:?}");
}

/// [`line_reading`] once the tokens and sentence ends are found: the pieces, then the
/// valence from each piece's tokens.
fn read_pieces(
    text: &str,
    padded: &[u8],
    toks: &Tokens,
    score: &mut ScoreScratch,
    pieces: &mut Vec<Range<usize>>,
) -> Option<Valence> {
    // Pieces as [`crate::sentences::split_bounded_into`] makes them: whatever lies between
    // two ends, trimmed (in plain text without bytes 0x1c to 0x1f, whitespace is exactly the
    // bytes up to ' '), kept if a token is in it. `first` is the first token of each.
    let n = text.len();
    let mut first = [0usize; 16];
    let (mut from, mut tokens_before) = (0, 0);
    let last = SentenceEnd {
        tokens: toks.list.len(),
        at: n,
        next: n,
    };
    for end in toks.ends.iter().chain(std::iter::once(&last)) {
        if end.tokens > tokens_before {
            // Longer pieces are cut by word count, and lines of many sentences are rare: both
            // take the splitter.
            if end.tokens - tokens_before > MAX_PIECE_WORDS || pieces.len() == first.len() {
                return None;
            }
            let (mut s, mut e) = (from, end.at);
            while padded[s] <= b' ' {
                s += 1;
            }
            while padded[e - 1] <= b' ' {
                e -= 1;
            }
            first[pieces.len()] = tokens_before;
            pieces.push(s..e);
            tokens_before = end.tokens;
        }
        from = end.next;
    }
    let tokens = &toks.list[..];
    if pieces.len() <= 1 {
        // The whole text, as [`message_valence_by`] reads a text of one piece.
        let raw = score_slice(tokens, toks.exclamations, toks.questions, score);
        return Some(raw.rounded());
    }
    let mut k = 0;
    Some(message_valence_by(text, pieces, |piece, base| {
        let from = first[k];
        k += 1;
        let to = if k < pieces.len() {
            first[k]
        } else {
            tokens.len()
        };
        let (ex, qu) = marks_in(padded, base, base + piece.len());
        (score_slice(&tokens[from..to], ex, qu, score), to - from)
    }))
}

/// The '!' and '?' in `p[s..e]`, eight bytes at a time (`p` holds 8 bytes past `e`).
fn marks_in(p: &[u8], s: usize, e: usize) -> (usize, usize) {
    use swar::{eq64, high_count64};
    let (mut ex, mut qu) = (0, 0);
    let mut i = s;
    while i < e {
        let mut x = swar::load8(p, i);
        if e - i < 8 {
            // Zero bytes are neither mark.
            x &= swar::first_bytes64(e - i);
        }
        ex += high_count64(eq64(x, b'!'));
        qu += high_count64(eq64(x, b'?'));
        i += 8;
    }
    (ex as usize, qu as usize)
}

/// [`raw_valence_counted`] of a plain text, appending its words to `words` (offsets moved by
/// `base`); `None`, with nothing scored or appended, if the text is not plain.
fn raw_valence_words(
    text: &str,
    words: &mut Vec<Word>,
    base: usize,
) -> Option<(RawValence, usize)> {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let (toks, score) = &mut *scratch;
            let n = toks.fill_with_words(text, words, base)?;
            Some((score_tokens(toks, score), n))
        }
        Err(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{message_pieces, message_valence_of};
    use super::*;

    #[test]
    fn line_valence_words_match_the_word_tokeniser() {
        let mut texts = crate::test_texts::sample_texts();
        // Several sentences, lines and pieces cut at 60 words.
        texts.push("Ok. I'm fine!! Really?\nNo... 'Quoted' (words), U.S.A. x-y ok. I. a,".into());
        texts.push("word ".repeat(130) + "end. Then MORE: don't, won't; can't!");
        let as_tuple = |w: &Word| (w.start, w.end, w.id, w.flags, w.is_shouted());
        let mut ws = Vec::new();
        let mut complete_seen = 0;
        for t in &texts {
            let pieces = message_pieces(t);
            let (v, complete) = line_valence(t, &pieces, &mut ws);
            assert_eq!(v, message_valence_of(t, &pieces), "{t:?}");
            if complete {
                complete_seen += 1;
                let want: Vec<_> = crate::tokens::words(t).iter().map(as_tuple).collect();
                let got: Vec<_> = ws.iter().map(as_tuple).collect();
                assert_eq!(got, want, "{t:?}");
            }
        }
        assert!(
            complete_seen > texts.len() / 3,
            "{complete_seen} of {}",
            texts.len()
        );
    }

    #[test]
    fn line_reading_matches_the_splitter_and_line_valence() {
        let mut texts = Vec::new();
        // Sentence ends of every kind the splitter knows, in plain text.
        let parts = [
            "Hi.",
            "there",
            "Why?!",
            "no.\"",
            "(ok.)",
            "it\u{2019}s.\u{2019}",
            "end!'",
            "a.b",
            "U.S.A.",
            "...",
            "?",
            "x\"",
            "(y)",
            "don\u{2019}t",
            "WHAT!!!",
            "'q'",
            "x.)'",
            "\u{2019}",
            ".\u{2019}x",
            "k",
            "me?)",
            ":)",
            "e.g.",
            "ok",
            "\"\"",
        ];
        let seps = [
            " ", "  ", "\n", "\r\n", " \n ", "\t", "\u{b}", "\u{c}", "\r", "\n\n",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for _ in 0..4_000 {
            let mut t = String::new();
            if next(4) == 0 {
                t.push_str(seps[next(seps.len())]);
            }
            for _ in 0..1 + next(12) {
                t.push_str(parts[next(parts.len())]);
                t.push_str(seps[next(seps.len())]);
            }
            if next(2) == 0 {
                t.pop();
            }
            texts.push(t);
        }
        let generated = texts.len();
        texts.extend(crate::test_texts::sample_texts());
        let (mut pieces, mut ws) = (Vec::new(), Vec::new());
        let mut one_pass = 0;
        for (k, t) in texts.iter().enumerate() {
            let Some(v) = line_reading(t, &mut pieces, &mut ws) else {
                continue;
            };
            one_pass += usize::from(k < generated);
            check_line_reading(t, &pieces, &ws, &v);
        }
        // Nearly every generated text is plain (a few have too many sentences).
        assert!(one_pass > generated * 9 / 10, "{one_pass} of {generated}");
        // Lines the one pass leaves to the splitter: odd whitespace, many pieces, non-ASCII
        // text, a piece of more than 60 words.
        for t in ["a\u{1c}b. c", "Yes. ".repeat(40).as_str(), "caf\u{e9}. ok"] {
            assert!(line_reading(t, &mut pieces, &mut ws).is_none(), "{t:?}");
        }
        assert!(line_reading(&("word ".repeat(130) + "end."), &mut pieces, &mut ws).is_none());
    }
}
