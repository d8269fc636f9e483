//! Anger, fear and distress in an incoming message.
//!
//! Two parts, added on the logit scale:
//! 1. a logistic regression over lower-cased words and adjacent-word bigrams, trained by
//!    `bench/tone/train.py` on GoEmotions train (anger = anger+annoyance+disapproval,
//!    fear = fear+nervousness, distress = grief+remorse+sadness+nervousness) and shipped as the
//!    weight table `data/emotion_weights.tsv`; the cross-validated F1-optimal threshold is
//!    folded into the bias, so a score of 0.5 or more means "present";
//! 2. hand-written cues for what Reddit comments teach poorly about workplace messages:
//!    SHOUTING, stacked "!!", second-person blame ("you always", "your fault"), threats
//!    ("or else", "escalate"), urgency ("ASAP", "immediately") and plain words of worry or
//!    exhaustion.
//!
//! Every contribution keeps the words it came from, which become the reading's spans.

use std::sync::LazyLock;

use crate::fasthash::{FxMap, StrTable};
use crate::phrases::{Cue, PhraseTable};
use crate::spans::span;
use crate::tokens::{Word, words};
use crate::types::{Emotions, Span};

const WEIGHTS_TSV: &str = include_str!("../data/emotion_weights.tsv");

/// Emotion order in the weight table and in the arrays below.
const NAMES: [&str; 3] = ["anger", "fear", "distress"];

/// A score at or above this counts as "present".
pub const PRESENT: f64 = 0.5;

/// Spans are reported for an emotion once its score reaches this, so a reader sees what is
/// building up before it crosses [`PRESENT`].
const SPAN_FLOOR: f64 = 0.35;

/// A model feature must carry at least this weight to be shown as a span.
const SPAN_MIN_WEIGHT: f32 = 1.0;

struct Model {
    bias: [f64; 3],
    /// Every word the model knows (alone or in a pair), with its own weights if it has any;
    /// its entry index is its id in `pairs`.
    words: StrTable<Option<[f32; 3]>>,
    /// Bigram weights keyed by the two word ids, so a pair costs an integer look-up instead of
    /// building the string "a b".
    pairs: FxMap<u64, [f32; 3]>,
}

fn pair_key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let mut bias = [0.0; 3];
    let mut words: StrTable<Option<[f32; 3]>> = StrTable::with_capacity(30_000);
    let mut pairs = FxMap::default();
    let intern = |w: &'static str, words: &mut StrTable<Option<[f32; 3]>>| match words.index_of(w) {
        Some(e) => e as u32,
        None => words.insert(w, None) as u32,
    };
    for line in WEIGHTS_TSV.lines() {
        if line.starts_with('#') || line.starts_with("feature\t") {
            continue;
        }
        let mut fields = line.split('\t');
        let Some(feature) = fields.next() else {
            continue;
        };
        let mut w = [0.0f64; 3];
        for slot in &mut w {
            *slot = fields.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
        }
        let w32 = w.map(|x| x as f32);
        if feature == "__bias__" {
            bias = w;
        } else if let Some((a, b)) = feature.split_once(' ') {
            let (ia, ib) = (intern(a, &mut words), intern(b, &mut words));
            pairs.insert(pair_key(ia, ib), w32);
        } else {
            words.insert(feature, Some(w32));
        }
    }
    Model { bias, words, pairs }
});

