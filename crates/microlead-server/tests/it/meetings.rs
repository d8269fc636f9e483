//! Meeting voices over HTTP: upload, who may see a meeting, speaker mapping, the live mode,
//! the Today nudge, and bad uploads.

use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::*;

const ZOOM: &str = include_str!("../../../microlead-meetings/tests/fixtures/zoom.vtt");

async fn upload(t: &TestApp, token: &str, query: &str, body: &str) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .post(t.url(&format!("/api/v1/meetings{query}")))
        .bearer_auth(token)
        .header("content-type", "text/vtt")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn uploads_keep_figures_only_and_are_seen_by_uploader_and_attendees() {
    for t in apps().await {
        let (_admin, crew, token) = t.admin().await;
        let dana = t
            .user("dana@x.org", "Dana Smith", Some((crew, Role::Member)))
            .await;
        let sam = t
            .user("sam@x.org", "Sam Lee", Some((crew, Role::Member)))
            .await;
        let cat = t
            .user("cat@x.org", "Cat Jones", Some((crew, Role::Member)))
            .await;
        let (s, m) = upload(&t, &token, "?title=Planning&date=2026-03-02", ZOOM).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        assert_eq!(m["measure"], "airtime");
        assert_eq!(m["raw_text_kept"], false);
        let speakers = m["speakers"].as_array().unwrap();
        let by = |n: &str| speakers.iter().find(|s| s["name"] == n).unwrap().clone();
        assert_eq!(
            by("Dana Smith")["member_id"],
            dana.id.0,
            "mapped by the member's name"
        );
        assert_eq!(by("Sam Lee")["quiet"], true);
        assert!(by("Priya Natarajan")["member_id"].is_null());
        // 10 + 6 of 30 seconds (hand-worked in the engine's fixture).
        assert!((by("Dana Smith")["share"].as_f64().unwrap() - 16.0 / 28.0).abs() < 1e-9);
        // The raw text was discarded.
        assert!(t.store.find_text("release plan").await.unwrap().is_empty());

        let id = m["id"].as_i64().unwrap();
        for (who, visible) in [(&dana, true), (&sam, true), (&cat, false)] {
            let tk = t.token_for(who).await;
            let (s, _) = t
                .api(Method::GET, &tk, &format!("/meetings/{id}"), None)
                .await;
            assert_eq!(s == StatusCode::OK, visible, "{}", who.name);
            let (_, list) = t.api(Method::GET, &tk, "/meetings", None).await;
            assert_eq!(list.as_array().unwrap().len(), usize::from(visible));
        }
        // Someone in another team cannot see it either.
        let admin = t.account("admin@x.org").await;
        let other = t.app.create_team(&admin, "Other").await.unwrap();
        let bea = t
            .user("bea@x.org", "Bea", Some((other.id, Role::Member)))
            .await;
        let bea_t = t.token_for(&bea).await;
        assert_api_error(
            &t.api(Method::GET, &bea_t, &format!("/meetings/{id}"), None)
                .await,
            StatusCode::NOT_FOUND,
        );

        // Keeping the text is a choice.
        let (_, kept) = upload(&t, &token, "?keep_raw=true", ZOOM).await;
        assert_eq!(kept["raw_text_kept"], true);
        assert!(!t.store.find_text("release plan").await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_quiet_participant_becomes_a_today_nudge_for_those_who_were_there() {
    for t in apps().await {
        let (_admin, crew, token) = t.admin().await;
        let dana = t
            .user("dana@x.org", "Dana Smith", Some((crew, Role::Member)))
            .await;
        let sam = t
            .user("sam@x.org", "Sam Lee", Some((crew, Role::Member)))
            .await;
        let cat = t
            .user("cat@x.org", "Cat Jones", Some((crew, Role::Member)))
            .await;
        upload(
            &t,
            &token,
            "?title=Thursday%20planning&date=2026-03-01",
            ZOOM,
        )
        .await;
        let (_, today) = t
            .api(Method::GET, &t.token_for(&dana).await, "/today", None)
            .await;
        assert_eq!(today["signal"], "quiet-teammate", "{today}");
        assert_eq!(today["act"]["slug"], "ask-quiet-teammate");
        let why = today["why"].as_str().unwrap();
        assert!(
            why.contains("Sam Lee") && why.contains("Thursday planning") && why.contains("14 %"),
            "{why}"
        );
        // Not for Sam about himself, nor for Cat who was not there.
        let (_, sams) = t
            .api(Method::GET, &t.token_for(&sam).await, "/today", None)
            .await;
        assert_ne!(sams["signal"], "quiet-teammate");
        let (_, cats) = t
            .api(Method::GET, &t.token_for(&cat).await, "/today", None)
            .await;
        assert_ne!(cats["signal"], "quiet-teammate");
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_and_nothing_is_stored() {
    for t in apps().await {
        let (_admin, _crew, token) = t.admin().await;
        let (s, v) = upload(&t, &token, "", "name,email\nDana,d@x.org\n").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not a transcript")
        );
        let (s, _) = upload(&t, &token, "?format=docx", ZOOM).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, _) = upload(&t, &token, "?date=yesterday", ZOOM).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let big = "WEBVTT\n\n".to_owned() + &"x".repeat(21 * 1024 * 1024);
        let (s, v) = upload(&t, &token, "", &big).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
        let (_, list) = t.api(Method::GET, &token, "/meetings", None).await;
        assert!(list.as_array().unwrap().is_empty());
        // Analysis alone stores nothing.
        let resp = reqwest::Client::new()
            .post(t.url("/api/v1/meetings/analyze"))
            .bearer_auth(&token)
            .body(ZOOM)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let report: Value = resp.json().await.unwrap();
        assert_eq!(report["format"], "zoom-vtt");
        let (_, list) = t.api(Method::GET, &token, "/meetings", None).await;
        assert!(list.as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn pages_upload_map_speakers_and_save_a_live_session() {
    for t in apps().await {
        let (_admin, crew, _token) = t.admin().await;
        let priya = t
            .user("priya@x.org", "Priya N.", Some((crew, Role::Member)))
            .await;
        let b = t.sign_in("admin@x.org").await;
        let html = t.page(&b, "/meetings").await;
        let token = csrf_in(&html);
        let form = reqwest::multipart::Form::new()
            .text("title", "Weekly")
            .part(
                "files",
                reqwest::multipart::Part::bytes(ZOOM.as_bytes().to_vec()).file_name("weekly.vtt"),
            );
        let r = b
            .post(t.url(&format!("/meetings?csrf={token}")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let page = t.page(&b, &location).await;
        assert!(
            page.contains("<svg") && page.contains("Sam Lee") && page.contains("consider inviting"),
            "{page}"
        );
        // Map "Priya Natarajan" to Priya; the team remembers the alias for the next upload.
        let r = t
            .post_form(
                &b,
                &location,
                &format!("{location}/speakers"),
                &[
                    ("speaker", "Priya Natarajan"),
                    ("member", &priya.id.0.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let admin_token = t.token_for(&t.account("admin@x.org").await).await;
        let (_, next) = upload(&t, &admin_token, "", ZOOM).await;
        let p = next["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Priya Natarajan")
            .unwrap()
            .clone();
        assert_eq!(p["member_id"], priya.id.0);

        // A live session, as the page's script posts it.
        let body = serde_json::json!({"title": "Standup", "turns": [
            {"name": "Ana Admin", "start": 0.0, "end": 50.0},
            {"name": "Priya N.", "start": 50.0, "end": 55.0},
            {"name": "Ana Admin", "start": 55.0, "end": 100.0}
        ]});
        let r = b
            .post(t.url("/meetings/live"))
            .header("X-CSRF-Token", &token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let url = r.json::<Value>().await.unwrap()["url"]
            .as_str()
            .unwrap()
            .to_owned();
        let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
        let (_, m) = t
            .api(Method::GET, &admin_token, &format!("/meetings/{id}"), None)
            .await;
        assert_eq!(m["measure"], "airtime");
        let priya_share = m["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Priya N.")
            .unwrap()["share"]
            .as_f64()
            .unwrap();
        assert!((priya_share - 0.05).abs() < 1e-6, "{priya_share}");
        // A bad live session is refused.
        let r = b
            .post(t.url("/meetings/live"))
            .header("X-CSRF-Token", &token)
            .json(&serde_json::json!({"turns": [{"name": "A", "start": 5.0, "end": 1.0}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn a_persons_trend_across_meetings_is_shown_to_that_person_only() {
    for t in apps().await {
        let (_admin, crew, token) = t.admin().await;
        t.user("dana@x.org", "Dana Smith", Some((crew, Role::Member)))
            .await;
        t.user("sam@x.org", "Sam Lee", Some((crew, Role::Member)))
            .await;
        upload(&t, &token, "?title=One", ZOOM).await;
        upload(&t, &token, "?title=Two", ZOOM).await;
        let sam = t.sign_in("sam@x.org").await;
        let html = t.page(&sam, "/meetings").await;
        assert_eq!(
            html.matches("you spoke 14 %").count(),
            2,
            "Sam sees his own share in each"
        );
        assert!(!html.contains("you spoke 57 %"), "not Dana's");
        let admin = t.sign_in("admin@x.org").await;
        let html = t.page(&admin, "/meetings").await;
        assert!(
            !html.contains("you spoke"),
            "the uploader did not speak and sees nobody's trend"
        );
    }
}
