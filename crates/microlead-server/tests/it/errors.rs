//! How errors reach people: a refused htmx request gets a visible fragment, a panicking handler
//! a 500 page (JSON under /api) on a connection that stays open.

use axum::Router;
use axum::routing::get;
use microlead_server::{AppState, WebSettings};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;

#[tokio::test]
async fn a_refused_htmx_post_swaps_an_error_fragment_in() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let html = t.page(&b, "/journal").await;
        let token = csrf_in(&html);
        let fields = [
            ("csrf", token.as_str()),
            ("act", "share-praise"),
            ("what", "Typed carefully"),
            ("date", "yesterday"),
        ];
        let r = b
            .post(t.url("/journal"))
            .header("HX-Request", "true")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.backend
        );
        assert_eq!(r.headers()["hx-retarget"], "#flash");
        assert_eq!(r.headers()["hx-reswap"], "innerHTML");
        let body = r.text().await.unwrap();
        assert!(
            body.starts_with("<p class=\"error\" role=\"alert\">") && body.contains("YYYY-MM-DD"),
            "the message alone, not a page: {body}"
        );
        // Every page that loads htmx has the region the fragment is aimed at.
        assert!(html.contains("<div id=\"flash\"></div>"));

        // Not only re-rendered forms: any refusal, here a question that is not there.
        let r = b
            .post(t.url("/rooms/999/questions/1/vote"))
            .header("HX-Request", "true")
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert_eq!(r.headers()["hx-retarget"], "#flash");
        assert!(r.text().await.unwrap().contains("not found"));

        // Without htmx the same refusal is the whole page again, as before.
        let r = t.post_form(&b, "/journal", "/journal", &fields[1..]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.headers().get("hx-retarget").is_none());
        assert!(r.text().await.unwrap().contains("<!doctype html>"));
    }
}

/// One raw HTTP/1.1 exchange on `stream`: the status line and the body.
async fn exchange(stream: &mut tokio::net::TcpStream, path: &str) -> (String, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = &text[..end];
            let len: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .expect("a content-length");
            if buf.len() >= end + 4 + len {
                let status = head.lines().next().unwrap_or_default().to_owned();
                let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).into_owned();
                return (status, body);
            }
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout_at(deadline, stream.read(&mut chunk))
            .await
            .expect("an answer within 10 s")
            .unwrap();
        assert!(n > 0, "the server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn boom() -> &'static str {
    panic!("a bug in a handler")
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_keeps_the_connection() {
    let t = apps().await.remove(0);
    let state = AppState {
        app: t.app.clone(),
        web: std::sync::Arc::new(WebSettings::default()),
    };
    // Test-only routes under the app's own layers: no production route panics.
    let routes = Router::new()
        .route("/boom", get(boom))
        .route("/api/v1/boom", get(boom))
        .route("/fine", get(|| async { "fine" }));
    let app = microlead_server::with_layers(routes, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (status, body) = exchange(&mut stream, "/boom").await;
    assert!(status.contains(" 500 "), "{status}");
    assert!(body.contains("<!doctype html>") && body.contains("Something went wrong"));
    assert!(
        !body.contains("a bug in a handler"),
        "the cause goes to the log only"
    );

    let (status, body) = exchange(&mut stream, "/api/v1/boom").await;
    assert!(status.contains(" 500 "), "{status}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"]["code"], "internal");
    assert!(json["error"]["message"].is_string());

    // The same connection still answers.
    let (status, body) = exchange(&mut stream, "/fine").await;
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, "fine");
}
