//! microlead-server's integration tests: the real app on port 0 with a fresh database, once per
//! backend (SQLite always, PostgreSQL when MICROLEAD_TEST_PG is set, as in CI).
//!
//! - `helpers`: spawning the app, signing in, reading CSRF tokens from pages.
//! - `anonymity`: anonymous ballots and questions against someone holding the database file,
//!   its WAL or PostgreSQL's physical row order: pairing does no better than chance.
//! - `accounts`: set-up, sign-in limits, sessions, invites, tokens, CSRF.
//! - `errors`: how refusals and panics reach people: htmx fragments, 500 pages, API JSON.
//! - `kindness`: the kindness coach API and page; nothing of either text is kept.
//! - `journal`: the journal and Today through the API and the pages, and every bad input.
//! - `meetings`: uploads, who sees a meeting, speaker mapping, live mode, the Today nudge.
//! - `scoping`: another team's ids answer 404 on every API route (read from the OpenAPI
//!   document) and every page (read from the page router); nothing of that team changes.
//! - `privacy`: the k-rule and frozen monthly figures (differencing); private entries stay
//!   private.
//! - `recognition`: praise and pass-ons, feedback with its coach, requests, the inbox.
//! - `rooms`: question rooms, live events, guests, anonymity.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod anonymity;
mod decisions;
mod errors;
mod helpers;
mod journal;
mod kindness;
mod meetings;
mod privacy;
mod recognition;
mod rooms;
mod scoping;
