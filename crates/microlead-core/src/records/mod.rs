//! The records microlead keeps, as plain data: what the store hands out and takes in, and what
//! the use cases, the server and the CLI work with. No database traits: the store maps its rows
//! to these, so nothing above it sees SQL.

mod accounts;
mod decisions;
mod jobs;
mod journal;
mod meetings;
mod notifications;
mod recognition;
mod rooms;

pub use accounts::*;
pub use decisions::*;
pub use jobs::*;
pub use journal::*;
pub use meetings::*;
pub use notifications::*;
pub use recognition::*;
pub use rooms::*;

/// Seconds since the Unix epoch, UTC. Every instant in the store is one of these.
pub type Timestamp = i64;
