//! Product rules: private by default, and group figures only over k people.

use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::macros::date;

use crate::helpers::*;

/// DESIGN.md §3.3 in full: a team figure counts over the people who were members all of a
/// month, is frozen once computed, and shows a count only when at least k people did and at
/// least k did not. Each step below is an attack that worked on the old breadth (30 rolling
/// days over current members): now no join, leave or private entry moves a figure.
#[tokio::test]
async fn group_figures_single_nobody_out() {
    for t in apps().await {
        let (admin, crew, token) = t.admin().await;
        // Twelve people in the team since January; the period shown in March is February.
        let mut people = Vec::new();
        for i in 0..12 {
            let u = t
                .user(&format!("m{i}@x.org"), &format!("Member {i}"), None)
                .await;
            t.store
                .add_member(crew, u.id, Role::Member, date!(2026 - 01 - 15))
                .await
                .unwrap();
            people.push((u.id, t.token_for(&u).await));
        }
        let log = |tk: String, act: &'static str, shared: bool| {
            let t = &t;
            async move {
                let (s, _) = t
                    .api(
                        Method::POST,
                        &tk,
                        "/journal",
                        Some(json!({"act": act, "what": "an act", "date": "2026-02-10", "shared": shared})),
                    )
                    .await;
                assert_eq!(s, StatusCode::CREATED);
            }
        };
        // Six shared "say no" (seek responsibility), one private by someone who lets it
        // count, one private by someone who does not; one shared "help a newcomer".
        for (_, tk) in &people[..6] {
            log(tk.clone(), "say-no", true).await;
        }
        let allow = t.account("m7@x.org").await;
        t.app.set_private_in_figures(&allow, true).await.unwrap();
        log(people[7].1.clone(), "own-mistake", false).await;
        log(people[6].1.clone(), "own-mistake", false).await;
        log(people[0].1.clone(), "help-newcomer", true).await;

        let (_, b) = t.api(Method::GET, &token, "/breadth", None).await;
        assert_eq!(b["period_start"], "2026-02-01");
        assert_eq!(
            b["population"], 12,
            "the admin joined in March: not counted"
        );
        let shown = |b: &Value, p: &str| {
            b["principles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["principle"] == p)
                .map(|x| (x["shown"].as_str().unwrap().to_owned(), x["people"].clone()))
                .unwrap()
        };
        assert_eq!(
            shown(&b, "seek-responsibility"),
            ("count".into(), json!(7)),
            "6 shared + 1 allowed private; m6's private entry does not count"
        );
        assert_eq!(
            shown(&b, "mentor-and-coach"),
            ("fewer-than-k".into(), Value::Null),
            "1 person: never shown"
        );
        assert!(!b.to_string().contains("Member"), "no names in breadth");

        // One join, one leave, one private entry (let count) and a change of mind: the
        // February figures stay exactly what they were.
        t.user("late@x.org", "Late Joiner", Some((crew, Role::Member)))
            .await;
        assert!(t.store.remove_member(crew, people[3].0).await.unwrap());
        t.app
            .set_private_in_figures(&t.account("m9@x.org").await, true)
            .await
            .unwrap();
        log(people[9].1.clone(), "accept-responsibility", false).await;
        t.app
            .set_private_in_figures(&t.account("m6@x.org").await, true)
            .await
            .unwrap();
        let (_, again) = t.api(Method::GET, &token, "/breadth", None).await;
        assert_eq!(again["principles"], b["principles"]);
        assert_eq!(again["population"], b["population"]);

        // k can be raised (then 7 is "fewer than 8"), never set below 5.
        t.app.set_team_k(&admin, crew, 8).await.unwrap();
        let (_, raised) = t.api(Method::GET, &token, "/breadth", None).await;
        assert_eq!(shown(&raised, "seek-responsibility").0, "fewer-than-k");
        assert!(t.app.set_team_k(&admin, crew, 4).await.is_err());
        assert!(t.app.set_team_k(&admin, crew, 3).await.is_err());
        let html = t.page(&t.sign_in("admin@x.org").await, "/team").await;
        assert!(html.contains("February 2026"), "the page names the month");
    }
}

