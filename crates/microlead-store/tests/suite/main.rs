//! The store's suite: every test runs against SQLite (always) and PostgreSQL (when
//! `MICROLEAD_TEST_PG` names a server, as `.ci/run` does; otherwise it says why it skipped),
//! each on a fresh database from `microlead_store::testing::backends()`. One module per area of
//! the store, as the `Store` trait is cut:
//!
//! - `helpers`: people, teams and entries to store; a table's columns from the catalogue.
//! - `accounts`: set-up, users, invites, sessions, API tokens, team acts and settings.
//! - `journal`: private, team-scoped entries, the feed, practice figures, Today, group commit.
//! - `meetings`: who sees a meeting, speaker mapping and aliases, the quiet-teammate signal.
//! - `recognition`: praise chains and pass-ons, feedback between its two parties, notifications.
//! - `decisions`: anonymous ballots, named votes and their history, reviews that credit once.
//! - `jobs`: the durable queue claimed by several app servers.
//! - `rooms`: rooms, questions (named, guest, anonymous), votes, order, moderation, waiting.
//! - `events`: the live event bus, within one store and across stores on one PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod decisions;
mod events;
mod helpers;
mod jobs;
mod journal;
mod meetings;
mod recognition;
mod rooms;