/// Logit bonuses of the hand-written cues, set by hand from workplace wording (their effect on
/// GoEmotions dev is what `bench/tone/run.sh` reports). Fear cues are larger than anger cues
/// because fear is rare in the training data, so its bias sits much lower. Negative weights
/// mark de-escalating wording: "that sounds frustrating" names a feeling without having it.
const CUES: &[Cue] = &[
    // anger: second-person blame and absolutes
    Cue {
        phrase: "you always",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "you never",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "your fault",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "because of you",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you people",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "what were you thinking",
        label: "anger",
        weight: 2.0,
    },
    Cue {
        phrase: "how many times",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you keep",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "you didn't even",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you failed",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you ruined",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "you messed up",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "you screwed up",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "you broke",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "thanks for nothing",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "per my last email",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "as i already said",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "i already told you",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "unacceptable",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "not acceptable",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "ridiculous",
        label: "anger",
        weight: 0.8,
    },
    // anger: implicit frustration and contempt in workplace wording
    Cue {
        phrase: "what is going on",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "who approved",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "who decided",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "i told you",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "i'm done",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "unbelievable",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "a joke",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "or i'll",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "take it to hr",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you didn't",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "your team dropped",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "i've had it with",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "why do i have to",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "nobody told me",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "waste of",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "rude",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "garbage",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "same mistake",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "terrible call",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "you know it",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "last time i'm",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "great job really",
        label: "anger",
        weight: 2.0,
    },
    Cue {
        phrase: "insulting",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "you were supposed to",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "you dropped the ball",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "are you even",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "didn't bother",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "nobody bothered",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "pathetic",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "out of line",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "pissed",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "how hard is it",
        label: "anger",
        weight: 2.0,
    },
    Cue {
        phrase: "infuriating",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "angry",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "condescending",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "are you kidding",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "wasting my time",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "disrespectful",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "unprofessional",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "your team's fault",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "because of your",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "don't you dare",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "seriously",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "disappointed",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "nobody cares",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "your broken",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "your mistakes",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "who wrote",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "fed up",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "sick of",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "sick and tired",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "enough is enough",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "once again",
        label: "anger",
        weight: 0.6,
    },
    Cue {
        phrase: "yet again",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "furious",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "livid",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "outraged",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "incompetent",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "useless",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "wtf",
        label: "anger",
        weight: 1.0,
    },
    // anger: threats
    Cue {
        phrase: "or else",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "escalate",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "escalating",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "report you",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "last warning",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "final warning",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "consequences",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "you'll regret",
        label: "anger",
        weight: 1.5,
    },
    Cue {
        phrase: "legal action",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "my lawyer",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "cancel our contract",
        label: "anger",
        weight: 1.2,
    },
    Cue {
        phrase: "held responsible",
        label: "anger",
        weight: 1.0,
    },
    // fear: more workplace worry
    Cue {
        phrase: "will i lose",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "what happens to me",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "i'm not sure i can",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "nothing is ready",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "are they going to",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "going to cut",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "worried sick",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "restructuring",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "rumours of",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "rumors of",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "i think i deleted",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "i think i made",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "i think i broke",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "cost the company",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "help",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "lose",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "might fail",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "could ruin",
        label: "fear",
        weight: 1.1,
    },
    // de-escalating wording: acknowledging or owning a feeling is not having it
    Cue {
        phrase: "sounds frustrating",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "sounds really frustrating",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "your frustration",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "how frustrating",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "i understand your",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "i can imagine",
        label: "anger",
        weight: -2.0,
    },
    Cue {
        phrase: "i hear you",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "i'm sorry",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "my bad",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "i apologize",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "sorry to hear",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "my mistake",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "freaking out",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "i'm stressed",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "i'm afraid",
        label: "anger",
        weight: -1.0,
    },
    Cue {
        phrase: "you're worried",
        label: "fear",
        weight: -1.5,
    },
    Cue {
        phrase: "you are worried",
        label: "fear",
        weight: -1.5,
    },
    Cue {
        phrase: "your concern",
        label: "fear",
        weight: -1.5,
    },
    Cue {
        phrase: "your concerns",
        label: "fear",
        weight: -1.5,
    },
    Cue {
        phrase: "can see why this worries",
        label: "fear",
        weight: -1.5,
    },
    Cue {
        phrase: "third time",
        label: "anger",
        weight: 1.0,
    },
    Cue {
        phrase: "second time",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "three times",
        label: "anger",
        weight: 0.8,
    },
    Cue {
        phrase: "sounds stressful",
        label: "fear",
        weight: -2.0,
    },
    Cue {
        phrase: "i understand",
        label: "fear",
        weight: -1.0,
    },
    Cue {
        phrase: "can i help",
        label: "fear",
        weight: -1.0,
    },
    // fear: urgency
    Cue {
        phrase: "asap",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "immediately",
        label: "fear",
        weight: 0.8,
    },
    Cue {
        phrase: "urgent",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "urgently",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "right now",
        label: "fear",
        weight: 0.7,
    },
    Cue {
        phrase: "right away",
        label: "fear",
        weight: 0.7,
    },
    Cue {
        phrase: "as soon as possible",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "emergency",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "deadline",
        label: "fear",
        weight: 0.8,
    },
    // fear: worry
    Cue {
        phrase: "worried",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "worry",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "worrying",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "concerned",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "anxious",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "nervous",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "scared",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "afraid",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "panicking",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "panic",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "freaking out",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "stressed",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "what if",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "lose my job",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "get fired",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "be fired",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "layoffs",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "terrified",
        label: "fear",
        weight: 2.1,
    },
    Cue {
        phrase: "uneasy",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "dread",
        label: "fear",
        weight: 2.8,
    },
    Cue {
        phrase: "in trouble",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "behind schedule",
        label: "fear",
        weight: 1.1,
    },
    Cue {
        phrase: "at risk",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "can't sleep",
        label: "fear",
        weight: 1.7,
    },
    Cue {
        phrase: "not going to make it",
        label: "fear",
        weight: 1.4,
    },
    Cue {
        phrase: "won't make it",
        label: "fear",
        weight: 1.1,
    },
    // distress
    Cue {
        phrase: "overwhelmed",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "exhausted",
        label: "distress",
        weight: 1.2,
    },
    Cue {
        phrase: "burned out",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "burnt out",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "burnout",
        label: "distress",
        weight: 1.2,
    },
    Cue {
        phrase: "can't cope",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "can't do this",
        label: "distress",
        weight: 1.2,
    },
    Cue {
        phrase: "give up",
        label: "distress",
        weight: 1.0,
    },
    Cue {
        phrase: "hopeless",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "crying",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "upset",
        label: "distress",
        weight: 1.0,
    },
    Cue {
        phrase: "devastated",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "heartbroken",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "miserable",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "struggling",
        label: "distress",
        weight: 1.2,
    },
    Cue {
        phrase: "drowning",
        label: "distress",
        weight: 1.2,
    },
    Cue {
        phrase: "falling apart",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "i feel terrible",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "i feel awful",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "let everyone down",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "let you down",
        label: "distress",
        weight: 1.0,
    },
    Cue {
        phrase: "too much",
        label: "distress",
        weight: 0.6,
    },
    Cue {
        phrase: "breaking down",
        label: "distress",
        weight: 1.5,
    },
    Cue {
        phrase: "stressed",
        label: "distress",
        weight: 0.6,
    },
];

