//! VADER's rules applied to a text's tokens: each lexicon word's valence moved by the words
//! before it (boosters, negations, "no", "never so", idioms, "least"), capitals, the "but"
//! re-weighting, then the sums, the `!`/`?` emphasis and the normalised compound.

use super::RawValence;
use super::lexicon::{C_INCR, N_SCALAR, TABLES, booster_ngram_codes, code, special_case_codes};
use super::tokenise::{Token, Tokens};

/// Scores the tokens. Only the non-zero sentiments are kept, as (token index, sentiment): every
/// later step gives the same result without the zeros (see [`Sums`]), and most tokens
/// are not in the lexicon, so the lists stay a few entries long.
pub(super) fn score_tokens(toks: &Tokens, scratch: &mut ScoreScratch) -> RawValence {
    score_slice(&toks.list, toks.exclamations, toks.questions, scratch)
}

/// [`score_tokens`] of some tokens of a text with `exclamations` '!' and `questions` '?'.
pub(super) fn score_slice(
    tokens: &[Token],
    exclamations: usize,
    questions: usize,
    scratch: &mut ScoreScratch,
) -> RawValence {
    // Python strips the text; only the tokens and the '!'/'?' counts matter, and neither changes.
    let ScoreScratch { nonzero, lexical } = scratch;
    nonzero.clear();
    let n = tokens.len();
    if n == 0 {
        return RawValence::default();
    }
    // One pass without branches for what the rules ask of all tokens: how many are in
    // capitals (`allcap_differential`), where the first "but" is, and which tokens are in the
    // lexicon (usually a few: every index is written, and only a wanted one is kept).
    // Only ever grown (what it holds past `found` is never read), so it is not cleared and
    // refilled with zeros for every text.
    if lexical.len() < n {
        lexical.resize(n, 0);
    }
    // A slice, so its length stays in a register rather than being reloaded after each store.
    let lexical = &mut lexical[..n];
    let (mut found, mut caps, mut but) = (0, 0, usize::MAX);
    for (i, t) in tokens.iter().enumerate() {
        lexical[found] = i as u32;
        found += usize::from(t.has_lex());
        caps += usize::from(t.upper());
        but = but.min(if t.code() == code::BUT { i } else { usize::MAX });
    }
    // `allcap_differential`: some, but not all, tokens are ALL CAPS.
    let is_cap_diff = caps > 0 && caps < n;
    let values = TABLES.values();
    let mut sums = Sums::default();
    for &i in &lexical[..found] {
        let i = i as usize;
        let t = &tokens[i];
        if t.info().boost().is_some()
            || (t.code() == code::KIND && i + 1 < n && tokens[i + 1].code() == code::OF)
        {
            continue;
        }
        let Some(lex) = t.info().lex_in(values) else {
            continue;
        };
        let s = if quiet_context(tokens, i) {
            // Every rule but the capitals is a no-op here (see `quiet_context`).
            if t.upper() && is_cap_diff {
                if lex > 0.0 {
                    lex + C_INCR
                } else {
                    lex - C_INCR
                }
            } else {
                lex
            }
        } else {
            sentiment_valence(tokens, i, lex, is_cap_diff)
        };
        // Without a "but" nothing changes a sentiment once found, so it is summed at once.
        if s != 0.0 {
            if but == usize::MAX {
                sums.add(s);
            } else {
                nonzero.push((i, s));
            }
        }
    }
    if but != usize::MAX {
        but_reweight_sparse(but, nonzero);
        for &(_, s) in nonzero.iter() {
            sums.add(s);
        }
    }
    sums.finish(n, exclamations, questions)
}

/// The running sums of VADER's scoring over the non-zero sentiments, in order. Exact: the sums
/// start at +0.0 and never become -0.0 (only -0.0 + -0.0 gives -0.0), and adding a zero of
/// either sign to such a sum leaves it unchanged, so skipping the zeros changes no bit; the
/// zeros are the neutral count (the reference port's `score_valence` sums them all).
#[derive(Default)]
pub(super) struct Sums {
    /// All sentiments.
    all: f64,
    /// `s + 1` of the positive ones.
    pos: f64,
    /// `s - 1` of the negative ones.
    neg: f64,
    nonzero: usize,
}

impl Sums {
    /// Adds a non-zero sentiment. The sign picks a sum without a branch (the signs of a
    /// text's words cannot be predicted); the other sum gets +0.0, which changes no bit of it.
    #[inline(always)]
    pub(super) fn add(&mut self, s: f64) {
        self.all += s;
        self.pos += if s > 0.0 { s + 1.0 } else { 0.0 };
        self.neg += if s < 0.0 { s - 1.0 } else { 0.0 };
        self.nonzero += 1;
    }

