//! Question rooms through the API on every backend: asking, voting, hosting, live events
//! (across two app servers on PostgreSQL), guests, the bad inputs, and anonymity that holds.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Admin Ana hosts; Ben, Caro and Dev are members. Returns the room id and the four tokens.
async fn room(t: &TestApp, extra: Value) -> (i64, Vec<(i64, String)>) {
    let (_, people) = t.crew().await;
    let mut body = json!({"name": "All-hands"});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (s, r) = t
        .api(Method::POST, &people[0].1, "/rooms", Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    (r["id"].as_i64().unwrap(), people)
}

#[tokio::test]
async fn ask_vote_answer_and_pin_with_live_events() {
    for t in apps().await {
        let (id, p) = room(&t, json!({})).await;
        let (ana, ben, caro) = (&p[0], &p[1], &p[2]);
        let mut live =
            Sse::open(&t.url(&format!("/api/v1/rooms/{id}/events")), Some(&caro.1)).await;

        let (s, q1) = t
            .api(
                Method::POST,
                &ben.1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Why the reorg now?"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{q1}");
        assert_eq!(q1["author"], "Ben Ode");
        let ev = live.next_of("question").await;
        assert_eq!(ev["data"]["body"], "Why the reorg now?");
        assert!(ev["ts"].is_i64());

        let (_, q2) = t
            .api(
                Method::POST,
                &caro.1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "What happens to on-call?", "anonymous": true})),
            )
            .await;
        assert!(q2["author"].is_null());
        let q2id = q2["id"].as_i64().unwrap();
        live.next_of("question").await;

        // One upvote per person: a second one is counted once.
        let vote = format!("/rooms/{id}/questions/{q2id}/vote");
        for _ in 0..2 {
            let (s, v) = t.api(Method::PUT, &ben.1, &vote, None).await;
            assert_eq!((s, v["votes"].as_i64()), (StatusCode::OK, Some(1)));
        }
        assert_eq!(
            live.next_of("vote").await["data"],
            json!({"id": q2id, "votes": 1})
        );
        let (_, v) = t.api(Method::PUT, &ana.1, &vote, None).await;
        assert_eq!(v["votes"], 2);
        let (_, v) = t.api(Method::DELETE, &ana.1, &vote, None).await;
        assert_eq!(v["votes"], 1, "the vote toggles off");

        // Sorted by votes, then newest.
        let (_, view) = t
            .api(Method::GET, &caro.1, &format!("/rooms/{id}"), None)
            .await;
        let order: Vec<i64> = view["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_i64().unwrap())
            .collect();
        assert_eq!(order, [q2id, q1["id"].as_i64().unwrap()]);
        let (_, view) = t
            .api(
                Method::GET,
                &ben.1,
                &format!("/rooms/{id}?sort=newest"),
                None,
            )
            .await;
        assert_eq!(view["questions"][0]["id"], q2id);
        assert_eq!(view["questions"][0]["voted"], true, "Ben sees his own vote");

        // Only the host answers and pins.
        let answer = format!("/rooms/{id}/questions/{}/answer", q1["id"]);
        let got = t
            .api(Method::POST, &ben.1, &answer, Some(json!({"answer": "no"})))
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        let (s, a) = t
            .api(
                Method::POST,
                &ana.1,
                &answer,
                Some(json!({"answer": "The budget cycle."})),
            )
            .await;
        assert_eq!((s, &a["answered"]), (StatusCode::OK, &json!(true)));
        assert_eq!(
            live.next_of("answered").await["data"]["answer"],
            "The budget cycle."
        );
        let (_, pinned) = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/rooms/{id}/questions/{}/pin", q1["id"]),
                Some(json!({"pinned": true})),
            )
            .await;
        assert_eq!(pinned["pinned"], true);
        let (_, view) = t
            .api(Method::GET, &caro.1, &format!("/rooms/{id}"), None)
            .await;
        assert_eq!(view["questions"][0]["id"], q1["id"], "pinned first");

        // The asker's journal has a private act naming the room.
        let (_, journal) = t.api(Method::GET, &ben.1, "/journal", None).await;
        assert_eq!(journal[0]["act"], "ask-unasked-question");
        assert_eq!(journal[0]["shared"], false);

        // Closing: later questions are refused with 409; viewers hear of it.
        let (s, _) = t
            .api(Method::POST, &ana.1, &format!("/rooms/{id}/close"), None)
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        live.next_of("closed").await;
        let got = t
            .api(
                Method::POST,
                &ben.1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Too late?"})),
            )
            .await;
        assert_api_error(&got, StatusCode::CONFLICT);
    }
}

