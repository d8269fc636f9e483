//! A member of team A never sees or changes team B's data: every route, both ways in.

use microlead_core::TeamId;
use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn every_api_route_refuses_another_teams_data_with_404() {
    for t in apps().await {
        let (admin, _crew, _token) = t.admin().await;
        let other = t.app.create_team(&admin, "Other").await.unwrap();
        // Ana (admin of both) logs a shared entry in Other; Ben is only in Crew... and Bea only in Other.
        let crew = t.app.resolve_team(&admin, None).await.unwrap().team.id;
        let ben = t.user("ben@x.org", "Ben", Some((crew, Role::Admin))).await;
        let bea = t
            .user("bea@x.org", "Bea", Some((other.id, Role::Member)))
            .await;
        let ben_t = t.token_for(&ben).await;
        let bea_t = t.token_for(&bea).await;
        let (s, bea_entry) = t
            .api(
                Method::POST,
                &bea_t,
                "/journal",
                Some(json!({"act": "say-no", "what": "Bea's secret", "shared": true})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let eid = bea_entry["id"].as_i64().unwrap();
        let o = other.id.0;
        let bea_meeting = t
            .app
            .upload_meeting(
                &bea,
                other.id,
                b"WEBVTT\n\n00:00.000 --> 00:05.000\nBea: Bea's secret plan\n",
                Default::default(),
            )
            .await
            .unwrap()
            .id;
        let (_, bea_praise) = t
            .api(
                Method::POST,
                &bea_t,
                &format!("/praise?team={}", other.id.0),
                Some(json!({"to": [admin.id.0], "message": "Bea's secret thanks", "public": true})),
            )
            .await;
        let pid = bea_praise["id"].as_i64().unwrap();
        let (_, bea_feedback) = t
            .api(
                Method::POST,
                &bea_t,
                &format!("/feedback?team={}", other.id.0),
                Some(json!({"to": admin.id.0, "behaviour": "Bea's secret feedback"})),
            )
            .await;
        let fid = bea_feedback["id"].as_i64().unwrap();
        let (_, bea_request) = t
            .api(
                Method::POST,
                &bea_t,
                &format!("/feedback/requests?team={}", other.id.0),
                Some(json!({"to": [admin.id.0], "topic": "Bea's secret topic"})),
            )
            .await;
        let rid = bea_request["id"].as_i64().unwrap();
        let (_, bea_decision) = t
            .api(
                Method::POST,
                &bea_t,
                &format!("/decisions?team={}", other.id.0),
                Some(json!({"title": "Bea's secret decision", "closes_in_hours": 48})),
            )
            .await;
        let did = bea_decision["id"].as_i64().unwrap();

        let calls: Vec<(Method, String, Option<serde_json::Value>)> = vec![
            (Method::GET, format!("/praise/{pid}"), None),
            (
                Method::PATCH,
                format!("/praise/{pid}"),
                Some(json!({"message": "x"})),
            ),
            (Method::DELETE, format!("/praise/{pid}"), None),
            (
                Method::POST,
                format!("/praise/{pid}/pass-on"),
                Some(json!({"to": [admin.id.0], "note": "x"})),
            ),
            (Method::GET, format!("/praise/feed?team={o}"), None),
            (
                Method::POST,
                format!("/praise?team={o}"),
                Some(json!({"to": [bea.id.0], "message": "x"})),
            ),
            (Method::GET, format!("/feedback/{fid}"), None),
            (
                Method::POST,
                format!("/feedback/{fid}/replies"),
                Some(json!({"body": "x"})),
            ),
            (Method::POST, format!("/feedback/{fid}/thank"), None),
            (Method::POST, format!("/feedback/{fid}/discussed"), None),
            (Method::GET, format!("/feedback/requests/{rid}"), None),
            (
                Method::POST,
                format!("/feedback?team={o}"),
                Some(json!({"to": bea.id.0, "behaviour": "x"})),
            ),
            (
                Method::POST,
                format!("/feedback/requests?team={o}"),
                Some(json!({"to": [bea.id.0], "topic": "x"})),
            ),
            (Method::GET, format!("/teams/{o}/export"), None),
            (Method::GET, format!("/journal/{eid}"), None),
            (
                Method::PUT,
                format!("/journal/{eid}"),
                Some(json!({"act": "say-no", "what": "hijacked"})),
            ),
            (
                Method::POST,
                format!("/journal/{eid}/share"),
                Some(json!({"shared": false})),
            ),
            (Method::DELETE, format!("/journal/{eid}"), None),
            (Method::GET, format!("/feed?team={o}"), None),
            (Method::GET, format!("/today?team={o}"), None),
            (Method::POST, format!("/today/done?team={o}"), None),
            (Method::POST, format!("/today/skip?team={o}"), None),
            (Method::GET, format!("/practice?team={o}"), None),
            (Method::GET, format!("/breadth?team={o}"), None),
            (Method::GET, format!("/acts?team={o}"), None),
            (
                Method::POST,
                format!("/acts?team={o}"),
                Some(
                    json!({"slug": "x-act", "name": "n", "description": "d", "prompt": "p", "principle": "mentor-and-coach"}),
                ),
            ),
            (Method::GET, format!("/teams/{o}/members"), None),
            (Method::POST, format!("/invites?team={o}"), Some(json!({}))),
            (
                Method::POST,
                format!("/journal?team={o}"),
                Some(json!({"act": "say-no", "what": "into B"})),
            ),
            (Method::GET, format!("/meetings?team={o}"), None),
            (Method::GET, format!("/meetings/{bea_meeting}"), None),
            (Method::GET, format!("/decisions?team={o}"), None),
            (
                Method::POST,
                format!("/decisions?team={o}"),
                Some(json!({"title": "into B", "closes_in_hours": 48})),
            ),
            (Method::GET, format!("/decisions/{did}"), None),
            (Method::GET, format!("/decisions/{did}/results"), None),
            (
                Method::POST,
                format!("/decisions/{did}/votes"),
                Some(json!({"choice": "agree"})),
            ),
            (
                Method::POST,
                format!("/decisions/{did}/close"),
                Some(json!({"outcome": "x"})),
            ),
            (
                Method::POST,
                format!("/decisions/{did}/review"),
                Some(json!({"objections": []})),
            ),
        ];
        for (method, path, body) in calls {
            let got = t.api(method.clone(), &ben_t, &path, body).await;
            assert_api_error(&got, StatusCode::NOT_FOUND);
            assert!(
                !got.1.to_string().contains("Bea's secret"),
                "{method} {path} leaked"
            );
        }
        // Uploading into Other is refused too (a raw body, so not in the JSON list above).
        let resp = reqwest::Client::new()
            .post(t.url(&format!("/api/v1/meetings?team={o}")))
            .bearer_auth(&ben_t)
            .body("WEBVTT\n\n00:00.000 --> 00:05.000\nBen: hi\n")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            t.store.meetings_of(other.id, bea.id).await.unwrap().len(),
            1
        );
        // Nothing of Other changed.
        let e = t
            .store
            .entry(bea.id, microlead_core::EntryId(eid))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.what, "Bea's secret");
        assert!(e.shared);
        assert!(t.store.team_acts(other.id).await.unwrap().is_empty());
        assert!(t.store.invites(other.id).await.unwrap().is_empty());
        assert_eq!(t.store.team_feed(other.id, 10).await.unwrap().len(), 1);
        // And Ben's own journal does not list Bea's entry.
        let (_, mine) = t.api(Method::GET, &ben_t, "/journal", None).await;
        assert!(mine.as_array().unwrap().is_empty());
        let _ = TeamId(o);
    }
}

