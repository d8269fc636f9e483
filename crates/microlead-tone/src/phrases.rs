//! Matching fixed word sequences ("per my last email", "you always") against word tokens.
//!
//! Cue tables are small and matched on whole lower-cased words, never substrings, so "classic"
//! does not match "ass". Phrases are compiled to word ids of the shared vocabulary
//! ([`crate::vocab`]), whose entry for a word also says which phrases start with it, so matching
//! costs no look-up beyond the one the tokeniser already made. `*` matches any one word.

use crate::tokens::Word;
use crate::vocab::Vocab;

/// Word id that matches any word.
const WILDCARD: u32 = u32::MAX - 1;

/// A cue: a phrase, what it signals, and how strongly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    pub phrase: &'static str,
    pub label: &'static str,
    pub weight: f64,
}

/// Most words a phrase may have.
const MAX_PHRASE_WORDS: usize = 8;

/// A phrase as word ids, inline, so the candidates at a word are one contiguous array (no
/// pointer to follow per candidate).
#[derive(Debug, Clone, Copy)]
struct Parts {
    ids: [u32; MAX_PHRASE_WORDS],
    len: usize,
}

impl Parts {
    fn new(parts: &[u32]) -> Self {
        assert!(
            parts.len() <= MAX_PHRASE_WORDS,
            "a cue phrase has at most {MAX_PHRASE_WORDS} words"
        );
        let mut ids = [0; MAX_PHRASE_WORDS];
        ids[..parts.len()].copy_from_slice(parts);
        Self {
            ids,
            len: parts.len(),
        }
    }

    #[inline]
    fn ids(&self) -> &[u32] {
        &self.ids[..self.len]
    }
}

/// A compiled table of cues.
pub(crate) struct PhraseTable {
    /// The lists the table was compiled from, for the reference matchers.
    #[cfg(test)]
    plain: reference::Plain,
    cues: Vec<Cue>,
    /// Which of the vocabulary entry's `first` slots belongs to this table.
    slot: usize,
    /// First word id -> list, open-addressed (see [`Heads`]): a few KiB that stay in L1,
    /// where the vocabulary's entry for the word is an L2 read.
    heads: Heads,
}

/// Most label groups a table may have ([`Hits`] keeps per-group state in fixed arrays, so it
/// allocates nothing).
const MAX_GROUPS: usize = 16;

/// Unused slot of [`Heads`] (no real key: ids fit in 16 bits, see [`crate::vocab`]).
const NO_KEY: u32 = u32::MAX;

/// A phrase as [`Hits`] tests it: word ids in 16 bits ([`WILD16`] for `*`), its length, its
/// group and its cue, in 20 bytes. The candidates at a word are copies of these laid out in
/// the order they are tried, so trying them reads a few contiguous cache lines.
#[derive(Debug, Clone, Copy)]
struct Cand {
    ids: [u16; MAX_PHRASE_WORDS],
    len: u8,
    group: u8,
    cue: u16,
}

/// [`WILDCARD`] in a [`Cand`] (no word has this id: ids stay below 0xfffe, see
/// [`crate::vocab`]).
const WILD16: u16 = 0xfffe;

impl Cand {
    /// Whether the phrase's words match `words`, which must hold `self.len` of them.
    #[inline]
    fn matches(&self, words: &[Word]) -> bool {
        self.ids[..usize::from(self.len)]
            .iter()
            .zip(words)
            .all(|(&p, w)| p == WILD16 || u32::from(p) == w.id)
    }
}

/// The lists of a table, and the candidates chosen by the next word, keyed by word ids in two
/// small open-addressed tables at most half full, so a look-up is one or two reads.
#[derive(Debug, Default)]
struct Heads {
    /// (first word id, list index, start and length in `pool` of the list's `second_rest`,
    /// [`second_bit`]s of the list's second words).
    first: Vec<(u32, u16, u16, u16, u64)>,
    /// (list index << 16 | second word id, start and length in `pool` of the candidates).
    second: Vec<(u32, u16, u16)>,
    /// Candidates, per list and chosen second word, in order.
    pool: Vec<Cand>,
}

/// One of 64 bits for a second word `id`: a list whose bits lack it has no phrase with that
/// second word, so the look-up in [`Heads::second`] (most often a miss, and a read that is
/// seldom in cache) is skipped.
#[inline]
fn second_bit(id: u32) -> u64 {
    1 << (id.wrapping_mul(0x9e37_79b1) >> 26)
}

