//! The journal: log, list, edit, share and delete your own entries.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::AppError;
use microlead_app::journal::EntryInput;
use microlead_core::ids::*;
use microlead_core::records::{Entry, Member};
use microlead_core::{Act, EntryId};
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Layout, Pages, checked, page, respond, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/journal", get(journal_page).post(create))
        .route("/journal/{id}/edit", get(edit_page))
        .route("/journal/{id}", post(update))
        .route("/journal/{id}/share", post(share))
        .route("/journal/{id}/delete", post(delete))
}

/// The form's values, kept when we show it again with an error.
#[derive(Deserialize, Default, Clone)]
pub struct EntryForm {
    pub act: String,
    #[serde(default)]
    pub what: String,
    pub for_user: Option<String>,
    pub reflection: Option<String>,
    pub date: Option<String>,
    pub shared: Option<String>,
}

impl EntryForm {
    fn input(&self) -> Result<EntryInput, AppError> {
        let for_user = match self
            .for_user
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(s.parse::<UserId>().map_err(|_| {
                AppError::Input(microlead_core::validate::InputError::Invalid {
                    field: "for",
                    message: "choose a teammate from the list".into(),
                })
            })?),
        };
        Ok(EntryInput {
            act: self.act.clone(),
            what: self.what.clone(),
            for_user,
            for_name: None,
            reflection: self.reflection.clone(),
            date: self.date.clone(),
        })
    }
}

/// An entry with the names a page needs.
pub struct EntryView {
    pub e: Entry,
    pub act_name: String,
    pub for_name: Option<String>,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    l: Layout,
    entries: Vec<EntryView>,
    acts: Vec<Act>,
    members: Vec<Member>,
    form: EntryForm,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "entry_edit.html")]
struct EditPage {
    l: Layout,
    id: i64,
    acts: Vec<Act>,
    members: Vec<Member>,
    form: EntryForm,
    error: Option<String>,
}

fn views(entries: Vec<Entry>, acts: &[Act], members: &[Member]) -> Vec<EntryView> {
    entries
        .into_iter()
        .map(|e| EntryView {
            act_name: acts
                .iter()
                .find(|a| a.slug == e.act_slug)
                .map_or_else(|| e.act_slug.clone(), |a| a.name.clone()),
            for_name: e
                .for_user_id
                .and_then(|u| {
                    members
                        .iter()
                        .find(|m| m.user_id == u)
                        .map(|m| m.name.clone())
                })
                .or_else(|| e.for_name.clone()),
            e,
        })
        .collect()
}

#[derive(Deserialize)]
struct JournalQuery {
    act: Option<String>,
    logged: Option<i64>,
}

async fn render_journal(
    state: &AppState,
    ctx: &PageCtx,
    form: EntryForm,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let acts = state.app.acts(&ctx.user, ctx.team_id()).await?;
    let members = state.app.members(&ctx.user, ctx.team_id()).await?;
    let entries = state.app.journal(&ctx.user, 200).await?;
    page(&JournalPage {
        l: Layout::new(ctx, "Journal", "journal"),
        entries: views(entries, &acts, &members),
        members: members
            .into_iter()
            .filter(|m| m.user_id != ctx.user.id)
            .collect(),
        acts,
        form: EntryForm {
            date: form
                .date
                .clone()
                .or_else(|| Some(state.app.clock.today().to_string())),
            ..form
        },
        error,
        notice,
    })
}

async fn journal_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<JournalQuery>,
) -> Result<Response, PageError> {
    let form = EntryForm {
        act: q.act.unwrap_or_default(),
        ..EntryForm::default()
    };
    let notice = q
        .logged
        .map(|_| "Logged. It is private to you unless you share it.".to_owned());
    render_journal(&state, &ctx, form, None, notice).await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<EntryForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let result = match f.input() {
        Ok(input) => {
            state
                .app
                .log_act(&ctx.user, ctx.team_id(), input, checked(&f.shared))
                .await
        }
        Err(e) => Err(e),
    };
    respond(
        result,
        |e| matches!(e, AppError::Input(_) | AppError::NotFound("team")),
        |entry| see_other(&format!("/journal?logged={}", entry.id)),
        async |message| render_journal(&state, &ctx, f, Some(message), None).await,
    )
    .await
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let e = state.app.entry(&ctx.user, EntryId(id)).await?;
    let form = EntryForm {
        act: e.act_slug,
        what: e.what,
        for_user: e.for_user_id.map(|u| u.0.to_string()),
        reflection: e.reflection,
        date: Some(e.happened_on.to_string()),
        shared: e.shared.then(|| "on".into()),
    };
    render_edit(&state, &ctx, id, e.team_id, form, None).await
}

/// The edit form of entry `id` (in `team`), with the teammates it may be for.
async fn render_edit(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    team: TeamId,
    form: EntryForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let acts = state.app.acts(&ctx.user, team).await?;
    let members = state.app.members(&ctx.user, team).await?;
    page(&EditPage {
        l: Layout::new(ctx, "Edit entry", "journal"),
        id,
        acts,
        members: members
            .into_iter()
            .filter(|m| m.user_id != ctx.user.id)
            .collect(),
        form,
        error,
    })
}

async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    form: Result<Form<EntryForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let result = match f.input() {
        Ok(input) => state.app.edit_entry(&ctx.user, EntryId(id), input).await,
        Err(e) => Err(e),
    };
    respond(
        result,
        |e| matches!(e, AppError::Input(_)),
        |_| see_other("/journal"),
        async |message| {
            let existing = state.app.entry(&ctx.user, EntryId(id)).await?;
            render_edit(&state, &ctx, id, existing.team_id, f, Some(message)).await
        },
    )
    .await
}

#[derive(Deserialize)]
struct ShareForm {
    shared: Option<String>,
}

async fn share(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    form: Result<Form<ShareForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    state
        .app
        .share_entry(&ctx.user, EntryId(id), checked(&f.shared))
        .await?;
    Ok(see_other("/journal"))
}

async fn delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state.app.delete_entry(&ctx.user, EntryId(id)).await?;
    Ok(see_other("/journal"))
}
