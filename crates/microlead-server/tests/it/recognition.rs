//! Praise, pass-ons, feedback, requests and the inbox through the API, on every backend: the
//! chain, the preferences, Today's signals, the bad inputs of the issue, and feedback's privacy.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn ids(v: &Value, key: &str) -> Vec<i64> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn praise_passes_on_as_a_visible_chain_and_a_private_journal_act() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro, dev) = (&p[0], &p[1], &p[2], &p[3]);
        let (s, praise) = t
            .api(
                Method::POST,
                &ana.1,
                "/praise",
                Some(json!({"to": [ben.0], "message": "The launch went smoothly", "act": "over-deliver"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{praise}");
        assert_eq!(praise["public"], false, "private unless asked");
        let id = praise["id"].as_i64().unwrap();

        // Ben sees it in his inbox and on Today.
        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["praise"], 1);
        assert!(
            inbox["items"][0]["title"]
                .as_str()
                .unwrap()
                .contains("Ana Admin thanked you")
        );
        let (_, today) = t.api(Method::GET, &ben.1, "/today", None).await;
        assert_eq!(today["signal"], "praise-to-pass-on", "{today}");
        assert_eq!(today["link"], format!("/praise/{id}"));

        // Dev was not part of it: a private praise is 404 to him.
        let got = t
            .api(Method::GET, &dev.1, &format!("/praise/{id}"), None)
            .await;
        assert_api_error(&got, StatusCode::NOT_FOUND);

        let (s, pass) = t
            .api(
                Method::POST,
                &ben.1,
                &format!("/praise/{id}/pass-on"),
                Some(
                    json!({"to": [caro.0, dev.0], "note": "Caro wrote the runbook, Dev the tests"}),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{pass}");
        assert_eq!(pass["parent_id"], id);
        assert_eq!(pass["root_id"], id);

        // Caro sees the whole chain: Ana thanked Ben, Ben passed it on to Caro and Dev.
        let (s, thread) = t
            .api(
                Method::GET,
                &caro.1,
                &format!("/praise/{}", pass["id"]),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let links = thread.as_array().unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(links[0]["giver"]["name"], "Ana Admin");
        assert_eq!(links[1]["giver"]["name"], "Ben Ode");
        let to: Vec<&str> = links[1]["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(to, ["Caro Diaz", "Dev Rao"]);

        // The pass-on is a private share-praise act in Ben's journal; Today moves on.
        let (_, journal) = t.api(Method::GET, &ben.1, "/journal", None).await;
        let entry = &journal[0];
        assert_eq!(entry["act"], "share-praise");
        assert_eq!(entry["shared"], false);
        assert!(
            entry["what"]
                .as_str()
                .unwrap()
                .contains("Caro Diaz, Dev Rao")
        );

        // Counts for the person alone.
        let (_, mine) = t.api(Method::GET, &ben.1, "/praise", None).await;
        assert_eq!(
            mine["counts"],
            json!({"given": 0, "received": 1, "passed_on": 1})
        );
        assert_eq!(ids(&mine, "passed_on"), [pass["id"].as_i64().unwrap()]);
        let (_, mine) = t.api(Method::GET, &caro.1, "/praise", None).await;
        assert_eq!(
            mine["counts"],
            json!({"given": 0, "received": 1, "passed_on": 0})
        );

        // Nothing private reaches the team feed.
        let (_, feed) = t.api(Method::GET, &dev.1, "/praise/feed", None).await;
        assert_eq!(feed, json!([]));
    }
}

#[tokio::test]
async fn public_praise_reaches_the_feed_unless_a_recipient_prefers_private() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro, dev) = (&p[0], &p[1], &p[2], &p[3]);
        let (s, v) = t
            .api(
                Method::PUT,
                &caro.1,
                "/me/praise-preference",
                Some(json!({"preference": "private"})),
            )
            .await;
        assert_eq!((s, &v["preference"]), (StatusCode::OK, &json!("private")));
        let bad = t
            .api(
                Method::PUT,
                &caro.1,
                "/me/praise-preference",
                Some(json!({"preference": "loud"})),
            )
            .await;
        assert_api_error(&bad, StatusCode::UNPROCESSABLE_ENTITY);

        let (_, public) = t
            .api(
                Method::POST,
                &ana.1,
                "/praise",
                Some(json!({"to": [ben.0], "message": "Great demo", "public": true})),
            )
            .await;
        assert_eq!(public["public"], true);
        let (_, kept) = t
            .api(
                Method::POST,
                &ana.1,
                "/praise",
                Some(json!({"to": [caro.0], "message": "Quiet heroics", "public": true})),
            )
            .await;
        assert_eq!(kept["public"], false, "Caro prefers private praise");

        let (_, feed) = t.api(Method::GET, &dev.1, "/praise/feed", None).await;
        let messages: Vec<&str> = feed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["message"].as_str().unwrap())
            .collect();
        assert_eq!(messages, ["Great demo"]);
        // Dev may read public praise but may not pass on praise he did not receive.
        let got = t
            .api(
                Method::POST,
                &dev.1,
                &format!("/praise/{}/pass-on", public["id"]),
                Some(json!({"to": [caro.0], "note": "me too"})),
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn praise_bad_input_is_refused_and_nothing_is_stored() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben) = (&p[0], &p[1]);
        let outsider = t.user("out@x.org", "Out Sider", None).await;
        let cases = [
            (
                json!({"to": [outsider.id.0], "message": "hi"}),
                StatusCode::NOT_FOUND,
            ),
            (
                json!({"to": [ben.0], "message": "   "}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"to": [ben.0], "message": "x".repeat(10_001)}),
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (
                json!({"to": [ana.0], "message": "me!"}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"to": [], "message": "nobody"}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"to": [ben.0], "message": "x", "act": "no-such-act"}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ];
        for (body, status) in cases {
            let got = t
                .api(Method::POST, &ana.1, "/praise", Some(body.clone()))
                .await;
            assert_api_error(&got, status);
        }
        let (_, mine) = t.api(Method::GET, &ana.1, "/praise", None).await;
        assert_eq!(mine["counts"]["given"], 0, "nothing was stored");
    }
}

#[tokio::test]
async fn praise_can_be_edited_for_ten_minutes_and_deleted_by_its_giver() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben) = (&p[0], &p[1]);
        let (_, praise) = t
            .api(
                Method::POST,
                &ana.1,
                "/praise",
                Some(json!({"to": [ben.0], "message": "Thanks fro the help"})),
            )
            .await;
        let path = format!("/praise/{}", praise["id"]);
        let (s, v) = t
            .api(
                Method::PATCH,
                &ana.1,
                &path,
                Some(json!({"message": "Thanks for the help"})),
            )
            .await;
        assert_eq!(
            (s, &v["message"]),
            (StatusCode::OK, &json!("Thanks for the help"))
        );
        assert!(v["edited_at"].is_i64());
        let got = t
            .api(
                Method::PATCH,
                &ben.1,
                &path,
                Some(json!({"message": "hijack"})),
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        t.clock.advance(11 * 60);
        let got = t
            .api(
                Method::PATCH,
                &ana.1,
                &path,
                Some(json!({"message": "late"})),
            )
            .await;
        assert_api_error(&got, StatusCode::CONFLICT);
        let got = t.api(Method::DELETE, &ben.1, &path, None).await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        let (s, _) = t.api(Method::DELETE, &ana.1, &path, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let got = t.api(Method::GET, &ben.1, &path, None).await;
        assert_api_error(&got, StatusCode::NOT_FOUND);
        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["total"], 0, "its notification went with it");
    }
}

