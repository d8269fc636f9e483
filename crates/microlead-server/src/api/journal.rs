//! The journal and the team feed.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use microlead_core::EntryId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ApiJson, EntryDto, EntryRequest, ErrorBody, FeedItemDto, LimitQuery, ListQuery, ShareRequest,
    TeamQuery,
};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_entries, create_entry))
        .routes(routes!(get_entry, update_entry, delete_entry))
        .routes(routes!(share_entry))
        .routes(routes!(feed))
}

/// Your journal entries, newest first (all your teams).
#[utoipa::path(get, path = "/journal", tag = "journal", security(("bearer" = [])), params(LimitQuery),
    responses((status = 200, body = Vec<EntryDto>), (status = 401, body = ErrorBody)))]
async fn list_entries(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Query(q): Query<LimitQuery>,
) -> Result<Json<Vec<EntryDto>>, ApiError> {
    let entries = state.app.journal(&ctx.user, q.limit.unwrap_or(100)).await?;
    Ok(Json(entries.into_iter().map(Into::into).collect()))
}

/// Logs an act (private unless `shared`).
#[utoipa::path(post, path = "/journal", tag = "journal", security(("bearer" = [])), params(TeamQuery),
    request_body = EntryRequest,
    responses((status = 201, body = EntryDto), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_entry(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<EntryRequest>,
) -> Result<(StatusCode, Json<EntryDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let shared = req.shared;
    let entry = state
        .app
        .log_act(&ctx.user, team.team.id, req.into(), shared)
        .await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// One of your entries; anyone else's is 404.
#[utoipa::path(get, path = "/journal/{id}", tag = "journal", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Entry id")),
    responses((status = 200, body = EntryDto), (status = 404, body = ErrorBody)))]
async fn get_entry(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<EntryDto>, ApiError> {
    Ok(Json(state.app.entry(&ctx.user, EntryId(id)).await?.into()))
}

/// Replaces what one of your entries says.
#[utoipa::path(put, path = "/journal/{id}", tag = "journal", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Entry id")), request_body = EntryRequest,
    responses((status = 200, body = EntryDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_entry(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<EntryRequest>,
) -> Result<Json<EntryDto>, ApiError> {
    let shared = req.shared;
    let entry = state
        .app
        .edit_entry(&ctx.user, EntryId(id), req.into())
        .await?;
    let entry = if entry.shared == shared {
        entry
    } else {
        state.app.share_entry(&ctx.user, entry.id, shared).await?
    };
    Ok(Json(entry.into()))
}

/// Deletes one of your entries for good.
#[utoipa::path(delete, path = "/journal/{id}", tag = "journal", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Entry id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_entry(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_entry(&ctx.user, EntryId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Shares one entry with its team, or makes it private again.
#[utoipa::path(post, path = "/journal/{id}/share", tag = "journal", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Entry id")), request_body = ShareRequest,
    responses((status = 200, body = EntryDto), (status = 404, body = ErrorBody)))]
async fn share_entry(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ShareRequest>,
) -> Result<Json<EntryDto>, ApiError> {
    Ok(Json(
        state
            .app
            .share_entry(&ctx.user, EntryId(id), req.shared)
            .await?
            .into(),
    ))
}

/// Entries the team's members chose to share.
#[utoipa::path(get, path = "/feed", tag = "team", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = Vec<FeedItemDto>), (status = 404, body = ErrorBody)))]
async fn feed(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<FeedItemDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    let items = state
        .app
        .team_feed(&ctx.user, team.team.id, q.limit.unwrap_or(100))
        .await?;
    Ok(Json(items.into_iter().map(Into::into).collect()))
}
