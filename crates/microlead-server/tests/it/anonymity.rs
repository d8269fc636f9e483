//! DESIGN.md §3.4 against someone holding the database: anonymous ballots and questions cannot
//! be paired with the people behind them by row order in the file, by WAL commits, by ids or
//! by times. Each test plays the attacker: it knows the order in which people acted (it made
//! them act), reads the raw SQLite file and WAL after every step (or PostgreSQL's tables in
//! physical order, `ctid`), and guesses who cast what. It must do no better than chance.

use std::collections::HashMap;

use microlead_app::testing::pg_rows;
use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

/// Decisions played, each with five anonymous voters (k = 5).
const DECISIONS: usize = 8;
const VOTERS: usize = 5;

/// Byte offsets of `needle` in `hay`.
fn offsets(hay: &[u8], needle: &str) -> Vec<usize> {
    let n = needle.as_bytes();
    hay.windows(n.len())
        .enumerate()
        .filter(|(_, w)| *w == n)
        .map(|(i, _)| i)
        .collect()
}

/// The SQLite database file and its WAL, as bytes (the WAL may be absent or empty).
fn sqlite_files(url: &str) -> (Vec<u8>, Vec<u8>) {
    let path = url.trim_start_matches("sqlite://");
    let db = std::fs::read(path).unwrap_or_default();
    let wal = std::fs::read(format!("{path}-wal")).unwrap_or_default();
    (db, wal)
}

/// How many of `guess` are in the right place (the true order is `0..len`).
fn hits(guess: &[usize]) -> usize {
    guess.iter().enumerate().filter(|(i, v)| i == *v).count()
}

/// Orders the markers (index = true vote order) by a key; the attacker's guess of who came
/// when. Markers the attacker cannot place sort last.
fn order_by(keys: &[Option<(usize, usize)>], descending_offset: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by_key(|&i| match keys[i] {
        Some((snap, off)) => (
            snap,
            if descending_offset {
                usize::MAX - off
            } else {
                off
            },
        ),
        None => (usize::MAX, usize::MAX),
    });
    idx
}

