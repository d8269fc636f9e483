//! Set-up, sign-in, sign-out and invites.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use microlead_app::AppError;
use microlead_app::accounts::{SetupInput, SignupInput};
use microlead_core::records::User;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{MaybeUser, clear_session_cookie, csrf_of, session_cookie};
use crate::error::PageError;
use crate::views::{Pages, any_error, page, refuse, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/setup", get(setup_page).post(setup))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/invite/{token}", get(invite_page).post(accept_invite))
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    csrf: String,
    error: Option<String>,
    name: String,
    email: String,
    team_name: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    error: Option<String>,
    email: String,
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    csrf: String,
    error: Option<String>,
    team_name: String,
    token: String,
    signed_in_as: Option<String>,
    name: String,
    email: String,
}

pub(crate) struct Csrf(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Csrf {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Csrf(csrf_of(parts)))
    }
}

async fn signed_in(state: &AppState, user: &User) -> Result<Response, PageError> {
    let secret = state.app.start_session(user).await?;
    let cookie = session_cookie(
        &secret,
        state.web.secure_cookies,
        state.app.settings.session_absolute_secs,
    );
    Ok((CookieJar::new().add(cookie), see_other("/")).into_response())
}

async fn setup_page(
    State(state): State<AppState>,
    Csrf(csrf): Csrf,
) -> Result<Response, PageError> {
    if state.app.is_set_up().await? {
        return Ok(see_other("/login"));
    }
    page(&SetupPage {
        csrf,
        error: None,
        name: String::new(),
        email: String::new(),
        team_name: String::new(),
    })
}

#[derive(Deserialize)]
struct SetupForm {
    name: String,
    email: String,
    password: String,
    team_name: String,
}

async fn setup(
    State(state): State<AppState>,
    Csrf(csrf): Csrf,
    form: Result<Form<SetupForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let input = SetupInput {
        name: f.name.clone(),
        email: f.email.clone(),
        password: f.password,
        team_name: f.team_name.clone(),
    };
    match state.app.set_up(input).await {
        Ok((user, _team)) => signed_in(&state, &user).await,
        Err(AppError::Conflict(_)) => Ok(see_other("/login")),
        Err(e) => {
            refuse(e, any_error, async |error| {
                page(&SetupPage {
                    csrf,
                    error: Some(error),
                    name: f.name,
                    email: f.email,
                    team_name: f.team_name,
                })
            })
            .await
        }
    }
}

async fn login_page(
    State(state): State<AppState>,
    Csrf(csrf): Csrf,
    MaybeUser(user): MaybeUser,
) -> Result<Response, PageError> {
    if !state.app.is_set_up().await? {
        return Ok(see_other("/setup"));
    }
    if user.is_some() {
        return Ok(see_other("/"));
    }
    page(&LoginPage {
        csrf,
        error: None,
        email: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Csrf(csrf): Csrf,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    match state.app.sign_in(&f.email, &f.password, addr.ip()).await {
        Ok(user) => signed_in(&state, &user).await,
        Err(e) => {
            refuse(e, any_error, async |error| {
                page(&LoginPage {
                    csrf,
                    error: Some(error),
                    email: f.email,
                })
            })
            .await
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, PageError> {
    if let Some((_, secret)) = user {
        state.app.end_session(&secret).await?;
    }
    let cookie = clear_session_cookie(state.web.secure_cookies);
    Ok((CookieJar::new().add(cookie), see_other("/login")).into_response())
}

async fn invite_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Csrf(csrf): Csrf,
    MaybeUser(user): MaybeUser,
) -> Result<Response, PageError> {
    let (invite, team) = state.app.open_invite(&token).await?;
    page(&InvitePage {
        csrf,
        error: None,
        team_name: team.name,
        token,
        signed_in_as: user.map(|(u, _)| u.name),
        name: String::new(),
        email: invite.email.unwrap_or_default(),
    })
}

#[derive(Deserialize)]
struct InviteForm {
    name: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

async fn accept_invite(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Csrf(csrf): Csrf,
    MaybeUser(user): MaybeUser,
    form: Result<Form<InviteForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    if let Some((user, _)) = user {
        state.app.accept_invite_existing(&token, &user).await?;
        return Ok(see_other("/team"));
    }
    let input = SignupInput {
        name: f.name.clone().unwrap_or_default(),
        email: f.email.clone().unwrap_or_default(),
        password: f.password.unwrap_or_default(),
    };
    match state.app.accept_invite_new(&token, input).await {
        Ok(user) => signed_in(&state, &user).await,
        Err(e) => {
            let correctable =
                |e: &AppError| !matches!(e, AppError::NotFound(_) | AppError::Gone(_));
            refuse(e, correctable, async |error| {
                let (_, team) = state.app.open_invite(&token).await?;
                page(&InvitePage {
                    csrf,
                    error: Some(error),
                    team_name: team.name,
                    token,
                    signed_in_as: None,
                    name: f.name.unwrap_or_default(),
                    email: f.email.unwrap_or_default(),
                })
            })
            .await
        }
    }
}