#[tokio::test]
async fn room_bad_input() {
    for t in apps().await {
        let (id, p) = room(&t, json!({})).await;
        let ben = &p[1];
        let path = format!("/rooms/{id}/questions");
        let big = t
            .api(
                Method::POST,
                &ben.1,
                &path,
                Some(json!({"text": "x".repeat(2049)})),
            )
            .await;
        assert_api_error(&big, StatusCode::PAYLOAD_TOO_LARGE);
        let empty = t
            .api(Method::POST, &ben.1, &path, Some(json!({"text": "  "})))
            .await;
        assert_api_error(&empty, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, view) = t
            .api(Method::GET, &ben.1, &format!("/rooms/{id}"), None)
            .await;
        assert_eq!(view["questions"], json!([]), "nothing stored");
        let no_rules = t
            .api(
                Method::POST,
                &ben.1,
                "/rooms",
                Some(json!({"name": "Mod", "moderated": true})),
            )
            .await;
        assert_api_error(&no_rules, StatusCode::UNPROCESSABLE_ENTITY);
        let missing = t
            .api(
                Method::PUT,
                &ben.1,
                &format!("/rooms/{id}/questions/999/vote"),
                None,
            )
            .await;
        assert_api_error(&missing, StatusCode::NOT_FOUND);
        // A stranger in another team cannot see the room.
        let other = t.user("out@x.org", "Out", None).await;
        let tok = t.token_for(&other).await;
        let got = t
            .api(Method::GET, &tok, &format!("/rooms/{id}"), None)
            .await;
        assert!(
            got.0 == StatusCode::NOT_FOUND || got.0 == StatusCode::FORBIDDEN,
            "{got:?}"
        );
    }
}

#[tokio::test]
async fn moderated_rooms_show_questions_after_the_host_approves() {
    for t in apps().await {
        let (id, p) = room(
            &t,
            json!({"moderated": true, "rules": "Be kind; one topic per question."}),
        )
        .await;
        let (ana, ben, caro) = (&p[0], &p[1], &p[2]);
        let mut member_live =
            Sse::open(&t.url(&format!("/api/v1/rooms/{id}/events")), Some(&caro.1)).await;
        let mut host_live =
            Sse::open(&t.url(&format!("/api/v1/rooms/{id}/events")), Some(&ana.1)).await;
        let (_, q) = t
            .api(
                Method::POST,
                &ben.1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Salary bands?"})),
            )
            .await;
        assert_eq!(q["status"], "pending");
        assert_eq!(
            host_live.next_of("question").await["data"]["status"],
            "pending"
        );
        let (_, view) = t
            .api(Method::GET, &caro.1, &format!("/rooms/{id}"), None)
            .await;
        assert_eq!(view["questions"], json!([]));
        assert_eq!(view["room"]["rules"], "Be kind; one topic per question.");
        let (_, view) = t
            .api(Method::GET, &ana.1, &format!("/rooms/{id}"), None)
            .await;
        assert_eq!(view["pending"][0]["body"], "Salary bands?");
        t.api(
            Method::POST,
            &ana.1,
            &format!("/rooms/{id}/questions/{}/moderate", q["id"]),
            Some(json!({"approve": true})),
        )
        .await;
        // The member's first event about it is the approved question, never the pending one.
        let (kind, ev) = member_live.next().await;
        assert_eq!(
            (kind.as_str(), &ev["data"]["status"]),
            ("question", &json!("visible"))
        );
    }
}

