//! The shared vocabulary of the word-level readings (emotions, harshness, kindness).
//!
//! One table holds every word the emotion model or a cue phrase knows. The tokeniser looks
//! each word up once and keeps its id; the model's weights, its word pairs (keyed by two ids)
//! and the phrase tables (compiled to ids, with each entry pointing at the phrases it starts)
//! then need no further string hashing or comparison. Built once, on first use.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::perfect_hash::{FrozenTable, Packed, Phf, TableBuilder};
use crate::phrases::PhraseTable;

/// Id of a word the vocabulary does not know.
pub(crate) const UNKNOWN: u32 = u32::MAX;

/// Phrase-table slots in [`Entry::first`].
pub(crate) const EMOTION_CUES: usize = 0;
pub(crate) const DRAFT_CUES: usize = 1;

/// What the readings know about one word.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Entry {
    /// The emotion model's unigram weights (anger, fear, distress), if it has any.
    pub weights: Option<[f32; 3]>,
    /// Per phrase table: 1 + index of the list of phrases that start with this word, or 0.
    first: [u32; 2],
    /// Whether the word is the first / the second word of some weighted word pair, so the
    /// pair table is only consulted for pairs that can be in it.
    pub pair_first: bool,
    pub pair_second: bool,
}

/// Bits of [`Vocab::flags_of`]: what a word takes part in, one byte per id, so the passes
/// over a text skip the words that matter to none of them without touching their [`Entry`].
pub(crate) mod flag {
    /// The word has unigram weights.
    pub(crate) const WEIGHTS: u8 = 1;
    pub(crate) const PAIR_FIRST: u8 = 2;
    pub(crate) const PAIR_SECOND: u8 = 4;
    /// The word starts a phrase of the phrase table in slot 0 / slot 1.
    pub(crate) const FIRST_SLOT0: u8 = 8;
    pub(crate) const FIRST_SLOT1: u8 = 16;
    /// The word can open a person label of the draft cues ("you", "you're", ...; see
    /// `crate::draft::label_openers`).
    pub(crate) const LABEL_OPENER: u8 = 32;
}

pub(crate) struct Vocab {
    /// Word -> id.
    ids: FrozenTable<u32>,
    /// Per id: [`flag`] bits.
    flags: Vec<u8>,
    /// Per id: the unigram weights (zeros for a word without; see [`flag::WEIGHTS`]), dense
    /// so the emotion model's pass reads 12 bytes a word rather than a whole [`Entry`].
    unigrams: Vec<[f32; 3]>,
    /// Per id: what the readings know about the word.
    entries: Vec<Entry>,
    /// The emotion model's biases (anger, fear, distress).
    pub bias: [f64; 3],
    /// The emotion model's bigram weights, keyed by [`pair_key`].
    pairs: PackedPairs,
    /// The bigram weights as they were stored before [`PackedPairs`], for comparing with them.
    #[cfg(test)]
    reference: reference::Pairs,
    /// A blocked Bloom filter of the keys of `pairs`: two bits in one `u64` per key, 16 KiB.
    /// A third of the word pairs of a text that reach it are not in the model, and this
    /// answers nearly all of those without a read in `pairs`, with one read of a table small
    /// enough to stay in the first-level cache.
    pair_filter: Vec<u64>,
    pub emotion_cues: PhraseTable,
    pub draft_cues: PhraseTable,
}

/// The emotion model's word-pair weights on a [`Phf`], each pair in one `u64`: both ids in
/// [`PAIR_ID_BITS`] bits each, then the three weights as signed thousandths in 12 bits each
/// (the weight file has three decimals, and no pair weight reaches 2.048), about 85 % full,
/// so that as much of it as can stays in cache: two thirds of the pairs that pass the flags
/// test are in the model, so the slot is read, and its weights used, for most look-ups.
struct PackedPairs {
    phf: Phf,
    /// Pairs as [`PackedPairs::pack`]s them; unused slots hold [`NO_PAIR`], no pair's key.
    slots: Vec<u64>,
}

/// Bits of a word id in a [`PackedPairs`] key (the build checks that the ids of pair words fit).
const PAIR_ID_BITS: u32 = 14;
/// Bits of a [`PackedPairs`] key, below the weights.
const PAIR_KEY_BITS: u32 = 2 * PAIR_ID_BITS;
/// Bits of one weight in a [`PackedPairs`] slot.
const PAIR_WEIGHT_BITS: u32 = 12;
/// The key of an unused slot: both ids all ones, which no pair word has.
const NO_PAIR: u64 = (1 << PAIR_KEY_BITS) - 1;

