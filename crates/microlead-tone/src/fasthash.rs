//! A small, fast, deterministic hasher for the engine's static tables.
//!
//! Why not the std `RandomState`: SipHash costs more than the rest of a lexicon look-up, and
//! the tables here hold fixed, trusted keys (no HashDoS exposure: attackers cannot add keys).
//! This is the multiply-rotate scheme of rustc's FxHasher, written out to avoid a dependency.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fmix(self.hash)
    }
}

/// A `HashMap` keyed with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The hash [`StrTable`] uses: FxHash's mixing over 8-byte little-endian chunks.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(SEED);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(SEED);
    }
    fmix(h)
}

/// A multiply's low bits depend only on its inputs' low bits (a word's first bytes), and both
/// tables index slots by the low bits, so the hash is finished with murmur3's avalanche step.
#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A read-mostly string-keyed table for the hot look-ups (one per word of every text).
///
/// Why not `HashMap<&str, V>`: most words looked up are not in the table, and each miss there
/// touches a bucket of key pointers and often the key bytes. Here the probe walks an array of
/// 16-bit tags (a few kilobytes that stay in cache); only a matching tag, almost always the
/// right key, leads to the entry and a key comparison.
pub(crate) struct StrTable<V> {
    keys: Vec<&'static str>,
    values: Vec<V>,
    /// Per slot: 16 bits of the key's hash, never 0; 0 marks an empty slot.
    tags: Vec<u16>,
    /// Per slot: index into `keys` and `values`.
    entries: Vec<u32>,
    mask: usize,
}

#[inline]
fn tag_of(h: u64) -> u16 {
    ((h >> 48) as u16).max(1)
}