    /// The scores of a text of `n` tokens with these sums and its '!' and '?' counts.
    pub(super) fn finish(self, n: usize, exclamations: usize, questions: usize) -> RawValence {
        if n == 0 {
            return RawValence::default();
        }
        let Sums {
            all: mut sum_s,
            pos: mut pos_sum,
            neg: mut neg_sum,
            nonzero,
        } = self;
        let amp = punctuation_emphasis(exclamations, questions);
        if sum_s > 0.0 {
            sum_s += amp;
        } else if sum_s < 0.0 {
            sum_s -= amp;
        }
        let compound = normalize(sum_s);
        let neu_count = n - nonzero;
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
}

/// Reused buffers of [`score_tokens`].
pub(super) struct ScoreScratch {
    /// The non-zero sentiments, as (token index, sentiment).
    nonzero: Vec<(usize, f64)>,
    /// Indices of the tokens in the lexicon.
    lexical: Vec<u32>,
}

impl ScoreScratch {
    pub(super) const fn new() -> Self {
        Self {
            nonzero: Vec::new(),
            lexical: Vec::new(),
        }
    }
}

/// `_but_check`'s re-weighting (see `but_reweight`) over the non-zero sentiments only. A zero
/// is only ever found by value among zeros, and re-weighting a zero leaves a zero, so the
/// zeros never change a non-zero entry; and a non-zero entry stays non-zero.
fn but_reweight_sparse(bi: usize, nonzero: &mut [(usize, f64)]) {
    for k in 0..nonzero.len() {
        let sentiment = nonzero[k].1;
        let Some(si) = nonzero.iter().position(|&(_, s)| s == sentiment) else {
            continue;
        };
        if nonzero[si].0 < bi {
            nonzero[si].1 = sentiment * 0.5;
        } else if nonzero[si].0 > bi {
            nonzero[si].1 = sentiment * 1.5;
        }
    }
}

/// `scalar_inc_dec`: the push a booster word gives the word after it.
#[inline]
fn scalar_inc_dec(token: &Token, valence: f64, is_cap_diff: bool) -> f64 {
    let mut scalar = 0.0;
    if let Some(b) = token.info().boost() {
        scalar = b;
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if token.upper() && is_cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
    }
    scalar
}

/// Whether no rule of [`sentiment_valence`] but the capitals one can change token `i`'s
/// valence: the token and the three before it are none of the words the rules name (no
/// [`code`]), no negation and no booster. Then "no", boosters, negations, "never so", idioms
/// (each holds a named word at or before `i`), booster pairs and "least" all find nothing,
/// and adding a booster's zero leaves a non-zero valence as it is (a zero is dropped anyway).
#[inline]
fn quiet_context(tokens: &[Token], i: usize) -> bool {
    let quiet = |k: usize| {
        let t = &tokens[k];
        t.code() == 0 && !t.negated() && t.info().boost().is_none()
    };
    tokens[i].code() == 0
        && (i < 1 || quiet(i - 1))
        && (i < 2 || quiet(i - 2))
        && (i < 3 || quiet(i - 3))
}

/// `sentiment_valence` for token `i`, whose lexicon valence is `lex`.
fn sentiment_valence(tokens: &[Token], i: usize, lex: f64, is_cap_diff: bool) -> f64 {
    use code::{NO, NOR, OR};
    let w = |k: usize| tokens[k].code();
    let n = tokens.len();
    let mut valence = lex;
    // "no" directly before a lexicon word negates that word instead of counting itself.
    if w(i) == NO && i != n - 1 && tokens[i + 1].has_lex() {
        valence = 0.0;
    }
    if (i > 0 && w(i - 1) == NO)
        || (i > 1 && w(i - 2) == NO)
        || (i > 2 && w(i - 3) == NO && matches!(w(i - 1), OR | NOR))
    {
        valence = lex * N_SCALAR;
    }
    if tokens[i].upper() && is_cap_diff {
        if valence > 0.0 {
            valence += C_INCR;
        } else {
            valence -= C_INCR;
        }
    }
    for start_i in 0..3 {
        if i > start_i && !tokens[i - (start_i + 1)].has_lex() {
            let mut s = scalar_inc_dec(&tokens[i - (start_i + 1)], valence, is_cap_diff);
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            valence += s;
            valence = negation_check(valence, tokens, start_i, i);
            if start_i == 2 {
                valence = special_idioms_check(valence, tokens, i);
            }
        }
    }
    least_check(valence, tokens, i)
}

fn negation_check(valence: f64, tokens: &[Token], start_i: usize, i: usize) -> f64 {
    use code::{DOUBT, NEVER, SO, THIS, WITHOUT};
    let w = |k: usize| tokens[k].code();
    let neg = |k: usize| tokens[k].negated();
    let mut valence = valence;
    match start_i {
        0 => {
            if neg(i - 1) {
                valence *= N_SCALAR;
            }
        }
        1 => {
            if w(i - 2) == NEVER && matches!(w(i - 1), SO | THIS) {
                valence *= 1.25;
            } else if w(i - 2) == WITHOUT && w(i - 1) == DOUBT {
                // "without a doubt" is not a negation
            } else if neg(i - 2) {
                valence *= N_SCALAR;
            }
        }
        _ => {
            // Python's precedence: (never and (so|this) two back) or (so|this) one back.
            if (w(i - 3) == NEVER && matches!(w(i - 2), SO | THIS)) || matches!(w(i - 1), SO | THIS)
            {
                valence *= 1.25;
            } else if w(i - 3) == WITHOUT && (w(i - 2) == DOUBT || w(i - 1) == DOUBT) {
                // unchanged
            } else if neg(i - 3) {
                valence *= N_SCALAR;
            }
        }
    }
    valence
}

fn special_idioms_check(valence: f64, tokens: &[Token], i: usize) -> f64 {
    let w = |k: usize| tokens[k].code();
    let mut valence = valence;
    let onezero = [w(i - 1), w(i)];
    let twoonezero = [w(i - 2), w(i - 1), w(i)];
    let twoone = [w(i - 2), w(i - 1)];
    let threetwoone = [w(i - 3), w(i - 2), w(i - 1)];
    let threetwo = [w(i - 3), w(i - 2)];
    let sequences: [&[u8]; 5] = [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo];
    for seq in sequences {
        if let Some(v) = special_case_codes(seq) {
            valence = v;
            break;
        }
    }
    let n = tokens.len();
    if n - 1 > i
        && let Some(v) = special_case_codes(&[w(i), w(i + 1)])
    {
        valence = v;
    }
    if n - 1 > i + 1
        && let Some(v) = special_case_codes(&[w(i), w(i + 1), w(i + 2)])
    {
        valence = v;
    }
    let ngrams: [&[u8]; 3] = [&threetwoone, &threetwo, &twoone];
    for ngram in ngrams {
        if let Some(b) = booster_ngram_codes(ngram) {
            valence += b;
        }
    }
    valence
}

fn least_check(valence: f64, tokens: &[Token], i: usize) -> f64 {
    use code::{AT, LEAST, VERY};
    let w = |k: usize| tokens[k].code();
    let mut valence = valence;
    if i > 1 && !tokens[i - 1].has_lex() && w(i - 1) == LEAST {
        if w(i - 2) != AT && w(i - 2) != VERY {
            valence *= N_SCALAR;
        }
    } else if i > 0 && !tokens[i - 1].has_lex() && w(i - 1) == LEAST {
        valence *= N_SCALAR;
    }
    valence
}

/// `_punctuation_emphasis`: '!' (up to 4) and '?' (2 or more) amplify the sum.
pub(super) fn punctuation_emphasis(ep: usize, qm: usize) -> f64 {
    let ep_amplifier = ep.min(4) as f64 * 0.292;
    let qm_amplifier = if qm > 1 {
        if qm <= 3 { qm as f64 * 0.18 } else { 0.96 }
    } else {
        0.0
    };
    ep_amplifier + qm_amplifier
}

pub(super) fn normalize(score: f64) -> f64 {
    let norm = score / (score * score + 15.0).sqrt();
    norm.clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::super::reference::{but_reweight, score_sparse, score_valence};
    use super::*;

    #[test]
    fn sparse_scoring_matches_dense() {
        // Small pseudo-random sentiment lists with repeats, zeros of both signs and a "but".
        let pool = [0.0, -0.0, 1.5, -1.5, 2.0, 0.5, -2.1, 1.5 * 0.5, 3.0, -0.74];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            let dense: Vec<f64> = (0..n)
                .map(|k| pool[((seed >> (4 + 4 * k)) % pool.len() as u64) as usize])
                .collect();
            let bi = ((seed >> 56) % 14) as usize;
            let (ex, qu) = ((seed >> 40) as usize % 6, (seed >> 44) as usize % 6);
            let mut d = dense.clone();
            let mut sparse: Vec<(usize, f64)> = dense
                .iter()
                .enumerate()
                .filter(|(_, s)| **s != 0.0)
                .map(|(i, s)| (i, *s))
                .collect();
            if bi < n {
                but_reweight(bi, &mut d);
                but_reweight_sparse(bi, &mut sparse);
            }
            let want = score_valence(&d, ex, qu);
            let got = score_sparse(&sparse, n, ex, qu);
            assert_eq!(
                (got.neg, got.neu, got.pos, got.compound).map_bits(),
                (want.neg, want.neu, want.pos, want.compound).map_bits(),
                "{dense:?} {bi}"
            );
        }
    }

    trait Bits {
        fn map_bits(self) -> [u64; 4];
    }
    impl Bits for (f64, f64, f64, f64) {
        fn map_bits(self) -> [u64; 4] {
            [self.0, self.1, self.2, self.3].map(f64::to_bits)
        }
    }
}
