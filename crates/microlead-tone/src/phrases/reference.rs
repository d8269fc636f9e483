//! Plain versions of [`super`]'s matcher, for the tests to compare the fast one with.

use crate::tokens::Word;
use crate::vocab::Vocab;

use super::{Hit, Parts, PhraseTable, WILDCARD};

/// The lists a [`PhraseTable`] is compiled from, kept for the reference matchers.
pub(super) struct Plain {
    /// Lists of (phrase as word ids, cue index), longest phrase first; a word's vocabulary
    /// entry points at the list of phrases it starts. [`super::Heads`] holds them as
    /// [`super::Cand`]s.
    pub(super) lists: Vec<Vec<(Parts, usize)>>,
    /// Per cue: the small number that [`PhraseTable::hits`] groups overlaps by (its label's
    /// index, or 0 for every cue when exclusive).
    pub(super) group: Vec<u8>,
    /// Per list: for each word id some phrase has second, the positions (in the list's
    /// order) of the phrases that can match with that second word: those with it, a wildcard
    /// or no second word.
    pub(super) by_second: Vec<Vec<(u32, Vec<u16>)>>,
    /// Per list: the positions of the phrases with a wildcard or no second word, for any
    /// other next word.
    pub(super) second_rest: Vec<Vec<u16>>,
}

impl PhraseTable {
    /// [`PhraseTable::hits`] as it was before its own look-up tables, collected.
    pub(crate) fn find_prev(&self, words: &[Word], vocab: &Vocab) -> Vec<Hit> {
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
                self.plain.lists.get(k),
                self.plain.by_second.get(k),
                self.plain.second_rest.get(k),
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
                let key = self.plain.group[*idx];
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
                    index: *idx,
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

    /// [`PhraseTable::hits`] before candidates were selected by their second word.
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
                .and_then(|k| self.plain.lists.get(k))
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
                let key = self.plain.group[*idx];
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
                    index: *idx,
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
