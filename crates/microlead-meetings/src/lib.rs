//! # microlead-meetings: who spoke how much in a meeting
//!
//! The engine behind "Meeting voices": it reads a meeting transcript and works out the balance
//! of the conversation, so that a quiet teammate can be invited in next time. It is pure: bytes
//! in, values out. No files, network, HTTP or SQL; the server and the CLI are shells around it.
//!
//! ## Entry points
//!
//! - [`analyze`]`(bytes, &Options) -> Result<Report, Error>`: decode, detect, read and compute
//!   in one pass, keeping no cue text (the fast path).
//! - [`parse`]`(bytes, Format) -> Result<Parsed, Error>`: the cues as [`Utterance`]s with
//!   speaker, times, text and source line, plus [`Diagnostic`]s.
//! - [`analyze_parsed`]`(&Parsed, &Options) -> Report`: the figures for cues already parsed.
//! - [`parse_roster`]`(bytes)` and [`AliasMap::parse`]`(bytes)`: participant lists and alias maps.
//! - [`Report::to_table`] and [`Report::reading`]: a plain table and one nudging sentence.
//!
//! [`Report`] serialises with serde to the JSON the API and CLI return (`format`,
//! `duration_seconds`, `measure`, `gini`, `entropy`, `speakers[]`, `turn_matrix`,
//! `overlap_seconds`, `quiet[]`, `dominant[]`, `diagnostics[]`, ...).
//!
//! ## Input
//!
//! | format | [`Format`] | speaker | times |
//! |---|---|---|---|
//! | Zoom WebVTT | `zoom-vtt` | `Name: text`; a cue without a name stays unattributed | start, end |
//! | Teams WebVTT | `teams-vtt` | `<v Name>` / `<v.class Name>`, closing tag optional | start, end |
//! | other WebVTT | `vtt` | `<v Name>` or `Name:`, carried forward when absent | start, end |
//! | SRT | `srt` | `Name:` (also after `>>` or `-`), carried forward | start, end |
//! | Google `.sbv` | `sbv` | `Name:`, carried forward | start, end |
//! | Otter `.txt` | `otter` | `Name  0:03` header before the text | start |
//! | plain text | `plain` | `Name: text`, optionally after `[00:01:02]`, `(01:02)` or `00:01` | start |
//! | RTTM | `rttm` | the name field of `SPEAKER` lines | start, duration |
//!
//! [`Format::Auto`] detects the format from the first few hundred lines (Zoom is told from
//! generic WebVTT by its numbered, named cues). Encodings: UTF-8 with or without BOM, UTF-16
//! LE/BE (with a BOM, or recognised without), and Latin-1 when the bytes are not UTF-8; line
//! endings LF, CRLF or a lone CR; a final newline is optional. Malformed parts become
//! [`Diagnostic`]s with the line and what was done; only input that is no transcript at all
//! (empty, binary, a CSV, prose) is an [`Error`]. No input panics, and work stays linear in
//! the input even for hostile files (a file naming thousands of speakers gets no n² turn
//! matrix, and a diagnostic says so).
//!
//! ## Figures, and the rules behind them
//!
//! - **Airtime** is the union of a person's cue intervals, so their own overlapping cues count
//!   once. **Share** is a share of airtime, or of words when the source has no end times
//!   (Otter, plain text): [`Report::measure`] says which.
//! - **Words** are whitespace-separated tokens with a letter or digit in them.
//! - **Turns** are runs of consecutive cues by one person, cues sorted by start time;
//!   unattributed cues neither end nor start one. A turn lasts from its first start to its
//!   latest end, so the longest turn in seconds may include short pauses; the most words in
//!   one turn is reported beside it.
//! - **Questions** count `?` marks, except one right after `?` or `!` ("What??" and
//!   "Really?!" are one question).
//! - **Interruptions**: B's speech starts strictly inside A's and A stops within
//!   [`YIELD_WINDOW`] (2 s) of B's start. B's speech shorter than [`BACKCHANNEL_MAX`] (1 s),
//!   or made only of replies such as "yeah", "mm-hmm", "right", "okay", "got it", is listening,
//!   not interrupting.
//! - **Overlap** is the time two or more people speak at once.
//! - **Gini** and **normalised entropy** are over everyone listed, silent roster members as 0.
//!   **Quiet**: below half an equal share, or silent. **Dominant**: above twice an equal share.
//!   Both need at least two people.
//! - **Duration** runs from the first cue's start to the last cue's end (or start).
//! - Cues out of order are sorted; an end before the start becomes a zero-length cue (its words
//!   count, it adds no airtime); each such fix is a diagnostic.
//! - People are listed in roster order, then in order of first speaking, never by how much
//!   they spoke: the report is a nudge to invite voices in, not a ranking of people.
//!
//! ## Names
//!
//! A `Name:` prefix is a speaker only if it looks like one: 1–4 capitalised name words
//! ("Ludwig van Beethoven" and "Speaker 2" pass), an optional `(Host)`-style note, no word like
//! Note, Agenda, Action, Meeting, Question, Answer, Summary, Re, PS, Time, Date, Subject, and a
//! space after the colon (so `10:30` and `http://` are not names). Names in the roster or alias
//! map are always accepted. Names are compared ignoring case, accents, punctuation and
//! `(Host)`, `(Guest)`, `(Co-host)`, `(External)`-style suffixes (see [`fold_name`]); the
//! roster's or alias map's spelling is the one shown. A Zoom roster entry such as
//! `Dana (Dana Smith)` matches both "Dana" and "Dana Smith".
//!
//! ## Code map
//!
//! `decode` (bytes → text, lines) → `detect` (which format) → `formats::*` (one reader per
//! format, all sending borrowed cues to a sink) → `tally` (cues reduced to numbers, names to
//! people via `people` and `names`) → `figures` (the balance) → `report` (the result, its table
//! and its sentence). `roster` reads participant lists and alias maps; `text_stats` counts
//! words and questions; `timestamp` reads clocks; `diagnostics` and `error` say what went wrong.
//!
//! ```
//! use microlead_meetings::{analyze, Options};
//! let vtt = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:06.000\nDana: Shall we start?\n\n\
//!             2\n00:00:06.000 --> 00:00:08.000\nSam: Yes.\n";
//! let report = analyze(vtt, &Options::default()).unwrap();
//! assert_eq!(report.format.name(), "zoom-vtt");
//! assert_eq!(report.speakers[0].questions, 1);
//! assert!((report.speakers[0].share - 0.75).abs() < 1e-9);
//! ```

