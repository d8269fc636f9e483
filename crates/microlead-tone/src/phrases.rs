//! Matching fixed word sequences ("per my last email", "you always") against word tokens.
//!
//! Cue tables are small and matched on whole lower-cased words, never substrings, so "classic"
//! does not match "ass". The first word indexes the table, so each input word costs one hash
//! look-up however many phrases there are. `*` in a phrase matches any one word.

use crate::fasthash::StrTable;
use crate::tokens::Word;

/// A cue: a phrase, what it signals, and how strongly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    pub phrase: &'static str,
    pub label: &'static str,
    pub weight: f64,
}

/// A compiled table of cues.
pub(crate) struct PhraseTable {
    by_first: StrTable<Vec<(Vec<&'static str>, usize)>>,
    cues: Vec<Cue>,
    exclusive: bool,
}

/// One match: cue index and the word range `[first, last]` it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub cue: Cue,
    pub first: usize,
    pub last: usize,
}

impl PhraseTable {
    /// `exclusive`: whether overlapping cues of different labels exclude each other (see
    /// [`PhraseTable::find`]).
    pub(crate) fn new(cues: &[Cue], exclusive: bool) -> Self {
        let mut by_first: StrTable<Vec<(Vec<&'static str>, usize)>> =
            StrTable::with_capacity(cues.len());
        for (n, cue) in cues.iter().enumerate() {
            let parts: Vec<&'static str> = cue.phrase.split(' ').collect();
            if let Some(first) = parts.first() {
                let list = by_first.entry_or_default(first);
                list.push((parts.clone(), n));
                // Longest phrases first, so "as i already said" wins over "as i".
                list.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
            }
        }
        Self {
            by_first,
            cues: cues.to_vec(),
            exclusive,
        }
    }

    /// Matches in `words`, left to right. At each position only the longest matching phrase
    /// counts, and a phrase inside an earlier, longer one is skipped, so "not my fault" is not
    /// also "my fault" and "thanks for nothing" is not also "thanks". With `exclusive` false,
    /// both rules apply per label instead, so "i'm afraid" (a de-escalating anger cue) does
    /// not hide "afraid" (a fear cue).
    pub(crate) fn find(&self, words: &[Word<'_>]) -> Vec<Hit> {
        let mut hits = Vec::new();
        // (label or "" when exclusive, last word index covered)
        let mut covered: Vec<(&'static str, usize)> = Vec::new();
        for i in 0..words.len() {
            let Some(cands) = self.by_first.get(words[i].lower.as_ref()) else {
                continue;
            };
            let mut matched_here: Vec<&'static str> = Vec::new();
            for (parts, idx) in cands {
                if i + parts.len() > words.len() {
                    continue;
                }
                let cue = self.cues[*idx];
                let key = if self.exclusive { "" } else { cue.label };
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
                    .all(|(k, p)| *p == "*" || words[i + k].lower == *p);
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
