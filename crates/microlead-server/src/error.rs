//! The one place where errors become HTTP responses: JSON `{"error":{"code","message"}}` for the
//! API, a calm HTML page for the browser (or, for an htmx request, the message alone swapped into
//! the page). People read the message; the log gets the cause.

use askama::Template;
use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use microlead_app::AppError;
use microlead_core::validate::InputError;
use serde_json::json;

/// The status for a use-case error.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Input(InputError::TooLong { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Input(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Gone(_) => StatusCode::GONE,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log(e: &AppError, status: StatusCode) {
    if status.is_server_error() {
        tracing::error!(error = %e, "request failed");
    } else {
        tracing::debug!(code = e.code(), "request refused");
    }
}

fn retry_after(resp: &mut Response, e: &AppError) {
    if let AppError::RateLimited {
        retry_after_secs, ..
    } = e
        && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

/// A page shown again after a refused form (with the error on it) gets the status and headers
/// the error deserves.
pub fn refused_with(e: &AppError, page: impl IntoResponse) -> Response {
    let mut resp = page.into_response();
    *resp.status_mut() = status_of(e);
    retry_after(&mut resp, e);
    resp.extensions_mut().insert(Shown(e.public_message()));
    resp
}

/// An error answered as JSON.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// Refused before reaching a use case (bad JSON, missing token...).
    Http {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
}

impl ApiError {
    pub fn http(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Http {
            status,
            code,
            message: message.into(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let (status, code) = match &r {
            JsonRejection::JsonDataError(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            JsonRejection::MissingJsonContentType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
            }
            _ => (r.status(), "bad_request"),
        };
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "The request body is larger than {} KiB.",
                crate::MAX_BODY / 1024
            )
        } else {
            r.body_text()
        };
        ApiError::http(status, code, message)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::http(StatusCode::BAD_REQUEST, "bad_query", r.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, app) = match self {
            ApiError::App(e) => {
                let status = status_of(&e);
                log(&e, status);
                (status, e.code(), e.public_message(), Some(e))
            }
            ApiError::Http {
                status,
                code,
                message,
            } => (status, code, message, None),
        };
        let mut resp = (
            status,
            Json(json!({"error": {"code": code, "message": message}})),
        )
            .into_response();
        if let Some(e) = app {
            retry_after(&mut resp, &e);
        }
        resp
    }
}

/// An error answered as an HTML page.
#[derive(Debug)]
pub enum PageError {
    App(AppError),
    Status(StatusCode, String),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError::App(e)
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::App(AppError::Internal(format!("template: {e}")))
    }
}

impl From<FormRejection> for PageError {
    fn from(r: FormRejection) -> Self {
        let status = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        PageError::Status(
            status,
            format!("The form could not be read: {}", r.body_text()),
        )
    }
}

/// The error page: a calm message and the way back.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

/// The same message alone, swapped into a page that made an htmx request.
#[derive(Template)]
#[template(path = "partials/error.html")]
struct ErrorFragment<'a> {
    message: &'a str,
}

/// What a response says went wrong, kept on it so [`in_kind`] can answer an htmx request
/// with the message alone.
#[derive(Debug, Clone)]
struct Shown(String);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, message, app) = match self {
            PageError::App(e) => {
                let status = status_of(&e);
                log(&e, status);
                (status, e.public_message(), Some(e))
            }
            PageError::Status(s, m) => (s, m, None),
        };
        let page = ErrorPage {
            title: status.canonical_reason().unwrap_or("Error"),
            message: &message,
        };
        let mut resp = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // Rendering a two-field template does not fail; if it ever did, the status still
            // tells the browser what happened.
            Err(_) => (status, message.clone()).into_response(),
        };
        if let Some(e) = app {
            retry_after(&mut resp, &e);
        }
        resp.extensions_mut().insert(Shown(message));
        resp
    }
}

/// Marks the answer to a panic, so [`in_kind`] can answer an API caller in JSON.
#[derive(Debug, Clone, Copy)]
struct Panicked;

/// A handler panicked (tower-http's `CatchPanicLayer` caught it): the log gets what it said,
/// the person a 500 page, and the connection stays open.
pub fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    let mut resp =
        PageError::App(AppError::Internal(format!("handler panicked: {what}"))).into_response();
    resp.extensions_mut().insert(Panicked);
    resp
}

/// Where a refused htmx request's message goes: every page that loads htmx has this region.
pub const FLASH_TARGET: &str = "#flash";

/// Shapes an error for whoever asked. An API caller gets JSON even when a handler panicked.
/// A refused htmx request would otherwise fail silently (htmx does not swap error statuses, and
/// a whole page is the wrong thing to swap into a fragment's place): it gets the message alone,
/// aimed at the page's `#flash` region, with the status the refusal deserves.
pub async fn in_kind(req: Request, next: Next) -> Response {
    let htmx = crate::views::is_htmx(req.headers());
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let Some(Shown(message)) = resp.extensions().get::<Shown>().cloned() else {
        return resp;
    };
    if api && resp.extensions().get::<Panicked>().is_some() {
        return ApiError::http(resp.status(), "internal", message).into_response();
    }
    if !htmx {
        return resp;
    }
    let (mut parts, _page) = resp.into_parts();
    let Ok(html) = (ErrorFragment { message: &message }).render() else {
        return Response::from_parts(parts, Body::from(message));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    parts
        .headers
        .insert("hx-retarget", HeaderValue::from_static(FLASH_TARGET));
    parts
        .headers
        .insert("hx-reswap", HeaderValue::from_static("innerHTML"));
    Response::from_parts(parts, Body::from(html))
}
