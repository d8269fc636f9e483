//! The readings the engine returns. The CLI and the JSON API print these exactly as serialized.

use serde::Serialize;

/// VADER's four scores: the proportions of negative, neutral and positive text (each 0..1,
/// summing to about 1) and the normalised compound score (-1..1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Valence {
    /// Proportion of negative text, 3 decimals.
    pub neg: f64,
    /// Proportion of neutral text, 3 decimals.
    pub neu: f64,
    /// Proportion of positive text, 3 decimals.
    pub pos: f64,
    /// Overall valence in -1..1, 4 decimals.
    pub compound: f64,
}

/// A piece of the input that drove a reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of the first byte, on a char boundary.
    pub start: usize,
    /// Byte offset one past the last byte, on a char boundary.
    pub end: usize,
    /// What the span signals, e.g. `anger`, `fear`, `blame`, `acknowledgement`.
    pub label: String,
    /// `input[start..end]`, for convenience.
    pub text: String,
}

/// Scores (0..1) of the emotions an incoming message shows; 0.5 or more means "present".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Emotions {
    /// Anger, annoyance, disapproval.
    pub anger: f64,
    /// Fear, nervousness, anxiety.
    pub fear: f64,
    /// Distress: sadness, grief, remorse, nervousness (being upset or overwhelmed).
    pub distress: f64,
}

/// The reading of a message someone sent you.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncomingReading {
    /// VADER valence of the whole message (sentence-aggregated when longer than one sentence).
    pub valence: Valence,
    /// Emotion scores.
    pub emotions: Emotions,
    /// The words that drove the emotion scores, labelled `anger`, `fear` or `distress`.
    pub spans: Vec<Span>,
    /// A plain-words summary, e.g. "angry and anxious".
    pub summary: String,
}

/// The reading of a reply you are drafting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftReading {
    /// VADER valence of the draft.
    pub valence: Valence,
    /// 0..1: blame, absolutes, labels about the person, sarcasm, profanity, shouting, bare commands.
    pub harshness: f64,
    /// 0..1: acknowledging a feeling, gratitude, ownership, offers of help, questions, "we".
    pub kindness: f64,
    /// Harsh and kind pieces of the draft, labelled by cue (`blame`, `absolute`, `gratitude`, ...).
    pub spans: Vec<Span>,
    /// The overall reading in plain words: "calm and kind", "kind", "neutral", "curt",
    /// "defensive", "harsh", "mixed".
    pub summary: String,
}

/// One concrete coaching suggestion. Suggestions never block sending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// What to do: `soften`, `acknowledge`, `own`, `offer`, `ask`, `keep`.
    pub kind: String,
    /// The suggestion in plain words, with the reason.
    pub message: String,
    /// The part of the draft it is about, if any.
    pub span: Option<Span>,
}

/// Coaching for a draft reply, optionally to an incoming message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coaching {
    /// The reading of the incoming message, when one was given.
    pub incoming: Option<IncomingReading>,
    /// The reading of the draft.
    pub draft: DraftReading,
    /// What to soften and what to add, most important first.
    pub suggestions: Vec<Suggestion>,
}

/// Two readings of a draft side by side: before and after an edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The reading of the old draft.
    pub before: DraftReading,
    /// The reading of the revised draft.
    pub after: DraftReading,
    /// After minus before.
    pub harshness_change: f64,
    /// After minus before.
    pub kindness_change: f64,
    /// Plain words, e.g. "kinder and less harsh".
    pub summary: String,
}

/// A compact reading of one line of a chat export (no spans, for bulk use).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BatchReading {
    /// VADER valence of the line.
    pub valence: Valence,
    /// Emotion scores of the line.
    pub emotions: Emotions,
    /// Draft harshness of the line.
    pub harshness: f64,
    /// Draft kindness of the line.
    pub kindness: f64,
}