/// Slot of `key` in an open-addressed table of `len` (a power of two) slots.
#[inline]
fn home(key: u32, len: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 16) as usize & (len - 1)
}

impl Heads {
    fn new(
        starts: &[u32],
        lists: &[Vec<(Parts, usize)>],
        group: &[u8],
        by_second: &[Vec<(u32, Vec<u16>)>],
        rest: &[Vec<u16>],
    ) -> Self {
        let mut pool: Vec<Cand> = Vec::new();
        let mut add = |k: usize, pos: &[u16]| -> (u16, u16) {
            let start = u16::try_from(pool.len()).expect("phrase pool fits in u16");
            for &c in pos {
                let (parts, cue) = &lists[k][usize::from(c)];
                let mut ids = [0u16; MAX_PHRASE_WORDS];
                for (to, &id) in ids.iter_mut().zip(parts.ids()) {
                    *to = if id == WILDCARD {
                        WILD16
                    } else {
                        u16::try_from(id)
                            .ok()
                            .filter(|&x| x < WILD16)
                            .expect("phrase word ids stay below 0xfffe")
                    };
                }
                pool.push(Cand {
                    ids,
                    len: parts.len as u8,
                    group: group[*cue],
                    cue: u16::try_from(*cue).expect("cue index fits in u16"),
                });
            }
            (
                start,
                u16::try_from(pos.len()).expect("phrase list fits in u16"),
            )
        };
        let size = |n: usize| (2 * n).next_power_of_two().max(8);
        let mut first = vec![(NO_KEY, 0, 0, 0, 0); size(starts.len())];
        let n_seconds = by_second.iter().map(Vec::len).sum();
        let mut second = vec![(NO_KEY, 0, 0); size(n_seconds)];
        for (k, &id) in starts.iter().enumerate() {
            assert!(id < 0xffff && k < 0xffff, "phrase word ids fit in 16 bits");
            let (s, n) = add(k, &rest[k]);
            let mut h = home(id, first.len());
            while first[h].0 != NO_KEY {
                h = (h + 1) & (first.len() - 1);
            }
            let seconds = by_second[k]
                .iter()
                .fold(0, |bits, (id2, _)| bits | second_bit(*id2));
            first[h] = (id, k as u16, s, n, seconds);
            for (id2, chosen) in &by_second[k] {
                assert!(*id2 < 0xffff, "phrase word ids fit in 16 bits");
                let key = (k as u32) << 16 | id2;
                let (s, n) = add(k, chosen);
                let mut h = home(key, second.len());
                while second[h].0 != NO_KEY {
                    h = (h + 1) & (second.len() - 1);
                }
                second[h] = (key, s, n);
            }
        }
        Self {
            first,
            second,
            pool,
        }
    }

    /// The list starting with word `id`, its candidates for any next word, and the
    /// [`second_bit`]s of its second words.
    #[inline]
    fn list(&self, id: u32) -> Option<(usize, &[Cand], u64)> {
        let mask = self.first.len() - 1;
        let mut h = home(id, self.first.len());
        loop {
            let (key, k, s, n, seconds) = self.first[h];
            if key == id {
                let s = usize::from(s);
                return Some((usize::from(k), &self.pool[s..s + usize::from(n)], seconds));
            }
            if key == NO_KEY {
                return None;
            }
            h = (h + 1) & mask;
        }
    }

