//! Otter.ai `.txt` exports: a `Name  0:03` header line, then what that person said, until
//! the next header. Only start times are written, so figures from Otter use words.

use super::{Ctx, RawCue, Sink};
use crate::decode::Lines;
use crate::names::{KnownNames, is_name_like};
use crate::text_stats::TextStats;
use crate::timestamp::parse_clock_exact;

/// `Dana Smith  0:03` → ("Dana Smith", 3.0).
pub(crate) fn header<'a>(line: &'a str, known: &KnownNames) -> Option<(&'a str, f64)> {
    let line = line.trim();
    let split = line.rfind([' ', '\t'])?;
    let start = parse_clock_exact(&line[split + 1..])?;
    let name = line[..split].trim_end();
    if name.is_empty() || name.len() > 64 {
        return None;
    }
    // Otter keeps names as typed, often lower case; those we accept only with Otter's own
    // wide gap before the time, so that "back around 5:30" in the text is not a header.
    let wide_gap = line[..=split].ends_with("  ") || line[..=split].ends_with('\t');
    let plausible =
        is_name_like(name) || known.contains(name) || (wide_gap && is_lowercase_handle(name));
    plausible.then_some((name, start))
}

/// Otter keeps the user's own spelling, often lower case ("dana"); one or two plain words.
fn is_lowercase_handle(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
        })
}

pub(crate) fn read<S: Sink>(text: &str, ctx: &mut Ctx<'_>, sink: &mut S) {
    let mut current: Option<(&str, f64, usize)> = None;
    let mut buffer = String::new();
    let flush = |current: Option<(&str, f64, usize)>, buffer: &mut String, sink: &mut S| {
        if let Some((name, start, line)) = current {
            sink.cue(RawCue {
                speaker: Some(name),
                start: Some(start),
                end: None,
                text: buffer.trim(),
                line,
                stats: TextStats::of(buffer),
                slot: None,
            });
        }
        buffer.clear();
    };
    let mut told_preamble = false;
    for line in Lines::new(text) {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((name, start)) = header(t, ctx.known) {
            flush(current.take(), &mut buffer, sink);
            current = Some((name, start, line.number));
        } else if current.is_some() {
            if t.starts_with("Transcribed by") {
                continue; // Otter's own footer, not speech.
            }
            if !buffer.is_empty() {
                buffer.push(' ');
            }
            buffer.push_str(t);
        } else if !told_preamble {
            told_preamble = true;
            ctx.diags.push(
                line.number,
                "text before the first speaker header",
                "skipped (titles and notes are not speech)",
            );
        }
    }
    flush(current, &mut buffer, sink);
}
