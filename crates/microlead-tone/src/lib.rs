//! # microlead-tone — the kindness coach engine
//!
//! Strings in, readings out: no IO, no network, no HTTP or SQL. All data (the VADER lexicons and
//! the emotion model's weights) is embedded in the binary and parsed once on first use.
//!
//! ## Entry points
//!
//! | function | returns | for |
//! |---|---|---|
//! | [`valence`] | [`Valence`] | a sentence or short text: exactly Python vaderSentiment 3.3.2's scores |
//! | [`message_valence`] | [`Valence`] | a longer message, aggregated from its sentences |
//! | [`read_incoming`] | [`IncomingReading`] | a message someone sent you: valence, anger / fear / distress, spans, summary |
//! | [`read_draft`] | [`DraftReading`] | a reply you are writing: valence, harshness, kindness, spans, summary |
//! | [`coach`] | [`Coaching`] | a draft, optionally with the message it answers: readings and suggestions |
//! | [`compare`] | [`Comparison`] | the reading of a draft before and after an edit |
//! | [`read_line`] | [`BatchReading`] | one line of a chat export: all scores, no spans, no errors |
//! | [`feedback::coach`] | [`feedback::CoachNote`]s | a Situation–Behaviour–Impact feedback draft: labels, absolutes, missing impact, vague asks, harsh tone |
//!
//! All scores except VADER's compound are in `0..=1`; an emotion score of [`PRESENT`] (0.5)
//! or more means the emotion is present. Spans are byte ranges into the text you passed, always
//! on `char` boundaries, with the covered text copied alongside.
//!
//! ```
//! let c = microlead_tone::coach(
//!     Some("This is the THIRD time the export failed. Fix it today or I escalate."),
//!     "As I already said, it's not my fault. Read my email.",
//! )?;
//! assert!(c.incoming.as_ref().is_some_and(|r| r.emotions.anger >= 0.5));
//! assert!(c.draft.harshness >= 0.5);
//! assert!(c.suggestions.iter().any(|s| s.kind == "acknowledge"));
//! # Ok::<(), microlead_tone::ToneError>(())
//! ```
//!
//! ## How the readings are made
//!
//! - **Valence** is a line-by-line port of vaderSentiment 3.3.2 (C.J. Hutto, MIT), quirks
//!   included, checked against the Python package on 7,501 sentences
//!   (`tests/vader_parity.rs`). [`message_valence`] scores sentence by sentence and combines
//!   them, because VADER's compound saturates on long text.
//! - **Emotions** (anger = anger/annoyance/disapproval, fear = fear/nervousness, distress =
//!   grief/remorse/sadness/nervousness) come from a logistic regression over words and word
//!   pairs, trained on GoEmotions train by `bench/tone/train.py` (weights in
//!   `data/emotion_weights.tsv`, threshold folded into the bias), plus cues for shouting,
//!   stacked "!!", second-person blame, threats, urgency and worry (`src/emotions.rs`).
//! - **Harshness and kindness** are explainable cue lists, plus the anger model's reading of
//!   the draft (`src/draft.rs`).
//! - **Coaching** (`src/coach.rs`) suggests, never blocks: soften each harsh span, acknowledge
//!   the feeling the incoming message shows, take your share, offer a next step, ask.
//!
//! ## Module map
//!
//! `vader/` (valence), `tokens` (words with byte offsets), `vocab` (the one word table shared by
//! the model and the cue tables), `phrases` (cue matching), `emotions`, `draft`, `coach`,
//! `sentences` (sentence ranges), `spans` (building and merging spans), `perfect_hash` (the
//! word tables), `swar` (byte tests eight or sixteen bytes at a time), `types` (the
//! serialized readings), `error`. Beside a module, `reference` (compiled for tests only) keeps
//! the slow, plain versions of its fast paths, which the tests compare them with.
//!
//! [`read_line`] reads each line once: VADER's tokeniser, on plain text (ASCII, curly
//! apostrophes, ordinary whitespace), also hands out the words of `tokens` from the same
//! table look-up, so the emotion model and the draft cues need no second tokenising pass, and
//! notes where `sentences` would end a sentence, so the line is not split beforehand
//! (`vader::line_reading`).

mod coach;
mod draft;
mod emotions;
mod error;
pub mod feedback;
mod perfect_hash;
mod phrases;
mod sentences;
mod spans;
mod swar;
#[cfg(test)]
mod test_texts;
mod tokens;
mod types;
mod vader;
mod vocab;

pub use emotions::PRESENT;
pub use error::ToneError;
pub use types::{
    BatchReading, Coaching, Comparison, DraftReading, Emotions, IncomingReading, Span, Suggestion,
    Valence,
};
pub use vader::{message_valence, valence};

/// The longest text, in bytes, that the reading functions accept (about 30 pages).
pub const MAX_TEXT_BYTES: usize = 100_000;

