//! VADER's word lists, embedded at compile time and parsed once.
//!
//! `vader_lexicon.txt` and `emoji_utf8_lexicon.txt` are the files shipped with vaderSentiment
//! 3.3.2 (C.J. Hutto, MIT licence; see the crate's NOTICE). The constant tables below are copied
//! from `vaderSentiment.py` of the same release.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::perfect_hash::{FrozenTable, Packed, TableBuilder};

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
#[repr(C, align(4))]
pub(crate) struct WordInfo {
    /// 1 + index into the lexicon's distinct valences ([`Tables::values`]), or 0 when the
    /// word is not in the lexicon.
    lex: u8,
    /// +1 for a booster, -1 for a dampener, 0 otherwise.
    boost: i8,
    /// Whether the word is in `NEGATE`.
    pub negate: bool,
    /// For each word that a rule of `polarity_scores` compares tokens with ("no", "but",
    /// "kind", "the", ...), its own code from [`CODES`]; 0 for every other word. The rules
    /// then compare small integers instead of strings.
    pub code: u8,
}

/// The words the rules compare tokens with, each with its code for [`WordInfo::code`].
pub(crate) mod code {
    pub(crate) const NO: u8 = 1;
    pub(crate) const OR: u8 = 2;
    pub(crate) const NOR: u8 = 3;
    pub(crate) const NEVER: u8 = 4;
    pub(crate) const SO: u8 = 5;
    pub(crate) const THIS: u8 = 6;
    pub(crate) const WITHOUT: u8 = 7;
    pub(crate) const DOUBT: u8 = 8;
    pub(crate) const LEAST: u8 = 9;
    pub(crate) const AT: u8 = 10;
    pub(crate) const VERY: u8 = 11;
    pub(crate) const KIND: u8 = 12;
    pub(crate) const OF: u8 = 13;
    pub(crate) const BUT: u8 = 14;
    pub(crate) const THE: u8 = 15;
    pub(crate) const SHIT: u8 = 16;
    pub(crate) const BOMB: u8 = 17;
    pub(crate) const BAD: u8 = 18;
    pub(crate) const ASS: u8 = 19;
    pub(crate) const BUS: u8 = 20;
    pub(crate) const STOP: u8 = 21;
    pub(crate) const YEAH: u8 = 22;
    pub(crate) const RIGHT: u8 = 23;
    pub(crate) const KISS: u8 = 24;
    pub(crate) const DEATH: u8 = 25;
    pub(crate) const TO: u8 = 26;
    pub(crate) const DIE: u8 = 27;
    pub(crate) const FOR: u8 = 28;
    pub(crate) const BEATING: u8 = 29;
    pub(crate) const HEART: u8 = 30;
    pub(crate) const JUST: u8 = 31;
    pub(crate) const ENOUGH: u8 = 32;
    pub(crate) const SORT: u8 = 33;
}

/// Every word with a [`code`], for the table.
const CODES: &[(&str, u8)] = &[
    ("no", code::NO),
    ("or", code::OR),
    ("nor", code::NOR),
    ("never", code::NEVER),
    ("so", code::SO),
    ("this", code::THIS),
    ("without", code::WITHOUT),
    ("doubt", code::DOUBT),
    ("least", code::LEAST),
    ("at", code::AT),
    ("very", code::VERY),
    ("kind", code::KIND),
    ("of", code::OF),
    ("but", code::BUT),
    ("the", code::THE),
    ("shit", code::SHIT),
    ("bomb", code::BOMB),
    ("bad", code::BAD),
    ("ass", code::ASS),
    ("bus", code::BUS),
    ("stop", code::STOP),
    ("yeah", code::YEAH),
    ("right", code::RIGHT),
    ("kiss", code::KISS),
    ("death", code::DEATH),
    ("to", code::TO),
    ("die", code::DIE),
    ("for", code::FOR),
    ("beating", code::BEATING),
    ("heart", code::HEART),
    ("just", code::JUST),
    ("enough", code::ENOUGH),
    ("sort", code::SORT),
];

impl WordInfo {
    /// The four fields as one integer, for [`super::tokenise::Token`].
    #[inline(always)]
    pub(crate) fn bits(self) -> u32 {
        u32::from_le_bytes([self.lex, self.boost as u8, u8::from(self.negate), self.code])
    }

    /// The inverse of [`WordInfo::bits`].
    #[inline(always)]
    pub(crate) fn from_bits(bits: u32) -> Self {
        let [lex, boost, negate, code] = bits.to_le_bytes();
        WordInfo {
            lex,
            boost: boost as i8,
            negate: negate != 0,
            code,
        }
    }

    /// Valence, if the word is in `vader_lexicon.txt`, given [`Tables::values`].
    #[inline]
    pub(crate) fn lex_in(self, values: &[f64]) -> Option<f64> {
        match self.lex {
            0 => None,
            n => values.get(usize::from(n) - 1).copied(),
        }
    }