#[tokio::test]
async fn every_page_refuses_another_teams_data_with_404() {
    for t in apps().await {
        let (admin, crew, _token) = t.admin().await;
        let other = t.app.create_team(&admin, "Other").await.unwrap();
        t.user("ben@x.org", "Ben", Some((crew, Role::Admin))).await;
        let bea = t
            .user("bea@x.org", "Bea", Some((other.id, Role::Member)))
            .await;
        let bea_t = t.token_for(&bea).await;
        let (_, e) = t
            .api(
                Method::POST,
                &bea_t,
                "/journal",
                Some(json!({"act": "say-no", "what": "Bea's secret", "shared": true})),
            )
            .await;
        let eid = e["id"].as_i64().unwrap();
        let bea_meeting = t
            .app
            .upload_meeting(
                &bea,
                other.id,
                b"WEBVTT\n\n00:00.000 --> 00:05.000\nBea: Bea's secret plan\n",
                Default::default(),
            )
            .await
            .unwrap()
            .id;
        let bea_decision = t
            .app
            .propose_decision(
                &bea,
                other.id,
                microlead_app::decisions::DecisionInput {
                    title: "Bea's secret decision".into(),
                    closes_at: START + 48 * 3600,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .id;
        let ben = t.sign_in("ben@x.org").await;
        let r = ben
            .get(t.url(&format!("/meetings/{bea_meeting}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = ben
            .get(t.url(&format!("/decisions/{bea_decision}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);

        let r = ben
            .get(t.url(&format!("/journal/{eid}/edit")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        for (to, fields) in [
            (
                format!("/journal/{eid}"),
                vec![("act", "say-no"), ("what", "hijacked")],
            ),
            (format!("/journal/{eid}/share"), vec![]),
            (format!("/journal/{eid}/delete"), vec![]),
            (
                format!("/meetings/{bea_meeting}/speakers"),
                vec![("speaker", "Bea")],
            ),
            ("/team/switch".to_owned(), vec![("team", "")]),
            (
                format!("/decisions/{bea_decision}/vote"),
                vec![("choice", "agree")],
            ),
            (
                format!("/decisions/{bea_decision}/close"),
                vec![("outcome", "hijacked")],
            ),
            (format!("/decisions/{bea_decision}/review"), vec![]),
        ] {
            let team_s = other.id.0.to_string();
            let fields: Vec<(&str, &str)> = fields
                .into_iter()
                .map(|(k, v)| {
                    if k == "team" {
                        (k, team_s.as_str())
                    } else {
                        (k, v)
                    }
                })
                .collect::<Vec<_>>();
            // `team_s` lives until the post is sent.
            let owned: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            let refs: Vec<(&str, &str)> = owned
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let r = t.post_form(&ben, "/", &to, &refs).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "POST {to}");
        }
        // The pages Ben can see show nothing of Other.
        for path in [
            "/",
            "/journal",
            "/team",
            "/practice",
            "/acts",
            "/meetings",
            "/kindness",
            "/decisions",
        ] {
            let html = t.page(&ben, path).await;
            assert!(!html.contains("Bea's secret"), "{path} leaked");
        }
        let e = t
            .store
            .entry(bea.id, microlead_core::EntryId(eid))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.what, "Bea's secret");
    }
}
