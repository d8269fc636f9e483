//! Harshness and kindness of a draft reply.
//!
//! Both are cue-based and explainable: each cue found adds its weight, and a score is
//! `1 - exp(-sum)`, so one strong cue reads clearly, several saturate towards 1 and nothing
//! found is 0. Every cue becomes a span labelled with what it is (`blame`, `absolute`,
//! `label`, `sarcasm`, `profanity`, `shouting`, `exclamations`, `command`, `defensive` on the
//! harsh side; `acknowledgement`, `gratitude`, `apology`, `ownership`, `offer`, `question`,
//! `we` on the kind side).

use std::sync::LazyLock;

use crate::phrases::Cue;
use std::ops::Range;

use crate::emotions::is_acronym;
use crate::spans::{span, tidy};
use crate::tokens::{Word, words};
use crate::types::{DraftReading, Span, Valence};

macro_rules! cues {
    ($label:literal, $weight:literal: $($phrase:literal),* $(,)?) => {
        [$(Cue { phrase: $phrase, label: $label, weight: $weight }),*]
    };
}

const BLAME: [Cue; 30] = cues!("blame", 0.8:
    "your fault", "you failed", "you didn't", "you did not", "you should have", "you forgot",
    "you messed up", "you screwed up", "you broke", "because of you", "you caused", "you ignored",
    "blame you", "you were supposed to", "you were meant to", "you need to", "you have to",
    "you must", "thanks to you", "you made", "you missed", "you dropped the ball",
    "your team dropped", "your team's fault", "because of your", "didn't bother",
    "nobody bothered", "lying", "excuses", "your mistakes");
const CONTEMPT: [Cue; 33] = cues!("contempt", 0.8:
    "or else", "escalate", "take it to hr", "last warning", "i'm done", "don't you dare",
    "don't ever", "enough is enough", "waste of", "wasting my time", "garbage", "pathetic",
    "a joke", "insulting", "out of line", "worst", "terrible", "useless", "ridiculous",
    "unacceptable", "incompetent", "unprofessional", "condescending", "rude", "disrespectful",
    "are you kidding", "are you even", "you know it", "who approved", "who decided", "who wrote",
    "i told you", "how many times");
const ABSOLUTE: [Cue; 9] = cues!("absolute", 0.9:
    "you always", "you never", "every time", "every single time", "as usual", "once again",
    "yet again", "you constantly", "you keep");
const SARCASM: [Cue; 30] = cues!("sarcasm", 0.8:
    "obviously", "per my last email", "per my previous email", "as i already said",
    "as i said", "as previously stated", "as previously mentioned", "as mentioned",
    "i already told you", "as i told you", "thanks for nothing", "good luck with that",
    "whatever", "no offense", "with all due respect", "just saying", "how hard is it",
    "do i have to", "for the last time", "clearly you", "not rocket science", "nice going",
    "great job breaking", "if you had read", "if you had bothered", "read my email",
    "i shouldn't have to", "great job really", "seriously", "unbelievable");
const DEFENSIVE: [Cue; 14] = cues!("defensive", 0.6:
    "not my fault", "wasn't me", "not my problem", "not my job", "i did my part",
    "nobody told me", "no one told me", "i was never told", "that's not true",
    "i'm not the one", "not on me", "i did what i was asked", "don't blame me",
    "i was just following");
const PROFANITY: [Cue; 22] = cues!("profanity", 1.0:
    "fuck", "fucking", "fucked", "shit", "shitty", "bullshit", "damn", "damned", "crap",
    "crappy", "ass", "asshole", "bastard", "wtf", "stfu", "piss", "pissed", "hell", "bloody",
    "goddamn", "dick", "bitch");
const ACKNOWLEDGEMENT: [Cue; 32] = cues!("acknowledgement", 1.0:
    "i understand", "i hear you", "i see why", "i get it", "i can see", "i can imagine",
    "that sounds frustrating", "that sounds stressful", "that sounds hard",
    "that sounds difficult", "that sounds tough", "that sounds worrying", "that sounds scary",
    "that sounds upsetting", "that sounds annoying", "sounds frustrating", "sounds stressful",
    "that must be", "that must have been", "makes sense", "you're right", "you are right",
    "fair point", "sorry to hear", "i know this is", "understandably", "that's frustrating",
    "that is frustrating", "your frustration", "your concern", "your concerns", "i see how");
