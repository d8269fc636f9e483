//! Valence, exactly as Python vaderSentiment 3.3.2 computes it.
//!
//! This is a line-by-line port of `SentimentIntensityAnalyzer.polarity_scores` (C.J. Hutto,
//! MIT licence), quirks included, because the product promises the same numbers as the Python
//! package: the "at least" check, idioms matched on whole tokens, "but" re-weighting through
//! `list.index` (so equal scores are re-weighted at their first occurrence), "no" before a
//! lexicon word, ALL-CAPS emphasis that also pushes a zero valence down, emoji replaced by
//! their descriptions without a trailing space, and punctuation stripping that keeps tokens of
//! two characters or fewer whole (so "ok." is not "ok").
//!
//! [`valence`] scores one sentence or short text. [`message_valence`] scores a longer message
//! sentence by sentence, because VADER's compound saturates towards ±1 as words pile up.
//!
//! The files: `tokenise` splits a text into VADER's tokens (and, on plain text, the words of
//! [`crate::tokens`] and the sentence ends, on the same pass), reading each token of plain text
//! in one register (`plain_token`); `score` applies the rules to the tokens; `line_reader`
//! reads a chat line in one pass for [`crate::read_line`]; `lexicon` holds the tables and
//! `pystr` Python's string rules; `reference` (tests only) keeps the plain port the fast path
//! is checked against.

mod lexicon;
mod line_reader;
mod plain_token;
pub(crate) mod pystr;
#[cfg(test)]
mod reference;
mod score;
mod tokenise;

pub(crate) use lexicon::{NEITHER, WORDS};
pub(crate) use line_reader::{line_reading, line_valence};

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::sentences::split_bounded;
use crate::types::Valence;
use lexicon::EMOJI;
use pystr::{py_round, py_split};
use score::{ScoreScratch, score_tokens};
use tokenise::Tokens;

/// Longest piece [`message_valence`] hands to VADER in one go, in words.
const MAX_PIECE_WORDS: usize = 60;

/// VADER's scores before Python's final rounding.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct RawValence {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    pub compound: f64,
}

impl RawValence {
    /// Round like vaderSentiment's return value: compound to 4 decimals, the rest to 3.
    pub(crate) fn rounded(self) -> Valence {
        Valence {
            neg: py_round(self.neg, 3),
            neu: py_round(self.neu, 3),
            pos: py_round(self.pos, 3),
            compound: py_round(self.compound, 4),
        }
    }
}

/// VADER valence of a sentence or short text; the same numbers as Python's
/// `SentimentIntensityAnalyzer().polarity_scores(text)`.
///
/// ```
/// let v = microlead_tone::valence("The book was good.");
/// assert_eq!(v.compound, 0.4404);
/// ```
pub fn valence(text: &str) -> Valence {
    raw_valence(text).rounded()
}

/// Valence of a message of any length, built from its sentences.
///
/// VADER sums word valences and squashes the sum, so a long message with a little negativity
/// everywhere reads as extremely negative. Here each sentence is scored with [`valence`] and:
/// - `compound` is the mean of the sentence compounds, weighted by each sentence's share of
///   sentiment-bearing strength (|compound|, floored at 0.05 so neutral sentences still count a
///   little): a single furious sentence among polite ones still pulls the reading down;
/// - `neg`, `neu`, `pos` are the means of the sentence proportions weighted by word count, so they
///   still sum to about 1.
///
/// A text of one sentence gets exactly [`valence`]'s reading. Sentences longer than 60 words
/// are cut into 60-word pieces first, which keeps the cost linear in the text's length.
pub fn message_valence(text: &str) -> Valence {
    message_valence_of(text, &message_pieces(text))
}

/// The pieces [`message_valence`] reads: sentences, cut at 60 words.
pub(crate) fn message_pieces(text: &str) -> Vec<Range<usize>> {
    split_bounded(text, MAX_PIECE_WORDS)
}

/// [`message_pieces`] into a reused buffer (cleared first).
pub(crate) fn message_pieces_into(text: &str, out: &mut Vec<Range<usize>>) {
    crate::sentences::split_bounded_into(text, MAX_PIECE_WORDS, out);
}

/// [`message_valence`] over pieces already found by [`message_pieces`].
pub(crate) fn message_valence_of(text: &str, sentences: &[Range<usize>]) -> Valence {
    message_valence_by(text, sentences, |piece, _| raw_valence_counted(piece))
}