mod decode;
mod detect;
mod diagnostics;
mod error;
mod figures;
mod formats;
mod names;
mod people;
mod report;
mod roster;
mod tally;
mod text_stats;
mod timestamp;

use serde::Serialize;

pub use detect::Format;
pub use diagnostics::Diagnostic;
pub use error::Error;
pub use figures::{BACKCHANNEL_MAX, YIELD_WINDOW};
pub use names::{display_name, fold as fold_name};
pub use report::{Measure, Report, SpeakerFigures, TurnMatrix};
pub use roster::{AliasMap, parse_roster};

use diagnostics::Diagnostics;
use formats::cues::{self, Style};
use formats::{Ctx, RawCue, Sink};
use names::KnownNames;
use people::People;
use tally::Tally;

/// How to read a transcript.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The format, or [`Format::Auto`] to detect it.
    pub format: Format,
    /// Everyone who was in the meeting, as written in a roster (see [`parse_roster`]); people
    /// listed who never spoke count as silent. Empty: only speakers found count.
    pub roster: Vec<String>,
    /// Other spellings of people's names.
    pub aliases: AliasMap,
}

/// One cue as read from the transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Utterance {
    /// The speaker's name as written (roles such as `(Host)` included), or `None` if unknown.
    pub speaker: Option<String>,
    /// Start in seconds from the start of the recording, when the format has times.
    pub start: Option<f64>,
    /// End in seconds, when the format has end times.
    pub end: Option<f64>,
    /// The words, markup removed.
    pub text: String,
    /// 1-based line in the decoded input where the cue starts (its timing line, if any).
    pub line: usize,
}

/// A transcript read into cues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    /// The format read (the detected one when `auto` was asked).
    pub format: Format,
    /// The cues in file order.
    pub utterances: Vec<Utterance>,
    /// Problems met and what was done about them.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a transcript into cues. Errors only when the input is no transcript at all.
pub fn parse(bytes: &[u8], format: Format) -> Result<Parsed, Error> {
    parse_with(bytes, format, &KnownNames::default())
}

