//! `POST /api/v1/tone`: the kindness coach over HTTP. Neither text is stored or logged.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use microlead_tone::Coaching;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

/// The most we read of either text.
pub const MAX_TONE_TEXT: usize = 64 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(tone))
}

#[derive(Deserialize, ToSchema)]
pub struct ToneRequest {
    /// The message you received (optional).
    pub incoming: Option<String>,
    /// Your draft reply.
    pub draft: String,
}

// The shapes below document `microlead_tone`'s output in the OpenAPI document; the handler
// returns the engine's own types, which serialise to exactly these.

#[derive(Serialize, ToSchema)]
pub struct ValenceDoc {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    /// -1..1, VADER's compound score.
    pub compound: f64,
}

#[derive(Serialize, ToSchema)]
pub struct EmotionsDoc {
    pub anger: f64,
    pub fear: f64,
    pub distress: f64,
}

#[derive(Serialize, ToSchema)]
pub struct SpanDoc {
    /// Byte offset into the text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    pub label: String,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct IncomingDoc {
    pub valence: ValenceDoc,
    /// 0..1 each; 0.5 or more means present.
    pub emotions: EmotionsDoc,
    pub spans: Vec<SpanDoc>,
    pub summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct DraftDoc {
    pub valence: ValenceDoc,
    pub harshness: f64,
    pub kindness: f64,
    pub spans: Vec<SpanDoc>,
    pub summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionDoc {
    /// `soften`, `acknowledge`, `own`, `offer`, `ask`, `keep`.
    pub kind: String,
    pub message: String,
    pub span: Option<SpanDoc>,
}

#[derive(Serialize, ToSchema)]
pub struct CoachingDoc {
    pub incoming: Option<IncomingDoc>,
    pub draft: DraftDoc,
    pub suggestions: Vec<SuggestionDoc>,
}

/// Checks both texts and coaches the draft: the same as `microlead tone check --json`.
pub fn coach_checked(incoming: Option<&str>, draft: &str) -> Result<Coaching, ApiError> {
    for (what, text) in [("incoming", incoming), ("draft", Some(draft))] {
        if let Some(t) = text
            && t.len() > MAX_TONE_TEXT
        {
            return Err(ApiError::http(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "{what} is {} bytes; the limit is {} KiB",
                    t.len(),
                    MAX_TONE_TEXT / 1024
                ),
            ));
        }
    }
    let incoming = incoming.filter(|t| !t.trim().is_empty());
    microlead_tone::coach(incoming, draft).map_err(|e| {
        ApiError::http(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            e.to_string(),
        )
    })
}

/// Reads an incoming message and a draft reply; suggests, never blocks. Nothing is stored.
#[utoipa::path(post, path = "/tone", tag = "kindness", security(("bearer" = [])), request_body = ToneRequest,
    responses((status = 200, body = CoachingDoc), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn tone(
    State(_state): State<AppState>,
    _ctx: ApiCtx,
    ApiJson(req): ApiJson<ToneRequest>,
) -> Result<Json<Coaching>, ApiError> {
    Ok(Json(coach_checked(req.incoming.as_deref(), &req.draft)?))
}