impl<V> StrTable<V> {
    /// A table for up to `capacity` keys (kept at most half full).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let size = (capacity.max(8) * 2).next_power_of_two();
        Self {
            keys: Vec::new(),
            values: Vec::new(),
            tags: vec![0; size],
            entries: vec![0; size],
            mask: size - 1,
        }
    }

    #[inline]
    fn find_slot(&self, key: &str, h: u64) -> (usize, bool) {
        let tag = tag_of(h);
        let mut i = (h as usize) & self.mask;
        loop {
            let t = self.tags[i];
            if t == 0 {
                return (i, false);
            }
            if t == tag {
                let k = self.keys[self.entries[i] as usize];
                if k.len() == key.len() && k.bytes().zip(key.bytes()).all(|(a, b)| a == b) {
                    return (i, true);
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Insert or replace; returns the entry's index.
    pub(crate) fn insert(&mut self, key: &'static str, value: V) -> usize {
        if (self.keys.len() + 1) * 2 > self.tags.len() {
            self.grow();
        }
        let h = hash_bytes(key.as_bytes());
        let (i, found) = self.find_slot(key, h);
        if found {
            let e = self.entries[i] as usize;
            self.values[e] = value;
            return e;
        }
        self.keys.push(key);
        self.values.push(value);
        self.tags[i] = tag_of(h);
        self.entries[i] = (self.keys.len() - 1) as u32;
        self.keys.len() - 1
    }

    fn grow(&mut self) {
        let size = self.tags.len() * 2;
        self.tags = vec![0; size];
        self.entries = vec![0; size];
        self.mask = size - 1;
        for (e, key) in self.keys.iter().enumerate() {
            let h = hash_bytes(key.as_bytes());
            let mut i = (h as usize) & self.mask;
            while self.tags[i] != 0 {
                i = (i + 1) & self.mask;
            }
            self.tags[i] = tag_of(h);
            self.entries[i] = e as u32;
        }
    }

    /// The entry index of `key`, if present.
    #[inline]
    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        let (i, found) = self.find_slot(key, hash_bytes(key.as_bytes()));
        found.then(|| self.entries[i] as usize)
    }

    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.index_of(key).and_then(|e| self.values.get(e))
    }

    /// The value at an entry index, mutably.
    pub(crate) fn value_mut(&mut self, index: usize) -> Option<&mut V> {
        self.values.get_mut(index)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Keys of at most this many bytes live inline in a [`WordTable`] slot.
pub(crate) const INLINE: usize = 16;

/// A word packed for [`WordTable`]: its first 16 bytes as two little-endian integers
/// (zero-padded) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Packed {
    k0: u64,
    k1: u64,
    len: u8,
}

impl Packed {
    /// No word (length 0): equal to no key of a table.
    const EMPTY: Packed = Packed {
        k0: 0,
        k1: 0,
        len: 0,
    };

    /// Pack `bytes` as they are; `None` if empty, longer than [`INLINE`] or holding a zero
    /// byte (no table key holds one, so such a word is in no table: [`FrozenTable`] relies on
    /// this to leave the length out of its slots).
    #[inline]
    pub(crate) fn new(bytes: &[u8]) -> Option<Self> {
        let n = bytes.len();
        if n == 0 || n > INLINE {
            return None;
        }
        // Whole-word loads rather than a byte loop into a buffer: the CPU cannot forward many
        // one-byte stores into one eight-byte load, and that stall dominated the look-up.
        let (k0, k1) = if n <= 8 {
            (load_le(bytes), 0)
        } else {
            (load_le(&bytes[..8]), load_le(&bytes[8..]))
        };
        let zeros = crate::swar::eq64(k0, 0) & crate::swar::first_bytes64(n)
            | crate::swar::eq64(k1, 0) & crate::swar::first_bytes64(n.saturating_sub(8));
        if zeros != 0 {
            return None;
        }
        Some(Self {
            k0,
            k1,
            len: n as u8,
        })
    }

    /// A word of `len` bytes (1 to 16) already packed into an integer, zero above `len`, and
    /// no zero byte below it (see [`Packed::new`]).
    #[inline]
    pub(crate) fn from_u128(x: u128, len: usize) -> Self {
        debug_assert!((1..=INLINE).contains(&len));
        debug_assert!((0..len).all(|i| (x >> (8 * i)) as u8 != 0), "{x:x}");
        Self {
            k0: x as u64,
            k1: (x >> 64) as u64,
            len: len as u8,
        }
    }

    /// A word of `len` bytes (1 to 8) already packed into an integer, zero above `len`, and
    /// no zero byte below it (see [`Packed::new`]).
    #[inline]
    pub(crate) fn from_u64(x: u64, len: usize) -> Self {
        debug_assert!((1..=8).contains(&len));
        debug_assert!((0..len).all(|i| (x >> (8 * i)) as u8 != 0), "{x:x}");
        Self {
            k0: x,
            k1: 0,
            len: len as u8,
        }
    }

    /// Pack `bytes` ASCII-lower-cased; `None` if empty or longer than [`INLINE`]. Every byte
    /// must be ASCII.
    #[inline]
    pub(crate) fn lower(bytes: &[u8]) -> Option<Self> {
        debug_assert!(bytes.is_ascii());
        let p = Self::new(bytes)?;
        Some(Self {
            k0: ascii_lower(p.k0),
            k1: ascii_lower(p.k1),
            len: p.len,
        })
    }

    /// One folded multiply of the first eight bytes (both halves of the 128-bit product, so
    /// every bit depends on every byte), with the rest mixed in by a multiply that runs beside
    /// it. The length is left out: keys in the tables never hold a zero byte, so their bytes
    /// alone tell them apart, and every look-up compares the length anyway.
    #[inline]
    fn hash(self) -> u64 {
        let p = u128::from(self.k0) * u128::from(SEED_A);
        ((p >> 64) as u64 ^ p as u64) ^ self.k1.wrapping_mul(SEED_B)
    }
}

const SEED_A: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED_B: u64 = 0xd6e8_feb8_6659_fd93;

/// The bytes of `b` (at most 8) as a little-endian integer, zero-padded.
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    match n {
        8 => {
            let mut w = [0u8; 8];
            w.copy_from_slice(b);
            u64::from_le_bytes(w)
        }
        // Two overlapping four-byte loads; the overlap holds the same bytes in both.
        4..=7 => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
        1..=3 => {
            u64::from(b[0])
                | (u64::from(b[n / 2]) << (8 * (n / 2)))
                | (u64::from(b[n - 1]) << (8 * (n - 1)))
        }
        _ => 0,
    }
}

/// ASCII lower-casing of eight packed ASCII bytes at once: each byte in `A..=Z` gains 0x20.
#[inline]
fn ascii_lower(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let h = x & LOW7;
    // High bit set per byte: at least 'A' (0x41), and at least '[' (0x5b).
    let ge_a = h + 0x3f3f_3f3f_3f3f_3f3f;
    let gt_z = h + 0x2525_2525_2525_2525;
    let upper = ge_a & !gt_z & !x & HIGH;
    x | (upper >> 2)
}

/// A slot of a [`WordTable`].
#[derive(Clone, Copy)]
struct Slot<V> {
    key: Packed,
    value: V,
}

/// The hot word tables (one look-up per token of every text): a string-keyed map whose keys
/// of up to 16 bytes (all but a handful) sit inline in an open-addressed slot array, so a
/// look-up hashes two integers and compares two integers; the rare longer keys go to a
/// [`StrTable`]. Probing walks a byte array of tags first (at most a quarter full, so a miss,
/// the usual case, mostly ends at the first tag and touches only that small array).
///
/// Why not `HashMap<&str, V>` or [`StrTable`]: both hash the bytes, then follow a pointer to
/// the key and compare bytes, for the one look-up per token that dominated the profile.
pub(crate) struct WordTable<V> {
    /// Per slot: 8 bits of the key's hash, never 0; 0 marks an empty slot.
    tags: Vec<u8>,
    slots: Vec<Slot<V>>,
    shift: u32,
    count: usize,
    long: StrTable<V>,
    /// Length of the longest key: longer words are misses without a look-up.
    max_len: usize,
}

impl<V: Copy + Default> WordTable<V> {
    /// A table for up to `capacity` keys (kept at most a quarter full).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let size = (capacity.max(8) * 4).next_power_of_two();
        Self {
            tags: vec![0; size],
            slots: vec![
                Slot {
                    key: Packed::EMPTY,
                    value: V::default(),
                };
                size
            ],
            shift: 64 - size.trailing_zeros(),
            count: 0,
            long: StrTable::with_capacity(8),
            max_len: 0,
        }
    }

    #[inline]
    fn probe(&self, key: Packed) -> (usize, bool) {
        let mask = self.tags.len() - 1;
        let h = key.hash();
        let tag = (h as u8).max(1);
        let mut i = (h >> self.shift) as usize;
        loop {
            let t = self.tags[i];
            if t == 0 {
                return (i, false);
            }
            if t == tag && self.slots[i].key == key {
                return (i, true);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of a packed key.
    #[cfg(test)]
    #[inline]
    pub(crate) fn get_packed(&self, key: Packed) -> Option<&V> {
        let (i, found) = self.probe(key);
        found.then(|| &self.slots[i].value)
    }

    /// The value of `key`.
    #[cfg(test)]
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        if key.len() > self.max_len {
            return None;
        }
        match Packed::new(key.as_bytes()) {
            Some(p) => self.get_packed(p),
            None => self.long.get(key),
        }
    }

    /// The value of `key`, mutably, inserting `make()` first if absent.
    pub(crate) fn get_or_insert_with(
        &mut self,
        key: &'static str,
        make: impl FnOnce() -> V,
    ) -> &mut V {
        self.max_len = self.max_len.max(key.len());
        let Some(p) = Packed::new(key.as_bytes()) else {
            let e = match self.long.index_of(key) {
                Some(e) => e,
                None => self.long.insert(key, make()),
            };
            return self
                .long
                .value_mut(e)
                .expect("an index just returned by the table");
        };
        if (self.count + 1) * 4 > self.tags.len() {
            self.grow();
        }
        let (i, found) = self.probe(p);
        if !found {
            self.place(i, p, make());
        }
        &mut self.slots[i].value
    }

    fn place(&mut self, i: usize, key: Packed, value: V) {
        self.tags[i] = (key.hash() as u8).max(1);
        self.slots[i] = Slot { key, value };
        self.count += 1;
    }

    fn grow(&mut self) {
        let empty = Slot {
            key: Packed::EMPTY,
            value: V::default(),
        };
        let size = self.tags.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![empty; size]);
        let old_tags = std::mem::replace(&mut self.tags, vec![0; size]);
        self.shift -= 1;
        self.count = 0;
        for (s, t) in old.into_iter().zip(old_tags) {
            if t != 0 {
                let (i, _) = self.probe(s.key);
                self.place(i, s.key, s.value);
            }
        }
    }
}

impl<V: Copy + Default> WordTable<V> {
    /// The finished table, for look-ups only: every short key sits in the one slot its hash
    /// names (see [`FrozenTable`]).
    pub(crate) fn freeze(self) -> FrozenTable<V> {
        let keys: Vec<Slot<V>> = self
            .slots
            .iter()
            .zip(&self.tags)
            .filter(|(_, t)| **t != 0)
            .map(|(s, _)| *s)
            .collect();
        FrozenTable::build(&keys, self.long, self.max_len)
    }
}

/// A slot of a [`FrozenTable`] for a key of 9 to 16 bytes, inline, and its value (24 bytes
/// for the tables here). No length: a key holds no zero byte, so its bytes give it
/// ([`key_len`]), and an empty slot is all zeros, which no key equals.
#[derive(Clone, Copy)]
struct FrozenSlot<V> {
    k0: u64,
    k1: u64,
    value: V,
}

/// A slot of a [`FrozenTable`] for a key of up to 8 bytes (16 bytes for the tables here).
/// Without lengths and with keys of up to 8 bytes apart, the merged word table takes 300 KiB
/// where it took 504 (32-byte slots for every key), so more of it stays in cache.
#[derive(Clone, Copy)]
struct ShortSlot<V> {
    k0: u64,
    value: V,
}

/// A [`Phf`] for `keys` and its slots, each key's made by `slot(k0, k1, value)` and every
/// other slot by `slot(0, 0, default)`, which no key equals.
fn placed<V: Copy + Default, S: Clone>(
    keys: &[&Slot<V>],
    slot: impl Fn(u64, u64, V) -> S,
) -> (Phf, Vec<S>) {
    let hashes: Vec<u64> = keys.iter().map(|s| s.key.hash()).collect();
    let (phf, slot_of) = Phf::build(&hashes);
    let mut slots = vec![slot(0, 0, V::default()); phf.slots()];
    for (s, &i) in keys.iter().zip(&slot_of) {
        slots[i] = slot(s.key.k0, s.key.k1, s.value);
    }
    (phf, slots)
}

/// The length of a packed key from its bytes (it holds no zero byte below its length).
fn key_len(k0: u64, k1: u64) -> usize {
    let bytes = |k: u64| (64 - k.leading_zeros()).div_ceil(8) as usize;
    if k1 != 0 { 8 + bytes(k1) } else { bytes(k0) }
}

/// A minimal-ish perfect hash over a fixed set of distinct 64-bit key hashes ("hash and
/// displace"): keys are grouped into buckets by the top bits of their hash, and each bucket
/// stores the small seed that sends each of its keys to a slot of its own. Slots are about
/// 85 % used, so the tables built on it stay small enough for the cache.
///
/// The seed only rotates the hash and flips its top bits before it is scaled to a slot: the
/// look-up sits on the critical path of every token, and a rotate and an xor after the seed's
/// load cost two cycles where a multiply and an avalanche step cost about eight.
pub(crate) struct Phf {
    seeds: Vec<u16>,
    /// `64 - log2(seeds.len())`: the bucket is the hash's top bits.
    bucket_shift: u32,
    slots: usize,
}

/// `x` scaled to `0..n` (Lemire's multiply-shift: the high bits of a 64 x 64-bit product).
#[inline]
fn scale(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}

/// The hash a seed makes of `h`: rotated by the seed's low 6 bits, top 10 bits flipped by the
/// rest. Keys of one bucket share their top bits, so it is the rotation that separates them.
#[inline]
fn slot_hash(h: u64, seed: u16) -> u64 {
    h.rotate_left(u32::from(seed & 63)) ^ (u64::from(seed >> 6) << 54)
}

impl Phf {
    /// The function for `hashes` (distinct), and the slot of each.
    pub(crate) fn build(hashes: &[u64]) -> (Self, Vec<usize>) {
        let n = hashes.len().max(1);
        let mut size = n + n / 6 + 1;
        loop {
            if let Some(built) = Self::try_build(hashes, size) {
                return built;
            }
            size += size / 8 + 1;
        }
    }

    fn try_build(hashes: &[u64], size: usize) -> Option<(Self, Vec<usize>)> {
        let bits = (hashes.len() / 4 + 1)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let buckets = 1usize << bits;
        let bucket_shift = 64 - bits;
        let mut by_bucket: Vec<Vec<usize>> = vec![Vec::new(); buckets];
        for (k, &h) in hashes.iter().enumerate() {
            by_bucket[(h >> bucket_shift) as usize].push(k);
        }
        let mut order: Vec<usize> = (0..buckets).collect();
        order.sort_by_key(|&b| (std::cmp::Reverse(by_bucket[b].len()), b));
        let mut used = vec![false; size];
        let mut seeds = vec![0u16; buckets];
        let mut slot_of = vec![0usize; hashes.len()];
        let mut taken: Vec<usize> = Vec::new();
        for b in order {
            let members = &by_bucket[b];
            if members.is_empty() {
                break;
            }
            let mut seed = 0u16;
            loop {
                taken.clear();
                let ok = members.iter().all(|&k| {
                    let i = scale(slot_hash(hashes[k], seed), size);
                    let free = !used[i] && !taken.contains(&i);
                    taken.push(i);
                    free
                });
                if ok {
                    break;
                }
                seed = seed.checked_add(1)?;
            }
            seeds[b] = seed;
            for (&k, &i) in members.iter().zip(&taken) {
                used[i] = true;
                slot_of[k] = i;
            }
        }
        Some((
            Self {
                seeds,
                bucket_shift,
                slots: size,
            },
            slot_of,
        ))
    }

    /// Number of slots.
    pub(crate) fn slots(&self) -> usize {
        self.slots
    }

    /// The slot of a key with hash `h` (for a key outside the set: some slot).
    #[inline]
    pub(crate) fn slot(&self, h: u64) -> usize {
        let seed = self.seeds[(h >> self.bucket_shift) as usize];
        scale(slot_hash(h, seed), self.slots)
    }
}

/// A read-only word table on two [`Phf`]s, one for keys of up to 8 bytes and one for keys of
/// 9 to 16: a look-up reads one seed (a small array that stays in cache), one slot, and
/// compares: no probing loop, and hit or miss is a data select rather than a branch, so words
/// outside the lexicon (most of them) cost no mispredicted branch.
pub(crate) struct FrozenTable<V> {
    /// Keys of up to 8 bytes (two thirds of the words, and nearly all of the frequent ones),
    /// in 16-byte slots.
    short_phf: Phf,
    short: Vec<ShortSlot<V>>,
    /// Keys of 9 to 16 bytes.
    phf: Phf,
    slots: Vec<FrozenSlot<V>>,
    long: StrTable<V>,
    max_len: usize,
}

impl<V: Copy + Default> FrozenTable<V> {
    fn build(keys: &[Slot<V>], long: StrTable<V>, max_len: usize) -> Self {
        // Packed keys hold no zero byte below their length (see `Packed::new`), so their
        // bytes alone give the length, and no key equals an empty slot's zeros.
        for s in keys {
            assert_eq!(key_len(s.key.k0, s.key.k1), usize::from(s.key.len));
        }
        let (short_keys, keys): (Vec<&Slot<V>>, Vec<&Slot<V>>) =
            keys.iter().partition(|s| s.key.k1 == 0);
        let (short_phf, short) = placed(&short_keys, |k0, _, value| ShortSlot { k0, value });
        let (phf, slots) = placed(&keys, |k0, k1, value| FrozenSlot { k0, k1, value });
        Self {
            short_phf,
            short,
            phf,
            slots,
            long,
            max_len,
        }
    }

    /// The value of a packed key, or `default`.
    #[inline]
    pub(crate) fn get_packed_or(&self, key: Packed, default: V) -> V {
        // The bytes decide: neither a slot's key nor `key` holds a zero byte below its
        // length, so equal bytes mean equal lengths. Hit or miss is a select, not a branch:
        // whether a word is in the table is unpredictable, and a branch on it stalled the
        // token loop on every miss until the slot's cache line came. (Which of the two
        // tables is known where the token reader calls this: a key read from eight bytes has
        // `k1 == 0`.)
        if key.k1 == 0 {
            let s = &self.short[self.short_phf.slot(key.hash())];
            std::hint::select_unpredictable(s.k0 == key.k0, s.value, default)
        } else {
            let s = &self.slots[self.phf.slot(key.hash())];
            let hit = ((s.k0 ^ key.k0) | (s.k1 ^ key.k1)) == 0;
            std::hint::select_unpredictable(hit, s.value, default)
        }
    }

    /// The value of `key`, or `default`.
    #[inline]
    pub(crate) fn get_or(&self, key: &str, default: V) -> V {
        if key.len() > self.max_len {
            return default;
        }
        match Packed::new(key.as_bytes()) {
            Some(p) => self.get_packed_or(p, default),
            None => self.long.get(key).copied().unwrap_or(default),
        }
    }
}

/// The short keys of a [`FrozenTable`], packed, with their values.
fn short_entries<V: Copy>(t: &FrozenTable<V>) -> impl Iterator<Item = (Packed, V)> + '_ {
    let short = t.short.iter().map(|s| (s.k0, 0, s.value));
    let rest = t.slots.iter().map(|s| (s.k0, s.k1, s.value));
    short
        .chain(rest)
        .filter(|s| s.0 != 0)
        .map(|(k0, k1, value)| {
            (
                Packed {
                    k0,
                    k1,
                    len: key_len(k0, k1) as u8,
                },
                value,
            )
        })
}

