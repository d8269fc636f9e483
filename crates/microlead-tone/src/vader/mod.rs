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

mod lexicon;
pub(crate) mod pystr;

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::sentences::split_bounded;

/// Longest piece [`message_valence`] hands to VADER in one go, in words.
const MAX_PIECE_WORDS: usize = 60;
use crate::types::Valence;
use lexicon::{
    BUT, C_INCR, EMOJI, KIND, N_SCALAR, OF, WordInfo, booster_ngram, negated, special_case,
    word_info,
};
use pystr::{py_isupper, py_round, py_split, strip_punc_if_word};

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

/// One whitespace-separated token with everything the rules ask about it, computed once.
#[derive(Clone, Copy)]
struct Token {
    /// Byte range of the lower-cased token in the sentence's arena string.
    lo: u32,
    hi: u32,
    info: WordInfo,
    upper: bool,
}

impl Token {
    #[inline]
    fn lex(&self) -> Option<f64> {
        self.info.lex()
    }
}

/// The tokens of one text, with their lower-cased forms in one string, so tokenising costs
/// one allocation for the forms instead of one per capitalised word.
struct Tokens {
    arena: String,
    list: Vec<Token>,
    /// Counts of '!' and '?' in the text, taken during the same pass.
    exclamations: usize,
    questions: usize,
}

impl Tokens {
    fn new(text: &str) -> Self {
        let mut toks = Tokens {
            arena: String::with_capacity(text.len() + 8),
            list: Vec::with_capacity(text.len() / 4 + 1),
            exclamations: 0,
            questions: 0,
        };
        toks.fill(text);
        toks
    }

    /// Split on Python whitespace, strip punctuation, lower-case and test for capitals, in one
    /// pass. ASCII tokens (nearly all of them) take a byte-level path; a token with any other
    /// character goes through the general, `char`-level functions of [`pystr`].
    fn fill(&mut self, text: &str) {
        self.arena.clear();
        self.list.clear();
        self.exclamations = 0;
        self.questions = 0;
        let b = text.as_bytes();
        let mut i = 0;
        // Length of the whitespace character at `i`, or 0 if it is not whitespace.
        let space_at = |i: usize| -> usize {
            let c = b[i];
            if c < 0x80 {
                usize::from(matches!(c, 9..=13 | 28..=32))
            } else {
                match text.get(i..).and_then(|t| t.chars().next()) {
                    Some(ch) if pystr::is_py_space(ch) => ch.len_utf8(),
                    _ => 0,
                }
            }
        };
        while i < b.len() {
            let sp = space_at(i);
            if sp > 0 {
                i += sp;
                continue;
            }
            let start = i;
            let mut ascii = true;
            while i < b.len() {
                if b[i] < 0x80 {
                    match b[i] {
                        9..=13 | 28..=32 => break,
                        b'!' => self.exclamations += 1,
                        b'?' => self.questions += 1,
                        _ => {}
                    }
                    i += 1;
                } else {
                    if space_at(i) > 0 {
                        break;
                    }
                    ascii = false;
                    i += 1;
                    while i < b.len() && (b[i] & 0xc0) == 0x80 {
                        i += 1;
                    }
                }
            }
            let raw = &text[start..i];
            let lo = self.arena.len();
            if ascii {
                let rb = raw.as_bytes();
                let (mut s, mut e) = (0, rb.len());
                while s < e && rb[s].is_ascii_punctuation() {
                    s += 1;
                }
                while e > s && rb[e - 1].is_ascii_punctuation() {
                    e -= 1;
                }
                if e - s <= 2 {
                    (s, e) = (0, rb.len());
                }
                let word = &rb[s..e];
                let upper = word.iter().any(u8::is_ascii_uppercase)
                    && !word.iter().any(u8::is_ascii_lowercase);
                self.arena.push_str(&raw[s..e]);
                self.arena[lo..].make_ascii_lowercase();
                self.push(lo, upper);
            } else {
                let word = strip_punc_if_word(raw);
                self.arena.push_str(&word.to_lowercase());
                self.push(lo, py_isupper(word));
            }
        }
    }

    #[inline]
    fn push(&mut self, lo: usize, upper: bool) {
        let hi = self.arena.len();
        let info = word_info(&self.arena[lo..hi]);
        self.list.push(Token {
            lo: lo as u32,
            hi: hi as u32,
            info,
            upper,
        });
    }