#[tokio::test]
async fn feedback_is_coached_delivered_replied_and_thanked() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben) = (&p[0], &p[1]);
        let draft = json!({
            "situation": "In Monday's stand-up",
            "behaviour": "You are careless and you always skip the checklist.",
            "impact": "",
            "request": "Do better."
        });
        let (s, notes) = t
            .api(Method::POST, &ana.1, "/feedback/coach", Some(draft.clone()))
            .await;
        assert_eq!(s, StatusCode::OK);
        let kinds: Vec<&str> = notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap())
            .collect();
        for k in ["label", "absolute", "no-impact", "vague-request"] {
            assert!(kinds.contains(&k), "{k} missing in {kinds:?}");
        }
        let label = notes
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == "label")
            .unwrap();
        assert_eq!(label["text"], "You are careless");
        assert_eq!(label["field"], "behaviour");

        // The coach never blocks: the draft can be sent as it is.
        let mut body = draft.clone();
        body["to"] = json!(ben.0);
        let (s, f) = t.api(Method::POST, &ana.1, "/feedback", Some(body)).await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        let path = format!("/feedback/{}", f["id"]);

        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["feedback"], 1);
        let (s, r) = t
            .api(
                Method::POST,
                &ben.1,
                &format!("{path}/replies"),
                Some(json!({"body": "Fair. Can we talk Tuesday?"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
        let (s, _) = t
            .api(Method::POST, &ben.1, &format!("{path}/thank"), None)
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = t
            .api(Method::POST, &ben.1, &format!("{path}/discussed"), None)
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        // Only the recipient thanks.
        let got = t
            .api(Method::POST, &ana.1, &format!("{path}/thank"), None)
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);

        let (_, inbox) = t.api(Method::GET, &ana.1, "/inbox", None).await;
        let kinds: Vec<&str> = inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["feedback-discussed", "feedback-thanks", "feedback-reply"]
        );
        let (_, thread) = t.api(Method::GET, &ana.1, &path, None).await;
        assert_eq!(thread["replies"][0]["body"], "Fair. Can we talk Tuesday?");
        assert!(thread["feedback"]["thanked_at"].is_i64());
        let (_, inbox) = t.api(Method::GET, &ana.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["total"], 0, "opening the thread read it");
    }
}

