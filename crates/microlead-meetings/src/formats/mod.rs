//! One reader per transcript format. Each walks the decoded text once and hands every cue to a
//! [`Sink`] as borrowed slices, so the analysis path allocates nothing per cue; only
//! [`crate::parse`] turns cues into owned [`crate::Utterance`]s.

pub(crate) mod cues;
pub(crate) mod markup;
pub(crate) mod otter;
pub(crate) mod plain;
pub(crate) mod rttm;

use crate::diagnostics::Diagnostics;
use crate::names::{KnownNames, NameCache};
use crate::text_stats::TextStats;

/// A cue as read, before names are resolved or times checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawCue<'a> {
    pub speaker: Option<&'a str>,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub text: &'a str,
    pub line: usize,
    /// Counted by the reader, which scans the text anyway to decide whether to clean it.
    pub stats: TextStats,
    /// A small per-file number for `speaker` ([`crate::names::NameCache`]), when it has one.
    pub slot: Option<u32>,
}

/// Where readers send cues.
pub(crate) trait Sink {
    fn cue(&mut self, cue: RawCue<'_>);
}

/// What every reader needs besides the text.
pub(crate) struct Ctx<'k> {
    pub diags: Diagnostics,
    pub known: &'k KnownNames,
    pub names: NameCache,
    /// Set once a "cue without speaker" diagnostic was given, so a file of a thousand such
    /// cues gets one line about it rather than a thousand.
    pub told_unattributed: bool,
}

impl<'k> Ctx<'k> {
    pub(crate) fn new(known: &'k KnownNames) -> Self {
        Ctx {
            diags: Diagnostics::default(),
            known,
            names: NameCache::default(),
            told_unattributed: false,
        }
    }

    pub(crate) fn unattributed(&mut self, line: usize, action: &str) {
        if !self.told_unattributed {
            self.told_unattributed = true;
            self.diags.push(
                line,
                "text without a speaker name (first of possibly several)",
                action,
            );
        }
    }
}
