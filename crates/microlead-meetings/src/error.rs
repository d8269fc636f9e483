//! The one error type of the engine: everything a caller can show a person as is.

/// Why a transcript (or a roster) could not be read at all.
///
/// Smaller problems never become errors: they are reported as [`crate::Diagnostic`]s
/// beside the figures, so one bad cue does not cost the whole meeting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes or many control characters: an image, an archive, a database...
    #[error("this looks like a binary file, not a transcript")]
    Binary,
    /// Text, but in none of the formats this engine reads.
    #[error(
        "not a transcript this tool can read ({reason}); supported: Zoom or Teams WebVTT, \
         WebVTT, SRT, Otter .txt, Google Meet .sbv, `Name: text` lines and RTTM"
    )]
    NotATranscript {
        /// What was looked for and not found.
        reason: String,
    },
    /// The format was recognised (or forced) but not one cue with speech could be read.
    #[error("no speech found in this {format} file")]
    NoSpeech {
        /// The format name, as in [`crate::Format`]'s `Display`.
        format: String,
    },
    /// A format name given by the user that we do not know.
    #[error(
        "unknown transcript format {0:?}; use one of auto, zoom-vtt, teams-vtt, vtt, srt, otter, sbv, plain, rttm"
    )]
    UnknownFormat(String),
    /// A roster or alias list in which no name could be found.
    #[error("no names found in this list ({reason})")]
    NotARoster {
        /// What was looked for and not found.
        reason: String,
    },
}
