//! The straightforward port of `polarity_scores` that the fast path replaced, and the earlier
//! versions of the fast path's parts, kept for tests only: the port works on lower-cased token
//! strings, as the Python does, and the tests check the fast path against it on many texts.

use super::RawValence;
use super::lexicon::{B_DECR, C_INCR, N_SCALAR, TABLES, WordInfo, code};
use super::pystr::{self, py_isupper, strip_punc_if_word};
use super::score::{Sums, normalize, punctuation_emphasis};

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
        let info = TABLES.info(&self.arena[lo..hi]);
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

/// `allcap_differential`: some, but not all, tokens are ALL CAPS.
fn allcap_differential(tokens: &[Token]) -> bool {
    let caps = tokens.iter().filter(|t| t.upper).count();
    let diff = tokens.len() - caps;
    0 < diff && diff < tokens.len()
}

/// The reference reading of `text` (emoji already replaced).
pub(crate) fn raw_valence_ref(text: &str) -> RawValence {
    score_tokens(&Tokens::new(text), &mut Vec::new())
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
        if i + 1 < n
            && toks.list[i].info.code == code::KIND
            && toks.list[i + 1].info.code == code::OF
        {
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
    let Some(bi) = toks.list.iter().position(|t| t.info.code == code::BUT) else {
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

impl WordInfo {
    /// Valence, if the word is in `vader_lexicon.txt`.
    pub(crate) fn lex(self) -> Option<f64> {
        self.lex_in(TABLES.values())
    }
}

/// `SPECIAL_CASES` of vaderSentiment.py: idioms containing lexicon words, whose valence
/// replaces the word's. Its one single-word key ("badass") can never equal a joined n-gram, so
/// it is left out. Matched on whole tokens, never substrings.
fn special_case(words: &[&str]) -> Option<f64> {
    match words {
        ["the", "shit"] | ["the", "bomb"] => Some(3.0),
        ["bad", "ass"] => Some(1.5),
        ["bus", "stop"] => Some(0.0),
        ["yeah", "right"] => Some(-2.0),
        ["kiss", "of", "death"] => Some(-1.5),
        ["to", "die", "for"] => Some(3.0),
        ["beating", "heart"] => Some(3.5),
        _ => None,
    }
}

/// The multi-word keys of `BOOSTER_DICT` ("just enough", "kind of", "sort of"); single-word
/// keys can never equal a joined n-gram.
fn booster_ngram(words: &[&str]) -> Option<f64> {
    match words {
        ["just", "enough"] | ["kind", "of"] | ["sort", "of"] => Some(B_DECR),
        _ => None,
    }
}

/// VADER's `negated([word])` for one lower-cased word.
fn negated(lower: &str, info: WordInfo) -> bool {
    info.negate || lower.contains("n't")
}

/// `polarity_scores`' scores of a text's sentiments, one per token, and its '!' and '?' counts.
pub(super) fn score_valence(
    sentiments: &[f64],
    exclamations: usize,
    questions: usize,
) -> RawValence {
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

/// `_but_check`, including its `list.index` quirk: each score is looked up by value, so when
/// two positions hold the same score the first one is re-weighted (possibly twice) and the
/// later one not at all: the re-weighting around the first "but", at `bi`. The scoring uses
/// [`super::but_reweight_sparse`]; this is its reference.
pub(super) fn but_reweight(bi: usize, sentiments: &mut [f64]) {
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

/// [`score_valence`] given only the non-zero sentiments (in order) of `n` tokens (see
/// [`Sums`]), for comparing the sparse scoring with the dense one.
pub(super) fn score_sparse(
    nonzero: &[(usize, f64)],
    n: usize,
    exclamations: usize,
    questions: usize,
) -> RawValence {
    let mut sums = Sums::default();
    for &(_, s) in nonzero {
        sums.add(s);
    }
    sums.finish(n, exclamations, questions)
}

/// [`super::pystr::py_round`] as it was before it rounded with 2^52, for comparing with it.
pub(super) fn py_round_floor(x: f64, ndigits: usize) -> f64 {
    let p = 10f64.powi(ndigits as i32);
    let y = x * p;
    if !y.is_finite() || y.abs() >= 1e15 {
        return format!("{x:.ndigits$}").parse().unwrap_or(x);
    }
    let t = y as i64 as f64;
    let floor = if t > y { t - 1.0 } else { t };
    let frac = y - floor;
    if (frac - 0.5).abs() < 1e-7 {
        return format!("{x:.ndigits$}").parse().unwrap_or(x);
    }
    let r = if frac > 0.5 { floor + 1.0 } else { floor };
    let out = r / p;
    if out == 0.0 && x.is_sign_negative() {
        -0.0
    } else {
        out
    }
}