    #[inline]
    fn w(&self, k: usize) -> &str {
        let t = &self.list[k];
        &self.arena[t.lo as usize..t.hi as usize]
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

/// [`message_valence`] over pieces already found by [`message_pieces`].
pub(crate) fn message_valence_of(text: &str, sentences: &[Range<usize>]) -> Valence {
    if sentences.len() <= 1 {
        return valence(text);
    }
    let mut sum_w = 0.0;
    let mut compound = 0.0;
    let mut words = 0.0;
    let (mut neg, mut neu, mut pos) = (0.0, 0.0, 0.0);
    for range in sentences {
        let sentence = &text[range.clone()];
        let raw = raw_valence(sentence);
        let w = raw.compound.abs().max(0.05);
        sum_w += w;
        compound += w * raw.compound;
        let n = py_split(sentence).count() as f64;
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
            .any(|c| !c.is_ascii() && EMOJI.contains_key(&c))
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

/// `allcap_differential`: some, but not all, tokens are ALL CAPS.
fn allcap_differential(tokens: &[Token]) -> bool {
    let caps = tokens.iter().filter(|t| t.upper).count();
    let diff = tokens.len() - caps;
    0 < diff && diff < tokens.len()
}

thread_local! {
    /// Reused token buffers: scoring many short texts then costs no allocation per text.
    static SCRATCH: RefCell<(Tokens, Vec<f64>)> = RefCell::new((
        Tokens {
            arena: String::with_capacity(256),
            list: Vec::with_capacity(64),
            exclamations: 0,
            questions: 0,
        },
        Vec::with_capacity(64),
    ));
}

pub(crate) fn raw_valence(text: &str) -> RawValence {
    let text = replace_emoji(text);
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let (toks, sentiments) = &mut *scratch;
            toks.fill(&text);
            score_tokens(toks, sentiments)
        }
        // Only reachable if scoring ever re-entered itself; fall back to fresh buffers.
        Err(_) => score_tokens(&Tokens::new(&text), &mut Vec::new()),
    })
}

fn score_tokens(toks: &Tokens, sentiments: &mut Vec<f64>) -> RawValence {
    // Python strips the text; only the tokens and the '!'/'?' counts matter, and neither changes.
    sentiments.clear();
    let n = toks.list.len();
    let is_cap_diff = allcap_differential(&toks.list);
    for i in 0..n {
        if toks.list[i].info.boost().is_some() {
            sentiments.push(0.0);
            continue;
        }
        if i + 1 < n && toks.list[i].info.special == KIND && toks.list[i + 1].info.special == OF {
            sentiments.push(0.0);
            continue;
        }
        sentiments.push(sentiment_valence(toks, i, is_cap_diff));
    }
    but_check(toks, sentiments);
    score_valence(sentiments, toks.exclamations, toks.questions)
}

/// `scalar_inc_dec`: the push a booster word gives the word after it.
#[inline]
fn scalar_inc_dec(token: &Token, valence: f64, is_cap_diff: bool) -> f64 {
    let mut scalar = 0.0;
    if let Some(b) = token.info.boost() {
        scalar = b;
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if token.upper && is_cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
    }
    scalar
}

fn sentiment_valence(toks: &Tokens, i: usize, is_cap_diff: bool) -> f64 {
    let tokens = &toks.list;
    let Some(lex) = tokens[i].lex() else {
        return 0.0;
    };
    let w = |k: usize| toks.w(k);
    let n = tokens.len();
    let mut valence = lex;
    // "no" directly before a lexicon word negates that word instead of counting itself.
    if w(i) == "no" && i != n - 1 && tokens[i + 1].lex().is_some() {
        valence = 0.0;
    }
    if (i > 0 && w(i - 1) == "no")
        || (i > 1 && w(i - 2) == "no")
        || (i > 2 && w(i - 3) == "no" && matches!(w(i - 1), "or" | "nor"))
    {
        valence = lex * N_SCALAR;
    }
    if tokens[i].upper && is_cap_diff {
        if valence > 0.0 {
            valence += C_INCR;
        } else {
            valence -= C_INCR;
        }
    }
    for start_i in 0..3 {
        if i > start_i && tokens[i - (start_i + 1)].lex().is_none() {
            let mut s = scalar_inc_dec(&tokens[i - (start_i + 1)], valence, is_cap_diff);
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            valence += s;
            valence = negation_check(valence, toks, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, toks, i);
            }
        }
    }
    least_check(valence, toks, i)
}

