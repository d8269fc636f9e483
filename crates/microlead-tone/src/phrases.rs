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
    /// Lists of (phrase as word ids, cue index), longest phrase first; a word's vocabulary
    /// entry points at the list of phrases it starts.
    lists: Vec<Vec<(Parts, usize)>>,
    cues: Vec<Cue>,
    /// Per cue: the small number that [`PhraseTable::find`] groups overlaps by (its label's
    /// index, or 0 for every cue when exclusive). Numbers, so the hot loop compares no strings.
    group: Vec<u8>,
    /// Which of the vocabulary entry's `first` slots belongs to this table.
    slot: usize,
    /// Per list: for each word id some phrase has second, the positions (in the list's
    /// order) of the phrases that can match with that second word: those with it, a wildcard
    /// or no second word.
    by_second: Vec<Vec<(u32, Vec<u16>)>>,
    /// Per list: the positions of the phrases with a wildcard or no second word, for any
    /// other next word.
    second_rest: Vec<Vec<u16>>,
}

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
        let key = |hits: Vec<super::Hit>| -> Vec<(&str, usize, usize)> {
            hits.iter()
                .map(|h| (h.cue.phrase, h.first, h.last))
                .collect()
        };
        for t in &texts {
            let ws = crate::tokens::words(t);
            for table in [&vocab.emotion_cues, &vocab.draft_cues] {
                assert_eq!(
                    key(table.find(&ws, vocab)),
                    key(table.find_ref(&ws, vocab)),
                    "{t:?}"
                );
            }
        }
    }
}

/// One match: cue index and the word range `[first, last]` it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub cue: Cue,
    pub first: usize,
    pub last: usize,
}

impl PhraseTable {
    /// Compile `cues` against word ids from `id_of` (which adds unknown words). Returns the
    /// table and, for each list, the id of the word that starts its phrases.
    /// `exclusive`: whether overlapping cues of different labels exclude each other (see
    /// [`PhraseTable::find`]).
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
        let group = cues
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
        let table = Self {
            lists,
            cues: cues.to_vec(),
            group,
            slot,
            by_second,
            second_rest,
        };
        (table, starts)
    }

    /// Matches in `words`, left to right. At each position only the longest matching phrase
    /// counts, and a phrase inside an earlier, longer one is skipped, so "not my fault" is not
    /// also "my fault" and "thanks for nothing" is not also "thanks". With `exclusive` false,
    /// both rules apply per label instead, so "i'm afraid" (a de-escalating anger cue) does
    /// not hide "afraid" (a fear cue).
    pub(crate) fn find(&self, words: &[Word], vocab: &Vocab) -> Vec<Hit> {
        let mut hits = Vec::new();
        // (group, last word index covered)
        let mut covered: Vec<(u8, usize)> = Vec::new();
        let mut matched_here: Vec<u8> = Vec::new();
        let bit = if self.slot == 0 {
            crate::vocab::flag::FIRST_SLOT0
        } else {
            crate::vocab::flag::FIRST_SLOT1
        };
        for i in 0..words.len() {
            if words[i].flags & bit == 0 {
                continue;
            }
            let Some(k) = vocab.first_list(words[i].id, self.slot) else {
                continue;
            };
            let (Some(cands), Some(seconds), Some(rest)) = (
                self.lists.get(k),
                self.by_second.get(k),
                self.second_rest.get(k),
            ) else {
                continue;
            };
            // Only the candidates that can match the next word, in their order (skipping the
            // others is what the second-word test below would do anyway).
            let chosen: &[u16] = match words.get(i + 1) {
                Some(next) => seconds
                    .iter()
                    .find(|(id, _)| *id == next.id)
                    .map_or(rest, |(_, c)| c),
                None => rest,
            };
            matched_here.clear();
            for &c in chosen {
                let Some((parts, idx)) = cands.get(usize::from(c)) else {
                    continue;
                };
                let parts = parts.ids();
                if i + parts.len() > words.len() {
                    continue;
                }
                // Most candidates fail on their second word: test it before anything else
                // (the checks below have no side effects, so their order does not matter).
                if let Some(&p) = parts.get(1)
                    && p != WILDCARD
                    && words[i + 1].id != p
                {
                    continue;
                }
                let cue = self.cues[*idx];
                let key = self.group[*idx];
                if matched_here.contains(&key) {
                    continue;
                }
                let last = i + parts.len() - 1;
                if covered.iter().any(|&(k, c)| k == key && last <= c) {
                    continue;
                }
                let ok = parts
                    .iter()
                    .enumerate()
                    .all(|(k, &p)| p == WILDCARD || words[i + k].id == p);
                if !ok {
                    continue;
                }
                matched_here.push(key);
                hits.push(Hit {
                    cue,
                    first: i,
                    last,
                });
                match covered.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = entry.1.max(last),
                    None => covered.push((key, last)),
                }
            }
        }
        hits
    }
    /// [`PhraseTable::find`] before candidates were selected by their second word.
    #[cfg(test)]
    pub(crate) fn find_ref(&self, words: &[Word], vocab: &Vocab) -> Vec<Hit> {
        let mut hits = Vec::new();
        // (group, last word index covered)
        let mut covered: Vec<(u8, usize)> = Vec::new();
        let mut matched_here: Vec<u8> = Vec::new();
        let bit = if self.slot == 0 {
            crate::vocab::flag::FIRST_SLOT0
        } else {
            crate::vocab::flag::FIRST_SLOT1
        };
        for i in 0..words.len() {
            if words[i].flags & bit == 0 {
                continue;
            }
            let Some(cands) = vocab
                .first_list(words[i].id, self.slot)
                .and_then(|k| self.lists.get(k))
            else {
                continue;
            };
            matched_here.clear();
            for (parts, idx) in cands {
                let parts = parts.ids();
                if i + parts.len() > words.len() {
                    continue;
                }
                // Most candidates fail on their second word: test it before anything else
                // (the checks below have no side effects, so their order does not matter).
                if let Some(&p) = parts.get(1)
                    && p != WILDCARD
                    && words[i + 1].id != p
                {
                    continue;
                }
                let cue = self.cues[*idx];
                let key = self.group[*idx];
                if matched_here.contains(&key) {
                    continue;
                }
                let last = i + parts.len() - 1;
                if covered.iter().any(|&(k, c)| k == key && last <= c) {
                    continue;
                }
                let ok = parts
                    .iter()
                    .enumerate()
                    .all(|(k, &p)| p == WILDCARD || words[i + k].id == p);
                if !ok {
                    continue;
                }
                matched_here.push(key);
                hits.push(Hit {
                    cue,
                    first: i,
                    last,
                });
                match covered.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = entry.1.max(last),
                    None => covered.push((key, last)),
                }
            }
        }
        hits
    }
}