    /// The candidates of list `k` chosen by a second word `id`, if `id` is some phrase's.
    #[inline]
    fn chosen(&self, k: usize, id: u32) -> Option<&[Cand]> {
        if id >= 0xffff {
            return None;
        }
        let key = (k as u32) << 16 | id;
        let mask = self.second.len() - 1;
        let mut h = home(key, self.second.len());
        loop {
            let (x, s, n) = self.second[h];
            if x == key {
                let s = usize::from(s);
                return Some(&self.pool[s..s + usize::from(n)]);
            }
            if x == NO_KEY {
                return None;
            }
            h = (h + 1) & mask;
        }
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    #[test]
    fn find_matches_reference() {
        let vocab = &*crate::vocab::VOCAB;
        let mut texts = crate::test_texts::sample_texts();
        // Every cue, alone, twice, nested in others and cut short.
        let cues: Vec<&str> = crate::emotions::cue_list()
            .iter()
            .chain(&crate::draft::cue_list())
            .map(|c| c.phrase)
            .collect();
        for (k, c) in cues.iter().enumerate() {
            let d = cues[(k * 7 + 3) % cues.len()];
            texts.push(format!("{c} {d} {c}. {d}, {c} {d}"));
            texts.push(c.rsplit_once(' ').map_or("", |x| x.0).to_string());
            texts.push(format!("i {c} you {d} i"));
        }
        let key = |hits: Vec<super::Hit>| -> Vec<(&str, usize, usize, usize)> {
            hits.iter()
                .map(|h| (h.cue.phrase, h.index, h.first, h.last))
                .collect()
        };
        for t in &texts {
            let ws = crate::tokens::words(t);
            for table in [&vocab.emotion_cues, &vocab.draft_cues] {
                let got: Vec<super::Hit> = table.hits(&ws, vocab).collect();
                let want = key(table.find_ref(&ws, vocab));
                assert_eq!(key(got), want, "{t:?}");
                assert_eq!(key(table.find_prev(&ws, vocab)), want, "{t:?}");
                for h in table.find_ref(&ws, vocab) {
                    assert_eq!(table.cues[h.index].phrase, h.cue.phrase);
                }
            }
        }
    }
}

/// One match: cue index and the word range `[first, last]` it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub cue: Cue,
    /// The cue's index in the list the table was built from.
    pub index: usize,
    pub first: usize,
    pub last: usize,
}

impl PhraseTable {
    /// Compile `cues` against word ids from `id_of` (which adds unknown words). Returns the
    /// table and, for each list, the id of the word that starts its phrases.
    /// `exclusive`: whether overlapping cues of different labels exclude each other (see
    /// [`PhraseTable::hits`]).
    pub(crate) fn new(
        cues: &[Cue],
        exclusive: bool,
        slot: usize,
        mut id_of: impl FnMut(&'static str) -> u32,
    ) -> (Self, Vec<u32>) {
        let mut lists: Vec<Vec<(Parts, usize)>> = Vec::new();
        let mut starts: Vec<u32> = Vec::new();
        for (n, cue) in cues.iter().enumerate() {
            let parts: Vec<u32> = cue
                .phrase
                .split(' ')
                .map(|w| if w == "*" { WILDCARD } else { id_of(w) })
                .collect();
            let Some(&first) = parts.first() else {
                continue;
            };
            let k = match starts.iter().position(|&s| s == first) {
                Some(k) => k,
                None => {
                    starts.push(first);
                    lists.push(Vec::new());
                    lists.len() - 1
                }
            };
            let list = &mut lists[k];
            list.push((Parts::new(&parts), n));
            // Longest phrases first, so "as i already said" wins over "as i".
            list.sort_by_key(|a| std::cmp::Reverse(a.0.len));
        }
        let mut labels: Vec<&str> = Vec::new();
        let group: Vec<u8> = cues
            .iter()
            .map(|c| {
                if exclusive {
                    return 0;
                }
                let k = labels
                    .iter()
                    .position(|l| *l == c.label)
                    .unwrap_or_else(|| {
                        labels.push(c.label);
                        labels.len() - 1
                    });
                u8::try_from(k).unwrap_or(u8::MAX)
            })
            .collect();
        let mut by_second = Vec::new();
        let mut second_rest = Vec::new();
        for list in &lists {
            let any = |p: &Parts| p.len < 2 || p.ids[1] == WILDCARD;
            let rest: Vec<u16> = (0..list.len())
                .filter(|&c| any(&list[c].0))
                .map(|c| c as u16)
                .collect();
            let mut seconds: Vec<(u32, Vec<u16>)> = Vec::new();
            for (p, _) in list {
                if !any(p) && !seconds.iter().any(|(id, _)| *id == p.ids[1]) {
                    let id = p.ids[1];
                    let chosen = (0..list.len())
                        .filter(|&c| any(&list[c].0) || list[c].0.ids[1] == id)
                        .map(|c| c as u16)
                        .collect();
                    seconds.push((id, chosen));
                }
            }
            by_second.push(seconds);
            second_rest.push(rest);
        }
        assert!(
            labels.len() <= MAX_GROUPS,
            "a cue table has at most {MAX_GROUPS} labels"
        );
        let heads = Heads::new(&starts, &lists, &group, &by_second, &second_rest);
        let table = Self {
            #[cfg(test)]
            plain: reference::Plain {
                lists,
                group,
                by_second,
                second_rest,
            },
            cues: cues.to_vec(),
            slot,
            heads,
        };
        (table, starts)
    }

    /// The cues, in the order the table was built from (what [`Hit::index`] counts).
    pub(crate) fn cues(&self) -> &[Cue] {
        &self.cues
    }

    /// Matches in `words`, left to right. At each position only the longest matching phrase
    /// counts, and a phrase inside an earlier, longer one is skipped, so "not my fault" is not
    /// also "my fault" and "thanks for nothing" is not also "thanks". With `exclusive` false,
    /// both rules apply per label instead, so "i'm afraid" (a de-escalating anger cue) does
    /// not hide "afraid" (a fear cue).
    ///
    /// An iterator, not a `Vec` or a callback: no allocation, and the caller's running sums
    /// stay in registers instead of being captured by reference.
    pub(crate) fn hits<'a>(&'a self, words: &'a [Word], vocab: &'a Vocab) -> Hits<'a> {
        Hits {
            table: self,
            words,
            vocab,
            bit: if self.slot == 0 {
                crate::vocab::flag::FIRST_SLOT0
            } else {
                crate::vocab::flag::FIRST_SLOT1
            },
            next: 0,
            i: 0,
            chosen: &[],
            matched_here: 0,
            covered: [0; MAX_GROUPS],
        }
    }
}

