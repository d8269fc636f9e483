//! The journal and Today, through the API and the pages, with every bad input of the issue.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn log_list_edit_share_delete_through_the_api() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (s, e) = t
            .api(Method::POST, &token, "/journal", Some(json!({"act": "ask-quiet-teammate", "what": "Asked Dana", "for_name": "Dana", "reflection": "She had ideas"})))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        assert_eq!(e["shared"], false, "private by default");
        assert_eq!(e["date"], "2026-03-02", "date defaults to today");
        let id = e["id"].as_i64().unwrap();

        let (_, list) = t.api(Method::GET, &token, "/journal", None).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        let (_, feed) = t.api(Method::GET, &token, "/feed", None).await;
        assert!(
            feed.as_array().unwrap().is_empty(),
            "the feed shows shared entries only"
        );

        let (s, e) = t
            .api(
                Method::PUT,
                &token,
                &format!("/journal/{id}"),
                Some(json!({"act": "say-no", "what": "Said no", "date": "2026-03-01"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{e}");
        assert_eq!(e["act"], "say-no");
        let (s, e) = t
            .api(
                Method::POST,
                &token,
                &format!("/journal/{id}/share"),
                Some(json!({"shared": true})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(e["shared"], true);
        let (_, feed) = t.api(Method::GET, &token, "/feed", None).await;
        assert_eq!(feed[0]["entry"]["what"], "Said no");
        assert_eq!(feed[0]["author"], "Ana Admin");

        assert_eq!(
            t.api(Method::DELETE, &token, &format!("/journal/{id}"), None)
                .await
                .0,
            StatusCode::NO_CONTENT
        );
        assert_api_error(
            &t.api(Method::GET, &token, &format!("/journal/{id}"), None)
                .await,
            StatusCode::NOT_FOUND,
        );
    }
}

#[tokio::test]
async fn bad_journal_input_is_refused_and_nothing_changes() {
    for t in apps().await {
        let (admin, _team, token) = t.admin().await;
        let (_, kept) = t
            .api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "say-no", "what": "keep me"})),
            )
            .await;
        let id = kept["id"].as_i64().unwrap();

        // A 1 MB entry: 413.
        let big = "x".repeat(1_000_000);
        assert_api_error(
            &t.api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "say-no", "what": big})),
            )
            .await,
            StatusCode::PAYLOAD_TOO_LARGE,
        );
        // Over the text limit but under the body limit: 413 too.
        let long = "y".repeat(20_000);
        assert_api_error(
            &t.api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "say-no", "what": long})),
            )
            .await,
            StatusCode::PAYLOAD_TOO_LARGE,
        );
        // Malformed JSON: 400.
        let resp = reqwest::Client::new()
            .post(t.url("/api/v1/journal"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{\"act\": \"say-no\", ")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "malformed_json");
        // Unknown act: 422.
        let r = t
            .api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "fly-to-the-moon", "what": "x"})),
            )
            .await;
        assert_api_error(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.1["error"]["message"]
                .as_str()
                .unwrap()
                .contains("fly-to-the-moon")
        );
        // A badly formatted date: 422.
        let r = t
            .api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"act": "say-no", "what": "x", "date": "02/03/2026"})),
            )
            .await;
        assert_api_error(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.1["error"]["message"]
                .as_str()
                .unwrap()
                .contains("YYYY-MM-DD")
        );
        // A wrong shape (missing field): 422.
        assert_api_error(
            &t.api(
                Method::POST,
                &token,
                "/journal",
                Some(json!({"what": "no act"})),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        // An empty text: 422. A failed edit leaves the entry as it was.
        assert_api_error(
            &t.api(
                Method::PUT,
                &token,
                &format!("/journal/{id}"),
                Some(json!({"act": "say-no", "what": "   "})),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );

        let entries = t.store.entries(admin.id, 10).await.unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].what, "keep me");
    }
}