fn negation_check(valence: f64, toks: &Tokens, start_i: usize, i: usize) -> f64 {
    let w = |k: usize| toks.w(k);
    let neg = |k: usize| negated(toks.w(k), toks.list[k].info);
    let mut valence = valence;
    match start_i {
        0 => {
            if neg(i - 1) {
                valence *= N_SCALAR;
            }
        }
        1 => {
            if w(i - 2) == "never" && matches!(w(i - 1), "so" | "this") {
                valence *= 1.25;
            } else if w(i - 2) == "without" && w(i - 1) == "doubt" {
                // "without a doubt" is not a negation
            } else if neg(i - 2) {
                valence *= N_SCALAR;
            }
        }
        _ => {
            // Python's precedence: (never and (so|this) two back) or (so|this) one back.
            if (w(i - 3) == "never" && matches!(w(i - 2), "so" | "this"))
                || matches!(w(i - 1), "so" | "this")
            {
                valence *= 1.25;
            } else if w(i - 3) == "without" && (w(i - 2) == "doubt" || w(i - 1) == "doubt") {
                // unchanged
            } else if neg(i - 3) {
                valence *= N_SCALAR;
            }
        }
    }
    valence
}

fn special_idioms_check(valence: f64, toks: &Tokens, i: usize) -> f64 {
    let w = |k: usize| toks.w(k);
    let mut valence = valence;
    let onezero = [w(i - 1), w(i)];
    let twoonezero = [w(i - 2), w(i - 1), w(i)];
    let twoone = [w(i - 2), w(i - 1)];
    let threetwoone = [w(i - 3), w(i - 2), w(i - 1)];
    let threetwo = [w(i - 3), w(i - 2)];
    let sequences: [&[&str]; 5] = [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo];
    for seq in sequences {
        if let Some(v) = special_case(seq) {
            valence = v;
            break;
        }
    }
    let n = toks.list.len();
    if n - 1 > i
        && let Some(v) = special_case(&[w(i), w(i + 1)])
    {
        valence = v;
    }
    if n - 1 > i + 1
        && let Some(v) = special_case(&[w(i), w(i + 1), w(i + 2)])
    {
        valence = v;
    }
    let ngrams: [&[&str]; 3] = [&threetwoone, &threetwo, &twoone];
    for ngram in ngrams {
        if let Some(b) = booster_ngram(ngram) {
            valence += b;
        }
    }
    valence
}

fn least_check(valence: f64, toks: &Tokens, i: usize) -> f64 {
    let tokens = &toks.list;
    let w = |k: usize| toks.w(k);
    let mut valence = valence;
    if i > 1 && tokens[i - 1].lex().is_none() && w(i - 1) == "least" {
        if w(i - 2) != "at" && w(i - 2) != "very" {
            valence *= N_SCALAR;
        }
    } else if i > 0 && tokens[i - 1].lex().is_none() && w(i - 1) == "least" {
        valence *= N_SCALAR;
    }
    valence
}

/// `_but_check`, including its `list.index` quirk: each score is looked up by value, so when
/// two positions hold the same score the first one is re-weighted (possibly twice) and the
/// later one not at all.
fn but_check(toks: &Tokens, sentiments: &mut [f64]) {
    let Some(bi) = toks.list.iter().position(|t| t.info.special == BUT) else {
        return;
    };
    for k in 0..sentiments.len() {
        let sentiment = sentiments[k];
        let Some(si) = sentiments.iter().position(|&s| s == sentiment) else {
            continue;
        };
        if si < bi {
            sentiments[si] = sentiment * 0.5;
        } else if si > bi {
            sentiments[si] = sentiment * 1.5;
        }
    }
}

/// `_punctuation_emphasis`: '!' (up to 4) and '?' (2 or more) amplify the sum.
fn punctuation_emphasis(ep: usize, qm: usize) -> f64 {
    let ep_amplifier = ep.min(4) as f64 * 0.292;
    let qm_amplifier = if qm > 1 {
        if qm <= 3 { qm as f64 * 0.18 } else { 0.96 }
    } else {
        0.0
    };
    ep_amplifier + qm_amplifier
}

fn normalize(score: f64) -> f64 {
    let norm = score / (score * score + 15.0).sqrt();
    norm.clamp(-1.0, 1.0)
}

fn score_valence(sentiments: &[f64], exclamations: usize, questions: usize) -> RawValence {
    if sentiments.is_empty() {
        return RawValence::default();
    }
    // Python's sum() adds left to right; keep the order so the rounding matches.
    let mut sum_s = 0.0;
    for &s in sentiments {
        sum_s += s;
    }
    let amp = punctuation_emphasis(exclamations, questions);
    if sum_s > 0.0 {
        sum_s += amp;
    } else if sum_s < 0.0 {
        sum_s -= amp;
    }
    let compound = normalize(sum_s);

    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += amp;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amp;
    }
    let total = pos_sum + neg_sum.abs() + neu_count as f64;
    RawValence {
        neg: (neg_sum / total).abs(),
        neu: (neu_count as f64 / total).abs(),
        pos: (pos_sum / total).abs(),
        compound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> (f64, f64, f64, f64) {
        let r = valence(text);
        (r.neg, r.neu, r.pos, r.compound)
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