/// [`message_valence_of`] with `score` reading each piece (given with its byte offset in
/// `text`) into its raw valence and its number of words.
fn message_valence_by(
    text: &str,
    sentences: &[Range<usize>],
    mut score: impl FnMut(&str, usize) -> (RawValence, usize),
) -> Valence {
    if sentences.len() <= 1 {
        return score(text, 0).0.rounded();
    }
    let mut sum_w = 0.0;
    let mut compound = 0.0;
    let mut words = 0.0;
    let (mut neg, mut neu, mut pos) = (0.0, 0.0, 0.0);
    for range in sentences {
        let sentence = &text[range.clone()];
        let (raw, n) = score(sentence, range.start);
        let n = n as f64;
        let w = raw.compound.abs().max(0.05);
        sum_w += w;
        compound += w * raw.compound;
        words += n;
        neg += n * raw.neg;
        neu += n * raw.neu;
        pos += n * raw.pos;
    }
    let raw = RawValence {
        neg: if words > 0.0 { neg / words } else { 0.0 },
        neu: if words > 0.0 { neu / words } else { 0.0 },
        pos: if words > 0.0 { pos / words } else { 0.0 },
        compound: if sum_w > 0.0 { compound / sum_w } else { 0.0 },
    };
    raw.rounded()
}

/// Replace each emoji by its description, as `polarity_scores` does before anything else.
fn replace_emoji(text: &str) -> Cow<'_, str> {
    // No emoji in the lexicon is ASCII (the lowest is U+00A9), so ASCII text is left as is.
    if text.is_ascii()
        || !text
            .chars()
            .any(|c| !c.is_ascii() && c != '’' && EMOJI.contains_key(&c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut prev_space = true;
    for c in text.chars() {
        match EMOJI.get(&c).filter(|_| !c.is_ascii()) {
            Some(description) => {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                // Python sets prev_space = False and adds no space after the description, so
                // "😁x" becomes "...eyesx". Kept for parity.
                prev_space = false;
            }
            None => {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }
    Cow::Owned(out)
}

thread_local! {
    /// Reused token buffers: scoring many short texts then costs no allocation per text.
    static SCRATCH: RefCell<(Tokens, ScoreScratch)> =
        const { RefCell::new((Tokens::new(), ScoreScratch::new())) };
}

pub(crate) fn raw_valence(text: &str) -> RawValence {
    scored(text, |_, raw, _| raw)
}

/// [`raw_valence`], and the number of `str.split()` words of `text`.
pub(crate) fn raw_valence_counted(text: &str) -> (RawValence, usize) {
    scored(text, |toks, raw, split| {
        let words = match split {
            Split::AsGiven => toks.list.len(),
            // Emoji descriptions add words; count the text as given.
            Split::Replaced => py_split(text).count(),
        };
        (raw, words)
    })
}

/// What [`Tokens::fill`] split: the text as given, or with emoji replaced (so its tokens are
/// not the text's `str.split()` words).
#[derive(Clone, Copy)]
enum Split {
    AsGiven,
    Replaced,
}

/// Splits and scores `text` with the reused buffers, and hands the tokens, the raw valence and
/// what was split to `then`.
fn scored<T>(text: &str, then: impl FnOnce(&Tokens, RawValence, Split) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let (toks, score) = &mut *scratch;
            let split = toks.fill(text);
            let raw = score_tokens(toks, score);
            then(toks, raw, split)
        }
        // Only reachable if scoring ever re-entered itself; fall back to fresh buffers.
        Err(_) => {
            let mut toks = Tokens::new();
            let split = toks.fill(text);
            let raw = score_tokens(&toks, &mut ScoreScratch::new());
            then(&toks, raw, split)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> (f64, f64, f64, f64) {
        let r = valence(text);
        (r.neg, r.neu, r.pos, r.compound)
    }

    #[test]
    fn curly_apostrophe_is_no_emoji() {
        // replace_emoji skips U+2019 without a look-up.
        assert!(!EMOJI.contains_key(&'’'));
        for t in ["Don’t do that", "DON’T", "it’s ’great’ 😁", "’’’ n’t Isn’t"]
        {
            let want = reference::raw_valence_ref(&replace_emoji(t));
            let got = raw_valence(t);
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn fast_path_matches_reference_port() {
        for t in crate::test_texts::sample_texts() {
            let replaced = replace_emoji(&t);
            let want = reference::raw_valence_ref(&replaced);
            let (got, words) = raw_valence_counted(&t);
            assert_eq!(
                (got.neg, got.neu, got.pos, got.compound),
                (want.neg, want.neu, want.pos, want.compound),
                "{t:?}"
            );
            assert_eq!(words, py_split(&t).count(), "{t:?}");
        }
    }

    #[test]
    fn readme_examples() {
        assert_eq!(
            v("VADER is smart, handsome, and funny."),
            (0.0, 0.254, 0.746, 0.8316)
        );
        assert_eq!(v("The book was good."), (0.0, 0.508, 0.492, 0.4404));
        assert_eq!(v("Today SUX!"), (0.779, 0.221, 0.0, -0.5461));
        assert_eq!(v(""), (0.0, 0.0, 0.0, 0.0));
    }
}
