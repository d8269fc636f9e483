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
}

/// One match: cue index and the word range `[first, last]` it covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub cue: Cue,
    pub first: usize,
    pub last: usize,
}

impl PhraseTable {
    pub(crate) fn new(cues: &[Cue]) -> Self {
        let mut by_first: StrTable<Vec<(Vec<&'static str>, usize)>> =
            StrTable::with_capacity(cues.len());
        for (n, cue) in cues.iter().enumerate() {
            let parts: Vec<&'static str> = cue.phrase.split(' ').collect();
            if let Some(first) = parts.first() {
                let list = by_first.entry_or_default(first);
                list.push((parts.clone(), n));
                // Longest phrases first, so "as i already said" wins over "as i".
                list.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
            }
        }
        Self { by_first, cues: cues.to_vec() }
    }

    /// Matches in `words`, left to right. At each position only the longest matching phrase
    /// counts (several if they tie with different labels, e.g. "stressed" as fear and as
    /// distress), and a phrase inside an earlier, longer one is skipped, so "not my fault"
    /// is not also "my fault" and "thanks for nothing" is not also "thanks".
    pub(crate) fn find(&self, words: &[Word<'_>]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut covered_to: Option<usize> = None;
        for i in 0..words.len() {
            let Some(cands) = self.by_first.get(words[i].lower.as_ref()) else {
                continue;
            };
            let mut best_len = 0;
            let mut new_cover = covered_to;
            for (parts, idx) in cands {
                if parts.len() < best_len {
                    break;
                }
                if i + parts.len() > words.len() {
                    continue;
                }
                let last = i + parts.len() - 1;
                if covered_to.is_some_and(|c| last <= c) {
                    continue;
                }
                let ok = parts
                    .iter()
                    .enumerate()
                    .all(|(k, p)| *p == "*" || words[i + k].lower == *p);
                if !ok {
                    continue;
                }
                best_len = parts.len();
                hits.push(Hit { cue: self.cues[*idx], first: i, last });
                new_cover = Some(new_cover.map_or(last, |c| c.max(last)));
            }
            covered_to = new_cover;
        }
        hits
    }
}
