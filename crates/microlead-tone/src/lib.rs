//! microlead-tone (work in progress)
mod error;
mod fasthash;
mod sentences;
mod types;
mod vader;

pub use error::ToneError;
pub use types::*;
pub use vader::{message_valence, valence};