const GRATITUDE: [Cue; 8] = cues!("gratitude", 0.7:
    "thank you", "thanks", "thank", "appreciate", "appreciated", "grateful", "thx", "kudos");
const APOLOGY: [Cue; 6] = cues!("apology", 0.8:
    "sorry", "i apologize", "i apologise", "apologies", "my apologies", "i regret");
const OWNERSHIP: [Cue; 14] = cues!("ownership", 1.0:
    "my fault", "my mistake", "my bad", "i should have", "i shouldn't have", "that's on me",
    "that is on me", "i take responsibility", "i own", "i missed", "i messed up",
    "i dropped the ball", "i was wrong", "i got this wrong");
const OFFER: [Cue; 47] = cues!("offer", 0.8:
    "let me", "happy to", "would it help", "how can i help", "glad to", "we can", "i'd be happy",
    "can i help", "i'm on it", "i am on it", "shall i", "want me to", "i'll make sure",
    "i will make sure", "i can help", "i can take", "i can cover", "i can do", "i can look",
    "i can review", "i can pair", "i can fix", "i can handle", "i can send", "i can walk",
    "i'll help", "i'll fix", "i'll take", "i'll sort", "i'll send", "i'll handle", "i'll cover",
    "i'll look", "i'll check", "i'll follow up", "i'll get back", "i'll have", "i'll clarify",
    "i will help", "i will fix", "i will take", "i will send", "would a call help", "i'm free",
    "can i take", "anything i can do", "i'm here");
const SHARED_STEP: [Cue; 2] = cues!("offer", 0.4: "let's", "together");
const PRAISE: [Cue; 12] = cues!("praise", 0.8:
    "great work", "great job", "well done", "nice work", "good job", "great catch",
    "you did a great job", "you're doing great", "i value", "i really value", "proud of",
    "excellent");
/// Hedges that contain an offer's words but are not offers ("not sure I can handle it").
const HEDGE: [Cue; 4] = cues!("hedge", 0.0:
    "not sure i can", "i don't think i can", "if i can't", "sorry to bother");
const WE: [Cue; 3] = cues!("we", 0.2: "we", "us", "our");

/// Every harsh and kind cue, in one list (compiled by [`crate::vocab`]).
pub(crate) fn cue_list() -> Vec<Cue> {
    let mut all: Vec<Cue> = Vec::new();
    for group in [
        &BLAME[..],
        &CONTEMPT,
        &ABSOLUTE,
        &SARCASM,
        &DEFENSIVE,
        &PROFANITY,
        &ACKNOWLEDGEMENT,
        &GRATITUDE,
        &APOLOGY,
        &OWNERSHIP,
        &OFFER,
        &SHARED_STEP,
        &PRAISE,
        &HEDGE,
        &WE,
    ] {
        all.extend_from_slice(group);
    }
    all
}

/// Words that, said about a person ("you are lazy"), judge them instead of their work.
const PERSON_LABELS: &[&str] = &[
    "lazy",
    "careless",
    "incompetent",
    "useless",
    "stupid",
    "idiot",
    "idiots",
    "clueless",
    "sloppy",
    "unprofessional",
    "rude",
    "unreliable",
    "hopeless",
    "pathetic",
    "ridiculous",
    "selfish",
    "difficult",
    "annoying",
    "dumb",
    "irresponsible",
    "disorganized",
    "disorganised",
    "immature",
    "worthless",
    "moron",
    "joke",
    "liar",
    "arrogant",
    "negligent",
    "a mess",
];

/// Words allowed between "you are" and the label ("you are SO lazy", "you're such an idiot").
const LABEL_FILLERS: &[&str] = &[
    "so",
    "such",
    "a",
    "an",
    "really",
    "very",
    "totally",
    "completely",
    "just",
    "being",
    "always",
    "truly",
    "utterly",
    "quite",
    "the",
    "most",
    "absolutely",
];

