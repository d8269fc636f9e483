//! The JSON API under `/api/v1`, bearer-token auth, described by an OpenAPI 3 document generated
//! from these handlers (`GET /api/openapi.json`). Each module owns one feature's endpoints.

mod account;
mod decisions;
mod dto;
mod feedback;
mod journal;
mod meetings;
mod practice;
mod praise;
mod rooms;
pub mod tone;

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::ApiError;

pub use dto::*;
pub use rooms::order_of;

#[derive(OpenApi)]
#[openapi(
    info(title = "microlead API", description = "Micro-leadership, every day: journal, Today, practice and teams."),
    modifiers(&BearerAuth),
    tags((name = "account"), (name = "journal"), (name = "today"), (name = "team"), (name = "kindness"), (name = "meetings"), (name = "praise"), (name = "feedback"), (name = "inbox"), (name = "rooms"), (name = "decisions"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its OpenAPI description; the paths are relative to `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    OpenApiRouter::with_openapi(doc)
        .merge(account::router())
        .merge(journal::router())
        .merge(practice::router())
        .merge(tone::router())
        .merge(meetings::router())
        .merge(praise::router())
        .merge(feedback::router())
        .merge(decisions::router())
        .merge(rooms::router())
}

/// A JSON body that may be left out entirely (then `T::default()`).
pub fn optional_json<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        let code = if e.is_data() {
            "invalid_input"
        } else {
            "malformed_json"
        };
        ApiError::http(
            status,
            code,
            format!("The JSON body could not be read: {e}"),
        )
    })
}

/// `Json<T>` whose refusals are our JSON errors: malformed JSON is 400, a wrong shape 422, an
/// oversized body 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(r) => Err(r.into()),
        }
    }
}
