//! Who is asking: the signed-in person behind a session cookie (pages) or a bearer token (API),
//! and the team they are acting in.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use microlead_core::TeamId;
use microlead_core::records::{MyTeam, Role, User};

use crate::AppState;
use crate::cookies::{self, Lasts};
use crate::csrf::CsrfToken;
use crate::error::{ApiError, PageError};

pub const SESSION_COOKIE: &str = "ml_session";

/// The cookie that starts a session.
pub fn session_cookie(secret: &str, secure: bool, max_age_secs: i64) -> Cookie<'static> {
    let lasts = Lasts::Secs(max_age_secs);
    cookies::ours(SESSION_COOKIE, secret.to_owned(), "/", lasts, secure)
}

/// The cookie that ends it.
pub fn clear_session_cookie(secure: bool) -> Cookie<'static> {
    cookies::ours(SESSION_COOKIE, String::new(), "/", Lasts::Secs(0), secure)
}

/// A signed-in person on a page, with the team they are looking at.
pub struct PageCtx {
    pub user: User,
    pub team: MyTeam,
    pub teams: Vec<MyTeam>,
    pub csrf: String,
    pub session: String,
    /// Unread inbox items, for the menu.
    pub unread: i64,
}

impl PageCtx {
    pub fn team_id(&self) -> TeamId {
        self.team.team.id
    }
    pub fn is_team_admin(&self) -> bool {
        self.team.role == Role::Admin
    }
}

/// Where to send someone who is not signed in.
async fn to_sign_in(state: &AppState) -> Response {
    match state.app.is_set_up().await {
        Ok(false) => Redirect::to("/setup").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

pub fn csrf_of(parts: &Parts) -> String {
    parts
        .extensions
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(to_sign_in(state).await);
        };
        let found = state
            .app
            .session_user(&secret)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        let Some((user, session)) = found else {
            return Err(to_sign_in(state).await);
        };
        let teams = state
            .app
            .my_teams(&user)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        let team = session
            .team_id
            .and_then(|id| teams.iter().find(|t| t.team.id == id))
            .or_else(|| teams.first())
            .cloned();
        let Some(team) = team else {
            return Err(PageError::Status(
                StatusCode::FORBIDDEN,
                "You are not a member of any team yet. Ask a team admin for an invite link.".into(),
            )
            .into_response());
        };
        let unread = state
            .app
            .unread_counts(&user)
            .await
            .map_err(|e| PageError::from(e).into_response())?
            .total;
        Ok(PageCtx {
            user,
            team,
            teams,
            csrf: csrf_of(parts),
            session: secret,
            unread,
        })
    }
}

/// The signed-in person, if any (sign-in and invite pages).
pub struct MaybeUser(pub Option<(User, String)>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Ok(MaybeUser(None));
        };
        let found = state
            .app
            .session_user(&secret)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        Ok(MaybeUser(found.map(|(u, _)| (u, secret))))
    }
}

/// A caller of the JSON API, by bearer token, with the team named by `?team=` (or their first).
pub struct ApiCtx {
    pub user: User,
    wanted_team: Option<TeamId>,
}

impl ApiCtx {
    /// The team this call acts in; 404 when the caller is not a member.
    pub async fn team(&self, state: &AppState) -> Result<MyTeam, ApiError> {
        Ok(state.app.resolve_team(&self.user, self.wanted_team).await?)
    }
}

fn team_param(parts: &Parts) -> Result<Option<TeamId>, ApiError> {
    let Some(q) = parts.uri.query() else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q).unwrap_or_default();
    match pairs.iter().find(|(k, _)| k == "team") {
        None => Ok(None),
        Some((_, v)) => v.parse::<i64>().map(|id| Some(TeamId(id))).map_err(|_| {
            ApiError::http(
                StatusCode::BAD_REQUEST,
                "bad_query",
                "team must be a team id (a number)",
            )
        }),
    }
}

impl FromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |m: &str| ApiError::http(StatusCode::UNAUTHORIZED, "unauthorized", m);
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| unauthorized("Send an API token as `Authorization: Bearer <token>`; create one on the Settings page."))?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .ok_or_else(|| unauthorized("The Authorization header must be `Bearer <token>`."))?;
        let user = state
            .app
            .token_user(token)
            .await?
            .ok_or_else(|| unauthorized("This API token is unknown or revoked."))?;
        Ok(ApiCtx {
            user,
            wanted_team: team_param(parts)?,
        })
    }
}

impl OptionalFromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.get(header::AUTHORIZATION).is_none() {
            return Ok(None);
        }
        <ApiCtx as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}
