//! Timed cue blocks: WebVTT (Zoom, Teams and generic), SRT and Google Meet `.sbv`.
//!
//! All three are "optional id line, timing line, text lines, blank line"; they differ in the
//! timing line, the WebVTT header and comment blocks, and where the speaker's name is written
//! (`<v Name>` spans in Teams, a `Name:` prefix elsewhere). One reader keeps their quirks in
//! one place.

use super::{Ctx, RawCue, Sink, markup};
use crate::decode::{Lines, is_blank, lf_line_end};
use crate::names::speaker_prefix;
use crate::text_stats::TextStats;
use crate::timestamp::{canonical_timing_line, parse_arrow_timing, parse_sbv_timing};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    ZoomVtt,
    TeamsVtt,
    Vtt,
    Srt,
    Sbv,
}

impl Style {
    fn is_vtt(self) -> bool {
        matches!(self, Style::ZoomVtt | Style::TeamsVtt | Style::Vtt)
    }

    #[inline(always)]
    fn timing(self, line: &str) -> Option<(f64, f64)> {
        // Every timing line starts with a clock, a colon among its first four bytes (`0:`,
        // `00:`, `100:`), perhaps after spaces; cue ids and text lines rarely do.
        let b = line.as_bytes();
        match b.first() {
            Some(d) if d.is_ascii_digit() => {
                // Three plain tests: written as an iterator this was a call per line.
                let colon = |i: usize| b.get(i) == Some(&b':');
                if !(colon(1) || colon(2) || colon(3)) {
                    return None;
                }
            }
            Some(w) if w.is_ascii_whitespace() => {}
            _ => return None,
        }
        match self {
            Style::Sbv => parse_sbv_timing(line),
            _ => parse_arrow_timing(line),
        }
    }

    /// Zoom names the speaker on every cue it could attribute, so a cue without a name is
    /// genuinely unknown. Captions in SRT and plain WebVTT name a speaker only when the voice
    /// changes, so the last name carries forward.
    fn carries_speaker_forward(self) -> bool {
        self != Style::ZoomVtt
    }
}

struct Timing {
    start: f64,
    end: f64,
    line: usize,
}

pub(crate) fn read<S: Sink>(text: &str, style: Style, ctx: &mut Ctx<'_>, sink: &mut S) {
    let mut lines = Lines::new(text);
    if style.is_vtt() {
        skip_vtt_header(&mut lines, ctx);
    }
    let mut scratch = String::new();
    let mut last_speaker: (Option<&str>, Option<u32>) = (None, None);
    let mut pending: Option<Timing> = None;
    let mut told_missing_blank = false;
    // The common cue (`[id]`, timing, one line of text, blank line) in LF-only WebVTT or SRT
    // is read by `quick_cue` without the general machinery; anything else falls back to it.
    let quick = !lines.has_cr() && style != Style::Sbv;
    loop {
        if quick && pending.is_none() {
            match quick_cue(&mut lines, style) {
                Quick::Cue(timing, payload, multi_line) => {
                    emit(
                        lines.source(),
                        payload,
                        multi_line,
                        &timing,
                        style,
                        ctx,
                        sink,
                        &mut scratch,
                        &mut last_speaker,
                    );
                    continue;
                }
                Quick::End => return,
                Quick::Skipped => continue,
                Quick::General => {}
            }
        }
        let timing = match pending.take() {
            Some(t) => t,
            None => {
                let Some(line) = lines.by_ref().find(|l| !l.is_blank()) else {
                    return;
                };
                if style.is_vtt() && is_vtt_block_keyword(line.text) {
                    pending = skip_block(&mut lines, style);
                    continue;
                }
                if let Some((start, end)) = style.timing(line.text) {
                    Timing {
                        start,
                        end,
                        line: line.number,
                    }
                } else {
                    // `line` is the cue id (a number, a GUID, Teams' `id/3-1`) or stray text.
                    let next = lines.next();
                    match next.map(|n| (n, style.timing(n.text))) {
                        Some((n, Some((start, end)))) => Timing {
                            start,
                            end,
                            line: n.number,
                        },
                        next => {
                            ctx.diags.push(
                                line.number,
                                "text outside any cue",
                                "skipped it up to the next blank line",
                            );
                            if next.is_some_and(|(n, _)| !n.is_blank()) {
                                pending = skip_block(&mut lines, style);
                            }
                            continue;
                        }
                    }
                }
            }
        };

        // The payload is every line up to the next blank line, sliced out of the text whole.
        let mut span: Option<(usize, usize)> = None;
        let mut before_last = 0;
        let mut last_line_is_number = false;
        let mut payload_lines = 0;
        for line in lines.by_ref() {
            if line.is_blank() {
                break;
            }
            if let Some((start, end)) = style.timing(line.text) {
                if !told_missing_blank {
                    told_missing_blank = true;
                    ctx.diags.push(
                        line.number,
                        "a cue starts without a blank line before it",
                        "started a new cue there",
                    );
                }
                pending = Some(Timing {
                    start,
                    end,
                    line: line.number,
                });
                if last_line_is_number {
                    // That number was the next SRT cue's index, not speech.
                    span = span.map(|(s, _)| (s, before_last)).filter(|(s, e)| e > s);
                }
                break;
            }
            payload_lines += 1;
            let line_end = line.start + line.text.len();
            before_last = span.map_or(line.start, |(_, e)| e);
            span = Some(span.map_or((line.start, line_end), |(s, _)| (s, line_end)));
            last_line_is_number = line.text.trim_ascii().bytes().all(|b| b.is_ascii_digit());
        }
        let Some((from, to)) = span else { continue };
        let payload = lines.source().get(from..to).unwrap_or_default();
        emit(
            lines.source(),
            payload,
            payload_lines > 1,
            &timing,
            style,
            ctx,
            sink,
            &mut scratch,
            &mut last_speaker,
        );
    }
}

