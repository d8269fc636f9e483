//! Settings: API tokens for the CLI and scripts (shown once, stored hashed, revocable), and
//! whether your private entries may count in your teams' group figures.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use microlead_core::ids::*;
use microlead_core::records::ApiToken;
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Layout, Pages, page, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/settings", get(settings_page))
        .route("/settings/tokens", post(create_token))
        .route("/settings/tokens/{id}/revoke", post(revoke_token))
        .route("/settings/figures", post(set_figures))
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    l: Layout,
    email: String,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    /// The person lets their private entries count in their teams' group figures.
    private_in_figures: bool,
}

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    new_token: Option<String>,
) -> Result<Response, PageError> {
    page(&SettingsPage {
        l: Layout::new(ctx, "Settings", "settings"),
        email: ctx.user.email.clone(),
        tokens: state.app.api_tokens(&ctx.user).await?,
        new_token,
        private_in_figures: state.app.private_in_figures(&ctx.user).await?,
    })
}

async fn settings_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render(&state, &ctx, None).await
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let (secret, _) = state.app.create_api_token(&ctx.user, &f.name).await?;
    render(&state, &ctx, Some(secret)).await
}

async fn revoke_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.app.revoke_api_token(&ctx.user, TokenId(id)).await?;
    Ok(see_other("/settings"))
}

#[derive(Deserialize)]
struct FiguresForm {
    /// Present ("on") when the box is ticked.
    allowed: Option<String>,
}

async fn set_figures(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<FiguresForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    state
        .app
        .set_private_in_figures(&ctx.user, f.allowed.is_some())
        .await?;
    Ok(see_other("/settings"))
}
