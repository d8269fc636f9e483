//! The word-pair table and filter [`super::Vocab`] had before [`super::PackedPairs`], for the
//! tests to compare the packed ones with.

use rustc_hash::FxHashMap;

use crate::perfect_hash::Phf;

use super::{Vocab, flag, pair_hash, pair_key};

/// The word-pair weights as they were stored before, and their filter.
pub(super) struct Pairs {
    table: PairTable,
    /// A two-bit Bloom filter of the pair keys (32 KiB).
    bits: Vec<u64>,
}

impl Pairs {
    pub(super) fn new(pairs: &FxHashMap<u64, [f32; 3]>) -> Self {
        let mut bits = vec![0u64; (1 << PAIR_BITS_LOG2) / 64];
        for &key in pairs.keys() {
            let (x, y) = pair_bit_indices(key);
            bits[x / 64] |= 1 << (x % 64);
            bits[y / 64] |= 1 << (y % 64);
        }
        Self {
            table: PairTable::new(pairs),
            bits,
        }
    }
}

/// The emotion model's word-pair weights on a [`Phf`]: 16-byte slots (both ids in 16 bits
/// each, then the three weights), about 85 % full, so the table is a third of a `HashMap`'s
/// size and a look-up is one slot read.
struct PairTable {
    phf: Phf,
    /// (key as [`short_pair`], weights); unused slots hold `u32::MAX`, no pair's key.
    slots: Vec<(u32, [f32; 3])>,
}

/// A pair key in 32 bits (every id is below 0xffff, see [`Vocab`]'s build); `u32::MAX` if not.
fn short_pair(key: u64) -> u32 {
    let (a, b) = (key >> 32, key & 0xffff_ffff);
    if a >= 0xffff || b >= 0xffff {
        return u32::MAX;
    }
    ((a << 16) | b) as u32
}

impl PairTable {
    fn new(pairs: &FxHashMap<u64, [f32; 3]>) -> Self {
        let mut list: Vec<(u32, [f32; 3])> =
            pairs.iter().map(|(&k, &w)| (short_pair(k), w)).collect();
        list.sort_by_key(|p| p.0);
        let hashes: Vec<u64> = list.iter().map(|p| pair_hash(p.0)).collect();
        let (phf, slot_of) = Phf::build(&hashes);
        let mut slots = vec![(u32::MAX, [0.0; 3]); phf.slots()];
        for (p, &i) in list.iter().zip(&slot_of) {
            slots[i] = *p;
        }
        Self { phf, slots }
    }

    fn get(&self, key: u64) -> Option<&[f32; 3]> {
        let key = short_pair(key);
        let (k, w) = &self.slots[self.phf.slot(pair_hash(key))];
        (*k == key && key != u32::MAX).then_some(w)
    }
}

/// log2 of the number of bits of [`Pairs::bits`].
const PAIR_BITS_LOG2: u32 = 18;

/// The two bits of [`Pairs::bits`] for a pair key.
fn pair_bit_indices(key: u64) -> (usize, usize) {
    let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (key >> 29);
    let h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (
        (h >> (64 - PAIR_BITS_LOG2)) as usize,
        ((h >> 8) & ((1 << PAIR_BITS_LOG2) - 1)) as usize,
    )
}

impl Vocab {
    /// [`Vocab::pair`] as it was, on 16-byte slots, for comparing with it.
    pub(crate) fn pair_ref(&self, a: u32, b: u32) -> Option<[f32; 3]> {
        let key = pair_key(a, b);
        let (x, y) = pair_bit_indices(key);
        let bits = &self.reference.bits;
        let bit = |i: usize| bits[i / 64] >> (i % 64) & 1;
        if bit(x) & bit(y) == 0 {
            return None;
        }
        self.reference.table.get(key).copied()
    }

    /// The unigram weights of word `id`, if it has any (the flags read again).
    pub(crate) fn unigram(&self, id: u32) -> Option<[f32; 3]> {
        if self.flags_of(id) & flag::WEIGHTS == 0 {
            return None;
        }
        self.unigrams.get(id as usize).copied()
    }

    /// How many pairs of ids below `n` the reference table holds.
    pub(super) fn pairs_below_ref(&self, n: u32) -> usize {
        self.reference
            .table
            .slots
            .iter()
            .filter(|p| p.0 != u32::MAX && p.0 >> 16 < n && p.0 & 0xffff < n)
            .count()
    }
}
