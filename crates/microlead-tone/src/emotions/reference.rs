//! Plain versions of [`super`]'s fast paths, for the tests to compare the fast ones with.

use crate::tokens::Word;
use crate::types::Emotions;
use crate::vocab::{VOCAB, pair_key};

use super::{
    ACRONYMS, EmotionDetail, Feature, NAMES, SPAN_MIN_WEIGHT, dedup_short, punctuation_runs,
    sigmoid,
};

/// [`super::detail_in`] as it was, for comparing with it.
pub(super) fn detail_in_ref(
    ws: &[Word],
    text: &str,
    keep: bool,
    found: &mut Vec<Feature>,
) -> EmotionDetail {
    let vocab = &*VOCAB;
    let mut z = vocab.bias;
    let mut contributions = Vec::new();

    // Binary features: each distinct feature counts once. Collect, then keep the first
    // occurrence of each (sorting keeps this O(n log n) on long texts).
    const UNIGRAM: u64 = 1 << 63;
    found.clear();
    // The previous word, if it starts some weighted pair.
    let mut prev: Option<u32> = None;
    for (i, w) in ws.iter().enumerate() {
        use crate::vocab::flag::{PAIR_FIRST, PAIR_SECOND, WEIGHTS};
        if w.flags & (WEIGHTS | PAIR_FIRST | PAIR_SECOND) == 0 {
            prev = None;
            continue;
        }
        // The word's flags mirror its entry (a word with flags has an entry), so only the
        // dense weight array is read, not the entry.
        let id = w.id;
        if w.flags & WEIGHTS != 0
            && let Some(v) = vocab.unigram(id)
        {
            found.push((UNIGRAM | u64::from(id), found.len(), v, w.start, w.end));
        }
        if w.flags & PAIR_SECOND != 0
            && let Some(p) = prev
            && let Some(v) = vocab.pair_ref(p, id)
        {
            let start = ws[i - 1].start;
            found.push((pair_key(p, id), found.len(), v, start, w.end));
        }
        prev = (w.flags & PAIR_FIRST != 0).then_some(id);
    }
    if found.len() <= 48 {
        dedup_short(found);
    } else {
        found.sort_unstable_by_key(|f| (f.0, f.1));
        found.dedup_by_key(|f| f.0);
    }
    for &(_, _, w, start, end) in found.iter() {
        for e in 0..3 {
            z[e] += f64::from(w[e]);
            if keep && w[e] >= SPAN_MIN_WEIGHT {
                contributions.push((e, start, end, f64::from(w[e])));
            }
        }
    }

    for hit in vocab.emotion_cues.find_ref(ws, vocab) {
        let e = NAMES.iter().position(|n| *n == hit.cue.label).unwrap_or(0);
        z[e] += hit.cue.weight;
        if keep {
            contributions.push((e, ws[hit.first].start, ws[hit.last].end, hit.cue.weight));
        }
    }

    // SHOUTING: several words in capitals (acronyms aside) read as raised voice.
    let shouted: Vec<&Word> = ws
        .iter()
        .filter(|w| w.is_shouted() && !ACRONYMS.contains(&&text[w.start..w.end]))
        .collect();
    if !shouted.is_empty() {
        let bonus = if shouted.len() >= 2 { 1.0 } else { 0.4 };
        z[0] += bonus;
        if keep {
            for w in &shouted {
                contributions.push((0, w.start, w.end, bonus));
            }
        }
    }
    // Stacked "!!" or "?!": raised voice, usually anger in a workplace message.
    let mut marks = 0.0f64;
    for (start, end) in punctuation_runs(text) {
        let run = &text[start..end];
        let bonus: f64 = if run.contains("?!") || run.contains("!?") {
            0.5
        } else if run.starts_with("!!") {
            0.6
        } else if run.starts_with("???") {
            0.4
        } else {
            continue;
        };
        // Several stacked runs do not add up without limit.
        let bonus = bonus.min(1.0 - marks).max(0.0);
        marks += bonus;
        z[0] += bonus;
        if keep && bonus > 0.0 {
            contributions.push((0, start, end, bonus));
        }
    }

    EmotionDetail {
        emotions: Emotions {
            anger: sigmoid(z[0]),
            fear: sigmoid(z[1]),
            distress: sigmoid(z[2]),
        },
        contributions,
    }
}

/// [`super::dedup_short`] as it was, for comparing with it.
pub(super) fn dedup_short_ref(found: &mut Vec<Feature>) {
    let mut k = 0;
    while k < found.len() {
        if found[..k].iter().any(|f| f.0 == found[k].0) {
            found.remove(k);
        } else {
            k += 1;
        }
    }
}

/// The loop [`super::punctuation_runs`] replaced, for comparing with it.
pub(super) fn punctuation_runs_ref(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'!' || b[i] == b'?' {
            let s = i;
            while i < b.len() && (b[i] == b'!' || b[i] == b'?') {
                i += 1;
            }
            if i - s >= 2 {
                out.push((s, i));
            }
        } else {
            i += 1;
        }
    }
    out
}