#[tokio::test]
async fn feedback_bad_input_is_refused() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro) = (&p[0], &p[1], &p[2]);
        let to_self = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback",
                Some(json!({"to": ana.0, "behaviour": "I did well"})),
            )
            .await;
        assert_api_error(&to_self, StatusCode::UNPROCESSABLE_ENTITY);
        let empty = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback",
                Some(json!({"to": ben.0, "behaviour": " "})),
            )
            .await;
        assert_api_error(&empty, StatusCode::UNPROCESSABLE_ENTITY);
        let big = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback",
                Some(json!({"to": ben.0, "behaviour": "x".repeat(10_001)})),
            )
            .await;
        assert_api_error(&big, StatusCode::PAYLOAD_TOO_LARGE);
        let (_, f) = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback",
                Some(json!({"to": ben.0, "behaviour": "You shipped it early"})),
            )
            .await;
        // Caro is neither sender nor recipient: replying is 404, as is reading.
        let path = format!("/feedback/{}", f["id"]);
        let got = t
            .api(
                Method::POST,
                &caro.1,
                &format!("{path}/replies"),
                Some(json!({"body": "me too"})),
            )
            .await;
        assert_api_error(&got, StatusCode::NOT_FOUND);
        assert_api_error(
            &t.api(Method::GET, &caro.1, &path, None).await,
            StatusCode::NOT_FOUND,
        );
    }
}