#[tokio::test]
async fn anonymous_ballots_cannot_be_paired_with_voters() {
    for t in apps().await {
        let (crew, p) = t.crew().await;
        let mut tokens: Vec<String> = p.iter().map(|(_, tok)| tok.clone()).collect();
        let eve = t
            .user("eve@x.org", "Eve Ng", Some((crew, Role::Member)))
            .await;
        tokens.push(t.token_for(&eve).await);
        let proposer = tokens[0].clone();
        // Three attacks on the SQLite files (first snapshot a ballot appears in, then its
        // offset in either direction), one on PostgreSQL (ctid); each sums its right guesses.
        let mut score: HashMap<&str, usize> = HashMap::new();
        for d in 0..DECISIONS {
            let (s, dec) = t
                .api(
                    Method::POST,
                    &proposer,
                    "/decisions",
                    Some(json!({"title": format!("Decision {d}"), "closes_in_hours": 48, "anonymous": true})),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{dec}");
            let id = dec["id"].as_i64().unwrap();
            // Every member is reminded to vote; their reminder's read time must not date
            // their vote.
            t.clock.advance(24 * 3600 + 1);
            t.app.run_due_jobs(t.clock_now()).await.unwrap();
            let markers: Vec<String> = (0..VOTERS).map(|v| format!("ballot-{d}-{v}-q7")).collect();
            let mut snapshots = Vec::new();
            let mut vote_times = Vec::new();
            for (v, marker) in markers.iter().enumerate() {
                t.clock.advance(61 + 7 * v as i64);
                vote_times.push(t.clock_now());
                let (s, body) = t
                    .api(
                        Method::POST,
                        &tokens[v],
                        &format!("/decisions/{id}/votes"),
                        Some(json!({"choice": "disagree", "reason": marker})),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{body}");
                if t.backend == "sqlite" {
                    snapshots.push(sqlite_files(t.db_url()));
                }
            }
            // The ballots are in (five = k), and no time of any vote is stored anywhere.
            let (_, r) = t
                .api(
                    Method::GET,
                    &proposer,
                    &format!("/decisions/{id}/results"),
                    None,
                )
                .await;
            assert_eq!(r["tally"]["total"], VOTERS, "{r}");
            for at in &vote_times {
                for value in [*at, at - at.rem_euclid(60)] {
                    let found = t.store.find_value(&value.to_string()).await.unwrap();
                    assert!(
                        found.is_empty(),
                        "the vote time {value} is stored in {found:?}"
                    );
                }
            }
            if t.backend == "sqlite" {
                // First snapshot in which each ballot's reason appears, and where.
                let keys: Vec<Option<(usize, usize)>> = markers
                    .iter()
                    .map(|m| {
                        snapshots.iter().enumerate().find_map(|(i, (db, wal))| {
                            let mut at = offsets(wal, m);
                            at.extend(offsets(db, m).into_iter().map(|o| o + wal.len()));
                            at.into_iter().min().map(|o| (i, o))
                        })
                    })
                    .collect();
                *score.entry("sqlite: snapshot, then offset").or_default() +=
                    hits(&order_by(&keys, false));
                *score
                    .entry("sqlite: snapshot, then offset from the end")
                    .or_default() += hits(&order_by(&keys, true));
                // The final file alone, cell by cell.
                let (db, wal) = snapshots.last().unwrap();
                let last: Vec<Option<(usize, usize)>> = markers
                    .iter()
                    .map(|m| {
                        offsets(db, m)
                            .into_iter()
                            .chain(offsets(wal, m).into_iter().map(|o| o + db.len()))
                            .min()
                            .map(|o| (0, o))
                    })
                    .collect();
                *score.entry("sqlite: final file order").or_default() +=
                    hits(&order_by(&last, false));
                *score
                    .entry("sqlite: final file order, reversed")
                    .or_default() += hits(&order_by(&last, true));
            } else {
                let rows = pg_rows(
                    t.db_url(),
                    "SELECT reason FROM decision_ballots WHERE decision_id = $1 ORDER BY ctid",
                    id,
                )
                .await;
                let keys: Vec<Option<(usize, usize)>> = markers
                    .iter()
                    .map(|m| {
                        rows.iter()
                            .position(|r| r.as_deref() == Some(m.as_str()))
                            .map(|pos| (0, pos))
                    })
                    .collect();
                *score.entry("postgres: ctid order").or_default() += hits(&order_by(&keys, false));
            }
        }
        // Chance is one right guess per decision (8 of 40); the old store gave 40 of 40.
        for (attack, right) in &score {
            eprintln!("{attack}: {right} of {} paired", DECISIONS * VOTERS);
            assert!(
                *right <= 20,
                "{}: {attack} paired {right} of {} ballots with their voters",
                t.backend,
                DECISIONS * VOTERS
            );
        }
        assert!(!score.is_empty());
    }
}

/// Five members ask anonymous questions one after another. Nothing written with a question
/// names or dates its asker: no journal credit (it would line up with the question by id,
/// transaction and time), no time finer than the minute on any question, no new row holding
/// the asker's id.
#[tokio::test]
async fn anonymous_questions_cannot_be_paired_with_askers() {
    for t in apps().await {
        let (crew, p) = t.crew().await;
        let mut people: Vec<(i64, String)> = p.clone();
        let eve = t
            .user("eve@x.org", "Eve Ng", Some((crew, Role::Member)))
            .await;
        people.push((eve.id.0, t.token_for(&eve).await));
        let (s, room) = t
            .api(
                Method::POST,
                &people[0].1,
                "/rooms",
                Some(json!({"name": "All-hands"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{room}");
        let room = room["id"].as_i64().unwrap();
        // Columns that refer to a person, where a row written for the asker would show.
        let person_columns = |found: Vec<String>| -> Vec<String> {
            found
                .into_iter()
                .filter(|c| {
                    let col = c.rsplit('.').next().unwrap_or("");
                    col.ends_with("user_id")
                        || col.ends_with("_by")
                        || col == "voter"
                        || ["author_id", "asker_id", "giver_id", "sender_id", "host_id"]
                            .contains(&col)
                })
                .collect()
        };
        let mut before = Vec::new();
        for (uid, _) in &people {
            before.push(person_columns(
                t.store.find_value(&uid.to_string()).await.unwrap(),
            ));
        }
        let mut ask_times = Vec::new();
        for (i, (_, tok)) in people.iter().enumerate() {
            t.clock.advance(13 + 11 * i as i64);
            ask_times.push(t.clock_now());
            let (s, q) = t
                .api(
                    Method::POST,
                    tok,
                    &format!("/rooms/{room}/questions"),
                    Some(json!({"text": format!("Unasked question {i}?"), "anonymous": true})),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{q}");
        }
        // A named question keeps its time only to the minute too, so the anonymous ones do
        // not stand out.
        t.clock.advance(29);
        let (_, named) = t
            .api(
                Method::POST,
                &people[1].1,
                &format!("/rooms/{room}/questions"),
                Some(json!({"text": "A named one"})),
            )
            .await;
        assert_eq!(named["created_at"].as_i64().unwrap() % 60, 0);
        for ((uid, tok), was) in people.iter().zip(&before) {
            let now = person_columns(t.store.find_value(&uid.to_string()).await.unwrap());
            let new: Vec<&String> = now.iter().filter(|c| !was.contains(c)).collect();
            if *uid == people[1].0 {
                // The named question and its journal credit are the new places.
                assert!(
                    new.iter()
                        .all(|c| *c == "journal_entries.user_id" || *c == "questions.author_id"),
                    "{new:?}"
                );
            } else {
                assert!(new.is_empty(), "user {uid}: {new:?}");
                let (_, journal) = t.api(Method::GET, tok, "/journal", None).await;
                assert_eq!(journal.as_array().unwrap().len(), 0, "{journal}");
            }
        }
        for at in &ask_times {
            let found = t.store.find_value(&at.to_string()).await.unwrap();
            assert!(found.is_empty(), "the ask time {at} is stored in {found:?}");
        }
    }
}
