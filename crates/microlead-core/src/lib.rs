//! microlead's domain, free of IO: the practice catalog (the essay's principles and acts as data),
//! the rules that choose Today's suggestion, practice strength, and the privacy thresholds of
//! DESIGN.md §3. Everything here is a pure function of its inputs, so the server, the CLI and the
//! tests all get the same answers for the same state and date.

pub mod catalog;
pub mod decisions;
pub mod ids;
pub mod people;
pub mod practice;
pub mod privacy;
pub mod records;
pub mod today;
pub mod validate;

pub use catalog::{Act, Principle};
pub use ids::*;