    /// Whether the word is in `vader_lexicon.txt`.
    #[inline]
    pub(crate) fn has_lex(self) -> bool {
        self.lex != 0
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

pub(crate) struct Tables {
    words: FrozenTable<WordInfo>,
    values: Vec<f64>,
}

impl Tables {
    /// [`Tables::info`] of a word given ASCII-lower-cased and packed.
    #[inline]
    pub(crate) fn info_packed(&self, key: Packed) -> WordInfo {
        WORDS.get_packed_or(key, NEITHER).0
    }

    /// What VADER knows of a lower-cased word: lexicon, boosters, negations and [`code`]s.
    #[inline]
    pub(crate) fn info(&self, lower: &str) -> WordInfo {
        WORDS.get_or(lower, NEITHER).0
    }

    /// [`Tables::info`], from this table alone (for building [`WORDS`]).
    #[cfg(test)]
    pub(crate) fn own_info(&self, lower: &str) -> WordInfo {
        self.words.get_or(lower, WordInfo::default())
    }

    /// The lexicon's valences, indexed as [`WordInfo::lex_in`] expects.
    #[inline]
    pub(crate) fn values(&self) -> &[f64] {
        &self.values
    }
}

pub(crate) static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut words: TableBuilder<WordInfo> = TableBuilder::with_capacity(7_700);
    let mut values = Vec::with_capacity(128);
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
            // Each distinct valence is stored once: the lexicon's 7,500 words share 73 of
            // them, so the table read for every lexicon word stays in the first-level cache.
            let index = match values
                .iter()
                .position(|v: &f64| v.to_bits() == value.to_bits())
            {
                Some(i) => i,
                None => {
                    values.push(value);
                    values.len() - 1
                }
            };
            // 73 distinct valences; a test checks that they fit.
            words.get_or_insert_with(word, WordInfo::default).lex =
                u8::try_from(index + 1).unwrap_or(0);
        }
    }
    for (word, value) in BOOSTERS {
        words.get_or_insert_with(word, WordInfo::default).boost = if *value > 0.0 { 1 } else { -1 };
    }
    for word in NEGATE {
        words.get_or_insert_with(word, WordInfo::default).negate = true;
    }
    for (word, c) in CODES {
        words.get_or_insert_with(word, WordInfo::default).code = *c;
    }
    Tables {
        words: words.freeze(),
        values,
    }
});

/// What a word is to VADER and to the vocabulary of the other readings, as neither knows it.
pub(crate) const NEITHER: (WordInfo, u32) = (
    WordInfo {
        lex: 0,
        boost: 0,
        negate: false,
        code: 0,
    },
    crate::vocab::UNKNOWN,
);

/// VADER's word table and the vocabulary's ids ([`crate::vocab`]) in one table: a line read
/// by both tokenisers reads the same words, so the second look-up of a word finds its slot
/// in cache.
pub(crate) static WORDS: LazyLock<FrozenTable<(WordInfo, u32)>> = LazyLock::new(|| {
    crate::perfect_hash::merge(
        &TABLES.words,
        crate::vocab::VOCAB.own_table(),
        NEITHER.0,
        NEITHER.1,
    )
});

/// emoji character -> its English description. Only single code points can ever match, since
/// VADER looks emoji up one character at a time; longer sequences are left out.
pub(crate) static EMOJI: LazyLock<FxHashMap<char, &'static str>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
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

/// `SPECIAL_CASES` of vaderSentiment.py over the words' [`code`]s (0, any other word, is in no
/// idiom): idioms containing lexicon words, whose valence replaces the word's. Its one
/// single-word key ("badass") can never equal a joined n-gram, so it is left out. Matched on
/// whole tokens, never substrings.
#[inline]
pub(crate) fn special_case_codes(words: &[u8]) -> Option<f64> {
    use code::*;
    match words {
        [THE, SHIT] | [THE, BOMB] => Some(3.0),
        [BAD, ASS] => Some(1.5),
        [BUS, STOP] => Some(0.0),
        [YEAH, RIGHT] => Some(-2.0),
        [KISS, OF, DEATH] => Some(-1.5),
        [TO, DIE, FOR] => Some(3.0),
        [BEATING, HEART] => Some(3.5),
        _ => None,
    }
}

/// The multi-word keys of `BOOSTER_DICT` ("just enough", "kind of", "sort of") over the words'
/// [`code`]s; single-word keys can never equal a joined n-gram.
#[inline]
pub(crate) fn booster_ngram_codes(words: &[u8]) -> Option<f64> {
    use code::*;
    match words {
        [JUST, ENOUGH] | [KIND, OF] | [SORT, OF] => Some(B_DECR),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valences_fit_a_byte_and_infos_round_trip() {
        assert!(
            TABLES.values.len() < usize::from(u8::MAX),
            "{}",
            TABLES.values.len()
        );
        for w in ["good", "no", "very", "the", "kinda", "not", "zzz"] {
            let info = TABLES.info(w);
            let back = WordInfo::from_bits(info.bits());
            assert_eq!(back.bits(), info.bits(), "{w}");
            assert_eq!(
                (back.lex(), back.boost(), back.negate, back.code),
                (info.lex(), info.boost(), info.negate, info.code)
            );
        }
    }

    #[test]
    fn codes_are_distinct_and_found() {
        for (k, (w, c)) in CODES.iter().enumerate() {
            assert_eq!(TABLES.info(w).code, *c, "{w}");
            assert!(CODES[..k].iter().all(|(_, d)| d != c), "{w}");
            assert_ne!(*c, 0);
        }
        assert_eq!(TABLES.info("kinda").code, 0);
    }

    #[test]
    fn merged_table_agrees_with_both_tables() {
        let vocab = &*crate::vocab::VOCAB;
        let words = LEXICON_TXT
            .lines()
            .filter_map(|l| l.split('\t').next())
            .chain(
                crate::emotions::WEIGHTS_TSV
                    .lines()
                    .flat_map(|l| l.split('\t').next().unwrap_or("").split(' ')),
            )
            .chain([
                "no-such-word",
                "x",
                "",
                "the",
                "a\u{0}",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ]);
        for w in words {
            let lower = w.to_lowercase();
            assert_eq!(
                format!("{:?}", TABLES.info(&lower)),
                format!("{:?}", TABLES.own_info(&lower)),
                "{w}"
            );
            assert_eq!(vocab.id_of(&lower), vocab.own_id_of(&lower), "{w}");
        }
    }
}