fn check(text: &str, what: &'static str) -> Result<(), ToneError> {
    if text.trim().is_empty() {
        return Err(ToneError::Empty(what));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(ToneError::TooLong {
            what,
            len: text.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

/// Emotion scores of a text, without spans (cheaper than [`read_incoming`]).
pub fn emotions(text: &str) -> Emotions {
    emotions::emotion_scores(text)
}

/// Read a message someone sent you.
///
/// # Errors
/// [`ToneError::Empty`] for blank text, [`ToneError::TooLong`] above [`MAX_TEXT_BYTES`].
pub fn read_incoming(text: &str) -> Result<IncomingReading, ToneError> {
    check(text, "message")?;
    let valence = message_valence(text);
    let (emotions, spans) = emotions::emotions_with_spans(text);
    let spans = spans::tidy(text, spans);
    Ok(IncomingReading {
        valence,
        emotions,
        spans,
        summary: incoming_summary(valence, emotions),
    })
}

fn incoming_summary(valence: Valence, e: Emotions) -> String {
    let present: Vec<&str> = [
        (e.anger, "angry"),
        (e.fear, "anxious"),
        (e.distress, "distressed"),
    ]
    .into_iter()
    .filter(|(s, _)| *s >= PRESENT)
    .map(|(_, name)| name)
    .collect();
    if !present.is_empty() {
        return present.join(" and ");
    }
    if valence.compound >= 0.5 {
        "positive".into()
    } else if valence.compound <= -0.5 {
        "negative, without clear anger or fear".into()
    } else {
        "calm".into()
    }
}

/// Read a reply you are drafting.
///
/// # Errors
/// [`ToneError::Empty`] for blank text, [`ToneError::TooLong`] above [`MAX_TEXT_BYTES`].
pub fn read_draft(text: &str) -> Result<DraftReading, ToneError> {
    check(text, "draft")?;
    let pieces = vader::message_pieces(text);
    Ok(draft::reading(
        text,
        &pieces,
        vader::message_valence_of(text, &pieces),
    ))
}

/// Coach a draft reply, optionally given the message it answers. Suggestions are tied to spans
/// of the draft where they are about specific words. Never blocks: it only suggests.
///
/// # Errors
/// [`ToneError::Empty`] / [`ToneError::TooLong`] for the draft, or for `incoming` when given.
pub fn coach(incoming: Option<&str>, draft: &str) -> Result<Coaching, ToneError> {
    let incoming = incoming.map(read_incoming).transpose()?;
    check(draft, "draft")?;
    let pieces = vader::message_pieces(draft);
    let valence = vader::message_valence_of(draft, &pieces);
    let detail = draft::detail(draft, &pieces, valence.compound);
    let suggestions = coach::suggestions(incoming.as_ref(), draft, &detail);
    let reading = DraftReading {
        valence,
        harshness: detail.harshness,
        kindness: detail.kindness,
        spans: draft::spans(draft, &detail),
        summary: draft::summary(&detail),
    };
    Ok(Coaching {
        incoming,
        draft: reading,
        suggestions,
    })
}

/// The reading of a draft before and after an edit, side by side.
///
/// # Errors
/// [`ToneError::Empty`] / [`ToneError::TooLong`] for either text.
pub fn compare(old: &str, new: &str) -> Result<Comparison, ToneError> {
    Ok(coach::comparison(read_draft(old)?, read_draft(new)?))
}

/// All scores of one line of a chat export, for bulk use: no spans and no errors (a blank
/// line reads as all zeros; a line over [`MAX_TEXT_BYTES`] is read up to that length).
pub fn read_line(text: &str) -> BatchReading {
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    if is_blank(text) {
        return BatchReading {
            valence: Valence::default(),
            emotions: Emotions::default(),
            harshness: 0.0,
            kindness: 0.0,
        };
    }
    // `marks`: the number of '!' and '?' in the line, when VADER's pass counted them.
    let read = |valence: Valence,
                marks: Option<usize>,
                ws: &[tokens::Word],
                pieces: &[std::ops::Range<usize>]| {
        let (emotions, harshness, kindness) =
            draft::line_scores(text, ws, pieces, valence.compound, marks);
        BatchReading {
            valence,
            emotions,
            harshness,
            kindness,
        }
    };
    LINE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut line) => {
            let LineScratch { words, pieces } = &mut *line;
            // A plain line gives its pieces, valence and words from one pass; any other takes
            // the steps one by one.
            let (valence, marks) = match vader::line_reading(text, pieces, words) {
                Some((valence, marks)) => (valence, Some(marks)),
                None => {
                    vader::message_pieces_into(text, pieces);
                    // The words come from VADER's pass over plain pieces; otherwise they are
                    // read here.
                    let (valence, complete) = vader::line_valence(text, pieces, words);
                    if !complete {
                        tokens::words_into(text, words);
                    }
                    (valence, None)
                }
            };
            read(valence, marks, words, pieces)
        }
        // Only reachable if reading ever re-entered itself; fall back to fresh buffers.
        Err(_) => {
            let pieces = vader::message_pieces(text);
            read(
                vader::message_valence_of(text, &pieces),
                None,
                &tokens::words(text),
                &pieces,
            )
        }
    })
}

/// `text.trim().is_empty()`, answered from the first byte when it is ASCII (nearly always):
/// the Unicode trim showed in the profile of reading many lines.
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(&b) if b.is_ascii() => {
            // ASCII whitespace as `char::is_whitespace` has it (with \x0B, which
            // `u8::is_ascii_whitespace` leaves out).
            matches!(b, b' ' | b'\t'..=b'\r') && text.trim().is_empty()
        }
        _ => text.trim().is_empty(),
    }
}

/// Reused buffers of [`read_line`], so reading many lines allocates nothing per line.
struct LineScratch {
    words: Vec<tokens::Word>,
    /// The sentence pieces VADER reads ([`vader::message_pieces`]).
    pieces: Vec<std::ops::Range<usize>>,
}

thread_local! {
    static LINE: std::cell::RefCell<LineScratch> = const {
        std::cell::RefCell::new(LineScratch {
            words: Vec::new(),
            pieces: Vec::new(),
        })
    };
}