#[tokio::test]
async fn feedback_requests_reach_inbox_and_today_and_expire() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro) = (&p[0], &p[1], &p[2]);
        let (s, req) = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback/requests",
                Some(json!({"to": [ben.0, caro.0], "topic": "my talk at the all-hands"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{req}");
        assert_eq!(
            req["expires_at"].as_i64().unwrap() - req["created_at"].as_i64().unwrap(),
            14 * 86_400
        );
        let (_, today) = t.api(Method::GET, &ben.1, "/today", None).await;
        assert_eq!(today["signal"], "feedback-requested", "{today}");
        assert_eq!(today["act"]["slug"], "give-feedback");
        let (_, inbox) = t.api(Method::GET, &caro.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["requests"], 1);

        // Ben answers; the request shows him as answered and leaves his open list.
        let (s, _) = t
            .api(
                Method::POST,
                &ben.1,
                "/feedback",
                Some(json!({"to": ana.0, "situation": "At the all-hands", "behaviour": "You paused for questions after each part", "impact": "People asked more than usual", "request_id": req["id"]})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let (_, mine) = t.api(Method::GET, &ben.1, "/feedback/requests", None).await;
        assert_eq!(mine["to_me"], json!([]));
        let (_, r) = t
            .api(
                Method::GET,
                &ana.1,
                &format!("/feedback/requests/{}", req["id"]),
                None,
            )
            .await;
        let answered: Vec<bool> = r["asked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["answered_at"].is_i64())
            .collect();
        assert_eq!(answered, [true, false], "Ben answered, Caro not yet");

        // After 14 days Caro's request has expired.
        t.clock.advance(15 * 86_400);
        let (_, open) = t
            .api(Method::GET, &caro.1, "/feedback/requests", None)
            .await;
        assert_eq!(open["to_me"], json!([]));

        let bad = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback/requests",
                Some(json!({"to": [ben.0], "topic": "x", "expires_in_days": 0})),
            )
            .await;
        assert_api_error(&bad, StatusCode::UNPROCESSABLE_ENTITY);
        let bad = t
            .api(
                Method::POST,
                &ana.1,
                "/feedback/requests",
                Some(json!({"to": [ben.0], "topic": ""})),
            )
            .await;
        assert_api_error(&bad, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// Feedback and requests are for their two parties: not the team's admin, not another token,
/// not the team export, not the team feed.
#[tokio::test]
async fn feedback_is_seen_by_its_two_parties_only() {
    for t in apps().await {
        let (team, p) = t.crew().await;
        let (admin, ben, caro) = (&p[0], &p[1], &p[2]);
        let secret = "the demo slides had the wrong figures";
        let topic = "how I ran the retro";
        let (_, f) = t
            .api(
                Method::POST,
                &ben.1,
                "/feedback",
                Some(json!({"to": caro.0, "behaviour": secret})),
            )
            .await;
        let (_, r) = t
            .api(
                Method::POST,
                &ben.1,
                "/feedback/requests",
                Some(json!({"to": [caro.0], "topic": topic})),
            )
            .await;
        assert_api_error(
            &t.api(
                Method::GET,
                &admin.1,
                &format!("/feedback/{}", f["id"]),
                None,
            )
            .await,
            StatusCode::NOT_FOUND,
        );
        assert_api_error(
            &t.api(
                Method::GET,
                &admin.1,
                &format!("/feedback/requests/{}", r["id"]),
                None,
            )
            .await,
            StatusCode::NOT_FOUND,
        );
        for path in [
            "/feedback",
            "/feedback/requests",
            "/inbox",
            "/praise",
            "/praise/feed",
            "/feed",
            "/journal",
        ] {
            let (_, v) = t.api(Method::GET, &admin.1, path, None).await;
            let text = v.to_string();
            assert!(
                !text.contains(secret) && !text.contains(topic),
                "{path}: {text}"
            );
        }
        let (s, export) = t
            .api(
                Method::GET,
                &admin.1,
                &format!("/teams/{}/export", team.0),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(export["members"].as_array().unwrap().len() == 4);
        let text = export.to_string();
        assert!(!text.contains(secret) && !text.contains(topic), "{text}");
        // A member cannot export the team.
        assert_api_error(
            &t.api(
                Method::GET,
                &ben.1,
                &format!("/teams/{}/export", team.0),
                None,
            )
            .await,
            StatusCode::FORBIDDEN,
        );
        // The admin's pages do not show it either.
        let admin_browser = t.sign_in("admin@x.org").await;
        for page in ["/inbox", "/praise", "/feedback", "/team"] {
            let html = t.page(&admin_browser, page).await;
            assert!(!html.contains(secret) && !html.contains(topic), "{page}");
        }
        let r = admin_browser
            .get(t.url(&format!("/feedback/{}", f["id"])))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = t
            .post_form(
                &admin_browser,
                "/feedback",
                &format!("/feedback/{}/reply", f["id"]),
                &[("body", "hi")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // Both parties see it.
        let (_, v) = t
            .api(
                Method::GET,
                &caro.1,
                &format!("/feedback/{}", f["id"]),
                None,
            )
            .await;
        assert_eq!(v["feedback"]["behaviour"], secret);
    }
}

#[tokio::test]
async fn openapi_describes_praise_feedback_and_inbox() {
    for t in apps().await {
        let doc: Value = reqwest::get(t.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for path in [
            "/praise",
            "/praise/{id}/pass-on",
            "/feedback",
            "/feedback/coach",
            "/feedback/{id}/replies",
            "/feedback/requests",
            "/inbox",
            "/teams/{id}/export",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} missing");
        }
    }
}
