//! Who am I, API tokens for the CLI, teams, members and invites.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use microlead_core::TeamId;
use microlead_core::records::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ApiJson, ErrorBody, InviteDto, InviteRequest, MeDto, MemberDto, TeamQuery, TokenDto,
    TokenRequest,
};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(get_figures, set_figures))
        .routes(routes!(create_token))
        .routes(routes!(members))
        .routes(routes!(create_invite))
}

/// The caller and their teams.
#[utoipa::path(get, path = "/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = MeDto), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<MeDto>, ApiError> {
    let teams = state.app.my_teams(&ctx.user).await?;
    Ok(Json(MeDto::new(&ctx.user, &teams)))
}

/// Exchanges an e-mail and password for a new API token (used by `microlead login`).
/// Failed attempts count towards the sign-in limits (429 when exceeded).
#[utoipa::path(post, path = "/auth/token", tag = "account", request_body = TokenRequest,
    responses((status = 201, body = TokenDto), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenDto>), ApiError> {
    let user = state
        .app
        .sign_in(&req.email, &req.password, addr.ip())
        .await?;
    let name = req.name.unwrap_or_else(|| "microlead CLI".into());
    let (token, _) = state.app.create_api_token(&user, &name).await?;
    Ok((StatusCode::CREATED, Json(TokenDto { token })))
}

/// Members of a team you belong to.
#[utoipa::path(get, path = "/teams/{id}/members", tag = "team", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Vec<MemberDto>), (status = 404, body = ErrorBody)))]
async fn members(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MemberDto>>, ApiError> {
    let members = state.app.members(&ctx.user, TeamId(id)).await?;
    Ok(Json(members.into_iter().map(Into::into).collect()))
}

/// A single-use invite link (team admins).
#[utoipa::path(post, path = "/invites", tag = "team", security(("bearer" = [])), params(TeamQuery),
    request_body = InviteRequest,
    responses((status = 201, body = InviteDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_invite(
    State(state): State<AppState>,
    ctx: ApiCtx,
    headers: HeaderMap,
    ApiJson(req): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<InviteDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let role = match req.role.as_deref() {
        None | Some("member") => Role::Member,
        Some("admin") => Role::Admin,
        Some(_) => {
            return Err(ApiError::http(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "role must be member or admin",
            ));
        }
    };
    let (secret, invite) = state
        .app
        .create_invite(&ctx.user, team.team.id, req.email.as_deref(), role)
        .await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    Ok((
        StatusCode::CREATED,
        Json(InviteDto {
            url: format!("{}/invite/{secret}", crate::views::base_url(&state, host)),
            expires_at: invite.expires_at,
        }),
    ))
}

/// Whether your private entries count in your teams' group figures (counts of at least k
/// people, never names); shared entries always do.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct FiguresPreferenceDto {
    pub private_in_figures: bool,
}

#[utoipa::path(get, path = "/me/figures", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = FiguresPreferenceDto)))]
async fn get_figures(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<FiguresPreferenceDto>, ApiError> {
    Ok(Json(FiguresPreferenceDto {
        private_in_figures: state.app.private_in_figures(&ctx.user).await?,
    }))
}

#[utoipa::path(put, path = "/me/figures", tag = "account", security(("bearer" = [])),
    request_body = FiguresPreferenceDto,
    responses((status = 200, body = FiguresPreferenceDto), (status = 422, body = ErrorBody)))]
async fn set_figures(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<FiguresPreferenceDto>,
) -> Result<Json<FiguresPreferenceDto>, ApiError> {
    state
        .app
        .set_private_in_figures(&ctx.user, req.private_in_figures)
        .await?;
    Ok(Json(req))
}