#[allow(clippy::too_many_arguments)] // the reader's state, passed rather than bundled: hot path
fn emit<'a, S: Sink>(
    source: &'a str,
    payload: &'a str,
    multi_line: bool,
    timing: &Timing,
    style: Style,
    ctx: &mut Ctx<'_>,
    sink: &mut S,
    scratch: &mut String,
    last_speaker: &mut (Option<&'a str>, Option<u32>),
) {
    let payload = payload.trim_ascii_start();
    let mut speaker = None;
    let mut slot = None;
    let mut body = payload;
    if style.is_vtt() && payload.starts_with("<v") {
        // Teams: the voice span opens the cue.
        if let Some((name, inside)) = markup::leading_voice(payload) {
            speaker = Some(name);
            slot = ctx.names.slot_of(name);
            body = inside;
        }
    } else {
        // Broadcast captions mark a new speaker with `>>` or a dialogue dash.
        let candidate = if payload.starts_with(['>', '-']) {
            let unmarked = payload.trim_start_matches(['>', '-', ' ']);
            if unmarked.len() + 2 <= payload.len() {
                unmarked
            } else {
                payload
            }
        } else {
            payload
        };
        // The name must be on the first line; `speaker_prefix` stops at a line break.
        if let Some((name, rest)) = speaker_prefix(candidate, ctx.known, &mut ctx.names) {
            speaker = Some(name);
            slot = ctx.names.last_slot;
            body = rest;
        }
    }
    let mut stats = TextStats::of_in(source, body);
    let text = if stats.markup {
        if style.is_vtt()
            && let Some((name, _)) = markup::voice(body)
        {
            match speaker {
                None => {
                    speaker = Some(name);
                    slot = ctx.names.slot_of(name);
                }
                Some(first) if !first.eq_ignore_ascii_case(name) => {
                    ctx.diags.push(
                        timing.line,
                        "several voices in one cue",
                        "attributed the whole cue to the first voice",
                    );
                }
                Some(_) => {}
            }
        }
        markup::clean_into(body, scratch);
        stats = TextStats::of(scratch);
        scratch.trim_ascii_start()
    } else if multi_line {
        // Only line breaks to undo; the counts stand, as a line break separates words just
        // as a space does.
        markup::join_lines_into(body, scratch);
        scratch.trim_ascii_start()
    } else {
        body.trim_ascii()
    };

    if speaker.is_some() {
        *last_speaker = (speaker, slot);
    } else if style.carries_speaker_forward() && last_speaker.0.is_some() {
        (speaker, slot) = *last_speaker;
    } else {
        ctx.unattributed(
            timing.line,
            "counted in the meeting's length, not for any person",
        );
    }
    sink.cue(RawCue {
        speaker,
        start: Some(timing.start),
        end: Some(timing.end),
        text,
        line: timing.line,
        stats,
        slot,
    });
}

enum Quick<'a> {
    /// The timing, the text, and whether the text spans several lines.
    Cue(Timing, &'a str, bool),
    End,
    /// A comment, style or region block was passed over.
    Skipped,
    /// Not the common shape: `lines` is untouched, the general reader takes this cue.
    General,
}

/// Reads `[id]\ntiming\ntext\n\n` (LF only, the text on one line or several) straight from
/// the bytes. Any other shape, a missing blank line or whitespace-only lines, answers
/// `General` so that every quirk stays handled in one place.
fn quick_cue<'a>(lines: &mut Lines<'a>, style: Style) -> Quick<'a> {
    let source = lines.source();
    let text = source.as_bytes();
    let (mut pos, mut number) = lines.cursor();
    while text.get(pos) == Some(&b'\n') {
        pos += 1;
        number += 1;
    }
    if pos >= text.len() {
        lines.skip_to(pos, number);
        return Quick::End;
    }
    // Zoom's and Teams' own timing lines are recognised where they stand, without a search
    // for their end (SBV's timing lines are another shape).
    let canonical = |at: usize| match style {
        Style::Sbv => None,
        _ => canonical_timing_line(text, at),
    };
    if let Some((start, end)) = canonical(pos) {
        return quick_payload(lines, style, start, end, number + 1, pos + 30);
    }
    let first_end = lf_line_end(text, pos);
    let first = &source[pos..first_end];
    let (start, end, timing_line, payload_from) = match style.timing(first) {
        Some((start, end)) => (start, end, number + 1, first_end + 1),
        None => {
            if is_blank(first) {
                return Quick::General;
            }
            if style.is_vtt() && is_vtt_block_keyword(first) {
                return quick_skip_block(lines, source, first_end, number + 1, style);
            }
            let second_from = first_end + 1;
            if let Some((start, end)) = canonical(second_from) {
                return quick_payload(lines, style, start, end, number + 2, second_from + 30);
            }
            let second_end = lf_line_end(text, second_from);
            match source
                .get(second_from..second_end)
                .and_then(|line| style.timing(line))
            {
                Some((start, end)) => (start, end, number + 2, second_end + 1),
                None => return Quick::General,
            }
        }
    };
    quick_payload(lines, style, start, end, timing_line, payload_from)
}

