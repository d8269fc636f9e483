//! CSRF protection for every state-changing browser request (double-submit token).
//!
//! Each browser gets a random token in an HttpOnly, SameSite=Lax cookie; pages render the same
//! token into every form (and into `hx-headers` for htmx). A POST must carry the token back in
//! the `csrf` form field, the `csrf` query parameter (multipart uploads) or the `X-CSRF-Token`
//! header. Another site can make a browser send our cookie but cannot read it to fill the field.
//! The JSON API is exempt: it accepts only bearer tokens, never cookies.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use crate::cookies::{self, Lasts};
use crate::error::PageError;

pub const CSRF_COOKIE: &str = "ml_csrf";

/// The token for this request's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn field(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
}

pub async fn protect(
    State(state): State<crate::AppState>,
    jar: CookieJar,
    req: Request,
    next: Next,
) -> Response {
    let cookie = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64);
    let token = cookie
        .clone()
        .unwrap_or_else(|| microlead_app::tokens::new_secret(""));
    let secure = state.web.secure_cookies;
    let mut req = if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        req
    } else {
        match check(cookie.as_deref(), req).await {
            Ok(req) => req,
            Err(resp) => return resp,
        }
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let resp = next.run(req).await;
    if cookie.is_some() {
        return resp;
    }
    let fresh = cookies::ours(CSRF_COOKIE, token, "/", Lasts::Session, secure);
    (CookieJar::new().add(fresh), resp).into_response()
}

async fn check(cookie: Option<&str>, req: Request) -> Result<Request, Response> {
    let refused = || {
        PageError::Status(
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from microlead. Reload the page and try again; \
             nothing was changed."
                .into(),
        )
        .into_response()
    };
    let Some(cookie) = cookie else {
        return Err(refused());
    };
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if same(cookie, h) {
            Ok(req)
        } else {
            Err(refused())
        };
    }
    if let Some(q) = req.uri().query() {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q).unwrap_or_default();
        if let Some(v) = field(&pairs) {
            return if same(cookie, v) {
                Ok(req)
            } else {
                Err(refused())
            };
        }
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(refused());
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, crate::MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return Err(PageError::Status(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "That is more than we accept in one form ({} KiB). Nothing was saved.",
                    crate::MAX_BODY / 1024
                ),
            )
            .into_response());
        }
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    match field(&pairs) {
        Some(v) if same(cookie, v) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(refused()),
    }
}