impl PackedPairs {
    fn new(pairs: &FxHashMap<u64, [f32; 3]>) -> Self {
        let mut list: Vec<(u64, [f32; 3])> = pairs
            .iter()
            .map(|(&k, &w)| {
                let key = Self::key(k).expect("pair word ids fit in PAIR_ID_BITS bits");
                (key, w)
            })
            .collect();
        list.sort_by_key(|p| p.0);
        let hashes: Vec<u64> = list.iter().map(|p| pair_hash(p.0 as u32)).collect();
        let (phf, slot_of) = Phf::build(&hashes);
        let mut slots = vec![NO_PAIR; phf.slots()];
        for (&(key, w), &i) in list.iter().zip(&slot_of) {
            slots[i] = Self::pack(key, w);
        }
        Self { phf, slots }
    }

    /// A [`pair_key`] in [`PAIR_KEY_BITS`] bits, if both ids fit (every pair word's do).
    #[inline(always)]
    fn key(key: u64) -> Option<u64> {
        let (a, b) = (key >> 32, key & 0xffff_ffff);
        let max = (1 << PAIR_ID_BITS) - 1;
        (a < max && b < max).then_some(a << PAIR_ID_BITS | b)
    }

    /// A slot: the key, then each weight as signed thousandths, checked to read back exactly.
    fn pack(key: u64, w: [f32; 3]) -> u64 {
        let mut slot = key;
        for (e, &x) in w.iter().enumerate() {
            let k = (f64::from(x) * 1000.0).round() as i64;
            let bits = (k as u64) & ((1 << PAIR_WEIGHT_BITS) - 1);
            slot |= bits << (PAIR_KEY_BITS + PAIR_WEIGHT_BITS * e as u32);
        }
        assert_eq!(
            Self::weights(slot).map(f32::to_bits),
            w.map(f32::to_bits),
            "pair weights are thousandths below 2.048"
        );
        slot
    }