/// The rest of [`quick_cue`]: the text from `payload_from`, after the timing on line
/// `timing_line`.
#[inline(always)]
fn quick_payload<'a>(
    lines: &mut Lines<'a>,
    style: Style,
    start: f64,
    end: f64,
    timing_line: usize,
    payload_from: usize,
) -> Quick<'a> {
    let source = lines.source();
    let text = source.as_bytes();
    // The text: lines up to the end, a final newline or an empty line. A whitespace-only line
    // or a timing line among them is a quirk for the general reader.
    let mut payload_end = payload_from;
    let mut last_line = timing_line;
    let mut payload_lines = 0;
    let next_pos = loop {
        let from = payload_end + usize::from(payload_lines > 0);
        let line_end = lf_line_end(text, from);
        let Some(line) = source.get(from..line_end) else {
            return Quick::General;
        };
        if is_blank(line) || style.timing(line).is_some() {
            return Quick::General;
        }
        payload_lines += 1;
        payload_end = line_end;
        last_line += 1;
        match text.get(line_end + 1) {
            None => break text.len(),
            Some(b'\n') => {
                last_line += 1;
                break line_end + 2;
            }
            Some(_) => {}
        }
    };
    let Some(payload) = source.get(payload_from..payload_end) else {
        return Quick::General;
    };
    lines.skip_to(next_pos, last_line);
    Quick::Cue(
        Timing {
            start,
            end,
            line: timing_line,
        },
        payload,
        payload_lines > 1,
    )
}

/// Passes over a NOTE/STYLE/REGION block whose first line ends at `first_end` (line
/// `first_line`), up to and including the blank line after it. A timing line inside the block
/// (a cue with no blank line before it) is left to the general reader, which starts that cue.
fn quick_skip_block<'a>(
    lines: &mut Lines<'a>,
    source: &'a str,
    first_end: usize,
    first_line: usize,
    style: Style,
) -> Quick<'a> {
    let text = source.as_bytes();
    let (mut pos, mut number) = (first_end + 1, first_line);
    while pos < text.len() {
        let end = lf_line_end(text, pos);
        let line = &source[pos..end];
        number += 1;
        if line.is_empty() {
            lines.skip_to(end + 1, number);
            return Quick::Skipped;
        }
        if is_blank(line) || style.timing(line).is_some() {
            return Quick::General;
        }
        pos = end + 1;
    }
    lines.skip_to(text.len(), number);
    Quick::Skipped
}

fn skip_vtt_header(lines: &mut Lines<'_>, ctx: &mut Ctx<'_>) {
    match lines.peek() {
        Some(first)
            if first
                .text
                .trim_start_matches('\u{feff}')
                .starts_with("WEBVTT") =>
        {
            lines.next();
            // Header metadata (`Kind: captions`, `Language: en`) runs to the first blank line.
            while let Some(line) = lines.peek() {
                if line.is_blank() || parse_arrow_timing(line.text).is_some() {
                    break;
                }
                lines.next();
            }
        }
        Some(first) => ctx.diags.push(
            first.number,
            "no WEBVTT header line",
            "read the cues anyway",
        ),
        None => {}
    }
}

fn is_vtt_block_keyword(line: &str) -> bool {
    // Asked of every cue id: most are told apart by their first byte.
    if !matches!(line.as_bytes().first(), Some(b'N' | b'S' | b'R')) {
        return false;
    }
    let line = line.trim_end();
    line == "STYLE"
        || line == "REGION"
        || line == "NOTE"
        || line.starts_with("NOTE ")
        || line.starts_with("NOTE\t")
        || line.starts_with("STYLE ")
        || line.starts_with("REGION ")
}

/// Skips to the next blank line; a timing line met on the way is returned so that a cue that
/// follows a comment without the blank line is not lost.
fn skip_block(lines: &mut Lines<'_>, style: Style) -> Option<Timing> {
    for line in lines.by_ref() {
        if line.is_blank() {
            return None;
        }
        if let Some((start, end)) = style.timing(line.text) {
            return Some(Timing {
                start,
                end,
                line: line.number,
            });
        }
    }
    None
}