/// Verbs that open a bare command ("Fix it.", "Send me the file now.").
const COMMAND_VERBS: &[&str] = &[
    "fix", "stop", "do", "send", "read", "check", "don't", "get", "make", "listen", "deal",
    "figure", "look", "answer", "call", "give", "tell", "explain", "finish", "redo", "update",
    "respond", "reply", "change", "remove", "move", "be", "pay", "follow", "provide", "sort",
    "quit",
];

/// Words that open "you are ..." / "you're ...", and what may follow "you" there.
const YOU_ARE: &[&str] = &["you're", "youre", "ur"];
const YOU: &[&str] = &["you"];
const BE_VERBS: &[&str] = &["are", "were", "seem", "sound", "look"];
/// "please"/"kindly" near the start soften a command; "let"/"you"/"we" after the verb make it
/// something else ("Do let me know", "Make sure you...", "Let's").
const SOFTENERS: &[&str] = &["please", "kindly"];
const NOT_A_COMMAND_AFTER: &[&str] = &["let", "you", "we"];

/// The words that can open a person label ("you're ...", "you are ..."), flagged in the
/// vocabulary so that [`person_labels`] passes over every other word with one bit test.
pub(crate) fn label_openers() -> impl Iterator<Item = &'static str> {
    YOU_ARE.iter().chain(YOU).copied()
}

/// Every word the lists above compare against, for [`crate::vocab`] to give ids to.
pub(crate) fn word_lists() -> impl Iterator<Item = &'static str> {
    [
        PERSON_LABELS,
        LABEL_FILLERS,
        COMMAND_VERBS,
        YOU_ARE,
        YOU,
        BE_VERBS,
        SOFTENERS,
        NOT_A_COMMAND_AFTER,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The lists as sets of vocabulary ids: per id, one bit per list it is in, so a check is one
/// byte read instead of a scan of the list.
struct WordIds {
    bits: Vec<u8>,
    /// The ids in [`COMMAND_VERBS`]: a fixed array, so the test of a word is a few compares
    /// without a loop (one test per sentence, whose byte in `bits` is most often not in
    /// cache). The words that can open a person label have a vocabulary flag instead
    /// ([`label_openers`]).
    commands: [u32; COMMAND_VERBS.len()],
}

/// The bits of [`WordIds`], one per list.
mod list {
    pub(super) const PERSON_LABELS: u8 = 1;
    pub(super) const FILLERS: u8 = 2;
    pub(super) const COMMANDS: u8 = 4;
    pub(super) const YOU_ARE: u8 = 8;
    pub(super) const YOU: u8 = 16;
    pub(super) const BE_VERBS: u8 = 32;
    pub(super) const SOFTENERS: u8 = 64;
    pub(super) const NOT_A_COMMAND_AFTER: u8 = 128;
}

impl WordIds {
    /// Whether word `id` is in the list(s) `bit`.
    #[inline]
    fn has(&self, id: u32, bit: u8) -> bool {
        self.bits.get(id as usize).is_some_and(|b| b & bit != 0)
    }
}

static WORD_IDS: LazyLock<WordIds> = LazyLock::new(|| {
    let vocab = &*crate::vocab::VOCAB;
    let mut bits: Vec<u8> = Vec::new();
    for (words, bit) in [
        (PERSON_LABELS, list::PERSON_LABELS),
        (LABEL_FILLERS, list::FILLERS),
        (COMMAND_VERBS, list::COMMANDS),
        (YOU_ARE, list::YOU_ARE),
        (YOU, list::YOU),
        (BE_VERBS, list::BE_VERBS),
        (SOFTENERS, list::SOFTENERS),
        (NOT_A_COMMAND_AFTER, list::NOT_A_COMMAND_AFTER),
    ] {
        for w in words {
            // Every listed word has an id (crate::vocab gives them one).
            let id = vocab.id_of(w) as usize;
            if id >= bits.len() {
                bits.resize(id + 1, 0);
            }
            bits[id] |= bit;
        }
    }
    let mut commands = [crate::vocab::UNKNOWN; COMMAND_VERBS.len()];
    for (slot, w) in commands.iter_mut().zip(COMMAND_VERBS) {
        *slot = vocab.id_of(w);
    }
    WordIds { bits, commands }
});

/// Capitalised words that are names, not shouting.
pub(crate) const ACRONYMS: &[&str] = &[
    "OK", "FYI", "ASAP", "EOD", "PR", "QA", "API", "UI", "UX", "CEO", "CTO", "HR", "IT", "PM",
    "AM", "US", "UK", "EU", "ID", "OKR", "KPI", "SLA", "ETA", "TBD", "PDF", "CSV", "URL", "VPN",
    "DB", "SQL", "AWS", "CI", "CD", "MVP", "ROI", "Q1", "Q2", "Q3", "Q4", "TL", "DR", "I'M",
    "I'LL",
];

/// [`ACRONYMS`] as keys of [`crate::emotions::is_acronym`].
pub(crate) static DRAFT_ACRONYMS: [u64; ACRONYMS.len()] = crate::emotions::acronym_keys(ACRONYMS);

/// One cue found in a draft.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub label: &'static str,
    pub weight: f64,
    pub start: usize,
    pub end: usize,
}

