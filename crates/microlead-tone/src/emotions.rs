//! Anger, fear and distress in an incoming message.
//!
//! Two parts, added on the logit scale:
//! 1. a logistic regression over lower-cased words and adjacent-word bigrams, trained by
//!    `bench/tone/train.py` on GoEmotions train (anger = anger+annoyance+disapproval,
//!    fear = fear+nervousness, distress = grief+remorse+sadness+nervousness) and shipped as the
//!    weight table `data/emotion_weights.tsv`; the cross-validated F1-optimal threshold is
//!    folded into the bias, so a score of 0.5 or more means "present";
//! 2. hand-written cues for what Reddit comments teach poorly about workplace messages:
//!    SHOUTING, stacked "!!", second-person blame ("you always", "your fault"), threats
//!    ("or else", "escalate"), urgency ("ASAP", "immediately") and plain words of worry or
//!    exhaustion.
//!
//! Every contribution keeps the words it came from, which become the reading's spans.

use std::sync::LazyLock;

use crate::phrases::Cue;
use crate::spans::span;
use crate::tokens::{Word, words};
use crate::types::{Emotions, Span};
use crate::vocab::{VOCAB, pair_key};

pub(crate) const WEIGHTS_TSV: &str = include_str!("../data/emotion_weights.tsv");

/// Emotion order in the weight table and in the arrays below.
const NAMES: [&str; 3] = ["anger", "fear", "distress"];

/// A score at or above this counts as "present".
pub const PRESENT: f64 = 0.5;

/// Spans are reported for an emotion once its score reaches this, so a reader sees what is
/// building up before it crosses [`PRESENT`].
const SPAN_FLOOR: f64 = 0.35;

/// A model feature must carry at least this weight to be shown as a span.
const SPAN_MIN_WEIGHT: f32 = 1.0;