/// The isolating case of the old breadth: in a team of five, "4 of 5 practised" names the one
/// who did not. With five members all month, every count is either under k or leaves fewer
/// than k out, so none is shown; with four, no figures at all.
#[tokio::test]
async fn a_small_team_shows_no_count_that_isolates_anyone() {
    for t in apps().await {
        let (_admin, crew, token) = t.admin().await;
        let mut tokens = Vec::new();
        for i in 0..5 {
            let u = t
                .user(&format!("m{i}@x.org"), &format!("Member {i}"), None)
                .await;
            t.store
                .add_member(crew, u.id, Role::Member, date!(2026 - 01 - 15))
                .await
                .unwrap();
            tokens.push(t.token_for(&u).await);
        }
        for tk in &tokens[..4] {
            let (s, _) = t
                .api(
                    Method::POST,
                    tk,
                    "/journal",
                    Some(json!({"act": "say-no", "what": "shared act", "date": "2026-02-03", "shared": true})),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED);
        }
        let (_, b) = t.api(Method::GET, &token, "/breadth", None).await;
        assert_eq!(b["population"], 5);
        for p in b["principles"].as_array().unwrap() {
            assert!(p["people"].is_null(), "{p}");
            assert_ne!(p["shown"], "count");
        }
    }
}

#[tokio::test]
async fn private_entries_are_visible_to_their_author_only() {
    for t in apps().await {
        let (admin, crew, token) = t.admin().await;
        let ben = t.user("ben@x.org", "Ben", Some((crew, Role::Member))).await;
        let ben_t = t.token_for(&ben).await;
        let (_, e) = t
            .api(
                Method::POST,
                &ben_t,
                "/journal",
                Some(json!({"act": "own-mistake", "what": "Ben's private lesson"})),
            )
            .await;
        let id = e["id"].as_i64().unwrap();
        // Not even the team admin sees it, by id or in the feed.
        assert_api_error(
            &t.api(Method::GET, &token, &format!("/journal/{id}"), None)
                .await,
            StatusCode::NOT_FOUND,
        );
        let (_, feed) = t.api(Method::GET, &token, "/feed", None).await;
        assert!(!feed.to_string().contains("private lesson"));
        let html = t.page(&t.sign_in("admin@x.org").await, "/team").await;
        assert!(!html.contains("private lesson"));
        let _ = admin;
    }
}

/// DESIGN.md §3.6: after a journal entry or praise is deleted or edited, no copy of the old
/// words survives in the database file or its WAL (SQLite; PostgreSQL reclaims dead rows with
/// autovacuum and keeps no WAL in the data a copy of the tables carries).
#[tokio::test]
async fn deleted_and_edited_text_leaves_no_copy_in_the_files() {
    for t in apps().await {
        if t.backend != "sqlite" {
            continue;
        }
        let (_admin, crew, token) = t.admin().await;
        let ben = t.user("ben@x.org", "Ben", Some((crew, Role::Member))).await;
        let files = || {
            let path = t.db_url().trim_start_matches("sqlite://").to_owned();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            bytes
        };
        let holds =
            |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
        let (_, e1) = t
            .api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "own-mistake", "what": "Xylophone-deleted-secret"})),
            )
            .await;
        let (_, e2) = t
            .api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "own-mistake", "what": "Xylophone-first-draft"})),
            )
            .await;
        let (_, praise) = t
            .api(
                Method::POST,
                &token,
                "/praise",
                Some(json!({"to": [ben.id.0], "message": "Xylophone-praise-words"})),
            )
            .await;
        let bytes = files();
        for text in [
            "Xylophone-deleted-secret",
            "Xylophone-first-draft",
            "Xylophone-praise-words",
        ] {
            assert!(holds(&bytes, text), "{text} is stored at first");
        }
        let (s, _) = t
            .api(
                Method::DELETE,
                &token,
                &format!("/journal/{}", e1["id"]),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = t
            .api(
                Method::PUT,
                &token,
                &format!("/journal/{}", e2["id"]),
                Some(json!({"act": "own-mistake", "what": "Zither-final-words"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = t
            .api(
                Method::DELETE,
                &token,
                &format!("/praise/{}", praise["id"]),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let bytes = files();
        for text in [
            "Xylophone-deleted-secret",
            "Xylophone-first-draft",
            "Xylophone-praise-words",
        ] {
            assert!(
                !holds(&bytes, text),
                "{text} survives in the database files"
            );
        }
        assert!(holds(&bytes, "Zither-final-words"));
    }
}
