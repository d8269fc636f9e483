//! Product rules: private by default, and group figures only over k people.

use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn breadth_needs_k_members_and_shows_counts_only() {
    for t in apps().await {
        let (_admin, crew, token) = t.admin().await;
        let mut tokens = vec![token.clone()];
        for i in 0..3 {
            let u = t
                .user(
                    &format!("m{i}@x.org"),
                    &format!("Member {i}"),
                    Some((crew, Role::Member)),
                )
                .await;
            tokens.push(t.token_for(&u).await);
        }
        for tk in &tokens {
            t.api(
                Method::POST,
                tk,
                "/journal",
                Some(json!({"act": "say-no", "what": "private act"})),
            )
            .await;
        }
        let (_, b) = t.api(Method::GET, &token, "/breadth", None).await;
        assert_eq!(b["team_size"], 4);
        assert!(b["principles"].is_null(), "4 < k = 5: no figures");
        let html = t.page(&t.sign_in("admin@x.org").await, "/team").await;
        assert!(html.contains("at least 5 members"));

        t.user("m9@x.org", "Member 9", Some((crew, Role::Member)))
            .await;
        let (_, b) = t.api(Method::GET, &token, "/breadth", None).await;
        let seek = b["principles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["principle"] == "seek-responsibility")
            .unwrap()
            .clone();
        assert_eq!(seek["people"], 4);
        assert!(!b.to_string().contains("Member"), "no names in breadth");
        // Raising k hides it again; k below 3 is refused.
        t.app
            .set_team_k(&t.account("admin@x.org").await, crew, 6)
            .await
            .unwrap();
        let (_, b) = t.api(Method::GET, &token, "/breadth", None).await;
        assert!(b["principles"].is_null());
        let admin = t.account("admin@x.org").await;
        assert!(t.app.set_team_k(&admin, crew, 2).await.is_err());
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
