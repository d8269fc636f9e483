//! The word tables read for every token of every text: read-only, on a perfect hash.
//!
//! Kept rather than a `HashMap` (`rustc_hash::FxHashMap` builds it) because, measured with
//! each, its look-ups are clearly faster: `bench/tone/HISTORY.md`, rounds 2, 6 and 7.

use rustc_hash::FxHashMap;

/// Keys of at most this many bytes are packed into a [`FrozenTable`] slot.
pub(crate) const INLINE: usize = 16;

/// A word packed for [`FrozenTable`]: its first 16 bytes as two little-endian integers
/// (zero-padded) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Packed {
    k0: u64,
    k1: u64,
    len: u8,
}

impl Packed {
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

/// A word table being built: any map will do for that, so it is an `FxHashMap` until
/// [`TableBuilder::freeze`] packs it.
pub(crate) struct TableBuilder<V> {
    map: FxHashMap<&'static str, V>,
}

impl<V: Copy + Default> TableBuilder<V> {
    /// A table for about `capacity` keys.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            map: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    /// The value of `key`, mutably, inserting `make()` first if absent.
    pub(crate) fn get_or_insert_with(
        &mut self,
        key: &'static str,
        make: impl FnOnce() -> V,
    ) -> &mut V {
        self.map.entry(key).or_insert_with(make)
    }

    /// The finished table, for look-ups only (see [`FrozenTable`]).
    pub(crate) fn freeze(self) -> FrozenTable<V> {
        // In key order, so the table is laid out the same whatever the map's order.
        let mut entries: Vec<(&'static str, V)> = self.map.into_iter().collect();
        entries.sort_unstable_by_key(|&(key, _)| key);
        let max_len = entries.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
        let mut keys = Vec::with_capacity(entries.len());
        let mut long = FxHashMap::default();
        for (key, value) in entries {
            match Packed::new(key.as_bytes()) {
                Some(p) => keys.push((p, value)),
                None => {
                    long.insert(key, value);
                }
            }
        }
        FrozenTable::build(&keys, long, max_len)
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
/// Without lengths, and with keys of up to 8 bytes in slots of their own, more of the merged
/// word table stays in cache.
#[derive(Clone, Copy)]
struct ShortSlot<V> {
    k0: u64,
    value: V,
}

/// A [`Phf`] for `keys` and its slots, each key's made by `slot(k0, k1, value)` and every
/// other slot by `slot(0, 0, default)`, which no key equals.
fn placed<V: Copy + Default, S: Clone>(
    keys: &[&(Packed, V)],
    slot: impl Fn(u64, u64, V) -> S,
) -> (Phf, Vec<S>) {
    let hashes: Vec<u64> = keys.iter().map(|(key, _)| key.hash()).collect();
    let (phf, slot_of) = Phf::build(&hashes);
    let mut slots = vec![slot(0, 0, V::default()); phf.slots()];
    for (&&(key, value), &i) in keys.iter().zip(&slot_of) {
        slots[i] = slot(key.k0, key.k1, value);
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
/// load take a fraction of the time of a multiply and an avalanche step.
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
    /// Keys longer than 16 bytes (a handful), or holding a zero byte (none).
    long: FxHashMap<&'static str, V>,
    /// Length of the longest key: longer words are misses without a look-up.
    max_len: usize,
}

impl<V: Copy + Default> FrozenTable<V> {
    /// The table of `keys` packed (see [`Packed::new`]) and of the `long` ones that are not.
    fn build(keys: &[(Packed, V)], long: FxHashMap<&'static str, V>, max_len: usize) -> Self {
        // Packed keys hold no zero byte below their length (see `Packed::new`), so their
        // bytes alone give the length, and no key equals an empty slot's zeros.
        for (key, _) in keys {
            assert_eq!(key_len(key.k0, key.k1), usize::from(key.len));
        }
        let (short_keys, keys): (Vec<_>, Vec<_>) = keys.iter().partition(|(key, _)| key.k1 == 0);
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
    let mut keys: Vec<(Packed, (A, B))> = Vec::new();
    let mut index: FxHashMap<Packed, usize> = FxHashMap::default();
    for (p, v) in short_entries(a) {
        index.insert(p, keys.len());
        keys.push((p, (v, db)));
    }
    for (p, v) in short_entries(b) {
        match index.get(&p) {
            Some(&i) => keys[i].1.1 = v,
            None => keys.push((p, (da, v))),
        }
    }
    let mut long: FxHashMap<&'static str, (A, B)> =
        a.long.iter().map(|(&k, &v)| (k, (v, db))).collect();
    for (&k, &v) in &b.long {
        long.entry(k).or_insert((da, v)).1 = v;
    }
    FrozenTable::build(&keys, long, a.max_len.max(b.max_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_tables_find_short_long_and_merged_keys() {
        let words: Vec<&'static str> = (0..300)
            .map(|i| &*Box::leak(format!("w{i}{}", "x".repeat(i % 25)).into_boxed_str()))
            .collect();
        let mut t = TableBuilder::with_capacity(2);
        for (i, w) in words.iter().enumerate() {
            *t.get_or_insert_with(w, || 0) = i + 1;
        }
        *t.get_or_insert_with(words[5], || 0) += 1000;
        let frozen = t.freeze();
        for (i, w) in words.iter().enumerate() {
            let want = if i == 5 { i + 1001 } else { i + 1 };
            assert_eq!(frozen.get_or(w, 0), want, "{w}");
            assert_eq!(frozen.get_or(&w.to_uppercase(), 0), 0);
            assert_eq!(frozen.get_or(&format!("{w}\0"), 0), 0);
            assert_eq!(frozen.get_or(&format!("{w}y"), 0), 0, "{w}");
            if let Some(p) = Packed::lower(w.to_uppercase().as_bytes()) {
                assert_eq!(frozen.get_packed_or(p, 0), want, "{w}");
            }
        }
        assert_eq!(frozen.get_or("", 0), 0);
        assert_eq!(frozen.get_or("w1\0", 0), 0);
        // Merging with a table of other and shared keys keeps both values of every key.
        let mut other = TableBuilder::with_capacity(2);
        for (i, w) in words.iter().enumerate().step_by(3) {
            *other.get_or_insert_with(w, || 0u16) = i as u16 + 1;
        }
        *other.get_or_insert_with("only-in-the-other-table-and-long", || 0) = 7;
        *other.get_or_insert_with("zz", || 0) = 9;
        let other = other.freeze();
        let both = merge(&frozen, &other, 0, 0);
        for (i, w) in words.iter().enumerate() {
            let want_b = if i % 3 == 0 { i as u16 + 1 } else { 0 };
            assert_eq!(both.get_or(w, (5, 5)), (frozen.get_or(w, 0), want_b), "{w}");
        }
        assert_eq!(
            both.get_or("only-in-the-other-table-and-long", (5, 5)),
            (0, 7)
        );
        assert_eq!(both.get_or("zz", (5, 5)), (0, 9));
        assert_eq!(both.get_or("nope", (5, 5)), (5, 5));
    }

    #[test]
    fn packed_words() {
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
        for b in 1u8..0x80 {
            let p = Packed::lower(&[b]).expect("one byte");
            assert_eq!(p, Packed::new(&[b.to_ascii_lowercase()]).expect("one byte"));
        }
    }
}
