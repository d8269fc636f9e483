//! Today: the day's suggestion with its "why this", done or skip in one click.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::today::TodayView;
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Layout, Pages, is_htmx, page, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/", get(today_page))
        .route("/today/done", post(done))
        .route("/today/skip", post(skip))
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    l: Layout,
    t: TodayView,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/today_card.html")]
struct TodayCard {
    l: Layout,
    t: TodayView,
    notice: Option<String>,
}

async fn today_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    let t = state.app.today(&ctx.user, ctx.team_id()).await?;
    page(&TodayPage {
        l: Layout::new(&ctx, "Today", "today"),
        t,
        notice: None,
    })
}

fn answer(
    headers: &HeaderMap,
    ctx: &PageCtx,
    t: TodayView,
    notice: String,
) -> Result<Response, PageError> {
    if is_htmx(headers) {
        page(&TodayCard {
            l: Layout::new(ctx, "Today", "today"),
            t,
            notice: Some(notice),
        })
    } else {
        Ok(see_other("/"))
    }
}

#[derive(Deserialize)]
struct DoneForm {
    what: Option<String>,
    reflection: Option<String>,
}

async fn done(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    form: Result<Form<DoneForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let (t, _entry) = state
        .app
        .today_done(&ctx.user, ctx.team_id(), f.what, f.reflection)
        .await?;
    answer(
        &headers,
        &ctx,
        t,
        "Logged in your journal. Nicely done.".into(),
    )
}

#[derive(Deserialize)]
struct SkipForm {
    reason: Option<String>,
}

async fn skip(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    form: Result<Form<SkipForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let t = state
        .app
        .today_skip(&ctx.user, ctx.team_id(), f.reason)
        .await?;
    answer(
        &headers,
        &ctx,
        t,
        "Skipped. That is fine: tomorrow brings a new one.".into(),
    )
}
