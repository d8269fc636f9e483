//! RTTM, the output of speaker diarization (pyannote and the NIST tools):
//! `SPEAKER file 1 start duration <NA> <NA> name <NA> <NA>`. Times, no words.

use super::{Ctx, RawCue, Sink};
use crate::decode::Lines;

/// Record types of the RTTM format; only SPEAKER carries speaking time.
const RECORD_TYPES: &[&str] = &[
    "SEGMENT",
    "NOSCORE",
    "NO_RT_METADATA",
    "LEXEME",
    "NON-LEX",
    "NON-SPEECH",
    "FILLER",
    "EDIT",
    "IP",
    "SU",
    "CB",
    "A/P",
    "SPEAKER",
    "SPKR-INFO",
];

/// Any RTTM record, for detection: real files mix SPEAKER lines with SPKR-INFO and others.
pub(crate) fn is_record_line(line: &str) -> bool {
    line.split_ascii_whitespace()
        .next()
        .is_some_and(|first| RECORD_TYPES.contains(&first))
}

pub(crate) fn is_speaker_line(line: &str) -> bool {
    let mut fields = line.split_ascii_whitespace();
    fields.next() == Some("SPEAKER")
        && fields.nth(2).is_some_and(|f| f.parse::<f64>().is_ok())
        && fields.next().is_some_and(|f| f.parse::<f64>().is_ok())
        && fields.nth(2).is_some()
}

pub(crate) fn read<S: Sink>(text: &str, ctx: &mut Ctx<'_>, sink: &mut S) {
    for line in Lines::new(text) {
        let t = line.text.trim();
        if t.is_empty() || t.starts_with([';', '#']) {
            continue;
        }
        let fields: Vec<&str> = t.split_ascii_whitespace().take(8).collect();
        if fields.first() != Some(&"SPEAKER") {
            // SPKR-INFO, LEXEME and other record types carry no speaking time.
            continue;
        }
        let start = fields
            .get(3)
            .and_then(|f| f.parse::<f64>().ok())
            .filter(|v| v.is_finite());
        let duration = fields
            .get(4)
            .and_then(|f| f.parse::<f64>().ok())
            .filter(|v| v.is_finite());
        let (Some(start), Some(duration), Some(name)) = (start, duration, fields.get(7)) else {
            ctx.diags.push(
                line.number,
                "SPEAKER line without a start, duration and name",
                "skipped the line",
            );
            continue;
        };
        let speaker = (*name != "<NA>").then_some(*name);
        if speaker.is_none() {
            ctx.unattributed(
                line.number,
                "counted in the meeting's length, not for any person",
            );
        }
        sink.cue(RawCue {
            speaker,
            start: Some(start),
            end: Some(start + duration),
            text: "",
            line: line.number,
            stats: Default::default(),
            slot: None,
        });
    }
}
