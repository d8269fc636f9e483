//! Praise and its pass-ons; the person's own praise; the team's public praise; preferences.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use microlead_app::praise::PraiseInput;
use microlead_core::ids::*;
use microlead_core::records::{Person, Praise, PraiseCounts};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ErrorBody, TeamQuery};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_praise, give_praise))
        .routes(routes!(praise_feed))
        .routes(routes!(thread, edit_praise, delete_praise))
        .routes(routes!(pass_on))
        .routes(routes!(get_preference, set_preference))
}

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub name: String,
}

impl From<&Person> for PersonDto {
    fn from(p: &Person) -> Self {
        PersonDto {
            id: p.id.0,
            name: p.name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PraiseDto {
    pub id: i64,
    pub team_id: i64,
    pub giver: PersonDto,
    pub recipients: Vec<PersonDto>,
    pub message: String,
    /// The act it honours.
    pub act: Option<String>,
    /// Seen by the whole team; otherwise by the people in its chain only.
    pub public: bool,
    /// The praise this passes on, for a pass-on.
    pub parent_id: Option<i64>,
    /// The first praise of the chain.
    pub root_id: i64,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

impl From<&Praise> for PraiseDto {
    fn from(p: &Praise) -> Self {
        PraiseDto {
            id: p.id.0,
            team_id: p.team_id.0,
            giver: (&p.giver).into(),
            recipients: p.recipients.iter().map(Into::into).collect(),
            message: p.message.clone(),
            act: p.act_slug.clone(),
            public: p.public,
            parent_id: p.parent_id.map(|p| p.0),
            root_id: p.root_id.0,
            created_at: p.created_at,
            edited_at: p.edited_at,
        }
    }
}

fn dtos(list: &[Praise]) -> Vec<PraiseDto> {
    list.iter().map(Into::into).collect()
}

#[derive(Deserialize, ToSchema)]
pub struct PraiseRequest {
    /// Teammates' user ids.
    pub to: Vec<i64>,
    pub message: String,
    /// The slug of the act it honours.
    pub act: Option<String>,
    /// Show it to the team; kept private when any recipient prefers private praise.
    #[serde(default)]
    pub public: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct PassOnRequest {
    /// The people who made it possible.
    pub to: Vec<i64>,
    pub note: String,
    /// Show the pass-on to the team; by default as public as the praise passed on.
    pub public: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct EditPraiseRequest {
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct CountsDto {
    pub given: i64,
    pub received: i64,
    pub passed_on: i64,
}

impl From<PraiseCounts> for CountsDto {
    fn from(c: PraiseCounts) -> Self {
        CountsDto {
            given: c.given,
            received: c.received,
            passed_on: c.passed_on,
        }
    }
}

/// Your praise; for you alone, never shown to anyone else.
#[derive(Serialize, ToSchema)]
pub struct MyPraiseDto {
    pub counts: CountsDto,
    pub given: Vec<PraiseDto>,
    pub received: Vec<PraiseDto>,
    pub passed_on: Vec<PraiseDto>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct PreferenceDto {
    /// `any`, `public` or `private`: how you prefer to be thanked.
    pub preference: String,
}

/// Your praise: given, received and passed on, with counts.
#[utoipa::path(get, path = "/praise", tag = "praise", security(("bearer" = [])),
    responses((status = 200, body = MyPraiseDto), (status = 401, body = ErrorBody)))]
async fn my_praise(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<MyPraiseDto>, ApiError> {
    let mine = state.app.my_praise(&ctx.user).await?;
    Ok(Json(MyPraiseDto {
        counts: mine.counts.into(),
        given: dtos(&mine.given),
        received: dtos(&mine.received),
        passed_on: dtos(&mine.passed_on),
    }))
}

/// Praises one or more teammates. No self-praise; someone outside the team is 404.
#[utoipa::path(post, path = "/praise", tag = "praise", security(("bearer" = [])), params(TeamQuery),
    request_body = PraiseRequest,
    responses((status = 201, body = PraiseDto), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn give_praise(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<PraiseRequest>,
) -> Result<(StatusCode, Json<PraiseDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let praise = state
        .app
        .give_praise(
            &ctx.user,
            team.team.id,
            PraiseInput {
                to: req.to.into_iter().map(UserId).collect(),
                message: req.message,
                act: req.act,
                public: req.public,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json((&praise).into())))
}

/// The team's public praise, newest first.
#[utoipa::path(get, path = "/praise/feed", tag = "praise", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = Vec<PraiseDto>), (status = 404, body = ErrorBody)))]
async fn praise_feed(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<Vec<PraiseDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    Ok(Json(dtos(
        &state.app.praise_feed(&ctx.user, team.team.id).await?,
    )))
}

/// The chain this praise belongs to, oldest first, as far as you may see it.
#[utoipa::path(get, path = "/praise/{id}", tag = "praise", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Praise id")),
    responses((status = 200, body = Vec<PraiseDto>), (status = 404, body = ErrorBody)))]
async fn thread(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PraiseDto>>, ApiError> {
    Ok(Json(dtos(
        &state.app.praise_thread(&ctx.user, PraiseId(id)).await?,
    )))
}

/// Changes the words of praise you gave, within 10 minutes (409 after).
#[utoipa::path(patch, path = "/praise/{id}", tag = "praise", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Praise id")), request_body = EditPraiseRequest,
    responses((status = 200, body = PraiseDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn edit_praise(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<EditPraiseRequest>,
) -> Result<Json<PraiseDto>, ApiError> {
    let praise = state
        .app
        .edit_praise(&ctx.user, PraiseId(id), &req.message)
        .await?;
    Ok(Json((&praise).into()))
}

/// Deletes praise you gave.
#[utoipa::path(delete, path = "/praise/{id}", tag = "praise", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Praise id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_praise(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.app.delete_praise(&ctx.user, PraiseId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Passes on praise you received to the people who made it possible; logged as a private
/// `share-praise` act in your journal. Praise you did not receive is 403.
#[utoipa::path(post, path = "/praise/{id}/pass-on", tag = "praise", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Praise id")), request_body = PassOnRequest,
    responses((status = 201, body = PraiseDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn pass_on(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PassOnRequest>,
) -> Result<(StatusCode, Json<PraiseDto>), ApiError> {
    let praise = state
        .app
        .pass_on_praise(
            &ctx.user,
            PraiseId(id),
            &req.to.iter().copied().map(UserId).collect::<Vec<_>>(),
            &req.note,
            req.public,
        )
        .await?;
    Ok((StatusCode::CREATED, Json((&praise).into())))
}

/// How you prefer to be thanked.
#[utoipa::path(get, path = "/me/praise-preference", tag = "praise", security(("bearer" = [])),
    responses((status = 200, body = PreferenceDto)))]
async fn get_preference(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<PreferenceDto>, ApiError> {
    let p = state.app.praise_preference(&ctx.user).await?;
    Ok(Json(PreferenceDto {
        preference: p.as_str().into(),
    }))
}

#[utoipa::path(put, path = "/me/praise-preference", tag = "praise", security(("bearer" = [])),
    request_body = PreferenceDto,
    responses((status = 200, body = PreferenceDto), (status = 422, body = ErrorBody)))]
async fn set_preference(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<PreferenceDto>,
) -> Result<Json<PreferenceDto>, ApiError> {
    state
        .app
        .set_praise_preference(&ctx.user, &req.preference)
        .await?;
    get_preference(State(state), ctx).await
}