    /// The weights of a slot: each the `f32` of the weight file's decimal (the product below
    /// differs from the exact quotient by at most an `f64` ulp, and [`PackedPairs::pack`]
    /// checks that it rounds to the same `f32` for every weight).
    #[inline(always)]
    fn weights(slot: u64) -> [f32; 3] {
        let top = 64 - PAIR_WEIGHT_BITS;
        let w = |e: u32| {
            let k = ((slot << (top - PAIR_KEY_BITS - PAIR_WEIGHT_BITS * e)) as i64) >> top;
            (k as f64 * 0.001) as f32
        };
        [w(0), w(1), w(2)]
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<[f32; 3]> {
        let key = Self::key(key)?;
        let slot = self.slots[self.phf.slot(pair_hash(key as u32))];
        (slot & NO_PAIR == key).then(|| Self::weights(slot))
    }
}

#[inline]
fn pair_hash(key: u32) -> u64 {
    let h = u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// log2 of the number of words of [`Vocab::pair_filter`].
const PAIR_FILTER_LOG2: u32 = 11;

/// The word of [`Vocab::pair_filter`] for a pair key, and its two bits there.
#[inline(always)]
fn pair_filter_bits(key: u64) -> (usize, u64) {
    let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (key >> 29);
    let h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (
        (h >> (64 - PAIR_FILTER_LOG2)) as usize,
        (1 << (h & 63)) | (1 << ((h >> 6) & 63)),
    )
}

/// Key of the word pair (a, b) in [`Vocab::pairs`].
#[inline]
pub(crate) fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Vocab {
    /// The id of a lower-cased word, or [`UNKNOWN`].
    #[inline]
    pub(crate) fn id_of(&self, lower: &str) -> u32 {
        crate::vader::WORDS.get_or(lower, crate::vader::NEITHER).1
    }

    /// [`Vocab::id_of`] from this table alone (for checking the merged table).
    #[cfg(test)]
    pub(crate) fn own_id_of(&self, lower: &str) -> u32 {
        self.ids.get_or(lower, UNKNOWN)
    }

    /// The word -> id table, for merging with VADER's ([`crate::vader::WORDS`]).
    pub(crate) fn own_table(&self) -> &FrozenTable<u32> {
        &self.ids
    }

    /// The id of a word given packed and lower-cased, or [`UNKNOWN`].
    #[inline]
    pub(crate) fn id_of_packed(&self, key: Packed) -> u32 {
        crate::vader::WORDS
            .get_packed_or(key, crate::vader::NEITHER)
            .1
    }

    #[inline]
    pub(crate) fn entry(&self, id: u32) -> Option<&Entry> {
        // UNKNOWN (u32::MAX) is past the end.
        self.entries.get(id as usize)
    }

    /// The emotion model's weights of the word pair (a, b), if it has any.
    #[inline(always)]
    pub(crate) fn pair(&self, a: u32, b: u32) -> Option<[f32; 3]> {
        let key = pair_key(a, b);
        let (word, bits) = pair_filter_bits(key);
        if self.pair_filter[word] & bits != bits {
            return None;
        }
        self.pairs.get(key)
    }

    /// The unigram weights of a word whose [`flag::WEIGHTS`] is set (a [`crate::tokens::Word`]
    /// carries its flags, so they need not be read again): `None` only for an id outside the
    /// vocabulary.
    #[inline]
    pub(crate) fn flagged_unigram(&self, id: u32) -> Option<[f32; 3]> {
        self.unigrams.get(id as usize).copied()
    }

    /// The [`flag`] bits of word `id` (0 for [`UNKNOWN`]).
    #[inline]
    pub(crate) fn flags_of(&self, id: u32) -> u8 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    /// The list of phrases of table `slot` that start with word `id`.
    #[inline]
    pub(crate) fn first_list(&self, id: u32, slot: usize) -> Option<usize> {
        match self.entry(id)?.first[slot] {
            0 => None,
            k => Some(k as usize - 1),
        }
    }
}

/// The word table while it is being built.
struct Builder {
    ids: TableBuilder<u32>,
    entries: Vec<Entry>,
}

impl Builder {
    fn intern(&mut self, w: &'static str) -> u32 {
        let next = self.entries.len() as u32;
        let id = *self.ids.get_or_insert_with(w, || next);
        if id == next {
            self.entries.push(Entry::default());
        }
        id
    }
}

pub(crate) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let mut words = Builder {
        ids: TableBuilder::with_capacity(8_192),
        entries: Vec::with_capacity(8_192),
    };
    let mut bias = [0.0; 3];
    let mut pairs = FxHashMap::default();
    for line in crate::emotions::WEIGHTS_TSV.lines() {
        if line.starts_with('#') || line.starts_with("feature\t") {
            continue;
        }
        let mut fields = line.split('\t');
        let Some(feature) = fields.next() else {
            continue;
        };
        let mut w = [0.0f64; 3];
        for slot in &mut w {
            *slot = fields.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
        }
        let w32 = w.map(|x| x as f32);
        if feature == "__bias__" {
            bias = w;
        } else if let Some((a, b)) = feature.split_once(' ') {
            let (ia, ib) = (words.intern(a), words.intern(b));
            if let Some(e) = words.entries.get_mut(ia as usize) {
                e.pair_first = true;
            }
            if let Some(e) = words.entries.get_mut(ib as usize) {
                e.pair_second = true;
            }
            pairs.insert(pair_key(ia, ib), w32);
        } else {
            let id = words.intern(feature);
            if let Some(e) = words.entries.get_mut(id as usize) {
                e.weights = Some(w32);
            }
        }
    }
    // The draft's word lists ("lazy", "please", ...) are compared by id too.
    for w in crate::draft::word_lists() {
        words.intern(w);
    }
    let (emotion_cues, starts) =
        PhraseTable::new(&crate::emotions::cue_list(), false, EMOTION_CUES, |w| {
            words.intern(w)
        });
    set_first(&mut words.entries, &starts, EMOTION_CUES);
    let (draft_cues, starts) = PhraseTable::new(&crate::draft::cue_list(), true, DRAFT_CUES, |w| {
        words.intern(w)
    });
    set_first(&mut words.entries, &starts, DRAFT_CUES);
    let openers: Vec<u32> = crate::draft::label_openers()
        .map(|w| words.intern(w))
        .collect();
    let mut flags: Vec<u8> = words
        .entries
        .iter()
        .map(|e| {
            let bit = |b: bool, f: u8| if b { f } else { 0 };
            bit(e.weights.is_some(), flag::WEIGHTS)
                | bit(e.pair_first, flag::PAIR_FIRST)
                | bit(e.pair_second, flag::PAIR_SECOND)
                | bit(e.first[0] != 0, flag::FIRST_SLOT0)
                | bit(e.first[1] != 0, flag::FIRST_SLOT1)
        })
        .collect();
    for id in openers {
        flags[id as usize] |= flag::LABEL_OPENER;
    }
    let mut pair_filter = vec![0u64; 1 << PAIR_FILTER_LOG2];
    for &key in pairs.keys() {
        let (word, bits) = pair_filter_bits(key);
        pair_filter[word] |= bits;
    }
    // Pair keys are packed into 32 bits.
    assert!(
        words.entries.len() < 0xffff,
        "vocabulary ids must fit in 16 bits"
    );
    let unigrams = words
        .entries
        .iter()
        .map(|e| e.weights.unwrap_or_default())
        .collect();
    Vocab {
        ids: words.ids.freeze(),
        flags,
        unigrams,
        pair_filter,
        entries: words.entries,
        bias,
        pairs: PackedPairs::new(&pairs),
        #[cfg(test)]
        reference: reference::Pairs::new(&pairs),
        emotion_cues,
        draft_cues,
    }
});

