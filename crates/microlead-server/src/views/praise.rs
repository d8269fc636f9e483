//! Praise pages: give praise (seeing how each teammate likes to be thanked), my praise, the
//! team's public praise, one chain with its pass-on form, and the preference.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::AppError;
use microlead_app::praise::{EDIT_WINDOW_SECS, MyPraise, PraiseInput, Recipient};
use microlead_core::Act;
use microlead_core::ids::*;
use microlead_core::records::{Praise, PraisePreference};

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Fields, Layout, Pages, filters, page, respond, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/praise", get(praise_page).post(give))
        .route("/praise/preference", post(set_preference))
        .route("/praise/{id}", get(thread_page))
        .route("/praise/{id}/pass-on", post(pass_on))
        .route("/praise/{id}/edit", post(edit))
        .route("/praise/{id}/delete", post(delete))
}

#[derive(Template)]
#[template(path = "praise.html")]
struct PraisePage {
    l: Layout,
    recipients: Vec<Recipient>,
    acts: Vec<Act>,
    mine: MyPraise,
    feed: Vec<Praise>,
    preference: &'static str,
    error: Option<String>,
    message: String,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "praise_thread.html")]
struct ThreadPage {
    l: Layout,
    thread: Vec<Praise>,
    /// The link the page was opened at.
    focus: PraiseId,
    /// Links the viewer received and may pass on.
    mine_to_pass: Vec<PraiseId>,
    /// Links the viewer gave and may still edit.
    editable: Vec<PraiseId>,
    given: Vec<PraiseId>,
    teammates: Vec<Recipient>,
    error: Option<String>,
}

fn pref_label(p: PraisePreference) -> &'static str {
    match p {
        PraisePreference::Any => "",
        PraisePreference::Public => "likes public thanks",
        PraisePreference::Private => "prefers private thanks",
    }
}

impl PraisePage {
    fn pref_of(&self, r: &Recipient) -> &'static str {
        pref_label(r.preference)
    }
}

impl ThreadPage {
    fn pref_of(&self, r: &Recipient) -> &'static str {
        pref_label(r.preference)
    }
}

async fn render_praise(
    state: &AppState,
    ctx: &PageCtx,
    error: Option<String>,
    message: String,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let app = &state.app;
    page(&PraisePage {
        l: Layout::new(ctx, "Praise", "praise"),
        recipients: app.praise_recipients(&ctx.user, ctx.team_id()).await?,
        acts: app.acts(&ctx.user, ctx.team_id()).await?,
        mine: app.my_praise(&ctx.user).await?,
        feed: app.praise_feed(&ctx.user, ctx.team_id()).await?,
        preference: app.praise_preference(&ctx.user).await?.as_str(),
        error,
        message,
        notice,
    })
}

async fn praise_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render_praise(&state, &ctx, None, String::new(), None).await
}

async fn give(
    State(state): State<AppState>,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let input = PraiseInput {
        to: f.ids("to"),
        message: f.text("message"),
        act: f.get("act").map(str::to_owned),
        public: f.checked("public"),
    };
    let message = input.message.clone();
    respond(
        state.app.give_praise(&ctx.user, ctx.team_id(), input).await,
        AppError::is_input,
        |p| see_other(&format!("/praise/{}", p.id)),
        async |error| render_praise(&state, &ctx, Some(error), message, None).await,
    )
    .await
}

async fn set_preference(
    State(state): State<AppState>,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    state
        .app
        .set_praise_preference(&ctx.user, &f.text("preference"))
        .await?;
    render_praise(
        &state,
        &ctx,
        None,
        String::new(),
        Some("Saved: givers now see how you like to be thanked.".into()),
    )
    .await
}

async fn render_thread(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    let thread = state.app.praise_thread(&ctx.user, PraiseId(id)).await?;
    let now = microlead_app::Clock::now(state.app.clock.as_ref());
    let me = ctx.user.id;
    let mine_to_pass = thread
        .iter()
        .filter(|p| p.is_recipient(me))
        .map(|p| p.id)
        .collect::<Vec<_>>();
    let teammates = if mine_to_pass.is_empty() {
        Vec::new()
    } else {
        state
            .app
            .praise_recipients(&ctx.user, thread[0].team_id)
            .await?
    };
    page(&ThreadPage {
        l: Layout::new(ctx, "Praise", "praise"),
        focus: PraiseId(id),
        editable: thread
            .iter()
            .filter(|p| p.giver.id == me && now - p.created_at <= EDIT_WINDOW_SECS)
            .map(|p| p.id)
            .collect(),
        given: thread
            .iter()
            .filter(|p| p.giver.id == me)
            .map(|p| p.id)
            .collect(),
        mine_to_pass,
        teammates,
        thread,
        error,
    })
}

async fn thread_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    render_thread(&state, &ctx, id, None).await
}

async fn pass_on(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let public = f.get("public").map(|_| f.checked("public"));
    let passed = state
        .app
        .pass_on_praise(
            &ctx.user,
            PraiseId(id),
            &f.ids("to"),
            &f.text("note"),
            public,
        )
        .await;
    respond(
        passed,
        AppError::is_input,
        |p| see_other(&format!("/praise/{}", p.id)),
        async |error| render_thread(&state, &ctx, id, Some(error)).await,
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    respond(
        state
            .app
            .edit_praise(&ctx.user, PraiseId(id), &f.text("message"))
            .await,
        AppError::is_input,
        |_| see_other(&format!("/praise/{id}")),
        async |error| render_thread(&state, &ctx, id, Some(error)).await,
    )
    .await
}

async fn delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.app.delete_praise(&ctx.user, PraiseId(id)).await?;
    Ok(see_other("/praise"))
}
