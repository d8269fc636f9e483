//! Plain `Name: text` lines, optionally led by a clock: `[00:01:02] Name: text`,
//! `(01:02) Name: text` or `00:01 Name: text`. A line without a name, clock or not, continues
//! the previous speaker's utterance. Only start times exist, so figures from plain text use words.

use super::{Ctx, RawCue, Sink};
use crate::decode::Lines;
use crate::names::{KnownNames, NameCache, speaker_prefix};
use crate::text_stats::TextStats;
use crate::timestamp::parse_clock;

/// A clock at the start of the line, bracketed or followed by whitespace, and what follows it.
pub(crate) fn leading_clock(line: &str) -> Option<(f64, &str)> {
    let b = line.as_bytes();
    let (open, close) = match b.first()? {
        b'[' => (1, Some(b']')),
        b'(' => (1, Some(b')')),
        c if c.is_ascii_digit() => (0, None),
        _ => return None,
    };
    let (seconds, used) = parse_clock(&b[open..])?;
    let mut pos = open + used;
    if let Some(close) = close {
        if b.get(pos) != Some(&close) {
            return None;
        }
        pos += 1;
    } else if !b.get(pos).is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let rest = line[pos..].trim_start();
    // `00:01 - Dana: hi` and `00:01 | Dana: hi` are common too.
    let rest = rest
        .strip_prefix(['-', '|', '–'])
        .map_or(rest, str::trim_start);
    Some((seconds, rest))
}

/// `[clock] Name: text` → (clock, name, text).
pub(crate) fn speaker_line<'a>(
    line: &'a str,
    known: &KnownNames,
    cache: &mut NameCache,
) -> Option<(Option<f64>, &'a str, &'a str)> {
    let line = line.trim();
    let (clock, rest) = match leading_clock(line) {
        Some((seconds, rest)) => (Some(seconds), rest),
        None => (None, line),
    };
    let (name, text) = speaker_prefix(rest, known, cache)?;
    Some((clock, name, text))
}

struct Open<'a> {
    speaker: Option<&'a str>,
    start: Option<f64>,
    line: usize,
    first: &'a str,
    /// Only filled when a second line joins, so one-line utterances are never copied.
    joined: String,
}

impl<'a> Open<'a> {
    fn add(&mut self, text: &'a str) {
        if self.first.is_empty() && self.joined.is_empty() {
            self.first = text;
            return;
        }
        if self.joined.is_empty() {
            self.joined.push_str(self.first);
        }
        self.joined.push(' ');
        self.joined.push_str(text);
    }

    fn send<S: Sink>(&self, sink: &mut S) {
        let text = if self.joined.is_empty() {
            self.first
        } else {
            &self.joined
        };
        let stats = TextStats::of(text);
        sink.cue(RawCue {
            speaker: self.speaker,
            start: self.start,
            end: None,
            text,
            line: self.line,
            stats,
            slot: None,
        });
    }
}

pub(crate) fn read<S: Sink>(text: &str, ctx: &mut Ctx<'_>, sink: &mut S) {
    let mut open: Option<Open<'_>> = None;
    for line in Lines::new(text) {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let (start, speaker, body) = match speaker_line(t, ctx.known, &mut ctx.names) {
            Some((clock, name, body)) => (clock, Some(name), body),
            None => {
                // No name (`10:30 Meeting: moved` included): more of what the last person said.
                if let Some(current) = open.as_mut() {
                    current.add(t);
                    continue;
                }
                ctx.unattributed(line.number, "counted as words of nobody in particular");
                (None, None, t)
            }
        };
        if let Some(done) = open.take() {
            done.send(sink);
        }
        let mut next = Open {
            speaker,
            start,
            line: line.number,
            first: "",
            joined: String::new(),
        };
        next.add(body);
        open = Some(next);
    }
    if let Some(done) = open {
        done.send(sink);
    }
}