fn set_first(entries: &mut [Entry], starts: &[u32], slot: usize) {
    for (k, &id) in starts.iter().enumerate() {
        if let Some(e) = entries.get_mut(id as usize) {
            e.first[slot] = k as u32 + 1;
        }
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_and_cue_word_has_an_id() {
        let v = &*VOCAB;
        for w in crate::draft::word_lists() {
            assert_ne!(v.id_of(w), UNKNOWN, "{w}");
        }
        for cue in crate::draft::cue_list()
            .iter()
            .chain(&crate::emotions::cue_list())
        {
            for w in cue.phrase.split(' ').filter(|w| *w != "*") {
                assert_ne!(v.id_of(w), UNKNOWN, "{w} in {}", cue.phrase);
            }
        }
        assert_eq!(v.id_of("no-such-word-here"), UNKNOWN);
        // The filter never hides a pair.
        for id in 0..v.entries.len() as u32 + 2 {
            assert_eq!(v.unigram(id), v.entry(id).and_then(|e| e.weights), "{id}");
            if v.flags_of(id) & flag::WEIGHTS != 0 {
                assert_eq!(v.flagged_unigram(id), v.unigram(id), "{id}");
            }
            let e = v.entry(id).copied().unwrap_or_default();
            assert_eq!(v.flags_of(id) & flag::PAIR_FIRST != 0, e.pair_first);
            assert_eq!(v.flags_of(id) & flag::PAIR_SECOND != 0, e.pair_second);
        }
        // Every pair of the weight file is found with its weights, through the filter.
        let mut n = 0;
        for line in crate::emotions::WEIGHTS_TSV.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let Some((a, b)) = fields.next().and_then(|f| f.split_once(' ')) else {
                continue;
            };
            let w: Vec<f32> = fields
                .take(3)
                .map(|x| x.parse::<f64>().map_or(0.0, |x| x as f32))
                .collect();
            assert_eq!(
                v.pair(v.id_of(a), v.id_of(b)).map(|w| w.to_vec()),
                Some(w.clone())
            );
            assert_eq!(
                v.pair_ref(v.id_of(a), v.id_of(b)).map(|w| w.to_vec()),
                Some(w)
            );
            n += 1;
        }
        assert!(n > 17_000);
        // Pairs outside the model are not found.
        let mut found = 0;
        for a in 0..400 {
            for b in 0..400 {
                found += usize::from(v.pair(a, b).is_some());
            }
        }
        assert_eq!(found, v.pairs_below_ref(400));
        assert_eq!(v.pair(UNKNOWN, 1), None);
        assert_eq!(v.pair(1, UNKNOWN), None);
    }

    #[test]
    fn packed_pairs_match_the_reference() {
        let v = &*VOCAB;
        let n = v.entries.len() as u32;
        let ids = |f: u8| (0..n).filter(move |&a| v.flags_of(a) & f != 0);
        let bits = |w: Option<[f32; 3]>| w.map(|w| w.map(f32::to_bits));
        // Every word pair the emotion model's pass can look up, and ids past them.
        for a in ids(flag::PAIR_FIRST) {
            for b in ids(flag::PAIR_SECOND).chain([n, 0x3ffe, 0x3fff, 0xfffe, UNKNOWN]) {
                assert_eq!(bits(v.pair(a, b)), bits(v.pair_ref(a, b)), "{a} {b}");
                assert_eq!(bits(v.pair(b, a)), bits(v.pair_ref(b, a)), "{b} {a}");
            }
        }
    }
}
