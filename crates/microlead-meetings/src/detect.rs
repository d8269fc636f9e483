//! The transcript formats, their user-facing names, and guessing one from the text.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::decode::Lines;
use crate::error::Error;
use crate::formats::{otter, plain, rttm};
use crate::names::{KnownNames, NameCache, speaker_prefix};
use crate::timestamp::{parse_arrow_timing, parse_sbv_timing};

/// A transcript format. `Auto` asks [`crate::parse`] to guess; the others force a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Guess from the content.
    #[default]
    Auto,
    /// Zoom's cloud-recording transcript: WebVTT with `Name: text` payloads.
    ZoomVtt,
    /// Microsoft Teams: WebVTT with `<v Name>` voice spans.
    TeamsVtt,
    /// Any other WebVTT; a `Name:` prefix is used when present and carried forward.
    Vtt,
    /// SubRip captions; a `Name:` prefix is used when present and carried forward.
    Srt,
    /// Otter.ai text export: `Name  0:03` headers followed by text.
    Otter,
    /// Google `.sbv` captions: `0:00:01.000,0:00:04.000` then text.
    Sbv,
    /// `Name: text` lines, optionally led by a clock.
    Plain,
    /// Speaker diarization output (`SPEAKER file 1 start duration ... name ...`).
    Rttm,
}

impl Format {
    /// Every name [`FromStr`] accepts for each format, the first being the canonical one.
    pub const NAMES: &'static [(&'static str, Format)] = &[
        ("auto", Format::Auto),
        ("zoom-vtt", Format::ZoomVtt),
        ("zoom", Format::ZoomVtt),
        ("teams-vtt", Format::TeamsVtt),
        ("teams", Format::TeamsVtt),
        ("vtt", Format::Vtt),
        ("webvtt", Format::Vtt),
        ("srt", Format::Srt),
        ("otter", Format::Otter),
        ("sbv", Format::Sbv),
        ("plain", Format::Plain),
        ("txt", Format::Plain),
        ("rttm", Format::Rttm),
    ];

    /// The canonical name, as accepted by [`FromStr`] and written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::ZoomVtt => "zoom-vtt",
            Format::TeamsVtt => "teams-vtt",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Otter => "otter",
            Format::Sbv => "sbv",
            Format::Plain => "plain",
            Format::Rttm => "rttm",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let wanted = s.trim().trim_start_matches('.');
        Format::NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|&(_, format)| format)
            .ok_or_else(|| Error::UnknownFormat(s.to_string()))
    }
}

/// How much of the text detection reads: formats show themselves in the first cues, and a
/// bounded look keeps detection cheap on large files.
const HEAD_LINES: usize = 400;
const VTT_HEAD_LINES: usize = 100;

/// Guesses the format from the start of the text.
pub(crate) fn detect(text: &str, known: &KnownNames) -> Result<Format, Error> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with("WEBVTT") {
        return Ok(vtt_flavour(trimmed, known));
    }
    let mut counts = Counts::default();
    let mut cache = NameCache::default();
    let mut lines = Lines::head_of(text)
        .filter(|l| !l.text.trim().is_empty())
        .take(HEAD_LINES)
        .peekable();
    while let Some(line) = lines.next() {
        let t = line.text.trim();
        counts.lines += 1;
        if t.starts_with([';', '#']) {
            counts.comments += 1;
        } else if rttm::is_record_line(t) {
            counts.rttm += 1;
            counts.rttm_speaker += usize::from(rttm::is_speaker_line(t));
        } else if parse_arrow_timing(t).is_some() {
            counts.arrow += 1;
        } else if parse_sbv_timing(t).is_some() {
            counts.sbv += 1;
        } else if otter::header(t, known).is_some()
            && lines
                .peek()
                .is_some_and(|next| otter::header(next.text, known).is_none())
        {
            counts.otter += 1;
        } else if plain::speaker_line(t, known, &mut cache).is_some() {
            counts.plain += 1;
        }
    }
    let content = counts.lines - counts.comments;
    if counts.rttm_speaker > 0 && counts.rttm * 10 >= content * 8 {
        Ok(Format::Rttm)
    } else if counts.arrow > 0 {
        Ok(Format::Srt)
    } else if counts.sbv > 0 {
        Ok(Format::Sbv)
    } else if counts.otter > 0 && counts.otter >= counts.plain {
        Ok(Format::Otter)
    } else if counts.plain > 0 && (counts.plain >= 2 || content <= 3) && counts.plain * 5 >= content
    {
        Ok(Format::Plain)
    } else {
        Err(Error::NotATranscript {
            reason: "found no cue timings, speaker headers or `Name:` lines".to_string(),
        })
    }
}

#[derive(Default)]
struct Counts {
    lines: usize,
    comments: usize,
    rttm: usize,
    rttm_speaker: usize,
    arrow: usize,
    sbv: usize,
    otter: usize,
    plain: usize,
}

/// Teams writes voice spans; Zoom numbers its cues and writes a `Name:` prefix on most;
/// anything else is generic WebVTT (where a missing name carries forward).
fn vtt_flavour(text: &str, known: &KnownNames) -> Format {
    let mut cues = 0;
    let mut named = 0;
    let mut numbered = 0;
    let mut cache = NameCache::default();
    let mut previous = "";
    // Twenty-odd cues tell Zoom from Teams from generic WebVTT.
    let mut lines = Lines::head_of(text).take(VTT_HEAD_LINES);
    while let Some(line) = lines.next() {
        if parse_arrow_timing(line.text).is_none() {
            previous = line.text;
            continue;
        }
        let id = previous.trim();
        numbered += usize::from(!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        let Some(payload) = lines.next() else { break };
        cues += 1;
        if crate::formats::markup::voice(payload.text).is_some() {
            return Format::TeamsVtt;
        }
        named += usize::from(speaker_prefix(payload.text.trim(), known, &mut cache).is_some());
    }
    if cues > 0 && named * 2 >= cues && numbered * 2 >= cues {
        Format::ZoomVtt
    } else {
        Format::Vtt
    }
}