#[tokio::test]
async fn journal_pages_log_and_refuse_with_the_form_kept() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let r = t
            .post_form(
                &b,
                "/journal",
                "/journal",
                &[
                    ("act", "share-praise"),
                    ("what", "Thanked Eli for the migration"),
                    ("date", "2026-03-01"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = t.page(&b, "/journal").await;
        assert!(html.contains("Thanked Eli for the migration"));

        let r = t
            .post_form(
                &b,
                "/journal",
                "/journal",
                &[
                    ("act", "share-praise"),
                    ("what", "Typed carefully"),
                    ("date", "yesterday"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("YYYY-MM-DD") && html.contains("Typed carefully"),
            "the error is shown and the text kept"
        );

        let big = "z".repeat(1_000_000);
        let r = t
            .post_form(
                &b,
                "/journal",
                "/journal",
                &[("act", "share-praise"), ("what", big.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let admin = t.account("admin@x.org").await;
        assert_eq!(t.store.entries(admin.id, 10).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn today_is_stable_done_once_and_never_the_same_act_two_days_running() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (s, first) = t.api(Method::GET, &token, "/today", None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(first["signal"], "practice");
        assert!(!first["why"].as_str().unwrap().is_empty());
        let (_, again) = t.api(Method::GET, &token, "/today", None).await;
        assert_eq!(first, again, "one suggestion per day");

        let (s, done) = t
            .api(
                Method::POST,
                &token,
                "/today/done",
                Some(json!({"what": "Asked the quiet one"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{done}");
        assert_eq!(done["today"]["status"], "done");
        assert_eq!(done["entry"]["act"], first["act"]["slug"]);
        assert_eq!(done["entry"]["shared"], false);
        assert_api_error(
            &t.api(Method::POST, &token, "/today/done", None).await,
            StatusCode::CONFLICT,
        );

        for _ in 0..5 {
            let (_, before) = t.api(Method::GET, &token, "/today", None).await;
            t.clock.advance(86_400);
            let (_, next) = t.api(Method::GET, &token, "/today", None).await;
            assert_ne!(before["act"]["slug"], next["act"]["slug"]);
        }
    }
}

#[tokio::test]
async fn skips_inside_the_budget_cost_nothing() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (_, today) = t.api(Method::GET, &token, "/today", None).await;
        assert_eq!(today["skips_left_this_month"], 2);
        let (s, skipped) = t
            .api(
                Method::POST,
                &token,
                "/today/skip",
                Some(json!({"reason": "offsite all day"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(skipped["status"], "skipped");
        assert_eq!(skipped["skip_reason"], "offsite all day");
        assert_eq!(skipped["skips_left_this_month"], 1);
        // Done is still possible after a skip.
        assert_eq!(
            t.api(Method::POST, &token, "/today/done", None).await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn today_page_done_with_htmx_and_without() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let html = t.page(&b, "/").await;
        let token = csrf_in(&html);
        let r = b
            .post(t.url("/today/done"))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &token)
            .form(&[("what", "did it")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.starts_with("<section id=\"today-card\""),
            "an htmx fragment, not a page"
        );
        assert!(fragment.contains("Done today"));
        let journal = t.page(&b, "/journal").await;
        assert!(journal.contains("did it"));
    }
}

#[tokio::test]
async fn practice_page_draws_the_chart() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        t.api(
            Method::POST,
            &token,
            "/journal",
            Some(json!({"act": "say-no", "what": "x", "date": "2026-02-20"})),
        )
        .await;
        let (_, p) = t.api(Method::GET, &token, "/practice", None).await;
        let say_no = p["acts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == "say-no")
            .unwrap()
            .clone();
        assert!(say_no["strength"].as_f64().unwrap() > 0.0);
        let b = t.sign_in("admin@x.org").await;
        let html = t.page(&b, "/practice").await;
        assert!(html.contains("<svg") && html.contains("Say no when everyone says yes"));
    }
}

#[tokio::test]
async fn team_admins_add_acts_members_cannot() {
    for t in apps().await {
        let (_admin, team, token) = t.admin().await;
        let body = json!({"slug": "pair-review", "name": "Pair on a review", "description": "Review together.", "prompt": "Offer to pair on one review today.", "principle": "mentor-and-coach"});
        let (s, act) = t
            .api(Method::POST, &token, "/acts", Some(body.clone()))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{act}");
        assert_api_error(
            &t.api(Method::POST, &token, "/acts", Some(body.clone()))
                .await,
            StatusCode::CONFLICT,
        );
        let bad = json!({"slug": "Bad Slug", "name": "n", "description": "d", "prompt": "p", "principle": "mentor-and-coach"});
        assert_api_error(
            &t.api(Method::POST, &token, "/acts", Some(bad)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        let ben = t
            .user(
                "ben@x.org",
                "Ben",
                Some((team, microlead_core::records::Role::Member)),
            )
            .await;
        let ben_token = t.token_for(&ben).await;
        let other = json!({"slug": "tidy-board", "name": "Tidy", "description": "d", "prompt": "p", "principle": "exceed-expectations"});
        assert_api_error(
            &t.api(Method::POST, &ben_token, "/acts", Some(other)).await,
            StatusCode::FORBIDDEN,
        );
        // Members can log the team's act.
        let (s, _) = t
            .api(
                Method::POST,
                &ben_token,
                "/journal",
                Some(json!({"act": "pair-review", "what": "paired"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let b = t.sign_in("ben@x.org").await;
        assert!(
            t.page(&b, "/acts/pair-review")
                .await
                .contains("Offer to pair on one review today.")
        );
    }
}
