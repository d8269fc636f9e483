//! VADER's word lists, embedded at compile time and parsed once.
//!
//! `vader_lexicon.txt` and `emoji_utf8_lexicon.txt` are the files shipped with vaderSentiment
//! 3.3.2 (C.J. Hutto, MIT licence; see the crate's NOTICE). The constant tables below are copied
//! from `vaderSentiment.py` of the same release.

use std::sync::LazyLock;

use crate::fasthash::{FxMap, StrTable};

const LEXICON_TXT: &str = include_str!("../../data/vader_lexicon.txt");
const EMOJI_TXT: &str = include_str!("../../data/emoji_utf8_lexicon.txt");

/// Empirically derived mean rating increase for booster words.
pub(crate) const B_INCR: f64 = 0.293;
pub(crate) const B_DECR: f64 = -0.293;
/// Rating increase for an ALL-CAPS word among mixed-case words.
pub(crate) const C_INCR: f64 = 0.733;
/// Multiplier applied to a negated word.
pub(crate) const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerable", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("effing", B_INCR),
    ("enormous", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptional", B_INCR),
    ("exceptionally", B_INCR),
    ("extreme", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("flipping", B_INCR),
    ("flippin", B_INCR),
    ("frackin", B_INCR),
    ("fracking", B_INCR),
    ("fricking", B_INCR),
    ("frickin", B_INCR),
    ("frigging", B_INCR),
    ("friggin", B_INCR),
    ("fully", B_INCR),
    ("fuckin", B_INCR),
    ("fucking", B_INCR),
    ("fuggin", B_INCR),
    ("fugging", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredible", B_INCR),
    ("incredibly", B_INCR),
    ("intensely", B_INCR),
    ("major", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("thoroughly", B_INCR),
    ("total", B_INCR),
    ("totally", B_INCR),
    ("tremendous", B_INCR),
    ("tremendously", B_INCR),
    ("uber", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utter", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("hardly", B_DECR),
    ("just enough", B_DECR),
    ("kind of", B_DECR),
    ("kinda", B_DECR),
    ("kindof", B_DECR),
    ("kind-of", B_DECR),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginal", B_DECR),
    ("marginally", B_DECR),
    ("occasional", B_DECR),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("scarce", B_DECR),
    ("scarcely", B_DECR),
    ("slight", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sort of", B_DECR),
    ("sorta", B_DECR),
    ("sortof", B_DECR),
    ("sort-of", B_DECR),
];

/// What VADER knows about one lower-cased word, gathered into one table so a token costs a
/// single hash look-up. Four bytes, so the table stays small enough to live in cache.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// 1 + index into [`LEX_VALUES`], or 0 when the word is not in the lexicon.
    lex: u16,
    /// +1 for a booster, -1 for a dampener, 0 otherwise.
    boost: i8,
    /// Whether the word is in `NEGATE`.
    pub negate: bool,
    /// [`KIND`], [`OF`] or [`BUT`] for those words (checked at every token), else 0.
    pub special: u8,
}

/// Values of [`WordInfo::special`].
pub(crate) const KIND: u8 = 1;
pub(crate) const OF: u8 = 2;
pub(crate) const BUT: u8 = 3;

impl WordInfo {
    /// Valence, if the word is in `vader_lexicon.txt`.
    #[inline]
    pub(crate) fn lex(self) -> Option<f64> {
        match self.lex {
            0 => None,
            n => TABLES.values.get(usize::from(n) - 1).copied(),
        }
    }

    /// Increment, if the word is a booster or dampener.
    #[inline]
    pub(crate) fn boost(self) -> Option<f64> {
        match self.boost {
            0 => None,
            b if b > 0 => Some(B_INCR),
            _ => Some(B_DECR),
        }
    }
}

struct Tables {
    words: StrTable<WordInfo>,
    values: Vec<f64>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut words: StrTable<WordInfo> = StrTable::with_capacity(7_700);
    let mut values = Vec::with_capacity(7_600);
    // Mirrors make_lex_dict: skip empty lines, strip, first two tab fields; a later duplicate
    // wins, as with Python's dict assignment.
    for line in LEXICON_TXT.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.trim_matches(super::pystr::is_py_space).split('\t');
        if let (Some(word), Some(measure)) = (fields.next(), fields.next())
            && let Ok(value) = measure.parse::<f64>()
        {
            values.push(value);
            // The lexicon has about 7,500 words, well under u16::MAX.
            words.entry_or_default(word).lex = u16::try_from(values.len()).unwrap_or(0);
        }
    }
    for (word, value) in BOOSTERS {
        words.entry_or_default(word).boost = if *value > 0.0 { 1 } else { -1 };
    }
    for word in NEGATE {
        words.entry_or_default(word).negate = true;
    }
    for (word, code) in [("kind", KIND), ("of", OF), ("but", BUT)] {
        words.entry_or_default(word).special = code;
    }
    Tables { words, values }
});

/// lexicon ∪ boosters ∪ negations, keyed by the lower-cased word.
#[inline]
pub(crate) fn word_info(lower: &str) -> WordInfo {
    TABLES.words.get(lower).copied().unwrap_or_default()
}

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

/// `SPECIAL_CASES` of vaderSentiment.py: idioms containing lexicon words, whose valence
/// replaces the word's. Its one single-word key ("badass") can never equal a joined n-gram, so
/// it is left out. Matched on whole tokens, never substrings.
#[inline]
pub(crate) fn special_case(words: &[&str]) -> Option<f64> {
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
#[inline]
pub(crate) fn booster_ngram(words: &[&str]) -> Option<f64> {
    match words {
        ["just", "enough"] | ["kind", "of"] | ["sort", "of"] => Some(B_DECR),
        _ => None,
    }
}

/// VADER's `negated([word])` for one lower-cased word.
#[inline]
pub(crate) fn negated(lower: &str, info: WordInfo) -> bool {
    info.negate || lower.contains("n't")
}