/// Logit bonuses of the hand-written cues, set by hand from workplace wording (their effect on
/// GoEmotions dev is what `bench/tone/run.sh` reports). Fear cues are larger than anger cues
/// because fear is rare in the training data, so its bias sits much lower. Negative weights
/// mark de-escalating wording: "that sounds frustrating" names a feeling without having it.
pub(crate) fn cue_list() -> Vec<Cue> {
    // One line per (emotion, weight) group; kept compact on purpose.
    #[rustfmt::skip]
    let groups: &[(&str, f64, &[&str])] = &[
        // anger: second-person blame and absolutes
        ("anger", 1.2, &["you always", "you never", "you people", "you messed up",
            "you screwed up", "per my last email", "i already told you"]),
        ("anger", 1.5, &["your fault", "you ruined", "thanks for nothing", "unacceptable",
            "not acceptable"]),
        ("anger", 1.0, &["because of you", "how many times", "you didn't even", "you failed",
            "you broke", "as i already said"]),
        ("anger", 2.0, &["what were you thinking"]),
        ("anger", 0.8, &["you keep", "ridiculous"]),
        // anger: implicit frustration and contempt in workplace wording
        ("anger", 1.0, &["what is going on", "who approved", "who decided", "i told you",
            "i'm done", "unbelievable", "or i'll", "take it to hr", "you didn't",
            "why do i have to", "nobody told me", "waste of", "rude", "garbage", "same mistake",
            "terrible call", "you know it", "last time i'm", "furious", "outraged", "wtf"]),
        ("anger", 1.5, &["a joke", "your team dropped", "i've had it with", "insulting",
            "you were supposed to", "you dropped the ball", "are you even", "didn't bother",
            "nobody bothered", "pathetic", "out of line", "pissed", "infuriating",
            "condescending", "are you kidding", "wasting my time", "disrespectful",
            "unprofessional", "your team's fault", "because of your", "don't you dare",
            "sick and tired", "enough is enough", "livid", "incompetent"]),
        ("anger", 2.0, &["great job really", "how hard is it"]),
        ("anger", 0.8, &["angry", "seriously", "disappointed", "nobody cares", "your broken",
            "your mistakes", "who wrote", "yet again", "useless"]),
        ("anger", 1.2, &["fed up", "sick of"]),
        ("anger", 0.6, &["once again"]),
        // anger: threats
        ("anger", 1.5, &["or else", "report you", "last warning", "final warning",
            "you'll regret"]),
        ("anger", 1.0, &["escalate", "escalating", "held responsible"]),
        ("anger", 0.8, &["consequences"]),
        ("anger", 1.2, &["legal action", "my lawyer", "cancel our contract"]),
        // fear: more workplace worry
        ("fear", 2.8, &["will i lose", "what happens to me", "i'm not sure i can"]),
        ("fear", 2.1, &["nothing is ready", "are they going to", "going to cut", "worried sick",
            "i think i deleted", "i think i made", "i think i broke"]),
        ("fear", 1.7, &["restructuring", "rumours of", "rumors of", "cost the company"]),
        ("fear", 1.1, &["help", "lose", "might fail", "could ruin"]),
        // de-escalating wording: acknowledging or owning a feeling is not having it
        ("anger", -2.0, &["sounds frustrating", "sounds really frustrating", "your frustration",
            "how frustrating", "i understand your", "i can imagine"]),
        ("anger", -1.0, &["i hear you", "i'm sorry", "my bad", "i apologize", "sorry to hear",
            "my mistake", "freaking out", "i'm stressed", "i'm afraid"]),
        ("fear", -1.5, &["you're worried", "you are worried", "your concern", "your concerns",
            "can see why this worries"]),
        ("anger", 1.0, &["third time"]),
        ("anger", 0.8, &["second time", "three times"]),
        ("fear", -2.0, &["sounds stressful"]),
        ("fear", -1.0, &["i understand", "can i help"]),
        // fear: urgency
        ("fear", 1.1, &["asap", "as soon as possible"]),
        ("fear", 0.8, &["immediately", "deadline"]),
        ("fear", 1.4, &["urgent", "urgently", "emergency"]),
        ("fear", 0.7, &["right now", "right away"]),
        // fear: worry
        ("fear", 2.1, &["worried", "anxious", "nervous", "scared", "lose my job", "get fired",
            "be fired", "layoffs", "terrified"]),
        ("fear", 1.4, &["worry", "stressed", "in trouble", "not going to make it"]),
        ("fear", 1.7, &["worrying", "afraid", "panic", "at risk", "can't sleep"]),
        ("fear", 2.8, &["concerned", "panicking", "freaking out", "what if", "uneasy", "dread"]),
        ("fear", 1.1, &["behind schedule", "won't make it"]),
        // distress
        ("distress", 1.5, &["overwhelmed", "burned out", "burnt out", "can't cope", "hopeless",
            "crying", "devastated", "heartbroken", "miserable", "falling apart",
            "i feel terrible", "i feel awful", "let everyone down", "breaking down"]),
        ("distress", 1.2, &["exhausted", "burnout", "can't do this", "struggling", "drowning"]),
        ("distress", 1.0, &["give up", "upset", "let you down"]),
        ("distress", 0.6, &["too much", "stressed"]),
    ];

    groups
        .iter()
        .flat_map(|&(label, weight, phrases)| {
            phrases.iter().map(move |&phrase| Cue {
                phrase,
                label,
                weight,
            })
        })
        .collect()
}

/// Capitalised words that are names of things, not shouting.
const ACRONYMS: &[&str] = &[
    "OK", "FYI", "ASAP", "EOD", "PR", "QA", "API", "UI", "UX", "CEO", "CTO", "HR", "IT", "PM",
    "AM", "US", "UK", "EU", "ID", "OKR", "KPI", "SLA", "ETA", "TBD", "PDF", "CSV", "URL", "VPN",
    "DB", "SQL", "AWS", "CI", "CD", "MVP", "ROI", "Q1", "Q2", "Q3", "Q4", "LOL", "TL", "DR",
];

/// [`ACRONYMS`] as [`acronym_key`]s.
static EMOTION_ACRONYMS: [u64; ACRONYMS.len()] = acronym_keys(ACRONYMS);

/// Longest acronym [`acronym_key`] can hold.
const ACRONYM_MAX: usize = 7;