fn parse_with(bytes: &[u8], format: Format, known: &KnownNames) -> Result<Parsed, Error> {
    struct Collect {
        utterances: Vec<Utterance>,
        diags: Diagnostics,
    }
    impl Sink for Collect {
        fn cue(&mut self, cue: RawCue<'_>) {
            let (start, end) = tally::check_times(cue.start, cue.end, cue.line, &mut self.diags);
            self.utterances.push(Utterance {
                speaker: cue.speaker.map(str::to_string),
                start,
                end,
                text: cue.text.to_string(),
                line: cue.line,
            });
        }
    }
    let mut sink = Collect {
        utterances: Vec::new(),
        diags: Diagnostics::default(),
    };
    let (format, reader_diags) = read(bytes, format, known, &mut sink)?;
    if sink.utterances.is_empty() {
        return Err(Error::NoSpeech {
            format: format.to_string(),
        });
    }
    Ok(Parsed {
        format,
        utterances: sink.utterances,
        diagnostics: merge(reader_diags, sink.diags),
    })
}

/// Reads a transcript and computes its balance figures in one pass.
pub fn analyze(bytes: &[u8], opts: &Options) -> Result<Report, Error> {
    let known = People::known_names(&opts.roster, &opts.aliases);
    let mut people = People::new(&opts.roster, &opts.aliases);
    let mut tally = Tally::new(&mut people);
    // A cue takes a hundred-odd bytes: room for them all up front saves regrowing the list (a
    // guess too small only costs a regrowth), capped so a huge file reserves at most 2.5 MB.
    tally.recs.reserve((bytes.len() / 96).min(1 << 16));
    let (format, reader_diags) = read(bytes, opts.format, &known, &mut tally)?;
    if tally.recs.is_empty() {
        return Err(Error::NoSpeech {
            format: format.to_string(),
        });
    }
    let Tally {
        recs,
        overview,
        mut diags,
        ..
    } = tally;
    let mut report = figures::compute(
        format,
        recs,
        &overview,
        &people.names,
        &people.in_roster,
        &mut diags,
    );
    report.diagnostics = merge(reader_diags, diags);
    Ok(report)
}

/// The figures for a transcript already [`parse`]d (the roster and aliases of `opts` apply;
/// its format is ignored).
pub fn analyze_parsed(parsed: &Parsed, opts: &Options) -> Report {
    let mut people = People::new(&opts.roster, &opts.aliases);
    let mut tally = Tally::new(&mut people);
    for u in &parsed.utterances {
        let stats = text_stats::TextStats::of(&u.text);
        tally.cue(RawCue {
            speaker: u.speaker.as_deref(),
            start: u.start,
            end: u.end,
            text: &u.text,
            line: u.line,
            stats,
            slot: None,
        });
    }
    let Tally {
        recs,
        overview,
        mut diags,
        ..
    } = tally;
    let mut report = figures::compute(
        parsed.format,
        recs,
        &overview,
        &people.names,
        &people.in_roster,
        &mut diags,
    );
    let mut all = parsed.diagnostics.clone();
    all.extend(diags.finish());
    all.sort_by_key(|d| d.line);
    report.diagnostics = all;
    report
}

/// Decodes, picks the reader and runs it into `sink`; returns the format used and the
/// reader's diagnostics.
fn read<S: Sink>(
    bytes: &[u8],
    format: Format,
    known: &KnownNames,
    sink: &mut S,
) -> Result<(Format, Diagnostics), Error> {
    let mut ctx = Ctx::new(known);
    let text = decode::decode(bytes, &mut ctx.diags)?;
    let format = match format {
        Format::Auto => detect::detect(&text, known)?,
        forced => forced,
    };
    match format {
        Format::ZoomVtt => cues::read(&text, Style::ZoomVtt, &mut ctx, sink),
        Format::TeamsVtt => cues::read(&text, Style::TeamsVtt, &mut ctx, sink),
        Format::Vtt => cues::read(&text, Style::Vtt, &mut ctx, sink),
        Format::Srt => cues::read(&text, Style::Srt, &mut ctx, sink),
        Format::Sbv => cues::read(&text, Style::Sbv, &mut ctx, sink),
        Format::Otter => formats::otter::read(&text, &mut ctx, sink),
        Format::Plain => formats::plain::read(&text, &mut ctx, sink),
        Format::Rttm => formats::rttm::read(&text, &mut ctx, sink),
        // `detect` never answers `Auto`.
        Format::Auto => {}
    }
    Ok((format, ctx.diags))
}

fn merge(first: Diagnostics, second: Diagnostics) -> Vec<Diagnostic> {
    let mut all = first.finish();
    all.extend(second.finish());
    // Stable: problems on one line keep the order they were found in.
    all.sort_by_key(|d| d.line);
    all
}