/// The iterator of [`PhraseTable::hits`].
pub(crate) struct Hits<'a> {
    table: &'a PhraseTable,
    words: &'a [Word],
    vocab: &'a Vocab,
    /// The vocabulary flag of words that start some phrase of this table.
    bit: u8,
    /// The next word to look at once `chosen` is used up.
    next: usize,
    /// The word the candidates in `chosen` start at.
    i: usize,
    /// Candidates still to test at word `i`, in order.
    chosen: &'a [Cand],
    /// Bit per group: whether a phrase of that group already matched at `i`.
    matched_here: u32,
    /// Per group: 1 + the last word index covered so far (0: none). Groups are few (see
    /// MAX_GROUPS), so a fixed array replaces the list the reference grows per call.
    covered: [usize; MAX_GROUPS],
}

impl Iterator for Hits<'_> {
    type Item = Hit;

    fn next(&mut self) -> Option<Hit> {
        let words = self.words;
        loop {
            while let Some((c, more)) = self.chosen.split_first() {
                self.chosen = more;
                let i = self.i;
                let len = usize::from(c.len);
                let Some(here) = words.get(i..i + len) else {
                    continue;
                };
                let key = usize::from(c.group);
                if self.matched_here & (1 << key) != 0 {
                    continue;
                }
                let last = i + len - 1;
                if last < self.covered[key] || !c.matches(here) {
                    continue;
                }
                self.matched_here |= 1 << key;
                self.covered[key] = self.covered[key].max(last + 1);
                let index = usize::from(c.cue);
                return Some(Hit {
                    cue: self.table.cues[index],
                    index,
                    first: i,
                    last,
                });
            }
            // The next word that starts some phrase (most words start none).
            let bit = self.bit;
            let i = self.next
                + words
                    .get(self.next..)?
                    .iter()
                    .position(|w| w.flags & bit != 0)?;
            let w = &words[i];
            self.next = i + 1;
            let heads = &self.table.heads;
            let Some((k, rest, seconds)) = heads.list(w.id) else {
                continue;
            };
            // The word's flag came from its vocabulary entry, which must name the same list.
            debug_assert_eq!(self.vocab.first_list(w.id, self.table.slot), Some(k));
            // Only the candidates that can match the next word, in their order (skipping the
            // others is what testing their second word would do anyway).
            self.chosen = match words.get(i + 1) {
                Some(next) if seconds & second_bit(next.id) != 0 => {
                    heads.chosen(k, next.id).unwrap_or(rest)
                }
                _ => rest,
            };
            self.i = i;
            self.matched_here = 0;
        }
    }
}