/// A word of at most [`ACRONYM_MAX`] bytes as one integer: its bytes, little-endian, and its
/// length in the top byte. Shouted words are common enough that comparing them with the
/// acronym lists string by string (a `memcmp` call each) showed in profiles.
const fn acronym_key(b: &[u8]) -> u64 {
    let mut key = (b.len() as u64) << 56;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The [`acronym_key`]s of a list of acronyms (each at most [`ACRONYM_MAX`] bytes).
pub(crate) const fn acronym_keys<const N: usize>(list: &[&str]) -> [u64; N] {
    assert!(list.len() == N);
    let mut keys = [0; N];
    let mut i = 0;
    while i < N {
        assert!(
            list[i].len() <= ACRONYM_MAX,
            "acronyms have at most 7 bytes"
        );
        keys[i] = acronym_key(list[i].as_bytes());
        i += 1;
    }
    keys
}

/// Whether word `w` of `text` is one of the acronyms with these keys: the same answer as
/// comparing its text with each acronym.
#[inline]
pub(crate) fn is_acronym(keys: &[u64], text: &str, w: &Word) -> bool {
    let len = w.end - w.start;
    if len > ACRONYM_MAX {
        return false;
    }
    let bytes = crate::swar::load8_padded(text.as_bytes(), w.start) & ((1u64 << (8 * len)) - 1);
    keys.contains(&(bytes | (len as u64) << 56))
}

/// Emotion scores and the contributions behind them, before spans are rendered.
pub(crate) struct EmotionDetail {
    pub emotions: Emotions,
    /// (emotion index, first byte, end byte, contribution)
    pub contributions: Vec<(usize, usize, usize, f64)>,
}

/// Per emotion cue (by [`crate::phrases::Hit::index`]): its emotion's index in [`NAMES`],
/// found once instead of by comparing label strings per hit.
static CUE_EMOTION: LazyLock<Vec<u8>> = LazyLock::new(|| {
    crate::vocab::VOCAB
        .emotion_cues
        .cues()
        .iter()
        .map(|c| NAMES.iter().position(|n| *n == c.label).unwrap_or(0) as u8)
        .collect()
});

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Scores only, for bulk use.
pub(crate) fn emotion_scores(text: &str) -> Emotions {
    detail(&words(text), text, false).emotions
}

/// Scores only, for a text already split into words.
pub(crate) fn emotion_scores_with_words(text: &str, ws: &[Word]) -> Emotions {
    detail(ws, text, false).emotions
}

/// [`emotion_scores_with_words`] given the text's [`punctuation_runs`], for a caller that
/// needs them too.
pub(crate) fn emotion_scores_with_runs(
    text: &str,
    ws: &[Word],
    runs: &[(usize, usize)],
) -> Emotions {
    match scan_features(ws, text, None) {
        (z, shouted, true) => {
            finish(
                ws,
                text,
                false,
                (z, shouted),
                Vec::new(),
                runs.iter().copied(),
            )
            .emotions
        }
        _ => detail(ws, text, false).emotions,
    }
}

/// Scores and spans.
pub(crate) fn emotions_with_spans(text: &str) -> (Emotions, Vec<Span>) {
    let ws = words(text);
    let d = detail(&ws, text, true);
    let scores = [d.emotions.anger, d.emotions.fear, d.emotions.distress];
    let mut spans = Vec::new();
    for (e, name) in NAMES.iter().enumerate() {
        if scores[e] < SPAN_FLOOR {
            continue;
        }
        let mut mine: Vec<&(usize, usize, usize, f64)> = d
            .contributions
            .iter()
            .filter(|c| c.0 == e && c.3 > 0.0)
            .collect();
        mine.sort_by(|a, b| b.3.total_cmp(&a.3));
        for c in mine.into_iter().take(6) {
            spans.push(span(text, c.1, c.2, name));
        }
    }
    (d.emotions, spans)
}

/// A model feature found in a text: (key, position, weights, first byte, end byte).
type Feature = (u64, usize, [f32; 3], usize, usize);

thread_local! {
    /// Reused feature buffer, so reading many short texts allocates nothing here.
    static FEATURES: std::cell::RefCell<Vec<Feature>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub(crate) fn detail(ws: &[Word], text: &str, keep: bool) -> EmotionDetail {
    // Scores alone, for all but long texts, need no feature buffer: no thread-local here.
    if !keep && let (z, shouted, true) = scan_features(ws, text, None) {
        return finish(
            ws,
            text,
            false,
            (z, shouted),
            Vec::new(),
            punctuation_runs(text),
        );
    }
    FEATURES.with(|cell| match cell.try_borrow_mut() {
        Ok(mut found) => detail_in(ws, text, keep, &mut found),
        // Only reachable if reading ever re-entered itself; fall back to a fresh buffer.
        Err(_) => detail_in(ws, text, keep, &mut Vec::new()),
    })
}

/// Most features (repeats included) [`scan_features`] sums as it goes; the collecting path sorts
/// longer lists by key, which changes the order of the sum.
const STREAM_MAX: usize = 48;

const UNIGRAM: u64 = 1 << 63;

/// The features [`scan_features`] has added so far.
struct Distinct {
    /// The distinct keys, in order.
    keys: [u64; STREAM_MAX],
    kept: usize,
    /// Features seen, repeats included.
    total: usize,
    /// A 64-bit filter of `keys`: a repeat is rare, so the filter spares nearly every scan.
    filter: u64,
}

impl Distinct {
    /// Adds the weights `w` of feature `key` to `z` unless it was added before; false once
    /// more than [`STREAM_MAX`] features have been seen.
    #[inline(always)]
    fn add(&mut self, key: u64, w: &[f32; 3], z: &mut [f64; 3]) -> bool {
        if self.total == STREAM_MAX {
            return false;
        }
        self.total += 1;
        let bit = 1u64 << (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58);
        if self.filter & bit != 0 && self.keys[..self.kept].contains(&key) {
            return true;
        }
        self.filter |= bit;
        self.keys[self.kept] = key;
        self.kept += 1;
        for e in 0..3 {
            z[e] += f64::from(w[e]);
        }
        true
    }
}

/// One pass over the model's features (each word's weights, and each weighted word pair's)
/// and the shouted words (acronyms aside), in one of two ways:
/// - `found` given: the features are pushed to it, repeats included, and `z` is the bias;
/// - `found` none: each distinct feature's weights are added to `z` as it is found, in order
///   of first occurrence, which is the order of the sum over the deduplicated list for up to
///   [`STREAM_MAX`] features, without building that list; past them this stops and says
///   so (false), since there the list is sorted by key, which changes the order of the sum.
///
/// Returns (`z`, shouted words, whether the pass went to the end). One function for both ways,
/// so its look-ups have one call site each and are inlined.
#[inline(never)]
fn scan_features(
    ws: &[Word],
    text: &str,
    mut found: Option<&mut Vec<Feature>>,
) -> ([f64; 3], usize, bool) {
    use crate::vocab::flag::{PAIR_FIRST, PAIR_SECOND, WEIGHTS};
    let vocab = &*VOCAB;
    let mut z = vocab.bias;
    let mut seen = Distinct {
        keys: [0; STREAM_MAX],
        kept: 0,
        total: 0,
        filter: 0,
    };
    // The previous word, if it starts some weighted pair.
    let mut prev: Option<u32> = None;
    let mut shouted = 0usize;
    for (i, w) in ws.iter().enumerate() {
        if w.is_shouted() && !is_acronym(&EMOTION_ACRONYMS, text, w) {
            shouted += 1;
        }
        if w.flags & (WEIGHTS | PAIR_FIRST | PAIR_SECOND) == 0 {
            prev = None;
            continue;
        }
        // The word's flags mirror its entry (a word with flags has an entry), so only the
        // dense weight array is read, not the entry.
        let id = w.id;
        if w.flags & WEIGHTS != 0
            && let Some(v) = vocab.flagged_unigram(id)
        {
            let key = UNIGRAM | u64::from(id);
            match found.as_deref_mut() {
                Some(found) => found.push((key, found.len(), v, w.start, w.end)),
                None if seen.add(key, &v, &mut z) => {}
                None => return (z, shouted, false),
            }
        }
        if w.flags & PAIR_SECOND != 0
            && let Some(p) = prev
            && let Some(v) = vocab.pair(p, id)
        {
            let key = pair_key(p, id);
            match found.as_deref_mut() {
                Some(found) => found.push((key, found.len(), v, ws[i - 1].start, w.end)),
                None if seen.add(key, &v, &mut z) => {}
                None => return (z, shouted, false),
            }
        }
        prev = (w.flags & PAIR_FIRST != 0).then_some(id);
    }
    (z, shouted, true)
}

fn detail_in(ws: &[Word], text: &str, keep: bool, found: &mut Vec<Feature>) -> EmotionDetail {
    let mut contributions = Vec::new();
    let streamed = if keep {
        None
    } else {
        match scan_features(ws, text, None) {
            (z, shouted, true) => Some((z, shouted)),
            _ => None,
        }
    };
    let (z, shouted) = match streamed {
        Some(sums) => sums,
        None => {
            // Binary features: each distinct feature counts once. Collect, then keep the
            // first occurrence of each (sorting keeps this O(n log n) on long texts).
            found.clear();
            let (mut z, shouted, _) = scan_features(ws, text, Some(found));
            if found.len() <= STREAM_MAX {
                dedup_short(found);
            } else {
                found.sort_unstable_by_key(|f| (f.0, f.1));
                found.dedup_by_key(|f| f.0);
            }
            for &(_, _, w, start, end) in found.iter() {
                for e in 0..3 {
                    z[e] += f64::from(w[e]);
                    if keep && w[e] >= SPAN_MIN_WEIGHT {
                        contributions.push((e, start, end, f64::from(w[e])));
                    }
                }
            }
            (z, shouted)
        }
    };
    finish(
        ws,
        text,
        keep,
        (z, shouted),
        contributions,
        punctuation_runs(text),
    )
}

/// [`detail_in`] from the model's logits `z` and the shouted-word count on: the cues, shouting
/// and stacked marks (the text's [`punctuation_runs`], given so they can be shared), then the
/// scores.
fn finish(
    ws: &[Word],
    text: &str,
    keep: bool,
    (mut z, shouted): ([f64; 3], usize),
    mut contributions: Vec<(usize, usize, usize, f64)>,
    runs: impl Iterator<Item = (usize, usize)>,
) -> EmotionDetail {
    let vocab = &*VOCAB;
    let emotion_of = &*CUE_EMOTION;
    for hit in vocab.emotion_cues.hits(ws, vocab) {
        let e = usize::from(emotion_of[hit.index]);
        z[e] += hit.cue.weight;
        if keep {
            contributions.push((e, ws[hit.first].start, ws[hit.last].end, hit.cue.weight));
        }
    }

    // SHOUTING: several words in capitals (acronyms aside) read as raised voice.
    if shouted > 0 {
        let bonus = if shouted >= 2 { 1.0 } else { 0.4 };
        z[0] += bonus;
        if keep {
            for w in ws
                .iter()
                .filter(|w| w.is_shouted() && !is_acronym(&EMOTION_ACRONYMS, text, w))
            {
                contributions.push((0, w.start, w.end, bonus));
            }
        }
    }
    // Stacked "!!" or "?!": raised voice, usually anger in a workplace message.
    let mut marks = 0.0f64;
    for (start, end) in runs {
        let run = &text[start..end];
        let bonus: f64 = if run.contains("?!") || run.contains("!?") {
            0.5
        } else if run.starts_with("!!") {
            0.6
        } else if run.starts_with("???") {
            0.4
        } else {
            continue;
        };
        // Several stacked runs do not add up without limit.
        let bonus = bonus.min(1.0 - marks).max(0.0);
        marks += bonus;
        z[0] += bonus;
        if keep && bonus > 0.0 {
            contributions.push((0, start, end, bonus));
        }
    }

    EmotionDetail {
        emotions: Emotions {
            anger: sigmoid(z[0]),
            fear: sigmoid(z[1]),
            distress: sigmoid(z[2]),
        },
        contributions,
    }
}

/// Drops repeated keys from a short feature list in place, keeping first occurrences (no sort
/// needed). A 64-bit filter of the keys kept so far skips the scan for nearly every new key.
fn dedup_short(found: &mut Vec<Feature>) {
    let mut seen = 0u64;
    let mut kept = 0;
    for k in 0..found.len() {
        let key = found[k].0;
        let bit = 1u64 << (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58);
        if seen & bit != 0 && found[..kept].iter().any(|f| f.0 == key) {
            continue;
        }
        seen |= bit;
        found[kept] = found[k];
        kept += 1;
    }
    found.truncate(kept);
}

/// Byte ranges of runs of two or more of `!` and `?`, in order (an iterator, so a text
/// without any costs no allocation).
pub(crate) fn punctuation_runs(text: &str) -> PunctuationRuns<'_> {
    PunctuationRuns {
        b: text.as_bytes(),
        i: 0,
    }
}

/// The iterator of [`punctuation_runs`].
pub(crate) struct PunctuationRuns<'a> {
    b: &'a [u8],
    i: usize,
}

