//! The kindness coach over HTTP: the API, the page, and that neither text is stored or logged.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

const INCOMING: &str =
    "This is the THIRD time the zebra export failed. Fix it today or I escalate.";
const DRAFT: &str = "As I already said, the quokka report is not my fault. Read my email.";

#[tokio::test]
async fn tone_api_reads_both_texts_and_refuses_bad_input() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (s, v) = t
            .api(
                Method::POST,
                &token,
                "/tone",
                Some(json!({"incoming": INCOMING, "draft": DRAFT})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["incoming"]["emotions"]["anger"].as_f64().unwrap() >= 0.5);
        assert!(v["draft"]["harshness"].as_f64().unwrap() >= 0.5);
        for key in ["neg", "neu", "pos", "compound"] {
            assert!(v["draft"]["valence"][key].is_number());
        }
        let span = &v["draft"]["spans"][0];
        let (a, b) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&DRAFT[a..b], span["text"].as_str().unwrap());
        assert!(!v["suggestions"].as_array().unwrap().is_empty());
        // Without an incoming message: only the draft is read.
        let (_, v) = t
            .api(
                Method::POST,
                &token,
                "/tone",
                Some(json!({"draft": "Thanks, happy to help!"})),
            )
            .await;
        assert!(v["incoming"].is_null());

        assert_api_error(
            &t.api(
                Method::POST,
                &token,
                "/tone",
                Some(json!({"draft": "x".repeat(65 * 1024)})),
            )
            .await,
            StatusCode::PAYLOAD_TOO_LARGE,
        );
        assert_api_error(
            &t.api(
                Method::POST,
                &token,
                "/tone",
                Some(json!({"incoming": "y".repeat(65 * 1024), "draft": "ok"})),
            )
            .await,
            StatusCode::PAYLOAD_TOO_LARGE,
        );
        assert_api_error(
            &t.api(Method::POST, &token, "/tone", Some(json!({"draft": "   "})))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        assert_api_error(
            &t.api(Method::POST, &token, "/tone", Some(json!({"incoming": 5})))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        assert_api_error(
            &t.api(
                Method::POST,
                "no-token",
                "/tone",
                Some(json!({"draft": "hi"})),
            )
            .await,
            StatusCode::UNAUTHORIZED,
        );
        let doc: serde_json::Value = reqwest::get(t.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(doc["paths"]["/tone"]["post"].is_object());
    }
}

#[tokio::test]
async fn kindness_page_reads_live_and_stores_nothing_of_either_text() {
    captured_logs();
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let html = t.page(&b, "/kindness").await;
        let token = csrf_in(&html);
        // As htmx sends it while typing: a fragment with highlights.
        let r = b
            .post(t.url("/kindness/read"))
            .header("HX-Request", "true")
            .header("X-CSRF-Token", &token)
            .form(&[("incoming", INCOMING), ("draft", DRAFT)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let fragment = r.text().await.unwrap();
        assert!(
            fragment.contains("<mark") && fragment.contains("Suggestions"),
            "{fragment}"
        );
        assert!(!fragment.contains("<html"));
        // Without JavaScript: the whole page, texts kept in the form.
        let r = t
            .post_form(
                &b,
                "/kindness",
                "/kindness/read",
                &[("incoming", INCOMING), ("draft", DRAFT)],
            )
            .await;
        let page = r.text().await.unwrap();
        assert!(page.contains("quokka report") && page.contains("Your reply reads"));

        // Logging the act keeps only the note.
        let r = t
            .post_form(
                &b,
                "/kindness",
                "/kindness/log",
                &[("note", "Answered Sam calmly")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let admin = t.account("admin@x.org").await;
        let entries = t.store.entries(admin.id, 10).await.unwrap();
        assert_eq!(entries[0].act_slug, "respond-with-kindness");
        assert_eq!(entries[0].what, "Answered Sam calmly");

        // The capture works: the requests themselves were logged.
        assert!(
            captured_logs().contains("/kindness/read"),
            "log capture saw nothing"
        );
        for needle in ["zebra export", "quokka report"] {
            assert!(
                t.store.find_text(needle).await.unwrap().is_empty(),
                "{needle} stored on {}",
                t.backend
            );
            assert!(!captured_logs().contains(needle), "{needle} logged");
        }
    }
}

#[tokio::test]
async fn the_page_shows_the_first_draft_beside_the_revised_one() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let token = csrf_in(&t.page(&b, "/kindness").await);
        let read = |previous: &'static str, draft: &'static str| {
            let b = b.clone();
            let url = t.url("/kindness/read");
            let token = token.clone();
            async move {
                b.post(url)
                    .header("HX-Request", "true")
                    .header("X-CSRF-Token", token)
                    .form(&[
                        ("incoming", INCOMING),
                        ("draft", draft),
                        ("previous", previous),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            }
        };
        // First reading: no comparison yet; the page is told to remember this draft.
        let first = read("", DRAFT).await;
        assert!(!first.contains("before-after"));
        assert!(first.contains("hx-swap-oob") && first.contains("quokka report"));
        // After an edit: before and after side by side.
        let kinder = "I can see this is frustrating, and I'm sorry. Let me fix the quokka report and send it by 3 pm.";
        let second = read(DRAFT, kinder).await;
        assert!(second.contains("id=\"before-after\""), "{second}");
        assert!(
            second.contains("Your first draft read <strong>harsh"),
            "{second}"
        );
    }
}