/// One table of the keys of `a` and `b`, each with both values (`da` / `db` where a table
/// lacks the key), so two readings of the same words share one look-up's cache lines.
pub(crate) fn merge<A: Copy + Default, B: Copy + Default>(
    a: &FrozenTable<A>,
    b: &FrozenTable<B>,
    da: A,
    db: B,
) -> FrozenTable<(A, B)> {
    let mut keys: Vec<Slot<(A, B)>> = Vec::new();
    let mut index: FxMap<Packed, usize> = FxMap::default();
    for (p, v) in short_entries(a) {
        index.insert(p, keys.len());
        keys.push(Slot {
            key: p,
            value: (v, db),
        });
    }
    for (p, v) in short_entries(b) {
        match index.get(&p) {
            Some(&i) => keys[i].value.1 = v,
            None => keys.push(Slot {
                key: p,
                value: (da, v),
            }),
        }
    }
    let mut long = StrTable::with_capacity(8);
    for (k, v) in a.long.keys.iter().zip(&a.long.values) {
        long.insert(k, (*v, db));
    }
    for (k, v) in b.long.keys.iter().zip(&b.long.values) {
        match long.index_of(k).and_then(|e| long.value_mut(e)) {
            Some(both) => both.1 = *v,
            None => {
                long.insert(k, (da, *v));
            }
        }
    }
    FrozenTable::build(&keys, long, a.max_len.max(b.max_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_table_inserts_replaces_and_grows() {
        let mut t = StrTable::with_capacity(2);
        let words: Vec<&'static str> = (0..100)
            .map(|i| &*Box::leak(format!("w{i}").into_boxed_str()))
            .collect();
        for (i, w) in words.iter().enumerate() {
            t.insert(w, i);
        }
        t.insert("w5", 500);
        assert_eq!(t.len(), 100);
        assert_eq!(t.get("w5"), Some(&500));
        assert_eq!(t.get("w99"), Some(&99));
        assert_eq!(t.get("nope"), None);
        assert_eq!(t.get(""), None);
    }

    #[test]
    fn word_table_short_long_and_lowered_keys() {
        let mut t = WordTable::with_capacity(2);
        let words: Vec<&'static str> = (0..300)
            .map(|i| &*Box::leak(format!("w{i}{}", "x".repeat(i % 25)).into_boxed_str()))
            .collect();
        for (i, w) in words.iter().enumerate() {
            *t.get_or_insert_with(w, || 0) = i;
        }
        let mut frozen = WordTable::with_capacity(2);
        for (i, w) in words.iter().enumerate() {
            *frozen.get_or_insert_with(w, || 0) = i + 1;
        }
        let frozen = frozen.freeze();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(frozen.get_or(w, 0), i + 1, "{w}");
            assert_eq!(frozen.get_or(&w.to_uppercase(), 0), 0);
            assert_eq!(frozen.get_or(&format!("{w}\0"), 0), 0);
            assert_eq!(frozen.get_or(&format!("{w}y"), 0), 0, "{w}");
        }
        assert_eq!(frozen.get_or("", 0), 0);
        // Merging with a table of other and shared keys keeps both values of every key.
        let mut other = WordTable::with_capacity(2);
        for (i, w) in words.iter().enumerate().step_by(3) {
            *other.get_or_insert_with(w, || 0u16) = i as u16 + 1;
        }
        *other.get_or_insert_with("only-in-the-other-table-and-long", || 0) = 7;
        *other.get_or_insert_with("zz", || 0) = 9;
        let other = other.freeze();
        let both = merge(&frozen, &other, 0, 0);
        for (i, w) in words.iter().enumerate() {
            let want_b = if i % 3 == 0 { i as u16 + 1 } else { 0 };
            assert_eq!(both.get_or(w, (5, 5)), (i + 1, want_b), "{w}");
        }
        assert_eq!(
            both.get_or("only-in-the-other-table-and-long", (5, 5)),
            (0, 7)
        );
        assert_eq!(both.get_or("zz", (5, 5)), (0, 9));
        assert_eq!(both.get_or("nope", (5, 5)), (5, 5));
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(&i), "{w}");
            assert_eq!(t.get(&w.to_uppercase()), None);
            if let Some(p) = Packed::lower(w.to_uppercase().as_bytes()) {
                assert_eq!(t.get_packed(p), Some(&i));
            }
        }
        assert_eq!(t.get("w1\0"), None);
        assert_eq!(t.get(""), None);
        assert_eq!(Packed::new(&[b'a'; 17]), None);
        for len in 1..=16 {
            let bytes: Vec<u8> = (0..len).map(|i| b'A' + i as u8 * 3).collect();
            let mut lowered = bytes.clone();
            lowered.make_ascii_lowercase();
            assert_eq!(Packed::lower(&bytes), Packed::new(&lowered));
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&bytes);
            let p = Packed::new(&bytes).expect("short");
            assert_eq!(p.k0.to_le_bytes()[..], buf[..8]);
            assert_eq!(p.k1.to_le_bytes()[..], buf[8..]);
        }
        // A zero byte anywhere makes no key (see `Packed::new`).
        assert_eq!(Packed::new(b"\0"), None);
        assert_eq!(Packed::new(b"ab\0"), None);
        assert_eq!(Packed::new(b"abcdefghij\0k"), None);
        assert_eq!(t.get("w1\0"), None);
        for b in 1u8..0x80 {
            let p = Packed::lower(&[b]).expect("one byte");
            assert_eq!(p, Packed::new(&[b.to_ascii_lowercase()]).expect("one byte"));
        }
    }
}
