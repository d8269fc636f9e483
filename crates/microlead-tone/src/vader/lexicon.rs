//! VADER's word lists, embedded at compile time and parsed once.
//!
//! `vader_lexicon.txt` and `emoji_utf8_lexicon.txt` are the files shipped with vaderSentiment
//! 3.3.2 (C.J. Hutto, MIT licence; see the crate's NOTICE). The constant tables below are copied
//! from `vaderSentiment.py` of the same release.

use std::sync::LazyLock;

use crate::fasthash::FxMap;

const LEXICON_TXT: &str = include_str!("../../data/vader_lexicon.txt");
const EMOJI_TXT: &str = include_str!("../../data/emoji_utf8_lexicon.txt");

/// Empirically derived mean rating increase for booster words.
pub(crate) const B_INCR: f64 = 0.293;
pub(crate) const B_DECR: f64 = -0.293;
/// Rating increase for an ALL-CAPS word among mixed-case words.
pub(crate) const C_INCR: f64 = 0.733;
/// Multiplier applied to a negated word.
pub(crate) const N_SCALAR: f64 = -0.74;

pub(crate) const NEGATE: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't",
    "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent",
    "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
    "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing",
    "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't",
    "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't",
    "rarely", "seldom", "despite",
];

const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR), ("amazingly", B_INCR), ("awfully", B_INCR), ("completely", B_INCR),
    ("considerable", B_INCR), ("considerably", B_INCR), ("decidedly", B_INCR), ("deeply", B_INCR),
    ("effing", B_INCR), ("enormous", B_INCR), ("enormously", B_INCR), ("entirely", B_INCR),
    ("especially", B_INCR), ("exceptional", B_INCR), ("exceptionally", B_INCR),
    ("extreme", B_INCR), ("extremely", B_INCR), ("fabulously", B_INCR), ("flipping", B_INCR),
    ("flippin", B_INCR), ("frackin", B_INCR), ("fracking", B_INCR), ("fricking", B_INCR),
    ("frickin", B_INCR), ("frigging", B_INCR), ("friggin", B_INCR), ("fully", B_INCR),
    ("fuckin", B_INCR), ("fucking", B_INCR), ("fuggin", B_INCR), ("fugging", B_INCR),
    ("greatly", B_INCR), ("hella", B_INCR), ("highly", B_INCR), ("hugely", B_INCR),
    ("incredible", B_INCR), ("incredibly", B_INCR), ("intensely", B_INCR), ("major", B_INCR),
    ("majorly", B_INCR), ("more", B_INCR), ("most", B_INCR), ("particularly", B_INCR),
    ("purely", B_INCR), ("quite", B_INCR), ("really", B_INCR), ("remarkably", B_INCR),
    ("so", B_INCR), ("substantially", B_INCR), ("thoroughly", B_INCR), ("total", B_INCR),
    ("totally", B_INCR), ("tremendous", B_INCR), ("tremendously", B_INCR), ("uber", B_INCR),
    ("unbelievably", B_INCR), ("unusually", B_INCR), ("utter", B_INCR), ("utterly", B_INCR),
    ("very", B_INCR), ("almost", B_DECR), ("barely", B_DECR), ("hardly", B_DECR),
    ("just enough", B_DECR), ("kind of", B_DECR), ("kinda", B_DECR), ("kindof", B_DECR),
    ("kind-of", B_DECR), ("less", B_DECR), ("little", B_DECR), ("marginal", B_DECR),
    ("marginally", B_DECR), ("occasional", B_DECR), ("occasionally", B_DECR), ("partly", B_DECR),
    ("scarce", B_DECR), ("scarcely", B_DECR), ("slight", B_DECR), ("slightly", B_DECR),
    ("somewhat", B_DECR), ("sort of", B_DECR), ("sorta", B_DECR), ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

/// Idioms and phrases containing lexicon words, whose valence replaces the word's.
pub(crate) const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0), ("the bomb", 3.0), ("bad ass", 1.5), ("badass", 1.5), ("bus stop", 0.0),
    ("yeah right", -2.0), ("kiss of death", -1.5), ("to die for", 3.0), ("beating heart", 3.5),
];

/// word (as Python's `str.lower()` gives it) -> valence.
pub(crate) static LEXICON: LazyLock<FxMap<&'static str, f64>> = LazyLock::new(|| {
    let mut map = FxMap::default();
    // Mirrors make_lex_dict: skip empty lines, strip, first two tab fields.
    for line in LEXICON_TXT.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.trim_matches(super::pystr::is_py_space).split('\t');
        if let (Some(word), Some(measure)) = (fields.next(), fields.next())
            && let Ok(value) = measure.parse::<f64>()
        {
            map.insert(word, value);
        }
    }
    map
});

pub(crate) static BOOSTER: LazyLock<FxMap<&'static str, f64>> =
    LazyLock::new(|| BOOSTERS.iter().copied().collect());

/// emoji character -> its English description. Only single code points can ever match, since
/// VADER looks emoji up one character at a time; longer sequences are left out.
pub(crate) static EMOJI: LazyLock<FxMap<char, &'static str>> = LazyLock::new(|| {
    let mut map = FxMap::default();
    for line in EMOJI_TXT.trim_end_matches('\n').split('\n') {
        let mut fields = line.trim_matches(super::pystr::is_py_space).split('\t');
        if let (Some(emoji), Some(description)) = (fields.next(), fields.next()) {
            let mut chars = emoji.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                map.insert(c, description);
            }
        }
    }
    map
});

/// Phrase tables are tiny, so a linear scan of pre-split keys beats building joined strings.
pub(crate) fn special_case(words: &[&str]) -> Option<f64> {
    SPECIAL_CASES
        .iter()
        .find(|(key, _)| key_matches(key, words))
        .map(|&(_, v)| v)
}

/// A multi-word booster such as "kind of" (single words never match a joined n-gram).
pub(crate) fn booster_ngram(words: &[&str]) -> Option<f64> {
    BOOSTERS
        .iter()
        .find(|(key, _)| key.contains(' ') && key_matches(key, words))
        .map(|&(_, v)| v)
}

/// Whether `"{w0} {w1} ..."` equals `key`, without allocating the joined string.
fn key_matches(key: &str, words: &[&str]) -> bool {
    let mut rest = key;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            match rest.strip_prefix(' ') {
                Some(r) => rest = r,
                None => return false,
            }
        }
        match rest.strip_prefix(w) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// VADER's `negated([word])` for one lower-cased word.
#[inline]
pub(crate) fn negated(lower: &str) -> bool {
    NEGATE.contains(&lower) || lower.contains("n't")
}
