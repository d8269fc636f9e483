//! Meetings over the API: analyse a transcript (nothing stored), upload one into a team, list
//! and read the meetings you may see. The transcript is the request body, as is.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use microlead_app::meetings::{MAX_TRANSCRIPT_BYTES, MeetingInput, analyze_only};
use microlead_core::ids::*;
use microlead_core::records::{Meeting, MeetingSpeaker};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(analyze))
        .routes(routes!(list, upload))
        .routes(routes!(get_meeting))
        .layer(DefaultBodyLimit::max(MAX_TRANSCRIPT_BYTES + 1024))
}

#[derive(Deserialize, IntoParams)]
pub struct AnalyzeQuery {
    /// zoom-vtt, teams-vtt, vtt, srt, otter, sbv, plain, rttm or auto (default).
    pub format: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct UploadQuery {
    /// The team (default: your first).
    #[allow(
        dead_code,
        reason = "read by ApiCtx from the query; declared here for the OpenAPI document"
    )]
    pub team: Option<i64>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` (default: today).
    pub date: Option<String>,
    pub format: Option<String>,
    /// Keep the raw text (default false: only figures are kept).
    #[serde(default)]
    pub keep_raw: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SpeakerDto {
    pub name: String,
    /// The member this speaker is, once mapped.
    pub member_id: Option<i64>,
    pub share: f64,
    pub quiet: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDto {
    pub id: i64,
    pub team_id: i64,
    pub title: String,
    pub date: String,
    pub format: String,
    /// `airtime` or `words`.
    pub measure: String,
    pub duration_seconds: f64,
    pub gini: f64,
    pub raw_text_kept: bool,
    pub speakers: Vec<SpeakerDto>,
    /// The engine's full report (figures per speaker, turn matrix, diagnostics...).
    #[schema(value_type = Object)]
    pub report: Value,
}

fn dto(m: Meeting, speakers: Vec<MeetingSpeaker>) -> MeetingDto {
    let doc: Value = serde_json::from_str(&m.report_json).unwrap_or(Value::Null);
    MeetingDto {
        id: m.id.0,
        team_id: m.team_id.0,
        title: m.title,
        date: m.held_on.to_string(),
        format: m.format,
        measure: m.measure,
        duration_seconds: m.duration_seconds,
        gini: m.gini,
        raw_text_kept: m.raw_text.is_some(),
        speakers: speakers
            .into_iter()
            .map(|s| SpeakerDto {
                name: s.name,
                member_id: s.user_id.map(|u| u.0),
                share: s.share,
                quiet: s.quiet,
            })
            .collect(),
        report: doc["report"].clone(),
    }
}

/// Analyses a transcript (the body) and returns the figures; nothing is stored.
#[utoipa::path(post, path = "/meetings/analyze", tag = "meetings", security(("bearer" = [])), params(AnalyzeQuery),
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = Object), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn analyze(
    _ctx: ApiCtx,
    Query(q): Query<AnalyzeQuery>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let report = analyze_only(&body, q.format.as_deref(), None)?;
    Ok(Json(serde_json::to_value(report).map_err(|e| {
        microlead_app::AppError::Internal(e.to_string())
    })?))
}

/// Analyses a transcript (the body) into a team and keeps its figures.
#[utoipa::path(post, path = "/meetings", tag = "meetings", security(("bearer" = [])), params(UploadQuery),
    request_body(content = String, content_type = "text/plain"),
    responses((status = 201, body = MeetingDto), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<MeetingDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let input = MeetingInput {
        title: q.title,
        date: q.date,
        format: q.format,
        keep_raw: q.keep_raw,
        roster: None,
    };
    let m = state
        .app
        .upload_meeting(&ctx.user, team.team.id, &body, input)
        .await?;
    let (m, speakers) = state.app.meeting(&ctx.user, m.id).await?;
    Ok((StatusCode::CREATED, Json(dto(m, speakers))))
}

/// The team's meetings you added or took part in.
#[utoipa::path(get, path = "/meetings", tag = "meetings", security(("bearer" = [])), params(super::TeamQuery),
    responses((status = 200, body = Vec<MeetingDto>)))]
async fn list(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<Vec<MeetingDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    let meetings = state.app.meetings(&ctx.user, team.team.id).await?;
    Ok(Json(
        meetings
            .into_iter()
            .map(|(m, speakers)| dto(m, speakers))
            .collect(),
    ))
}

/// One meeting you added or took part in; 404 otherwise.
#[utoipa::path(get, path = "/meetings/{id}", tag = "meetings", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingDto), (status = 404, body = ErrorBody)))]
async fn get_meeting(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<MeetingDto>, ApiError> {
    let (m, speakers) = state.app.meeting(&ctx.user, MeetingId(id)).await?;
    Ok(Json(dto(m, speakers)))
}
