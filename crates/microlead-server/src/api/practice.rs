//! Today, practice strength, team breadth and the catalog.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use microlead_app::teams::TeamActInput;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ActDto, ApiJson, BreadthDto, DoneDto, DoneRequest, ErrorBody, NewActRequest, PracticeDto,
    SkipRequest, TeamQuery, TodayDto, optional_json,
};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(today))
        .routes(routes!(done))
        .routes(routes!(skip))
        .routes(routes!(practice))
        .routes(routes!(breadth))
        .routes(routes!(acts, create_act))
}

/// Today's suggestion, chosen on the first call of the day and kept all day.
#[utoipa::path(get, path = "/today", tag = "today", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = TodayDto), (status = 401, body = ErrorBody)))]
async fn today(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<TodayDto>, ApiError> {
    let team = ctx.team(&state).await?;
    Ok(Json(state.app.today(&ctx.user, team.team.id).await?.into()))
}

/// Marks today's act done and logs it (privately) in the journal.
#[utoipa::path(post, path = "/today/done", tag = "today", security(("bearer" = [])), params(TeamQuery),
    request_body = DoneRequest,
    responses((status = 200, body = DoneDto), (status = 409, body = ErrorBody)))]
async fn done(
    State(state): State<AppState>,
    ctx: ApiCtx,
    body: Bytes,
) -> Result<Json<DoneDto>, ApiError> {
    let team = ctx.team(&state).await?;
    let req: DoneRequest = optional_json(&body)?;
    let (t, entry) = state
        .app
        .today_done(&ctx.user, team.team.id, req.what, req.reflection)
        .await?;
    Ok(Json(DoneDto {
        today: t.into(),
        entry: entry.into(),
    }))
}

/// Skips today's act; inside the monthly budget this costs no strength.
#[utoipa::path(post, path = "/today/skip", tag = "today", security(("bearer" = [])), params(TeamQuery),
    request_body = SkipRequest,
    responses((status = 200, body = TodayDto), (status = 409, body = ErrorBody)))]
async fn skip(
    State(state): State<AppState>,
    ctx: ApiCtx,
    body: Bytes,
) -> Result<Json<TodayDto>, ApiError> {
    let team = ctx.team(&state).await?;
    let req: SkipRequest = optional_json(&body)?;
    Ok(Json(
        state
            .app
            .today_skip(&ctx.user, team.team.id, req.reason)
            .await?
            .into(),
    ))
}

/// Your practice strength per act and principle (only you can read it).
#[utoipa::path(get, path = "/practice", tag = "today", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = PracticeDto)))]
async fn practice(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<PracticeDto>, ApiError> {
    let team = ctx.team(&state).await?;
    Ok(Json(
        state.app.practice(&ctx.user, team.team.id).await?.into(),
    ))
}

/// How many distinct members practised each principle in the last 30 days (k-rule applies).
#[utoipa::path(get, path = "/breadth", tag = "team", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = BreadthDto)))]
async fn breadth(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<BreadthDto>, ApiError> {
    let team = ctx.team(&state).await?;
    Ok(Json(
        state.app.breadth(&ctx.user, team.team.id).await?.into(),
    ))
}

/// The catalog: the essay's acts and the team's own.
#[utoipa::path(get, path = "/acts", tag = "team", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = Vec<ActDto>)))]
async fn acts(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<Vec<ActDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    let acts = state.app.acts(&ctx.user, team.team.id).await?;
    Ok(Json(acts.into_iter().map(Into::into).collect()))
}

/// Adds a team's own act (team admins).
#[utoipa::path(post, path = "/acts", tag = "team", security(("bearer" = [])), params(TeamQuery),
    request_body = NewActRequest,
    responses((status = 201, body = ActDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_act(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<NewActRequest>,
) -> Result<(StatusCode, Json<ActDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let input = TeamActInput {
        slug: req.slug,
        name: req.name,
        description: req.description,
        prompt: req.prompt,
        principle: req.principle,
    };
    let act = state
        .app
        .create_team_act(&ctx.user, team.team.id, input)
        .await?;
    Ok((StatusCode::CREATED, Json(act.into())))
}
