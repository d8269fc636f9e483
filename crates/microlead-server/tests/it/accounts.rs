//! Set-up, sign-in and its limits, sessions, invites, API tokens, CSRF, health.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn first_visitor_sets_up_then_setup_closes() {
    for t in apps().await {
        let anon = browser();
        let r = anon.get(t.url("/")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/setup");

        let b = t.set_up_in_browser("admin@x.org").await;
        let today = t.page(&b, "/").await;
        assert!(today.contains("Why this:"), "{}", t.backend);

        // Set-up is closed: the page redirects, and a forged post creates nobody.
        let other = browser();
        let r = other.get(t.url("/setup")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/login");
        let fields = [
            ("name", "Mallory"),
            ("email", "m@x.org"),
            ("password", PASSWORD),
            ("team_name", "T"),
        ];
        let r = t.post_form(&other, "/login", "/setup", &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(!t.has_account("m@x.org").await);
    }
}

#[tokio::test]
async fn setup_form_errors_keep_input_and_store_nothing() {
    for t in apps().await {
        let b = browser();
        let fields = [
            ("name", "Ana"),
            ("email", "not-an-email"),
            ("password", PASSWORD),
            ("team_name", "Crew"),
        ];
        let r = t.post_form(&b, "/setup", "/setup", &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains("is not an e-mail address"));
        assert!(html.contains("value=\"Crew\""));
        assert!(!t.app.is_set_up().await.unwrap());
    }
}

#[tokio::test]
async fn wrong_password_is_refused_then_limited() {
    for t in apps().await {
        t.admin().await;
        let b = browser();
        for i in 0..5 {
            let r = t.login(&b, "admin@x.org", "wrong password!").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
            assert!(r.text().await.unwrap().contains("do not match"));
        }
        // The sixth attempt is refused even with the right password, with a clear message.
        let r = t.login(&b, "admin@x.org", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().contains_key("retry-after"));
        assert!(r.text().await.unwrap().contains("Too many failed sign-ins"));
        // The API's token exchange shares the limit.
        let resp = reqwest::Client::new()
            .post(t.url("/api/v1/auth/token"))
            .json(&json!({"email": "admin@x.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn session_cookie_flags_new_id_at_login_and_logout() {
    for t in apps().await {
        t.admin().await;
        let b = browser();
        let r = t.login(&b, "admin@x.org", PASSWORD).await;
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("ml_session="))
            .unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "no TLS here: {cookie}");
        let first = cookie.split(';').next().unwrap().to_owned();
        let second = t.sign_in("admin@x.org").await;
        let r2 = second.get(t.url("/")).send().await.unwrap();
        assert_eq!(r2.status(), StatusCode::OK);
        // Logging out ends that session only.
        let r = t.post_form(&b, "/", "/logout", &[]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            b.get(t.url("/")).send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            second.get(t.url("/")).send().await.unwrap().status(),
            StatusCode::OK
        );
        assert!(first.len() > 20);
    }
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        assert_eq!(
            b.get(t.url("/")).send().await.unwrap().status(),
            StatusCode::OK
        );
        t.clock.advance(t.app.settings.session_idle_secs + 1);
        let r = b.get(t.url("/")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/login");
    }
}

#[tokio::test]
async fn forms_without_the_csrf_token_change_nothing() {
    for t in apps().await {
        t.admin().await;
        let b = t.sign_in("admin@x.org").await;
        let r = b
            .post(t.url("/journal"))
            .form(&[("act", "say-no"), ("what", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = b
            .post(t.url("/journal"))
            .form(&[
                ("csrf", "0".repeat(64).as_str()),
                ("act", "say-no"),
                ("what", "forged"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let admin = t.account("admin@x.org").await;
        assert!(t.store.entries(admin.id, 10).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn invites_are_single_use_and_expire() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (s, v) = t
            .api(
                Method::POST,
                &token,
                "/invites",
                Some(json!({"email": "ben@x.org"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let url = v["url"].as_str().unwrap().to_owned();
        let path = &url[url.find("/invite/").unwrap()..];

        let ben = browser();
        let page = ben
            .get(t.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Join Crew") && page.contains("ben@x.org"));
        let r = ben
            .post(t.url(path))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("name", "Ben"),
                ("email", "ben@x.org"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            ben.get(t.url("/")).send().await.unwrap().status(),
            StatusCode::OK
        );

        // Reused: refused with a clear message, nobody created.
        let cat = browser();
        let r = cat.get(t.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::GONE);
        assert!(r.text().await.unwrap().contains("already been used"));

        // Expired.
        let (_, v) = t
            .api(Method::POST, &token, "/invites", Some(json!({})))
            .await;
        let url = v["url"].as_str().unwrap().to_owned();
        let path = &url[url.find("/invite/").unwrap()..];
        let page = cat
            .get(t.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        t.clock.advance(t.app.settings.invite_ttl_secs + 1);
        let r = cat
            .post(t.url(path))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("name", "Cat"),
                ("email", "cat@x.org"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::GONE);
        assert!(!t.has_account("cat@x.org").await);
    }
}

#[tokio::test]
async fn duplicate_email_is_refused_and_the_invite_stays_usable() {
    for t in apps().await {
        let (_admin, _team, token) = t.admin().await;
        let (_, v) = t
            .api(Method::POST, &token, "/invites", Some(json!({})))
            .await;
        let url = v["url"].as_str().unwrap().to_owned();
        let path = &url[url.find("/invite/").unwrap()..];
        let b = browser();
        let page = b
            .get(t.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let r = b
            .post(t.url(path))
            .form(&[
                ("csrf", csrf_in(&page).as_str()),
                ("name", "Copy"),
                ("email", "ADMIN@x.org"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("already exists"));
        let page = b.get(t.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the invite is still usable");
        // The headless path says the same.
        let dup = t
            .app
            .admin_create_user("Copy", "admin@x.org", PASSWORD, false, None)
            .await;
        assert!(matches!(dup, Err(microlead_app::AppError::Conflict(_))));
    }
}

#[tokio::test]
async fn api_tokens_authenticate_until_revoked() {
    for t in apps().await {
        let (admin, _team, token) = t.admin().await;
        let (s, me) = t.api(Method::GET, &token, "/me", None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(me["email"], "admin@x.org");
        assert_eq!(me["teams"][0]["name"], "Crew");
        let tokens = t.app.api_tokens(&admin).await.unwrap();
        t.app.revoke_api_token(&admin, tokens[0].id).await.unwrap();
        assert_api_error(
            &t.api(Method::GET, &token, "/me", None).await,
            StatusCode::UNAUTHORIZED,
        );
        assert_api_error(
            &t.api(Method::GET, "nonsense", "/me", None).await,
            StatusCode::UNAUTHORIZED,
        );
        // Stored hashed: the secret itself is nowhere in the table.
        assert!(t.store.api_token_by_hash(&token).await.unwrap().is_none());
        // The exchange endpoint issues a working one.
        let resp: serde_json::Value = reqwest::Client::new()
            .post(t.url("/api/v1/auth/token"))
            .json(&json!({"email": "admin@x.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let fresh = resp["token"].as_str().unwrap();
        assert_eq!(
            t.api(Method::GET, fresh, "/me", None).await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn health_follows_the_database_and_openapi_lists_every_route() {
    for t in apps().await {
        let doc: serde_json::Value = reqwest::get(t.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/journal",
            "/journal/{id}",
            "/journal/{id}/share",
            "/today",
            "/today/done",
            "/today/skip",
            "/practice",
            "/breadth",
            "/acts",
            "/feed",
            "/me",
            "/invites",
            "/auth/token",
            "/teams/{id}/members",
        ] {
            assert!(
                doc["paths"][path].is_object(),
                "{path} missing from the OpenAPI document"
            );
        }
        assert_eq!(
            reqwest::get(t.url("/healthz")).await.unwrap().status(),
            StatusCode::OK
        );
        t.store.close().await;
        assert_eq!(
            reqwest::get(t.url("/healthz")).await.unwrap().status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