/// Everything the coach needs about a draft.
pub(crate) struct DraftDetail {
    pub harshness: f64,
    pub kindness: f64,
    pub found: Vec<Found>,
    pub word_count: usize,
}

pub(crate) fn is_harsh(label: &str) -> bool {
    // The same test as `HARSH_LABELS.contains(&label)`, as one match on the string.
    matches!(
        label,
        "blame"
            | "absolute"
            | "label"
            | "sarcasm"
            | "contempt"
            | "profanity"
            | "shouting"
            | "exclamations"
            | "command"
            | "defensive"
            | "anger"
    )
}

fn saturate(sum: f64) -> f64 {
    // At or below zero (or NaN) the formula below gives exactly 1 - exp(-0) = +0, and most
    // lines have no harsh or no kind cue: skip the libm call.
    if sum.is_nan() || sum <= 0.0 {
        return 0.0;
    }
    1.0 - (-sum).exp()
}

/// The draft-side view of the anger model: its score and the words behind it.
pub(crate) struct AngerSignal<'a> {
    pub score: f64,
    /// (start, end) byte ranges of the words that raised it (may be empty for bulk use).
    pub spans: &'a [(usize, usize)],
}

/// Harshness and kindness of a draft. Angry wording found by the emotion model counts as
/// harsh too (a draft that would read as angry when received is harsh), from an anger score of
/// 0.4 up.
/// `sentences` are the draft's sentence ranges (from [`crate::vader::message_pieces`]).
pub(crate) fn detail(text: &str, sentences: &[Range<usize>], compound: f64) -> DraftDetail {
    let ws = words(text);
    let emo = crate::emotions::detail(&ws, text, true);
    let spans: Vec<(usize, usize)> = emo
        .contributions
        .iter()
        .filter(|c| c.0 == 0 && c.3 > 0.0)
        .map(|c| (c.1, c.2))
        .collect();
    let anger = AngerSignal {
        score: emo.emotions.anger,
        spans: &spans,
    };
    detail_with_words(text, &ws, sentences, compound, &anger)
}

/// [`detail`] for a text already split into words and read by the emotion model.
pub(crate) fn detail_with_words(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    compound: f64,
    anger: &AngerSignal<'_>,
) -> DraftDetail {
    let mut found = Vec::new();
    let runs = crate::emotions::punctuation_runs(text);
    let (harshness, kindness) = sums(text, ws, sentences, compound, anger, runs, &mut found);
    DraftDetail {
        harshness,
        kindness,
        found,
        word_count: ws.len(),
    }
}