#[tokio::test]
async fn guests_with_the_link_ask_and_vote_and_see_live_updates() {
    for t in apps().await {
        let (id, p) = room(&t, json!({"guests": true})).await;
        let (ana, ben) = (&p[0], &p[1]);
        let (_, r) = t
            .api(Method::GET, &ana.1, &format!("/rooms/{id}"), None)
            .await;
        let token = r["room"]["guest_token"].as_str().unwrap().to_owned();
        let (_, r) = t
            .api(Method::GET, &ben.1, &format!("/rooms/{id}"), None)
            .await;
        assert!(
            r["room"]["guest_token"].is_null(),
            "only the host holds the link"
        );

        let mut live =
            Sse::open(&t.url(&format!("/api/v1/guest/rooms/{token}/events")), None).await;
        let guest = |gid: &'static str, method: Method, path: String, body: Option<Value>| {
            let mut req = reqwest::Client::new()
                .request(method, t.url(&format!("/api/v1/guest/rooms/{token}{path}")))
                .header("x-guest-id", gid);
            if let Some(b) = body {
                req = req.json(&b);
            }
            async move {
                let resp = req.send().await.unwrap();
                (
                    resp.status(),
                    resp.json::<Value>().await.unwrap_or(Value::Null),
                )
            }
        };
        let (s, q) = guest(
            "guest-one-0123456789",
            Method::POST,
            "/questions".into(),
            Some(json!({"text": "Is the office moving?", "name": "Visitor Vi"})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{q}");
        assert_eq!(q["author"], "Visitor Vi");
        assert_eq!(
            live.next_of("question").await["data"]["body"],
            "Is the office moving?"
        );
        let vote = format!("/questions/{}/vote", q["id"]);
        let (_, v) = guest("guest-one-0123456789", Method::PUT, vote.clone(), None).await;
        let (_, v2) = guest("guest-one-0123456789", Method::PUT, vote.clone(), None).await;
        let (_, v3) = guest("guest-two-0123456789", Method::PUT, vote.clone(), None).await;
        assert_eq!(
            (
                v["votes"].as_i64(),
                v2["votes"].as_i64(),
                v3["votes"].as_i64()
            ),
            (Some(1), Some(1), Some(2))
        );
        let (s, _) = guest("short", Method::PUT, vote, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        // A wrong link is 404; a room without guests has no link.
        let resp = reqwest::Client::new()
            .get(t.url("/api/v1/guest/rooms/mlr_nope"))
            .header("x-guest-id", "guest-one-0123456789")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }
}

/// On PostgreSQL, a question asked on one app server reaches a view held open on another
/// (LISTEN/NOTIFY); on SQLite there is one server per database file.
#[tokio::test]
async fn live_events_cross_app_servers_on_postgres() {
    for t in apps().await {
        if t.backend != "postgres" {
            continue;
        }
        let (id, p) = room(&t, json!({})).await;
        let (second, _server) = t.second_instance().await;
        let mut live =
            Sse::open(&format!("{second}/api/v1/rooms/{id}/events"), Some(&p[2].1)).await;
        let (s, _) = t
            .api(
                Method::POST,
                &p[1].1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Across instances?"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        assert_eq!(
            live.next_of("question").await["data"]["body"],
            "Across instances?"
        );
    }
}

/// DESIGN.md §3.4: an anonymous question leaves nothing that names its author — not in any
/// table, not in the logs, not in what anyone receives.
#[tokio::test]
async fn anonymous_questions_are_unlinkable() {
    let logs_before = captured_logs().len();
    for t in apps().await {
        let (id, p) = room(&t, json!({})).await;
        let (ana, ben) = (&p[0], &p[1]);
        let ben_user = t.account("ben@x.org").await;
        let mut host_live =
            Sse::open(&t.url(&format!("/api/v1/rooms/{id}/events")), Some(&ana.1)).await;
        let names = [ben_user.name.clone(), ben_user.email.clone()];
        let mut text_before = Vec::new();
        for n in &names {
            text_before.push(t.store.find_text(n).await.unwrap());
        }
        let ids_before = t
            .store
            .find_value(&ben_user.id.0.to_string())
            .await
            .unwrap();

        t.clock.advance(37); // mid-minute
        let (s, q) = t
            .api(
                Method::POST,
                &ben.1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Who decided the layoffs?", "anonymous": true})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
        let qid = q["id"].as_i64().unwrap();
        assert_eq!(
            q["created_at"].as_i64().unwrap() % 60,
            0,
            "time only to the minute"
        );
        let ev = host_live.next_of("question").await;
        assert!(ev["data"]["author"].is_null());
        assert!(!ev.to_string().contains(&ben_user.name) && !ev.to_string().contains("ben@x.org"));

        // Name and e-mail are exactly where they were (the users table), nowhere new.
        for (n, before) in names.iter().zip(&text_before) {
            assert_eq!(&t.store.find_text(n).await.unwrap(), before, "{n}");
        }
        // Ben's id appears nowhere new: an anonymous question gets no journal credit, which
        // could be lined up with it by id, transaction or time (the asker logs it if they wish).
        let ids_after = t
            .store
            .find_value(&ben_user.id.0.to_string())
            .await
            .unwrap();
        let new: Vec<&String> = ids_after
            .iter()
            .filter(|c| !ids_before.contains(c))
            .collect();
        assert!(new.is_empty(), "{new:?}");
        assert!(t.store.entries(ben_user.id, 10).await.unwrap().is_empty());
        let stored = t
            .store
            .question(microlead_core::QuestionId(qid))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((stored.author_id, stored.author_name), (None, None));

        // Nobody's view names the author: not the host's, not Ben's own.
        for tok in [&ana.1, &ben.1] {
            let (_, view) = t.api(Method::GET, tok, &format!("/rooms/{id}"), None).await;
            let text = view.to_string();
            assert!(
                !text.contains("Ben Ode") && !text.contains("ben@x.org"),
                "{text}"
            );
        }
    }
    let logs = captured_logs();
    let new_logs = &logs[logs_before.min(logs.len())..];
    assert!(
        !new_logs.contains("Ben Ode") && !new_logs.contains("ben@x.org"),
        "the logs name the asker"
    );
}

#[tokio::test]
async fn unanswered_questions_with_votes_nudge_the_host() {
    for t in apps().await {
        let (id, p) = room(&t, json!({})).await;
        let (_, q) = t
            .api(
                Method::POST,
                &p[1].1,
                &format!("/rooms/{id}/questions"),
                Some(json!({"text": "Roadmap?"})),
            )
            .await;
        for tok in [&p[1].1, &p[2].1, &p[3].1] {
            t.api(
                Method::PUT,
                tok,
                &format!("/rooms/{id}/questions/{}/vote", q["id"]),
                None,
            )
            .await;
        }
        let (_, today) = t.api(Method::GET, &p[0].1, "/today", None).await;
        assert_eq!(today["signal"], "unanswered-question", "{today}");
        assert_eq!(today["link"], format!("/rooms/{id}"));
    }
}

/// The pages work without JavaScript: ask from the form, vote, answer; a guest asks and votes
/// through the link with a cookie of their own.
#[tokio::test]
async fn room_pages_work_without_javascript() {
    for t in apps().await {
        let (id, _p) = room(&t, json!({"guests": true})).await;
        let host = t.sign_in("admin@x.org").await;
        let page = format!("/rooms/{id}");
        let r = t
            .post_form(
                &host,
                &page,
                &format!("{page}/ask"),
                &[("text", "Can we ship Friday?"), ("anonymous", "on")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = t.page(&host, &page).await;
        assert!(html.contains("Can we ship Friday?") && html.contains("Anonymous"));
        let q = t
            .store
            .questions(
                microlead_core::RoomId(id),
                &[microlead_core::records::QuestionStatus::Visible],
                Default::default(),
            )
            .await
            .unwrap();
        let qid = q[0].id;
        let r = t
            .post_form(&host, &page, &format!("{page}/questions/{qid}/vote"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = t
            .post_form(
                &host,
                &page,
                &format!("{page}/questions/{qid}/answer"),
                &[("answer", "Yes, after the demo.")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = t.page(&host, &page).await;
        assert!(html.contains("Yes, after the demo."));
        let big = "x".repeat(3000);
        let r = t
            .post_form(
                &host,
                &page,
                &format!("{page}/ask"),
                &[("text", big.as_str())],
            )
            .await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

        let token = t
            .store
            .room(microlead_core::RoomId(id))
            .await
            .unwrap()
            .unwrap()
            .guest_token
            .unwrap();
        assert!(
            t.page(&host, &page).await.contains(&format!("/r/{token}")),
            "the host sees the link"
        );
        let guest = browser();
        let guest_page = format!("/r/{token}");
        let r = t
            .post_form(
                &guest,
                &guest_page,
                &format!("{guest_page}/ask"),
                &[("text", "Guest here: parking?"), ("name", "Gus")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = t
            .post_form(
                &guest,
                &guest_page,
                &format!("{guest_page}/questions/{qid}/vote"),
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = t
            .post_form(
                &guest,
                &guest_page,
                &format!("{guest_page}/questions/{qid}/vote"),
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            t.store.question(qid).await.unwrap().unwrap().votes,
            2,
            "host + one guest, once"
        );
        let html = t.page(&guest, &guest_page).await;
        assert!(html.contains("Guest here: parking?") && html.contains("Gus"));
        let r = guest.get(t.url("/r/mlr_wrong")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}