static CUE_TABLE: LazyLock<PhraseTable> = LazyLock::new(|| PhraseTable::new(CUES, false));

/// Capitalised words that are names of things, not shouting.
const ACRONYMS: &[&str] = &[
    "OK", "FYI", "ASAP", "EOD", "PR", "QA", "API", "UI", "UX", "CEO", "CTO", "HR", "IT", "PM",
    "AM", "US", "UK", "EU", "ID", "OKR", "KPI", "SLA", "ETA", "TBD", "PDF", "CSV", "URL", "VPN",
    "DB", "SQL", "AWS", "CI", "CD", "MVP", "ROI", "Q1", "Q2", "Q3", "Q4", "LOL", "TL", "DR",
];

/// Emotion scores and the contributions behind them, before spans are rendered.
pub(crate) struct EmotionDetail {
    pub emotions: Emotions,
    /// (emotion index, first byte, end byte, contribution)
    pub contributions: Vec<(usize, usize, usize, f64)>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Scores only, for bulk use.
pub(crate) fn emotion_scores(text: &str) -> Emotions {
    detail(&words(text), text, false).emotions
}

/// Scores only, for a text already split into words.
pub(crate) fn emotion_scores_with_words(text: &str, ws: &[Word<'_>]) -> Emotions {
    detail(ws, text, false).emotions
}

/// Scores and spans.
pub(crate) fn emotions_with_spans(text: &str) -> (Emotions, Vec<Span>) {
    let ws = words(text);
    let d = detail(&ws, text, true);
    let scores = [d.emotions.anger, d.emotions.fear, d.emotions.distress];
    let mut spans = Vec::new();
    for (e, name) in NAMES.iter().enumerate() {
        if scores[e] < SPAN_FLOOR {
            continue;
        }
        let mut mine: Vec<&(usize, usize, usize, f64)> = d
            .contributions
            .iter()
            .filter(|c| c.0 == e && c.3 > 0.0)
            .collect();
        mine.sort_by(|a, b| b.3.total_cmp(&a.3));
        for c in mine.into_iter().take(6) {
            spans.push(span(text, c.1, c.2, name));
        }
    }
    (d.emotions, spans)
}

pub(crate) fn detail(ws: &[Word<'_>], text: &str, keep: bool) -> EmotionDetail {
    let model = &*MODEL;
    let mut z = model.bias;
    let mut contributions = Vec::new();

    // Binary features: each distinct feature counts once. Collect, then keep the first
    // occurrence of each (sorting keeps this O(n log n) on long texts).
    const UNIGRAM: u64 = 1 << 63;
    let mut found: Vec<(u64, usize, [f32; 3], usize, usize)> = Vec::with_capacity(ws.len() * 2);
    let mut prev: Option<u32> = None;
    for (i, w) in ws.iter().enumerate() {
        let known = model
            .words
            .entry(w.lower.as_ref())
            .map(|(e, v)| (e as u32, *v));
        if let Some((id, weights)) = known {
            if let Some(v) = weights {
                found.push((UNIGRAM | u64::from(id), found.len(), v, w.start, w.end));
            }
            if let Some(p) = prev
                && let Some(v) = model.pairs.get(&pair_key(p, id))
            {
                let start = ws[i - 1].start;
                found.push((pair_key(p, id), found.len(), *v, start, w.end));
            }
        }
        prev = known.map(|k| k.0);
    }
    found.sort_unstable_by_key(|f| (f.0, f.1));
    found.dedup_by_key(|f| f.0);
    for (_, _, w, start, end) in found {
        for e in 0..3 {
            z[e] += f64::from(w[e]);
            if keep && w[e] >= SPAN_MIN_WEIGHT {
                contributions.push((e, start, end, f64::from(w[e])));
            }
        }
    }

    for hit in CUE_TABLE.find(ws) {
        let e = NAMES.iter().position(|n| *n == hit.cue.label).unwrap_or(0);
        z[e] += hit.cue.weight;
        if keep {
            contributions.push((e, ws[hit.first].start, ws[hit.last].end, hit.cue.weight));
        }
    }

    // SHOUTING: several words in capitals (acronyms aside) read as raised voice.
    let shouted: Vec<&Word<'_>> = ws
        .iter()
        .filter(|w| w.is_shouted() && !ACRONYMS.contains(&w.raw))
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

/// Byte ranges of runs of two or more of `!` and `?`.
pub(crate) fn punctuation_runs(text: &str) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angry_and_anxious_messages() {
        let e = emotion_scores("This is UNACCEPTABLE. You always miss the deadline!!");
        assert!(e.anger >= PRESENT, "{e:?}");
        let e = emotion_scores("I'm really worried we won't make the launch and I'll get fired");
        assert!(e.fear >= PRESENT, "{e:?}");
        let e = emotion_scores("Thanks, the report looks good.");
        assert!(
            e.anger < PRESENT && e.fear < PRESENT && e.distress < PRESENT,
            "{e:?}"
        );
    }

    #[test]
    fn spans_point_at_the_words() {
        let t = "Why is this STILL BROKEN?! Your fault, again.";
        let (_, spans) = emotions_with_spans(t);
        assert!(spans.iter().any(|s| s.text == "Your fault"), "{spans:?}");
        for s in spans {
            assert_eq!(&t[s.start..s.end], s.text);
        }
    }
}
