//! Plain versions of [`super`]'s fast paths, for the tests to compare the fast ones with.

use std::ops::Range;

use crate::tokens::Word;

use super::{ACRONYMS, AngerSignal, DraftDetail, Found, WORD_IDS, exclamations, is_harsh, list};

/// Labels of harsh cues (everything else is kind); [`super::is_harsh`] is the test.
pub(super) const HARSH_LABELS: &[&str] = &[
    "blame",
    "absolute",
    "label",
    "sarcasm",
    "contempt",
    "profanity",
    "shouting",
    "exclamations",
    "command",
    "defensive",
    "anger",
];

/// [`super::saturate`] as it was, for comparing with it.
pub(super) fn saturate_ref(sum: f64) -> f64 {
    1.0 - (-sum.max(0.0)).exp()
}

/// [`super::detail_with_words`] as it was, for comparing with it.
pub(super) fn detail_with_words_ref(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    compound: f64,
    anger: &AngerSignal<'_>,
) -> DraftDetail {
    let mut found = Vec::new();
    let vocab = &*crate::vocab::VOCAB;
    // The table is exclusive: the longest cue at a word wins and cues inside it do not count,
    // so "not my fault" is defensive, not ownership. "I can't" never matches "i can ...": the
    // tokeniser keeps "can't" whole.
    for hit in vocab.draft_cues.find_ref(ws, vocab) {
        found.push(Found {
            label: hit.cue.label,
            weight: hit.cue.weight,
            start: ws[hit.first].start,
            end: ws[hit.last].end,
        });
    }
    person_labels_ref(ws, &mut found);
    shouting_ref(text, ws, &mut found);
    exclamations(text, crate::emotions::punctuation_runs(text), &mut found);
    sentence_cues_ref(text, ws, sentences, &mut found);

    let mut harsh_sum = 0.0;
    let mut kind_sum = 0.0;
    // Each label counts at most twice, so ten "thanks" do not outweigh one insult.
    let mut per_label: Vec<(&str, usize)> = Vec::new();
    for f in &found {
        let n = match per_label.iter_mut().find(|(l, _)| *l == f.label) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                per_label.push((f.label, 1));
                1
            }
        };
        if n > 2 {
            continue;
        }
        if is_harsh(f.label) {
            harsh_sum += f.weight;
        } else {
            kind_sum += f.weight;
        }
    }
    let anger_weight = ((anger.score - 0.4) / 0.6).clamp(0.0, 1.0) * 1.2;
    if anger_weight > 0.0 {
        harsh_sum += anger_weight;
        for &(start, end) in anger.spans {
            found.push(Found {
                label: "anger",
                weight: 0.0,
                start,
                end,
            });
        }
    }
    // Strong negative wording that no cue names still reads as harsh, a little.
    if compound < -0.5 {
        harsh_sum += (-compound - 0.5) * 0.8;
    }
    if compound > 0.5 {
        kind_sum += (compound - 0.5) * 0.4;
    }
    // Kind words with harsh ones ("thanks for nothing") soften less than they seem to.
    DraftDetail {
        harshness: saturate_ref(harsh_sum),
        kindness: saturate_ref(kind_sum - 0.6 * harsh_sum),
        found,
        word_count: ws.len(),
    }
}

/// "you are lazy", "you're such an idiot", "you were careless".
pub(super) fn person_labels_ref(ws: &[Word], found: &mut Vec<Found>) {
    let ids = &*WORD_IDS;
    for i in 0..ws.len() {
        let w = ws[i].id;
        let next = if ids.has(w, list::YOU_ARE) {
            i + 1
        } else if ids.has(w, list::YOU)
            && ws.get(i + 1).is_some_and(|x| ids.has(x.id, list::BE_VERBS))
        {
            i + 2
        } else {
            continue;
        };
        let mut j = next;
        let mut fillers = 0;
        while j < ws.len() && fillers < 3 && ids.has(ws[j].id, list::FILLERS) {
            j += 1;
            fillers += 1;
        }
        if let Some(label) = ws.get(j)
            && ids.has(label.id, list::PERSON_LABELS)
        {
            found.push(Found {
                label: "label",
                weight: 1.2,
                start: ws[i].start,
                end: label.end,
            });
        }
    }
}

pub(super) fn shouting_ref(text: &str, ws: &[Word], found: &mut Vec<Found>) {
    let shouted: Vec<&Word> = ws
        .iter()
        .filter(|w| w.is_shouted() && !ACRONYMS.contains(&&text[w.start..w.end]))
        .collect();
    if shouted.is_empty() {
        return;
    }
    let weight = if shouted.len() >= 2 { 0.8 } else { 0.35 };
    for w in shouted {
        found.push(Found {
            label: "shouting",
            weight,
            start: w.start,
            end: w.end,
        });
    }
}

/// Per sentence: a bare command at its start, and a question (a kind cue unless the sentence is
/// also harsh, e.g. "why would you do that?").
pub(super) fn sentence_cues_ref(
    text: &str,
    all: &[Word],
    sentences: &[Range<usize>],
    found: &mut Vec<Found>,
) {
    let mut k = 0;
    for range in sentences.iter().cloned() {
        let sentence = &text[range.clone()];
        let (s0, s1) = (range.start, range.end);
        while k < all.len() && all[k].start < s0 {
            k += 1;
        }
        let first_k = k;
        while k < all.len() && all[k].end <= s1 {
            k += 1;
        }
        let ws = &all[first_k..k];
        let Some(first) = ws.first() else { continue };
        // Whether a harsh cue lies inside, as found before this sentence's own cues: only
        // asked for a question, and a question never gets a "command" cue.
        let harsh_inside = |found: &[Found]| {
            found
                .iter()
                .any(|f| is_harsh(f.label) && f.start >= s0 && f.end <= s1)
        };
        let ids = &*WORD_IDS;
        let question = sentence.trim_end().ends_with('?');
        if !question && ids.has(first.id, list::COMMANDS) {
            // "Do let me know" and "Let me..." are not commands; "please" softens.
            let softened = ws.iter().take(4).any(|w| ids.has(w.id, list::SOFTENERS))
                || ws
                    .get(1)
                    .is_some_and(|w| ids.has(w.id, list::NOT_A_COMMAND_AFTER));
            if !softened {
                let end = ws.get(2).map_or(first.end, |w| w.end);
                found.push(Found {
                    label: "command",
                    weight: 0.6,
                    start: first.start,
                    end,
                });
            }
        }
        if question && !harsh_inside(found) {
            let q_end = sentence.trim_end().len();
            found.push(Found {
                label: "question",
                weight: 0.3,
                start: s0,
                end: s0 + q_end,
            });
        }
    }
}
