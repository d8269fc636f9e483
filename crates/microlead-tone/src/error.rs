//! The one error type of the engine's boundary.

/// Why a text could not be read. Everything else (odd characters, emoji, any language) is
/// accepted and read as well as it can be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToneError {
    /// The text is empty or only whitespace.
    #[error("the {0} is empty: write a few words to read")]
    Empty(&'static str),
    /// The text is longer than the engine reads in one go.
    #[error("the {what} is {len} bytes long; the limit is {max} bytes")]
    TooLong {
        /// Which input ("message", "draft", ...).
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit, [`crate::MAX_TEXT_BYTES`].
        max: usize,
    },
}
