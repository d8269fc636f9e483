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

    /// The value at an entry index.
    #[inline]
    pub(crate) fn value(&self, index: usize) -> Option<&V> {
        self.values.get(index)
    }

    /// The value at an entry index, mutably.
    pub(crate) fn value_mut(&mut self, index: usize) -> Option<&mut V> {
        self.values.get_mut(index)
    }

    /// The value of `key`, inserting `V::default()` first if absent.
    pub(crate) fn entry_or_default(&mut self, key: &'static str) -> &mut V
    where
        V: Default,
    {
        let e = match self.index_of(key) {
            Some(e) => e,
            None => self.insert(key, V::default()),
        };
        &mut self.values[e]
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
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
}