impl Iterator for PunctuationRuns<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        use crate::swar::{eq64, load8_padded};
        let b = self.b;
        let is_mark = |c: u8| c == b'!' || c == b'?';
        loop {
            // The next mark, eight bytes at a time (bytes past the end read as 0, no mark).
            let mut s = self.i;
            loop {
                if s >= b.len() {
                    self.i = s;
                    return None;
                }
                let x = load8_padded(b, s);
                let m = eq64(x, b'!') | eq64(x, b'?');
                if m != 0 {
                    s += (m.trailing_zeros() / 8) as usize;
                    break;
                }
                s += 8;
            }
            let mut i = s + 1;
            while i < b.len() && is_mark(b[i]) {
                i += 1;
            }
            self.i = i;
            if i - s >= 2 {
                return Some((s, i));
            }
        }
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::reference::{dedup_short_ref, detail_in_ref, punctuation_runs_ref};
    use super::*;

    #[test]
    fn angry_and_anxious_messages() {
        let e = emotion_scores("This is UNACCEPTABLE. You always miss the deadline!!");
        assert!(e.anger >= PRESENT, "{e:?}");
        let e = emotion_scores("I'm really worried we won't make the launch and I'll get fired");
        assert!(e.fear >= PRESENT, "{e:?}");
        let e = emotion_scores("Thanks, the report looks good.");
        assert!(
            e.anger < PRESENT && e.fear < PRESENT && e.distress < PRESENT,
            "{e:?}"
        );
    }

    #[test]
    fn dedup_matches_reference() {
        // Keys from a small range, so repeats are common; lengths up to 48.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 49) as usize;
            let range = 1 + (x >> 8) % 64;
            let mut v: Vec<Feature> = Vec::new();
            let mut y = x;
            for i in 0..n {
                y = y.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let key = ((y >> 33) % range) | if y & 1 == 0 { 1 << 63 } else { 0 };
                v.push((key, i, [i as f32, 0.0, 1.0], i * 3, i * 3 + 2));
            }
            let (mut a, mut b) = (v.clone(), v);
            dedup_short(&mut a);
            dedup_short_ref(&mut b);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn punctuation_runs_match_reference() {
        let mut texts = crate::test_texts::sample_texts();
        texts.extend(["!", "!!", "a?!", "?!?x!!!", "x!y?z", "", "??!!?? ok !"].map(String::from));
        for t in texts {
            let got: Vec<(usize, usize)> = punctuation_runs(&t).collect();
            assert_eq!(got, punctuation_runs_ref(&t), "{t:?}");
        }
    }

    #[test]
    fn acronym_keys_match_the_lists() {
        let mut raws: Vec<String> = crate::test_texts::sample_texts()
            .iter()
            .flat_map(|t| words(t).into_iter().map(|w| t[w.start..w.end].to_string()))
            .collect();
        raws.extend(ACRONYMS.iter().chain(crate::draft::ACRONYMS).flat_map(|a| {
            [
                a.to_string(),
                format!("{a}X"),
                a[1..].to_string(),
                a.to_lowercase(),
            ]
        }));
        for w in &raws {
            // The word alone and inside a longer text, so bytes past it are not zero.
            for t in [w.clone(), format!("{w} AND MORE TEXT")] {
                let ws = words(&t);
                let Some(first) = ws.first().filter(|x| x.start == 0) else {
                    continue;
                };
                let raw = &t[first.start..first.end];
                assert_eq!(
                    is_acronym(&EMOTION_ACRONYMS, &t, first),
                    ACRONYMS.contains(&raw),
                    "{t:?}"
                );
                assert_eq!(
                    is_acronym(&crate::draft::DRAFT_ACRONYMS, &t, first),
                    crate::draft::ACRONYMS.contains(&raw),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn detail_matches_reference() {
        let mut texts = crate::test_texts::sample_texts();
        texts.extend(
            [
                "STOP THIS NOW. FYI the API is DOWN!!",
                "YOU ALWAYS do this?! Worried sick, ASAP",
                "OK OK",
                "I'm afraid I'm so WORRIED and ANGRY",
            ]
            .map(String::from),
        );
        // Past the 48 features of the streaming path, with repeats.
        for n in [20, 24, 25, 30, 60] {
            texts.push("so angry and worried, i hate this ".repeat(n / 5));
            texts.push((0..n).map(|k| format!("word{k} hate ")).collect());
        }
        for t in &texts {
            let ws = words(t);
            for keep in [false, true] {
                let got = detail_in(&ws, t, keep, &mut Vec::new());
                let want = detail_in_ref(&ws, t, keep, &mut Vec::new());
                // Debug prints every bit of an f64 (shortest round-trip, sign of zero).
                assert_eq!(
                    format!("{:?} {:?}", got.emotions, got.contributions),
                    format!("{:?} {:?}", want.emotions, want.contributions),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn spans_point_at_the_words() {
        let t = "Why is this STILL BROKEN?! Your fault, again.";
        let (_, spans) = emotions_with_spans(t);
        assert!(spans.iter().any(|s| s.text == "Your fault"), "{spans:?}");
        for s in spans {
            assert_eq!(&t[s.start..s.end], s.text);
        }
    }
}
