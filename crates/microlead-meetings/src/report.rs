//! The result of an analysis, and the two ways a person reads it: a plain table and one
//! sentence that nudges rather than scores.

use std::fmt::Write as _;

use serde::Serialize;

use crate::detect::Format;
use crate::diagnostics::Diagnostic;

/// What shares are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Seconds of speech (every cue had a start and an end).
    Airtime,
    /// Words, because the source has no end times (Otter, plain text).
    Words,
}

/// The balance of one meeting. People are listed in roster order, then in order of first
/// speaking: never sorted by how much they spoke, which would make a ranking of people.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The format read (the detected one when `auto` was asked).
    pub format: Format,
    /// From the first cue's start to the last cue's end (or start), in seconds; 0 if unknown.
    pub duration_seconds: f64,
    /// What `share`, `gini`, `entropy`, `quiet` and `dominant` are computed on.
    pub measure: Measure,
    /// Gini coefficient of the measure over everyone listed (silent roster members as 0).
    pub gini: f64,
    /// Shannon entropy of the shares over everyone listed, divided by its maximum.
    pub entropy: f64,
    /// Per person.
    pub speakers: Vec<SpeakerFigures>,
    /// Who spoke right after whom.
    pub turn_matrix: TurnMatrix,
    /// Seconds during which two or more people spoke at once.
    pub overlap_seconds: f64,
    /// Names of quiet people: below half an equal share, or silent.
    pub quiet: Vec<String>,
    /// Names of people above twice an equal share.
    pub dominant: Vec<String>,
    /// Cues read.
    pub utterances: usize,
    /// Words in cues without a speaker name.
    pub unattributed_words: u64,
    /// Problems in the input and what was done about each.
    pub diagnostics: Vec<Diagnostic>,
}

/// One person's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerFigures {
    /// Display name (the roster's or alias map's spelling when there is one).
    pub name: String,
    /// Listed in the roster given.
    pub in_roster: bool,
    /// Seconds of speech, overlapping cues of this person counted once; 0 when measuring words.
    pub airtime_seconds: f64,
    /// Share of the measure (airtime or words), 0..=1.
    pub share: f64,
    /// Words spoken.
    pub words: u64,
    /// Share of all attributed words, 0..=1.
    pub word_share: f64,
    /// Runs of consecutive cues by this person.
    pub turns: u64,
    /// The longest turn in seconds (0 when measuring words).
    pub longest_turn_seconds: f64,
    /// The most words in one turn (not necessarily the same turn as the longest in seconds).
    pub longest_turn_words: u64,
    /// Sentences ending in `?`.
    pub questions: u64,
    /// Times this person started inside someone's speech and that person stopped soon after.
    pub interruptions_made: u64,
    /// Times someone started inside this person's speech and this person stopped soon after.
    pub interruptions_suffered: u64,
    /// Below half an equal share, or silent.
    pub quiet: bool,
    /// Above twice an equal share.
    pub dominant: bool,
}

/// `counts[i][j]`: how many times `names[j]` spoke right after `names[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnMatrix {
    /// Same order as [`Report::speakers`].
    pub names: Vec<String>,
    /// Rows: who spoke before; columns: who spoke next.
    pub counts: Vec<Vec<u32>>,
}

impl Report {
    /// A fixed-width table for terminals and plain-text e-mail.
    pub fn to_table(&self) -> String {
        let width = self
            .speakers
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 32);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<width$}  {:>6}  {:>8}  {:>6}  {:>5}  {:>8}  {:>9}  {:>10}  note",
            "name", "share", "airtime", "words", "turns", "longest", "questions", "interrupts"
        );
        for s in &self.speakers {
            let name: String = s.name.chars().take(width).collect();
            let longest = match self.measure {
                Measure::Airtime => clock(s.longest_turn_seconds),
                Measure::Words => format!("{}w", s.longest_turn_words),
            };
            let note = if s.dominant {
                "dominant"
            } else if s.quiet && s.share == 0.0 && s.words == 0 {
                "silent"
            } else if s.quiet {
                "quiet"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:<width$}  {:>5.1}%  {:>8}  {:>6}  {:>5}  {:>8}  {:>9}  {:>10}  {}",
                name,
                s.share * 100.0,
                if self.measure == Measure::Airtime {
                    clock(s.airtime_seconds)
                } else {
                    "-".to_string()
                },
                s.words,
                s.turns,
                longest,
                s.questions,
                format!("{}/{}", s.interruptions_made, s.interruptions_suffered),
                note
            );
        }
        let _ = writeln!(
            out,
            "{} {}, shares of {}; Gini {:.2}, evenness {:.2}; interrupts are made/suffered",
            match self.measure {
                Measure::Airtime => format!("duration {},", clock(self.duration_seconds)),
                Measure::Words => "no end times,".to_string(),
            },
            self.format,
            match self.measure {
                Measure::Airtime => "airtime",
                Measure::Words => "words",
            },
            self.gini,
            self.entropy
        );
        out.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }

    /// One or two plain sentences about balance, phrased as an invitation, never as a verdict
    /// on a person.
    pub fn reading(&self) -> String {
        let spoke: Vec<&SpeakerFigures> = self
            .speakers
            .iter()
            .filter(|s| s.share > 0.0 || s.words > 0)
            .collect();
        let of_what = match self.measure {
            Measure::Airtime => "of the speaking time",
            Measure::Words => "of the words",
        };
        if spoke.is_empty() {
            return "No speech could be attributed to anyone, so there is nothing to say about balance.".to_string();
        }
        if self.speakers.len() < 2 {
            return format!(
                "Only {} spoke in this transcript; add a roster to see who else was there.",
                spoke[0].name
            );
        }
        let mut sentences = Vec::new();
        let quiet: Vec<&SpeakerFigures> = self.speakers.iter().filter(|s| s.quiet).collect();
        if !quiet.is_empty() {
            let parts: Vec<String> = quiet
                .iter()
                .map(|s| {
                    if s.share == 0.0 && s.words == 0 {
                        format!("{} did not speak", s.name)
                    } else {
                        format!("{} spoke {} {}", s.name, percent(s.share), of_what)
                    }
                })
                .collect();
            let whose = if quiet.len() == 1 {
                "their view"
            } else {
                "their views"
            };
            sentences.push(format!(
                "{}; consider inviting {} next time.",
                join(&parts),
                whose
            ));
        }
        let dominant: Vec<&SpeakerFigures> = self.speakers.iter().filter(|s| s.dominant).collect();
        if !dominant.is_empty() {
            let parts: Vec<String> = dominant
                .iter()
                .map(|s| format!("{} held {} {}", s.name, percent(s.share), of_what))
                .collect();
            sentences.push(format!(
                "{}; a pause or a direct question can open the floor.",
                join(&parts)
            ));
        }
        if sentences.is_empty() {
            let low = self
                .speakers
                .iter()
                .map(|s| s.share)
                .fold(f64::INFINITY, f64::min);
            let high = self.speakers.iter().map(|s| s.share).fold(0.0, f64::max);
            return format!(
                "Balanced: everyone spoke, each between {} and {} {}.",
                percent(low),
                percent(high),
                of_what
            );
        }
        sentences.join(" ")
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    if total >= 3600 {
        format!("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
    } else {
        format!("{}:{:02}", total / 60, total % 60)
    }
}

fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}