/// Harshness and kindness of a draft, as [`detail_with_words`] gives them, with the cues found
/// appended to `found`; `runs` are the text's [`crate::emotions::punctuation_runs`].
fn sums(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    compound: f64,
    anger: &AngerSignal<'_>,
    runs: impl Iterator<Item = (usize, usize)>,
    found: &mut Vec<Found>,
) -> (f64, f64) {
    let vocab = &*crate::vocab::VOCAB;
    // The table is exclusive: the longest cue at a word wins and cues inside it do not count,
    // so "not my fault" is defensive, not ownership. "I can't" never matches "i can ...": the
    // tokeniser keeps "can't" whole.
    for hit in vocab.draft_cues.hits(ws, vocab) {
        found.push(Found {
            label: hit.cue.label,
            weight: hit.cue.weight,
            start: ws[hit.first].start,
            end: ws[hit.last].end,
        });
    }
    let shouted = person_labels(text, ws, found);
    if shouted > 0 {
        shouting(text, ws, shouted, found);
    }
    exclamations(text, runs, found);
    sentence_cues(text, ws, sentences, found);

    let mut harsh_sum = 0.0;
    let mut kind_sum = 0.0;
    // Each label counts at most twice, so ten "thanks" do not outweigh one insult.
    let mut per_label: Option<LabelCounts> = None;
    for (k, f) in found.iter().enumerate() {
        // A label's third find needs three finds in all: most lines have fewer, and short
        // lists are counted by a scan instead of [`LabelCounts`].
        let n = match found.len() {
            0..=2 => 1,
            3..=16 => {
                1 + found[..k]
                    .iter()
                    .filter(|g| same_label(g.label, f.label))
                    .count()
            }
            _ => per_label.get_or_insert_default().bump(f.label),
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
    (saturate(harsh_sum), saturate(kind_sum - 0.6 * harsh_sum))
}

/// What [`crate::read_line`] needs from the word-level readings, in one call: the emotion
/// scores, then harshness and kindness as [`detail_with_words`] gives them with the anger
/// score and no anger spans. The same values as those two calls, sharing what they would each
/// do: one scan of the text for stacked marks, and a reused buffer for the cues found instead
/// of a `Vec` per line.
pub(crate) fn line_scores(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    compound: f64,
    marks: Option<usize>,
) -> (crate::types::Emotions, f64, f64) {
    // Lines have few stacked marks; a text with more takes the two calls. A run is two marks
    // or more, so a line known to hold fewer ('!' and '?' are counted by VADER's pass) is not
    // scanned for them: most lines hold none or one.
    let mut runs = [(0, 0); 8];
    let mut n = 0;
    let scan = marks.is_none_or(|m| m >= 2);
    for run in crate::emotions::punctuation_runs(if scan { text } else { "" }) {
        let Some(slot) = runs.get_mut(n) else {
            return line_scores_apart(text, ws, sentences, compound);
        };
        *slot = run;
        n += 1;
    }
    let runs = &runs[..n];
    let emotions = crate::emotions::emotion_scores_with_runs(text, ws, runs);
    let anger = AngerSignal {
        score: emotions.anger,
        spans: &[],
    };
    let sums = |found: &mut Vec<Found>| {
        found.clear();
        let runs = runs.iter().copied();
        sums(text, ws, sentences, compound, &anger, runs, found)
    };
    let (harshness, kindness) = LINE_FOUND.with(|cell| match cell.try_borrow_mut() {
        Ok(mut found) => sums(&mut found),
        // Only reachable if reading ever re-entered itself; fall back to a fresh buffer.
        Err(_) => sums(&mut Vec::new()),
    });
    (emotions, harshness, kindness)
}

/// [`line_scores`] by the two calls it stands for.
fn line_scores_apart(
    text: &str,
    ws: &[Word],
    sentences: &[Range<usize>],
    compound: f64,
) -> (crate::types::Emotions, f64, f64) {
    let emotions = crate::emotions::emotion_scores_with_words(text, ws);
    let anger = AngerSignal {
        score: emotions.anger,
        spans: &[],
    };
    let d = detail_with_words(text, ws, sentences, compound, &anger);
    (emotions, d.harshness, d.kindness)
}

thread_local! {
    /// Reused buffer of [`line_scores`] for the cues found in a line.
    static LINE_FOUND: std::cell::RefCell<Vec<Found>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `a == b`, without a `memcmp` call: labels are short, and equal ones are nearly always the
/// same literal.
#[inline]
fn same_label(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || (a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y))
}

/// How many times each label was found so far, without allocating: labels are few (about
/// twenty exist), so a short array is searched; more than it holds spill into a `Vec`.
#[derive(Default)]
struct LabelCounts {
    seen: [(&'static str, usize); 24],
    len: usize,
    more: Vec<(&'static str, usize)>,
}

impl LabelCounts {
    /// Counts one more `label` and returns its count.
    #[inline]
    fn bump(&mut self, label: &'static str) -> usize {
        if let Some(k) = self.seen[..self.len].iter().position(|(l, _)| *l == label) {
            self.seen[k].1 += 1;
            return self.seen[k].1;
        }
        if self.len < self.seen.len() {
            self.seen[self.len] = (label, 1);
            self.len += 1;
            return 1;
        }
        if let Some(k) = self.more.iter().position(|(l, _)| *l == label) {
            self.more[k].1 += 1;
            return self.more[k].1;
        }
        self.more.push((label, 1));
        1
    }
}

/// "you are lazy", "you're such an idiot", "you were careless". Returns how many words are
/// shouted (acronyms aside), counted in the same pass for [`shouting`].
fn person_labels(text: &str, ws: &[Word], found: &mut Vec<Found>) -> usize {
    let ids = &*WORD_IDS;
    let mut shouted = 0;
    for i in 0..ws.len() {
        if ws[i].is_shouted() && !is_acronym(&DRAFT_ACRONYMS, text, &ws[i]) {
            shouted += 1;
        }
        // Nearly every word opens no label: its vocabulary flag says so before the (large)
        // per-id bit array is read.
        if ws[i].flags & crate::vocab::flag::LABEL_OPENER == 0 {
            continue;
        }
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
    shouted
}

/// The `count` shouted words (acronyms aside), as found by [`person_labels`].
fn shouting(text: &str, ws: &[Word], count: usize, found: &mut Vec<Found>) {
    let weight = if count >= 2 { 0.8 } else { 0.35 };
    for w in ws
        .iter()
        .filter(|w| w.is_shouted() && !is_acronym(&DRAFT_ACRONYMS, text, w))
    {
        found.push(Found {
            label: "shouting",
            weight,
            start: w.start,
            end: w.end,
        });
    }
}

/// `runs`: the text's [`crate::emotions::punctuation_runs`].
fn exclamations(text: &str, runs: impl Iterator<Item = (usize, usize)>, found: &mut Vec<Found>) {
    for (start, end) in runs {
        let run = &text[start..end];
        if run.matches('!').count() >= 2 || run.contains("?!") || run.contains("!?") {
            found.push(Found {
                label: "exclamations",
                weight: 0.6,
                start,
                end,
            });
        }
    }
}

/// Per sentence: a bare command at its start, and a question (a kind cue unless the sentence is
/// also harsh, e.g. "why would you do that?").
fn sentence_cues(text: &str, all: &[Word], sentences: &[Range<usize>], found: &mut Vec<Found>) {
    // One sentence (most lines) holds every word: the sentences cover all of the text but
    // whitespace, and no word has whitespace in it.
    if let [range] = sentences {
        sentence_cue(text, all, range.clone(), found);
        return;
    }
    let mut k = 0;
    for range in sentences.iter().cloned() {
        let (s0, s1) = (range.start, range.end);
        while k < all.len() && all[k].start < s0 {
            k += 1;
        }
        let first_k = k;
        while k < all.len() && all[k].end <= s1 {
            k += 1;
        }
        sentence_cue(text, &all[first_k..k], range, found);
    }
}

/// [`sentence_cues`] of one sentence, `range` of `text`, with words `ws`.
#[inline]
fn sentence_cue(text: &str, ws: &[Word], range: Range<usize>, found: &mut Vec<Found>) {
    let sentence = &text[range.clone()];
    let (s0, s1) = (range.start, range.end);
    let Some(first) = ws.first() else { return };
    // Whether a harsh cue lies inside, as found before this sentence's own cues: only
    // asked for a question, and a question never gets a "command" cue.
    let harsh_inside = |found: &[Found]| {
        found
            .iter()
            .any(|f| is_harsh(f.label) && f.start >= s0 && f.end <= s1)
    };
    let ids = &*WORD_IDS;
    // Pieces are usually trimmed already: a last byte that is ASCII and not whitespace
    // needs no trim (ASCII whitespace for `char::is_whitespace` is ' ' and '\t'..='\r').
    let trimmed_len = match sentence.as_bytes().last() {
        Some(&b) if b < 0x80 && b != b' ' && !(b'\t'..=b'\r').contains(&b) => sentence.len(),
        _ => sentence.trim_end().len(),
    };
    let question = sentence.as_bytes()[..trimmed_len].last() == Some(&b'?');
    if !question
        && ids
            .commands
            .iter()
            .fold(false, |any, &c| any | (c == first.id))
    {
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
        found.push(Found {
            label: "question",
            weight: 0.3,
            start: s0,
            end: s0 + trimmed_len,
        });
    }
}

/// The plain-words reading of a draft.
pub(crate) fn summary(d: &DraftDetail) -> String {
    let has = |label: &str| d.found.iter().any(|f| f.label == label);
    let hostile = [
        "blame",
        "absolute",
        "label",
        "contempt",
        "profanity",
        "sarcasm",
        "anger",
    ]
    .iter()
    .any(|l| has(l));
    let s = if d.harshness >= 0.6 && (hostile || !has("defensive")) {
        if d.kindness >= 0.5 {
            "mixed: kind words with a harsh edge"
        } else {
            "harsh"
        }
    } else if has("defensive") && !has("ownership") {
        "defensive"
    } else if d.harshness >= 0.3 {
        if d.kindness >= 0.5 {
            "mostly kind, with a sharp edge"
        } else {
            "tense"
        }
    } else if d.kindness >= 0.5 {
        "calm and kind"
    } else if d.kindness >= 0.3 {
        "polite"
    } else if d.word_count <= 6 {
        "curt"
    } else {
        "neutral"
    };
    s.to_owned()
}

pub(crate) fn spans(text: &str, d: &DraftDetail) -> Vec<Span> {
    tidy(
        text,
        d.found
            .iter()
            .filter(|f| f.label != "hedge")
            .map(|f| span(text, f.start, f.end, f.label))
            .collect(),
    )
}

pub(crate) fn reading(text: &str, sentences: &[Range<usize>], valence: Valence) -> DraftReading {
    let d = detail(text, sentences, valence.compound);
    DraftReading {
        valence,
        harshness: d.harshness,
        kindness: d.kindness,
        spans: spans(text, &d),
        summary: summary(&d),
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::reference::{HARSH_LABELS, detail_with_words_ref, saturate_ref};
    use super::*;

    fn read(t: &str) -> DraftReading {
        let pieces = crate::vader::message_pieces(t);
        reading(t, &pieces, crate::vader::message_valence_of(t, &pieces))
    }

    #[test]
    fn harsh_draft() {
        let r = read("You always do this. Obviously you are lazy. Fix it NOW!!");
        assert!(r.harshness >= 0.8, "{r:?}");
        let labels: Vec<&str> = r.spans.iter().map(|s| s.label.as_str()).collect();
        for l in ["absolute", "sarcasm", "label", "command", "exclamations"] {
            assert!(labels.contains(&l), "{l} missing in {labels:?}");
        }
        assert_eq!(r.summary, "harsh");
    }

    #[test]
    fn kind_draft() {
        let r = read(
            "I hear you, that sounds frustrating. I should have flagged it earlier. \
             Let me fix the export today. Would a call help?",
        );
        assert!(r.kindness >= 0.8 && r.harshness < 0.2, "{r:?}");
        assert_eq!(r.summary, "calm and kind");
    }

    #[test]
    fn is_harsh_is_the_list() {
        for l in HARSH_LABELS {
            assert!(is_harsh(l));
        }
        for c in cue_list() {
            assert_eq!(is_harsh(c.label), HARSH_LABELS.contains(&c.label));
        }
        assert!(!is_harsh("question") && !is_harsh("") && !is_harsh("blam"));
    }

    #[test]
    fn word_id_bits_are_the_lists() {
        let vocab = &*crate::vocab::VOCAB;
        let ids = &*WORD_IDS;
        let lists: [(&[&str], u8); 8] = [
            (PERSON_LABELS, list::PERSON_LABELS),
            (LABEL_FILLERS, list::FILLERS),
            (COMMAND_VERBS, list::COMMANDS),
            (YOU_ARE, list::YOU_ARE),
            (YOU, list::YOU),
            (BE_VERBS, list::BE_VERBS),
            (SOFTENERS, list::SOFTENERS),
            (NOT_A_COMMAND_AFTER, list::NOT_A_COMMAND_AFTER),
        ];
        for id in 0..ids.bits.len() as u32 + 10 {
            for (words, bit) in lists {
                let want = words.iter().any(|w| vocab.id_of(w) == id);
                assert_eq!(ids.has(id, bit), want, "{id} {bit}");
            }
        }
        assert!(!ids.has(crate::vocab::UNKNOWN, list::YOU));
        for id in (0..ids.bits.len() as u32 + 10).chain([crate::vocab::UNKNOWN]) {
            assert_eq!(
                ids.commands.contains(&id),
                ids.has(id, list::COMMANDS),
                "{id}"
            );
            assert_eq!(
                vocab.flags_of(id) & crate::vocab::flag::LABEL_OPENER != 0,
                ids.has(id, list::YOU_ARE | list::YOU),
                "{id}"
            );
        }
    }

    #[test]
    fn detail_matches_reference() {
        let mut texts = crate::test_texts::sample_texts();
        texts.extend(
            [
                "You are SO lazy. FIX IT NOW!! Why?! ",
                "you're such an idiot?  \n thanks thanks thanks, thanks!",
                "Send me the file. Please send it. Do let me know?\u{a0}",
                "WE ARE DONE. OK? I'M sure. ",
                "ur a joke?\t",
            ]
            .map(String::from),
        );
        // Every label many times, to go past the label counter's inline array.
        let many: Vec<String> = cue_list().iter().map(|c| c.phrase.to_string()).collect();
        texts.push(many.join(". ") + "?");
        texts.push(many.join(" "));
        for t in &texts {
            let pieces = crate::vader::message_pieces(t);
            let compound = crate::vader::message_valence_of(t, &pieces).compound;
            let ws = words(t);
            let emo = crate::emotions::detail(&ws, t, true);
            let spans: Vec<(usize, usize)> = emo
                .contributions
                .iter()
                .filter(|c| c.0 == 0 && c.3 > 0.0)
                .map(|c| (c.1, c.2))
                .collect();
            for spans in [&spans[..], &[]] {
                let anger = AngerSignal {
                    score: emo.emotions.anger,
                    spans,
                };
                let got = detail_with_words(t, &ws, &pieces, compound, &anger);
                let want = detail_with_words_ref(t, &ws, &pieces, compound, &anger);
                // Debug prints every bit of an f64 (shortest round-trip, sign of zero).
                assert_eq!(
                    format!("{:?} {:?}", (got.harshness, got.kindness), got.found),
                    format!("{:?} {:?}", (want.harshness, want.kindness), want.found),
                    "{t:?}"
                );
                assert_eq!(got.word_count, want.word_count);
            }
        }
    }

    #[test]
    fn line_scores_are_the_two_calls() {
        let mut texts = crate::test_texts::sample_texts();
        texts.push("Why?! Now!! What?? ".repeat(5));
        texts.push("No!! ".repeat(8));
        texts.push("No!! ".repeat(9));
        texts.push("I HATE this!! so angry, i hate it ".repeat(12));
        for t in &texts {
            let pieces = crate::vader::message_pieces(t);
            let compound = crate::vader::message_valence_of(t, &pieces).compound;
            let ws = words(t);
            let marks = t.bytes().filter(|&b| b == b'!' || b == b'?').count();
            let want = line_scores_apart(t, &ws, &pieces, compound);
            for hint in [None, Some(marks)] {
                let got = line_scores(t, &ws, &pieces, compound, hint);
                // Debug prints every bit of an f64 (shortest round-trip, sign of zero).
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{t:?}");
            }
        }
    }

    #[test]
    fn saturate_matches_reference() {
        for x in [
            0.0,
            -0.0,
            f64::NAN,
            -1.0,
            1e-300,
            0.3,
            1.0,
            7.5,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(saturate(x).to_bits(), saturate_ref(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn label_counts_spill() {
        let mut c = LabelCounts::default();
        let labels: Vec<&'static str> = (0..40)
            .map(|k| &*Box::leak(format!("l{k}").into_boxed_str()))
            .collect();
        for round in 1..=3 {
            for l in &labels {
                assert_eq!(c.bump(l), round);
            }
        }
    }

    #[test]
    fn short_plain_reply_is_curt() {
        assert_eq!(read("Noted.").summary, "curt");
    }
}
